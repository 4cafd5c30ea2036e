"""Readers and the treadmill's control through bleak against the simulated devices."""

from __future__ import annotations

from typing import Any

import pytest
from bleak import BleakClient, BleakScanner
from bleak_retry_connector import establish_connection

from device.gatt import (
    ControlResponse,
    ResultCode,
    SpeedRange,
    TreadmillData,
    serialize_control_response,
    serialize_treadmill_data,
    uuids,
)
from device.sensor_kinds import SensorKind
from device.sensor_readers import FootpodReader, HeartRateReader, Odometer
from device.simulation import SimulatedWorld
from device.simulation.runner import RunnerReading
from device.treadmill_control import TreadmillControl, belt_speed


class Readings:
    def __init__(self) -> None:
        self.items: list[tuple[SensorKind, dict[str, Any]]] = []

    def __call__(self, kind: SensorKind, reading: dict[str, Any]) -> None:
        self.items.append((kind, reading))


def reading(**changes: Any) -> RunnerReading:
    values: dict[str, Any] = {
        "speed": 4.0,
        "hr": 150,
        "cadence": 180,
        "distance": 100.0,
        "footpod_distance": 100.0,
        "footpod_speed": 4.0,
    }
    values.update(changes)
    return RunnerReading(**values)


async def connected(world: SimulatedWorld, address: str) -> BleakClient:
    device = await BleakScanner.find_device_by_address(address, timeout=2, **world.scanner_kwargs)
    assert device is not None
    return await establish_connection(BleakClient, device, address, **world.client_kwargs)


def nothing() -> None:
    pass


@pytest.mark.asyncio
async def test_the_treadmill_is_taken_in_hand_but_its_belt_waits_for_the_session() -> None:
    world = SimulatedWorld(treadmill=True)
    assert world.treadmill is not None
    control = TreadmillControl(Readings())
    await control.setup(await connected(world, world.treadmill.address), nothing)
    assert control.in_control and not world.treadmill.running
    assert world.treadmill.requests == ["RequestControl"]
    assert await control.run_at(4.2) is ResultCode.SUCCESS
    assert world.treadmill.running
    assert world.treadmill.requests[1:] == ["StartOrResume", "SetTargetSpeed"]
    assert world.treadmill.target_mps == pytest.approx(4.2, abs=0.1 / 3.6)
    assert await control.pause() is ResultCode.SUCCESS and not world.treadmill.running
    assert await control.run_at(3.0) is ResultCode.SUCCESS and world.treadmill.running
    assert await control.stop() is ResultCode.SUCCESS and not world.treadmill.running


@pytest.mark.asyncio
async def test_a_late_answer_to_an_earlier_request_is_not_taken_for_the_next_one() -> None:
    world = SimulatedWorld(treadmill=True)
    assert world.treadmill is not None
    control = TreadmillControl(Readings())
    await control.setup(await connected(world, world.treadmill.address), nothing)
    # An answer to a Start or Resume that timed out arrives now, refusing control.
    late = ControlResponse(request_op_code=0x07, result=ResultCode.CONTROL_NOT_PERMITTED)
    world.treadmill.notify(uuids.FITNESS_MACHINE_CONTROL_POINT, serialize_control_response(late))
    assert await control.set_speed(3.0) is ResultCode.SUCCESS
    assert control.in_control


def test_a_speed_beyond_the_machine_is_held_to_its_range_and_increment() -> None:
    supported = SpeedRange(minimum_mps=1 / 3.6, maximum_mps=20 / 3.6, increment_mps=0.1 / 3.6)
    assert belt_speed(9.0, supported) == pytest.approx(20 / 3.6)
    assert belt_speed(0.0, supported) == pytest.approx(1 / 3.6)
    assert belt_speed(4.2, supported) * 3.6 == pytest.approx(15.1, abs=1e-6)  # 15.12 km/h
    assert belt_speed(4.2, None) == 4.2


@pytest.mark.asyncio
async def test_when_the_console_takes_control_the_bridge_asks_for_it_again() -> None:
    world = SimulatedWorld(treadmill=True)
    assert world.treadmill is not None
    results: list[tuple[str, ResultCode | None]] = []
    control = TreadmillControl(
        Readings(), on_result=lambda name, code: results.append((name, code))
    )
    await control.setup(await connected(world, world.treadmill.address), nothing)
    world.treadmill.controlled = False  # someone pressed a button on the console
    assert await control.set_speed(3.0) is ResultCode.CONTROL_NOT_PERMITTED
    assert ("SetTargetSpeed", ResultCode.CONTROL_NOT_PERMITTED) in results
    assert await control.set_speed(3.0) is ResultCode.SUCCESS  # asked for control first
    assert world.treadmill.requests[-2:] == ["RequestControl", "SetTargetSpeed"]


