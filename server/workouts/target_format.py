"""Writing a target as the workout text does: the mirror of `text_targets`' reader.

Each form written here reads back as the same target, which the round-trip properties check.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from server.workouts.targets import (
    CadenceTarget,
    HeartRateReference,
    HeartRateTarget,
    HeartRateZoneTarget,
    NamedPaceTarget,
    PaceTarget,
    PaceZoneTarget,
    PowerReference,
    PowerTarget,
    PowerZoneTarget,
    RpeTarget,
    SpeedTarget,
    ThresholdPaceTarget,
)
from server.workouts.units import format_clock, format_number

__all__ = ["format_target"]


def _range(low: float, high: float, write: Callable[[float], str]) -> str:
    return write(low) if low == high else f"{write(low)}-{write(high)}"


def _tenths(value: float) -> str:
    return format_number(value, 1)


def _pace(value: float) -> str:
    return format_clock(value, decimals=1)


def _zones(low: int, high: int) -> str:
    return _range(low, high, lambda zone: f"Z{zone:g}")


def format_target(target: BaseModel) -> str:
    """Write a target as the text format does (`4:00-4:10/km Pace`, `Z2 HR`, `315-330w`)."""
    if isinstance(target, PaceTarget):
        return f"{_range(target.fast, target.slow, _pace)}{target.unit.value} Pace"
    if isinstance(target, ThresholdPaceTarget):
        return f"{_range(target.low, target.high, _tenths)}% Pace"
    if isinstance(target, PaceZoneTarget):
        return f"{_zones(target.low, target.high)} Pace"
    if isinstance(target, HeartRateZoneTarget):
        return f"{_zones(target.low, target.high)} HR"
    if isinstance(target, NamedPaceTarget):
        offset = ""
        if target.offset:
            sign = "-" if target.offset < 0 else "+"
            offset = f"{sign}{_tenths(abs(target.offset))}s{target.offset_unit.value}"
        return f"{target.pace.value}{offset} Pace"
    if isinstance(target, SpeedTarget):
        return (
            f"{_range(target.low, target.high, lambda v: format_number(v, 2))}{target.unit.value}"
        )
    if isinstance(target, HeartRateTarget):
        if target.reference is HeartRateReference.BPM:
            return f"{_range(target.low, target.high, _tenths)}bpm HR"
        suffix = "HR" if target.reference is HeartRateReference.MAX else "LTHR"
        return f"{_range(target.low, target.high, _tenths)}% {suffix}"
    if isinstance(target, CadenceTarget):
        return f"{_range(target.low, target.high, _tenths)}rpm"
    if isinstance(target, PowerTarget):
        unit = "w" if target.reference is PowerReference.WATTS else "%"
        return f"{_range(target.low, target.high, _tenths)}{unit}"
    if isinstance(target, PowerZoneTarget):
        return _zones(target.low, target.high)
    assert isinstance(target, RpeTarget)
    return f"RPE {_range(target.low, target.high, _tenths)}"
