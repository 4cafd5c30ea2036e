"""One activity model for every file format, so the rest of trackcue never asks what a file was.

SI inside (metres, seconds, m/s) and UTC times. Values the device wrote win; where a file lacks
them they are computed from the records, and `computed` says which, so a reader can tell a
watch's own summary from ours.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FileFormat = Literal["fit", "tcx", "gpx"]


class Sport(StrEnum):
    """Sports as trackcue tells them apart; every file format's names map onto these."""

    RUNNING = "running"
    WALKING = "walking"
    HIKING = "hiking"
    CYCLING = "cycling"
    SWIMMING = "swimming"
    ROWING = "rowing"
    MULTISPORT = "multisport"
    OTHER = "other"


class LapTrigger(StrEnum):
    """What closed a lap: the runner's button, or the watch's own auto-lap."""

    MANUAL = "manual"
    DISTANCE = "distance"
    TIME = "time"
    POSITION = "position"
    # A step that ended when heart rate crossed its threshold ("recover until HR < 120").
    HEART_RATE = "heart_rate"
    SESSION_END = "session_end"
    UNKNOWN = "unknown"


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Device(Model):
    """The device that recorded the file, as it names itself."""

    manufacturer: str | None = None
    product: str | None = None
    serial: str | None = None
    software: str | None = None

    @property
    def name(self) -> str | None:
        """A label for people: "Garmin Forerunner 110"."""
        parts = [p for p in (self.manufacturer, self.product) if p]
        return " ".join(parts) or None


class Record(Model):
    """One sample of the recording. Heart rate 0 in a file means "none" and is stored as None."""

    time: dt.datetime
    distance_m: float | None = None
    speed_mps: float | None = None
    heart_rate: int | None = None
    cadence_spm: float | None = None
    lat: float | None = None
    lon: float | None = None
    altitude_m: float | None = None


class ActivityLap(Model):
    """A lap as the device wrote it (or computed from the records, see `Activity.computed`)."""

    start: dt.datetime
    distance_m: float | None = None
    timer_s: float | None = None
    elapsed_s: float | None = None
    avg_hr: float | None = None
    max_hr: int | None = None
    avg_speed_mps: float | None = None
    trigger: LapTrigger = LapTrigger.UNKNOWN
    intensity: str | None = None


class Leg(Model):
    """One sport of a multisport file: its part of the totals and of the laps."""

    sport: Sport
    sub_sport: str | None = None
    start: dt.datetime
    distance_m: float | None = None
    timer_s: float | None = None
    elapsed_s: float | None = None
    first_lap: int = 0
    lap_count: int = 0


class FileWarning(Model):
    """Something odd the importer handled by a rule; the activity is still good."""

    code: str
    message: str


class Pause(Model):
    """A stretch when the timer was stopped: elapsed time runs on, timer time does not."""

    start: dt.datetime
    end: dt.datetime


class Activity(Model):
    """What a file says about one activity, whatever the format."""

    format: FileFormat
    sport: Sport
    sub_sport: str | None = None
    start: dt.datetime
    distance_m: float | None = None
    timer_s: float | None = None
    elapsed_s: float | None = None
    avg_hr: float | None = None
    max_hr: int | None = None
    laps: list[ActivityLap] = Field(default_factory=list)
    records: list[Record] = Field(default_factory=list)
    # The timer's stops, where known (a file's timer events, a live session's pauses).
    pauses: list[Pause] = Field(default_factory=list)
    legs: list[Leg] = Field(default_factory=list)
    device: Device | None = None
    # A FIT file's own identity (serial and creation time), the strongest duplicate signal.
    file_id: str | None = None
    name: str | None = None
    # Fields the importer computed from the records because the file lacked them.
    computed: list[str] = Field(default_factory=list)
    warnings: list[FileWarning] = Field(default_factory=list)

    @property
    def is_run(self) -> bool:
        """A run, or a multisport file with at least one running leg."""
        if self.sport is Sport.RUNNING:
            return True
        return any(leg.sport is Sport.RUNNING for leg in self.legs)
