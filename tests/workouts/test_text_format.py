"""Reading workout text as intervals.icu writes it, our extensions, and precise errors."""

from __future__ import annotations

import pytest

from server.workouts import (
    DistanceDuration,
    HeartRateDuration,
    HeartRateReference,
    HeartRateTarget,
    HeartRateZoneTarget,
    LapButtonDuration,
    NamedPace,
    NamedPaceTarget,
    PaceTarget,
    PaceZoneTarget,
    Repeat,
    Section,
    Step,
    StepKind,
    ThresholdPaceTarget,
    TimeDuration,
    WorkoutParseError,
    format_workout,
    parse,
    parse_workout,
)
from server.workouts.units import DistanceUnit, PaceUnit

INTERVALS_SESSION = """\
Warmup
- 15m Z2 Pace
- 5m Z2 Pace strides at the end

Main set 6x
- 400mtr 1:32/400m Pace
- Recovery 90s Z1 Pace

Cooldown
- 10m 70-75% HR
"""


def only_step(text: str) -> Step:
    (item,) = parse_workout(text).items
    assert isinstance(item, Step)
    return item


def test_an_intervals_session_reads_as_sections_and_a_repeat() -> None:
    workout = parse_workout(INTERVALS_SESSION)
    warmup, main, cooldown = workout.items
    assert isinstance(warmup, Section) and warmup.name == "Warmup"
    assert isinstance(main, Repeat) and (main.name, main.count) == ("Main set", 6)
    assert isinstance(cooldown, Section)
    rep, recovery = main.steps
    assert isinstance(rep, Step) and isinstance(recovery, Step)
    assert rep.kind is StepKind.WORK
    assert rep.duration == DistanceDuration(value=400, unit=DistanceUnit.METRE)
    assert rep.target == PaceTarget(fast=92, slow=92, unit=PaceUnit.LAP)
    assert recovery.kind is StepKind.RECOVERY and recovery.cue == "Recovery"
    assert recovery.duration == TimeDuration(seconds=90)
    assert [step.kind for step in warmup.steps if isinstance(step, Step)] == [StepKind.WARMUP] * 2
    cool = cooldown.steps[0]
    assert isinstance(cool, Step) and cool.kind is StepKind.COOLDOWN
    assert cool.target == HeartRateTarget(low=70, high=75, reference=HeartRateReference.MAX)


def test_text_before_the_duration_is_the_cue_and_text_after_the_target_is_a_note() -> None:
    step = only_step("- Easy does it 10m Z2 Pace relax the shoulders")
    assert step.cue == "Easy does it"
    assert step.target == PaceZoneTarget(low=2, high=2)
    assert step.note == "relax the shoulders"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30),
        ("10m", 600),
        ("1h", 3600),
        ("1m30", 90),
        ("1h2m30s", 3750),
        ("5'", 300),
        ("1'30\"", 90),
        ('30"', 30),
        ("2.5m", 150),
    ],
)
def test_every_intervals_time_form_reads_as_seconds(text: str, seconds: float) -> None:
    assert only_step(f"- {text}").duration == TimeDuration(seconds=seconds)


@pytest.mark.parametrize(
    ("text", "metres"), [("400mtr", 400), ("2km", 2000), ("1mi", 1609.344), ("0.8km", 800)]
)
def test_distances_keep_their_unit_and_know_their_metres(text: str, metres: float) -> None:
    duration = only_step(f"- {text}").duration
    assert isinstance(duration, DistanceDuration)
    assert duration.metres == pytest.approx(metres)


def test_400m_is_400_minutes_as_in_intervals_with_a_hint_to_write_mtr() -> None:
    result = parse("Main set 6x\n- 400m 1:32/400m Pace\n- 90s\n")
    rep = result.workout.items[0].steps[0]
    assert rep.duration == TimeDuration(seconds=400 * 60)
    (warning,) = result.warnings
    assert (warning.line, warning.column) == (2, 3)
    assert "400 minutes" in warning.message and "400mtr" in warning.message


