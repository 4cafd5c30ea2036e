"""The load generator of `bench.live`: K sessions, each a phone, a watch and a bridge.

It runs in its own process (`python -m bench.live --drive SPEC`), against trackcue or the
baseline alike, and prints one JSON object with what it measured. Everything for one session
(its phone, watch and bridge) lives in this process, so the bridge's send times and the
phone's receipt times are on one clock (`time.monotonic`).

Phases, all bounded in time:

1. *Connect*: every socket opens, at most 64 handshakes at once, each retried with back-off
   (a loaded server's accept queue overflows). Sessions with a socket that never opens are left
   out and counted.
2. *Start-up*: the phones send `start`, spread evenly over `stagger_s` (the first rep), or all
   at once with `--burst`. Each phone then pings three times and keeps the offset of the pong
   with the shortest round trip (the server and this process share the machine's monotonic
   clock, so that offset is good to half a round trip, and it is refined by a ping every 5 s).
   Its bridge then sends a sample every 250 ms with `t`, its estimate of the session time.
3. *Measurement*: `seconds` from the last start (from the burst with `--burst`). Messages are
   counted, cues recorded, and the server's CPU time and RSS read (`/proc`) at both ends.

Then every socket is closed and the figures are worked out (see `bench._live_pattern` for how
cues are classified). A reactive cue's latency runs from the send of its triggering sample (the
first the bridge sent whose `t` is at or after the cue's `emitted`; the one before it when the
server moved that sample's time up to an input it had already taken, which shows as a send
after the cue's receipt) to the phone's receipt. The send is an upper bound of the server's
receipt: loopback, same machine.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import json
import os
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from bench._live_pattern import PlanStep, Runner, classify

__all__ = ["drive", "raise_file_limit", "read_cpu_seconds", "read_rss_kib"]

SAMPLE_PERIOD_S = 0.25
_PING_EVERY_S = 5.0
_HANDSHAKES_AT_ONCE = 64
_CONNECT_TRIES = 6
_CUES = '{"type":"cues"'
_PONG = '{"type":"pong"'
_ACK = '{"type":"ack"'


def raise_file_limit() -> None:
    """Sockets are files: 1,000 sessions need 3,000 of them on each side."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


def read_cpu_seconds(pid: int) -> float:
    """User and system CPU seconds a process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def read_rss_kib(pid: int) -> int:
    """A process's resident set size."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@dataclass(slots=True)
class _Window:
    """The measured interval, and what was counted in it."""

    start: float = float("inf")
    end: float = float("inf")
    received: int = 0
    sent: int = 0
    closed: int = 0  # sockets the server closed before the end
    closes: dict[str, int] = field(default_factory=dict)  # by role and close code

    def close(self, role: str, error: ConnectionClosed) -> None:
        self.closed += 1
        code = error.rcvd.code if error.rcvd is not None else "none"
        key = f"{role} {code}"
        self.closes[key] = self.closes.get(key, 0) + 1

    def inside(self, now: float) -> bool:
        return self.start <= now < self.end


@dataclass(slots=True)
class _Session:
    """One session's three sockets and what its phone and bridge saw."""

    session_id: str
    steps: list[PlanStep]
    urls: dict[str, str]
    headers: dict[str, dict[str, str]]
    sockets: dict[str, ClientConnection] = field(default_factory=dict)
    offset: float | None = None  # session time = monotonic + offset
    best_rtt: float = float("inf")
    started: asyncio.Event = field(default_factory=asyncio.Event)
    pong: asyncio.Future[tuple[float, dict[str, Any]]] | None = None
    cues: list[tuple[float, dict[str, Any]]] = field(default_factory=list)  # (receipt, cue)
    cue_frames: int = 0
    sample_t: list[float] = field(default_factory=list)
    sample_sent: list[float] = field(default_factory=list)
    ack_ms: list[float] = field(default_factory=list)  # a sample's send to its ack


async def _open(
    url: str, headers: dict[str, str], gate: asyncio.Semaphore
) -> ClientConnection | None:
    for attempt in range(_CONNECT_TRIES):
        try:
            async with gate:
                # No client pings (the server pings every client), no compression (the server
                # offers none), no cap on the receive queue (we count, not apply back-pressure).
                return await connect(
                    url,
                    additional_headers=headers,
                    open_timeout=60,
                    ping_interval=None,
                    compression=None,
                    max_queue=None,
                )
        except (OSError, TimeoutError, InvalidHandshake):
            await asyncio.sleep(0.2 * 2**attempt)
    return None


