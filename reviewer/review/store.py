"""The embedded session store: every confirmed change, kept in SQLite (WAL, synchronous=FULL) in
the user's data folder (`locations`). The log is the truth; the review state is rebuilt from it,
so undo and redo survive a restart and a crash loses nothing that was committed. The log's logic
(recording, the stale-edit check, per-reviewer undo, the team tables) is `storebase.LogStore`,
shared with the PostgreSQL store; this module supplies SQLite's connection, locks and errors.

Two writers may share a store (a UI and the CLI, two UIs): an edit carries the text it was made
against, and one made against text another writer has changed since is refused with
`StaleEditError` (checked inside the write transaction, so the other's commit is seen). Undo
and redo are per reviewer: they never take back another person's change.

A write that finds the store locked by another process retries with backoff for
`lock_timeout` seconds. A change that still cannot be recorded (locked, read-only, damaged, disk
full) is never dropped: it is appended, fsynced, to `<store>.pending.jsonl` beside the store
(`pending`), and the error says so; the next time the store is opened (or the next change), the
kept changes are recorded first, in order, each as its own action, and the file is removed.
Every SQLite failure reaches the caller as a `StoreError` naming the store.

The schema is versioned (`SCHEMA_VERSION`, in `meta`): a file of an earlier version is upgraded
in place on open, in one write transaction (`_MIGRATIONS`); one of a newer version is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from reviewer.core.errors import ReviewerError, StoreError
from reviewer.core.model import Corpus
from reviewer.review.locations import locate_session
from reviewer.review.pending import PENDING_SUFFIX as PENDING_SUFFIX
from reviewer.review.pending import PendingFile, pending_path
from reviewer.review.storebase import EVENT_COLUMNS, LogStore
from reviewer.review.storebase import StaleEditError as StaleEditError

SCHEMA_VERSION = 2

LOCK_TIMEOUT_S = 5.0
"""How long a read or a write waits, retrying with backoff, for another process's lock."""
LOCK_TIMEOUT_ENV = "REVIEWER_LOCK_TIMEOUT"
"""Overrides LOCK_TIMEOUT_S (seconds) for every store this process opens."""

T = TypeVar("T")

_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the event log
    ("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
     """CREATE TABLE IF NOT EXISTS events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    grp        INTEGER NOT NULL,
""" + EVENT_COLUMNS + ")",
     "CREATE INDEX IF NOT EXISTS events_grp ON events (grp)"),
    # 2: the team (who is here, who reviews what), and a count of the log's changes that
    # `data_version` reads: presence and assignments are written often and change no review state
    ("CREATE TABLE IF NOT EXISTS presence (who TEXT PRIMARY KEY, segment_id TEXT, at TEXT NOT NULL)",
     "CREATE TABLE IF NOT EXISTS assignments (segment_id TEXT PRIMARY KEY, who TEXT NOT NULL,"
     " assigned_by TEXT NOT NULL, at TEXT NOT NULL)",
     "INSERT OR IGNORE INTO meta (key, value) VALUES ('log_version', '0')"),
)
assert len(_MIGRATIONS) == SCHEMA_VERSION


def corpus_fingerprint(corpus: Corpus) -> str:
    """Hash of segment ids and texts: a session belongs to one version of a corpus."""
    h = hashlib.sha256()
    for seg in corpus.segments:
        for part in (seg.id, seg.source, seg.target):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
    return h.hexdigest()


def default_session_path(corpus: Corpus) -> Path:
    """The store a corpus's session is kept in (`locations.locate_session`): in the user's data
    folder, keyed on the corpus's path and content, or where an earlier version kept it."""
    return locate_session(corpus, corpus_fingerprint(corpus)).path


def default_lock_timeout() -> float:
    """$REVIEWER_LOCK_TIMEOUT (seconds), else LOCK_TIMEOUT_S."""
    value = os.environ.get(LOCK_TIMEOUT_ENV)
    if not value:
        return LOCK_TIMEOUT_S
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise ReviewerError(f"{LOCK_TIMEOUT_ENV} must be a number of seconds, not {value!r}")
    return seconds


# SQLite's primary result codes (an extended code keeps its primary code in the low byte).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


