"""How a step's kind follows from its words and its place, when the text does not say it.

intervals.icu text has no step kinds, yet a runner's text says them plainly: a "Warmup" header, a
cue that starts with "Jog", the second step of a `6x` block. The parser and the formatter share
these rules, so the formatter writes an explicit `[kind]` tag exactly when the rules would guess
wrong, and a parsed text means the same workout again.
"""

from __future__ import annotations

from server.workouts.model import StepKind

__all__ = ["infer_kind", "kind_of_header"]

_CUE_WORDS: dict[str, StepKind] = {
    "warmup": StepKind.WARMUP,
    "warm-up": StepKind.WARMUP,
    "warm": StepKind.WARMUP,
    "drills": StepKind.DRILLS,
    "drill": StepKind.DRILLS,
    "work": StepKind.WORK,
    "rep": StepKind.WORK,
    "interval": StepKind.WORK,
    "tempo": StepKind.WORK,
    "stride": StepKind.WORK,
    "strides": StepKind.WORK,
    "recovery": StepKind.RECOVERY,
    "recover": StepKind.RECOVERY,
    "jog": StepKind.RECOVERY,
    "walk": StepKind.RECOVERY,
    "rest": StepKind.REST,
    "stand": StepKind.REST,
    "cooldown": StepKind.COOLDOWN,
    "cool-down": StepKind.COOLDOWN,
    "cool": StepKind.COOLDOWN,
}

_HEADER_KINDS = (StepKind.WARMUP, StepKind.DRILLS, StepKind.COOLDOWN)


def _first_word_kind(text: str | None) -> StepKind | None:
    if not text:
        return None
    first = text.split(maxsplit=1)[0].lower().strip(":,.;!")
    return _CUE_WORDS.get(first)


def kind_of_header(name: str | None) -> StepKind | None:
    """The kind a block header gives its steps: only warm-up, drills and cool-down headers do."""
    kind = _first_word_kind(name)
    return kind if kind in _HEADER_KINDS else None


def infer_kind(
    cue: str | None, header_kind: StepKind | None, position_in_repeat: int | None
) -> StepKind:
    """The kind a step gets without a tag.

    In order: the cue's first word ("Jog 200mtr" is a recovery), the nearest header that names
    a kind ("Warmup"), the place in a repeat (the first step works, the rest recover), else other.
    """
    from_cue = _first_word_kind(cue)
    if from_cue is not None:
        return from_cue
    if header_kind is not None:
        return header_kind
    if position_in_repeat is not None:
        return StepKind.WORK if position_in_repeat == 0 else StepKind.RECOVERY
    return StepKind.OTHER
