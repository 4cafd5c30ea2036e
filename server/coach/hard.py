"""Whether a day was hard, judged the way a coach reads a plan or a run.

Coaches keep hard days about 48 hours apart: the adaptation happens in the easy days between,
and a quality session on tired legs is slower, riskier and teaches less. "Hard" means at least
five minutes of work faster than marathon pace (or at a hard heart rate or effort), so the
strides in every warm-up and an easy run with strides stay easy. A planned workout is judged
from its steps, a session that was run from the reps actually run, and an imported or logged
run from its laps, its heart rate or the effort the runner gave it.
"""

from __future__ import annotations

from collections.abc import Iterable

from server.engine.summary import SessionSummary
from server.workouts import (
    AthleteProfile,
    ResolvedHeartRate,
    ResolvedPace,
    ResolvedRpe,
    ResolvedWorkout,
    StepKind,
)

__all__ = [
    "HARD_RPE",
    "MARATHON_OVER_THRESHOLD",
    "QUALITY_SECONDS",
    "is_hard",
    "quality_seconds",
    "ran_hard",
    "segments_hard",
]

QUALITY_SECONDS = 300.0
"""Work this long at a quality intensity makes a hard day; strides (4 x 20 s) do not."""

HARD_RPE = 7
"""A logged effort this high makes a hard day, whatever the plan said."""

MARATHON_OVER_THRESHOLD = 1.06
"""Marathon pace is about 6 % slower than threshold pace: faster than it is quality work."""

_HARD_HR_ZONE = 4  # zone 4 and up: threshold and faster


def _hard_hr_floor(athlete: AthleteProfile) -> float | None:
    zones = athlete.heart_rate_zones()
    if zones is not None and len(zones) >= _HARD_HR_ZONE:
        return float(zones[_HARD_HR_ZONE - 1].low)
    return None


def _quality(step_target: object, workout: ResolvedWorkout) -> bool:
    athlete = workout.athlete
    if isinstance(step_target, ResolvedPace):
        threshold = athlete.threshold_pace()
        if threshold is None:
            return True  # no reference: a paced rep is taken as quality
        return step_target.fast_s_per_km < threshold * MARATHON_OVER_THRESHOLD
    if isinstance(step_target, ResolvedHeartRate):
        floor = _hard_hr_floor(athlete)
        return True if floor is None else step_target.low_bpm >= floor
    if isinstance(step_target, ResolvedRpe):
        return step_target.low >= HARD_RPE
    return False


def quality_seconds(workout: ResolvedWorkout) -> float:
    """Seconds of work steps at a quality intensity, as planned or estimated."""
    total = 0.0
    for step in workout.steps:
        if step.kind is StepKind.WORK and _quality(step.target, workout):
            total += step.planned_seconds or step.estimated_seconds or 0.0
    return total


def is_hard(workout: ResolvedWorkout) -> bool:
    """Whether a coach would call this workout a hard day."""
    return quality_seconds(workout) >= QUALITY_SECONDS


def ran_hard(workout: ResolvedWorkout, results: SessionSummary | None) -> bool:
    """Whether a session that was run was hard: judged from the reps actually run.

    A session ended in its warm-up was not a hard day, whatever its plan said; without results
    (an older session), the plan speaks for it.
    """
    if results is None:
        return is_hard(workout)
    steps = {step.index: step for step in workout.steps}
    total = 0.0
    for rep in results.reps:
        if rep.skipped:
            continue
        step = steps.get(rep.index)
        if step is not None and step.kind is StepKind.WORK and _quality(step.target, workout):
            total += rep.seconds
    return total >= QUALITY_SECONDS


def segments_hard(
    segments: Iterable[tuple[float, float | None, float | None]],
    athlete: AthleteProfile,
    *,
    quality_s: float = QUALITY_SECONDS,
) -> str | None:
    """Why a run's laps or reps made it hard (None if they did not).

    Each segment is (seconds, metres or None, average heart rate or None). A segment is quality
    when it was faster than marathon pace, or at zone 4 heart rate or above.
    """
    threshold = athlete.threshold_pace()
    floor = _hard_hr_floor(athlete)
    fast = by_hr = 0.0
    for seconds, metres, hr in segments:
        if seconds <= 0:
            continue
        if (
            threshold is not None
            and metres
            and seconds / metres * 1000 < (threshold * MARATHON_OVER_THRESHOLD)
        ):
            fast += seconds
        elif floor is not None and hr is not None and hr >= floor:
            by_hr += seconds
    if fast >= quality_s:
        return f"{fast / 60:.0f} min faster than marathon pace"
    if fast + by_hr >= quality_s:
        return f"{(fast + by_hr) / 60:.0f} min at threshold heart rate or faster"
    return None
