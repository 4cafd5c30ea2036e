"""Activities exported as TCX and GPX, and real runs written back out in every format."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
from lxml import etree

from server.files.activity import Activity
from server.files.read import read_activity
from server.files.write import NotExportable, write_activity
from tests.files.conftest import imported
from tests.files.exports import by_fitdecode, by_garmin, run

TCX = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


@cache
def session_activity() -> Activity:
    return run().activity()


def test_a_session_as_tcx_imports_back_with_its_laps_distance_timer_and_heart_rate() -> None:
    activity = session_activity()
    back = read_activity(write_activity(activity, "tcx"), filename="session.tcx")
    assert back.format == "tcx"
    assert back.is_run
    assert back.start == activity.start
    assert back.distance_m == pytest.approx(activity.distance_m, abs=0.05)
    assert back.timer_s == pytest.approx(activity.timer_s, abs=0.01)
    assert len(back.laps) == len(activity.laps)
    for lap, stored in zip(back.laps, activity.laps, strict=True):
        assert abs(lap.start - stored.start) < dt.timedelta(milliseconds=1)
        assert lap.distance_m == pytest.approx(stored.distance_m, abs=0.005)
        assert lap.timer_s == pytest.approx(stored.timer_s, abs=0.001)
        assert lap.avg_hr == round(stored.avg_hr or 0)
        assert lap.max_hr == stored.max_hr
    hr = [r.heart_rate for r in activity.records if r.heart_rate is not None]
    assert back.avg_hr == pytest.approx(sum(hr) / len(hr), abs=0.5)
    assert back.max_hr == max(hr)
    assert [r.heart_rate for r in back.records] == [r.heart_rate for r in activity.records]


def test_tcx_is_written_in_the_schemas_element_order() -> None:
    root = etree.fromstring(write_activity(session_activity(), "tcx"))
    [activity] = root.iter(f"{TCX}Activity")
    assert activity.get("Sport") == "Running"
    names = [child.tag.removeprefix(TCX) for child in activity]
    assert names[0] == "Id" and names[-1] == "Creator" and set(names[1:-2]) == {"Lap"}
    order = ["TotalTimeSeconds", "DistanceMeters", "MaximumSpeed", "Calories",
             "AverageHeartRateBpm", "MaximumHeartRateBpm", "Intensity", "TriggerMethod", "Track",
             "Extensions"]  # fmt: skip
    for lap in activity.iter(f"{TCX}Lap"):
        tags = [child.tag.removeprefix(TCX) for child in lap]
        assert tags == sorted(tags, key=order.index)
    intensities = [lap.findtext(f"{TCX}Intensity") for lap in activity.iter(f"{TCX}Lap")]
    assert intensities == ["Active", *["Active", "Resting"] * 3, "Active"]


def test_gpx_needs_positions_and_a_track_session_has_none() -> None:
    with pytest.raises(NotExportable, match="FIT or TCX"):
        write_activity(session_activity(), "gpx")


def test_a_real_run_as_gpx_keeps_its_track_and_heart_rate() -> None:
    original = imported("tcxparser_test.tcx")
    back = read_activity(write_activity(original, "gpx"), filename="run.gpx")
    positioned = [r for r in original.records if r.lat is not None]
    assert len(back.records) == len(positioned)
    for record, stored in zip(back.records, positioned, strict=True):
        assert record.time == stored.time
        assert record.lat == pytest.approx(stored.lat, abs=1e-7)
        assert record.lon == pytest.approx(stored.lon, abs=1e-7)
        assert record.heart_rate == stored.heart_rate
    assert back.is_run
    assert back.distance_m == pytest.approx(original.distance_m, rel=0.03)


def test_a_real_watch_run_written_as_fit_keeps_the_watchs_laps() -> None:
    original = imported("fitparse_2013-02-06-12-11-14.fit")
    data = write_activity(original, "fit")
    for messages in (by_fitdecode(data), by_garmin(data)):
        laps = messages["lap"]
        assert [lap["total_distance"] for lap in laps] == [1000.0] * 4 + [835.38]
        assert [lap["total_timer_time"] for lap in laps] == pytest.approx(
            [578.73, 622.39, 704.01, 344.15, 375.86], abs=0.001
        )
        [session] = messages["session"]
        assert session["total_distance"] == pytest.approx(4835.38, abs=0.01)
        assert session["avg_heart_rate"] == 147
    back = read_activity(data, filename="again.fit")
    assert back.distance_m == pytest.approx(original.distance_m, abs=0.01)
    assert back.timer_s == pytest.approx(original.timer_s, abs=0.001)
    assert len(back.records) == len(original.records)
    assert back.records[100].lat == pytest.approx(original.records[100].lat, abs=1e-6)


def test_an_unknown_format_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="fit, tcx or gpx"):
        write_activity(session_activity(), "kml")  # type: ignore[arg-type]
