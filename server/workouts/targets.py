"""What a step aims at: pace, heart rate, cadence, effort and power targets, kept symbolic.

A target keeps the form it was written in (`5k-2s/400m Pace` stays a named pace with an offset),
so text round-trips exactly; `resolve` turns targets into numbers for one athlete. A step may
carry several targets, one of each family (a pace and a cadence, a pace and a heart-rate ceiling);
the family decides which one is the step's primary target, the one the engine paces by.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from server.workouts.units import PaceUnit, SpeedUnit, format_clock, quantize

__all__ = [
    "PACE_FAMILY",
    "RANGED_TARGETS",
    "CadenceTarget",
    "HeartRateReference",
    "HeartRateTarget",
    "HeartRateZoneTarget",
    "NamedPace",
    "NamedPaceTarget",
    "PaceTarget",
    "PaceZoneTarget",
    "PowerReference",
    "PowerTarget",
    "PowerZoneTarget",
    "RpeTarget",
    "SpeedTarget",
    "Target",
    "TargetFamily",
    "ThresholdPaceTarget",
    "family_of",
    "primary_target",
]


class NamedPace(StrEnum):
    """Paces named after a race or a Daniels intensity, resolved from the athlete's VDOT.

    Every race of the pace maths is here, so a race pace never has to be spelled as a number.
    The value is how the formatter writes it; `races.parse_race` reads `race` for the distance.
    """

    R1500 = "1500"
    MILE = "mile"
    THREE_K = "3k"
    TWO_MILE = "2mile"
    FIVE_K = "5k"
    EIGHT_K = "8k"
    TEN_K = "10k"
    FIFTEEN_K = "15k"
    HALF_MARATHON = "HM"
    MARATHON = "M"
    EASY = "E"
    THRESHOLD = "T"
    INTERVAL = "I"
    REPETITION = "R"

    @property
    def race(self) -> str | None:
        """The race this pace is named after, as `parse_race` reads it; None for E, T, I, R."""
        return _RACE_OF.get(self)


_RACE_OF = {
    NamedPace.R1500: "1500m",
    NamedPace.MILE: "mile",
    NamedPace.THREE_K: "3000m",
    NamedPace.TWO_MILE: "2mile",
    NamedPace.FIVE_K: "5k",
    NamedPace.EIGHT_K: "8k",
    NamedPace.TEN_K: "10k",
    NamedPace.FIFTEEN_K: "15k",
    NamedPace.HALF_MARATHON: "half",
    NamedPace.MARATHON: "marathon",
}


class HeartRateReference(StrEnum):
    """What a heart-rate target's numbers mean: beats per minute or percent of max HR / LTHR."""

    BPM = "bpm"
    MAX = "max"
    LTHR = "lthr"


class PowerReference(StrEnum):
    """What a power target's numbers mean: watts, or percent of functional threshold power."""

    WATTS = "watts"
    FTP = "ftp"


class TargetFamily(StrEnum):
    """What a target measures; a step takes at most one target of each family."""

    PACE = "pace"
    HEART_RATE = "heart rate"
    CADENCE = "cadence"
    EFFORT = "effort"
    POWER = "power"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


def _tenths(value: float) -> float:
    return quantize(value, 1)


def _hundredths(value: float) -> float:
    return quantize(value, 2)


Percent = Annotated[float, Field(ge=30, le=200), AfterValidator(_tenths)]


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


class PowerTarget(_Frozen):
    """Run power in watts (`315-330w`) or in percent of FTP (`80%`), as intervals.icu writes it.

    Nothing checks power during a session yet; the target is kept so a workout from a power
    runner means what it said, and shows it.
    """

    type: Literal["power"] = "power"
    low: Annotated[float, Field(gt=0), AfterValidator(_tenths)]
    high: Annotated[float, Field(gt=0), AfterValidator(_tenths)]
    reference: PowerReference = PowerReference.WATTS

    @model_validator(mode="after")
    def _check(self) -> PowerTarget:
        _ordered(self.low, self.high, "power")
        if self.reference is PowerReference.WATTS:
            if not (self.low.is_integer() and self.high.is_integer()):
                raise ValueError("power in watts must be whole watts")
            if not (self.low >= 20 and self.high <= 2500):
                raise ValueError("run power must be between 20 w and 2500 w")
        elif not (self.low >= 30 and self.high <= 200):
            raise ValueError("power must be between 30 % and 200 % of FTP")
        return self


class PowerZoneTarget(_Frozen):
    """One power zone or a span (`Z2`, `Z2-Z3` alone: intervals.icu reads a bare zone as power)."""

    type: Literal["power_zone"] = "power_zone"
    low: Annotated[int, Field(ge=1, le=7)]
    high: Annotated[int, Field(ge=1, le=7)]

    @model_validator(mode="after")
    def _check(self) -> PowerZoneTarget:
        _ordered(self.low, self.high, "power zone")
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
    | RpeTarget
    | PowerTarget
    | PowerZoneTarget,
    Field(discriminator="type"),
]

RANGED_TARGETS = (
    PaceTarget,
    ThresholdPaceTarget,
    PaceZoneTarget,
    SpeedTarget,
    HeartRateTarget,
    HeartRateZoneTarget,
    CadenceTarget,
    RpeTarget,
    PowerTarget,
    PowerZoneTarget,
)
"""Targets with a low and a high end, which a `ramp` can run through."""

PACE_FAMILY = (PaceTarget, ThresholdPaceTarget, PaceZoneTarget, NamedPaceTarget, SpeedTarget)
"""Targets that resolve to a pace: the one the engine paces a step by."""

_FAMILIES: dict[type[BaseModel], TargetFamily] = {
    **{cls: TargetFamily.PACE for cls in PACE_FAMILY},
    HeartRateTarget: TargetFamily.HEART_RATE,
    HeartRateZoneTarget: TargetFamily.HEART_RATE,
    CadenceTarget: TargetFamily.CADENCE,
    RpeTarget: TargetFamily.EFFORT,
    PowerTarget: TargetFamily.POWER,
    PowerZoneTarget: TargetFamily.POWER,
}


_T = TypeVar("_T", bound=BaseModel)


def family_of(target: BaseModel) -> TargetFamily:
    """The family a target belongs to."""
    return _FAMILIES[type(target)]


def primary_target(targets: Sequence[_T]) -> _T | None:
    """The target a step is run by: its pace target if it has one, else its first, else None."""
    for target in targets:
        if isinstance(target, PACE_FAMILY):
            return target
    return targets[0] if targets else None
