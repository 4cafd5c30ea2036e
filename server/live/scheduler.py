"""One scheduler per process: a heap of deadlines and a single task that fires them.

Live sessions do not each sleep; each tells the scheduler when its engine next needs a tick
(`next_deadline()`, mapped to the process's monotonic clock), and the one task wakes for the
earliest. A newer deadline for the same session replaces the older one (lazily: stale heap
entries are skipped by their generation). Each firing runs as its own task: a session whose
tick waits on its lock or a commit never holds back another session's deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
from collections.abc import Awaitable, Callable

__all__ = ["Scheduler"]

Fire = Callable[[str], Awaitable[None]]
_log = logging.getLogger("trackcue.live")


class Scheduler:
    """Deadlines by key on a monotonic clock (`clock()`, seconds)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self._heap: list[tuple[float, int, str]] = []
        self._current: dict[str, int] = {}
        self._when: dict[str, float] = {}
        self._counter = itertools.count()
        self._changed = asyncio.Event()
        self._firing: set[asyncio.Task[None]] = set()

    def schedule(self, key: str, when: float | None) -> None:
        """Fire `key` at monotonic time `when`; None cancels what was scheduled."""
        if when is None:
            self._current.pop(key, None)
            self._when.pop(key, None)
            return
        if self._when.get(key) == when and key in self._current:
            return  # unchanged (most inputs do not move the deadline)
        self._when[key] = when
        generation = next(self._counter)
        self._current[key] = generation
        heapq.heappush(self._heap, (when, generation, key))
        if self._heap[0][1] == generation:
            self._changed.set()  # an earlier deadline: wake the loop to wait less

    def pending(self) -> int:
        """Live deadlines (for tests and metrics)."""
        return len(self._current)

    async def run(self, fire: Fire) -> None:
        """Fire deadlines as they come, until cancelled. A failing fire does not stop others."""
        while True:
            self._drop_stale()
            if not self._heap:
                self._changed.clear()
                await self._changed.wait()
                continue
            when, generation, key = self._heap[0]
            delay = when - self.clock()
            if delay > 0:
                self._changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), timeout=delay)
                continue
            heapq.heappop(self._heap)
            if self._current.get(key) != generation:
                continue
            del self._current[key]
            self._when.pop(key, None)
            task = asyncio.create_task(self._fire(fire, key), name=f"trackcue-tick-{key}")
            self._firing.add(task)
            task.add_done_callback(self._firing.discard)

    async def _fire(self, fire: Fire, key: str) -> None:
        try:
            await fire(key)
        except Exception:  # a broken session must not stop every other session's clock
            _log.exception("tick of %s failed", key)

    async def stop(self) -> None:
        """Cancel the firings still under way (the run loop itself is cancelled by its owner)."""
        for task in list(self._firing):
            task.cancel()
        for task in list(self._firing):
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _drop_stale(self) -> None:
        while self._heap and self._current.get(self._heap[0][2]) != self._heap[0][1]:
            heapq.heappop(self._heap)
