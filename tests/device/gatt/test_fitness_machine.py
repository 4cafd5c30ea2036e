"""Fitness Machine Feature, Supported Speed and Inclination Range, Training Status."""

from __future__ import annotations

import math

import pytest
from hypothesis import given

from device.gatt import (
    FitnessMachineFeature,
    GattEncodeError,
    GattParseError,
    InclinationRange,
    MachineFeature,
    SpeedRange,
    TargetSettingFeature,
    TrainingStatus,
    TrainingStatusCode,
    parse_fitness_machine_feature,
    parse_supported_inclination_range,
    parse_supported_speed_range,
    parse_training_status,
    serialize_fitness_machine_feature,
    serialize_supported_inclination_range,
    serialize_supported_speed_range,
    serialize_training_status,
)
from tests.device.gatt.strategies import (
    fitness_machine_features,
    inclination_ranges,
    speed_ranges,
    training_statuses,
)

# FitShow FS-6041F1 treadmill controller, Fitness Machine Feature read (reported capture):
# machine features 0x165C, target setting features 0x03.
FITSHOW_FEATURE = "5C 16 00 00 03 00 00 00"


def test_the_fitshow_controller_reports_what_it_measures_and_what_it_lets_a_client_set() -> None:
    feature = parse_fitness_machine_feature(bytes.fromhex(FITSHOW_FEATURE))
    assert feature.machine == (
        MachineFeature.TOTAL_DISTANCE
        | MachineFeature.INCLINATION
        | MachineFeature.ELEVATION_GAIN
        | MachineFeature.STEP_COUNT
        | MachineFeature.EXPENDED_ENERGY
        | MachineFeature.HEART_RATE_MEASUREMENT
        | MachineFeature.ELAPSED_TIME
    )
    assert feature.target_setting == TargetSettingFeature.SPEED | TargetSettingFeature.INCLINATION
    assert MachineFeature.AVERAGE_SPEED not in feature.machine


def test_reserved_feature_bits_are_kept() -> None:
    feature = parse_fitness_machine_feature(bytes.fromhex("00 00 00 80 00 00 02 00"))
    assert int(feature.machine) == 0x8000_0000
    assert int(feature.target_setting) == 0x0002_0000


def test_a_feature_value_without_its_target_settings_is_an_error_at_offset_4() -> None:
    with pytest.raises(GattParseError) as caught:
        parse_fitness_machine_feature(bytes.fromhex("5C 16 00 00"))
    assert caught.value.offset == 4
    assert "target setting features" in str(caught.value)


@given(fitness_machine_features)
def test_every_feature_value_reads_back_the_same(feature) -> None:
    assert parse_fitness_machine_feature(serialize_fitness_machine_feature(feature)) == feature


def test_a_simulated_fitshow_controller_emits_the_captured_feature_bytes() -> None:
    captured = bytes.fromhex(FITSHOW_FEATURE)
    assert serialize_fitness_machine_feature(parse_fitness_machine_feature(captured)) == captured


def test_the_default_feature_value_advertises_nothing() -> None:
    assert serialize_fitness_machine_feature(FitnessMachineFeature()) == bytes(8)


def test_a_speed_range_from_1_to_12_kmh_in_tenths_reads_in_metres_per_second() -> None:
    speeds = parse_supported_speed_range(bytes.fromhex("64 00 B0 04 0A 00"))
    assert speeds.minimum_mps == pytest.approx(1 / 3.6)
    assert speeds.maximum_mps == pytest.approx(12 / 3.6)
    assert speeds.increment_mps == pytest.approx(0.1 / 3.6)


@given(speed_ranges)
def test_every_speed_range_reads_back_the_same(speeds) -> None:
    assert parse_supported_speed_range(serialize_supported_speed_range(speeds)) == speeds


def test_a_speed_range_beyond_655_kmh_cannot_be_sent() -> None:
    too_fast = SpeedRange(minimum_mps=0.0, maximum_mps=200.0, increment_mps=0.1)
    with pytest.raises(GattEncodeError, match="^Supported Speed Range: maximum_mps"):
        serialize_supported_speed_range(too_fast)


