"""Lap and split times on a 400 m track, with lane correction.

Lane 1 is 400 m measured 0.30 m from the kerb; every other lane is measured 0.20 m from its inner
line, each lane 1.22 m wide (World Athletics track facilities). A lap in lane n is therefore
400 + 2*pi*(1.22*(n-1) - 0.10) metres: 407.04 m in lane 2, the 400 m race stagger.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["LANE_WIDTH_M", "TRACK_LAP_M", "Split", "lane_lap_metres", "lap_time", "split_times"]

TRACK_LAP_M = 400.0
LANE_WIDTH_M = 1.22
_LANES = range(1, 10)


def lane_lap_metres(lane: int) -> float:
    """Metres actually run in one lap of lane `lane` (1-9)."""
    if lane not in _LANES:
        raise ValueError(f"lane must be between 1 and 9, got {lane}")
    if lane == 1:
        return TRACK_LAP_M
    return TRACK_LAP_M + 2 * math.pi * (LANE_WIDTH_M * (lane - 1) - 0.10)


def lap_time(seconds_per_km: float, lane: int = 1) -> float:
    """Seconds for one lap at a pace, in the lane run: lap presses count laps, not metres."""
    return lane_lap_metres(lane) / 1000.0 * seconds_per_km


@dataclass(frozen=True, slots=True)
class Split:
    """A split call: at `track_metres` by the marks (`actual_metres` run), due at `seconds`."""

    track_metres: float
    actual_metres: float
    seconds: float


def split_times(
    rep_metres: float, seconds_per_km: float, every_metres: float, lane: int = 1
) -> list[Split]:
    """The split calls of a rep run at an even pace, ending with the finish.

    Distances are by the lane-1 marks runners count by; in an outer lane every split is further
    and its time longer by the lane's factor.
    """
    if rep_metres <= 0 or every_metres <= 0 or seconds_per_km <= 0:
        raise ValueError("a rep, its split interval and its pace must all be positive")
    factor = lane_lap_metres(lane) / TRACK_LAP_M
    marks: list[float] = []
    mark = every_metres
    while mark < rep_metres - 1e-9:
        marks.append(mark)
        mark += every_metres
    marks.append(rep_metres)
    return [Split(m, m * factor, m * factor / 1000.0 * seconds_per_km) for m in marks]
