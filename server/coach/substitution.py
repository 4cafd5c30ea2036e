"""Bad-weather substitution: the track session's effort on the road or a treadmill.

On a day the track is out (rain, ice, a closed stadium), the session is not skipped and not
raced against the weather: it is run at the same effort where the runner can go. On the road
the reps keep their paces as effort targets beside a heart-rate guard and a perceived effort,
since GPS pace over a 90-second rep is noise; reps run by time at the same pace, or by distance
on a measured stretch with a lap press at the mark; or the whole set becomes a tempo carrying
about the same load. On a treadmill paces become belt speeds at the usual 1 % incline.
Everything returned is a workout in the text format, so today's plan can swap to it.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from server.coach.effort import (
    Intensity,
    LoadComparison,
    compare_loads,
    easy_middle,
    hr_guard,
    intensity_of,
    pace_of,
    rpe_target,
    session_load,
)
from server.coach.main_set import is_preparation
from server.engine.settings import Venue
from server.workouts import (
    AthleteProfile,
    DistanceDuration,
    LapButtonDuration,
    NamedPace,
    NamedPaceTarget,
    Repeat,
    ResolvedWorkout,
    Section,
    SpeedTarget,
    Step,
    StepKind,
    TargetFamily,
    TimeDuration,
    Workout,
    format_workout,
    resolve,
)
from server.workouts.limits import MAX_WORDS_CHARS
from server.workouts.targets import PACE_FAMILY, family_of

__all__ = [
    "TREADMILL_FLAT_SPEEDUP",
    "LoadComparison",
    "RoadStyle",
    "Substitution",
    "substitute",
]

TREADMILL_FLAT_SPEEDUP = 1.045
"""Speed factor on a flat belt for the cost of 1 % grade: the ACSM running equation's grade
term (0.9 x speed x grade) against its horizontal term (0.2 x speed)."""

_ROUND_S = 5.0
_TEMPO_REPS = tuple((n, w) for w in (5, 6, 8, 10) for n in range(2, 7) if n * w <= 40)
_JOG_S = 60.0


class RoadStyle(StrEnum):
    """How a track session goes on the road."""

    BY_TIME = "by_time"
    MEASURED_STRETCH = "measured_stretch"
    TEMPO = "tempo"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Substitution(_Frozen):
    """The session for another venue, why it is run this way, and how its load compares."""

    workout_text: str
    venue: Venue
    style: RoadStyle | None
    rationale: str
    load_comparison: LoadComparison | None


class _Rewriter:
    """Step by step, so that warm-up, drills and strides stay as the runner knows them and
    only the set's reps and recoveries change their form (the treadmill changes every pace)."""

    def __init__(self, profile: AthleteProfile, venue: Venue, style: RoadStyle, flat: bool):
        self.profile, self.venue, self.style, self.flat = profile, venue, style, flat
        self.paces = profile.paces()

    def items(self, items: tuple[Step | Section | Repeat, ...], prep: bool) -> list[object]:
        out: list[object] = []
        for item in items:
            if isinstance(item, Step):
                out.append(self.step(item, prep).model_dump())
            else:
                inner = prep or is_preparation(item.name)
                data = item.model_dump()
                data["steps"] = self.items(item.steps, inner)
                out.append(data)
        return out

    def step(self, step: Step, prep: bool) -> Step:
        if self.venue is Venue.TREADMILL:
            return self.treadmill(step)
        if prep or step.kind not in (StepKind.WORK, StepKind.RECOVERY, StepKind.REST):
            return step
        primary = step.target
        pace = pace_of(primary, self.profile) if isinstance(primary, PACE_FAMILY) else None
        update: dict[str, object] = {"splits": None}
        duration = step.duration
        if isinstance(duration, DistanceDuration):
            if self.style is RoadStyle.MEASURED_STRETCH:
                update["duration"] = LapButtonDuration(estimate=duration)
            else:
                middle = pace.middle_s_per_km if pace is not None else self._jog_pace()
                seconds = max(
                    _ROUND_S, round(duration.metres * middle / 1000 / _ROUND_S) * _ROUND_S
                )
                update["duration"] = TimeDuration(seconds=seconds)
        if step.kind is StepKind.WORK and pace is not None and self.paces is not None:
            update["targets"] = self._effort_targets(
                step, intensity_of(pace.middle_s_per_km, self.paces)
            )
        return Step.model_validate({**step.model_dump(), **_dumped(update)})

    def _effort_targets(self, step: Step, intensity: Intensity) -> tuple[object, ...]:
        families = {family_of(target) for target in step.targets}
        extra: list[object] = []
        guard = hr_guard(intensity, self.profile)
        if guard is not None and TargetFamily.HEART_RATE not in families:
            extra.append(guard)
        if TargetFamily.EFFORT not in families:
            extra.append(rpe_target(intensity))
        return (*step.targets, *extra)

    def _jog_pace(self) -> float:
        return self.paces.easy[0] if self.paces is not None else 420.0

    def treadmill(self, step: Step) -> Step:
        targets: list[object] = []
        for target in step.targets:
            pace = pace_of(target, self.profile) if isinstance(target, PACE_FAMILY) else None
            if pace is None or isinstance(target, SpeedTarget):
                targets.append(target)
                continue
            factor = TREADMILL_FLAT_SPEEDUP if self.flat else 1.0
            low = round(3600 / pace.slow_s_per_km * factor, 1)
            high = round(3600 / pace.fast_s_per_km * factor, 1)
            targets.append(SpeedTarget(low=low, high=high))
        return Step.model_validate({**step.model_dump(), **_dumped({"targets": targets})})


