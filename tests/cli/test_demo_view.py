"""The demo's end: the results table and the lines under it read the engine's typed summary (the
verdict of each rep, the main set counted apart from the strides, the fatigue note, the takeaway)
in the session's units, and still read results stored before the summary was typed."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from device.gatt import AlertLevel
from device.simulation import WatchAlert
from server.cli.demo import watch_line
from server.cli.demo_run import DemoOutcome
from server.cli.demo_view import describe_fatigue, results_lines, results_table, units_of
from server.engine.fatigue import Advice
from server.engine.settings import Units
from server.engine.summary import FatigueNote, RepResult, SessionSummary
from server.engine.verdict import Verdict
from server.workouts.units import PaceUnit

FADED = "Pace faded 6.1 % by rep 3: a good set ends while form holds."


def rep(index: int, number: int, verdict: Verdict | None, **changes: Any) -> RepResult:
    fields: dict[str, Any] = {
        "index": index,
        "rep": number,
        "reps": 4,
        "block": "Main set",
        "target_text": "I Pace",
        "seconds": 94.0,
        "metres": 400.0,
        "pace_s_per_km": 235.0,
        "target_pace": (234.0, 237.0),
        "judged_pace": (233.0, 238.0),
        "verdict": verdict,
        "on_target": None if verdict is None else verdict is Verdict.ON_TARGET,
        "hr_avg": 171.0,
        "hr_max": 177,
        "recovery_hr_drop": 31,
        "skipped": False,
        "main_set": True,
    }
    return RepResult(**{**fields, **changes})


def stride(index: int, number: int) -> RepResult:
    return rep(
        index,
        number,
        None,
        block="Warm-up",
        reps=2,
        target_text=None,
        seconds=20.0,
        metres=100.0,
        pace_s_per_km=200.0,
        target_pace=None,
        judged_pace=None,
        main_set=False,
    )


def summary(**changes: Any) -> SessionSummary:
    """Strides first (as run), then the main set: on target, fast, slow, skipped."""
    fields: dict[str, Any] = {
        "reps": (
            stride(1, 1),
            stride(2, 2),
            rep(4, 1, Verdict.ON_TARGET, pace_s_per_km=237.6),  # outside 234-237, judged on
            rep(6, 2, Verdict.FAST, pace_s_per_km=231.0, seconds=92.4),
            rep(8, 3, Verdict.SLOW, pace_s_per_km=241.0, seconds=96.4),
            rep(10, 4, None, seconds=12.0, pace_s_per_km=None, skipped=True),
        ),
        "completed_steps": 11,
        "skipped_steps": 1,
        "total_steps": 13,
        "compliance": 1 / 3,
        "fatigue": FatigueNote(
            advice=Advice.STOP, percent=6.1, block="Main set", rep=3, text=FADED
        ),
        "controlled": False,
        "takeaway": FADED,
        "units": Units.MILE,
    }
    return SessionSummary(**{**fields, **changes})


def rows(results: Any) -> list[list[str]]:
    """The table's rows as the terminal shows them (no wrapping at 200 columns)."""
    table = results_table(results)
    cells = [[str(cell) for cell in column.cells] for column in table.columns]
    return [list(row) for row in zip(*cells, strict=True)]


def rendered(results: Any) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(results_table(results))
    return console.export_text()


def test_the_table_reads_each_reps_verdict_in_the_sessions_miles() -> None:
    table = results_table(summary())
    assert [column.header for column in table.columns] == [
        "set",
        "rep",
        "target",
        "time",
        "pace /mi",
        "HR",
        "max",
        "recovery",
        "verdict",
    ]
    assert rows(summary()) == [
        ["Main set", "1/4", "I Pace", "1:34", "6:22", "171", "177", "-31 bpm", "on target"],
        ["Main set", "2/4", "I Pace", "1:32.4", "6:12", "171", "177", "-31 bpm", "fast"],
        ["Main set", "3/4", "I Pace", "1:36.4", "6:28", "171", "177", "-31 bpm", "slow"],
        ["Main set", "4/4", "I Pace", "-", "-", "171", "177", "-31 bpm", "skipped"],
        ["Warm-up", "1/2", "", "0:20", "5:22", "171", "177", "-31 bpm", "stride"],
        ["Warm-up", "2/2", "", "0:20", "5:22", "171", "177", "-31 bpm", "stride"],
    ]  # the strides after the main set, in a section of their own
    # The range the verdict used, since the athlete's tolerance widened the target.
    assert "judged within 6:15-6:23/mi (±1.6 s)" in rendered(summary())


