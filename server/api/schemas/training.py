"""The plan, sessions and the training log."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator

from server.api.schemas.base import Body, Reply
from server.api.schemas.coach import ReadinessReply
from server.engine import CuePreferences, EngineSettings, Units, Venue
from server.engine.stored_results import read_summary
from server.engine.summary import SessionSummary
from server.store.sessions import session_settings
from server.store.tables import SessionRow

__all__ = [
    "LogEntryIn",
    "LogEntryReply",
    "PlanEntryIn",
    "PlanEntryReply",
    "PreviewIn",
    "PreviewReply",
    "ReadinessNote",
    "SessionIn",
    "SessionReply",
    "SessionSettingsReply",
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


Lane = Annotated[
    int, Field(ge=1, le=9, description="the lane run in; it changes distances only on a track")
]
VenueChoice = Annotated[
    Venue | None,
    Field(
        description="where the session is run (what measures distance); the profile's venue "
        "when left out"
    ),
]


class SessionIn(_WorkoutChoice):
    """Create a session for a day from a workout; named paces resolve against the profile now,
    and the profile's units and cues (and its venue, unless one is given) are kept with it."""

    day: dt.date
    lane: Lane = 1
    venue: VenueChoice = None


class SessionSettingsReply(Reply):
    """The settings a session keeps from its creation: units, venue and cue preferences."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "units": "mi",
                    "venue": "road",
                    "cues": {
                        "voice": True,
                        "beeps": True,
                        "vibration": True,
                        "pace_alerts": True,
                        "hr_alerts": False,
                        "split_calls": True,
                        "fatigue_checks": True,
                        "countdown_buzz": False,
                    },
                }
            ]
        }
    )

    units: Units
    venue: Venue
    cues: CuePreferences

    @classmethod
    def of(cls, settings: EngineSettings) -> SessionSettingsReply:
        """What the athlete chose among the engine's settings (its tunings stay internal)."""
        return cls(units=settings.units, venue=settings.venue, cues=settings.cues)


class SessionReply(Reply):
    """A session: the resolved workout and the settings it runs with, its status and results."""

    id: str
    day: dt.date
    workout_id: str | None
    template: str | None
    status: str
    snapshot: dict[str, Any]
    settings: SessionSettingsReply = Field(
        description="kept from the session's creation; a later profile change does not reach it"
    )
    results: SessionSummary | None = Field(
        description="the engine's typed results; those stored by earlier versions read the same"
    )
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: SessionRow) -> SessionReply:
        """The reply for a stored session (one older than stored settings shows the defaults)."""
        settings = session_settings(row)
        return cls(
            id=row.id,
            day=row.day,
            workout_id=row.workout_id,
            template=row.template,
            status=row.status,
            snapshot=row.snapshot,
            settings=SessionSettingsReply.of(settings),
            results=read_summary(row.results, settings),
            created_at=row.created_at,
        )


class PreviewIn(Body):
    """A workout to look at before running it: the athlete's, a built-in, or text being written.

    Nothing is stored; the reply is what `POST /v1/sessions` would keep, with readiness notes.
    """

    workout_id: Id | None = None
    template: Key | None = None
    text: Annotated[str, Field(max_length=100_000)] | None = None
    day: dt.date | None = Field(default=None, description="the day to run it; today when left out")
    lane: Lane = 1
    venue: VenueChoice = None

    @model_validator(mode="after")
    def _one_workout(self) -> PreviewIn:
        given = [self.workout_id, self.template, self.text]
        if sum(value is not None for value in given) != 1:
            raise ValueError("give exactly one of 'workout_id', 'template' and 'text'")
        return self


class ReadinessNote(Reply):
    """A hard day next to the one previewed: hard days go 48 hours apart."""

    day: dt.date
    source: Literal["session", "log", "plan"]
    message: str


class PreviewReply(Reply):
    """A workout resolved for the athlete now, and whether the day suits it."""

    day: dt.date
    snapshot: dict[str, Any] = Field(description="the resolved workout a session would keep")
    settings: SessionSettingsReply = Field(description="the settings a session would keep")
    warnings: list[str] = Field(description="what the text deserves a warning for")
    hard: bool = Field(description="at least five minutes of work faster than marathon pace")
    readiness: ReadinessReply = Field(description="go, caution or wait, why, and alternatives")
    hard_days: list[ReadinessNote] = Field(description="hard days next to this one")


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