@pytest.mark.asyncio
async def test_a_failed_write_to_the_control_point_is_reported_not_raised() -> None:
    world = SimulatedWorld(treadmill=True)
    assert world.treadmill is not None
    control = TreadmillControl(Readings())
    await control.setup(await connected(world, world.treadmill.address), nothing)
    world.treadmill.fail_next("write", uuids.FITNESS_MACHINE_CONTROL_POINT, 0x13)
    assert await control.set_speed(3.0) is None
    assert control.results[-1] == ("SetTargetSpeed", None)


@pytest.mark.asyncio
async def test_treadmill_records_split_over_two_notifications_make_one_reading() -> None:
    world = SimulatedWorld(treadmill=True)
    assert world.treadmill is not None
    readings = Readings()
    control = TreadmillControl(readings)
    await control.setup(await connected(world, world.treadmill.address), nothing)
    await control.run_at(3.0)
    for _ in range(10):
        world.treadmill.publish(1.0)
    assert len(readings.items) == 10  # twenty notifications, ten records
    last = readings.items[-1][1]
    assert last["speed"] == pytest.approx(3.0, abs=0.03)
    # The first record sets the baseline (3 m in); nine seconds at 3 m/s follow.
    assert last["distance"] == pytest.approx(27.0, abs=1.0)


@pytest.mark.asyncio
async def test_a_strap_without_skin_contact_gives_no_heart_rate() -> None:
    world = SimulatedWorld()
    readings = Readings()
    strap = HeartRateReader(readings)
    client = await connected(world, world.strap.address)
    await strap.setup(client, nothing)
    assert strap.battery == 87
    world.strap.publish(reading(hr=148))
    world.strap.notify(uuids.HEART_RATE_MEASUREMENT, bytes.fromhex("04 54"))  # contact lost
    world.strap.notify(uuids.HEART_RATE_MEASUREMENT, b"")  # a broken notification
    assert readings.items == [(SensorKind.HEART_RATE, {"hr": 148})]
    assert strap.rejected == 1


@pytest.mark.asyncio
async def test_the_footpod_distance_keeps_counting_across_a_reconnect_and_a_reset() -> None:
    world = SimulatedWorld()
    readings = Readings()
    seconds = iter(float(n) for n in range(0, 100, 10))  # ten seconds between notifications
    pod = FootpodReader(readings, monotonic=lambda: next(seconds))
    await pod.setup(await connected(world, world.footpod.address), nothing)
    world.footpod.publish(reading(footpod_distance=100.0))
    world.footpod.publish(reading(footpod_distance=150.0))
    world.footpod.drop_link()
    await pod.setup(await connected(world, world.footpod.address), nothing)
    world.footpod.publish(reading(footpod_distance=3.0))  # the pod restarted its count
    world.footpod.publish(reading(footpod_distance=13.0))
    assert [item[1]["distance"] for item in readings.items] == [0.0, 50.0, 50.0, 60.0]


@pytest.mark.asyncio
async def test_a_repeated_footpod_notification_adds_no_distance() -> None:
    pod_readings = Readings()
    clock = iter([10.0, 10.5, 10.5, 11.0])
    pod = FootpodReader(pod_readings, monotonic=lambda: next(clock))
    odometer_before = pod.odometer.total
    world = SimulatedWorld()
    await pod.setup(await connected(world, world.footpod.address), nothing)
    no_distance = bytes.fromhex("00 00 04 B4")  # 4.0 m/s, cadence 180, no total distance
    for data in (no_distance, no_distance, no_distance, no_distance):
        world.footpod.notify(uuids.RSC_MEASUREMENT, data)
    distances = [item[1]["distance"] for item in pod_readings.items]
    assert odometer_before == 0 and distances == [0.0, 2.0, 2.0, 4.0]


def test_an_odometer_counts_only_forward_steps() -> None:
    odometer = Odometer()
    assert [odometer.reading(value) for value in (5.0, 7.0, 2.0, 4.0)] == [0.0, 2.0, 2.0, 4.0]


@pytest.mark.asyncio
async def test_a_record_cut_in_half_by_a_lost_link_never_joins_the_next_one() -> None:
    world = SimulatedWorld(treadmill=True)
    treadmill = world.treadmill
    assert treadmill is not None
    readings = Readings()
    control = TreadmillControl(readings)
    await control.setup(await connected(world, treadmill.address), nothing)
    first_half = serialize_treadmill_data(
        TreadmillData(more_data=True, distance_m=500, incline_pct=12.0)
    )
    treadmill.notify(uuids.TREADMILL_DATA, first_half)
    treadmill.drop_link()  # the second half never comes
    await control.setup(await connected(world, treadmill.address), nothing)
    treadmill.notify(uuids.TREADMILL_DATA, serialize_treadmill_data(TreadmillData(speed_mps=2.5)))
    assert readings.items == [(SensorKind.TREADMILL, {"speed": 2.5})]
    assert control.record.pending == 0
