"""The bridge: sensors in, samples out to the server, cues back out to the watch and speaker.

It asks the server which session to feed, scans for one device of each kind, keeps each
connected (`SensorConnection`), numbers every reading into the on-disk spool, and keeps the
link to the server flowing (`ServerLink`). Cues arrive ahead of time with their due time on the
session clock; the bridge plays each on the watch (and the speaker) at that time, once per id,
and withdraws those a `cancel` cue names.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
from pydantic import ValidationError

from device.pairing import Credentials
from device.sample_spool import SampleSpool
from device.sensor_connection import SensorConnection
from device.sensor_kinds import FoundDevice, SensorKind, scan
from device.sensor_readers import FootpodReader, HeartRateReader
from device.server_link import ServerLink
from device.session_clock import SessionClock
from device.speech import Speaker
from device.step_targets import step_at, target_speed
from device.treadmill_control import TreadmillControl
from device.watch_alerts import WatchAlerts
from server.protocol import CueMessage, SampleIn, Welcome

__all__ = [
    "Bridge",
    "BridgeError",
    "BridgeOptions",
    "SensorTime",
    "checked_reading",
    "find_session",
]

log = logging.getLogger(__name__)

ACTED_MEMORY = 5_000  # cue ids remembered, so a resent cue is never played twice
WALKING_MPS = 3.0 / 3.6  # the belt in a standing rest: a walk, safer than stopping it


def checked_reading(reading: dict[str, Any]) -> dict[str, Any] | None:
    """The reading with any field the protocol would refuse left out (None if nothing is left).

    A value out of range (a spike from a sensor, a bad clock) must never reach the spool: the
    server would refuse the sample, and everything numbered after it would wait forever.
    """
    fields = dict(reading)
    while True:
        try:
            SampleIn(seq=1, **fields)
        except ValidationError as error:
            bad = {str(item["loc"][0]) for item in error.errors() if item["loc"]}
            if not bad & fields.keys():
                return None
            fields = {name: value for name, value in fields.items() if name not in bad}
            continue
        measured = fields.keys() - {"t"}
        return fields if measured else None


class BridgeError(Exception):
    """The bridge cannot run; the message says why."""


class SensorTime(Protocol):
    """When a simulated sensor measured: a real one's notification is timed on arrival, but a
    simulation measures on the session clock and may be delivered late on a loaded machine, so
    it says when (a late delivery then changes when a reading arrives, never what it says)."""

    def measured_at(self) -> float | None:
        """The session time of the notification being delivered now (None: its arrival)."""
        ...

    def sensor_seconds(self) -> float:
        """The sensors' own clock in session seconds, for a footpod's metres per second."""
        ...


@dataclass(frozen=True, slots=True)
class BridgeOptions:
    """How the bridge runs."""

    session_id: str | None = None  # None: ask the server which session to feed
    wait_s: float | None = None  # poll for a session this often instead of failing
    scan_timeout_s: float = 10.0
    watchdog_s: float = 5.0
    cadence_in_strides: bool = False
    speak: bool = False
    scanner_kwargs: dict[str, Any] = field(default_factory=dict)
    client_kwargs: dict[str, Any] = field(default_factory=dict)
    sensor_time: SensorTime | None = None  # the simulation's; real sensors are timed on arrival


async def find_session(
    credentials: Credentials, session_id: str | None, *, wait_s: float | None = None
) -> dict[str, Any]:
    """The session to feed (with its plan): the one named, or the one the server points at.

    With `wait_s`, no session yet is not an error: ask again every `wait_s` seconds (a bridge
    left running at the track waits for the runner to create one).
    """
    headers = {"Authorization": f"Bearer {credentials.token}"}
    params = {"id": session_id} if session_id is not None else {}
    url = f"{credentials.server}/v1/live/session"
    async with httpx.AsyncClient(timeout=10.0) as client:
        while True:
            try:
                reply = await client.get(url, headers=headers, params=params)
            except httpx.HTTPError as error:
                if wait_s is None:
                    raise BridgeError(f"cannot reach {credentials.server}: {error}") from None
                await asyncio.sleep(wait_s)
                continue
            if reply.status_code == 401:
                raise BridgeError("the server does not know this bridge: pair it again")
            if reply.status_code == 200:
                session: dict[str, Any] = reply.json()
                return session
            if reply.status_code != 404 or wait_s is None:
                raise BridgeError(f"no session to feed: {_detail(reply)}")
            await asyncio.sleep(wait_s)


def _detail(reply: httpx.Response) -> str:
    """What a problem-details answer says, or the status when it is not one (a proxy's page)."""
    try:
        return str(reply.json().get("detail") or reply.status_code)
    except (ValueError, AttributeError):
        return f"HTTP {reply.status_code}"


class Bridge:
    """Runs one session's devices and link; `run()` returns when the session is over."""

    def __init__(
        self,
        credentials: Credentials,
        spool: SampleSpool,
        options: BridgeOptions | None = None,
        *,
        on_event: Callable[[str, dict[str, Any]], None] = lambda kind, data: None,
    ) -> None:
        self.credentials = credentials
        self.spool = spool
        self.options = options or BridgeOptions()
        self.on_event = on_event
        self.clock = SessionClock()
        self.session: dict[str, Any] = {}
        self.state: dict[str, Any] = {}
        self.link: ServerLink | None = None
        self.connections: dict[SensorKind, SensorConnection] = {}
        self.watch = WatchAlerts()
        self.treadmill = TreadmillControl(
            self._emit, on_result=self._treadmill_result, on_connected=self._treadmill_connected
        )
        self._belt_key: tuple[Any, ...] = ()
        self._belt_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self.speaker = Speaker() if self.options.speak else None
        self.ready = asyncio.Event()  # every device found is connected (at least once)
        self._acted: dict[str, None] = {}
        self._scheduled: dict[str, asyncio.TimerHandle] = {}

    @property
    def plan(self) -> dict[str, Any]:
        """The resolved workout the session runs."""
        snapshot: dict[str, Any] = self.session.get("snapshot") or {}
        return snapshot

    # --- readings ------------------------------------------------------------------------

    def _emit(self, kind: SensorKind, reading: dict[str, Any]) -> None:
        if self.state.get("status") == "finished":
            return  # the session is over: later readings belong to no session
        sensor_time = self.options.sensor_time
        measured = sensor_time.measured_at() if sensor_time is not None else None
        now = measured if measured is not None else self.clock.now()
        if now is not None:
            reading = {**reading, "t": round(max(now, 0.0), 3)}
        checked = checked_reading(reading)
        if checked is None:
            self.on_event("rejected", {"source": kind.value, **reading})
            return
        self.spool.append(self.session["id"], kind.value, [checked])
        if self.link is not None:
            self.link.readings_waiting()
        self.on_event("reading", {"source": kind.value, **checked})

    # --- cues ----------------------------------------------------------------------------

    def _welcome(self, welcome: Welcome) -> None:
        """A (re)connection: the welcome's cues are every cue still ahead, so a cue scheduled
        here and not among them was withdrawn while the link was down."""
        ahead = {cue.id for cue in welcome.cues}
        for cue_id in [cue_id for cue_id in self._scheduled if cue_id not in ahead]:
            self._scheduled.pop(cue_id).cancel()
        self._state(welcome.state.model_dump())
        self._cues(list(welcome.cues))

    def _cues(self, cues: list[CueMessage]) -> None:
        loop = asyncio.get_running_loop()
        for cue in cues:
            if cue.kind == "cancel":
                for cancelled in cue.cancels:
                    handle = self._scheduled.pop(cancelled, None)
                    if handle is not None:
                        handle.cancel()
                continue
            if cue.id in self._acted or cue.id in self._scheduled:
                continue  # a resend after a reconnect
            now = self.clock.now()
            delay = 0.0 if now is None else max(0.0, (cue.due - now) / self.clock.rate)
            self._scheduled[cue.id] = loop.call_later(delay, self._play, cue)

    def _play(self, cue: CueMessage) -> None:
        self._scheduled.pop(cue.id, None)
        self._acted[cue.id] = None
        while len(self._acted) > ACTED_MEMORY:
            del self._acted[next(iter(self._acted))]
        self.on_event("cue", cue.model_dump())
        self._background(self._deliver(cue))

    async def _deliver(self, cue: CueMessage) -> None:
        delivered = await self.watch.alert(cue)
        if delivered:
            self.on_event("watch", {"id": cue.id, "text": cue.text})
        if self.speaker is not None and cue.text:
            await self.speaker.say(cue.text)

    def _background(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` alongside, kept until done and cancelled when the bridge stops."""
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- the treadmill ---------------------------------------------------------------------

    def _state(self, state: dict[str, Any]) -> None:
        self.state = state
        self.on_event("state", state)
        key = (state.get("status"), state.get("step_index"), state.get("step_started_at"))
        if key != self._belt_key:
            self._belt_key = key
            if SensorKind.TREADMILL in self.connections:
                self._background(self._set_belt())

    async def _set_belt(self) -> None:
        """The belt follows the session: each step's target speed, a walk in a standing rest,
        paused with the session, stopped at its end; never started before the session is."""
        async with self._belt_lock:
            state = self.state
            status = state.get("status")
            if status == "paused":
                await self.treadmill.pause()
                return
            if status == "finished":
                await self.treadmill.stop()
                return
            step = step_at(self.plan, state)
            if status != "running" or step is None:
                return
            speed = WALKING_MPS if step.get("kind") == "rest" else target_speed(step)
            if speed is not None:
                await self.treadmill.run_at(speed)

    def _treadmill_connected(self) -> None:
        """A treadmill (re)connected: put the belt where the session is now."""
        self._background(self._set_belt())

    def _treadmill_result(self, request: str, result: Any) -> None:
        self.on_event("treadmill", {"request": request, "result": getattr(result, "name", None)})

    # --- devices -------------------------------------------------------------------------

    def _status(self, kind: SensorKind, status: str) -> None:
        self.on_event("device", {"kind": kind.value, "status": status})
        if all(connection.connections for connection in self.connections.values()):
            self.ready.set()

    async def _devices(self) -> list[tuple[SensorKind, FoundDevice]]:
        """One device per kind, the strongest; a device serves one kind (one link each)."""
        found = await scan(self.options.scan_timeout_s, **self.options.scanner_kwargs)
        chosen: dict[SensorKind, FoundDevice] = {}
        taken: set[str] = set()
        for device in found:  # strongest first
            for kind in device.kinds:
                if kind not in chosen and device.address not in taken:
                    chosen[kind] = device
                    taken.add(device.address)
        for kind, device in chosen.items():
            self.on_event("found", {"kind": kind.value, "name": device.name, "rssi": device.rssi})
        return [(kind, chosen[kind]) for kind in SensorKind if kind in chosen]

    def _connection(self, kind: SensorKind, device: FoundDevice, lock: asyncio.Lock) -> None:
        setup: Any
        watchdog: float | None = self.options.watchdog_s
        if kind is SensorKind.HEART_RATE:
            setup = HeartRateReader(self._emit).setup
        elif kind is SensorKind.FOOTPOD:
            sensor_time = self.options.sensor_time
            setup = FootpodReader(
                self._emit,
                cadence_in_strides=self.options.cadence_in_strides,
                monotonic=time.monotonic if sensor_time is None else sensor_time.sensor_seconds,
            ).setup
        elif kind is SensorKind.TREADMILL:
            setup = self.treadmill.setup
        elif kind is SensorKind.WATCH:
            setup = self.watch.setup
            watchdog = None  # a watch sends nothing; only a drop matters
        self.connections[kind] = SensorConnection(
            kind,
            device.device,
            setup,
            watchdog_s=watchdog,
            scan_timeout_s=self.options.scan_timeout_s,
            connect_lock=lock,
            client_kwargs=self.options.client_kwargs,
            scanner_kwargs=self.options.scanner_kwargs,
            on_status=self._status,
        )

    # --- running -------------------------------------------------------------------------

    async def run(self) -> None:
        """Feed the session until it is over and every reading is acknowledged."""
        self.session = await find_session(
            self.credentials, self.options.session_id, wait_s=self.options.wait_s
        )
        self.on_event("session", {"id": self.session["id"], "status": self.session["status"]})
        self.link = ServerLink(
            self.credentials.server,
            self.credentials.token,
            self.session["id"],
            self.spool,
            clock=self.clock,
            on_cues=self._cues,
            on_state=self._state,
            on_welcome=self._welcome,
        )
        lock = asyncio.Lock()
        for kind, found in await self._devices():
            self._connection(kind, found, lock)
        if not self.connections:
            log.warning("no sensor found: the bridge only relays cues")
            self.ready.set()
        tasks = [
            asyncio.create_task(connection.run(), name=f"sensor-{kind.value}")
            for kind, connection in self.connections.items()
        ]
        try:
            await self.link.run()
        finally:
            for handle in self._scheduled.values():
                handle.cancel()
            self._scheduled.clear()
            everything = [*tasks, *self._tasks]
            for task in everything:
                task.cancel()
            outcomes = await asyncio.gather(*everything, return_exceptions=True)
            for task, outcome in zip(everything, outcomes, strict=True):
                if isinstance(outcome, Exception):
                    log.warning("%s stopped: %s", task.get_name(), outcome)

    async def stop(self) -> None:
        """Stop feeding (what is unsent stays in the spool for the next run)."""
        if self.link is not None:
            await self.link.stop()
