"""Bad inputs are refused with a reason, and refusing them changes nothing."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from server.engine import (
    Command,
    CommandAction,
    CommandNotAllowed,
    EventOutOfOrder,
    InvalidEvent,
    Lap,
    Sample,
    SessionEngine,
    Start,
    Tick,
)
from tests.engine.harness import plan_for

TIMED = "Main set 3x\n- 1m I Pace\n- Rest 1m\n"


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Tick(t=-1), "t"),
        (lambda: Tick(t=math.nan), "t"),
        (lambda: Sample(t=1, source="hrm", hr=400), "hr"),
        (lambda: Sample(t=1, source="footpod", speed=-2), "speed"),
        (lambda: Sample(t=1, source="footpod", distance=math.inf), "distance"),
        (lambda: Sample(t=1, source="", hr=120), "source"),
        (lambda: Command(t=1, action=CommandAction.EXTEND, seconds=0), "seconds"),
        (lambda: Command(t=1, action=CommandAction.PAUSE, seconds=30), "seconds"),
    ],
)
def test_events_with_impossible_fields_are_refused_naming_the_field(build, field: str) -> None:
    with pytest.raises(InvalidEvent) as caught:
        build()
    assert caught.value.field == field


def test_time_never_runs_backwards() -> None:
    engine = SessionEngine(plan_for(TIMED))
    engine.handle(Start(t=10))
    before = engine.state()
    with pytest.raises(EventOutOfOrder, match="older than the session clock"):
        engine.handle(Lap(t=9))
    assert engine.state() == before


@pytest.mark.parametrize(
    ("setup", "action", "says"),
    [
        ([], CommandAction.PAUSE, "cannot pause while the session is ready: start it first"),
        ([CommandAction.PAUSE], CommandAction.PAUSE, "already paused"),
        ([], CommandAction.RESUME, "cannot resume while the session is running"),
        ([CommandAction.PAUSE], CommandAction.SKIP, "resume first"),
        ([CommandAction.END], CommandAction.RESUME, "while the session is finished"),
    ],
)
def test_commands_the_state_does_not_take_are_refused_with_the_state(
    setup: list[CommandAction], action: CommandAction, says: str
) -> None:
    engine = SessionEngine(plan_for(TIMED))
    if action is not CommandAction.PAUSE or setup:
        engine.handle(Start(t=0))
    for step in setup:
        engine.handle(Command(t=1, action=step))
    before = engine.state()
    with pytest.raises(CommandNotAllowed, match=says):
        engine.handle(Command(t=2, action=action))
    assert engine.state() == before


def test_only_a_timed_recovery_or_rest_can_be_extended() -> None:
    engine = SessionEngine(plan_for(TIMED))
    engine.handle(Start(t=0))
    engine.handle(Tick(t=3))  # the lead-in is over; rep 1 runs
    with pytest.raises(CommandNotAllowed, match="only a timed recovery or rest"):
        engine.handle(Command(t=5, action=CommandAction.EXTEND, seconds=30))


def test_a_second_start_is_refused() -> None:
    engine = SessionEngine(plan_for(TIMED))
    engine.handle(Start(t=0))
    with pytest.raises(CommandNotAllowed, match="cannot start"):
        engine.handle(Start(t=1))


def test_samples_before_the_start_and_after_the_end_change_nothing() -> None:
    engine = SessionEngine(plan_for(TIMED))
    assert engine.handle(Sample(t=0, source="hrm", hr=120)) == []
    engine.handle(Start(t=1))
    engine.handle(Command(t=2, action=CommandAction.END))
    after_end = engine.state()
    assert engine.handle(Sample(t=3, source="hrm", hr=120)) == []
    assert replace(engine.state(), now=after_end.now) == after_end
