"""Identifiers and timestamps for new rows."""

from __future__ import annotations

import datetime as dt
import uuid

__all__ = ["new_id", "utcnow"]


def new_id() -> str:
    """A random 128-bit id as 32 hex digits: unguessable, so ids leak nothing."""
    return uuid.uuid4().hex


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)
