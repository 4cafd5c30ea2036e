"""The one way into the file layer: bytes in, an `Activity` or a typed `FileRefused` out.

The format is sniffed, never taken from the name: gzip by its magic bytes (expanded in
bounded steps, so a gzip bomb stops at the limit instead of filling memory), FIT by its
header, TCX and GPX by their XML root element. A name only sharpens the refusal for bytes
that are none of these ("not a FIT file" for `run.fit`). Whatever a decoder does with
hostile bytes, the caller sees an activity or a refusal: an unexpected exception becomes
a refusal of the format it was read as, so a bad upload is never a server error and never
half an activity.
"""

from __future__ import annotations

import datetime as dt
import zlib

from server.files.activity import Activity
from server.files.derive import check_plausible
from server.files.errors import FileRefused, RefusalCode
from server.files.fit_read import read_fit
from server.files.gpx_read import read_gpx
from server.files.limits import DEFAULT_LIMITS, MIB, FileLimits
from server.files.tcx_read import read_tcx
from server.files.xml_safe import local_name, looks_like_xml, parse_xml

__all__ = ["read_activity", "sniff_format"]

GZIP_MAGIC = b"\x1f\x8b"
GZIP_STEP = MIB  # expanded bytes produced per step while checking the limit


def read_activity(
    data: bytes, *, filename: str | None = None, limits: FileLimits | None = None
) -> Activity:
    """Read one activity file (FIT, TCX or GPX, optionally gzip-compressed).

    Raises `FileRefused` with a specific code (and a byte offset or line where one applies)
    for anything that cannot be imported whole; never any other exception.
    """
    limits = limits or DEFAULT_LIMITS
    if not data:
        raise FileRefused(RefusalCode.EMPTY, "The file is empty.")
    if len(data) > limits.max_file_bytes:
        raise FileRefused(
            RefusalCode.TOO_LARGE,
            f"The file is {len(data) / MIB:.1f} MiB; files up to "
            f"{limits.max_file_bytes / MIB:.0f} MiB are accepted.",
        )
    name = (filename or "").lower()
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, limits)
        name = name.removesuffix(".gz")
        if not data:
            raise FileRefused(RefusalCode.EMPTY, "The compressed file holds nothing.")
    kind = sniff_format(data)
    try:
        if kind == "fit":
            return _plausible(read_fit(data, limits), limits)
        if kind == "xml":
            return _plausible(_read_xml(data, limits), limits)
    except FileRefused:
        raise
    except Exception as error:  # a library bug on hostile bytes is still only a bad file
        code = RefusalCode.BAD_FIT_DATA if kind == "fit" else RefusalCode.NOT_XML
        raise FileRefused(
            code, f"This file could not be read ({type(error).__name__}); it is damaged."
        ) from None
    return _refuse_unknown(data, name)


def _plausible(activity: Activity, limits: FileLimits) -> Activity:
    """The same sanity rule for every format: no activity of weeks, no clock running back."""
    records = activity.records
    end = max(
        records[-1].time if records else activity.start,
        activity.start + dt.timedelta(seconds=activity.elapsed_s or 0.0),
    )
    check_plausible(activity.start, end, records, limits)
    return activity


def sniff_format(data: bytes) -> str | None:
    """ "fit", "xml" or None, from the bytes alone."""
    if len(data) >= 12 and data[0] in (12, 14) and data[8:12] == b".FIT":
        return "fit"
    if looks_like_xml(data):
        return "xml"
    return None


def _refuse_unknown(data: bytes, name: str) -> Activity:
    if name.endswith(".fit"):
        if len(data) < 12 and data[:1] in (b"\x0c", b"\x0e"):
            raise FileRefused(
                RefusalCode.TRUNCATED,
                f"This FIT file ends in its header, after {len(data)} bytes.",
                offset=len(data),
            )
        raise FileRefused(RefusalCode.NOT_FIT, "This is not a FIT file (no FIT header).", offset=0)
    if name.endswith((".tcx", ".gpx")):
        raise FileRefused(RefusalCode.NOT_XML, "This file is not XML, so not TCX or GPX.", line=1)
    raise FileRefused(
        RefusalCode.UNKNOWN_FORMAT,
        "This is not an activity file trackcue reads (FIT, TCX or GPX, optionally gzipped).",
    )


def _read_xml(data: bytes, limits: FileLimits) -> Activity:
    root, warnings = parse_xml(data, limits)
    kind = local_name(root)
    if kind == "TrainingCenterDatabase":
        return read_tcx(root, limits, warnings)
    if kind == "gpx":
        return read_gpx(root, limits, warnings)
    raise FileRefused(
        RefusalCode.UNKNOWN_FORMAT,
        f"This XML file is neither TCX nor GPX (its root element is <{kind[:40]}>).",
        line=1,
    )


def gunzip(data: bytes, limits: FileLimits) -> bytes:
    """Expand gzip (all members) in bounded steps, refusing as soon as the limit is passed."""
    out = bytearray()
    pending = data
    while pending:
        stream = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            while True:
                room = limits.max_expanded_bytes - len(out) + 1
                piece = stream.decompress(pending, min(GZIP_STEP, room))
                out += piece
                if len(out) > limits.max_expanded_bytes:
                    raise FileRefused(
                        RefusalCode.TOO_LARGE,
                        "The compressed file expands to more than "
                        f"{limits.max_expanded_bytes / MIB:.0f} MiB; it was not expanded further.",
                    )
                pending = stream.unconsumed_tail
                if stream.eof or not (pending or piece):
                    break
        except zlib.error as error:
            raise FileRefused(RefusalCode.BAD_GZIP, f"The gzip data is damaged: {error}.") from None
        if not stream.eof:
            raise FileRefused(
                RefusalCode.BAD_GZIP,
                "The gzip data ends early: the file was cut off.",
                offset=len(data),
            )
        pending = stream.unused_data.lstrip(b"\x00")
        if pending and not pending.startswith(GZIP_MAGIC):
            break  # trailing bytes after the last member, as some tools write
    return bytes(out)
