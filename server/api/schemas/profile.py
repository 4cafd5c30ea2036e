"""The athlete's profile: race results, heart rates, units and what to hear."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from server.api.schemas.base import Body, Reply
from server.engine import Units
from server.workouts import AthleteProfile
from server.workouts.races import parse_race
from server.workouts.units import parse_clock
from server.workouts.vdot import training_paces, vdot_from_race

__all__ = ["CuePreferences", "Paces", "Profile", "ProfileReply", "RaceResult"]


class RaceResult(Body):
    """A race the athlete ran: the distance by name (`5k`, `half`, `8000m`) and the time."""

    race: Annotated[str, Field(max_length=16, examples=["5k"])]
    time: Annotated[str, Field(max_length=12, examples=["19:57"])]
    date: dt.date | None = None

    @field_validator("race")
    @classmethod
    def _known(cls, race: str) -> str:
        parse_race(race)
        return race

    @field_validator("time")
    @classmethod
    def _clock(cls, time: str) -> str:
        parse_clock(time)
        return time

    @model_validator(mode="after")
    def _a_run(self) -> RaceResult:
        vdot_from_race(parse_race(self.race).metres, parse_clock(self.time))
        return self

    def vdot(self) -> float:
        """The result's VDOT."""
        return vdot_from_race(parse_race(self.race).metres, parse_clock(self.time))


class CuePreferences(Body):
    """What the athlete wants to hear and feel."""

    voice: bool = True
    beeps: bool = True
    vibration: bool = True
    pace_alerts: bool = True
    hr_alerts: bool = True
    split_calls: bool = True
    fatigue_checks: bool = True


class Profile(Body):
    """Everything targets resolve against. The most recent race result sets the VDOT."""

    race_results: Annotated[list[RaceResult], Field(max_length=50)] = []
    max_hr: Annotated[int, Field(ge=100, le=230)] | None = None
    resting_hr: Annotated[int, Field(ge=30, le=120)] | None = None
    lthr: Annotated[int, Field(ge=80, le=220)] | None = None
    units: Units = Units.KM
    cues: CuePreferences = CuePreferences()

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "race_results": [{"race": "5k", "time": "19:57", "date": "2026-10-04"}],
                    "max_hr": 190,
                    "resting_hr": 50,
                    "units": "km",
                }
            ]
        }
    }

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        self.athlete()
        return self

    def current_vdot(self) -> float | None:
        """VDOT of the most recent result (undated results count as oldest, in order)."""
        if not self.race_results:
            return None
        dated = sorted(
            enumerate(self.race_results),
            key=lambda pair: (pair[1].date or dt.date.min, pair[0]),
        )
        return round(dated[-1][1].vdot(), 2)

    def athlete(self) -> AthleteProfile:
        """The numbers the workout model resolves targets against."""
        return AthleteProfile(
            vdot=self.current_vdot(), max_hr=self.max_hr, resting_hr=self.resting_hr, lthr=self.lthr
        )


class Paces(Reply):
    """Daniels training paces in seconds per km (E as [slow, fast])."""

    E: tuple[float, float]
    M: float
    T: float
    I: float  # noqa: E741 - the letter Daniels uses
    R: float


class HeartRateZoneReply(Reply):
    """One heart-rate zone in bpm."""

    zone: int
    low: int
    high: int


class ProfileReply(Reply):
    """The athlete with the numbers derived from the profile."""

    id: str
    name: str
    profile: Profile
    vdot: float | None
    paces: Paces | None
    hr_zones: list[HeartRateZoneReply]

    @classmethod
    def build(cls, athlete_id: str, name: str, profile: Profile) -> ProfileReply:
        """Derive VDOT, paces and zones from a stored profile."""
        vdot = profile.current_vdot()
        paces = None
        if vdot is not None:
            p = training_paces(vdot)
            paces = Paces(E=p.easy, M=p.marathon, T=p.threshold, I=p.interval, R=p.repetition)
        zones = profile.athlete().heart_rate_zones() or ()
        return cls(
            id=athlete_id,
            name=name,
            profile=profile,
            vdot=vdot,
            paces=paces,
            hr_zones=[HeartRateZoneReply(zone=z.number, low=z.low, high=z.high) for z in zones],
        )
