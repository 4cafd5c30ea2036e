"""Runs logged by hand and the race calendar: what the coach reads besides files and sessions.

A hand-logged run is an activity like an imported one (`GET /v1/activities` lists it), so
`POST /v1/activities` lives here beside the imports' routes, under the same prefix.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response, status

from server.api.deps import CurrentAthlete, DbSession
from server.api.problems import problem_responses
from server.api.schemas.coach import LoggedRunIn, LoggedRunReply, RaceIn, RaceReply
from server.files.activity import Activity, Sport
from server.store.training import MANUAL_START, add_manual_run, add_race, delete_race, list_races

__all__ = ["router"]

router = APIRouter(prefix="/v1")


@router.post(
    "/activities",
    status_code=status.HTTP_201_CREATED,
    tags=["activities"],
    responses=problem_responses(401, 403, 422),
)
async def log_run(body: LoggedRunIn, athlete: CurrentAthlete, db: DbSession) -> LoggedRunReply:
    """Log a run without a file: day, sport, distance, duration, and optionally average heart
    rate and RPE. Its load comes from pace, else heart rate, else RPE x minutes."""
    activity = Activity(
        format="fit",  # the model asks for one; a hand-logged run's `formats` stays empty
        sport=Sport(body.sport),
        sub_sport="treadmill" if body.treadmill else None,
        start=dt.datetime.combine(body.day, MANUAL_START, tzinfo=dt.UTC),
        distance_m=body.distance_m,
        timer_s=body.duration_s,
        elapsed_s=body.duration_s,
        avg_hr=body.avg_hr,
        name=body.name,
    )
    row = await add_manual_run(db, athlete.athlete_id, body.day, activity, body.rpe)
    return LoggedRunReply.of(row)


@router.get("/races", tags=["races"], responses=problem_responses(401, 403))
async def read_races(athlete: CurrentAthlete, db: DbSession) -> list[RaceReply]:
    """The race calendar, by day."""
    return [RaceReply.of(row) for row in await list_races(db, athlete.athlete_id)]


@router.post(
    "/races",
    status_code=status.HTTP_201_CREATED,
    tags=["races"],
    responses=problem_responses(401, 403, 422),
)
async def new_race(body: RaceIn, athlete: CurrentAthlete, db: DbSession) -> RaceReply:
    """Put a race on the calendar: readiness offers the taper version as it comes near."""
    row = await add_race(db, athlete.athlete_id, body.day, body.distance_m, body.name)
    return RaceReply.of(row)


@router.delete(
    "/races/{race_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["races"],
    responses=problem_responses(401, 403, 404),
)
async def remove_race(race_id: str, athlete: CurrentAthlete, db: DbSession) -> Response:
    """Take a race off the calendar."""
    await delete_race(db, athlete.athlete_id, race_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
