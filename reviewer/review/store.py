"""The session store: every confirmed change, kept in SQLite (WAL, synchronous=FULL) in the
user's data folder (`locations`). The log is the truth; the review state is rebuilt from it, so
undo and redo survive a restart and a crash loses nothing that was committed.

Two writers may share a store (a UI and the CLI, two UIs): an edit carries the text it was made
against, and one made against text another writer has changed since is refused with
`StaleEditError` (checked inside the write transaction, so the other's commit is seen). Undo
and redo are per reviewer: they never take back another person's change.

A write that finds the store locked by another process retries with backoff for
`lock_timeout` seconds. A change that still cannot be recorded (locked, read-only, damaged, disk
full) is never dropped: it is appended, fsynced, to `<store>.pending.jsonl` beside the store,
and the error says so; the next time the store is opened (or the next change), the kept changes
are recorded first, in order, each as its own action, and the file is removed. Every SQLite
failure reaches the caller as a `StoreError` naming the store.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import random
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

from reviewer.core.errors import ReviewerError, StoreError
from reviewer.core.model import Corpus
from reviewer.review.events import ACTIVE, DISCARDED, UNDONE, Change, Event, EventKind
from reviewer.review.locations import locate_session

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the kept-changes file is not locked
    fcntl = None  # type: ignore[assignment]

SCHEMA_VERSION = 1

LOCK_TIMEOUT_S = 5.0
"""How long a read or a write waits, retrying with backoff, for another process's lock."""
LOCK_TIMEOUT_ENV = "REVIEWER_LOCK_TIMEOUT"
"""Overrides LOCK_TIMEOUT_S (seconds) for every store this process opens."""
PENDING_SUFFIX = ".pending.jsonl"
"""Beside the store, `<store>.pending.jsonl` keeps the changes that could not be recorded."""

T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    grp        INTEGER NOT NULL,            -- one user action (a corpus-wide fix is one group)
    at         TEXT NOT NULL,               -- UTC, ISO 8601
    who        TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    kind       TEXT NOT NULL,               -- edit | status | dismiss | restore | annotate | unannotate | resolve
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
    """The store a corpus's session is kept in (`locations.locate_session`): in the user's data
    folder, keyed on the corpus's path and content, or where an earlier version kept it."""
    return locate_session(corpus, corpus_fingerprint(corpus)).path


class StaleEditError(ReviewerError):
    """An edit made against a target that another writer (the CLI, another UI) has changed
    since: it is not recorded, and the session reloads the segment."""

    def __init__(self, segment_id: str, who: str | None, at: str | None, *, path: str | Path | None = None) -> None:
        self.segment_id = segment_id
        """The segment whose text changed."""
        self.who = who
        """Who changed it (None when the change that stands is an undo, which records no author)."""
        self.at = at
        """When, as recorded (UTC, ISO 8601)."""
        by = f"by {who} at {_when(at)}" if who and at else "elsewhere (an edit was undone)"
        super().__init__(f"segment {segment_id} was changed {by} after you last saw it; your edit was not "
                         "recorded: the segment now shows the new text, edit it again if it still needs it",
                         path=path)


def _when(at: str | None) -> str:
    """`2026-11-30T23:40:12.345+00:00` as `2026-11-30 23:40:12 UTC`."""
    if not at:
        return "an unknown time"
    try:
        return dt.datetime.fromisoformat(at).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    except ValueError:
        return at


def pending_path(store: str | Path) -> Path:
    """Where the changes that could not be recorded in a store are kept."""
    p = Path(store)
    return p.with_name(p.name + PENDING_SUFFIX)


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


_KINDS = frozenset(EventKind)
_CHANGE_FIELDS = tuple(f.name for f in dataclasses.fields(Change))

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


@dataclasses.dataclass(frozen=True, slots=True)
class _Action:
    """One user action waiting to be recorded: what record() was given, and when."""

    at: str
    who: str
    changes: list[Change]
    id: str = ""
    """Set when kept in the pending file; recorded in `meta` so it is never recorded twice."""

    def to_json(self) -> str:
        changes = [{name: getattr(c, name) for name in _CHANGE_FIELDS} for c in self.changes]
        for c in changes:
            c["kind"] = str(c["kind"])
        # ASCII: a lone surrogate in a text survives as an escape, where UTF-8 could not hold it.
        return json.dumps({"id": self.id, "at": self.at, "who": self.who, "changes": changes})


