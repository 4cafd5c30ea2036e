"""Resolve a workout for one athlete: expand repeats and turn every target into numbers.

The result is the session's snapshot: once a session is created it keeps these numbers even if
the athlete's profile changes later, so a session replays the same way forever.
"""

from __future__ import annotations

from collections.abc import Iterator

from server.workouts.athlete import AthleteProfile
from server.workouts.errors import ResolutionError
from server.workouts.limits import MAX_EXPANDED_STEPS, MAX_SPLIT_CALLS, MAX_SPLIT_CALLS_PER_STEP
from server.workouts.model import (
    CadenceTarget,
    DistanceDuration,
    HeartRateDuration,
    HeartRateReference,
    HeartRateTarget,
    HeartRateZoneTarget,
    LapButtonDuration,
    NamedPace,
    NamedPaceTarget,
    PaceTarget,
    PaceZoneTarget,
    PowerReference,
    PowerTarget,
    PowerZoneTarget,
    Repeat,
    RpeTarget,
    Section,
    SpeedTarget,
    Step,
    StepKind,
    Target,
    ThresholdPaceTarget,
    TimeDuration,
    Workout,
)
from server.workouts.races import parse_race
from server.workouts.resolved import (
    AnyResolved,
    ExpandedStep,
    ResolvedCadence,
    ResolvedHeartRate,
    ResolvedPace,
    ResolvedPower,
    ResolvedRpe,
    ResolvedTarget,
    ResolvedWorkout,
    Totals,
    primary_resolved,
)
from server.workouts.target_format import format_target
from server.workouts.track import TRACK_LAP_M, Split, lane_lap_metres, lap_time, split_times
from server.workouts.units import format_pace
from server.workouts.vdot import race_time_for_vdot

__all__ = [
    "ExpandedStep",
    "ResolvedCadence",
    "ResolvedHeartRate",
    "ResolvedPace",
    "ResolvedPower",
    "ResolvedRpe",
    "ResolvedTarget",
    "ResolvedWorkout",
    "Totals",
    "resolve",
]

_PACE_LIMITS = (90.0, 1800.0)
"""Seconds per km a resolved pace must lie within: what a runner can run, or walk."""


