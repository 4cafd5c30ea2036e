"""Hypothesis strategies that build every kind of valid workout, including awkward text."""

from __future__ import annotations

import math
import string
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from server.workouts import (
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
    PowerReference,
    PowerTarget,
    PowerZoneTarget,
    Repeat,
    RpeTarget,
    Section,
    SpeedTarget,
    Step,
    StepKind,
    ThresholdPaceTarget,
    TimeDuration,
    Workout,
)
from server.workouts.limits import (
    MAX_EXPANDED_STEPS,
    MAX_EXPANDED_WORDS,
    MAX_REPEAT_DEPTH,
    MAX_SPLIT_CALLS,
    MAX_SPLIT_CALLS_PER_STEP,
)
from server.workouts.model import HeaderName, Text
from server.workouts.targets import RANGED_TARGETS, family_of
from server.workouts.units import DistanceUnit, PaceUnit, SpeedUnit

# Words that look like parts of the syntax, so cues and notes exercise the quoting rules.
TRICKY_WORDS = [
    "400m",
    "400mtr",
    "2km",
    "1mi",
    "90s",
    "1m30",
    "5'",
    "Z2",
    "Pace",
    "HR",
    "LTHR",
    "80%",
    "5k",
    "T",
    "I",
    "ramp",
    "splits",
    "every",
    "press",
    "lap",
    "Press",
    "until",
    "[work]",
    "RPE",
    "7",
    "170rpm",
    "150bpm",
    "12km/h",
    "1:32/400m",
    "6x",
    "Jog",
    "Rest",
    "Warmup",
    "Cool",
    "stride",
    "-",
    "#",
    "(skip",
    "last",
    "recovery)",
    "250w",
    "315w",
    "@",
    "mile",
    "Pase",
    "Power",
    "2",
]
_ALPHABET = string.ascii_letters + string.digits + ":-/%.'[]+,()!?"

words = st.one_of(st.sampled_from(TRICKY_WORDS), st.text(_ALPHABET, min_size=1, max_size=8))
texts = st.lists(words, min_size=1, max_size=5).map(" ".join)


def _accepted(adapter: TypeAdapter[Any], value: str) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


_TEXT = TypeAdapter(Text)
_HEADER = TypeAdapter(HeaderName)
cues = texts.filter(lambda value: _accepted(_TEXT, value))
header_names = texts.filter(lambda value: _accepted(_HEADER, value))


def tenths(low: float, high: float) -> st.SearchStrategy[float]:
    return st.integers(math.ceil(low * 10), math.floor(high * 10)).map(lambda n: n / 10)


def ordered(values: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[Any, Any]]:
    return st.tuples(values, values).map(lambda pair: (min(pair), max(pair)))


times = tenths(0.1, 24 * 3600).map(lambda s: TimeDuration(seconds=s))


@st.composite
def distances(draw: st.DrawFn) -> DistanceDuration:
    unit = draw(st.sampled_from(list(DistanceUnit)))
    low = math.ceil(1000 / unit.metres)  # thousandths of the unit in one metre, rounded up
    high = math.floor(250_000 * 1000 / unit.metres)
    return DistanceDuration(value=draw(st.integers(low, high)) / 1000, unit=unit)


durations = st.one_of(
    times,
    distances(),
    st.builds(LapButtonDuration, estimate=st.one_of(st.none(), times, distances())),
    st.builds(
        HeartRateDuration,
        until=st.sampled_from(list(HrDirection)),
        bpm=st.integers(40, 230),
        cap_seconds=tenths(0.1, 3600),
    ),
)


@st.composite
def pace_targets(draw: st.DrawFn) -> PaceTarget:
    unit = draw(st.sampled_from(list(PaceUnit)))
    fast, slow = draw(ordered(tenths(90 * unit.metres / 1000, 1800 * unit.metres / 1000)))
    return PaceTarget(fast=fast, slow=slow, unit=unit)


def _ranged(cls: Any, values: st.SearchStrategy[Any], **fixed: Any) -> st.SearchStrategy[Any]:
    return ordered(values).map(lambda pair: cls(low=pair[0], high=pair[1], **fixed))


@st.composite
def speed_targets(draw: st.DrawFn) -> SpeedTarget:
    unit = draw(st.sampled_from(list(SpeedUnit)))
    top = 45.0 if unit is SpeedUnit.KMH else 12.5
    low, high = draw(ordered(st.integers(1, int(top * 100)).map(lambda n: n / 100)))
    return SpeedTarget(low=low, high=high, unit=unit)


@st.composite
def heart_rate_targets(draw: st.DrawFn) -> HeartRateTarget:
    reference = draw(st.sampled_from(list(HeartRateReference)))
    if reference is HeartRateReference.BPM:
        low, high = draw(ordered(st.integers(40, 230).map(float)))
    else:
        low, high = draw(ordered(tenths(30, 120)))
    return HeartRateTarget(low=low, high=high, reference=reference)


