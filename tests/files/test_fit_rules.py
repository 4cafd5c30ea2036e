"""Each oddity of real FIT files has a rule, tested on a file written to have it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from server.files.activity import LapTrigger, Sport
from server.files.errors import RefusalCode
from server.files.read import read_activity
from tests.files.conftest import refusal
from tests.files.fit_builder import SPORTS, TRIGGERS, FitWriter, fit_time, simple_run

START = dt.datetime(2026, 5, 1, 7, 0, tzinfo=dt.UTC)
T0 = fit_time(START)


def laps_file(laps: list[dict[str, Any]], session: dict[str, Any], seconds: int) -> bytes:
    fit = FitWriter().message("file_id", type=4, manufacturer=1, product=1, time_created=T0)
    for i in range(seconds + 1):
        fit.message("record", timestamp=T0 + i, distance=i * 3.0, heart_rate=140 + i % 20)
    for values in laps:
        fit.message("lap", event=9, event_type=1, **values)
    fit.message("session", sport=SPORTS["running"], sub_sport=0, **session)
    return fit.bytes()


def test_compressed_timestamps_are_expanded_from_the_last_full_time() -> None:
    fit = FitWriter().message("file_id", type=4, manufacturer=1, product=1, time_created=T0)
    fit.message("record", timestamp=T0, distance=0.0, heart_rate=120)
    # 5-bit offsets: 30 s and 31 s after T0's low bits, then wrapping past 32 to 33 s.
    for seconds in (1, 2, 30, 33, 40):
        fit.message("record", compressed=(T0 + seconds) & 0x1F, distance=seconds * 3.0)
    fit.message("session", start_time=T0, timestamp=T0 + 40, total_elapsed_time=40,
                total_timer_time=40, total_distance=120.0, sport=1)  # fmt: skip
    run = read_activity(fit.bytes())
    offsets = [(r.time - START).total_seconds() for r in run.records]
    assert offsets == [0, 1, 2, 30, 33, 40]


def test_a_chained_file_of_buffered_strap_heart_rate_fills_the_records() -> None:
    """Garmin appends a FIT file with only `hr` messages after a swim or multisport file."""
    run = simple_run(seconds=20, hr=None).bytes()
    strap = FitWriter()
    for block in range(3):
        first = block * 8
        strap.message(
            "hr",
            timestamp=T0 + first,
            # The strap's own clock: seconds since it started, in 1/1024 s.
            event_timestamp=[1000.0 + first + k for k in range(8)],
            filtered_bpm=[130 + first + k for k in range(8)],
        )
    activity = read_activity(run + strap.bytes())
    assert {"fit_chained", "fit_buffered_hr"} <= {w.code for w in activity.warnings}
    assert [r.heart_rate for r in activity.records[:3]] == [130, 131, 132]
    assert "records.heart_rate" in activity.computed and "avg_hr" in activity.computed
    assert activity.avg_hr == pytest.approx(140.0)


def test_a_manual_lap_overlapping_auto_laps_never_changes_the_session_totals() -> None:
    laps = [
        dict(start_time=T0, timestamp=T0 + 333, total_elapsed_time=333, total_timer_time=333,
             total_distance=1000.0, lap_trigger=TRIGGERS["distance"]),
        dict(start_time=T0 + 333, timestamp=T0 + 400, total_elapsed_time=67,
             total_timer_time=67, total_distance=200.0, lap_trigger=TRIGGERS["manual"]),
        dict(start_time=T0 + 333, timestamp=T0 + 666, total_elapsed_time=333,
             total_timer_time=333, total_distance=1000.0, lap_trigger=TRIGGERS["distance"]),
    ]  # fmt: skip
    session = dict(start_time=T0, timestamp=T0 + 666, total_elapsed_time=666,
                   total_timer_time=666, total_distance=2000.0)  # fmt: skip
    run = read_activity(laps_file(laps, session, 666))
    assert sum(lap.distance_m or 0 for lap in run.laps) == pytest.approx(2200.0)
    assert run.distance_m == 2000.0
    assert run.timer_s == 666.0
    assert [lap.trigger for lap in run.laps] == [
        LapTrigger.DISTANCE,
        LapTrigger.MANUAL,
        LapTrigger.DISTANCE,
    ]


def test_a_pause_keeps_timer_time_below_elapsed_and_is_kept_as_a_pause() -> None:
    fit = FitWriter().message("file_id", type=4, manufacturer=1, product=1, time_created=T0)
    fit.message("event", timestamp=T0, event=0, event_type=0)
    for i in range(0, 301):
        fit.message("record", timestamp=T0 + i, distance=i * 3.0, heart_rate=150)
    fit.message("event", timestamp=T0 + 300, event=0, event_type=1)  # stop
    fit.message("event", timestamp=T0 + 420, event=0, event_type=0)  # start again
    for i in range(420, 601):
        fit.message("record", timestamp=T0 + i, distance=(i - 120) * 3.0, heart_rate=150)
    fit.message("event", timestamp=T0 + 600, event=0, event_type=4)
    fit.message("session", start_time=T0, timestamp=T0 + 600, total_elapsed_time=600,
                total_timer_time=480, total_distance=1440.0, sport=1)  # fmt: skip
    run = read_activity(fit.bytes())
    assert (run.timer_s, run.elapsed_s) == (480.0, 600.0)
    assert [(p.start, p.end) for p in run.pauses] == [
        (START + dt.timedelta(seconds=300), START + dt.timedelta(seconds=420))
    ]


def test_a_lap_start_that_ignores_a_pause_keeps_its_start_and_its_speed_is_over_timer_time() -> (
    None
):
    """The watch starts lap 2 where lap 1 ended, though the runner paused 60 s in it: the
    start is kept as written, elapsed includes the pause, speed is over timer time only."""
    laps = [
        dict(start_time=T0, timestamp=T0 + 300, total_elapsed_time=300, total_timer_time=300,
             total_distance=900.0, lap_trigger=TRIGGERS["manual"]),
        dict(start_time=T0 + 300, timestamp=T0 + 660, total_elapsed_time=360,
             total_timer_time=300, total_distance=900.0, lap_trigger=TRIGGERS["manual"]),
    ]  # fmt: skip
    session = dict(start_time=T0, timestamp=T0 + 660, total_elapsed_time=660,
                   total_timer_time=600, total_distance=1800.0)  # fmt: skip
    run = read_activity(laps_file(laps, session, 660))
    second = run.laps[1]
    assert second.start == START + dt.timedelta(seconds=300)
    assert (second.timer_s, second.elapsed_s) == (300.0, 360.0)
    assert second.avg_speed_mps == 3.0  # 900 m / 300 s, not 900 m / 360 s
    assert "laps.avg_speed_mps" in run.computed


def test_power_on_times_are_placed_by_the_first_clock_time_that_follows() -> None:
    """Until GPS, the watch counts from power-on (values below 0x10000000)."""
    boot = 5_000
    fit = FitWriter().message("file_id", type=4, manufacturer=1, product=1)
    for i in range(10):
        fit.message("record", timestamp=boot + i, distance=i * 3.0, heart_rate=130)
    for i in range(10, 20):  # GPS found: clock time from here on
        fit.message("record", timestamp=T0 + i, distance=i * 3.0, heart_rate=130)
    fit.message("session", start_time=boot, timestamp=T0 + 19, total_elapsed_time=19,
                total_timer_time=19, total_distance=57.0, sport=1)  # fmt: skip
    run = read_activity(fit.bytes())
    assert "fit_relative_time" in {w.code for w in run.warnings}
    assert run.start == START + dt.timedelta(seconds=1)  # within a record of the truth
    times = [r.time for r in run.records]
    assert times == sorted(times) and times[-1] == START + dt.timedelta(seconds=19)


def test_power_on_times_with_no_clock_time_anywhere_are_refused_clearly() -> None:
    fit = FitWriter().message("file_id", type=4, manufacturer=1, product=1)
    for i in range(10):
        fit.message("record", timestamp=100 + i, distance=i * 3.0)
    fit.message("session", start_time=100, timestamp=109, total_elapsed_time=9,
                total_timer_time=9, total_distance=27.0, sport=1)  # fmt: skip
    refused = refusal(fit.bytes())
    assert refused.code is RefusalCode.NO_CLOCK_TIME
    assert "switched on" in refused.message


def test_heart_rate_0_is_no_heart_rate_and_the_records_give_the_session_its_average() -> None:
    fit = FitWriter().message("file_id", type=4, manufacturer=1, product=1, time_created=T0)
    for i in range(10):
        fit.message("record", timestamp=T0 + i, distance=i * 3.0, heart_rate=0 if i < 5 else 150)
    fit.message(
        "lap",
        start_time=T0,
        timestamp=T0 + 9,
        total_elapsed_time=9,
        total_timer_time=9,
        total_distance=27.0,
        avg_heart_rate=0,
        max_heart_rate=0,
    )
    fit.message("session", start_time=T0, timestamp=T0 + 9, total_elapsed_time=9,
                total_timer_time=9, total_distance=27.0, sport=1, avg_heart_rate=0)  # fmt: skip
    run = read_activity(fit.bytes())
    assert [r.heart_rate for r in run.records[:5]] == [None] * 5
    assert (run.avg_hr, run.max_hr) == (150.0, 150)
    assert (run.laps[0].avg_hr, run.laps[0].max_hr) == (150.0, 150)
    assert {"avg_hr", "max_hr", "laps.avg_hr", "laps.max_hr"} <= set(run.computed)


def test_a_file_without_laps_gets_one_computed_lap() -> None:
    run = read_activity(simple_run(seconds=60, laps=False).bytes())
    assert len(run.laps) == 1 and "laps" in run.computed
    lap = run.laps[0]
    assert (lap.start, lap.timer_s, lap.distance_m) == (START, 60.0, 180.0)
    assert lap.avg_speed_mps == 3.0 and lap.trigger is LapTrigger.SESSION_END


def test_a_file_without_a_session_is_summed_up_from_its_records_and_says_so() -> None:
    run = read_activity(simple_run(seconds=120, session=False).bytes())
    assert (run.distance_m, run.elapsed_s, run.timer_s) == (360.0, 120.0, 120.0)
    assert run.avg_hr == 150.0
    assert "fit_no_session" in {w.code for w in run.warnings}
    assert {"start", "distance_m", "elapsed_s", "timer_s", "avg_hr"} <= set(run.computed)


def test_a_ride_keeps_its_sport_and_is_not_relabelled_a_run() -> None:
    ride = read_activity(simple_run(sport="cycling").bytes())
    assert ride.sport is Sport.CYCLING and not ride.is_run
    # Cadence doubles to steps a minute on foot only.
    assert ride.records[0].cadence_spm is None


def test_running_cadence_is_counted_in_steps_a_minute() -> None:
    fit = FitWriter().message("file_id", type=4, manufacturer=1, product=1, time_created=T0)
    fit.message("record", timestamp=T0, distance=0.0, cadence=88)
    fit.message("session", start_time=T0, timestamp=T0, total_elapsed_time=0,
                total_timer_time=0, total_distance=0.0, sport=1)  # fmt: skip
    assert read_activity(fit.bytes()).records[0].cadence_spm == 176


def test_an_activity_of_27_days_is_refused_as_implausible() -> None:
    fit = simple_run(seconds=5, session=False)
    fit.message("record", timestamp=T0 + 27 * 86_400, distance=20.0)
    refused = refusal(fit.bytes())
    assert refused.code is RefusalCode.IMPLAUSIBLE and "27.0 days" in refused.message


def test_a_clock_jumping_back_an_hour_is_refused_as_implausible() -> None:
    fit = simple_run(seconds=5, session=False)
    fit.message("record", timestamp=T0 - 3600, distance=20.0)
    assert refusal(fit.bytes()).code is RefusalCode.IMPLAUSIBLE


def test_a_timestamp_correlation_places_power_on_times_exactly() -> None:
    boot = 5_000
    fit = FitWriter().message("file_id", type=4, manufacturer=1, product=1)
    fit.message("timestamp_correlation", timestamp=T0 + 100, system_timestamp=boot + 100)
    for i in range(10):
        fit.message("record", timestamp=boot + i, distance=i * 3.0)
    fit.message("session", start_time=boot, timestamp=boot + 9, total_elapsed_time=9,
                total_timer_time=9, total_distance=27.0, sport=1)  # fmt: skip
    run = read_activity(fit.bytes())
    assert run.start == START and run.records[-1].time == START + dt.timedelta(seconds=9)
    assert "exactly" in next(w.message for w in run.warnings if w.code == "fit_relative_time")


def test_laps_go_to_the_sessions_that_name_them() -> None:
    fit = FitWriter().message("file_id", type=4, manufacturer=1, product=1, time_created=T0)
    for i in range(0, 301):
        fit.message("record", timestamp=T0 + i, distance=i * 3.0)
    for first, end in ((0, 100), (100, 200), (200, 300)):
        fit.message("lap", start_time=T0 + first, timestamp=T0 + end, total_elapsed_time=100,
                    total_timer_time=100, total_distance=300.0)  # fmt: skip
    legs = ((SPORTS["cycling"], 0, 100, 0, 1), (SPORTS["running"], 100, 300, 1, 2))
    for sport, first, end, index, count in legs:
        fit.message("session", sport=sport, sub_sport=0, start_time=T0 + first,
                    timestamp=T0 + end, total_elapsed_time=end - first,
                    total_timer_time=end - first, total_distance=3.0 * (end - first),
                    first_lap_index=index, num_laps=count)  # fmt: skip
    race = read_activity(fit.bytes())
    assert race.sport is Sport.MULTISPORT and race.is_run
    assert [(leg.sport, leg.first_lap, leg.lap_count) for leg in race.legs] == [
        (Sport.CYCLING, 0, 1),
        (Sport.RUNNING, 1, 2),
    ]
    assert (race.distance_m, race.timer_s) == (900.0, 300.0)


def test_a_session_start_from_power_on_written_at_the_end_does_not_move_the_anchor() -> None:
    """The session's start (from power-on) comes just before its end (clock time) in the
    file; the anchor still pairs the last record's moment with the end."""
    boot = 5_000
    fit = FitWriter().message("file_id", type=4, manufacturer=1, product=1)
    for i in range(61):
        fit.message("record", timestamp=boot + i, distance=i * 3.0)
    fit.message("session", start_time=boot, timestamp=T0 + 60, total_elapsed_time=60,
                total_timer_time=60, total_distance=180.0, sport=1)  # fmt: skip
    run = read_activity(fit.bytes())
    assert run.start == START and run.records[-1].time == START + dt.timedelta(seconds=60)
