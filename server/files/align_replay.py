"""Replaying an imported run through the session engine, so that it is judged as a live one.

Once each step of the plan has its span in the file, the records become engine samples (time,
distance, speed, heart rate, cadence from one source, the watch) and each step's end becomes a
lap press. The engine runs a copy of the plan in which every step ends at the lap button: a
watch's presses, not the engine's own clock or odometer, decide where a step ended (live, the
engine told the runner; here the runner already ran). Steps not in the file are skipped, where
the watch stopped (a gap in the records) the session is paused, and there is no count-in. What
comes out is the engine's own summary: the same rep verdicts, recovery heart-rate drops,
compliance and fatigue judgement as a live session, from the same code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise

from server.engine import (
    Command,
    CommandAction,
    EngineSettings,
    Event,
    Lap,
    Sample,
    SessionEngine,
    Start,
)
from server.engine.limits import CADENCE_SPM, DISTANCE_M, HR_BPM, MAX_SESSION_S, SPEED_MPS
from server.engine.summary import SessionSummary
from server.files.activity import Record
from server.files.align_plan import Span
from server.workouts import (
    DistanceDuration,
    LapButtonDuration,
    ResolvedWorkout,
    TimeDuration,
)

__all__ = ["PAUSE_GAP_S", "SOURCE", "Replay", "lap_driven", "replay_settings", "replay_spans"]

SOURCE = "watch"
PAUSE_GAP_S = 10.0
"""Records further apart than this mean the watch was stopped: the session is paused."""


@dataclass(frozen=True, slots=True)
class Replay:
    """What the engine made of the run, and the plan, settings and inputs that made it."""

    summary: SessionSummary
    events: list[Event]
    plan: ResolvedWorkout
    settings: EngineSettings


def lap_driven(plan: ResolvedWorkout) -> ResolvedWorkout:
    """The plan with every step ended by the lap button (its length kept as the estimate)."""
    steps = []
    for step in plan.steps:
        duration = step.duration
        estimate = duration if isinstance(duration, TimeDuration | DistanceDuration) else None
        if isinstance(duration, LapButtonDuration):
            estimate = duration.estimate
        steps.append(step.model_copy(update={"duration": LapButtonDuration(estimate=estimate)}))
    return plan.model_copy(update={"steps": tuple(steps)})


def replay_settings(settings: EngineSettings) -> EngineSettings:
    """The session's settings without a count-in: the runner set off when they pressed."""
    return settings.model_copy(update={"lead_in_s": 0})


def _in(value: float | None, limits: tuple[float, float]) -> bool:
    return value is not None and limits[0] <= value <= limits[1]


def _sample(t: float, record: Record, before: tuple[float, Record] | None = None) -> Sample:
    """A record as a reading of the watch. A file without speeds gets the speed since the
    previous record, so the engine can credit a step with the running just before its end."""
    hr = record.heart_rate if _in(record.heart_rate, HR_BPM) else None
    cadence = round(record.cadence_spm) if record.cadence_spm is not None else None
    speed = record.speed_mps
    if speed is None and before is not None:
        t0, previous = before
        if record.distance_m is not None and previous.distance_m is not None and t > t0:
            speed = max(record.distance_m - previous.distance_m, 0.0) / (t - t0)
    return Sample(
        t=t,
        source=SOURCE,
        hr=hr,
        speed=speed if _in(speed, SPEED_MPS) else None,
        cadence=cadence if _in(cadence, CADENCE_SPM) else None,
        distance=record.distance_m if _in(record.distance_m, DISTANCE_M) else None,
    )


def _gaps(times: list[float]) -> list[tuple[float, float]]:
    return [(a, b) for a, b in pairwise(times) if b - a > PAUSE_GAP_S]


def _outside_gaps(t: float, gaps: list[tuple[float, float]]) -> float:
    """A step end inside a stop of the watch happened when it stopped."""
    for a, b in gaps:
        if a < t < b:
            return a
    return t


def replay_spans(
    plan: ResolvedWorkout,
    settings: EngineSettings,
    spans: list[Span | None],
    records: list[Record],
    zero: dt.datetime,
) -> Replay:
    """Run the records through the engine with each step ending at its span's end."""
    timed = [((r.time - zero).total_seconds(), r) for r in records]
    timed = [(t, r) for t, r in timed if 0 <= t <= MAX_SESSION_S]
    times = [t for t, _ in timed]
    gaps = _gaps(times)
    present = [span for span in spans if span is not None]
    if not present:
        raise ValueError("no step of the plan has a span in the file")
    begin = _outside_gaps(present[0].start, gaps)
    finish = max(_outside_gaps(present[-1].end, gaps), begin)
    # (time, order, event): at one instant the reading comes first (it covers the second before
    # it), then the press or skip, then a pause; a resume comes before the reading it allows.
    items: list[tuple[float, int, int, Event]] = [(begin, -2, 0, Start(t=begin))]
    baseline = [r for t, r in timed if t <= begin]
    if baseline:
        items.append((begin, -1, 0, _sample(begin, baseline[-1])))
    items += [
        (t, 0, 0, _sample(t, r, timed[i - 1] if i else None))
        for i, (t, r) in enumerate(timed)
        if begin < t <= finish
    ]
    now = begin
    for position, span in enumerate(spans):
        if span is None:
            items.append((now, 1, position, Command(t=now, action=CommandAction.SKIP)))
            continue
        now = min(max(_outside_gaps(span.end, gaps), now), finish)
        items.append((now, 1, position, Lap(t=now)))
    for a, b in gaps:
        if begin < a and b < finish:
            items.append((a, 2, 0, Command(t=a, action=CommandAction.PAUSE)))
            items.append((b, -1, 0, Command(t=b, action=CommandAction.RESUME)))
    items.sort(key=lambda item: (item[0], item[1], item[2]))
    events = [item[3] for item in items]
    driven, without_count_in = lap_driven(plan), replay_settings(settings)
    engine = SessionEngine(driven, without_count_in)
    for event in events:
        engine.handle(event)
    return Replay(engine.summary(), events, driven, without_count_in)
