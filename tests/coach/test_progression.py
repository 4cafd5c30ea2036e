"""Progression over weeks: a set gets harder only after controlled runs, one step at a time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from server.coach.main_set import find_main_set
from server.coach.progression import (
    ProgressionSettings,
    SuggestionKind,
    WorkoutRun,
    progress,
)
from server.engine.fatigue import Advice
from server.engine.summary import FatigueNote, RepResult, SessionSummary
from server.engine.verdict import Verdict, judge_pace
from server.workouts import AthleteProfile, get_template, parse_workout, resolve

RUNNER = AthleteProfile.from_race("5k", "20:00", max_hr=190, resting_hr=50)
I_PACE = 240.0  # s/km: 96 s a lap, near this runner's I pace
TARGET = (I_PACE - 2.5, I_PACE + 2.5)
SIX_BY_400 = get_template("6x400").workout
FIRST_TUESDAY = date(2026, 9, 1)


def rep(number: int, seconds: float, hr: float | None = 172.0, reps: int = 6) -> RepResult:
    pace = seconds / 400 * 1000
    verdict = judge_pace(pace, *TARGET, 2.5)
    return RepResult(
        index=10 + 2 * number,
        rep=number,
        reps=reps,
        block="Main set",
        target_text="I Pace",
        seconds=seconds,
        metres=400.0,
        pace_s_per_km=pace,
        target_pace=TARGET,
        judged_pace=(TARGET[0] - 2.5, TARGET[1] + 2.5),
        verdict=verdict,
        on_target=verdict is Verdict.ON_TARGET,
        hr_avg=hr,
        hr_max=None if hr is None else int(hr) + 4,
        recovery_hr_drop=38,
        skipped=False,
        main_set=True,
    )


def session(
    lap_times: list[float], hrs: list[float] | None = None, fatigue: FatigueNote | None = None
) -> SessionSummary:
    hrs = hrs or [170.0 + i * 0.5 for i in range(len(lap_times))]
    reps = tuple(
        rep(n, t, hr, len(lap_times))
        for n, (t, hr) in enumerate(zip(lap_times, hrs, strict=True), 1)
    )
    on = sum(1 for r in reps if r.on_target)
    return SessionSummary(
        reps=reps,
        completed_steps=len(reps),
        total_steps=len(reps),
        compliance=on / len(reps),
        fatigue=fatigue,
        controlled=on == len(reps) and fatigue is None,
    )


def week(n: int) -> date:
    return FIRST_TUESDAY + timedelta(weeks=n)


STEADY = [96.0, 95.8, 96.2, 96.0, 95.9, 96.1]  # every 400 within a second of 96
FADED = [95.5, 95.8, 96.3, 97.0, 98.4, 99.8]  # the last two laps slip away


def steady_run(n: int, rpe: int | None = 6) -> WorkoutRun:
    return WorkoutRun(day=week(n), summary=session(STEADY), rpe=rpe)


def test_three_controlled_runs_of_six_by_400_add_a_rep() -> None:
    runs = [steady_run(0), steady_run(1), steady_run(2)]

    result = progress(SIX_BY_400, runs)

    assert [row.controlled for row in result.rows] == [True, True, True]
    suggestion = result.suggestion
    assert suggestion is not None and suggestion.kind is SuggestionKind.ADD_REP
    assert "7 instead of 6" in suggestion.text
    next_version = parse_workout(suggestion.workout_text)
    main = find_main_set(next_version)
    assert main is not None and main.count == 7
    assert next_version.name == "7 x 400 m at I pace"
    assert "I Pace splits 200mtr" in suggestion.workout_text  # same pace: never both at once
    resolve(next_version, RUNNER)


def test_one_controlled_run_is_not_yet_enough() -> None:
    suggestion = progress(SIX_BY_400, [steady_run(0)]).suggestion
    assert suggestion is not None and suggestion.kind is SuggestionKind.REPEAT


def test_a_faded_run_is_repeated_as_it_was() -> None:
    runs = [steady_run(0), steady_run(1), WorkoutRun(day=week(2), summary=session(FADED), rpe=8)]

    result = progress(SIX_BY_400, runs)

    last = result.rows[-1]
    assert last.controlled is False
    assert last.fade_pct is not None and 4.0 < last.fade_pct < 5.0
    assert any("faded" in reason for reason in last.reasons)
    suggestion = result.suggestion
    assert suggestion is not None and suggestion.kind is SuggestionKind.REPEAT
    assert parse_workout(suggestion.workout_text) == SIX_BY_400


def test_two_uncontrolled_runs_in_a_row_take_a_rep_off() -> None:
    runs = [WorkoutRun(day=week(n), summary=session(FADED)) for n in range(2)]

    suggestion = progress(SIX_BY_400, runs).suggestion

    assert suggestion is not None and suggestion.kind is SuggestionKind.EASE
    main = find_main_set(parse_workout(suggestion.workout_text))
    assert main is not None and main.count == 5


def test_a_bad_fade_eases_at_once() -> None:
    collapse = [95.0, 95.5, 96.0, 98.0, 100.0, 103.0]  # 7.7 % slower than the first two
    suggestion = progress(SIX_BY_400, [WorkoutRun(day=week(0), summary=session(collapse))])
    assert suggestion.suggestion is not None
    assert suggestion.suggestion.kind is SuggestionKind.EASE


def test_reps_slow_from_the_first_lap_ease_the_pace_not_the_reps() -> None:
    slow = [99.5, 99.8, 99.6, 99.9, 100.0, 99.7]  # 3.5 s a lap off from the start
    runs = [WorkoutRun(day=week(n), summary=session(slow)) for n in range(2)]

    suggestion = progress(SIX_BY_400, runs).suggestion

    assert suggestion is not None and suggestion.kind is SuggestionKind.EASE
    assert "I+2s/400m Pace" in suggestion.workout_text
    assert "Main set 6x" in suggestion.workout_text


def test_a_hard_feeling_breaks_the_streak_even_on_target() -> None:
    runs = [steady_run(0), steady_run(1, rpe=9)]
    result = progress(SIX_BY_400, runs)
    assert result.rows[-1].controlled is False
    assert result.rows[-1].reasons == ("felt like RPE 9",)
    assert result.suggestion is not None and result.suggestion.kind is SuggestionKind.REPEAT


def test_heart_rate_drifting_up_at_the_same_pace_is_not_controlled() -> None:
    drifting = session(STEADY, hrs=[168.0, 169.0, 172.0, 174.0, 176.0, 178.0])
    row = progress(SIX_BY_400, [WorkoutRun(day=week(0), summary=drifting)]).rows[0]
    assert row.hr_drift_pct is not None and row.hr_drift_pct > 5
    assert row.controlled is False


def test_at_the_ceiling_the_set_gets_faster_instead() -> None:
    eight = parse_workout(get_template("6x400").text.replace("Main set 6x", "Main set 8x"))
    laps = STEADY + [96.0, 95.9]
    runs = [WorkoutRun(day=week(n), summary=session(laps), rpe=6) for n in range(2)]

    suggestion = progress(eight, runs, weekly_km=40).suggestion

    # Daniels: I-pace running in one session at most 8 % of the week, 3.2 km of 40 km.
    assert suggestion is not None and suggestion.kind is SuggestionKind.FASTER
    assert "I-1s/400m Pace" in suggestion.workout_text
    assert "Main set 8x" in suggestion.workout_text
    resolved = resolve(parse_workout(suggestion.workout_text), RUNNER)
    before = resolve(eight, RUNNER)
    fast_now = [s.target for s in resolved.steps if s.rep == 1 and s.block == "Main set"][0]
    fast_before = [s.target for s in before.steps if s.rep == 1 and s.block == "Main set"][0]
    assert fast_before.fast_s_per_km - fast_now.fast_s_per_km == pytest.approx(2.5)


def test_a_bigger_week_raises_the_ceiling() -> None:
    eight = parse_workout(get_template("6x400").text.replace("Main set 6x", "Main set 8x"))
    laps = STEADY + [96.0, 95.9]
    runs = [WorkoutRun(day=week(n), summary=session(laps)) for n in range(2)]
    at_default = progress(eight, runs).suggestion  # 40 km a week: 8 x 400 m is the ceiling
    assert at_default is not None and at_default.kind is SuggestionKind.FASTER
    suggestion = progress(eight, runs, weekly_km=70).suggestion
    assert suggestion is not None and suggestion.kind is SuggestionKind.ADD_REP


def test_after_a_progression_the_count_starts_again() -> None:
    seven_laps = STEADY + [96.0]
    runs = [steady_run(0), steady_run(1), WorkoutRun(day=week(2), summary=session(seven_laps))]
    seven = parse_workout(get_template("6x400").text.replace("Main set 6x", "Main set 7x"))
    suggestion = progress(seven, runs).suggestion
    assert suggestion is not None and suggestion.kind is SuggestionKind.REPEAT
    assert "1 controlled run at this set" in suggestion.text


def test_three_runs_needed_when_the_coach_says_so() -> None:
    settings = ProgressionSettings(controlled_runs_to_progress=3)
    two = progress(SIX_BY_400, [steady_run(0), steady_run(1)], settings).suggestion
    three = progress(SIX_BY_400, [steady_run(n) for n in range(3)], settings).suggestion
    assert two is not None and two.kind is SuggestionKind.REPEAT
    assert three is not None and three.kind is SuggestionKind.ADD_REP


def test_the_engine_s_fatigue_advice_counts_as_not_controlled() -> None:
    note = FatigueNote(advice=Advice.RECOVER, percent=5.2, text="Heart rate drifted up 5.2 %.")
    summary = session(STEADY, hrs=[170.0] * 6, fatigue=note)
    row = progress(SIX_BY_400, [WorkoutRun(day=week(0), summary=summary)]).rows[0]
    assert row.controlled is False


def test_runs_are_listed_oldest_first_with_their_numbers() -> None:
    result = progress(SIX_BY_400, [steady_run(2), steady_run(0), steady_run(1)])
    assert [row.day for row in result.rows] == [week(0), week(1), week(2)]
    row = result.rows[0]
    assert row.reps == 6 and row.on_target == 6 and row.judged == 6
    assert row.rep_seconds == tuple(STEADY)
    assert row.recovery_hr_drop == 38
    assert row.hr_at_pace == pytest.approx(171.2, abs=0.1)


def test_nothing_to_suggest_without_a_run() -> None:
    assert progress(SIX_BY_400, []).suggestion is None


def test_a_ladder_without_a_repeat_only_gets_faster() -> None:
    ladder = get_template("ladder").workout
    runs = [steady_run(0), steady_run(1)]
    suggestion = progress(ladder, runs).suggestion
    assert suggestion is not None and suggestion.kind is SuggestionKind.FASTER
    assert suggestion.workout_text.count("-1s/400m Pace") == 5
    resolve(parse_workout(suggestion.workout_text), RUNNER)
