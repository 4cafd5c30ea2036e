"""A workout as a TCX workout, and a TCX workout back into trackcue's steps and repeats.

TCX (Training Center's XML) is the older way onto a Garmin and what some tools still export.
Its schema is narrower than FIT's, and the file says so rather than bending it: two
intensities (Active, Resting), step and workout names of 15 characters, repeats of 2 to 99,
distances and times up to 65,535 (metres, seconds). Kinds TCX cannot say are written as the
step's name when it has no cue ("Warmup", "Cooldown", "Rest", "Drills"), which is how they
come back. Pace targets are written as the resolved speed range, viewed as pace.
"""

from __future__ import annotations

from lxml import etree

from server.files.activity import FileWarning
from server.files.errors import FileRefused, RefusalCode
from server.files.export_common import NotExportable
from server.files.limits import DEFAULT_LIMITS
from server.files.tcx_activity import TCX_NS, tcx_root
from server.files.workout_outline import (
    HR_CAP_S,
    InRepeat,
    InStep,
    OutRepeat,
    OutStep,
    distance_in_its_unit,
    kind_from_words,
    outline,
    reason,
    warning,
)
from server.files.xml_safe import child, child_text, children, line_of, parse_xml
from server.workouts import (
    CadenceTarget,
    DistanceDuration,
    HeartRateDuration,
    HeartRateReference,
    HeartRateTarget,
    HeartRateZoneTarget,
    HrDirection,
    LapButtonDuration,
    PaceTarget,
    ResolvedCadence,
    ResolvedHeartRate,
    ResolvedPace,
    ResolvedWorkout,
    SpeedTarget,
    StepKind,
    TimeDuration,
)
from server.workouts.model import Duration, Target
from server.workouts.units import pace_to_speed, speed_to_pace

__all__ = ["read_tcx_workout", "write_tcx_workout"]

_XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
_NAME_CHARS = 15
_MAX_VALUE = 65_535
_RESTING = {StepKind.RECOVERY, StepKind.REST, StepKind.COOLDOWN}
_KIND_NAMES = {
    StepKind.WARMUP: "Warmup",
    StepKind.COOLDOWN: "Cooldown",
    StepKind.REST: "Rest",
    StepKind.DRILLS: "Drills",
}
_SPORTS = {"running": "running", "biking": "cycling", "other": "other"}


def _sub(
    parent: etree._Element, name: str, text: str | None = None, xsi: str | None = None
) -> etree._Element:
    element = etree.SubElement(parent, f"{{{TCX_NS}}}{name}")
    if text is not None:
        element.text = text
    if xsi is not None:
        element.set(_XSI_TYPE, xsi)
    return element


def write_tcx_workout(plan: ResolvedWorkout, *, name: str) -> bytes:
    """The resolved workout as TCX workout bytes; `NotExportable` past TCX's numbers."""
    root = tcx_root()
    workout = _sub(_sub(root, "Workouts"), "Workout")
    workout.set("Sport", "Running")
    _sub(workout, "Name", name[:_NAME_CHARS].strip() or "Workout")
    counter = iter(range(1, 10_000))

    def emit(parent: etree._Element, items: tuple[OutStep | OutRepeat, ...], tag: str) -> None:
        for item in items:
            if isinstance(item, OutRepeat) and item.count == 1:
                emit(parent, item.items, tag)
                continue
            if isinstance(item, OutRepeat):
                if item.count > 99:
                    raise NotExportable("TCX repeats at most 99 times: export this as FIT.")
                element = _sub(parent, tag, xsi="Repeat_t")
                _sub(element, "StepId", str(next(counter)))
                _sub(element, "Repetitions", str(item.count))
                emit(element, item.items, "Child")
                continue
            element = _sub(parent, tag, xsi="Step_t")
            _sub(element, "StepId", str(next(counter)))
            _step(element, item)

    emit(workout, outline(plan), "Step")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _step(element: etree._Element, item: OutStep) -> None:
    step = item.step
    label = step.cue or _KIND_NAMES.get(step.kind)
    if label:
        _sub(element, "Name", label[:_NAME_CHARS].strip())
    duration = step.duration
    if isinstance(duration, TimeDuration | DistanceDuration):
        seconds = isinstance(duration, TimeDuration)
        value = duration.seconds if isinstance(duration, TimeDuration) else duration.metres
        if round(value) > _MAX_VALUE:
            raise NotExportable("TCX steps last at most 65,535 s or m: export this as FIT.")
        holder = _sub(element, "Duration", xsi="Time_t" if seconds else "Distance_t")
        _sub(holder, "Seconds" if seconds else "Meters", str(round(value)))
    elif isinstance(duration, HeartRateDuration):
        below = duration.until is HrDirection.BELOW
        holder = _sub(element, "Duration", xsi="HeartRateBelow_t" if below else "HeartRateAbove_t")
        rate = _sub(holder, "HeartRate", xsi="HeartRateInBeatsPerMinute_t")
        _sub(rate, "Value", str(duration.bpm))
    else:
        _sub(element, "Duration", xsi="UserInitiated_t")
    _sub(element, "Intensity", "Resting" if step.kind in _RESTING else "Active")
    _target(element, item)


