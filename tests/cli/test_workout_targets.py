"""`trackcue workout show --json` shows every target of every step."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from server.cli import app

runner = CliRunner()

WORKOUT = """\
Main set 2x
- 1km I Pace 180rpm
- 2m 70% HR

- 10m 315w - 330w
- 5m 80%
- 5m Z2
- 1mi mile-2s/400m Pace 150-165bpm HR
"""


def show(tmp_path: Path, text: str, *options: str) -> dict[str, Any]:
    path = tmp_path / "workout.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["workout", "show", str(path), *options, "--json"])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.output)
    return report


def test_workout_show_json_lists_every_target_of_a_step(tmp_path: Path) -> None:
    report = show(tmp_path, WORKOUT, "--athlete-5k", "19:57", "--max-hr", "190")
    first = report["steps"][0]
    assert [target["type"] for target in first["targets"]] == ["pace", "cadence"]
    assert first["targets"][1] == {"type": "cadence", "low_spm": 180, "high_spm": 180}
    assert first["target"]["type"] == "pace" and first["target"]["text"] == "I Pace 180rpm"
    assert first["target_text"] == "I Pace 180rpm"
    watts, percent, zone, mile = report["steps"][4:]
    assert watts["targets"][0]["low_watts"] == 315 and watts["target_text"] == "315-330w"
    assert percent["targets"][0]["low_percent_ftp"] == 80 and percent["target_text"] == "80%"
    assert zone["targets"][0]["low_zone"] == 2 and zone["target_text"] == "Z2"
    assert [target["type"] for target in mile["targets"]] == ["pace", "heart_rate"]
    assert mile["target_text"] == "mile-2s/400m Pace 150-165bpm HR"


def test_a_step_without_targets_shows_an_empty_list(tmp_path: Path) -> None:
    report = show(tmp_path, "- 10m\n")
    (step,) = report["steps"]
    assert step["targets"] == [] and step["target"] is None and step["target_text"] is None


def test_the_table_shows_every_target(tmp_path: Path) -> None:
    path = tmp_path / "workout.txt"
    path.write_text("- 1km I Pace 180rpm\n", encoding="utf-8")
    result = runner.invoke(app, ["workout", "show", str(path), "--vdot", "50"])
    assert result.exit_code == 0, result.output
    assert "I 180rpm" in result.output.replace(" Pace", "") and "180-180 spm" in result.output


def test_a_typo_in_a_target_fails_with_the_suggestion_and_the_place(tmp_path: Path) -> None:
    path = tmp_path / "typo.txt"
    path.write_text("Main set 6x\n- 400mtr I Pase\n- 90s\n", encoding="utf-8")
    result = runner.invoke(app, ["workout", "show", str(path), "--vdot", "50"])
    assert result.exit_code == 1
    assert f"{path}:2:10: 'I Pase' is not a target; did you mean `I Pace`?" in result.output


def test_a_heart_rate_zone_without_heart_rate_numbers_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "hr.txt"
    path.write_text("- 10m Z2 HR\n", encoding="utf-8")
    result = runner.invoke(app, ["workout", "show", str(path)])
    assert result.exit_code == 1
    assert "step 1 > target: Z2 HR needs the athlete's heart-rate zones" in result.output
