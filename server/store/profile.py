"""The athlete's profile as it is kept: race results, heart rates, units, venue and cues.

This is a domain value, not a request body: the store loads it from the athlete's JSON document
and hands it out, the API takes and shows it as it is, and a new session copies its settings
(decision 13). It is pure (pydantic, the engine's settings types and the pace maths only), so it
could move into a pure package once one owns the athlete; it sits in the store because the
store is what must read every profile ever written. Fields added later carry defaults, so an
older document (no `venue`, cues without `countdown_buzz`) still loads.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from server.engine import CuePreferences, EngineSettings, Units, Venue
from server.workouts import AthleteProfile
from server.workouts.races import parse_race
from server.workouts.units import parse_clock
from server.workouts.vdot import vdot_from_race

__all__ = ["Profile", "RaceResult"]


class _Value(BaseModel):
    # Frozen: a profile read from the store is a fact, changed only by storing a new one.
    # Strict about fields so a typo is an error rather than a setting silently ignored.
    model_config = ConfigDict(
        frozen=True, extra="forbid", allow_inf_nan=False, str_strip_whitespace=True
    )


class RaceResult(_Value):
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
        # A result outside the VDOT tables cannot set paces; refuse it when it is entered.
        self.vdot()
        return self

    def vdot(self) -> float:
        """The result's VDOT."""
        return vdot_from_race(parse_race(self.race).metres, parse_clock(self.time))


class Profile(_Value):
    """Everything targets resolve against, and how the athlete likes sessions run.

    The most recent race result sets the VDOT; `units`, `venue` and `cues` are the defaults a
    new session snapshots.
    """

    race_results: Annotated[tuple[RaceResult, ...], Field(max_length=50)] = ()
    max_hr: Annotated[int, Field(ge=100, le=230)] | None = None
    resting_hr: Annotated[int, Field(ge=30, le=120)] | None = None
    lthr: Annotated[int, Field(ge=80, le=220)] | None = None
    units: Units = Units.KM
    venue: Venue = Field(
        default=Venue.TRACK, description="where sessions are run unless a session says otherwise"
    )
    cues: CuePreferences = CuePreferences()

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        # Heart rates that contradict each other are refused here, not when a session resolves.
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

    def engine_settings(self, *, venue: Venue | None = None) -> EngineSettings:
        """The settings a session created now keeps: units, cues, and the venue.

        `venue` is the session's own choice; without one the profile's default is used. Alert
        tunings stay the engine's defaults: the profile does not set them.
        """
        return EngineSettings(
            units=self.units, venue=self.venue if venue is None else venue, cues=self.cues
        )