def _target(element: etree._Element, item: OutStep) -> None:
    """One target (TCX has one): pace, else heart rate, else cadence, else none."""
    resolved = {type(target): target for target in item.resolved.targets}
    pace, heart, cadence = (
        resolved.get(kind) for kind in (ResolvedPace, ResolvedHeartRate, ResolvedCadence)
    )
    if isinstance(pace, ResolvedPace):
        zone = _sub(_sub(element, "Target", xsi="Speed_t"), "SpeedZone", xsi="CustomSpeedZone_t")
        _sub(zone, "ViewAs", "Pace")
        _sub(zone, "LowInMetersPerSecond", f"{pace_to_speed(pace.slow_s_per_km):.4f}")
        _sub(zone, "HighInMetersPerSecond", f"{pace_to_speed(pace.fast_s_per_km):.4f}")
    elif isinstance(heart, ResolvedHeartRate):
        holder = _sub(element, "Target", xsi="HeartRate_t")
        written = [t for t in item.step.targets if isinstance(t, HeartRateZoneTarget)]
        if written and written[0].low == written[0].high and written[0].low <= 5:
            zone = _sub(holder, "HeartRateZone", xsi="PredefinedHeartRateZone_t")
            _sub(zone, "Number", str(written[0].low))
            return
        zone = _sub(holder, "HeartRateZone", xsi="CustomHeartRateZone_t")
        kind, values = "HeartRateInBeatsPerMinute_t", (heart.low_bpm, heart.high_bpm)
        percent = [t for t in item.step.targets if isinstance(t, HeartRateTarget)]
        if percent and percent[0].reference is HeartRateReference.MAX and percent[0].high <= 100:
            kind, values = (
                "HeartRateAsPercentOfMax_t",
                (round(percent[0].low), round(percent[0].high)),
            )
        for end, value in zip(("Low", "High"), values, strict=True):
            _sub(_sub(zone, end, xsi=kind), "Value", str(value))
    elif isinstance(cadence, ResolvedCadence):
        holder = _sub(element, "Target", xsi="Cadence_t")
        _sub(holder, "Low", str(cadence.low_spm))
        _sub(holder, "High", str(cadence.high_spm))
    else:
        _sub(element, "Target", xsi="None_t")


# --- reading ---------------------------------------------------------------------------------


TcxWorkout = tuple[str | None, str, list[InStep | InRepeat], list[FileWarning]]


def read_tcx_workout(data: bytes) -> TcxWorkout:
    """The first workout in a TCX file: name, sport, steps and repeats, warnings."""
    root, warnings = parse_xml(data, DEFAULT_LIMITS)
    workouts = child(root, "Workouts")
    workout = child(workouts, "Workout") if workouts is not None else None
    if workout is None:
        raise FileRefused(RefusalCode.NOT_A_WORKOUT, "This TCX file holds no workout.")
    sport = _SPORTS.get((workout.get("Sport") or "").lower(), "other")
    items = [_item(element, warnings) for element in children(workout, "Step")]
    return child_text(workout, "Name"), sport, items, list(warnings)


