"""Values computed from the records when a file lacks the device's own.

Kept apart from the readers so that one rule serves every format: heart rate 0 is no heart
rate, a mean is over the samples that have one, a lap's speed is its distance over its timer
time (never over end minus start, which would count a pause), and distances between
positions are great-circle distances on a spherical Earth.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Iterable, Sequence

from server.files.activity import ActivityLap, LapTrigger, Record
from server.files.errors import FileRefused, RefusalCode
from server.files.limits import DAY_S, FileLimits

EARTH_RADIUS_M = 6_371_000.0
# Plausible heart rates; a strap's 0 or 255 means "no reading".
MIN_HR, MAX_HR = 20, 250


def heart_rate(value: object) -> int | None:
    """A heart-rate value as a file wrote it, or None for 0, invalid or out of range."""
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        return None
    bpm = round(value)
    return bpm if MIN_HR <= bpm <= MAX_HR else None


def hr_stats(records: Iterable[Record]) -> tuple[float | None, int | None]:
    """Mean and maximum heart rate over the records that have one (None when none have)."""
    total, count, peak = 0, 0, 0
    for record in records:
        if record.heart_rate is not None:
            total += record.heart_rate
            count += 1
            peak = max(peak, record.heart_rate)
    if count == 0:
        return None, None
    return round(total / count, 2), peak


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two positions in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def path_length_m(points: Sequence[tuple[float, float]]) -> float:
    """Length of one unbroken path (a GPX segment): the sum of its steps."""
    return sum(
        haversine_m(a[0], a[1], b[0], b[1]) for a, b in zip(points, points[1:], strict=False)
    )


def speed(distance_m: float | None, timer_s: float | None) -> float | None:
    """Average speed over moving time; None when either is missing or the time is zero."""
    if distance_m is None or not timer_s or timer_s <= 0:
        return None
    return round(distance_m / timer_s, 3)


def records_between(
    records: Sequence[Record], start: dt.datetime, end: dt.datetime | None
) -> Sequence[Record]:
    """The records of one lap: from its start up to (not including) its end.

    Records are in time order (a clock stepping far back is refused as implausible), so two
    binary searches find them; a few seconds of disorder only moves a lap's edge a sample.
    """
    low = bisect.bisect_left(records, start, key=_time)
    high = len(records) if end is None else bisect.bisect_left(records, end, key=_time)
    return records[low:high]


def _time(record: Record) -> dt.datetime:
    return record.time


def distance_covered(records: Sequence[Record]) -> float | None:
    """Distance between the first and last record that carry one (an odometer's difference)."""
    values = [r.distance_m for r in records if r.distance_m is not None]
    if not values:
        return None
    return round(max(values[-1] - values[0], 0.0), 2)


def whole_lap(records: Sequence[Record], start: dt.datetime, timer_s: float | None) -> ActivityLap:
    """One lap over the whole recording, for a file that has records but no laps."""
    last = records[-1].time if records else start
    elapsed = (last - start).total_seconds()
    distance = records[-1].distance_m if records and records[-1].distance_m is not None else None
    avg, peak = hr_stats(records)
    return ActivityLap(
        start=start,
        distance_m=distance,
        timer_s=timer_s,
        elapsed_s=elapsed,
        avg_hr=avg,
        max_hr=peak,
        avg_speed_mps=speed(distance, timer_s),
        trigger=LapTrigger.SESSION_END,
    )


def check_plausible(
    start: dt.datetime, end: dt.datetime, records: Sequence[Record], limits: FileLimits
) -> None:
    """Refuse an activity no runner recorded: weeks long, or a clock jumping far back."""
    if start.year < 1990:
        raise FileRefused(
            RefusalCode.IMPLAUSIBLE,
            f"The file says this activity started in {start.year}; the times cannot be trusted.",
        )
    span = (end - start).total_seconds()
    if span > limits.max_duration_s:
        days = span / DAY_S
        raise FileRefused(
            RefusalCode.IMPLAUSIBLE,
            f"The file says this activity lasted {days:.1f} days, which is longer than any "
            f"activity we import ({limits.max_duration_s / DAY_S:.0f} days at most). "
            "The watch's clock was probably wrong.",
        )
    back = dt.timedelta(seconds=limits.max_clock_step_back_s)
    for index, (before, after) in enumerate(zip(records, records[1:], strict=False), start=1):
        if after.time < before.time - back:
            step = (before.time - after.time).total_seconds()
            raise FileRefused(
                RefusalCode.IMPLAUSIBLE,
                f"The clock in this file jumps back {step:.0f} s at record {index + 1}; "
                "the times cannot be trusted.",
            )
