"""The bridge's link to the server: protocol v1 in the bridge role, over one websocket.

Readings go from the spool to the server in seq order; the spool lets go of them only when the
server acknowledges them, so a dropped link or a restart loses nothing and, since the server
ignores seqs it holds, counts nothing twice. The link reconnects with backoff and jitter after
a drop or a server restart (1012), and gives up only when the server refuses the bridge (a
revoked device, another athlete's session), which retrying cannot mend.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from device.backoff import Backoff
from device.sample_spool import SampleSpool
from device.session_clock import SessionClock
from server.protocol import (
    MAX_MESSAGE_BYTES,
    Ack,
    CueMessage,
    CuesMessage,
    ErrorMessage,
    Ping,
    Pong,
    ProtocolError,
    SampleIn,
    SamplesMessage,
    StateMessage,
    Welcome,
    decode_server,
    encode,
)

__all__ = ["LinkRefused", "ServerLink", "live_url"]

log = logging.getLogger(__name__)

BATCH = 200  # samples per message, the protocol's limit
WINDOW = 2_000  # samples sent but not yet acknowledged, per source
PING_EVERY_S = 2.0
# Readings are sent in batches at most this often: a few messages a second per source stay well
# inside the server's per-connection message rate, whatever the sensors' rate. On a sped-up
# session clock (demos, tests) the interval shrinks with it, down to a floor, so a batch never
# holds more than a fraction of a session second; the server's rate limit scales likewise.
FLUSH_EVERY_S = 0.25
FLUSH_FLOOR_S = 0.02
REFUSED_CODES = {1008}  # policy: not this device's session, or not a bridge


class LinkRefused(Exception):
    """The server will not take this bridge for this session; retrying cannot help."""


def live_url(server: str, session_id: str) -> str:
    """The session's websocket address from the server's http(s) or ws(s) address."""
    parts = urlsplit(server.rstrip("/"))
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    if scheme not in ("ws", "wss"):
        raise ValueError(f"the server address must start with http(s):// or ws(s)://: {server}")
    path = f"{parts.path}/v1/sessions/{session_id}/live"
    return urlunsplit((scheme, parts.netloc, path, "role=bridge", ""))


class ServerLink:
    """Keeps the bridge joined to one session and the spool flowing to it."""

    def __init__(
        self,
        server: str,
        token: str,
        session_id: str,
        spool: SampleSpool,
        *,
        clock: SessionClock | None = None,
        backoff: Backoff | None = None,
        on_cues: Callable[[list[CueMessage]], None] = lambda cues: None,
        on_state: Callable[[dict[str, Any]], None] = lambda state: None,
        on_welcome: Callable[[Welcome], None] | None = None,
    ) -> None:
        self.url = live_url(server, session_id)
        self.token = token
        self.session_id = session_id
        self.spool = spool
        self.clock = clock or SessionClock()
        self.backoff = backoff or Backoff()
        self.on_cues = on_cues
        self.on_state = on_state
        self.on_welcome = on_welcome or self._welcomed
        self.connected = asyncio.Event()
        self.connections = 0  # how many times it joined: the demo and tests report it
        self.finished = False  # the session ended and every reading is acknowledged
        self._session_over = False
        self._new_data = asyncio.Event()
        self._acked = asyncio.Event()
        self._sent: dict[str, int] = {}
        self._stopping = False
        self._socket: ClientConnection | None = None

    def _welcomed(self, welcome: Welcome) -> None:
        """Without a welcome handler: the welcome's state and cues go where later ones go."""
        self.on_state(welcome.state.model_dump())
        if welcome.cues:
            self.on_cues(list(welcome.cues))

    def readings_waiting(self) -> None:
        """New readings are in the spool: wake the sender."""
        self._new_data.set()

    async def stop(self) -> None:
        """Leave: close the socket and stop reconnecting (the spool keeps what is unsent)."""
        self._stopping = True
        if self._socket is not None:
            await self._socket.close()

    async def run(self) -> None:
        """Join, stream, and rejoin after every drop until stopped or the session is done."""
        while not self._stopping and not self.finished:
            try:
                async with connect(
                    self.url,
                    additional_headers={"Authorization": f"Bearer {self.token}"},
                    max_size=MAX_MESSAGE_BYTES,
                    compression=None,
                    ping_interval=10,
                    ping_timeout=10,
                    open_timeout=10,
                ) as socket:
                    self._socket = socket
                    await self._session(socket)
            except InvalidStatus as error:
                if error.response.status_code in (401, 403, 404):
                    raise LinkRefused(
                        f"the server refused the bridge ({error.response.status_code}):"
                        " pair it again, or check the session"
                    ) from error
                log.warning("server answered %s; retrying", error.response.status_code)
            except ConnectionClosed as error:
                code = error.rcvd.code if error.rcvd is not None else None
                if code in REFUSED_CODES:
                    reason = error.rcvd.reason if error.rcvd is not None else ""
                    raise LinkRefused(f"the server closed the link: {reason}") from error
                log.info("link closed (%s); reconnecting", code)
            except (OSError, InvalidHandshake, TimeoutError) as error:
                log.info("cannot reach the server (%s); retrying", error)
            finally:
                self._socket = None
                self.connected.clear()
            if self._stopping or self.finished:
                break
            await asyncio.sleep(self.backoff.next_delay())

    async def _session(self, socket: ClientConnection) -> None:
        if self._stopping:  # stopped while the handshake was under way
            return
        try:
            welcome = decode_server(await socket.recv(decode=False))
        except ProtocolError as error:
            raise LinkRefused(f"the server's welcome is unreadable: {error}") from None
        if not isinstance(welcome, Welcome):
            raise LinkRefused(f"expected a welcome from the server, got {welcome.type!r}")
        self.connections += 1
        self.backoff.reset()
        self.clock.anchor_on_welcome(welcome.session_time, welcome.clock_rate)
        for source, seq in welcome.acks.items():
            self.spool.reconcile(self.session_id, source, seq)
        # A new connection starts from what the server holds: resend everything after it.
        self._sent = {
            source: self.spool.acked(self.session_id, source)
            for source in self.spool.sources(self.session_id)
        }
        self.on_welcome(welcome)
        self.connected.set()
        self._note_state(welcome.state.model_dump())
        receiving = asyncio.create_task(self._receive_all(socket), name="bridge-receive")
        sending = asyncio.create_task(self._send(socket), name="bridge-send")
        pinging = asyncio.create_task(self._ping(socket), name="bridge-ping")
        tasks = {receiving, sending, pinging}
        try:
            # Whichever ends first ends the connection: the socket closing, or a task failing
            # (its error is raised here, never left to die silently while pings keep going).
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, ConnectionClosed):
                    await task

    async def _receive_all(self, socket: ClientConnection) -> None:
        async for frame in socket:
            self._receive(frame)
            if self.finished or self._stopping:
                await socket.close()

    def _receive(self, frame: str | bytes) -> None:
        try:
            message = decode_server(frame)
        except ProtocolError as error:
            # A message this bridge cannot read (a newer server's, a damaged one): skip it.
            log.warning("unreadable message from the server skipped: %s", error)
            return
        if isinstance(message, Ack):
            self.spool.acknowledge(self.session_id, message.source, message.seq)
            self._acked.set()
            self._check_finished()
        elif isinstance(message, CuesMessage):
            self.on_cues(list(message.cues))
        elif isinstance(message, StateMessage):
            self.on_state(message.state.model_dump())
            self._note_state(message.state.model_dump())
        elif isinstance(message, Pong):
            self.clock.observe(message.client_time, message.session_time, message.clock_rate)
        elif isinstance(message, ErrorMessage):
            log.warning("server refused a message: %s (%s)", message.message, message.code)
            # After any refusal, resend from what the server holds (a gap, a bad batch).
            for source in self._sent:
                self._sent[source] = self.spool.acked(self.session_id, source)
            self._new_data.set()

    def _note_state(self, state: dict[str, Any]) -> None:
        self._session_over = state.get("status") == "finished"
        self._check_finished()

    def _check_finished(self) -> None:
        if self._session_over and self.spool.waiting(self.session_id) == 0:
            self.finished = True

    async def _send(self, socket: ClientConnection) -> None:
        while True:
            sent_any = False
            for source in self.spool.sources(self.session_id):
                after = max(self._sent.get(source, 0), self.spool.acked(self.session_id, source))
                if after - self.spool.acked(self.session_id, source) >= WINDOW:
                    continue  # enough in flight: wait for acknowledgements
                batch = self.spool.pending(self.session_id, source, after=after, limit=BATCH)
                if not batch:
                    continue
                message = SamplesMessage(
                    source=source,
                    samples=[SampleIn(seq=item.seq, **item.reading) for item in batch],
                )
                self.spool.mark_sent(self.session_id, source, batch[-1].seq)
                await socket.send(encode(message))
                self._sent[source] = batch[-1].seq
                sent_any = True
            if sent_any:
                await asyncio.sleep(max(FLUSH_FLOOR_S, FLUSH_EVERY_S / max(self.clock.rate, 1.0)))
            else:
                self._new_data.clear()
                self._acked.clear()
                waits = [
                    asyncio.create_task(self._new_data.wait()),
                    asyncio.create_task(self._acked.wait()),
                ]
                try:
                    await asyncio.wait(waits, timeout=1.0, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    for wait in waits:
                        wait.cancel()

    async def _ping(self, socket: ClientConnection) -> None:
        while True:
            await socket.send(encode(Ping(client_time=self.clock.local_time())))
            await asyncio.sleep(PING_EVERY_S)
