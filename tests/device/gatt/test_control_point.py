"""Fitness Machine Control Point requests and responses, and Fitness Machine Status."""

from __future__ import annotations

import pytest
from hypothesis import given

from device.gatt import (
    ControlOpCode,
    ControlPermissionLost,
    ControlResponse,
    GattEncodeError,
    GattParseError,
    MachineReset,
    OtherMachineStatus,
    RequestControl,
    Reset,
    ResultCode,
    SetTargetInclination,
    SetTargetSpeed,
    StartedOrResumedByUser,
    StartOrResume,
    StatusOpCode,
    StopOrPause,
    StopOrPauseAction,
    StoppedBySafetyKey,
    StoppedOrPausedByUser,
    TargetInclineChanged,
    TargetSpeedChanged,
    UnsupportedRequest,
    parse_control_request,
    parse_control_response,
    parse_machine_status,
    serialize_control_request,
    serialize_control_response,
    serialize_machine_status,
)
from tests.device.gatt.strategies import control_requests, control_responses, machine_statuses


@pytest.mark.parametrize(
    ("hex_bytes", "expected"),
    [
        ("00", RequestControl()),
        ("01", Reset()),
        # 10.00 km/h. The CITYSPORTS-Linker walking pad documents "Set Speed 02 XX XX" in
        # 0.01 km/h and "Stop 08 01" (hughesjs/FitnessMachine, protocol/README.md).
        ("02 E8 03", SetTargetSpeed(speed_mps=1000 / 360)),
        ("03 32 00", SetTargetInclination(incline_pct=5.0)),
        ("03 EC FF", SetTargetInclination(incline_pct=-2.0)),
        ("07", StartOrResume()),
        ("08 01", StopOrPause(action=StopOrPauseAction.STOP)),
        ("08 02", StopOrPause(action=StopOrPauseAction.PAUSE)),
        (
            "05 C8 00",
            UnsupportedRequest(op_code=ControlOpCode.SET_TARGET_POWER, parameter=b"\xc8\x00"),
        ),
        ("55 01", UnsupportedRequest(op_code=0x55, parameter=b"\x01")),
        ("80", UnsupportedRequest(op_code=ControlOpCode.RESPONSE_CODE)),
    ],
)
def test_control_point_writes_decode_to_requests(hex_bytes, expected) -> None:
    assert parse_control_request(bytes.fromhex(hex_bytes)) == expected


def test_an_unsupported_op_code_keeps_its_name_when_ftms_has_one() -> None:
    request = parse_control_request(bytes.fromhex("06 96"))
    assert isinstance(request, UnsupportedRequest)
    assert request.op_code is ControlOpCode.SET_TARGET_HEART_RATE


@pytest.mark.parametrize(
    ("hex_bytes", "message"),
    [
        ("", "op code at offset 0"),
        ("02 E8", "target speed at offset 1"),
        ("03", "target inclination at offset 1"),
        ("08", "control information at offset 1"),
        ("08 03", "control information 3 at offset 1 is reserved"),
        ("08 00", "control information 0 at offset 1 is reserved"),
    ],
)
def test_a_request_with_a_missing_or_reserved_parameter_is_a_parse_error(
    hex_bytes, message
) -> None:
    with pytest.raises(GattParseError, match="^Fitness Machine Control Point: ") as caught:
        parse_control_request(bytes.fromhex(hex_bytes))
    assert message in str(caught.value)


@given(control_requests)
def test_every_request_the_bridge_writes_reads_back_the_same(control) -> None:
    assert parse_control_request(serialize_control_request(control)) == control


@pytest.mark.parametrize(
    ("control", "hex_bytes"),
    [
        (RequestControl(), "00"),
        (SetTargetSpeed(speed_mps=10 / 3.6), "02 E8 03"),
        (SetTargetInclination(incline_pct=-2.0), "03 EC FF"),
        (StopOrPause(action=StopOrPauseAction.STOP), "08 01"),
    ],
)
def test_the_bridge_writes_the_bytes_a_treadmill_expects(control, hex_bytes) -> None:
    assert serialize_control_request(control) == bytes.fromhex(hex_bytes)


@pytest.mark.parametrize(
    ("control", "message"),
    [
        (SetTargetSpeed(speed_mps=-1.0), "outside 0..65535"),
        (SetTargetSpeed(speed_mps=182.1), "outside 0..65535"),
        (SetTargetInclination(incline_pct=4000.0), "outside -32768..32767"),
        (StopOrPause(action=3), "not a defined StopOrPauseAction"),  # type: ignore[arg-type]
        (UnsupportedRequest(op_code=0x02), "has its own request class"),
        (UnsupportedRequest(op_code=0x100), "outside 0..255"),
        ("08 01", "is not a control request"),
    ],
)
def test_requests_that_cannot_be_written_are_refused(control, message) -> None:
    with pytest.raises(GattEncodeError, match="^Fitness Machine Control Point: ") as caught:
        serialize_control_request(control)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("hex_bytes", "response"),
    [
        (
            "80 00 01",
            ControlResponse(
                request_op_code=ControlOpCode.REQUEST_CONTROL, result=ResultCode.SUCCESS
            ),
        ),
        (
            "80 02 03",
            ControlResponse(
                request_op_code=ControlOpCode.SET_TARGET_SPEED, result=ResultCode.INVALID_PARAMETER
            ),
        ),
        (
            "80 07 05",
            ControlResponse(
                request_op_code=ControlOpCode.START_OR_RESUME,
                result=ResultCode.CONTROL_NOT_PERMITTED,
            ),
        ),
        (
            "80 05 02",
            ControlResponse(
                request_op_code=ControlOpCode.SET_TARGET_POWER,
                result=ResultCode.OP_CODE_NOT_SUPPORTED,
            ),
        ),
        (
            "80 08 04",
            ControlResponse(
                request_op_code=ControlOpCode.STOP_OR_PAUSE, result=ResultCode.OPERATION_FAILED
            ),
        ),
        # Spin Down success carries target speeds low/high, kept raw.
        (
            "80 13 01 E8 03 D0 07",
            ControlResponse(
                request_op_code=ControlOpCode.SPIN_DOWN_CONTROL,
                result=ResultCode.SUCCESS,
                parameter=b"\xe8\x03\xd0\x07",
            ),
        ),
        (
            "80 55 02",
            ControlResponse(request_op_code=0x55, result=ResultCode.OP_CODE_NOT_SUPPORTED),
        ),
    ],
)
def test_control_point_indications_decode_to_responses(hex_bytes, response) -> None:
    assert parse_control_response(bytes.fromhex(hex_bytes)) == response


