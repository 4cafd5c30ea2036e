"""Writing an activity in the format a service or a runner asks for.

One entry point, so the API and the CLI never choose a writer themselves: FIT (what watches
and every service read best), TCX (laps and records as XML) and GPX (positions only).
"""

from __future__ import annotations

from server.files.activity import Activity, FileFormat
from server.files.export_common import NotExportable
from server.files.fit_activity import write_fit_activity
from server.files.gpx_activity import write_gpx_activity
from server.files.tcx_activity import write_tcx_activity

__all__ = ["MEDIA_TYPES", "NotExportable", "write_activity"]

MEDIA_TYPES: dict[FileFormat, str] = {
    "fit": "application/vnd.ant.fit",
    "tcx": "application/vnd.garmin.tcx+xml",
    "gpx": "application/gpx+xml",
}
"""What an HTTP answer carrying each format says it is."""


def write_activity(activity: Activity, fmt: FileFormat) -> bytes:
    """The activity as a file of format `fmt`; `NotExportable` when the format cannot hold it."""
    if fmt == "fit":
        return write_fit_activity(activity)
    if fmt == "tcx":
        return write_tcx_activity(activity)
    if fmt == "gpx":
        return write_gpx_activity(activity)
    raise ValueError(f"unknown activity format {fmt!r}: fit, tcx or gpx")
