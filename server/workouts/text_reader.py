"""The cursor over one step line's words, shared by the step and the target readers.

Errors point at a word's column; a step whose length was written with a bare `m` carries the
minutes hint, so every error that reading can cause says how to write metres.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from server.workouts.errors import WorkoutParseError
from server.workouts.units import format_number
from server.workouts.validation import describe_errors

__all__ = ["LineReader", "ParseWarning", "Token", "minutes_hint"]

Model = TypeVar("Model", bound=BaseModel)

_TOKEN = re.compile(r'"[^"]*"?|\S+')


def minutes_hint(text: str, minutes: float) -> str:
    """What to say when `400m` (minutes, as in intervals.icu) was probably meant as metres."""
    amount = format_number(minutes)
    return (
        f"{text!r} means {amount} minutes, as in intervals.icu;"
        f" for {amount} metres write '{amount}mtr'"
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
class Token:
    """One word of a step line, or one double-quoted text, with its 1-based column."""

    text: str
    column: int

    @property
    def quoted(self) -> bool:
        """Whether the word is a quoted text, which never reads as syntax."""
        return self.text.startswith('"')

    @property
    def word(self) -> str:
        """The word in lower case, for keywords that are read in any case."""
        return self.text.lower()


class LineReader:
    """The tokens of one step line and the position of the reader in them."""

    def __init__(self, text: str, line: int, column: int, source: str) -> None:
        self.source = source
        self.line = line
        self.tokens = [
            Token(match.group(), column + match.start()) for match in _TOKEN.finditer(text)
        ]
        self.end_column = column + len(text)
        self.pos = 0
        self.minutes_hint: str | None = None
        for token in self.tokens:
            if token.quoted and (len(token.text) < 2 or not token.text.endswith('"')):
                raise self.error("this quote is never closed", token)

    def peek(self, offset: int = 0) -> Token | None:
        """The token `offset` places ahead of the cursor, if any."""
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> Token:
        """The token at the cursor; the cursor moves past it."""
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def error(
        self, message: str, token: Token | None = None, *, hint: bool = False
    ) -> WorkoutParseError:
        """An error at `token` (the line's end for None); `hint` adds the minutes hint if any."""
        column = token.column if token is not None else self.end_column
        if hint and self.minutes_hint is not None:
            message = f"{message} ({self.minutes_hint})"
        return WorkoutParseError(message, line=self.line, column=column, source_line=self.source)

    def build(
        self, cls: type[Model], token: Token | None, *, hint: bool = False, **fields: Any
    ) -> Model:
        """Validate `fields` into `cls`; an invalid value is an error at `token`."""
        try:
            return cls.model_validate(fields)
        except ValidationError as exc:
            issue = describe_errors(exc, fields)[0]
            raise self.error(issue.message, token, hint=hint) from None
