"""Tables of the training loop (revision 0006): the race calendar and the season plan.

Kept apart from `tables.py` so that each module stays readable; they share its `Base`, so the
metadata and the migrations see one schema.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.store.tables import ID, Base, UtcDateTime

__all__ = ["RaceRow", "SeasonRow"]


class RaceRow(Base):
    """A race on the athlete's calendar: readiness tapers towards it."""

    __tablename__ = "races"
    __table_args__ = (Index("ix_races_athlete_day", "athlete_id", "day"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    athlete_id: Mapped[str] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    distance_m: Mapped[float] = mapped_column(Float)
    name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class SeasonRow(Base):
    """The athlete's season: what was asked and the plan the coach made (its JSON).

    One a athlete: a new season replaces the old one with its plan entries, workouts and race.
    """

    __tablename__ = "seasons"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    athlete_id: Mapped[str] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), unique=True
    )
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    race_id: Mapped[str | None] = mapped_column(ForeignKey("races.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
