"""FIT bytes into plain messages with fitdecode, every decoder failure a typed refusal.

fitdecode reads the protocol (definitions, compressed timestamp headers, chained files,
CRCs); this module only keeps the messages an activity needs, as plain dicts and tuples, and
counts against the limits while it goes. It runs fitdecode without a data processor: times
stay FIT seconds, so times counted from the watch's power-on (below 0x10000000) can be
placed by a later clock time instead of being dated 1990. Field-size errors in definitions
are tolerated (the field is read as bytes and ignored) because real watches write them;
CRC errors are not, because a file that fails its CRC may hold anything.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from typing import Any

import fitdecode  # type: ignore[import-untyped]
from fitdecode import CrcCheck, ErrorHandling
from fitdecode.types import BASE_TYPE_BYTE  # type: ignore[import-untyped]

from server.files.errors import FileRefused, RefusalCode
from server.files.limits import FileLimits

# FIT times at or above this are seconds since 1989-12-31 UTC; below it, since power-on.
RELATIVE_LIMIT = 0x10000000
SEMICIRCLE_DEG = 180.0 / 2**31

MESG_FILE_ID, MESG_SESSION, MESG_LAP, MESG_RECORD, MESG_EVENT = 0, 18, 19, 20, 21
MESG_DEVICE_INFO, MESG_SPORT, MESG_ACTIVITY, MESG_HR, MESG_CORRELATION = 23, 12, 34, 132, 162
_KEPT = {MESG_FILE_ID, MESG_SESSION, MESG_LAP, MESG_EVENT, MESG_DEVICE_INFO, MESG_SPORT}
_OFFSET = re.compile(r"(?:@|offset:)\s*(\d+)")

# One record: FIT time, distance, speed, heart rate, cadence, lat, lon, altitude.
RawRecord = tuple[float, float | None, float | None, Any, float | None, float | None,
                  float | None, float | None]  # fmt: skip


def num(value: object) -> float | None:
    """A finite number from a decoded field, or None (bytes, tuples, bools and NaN included).

    Called for every field of every record, so it tests exact types first (a bool is not a
    number here, and fitdecode gives plain ints and floats).
    """
    kind = type(value)
    if kind is int:
        return float(value)  # type: ignore[arg-type]
    if kind is float:
        return value if math.isfinite(value) else None  # type: ignore[arg-type, return-value]
    return None


@dataclass
class FitContent:
    """What the decoder kept, in file order, with times still in FIT seconds."""

    file_ids: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    laps: list[dict[str, Any]] = field(default_factory=list)
    records: list[RawRecord] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    devices: list[dict[str, Any]] = field(default_factory=list)
    sports: list[dict[str, Any]] = field(default_factory=list)
    hr_samples: list[tuple[float, int]] = field(default_factory=list)
    # Strap times count on their own clock: the first hr message with both says how it maps.
    hr_anchor: float | None = None
    files: int = 0
    misdeclared_fields: int = 0
    trailing_bytes: bool = False
    # Placing times counted from power-on: the offset to add, and how it was found.
    relative_seen: bool = False
    anchor: float | None = None
    anchor_exact: bool = False
    _last_relative: float | None = None

    def clock(self, value: float | None, *, moment: bool = True) -> None:
        """Note a message time in file order, for anchoring times counted from power-on.

        Only a message's own moment (its `timestamp`) pairs with the next clock time; a
        `start_time` lies back in the past (a session's start written at its end), so it only
        says that times from power-on occur.
        """
        if value is None:
            return
        if value < RELATIVE_LIMIT:
            self.relative_seen = True
            if moment:
                self._last_relative = value
        elif self._last_relative is not None and self.anchor is None:
            self.anchor = value - self._last_relative


def decode_fit(data: bytes, limits: FileLimits) -> FitContent:
    """Decode every chained FIT file in `data`; refuse with the failure's code and offset."""
    content = FitContent()
    between_files = False
    try:
        reader = fitdecode.FitReader(
            io.BytesIO(data),
            processor=None,
            check_crc=CrcCheck.RAISE,
            error_handling=ErrorHandling.IGNORE,
        )
        messages = 0
        for frame in reader:
            kind = frame.frame_type
            if kind == fitdecode.FIT_FRAME_DATA:
                messages += 1
                if messages > limits.max_messages:
                    raise FileRefused(
                        RefusalCode.TOO_MANY_RECORDS,
                        f"This file has more than {limits.max_messages} messages.",
                    )
                _data(frame, content, limits)
            elif kind == fitdecode.FIT_FRAME_DEFINITION:
                content.misdeclared_fields += _misdeclared(frame)
            elif kind == fitdecode.FIT_FRAME_HEADER:
                content.files += 1
                between_files = False
            elif kind == fitdecode.FIT_FRAME_CRC:
                between_files = True
    except FileRefused:
        raise
    except (fitdecode.FitHeaderError, fitdecode.FitEOFError) as error:
        if between_files:
            # Bytes after a complete FIT file that do not start another one (padding).
            content.trailing_bytes = True
        else:
            raise _refusal(error, len(data)) from None
    except Exception as error:  # a decoder bug on hostile bytes is still only a bad file
        raise _refusal(error, len(data)) from None
    return content


def _refusal(error: Exception, size: int) -> FileRefused:
    match = _OFFSET.search(str(error))
    offset = getattr(error, "offset", None)
    if not isinstance(offset, int):
        offset = int(match.group(1)) if match else None
    where = f" at byte {offset}" if offset is not None else ""
    text = str(error)
    if isinstance(error, fitdecode.FitCRCError):
        return FileRefused(
            RefusalCode.BAD_CRC,
            f"This FIT file fails its checksum{where}: it was damaged in transfer or storage.",
            offset=offset,
        )
    if isinstance(error, fitdecode.FitEOFError) or "truncated" in text:
        return FileRefused(
            RefusalCode.TRUNCATED,
            f"This FIT file ends early{where} of {size} bytes: it was cut off while being "
            "written or copied (the watch may have lost power).",
            offset=offset,
        )
    if isinstance(error, fitdecode.FitHeaderError):
        return FileRefused(
            RefusalCode.NOT_FIT, f"This is not a FIT file (no FIT header{where}).", offset=offset
        )
    if isinstance(error, fitdecode.FitParseError) and "not defined" in text:
        return FileRefused(
            RefusalCode.UNDEFINED_LOCAL_MESSAGE,
            f"This FIT file uses a message type it never defined{where}: it is damaged.",
            offset=offset,
        )
    return FileRefused(
        RefusalCode.BAD_FIT_DATA,
        f"This FIT file holds data that cannot be decoded{where}: it is damaged.",
        offset=offset,
    )


def _misdeclared(frame: Any) -> int:
    """Fields whose declared size does not fit their type (fitdecode reads them as bytes)."""
    count = 0
    for definition in frame.field_defs:
        profile_field = definition.field
        if profile_field is None or definition.base_type is not BASE_TYPE_BYTE:
            continue
        declared = getattr(profile_field.type, "base_type", profile_field.type)
        if declared is not BASE_TYPE_BYTE and definition.size % declared.size:
            count += 1
    return count


def _values(frame: Any) -> dict[str, Any]:
    return {item.name: item.value for item in frame.fields}


def _data(frame: Any, content: FitContent, limits: FileLimits) -> None:
    number = frame.global_mesg_num
    if number == MESG_RECORD:
        _record(frame, content, limits)
    elif number in _KEPT:
        values = _values(frame)
        content.clock(num(values.get("start_time")), moment=False)
        content.clock(num(values.get("timestamp")))
        if number in (MESG_LAP, MESG_SESSION):
            target = content.laps if number == MESG_LAP else content.sessions
            target.append(values)
            if len(content.laps) + len(content.sessions) > limits.max_laps:
                raise FileRefused(
                    RefusalCode.TOO_MANY_RECORDS,
                    f"This file has more than {limits.max_laps} laps and sessions.",
                )
        elif number == MESG_FILE_ID:
            content.file_ids.append(values)
        elif number == MESG_EVENT:
            content.events.append(values)
        elif number == MESG_DEVICE_INFO:
            content.devices.append(values)
        else:
            content.sports.append(values)
    elif number == MESG_HR:
        _hr(frame, content, limits)
    elif number == MESG_CORRELATION:
        values = _values(frame)
        absolute, system = num(values.get("timestamp")), num(values.get("system_timestamp"))
        if absolute is not None and system is not None and absolute >= RELATIVE_LIMIT:
            content.anchor, content.anchor_exact = absolute - system, True
    elif number == MESG_ACTIVITY:
        content.clock(num(_values(frame).get("timestamp")))


def _record(frame: Any, content: FitContent, limits: FileLimits) -> None:
    values = _values(frame)
    time = num(values.get("timestamp"))
    if time is None:
        return
    content.clock(time)
    speed = num(values.get("enhanced_speed"))
    altitude = num(values.get("enhanced_altitude"))
    lat, lon = num(values.get("position_lat")), num(values.get("position_long"))
    cadence = num(values.get("cadence"))
    fraction = num(values.get("fractional_cadence"))
    content.records.append(
        (
            time,
            num(values.get("distance")),
            speed if speed is not None else num(values.get("speed")),
            values.get("heart_rate"),
            cadence + fraction if cadence is not None and fraction is not None else cadence,
            lat * SEMICIRCLE_DEG if lat is not None and lon is not None else None,
            lon * SEMICIRCLE_DEG if lat is not None and lon is not None else None,
            altitude if altitude is not None else num(values.get("altitude")),
        )
    )
    if len(content.records) > limits.max_records:
        raise FileRefused(
            RefusalCode.TOO_MANY_RECORDS,
            f"This file has more than {limits.max_records} records.",
        )


def _hr(frame: Any, content: FitContent, limits: FileLimits) -> None:
    """Buffered strap heart rate (chained after swim and multisport files): time, bpm pairs."""
    times: list[float] = []
    beats: list[int] = []
    stamp: float | None = None
    for item in frame.fields:
        if item.name == "timestamp":
            stamp = num(item.value)
        values = item.value if isinstance(item.value, tuple) else (item.value,)
        if item.name == "event_timestamp":
            times.extend(v for v in (num(x) for x in values) if v is not None)
        elif item.name == "filtered_bpm":
            beats.extend(int(x) for x in values if num(x) is not None)
    if content.hr_anchor is None and stamp is not None and times:
        content.hr_anchor = stamp - times[0]
    content.hr_samples.extend(zip(times, beats, strict=False))
    if len(content.hr_samples) > limits.max_hr_samples:
        raise FileRefused(
            RefusalCode.TOO_MANY_RECORDS,
            f"This file has more than {limits.max_hr_samples} heart-rate samples.",
        )
