"""Heart Rate Measurement and Body Sensor Location: real strap notifications, the spec's corner
cases, and the round trip a simulated strap relies on."""

from __future__ import annotations

import math

import pytest
from hypothesis import given

from device.gatt import (
    BodySensorLocation,
    Contact,
    GattEncodeError,
    GattParseError,
    HeartRateMeasurement,
    parse_body_sensor_location,
    parse_heart_rate_measurement,
    serialize_body_sensor_location,
    serialize_heart_rate_measurement,
)
from tests.device.gatt.strategies import body_sensor_locations, heart_rate_measurements


def ticks(*values: int) -> tuple[float, ...]:
    """RR intervals from 1/1024 s ticks, in ms, the way the decoder computes them."""
    return tuple(value * 1000 / 1024 for value in values)


# Captured notifications, hex -> (bpm, contact, energy kJ, RR ms).
REAL_STRAPS = [
    # TrackMyIndoorWorkout, test/heart_rate_monitor_sensor_test.dart, `byteHrmSampleData`:
    # flags 0x04 = contact supported but not detected (the strap is not on skin yet).
    pytest.param("04 54", 84, Contact.NOT_DETECTED, None, (), id="tmiw-byte-hrm-84bpm"),
    # Same file, `moreHrmSampleData`: contact detected, one RR interval each.
    pytest.param("16 59 A2 02", 89, Contact.DETECTED, None, (658.2,), id="tmiw-89bpm"),
    pytest.param("16 5A 9A 02", 90, Contact.DETECTED, None, (650.4,), id="tmiw-90bpm"),
    pytest.param("16 5C 8C 02", 92, Contact.DETECTED, None, (636.7,), id="tmiw-92bpm"),
    pytest.param("16 5D 85 02", 93, Contact.DETECTED, None, (629.9,), id="tmiw-93bpm"),
    # Same file, `polarH7SampleData`: a Polar H7 packs two RR intervals when two beats fell
    # inside one notification period.
    pytest.param("16 73 10 02 0D 02", 115, Contact.DETECTED, None, (515.6, 512.7), id="h7-a"),
    pytest.param("16 73 0F 02 11 02", 115, Contact.DETECTED, None, ticks(527, 529), id="h7-b"),
    pytest.param("16 74 14 02 16 02", 116, Contact.DETECTED, None, ticks(532, 534), id="h7-c"),
    pytest.param("16 74 29 02", 116, Contact.DETECTED, None, (540.0,), id="h7-d"),
    # An unbranded Bluetooth/ANT+ strap read with gatttool, Stack Overflow question 60599696
    # ("Garmin BLE heart rate monitor: cannot get HRM data via Bluetooth").
    pytest.param("16 34 E4 04", 52, Contact.DETECTED, None, (1222.7,), id="gatttool-a"),
    pytest.param("16 34 A5 04", 52, Contact.DETECTED, None, (1161.1,), id="gatttool-b"),
    pytest.param("16 33 EA 04", 51, Contact.DETECTED, None, (1228.5,), id="gatttool-c"),
    pytest.param("16 33 DE 04", 51, Contact.DETECTED, None, (1216.8,), id="gatttool-d"),
]

# Spec-style values (Heart Rate Service 1.0 field layout), one per flag combination.
SPEC_CASES = [
    # Bit 1 without bit 2: contact "detected" from a strap that does not support contact
    # sensing means nothing; the spec reads both 0b00 and 0b01 as "not supported".
    pytest.param("02 3C", 60, Contact.UNSUPPORTED, None, (), id="contact-bit-alone"),
    pytest.param("01 01 01", 257, Contact.UNSUPPORTED, None, (), id="uint16-format"),
    pytest.param("00 2A", 42, Contact.UNSUPPORTED, None, (), id="bare-uint8"),
    # 65535 kJ is the saturated counter, not "not available".
    pytest.param("08 96 FF FF", 150, Contact.UNSUPPORTED, 65535, (), id="energy-saturated"),
    pytest.param(
        "16 41 00 04 E8 03 00 02",
        65,
        Contact.DETECTED,
        None,
        ticks(1024, 1000, 512),
        id="three-rr-intervals",
    ),
    pytest.param(
        "14 B4 54 01 56 01", 180, Contact.NOT_DETECTED, None, ticks(340, 342), id="no-contact-rr"
    ),
    pytest.param("18 5A 10 00 00 04", 90, Contact.UNSUPPORTED, 16, (1000.0,), id="energy-and-rr"),
]


@pytest.mark.parametrize(("hex_bytes", "bpm", "contact", "energy_kj", "rr_ms"), REAL_STRAPS)
def test_real_strap_notifications_decode_to_the_published_rate_contact_and_rr_intervals(
    hex_bytes, bpm, contact, energy_kj, rr_ms
) -> None:
    measurement = parse_heart_rate_measurement(bytes.fromhex(hex_bytes))
    assert measurement.bpm == bpm
    assert measurement.contact is contact
    assert measurement.energy_kj == energy_kj
    assert measurement.rr_ms == pytest.approx(rr_ms, abs=0.05)


@pytest.mark.parametrize(("hex_bytes", "bpm", "contact", "energy_kj", "rr_ms"), SPEC_CASES)
def test_every_flag_combination_of_the_spec_decodes_field_by_field(
    hex_bytes, bpm, contact, energy_kj, rr_ms
) -> None:
    measurement = parse_heart_rate_measurement(bytes.fromhex(hex_bytes))
    assert measurement == HeartRateMeasurement(
        bpm=bpm, contact=contact, energy_kj=energy_kj, rr_ms=rr_ms
    )


