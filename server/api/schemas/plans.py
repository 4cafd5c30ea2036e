"""Progress over weeks, bad-weather substitution and the season plan, as the API sends them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from server.api.schemas.base import Body, Reply
from server.coach.effort import LoadComparison
from server.coach.progression import ProgressRow
from server.coach.season import Weekday

__all__ = [
    "AcceptIn",
    "ProgressReply",
    "ProgressRowReply",
    "SeasonIn",
    "SeasonReply",
    "SubstituteIn",
    "SubstitutionIn",
    "SubstitutionReply",
    "SuggestionReply",
    "SwappedEntryReply",
    "VersionReply",
]

Key = Annotated[str, Field(min_length=1, max_length=32, examples=["6x400"])]
Id = Annotated[str, Field(min_length=1, max_length=64)]
OffVenue = Literal["road", "treadmill"]
Style = Literal["by_time", "measured_stretch", "tempo"]


class ProgressRowReply(ProgressRow):
    """One run of the workout: reps, paces, fade, heart rate, RPE, controlled or not."""

    session_id: str


class SuggestionReply(Reply):
    """What to do next time: `workout` is the next version as workout text."""

    kind: Literal["add_rep", "faster", "repeat", "ease"]
    text: str
    workout: str


class ProgressReply(Reply):
    """Every run of one workout over the weeks, oldest first, and the suggestion."""

    workout_id: str | None
    template: str | None
    version: int | None = Field(description="the athlete's workout's version; null for a built-in")
    rows: list[ProgressRowReply]
    suggestion: SuggestionReply | None


class AcceptIn(Body):
    """Save the progress suggestion of a workout (or a built-in) as its next version."""

    workout_id: Id | None = None
    template: Key | None = None

    @model_validator(mode="after")
    def _one_workout(self) -> AcceptIn:
        if (self.workout_id is None) == (self.template is None):
            raise ValueError("give either 'workout_id' or 'template', not both and not neither")
        return self


class VersionReply(Reply):
    """The workout as saved, with its version."""

    id: str
    name: str
    text: str
    workout: dict[str, Any]
    version: int
    updated_at: dt.datetime


class _Options(Body):
    style: Style = Field(
        default="by_time", description="road only: reps by time, on a measured stretch, or a tempo"
    )
    incline: bool = Field(default=True, description="treadmill only: false for a flat belt")


class SubstitutionIn(_Options):
    """A workout, a built-in or a session's workout, for another venue."""

    workout_id: Id | None = None
    template: Key | None = None
    session_id: Id | None = None
    venue: OffVenue

    @model_validator(mode="after")
    def _one_workout(self) -> SubstitutionIn:
        given = [self.workout_id, self.template, self.session_id]
        if sum(value is not None for value in given) != 1:
            raise ValueError("give exactly one of 'workout_id', 'template' and 'session_id'")
        return self


class SubstituteIn(_Options):
    """Swap a plan entry to its version for another venue."""

    venue: OffVenue


class SubstitutionReply(Reply):
    """The session of the same effort for the venue, why, and how its load compares."""

    venue: OffVenue
    style: Style | None
    workout: str = Field(description="workout text")
    rationale: str
    load_comparison: LoadComparison | None


class SwappedEntryReply(Reply):
    """The plan entry after the swap: its new workout and the venue it runs on."""

    id: str
    day: dt.date
    workout_id: str | None
    template: str | None
    note: str | None
    venue: str | None


class SeasonIn(Body):
    """A season to a race: its name or distance, the day, a goal, and the week's rhythm."""

    race: Annotated[str, Field(min_length=1, max_length=32, examples=["10k"])]
    race_date: dt.date
    goal_time: Annotated[str, Field(max_length=16, examples=["40:00"])] | None = None
    runs_per_week: Annotated[int, Field(ge=3, le=7)]
    long_run_day: Weekday
    track_day: Weekday


class SeasonEntryReply(Reply):
    """A day of the season and the plan entry it landed as (null for a rest day)."""

    day: dt.date
    kind: str
    workout_text: str | None
    note: str
    distance_km: float
    plan_entry_id: str | None


class SeasonWeekReply(Reply):
    week_start: dt.date
    phase: str
    recovery: bool
    volume_km: float
    entries: list[SeasonEntryReply]


class PhaseReply(Reply):
    phase: str
    start: dt.date
    end: dt.date


class SeasonReply(Reply):
    """The season: its race, phases and weeks, and what was noticed while planning."""

    id: str
    race: str
    race_metres: float
    race_date: dt.date
    goal_time_s: float | None
    race_id: str | None
    notes: list[str]
    phases: list[PhaseReply]
    weeks: list[SeasonWeekReply]
