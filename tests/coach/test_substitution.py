"""Bad-weather substitution: a rainy day's track session run at the same effort elsewhere."""

from __future__ import annotations

import pytest

from server.coach.effort import Intensity, intensity_of, session_load
from server.coach.substitution import RoadStyle, substitute
from server.engine.settings import Venue
from server.workouts import (
    LIBRARY,
    AthleteProfile,
    DistanceDuration,
    ExpandedStep,
    LapButtonDuration,
    ResolvedPace,
    StepKind,
    TimeDuration,
    get_template,
    parse_workout,
    resolve,
)

RUNNER = AthleteProfile.from_race("5k", "20:00", max_hr=190, resting_hr=50)
SIX_BY_400 = get_template("6x400").workout


def main_reps(text: str) -> list[ExpandedStep]:
    resolved = resolve(parse_workout(text), RUNNER)
    return [s for s in resolved.steps if s.kind is StepKind.WORK and s.block == "Main set"]


def test_a_rainy_day_s_six_by_400_becomes_reps_by_time_at_the_same_pace() -> None:
    road = substitute(SIX_BY_400, Venue.ROAD, RUNNER)

    reps = main_reps(road.workout_text)
    assert len(reps) == 6
    track = [s for s in resolve(SIX_BY_400, RUNNER).steps if s.block == "Main set"][0]
    assert isinstance(track.target, ResolvedPace)
    for rep in reps:
        assert isinstance(rep.duration, TimeDuration)
        # 400 m at the same pace, to the nearest 5 s: 96 s on the track is 1m35s on the road.
        on_track = 400 * track.target.middle_s_per_km / 1000
        assert rep.duration.seconds == pytest.approx(on_track, abs=2.5)
        assert rep.target == track.target  # the pace stays, as an effort target
    assert "I Pace 95-98% HR RPE 8" in road.workout_text  # the heart-rate guard and the feel
    assert "splits" not in road.workout_text.split("Main set")[1]
    assert road.venue is Venue.ROAD and road.style is RoadStyle.BY_TIME
    assert "GPS" in road.rationale


def test_on_a_measured_stretch_the_reps_end_with_a_lap_press_at_the_mark() -> None:
    road = substitute(SIX_BY_400, Venue.ROAD, RUNNER, style=RoadStyle.MEASURED_STRETCH)

    reps = main_reps(road.workout_text)
    assert all(isinstance(rep.duration, LapButtonDuration) for rep in reps)
    assert all(rep.planned_metres == 400 for rep in reps)
    assert "- Press lap 400mtr I Pace" in road.workout_text
    assert "- Jog Press lap 400mtr E Pace" in road.workout_text


def test_the_tempo_version_carries_about_the_track_session_s_load() -> None:
    road = substitute(SIX_BY_400, Venue.ROAD, RUNNER, style=RoadStyle.TEMPO)

    assert "Tempo (skip last recovery) 3x" in road.workout_text
    assert "T Pace 88-92% HR RPE 6-7" in road.workout_text
    comparison = road.load_comparison
    assert comparison is not None
    assert comparison.ratio == pytest.approx(1.0, abs=0.1)
    assert comparison.substitute_hard_minutes > comparison.original_hard_minutes
    assert "about the same load" in comparison.text
    assert comparison.text in road.rationale
    warmup = SIX_BY_400_TEXT_BEFORE_MAIN[SIX_BY_400_TEXT_BEFORE_MAIN.index("Warmup") :]
    assert warmup.strip() in road.workout_text  # the drilled warm-up stays as it was


SIX_BY_400_TEXT_BEFORE_MAIN = get_template("6x400").text.split("Main set")[0]


def test_a_longer_track_set_gives_a_longer_tempo() -> None:
    short = substitute(SIX_BY_400, Venue.ROAD, RUNNER, style=RoadStyle.TEMPO)
    long = substitute(get_template("5x1k").workout, Venue.ROAD, RUNNER, style=RoadStyle.TEMPO)

    def tempo_minutes(text: str) -> float:
        steps = resolve(parse_workout(text), RUNNER).steps
        return sum(s.planned_seconds or 0 for s in steps if s.cue == "Tempo") / 60

    assert tempo_minutes(long.workout_text) > tempo_minutes(short.workout_text)


