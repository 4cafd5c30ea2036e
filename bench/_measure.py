"""Timed rounds for the benchmarks: one warm-up, then each round after a garbage collection."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TypeVar

__all__ = ["measure"]

T = TypeVar("T")


def measure(run: Callable[[], T], rounds: int) -> list[T]:
    """What `run` gives in each of `rounds` rounds, after a warm-up round that is not kept."""
    run()  # warm-up
    results = []
    for _ in range(rounds):
        gc.collect()  # no round pays for the garbage of the one before
        results.append(run())
    return results
