"""Reading a FIT workout file (file type 5) into trackcue's steps and repeats.

Read with fitdecode, by field number and raw value (FIT's own units), so the meaning of each
value is decided here and not by how a decoder names a sub-field. What a watch can hold that
trackcue cannot run is either read its nearest way with a warning (a calorie-bound step ends
on the lap button; the watch's speed zone n is read as pace zone n) or refused by name (a
repeat until a time or a heart rate: trackcue repeats a number of times).
"""

from __future__ import annotations

import io
import struct
from typing import Any

import fitdecode  # type: ignore[import-untyped]

from server.files.activity import FileWarning
from server.files.errors import FileRefused, RefusalCode
from server.files.workout_outline import (
    HR_CAP_S,
    InRepeat,
    InStep,
    distance_in_its_unit,
    kind_from_words,
    reason,
    warning,
)
from server.workouts import (
    CadenceTarget,
    HeartRateDuration,
    HeartRateReference,
    HeartRateTarget,
    HeartRateZoneTarget,
    HrDirection,
    LapButtonDuration,
    PaceTarget,
    PaceZoneTarget,
    PowerReference,
    PowerTarget,
    PowerZoneTarget,
    StepKind,
    TimeDuration,
)
from server.workouts.model import Duration, Target

__all__ = ["FitWorkout", "read_fit_workout"]

_DECODER_SLIPS = (
    struct.error,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    OverflowError,
    UnicodeError,
)
_FILE_ID, _WORKOUT, _STEP = 0, 26, 27
_MAX_STEP_MESSAGES = 4_000  # twice the expanded steps a workout may have: plenty for repeats
_FILE_TYPE_WORKOUT = 5
_KINDS = {
    0: StepKind.WORK,
    1: StepKind.REST,
    2: StepKind.WARMUP,
    3: StepKind.COOLDOWN,
    4: StepKind.RECOVERY,
    5: StepKind.WORK,
    6: StepKind.OTHER,
}
_SPORTS = {0: "generic", 1: "running", 2: "cycling", 5: "swimming", 11: "walking", 17: "hiking"}
_REPEATS_WE_CANNOT_RUN = {
    7: "a time",
    8: "a distance",
    9: "calories",
    10: "a heart rate",
    11: "a heart rate",
    12: "a power",
    13: "a power",
}

FitWorkout = tuple[str | None, str, list[InStep | InRepeat], list[FileWarning]]
"""Name, FIT sport name, the steps and repeats, and the warnings."""


def read_fit_workout(data: bytes) -> FitWorkout:
    """The workout in a FIT file; `FileRefused` for a file that is not one, or is broken."""
    file_types, workouts, steps = _decode(data)
    if _FILE_TYPE_WORKOUT not in file_types:
        raise FileRefused(
            RefusalCode.NOT_A_WORKOUT,
            "This FIT file is not a workout (its file type is"
            f" {', '.join(str(t) for t in file_types) or 'missing'}; workouts are type 5).",
        )
    workout = workouts[0] if workouts else {}
    name = workout.get(8)
    sport_number = _int(workout, 4)
    sport = _SPORTS.get(sport_number if sport_number is not None else 0, "other")
    warnings: list[FileWarning] = []
    steps.sort(key=lambda fields: fields.get(254, 0) if isinstance(fields.get(254), int) else 0)
    return (name if isinstance(name, str) else None), sport, _structure(steps, warnings), warnings


def _decode(data: bytes) -> tuple[list[int], list[dict[int, Any]], list[dict[int, Any]]]:
    file_types: list[int] = []
    workouts: list[dict[int, Any]] = []
    steps: list[dict[int, Any]] = []
    try:
        with fitdecode.FitReader(
            io.BytesIO(data),
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
            processor=None,
        ) as reader:
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                fields = {f.def_num: f.raw_value for f in frame.fields}
                if frame.global_mesg_num == _FILE_ID and isinstance(fields.get(0), int):
                    file_types.append(fields[0])
                elif frame.global_mesg_num == _WORKOUT:
                    workouts.append(fields)
                elif frame.global_mesg_num == _STEP:
                    steps.append(fields)
                    if len(steps) > _MAX_STEP_MESSAGES:
                        raise FileRefused(
                            RefusalCode.BAD_WORKOUT, "This workout has too many steps."
                        )
    except fitdecode.FitHeaderError as error:
        raise FileRefused(RefusalCode.NOT_FIT, f"This is not a FIT file ({error}).") from None
    except fitdecode.FitCRCError:
        raise FileRefused(RefusalCode.BAD_CRC, "This FIT file fails its CRC check.") from None
    except fitdecode.FitEOFError as error:
        raise FileRefused(
            RefusalCode.TRUNCATED, "This FIT file ends early.", offset=error.offset
        ) from None
    except fitdecode.FitError as error:
        offset = getattr(error, "offset", None)
        raise FileRefused(
            RefusalCode.BAD_FIT_DATA, f"This FIT file cannot be read ({error}).", offset=offset
        ) from None
    except _DECODER_SLIPS:  # fitdecode lets these through on some damaged headers and fields
        raise FileRefused(RefusalCode.BAD_FIT_DATA, "This FIT file is damaged.") from None
    return file_types, workouts, steps


def _int(fields: dict[int, Any], number: int) -> int | None:
    value = fields.get(number)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(fields: dict[int, Any], number: int) -> str | None:
    value = fields.get(number)
    return value if isinstance(value, str) and value.strip() else None


