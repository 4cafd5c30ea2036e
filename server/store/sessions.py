"""Sessions: the snapshot and the settings a session runs with, its status and its results.

Both are taken when the session is created and never follow the profile afterwards (decision
13): a replay, an export or a coach reads what the runner actually heard.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import case
from sqlalchemy.ext.asyncio import AsyncSession

from server.engine import EngineSettings
from server.store.errors import NotFound
from server.store.ids import new_id, utcnow
from server.store.owned import get_owned, owned_rows
from server.store.tables import SessionRow

__all__ = [
    "KEPT_SETTINGS",
    "create_session",
    "get_session",
    "list_sessions",
    "session_settings",
    "session_to_feed",
]


KEPT_SETTINGS = {"units", "venue", "cues"}
"""What a session keeps of its engine settings: what the athlete chose. The alert and fatigue
tunings are the engine's own and follow its code, so a tuning renamed in a later version
cannot make an older session unreadable."""


async def create_session(
    db: AsyncSession,
    owner: str,
    day: dt.date,
    snapshot: dict[str, Any],
    *,
    workout_id: str | None,
    template: str | None,
    settings: EngineSettings | None = None,
) -> SessionRow:
    """A new session, ready to start, with the resolved workout and the settings it will run.

    Without `settings` the engine's defaults are stored, written out, so the session keeps
    them even if the defaults change later. Only `KEPT_SETTINGS` are stored.
    """
    row = SessionRow(
        id=new_id(),
        athlete_id=owner,
        day=day,
        workout_id=workout_id,
        template=template,
        status="ready",
        snapshot=snapshot,
        settings=(settings or EngineSettings()).model_dump(mode="json", include=KEPT_SETTINGS),
        results=None,
        created_at=utcnow(),
    )
    db.add(row)
    await db.commit()
    return row


def session_settings(row: SessionRow) -> EngineSettings:
    """The settings the session was created with (the engine's tunings as they are now); the
    engine's defaults for a session created before sessions kept their settings, which is
    what those sessions ran with."""
    if row.settings is None:
        return EngineSettings()
    return EngineSettings.model_validate(row.settings)


async def get_session(db: AsyncSession, owner: str, session_id: str) -> SessionRow:
    """One session, or NotFound."""
    return await get_owned(db, SessionRow, session_id, owner, "session")


async def list_sessions(
    db: AsyncSession, owner: str, first: dt.date | None = None, last: dt.date | None = None
) -> list[SessionRow]:
    """Sessions, newest day first, optionally within dates."""
    statement = owned_rows(SessionRow, owner)
    if first is not None:
        statement = statement.where(SessionRow.day >= first)
    if last is not None:
        statement = statement.where(SessionRow.day <= last)
    statement = statement.order_by(SessionRow.day.desc(), SessionRow.created_at.desc())
    return list((await db.execute(statement)).scalars())


STALE_AFTER = dt.timedelta(hours=12)  # a session "running" this long was never ended


async def session_to_feed(
    db: AsyncSession, owner: str, session_id: str | None = None
) -> SessionRow:
    """The session a bridge should feed now (or the one named), or NotFound.

    A session under way (running or paused, started within the last 12 hours) wins, the most
    recently started first; else the ready session most recently created, which is the one the
    phone is about to start. A session left "running" for longer was never ended: it comes last.
    """
    if session_id is not None:
        return await get_session(db, owner, session_id)
    cutoff = utcnow() - STALE_AFTER
    rank = case(
        (
            SessionRow.status.in_(("running", "paused")) & (SessionRow.started_at >= cutoff),
            0,
        ),
        (SessionRow.status == "ready", 1),
        else_=2,
    )
    statement = (
        owned_rows(SessionRow, owner)
        .where(SessionRow.status.in_(("running", "paused", "ready")))
        .order_by(rank, SessionRow.started_at.desc(), SessionRow.created_at.desc())
        .limit(1)
    )
    row = (await db.execute(statement)).scalars().first()
    if row is None:
        raise NotFound("session", "to feed")
    return row
