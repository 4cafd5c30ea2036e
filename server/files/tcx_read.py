"""TCX (Garmin's Training Center XML) activities into the activity model.

TCX has no activity totals and no activity heart rate: the totals are the sum of the laps as
the device wrote them (distance, timer time), the elapsed time runs from the first lap's
start to the last trackpoint, and heart rate is over the trackpoints. The start is the first
lap's `StartTime`, not `<Id>`, which Garmin Connect truncates to the minute. Each of those is
listed in `computed`, because none is the device's own total.
"""

from __future__ import annotations

import datetime as dt

from server.files.activity import Activity, ActivityLap, Device, FileWarning, LapTrigger, Record
from server.files.derive import hr_stats, records_between, speed
from server.files.errors import FileRefused, RefusalCode
from server.files.limits import FileLimits
from server.files.sports import word_sport
from server.files.xml_safe import (
    XmlElement,
    child,
    child_text,
    children,
    descendant_text,
    line_of,
)
from server.files.xml_values import TimeReader, number

_TRIGGERS = {
    "manual": LapTrigger.MANUAL,
    "distance": LapTrigger.DISTANCE,
    "time": LapTrigger.TIME,
    "location": LapTrigger.POSITION,
    "heartrate": LapTrigger.HEART_RATE,
}


def read_tcx(root: XmlElement, limits: FileLimits, warnings: list[FileWarning]) -> Activity:
    activities = child(root, "Activities")
    found = children(activities, "Activity") if activities is not None else []
    if not found:
        raise FileRefused(
            RefusalCode.NOT_AN_ACTIVITY,
            "This TCX file holds no activity (it may be a course or a workout).",
        )
    if len(found) > 1:
        warnings.append(
            FileWarning(
                code="tcx_several_activities",
                message=f"The file holds {len(found)} activities; the first was imported.",
            )
        )
    return _activity(found[0], limits, warnings)


def _activity(node: XmlElement, limits: FileLimits, warnings: list[FileWarning]) -> Activity:
    times = TimeReader()
    sport, sub_sport = word_sport(node.get("Sport"))
    lap_nodes = children(node, "Lap")
    if len(lap_nodes) > limits.max_laps:
        raise FileRefused(
            RefusalCode.TOO_MANY_RECORDS, f"This file has more than {limits.max_laps} laps."
        )
    timed: list[tuple[XmlElement, dt.datetime]] = []
    records: list[Record] = []
    for lap in lap_nodes:
        start = times.read(lap.get("StartTime"), line=line_of(lap))
        for track in children(lap, "Track"):
            for point in children(track, "Trackpoint"):
                record = _record(point, times)
                if record is not None:
                    records.append(record)
                    if len(records) > limits.max_records:
                        raise FileRefused(
                            RefusalCode.TOO_MANY_RECORDS,
                            f"This file has more than {limits.max_records} trackpoints.",
                            line=line_of(point),
                        )
                    if start is None:
                        start = record.time
        if start is not None:
            timed.append((lap, start))
    if not timed:
        raise FileRefused(RefusalCode.NO_DATA, "This TCX activity has no laps with a time.")
    computed: list[str] = ["distance_m", "timer_s", "elapsed_s"]
    last_time = records[-1].time if records else None
    laps = []
    for index, (lap, start) in enumerate(timed):
        end = timed[index + 1][1] if index + 1 < len(timed) else None
        laps.append(_lap(lap, start, end, records, last_time, computed))
    first = timed[0][1]
    # Summed as written (not as rounded per lap), so the total matches the watch's.
    distances = [d for d in (number(child_text(n, "DistanceMeters")) for n, _ in timed) if d]
    timers = [lap.timer_s for lap in laps if lap.timer_s is not None]
    end_time = last_time if last_time is not None else _lap_end(laps[-1])
    avg_hr, max_hr = hr_stats(records)
    if avg_hr is not None:
        computed += ["avg_hr", "max_hr"]
    warnings.extend(times.warnings())
    return Activity(
        format="tcx",
        sport=sport,
        sub_sport=sub_sport,
        start=first,
        distance_m=round(sum(distances), 2) if distances else None,
        timer_s=round(sum(timers), 3) if timers else None,
        elapsed_s=max((end_time - first).total_seconds(), 0.0),
        avg_hr=avg_hr,
        max_hr=max_hr,
        laps=laps,
        records=records,
        device=_device(node),
        name=child_text(node, "Notes"),
        computed=sorted(set(computed)),
        warnings=warnings,
    )


