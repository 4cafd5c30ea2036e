"""GPX tracks into the activity model.

GPX has no laps, no timer and no totals: every track and segment of the file is one
activity in file order (GPS loggers start a new track or segment after each gap). The
distance is the sum of each segment's great-circle steps, never across the gap between two
segments; the elapsed time runs from the first to the last timed point; heart rate and
cadence come from Garmin's track-point extension wherever its prefix points (or from an
undeclared `gpxtpx:` prefix, which some exporters forget to declare). The sport is the
`<type>` of the first track that has one, a word or one of Strava's numbers. One lap over
the whole track is computed, and `computed` lists what was.
"""

from __future__ import annotations

import datetime as dt

from server.files.activity import Activity, Device, FileWarning, Record, Sport
from server.files.derive import heart_rate, hr_stats, path_length_m, whole_lap
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


def read_gpx(root: XmlElement, limits: FileLimits, warnings: list[FileWarning]) -> Activity:
    times = TimeReader()
    tracks = children(root, "trk")
    records: list[Record] = []
    distance = 0.0
    untimed = 0
    for track in tracks:
        for segment in children(track, "trkseg"):
            path: list[tuple[float, float]] = []
            for point in children(segment, "trkpt"):
                lat, lon = number(point.get("lat")), number(point.get("lon"))
                if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    continue
                time = times.read(child_text(point, "time"), line=line_of(point))
                if time is None:
                    untimed += 1
                    continue
                path.append((lat, lon))
                step = path_length_m(path[-2:]) if len(path) > 1 else 0.0
                distance += step
                records.append(_record(point, time, lat, lon, distance))
                if len(records) > limits.max_records:
                    raise FileRefused(
                        RefusalCode.TOO_MANY_RECORDS,
                        f"This file has more than {limits.max_records} track points.",
                        line=line_of(point),
                    )
    if not records:
        raise FileRefused(
            RefusalCode.NO_DATA,
            "This GPX file has no track points with a time (a route or waypoints only?).",
        )
    if untimed:
        warnings.append(
            FileWarning(
                code="gpx_points_without_time",
                message=f"{untimed} track points had no time and were left out.",
            )
        )
    warnings.extend(times.warnings())
    word = next((t for t in (child_text(track, "type") for track in tracks) if t), None)
    sport, sub_sport = word_sport(word)
    if sport in _ON_FOOT and any(r.cadence_spm is not None for r in records):
        # Garmin's extension carries one leg's strides on foot, as FIT and TCX do: steps are
        # twice that.
        records = [
            r if r.cadence_spm is None else r.model_copy(update={"cadence_spm": r.cadence_spm * 2})
            for r in records
        ]
    start, end = records[0].time, max(r.time for r in records)
    avg_hr, max_hr = hr_stats(records)
    computed = ["distance_m", "elapsed_s", "laps", "records.distance_m"]
    if avg_hr is not None:
        computed += ["avg_hr", "max_hr"]
    creator = root.get("creator")
    return Activity(
        format="gpx",
        sport=sport,
        sub_sport=sub_sport,
        start=start,
        distance_m=round(distance, 2),
        timer_s=None,
        elapsed_s=(end - start).total_seconds(),
        avg_hr=avg_hr,
        max_hr=max_hr,
        laps=[whole_lap(records, start, None)],
        records=records,
        device=Device(product=creator.strip()) if creator and creator.strip() else None,
        name=next((n for n in (child_text(t, "name") for t in tracks) if n), None),
        computed=sorted(computed),
        warnings=warnings,
    )


_ON_FOOT = frozenset({Sport.RUNNING, Sport.WALKING, Sport.HIKING})


def _record(
    point: XmlElement, time: dt.datetime, lat: float, lon: float, distance: float
) -> Record:
    extensions = child(point, "extensions")
    hr = cadence = speed = None
    if extensions is not None:
        hr = heart_rate(number(descendant_text(extensions, "hr")))
        cadence = number(descendant_text(extensions, "cad"))
        speed = number(descendant_text(extensions, "speed"))
    return Record(
        time=time,
        distance_m=round(distance, 2),
        speed_mps=speed,
        heart_rate=hr,
        cadence_spm=cadence,
        lat=lat,
        lon=lon,
        altitude_m=number(child_text(point, "ele")),
    )