@st.composite
def power_targets(draw: st.DrawFn) -> PowerTarget:
    reference = draw(st.sampled_from(list(PowerReference)))
    if reference is PowerReference.WATTS:
        low, high = draw(ordered(st.integers(20, 2500).map(float)))
    else:
        low, high = draw(ordered(tenths(30, 200)))
    return PowerTarget(low=low, high=high, reference=reference)


targets = st.one_of(
    pace_targets(),
    _ranged(ThresholdPaceTarget, tenths(30, 200)),
    _ranged(PaceZoneTarget, st.integers(1, 7)),
    st.builds(
        NamedPaceTarget,
        pace=st.sampled_from(list(NamedPace)),
        offset=tenths(-120, 120),
        offset_unit=st.sampled_from(list(PaceUnit)),
    ),
    speed_targets(),
    heart_rate_targets(),
    _ranged(HeartRateZoneTarget, st.integers(1, 7)),
    _ranged(CadenceTarget, st.integers(60, 260)),
    _ranged(RpeTarget, st.integers(1, 10)),
    power_targets(),
    _ranged(PowerZoneTarget, st.integers(1, 7)),
)
step_targets = st.lists(targets, max_size=3, unique_by=family_of).map(tuple)
"""A step's targets: none, one, or several of different families, in any order."""


@st.composite
def steps(draw: st.DrawFn) -> Step:
    duration = draw(durations)
    chosen = draw(step_targets)
    splits = None
    if isinstance(duration, DistanceDuration) and duration.metres > 2 and draw(st.booleans()):
        # Any interval the step-wide limit allows; mostly coarse, so that repeats stay in bounds.
        calls = draw(st.one_of(st.integers(2, 20), st.just(MAX_SPLIT_CALLS_PER_STEP)))
        top = math.floor(duration.metres) - 1
        every = draw(st.integers(min(math.ceil(duration.metres / calls), top), top))
        splits = DistanceDuration(value=every, unit=DistanceUnit.METRE)
    primary = Step(kind=StepKind.OTHER, duration=duration, targets=chosen).target
    ramp = isinstance(primary, RANGED_TARGETS) and draw(st.booleans())
    return Step(
        kind=draw(st.sampled_from(list(StepKind))),
        duration=duration,
        targets=chosen,
        ramp=ramp,
        cue=draw(st.one_of(st.none(), cues)),
        note=draw(st.one_of(st.none(), cues)),
        splits=splits,
    )


@st.composite
def repeats(draw: st.DrawFn, children: st.SearchStrategy[Any]) -> Repeat:
    items = tuple(draw(st.lists(children, min_size=1, max_size=3)))
    last = items[-1]
    can_skip = isinstance(last, Step) and last.kind in (StepKind.RECOVERY, StepKind.REST)
    count = draw(st.integers(1, 4))
    # Only repeats within the limits exist; the limits have tests of their own.
    assume(1 + max(item.repeat_depth() for item in items) <= MAX_REPEAT_DEPTH)
    assume(count * sum(item.expanded_count() for item in items) <= MAX_EXPANDED_STEPS)
    assume(count * sum(item.split_calls() for item in items) <= MAX_SPLIT_CALLS)
    assume(count * sum(item.expanded_words() for item in items) <= MAX_EXPANDED_WORDS // 2)
    return Repeat(
        name=draw(st.one_of(st.none(), header_names)),
        count=count,
        steps=items,
        skip_last_recovery=can_skip and draw(st.booleans()),
    )


blocks = st.recursive(steps(), lambda children: repeats(children), max_leaves=8)
sections = st.builds(
    Section, name=header_names, steps=st.lists(blocks, min_size=1, max_size=3).map(tuple)
)
notes = st.lists(cues, min_size=1, max_size=3).map("\n".join)


def _valid_notes(value: str) -> bool:
    try:
        Workout(notes=value, items=(Step(kind=StepKind.OTHER, duration=TimeDuration(seconds=1)),))
    except ValidationError:
        return False
    return True


def _within_limits(items: tuple[Step | Repeat | Section, ...]) -> bool:
    steps: int = sum(item.expanded_count() for item in items)
    calls: int = sum(item.split_calls() for item in items)
    words: int = sum(item.expanded_words() for item in items)
    return steps <= MAX_EXPANDED_STEPS and calls <= MAX_SPLIT_CALLS and words <= MAX_EXPANDED_WORDS


workouts = st.builds(
    Workout,
    name=st.one_of(st.none(), cues),
    notes=st.one_of(st.none(), notes.filter(_valid_notes)),
    items=st.lists(st.one_of(blocks, sections), min_size=1, max_size=4)
    .map(tuple)
    .filter(_within_limits),
)