def _lap_end(lap: ActivityLap) -> dt.datetime:
    return lap.start + dt.timedelta(seconds=lap.timer_s or 0.0)


def _bpm(node: XmlElement, name: str) -> int | None:
    holder = child(node, name)
    value = number(child_text(holder, "Value")) if holder is not None else None
    return round(value) if value is not None and value > 0 else None


def _record(point: XmlElement, times: TimeReader) -> Record | None:
    time = times.read(child_text(point, "Time"), line=line_of(point))
    if time is None:
        return None
    position = child(point, "Position")
    lat = number(child_text(position, "LatitudeDegrees")) if position is not None else None
    lon = number(child_text(position, "LongitudeDegrees")) if position is not None else None
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        lat = lon = None
    hr = _bpm(point, "HeartRateBpm")
    cadence = number(child_text(point, "Cadence"))
    run_cadence = number(descendant_text(point, "RunCadence"))
    extensions = child(point, "Extensions")
    return Record(
        time=time,
        distance_m=number(child_text(point, "DistanceMeters")),
        speed_mps=number(descendant_text(extensions, "Speed")) if extensions is not None else None,
        heart_rate=hr if hr is not None and 20 <= hr <= 250 else None,
        # TCX cadence is per leg (one foot's strides a minute); steps are twice that.
        cadence_spm=run_cadence * 2 if run_cadence is not None else cadence,
        lat=lat,
        lon=lon,
        altitude_m=number(child_text(point, "AltitudeMeters")),
    )


def _lap(
    node: XmlElement,
    start: dt.datetime,
    end: dt.datetime | None,
    records: list[Record],
    last_time: dt.datetime | None,
    computed: list[str],
) -> ActivityLap:
    distance = number(child_text(node, "DistanceMeters"))
    timer = number(child_text(node, "TotalTimeSeconds"))
    avg_hr: float | None = _bpm(node, "AverageHeartRateBpm")
    max_hr = _bpm(node, "MaximumHeartRateBpm")
    if avg_hr is None:
        own_avg, own_max = hr_stats(records_between(records, start, end))
        if own_avg is not None:
            avg_hr, max_hr = own_avg, own_max
            computed.append("laps.avg_hr")
    stop = end if end is not None else last_time
    elapsed = (stop - start).total_seconds() if stop is not None and stop >= start else None
    avg_speed = number(descendant_text(node, "AvgSpeed"))
    trigger = (child_text(node, "TriggerMethod") or "").lower()
    intensity = child_text(node, "Intensity")
    return ActivityLap(
        start=start,
        distance_m=round(distance, 2) if distance is not None else None,
        timer_s=timer,
        elapsed_s=elapsed,
        avg_hr=avg_hr,
        max_hr=max_hr,
        avg_speed_mps=avg_speed if avg_speed is not None else speed(distance, timer),
        trigger=_TRIGGERS.get(trigger, LapTrigger.UNKNOWN),
        intensity=intensity.lower() if intensity else None,
    )


def _device(node: XmlElement) -> Device | None:
    creator = child(node, "Creator")
    if creator is None:
        return None
    version = child(creator, "Version")
    software = None
    if version is not None:
        major, minor = child_text(version, "VersionMajor"), child_text(version, "VersionMinor")
        software = f"{major}.{minor}" if major and minor else major
    return Device(
        product=child_text(creator, "Name"),
        serial=child_text(creator, "UnitId"),
        software=software,
    )
