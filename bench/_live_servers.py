"""Servers for `bench.live`: trackcue processes to start and stop, and the accounts to load them.

Each `trackcue serve` gets a free port on 127.0.0.1 and its own SQLite in a temporary directory,
with the default limits but for the sign-in and pairing rates (the set-up signs in and pairs
hundreds of times). The live socket cap per token is set explicitly, and the set-up makes as
many tokens as it needs to stay within it: an athlete token per four sessions (a phone and a
watch each), a device per eight (a bridge each), as real runners would bring their own.
"""

from __future__ import annotations

import math
import os
import socket
import subprocess
import sys
import time
from typing import Any

import httpx

from bench._live_pattern import WORKOUTS, PlanStep, plan_steps

__all__ = ["free_port", "setup_sessions", "start_trackcue", "stop", "wait_until_listening"]

SOCKETS_PER_TOKEN = 8
"""The server's default cap, set explicitly so the tokens below always fit it."""
_SESSIONS_PER_ATHLETE_TOKEN = SOCKETS_PER_TOKEN // 2  # a phone and a watch each
_SESSIONS_PER_DEVICE = SOCKETS_PER_TOKEN  # a bridge each
_PASSWORD = "load test password"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
        raise RuntimeError("a server did not stop within 60 s of SIGTERM") from None


def wait_until_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180  # a loaded machine takes its time to import
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("a server exited while starting")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("a server did not start listening")


def start_trackcue(data: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {
        **os.environ,
        "TRACKCUE_DATA_DIR": data,
        "TRACKCUE_LOG_LEVEL": "warning",
        "TRACKCUE_SIGNIN_ATTEMPTS_PER_MINUTE": "100000",
        "TRACKCUE_PAIRING_ATTEMPTS_PER_MINUTE": "100000",
        "TRACKCUE_LIVE_SOCKETS_PER_TOKEN": str(SOCKETS_PER_TOKEN),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(port, server)
    except BaseException:
        stop(server)
        raise
    return server, port


def setup_sessions(
    port: int, count: int, first: int
) -> tuple[list[dict[str, Any]], list[list[PlanStep]]]:
    """An athlete, its tokens, devices and `count` sessions on one server; and the plans.

    Session n (counted across servers from `first`) runs `WORKOUTS[n % 2]`.
    """
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
        name = f"load{port}"
        reply = client.post("/v1/auth/signup", json={"name": name, "password": _PASSWORD})
        reply.raise_for_status()
        tokens = [reply.json()["token"]]
        athlete = {"Authorization": f"Bearer {tokens[0]}"}
        client.put(
            "/v1/me/profile",
            json={"race_results": [{"race": "5k", "time": "19:57"}]},
            headers=athlete,
        ).raise_for_status()
        workouts = []
        for text in WORKOUTS:
            reply = client.post("/v1/workouts", json={"text": text}, headers=athlete)
            reply.raise_for_status()
            workouts.append(reply.json()["id"])
        while len(tokens) < math.ceil(count / _SESSIONS_PER_ATHLETE_TOKEN):
            reply = client.post("/v1/auth/signin", json={"name": name, "password": _PASSWORD})
            reply.raise_for_status()
            tokens.append(reply.json()["token"])
        devices = []
        for _ in range(math.ceil(count / _SESSIONS_PER_DEVICE)):
            code = client.post(
                "/v1/devices/pairing-codes", json={"device_name": "load"}, headers=athlete
            ).json()["code"]
            reply = client.post("/v1/devices/pair", json={"code": code})
            reply.raise_for_status()
            devices.append(reply.json()["token"])
        plans: list[list[PlanStep]] = [[], []]
        sessions = []
        for n in range(count):
            plan = (first + n) % len(WORKOUTS)
            reply = client.post(
                "/v1/sessions",
                json={"day": "2026-11-25", "workout_id": workouts[plan], "venue": "road"},
                headers=athlete,
            )
            reply.raise_for_status()
            if not plans[plan]:
                plans[plan] = plan_steps(reply.json()["snapshot"])
            sessions.append(
                {
                    "id": reply.json()["id"],
                    "plan": plan,
                    "url": f"ws://127.0.0.1:{port}/v1/sessions/{reply.json()['id']}/live?role=",
                    "athlete": {
                        "Authorization": f"Bearer {tokens[n // _SESSIONS_PER_ATHLETE_TOKEN]}"
                    },
                    "device": {"Authorization": f"Bearer {devices[n // _SESSIONS_PER_DEVICE]}"},
                }
            )
    return sessions, plans
