"""Small FIT rules shared by the reader: the clock, which laps belong to which session, and
the timer time a file without a session implies from its start and stop events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from server.files.activity import FileWarning, Pause
from server.files.errors import FileRefused, RefusalCode
from server.files.fit_decode import RELATIVE_LIMIT, FitContent, num

FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
# A lap belongs to a session when it ends no later than the session (give or take this).
LAP_SESSION_SLACK = dt.timedelta(seconds=1)


class Clock:
    """FIT seconds to UTC, with times counted from power-on moved by the anchor.

    A watch that has not yet found GPS or been synced counts seconds from power-on (values
    below 0x10000000). The first clock time after them says when "now" was: the anchor is
    that time minus the last power-on time before it (exact when the file carries a
    timestamp-correlation message). With no clock time at all the file cannot be dated.
    """

    def __init__(self, content: FitContent, warnings: list[FileWarning]) -> None:
        self.anchor = 0.0
        if not content.relative_seen:
            return
        if content.anchor is None:
            raise FileRefused(
                RefusalCode.NO_CLOCK_TIME,
                "This FIT file counts its times from when the watch was switched on and never "
                "says the time of day, so the activity cannot be dated. Let the watch find GPS "
                "or sync it before recording.",
            )
        self.anchor = content.anchor
        how = "exactly" if content.anchor_exact else "to within a few seconds"
        warnings.append(
            FileWarning(
                code="fit_relative_time",
                message="The watch counted time from its power-on until it knew the time of "
                f"day; those times were placed {how} by the first clock time that follows.",
            )
        )

    def __call__(self, value: float) -> dt.datetime:
        seconds = value + self.anchor if value < RELATIVE_LIMIT else value
        return FIT_EPOCH + dt.timedelta(seconds=seconds)

    def get(self, values: dict[str, Any], name: str) -> dt.datetime | None:
        value = num(values.get(name))
        return self(value) if value is not None else None


def assign_laps(sessions: list[dict[str, Any]], lap_ends: list[dt.datetime | None],
                clock: Clock) -> list[tuple[int, int]]:  # fmt: skip
    """(first lap, lap count) for each session.

    The session's own `first_lap_index` and `num_laps` win when every session has them and
    they fit; otherwise (the fenix 2 writes neither) laps go to sessions in order, each lap to
    the first session that has not ended before it.
    """
    total = len(lap_ends)
    indexed = [(num(s.get("first_lap_index")), num(s.get("num_laps"))) for s in sessions]
    if all(first is not None and count is not None for first, count in indexed):
        spans = [(int(first or 0), int(count or 0)) for first, count in indexed]
        if all(f >= 0 and f + c <= total for f, c in spans):
            return spans
    counts = [0] * len(sessions)
    current = 0
    ends = [clock.get(s, "timestamp") for s in sessions]
    for lap_end in lap_ends:
        while (
            current < len(sessions) - 1
            and lap_end is not None
            and (end := ends[current]) is not None
            and lap_end > end + LAP_SESSION_SLACK
        ):
            current += 1
        counts[current] += 1
    spans, first = [], 0
    for count in counts:
        spans.append((first, count))
        first += count
    return spans


def timer_from_events(
    events: list[dict[str, Any]], clock: Clock, last: dt.datetime
) -> tuple[float | None, list[Pause]]:
    """Seconds the timer ran and the stretches it was stopped, from timer start and stop
    events; no timer time without any such event."""
    running_since: dt.datetime | None = None
    stopped_at: dt.datetime | None = None
    total, seen = 0.0, False
    pauses: list[Pause] = []
    for values in events:
        if values.get("event") != "timer":
            continue
        time = clock.get(values, "timestamp")
        kind = values.get("event_type")
        if time is None or not isinstance(kind, str):
            continue
        seen = True
        if kind == "start" and running_since is None:
            running_since = time
            if stopped_at is not None and time > stopped_at:
                pauses.append(Pause(start=stopped_at, end=time))
            stopped_at = None
        elif kind.startswith("stop") and running_since is not None:
            total += max((time - running_since).total_seconds(), 0.0)
            running_since, stopped_at = None, time
    if running_since is not None:
        total += max((last - running_since).total_seconds(), 0.0)
    return (round(total, 3) if seen else None), pauses
