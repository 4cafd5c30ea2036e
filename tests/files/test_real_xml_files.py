"""Real TCX and GPX files: totals from laps, heart rate from trackpoints, tracks merged."""

from __future__ import annotations

import pytest

from server.files.activity import LapTrigger, Sport
from tests.files.conftest import imported
from tests.files.test_real_files import FIT_S, M, at


def test_tcx_totals_are_the_sum_of_its_laps_and_heart_rate_is_over_trackpoints() -> None:
    run = imported("tcxparser_test.tcx")
    expected = [
        ("2012-12-26T21:29:53Z", 1609.34, 608.47, 139, 189, LapTrigger.DISTANCE),
        ("2012-12-26T21:40:02Z", 1609.34, 714.8, 172, 188, LapTrigger.DISTANCE),
        ("2012-12-26T21:51:56Z", 1470.55, 669.51, 167, 180, LapTrigger.MANUAL),
    ]
    for lap, (start, distance, timer, avg_hr, max_hr, trigger) in zip(
        run.laps, expected, strict=True
    ):
        assert lap.start == at(start)
        assert lap.distance_m == pytest.approx(distance, abs=M)
        assert lap.timer_s == pytest.approx(timer, abs=FIT_S)
        assert (lap.avg_hr, lap.max_hr, lap.trigger) == (avg_hr, max_hr, trigger)
    assert {"distance_m", "timer_s", "elapsed_s", "avg_hr", "max_hr"} <= set(run.computed)
    distances = [r.distance_m for r in run.records if r.distance_m is not None]
    assert distances[-1] == pytest.approx(4686.31, abs=M)
    assert sum(r.heart_rate is not None for r in run.records) == 383


def test_a_tcx_without_heart_rate_has_none_not_zero() -> None:
    run = imported("tcxparser_no_hr.tcx")
    assert (run.avg_hr, run.max_hr) == (None, None)
    assert all(lap.avg_hr is None and lap.max_hr is None for lap in run.laps)
    assert all(r.heart_rate is None for r in run.records)


def test_a_gpx_log_of_eight_tracks_is_one_activity_with_one_computed_lap() -> None:
    log = imported("gpxpy_cerknicko-jezero.gpx")
    # The gaps between tracks count in the elapsed time (first to last point) but not in
    # the distance, which is summed within each track segment.
    assert log.elapsed_s == 7190.0
    assert log.timer_s is None
    assert len(log.laps) == 1 and "laps" in log.computed
    assert log.laps[0].trigger is LapTrigger.SESSION_END
    assert log.sport is Sport.OTHER and not log.is_run
    assert log.records[-1].distance_m == pytest.approx(log.distance_m, abs=M)
