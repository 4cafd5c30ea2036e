"""The errors of the GATT codecs: one root, one for bytes that do not decode, one for values."""

from __future__ import annotations

__all__ = ["GattEncodeError", "GattError", "GattParseError"]


class GattError(Exception):
    """Root of every error the codecs raise, so the bridge can catch them in one place."""


class GattParseError(GattError):
    """Bytes from a peripheral do not decode: too short, or a reserved value where none may be.

    `characteristic` names the characteristic (e.g. "Heart Rate Measurement") and `offset` is
    the byte offset where decoding failed, so a log line points at the offending byte.
    """

    def __init__(self, characteristic: str, offset: int, reason: str) -> None:
        super().__init__(f"{characteristic}: {reason}")
        self.characteristic = characteristic
        self.offset = offset
        self.reason = reason


class GattEncodeError(GattError):
    """A value cannot be serialized: out of its field's range, not finite, or inconsistent."""

    def __init__(self, characteristic: str, reason: str) -> None:
        super().__init__(f"{characteristic}: {reason}")
        self.characteristic = characteristic
        self.reason = reason
