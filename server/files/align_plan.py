"""The plan's reps as the aligner measures them, and the spans it gives each step.

A rep is known by its planned distance or time (a lap-button rep by its estimate), its target
speeds, and how long the plan expects from its start to the next rep's: enough to tell whether
a lap or a stretch of fast running is that rep, and whether found reps are spaced as one set.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from server.engine.summary import is_main_set
from server.workouts import (
    DistanceDuration,
    ExpandedStep,
    LapButtonDuration,
    ResolvedPace,
    ResolvedWorkout,
    TimeDuration,
)
from server.workouts.units import pace_to_speed

__all__ = ["RepSpec", "Span", "misfit", "planned_length", "rep_specs"]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the activity, in seconds on the engine's clock."""

    start: float
    end: float


@dataclass(frozen=True, slots=True)
class RepSpec:
    """A planned main-set rep: its step, and how long it is (metres or seconds, if known)."""

    step: int
    metres: float | None
    seconds: float | None
    fast_mps: float | None = None
    slow_mps: float | None = None
    period_s: float | None = None  # planned time from this rep's start to the next rep's


def planned_length(step: ExpandedStep) -> tuple[float | None, float | None]:
    """A step's planned metres and seconds (a lap-button step's estimate), either or neither."""
    duration = step.duration
    if isinstance(duration, LapButtonDuration) and duration.estimate is not None:
        duration = duration.estimate
    metres = duration.metres if isinstance(duration, DistanceDuration) else None
    seconds = duration.seconds if isinstance(duration, TimeDuration) else None
    return metres, seconds


def rep_specs(plan: ResolvedWorkout) -> list[RepSpec]:
    """The main set's reps as planned, in order."""
    specs = []
    for step in plan.steps:
        if not is_main_set(step, plan.steps):
            continue
        metres, seconds = planned_length(step)
        target = step.target
        fast = slow = None
        if isinstance(target, ResolvedPace):
            fast, slow = pace_to_speed(target.fast_s_per_km), pace_to_speed(target.slow_s_per_km)
        specs.append(RepSpec(step.index, metres, seconds, fast, slow))
    for k, spec in enumerate(specs[:-1]):
        between = plan.steps[spec.step : specs[k + 1].step]
        known = [s.planned_seconds or s.estimated_seconds for s in between]
        if all(value is not None for value in known):
            specs[k] = replace(spec, period_s=sum(v for v in known if v is not None))
    return specs


def misfit(spec: RepSpec, seconds: float, metres: float) -> float:
    """How far a stretch is from the planned rep, as a fraction of the plan (0 is exact)."""
    if spec.metres is not None:
        return abs(metres - spec.metres) / spec.metres
    if spec.seconds is not None:
        return abs(seconds - spec.seconds) / spec.seconds
    return 0.0 if seconds >= 20 else 1.0
