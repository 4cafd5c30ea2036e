"""Fitness Machine Control Point (0x2AD9): requests, and the response a machine indicates.

Requests are what the bridge writes to a treadmill (and what a simulated treadmill parses);
the response is the indication the machine answers with. Each request is its own small
class, so a handler can `match` on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TypeAlias

from device.gatt.reader import ByteReader, BytesLike
from device.gatt.writer import ByteWriter

__all__ = [
    "ControlOpCode",
    "ControlRequest",
    "ControlResponse",
    "RequestControl",
    "Reset",
    "ResultCode",
    "SetTargetInclination",
    "SetTargetSpeed",
    "StartOrResume",
    "StopOrPause",
    "StopOrPauseAction",
    "UnsupportedRequest",
    "parse_control_request",
    "parse_control_response",
    "serialize_control_request",
    "serialize_control_response",
]

CONTROL_POINT = "Fitness Machine Control Point"

_KMH_STEPS_PER_MPS = 360  # 0.01 km/h steps in 1 m/s
_TENTHS = 10


class ControlOpCode(IntEnum):
    """Control Point op codes (FTMS 1.0 Table 4.15); 0x15..0x7F and 0x81..0xFF are reserved."""

    REQUEST_CONTROL = 0x00
    RESET = 0x01
    SET_TARGET_SPEED = 0x02
    SET_TARGET_INCLINATION = 0x03
    SET_TARGET_RESISTANCE_LEVEL = 0x04
    SET_TARGET_POWER = 0x05
    SET_TARGET_HEART_RATE = 0x06
    START_OR_RESUME = 0x07
    STOP_OR_PAUSE = 0x08
    SET_TARGETED_EXPENDED_ENERGY = 0x09
    SET_TARGETED_NUMBER_OF_STEPS = 0x0A
    SET_TARGETED_NUMBER_OF_STRIDES = 0x0B
    SET_TARGETED_DISTANCE = 0x0C
    SET_TARGETED_TRAINING_TIME = 0x0D
    SET_TARGETED_TIME_IN_TWO_HEART_RATE_ZONES = 0x0E
    SET_TARGETED_TIME_IN_THREE_HEART_RATE_ZONES = 0x0F
    SET_TARGETED_TIME_IN_FIVE_HEART_RATE_ZONES = 0x10
    SET_INDOOR_BIKE_SIMULATION_PARAMETERS = 0x11
    SET_WHEEL_CIRCUMFERENCE = 0x12
    SPIN_DOWN_CONTROL = 0x13
    SET_TARGETED_CADENCE = 0x14
    RESPONSE_CODE = 0x80


class ResultCode(IntEnum):
    """The outcome a machine indicates for a request (FTMS 1.0 Table 4.24)."""

    SUCCESS = 0x01
    OP_CODE_NOT_SUPPORTED = 0x02
    INVALID_PARAMETER = 0x03
    OPERATION_FAILED = 0x04
    CONTROL_NOT_PERMITTED = 0x05


class StopOrPauseAction(IntEnum):
    """The Control Information parameter of Stop or Pause (FTMS 1.0 Table 4.16)."""

    STOP = 0x01
    PAUSE = 0x02


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestControl:
    """Ask for control; every other request needs it first."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Reset:
    """Reset targets to defaults, times to zero, training status to Idle."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SetTargetSpeed:
    """Set the belt speed (sent in 0.01 km/h)."""

    speed_mps: float


@dataclass(frozen=True, slots=True, kw_only=True)
class SetTargetInclination:
    """Set the grade in percent (sent in 0.1 %); negative is downhill."""

    incline_pct: float


@dataclass(frozen=True, slots=True, kw_only=True)
class StartOrResume:
    """Start or resume the training session."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StopOrPause:
    """Stop or pause the training session."""

    action: StopOrPauseAction


@dataclass(frozen=True, slots=True, kw_only=True)
class UnsupportedRequest:
    """Any other op code, kept with its raw parameter so a simulated machine can answer it
    with OP_CODE_NOT_SUPPORTED. `op_code` is a `ControlOpCode` when FTMS names it."""

    op_code: int
    parameter: bytes = b""


ControlRequest: TypeAlias = (
    RequestControl
    | Reset
    | SetTargetSpeed
    | SetTargetInclination
    | StartOrResume
    | StopOrPause
    | UnsupportedRequest
)

