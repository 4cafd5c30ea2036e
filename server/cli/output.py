"""How commands talk: Rich for people, plain JSON for programs, reasons for failure on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.text import Text

__all__ = ["console", "fail", "print_json"]

# Markup off: workout names, cues and file contents are the user's text, never Rich markup.
console = Console(highlight=False, markup=False)
_errors = Console(stderr=True, highlight=False, markup=False)


def print_json(data: Any) -> None:
    """Write one JSON document to stdout, unstyled, for another program to read."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def fail(message: str, *, code: int = 1) -> NoReturn:
    """Say why on stderr and exit non-zero."""
    _errors.print(Text.assemble(("error: ", "bold red"), message), soft_wrap=True)
    raise typer.Exit(code)
