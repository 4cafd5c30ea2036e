"""The readiness rules, one function per family, each returning reasons and alternatives.

Messages speak to the runner: what was seen, why it matters, and what to do instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from server.coach import alternatives as alt
from server.coach.history import RunRecord
from server.coach.inputs import Alternative, LogRecord, PlannedSession, Race, Reason
from server.coach.load import DayLoad
from server.coach.settings import CoachSettings
from server.workouts import AthleteProfile

__all__ = ["body_and_calendar", "hard_days", "taper_days", "volume"]

Found = tuple[list[Reason], list[Alternative]]

_PAIN = re.compile(r"\b(pain\w*|niggl\w*|sore\w*|hurt\w*|injur\w*|ache\w*|tweak\w*)\b", re.I)
_NEGATED = re.compile(r"\b(no|not|without|never)\s+(\w+\s+)?$", re.I)
_WHEN = {-1: "yesterday", 0: "earlier today", 1: "tomorrow"}


def _when(offset: int) -> str:
    if offset in _WHEN:
        return _WHEN[offset]
    return f"{-offset} days ago" if offset < 0 else f"in {offset} days"


def taper_days(race: Race, settings: CoachSettings) -> int:
    """The taper for a race's distance: up to 10 km, up to a half marathon, longer."""
    if race.distance_m <= 10_500:
        return settings.taper_days_short
    if race.distance_m <= 21_500:
        return settings.taper_days_half
    return settings.taper_days_long


def _pain_words(entry: LogRecord) -> str | None:
    for text in (entry.feelings, entry.notes):
        for match in _PAIN.finditer(text or ""):
            if not _NEGATED.search(text[: match.start()] if text else ""):
                return match.group(0).lower()
    return None


def body_and_calendar(
    planned: PlannedSession,
    log: Sequence[LogRecord],
    races: Sequence[Race],
    athlete: AthleteProfile,
    settings: CoachSettings,
) -> Found:
    """`soreness` (any session) and `race_soon` (a hard session)."""
    reasons: list[Reason] = []
    offers: list[Alternative] = []
    since = planned.day - dt.timedelta(days=settings.soreness_days)
    worst: tuple[int, str, dt.date] | None = None
    for entry in log:
        if not since <= entry.day <= planned.day:
            continue
        for sore in entry.soreness:
            if sore.severity >= settings.soreness_caution and (
                worst is None or sore.severity > worst[0]
            ):
                worst = (sore.severity, sore.where, entry.day)
        word = _pain_words(entry)
        if word is not None and worst is None:
            worst = (settings.soreness_caution, f"'{word}' in your log", entry.day)
    if worst is not None:
        severity, where, day = worst
        when = _when((day - planned.day).days)
        if severity >= settings.soreness_wait:
            reasons.append(
                Reason(
                    code="soreness",
                    verdict="wait",
                    message=f"You logged {where} at {severity}/10 {when}. Don't run through pain:"
                    " rest, walk and do gentle mobility today, and see a physio if it is no better"
                    " in a few days.",
                )
            )
            offers.append(alt.mobility(planned.day, "It hurts: rest lets it settle."))
        else:
            reasons.append(
                Reason(
                    code="soreness",
                    verdict="caution",
                    message=f"You logged {where} ({severity}/10) {when}. Don't press through it:"
                    " an easy run is fine if it doesn't hurt while running; if it does, stop and"
                    " do mobility instead.",
                )
            )
            why = "Easy running keeps you moving without loading the sore spot hard."
            offers.append(alt.easy_run(planned.day, athlete, settings, why, strides=False))
            offers.append(
                alt.mobility(planned.day, "If the easy run hurts, stop: mobility instead.")
            )
    if planned.is_hard:
        for race in sorted(races, key=lambda r: r.day):
            days = (race.day - planned.day).days
            if not 0 <= days <= taper_days(race, settings):
                continue
            name = race.name or f"{race.distance_m / 1000:g} km race"
            if days <= settings.race_rest_days:
                reasons.append(
                    Reason(
                        code="race_soon",
                        verdict="wait",
                        message=f"Your {name} is {_when(days) if days else 'today'}: no hard"
                        " session now. Run easy with a few strides so the legs are fresh.",
                    )
                )
                why = "Strides keep the legs sharp without tiring them before the race."
                offers.append(alt.easy_run(planned.day, athlete, settings, why, strides=True))
            else:
                reasons.append(
                    Reason(
                        code="race_soon",
                        verdict="caution",
                        message=f"Your {name} is in {days} days: you are in the taper. Keep the"
                        " pace but cut the volume, about half the reps, so you arrive fresh.",
                    )
                )
                taper = alt.taper(planned, settings, "The taper: the same pace, half the volume.")
                if taper is not None:
                    offers.append(taper)
            break
    return reasons, offers


def _free_day(
    planned: PlannedSession, hard: set[dt.date], races: Sequence[Race], settings: CoachSettings
) -> dt.date | None:
    gap = settings.hard_gap_days
    for ahead in range(1, 7):
        day = planned.day + dt.timedelta(days=ahead)
        if any(abs((day - other).days) < gap for other in hard):
            continue
        if any(0 <= (race.day - day).days <= settings.race_rest_days for race in races):
            continue
        return day
    return None


