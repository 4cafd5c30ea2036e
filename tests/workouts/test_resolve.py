"""Resolving a workout for an athlete: the snapshot a session keeps."""

from __future__ import annotations

import pytest

from server.workouts import (
    AthleteProfile,
    ResolutionError,
    ResolvedHeartRate,
    ResolvedPace,
    StepKind,
    get_template,
    parse_workout,
    resolve,
)
from server.workouts.units import PaceUnit

ATHLETE = AthleteProfile.from_race("5k", "19:57", max_hr=190, resting_hr=50)


def test_the_6x400_session_gives_every_rep_the_same_lap_time_at_i_pace() -> None:
    resolved = resolve(get_template("6x400").workout, ATHLETE)
    reps = [step for step in resolved.steps if step.block == "Main set" and step.rep]
    assert [(step.rep, step.reps) for step in reps] == [(n, 6) for n in range(1, 7)]
    paces = ATHLETE.paces()
    assert paces is not None
    for step in reps:
        assert isinstance(step.target, ResolvedPace)
        assert step.target.middle_s_per_km == pytest.approx(paces.interval, abs=0.01)
        assert step.lap_seconds == pytest.approx(PaceUnit.LAP.from_per_km(paces.interval))
        assert [split.track_metres for split in step.splits] == [200, 400]


def test_named_pace_offsets_shift_the_whole_range() -> None:
    workout = parse_workout("- 400mtr 5k-2s/400m Pace\n- 400mtr 5k Pace\n")
    faster, plain = resolve(workout, ATHLETE).steps
    assert isinstance(faster.target, ResolvedPace) and isinstance(plain.target, ResolvedPace)
    assert plain.target.fast_s_per_km - faster.target.fast_s_per_km == pytest.approx(5.0)
    assert plain.target.slow_s_per_km - faster.target.slow_s_per_km == pytest.approx(5.0)
    # 5 km pace from a 19:57 5 km is 3:59.4 per km.
    assert plain.target.middle_s_per_km == pytest.approx(239.4, abs=0.2)


def test_pace_zones_and_threshold_percent_resolve_against_threshold_pace() -> None:
    athlete = AthleteProfile(threshold_pace_s_per_km=250)
    zone, percent = resolve(parse_workout("- 10m Z4 Pace\n- 10m 90-100% Pace\n"), athlete).steps
    assert zone.target == ResolvedPace(fast_s_per_km=250, slow_s_per_km=250 * 100 / 94.3)
    assert percent.target == ResolvedPace(fast_s_per_km=250, slow_s_per_km=250 / 0.9)


def test_heart_rate_targets_resolve_from_max_hr_and_karvonen_zones() -> None:
    percent, zone = resolve(parse_workout("- 10m 70-80% HR\n- 10m Z2 HR\n"), ATHLETE).steps
    assert percent.target == ResolvedHeartRate(low_bpm=133, high_bpm=152)
    assert zone.target == ResolvedHeartRate(low_bpm=134, high_bpm=148)


def test_a_target_the_profile_cannot_resolve_names_its_step() -> None:
    with pytest.raises(ResolutionError) as caught:
        resolve(get_template("6x400").workout, AthleteProfile())
    assert caught.value.path == "warmup > step 1 > target"
    assert "race result" in caught.value.message
    with pytest.raises(ResolutionError, match="LTHR, or max and resting HR"):
        resolve(parse_workout("- 10m Z2 HR\n"), AthleteProfile())


def test_skip_last_recovery_drops_only_the_final_rest() -> None:
    resolved = resolve(get_template("3x1mile").workout, ATHLETE)
    kinds = [step.kind for step in resolved.steps if step.block == "Main set"]
    assert kinds == [StepKind.WORK, StepKind.REST] * 2 + [StepKind.WORK]


def test_totals_tell_planned_from_estimated() -> None:
    resolved = resolve(parse_workout("- 10m E Pace\n- 1km T Pace\n"), ATHLETE)
    totals = resolved.totals
    assert totals.planned_seconds == 600 and totals.planned_metres == 1000
    paces = ATHLETE.paces()
    assert paces is not None
    assert totals.duration_s == pytest.approx(600 + paces.threshold, abs=0.5)
    assert totals.distance_m > 1000 and totals.complete


def test_totals_say_when_a_step_cannot_be_estimated() -> None:
    resolved = resolve(parse_workout("- Press lap\n"), AthleteProfile())
    assert not resolved.totals.complete


def test_lane_two_laps_take_longer_at_the_same_pace() -> None:
    workout = parse_workout("- 400mtr 1:32/400m Pace\n")
    lane1 = resolve(workout, ATHLETE).steps[0].lap_seconds
    lane2 = resolve(workout, ATHLETE, lane=2).steps[0].lap_seconds
    assert lane1 == pytest.approx(92)
    assert lane2 == pytest.approx(92 * 407.04 / 400, abs=0.01)


def test_the_snapshot_survives_json_unchanged() -> None:
    resolved = resolve(get_template("5x1k").workout, ATHLETE)
    assert type(resolved).model_validate_json(resolved.model_dump_json()) == resolved


def test_an_outer_lane_makes_every_estimate_of_a_distance_rep_longer() -> None:
    workout = parse_workout("- 400mtr 1:32/400m Pace\n")
    (step,) = resolve(workout, ATHLETE, lane=8).steps
    assert step.lap_seconds == pytest.approx(92 * 453.04 / 400, abs=0.02)
    assert step.estimated_seconds == pytest.approx(step.lap_seconds)
    assert step.splits[-1].seconds == pytest.approx(step.lap_seconds)


def test_lthr_zones_stop_at_max_hr_and_an_empty_zone_is_refused() -> None:
    athlete = AthleteProfile(lthr=180, max_hr=185)
    zones = athlete.heart_rate_zones()
    assert zones is not None
    assert all(zone.low <= zone.high <= 185 for zone in zones)
    (z5,) = resolve(parse_workout("- 10m Z5 HR\n"), athlete).steps
    assert z5.target == ResolvedHeartRate(low_bpm=180, high_bpm=185)
    with pytest.raises(ResolutionError, match="zone 7 is empty"):
        resolve(parse_workout("- 10m Z7 HR\n"), athlete)


def test_an_offset_that_leaves_running_paces_is_refused() -> None:
    with pytest.raises(ResolutionError, match="outside 1:30-30:00/km"):
        resolve(parse_workout("- 1m R-120s/400m Pace\n"), AthleteProfile(vdot=60))
