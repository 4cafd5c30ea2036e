"""The live websocket: one endpoint per session; a client joins with a role.

Native clients (the bridge, tools) authenticate with the `Authorization` header; browsers, which
cannot set headers on a websocket, first get a short-lived single-use ticket with their token
and pass it as `?ticket=`. A long-lived token never goes in a URL. A session that is not the
caller's is refused before the socket is accepted, so no data flows.

Every accepted socket is registered under the token that opened it (a ticket's is the token
that asked for the ticket), so revoking that token closes it at once (`server.api.sockets`).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query, Request, WebSocket, status
from pydantic import BaseModel
from starlette.websockets import WebSocketDisconnect, WebSocketState

from server.api.deps import AnyPrincipal, CurrentAthlete, DbSession
from server.api.problems import ProblemError, problem_responses
from server.api.schemas.training import SessionReply
from server.api.sockets import LiveSocket, SocketRegistry
from server.api.tickets import TICKET_TTL_S, Tickets
from server.live import Client, Hub, LiveSession
from server.protocol import (
    CommandMessage,
    LapMessage,
    Ping,
    Pong,
    ProtocolError,
    Role,
    SamplesMessage,
    decode_client,
    encode,
)
from server.store import NotFound
from server.store.athletes import Principal, principal_for_token
from server.store.sessions import get_session, session_to_feed

__all__ = ["Tickets", "router"]

router = APIRouter(prefix="/v1")

SEND_TIMEOUT_S = 10.0
MESSAGES_PER_SECOND = 20.0
MESSAGE_BURST = 60.0

_ROLES_BY_TOKEN = {
    "athlete": {Role.PHONE, Role.WATCH, Role.SPECTATOR},
    "device": {Role.BRIDGE, Role.WATCH},
}
_MAY_SEND = {
    Role.PHONE: {"command", "lap", "ping"},
    Role.WATCH: {"lap", "ping"},
    Role.BRIDGE: {"samples", "lap", "ping"},
    Role.SPECTATOR: {"ping"},
}


class TicketReply(BaseModel):
    """A ticket for `?ticket=` on the live socket: single use, valid for 30 seconds."""

    ticket: str
    expires_in_s: float


@router.post(
    "/sessions/{session_id}/tickets",
    status_code=status.HTTP_201_CREATED,
    tags=["live"],
    responses=problem_responses(401, 403, 404),
)
async def new_ticket(
    session_id: str, request: Request, athlete: CurrentAthlete, db: DbSession
) -> TicketReply:
    """A single-use ticket for a browser to join the session's live socket."""
    await get_session(db, athlete.athlete_id, session_id)
    tickets: Tickets = request.app.state.tickets
    ticket, _ = tickets.issue(athlete, session_id)
    return TicketReply(ticket=ticket, expires_in_s=TICKET_TTL_S)


@router.get("/live/session", tags=["live"], responses=problem_responses(401, 404))
async def session_to_join(
    caller: AnyPrincipal,
    db: DbSession,
    session_id: Annotated[
        str | None, Query(alias="id", max_length=64, description="this session, by its id")
    ] = None,
) -> SessionReply:
    """The session to feed now: one under way, else the one about to start (or the one named).

    A bridge calls this with its device token to learn which session to join and the plan it
    runs (a treadmill's speeds come from it); the phone may call it too.
    """
    try:
        row = await session_to_feed(db, caller.athlete_id, session_id)
    except NotFound:
        if session_id is not None:
            raise
        raise ProblemError(
            404, "no session is under way or ready: create one on the phone first"
        ) from None
    return SessionReply.from_row(row)


async def _caller(websocket: WebSocket, session_id: str, ticket: str | None) -> Principal | None:
    if ticket is not None:
        tickets: Tickets = websocket.app.state.tickets
        return tickets.redeem(ticket, session_id)
    header = websocket.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    async with websocket.app.state.database.session() as db:
        return await principal_for_token(db, token.strip())


class _RateLimit:
    """A token bucket per connection: bursts are fine, floods are not.

    On a sped-up session clock (`TRACKCUE_CLOCK_RATE`, for demos and tests) a bridge sends
    proportionally more often, so the allowance scales with the clock.
    """

    def __init__(self, scale: float = 1.0) -> None:
        self.rate = MESSAGES_PER_SECOND * max(scale, 1.0)
        self.burst = MESSAGE_BURST * max(scale, 1.0)
        self.tokens = self.burst
        self.last = time.monotonic()
        self.refused = 0

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            self.refused = 0  # only refusals in a row count toward closing
            return True
        self.refused += 1
        return False


async def _send_loop(websocket: WebSocket, client: Client) -> None:
    """Drain the client's outbox; a client that cannot keep up is closed with 1013."""
    loop = asyncio.get_running_loop()
    outbox = client.outbox
    while True:
        await outbox.ready.wait()
        if outbox.stuck:
            await websocket.close(code=1013, reason="too far behind: reconnect for a snapshot")
            return
        frames = outbox.drain(loop.time())
        if frames and not await _send_all(websocket, frames):
            await websocket.close(code=1013, reason="not reading: reconnect for a snapshot")
            return
        held = outbox.state_held_until
        if held is not None:
            loop.call_at(held, outbox.ready.set)  # the state waiting out its interval


