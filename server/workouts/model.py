"""The workout model: steps, durations, targets, repeats, sections.

Models are frozen and validate on construction, so a `Workout` that exists is a workout that can
be run. Quantities are kept in the unit they were written in (`4.5mi` stays 4.5 miles) with SI
properties beside them, so that text -> model -> text gives back exactly what was written.
Named paces ("5k", "T", ...) and zones stay symbolic here; `resolve` turns them into concrete
numbers for one athlete when a session is created.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from server.workouts.units import DistanceUnit, PaceUnit, SpeedUnit, format_clock, quantize

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
    "MAX_EXPANDED_STEPS",
    "NamedPace",
    "NamedPaceTarget",
    "PaceTarget",
    "PaceZoneTarget",
    "Repeat",
    "RpeTarget",
    "Section",
    "SpeedTarget",
    "Step",
    "StepKind",
    "Target",
    "ThresholdPaceTarget",
    "TimeDuration",
    "Workout",
]

MAX_EXPANDED_STEPS = 2000
"""A workout that expands to more steps than this is a typo (100x inside 100x), not a session."""


class StepKind(StrEnum):
    """What a step is for; the engine counts reps over `work` and rests over `recovery`/`rest`."""

    WARMUP = "warmup"
    DRILLS = "drills"
    WORK = "work"
    RECOVERY = "recovery"
    REST = "rest"
    COOLDOWN = "cooldown"
    OTHER = "other"


class NamedPace(StrEnum):
    """Paces named after a race or a Daniels intensity, resolved from the athlete's VDOT."""

    FIVE_K = "5k"
    TEN_K = "10k"
    HALF_MARATHON = "HM"
    MARATHON = "M"
    EASY = "E"
    THRESHOLD = "T"
    INTERVAL = "I"
    REPETITION = "R"


class HrDirection(StrEnum):
    """Whether a heart-rate step ends when HR falls below or rises above its threshold."""

    BELOW = "below"
    ABOVE = "above"


class HeartRateReference(StrEnum):
    """What a heart-rate target's numbers mean: beats per minute or percent of max HR / LTHR."""

    BPM = "bpm"
    MAX = "max"
    LTHR = "lthr"


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


def _hundredths(value: float) -> float:
    return quantize(value, 2)


Text = Annotated[str, Field(max_length=200), AfterValidator(_text)]
Tenths = Annotated[float, AfterValidator(_tenths)]
Percent = Annotated[float, Field(ge=30, le=200), AfterValidator(_tenths)]


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
        if not 1 <= self.metres <= 250_000:
            raise ValueError("a distance must be between 1 m and 250 km")
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


# --- targets -----------------------------------------------------------------------------------


def _ordered(low: float, high: float, what: str, show: str = "") -> None:
    if low > high:
        raise ValueError(f"{what} range is inverted{show}: write the lower value first")


class PaceTarget(_Frozen):
    """An absolute pace range, `fast`..`slow` seconds per `unit` (`4:00-4:10/km`)."""

    type: Literal["pace"] = "pace"
    fast: Annotated[float, Field(gt=0), AfterValidator(_tenths)]
    slow: Annotated[float, Field(gt=0), AfterValidator(_tenths)]
    unit: PaceUnit = PaceUnit.KM

    @model_validator(mode="after")
    def _check(self) -> PaceTarget:
        if self.fast > self.slow:
            fast = format_clock(self.fast, decimals=1) + self.unit
            slow = format_clock(self.slow, decimals=1) + self.unit
            raise ValueError(
                f"pace range is inverted ({fast} is slower than {slow}):"
                " write the faster pace first"
            )
        for pace in (self.fast, self.slow):
            if not 90 <= self.unit.per_km(pace) <= 1800:
                raise ValueError(
                    f"pace {format_clock(pace, decimals=1)}{self.unit} is outside 1:30-30:00/km"
                )
        return self


class ThresholdPaceTarget(_Frozen):
    """A range in percent of threshold pace by speed, as intervals.icu writes it (`78-82% Pace`)."""

    type: Literal["threshold_pace"] = "threshold_pace"
    low: Percent
    high: Percent

    @model_validator(mode="after")
    def _check(self) -> ThresholdPaceTarget:
        _ordered(self.low, self.high, "percent of threshold pace")
        return self


class PaceZoneTarget(_Frozen):
    """One pace zone or a span of zones of the athlete's pace zones (`Z2 Pace`, `Z2-Z3 Pace`)."""

    type: Literal["pace_zone"] = "pace_zone"
    low: Annotated[int, Field(ge=1, le=7)]
    high: Annotated[int, Field(ge=1, le=7)]

    @model_validator(mode="after")
    def _check(self) -> PaceZoneTarget:
        _ordered(self.low, self.high, "pace zone")
        return self


class NamedPaceTarget(_Frozen):
    """A pace named by race or intensity, maybe shifted (`5k-2s/400m Pace`: 2 s a lap faster)."""

    type: Literal["named_pace"] = "named_pace"
    pace: NamedPace
    offset: Annotated[float, Field(ge=-120, le=120), AfterValidator(_tenths)] = 0.0
    offset_unit: PaceUnit = PaceUnit.KM

    @model_validator(mode="after")
    def _no_unit_without_offset(self) -> NamedPaceTarget:
        # With no offset the unit means nothing; one canonical form keeps text round trips exact.
        if self.offset == 0 and self.offset_unit is not PaceUnit.KM:
            object.__setattr__(self, "offset_unit", PaceUnit.KM)
        return self

    @property
    def offset_per_km(self) -> float:
        """The offset in seconds per kilometre (negative is faster)."""
        return self.offset_unit.per_km(self.offset)


