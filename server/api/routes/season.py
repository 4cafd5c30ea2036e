"""The season plan: from today to race day in phases, its entries landed in the plan.

Each day with a session becomes a plan entry pointing at a workout the season owns, so the
runner moves, deletes or swaps it like any other entry; the race goes on the race calendar,
where readiness tapers towards it. A new season replaces the old one with all it made.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response, status

from server.api.coaching import recent_weekly_km
from server.api.deps import CurrentAthlete, DbSession
from server.api.problems import InvalidField, ProblemError, problem_responses
from server.api.schemas.plans import SeasonIn, SeasonReply
from server.api.season_follow import definition_of, entries_of, season_reply
from server.coach.season import SeasonError, plan_season
from server.store.athletes import get_athlete, profile_of
from server.store.training import delete_season, get_season, put_season

__all__ = ["router"]

router = APIRouter(prefix="/v1")


@router.post(
    "/season",
    status_code=status.HTTP_201_CREATED,
    tags=["season"],
    responses=problem_responses(401, 403, 422),
)
async def new_season(body: SeasonIn, athlete: CurrentAthlete, db: DbSession) -> SeasonReply:
    """Plan the season to a race (3 to 52 weeks away): base, build, peak and taper, the track
    day with an easy run after it, the long run on its day, 48 hours between hard days."""
    owner = athlete.athlete_id
    profile = profile_of(await get_athlete(db, owner)).athlete()
    today = dt.date.today()
    weekly_km = await recent_weekly_km(db, owner, profile, today)
    try:
        plan = plan_season(
            today,
            body.race,
            body.race_date,
            body.goal_time,
            body.runs_per_week,
            body.long_run_day,
            body.track_day,
            profile,
            weekly_km,
        )
    except SeasonError as error:
        where = "profile > race_results" if error.field == "profile" else f"body > {error.field}"
        field = InvalidField(where=where, what=str(error))
        raise ProblemError(422, f"the season cannot be planned: {error}", errors=[field]) from None
    except ValueError as error:
        field = InvalidField(where="body", what=str(error))
        raise ProblemError(422, f"the season cannot be planned: {error}", errors=[field]) from None
    days = entries_of(plan)
    made = [definition_of(entry) for entry in days]
    wanted = [
        (entry.day, found[0], found[1], entry.note)
        for entry, found in zip(days, made, strict=True)
        if found is not None
    ]
    race = (plan.race_date, plan.race_metres, body.race)
    season, entry_ids = await put_season(db, owner, body.model_dump(mode="json"), race, wanted)
    landed = iter(entry_ids)
    ids = [next(landed) if found is not None else None for found in made]
    season.plan = {"plan": plan.model_dump(mode="json"), "entry_ids": ids}
    await db.commit()
    return season_reply(season)


@router.get("/season", tags=["season"], responses=problem_responses(401, 403, 404))
async def read_season(athlete: CurrentAthlete, db: DbSession) -> SeasonReply:
    """The season: phases, and weeks with each day's session and its plan entry."""
    season = await get_season(db, athlete.athlete_id)
    if season is None:
        raise ProblemError(404, "no season planned: POST /v1/season makes one")
    return season_reply(season)


@router.delete(
    "/season",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["season"],
    responses=problem_responses(401, 403, 404),
)
async def remove_season(athlete: CurrentAthlete, db: DbSession) -> Response:
    """Remove the season with its plan entries, workouts and race."""
    if not await delete_season(db, athlete.athlete_id):
        raise ProblemError(404, "no season planned")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
