"""Reading numbers and times out of TCX and GPX text, forgiving what exporters get wrong."""

from __future__ import annotations

import datetime as dt
import math

from server.files.activity import FileWarning
from server.files.errors import FileRefused, RefusalCode


def number(text: str | None) -> float | None:
    """A finite number, or None for missing or unreadable text (never NaN or infinity)."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class TimeReader:
    """ISO 8601 times as UTC; a time without a zone is taken as UTC, once with a warning."""

    def __init__(self) -> None:
        self.naive_seen = False

    def read(self, text: str | None, *, line: int | None = None) -> dt.datetime | None:
        if text is None:
            return None
        raw = text.strip()
        if raw.endswith(("Z", "z")):
            raw = raw[:-1] + "+00:00"
        try:
            value = dt.datetime.fromisoformat(raw)
        except ValueError:
            raise FileRefused(
                RefusalCode.NO_DATA,
                f"The time {text.strip()[:40]!r} (line {line}) is not a date and time.",
                line=line,
            ) from None
        if value.tzinfo is None:
            self.naive_seen = True
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)

    def warnings(self) -> list[FileWarning]:
        if not self.naive_seen:
            return []
        return [
            FileWarning(
                code="time_without_zone",
                message="Some times in the file have no time zone; they were read as UTC.",
            )
        ]
