"""Heart Rate service: Heart Rate Measurement (0x2A37) and Body Sensor Location (0x2A38)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum

from device.gatt.reader import ByteReader, BytesLike
from device.gatt.writer import ByteWriter

__all__ = [
    "BodySensorLocation",
    "Contact",
    "HeartRateMeasurement",
    "parse_body_sensor_location",
    "parse_heart_rate_measurement",
    "serialize_body_sensor_location",
    "serialize_heart_rate_measurement",
]

MEASUREMENT = "Heart Rate Measurement"
LOCATION = "Body Sensor Location"

_UINT16_FORMAT = 0x01
_CONTACT_DETECTED = 0x02
_CONTACT_SUPPORTED = 0x04
_ENERGY_PRESENT = 0x08
_RR_PRESENT = 0x10

# RR intervals travel in 1/1024 s ticks; the bridge works in milliseconds. ticks * 1000 / 1024
# is exact in binary floating point, so a tick count survives the trip to ms and back.
_TICKS_PER_MS = 1024 / 1000


class Contact(Enum):
    """Skin contact as the strap reports it (flag bits 1 and 2).

    Three meanings, not two: a strap that cannot sense contact says nothing either way, and
    its readings must not be thrown away as "no contact".
    """

    UNSUPPORTED = "unsupported"
    NOT_DETECTED = "not detected"
    DETECTED = "detected"


class BodySensorLocation(IntEnum):
    """Where the sensor sits; values 7..255 are reserved."""

    OTHER = 0
    CHEST = 1
    WRIST = 2
    FINGER = 3
    HAND = 4
    EAR_LOBE = 5
    FOOT = 6


@dataclass(frozen=True, slots=True, kw_only=True)
class HeartRateMeasurement:
    """One Heart Rate Measurement notification.

    `energy_kj` is cumulative since the strap's last reset and saturates at 65535 (the spec
    says it stays there; it is not a "not available" marker). `rr_ms` holds the beat-to-beat
    intervals that arrived since the previous notification, oldest first.
    """

    bpm: int
    contact: Contact = Contact.UNSUPPORTED
    energy_kj: int | None = None
    rr_ms: tuple[float, ...] = ()


def parse_heart_rate_measurement(data: BytesLike) -> HeartRateMeasurement:
    """Decode 0x2A37. Bytes after the last announced field are ignored (newer revisions may
    append fields), except that RR intervals take every remaining pair, so an odd byte left
    in the RR list is an error."""
    reader = ByteReader(data, MEASUREMENT)
    flags = reader.u8("flags")
    bpm = reader.uint(2 if flags & _UINT16_FORMAT else 1, "heart rate")
    if not flags & _CONTACT_SUPPORTED:
        contact = Contact.UNSUPPORTED
    elif flags & _CONTACT_DETECTED:
        contact = Contact.DETECTED
    else:
        contact = Contact.NOT_DETECTED
    energy_kj = reader.u16("energy expended") if flags & _ENERGY_PRESENT else None
    rr_ms: list[float] = []
    if flags & _RR_PRESENT:
        while reader.remaining:
            rr_ms.append(reader.u16("RR interval") * 1000 / 1024)
    return HeartRateMeasurement(bpm=bpm, contact=contact, energy_kj=energy_kj, rr_ms=tuple(rr_ms))


def serialize_heart_rate_measurement(value: HeartRateMeasurement) -> bytes:
    """Encode 0x2A37, choosing the uint16 format only when the rate does not fit a uint8."""
    flags = 0
    if value.bpm > 0xFF:
        flags |= _UINT16_FORMAT
    if value.contact is Contact.DETECTED:
        flags |= _CONTACT_SUPPORTED | _CONTACT_DETECTED
    elif value.contact is Contact.NOT_DETECTED:
        flags |= _CONTACT_SUPPORTED
    if value.energy_kj is not None:
        flags |= _ENERGY_PRESENT
    if value.rr_ms:
        flags |= _RR_PRESENT
    writer = ByteWriter(MEASUREMENT)
    writer.u8("flags", flags)
    writer.uint(2 if flags & _UINT16_FORMAT else 1, "bpm", value.bpm)
    if value.energy_kj is not None:
        writer.u16("energy_kj", value.energy_kj)
    for interval in value.rr_ms:
        writer.u16("rr_ms", writer.scaled("rr_ms", interval, _TICKS_PER_MS))
    return writer.to_bytes()


def parse_body_sensor_location(data: BytesLike) -> BodySensorLocation:
    """Decode 0x2A38; a reserved value is a `GattParseError`."""
    return ByteReader(data, LOCATION).u8_member(BodySensorLocation, "location")


def serialize_body_sensor_location(value: BodySensorLocation) -> bytes:
    """Encode 0x2A38."""
    writer = ByteWriter(LOCATION)
    writer.u8_member(BodySensorLocation, "location", value)
    return writer.to_bytes()
