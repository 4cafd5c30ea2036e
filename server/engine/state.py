"""The engine's state as one value: everything a session has become, and nothing else.

Each part (the step clock, the odometer, the alarms, the announcer, the records) is a dataclass
of plain values, so the whole serialises to JSON and restores to an engine that continues
exactly where the first one was: a session can move to another server process, and a test can
compare two engines' states field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter

from server.engine.alerts import AlarmState
from server.engine.announcer import Announcer
from server.engine.fatigue import RepEffort
from server.engine.odometer import Odometer
from server.engine.settings import EngineSettings
from server.engine.step_clock import StepClock
from server.engine.summary import FatigueNote, StepRecord
from server.engine.transitions import SessionStatus

__all__ = ["EngineState", "dump_state", "load_state"]


@dataclass(slots=True, kw_only=True)
class EngineState:
    """Where a session stands; the engine is this value plus the plan and settings it runs."""

    status: SessionStatus = SessionStatus.READY
    now: float = 0.0
    index: int = -1
    clock: StepClock = field(default_factory=StepClock)
    odometer: Odometer
    pace_alarm: AlarmState
    hr_alarm: AlarmState
    cadence_alarm: AlarmState
    announcer: Announcer = field(default_factory=Announcer)
    records: list[StepRecord] = field(default_factory=list)
    efforts: dict[int, list[RepEffort]] = field(default_factory=dict)
    advised: list[str] = field(default_factory=list)  # "block:advice" already spoken
    fatigue: FatigueNote | None = None
    next_announced: bool = False
    next_split: int = 0
    halfway_said: bool = False

    @classmethod
    def new(cls, settings: EngineSettings, lane_factor: float) -> EngineState:
        """The state of a session not yet started."""
        return cls(
            odometer=Odometer(venue=settings.venue, lane_factor=lane_factor),
            pace_alarm=AlarmState.new(settings.pace_alert),
            hr_alarm=AlarmState.new(settings.hr_alert),
            cadence_alarm=AlarmState.new(settings.pace_alert),
        )

    @property
    def record(self) -> StepRecord | None:
        """The record of the step under way, if one is."""
        if self.records and self.records[-1].ended_at is None:
            return self.records[-1]
        return None


_ADAPTER: TypeAdapter[EngineState] = TypeAdapter(EngineState)


def dump_state(state: EngineState) -> dict[str, Any]:
    """The state as JSON-ready data."""
    data: dict[str, Any] = _ADAPTER.dump_python(state, mode="json")
    return data


def load_state(data: dict[str, Any]) -> EngineState:
    """A state back from `dump_state`'s data (strictly validated)."""
    return _ADAPTER.validate_python(data)
