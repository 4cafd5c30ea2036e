"""The pace maths reproduce Daniels' published tables and the track's geometry."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.workouts.races import RACES, parse_race
from server.workouts.track import lane_lap_metres, lap_time, split_times
from server.workouts.units import (
    PaceUnit,
    SpeedUnit,
    format_clock,
    format_pace,
    parse_clock,
)
from server.workouts.vdot import (
    equivalent_times,
    race_time_for_vdot,
    riegel_time,
    training_paces,
    vdot_from_race,
)
from tests.workouts.daniels_tables import TABLE

RACE_COLUMNS = (("5k", 5000.0), ("ten_k", 10000.0), ("half", 21097.5), ("marathon", 42195.0))
ROW_IDS = [f"vdot{row.vdot}" for row in TABLE]


def _column(row: object, name: str) -> str:
    return str(getattr(row, "five_k" if name == "5k" else name))


@pytest.mark.parametrize("row", TABLE, ids=ROW_IDS)
def test_vdot_from_a_table_race_time_is_the_tables_vdot(row) -> None:
    for column, metres in RACE_COLUMNS:
        vdot = vdot_from_race(metres, parse_clock(_column(row, column)))
        assert vdot == pytest.approx(row.vdot, abs=0.1), column


@pytest.mark.parametrize("row", TABLE, ids=ROW_IDS)
def test_threshold_and_interval_paces_from_a_race_match_the_table_within_a_second(row) -> None:
    for column, metres in RACE_COLUMNS:
        paces = training_paces(vdot_from_race(metres, parse_clock(_column(row, column))))
        assert paces.threshold == pytest.approx(parse_clock(row.threshold_per_km), abs=1.0)
        if row.interval_per_km is not None:
            assert paces.interval == pytest.approx(parse_clock(row.interval_per_km), abs=1.0)


@pytest.mark.parametrize("row", TABLE, ids=ROW_IDS)
def test_easy_range_and_repetition_pace_are_close_to_the_table(row) -> None:
    paces = training_paces(row.vdot)
    if row.easy_per_km is not None:
        fast, slow = (parse_clock(value) for value in row.easy_per_km)
        assert paces.easy[1] == pytest.approx(fast, abs=3.0)
        assert paces.easy[0] == pytest.approx(slow, abs=3.0)
    if row.repetition_per_400m is not None:
        per_400 = PaceUnit.LAP.from_per_km(paces.repetition)
        assert per_400 == pytest.approx(parse_clock(row.repetition_per_400m), abs=2.0)


def test_training_paces_run_from_easy_to_repetition_in_order() -> None:
    paces = training_paces(50)
    slow_easy, fast_easy = paces.easy
    assert slow_easy > fast_easy > paces.marathon > paces.threshold
    assert paces.threshold > paces.interval > paces.repetition


def test_equivalent_times_predict_the_race_the_vdot_came_from() -> None:
    vdot = vdot_from_race(5000, parse_clock("19:57"))
    assert equivalent_times(vdot)["5k"] == pytest.approx(1197, abs=0.5)
    assert format_clock(equivalent_times(vdot)["marathon"]) == "3:10:49"


@given(st.floats(30, 85), st.sampled_from(RACES))
def test_race_time_for_vdot_inverts_vdot_from_race(vdot: float, race) -> None:
    seconds = race_time_for_vdot(vdot, race.metres)
    assert vdot_from_race(race.metres, seconds) == pytest.approx(vdot, abs=1e-6)


def test_riegel_doubles_the_distance_at_a_little_over_double_the_time() -> None:
    assert riegel_time(5000, 1200, 10000) == pytest.approx(1200 * 2**1.06)
    assert riegel_time(5000, 1200, 5000) == 1200


@pytest.mark.parametrize(
    ("metres", "seconds"), [(5000, 60), (5000, 5 * 3600), (0, 100), (100, math.nan)]
)
def test_vdot_refuses_results_outside_running_speeds(metres: float, seconds: float) -> None:
    with pytest.raises(ValueError):
        vdot_from_race(metres, seconds)


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("5k", 5000),
        ("half", 21097.5),
        ("HM", 21097.5),
        ("marathon", 42195),
        ("mile", 1609.344),
        ("2mile", 3218.688),
        ("8000m", 8000),
        ("3k", 3000),
        ("4mi", 6437.376),
    ],
)
def test_race_names_read_as_distances(text: str, metres: float) -> None:
    assert parse_race(text).metres == pytest.approx(metres)


@pytest.mark.parametrize("text", ["5x", "ultra", "50m", "200km"])
def test_unknown_races_are_refused_with_the_accepted_names(text: str) -> None:
    with pytest.raises(ValueError, match="5k|between"):
        parse_race(text)


# World Athletics 400 m staggers: the extra distance of one lap in lanes 2-8.
@pytest.mark.parametrize(
    ("lane", "stagger"),
    [(1, 0.0), (2, 7.04), (3, 14.70), (4, 22.37), (5, 30.04), (6, 37.70), (7, 45.37), (8, 53.04)],
)
def test_lane_lap_length_matches_the_400m_staggers(lane: int, stagger: float) -> None:
    assert lane_lap_metres(lane) - 400 == pytest.approx(stagger, abs=0.015)


def test_lap_time_in_lane_two_is_longer_for_the_same_pace() -> None:
    assert lap_time(235, lane=1) == pytest.approx(94.0)
    assert lap_time(235, lane=2) == pytest.approx(94.0 * 407.04 / 400, abs=0.01)


def test_split_calls_every_200m_land_on_even_pace_times_and_end_at_the_finish() -> None:
    splits = split_times(1000, 240, 200)
    assert [split.track_metres for split in splits] == [200, 400, 600, 800, 1000]
    assert [split.seconds for split in splits] == pytest.approx([48, 96, 144, 192, 240])


def test_split_calls_of_a_mile_end_with_the_odd_last_bit() -> None:
    splits = split_times(1609.344, 255, 400)
    assert [round(split.track_metres, 3) for split in splits] == [400, 800, 1200, 1600, 1609.344]


@pytest.mark.parametrize("lane", [0, 10])
def test_lanes_outside_a_track_are_refused(lane: int) -> None:
    with pytest.raises(ValueError, match="lane"):
        lane_lap_metres(lane)


def test_paces_convert_between_runner_units() -> None:
    assert format_pace(255, PaceUnit.KM) == "4:15/km"
    assert format_pace(255, PaceUnit.MILE) == "6:50/mi"
    assert format_pace(235, PaceUnit.LAP) == "1:34/400m"
    assert SpeedUnit.KMH.to_mps(36) == pytest.approx(10)


@pytest.mark.parametrize(
    ("text", "seconds"), [("19:57", 1197), ("1:31:35", 5495), ("92", 92), ("1:32.5", 92.5)]
)
def test_clock_times_read_as_seconds(text: str, seconds: float) -> None:
    assert parse_clock(text) == seconds


@pytest.mark.parametrize("text", ["19:75", "abc", "1:60:00", ""])
def test_malformed_clock_times_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="expected"):
        parse_clock(text)
