"""The plan, sessions and the training log."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field, model_validator

from server.api.schemas.base import Body, Reply

__all__ = [
    "LogEntryIn",
    "LogEntryReply",
    "PlanEntryIn",
    "PlanEntryReply",
    "SessionIn",
    "SessionReply",
    "Soreness",
]

Key = Annotated[str, Field(min_length=1, max_length=32, examples=["6x400"])]
Id = Annotated[str, Field(min_length=1, max_length=64)]


class _WorkoutChoice(Body):
    workout_id: Id | None = None
    template: Key | None = None

    @model_validator(mode="after")
    def _one_workout(self) -> _WorkoutChoice:
        if (self.workout_id is None) == (self.template is None):
            raise ValueError("give either 'workout_id' or 'template', not both and not neither")
        return self


class PlanEntryIn(_WorkoutChoice):
    """Schedule one of the athlete's workouts or a built-in on a day."""

    day: dt.date
    note: Annotated[str, Field(max_length=2000)] | None = None


class PlanEntryReply(Reply):
    """A scheduled workout."""

    id: str
    day: dt.date
    workout_id: str | None
    template: str | None
    note: str | None


class SessionIn(_WorkoutChoice):
    """Create a session for a day from a workout; named paces resolve against the profile now."""

    day: dt.date
    lane: Annotated[int, Field(ge=1, le=9)] = 1


class SessionReply(Reply):
    """A session: the resolved workout it runs, its status and its results."""

    id: str
    day: dt.date
    workout_id: str | None
    template: str | None
    status: str
    snapshot: dict[str, Any]
    results: dict[str, Any] | None
    created_at: dt.datetime


class Soreness(Body):
    """Where it hurts and how much (0 none - 10 worst)."""

    where: Annotated[str, Field(min_length=1, max_length=64, examples=["left calf"])]
    severity: Annotated[int, Field(ge=0, le=10)]


class LogEntryIn(Body):
    """How a day or a session felt."""

    day: dt.date
    session_id: Id | None = None
    rpe: Annotated[int, Field(ge=1, le=10)] | None = None
    soreness: Annotated[list[Soreness], Field(max_length=20)] = []
    feelings: Annotated[str, Field(max_length=2000)] | None = None
    notes: Annotated[str, Field(max_length=10_000)] | None = None


class LogEntryReply(Reply):
    """A training-log entry."""

    id: str
    day: dt.date
    session_id: str | None
    rpe: int | None
    soreness: list[Soreness]
    feelings: str | None
    notes: str | None
    created_at: dt.datetime
