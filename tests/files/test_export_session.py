"""A live session becomes the activity a watch would have recorded, from its logged inputs."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest

from server.engine import Command, CommandAction, EngineSettings, Venue
from server.files.activity import LapTrigger, Sport
from server.files.export_common import NotExportable
from server.files.session_activity import activity_of_session
from server.workouts import StepKind
from tests.files.exports import STARTED_AT, RunSession, run

PAUSE_AT, RESUME_AT = 100.0, 130.0


@cache
def track_session() -> RunSession:
    return run()


@cache
def paused_session() -> RunSession:
    return run(
        commands=[
            Command(t=PAUSE_AT, action=CommandAction.PAUSE),
            Command(t=RESUME_AT, action=CommandAction.RESUME),
        ]
    )


def test_a_lap_per_step_with_its_intensity_and_what_ended_it() -> None:
    activity = track_session().activity()
    assert [lap.intensity for lap in activity.laps] == [
        "warmup", "active", "rest", "active", "rest", "active", "rest", "cooldown",
    ]  # fmt: skip
    assert [lap.trigger for lap in activity.laps] == [
        LapTrigger.TIME,
        *[LapTrigger.DISTANCE, LapTrigger.TIME] * 3,
        LapTrigger.TIME,
    ]
    assert activity.sport is Sport.RUNNING
    assert activity.sub_sport == "track"
    assert activity.name == "3 x 400 m"


def test_each_rep_lap_is_the_rep_as_the_engine_judged_it() -> None:
    session = track_session()
    activity = session.activity()
    reps = [r for r in session.engine_records if session.plan.steps[r.index].kind is StepKind.WORK]
    rep_laps = [lap for lap in activity.laps if lap.intensity == "active"]
    assert len(reps) == len(rep_laps) == 3
    for record, lap in zip(reps, rep_laps, strict=True):
        assert lap.distance_m == 400.0  # by the marks, as the session's results count it
        assert lap.timer_s == pytest.approx(record.active_s, abs=1e-6)
        assert lap.start == STARTED_AT + dt.timedelta(seconds=record.started_at)
        assert lap.avg_hr == pytest.approx(record.hr_avg)
        assert lap.max_hr == record.hr_max


def test_laps_follow_each_other_from_the_start_to_the_end() -> None:
    activity = track_session().activity()
    assert activity.laps[0].start == activity.start
    for lap, following in zip(activity.laps, activity.laps[1:], strict=False):
        assert lap.elapsed_s is not None
        end = lap.start + dt.timedelta(seconds=lap.elapsed_s)
        assert abs(end - following.start) < dt.timedelta(milliseconds=1)


def test_a_count_in_belongs_to_the_lap_before_the_rep_or_is_its_own_at_the_start() -> None:
    # Every rep follows a distance recovery, so each is counted in (the first one too).
    session = run("# Ladder\nMain set 2x\n- 400mtr I Pace\n- Jog 200mtr\n")
    activity = session.activity()
    count_in, *laps = activity.laps
    assert count_in.intensity == "rest" and count_in.distance_m == 0.0
    assert count_in.timer_s == pytest.approx(session.engine_records[0].started_at)
    assert [lap.intensity for lap in laps] == ["active", "rest", "active", "rest"]
    first, jog, second, _ = laps
    assert first.timer_s == pytest.approx(session.engine_records[0].active_s)
    assert second.timer_s == pytest.approx(session.engine_records[2].active_s)
    gap = session.engine_records[2].started_at - session.engine_records[1].ended_at
    assert gap > 0  # the count-in before the second rep ...
    assert jog.timer_s == pytest.approx(session.engine_records[1].active_s + gap)  # ... is here


def test_totals_are_the_sums_of_the_laps() -> None:
    activity = track_session().activity()
    assert activity.distance_m == pytest.approx(sum(lap.distance_m or 0 for lap in activity.laps))
    assert activity.timer_s == pytest.approx(sum(lap.timer_s or 0 for lap in activity.laps))
    assert activity.elapsed_s == pytest.approx(activity.timer_s)
    assert activity.pauses == []
    records = [r for r in track_session().engine_records if r.hr_count]
    assert activity.avg_hr == pytest.approx(
        sum(r.hr_sum for r in records) / sum(r.hr_count for r in records)
    )
    assert activity.max_hr == max(r.hr_max for r in records)


def test_one_record_a_second_and_distance_never_runs_back() -> None:
    activity = track_session().activity()
    times = [record.time for record in activity.records]
    assert all(time.microsecond == 0 for time in times)
    assert times == sorted(set(times))
    distances = [record.distance_m or 0.0 for record in activity.records]
    assert distances == sorted(distances)
    assert activity.records[-1].distance_m == pytest.approx(activity.distance_m)
    with_hr = [record for record in activity.records if record.heart_rate is not None]
    assert len(with_hr) > 0.95 * len(activity.records)
    assert all(r.cadence_spm and 120 < r.cadence_spm < 220 for r in activity.records[5:-1])
    assert all(r.speed_mps is not None for r in activity.records[5:-1])


def test_a_pause_stops_the_timer_but_not_the_clock() -> None:
    activity = paused_session().activity()
    assert activity.elapsed_s is not None and activity.timer_s is not None
    assert activity.elapsed_s - activity.timer_s == pytest.approx(RESUME_AT - PAUSE_AT)
    [pause] = activity.pauses
    assert pause.start == STARTED_AT + dt.timedelta(seconds=PAUSE_AT)
    assert pause.end == STARTED_AT + dt.timedelta(seconds=RESUME_AT)
    warmup = activity.laps[0]
    assert warmup.elapsed_s is not None and warmup.timer_s is not None
    assert warmup.elapsed_s - warmup.timer_s == pytest.approx(RESUME_AT - PAUSE_AT)
    inside = [r for r in activity.records if pause.start < r.time < pause.end]
    assert inside == []  # a watch records nothing while its timer is stopped


def test_the_last_timed_step_ends_only_when_the_engine_is_woken_after_it() -> None:
    session = track_session()
    woken = session.activity()
    inputs_only = activity_of_session(session.plan, session.settings, STARTED_AT, session.events)
    assert woken.laps[-1].trigger is LapTrigger.TIME
    assert woken.laps[-1].timer_s == pytest.approx(180.0)
    # The log has no ticks: by the last input alone the cool-down was still under way.
    assert inputs_only.laps[-1].trigger is LapTrigger.SESSION_END
    assert inputs_only.laps[-1].timer_s is not None and inputs_only.laps[-1].timer_s < 180.0


def test_a_session_ended_early_ends_its_last_lap_there() -> None:
    session = run(commands=[Command(t=200.0, action=CommandAction.END)])
    activity = session.activity()
    assert activity.elapsed_s == pytest.approx(200.0)
    assert [lap.trigger for lap in activity.laps] == [LapTrigger.SESSION_END]
    assert activity.records[-1].time <= STARTED_AT + dt.timedelta(seconds=200)


def test_a_session_never_started_has_nothing_to_export() -> None:
    session = track_session()
    with pytest.raises(NotExportable, match="never started"):
        activity_of_session(session.plan, session.settings, STARTED_AT, [])
    with pytest.raises(NotExportable):
        ended = [Command(t=5.0, action=CommandAction.END)]
        activity_of_session(session.plan, session.settings, STARTED_AT, ended)


def test_a_heart_rate_recovery_ends_on_heart_rate_or_at_its_cap() -> None:
    text = "# HR recovery\n- Rep 1km I Pace\n- [recovery] until HR below 150bpm max 2m\n"
    session = run(text, EngineSettings(venue=Venue.ROAD))
    activity = session.activity()
    recovery = activity.laps[-1]
    record = session.engine_records[-1]
    expected = LapTrigger.TIME if record.active_s >= 120 - 1e-6 else LapTrigger.HEART_RATE
    assert recovery.trigger is expected
    assert activity.sub_sport is None  # a road run is plain running


@pytest.mark.parametrize(("venue", "sub_sport"), [(Venue.TREADMILL, "treadmill")])
def test_the_venue_names_the_sub_sport(venue: Venue, sub_sport: str) -> None:
    session = run("# Easy\n- 2m E Pace\n", EngineSettings(venue=venue))
    assert session.activity().sub_sport == sub_sport


def test_naive_start_times_are_refused() -> None:
    session = track_session()
    with pytest.raises(ValueError, match="UTC"):
        activity_of_session(
            session.plan, session.settings, STARTED_AT.replace(tzinfo=None), session.events
        )
