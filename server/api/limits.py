"""Limits that protect the server: request body size, attempt rates, and a back-off per
account name after failed sign-ins."""

from __future__ import annotations

import json
import math
import time
from collections import deque
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodySizeLimit", "FailureBackoff", "RateLimiter"]


class BodySizeLimit:
    """Refuse bodies over `max_bytes` with 413 before they are read into memory.

    Paths in `larger` (file uploads) have their own limit, and their 413 carries the file
    refusal's `code`, `message` and `offset` as well.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, larger: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope.get("path", ""))
        if limit is not None:
            await _Limited(self.app, limit, file=True)(scope, receive, send)
            return
        await _Limited(self.app, self.max_bytes, file=False)(scope, receive, send)


class _Limited:
    """One request under one limit."""

    def __init__(self, app: ASGIApp, max_bytes: int, *, file: bool) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.file = file

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        # Read the body up to the limit before the app sees any of it (bodies here are small),
        # so a chunked body without a length is refused the same way as a declared one.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.max_bytes:
                await self._refuse(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        from server.api.problems import MEDIA_TYPE, Problem

        detail = f"the body is larger than {self.max_bytes} bytes"
        problem = Problem(title="Request too large", status=413, detail=detail)
        document = problem.model_dump(mode="json", exclude_none=True)
        if self.file:
            document.update(code="too_large", message=detail, offset=self.max_bytes)
        body = json.dumps(document).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", MEDIA_TYPE.encode()),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class RateLimiter:
    """At most `limit` attempts per key in a sliding minute; in memory, per process."""

    def __init__(
        self, limit: int, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._attempts: dict[str, deque[float]] = {}

    def retry_after(self, key: str) -> int | None:
        """Record an attempt; None if allowed, else the seconds to wait."""
        now = self._clock()
        attempts = self._attempts.setdefault(key, deque())
        while attempts and attempts[0] <= now - self.window_s:
            attempts.popleft()
        if len(attempts) >= self.limit:
            return max(1, math.ceil(attempts[0] + self.window_s - now))
        attempts.append(now)
        if len(self._attempts) > 10_000:
            self._forget_idle(now)
        return None

    def _forget_idle(self, now: float) -> None:
        """Drop addresses with no attempt inside the window, so memory stays bounded."""
        horizon = now - self.window_s
        for key in [key for key, times in self._attempts.items() if times[-1] <= horizon]:
            del self._attempts[key]


class FailureBackoff:
    """After `free` failures in a row for one key (an account name), each further attempt must
    wait a delay that doubles, up to `max_delay_s`; a success clears the key.

    Keyed by the name as sent, whether or not an account has it, so the answers (and the work
    behind them) are the same for every name and tell nothing about which exist. Guessing one
    account's password from many addresses is what the per-address limit cannot stop.
    """

    def __init__(
        self,
        free: int,
        max_delay_s: float,
        *,
        forget_after_s: float = 86_400.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free = free
        self.max_delay_s = max_delay_s
        self.forget_after_s = forget_after_s
        self._clock = clock
        self._failures: dict[str, tuple[int, float, float]] = {}  # count, last, waits until

    def retry_after(self, key: str) -> int | None:
        """None if an attempt may go ahead now, else the seconds to wait."""
        found = self._failures.get(key)
        if found is None:
            return None
        now = self._clock()
        _, last, until = found
        if now - last >= self.forget_after_s:
            del self._failures[key]
            return None
        return max(1, math.ceil(until - now)) if until > now else None

    def failed(self, key: str) -> None:
        """Count a failure; past the free ones, the next attempt waits twice as long as before."""
        now = self._clock()
        count, last, _ = self._failures.get(key, (0, now, now))
        if now - last >= self.forget_after_s:
            count = 0
        count += 1
        delay = 0.0 if count < self.free else min(self.max_delay_s, 2.0 ** (count - self.free))
        self._failures[key] = (count, now, now + delay)
        if len(self._failures) > 10_000:
            self._forget_quiet(now)

    def succeeded(self, key: str) -> None:
        """The right password: start afresh."""
        self._failures.pop(key, None)

    def _forget_quiet(self, now: float) -> None:
        """Drop keys quiet for longer than the longest delay, so memory stays bounded."""
        horizon = now - self.max_delay_s
        for key in [key for key, (_, last, _) in self._failures.items() if last <= horizon]:
            del self._failures[key]
