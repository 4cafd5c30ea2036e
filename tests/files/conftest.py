"""Real files are read once per test session: the largest takes seconds to decode."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from server.files.activity import Activity
from server.files.errors import FileRefused
from server.files.read import read_activity

DATA = Path(__file__).parent / "data"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


@cache
def imported(name: str) -> Activity:
    return read_activity(data(name), filename=name)


@cache
def refused(name: str) -> FileRefused:
    try:
        read_activity(data(name), filename=name)
    except FileRefused as refusal:
        return refusal
    raise AssertionError(f"{name} was imported, not refused")