class SpeedTarget(_Frozen):
    """A speed range, for treadmills and runners who think in km/h."""

    type: Literal["speed"] = "speed"
    low: Annotated[float, Field(gt=0), AfterValidator(_hundredths)]
    high: Annotated[float, Field(gt=0), AfterValidator(_hundredths)]
    unit: SpeedUnit = SpeedUnit.KMH

    @model_validator(mode="after")
    def _check(self) -> SpeedTarget:
        _ordered(self.low, self.high, "speed")
        if self.unit.to_mps(self.high) > 12.5:
            raise ValueError("a running speed must be at most 12.5 m/s (45 km/h)")
        if self.low <= 0:
            raise ValueError("a speed must be above zero")
        return self


class HeartRateTarget(_Frozen):
    """A heart-rate range in bpm, or in percent of max HR or of threshold HR (LTHR)."""

    type: Literal["heart_rate"] = "heart_rate"
    low: Annotated[float, Field(gt=0), AfterValidator(_tenths)]
    high: Annotated[float, Field(gt=0), AfterValidator(_tenths)]
    reference: HeartRateReference = HeartRateReference.BPM

    @model_validator(mode="after")
    def _check(self) -> HeartRateTarget:
        _ordered(self.low, self.high, "heart-rate")
        if self.reference is HeartRateReference.BPM:
            if not (self.low.is_integer() and self.high.is_integer()):
                raise ValueError("heart rate in bpm must be whole beats")
            if not (self.low >= 40 and self.high <= 230):
                raise ValueError("heart rate must be between 40 and 230 bpm")
        elif not (self.low >= 30 and self.high <= 120):
            raise ValueError("heart rate must be between 30 % and 120 %")
        return self


class HeartRateZoneTarget(_Frozen):
    """One heart-rate zone or a span of zones (`Z2 HR`)."""

    type: Literal["hr_zone"] = "hr_zone"
    low: Annotated[int, Field(ge=1, le=7)]
    high: Annotated[int, Field(ge=1, le=7)]

    @model_validator(mode="after")
    def _check(self) -> HeartRateZoneTarget:
        _ordered(self.low, self.high, "heart-rate zone")
        return self


class CadenceTarget(_Frozen):
    """A cadence range in steps per minute."""

    type: Literal["cadence"] = "cadence"
    low: Annotated[int, Field(ge=60, le=260)]
    high: Annotated[int, Field(ge=60, le=260)]

    @model_validator(mode="after")
    def _check(self) -> CadenceTarget:
        _ordered(self.low, self.high, "cadence")
        return self


class RpeTarget(_Frozen):
    """Rate of perceived exertion on the 1-10 scale: effort when pace means little (wind, hills)."""

    type: Literal["rpe"] = "rpe"
    low: Annotated[int, Field(ge=1, le=10)]
    high: Annotated[int, Field(ge=1, le=10)]

    @model_validator(mode="after")
    def _check(self) -> RpeTarget:
        _ordered(self.low, self.high, "RPE")
        return self


Target = Annotated[
    PaceTarget
    | ThresholdPaceTarget
    | PaceZoneTarget
    | NamedPaceTarget
    | SpeedTarget
    | HeartRateTarget
    | HeartRateZoneTarget
    | CadenceTarget
    | RpeTarget,
    Field(discriminator="type"),
]

_RANGED = (
    PaceTarget,
    ThresholdPaceTarget,
    PaceZoneTarget,
    SpeedTarget,
    HeartRateTarget,
    HeartRateZoneTarget,
    CadenceTarget,
    RpeTarget,
)


# --- steps and blocks --------------------------------------------------------------------------


class Step(_Frozen):
    """One thing to do: a kind, how long, at what target, and what to say."""

    type: Literal["step"] = "step"
    kind: StepKind
    duration: Duration
    target: Target | None = None
    ramp: bool = False
    cue: Text | None = None
    note: Text | None = None
    splits: DistanceDuration | None = None

    # Field validators (not a model validator) so that an error points at `ramp` or `splits`.
    @field_validator("ramp")
    @classmethod
    def _ramp_needs_a_range(cls, ramp: bool, info: ValidationInfo) -> bool:
        target = info.data.get("target")
        if ramp and (target is None or not isinstance(target, _RANGED)):
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
        return splits

    def expanded_count(self) -> int:
        """Steps this expands to (always one), so blocks can count without isinstance checks."""
        return 1


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
    count: Annotated[int, Field(ge=1, le=100)]
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
        return self

    def expanded_count(self) -> int:
        """Steps this expands to, counting every repetition."""
        return self.count * sum(item.expanded_count() for item in self.steps) - (
            1 if self.skip_last_recovery else 0
        )


class Section(_Frozen):
    """A named group done once ("Warmup", "Drills"); its name can set the kind of its steps."""

    type: Literal["section"] = "section"
    name: HeaderName
    steps: tuple[Block, ...] = Field(min_length=1)

    def expanded_count(self) -> int:
        """Steps this expands to."""
        return sum(item.expanded_count() for item in self.steps)


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
        if line == "-" or line.startswith(("- ", "#")) or _HEADER_COUNT.search(line):
            raise ValueError(f"line {line!r} would read as a step, a title or a repeat header")
    return "\n".join(lines)


class Workout(_Frozen):
    """A structured run workout: a name, free-text notes and a sequence of steps and blocks."""

    name: Text | None = None
    notes: Annotated[str, Field(max_length=4000), AfterValidator(_notes)] | None = None
    items: tuple[Item, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Workout:
        total = sum(item.expanded_count() for item in self.items)
        if total > MAX_EXPANDED_STEPS:
            raise ValueError(
                f"the workout expands to {total} steps; at most {MAX_EXPANDED_STEPS} are allowed"
            )
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


Repeat.model_rebuild()
Section.model_rebuild()
Workout.model_rebuild()