_DECODED_REQUESTS = frozenset(
    {
        ControlOpCode.REQUEST_CONTROL,
        ControlOpCode.RESET,
        ControlOpCode.SET_TARGET_SPEED,
        ControlOpCode.SET_TARGET_INCLINATION,
        ControlOpCode.START_OR_RESUME,
        ControlOpCode.STOP_OR_PAUSE,
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ControlResponse:
    """The machine's answer to a request: which op code, and how it went.

    `request_op_code` is a `ControlOpCode` when FTMS names it; `parameter` holds the response
    parameter of the few procedures that have one (Spin Down), raw.
    """

    request_op_code: int
    result: ResultCode
    parameter: bytes = b""


def parse_control_request(data: BytesLike) -> ControlRequest:
    """Decode a write to 0x2AD9. A known request with a missing or reserved parameter is a
    `GattParseError` (a machine answers it with INVALID_PARAMETER); extra bytes are ignored."""
    reader = ByteReader(data, CONTROL_POINT)
    op_code = reader.u8_known(ControlOpCode, "op code")
    match op_code:
        case ControlOpCode.REQUEST_CONTROL:
            return RequestControl()
        case ControlOpCode.RESET:
            return Reset()
        case ControlOpCode.SET_TARGET_SPEED:
            return SetTargetSpeed(speed_mps=reader.u16("target speed") / _KMH_STEPS_PER_MPS)
        case ControlOpCode.SET_TARGET_INCLINATION:
            return SetTargetInclination(incline_pct=reader.s16("target inclination") / _TENTHS)
        case ControlOpCode.START_OR_RESUME:
            return StartOrResume()
        case ControlOpCode.STOP_OR_PAUSE:
            return StopOrPause(action=reader.u8_member(StopOrPauseAction, "control information"))
        case _:
            return UnsupportedRequest(op_code=op_code, parameter=reader.rest())


def serialize_control_request(request: ControlRequest) -> bytes:
    """Encode a write to 0x2AD9."""
    writer = ByteWriter(CONTROL_POINT)
    match request:
        case RequestControl():
            writer.u8("op code", ControlOpCode.REQUEST_CONTROL)
        case Reset():
            writer.u8("op code", ControlOpCode.RESET)
        case SetTargetSpeed(speed_mps=speed):
            writer.u8("op code", ControlOpCode.SET_TARGET_SPEED)
            writer.u16("speed_mps", writer.scaled("speed_mps", speed, _KMH_STEPS_PER_MPS))
        case SetTargetInclination(incline_pct=incline):
            writer.u8("op code", ControlOpCode.SET_TARGET_INCLINATION)
            writer.s16("incline_pct", writer.scaled("incline_pct", incline, _TENTHS))
        case StartOrResume():
            writer.u8("op code", ControlOpCode.START_OR_RESUME)
        case StopOrPause(action=action):
            writer.u8("op code", ControlOpCode.STOP_OR_PAUSE)
            writer.u8_member(StopOrPauseAction, "action", action)
        case UnsupportedRequest(op_code=op_code, parameter=parameter):
            if op_code in _DECODED_REQUESTS:
                raise writer.error(f"op code {op_code:#04x} has its own request class")
            writer.u8("op_code", op_code)
            writer.raw(parameter)
        case _:
            raise writer.error(f"{request!r} is not a control request")
    return writer.to_bytes()


def parse_control_response(data: BytesLike) -> ControlResponse:
    """Decode an indication of 0x2AD9 (op code 0x80); a reserved result code raises."""
    reader = ByteReader(data, CONTROL_POINT)
    op_code = reader.u8("op code")
    if op_code != ControlOpCode.RESPONSE_CODE:
        raise reader.error(f"op code {op_code:#04x} at offset 0 is not a response (0x80)", 0)
    request_op_code = reader.u8_known(ControlOpCode, "request op code")
    result = reader.u8_member(ResultCode, "result code")
    return ControlResponse(request_op_code=request_op_code, result=result, parameter=reader.rest())


def serialize_control_response(response: ControlResponse) -> bytes:
    """Encode an indication of 0x2AD9."""
    writer = ByteWriter(CONTROL_POINT)
    writer.u8("op code", ControlOpCode.RESPONSE_CODE)
    writer.u8("request_op_code", response.request_op_code)
    writer.u8_member(ResultCode, "result", response.result)
    writer.raw(response.parameter)
    return writer.to_bytes()
