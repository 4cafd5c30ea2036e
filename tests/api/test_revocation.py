"""Revoking a credential reaches the sockets it opened, at once: a real server on loopback.

Signing out, unpairing a device and deleting the account each close every live socket opened
with that credential (close 1008 with a reason) and kill its unused tickets; sockets of other
tokens stay open. Caps on open sockets per token and per session answer 1013 with a reason.
"Within a second" is a timeout on waiting for the close, never a measured time.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import httpx
import pytest
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.live.test_live_socket import athlete, device, join, receive, session
from tests.servers import ServerProcess

pytestmark = pytest.mark.asyncio

PER_TOKEN = 3
PER_SESSION = 5


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    caps = {
        "TRACKCUE_LIVE_SOCKETS_PER_TOKEN": str(PER_TOKEN),
        "TRACKCUE_LIVE_SOCKETS_PER_SESSION": str(PER_SESSION),
    }
    process = ServerProcess(tmp_path_factory.mktemp("revocation") / "data", env=caps).start()
    try:
        yield process
    finally:
        process.stop()


async def closed_within(socket: ClientConnection, timeout: float = 1.0) -> tuple[int, str]:
    """The close code and reason the server sends, reading past any messages, within `timeout`."""
    async with asyncio.timeout(timeout):
        try:
            while True:
                await socket.recv()
        except ConnectionClosed as closed:
            assert closed.rcvd is not None, "closed without a close frame from the server"
            return closed.rcvd.code, closed.rcvd.reason


async def still_open(socket: ClientConnection) -> bool:
    """Whether the socket still answers a ping with a pong."""
    await socket.send(json.dumps({"type": "ping", "client_time": 1.0}))
    pong = await receive(socket, "pong", timeout=5)
    return bool(pong["client_time"] == 1.0)


def ticket(server: ServerProcess, session_id: str, headers: dict[str, str]) -> str:
    reply = httpx.post(f"{server.url}/v1/sessions/{session_id}/tickets", headers=headers)
    assert reply.status_code == 201, reply.text
    return str(reply.json()["ticket"])


def sign_in(server: ServerProcess, name: str) -> dict[str, str]:
    reply = httpx.post(
        f"{server.url}/v1/auth/signin", json={"name": name, "password": "correct horse battery"}
    )
    assert reply.status_code == 200, reply.text
    return {"Authorization": f"Bearer {reply.json()['token']}"}


async def test_unpairing_a_device_closes_its_bridge_and_its_samples_stop_being_taken(
    server: ServerProcess,
) -> None:
    owner = athlete(server, "unpaired-owner")
    session_id = session(server, owner)
    bridge_token = device(server, owner)
    bridge = await join(server, session_id, "bridge", bridge_token)
    phone = await join(server, session_id, "phone", owner)
    try:
        samples = {"type": "samples", "source": "hrm", "samples": [{"seq": 1, "hr": 120}]}
        await bridge.send(json.dumps(samples))
        assert (await receive(bridge, "ack"))["seq"] == 1
        devices = httpx.get(f"{server.url}/v1/devices", headers=owner).json()
        unpaired = httpx.delete(f"{server.url}/v1/devices/{devices[0]['id']}", headers=owner)
        assert unpaired.status_code == 204
        code, reason = await closed_within(bridge)
        assert code == 1008 and "unpaired" in reason
        assert await still_open(phone)  # the athlete's own socket is not the device's
        with pytest.raises(InvalidStatus):  # and the device cannot come back
            await join(server, session_id, "bridge", bridge_token)
        # Nothing after the revocation was stored: a new bridge is told seq 1 is the last.
        again = await join(server, session_id, "bridge", device(server, owner))
        try:
            assert (await receive(again, "welcome"))["acks"] == {"hrm": 1}
        finally:
            await again.close()
    finally:
        await bridge.close()
        await phone.close()


async def test_signing_out_closes_the_tokens_sockets_and_kills_its_tickets(
    server: ServerProcess,
) -> None:
    first = athlete(server, "signs-out")
    second = sign_in(server, "signs-out")  # another phone of the same athlete
    session_id = session(server, first)
    unused_ticket = ticket(server, session_id, first)
    phone = await join(server, session_id, "phone", first)
    browser = await join(server, session_id, "watch", ticket=ticket(server, session_id, first))
    other_phone = await join(server, session_id, "spectator", second)
    try:
        await receive(browser, "welcome")
        assert httpx.post(f"{server.url}/v1/auth/signout", headers=first).status_code == 204
        for socket in (phone, browser):
            code, reason = await closed_within(socket)
            assert code == 1008 and reason == "signed out"
        with pytest.raises(InvalidStatus):  # a ticket dies with the token that asked for it
            await join(server, session_id, "phone", ticket=unused_ticket)
        assert await still_open(other_phone)  # another token of the athlete is untouched
    finally:
        for socket in (phone, browser, other_phone):
            await socket.close()


async def test_a_signed_out_phone_cannot_start_the_session(server: ServerProcess) -> None:
    headers = athlete(server, "cannot-start")
    session_id = session(server, headers)
    phone = await join(server, session_id, "phone", headers)
    try:
        await receive(phone, "welcome")
        httpx.post(f"{server.url}/v1/auth/signout", headers=headers).raise_for_status()
        await closed_within(phone)
        with pytest.raises(ConnectionClosed):
            await phone.send(json.dumps({"type": "command", "action": "start"}))
        owner = sign_in(server, "cannot-start")
        status = httpx.get(f"{server.url}/v1/sessions/{session_id}", headers=owner).json()
        assert status["status"] == "ready"
    finally:
        await phone.close()


async def test_deleting_the_account_closes_every_socket_it_had(server: ServerProcess) -> None:
    owner = athlete(server, "leaves")
    session_id = session(server, owner)
    sockets = [
        await join(server, session_id, "phone", owner),
        await join(server, session_id, "bridge", device(server, owner)),
        await join(server, session_id, "watch", ticket=ticket(server, session_id, owner)),
    ]
    left_ticket = ticket(server, session_id, owner)
    try:
        deleted = httpx.request(
            "DELETE",
            f"{server.url}/v1/me",
            json={"password": "correct horse battery"},
            headers=owner,
        )
        assert deleted.status_code == 204, deleted.text
        for socket in sockets:
            code, reason = await closed_within(socket)
            assert code == 1008 and reason == "account deleted"
        with pytest.raises(InvalidStatus):
            await join(server, session_id, "watch", ticket=left_ticket)
        assert httpx.get(f"{server.url}/v1/me", headers=owner).status_code == 401
    finally:
        for socket in sockets:
            await socket.close()


async def test_sockets_over_the_cap_per_token_are_closed_with_try_again_later(
    server: ServerProcess,
) -> None:
    headers = athlete(server, "many-sockets")
    session_id = session(server, headers)
    sockets = [await join(server, session_id, "spectator", headers) for _ in range(PER_TOKEN)]
    try:
        for socket in sockets:
            await receive(socket, "welcome")
        extra = await join(server, session_id, "spectator", headers)
        code, reason = await closed_within(extra)
        assert code == 1013 and f"at most {PER_TOKEN}" in reason
        await sockets.pop().close()  # one closes: the token may open one again
        async with asyncio.timeout(5):
            while True:
                replacement = await join(server, session_id, "spectator", headers)
                try:
                    await receive(replacement, "welcome", timeout=1)
                    sockets.append(replacement)
                    break
                except ConnectionClosed:
                    await asyncio.sleep(0)  # the server had not yet seen the close: try again
    finally:
        for socket in sockets:
            await socket.close()


async def test_sockets_over_the_cap_per_session_are_closed_with_try_again_later(
    server: ServerProcess,
) -> None:
    owner = athlete(server, "busy-session")
    session_id = session(server, owner)
    tokens = [owner, sign_in(server, "busy-session"), device(server, owner)]
    sockets: list[ClientConnection] = []
    try:
        for index in range(PER_SESSION):
            headers = tokens[index % len(tokens)]
            role = "bridge" if headers is tokens[2] else "spectator"
            sockets.append(await join(server, session_id, role, headers))
            await receive(sockets[-1], "welcome")
        extra = await join(server, session_id, "spectator", sign_in(server, "busy-session"))
        code, reason = await closed_within(extra)
        assert code == 1013 and f"on this session (at most {PER_SESSION})" in reason
    finally:
        for socket in sockets:
            await socket.close()
