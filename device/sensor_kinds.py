"""What a nearby device is, from the services it advertises, and finding them with a scan.

The bridge scans by full 128-bit service UUIDs (the form every platform reports) and sorts what
it hears into the four kinds it drives: a heart-rate strap, a footpod, a treadmill and a watch.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bleak import BleakScanner
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData

from device.gatt import uuids

__all__ = ["FoundDevice", "SensorKind", "kinds_of", "scan"]


class SensorKind(StrEnum):
    """A kind of device the bridge drives; the value names its samples' source."""

    HEART_RATE = "hrm"
    FOOTPOD = "footpod"
    TREADMILL = "treadmill"
    WATCH = "watch"


SERVICE_OF_KIND = {
    SensorKind.HEART_RATE: uuids.HEART_RATE_SERVICE,
    SensorKind.FOOTPOD: uuids.RUNNING_SPEED_AND_CADENCE_SERVICE,
    SensorKind.TREADMILL: uuids.FITNESS_MACHINE_SERVICE,
    SensorKind.WATCH: uuids.IMMEDIATE_ALERT_SERVICE,
}
# A watch may advertise only its alert notification service.
WATCH_SERVICES = {uuids.IMMEDIATE_ALERT_SERVICE, uuids.ALERT_NOTIFICATION_SERVICE}
SCANNED_SERVICES = sorted({*SERVICE_OF_KIND.values(), *WATCH_SERVICES})


def kinds_of(service_uuids: list[str]) -> list[SensorKind]:
    """The kinds a device can serve as, from its advertised service UUIDs."""
    advertised = {uuid.lower() for uuid in service_uuids}
    kinds: list[SensorKind] = [
        kind
        for kind, service in SERVICE_OF_KIND.items()
        if kind is not SensorKind.WATCH and service in advertised
    ]
    if advertised & WATCH_SERVICES:
        kinds.append(SensorKind.WATCH)
    return kinds


@dataclass(frozen=True, slots=True)
class FoundDevice:
    """A device heard in a scan."""

    device: BLEDevice
    name: str
    address: str
    rssi: int
    services: tuple[str, ...]
    kinds: tuple[SensorKind, ...]

    def as_json(self) -> dict[str, Any]:
        """For `trackcue scan --json`."""
        return {
            "name": self.name,
            "address": self.address,
            "rssi": self.rssi,
            "services": list(self.services),
            "kinds": [kind.value for kind in self.kinds],
        }


async def scan(timeout: float = 5.0, **scanner_kwargs: Any) -> list[FoundDevice]:
    """Devices of a kind the bridge drives, strongest signal first.

    `scanner_kwargs` go to `BleakScanner` (a `backend=` for the simulation, a `bluez=` adapter).
    """
    heard: dict[str, tuple[BLEDevice, AdvertisementData]] = await BleakScanner.discover(
        timeout=timeout, service_uuids=SCANNED_SERVICES, return_adv=True, **scanner_kwargs
    )
    found = []
    for device, advertisement in heard.values():
        kinds = kinds_of(advertisement.service_uuids)
        if not kinds:
            continue
        found.append(
            FoundDevice(
                device=device,
                name=advertisement.local_name or device.name or device.address,
                address=device.address,
                rssi=advertisement.rssi,
                services=tuple(advertisement.service_uuids),
                kinds=tuple(kinds),
            )
        )
    return sorted(found, key=lambda item: -item.rssi)
