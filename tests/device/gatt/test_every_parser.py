"""Properties every codec shares: any bytes give a value or a GattParseError (never another
exception), every buffer type is accepted, errors carry the characteristic and the offset."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from device.gatt import (
    GattEncodeError,
    GattError,
    GattParseError,
    TreadmillRecord,
    parse_alert_level,
    parse_battery_level,
    parse_body_sensor_location,
    parse_control_request,
    parse_control_response,
    parse_device_information_string,
    parse_fitness_machine_feature,
    parse_heart_rate_measurement,
    parse_machine_status,
    parse_new_alert,
    parse_rsc_feature,
    parse_rsc_measurement,
    parse_supported_inclination_range,
    parse_supported_speed_range,
    parse_training_status,
    parse_treadmill_data,
)

PARSERS: list[Callable[[Any], object]] = [
    parse_heart_rate_measurement,
    parse_body_sensor_location,
    parse_rsc_measurement,
    parse_rsc_feature,
    parse_treadmill_data,
    parse_fitness_machine_feature,
    parse_supported_speed_range,
    parse_supported_inclination_range,
    parse_training_status,
    parse_control_request,
    parse_control_response,
    parse_machine_status,
    parse_battery_level,
    parse_device_information_string,
    parse_alert_level,
    parse_new_alert,
]
NAMES = [parser.__name__ for parser in PARSERS]


@pytest.mark.parametrize("parse", PARSERS, ids=NAMES)
@given(data=st.binary(max_size=64))
def test_any_bytes_give_a_value_or_a_parse_error_and_nothing_else(parse, data) -> None:
    try:
        parse(data)
    except GattParseError as error:
        assert error.characteristic
        assert str(error).startswith(f"{error.characteristic}: ")
        assert 0 <= error.offset <= len(data)


@given(data=st.lists(st.binary(max_size=24), max_size=12))
def test_the_treadmill_assembler_takes_any_notifications_without_crashing(data) -> None:
    assembler = TreadmillRecord(max_parts=4)
    for notification in data:
        try:
            assembler.feed(notification)
        except GattParseError:
            assert len(notification) < 2
        assert assembler.pending <= 4


@pytest.mark.parametrize("parse", PARSERS, ids=NAMES)
@given(data=st.binary(max_size=32))
def test_bytes_bytearray_and_memoryview_decode_alike(parse, data) -> None:
    outcomes = []
    for buffer in (data, bytearray(data), memoryview(data)):
        try:
            outcomes.append(parse(buffer))
        except GattParseError as error:
            outcomes.append(str(error))
    assert outcomes[0] == outcomes[1] == outcomes[2]


def test_a_memoryview_of_wider_items_is_read_as_its_bytes() -> None:
    words = memoryview(bytes.fromhex("16 73 10 02 0D 02")).cast("H")
    assert parse_heart_rate_measurement(words).bpm == 115
    assert parse_treadmill_data(memoryview(bytes.fromhex("01 00 AA BB")).cast("H")).trailing == (
        b"\xaa\xbb"
    )


def test_one_root_error_catches_parse_and_encode_errors() -> None:
    assert issubclass(GattParseError, GattError)
    assert issubclass(GattEncodeError, GattError)
    assert not issubclass(GattParseError, GattEncodeError)


def test_a_parse_error_keeps_its_parts_for_logs() -> None:
    error = GattParseError("Treadmill Data", 7, "something at offset 7")
    assert (error.characteristic, error.offset, error.reason) == (
        "Treadmill Data",
        7,
        "something at offset 7",
    )
    assert str(error) == "Treadmill Data: something at offset 7"


def test_an_encode_error_keeps_its_parts_for_logs() -> None:
    error = GattEncodeError("Battery Level", "level 101 % is outside 0..100 %")
    assert (error.characteristic, error.reason) == (
        "Battery Level",
        "level 101 % is outside 0..100 %",
    )
    assert str(error) == "Battery Level: level 101 % is outside 0..100 %"
