"""The laps of a session replayed from its log: a lap per step, as the results judged it.

A lap runs from its step's start to the next step's start, so the count-in before a rep belongs
to the lap before it and the rep's own lap is the rep (its timer time is the rep's time in the
results). A count-in before the first step is a short lap of its own; a step skipped before it
began leaves no lap; a session ended before any step has one lap, as files need one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from server.engine.summary import StepRecord
from server.files.activity import ActivityLap, LapTrigger
from server.workouts import (
    DistanceDuration,
    HeartRateDuration,
    LapButtonDuration,
    ResolvedWorkout,
    StepKind,
    TimeDuration,
)

__all__ = ["INTENSITY_OF_KIND", "SessionClock", "at", "laps_of", "step_metres"]

INTENSITY_OF_KIND: dict[StepKind, str] = {
    StepKind.WARMUP: "warmup",
    StepKind.DRILLS: "active",
    StepKind.WORK: "active",
    StepKind.RECOVERY: "rest",
    StepKind.REST: "rest",
    StepKind.COOLDOWN: "cooldown",
    StepKind.OTHER: "active",
}
"""FIT's lap intensities, the four every service understands (recovery is rest there)."""


@dataclass(slots=True)
class SessionClock:
    """When the session started and ended on its own clock, and when it was paused."""

    start: float | None = None
    end: float | None = None
    pauses: list[tuple[float, float | None]] = field(default_factory=list)

    def paused_within(self, a: float, b: float) -> float:
        """Seconds of pause between `a` and `b`."""
        total = 0.0
        for began, ended in self.pauses:
            stop = ended if ended is not None else b
            total += max(0.0, min(b, stop) - max(a, began))
        return total


def at(started_at: dt.datetime, t: float) -> dt.datetime:
    """The UTC time of session time `t`."""
    return (started_at + dt.timedelta(seconds=t)).astimezone(dt.UTC)


def step_metres(plan: ResolvedWorkout, step: StepRecord) -> float:
    """A finished step's metres as the session's results count them: a distance rep run to
    its end is its distance (by the marks on a track), whatever the stream read."""
    duration = plan.steps[step.index].duration
    if isinstance(duration, DistanceDuration) and not step.skipped:
        return duration.metres
    return step.metres


def laps_of(
    plan: ResolvedWorkout,
    steps: tuple[StepRecord, ...],
    clock: SessionClock,
    end: float,
    started_at: dt.datetime,
    *,
    current_metres: float,
) -> list[ActivityLap]:
    """The laps of the steps run, covering the session from its start to `end`.

    `current_metres` are the metres of a step still under way (a session not over).
    """
    assert clock.start is not None
    finished = clock.end is not None
    laps: list[ActivityLap] = []
    if steps and steps[0].started_at > clock.start:
        laps.append(_plain_lap(clock, clock.start, steps[0].started_at, started_at, "rest"))
    for position, step in enumerate(steps):
        last = position == len(steps) - 1
        begin = step.started_at
        stop = end if last else steps[position + 1].started_at
        elapsed = stop - begin
        metres = step_metres(plan, step) if step.ended_at is not None else current_metres
        if elapsed <= 0 and metres <= 0:
            continue
        timer = elapsed - clock.paused_within(begin, stop)
        laps.append(
            ActivityLap(
                start=at(started_at, begin),
                distance_m=metres,
                timer_s=timer,
                elapsed_s=elapsed,
                avg_hr=step.hr_avg,
                max_hr=step.hr_max,
                avg_speed_mps=metres / timer if timer > 0 else None,
                trigger=_trigger(plan, step, last, finished),
                intensity=INTENSITY_OF_KIND[plan.steps[step.index].kind],
            )
        )
    if not laps:
        laps.append(_plain_lap(clock, clock.start, end, started_at, "active"))
    return laps


def _trigger(plan: ResolvedWorkout, step: StepRecord, last: bool, finished: bool) -> LapTrigger:
    if step.ended_at is None or (last and step.skipped and finished):
        return LapTrigger.SESSION_END
    if step.skipped:
        return LapTrigger.MANUAL
    duration = plan.steps[step.index].duration
    if isinstance(duration, TimeDuration):
        return LapTrigger.TIME
    if isinstance(duration, DistanceDuration):
        return LapTrigger.DISTANCE
    if isinstance(duration, LapButtonDuration):
        return LapTrigger.MANUAL
    assert isinstance(duration, HeartRateDuration)
    capped = step.active_s >= duration.cap_seconds - 1e-6
    return LapTrigger.TIME if capped else LapTrigger.HEART_RATE


def _plain_lap(
    clock: SessionClock, begin: float, stop: float, started_at: dt.datetime, intensity: str
) -> ActivityLap:
    """A lap that is no step: the count-in before the first rep, or a session with no step."""
    elapsed = stop - begin
    return ActivityLap(
        start=at(started_at, begin),
        distance_m=0.0,
        timer_s=elapsed - clock.paused_within(begin, stop),
        elapsed_s=elapsed,
        trigger=LapTrigger.TIME if intensity == "rest" else LapTrigger.SESSION_END,
        intensity=intensity,
    )
