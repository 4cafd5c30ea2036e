"""The plain-text workout format: intervals.icu's workout builder syntax for runs, plus ours.

Compatible where intervals.icu speaks (headers, `6x` blocks, `- 400mtr 1:32/400m Pace`, zones,
percent of threshold, `Press lap`), and extended where it is silent: a `# title` line, named paces
(`5k Pace`, `T+5s/km Pace`), split calls, heart-rate recoveries, `[kind]` tags, `(skip last
recovery)` and nested repeats written by indentation. `docs/workout-format.md` is the reference.
`format_workout(parse_workout(text))` is stable and `parse_workout(format_workout(w)) == w`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from server.workouts.errors import WorkoutParseError
from server.workouts.limits import (
    MAX_LINE_CHARS,
    MAX_REPEAT_DEPTH,
    MAX_TEXT_CHARS,
    MAX_TEXT_LINES,
)
from server.workouts.model import (
    Block,
    Item,
    Repeat,
    Section,
    Step,
    StepKind,
    Workout,
    check_totals,
)
from server.workouts.step_kinds import kind_of_header
from server.workouts.text_lexicon import is_step_line
from server.workouts.text_steps import ParseWarning, StepContext, format_step, parse_step
from server.workouts.validation import describe_errors

__all__ = ["ParsedWorkout", "ParseWarning", "format_workout", "parse", "parse_workout"]

# The lookbehind keeps the search linear on long digit runs.
_REPEAT_COUNT = re.compile(r"(?<!\d)(\d+)\s*[xX]$", re.ASCII)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SKIP_LAST = re.compile(r"\s*\(skip last recovery\)$", re.IGNORECASE)
_INDENT = "  "


@dataclass(frozen=True, slots=True)
class ParsedWorkout:
    """A parsed workout and the warnings its text deserves (`400m` is 400 minutes, ...)."""

    workout: Workout
    warnings: tuple[ParseWarning, ...]


@dataclass(slots=True)
class _Frame:
    """A block still being read: its header, indentation and the items read so far."""

    name: str | None
    count: int | None  # None for a section (a header without `Nx`)
    skip_last_recovery: bool
    indent: int
    line: int
    source: str
    items: list[Block] = field(default_factory=list)


def _is_step_line(stripped: str) -> bool:
    return is_step_line(stripped)


def _indent_of(raw: str) -> int:
    return len(raw) - len(raw.lstrip())


def _read_header(stripped: str) -> tuple[str | None, int | None, bool]:
    match = _REPEAT_COUNT.search(stripped)
    name: str | None = stripped[: match.start()].rstrip() if match else stripped
    digits = match.group(1) if match else None
    # Counts past 100 are refused by the model; a huge digit run never reaches int().
    count = None if digits is None else int(digits) if len(digits) <= 4 else 10_000
    skip = False
    if name is not None and (found := _SKIP_LAST.search(name)):
        skip = True
        name = name[: found.start()]
    return (name.strip() or None) if name is not None else None, count, skip


class _Reader:
    def __init__(self, text: str) -> None:
        # A byte-order mark means nothing inside a text, wherever an editor left it.
        self.lines = _LINE_BREAK.split(text.replace("\ufeff", ""))
        self.top: list[Item] = []
        self.stack: list[_Frame] = []
        self.notes: list[str] = []
        self.name: str | None = None
        self.warnings: list[ParseWarning] = []
        self.expanded_steps = 0
        self.split_calls = 0
        self.expanded_words = 0

    def error(self, message: str, line: int, column: int = 1) -> WorkoutParseError:
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return WorkoutParseError(message, line=line, column=column, source_line=source)

    def check_size(self) -> None:
        """Refuse too many lines or a too long line before any line is read."""
        if len(self.lines) > MAX_TEXT_LINES:
            raise self.error(
                f"the text has {len(self.lines)} lines, over the limit of {MAX_TEXT_LINES}"
                " lines in a workout",
                MAX_TEXT_LINES + 1,
            )
        for number, raw in enumerate(self.lines, start=1):
            if len(raw) > MAX_LINE_CHARS:
                raise self.error(
                    f"this line is {len(raw)} characters long, over the limit of"
                    f" {MAX_LINE_CHARS} characters in a line",
                    number,
                    MAX_LINE_CHARS + 1,
                )

    def add_top(self, item: Item, line: int, column: int) -> None:
        """Append a top-level item, refusing it where the workout's totals cross a limit."""
        self.expanded_steps += item.expanded_count()
        self.split_calls += item.split_calls()
        self.expanded_words += item.expanded_words()
        try:
            check_totals(
                self.expanded_steps, self.split_calls, self.expanded_words, "the workout up to here"
            )
        except ValueError as exc:
            raise self.error(str(exc), line, column) from None
        self.top.append(item)

    def read(self, default_name: str | None) -> Workout:
        self.check_size()
        seen_content = False
        title_line = 1
        for number, raw in enumerate(self.lines, start=1):
            stripped = raw.strip()
            if not stripped:
                self.close_to(None)
                continue
            indent = _indent_of(raw)
            if _is_step_line(stripped):
                self.read_step(stripped, number, indent, raw)
            elif not seen_content and stripped.startswith("# "):
                self.name = stripped[2:].strip() or None
                title_line = number
            elif self.is_header(stripped, number, indent):
                self.open_block(stripped, number, indent)
            elif stripped.startswith("#"):
                raise self.error("only the first line can be a '# title'", number, indent + 1)
            else:
                self.notes.append(stripped)
            seen_content = True
        self.close_to(None)
        if not self.top:
            raise self.error(
                "expected at least one step: a line such as '- 10m Z2 Pace'",
                self.last_line(),
            )
        data = {
            "name": self.name if self.name is not None else default_name,
            "notes": "\n".join(self.notes) or None,
            "items": self.top,
        }
        try:
            return Workout.model_validate(data)
        except ValidationError as exc:
            issue = describe_errors(exc, data)[0]
            line = title_line if issue.path.startswith("name") else self.last_line()
            raise self.error(str(issue), line) from None

    def last_line(self) -> int:
        """The number of the last line with content (1 for an empty text)."""
        for number in range(len(self.lines), 0, -1):
            if self.lines[number - 1].strip():
                return number
        return 1

    def is_header(self, stripped: str, number: int, indent: int) -> bool:
        if _REPEAT_COUNT.search(stripped):
            return True
        following = self.lines[number] if number < len(self.lines) else ""
        next_stripped = following.strip()
        if _is_step_line(next_stripped):
            return True
        return bool(
            next_stripped and _REPEAT_COUNT.search(next_stripped) and _indent_of(following) > indent
        )

    def open_block(self, stripped: str, number: int, indent: int) -> None:
        name, count, skip = _read_header(stripped)
        nested = bool(self.stack) and indent > 0
        if nested:
            self.close_to(indent - 1)  # a sibling at the same depth ends here too
            if not self.stack:
                raise self.error(
                    "this block's indentation matches no open block", number, indent + 1
                )
            if count is None:
                raise self.error(
                    "a nested block needs a repeat count at the end, such as '3x'",
                    number,
                    indent + len(stripped) + 1,
                )
            if self.stack[-1].count is None and len(self.stack) > 1:
                raise self.error("sections do not nest", number, indent + 1)
        else:
            self.close_to(None)
        if name is None and count is None:
            raise self.error("expected a block name or a repeat count such as '6x'", number)
        depth = sum(frame.count is not None for frame in self.stack) + (count is not None)
        if depth > MAX_REPEAT_DEPTH:
            raise self.error(
                f"repeats nest {depth} deep here, over the limit of {MAX_REPEAT_DEPTH}"
                " repeats inside each other",
                number,
                indent + 1,
            )
        self.stack.append(_Frame(name, count, skip, indent, number, stripped))

    def context(self) -> StepContext:
        header_kind: StepKind | None = None
        for frame in self.stack:
            header_kind = kind_of_header(frame.name) or header_kind
        position = None
        if self.stack and self.stack[-1].count is not None:
            position = len(self.stack[-1].items)
        return StepContext(header_kind=header_kind, position_in_repeat=position)

    def read_step(self, stripped: str, number: int, indent: int, raw: str) -> None:
        if self.stack:
            depth = len(self.stack)
            self.close_to(indent)
            # Any indentation will do under one top-level header (as in intervals.icu); once
            # blocks nest, a step must line up with the block it belongs to.
            nested = len(self.stack) > 1 or (bool(self.stack) and len(self.stack) < depth)
            if nested and self.stack[-1].indent != indent:
                raise self.error(
                    "this step's indentation matches no open block", number, indent + 1
                )
        body = stripped[1:].lstrip()
        column = indent + (len(stripped) - len(body)) + 1
        step = parse_step(
            body,
            line=number,
            column=column,
            context=self.context(),
            warnings=self.warnings,
            source_line=raw,
        )
        if self.stack:
            self.stack[-1].items.append(step)
        else:
            self.add_top(step, number, indent + 1)

    def close_to(self, indent: int | None) -> None:
        """Close every open block indented deeper than `indent`; all of them for None."""
        while self.stack and (indent is None or self.stack[-1].indent > indent):
            frame = self.stack.pop()
            if not frame.items:
                raise self.error(f"the block {frame.source!r} has no steps", frame.line)
            block: Repeat | Section
            try:
                if frame.count is None:
                    block = Section(name=frame.name or "", steps=tuple(frame.items))
                else:
                    block = Repeat(
                        name=frame.name,
                        count=frame.count,
                        steps=tuple(frame.items),
                        skip_last_recovery=frame.skip_last_recovery,
                    )
            except ValidationError as exc:
                issue = describe_errors(exc, {})[0]
                raise self.error(issue.message, frame.line, frame.indent + 1) from None
            if self.stack:
                if isinstance(block, Section):
                    raise self.error("sections do not nest", frame.line, frame.indent + 1)
                self.stack[-1].items.append(block)
            else:
                self.add_top(block, frame.line, frame.indent + 1)


