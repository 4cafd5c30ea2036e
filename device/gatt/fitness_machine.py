"""Fitness Machine service, the read-mostly part: Feature (0x2ACC), Supported Speed Range
(0x2AD4), Supported Inclination Range (0x2AD5) and Training Status (0x2AD3)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, IntFlag

from device.gatt.reader import ByteReader, BytesLike
from device.gatt.writer import ByteWriter

__all__ = [
    "FitnessMachineFeature",
    "InclinationRange",
    "MachineFeature",
    "SpeedRange",
    "TargetSettingFeature",
    "TrainingStatus",
    "TrainingStatusCode",
    "parse_fitness_machine_feature",
    "parse_supported_inclination_range",
    "parse_supported_speed_range",
    "parse_training_status",
    "serialize_fitness_machine_feature",
    "serialize_supported_inclination_range",
    "serialize_supported_speed_range",
    "serialize_training_status",
]

FEATURE = "Fitness Machine Feature"
SPEED_RANGE = "Supported Speed Range"
INCLINATION_RANGE = "Supported Inclination Range"
TRAINING_STATUS = "Training Status"

_KMH_STEPS_PER_MPS = 360  # 0.01 km/h steps in 1 m/s
_TENTHS = 10

_STRING_PRESENT = 0x01
_EXTENDED_STRING = 0x02


class MachineFeature(IntFlag):
    """Fitness Machine Features field (FTMS 1.0 Table 4.3); reserved bits are kept."""

    AVERAGE_SPEED = 1 << 0
    CADENCE = 1 << 1
    TOTAL_DISTANCE = 1 << 2
    INCLINATION = 1 << 3
    ELEVATION_GAIN = 1 << 4
    PACE = 1 << 5
    STEP_COUNT = 1 << 6
    RESISTANCE_LEVEL = 1 << 7
    STRIDE_COUNT = 1 << 8
    EXPENDED_ENERGY = 1 << 9
    HEART_RATE_MEASUREMENT = 1 << 10
    METABOLIC_EQUIVALENT = 1 << 11
    ELAPSED_TIME = 1 << 12
    REMAINING_TIME = 1 << 13
    POWER_MEASUREMENT = 1 << 14
    FORCE_ON_BELT_AND_POWER_OUTPUT = 1 << 15
    USER_DATA_RETENTION = 1 << 16


class TargetSettingFeature(IntFlag):
    """Target Setting Features field (FTMS 1.0 Table 4.4): what the control point accepts."""

    SPEED = 1 << 0
    INCLINATION = 1 << 1
    RESISTANCE = 1 << 2
    POWER = 1 << 3
    HEART_RATE = 1 << 4
    EXPENDED_ENERGY = 1 << 5
    STEP_NUMBER = 1 << 6
    STRIDE_NUMBER = 1 << 7
    DISTANCE = 1 << 8
    TRAINING_TIME = 1 << 9
    TIME_IN_TWO_HEART_RATE_ZONES = 1 << 10
    TIME_IN_THREE_HEART_RATE_ZONES = 1 << 11
    TIME_IN_FIVE_HEART_RATE_ZONES = 1 << 12
    INDOOR_BIKE_SIMULATION = 1 << 13
    WHEEL_CIRCUMFERENCE = 1 << 14
    SPIN_DOWN_CONTROL = 1 << 15
    CADENCE = 1 << 16


@dataclass(frozen=True, slots=True, kw_only=True)
class FitnessMachineFeature:
    """What a machine reports (`machine`) and what it lets a client set (`target_setting`)."""

    machine: MachineFeature = MachineFeature(0)
    target_setting: TargetSettingFeature = TargetSettingFeature(0)


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeedRange:
    """The speeds a Set Target Speed request may ask for, and the smallest step between them."""

    minimum_mps: float
    maximum_mps: float
    increment_mps: float


@dataclass(frozen=True, slots=True, kw_only=True)
class InclinationRange:
    """The inclinations a Set Target Inclination request may ask for, in percent grade."""

    minimum_pct: float
    maximum_pct: float
    increment_pct: float


class TrainingStatusCode(IntEnum):
    """Training Status field values (FTMS 1.0 Table 4.13); 0x10..0xFF are reserved."""

    OTHER = 0x00
    IDLE = 0x01
    WARMING_UP = 0x02
    LOW_INTENSITY_INTERVAL = 0x03
    HIGH_INTENSITY_INTERVAL = 0x04
    RECOVERY_INTERVAL = 0x05
    ISOMETRIC = 0x06
    HEART_RATE_CONTROL = 0x07
    FITNESS_TEST = 0x08
    SPEED_OUTSIDE_CONTROL_REGION_LOW = 0x09
    SPEED_OUTSIDE_CONTROL_REGION_HIGH = 0x0A
    COOL_DOWN = 0x0B
    WATT_CONTROL = 0x0C
    MANUAL_MODE = 0x0D
    PRE_WORKOUT = 0x0E
    POST_WORKOUT = 0x0F


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainingStatus:
    """The machine's training state, with its optional status string.

    `status` is a plain int for codes newer than FTMS 1.0. `text` is None when the flags
    announce no string (and "" when they announce an empty one). `extended_string` means the
    string goes on beyond this notification and a long read fetches the rest.
    """

    status: TrainingStatusCode | int
    text: str | None = None
    extended_string: bool = False


def parse_fitness_machine_feature(data: BytesLike) -> FitnessMachineFeature:
    """Decode 0x2ACC: two 32-bit fields."""
    reader = ByteReader(data, FEATURE)
    machine = MachineFeature(reader.u32("fitness machine features"))
    return FitnessMachineFeature(
        machine=machine, target_setting=TargetSettingFeature(reader.u32("target setting features"))
    )


def serialize_fitness_machine_feature(value: FitnessMachineFeature) -> bytes:
    """Encode 0x2ACC."""
    writer = ByteWriter(FEATURE)
    writer.u32("machine", int(value.machine))
    writer.u32("target_setting", int(value.target_setting))
    return writer.to_bytes()


def parse_supported_speed_range(data: BytesLike) -> SpeedRange:
    """Decode 0x2AD4 (three uint16 in 0.01 km/h) into m/s."""
    reader = ByteReader(data, SPEED_RANGE)
    return SpeedRange(
        minimum_mps=reader.u16("minimum speed") / _KMH_STEPS_PER_MPS,
        maximum_mps=reader.u16("maximum speed") / _KMH_STEPS_PER_MPS,
        increment_mps=reader.u16("minimum increment") / _KMH_STEPS_PER_MPS,
    )


def serialize_supported_speed_range(value: SpeedRange) -> bytes:
    """Encode 0x2AD4, rounding to 0.01 km/h."""
    writer = ByteWriter(SPEED_RANGE)
    for name in ("minimum_mps", "maximum_mps", "increment_mps"):
        writer.u16(name, writer.scaled(name, getattr(value, name), _KMH_STEPS_PER_MPS))
    return writer.to_bytes()


def parse_supported_inclination_range(data: BytesLike) -> InclinationRange:
    """Decode 0x2AD5 (sint16 minimum and maximum, uint16 increment, all in 0.1 %)."""
    reader = ByteReader(data, INCLINATION_RANGE)
    return InclinationRange(
        minimum_pct=reader.s16("minimum inclination") / _TENTHS,
        maximum_pct=reader.s16("maximum inclination") / _TENTHS,
        increment_pct=reader.u16("minimum increment") / _TENTHS,
    )


def serialize_supported_inclination_range(value: InclinationRange) -> bytes:
    """Encode 0x2AD5, rounding to 0.1 %."""
    writer = ByteWriter(INCLINATION_RANGE)
    writer.s16("minimum_pct", writer.scaled("minimum_pct", value.minimum_pct, _TENTHS))
    writer.s16("maximum_pct", writer.scaled("maximum_pct", value.maximum_pct, _TENTHS))
    writer.u16("increment_pct", writer.scaled("increment_pct", value.increment_pct, _TENTHS))
    return writer.to_bytes()


def parse_training_status(data: BytesLike) -> TrainingStatus:
    """Decode 0x2AD3; the string, when announced, is the rest of the value."""
    reader = ByteReader(data, TRAINING_STATUS)
    flags = reader.u8("flags")
    status = reader.u8_known(TrainingStatusCode, "training status")
    return TrainingStatus(
        status=status,
        text=reader.text() if flags & _STRING_PRESENT else None,
        extended_string=bool(flags & _EXTENDED_STRING),
    )


def serialize_training_status(value: TrainingStatus) -> bytes:
    """Encode 0x2AD3."""
    flags = _EXTENDED_STRING if value.extended_string else 0
    if value.text is not None:
        flags |= _STRING_PRESENT
    writer = ByteWriter(TRAINING_STATUS)
    writer.u8("flags", flags)
    writer.u8("status", value.status)
    if value.text is not None:
        writer.text("text", value.text)
    return writer.to_bytes()
