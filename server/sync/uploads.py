"""Importing uploaded files: read off the event loop, matched against the athlete's runs, and
stored with the upload in one transaction, so a refused or failed file leaves nothing behind.

Small files are imported while the request waits (201); files of `background_bytes` or more
are accepted at once (202) and imported by a task, and `GET /v1/uploads/{id}` tells how it
ended. One athlete's imports run one at a time, so that the same run sent twice at once (a
phone and the CLI) still makes one activity.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.files.activity import Activity, FileWarning, Sport
from server.files.errors import FileRefused, RefusalCode
from server.files.read import read_activity
from server.store import Database
from server.store.activities import (
    activity_of,
    add_activity,
    load_records,
    nearby_activities,
    replace_activity,
)
from server.store.tables import UploadRow
from server.store.uploads import (
    finish_upload,
    get_upload,
    imported_copy,
    new_upload,
    upload_with_key,
)
from server.sync.attach import attach_to_session
from server.sync.matching import enrich, same_run

__all__ = ["Received", "UploadWorker", "refusal_status"]

_log = logging.getLogger("trackcue.uploads")


@dataclass(frozen=True, slots=True)
class Received:
    """A file as the request brought it."""

    owner: str
    data: bytes
    filename: str | None
    key: str | None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def refusal_status(code: str) -> int:
    """413 for a file too large to take, 422 for every other refusal."""
    return 413 if code == RefusalCode.TOO_LARGE.value else 422


def _error(refused: FileRefused) -> dict[str, Any]:
    return {
        "code": refused.code.value,
        "message": refused.message,
        "offset": refused.offset,
        "line": refused.line,
    }


def _with_run_warning(activity: Activity) -> Activity:
    """Say plainly when a file is not a run: it is kept, but never judged as one."""
    if activity.is_run or any(w.code == "not_a_run" for w in activity.warnings):
        return activity
    what = (
        "an activity of a sport the file does not name as running"
        if activity.sport is Sport.OTHER
        else f"a {activity.sport.value} activity"
    )
    warning = FileWarning(
        code="not_a_run",
        message=f"this is {what}, not a run: kept in the history, never matched to sessions",
    )
    return activity.model_copy(update={"warnings": [*activity.warnings, warning]})


async def _read(received: Received) -> Activity | dict[str, Any]:
    """The file's activity, or why it was refused. The reader is pure, CPU-bound work: it runs
    in a thread so that live sessions' clocks never wait on a large file."""
    try:
        return await asyncio.to_thread(read_activity, received.data, filename=received.filename)
    except FileRefused as refused:
        return _error(refused)
    except Exception:  # a reader bug must not become a 500 or half an import: refuse, log
        _log.exception("reading %r failed unexpectedly", received.filename)
        return {
            "code": "unreadable",
            "message": "the file could not be read; it was not imported",
            "offset": None,
            "line": None,
        }