class _Resolver:
    def __init__(self, athlete: AthleteProfile, lane: int) -> None:
        self.athlete = athlete
        self.lane = lane

    def named(self, target: NamedPaceTarget, path: str) -> ResolvedPace:
        paces = self.athlete.paces()
        if paces is None or self.athlete.vdot is None:
            raise ResolutionError(
                path, f"{format_target(target)} needs a race result (VDOT) in the profile"
            )
        tolerance = self.athlete.pace_tolerance_s_per_km
        if target.pace is NamedPace.EASY:
            slow, fast = paces.easy
        else:
            race = target.pace.race
            if race is not None:
                # Race paces are the VDOT's equivalent race times, the same table `pace` prints.
                metres = parse_race(race).metres
                centre = race_time_for_vdot(self.athlete.vdot, metres) / metres * 1000
            else:
                centre = {
                    NamedPace.THRESHOLD: paces.threshold,
                    NamedPace.INTERVAL: paces.interval,
                    NamedPace.REPETITION: paces.repetition,
                }[target.pace]
            fast, slow = centre - tolerance, centre + tolerance
        shift = target.offset_per_km
        return ResolvedPace(fast_s_per_km=fast + shift, slow_s_per_km=slow + shift)

    def threshold(self, path: str, what: str) -> float:
        pace = self.athlete.threshold_pace()
        if pace is None:
            raise ResolutionError(path, f"{what} needs a threshold pace or a race result")
        return pace

    def hr_zone(self, low: int, high: int, path: str) -> ResolvedHeartRate:
        zones = self.athlete.heart_rate_zones()
        if zones is None:
            shown = format_target(HeartRateZoneTarget(low=low, high=high))
            raise ResolutionError(
                path,
                f"{shown} needs the athlete's heart-rate zones: heart-rate zones need LTHR,"
                " or max and resting HR, in the profile",
            )
        if high > len(zones):
            raise ResolutionError(
                path, f"the profile has {len(zones)} heart-rate zones, not {high}"
            )
        resolved = ResolvedHeartRate(low_bpm=zones[low - 1].low, high_bpm=zones[high - 1].high)
        if resolved.low_bpm >= resolved.high_bpm:
            raise ResolutionError(
                path, f"heart-rate zone {low} is empty: it lies above the athlete's max HR"
            )
        return resolved

    def target(self, target: Target, path: str) -> AnyResolved:
        resolved = self._target(target, path)
        if isinstance(resolved, ResolvedPace):
            for pace in (resolved.fast_s_per_km, resolved.slow_s_per_km):
                if not _PACE_LIMITS[0] <= pace <= _PACE_LIMITS[1]:
                    shown = format_pace(pace) if pace > 0 else f"{pace:.0f} s/km"
                    raise ResolutionError(
                        path,
                        f"{format_target(target)} comes to {shown} for this athlete,"
                        " outside 1:30-30:00/km",
                    )
        return resolved

    def _target(self, target: Target, path: str) -> AnyResolved:
        if isinstance(target, PaceTarget):
            return ResolvedPace(
                fast_s_per_km=target.unit.per_km(target.fast),
                slow_s_per_km=target.unit.per_km(target.slow),
            )
        if isinstance(target, NamedPaceTarget):
            return self.named(target, path)
        if isinstance(target, ThresholdPaceTarget):
            pace = self.threshold(path, "percent of threshold pace")
            return ResolvedPace(
                fast_s_per_km=pace * 100 / target.high, slow_s_per_km=pace * 100 / target.low
            )
        if isinstance(target, PaceZoneTarget):
            pace = self.threshold(path, "pace zones")
            slow_pct, fast_pct = self.athlete.pace_zone_span(target.low, target.high)
            return ResolvedPace(
                fast_s_per_km=pace * 100 / fast_pct, slow_s_per_km=pace * 100 / slow_pct
            )
        if isinstance(target, SpeedTarget):
            return ResolvedPace(
                fast_s_per_km=1000 / target.unit.to_mps(target.high),
                slow_s_per_km=1000 / target.unit.to_mps(target.low),
            )
        if isinstance(target, HeartRateTarget):
            return self.heart_rate(target, path)
        if isinstance(target, HeartRateZoneTarget):
            return self.hr_zone(target.low, target.high, path)
        if isinstance(target, CadenceTarget):
            return ResolvedCadence(low_spm=target.low, high_spm=target.high)
        if isinstance(target, RpeTarget):
            return ResolvedRpe(low=target.low, high=target.high)
        return self.power(target)

    def power(self, target: PowerTarget | PowerZoneTarget) -> ResolvedPower:
        """Watts where they follow from what is written and the profile; else kept as written."""
        if isinstance(target, PowerZoneTarget):
            return ResolvedPower(low_zone=target.low, high_zone=target.high)
        if target.reference is PowerReference.WATTS:
            return ResolvedPower(low_watts=round(target.low), high_watts=round(target.high))
        ftp = self.athlete.ftp_watts
        if ftp is None:
            return ResolvedPower(low_percent_ftp=target.low, high_percent_ftp=target.high)
        return ResolvedPower(
            low_watts=round(ftp * target.low / 100), high_watts=round(ftp * target.high / 100)
        )

    def heart_rate(self, target: HeartRateTarget, path: str) -> ResolvedHeartRate:
        if target.reference is HeartRateReference.BPM:
            return ResolvedHeartRate(low_bpm=round(target.low), high_bpm=round(target.high))
        if target.reference is HeartRateReference.MAX:
            reference, what = self.athlete.max_hr, "max HR"
        else:
            reference, what = self.athlete.lthr, "lactate-threshold HR"
        if reference is None:
            raise ResolutionError(path, f"{format_target(target)} needs {what} in the profile")
        return ResolvedHeartRate(
            low_bpm=round(reference * target.low / 100),
            high_bpm=round(reference * target.high / 100),
        )

    def fallback_pace(self, kind: StepKind) -> float | None:
        """The pace a step without a pace target is likely run at, for estimates only."""
        paces = self.athlete.paces()
        if paces is None:
            return None
        if kind is StepKind.WORK:
            return paces.threshold
        return (paces.easy[0] + paces.easy[1]) / 2.0


def _walk(
    items: tuple[Step | Section | Repeat, ...], path: str, block: str | None
) -> Iterator[tuple[Step, str, str | None]]:
    for number, item in enumerate(items, start=1):
        if isinstance(item, Step):
            yield item, f"{path}step {number}", block
            continue
        label = (item.name or "repeat").lower()
        here = block if block is not None else item.name
        if isinstance(item, Section):
            yield from _walk(item.steps, f"{path}{label} > ", here)
            continue
        for iteration in range(1, item.count + 1):
            steps = item.steps
            if item.skip_last_recovery and iteration == item.count:
                steps = steps[:-1]
            yield from _walk(steps, f"{path}{label} {iteration}/{item.count} > ", here)