def test_the_same_session_in_km_and_without_a_tolerance() -> None:
    plain = summary(
        units=Units.KM,
        reps=(rep(0, 1, Verdict.ON_TARGET, judged_pace=(234.0, 237.0)),),
    )
    assert units_of(plain) is PaceUnit.KM
    assert rows(plain)[0][4] == "3:55"
    assert results_table(plain).columns[4].header == "pace /km"
    assert "judged within" not in rendered(plain)
    uneven = summary(units=Units.KM, reps=(rep(0, 1, None, judged_pace=(232.0, 238.0)),))
    assert "judged within 3:52-3:58/km (-2 / +1 s)" in rendered(uneven)


def test_the_lines_under_the_table_count_the_main_set_and_say_what_to_take() -> None:
    assert results_lines(summary()) == [
        "Main set: 1 of 3 on target, 1 fast, 1 slow, 1 skipped",
        f"Fatigue: {FADED}",
    ]  # the takeaway is the fatigue advice: said once
    calm = summary(
        reps=(stride(1, 1), rep(4, 1, Verdict.ON_TARGET), rep(6, 2, Verdict.ON_TARGET)),
        fatigue=None,
        takeaway="Every rep on target and no fade: a controlled session. Well done.",
    )
    assert results_lines(calm) == [
        "Main set: 2 of 2 on target",
        "Fatigue: no sign of fading: the set was well judged",
        "Takeaway: Every rep on target and no fade: a controlled session. Well done.",
    ]
    strides_only = summary(reps=(stride(1, 1),), fatigue=None, takeaway="")
    assert results_lines(strides_only)[0] == "Main set: no rep judged against a pace target"


def test_the_api_json_reads_as_the_typed_summary_does() -> None:
    typed = summary()
    assert rows(typed.model_dump(mode="json")) == rows(typed)
    assert results_lines(typed.model_dump(mode="json")) == results_lines(typed)


def test_results_stored_before_the_summary_was_typed_still_read() -> None:
    old_reps = [
        {k: v for k, v in typed.items() if k not in ("verdict", "main_set", "judged_pace")}
        for typed in summary().model_dump(mode="json")["reps"]
    ]
    old = {
        "reps": old_reps,
        "completed_steps": 11,
        "total_steps": 13,
        "compliance": 1 / 3,
        "fatigue": "stop: 9.6 %",
    }
    assert [row[-1] for row in rows(old)] == [
        "on target",
        "off target",
        "off target",
        "skipped",
        "stride",
        "stride",
    ]
    assert rows(old)[0][4] == "3:58"  # no units stored: km
    assert results_lines(old) == [
        "Main set: 1 of 3 on target, 2 off target, 1 skipped",
        "Fatigue: pace faded 9.6 %: a good time to stop the set",
    ]


def test_fatigue_is_described_from_the_typed_note_its_json_or_the_old_string() -> None:
    note = FatigueNote(advice=Advice.EASE, percent=3.44, text="Pace faded 3.4 %: ease off.")
    assert describe_fatigue(note) == "Pace faded 3.4 %: ease off."
    assert describe_fatigue(note.model_dump(mode="json")) == "Pace faded 3.4 %: ease off."
    wordless = {"advice": "recover", "percent": 5.2, "text": ""}
    assert describe_fatigue(wordless) == (
        "heart rate is drifting up by 5.2 %: take the recoveries in full"
    )
    assert describe_fatigue("ease: 3.4 %") == (
        "pace faded 3.4 % from the first reps: ease into the next ones"
    )
    assert describe_fatigue("something new") == "something new"
    assert describe_fatigue(None) == "no sign of fading: the set was well judged"


def test_the_watch_line_counts_what_the_watch_received() -> None:
    outcome = DemoOutcome()
    outcome.count_watch_alerts(
        [
            WatchAlert(level=AlertLevel.HIGH),
            WatchAlert(text="Rep 1 of 6. Go."),
            WatchAlert(level=AlertLevel.MILD),
            WatchAlert(text="Too fast."),
            WatchAlert(text="Halfway."),
        ]
    )
    assert (outcome.watch_alerts, outcome.watch_buzzes, outcome.watch_texts) == (5, 2, 3)
    assert watch_line(outcome) == "watch   5 alerts in the session (2 buzzes, 3 texts)"