def test_polar_h7_notification_with_two_rr_intervals_decodes_to_115_bpm() -> None:
    measurement = parse_heart_rate_measurement(bytes.fromhex("16 73 10 02 0D 02"))
    assert measurement.bpm == 115
    assert measurement.rr_ms == (515.625, 512.6953125)  # 528 and 525 ticks of 1/1024 s


def test_a_strap_that_announces_rr_intervals_but_sends_none_yet_gives_an_empty_list() -> None:
    assert parse_heart_rate_measurement(bytes.fromhex("10 48")).rr_ms == ()


def test_bytes_after_the_last_announced_field_are_ignored_for_newer_spec_revisions() -> None:
    assert parse_heart_rate_measurement(bytes.fromhex("00 48 AA BB")).bpm == 72


def test_a_half_rr_interval_is_an_error_that_points_at_its_offset() -> None:
    with pytest.raises(GattParseError) as caught:
        parse_heart_rate_measurement(bytes.fromhex("16 73 10 02 0D"))
    assert caught.value.offset == 4
    assert caught.value.characteristic == "Heart Rate Measurement"
    assert "RR interval at offset 4" in str(caught.value)


def test_a_flags_byte_alone_is_an_error_naming_the_characteristic_and_the_offset() -> None:
    with pytest.raises(GattParseError) as caught:
        parse_heart_rate_measurement(b"\x16")
    assert str(caught.value) == (
        "Heart Rate Measurement: value is 1 byte, needs at least 2 to read heart rate at offset 1"
    )
    assert caught.value.offset == 1


def test_an_announced_uint16_rate_cut_short_is_an_error() -> None:
    with pytest.raises(GattParseError, match="needs at least 3"):
        parse_heart_rate_measurement(bytes.fromhex("01 01"))


def test_an_empty_value_is_an_error_at_offset_0() -> None:
    with pytest.raises(GattParseError) as caught:
        parse_heart_rate_measurement(b"")
    assert caught.value.offset == 0


@given(heart_rate_measurements)
def test_every_measurement_a_simulated_strap_sends_reads_back_the_same(value) -> None:
    assert parse_heart_rate_measurement(serialize_heart_rate_measurement(value)) == value


@pytest.mark.parametrize(
    ("measurement", "hex_bytes"),
    [
        (HeartRateMeasurement(bpm=84, contact=Contact.NOT_DETECTED), "04 54"),
        (
            HeartRateMeasurement(bpm=115, contact=Contact.DETECTED, rr_ms=ticks(528, 525)),
            "16 73 10 02 0D 02",
        ),
        (HeartRateMeasurement(bpm=257), "01 01 01"),
        (HeartRateMeasurement(bpm=150, energy_kj=65535), "08 96 FF FF"),
    ],
)
def test_a_simulated_strap_emits_the_bytes_a_real_one_sends(measurement, hex_bytes) -> None:
    assert serialize_heart_rate_measurement(measurement) == bytes.fromhex(hex_bytes)


def test_rr_intervals_in_milliseconds_are_rounded_to_the_nearest_tick() -> None:
    sent = serialize_heart_rate_measurement(HeartRateMeasurement(bpm=60, rr_ms=(1000.0, 515.6)))
    assert sent == bytes.fromhex("10 3C 00 04 10 02")


@pytest.mark.parametrize(
    "measurement",
    [
        HeartRateMeasurement(bpm=65536),
        HeartRateMeasurement(bpm=-1),
        HeartRateMeasurement(bpm=60, energy_kj=65536),
        HeartRateMeasurement(bpm=60, rr_ms=(64000.0,)),
        HeartRateMeasurement(bpm=60, rr_ms=(-1.0,)),
        HeartRateMeasurement(bpm=60, rr_ms=(math.nan,)),
        HeartRateMeasurement(bpm=60, rr_ms=(math.inf,)),
    ],
    ids=["bpm-too-high", "bpm-negative", "energy", "rr-too-long", "rr-negative", "nan", "inf"],
)
def test_measurements_that_do_not_fit_their_fields_are_refused(measurement) -> None:
    with pytest.raises(GattEncodeError, match="^Heart Rate Measurement: "):
        serialize_heart_rate_measurement(measurement)


@pytest.mark.parametrize(
    ("hex_bytes", "location"),
    [
        ("00", BodySensorLocation.OTHER),
        ("01", BodySensorLocation.CHEST),
        ("02", BodySensorLocation.WRIST),
        ("06", BodySensorLocation.FOOT),
    ],
)
def test_body_sensor_location_reads_the_defined_places(hex_bytes, location) -> None:
    assert parse_body_sensor_location(bytes.fromhex(hex_bytes)) is location


def test_a_reserved_body_sensor_location_is_a_parse_error() -> None:
    with pytest.raises(GattParseError, match="location 7 at offset 0 is reserved"):
        parse_body_sensor_location(b"\x07")


@given(body_sensor_locations)
def test_every_body_sensor_location_reads_back_the_same(location) -> None:
    assert parse_body_sensor_location(serialize_body_sensor_location(location)) is location


def test_an_undefined_body_sensor_location_cannot_be_sent() -> None:
    with pytest.raises(GattEncodeError, match="not a defined BodySensorLocation"):
        serialize_body_sensor_location(9)  # type: ignore[arg-type]
