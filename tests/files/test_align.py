"""Imported runs aligned to the planned session give the results the live session gave.

Each watch file here is built from a simulated runner who ran the session live: the live
engine's summary is the truth the import must reproduce, rep by rep. Real watch files of easy
runs must not be taken for the session.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import cache
from pathlib import Path

import pytest

from server.engine import Command, CommandAction, EngineSettings, Lap, RepResult, replay
from server.engine.verdict import Verdict
from server.files.activity import Activity, Record
from server.files.align import AlignMethod, align_activity
from server.files.read import read_activity
from tests.engine.harness import plan_for
from tests.files.watch_runs import (
    LiveRun,
    auto_laps,
    interval_plan,
    pressed_laps,
    run_live,
    watch_file,
)

DATA = Path(__file__).parent / "data"
SETTINGS = EngineSettings()
PLAN = interval_plan(6)


@cache
def live(reps: int) -> LiveRun:
    return run_live(interval_plan(reps))


def main_reps(reps: tuple[RepResult, ...]) -> list[RepResult]:
    return [rep for rep in reps if rep.main_set]


def assert_reps_as_live(
    imported: list[RepResult], ran: list[RepResult], *, seconds: float = 0.6
) -> None:
    """Per rep: the same time (within `seconds`), distance, verdict and heart rate."""
    assert len(imported) >= len(ran)
    for got, want in zip(imported, ran, strict=False):
        assert got.rep == want.rep
        assert got.seconds == pytest.approx(want.seconds, abs=seconds)
        assert got.metres == pytest.approx(want.metres, rel=0.015)
        assert got.verdict is want.verdict
        assert got.hr_avg == pytest.approx(want.hr_avg, abs=2)
        assert got.hr_max == pytest.approx(want.hr_max, abs=2)
        # The watch's jog lap ends when the runner sets off, 7 s after the live jog ended
        # (the live count-in): heart rate has fallen a little further by then.
        assert got.recovery_hr_drop is not None and want.recovery_hr_drop is not None
        assert -2 <= got.recovery_hr_drop - want.recovery_hr_drop <= 6


def test_manual_laps_of_a_6x400_give_each_rep_the_live_results() -> None:
    run = live(6)
    alignment = align_activity(watch_file(run, pressed_laps(run)), PLAN, SETTINGS)

    assert alignment.method is AlignMethod.LAPS
    assert alignment.confidence >= 0.9
    assert alignment.notes[0] == "Your watch's laps matched the plan's steps one for one."
    assert alignment.summary is not None
    assert_reps_as_live(main_reps(alignment.summary.reps), main_reps(run.summary.reps))
    assert alignment.summary.compliance == run.summary.compliance == 1.0
    assert alignment.summary.fatigue == run.summary.fatigue
    assert alignment.summary.controlled is True
    assert (alignment.reps_planned, alignment.reps_found) == (6, 6)


def test_the_warm_up_as_one_lap_counts_as_its_first_step_and_says_so() -> None:
    run = live(6)
    alignment = align_activity(watch_file(run, pressed_laps(run)), PLAN, SETTINGS)

    assert alignment.summary is not None
    strides = [rep for rep in alignment.summary.reps if not rep.main_set]
    assert strides and all(rep.skipped for rep in strides)
    assert any("warmup had no lap presses between its steps" in note for note in alignment.notes)


def test_the_alignments_events_replay_to_its_summary() -> None:
    run = live(6)
    alignment = align_activity(watch_file(run, auto_laps(run)), PLAN, SETTINGS)

    assert alignment.plan is not None
    engine, _ = replay(alignment.plan, alignment.events, alignment.settings)
    assert engine.summary() == alignment.summary
    assert sum(isinstance(event, Lap) for event in alignment.events) == len(PLAN.steps) - 9


def test_a_watch_that_auto_laps_every_kilometre_has_its_reps_found_from_pace() -> None:
    run = live(6)
    alignment = align_activity(watch_file(run, auto_laps(run)), PLAN, SETTINGS)

    assert alignment.method is AlignMethod.RECORDS
    assert alignment.notes[0] == (
        "Your watch lapped every kilometre, so the reps were found from your pace."
    )
    assert alignment.summary is not None
    assert_reps_as_live(main_reps(alignment.summary.reps), main_reps(run.summary.reps), seconds=1.5)
    assert alignment.summary.compliance == 1.0


def with_gps_noise(run: LiveRun, metres: float, seed: int = 3) -> LiveRun:
    """The run as a GPS watch measures it: a position error that wanders (about `metres` at a
    time), distance never going back, and no speed field (found from the distance)."""
    rng = random.Random(seed)
    error, furthest, records = 0.0, 0.0, []
    for record in run.records:
        error = 0.9 * error + rng.gauss(0.0, metres * 0.44)
        furthest = max(furthest, (record.distance_m or 0.0) + error)
        records.append(record.model_copy(update={"distance_m": furthest, "speed_mps": None}))
    return LiveRun(run.plan, run.summary, run.steps, records)


def test_reps_are_found_through_gps_noise() -> None:
    run = with_gps_noise(live(6), metres=1.5)
    for laps in (auto_laps(run), []):
        alignment = align_activity(watch_file(run, laps), PLAN, SETTINGS)

        assert alignment.method is AlignMethod.RECORDS
        assert alignment.summary is not None
        imported, ran = main_reps(alignment.summary.reps), main_reps(live(6).summary.reps)
        assert [rep.rep for rep in imported] == [1, 2, 3, 4, 5, 6]
        for got, want in zip(imported, ran, strict=True):
            assert got.seconds == pytest.approx(want.seconds, abs=3.0)
            assert got.metres == pytest.approx(want.metres, rel=0.03)
            assert got.verdict is want.verdict


def test_auto_laps_every_mile_are_named_as_such() -> None:
    run = live(6)
    alignment = align_activity(watch_file(run, auto_laps(run, 1609.344)), PLAN, SETTINGS)

    assert alignment.method is AlignMethod.RECORDS
    assert (
        alignment.notes[0] == "Your watch lapped every mile, so the reps were found from your pace."
    )


def test_a_forgotten_lap_press_is_split_by_pace_and_said() -> None:
    run = live(6)
    laps = pressed_laps(run, forget_end_of_rep=3)
    alignment = align_activity(watch_file(run, laps), PLAN, SETTINGS)

    assert alignment.method is AlignMethod.RECORDS
    assert "No lap press marked the end of rep 3, so it was found from your pace." in (
        alignment.notes
    )
    assert alignment.summary is not None
    imported, ran = main_reps(alignment.summary.reps), main_reps(run.summary.reps)
    assert_reps_as_live(imported, ran, seconds=1.0)
    # Every other edge sits on the runner's own press: those reps are exactly the live ones.
    for got, want in zip(imported, ran, strict=True):
        if got.rep != 3:
            assert got.seconds == pytest.approx(want.seconds, abs=0.01)
    assert alignment.confidence >= 0.85


def test_five_reps_of_six_planned_leave_the_sixth_skipped() -> None:
    run = live(5)
    for laps in (pressed_laps(run), auto_laps(run)):
        alignment = align_activity(watch_file(run, laps), PLAN, SETTINGS)

        assert alignment.method is AlignMethod.RECORDS
        assert "You ran 5 of 6 planned reps; rep 6 counts as skipped." in alignment.notes
        assert alignment.summary is not None
        imported = main_reps(alignment.summary.reps)
        assert_reps_as_live(imported[:5], main_reps(run.summary.reps), seconds=1.5)
        assert imported[5].rep == 6 and imported[5].skipped and imported[5].verdict is None
        assert alignment.summary.controlled is False
        assert (alignment.reps_planned, alignment.reps_found) == (6, 5)


def test_seven_reps_of_six_planned_judge_the_first_six_and_say_so() -> None:
    run = live(7)
    for laps in (pressed_laps(run), auto_laps(run)):
        alignment = align_activity(watch_file(run, laps), PLAN, SETTINGS)

        assert alignment.method is AlignMethod.RECORDS
        assert (
            "You ran 7 reps where the plan had 6: the first 6 are judged, and the last one"
            " counts as running after the set." in alignment.notes
        )
        assert alignment.summary is not None
        imported = main_reps(alignment.summary.reps)
        assert len(imported) == 6
        assert_reps_as_live(imported, main_reps(run.summary.reps)[:6], seconds=1.5)


def test_a_watch_stopped_in_a_recovery_pauses_the_session() -> None:
    run = live(6)
    jog = next(r for r in run.steps if r.index == run.main_reps()[1].index + 1)
    stop_from = jog.started_at + 30
    moved = []
    for record in run.records:
        t = (record.time - run.records[0].time).total_seconds() + 1
        if stop_from <= t < stop_from + 40:
            continue  # the watch was stopped: no records for 40 s
        moved.append(record)
    stopped = LiveRun(run.plan, run.summary, run.steps, moved)
    alignment = align_activity(watch_file(stopped, pressed_laps(stopped)), PLAN, SETTINGS)

    actions = [e.action for e in alignment.events if isinstance(e, Command)]
    assert CommandAction.PAUSE in actions and CommandAction.RESUME in actions
    assert alignment.summary is not None
    assert_reps_as_live(main_reps(alignment.summary.reps), main_reps(run.summary.reps))


def test_timed_reps_on_the_road_without_laps_are_found_from_pace() -> None:
    plan = plan_for(
        """# 5 x 3 min
