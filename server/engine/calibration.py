"""Footpod calibration learned from lap presses on a track of known length.

A footpod measures stride, not ground: most read a few percent long or short. On a track the lap
button marks true distances, so each press pairs the metres actually run (by the lane's length)
with what the footpod counted since the previous press. The factor is their ratio over all laps,
ignoring pairs too far off to be a real lap (a missed press, a footpod that lost contact).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FootpodCalibration"]

_PLAUSIBLE = (0.8, 1.25)


@dataclass(slots=True)
class FootpodCalibration:
    """Running ratio of true metres to footpod metres; 1.0 until enough laps are seen."""

    min_laps: int = 2
    track: float = 0.0
    footpod: float = 0.0
    laps: int = 0

    @property
    def factor(self) -> float:
        """Multiply footpod metres by this to get true metres."""
        if self.laps < self.min_laps or self.footpod <= 0:
            return 1.0
        return self.track / self.footpod

    def add_lap(self, track_metres: float, footpod_metres: float) -> bool:
        """Learn from one marked distance; False when the pair is implausible and was ignored."""
        if track_metres <= 0 or footpod_metres <= 0:
            return False
        ratio = track_metres / footpod_metres
        if not _PLAUSIBLE[0] <= ratio <= _PLAUSIBLE[1]:
            return False
        self.track += track_metres
        self.footpod += footpod_metres
        self.laps += 1
        return True
