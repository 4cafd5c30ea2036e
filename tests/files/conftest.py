"""Real files are read once per test session (the largest takes seconds to decode); `refusal`
is the one way a test expects bytes to be refused."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from server.files.activity import Activity
from server.files.errors import FileRefused
from server.files.limits import FileLimits
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


def refusal(
    payload: bytes, *, filename: str | None = None, limits: FileLimits | None = None
) -> FileRefused:
    """The refusal `read_activity` gives these bytes; the test fails if it imports them."""
    with pytest.raises(FileRefused) as caught:
        read_activity(payload, filename=filename, limits=limits)
    return caught.value
