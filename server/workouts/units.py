"""Units of distance, time and pace, and how they are written.

Everything inside trackcue is SI (metres, seconds, metres per second). Runners think in pace per
kilometre, per mile or per 400 m lap, so conversion and formatting live here in one place. Values
that a user writes are quantized (0.1 s, 0.1 %, 0.001 of a distance unit) so that writing a value
and reading it back gives exactly the same float.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum

__all__ = [
    "METRES_PER_MILE",
    "DistanceUnit",
    "PaceUnit",
    "SpeedUnit",
    "format_clock",
    "format_number",
    "format_pace",
    "pace_to_speed",
    "parse_clock",
    "quantize",
    "speed_to_pace",
]

METRES_PER_MILE = 1609.344
METRES_PER_YARD = 0.9144


class DistanceUnit(StrEnum):
    """A unit a distance is written in; `mtr` is metres (a bare `m` means minutes in the text)."""

    METRE = "mtr"
    KILOMETRE = "km"
    MILE = "mi"

    @property
    def metres(self) -> float:
        """Metres in one of this unit."""
        return _DISTANCE_METRES[self]


_DISTANCE_METRES = {
    DistanceUnit.METRE: 1.0,
    DistanceUnit.KILOMETRE: 1000.0,
    DistanceUnit.MILE: METRES_PER_MILE,
}


class PaceUnit(StrEnum):
    """The distance a pace is given per, as written after the slash (`1:32/400m`)."""

    KM = "/km"
    MILE = "/mi"
    LAP = "/400m"
    M100 = "/100m"
    M250 = "/250m"
    M500 = "/500m"
    Y100 = "/100y"

    @property
    def metres(self) -> float:
        """Metres covered in one of this unit."""
        return _PACE_METRES[self]

    def per_km(self, seconds: float) -> float:
        """Convert a pace (or a pace offset) in this unit to seconds per kilometre."""
        return seconds * 1000.0 / self.metres

    def from_per_km(self, seconds_per_km: float) -> float:
        """Convert seconds per kilometre to a pace in this unit."""
        return seconds_per_km * self.metres / 1000.0


_PACE_METRES = {
    PaceUnit.KM: 1000.0,
    PaceUnit.MILE: METRES_PER_MILE,
    PaceUnit.LAP: 400.0,
    PaceUnit.M100: 100.0,
    PaceUnit.M250: 250.0,
    PaceUnit.M500: 500.0,
    PaceUnit.Y100: 100 * METRES_PER_YARD,
}


class SpeedUnit(StrEnum):
    """A unit a speed target is written in."""

    KMH = "km/h"
    MPS = "m/s"

    def to_mps(self, value: float) -> float:
        """Convert a speed in this unit to metres per second."""
        return value / 3.6 if self is SpeedUnit.KMH else value


def quantize(value: float, decimals: int) -> float:
    """Round to a fixed number of decimals so written values read back as the same float."""
    rounded = round(value, decimals)
    return rounded + 0.0  # turns -0.0 into 0.0


def format_number(value: float, decimals: int = 3) -> str:
    """Write a number with at most `decimals` decimals and no trailing zeros (`2`, `0.8`, `4.5`)."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_clock(seconds: float, *, decimals: int = 0) -> str:
    """Write a time as `m:ss` or `h:mm:ss` (`92` -> `1:32`, `4077` -> `1:07:57`).

    With `decimals` > 0 a fractional second is kept (`92.5` -> `1:32.5`).
    """
    if not math.isfinite(seconds):
        raise ValueError(f"cannot write {seconds} as a time")
    sign = "-" if seconds < 0 else ""
    total = round(abs(seconds), decimals)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    sec_text = format_number(secs, decimals)
    whole, _, frac = sec_text.partition(".")
    sec_text = whole.zfill(2) + (f".{frac}" if frac else "")
    if hours:
        return f"{sign}{int(hours)}:{int(minutes):02d}:{sec_text}"
    return f"{sign}{int(minutes)}:{sec_text}"


_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d{1,2}(?:\.\d+)?)$|^(\d+(?:\.\d+)?)$")


def parse_clock(text: str) -> float:
    """Read `ss`, `m:ss`, `mm:ss.s` or `h:mm:ss` as seconds; ValueError says what was expected."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(f"expected a time such as 19:57 or 1:32:05, got {text!r}")
    if match.group(4) is not None:
        return float(match.group(4))
    hours = int(match.group(1) or 0)
    minutes = int(match.group(2))
    seconds = float(match.group(3))
    if seconds >= 60 or (match.group(1) is not None and minutes >= 60):
        raise ValueError(f"expected minutes and seconds below 60 in {text!r}")
    return hours * 3600 + minutes * 60 + seconds


def pace_to_speed(seconds_per_km: float) -> float:
    """Seconds per kilometre to metres per second."""
    return 1000.0 / seconds_per_km


def speed_to_pace(metres_per_second: float) -> float:
    """Metres per second to seconds per kilometre."""
    return 1000.0 / metres_per_second


def format_pace(seconds_per_km: float, per: PaceUnit = PaceUnit.KM, *, decimals: int = 0) -> str:
    """Write a pace in the runner's unit (`4:15/km`, `6:50/mi`, `1:42/400m`)."""
    return f"{format_clock(per.from_per_km(seconds_per_km), decimals=decimals)}{per.value}"
