"""Alerts stay quiet when they should, speak when they must, and results add up."""

from __future__ import annotations

import pytest

from device.simulation import RunnerProfile
from server.engine import (
    Command,
    CommandAction,
    CueKind,
    Sample,
    SessionEngine,
    Start,
    Tick,
)
from server.engine.alerts import AlarmState, AlertSettings, Deviation, observe
from server.engine.calibration import FootpodCalibration
from server.engine.fatigue import Advice, FatigueSettings, RepEffort, assess
from tests.engine.harness import plan_for, run_session

SETTINGS = AlertSettings(window_s=10, grace_s=15, hysteresis=0.015, cooldown_s=20)


def test_an_alarm_waits_for_the_grace_period_and_a_full_window() -> None:
    alarm = AlarmState.new(SETTINGS)
    fired = [observe(alarm, SETTINGS, t, 5.0, 4.0, 4.2) for t in range(0, 15)]
    assert fired == [None] * 15
    assert observe(alarm, SETTINGS, 15, 5.0, 4.0, 4.2) == (Deviation.HIGH, 5.0)


def test_an_alarm_backs_off_each_time_and_speaks_at_most_three_times_a_step() -> None:
    alarm = AlarmState.new(SETTINGS)
    times = [t for t in range(0, 600) if observe(alarm, SETTINGS, t, 5.0, 4.0, 4.2) is not None]
    assert times == [15, 35, 75]  # the cooldown doubles: 20 s, then 40 s; then it is quiet
    alarm.reset()  # a new step
    assert [t for t in range(0, 20) if observe(alarm, SETTINGS, t, 5.0, 4.0, 4.2)] == [15]


def test_a_reading_inside_the_hysteresis_band_neither_alerts_nor_clears() -> None:
    alarm = AlarmState.new(SETTINGS)
    for t in range(0, 20):
        observe(alarm, SETTINGS, t, 4.22, 4.0, 4.2)  # 0.5 % over the top: inside the band
    assert observe(alarm, SETTINGS, 20, 4.22, 4.0, 4.2) is None


def test_no_pace_alert_while_paused_or_in_a_rest() -> None:
    plan = plan_for("Main set 2x\n- 2m I Pace\n- Rest 2m\n")
    engine = SessionEngine(plan)
    engine.handle(Start(t=0))
    engine.handle(Tick(t=7))
    engine.handle(Command(t=8, action=CommandAction.PAUSE))
    quiet = []
    for t in range(9, 64):
        quiet += engine.handle(Sample(t=t, source="footpod", speed=6.0))
    engine.handle(Command(t=64, action=CommandAction.RESUME))
    engine.handle(Tick(t=183))  # rep 1 ends at 7 + 120 + 56 s of pause; the rest begins
    for t in range(184, 244):
        quiet += engine.handle(Sample(t=t, source="footpod", speed=6.0))
    assert [cue for cue in quiet if cue.kind is CueKind.PACE_ALERT] == []


def test_a_heart_rate_above_the_ceiling_is_called_out() -> None:
    plan = plan_for("- Steady 10m 130-150bpm HR\n")
    engine = SessionEngine(plan)
    engine.handle(Start(t=0))
    cues = []
    for t in range(1, 40):
        cues += engine.handle(Sample(t=t, source="hrm", hr=165))
    (alert,) = [cue for cue in cues if cue.kind is CueKind.HR_ALERT]
    assert alert.text == "Heart rate 165, above 150. Ease off."
    assert alert.due == 20


def test_results_give_each_rep_its_time_pace_heart_rate_and_recovery() -> None:
    run = run_session(plan_for("5x1k"), RunnerProfile(seed=6))
    summary = run.engine.summary()
    main = [rep for rep in summary.reps if rep.block == "Main set"]
    assert len(main) == 5
    for rep in main:
        assert rep.metres == 1000
        assert rep.pace_s_per_km == pytest.approx(rep.seconds, rel=1e-9)
        assert rep.hr_avg is not None and rep.hr_max is not None and rep.hr_max >= rep.hr_avg
    assert all(rep.recovery_hr_drop and rep.recovery_hr_drop > 10 for rep in main[:4])
    assert main[4].recovery_hr_drop is None  # the last recovery is skipped: cool-down follows
    assert summary.compliance == 1.0
    strides = [rep for rep in summary.reps if rep.block == "Warmup"]
    assert strides and all(rep.on_target is None for rep in strides)
    assert summary.completed_steps == summary.total_steps


