"""The workout model: steps, durations, targets, repeats, sections.

Models are frozen and validate on construction, so a `Workout` that exists is a workout that can
be run. Quantities are kept in the unit they were written in (`4.5mi` stays 4.5 miles) with SI
properties beside them, so that text -> model -> text gives back exactly what was written.
Named paces ("5k", "T", ...) and zones stay symbolic here; `resolve` turns them into concrete
numbers for one athlete when a session is created.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from server.workouts.limits import (
    MAX_DISTANCE_M,
    MAX_EXPANDED_STEPS,
    MAX_EXPANDED_WORDS,
    MAX_NOTES_CHARS,
    MAX_REPEAT_COUNT,
    MAX_REPEAT_DEPTH,
    MAX_SPLIT_CALLS,
    MAX_SPLIT_CALLS_PER_STEP,
    MAX_WORDS_CHARS,
)
from server.workouts.targets import (
    RANGED_TARGETS,
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
    RpeTarget,
    SpeedTarget,
    Target,
    TargetFamily,
    ThresholdPaceTarget,
    family_of,
    primary_target,
)
from server.workouts.text_lexicon import is_step_line
from server.workouts.units import DistanceUnit, quantize

__all__ = [
    "Block",
    "CadenceTarget",
    "DistanceDuration",
    "Duration",
    "HeartRateDuration",
    "HeartRateReference",
    "HeartRateTarget",
    "HeartRateZoneTarget",
    "HrDirection",
    "Item",
    "LapButtonDuration",
    "NamedPace",
    "NamedPaceTarget",
    "PaceTarget",
    "PaceZoneTarget",
    "PowerReference",
    "PowerTarget",
    "PowerZoneTarget",
    "Repeat",
    "RpeTarget",
    "Section",
    "SpeedTarget",
    "Step",
    "StepKind",
    "Target",
    "TargetFamily",
    "ThresholdPaceTarget",
    "TimeDuration",
    "Workout",
    "check_totals",
    "split_call_count",
]


class StepKind(StrEnum):
    """What a step is for; the engine counts reps over `work` and rests over `recovery`/`rest`."""

    WARMUP = "warmup"
    DRILLS = "drills"
    WORK = "work"
    RECOVERY = "recovery"
    REST = "rest"
    COOLDOWN = "cooldown"
    OTHER = "other"


class HrDirection(StrEnum):
    """Whether a heart-rate step ends when HR falls below or rises above its threshold."""

    BELOW = "below"
    ABOVE = "above"


def _text(value: str) -> str:
    """Cues, notes and names are one line of plain words; whitespace runs collapse to one space."""
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line")
    if '"' in value:
        raise ValueError('must not contain a double quote (")')
    collapsed = " ".join(value.replace("\ufeff", "").split())
    if not collapsed:
        raise ValueError("must not be blank")
    return collapsed


def _tenths(value: float) -> float:
    return quantize(value, 1)


def _thousandths(value: float) -> float:
    return quantize(value, 3)


Text = Annotated[str, Field(max_length=MAX_WORDS_CHARS), AfterValidator(_text)]
Tenths = Annotated[float, AfterValidator(_tenths)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


# --- durations ---------------------------------------------------------------------------------


class TimeDuration(_Frozen):
    """A step that lasts a fixed time."""

    type: Literal["time"] = "time"
    seconds: Annotated[float, Field(gt=0, le=24 * 3600), AfterValidator(_tenths)]

    @model_validator(mode="after")
    def _not_rounded_away(self) -> TimeDuration:
        if self.seconds <= 0:
            raise ValueError("a time must be at least 0.1 s")
        return self


class DistanceDuration(_Frozen):
    """A step that lasts a distance, kept in the unit it was written in."""

    type: Literal["distance"] = "distance"
    value: Annotated[float, Field(gt=0), AfterValidator(_thousandths)]
    unit: DistanceUnit = DistanceUnit.METRE

    @property
    def metres(self) -> float:
        """The distance in metres."""
        return self.value * self.unit.metres

    @model_validator(mode="after")
    def _plausible(self) -> DistanceDuration:
        if not 1 <= self.metres <= MAX_DISTANCE_M:
            raise ValueError(f"a distance must be between 1 m and {MAX_DISTANCE_M / 1000:g} km")
        return self


class LapButtonDuration(_Frozen):
    """A step the runner ends with the lap button; `estimate` counts in the totals only."""

    type: Literal["lap"] = "lap"
    estimate: Annotated[TimeDuration | DistanceDuration, Field(discriminator="type")] | None = None


class HeartRateDuration(_Frozen):
    """Recover (or build) until heart rate crosses a threshold, never longer than the cap."""

    type: Literal["heart_rate"] = "heart_rate"
    until: HrDirection = HrDirection.BELOW
    bpm: Annotated[int, Field(ge=40, le=230)]
    cap_seconds: Annotated[float, Field(gt=0, le=3600), AfterValidator(_tenths)]


Duration = Annotated[
    TimeDuration | DistanceDuration | LapButtonDuration | HeartRateDuration,
    Field(discriminator="type"),
]


# --- steps and blocks --------------------------------------------------------------------------


class Step(_Frozen):
    """One thing to do: a kind, how long, at what targets, and what to say.

    `targets` keeps every target as written, at most one of each family; `target` is the
    primary one (the pace target if any, else the first), which is what a single-target step
    always had.
    """

    type: Literal["step"] = "step"
    kind: StepKind
    duration: Duration
    targets: tuple[Target, ...] = ()
    ramp: bool = False
    cue: Text | None = None
    note: Text | None = None
    splits: DistanceDuration | None = None

    @model_validator(mode="before")
    @classmethod
    def _single_target_of_old(cls, data: Any) -> Any:
        # Workouts stored before steps had several targets say `"target": {...}` or null.
        if isinstance(data, dict) and "target" in data:
            data = dict(data)
            if "targets" in data:
                raise ValueError("give 'targets' only; 'target' is the older single-target form")
            single = data.pop("target")
            data["targets"] = () if single is None else (single,)
        return data

    @field_validator("targets")
    @classmethod
    def _one_of_each_family(cls, targets: tuple[Target, ...]) -> tuple[Target, ...]:
        seen: set[TargetFamily] = set()
        for target in targets:
            family = family_of(target)
            if family in seen:
                raise ValueError(f"a step takes one {family.value} target, not two")
            seen.add(family)
        return targets

    # Field validators (not a model validator) so that an error points at `ramp` or `splits`.
    @field_validator("ramp")
    @classmethod
    def _ramp_needs_a_range(cls, ramp: bool, info: ValidationInfo) -> bool:
        target = primary_target(info.data.get("targets") or ())
        if ramp and (target is None or not isinstance(target, RANGED_TARGETS)):
            raise ValueError("a ramp needs a target range to ramp through")
        return ramp

    @field_validator("splits")
    @classmethod
    def _splits_fit_the_step(
        cls, splits: DistanceDuration | None, info: ValidationInfo
    ) -> DistanceDuration | None:
        duration = info.data.get("duration")
        if splits is None:
            return None
        if not isinstance(duration, DistanceDuration):
            raise ValueError("split calls need a step measured by distance")
        if splits.metres >= duration.metres:
            raise ValueError(f"split calls every {splits.metres:g} m need a step longer than that")
        calls = split_call_count(duration.metres, splits.metres)
        if calls > MAX_SPLIT_CALLS_PER_STEP:
            raise ValueError(
                f"split calls every {splits.metres:g} m make {calls} calls in"
                f" {duration.metres:g} m, over the limit of {MAX_SPLIT_CALLS_PER_STEP}"
                " split calls in a step"
            )
        return splits

    @property
    def target(self) -> Target | None:
        """The primary target: the pace target if any, else the first, else None."""
        return primary_target(self.targets)

    def expanded_count(self) -> int:
        """Steps this expands to (always one), so blocks can count without isinstance checks."""
        return 1

    def split_calls(self) -> int:
        """Split calls this step makes (its finish included), counted without building them.

        Steps without `splits` count none: their only call is the finish, bounded by the steps.
        """
        if self.splits is None or not isinstance(self.duration, DistanceDuration):
            return 0
        return split_call_count(self.duration.metres, self.splits.metres)

    def repeat_depth(self) -> int:
        """Repeats nested in this item: none for a step."""
        return 0

    def expanded_words(self) -> int:
        """Characters of cue and note this step copies into its expanded step."""
        return len(self.cue or "") + len(self.note or "")


def split_call_count(metres: float, every_metres: float) -> int:
    """Split calls `track.split_times` makes for a rep, the finish included, by arithmetic alone."""
    return max(1, math.ceil((metres - 1e-9) / every_metres))


_HEADER_COUNT = re.compile(r"\d+\s*[xX]$")


def _header_name(value: str) -> str:
    if value.startswith(("-", "#")):
        raise ValueError("a block name must not start with '-' or '#'")
    if _HEADER_COUNT.search(value):
        raise ValueError("a block name must not end with a repeat count such as 6x")
    if value.lower().endswith("(skip last recovery)"):
        raise ValueError("'(skip last recovery)' is an option, not part of a name")
    return value


HeaderName = Annotated[Text, AfterValidator(_header_name)]


class Repeat(_Frozen):
    """Steps done `count` times; repeats nest. `skip_last_recovery` drops the final rest."""

    type: Literal["repeat"] = "repeat"
    name: HeaderName | None = None
    count: Annotated[int, Field(ge=1, le=MAX_REPEAT_COUNT)]
    steps: tuple[Block, ...] = Field(min_length=1)
    skip_last_recovery: bool = False

    @model_validator(mode="after")
    def _check(self) -> Repeat:
        if self.skip_last_recovery:
            last = self.steps[-1]
            if not (isinstance(last, Step) and last.kind in (StepKind.RECOVERY, StepKind.REST)):
                raise ValueError(
                    "skip last recovery needs the repeat to end with a recovery or rest step"
                )
        # Checked here too, not only on the workout, so the error names the repeat that crossed.
        depth = self.repeat_depth()
        if depth > MAX_REPEAT_DEPTH:
            raise ValueError(
                f"repeats nest {depth} deep here, over the limit of {MAX_REPEAT_DEPTH}"
                " repeats inside each other"
            )
        check_totals(
            self.expanded_count(), self.split_calls(), self.expanded_words(), "this repeat"
        )
        return self

    def expanded_count(self) -> int:
        """Steps this expands to, counting every repetition."""
        return self.count * sum(item.expanded_count() for item in self.steps) - (
            1 if self.skip_last_recovery else 0
        )

    def split_calls(self) -> int:
        """Split calls of every repetition; a skipped last recovery is counted, to keep it simple.

        An over-count by one recovery's calls can only refuse a workout at the very edge.
        """
        return self.count * sum(item.split_calls() for item in self.steps)

    def repeat_depth(self) -> int:
        """Repeats nested here, this one included."""
        return 1 + max(item.repeat_depth() for item in self.steps)

    def expanded_words(self) -> int:
        """Characters copied into expanded steps: theirs, and this name in each one's path."""
        label = len(self.name or "repeat") + 16  # " 100/100 > " and the block name's share
        own = sum(item.expanded_words() for item in self.steps)
        return self.count * own + self.expanded_count() * label


