"""A cursor over one characteristic value: the single place where reads are bounds-checked.

Every parser reads through a `ByteReader`, so a short value always surfaces as a
`GattParseError` naming the characteristic, the field and the offset, never as an
`IndexError` or a `struct.error` from deep inside a codec.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TypeAlias, TypeVar

from device.gatt.errors import GattParseError

__all__ = ["ByteReader", "BytesLike", "byte_count"]

EnumT = TypeVar("EnumT", bound=IntEnum)

BytesLike: TypeAlias = bytes | bytearray | memoryview
"""What the codecs accept: whatever a BLE stack hands over, never a platform object."""


def byte_count(count: int) -> str:
    """ "1 byte", "2 bytes": for messages that people read."""
    return f"{count} byte" if count == 1 else f"{count} bytes"


class ByteReader:
    """Little-endian reads from the front of a value, each one checked against what is left."""

    __slots__ = ("_data", "_offset", "characteristic")

    def __init__(self, data: BytesLike, characteristic: str) -> None:
        self._data = bytes(data)
        self._offset = 0
        self.characteristic = characteristic

    @property
    def length(self) -> int:
        """The whole value's length in bytes."""
        return len(self._data)

    @property
    def offset(self) -> int:
        """Where the next read starts."""
        return self._offset

    @property
    def remaining(self) -> int:
        """How many bytes are left to read."""
        return len(self._data) - self._offset

    def error(self, reason: str, offset: int | None = None) -> GattParseError:
        """A parse error for this characteristic, at `offset` (default: the cursor)."""
        return GattParseError(
            self.characteristic, self._offset if offset is None else offset, reason
        )

    def take(self, size: int, field: str) -> bytes:
        """The next `size` bytes; raises `GattParseError` when fewer are left."""
        if size > self.remaining:
            raise self.error(
                f"value is {byte_count(len(self._data))}, needs at least "
                f"{self._offset + size} to read {field} at offset {self._offset}"
            )
        chunk = self._data[self._offset : self._offset + size]
        self._offset += size
        return chunk

    def uint(self, size: int, field: str) -> int:
        """An unsigned little-endian integer of `size` bytes."""
        return int.from_bytes(self.take(size, field), "little")

    def sint(self, size: int, field: str) -> int:
        """A two's-complement little-endian integer of `size` bytes."""
        return int.from_bytes(self.take(size, field), "little", signed=True)

    def u8(self, field: str) -> int:
        """uint8."""
        return self.uint(1, field)

    def u16(self, field: str) -> int:
        """uint16."""
        return self.uint(2, field)

    def s16(self, field: str) -> int:
        """sint16."""
        return self.sint(2, field)

    def u32(self, field: str) -> int:
        """uint32."""
        return self.uint(4, field)

    def text(self) -> str:
        """The rest as UTF-8 text.

        Trailing NULs are dropped (some firmware pads strings like C buffers) and invalid
        sequences become U+FFFD: a garbled model name is still worth showing, never raising.
        """
        return self.rest().rstrip(b"\x00").decode("utf-8", errors="replace")

    def u8_member(self, kind: type[EnumT], field: str) -> EnumT:
        """A uint8 that must be one of `kind`'s values; others are reserved and raise."""
        offset = self._offset
        raw = self.u8(field)
        try:
            return kind(raw)
        except ValueError:
            raise self.error(f"{field} {raw} at offset {offset} is reserved", offset) from None

    def u8_known(self, kind: type[EnumT], field: str) -> EnumT | int:
        """A uint8 as a member of `kind` when it names one, else as the plain number.

        For codes a newer machine may send (status op codes, training states): keeping the
        number lets the bridge log and skip them instead of dropping the whole value.
        """
        raw = self.u8(field)
        try:
            return kind(raw)
        except ValueError:
            return raw

    def rest(self) -> bytes:
        """Everything not read yet (possibly empty); the cursor moves to the end."""
        chunk = self._data[self._offset :]
        self._offset = len(self._data)
        return chunk
