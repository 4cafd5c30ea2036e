"""Simulated peripherals as a real bleak backend: `BleakClient(..., backend=SimulatedBleakClient)`.

Tests and the demo drive bleak's own front classes (`BleakScanner`, `BleakClient`, and the
retry connector on top), so the bridge's code path is the one it takes with real sensors; only
the radio is replaced. bleak says its backend interface is not a stable API: the major version
is pinned in pyproject.toml and `tests/device/test_simulated_backend.py` is the contract test.

Pass the air a scanner should listen to as `air=` (`BleakScanner(..., backend=..., air=air)`).
A client finds its peripheral in the `BLEDevice` the scan returned, or by address in `air=`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable
from typing import Any

from bleak.args import SizedBuffer
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.client import BaseBleakClient, NotifyCallback
from bleak.backends.descriptor import BleakGATTDescriptor
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData, AdvertisementDataCallback, BaseBleakScanner
from bleak.backends.service import BleakGATTService, BleakGATTServiceCollection
from bleak.exc import BleakDeviceNotFoundError, BleakError

from device.simulation.peripheral import SimulatedPeripheral

__all__ = ["SimulatedAir", "SimulatedBleakClient", "SimulatedBleakScanner"]

ADVERTISING_INTERVAL_S = 0.05
ATT_MTU = 247


class SimulatedAir:
    """The peripherals around the bridge."""

    def __init__(self, peripherals: Iterable[SimulatedPeripheral] = ()) -> None:
        self.peripherals: dict[str, SimulatedPeripheral] = {}
        for peripheral in peripherals:
            self.add(peripheral)

    def add(self, peripheral: SimulatedPeripheral) -> None:
        """A peripheral switched on nearby."""
        self.peripherals[peripheral.address] = peripheral

    def reachable(self) -> list[SimulatedPeripheral]:
        """Those a scan can see now."""
        return [peripheral for peripheral in self.peripherals.values() if peripheral.in_range()]


class SimulatedBleakScanner(BaseBleakScanner):
    """Hears the advertisements of the air's peripherals that are in range, over and over."""

    def __init__(
        self,
        detection_callback: AdvertisementDataCallback | None,
        service_uuids: list[str] | None,
        scanning_mode: str = "active",
        *,
        air: SimulatedAir,
        **kwargs: Any,
    ) -> None:
        super().__init__(detection_callback, service_uuids)
        self.air = air
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start hearing advertisements."""
        self.seen_devices = {}
        self._task = asyncio.create_task(self._listen(), name="simulated-scan")

    async def stop(self) -> None:
        """Stop hearing them."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _listen(self) -> None:
        while True:
            for peripheral in self.air.reachable():
                if not self.is_allowed_uuid(peripheral.advertised_services):
                    continue
                advertisement = AdvertisementData(
                    local_name=peripheral.name,
                    manufacturer_data={},
                    service_data={},
                    service_uuids=peripheral.advertised_services,
                    tx_power=None,
                    rssi=peripheral.rssi,
                    platform_data=(),
                )
                device = self.create_or_update_device(
                    peripheral.address,
                    peripheral.address,
                    peripheral.name,
                    peripheral,
                    advertisement,
                )
                self.call_detection_callbacks(device, advertisement)
            await asyncio.sleep(ADVERTISING_INTERVAL_S)


