"""Reading and writing the targets of a step line (`I Pace`, `Z2 HR`, `170rpm`, `315-330w`).

Targets never vanish. Words where a target stands (right after the duration or `ramp`, and
right after each target) are read as targets; a word there that is plainly meant as one but is
not one is an error with a suggestion, never a note. The rule for "plainly meant":

- a word starting with `@` (`@ 5k`): intervals.icu has no `@`;
- a word followed by a target keyword (`Pace`, `HR`, `LTHR`, `Power`, `FTP`) or a near miss of
  one (`Pase`), when it stands right after the duration or `ramp`, or, after a target, when the
  word itself looks like a target (it has a digit or `%`, or is a named pace or close to one).
  So `- 15m Z2 HR easy pace` keeps the note "easy pace", but `- 10m easy pace` is an error
  suggesting `E Pace`.

Anything else there starts the note, as in intervals.icu.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from pydantic import BaseModel

from server.workouts.errors import WorkoutParseError
from server.workouts.races import parse_race
from server.workouts.targets import (
    CadenceTarget,
    HeartRateReference,
    HeartRateTarget,
    HeartRateZoneTarget,
    NamedPace,
    NamedPaceTarget,
    PaceTarget,
    PaceZoneTarget,
    PowerReference,
    PowerTarget,
    PowerZoneTarget,
    RpeTarget,
    SpeedTarget,
    ThresholdPaceTarget,
)
from server.workouts.text_lexicon import CLOCK, NUM
from server.workouts.text_reader import LineReader, Token
from server.workouts.units import PaceUnit, SpeedUnit

__all__ = ["NAMED_PACE_WORDS", "read_target"]

NAMED_PACE_WORDS: dict[str, NamedPace] = {
    **{pace.value.lower(): pace for pace in NamedPace},
    "half": NamedPace.HALF_MARATHON,
    "marathon": NamedPace.MARATHON,
}
"""Every spelling of a named pace (lower case): the enum values plus `half` and `marathon`."""

_PACE_UNITS = "|".join(re.escape(unit.value[1:]) for unit in PaceUnit)
_NAMES = "|".join(re.escape(word) for word in sorted(NAMED_PACE_WORDS, key=len, reverse=True))
_ZONE = re.compile(r"^z(\d)(?:-z(\d))?$", re.IGNORECASE | re.ASCII)
_PERCENT = re.compile(rf"^({NUM})(?:-({NUM}))?%$", re.ASCII)
_PACE = re.compile(rf"^({CLOCK})(?:-({CLOCK}))?(?:/({_PACE_UNITS}))?$", re.IGNORECASE | re.ASCII)
_NAMED = re.compile(
    rf"^({_NAMES})(?:([+-])({NUM})s(?:/({_PACE_UNITS}))?)?$", re.IGNORECASE | re.ASCII
)
_BPM = re.compile(r"^(\d{1,3})(?:-(\d{1,3}))?bpm$", re.IGNORECASE | re.ASCII)
_CADENCE = re.compile(r"^(\d{1,3})(?:-(\d{1,3}))?(?:rpm|spm)$", re.IGNORECASE | re.ASCII)
_RANGE = re.compile(r"^(\d{1,2})(?:-(\d{1,2}))?$", re.ASCII)
_SPEED = re.compile(rf"^({NUM})(?:-({NUM}))?(km/h|kph|m/s)$", re.IGNORECASE | re.ASCII)
_WATTS = re.compile(rf"^({NUM})(?:w?-({NUM}))?w$", re.IGNORECASE | re.ASCII)
_ONE_WATT = re.compile(rf"^({NUM})w$", re.IGNORECASE | re.ASCII)
_OFFSET = re.compile(rf"^(.*?)([+-]{NUM}s(?:/(?:{_PACE_UNITS}))?)?$", re.IGNORECASE | re.ASCII)

_PACE_UNIT_BY_TEXT = {unit.value[1:].lower(): unit for unit in PaceUnit}
_KEYWORDS = {"pace": "Pace", "hr": "HR", "lthr": "LTHR", "power": "Power", "ftp": "FTP"}
_WORD_HINTS = {
    "easy": "E",
    "threshold": "T",
    "tempo": "T",
    "interval": "I",
    "intervals": "I",
    "repetition": "R",
    "reps": "R",
    "halfmarathon": "HM",
}
_TARGET_HELP = (
    "a pace target is a pace (5:00/km Pace), a zone (Z2 Pace), a percent of threshold"
    " (80% Pace) or a named pace ("
    + ", ".join(pace.value for pace in NamedPace)
    + ", also half and marathon) with Pace after it"
)


# --- reading -----------------------------------------------------------------------------------


def _low_high(match: re.Match[str], convert: Callable[[str], float]) -> tuple[float, float]:
    low = convert(match.group(1))
    high = convert(match.group(2)) if match.group(2) else low
    return low, high


def _clock(text: str) -> float:
    minutes, _, seconds = text.partition(":")
    return int(minutes) * 60 + float(seconds)


def _looks_like_a_target(word: str) -> bool:
    """After a target, only a word like these before a keyword is taken as a mis-written target."""
    if any(char.isdigit() for char in word) or "%" in word:
        return True
    return word in NAMED_PACE_WORDS or bool(
        difflib.get_close_matches(word, list(NAMED_PACE_WORDS), n=1, cutoff=0.8)
    )


def _near_keyword(word: str) -> str | None:
    """The keyword a misspelt word was meant to be (`Pase` -> `Pace`), if it is close to one."""
    if word in _KEYWORDS:
        return None
    close = difflib.get_close_matches(word, list(_KEYWORDS), n=1, cutoff=0.75)
    return _KEYWORDS[close[0]] if close else None


def read_target(line: LineReader, *, first: bool, suggest: bool = True) -> BaseModel | None:
    """Read a target at the cursor, or return None (leaving the cursor) where the note begins.

    `first` is true right after the duration or `ramp`, where any word before a target keyword
    is meant as a target; after a target, only a word that looks like one (see the module).
    `suggest` is false only while checking a suggestion, so suggesting never recurses.
    """
    token = line.peek()
    if token is None or token.quoted:
        return None
    if token.text.startswith("@"):
        raise _at_sign_error(line, token, suggest)
    following = line.peek(1)
    said = following.word if following is not None and not following.quoted else ""
    meant = first or _looks_like_a_target(token.word)
    if meant and (keyword := _near_keyword(said)):
        raise _unknown_target_error(line, token, keyword, suggest, misspelt=following)
    if token.text in ("1", "2") and said == "mile":
        third = line.peek(2)
        if third is not None and third.word == "pace":
            line.pos += 3
            pace = NamedPace.MILE if token.text == "1" else NamedPace.TWO_MILE
            return line.build(NamedPaceTarget, token, pace=pace)
    if said in _KEYWORDS:
        target = _read_with_keyword(line, token, said)
        if target is None and (meant or said == "power"):
            raise _unknown_target_error(line, token, _KEYWORDS[said], suggest)
        return target
    return _read_alone(line, token)


def _read_with_keyword(line: LineReader, token: Token, keyword: str) -> BaseModel | None:
    text = token.text
    target: BaseModel | None = None
    if keyword == "pace":
        target = _read_pace(line, token)
    elif keyword == "hr":
        if match := _ZONE.match(text):
            low, high = _low_high(match, float)
            target = line.build(HeartRateZoneTarget, token, low=int(low), high=int(high))
        elif match := _PERCENT.match(text):
            low, high = _low_high(match, float)
            reference = HeartRateReference.MAX
            target = line.build(HeartRateTarget, token, low=low, high=high, reference=reference)
        elif match := _BPM.match(text):
            low, high = _low_high(match, float)
            target = line.build(HeartRateTarget, token, low=low, high=high)
    elif keyword == "lthr" and (match := _PERCENT.match(text)):
        low, high = _low_high(match, float)
        reference = HeartRateReference.LTHR
        target = line.build(HeartRateTarget, token, low=low, high=high, reference=reference)
    if target is not None:
        line.pos += 2
    return target


def _read_pace(line: LineReader, token: Token) -> BaseModel | None:
    text = token.text
    if match := _ZONE.match(text):
        low, high = _low_high(match, float)
        return line.build(PaceZoneTarget, token, low=int(low), high=int(high))
    if match := _PERCENT.match(text):
        low, high = _low_high(match, float)
        return line.build(ThresholdPaceTarget, token, low=low, high=high)
    if match := _PACE.match(text):
        return _absolute_pace(line, token, match)
    if match := _NAMED.match(text):
        offset = float(match.group(3) or 0) * (-1 if match.group(2) == "-" else 1)
        unit = _PACE_UNIT_BY_TEXT[match.group(4).lower()] if match.group(4) else PaceUnit.KM
        pace = NAMED_PACE_WORDS[match.group(1).lower()]
        return line.build(NamedPaceTarget, token, pace=pace, offset=offset, offset_unit=unit)
    return None


def _absolute_pace(line: LineReader, token: Token, match: re.Match[str]) -> PaceTarget:
    for clock in (match.group(1), match.group(2)):
        if clock is not None and float(clock.partition(":")[2]) >= 60:
            raise line.error(f"{clock!r}: a pace is m:ss, seconds below 60", token)
    unit = _PACE_UNIT_BY_TEXT[match.group(3).lower()] if match.group(3) else PaceUnit.KM
    fast, slow = _low_high(match, _clock)
    return line.build(PaceTarget, token, fast=fast, slow=slow, unit=unit)


def _read_alone(line: LineReader, token: Token) -> BaseModel | None:
    """A target without a keyword after it: power, bpm, cadence, RPE, speed, or a pace with unit."""
    text = token.text
    following = line.peek(1)
    if match := _ZONE.match(text):
        line.pos += 1
        low, high = _low_high(match, float)
        return line.build(PowerZoneTarget, token, low=int(low), high=int(high))
    if match := _PERCENT.match(text):
        line.pos += 1
        low, high = _low_high(match, float)
        return line.build(PowerTarget, token, low=low, high=high, reference=PowerReference.FTP)
    if (match := _PACE.match(text)) and match.group(3) is not None:
        target = _absolute_pace(line, token, match)
        line.pos += 1
        return target
    if match := _BPM.match(text):
        line.pos += 1
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
        line.pos += 2 if following is not None and following.word == "speed" else 1
        low, high = _low_high(match, float)
        speed_unit = SpeedUnit.MPS if match.group(3).lower() == "m/s" else SpeedUnit.KMH
        return line.build(SpeedTarget, token, low=low, high=high, unit=speed_unit)
    return _read_watts(line, token)


def _read_watts(line: LineReader, token: Token) -> PowerTarget | None:
    """`250w`, `315-330w`, `315w-330w`, and `315w - 330w` with spaces, as people write it."""
    dash, upper = line.peek(1), line.peek(2)
    spaced = (
        _ONE_WATT.match(token.text)
        and dash is not None
        and dash.text == "-"
        and upper is not None
        and _ONE_WATT.match(upper.text)
    )
    if spaced and upper is not None:
        line.pos += 3
        low, high = float(token.text[:-1]), float(upper.text[:-1])
    elif match := _WATTS.match(token.text):
        line.pos += 1
        low, high = _low_high(match, float)
    else:
        return None
    return line.build(PowerTarget, token, low=low, high=high)


# --- suggestions -------------------------------------------------------------------------------


def _reads_as_a_target(text: str) -> bool:
    reader = LineReader(text, 1, 1, text)
    try:
        target = read_target(reader, first=True, suggest=False)
    except WorkoutParseError:
        return False
    return target is not None and reader.peek() is None


def _spellings(keyword: str) -> list[str]:
    zones = [f"Z{zone}" for zone in range(1, 8)]
    if keyword == "Pace":
        return [*(pace.value for pace in NamedPace), "half", "marathon", *zones]
    if keyword == "HR":
        return zones
    return []


def _suggestions(word: str, keyword: str) -> list[str]:
    """Targets the writer probably meant by `word keyword`, best first."""
    if keyword in ("Power", "FTP"):
        return [word] if _reads_as_a_target(word) else []
    found: list[str] = []
    if keyword == "LTHR" and _reads_as_a_target(f"{word} HR"):
        found.append(f"{word} HR")
    split = _OFFSET.match(word)
    assert split is not None  # every word matches: the offset part is optional
    name, offset = split.group(1), split.group(2) or ""
    key = name.lower().replace("-", "").replace(" ", "")
    if key in _WORD_HINTS:
        found.append(f"{_WORD_HINTS[key]}{offset} Pace")
    try:
        metres = parse_race(name).metres
    except ValueError:
        metres = None
    for pace in NamedPace:
        if metres is not None and pace.race is not None and parse_race(pace.race).metres == metres:
            found.append(f"{pace.value}{offset} Pace")
    if found:
        # A race or an intensity said in other words is what was meant; no guessing beyond it.
        return [text for text in dict.fromkeys(found) if _reads_as_a_target(text)][:3]
    spellings = _spellings(keyword)
    by_lower = {spelling.lower(): spelling for spelling in spellings}
    for close in difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.5):
        found.append(f"{by_lower[close]}{offset} {keyword}")
    unique = list(dict.fromkeys(found))
    return [text for text in unique if _reads_as_a_target(text)][:3]


def _did_you_mean(options: list[str]) -> str:
    if not options:
        return ""
    shown = " or ".join(f"`{option}`" for option in options)
    return f"; did you mean {shown}?"


def _unknown_target_error(
    line: LineReader, token: Token, keyword: str, suggest: bool, misspelt: Token | None = None
) -> WorkoutParseError:
    written = f"{token.text} {misspelt.text if misspelt is not None else keyword}"
    if not suggest:
        options: list[str] = []
    elif misspelt is not None and _reads_as_a_target(f"{token.text} {keyword}"):
        options = [f"{token.text} {keyword}"]
    else:
        options = _suggestions(token.text, keyword)
    if keyword in ("Power", "FTP"):
        help_text = "intervals.icu writes power alone: 250w, 315-330w, 80% (of FTP) or Z2"
    elif keyword == "Pace":
        help_text = _TARGET_HELP
    else:
        help_text = "a heart-rate target is Z2 HR, 70-75% HR, 95% LTHR or 140-150bpm HR"
    suffix = _did_you_mean(options) if options else f"; {help_text}"
    return line.error(f"{written!r} is not a target{suffix}", token)


def _at_sign_error(line: LineReader, token: Token, suggest: bool) -> WorkoutParseError:
    rest = token.text[1:]
    following = line.peek(1)
    if not rest and following is not None:
        rest = following.text
    options: list[str] = []
    if suggest and rest:
        options = [text for text in (rest, f"{rest} Pace") if _reads_as_a_target(text)]
        options = options or _suggestions(rest, "Pace")
    hint = _did_you_mean(options[:1]) if options else "; write the target itself, such as `5k Pace`"
    return line.error(
        f"'@' is not part of the workout text (a target follows the duration){hint}", token
    )
