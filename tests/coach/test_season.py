"""The season plan: phases to race day, a safe weekly rhythm, gradual volume and a real taper."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from server.coach.main_set import find_main_set, with_reps
from server.coach.progression import SuggestionKind, WorkoutRun, progress
from server.coach.season import (
    EntryKind,
    Phase,
    SeasonError,
    SeasonPlan,
    Weekday,
    plan_season,
)
from server.coach.season_follow import follow_progress
from server.coach.season_sessions import QualitySession, session_text
from server.coach.season_weeks import HARD_KINDS, SeasonSettings
from server.workouts import AthleteProfile, format_workout, parse_workout, resolve
from tests.coach.test_progression import session

RUNNER = AthleteProfile.from_race("10k", "45:00", max_hr=188, resting_hr=52)
MONDAY = date(2026, 12, 7)
TWELVE_WEEKS_ON = date(2027, 2, 28)  # a Sunday, 12 weeks from Monday the 7th


def ten_k_plan(runs: int = 5, recent: float = 35.0, **kwargs: Any) -> SeasonPlan:
    args: dict[str, Any] = {
        "today": MONDAY,
        "race": "10k",
        "race_date": TWELVE_WEEKS_ON,
        "goal_time": None,
        "runs_per_week": runs,
        "long_run_day": Weekday.SUNDAY,
        "track_day": Weekday.TUESDAY,
        "profile": RUNNER,
        "recent_weekly_km": recent,
    }
    args.update(kwargs)
    return plan_season(**args)


def hard_days(plan: SeasonPlan) -> list[date]:
    return [e.day for w in plan.weeks for e in w.entries if e.kind in HARD_KINDS]


def test_a_10k_in_12_weeks_runs_base_build_peak_taper_in_order() -> None:
    plan = ten_k_plan()

    assert [span.phase for span in plan.phases] == [
        Phase.BASE,
        Phase.BUILD,
        Phase.PEAK,
        Phase.TAPER,
    ]
    assert len(plan.weeks) == 12
    assert plan.phases[0].start == MONDAY and plan.phases[-1].end == TWELVE_WEEKS_ON
    for before, after in zip(plan.phases, plan.phases[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)
    assert [w.phase for w in plan.weeks].count(Phase.TAPER) == 1  # a week for a 10 km
    race = plan.weeks[-1].entries[-1]
    assert race.kind is EntryKind.RACE and race.day == TWELVE_WEEKS_ON


@pytest.mark.parametrize("runs", [3, 4, 5, 6, 7])
def test_every_week_keeps_48_hours_between_hard_days(runs: int) -> None:
    days = hard_days(ten_k_plan(runs=runs))
    gaps = [(b - a).days for a, b in zip(days, days[1:], strict=False)]
    assert min(gaps) >= 2


@pytest.mark.parametrize("recent", [22.0, 35.0, 60.0])
def test_volume_never_jumps_more_than_ten_percent(recent: float) -> None:
    plan = ten_k_plan(recent=recent)
    volumes = [recent] + [w.volume_km for w in plan.weeks]
    for index in range(1, len(volumes)):
        reference = max(volumes[max(0, index - 3) : index])
        assert volumes[index] <= reference * 1.10 + 0.05, (index, volumes)


def test_a_recovery_week_comes_every_three_to_four_weeks() -> None:
    plan = ten_k_plan()
    building = [w for w in plan.weeks if w.phase is not Phase.TAPER]
    flags = [w.recovery for w in building]
    assert flags[3] and flags[7]
    assert not any(flags[i] and flags[i + 1] for i in range(len(flags) - 1))
    for week in (building[3], building[7]):
        previous = plan.weeks[plan.weeks.index(week) - 1]
        assert week.volume_km < previous.volume_km * 0.85


def test_the_rhythm_is_track_early_an_easy_run_after_and_the_long_run_at_the_weekend() -> None:
    plan = ten_k_plan(runs=5)
    for week in plan.weeks[:-1]:
        by_day = {e.day.weekday(): e for e in week.entries}
        assert by_day[1].kind in (EntryKind.TRACK, EntryKind.TEMPO)  # Tuesday: quality
        assert by_day[2].kind is EntryKind.EASY  # Wednesday: easy after it
        assert by_day[6].kind is EntryKind.LONG  # Sunday: the long run
        runs = [e for e in week.entries if e.kind is not EntryKind.REST]
        assert len(runs) == 5


def test_track_blocks_progress_and_end_on_the_road() -> None:
    plan = ten_k_plan()
    build = [w for w in plan.weeks if w.phase is Phase.BUILD]
    track = [
        next(e for e in w.entries if e.kind is EntryKind.TRACK and e.session is not None)
        for w in build
    ]
    full = [e.session for e, w in zip(track, build, strict=True) if not w.recovery]
    counts = [s.reps for s in full if s is not None]
    assert counts == sorted(counts) and counts[-1] > counts[0]
    recovery = [e for e, w in zip(track, build, strict=True) if w.recovery]
    assert recovery and all(e.session is not None and e.session.road for e in recovery)
    assert all("Tempo" in (e.workout_text or "") for e in recovery)


def test_the_taper_drops_volume_and_keeps_race_pace() -> None:
    plan = ten_k_plan()
    peak = max(w.volume_km for w in plan.weeks if w.phase is Phase.PEAK)
    taper = plan.weeks[-1]
    assert taper.volume_km <= peak * 0.65
    sharpener = [e for e in taper.entries if e.kind is EntryKind.TRACK]
    assert len(sharpener) == 1
    assert "10k Pace" in (sharpener[0].workout_text or "")
    assert (TWELVE_WEEKS_ON - sharpener[0].day).days >= 3
    assert not any(e.kind is EntryKind.LONG for e in taper.entries)


@pytest.mark.parametrize(("race", "weeks"), [("half", 2), ("marathon", 3), ("5k", 1)])
def test_longer_races_taper_longer_and_step_down(race: str, weeks: int) -> None:
    plan = ten_k_plan(race=race, recent=50.0, race_date=MONDAY + timedelta(weeks=16, days=-1))
    taper = [w for w in plan.weeks if w.phase is Phase.TAPER]
    assert len(taper) == weeks
    full = [w.volume_km for w in plan.weeks if w.phase is not Phase.TAPER and not w.recovery]
    volumes = [w.volume_km for w in taper]
    assert all(v < full[-1] for v in volumes)
    assert all(
        a >= b or w.entries[-1].kind is EntryKind.RACE
        for a, b, w in zip(volumes, volumes[1:], taper[1:], strict=False)
    )


def test_every_workout_text_in_the_plan_parses_and_resolves() -> None:
    plan = ten_k_plan(goal_time="43:30")
    texts = [e.workout_text for w in plan.weeks for e in w.entries if e.workout_text]
    assert len(texts) > 40
    for text in texts:
        resolve(parse_workout(text), RUNNER)
    assert any("4:21/km Pace" in text for text in texts)  # race-pace reps at the goal pace


def test_a_goal_beyond_today_s_fitness_is_noted() -> None:
    plan = ten_k_plan(goal_time="40:00")
    assert any("VDOT" in note for note in plan.notes)


def test_a_race_on_monday_takes_the_long_run_off_the_day_before() -> None:
    race_day = date(2027, 3, 1)  # a Monday
    plan = ten_k_plan(race_date=race_day)
    day_before = [e for w in plan.weeks for e in w.entries if e.day == race_day - timedelta(1)]
    assert day_before[0].kind not in HARD_KINDS
    assert plan.weeks[-1].entries[-1].kind is EntryKind.RACE


def test_three_runs_a_week_are_track_easy_and_long() -> None:
    plan = ten_k_plan(runs=3)
    week = plan.weeks[5]
    kinds = sorted(e.kind.value for e in week.entries if e.kind is not EntryKind.REST)
    assert kinds == ["easy", "long", "track"]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"race_date": MONDAY - timedelta(days=3)}, "race_date", "not after today"),
        ({"race_date": MONDAY + timedelta(days=9)}, "race_date", "taper"),
        ({"runs_per_week": 2}, "runs_per_week", "at least"),
        ({"track_day": Weekday.SUNDAY}, "track_day", "different days"),
        ({"track_day": Weekday.MONDAY}, "track_day", "48 hours"),
        ({"profile": AthleteProfile()}, "profile", "race result"),
        ({"goal_time": "4 minutes"}, "goal_time", "expected a time"),
        ({"race": "ultra"}, "race", "unknown race"),
    ],
)
def test_inputs_that_cannot_make_a_plan_say_why(
    change: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(SeasonError, match=words) as raised:
        ten_k_plan(**change)
    assert raised.value.field == field


def test_an_accepted_extra_rep_moves_the_coming_track_weeks_on() -> None:
    plan = ten_k_plan()
    build = [w for w in plan.weeks if w.phase is Phase.BUILD and not w.recovery]
    first = next(e for e in build[0].entries if e.kind is EntryKind.TRACK)
    assert first.session is not None and first.session.reps == 5
    accepted = format_workout(with_reps(parse_workout(first.workout_text or ""), 7))

    followed = follow_progress(plan, accepted, today=first.day - timedelta(days=1), profile=RUNNER)

    sessions = [
        e.session
        for w in followed.weeks
        if w.phase is Phase.BUILD and not w.recovery
        for e in w.entries
        if e.kind is EntryKind.TRACK
    ]
    before = [e.session for w in build for e in w.entries if e.kind is EntryKind.TRACK]
    assert [s.reps for s in sessions if s] == [s.reps + 2 for s in before if s]
    for old, new in zip(plan.weeks, followed.weeks, strict=True):
        assert new.volume_km == pytest.approx(old.volume_km, abs=0.05)
    for week in followed.weeks:
        for entry in week.entries:
            if entry.workout_text:
                resolve(parse_workout(entry.workout_text), RUNNER)


def test_an_accepted_faster_pace_carries_into_the_block() -> None:
    plan = ten_k_plan()
    track = [
        e
        for w in plan.weeks
        if w.phase is Phase.BUILD
        for e in w.entries
        if e.kind is EntryKind.TRACK and e.session is not None and not e.session.road
    ]
    faster = QualitySession(
        family="I 400mtr",
        road=False,
        reps=track[1].session.reps,
        rep="400mtr",
        pace="I",
        offset_s_per_400m=-1.0,
    )
    followed = follow_progress(plan, session_text(faster), today=track[1].day, profile=RUNNER)
    texts = [
        e.workout_text or "" for w in followed.weeks for e in w.entries if e.day >= track[1].day
    ]
    assert sum("I-1s/400m Pace" in t for t in texts) == len(track) - 1
    assert next(e for w in followed.weeks for e in w.entries if e.day == track[0].day) == track[0]


def test_a_workout_the_plan_does_not_hold_leaves_it_as_it_is() -> None:
    plan = ten_k_plan()
    ladder = "# Ladder\nMain set\n- 400mtr I Pace\n- 200mtr E Pace\n- 800mtr I Pace\n"
    assert follow_progress(plan, ladder, today=MONDAY, profile=RUNNER) == plan
    assert find_main_set(parse_workout(ladder)) is None


def test_settings_change_the_ramp() -> None:
    gentle = ten_k_plan(settings=SeasonSettings(ramp_pct=5.0))
    brisk = ten_k_plan()
    assert gentle.weeks[2].volume_km < brisk.weeks[2].volume_km


def test_too_little_recent_running_for_the_runs_asked_is_said_plainly() -> None:
    plan = ten_k_plan(recent=12.0)
    assert plan.weeks[0].volume_km >= 20.0  # five runs of at least 4 km
    assert any("below what this many runs" in note for note in plan.notes)


def test_two_controlled_runs_in_the_plan_move_the_block_on_through_progression() -> None:
    plan = ten_k_plan()
    track = [
        (w, e)
        for w in plan.weeks
        if w.phase is Phase.BUILD and not w.recovery
        for e in w.entries
        if e.kind is EntryKind.TRACK
    ]
    (week, first), (_, second) = track[0], track[1]
    workout = parse_workout(first.workout_text or "")
    laps = [96.0, 95.8, 96.2, 96.0, 95.9]
    runs = [WorkoutRun(day=first.day - timedelta(weeks=n), summary=session(laps)) for n in (1, 0)]

    suggestion = progress(workout, runs, weekly_km=week.volume_km).suggestion

    assert suggestion is not None and suggestion.kind is SuggestionKind.ADD_REP
    followed = follow_progress(
        plan, suggestion.workout_text, today=first.day + timedelta(days=1), profile=RUNNER
    )
    moved = next(e for w in followed.weeks for e in w.entries if e.day == second.day)
    assert moved.session is not None and second.session is not None
    assert moved.session.reps == 6 == second.session.reps  # the next one was 6 already
    later = [e for w in followed.weeks for e in w.entries if e.day > second.day]
    assert followed.weeks[0] == plan.weeks[0]
    assert all(e.workout_text is None or parse_workout(e.workout_text) for e in later)


def test_a_set_to_repeat_holds_the_block_back_a_week() -> None:
    plan = ten_k_plan()
    track = [
        e
        for w in plan.weeks
        if w.phase is Phase.BUILD and not w.recovery
        for e in w.entries
        if e.kind is EntryKind.TRACK and e.session is not None
    ]
    faded = [95.5, 95.8, 96.3, 97.0, 99.8]  # the last rep slips 4 %: not under control
    runs = [WorkoutRun(day=track[0].day, summary=session(faded))]

    suggestion = progress(parse_workout(track[0].workout_text or ""), runs).suggestion

    assert suggestion is not None and suggestion.kind is SuggestionKind.REPEAT
    followed = follow_progress(
        plan, suggestion.workout_text, today=track[0].day + timedelta(days=1), profile=RUNNER
    )
    after = [
        e.session.reps
        for w in followed.weeks
        for e in w.entries
        if e.session is not None and e.day > track[0].day and e.session.family == "I 400mtr"
    ]
    planned = [e.session.reps for e in track[1:] if e.session is not None]
    assert after == [reps - 1 for reps in planned]  # 5 again next week, then on from there


def test_a_track_day_late_in_the_week_is_noted() -> None:
    plan = ten_k_plan(track_day=Weekday.FRIDAY)
    assert any("late in the week" in note for note in plan.notes)
    assert not any("late in the week" in note for note in ten_k_plan().notes)
