"""The plan, sessions and the training log."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from server.api.coaching import hard_days_near, planned_venue, readiness_on
from server.api.deps import CurrentAthlete, DbSession
from server.api.problems import InvalidField, ProblemError, problem_responses
from server.api.schemas.coach import ReadinessReply
from server.api.schemas.training import (
    LogEntryIn,
    LogEntryReply,
    PlanEntryIn,
    PlanEntryReply,
    PreviewIn,
    PreviewReply,
    ReadinessNote,
    SessionIn,
    SessionReply,
    SessionSettingsReply,
)
from server.coach.readiness import is_hard, notes
from server.store.athletes import get_athlete, profile_of
from server.store.plans import add_plan_entry, delete_plan_entry, list_plan
from server.store.sessions import create_session, get_session, list_sessions
from server.store.training_log import add_log_entry, delete_log_entry, list_log
from server.store.workouts import get_workout
from server.workouts import (
    Workout,
    get_template,
    parse,
    resolve,
)

__all__ = ["router"]

router = APIRouter(prefix="/v1")

First = Annotated[dt.date | None, Query(alias="from", description="first day (inclusive)")]
Last = Annotated[dt.date | None, Query(alias="to", description="last day (inclusive)")]
_MAX_SPAN = dt.timedelta(days=366)


def _shift(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days`, held inside the calendar (year 1 to 9999)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def _check(first: dt.date, last: dt.date) -> None:
    if last < first:
        raise ProblemError(
            422,
            "the range ends before it starts",
            errors=[InvalidField(where="query > to", what="before 'from'")],
        )
    if last - first > _MAX_SPAN:
        raise ProblemError(
            422,
            "a range spans at most a year",
            errors=[InvalidField(where="query > to", what="more than 366 days after 'from'")],
        )


def _span(
    first: dt.date | None, last: dt.date | None, default_days: int
) -> tuple[dt.date, dt.date]:
    """A date range: as given, or filled in from `default_days` (7: this Monday-Sunday week)."""
    if first is None and last is None:
        today = dt.date.today()
        if default_days == 7:
            first = _shift(today, -today.weekday())
            last = _shift(first, 6)
        else:
            first, last = _shift(today, 1 - default_days), today
    elif first is None:
        assert last is not None
        first = _shift(last, 1 - default_days)
    elif last is None:
        last = _shift(first, default_days - 1)
    _check(first, last)
    return first, last


async def _workout(
    db: DbSession, owner: str, workout_id: str | None, template: str | None
) -> Workout:
    if workout_id is not None:
        row = await get_workout(db, owner, workout_id)
        return Workout.model_validate(row.definition)
    assert template is not None
    try:
        return get_template(template).workout
    except KeyError:
        raise ProblemError(
            422,
            f"no built-in workout {template!r}",
            errors=[InvalidField(where="body > template", what="unknown built-in workout")],
        ) from None


@router.get("/plan", tags=["plan"], responses=problem_responses(401, 403, 422))
async def read_plan(
    athlete: CurrentAthlete, db: DbSession, first: First = None, last: Last = None
) -> list[PlanEntryReply]:
    """Scheduled workouts in a range; this week (Monday to Sunday) by default."""
    start, end = _span(first, last, 7)
    rows = await list_plan(db, athlete.athlete_id, start, end)
    return [PlanEntryReply.model_validate(row) for row in rows]


@router.post(
    "/plan",
    status_code=status.HTTP_201_CREATED,
    tags=["plan"],
    responses=problem_responses(401, 403, 404, 422),
)
async def schedule(body: PlanEntryIn, athlete: CurrentAthlete, db: DbSession) -> PlanEntryReply:
    """Schedule one of the athlete's workouts, or a built-in, on a day."""
    await _workout(db, athlete.athlete_id, body.workout_id, body.template)
    row = await add_plan_entry(
        db,
        athlete.athlete_id,
        body.day,
        workout_id=body.workout_id,
        template=body.template,
        note=body.note,
    )
    return PlanEntryReply.model_validate(row)


