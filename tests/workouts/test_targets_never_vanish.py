"""Targets never vanish: every form reads as a target, or fails with a suggestion, never a note."""

from __future__ import annotations

import pytest

from server.workouts import (
    CadenceTarget,
    HeartRateReference,
    HeartRateTarget,
    HeartRateZoneTarget,
    NamedPace,
    NamedPaceTarget,
    PaceTarget,
    PaceZoneTarget,
    PowerReference,
    PowerTarget,
    PowerZoneTarget,
    Step,
    StepKind,
    TimeDuration,
    Workout,
    WorkoutParseError,
    format_workout,
    parse,
    parse_workout,
    workout_from_data,
)
from server.workouts.units import PaceUnit


def only_step(text: str) -> Step:
    (item,) = parse_workout(text).items
    assert isinstance(item, Step)
    return item


def parse_error(text: str) -> WorkoutParseError:
    with pytest.raises(WorkoutParseError) as caught:
        parse_workout(text)
    return caught.value


def round_trips(text: str) -> None:
    workout = parse_workout(text)
    assert parse_workout(format_workout(workout)) == workout


NAMED_FORMS = [
    ("1500 Pace", NamedPace.R1500),
    ("mile Pace", NamedPace.MILE),
    ("Mile Pace", NamedPace.MILE),
    ("3k Pace", NamedPace.THREE_K),
    ("2mile Pace", NamedPace.TWO_MILE),
    ("2 mile Pace", NamedPace.TWO_MILE),
    ("5k Pace", NamedPace.FIVE_K),
    ("8k Pace", NamedPace.EIGHT_K),
    ("10k Pace", NamedPace.TEN_K),
    ("15k Pace", NamedPace.FIFTEEN_K),
    ("half Pace", NamedPace.HALF_MARATHON),
    ("HM Pace", NamedPace.HALF_MARATHON),
    ("marathon Pace", NamedPace.MARATHON),
    ("M Pace", NamedPace.MARATHON),
    ("E Pace", NamedPace.EASY),
    ("T Pace", NamedPace.THRESHOLD),
    ("I Pace", NamedPace.INTERVAL),
    ("R Pace", NamedPace.REPETITION),
    ("i pace", NamedPace.INTERVAL),
]


@pytest.mark.parametrize(("text", "pace"), NAMED_FORMS, ids=[text for text, _ in NAMED_FORMS])
def test_every_race_and_intensity_is_a_named_pace(text: str, pace: NamedPace) -> None:
    step = only_step(f"- 400mtr {text}")
    assert step.targets == (NamedPaceTarget(pace=pace),)
    assert step.note is None
    round_trips(f"- 400mtr {text}")


def test_mile_pace_is_a_named_pace() -> None:
    assert only_step("- 1mi mile Pace").target == NamedPaceTarget(pace=NamedPace.MILE)


def test_a_3k_pace_rep_on_the_track_keeps_its_target() -> None:
    step = only_step("- 400mtr 3k Pace")
    assert step.target == NamedPaceTarget(pace=NamedPace.THREE_K)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "mile-2s/400m Pace",
            NamedPaceTarget(pace=NamedPace.MILE, offset=-2, offset_unit=PaceUnit.LAP),
        ),
        (
            "1500+1s/100m Pace",
            NamedPaceTarget(pace=NamedPace.R1500, offset=1, offset_unit=PaceUnit.M100),
        ),
        ("marathon+10s/km Pace", NamedPaceTarget(pace=NamedPace.MARATHON, offset=10)),
        ("8k-3s Pace", NamedPaceTarget(pace=NamedPace.EIGHT_K, offset=-3)),
    ],
)
def test_race_paces_take_offsets_like_5k_pace(text: str, target: NamedPaceTarget) -> None:
    assert only_step(f"- 1km {text}").target == target
    round_trips(f"- 1km {text}")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("- 10m I Pase", "did you mean `I Pace`?"),
        ("- 10m Z2 Pase", "did you mean `Z2 Pace`?"),
        ("- 10m easy pace", "did you mean `E Pace`?"),
        ("- 10m threshold Pace", "did you mean `T Pace`?"),
        ("- 10m 5km Pace", "did you mean `5k Pace`?"),
        ("- 10m 1500m Pace", "did you mean `1500 Pace`?"),
        ("- 10m 21.1k Pace", "did you mean `HM Pace`?"),
        ("- 10m 5km-2s/400m Pace", "did you mean `5k-2s/400m Pace`?"),
        ("- 10m Z2 LTHR", "did you mean `Z2 HR`?"),
        ("- 10m 170rpm 5km Pace", "did you mean `5k Pace`?"),
    ],
)
def test_a_typo_in_a_target_is_an_error_with_a_suggestion(text: str, says: str) -> None:
    error = parse_error(text)
    assert says in error.message
    assert error.line == 1 and error.column >= 7


