"""A simulated BLE peripheral: a GATT table, one central at a time, and scripted faults.

This is the radio's far end, so the bridge can be driven through bleak's real `BleakClient` and
`BleakScanner` (see `backend.py`) without hardware. A peripheral holds characteristics with
their properties and values, answers reads and writes, and notifies the connected central.
Faults are the ones real sensors show at the track: the link drops (and the device is out of
range for a while), the sensor goes silent while staying connected, an ATT request fails.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from bleak.exc import BleakGATTProtocolError, BleakGATTProtocolErrorCode

__all__ = [
    "AttFault",
    "Property",
    "SimulatedCharacteristic",
    "SimulatedPeripheral",
    "SimulatedService",
]

Property = Literal["read", "write", "write-without-response", "notify", "indicate"]
WriteHandler = Callable[[bytes], None]
Notify = Callable[[bytearray], None]


@dataclass(slots=True)
class SimulatedCharacteristic:
    """One characteristic: its UUID (full 128-bit), properties, value and write handler."""

    uuid: str
    properties: tuple[Property, ...]
    value: bytes = b""
    on_write: WriteHandler | None = None


@dataclass(slots=True)
class SimulatedService:
    """A service and its characteristics, in table order."""

    uuid: str
    characteristics: list[SimulatedCharacteristic] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AttFault:
    """An ATT error the next matching request gets (`op` is "read" or "write")."""

    op: Literal["read", "write"]
    uuid: str
    code: BleakGATTProtocolErrorCode


class SimulatedPeripheral:
    """A peripheral in the simulated air: advertises, accepts one central, notifies it."""

    def __init__(
        self,
        address: str,
        name: str,
        services: Iterable[SimulatedService],
        *,
        rssi: int = -60,
    ) -> None:
        self.address = address
        self.name = name
        self.rssi = rssi
        self.services = list(services)
        self._by_uuid = {
            characteristic.uuid: characteristic
            for service in self.services
            for characteristic in service.characteristics
        }
        self._subscribers: dict[str, Notify] = {}
        self._on_link_lost: Callable[[], None] | None = None
        self._connected = False
        self._out_of_range_until: float | None = None
        self._faults: list[AttFault] = []
        self.silent = False  # connected, but sending nothing (a strap that lost skin contact)
        self.connections = 0  # how many times a central connected: a test reads it

    # --- what the air sees ---------------------------------------------------------------

    @property
    def advertised_services(self) -> list[str]:
        """The service UUIDs in the advertisement."""
        return [service.uuid for service in self.services]

    def in_range(self) -> bool:
        """Whether a scan can see it and a central can connect to it."""
        until = self._out_of_range_until
        if until is None:
            return True
        if asyncio.get_running_loop().time() >= until:
            self._out_of_range_until = None
            return True
        return False

    @property
    def connected(self) -> bool:
        """Whether a central holds the link."""
        return self._connected

    # --- the central's side (called by the bleak backend) -----------------------------------

    def attach(self, on_link_lost: Callable[[], None]) -> None:
        """A central connects; `on_link_lost` runs if the peripheral drops the link."""
        if not self.in_range():
            raise TimeoutError(f"{self.name} did not answer: out of range")
        if self._connected:
            raise ConnectionError(f"{self.name} is already connected to another central")
        self._connected = True
        self._on_link_lost = on_link_lost
        self.connections += 1

    def detach(self) -> None:
        """The central disconnects: subscriptions end with the link."""
        self._connected = False
        self._on_link_lost = None
        self._subscribers.clear()

    def characteristic(self, uuid: str) -> SimulatedCharacteristic:
        """The characteristic with this UUID (the backend resolved it from the table)."""
        return self._by_uuid[uuid]

    def read(self, uuid: str) -> bytes:
        """A read request."""
        self._check("read", uuid)
        return self._by_uuid[uuid].value

    def write(self, uuid: str, data: bytes) -> None:
        """A write request (with or without response: the simulation takes both alike)."""
        self._check("write", uuid)
        characteristic = self._by_uuid[uuid]
        characteristic.value = bytes(data)
        if characteristic.on_write is not None:
            characteristic.on_write(bytes(data))

    def subscribe(self, uuid: str, callback: Notify) -> None:
        """Notifications on: a new subscription replaces the old one (CCCD semantics)."""
        self._subscribers[uuid] = callback

    def unsubscribe(self, uuid: str) -> None:
        """Notifications off."""
        self._subscribers.pop(uuid, None)

    def _check(self, op: Literal["read", "write"], uuid: str) -> None:
        if not self._connected:
            raise ConnectionError(f"{self.name} is not connected")
        for fault in self._faults:
            if fault.op == op and fault.uuid == uuid:
                self._faults.remove(fault)
                raise BleakGATTProtocolError(fault.code)

    # --- the peripheral's own doing -------------------------------------------------------

    def notify(self, uuid: str, data: bytes) -> bool:
        """Send a notification if a central listens and the sensor is not silent."""
        callback = self._subscribers.get(uuid)
        if callback is None or not self._connected or self.silent:
            return False
        self._by_uuid[uuid].value = bytes(data)
        callback(bytearray(data))
        return True

    # --- scripted faults ----------------------------------------------------------------

    def drop_link(self, out_of_range_s: float = 0.0) -> None:
        """The link drops (the runner walked away); it stays unreachable for a while."""
        if out_of_range_s > 0:
            self._out_of_range_until = asyncio.get_running_loop().time() + out_of_range_s
        if not self._connected:
            return
        on_link_lost = self._on_link_lost
        self.detach()
        if on_link_lost is not None:
            on_link_lost()

    def fail_next(self, op: Literal["read", "write"], uuid: str, code: int) -> None:
        """The next `op` on `uuid` gets this ATT error code."""
        self._faults.append(AttFault(op, uuid, BleakGATTProtocolErrorCode(code)))
