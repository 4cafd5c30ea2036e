"""What a live session says to its clients and takes from its log, in the wire's own types.

A cue becomes a protocol message, a logged input an engine event again; each client gets an
outbox whose pace fits its role.
"""

from __future__ import annotations

from dataclasses import asdict

from server.engine import Command, CommandAction, Cue, Event, Lap, Sample, Start
from server.live.outbox import Outbox
from server.protocol import CueMessage, Role
from server.store.event_log import LoggedEvent

__all__ = ["Client", "cue_message", "to_engine_event"]

STATE_INTERVAL_S = 0.25
"""The athlete's phone, watch and bridge get a state at most this often (session seconds)."""
STATE_INTERVAL_SPECTATOR_S = 1.0
"""A spectator's display gets one at most this often."""


def cue_message(cue: Cue) -> CueMessage:
    """A cue as the protocol sends it."""
    return CueMessage(
        id=cue.id,
        kind=cue.kind,
        due=cue.due,
        priority=cue.priority,
        text=cue.text,
        vibration=list(cue.vibration),
        beep=asdict(cue.beep) if cue.beep is not None else None,
        step_index=cue.step_index,
        rep=cue.rep,
        cancels=list(cue.cancels),
        emitted=cue.emitted,
    )


def to_engine_event(logged: LoggedEvent) -> Event:
    """The engine event a logged input stands for."""
    if logged.kind == "start":
        return Start(t=logged.t)
    if logged.kind == "lap":
        return Lap(t=logged.t)
    if logged.kind == "command":
        return Command(
            t=logged.t,
            action=CommandAction(logged.data["action"]),
            seconds=float(logged.data.get("seconds") or 0.0),
        )
    assert logged.source is not None
    return Sample(t=logged.t, source=logged.source, **logged.data)


class Client:
    """A connected client: its role and what it has yet to receive."""

    def __init__(self, role: Role, clock_rate: float = 1.0) -> None:
        self.role = role
        spectator = role is Role.SPECTATOR
        # At most 4 states a session second for the athlete's clients, 1 for spectators.
        interval = (STATE_INTERVAL_SPECTATOR_S if spectator else STATE_INTERVAL_S) / clock_rate
        self.outbox = Outbox(keep_every_cue=not spectator, state_interval=interval)
