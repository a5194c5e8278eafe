"""The session store: every confirmed change, kept in SQLite (WAL, synchronous=FULL) beside the
corpus. The log is the truth; the review state is rebuilt from it, so undo and redo survive a
restart and a crash loses nothing that was committed."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reviewer.core.errors import ReviewerError
from reviewer.core.model import Corpus
from reviewer.review.events import ACTIVE, DISCARDED, UNDONE, Change, Event, EventKind

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    grp        INTEGER NOT NULL,            -- one user action (a corpus-wide fix is one group)
    at         TEXT NOT NULL,               -- UTC, ISO 8601
    who        TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    kind       TEXT NOT NULL,               -- edit | status | dismiss | restore | annotate | unannotate
    before     TEXT,
    after      TEXT,
    origin     TEXT NOT NULL,               -- rule id, or 'manual'
    category   TEXT,
    severity   TEXT,
    comment    TEXT,
    span_start INTEGER,
    span_end   INTEGER,
    flag_key   TEXT,
    state      INTEGER NOT NULL DEFAULT 0   -- 0 active, 1 undone (redoable), 2 undone and superseded
);
CREATE INDEX IF NOT EXISTS events_grp ON events (grp);
"""

def corpus_fingerprint(corpus: Corpus) -> str:
    """Hash of segment ids and texts: a session belongs to one version of a corpus."""
    h = hashlib.sha256()
    for seg in corpus.segments:
        for part in (seg.id, seg.source, seg.target):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
    return h.hexdigest()


def default_session_path(corpus: Corpus) -> Path:
    """Beside the corpus (`<file>.session.sqlite`); if that folder is not writable, under
    $REVIEWER_SESSION_DIR or the user's data folder."""
    override = os.environ.get("REVIEWER_SESSION_DIR")
    base = corpus.path
    name = (base.name if base else corpus.name or "corpus") + ".session.sqlite"
    if override:
        return Path(override) / name
    if base is not None and os.access(base.parent, os.W_OK):
        return base.parent / name
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "reviewer" / "sessions"
    digest = hashlib.sha256(str(base).encode()).hexdigest()[:12] if base else "default"
    return data / f"{digest}-{name}"


_KINDS = frozenset(EventKind)


class SessionStore:
    """Append-only change log in SQLite. Every method that changes data commits before it
    returns: once it returns, the change survives a crash (and, with synchronous=FULL, a power
    loss on a file system that honours fsync)."""

    def __init__(self, path: str | Path, *, fingerprint: str | None = None) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise ReviewerError(f"cannot open the session store: {exc}", path=self.path) from None
        version = self._meta("schema_version")
        if version is None:
            self._set_meta("schema_version", str(SCHEMA_VERSION))
        elif int(version) > SCHEMA_VERSION:
            raise ReviewerError(f"session store was written by a newer reviewer (schema {version})", path=self.path)
        if fingerprint is not None:
            known = self._meta("corpus_fingerprint")
            if known is None:
                self._set_meta("corpus_fingerprint", fingerprint)
            elif known != fingerprint and self.has_events():
                raise ReviewerError(
                    "this session was recorded for a different version of the corpus; "
                    "move the session file away to start a new review",
                    path=self.path,
                )
            elif known != fingerprint:
                self._set_meta("corpus_fingerprint", fingerprint)

    # -- meta ------------------------------------------------------------------------------
    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def close(self) -> None:
        """Close the database (a checkpoint folds the WAL back into the file)."""
        self.db.close()

    # -- writing ---------------------------------------------------------------------------
    def record(self, changes: Iterable[Change], who: str) -> int:
        """Record changes as one user action (one undo step); returns its group number.
        Anything undone before becomes unreachable for redo, as in every editor."""
        items = list(changes)
        if not items:
            return 0
        for change in items:
            if change.kind not in _KINDS:
                raise ValueError(f"unknown change kind {change.kind!r}")
        at = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        with self._transaction():
            self.db.execute("UPDATE events SET state = ? WHERE state = ?", (DISCARDED, UNDONE))
            (grp,) = self.db.execute("SELECT COALESCE(MAX(grp), 0) + 1 FROM events").fetchone()
            self.db.executemany(
                "INSERT INTO events (grp, at, who, segment_id, kind, before, after, origin, category, severity,"
                " comment, span_start, span_end, flag_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(grp, at, who, c.segment_id, str(c.kind), c.before, c.after, c.origin, c.category, c.severity,
                  c.comment, c.span_start, c.span_end, c.flag_key) for c in items],
            )
        return int(grp)

    def undo(self) -> list[Event]:
        """Undo the latest active action; returns its events (empty when there is none)."""
        with self._transaction():
            row = self.db.execute("SELECT MAX(grp) FROM events WHERE state = ?", (ACTIVE,)).fetchone()
            if row[0] is None:
                return []
            self.db.execute("UPDATE events SET state = ? WHERE grp = ?", (UNDONE, row[0]))
            return self._group(row[0])

    def redo(self) -> list[Event]:
        """Redo the earliest undone action; returns its events (empty when there is none)."""
        with self._transaction():
            row = self.db.execute("SELECT MIN(grp) FROM events WHERE state = ?", (UNDONE,)).fetchone()
            if row[0] is None:
                return []
            self.db.execute("UPDATE events SET state = ? WHERE grp = ?", (ACTIVE, row[0]))
            return self._group(row[0])

    def can_undo(self) -> bool:
        """Whether there is an action to undo."""
        return self.db.execute("SELECT 1 FROM events WHERE state = ? LIMIT 1", (ACTIVE,)).fetchone() is not None

    def can_redo(self) -> bool:
        """Whether there is an undone action to redo."""
        return self.db.execute("SELECT 1 FROM events WHERE state = ? LIMIT 1", (UNDONE,)).fetchone() is not None

    # -- reading ---------------------------------------------------------------------------
    def events(self, *, active_only: bool = False) -> Iterator[Event]:
        """Events in the order they were recorded."""
        sql = "SELECT * FROM events" + (" WHERE state = 0" if active_only else "") + " ORDER BY seq"
        for row in self.db.execute(sql):
            yield self._event(row)

    def has_events(self) -> bool:
        """Whether anything was ever recorded."""
        return self.db.execute("SELECT 1 FROM events LIMIT 1").fetchone() is not None

    def integrity_ok(self) -> bool:
        """Result of SQLite's own integrity check."""
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def _group(self, grp: int) -> list[Event]:
        return [self._event(row) for row in self.db.execute("SELECT * FROM events WHERE grp = ? ORDER BY seq", (grp,))]

    def _event(self, row: tuple[Any, ...]) -> Event:
        try:
            kind = EventKind(row[5])
        except ValueError:
            raise ReviewerError(f"session event {row[0]} has an unknown kind {row[5]!r} "
                                "(written by a newer reviewer?)", path=self.path) from None
        seq, group, at, who, segment_id, _, before, after, origin, category, severity, comment, start, end, key, state = row
        return Event(seq, group, at, who, segment_id, kind, before, after, origin, category, severity, comment,
                     start, end, key, state)

    def _transaction(self) -> _Tx:
        return _Tx(self.db)


class _Tx:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")