def _dumped(update: dict[str, object]) -> dict[str, object]:
    def dump(value: object) -> object:
        if isinstance(value, BaseModel):
            return value.model_dump()
        if isinstance(value, list | tuple):
            return [dump(each) for each in value]
        return value

    return {key: dump(value) for key, value in update.items()}


def _has_work(item: Step | Section | Repeat) -> bool:
    if isinstance(item, Step):
        return item.kind is StepKind.WORK
    return any(_has_work(inner) for inner in item.steps)


def _main_blocks(workout: Workout) -> list[int]:
    """Top-level items that hold work and are not warm-up, drills, strides or cool-down."""
    return [
        index
        for index, item in enumerate(workout.items)
        if _has_work(item)
        and not (isinstance(item, Section | Repeat) and is_preparation(item.name))
    ]


def _tempo(workout: Workout, profile: AthleteProfile, target_points: float | None) -> Workout:
    """The main set replaced by cruise intervals at T pace with one-minute jogs, as many and as
    long as bring the set's load nearest the track set's (2-6 reps of 5-10 minutes, 40 at most)."""
    main = _main_blocks(workout)
    best = (3, 8)
    if target_points is not None:
        threshold = profile.threshold_pace() or 1.0
        paces = profile.paces()
        t_pace = paces.threshold if paces is not None else threshold
        easy = easy_middle(paces) if paces is not None else threshold / 0.75

        def points(n: int, w: int) -> float:
            work = n * w * 60 / 3600 * (threshold / t_pace) ** 2 * 100
            return work + (n - 1) * _JOG_S / 3600 * (threshold / easy) ** 2 * 100

        best = min(_TEMPO_REPS, key=lambda nw: (abs(points(*nw) - target_points), nw[0]))
    reps, minutes = best
    targets: list[object] = [NamedPaceTarget(pace=NamedPace.THRESHOLD)]
    guard = hr_guard(Intensity.THRESHOLD, profile)
    if guard is not None:
        targets.append(guard)
    targets.append(rpe_target(Intensity.THRESHOLD))
    tempo = Repeat(
        name="Tempo",
        count=reps,
        skip_last_recovery=True,
        steps=(
            Step(
                kind=StepKind.WORK,
                cue="Tempo",
                duration=TimeDuration(seconds=minutes * 60),
                targets=tuple(targets),
            ),
            Step(
                kind=StepKind.RECOVERY,
                cue="Jog",
                duration=TimeDuration(seconds=_JOG_S),
                targets=(NamedPaceTarget(pace=NamedPace.EASY),),
            ),
        ),
    )
    items = [item for index, item in enumerate(workout.items) if index not in main[1:]]
    items[main[0]] = tempo
    return Workout(name=workout.name, notes=workout.notes, items=tuple(items))


