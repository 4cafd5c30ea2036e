"""An imported run aligned to the session it was planned as, and judged as if run live.

Two ways in, then one way out. If the watch's laps map onto the plan's steps one for one, the
laps say where each step was ("laps"). Otherwise (a watch that lapped every kilometre, a missed
press, more or fewer reps than planned, no laps at all) the reps are found from the pace, on the
runner's presses where there are any ("records"). Either way each step then has its span, and
the records are replayed through the session engine with a lap press at each step's end, so the
results are the engine's: the same `SessionSummary` a live session stores. A run in which no reps
like the plan's can be found is not aligned at all ("none"): a wrong match would be worse than
none. Every guess is said in `notes`, in words for the runner.
"""

from __future__ import annotations

import datetime as dt
import math
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from server.engine import EngineSettings, Event
from server.engine.errors import EngineError
from server.engine.summary import SessionSummary
from server.files.activity import Activity, LapTrigger, Sport
from server.files.align_fill import fill_spans
from server.files.align_laps import LapSpan, match_laps
from server.files.align_pace import FoundReps, find_reps
from server.files.align_plan import Span, rep_specs
from server.files.align_replay import replay_spans
from server.files.align_series import Series, series_of, zero_of
from server.files.align_words import counted, laps_not_used, press_notes, section_note
from server.workouts import ResolvedWorkout

__all__ = ["AlignMethod", "Alignment", "align_activity"]


class AlignMethod(StrEnum):
    """How the run was aligned: by its laps, from its records, or not at all."""

    LAPS = "laps"
    RECORDS = "records"
    NONE = "none"


class Alignment(BaseModel):
    """The outcome: the engine's summary, how it was found, and what the runner should know."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    method: AlignMethod
    summary: SessionSummary | None = Field(description="null when the run was not aligned")
    notes: list[str] = Field(default_factory=list)
    confidence: float = Field(ge=0, le=1, description="how sure the alignment is, 0 to 1")
    reps_planned: int = 0
    reps_found: int = 0
    events: list[Event] = Field(
        default_factory=list, description="the engine inputs that gave the summary"
    )
    plan: ResolvedWorkout | None = Field(
        default=None, description="the plan the events replay against: every step ends on a lap"
    )
    settings: EngineSettings | None = Field(
        default=None, description="the settings the events replay with: no count-in"
    )


def _none(note: str, planned: int = 0) -> Alignment:
    return Alignment(
        method=AlignMethod.NONE, summary=None, notes=[note], confidence=0.0, reps_planned=planned
    )


def _lap_spans(activity: Activity, series: Series) -> list[LapSpan]:
    zero = zero_of(activity)
    starts = [(lap.start - zero).total_seconds() for lap in activity.laps]
    out = []
    for i, lap in enumerate(activity.laps):
        if i + 1 < len(starts):
            end = starts[i + 1]
        else:
            length = lap.elapsed_s or lap.timer_s
            end = starts[i] + length if length else series.end
        span = Span(starts[i], max(end, starts[i]))
        metres = lap.distance_m
        if metres is None:
            metres = series.distance_at(span.end) - series.distance_at(span.start)
        out.append(LapSpan(span, metres, lap.timer_s or span.end - span.start))
    return out


def _presses(activity: Activity, laps: list[LapSpan]) -> list[float]:
    """When the runner pressed lap: the end of every lap the button closed."""
    return [
        span.span.end
        for lap, span in zip(activity.laps, laps, strict=True)
        if lap.trigger is LapTrigger.MANUAL
    ]


def _running_part(activity: Activity) -> Activity:
    """A multisport file's running legs only: a bike leg is fast, but it is not a rep."""
    if not activity.legs or all(leg.sport is Sport.RUNNING for leg in activity.legs):
        return activity
    legs = [leg for leg in activity.legs if leg.sport is Sport.RUNNING]
    spans = [(leg.start, leg.start + dt.timedelta(seconds=leg.elapsed_s or 0.0)) for leg in legs]
    laps = [
        lap for leg in legs for lap in activity.laps[leg.first_lap : leg.first_lap + leg.lap_count]
    ]
    records = [r for r in activity.records if any(a <= r.time <= b for a, b in spans)]
    return activity.model_copy(update={"records": records, "laps": laps})


def align_activity(
    activity: Activity, plan: ResolvedWorkout, settings: EngineSettings
) -> Alignment:
    """Align an imported run to a planned session and judge it with the session engine."""
    specs = rep_specs(plan)
    planned = len(specs)
    if not activity.is_run:
        return _none("This is not a run, so it was not matched to the planned session.", planned)
    activity = _running_part(activity)
    series = series_of(activity)
    if series is None:
        return _none(
            "The file has too few records with time and distance to find the session in it.",
            planned,
        )
    if not specs:
        return _none("The plan has no reps to find in this run.", planned)
    laps = _lap_spans(activity, series)
    presses = _presses(activity, laps)
    notes: list[str] = []
    matched = match_laps(plan, laps)
    if matched is not None:
        method, spans, found, confidence = AlignMethod.LAPS, matched.spans, planned, 0.95
        notes.append("Your watch's laps matched the plan's steps one for one.")
        notes += [section_note(name) for name in matched.collapsed]
    else:
        reps = find_reps(series, specs, presses)
        found = len(reps.reps) if reps is not None else 0
        needed = 1 if planned == 1 else max(2, math.ceil(planned / 2))
        if reps is None or found < needed:
            return _none(
                "No stretch of this run looked like the plan's reps, so it was not matched to"
                " the session.",
                planned,
            )
        if found < planned and reps.extra:
            return _none(
                "The reps in this run do not follow the plan's, so it was not matched to the"
                " session.",
                planned,
            )
        filled = fill_spans(plan, reps.reps, series, presses)
        method, spans = AlignMethod.RECORDS, filled.spans
        notes.append(laps_not_used(activity))
        edges, on_presses, press_words = press_notes(plan, reps.reps, presses)
        notes += press_words
        notes += counted(plan, specs, reps.reps, reps.extra)
        notes += [section_note(name) for name in filled.collapsed]
        confidence = _confidence(reps, planned, edges, on_presses, bool(presses))
        if confidence < 0.5:
            notes.append("The reps were hard to tell from the rest of this run: check them.")
    try:
        replay = replay_spans(plan, settings, spans, activity.records, zero_of(activity))
    except (EngineError, ValueError):
        return _none("This run could not be replayed against the plan.", planned)
    return Alignment(
        method=method,
        summary=replay.summary,
        notes=notes,
        confidence=confidence,
        reps_planned=planned,
        reps_found=found,
        events=replay.events,
        plan=replay.plan,
        settings=replay.settings,
    )


def _confidence(reps: FoundReps, planned: int, edges: int, on_presses: int, pressed: bool) -> float:
    """Higher when the runner's presses confirm the edges, lower for every rep not found."""
    found = len(reps.reps)
    confidence = 0.75
    if pressed and edges:
        confidence = 0.6 + 0.35 * on_presses / edges
    confidence -= 0.4 * (planned - found) / planned
    return round(min(max(confidence, 0.1), 0.95), 2)
