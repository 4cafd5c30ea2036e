"""What a session is run with: the venue, the athlete's units and what they want to hear.

A session keeps these next to its resolved plan from the moment it is created (so a replay, an
export or a coach reads what the runner actually heard, not today's profile). They are a frozen
pydantic model because they travel: into the database beside the snapshot, onto the wire, and
into the engine's serialised state when a session moves between processes.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from server.engine.alerts import AlertSettings
from server.engine.fatigue import FatigueSettings

__all__ = ["CuePreferences", "EngineSettings", "Units", "Venue"]


class Units(StrEnum):
    """The athlete's units for spoken paces and distances."""

    KM = "km"
    MILE = "mi"


class Venue(StrEnum):
    """Where the session is run, which decides what measures a distance.

    On a `track` lap presses at the line rule (and the lane's extra metres count); on the `road`
    the footpod's or GPS distance ends a rep and lap presses only mark laps; on a `treadmill`
    the belt's distance counts.
    """

    TRACK = "track"
    ROAD = "road"
    TREADMILL = "treadmill"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CuePreferences(_Frozen):
    """What the athlete wants to hear and feel; the engine leaves out what is switched off."""

    voice: bool = True
    beeps: bool = True
    vibration: bool = True
    pace_alerts: bool = True
    hr_alerts: bool = True
    split_calls: bool = True
    fatigue_checks: bool = True
    countdown_buzz: bool = Field(
        default=False,
        description="buzz at each second of a countdown (5, 4, 3, 2, 1), not only at its"
        " warning and at zero; off by default, so that a watch's buzzes stay few and mean"
        " something",
    )


class EngineSettings(_Frozen):
    """Everything besides the plan that shapes how a session is run and spoken."""

    units: Units = Units.KM
    venue: Venue = Venue.TRACK
    cues: CuePreferences = CuePreferences()
    lead_in_s: Annotated[int, Field(ge=0, le=10)] = 3
    pace_alert: AlertSettings = AlertSettings(
        window_s=10.0, grace_s=15.0, hysteresis=0.015, cooldown_s=20.0
    )
    hr_alert: AlertSettings = AlertSettings(
        window_s=5.0, grace_s=20.0, hysteresis=0.01, cooldown_s=30.0
    )
    fatigue: FatigueSettings = FatigueSettings()

    @property
    def on_track(self) -> bool:
        """Whether lap presses at the line measure distance."""
        return self.venue is Venue.TRACK
