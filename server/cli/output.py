"""How commands talk: Rich for people, plain JSON for programs, reasons for failure on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer
from rich.console import Console

__all__ = ["console", "fail", "print_json"]

console = Console(highlight=False)
_errors = Console(stderr=True, highlight=False)


def print_json(data: Any) -> None:
    """Write one JSON document to stdout, unstyled, for another program to read."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def fail(message: str, *, code: int = 1) -> NoReturn:
    """Say why on stderr and exit non-zero."""
    _errors.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    raise typer.Exit(code)
