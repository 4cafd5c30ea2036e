"""How steps follow each other, and what is said around them.

Cues are written for the ear. A rep's details ("Next, rep 3 of 6: 400 metres in 94 seconds")
are said in the last seconds before it (during the recovery, or at the start of a count-in),
so that at zero there is only "Go" with the beep and the buzz. Timing is exact by construction:
a step that ends by time ends at its planned instant even when the engine is woken late, and
the next starts at that same instant, so a countdown announced ahead reaches zero exactly at
the rep start.
"""

from __future__ import annotations

from server.engine.core import EngineCore
from server.engine.cues import Beep, CueKind, Priority, Vibration
from server.engine.fatigue import Advice, RepEffort, advice_after, assess
from server.engine.step_clock import Phase
from server.engine.summary import (
    JUDGED_AFTER_S,
    FatigueNote,
    StepRecord,
    is_main_set,
    rep_verdict,
)
from server.engine.transitions import SessionStatus
from server.engine.verdict import judge_time
from server.engine.wording import (
    go_text,
    preview_text,
    say_duration,
    step_end_text,
    step_start_text,
)
from server.workouts import DistanceDuration, ExpandedStep, ResolvedPace, StepKind, TimeDuration

__all__ = ["BACKDATE_LIMIT_S", "PREVIEW_LEAD_S", "StepFlow"]

COUNTDOWN_BEEP = Beep(frequency_hz=660, duration_ms=120)
GO_BEEP = Beep(frequency_hz=1320, duration_ms=400)
PREVIEW_LEAD_S = 15.0
"""The next rep's details are said this long before a timed recovery ends."""
BACKDATE_LIMIT_S = 2.0
"""How far back a step may start: about two readings of a stream (see `Odometer`)."""
_PREVIEW_SAY_S = 4
"""A count-in that must also say the rep's details is longer by this much."""


