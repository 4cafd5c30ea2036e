"""Alerts to a watch: Alert Level (0x2A06, Immediate Alert service) and New Alert (0x2A46,
Alert Notification service)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from device.gatt.reader import ByteReader, BytesLike
from device.gatt.writer import ByteWriter

__all__ = [
    "DEFAULT_ALERT_TEXT_BYTES",
    "AlertCategory",
    "AlertLevel",
    "NewAlert",
    "parse_alert_level",
    "parse_new_alert",
    "serialize_alert_level",
    "serialize_new_alert",
]

ALERT_LEVEL = "Alert Level"
NEW_ALERT = "New Alert"

DEFAULT_ALERT_TEXT_BYTES = 18
"""The text limit of the New Alert definition, and what common watches accept; InfiniTime
takes longer texts, so `serialize_new_alert` lets the caller raise it."""


class AlertLevel(IntEnum):
    """How hard a device should alert (buzz, beep); 3..255 are reserved."""

    NONE = 0
    MILD = 1
    HIGH = 2


class AlertCategory(IntEnum):
    """Alert Category ID; 10..250 are reserved, 251..255 left to service specifications."""

    SIMPLE_ALERT = 0
    EMAIL = 1
    NEWS = 2
    CALL = 3
    MISSED_CALL = 4
    SMS_MMS = 5
    VOICE_MAIL = 6
    SCHEDULE = 7
    HIGH_PRIORITIZED_ALERT = 8
    INSTANT_MESSAGE = 9


@dataclass(frozen=True, slots=True, kw_only=True)
class NewAlert:
    """A new alert: its category, how many are new, and a brief text for the latest one."""

    category: AlertCategory
    count: int = 1
    text: str = ""


def parse_alert_level(data: BytesLike) -> AlertLevel:
    """Decode 0x2A06; a reserved level is a `GattParseError`."""
    return ByteReader(data, ALERT_LEVEL).u8_member(AlertLevel, "alert level")


def serialize_alert_level(level: AlertLevel) -> bytes:
    """Encode 0x2A06."""
    writer = ByteWriter(ALERT_LEVEL)
    writer.u8_member(AlertLevel, "alert level", level)
    return writer.to_bytes()


def parse_new_alert(data: BytesLike) -> NewAlert:
    """Decode 0x2A46. The text is whatever follows the count, however long: the 18-byte limit
    binds senders, and a reader gains nothing by refusing more."""
    reader = ByteReader(data, NEW_ALERT)
    category = reader.u8_member(AlertCategory, "category id")
    count = reader.u8("number of new alerts")
    return NewAlert(category=category, count=count, text=reader.text())


def serialize_new_alert(
    alert: NewAlert, *, max_text_bytes: int = DEFAULT_ALERT_TEXT_BYTES
) -> bytes:
    """Encode 0x2A46, cutting the text to `max_text_bytes` of UTF-8 on a character boundary
    (a cut through a multi-byte character would show as garbage on the watch)."""
    writer = ByteWriter(NEW_ALERT)
    writer.u8_member(AlertCategory, "category", alert.category)
    writer.u8("count", alert.count)
    writer.text("text", alert.text, max_bytes=max_text_bytes)
    return writer.to_bytes()
