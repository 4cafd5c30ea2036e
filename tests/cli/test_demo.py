"""`make demo` as a newcomer runs it: the whole system, no hardware, a verdict at the end."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.servers import TRACKCUE


def demo(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACKCUE_DATA_DIR": str(data_dir)}
    env.pop("TRACKCUE_DATABASE_URL", None)
    return subprocess.run(
        [str(TRACKCUE), "demo", *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_the_demo_survives_a_lost_link_and_stores_every_sample_once(tmp_path: Path) -> None:
    result = demo("--scenario", "link-loss", "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout)
    assert outcome["passed"] and all(check["ok"] for check in outcome["checks"])
    assert outcome["link_drops"] >= 1
    assert outcome["samples"]["hrm"] > 3000 and outcome["samples"]["footpod"] > 3000
    main_set = [rep for rep in outcome["results"]["reps"] if rep["block"] == "Main set"]
    assert len(main_set) == 6 and all(rep["metres"] == 400 for rep in main_set)
    assert outcome["watch_alerts"] > 50
    # The plain lines went to stderr, as they happened.
    assert "network down for 30 session seconds" in result.stderr
    assert "Last rep: 400 metres in 94 seconds." in result.stderr
    assert Path(outcome["database"]).is_file()
    assert Path(outcome["database"]).parent == tmp_path / "demo"


def test_an_unknown_scenario_is_refused_with_the_choices(tmp_path: Path) -> None:
    result = demo("--scenario", "sprint", data_dir=tmp_path)
    assert result.returncode == 2
    assert "steady, fast-start, fade, link-loss" in result.stderr
