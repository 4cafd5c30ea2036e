"""Open live sockets, by the token that opened them, so a revocation can reach them.

A token is checked once, at the handshake; a socket lives for hours after. Without this
registry, signing out, unpairing a device or deleting an account would leave its sockets
working (a revoked bridge's samples stored and acknowledged). The registry also caps how many
sockets one token and one session may hold open, so one token cannot exhaust the server.

It is per process, like the hub: revocations reach the sockets this process holds.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass, field

from starlette.websockets import WebSocket, WebSocketState

__all__ = ["LiveSocket", "SocketRegistry"]

POLICY_VIOLATION = 1008  # the credential no longer holds: reconnecting cannot mend it
TRY_AGAIN_LATER = 1013  # over a cap: closing another socket, or waiting, mends it


@dataclass(eq=False, slots=True)
class LiveSocket:
    """One accepted live socket and whose credential opened it."""

    websocket: WebSocket
    session_id: str
    athlete_id: str
    token_id: str
    device_id: str | None = None
    revoked: str | None = field(default=None)

    async def close(self, code: int, reason: str) -> None:
        """Close once; a socket already closing (by its own loop or a peer) is left alone."""
        if self.websocket.application_state is not WebSocketState.CONNECTED:
            return
        with contextlib.suppress(RuntimeError, OSError):
            await self.websocket.close(code=code, reason=reason[:120])


class SocketRegistry:
    """Every open live socket of this process, with caps per token and per session."""

    def __init__(self, per_token: int, per_session: int) -> None:
        self.per_token = per_token
        self.per_session = per_session
        self._open: set[LiveSocket] = set()
        self._by_token: Counter[str] = Counter()
        self._by_session: Counter[str] = Counter()
        # Tokens revoked lately: a handshake that checked its token just before the revocation
        # is refused here rather than slipping in after the sockets were closed.
        self._revoked: dict[str, None] = {}

    def admit(self, socket: LiveSocket) -> tuple[int, str] | None:
        """Register the socket; or the close code and reason it is refused with."""
        credentials = (f"token {socket.token_id}", f"device {socket.device_id}")
        if any(key in self._revoked for key in (*credentials, f"athlete {socket.athlete_id}")):
            return POLICY_VIOLATION, "the token was revoked"
        if self._by_token[socket.token_id] >= self.per_token:
            return (
                TRY_AGAIN_LATER,
                f"too many live sockets for this token (at most {self.per_token})",
            )
        if self._by_session[socket.session_id] >= self.per_session:
            return (
                TRY_AGAIN_LATER,
                f"too many live sockets on this session (at most {self.per_session})",
            )
        self._open.add(socket)
        self._by_token[socket.token_id] += 1
        self._by_session[socket.session_id] += 1
        return None

    def release(self, socket: LiveSocket) -> None:
        """Forget a socket that has ended."""
        if socket not in self._open:
            return
        self._open.discard(socket)
        for counter, key in (
            (self._by_token, socket.token_id),
            (self._by_session, socket.session_id),
        ):
            counter[key] -= 1
            if counter[key] <= 0:
                del counter[key]

    def count(self, *, token_id: str | None = None, session_id: str | None = None) -> int:
        """How many sockets a token or a session holds open."""
        if token_id is not None:
            return self._by_token[token_id]
        if session_id is not None:
            return self._by_session[session_id]
        return len(self._open)

    async def revoke_token(self, token_id: str, reason: str) -> int:
        """Close every socket opened with the token (1008); how many were closed."""
        self._remember(f"token {token_id}")
        return await self._close([s for s in self._open if s.token_id == token_id], reason)

    async def revoke_device(self, device_id: str, reason: str) -> int:
        """Close every socket opened with any of the device's tokens (1008)."""
        self._remember(f"device {device_id}")
        return await self._close([s for s in self._open if s.device_id == device_id], reason)

    async def revoke_athlete(self, athlete_id: str, reason: str) -> int:
        """Close every socket of the athlete, whatever token opened it (1008)."""
        self._remember(f"athlete {athlete_id}")
        return await self._close([s for s in self._open if s.athlete_id == athlete_id], reason)

    def _remember(self, key: str) -> None:
        self._revoked[key] = None
        while len(self._revoked) > 10_000:  # bounded: the oldest are long past any handshake
            del self._revoked[next(iter(self._revoked))]

    async def _close(self, sockets: list[LiveSocket], reason: str) -> int:
        for socket in sockets:
            # Marked first, so a frame already read is not acted on while the close goes out.
            socket.revoked = reason
            self.release(socket)
        for socket in sockets:
            await socket.close(POLICY_VIOLATION, reason)
        return len(sockets)
