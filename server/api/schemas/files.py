"""Uploads, activities and the refusal of a file, as the API sends them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from server.api.problems import Problem
from server.api.schemas.base import Reply
from server.files.activity import ActivityLap, Device, FileWarning, Leg, Record
from server.store.tables import ActivityRow, UploadRow

__all__ = ["ActivityReply", "ActivitySummary", "FileError", "FileProblem", "UploadReply"]


class FileError(Reply):
    """Why a file was refused: a code a program can switch on, a sentence for the runner, and
    where in the file (the byte offset for FIT, the line for TCX and GPX) when it applies."""

    code: str = Field(examples=["bad_crc"])
    message: str = Field(examples=["the file's checksum does not match: it was damaged"])
    offset: int | None = Field(default=None, examples=[17923])
    line: int | None = None


class FileProblem(Problem):
    """Problem details for a refused file, with the refusal's own fields alongside."""

    code: str | None = Field(default=None, examples=["truncated"])
    message: str | None = Field(default=None, examples=["the file ends in the middle of a record"])
    offset: int | None = Field(default=None, examples=[403456])
    line: int | None = None
    upload_id: str | None = Field(default=None, description="the upload that was refused")


class UploadReply(Reply):
    """An uploaded file and what became of it.

    `imported`: a new activity (`activity_id`). `duplicate`: a run already here
    (`duplicate_of`, also `activity_id`), which the file may have enriched (`enriched` names
    what it added, such as laps or heart rate). `refused`: `error` says why; nothing was kept.
    `processing`: a large file still being read; ask again.
    """

    id: str
    status: Literal["processing", "imported", "duplicate", "refused"]
    filename: str | None
    size: int
    activity_id: str | None
    duplicate_of: str | None
    enriched: list[str]
    warnings: list[FileWarning]
    error: FileError | None
    created_at: dt.datetime
    finished_at: dt.datetime | None

    @classmethod
    def of(cls, row: UploadRow) -> UploadReply:
        return cls(
            id=row.id,
            status=row.status,
            filename=row.filename,
            size=row.size,
            activity_id=row.activity_id,
            duplicate_of=row.duplicate_of,
            enriched=list(row.enriched or []),
            warnings=[FileWarning.model_validate(w) for w in row.warnings or []],
            error=FileError.model_validate(row.error) if row.error else None,
            created_at=row.created_at,
            finished_at=row.finished_at,
        )


class ActivitySummary(Reply):
    """An activity in a list: what it was and its totals."""

    id: str
    sport: str
    sub_sport: str | None = None
    name: str | None = None
    start: dt.datetime
    distance_m: float | None = None
    timer_s: float | None = None
    elapsed_s: float | None = None
    avg_hr: float | None = None
    max_hr: int | None = None
    formats: list[str]
    session_id: str | None = None
    lap_count: int

    @classmethod
    def of(cls, row: ActivityRow) -> ActivitySummary:
        document = row.document
        return cls(
            id=row.id,
            sport=row.sport,
            sub_sport=document.get("sub_sport"),
            name=document.get("name"),
            start=row.start,
            distance_m=row.distance_m,
            timer_s=row.timer_s,
            elapsed_s=row.elapsed_s,
            avg_hr=document.get("avg_hr"),
            max_hr=document.get("max_hr"),
            formats=list(row.formats),
            session_id=row.session_id,
            lap_count=len(document.get("laps", [])),
        )


class ActivityReply(ActivitySummary):
    """One activity: the summary, its laps and legs, the device, what was computed rather
    than written by the device, warnings, and the records when asked for (`?records=true`)."""

    laps: list[ActivityLap]
    legs: list[Leg]
    device: Device | None = None
    computed: list[str]
    warnings: list[FileWarning]
    record_count: int
    records: list[Record] | None = Field(
        default=None, description="only with ?records=true: every sample, in order"
    )
    created_at: dt.datetime
    updated_at: dt.datetime

    @classmethod
    def full(
        cls, row: ActivityRow, record_count: int, records: list[Record] | None
    ) -> ActivityReply:
        document = row.document
        return cls(
            **ActivitySummary.of(row).model_dump(),
            laps=[ActivityLap.model_validate(lap) for lap in document.get("laps", [])],
            legs=[Leg.model_validate(leg) for leg in document.get("legs", [])],
            device=Device.model_validate(document["device"]) if document.get("device") else None,
            computed=list(document.get("computed", [])),
            warnings=[FileWarning.model_validate(w) for w in document.get("warnings", [])],
            record_count=record_count,
            records=records,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )
