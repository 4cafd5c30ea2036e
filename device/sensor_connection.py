"""Keeping one sensor connected for the whole session, whatever the radio does.

Each connection is a new `BleakClient` made by bleak-retry-connector's `establish_connection`
(which retries the transient failures BLE stacks are known for). When the link drops, the
sensor is found again by a scan and reconnected, with backoff and jitter; a watchdog treats a
sensor that stays connected but sends nothing (a strap that lost skin contact, a footpod that
fell asleep) like a drop. Connections are made one at a time (a shared lock), which many
adapters need.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bleak import BleakClient, BleakScanner
from bleak.backends.device import BLEDevice
from bleak.exc import BleakError
from bleak_retry_connector import establish_connection

from device.backoff import Backoff
from device.sensor_kinds import SensorKind

__all__ = ["SensorConnection"]

log = logging.getLogger(__name__)

Setup = Callable[[BleakClient, Callable[[], None]], Awaitable[None]]


class SensorConnection:
    """One sensor, kept connected: `run()` until cancelled."""

    def __init__(
        self,
        kind: SensorKind,
        device: BLEDevice,
        setup: Setup,
        *,
        watchdog_s: float | None = 5.0,
        scan_timeout_s: float = 10.0,
        backoff: Backoff | None = None,
        connect_lock: asyncio.Lock | None = None,
        client_kwargs: dict[str, Any] | None = None,
        scanner_kwargs: dict[str, Any] | None = None,
        on_status: Callable[[SensorKind, str], None] = lambda kind, status: None,
    ) -> None:
        self.kind = kind
        self.device = device
        self.address = device.address
        self.setup = setup
        self.watchdog_s = watchdog_s
        self.scan_timeout_s = scan_timeout_s
        self.backoff = backoff or Backoff(base=0.5, cap=15.0)
        self.connect_lock = connect_lock or asyncio.Lock()
        self.client_kwargs = client_kwargs or {}
        self.scanner_kwargs = scanner_kwargs or {}
        self.on_status = on_status
        self.client: BleakClient | None = None
        self.connections = 0
        self.drops = 0
        self.silences = 0
        self._last_heard = time.monotonic()
        self._lost = asyncio.Event()

    def heard(self) -> None:
        """A notification arrived: the sensor is alive (the watchdog's food)."""
        self._last_heard = time.monotonic()

    async def run(self) -> None:
        """Connect, set up, watch; reconnect after every drop or silence."""
        device: BLEDevice | None = self.device
        while True:
            try:
                if device is None:
                    self.on_status(self.kind, "searching")
                    device = await BleakScanner.find_device_by_address(
                        self.address, timeout=self.scan_timeout_s, **self.scanner_kwargs
                    )
                if device is not None:
                    await self._connected_session(device)
            except (BleakError, TimeoutError, OSError) as error:
                # An adapter reset or a busy stack fails a scan as well as a connection:
                # either way, back off and try again; only cancelling ends this.
                log.info("%s: %s", self.kind.value, error)
            device = None  # after a drop, find it again: it may have moved or restarted
            await asyncio.sleep(self.backoff.next_delay())

    async def _connected_session(self, device: BLEDevice) -> None:
        self._lost.clear()
        self.on_status(self.kind, "connecting")
        async with self.connect_lock:
            client = await establish_connection(
                BleakClient,
                device,
                f"{self.kind.value} {device.address}",
                disconnected_callback=lambda _: self._lost.set(),
                max_attempts=3,
                **self.client_kwargs,
            )
        self.client = client
        try:
            self.heard()
            await self.setup(client, self.heard)
            self.connections += 1
            self.backoff.reset()
            self.on_status(self.kind, "connected")
            await self._watch()
        finally:
            self.client = None
            with contextlib.suppress(BleakError, OSError, TimeoutError):
                await client.disconnect()

    async def _watch(self) -> None:
        """Return when the link drops or the sensor stays silent past the watchdog."""
        while True:
            check_every = self.watchdog_s / 4 if self.watchdog_s else None
            try:
                await asyncio.wait_for(self._lost.wait(), timeout=check_every)
            except TimeoutError:
                assert self.watchdog_s is not None
                if time.monotonic() - self._last_heard > self.watchdog_s:
                    self.silences += 1
                    self.on_status(self.kind, "silent")
                    return
                continue
            self.drops += 1
            self.on_status(self.kind, "lost")
            return