def _structure(steps: list[dict[int, Any]], warnings: list[FileWarning]) -> list[InStep | InRepeat]:
    """Steps and repeats: a repeat step wraps every item since the step it goes back to."""
    items: list[tuple[int, InStep | InRepeat]] = []  # (first message index, item)
    for position, fields in enumerate(steps):
        index = _int(fields, 254)
        index = position if index is None else index
        duration_type = _int(fields, 1)
        if duration_type == 6:
            back_to = _int(fields, 2)
            count = _int(fields, 4)
            body = [item for first, item in items if back_to is not None and first >= back_to]
            starts = {first for first, _ in items}
            if back_to is None or back_to not in starts or not body or not count:
                raise FileRefused(
                    RefusalCode.BAD_WORKOUT,
                    f"Step {index + 1} repeats from a step that is not before it.",
                )
            items = [(first, item) for first, item in items if first < back_to]
            items.append((back_to, InRepeat(count=count, items=body)))
        elif duration_type in _REPEATS_WE_CANNOT_RUN:
            raise FileRefused(
                RefusalCode.BAD_WORKOUT,
                f"Step {index + 1} repeats until {_REPEATS_WE_CANNOT_RUN[duration_type]};"
                " trackcue repeats steps a set number of times.",
            )
        else:
            items.append((index, _step(index, fields, warnings)))
    return [item for _, item in items]


def _step(index: int, fields: dict[int, Any], warnings: list[FileWarning]) -> InStep:
    name, note = _text(fields, 0), _text(fields, 8)
    intensity = _int(fields, 7)
    kind = _KINDS.get(intensity if intensity is not None else -1)
    said = kind_from_words(name)
    if said is not None and kind in (None, StepKind.WORK, StepKind.OTHER):
        kind = said  # "Warmup" marked active, "Drills" marked other: the words say more
    targets: list[Target] = []
    for type_field, value_field, low_field, high_field in ((3, 4, 5, 6), (19, 20, 21, 22)):
        target = _target(index, fields, (type_field, value_field, low_field, high_field), warnings)
        if target is not None and all(type(t) is not type(target) for t in targets):
            targets.append(target)
    return InStep(
        kind=kind or StepKind.WORK,
        duration=_duration(index, fields, warnings),
        targets=tuple(targets),
        cue=name,
        note=note,
    )


def _duration(index: int, fields: dict[int, Any], warnings: list[FileWarning]) -> Duration:
    kind, value = _int(fields, 1), _int(fields, 2)
    try:
        if kind == 0 and value:
            return TimeDuration(seconds=value / 1000)
        if kind == 1 and value:
            return distance_in_its_unit(value / 100)
        if kind in (2, 3) and value and value > 100:
            warnings.append(
                warning(
                    "hr_step_capped",
                    f"Step {index + 1} ends on heart rate with no time limit in FIT; trackcue"
                    f" ends it after {HR_CAP_S / 60:g} minutes at most.",
                )
            )
            until = HrDirection.BELOW if kind == 2 else HrDirection.ABOVE
            return HeartRateDuration(until=until, bpm=value - 100, cap_seconds=HR_CAP_S)
    except ValueError as error:
        raise FileRefused(
            RefusalCode.BAD_WORKOUT,
            f"Step {index + 1} has a length trackcue cannot run: {reason(error)}",
        ) from None
    if kind not in (5, None):
        warnings.append(
            warning(
                "step_ends_on_lap",
                f"Step {index + 1} ends in a way trackcue cannot measure (FIT duration type"
                f" {kind}); it ends on the lap button instead.",
            )
        )
    return LapButtonDuration()


def _pace(mm_per_s: int) -> float:
    """Seconds per km from FIT's mm/s, a whole second when within a quarter of one."""
    pace = 1_000_000 / mm_per_s
    return float(round(pace)) if abs(pace - round(pace)) < 0.25 else round(pace, 1)


def _target(
    index: int,
    fields: dict[int, Any],
    numbers: tuple[int, int, int, int],
    warnings: list[FileWarning],
) -> Target | None:
    kind = _int(fields, numbers[0])
    zone, low, high = (_int(fields, n) for n in numbers[1:])
    custom = bool(low) or bool(high)
    try:
        if kind == 0 and custom:
            speeds = [speed for speed in (low, high) if speed]  # an open end is 0
            return PaceTarget(fast=_pace(max(speeds)), slow=_pace(min(speeds)))
        if kind == 0 and zone:
            warnings.append(
                warning(
                    "speed_zone",
                    f"Step {index + 1} aims at the watch's speed zone {zone}; it is read as"
                    f" trackcue's pace zone {zone}.",
                )
            )
            return PaceZoneTarget(low=zone, high=zone)
        if kind == 1 and custom and low is not None and high is not None:
            if high > 100:
                return HeartRateTarget(low=low - 100, high=high - 100)
            return HeartRateTarget(low=low, high=high, reference=HeartRateReference.MAX)
        if kind == 1 and zone:
            return HeartRateZoneTarget(low=zone, high=zone)
        if kind == 3 and custom and low is not None and high is not None:
            return CadenceTarget(low=low, high=high)
        if kind == 4 and custom and low is not None and high is not None:
            if high > 1000:
                return PowerTarget(low=low - 1000, high=high - 1000)
            return PowerTarget(low=low, high=high, reference=PowerReference.FTP)
        if kind == 4 and zone:
            return PowerZoneTarget(low=zone, high=zone)
    except ValueError as error:
        warnings.append(
            warning("target_dropped", f"Step {index + 1}'s target was left out: {reason(error)}")
        )
        return None
    if kind not in (None, 2) and (custom or zone):
        warnings.append(
            warning(
                "target_dropped",
                f"Step {index + 1} aims at something trackcue does not measure (FIT target"
                f" type {kind}); it was left out.",
            )
        )
    return None