async def _connect(session: _Session, gate: asyncio.Semaphore) -> bool:
    opened = await asyncio.gather(
        *(_open(session.urls[role], session.headers[role], gate) for role in session.urls)
    )
    for role, socket in zip(session.urls, opened, strict=True):
        if socket is not None:
            session.sockets[role] = socket
    return all(socket is not None for socket in opened)


async def _read(session: _Session, role: str, window: _Window) -> None:
    """Count every frame; the phone also keeps its cues and answers its own pings."""
    socket = session.sockets[role]
    phone = role == "phone"
    try:
        async for frame in socket:
            now = time.monotonic()
            if window.inside(now):
                window.received += 1
            if not isinstance(frame, str):
                continue
            if role == "bridge":
                if frame.startswith(_ACK) and window.inside(now):
                    seq = int(json.loads(frame)["seq"])
                    if 0 < seq <= len(session.sample_sent):
                        session.ack_ms.append((now - session.sample_sent[seq - 1]) * 1000)
                continue
            if not phone:
                continue
            if frame.startswith(_CUES):
                if window.inside(now):
                    session.cue_frames += 1
                for cue in json.loads(frame)["cues"]:
                    if cue.get("kind") != "cancel":
                        session.cues.append((now, cue))
            elif frame.startswith(_PONG) and session.pong is not None and not session.pong.done():
                session.pong.set_result((now, json.loads(frame)))
    except ConnectionClosed as error:
        if time.monotonic() < window.end:
            window.close(role, error)


async def _send(session: _Session, role: str, message: dict[str, Any], window: _Window) -> float:
    now = time.monotonic()
    await session.sockets[role].send(json.dumps(message, separators=(",", ":")))
    if window.inside(now):
        window.sent += 1
    return now


async def _ping(session: _Session, window: _Window) -> None:
    """One ping; keep the offset of the shortest round trip seen."""
    session.pong = asyncio.get_running_loop().create_future()
    sent = await _send(session, "phone", {"type": "ping", "client_time": _clock_ms()}, window)
    try:
        received, pong = await asyncio.wait_for(session.pong, timeout=30)
    except TimeoutError:
        return
    rtt = received - sent
    if rtt < session.best_rtt:
        session.best_rtt = rtt
        session.offset = float(pong["session_time"]) - (sent + received) / 2


def _clock_ms() -> float:
    """The phone's clock for a ping, in milliseconds."""
    return time.monotonic() * 1000


async def _phone(session: _Session, start_at: float, window: _Window) -> None:
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    await _send(session, "phone", {"type": "command", "action": "start"}, window)
    for _ in range(3):
        await _ping(session, window)
    if session.offset is None:
        return
    session.started.set()
    while True:
        await asyncio.sleep(_PING_EVERY_S)
        await _ping(session, window)


async def _bridge(session: _Session, window: _Window) -> None:
    await session.started.wait()
    runner = Runner(session.steps)
    seq = 0
    due = time.monotonic()
    while True:
        now = time.monotonic()
        assert session.offset is not None
        t = round(max(now + session.offset, 0.0), 3)
        distance, speed, hr, cadence = runner.advance(t)
        seq += 1
        sample = {
            "seq": seq,
            "t": t,
            "hr": hr,
            "speed": round(speed, 3),
            "cadence": cadence,
            "distance": round(distance, 2),
        }
        session.sample_t.append(t)
        session.sample_sent.append(now)
        await _send(
            session, "bridge", {"type": "samples", "source": "gps", "samples": [sample]}, window
        )
        due = max(due + SAMPLE_PERIOD_S, time.monotonic())
        await asyncio.sleep(due - time.monotonic())


