"""What each input does in each session state, as one table (rules, not branches).

    state     | start    pause   resume   skip     extend   end
    ----------+-------------------------------------------------------
    ready     | running  -       -        -        -        finished
    running   | -        paused  -        running  running  finished
    paused    | -        -       running  -        -        finished
    finished  | -        -       -        -        -        -

A missing entry is refused with `CommandNotAllowed`, naming the state and the command.
"""

from __future__ import annotations

from enum import StrEnum

from server.engine.errors import CommandNotAllowed

__all__ = ["TRANSITIONS", "SessionStatus", "next_status"]


class SessionStatus(StrEnum):
    """Where a session is in its life."""

    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


TRANSITIONS: dict[SessionStatus, dict[str, SessionStatus]] = {
    SessionStatus.READY: {"start": SessionStatus.RUNNING, "end": SessionStatus.FINISHED},
    SessionStatus.RUNNING: {
        "pause": SessionStatus.PAUSED,
        "skip": SessionStatus.RUNNING,
        "extend": SessionStatus.RUNNING,
        "end": SessionStatus.FINISHED,
    },
    SessionStatus.PAUSED: {"resume": SessionStatus.RUNNING, "end": SessionStatus.FINISHED},
    SessionStatus.FINISHED: {},
}

_REASONS = {
    (SessionStatus.RUNNING, "resume"): "it is not paused",
    (SessionStatus.PAUSED, "pause"): "it is already paused",
    (SessionStatus.PAUSED, "skip"): "resume first",
    (SessionStatus.PAUSED, "extend"): "resume first",
    (SessionStatus.READY, "pause"): "start it first",
}


def next_status(status: SessionStatus, action: str) -> SessionStatus:
    """The state after `action`, or `CommandNotAllowed` saying why not."""
    try:
        return TRANSITIONS[status][action]
    except KeyError:
        raise CommandNotAllowed(action, status.value, _REASONS.get((status, action), "")) from None
