"""A workout as a FIT workout file (file type 5), for a Garmin watch's workouts, and back.

Out: a `workout` message and one `workout_step` per step, a repeat being a step of its own that
sends the watch back to its first step (`repeat_until_steps_cmplt`, the count in its target).
Durations are time, distance, open (the lap button) or heart rate (`hr_less_than` for "recover
until HR < X": FIT has no cap for it, so the cap stays in trackcue). Targets, at most two (FIT's
primary and secondary), pace before heart rate before power:

- pace, whatever it was written as, as the speed range resolved for the athlete (m/s x 1000);
- heart rate as one zone (the watch's own zones, as `Z2 HR` means the athlete's), percent of
  max HR as written (FIT's values up to 100), or else the resolved bpm + 100;
- power in watts + 1000, percent of FTP, or a zone; cadence, effort and the rest stay in
  trackcue, which nothing on a watch could check.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fit_tool.profile.messages.workout_message import (  # type: ignore[import-untyped]
    WorkoutMessage,
)
from fit_tool.profile.messages.workout_step_message import (  # type: ignore[import-untyped]
    WorkoutStepMessage,
)
from fit_tool.profile.profile_type import (  # type: ignore[import-untyped]
    Intensity,
    Sport,
    WorkoutStepDuration,
    WorkoutStepTarget,
)

from server.files.fit_common import encode, file_id, serial_number, short_text
from server.files.workout_outline import OutRepeat, OutStep, outline
from server.workouts import (
    DistanceDuration,
    HeartRateDuration,
    HeartRateReference,
    HeartRateTarget,
    HeartRateZoneTarget,
    HrDirection,
    LapButtonDuration,
    ResolvedHeartRate,
    ResolvedPace,
    ResolvedPower,
    ResolvedWorkout,
    StepKind,
    TimeDuration,
)
from server.workouts.units import pace_to_speed

__all__ = ["INTENSITIES", "write_fit_workout"]

INTENSITIES: dict[StepKind, int] = {
    StepKind.WARMUP: 2,
    StepKind.WORK: 0,
    StepKind.RECOVERY: 4,
    StepKind.REST: 1,
    StepKind.COOLDOWN: 3,
    StepKind.DRILLS: 6,
    StepKind.OTHER: 6,
}
"""FIT `intensity` values: active 0, rest 1, warmup 2, cooldown 3, recovery 4, other 6."""

_HR_OFFSET = 100  # FIT heart-rate values above 100 are bpm + 100; up to 100, percent of max
_POWER_OFFSET = 1000  # power above 1000 is watts + 1000; up to 1000, percent of FTP


def write_fit_workout(
    plan: ResolvedWorkout, *, name: str, created: dt.datetime | None = None
) -> bytes:
    """The resolved workout as FIT workout bytes; `created` defaults to now."""
    created = created or dt.datetime.now(dt.UTC)
    steps: list[Any] = []

    def emit(items: tuple[OutStep | OutRepeat, ...]) -> None:
        for item in items:
            if isinstance(item, OutStep):
                steps.append(_step(len(steps), item))
                continue
            first = len(steps)
            emit(item.items)
            steps.append(_repeat(len(steps), first, item.count))

    emit(outline(plan))
    workout = WorkoutMessage()
    workout.workout_name = short_text(name)
    workout.sport = Sport.RUNNING
    workout.num_valid_steps = len(steps)
    serial = serial_number("workout", name, plan.model_dump_json())
    return encode([file_id("workout", created, serial), workout, *steps])


def _repeat(index: int, back_to: int, count: int) -> Any:
    message = WorkoutStepMessage()
    message.message_index = index
    message.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
    message.duration_step = back_to
    message.target_type = WorkoutStepTarget.OPEN
    message.target_repeat_steps = count
    return message


def _step(index: int, item: OutStep) -> Any:
    step = item.step
    message = WorkoutStepMessage()
    message.message_index = index
    if step.cue:
        message.workout_step_name = short_text(step.cue)
    if step.note:
        message.notes = short_text(step.note)
    message.intensity = Intensity(INTENSITIES[step.kind])
    duration = step.duration
    if isinstance(duration, TimeDuration):
        message.duration_type = WorkoutStepDuration.TIME
        message.duration_time = duration.seconds
    elif isinstance(duration, DistanceDuration):
        message.duration_type = WorkoutStepDuration.DISTANCE
        message.duration_distance = duration.metres
    elif isinstance(duration, HeartRateDuration):
        below = duration.until is HrDirection.BELOW
        message.duration_type = (
            WorkoutStepDuration.HR_LESS_THAN if below else WorkoutStepDuration.HR_GREATER_THAN
        )
        message.duration_hr = duration.bpm + _HR_OFFSET
    else:
        assert isinstance(duration, LapButtonDuration)
        message.duration_type = WorkoutStepDuration.OPEN
    targets = _targets(item)
    if not targets:
        message.target_type = WorkoutStepTarget.OPEN
    for prefix, (kind, stem, zone, low, high) in zip(("", "secondary_"), targets, strict=False):
        setattr(message, f"{prefix}target_type", kind)
        setattr(message, f"{prefix}target_value", zone)
        if low is not None and high is not None:  # fit_tool scales by the sub-field's units
            setattr(message, f"{prefix}custom_target_{stem}_low", low)
            setattr(message, f"{prefix}custom_target_{stem}_high", high)
    return message


# FIT target type, the custom range's sub-field stem, zone, and the range in its units.
_Target = tuple[Any, str, int, float | None, float | None]


def _targets(item: OutStep) -> list[_Target]:
    """The step's targets in FIT's terms, pace first."""
    out: list[_Target] = []
    written: dict[type, object] = {type(target): target for target in item.step.targets}
    for target in sorted(item.resolved.targets, key=_family_order):
        if isinstance(target, ResolvedPace):
            # m/s (FIT keeps mm/s), slow end first
            low = round(pace_to_speed(target.slow_s_per_km), 3)
            high = round(pace_to_speed(target.fast_s_per_km), 3)
            out.append((WorkoutStepTarget.SPEED, "speed", 0, low, high))
        elif isinstance(target, ResolvedHeartRate):
            out.append(_heart_rate(target, written))
        elif isinstance(target, ResolvedPower):
            out.append(_power(target))
    return out[:2]


def _family_order(target: object) -> int:
    families = (ResolvedPace, ResolvedHeartRate, ResolvedPower)
    return next((n for n, family in enumerate(families) if isinstance(target, family)), 9)


def _heart_rate(target: ResolvedHeartRate, written: dict[type, object]) -> _Target:
    zone = written.get(HeartRateZoneTarget)
    if isinstance(zone, HeartRateZoneTarget) and zone.low == zone.high and zone.low <= 5:
        return (WorkoutStepTarget.HEART_RATE, "heart_rate", zone.low, None, None)
    percent = written.get(HeartRateTarget)
    if (
        isinstance(percent, HeartRateTarget)
        and percent.reference is HeartRateReference.MAX
        and percent.high <= 100
        and percent.low.is_integer()
        and percent.high.is_integer()
    ):
        return (WorkoutStepTarget.HEART_RATE, "heart_rate", 0, percent.low, percent.high)
    low, high = target.low_bpm + _HR_OFFSET, target.high_bpm + _HR_OFFSET
    return (WorkoutStepTarget.HEART_RATE, "heart_rate", 0, low, high)


def _power(target: ResolvedPower) -> _Target:
    if target.low_watts is not None and target.high_watts is not None:
        low, high = target.low_watts + _POWER_OFFSET, target.high_watts + _POWER_OFFSET
        return (WorkoutStepTarget.POWER, "power", 0, low, high)
    if target.low_percent_ftp is not None and target.high_percent_ftp is not None:
        low, high = round(target.low_percent_ftp), round(target.high_percent_ftp)
        return (WorkoutStepTarget.POWER, "power", 0, low, high)
    assert target.low_zone is not None
    return (WorkoutStepTarget.POWER, "power", target.low_zone, None, None)