def _xsi(element: etree._Element | None) -> str:
    value = element.get(_XSI_TYPE) if element is not None else None
    return (value or "").rpartition(":")[2]


def _number(element: etree._Element | None, name: str) -> float | None:
    text = child_text(element, name) if element is not None else None
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _item(element: etree._Element, warnings: list[FileWarning]) -> InStep | InRepeat:
    if _xsi(element) == "Repeat_t":
        count = _number(element, "Repetitions")
        kids = children(element, "Child")
        if count is None or count < 1 or not count.is_integer() or not kids:
            raise FileRefused(
                RefusalCode.BAD_WORKOUT,
                "A repeat in this workout has no count or no steps.",
                line=line_of(element),
            )
        return InRepeat(count=int(count), items=[_item(kid, warnings) for kid in kids])
    name = child_text(element, "Name")
    resting = (child_text(element, "Intensity") or "").lower() == "resting"
    kind = kind_from_words(name) or (StepKind.RECOVERY if resting else StepKind.WORK)
    if name is not None and name == _KIND_NAMES.get(kind):
        name = None  # only the kind, as written for what TCX's intensity cannot say
    try:
        duration = _duration(child(element, "Duration"))
        target = _read_target(child(element, "Target"))
    except ValueError as error:
        raise FileRefused(
            RefusalCode.BAD_WORKOUT,
            f"A step of this workout cannot be run: {reason(error)}",
            line=line_of(element),
        ) from None
    if isinstance(duration, HeartRateDuration):
        warnings.append(
            warning(
                "hr_step_capped",
                "A step ends on heart rate with no time limit in TCX; trackcue ends it after"
                f" {HR_CAP_S / 60:g} minutes at most.",
            )
        )
    return InStep(kind=kind, duration=duration, targets=(target,) if target else (), cue=name)


def _duration(element: etree._Element | None) -> Duration:
    kind = _xsi(element)
    if kind == "Time_t" and (seconds := _number(element, "Seconds")):
        return TimeDuration(seconds=seconds)
    if kind == "Distance_t" and (metres := _number(element, "Meters")):
        return distance_in_its_unit(metres)
    if kind in ("HeartRateBelow_t", "HeartRateAbove_t") and element is not None:
        bpm = _number(child(element, "HeartRate"), "Value")
        if bpm is not None:
            until = HrDirection.BELOW if kind == "HeartRateBelow_t" else HrDirection.ABOVE
            return HeartRateDuration(until=until, bpm=round(bpm), cap_seconds=HR_CAP_S)
    return LapButtonDuration()


def _read_target(element: etree._Element | None) -> Target | None:
    kind = _xsi(element)
    if element is None or kind in ("", "None_t"):
        return None
    if kind == "Speed_t":
        zone = child(element, "SpeedZone")
        low, high = _number(zone, "LowInMetersPerSecond"), _number(zone, "HighInMetersPerSecond")
        if not low or not high:
            return None
        view = child_text(zone, "ViewAs") if zone is not None else None
        if (view or "Pace").lower() == "speed":
            return SpeedTarget(low=low, high=high, unit="m/s")
        return PaceTarget(fast=round(speed_to_pace(high), 1), slow=round(speed_to_pace(low), 1))
    if kind == "HeartRate_t":
        zone = child(element, "HeartRateZone")
        if _xsi(zone) == "PredefinedHeartRateZone_t":
            number = _number(zone, "Number")
            return HeartRateZoneTarget(low=int(number), high=int(number)) if number else None
        low_element = child(zone, "Low") if zone is not None else None
        high_element = child(zone, "High") if zone is not None else None
        low, high = _number(low_element, "Value"), _number(high_element, "Value")
        if low is None or high is None:
            return None
        if _xsi(low_element) == "HeartRateAsPercentOfMax_t":
            return HeartRateTarget(low=low, high=high, reference=HeartRateReference.MAX)
        return HeartRateTarget(low=round(low), high=round(high))
    if kind == "Cadence_t":
        low, high = _number(element, "Low"), _number(element, "High")
        return CadenceTarget(low=round(low), high=round(high)) if low and high else None
    return None
