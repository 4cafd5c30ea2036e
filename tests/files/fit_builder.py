"""A small FIT writer for tests: just enough of the protocol to make odd files on purpose.

Real files cover what watches write; these cover the oddities no real file in the set has
(compressed timestamps, times from power-on, chained heart-rate files, damaged bytes), written
from the published protocol: a 14-byte header, definition and data messages, a CRC-16 footer.
"""

from __future__ import annotations

import datetime as dt
import struct
from typing import Any

from fitdecode.utils import compute_crc  # type: ignore[import-untyped]

FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)

# name → (global number, [(field name, field number, struct format, base type, scale)])
LAYOUTS: dict[str, tuple[int, list[tuple[str, int, str, int, float]]]] = {
    "file_id": (
        0,
        [
            ("type", 0, "B", 0x00, 1),
            ("manufacturer", 1, "H", 0x84, 1),
            ("product", 2, "H", 0x84, 1),
            ("serial_number", 3, "I", 0x8C, 1),
            ("time_created", 4, "I", 0x86, 1),
        ],
    ),
    "record": (
        20,
        [
            ("timestamp", 253, "I", 0x86, 1),
            ("position_lat", 0, "i", 0x85, 1),
            ("position_long", 1, "i", 0x85, 1),
            ("heart_rate", 3, "B", 0x02, 1),
            ("cadence", 4, "B", 0x02, 1),
            ("distance", 5, "I", 0x86, 100),
            ("speed", 6, "H", 0x84, 1000),
        ],
    ),
    "lap": (
        19,
        [
            ("timestamp", 253, "I", 0x86, 1),
            ("event", 0, "B", 0x00, 1),
            ("event_type", 1, "B", 0x00, 1),
            ("start_time", 2, "I", 0x86, 1),
            ("total_elapsed_time", 7, "I", 0x86, 1000),
            ("total_timer_time", 8, "I", 0x86, 1000),
            ("total_distance", 9, "I", 0x86, 100),
            ("avg_speed", 13, "H", 0x84, 1000),
            ("avg_heart_rate", 15, "B", 0x02, 1),
            ("max_heart_rate", 16, "B", 0x02, 1),
            ("lap_trigger", 24, "B", 0x00, 1),
        ],
    ),
    "session": (
        18,
        [
            ("timestamp", 253, "I", 0x86, 1),
            ("start_time", 2, "I", 0x86, 1),
            ("sport", 5, "B", 0x00, 1),
            ("sub_sport", 6, "B", 0x00, 1),
            ("total_elapsed_time", 7, "I", 0x86, 1000),
            ("total_timer_time", 8, "I", 0x86, 1000),
            ("total_distance", 9, "I", 0x86, 100),
            ("avg_heart_rate", 16, "B", 0x02, 1),
            ("max_heart_rate", 17, "B", 0x02, 1),
            ("first_lap_index", 25, "H", 0x84, 1),
            ("num_laps", 26, "H", 0x84, 1),
        ],
    ),
    "event": (
        21,
        [
            ("timestamp", 253, "I", 0x86, 1),
            ("event", 0, "B", 0x00, 1),
            ("event_type", 1, "B", 0x00, 1),
        ],
    ),
    "timestamp_correlation": (
        162,
        [("timestamp", 253, "I", 0x86, 1), ("system_timestamp", 1, "I", 0x86, 1)],
    ),
    "hr": (
        132,
        [
            ("timestamp", 253, "I", 0x86, 1),
            ("filtered_bpm", 6, "8B", 0x02, 1),
            ("event_timestamp", 9, "8I", 0x86, 1024),
        ],
    ),
}
SPORTS = {"generic": 0, "running": 1, "cycling": 2, "walking": 11}
TRIGGERS = {"manual": 0, "time": 1, "distance": 2, "session_end": 7}


def fit_time(when: dt.datetime) -> int:
    return int((when - FIT_EPOCH).total_seconds())


