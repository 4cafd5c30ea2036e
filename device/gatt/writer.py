"""The serializing half of `reader.py`: range checks for every field in one place."""

from __future__ import annotations

import math
from enum import IntEnum

from device.gatt.errors import GattEncodeError

__all__ = ["ByteWriter"]


class ByteWriter:
    """Appends little-endian fields to a value; a field that does not fit raises GattEncodeError.

    Scaled fields go through `scaled`, which refuses NaN and infinities before rounding, so a
    float that cannot be represented never escapes as a ValueError or OverflowError.
    """

    __slots__ = ("_buffer", "characteristic")

    def __init__(self, characteristic: str) -> None:
        self._buffer = bytearray()
        self.characteristic = characteristic

    def error(self, reason: str) -> GattEncodeError:
        """An encode error for this characteristic."""
        return GattEncodeError(self.characteristic, reason)

    def scaled(self, field: str, value: float, steps_per_unit: float) -> int:
        """`value` in field steps (e.g. m/s to 0.01 km/h is 360 steps per unit), rounded."""
        steps = value * steps_per_unit
        if not math.isfinite(steps):
            raise self.error(f"{field} must be a finite number in range, not {value!r}")
        return round(steps)

    def whole(self, field: str, value: object) -> int:
        """`value` itself when it is an integer; a float such as 1.5 is refused, not truncated."""
        if not isinstance(value, int):
            raise self.error(f"{field} must be a whole number, not {value!r}")
        return value

    def uint(self, size: int, field: str, value: int) -> None:
        """An unsigned integer of `size` bytes."""
        self.whole(field, value)
        top = (1 << (8 * size)) - 1
        if not 0 <= value <= top:
            raise self.error(f"{field} encodes to {value}, outside 0..{top}")
        self._buffer += value.to_bytes(size, "little")

    def sint(self, size: int, field: str, value: int) -> None:
        """A two's-complement integer of `size` bytes."""
        self.whole(field, value)
        bottom, top = -(1 << (8 * size - 1)), (1 << (8 * size - 1)) - 1
        if not bottom <= value <= top:
            raise self.error(f"{field} encodes to {value}, outside {bottom}..{top}")
        self._buffer += value.to_bytes(size, "little", signed=True)

    def u8(self, field: str, value: int) -> None:
        """uint8."""
        self.uint(1, field, value)

    def u8_member(self, kind: type[IntEnum], field: str, value: int) -> None:
        """A uint8 that must be one of `kind`'s values."""
        try:
            self.u8(field, kind(value))
        except ValueError:
            raise self.error(f"{field} {value!r} is not a defined {kind.__name__}") from None

    def u16(self, field: str, value: int) -> None:
        """uint16."""
        self.uint(2, field, value)

    def s16(self, field: str, value: int) -> None:
        """sint16."""
        self.sint(2, field, value)

    def u32(self, field: str, value: int) -> None:
        """uint32."""
        self.uint(4, field, value)

    def text(self, field: str, text: str, max_bytes: int | None = None) -> None:
        """UTF-8, cut on a character boundary to `max_bytes` when given.

        Refuses lone surrogates (not encodable) and a trailing NUL (readers strip it, so the
        value would not read back the same).
        """
        try:
            encoded = text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise self.error(f"{field} is not encodable as UTF-8: {error.reason}") from None
        if max_bytes is not None:
            if max_bytes < 0:
                raise self.error(f"{field} limit must be 0 or more bytes, not {max_bytes}")
            encoded = _cut_utf8(encoded, max_bytes)
        if encoded.endswith(b"\x00"):
            raise self.error(f"{field} ends in NUL, which readers strip as padding")
        self._buffer += encoded

    def raw(self, data: bytes) -> None:
        """Bytes as they are (strings, vendor tails)."""
        self._buffer += data

    def to_bytes(self) -> bytes:
        """The value written so far."""
        return bytes(self._buffer)


def _cut_utf8(encoded: bytes, max_bytes: int) -> bytes:
    """The longest prefix of at most `max_bytes` that ends on a character boundary."""
    if len(encoded) <= max_bytes:
        return encoded
    end = max_bytes
    while end > 0 and encoded[end] & 0xC0 == 0x80:  # a continuation byte: back off
        end -= 1
    return encoded[:end]
