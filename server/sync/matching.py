"""When two files are one run, and what the richer one adds to the other. Pure.

A runner's watch syncs a FIT file to Garmin Connect, Strava exports it as GPX, and a coach's
tool as TCX: three files, one run. Matching is by the strongest evidence first (the FIT file's
own id), then by the same sport starting within a minute with a distance within 3 % (GPX
distances, summed from positions, are measured within 2 % of the watch's own).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from server.files.activity import Activity, Record, Sport

__all__ = ["DISTANCE_TOLERANCE", "START_TOLERANCE", "enrich", "same_run"]

START_TOLERANCE = dt.timedelta(seconds=60)
DISTANCE_TOLERANCE = 0.03

_TOTALS = ("distance_m", "timer_s", "elapsed_s", "avg_hr", "max_hr")
_FILLED = ("sub_sport", "device", "file_id", "name")
_CHANNELS = ("distance_m", "speed_mps", "heart_rate", "cadence_spm", "lat", "altitude_m")


def _close(a: float | None, b: float | None) -> bool | None:
    """Within 3 % of the larger; None when either is missing or zero (nothing to compare)."""
    if not a or not b:
        return None
    return abs(a - b) <= DISTANCE_TOLERANCE * max(a, b)


def _sports_agree(a: Sport, b: Sport) -> bool:
    # A file that names no sport (a GPX track without a type) may be any sport.
    return a == b or Sport.OTHER in (a, b)


def same_run(kept: Activity, new: Activity) -> bool:
    """Whether `new` is another recording of the run `kept` is."""
    if kept.file_id is not None and kept.file_id == new.file_id:
        return True
    if not _sports_agree(kept.sport, new.sport):
        return False
    if abs(kept.start - new.start) > START_TOLERANCE:
        return False
    by_distance = _close(kept.distance_m, new.distance_m)
    if by_distance is not None:
        return by_distance
    by_time = _close(kept.elapsed_s or kept.timer_s, new.elapsed_s or new.timer_s)
    return by_time is not False  # starting within a minute, and nothing says otherwise


def _device_wrote(activity: Activity, field: str) -> bool:
    return getattr(activity, field) is not None and field not in activity.computed


def _channels(records: list[Record]) -> int:
    return sum(1 for channel in _CHANNELS if any(getattr(r, channel) is not None for r in records))


def _richer_records(kept: list[Record], new: list[Record]) -> bool:
    kept_channels, new_channels = _channels(kept), _channels(new)
    if new_channels != kept_channels:
        return new_channels > kept_channels
    return len(new) > len(kept)


def enrich(kept: Activity, new: Activity) -> tuple[Activity, list[str]]:
    """`kept` with what `new` has and it lacks, and the names of what was taken.

    What the device wrote beats what was computed; laps the runner pressed beat none or laps
    computed from the records; records with more channels (heart rate, cadence) beat fewer.
    Nothing `kept` had from its device is ever replaced.
    """
    changes: dict[str, Any] = {}
    taken: list[str] = []
    computed = set(kept.computed)
    for field in _TOTALS:
        mine = getattr(kept, field)
        if _device_wrote(new, field) and (mine is None or field in kept.computed):
            changes[field] = getattr(new, field)
            computed.discard(field)
            taken.append(field)
        elif mine is None and getattr(new, field) is not None:
            changes[field] = getattr(new, field)
            computed.add(field)
            taken.append(field)
    if new.laps and (not kept.laps or ("laps" in kept.computed and "laps" not in new.computed)):
        changes["laps"] = new.laps
        computed.discard("laps")
        if "laps" in new.computed:
            computed.add("laps")
        taken.append("laps")
    if new.legs and not kept.legs:
        changes["legs"] = new.legs
        taken.append("legs")
    if new.records and _richer_records(kept.records, new.records):
        changes["records"] = new.records
        taken.append("records")
    for field in _FILLED:
        if getattr(kept, field) is None and getattr(new, field) is not None:
            changes[field] = getattr(new, field)
            taken.append(field)
    if kept.sport is Sport.OTHER and new.sport is not Sport.OTHER:
        changes["sport"] = new.sport
        taken.append("sport")
    if not taken:
        return kept, []
    known = {warning.code for warning in kept.warnings}
    changes["warnings"] = kept.warnings + [w for w in new.warnings if w.code not in known]
    changes["computed"] = sorted(computed)
    return kept.model_copy(update=changes), taken
