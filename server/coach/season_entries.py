"""One week of a season plan: which session each day gets, 48 hours between hard days, and the
week's distance shared out so that it adds up to what the volume rule allows.

Quality sessions grow with the phase (a rep a week within Daniels' caps on one session's fast
running), a recovery week runs its quality on the road as a short tempo, the taper keeps
race-pace reps, and race week sharpens three or more days out and then only jogs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from server.coach.effort import easy_middle
from server.coach.season_sessions import QualitySession, easy_text, long_text, session_text
from server.coach.season_weeks import HARD_KINDS, EntryKind, Phase, SeasonSettings, split_volume
from server.workouts import AthleteProfile, parse_workout, resolve
from server.workouts.units import METRES_PER_MILE

__all__ = ["WeekFrame", "fill", "quality_session", "tempo_session", "week_entries"]

_REP_METRES = {
    "200mtr": 200.0,
    "400mtr": 400.0,
    "1mi": METRES_PER_MILE,
    "1km": 1000.0,
    "2km": 2000.0,
}


def _cap(volume_km: float, share: float, rep: str, floor: int) -> int:
    """Daniels: one session's running at a pace is at most a share of the week's distance."""
    return max(floor, int(volume_km * 1000 * share // _REP_METRES.get(rep, 3000.0)))


def quality_session(
    phase: Phase, k: int, race_metres: float, race_pace: str, volume_km: float, recovery: bool
) -> QualitySession:
    """The track-day session of week `k` (full weeks counted from 0) of `phase`."""
    if recovery:
        return QualitySession(family="T 8m road", road=True, reps=2, rep="8m", pace="T")
    if phase is Phase.BASE:
        reps = min(6 + 2 * k, _cap(volume_km, 0.05, "200mtr", 4), 12)
        return QualitySession(family="R 200mtr", road=False, reps=reps, rep="200mtr", pace="R")
    if phase is Phase.BUILD and race_metres <= 15_000:
        reps = min(5 + k, _cap(volume_km, 0.08, "400mtr", 4))
        return QualitySession(family="I 400mtr", road=False, reps=reps, rep="400mtr", pace="I")
    if phase is Phase.BUILD:
        reps = min(3 + k, _cap(volume_km, 0.10, "1mi", 2))
        return QualitySession(family="T 1mi", road=False, reps=reps, rep="1mi", pace="T")
    rep = "1km" if race_metres <= 15_000 else "2km" if race_metres <= 25_000 else "3km"
    family = f"{race_pace} {rep}"
    if phase is Phase.PEAK:
        reps = min(3 + k, _cap(volume_km, 0.10, rep, 2))
    else:
        reps = 3 if race_metres <= 15_000 else 2
    return QualitySession(family=family, road=False, reps=reps, rep=rep, pace=race_pace)


def tempo_session(k: int, volume_km: float, threshold_s_per_km: float) -> QualitySession:
    """The second quality day on the road: cruise intervals of 6 minutes at T pace, one more a
    week, within Daniels' 10 % of the week's distance at T pace."""
    per_rep_km = 360 / threshold_s_per_km
    cap = max(2, int(volume_km * 0.10 // per_rep_km))
    return QualitySession(family="T 6m road", road=True, reps=min(2 + k, cap), rep="6m", pace="T")


@dataclass(frozen=True, slots=True)
class WeekFrame:
    """What a week is: its days, phase, place in the phase, and the race if it is race week."""

    start: date
    last_day: date
    phase: Phase
    k: int
    recovery: bool
    race_week: bool
    race_date: date


def week_entries(
    frame: WeekFrame,
    roles: dict[int, EntryKind],
    sessions: dict[EntryKind, QualitySession],
    last_hard: date | None,
) -> tuple[list[tuple[date, EntryKind, QualitySession | None, str]], date | None]:
    """The week's days with their kind and session; a hard day less than 48 h after the last
    one becomes easy. Returns the days and the week's last hard day."""
    days: list[tuple[date, EntryKind, QualitySession | None, str]] = []
    day = frame.start
    race = frame.race_date
    while day <= frame.last_day:
        kind, note = roles[day.weekday()], ""
        if day == race:
            kind, note = EntryKind.RACE, "Race day."
        elif frame.race_week and kind in (EntryKind.LONG, EntryKind.TEMPO):
            kind, note = EntryKind.EASY, "Race week: short and easy, legs fresh."
        elif kind is EntryKind.TEMPO and (frame.recovery or frame.phase is Phase.TAPER):
            kind = EntryKind.EASY
        if kind in HARD_KINDS and kind is not EntryKind.RACE and (race - day).days < 3:
            kind, note = EntryKind.EASY, "Too close to the race for quality: easy."
        if kind in HARD_KINDS and last_hard is not None and (day - last_hard).days < 2:
            kind, note = EntryKind.EASY, "Easy: less than 48 hours after the last hard day."
        if kind in HARD_KINDS:
            last_hard = day
        note = note or _note(frame, kind, roles, day)
        days.append((day, kind, sessions.get(kind), note))
        day += timedelta(days=1)
    return days, last_hard


