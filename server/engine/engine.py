"""The session engine: a pure, deterministic state machine that runs a resolved workout.

Events in (`Start`, `Tick`, `Sample`, `Lap`, `Command`), cues out; `next_deadline()` says when it
next needs waking. It owns no clock and does no I/O, but it owns its time: before it acts on any
event, it processes every deadline that has passed, each at its own instant, with its clock
standing at that instant. A `Tick` only wakes it. So the logged inputs alone (no ticks) replay
to exactly the live run, however late or often the live scheduler woke it, and nothing outside
the engine needs to know its timing rule.

Its state is one value (`EngineState`) that serialises to JSON and restores to the same engine.
The parts (step clock, odometer, announcer, alarms, fatigue, summary) hold facts; this class
decides what follows from them.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from server.engine.core import StepTargets
from server.engine.cues import Cue, CueKind, Priority, Vibration
from server.engine.errors import CommandNotAllowed, EventOutOfOrder
from server.engine.events import Command, CommandAction, Event, Lap, Sample, Start
from server.engine.inputs import SampleHandling
from server.engine.settings import EngineSettings
from server.engine.state import EngineState, dump_state, load_state
from server.engine.step_clock import Phase
from server.engine.summary import StepRecord
from server.engine.transitions import SessionStatus, next_status
from server.workouts import ResolvedWorkout, StepKind, TimeDuration
from server.workouts.track import TRACK_LAP_M, lane_lap_metres

__all__ = ["Phase", "SessionEngine", "SessionState", "replay"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionState:
    """A snapshot of the session at the engine's clock; equal runs give equal snapshots."""

    status: SessionStatus
    now: float
    step_index: int | None
    step_count: int
    phase: Phase | None
    kind: StepKind | None
    rep: int | None
    reps: int | None
    step_started_at: float | None
    active_s: float
    remaining_s: float | None
    metres: float
    target_metres: float | None
    extension_s: float
    laps_in_step: int
    calibration_factor: float
    next_deadline: float | None


