"""Battery service: Battery Level (0x2A19)."""

from __future__ import annotations

from device.gatt.reader import ByteReader, BytesLike
from device.gatt.writer import ByteWriter

__all__ = ["parse_battery_level", "serialize_battery_level"]

NAME = "Battery Level"


def parse_battery_level(data: BytesLike) -> int:
    """Decode 0x2A19 to a percentage; above 100 is a `GattParseError`, not a clamp, because a
    sensor that says 180 % is broken and its other readings deserve suspicion too."""
    reader = ByteReader(data, NAME)
    percent = reader.u8("level")
    if percent > 100:
        raise reader.error(f"level {percent} % at offset 0 is above 100 %", 0)
    return percent


def serialize_battery_level(percent: int) -> bytes:
    """Encode 0x2A19 from a percentage in 0..100."""
    writer = ByteWriter(NAME)
    if not 0 <= percent <= 100:
        raise writer.error(f"level {percent!r} % is outside 0..100 %")
    writer.u8("level", percent)
    return writer.to_bytes()
