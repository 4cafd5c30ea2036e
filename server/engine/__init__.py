"""The session engine: pure and deterministic. Events in, cues and state out; no clock, no I/O."""

from server.engine.alerts import AlertSettings
from server.engine.cues import Beep, Cue, CueKind, Priority, Vibration
from server.engine.engine import Phase, SessionEngine, SessionState, replay
from server.engine.errors import CommandNotAllowed, EngineError, EventOutOfOrder, InvalidEvent
from server.engine.events import Command, CommandAction, Event, Lap, Sample, Start, Tick
from server.engine.fatigue import Advice, FatigueSettings
from server.engine.settings import CuePreferences, EngineSettings, Units, Venue
from server.engine.summary import RepResult, SessionSummary
from server.engine.transitions import SessionStatus

__all__ = [
    "Advice",
    "AlertSettings",
    "Beep",
    "Command",
    "CuePreferences",
    "CommandAction",
    "CommandNotAllowed",
    "Cue",
    "CueKind",
    "EngineError",
    "EngineSettings",
    "Event",
    "EventOutOfOrder",
    "FatigueSettings",
    "InvalidEvent",
    "Lap",
    "Phase",
    "Priority",
    "RepResult",
    "Sample",
    "SessionEngine",
    "SessionState",
    "SessionStatus",
    "SessionSummary",
    "Start",
    "Tick",
    "Units",
    "Venue",
    "Vibration",
    "replay",
]
