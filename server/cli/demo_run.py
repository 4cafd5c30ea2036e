"""The demo's moving parts: a real server, a phone, the bridge and a simulated runner.

`run_demo` starts `trackcue serve` on loopback (SQLite in the demo's data directory, the session
clock sped up), makes the demo athlete and today's 6 x 400 m session through the REST API,
pairs a bridge, and runs the session: the phone joins the live socket and starts it, the bridge
streams the simulated strap and footpod through bleak and buzzes the simulated watch. Then it
checks what was stored against what the simulated runner really did.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

import httpx
from websockets.asyncio.client import connect

from device.bridge import Bridge, BridgeOptions
from device.pairing import Credentials, pair
from device.sample_spool import SampleSpool
from device.simulation import (
    RunnerProfile,
    SimulatedNetwork,
    SimulatedWorld,
    WatchAlert,
    aim_for,
)
from server.store import open_database
from server.store.event_log import load_events

__all__ = ["DemoOptions", "DemoOutcome", "DemoView", "Scenario", "run_demo"]

DEMO_NAME = "demo-runner"
DEMO_PASSWORD = "trackcue demo runner"  # a demo account on the demo's own database
PACE_TOLERANCE = 0.03  # stored rep pace within 3 % of what the runner really ran
LINK_LOSS_SESSION_S = 30.0


class Scenario(StrEnum):
    """How the simulated runner (and the network) behave."""

    STEADY = "steady"
    FAST_START = "fast-start"
    FADE = "fade"
    LINK_LOSS = "link-loss"


PROFILES = {
    Scenario.STEADY: RunnerProfile(seed=11),
    Scenario.FAST_START: RunnerProfile(start_fast=0.09, start_fast_s=30, seed=12),
    # Four strides in the warm-up count as reps too: the fade starts at the main set's rep 3.
    Scenario.FADE: RunnerProfile(fade_after_rep=6, fade_per_rep=0.03, seed=13),
    Scenario.LINK_LOSS: RunnerProfile(seed=14),
}


class DemoView(Protocol):
    """What shows the demo: a live terminal view or plain lines."""

    def event(self, kind: str, data: dict[str, Any]) -> None:
        """Something happened (a cue, a state, a watch alert, a device, a reading...)."""


@dataclass(frozen=True, slots=True)
class DemoOptions:
    """The demo's choices."""

    data_dir: Path
    speed: float = 60.0
    scenario: Scenario = Scenario.STEADY
    athlete_5k: str = "19:57"
    units: str = "km"
    port: int | None = None
    template: str = "6x400"


@dataclass
class DemoOutcome:
    """How it went, and the checks that decide the exit status."""

    server_url: str = ""
    session_id: str = ""
    database: Path | None = None
    results: dict[str, Any] = field(default_factory=dict)
    plan: dict[str, Any] = field(default_factory=dict)
    checks: list[tuple[str, bool, str]] = field(default_factory=list)
    samples: dict[str, int] = field(default_factory=dict)
    link_drops: int = 0
    watch_alerts: int = 0
    watch_buzzes: int = 0
    watch_texts: int = 0

    @property
    def passed(self) -> bool:
        """Whether the session completed and what is stored matches what the runner did."""
        return bool(self.checks) and all(ok for _, ok, _ in self.checks)

    def check(self, name: str, ok: bool, detail: str) -> None:
        """Record one check."""
        self.checks.append((name, ok, detail))

    def count_watch_alerts(self, alerts: Sequence[WatchAlert]) -> None:
        """Count what the simulated watch itself received: the bridge's own tally would not
        show an alert lost between the bridge and the wrist."""
        self.watch_alerts = len(alerts)
        self.watch_buzzes = sum(1 for alert in alerts if alert.level is not None)
        self.watch_texts = sum(1 for alert in alerts if alert.text is not None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerUnderDemo:
    """`trackcue serve` as a child process, on loopback, stopped when the demo is done."""

    def __init__(self, data_dir: Path, speed: float, port: int | None) -> None:
        self.data_dir = data_dir
        self.port = port or _free_port()
        self.speed = speed
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "TRACKCUE_DATA_DIR": str(self.data_dir),
            "TRACKCUE_CLOCK_RATE": str(self.speed),
            "TRACKCUE_LOG_LEVEL": "warning",
        }
        env.pop("TRACKCUE_DATABASE_URL", None)  # the demo keeps to its own SQLite file
        command = [sys.executable, "-m", "server.cli", "serve", "--host", "127.0.0.1"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [*command, "--port", str(self.port)], env=env, stdout=log, stderr=log
            )
        deadline = time.monotonic() + 30
        async with httpx.AsyncClient(timeout=1) as client:
            while True:
                try:
                    (await client.get(f"{self.url}/v1/health")).raise_for_status()
                    return
                except httpx.HTTPError:
                    if self.process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"the server did not start; see {self.log}") from None
                    await asyncio.sleep(0.1)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


