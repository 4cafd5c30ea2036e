"""Training load: a number per run from the best data it has, and fitness, fatigue and form.

Every method is scaled so that an hour at threshold scores 100, as TrainingPeaks' TSS does, so
that a run measured by pace, one measured by heart rate and one with only a feeling add up on
one chart. The sources, worked examples and the reasons for each constant are in
docs/coaching.md; the daily series is one pass over the days, so five years stay instant.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from server.coach.history import RunRecord, Segment
from server.coach.settings import DEFAULT_SETTINGS, CoachSettings
from server.files.activity import Sport
from server.workouts import AthleteProfile

__all__ = [
    "ActivityLoad",
    "DayLoad",
    "LoadMethod",
    "TrainingLoad",
    "WeekLoad",
    "activity_load",
    "activity_loads",
    "rtss",
    "srpe",
    "srpe_load",
    "training_load",
    "trimp",
    "trimp_load",
]

LoadMethod = Literal["pace", "heart_rate", "rpe", "duration", "none"]

# Banister's weighting y = a * e^(b * HRr): men and women (Banister 1991), and the geometric
# mean of the two curves when the athlete's sex is not known.
_TRIMP = {"male": (0.64, 1.92), "female": (0.86, 1.67)}
_TRIMP["neutral"] = (
    math.sqrt(_TRIMP["male"][0] * _TRIMP["female"][0]),
    (_TRIMP["male"][1] + _TRIMP["female"][1]) / 2,
)


def rtss(seconds: float, speed_mps: float, threshold_speed_mps: float) -> float:
    """Running TSS of a stretch at one speed: hours x IF^2 x 100, IF = speed / threshold speed."""
    intensity = speed_mps / threshold_speed_mps
    return seconds / 3600 * intensity * intensity * 100


def trimp(minutes: float, avg_hr: float, resting_hr: float, max_hr: float, sex: str) -> float:
    """Banister's TRIMP: minutes x HRr x a e^(b HRr), HRr = (avg - rest) / (max - rest)."""
    a, b = _TRIMP[sex]
    reserve = min(max((avg_hr - resting_hr) / (max_hr - resting_hr), 0.0), 1.0)
    return minutes * reserve * a * math.exp(b * reserve)


def trimp_load(
    minutes: float, avg_hr: float, athlete: AthleteProfile, settings: CoachSettings
) -> float | None:
    """TRIMP scaled so that an hour at threshold heart rate scores 100 (None without HR max
    and resting HR)."""
    if athlete.max_hr is None or athlete.resting_hr is None:
        return None
    rest, top = athlete.resting_hr, athlete.max_hr
    threshold = athlete.lthr or rest + settings.threshold_hrr * (top - rest)
    hour = trimp(60, threshold, rest, top, settings.trimp_sex)
    return trimp(minutes, avg_hr, rest, top, settings.trimp_sex) / hour * 100


def srpe(rpe: float, minutes: float) -> float:
    """Foster's session load in arbitrary units: session RPE (CR-10) x minutes."""
    return rpe * minutes


def srpe_load(rpe: float, minutes: float, settings: CoachSettings = DEFAULT_SETTINGS) -> float:
    """Session RPE load scaled so that an hour at the threshold RPE (7, "very hard") is 100."""
    return srpe(rpe, minutes) * 100 / (60 * settings.srpe_threshold_rpe)


@dataclass(frozen=True, slots=True)
class ActivityLoad:
    """A run's load, the method that gave it, and the intensity behind it (IF or HRr)."""

    load: float
    method: LoadMethod
    intensity: float | None


@dataclass(frozen=True, slots=True)
class _Reference:
    """The athlete's numbers every run is scored against, worked out once per history (Daniels'
    threshold pace alone costs a hundred exponentials)."""

    threshold_speed: float | None
    resting_hr: float | None
    max_hr: float | None
    hour_trimp: float | None

    @classmethod
    def of(cls, athlete: AthleteProfile, settings: CoachSettings) -> _Reference:
        threshold = athlete.threshold_pace()
        rest, top = athlete.resting_hr, athlete.max_hr
        hour = None
        if rest is not None and top is not None:
            threshold_hr = athlete.lthr or rest + settings.threshold_hrr * (top - rest)
            hour = trimp(60, threshold_hr, rest, top, settings.trimp_sex)
        speed = 1000 / threshold if threshold is not None else None
        return cls(speed, rest, top, hour)


_FASTEST_RUN_MPS = 12.5
"""Above this speed (a 100 m world record averages about 10.4 m/s) a pace is not a run's."""


def _pace_load(run: RunRecord, threshold_speed: float) -> ActivityLoad | None:
    """Sum of each segment's rTSS: sum(seconds x (metres / seconds / threshold speed)^2) / 36."""
    seconds = weighted = 0.0
    segments = run.segments or (Segment(seconds=run.duration_s or 0, metres=run.distance_m),)
    for segment in segments:
        if segment.seconds >= 1:  # under a second, a pace says nothing
            if segment.metres and segment.metres / segment.seconds > _FASTEST_RUN_MPS:
                return None  # faster than anyone runs: the distance or time is wrong
            seconds += segment.seconds
            if segment.metres:
                weighted += segment.metres * segment.metres / segment.seconds
    if seconds <= 0 or weighted <= 0:
        return None
    total = weighted / (threshold_speed * threshold_speed) / 36
    return ActivityLoad(total, "pace", math.sqrt(total / 100 / (seconds / 3600)))


