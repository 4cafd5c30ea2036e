"""The full 128-bit UUIDs the bridge scans and subscribes by."""

from __future__ import annotations

import uuid

import pytest

from device.gatt import uuid16, uuids

CONSTANTS = {name: getattr(uuids, name) for name in uuids.__all__ if name.isupper()}


def test_a_16_bit_number_expands_on_the_bluetooth_base_uuid() -> None:
    assert uuid16(0x180D) == "0000180d-0000-1000-8000-00805f9b34fb"
    assert uuid16(0) == uuids.BLUETOOTH_BASE_UUID
    assert uuid16(0xFFFF) == "0000ffff-0000-1000-8000-00805f9b34fb"


@pytest.mark.parametrize("number", [-1, 0x10000])
def test_a_number_that_is_not_16_bits_is_refused(number) -> None:
    with pytest.raises(ValueError, match="16-bit UUID"):
        uuid16(number)


@pytest.mark.parametrize(
    ("constant", "number"),
    [
        ("HEART_RATE_SERVICE", 0x180D),
        ("RUNNING_SPEED_AND_CADENCE_SERVICE", 0x1814),
        ("FITNESS_MACHINE_SERVICE", 0x1826),
        ("BATTERY_SERVICE", 0x180F),
        ("DEVICE_INFORMATION_SERVICE", 0x180A),
        ("IMMEDIATE_ALERT_SERVICE", 0x1802),
        ("ALERT_NOTIFICATION_SERVICE", 0x1811),
        ("HEART_RATE_MEASUREMENT", 0x2A37),
        ("BODY_SENSOR_LOCATION", 0x2A38),
        ("RSC_MEASUREMENT", 0x2A53),
        ("RSC_FEATURE", 0x2A54),
        ("FITNESS_MACHINE_FEATURE", 0x2ACC),
        ("TREADMILL_DATA", 0x2ACD),
        ("TRAINING_STATUS", 0x2AD3),
        ("SUPPORTED_SPEED_RANGE", 0x2AD4),
        ("SUPPORTED_INCLINATION_RANGE", 0x2AD5),
        ("FITNESS_MACHINE_CONTROL_POINT", 0x2AD9),
        ("FITNESS_MACHINE_STATUS", 0x2ADA),
        ("BATTERY_LEVEL", 0x2A19),
        ("MANUFACTURER_NAME_STRING", 0x2A29),
        ("MODEL_NUMBER_STRING", 0x2A24),
        ("SERIAL_NUMBER_STRING", 0x2A25),
        ("HARDWARE_REVISION_STRING", 0x2A27),
        ("FIRMWARE_REVISION_STRING", 0x2A26),
        ("SOFTWARE_REVISION_STRING", 0x2A28),
        ("ALERT_LEVEL", 0x2A06),
        ("NEW_ALERT", 0x2A46),
    ],
)
def test_each_service_and_characteristic_has_its_sig_number(constant, number) -> None:
    assert CONSTANTS[constant] == uuid16(number)


def test_every_uuid_is_a_lower_case_128_bit_string_and_none_repeats() -> None:
    for name, value in CONSTANTS.items():
        assert str(uuid.UUID(value)) == value, name
    assert len(set(CONSTANTS.values())) == len(CONSTANTS)