class StepFlow(EngineCore):
    """Starting and ending steps, reps and the session, and the cues known ahead."""

    def _lead_in_length(self) -> float:
        """A count-in: the rep's details first, then 3, 2, 1 (none when switched off)."""
        if self.settings.lead_in_s <= 0:
            return 0.0
        return float(self.settings.lead_in_s + _PREVIEW_SAY_S)

    def _start(self, t: float) -> None:
        self._say(
            CueKind.SESSION_START, t, Priority.STEP, f"{self.plan.workout.name or 'Session'}."
        )
        self._begin(0, t, announced=False)

    def _begin(self, index: int, at: float, *, announced: bool) -> None:
        """Move to step `index` at `at`: count in to a rep unless its start was announced."""
        s = self._s
        s.index = index
        s.next_announced = False
        if index >= len(self._steps):
            self._finish_session(at, completed=True)
            return
        step = self._steps[index]
        lead_in = self._lead_in_length()
        if step.kind is StepKind.WORK and not announced and lead_in > 0:
            s.clock.phase = Phase.LEAD_IN
            s.odometer.overshoot = 0.0  # rolling to the line does not count toward the rep
            # Counted from now at the earliest (a step that ended by a backdated crossing ended
            # in the past), so that the rep is never named or counted in the past. `now` is
            # the input's time or the deadline being processed: the same live and in replay.
            s.clock.lead_in_until = max(at, s.now) + lead_in
            self._announce_ahead()
            return
        self._start_step(at, announced=announced)

    def _start_step(self, at: float, *, announced: bool) -> None:
        s = self._s
        step = self._steps[s.index]
        if at < s.now - BACKDATE_LIMIT_S:
            # A step after an end estimated well in the past (a track rep the runner forgot to
            # press) starts when the runner is told, so its countdown and "Go" are not in the
            # past. A crossing interpolated between two readings a second apart stays exact.
            at = s.now
        previewed = announced or s.clock.phase is Phase.LEAD_IN
        s.clock.start(at)
        s.next_split = 0
        s.halfway_said = False
        s.odometer.begin_step(at)
        s.pace_alarm.reset()
        s.hr_alarm.reset()
        s.cadence_alarm.reset()
        s.records.append(StepRecord(index=s.index, started_at=at))
        if not announced:
            self._start_cue(step, at, previewed=previewed)
        self._announce_ahead()

    def _start_cue(self, step: ExpandedStep, due: float, *, previewed: bool) -> None:
        if step.kind is StepKind.WORK:
            text = go_text(step, self.settings.units, previewed=previewed)
            self._say(
                CueKind.STEP_START, due, Priority.STEP, text, Vibration.GO, GO_BEEP, step=step
            )
        else:
            text = step_start_text(step, self.settings.units)
            self._say(
                CueKind.STEP_START, due, Priority.STEP, text, Vibration.STEP, Beep(), step=step
            )

    def _countdown(self, text: str, due: float) -> None:
        self._say(CueKind.COUNTDOWN, due, Priority.STEP, text, Vibration.TICK, COUNTDOWN_BEEP)

    def _preview(self, step: ExpandedStep, due: float) -> None:
        text = preview_text(step, self.settings.units)
        self._say(CueKind.PREVIEW, due, Priority.STEP, text, step=step)

    def _announce_ahead(self) -> None:
        """Cues whose time is known now: count-in, halfway, rest countdown, the next start."""
        s = self._s
        now = s.now
        if s.clock.phase is Phase.LEAD_IN:
            step = self._steps[s.index]
            until = s.clock.lead_in_until
            self._preview(step, max(now, until - self._lead_in_length()))
            for count in range(self.settings.lead_in_s, 0, -1):
                if until - count >= now:
                    self._countdown(str(count), until - count)
            self._start_cue(step, until, previewed=True)
            return
        step = self._steps[s.index]
        if not isinstance(step.duration, TimeDuration):
            return
        total = step.duration.seconds + s.clock.extension
        start = s.clock.started + s.clock.paused_total
        end = start + total
        halfway = start + total / 2
        if step.kind is StepKind.WORK and total >= 60 and halfway >= now:
            self._say(CueKind.HALFWAY, halfway, Priority.NORMAL, "Halfway.")
        following = self._steps[s.index + 1] if s.index + 1 < len(self._steps) else None
        if following is None:
            return
        if following.kind is StepKind.WORK:
            self._preview(following, max(now, end - PREVIEW_LEAD_S))
            if total >= 20 and end - 10 >= now:
                self._countdown("10 seconds.", end - 10)
            for count in range(5, 0, -1):
                if count < total and end - count >= now:
                    self._countdown(str(count), end - count)
            self._start_cue(following, end, previewed=True)
        else:
            self._start_cue(following, end, previewed=False)
        s.next_announced = True

    def _extend(self, seconds: float, t: float) -> None:
        self._cancel_pending()
        self._s.clock.extension += seconds
        deadline = self._s.clock.deadline(self._steps[self._s.index])
        left = (deadline - t) if deadline is not None else 0.0
        self._say(
            CueKind.EXTENDED,
            t,
            Priority.STEP,
            f"Plus {say_duration(seconds)}. {say_duration(left)} to go.",
            Vibration.STEP,
        )
        self._announce_ahead()

    def _finish_step(self, at: float, *, skipped: bool = False) -> None:
        s = self._s
        step = self._steps[s.index]
        record = s.record
        announced = s.next_announced
        if record is not None and s.clock.phase is Phase.STEP:
            record.ended_at = at
            record.active_s = self._active(at)
            metres = s.odometer.metres
            if not isinstance(step.duration, DistanceDuration):
                # What the stream will report for the last moments before `at` is this step's
                # (the next one starts that much below zero): a timed rep keeps its last second.
                metres += s.odometer.stream_before(at)[1]
            record.metres = max(metres, 0.0) + 0.0
            record.skipped = skipped
            if step.kind is StepKind.WORK and not skipped:
                self._rep_done(step, record, at)
        self._begin(s.index + 1, at, announced=announced)

    def _rep_done(self, step: ExpandedStep, record: StepRecord, at: float) -> None:
        marks = record.metres
        if isinstance(step.duration, DistanceDuration):
            marks = step.duration.metres
        run_metres = marks * self._lane_factor
        tolerance = self.plan.athlete.pace_tolerance_s_per_km
        verdict = rep_verdict(record, step, self._lane_factor, tolerance)
        outside = None
        target = step.target
        if verdict is not None and isinstance(target, ResolvedPace) and run_metres > 0:
            outside = judge_time(
                record.active_s, run_metres, target.fast_s_per_km, target.slow_s_per_km, tolerance
            )[1]
            if not isinstance(step.duration, DistanceDuration):
                outside = None  # a timed rep is judged by pace: "faster than the target"
        self._say(
            CueKind.STEP_END,
            at,
            Priority.NORMAL,
            step_end_text(step, self.settings.units, record.active_s, run_metres, verdict, outside),
            # No buzz: the next step's start, at the same instant, buzzes for both.
        )
        if (
            run_metres <= 0
            or record.active_s < JUDGED_AFTER_S
            or not self.settings.cues.fatigue_checks
            or not is_main_set(step, self._steps)
        ):
            return
        self._judge_fatigue(step, record, run_metres, at)

    def _judge_fatigue(
        self, step: ExpandedStep, record: StepRecord, run_metres: float, at: float
    ) -> None:
        s = self._s
        # Speed against the rep's own target, so a ladder's T-pace rep is not a "fade".
        speed = run_metres / record.active_s
        if isinstance(step.target, ResolvedPace):
            speed *= step.target.middle_s_per_km / 1000
        efforts = s.efforts.setdefault(step.block_index, [])
        efforts.append(RepEffort(speed, record.hr_avg))
        verdict = assess(efforts, self.settings.fatigue)
        if verdict is None:
            return
        advice, amount = verdict
        texts = {
            Advice.EASE: f"Pace has faded {amount:.0f} percent from your first reps."
            " Ease into the next one and hold your form.",
            Advice.STOP: f"Pace has faded {amount:.0f} percent. Good work today:"
            " make the next rep your last, or jog the rest. Form over heroics.",
            Advice.RECOVER: f"Heart rate is up {amount:.0f} percent at the same pace."
            " Take the full recovery and relax.",
        }
        s.fatigue = FatigueNote(
            advice=advice,
            percent=round(amount, 1),
            block=step.block,
            rep=step.rep,
            text=advice_after(advice, amount),
        )
        remaining = (step.reps or 0) - (step.rep or 0)
        key = f"{step.block_index}:{advice.value}"
        if remaining <= 0 or key in s.advised:
            return
        s.advised.append(key)
        self._say(CueKind.FATIGUE, at, Priority.ALERT, texts[advice], Vibration.ALERT)

    def _finish_session(self, at: float, *, completed: bool) -> None:
        s = self._s
        s.status = SessionStatus.FINISHED
        s.clock.phase = None
        summary = self.summary()
        main = [rep for rep in summary.reps if rep.main_set and not rep.skipped]
        judged = [rep for rep in main if rep.verdict is not None]
        on_target = sum(1 for rep in judged if rep.on_target)
        opening = "Session complete." if completed else "Session ended."
        score = f" {on_target} of {len(judged)} reps on target." if judged else ""
        closing = " Well done." if summary.controlled and completed else f" {summary.takeaway}"
        if not judged and summary.fatigue is None:
            closing = " Well done." if completed else ""
        self._say(
            CueKind.SESSION_END, at, Priority.STEP, f"{opening}{score}{closing}", Vibration.DONE
        )
