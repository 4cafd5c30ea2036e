"""Reading and writing one step line of the workout text (`- Rep 400mtr 1:32/400m Pace`).

A step line is `- [tag] [cue] [Press lap] DURATION [ramp] [TARGET] [splits DIST] [note]`: what comes
before the first duration is the spoken cue (as in intervals.icu), what follows the target is a
note. Every writer here has a reader beside it, so text and model stay each other's mirror.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from server.workouts.errors import WorkoutParseError
from server.workouts.model import (
    DistanceDuration,
    HeartRateDuration,
    HrDirection,
    LapButtonDuration,
    Step,
    StepKind,
    TimeDuration,
)
from server.workouts.step_kinds import infer_kind
from server.workouts.target_format import format_target
from server.workouts.targets import family_of
from server.workouts.text_lexicon import DISTANCE, TIME
from server.workouts.text_reader import LineReader, ParseWarning, Token, minutes_hint
from server.workouts.text_targets import read_target
from server.workouts.units import DistanceUnit, format_number
from server.workouts.validation import describe_errors

__all__ = [
    "ParseWarning",
    "StepContext",
    "format_duration",
    "format_step",
    "format_target",
    "parse_step",
]

_BPM = re.compile(r"^(\d{1,3})(?:-(\d{1,3}))?bpm$", re.IGNORECASE | re.ASCII)
_TAG = re.compile(r"^\[([A-Za-z-]+)\]$")
_DURATION_HELP = (
    "a duration such as 90s, 5m, 1m30s, 400mtr, 2km, 'Press lap' or 'until HR below 120bpm max 3m'"
)


@dataclass(frozen=True, slots=True)
class StepContext:
    """Where a step stands: what its headers and its place in a repeat say about its kind."""

    header_kind: StepKind | None = None
    position_in_repeat: int | None = None


# --- reading -----------------------------------------------------------------------------------


def _is_duration(line: LineReader, offset: int) -> bool:
    token = line.peek(offset)
    if token is None or token.quoted:
        return False
    if token.word == "until":
        following = line.peek(offset + 1)
        return following is not None and following.word == "hr"
    return bool(DISTANCE.match(token.text) or (token.text and TIME.match(token.text)))


def _seconds(match: re.Match[str]) -> float:
    parts = match.groupdict()
    hours = float(parts["h"] or 0)
    minutes = float(parts["m"] or parts["m2"] or parts["m3"] or 0)
    seconds = float(parts["s"] or parts["s2"] or parts["s3"] or 0)
    return hours * 3600 + minutes * 60 + seconds


def _bare_minutes(text: str) -> float | None:
    """The minutes of a time written with a bare `m` only (`400m`), which may have meant metres."""
    time = TIME.match(text)
    if text and time and time.group("m") and not (time.group("h") or time.group("s")):
        return float(time.group("m"))
    return None


def _read_time_or_distance(
    line: LineReader, warnings: list[ParseWarning], *, step_length: bool = False
) -> TimeDuration | DistanceDuration:
    """Read a time or a distance; for the step's own length, remember a bare-`m` reading.

    Every error that a minutes reading can cause (a step too long, split calls on a time step)
    then carries the hint to write `mtr`, not only the warning.
    """
    token = line.take()
    distance = DISTANCE.match(token.text)
    if distance:
        unit = DistanceUnit(distance.group("u").lower())
        return line.build(DistanceDuration, token, value=float(distance.group("v")), unit=unit)
    time = TIME.match(token.text)
    if not time or not token.text:
        raise line.error(f"expected {_DURATION_HELP}, got {token.text!r}", token)
    for seconds in (time.group("s2"), time.group("s3") if time.group("m3") else None):
        if seconds is not None and float(seconds) >= 60:
            raise line.error(f"{token.text!r}: seconds after minutes must be below 60", token)
    minutes = _bare_minutes(token.text)
    if step_length and minutes is not None:
        line.minutes_hint = minutes_hint(token.text, minutes)
        if minutes >= 100 and minutes % 50 == 0:
            warnings.append(ParseWarning(line.line, token.column, line.minutes_hint))
    return line.build(TimeDuration, token, hint=step_length, seconds=_seconds(time))


def _read_heart_rate_duration(line: LineReader, warnings: list[ParseWarning]) -> HeartRateDuration:
    start = line.take()
    line.take()  # "HR"
    direction = line.peek()
    directions = {"below": HrDirection.BELOW, "<": HrDirection.BELOW}
    directions |= {"above": HrDirection.ABOVE, ">": HrDirection.ABOVE}
    if direction is None or direction.word not in directions:
        raise line.error("expected 'below' or 'above' after 'until HR'", direction)
    line.take()
    bpm_token = line.peek()
    bpm = _BPM.match(bpm_token.text) if bpm_token else None
    if bpm_token is None or bpm is None or bpm.group(2):
        raise line.error("expected a heart rate such as 120bpm", bpm_token)
    line.take()
    cap_word = line.peek()
    if cap_word is None or cap_word.word not in ("max", "cap"):
        raise line.error(
            "expected 'max' and a time cap (such as 'max 3m'): a heart-rate step needs one",
            cap_word,
        )
    line.take()
    cap_token = line.peek()
    if cap_token is None or not _is_duration(line, 0) or DISTANCE.match(cap_token.text):
        raise line.error("expected a time cap such as 3m or 2m30s after 'max'", cap_token)
    cap = _read_time_or_distance(line, warnings)
    assert isinstance(cap, TimeDuration)
    return line.build(
        HeartRateDuration,
        start,
        until=directions[direction.word],
        bpm=int(bpm.group(1)),
        cap_seconds=cap.seconds,
    )


def _free_text(line: LineReader, tokens: list[Token]) -> str | None:
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0].quoted:
        return tokens[0].text[1:-1]
    for token in tokens:
        if token.quoted:
            raise line.error("a quoted text must stand alone", token)
    return " ".join(token.text for token in tokens)


def parse_step(
    text: str,
    *,
    line: int,
    column: int,
    context: StepContext,
    warnings: list[ParseWarning],
    source_line: str | None = None,
) -> Step:
    """Read the part of a step line after `- ` (starting at `column` of `source_line`)."""
    source = text if source_line is None else source_line
    reader = LineReader(text, line, column, source)
    if not reader.tokens:
        raise reader.error(f"expected {_DURATION_HELP} after '- '")
    tag_kind: StepKind | None = None
    first = reader.peek()
    if first is not None and (tag := _TAG.match(first.text)):
        try:
            tag_kind = StepKind(tag.group(1).lower())
        except ValueError:
            kinds = ", ".join(kind.value for kind in StepKind)
            message = f"unknown step kind {tag.group(1)!r}; expected one of {kinds}"
            raise reader.error(message, first) from None
        reader.pos += 1

    prefix_start = reader.pos
    while reader.peek() is not None and not _is_duration(reader, 0):
        reader.pos += 1
    prefix = reader.tokens[prefix_start : reader.pos]
    lap_at = next(
        (
            index
            for index in range(len(prefix) - 1)
            if not prefix[index].quoted
            and prefix[index].word == "press"
            and prefix[index + 1].word == "lap"
            and (reader.peek() is None or index == len(prefix) - 2)
        ),
        None,
    )
    fields: dict[str, Any] = {}
    columns: dict[str, int] = {}
    if reader.peek() is None:
        if lap_at is None:
            raise reader.error(f"expected {_DURATION_HELP}")
        columns["duration"] = prefix[lap_at].column
        fields["duration"] = LapButtonDuration()
        reader.pos = prefix_start + lap_at + 2
        prefix = prefix[:lap_at]
    else:
        duration_token = reader.peek()
        assert duration_token is not None
        columns["duration"] = duration_token.column
        if duration_token.word == "until":
            # A heart-rate step ends by itself; "press lap" before it is just words of the cue.
            fields["duration"] = _read_heart_rate_duration(reader, warnings)
        else:
            estimate = _read_time_or_distance(reader, warnings, step_length=True)
            if lap_at is not None:
                fields["duration"] = LapButtonDuration(estimate=estimate)
                prefix = prefix[:lap_at]
            else:
                fields["duration"] = estimate
    fields["cue"] = _free_text(reader, prefix)
    if prefix:
        columns["cue"] = prefix[0].column

    ramp = reader.peek()
    if ramp is not None and ramp.word == "ramp":
        reader.pos += 1
        fields["ramp"] = True
        columns["ramp"] = ramp.column
    _read_targets_and_splits(reader, fields, columns, warnings)
    rest = reader.tokens[reader.pos :]
    fields["note"] = _free_text(reader, rest)
    if rest:
        columns["note"] = rest[0].column

    fields["kind"] = tag_kind or infer_kind(
        fields["cue"], context.header_kind, context.position_in_repeat
    )
    try:
        return Step.model_validate(fields)
    except ValidationError as exc:
        issue = describe_errors(exc, fields)[0]
        field = issue.path.split(" > ")[0]
        message = f"{issue.path}: {issue.message}" if field not in columns else issue.message
        if field in ("duration", "splits") and reader.minutes_hint is not None:
            message = f"{message} ({reader.minutes_hint})"
        raise WorkoutParseError(
            message, line=line, column=columns.get(field, column), source_line=source
        ) from None


def _read_targets_and_splits(
    reader: LineReader,
    fields: dict[str, Any],
    columns: dict[str, int],
    warnings: list[ParseWarning],
) -> None:
    """Read every target, and split calls among them, up to where the note begins.

    Targets are kept in the order written; a second target of one family (two paces) is an error
    at the second one, since a step cannot be run at two paces.
    """
    targets: list[BaseModel] = []
    families: set[object] = set()
    while (token := reader.peek()) is not None:
        if token.word in ("split", "splits") and "splits" not in fields:
            fields["splits"] = _read_splits(reader, warnings)
            columns["splits"] = token.column
            continue
        target = read_target(reader, first=not targets and "splits" not in fields)
        if target is None:
            break
        family = family_of(target)
        if family in families:
            raise reader.error(f"a step takes one {family.value} target, not two", token)
        families.add(family)
        columns["target" if not targets else f"target {len(targets) + 1}"] = token.column
        targets.append(target)
    if targets:
        fields["targets"] = tuple(targets)
        if len(targets) > 1:
            columns["target 1"] = columns["target"]


def _read_splits(reader: LineReader, warnings: list[ParseWarning]) -> DistanceDuration:
    reader.pos += 1
    every = reader.peek()
    if every is not None and every.word == "every":
        reader.pos += 1
    distance = reader.peek()
    if distance is None or not DISTANCE.match(distance.text):
        message = "expected a split distance such as 200mtr after 'splits'"
        minutes = _bare_minutes(distance.text) if distance is not None else None
        if distance is not None and minutes is not None:
            message = f"{message} ({minutes_hint(distance.text, minutes)})"
        raise reader.error(message, distance)
    split = _read_time_or_distance(reader, warnings)
    assert isinstance(split, DistanceDuration)
    return split


# --- writing -----------------------------------------------------------------------------------


def format_duration(duration: Any) -> str:
    """Write a duration as the text format does (`1m30s`, `400mtr`, `Press lap 2km`)."""
    if isinstance(duration, TimeDuration):
        return _format_time(duration.seconds)
    if isinstance(duration, DistanceDuration):
        return f"{format_number(duration.value, 3)}{duration.unit.value}"
    if isinstance(duration, LapButtonDuration):
        estimate = f" {format_duration(duration.estimate)}" if duration.estimate else ""
        return f"Press lap{estimate}"
    assert isinstance(duration, HeartRateDuration)
    cap = _format_time(duration.cap_seconds)
    return f"until HR {duration.until.value} {duration.bpm}bpm max {cap}"


def _format_time(seconds: float) -> str:
    tenths = round(seconds * 10)
    hours, tenths = divmod(tenths, 36000)
    minutes, tenths = divmod(tenths, 600)
    parts = []
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if tenths or not parts:
        parts.append(f"{format_number(tenths / 10, 1)}s")
    return "".join(parts)


def format_step(step: Step, context: StepContext) -> str:
    """Write a step line (after the `- `), quoting a cue or note only where it would misread."""
    head: list[str] = []
    if infer_kind(step.cue, context.header_kind, context.position_in_repeat) is not step.kind:
        head.append(f"[{step.kind.value}]")
    tail: list[str] = []
    if step.ramp:
        tail.append("ramp")
    tail.extend(format_target(target) for target in step.targets)
    if step.splits is not None:
        tail.append(f"splits {format_duration(step.splits)}")
    body = format_duration(step.duration)

    for quote_cue, quote_note in ((False, False), (True, False), (False, True), (True, True)):
        parts = list(head)
        if step.cue:
            parts.append(f'"{step.cue}"' if quote_cue else step.cue)
        parts.append(body)
        parts.extend(tail)
        if step.note:
            parts.append(f'"{step.note}"' if quote_note else step.note)
        text = " ".join(parts)
        try:
            if parse_step(text, line=1, column=1, context=context, warnings=[]) == step:
                return text
        except WorkoutParseError:
            continue
    raise AssertionError(f"cannot write {step!r} so that it reads back the same")
