"""Full 128-bit UUIDs of the services and characteristics the bridge uses.

The bridge scans and subscribes by full UUID strings (lower case, as bleak reports them), so
every 16-bit SIG number is expanded here once, from the Bluetooth Base UUID.
"""

from __future__ import annotations

__all__ = [
    "ALERT_LEVEL",
    "ALERT_NOTIFICATION_SERVICE",
    "BATTERY_LEVEL",
    "BATTERY_SERVICE",
    "BLUETOOTH_BASE_UUID",
    "BODY_SENSOR_LOCATION",
    "DEVICE_INFORMATION_SERVICE",
    "FIRMWARE_REVISION_STRING",
    "FITNESS_MACHINE_CONTROL_POINT",
    "FITNESS_MACHINE_FEATURE",
    "FITNESS_MACHINE_SERVICE",
    "FITNESS_MACHINE_STATUS",
    "HARDWARE_REVISION_STRING",
    "HEART_RATE_MEASUREMENT",
    "HEART_RATE_SERVICE",
    "IMMEDIATE_ALERT_SERVICE",
    "MANUFACTURER_NAME_STRING",
    "MODEL_NUMBER_STRING",
    "NEW_ALERT",
    "RSC_FEATURE",
    "RSC_MEASUREMENT",
    "RUNNING_SPEED_AND_CADENCE_SERVICE",
    "SERIAL_NUMBER_STRING",
    "SOFTWARE_REVISION_STRING",
    "SUPPORTED_INCLINATION_RANGE",
    "SUPPORTED_SPEED_RANGE",
    "TRAINING_STATUS",
    "TREADMILL_DATA",
    "uuid16",
]

BLUETOOTH_BASE_UUID = "00000000-0000-1000-8000-00805f9b34fb"
"""The base that SIG-assigned 16-bit numbers are short for (Core Spec, Vol 3, Part B, 2.5.1)."""


def uuid16(number: int) -> str:
    """The full UUID of a 16-bit SIG number: 0x180D -> "0000180d-0000-1000-8000-00805f9b34fb"."""
    if not 0 <= number <= 0xFFFF:
        raise ValueError(f"a 16-bit UUID is 0..0xFFFF, not {number:#x}")
    return f"0000{number:04x}{BLUETOOTH_BASE_UUID[8:]}"


# Services
HEART_RATE_SERVICE = uuid16(0x180D)
RUNNING_SPEED_AND_CADENCE_SERVICE = uuid16(0x1814)
FITNESS_MACHINE_SERVICE = uuid16(0x1826)
BATTERY_SERVICE = uuid16(0x180F)
DEVICE_INFORMATION_SERVICE = uuid16(0x180A)
IMMEDIATE_ALERT_SERVICE = uuid16(0x1802)
ALERT_NOTIFICATION_SERVICE = uuid16(0x1811)

# Heart Rate service
HEART_RATE_MEASUREMENT = uuid16(0x2A37)
BODY_SENSOR_LOCATION = uuid16(0x2A38)

# Running Speed and Cadence service
RSC_MEASUREMENT = uuid16(0x2A53)
RSC_FEATURE = uuid16(0x2A54)

# Fitness Machine service
FITNESS_MACHINE_FEATURE = uuid16(0x2ACC)
TREADMILL_DATA = uuid16(0x2ACD)
TRAINING_STATUS = uuid16(0x2AD3)
SUPPORTED_SPEED_RANGE = uuid16(0x2AD4)
SUPPORTED_INCLINATION_RANGE = uuid16(0x2AD5)
FITNESS_MACHINE_CONTROL_POINT = uuid16(0x2AD9)
FITNESS_MACHINE_STATUS = uuid16(0x2ADA)

# Battery service
BATTERY_LEVEL = uuid16(0x2A19)

# Device Information service
MODEL_NUMBER_STRING = uuid16(0x2A24)
SERIAL_NUMBER_STRING = uuid16(0x2A25)
FIRMWARE_REVISION_STRING = uuid16(0x2A26)
HARDWARE_REVISION_STRING = uuid16(0x2A27)
SOFTWARE_REVISION_STRING = uuid16(0x2A28)
MANUFACTURER_NAME_STRING = uuid16(0x2A29)

# Immediate Alert service (Alert Level) and Alert Notification service (New Alert)
ALERT_LEVEL = uuid16(0x2A06)
NEW_ALERT = uuid16(0x2A46)