def parse(text: str, *, name: str | None = None) -> ParsedWorkout:
    """Read workout text; `name` is used when the text has no `# title` line.

    Raises `WorkoutParseError` with the line, the column and what was expected.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise WorkoutParseError(
            f"the text is {len(text)} characters long, over the limit of {MAX_TEXT_CHARS}"
            " characters in a workout",
            line=1,
            column=1,
        )
    reader = _Reader(text)
    workout = reader.read(name)
    return ParsedWorkout(workout, tuple(reader.warnings))


def parse_workout(text: str, *, name: str | None = None) -> Workout:
    """Read workout text into a `Workout`, ignoring warnings (see `parse` to get them)."""
    return parse(text, name=name).workout


def format_workout(workout: Workout) -> str:
    """Write a workout as text that intervals.icu reads, with our extensions where it needs them."""
    chunks: list[list[str]] = []
    if workout.name is not None:
        chunks.append([f"# {workout.name}"])
    if workout.notes is not None:
        if chunks:
            chunks[-1].extend(workout.notes.splitlines())
        else:
            chunks.append(workout.notes.splitlines())
    loose: list[str] = []
    for item in workout.items:
        if isinstance(item, Step):
            loose.append(f"- {format_step(item, StepContext())}")
            continue
        if loose:
            chunks.append(loose)
            loose = []
        chunks.append(_format_block(item, depth=0, header_kind=None))
    if loose:
        chunks.append(loose)
    return "\n\n".join("\n".join(chunk) for chunk in chunks) + "\n"


def _header(block: Repeat | Section) -> str:
    if isinstance(block, Section):
        return block.name
    parts = [block.name] if block.name else []
    if block.skip_last_recovery:
        parts.append("(skip last recovery)")
    parts.append(f"{block.count}x")
    return " ".join(parts)


def _format_block(block: Repeat | Section, depth: int, header_kind: StepKind | None) -> list[str]:
    indent = _INDENT * depth
    header_kind = kind_of_header(block.name) or header_kind
    lines = [f"{indent}{_header(block)}"]
    for position, item in enumerate(block.steps):
        if isinstance(item, Step):
            context = StepContext(
                header_kind=header_kind,
                position_in_repeat=position if isinstance(block, Repeat) else None,
            )
            lines.append(f"{indent}- {format_step(item, context)}")
        else:
            lines.extend(_format_block(item, depth + 1, header_kind))
    return lines
