"""The athlete's profile on the wire: the stored profile itself, and what it gives.

The profile is a domain value (`server.store.profile.Profile`); the API takes it as the body of
`PUT /v1/me/profile` and shows it unchanged, so there is one definition of its fields and one
set of rules. This module adds only what the API says about it: examples, and the reply with
the VDOT, paces and zones derived from it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body

from server.api.schemas.base import Reply
from server.store.profile import Profile
from server.workouts.vdot import training_paces

__all__ = ["HeartRateZoneReply", "Paces", "ProfileIn", "ProfileReply"]

_EXAMPLES: dict[str, Any] = {
    "track": {
        "summary": "a 5 km result and heart rates; sessions on the track in kilometres",
        "value": {
            "race_results": [{"race": "5k", "time": "19:57", "date": "2026-10-04"}],
            "max_hr": 190,
            "resting_hr": 50,
            "units": "km",
            "venue": "track",
        },
    },
    "road": {
        "summary": "miles on the road, quiet: no voice, beeps and vibration only",
        "value": {
            "race_results": [{"race": "half", "time": "1:32:10"}],
            "units": "mi",
            "venue": "road",
            "cues": {"voice": False, "split_calls": False, "countdown_buzz": False},
        },
    },
}

ProfileIn = Annotated[Profile, Body(openapi_examples=_EXAMPLES)]
"""The request body of `PUT /v1/me/profile`: the whole profile, replacing the stored one."""


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
