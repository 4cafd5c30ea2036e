"""Workouts as files, both ways: onto a watch (FIT, TCX) and from one into trackcue.

Out, a workout is written as resolved for the athlete, so a named pace (`I Pace`, `Z3 Pace`)
reaches the watch as the speed range it means today. In, a file's steps become a `Workout`
checked by the same rules as typed text, and its text is trackcue's text format: a speed range
comes back as an absolute pace (`4:00-4:10/km Pace`), a zone as a zone. The round trip keeps
the steps, repeats and targets; what a file cannot hold (sections, cues longer than a watch
shows, the time cap of a heart-rate step) is named in docs/files.md ("Writing files").
"""

from __future__ import annotations

import datetime as dt
import zlib

from pydantic import BaseModel, ConfigDict, Field

from server.files.activity import FileWarning, Sport
from server.files.errors import FileRefused, RefusalCode
from server.files.sports import word_sport
from server.files.workout_fit import write_fit_workout
from server.files.workout_fit_read import read_fit_workout
from server.files.workout_outline import workout_of
from server.files.workout_tcx import read_tcx_workout, write_tcx_workout
from server.workouts import ResolvedWorkout, Workout, format_workout

__all__ = [
    "MAX_WORKOUT_BYTES",
    "ImportedWorkout",
    "read_workout_file",
    "workout_to_fit",
    "workout_to_tcx",
]

MAX_WORKOUT_BYTES = 1024 * 1024
"""A workout file is a few kilobytes; one of a megabyte (expanded) is not a workout."""


class ImportedWorkout(BaseModel):
    """A workout read from a FIT or TCX workout file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: str = Field(description="fit or tcx")
    name: str | None
    sport: Sport
    sub_sport: str | None = None
    text: str = Field(description="the workout in trackcue's text format")
    workout: Workout
    warnings: list[FileWarning] = Field(default_factory=list)


def workout_to_fit(
    workout: ResolvedWorkout, *, name: str, created: dt.datetime | None = None
) -> bytes:
    """A FIT workout file (type 5) for a watch; `created` (the file's time) defaults to now."""
    return write_fit_workout(workout, name=name, created=created)


def workout_to_tcx(workout: ResolvedWorkout, *, name: str) -> bytes:
    """A TCX workout; `NotExportable` for what TCX cannot hold (over 99 repeats, 65,535 m)."""
    return write_tcx_workout(workout, name=name)


def read_workout_file(data: bytes) -> ImportedWorkout:
    """The workout in a FIT or TCX workout file (gzip too); `FileRefused` with the reason."""
    data = _expanded(data)
    if len(data) >= 12 and data[8:12] == b".FIT":
        fmt = "fit"
        name, sport_name, items, warnings = read_fit_workout(data)
    elif data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        fmt = "tcx"
        name, sport_name, items, warnings = read_tcx_workout(data)
    else:
        raise FileRefused(
            RefusalCode.UNKNOWN_FORMAT, "This is neither a FIT nor a TCX workout file."
        )
    workout = workout_of(name, items)
    sport, sub_sport = word_sport(sport_name)
    return ImportedWorkout(
        format=fmt,
        name=workout.name,
        sport=sport,
        sub_sport=sub_sport,
        text=format_workout(workout),
        workout=workout,
        warnings=warnings,
    )


def _expanded(data: bytes) -> bytes:
    """The file's bytes, gunzipped if need be, never past `MAX_WORKOUT_BYTES`."""
    if not data:
        raise FileRefused(RefusalCode.EMPTY, "This file is empty.")
    if len(data) > MAX_WORKOUT_BYTES:
        raise FileRefused(RefusalCode.TOO_LARGE, "This file is too large to be a workout.")
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        out = inflater.decompress(data, MAX_WORKOUT_BYTES + 1)
    except zlib.error:
        raise FileRefused(RefusalCode.BAD_GZIP, "This gzip file is damaged.") from None
    if len(out) > MAX_WORKOUT_BYTES or inflater.unconsumed_tail:
        raise FileRefused(RefusalCode.TOO_LARGE, "This file expands past what a workout needs.")
    if not out:
        raise FileRefused(RefusalCode.EMPTY, "This gzip file holds nothing.")
    return out