def hard_days(
    planned: PlannedSession,
    runs: Sequence[RunRecord],
    log: Sequence[LogRecord],
    other_planned: Sequence[PlannedSession],
    races: Sequence[Race],
    athlete: AthleteProfile,
    settings: CoachSettings,
) -> Found:
    """`hard_within_48h`: a hard run, a hard log entry or a hard session planned too close."""
    gap = settings.hard_gap_days
    found: dict[int, str] = {}
    for run in runs:
        offset = (run.day - planned.day).days
        if run.hard and -gap < offset <= 0:
            what = run.name or ("a hard run" if run.source != "live" else "a track session")
            found.setdefault(offset, f"{what} ({run.hard_why})" if run.hard_why else what)
    for entry in log:
        offset = (entry.day - planned.day).days
        if entry.rpe is not None and entry.rpe >= settings.hard_rpe and -gap < offset <= 0:
            found.setdefault(offset, f"a run you rated RPE {entry.rpe}")
    ahead: dict[int, str] = {}
    for other in other_planned:
        offset = (other.day - planned.day).days
        if other.is_hard and 0 < offset < gap and other != planned:
            ahead.setdefault(offset, other.name or "a hard session")
    reasons: list[Reason] = []
    offers: list[Alternative] = []
    hard_dates = {planned.day + dt.timedelta(days=o) for o in (*found, *ahead)}
    hard_dates |= {o.day for o in other_planned if o.is_hard and o.day != planned.day}
    free = _free_day(planned, hard_dates - {planned.day}, races, settings)
    for offset in sorted(found):
        reasons.append(
            Reason(
                code="hard_within_48h",
                verdict="wait",
                message=f"You ran {found[offset]} {_when(offset)}. Keep 48 hours between hard"
                " sessions: the easy days between are when you get fitter. Run easy today.",
            )
        )
    for offset in sorted(ahead):
        reasons.append(
            Reason(
                code="hard_within_48h",
                verdict="caution",
                message=f"Your plan has {ahead[offset]} {_when(offset)}. Two hard days in a row"
                " leave the second one half done: move one of them.",
            )
        )
    if found:
        why = "An easy day between hard sessions is where the training takes hold."
        offers.append(alt.easy_run(planned.day, athlete, settings, why, strides=False))
    if (found or ahead) and free is not None:
        offers.append(alt.move(planned, free, "This day keeps 48 hours from your hard days."))
    if ahead and not found:
        short = alt.shortened(planned, settings, "A lighter session leaves more for tomorrow.")
        if short is not None:
            offers.append(short)
    return reasons, offers


def volume(
    planned: PlannedSession,
    runs: Sequence[RunRecord],
    days: Sequence[DayLoad],
    athlete: AthleteProfile,
    settings: CoachSettings,
) -> Found:
    """`load_ramp`, `acwr_high`, `heavy_block` and `back_from_break`; `days` ends on the
    planned day and counts the planned session in it."""
    reasons: list[Reason] = []
    today = days[-1]
    week = days[-7:]
    earlier = days[-7 * (settings.ramp_weeks + 1) : -7]
    weeks = max(len(earlier) / 7, 1)
    this_km = sum(d.distance_m for d in week) / 1000
    base_km = sum(d.distance_m for d in earlier) / 1000 / weeks
    this_load = sum(d.load for d in week)
    base_load = sum(d.load for d in earlier) / weeks
    limit = 1 + settings.ramp_pct / 100
    last_run = max((r.day for r in runs if r.is_run and r.day < planned.day), default=None)
    gap = (planned.day - last_run).days if last_run is not None else None
    if gap is not None and gap >= settings.break_days:
        reasons.append(
            Reason(
                code="back_from_break",
                verdict="caution",
                message=f"Your last run was {gap} days ago. Come back with a few easy runs"
                " before a hard session, and rebuild your weekly distance gradually.",
            )
        )
    elif base_km >= settings.ramp_min_km and this_km > base_km * limit:
        pct = (this_km / base_km - 1) * 100
        reasons.append(
            Reason(
                code="load_ramp",
                verdict="caution",
                message=f"With this session you will have run {this_km:.0f} km in 7 days,"
                f" {pct:.0f} % more than your average of {base_km:.0f} km a week over the previous"
                f" {settings.ramp_weeks} weeks. Build up gradually (about 10 % a week).",
            )
        )
    elif base_load >= settings.acwr_min_chronic * 7 and this_load > base_load * limit:
        pct = (this_load / base_load - 1) * 100
        reasons.append(
            Reason(
                code="load_ramp",
                verdict="caution",
                message=f"This week's training load ({this_load:.0f}) is {pct:.0f} % above your"
                f" weekly average of {base_load:.0f}: the running got harder faster than your"
                " body adapts. Build up gradually.",
            )
        )
    if today.acwr is not None and today.acwr > settings.acwr_high:
        reasons.append(
            Reason(
                code="acwr_high",
                verdict="caution",
                message=f"Your last 7 days are {today.acwr:.1f} times your usual load of the last"
                f" {settings.chronic_days} days. Spikes like this are when injuries happen: keep"
                " today lighter.",
            )
        )
    heavy = min(settings.heavy_form, settings.heavy_form_pct / 100 * today.ctl)
    if today.ctl >= settings.acwr_min_chronic and today.tsb < -heavy:
        reasons.append(
            Reason(
                code="heavy_block",
                verdict="caution",
                message=f"You are coming off a heavy block: fatigue {today.atl:.0f} against fitness"
                f" {today.ctl:.0f} (form {today.tsb:.0f}). Absorb it with an easy day or a"
                " shorter session before the next hard one.",
            )
        )
    offers: list[Alternative] = []
    if reasons:
        short = alt.shortened(planned, settings, "The same paces with fewer reps: less load.")
        if short is not None and not any(r.code == "back_from_break" for r in reasons):
            offers.append(short)
        why = "An easy run keeps the habit without adding to the load."
        offers.append(alt.easy_run(planned.day, athlete, settings, why, strides=False))
        if short is not None and any(r.code == "back_from_break" for r in reasons):
            offers.append(short)
    return reasons, offers
