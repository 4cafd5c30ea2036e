"""Single-use tickets that let a browser open the live socket without a token in the URL.

Browsers cannot set headers on a websocket; a ticket, asked for with the token, stands in for
it once, for one session, for a short while. Tickets are kept hashed and in memory.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from server.store.athletes import Principal
from server.store.credentials import hash_secret

__all__ = ["TICKET_TTL_S", "Tickets"]

TICKET_TTL_S = 30.0


@dataclass(frozen=True, slots=True)
class _Ticket:
    athlete_id: str
    token_id: str
    session_id: str
    expires: float


class Tickets:
    """Single-use tickets for browsers, kept hashed and in memory for `TICKET_TTL_S`."""

    def __init__(self) -> None:
        self._tickets: dict[str, _Ticket] = {}

    def issue(self, principal: Principal, session_id: str) -> tuple[str, float]:
        """A new ticket for the token `principal` holds, and when it expires (monotonic s)."""
        now = time.monotonic()
        for key in [k for k, v in self._tickets.items() if v.expires <= now]:
            del self._tickets[key]
        ticket = "tk_" + secrets.token_urlsafe(24)
        expires = now + TICKET_TTL_S
        self._tickets[hash_secret(ticket)] = _Ticket(
            principal.athlete_id, principal.token_id, session_id, expires
        )
        return ticket, expires

    def redeem(self, ticket: str, session_id: str) -> Principal | None:
        """Whom the ticket was issued to, once, for that session, before it expires."""
        found = self._tickets.pop(hash_secret(ticket), None)
        if found is None or found.session_id != session_id or found.expires <= time.monotonic():
            return None
        return Principal(found.athlete_id, "athlete", found.token_id)

    def revoke(self, *, token_id: str | None = None, athlete_id: str | None = None) -> None:
        """Kill the tickets a revoked token (or a deleted athlete) asked for: they die with it."""
        for key in [
            key
            for key, found in self._tickets.items()
            if found.token_id == token_id or found.athlete_id == athlete_id
        ]:
            del self._tickets[key]
