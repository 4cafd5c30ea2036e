"""Progress over weeks for one workout, and saving its suggestion as the next version.

The rows are the finished sessions of the workout (a file aligned to a session counts through
the session's results); the suggestion follows the guidance in `server.coach.progression`: after
controlled runs one thing changes, after an uncontrolled one the run is repeated or eased.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from server.api.coaching import recent_weekly_km
from server.api.deps import CurrentAthlete, DbSession
from server.api.problems import InvalidField, ProblemError, problem_responses
from server.api.schemas.plans import (
    AcceptIn,
    ProgressReply,
    ProgressRowReply,
    SuggestionReply,
    VersionReply,
)
from server.api.season_follow import follow_season
from server.coach.progression import Progress, WorkoutRun, progress
from server.engine.stored_results import read_summary
from server.store.athletes import get_athlete, profile_of
from server.store.sessions import session_settings
from server.store.tables import WorkoutRow
from server.store.training import finished_sessions_of, next_version
from server.store.training_log import list_log
from server.store.workouts import create_workout, get_workout
from server.workouts import Workout, format_workout, get_template, parse

__all__ = ["router"]

router = APIRouter(prefix="/v1")

WorkoutId = Annotated[str | None, Query(max_length=64, description="one of the athlete's")]
Template = Annotated[str | None, Query(max_length=32, description="a built-in's key")]


async def _progress(
    db: AsyncSession, owner: str, workout_id: str | None, template: str | None
) -> tuple[Progress, list[str], WorkoutRow | None]:
    """The progress of one workout, the session id of each row, and the workout's row."""
    if (workout_id is None) == (template is None):
        field = InvalidField(where="query > workout_id", what="give workout_id or template")
        raise ProblemError(422, "name one workout: workout_id or template", errors=[field])
    row = None
    if workout_id is not None:
        row = await get_workout(db, owner, workout_id)
        workout = Workout.model_validate(row.definition)
    else:
        assert template is not None
        try:
            workout = get_template(template).workout
        except KeyError:
            field = InvalidField(where="query > template", what="unknown built-in workout")
            raise ProblemError(422, f"no built-in workout {template!r}", errors=[field]) from None
    sessions = await finished_sessions_of(db, owner, workout_id, template)
    runs: list[WorkoutRun] = []
    ids: list[str] = []
    rpe: dict[str, int] = {}
    if sessions:
        for entry in await list_log(db, owner, sessions[0].day, sessions[-1].day):
            if entry.session_id is not None and entry.rpe is not None:
                rpe[entry.session_id] = entry.rpe
    for session in sessions:
        summary = read_summary(session.results, session_settings(session))
        if summary is not None:
            runs.append(WorkoutRun(day=session.day, summary=summary, rpe=rpe.get(session.id)))
            ids.append(session.id)
    profile = profile_of(await get_athlete(db, owner)).athlete()
    km = await recent_weekly_km(db, owner, profile, dt.date.today())
    found = progress(workout, runs, weekly_km=km or None)
    order = sorted(range(len(runs)), key=lambda i: runs[i].day)
    return found, [ids[i] for i in order], row


@router.get("/progress", tags=["training"], responses=problem_responses(401, 403, 404, 422))
async def read_progress(
    athlete: CurrentAthlete,
    db: DbSession,
    workout_id: WorkoutId = None,
    template: Template = None,
) -> ProgressReply:
    """Every run of a workout over the weeks (rep paces, fade, heart rate at pace, recovery
    drop, RPE, controlled or not) and what to do next time, as workout text."""
    found, ids, row = await _progress(db, athlete.athlete_id, workout_id, template)
    suggestion = None
    if found.suggestion is not None:
        suggestion = SuggestionReply(
            kind=found.suggestion.kind.value,
            text=found.suggestion.text,
            workout=found.suggestion.workout_text,
        )
    return ProgressReply(
        workout_id=workout_id,
        template=template,
        version=row.version if row is not None else None,
        rows=[
            ProgressRowReply(**item.model_dump(), session_id=session)
            for item, session in zip(found.rows, ids, strict=True)
        ],
        suggestion=suggestion,
    )


def _version(row: WorkoutRow) -> VersionReply:
    workout = Workout.model_validate(row.definition)
    return VersionReply(
        id=row.id,
        name=row.name,
        text=format_workout(workout),
        workout=row.definition,
        version=row.version,
        updated_at=row.updated_at,
    )


@router.post(
    "/progress/accept",
    status_code=status.HTTP_200_OK,
    tags=["training"],
    responses={
        201: {"description": "a built-in's suggestion, saved as a new workout"},
        **problem_responses(401, 403, 404, 409, 422),
    },
)
async def accept_progress(
    body: AcceptIn, response: Response, athlete: CurrentAthlete, db: DbSession
) -> VersionReply:
    """Save the suggestion as the workout's next version (a built-in's as a new workout of the
    athlete's, 201); the season plan, if there is one, moves its coming weeks on with it."""
    owner = athlete.athlete_id
    found, _, row = await _progress(db, owner, body.workout_id, body.template)
    if found.suggestion is None:
        raise ProblemError(409, "nothing to accept yet: the workout has no finished run")
    workout = parse(found.suggestion.workout_text).workout
    name = workout.name or (row.name if row is not None else body.template) or "workout"
    definition = workout.model_dump(mode="json")
    if row is not None:
        saved = await next_version(db, owner, row.id, name, definition)
    else:
        saved = await create_workout(db, owner, name, definition)
        response.status_code = status.HTTP_201_CREATED
    await follow_season(db, owner, found.suggestion.workout_text)
    return _version(saved)
