"""Paces below Daniels' printed tables: the same equations, monotonic and in order, down to 10."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.workouts import AthleteProfile
from server.workouts.races import RACES
from server.workouts.units import parse_clock
from server.workouts.vdot import (
    VDOT_RANGE,
    race_time_for_vdot,
    training_paces,
    vdot_from_race,
    vo2_cost,
)
from tests.workouts.daniels_tables import TABLE

LOW_VDOTS = [10 + step / 2 for step in range(0, 41)]  # 10 to 30 by halves


def test_a_45_minute_5k_gives_training_paces() -> None:
    vdot = vdot_from_race(5000, parse_clock("45:00"))
    assert vdot == pytest.approx(18.7, abs=0.05)
    paces = training_paces(vdot)
    assert paces.easy[0] > paces.easy[1] > paces.marathon > paces.threshold
    assert paces.threshold > paces.interval > paces.repetition


def test_the_range_reaches_down_to_vdot_10() -> None:
    assert VDOT_RANGE[0] <= 10
    training_paces(10)
    AthleteProfile(vdot=10)
    with pytest.raises(ValueError, match="outside 10-100"):
        training_paces(9.9)


def test_every_pace_gets_slower_as_vdot_falls_below_the_tables() -> None:
    rows = [training_paces(vdot) for vdot in LOW_VDOTS]
    for faster, slower in zip(rows[1:], rows, strict=False):
        assert slower.easy[0] > faster.easy[0] and slower.easy[1] > faster.easy[1]
        for name in ("marathon", "threshold", "interval", "repetition"):
            assert getattr(slower, name) > getattr(faster, name), name


@pytest.mark.parametrize("vdot", LOW_VDOTS)
def test_paces_stay_in_order_easy_to_repetition(vdot: float) -> None:
    paces = training_paces(vdot)
    assert paces.easy[0] > paces.easy[1] > paces.marathon > paces.threshold
    assert paces.threshold > paces.interval > paces.repetition
    assert paces.easy[0] < 30 * 60  # slower than 30:00/km is not a run a session can pace


@pytest.mark.parametrize("vdot", LOW_VDOTS)
def test_threshold_pace_costs_88_percent_of_vdot_by_the_oxygen_cost_equation(vdot: float) -> None:
    paces = training_paces(vdot)
    assert vo2_cost(60_000 / paces.threshold) == pytest.approx(0.88 * vdot, rel=1e-9)
    assert vo2_cost(60_000 / paces.interval) == pytest.approx(0.975 * vdot, rel=1e-9)


@given(st.floats(13.5, 30), st.sampled_from(RACES))
def test_race_times_below_the_tables_invert_to_their_vdot(vdot: float, race) -> None:
    seconds = race_time_for_vdot(vdot, race.metres)
    assert vdot_from_race(race.metres, seconds) == pytest.approx(vdot, abs=1e-6)


def test_low_paces_join_the_table_at_vdot_30() -> None:
    (row,) = [row for row in TABLE if row.vdot == 30]
    assert training_paces(30).threshold == pytest.approx(parse_clock(row.threshold_per_km), abs=1)
    assert training_paces(29.5).threshold > training_paces(30).threshold
