"""An activity as a TCX file: Garmin's Training Center XML, which every service still reads.

Written in the schema's element order (TCX readers are strict about it), with what the schema
requires even where trackcue has nothing to say: a lap's calories are 0 when unknown. Speed and
running cadence go in Garmin's ActivityExtension v2 (`Speed`, `RunCadence`, `AvgSpeed`), as
watches write them; `RunCadence` counts strides (one foot) a minute, like FIT.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence

from lxml import etree

from server.files.activity import Activity, ActivityLap, LapTrigger, Record, Sport
from server.files.export_common import laps_or_whole

__all__ = ["TCX_NS", "tcx_root", "tcx_time", "write_tcx_activity"]

TCX_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
AX_NS = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA = f"{TCX_NS} http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd"

_SPORTS = {Sport.RUNNING: "Running", Sport.CYCLING: "Biking"}
_TRIGGERS = {
    LapTrigger.MANUAL: "Manual",
    LapTrigger.TIME: "Time",
    LapTrigger.DISTANCE: "Distance",
    LapTrigger.POSITION: "Location",
    LapTrigger.HEART_RATE: "HeartRate",
    LapTrigger.SESSION_END: "Manual",
    LapTrigger.UNKNOWN: "Manual",
}
_RESTING = {"rest", "resting", "recovery"}


def tcx_time(when: dt.datetime) -> str:
    """A UTC time as TCX writes it: ISO 8601 with a Z, milliseconds only where they exist."""
    when = when.astimezone(dt.UTC)
    spec = "milliseconds" if when.microsecond else "seconds"
    return when.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def _number(value: float, decimals: int = 3) -> str:
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return text or "0"


def _sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{TCX_NS}}}{name}")
    if text is not None:
        element.text = text
    return element


def tcx_root() -> etree._Element:
    """An empty TrainingCenterDatabase with TCX as the default namespace."""
    # lxml-stubs type nsmap keys as str only; None (the default namespace) is what lxml takes.
    nsmap: dict[str, str] = {None: TCX_NS, "ns3": AX_NS, "xsi": _XSI}  # type: ignore[dict-item]
    root = etree.Element(f"{{{TCX_NS}}}TrainingCenterDatabase", nsmap=nsmap)
    root.set(f"{{{_XSI}}}schemaLocation", _SCHEMA)
    return root


def write_tcx_activity(activity: Activity) -> bytes:
    """The activity as TCX bytes (UTF-8, with its XML declaration)."""
    root = tcx_root()
    activities = _sub(root, "Activities")
    element = _sub(activities, "Activity")
    element.set("Sport", _SPORTS.get(activity.sport, "Other"))
    _sub(element, "Id", tcx_time(activity.start))
    laps = laps_or_whole(activity)
    starts = [lap.start for lap in laps[1:]]
    groups: list[list[Record]] = [[] for _ in laps]
    for record in activity.records:  # before the first lap's start: the first lap's
        groups[bisect.bisect_right(starts, record.time)].append(record)
    for lap, records in zip(laps, groups, strict=True):
        _lap(element, lap, records)
    if activity.name:
        _sub(element, "Notes", activity.name)
    creator = _sub(element, "Creator")
    creator.set(f"{{{_XSI}}}type", "Device_t")
    _sub(creator, "Name", "trackcue")
    _sub(creator, "UnitId", "0")
    _sub(creator, "ProductID", "0")
    version = _sub(creator, "Version")
    for name, value in (
        ("VersionMajor", "1"),
        ("VersionMinor", "0"),
        ("BuildMajor", "0"),
        ("BuildMinor", "0"),
    ):
        _sub(version, name, value)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _lap(parent: etree._Element, lap: ActivityLap, records: Sequence[Record]) -> None:
    element = _sub(parent, "Lap")
    element.set("StartTime", tcx_time(lap.start))
    timer = lap.timer_s if lap.timer_s is not None else lap.elapsed_s
    _sub(element, "TotalTimeSeconds", _number(timer or 0.0))
    _sub(element, "DistanceMeters", _number(lap.distance_m or 0.0, 2))
    speeds = [r.speed_mps for r in records if r.speed_mps is not None]
    if speeds:
        _sub(element, "MaximumSpeed", _number(max(speeds)))
    _sub(element, "Calories", "0")
    if lap.avg_hr is not None:
        _sub(_sub(element, "AverageHeartRateBpm"), "Value", str(round(lap.avg_hr)))
    if lap.max_hr is not None:
        _sub(_sub(element, "MaximumHeartRateBpm"), "Value", str(lap.max_hr))
    resting = (lap.intensity or "").lower() in _RESTING
    _sub(element, "Intensity", "Resting" if resting else "Active")
    _sub(element, "TriggerMethod", _TRIGGERS[lap.trigger])
    if records:
        track = _sub(element, "Track")
        for record in records:
            _trackpoint(track, record)
    if lap.avg_speed_mps is not None:
        extension = etree.SubElement(_sub(element, "Extensions"), f"{{{AX_NS}}}LX")
        etree.SubElement(extension, f"{{{AX_NS}}}AvgSpeed").text = _number(lap.avg_speed_mps)


def _trackpoint(track: etree._Element, record: Record) -> None:
    point = _sub(track, "Trackpoint")
    _sub(point, "Time", tcx_time(record.time))
    if record.lat is not None and record.lon is not None:
        position = _sub(point, "Position")
        _sub(position, "LatitudeDegrees", _number(record.lat, 7))
        _sub(position, "LongitudeDegrees", _number(record.lon, 7))
    if record.altitude_m is not None:
        _sub(point, "AltitudeMeters", _number(record.altitude_m, 1))
    if record.distance_m is not None:
        _sub(point, "DistanceMeters", _number(record.distance_m, 2))
    if record.heart_rate is not None:
        _sub(_sub(point, "HeartRateBpm"), "Value", str(record.heart_rate))
    if record.speed_mps is None and record.cadence_spm is None:
        return
    extension = etree.SubElement(_sub(point, "Extensions"), f"{{{AX_NS}}}TPX")
    if record.speed_mps is not None:
        etree.SubElement(extension, f"{{{AX_NS}}}Speed").text = _number(record.speed_mps)
    if record.cadence_spm is not None:
        etree.SubElement(extension, f"{{{AX_NS}}}RunCadence").text = str(
            round(record.cadence_spm / 2)
        )
