"""`trackcue pace` for runners below Daniels' tables."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from server.cli import app

runner = CliRunner()


def test_a_45_minute_5k_gets_training_paces() -> None:
    result = runner.invoke(app, ["pace", "5k", "45:00", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["vdot"] == pytest.approx(18.7, abs=0.05)
    slow, fast = report["paces"]["E"]
    assert slow > fast > report["paces"]["M"] > report["paces"]["T"] > report["paces"]["I"]
    assert report["equivalents"]["5k"] == pytest.approx(2700, abs=0.5)


def test_a_slow_marathon_is_shown_as_a_table_for_people() -> None:
    result = runner.invoke(app, ["pace", "marathon", "6:30:00"])
    assert result.exit_code == 0, result.output
    assert "Training paces for VDOT" in result.output and "outside" not in result.output
