"""The announcer: numbers cues, keeps those announced ahead, withdraws them, applies preferences.

A cue's id says what it is: the step it speaks of, its kind, its number among cues of that
kind for that step, and how many times cues announced ahead were withdrawn before it. So the
same inputs give the same ids, and so does a replay after a crash that reaches the same cue by
another order of inputs and deadlines (the server acts before it commits: a restarted server
may pass a deadline before it sees a resent sample). Clients drop ids they have seen, so the
runner hears each cue once, and two different cues never share an id. Cues due later stay
`pending` until their time passes or they are withdrawn (a pause, a skip, an extension): a
client that joins late schedules what is pending.
The runner's preferences are applied here, once: no buzz when vibration is off, no beep when
beeps are off, countdown seconds silent to the hand unless countdown buzzes are on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from server.engine.cues import Beep, Cue, CueKind, Priority
from server.engine.settings import CuePreferences

__all__ = ["Announcer"]


@dataclass(slots=True)
class Announcer:
    """The cue counts that number cues, and the cues announced ahead that are still to come."""

    generation: int = 0  # withdrawals so far: a cue announced again is a new cue
    counts: dict[str, int] = field(default_factory=dict)  # cues given per (step, kind, generation)
    pending: list[Cue] = field(default_factory=list)
    earliest: float | None = None  # the first due time among `pending`, so most events skip it

    def emit(
        self,
        out: list[Cue],
        prefs: CuePreferences,
        now: float,
        *,
        kind: CueKind,
        due: float,
        priority: Priority,
        text: str,
        vibration: tuple[int, ...] = (),
        beep: Beep | None = None,
        cancels: tuple[str, ...] = (),
        step_index: int | None = None,
        rep: int | None = None,
    ) -> Cue:
        """Number a cue, shape it by the preferences, and put it out (and in `pending`)."""
        scope = f"{step_index if step_index is not None else 's'}.{kind.value}"
        if self.generation:
            scope += f".g{self.generation}"
        number = self.counts.get(scope, 0) + 1
        self.counts[scope] = number
        if not prefs.vibration or (
            kind is CueKind.COUNTDOWN and text.isdigit() and not prefs.countdown_buzz
        ):
            vibration = ()  # the seconds of a countdown are for the ear; "10 seconds" buzzes
        if not prefs.beeps:
            beep = None
        cue = Cue(
            id=f"{scope}.{number}",
            kind=kind,
            due=due,
            priority=priority,
            text=text,
            vibration=vibration,
            beep=beep,
            step_index=step_index,
            rep=rep,
            cancels=cancels,
            emitted=now,
        )
        out.append(cue)
        if due > now:
            self.pending.append(cue)
            if self.earliest is None or due < self.earliest:
                self.earliest = due
        return cue

    def forget_past(self, t: float) -> None:
        """Drop pending cues whose time has come: they have been given."""
        if self.earliest is not None and self.earliest <= t:
            self.pending = [cue for cue in self.pending if cue.due > t]
            self.earliest = min((cue.due for cue in self.pending), default=None)

    def withdraw(self) -> tuple[str, ...]:
        """Take back every cue still to come; returns their ids for a cancel cue."""
        ids = tuple(cue.id for cue in self.pending)
        if ids:
            self.generation += 1
        self.pending = []
        self.earliest = None
        return ids