@pytest.mark.parametrize(
    ("hex_bytes", "offset", "message"),
    [
        ("07 00 01", 0, "op code 0x07 at offset 0 is not a response (0x80)"),
        ("80 00 00", 2, "result code 0 at offset 2 is reserved"),
        ("80 00 06", 2, "result code 6 at offset 2 is reserved"),
        ("80 00", 2, "result code at offset 2"),
    ],
)
def test_an_indication_that_is_not_a_valid_response_is_a_parse_error(
    hex_bytes, offset, message
) -> None:
    with pytest.raises(GattParseError) as caught:
        parse_control_response(bytes.fromhex(hex_bytes))
    assert caught.value.offset == offset
    assert message in str(caught.value)


@given(control_responses)
def test_every_response_a_simulated_treadmill_indicates_reads_back_the_same(response) -> None:
    assert parse_control_response(serialize_control_response(response)) == response


@pytest.mark.parametrize(
    "response",
    [
        ControlResponse(request_op_code=0x100, result=ResultCode.SUCCESS),
        ControlResponse(request_op_code=0x00, result=9),  # type: ignore[arg-type]
    ],
)
def test_responses_that_cannot_be_indicated_are_refused(response) -> None:
    with pytest.raises(GattEncodeError):
        serialize_control_response(response)


@pytest.mark.parametrize(
    ("hex_bytes", "status"),
    [
        # pyftms test value (reported): Target Speed Changed to 0x0069 = 1.05 km/h.
        ("05 69 00", TargetSpeedChanged(speed_mps=105 / 360)),
        ("01", MachineReset()),
        ("02 01", StoppedOrPausedByUser(action=StopOrPauseAction.STOP)),
        ("02 02", StoppedOrPausedByUser(action=StopOrPauseAction.PAUSE)),
        # Some machines leave the stop/pause parameter out.
        ("02", StoppedOrPausedByUser()),
        ("03", StoppedBySafetyKey()),
        ("04", StartedOrResumedByUser()),
        ("06 32 00", TargetInclineChanged(incline_pct=5.0)),
        ("06 CE FF", TargetInclineChanged(incline_pct=-5.0)),
        ("FF", ControlPermissionLost()),
        ("14 02", OtherMachineStatus(op_code=StatusOpCode.SPIN_DOWN_STATUS, parameter=b"\x02")),
        ("00", OtherMachineStatus(op_code=0)),
        ("42 01 02", OtherMachineStatus(op_code=0x42, parameter=b"\x01\x02")),
    ],
)
def test_machine_status_notifications_decode_to_events(hex_bytes, status) -> None:
    assert parse_machine_status(bytes.fromhex(hex_bytes)) == status


def test_target_speed_changed_to_1_05_kmh_reads_in_metres_per_second() -> None:
    status = parse_machine_status(bytes.fromhex("05 69 00"))
    assert isinstance(status, TargetSpeedChanged)
    assert status.speed_mps == pytest.approx(1.05 / 3.6)


@pytest.mark.parametrize(
    ("hex_bytes", "message"),
    [
        ("", "op code at offset 0"),
        ("05 69", "new target speed at offset 1"),
        ("06", "new target incline at offset 1"),
        ("02 07", "control information 7 at offset 1 is reserved"),
    ],
)
def test_a_status_with_a_broken_parameter_is_a_parse_error(hex_bytes, message) -> None:
    with pytest.raises(GattParseError, match="^Fitness Machine Status: ") as caught:
        parse_machine_status(bytes.fromhex(hex_bytes))
    assert message in str(caught.value)


@given(machine_statuses)
def test_every_status_a_simulated_treadmill_notifies_reads_back_the_same(status) -> None:
    assert parse_machine_status(serialize_machine_status(status)) == status


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (OtherMachineStatus(op_code=StatusOpCode.TARGET_SPEED_CHANGED), "has its own status"),
        (OtherMachineStatus(op_code=-1), "outside 0..255"),
        (TargetSpeedChanged(speed_mps=-0.5), "outside 0..65535"),
        (TargetInclineChanged(incline_pct=-3276.9), "outside -32768..32767"),
        (StoppedOrPausedByUser(action=0), "not a defined"),  # type: ignore[arg-type]
        (Reset(), "is not a machine status"),
    ],
)
def test_statuses_that_cannot_be_notified_are_refused(status, message) -> None:
    with pytest.raises(GattEncodeError, match="^Fitness Machine Status: ") as caught:
        serialize_machine_status(status)
    assert message in str(caught.value)
