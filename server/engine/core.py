"""What every part of the engine's machine shares: the plan, the settings, the state, the output.

The machine is one class (`SessionEngine`) written in a few modules by concept: how steps
follow each other and what is said around them (`steps.py`), what inputs do (`inputs.py`), and
the public face with time and commands (`engine.py`). This base holds what they share and the
two helpers they all use, so each module reads on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.engine.cues import Beep, Cue, CueKind, Priority
from server.engine.settings import EngineSettings
from server.engine.state import EngineState
from server.engine.summary import SessionSummary, summarize
from server.engine.transitions import SessionStatus
from server.workouts import (
    ExpandedStep,
    ResolvedCadence,
    ResolvedHeartRate,
    ResolvedPace,
    ResolvedWorkout,
)

__all__ = ["EngineCore", "StepTargets"]


@dataclass(frozen=True, slots=True)
class StepTargets:
    """A step's targets sorted by what checks them, worked out once per plan (not per sample)."""

    pace: ResolvedPace | None
    heart_rate: tuple[ResolvedHeartRate, ...]
    cadence: tuple[ResolvedCadence, ...]

    @classmethod
    def of(cls, step: ExpandedStep) -> StepTargets:
        """Sort one step's targets (a pace, an HR ceiling and a cadence may stand together)."""
        pace = step.target if isinstance(step.target, ResolvedPace) else None
        return cls(
            pace=pace,
            heart_rate=tuple(t for t in step.targets if isinstance(t, ResolvedHeartRate)),
            cadence=tuple(t for t in step.targets if isinstance(t, ResolvedCadence)),
        )


class EngineCore:
    """The engine's fields, and how a cue is said and the step clock read."""

    plan: ResolvedWorkout
    settings: EngineSettings
    _steps: tuple[ExpandedStep, ...]
    _targets: tuple[StepTargets, ...]
    _lane_factor: float
    _s: EngineState
    _out: list[Cue]

    def _say(
        self,
        kind: CueKind,
        due: float,
        priority: Priority,
        text: str,
        vibration: tuple[int, ...] = (),
        beep: Beep | None = None,
        *,
        cancels: tuple[str, ...] = (),
        step: ExpandedStep | None = None,
    ) -> Cue:
        """Give a cue; `step` is the step it speaks of, the current one unless said."""
        s = self._s
        if step is None and 0 <= s.index < len(self._steps):
            step = self._steps[s.index]
        return s.announcer.emit(
            self._out,
            self.settings.cues,
            s.now,
            kind=kind,
            due=due,
            priority=priority,
            text=text,
            vibration=vibration,
            beep=beep,
            cancels=cancels,
            step_index=step.index if step is not None else None,
            rep=step.rep if step is not None else None,
        )

    def summary(self) -> SessionSummary:
        """Results so far: every rep against its target, compliance and the fatigue verdict."""
        return summarize(
            self._steps,
            self._s.records,
            self._s.fatigue,
            pace_tolerance_s_per_km=self.plan.athlete.pace_tolerance_s_per_km,
            lane_factor=self._lane_factor,
            units=self.settings.units,
            venue=self.settings.venue,
        )

    def _active(self, t: float) -> float:
        """Seconds the current step has run by `t`, pauses left out."""
        return self._s.clock.active(t, paused=self._s.status is SessionStatus.PAUSED)

    def _cancel_pending(self) -> None:
        """Withdraw every cue announced ahead (a pause, a skip, an extension changed time)."""
        ids = self._s.announcer.withdraw()
        if ids:
            self._say(CueKind.CANCEL, self._s.now, Priority.STEP, "", cancels=ids)
        self._s.next_announced = False