class UploadWorker:
    """Imports uploads, keeps the background ones' tasks, and stops them on shutdown."""

    def __init__(self, database: Database, *, background_bytes: int) -> None:
        self.database = database
        self.background_bytes = background_bytes
        self._locks: dict[str, asyncio.Lock] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._pending: set[str] = set()  # ids being imported here, from before their commit

    def in_background(self, received: Received) -> bool:
        return len(received.data) >= self.background_bytes

    def in_flight(self, upload_id: str) -> bool:
        """Whether this process is still importing the upload."""
        return upload_id in self._pending

    def _lock(self, owner: str) -> asyncio.Lock:
        return self._locks.setdefault(owner, asyncio.Lock())

    async def existing(self, received: Received) -> UploadRow | None:
        """The upload sent before with the same idempotency key, if any."""
        if received.key is None:
            return None
        async with self.database.session() as db:
            return await upload_with_key(db, received.owner, received.key)

    async def import_now(
        self, received: Received, *, refused: dict[str, Any] | None = None
    ) -> UploadRow:
        """Import while the caller waits (or record the refusal the caller already made); the
        finished upload, or the earlier one with the same key, which the caller compares."""
        async with self._lock(received.owner):
            earlier = await self.existing(received)
            if earlier is not None:
                return earlier
            outcome: Activity | dict[str, Any] | None = refused
            if outcome is None:
                async with self.database.session() as db:
                    copy = await imported_copy(db, received.owner, received.sha256)
                outcome = None if copy else await _read(received)
            status = 201 if not isinstance(outcome, dict) else refusal_status(outcome["code"])
            row = self._new_row(received, status)
            async with self.database.session() as db:
                db.add(row)
                try:
                    await self._settle(db, row, received, outcome)
                    await db.commit()
                except IntegrityError:  # the same key, committed by another process meanwhile
                    await db.rollback()
                    found = await upload_with_key(db, received.owner, received.key or "")
                    if found is None:
                        raise
                    return found
        if await self._attach(row):
            async with self.database.session() as db:  # with what matching a session added
                return await get_upload(db, received.owner, row.id)
        return row

    async def accept(self, received: Received) -> UploadRow:
        """Store the upload as processing and import it in the background (202)."""
        row = self._new_row(received, 202)
        self._pending.add(row.id)  # before the commit: a GET never sees it orphaned
        async with self.database.session() as db:
            db.add(row)
            try:
                await db.commit()
            except IntegrityError:  # the same key, committed by another request meanwhile
                self._pending.discard(row.id)
                await db.rollback()
                found = await upload_with_key(db, received.owner, received.key or "")
                if found is None:
                    raise
                return found
            except BaseException:
                self._pending.discard(row.id)
                raise
        self._tasks[row.id] = asyncio.create_task(self._finish(row.id, received))
        return row

    def _new_row(self, received: Received, status: int) -> UploadRow:
        return new_upload(
            received.owner,
            sha256=received.sha256,
            size=len(received.data),
            filename=received.filename,
            idempotency_key=received.key,
            answer_status=status,
        )

    async def _finish(self, upload_id: str, received: Received) -> None:
        try:
            outcome = await _read(received)
            async with self._lock(received.owner), self.database.session() as db:
                row = await get_upload(db, received.owner, upload_id)
                await self._settle(db, row, received, outcome)
                await db.commit()
            await self._attach(row)
        except asyncio.CancelledError:
            raise
        except Exception:
            _log.exception("importing upload %s failed", upload_id)
            await self.interrupted(upload_id, received.owner, "the import failed on the server")
        finally:
            self._tasks.pop(upload_id, None)
            self._pending.discard(upload_id)

    async def interrupted(self, upload_id: str, owner: str, why: str) -> None:
        """End an upload whose import stopped before it finished (a restart, a failure)."""
        async with self.database.session() as db:
            row = await get_upload(db, owner, upload_id)
            if row.status == "processing":
                error = {"code": "interrupted", "message": f"{why}: send the file again"}
                finish_upload(row, "refused", error={**error, "offset": None, "line": None})
                await db.commit()

    async def _settle(
        self,
        db: AsyncSession,
        row: UploadRow,
        received: Received,
        outcome: Activity | dict[str, Any] | None,
    ) -> None:
        """Decide the upload: refused, a duplicate (perhaps enriching its run), or imported."""
        if isinstance(outcome, dict):
            finish_upload(row, "refused", error=outcome)
            return
        copy = await imported_copy(db, received.owner, received.sha256)
        if copy is not None:
            finish_upload(row, "duplicate", activity_id=copy.id, duplicate_of=copy.id)
            return
        if outcome is None:  # its copy was deleted since it was looked for: read it after all
            outcome = await _read(received)
            if isinstance(outcome, dict):
                if row.answer_status == 201:
                    row.answer_status = refusal_status(outcome["code"])
                finish_upload(row, "refused", error=outcome)
                return
        activity = _with_run_warning(outcome)
        warnings = [warning.model_dump() for warning in activity.warnings]
        for candidate in await nearby_activities(
            db, received.owner, activity.start, activity.file_id
        ):
            if not same_run(activity_of(candidate), activity):
                continue
            kept = activity_of(candidate, await load_records(db, candidate.id))
            merged, taken = enrich(kept, activity)
            formats = list(dict.fromkeys([*candidate.formats, activity.format]))
            if taken or formats != candidate.formats:
                await replace_activity(db, candidate, merged, formats, records="records" in taken)
            finish_upload(
                row,
                "duplicate",
                activity_id=candidate.id,
                duplicate_of=candidate.id,
                enriched=taken,
                warnings=warnings,
            )
            return
        stored = await add_activity(db, received.owner, activity)
        finish_upload(row, "imported", activity_id=stored.id, warnings=warnings)

    async def _attach(self, row: UploadRow) -> bool:
        """Offer a new or enriched run to the planned session it may be (see sync/attach.py);
        whether that added anything to the upload (its warnings say how it matched)."""
        if row.activity_id is None or (row.status == "duplicate" and not row.enriched):
            return False
        try:
            async with self.database.session() as db:
                return bool(await attach_to_session(db, row.athlete_id, row.activity_id))
        except Exception:  # the run is imported either way; a failed match is logged
            _log.exception("matching activity %s to a session failed", row.activity_id)
            return False

    async def close(self) -> None:
        """Stop background imports (their uploads read as interrupted after a restart)."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