def test_the_treadmill_version_turns_paces_into_belt_speeds_at_1_percent() -> None:
    belt = substitute(SIX_BY_400, Venue.TREADMILL, RUNNER)

    assert "1 % incline" in belt.workout_text.splitlines()[1]
    assert "Pace" not in belt.workout_text
    reps = main_reps(belt.workout_text)
    track = [s for s in resolve(SIX_BY_400, RUNNER).steps if s.block == "Main set"][0]
    assert isinstance(track.target, ResolvedPace)
    for rep in reps:
        assert isinstance(rep.duration, DistanceDuration)  # the belt measures the distance
        assert rep.target.middle_s_per_km == pytest.approx(track.target.middle_s_per_km, abs=1.5)
    assert "incline" in belt.rationale and "cannot" not in belt.rationale
    assert "no incline target" in belt.rationale


def test_a_flat_belt_runs_faster_for_the_same_effort() -> None:
    flat = substitute(SIX_BY_400, Venue.TREADMILL, RUNNER, incline=False)
    tilted = substitute(SIX_BY_400, Venue.TREADMILL, RUNNER)
    fast_flat = main_reps(flat.workout_text)[0].target.middle_s_per_km
    fast_tilted = main_reps(tilted.workout_text)[0].target.middle_s_per_km
    assert fast_tilted / fast_flat == pytest.approx(1.045, abs=0.005)


def test_without_heart_rates_in_the_profile_the_road_version_says_so() -> None:
    no_hr = AthleteProfile.from_race("5k", "20:00")
    road = substitute(SIX_BY_400, Venue.ROAD, no_hr)
    assert "HR" not in road.workout_text.split("Main set")[1]
    assert "No heart-rate guard" in road.rationale


def test_a_resolved_session_can_be_substituted_too() -> None:
    resolved = resolve(SIX_BY_400, RUNNER)
    assert substitute(resolved, Venue.ROAD, RUNNER) == substitute(SIX_BY_400, Venue.ROAD, RUNNER)


def test_the_track_is_not_a_substitute_venue() -> None:
    with pytest.raises(ValueError, match="already on the track"):
        substitute(SIX_BY_400, Venue.TRACK, RUNNER)


def test_an_easy_run_has_no_set_to_turn_into_a_tempo() -> None:
    with pytest.raises(ValueError, match="no main set"):
        substitute(get_template("easy").workout, Venue.ROAD, RUNNER, style=RoadStyle.TEMPO)


CASES = [
    (entry.key, venue, style)
    for entry in LIBRARY
    for venue, style in (
        (Venue.ROAD, RoadStyle.BY_TIME),
        (Venue.ROAD, RoadStyle.MEASURED_STRETCH),
        (Venue.ROAD, RoadStyle.TEMPO),
        (Venue.TREADMILL, RoadStyle.BY_TIME),
    )
    if not (style is RoadStyle.TEMPO and entry.key in {"easy", "strides"})
]


@pytest.mark.parametrize(("key", "venue", "style"), CASES, ids=str)
def test_every_substitute_of_every_built_in_parses_and_resolves(
    key: str, venue: Venue, style: RoadStyle
) -> None:
    result = substitute(get_template(key).workout, venue, RUNNER, style=style)
    resolved = resolve(parse_workout(result.workout_text), RUNNER)
    assert resolved.steps
    assert result.load_comparison is not None
    assert 0.6 <= result.load_comparison.ratio <= 1.4


def test_intensities_follow_daniels_paces() -> None:
    paces = RUNNER.paces()
    assert paces is not None
    assert intensity_of(paces.interval, paces) is Intensity.INTERVAL
    assert intensity_of(paces.threshold + 3, paces) is Intensity.THRESHOLD
    assert intensity_of(paces.easy[0], paces) is Intensity.EASY
    assert intensity_of(paces.repetition, paces) is Intensity.REPETITION


def test_an_hour_at_threshold_is_100_points() -> None:
    hour = parse_workout("- 60m T Pace")
    load = session_load(resolve(hour, RUNNER), RUNNER)
    assert load is not None and load.points == pytest.approx(100, abs=0.1)
    assert load.hard_minutes == 60


def test_a_road_version_substituted_again_keeps_one_venue_in_its_name() -> None:
    once = parse_workout(substitute(SIX_BY_400, Venue.ROAD, RUNNER).workout_text)
    twice = parse_workout(substitute(once, Venue.ROAD, RUNNER).workout_text)
    assert twice.name == "6 x 400 m at I pace (road)"
    assert twice.notes == once.notes
    long_name = SIX_BY_400.model_copy(update={"name": "x" * 200})
    belt = parse_workout(substitute(long_name, Venue.TREADMILL, RUNNER).workout_text)
    assert belt.name is not None and belt.name.endswith("(treadmill)") and len(belt.name) <= 200