async def _send_all(websocket: WebSocket, frames: list[str]) -> bool:
    """Send frames under one watchdog (no timer per frame); False if the client stopped reading.

    A client that does not read fills the socket's buffers and a send waits; after
    `SEND_TIMEOUT_S` the watchdog cancels the wait.
    """
    task = asyncio.current_task()
    assert task is not None
    expired = False

    def expire() -> None:
        nonlocal expired
        expired = True
        task.cancel()

    watchdog = asyncio.get_running_loop().call_later(SEND_TIMEOUT_S, expire)
    try:
        for frame in frames:
            await websocket.send_text(frame)
    except asyncio.CancelledError:
        if not expired:
            raise
        task.uncancel()
        return False
    finally:
        watchdog.cancel()
    return True


async def _handle(live: LiveSession, client: Client, frame: str | bytes) -> None:
    message = decode_client(frame)
    if message.type not in _MAY_SEND[client.role]:
        raise ProtocolError("not_allowed", f"a {client.role.value} cannot send {message.type!r}")
    if isinstance(message, Ping):
        client.outbox.put_frame(
            encode(
                Pong(
                    client_time=message.client_time,
                    session_time=live.session_time(),
                    server_time=time.time(),
                    clock_rate=live.clock_rate,
                )
            )
        )
    elif isinstance(message, CommandMessage):
        await live.command(message)
    elif isinstance(message, LapMessage):
        await live.lap()
    elif isinstance(message, SamplesMessage):
        # Acted on now; acknowledged once committed, while this socket reads on.
        stored = live.take_samples(message)
        stored.add_done_callback(partial(_acknowledge, client, message.source))


def _acknowledge(client: Client, source: str, stored: asyncio.Future[int]) -> None:
    """The bridge's ack once its samples are committed, or why they must be sent again."""
    if stored.cancelled():
        return
    error = stored.exception()
    if error is None:
        client.outbox.put_ack(source, stored.result())
    elif isinstance(error, Exception):
        refusal = ProtocolError(
            "not_stored", f"samples from {source} were not stored: send them again", where="samples"
        )
        client.outbox.put_frame(encode(refusal.to_message()))


@router.websocket("/sessions/{session_id}/live")
async def live_socket(
    websocket: WebSocket, session_id: str, role: str = "phone", ticket: str | None = None
) -> None:
    """Join a live session as `role` (phone, watch, bridge or spectator)."""
    principal = await _caller(websocket, session_id, ticket)
    try:
        wanted = Role(role)
    except ValueError:
        await websocket.close(code=1008, reason=f"unknown role {role!r}")
        return
    if principal is None or wanted not in _ROLES_BY_TOKEN.get(principal.kind, set()):
        await websocket.close(code=1008, reason="not allowed")
        return
    hub: Hub = websocket.app.state.hub
    try:
        live = await hub.get(session_id, principal.athlete_id)
    except NotFound:
        await websocket.close(code=1008, reason="no such session")
        return
    await websocket.accept()
    registry: SocketRegistry = websocket.app.state.sockets
    entry = LiveSocket(
        websocket, session_id, principal.athlete_id, principal.token_id, principal.device_id
    )
    refused = registry.admit(entry)
    if refused is not None:
        # Accepted first so that the close code (1013 over a cap) and its reason reach the client.
        await websocket.close(code=refused[0], reason=refused[1])
        return
    client = Client(wanted, live.clock_rate)
    client.outbox.put_frame(encode(live.welcome(client)))
    live.clients.add(client)
    sender = asyncio.create_task(_send_loop(websocket, client))
    limit = _RateLimit(live.clock_rate)
    try:
        while websocket.client_state is WebSocketState.CONNECTED:
            received = await websocket.receive()
            if received["type"] == "websocket.disconnect" or entry.revoked is not None:
                break  # a frame read while a revocation closes the socket is not acted on
            frame = received.get("text")
            if frame is None:
                frame = received.get("bytes") or b""
            if not limit.allow():
                if limit.refused > limit.burst:
                    # 1013 (try again later), not 1008: slowing down and reconnecting mends it.
                    await websocket.close(code=1013, reason="too many messages")
                    break
                client.outbox.put_frame(
                    encode(ProtocolError("rate_limited", "slow down").to_message())
                )
                continue
            try:
                await _handle(live, client, frame)
            except ProtocolError as error:
                if error.close_code is not None:
                    await websocket.close(code=error.close_code, reason=error.message[:120])
                    break
                client.outbox.put_frame(encode(error.to_message()))
    except WebSocketDisconnect:
        pass
    finally:
        registry.release(entry)
        live.clients.discard(client)
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await sender