def _with_notes(workout: Workout, venue: Venue, lines: list[str]) -> Workout:
    kept = (workout.notes or "").splitlines()
    notes = "\n".join([*kept, *(line for line in lines if line not in kept)]) or None
    name = workout.name
    suffix = f" ({venue.value})"
    if name is not None and not name.endswith(suffix):
        name = name[: MAX_WORDS_CHARS - len(suffix)].rstrip() + suffix
    return Workout.model_validate({**workout.model_dump(), "name": name, "notes": notes})


_ROAD_WHY = {
    RoadStyle.BY_TIME: (
        "Reps by time at the same pace: the time a rep took on the track, rounded to 5 s, so"
        " GPS distance never ends a rep early or late."
    ),
    RoadStyle.MEASURED_STRETCH: (
        "Reps by distance on a measured stretch (a marked path, a quiet road with posts): press"
        " lap at the mark; recoveries jog back to the start and end with a lap press too."
    ),
    RoadStyle.TEMPO: (
        "A tempo instead of the reps: cruise intervals at T pace, comfortably hard (RPE 6-7),"
        " a notch below the reps' effort, as many minutes as carry about the same load."
    ),
}


def substitute(
    workout: Workout | ResolvedWorkout,
    venue: Venue,
    profile: AthleteProfile,
    *,
    style: RoadStyle = RoadStyle.BY_TIME,
    incline: bool = True,
) -> Substitution:
    """The session for `venue` (road or treadmill) at the same effort, for this athlete.

    `style` chooses the road version; `incline=False` is for a treadmill that has none (the
    speeds then carry the 1 % grade). Raises ValueError for the track (nothing to substitute)
    and `ResolutionError` when a target needs a number the profile lacks.
    """
    if venue is Venue.TRACK:
        raise ValueError("the session is already on the track: substitute for road or treadmill")
    original = workout.workout if isinstance(workout, ResolvedWorkout) else workout
    before = resolve(original, profile)
    why: list[str] = []
    notes: list[str] = []
    chosen: RoadStyle | None = style if venue is Venue.ROAD else None
    if venue is Venue.ROAD and style is RoadStyle.TEMPO:
        main = _main_blocks(original)
        if not main:
            raise ValueError("the workout has no main set to turn into a tempo")
        set_load = session_load(before, profile, set(main))
        changed = _tempo(original, profile, set_load.points if set_load else None)
    else:
        rewriter = _Rewriter(profile, venue, style, flat=not incline)
        data = original.model_dump()
        data["items"] = rewriter.items(original.items, prep=False)
        changed = Workout.model_validate(data)
    if venue is Venue.ROAD:
        why.append(_ROAD_WHY[style])
        why.append(
            "Paces stay as effort targets beside a heart-rate guard and a perceived effort:"
            " GPS pace over a short rep is noise, and wind and hills change what a pace costs."
        )
        if profile.max_hr is None and profile.lthr is None:
            why.append("No heart-rate guard: the profile has neither max HR nor LTHR.")
        why.append(
            "The format has no effort-only pace: the pace stays the primary target and pace"
            " alerts still speak on GPS pace; switch them off if the signal jumps."
        )
        notes.append("Road version: run by effort, glance at heart rate, not at GPS pace.")
    else:
        if incline:
            notes.append("Set the treadmill to 1 % incline for the whole session.")
            why.append(
                "Paces are belt speeds at the usual 1 % incline, which stands in for the air a"
                " runner does not push indoors (Jones and Doust, 1996). The format has no"
                " incline target, so the incline is in the notes."
            )
        else:
            notes.append("Flat belt: speeds are 4.5 % up to make up for the missing 1 % incline.")
            why.append(
                "A flat belt: speeds are 4.5 % faster than the outdoor paces, the speed that"
                " costs what 1 % incline does (ACSM running equation)."
            )
    changed = _with_notes(changed, venue, notes)
    after = resolve(changed, profile)
    loads = session_load(before, profile), session_load(after, profile)
    comparison = None
    if loads[0] is not None and loads[1] is not None:
        comparison = compare_loads(loads[0], loads[1], f"{venue.value} version")
        why.append(comparison.text)
    return Substitution(
        workout_text=format_workout(changed),
        venue=venue,
        style=chosen,
        rationale=" ".join(why),
        load_comparison=comparison,
    )
