"""From notifications to readings: the heart-rate strap and the footpod.

Each reader is set up anew on every connection (a fresh subscription on a fresh client) and
outlives them, so what must carry across a reconnect, such as the footpod's running distance,
does. Handlers are idempotent: a reading is a level (bpm, m/s, a running total), never an
increment, so a repeated notification repeats a sample and adds nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from bleak import BleakClient
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.exc import BleakError

from device.gatt import (
    Contact,
    GattParseError,
    parse_battery_level,
    parse_heart_rate_measurement,
    parse_rsc_measurement,
    uuids,
)
from device.sensor_kinds import SensorKind

__all__ = ["Emit", "FootpodReader", "HeartRateReader", "Odometer", "read_battery"]

log = logging.getLogger(__name__)

Emit = Callable[[SensorKind, dict[str, Any]], None]
MAX_GAP_S = 2.0  # longer without a notification: do not integrate speed across the gap
MAX_SPEED_MPS = 15.0  # faster than any runner: a distance step beyond it is a glitch
SLACK_M = 5.0  # rounding in the sensors' units and notification timing


class Odometer:
    """A running total that survives a sensor's own counter resetting, wrapping or glitching.

    Footpods and treadmills report distance since they were switched on; after a battery swap
    or a uint24 wrap the number falls, and a corrupt record can jump it by kilometres. Only
    steps forward at a pace a runner can run count; anything else starts a new baseline. The
    baseline outlives a reconnection, so metres run while the link was down still count.
    """

    def __init__(self, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.total = 0.0
        self._monotonic = monotonic
        self._last: float | None = None
        self._last_at = 0.0

    def reading(self, reported: float) -> float:
        """The total after the sensor reports `reported` metres."""
        now = self._monotonic()
        if self._last is not None:
            step = reported - self._last
            if 0 <= step <= MAX_SPEED_MPS * (now - self._last_at) + SLACK_M:
                self.total += step
        self._last = reported
        self._last_at = now
        return self.total

    def add(self, metres: float) -> float:
        """Distance found by integrating speed, for sensors that report none."""
        self.total += max(0.0, metres)
        self._last = None
        return self.total


async def read_battery(client: BleakClient, kind: SensorKind) -> int | None:
    """The battery level, where the sensor offers one (a failure is logged, not raised)."""
    try:
        return parse_battery_level(await client.read_gatt_char(uuids.BATTERY_LEVEL))
    except (BleakError, GattParseError) as error:
        log.info("%s: no battery level (%s)", kind.value, error)
        return None


def _has(client: BleakClient, uuid: str) -> bool:
    return client.services.get_characteristic(uuid) is not None


class HeartRateReader:
    """A heart-rate strap: bpm, only while the strap has skin contact."""

    kind = SensorKind.HEART_RATE

    def __init__(self, emit: Emit) -> None:
        self.emit = emit
        self.battery: int | None = None
        self.rejected = 0  # notifications that did not decode

    async def setup(self, client: BleakClient, heard: Callable[[], None]) -> None:
        """Subscribe to Heart Rate Measurement; read the battery."""

        def notified(_: BleakGATTCharacteristic, data: bytearray) -> None:
            heard()
            try:
                measurement = parse_heart_rate_measurement(data)
            except GattParseError as error:
                self.rejected += 1
                log.warning("heart rate: %s", error)
                return
            if measurement.contact is Contact.NOT_DETECTED or not 20 <= measurement.bpm <= 250:
                return  # a strap off the skin reports noise, not a heart rate
            self.emit(self.kind, {"hr": measurement.bpm})

        await client.start_notify(uuids.HEART_RATE_MEASUREMENT, notified)
        if _has(client, uuids.BATTERY_LEVEL):
            self.battery = await read_battery(client, self.kind)


class FootpodReader:
    """A footpod: speed, cadence and a distance that keeps counting across reconnects.

    `cadence_in_strides` is for footpods that report strides (one foot) per minute where the
    specification asks for steps.
    """

    kind = SensorKind.FOOTPOD

    def __init__(
        self,
        emit: Emit,
        *,
        cadence_in_strides: bool = False,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.emit = emit
        self.cadence_in_strides = cadence_in_strides
        self.odometer = Odometer(monotonic=monotonic)
        self.battery: int | None = None
        self.rejected = 0
        self._monotonic = monotonic
        self._last_at: float | None = None

    async def setup(self, client: BleakClient, heard: Callable[[], None]) -> None:
        """Subscribe to RSC Measurement; read the battery."""
        self._last_at = None

        def notified(_: BleakGATTCharacteristic, data: bytearray) -> None:
            heard()
            try:
                measurement = parse_rsc_measurement(data)
            except GattParseError as error:
                self.rejected += 1
                log.warning("footpod: %s", error)
                return
            now = self._monotonic()
            if measurement.distance_m is not None:
                distance = self.odometer.reading(measurement.distance_m)
            else:
                gap = now - self._last_at if self._last_at is not None else 0.0
                distance = self.odometer.add(measurement.speed_mps * gap if gap <= MAX_GAP_S else 0)
            self._last_at = now
            cadence = measurement.cadence_spm * (2 if self.cadence_in_strides else 1)
            # A speed beyond a runner's is left for the bridge's check to drop, not clamped.
            reading: dict[str, Any] = {
                "speed": round(measurement.speed_mps, 3),
                "distance": round(distance, 2),
            }
            if 0 <= cadence <= 300:
                reading["cadence"] = cadence
            self.emit(self.kind, reading)

        await client.start_notify(uuids.RSC_MEASUREMENT, notified)
        if _has(client, uuids.BATTERY_LEVEL):
            self.battery = await read_battery(client, self.kind)
