"""Fatigue checks across reps: a fading pace or a drifting heart rate means ease off or stop.

Good coaching ends a set while form holds. After each rep the set's latest rep is compared with
its first two: speed lost beyond a threshold suggests easing the next rep, more than that (or a
fade twice running) suggests making this the last one; heart rate climbing at the same pace
says the recoveries are not enough.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Advice", "FatigueSettings", "RepEffort", "advice_after", "assess"]


class Advice(StrEnum):
    """What the engine suggests."""

    EASE = "ease"
    STOP = "stop"
    RECOVER = "recover"


@dataclass(frozen=True, slots=True, kw_only=True)
class FatigueSettings:
    """Thresholds in percent of the first reps."""

    ease_fade_pct: float = 3.0
    stop_fade_pct: float = 5.0
    hr_drift_pct: float = 5.0


@dataclass(frozen=True, slots=True)
class RepEffort:
    """A finished rep of a set: its speed (m/s) and mean heart rate."""

    speed: float
    hr: float | None


def assess(efforts: list[RepEffort], settings: FatigueSettings) -> tuple[Advice, float] | None:
    """Advice after the latest rep of a set, with the fade or drift (percent) behind it."""
    if len(efforts) < 3:
        return None
    first, second, latest = efforts[0], efforts[1], efforts[-1]
    baseline = (first.speed + second.speed) / 2
    fade = (baseline - latest.speed) / baseline * 100
    previous_fade = (baseline - efforts[-2].speed) / baseline * 100 if len(efforts) > 3 else 0.0
    if fade >= settings.stop_fade_pct or (
        fade >= settings.ease_fade_pct and previous_fade >= settings.ease_fade_pct
    ):
        return Advice.STOP, fade
    if fade >= settings.ease_fade_pct:
        return Advice.EASE, fade
    if first.hr and second.hr and latest.hr and fade > -settings.ease_fade_pct:
        hr_baseline = (first.hr + second.hr) / 2
        drift = (latest.hr - hr_baseline) / hr_baseline * 100
        if drift >= settings.hr_drift_pct:
            return Advice.RECOVER, drift
    return None


def advice_after(advice: Advice, amount: float) -> str:
    """The advice as a runner reads it after the session (the results, the phone, the CLI)."""
    if advice is Advice.EASE:
        return f"Pace faded {amount:.1f} % over the set: ease the next session's reps."
    if advice is Advice.STOP:
        return (
            f"Pace faded {amount:.1f} %: the set had run its course. Ending a set while form"
            " holds is good training."
        )
    return f"Heart rate drifted up {amount:.1f} % at the same pace: take fuller recoveries."
