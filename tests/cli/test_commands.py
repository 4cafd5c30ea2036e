"""The `trackcue` command as a runner and as another program use it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from server.cli import app
from tests.servers import TRACKCUE

runner = CliRunner()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as a shell would."""
    return subprocess.run(
        [str(TRACKCUE), *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_pace_json_gives_vdot_paces_and_both_kinds_of_equivalents() -> None:
    result = run("pace", "5k", "19:57", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) >= {"vdot", "paces", "equivalents", "riegel"}
    assert report["vdot"] == pytest.approx(50.0, abs=0.1)
    assert report["paces"]["T"] == pytest.approx(255, abs=1)  # 4:15/km in Daniels' table
    assert report["paces"]["I"] == pytest.approx(235, abs=1)  # 3:55/km
    slow, fast = report["paces"]["E"]
    assert slow > fast
    assert report["equivalents"]["marathon"] == pytest.approx(3 * 3600 + 10 * 60 + 49, abs=2)
    assert report["riegel"]["5k"] == pytest.approx(1197)


def test_pace_for_people_shows_per_km_per_mile_and_per_lap() -> None:
    result = runner.invoke(app, ["pace", "half", "1:31:35"])
    assert result.exit_code == 0
    assert "VDOT 50.0" in result.output
    assert "4:15/km" in result.output and "/mi" in result.output and "1:42" in result.output


def test_pace_with_a_bad_time_fails_with_the_reason_on_stderr() -> None:
    result = run("pace", "5k", "19:75")
    assert result.returncode == 2
    assert "expected" in result.stderr and result.stdout == ""


def test_workout_show_json_lists_expanded_steps_and_totals() -> None:
    result = run("workout", "show", "6x400", "--athlete-5k", "19:57", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    work = [step for step in report["steps"] if step["kind"] == "work" and step["reps"] == 6]
    assert len(work) == 6
    assert all({"kind", "duration", "target"} <= set(step) for step in report["steps"])
    assert work[0]["duration"] == {"type": "distance", "value": 400.0, "unit": "mtr"}
    assert work[0]["lap_seconds"] == pytest.approx(94.0, abs=0.1)
    assert report["totals"]["distance_m"] > 4800 and report["totals"]["duration_s"] > 2000


def test_workout_show_reads_a_file_and_reports_its_warnings(tmp_path: Path) -> None:
    path = tmp_path / "tuesday.txt"
    path.write_text("Main set 4x\n- 400m 1:32/400m Pace\n- 90s\n", encoding="utf-8")
    result = run("workout", "show", str(path), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["name"] == "tuesday"
    assert "400 minutes" in report["warnings"][0]


def test_workout_show_points_at_the_broken_line_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_text("Main set 6x\n- 400mtr 1:35-1:32/400m Pace\n", encoding="utf-8")
    result = run("workout", "show", str(path))
    assert result.returncode == 1
    assert f"{path}:2:10: pace range is inverted" in result.stderr
    assert "- 400mtr 1:35-1:32/400m Pace\n         ^" in result.stderr


def test_workout_show_without_the_numbers_named_paces_need_says_what_to_pass() -> None:
    result = run("workout", "show", "5x1k")
    assert result.returncode == 1
    assert "--athlete-5k" in result.stderr


def test_workout_list_names_every_built_in_with_its_rationale() -> None:
    result = run("workout", "list", "--json")
    assert result.returncode == 0
    keys = {entry["key"] for entry in json.loads(result.stdout)}
    assert {"6x400", "10x200", "5x1k", "3x1mile", "ladder", "road-tempo", "strides", "easy"} <= keys


def test_unknown_workout_fails_listing_the_built_ins() -> None:
    result = run("workout", "show", "7x300")
    assert result.returncode == 2
    assert "6x400" in result.stderr


def test_text_that_looks_like_markup_is_shown_as_written(tmp_path: Path) -> None:
    assert run("workout", "show", "[/]x").returncode == 2
    path = tmp_path / "odd.txt"
    path.write_text("- Jog [/] 10m\n- [sprint] 10m\n", encoding="utf-8")
    result = run("workout", "show", str(path))
    assert result.returncode == 1
    assert "- [sprint] 10m" in result.stderr and "Traceback" not in result.stderr


def test_a_resting_hr_the_zones_cannot_use_is_refused_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "hr.txt"
    path.write_text("- 10m Z2 HR\n", encoding="utf-8")
    result = run("workout", "show", str(path), "--max-hr", "190", "--resting-hr", "28")
    assert result.returncode == 2
    assert "resting_hr" in result.stderr and "Traceback" not in result.stderr
