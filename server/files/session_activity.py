"""A live session as an activity: what a watch would have recorded, from the logged inputs.

The log holds inputs only, so the activity is their replay through the same engine that ran the
session (what `server.engine.replay` does, one event at a time so that each sample can be read
where the engine stood): the laps are the steps as the engine judged them, so an exported file
and the session's own results agree on every rep's time and distance.

Rules, each what a watch does or what keeps a file's numbers adding up:

- One record a second: samples from several sensors in one second merge into one record. Heart
  rate and cadence hold for 5 s after their last reading, speed for 3 s. Nothing is recorded
  while paused (a watch's timer is stopped); the count-in before a rep is recorded.
- Distance is the engine's counted distance (the counting source for the venue; on a track,
  metres by the lane-1 marks, as the session's results count them), so it never runs back.
- A lap per step, from the step's start to the next step's start: the count-in before a rep
  belongs to the lap before it, so the rep's own lap is the rep as judged; a count-in before
  the first step is a short lap of its own (rest). A step skipped before it began (zero
  length) leaves no lap.
- Timer time is elapsed time without the pauses; the totals are the sums of the laps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from server.engine import (
    Command,
    CommandAction,
    EngineSettings,
    Event,
    Phase,
    Sample,
    SessionEngine,
    SessionState,
    SessionStatus,
    Start,
    Tick,
    Venue,
)
from server.engine.limits import MAX_SESSION_S
from server.engine.odometer import source_rank
from server.files.activity import Activity, Device, Pause, Record, Sport
from server.files.export_common import NotExportable
from server.files.session_laps import SessionClock, at, laps_of, step_metres
from server.workouts import ResolvedWorkout

__all__ = ["activity_of_session"]

_HOLD_HR_S = 5.0
_HOLD_SPEED_S = 3.0

_SUB_SPORT = {Venue.TRACK: "track", Venue.TREADMILL: "treadmill", Venue.ROAD: None}


@dataclass(slots=True)
class _Latest:
    """The last reading of each kind, with its time, so a record can hold it a few seconds."""

    hr: tuple[float, int] | None = None
    cadence: tuple[float, float] | None = None
    speeds: dict[str, tuple[float, float]] = field(default_factory=dict)

    def take(self, sample: Sample) -> None:
        if sample.hr is not None:
            self.hr = (sample.t, sample.hr)
        if sample.cadence is not None:
            self.cadence = (sample.t, float(sample.cadence))
        if sample.speed is not None:
            self.speeds[sample.source] = (sample.t, sample.speed)

    def speed(self, t: float, venue: Venue, calibration: float) -> float | None:
        """The speed of the most trusted source for the venue that spoke lately."""
        fresh = [
            (source_rank(s, venue), s, v)
            for s, (at, v) in self.speeds.items()
            if t - at <= _HOLD_SPEED_S
        ]
        if not fresh:
            return None
        _, source, value = min(fresh)
        return value * calibration if source.startswith("footpod") else value


@dataclass(slots=True)
class _Timeline(SessionClock):
    """Where the replay is: the session's clock, and the distance counted so far."""

    ended_metres: float = 0.0
    seen: tuple[int | None, float | None, SessionStatus | None] = (None, None, None)
    metres: float = 0.0


