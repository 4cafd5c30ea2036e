"""The assembler that joins a treadmill's data record split by the More Data bit."""

from __future__ import annotations

import pytest

from device.gatt import (
    GattParseError,
    PaceEncoding,
    TreadmillData,
    TreadmillRecord,
    merge_treadmill_data,
)
from tests.device.gatt.test_treadmill import (
    LIFE_FITNESS_A,
    MATRIX_TOUCHXL_FIRST,
    MATRIX_TOUCHXL_LAST,
    kmh,
)


def test_the_matrix_two_part_record_merges_into_one_with_speed_from_the_last_part() -> None:
    assembler = TreadmillRecord()
    assert assembler.feed(bytes.fromhex(MATRIX_TOUCHXL_FIRST)) is None
    assert assembler.pending == 1
    record = assembler.feed(bytes.fromhex(MATRIX_TOUCHXL_LAST))
    assert record is not None
    assert assembler.pending == 0
    assert record.more_data is False
    assert record.speed_mps == pytest.approx(kmh(1.13))
    assert record.distance_m == 54
    assert (record.energy_kcal, record.energy_per_hour_kcal, record.energy_per_minute_kcal) == (
        5,
        110,
        2,
    )
    assert record.average_speed_mps == pytest.approx(kmh(0.97))
    assert (record.elapsed_s, record.remaining_s, record.power_w) == (204, 1596, 26)
    assert record.heart_rate is None
    assert record.truncated == ()


def test_a_record_that_fits_one_notification_comes_straight_back() -> None:
    record = TreadmillRecord().feed(bytes.fromhex(LIFE_FITNESS_A))
    assert record is not None
    assert record.distance_m == 37


def test_after_a_link_loss_the_half_record_is_discarded() -> None:
    assembler = TreadmillRecord()
    assembler.feed(bytes.fromhex(MATRIX_TOUCHXL_FIRST))
    assembler.reset()
    record = assembler.feed(bytes.fromhex(MATRIX_TOUCHXL_LAST))
    assert record is not None
    assert record.distance_m is None


def test_a_machine_that_never_clears_more_data_cannot_grow_the_buffer_without_bound() -> None:
    assembler = TreadmillRecord(max_parts=3)
    for metres in range(10):
        assembler.add(TreadmillData(more_data=True, distance_m=metres, elapsed_s=metres))
    assert assembler.pending == 3
    record = assembler.add(TreadmillData(speed_mps=1.0))
    assert record is not None
    assert record.distance_m == 9


def test_the_buffer_bound_must_hold_at_least_one_part() -> None:
    with pytest.raises(ValueError, match="max_parts"):
        TreadmillRecord(max_parts=0)


def test_a_notification_without_flags_is_a_parse_error_and_leaves_the_buffer_alone() -> None:
    assembler = TreadmillRecord()
    assembler.feed(bytes.fromhex(MATRIX_TOUCHXL_FIRST))
    with pytest.raises(GattParseError):
        assembler.feed(b"\x00")
    assert assembler.pending == 1


def test_merging_keeps_every_part_s_anomalies_and_the_last_pace_encoding() -> None:
    merged = merge_treadmill_data(
        [
            TreadmillData(
                more_data=True,
                average_pace_s_per_km=360.0,
                pace_encoding=PaceEncoding.S_PER_500M_UINT16,
                truncated=("heart_rate",),
                unknown_flags=0x2000,
                trailing=b"\x01",
            ),
            TreadmillData(
                speed_mps=2.0,
                truncated=("heart_rate", "elapsed_s"),
                unknown_flags=0x8000,
                trailing=b"\x02",
            ),
        ]
    )
    assert merged.pace_encoding is PaceEncoding.S_PER_500M_UINT16
    assert merged.truncated == ("heart_rate", "elapsed_s")
    assert merged.unknown_flags == 0xA000
    assert merged.trailing == b"\x01\x02"
    assert (merged.speed_mps, merged.average_pace_s_per_km) == (2.0, 360.0)


def test_a_later_value_wins_and_none_never_erases_one() -> None:
    merged = merge_treadmill_data(
        [
            TreadmillData(more_data=True, distance_m=10, energy_kcal=1),
            TreadmillData(more_data=True, distance_m=12),
            TreadmillData(speed_mps=3.0),
        ]
    )
    assert (merged.distance_m, merged.energy_kcal, merged.speed_mps) == (12, 1, 3.0)


def test_merging_nothing_gives_an_empty_complete_record() -> None:
    assert merge_treadmill_data([]) == TreadmillData()
