"""Resolving every target kind: race paces, several targets per step, power, old snapshots."""

from __future__ import annotations

import pytest

from server.workouts import (
    AthleteProfile,
    ExpandedStep,
    ResolutionError,
    ResolvedCadence,
    ResolvedHeartRate,
    ResolvedPace,
    ResolvedPower,
    ResolvedWorkout,
    parse_workout,
    resolve,
)
from server.workouts.races import parse_race
from server.workouts.vdot import race_time_for_vdot

ATHLETE = AthleteProfile.from_race("5k", "19:57", max_hr=190, resting_hr=50)


@pytest.mark.parametrize(
    ("name", "race"),
    [
        ("1500", "1500m"),
        ("mile", "mile"),
        ("3k", "3000m"),
        ("2mile", "2mile"),
        ("5k", "5k"),
        ("8k", "8k"),
        ("10k", "10k"),
        ("15k", "15k"),
        ("half", "half"),
        ("HM", "half"),
        ("marathon", "marathon"),
        ("M", "marathon"),
    ],
)
def test_a_race_pace_is_the_vdot_equivalent_race_time_per_km(name: str, race: str) -> None:
    (step,) = resolve(parse_workout(f"- 1km {name} Pace\n"), ATHLETE).steps
    assert ATHLETE.vdot is not None
    metres = parse_race(race).metres
    expected = race_time_for_vdot(ATHLETE.vdot, metres) / metres * 1000
    assert isinstance(step.target, ResolvedPace)
    assert step.target.middle_s_per_km == pytest.approx(expected, abs=0.01)


def test_race_paces_get_faster_as_the_race_gets_shorter() -> None:
    names = ["marathon", "half", "15k", "10k", "8k", "5k", "2mile", "3k", "mile", "1500"]
    text = "".join(f"- 1km {name} Pace\n" for name in names)
    paces = [step.target.middle_s_per_km for step in resolve(parse_workout(text), ATHLETE).steps]
    assert paces == sorted(paces, reverse=True)


def test_every_target_of_a_step_is_resolved_and_the_pace_is_primary() -> None:
    (step,) = resolve(parse_workout("- 1km 170-180rpm I Pace 70-80% HR\n"), ATHLETE).steps
    cadence, pace, heart = step.targets
    assert cadence == ResolvedCadence(low_spm=170, high_spm=180)
    assert isinstance(pace, ResolvedPace) and step.target == pace
    assert heart == ResolvedHeartRate(low_bpm=133, high_bpm=152)
    assert step.target_text == "170-180rpm I Pace 70-80% HR"
    assert step.lap_seconds is not None  # lap times come from the pace, wherever it stands


def test_a_single_target_step_resolves_exactly_as_before() -> None:
    (step,) = resolve(parse_workout("- 400mtr 1:32/400m Pace\n"), ATHLETE).steps
    assert step.target == ResolvedPace(fast_s_per_km=230, slow_s_per_km=230)
    assert step.targets == (step.target,)
    assert step.target_text == "1:32/400m Pace"


def test_a_heart_rate_zone_without_heart_rate_data_is_refused_naming_the_step() -> None:
    workout = parse_workout("Main set 3x\n- 1km I Pace Z4 HR\n- 2m\n")
    with pytest.raises(ResolutionError) as caught:
        resolve(workout, AthleteProfile(vdot=50))
    assert caught.value.path == "main set 1/3 > step 1 > target 2"
    assert "Z4 HR needs the athlete's heart-rate zones" in caught.value.message
    assert "LTHR, or max and resting HR" in caught.value.message


def test_power_resolves_to_watts_or_keeps_what_was_written() -> None:
    text = "- 5m 315-330w\n- 5m 80-85%\n- 5m Z2\n"
    watts, percent, zone = resolve(parse_workout(text), ATHLETE).steps
    assert watts.target == ResolvedPower(low_watts=315, high_watts=330)
    assert percent.target == ResolvedPower(low_percent_ftp=80, high_percent_ftp=85)
    assert zone.target == ResolvedPower(low_zone=2, high_zone=2)
    with_ftp = AthleteProfile(vdot=50, ftp_watts=300)
    (step,) = resolve(parse_workout("- 5m 80-85%\n"), with_ftp).steps
    assert step.target == ResolvedPower(low_watts=240, high_watts=255)


def test_a_resolved_power_needs_something_known() -> None:
    with pytest.raises(ValueError, match="watts, zones or percent"):
        ResolvedPower()
    with pytest.raises(ValueError, match="both ends"):
        ResolvedPower(low_watts=200)


def test_the_snapshot_json_has_every_target_and_the_primary_and_reads_back() -> None:
    resolved = resolve(parse_workout("- 1km 180rpm I Pace\n"), ATHLETE)
    data = resolved.model_dump(mode="json")
    step = data["steps"][0]
    assert [target["type"] for target in step["targets"]] == ["cadence", "pace"]
    assert step["target"]["type"] == "pace"
    assert ResolvedWorkout.model_validate(data) == resolved
    assert ResolvedWorkout.model_validate_json(resolved.model_dump_json()) == resolved


def test_a_session_snapshot_stored_with_one_target_key_still_loads() -> None:
    resolved = resolve(parse_workout("- 1km I Pace\n- 2m\n"), ATHLETE)
    old = resolved.model_dump(mode="json")
    for step in old["steps"]:
        del step["targets"]
    old["steps"][1]["target"] = None
    for item in old["workout"]["items"]:
        targets = item.pop("targets")
        item["target"] = targets[0] if targets else None
    loaded = ResolvedWorkout.model_validate(old)
    assert loaded == resolved
    first: ExpandedStep = loaded.steps[0]
    assert isinstance(first.target, ResolvedPace)
    assert loaded.steps[1].targets == ()


def test_named_paces_resolve_for_a_slow_runner_below_the_tables() -> None:
    athlete = AthleteProfile.from_race("5k", "45:00")
    assert athlete.vdot is not None and athlete.vdot < 20
    steps = resolve(parse_workout("- 10m E Pace\n- 1km T Pace\n- 400mtr 5k Pace\n"), athlete).steps
    easy, threshold, five_k = (step.target for step in steps)
    assert isinstance(easy, ResolvedPace) and isinstance(threshold, ResolvedPace)
    assert isinstance(five_k, ResolvedPace)
    assert easy.fast_s_per_km > threshold.middle_s_per_km > five_k.middle_s_per_km
    assert five_k.middle_s_per_km == pytest.approx(45 * 60 / 5, abs=0.5)
