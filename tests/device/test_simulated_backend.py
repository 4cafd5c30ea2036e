"""The simulated peripherals behind bleak's own front classes: the contract the bridge relies on.

bleak's backend interface is not a stable API; these tests are what tells us, on a bleak
upgrade, that the simulation still behaves like a radio through `BleakScanner`, `BleakClient`
and bleak-retry-connector.
"""

from __future__ import annotations

import asyncio

import pytest
from bleak import BleakClient, BleakScanner
from bleak.exc import BleakError, BleakGATTProtocolError
from bleak_retry_connector import establish_connection

from device.gatt import parse_battery_level, parse_heart_rate_measurement, uuids
from device.sensor_kinds import SensorKind, scan
from device.simulation import (
    SimulatedAir,
    SimulatedBleakClient,
    SimulatedBleakScanner,
    SimulatedWorld,
)
from device.simulation.runner import RunnerReading

pytestmark = pytest.mark.asyncio

READING = RunnerReading(
    speed=4.0, hr=151, cadence=182, distance=100.0, footpod_distance=101.0, footpod_speed=4.04
)


async def connect(world: SimulatedWorld, address: str) -> BleakClient:
    device = await BleakScanner.find_device_by_address(address, timeout=2, **world.scanner_kwargs)
    assert device is not None
    return await establish_connection(BleakClient, device, address, **world.client_kwargs)


async def test_a_scan_by_128_bit_service_uuid_finds_each_device_with_its_kind_and_rssi() -> None:
    world = SimulatedWorld(treadmill=True)
    found = await scan(0.2, **world.scanner_kwargs)
    kinds = {kind for device in found for kind in device.kinds}
    assert kinds == set(SensorKind)
    assert [device.rssi for device in found] == sorted((d.rssi for d in found), reverse=True)
    only_straps = await BleakScanner.discover(
        timeout=0.2, service_uuids=[uuids.HEART_RATE_SERVICE], **world.scanner_kwargs
    )
    assert [device.name for device in only_straps] == [world.strap.name]


async def test_a_client_reads_subscribes_and_receives_the_bytes_the_strap_sends() -> None:
    world = SimulatedWorld()
    client = await connect(world, world.strap.address)
    assert client.services.get_characteristic(uuids.HEART_RATE_MEASUREMENT) is not None
    assert parse_battery_level(await client.read_gatt_char(uuids.BATTERY_LEVEL)) == 87
    received: list[bytearray] = []
    await client.start_notify(uuids.HEART_RATE_MEASUREMENT, lambda _, data: received.append(data))
    world.strap.publish(READING)
    assert parse_heart_rate_measurement(received[0]).bpm == 151
    await client.stop_notify(uuids.HEART_RATE_MEASUREMENT)
    world.strap.publish(READING)
    assert len(received) == 1
    await client.disconnect()
    assert not client.is_connected and not world.strap.connected


async def test_a_dropped_link_calls_back_and_the_device_is_out_of_reach_for_a_while() -> None:
    world = SimulatedWorld()
    lost = asyncio.Event()
    device = await BleakScanner.find_device_by_address(
        world.footpod.address, timeout=2, **world.scanner_kwargs
    )
    assert device is not None
    client = BleakClient(device, lambda _: lost.set(), backend=SimulatedBleakClient)
    await client.connect()
    world.footpod.drop_link(out_of_range_s=0.3)
    await asyncio.wait_for(lost.wait(), 1)
    assert not client.is_connected
    with pytest.raises(BleakError):
        await client.read_gatt_char(uuids.RSC_FEATURE)
    assert (
        await BleakScanner.find_device_by_address(
            world.footpod.address, timeout=0.1, **world.scanner_kwargs
        )
        is None
    )
    await asyncio.sleep(0.3)
    again = await connect(world, world.footpod.address)
    assert again.is_connected and world.footpod.connections == 2


async def test_an_att_error_reaches_the_caller_as_bleaks_protocol_error() -> None:
    world = SimulatedWorld()
    client = await connect(world, world.strap.address)
    world.strap.fail_next("read", uuids.BATTERY_LEVEL, 0x02)  # read not permitted
    with pytest.raises(BleakGATTProtocolError):
        await client.read_gatt_char(uuids.BATTERY_LEVEL)
    assert parse_battery_level(await client.read_gatt_char(uuids.BATTERY_LEVEL)) == 87


async def test_a_client_for_an_address_nobody_advertises_is_not_found() -> None:
    client = BleakClient("AA:BB:CC:DD:EE:FF", backend=SimulatedBleakClient, air=SimulatedAir())
    with pytest.raises(BleakError, match="not found"):
        await client.connect()


async def test_a_silent_sensor_stays_connected_and_sends_nothing() -> None:
    world = SimulatedWorld()
    client = await connect(world, world.strap.address)
    received: list[bytearray] = []
    await client.start_notify(uuids.HEART_RATE_MEASUREMENT, lambda _, data: received.append(data))
    world.strap.silent = True
    assert not world.strap.publish(READING)
    assert client.is_connected and received == []


class ScannerThatFailsOnce(SimulatedBleakScanner):
    """An adapter reset in the middle of the session: the next scan fails, later ones work."""

    failures = 1

    async def start(self) -> None:
        if ScannerThatFailsOnce.failures:
            ScannerThatFailsOnce.failures -= 1
            raise BleakError("org.bluez.Error.InProgress")
        await super().start()


async def test_a_failed_scan_does_not_end_the_search_for_a_dropped_sensor() -> None:
    from device.backoff import Backoff
    from device.sensor_connection import SensorConnection
    from device.sensor_kinds import SensorKind

    world = SimulatedWorld()
    device = await BleakScanner.find_device_by_address(
        world.strap.address, timeout=2, **world.scanner_kwargs
    )
    assert device is not None
    statuses: list[str] = []

    async def setup(client: BleakClient, heard: object) -> None:
        await client.start_notify(uuids.HEART_RATE_MEASUREMENT, lambda _, data: None)

    connection = SensorConnection(
        SensorKind.HEART_RATE,
        device,
        setup,
        watchdog_s=None,
        scan_timeout_s=1.0,
        backoff=Backoff(base=0.01, cap=0.05),
        client_kwargs=world.client_kwargs,
        scanner_kwargs={**world.scanner_kwargs, "backend": ScannerThatFailsOnce},
        on_status=lambda kind, status: statuses.append(status),
    )
    running = asyncio.create_task(connection.run())
    try:
        async with asyncio.timeout(5):
            while connection.connections < 1:
                await asyncio.sleep(0.01)
            world.strap.drop_link()  # the rescan that follows fails once, then finds it
            while connection.connections < 2:
                await asyncio.sleep(0.01)
    finally:
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running
    assert statuses.count("searching") >= 2 and connection.drops == 1