Warmup
- 12m E Pace

Main set 5x
- 3m I Pace
- Jog 2m

Cooldown
- 8m E Pace
"""
    )
    run = run_live(plan)
    alignment = align_activity(watch_file(run, []), plan, SETTINGS)

    assert alignment.method is AlignMethod.RECORDS
    assert (
        alignment.notes[0] == "Your watch recorded no laps, so the reps were found from your pace."
    )
    assert alignment.summary is not None
    imported, ran = main_reps(alignment.summary.reps), main_reps(run.summary.reps)
    assert [rep.seconds for rep in imported] == pytest.approx(
        [rep.seconds for rep in ran], abs=0.01
    )
    assert [rep.verdict for rep in imported] == [rep.verdict for rep in ran]
    for got, want in zip(imported, ran, strict=True):
        assert got.metres == pytest.approx(want.metres, rel=0.02)


@pytest.mark.parametrize(
    "name",
    [
        "fitparse_2013-02-06-12-11-14.fit",  # an easy 5 km with auto-laps and a fast kilometre
        "tcxparser_test.tcx",  # a 4.7 km run with auto-laps every mile
        "tormoder_mornindew-broken.fit",  # a long run with long pauses
        "fitparse_activity-large-fenxi2-multisport.fit",  # a triathlon: the bike is no rep
    ],
)
def test_a_real_run_that_was_not_intervals_is_not_taken_for_the_session(name: str) -> None:
    activity = read_activity((DATA / name).read_bytes(), filename=name)

    for plan in (PLAN, plan_for("10x200"), plan_for("5x1k")):
        alignment = align_activity(activity, plan, SETTINGS)

        assert alignment.method is AlignMethod.NONE
        assert alignment.summary is None and alignment.events == []
        assert alignment.notes == [
            "No stretch of this run looked like the plan's reps, so it was not matched to the"
            " session."
        ]


def test_a_walk_is_not_matched_to_a_running_session() -> None:
    name = "fitparse_garmin-fenix-5-walk.fit"
    activity = read_activity((DATA / name).read_bytes(), filename=name)

    alignment = align_activity(activity, PLAN, SETTINGS)

    assert alignment.method is AlignMethod.NONE
    assert alignment.notes == ["This is not a run, so it was not matched to the planned session."]


def test_a_run_with_no_records_cannot_be_aligned() -> None:
    activity = Activity(
        format="gpx",
        sport="running",
        start=dt.datetime(2026, 3, 3, 6, 30, tzinfo=dt.UTC),
        records=[Record(time=dt.datetime(2026, 3, 3, 6, 30, tzinfo=dt.UTC), distance_m=0.0)],
    )

    alignment = align_activity(activity, PLAN, SETTINGS)

    assert alignment.method is AlignMethod.NONE
    assert alignment.summary is None
    assert alignment.confidence == 0.0


def test_verdicts_come_from_the_engine_for_a_runner_who_went_too_fast() -> None:
    run = live(6)
    faster = [
        record.model_copy(
            update={
                "time": run.records[0].time + (record.time - run.records[0].time) * 0.9,
            }
        )
        for record in run.records
    ]
    quick = LiveRun(run.plan, run.summary, run.steps, faster)
    alignment = align_activity(watch_file(quick, auto_laps(quick)), PLAN, SETTINGS)

    assert alignment.summary is not None
    verdicts = {rep.verdict for rep in main_reps(alignment.summary.reps)}
    assert verdicts == {Verdict.FAST}
    assert alignment.summary.controlled is False


def test_six_400s_are_not_taken_for_a_ladder_with_an_800_in_it() -> None:
    run = live(6)
    ladder = plan_for(
        """# 400-800-400
Warmup
- 15m E Pace

Main set
- Rep 400mtr I Pace
- Jog 400mtr E Pace
- Rep 800mtr I Pace
- Jog 400mtr E Pace
- Rep 400mtr I Pace
"""
    )
    for laps in (pressed_laps(run), auto_laps(run), []):
        alignment = align_activity(watch_file(run, laps), ladder, SETTINGS)

        assert alignment.method is AlignMethod.NONE
        assert alignment.notes == [
            "The reps in this run do not follow the plan's, so it was not matched to the session."
        ]


def test_six_400s_without_sections_in_the_plan_start_the_session_at_the_first_rep() -> None:
    run = live(6)
    bare = plan_for("# 6 x 400\nMain set 6x\n- 400mtr I Pace\n- Jog 400mtr E Pace\n")

    alignment = align_activity(watch_file(run, pressed_laps(run)), bare, SETTINGS)

    assert alignment.method is AlignMethod.LAPS
    assert alignment.summary is not None
    assert alignment.summary.skipped_steps == 0
    assert_reps_as_live(list(alignment.summary.reps), main_reps(run.summary.reps))
    start = alignment.events[0]
    assert start.t == pytest.approx(run.main_reps()[0].started_at)
