"""Records per second through the activity importer, against fitdecode alone.

Usage: `uv run python -m bench.files [--rounds R] [--records N]`

The input is a FIT activity written in memory with fit_tool: one record a second (time,
position, distance, speed, heart rate, cadence), a lap every kilometre, timer events, a
session and an activity message, like a watch's run of about five and a half hours. Our
import (`read_activity`: sniffing, decoding, the rules, the model) is timed beside fitdecode
alone iterating every frame of the same bytes with the same settings (CRC checked, no data
processor), in the same run, rounds interleaved. `import_ratio` is the median over rounds of
our time over fitdecode's in that round: what the importer costs beyond decoding (1.0 would
be nothing). fitdecode with its default data processor is printed too, for reference.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import math
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import fitdecode  # type: ignore[import-untyped]
from fit_tool.profile.messages.activity_message import (  # type: ignore[import-untyped]
    ActivityMessage,
)
from fit_tool.profile.messages.event_message import EventMessage  # type: ignore[import-untyped]
from fit_tool.profile.messages.lap_message import LapMessage  # type: ignore[import-untyped]
from fit_tool.profile.messages.record_message import (  # type: ignore[import-untyped]
    RecordMessage,
)
from fit_tool.profile.messages.session_message import (  # type: ignore[import-untyped]
    SessionMessage,
)
from fit_tool.profile.profile_type import (  # type: ignore[import-untyped]
    Event,
    EventType,
    Sport,
)

from server.files.fit_common import encode, file_id, fit_ms
from server.files.read import read_activity

START = dt.datetime(2026, 12, 6, 7, 0, tzinfo=dt.UTC)
SPEED_MPS = 3.2
LAP_M = 1000.0


def _ms(seconds: float) -> int:
    return fit_ms(START + dt.timedelta(seconds=seconds))


def _lap(start_s: float, end_s: float, distance: float) -> Any:
    lap = LapMessage()
    lap.event, lap.event_type = Event.LAP, EventType.STOP
    lap.start_time, lap.timestamp = _ms(start_s), _ms(end_s)
    lap.total_elapsed_time = lap.total_timer_time = end_s - start_s
    lap.total_distance = distance
    lap.avg_heart_rate, lap.max_heart_rate = 150, 170
    return lap


def build_fit(records: int) -> bytes:
    """A run of `records` seconds, one record a second, as a FIT activity file."""
    messages: list[Any] = [file_id("activity", START, serial=1)]
    start = EventMessage()
    start.event, start.event_type, start.timestamp = Event.TIMER, EventType.START, _ms(0)
    messages.append(start)
    lap_start, next_lap = 0.0, LAP_M
    for second in range(records):
        distance = second * SPEED_MPS
        record = RecordMessage()
        record.timestamp = _ms(second)
        record.position_lat = 46.05 + 0.0001 * math.sin(second / 60)
        record.position_long = 14.5 + distance / 80_000
        record.distance, record.speed = distance, SPEED_MPS
        record.heart_rate, record.cadence = 140 + second % 30, 86
        messages.append(record)
        if distance >= next_lap:
            messages.append(_lap(lap_start, second, LAP_M))
            lap_start, next_lap = float(second), next_lap + LAP_M
    end = float(records - 1)
    messages.append(_lap(lap_start, end, end * SPEED_MPS - (next_lap - LAP_M)))
    stop = EventMessage()
    stop.event, stop.event_type, stop.timestamp = Event.TIMER, EventType.STOP_ALL, _ms(end)
    messages.append(stop)
    session = SessionMessage()
    session.start_time, session.timestamp = _ms(0), _ms(end)
    session.total_elapsed_time = session.total_timer_time = end
    session.total_distance, session.sport = end * SPEED_MPS, Sport.RUNNING
    session.avg_heart_rate, session.max_heart_rate = 154, 169
    messages.append(session)
    activity = ActivityMessage()
    activity.timestamp, activity.num_sessions, activity.total_timer_time = _ms(end), 1, end
    messages.append(activity)
    return encode(messages)


def time_import(data: bytes) -> float:
    started = time.perf_counter()
    activity = read_activity(data, filename="bench.fit")
    elapsed = time.perf_counter() - started
    assert activity.records
    return elapsed


def time_fitdecode(data: bytes, *, processor: bool) -> float:
    options: dict[str, Any] = {"check_crc": fitdecode.CrcCheck.RAISE}
    if not processor:
        options.update(processor=None, error_handling=fitdecode.ErrorHandling.IGNORE)
    started = time.perf_counter()
    frames = sum(1 for _ in fitdecode.FitReader(io.BytesIO(data), **options))
    elapsed = time.perf_counter() - started
    assert frames
    return elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (at least 3)")
    parser.add_argument("--records", type=int, default=20_000, help="records in the file")
    args = parser.parse_args(argv)
    if args.rounds < 3 or args.records < 10:
        parser.error("need at least three rounds and ten records")
    data = build_fit(args.records)
    runs: dict[str, Callable[[], float]] = {
        "ours": lambda: time_import(data),
        "bare": lambda: time_fitdecode(data, processor=False),
        "default": lambda: time_fitdecode(data, processor=True),
    }
    for run in runs.values():
        run()  # warm-up
    times: dict[str, list[float]] = {name: [] for name in runs}
    # Interleaved rounds, so a noisy neighbour slows both sides alike; the ratio is the
    # median of each round's own ratio, which a burst of load in one round cannot move much.
    for _ in range(args.rounds):
        for name, run in runs.items():
            gc.collect()
            times[name].append(run())
    ours, bare = times["ours"], times["bare"]
    ratios = [a / b for a, b in zip(ours, bare, strict=True)]
    best, median = min(ours), statistics.median(ours)
    bare_median = statistics.median(bare)
    print(f"python: {platform.python_version()} ({sys.implementation.name}), one process")
    print(f"fitdecode: {fitdecode.__version__}, file: {len(data)} bytes, records: {args.records}")
    print(f"rounds: {args.rounds} (after a warm-up, interleaved)")
    print(f"import min_s: {best:.4f}, median_s: {median:.4f}")
    print(f"fitdecode (same settings) min_s: {min(bare):.4f}, median_s: {bare_median:.4f}")
    print(f"fitdecode (default processor) min_s: {min(times['default']):.4f}")
    print(f"ratio of the minimums: {best / min(bare):.3f}")
    print(f"fitdecode_records_per_s: {args.records / min(bare):.0f}")
    print(f"fit_import_records_per_s: {args.records / best:.0f}")
    print(f"import_ratio: {statistics.median(ratios):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
