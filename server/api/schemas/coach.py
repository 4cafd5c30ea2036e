"""Hand-logged runs, training load, readiness and races, as the API takes and sends them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from server.api.schemas.base import Body, Reply
from server.coach.inputs import Readiness
from server.coach.load import TrainingLoad
from server.store.tables import ActivityRow
from server.store.training_tables import RaceRow

__all__ = [
    "AlternativeReply",
    "DayLoadReply",
    "LoadReply",
    "LoggedRunIn",
    "LoggedRunReply",
    "RaceIn",
    "RaceReply",
    "ReadinessReply",
    "ReasonReply",
    "TodayReply",
    "WeekLoadReply",
]

LoggedSport = Literal["running", "walking", "hiking", "cycling", "swimming", "rowing", "other"]
Name = Annotated[str, Field(min_length=1, max_length=200)]


class LoggedRunIn(Body):
    """A run (or another activity) logged by hand, for runners who log without a file."""

    day: dt.date
    sport: LoggedSport = "running"
    distance_m: Annotated[float, Field(ge=0, le=500_000)] | None = None
    duration_s: Annotated[float, Field(ge=1, le=48 * 3600)]
    avg_hr: Annotated[float, Field(ge=30, le=250)] | None = None
    rpe: Annotated[int, Field(ge=1, le=10)] | None = None
    name: Name | None = None
    treadmill: bool = Field(default=False, description="run on a belt: its pace is the belt's")


class LoggedRunReply(Reply):
    """A hand-logged run as stored (an activity with `source: manual`)."""

    id: str
    day: dt.date
    sport: str
    name: str | None
    distance_m: float | None
    duration_s: float | None
    avg_hr: float | None
    rpe: int | None
    treadmill: bool
    source: Literal["manual"] = "manual"
    created_at: dt.datetime

    @classmethod
    def of(cls, row: ActivityRow) -> LoggedRunReply:
        document = row.document
        assert row.day is not None
        return cls(
            id=row.id,
            day=row.day,
            sport=row.sport,
            name=document.get("name"),
            distance_m=row.distance_m,
            duration_s=row.timer_s,
            avg_hr=document.get("avg_hr"),
            rpe=row.rpe,
            treadmill=document.get("sub_sport") == "treadmill",
            created_at=row.created_at,
        )


class DayLoadReply(Reply):
    """One day: load, fitness (ctl), fatigue (atl), form (tsb), acute:chronic ratio, volume."""

    date: dt.date
    load: float
    ctl: float
    atl: float
    tsb: float
    acwr: float | None
    distance_m: float
    duration_s: float
    hard: bool


class WeekLoadReply(Reply):
    """One Monday-to-Sunday week: running distance, time, load and hard sessions."""

    week: dt.date = Field(description="its Monday")
    distance_m: float
    duration_s: float
    load: float
    hard_sessions: int


class LoadReply(Reply):
    """Every day of the range and every week touching it."""

    days: list[DayLoadReply]
    weeks: list[WeekLoadReply]

    @classmethod
    def of(cls, load: TrainingLoad) -> LoadReply:
        return cls(
            days=[DayLoadReply.model_validate(day) for day in load.days],
            weeks=[WeekLoadReply.model_validate(week) for week in load.weeks],
        )


class ReasonReply(Reply):
    """One finding, in words a runner understands."""

    code: Literal[
        "hard_within_48h",
        "load_ramp",
        "acwr_high",
        "soreness",
        "race_soon",
        "heavy_block",
        "back_from_break",
    ]
    verdict: Literal["go", "caution", "wait"]
    message: str


class AlternativeReply(Reply):
    """A concrete session to run instead; `text` is workout text (null for mobility)."""

    kind: Literal["shortened", "taper", "easy_run", "mobility", "move"]
    day: dt.date
    title: str
    text: str | None
    why: str


class ReadinessReply(Reply):
    """Go, caution or wait before a session, why, and what to run instead."""

    verdict: Literal["go", "caution", "wait"]
    reasons: list[ReasonReply]
    alternatives: list[AlternativeReply]

    @classmethod
    def of(cls, found: Readiness) -> ReadinessReply:
        return cls.model_validate(found.model_dump())


class TodayReply(Reply):
    """The Today card: the readiness of the day's first plan entry (null when none)."""

    day: dt.date
    entry_id: str | None
    workout_id: str | None
    template: str | None
    readiness: ReadinessReply | None


class RaceIn(Body):
    """A race on the calendar."""

    day: dt.date
    distance_m: Annotated[float, Field(ge=100, le=1_000_000)]
    name: Name | None = None


class RaceReply(Reply):
    """A race on the calendar."""

    id: str
    day: dt.date
    distance_m: float
    name: str | None

    @classmethod
    def of(cls, row: RaceRow) -> RaceReply:
        return cls(id=row.id, day=row.day, distance_m=row.distance_m, name=row.name)
