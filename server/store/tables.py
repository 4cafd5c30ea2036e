"""The database schema: one table a concept, every row owned by one athlete.

Workout definitions, profiles and session snapshots are JSON documents validated by the pure
models before they are stored; columns hold what queries filter and sort on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "ActivityRecords",
    "ActivityRow",
    "Athlete",
    "Base",
    "Device",
    "EventRow",
    "LogEntry",
    "PairingCode",
    "PlanEntry",
    "SessionRow",
    "Token",
    "UploadRow",
    "UtcDateTime",
    "WorkoutRow",
]


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in and out, whatever the database keeps (SQLite keeps naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("datetimes stored must be timezone-aware")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


ID = String(32)


class Base(DeclarativeBase):
    """Declarative base; `type_annotation_map` keeps JSON columns typed as plain dicts."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Athlete(Base):
    """A runner: a unique name, a password for the phone's sign-in, a profile document."""

    __tablename__ = "athletes"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(256))
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class Token(Base):
    """A bearer token, stored only as its SHA-256; `kind` says what it may do."""

    __tablename__ = "tokens"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    athlete_id: Mapped[str] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # athlete | device | share
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    device_id: Mapped[str | None] = mapped_column(ForeignKey("devices.id", ondelete="CASCADE"))
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class Device(Base):
    """A paired bridge or watch."""

    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    athlete_id: Mapped[str] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class PairingCode(Base):
    """A short code shown on the phone and typed on the bridge (stored hashed)."""

    __tablename__ = "pairing_codes"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    athlete_id: Mapped[str] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    device_name: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class WorkoutRow(Base):
    """A workout of the athlete's own, as the model's JSON."""

    __tablename__ = "workouts"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    athlete_id: Mapped[str] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    # What its text raised when it was saved (revision 0004); NULL for older rows.
    warnings: Mapped[list[str] | None] = mapped_column(JSON)
    # Revision 0006: an accepted progression saves the next version; a season's own workouts.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    season_id: Mapped[str | None] = mapped_column(String(32), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class PlanEntry(Base):
    """A workout scheduled on a date: one of the athlete's or a built-in template."""

    __tablename__ = "plan_entries"
    __table_args__ = (Index("ix_plan_athlete_day", "athlete_id", "day"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    athlete_id: Mapped[str] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    workout_id: Mapped[str | None] = mapped_column(ForeignKey("workouts.id", ondelete="CASCADE"))
    template: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    # Revision 0006: the venue a substituted entry runs on; the season that put it there.
    venue: Mapped[str | None] = mapped_column(String(16))
    season_id: Mapped[str | None] = mapped_column(String(32), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class SessionRow(Base):
    """A session: the resolved snapshot and the settings it runs with, its state and results."""

    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_athlete_day", "athlete_id", "day"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    athlete_id: Mapped[str] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    workout_id: Mapped[str | None] = mapped_column(ForeignKey("workouts.id", ondelete="SET NULL"))
    template: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)  # session clock zero
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The engine settings taken at creation (decision 13); NULL for rows older than the column.
    settings: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    results: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class LogEntry(Base):
    """A training-log entry for a day or a session: how it felt."""

    __tablename__ = "log_entries"
    __table_args__ = (Index("ix_log_athlete_day", "athlete_id", "day"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    athlete_id: Mapped[str] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    rpe: Mapped[int | None] = mapped_column(Integer)
    soreness: Mapped[list[Any]] = mapped_column(JSON, default=list)
    feelings: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class EventRow(Base):
    """One input to a live session, in the order it acted: the session's state is their replay.

    Samples keep their source and seq; the unique constraint makes a resent sample impossible
    to store twice even if the hub's own check were bypassed.
    """

    __tablename__ = "session_events"
    __table_args__ = (
        UniqueConstraint("session_id", "position", name="uq_event_position"),
        UniqueConstraint("session_id", "source", "seq", name="uq_event_sample"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    t: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(16))  # start | command | lap | sample
    source: Mapped[str | None] = mapped_column(String(64))
    seq: Mapped[int | None] = mapped_column(BigInteger)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class ActivityRow(Base):
    """A recorded activity (from a watch's file): its summary in columns for queries and
    duplicate checks, the activity model's JSON (laps, legs, device, warnings) in `document`.

    The records are in `ActivityRecords`, a row of their own, so that lists and summaries never
    load 25,000 samples they do not show.
    """

    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_athlete_start", "athlete_id", "start"),
        Index("ix_activities_athlete_file_id", "athlete_id", "file_id"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    athlete_id: Mapped[str] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    sport: Mapped[str] = mapped_column(String(16))
    start: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    distance_m: Mapped[float | None] = mapped_column(Float)
    timer_s: Mapped[float | None] = mapped_column(Float)
    elapsed_s: Mapped[float | None] = mapped_column(Float)
    file_id: Mapped[str | None] = mapped_column(String(128))
    formats: Mapped[list[Any]] = mapped_column(JSON, default=list)  # every format it came in
    document: Mapped[dict[str, Any]] = mapped_column(JSON)  # the Activity, without records
    # The planned or created session the run was matched to, when one was.
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    # Revision 0006: `manual` for a run logged by hand, with the runner's day and RPE.
    source: Mapped[str] = mapped_column(String(16), default="file", server_default="file")
    day: Mapped[dt.date | None] = mapped_column(Date)
    rpe: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ActivityRecords(Base):
    """An activity's records, column by column as compressed JSON (see store/activities.py)."""

    __tablename__ = "activity_records"

    activity_id: Mapped[str] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    count: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class UploadRow(Base):
    """One file sent to `POST /v1/uploads`, what became of it, and the answer it got.

    `answer_status` is the HTTP status of the first answer, so that a retry with the same
    idempotency key gets the same answer.
    """

    __tablename__ = "uploads"
    __table_args__ = (
        UniqueConstraint("athlete_id", "idempotency_key", name="uq_upload_key"),
        Index("ix_uploads_athlete_sha256", "athlete_id", "sha256"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    athlete_id: Mapped[str] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str | None] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # processing | imported | duplicate | refused
    answer_status: Mapped[int] = mapped_column(Integer)
    activity_id: Mapped[str | None] = mapped_column(
        ForeignKey("activities.id", ondelete="SET NULL")
    )
    duplicate_of: Mapped[str | None] = mapped_column(
        ForeignKey("activities.id", ondelete="SET NULL")
    )
    enriched: Mapped[list[Any]] = mapped_column(JSON, default=list)
    warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
