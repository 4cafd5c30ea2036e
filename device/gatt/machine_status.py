"""Fitness Machine Status (0x2ADA): what changed on the machine, whoever changed it.

Each status is its own small class, so a handler can `match` on them; op codes this module
does not decode are kept as `OtherMachineStatus`, never rejected.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TypeAlias

from device.gatt.control_point import StopOrPauseAction
from device.gatt.reader import ByteReader, BytesLike
from device.gatt.writer import ByteWriter

__all__ = [
    "ControlPermissionLost",
    "MachineReset",
    "MachineStatus",
    "OtherMachineStatus",
    "StartedOrResumedByUser",
    "StatusOpCode",
    "StoppedBySafetyKey",
    "StoppedOrPausedByUser",
    "TargetInclineChanged",
    "TargetSpeedChanged",
    "parse_machine_status",
    "serialize_machine_status",
]

STATUS = "Fitness Machine Status"

_KMH_STEPS_PER_MPS = 360  # 0.01 km/h steps in 1 m/s
_TENTHS = 10


class StatusOpCode(IntEnum):
    """Fitness Machine Status op codes (FTMS 1.0 Table 4.26)."""

    RESET = 0x01
    STOPPED_OR_PAUSED_BY_USER = 0x02
    STOPPED_BY_SAFETY_KEY = 0x03
    STARTED_OR_RESUMED_BY_USER = 0x04
    TARGET_SPEED_CHANGED = 0x05
    TARGET_INCLINE_CHANGED = 0x06
    TARGET_RESISTANCE_LEVEL_CHANGED = 0x07
    TARGET_POWER_CHANGED = 0x08
    TARGET_HEART_RATE_CHANGED = 0x09
    TARGETED_EXPENDED_ENERGY_CHANGED = 0x0A
    TARGETED_NUMBER_OF_STEPS_CHANGED = 0x0B
    TARGETED_NUMBER_OF_STRIDES_CHANGED = 0x0C
    TARGETED_DISTANCE_CHANGED = 0x0D
    TARGETED_TRAINING_TIME_CHANGED = 0x0E
    TARGETED_TIME_IN_TWO_HEART_RATE_ZONES_CHANGED = 0x0F
    TARGETED_TIME_IN_THREE_HEART_RATE_ZONES_CHANGED = 0x10
    TARGETED_TIME_IN_FIVE_HEART_RATE_ZONES_CHANGED = 0x11
    INDOOR_BIKE_SIMULATION_PARAMETERS_CHANGED = 0x12
    WHEEL_CIRCUMFERENCE_CHANGED = 0x13
    SPIN_DOWN_STATUS = 0x14
    TARGETED_CADENCE_CHANGED = 0x15
    CONTROL_PERMISSION_LOST = 0xFF


@dataclass(frozen=True, slots=True, kw_only=True)
class MachineReset:
    """The machine was reset (by a client or on its console)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StoppedOrPausedByUser:
    """The runner stopped or paused the belt; `action` is None when the machine left the
    parameter out, as some do."""

    action: StopOrPauseAction | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StoppedBySafetyKey:
    """The safety key was pulled: the belt stopped."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StartedOrResumedByUser:
    """The runner started or resumed the belt."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetSpeedChanged:
    """The target speed changed (sent in 0.01 km/h)."""

    speed_mps: float


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetInclineChanged:
    """The target grade changed (sent in 0.1 %)."""

    incline_pct: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ControlPermissionLost:
    """This client lost control (the runner took over, or another client asked for it)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class OtherMachineStatus:
    """Any other status, kept with its raw parameter rather than rejected: the bridge logs
    and skips what it does not act on. `op_code` is a `StatusOpCode` when FTMS names it."""

    op_code: int
    parameter: bytes = b""


MachineStatus: TypeAlias = (
    MachineReset
    | StoppedOrPausedByUser
    | StoppedBySafetyKey
    | StartedOrResumedByUser
    | TargetSpeedChanged
    | TargetInclineChanged
    | ControlPermissionLost
    | OtherMachineStatus
)

_DECODED_STATUSES = frozenset(
    {
        StatusOpCode.RESET,
        StatusOpCode.STOPPED_OR_PAUSED_BY_USER,
        StatusOpCode.STOPPED_BY_SAFETY_KEY,
        StatusOpCode.STARTED_OR_RESUMED_BY_USER,
        StatusOpCode.TARGET_SPEED_CHANGED,
        StatusOpCode.TARGET_INCLINE_CHANGED,
        StatusOpCode.CONTROL_PERMISSION_LOST,
    }
)


def parse_machine_status(data: BytesLike) -> MachineStatus:
    """Decode 0x2ADA. Unknown op codes become `OtherMachineStatus`; a target change without
    its value, or a reserved stop/pause parameter, is a `GattParseError`."""
    reader = ByteReader(data, STATUS)
    op_code = reader.u8_known(StatusOpCode, "op code")
    match op_code:
        case StatusOpCode.RESET:
            return MachineReset()
        case StatusOpCode.STOPPED_OR_PAUSED_BY_USER:
            action = None
            if reader.remaining:
                action = reader.u8_member(StopOrPauseAction, "control information")
            return StoppedOrPausedByUser(action=action)
        case StatusOpCode.STOPPED_BY_SAFETY_KEY:
            return StoppedBySafetyKey()
        case StatusOpCode.STARTED_OR_RESUMED_BY_USER:
            return StartedOrResumedByUser()
        case StatusOpCode.TARGET_SPEED_CHANGED:
            return TargetSpeedChanged(speed_mps=reader.u16("new target speed") / _KMH_STEPS_PER_MPS)
        case StatusOpCode.TARGET_INCLINE_CHANGED:
            return TargetInclineChanged(incline_pct=reader.s16("new target incline") / _TENTHS)
        case StatusOpCode.CONTROL_PERMISSION_LOST:
            return ControlPermissionLost()
        case _:
            return OtherMachineStatus(op_code=op_code, parameter=reader.rest())


def serialize_machine_status(status: MachineStatus) -> bytes:
    """Encode 0x2ADA."""
    writer = ByteWriter(STATUS)
    match status:
        case MachineReset():
            writer.u8("op code", StatusOpCode.RESET)
        case StoppedOrPausedByUser(action=action):
            writer.u8("op code", StatusOpCode.STOPPED_OR_PAUSED_BY_USER)
            if action is not None:
                writer.u8_member(StopOrPauseAction, "action", action)
        case StoppedBySafetyKey():
            writer.u8("op code", StatusOpCode.STOPPED_BY_SAFETY_KEY)
        case StartedOrResumedByUser():
            writer.u8("op code", StatusOpCode.STARTED_OR_RESUMED_BY_USER)
        case TargetSpeedChanged(speed_mps=speed):
            writer.u8("op code", StatusOpCode.TARGET_SPEED_CHANGED)
            writer.u16("speed_mps", writer.scaled("speed_mps", speed, _KMH_STEPS_PER_MPS))
        case TargetInclineChanged(incline_pct=incline):
            writer.u8("op code", StatusOpCode.TARGET_INCLINE_CHANGED)
            writer.s16("incline_pct", writer.scaled("incline_pct", incline, _TENTHS))
        case ControlPermissionLost():
            writer.u8("op code", StatusOpCode.CONTROL_PERMISSION_LOST)
        case OtherMachineStatus(op_code=op_code, parameter=parameter):
            if op_code in _DECODED_STATUSES:
                raise writer.error(f"op code {op_code:#04x} has its own status class")
            writer.u8("op_code", op_code)
            writer.raw(parameter)
        case _:
            raise writer.error(f"{status!r} is not a machine status")
    return writer.to_bytes()
