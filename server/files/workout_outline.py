"""A workout's shape as workout files hold it, both ways: steps and repeats, nothing else.

FIT and TCX workouts know steps and repeats of steps; trackcue's workouts also have sections
and "skip the last recovery". Going out, a resolved workout becomes an outline: sections are
flattened (their steps keep the kind the section gave them), a repeat that skips its last
recovery becomes one repeat fewer followed by the last rep alone, and each step carries its
numbers as resolved for the athlete. Coming in, steps and repeats read from a file become a
`Workout`, so it is checked by the same rules as one typed in, and its text is the text format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import ValidationError

from server.files.activity import FileWarning
from server.files.errors import FileRefused, RefusalCode
from server.workouts import (
    DistanceDuration,
    ExpandedStep,
    Repeat,
    ResolvedWorkout,
    Section,
    Step,
    StepKind,
    Workout,
)
from server.workouts.limits import MAX_WORDS_CHARS
from server.workouts.model import Block, Duration, Target
from server.workouts.step_kinds import infer_kind
from server.workouts.units import METRES_PER_MILE

__all__ = [
    "HR_CAP_S",
    "InRepeat",
    "InStep",
    "OutRepeat",
    "OutStep",
    "distance_in_its_unit",
    "kind_from_words",
    "outline",
    "reason",
    "warning",
    "workout_of",
]


@dataclass(frozen=True, slots=True)
class OutStep:
    """A step to write: as written in the workout, and as resolved for the athlete."""

    step: Step
    resolved: ExpandedStep


@dataclass(frozen=True, slots=True)
class OutRepeat:
    """Steps to write `count` times."""

    count: int
    items: tuple[OutStep | OutRepeat, ...]


_Walk = Callable[[tuple[Step | Section | Repeat, ...]], list[OutStep | OutRepeat]]


def outline(plan: ResolvedWorkout) -> tuple[OutStep | OutRepeat, ...]:
    """The resolved workout as steps and repeats, each step beside its resolved numbers."""
    cursor = 0

    def walk(items: tuple[Step | Section | Repeat, ...]) -> list[OutStep | OutRepeat]:
        nonlocal cursor
        out: list[OutStep | OutRepeat] = []
        for item in items:
            if isinstance(item, Step):
                out.append(OutStep(item, plan.steps[cursor]))
                cursor += 1
            elif isinstance(item, Section):
                out.extend(walk(item.steps))
            else:
                first = cursor
                out.extend(_repeat(item, walk))
                cursor = first + item.expanded_count()  # past every repetition
        return out

    return tuple(walk(plan.workout.items))


def _repeat(item: Repeat, walk: _Walk) -> list[OutStep | OutRepeat]:
    """A repeat as files can hold it (the first repetition's steps are the ones resolved)."""
    if item.skip_last_recovery and item.count == 1:
        return walk(item.steps[:-1])
    body = tuple(walk(item.steps))
    if not item.skip_last_recovery:
        return [OutRepeat(item.count, body)]
    full = [OutRepeat(item.count - 1, body)] if item.count > 2 else list(body)
    return [*full, *body[:-1]]


# --- coming in ---------------------------------------------------------------------------------

HR_CAP_S = 600.0
"""The cap a heart-rate step gets on import: files have none, trackcue always has one."""


@dataclass(frozen=True, slots=True)
class InStep:
    """A step as read from a file, already in trackcue's terms."""

    kind: StepKind
    duration: Duration
    targets: tuple[Target, ...] = ()
    cue: str | None = None
    note: str | None = None


@dataclass(slots=True)
class InRepeat:
    """A repeat read from a file: its count and the steps (and repeats) it repeats."""

    count: int
    items: list[InStep | InRepeat] = field(default_factory=list)


def clean_words(text: str | None) -> str | None:
    """A file's name or note as trackcue's one-line words: no quotes, no line breaks."""
    if text is None:
        return None
    words = " ".join(text.replace('"', "'").replace("\ufeff", "").split())
    return words[:MAX_WORDS_CHARS].strip() or None


def distance_in_its_unit(metres: float) -> DistanceDuration:
    """A distance in the unit it was most likely written in: 2 km, 1 mile, else metres."""
    if metres >= 1000 and abs(metres / 1000 - round(metres / 1000, 3)) < 1e-9:
        return DistanceDuration(value=metres / 1000, unit="km")
    miles = metres / METRES_PER_MILE
    if abs(miles - round(miles, 3)) * METRES_PER_MILE < 0.02 and round(miles, 3) >= 0.25:
        return DistanceDuration(value=round(miles, 3), unit="mi")
    return DistanceDuration(value=metres)


def kind_from_words(name: str | None) -> StepKind | None:
    """The kind a step's name says plainly ("Warmup", "Recovery", "Drills"), if any."""
    kind = infer_kind(name, None, None)
    return None if kind is StepKind.OTHER else kind


def workout_of(name: str | None, items: list[InStep | InRepeat]) -> Workout:
    """The workout the file describes, checked like any other; `FileRefused` when it breaks a
    rule (an empty workout, too many steps, a repeat of more than 100)."""
    if not items:
        raise FileRefused(RefusalCode.NO_DATA, "This workout file has no steps.")
    try:
        return Workout(name=clean_words(name), items=tuple(_block(item) for item in items))
    except ValidationError as error:
        raise FileRefused(
            RefusalCode.BAD_WORKOUT, f"This workout cannot be run as written: {reason(error)}."
        ) from None


def _block(item: InStep | InRepeat) -> Block:
    if isinstance(item, InStep):
        return Step(
            kind=item.kind,
            duration=item.duration,
            targets=item.targets,
            cue=clean_words(item.cue),
            note=clean_words(item.note),
        )
    return Repeat(count=item.count, steps=tuple(_block(child) for child in item.items))


def reason(error: ValueError) -> str:
    """A validation error as one sentence, without pydantic's framing."""
    if isinstance(error, ValidationError) and error.errors():
        return str(error.errors()[0]["msg"]).removeprefix("Value error, ")
    return str(error)


def warning(code: str, message: str) -> FileWarning:
    """A note on something the importer read its own way; the workout is still good."""
    return FileWarning(code=code, message=message)