def test_a_short_m_step_gets_no_hint() -> None:
    assert parse("- 10m Z2 Pace\n").warnings == ()


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("78-82% Pace", ThresholdPaceTarget(low=78, high=82)),
        ("Z2-Z3 Pace", PaceZoneTarget(low=2, high=3)),
        ("4:00-4:10/km Pace", PaceTarget(fast=240, slow=250)),
        ("5:00 Pace", PaceTarget(fast=300, slow=300)),
        ("95% LTHR", HeartRateTarget(low=95, high=95, reference=HeartRateReference.LTHR)),
        ("Z2 HR", HeartRateZoneTarget(low=2, high=2)),
        ("140-150bpm", HeartRateTarget(low=140, high=150)),
        ("5k Pace", NamedPaceTarget(pace=NamedPace.FIVE_K)),
        (
            "5k-2s/400m Pace",
            NamedPaceTarget(pace=NamedPace.FIVE_K, offset=-2, offset_unit=PaceUnit.LAP),
        ),
        ("T+5s/km Pace", NamedPaceTarget(pace=NamedPace.THRESHOLD, offset=5)),
    ],
)
def test_targets_read_in_every_supported_form(text: str, target: object) -> None:
    assert only_step(f"- 10m {text}").target == target


def test_ramp_reads_before_the_target() -> None:
    step = only_step("- 10m ramp 60-80% Pace")
    assert step.ramp and step.target == ThresholdPaceTarget(low=60, high=80)


def test_press_lap_makes_a_lap_button_step_that_still_counts_its_distance() -> None:
    assert only_step("- Press lap 2km").duration == LapButtonDuration(
        estimate=DistanceDuration(value=2, unit=DistanceUnit.KILOMETRE)
    )
    open_step = only_step("- Walk back Press lap")
    assert open_step.duration == LapButtonDuration()
    assert open_step.cue == "Walk back"


def test_heart_rate_recovery_ends_below_a_threshold_with_a_cap() -> None:
    text = "Main set 5x\n- 1km I Pace\n- Jog until HR below 120bpm max 3m\n"
    recovery = parse_workout(text).items[0].steps[1]
    assert recovery.duration == HeartRateDuration(bpm=120, cap_seconds=180)
    assert recovery.kind is StepKind.RECOVERY


def test_split_calls_and_skip_last_recovery_read_as_written() -> None:
    repeat = parse_workout(
        "Main set (skip last recovery) 3x\n- 1mi T Pace splits 400mtr\n- Rest 1m\n"
    ).items[0]
    assert isinstance(repeat, Repeat) and repeat.skip_last_recovery
    assert repeat.steps[0].splits == DistanceDuration(value=400)
    assert repeat.expanded_count() == 5


def test_nested_repeats_are_written_by_indentation() -> None:
    text = "Main set 2x\n  3x\n  - 400mtr I Pace\n  - 200mtr Z1 Pace\n- 3m Z1 Pace\n"
    (outer,) = parse_workout(text).items
    assert isinstance(outer, Repeat) and outer.count == 2
    inner, rest = outer.steps
    assert isinstance(inner, Repeat) and inner.count == 3
    assert isinstance(rest, Step) and rest.kind is StepKind.RECOVERY
    assert outer.expanded_count() == 14
    assert format_workout(parse_workout(text)) == text


def test_a_kind_tag_overrides_what_the_words_suggest() -> None:
    assert only_step("- [rest] 2m").kind is StepKind.REST
    assert only_step("- 2m").kind is StepKind.OTHER


def test_free_text_lines_become_notes_and_the_hash_line_the_title() -> None:
    workout = parse_workout("# Tuesday track\nKeep it controlled.\n\n- 10m Z2 Pace\n")
    assert workout.name == "Tuesday track"
    assert workout.notes == "Keep it controlled."


