"""The session engine: a pure, deterministic state machine that runs a resolved workout.

Events in (`Start`, `Tick`, `Sample`, `Lap`, `Command`), cues out; `next_deadline()` says when it
next needs a tick. It owns no clock and does no I/O: time is whatever the events say. The same
events always give the same cues (same ids) and the same state, so a session replayed from its
event log continues exactly where it was.

Timing is exact by construction: a step that ends by time ends at its planned instant even when
the tick arrives late, and the next step starts at that same instant, so countdowns announced
ahead reach zero exactly at the rep start and a whole time-based workout lasts exactly its plan.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from server.engine.alerts import Deviation, SmoothedAlarm
from server.engine.calibration import FootpodCalibration
from server.engine.cues import Beep, Cue, CueKind, Priority, Vibration
from server.engine.errors import CommandNotAllowed, EventOutOfOrder
from server.engine.events import Command, CommandAction, Event, Lap, Sample, Start
from server.engine.fatigue import Advice, RepEffort, assess
from server.engine.settings import EngineSettings
from server.engine.summary import SessionSummary, StepRecord, summarize
from server.engine.transitions import SessionStatus, next_status
from server.engine.wording import (
    say_duration,
    say_pace,
    split_text,
    step_end_text,
    step_start_text,
)
from server.workouts import (
    DistanceDuration,
    ExpandedStep,
    HeartRateDuration,
    HrDirection,
    LapButtonDuration,
    ResolvedHeartRate,
    ResolvedPace,
    ResolvedWorkout,
    StepKind,
    TimeDuration,
)
from server.workouts.track import TRACK_LAP_M, lane_lap_metres

__all__ = ["Phase", "SessionEngine", "SessionState", "replay"]

_COUNTDOWN_BEEP = Beep(frequency_hz=660, duration_ms=120)
_GO_BEEP = Beep(frequency_hz=1320, duration_ms=400)
_ALERT_BEEP = Beep(frequency_hz=440, duration_ms=150, count=2)
_HR_READY_GRACE_S = 5.0
_FORGOT_TO_PRESS = 1.1  # on a track, a stream 10 % past the rep ends it without a press


class Phase(StrEnum):
    """Within a running session: counting in to a rep, or in a step."""

    LEAD_IN = "lead_in"
    STEP = "step"


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


class SessionEngine:
    """Runs one resolved workout. Feed it events with `handle`; it returns the cues to give."""

    def __init__(self, plan: ResolvedWorkout, settings: EngineSettings | None = None) -> None:
        self.plan = plan
        self.settings = settings or EngineSettings()
        self._steps = plan.steps
        # On a track, distances are counted by the marks (lane 1); a stream reports the metres
        # actually run, which in an outer lane are longer by this factor.
        self._lane_factor = (
            lane_lap_metres(plan.lane) / TRACK_LAP_M if self.settings.on_track else 1.0
        )
        self._status = SessionStatus.READY
        self._now = 0.0
        self._index = -1
        self._phase: Phase | None = None
        self._lead_in_until = 0.0
        self._step_started = 0.0
        self._paused_total = 0.0
        self._pause_began = 0.0
        self._extension = 0.0
        self._metres = 0.0
        self._presses = 0
        self._next_split = 0
        self._halfway_said = False
        self._next_announced = False
        self._last_point: tuple[float, float] | None = None  # (t, metres) of the last sample
        self._distance_source: str | None = None
        self._source_totals: dict[str, float] = {}
        self._raw_since_press = 0.0
        self._overshoot = 0.0  # marks run past a distance step's end, owed to the next step
        self._stream_speed: tuple[float, float] | None = None  # (t, raw m/s) of the stream
        self._calibration = FootpodCalibration()
        self._pace_alarm = SmoothedAlarm(self.settings.pace_alert)
        self._hr_alarm = SmoothedAlarm(self.settings.hr_alert)
        self._records: list[StepRecord] = []
        self._record: StepRecord | None = None
        self._efforts: dict[int, list[RepEffort]] = {}
        self._advised: set[tuple[int, Advice]] = set()
        self._fatigue_verdict: str | None = None
        self._pending: list[Cue] = []
        self._out: list[Cue] = []
        self._sequence = 0

    # --- the public face -------------------------------------------------------------------

    @property
    def now(self) -> float:
        """The engine's clock: the time of the last event it handled."""
        return self._now

    @property
    def status(self) -> SessionStatus:
        """Where the session is: ready, running, paused or finished."""
        return self._status

    def check(self, event: Event) -> None:
        """Raise the error `handle` would raise for this event, changing nothing."""
        if event.t < self._now:
            raise EventOutOfOrder(event.t, self._now)
        if isinstance(event, Start):
            next_status(self._status, "start")
        elif isinstance(event, Command):
            # A command is judged where the session will be at its time, after any deadline
            # that passed without a tick (the rest that ended a moment ago cannot be extended).
            probe = self._advanced_copy(event.t)
            next_status(probe._status, event.action.value)
            if event.action is CommandAction.EXTEND:
                probe._check_extend()

    def _advanced_copy(self, t: float) -> SessionEngine:
        deadline = self.next_deadline()
        if deadline is None or deadline > t:
            return self
        shared = {
            id(self.plan): self.plan,
            id(self._steps): self._steps,
            id(self.settings): self.settings,
        }
        probe = copy.deepcopy(self, shared)
        probe._now = t
        probe._advance(t)
        return probe

    def handle(self, event: Event) -> list[Cue]:
        """Apply one event; return the cues it produces (some due later, announced ahead)."""
        self.check(event)
        self._out = []
        self._now = event.t
        self._pending = [cue for cue in self._pending if cue.due > event.t]
        if isinstance(event, Start):
            self._start(event.t)
        elif isinstance(event, Command):
            self._advance(event.t)
            self._command(event)
        elif self._status is SessionStatus.RUNNING or self._status is SessionStatus.PAUSED:
            if self._status is SessionStatus.RUNNING:
                self._advance(event.t)
            if isinstance(event, Sample):
                self._sample(event)
            elif isinstance(event, Lap):
                self._lap(event.t)
            if self._status is SessionStatus.RUNNING:
                self._advance(event.t)  # a step that ended just now may have its deadline passed
        return self._out

    def next_deadline(self) -> float | None:
        """When the engine next needs a `Tick`, or None while nothing is due by time."""
        if self._status is not SessionStatus.RUNNING or self._phase is None:
            return None
        if self._phase is Phase.LEAD_IN:
            return self._lead_in_until
        duration = self._steps[self._index].duration
        if isinstance(duration, TimeDuration):
            return self._step_started + self._paused_total + duration.seconds + self._extension
        if isinstance(duration, HeartRateDuration):
            return self._step_started + self._paused_total + duration.cap_seconds
        return None

    def state(self) -> SessionState:
        """A snapshot of where the session stands now."""
        step = self._steps[self._index] if 0 <= self._index < len(self._steps) else None
        active = self._active(self._now) if self._phase is Phase.STEP else 0.0
        remaining = None
        target_metres = None
        if step is not None and self._phase is Phase.STEP:
            deadline = self.next_deadline()
            if deadline is not None:
                remaining = deadline - self._now  # exact: the clock never passes a deadline
            elif isinstance(step.duration, TimeDuration):
                remaining = step.duration.seconds + self._extension - active
            elif isinstance(step.duration, HeartRateDuration):
                remaining = step.duration.cap_seconds - active
            elif isinstance(step.duration, DistanceDuration):
                target_metres = step.duration.metres
        return SessionState(
            status=self._status,
            now=self._now,
            step_index=self._index if step is not None else None,
            step_count=len(self._steps),
            phase=self._phase,
            kind=step.kind if step is not None else None,
            rep=step.rep if step is not None else None,
            reps=step.reps if step is not None else None,
            step_started_at=self._step_started if self._phase is Phase.STEP else None,
            active_s=active,
            remaining_s=remaining,
            metres=self._metres if self._phase is Phase.STEP else 0.0,
            target_metres=target_metres,
            extension_s=self._extension,
            laps_in_step=self._presses,
            calibration_factor=self._calibration.factor,
            next_deadline=self.next_deadline(),
        )

    def pending_cues(self) -> tuple[Cue, ...]:
        """Cues announced ahead that are still to come and not withdrawn: what a client that
        joins now must schedule."""
        return tuple(cue for cue in self._pending if cue.due > self._now)

    def records(self) -> tuple[StepRecord, ...]:
        """Every step as it was run so far (copies: the engine's own stay private)."""
        return tuple(replace(record, laps=list(record.laps)) for record in self._records)

    def summary(self) -> SessionSummary:
        """Results so far: every rep against its target, compliance and the fatigue verdict."""
        return summarize(
            self._steps,
            self._records,
            self._fatigue_verdict,
            self.plan.athlete.pace_tolerance_s_per_km,
            self._lane_factor,
        )

    # --- time ------------------------------------------------------------------------------

    def _active(self, t: float) -> float:
        paused = self._paused_total
        if self._status is SessionStatus.PAUSED:
            paused += t - self._pause_began
        return t - self._step_started - paused

    def _advance(self, t: float) -> None:
        """Act on every deadline up to `t`, each at its own instant (late ticks change nothing)."""
        while self._status is SessionStatus.RUNNING:
            deadline = self.next_deadline()
            if deadline is None or deadline > t:
                return
            if self._phase is Phase.LEAD_IN:
                self._start_step(deadline, announced=True)
            else:
                self._finish_step(deadline)

    # --- cues ------------------------------------------------------------------------------

    def _emit(
        self,
        kind: CueKind,
        due: float,
        priority: Priority,
        text: str,
        vibration: tuple[int, ...] = (),
        beep: Beep | None = None,
        cancels: tuple[str, ...] = (),
        step: ExpandedStep | None = None,
    ) -> Cue:
        """Give a cue; `step` is the step it speaks of, the current one unless said."""
        self._sequence += 1
        if step is None and 0 <= self._index < len(self._steps):
            step = self._steps[self._index]
        cue = Cue(
            id=f"c{self._sequence}",
            kind=kind,
            due=due,
            priority=priority,
            text=text,
            vibration=vibration,
            beep=beep,
            step_index=step.index if step is not None else None,
            rep=step.rep if step is not None else None,
            cancels=cancels,
        )
        self._out.append(cue)
        if due > self._now:
            self._pending.append(cue)
        return cue

    def _cancel_pending(self) -> None:
        if self._pending:
            ids = tuple(cue.id for cue in self._pending)
            self._pending = []
            self._emit(CueKind.CANCEL, self._now, Priority.STEP, "", cancels=ids)
        self._next_announced = False

    def _start_cue(self, step: ExpandedStep, due: float) -> None:
        work = step.kind is StepKind.WORK
        self._emit(
            CueKind.STEP_START,
            due,
            Priority.STEP,
            step_start_text(step, self.settings.units),
            Vibration.GO if work else Vibration.STEP,
            _GO_BEEP if work else Beep(),
            step=step,
        )

    def _announce_ahead(self) -> None:
        """Cues whose time is known now: lead-in, halfway, rest countdown, the next start."""
        now = self._now
        if self._phase is Phase.LEAD_IN:
            for count in range(self.settings.lead_in_s, 0, -1):
                due = self._lead_in_until - count
                if due >= now:
                    self._countdown(str(count), due)
            self._start_cue(self._steps[self._index], self._lead_in_until)
            return
        step = self._steps[self._index]
        if not isinstance(step.duration, TimeDuration):
            return
        total = step.duration.seconds + self._extension
        start = self._step_started + self._paused_total
        end = start + total
        halfway = start + total / 2
        if step.kind is StepKind.WORK and total >= 60 and halfway >= now:
            self._emit(CueKind.HALFWAY, halfway, Priority.NORMAL, "Halfway.")
        following = self._steps[self._index + 1] if self._index + 1 < len(self._steps) else None
        if following is None:
            return
        if following.kind is StepKind.WORK:
            if total >= 20 and end - 10 >= now:
                self._countdown("10 seconds.", end - 10)
            for count in range(5, 0, -1):
                if count < total and end - count >= now:
                    self._countdown(str(count), end - count)
        self._start_cue(following, end)
        self._next_announced = True

    def _countdown(self, text: str, due: float) -> None:
        self._emit(CueKind.COUNTDOWN, due, Priority.STEP, text, Vibration.TICK, _COUNTDOWN_BEEP)

    # --- steps -----------------------------------------------------------------------------

    def _start(self, t: float) -> None:
        self._status = SessionStatus.RUNNING
        self._emit(
            CueKind.SESSION_START,
            t,
            Priority.STEP,
            f"{self.plan.workout.name or 'Session'}. Let's go.",
        )
        self._begin(0, t, announced=False)

    def _begin(self, index: int, at: float, *, announced: bool) -> None:
        """Move to step `index` at `at`: count in to a rep unless its start was announced."""
        self._index = index
        self._next_announced = False
        if index >= len(self._steps):
            self._finish_session(at, completed=True)
            return
        step = self._steps[index]
        if step.kind is StepKind.WORK and not announced and self.settings.lead_in_s > 0:
            self._phase = Phase.LEAD_IN
            self._overshoot = 0.0  # rolling to the line does not count toward the rep
            # Counted from now at the earliest, so that "3" is never announced in the past.
            self._lead_in_until = max(at, self._now) + self.settings.lead_in_s
            self._announce_ahead()
            return
        self._start_step(at, announced=announced)

    def _start_step(self, at: float, *, announced: bool) -> None:
        step = self._steps[self._index]
        self._phase = Phase.STEP
        self._step_started = at
        self._paused_total = 0.0
        self._extension = 0.0
        self._presses = 0
        self._next_split = 0
        self._halfway_said = False
        if self._overshoot > 0:
            self._metres = self._overshoot
            self._raw_since_press = self._overshoot * self._lane_factor / self._calibration.factor
        else:
            raw, marks = self._stream_before(at)
            self._metres = -marks
            self._raw_since_press = -raw
        self._overshoot = 0.0
        self._last_point = (at, self._metres)
        self._pace_alarm.reset()
        self._hr_alarm.reset()
        self._record = StepRecord(index=self._index, started_at=at)
        self._records.append(self._record)
        if not announced:
            self._start_cue(step, at)
        self._announce_ahead()

    def _stream_before(self, at: float) -> tuple[float, float]:
        """Raw metres and marks the stream will report for the time before `at`.

        A stream reports about once a second; the next report after `at` covers some running
        done before it, which belongs to what ended at `at`, so it is estimated now and taken
        off the next count.
        """
        if self._stream_speed is None or self._distance_source is None:
            return 0.0, 0.0
        since, speed = self._stream_speed
        raw = speed * min(max(at - since, 0.0), 2.0)
        factor = self._calibration.factor if self._distance_source.startswith("footpod") else 1.0
        return raw, raw * factor / self._lane_factor

    def _finish_step(self, at: float, *, skipped: bool = False) -> None:
        step = self._steps[self._index]
        record = self._record
        announced = self._next_announced
        if record is not None and self._phase is Phase.STEP:
            record.ended_at = at
            record.active_s = self._active(at)
            record.metres = self._metres
            record.skipped = skipped
            if step.kind is StepKind.WORK and not skipped:
                self._rep_done(step, record, at)
        self._record = None
        self._begin(self._index + 1, at, announced=announced)

    def _rep_done(self, step: ExpandedStep, record: StepRecord, at: float) -> None:
        expected = step.splits[-1].seconds if step.splits else None
        marks = record.metres
        if isinstance(step.duration, DistanceDuration):
            marks = step.duration.metres
        run_metres = marks * self._lane_factor
        self._emit(
            CueKind.STEP_END,
            at,
            Priority.NORMAL,
            step_end_text(step, self.settings.units, record.active_s, run_metres, expected),
            Vibration.STEP,
        )
        if run_metres <= 0 or record.active_s <= 0 or not self.settings.cues.fatigue_checks:
            return
        # Speed against the rep's own target, so a ladder's T-pace rep is not a "fade".
        speed = run_metres / record.active_s
        if isinstance(step.target, ResolvedPace):
            speed *= step.target.middle_s_per_km / 1000
        efforts = self._efforts.setdefault(step.block_index, [])
        efforts.append(RepEffort(speed, record.hr_avg))
        verdict = assess(efforts, self.settings.fatigue)
        remaining = (step.reps or 0) - (step.rep or 0)
        if verdict is None or remaining <= 0:
            return
        advice, amount = verdict
        self._fatigue_verdict = f"{advice.value}: {amount:.1f} %"
        if (step.block_index, advice) in self._advised:
            return
        self._advised.add((step.block_index, advice))
        texts = {
            Advice.EASE: f"Pace has faded {amount:.0f} percent from your first reps."
            " Ease into the next one and hold your form.",
            Advice.STOP: f"Pace has faded {amount:.0f} percent. Good work today:"
            " make the next rep your last, or jog the rest. Form over heroics.",
            Advice.RECOVER: f"Heart rate is up {amount:.0f} percent at the same pace."
            " Take the full recovery and relax.",
        }
        self._emit(CueKind.FATIGUE, at, Priority.ALERT, texts[advice], Vibration.ALERT)

    def _finish_session(self, at: float, *, completed: bool) -> None:
        self._status = SessionStatus.FINISHED
        self._phase = None
        reps = [result for result in self.summary().reps if not result.skipped]
        on_target = sum(1 for result in reps if result.on_target)
        judged = sum(1 for result in reps if result.on_target is not None)
        opening = "Session complete." if completed else "Session ended."
        score = f" {on_target} of {judged} reps on target." if judged else ""
        self._emit(
            CueKind.SESSION_END, at, Priority.STEP, f"{opening}{score} Well done.", Vibration.DONE
        )

    # --- inputs ----------------------------------------------------------------------------

    def _sample(self, sample: Sample) -> None:
        in_step = self._phase is Phase.STEP and self._status is SessionStatus.RUNNING
        step = self._steps[self._index] if in_step else None
        if sample.hr is not None and self._record is not None and in_step:
            self._record.add_hr(sample.hr)
        record = self._record
        if sample.distance is not None:
            self._distance(sample, step)
        if step is None or self._record is not record or self._status is not SessionStatus.RUNNING:
            return  # no step, or the sample's distance just ended it
        active = self._active(sample.t)
        speed = sample.speed
        if speed is not None and sample.source.startswith("footpod"):
            speed *= self._calibration.factor
        target = step.target
        if (
            speed is not None
            and self.settings.cues.pace_alerts
            and step.kind is StepKind.WORK
            and isinstance(target, ResolvedPace)
        ):
            slow, fast = 1000 / target.slow_s_per_km, 1000 / target.fast_s_per_km
            alert = self._pace_alarm.observe(active, speed, slow, fast)
            if alert is not None:
                self._pace_alert(alert[0], alert[1], target, sample.t)
        if sample.hr is not None:
            if (
                self.settings.cues.hr_alerts
                and isinstance(target, ResolvedHeartRate)
                and step.kind not in (StepKind.RECOVERY, StepKind.REST)
            ):
                alert = self._hr_alarm.observe(
                    active, float(sample.hr), target.low_bpm, target.high_bpm
                )
                if alert is not None and alert[0] is Deviation.HIGH:
                    self._emit(
                        CueKind.HR_ALERT,
                        sample.t,
                        Priority.ALERT,
                        f"Heart rate {round(alert[1])}, above {target.high_bpm}. Ease off.",
                        Vibration.ALERT,
                        _ALERT_BEEP,
                    )
            self._heart_rate_step(step, sample.hr, active, sample.t)

    def _pace_alert(self, side: Deviation, speed: float, target: ResolvedPace, t: float) -> None:
        units = self.settings.units
        pace = say_pace(1000 / speed, units) if speed > 0.3 else "barely moving"
        if side is Deviation.HIGH:
            text = f"Too fast, {pace}. Ease off to {say_pace(target.fast_s_per_km, units)}."
        else:
            text = f"Too slow, {pace}. Pick it up to {say_pace(target.slow_s_per_km, units)}."
        self._emit(CueKind.PACE_ALERT, t, Priority.ALERT, text, Vibration.ALERT, _ALERT_BEEP)

    def _heart_rate_step(self, step: ExpandedStep, bpm: int, active: float, t: float) -> None:
        duration = step.duration
        if not isinstance(duration, HeartRateDuration) or active < _HR_READY_GRACE_S:
            return
        crossed = bpm < duration.bpm if duration.until is HrDirection.BELOW else bpm > duration.bpm
        if not crossed:
            return
        self._emit(CueKind.HR_READY, t, Priority.STEP, f"Heart rate {bpm}. Ready.", Vibration.STEP)
        self._finish_step(t)

    def _distance(self, sample: Sample, step: ExpandedStep | None) -> None:
        assert sample.distance is not None
        source = sample.source
        previous = self._source_totals.get(source)
        self._source_totals[source] = sample.distance
        if self._distance_source is None:
            self._distance_source = source
        if source != self._distance_source or previous is None:
            return
        delta = sample.distance - previous
        if sample.speed is not None:
            self._stream_speed = (sample.t, sample.speed)
        if delta <= 0 or step is None:
            return  # a sensor that restarted its count, or nothing to count it toward
        if source.startswith("footpod"):
            self._raw_since_press += delta
            delta *= self._calibration.factor
        metres_before = self._metres
        self._metres += delta / self._lane_factor
        t_before = self._last_point[0] if self._last_point is not None else sample.t
        self._last_point = (sample.t, self._metres)
        self._distance_progress(step, metres_before, t_before, sample.t)

    def _crossing(self, mark: float, metres_before: float, t_before: float, t: float) -> float:
        """When the runner passed `mark`, interpolated between the last two samples."""
        if self._metres <= metres_before:
            return t
        fraction = (mark - metres_before) / (self._metres - metres_before)
        return t_before + min(max(fraction, 0.0), 1.0) * (t - t_before)

    def _distance_progress(
        self, step: ExpandedStep, metres_before: float, t_before: float, t: float
    ) -> None:
        duration = step.duration
        if not isinstance(duration, DistanceDuration):
            return
        target = duration.metres
        if self.settings.cues.split_calls and step.kind is StepKind.WORK:
            while self._next_split < len(step.splits) - 1:
                split = step.splits[self._next_split]
                if self._metres < split.track_metres:
                    break
                self._next_split += 1
                if self.settings.on_track and split.track_metres % TRACK_LAP_M == 0:
                    continue  # the press at the line calls this one
                crossed = self._crossing(split.track_metres, metres_before, t_before, t)
                elapsed = crossed - self._step_started - self._paused_total
                self._emit(
                    CueKind.SPLIT,
                    t,
                    Priority.NORMAL,
                    split_text(split.track_metres, elapsed, split.seconds),
                )
        if (
            step.kind is StepKind.WORK
            and not self._halfway_said
            and target >= 800
            and self._metres >= target / 2
            and not any(abs(s.track_metres - target / 2) < 1 for s in step.splits[:-1])
        ):
            self._halfway_said = True
            self._emit(CueKind.HALFWAY, t, Priority.NORMAL, "Halfway.")
        if self.settings.on_track:
            if self._metres < target * _FORGOT_TO_PRESS:
                return
            # No press at the line: estimate when it was passed from the step's average speed.
            crossed = t - self._active(t) * (1 - target / self._metres)
        elif self._metres >= target:
            crossed = self._crossing(target, metres_before, t_before, t)
        else:
            return
        self._overshoot = self._metres - target if not self.settings.on_track else 0.0
        self._metres = target
        self._finish_step(crossed)

    def _lap(self, t: float) -> None:
        record = self._record
        if record is not None:
            record.laps.append(t)
        if self._phase is not Phase.STEP or self._status is not SessionStatus.RUNNING:
            return
        step = self._steps[self._index]
        duration = step.duration
        if isinstance(duration, LapButtonDuration):
            self._finish_step(t)
            return
        if not (isinstance(duration, DistanceDuration) and self.settings.on_track):
            self._emit(CueKind.LAP, t, Priority.INFO, "Lap.", Vibration.TICK)
            return
        self._presses += 1
        laps_needed = math.ceil(duration.metres / TRACK_LAP_M - 1e-9)
        previous_mark = min((self._presses - 1) * TRACK_LAP_M, duration.metres)
        mark = min(self._presses * TRACK_LAP_M, duration.metres)
        if self._presses >= laps_needed:
            mark = duration.metres
        ahead, _ = self._stream_before(t)
        footpod = bool(self._distance_source and self._distance_source.startswith("footpod"))
        if footpod:
            self._raw_since_press += ahead
        self._learn_calibration((mark - previous_mark) * self._lane_factor, t)
        raw, marks = self._stream_before(t)  # with the factor just learned
        self._raw_since_press = -raw
        self._metres = mark - marks
        self._last_point = (t, self._metres)
        if self._presses >= laps_needed:
            self._finish_step(t)
            return
        if self.settings.cues.split_calls and step.kind is StepKind.WORK:
            expected = next(
                (split.seconds for split in step.splits if abs(split.track_metres - mark) < 1), None
            )
            if expected is None and step.lap_seconds is not None:
                expected = step.lap_seconds * self._presses
            if expected is not None:
                elapsed = self._active(t)
                self._emit(CueKind.SPLIT, t, Priority.NORMAL, split_text(mark, elapsed, expected))
            splits = step.splits
            while (
                self._next_split < len(splits) - 1 and splits[self._next_split].track_metres <= mark
            ):
                self._next_split += 1

    def _learn_calibration(self, track_metres: float, t: float) -> None:
        raw = self._raw_since_press
        self._raw_since_press = 0.0
        before = self._calibration.factor
        if raw <= 0 or not self._calibration.add_lap(track_metres, raw):
            return
        after = self._calibration.factor
        if after != 1.0 and abs(after - before) / before > 0.01:
            percent = (after - 1) * 100
            direction = "short" if percent > 0 else "long"
            self._emit(
                CueKind.CALIBRATION,
                t,
                Priority.INFO,
                f"Footpod calibrated from {self._calibration.laps} laps:"
                f" it reads {abs(percent):.1f} percent {direction}.",
            )

    # --- commands --------------------------------------------------------------------------

    def _check_extend(self) -> None:
        step = self._steps[self._index] if 0 <= self._index < len(self._steps) else None
        if (
            step is None
            or self._phase is not Phase.STEP
            or step.kind not in (StepKind.RECOVERY, StepKind.REST)
            or not isinstance(step.duration, TimeDuration)
        ):
            raise CommandNotAllowed(
                "extend", self._status.value, "only a timed recovery or rest can be extended"
            )

    def _command(self, command: Command) -> None:
        t = command.t
        action = command.action
        new_status = next_status(self._status, action.value)
        if action is CommandAction.PAUSE:
            self._cancel_pending()
            self._status = new_status
            self._pause_began = t
            self._emit(CueKind.PAUSED, t, Priority.STEP, "Paused.", Vibration.STEP)
        elif action is CommandAction.RESUME:
            self._status = new_status
            if self._phase is Phase.LEAD_IN:
                self._lead_in_until = t + self.settings.lead_in_s
            else:
                self._paused_total += t - self._pause_began
            self._emit(CueKind.RESUMED, t, Priority.STEP, "Resumed.", Vibration.STEP)
            self._announce_ahead()
        elif action is CommandAction.SKIP:
            self._cancel_pending()
            if self._phase is Phase.LEAD_IN:
                # The rep never started; it still stands in the results, as skipped.
                self._records.append(
                    StepRecord(index=self._index, started_at=t, ended_at=t, skipped=True)
                )
                self._begin(self._index + 1, t, announced=False)
            else:
                self._finish_step(t, skipped=True)
        elif action is CommandAction.EXTEND:
            self._cancel_pending()
            self._extension += command.seconds
            remaining = self.next_deadline()
            left = (remaining - t) if remaining is not None else 0.0
            self._emit(
                CueKind.EXTENDED,
                t,
                Priority.STEP,
                f"Plus {say_duration(command.seconds)}. {say_duration(left)} to go.",
                Vibration.STEP,
            )
            self._announce_ahead()
        else:
            self._cancel_pending()
            if self._record is not None and self._phase is Phase.STEP:
                self._record.ended_at = t
                self._record.active_s = self._active(t)
                self._record.metres = self._metres
                self._record.skipped = True
            self._status = new_status
            self._finish_session(t, completed=False)


def replay(
    plan: ResolvedWorkout, events: Iterable[Event], settings: EngineSettings | None = None
) -> tuple[SessionEngine, list[Cue]]:
    """Run `events` through a new engine; the same events always give the same result."""
    engine = SessionEngine(plan, settings)
    cues: list[Cue] = []
    for event in events:
        cues.extend(engine.handle(event))
    return engine, cues
