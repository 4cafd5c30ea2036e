"""Results stored before the summary was typed read as today's summary, unchanged in meaning."""

from __future__ import annotations

from server.engine import Advice, EngineSettings, Units
from server.engine.stored_results import read_summary
from server.engine.verdict import Verdict
from tests.engine.harness import plan_for, run_session

OLD = {
    "reps": [
        {
            "index": 2,
            "rep": 1,
            "reps": 4,
            "block": "Warmup",
            "target_text": "R Pace",
            "seconds": 20.0,
            "metres": 91.2,
            "pace_s_per_km": 219.4,
            "target_pace": [213.7, 218.7],
            "hr_avg": 165.8,
            "hr_max": 174,
            "recovery_hr_drop": 21,
            "on_target": None,
            "skipped": False,
        },
        {
            "index": 10,
            "rep": 1,
            "reps": 6,
            "block": "Main set",
            "target_text": "I Pace",
            "seconds": 91.0,
            "metres": 400.0,
            "pace_s_per_km": 227.5,
            "target_pace": [232.5, 237.5],
            "hr_avg": 178.0,
            "hr_max": 187,
            "recovery_hr_drop": 29,
            "on_target": False,
            "skipped": False,
        },
        {
            "index": 12,
            "rep": 2,
            "reps": 6,
            "block": "Main set",
            "target_text": "I Pace",
            "seconds": 99.5,
            "metres": -0.0,
            "pace_s_per_km": 248.8,
            "target_pace": [232.5, 237.5],
            "hr_avg": 181.0,
            "hr_max": 189,
            "recovery_hr_drop": None,
            "on_target": False,
            "skipped": False,
        },
    ],
    "completed_steps": 16,
    "total_steps": 23,
    "compliance": 0.0,
    "fatigue": "stop: 9.6 %",
}


def test_an_old_result_reads_with_verdicts_main_set_and_typed_fatigue() -> None:
    summary = read_summary(OLD, EngineSettings(units=Units.MILE))
    assert summary is not None
    stride, fast, slow = summary.reps
    assert stride.verdict is None and not stride.main_set
    assert fast.verdict is Verdict.FAST and slow.verdict is Verdict.SLOW
    assert slow.metres == 0.0 and str(slow.metres) == "0.0"  # never -0.0
    assert summary.fatigue is not None
    assert (summary.fatigue.advice, summary.fatigue.percent) == (Advice.STOP, 9.6)
    assert summary.fatigue.text.startswith("Pace faded 9.6 %")
    assert summary.controlled is False and summary.units is Units.MILE


def test_a_result_written_today_reads_back_as_it_was() -> None:
    summary = run_session(plan_for("6x400")).engine.summary()
    stored = summary.model_dump(mode="json")
    assert read_summary(stored, EngineSettings()) == summary
    assert read_summary(None, EngineSettings()) is None
