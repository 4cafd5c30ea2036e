"""RSC Measurement and RSC Feature: a real footpod, the spec's optional fields, round trips."""

from __future__ import annotations

import math

import pytest
from hypothesis import given

from device.gatt import (
    GattEncodeError,
    GattParseError,
    RscFeature,
    RscMeasurement,
    parse_rsc_feature,
    parse_rsc_measurement,
    serialize_rsc_feature,
    serialize_rsc_measurement,
)
from tests.device.gatt.strategies import rsc_features, rsc_measurements

# hex -> (speed m/s, cadence, stride m, distance m, running)
CAPTURES = [
    # NPE Runn treadmill footpod, reported capture (flags 0: walking bit clear, no stride, no
    # distance): 0x0191 = 401 / 256 m/s.
    pytest.param("00 91 01 BB", 1.5664, 187, None, None, False, id="npe-runn"),
    # Spec layouts: total distance only (flag bit 1): 0x0100FFFF decimetres.
    pytest.param("02 00 05 50 FF FF 00 01", 5.0, 80, None, 1684275.1, False, id="distance"),
    # Running bit (2) alone, then all three flags.
    pytest.param("04 00 03 A4", 3.0, 164, None, None, True, id="running"),
    pytest.param("07 00 03 A4 87 00 10 27 00 00", 3.0, 164, 1.35, 1000.0, True, id="all"),
    pytest.param("01 80 02 B4 9A 00", 2.5, 180, 1.54, None, False, id="stride-only"),
]


@pytest.mark.parametrize(
    ("hex_bytes", "speed_mps", "cadence_spm", "stride_m", "distance_m", "running"), CAPTURES
)
def test_footpod_notifications_decode_to_si_units(
    hex_bytes, speed_mps, cadence_spm, stride_m, distance_m, running
) -> None:
    measurement = parse_rsc_measurement(bytes.fromhex(hex_bytes))
    assert measurement.speed_mps == pytest.approx(speed_mps, abs=1e-4)
    assert measurement.cadence_spm == cadence_spm
    assert measurement.stride_m == (None if stride_m is None else pytest.approx(stride_m))
    assert measurement.distance_m == (None if distance_m is None else pytest.approx(distance_m))
    assert measurement.running is running


def test_an_announced_total_distance_cut_short_is_an_error_at_its_offset() -> None:
    with pytest.raises(GattParseError) as caught:
        parse_rsc_measurement(bytes.fromhex("02 00 05 50 FF FF"))
    assert caught.value.offset == 4
    assert "total distance at offset 4" in str(caught.value)


def test_a_footpod_value_without_cadence_is_an_error() -> None:
    with pytest.raises(GattParseError, match="^RSC Measurement: .*instantaneous cadence"):
        parse_rsc_measurement(bytes.fromhex("00 91 01"))


@given(rsc_measurements)
def test_every_measurement_a_simulated_footpod_sends_reads_back_the_same(value) -> None:
    assert parse_rsc_measurement(serialize_rsc_measurement(value)) == value


def test_a_simulated_footpod_emits_the_spec_layout() -> None:
    value = RscMeasurement(
        speed_mps=3.0, cadence_spm=164, stride_m=1.35, distance_m=1000.0, running=True
    )
    assert serialize_rsc_measurement(value) == bytes.fromhex("07 00 03 A4 87 00 10 27 00 00")


@pytest.mark.parametrize(
    "value",
    [
        RscMeasurement(speed_mps=256.0, cadence_spm=180),
        RscMeasurement(speed_mps=-0.1, cadence_spm=180),
        RscMeasurement(speed_mps=math.nan, cadence_spm=180),
        RscMeasurement(speed_mps=3.0, cadence_spm=256),
        RscMeasurement(speed_mps=3.0, cadence_spm=180, stride_m=655.36),
        RscMeasurement(speed_mps=3.0, cadence_spm=180, distance_m=429496729.6),
        RscMeasurement(speed_mps=3.0, cadence_spm=180, distance_m=-1.0),
    ],
    ids=["fast", "negative", "nan", "cadence", "stride", "distance", "negative-distance"],
)
def test_footpod_values_outside_their_fields_are_refused(value) -> None:
    with pytest.raises(GattEncodeError, match="^RSC Measurement: "):
        serialize_rsc_measurement(value)


@pytest.mark.parametrize(
    ("hex_bytes", "features"),
    [
        ("00 00", RscFeature(0)),
        ("03 00", RscFeature.STRIDE_LENGTH | RscFeature.TOTAL_DISTANCE),
        (
            "1F 00",
            RscFeature.STRIDE_LENGTH
            | RscFeature.TOTAL_DISTANCE
            | RscFeature.WALKING_OR_RUNNING_STATUS
            | RscFeature.CALIBRATION_PROCEDURE
            | RscFeature.MULTIPLE_SENSOR_LOCATIONS,
        ),
    ],
)
def test_rsc_feature_lists_what_the_footpod_measures(hex_bytes, features) -> None:
    assert parse_rsc_feature(bytes.fromhex(hex_bytes)) == features


def test_reserved_rsc_feature_bits_are_kept_not_dropped() -> None:
    features = parse_rsc_feature(bytes.fromhex("04 80"))
    assert RscFeature.WALKING_OR_RUNNING_STATUS in features
    assert int(features) == 0x8004


@given(rsc_features)
def test_every_rsc_feature_value_reads_back_the_same(features) -> None:
    assert parse_rsc_feature(serialize_rsc_feature(features)) == features


def test_a_one_byte_rsc_feature_is_an_error() -> None:
    with pytest.raises(GattParseError, match="^RSC Feature: value is 1 byte, needs at least 2"):
        parse_rsc_feature(b"\x03")
