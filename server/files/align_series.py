"""An activity's records as evenly spaced series, the form in which reps can be found from pace.

Watches record every second or "smart" every few seconds, some without distance, some without
speed. Finding where a rep started needs one shape for all of them: a one-second grid of the
distance run and of a speed smoothed over nine seconds (centred, so a rep's start and end are
not shifted). Times are seconds from the activity's clock zero, the same clock the engine is fed.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from server.files.activity import Activity

__all__ = ["Series", "series_of", "zero_of"]

_SMOOTH_HALF_S = 4  # a centred nine-second window
MIN_RECORDS = 30


def zero_of(activity: Activity) -> dt.datetime:
    """The instant the engine's clock counts from: the activity's start or its first record."""
    if activity.records and activity.records[0].time < activity.start:
        return activity.records[0].time
    return activity.start


@dataclass(frozen=True, slots=True)
class Series:
    """A one-second grid from `t0`: distance run (m) and smoothed speed (m/s) at each second."""

    t0: float
    distance: list[float]
    speed: list[float]

    @property
    def end(self) -> float:
        """The time of the last point on the grid."""
        return self.t0 + len(self.distance) - 1

    def index(self, t: float) -> int:
        """The grid point at or just before `t`, clamped to the grid."""
        return min(max(int(t - self.t0), 0), len(self.distance) - 1)

    def distance_at(self, t: float) -> float:
        """Metres run by `t`, interpolated between the grid's seconds."""
        i = self.index(t)
        if i + 1 >= len(self.distance):
            return self.distance[-1]
        fraction = min(max(t - self.t0 - i, 0.0), 1.0)
        return self.distance[i] + fraction * (self.distance[i + 1] - self.distance[i])

    def time_at_distance(self, metres: float, after: float) -> float | None:
        """When `metres` was reached, searching from `after`; None if never."""
        i = self.index(after)
        j = bisect.bisect_left(self.distance, metres, lo=i)
        if j >= len(self.distance):
            return None
        if j == 0 or self.distance[j] == self.distance[j - 1]:
            return max(self.t0 + j, after)
        fraction = (metres - self.distance[j - 1]) / (self.distance[j] - self.distance[j - 1])
        return max(self.t0 + j - 1 + fraction, after)

    def mean_speed(self, start: float, end: float) -> float:
        """Average speed over [start, end]: distance over time."""
        if end <= start:
            return 0.0
        return (self.distance_at(end) - self.distance_at(start)) / (end - start)


def series_of(activity: Activity) -> Series | None:
    """The activity's records on a one-second grid, or None when they cannot say where reps are.

    Distance comes from the records' running totals where they have them, else from their
    speeds; it never goes down (a total that restarts counts on from where it was).
    """
    zero = zero_of(activity)
    points: list[tuple[float, float]] = []
    total = 0.0
    last_raw: float | None = None
    last_t: float | None = None
    last_speed: float | None = None
    for record in activity.records:
        t = (record.time - zero).total_seconds()
        if last_t is not None and t <= last_t:
            continue
        if record.distance_m is not None:
            if last_raw is not None and record.distance_m > last_raw:
                total += record.distance_m - last_raw
            last_raw = record.distance_m
        elif record.speed_mps is not None and last_t is not None:
            mean = record.speed_mps if last_speed is None else (record.speed_mps + last_speed) / 2
            total += mean * min(t - last_t, 10.0)
        if record.speed_mps is not None:
            last_speed = record.speed_mps
        points.append((t, total))
        last_t = t
    if len(points) < MIN_RECORDS or points[-1][1] <= 0:
        return None
    t0 = float(int(points[0][0]))
    grid: list[float] = []
    k = 0
    t = t0
    while t <= points[-1][0]:
        while k + 1 < len(points) and points[k + 1][0] <= t:
            k += 1
        ta, da = points[k]
        if k + 1 < len(points) and t > ta:
            tb, db = points[k + 1]
            grid.append(da + (db - da) * (t - ta) / (tb - ta))
        else:
            grid.append(da)
        t += 1.0
    speed: list[float] = []
    for i in range(len(grid)):
        a, b = max(i - _SMOOTH_HALF_S, 0), min(i + _SMOOTH_HALF_S, len(grid) - 1)
        speed.append((grid[b] - grid[a]) / (b - a) if b > a else 0.0)
    return Series(t0=t0, distance=grid, speed=speed)
