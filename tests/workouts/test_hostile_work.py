"""Hostile workouts: whatever the text, reading and resolving it does bounded work.

Work is measured by counting what was built (expanded steps, split calls, bytes of the snapshot),
never by a clock, so the test says the same on a slow machine as on a fast one.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.workouts import AthleteProfile, WorkoutError, parse, resolve
from server.workouts.limits import MAX_EXPANDED_STEPS, MAX_SPLIT_CALLS, MAX_TEXT_CHARS

ATHLETE = AthleteProfile.from_race("5k", "19:57", max_hr=190, resting_hr=50)
SNAPSHOT_BYTES = 700_000
"""The most a snapshot may take: 500 steps at about 900 bytes with four targets each, 2,000 calls
at about 65 bytes and 100 KB of repeated words; every limit at once measures 627 KB."""

_distances = st.sampled_from(["1mtr", "2mtr", "400mtr", "10km", "100km", "250km", "100mi"])
_counts = st.sampled_from(["1", "2", "10", "50", "100", "101", "9999"])
_targets = st.sampled_from(["", " T Pace", " 4:00/km Pace", " Z2 HR"])


@st.composite
def step_lines(draw: st.DrawFn, indent: int) -> str:
    length = draw(_distances)
    splits = draw(st.one_of(st.just(""), _distances.map(lambda every: f" splits {every}")))
    return f"{'  ' * indent}- {length}{draw(_targets)}{splits}"


@st.composite
def blocks(draw: st.DrawFn, depth: int = 0) -> list[str]:
    """A repeat of steps and deeper repeats, up to a depth past the limit."""
    lines = [f"{'  ' * depth}Set {draw(_counts)}x"]
    for _ in range(draw(st.integers(1, 3))):
        if depth < 6 and draw(st.booleans()):
            lines.extend(draw(blocks(depth + 1)))
        else:
            lines.append(draw(step_lines(depth)))
    return lines


@st.composite
def hostile_texts(draw: st.DrawFn) -> str:
    chunks: list[list[str]] = []
    for _ in range(draw(st.integers(1, 4))):
        chunks.append(draw(st.one_of(blocks(), step_lines(0).map(lambda line: [line]))))
    text = "\n\n".join("\n".join(chunk) for chunk in chunks) + "\n"
    # Many lines: the same workout again and again, up to past every text limit.
    return text * draw(st.sampled_from([1, 2, 50, 400, MAX_TEXT_CHARS // max(len(text), 1) + 1]))


@settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(hostile_texts())
def test_reading_and_resolving_any_text_does_bounded_work(text: str) -> None:
    try:
        resolved = resolve(parse(text).workout, ATHLETE)
    except WorkoutError:
        return
    assert len(resolved.steps) <= MAX_EXPANDED_STEPS
    # A step without `splits` has one call, its finish; those are bounded by the steps.
    assert sum(len(step.splits) for step in resolved.steps) <= MAX_SPLIT_CALLS + MAX_EXPANDED_STEPS
    assert len(resolved.model_dump_json()) <= SNAPSHOT_BYTES


def test_the_largest_accepted_workout_stays_within_the_snapshot_bound() -> None:
    resolved = resolve(parse(largest_accepted_text()).workout, ATHLETE)
    assert len(resolved.steps) == MAX_EXPANDED_STEPS
    assert sum(step.split_calls() for step in resolved.workout.steps()) * 100 == MAX_SPLIT_CALLS
    assert len(resolved.model_dump_json()) <= SNAPSHOT_BYTES


def largest_accepted_text() -> str:
    """Every limit at once: 500 steps, 2,000 split calls, 4 deep, nearly 100,000 words repeated."""
    words = "w" * 25
    headers = [f"{'  ' * depth}{'n' * 20} {count}x" for depth, count in enumerate((5, 2, 2, 5))]
    targets = "T Pace 150-160bpm 170-180spm RPE 6-7"
    steps = [
        f'      - "{words}" 400mtr {targets} splits 20mtr "{words}"',
        *[f'      - [recovery] "{words}" 200mtr {targets} "{words}"'] * 4,
    ]
    return "\n".join([f"# {'t' * 199}", *headers, *steps]) + "\n"