class FitWriter:
    """Messages in, bytes out. Values are in the profile's units (m, s, m/s); times are FIT
    seconds (ints) so tests can write times counted from power-on as easily as clock times."""

    def __init__(self) -> None:
        self.body = bytearray()
        self._defined: dict[int, tuple[str, tuple[str, ...]]] = {}
        self._next_local = 4

    def message(self, name: str, *, compressed: int | None = None, **values: Any) -> FitWriter:
        """Append one data message, defining its layout first when it changed.

        `compressed` writes a compressed-timestamp header (the offset's low 5 bits) instead of
        a timestamp field, on local message 0 as the protocol requires.
        """
        global_num, layout = LAYOUTS[name]
        fields = [
            f
            for f in layout
            if f[0] in values and not (compressed is not None and f[0] == "timestamp")
        ]
        key = (name, tuple(f[0] for f in fields))
        local = 0 if compressed is not None else self._local_for(key)
        if self._defined.get(local) != key:
            self._define(local, global_num, fields)
            self._defined[local] = key
        header = 0x80 | (local << 5) | (compressed & 0x1F) if compressed is not None else local
        payload = bytearray([header])
        for field_name, _, fmt, _, scale in fields:
            value = values[field_name]
            if isinstance(value, (list, tuple)):
                payload += struct.pack("<" + fmt, *(round(v * scale) for v in value))
            else:
                payload += struct.pack("<" + fmt, round(value * scale))
        self.body += payload
        return self

    def raw(self, data: bytes) -> FitWriter:
        self.body += data
        return self

    def _local_for(self, key: tuple[str, tuple[str, ...]]) -> int:
        for local, defined in self._defined.items():
            if defined == key and local != 0:
                return local
        local = self._next_local
        self._next_local = 4 + (self._next_local - 3) % 12
        return local

    def _define(
        self, local: int, global_num: int, fields: list[tuple[str, int, str, int, float]]
    ) -> None:
        self.body += bytes([0x40 | local, 0, 0]) + struct.pack("<HB", global_num, len(fields))
        for _, number, fmt, base, _ in fields:
            self.body += bytes([number, struct.calcsize("<" + fmt), base])

    def bytes(self, *, header_crc: bool = True) -> bytes:
        head = struct.pack("<BBHI4s", 14, 0x20, 2132, len(self.body), b".FIT")
        head += struct.pack("<H", compute_crc(head) if header_crc else 0)
        data = head + bytes(self.body)
        return data + struct.pack("<H", compute_crc(data))


def simple_run(
    *,
    start: dt.datetime = dt.datetime(2026, 5, 1, 7, 0, tzinfo=dt.UTC),
    seconds: int = 600,
    speed: float = 3.0,
    hr: int | None = 150,
    sport: str = "running",
    session: bool = True,
    laps: bool = True,
) -> FitWriter:
    """A steady run: one record a second, one lap, one session; a base to bend per test."""
    t0 = fit_time(start)
    fit = FitWriter().message(
        "file_id", type=4, manufacturer=1, product=1, serial_number=42, time_created=t0
    )
    fit.message("event", timestamp=t0, event=0, event_type=0)
    for i in range(seconds + 1):
        values: dict[str, Any] = {"timestamp": t0 + i, "distance": i * speed, "speed": speed}
        if hr is not None:
            values["heart_rate"] = hr
        fit.message("record", **values)
    fit.message("event", timestamp=t0 + seconds, event=0, event_type=4)
    distance = seconds * speed
    common: dict[str, Any] = dict(start_time=t0, timestamp=t0 + seconds, total_elapsed_time=seconds,
                  total_timer_time=seconds, total_distance=distance)  # fmt: skip
    if laps:
        fit.message("lap", event=9, event_type=1, lap_trigger=TRIGGERS["session_end"], **common)
    if session:
        fit.message(
            "session", sport=SPORTS[sport], sub_sport=0, num_laps=1, first_lap_index=0, **common
        )
    return fit
