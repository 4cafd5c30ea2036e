"""Readiness before a track session, told as runners' weeks: ramping too fast, a sore calf, a
race next week, a hard tempo yesterday, a comeback after two weeks off, and the steady runner
who is simply told to go."""

from __future__ import annotations

import datetime as dt

from server.coach.history import RunRecord
from server.coach.inputs import LogRecord, Race, Readiness, Soreness
from server.coach.readiness import readiness
from server.coach.settings import CoachSettings
from server.workouts import parse
from tests.coach.runners import (
    ATHLETE,
    TODAY,
    days_ago,
    easy,
    regular_weeks,
    tempo,
    track,
)

SIX_400 = track(TODAY)


def judge(history: list[RunRecord], **kwargs: object) -> Readiness:
    args: dict[str, object] = {"athlete": ATHLETE, **kwargs}
    log = args.pop("log", [])
    races = args.pop("races", [])
    planned = args.pop("planned", SIX_400)
    return readiness(history, log, planned, races, **args)  # type: ignore[arg-type]


def codes(result: Readiness) -> list[str]:
    return [reason.code for reason in result.reasons]


def kinds(result: Readiness) -> list[str]:
    return [alternative.kind for alternative in result.alternatives]


def test_a_steady_runner_with_nothing_hard_nearby_is_told_to_go() -> None:
    result = judge(regular_weeks(6, 40))
    assert result.verdict == "go" and result.reasons == () and result.alternatives == ()


def test_a_runner_ramping_too_fast_is_told_to_build_gradually() -> None:
    # Four weeks of 42 km (30 easy and the Wednesday 6 x 400 m), then 45 km of easy running in
    # the last six days: with today's 12 km session, 57 km, 36 % more.
    history = [*regular_weeks(4, 30, last=8), *regular_weeks(1, 45)]
    result = judge(history)
    assert result.verdict == "caution"
    assert "load_ramp" in codes(result)
    ramp = next(r for r in result.reasons if r.code == "load_ramp")
    assert "57 km in 7 days, 36 % more than your average of 42 km a week" in ramp.message
    shortened = next(a for a in result.alternatives if a.kind == "shortened")
    assert shortened.text is not None and "Main set 4x" in shortened.text
    assert parse(shortened.text).workout.name == "4 x 400 m at I pace (shortened)"
    assert "easy_run" in kinds(result)


def test_a_spike_on_top_of_a_ramp_is_an_acute_chronic_warning_too() -> None:
    history = [*regular_weeks(3, 25, last=8), *regular_weeks(1, 70)]
    result = judge(history)
    assert {"load_ramp", "acwr_high"} <= set(codes(result))
    acwr = next(r for r in result.reasons if r.code == "acwr_high")
    assert "times your usual load" in acwr.message


def test_a_modest_build_is_not_a_ramp() -> None:
    history = [*regular_weeks(4, 40, last=8), *regular_weeks(1, 44)]
    assert judge(history).verdict == "go"


def test_a_runner_with_a_sore_calf_logged_yesterday_is_offered_an_easy_run_or_mobility() -> None:
    log = [LogRecord(day=days_ago(1), soreness=(Soreness(where="left calf", severity=4),))]
    result = judge(regular_weeks(6, 40), log=log)
    assert result.verdict == "caution" and codes(result) == ["soreness"]
    assert "left calf (4/10) yesterday" in result.reasons[0].message
    assert "Don't press through it" in result.reasons[0].message
    assert kinds(result) == ["mobility", "easy_run"]
    easy_run = result.alternatives[1]
    assert easy_run.text is not None and parse(easy_run.text).workout.name == "Easy run"


def test_a_calf_that_really_hurts_means_rest_and_mobility_only() -> None:
    log = [LogRecord(day=days_ago(1), soreness=(Soreness(where="left calf", severity=7),))]
    result = judge(regular_weeks(6, 40), log=log)
    assert result.verdict == "wait"
    assert "Don't run through pain" in result.reasons[0].message
    assert kinds(result) == ["mobility"]


def test_soreness_in_the_log_counts_for_an_easy_run_too_but_not_after_it_has_passed() -> None:
    easy_day = track(TODAY, "easy")
    assert not easy_day.is_hard
    log = [LogRecord(day=days_ago(2), feelings="calf niggle on the downhill")]
    result = judge(regular_weeks(6, 40), log=log, planned=easy_day)
    assert codes(result) == ["soreness"] and "'niggle' in your log" in result.reasons[0].message
    old = [LogRecord(day=days_ago(5), soreness=(Soreness(where="left calf", severity=6),))]
    assert judge(regular_weeks(6, 40), log=old).verdict == "go"
    fine = [LogRecord(day=days_ago(1), feelings="legs fresh, no pain at all")]
    assert judge(regular_weeks(6, 40), log=fine).verdict == "go"


