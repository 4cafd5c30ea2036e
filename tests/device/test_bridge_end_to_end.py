"""The bridge end to end: simulated devices through bleak's real classes, a real server.

A real `trackcue serve` on loopback runs the session on a fast clock (20 session seconds per
second); a phone joins over the websocket and starts it; the bridge scans the simulated air,
connects the strap, the footpod and the watch, and streams. Whatever goes wrong on the way
(the network drops for 30 session seconds, the bridge is killed and restarted, the strap goes
silent), every reading the bridge numbered is stored exactly once.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from device.bridge import Bridge, BridgeOptions
from device.gatt import (
    AlertCategory,
    AlertLevel,
    NewAlert,
    parse_new_alert,
    serialize_new_alert,
)
from device.pairing import Credentials, pair
from device.sample_spool import SampleSpool
from device.sensor_kinds import SensorKind
from device.simulation import SimulatedNetwork, SimulatedWorld, aim_for
from device.watch_alerts import TEXT_BYTES, worth_reading
from server.protocol import CueMessage
from server.store import open_database
from server.store.event_log import load_events
from tests.servers import ServerProcess

pytestmark = pytest.mark.asyncio

CLOCK_RATE = 20.0
WORKOUT = "# Bridge\nMain set 2x\n- 400mtr I Pace\n- Rest 30s\n"
SESSION_TIMEOUT_S = 90.0


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path / "data", env={"TRACKCUE_CLOCK_RATE": str(CLOCK_RATE)})
    process.start()
    try:
        yield process
    finally:
        process.stop()


@dataclass
class Rig:
    """The athlete, the session, the paired bridge's credentials and the simulated world."""

    server: ServerProcess
    headers: dict[str, str]
    session_id: str
    credentials: Credentials
    spool_path: Path
    world: SimulatedWorld = field(default_factory=SimulatedWorld)
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def bridge(self, spool: SampleSpool, server_url: str | None = None) -> Bridge:
        credentials = Credentials(server_url or self.credentials.server, self.credentials.token)
        options = BridgeOptions(
            scan_timeout_s=2.0,
            watchdog_s=1.0,
            scanner_kwargs=self.world.scanner_kwargs,
            client_kwargs=self.world.client_kwargs,
            sensor_time=self.world,
        )
        bridge = Bridge(
            credentials, spool, options, on_event=lambda k, d: self.events.append((k, d))
        )
        self.world.follow(lambda: aim_for(bridge.plan, bridge.state))
        return bridge

    async def start_phone(self) -> list[dict[str, Any]]:
        """Join as the phone, start the session, collect the cues until it finishes."""
        heard: list[dict[str, Any]] = []
        async with connect(
            f"{self.server.ws_url}/v1/sessions/{self.session_id}/live?role=phone",
            additional_headers=self.headers,
        ) as phone:
            await phone.recv()  # welcome
            await phone.send(json.dumps({"type": "command", "action": "start"}))
            async for frame in phone:
                message = json.loads(frame)
                if message["type"] == "cues":
                    heard.extend(message["cues"])
                if message["type"] == "state" and message["state"]["status"] == "finished":
                    return heard
        return heard


@pytest_asyncio.fixture
async def rig(server: ServerProcess, tmp_path: Path) -> AsyncIterator[Rig]:
    async with httpx.AsyncClient(base_url=server.url) as client:
        signup = await client.post(
            "/v1/auth/signup", json={"name": "ana", "password": "correct horse battery"}
        )
        headers = {"Authorization": f"Bearer {signup.json()['token']}"}
        profile = {"race_results": [{"race": "5k", "time": "19:57"}], "max_hr": 190}
        (await client.put("/v1/me/profile", json=profile, headers=headers)).raise_for_status()
        workout = await client.post("/v1/workouts", json={"text": WORKOUT}, headers=headers)
        session = await client.post(
            "/v1/sessions",
            json={"day": "2026-11-25", "workout_id": workout.json()["id"]},
            headers=headers,
        )
        code = await client.post(
            "/v1/devices/pairing-codes", json={"device_name": "track bridge"}, headers=headers
        )
    credentials = await pair(server.url, code.json()["code"])
    yield Rig(server, headers, session.json()["id"], credentials, tmp_path / "spool.db")


async def stored_seqs(server: ServerProcess, session_id: str) -> dict[str, list[int]]:
    database = await open_database(f"sqlite+aiosqlite:///{server.data_dir / 'trackcue.db'}")
    try:
        async with database.session() as db:
            events = await load_events(db, session_id)
    finally:
        await database.close()
    seqs: dict[str, list[int]] = {}
    for event in events:
        if event.kind == "sample" and event.source is not None and event.seq is not None:
            seqs.setdefault(event.source, []).append(event.seq)
    return seqs


