"""The one place an imported run meets the plan: matching it to a planned or created session
of the same day and giving that session results from the watch's laps.

Called after every import that made or enriched an activity, in its own transaction, so that
a run is imported whether or not it matches. The sessions it may be are the athlete's sessions
created for that day (or the day either side: a file's start is UTC, the session's day is the
runner's) that have not been run live, nearest day first, then the workouts planned on those
days that no session was created for. The first the run aligns to (`server/files/align.py`)
gets the engine's results, exactly as a live session stores them, with status "finished"; a
planned workout becomes a session first, resolved against the profile as creating it would.
The activity is linked to the session, and what the alignment said goes into the upload's
warnings, so the runner reads how the results were found.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.engine import EngineSettings
from server.files.activity import Activity
from server.files.align import Alignment, AlignMethod, align_activity
from server.files.align_series import zero_of
from server.store.activities import activity_of, get_activity, load_records
from server.store.athletes import get_athlete, profile_of
from server.store.ids import new_id, utcnow
from server.store.owned import owned_rows
from server.store.plans import list_plan
from server.store.sessions import KEPT_SETTINGS, list_sessions, session_settings
from server.store.tables import ActivityRow, PlanEntry, SessionRow, UploadRow, WorkoutRow
from server.store.workouts import workouts_by_id
from server.workouts import ResolvedWorkout, Workout, WorkoutError, get_template, resolve

__all__ = ["MATCHED", "NOT_MATCHED", "attach_to_session"]

MATCHED = "session_results"
"""The warning code of what an alignment says when it gave a session its results."""
NOT_MATCHED = "session_not_matched"
"""The warning code when the day had a session but the run did not look like it."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A session the run may be, or a planned workout that would become one."""

    day: dt.date
    plan: ResolvedWorkout
    settings: EngineSettings
    session: SessionRow | None = None
    entry: PlanEntry | None = None


async def attach_to_session(db: AsyncSession, owner: str, activity_id: str) -> list[dict[str, Any]]:
    """Match the owner's activity to a session and store the session's results (or nothing).

    Returns the warnings added to the upload (also written to the latest upload of the
    activity), empty when the day had nothing the run could be.
    """
    row = await get_activity(db, owner, activity_id)
    if row.session_id is not None:
        return []  # already a session's results
    activity = activity_of(row, await load_records(db, activity_id))
    if not activity.is_run:
        return []
    candidates = await _candidates(db, owner, zero_of(activity).date())
    first_refusal: Alignment | None = None
    for candidate in candidates:
        alignment = await asyncio.to_thread(
            align_activity, activity, candidate.plan, candidate.settings
        )
        if alignment.method is AlignMethod.NONE or alignment.summary is None:
            first_refusal = first_refusal or alignment
            continue
        session = candidate.session or await _session_for(db, owner, candidate)
        _finish(session, activity, alignment)
        row.session_id = session.id
        row.updated_at = utcnow()
        warnings = [{"code": MATCHED, "message": note} for note in alignment.notes]
        await _add_to_upload(db, owner, activity_id, warnings)
        await db.commit()
        return warnings
    if first_refusal is None:
        return []
    warnings = [{"code": NOT_MATCHED, "message": note} for note in first_refusal.notes]
    await _add_to_upload(db, owner, activity_id, warnings)
    await db.commit()
    return warnings


def _finish(session: SessionRow, activity: Activity, alignment: Alignment) -> None:
    """The session's results as the live path stores them, its clock zero the run's start."""
    assert alignment.summary is not None
    session.status = "finished"
    session.results = alignment.summary.model_dump(mode="json")
    if session.started_at is None:
        session.started_at = zero_of(activity)


async def _candidates(db: AsyncSession, owner: str, day: dt.date) -> list[_Candidate]:
    first, last = day - dt.timedelta(days=1), day + dt.timedelta(days=1)
    found: list[_Candidate] = []
    sessions = await list_sessions(db, owner, first, last)
    linked = set(
        (
            await db.execute(
                select(ActivityRow.session_id).where(
                    ActivityRow.athlete_id == owner,
                    ActivityRow.session_id.in_([s.id for s in sessions]),
                )
            )
        ).scalars()
    )
    for session in sessions:
        if session.status != "ready" or session.id in linked:
            continue  # run live (or under way), or already given a run's results
        plan = ResolvedWorkout.model_validate(session.snapshot)
        found.append(_Candidate(session.day, plan, session_settings(session), session=session))
    created = {(s.day, s.workout_id, s.template) for s in sessions}
    entries = [
        e
        for e in await list_plan(db, owner, first, last)
        if (e.day, e.workout_id, e.template) not in created
    ]
    if entries:
        profile = profile_of(await get_athlete(db, owner))
        ids = {entry.workout_id for entry in entries if entry.workout_id is not None}
        rows = await workouts_by_id(db, owner, ids)
        for entry in entries:
            try:
                workout = _workout(rows, entry)
                plan = resolve(workout, profile.athlete())
            except (KeyError, WorkoutError):
                continue  # a plan entry that cannot be resolved cannot be aligned to
            found.append(_Candidate(entry.day, plan, profile.engine_settings(), entry=entry))
    found.sort(key=lambda c: (abs((c.day - day).days), c.session is None))
    return found


def _workout(rows: dict[str, WorkoutRow], entry: PlanEntry) -> Workout:
    """The entry's workout from the rows read for the day; KeyError when it is gone."""
    if entry.workout_id is not None:
        return Workout.model_validate(rows[entry.workout_id].definition)
    return get_template(entry.template or "").workout


async def _session_for(db: AsyncSession, owner: str, candidate: _Candidate) -> SessionRow:
    """A planned workout becomes a session, as creating it now would make it."""
    assert candidate.entry is not None
    session = SessionRow(
        id=new_id(),
        athlete_id=owner,
        day=candidate.day,
        workout_id=candidate.entry.workout_id,
        template=candidate.entry.template,
        status="ready",
        snapshot=candidate.plan.model_dump(mode="json"),
        settings=candidate.settings.model_dump(mode="json", include=KEPT_SETTINGS),
        results=None,
        created_at=utcnow(),
    )
    db.add(session)
    await db.flush()
    return session


async def _add_to_upload(
    db: AsyncSession, owner: str, activity_id: str, warnings: list[dict[str, Any]]
) -> None:
    """Append to the warnings of the latest upload that made or enriched the activity."""
    statement = (
        owned_rows(UploadRow, owner)
        .where(UploadRow.activity_id == activity_id)
        .order_by(UploadRow.created_at.desc())
        .limit(1)
    )
    upload = (await db.execute(statement)).scalars().first()
    if upload is not None:
        upload.warnings = [*(upload.warnings or []), *warnings]
