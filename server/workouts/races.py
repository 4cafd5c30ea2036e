"""Race distances by name, the way runners say them ("5k", "half", "2mile", "8000m")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from server.workouts.units import METRES_PER_MILE

__all__ = ["RACES", "Race", "parse_race"]


@dataclass(frozen=True, slots=True)
class Race:
    """A race distance with the name it is reported under."""

    name: str
    metres: float


RACES: tuple[Race, ...] = (
    Race("1500m", 1500.0),
    Race("mile", METRES_PER_MILE),
    Race("3000m", 3000.0),
    Race("2mile", 2 * METRES_PER_MILE),
    Race("5k", 5000.0),
    Race("10k", 10000.0),
    Race("15k", 15000.0),
    Race("half", 21097.5),
    Race("marathon", 42195.0),
)
"""The distances Daniels' tables report, in order; also the keys of equivalent-time reports."""

_ALIASES = {
    "1500": "1500m",
    "1mile": "mile",
    "1mi": "mile",
    "3k": "3000m",
    "3000": "3000m",
    "2mi": "2mile",
    "5000m": "5k",
    "5km": "5k",
    "10000m": "10k",
    "10km": "10k",
    "15km": "15k",
    "hm": "half",
    "halfmarathon": "half",
    "half-marathon": "half",
    "21.1k": "half",
    "m": "marathon",
    "full": "marathon",
    "42.2k": "marathon",
}
_BY_NAME = {race.name: race for race in RACES}
_CUSTOM = re.compile(r"^(\d+(?:\.\d+)?)(m|mtr|km|k|mi)$")
_UNIT_METRES = {"m": 1.0, "mtr": 1.0, "km": 1000.0, "k": 1000.0, "mi": METRES_PER_MILE}


def parse_race(text: str) -> Race:
    """Read a race name or a distance (`5k`, `half`, `8000m`, `4mi`); ValueError says what fits."""
    key = text.strip().lower().replace(" ", "")
    key = _ALIASES.get(key, key)
    if key in _BY_NAME:
        return _BY_NAME[key]
    match = _CUSTOM.match(key)
    if match:
        metres = float(match.group(1)) * _UNIT_METRES[match.group(2)]
        if 800 <= metres <= 100_000:
            return Race(text.strip(), metres)
        raise ValueError(f"a race must be between 800 m and 100 km, got {text!r}")
    names = ", ".join(race.name for race in RACES)
    raise ValueError(f"unknown race {text!r}: use one of {names}, or a distance such as 8000m")
