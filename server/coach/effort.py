"""Effort across venues: which Daniels intensity a pace is, the heart rate and perceived effort
that go with it, and a session's load as time at intensity.

A session moved off the track keeps its effort, not its numbers: on the road GPS pace is noisy
and the weather changes what a pace costs, so a rep is also given the heart rate and the feeling
of its intensity. Two sessions are compared by the load they carry (an rTSS-like sum of time
weighted by the square of intensity), which is how TrainingPeaks' running TSS ranks them.
Sources are in `docs/coaching.md`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from server.workouts import (
    AthleteProfile,
    HeartRateReference,
    HeartRateTarget,
    ResolvedPace,
    ResolvedRpe,
    ResolvedWorkout,
    RpeTarget,
    Step,
    StepKind,
    TimeDuration,
    Workout,
    resolve,
)
from server.workouts.model import Target
from server.workouts.vdot import TrainingPaces

__all__ = [
    "HR_GUARD_PCT_LTHR",
    "HR_GUARD_PCT_MAX",
    "RPE_OF",
    "Intensity",
    "LoadComparison",
    "SessionLoad",
    "compare_loads",
    "easy_middle",
    "hr_guard",
    "intensity_of",
    "pace_of",
    "rpe_target",
    "session_load",
]


class Intensity(StrEnum):
    """Daniels' training intensities, easiest first."""

    EASY = "E"
    MARATHON = "M"
    THRESHOLD = "T"
    INTERVAL = "I"
    REPETITION = "R"


HR_GUARD_PCT_MAX: dict[Intensity, tuple[int, int]] = {
    Intensity.EASY: (65, 79),
    Intensity.MARATHON: (80, 90),
    Intensity.THRESHOLD: (88, 92),
    Intensity.INTERVAL: (95, 98),
}
"""Heart rate by intensity in percent of max HR (Daniels' Running Formula). R has none: its
reps end before heart rate catches up. The I guard stops at 98 % so that it warns before max."""

HR_GUARD_PCT_LTHR: dict[Intensity, tuple[int, int]] = {
    Intensity.EASY: (81, 89),
    Intensity.MARATHON: (90, 94),
    Intensity.THRESHOLD: (95, 100),
    Intensity.INTERVAL: (100, 106),
}
"""The same guards in percent of lactate-threshold HR (Friel's run zones 1-2, 3, 4-5a, 5a-5b)."""

RPE_OF: dict[Intensity, tuple[int, int]] = {
    Intensity.EASY: (2, 3),
    Intensity.MARATHON: (5, 5),
    Intensity.THRESHOLD: (6, 7),
    Intensity.INTERVAL: (8, 8),
    Intensity.REPETITION: (8, 9),
}
"""Perceived effort on the 1-10 scale for each intensity: "comfortably hard" tempo at 6-7."""

_IF_OF_RPE = (0.6, 0.65, 0.75, 0.8, 0.85, 0.92, 1.0, 1.05, 1.1, 1.15)
"""Intensity factor (threshold speed = 1) for RPE 1..10, for steps run by feel."""


def pace_of(target: Target, profile: AthleteProfile) -> ResolvedPace | None:
    """A pace target's range for this athlete (None for a target not of pace); raises
    `ResolutionError` when the profile lacks what the target needs."""
    probe = Workout(
        items=(Step(kind=StepKind.WORK, duration=TimeDuration(seconds=60), targets=(target,)),)
    )
    resolved = resolve(probe, profile).steps[0].target
    return resolved if isinstance(resolved, ResolvedPace) else None


def easy_middle(paces: TrainingPaces) -> float:
    """The middle of Daniels' easy range (s/km): the one pace an easy stretch is counted at."""
    return (paces.easy[0] + paces.easy[1]) / 2


def intensity_of(pace_s_per_km: float, paces: TrainingPaces) -> Intensity:
    """The Daniels intensity whose pace is nearest (split half-way between neighbours)."""
    easy = easy_middle(paces)
    ladder = (
        (Intensity.EASY, easy),
        (Intensity.MARATHON, paces.marathon),
        (Intensity.THRESHOLD, paces.threshold),
        (Intensity.INTERVAL, paces.interval),
        (Intensity.REPETITION, paces.repetition),
    )
    for (name, pace), (_, faster) in zip(ladder, ladder[1:], strict=False):
        if pace_s_per_km > (pace + faster) / 2:
            return name
    return Intensity.REPETITION


