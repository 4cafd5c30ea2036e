"""What every writer shares: the one reason not to write, and the laps a file must have."""

from __future__ import annotations

from server.files.activity import Activity, ActivityLap, LapTrigger

__all__ = ["NotExportable", "laps_or_whole"]


class NotExportable(ValueError):
    """There is nothing honest to write: a session never started, a GPX file without positions.

    A `ValueError`, so a caller that maps bad requests to a 4xx answer handles it already.
    """


def laps_or_whole(activity: Activity) -> list[ActivityLap]:
    """The activity's laps, or one lap for the whole of it: FIT and TCX files need a lap, and
    Garmin Connect refuses an activity without one."""
    if activity.laps:
        return list(activity.laps)
    return [
        ActivityLap(
            start=activity.start,
            distance_m=activity.distance_m,
            timer_s=activity.timer_s,
            elapsed_s=activity.elapsed_s,
            avg_hr=activity.avg_hr,
            max_hr=activity.max_hr,
            trigger=LapTrigger.SESSION_END,
        )
    ]
