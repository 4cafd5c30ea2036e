"""The on-disk spool: every reading waits here, numbered, until the server says it is stored.

A reading gets its seq (per session and source) in the same transaction that writes it, so a
restarted bridge carries on numbering where it stopped and never reuses a number; it leaves
the spool only when the server acknowledges a seq at or above it. Together with the server
ignoring seqs it already holds, that makes delivery exactly once across dropped links and
restarts. SQLite in WAL mode with `synchronous=NORMAL` survives a crash of the process; a power
cut may lose the last readings taken before it, which were never sent.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["SampleSpool", "SpooledSample"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS samples (
    session_id TEXT NOT NULL,
    source TEXT NOT NULL,
    seq INTEGER NOT NULL,
    reading TEXT NOT NULL,
    PRIMARY KEY (session_id, source, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (
    session_id TEXT NOT NULL,
    source TEXT NOT NULL,
    last_seq INTEGER NOT NULL,
    acked INTEGER NOT NULL,
    sent INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, source)
) WITHOUT ROWID;
"""


@dataclass(frozen=True, slots=True)
class SpooledSample:
    """A reading as it waits: its seq and its fields (SI units, `t` on the session clock)."""

    seq: int
    reading: dict[str, Any]


class SampleSpool:
    """Readings not yet acknowledged, per session and source, in an SQLite file."""

    def __init__(self, path: Path | str) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(counters)")}
        if "sent" not in columns:  # a spool from before `sent` was kept
            self._db.execute("ALTER TABLE counters ADD COLUMN sent INTEGER NOT NULL DEFAULT 0")

    def __enter__(self) -> SampleSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def append(self, session_id: str, source: str, readings: list[dict[str, Any]]) -> list[int]:
        """Store readings from one source; returns the seqs they were given."""
        if not readings:
            return []
        with self._transaction():
            row = self._db.execute(
                "SELECT last_seq FROM counters WHERE session_id = ? AND source = ?",
                (session_id, source),
            ).fetchone()
            last = row[0] if row is not None else 0
            seqs = list(range(last + 1, last + 1 + len(readings)))
            self._db.executemany(
                "INSERT INTO samples (session_id, source, seq, reading) VALUES (?, ?, ?, ?)",
                [
                    (session_id, source, seq, json.dumps(reading, separators=(",", ":")))
                    for seq, reading in zip(seqs, readings, strict=True)
                ],
            )
            self._db.execute(
                "INSERT INTO counters (session_id, source, last_seq, acked) VALUES (?, ?, ?, 0)"
                " ON CONFLICT (session_id, source) DO UPDATE SET last_seq = excluded.last_seq",
                (session_id, source, seqs[-1]),
            )
        return seqs

    def pending(
        self, session_id: str, source: str, *, after: int = 0, limit: int = 200
    ) -> list[SpooledSample]:
        """Unacknowledged readings of a source with seq above `after`, oldest first."""
        rows = self._db.execute(
            "SELECT seq, reading FROM samples WHERE session_id = ? AND source = ? AND seq > ?"
            " ORDER BY seq LIMIT ?",
            (session_id, source, after, limit),
        ).fetchall()
        return [SpooledSample(seq, json.loads(reading)) for seq, reading in rows]

    def acknowledge(self, session_id: str, source: str, seq: int) -> None:
        """The server stored everything of `source` up to `seq`: let it go."""
        with self._transaction():
            self._delete_up_to(session_id, source, seq)
            self._db.execute(
                "INSERT INTO counters (session_id, source, last_seq, acked) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (session_id, source) DO UPDATE SET"
                " acked = max(acked, excluded.acked), last_seq = max(last_seq, excluded.last_seq)",
                (session_id, source, seq, seq),
            )

    def mark_sent(self, session_id: str, source: str, seq: int) -> None:
        """Readings up to `seq` went to the server (acknowledged or not)."""
        self._db.execute(
            "UPDATE counters SET sent = max(sent, ?) WHERE session_id = ? AND source = ?",
            (seq, session_id, source),
        )

    def reconcile(self, session_id: str, source: str, server_seq: int) -> None:
        """Line the spool up with what the server says it holds (on every welcome).

        Usually the server holds what this spool sent, and those readings leave. Two cases
        need more, or readings would be lost: the server holds numbers this spool never sent
        (the spool file is new, its readings numbered from 1 while the server holds an older
        spool's), or fewer than this spool saw acknowledged (the server was restored from a
        backup). Either way the readings still waiting are numbered again to follow the
        server's, so they are neither taken for duplicates nor refused as a gap.
        """
        with self._transaction():
            row = self._db.execute(
                "SELECT last_seq, acked, sent FROM counters WHERE session_id = ? AND source = ?",
                (session_id, source),
            ).fetchone()
            last, acked, sent = row if row is not None else (0, 0, 0)
            sent = max(sent, acked)
            if acked <= server_seq <= sent:
                self._delete_up_to(session_id, source, server_seq)
                start_after, renumber = server_seq, False
            elif server_seq > sent:  # the server holds readings this spool never sent
                self._delete_up_to(session_id, source, sent)
                start_after, renumber = sent, True
            else:  # the server lost readings it had acknowledged
                start_after, renumber = acked, True
            if renumber:
                shift = server_seq - start_after
                # Through negative numbers, so no row meets another's number on the way.
                self._db.execute(
                    "UPDATE samples SET seq = -(seq + ?)"
                    " WHERE session_id = ? AND source = ? AND seq > ?",
                    (shift, session_id, source, start_after),
                )
                self._db.execute(
                    "UPDATE samples SET seq = -seq WHERE session_id = ? AND source = ? AND seq < 0",
                    (session_id, source),
                )
                last = max(last + shift, server_seq)
            self._db.execute(
                "INSERT INTO counters (session_id, source, last_seq, acked, sent)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id, source) DO UPDATE SET"
                " last_seq = excluded.last_seq, acked = excluded.acked, sent = excluded.sent",
                (session_id, source, max(last, server_seq), server_seq, server_seq),
            )

    def _delete_up_to(self, session_id: str, source: str, seq: int) -> None:
        self._db.execute(
            "DELETE FROM samples WHERE session_id = ? AND source = ? AND seq <= ?",
            (session_id, source, seq),
        )

    def acked(self, session_id: str, source: str) -> int:
        """The highest seq the server acknowledged for this source (0 for none)."""
        row = self._db.execute(
            "SELECT acked FROM counters WHERE session_id = ? AND source = ?",
            (session_id, source),
        ).fetchone()
        return int(row[0]) if row is not None else 0

    def numbered(self, session_id: str, source: str) -> int:
        """The last seq given to a reading of this source (0 for none)."""
        row = self._db.execute(
            "SELECT last_seq FROM counters WHERE session_id = ? AND source = ?",
            (session_id, source),
        ).fetchone()
        return int(row[0]) if row is not None else 0

    def sources(self, session_id: str) -> list[str]:
        """Every source that has numbered readings in this session."""
        rows = self._db.execute(
            "SELECT source FROM counters WHERE session_id = ? ORDER BY source", (session_id,)
        ).fetchall()
        return [source for (source,) in rows]

    def waiting(self, session_id: str) -> int:
        """How many readings of the session wait for an acknowledgement."""
        row = self._db.execute(
            "SELECT count(*) FROM samples WHERE session_id = ?", (session_id,)
        ).fetchone()
        return int(row[0])

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on an error: one writer, no surprises."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self._db.execute("COMMIT" if kind is None else "ROLLBACK")
