"""Pairing: trade the code the phone shows for a device token, and keep it for the bridge.

The token is the bridge's only credential, so it lives in a file only its owner can read
(`bridge.json` in the data directory), next to the server's address. `TRACKCUE_SERVER_URL` and
`TRACKCUE_DEVICE_TOKEN` override the file, for a systemd unit or a container.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = ["Credentials", "PairingError", "load_credentials", "pair", "save_credentials"]

FILE_NAME = "bridge.json"


class PairingError(Exception):
    """Pairing failed; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Credentials:
    """Where the server is and the device token to show it."""

    server: str
    token: str
    device_id: str | None = None


async def pair(server: str, code: str, *, timeout_s: float = 10.0) -> Credentials:
    """Send the phone's pairing code to the server; the answer is this bridge's token."""
    url = server.rstrip("/") + "/v1/devices/pair"
    try:
        async with httpx.AsyncClient(timeout=timeout_s) as client:
            reply = await client.post(url, json={"code": code})
    except httpx.HTTPError as error:
        raise PairingError(f"cannot reach {server}: {error}") from None
    if reply.status_code != 201:
        try:
            detail = reply.json().get("detail") or reply.text
        except ValueError:
            detail = reply.text
        raise PairingError(f"the server refused the code ({reply.status_code}): {detail}")
    body = reply.json()
    return Credentials(server=server.rstrip("/"), token=body["token"], device_id=body["device_id"])


def save_credentials(data_dir: Path, credentials: Credentials) -> Path:
    """Write the credentials readable by the owner only; returns the file."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / FILE_NAME
    partial = path.with_suffix(".tmp")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(
            {
                "server": credentials.server,
                "token": credentials.token,
                "device_id": credentials.device_id,
            },
            file,
        )
    partial.replace(path)
    return path


def load_credentials(data_dir: Path, server: str | None = None) -> Credentials:
    """The bridge's credentials: the environment first, then the file from `trackcue pair`."""
    token = os.environ.get("TRACKCUE_DEVICE_TOKEN")
    server = server or os.environ.get("TRACKCUE_SERVER_URL")
    path = data_dir / FILE_NAME
    if token is None and path.exists():
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            token = str(stored["token"])
            server = server or str(stored["server"])
        except (ValueError, KeyError, TypeError) as error:
            raise PairingError(f"{path} is damaged ({error}): pair the bridge again") from None
    if token is None:
        raise PairingError("this bridge is not paired: run `trackcue pair CODE --server URL`")
    if server is None:
        raise PairingError("no server address: pass --server or set TRACKCUE_SERVER_URL")
    return Credentials(server=server.rstrip("/"), token=token)