async def _athlete(client: httpx.AsyncClient, athlete_5k: str, units: str = "km") -> dict[str, str]:
    """The demo athlete's auth headers: signed up the first time, signed in after."""
    account = {"name": DEMO_NAME, "password": DEMO_PASSWORD}
    reply = await client.post("/v1/auth/signup", json=account)
    if reply.status_code == 409:
        reply = await client.post("/v1/auth/signin", json=account)
    reply.raise_for_status()
    headers = {"Authorization": f"Bearer {reply.json()['token']}"}
    profile = {
        "race_results": [{"race": "5k", "time": athlete_5k}],
        "max_hr": 190,
        "resting_hr": 50,
        "units": units,
    }
    (await client.put("/v1/me/profile", json=profile, headers=headers)).raise_for_status()
    return headers


class Phone:
    """The runner's phone: joins, starts the session once the bridge is ready, listens.

    The simulated runner follows what the phone says, as a real one does: when the bridge's
    network fails, the runner still hears the phone.
    """

    def __init__(self, server: ServerUnderDemo, session_id: str, headers: dict[str, str]) -> None:
        self.url = f"ws://127.0.0.1:{server.port}/v1/sessions/{session_id}/live?role=phone"
        self.headers = headers
        self.state: dict[str, Any] = {}

    async def run(self, view: DemoView, can_start: asyncio.Event) -> None:
        async with connect(self.url, additional_headers=self.headers) as phone:
            welcome = json.loads(await phone.recv())
            self.state = welcome["state"]
            view.event("phone", {"state": self.state})
            await can_start.wait()
            await phone.send(json.dumps({"type": "command", "action": "start"}))
            async for frame in phone:
                message = json.loads(frame)
                if message["type"] == "state":
                    self.state = message["state"]
                    view.event("phone", {"state": self.state})
                    if self.state["status"] == "finished":
                        return


@contextlib.asynccontextmanager
async def _network(
    scenario: Scenario, server: ServerUnderDemo
) -> AsyncIterator[SimulatedNetwork | None]:
    """The bridge's way to the server: direct, or through a network that will fail."""
    if scenario is not Scenario.LINK_LOSS:
        yield None
        return
    network = await SimulatedNetwork(server.port).start()
    try:
        yield network
    finally:
        await network.stop()


async def _verify(
    outcome: DemoOutcome,
    world: SimulatedWorld,
    spool: SampleSpool,
    session: dict[str, Any],
    speed: float,
) -> None:
    """Compare what the server stored with what the simulated runner did."""
    outcome.check(
        "session completed",
        session["status"] == "finished" and bool(session.get("results")),
        f"status {session['status']}",
    )
    assert outcome.database is not None
    database = await open_database(f"sqlite+aiosqlite:///{outcome.database}")
    try:
        async with database.session() as db:
            events = await load_events(db, outcome.session_id)
    finally:
        await database.close()
    stored: dict[str, list[int]] = {}
    for event in events:
        if event.kind == "sample" and event.source is not None and event.seq is not None:
            stored.setdefault(event.source, []).append(event.seq)
    for source in ("hrm", "footpod"):
        seqs = sorted(stored.get(source, []))
        numbered = spool.numbered(outcome.session_id, source)
        outcome.samples[source] = len(seqs)
        outcome.check(
            f"{source} samples stored exactly once",
            numbered > 0 and seqs == list(range(1, numbered + 1)),
            f"{len(seqs)} stored of {numbered} read, {len(seqs) - len(set(seqs))} duplicates",
        )
    # Both sides are read on the session clock: the stored rep from samples stamped with the
    # session second each was measured at, the truth from the runner's path over the same
    # seconds (from the step's start, as the state gave it). Reps shorter than half a real
    # second of demo are left out: the server places a sample that arrives after a later input
    # at that input's time, a few real milliseconds that are seconds at the demo's speed.
    shortest = max(1.0, speed / 2)
    worst, worst_rep, compared = 0.0, "", 0
    for rep in (session.get("results") or {}).get("reps", []):
        if rep.get("skipped") or rep.get("pace_s_per_km") is None or rep["seconds"] < shortest:
            continue
        truth = world.truth(rep["index"], rep["seconds"])
        if truth is None or truth.pace_s_per_km is None:
            continue
        compared += 1
        difference = abs(rep["pace_s_per_km"] / truth.pace_s_per_km - 1)
        if difference >= worst:
            worst, worst_rep = difference, f"{rep.get('block')} rep {rep.get('rep')}"
    outcome.check(
        "rep paces match the runner",
        compared > 0 and worst <= PACE_TOLERANCE,
        f"{compared} reps of {shortest:.0f} s or more, worst difference {worst:.1%}"
        f" (at most {PACE_TOLERANCE:.0%}) in {worst_rep or 'none'}",
    )


