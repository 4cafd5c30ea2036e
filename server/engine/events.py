"""What the engine is fed: small frozen events that check their own fields.

Time `t` is seconds on the session's monotonic clock, chosen by whoever drives the engine (the
live scheduler, a replay, a test). Samples carry what a sensor said, in SI units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from server.engine.errors import InvalidEvent
from server.engine.limits import CADENCE_SPM, DISTANCE_M, HR_BPM, MAX_SESSION_S, SPEED_MPS

__all__ = ["Command", "CommandAction", "Event", "Lap", "Sample", "Start", "Tick"]

_MAX_T = MAX_SESSION_S


def _check_time(t: float) -> None:
    if not (isinstance(t, int | float) and math.isfinite(t) and 0 <= t <= _MAX_T):
        raise InvalidEvent("t", f"must be a finite time between 0 and {_MAX_T:g} s, got {t!r}")


def _check_range(name: str, value: float | None, low: float, high: float) -> None:
    if value is None:
        return
    if not (isinstance(value, int | float) and math.isfinite(value) and low <= value <= high):
        raise InvalidEvent(name, f"must be between {low:g} and {high:g}, got {value!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Start:
    """The runner starts the session."""

    t: float

    def __post_init__(self) -> None:
        _check_time(self.t)


@dataclass(frozen=True, slots=True, kw_only=True)
class Tick:
    """Time has passed; the scheduler sends one at each `next_deadline()`."""

    t: float

    def __post_init__(self) -> None:
        _check_time(self.t)


@dataclass(frozen=True, slots=True, kw_only=True)
class Sample:
    """One reading from a sensor. `distance` is the source's own running total in metres."""

    t: float
    source: str
    hr: int | None = None
    speed: float | None = None
    cadence: int | None = None
    distance: float | None = None

    def __post_init__(self) -> None:
        _check_time(self.t)
        if not self.source or len(self.source) > 64:
            raise InvalidEvent("source", "must name the sensor in 1-64 characters")
        _check_range("hr", self.hr, *HR_BPM)
        _check_range("speed", self.speed, *SPEED_MPS)
        _check_range("cadence", self.cadence, *CADENCE_SPM)
        _check_range("distance", self.distance, *DISTANCE_M)


@dataclass(frozen=True, slots=True, kw_only=True)
class Lap:
    """The runner pressed the lap button."""

    t: float

    def __post_init__(self) -> None:
        _check_time(self.t)


class CommandAction(StrEnum):
    """What a runner can tell a running session."""

    PAUSE = "pause"
    RESUME = "resume"
    SKIP = "skip"
    EXTEND = "extend"
    END = "end"


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    """A runner's command; `seconds` is how long to extend a rest by (extend only)."""

    t: float
    action: CommandAction
    seconds: float = 0.0

    def __post_init__(self) -> None:
        _check_time(self.t)
        if not isinstance(self.action, CommandAction):
            raise InvalidEvent("action", f"must be one of {', '.join(CommandAction)}")
        if self.action is CommandAction.EXTEND:
            _check_range("seconds", self.seconds, 1, 600)
        elif self.seconds:
            raise InvalidEvent("seconds", "only an extend command takes seconds")


Event = Start | Tick | Sample | Lap | Command
