"""The registry of live sockets in isolation: caps, release, and handshakes that raced a
revocation (checked their token just before it was revoked, registered just after)."""

from __future__ import annotations

from typing import cast

import pytest
from starlette.websockets import WebSocket

from server.api.sockets import LiveSocket, SocketRegistry

UNUSED = cast(WebSocket, object())  # admitting never touches the socket itself


def socket(token: str, session: str = "s1", device: str | None = None) -> LiveSocket:
    return LiveSocket(UNUSED, session, "athlete-1", token, device)


def test_a_token_over_its_cap_is_told_to_try_later_until_one_is_released() -> None:
    registry = SocketRegistry(per_token=2, per_session=10)
    first, second = socket("t1"), socket("t1")
    assert registry.admit(first) is None and registry.admit(second) is None
    refused = registry.admit(socket("t1"))
    assert refused is not None and refused[0] == 1013 and "at most 2" in refused[1]
    assert registry.admit(socket("t2")) is None  # another token has its own count
    registry.release(first)
    registry.release(first)  # twice is harmless
    assert registry.count(token_id="t1") == 1
    assert registry.admit(socket("t1")) is None


def test_a_session_over_its_cap_is_told_to_try_later() -> None:
    registry = SocketRegistry(per_token=10, per_session=2)
    assert registry.admit(socket("t1")) is None and registry.admit(socket("t2")) is None
    refused = registry.admit(socket("t3"))
    assert refused is not None and refused[0] == 1013 and "session" in refused[1]
    assert registry.admit(socket("t3", session="s2")) is None


@pytest.mark.asyncio
async def test_a_handshake_that_raced_a_revocation_is_refused_for_good() -> None:
    registry = SocketRegistry(per_token=10, per_session=10)
    assert await registry.revoke_token("t1", "signed out") == 0
    assert await registry.revoke_device("d1", "the device was unpaired") == 0
    assert registry.admit(socket("t1")) == (1008, "the token was revoked")
    assert registry.admit(socket("t9", device="d1")) == (1008, "the token was revoked")
    assert registry.admit(socket("t2")) is None
    deleted = SocketRegistry(per_token=10, per_session=10)
    await deleted.revoke_athlete("athlete-1", "account deleted")
    assert deleted.admit(socket("t3")) == (1008, "the token was revoked")
