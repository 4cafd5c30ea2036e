"""Activities (runs from watch files) and exports: sessions as FIT, TCX or GPX activities,
workouts as FIT or TCX workouts for a watch.

Every read goes through the owner: another athlete's activity, session or workout is a 404.
Files are written off the event loop, like they are read.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status

from server.api.deps import CurrentAthlete, DbSession
from server.api.problems import InvalidField, ProblemError, problem_responses
from server.api.schemas.files import ActivityReply, ActivitySummary
from server.files.activity import FileFormat
from server.files.workout_files import workout_to_fit, workout_to_tcx
from server.files.write import MEDIA_TYPES, NotExportable
from server.settings import Settings
from server.store.activities import (
    delete_activity,
    get_activity,
    list_activities,
    load_records,
    record_count,
)
from server.store.athletes import get_athlete, profile_of
from server.store.workouts import get_workout
from server.sync.exports import NotStarted, session_file
from server.workouts import Workout, resolve

__all__ = ["router"]

router = APIRouter(prefix="/v1")

First = Annotated[dt.date | None, Query(alias="from", description="first day, UTC (inclusive)")]
Last = Annotated[dt.date | None, Query(alias="to", description="last day, UTC (inclusive)")]


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _file(fmt: FileFormat) -> dict[int | str, dict[str, Any]]:
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {200: {"description": f"the {fmt.upper()} file", "content": {MEDIA_TYPES[fmt]: binary}}}


def _attachment(data: bytes, fmt: FileFormat, name: str) -> Response:
    return Response(
        data,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


@router.get("/activities", tags=["activities"], responses=problem_responses(401, 403, 422))
async def read_activities(
    athlete: CurrentAthlete, db: DbSession, first: First = None, last: Last = None
) -> list[ActivitySummary]:
    """The athlete's activities, newest first; either end of the range may be left open."""
    if first is not None and last is not None and last < first:
        field = InvalidField(where="query > to", what="before 'from'")
        raise ProblemError(422, "the range ends before it starts", errors=[field])
    start = _midnight(first) if first is not None else None
    end = (
        _midnight(last) + dt.timedelta(days=1) if last is not None and last < dt.date.max else None
    )
    rows = await list_activities(db, athlete.athlete_id, start, end)
    return [ActivitySummary.of(row) for row in rows]


@router.get(
    "/activities/{activity_id}", tags=["activities"], responses=problem_responses(401, 403, 404)
)
async def read_activity_route(
    activity_id: str,
    athlete: CurrentAthlete,
    db: DbSession,
    records: Annotated[bool, Query(description="include every record (sample)")] = False,
) -> ActivityReply:
    """One activity with its laps; with `?records=true` its records too."""
    row = await get_activity(db, athlete.athlete_id, activity_id)
    samples = await load_records(db, row.id) if records else None
    count = len(samples) if samples is not None else await record_count(db, row.id)
    return ActivityReply.full(row, count, samples)


@router.delete(
    "/activities/{activity_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["activities"],
    responses=problem_responses(401, 403, 404),
)
async def remove_activity(activity_id: str, athlete: CurrentAthlete, db: DbSession) -> Response:
    """Delete an activity and its records; the same file can be uploaded again afterwards."""
    await delete_activity(db, athlete.athlete_id, activity_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def _session_file(
    request: Request, db: DbSession, owner: str, session_id: str, fmt: FileFormat
) -> Response:
    settings: Settings = request.app.state.settings
    try:
        row, data = await session_file(
            db,
            owner,
            session_id,
            fmt,
            clock_rate=settings.clock_rate,
            cache=request.app.state.exports,
        )
    except NotStarted as reason:
        raise ProblemError(409, str(reason)) from None
    except NotExportable as reason:
        raise ProblemError(
            409, f"the session cannot be exported as {fmt.upper()}: {reason}"
        ) from None
    return _attachment(data, fmt, f"trackcue-{row.day.isoformat()}-{row.id[:8]}")


_SESSION_DOC = "The session as a {0} activity for Strava, Garmin Connect or intervals.icu."


@router.get(
    "/sessions/{session_id}/export.fit",
    tags=["sessions"],
    response_class=Response,
    responses={**_file("fit"), **problem_responses(401, 403, 404, 409)},
    description=_SESSION_DOC.format("FIT"),
)
async def export_session_fit(
    session_id: str, request: Request, athlete: CurrentAthlete, db: DbSession
) -> Response:
    return await _session_file(request, db, athlete.athlete_id, session_id, "fit")


@router.get(
    "/sessions/{session_id}/export.tcx",
    tags=["sessions"],
    response_class=Response,
    responses={**_file("tcx"), **problem_responses(401, 403, 404, 409)},
    description=_SESSION_DOC.format("TCX"),
)
async def export_session_tcx(
    session_id: str, request: Request, athlete: CurrentAthlete, db: DbSession
) -> Response:
    return await _session_file(request, db, athlete.athlete_id, session_id, "tcx")


@router.get(
    "/sessions/{session_id}/export.gpx",
    tags=["sessions"],
    response_class=Response,
    responses={**_file("gpx"), **problem_responses(401, 403, 404, 409)},
    description=_SESSION_DOC.format("GPX") + " GPX has no laps: prefer FIT or TCX.",
)
async def export_session_gpx(
    session_id: str, request: Request, athlete: CurrentAthlete, db: DbSession
) -> Response:
    return await _session_file(request, db, athlete.athlete_id, session_id, "gpx")


async def _workout_file(db: DbSession, owner: str, workout_id: str, fmt: FileFormat) -> Response:
    row = await get_workout(db, owner, workout_id)
    profile = profile_of(await get_athlete(db, owner))
    resolved = resolve(Workout.model_validate(row.definition), profile.athlete())
    writer = workout_to_fit if fmt == "fit" else workout_to_tcx
    try:
        data = await asyncio.to_thread(writer, resolved, name=row.name)
    except NotExportable as reason:
        raise ProblemError(
            422, f"the workout cannot be written as {fmt.upper()}: {reason}"
        ) from None
    return _attachment(data, fmt, f"workout-{row.id[:8]}")


_WORKOUT_DOC = (
    "The workout as a {0} workout for a watch, its targets resolved against the athlete's"
    " paces and heart-rate zones as they are now."
)


@router.get(
    "/workouts/{workout_id}/export.fit",
    tags=["workouts"],
    response_class=Response,
    responses={**_file("fit"), **problem_responses(401, 403, 404, 422)},
    description=_WORKOUT_DOC.format("FIT"),
)
async def export_workout_fit(workout_id: str, athlete: CurrentAthlete, db: DbSession) -> Response:
    return await _workout_file(db, athlete.athlete_id, workout_id, "fit")


@router.get(
    "/workouts/{workout_id}/export.tcx",
    tags=["workouts"],
    response_class=Response,
    responses={**_file("tcx"), **problem_responses(401, 403, 404, 422)},
    description=_WORKOUT_DOC.format("TCX"),
)
async def export_workout_tcx(workout_id: str, athlete: CurrentAthlete, db: DbSession) -> Response:
    return await _workout_file(db, athlete.athlete_id, workout_id, "tcx")
