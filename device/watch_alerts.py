"""Cues on the wrist: a vibration through Immediate Alert, the text through New Alert.

Any band with the Immediate Alert service buzzes (mild for information, high for what needs
acting on: a step change, a pace or heart-rate alarm). A watch that also offers Alert
Notification's New Alert (InfiniTime does) shows the cue's words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bleak import BleakClient
from bleak.exc import BleakError

from device.gatt import (
    AlertCategory,
    AlertLevel,
    NewAlert,
    serialize_alert_level,
    serialize_new_alert,
    uuids,
)
from server.protocol import CueKind, CueMessage, Priority

__all__ = ["WatchAlerts", "alert_level", "worth_reading"]

log = logging.getLogger(__name__)

ALERT_PRIORITY = Priority.ALERT  # alarms and step changes buzz hard
TEXT_BYTES = 64  # InfiniTime shows far more than the 18 bytes the oldest bands take


def alert_level(cue: CueMessage) -> AlertLevel | None:
    """How hard a cue buzzes: not at all without a vibration pattern."""
    if not cue.vibration:
        return None
    return AlertLevel.HIGH if cue.priority >= ALERT_PRIORITY else AlertLevel.MILD


def worth_reading(cue: CueMessage) -> bool:
    """Whether a cue's text belongs on a wrist: not the seconds of a countdown ("3")."""
    if not cue.text:
        return False
    return not (cue.kind == CueKind.COUNTDOWN and cue.text.isdigit())


class WatchAlerts:
    """The watch's side of the bridge: alerts go to whichever watch is connected now."""

    def __init__(self, *, text_bytes: int = TEXT_BYTES) -> None:
        self.text_bytes = text_bytes
        self.client: BleakClient | None = None
        self.sent = 0
        self.failed = 0

    async def setup(self, client: BleakClient, heard: Callable[[], None]) -> None:
        """A watch connected: alerts go to it from now on."""
        self.client = client

    async def alert(self, cue: CueMessage) -> bool:
        """Buzz and show the cue; False when no watch is connected or the write failed."""
        client = self.client
        if client is None or not client.is_connected:
            return False
        level = alert_level(cue)
        try:
            if level is not None:
                await client.write_gatt_char(
                    uuids.ALERT_LEVEL, serialize_alert_level(level), response=False
                )
            readable = client.services.get_characteristic(uuids.NEW_ALERT) is not None
            if readable and worth_reading(cue):
                alert = NewAlert(category=AlertCategory.SIMPLE_ALERT, count=1, text=cue.text)
                await client.write_gatt_char(
                    uuids.NEW_ALERT,
                    serialize_new_alert(alert, max_text_bytes=self.text_bytes),
                    response=True,
                )
        except (BleakError, OSError, TimeoutError) as error:
            self.failed += 1
            log.info("watch: %s", error)
            return False
        self.sent += 1
        return True