def test_an_unknown_word_before_pace_lists_the_named_paces() -> None:
    error = parse_error("Main set 6x\n- 400mtr xyz Pace\n- 90s\n")
    assert (error.line, error.column) == (2, 10)
    assert "'xyz Pace' is not a target" in error.message
    assert "mile" in error.message and "marathon" in error.message


@pytest.mark.parametrize("text", ["- 400mtr @ 5k", "- 400mtr @5k", "- 400mtr @ 5k Pace"])
def test_an_at_sign_target_is_an_error_suggesting_the_syntax(text: str) -> None:
    error = parse_error(text)
    assert "'@' is not part of the workout text" in error.message
    assert "did you mean `5k Pace`?" in error.message
    assert error.column == 10


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("- 15m Z2 HR easy pace", "easy pace"),
        ("- 10m Z2 Pace relax the shoulders", "relax the shoulders"),
        ("- 20m T Pace at race pace", "at race pace"),
        ("- 10m easy jog", "easy jog"),
        ("- 1km I Pace then pick up the pace", "then pick up the pace"),
    ],
)
def test_free_text_after_a_target_stays_a_note(text: str, note: str) -> None:
    assert only_step(text).note == note


def test_a_cue_before_the_duration_is_never_read_as_a_target() -> None:
    step = only_step("- I Pase 10m")
    assert step.cue == "I Pase" and step.targets == ()


def test_a_cadence_after_a_pace_is_a_second_target_not_a_note() -> None:
    step = only_step("- 1km I Pace 180rpm")
    assert step.targets == (
        NamedPaceTarget(pace=NamedPace.INTERVAL),
        CadenceTarget(low=180, high=180),
    )
    assert step.target == NamedPaceTarget(pace=NamedPace.INTERVAL)
    assert step.note is None


def test_a_pace_with_a_heart_rate_ceiling_keeps_both_and_the_pace_is_primary() -> None:
    step = only_step("- 20m 150-160bpm HR T Pace steady")
    assert step.targets == (
        HeartRateTarget(low=150, high=160),
        NamedPaceTarget(pace=NamedPace.THRESHOLD),
    )
    assert step.target == NamedPaceTarget(pace=NamedPace.THRESHOLD)
    assert step.note == "steady"
    round_trips("- 20m 150-160bpm HR T Pace steady")


def test_the_primary_target_is_the_first_when_none_is_a_pace() -> None:
    step = only_step("- 10m Z2 HR 170rpm")
    assert step.target == HeartRateZoneTarget(low=2, high=2)
    assert only_step("- 10m").target is None


def test_split_calls_may_stand_among_the_targets() -> None:
    step = only_step("- 1mi splits 400mtr T Pace 180rpm")
    assert step.targets == (
        NamedPaceTarget(pace=NamedPace.THRESHOLD),
        CadenceTarget(low=180, high=180),
    )
    assert format_workout(parse_workout("- 1mi splits 400mtr T Pace 180rpm")) == (
        "- 1mi T Pace 180rpm splits 400mtr\n"
    )


def test_two_targets_of_one_family_are_refused_at_the_second() -> None:
    error = parse_error("- 10m Z2 Pace 5:00/km Pace")
    assert error.column == 15 and "one pace target" in error.message
    with pytest.raises(ValueError, match="one heart rate target"):
        Step(
            kind=StepKind.OTHER,
            duration=TimeDuration(seconds=60),
            targets=(HeartRateZoneTarget(low=2, high=2), HeartRateTarget(low=140, high=150)),
        )


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("315w - 330w", PowerTarget(low=315, high=330)),
        ("315-330w", PowerTarget(low=315, high=330)),
        ("315w-330w", PowerTarget(low=315, high=330)),
        ("250w", PowerTarget(low=250, high=250)),
        ("80%", PowerTarget(low=80, high=80, reference=PowerReference.FTP)),
        ("75-85%", PowerTarget(low=75, high=85, reference=PowerReference.FTP)),
        ("Z2", PowerZoneTarget(low=2, high=2)),
        ("Z2-Z3", PowerZoneTarget(low=2, high=3)),
    ],
)
def test_run_power_targets_are_read_and_kept(text: str, target: object) -> None:
    step = only_step(f"- 10m {text}")
    assert step.targets == (target,)
    round_trips(f"- 10m {text}")


