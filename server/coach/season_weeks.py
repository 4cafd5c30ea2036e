"""The calendar of a season: phases, the weekly rhythm of hard and easy days, and volume.

Kept apart from the sessions so each rule can be read (and tested) as arithmetic: how many weeks
each phase gets, which weekday carries which run so that hard days stay 48 h apart, and how the
week's distance grows, rests and tapers. Sources are in `docs/coaching.md`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "EntryKind",
    "Phase",
    "SeasonSettings",
    "circular_gap",
    "phases_for",
    "recovery_weeks",
    "rhythm",
    "split_volume",
    "taper_weeks",
    "volumes",
]


class Phase(StrEnum):
    """The season's phases, in order."""

    BASE = "base"
    BUILD = "build"
    PEAK = "peak"
    TAPER = "taper"


class EntryKind(StrEnum):
    """What a day of the plan holds."""

    TRACK = "track"
    TEMPO = "tempo"
    EASY = "easy"
    LONG = "long"
    REST = "rest"
    RACE = "race"


HARD_KINDS = frozenset({EntryKind.TRACK, EntryKind.TEMPO, EntryKind.LONG, EntryKind.RACE})


class SeasonSettings(BaseModel):
    """The plan's rules as numbers; the defaults and their sources are in the docs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ramp_pct: Annotated[float, Field(gt=0, le=10)] = 8.0
    max_ramp_pct: Annotated[float, Field(gt=0, le=20)] = 10.0
    max_build: Annotated[float, Field(ge=1, le=2)] = 1.4
    recovery_every: Annotated[int, Field(ge=3, le=4)] = 4
    recovery_drop_pct: Annotated[float, Field(ge=10, le=40)] = 25.0
    min_km_per_run: Annotated[float, Field(ge=3, le=10)] = 4.0
    min_easy_km: Annotated[float, Field(ge=2, le=8)] = 3.0
    long_run_factor: Annotated[float, Field(ge=1, le=3)] = 1.6
    long_run_max_share: Annotated[float, Field(gt=0, le=0.5)] = 0.30
    long_run_max_minutes: Annotated[int, Field(ge=60, le=240)] = 150
    quality_from_runs: Annotated[int, Field(ge=4, le=7)] = 5
    quality_from_km: Annotated[float, Field(ge=0, le=200)] = 35.0


_TAPER_VOLUME = {1: (0.6,), 2: (0.75, 0.55), 3: (0.8, 0.65, 0.45)}
"""Each taper week's volume as a share of the last full week's (Mujika and Padilla: cut 40-60 %
and keep the intensity; Pfitzinger's tapers step down over one to three weeks)."""


def taper_weeks(race_metres: float) -> int:
    """One week up to 10 km, two up to the half marathon, three for anything longer."""
    if race_metres <= 10_500:
        return 1
    if race_metres <= 25_000:
        return 2
    return 3


def phases_for(weeks: int, taper: int) -> list[Phase]:
    """The phase of every week: the taper at the end, and of the rest about 40 % base, 25 % peak
    and the remainder build (Daniels' four phases, his phase I-II joined as base)."""
    rest = weeks - taper
    peak = max(1, round(rest * 0.25)) if rest >= 2 else 0
    base = round(rest * 0.4) if rest >= 3 else 0
    build = rest - base - peak
    return [Phase.BASE] * base + [Phase.BUILD] * build + [Phase.PEAK] * peak + [Phase.TAPER] * taper


def recovery_weeks(phases: list[Phase], every: int) -> list[bool]:
    """Every `every`-th week is a recovery week, never in the taper nor the week before it."""
    last_full = max((i for i, phase in enumerate(phases) if phase is not Phase.TAPER), default=-1)
    return [
        (i + 1) % every == 0 and phase is not Phase.TAPER and i != last_full
        for i, phase in enumerate(phases)
    ]


def volumes(
    start_km: float, phases: list[Phase], recovery: list[bool], settings: SeasonSettings
) -> list[float]:
    """Each week's distance: the first at `start_km`, then `ramp_pct` more each full week up to
    `max_build` times the start, a recovery week `recovery_drop_pct` lighter (the next full week
    picks up where the last one was), and the taper as shares of the last full week."""
    cap = start_km * settings.max_build
    normal = peak = start_km
    out: list[float] = []
    taper = iter(_TAPER_VOLUME[phases.count(Phase.TAPER)] if Phase.TAPER in phases else ())
    for index, (phase, rest) in enumerate(zip(phases, recovery, strict=True)):
        if phase is Phase.TAPER:
            out.append(round(peak * next(taper), 1))
        elif rest:
            out.append(round(normal * (1 - settings.recovery_drop_pct / 100), 1))
        else:
            if index > 0:
                normal = min(normal * (1 + settings.ramp_pct / 100), max(cap, normal))
            peak = normal
            out.append(round(normal, 1))
    return out


def circular_gap(a: int, b: int) -> int:
    """Days between two weekdays, the shorter way round the week."""
    gap = abs(a - b) % 7
    return min(gap, 7 - gap)


def rhythm(track: int, long: int, runs: int, tempo: bool) -> dict[int, EntryKind]:
    """Weekday (0 = Monday) to the run it carries: the track day, an easy run the day after,
    the long run, in build and peak a road tempo at least two days from both when there are
    enough runs, easy runs on the other days (a rest day after the long run and before the
    track day kept for last), and rest."""
    roles = {track: EntryKind.TRACK, long: EntryKind.LONG, (track + 1) % 7: EntryKind.EASY}
    if tempo:
        spaced = [
            day
            for day in range(7)
            if day not in roles and circular_gap(day, track) >= 2 and circular_gap(day, long) >= 2
        ]
        if spaced:
            best = max(
                spaced,
                key=lambda d: (
                    min(circular_gap(d, track), circular_gap(d, long)),
                    -((d - track) % 7),
                ),
            )
            roles[best] = EntryKind.TEMPO
    free = sorted(
        (day for day in range(7) if day not in roles),
        key=lambda d: (d == (long + 1) % 7, d == (track - 1) % 7, (d - track) % 7),
    )
    for day in free[: max(runs - len(roles), 0)]:
        roles[day] = EntryKind.EASY
    return {day: roles.get(day, EntryKind.REST) for day in range(7)}


def split_volume(
    rest_km: float, easy_runs: int, long_run: bool, cap_long_km: float, settings: SeasonSettings
) -> tuple[float, list[float]]:
    """The week's distance left after its quality sessions, split into a long run about
    `long_run_factor` times an easy run (capped) and easy runs of at least `min_easy_km`.
    The last easy run takes the rounding, so the parts add up to `rest_km`."""
    long_km = 0.0
    if long_run:
        share = rest_km * settings.long_run_factor / (easy_runs + settings.long_run_factor)
        long_km = round(min(share, cap_long_km) * 2) / 2
    left = rest_km - long_km
    if easy_runs == 0:
        return long_km + left, []
    each = max(round(left / easy_runs * 2) / 2, settings.min_easy_km)
    easy = [each] * (easy_runs - 1)
    easy.append(round(max(left - sum(easy), settings.min_easy_km), 1))
    return long_km, easy
