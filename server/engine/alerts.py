"""Alerts that listen before they speak, then back off.

A runner two seconds into a rep, or drifting 1 % off pace for a moment, needs no voice in the
ear; a runner who cannot hold the pace needs to hear it once or twice, not every 20 seconds. An
alert fires only when the average over a window has left the target by more than the
hysteresis, after the grace period at the start of the step. After each alert the same alert
waits longer (the cooldown doubles) and a step gets at most `max_per_step` of them; it re-arms
once the runner is back inside the target.

The alarm's state is plain data (a dataclass of numbers and a deque), so it serialises with the
rest of the engine's state.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["AlarmState", "AlertSettings", "Deviation", "WindowAverage", "observe"]


class Deviation(StrEnum):
    """Which side of the target a smoothed reading is on."""

    LOW = "low"
    HIGH = "high"


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertSettings:
    """Tuning for one kind of alert; times are seconds of active running."""

    window_s: float
    grace_s: float
    hysteresis: float  # fraction of the bound (0.015 = 1.5 %)
    cooldown_s: float  # before the second alert; it doubles after each one
    max_per_step: int = 3


@dataclass(slots=True)
class WindowAverage:
    """The mean of readings over the last `window_s` seconds, in O(1) per reading."""

    window_s: float
    readings: deque[tuple[float, float]] = field(default_factory=deque)
    total: float = 0.0

    def clear(self) -> None:
        """Forget every reading (at a new step)."""
        self.readings.clear()
        self.total = 0.0

    def add(self, t: float, value: float) -> None:
        """Add a reading taken at `t`, dropping those older than the window."""
        self.readings.append((t, value))
        self.total += value
        horizon = t - self.window_s
        while self.readings[0][0] < horizon:
            self.total -= self.readings.popleft()[1]

    def mean(self) -> float | None:
        """The mean, once the window holds at least half its span of readings."""
        if not self.readings:
            return None
        span = self.readings[-1][0] - self.readings[0][0]
        if span < self.window_s / 2:
            return None
        return self.total / len(self.readings)


@dataclass(slots=True)
class AlarmState:
    """One alarm's memory within a step: the window, the side it is on, what it has said."""

    average: WindowAverage
    outside: Deviation | None = None
    last_alert: float | None = None
    alerts: int = 0

    @classmethod
    def new(cls, settings: AlertSettings) -> AlarmState:
        """A quiet alarm with an empty window."""
        return cls(average=WindowAverage(settings.window_s))

    def reset(self) -> None:
        """A new step: no history, no cooldown carried over."""
        self.average.clear()
        self.outside = None
        self.last_alert = None
        self.alerts = 0


def observe(
    alarm: AlarmState,
    settings: AlertSettings,
    active_s: float,
    value: float,
    low: float,
    high: float,
) -> tuple[Deviation, float] | None:
    """Add a reading at `active_s` seconds into the step; return (side, mean) to alert on."""
    alarm.average.add(active_s, value)
    mean = alarm.average.mean()
    if mean is None or active_s < settings.grace_s:
        return None  # the start of a step (getting up to pace) sets no side
    margin = settings.hysteresis
    if mean < low * (1 - margin):
        side: Deviation | None = Deviation.LOW
    elif mean > high * (1 + margin):
        side = Deviation.HIGH
    elif low <= mean <= high:
        side = None
    else:
        side = alarm.outside  # inside the hysteresis band: keep what we had
    alarm.outside = side
    if side is None or alarm.alerts >= settings.max_per_step:
        return None
    if alarm.last_alert is not None:
        wait = settings.cooldown_s * 2 ** (alarm.alerts - 1)
        if active_s - alarm.last_alert < wait:
            return None
    alarm.last_alert = active_s
    alarm.alerts += 1
    return side, mean
