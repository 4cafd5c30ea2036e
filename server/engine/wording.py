"""How cues are worded, in the athlete's units. Short, spoken, and kind: form over heroics."""

from __future__ import annotations

from typing import assert_never

from server.engine.settings import Units
from server.engine.verdict import Verdict, say_verdict
from server.workouts import (
    DistanceDuration,
    ExpandedStep,
    HeartRateDuration,
    LapButtonDuration,
    ResolvedCadence,
    ResolvedHeartRate,
    ResolvedPace,
    ResolvedPower,
    ResolvedRpe,
    StepKind,
    TimeDuration,
)
from server.workouts.resolved import AnyResolved
from server.workouts.units import METRES_PER_MILE, format_clock, format_number

__all__ = [
    "Units",
    "say_distance",
    "say_duration",
    "say_pace",
    "go_text",
    "preview_text",
    "rep_details",
    "say_time",
    "split_text",
    "step_end_text",
    "step_start_text",
]


_KIND_WORDS = {
    StepKind.WARMUP: "Warm up",
    StepKind.DRILLS: "Drills",
    StepKind.WORK: "Go",
    StepKind.RECOVERY: "Recover",
    StepKind.REST: "Rest",
    StepKind.COOLDOWN: "Cool down",
    StepKind.OTHER: "Next",
}


def say_time(seconds: float) -> str:
    """A time as a runner hears it: "46", "92 seconds" below two minutes, else "3:55"."""
    if seconds < 120:
        return f"{round(seconds)} seconds"
    return format_clock(seconds)