class SessionEngine(SampleHandling):
    """Runs one resolved workout. Feed it events with `handle`; it returns the cues to give."""

    def __init__(
        self,
        plan: ResolvedWorkout,
        settings: EngineSettings | None = None,
        *,
        state: EngineState | None = None,
    ) -> None:
        self.plan = plan
        self.settings = settings or EngineSettings()
        self._steps = plan.steps
        self._targets = tuple(StepTargets.of(step) for step in plan.steps)
        # On a track, distances are counted by the marks (lane 1); a stream reports the metres
        # actually run, which in an outer lane are longer by this factor.
        self._lane_factor = (
            lane_lap_metres(plan.lane) / TRACK_LAP_M if self.settings.on_track else 1.0
        )
        self._s = state if state is not None else EngineState.new(self.settings, self._lane_factor)
        self._out: list[Cue] = []

    # --- the state as a value ------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The engine's whole state as JSON-ready data (the plan and settings are kept apart)."""
        return dump_state(self._s)

    @classmethod
    def restore(
        cls, plan: ResolvedWorkout, settings: EngineSettings | None, data: dict[str, Any]
    ) -> SessionEngine:
        """An engine that continues exactly where the one that made `data` was."""
        return cls(plan, settings, state=load_state(data))

    # --- the public face -------------------------------------------------------------------

    @property
    def now(self) -> float:
        """The engine's clock: the time of the last event it handled."""
        return self._s.now

    @property
    def status(self) -> SessionStatus:
        """Where the session is: ready, running, paused or finished."""
        return self._s.status

    def handle(self, event: Event) -> list[Cue]:
        """Apply one event; return the cues it produces (some due later, announced ahead).

        Deadlines that passed before the event are processed first, each at its own instant.
        An event the session does not take raises an `EngineError` and changes nothing.
        """
        s = self._s
        if isinstance(event, Start | Command):
            self.check(event)  # a refused event changes nothing, not even the clock
        elif event.t < s.now:
            raise EventOutOfOrder(event.t, s.now)
        self._wake(event.t)
        if isinstance(event, Start):
            s.status = next_status(s.status, "start")
            self._start(event.t)
        elif isinstance(event, Command):
            self._command(event)
        elif s.status is SessionStatus.RUNNING or s.status is SessionStatus.PAUSED:
            index = s.index
            if isinstance(event, Sample):
                self._sample(event)
            elif isinstance(event, Lap):
                self._lap(event.t)
            if s.index != index:
                self._wake(event.t)  # the step that began just now may have its deadline passed
        out, self._out = self._out, []
        return out

    def check(self, event: Event) -> None:
        """Raise the error `handle` would raise for this event, changing nothing."""
        if event.t < self._s.now:
            raise EventOutOfOrder(event.t, self._s.now)
        if not isinstance(event, Start | Command):
            return  # samples, laps and ticks are taken in every state
        probe = self
        deadline = self.next_deadline()
        if deadline is not None and deadline <= event.t:
            # Judged where the session will be at its time, after the deadlines before it (the
            # rest that ended a moment ago cannot be extended): on a copy of the state value.
            probe = SessionEngine(self.plan, self.settings, state=copy.deepcopy(self._s))
            probe._wake(event.t)
        if isinstance(event, Start):
            next_status(probe._s.status, "start")
        else:
            probe._check_command(event)

    def next_deadline(self) -> float | None:
        """When the engine next has something to do by time, or None while nothing is."""
        s = self._s
        if s.status is not SessionStatus.RUNNING or s.clock.phase is None:
            return None
        return s.clock.deadline(self._steps[s.index])

    def state(self) -> SessionState:
        """A snapshot of where the session stands now."""
        s = self._s
        in_step = s.clock.phase is Phase.STEP
        step = self._steps[s.index] if 0 <= s.index < len(self._steps) else None
        active = self._active(s.now) if in_step else 0.0
        deadline = self.next_deadline()
        remaining = None
        target_metres = None
        if step is not None and in_step:
            if deadline is not None:
                remaining = deadline - s.now  # exact: the clock never passes a deadline
            elif isinstance(step.duration, TimeDuration):
                remaining = step.duration.seconds + s.clock.extension - active
            elif step.duration.type == "heart_rate":
                remaining = step.duration.cap_seconds - active
            elif step.duration.type == "distance":
                target_metres = step.duration.metres
        return SessionState(
            status=s.status,
            now=s.now,
            step_index=s.index if step is not None else None,
            step_count=len(self._steps),
            phase=s.clock.phase,
            kind=step.kind if step is not None else None,
            rep=step.rep if step is not None else None,
            reps=step.reps if step is not None else None,
            step_started_at=s.clock.started if in_step else None,
            active_s=active,
            remaining_s=remaining,
            metres=max(s.odometer.metres, 0.0) + 0.0 if in_step else 0.0,
            target_metres=target_metres,
            extension_s=s.clock.extension,
            laps_in_step=s.odometer.presses,
            calibration_factor=s.odometer.calibration.factor,
            next_deadline=deadline,
        )

    def pending_cues(self) -> tuple[Cue, ...]:
        """Cues announced ahead that are still to come and not withdrawn: what a client that
        joins now must schedule."""
        return tuple(cue for cue in self._s.announcer.pending if cue.due > self._s.now)

    def records(self) -> tuple[StepRecord, ...]:
        """Every step as it was run so far (copies: the engine's own stay private)."""
        return tuple(replace(record, laps=list(record.laps)) for record in self._s.records)

    # --- time ------------------------------------------------------------------------------

    def _wake(self, t: float) -> None:
        """Act on every deadline up to `t`, each at its own instant, then stand at `t`."""
        s = self._s
        while s.status is SessionStatus.RUNNING and s.clock.phase is not None:
            deadline = s.clock.deadline(self._steps[s.index])
            if deadline is None or deadline > t:
                break
            s.now = deadline  # the clock stands at the deadline while the engine acts on it
            if s.clock.phase is Phase.LEAD_IN:
                self._start_step(deadline, announced=True)
            else:
                self._finish_step(deadline)
        s.now = t
        s.announcer.forget_past(t)

    # --- commands --------------------------------------------------------------------------

    def _check_command(self, command: Command) -> None:
        s = self._s
        next_status(s.status, command.action.value)
        if command.action is not CommandAction.EXTEND:
            return
        step = self._steps[s.index] if 0 <= s.index < len(self._steps) else None
        if (
            step is None
            or s.clock.phase is not Phase.STEP
            or step.kind not in (StepKind.RECOVERY, StepKind.REST)
            or not isinstance(step.duration, TimeDuration)
        ):
            raise CommandNotAllowed(
                "extend", s.status.value, "only a timed recovery or rest can be extended"
            )

    def _command(self, command: Command) -> None:
        s = self._s
        t = command.t
        action = command.action
        new_status = next_status(s.status, action.value)
        if action is CommandAction.PAUSE:
            self._cancel_pending()
            s.status = new_status
            s.clock.pause_began = t
            self._say(CueKind.PAUSED, t, Priority.STEP, "Paused.", Vibration.STEP)
        elif action is CommandAction.RESUME:
            s.status = new_status
            if s.clock.phase is Phase.LEAD_IN:
                s.clock.lead_in_until = t + self._lead_in_length()
            else:
                s.clock.paused_total += t - s.clock.pause_began
                # Running starts again here: a mark passed next is interpolated from now.
                s.odometer.last_point = (t, s.odometer.metres)
            self._say(CueKind.RESUMED, t, Priority.STEP, "Resumed.", Vibration.STEP)
            self._announce_ahead()
        elif action is CommandAction.SKIP:
            self._cancel_pending()
            if s.clock.phase is Phase.LEAD_IN:
                # The rep never started; it still stands in the results, as skipped.
                s.records.append(StepRecord(index=s.index, started_at=t, ended_at=t, skipped=True))
                self._begin(s.index + 1, t, announced=False)
            else:
                self._finish_step(t, skipped=True)
        elif action is CommandAction.EXTEND:
            self._extend(command.seconds, t)
        else:
            self._cancel_pending()
            record = s.record
            if record is not None and s.clock.phase is Phase.STEP:
                record.ended_at = t
                record.active_s = self._active(t)
                record.metres = max(s.odometer.metres, 0.0) + 0.0
                record.skipped = True
            s.status = new_status
            self._finish_session(t, completed=False)


def replay(
    plan: ResolvedWorkout, events: Iterable[Event], settings: EngineSettings | None = None
) -> tuple[SessionEngine, list[Cue]]:
    """Run `events` through a new engine; the same events always give the same result.

    The log holds inputs only: the engine processes the deadlines between them itself.
    """
    engine = SessionEngine(plan, settings)
    cues: list[Cue] = []
    for event in events:
        cues.extend(engine.handle(event))
    return engine, cues
