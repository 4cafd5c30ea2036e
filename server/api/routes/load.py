"""Training load over a range, and the Today card's readiness.

The load is the coach's `training_load` over every run in the range and the year before it
(fitness forgets slowly); a range is at most ten years, so the work stays bounded.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from server.api.coaching import LOOKBACK, gather, planned_workouts, readiness_on
from server.api.deps import CurrentAthlete, DbSession
from server.api.problems import InvalidField, ProblemError, problem_responses
from server.api.schemas.coach import LoadReply, ReadinessReply, TodayReply
from server.coach.load import training_load
from server.store.athletes import get_athlete, profile_of
from server.store.plans import list_plan
from server.workouts import WorkoutError, resolve

__all__ = ["router"]

router = APIRouter(prefix="/v1")

MAX_YEARS = 10
_MAX_SPAN = dt.timedelta(days=366 * MAX_YEARS)
_DEFAULT_DAYS = 90

First = Annotated[dt.date | None, Query(alias="from", description="first day (inclusive)")]
Last = Annotated[dt.date | None, Query(alias="to", description="last day (inclusive)")]


def _range(first: dt.date | None, last: dt.date | None) -> tuple[dt.date, dt.date]:
    last = last or dt.date.today()
    if first is None:
        early = last - dt.date.min <= LOOKBACK + dt.timedelta(days=_DEFAULT_DAYS)
        first = last if early else last - dt.timedelta(days=_DEFAULT_DAYS - 1)
    if last < first:
        field = InvalidField(where="query > to", what="before 'from'")
        raise ProblemError(422, "the range ends before it starts", errors=[field])
    if last - first > _MAX_SPAN:
        field = InvalidField(where="query > to", what=f"more than {MAX_YEARS} years after 'from'")
        raise ProblemError(422, f"a load range spans at most {MAX_YEARS} years", errors=[field])
    if first - dt.date.min < LOOKBACK or dt.date.max - last < dt.timedelta(days=7):
        field = InvalidField(where="query > from", what="outside the years 2 to 9998")
        raise ProblemError(422, "the range is outside the calendar", errors=[field])
    return first, last


@router.get("/load", tags=["training"], responses=problem_responses(401, 403, 422))
async def read_load(
    athlete: CurrentAthlete, db: DbSession, first: First = None, last: Last = None
) -> LoadReply:
    """Every day's load, fitness (ctl), fatigue (atl) and form (tsb), distance, time and
    whether it was hard, and every week's volume, load and hard sessions; the last 90 days by
    default, at most ten years."""
    start, end = _range(first, last)
    profile = profile_of(await get_athlete(db, athlete.athlete_id)).athlete()
    gathered = await gather(db, athlete.athlete_id, profile, start - LOOKBACK, end)
    return LoadReply.of(training_load(gathered.history, start, end, profile))


@router.get("/readiness", tags=["training"], responses=problem_responses(401, 403, 422))
async def read_readiness(
    athlete: CurrentAthlete,
    db: DbSession,
    day: Annotated[dt.date | None, Query(description="the day; today when left out")] = None,
) -> TodayReply:
    """The Today card: readiness for the day's first plan entry that resolves (null when
    nothing is planned), with its reasons and alternatives."""
    day = day or dt.date.today()
    if day - dt.date.min < LOOKBACK or dt.date.max - day < LOOKBACK:
        field = InvalidField(where="query > day", what="outside the years 2 to 9998")
        raise ProblemError(422, "the day is outside the calendar", errors=[field])
    profile = profile_of(await get_athlete(db, athlete.athlete_id)).athlete()
    entries = await list_plan(db, athlete.athlete_id, day, day)
    for entry, workout in await planned_workouts(db, athlete.athlete_id, entries):
        try:
            resolved = resolve(workout, profile)
        except WorkoutError:
            continue
        found = await readiness_on(
            db, athlete.athlete_id, profile, day, resolved, skip_entry=entry.id
        )
        return TodayReply(
            day=day,
            entry_id=entry.id,
            workout_id=entry.workout_id,
            template=entry.template,
            readiness=ReadinessReply.of(found),
        )
    return TodayReply(day=day, entry_id=None, workout_id=None, template=None, readiness=None)
