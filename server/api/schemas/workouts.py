"""Workouts in the API: created from text or from the model's JSON."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field, model_validator

from server.api.schemas.base import Body, Reply
from server.store.tables import WorkoutRow
from server.workouts import Workout, format_workout

__all__ = ["LibraryReply", "WorkoutIn", "WorkoutReply"]

EXAMPLE_TEXT = "# 6 x 400 m\nMain set 6x\n- 400mtr I Pace splits 200mtr\n- Jog 400mtr E Pace\n"


class WorkoutIn(Body):
    """A workout as text (the workout format) or as JSON (the model); exactly one of them."""

    text: Annotated[str, Field(max_length=100_000, examples=[EXAMPLE_TEXT])] | None = None
    workout: dict[str, Any] | None = Field(
        default=None, description="the workout model as JSON; see the Workout schema"
    )
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        default=None, description="a name when the text has no '# title' line"
    )

    @model_validator(mode="after")
    def _one_source(self) -> WorkoutIn:
        if (self.text is None) == (self.workout is None):
            raise ValueError("send either 'text' or 'workout', not both and not neither")
        return self


class WorkoutReply(Reply):
    """A stored workout: its model, its text, and the warnings its text deserves."""

    id: str
    name: str
    text: str
    workout: dict[str, Any]
    warnings: list[str] = []
    created_at: dt.datetime
    updated_at: dt.datetime

    @classmethod
    def of(cls, row: WorkoutRow) -> WorkoutReply:
        """The stored workout with its text written from the model."""
        return cls(
            id=row.id,
            name=row.name,
            text=format_workout(Workout.model_validate(row.definition)),
            workout=row.definition,
            warnings=list(row.warnings or []),  # kept with the workout, shown whenever it is read
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


class LibraryReply(Reply):
    """A built-in workout and why a coach would prescribe it."""

    key: str
    name: str
    rationale: str
    text: str
    workout: dict[str, Any]