async def assert_every_reading_stored_once(rig: Rig, spool: SampleSpool) -> None:
    stored = await stored_seqs(rig.server, rig.session_id)
    assert set(stored) == {"hrm", "footpod"}
    for source, seqs in stored.items():
        numbered = spool.numbered(rig.session_id, source)
        assert numbered > 20, f"{source}: too few readings for a whole session"
        assert sorted(seqs) == list(range(1, numbered + 1)), f"{source}: a gap or a duplicate"
    assert spool.waiting(rig.session_id) == 0


async def until(condition: Callable[[], bool]) -> None:
    """Wait for a condition (each test's timeout bounds the wait): no test waits a fixed time,
    so a loaded machine only makes it slower."""
    while not condition():
        await asyncio.sleep(0.02)


async def ready(bridge: Bridge) -> None:
    """The bridge is joined and its devices are connected: the runner may start."""
    await until(lambda: bridge.link is not None and bridge.link.connected.is_set())
    await bridge.ready.wait()


def in_rep(bridge: Bridge, rep: int) -> Callable[[], bool]:
    """Whether the session, as the bridge hears it, is running rep `rep`."""
    return lambda: (
        bridge.state.get("status") == "running"
        and bridge.state.get("kind") == "work"
        and bridge.state.get("rep") == rep
        and bridge.state.get("phase") == "step"
    )


def on_the_wrist(text: str) -> str:
    """What a watch shows of a cue's text: what fits its New Alert."""
    alert = NewAlert(category=AlertCategory.SIMPLE_ALERT, count=1, text=text)
    return parse_new_alert(serialize_new_alert(alert, max_text_bytes=TEXT_BYTES)).text


async def run_world(rig: Rig, bridge: Bridge) -> asyncio.Task[None]:
    return asyncio.create_task(rig.world.run(bridge.clock))


async def test_a_session_runs_through_the_bridge_with_every_reading_stored_once(rig: Rig) -> None:
    spool = SampleSpool(rig.spool_path)
    bridge = rig.bridge(spool)
    world = await run_world(rig, bridge)
    bridge_task = asyncio.create_task(bridge.run())
    try:
        async with asyncio.timeout(SESSION_TIMEOUT_S):
            await ready(bridge)
            cues = await rig.start_phone()
            await bridge_task
    finally:
        world.cancel()
        bridge_task.cancel()
    await assert_every_reading_stored_once(rig, spool)
    kinds = {data["kind"] for kind, data in rig.events if kind == "device"}
    assert kinds == {"hrm", "footpod", "watch"}
    # The watch showed the cues the phone heard that are worth reading on a wrist (not the
    # seconds of a countdown), each once, cut to what its screen takes, and buzzed hard for each
    # rep.
    shown = [alert.text for alert in rig.world.watch.alerts if alert.text]
    heard = [
        on_the_wrist(cue["text"])
        for cue in cues
        if cue["kind"] != "cancel" and worth_reading(CueMessage.model_validate(cue))
    ]
    assert not Counter(shown) - Counter(heard), "the watch showed a cue twice or one never sent"
    assert not [text for text in shown if text.isdigit()], "countdown seconds on the wrist"
    starts = [cue["text"] for cue in cues if cue["kind"] == "step_start"]
    assert starts and set(starts) <= set(shown)
    levels = [alert.level for alert in rig.world.watch.alerts if alert.level is not None]
    assert levels.count(AlertLevel.HIGH) >= len(starts)


async def test_a_30_second_network_drop_loses_nothing_and_stores_nothing_twice(rig: Rig) -> None:
    relay = await SimulatedNetwork(rig.server.port).start()
    spool = SampleSpool(rig.spool_path)
    bridge = rig.bridge(spool, relay.url)
    world = await run_world(rig, bridge)
    bridge_task = asyncio.create_task(bridge.run())
    try:
        async with asyncio.timeout(SESSION_TIMEOUT_S):
            await ready(bridge)
            phone = asyncio.create_task(rig.start_phone())
            await until(in_rep(bridge, 1))
            relay.cut()  # 30 session seconds without a network, on the runner's clock
            cut_at = rig.world.time
            assert cut_at is not None
            await until(lambda: (rig.world.time or 0.0) >= cut_at + 30)
            # Nothing is acknowledged through a cut network: 30 seconds of readings wait.
            assert spool.waiting(rig.session_id) >= 30, "readings queue while the link is down"
            relay.mend()
            await phone
            await bridge_task
    finally:
        world.cancel()
        bridge_task.cancel()
        await relay.stop()
    assert bridge.link is not None and bridge.link.connections >= 2
    await assert_every_reading_stored_once(rig, spool)


