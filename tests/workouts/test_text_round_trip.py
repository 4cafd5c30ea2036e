"""Text and model are mirrors: whatever the model can hold, the text writes and reads back."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from server.workouts import (
    LIBRARY,
    Step,
    Workout,
    WorkoutParseError,
    format_workout,
    parse,
    parse_workout,
)
from server.workouts.limits import MAX_SPLIT_CALLS
from tests.workouts.strategies import steps, words, workouts

_SLOW_OK = settings(max_examples=max(300, settings().max_examples))


@_SLOW_OK
@given(workouts)
def test_any_workout_reads_back_identical_from_its_text(workout: Workout) -> None:
    assert parse_workout(format_workout(workout)) == workout


@_SLOW_OK
@given(workouts)
def test_formatting_parsed_text_is_stable(workout: Workout) -> None:
    text = format_workout(workout)
    assert format_workout(parse_workout(text)) == text


@_SLOW_OK
@given(st.lists(steps(), min_size=1, max_size=6))
def test_loose_steps_round_trip_with_their_cues_and_notes(items: list[Step]) -> None:
    assume(sum(step.split_calls() for step in items) <= MAX_SPLIT_CALLS)
    workout = Workout(items=tuple(items))
    assert parse_workout(format_workout(workout)) == workout


def test_every_built_in_workout_round_trips_through_text() -> None:
    for entry in LIBRARY:
        text = format_workout(entry.workout)
        assert parse_workout(text) == entry.workout, entry.key
        assert format_workout(parse_workout(entry.text)) == text


_odd = st.one_of(
    words,
    st.text(min_size=1, max_size=6),
    st.sampled_from(["\t", "\r", "\ufeff", "\x0c", "\u2028", "\u0663", "\u00a0", '"']),
    st.integers(0, 10**400).map(str),
    st.integers(0, 10**40).map(lambda n: f"{n}:99/400m"),
)
_line = st.one_of(
    st.lists(_odd, max_size=6).map("".join),
    st.just(""),
    st.lists(words, max_size=6).map(" ".join),
    st.lists(words, max_size=6).map(lambda parts: "- " + " ".join(parts)),
    st.lists(words, max_size=6).map(lambda parts: "  - " + " ".join(parts)),
    st.integers(1, 9).map(lambda count: f"  {count}x"),
)


@_SLOW_OK
@given(st.lists(_line, max_size=8).map("\n".join))
def test_any_text_gives_a_workout_or_a_parse_error_and_nothing_else(text: str) -> None:
    try:
        parsed = parse(text)
    except WorkoutParseError as error:
        assert error.line >= 1 and error.column >= 1 and error.message
    else:
        assert parse_workout(format_workout(parsed.workout)) == parsed.workout
