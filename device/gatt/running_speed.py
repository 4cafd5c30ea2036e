"""Running Speed and Cadence service: RSC Measurement (0x2A53) and RSC Feature (0x2A54)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntFlag

from device.gatt.reader import ByteReader, BytesLike
from device.gatt.writer import ByteWriter

__all__ = [
    "RscFeature",
    "RscMeasurement",
    "parse_rsc_feature",
    "parse_rsc_measurement",
    "serialize_rsc_feature",
    "serialize_rsc_measurement",
]

MEASUREMENT = "RSC Measurement"
FEATURE = "RSC Feature"

_STRIDE_PRESENT = 0x01
_DISTANCE_PRESENT = 0x02
_RUNNING = 0x04

_SPEED_STEPS_PER_MPS = 256  # 1/256 m/s
_STRIDE_STEPS_PER_M = 100  # 1/100 m
_DISTANCE_STEPS_PER_M = 10  # 1/10 m


class RscFeature(IntFlag):
    """What a footpod can measure; unknown (reserved) bits are kept, not dropped."""

    STRIDE_LENGTH = 0x01
    TOTAL_DISTANCE = 0x02
    WALKING_OR_RUNNING_STATUS = 0x04
    CALIBRATION_PROCEDURE = 0x08
    MULTIPLE_SENSOR_LOCATIONS = 0x10


@dataclass(frozen=True, slots=True, kw_only=True)
class RscMeasurement:
    """One footpod notification, in SI units; fields the flags leave out are None.

    `running` only means something when the footpod lists WALKING_OR_RUNNING_STATUS in its
    RSC Feature; others always report walking (the bit is 0).
    """

    speed_mps: float
    cadence_spm: int
    stride_m: float | None = None
    distance_m: float | None = None
    running: bool = False


def parse_rsc_measurement(data: BytesLike) -> RscMeasurement:
    """Decode 0x2A53; bytes after the last announced field are ignored."""
    reader = ByteReader(data, MEASUREMENT)
    flags = reader.u8("flags")
    speed_mps = reader.u16("instantaneous speed") / _SPEED_STEPS_PER_MPS
    cadence_spm = reader.u8("instantaneous cadence")
    stride_m = None
    if flags & _STRIDE_PRESENT:
        stride_m = reader.u16("instantaneous stride length") / _STRIDE_STEPS_PER_M
    distance_m = None
    if flags & _DISTANCE_PRESENT:
        distance_m = reader.u32("total distance") / _DISTANCE_STEPS_PER_M
    return RscMeasurement(
        speed_mps=speed_mps,
        cadence_spm=cadence_spm,
        stride_m=stride_m,
        distance_m=distance_m,
        running=bool(flags & _RUNNING),
    )


def serialize_rsc_measurement(value: RscMeasurement) -> bytes:
    """Encode 0x2A53, rounding to the field resolutions (1/256 m/s, 1 cm, 10 cm)."""
    flags = _RUNNING if value.running else 0
    if value.stride_m is not None:
        flags |= _STRIDE_PRESENT
    if value.distance_m is not None:
        flags |= _DISTANCE_PRESENT
    writer = ByteWriter(MEASUREMENT)
    writer.u8("flags", flags)
    writer.u16("speed_mps", writer.scaled("speed_mps", value.speed_mps, _SPEED_STEPS_PER_MPS))
    writer.u8("cadence_spm", value.cadence_spm)
    if value.stride_m is not None:
        writer.u16("stride_m", writer.scaled("stride_m", value.stride_m, _STRIDE_STEPS_PER_M))
    if value.distance_m is not None:
        distance = writer.scaled("distance_m", value.distance_m, _DISTANCE_STEPS_PER_M)
        writer.u32("distance_m", distance)
    return writer.to_bytes()


def parse_rsc_feature(data: BytesLike) -> RscFeature:
    """Decode 0x2A54 (16 bits)."""
    return RscFeature(ByteReader(data, FEATURE).u16("features"))


def serialize_rsc_feature(value: RscFeature) -> bytes:
    """Encode 0x2A54."""
    writer = ByteWriter(FEATURE)
    writer.u16("features", int(value))
    return writer.to_bytes()
