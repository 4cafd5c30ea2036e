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
    ControlResponse,
    FitnessMachineFeature,
    HeartRateMeasurement,
    MachineFeature,
    NewAlert,
    RequestControl,
    ResultCode,
    RscFeature,
    RscMeasurement,
    SetTargetSpeed,
    SpeedRange,
    StartOrResume,
    StopOrPause,
    TargetSettingFeature,
    TargetSpeedChanged,
    TreadmillData,
    parse_alert_level,
    parse_control_request,
    parse_new_alert,
    serialize_battery_level,
    serialize_control_response,
    serialize_fitness_machine_feature,
    serialize_heart_rate_measurement,
    serialize_machine_status,
    serialize_rsc_feature,
    serialize_rsc_measurement,
    serialize_supported_speed_range,
    serialize_treadmill_data,
    uuids,
)
from device.simulation.peripheral import (
    SimulatedCharacteristic,
    SimulatedPeripheral,
    SimulatedService,
)
from device.simulation.runner import RunnerReading

__all__ = [
    "Footpod",
    "HeartRateStrap",
    "SimulatedTreadmill",
    "SimulatedWatch",
    "WatchAlert",
    "footpod",
    "heart_rate_strap",
]


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


class SimulatedTreadmill(SimulatedPeripheral):
    """An FTMS treadmill: Treadmill Data, a speed range, and a Control Point that obeys.

    Like a Matrix console it splits each data record over two notifications (More Data), so
    the bridge's record assembly is exercised. It refuses requests before control is granted
    and speeds outside its range, as the specification says a machine must.
    """

    # 1 to 20 km/h in steps of 0.1 km/h, as most home treadmills.
    SPEED_RANGE = SpeedRange(minimum_mps=1 / 3.6, maximum_mps=20 / 3.6, increment_mps=0.1 / 3.6)

    def __init__(self, address: str = "C0:FF:EE:00:00:03", name: str = "TC Treadmill") -> None:
        feature = FitnessMachineFeature(
            machine=MachineFeature.TOTAL_DISTANCE
            | MachineFeature.INCLINATION
            | MachineFeature.ELAPSED_TIME,
            target_setting=TargetSettingFeature(0x01),
        )
        super().__init__(
            address,
            name,
            [
                SimulatedService(
                    uuids.FITNESS_MACHINE_SERVICE,
                    [
                        SimulatedCharacteristic(
                            uuids.FITNESS_MACHINE_FEATURE,
                            ("read",),
                            serialize_fitness_machine_feature(feature),
                        ),
                        SimulatedCharacteristic(uuids.TREADMILL_DATA, ("notify",)),
                        SimulatedCharacteristic(
                            uuids.SUPPORTED_SPEED_RANGE,
                            ("read",),
                            serialize_supported_speed_range(self.SPEED_RANGE),
                        ),
                        SimulatedCharacteristic(
                            uuids.FITNESS_MACHINE_CONTROL_POINT,
                            ("write", "indicate"),
                            on_write=self._control,
                        ),
                        SimulatedCharacteristic(uuids.FITNESS_MACHINE_STATUS, ("notify",)),
                    ],
                )
            ],
            rssi=-50,
        )
        self.controlled = False
        self.running = False
        self.target_mps = 0.0
        self.requests: list[str] = []  # what the bridge asked for, in order
        self._distance = 0.0
        self._elapsed = 0.0

    def detach(self) -> None:
        """A lost link loses control too (FTMS: control is per connection)."""
        super().detach()
        self.controlled = False

    @property
    def belt_mps(self) -> float:
        """How fast the belt runs (the runner keeps up with it)."""
        return self.target_mps if self.running else 0.0

    def _control(self, data: bytes) -> None:
        request = parse_control_request(data)
        self.requests.append(type(request).__name__)
        result = ResultCode.SUCCESS
        match request:
            case RequestControl():
                self.controlled = True
            case _ if not self.controlled:
                result = ResultCode.CONTROL_NOT_PERMITTED
            case SetTargetSpeed(speed_mps=speed):
                low, high = self.SPEED_RANGE.minimum_mps, self.SPEED_RANGE.maximum_mps
                if low - 1e-6 <= speed <= high + 1e-6:
                    self.target_mps = speed
                    self.notify(
                        uuids.FITNESS_MACHINE_STATUS,
                        serialize_machine_status(TargetSpeedChanged(speed_mps=speed)),
                    )
                else:
                    result = ResultCode.INVALID_PARAMETER
            case StartOrResume():
                self.running = True
            case StopOrPause():
                self.running = False
            case _:
                result = ResultCode.OP_CODE_NOT_SUPPORTED
        response = ControlResponse(request_op_code=data[0], result=result)
        self.notify(uuids.FITNESS_MACHINE_CONTROL_POINT, serialize_control_response(response))

    def publish(self, seconds: float) -> bool:
        """Move the belt on by `seconds` and notify the record, in two parts."""
        self._distance += self.belt_mps * seconds
        self._elapsed += seconds
        first = TreadmillData(more_data=True, distance_m=int(self._distance), incline_pct=1.0)
        last = TreadmillData(
            speed_mps=round(self.belt_mps * 360) / 360, elapsed_s=int(self._elapsed)
        )
        sent = self.notify(uuids.TREADMILL_DATA, serialize_treadmill_data(first))
        return self.notify(uuids.TREADMILL_DATA, serialize_treadmill_data(last)) and sent


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
