"""What the runner's inputs do: samples (heart rate, speed, cadence, distance) and lap presses.

The venue decides what a distance is. On a track the lap press at the line rules: a distance rep
ends at the press that completes it (or, if the runner forgot to press, once the stream is 10 %
past it), and the presses calibrate the footpod. On the road or a treadmill the counting
source's distance ends a rep at the instant it passed the mark, split calls fall at every
kilometre or mile (or as the step says), and a lap press only marks a lap.
"""

from __future__ import annotations

import math

from server.engine.alerts import Deviation, observe
from server.engine.cues import Beep, CueKind, Priority, Vibration
from server.engine.events import Sample
from server.engine.odometer import Progress
from server.engine.settings import Units
from server.engine.step_clock import Phase
from server.engine.steps import StepFlow
from server.engine.transitions import SessionStatus
from server.engine.verdict import judge_time
from server.engine.wording import say_pace, split_text
from server.workouts import (
    DistanceDuration,
    ExpandedStep,
    HeartRateDuration,
    HrDirection,
    LapButtonDuration,
    ResolvedCadence,
    ResolvedHeartRate,
    ResolvedPace,
    StepKind,
)
from server.workouts.track import TRACK_LAP_M
from server.workouts.units import METRES_PER_MILE

__all__ = ["SampleHandling"]

ALERT_BEEP = Beep(frequency_hz=440, duration_ms=150, count=2)
_HR_READY_GRACE_S = 5.0
_FORGOT_TO_PRESS = 1.1  # on a track, a stream 10 % past the rep ends it without a press