async def run_demo(
    options: DemoOptions,
    view: DemoView,
    *,
    keep_serving: Callable[[DemoOutcome], Any] | None = None,
) -> DemoOutcome:
    """Run the whole demo; `keep_serving` runs (awaited) with the server still up."""
    outcome = DemoOutcome()
    server = ServerUnderDemo(options.data_dir, options.speed, options.port)
    outcome.server_url = server.url
    outcome.database = options.data_dir / "trackcue.db"
    view.event("starting", {"url": server.url, "data_dir": str(options.data_dir)})
    spool: SampleSpool | None = None
    try:
        await server.start()
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as client:
            headers = await _athlete(client, options.athlete_5k, options.units)
            today = dt.date.today().isoformat()
            choice = {"day": today, "template": options.template}
            (await client.post("/v1/plan", json=choice, headers=headers)).raise_for_status()
            created = await client.post("/v1/sessions", json=choice, headers=headers)
            created.raise_for_status()
            session = created.json()
            code = await client.post(
                "/v1/devices/pairing-codes", json={"device_name": "demo bridge"}, headers=headers
            )
            code.raise_for_status()
        outcome.session_id = session["id"]
        outcome.plan = session["snapshot"]
        view.event(
            "session",
            {"id": session["id"], "plan": session["snapshot"], "settings": session.get("settings")},
        )
        credentials = await pair(server.url, code.json()["code"])
        world = SimulatedWorld(PROFILES[options.scenario])
        spool = SampleSpool(options.data_dir / "bridge-spool.db")
        async with _network(options.scenario, server) as network:
            bridge_url = network.url if network is not None else server.url
            bridge = Bridge(
                Credentials(bridge_url, credentials.token),
                spool,
                BridgeOptions(
                    session_id=session["id"],
                    scan_timeout_s=1.0,
                    scanner_kwargs=world.scanner_kwargs,
                    client_kwargs=world.client_kwargs,
                    sensor_time=world,
                ),
                on_event=view.event,
            )
            phone = Phone(server, session["id"], headers)
            world.follow(lambda: aim_for(outcome.plan, phone.state))
            running = asyncio.create_task(world.run(bridge.clock))
            bridge_task = asyncio.create_task(bridge.run())
            loss = None
            if network is not None:
                loss = asyncio.create_task(_lose_the_link(bridge, network, view))
            try:
                await _bridge_ready(bridge, bridge_task)
                limit = _session_seconds(session["snapshot"]) / options.speed * 3 + 60
                async with asyncio.timeout(limit):
                    await asyncio.gather(phone.run(view, bridge.ready), bridge_task)
            finally:
                started = [task for task in (running, bridge_task, loss) if task is not None]
                for task in started:
                    task.cancel()
                # Wait for them to end before the spool closes under them.
                await asyncio.gather(*started, return_exceptions=True)
            outcome.link_drops = max(0, (bridge.link.connections if bridge.link else 1) - 1)
            outcome.count_watch_alerts(world.watch.alerts)
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as client:
            reply = await client.get(f"/v1/sessions/{session['id']}", headers=headers)
            finished = reply.json()
        outcome.results = finished.get("results") or {}
        await _verify(outcome, world, spool, finished, options.speed)
        if keep_serving is not None:
            await keep_serving(outcome)
    finally:
        if spool is not None:
            spool.close()
        server.stop()
    return outcome


def _session_seconds(plan: dict[str, Any]) -> float:
    """How long the plan should take, in session seconds (planned, else estimated)."""
    totals = plan.get("totals") or {}
    for key in ("duration_s", "planned_seconds"):
        if isinstance(totals.get(key), int | float):
            return float(totals[key])
    return 3600.0


async def _bridge_ready(bridge: Bridge, bridge_task: asyncio.Task[None]) -> None:
    """Wait until the bridge has its devices; its failure is raised, not waited out."""
    ready = asyncio.create_task(bridge.ready.wait())
    done, _ = await asyncio.wait(
        {ready, bridge_task}, timeout=30, return_when=asyncio.FIRST_COMPLETED
    )
    ready.cancel()
    if bridge_task in done:
        bridge_task.result()  # raises what stopped the bridge
        raise RuntimeError("the bridge stopped before the session started")
    if not done:
        raise RuntimeError("the bridge found no devices within 30 s")


async def _lose_the_link(bridge: Bridge, network: SimulatedNetwork, view: DemoView) -> None:
    """In the main set's third rep, the network goes for 30 seconds of the session clock."""
    while not (
        bridge.state.get("rep") == 3
        and bridge.state.get("reps") == 6
        and bridge.state.get("phase") == "step"
    ):
        await asyncio.sleep(0.02)
    view.event("network", {"down_s": LINK_LOSS_SESSION_S})
    network.cut()
    try:
        back_at = (bridge.clock.now() or 0.0) + LINK_LOSS_SESSION_S
        while (now := bridge.clock.now() or 0.0) < back_at:
            await asyncio.sleep(max(0.005, (back_at - now) / bridge.clock.rate))
    finally:
        network.mend()
