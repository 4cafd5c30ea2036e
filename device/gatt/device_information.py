"""Device Information service strings: Manufacturer Name (0x2A29), Model Number (0x2A24),
Serial Number (0x2A25), Hardware (0x2A27), Firmware (0x2A26) and Software (0x2A28) Revision.

All six are plain UTF-8 with no length prefix and no terminator, so one codec serves them.
"""

from __future__ import annotations

from device.gatt.reader import ByteReader, BytesLike
from device.gatt.writer import ByteWriter

__all__ = ["parse_device_information_string", "serialize_device_information_string"]

NAME = "Device Information string"


def parse_device_information_string(data: BytesLike) -> str:
    """Decode any Device Information string. Never raises: trailing NULs (C-buffer padding
    some firmware sends) are stripped and invalid UTF-8 becomes U+FFFD."""
    return ByteReader(data, NAME).text()


def serialize_device_information_string(text: str) -> bytes:
    """Encode any Device Information string as UTF-8."""
    writer = ByteWriter(NAME)
    writer.text("text", text)
    return writer.to_bytes()