class SampleHandling(StepFlow):
    """Samples and laps: distance, split calls, alerts and heart-rate steps."""

    def _sample(self, sample: Sample) -> None:
        s = self._s
        running = s.clock.phase is Phase.STEP and s.status is SessionStatus.RUNNING
        step = self._steps[s.index] if running else None
        record = s.records[-1] if running and s.records else None
        if record is not None and record.ended_at is not None:
            record = None
        if sample.hr is not None and record is not None:
            record.add_hr(sample.hr)
        if sample.distance is not None:
            progress = s.odometer.reading(sample, counting=step is not None)
            if progress is not None and step is not None:
                self._distance_progress(step, progress, sample.t)
        if step is None or record is None or record.ended_at is not None or s.index != step.index:
            return  # no step, or the sample's distance just ended it
        self._alerts(step, sample)
        if sample.hr is not None:
            self._heart_rate_step(step, sample.hr, self._active(sample.t), sample.t)

    # --- alerts ----------------------------------------------------------------------------

    def _alerts(self, step: ExpandedStep, sample: Sample) -> None:
        prefs = self.settings.cues
        targets = self._targets[step.index]
        if step.kind is StepKind.WORK and targets.pace is not None and prefs.pace_alerts:
            speed = self._s.odometer.speed_of(sample)
            if speed is not None:
                target = targets.pace
                slow, fast = 1000 / target.slow_s_per_km, 1000 / target.fast_s_per_km
                alert = observe(
                    self._s.pace_alarm,
                    self.settings.pace_alert,
                    self._active(sample.t),
                    speed,
                    slow,
                    fast,
                )
                if alert is not None:
                    self._pace_alert(alert[0], alert[1], target, sample.t)
        if step.kind in (StepKind.RECOVERY, StepKind.REST):
            return
        if sample.hr is not None and prefs.hr_alerts:
            for hr_target in targets.heart_rate:
                self._hr_alert(hr_target, float(sample.hr), sample.t)
        if sample.cadence is not None and prefs.pace_alerts:
            for cadence in targets.cadence:
                self._cadence_alert(cadence, float(sample.cadence), sample.t)

    def _hr_alert(self, target: ResolvedHeartRate, bpm: float, t: float) -> None:
        alert = observe(
            self._s.hr_alarm,
            self.settings.hr_alert,
            self._active(t),
            bpm,
            target.low_bpm,
            target.high_bpm,
        )
        if alert is not None and alert[0] is Deviation.HIGH:
            self._say(
                CueKind.HR_ALERT,
                t,
                Priority.ALERT,
                f"Heart rate {round(alert[1])}, above {target.high_bpm}. Ease off.",
                Vibration.ALERT,
                ALERT_BEEP,
            )

    def _cadence_alert(self, target: ResolvedCadence, spm: float, t: float) -> None:
        alert = observe(
            self._s.cadence_alarm,
            self.settings.pace_alert,
            self._active(t),
            spm,
            target.low_spm,
            target.high_spm,
        )
        if alert is not None:
            word = "Quicker steps" if alert[0] is Deviation.LOW else "Longer, calmer steps"
            self._say(
                CueKind.CADENCE_ALERT,
                t,
                Priority.ALERT,
                f"Cadence {round(alert[1])}. {word}: {target.low_spm} to {target.high_spm}.",
                Vibration.ALERT,
                ALERT_BEEP,
            )

    def _pace_alert(self, side: Deviation, speed: float, target: ResolvedPace, t: float) -> None:
        units = self.settings.units
        pace = say_pace(1000 / speed, units) if speed > 0.3 else "barely moving"
        if side is Deviation.HIGH:
            text = f"Too fast, {pace}. Ease off to {say_pace(target.fast_s_per_km, units)}."
        else:
            text = f"Too slow, {pace}. Pick it up to {say_pace(target.slow_s_per_km, units)}."
        self._say(CueKind.PACE_ALERT, t, Priority.ALERT, text, Vibration.ALERT, ALERT_BEEP)

    def _heart_rate_step(self, step: ExpandedStep, bpm: int, active: float, t: float) -> None:
        duration = step.duration
        if not isinstance(duration, HeartRateDuration) or active < _HR_READY_GRACE_S:
            return
        crossed = bpm < duration.bpm if duration.until is HrDirection.BELOW else bpm > duration.bpm
        if not crossed:
            return
        self._say(CueKind.HR_READY, t, Priority.STEP, f"Heart rate {bpm}. Ready.", Vibration.STEP)
        self._finish_step(t)

    # --- distance --------------------------------------------------------------------------

    def _split_marks(self, step: ExpandedStep, target: float) -> list[tuple[float, float]]:
        """(metres by the marks, expected seconds) of each split call before the end."""
        if len(step.splits) > 1:  # the plan's own split calls (the last one is the finish)
            return [(split.track_metres, split.seconds) for split in step.splits[:-1]]
        if self.settings.on_track or not isinstance(step.target, ResolvedPace):
            return []
        every = METRES_PER_MILE if self.settings.units is Units.MILE else 1000.0
        pace = step.target.middle_s_per_km
        count = math.ceil(target / every - 1e-9) - 1
        return [(every * n, every * n * pace / 1000) for n in range(1, count + 1)]

    def _split_call(self, step: ExpandedStep, mark: float, elapsed: float) -> None:
        target = step.target
        verdict = outside = None
        if isinstance(target, ResolvedPace):
            tolerance = self.plan.athlete.pace_tolerance_s_per_km
            verdict, outside = judge_time(
                elapsed,
                mark * self._lane_factor,
                target.fast_s_per_km,
                target.slow_s_per_km,
                tolerance,
                whole_seconds=True,
            )
        text = split_text(mark, elapsed, verdict, outside)
        self._say(CueKind.SPLIT, self._s.now, Priority.NORMAL, text)

    def _distance_progress(self, step: ExpandedStep, progress: Progress, t: float) -> None:
        s = self._s
        odometer = s.odometer
        duration = step.duration
        if not isinstance(duration, DistanceDuration):
            return
        target = duration.metres
        if self.settings.cues.split_calls and step.kind is StepKind.WORK:
            marks = self._split_marks(step, target)
            while s.next_split < len(marks) and odometer.metres >= marks[s.next_split][0]:
                mark = marks[s.next_split][0]
                s.next_split += 1
                if self.settings.on_track and mark % TRACK_LAP_M == 0:
                    continue  # the press at the line calls this one
                crossed = odometer.crossing(mark, progress, t)
                self._split_call(step, mark, crossed - s.clock.started - s.clock.paused_total)
        if (
            step.kind is StepKind.WORK
            and not s.halfway_said
            and target >= 800
            and odometer.metres >= target / 2
            and not any(abs(m - target / 2) < 1 for m, _ in self._split_marks(step, target))
        ):
            s.halfway_said = True
            self._say(CueKind.HALFWAY, t, Priority.NORMAL, "Halfway.")
        if self.settings.on_track:
            if odometer.metres < target * _FORGOT_TO_PRESS:
                return
            # No press at the line: estimate when it was passed from the step's average speed.
            crossed = t - self._active(t) * (1 - target / odometer.metres)
        elif odometer.metres >= target:
            crossed = odometer.crossing(target, progress, t)
        else:
            return
        odometer.overshoot = odometer.metres - target if not self.settings.on_track else 0.0
        odometer.metres = target
        self._finish_step(crossed)

    def _lap(self, t: float) -> None:
        s = self._s
        record = s.record
        if record is not None:
            record.laps.append(t)
        if s.clock.phase is not Phase.STEP or s.status is not SessionStatus.RUNNING:
            return
        step = self._steps[s.index]
        duration = step.duration
        if isinstance(duration, LapButtonDuration):
            self._finish_step(t)
            return
        if not (isinstance(duration, DistanceDuration) and self.settings.on_track):
            self._say(CueKind.LAP, t, Priority.INFO, "Lap.", Vibration.TICK)
            return
        odometer = s.odometer
        odometer.presses += 1
        laps_needed = math.ceil(duration.metres / TRACK_LAP_M - 1e-9)
        previous_mark = min((odometer.presses - 1) * TRACK_LAP_M, duration.metres)
        mark = min(odometer.presses * TRACK_LAP_M, duration.metres)
        if odometer.presses >= laps_needed:
            mark = duration.metres
        learned = odometer.press_at_mark(previous_mark, mark, t)
        if learned is not None:
            laps, factor = learned
            percent = (factor - 1) * 100
            direction = "short" if percent > 0 else "long"
            self._say(
                CueKind.CALIBRATION,
                t,
                Priority.INFO,
                f"Footpod calibrated from {laps} laps: it reads {abs(percent):.1f} percent"
                f" {direction}.",
            )
        if odometer.presses >= laps_needed:
            self._finish_step(t)
            return
        if self.settings.cues.split_calls and step.kind is StepKind.WORK:
            expected = next(
                (split.seconds for split in step.splits if abs(split.track_metres - mark) < 1), None
            )
            if expected is None and step.lap_seconds is not None:
                expected = step.lap_seconds * odometer.presses
            if expected is not None or isinstance(step.target, ResolvedPace):
                self._split_call(step, mark, self._active(t))
            splits = step.splits
            while s.next_split < len(splits) - 1 and splits[s.next_split].track_metres <= mark:
                s.next_split += 1