def resolve(workout: Workout, athlete: AthleteProfile, *, lane: int = 1) -> ResolvedWorkout:
    """Expand `workout` and resolve its targets for `athlete` running in `lane` on a track.

    Raises `ResolutionError` naming the step when a target needs a number the profile lacks,
    or when the workout would expand past a limit (the model refuses those already; this holds
    for a workout built without validation too, before any step is expanded).
    """
    resolver = _Resolver(athlete, lane)
    total = sum(item.expanded_count() for item in workout.items)
    if total > MAX_EXPANDED_STEPS:
        raise ResolutionError(
            "",
            f"the workout expands to {total} steps, over the limit of {MAX_EXPANDED_STEPS}"
            " expanded steps in a workout",
        )
    flat: list[tuple[Step, str, str | None, int]] = []
    calls = 0
    for top_index, item in enumerate(workout.items):
        for step, path, block in _walk((item,), "", None):
            calls += _split_calls(step, path)
            if calls > MAX_SPLIT_CALLS:
                raise ResolutionError(
                    path,
                    f"the workout makes {calls} split calls up to here, over the limit of"
                    f" {MAX_SPLIT_CALLS} split calls in a workout",
                )
            flat.append((step, path, block, top_index))
    reps_in: dict[int, int] = {}
    for step, _, _, top_index in flat:
        if step.kind is StepKind.WORK:
            reps_in[top_index] = reps_in.get(top_index, 0) + 1

    expanded: list[ExpandedStep] = []
    seen_reps: dict[int, int] = {}
    for index, (step, path, block, top_index) in enumerate(flat):
        several = len(step.targets) > 1
        targets = tuple(
            resolver.target(target, f"{path} > target {number}" if several else f"{path} > target")
            for number, target in enumerate(step.targets, start=1)
        )
        rep = reps = None
        if step.kind is StepKind.WORK:
            seen_reps[top_index] = seen_reps.get(top_index, 0) + 1
            rep, reps = seen_reps[top_index], reps_in[top_index]
        expanded.append(
            _expand(resolver, index, step, path, (block, top_index), rep, reps, targets)
        )

    known_seconds = [s.planned_seconds or s.estimated_seconds for s in expanded]
    known_metres = [
        s.planned_metres if s.planned_metres is not None else s.estimated_metres for s in expanded
    ]
    totals = Totals(
        planned_seconds=sum(s.planned_seconds or 0.0 for s in expanded),
        planned_metres=sum(s.planned_metres or 0.0 for s in expanded),
        duration_s=sum(value or 0.0 for value in known_seconds),
        distance_m=sum(value or 0.0 for value in known_metres),
        complete=all(value is not None for value in known_seconds + known_metres),
    )
    return ResolvedWorkout(
        workout=workout, athlete=athlete, lane=lane, steps=tuple(expanded), totals=totals
    )


def _split_calls(step: Step, path: str) -> int:
    """The step's split calls, counted before any is built; too many is an error at the step."""
    calls = step.split_calls()
    if calls > MAX_SPLIT_CALLS_PER_STEP:
        raise ResolutionError(
            path,
            f"the step makes {calls} split calls, over the limit of {MAX_SPLIT_CALLS_PER_STEP}"
            " split calls in a step",
        )
    return calls


def _expand(
    resolver: _Resolver,
    index: int,
    step: Step,
    path: str,
    block: tuple[str | None, int],
    rep: int | None,
    reps: int | None,
    targets: tuple[AnyResolved, ...],
) -> ExpandedStep:
    duration = step.duration
    measured = duration.estimate if isinstance(duration, LapButtonDuration) else duration
    planned_seconds = planned_metres = None
    if isinstance(measured, TimeDuration):
        planned_seconds = measured.seconds
    elif isinstance(measured, DistanceDuration):
        planned_metres = measured.metres
    elif isinstance(measured, HeartRateDuration):
        planned_seconds = measured.cap_seconds

    target = primary_resolved(targets)
    pace = target.middle_s_per_km if isinstance(target, ResolvedPace) else None
    estimate_pace = pace if pace is not None else resolver.fallback_pace(step.kind)
    estimated_seconds = estimated_metres = None
    if step.kind is StepKind.REST:
        estimated_metres = 0.0 if planned_metres is None else None
    elif planned_seconds is not None and estimate_pace is not None:
        estimated_metres = planned_seconds / estimate_pace * 1000
    if planned_metres is not None and estimate_pace is not None:
        # Distances count by the lane-1 marks; an outer lane runs further in the same rep.
        lane_factor = lane_lap_metres(resolver.lane) / TRACK_LAP_M
        estimated_seconds = planned_metres * lane_factor * estimate_pace / 1000

    lap_seconds = None
    splits: tuple[Split, ...] = ()
    if pace is not None:
        lap_seconds = lap_time(pace, resolver.lane)
        if isinstance(duration, DistanceDuration):
            every = step.splits.metres if step.splits is not None else duration.metres
            splits = tuple(split_times(duration.metres, pace, every, resolver.lane))
    return ExpandedStep(
        index=index,
        path=path,
        kind=step.kind,
        duration=duration,
        target_text=" ".join(format_target(each) for each in step.targets) or None,
        targets=targets,
        ramp=step.ramp,
        cue=step.cue,
        note=step.note,
        block=block[0],
        block_index=block[1],
        rep=rep,
        reps=reps,
        planned_seconds=planned_seconds,
        planned_metres=planned_metres,
        estimated_seconds=estimated_seconds,
        estimated_metres=estimated_metres,
        lap_seconds=lap_seconds,
        splits=splits,
    )