def activity_of_session(
    plan: ResolvedWorkout,
    settings: EngineSettings,
    started_at: dt.datetime,
    events: Sequence[Event],
    *,
    until: float | None = None,
) -> Activity:
    """The session that `events` (its logged inputs) ran, as an activity in UTC.

    `started_at` is the wall time of the session clock's zero. The log has no ticks, so a
    session whose last step ended by time is over only once the engine is woken after it:
    `until` is the session time the live scheduler has woken it to (seconds since
    `started_at` now, for a stored session; the default is the last input, capped at the
    engine's week). Raises `NotExportable` when the session never started.
    """
    if started_at.tzinfo is None:
        raise ValueError("started_at must be an aware UTC time")
    engine = SessionEngine(plan, settings)
    line = _Timeline()
    latest = _Latest()
    records: list[Record] = []
    woken = list(events)
    if until is not None and woken:
        woken.append(Tick(t=min(max(until, woken[-1].t), MAX_SESSION_S)))
    for event in woken:
        before = engine.status
        engine.handle(event)
        after = engine.status
        if isinstance(event, Start):
            line.start = event.t
        _follow_status(line, engine, event, before, after)
        if isinstance(event, Sample):
            latest.take(event)
            state = engine.state()
            _count_distance(line, engine, state)
            recording = after is SessionStatus.RUNNING or (
                line.end is not None and event.t <= line.end
            )
            if recording and line.start is not None:
                calibration = state.calibration_factor
                _record(records, started_at, event.t, line, latest, calibration, settings.venue)
    if line.start is None:
        raise NotExportable("The session was never started: there is nothing to export.")
    end = line.end if line.end is not None else engine.now
    steps = engine.records()
    current = engine.state().metres
    laps = laps_of(plan, steps, line, end, started_at, current_metres=current)
    distance = sum(lap.distance_m or 0.0 for lap in laps)
    last_second = at(started_at, end).replace(microsecond=0)
    if records and records[-1].time == last_second:  # the total is reached in the last second
        records[-1] = records[-1].model_copy(update={"distance_m": distance})
    elif not records or records[-1].time < last_second:
        records.append(Record(time=last_second, distance_m=distance))
    hr_count = sum(step.hr_count for step in steps)
    peaks = [step.hr_max for step in steps if step.hr_max is not None]
    return Activity(
        format="fit",  # what it is made to become: FIT holds all of it
        sport=Sport.RUNNING,
        sub_sport=_SUB_SPORT[settings.venue],
        start=at(started_at, line.start),
        distance_m=distance,
        timer_s=(end - line.start) - line.paused_within(line.start, end),
        elapsed_s=end - line.start,
        avg_hr=sum(step.hr_sum for step in steps) / hr_count if hr_count else None,
        max_hr=max(peaks) if peaks else None,
        laps=laps,
        records=records,
        pauses=[
            Pause(
                start=at(started_at, began),
                end=at(started_at, ended if ended is not None else end),
            )
            for began, ended in line.pauses
        ],
        device=Device(manufacturer="trackcue", product="trackcue"),
        name=plan.workout.name,
    )


def _follow_status(
    line: _Timeline,
    engine: SessionEngine,
    event: Event,
    before: SessionStatus,
    after: SessionStatus,
) -> None:
    if before is SessionStatus.RUNNING and after is SessionStatus.PAUSED:
        line.pauses.append((event.t, None))
    elif before is SessionStatus.PAUSED and after is not SessionStatus.PAUSED:
        line.pauses[-1] = (line.pauses[-1][0], event.t)
    if after is SessionStatus.FINISHED and line.end is None:
        if isinstance(event, Command) and event.action is CommandAction.END:
            line.end = event.t
        else:  # finished at a deadline or a crossing, at or before this event
            ended = [step.ended_at for step in engine.records() if step.ended_at is not None]
            line.end = max(ended) if ended else event.t


def _count_distance(line: _Timeline, engine: SessionEngine, state: SessionState) -> None:
    """The session's distance so far: the finished steps' metres and the current step's."""
    key = (state.step_index, state.step_started_at, state.status)
    if key != line.seen:  # a step ended (or the session did): count the finished ones again
        line.ended_metres = sum(
            step_metres(engine.plan, s) for s in engine.records() if s.ended_at is not None
        )
        line.seen = key
    running = state.phase is Phase.STEP and state.status is not SessionStatus.FINISHED
    line.metres = max(line.metres, line.ended_metres + (state.metres if running else 0.0))


def _record(
    records: list[Record],
    started_at: dt.datetime,
    t: float,
    line: _Timeline,
    latest: _Latest,
    calibration: float,
    venue: Venue,
) -> None:
    """One record for the second `t` falls in; a later sample in that second replaces it."""
    second = at(started_at, t).replace(microsecond=0)
    hr = latest.hr[1] if latest.hr is not None and t - latest.hr[0] <= _HOLD_HR_S else None
    cadence = latest.cadence
    record = Record(
        time=second,
        distance_m=line.metres,
        speed_mps=latest.speed(t, venue, calibration),
        heart_rate=hr,
        cadence_spm=cadence[1] if cadence is not None and t - cadence[0] <= _HOLD_HR_S else None,
    )
    if records and records[-1].time == second:
        records[-1] = record
    elif not records or records[-1].time < second:
        records.append(record)
