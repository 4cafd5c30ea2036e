"""Readiness before a session: go, caution or wait, with reasons and sessions to run instead.

The guidance before a track session: look at recent mileage, soreness and the race calendar,
ramp gradually, keep 48 hours between hard sessions, and don't press through pain. Each rule
below is one of those, with its threshold in `CoachSettings` and its source in
docs/coaching.md. Only a hard session is judged against load and hard days (an easy run is the
remedy those rules offer); soreness counts before any run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from server.coach.hard import HARD_RPE, QUALITY_SECONDS, is_hard, quality_seconds, ran_hard
from server.coach.history import RunRecord
from server.coach.inputs import (
    Alternative,
    LogRecord,
    PlannedSession,
    Race,
    Readiness,
    Reason,
    Verdict,
)
from server.coach.load import activity_load, activity_loads, training_load
from server.coach.readiness_rules import body_and_calendar, hard_days, volume
from server.coach.settings import DEFAULT_SETTINGS, CoachSettings
from server.workouts import AthleteProfile

__all__ = [
    "HARD_RPE",
    "QUALITY_SECONDS",
    "HardDay",
    "Note",
    "is_hard",
    "notes",
    "quality_seconds",
    "ran_hard",
    "readiness",
]

_RANK: dict[Verdict, int] = {"go": 0, "caution": 1, "wait": 2}


def readiness(
    history: Sequence[RunRecord],
    log: Sequence[LogRecord],
    planned: PlannedSession,
    races: Sequence[Race] = (),
    settings: CoachSettings = DEFAULT_SETTINGS,
    *,
    athlete: AthleteProfile | None = None,
    other_planned: Sequence[PlannedSession] = (),
    loads: Sequence[float] | None = None,
) -> Readiness:
    """Whether to run `planned` as it is. `history` is every run before it (the load needs it
    all); `other_planned` the sessions planned around it; `loads` one per run, if known."""
    athlete = athlete or AthleteProfile()
    before = [(run, i) for i, run in enumerate(history) if run.day <= planned.day]
    runs = [run for run, _ in before]
    reasons: list[Reason] = []
    offers: list[Alternative] = []
    body, body_offers = body_and_calendar(planned, log, races, athlete, settings)
    reasons += body
    offers += body_offers
    if planned.is_hard:
        found, found_offers = hard_days(planned, runs, log, other_planned, races, athlete, settings)
        reasons += found
        offers += found_offers
        if loads is None:
            run_loads = activity_loads(runs, athlete, settings)
        else:
            run_loads = [loads[i] for _, i in before]
        planned_load = activity_load(planned.as_run(), athlete, settings).load
        first = planned.day - dt.timedelta(days=7 * (settings.ramp_weeks + 1))
        series = training_load(
            [*runs, planned.as_run()],
            first,
            planned.day,
            athlete,
            settings,
            loads=[*run_loads, planned_load],
            seeded=True,
        )
        more, more_offers = volume(planned, runs, series.days, athlete, settings)
        reasons += more
        offers += more_offers
    verdict: Verdict = max((r.verdict for r in reasons), key=_RANK.__getitem__, default="go")
    return Readiness(verdict=verdict, reasons=tuple(reasons), alternatives=_dedupe(offers, reasons))


def _dedupe(offers: list[Alternative], reasons: list[Reason]) -> tuple[Alternative, ...]:
    """One alternative of each kind; when it hurts, nothing but rest and mobility."""
    order = ["mobility", "easy_run", "taper", "shortened", "move"]
    if any(r.code == "soreness" and r.verdict == "wait" for r in reasons):
        order = ["mobility"]
    chosen: dict[str, Alternative] = {}
    for offer in offers:
        chosen.setdefault(offer.kind, offer)
    return tuple(chosen[kind] for kind in order if kind in chosen)


# The first readiness rule, as the plan and the preview still call it: neighbouring hard days
# by calendar day, one note per day.


@dataclass(frozen=True, slots=True)
class HardDay:
    """Something hard on a day: a session run, a hard log entry, or a hard session planned."""

    day: dt.date
    source: Literal["session", "log", "plan"]
    what: str


@dataclass(frozen=True, slots=True)
class Note:
    """A readiness warning about one neighbouring hard day."""

    day: dt.date
    source: Literal["session", "log", "plan"]
    message: str


def _when(hard: HardDay, day: dt.date) -> str | None:
    offset = (hard.day - day).days
    if hard.source == "plan":
        return "the day after" if offset == 1 else None
    return {-1: "the day before", 0: "earlier the same day"}.get(offset)


def _message(hard: HardDay, when: str) -> str:
    advice = "keep hard days 48 hours apart"
    if hard.source == "log":
        return f"You logged {when} as hard ({hard.what}): {advice}; run easy instead."
    if hard.source == "plan":
        return f"The plan has a hard session {when} ({hard.what}): {advice}; move one of them."
    return f"A hard session {when} ({hard.what}): {advice}; run easy instead and move this one."


def notes(day: dt.date, hard_days: list[HardDay]) -> list[Note]:
    """Warnings for a hard session on `day`: one per neighbouring day, a session before a log."""
    chosen: dict[dt.date, HardDay] = {}
    rank = {"session": 0, "log": 1, "plan": 2}
    for hard in hard_days:
        if _when(hard, day) is None:
            continue
        known = chosen.get(hard.day)
        if known is None or rank[hard.source] < rank[known.source]:
            chosen[hard.day] = hard
    result = []
    for neighbour in sorted(chosen):
        hard = chosen[neighbour]
        when = _when(hard, day)
        assert when is not None
        result.append(Note(day=hard.day, source=hard.source, message=_message(hard, when)))
    return result
