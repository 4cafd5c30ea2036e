"""One verdict: the voice and the stored results agree on every rep, at the boundaries too."""

from __future__ import annotations

import pytest

from server.engine import (
    CueKind,
    EngineSettings,
    Lap,
    Sample,
    SessionEngine,
    Start,
    Venue,
)
from server.engine.verdict import Verdict, judge_pace, judge_time, say_verdict
from server.workouts import ResolvedPace
from tests.engine.harness import plan_for

LEAD_IN = 7.0  # the rep's details, then 3, 2, 1


def i_pace() -> tuple[float, float, float]:
    plan = plan_for("- 400mtr I Pace\n")
    target = plan.steps[0].target
    assert isinstance(target, ResolvedPace)
    return target.fast_s_per_km, target.slow_s_per_km, plan.athlete.pace_tolerance_s_per_km


FAST, SLOW, TOLERANCE = i_pace()
BOUNDARIES = [
    (FAST - TOLERANCE - 0.4, Verdict.FAST),
    (FAST - TOLERANCE + 1e-9, Verdict.ON_TARGET),  # on the edge (inside by a rounding)
    ((FAST + SLOW) / 2, Verdict.ON_TARGET),
    (SLOW, Verdict.ON_TARGET),
    (SLOW + TOLERANCE - 1e-9, Verdict.ON_TARGET),
    (SLOW + TOLERANCE + 0.4, Verdict.SLOW),
]
SAID = {
    Verdict.FAST: "faster than the target",
    Verdict.ON_TARGET: "on target",
    Verdict.SLOW: "slower than the target",
}


@pytest.mark.parametrize(("pace", "verdict"), BOUNDARIES)
def test_a_timed_rep_is_said_and_stored_with_the_same_verdict(
    pace: float, verdict: Verdict
) -> None:
    engine = SessionEngine(plan_for("Main set 1x\n- 1m I Pace\n"), EngineSettings(venue=Venue.ROAD))
    engine.handle(Start(t=0))
    speed = 1000 / pace
    cues = []
    for t in range(1, 80):
        moving = t > LEAD_IN  # standing at the start line during the count-in
        ran = speed * max(0.0, t - LEAD_IN)
        reading = Sample(t=t, source="gps", speed=speed if moving else 0.0, distance=ran + 1.0)
        cues += engine.handle(reading)
    (rep,) = engine.summary().reps
    (end,) = [cue for cue in cues if cue.kind is CueKind.STEP_END]
    assert rep.verdict is verdict
    assert end.text.endswith(f", {SAID[verdict]}."), end.text
    assert rep.seconds == 60 and rep.metres == pytest.approx(speed * 60)  # the last second kept


@pytest.mark.parametrize(("pace", "verdict"), BOUNDARIES)
def test_a_track_rep_is_said_and_stored_with_the_same_verdict(
    pace: float, verdict: Verdict
) -> None:
    no_count_in = EngineSettings(lead_in_s=0)  # the rep starts at 0: its time is the press's
    engine = SessionEngine(plan_for("Main set 1x\n- 400mtr I Pace\n"), no_count_in)
    engine.handle(Start(t=0))
    cues = engine.handle(Lap(t=0.4 * pace))
    (rep,) = engine.summary().reps
    (end,) = [cue for cue in cues if cue.kind is CueKind.STEP_END]
    assert rep.verdict is verdict
    word = {Verdict.FAST: "fast.", Verdict.ON_TARGET: "on target.", Verdict.SLOW: "slow."}
    assert end.text.endswith(word[verdict]), end.text
    assert rep.on_target is (verdict is Verdict.ON_TARGET)


def test_a_rep_at_exactly_the_target_pace_is_on_target_in_every_form() -> None:
    assert judge_pace(SLOW, FAST, SLOW) is Verdict.ON_TARGET
    assert judge_time(0.5 * SLOW, 500, FAST, SLOW) == (Verdict.ON_TARGET, 0.0)


@pytest.mark.parametrize(
    ("outside", "said"),
    [
        (0.04, "0.1 seconds fast"),
        (0.5, "0.5 seconds fast"),
        (1.0, "1 second fast"),
        (1.2, "2 seconds fast"),
        (3.0, "3 seconds fast"),
    ],
)
def test_half_a_second_outside_the_range_is_never_called_a_whole_second(
    outside: float, said: str
) -> None:
    assert say_verdict(Verdict.FAST, outside) == said


def test_a_split_is_judged_at_the_whole_second_it_is_said_in() -> None:
    quickest = 0.2 * (FAST - TOLERANCE)
    verdict, _ = judge_time(quickest - 0.3, 200, FAST, SLOW, TOLERANCE, whole_seconds=True)
    assert verdict is Verdict.ON_TARGET  # said as a whole second inside the range
    verdict, _ = judge_time(quickest - 1.6, 200, FAST, SLOW, TOLERANCE, whole_seconds=True)
    assert verdict is Verdict.FAST