def activity_load(
    run: RunRecord,
    athlete: AthleteProfile,
    settings: CoachSettings = DEFAULT_SETTINGS,
    *,
    reference: _Reference | None = None,
) -> ActivityLoad:
    """The load of one run from the best data it has: pace, else heart rate, else RPE, else its
    time at an easy effort; nothing for an activity without a duration."""
    ref = reference or _Reference.of(athlete, settings)
    minutes = (run.duration_s or 0.0) / 60
    if run.is_run and run.pace_reliable and ref.threshold_speed is not None and run.distance_m:
        found = _pace_load(run, ref.threshold_speed)
        if found is not None:
            return found
    if run.avg_hr is not None and minutes > 0 and ref.hour_trimp is not None:
        rest, top = ref.resting_hr or 0.0, ref.max_hr or 1.0
        raw = trimp(minutes, run.avg_hr, rest, top, settings.trimp_sex)
        return ActivityLoad(
            raw / ref.hour_trimp * 100, "heart_rate", (run.avg_hr - rest) / (top - rest)
        )
    if run.rpe is not None and minutes > 0:
        return ActivityLoad(srpe_load(run.rpe, minutes, settings), "rpe", None)
    if minutes > 0:
        easy = settings.easy_intensity
        return ActivityLoad(minutes / 60 * easy * easy * 100, "duration", easy)
    return ActivityLoad(0.0, "none", None)


def activity_loads(
    history: Sequence[RunRecord],
    athlete: AthleteProfile,
    settings: CoachSettings = DEFAULT_SETTINGS,
) -> list[float]:
    """The load of every run, the athlete's reference numbers worked out once."""
    reference = _Reference.of(athlete, settings)
    return [activity_load(run, athlete, settings, reference=reference).load for run in history]


@dataclass(frozen=True, slots=True)
class DayLoad:
    """One day: its load, fitness (CTL), fatigue (ATL), form (TSB) and the acute:chronic ratio."""

    date: dt.date
    load: float
    ctl: float
    atl: float
    tsb: float
    acwr: float | None
    distance_m: float
    duration_s: float
    hard: bool


@dataclass(frozen=True, slots=True)
class WeekLoad:
    """One ISO week (from its Monday): running distance, time, load and hard sessions."""

    week: dt.date
    distance_m: float
    duration_s: float
    load: float
    hard_sessions: int


@dataclass(frozen=True, slots=True)
class TrainingLoad:
    """Every day of the range asked for, and every week that touches it."""

    days: list[DayLoad]
    weeks: list[WeekLoad]


def training_load(
    history: Sequence[RunRecord],
    first: dt.date,
    last: dt.date,
    athlete: AthleteProfile,
    settings: CoachSettings = DEFAULT_SETTINGS,
    *,
    loads: Sequence[float] | None = None,
    seeded: bool = False,
) -> TrainingLoad:
    """Daily and weekly series over `first`..`last`, fitness built from the first run on.

    CTL and ATL follow TrainingPeaks: today = yesterday + (load - yesterday) / time constant,
    starting from zero; TSB is the form a day starts with (yesterday's CTL - ATL). `loads`, one
    per run, saves computing them again when the caller has them. `seeded` starts CTL and ATL at
    the mean daily load of the first `chronic_days` instead, as if the runner had trained like
    that before the history begins: readiness uses it, so that a runner whose history is only
    weeks old is not read as tired because fitness is still filling up.
    """
    if last < first:
        raise ValueError("the range ends before it starts")
    if loads is None:
        loads = activity_loads(history, athlete, settings)
    elif len(loads) != len(history):
        raise ValueError("one load per run")
    week_first = first - dt.timedelta(days=first.weekday())
    week_last = last + dt.timedelta(days=6 - last.weekday())
    origin = min((run.day for run in history), default=week_first)
    origin = min(origin, week_first - dt.timedelta(days=settings.chronic_days))
    size = (week_last - origin).days + 1
    load = [0.0] * size
    distance = [0.0] * size
    duration = [0.0] * size
    hard = [0] * size
    zero = origin.toordinal()
    running = Sport.RUNNING
    for run, value in zip(history, loads, strict=True):
        i = run.day.toordinal() - zero
        if i >= size:
            continue
        load[i] += value
        duration[i] += run.duration_s or 0.0
        if run.sport is running:
            distance[i] += run.distance_m or 0.0
        hard[i] += run.hard
    ctl_k, atl_k = 1 / settings.ctl_days, 1 / settings.atl_days
    acute_n, chronic_n = settings.acute_days, settings.chronic_days
    start, stop = (first - origin).days, (last - origin).days
    ctl = atl = acute = chronic = 0.0
    if seeded and history:
        first_run = (min(run.day for run in history) - origin).days
        ctl = atl = sum(load[first_run : first_run + chronic_n]) / chronic_n
    days: list[DayLoad] = []
    min_chronic = settings.acwr_min_chronic
    for i in range(stop + 1):
        value = load[i]
        acute += value - (load[i - acute_n] if i >= acute_n else 0.0)
        chronic += value - (load[i - chronic_n] if i >= chronic_n else 0.0)
        form = ctl - atl
        ctl += (value - ctl) * ctl_k
        atl += (value - atl) * atl_k
        if i >= start:
            base = chronic / chronic_n
            ratio = (acute / acute_n) / base if base >= min_chronic else None
            day = dt.date.fromordinal(zero + i)
            days.append(
                DayLoad(day, value, ctl, atl, form, ratio, distance[i], duration[i], hard[i] > 0)
            )
    weeks = []
    for w in range((week_first - origin).days, size, 7):
        weeks.append(
            WeekLoad(
                week=origin + dt.timedelta(days=w),
                distance_m=sum(distance[w : w + 7]),
                duration_s=sum(duration[w : w + 7]),
                load=sum(load[w : w + 7]),
                hard_sessions=sum(hard[w : w + 7]),
            )
        )
    return TrainingLoad(days=days, weeks=weeks)