class Section(_Frozen):
    """A named group done once ("Warmup", "Drills"); its name can set the kind of its steps."""

    type: Literal["section"] = "section"
    name: HeaderName
    steps: tuple[Block, ...] = Field(min_length=1)

    def expanded_count(self) -> int:
        """Steps this expands to."""
        return sum(item.expanded_count() for item in self.steps)

    def split_calls(self) -> int:
        """Split calls of every step in the section, counting repetitions."""
        return sum(item.split_calls() for item in self.steps)

    def repeat_depth(self) -> int:
        """Repeats nested in the section (a section itself does not repeat)."""
        return max(item.repeat_depth() for item in self.steps)

    def expanded_words(self) -> int:
        """Characters copied into expanded steps: theirs, and this name in each one's path."""
        own = sum(item.expanded_words() for item in self.steps)
        return own + self.expanded_count() * (len(self.name) * 2 + 3)


def check_totals(steps: int, calls: int, words: int, where: str) -> None:
    """Refuse counts over the workout-wide limits, saying which limit and where it was crossed.

    Raises `ValueError`, so that pydantic gives it the path of the block being validated.
    """
    if steps > MAX_EXPANDED_STEPS:
        raise ValueError(
            f"{where} expands to {steps} steps, over the limit of {MAX_EXPANDED_STEPS}"
            " expanded steps in a workout"
        )
    if calls > MAX_SPLIT_CALLS:
        raise ValueError(
            f"{where} makes {calls} split calls, over the limit of {MAX_SPLIT_CALLS}"
            " split calls in a workout"
        )
    if words > MAX_EXPANDED_WORDS:
        raise ValueError(
            f"{where} repeats {words} characters of cues, notes and names, over the limit of"
            f" {MAX_EXPANDED_WORDS} characters repeated in a workout"
        )


