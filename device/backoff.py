"""Retry delays that grow and spread: exponential backoff with jitter.

Every bridge at a track reconnects after the same server restart or radio hiccup; jitter keeps
them from knocking all at once, and the cap keeps a long outage from stretching the wait.
"""

from __future__ import annotations

import random

__all__ = ["Backoff"]


class Backoff:
    """Delays of `base * 2**n`, capped, each drawn between half and all of that."""

    def __init__(self, base: float = 0.5, cap: float = 30.0, *, seed: int | None = None) -> None:
        if not 0 < base <= cap:
            raise ValueError("backoff needs 0 < base <= cap")
        self.base = base
        self.cap = cap
        self.attempts = 0
        self._random = random.Random(seed)

    def next_delay(self) -> float:
        """The wait before the next attempt."""
        ceiling = min(self.cap, self.base * 2.0 ** min(self.attempts, 32))
        self.attempts += 1
        return ceiling / 2 + self._random.uniform(0, ceiling / 2)

    def reset(self) -> None:
        """A success: the next failure starts from the base again."""
        self.attempts = 0