_PHASE_NOTES = {
    Phase.BASE: "Turnover at R pace: fast and relaxed, with full recoveries.",
    Phase.BUILD: "Track block: a rep more than last week while form holds.",
    Phase.PEAK: "Race-pace reps: the race's rhythm, under control.",
    Phase.TAPER: "Taper: less running, the race pace stays.",
}


def _note(frame: WeekFrame, kind: EntryKind, roles: dict[int, EntryKind], day: date) -> str:
    """Why the day holds what it holds, in a sentence."""
    if kind is EntryKind.TRACK:
        if frame.recovery:
            return "Recovery week: the block ends with a short tempo on the road."
        return _PHASE_NOTES[frame.phase]
    if kind is EntryKind.TEMPO:
        return "Road tempo: comfortably hard, 48 hours from the track and the long run."
    if kind is EntryKind.EASY and roles[(day.weekday() - 1) % 7] is EntryKind.TRACK:
        return "Easy the day after the track."
    if kind is EntryKind.LONG:
        return "Long run at easy pace: time on the feet."
    return ""


def _session_km(session: QualitySession, profile: AthleteProfile) -> float:
    resolved = resolve(parse_workout(session_text(session)), profile)
    return round(resolved.totals.distance_m / 1000, 1)


def _fitting_easy_runs(
    out: list[dict[str, object]], rest_km: float, long_run: bool, settings: SeasonSettings
) -> list[dict[str, object]]:
    """The easy runs the week's distance can give `min_easy_km` each; the others (never the
    one after the track) become rest, so that a small week stays small instead of padding
    every run up to the minimum and breaking the volume rule."""
    easy = [e for e in out if e["kind"] is EntryKind.EASY]
    share = settings.long_run_factor if long_run else 0.0

    def after_track(entry: dict[str, object]) -> bool:
        index = out.index(entry)
        return index > 0 and out[index - 1]["kind"] is EntryKind.TRACK

    while len(easy) > 1 and rest_km / (len(easy) + share) < settings.min_easy_km:
        spare = [e for e in easy if not after_track(e)]
        dropped = spare[-1] if spare else easy[-1]
        dropped.update(
            kind=EntryKind.REST, note="Rest: the week's distance is too small for another run yet."
        )
        easy.remove(dropped)
    return easy


def fill(
    days: list[tuple[date, EntryKind, QualitySession | None, str]],
    volume_km: float,
    race_km: float,
    profile: AthleteProfile,
    settings: SeasonSettings,
) -> list[dict[str, object]]:
    """The week's entries (as data for `PlanEntry`) with distances adding up to `volume_km`:
    quality sessions as they resolve, the race, then the long run and easy runs share the rest."""
    fixed = 0.0
    out: list[dict[str, object]] = []
    for day, kind, session, note in days:
        entry: dict[str, object] = {"day": day, "kind": kind, "note": note, "workout_text": None}
        if kind in (EntryKind.TRACK, EntryKind.TEMPO) and session is not None:
            km = _session_km(session, profile)
            entry.update(workout_text=session_text(session), distance_km=km, session=session)
            fixed += km
        elif kind is EntryKind.RACE:
            entry["distance_km"] = race_km
            fixed += race_km
        out.append(entry)
    rest_km = max(volume_km - fixed, 0.0)
    long = [e for e in out if e["kind"] is EntryKind.LONG]
    easy = _fitting_easy_runs(out, rest_km, bool(long), settings)
    paces = profile.paces()
    easy_pace = easy_middle(paces) if paces is not None else 330.0
    cap_long = min(
        volume_km * settings.long_run_max_share,
        settings.long_run_max_minutes * 60 / easy_pace,
    )
    long_km, easy_kms = split_volume(rest_km, len(easy), bool(long), cap_long, settings)
    for entry in long:
        entry.update(distance_km=long_km, workout_text=long_text(long_km))
    for entry, km in zip(easy, easy_kms, strict=True):
        entry.update(distance_km=km, workout_text=easy_text(km))
    return out