def test_a_power_target_beside_a_pace_is_kept_as_a_second_target() -> None:
    step = only_step("- 5m 315-330w 4:00/km Pace")
    assert step.targets == (PowerTarget(low=315, high=330), PaceTarget(fast=240, slow=240))
    assert format_workout(parse_workout("- 5m 315w - 330w 4:00/km Pace")) == (
        "- 5m 315-330w 4:00/km Pace\n"
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("- 10m Z2 Power", "did you mean `Z2`?"),
        ("- 10m 80% FTP", "did you mean `80%`?"),
        ("- 10m 10w", "between 20 w and 2500 w"),
        ("- 10m 330-315w", "power range is inverted"),
    ],
)
def test_power_written_another_way_is_an_error_that_says_how(text: str, says: str) -> None:
    assert says in parse_error(text).message


def test_intervals_steps_without_a_space_after_the_dash_parse() -> None:
    workout = parse_workout("Warmup\n-2' Z2 pace\n-10m Z2 HR\n\n-5 degrees and windy\n")
    (warmup,) = workout.items
    assert [step.duration for step in warmup.steps] == [
        TimeDuration(seconds=120),
        TimeDuration(seconds=600),
    ]
    assert warmup.steps[0].target == PaceZoneTarget(low=2, high=2)
    assert workout.notes == "-5 degrees and windy"
    round_trips("Warmup\n-2' Z2 pace\n-10m Z2 HR\n\n-5 degrees and windy\n")


def test_a_note_line_that_would_read_as_a_glued_step_is_refused_in_the_model() -> None:
    with pytest.raises(ValueError, match="would read as a step"):
        Workout(
            notes="-2' easy", items=(Step(kind=StepKind.OTHER, duration=TimeDuration(seconds=60)),)
        )


# --- the minutes hint --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("- 400m splits 200mtr", "split calls need a step measured by distance"),
        ("- 1500m", "less than or equal to 86400"),
        ("- 90m splits 200mtr", "split calls need a step measured by distance"),
        ("- 400mtr splits 200m", "expected a split distance"),
    ],
)
def test_every_error_a_minutes_reading_causes_carries_the_hint(text: str, says: str) -> None:
    message = parse_error(text).message
    assert says in message
    assert "minutes, as in intervals.icu" in message and "mtr'" in message


def test_the_400m_warning_and_the_splits_error_say_the_same_hint() -> None:
    warning = parse("- 400m\n").warnings[0]
    error = parse_error("- 400m splits 200mtr")
    assert warning.message in error.message


def test_an_error_not_caused_by_minutes_has_no_hint() -> None:
    assert "minutes" not in parse_error("- 400mtr 1:35-1:32/400m Pace").message


# --- JSON: old and new -------------------------------------------------------------------------


def test_a_stored_workout_with_one_target_key_still_loads() -> None:
    data = {
        "items": [
            {
                "type": "step",
                "kind": "work",
                "duration": {"type": "time", "seconds": 60},
                "target": {"type": "named_pace", "pace": "I"},
            },
            {
                "type": "step",
                "kind": "rest",
                "duration": {"type": "time", "seconds": 60},
                "target": None,
            },
        ]
    }
    work, rest = workout_from_data(data).items
    assert isinstance(work, Step) and isinstance(rest, Step)
    assert work.targets == (NamedPaceTarget(pace=NamedPace.INTERVAL),)
    assert rest.targets == ()
    assert "target" not in work.model_dump() and "targets" in work.model_dump()


def test_a_step_with_both_the_old_and_the_new_key_is_refused() -> None:
    with pytest.raises(ValueError, match="'targets' only"):
        Step.model_validate(
            {
                "kind": "work",
                "duration": {"type": "time", "seconds": 60},
                "target": None,
                "targets": [],
            }
        )


def test_errors_in_json_name_the_target_by_its_place() -> None:
    bad = {"type": "pace", "fast": 95, "slow": 92, "unit": "/400m"}
    step = {"type": "step", "kind": "work", "duration": {"type": "time", "seconds": 60}}
    with pytest.raises(ValueError) as single:
        workout_from_data({"items": [{**step, "target": bad}]})
    assert "step 1 > target: pace range is inverted" in str(single.value)
    with pytest.raises(ValueError) as several:
        workout_from_data(
            {"items": [{**step, "targets": [{"type": "cadence", "low": 170, "high": 180}, bad]}]}
        )
    assert "step 1 > target 2: pace range is inverted" in str(several.value)


def test_heart_rate_with_max_hr_percent_keeps_its_reference() -> None:
    step = only_step("- 10m 4:00/km Pace 70-80% HR")
    assert step.targets[1] == HeartRateTarget(low=70, high=80, reference=HeartRateReference.MAX)
