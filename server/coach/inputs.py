"""What readiness reads besides the history: the log, the session planned, races, and what it
answers. Plain typed values, so the API fills them from its rows and the tests by hand."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from server.coach.hard import is_hard
from server.coach.history import RunRecord, Segment
from server.workouts import ResolvedWorkout, Workout

__all__ = [
    "Alternative",
    "LogRecord",
    "PlannedSession",
    "Race",
    "Readiness",
    "Reason",
    "ReasonCode",
    "Soreness",
    "Verdict",
]

Verdict = Literal["go", "caution", "wait"]
ReasonCode = Literal[
    "hard_within_48h",
    "load_ramp",
    "acwr_high",
    "soreness",
    "race_soon",
    "heavy_block",
    "back_from_break",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Soreness(_Frozen):
    """Where it hurts and how much (0 none - 10 worst), as the log keeps it."""

    where: str
    severity: Annotated[int, Field(ge=0, le=10)]


class LogRecord(_Frozen):
    """A training-log entry: the effort of the day and how the body felt."""

    day: dt.date
    rpe: Annotated[int, Field(ge=1, le=10)] | None = None
    soreness: tuple[Soreness, ...] = ()
    feelings: str | None = None
    notes: str | None = None


class Race(_Frozen):
    """A race on the calendar."""

    day: dt.date
    distance_m: Annotated[float, Field(gt=0)]
    name: str | None = None


class PlannedSession(_Frozen):
    """The session readiness is asked about (or another one planned around it)."""

    day: dt.date
    is_hard: bool
    name: str | None = None
    workout: Workout | None = None
    distance_m: float | None = None
    duration_s: float | None = None
    segments: tuple[Segment, ...] = ()

    @classmethod
    def from_resolved(cls, day: dt.date, resolved: ResolvedWorkout) -> PlannedSession:
        """A resolved workout on a day: hard or not, and its steps as estimated segments."""
        segments = tuple(
            Segment(
                seconds=step.planned_seconds or step.estimated_seconds or 0.0,
                metres=step.estimated_metres or step.planned_metres,
            )
            for step in resolved.steps
            if step.planned_seconds or step.estimated_seconds
        )
        return cls(
            day=day,
            is_hard=is_hard(resolved),
            name=resolved.workout.name,
            workout=resolved.workout,
            distance_m=resolved.totals.distance_m or None,
            duration_s=resolved.totals.duration_s or None,
            segments=segments,
        )

    def as_run(self) -> RunRecord:
        """The session as if run as planned, to count it in this week's load."""
        return RunRecord(
            day=self.day,
            distance_m=self.distance_m,
            duration_s=self.duration_s,
            source="manual",
            name=self.name,
            hard=self.is_hard,
            segments=self.segments,
        )


class Reason(_Frozen):
    """One finding, in words a runner understands."""

    code: ReasonCode
    verdict: Verdict
    message: str


class Alternative(_Frozen):
    """A concrete session to run instead; `text` is a workout in trackcue's text format."""

    kind: Literal["shortened", "taper", "easy_run", "mobility", "move"]
    day: dt.date
    title: str
    text: str | None
    why: str


class Readiness(_Frozen):
    """Go, caution or wait, why, and what to run instead."""

    verdict: Verdict
    reasons: tuple[Reason, ...]
    alternatives: tuple[Alternative, ...]