@pytest.mark.parametrize(
    ("text", "line", "column", "says"),
    [
        ("- Z2 Pace", 1, 10, "expected a duration"),
        (
            "Warmup\n- 10m Z2 Pace\n\nMain set 6x\n- 400mtr 1:35-1:32/400m Pace\n",
            5,
            10,
            "pace range is inverted",
        ),
        ("- 10m Z2 Power", 1, 7, "did you mean `Z2`?"),
        ("- 10m 80% FTP", 1, 7, "did you mean `80%`?"),
        ("- 10m 250 Power", 1, 7, "writes power alone"),
        ("- [sprint] 10m", 1, 3, "unknown step kind"),
        ("- Jog until HR 120bpm max 3m", 1, 16, "'below' or 'above'"),
        ("- Jog until HR below 120bpm", 1, 28, "time cap"),
        ("- 400mtr I Pace splits", 1, 23, "split distance"),
        ("- 200mtr I Pace splits 400mtr", 1, 17, "longer than that"),
        ("Main set 6x\n\n- 400mtr", 1, 1, "has no steps"),
        ('- "unterminated 10m', 1, 3, "never closed"),
        ("Main set 2x\n  Inner\n  - 10m", 2, 8, "repeat count"),
        ("Just words\n", 1, 1, "at least one step"),
        ("- 10m Z9 Pace", 1, 7, "less than or equal to 7"),
    ],
)
def test_parse_errors_give_line_column_and_what_was_expected(
    text: str, line: int, column: int, says: str
) -> None:
    with pytest.raises(WorkoutParseError) as caught:
        parse_workout(text)
    error = caught.value
    assert says in error.message
    assert (error.line, error.column) == (line, column)
    source = text.split("\n")[line - 1]
    assert error.pointer() == source + "\n" + " " * (column - 1) + "^"


def test_the_formatter_always_writes_metres_as_mtr_and_repeats_with_blank_lines() -> None:
    text = format_workout(parse_workout(INTERVALS_SESSION))
    assert "- 400mtr 1:32/400m Pace" in text
    assert "\n\nMain set 6x\n" in text and "\n\nCooldown\n" in text


def test_cues_that_look_like_syntax_are_quoted_when_written() -> None:
    step = Step(kind=StepKind.WORK, duration=TimeDuration(seconds=60), cue="Run 2km easy")
    text = format_workout(parse_workout(f'- [work] "{step.cue}" 1m\n'))
    assert '"Run 2km easy" 1m' in text


@pytest.mark.parametrize(
    ("text", "line", "column", "says"),
    [
        ("- 400mtr 1:75/400m Pace", 1, 10, "seconds below 60"),
        ("- 1m75", 1, 3, "below 60"),
        ("- 10m\n\n#tag\n", 3, 1, "first line"),
        ("- 10m\x0c\n- 10m 80% FTP", 2, 7, "did you mean `80%`?"),
        ("Main set 2x\n  3x\n  - 400mtr I Pace\n - 200mtr Z1 Pace", 4, 2, "indentation"),
        ("Main set " + "1" * 5000 + "x\n- 10m", 1, 1001, "limit of 1000 characters"),
        ("Main set 1000x\n- 10m\n", 1, 1, "less than or equal to 100"),
        ("- 10m RPE " + "1" * 400, 1, 7, "at most 200 characters"),
    ],
)
def test_hostile_text_fails_with_a_typed_error_at_the_right_place(
    text: str, line: int, column: int, says: str
) -> None:
    with pytest.raises(WorkoutParseError) as caught:
        parse_workout(text)
    assert says in caught.value.message
    assert (caught.value.line, caught.value.column) == (line, column)


def test_a_byte_order_mark_and_windows_line_ends_are_harmless() -> None:
    workout = parse_workout("\ufeff# Tuesday\r\n- 10m Z2 Pace\r\n-\t5m\r\n")
    assert workout.name == "Tuesday"
    assert len(workout.items) == 2


def test_only_ascii_digits_count_as_numbers() -> None:
    with pytest.raises(WorkoutParseError, match="expected a duration"):
        parse_workout("- \u0663\u0660s")
