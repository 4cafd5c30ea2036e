"""Alerts that listen before they speak: smoothed readings, a grace period, hysteresis, cooldown.

A runner two seconds into a rep, or drifting 1 % off pace for a moment, needs no voice in the
ear. An alert fires only when the average over a window has left the target by more than the
hysteresis, after the grace period at the start of the step, and never sooner than the cooldown
after the previous one; it re-arms once the runner is back inside the target.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["AlertSettings", "Deviation", "SmoothedAlarm", "WindowAverage"]


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
    cooldown_s: float


class WindowAverage:
    """The mean of readings over the last `window_s` seconds, in O(1) per reading."""

    __slots__ = ("_readings", "_sum", "window_s")

    def __init__(self, window_s: float) -> None:
        self.window_s = window_s
        self._readings: deque[tuple[float, float]] = deque()
        self._sum = 0.0

    def clear(self) -> None:
        """Forget every reading (at a new step)."""
        self._readings.clear()
        self._sum = 0.0

    def add(self, t: float, value: float) -> None:
        """Add a reading taken at `t`, dropping those older than the window."""
        self._readings.append((t, value))
        self._sum += value
        horizon = t - self.window_s
        while self._readings[0][0] < horizon:
            self._sum -= self._readings.popleft()[1]

    def mean(self) -> float | None:
        """The mean, once the window holds at least half its span of readings."""
        if not self._readings:
            return None
        span = self._readings[-1][0] - self._readings[0][0]
        if span < self.window_s / 2:
            return None
        return self._sum / len(self._readings)


class SmoothedAlarm:
    """Decides when a smoothed value outside [low, high] deserves a spoken alert."""

    __slots__ = ("_average", "_last_alert", "_outside", "settings")

    def __init__(self, settings: AlertSettings) -> None:
        self.settings = settings
        self._average = WindowAverage(settings.window_s)
        self._outside: Deviation | None = None
        self._last_alert: float | None = None

    def reset(self) -> None:
        """A new step: no history, no cooldown carried over."""
        self._average.clear()
        self._outside = None
        self._last_alert = None

    def observe(
        self, active_s: float, value: float, low: float, high: float
    ) -> tuple[Deviation, float] | None:
        """Add a reading at `active_s` seconds into the step; return (side, mean) to alert on."""
        self._average.add(active_s, value)
        mean = self._average.mean()
        if mean is None:
            return None
        if active_s < self.settings.grace_s:
            return None  # the start of a step (getting up to pace) sets no side
        margin = self.settings.hysteresis
        if mean < low * (1 - margin):
            side: Deviation | None = Deviation.LOW
        elif mean > high * (1 + margin):
            side = Deviation.HIGH
        elif low <= mean <= high:
            side = None
        else:
            side = self._outside  # inside the hysteresis band: keep what we had
        self._outside = side
        if side is None:
            return None
        if self._last_alert is not None and active_s - self._last_alert < self.settings.cooldown_s:
            return None
        self._last_alert = active_s
        return side, mean