def _figures(sessions: list[_Session], window: _Window) -> dict[str, Any]:
    lateness: dict[str, list[float]] = {"timed": [], "deadline": [], "reactive": []}
    reactive_ms: list[float] = []
    timed_early = 0
    kinds: dict[str, int] = {}
    for session in sessions:
        if session.offset is None:
            continue
        for received, cue in session.cues:
            if not window.inside(received):
                continue
            kind = classify(cue, session.steps)
            late_ms = (received + session.offset - cue["due"]) * 1000
            lateness[kind].append(late_ms)
            key = f"{kind}:{cue.get('kind')}"
            kinds[key] = kinds.get(key, 0) + 1
            if kind == "timed" and late_ms < 0:
                timed_early += 1
            if kind != "reactive":
                continue
            i = bisect.bisect_left(session.sample_t, cue["emitted"])
            if i == len(session.sample_t) or session.sample_sent[i] > received:
                i -= 1  # the sample's time was moved up: it is the one sent before
            if i >= 0:
                reactive_ms.append((received - session.sample_sent[i]) * 1000)
    return {
        "lateness_ms": lateness,
        "timed_early": timed_early,
        "reactive_ms": reactive_ms,
        "kinds": kinds,
        "cue_frames": sum(session.cue_frames for session in sessions),
        "ack_ms": [value for session in sessions for value in session.ack_ms],
    }


async def drive(spec: dict[str, Any]) -> dict[str, Any]:
    """Run the phases above for `spec` (written by `bench.live`); return the raw figures."""
    raise_file_limit()
    pids: list[int] = [pid for pid in spec["pids"] if pid is not None]
    plans = [[PlanStep(**step) for step in plan] for plan in spec["plans"]]
    sessions = [
        _Session(
            session_id=entry["id"],
            steps=plans[entry["plan"]],
            urls={role: f"{entry['url']}{role}" for role in ("phone", "watch", "bridge")},
            headers={
                "phone": entry["athlete"],
                "watch": entry["athlete"],
                "bridge": entry["device"],
            },
        )
        for entry in spec["sessions"]
    ]
    rss_before = sum(read_rss_kib(pid) for pid in pids)
    window = _Window()
    gate = asyncio.Semaphore(_HANDSHAKES_AT_ONCE)
    began = time.monotonic()
    connected = await asyncio.gather(*(_connect(session, gate) for session in sessions))
    connect_s = time.monotonic() - began
    ready = [session for session, ok in zip(sessions, connected, strict=True) if ok]
    tasks: list[asyncio.Task[None]] = []
    for session in ready:
        for role in ("phone", "watch", "bridge"):
            tasks.append(asyncio.create_task(_read(session, role, window)))
    t0 = time.monotonic() + 0.5
    stagger = 0.0 if spec["burst"] else float(spec["stagger_s"])
    window.start = t0 + stagger
    window.end = window.start + float(spec["seconds"])
    for n, session in enumerate(ready):
        start_at = t0 + stagger * n / max(len(ready), 1)
        tasks.append(asyncio.create_task(_phone(session, start_at, window)))
        tasks.append(asyncio.create_task(_bridge(session, window)))
    await asyncio.sleep(max(0.0, window.start - time.monotonic()))
    cpu_start = sum(read_cpu_seconds(pid) for pid in pids)
    await asyncio.sleep(max(0.0, window.end - time.monotonic()))
    cpu_s = sum(read_cpu_seconds(pid) for pid in pids) - cpu_start
    rss_after = sum(read_rss_kib(pid) for pid in pids)
    for task in tasks:
        task.cancel()
    _, pending = await asyncio.wait(tasks, timeout=10)
    for task in list(pending)[:3]:
        task.print_stack(limit=8, file=sys.stderr)  # a client that ignored its end: say where
    closing = [socket.close() for session in sessions for socket in session.sockets.values()]
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.gather(*closing, return_exceptions=True), timeout=30)
    for session in sessions:
        for socket in session.sockets.values():
            socket.transport.abort()  # whatever did not close in time
    return {
        "sessions": len(ready),
        "failed_sessions": len(sessions) - len(ready),
        "unstarted_sessions": sum(1 for session in ready if session.offset is None),
        "connect_s": connect_s,
        "received": window.received,
        "sent": window.sent,
        "closed": window.closed,
        "closes": window.closes,
        "stuck_tasks": len(pending),
        "elapsed": window.end - window.start,
        "cpu_s": cpu_s,
        "rss_before_kib": rss_before,
        "rss_after_kib": rss_after,
        **_figures(ready, window),
    }
