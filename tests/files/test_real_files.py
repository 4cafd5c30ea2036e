"""Real files from real watches import with the values the watch wrote.

Expected values and tolerances are those of the shared real-file set: device-written
distances within 0.01 m, FIT times within 0.001 s, TCX and GPX times within 1 s, heart-rate
means computed from records within 0.5, and a GPX distance (computed from positions) within
3 % of the reference.
"""

from __future__ import annotations

import datetime as dt

import pytest

from server.files.activity import LapTrigger, Sport
from tests.files.conftest import DATA, imported

UTC = dt.UTC
M, FIT_S, XML_S, HR = 0.01, 0.001, 1.0, 0.5


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_every_file_in_the_test_folder_has_a_test() -> None:
    from tests.files import test_real_refusals

    named = set(EXPECTED) | set(test_real_refusals.REFUSED)
    assert {p.name for p in DATA.iterdir() if p.suffix in (".fit", ".tcx", ".gpx")} == named


# file → sport, start, distance, timer, elapsed, avg HR, max HR, laps, records, device
EXPECTED = {
    "fitparse_2013-02-06-12-11-14.fit": (
        Sport.RUNNING,
        "2013-02-06T12:11:14Z",
        4835.38,
        2625.14,
        2625.14,
        147,
        171,
        5,
        590,
        "Garmin Forerunner 110",
    ),
    "tormoder_mornindew-broken.fit": (
        Sport.RUNNING,
        "2019-05-18T14:11:39Z",
        16773.34,
        6855.96,
        8629.415,
        147,
        173,
        11,
        6874,
        "Garmin Forerunner 920XT",
    ),
    "fitparse_garmin-fenix-5-run.fit": (
        Sport.RUNNING,
        "2017-06-11T14:34:09Z",
        157.56,
        56.887,
        56.887,
        90,
        112,
        1,
        21,
        "Garmin fenix 5",
    ),
    "fitparse_garmin-fenix-5-walk.fit": (
        Sport.WALKING,
        "2017-06-11T14:32:51Z",
        67.85,
        45.379,
        45.379,
        75,
        82,
        1,
        17,
        "Garmin fenix 5",
    ),
    "fitparse_activity-large-fenxi2-multisport.fit": (
        Sport.MULTISPORT,
        "2015-08-29T08:00:01Z",
        69831.36,
        24617.46,
        24617.46,
        146.3,
        172,
        7,
        24239,
        "Garmin fenix 2",
    ),
    "fitparse_elemnt-bolt-no-application-id-inside-developer-data-id.fit": (
        Sport.CYCLING,
        "2017-08-21T08:18:00Z",
        963.65,
        132.0,
        140.0,
        None,
        None,
        1,
        132,
        "Wahoo ELEMNT BOLT",
    ),
    "fitparse_coros-pace-2-cycling-misaligned-fields.fit": (
        Sport.CYCLING,
        "2020-10-25T11:10:19Z",
        32145.76,
        11287.0,
        12719.0,
        131.9,
        168,
        4,
        11272,
        "COROS PACE 2",
    ),
    "fitparse_2015-10-13-08-43-15.fit": (
        Sport.CYCLING,
        "2015-10-13T15:43:15Z",
        11536.43,
        1558.198,
        1623.198,
        None,
        None,
        1,
        221,
        "Garmin Edge 200",
    ),
    "fitparse_20170518-191602-1740899583.fit": (
        Sport.ROWING,
        "2017-05-18T16:37:30Z",
        0.0,
        1707.308,
        1707.308,
        132,
        179,
        8,
        1641,
        "Garmin vivoactive HR",
    ),
    "tcxparser_test.tcx": (
        Sport.RUNNING,
        "2012-12-26T21:29:53Z",
        4689.24,
        1992.78,
        1992.0,
        156.7,
        189,
        3,
        384,
        "Forerunner 410 Software Version 2.20",
    ),
    "tcxparser_no_hr.tcx": (
        Sport.RUNNING,
        "2012-12-26T21:29:53Z",
        4689.24,
        1992.78,
        1992.0,
        None,
        None,
        3,
        384,
        "Forerunner 410 Software Version 2.20",
    ),
    "tcxparser_sup_activity_1.tcx": (
        Sport.OTHER,
        "2022-07-16T16:08:25Z",
        1157.51,
        1112.335,
        1112.0,
        88.1,
        106,
        2,
        111,
        "vívoactive HR",
    ),
    "gpxpy_cerknicko-jezero.gpx": (
        Sport.OTHER,
        "2010-08-05T14:23:59Z",
        4580.14,
        None,
        7190.0,
        None,
        None,
        1,
        296,
        "GPSBabel - http://www.gpsbabel.org",
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_real_file_imports_with_the_values_its_device_wrote(name: str) -> None:
    sport, start, distance, timer, elapsed, avg_hr, max_hr, laps, records, device = EXPECTED[name]
    activity = imported(name)
    seconds = FIT_S if name.endswith(".fit") else XML_S
    assert activity.sport is sport
    assert abs((activity.start - at(start)).total_seconds()) <= seconds
    if name.endswith(".gpx"):
        assert activity.distance_m == pytest.approx(distance, rel=0.03)
    else:
        assert activity.distance_m == pytest.approx(distance, abs=M)
    assert activity.timer_s == (None if timer is None else pytest.approx(timer, abs=seconds))
    assert activity.elapsed_s == pytest.approx(elapsed, abs=seconds)
    assert activity.avg_hr == (None if avg_hr is None else pytest.approx(avg_hr, abs=HR))
    assert activity.max_hr == max_hr
    assert len(activity.laps) == laps
    assert len(activity.records) == records
    assert activity.device is not None and activity.device.name == device
    assert all(r.time.tzinfo is not None for r in activity.records)


def test_forerunner_110_run_keeps_the_watch_totals_not_the_sum_of_laps() -> None:
    """Four auto-laps of 1000 m and a manual lap: the session's totals and HR win."""
    run = imported("fitparse_2013-02-06-12-11-14.fit")
    expected = [
        ("2013-02-06T12:11:14Z", 1000.0, 578.73, 579.2, 146, 165, LapTrigger.DISTANCE),
        ("2013-02-06T12:20:53Z", 1000.0, 622.39, 623.12, 157, 171, LapTrigger.DISTANCE),
        ("2013-02-06T12:31:15Z", 1000.0, 704.01, 703.0, 132, 164, LapTrigger.DISTANCE),
        ("2013-02-06T12:42:59Z", 1000.0, 344.15, 344.1, 157, 164, LapTrigger.DISTANCE),
        ("2013-02-06T12:48:43Z", 835.38, 375.86, 375.72, 154, 160, LapTrigger.MANUAL),
    ]
    for lap, (start, distance, timer, elapsed, avg_hr, max_hr, trigger) in zip(
        run.laps, expected, strict=True
    ):
        assert lap.start == at(start)
        assert lap.distance_m == pytest.approx(distance, abs=M)
        assert lap.timer_s == pytest.approx(timer, abs=FIT_S)
        assert lap.elapsed_s == pytest.approx(elapsed, abs=FIT_S)
        assert (lap.avg_hr, lap.max_hr, lap.trigger) == (avg_hr, max_hr, trigger)
    # The session says 147 where the records' mean is 148.1: the watch's value is kept.
    assert run.avg_hr == 147
    assert run.computed == []
    assert run.is_run


def test_a_run_with_long_pauses_keeps_timer_and_elapsed_apart() -> None:
    run = imported("tormoder_mornindew-broken.fit")
    assert run.timer_s == pytest.approx(6855.96, abs=FIT_S)
    assert run.elapsed_s == pytest.approx(8629.415, abs=FIT_S)
    paused_lap = run.laps[9]
    assert paused_lap.timer_s == pytest.approx(647.3, abs=0.1)
    assert paused_lap.elapsed_s == pytest.approx(1645.8, abs=0.1)
    assert [lap.distance_m for lap in run.laps[:10]] == [pytest.approx(1609.35, abs=M)] * 10
    assert run.laps[-1].distance_m == pytest.approx(679.84, abs=M)
    assert run.laps[-1].trigger is LapTrigger.SESSION_END
    assert run.pauses, "the timer's stops are kept"
    assert sum((p.end - p.start).total_seconds() for p in run.pauses) == pytest.approx(
        8629.415 - 6855.96, abs=5
    )


def test_a_short_smart_recording_run_keeps_the_session_heart_rate() -> None:
    """21 sparse samples average 84.95; the watch measured 90 and its number is kept."""
    run = imported("fitparse_garmin-fenix-5-run.fit")
    assert run.avg_hr == 90
    assert "avg_hr" not in run.computed


def test_a_walk_keeps_its_sport_and_is_not_a_run() -> None:
    walk = imported("fitparse_garmin-fenix-5-walk.fit")
    assert walk.sport is Sport.WALKING
    assert not walk.is_run


def test_a_multisport_race_gives_its_legs_and_adds_their_totals() -> None:
    race = imported("fitparse_activity-large-fenxi2-multisport.fit")
    expected = [
        (Sport.OTHER, "2015-08-29T08:00:01Z", 25072.07, 11738.24),
        (Sport.OTHER, "2015-08-29T10:30:24Z", 224.24, 334.79),
        (Sport.RUNNING, "2015-08-29T10:36:00Z", 2245.23, 2294.84),
        (Sport.OTHER, "2015-08-29T11:14:16Z", 3.63, 4.3),
        (Sport.RUNNING, "2015-08-29T11:14:21Z", 12740.37, 6764.48),
        (Sport.OTHER, "2015-08-29T13:07:07Z", 617.55, 269.81),
        (Sport.CYCLING, "2015-08-29T13:11:37Z", 28928.27, 3211.0),
    ]
    assert len(race.legs) == 7
    for index, (leg, (sport, start, distance, timer)) in enumerate(
        zip(race.legs, expected, strict=True)
    ):
        assert (leg.sport, leg.start) == (sport, at(start))
        assert leg.distance_m == pytest.approx(distance, abs=M)
        assert leg.timer_s == pytest.approx(timer, abs=FIT_S)
        assert (leg.first_lap, leg.lap_count) == (index, 1)
    assert race.legs[1].sub_sport == "transition"
    assert race.is_run, "a multisport file with a running leg is a run"
    # No heart rate in any session or lap, but in 24,227 records: computed, and said so.
    assert race.avg_hr == pytest.approx(146.3, abs=HR)
    assert {"avg_hr", "max_hr", "laps.avg_hr"} <= set(race.computed)
    # The first lap (and record) starts at 07:14:44, before its session's 08:00:01.
    assert race.laps[0].start == at("2015-08-29T07:14:44Z")


def test_coros_misdeclared_field_sizes_import_with_a_warning_and_hr_0_is_none() -> None:
    ride = imported("fitparse_coros-pace-2-cycling-misaligned-fields.fit")
    assert "fit_field_size" in {w.code for w in ride.warnings}
    # The session has a maximum but no average: the average comes from the records.
    assert ride.max_hr == 168
    assert "avg_hr" in ride.computed and "max_hr" not in ride.computed
    # Laps 3 and 4 say 0 bpm, meaning no heart rate: never a 0 in the activity.
    assert all(lap.avg_hr != 0 and lap.max_hr != 0 for lap in ride.laps)
    assert all(r.heart_rate != 0 for r in ride.records)
    assert [lap.distance_m for lap in ride.laps] == [
        pytest.approx(d, abs=M) for d in (1599.31, 29284.17, 0.0, 1262.28)
    ]


def test_rides_and_rowing_are_imported_as_what_they_are() -> None:
    assert imported("fitparse_2015-10-13-08-43-15.fit").sport is Sport.CYCLING
    rowing = imported("fitparse_20170518-191602-1740899583.fit")
    assert (rowing.sport, rowing.sub_sport) == (Sport.ROWING, "indoor_rowing")
    assert not rowing.is_run
