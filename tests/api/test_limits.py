"""Rate limits in isolation: a sliding minute per address, bounded memory."""

from __future__ import annotations

from server.api.limits import RateLimiter


def test_attempts_beyond_the_limit_wait_for_the_window() -> None:
    now = [0.0]
    limiter = RateLimiter(3, clock=lambda: now[0])
    assert [limiter.retry_after("192.0.2.1") for _ in range(3)] == [None, None, None]
    assert limiter.retry_after("192.0.2.1") == 60
    assert limiter.retry_after("192.0.2.2") is None  # another address has its own count
    now[0] = 60.0
    assert limiter.retry_after("192.0.2.1") is None


def test_the_rate_limiter_forgets_idle_addresses() -> None:
    now = [0.0]
    limiter = RateLimiter(3, clock=lambda: now[0])
    for address in range(10_001):
        limiter.retry_after(f"10.0.{address // 256}.{address % 256}")
    now[0] = 3600.0
    limiter.retry_after("192.0.2.1")
    assert len(limiter._attempts) < 10
