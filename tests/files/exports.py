"""Sessions run through the real engine, and exported files read by two independent decoders.

A session is run by the engine tests' simulated runner (samples every second, a lap press at
each line on the track), and only its inputs are kept, as the live event log keeps them (no
ticks): the export must rebuild everything from those. Every FIT file is decoded by fitdecode
and by Garmin's own SDK, each checking the CRC, so a file one decoder tolerates and the other
refuses fails the test.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import fitdecode  # type: ignore[import-untyped]
from garmin_fit_sdk import Decoder, Stream

from server.engine import Command, EngineSettings, Event, Tick
from server.files.activity import Activity
from server.files.session_activity import activity_of_session
from server.workouts import ResolvedWorkout
from tests.engine.harness import plan_for, run_session

STARTED_AT = dt.datetime(2026, 5, 12, 6, 30, 0, tzinfo=dt.UTC)
FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)

TRACK_SESSION = """# 3 x 400 m
Warmup
- 5m E Pace

Main set 3x
- 400mtr I Pace
- Jog 90s

Cooldown
- 3m E Pace
"""


@dataclass(frozen=True)
class RunSession:
    """A session as stored: its plan, settings, logged inputs, and what the engine made of it."""

    plan: ResolvedWorkout
    settings: EngineSettings
    events: list[Event]
    until: float
    engine_records: tuple[Any, ...]

    def activity(self) -> Activity:
        return activity_of_session(
            self.plan, self.settings, STARTED_AT, self.events, until=self.until
        )


def run(
    text: str = TRACK_SESSION,
    settings: EngineSettings | None = None,
    commands: list[Command] | None = None,
) -> RunSession:
    plan = plan_for(text)
    settings = settings or EngineSettings()
    session = run_session(plan, settings=settings, commands=commands)
    logged: list[Event] = [event for event in session.events if not isinstance(event, Tick)]
    return RunSession(plan, settings, logged, session.engine.now, session.engine.records())


def by_fitdecode(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """Messages by name, as fitdecode reads them with the CRC checked and errors raised."""
    messages: dict[str, list[dict[str, Any]]] = {}
    with fitdecode.FitReader(
        io.BytesIO(data),
        check_crc=fitdecode.CrcCheck.RAISE,
        error_handling=fitdecode.ErrorHandling.RAISE,
    ) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                fields = {f.name: f.value for f in frame.fields if f.value is not None}
                messages.setdefault(frame.name, []).append(fields)
    return messages


def by_garmin(data: bytes, **options: Any) -> dict[str, list[dict[str, Any]]]:
    """Messages by name (`lap`, not `lap_mesgs`), as Garmin's FIT SDK reads them."""
    assert Decoder(Stream.from_byte_array(bytearray(data))).is_fit()
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()  # both CRCs
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read(
        enable_crc_check=True, **options
    )
    assert errors == []
    found: dict[str, Any] = dict(messages)
    return {name.removesuffix("_mesgs"): list(values) for name, values in found.items()}
