"""When two files are one run: the rules at their edges, and what enriching may never do."""

from __future__ import annotations

import datetime as dt

from server.files.activity import Activity, ActivityLap, Sport
from server.sync.matching import enrich, same_run

START = dt.datetime(2026, 11, 24, 7, 0, tzinfo=dt.UTC)


def run(**changes: object) -> Activity:
    base = Activity(format="fit", sport=Sport.RUNNING, start=START, distance_m=10_000.0)
    return base.model_copy(update=changes)


def test_a_start_within_a_minute_and_a_distance_within_3_percent_is_the_same_run() -> None:
    assert same_run(run(), run(start=START + dt.timedelta(seconds=60), distance_m=10_300.0))
    assert not same_run(run(), run(start=START + dt.timedelta(seconds=61)))
    assert not same_run(run(), run(distance_m=10_310.0))
    assert not same_run(run(), run(sport=Sport.CYCLING))


def test_a_file_naming_no_sport_matches_and_the_file_id_outranks_everything() -> None:
    assert same_run(run(), run(format="gpx", sport=Sport.OTHER, distance_m=9_800.0))
    far = run(start=START + dt.timedelta(hours=2), distance_m=5.0, file_id="garmin:1:2")
    assert same_run(run(file_id="garmin:1:2"), far)


def test_without_distances_the_durations_decide() -> None:
    assert same_run(run(distance_m=None, elapsed_s=3000.0), run(distance_m=None, elapsed_s=3050.0))
    assert not same_run(run(distance_m=None, elapsed_s=3000.0), run(elapsed_s=2000.0))


def test_enriching_takes_what_the_device_wrote_and_never_replaces_it() -> None:
    lap = ActivityLap(start=START, distance_m=10_000.0, timer_s=2400.0)
    gpx = run(format="gpx", avg_hr=150.0, laps=[lap], computed=["avg_hr", "laps", "timer_s"])
    fit = run(avg_hr=148.0, timer_s=2400.0, laps=[lap, lap], file_id="garmin:1:2")
    merged, taken = enrich(gpx, fit)
    assert merged.avg_hr == 148.0 and len(merged.laps) == 2 and merged.timer_s == 2400.0
    assert {"avg_hr", "laps", "timer_s", "file_id"} <= set(taken)
    assert not {"avg_hr", "laps", "timer_s"} & set(merged.computed)
    again, nothing = enrich(merged, gpx)
    assert nothing == [] and again == merged
