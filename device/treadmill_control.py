"""A treadmill through FTMS: its readings in, and its belt set to each step's target speed.

On every connection: read what the machine supports (features, speed range), subscribe to
Treadmill Data (records split by More Data are joined before they count) and to the Control
Point's indications, then take control. At each step change the bridge asks for the step's
speed, clamped to the machine's range and rounded to its increment; every request's result
code is reported, because a machine that refuses (control lost to its own console, a speed
out of range) must be visible to the runner, not silently ignored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from bleak import BleakClient
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.exc import BleakError

from device.gatt import (
    ControlRequest,
    ControlResponse,
    GattParseError,
    RequestControl,
    ResultCode,
    SetTargetSpeed,
    SpeedRange,
    StartOrResume,
    StopOrPause,
    StopOrPauseAction,
    TreadmillRecord,
    parse_control_response,
    parse_supported_speed_range,
    serialize_control_request,
    uuids,
)
from device.sensor_kinds import SensorKind
from device.sensor_readers import Emit, Odometer

__all__ = ["TreadmillControl", "belt_speed"]

log = logging.getLogger(__name__)

RESPONSE_TIMEOUT_S = 3.0  # FTMS allows a machine 30 s; a runner cannot wait that long


def belt_speed(wanted: float, supported: SpeedRange | None) -> float:
    """The speed to ask for: within the machine's range, on its increment."""
    if supported is None:
        return round(wanted, 2)
    clamped = min(max(wanted, supported.minimum_mps), supported.maximum_mps)
    if supported.increment_mps > 0:
        steps = round((clamped - supported.minimum_mps) / supported.increment_mps)
        clamped = supported.minimum_mps + steps * supported.increment_mps
    return min(clamped, supported.maximum_mps)


class TreadmillControl:
    """The treadmill's side of the bridge."""

    kind = SensorKind.TREADMILL

    def __init__(
        self,
        emit: Emit,
        *,
        on_result: Callable[[str, ResultCode | None], None] | None = None,
        on_connected: Callable[[], None] | None = None,
    ) -> None:
        self.emit = emit
        self.on_result = on_result or (lambda request, result: None)
        self.on_connected = on_connected or (lambda: None)
        self.belt_running = False
        self.client: BleakClient | None = None
        self.speed_range: SpeedRange | None = None
        self.in_control = False
        self.odometer = Odometer()
        self.record = TreadmillRecord()
        self.results: list[tuple[str, ResultCode | None]] = []
        self.rejected = 0
        self._responses: asyncio.Queue[ControlResponse] = asyncio.Queue()
        self._lock = asyncio.Lock()

    async def setup(self, client: BleakClient, heard: Callable[[], None]) -> None:
        """Read the machine's range, subscribe and take control; the belt starts only when
        the session runs (`run_at`), never because the bridge connected."""
        self.client = client
        self.in_control = False
        self.belt_running = False
        self.record.reset()  # a half-received record dies with the old link
        self._responses = asyncio.Queue()
        try:
            data = await client.read_gatt_char(uuids.SUPPORTED_SPEED_RANGE)
            self.speed_range = parse_supported_speed_range(data)
        except (BleakError, GattParseError) as error:
            log.info("treadmill: no supported speed range (%s)", error)

        def data_notified(_: BleakGATTCharacteristic, data: bytearray) -> None:
            heard()
            try:
                record = self.record.feed(data)
            except GattParseError as error:
                self.rejected += 1
                log.warning("treadmill: %s", error)
                return
            if record is None:
                return
            reading: dict[str, Any] = {}
            if record.speed_mps is not None:
                reading["speed"] = round(record.speed_mps, 3)
            if record.distance_m is not None:
                reading["distance"] = round(self.odometer.reading(record.distance_m), 1)
            if record.heart_rate is not None and 20 <= record.heart_rate <= 250:
                reading["hr"] = record.heart_rate
            if reading:
                self.emit(self.kind, reading)

        def control_indicated(_: BleakGATTCharacteristic, data: bytearray) -> None:
            try:
                self._responses.put_nowait(parse_control_response(data))
            except GattParseError as error:
                log.warning("treadmill control point: %s", error)

        await client.start_notify(uuids.TREADMILL_DATA, data_notified)
        await client.start_notify(uuids.FITNESS_MACHINE_CONTROL_POINT, control_indicated)
        self.in_control = await self._request(RequestControl()) is ResultCode.SUCCESS
        self.on_connected()

    async def run_at(self, wanted_mps: float) -> ResultCode | None:
        """The belt running at a speed: started (or resumed) first if it stands."""
        if not self.belt_running:
            started = await self._controlled(StartOrResume())
            if started is not ResultCode.SUCCESS:
                return started
            self.belt_running = True
        return await self.set_speed(wanted_mps)

    async def pause(self) -> ResultCode | None:
        """The session paused: so does the belt."""
        if not self.belt_running:
            return None
        self.belt_running = False
        return await self._controlled(StopOrPause(action=StopOrPauseAction.PAUSE))

    async def stop(self) -> ResultCode | None:
        """The session is over: the belt stops."""
        self.belt_running = False
        return await self._controlled(StopOrPause(action=StopOrPauseAction.STOP))

    async def _controlled(self, request: ControlRequest) -> ResultCode | None:
        """A request that needs control: asked for first when it was lost."""
        if self.client is None or not self.client.is_connected:
            return None
        if not self.in_control:
            self.in_control = await self._request(RequestControl()) is ResultCode.SUCCESS
            if not self.in_control:
                return ResultCode.CONTROL_NOT_PERMITTED
        result = await self._request(request)
        if result is ResultCode.CONTROL_NOT_PERMITTED:
            self.in_control = False  # the console took over; ask again next time
        return result

    async def set_speed(self, wanted_mps: float) -> ResultCode | None:
        """Ask the belt for a speed; the machine's result code (None: no answer)."""
        speed = belt_speed(wanted_mps, self.speed_range)
        return await self._controlled(SetTargetSpeed(speed_mps=speed))

    async def _answer_to(self, request: ControlRequest) -> ControlResponse:
        """The indication answering this request's op code; a late answer to an earlier,
        timed-out request is not taken for this one's."""
        op_code = serialize_control_request(request)[0]
        while True:
            response = await self._responses.get()
            if response.request_op_code == op_code:
                return response

    async def _request(self, request: ControlRequest) -> ResultCode | None:
        """Write one request and wait for its indication (one at a time, as FTMS requires)."""
        client = self.client
        name = type(request).__name__
        if client is None:
            return None
        async with self._lock:
            while not self._responses.empty():
                self._responses.get_nowait()  # stale answers from before
            try:
                await client.write_gatt_char(
                    uuids.FITNESS_MACHINE_CONTROL_POINT,
                    serialize_control_request(request),
                    response=True,
                )
                response = await asyncio.wait_for(self._answer_to(request), RESPONSE_TIMEOUT_S)
            except (BleakError, TimeoutError) as error:
                log.warning("treadmill: %s got no answer (%s)", name, error)
                self.results.append((name, None))
                self.on_result(name, None)
                return None
        result = response.result
        self.results.append((name, result))
        self.on_result(name, result)
        if result is not ResultCode.SUCCESS:
            log.warning("treadmill: %s answered %s", name, result.name)
        return result