class SessionStore:
    """Append-only change log in SQLite. Every method that changes data commits before it
    returns: once it returns, the change survives a crash (and, with synchronous=FULL, a power
    loss on a file system that honours fsync). Failures raise `StoreError` naming the store."""

    def __init__(self, path: str | Path, *, fingerprint: str | None = None, lock_timeout: float | None = None) -> None:
        self.path = Path(path)
        self.pending = pending_path(self.path)
        """Where changes that could not be recorded are kept until they can."""
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
            self.db.executescript(_SCHEMA)

        self._retry(setup)
        version = self._retry(lambda: self._meta("schema_version"))
        if version is None:
            self._write(lambda: self._set_meta("schema_version", str(SCHEMA_VERSION)))
        elif int(version) > SCHEMA_VERSION:
            raise ReviewerError(f"session store was written by a newer reviewer (schema {version})", path=self.path)
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
        if os.path.lexists(self.pending):
            try:
                self._record_with_kept(None)
            except sqlite3.Error as exc:
                raise self._failure(exc, "cannot open", f"the changes kept in {self.pending} must be recorded "
                                    "first: they stay there, and nothing was changed") from None
            except OSError as exc:
                raise StoreError(f"cannot open: the changes kept in {self.pending} must be recorded first, and that "
                                 f"file cannot be read ({exc.strerror or exc}); nothing was changed",
                                 path=self.path) from None

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

    # -- writing ---------------------------------------------------------------------------
    def record(self, changes: Iterable[Change], who: str, *, original: Callable[[str], str] | None = None) -> int:
        """Record changes as one user action (one undo step); returns its group number.
        What `who` undid before becomes unreachable for redo, as in every editor. Changes kept
        in the pending file by an earlier failure are recorded first. When the change cannot
        be recorded, it is kept in the pending file and StoreError says so.

        With `original` (a segment id's target in the corpus), each edit's `before` must be the
        segment's current text in the store, read inside the write transaction: otherwise
        another writer changed it since, and StaleEditError refuses the whole action."""
        items = list(changes)
        if not items:
            return 0
        for change in items:
            if change.kind not in _KINDS:
                raise ValueError(f"unknown change kind {change.kind!r}")
        action = _Action(dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"), who, items)
        try:
            return self._record_with_kept(action, original)
        except sqlite3.Error as exc:
            problem = self._failure(exc, "cannot record the change").message
        except StoreError as exc:  # the pending file cannot be read
            problem = f"cannot record the change: {exc}"
        except OSError as exc:
            problem = f"cannot record the change: {self.pending}: {exc.strerror or exc}"
        try:
            self._keep(dataclasses.replace(action, id=uuid.uuid4().hex))
        except OSError as exc:
            raise StoreError(f"{problem}; keeping the change in {self.pending} failed too "
                             f"({exc.strerror or exc}), so it is not saved", path=self.path) from None
        raise StoreError(f"{problem}; the change is kept in {self.pending} and will be recorded the next time "
                         "the session is opened", path=self.path)

    def undo(self, who: str | None = None) -> list[Event]:
        """Undo the latest active action (of `who`, when given: another reviewer's changes are
        theirs to undo); returns its events (empty when there is none)."""
        return self._step("MAX", ACTIVE, UNDONE, who, "cannot undo")

    def redo(self, who: str | None = None) -> list[Event]:
        """Redo the earliest undone action (of `who`, when given); returns its events (empty
        when there is none)."""
        return self._step("MIN", UNDONE, ACTIVE, who, "cannot redo")

    def _step(self, which: str, before: int, after: int, who: str | None, failing: str) -> list[Event]:
        """Move the latest (MAX) or earliest (MIN) group in state `before` (of `who`) to state `after`."""
        mine, args = (" AND who = ?", (before, who)) if who is not None else ("", (before,))

        def step() -> list[Event]:
            row = self.db.execute(f"SELECT {which}(grp) FROM events WHERE state = ?{mine}", args).fetchone()
            if row[0] is None:
                return []
            self.db.execute("UPDATE events SET state = ? WHERE grp = ?", (after, row[0]))
            return self._group(row[0])

        try:
            return self._write(step)
        except sqlite3.Error as exc:
            raise self._failure(exc, failing, "nothing was changed") from None

    def can_undo(self, who: str | None = None) -> bool:
        """Whether there is an action (of `who`) to undo."""
        return self._any_in_state(ACTIVE, who)

    def can_redo(self, who: str | None = None) -> bool:
        """Whether there is an undone action (of `who`) to redo."""
        return self._any_in_state(UNDONE, who)

    def _any_in_state(self, state: int, who: str | None) -> bool:
        mine, args = (" AND who = ?", (state, who)) if who is not None else ("", (state,))
        return self._read(lambda: self.db.execute(
            f"SELECT 1 FROM events WHERE state = ?{mine} LIMIT 1", args).fetchone() is not None)

    def data_version(self) -> int:
        """A number that changes when another connection (another process) commits to the
        store, and only then: compare it with an earlier one to know whether to reload."""
        return int(self._read(lambda: self.db.execute("PRAGMA data_version").fetchone()[0]))

    def _refuse_stale(self, action: _Action, original: Callable[[str], str]) -> None:
        """Raise StaleEditError when an edit of `action` was made against text that is no
        longer the segment's current text in the store (inside the write transaction)."""
        edits = [c for c in action.changes if c.kind is EventKind.EDIT and c.before is not None]
        if not edits:
            return
        wanted = {c.segment_id for c in edits}
        latest: dict[str, tuple[str, str, str]] = {}
        if len(wanted) <= 500:
            marks = ",".join("?" * len(wanted))
            rows = self.db.execute(f"SELECT segment_id, after, who, at FROM events WHERE kind = 'edit' AND state = ?"
                                   f" AND segment_id IN ({marks}) ORDER BY seq", (ACTIVE, *wanted))
        else:  # a corpus-wide fix: one pass over the log beats a query per segment
            rows = self.db.execute("SELECT segment_id, after, who, at FROM events WHERE kind = 'edit' AND state = ?"
                                   " ORDER BY seq", (ACTIVE,))
        latest.update((sid, (after or "", who, at)) for sid, after, who, at in rows if sid in wanted)
        current = {sid: latest[sid][0] if sid in latest else original(sid) for sid in wanted}
        for change in edits:
            sid = change.segment_id
            if current[sid] != change.before:
                if sid in latest:
                    raise StaleEditError(sid, latest[sid][1], latest[sid][2], path=self.path)
                raise StaleEditError(sid, None, None, path=self.path)
            current[sid] = change.after or ""  # a second edit of it in the same action builds on the first

    def _insert(self, action: _Action) -> int:
        """Record one action inside a write transaction; returns its group number."""
        # Only the author's own undone actions: a reviewer's new change leaves another's redo alone.
        self.db.execute("UPDATE events SET state = ? WHERE state = ? AND who = ?", (DISCARDED, UNDONE, action.who))
        (grp,) = self.db.execute("SELECT COALESCE(MAX(grp), 0) + 1 FROM events").fetchone()
        self.db.executemany(
            "INSERT INTO events (grp, at, who, segment_id, kind, before, after, origin, category, severity,"
            " comment, span_start, span_end, flag_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(grp, action.at, action.who, c.segment_id, str(c.kind), c.before, c.after, c.origin, c.category,
              c.severity, c.comment, c.span_start, c.span_end, c.flag_key) for c in action.changes],
        )
        return int(grp)

    # -- changes kept while the store could not be written ---------------------------------
    def _record_with_kept(self, action: _Action | None, original: Callable[[str], str] | None = None) -> int:
        """Record the kept changes (each its own action, in order), then `action` (refused when
        stale, given `original`), in one transaction; the pending file goes once they are
        committed. Returns `action`'s group."""
        with self._pending_locked(create=False) as fh:
            kept = self._read_kept(fh) if fh is not None else []

            def insert() -> int:
                for item in kept:
                    # A process killed between the commit and the unlink left the file behind.
                    if self._meta(f"pending:{item.id}") is None:
                        self._set_meta(f"pending:{item.id}", str(self._insert(item)))
                if action is None:
                    return 0
                if original is not None:
                    self._refuse_stale(action, original)
                return self._insert(action)

            grp = self._write(insert)
            if fh is not None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.pending)
        return grp

    def _keep(self, action: _Action) -> None:
        """Append an action to the pending file and fsync it (and its folder, when new)."""
        new = not os.path.lexists(self.pending)
        with self._pending_locked(create=True) as fh:
            assert fh is not None
            size = fh.seek(0, os.SEEK_END)
            line = action.to_json().encode("utf-8") + b"\n"
            if size > 0:
                fh.seek(-1, os.SEEK_END)
                if fh.read(1) != b"\n":  # a line torn by a crash: start on a line of our own
                    line = b"\n" + line
            try:
                view = memoryview(line)
                while view:
                    view = view[os.write(fh.fileno(), view):]
                os.fsync(fh.fileno())
            except OSError:
                # Leave no half line (or, for a new file, no empty file) behind.
                with contextlib.suppress(OSError):
                    if size == 0:
                        os.unlink(self.pending)
                    else:
                        os.ftruncate(fh.fileno(), size)
                raise
        if new:
            with contextlib.suppress(OSError):
                dir_fd = os.open(self.pending.parent, os.O_RDONLY)
                try:
                    os.fsync(dir_fd)
                finally:
                    os.close(dir_fd)

    @contextlib.contextmanager
    def _pending_locked(self, *, create: bool) -> Iterator[IO[bytes] | None]:
        """The pending file, opened and locked (flock) against other processes' appends and
        drains; None when it does not exist and `create` is false."""
        flags = os.O_RDWR | getattr(os, "O_CLOEXEC", 0) | (os.O_CREAT if create else 0)
        while True:
            try:
                fd = os.open(self.pending, flags, 0o666)
            except FileNotFoundError:
                if create:
                    raise
                yield None
                return
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                # Another process may have recorded and removed the file while we waited.
                try:
                    current = os.path.samestat(os.fstat(fd), os.stat(self.pending))
                except FileNotFoundError:
                    current = False
            except BaseException:
                os.close(fd)
                raise
            if current:
                break
            os.close(fd)
        # Unbuffered: a write that fails leaves nothing behind to be written again on close.
        with os.fdopen(fd, "r+b", buffering=0) as fh:  # closing it releases the lock
            yield fh

    def _read_kept(self, fh: IO[bytes]) -> list[_Action]:
        fh.seek(0)
        kept = []
        for number, raw in enumerate(fh.read().split(b"\n"), 1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
                changes = [Change(**{**c, "kind": EventKind(c["kind"])}) for c in data["changes"]]
                if not data["id"]:
                    raise ValueError("no id")
                kept.append(_Action(str(data["at"]), str(data["who"]), changes, str(data["id"])))
            except (ValueError, TypeError, KeyError) as exc:
                raise StoreError(f"a change kept here cannot be read ({exc}); the session store {self.path} "
                                 "opens once this file is moved away", path=self.pending, line=number) from None
        return kept

    # -- reading ---------------------------------------------------------------------------
    def events(self, *, active_only: bool = False) -> Iterator[Event]:
        """Events in the order they were recorded."""
        sql = "SELECT * FROM events" + (" WHERE state = 0" if active_only else "") + " ORDER BY seq"
        try:
            cursor = self._retry(lambda: self.db.execute(sql))
            for row in cursor:
                yield self._event(row)
        except sqlite3.Error as exc:
            raise self._failure(exc, "cannot read") from None

    def has_events(self) -> bool:
        """Whether anything was ever recorded."""
        return self._read(self._has_events)

    def _has_events(self) -> bool:
        return self.db.execute("SELECT 1 FROM events LIMIT 1").fetchone() is not None

    def integrity_ok(self) -> bool:
        """Result of SQLite's own integrity check (False for a store too damaged to check)."""
        try:
            return bool(self._retry(lambda: self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"))
        except sqlite3.DatabaseError as exc:
            if _code(exc) in (_CORRUPT, _NOTADB):
                return False
            raise self._failure(exc, "cannot check") from None

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
            self.db.execute("BEGIN IMMEDIATE")
            try:
                result = fn()
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self.db.execute("ROLLBACK")
                raise
            return result

        return self._retry(attempt)

    def _read(self, fn: Callable[[], T]) -> T:
        try:
            return self._retry(fn)
        except sqlite3.Error as exc:
            raise self._failure(exc, "cannot read") from None

    def _failure(self, exc: sqlite3.Error, doing: str, then: str = "") -> StoreError:
        """A StoreError naming the store: what failed, why, in words, and what became of the change."""
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
