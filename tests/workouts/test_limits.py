"""Every limit on a workout's work at its edge: exactly at the limit reads, one over is refused.

The refusal names the limit and where it was crossed: the line and column of the text, the path
of the step in the model, the step being resolved.
"""

from __future__ import annotations

from typing import Any

import pytest

from server.workouts import (
    AthleteProfile,
    ResolutionError,
    WorkoutParseError,
    WorkoutValidationError,
    parse_workout,
    resolve,
    workout_from_data,
)
from server.workouts.limits import (
    MAX_EXPANDED_STEPS,
    MAX_LINE_CHARS,
    MAX_NOTES_CHARS,
    MAX_REPEAT_DEPTH,
    MAX_SPLIT_CALLS,
    MAX_SPLIT_CALLS_PER_STEP,
    MAX_TEXT_CHARS,
    MAX_TEXT_LINES,
)
from server.workouts.model import Repeat, Step, StepKind, TimeDuration, Workout

ATHLETE = AthleteProfile.from_race("5k", "19:57", max_hr=190, resting_hr=50)


def refused(text: str) -> WorkoutParseError:
    with pytest.raises(WorkoutParseError) as caught:
        parse_workout(text)
    return caught.value


def rep(metres: int, every: int | None = None) -> dict[str, Any]:
    step: dict[str, Any] = {
        "type": "step",
        "kind": "work",
        "duration": {"type": "distance", "value": metres},
        "targets": [{"type": "named_pace", "pace": "T"}],
    }
    if every is not None:
        step["splits"] = {"type": "distance", "value": every}
    return step


# --- split calls in one step -------------------------------------------------------------------


def test_a_step_may_call_a_split_every_metre_up_to_the_limit() -> None:
    workout = parse_workout(f"- {MAX_SPLIT_CALLS_PER_STEP}mtr T Pace splits 1mtr\n")
    resolved = resolve(workout, ATHLETE)
    assert len(resolved.steps[0].splits) == MAX_SPLIT_CALLS_PER_STEP


def test_one_split_call_over_the_step_limit_is_refused_at_the_splits() -> None:
    error = refused(f"- {MAX_SPLIT_CALLS_PER_STEP + 1}mtr T Pace splits 1mtr\n")
    assert (error.line, error.column) == (1, 17)
    assert f"limit of {MAX_SPLIT_CALLS_PER_STEP} split calls in a step" in error.message


def test_the_35_byte_attack_is_refused_on_its_first_line() -> None:
    error = refused("- 100km splits 1mtr\n" * 10)
    assert (error.line, error.column) == (1, 9)
    assert "100000 calls" in error.message


def test_the_model_names_the_step_with_too_many_split_calls() -> None:
    data = {"items": [rep(400), rep(MAX_SPLIT_CALLS_PER_STEP + 1, 1)]}
    with pytest.raises(WorkoutValidationError) as caught:
        workout_from_data(data)
    assert str(caught.value).startswith("step 2 > splits: ")
    assert f"limit of {MAX_SPLIT_CALLS_PER_STEP} split calls in a step" in str(caught.value)


# --- split calls over the workout --------------------------------------------------------------


def calls_workout(repeats: int) -> str:
    """`repeats` reps of 500 calls each, written as one repeat."""
    return f"Main set {repeats}x\n- {MAX_SPLIT_CALLS_PER_STEP}mtr T Pace splits 1mtr\n"


def test_a_workout_may_make_exactly_the_split_calls_allowed() -> None:
    repeats = MAX_SPLIT_CALLS // MAX_SPLIT_CALLS_PER_STEP
    resolved = resolve(parse_workout(calls_workout(repeats)), ATHLETE)
    assert sum(len(step.splits) for step in resolved.steps) == MAX_SPLIT_CALLS


