"""An activity as GPX 1.1: positions, with heart rate and cadence in Garmin's extension.

GPX holds a track of positions and nothing else a run needs (no laps, no timer, no distance),
so a file is only worth writing for an activity that has positions; one without (a track
session timed from a footpod) is `NotExportable`, with the formats that do carry it named.
Heart rate and cadence go in Garmin's TrackPointExtension v1 (`gpxtpx:hr`, `gpxtpx:cad`), the
extension Strava and intervals.icu read; `cad` counts strides (one foot) a minute, like FIT.
"""

from __future__ import annotations

from lxml import etree

from server.files.activity import Activity, Record, Sport
from server.files.export_common import NotExportable
from server.files.tcx_activity import tcx_time

__all__ = ["GPX_NS", "TPX_NS", "write_gpx_activity"]

GPX_NS = "http://www.topografix.com/GPX/1/1"
TPX_NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMAS = (
    f"{GPX_NS} http://www.topografix.com/GPX/1/1/gpx.xsd"
    f" {TPX_NS} http://www8.garmin.com/xmlschemas/TrackPointExtensionv1.xsd"
)
# GPX's <type> is free text; these are the words Strava and intervals.icu read.
_TYPES = {
    Sport.RUNNING: "running",
    Sport.WALKING: "walking",
    Sport.HIKING: "hiking",
    Sport.CYCLING: "cycling",
}


def _sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{GPX_NS}}}{name}")
    if text is not None:
        element.text = text
    return element


def write_gpx_activity(activity: Activity) -> bytes:
    """The activity's positioned records as GPX bytes; `NotExportable` when it has none."""
    points = [r for r in activity.records if r.lat is not None and r.lon is not None]
    if not points:
        raise NotExportable(
            "This activity has no positions (no GPS was recorded), and a GPX file holds"
            " nothing else: export it as FIT or TCX instead."
        )
    # lxml-stubs type nsmap keys as str only; None (the default namespace) is what lxml takes.
    nsmap: dict[str, str] = {None: GPX_NS, "gpxtpx": TPX_NS, "xsi": _XSI}  # type: ignore[dict-item]
    root = etree.Element(f"{{{GPX_NS}}}gpx", nsmap=nsmap)
    root.set("version", "1.1")
    root.set("creator", "trackcue")
    root.set(f"{{{_XSI}}}schemaLocation", _SCHEMAS)
    metadata = _sub(root, "metadata")
    if activity.name:
        _sub(metadata, "name", activity.name)
    _sub(metadata, "time", tcx_time(activity.start))
    track = _sub(root, "trk")
    if activity.name:
        _sub(track, "name", activity.name)
    if activity.sport in _TYPES:
        _sub(track, "type", _TYPES[activity.sport])
    segment = _sub(track, "trkseg")
    for record in points:
        _point(segment, record)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _point(segment: etree._Element, record: Record) -> None:
    point = _sub(segment, "trkpt")
    point.set("lat", f"{record.lat:.7f}")
    point.set("lon", f"{record.lon:.7f}")
    if record.altitude_m is not None:
        _sub(point, "ele", f"{record.altitude_m:.1f}")
    _sub(point, "time", tcx_time(record.time))
    if record.heart_rate is None and record.cadence_spm is None:
        return
    extension = etree.SubElement(_sub(point, "extensions"), f"{{{TPX_NS}}}TrackPointExtension")
    if record.heart_rate is not None:
        etree.SubElement(extension, f"{{{TPX_NS}}}hr").text = str(record.heart_rate)
    if record.cadence_spm is not None:
        etree.SubElement(extension, f"{{{TPX_NS}}}cad").text = str(round(record.cadence_spm / 2))
