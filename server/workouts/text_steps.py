"""Reading and writing one step line of the workout text (`- Rep 400mtr 1:32/400m Pace`).

A step line is `- [tag] [cue] [Press lap] DURATION [ramp] [TARGET] [splits DIST] [note]`: what comes
before the first duration is the spoken cue (as in intervals.icu), what follows the target is a
note. Every writer here has a reader beside it, so text and model stay each other's mirror.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from server.workouts.errors import WorkoutParseError
from server.workouts.model import (
    CadenceTarget,
    DistanceDuration,
    HeartRateDuration,
    HeartRateReference,
    HeartRateTarget,
    HeartRateZoneTarget,
    HrDirection,
    LapButtonDuration,
    NamedPace,
    NamedPaceTarget,
    PaceTarget,
    PaceZoneTarget,
    RpeTarget,
    SpeedTarget,
    Step,
    StepKind,
    ThresholdPaceTarget,
    TimeDuration,
)
from server.workouts.step_kinds import infer_kind
from server.workouts.units import (
    DistanceUnit,
    PaceUnit,
    SpeedUnit,
    format_clock,
    format_number,
)
from server.workouts.validation import describe_errors

__all__ = [
    "ParseWarning",
    "StepContext",
    "format_duration",
    "format_step",
    "format_target",
    "parse_step",
]

Model = TypeVar("Model", bound=BaseModel)

# Digit runs are bounded: numbers stay in range for int() and float(), and matching stays linear.
_NUM = r"\d{1,6}(?:\.\d{1,3})?"
_CLOCK = r"\d{1,2}:\d{2}(?:\.\d{1,3})?"
_PACE_UNITS = "|".join(re.escape(unit.value[1:]) for unit in PaceUnit)
_TOKEN = re.compile(r'"[^"]*"?|\S+')
_TIME = re.compile(
    rf"^(?:(?P<h>{_NUM})h)?(?:(?P<m>{_NUM})m)?(?:(?P<s>{_NUM})s)?$"
    rf"|^(?P<m2>\d{{1,4}})m(?P<s2>\d{{1,2}}(?:\.\d{{1,3}})?)$"
    rf"|^(?:(?P<m3>{_NUM})')?(?:(?P<s3>{_NUM})\")?$",
    re.IGNORECASE | re.ASCII,
)
_DISTANCE = re.compile(rf"^(?P<v>{_NUM})(?P<u>mtr|km|mi)$", re.IGNORECASE | re.ASCII)
_ZONE = re.compile(r"^z(\d)(?:-z(\d))?$", re.IGNORECASE | re.ASCII)
_PERCENT = re.compile(rf"^({_NUM})(?:-({_NUM}))?%$", re.ASCII)
_PACE = re.compile(rf"^({_CLOCK})(?:-({_CLOCK}))?(?:/({_PACE_UNITS}))?$", re.IGNORECASE | re.ASCII)
_NAMED = re.compile(
    rf"^(5k|10k|hm|m|e|t|i|r)(?:([+-])({_NUM})s(?:/({_PACE_UNITS}))?)?$",
    re.IGNORECASE | re.ASCII,
)
_BPM = re.compile(r"^(\d{1,3})(?:-(\d{1,3}))?bpm$", re.IGNORECASE | re.ASCII)
_CADENCE = re.compile(r"^(\d{1,3})(?:-(\d{1,3}))?(?:rpm|spm)$", re.IGNORECASE | re.ASCII)
_RANGE = re.compile(r"^(\d{1,2})(?:-(\d{1,2}))?$", re.ASCII)
_SPEED = re.compile(rf"^({_NUM})(?:-({_NUM}))?(km/h|kph|m/s)$", re.IGNORECASE | re.ASCII)
_POWER = re.compile(rf"^{_NUM}(?:-{_NUM})?w$", re.IGNORECASE | re.ASCII)
_TAG = re.compile(r"^\[([A-Za-z-]+)\]$")

_NAMED_BY_TEXT = {pace.value.lower(): pace for pace in NamedPace}
_PACE_UNIT_BY_TEXT = {unit.value[1:].lower(): unit for unit in PaceUnit}
_DURATION_HELP = (
    "a duration such as 90s, 5m, 1m30s, 400mtr, 2km, 'Press lap' or 'until HR below 120bpm max 3m'"
)


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """Something that parses but probably is not what the writer meant; 1-based position."""

    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


@dataclass(frozen=True, slots=True)
class StepContext:
    """Where a step stands: what its headers and its place in a repeat say about its kind."""

    header_kind: StepKind | None = None
    position_in_repeat: int | None = None


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    column: int  # 1-based

    @property
    def quoted(self) -> bool:
        return self.text.startswith('"')

    @property
    def word(self) -> str:
        return self.text.lower()


class _Line:
    """The tokens of one step line and the position of the reader in them."""

    def __init__(self, text: str, line: int, column: int, source: str) -> None:
        self.source = source
        self.line = line
        self.tokens = [
            _Token(match.group(), column + match.start()) for match in _TOKEN.finditer(text)
        ]
        self.end_column = column + len(text)
        self.pos = 0
        for token in self.tokens:
            if token.quoted and (len(token.text) < 2 or not token.text.endswith('"')):
                raise self.error("this quote is never closed", token)

    def peek(self, offset: int = 0) -> _Token | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def error(self, message: str, token: _Token | None = None) -> WorkoutParseError:
        column = token.column if token is not None else self.end_column
        return WorkoutParseError(message, line=self.line, column=column, source_line=self.source)

    def build(self, cls: type[Model], token: _Token | None, **fields: Any) -> Model:
        try:
            return cls.model_validate(fields)
        except ValidationError as exc:
            issue = describe_errors(exc, fields)[0]
            raise self.error(issue.message, token) from None


# --- reading -----------------------------------------------------------------------------------


def _is_duration(line: _Line, offset: int) -> bool:
    token = line.peek(offset)
    if token is None or token.quoted:
        return False
    if token.word == "until":
        following = line.peek(offset + 1)
        return following is not None and following.word == "hr"
    return bool(_DISTANCE.match(token.text) or (token.text and _TIME.match(token.text)))


def _seconds(match: re.Match[str]) -> float:
    parts = match.groupdict()
    hours = float(parts["h"] or 0)
    minutes = float(parts["m"] or parts["m2"] or parts["m3"] or 0)
    seconds = float(parts["s"] or parts["s2"] or parts["s3"] or 0)
    return hours * 3600 + minutes * 60 + seconds


def _read_time_or_distance(
    line: _Line, warnings: list[ParseWarning]
) -> TimeDuration | DistanceDuration:
    token = line.take()
    distance = _DISTANCE.match(token.text)
    if distance:
        unit = DistanceUnit(distance.group("u").lower())
        return line.build(DistanceDuration, token, value=float(distance.group("v")), unit=unit)
    time = _TIME.match(token.text)
    if not time or not token.text:
        raise line.error(f"expected {_DURATION_HELP}, got {token.text!r}", token)
    for seconds in (time.group("s2"), time.group("s3") if time.group("m3") else None):
        if seconds is not None and float(seconds) >= 60:
            raise line.error(f"{token.text!r}: seconds after minutes must be below 60", token)
    if time.group("m") and not (time.group("h") or time.group("s")):
        minutes = float(time.group("m"))
        if minutes >= 100 and minutes % 50 == 0:
            warnings.append(
                ParseWarning(
                    line.line,
                    token.column,
                    f"{token.text!r} means {format_number(minutes)} minutes, as in intervals.icu;"
                    f" for {format_number(minutes)} metres write '{format_number(minutes)}mtr'",
                )
            )
    return line.build(TimeDuration, token, seconds=_seconds(time))


def _read_heart_rate_duration(line: _Line, warnings: list[ParseWarning]) -> HeartRateDuration:
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
    if cap_token is None or not _is_duration(line, 0) or _DISTANCE.match(cap_token.text):
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


def _low_high(match: re.Match[str], convert: Callable[[str], float]) -> tuple[float, float]:
    low = convert(match.group(1))
    high = convert(match.group(2)) if match.group(2) else low
    return low, high


def _clock(text: str) -> float:
    minutes, _, seconds = text.partition(":")
    return int(minutes) * 60 + float(seconds)


def _read_target(line: _Line) -> BaseModel | None:
    """Read a target at the cursor, or return None (leaving the cursor) when there is none."""
    token = line.peek()
    if token is None or token.quoted:
        return None
    following = line.peek(1)
    keyword = following.word if following else ""
    text = token.text

    if match := _ZONE.match(text):
        if keyword not in ("pace", "hr"):
            raise line.error(
                f"{text!r} alone is a power zone in intervals.icu; a run takes"
                f" '{text} Pace' or '{text} HR'",
                token,
            )
        line.pos += 2
        low, high = _low_high(match, float)
        cls = PaceZoneTarget if keyword == "pace" else HeartRateZoneTarget
        return line.build(cls, token, low=int(low), high=int(high))
    if match := _PERCENT.match(text):
        if keyword not in ("pace", "hr", "lthr"):
            raise line.error(
                f"{text!r} alone is a percent of FTP (power) in intervals.icu; write"
                f" '{text} Pace', '{text} HR' or '{text} LTHR'",
                token,
            )
        line.pos += 2
        low, high = _low_high(match, float)
        if keyword == "pace":
            return line.build(ThresholdPaceTarget, token, low=low, high=high)
        reference = HeartRateReference.MAX if keyword == "hr" else HeartRateReference.LTHR
        return line.build(HeartRateTarget, token, low=low, high=high, reference=reference)
    if match := _PACE.match(text):
        if match.group(3) is None and keyword != "pace":
            return None
        for clock in (match.group(1), match.group(2)):
            if clock is not None and float(clock.partition(":")[2]) >= 60:
                raise line.error(f"{clock!r}: a pace is m:ss, seconds below 60", token)
        line.pos += 2 if keyword == "pace" else 1
        unit = _PACE_UNIT_BY_TEXT[match.group(3).lower()] if match.group(3) else PaceUnit.KM
        fast, slow = _low_high(match, _clock)
        return line.build(PaceTarget, token, fast=fast, slow=slow, unit=unit)
    if (match := _NAMED.match(text)) and keyword == "pace":
        line.pos += 2
        offset = float(match.group(3) or 0) * (-1 if match.group(2) == "-" else 1)
        unit = _PACE_UNIT_BY_TEXT[match.group(4).lower()] if match.group(4) else PaceUnit.KM
        return line.build(
            NamedPaceTarget,
            token,
            pace=_NAMED_BY_TEXT[match.group(1).lower()],
            offset=offset,
            offset_unit=unit,
        )
    if match := _BPM.match(text):
        line.pos += 2 if keyword == "hr" else 1
        low, high = _low_high(match, float)
        return line.build(HeartRateTarget, token, low=low, high=high)
    if match := _CADENCE.match(text):
        line.pos += 1
        low, high = _low_high(match, float)
        return line.build(CadenceTarget, token, low=int(low), high=int(high))
    if token.word == "rpe" and following is not None and (match := _RANGE.match(following.text)):
        line.pos += 2
        low, high = _low_high(match, float)
        return line.build(RpeTarget, following, low=int(low), high=int(high))
    if match := _SPEED.match(text):
        line.pos += 2 if keyword == "speed" else 1
        low, high = _low_high(match, float)
        speed_unit = SpeedUnit.MPS if match.group(3).lower() == "m/s" else SpeedUnit.KMH
        return line.build(SpeedTarget, token, low=low, high=high, unit=speed_unit)
    if _POWER.match(text):
        raise line.error(f"{text!r} is a power target; a run takes pace, heart-rate or RPE", token)
    return None


def _free_text(line: _Line, tokens: list[_Token]) -> str | None:
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
    reader = _Line(text, line, column, source)
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
            estimate = _read_time_or_distance(reader, warnings)
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
    target_token = reader.peek()
    target = _read_target(reader)
    if target is not None and target_token is not None:
        fields["target"] = target
        columns["target"] = target_token.column
    split = reader.peek()
    if split is not None and split.word in ("split", "splits"):
        reader.pos += 1
        every = reader.peek()
        if every is not None and every.word == "every":
            reader.pos += 1
        distance = reader.peek()
        if distance is None or not _DISTANCE.match(distance.text):
            raise reader.error("expected a split distance such as 200mtr after 'splits'", distance)
        fields["splits"] = _read_time_or_distance(reader, warnings)
        columns["splits"] = split.column
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
        raise WorkoutParseError(
            f"{issue.path}: {issue.message}" if field not in columns else issue.message,
            line=line,
            column=columns.get(field, column),
            source_line=source,
        ) from None


# --- writing -----------------------------------------------------------------------------------


def _range(low: float, high: float, write: Callable[[float], str]) -> str:
    return write(low) if low == high else f"{write(low)}-{write(high)}"


def _tenths(value: float) -> str:
    return format_number(value, 1)


def _pace(value: float) -> str:
    return format_clock(value, decimals=1)


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


def format_target(target: BaseModel) -> str:
    """Write a target as the text format does (`4:00-4:10/km Pace`, `Z2 HR`, `5k-2s/400m Pace`)."""
    if isinstance(target, PaceTarget):
        return f"{_range(target.fast, target.slow, _pace)}{target.unit.value} Pace"
    if isinstance(target, ThresholdPaceTarget):
        return f"{_range(target.low, target.high, _tenths)}% Pace"
    if isinstance(target, PaceZoneTarget | HeartRateZoneTarget):
        suffix = "Pace" if isinstance(target, PaceZoneTarget) else "HR"
        return f"{_range(target.low, target.high, lambda zone: f'Z{zone:g}')} {suffix}"
    if isinstance(target, NamedPaceTarget):
        offset = ""
        if target.offset:
            sign = "-" if target.offset < 0 else "+"
            offset = f"{sign}{_tenths(abs(target.offset))}s{target.offset_unit.value}"
        return f"{target.pace.value}{offset} Pace"
    if isinstance(target, SpeedTarget):
        return (
            f"{_range(target.low, target.high, lambda v: format_number(v, 2))}{target.unit.value}"
        )
    if isinstance(target, HeartRateTarget):
        if target.reference is HeartRateReference.BPM:
            return f"{_range(target.low, target.high, _tenths)}bpm HR"
        suffix = "HR" if target.reference is HeartRateReference.MAX else "LTHR"
        return f"{_range(target.low, target.high, _tenths)}% {suffix}"
    if isinstance(target, CadenceTarget):
        return f"{_range(target.low, target.high, _tenths)}rpm"
    assert isinstance(target, RpeTarget)
    return f"RPE {_range(target.low, target.high, _tenths)}"


def format_step(step: Step, context: StepContext) -> str:
    """Write a step line (after the `- `), quoting a cue or note only where it would misread."""
    head: list[str] = []
    if infer_kind(step.cue, context.header_kind, context.position_in_repeat) is not step.kind:
        head.append(f"[{step.kind.value}]")
    tail: list[str] = []
    if step.ramp:
        tail.append("ramp")
    if step.target is not None:
        tail.append(format_target(step.target))
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