def test_skipped_reps_are_reported_as_skipped_and_not_judged() -> None:
    run = run_session(
        plan_for("Main set 3x\n- 400mtr I Pace\n- Rest 1m\n"),
        commands=[Command(t=30, action=CommandAction.SKIP)],
    )
    first, *_ = run.engine.summary().reps
    assert first.skipped and first.on_target is None


def test_a_session_with_a_skipped_rep_is_not_called_controlled_even_if_the_rest_were_on_pace() -> (
    None
):
    run = run_session(
        plan_for("Main set 3x\n- 400mtr I Pace\n- Rest 1m\n"),
        commands=[Command(t=30, action=CommandAction.SKIP)],
    )
    summary = run.engine.summary()
    assert [rep.on_target for rep in summary.reps if rep.main_set] == [None, True, True]
    assert summary.controlled is False
    assert "1 of 3 were skipped" in summary.takeaway
    assert "controlled" not in summary.takeaway


@pytest.mark.parametrize(
    ("speeds", "advice"),
    [
        ([4.2, 4.2, 4.19, 4.18], None),
        ([4.2, 4.2, 4.2, 4.05], Advice.EASE),
        ([4.2, 4.2, 4.05, 4.06], Advice.STOP),
        ([4.2, 4.2, 4.2, 3.95], Advice.STOP),
    ],
)
def test_fatigue_advice_follows_the_fade(speeds: list[float], advice: Advice | None) -> None:
    verdict = assess([RepEffort(speed, 170) for speed in speeds], FatigueSettings())
    assert (verdict[0] if verdict else None) is advice


def test_heart_rate_drift_at_the_same_pace_asks_for_full_recoveries() -> None:
    efforts = [RepEffort(4.2, 160), RepEffort(4.2, 162), RepEffort(4.2, 172)]
    verdict = assess(efforts, FatigueSettings())
    assert verdict is not None
    assert verdict[0] is Advice.RECOVER and verdict[1] == pytest.approx(6.8, abs=0.1)


def test_calibration_ignores_a_lap_the_footpod_cannot_have_run() -> None:
    calibration = FootpodCalibration()
    assert calibration.add_lap(400, 420)
    assert not calibration.add_lap(400, 800)  # a missed press: two laps in one
    assert calibration.factor == 1.0  # one lap is not enough to trust
    assert calibration.add_lap(400, 420)
    assert calibration.factor == pytest.approx(400 / 420)


def test_every_target_of_a_step_is_kept_checked_and_spoken() -> None:
    plan = plan_for("Main set 1x\n- 5m I Pace 170-180rpm 150-175bpm HR\n")
    engine = SessionEngine(plan)
    cues = engine.handle(Start(t=0))
    (preview,) = [cue for cue in cues if cue.kind is CueKind.PREVIEW]
    assert preview.text == (
        "Next, rep 1 of 1: 5 minutes at 3:53 to 3:58 per kilometre, cadence 170 to 180,"
        " heart rate 150 to 175."
    )
    speed = 1000 / 235  # on pace all along
    for t in range(8, 120):
        distance = speed * (t - 7)
        cues += engine.handle(
            Sample(t=t, source="footpod", speed=speed, cadence=160, distance=distance)
        )
        cues += engine.handle(Sample(t=t, source="hrm", hr=182))
    assert not [cue for cue in cues if cue.kind is CueKind.PACE_ALERT]
    cadence = [cue.text for cue in cues if cue.kind is CueKind.CADENCE_ALERT]
    assert cadence and cadence[0] == "Cadence 160. Quicker steps: 170 to 180."
    heart = [cue.text for cue in cues if cue.kind is CueKind.HR_ALERT]
    assert heart and heart[0] == "Heart rate 182, above 175. Ease off."
