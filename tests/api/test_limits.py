"""Limits in isolation: a sliding minute per address, a back-off per name, bounded memory."""

from __future__ import annotations

from server.api.limits import FailureBackoff, RateLimiter


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


def test_failed_sign_ins_for_one_name_wait_longer_each_time_up_to_the_cap() -> None:
    now = [0.0]
    backoff = FailureBackoff(3, max_delay_s=10, clock=lambda: now[0])
    waits = []
    for _ in range(8):
        assert backoff.retry_after("ana") is None  # each attempt waited for its turn
        backoff.failed("ana")
        wait = backoff.retry_after("ana") or 0
        waits.append(wait)
        now[0] += wait
    assert waits == [0, 0, 1, 2, 4, 8, 10, 10]
    assert backoff.retry_after("ben") is None  # another name is not held back
    backoff.succeeded("ana")
    assert backoff.retry_after("ana") is None


def test_a_name_quiet_for_a_day_starts_afresh() -> None:
    now = [0.0]
    backoff = FailureBackoff(1, max_delay_s=900, clock=lambda: now[0])
    for _ in range(5):
        backoff.failed("ana")
    now[0] = 86_400.0
    assert backoff.retry_after("ana") is None
    backoff.failed("ana")
    assert backoff.retry_after("ana") == 1
