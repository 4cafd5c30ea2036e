"""`trackcue import`, `trackcue export` and `trackcue workout export` against a real server."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from server.files.read import read_activity
from server.files.workout_files import read_workout_file
from server.store import open_database
from server.store.event_log import LoggedEvent, append_events, mark_session
from tests.api.uploading import FR110_RUN, TCX_RUN, real_file
from tests.servers import TRACKCUE, ServerProcess


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path_factory.mktemp("server")).start()
    try:
        yield process
    finally:
        process.stop()


def trackcue(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TRACKCUE_")}
    environment.update({"TRACKCUE_DATA_DIR": str(cwd / "bridge"), **env})
    return subprocess.run(
        [str(TRACKCUE), *args],
        env=environment,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def athlete(server: ServerProcess, name: str) -> str:
    body = {"name": name, "password": "correct horse battery"}
    signup = httpx.post(f"{server.url}/v1/auth/signup", json=body)
    token: str = signup.json()["token"]
    profile = {"race_results": [{"race": "5k", "time": "19:57"}], "max_hr": 190}
    headers = {"Authorization": f"Bearer {token}"}
    httpx.put(f"{server.url}/v1/me/profile", json=profile, headers=headers).raise_for_status()
    return token


def test_import_sends_every_file_and_reports_each_one_as_json(
    server: ServerProcess, tmp_path: Path
) -> None:
    token = athlete(server, "ana")
    (tmp_path / "run.fit").write_bytes(real_file(FR110_RUN))
    (tmp_path / "run.tcx").write_bytes(real_file(TCX_RUN))
    (tmp_path / "cut.fit").write_bytes(real_file(FR110_RUN)[:9000])
    result = trackcue(
        "import", "run.fit", "run.tcx", "cut.fit", "--json",
        cwd=tmp_path, TRACKCUE_SERVER_URL=server.url, TRACKCUE_TOKEN=token,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr  # one file was refused
    reports = json.loads(result.stdout)
    assert [report["status"] for report in reports] == ["imported", "imported", "refused"]
    assert reports[2]["error"]["code"] == "truncated"
    assert isinstance(reports[2]["error"]["offset"], int)
    again = trackcue("import", "run.fit", "--server", server.url, "--token", token, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"already here (activity {reports[0]['activity_id']})" in again.stdout


def test_a_paired_bridge_imports_with_its_own_token(server: ServerProcess, tmp_path: Path) -> None:
    token = athlete(server, "ben")
    headers = {"Authorization": f"Bearer {token}"}
    code = httpx.post(
        f"{server.url}/v1/devices/pairing-codes", json={"device_name": "pi"}, headers=headers
    ).json()["code"]
    paired = trackcue("pair", code, "--server", server.url, cwd=tmp_path)
    assert paired.returncode == 0, paired.stderr
    (tmp_path / "run.fit").write_bytes(real_file(FR110_RUN))
    result = trackcue("import", "run.fit", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [report] = json.loads(result.stdout)
    assert report["status"] == "imported"
    listed = httpx.get(f"{server.url}/v1/activities", headers=headers).json()
    assert [run["id"] for run in listed] == [report["activity_id"]]


def test_import_without_a_token_says_how_to_get_one(server: ServerProcess, tmp_path: Path) -> None:
    (tmp_path / "run.fit").write_bytes(real_file(FR110_RUN))
    result = trackcue("import", "run.fit", "--server", server.url, cwd=tmp_path)
    assert result.returncode != 0
    assert "--token" in result.stderr and result.stdout == ""


def started_session(server: ServerProcess, token: str) -> str:
    """A session the server has a minute of samples for, as if a bridge had fed it."""
    headers = {"Authorization": f"Bearer {token}"}
    made = httpx.post(
        f"{server.url}/v1/sessions", json={"day": "2026-11-24", "template": "6x400"},
        headers=headers,
    )  # fmt: skip
    session_id: str = made.json()["id"]

    async def feed() -> None:
        database = await open_database(f"sqlite+aiosqlite:///{server.data_dir / 'trackcue.db'}")
        events = [LoggedEvent(0.0, "start", {})] + [
            LoggedEvent(float(t), "sample", {"hr": 140, "speed": 3.0}, "strap", t)
            for t in range(1, 61)
        ]
        try:
            async with database.session() as db:
                await append_events(db, session_id, events)
                started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
                await mark_session(db, session_id, status="finished", started_at=started)
        finally:
            await database.close()

    asyncio.run(feed())
    return session_id


def test_export_writes_a_session_as_a_fit_file(server: ServerProcess, tmp_path: Path) -> None:
    token = athlete(server, "cleo")
    session_id = started_session(server, token)
    env = {"TRACKCUE_SERVER_URL": server.url, "TRACKCUE_TOKEN": token}
    result = trackcue("export", session_id, "--format", "fit", "-o", "s.fit", cwd=tmp_path, **env)
    assert result.returncode == 0, result.stderr
    activity = read_activity((tmp_path / "s.fit").read_bytes())
    assert activity.sport.value == "running" and activity.laps
    tcx = trackcue("export", session_id, "--format", "tcx", cwd=tmp_path, **env)
    assert tcx.returncode == 0, tcx.stderr
    assert read_activity((tmp_path / f"{session_id}.tcx").read_bytes()).format == "tcx"
    missing = trackcue("export", "0" * 32, cwd=tmp_path, **env)
    assert missing.returncode == 1 and "no session" in missing.stderr


def test_workout_export_writes_a_fit_workout_for_a_watch(
    server: ServerProcess, tmp_path: Path
) -> None:
    token = athlete(server, "dan")
    headers = {"Authorization": f"Bearer {token}"}
    text = "# Hill 6 x 90s\nMain set 6x\n- 90s I Pace\n- Jog 2m\n"
    workout_id = httpx.post(
        f"{server.url}/v1/workouts", json={"text": text}, headers=headers
    ).json()["id"]
    env = {"TRACKCUE_SERVER_URL": server.url, "TRACKCUE_TOKEN": token}
    result = trackcue("workout", "export", workout_id, "-o", "hills.fit", cwd=tmp_path, **env)
    assert result.returncode == 0, result.stderr
    assert read_workout_file((tmp_path / "hills.fit").read_bytes()).name == "Hill 6 x 90s"
