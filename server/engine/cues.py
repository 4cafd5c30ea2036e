"""What the engine says: cues as data, for the phone, the watch and the bridge to act on.

A cue knows when it is due on the session clock, so a cue announced ahead (a countdown, the end
of a rest) is scheduled by the client on its own clock and network jitter never reaches the
runner. Ids are stable: replaying the same events gives the same ids, so clients drop repeats.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

__all__ = ["Beep", "Cue", "CueKind", "Priority", "Vibration"]


class CueKind(StrEnum):
    """What a cue is about."""

    SESSION_START = "session_start"
    PREVIEW = "preview"
    STEP_START = "step_start"
    COUNTDOWN = "countdown"
    HALFWAY = "halfway"
    SPLIT = "split"
    STEP_END = "step_end"
    PACE_ALERT = "pace_alert"
    HR_ALERT = "hr_alert"
    CADENCE_ALERT = "cadence_alert"
    HR_READY = "hr_ready"
    FATIGUE = "fatigue"
    CALIBRATION = "calibration"
    PAUSED = "paused"
    RESUMED = "resumed"
    EXTENDED = "extended"
    LAP = "lap"
    CANCEL = "cancel"
    SESSION_END = "session_end"


class Priority(IntEnum):
    """How much a cue matters; step changes are never dropped for a slow client."""

    INFO = 0
    NORMAL = 1
    ALERT = 2
    STEP = 3


class Vibration:
    """Vibration patterns in milliseconds (on, off, on, ...), as the Vibration API takes them."""

    TICK: tuple[int, ...] = (80,)
    GO: tuple[int, ...] = (400,)
    STEP: tuple[int, ...] = (200, 100, 200)
    ALERT: tuple[int, ...] = (100, 80, 100, 80, 100)
    DONE: tuple[int, ...] = (600, 150, 600)
    NONE: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Beep:
    """A beep to play at the cue's due time: pitch, length and how many."""

    frequency_hz: int = 880
    duration_ms: int = 150
    count: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Cue:
    """One thing to tell the runner, at `due` seconds on the session clock.

    `cancels` lists ids of cues announced earlier that no longer hold (after a pause, a skip or
    an extension); clients unschedule them.
    """

    id: str
    kind: CueKind
    due: float
    priority: Priority
    text: str
    vibration: tuple[int, ...] = ()
    beep: Beep | None = None
    step_index: int | None = None
    rep: int | None = None
    cancels: tuple[str, ...] = ()
    # The session time the engine decided this cue: before `due` for a cue announced ahead,
    # equal to it for one that reacts to an input or a deadline.
    emitted: float | None = None