def test_an_inclination_range_may_start_downhill() -> None:
    grades = parse_supported_inclination_range(bytes.fromhex("EC FF 96 00 05 00"))
    assert grades == InclinationRange(minimum_pct=-2.0, maximum_pct=15.0, increment_pct=0.5)


def test_an_inclination_range_without_its_increment_is_an_error() -> None:
    with pytest.raises(GattParseError, match="minimum increment at offset 4"):
        parse_supported_inclination_range(bytes.fromhex("00 00 96 00"))


@given(inclination_ranges)
def test_every_inclination_range_reads_back_the_same(grades) -> None:
    assert parse_supported_inclination_range(serialize_supported_inclination_range(grades)) == (
        grades
    )


@pytest.mark.parametrize(
    "grades",
    [
        InclinationRange(minimum_pct=-3276.9, maximum_pct=15.0, increment_pct=0.5),
        InclinationRange(minimum_pct=0.0, maximum_pct=3276.8, increment_pct=0.5),
        InclinationRange(minimum_pct=0.0, maximum_pct=15.0, increment_pct=-0.5),
        InclinationRange(minimum_pct=0.0, maximum_pct=math.inf, increment_pct=0.5),
    ],
)
def test_inclination_ranges_outside_their_fields_are_refused(grades) -> None:
    with pytest.raises(GattEncodeError, match="^Supported Inclination Range: "):
        serialize_supported_inclination_range(grades)


@pytest.mark.parametrize(
    ("hex_bytes", "expected"),
    [
        # FitShow FS-6041F1, Training Status read (reported capture): the string flag is set
        # but the string is empty.
        ("01 01", TrainingStatus(status=TrainingStatusCode.IDLE, text="")),
        ("00 0D", TrainingStatus(status=TrainingStatusCode.MANUAL_MODE)),
        (
            "01 02 57 61 72 6D 20 75 70",
            TrainingStatus(status=TrainingStatusCode.WARMING_UP, text="Warm up"),
        ),
        (
            "03 04 49 6E 74 65 72 76",
            TrainingStatus(
                status=TrainingStatusCode.HIGH_INTENSITY_INTERVAL,
                text="Interv",
                extended_string=True,
            ),
        ),
        # No string flag: whatever follows is ignored.
        ("00 0B 41 42", TrainingStatus(status=TrainingStatusCode.COOL_DOWN)),
        (
            "01 0F 52 75 6E 00 00",
            TrainingStatus(status=TrainingStatusCode.POST_WORKOUT, text="Run"),
        ),
        ("01 01 FF 6F 6B", TrainingStatus(status=TrainingStatusCode.IDLE, text="\ufffdok")),
    ],
    ids=["fitshow-idle", "manual", "string", "extended", "no-flag", "nul-padded", "bad-utf8"],
)
def test_training_status_reads_the_state_and_its_string(hex_bytes, expected) -> None:
    assert parse_training_status(bytes.fromhex(hex_bytes)) == expected


def test_a_training_state_newer_than_ftms_1_0_is_kept_as_its_number() -> None:
    status = parse_training_status(bytes.fromhex("00 42"))
    assert status.status == 0x42
    assert not isinstance(status.status, TrainingStatusCode)


def test_a_training_status_without_its_state_is_an_error() -> None:
    with pytest.raises(GattParseError, match="^Training Status: .*training status at offset 1"):
        parse_training_status(b"\x01")


@given(training_statuses)
def test_every_training_status_reads_back_the_same(status) -> None:
    assert parse_training_status(serialize_training_status(status)) == status


@pytest.mark.parametrize(
    "status",
    [
        TrainingStatus(status=256),
        TrainingStatus(status=TrainingStatusCode.IDLE, text="\ud800"),
        TrainingStatus(status=TrainingStatusCode.IDLE, text="padded\x00"),
    ],
    ids=["status", "surrogate", "trailing-nul"],
)
def test_training_statuses_that_would_not_read_back_are_refused(status) -> None:
    with pytest.raises(GattEncodeError, match="^Training Status: "):
        serialize_training_status(status)
