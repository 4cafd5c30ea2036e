"""The error tree of the session engine.

    EngineError              anything the engine refuses; its state is unchanged
    ├── InvalidEvent         an event whose fields make no sense (negative time, HR of 400)
    ├── EventOutOfOrder      an event older than one already handled
    └── CommandNotAllowed    a command the session's state does not take (resume while running)

The live layer checks every input with `SessionEngine.check` before it appends it to the event
log, so the log only ever holds events the engine accepts, and replaying it cannot fail.
"""

from __future__ import annotations

__all__ = ["CommandNotAllowed", "EngineError", "EventOutOfOrder", "InvalidEvent"]


class EngineError(ValueError):
    """Root of every error the engine raises."""


class InvalidEvent(EngineError):
    """An event with a field out of range; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class EventOutOfOrder(EngineError):
    """An event older than the engine's clock: time never runs backwards in a session."""

    def __init__(self, t: float, now: float) -> None:
        self.t = t
        self.now = now
        super().__init__(f"event at t={t:g} s is older than the session clock ({now:g} s)")


class CommandNotAllowed(EngineError):
    """A command that the session's current state does not take."""

    def __init__(self, command: str, state: str, reason: str = "") -> None:
        self.command = command
        self.state = state
        detail = f": {reason}" if reason else ""
        super().__init__(f"cannot {command} while the session is {state}{detail}")