@router.delete(
    "/plan/{entry_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["plan"],
    responses=problem_responses(401, 403, 404),
)
async def unschedule(entry_id: str, athlete: CurrentAthlete, db: DbSession) -> Response:
    """Remove a scheduled workout."""
    await delete_plan_entry(db, athlete.athlete_id, entry_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/sessions",
    status_code=status.HTTP_201_CREATED,
    tags=["sessions"],
    responses=problem_responses(401, 403, 404, 422),
)
async def new_session(body: SessionIn, athlete: CurrentAthlete, db: DbSession) -> SessionReply:
    """Create a session: the workout resolved against the profile now, kept as its snapshot,
    with the units, cues and venue it will run with (the body's venue, else the venue the day's
    plan entry was swapped to, else the profile's)."""
    workout = await _workout(db, athlete.athlete_id, body.workout_id, body.template)
    profile = profile_of(await get_athlete(db, athlete.athlete_id))
    resolved = resolve(workout, profile.athlete(), lane=body.lane)
    venue = body.venue or await planned_venue(db, athlete.athlete_id, body.day, body.workout_id)
    session = await create_session(
        db,
        athlete.athlete_id,
        body.day,
        resolved.model_dump(mode="json"),
        workout_id=body.workout_id,
        template=body.template,
        settings=profile.engine_settings(venue=venue),
    )
    return SessionReply.from_row(session)


@router.post(
    "/sessions/preview",
    tags=["sessions"],
    responses=problem_responses(401, 403, 404, 422),
)
async def preview_session(body: PreviewIn, athlete: CurrentAthlete, db: DbSession) -> PreviewReply:
    """A workout resolved as a session would keep it, and readiness: go, caution or wait.

    Nothing is stored: the phone shows today's targets with it, and the workout builder its
    live preview (text that does not read answers 422 with the line and column).
    """
    warnings: list[str] = []
    if body.text is not None:
        parsed = parse(body.text)
        workout = parsed.workout
        warnings = [str(warning) for warning in parsed.warnings]
    else:
        workout = await _workout(db, athlete.athlete_id, body.workout_id, body.template)
    profile = profile_of(await get_athlete(db, athlete.athlete_id))
    resolved = resolve(workout, profile.athlete(), lane=body.lane)
    day = body.day or dt.date.today()
    hard = is_hard(resolved)
    hard_days = []
    if hard:
        found = await hard_days_near(db, athlete.athlete_id, profile.athlete(), day)
        hard_days = [
            ReadinessNote(day=note.day, source=note.source, message=note.message)
            for note in notes(day, found)
        ]
    judged = await readiness_on(db, athlete.athlete_id, profile.athlete(), day, resolved)
    return PreviewReply(
        day=day,
        snapshot=resolved.model_dump(mode="json"),
        settings=SessionSettingsReply.of(profile.engine_settings(venue=body.venue)),
        warnings=warnings,
        hard=hard,
        readiness=ReadinessReply.of(judged),
        hard_days=hard_days,
    )


@router.get("/sessions", tags=["sessions"], responses=problem_responses(401, 403, 422))
async def read_sessions(
    athlete: CurrentAthlete, db: DbSession, first: First = None, last: Last = None
) -> list[SessionReply]:
    """Sessions, newest first; either end of the range may be left open."""
    if first is not None and last is not None:
        _check(first, last)
    rows = await list_sessions(db, athlete.athlete_id, first, last)
    return [SessionReply.from_row(row) for row in rows]


@router.get("/sessions/{session_id}", tags=["sessions"], responses=problem_responses(401, 403, 404))
async def read_session(session_id: str, athlete: CurrentAthlete, db: DbSession) -> SessionReply:
    """A session's snapshot, settings, status and results."""
    return SessionReply.from_row(await get_session(db, athlete.athlete_id, session_id))


@router.get("/log", tags=["log"], responses=problem_responses(401, 403, 422))
async def read_log(
    athlete: CurrentAthlete, db: DbSession, first: First = None, last: Last = None
) -> list[LogEntryReply]:
    """Training-log entries in a range; the last 28 days by default."""
    start, end = _span(first, last, 28)
    rows = await list_log(db, athlete.athlete_id, start, end)
    return [LogEntryReply.model_validate(row) for row in rows]


@router.post(
    "/log",
    status_code=status.HTTP_201_CREATED,
    tags=["log"],
    responses=problem_responses(401, 403, 404, 422),
)
async def write_log(body: LogEntryIn, athlete: CurrentAthlete, db: DbSession) -> LogEntryReply:
    """Record how a day or a session felt: RPE, soreness, feelings, notes."""
    if body.session_id is not None:
        await get_session(db, athlete.athlete_id, body.session_id)
    row = await add_log_entry(
        db,
        athlete.athlete_id,
        body.day,
        session_id=body.session_id,
        rpe=body.rpe,
        soreness=[item.model_dump() for item in body.soreness],
        feelings=body.feelings,
        notes=body.notes,
    )
    return LogEntryReply.model_validate(row)


@router.delete(
    "/log/{entry_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["log"],
    responses=problem_responses(401, 403, 404),
)
async def erase_log(entry_id: str, athlete: CurrentAthlete, db: DbSession) -> Response:
    """Remove a log entry."""
    await delete_log_entry(db, athlete.athlete_id, entry_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