class SimulatedBleakClient(BaseBleakClient):
    """A GATT client whose radio is a method call on a `SimulatedPeripheral`."""

    def __init__(
        self,
        address_or_ble_device: BLEDevice | str,
        *,
        air: SimulatedAir | None = None,
        timeout: float = 10.0,
        disconnected_callback: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            address_or_ble_device, disconnected_callback=disconnected_callback, timeout=timeout
        )
        peripheral: SimulatedPeripheral | None = None
        if isinstance(address_or_ble_device, BLEDevice) and isinstance(
            address_or_ble_device.details, SimulatedPeripheral
        ):
            peripheral = address_or_ble_device.details
        elif air is not None:
            peripheral = air.peripherals.get(self.address)
        self._peripheral = peripheral
        self._connected = False

    @property
    def name(self) -> str:
        """The peripheral's name."""
        return self._peripheral.name if self._peripheral is not None else self.address

    @property
    def mtu_size(self) -> int:
        """A modern phone-class MTU."""
        return ATT_MTU

    async def connect(self, pair: bool, **kwargs: Any) -> None:
        """Connect and discover the services."""
        peripheral = self._peripheral
        if peripheral is None:
            raise BleakDeviceNotFoundError(self.address, f"device {self.address} not found")
        await asyncio.sleep(0)  # a connection takes a trip through the loop, as a real one does
        peripheral.attach(self._link_lost)
        self._connected = True
        self.services = self._discover(peripheral)

    def _discover(self, peripheral: SimulatedPeripheral) -> BleakGATTServiceCollection:
        collection = BleakGATTServiceCollection()
        handle = 1
        for simulated in peripheral.services:
            service = BleakGATTService(simulated, handle, simulated.uuid)
            collection.add_service(service)
            handle += 1
            for item in simulated.characteristics:
                characteristic = BleakGATTCharacteristic(
                    item, handle + 1, item.uuid, list(item.properties), lambda: ATT_MTU - 3, service
                )
                collection.add_characteristic(characteristic)
                handle += 3  # declaration, value and a CCCD
        return collection

    def _link_lost(self) -> None:
        self._connected = False
        self.services = None
        callback = self._disconnected_callback
        if callback is not None:
            asyncio.get_running_loop().call_soon(callback)

    async def disconnect(self) -> None:
        """Disconnect (a no-op when the link is already gone)."""
        if self._connected and self._peripheral is not None:
            self._peripheral.detach()
        self._connected = False

    async def pair(self, *args: Any, **kwargs: Any) -> None:
        """Sensors at the track pair without bonding; nothing to do."""

    async def unpair(self) -> None:
        """Nothing was bonded."""

    @property
    def is_connected(self) -> bool:
        """Whether the link is up."""
        return self._connected

    def _live_peripheral(self) -> SimulatedPeripheral:
        if not self._connected or self._peripheral is None:
            raise BleakError("Not connected")
        return self._peripheral

    async def read_gatt_char(
        self, characteristic: BleakGATTCharacteristic, *, use_cached: bool = False, **kwargs: Any
    ) -> bytearray:
        """Read a characteristic's value."""
        return bytearray(self._live_peripheral().read(characteristic.uuid))

    async def read_gatt_descriptor(
        self, descriptor: BleakGATTDescriptor, *, use_cached: bool = False, **kwargs: Any
    ) -> bytearray:
        """The simulation keeps no descriptors beyond the implicit CCCD."""
        raise BleakError(f"descriptor {descriptor.uuid} is not simulated")

    async def write_gatt_char(
        self, characteristic: BleakGATTCharacteristic, data: SizedBuffer, response: bool
    ) -> None:
        """Write a characteristic's value."""
        self._live_peripheral().write(characteristic.uuid, bytes(data))

    async def write_gatt_descriptor(
        self, descriptor: BleakGATTDescriptor, data: SizedBuffer
    ) -> None:
        """The simulation keeps no descriptors beyond the implicit CCCD."""
        raise BleakError(f"descriptor {descriptor.uuid} is not simulated")

    async def start_notify(
        self, characteristic: BleakGATTCharacteristic, callback: NotifyCallback, **kwargs: Any
    ) -> None:
        """Subscribe to notifications (or indications)."""
        self._live_peripheral().subscribe(characteristic.uuid, callback)

    async def stop_notify(self, characteristic: BleakGATTCharacteristic) -> None:
        """Unsubscribe."""
        self._live_peripheral().unsubscribe(characteristic.uuid)
