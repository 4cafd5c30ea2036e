"""The clock: countdowns land on rep starts, time-based plans end on time, pauses shift time."""

from __future__ import annotations

import pytest

from server.engine import (
    Command,
    CommandAction,
    Cue,
    CueKind,
    Phase,
    SessionEngine,
    SessionStatus,
    Start,
    Tick,
)
from tests.engine.harness import plan_for, run_session

TIMED = """\
Warmup
- 10m E Pace

Main set 5x
- 2m I Pace
- Jog 1m

Cooldown
- 5m E Pace
"""


def run_on_ticks(engine: SessionEngine, until: float = 1e6) -> list[Cue]:
    cues = list(engine.handle(Start(t=0)))
    while (deadline := engine.next_deadline()) is not None and deadline <= until:
        cues.extend(engine.handle(Tick(t=deadline)))
    return cues


def test_a_time_based_workout_run_at_target_ends_exactly_at_its_planned_duration() -> None:
    plan = plan_for(TIMED)
    engine = SessionEngine(plan)
    cues = run_on_ticks(engine)
    assert engine.status is SessionStatus.FINISHED
    (end,) = [cue for cue in cues if cue.kind is CueKind.SESSION_END]
    assert end.due == plan.totals.planned_seconds == 10 * 60 + 5 * 3 * 60 + 5 * 60


def test_rest_countdown_ends_exactly_at_rep_start() -> None:
    plan = plan_for(TIMED)
    cues = run_on_ticks(SessionEngine(plan))
    starts = {cue.due for cue in cues if cue.kind is CueKind.STEP_START and cue.rep}
    assert starts == {600 + 180 * n for n in range(5)}
    for start in starts - {600}:
        countdown = sorted(
            cue.due
            for cue in cues
            if cue.kind is CueKind.COUNTDOWN and start - 10 <= cue.due < start
        )
        assert countdown == [start - 10, start - 5, start - 4, start - 3, start - 2, start - 1]


def test_the_first_rep_after_the_warm_up_gets_the_same_countdown() -> None:
    cues = run_on_ticks(SessionEngine(plan_for(TIMED)))
    before_first = [cue for cue in cues if cue.kind is CueKind.COUNTDOWN and cue.due < 600]
    assert [cue.text for cue in before_first] == ["10 seconds.", "5", "4", "3", "2", "1"]


def test_a_late_tick_does_not_make_the_next_step_start_late() -> None:
    engine = SessionEngine(plan_for(TIMED))
    engine.handle(Start(t=0))
    engine.handle(Tick(t=600.7))  # the warm-up ended at 600; the scheduler woke up late
    state = engine.state()
    assert state.step_started_at == 600
    assert state.active_s == pytest.approx(0.7)
    assert engine.next_deadline() == 720


def test_a_rep_after_an_untimed_step_is_named_then_counted_in_and_zero_says_only_go() -> None:
    engine = SessionEngine(plan_for("Main set 2x\n- 400mtr I Pace\n- Jog Press lap\n"))
    cues = engine.handle(Start(t=5))
    assert engine.state().phase is Phase.LEAD_IN
    (preview,) = [cue for cue in cues if cue.kind is CueKind.PREVIEW]
    assert (preview.text, preview.due) == ("Next, rep 1 of 2: 400 metres in 94 seconds.", 5)
    countdown = [(cue.text, cue.due) for cue in cues if cue.kind is CueKind.COUNTDOWN]
    assert countdown == [("3", 9), ("2", 10), ("1", 11)]
    (go,) = [cue for cue in cues if cue.kind is CueKind.STEP_START]
    assert (go.text, go.due) == ("Go.", 12)
    engine.handle(Tick(t=12))
    assert engine.state().phase is Phase.STEP and engine.state().step_started_at == 12


def test_pausing_shifts_the_end_of_a_timed_step_by_the_pause() -> None:
    engine = SessionEngine(plan_for(TIMED))
    engine.handle(Start(t=0))
    engine.handle(Command(t=100, action=CommandAction.PAUSE))
    assert engine.next_deadline() is None
    cues = engine.handle(Command(t=160, action=CommandAction.RESUME))
    assert engine.next_deadline() == 660
    assert any(cue.kind is CueKind.STEP_START and cue.due == 660 for cue in cues)


def test_a_pause_cancels_the_cues_announced_ahead_and_resume_announces_them_again() -> None:
    engine = SessionEngine(plan_for(TIMED))
    announced = engine.handle(Start(t=0))
    future = {cue.id for cue in announced if cue.due > 100}
    pause = engine.handle(Command(t=100, action=CommandAction.PAUSE))
    (cancel,) = [cue for cue in pause if cue.kind is CueKind.CANCEL]
    assert set(cancel.cancels) == future
    resumed = engine.handle(Command(t=130, action=CommandAction.RESUME))
    countdown = [cue.due for cue in resumed if cue.kind is CueKind.COUNTDOWN]
    assert countdown == [620, 625, 626, 627, 628, 629]
    assert not {cue.id for cue in resumed} & future


def test_extending_a_rest_moves_the_countdown_and_the_rep_start() -> None:
    engine = SessionEngine(plan_for(TIMED))
    engine.handle(Start(t=0))
    engine.handle(Tick(t=600))
    engine.handle(Tick(t=720))  # rep 1 done; the jog runs to 780
    cues = engine.handle(Command(t=730, action=CommandAction.EXTEND, seconds=30))
    assert engine.next_deadline() == 810
    (extended,) = [cue for cue in cues if cue.kind is CueKind.EXTENDED]
    assert extended.text == "Plus 30 seconds. 80 seconds to go."
    assert [cue.due for cue in cues if cue.kind is CueKind.STEP_START] == [810]


def test_skip_ends_the_step_now_and_counts_in_the_next_rep() -> None:
    engine = SessionEngine(plan_for(TIMED))
    engine.handle(Start(t=0))
    cues = engine.handle(Command(t=42, action=CommandAction.SKIP))
    assert engine.state().phase is Phase.LEAD_IN
    assert [cue.due for cue in cues if cue.kind is CueKind.PREVIEW] == [42]
    assert [cue.due for cue in cues if cue.kind is CueKind.COUNTDOWN] == [46, 47, 48]
    assert engine.summary().completed_steps == 0
    assert engine.summary().skipped_steps == 1


def test_ending_early_finishes_the_session_and_says_so() -> None:
    run = run_session(
        plan_for(TIMED), commands=[Command(t=700, action=CommandAction.END)], footpod=False
    )
    assert run.engine.status is SessionStatus.FINISHED
    assert run.texts(CueKind.SESSION_END)[-1].startswith("Session ended.")
