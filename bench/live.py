"""Live sessions under load: K sessions, each a bridge at 4 Hz, a phone and a watch.

Usage: `uv run python -m bench.live [--sessions K] [--seconds S] [--rounds R]`

The server (`trackcue serve`, SQLite in a temporary directory) and the load generator run in
separate processes on 127.0.0.1. Every session runs a time-based interval workout, so cues flow
all along; each bridge sends a sample every 250 ms, the server logs it, acknowledges it and
fans the new state out to the three clients. The phone measures cue lateness: the session time
at receipt (by its clock offset from the welcome) minus the cue's due time; cues announced ahead
arrive early, so lateness is mostly negative. The baseline is a bare `websockets` fan-out
server in the same run, with the same pattern: per bridge message an ack to the bridge and a
state message to all three clients, and a cue to all three every 5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

WORKOUT = "# Load\nMain set 60x\n- 15s I Pace\n- Rest 10s\n"
SAMPLE_PERIOD_S = 0.25


def _raise_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("the server did not answer")


# --- the load generator (runs in its own process) ---------------------------------------------


async def _phone(
    socket: ClientConnection, lateness: list[float], counts: list[int], stop: float
) -> None:
    try:
        await socket.recv()  # the welcome
        await socket.send(json.dumps({"type": "command", "action": "start"}))
    except ConnectionClosed:
        counts[2] += 1
        return
    offset = -time.monotonic()  # the session clock starts at our start command (loopback RTT)
    while time.monotonic() < stop:
        try:
            frame = await asyncio.wait_for(
                socket.recv(), timeout=max(0.01, stop - time.monotonic())
            )
        except TimeoutError:
            break
        except ConnectionClosed:
            counts[2] += 1
            return
        counts[0] += 1
        message = json.loads(frame)
        if message.get("type") == "cues":
            now = time.monotonic() + offset
            for cue in message["cues"]:
                if cue["kind"] != "cancel":
                    lateness.append(now - cue["due"])


async def _listener(socket: ClientConnection, counts: list[int], stop: float) -> None:
    while time.monotonic() < stop:
        try:
            await asyncio.wait_for(socket.recv(), timeout=max(0.01, stop - time.monotonic()))
        except TimeoutError:
            break
        except ConnectionClosed:
            counts[2] += 1
            return
        counts[0] += 1


async def _bridge(socket: ClientConnection, counts: list[int], stop: float) -> None:
    async def sender() -> None:
        seq = 0
        distance = 0.0
        while time.monotonic() < stop:
            seq += 1
            distance += 4.2 * SAMPLE_PERIOD_S
            sample = {
                "seq": seq,
                "hr": 150,
                "speed": 4.2,
                "cadence": 180,
                "distance": round(distance, 2),
            }
            await socket.send(
                json.dumps({"type": "samples", "source": "sensor", "samples": [sample]})
            )
            counts[1] += 1
            await asyncio.sleep(SAMPLE_PERIOD_S)

    task = asyncio.create_task(sender())
    await _listener(socket, counts, stop)
    task.cancel()


async def _drive(spec: dict[str, Any]) -> dict[str, Any]:
    _raise_file_limit()
    base = spec["ws_url"]
    lateness: list[float] = []
    counts = [0, 0, 0]  # received, sent, connections the server closed
    sockets: list[ClientConnection] = []
    roles = []
    for session_id in spec["sessions"]:
        for role, headers in (
            ("phone", spec["athlete"]),
            ("watch", spec["athlete"]),
            ("bridge", spec["device"]),
        ):
            url = (
                f"{base}/sessions/{session_id}/live?role={role}"
                if spec["trackcue"]
                else f"{base}/{session_id}/{role}"
            )
            # No client pings: the server pings every client itself.
            socket = await connect(
                url,
                additional_headers=headers,
                open_timeout=120,
                max_queue=None,
                ping_interval=None,
            )
            sockets.append(socket)
            roles.append(role)
    started = time.monotonic()
    stop = started + spec["seconds"]
    tasks = []
    for socket, role in zip(sockets, roles, strict=True):
        if role == "phone":
            tasks.append(_phone(socket, lateness, counts, stop))
        elif role == "bridge":
            tasks.append(_bridge(socket, counts, stop))
        else:
            tasks.append(_listener(socket, counts, stop))
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - started
    await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)
    return {
        "lateness": lateness,
        "received": counts[0],
        "sent": counts[1],
        "closed": counts[2],
        "elapsed": elapsed,
    }


# --- the baseline: a bare websockets fan-out server ------------------------------------------


async def _baseline_server(port: int) -> None:
    from websockets.asyncio.server import ServerConnection, serve

    rooms: dict[str, set[ServerConnection]] = {}

    async def handler(connection: ServerConnection) -> None:
        path = connection.request.path if connection.request else "/x/phone"
        room_id, role = path.strip("/").split("/")[-2:]
        room = rooms.setdefault(room_id, set())
        room.add(connection)
        await connection.send(
            json.dumps({"type": "welcome", "session_time": 0.0, "state": {}, "cues": []})
        )
        cue_every = 5.0
        next_cue = time.monotonic() + cue_every
        try:
            async for frame in connection:
                message = json.loads(frame)
                if role == "phone" and message.get("type") == "command":
                    continue
                if message.get("type") == "samples":
                    seq = message["samples"][-1]["seq"]
                    await connection.send(
                        json.dumps({"type": "ack", "source": message["source"], "seq": seq})
                    )
                    state = json.dumps({"type": "state", "state": {"seq": seq}})
                    for peer in list(room):
                        await peer.send(state)
                    if time.monotonic() >= next_cue:
                        next_cue += cue_every
                        cue = json.dumps(
                            {
                                "type": "cues",
                                "cues": [
                                    {"id": str(seq), "kind": "countdown", "due": 0.0, "text": "3"}
                                ],
                            }
                        )
                        for peer in list(room):
                            await peer.send(cue)
        finally:
            room.discard(connection)

    async with serve(handler, "127.0.0.1", port, max_size=64 * 1024, compression=None):
        await asyncio.Future()


# --- orchestration ---------------------------------------------------------------------------


def _run_driver(spec: dict[str, Any]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(spec, handle)
    try:
        finished = subprocess.run(
            [sys.executable, "-m", "bench.live", "--drive", handle.name],
            capture_output=True,
            text=True,
            timeout=spec["seconds"] + 600,
            check=False,
        )
    finally:
        os.unlink(handle.name)
    if finished.returncode != 0:
        raise RuntimeError(f"the load generator failed: {finished.stderr[-2000:]}")
    return dict(json.loads(finished.stdout))


def _setup_trackcue(url: str, sessions: int) -> tuple[list[str], dict[str, str], dict[str, str]]:
    with httpx.Client(base_url=url, timeout=60) as client:
        token = client.post(
            "/v1/auth/signup", json={"name": "load", "password": "load test password"}
        ).json()["token"]
        athlete = {"Authorization": f"Bearer {token}"}
        client.put(
            "/v1/me/profile",
            json={"race_results": [{"race": "5k", "time": "19:57"}]},
            headers=athlete,
        ).raise_for_status()
        workout = client.post("/v1/workouts", json={"text": WORKOUT}, headers=athlete).json()["id"]
        code = client.post(
            "/v1/devices/pairing-codes", json={"device_name": "load"}, headers=athlete
        ).json()["code"]
        paired = client.post("/v1/devices/pair", json={"code": code}).json()
        device = {"Authorization": f"Bearer {paired['token']}"}
        ids = [
            client.post(
                "/v1/sessions", json={"day": "2026-11-25", "workout_id": workout}, headers=athlete
            ).json()["id"]
            for _ in range(sessions)
        ]
    return ids, athlete, device


def _measure_trackcue(sessions: int, seconds: float) -> dict[str, Any]:
    port = _free_port()
    with tempfile.TemporaryDirectory() as data:
        env = {
            **os.environ,
            "TRACKCUE_DATA_DIR": data,
            "TRACKCUE_LOG_LEVEL": "warning",
            "TRACKCUE_SIGNIN_ATTEMPTS_PER_MINUTE": "100000",
            "TRACKCUE_PAIRING_ATTEMPTS_PER_MINUTE": "100000",
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_for(f"{url}/v1/health", server)
            ids, athlete, device = _setup_trackcue(url, sessions)
            rss_before = _rss_kib(server.pid)
            cpu_before = _cpu_seconds(server.pid)
            wall_before = time.monotonic()
            result = _run_driver(
                {
                    "ws_url": f"ws://127.0.0.1:{port}/v1",
                    "sessions": ids,
                    "athlete": athlete,
                    "device": device,
                    "seconds": seconds,
                    "trackcue": True,
                }
            )
            # CPU over the whole drive, connections included, against the same wall time.
            result["cpu_pct"] = (
                (_cpu_seconds(server.pid) - cpu_before) / (time.monotonic() - wall_before) * 100
            )
            result["rss_per_session_kib"] = (_rss_kib(server.pid) - rss_before) / sessions
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
                raise RuntimeError("the server did not stop within 60 s of SIGTERM") from None
    return result


def _measure_baseline(sessions: int, seconds: float) -> dict[str, Any]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.live", "--baseline-server", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        import socket

        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the baseline server did not start") from None
                time.sleep(0.1)
        ids = [f"s{n}" for n in range(sessions)]
        return _run_driver(
            {
                "ws_url": f"ws://127.0.0.1:{port}",
                "sessions": ids,
                "athlete": {},
                "device": {},
                "seconds": seconds,
                "trackcue": False,
            }
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="live sessions under load")
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each (at least 3)")
    parser.add_argument("--drive", help=argparse.SUPPRESS)
    parser.add_argument("--baseline-server", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.drive:
        spec = json.loads(Path(args.drive).read_text())
        print(json.dumps(asyncio.run(_drive(spec))))
        return 0
    if args.baseline_server:
        asyncio.run(_baseline_server(args.baseline_server))
        return 0
    if args.sessions < 1 or args.seconds <= 0 or args.rounds < 3:
        parser.error("need sessions >= 1, seconds > 0 and at least 3 rounds")
    _raise_file_limit()
    ours, baseline = [], []
    for _ in range(args.rounds):
        ours.append(_measure_trackcue(args.sessions, args.seconds))
        baseline.append(_measure_baseline(args.sessions, args.seconds))
    lateness_ms = [value * 1000 for run in ours for value in run["lateness"]]
    rates = [(run["received"] + run["sent"]) / run["elapsed"] for run in ours]
    base_rates = [(run["received"] + run["sent"]) / run["elapsed"] for run in baseline]
    cpu = [run["cpu_pct"] for run in ours]
    print(
        f"python: {platform.python_version()}, server: trackcue serve (uvicorn, one process),"
        " load: one process, 127.0.0.1"
    )
    print(
        f"rounds: {args.rounds}, seconds: {args.seconds},"
        f" samples every {SAMPLE_PERIOD_S} s per session"
    )
    print(f"messages_per_s min: {min(rates):.0f}, baseline min: {min(base_rates):.0f}")
    closed = sum(run.get("closed", 0) for run in ours)
    print(f"connections closed by the server during the runs: {closed}")
    print(f"sessions: {args.sessions}")
    print(f"cue_lateness_p50_ms: {_percentile(lateness_ms, 0.5):.1f}")
    print(f"cue_lateness_p99_ms: {_percentile(lateness_ms, 0.99):.1f}")
    print(f"cue_lateness_max_ms: {max(lateness_ms) if lateness_ms else float('nan'):.1f}")
    print(f"messages_per_s: {statistics.median(rates):.0f}")
    print(f"baseline_messages_per_s: {statistics.median(base_rates):.0f}")
    print(f"throughput_ratio: {statistics.median(rates) / statistics.median(base_rates):.3f}")
    print(
        f"rss_per_session_kib: {statistics.median(run['rss_per_session_kib'] for run in ours):.1f}"
    )
    print(f"server_cpu_pct: {statistics.median(cpu):.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