def _code(exc: sqlite3.Error) -> int:
    return (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF


def _is_busy(exc: sqlite3.Error) -> bool:
    return _code(exc) in (_BUSY, _LOCKED) or "database is locked" in str(exc)


def _folder_problem(folder: Path, exc: OSError) -> str:
    """Why a folder could not be made: a file in the way is named as such."""
    for part in (*reversed(folder.parents), folder):
        if os.path.lexists(part) and not part.is_dir():
            return f"{part} is a file, not a folder"
    return f"{exc.filename or folder}: {exc.strerror or exc}"



@contextlib.contextmanager
def immediate(db: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT on a SQLite connection (autocommit mode), rolled back when the
    body raises (and the error raised again). The session store and the rule statistics use it."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise

class SessionStore(LogStore):
    """Append-only change log in SQLite. Every method that changes data commits before it
    returns: once it returns, the change survives a crash (and, with synchronous=FULL, a power
    loss on a file system that honours fsync). Failures raise `StoreError` naming the store."""

    _db_errors = (sqlite3.Error,)

    def __init__(self, path: str | Path, *, fingerprint: str | None = None, lock_timeout: float | None = None) -> None:
        self.path = Path(path)
        self.label = str(self.path)
        self.key = str(self.path.resolve())
        """The rule statistics are kept per store file (`learning`)."""
        self.pending = pending_path(self.path)
        """Where changes that could not be recorded are kept until they can."""
        self.files = (self.path, *(self.path.with_name(self.path.name + suffix)
                                   for suffix in ("-wal", "-shm", "-journal")), self.pending)
        self._kept = PendingFile(self.pending, str(self.path))
        self._scope = {"S": "", "SC": "", "SV": ""}
        self._log_version = 0
        self._seen_pragma: int | None = None
        self._bumps = 0
        self.lock_timeout = default_lock_timeout() if lock_timeout is None else lock_timeout
        """Seconds a read or write retries while another process holds the store's lock."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create its folder: {_folder_problem(self.path.parent, exc)}",
                             path=self.path) from None
        try:
            # timeout=0: SQLite does not wait on a lock by itself; `_retry` does, with backoff.
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=0)
        except sqlite3.Error as exc:
            raise self._failure(exc, "cannot open") from None
        try:
            self._open(fingerprint)
        except sqlite3.Error as exc:
            self._close_quietly()
            raise self._failure(exc, "cannot open") from None
        except BaseException:
            self._close_quietly()
            raise

    def _open(self, fingerprint: str | None) -> None:
        def setup() -> None:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")

        self._retry(setup)
        if self._retry(self._version) < SCHEMA_VERSION:
            self._write(self._migrate)
        if fingerprint is not None:
            known = self._retry(lambda: self._meta("corpus_fingerprint"))
            if known is None:
                self._write(lambda: self._set_meta("corpus_fingerprint", fingerprint))
            elif known != fingerprint and self._retry(self._has_events):
                raise ReviewerError(
                    "this session was recorded for a different version of the corpus; "
                    "move the session file away to start a new review",
                    path=self.path,
                )
            elif known != fingerprint:
                self._write(lambda: self._set_meta("corpus_fingerprint", fingerprint))
        self._record_kept_on_open()

    def _version(self) -> int:
        """The file's schema version (0: a new, empty file); refused when newer than ours."""
        if self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone() is None:
            return 0
        version = int(self._meta("schema_version") or 0)
        if version > SCHEMA_VERSION:
            raise ReviewerError(f"session store was written by a newer reviewer (schema {version})", path=self.path)
        return version

    def _migrate(self) -> None:
        """Inside the write transaction (another process may have upgraded the file meanwhile)."""
        version = self._version()
        for steps in _MIGRATIONS[version:]:
            for sql in steps:
                self.db.execute(sql)
        self._set_meta("schema_version", str(SCHEMA_VERSION))

    # -- meta ------------------------------------------------------------------------------
    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def close(self) -> None:
        """Close the database (a checkpoint folds the WAL back into the file)."""
        self._close_quietly()

    def _close_quietly(self) -> None:
        # What was committed is in the file or its WAL: a failed checkpoint loses nothing.
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    # -- what LogStore asks of a store -------------------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        return self.db

    def _bump_log(self) -> None:
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'log_version'")
        self._bumps += 1

    def _was_kept(self, action_id: str) -> bool:
        return self._meta(f"pending:{action_id}") is not None

    def _mark_kept(self, action_id: str, grp: int) -> None:
        self._set_meta(f"pending:{action_id}", str(grp))

    def data_version(self) -> int:
        """A number that changes when another connection (another process) changes the log,
        and only then (not for presence or assignments): compare it with an earlier one to know
        whether to reload. Cheap: the count is read only after another connection committed."""
        def read() -> int:
            pragma = int(self.db.execute("PRAGMA data_version").fetchone()[0])
            if pragma != self._seen_pragma:
                self._log_version = int(self._meta("log_version") or 0)
                self._seen_pragma = pragma
            return self._log_version - self._own_writes

        return self._read(read)

    def integrity_ok(self) -> bool:
        """Result of SQLite's own integrity check (False for a store too damaged to check)."""
        try:
            return bool(self._retry(lambda: self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"))
        except sqlite3.DatabaseError as exc:
            if _code(exc) in (_CORRUPT, _NOTADB):
                return False
            raise self._failure(exc, "cannot check") from None

    # -- locks and failures ----------------------------------------------------------------
    def _retry(self, fn: Callable[[], T]) -> T:
        """Call `fn`, again and again with growing pauses while the store is locked by another
        process, for at most `lock_timeout` seconds."""
        deadline = time.monotonic() + self.lock_timeout
        pause = 0.005
        while True:
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                left = deadline - time.monotonic()
                if not _is_busy(exc) or left <= 0:
                    raise
            # Jitter, so that two waiting processes do not retry in step.
            time.sleep(min(left, pause * random.uniform(0.5, 1.5)))
            pause = min(pause * 2, 0.25)

    def _write(self, fn: Callable[[], T]) -> T:
        """Run `fn` in BEGIN IMMEDIATE ... COMMIT (rolled back on error), retried while locked."""
        def attempt() -> T:
            with immediate(self.db):
                self._bumps = 0
                result = fn()
            # Our own log changes: `data_version` leaves them out.
            self._own_writes += self._bumps
            self._log_version += self._bumps
            return result

        return self._retry(attempt)

    def _read(self, fn: Callable[[], T]) -> T:
        try:
            return self._retry(fn)
        except sqlite3.Error as exc:
            raise self._failure(exc, "cannot read") from None

    def _failure(self, exc: Exception, doing: str, then: str = "") -> StoreError:
        """A StoreError naming the store: what failed, why, in words, and what became of the change."""
        assert isinstance(exc, sqlite3.Error)
        code = _code(exc)
        detail = str(exc)
        if _is_busy(exc):
            why = f"the session store is locked by another process (gave up after {self.lock_timeout:g} s)"
        elif code == _READONLY:
            why = f"the session store is read-only ({detail})"
        elif code in (_CORRUPT, _NOTADB):
            why = f"the session store is damaged ({detail}); move it away to start a new review, or restore a backup"
        elif code == _FULL or (code in (_IOERR, _CANTOPEN) and self._disk_full()):
            why = f"the disk is full ({detail})"
        elif code == _CANTOPEN:
            why = f"{self._cannot_open_reason()} ({detail})"
        else:
            why = detail
        return StoreError(f"{doing}: {why}" + (f"; {then}" if then else ""), path=self.path)

    def _disk_full(self) -> bool:
        """Whether the store's file system has (next to) no room left: SQLite reports a full
        disk while it grows its shared-memory file as an I/O error."""
        try:
            fs = os.statvfs(self.path.parent)
        except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
            return False
        return fs.f_bavail * fs.f_frsize < 64 * 1024

    def _cannot_open_reason(self) -> str:
        if self.path.is_dir():
            return "the session store is a folder"
        if not os.access(self.path.parent, os.W_OK):
            # WAL needs its -wal and -shm files beside the store.
            return "the session store's folder is read-only"
        if self.path.exists() and not os.access(self.path, os.R_OK | os.W_OK):
            return "the session store cannot be read and written"
        return "the session store cannot be opened"
