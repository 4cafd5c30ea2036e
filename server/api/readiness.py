"""Readiness: is a hard session on a day too close to another hard day?

Coaches keep hard days about 48 hours apart: the adaptation happens in the easy days between,
and a quality session on tired legs is slower, riskier and teaches less. The rule is read by
calendar days, as a plan is: no two hard days back to back. So before a hard session the phone
is told about hard days next to it: a hard session run (finished) the day before or earlier the
same day, judged from the reps actually run; a log entry the athlete rated hard (RPE 7 or
more); or a hard session planned for the day after. Only a hard session gets a warning; easy
running is always fine.

"Hard" is judged from the resolved workout, the way a coach reads a plan: at least five minutes
of work faster than marathon pace (or at a hard heart rate or effort). The strides in every
warm-up and an easy run with strides stay easy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from server.engine.summary import SessionSummary
from server.workouts import (
    ResolvedHeartRate,
    ResolvedPace,
    ResolvedRpe,
    ResolvedWorkout,
    StepKind,
)

__all__ = [
    "HARD_RPE",
    "QUALITY_SECONDS",
    "HardDay",
    "Note",
    "is_hard",
    "notes",
    "quality_seconds",
    "ran_hard",
]

QUALITY_SECONDS = 300.0
"""Work this long at a quality intensity makes a hard day; strides (4 x 20 s) do not."""

HARD_RPE = 7
"""A logged effort this high makes a hard day, whatever the plan said."""

_MARATHON_OVER_THRESHOLD = 1.06  # marathon pace is about 6 % slower than threshold pace
_HARD_HR_ZONE = 4  # zone 4 and up: threshold and faster


def _quality(step_target: object, workout: ResolvedWorkout) -> bool:
    athlete = workout.athlete
    if isinstance(step_target, ResolvedPace):
        threshold = athlete.threshold_pace()
        if threshold is None:
            return True  # no reference: a paced rep is taken as quality
        return step_target.fast_s_per_km < threshold * _MARATHON_OVER_THRESHOLD
    if isinstance(step_target, ResolvedHeartRate):
        zones = athlete.heart_rate_zones()
        if zones is not None and len(zones) >= _HARD_HR_ZONE:
            return step_target.low_bpm >= zones[_HARD_HR_ZONE - 1].low
        return True
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


@dataclass(frozen=True, slots=True)
class HardDay:
    """Something hard on a day: a session run, a hard log entry, or a hard session planned."""

    day: dt.date
    source: Literal["session", "log", "plan"]
    what: str


@dataclass(frozen=True, slots=True)
class Note:
    """A readiness warning about one neighbouring hard day."""

    day: dt.date
    source: Literal["session", "log", "plan"]
    message: str


def _when(hard: HardDay, day: dt.date) -> str | None:
    offset = (hard.day - day).days
    if hard.source == "plan":
        return "the day after" if offset == 1 else None
    return {-1: "the day before", 0: "earlier the same day"}.get(offset)


def _message(hard: HardDay, when: str) -> str:
    advice = "keep hard days 48 hours apart"
    if hard.source == "log":
        return f"You logged {when} as hard ({hard.what}): {advice}; run easy instead."
    if hard.source == "plan":
        return f"The plan has a hard session {when} ({hard.what}): {advice}; move one of them."
    return f"A hard session {when} ({hard.what}): {advice}; run easy instead and move this one."


def notes(day: dt.date, hard_days: list[HardDay]) -> list[Note]:
    """Warnings for a hard session on `day`: one per neighbouring day, a session before a log."""
    chosen: dict[dt.date, HardDay] = {}
    rank = {"session": 0, "log": 1, "plan": 2}
    for hard in hard_days:
        if _when(hard, day) is None:
            continue
        known = chosen.get(hard.day)
        if known is None or rank[hard.source] < rank[known.source]:
            chosen[hard.day] = hard
    result = []
    for neighbour in sorted(chosen):
        hard = chosen[neighbour]
        when = _when(hard, day)
        assert when is not None
        result.append(Note(day=hard.day, source=hard.source, message=_message(hard, when)))
    return result
