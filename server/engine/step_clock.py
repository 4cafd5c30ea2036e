"""The step clock: when the current step started, how long it has run, and when it must end.

Pauses stop the clock, an extension moves a rest's end, a lead-in counts in to a rep. The clock
only answers questions ("active for 42 s", "deadline at 723 s"); the engine decides what a
deadline means. It is plain data so that it serialises with the engine's state.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import assert_never

from server.workouts import (
    DistanceDuration,
    ExpandedStep,
    HeartRateDuration,
    LapButtonDuration,
    TimeDuration,
)

__all__ = ["Phase", "StepClock"]


class Phase(StrEnum):
    """Within a running session: counting in to a rep, or in a step."""

    LEAD_IN = "lead_in"
    STEP = "step"


@dataclass(slots=True)
class StepClock:
    """Times on the session clock for the step under way."""

    phase: Phase | None = None
    started: float = 0.0
    paused_total: float = 0.0
    pause_began: float = 0.0
    extension: float = 0.0
    lead_in_until: float = 0.0

    def start(self, at: float) -> None:
        """A step starts at `at`: no pause, no extension yet."""
        self.phase = Phase.STEP
        self.started = at
        self.paused_total = 0.0
        self.extension = 0.0

    def active(self, t: float, *, paused: bool) -> float:
        """Seconds the step has run by `t`, pauses left out."""
        stopped = self.paused_total + (t - self.pause_began if paused else 0.0)
        return t - self.started - stopped

    def deadline(self, step: ExpandedStep) -> float | None:
        """When the step (or the lead-in) ends by time; None when only an input can end it."""
        if self.phase is Phase.LEAD_IN:
            return self.lead_in_until
        duration = step.duration
        match duration:
            case TimeDuration():
                return self.started + self.paused_total + duration.seconds + self.extension
            case HeartRateDuration():  # recover until heart rate drops, never past the cap
                return self.started + self.paused_total + duration.cap_seconds
            case DistanceDuration() | LapButtonDuration():
                return None  # only an input (a sample, a press) ends these
            case _:
                assert_never(duration)