Block = Annotated[Step | Repeat, Field(discriminator="type")]
"""What a repeat or a section holds: steps and (nested) repeats."""

Item = Annotated[Step | Section | Repeat, Field(discriminator="type")]
"""What a workout holds at its top level."""


def _notes(value: str) -> str:
    lines = [" ".join(line.replace("\ufeff", "").split()) for line in value.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise ValueError("must not be blank")
    for line in lines:
        if is_step_line(line) or line.startswith("#") or _HEADER_COUNT.search(line):
            raise ValueError(f"line {line!r} would read as a step, a title or a repeat header")
    return "\n".join(lines)


class Workout(_Frozen):
    """A structured run workout: a name, free-text notes and a sequence of steps and blocks."""

    name: Text | None = None
    notes: Annotated[str, Field(max_length=MAX_NOTES_CHARS), AfterValidator(_notes)] | None = None
    items: tuple[Item, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Workout:
        # Running totals, so that the error names the item where the workout crossed a limit.
        steps = calls = words = 0
        for number, item in enumerate(self.items, start=1):
            steps += item.expanded_count()
            calls += item.split_calls()
            words += item.expanded_words()
            check_totals(steps, calls, words, f"the workout up to {_item_label(item, number)}")
        return self

    def steps(self) -> Iterator[Step]:
        """Every step as written (not expanded), depth first."""

        def walk(items: tuple[Step | Section | Repeat, ...]) -> Iterator[Step]:
            for item in items:
                if isinstance(item, Step):
                    yield item
                else:
                    yield from walk(item.steps)

        return walk(self.items)


def _item_label(item: Step | Section | Repeat, number: int) -> str:
    """How a runner names a top-level item: "main set 6x", "warmup", "step 3"."""
    if isinstance(item, Repeat):
        return f"{(item.name or 'repeat').lower()} {item.count}x"
    if isinstance(item, Section):
        return item.name.lower()
    return f"step {number}"


Repeat.model_rebuild()
Section.model_rebuild()
Workout.model_rebuild()
