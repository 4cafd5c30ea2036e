"""FTMS Treadmill Data (0x2ACD): a flags word and up to 18 optional fields, leniently decoded.

Treadmills are the least conforming peripherals the bridge meets, so this parser never gives
up on a value whose flags it can read: fields are decoded in the spec's order for as long as
they fit, fields announced but missing are named in `truncated`, bytes after the last known
field are kept in `trailing`, and reserved flag bits are kept in `unknown_flags`.

"Data Not Available" markers become None only where FTMS 1.0.1 (section 4.4.1) defines one:
0x7FFF for inclination, ramp angle, force on belt and power output; 0xFFFF for total energy
and energy per hour; 0xFF for energy per minute. Elevation gain has no marker, so a Life
Fitness unit's 0x7FFF there decodes as the 3276.7 m the spec says it is. Two readings that
are not markers but carry no information also become None: a heart rate of 0 (what a treadmill
sends with no strap paired) and a pace of 0 (standing still: the pace is infinite).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from device.gatt.reader import ByteReader, BytesLike
from device.gatt.writer import ByteWriter

__all__ = [
    "MEASUREMENT_FIELDS",
    "PaceEncoding",
    "TreadmillData",
    "TreadmillRecord",
    "merge_treadmill_data",
    "parse_treadmill_data",
    "serialize_treadmill_data",
]

NAME = "Treadmill Data"

_MORE_DATA = 0x0001
_RFU_FLAGS = 0xE000
_PACE_FLAGS = 0x0020 | 0x0040

_KMH_STEPS_PER_MPS = 360  # 0.01 km/h steps in 1 m/s
_TENTHS = 10


class PaceEncoding(Enum):
    """How a treadmill writes its pace fields; the spec revisions disagree.

    FTMS 1.0 (and the 2017 GATT XML) define a uint8 in 0.1 km/min; later readings of the
    GATT Specification Supplement use a uint16 in seconds per 500 m. The parser takes the
    uint16 reading only when the value's length fits it exactly, else the uint8 one.
    """

    KM_PER_MIN_UINT8 = "uint8, 0.1 km/min"
    S_PER_500M_UINT16 = "uint16, s per 500 m"


@dataclass(frozen=True, slots=True, kw_only=True)
class TreadmillData:
    """One Treadmill Data notification (or a whole record, once assembled).

    SI units throughout except energy, which FTMS counts in kcal and so does this record.
    Absent fields (and "Data Not Available" markers) are None. `more_data` is the More Data
    bit: True means this notification is not the last of its record and carries no
    instantaneous speed. `elevation_gain_m` and `elevation_loss_m` are the spec's Positive
    and Negative Elevation Gain.
    """

    more_data: bool = False
    speed_mps: float | None = None
    average_speed_mps: float | None = None
    distance_m: int | None = None
    incline_pct: float | None = None
    ramp_angle_deg: float | None = None
    elevation_gain_m: float | None = None
    elevation_loss_m: float | None = None
    instantaneous_pace_s_per_km: float | None = None
    average_pace_s_per_km: float | None = None
    energy_kcal: int | None = None
    energy_per_hour_kcal: int | None = None
    energy_per_minute_kcal: int | None = None
    heart_rate: int | None = None
    metabolic_equivalent: float | None = None
    elapsed_s: int | None = None
    remaining_s: int | None = None
    force_n: int | None = None
    power_w: int | None = None
    pace_encoding: PaceEncoding = PaceEncoding.KM_PER_MIN_UINT8
    truncated: tuple[str, ...] = ()
    unknown_flags: int = 0
    trailing: bytes = b""


@dataclass(frozen=True, slots=True)
class _Field:
    """One wire field: its attribute, the flag that announces it, and how to scale it."""

    name: str
    flag: int
    size: int = 2
    signed: bool = False
    steps_per_unit: int | None = None  # None: an integer field whose raw value is the value
    not_available: int | None = None  # the raw value that decodes to None
    pace: bool = False


# Wire order, FTMS 1.0 Table 4.5 and the Treadmill Data field table.
_FIELDS = (
    _Field("speed_mps", _MORE_DATA, steps_per_unit=_KMH_STEPS_PER_MPS),
    _Field("average_speed_mps", 0x0002, steps_per_unit=_KMH_STEPS_PER_MPS),
    _Field("distance_m", 0x0004, size=3),
    _Field("incline_pct", 0x0008, signed=True, steps_per_unit=_TENTHS, not_available=0x7FFF),
    _Field("ramp_angle_deg", 0x0008, signed=True, steps_per_unit=_TENTHS, not_available=0x7FFF),
    _Field("elevation_gain_m", 0x0010, steps_per_unit=_TENTHS),
    _Field("elevation_loss_m", 0x0010, steps_per_unit=_TENTHS),
    _Field("instantaneous_pace_s_per_km", 0x0020, not_available=0, pace=True),
    _Field("average_pace_s_per_km", 0x0040, not_available=0, pace=True),
    _Field("energy_kcal", 0x0080, not_available=0xFFFF),
    _Field("energy_per_hour_kcal", 0x0080, not_available=0xFFFF),
    _Field("energy_per_minute_kcal", 0x0080, size=1, not_available=0xFF),
    _Field("heart_rate", 0x0100, size=1, not_available=0),
    _Field("metabolic_equivalent", 0x0200, size=1, steps_per_unit=_TENTHS),
    _Field("elapsed_s", 0x0400),
    _Field("remaining_s", 0x0800),
    _Field("force_n", 0x1000, signed=True, not_available=0x7FFF),
    _Field("power_w", 0x1000, signed=True, not_available=0x7FFF),
)

MEASUREMENT_FIELDS = tuple(field.name for field in _FIELDS)
"""The names of the measurement attributes of `TreadmillData`, in wire order."""


def _announced(field: _Field, flags: int) -> bool:
    if field.flag == _MORE_DATA:  # inverted: the speed is there when More Data is 0
        return not flags & _MORE_DATA
    return bool(flags & field.flag)


def _size(field: _Field, encoding: PaceEncoding) -> int:
    if field.pace:
        return 2 if encoding is PaceEncoding.S_PER_500M_UINT16 else 1
    return field.size


def _choose_pace_encoding(flags: int, length: int) -> PaceEncoding:
    if flags & _PACE_FLAGS:
        announced = [field for field in _FIELDS if _announced(field, flags)]
        wide = 2 + sum(_size(field, PaceEncoding.S_PER_500M_UINT16) for field in announced)
        if length == wide:
            return PaceEncoding.S_PER_500M_UINT16
    return PaceEncoding.KM_PER_MIN_UINT8


def _decode(field: _Field, raw: int, encoding: PaceEncoding) -> float | int | None:
    if raw == field.not_available:
        return None
    if field.pace:
        if encoding is PaceEncoding.S_PER_500M_UINT16:
            return raw * 2.0
        return 600 / raw  # 0.1 km/min steps: 60 s / (raw / 10 km)
    if field.steps_per_unit is None:
        return raw
    return raw / field.steps_per_unit


def parse_treadmill_data(data: BytesLike) -> TreadmillData:
    """Decode 0x2ACD. Raises `GattParseError` only when the 2-byte flags word is missing."""
    reader = ByteReader(data, NAME)
    flags = reader.u16("flags")
    encoding = _choose_pace_encoding(flags, reader.length)
    values: dict[str, Any] = {}
    truncated: list[str] = []
    for field in _FIELDS:
        if not _announced(field, flags):
            continue
        size = _size(field, encoding)
        if truncated or reader.remaining < size:
            truncated.append(field.name)
            continue
        raw = reader.sint(size, field.name) if field.signed else reader.uint(size, field.name)
        values[field.name] = _decode(field, raw, encoding)
    return TreadmillData(
        more_data=bool(flags & _MORE_DATA),
        pace_encoding=encoding,
        truncated=tuple(truncated),
        unknown_flags=flags & _RFU_FLAGS,
        trailing=reader.rest(),
        **values,
    )


def _raw(writer: ByteWriter, field: _Field, value: float, encoding: PaceEncoding) -> int:
    if field.pace:
        if not value > 0:  # also catches NaN
            raise writer.error(f"{field.name} must be a positive pace, not {value!r}")
        if encoding is PaceEncoding.S_PER_500M_UINT16:
            return writer.scaled(field.name, value, 0.5)
        return writer.scaled(field.name, 600 / value, 1)
    if field.steps_per_unit is None:
        return writer.whole(field.name, value)
    return writer.scaled(field.name, value, field.steps_per_unit)


def serialize_treadmill_data(value: TreadmillData) -> bytes:
    """Encode 0x2ACD; a record that would not read back the same is a `GattEncodeError`.

    A field whose flag group is announced but which is None is written as its "Data Not
    Available" marker; groups without a marker (elevation gain) need both members or none.
    Reserved flag bits in `unknown_flags` and `trailing` bytes are written as given, so a
    simulator can imitate vendor quirks.
    """
    writer = ByteWriter(NAME)
    if value.truncated:
        raise writer.error(f"a truncated record cannot be sent (missing {value.truncated})")
    if value.unknown_flags & ~_RFU_FLAGS:
        raise writer.error(f"unknown_flags {value.unknown_flags:#06x} must be within 0xe000")
    if value.more_data == (value.speed_mps is not None):
        raise writer.error(
            "the instantaneous speed travels in, and only in, the last notification of a"
            " record (More Data = 0)"
        )
    flags = value.unknown_flags | (_MORE_DATA if value.more_data else 0)
    for field in _FIELDS[1:]:
        if getattr(value, field.name) is not None:
            flags |= field.flag
    if value.trailing and flags & _PACE_FLAGS:
        raise writer.error("trailing bytes would make the pace width ambiguous to a reader")
    writer.u16("flags", flags)
    for field in _FIELDS:
        if not _announced(field, flags):
            continue
        size = _size(field, value.pace_encoding)
        field_value = getattr(value, field.name)
        if field_value is None:
            if field.not_available is None:
                raise writer.error(f"{field.name} is needed too: its group is present")
            raw = field.not_available
        else:
            raw = _raw(writer, field, field_value, value.pace_encoding)
            if raw == field.not_available:
                raise writer.error(f"{field.name} {field_value!r} would read as not available")
        if field.signed:
            writer.sint(size, field.name, raw)
        else:
            writer.uint(size, field.name, raw)
    writer.raw(value.trailing)
    return writer.to_bytes()


def merge_treadmill_data(parts: Iterable[TreadmillData]) -> TreadmillData:
    """One record from the notifications it was split into, oldest first.

    A later part's value wins over an earlier one's; None never overwrites a value. The
    result's `more_data` is the last part's; `truncated` and `unknown_flags` gather every
    part's, and `trailing` joins them in order.
    """
    values: dict[str, Any] = {}
    truncated: list[str] = []
    unknown_flags = 0
    trailing = b""
    more_data = False
    encoding = PaceEncoding.KM_PER_MIN_UINT8
    for part in parts:
        for name in MEASUREMENT_FIELDS:
            field_value = getattr(part, name)
            if field_value is not None:
                values[name] = field_value
        if part.instantaneous_pace_s_per_km is not None or part.average_pace_s_per_km is not None:
            encoding = part.pace_encoding
        truncated.extend(name for name in part.truncated if name not in truncated)
        unknown_flags |= part.unknown_flags
        trailing += part.trailing
        more_data = part.more_data
    return TreadmillData(
        more_data=more_data,
        pace_encoding=encoding,
        truncated=tuple(truncated),
        unknown_flags=unknown_flags,
        trailing=trailing,
        **values,
    )


class TreadmillRecord:
    """Joins the notifications of one data record split by the More Data bit (FTMS 4.19).

    Feed every Treadmill Data notification in arrival order; a complete record comes back
    when the notification with More Data = 0 arrives, None before that. A record that fits
    one notification comes straight back. Call `reset` after a link loss: FTMS 4.18 says the
    half-sent record is discarded, so its first parts must not join the next record.
    """

    __slots__ = ("_parts",)

    def __init__(self, *, max_parts: int = 8) -> None:
        """`max_parts` bounds memory for a machine that never clears More Data: beyond it,
        the oldest parts are dropped."""
        if max_parts < 1:
            raise ValueError(f"max_parts must be 1 or more, not {max_parts}")
        self._parts: deque[TreadmillData] = deque(maxlen=max_parts)

    @property
    def pending(self) -> int:
        """How many notifications wait for the end of their record."""
        return len(self._parts)

    def feed(self, data: BytesLike) -> TreadmillData | None:
        """Parse one notification and add it (see `add`); `GattParseError` if it has no flags."""
        return self.add(parse_treadmill_data(data))

    def add(self, part: TreadmillData) -> TreadmillData | None:
        """Add a parsed notification; the merged record once it is complete, else None."""
        self._parts.append(part)
        if part.more_data:
            return None
        record = merge_treadmill_data(self._parts)
        self._parts.clear()
        return record

    def reset(self) -> None:
        """Forget a half-received record."""
        self._parts.clear()