def say_duration(seconds: float) -> str:
    """A planned duration: "90 seconds", "3 minutes", "1 minute 30", "1 hour 5 minutes"."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if not hours and not minutes:
        return f"{secs} seconds"
    if not hours and minutes < 2 and secs:
        return f"{minutes * 60 + secs} seconds"
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours > 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes > 1 else ''}")
    if secs:
        parts.append(str(secs))
    return " ".join(parts)


def say_distance(metres: float, units: Units) -> str:
    """A distance: metres below 1 km, else kilometres or miles."""
    if metres < 1000 or (units is Units.MILE and metres < 1600):
        return f"{round(metres)} metres"
    if units is Units.MILE:
        miles = metres / METRES_PER_MILE
        return f"{format_number(miles, 2)} mile{'' if round(miles, 2) == 1 else 's'}"
    km = metres / 1000
    return f"{format_number(km, 2)} kilometre{'' if round(km, 2) == 1 else 's'}"


def say_pace(seconds_per_km: float, units: Units) -> str:
    """A pace per kilometre or per mile: "3:55 per kilometre"."""
    if units is Units.MILE:
        return f"{format_clock(seconds_per_km * METRES_PER_MILE / 1000)} per mile"
    return f"{format_clock(seconds_per_km)} per kilometre"


def _say_one_target(step: ExpandedStep, target: AnyResolved, units: Units) -> str:
    match target:
        case ResolvedPace():
            if isinstance(step.duration, DistanceDuration) and step.kind is StepKind.WORK:
                seconds = step.duration.metres * target.middle_s_per_km / 1000
                if step.lap_seconds is not None and step.splits:
                    seconds = step.splits[-1].seconds
                return f"in {say_time(seconds)}"
            fast = say_pace(target.fast_s_per_km, units)
            slow = say_pace(target.slow_s_per_km, units)
            return f"at {fast.split(' per ')[0]} to {slow}"
        case ResolvedHeartRate():
            return f"heart rate {target.low_bpm} to {target.high_bpm}"
        case ResolvedCadence():
            return f"cadence {target.low_spm} to {target.high_spm}"
        case ResolvedRpe():
            low, high = target.low, target.high
            return f"effort {low if low == high else f'{low} to {high}'} out of 10"
        case ResolvedPower():
            if target.low_watts is not None:
                return f"power {target.low_watts} to {target.high_watts} watts"
            if target.low_zone is not None:
                zones = (
                    str(target.low_zone)
                    if target.low_zone == target.high_zone
                    else f"{target.low_zone} to {target.high_zone}"
                )
                return f"power zone {zones}"
            return f"power {target.low_percent_ftp:g} to {target.high_percent_ftp:g} percent"
        case _:
            assert_never(target)


def _say_target(step: ExpandedStep, units: Units) -> str:
    """Every target of the step, the pace first: "in 94 seconds, cadence 180 to 190"."""
    ordered = sorted(step.targets, key=lambda target: not isinstance(target, ResolvedPace))
    return ", ".join(_say_one_target(step, target, units) for target in ordered)


def _say_how_long(step: ExpandedStep, units: Units) -> str:
    duration = step.duration
    match duration:
        case TimeDuration():
            return say_duration(duration.seconds)
        case DistanceDuration():
            return say_distance(duration.metres, units)
        case HeartRateDuration():
            direction = "below" if duration.until.value == "below" else "above"
            return (
                f"until heart rate is {direction} {duration.bpm},"
                f" at most {say_duration(duration.cap_seconds)}"
            )
        case LapButtonDuration():
            return "until you press lap"
        case _:
            assert_never(duration)


def _how(step: ExpandedStep, units: Units) -> str:
    """How long and at what: "400 metres in 94 seconds"."""
    return " ".join(part for part in (_say_how_long(step, units), _say_target(step, units)) if part)


def step_start_text(step: ExpandedStep, units: Units) -> str:
    """What is said when a step other than a rep starts: "Recover. 400 metres."."""
    how = _how(step, units)
    lead = step.cue or _KIND_WORDS[step.kind]
    return f"{lead}. {how[0].upper()}{how[1:]}."


def rep_details(step: ExpandedStep, units: Units) -> str:
    """ "400 metres in 94 seconds": what a rep asks for, said before it starts."""
    how = _how(step, units)
    if step.cue:
        how = f"{how}. {step.cue}"
    return how


def preview_text(step: ExpandedStep, units: Units) -> str:
    """Said in the last seconds before a rep: "Next, rep 3 of 6: 400 metres in 94 seconds."."""
    details = rep_details(step, units)
    if step.rep is not None and step.reps is not None:
        if step.rep == step.reps and step.reps > 1:
            return f"Last rep: {details}."
        return f"Next, rep {step.rep} of {step.reps}: {details}."
    return f"Next: {details}."


def go_text(step: ExpandedStep, units: Units, *, previewed: bool) -> str:
    """At the rep's zero: "Go." alone when its details were said before, as they should be."""
    if previewed:
        return "Go."
    return f"{preview_text(step, units)[:-1]}. Go."


def split_text(
    track_metres: float, elapsed: float, verdict: Verdict | None, outside_s: float | None
) -> str:
    """A split call: "200 in 46, on target", "200 in 44, 1.5 seconds fast"."""
    shown = round(elapsed) if elapsed < 120 else format_clock(elapsed)
    if verdict is None:
        return f"{round(track_metres)} in {shown}"
    return f"{round(track_metres)} in {shown}, {say_verdict(verdict, outside_s)}"


def step_end_text(
    step: ExpandedStep,
    units: Units,
    elapsed: float,
    metres: float | None,
    verdict: Verdict | None,
    outside_s: float | None,
) -> str:
    """The end of a rep: its time (distance reps) or distance and pace, and the one verdict."""
    name = f"Rep {step.rep}" if step.rep is not None else "Step"
    said = f", {say_verdict(verdict, outside_s)}" if verdict is not None else ""
    if isinstance(step.duration, DistanceDuration):
        return f"{name} done. {format_clock(elapsed, decimals=1)}{said}."
    if metres and metres > 0:
        pace = elapsed / metres * 1000
        return f"{name} done. {say_distance(metres, units)}, {say_pace(pace, units)}{said}."
    return f"{name} done."