def hr_guard(intensity: Intensity, profile: AthleteProfile) -> HeartRateTarget | None:
    """The heart-rate target that guards an intensity: % of max HR, else % of LTHR, else none."""
    if profile.max_hr is not None and intensity in HR_GUARD_PCT_MAX:
        low, high = HR_GUARD_PCT_MAX[intensity]
        return HeartRateTarget(low=low, high=high, reference=HeartRateReference.MAX)
    if profile.lthr is not None and intensity in HR_GUARD_PCT_LTHR:
        low, high = HR_GUARD_PCT_LTHR[intensity]
        return HeartRateTarget(low=low, high=high, reference=HeartRateReference.LTHR)
    return None


def rpe_target(intensity: Intensity) -> RpeTarget:
    """The perceived effort of an intensity as a target."""
    low, high = RPE_OF[intensity]
    return RpeTarget(low=low, high=high)


@dataclass(frozen=True, slots=True)
class SessionLoad:
    """A session's load: rTSS-like points, and minutes at or above threshold effort."""

    points: float
    hard_minutes: float
    minutes: float


def _factor(step_target: object, kind: StepKind, threshold: float, easy: float | None) -> float:
    if isinstance(step_target, ResolvedPace):
        return threshold / step_target.middle_s_per_km
    if isinstance(step_target, ResolvedRpe):
        return _IF_OF_RPE[round((step_target.low + step_target.high) / 2) - 1]
    if kind is StepKind.REST:
        return 0.0
    if kind is StepKind.WORK:
        return 1.0
    return threshold / easy if easy is not None else 0.75


def session_load(
    resolved: ResolvedWorkout, profile: AthleteProfile, blocks: set[int] | None = None
) -> SessionLoad | None:
    """Load of the session's steps (of the top-level `blocks` only, when given): hours times
    the intensity factor squared times 100, as running TSS counts it. None without a threshold
    pace to measure intensity against."""
    threshold = profile.threshold_pace()
    if threshold is None:
        return None
    paces = profile.paces()
    easy = easy_middle(paces) if paces is not None else None
    points = hard = total = 0.0
    for step in resolved.steps:
        if blocks is not None and step.block_index not in blocks:
            continue
        seconds = step.planned_seconds or step.estimated_seconds or 0.0
        factor = _factor(step.target, step.kind, threshold, easy)
        points += seconds / 3600 * factor * factor * 100
        total += seconds / 60
        if factor >= 0.995:
            hard += seconds / 60
    return SessionLoad(
        points=round(points, 1), hard_minutes=round(hard, 1), minutes=round(total, 1)
    )


class LoadComparison(BaseModel):
    """Both sessions' load (rTSS-like points) and minutes at or above threshold effort."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    original_points: float
    substitute_points: float
    ratio: float
    original_hard_minutes: float
    substitute_hard_minutes: float
    text: str


def compare_loads(original: SessionLoad, changed: SessionLoad, what: str) -> LoadComparison:
    """Two sessions' loads side by side, in numbers and in a sentence."""
    ratio = changed.points / original.points if original.points else 1.0
    if abs(ratio - 1) <= 0.1:
        verdict = "about the same load"
    elif ratio < 1:
        verdict = f"{(1 - ratio) * 100:.0f} % less load"
    else:
        verdict = f"{(ratio - 1) * 100:.0f} % more load"
    text = (
        f"The {what} carries {verdict}: {changed.points:.0f} against {original.points:.0f}"
        f" rTSS-like points, {changed.hard_minutes:.0f} against {original.hard_minutes:.0f}"
        " minutes at or above threshold effort."
    )
    return LoadComparison(
        original_points=original.points,
        substitute_points=changed.points,
        ratio=round(ratio, 2),
        original_hard_minutes=original.hard_minutes,
        substitute_hard_minutes=changed.hard_minutes,
        text=text,
    )