def test_one_split_call_over_the_workout_limit_is_refused_at_the_repeat() -> None:
    text = calls_workout(MAX_SPLIT_CALLS // MAX_SPLIT_CALLS_PER_STEP) + "\n- 2mtr splits 1mtr\n"
    error = refused(text)
    assert (error.line, error.column) == (4, 1)
    assert f"limit of {MAX_SPLIT_CALLS} split calls in a workout" in error.message


def test_the_model_names_the_item_where_the_workout_crossed_the_split_call_limit() -> None:
    every_step = [rep(MAX_SPLIT_CALLS_PER_STEP, 1)] * (MAX_SPLIT_CALLS // MAX_SPLIT_CALLS_PER_STEP)
    with pytest.raises(WorkoutValidationError) as caught:
        workout_from_data({"items": [*every_step, rep(2, 1)]})
    message = str(caught.value)
    assert f"the workout up to step {len(every_step) + 1} makes {MAX_SPLIT_CALLS + 2}" in message


def test_resolution_refuses_split_calls_of_a_workout_built_without_validation() -> None:
    step = Step.model_validate(rep(MAX_SPLIT_CALLS_PER_STEP, 1))
    repeat = Repeat.model_construct(name="Reps", count=20, steps=(step,), skip_last_recovery=False)
    with pytest.raises(ResolutionError) as caught:
        resolve(Workout.model_construct(items=(repeat,)), ATHLETE)
    assert caught.value.path == "reps 5/20 > step 1"
    assert f"limit of {MAX_SPLIT_CALLS} split calls in a workout" in caught.value.message


# --- expanded steps ----------------------------------------------------------------------------


def test_a_workout_may_expand_to_exactly_the_steps_allowed() -> None:
    text = f"Main set {MAX_EXPANDED_STEPS // 100}x\n  Reps 50x\n  - 100mtr I Pace\n  - Jog 30s\n"
    assert len(resolve(parse_workout(text), ATHLETE).steps) == MAX_EXPANDED_STEPS


def test_one_expanded_step_over_the_limit_is_refused_at_the_block_that_crossed_it() -> None:
    text = f"- 10m\n\nMain set {MAX_EXPANDED_STEPS // 100}x\n  Reps 50x\n  - 100mtr\n  - 30s\n"
    error = refused(text)
    assert (error.line, error.column) == (3, 1)
    assert f"{MAX_EXPANDED_STEPS + 1} steps" in error.message
    assert f"limit of {MAX_EXPANDED_STEPS} expanded steps in a workout" in error.message


def test_the_model_names_the_repeat_that_expands_past_the_limit() -> None:
    inner = {"type": "repeat", "name": "Reps", "count": 51, "steps": [rep(100)] * 10}
    with pytest.raises(WorkoutValidationError) as caught:
        workout_from_data({"items": [inner]})
    assert str(caught.value).startswith("reps 51x: this repeat expands to 510 steps")


def test_resolution_refuses_a_workout_too_long_built_without_validation() -> None:
    step = Step(kind=StepKind.WORK, duration=TimeDuration(seconds=60))
    unchecked = Workout.model_construct(items=(step,) * (MAX_EXPANDED_STEPS + 1))
    with pytest.raises(ResolutionError, match=f"limit of {MAX_EXPANDED_STEPS} expanded steps"):
        resolve(unchecked, ATHLETE)


# --- nesting -----------------------------------------------------------------------------------


def nested(depth: int) -> str:
    headers = [f"{'  ' * level}Level {level + 1} 2x" for level in range(depth)]
    return "\n".join([*headers, f"{'  ' * (depth - 1)}- 400mtr"]) + "\n"


def test_repeats_may_nest_as_deep_as_the_limit() -> None:
    workout = parse_workout(nested(MAX_REPEAT_DEPTH))
    assert workout.items[0].repeat_depth() == MAX_REPEAT_DEPTH


def test_one_level_deeper_is_refused_at_its_header() -> None:
    error = refused(nested(MAX_REPEAT_DEPTH + 1))
    assert (error.line, error.column) == (MAX_REPEAT_DEPTH + 1, 2 * MAX_REPEAT_DEPTH + 1)
    assert f"limit of {MAX_REPEAT_DEPTH} repeats inside each other" in error.message


def test_the_model_names_the_repeat_nested_too_deep() -> None:
    block: dict[str, Any] = rep(400)
    for level in range(MAX_REPEAT_DEPTH + 1):
        block = {"type": "repeat", "name": f"Level {level}", "count": 1, "steps": [block]}
    with pytest.raises(WorkoutValidationError) as caught:
        workout_from_data({"items": [block]})
    assert str(caught.value).startswith(f"level {MAX_REPEAT_DEPTH} 1x: repeats nest 5 deep here")


# --- the text ----------------------------------------------------------------------------------


def test_a_text_of_exactly_the_lines_allowed_reads() -> None:
    text = "- 1m\n" * (MAX_TEXT_LINES - 1)  # the last line break opens one more, empty line
    assert len(parse_workout(text).items) == MAX_TEXT_LINES - 1


def test_one_line_over_the_limit_is_refused_before_any_line_is_read() -> None:
    error = refused("- 1m\n" * MAX_TEXT_LINES)
    assert error.line == MAX_TEXT_LINES + 1
    assert f"limit of {MAX_TEXT_LINES} lines in a workout" in error.message


def test_a_line_of_exactly_the_characters_allowed_reads() -> None:
    line = "- 10m".ljust(MAX_LINE_CHARS)
    assert len(line) == MAX_LINE_CHARS
    assert len(parse_workout(line).items) == 1


def test_one_character_over_the_line_limit_is_refused_at_that_column() -> None:
    error = refused("- 10m\n- 10m " + "b" * (MAX_LINE_CHARS - 5) + "\n")
    assert (error.line, error.column) == (2, MAX_LINE_CHARS + 1)
    assert f"limit of {MAX_LINE_CHARS} characters in a line" in error.message


def test_the_longest_step_line_the_format_writes_reads_back() -> None:
    words = "w" * 199
    text = (
        f'Main set 2x\n  Reps 2x\n    Set 2x\n      Inner 2x\n      - [recovery] "{words}"'
        f" 249.999km ramp 4:00-4:10/km Pace 150-160bpm 170-180spm RPE 6-7 250-260W"
        f' splits 249.998km "{words}"\n'
    )
    assert max(len(line) for line in text.splitlines()) < MAX_LINE_CHARS
    assert parse_workout(text).items


def test_a_text_of_exactly_the_characters_allowed_reads() -> None:
    line = "- 1m".ljust(MAX_LINE_CHARS - 1) + "\n"
    text = line * (MAX_TEXT_CHARS // MAX_LINE_CHARS)
    assert len(text) == MAX_TEXT_CHARS
    assert len(parse_workout(text).items) == MAX_TEXT_CHARS // MAX_LINE_CHARS


def test_one_character_over_the_text_limit_is_refused_before_it_is_split() -> None:
    error = refused("x" * (MAX_TEXT_CHARS + 1))
    assert (error.line, error.column) == (1, 1)
    assert f"limit of {MAX_TEXT_CHARS} characters in a workout" in error.message


def test_notes_may_be_as_long_as_the_limit_and_not_longer() -> None:
    note = "Relax your shoulders. " * (MAX_NOTES_CHARS // 22)
    notes = note + "x" * (MAX_NOTES_CHARS - len(note))
    step = rep(400)
    assert workout_from_data({"notes": notes, "items": [step]}).notes == notes.strip()
    with pytest.raises(WorkoutValidationError, match=f"at most {MAX_NOTES_CHARS} characters"):
        workout_from_data({"notes": notes + "x", "items": [step]})