def test_a_runner_eight_days_from_a_10k_gets_the_taper_version() -> None:
    race = Race(day=TODAY + dt.timedelta(days=8), distance_m=10_000, name="Harbour 10K")
    result = judge(regular_weeks(6, 40), races=[race])
    assert result.verdict == "caution" and codes(result) == ["race_soon"]
    assert "Harbour 10K is in 8 days" in result.reasons[0].message
    taper = result.alternatives[0]
    assert taper.kind == "taper" and taper.text is not None
    assert "Main set 3x" in taper.text and "400mtr I Pace" in taper.text  # same pace, half the reps


def test_two_days_before_the_race_there_is_no_hard_session() -> None:
    race = Race(day=TODAY + dt.timedelta(days=2), distance_m=10_000)
    result = judge(regular_weeks(6, 40), races=[race])
    assert result.verdict == "wait" and codes(result) == ["race_soon"]
    assert result.alternatives[0].title == "Easy run with strides"


def test_the_taper_window_grows_with_the_race_distance() -> None:
    ten_k = Race(day=TODAY + dt.timedelta(days=12), distance_m=10_000)
    marathon = Race(day=TODAY + dt.timedelta(days=18), distance_m=42_195)
    assert judge(regular_weeks(6, 40), races=[ten_k]).verdict == "go"
    assert codes(judge(regular_weeks(6, 40), races=[marathon])) == ["race_soon"]


def test_a_runner_who_ran_a_hard_tempo_yesterday_should_wait() -> None:
    history = [*regular_weeks(6, 40, last=2), tempo(days_ago(1))]
    result = judge(history)
    assert result.verdict == "wait" and codes(result) == ["hard_within_48h"]
    message = result.reasons[0].message
    assert "Road tempo (20 min faster than marathon pace) yesterday" in message
    assert "48 hours" in message
    assert kinds(result) == ["easy_run", "move"]
    move = result.alternatives[1]
    assert move.day == TODAY + dt.timedelta(days=1)  # Thursday is 48 h after Tuesday's tempo
    assert move.text is not None and "Main set 6x" in move.text


def test_a_hard_rpe_in_the_log_counts_as_a_hard_day() -> None:
    log = [LogRecord(day=days_ago(1), rpe=8)]
    result = judge(regular_weeks(6, 40), log=log)
    assert result.verdict == "wait" and "RPE 8" in result.reasons[0].message


def test_a_hard_session_planned_tomorrow_means_moving_one_of_them() -> None:
    tomorrow = track(TODAY + dt.timedelta(days=1), "5x1k")
    friday = track(TODAY + dt.timedelta(days=3), "3x1mile")
    result = judge(regular_weeks(6, 40), other_planned=[tomorrow, friday])
    assert result.verdict == "caution" and codes(result) == ["hard_within_48h"]
    assert "tomorrow" in result.reasons[0].message
    move = next(a for a in result.alternatives if a.kind == "move")
    # Thursday is next to today's plan, Friday and Saturday next to the mile reps: Sunday.
    assert move.day == TODAY + dt.timedelta(days=5)


def test_an_easy_run_is_never_judged_against_hard_days_or_load() -> None:
    history = [*regular_weeks(3, 25, last=8), *regular_weeks(1, 70), tempo(days_ago(1))]
    assert {"hard_within_48h", "load_ramp"} <= set(codes(judge(history)))  # the track session
    assert judge(history, planned=track(TODAY, "easy")).verdict == "go"


def test_a_runner_coming_back_after_two_weeks_off_eases_back_in() -> None:
    history = regular_weeks(6, 40, last=15)
    result = judge(history)
    assert result.verdict == "caution" and "back_from_break" in codes(result)
    assert "15 days ago" in result.reasons[0].message
    assert result.alternatives[0].kind == "easy_run"


def test_after_a_heavy_block_the_runner_is_told_to_absorb_it() -> None:
    # A steady 40 km a week, then a training camp: 15 km a day for the last six days.
    camp = [easy(days_ago(n), 15) for n in range(1, 7)]
    history = [r for r in regular_weeks(8, 40, last=7, track_day=False)] + camp
    result = judge(history)
    assert "heavy_block" in codes(result)
    block = next(r for r in result.reasons if r.code == "heavy_block")
    assert "heavy block" in block.message and "form" in block.message


def test_thresholds_come_from_the_settings() -> None:
    history = [*regular_weeks(4, 30, last=8), *regular_weeks(1, 45)]
    assert codes(judge(history)) == ["load_ramp"]  # the defaults
    relaxed = CoachSettings(ramp_pct=80, acwr_high=2.5, heavy_form=90, heavy_form_pct=90)
    assert judge(history, settings=relaxed).verdict == "go"


def test_loads_given_by_the_caller_are_used_as_they_are() -> None:
    history = regular_weeks(6, 40)
    heavy = [500.0 if run.day == days_ago(1) else 40.0 for run in history]
    assert "acwr_high" in codes(judge(history, loads=heavy))
