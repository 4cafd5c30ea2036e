"""The link-loss demo holds on a loaded machine: five runs of five pass beside two busy cores.

The simulated runner measures on the session clock, the bridge stamps each reading with the
session time it was measured at, and the demo's checks read the runner's path on that clock;
so a late wake-up only delays a reading and how fast the machine is never changes a verdict.
The runs use the demo's fastest clock (100 session seconds per real second): the five runs take
about five minutes on a 2-core machine, and any real lateness is as large as it can be in session
seconds.

Slow by its marker (the path rule in `tests/conftest.py` names `test_demo.py` alone): `make test`
and CI run it, `make check` leaves it out.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import TRACKCUE

pytestmark = pytest.mark.slow

RUNS = 5
SPEED = "100"  # the demo's fastest session clock
RUN_TIMEOUT_S = 300  # a loaded run takes under a minute; a stuck one fails the test


@pytest.fixture
def two_busy_cores() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Two CPU-bound processes beside the test, always stopped after it, pass or fail."""
    hogs: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(2):
            hogs.append(subprocess.Popen([sys.executable, "-c", "while True: pass"]))
        yield hogs
    finally:
        for hog in hogs:
            hog.kill()
        for hog in hogs:
            hog.wait()


def link_loss_demo(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACKCUE_DATA_DIR": str(data_dir)}
    env.pop("TRACKCUE_DATABASE_URL", None)
    command = [str(TRACKCUE), "demo", "--scenario", "link-loss", "--json", "--speed", SPEED]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)


def test_the_link_loss_demo_passes_five_times_of_five_beside_two_busy_cores(
    tmp_path: Path, two_busy_cores: list[subprocess.Popen[bytes]]
) -> None:
    failed: list[str] = []
    for run in range(1, RUNS + 1):
        assert all(hog.poll() is None for hog in two_busy_cores), "the load stopped"
        result = link_loss_demo(tmp_path / f"run-{run}")
        if result.returncode != 0:
            failed.append(f"run {run}: exit {result.returncode}: {result.stderr[-1500:]}")
            continue
        outcome = json.loads(result.stdout)
        checks = [f"{c['name']}: {c['detail']}" for c in outcome["checks"] if not c["ok"]]
        if not outcome["passed"] or checks or outcome["link_drops"] < 1:
            failed.append(f"run {run}: {checks or outcome}")
    assert all(hog.poll() is None for hog in two_busy_cores), "the load stopped"
    assert not failed, "\n".join(failed)