async def test_a_bridge_killed_mid_session_resumes_from_its_spool_after_a_restart(
    rig: Rig,
) -> None:
    spool = SampleSpool(rig.spool_path)
    first = rig.bridge(spool)
    world = await run_world(rig, first)
    first_task = asyncio.create_task(first.run())
    try:
        async with asyncio.timeout(SESSION_TIMEOUT_S):
            await ready(first)
            phone = asyncio.create_task(rig.start_phone())
            await until(in_rep(first, 1))
            first_task.cancel()  # the bridge dies: no goodbye, the spool file stays
            with pytest.raises(asyncio.CancelledError):
                await first_task
            spool.close()
            # Readings the devices sent while it was down are lost with the radio link; what
            # it had numbered is all on disk.
            again = SampleSpool(rig.spool_path)
            second = rig.bridge(again)
            world.cancel()
            world = await run_world(rig, second)
            await asyncio.gather(phone, second.run())
    finally:
        world.cancel()
    await assert_every_reading_stored_once(rig, again)


async def test_a_strap_that_goes_silent_is_reconnected_and_nothing_is_lost(rig: Rig) -> None:
    spool = SampleSpool(rig.spool_path)
    bridge = rig.bridge(spool)
    world = await run_world(rig, bridge)
    bridge_task = asyncio.create_task(bridge.run())
    try:
        async with asyncio.timeout(SESSION_TIMEOUT_S):
            await ready(bridge)
            phone = asyncio.create_task(rig.start_phone())
            await until(in_rep(bridge, 1))
            rig.world.strap.silent = True  # lost skin contact: connected, saying nothing
            strap = bridge.connections[SensorKind.HEART_RATE]
            await until(lambda: strap.silences > 0)  # the 1 s watchdog notices
            rig.world.strap.silent = False
            await until(lambda: strap.connections >= 2)
            await phone
            await bridge_task
    finally:
        world.cancel()
        bridge_task.cancel()
    assert rig.world.strap.connections >= 2
    await assert_every_reading_stored_once(rig, spool)


async def test_on_a_treadmill_the_belt_follows_each_step_and_its_readings_are_stored(
    rig: Rig,
) -> None:
    rig.world = SimulatedWorld(treadmill=True)
    treadmill = rig.world.treadmill
    assert treadmill is not None
    spool = SampleSpool(rig.spool_path)
    bridge = rig.bridge(spool)
    world = await run_world(rig, bridge)
    bridge_task = asyncio.create_task(bridge.run())
    try:
        async with asyncio.timeout(SESSION_TIMEOUT_S):
            await ready(bridge)
            await rig.start_phone()
            await bridge_task
    finally:
        world.cancel()
        bridge_task.cancel()
    speeds = [data["result"] for kind, data in rig.events if kind == "treadmill"]
    assert speeds and set(speeds) == {"SUCCESS"}
    # Each rep at I pace (the middle of the range), each rest at a walk.
    plan_reps = [s for s in bridge.plan["steps"] if s["kind"] == "work"]
    target = plan_reps[0]["target"]
    i_pace = 2000 / (target["fast_s_per_km"] + target["slow_s_per_km"])
    assert treadmill.requests.count("SetTargetSpeed") >= 4
    stored = await stored_seqs(rig.server, rig.session_id)
    assert set(stored) == {"hrm", "footpod", "treadmill"}
    assert sorted(stored["treadmill"]) == list(
        range(1, spool.numbered(rig.session_id, "treadmill") + 1)
    )
    assert max(r.speed for r in rig.world.readings) == pytest.approx(i_pace, rel=0.05)


async def follow_phone(rig: Rig) -> None:
    """The phone after a server restart: joins again (with backoff) until the session ends."""
    delay = 0.1
    while True:
        try:
            async with connect(
                f"{rig.server.ws_url}/v1/sessions/{rig.session_id}/live?role=phone",
                additional_headers=rig.headers,
            ) as phone:
                delay = 0.1
                async for frame in phone:
                    message = json.loads(frame)
                    state = message.get("state") or {}
                    if state.get("status") == "finished":
                        return
        except (OSError, ConnectionClosed, InvalidStatus):
            await asyncio.sleep(delay)
            delay = min(delay * 2, 1.0)


async def test_a_server_restart_mid_session_is_ridden_out_with_every_reading_stored_once(
    rig: Rig,
) -> None:
    spool = SampleSpool(rig.spool_path)
    bridge = rig.bridge(spool)
    world = await run_world(rig, bridge)
    bridge_task = asyncio.create_task(bridge.run())
    try:
        async with asyncio.timeout(SESSION_TIMEOUT_S):
            await ready(bridge)
            started = asyncio.create_task(rig.start_phone())
            await until(in_rep(bridge, 1))
            # A deploy: SIGTERM closes every socket with 1012; the new process takes over the
            # same database and port. The bridge reconnects with backoff and jitter.
            await asyncio.to_thread(rig.server.stop)
            started.cancel()
            await asyncio.sleep(0.5)
            await asyncio.to_thread(rig.server.start)
            await follow_phone(rig)
            await bridge_task
    finally:
        world.cancel()
        bridge_task.cancel()
        spool.close()
    assert bridge.link is not None and bridge.link.connections >= 2
    with SampleSpool(rig.spool_path) as again:
        await assert_every_reading_stored_once(rig, again)
