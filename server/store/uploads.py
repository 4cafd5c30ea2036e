"""Uploads: each file sent, what became of it, and the answer it got (for idempotent retries)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from server.store.ids import new_id, utcnow
from server.store.owned import get_owned, owned_rows
from server.store.tables import ActivityRow, UploadRow

__all__ = [
    "FINAL",
    "finish_upload",
    "get_upload",
    "imported_copy",
    "new_upload",
    "upload_with_key",
]

FINAL = ("imported", "duplicate", "refused")
"""The states an upload ends in; "processing" is the only other."""


def new_upload(
    owner: str,
    *,
    sha256: str,
    size: int,
    filename: str | None,
    idempotency_key: str | None,
    answer_status: int,
) -> UploadRow:
    """A new upload row, processing, not yet added to any transaction."""
    return UploadRow(
        id=new_id(),
        athlete_id=owner,
        idempotency_key=idempotency_key,
        sha256=sha256,
        filename=filename[:255] if filename else None,
        size=size,
        status="processing",
        answer_status=answer_status,
        enriched=[],
        warnings=[],
        error=None,
        created_at=utcnow(),
    )


def finish_upload(
    row: UploadRow,
    status: str,
    *,
    activity_id: str | None = None,
    duplicate_of: str | None = None,
    enriched: list[str] | None = None,
    warnings: list[dict[str, Any]] | None = None,
    error: dict[str, Any] | None = None,
) -> None:
    """Record how an upload ended (the caller commits)."""
    assert status in FINAL
    row.status = status
    row.activity_id = activity_id
    row.duplicate_of = duplicate_of
    row.enriched = list(enriched or [])
    row.warnings = list(warnings or [])
    row.error = error
    row.finished_at = utcnow()


async def get_upload(db: AsyncSession, owner: str, upload_id: str) -> UploadRow:
    """One of the owner's uploads, or NotFound."""
    return await get_owned(db, UploadRow, upload_id, owner, "upload")


async def upload_with_key(db: AsyncSession, owner: str, key: str) -> UploadRow | None:
    """The owner's upload sent with this idempotency key, if there is one."""
    statement = owned_rows(UploadRow, owner).where(UploadRow.idempotency_key == key)
    return (await db.execute(statement)).scalar_one_or_none()


async def imported_copy(db: AsyncSession, owner: str, sha256: str) -> ActivityRow | None:
    """The activity these very bytes were imported into before, if it is still there."""
    statement = (
        owned_rows(ActivityRow, owner)
        .join(UploadRow, UploadRow.activity_id == ActivityRow.id)
        .where(UploadRow.athlete_id == owner, UploadRow.sha256 == sha256)
        .limit(1)
    )
    return (await db.execute(statement)).scalars().first()
