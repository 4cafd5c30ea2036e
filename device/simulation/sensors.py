"""The simulated devices: a heart-rate strap, a footpod, an FTMS treadmill and a watch.

Each is a `SimulatedPeripheral` with the GATT table its real counterpart has, and emits the
bytes the real one would, made by the same codecs the bridge parses with (so what the bridge
decodes here is what it decodes at the track). The watch records every alert written to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from device.gatt import (
    AlertLevel,
    Contact,
    HeartRateMeasurement,
    NewAlert,
    RscFeature,
    RscMeasurement,
    parse_alert_level,
    parse_new_alert,
    serialize_battery_level,
    serialize_heart_rate_measurement,
    serialize_rsc_feature,
    serialize_rsc_measurement,
    uuids,
)
from device.simulation.peripheral import (
    SimulatedCharacteristic,
    SimulatedPeripheral,
    SimulatedService,
)
from device.simulation.runner import RunnerReading

__all__ = ["SimulatedWatch", "WatchAlert", "footpod", "heart_rate_strap"]


def _battery(percent: int) -> SimulatedService:
    return SimulatedService(
        uuids.BATTERY_SERVICE,
        [
            SimulatedCharacteristic(
                uuids.BATTERY_LEVEL, ("read", "notify"), serialize_battery_level(percent)
            )
        ],
    )


def _device_information(manufacturer: str, model: str) -> SimulatedService:
    return SimulatedService(
        uuids.DEVICE_INFORMATION_SERVICE,
        [
            SimulatedCharacteristic(
                uuids.MANUFACTURER_NAME_STRING, ("read",), manufacturer.encode()
            ),
            SimulatedCharacteristic(uuids.MODEL_NUMBER_STRING, ("read",), model.encode()),
        ],
    )


class HeartRateStrap(SimulatedPeripheral):
    """A chest strap: Heart Rate Measurement with RR intervals, battery, device information."""

    def __init__(self, address: str = "C0:FF:EE:00:00:01", name: str = "TC Strap") -> None:
        super().__init__(
            address,
            name,
            [
                SimulatedService(
                    uuids.HEART_RATE_SERVICE,
                    [
                        SimulatedCharacteristic(uuids.HEART_RATE_MEASUREMENT, ("notify",)),
                        SimulatedCharacteristic(uuids.BODY_SENSOR_LOCATION, ("read",), b"\x01"),
                    ],
                ),
                _battery(87),
                _device_information("trackcue simulation", "HR strap"),
            ],
            rssi=-55,
        )

    def publish(self, reading: RunnerReading) -> bool:
        """Notify the heart rate (and the beat interval it implies)."""
        measurement = HeartRateMeasurement(
            bpm=reading.hr,
            contact=Contact.DETECTED,
            rr_ms=(round(60_000 / max(reading.hr, 30), 1),),
        )
        return self.notify(
            uuids.HEART_RATE_MEASUREMENT, serialize_heart_rate_measurement(measurement)
        )


class Footpod(SimulatedPeripheral):
    """A footpod: RSC Measurement with stride and total distance, battery."""

    def __init__(self, address: str = "C0:FF:EE:00:00:02", name: str = "TC Footpod") -> None:
        feature = (
            RscFeature.STRIDE_LENGTH
            | RscFeature.TOTAL_DISTANCE
            | RscFeature.WALKING_OR_RUNNING_STATUS
        )
        super().__init__(
            address,
            name,
            [
                SimulatedService(
                    uuids.RUNNING_SPEED_AND_CADENCE_SERVICE,
                    [
                        SimulatedCharacteristic(uuids.RSC_MEASUREMENT, ("notify",)),
                        SimulatedCharacteristic(
                            uuids.RSC_FEATURE, ("read",), serialize_rsc_feature(feature)
                        ),
                    ],
                ),
                _battery(64),
            ],
            rssi=-62,
        )

    def publish(self, reading: RunnerReading) -> bool:
        """Notify speed, cadence, stride and the footpod's total distance."""
        stride = round(reading.footpod_speed * 60 / reading.cadence, 2) if reading.cadence else None
        measurement = RscMeasurement(
            speed_mps=round(reading.footpod_speed * 256) / 256,
            cadence_spm=min(reading.cadence, 255),
            stride_m=stride,
            distance_m=round(reading.footpod_distance, 1),
            running=reading.speed > 2.5,
        )
        return self.notify(uuids.RSC_MEASUREMENT, serialize_rsc_measurement(measurement))


def heart_rate_strap(address: str = "C0:FF:EE:00:00:01") -> HeartRateStrap:
    """A simulated chest strap."""
    return HeartRateStrap(address)


def footpod(address: str = "C0:FF:EE:00:00:02") -> Footpod:
    """A simulated footpod."""
    return Footpod(address)


@dataclass(frozen=True, slots=True)
class WatchAlert:
    """What the watch received: a vibration level, or a text alert."""

    level: AlertLevel | None = None
    text: str | None = None


@dataclass
class _Received:
    alerts: list[WatchAlert] = field(default_factory=list)


class SimulatedWatch(SimulatedPeripheral):
    """A watch (InfiniTime-like): Immediate Alert for vibration, New Alert for text."""

    def __init__(self, address: str = "C0:FF:EE:00:00:04", name: str = "TC Watch") -> None:
        self._received = _Received()
        super().__init__(
            address,
            name,
            [
                SimulatedService(
                    uuids.IMMEDIATE_ALERT_SERVICE,
                    [
                        SimulatedCharacteristic(
                            uuids.ALERT_LEVEL,
                            ("write-without-response",),
                            on_write=self._level_written,
                        )
                    ],
                ),
                SimulatedService(
                    uuids.ALERT_NOTIFICATION_SERVICE,
                    [
                        SimulatedCharacteristic(
                            uuids.NEW_ALERT, ("write", "notify"), on_write=self._alert_written
                        )
                    ],
                ),
                _battery(71),
            ],
            rssi=-58,
        )

    @property
    def alerts(self) -> list[WatchAlert]:
        """Every alert received, in order."""
        return self._received.alerts

    def _level_written(self, data: bytes) -> None:
        self._received.alerts.append(WatchAlert(level=parse_alert_level(data)))

    def _alert_written(self, data: bytes) -> None:
        alert: NewAlert = parse_new_alert(data)
        self._received.alerts.append(WatchAlert(text=alert.text))
