"""What every session store offers (the embedded SQLite file, `store.SessionStore`, and the
shared PostgreSQL database, `pgstore.PostgresStore`): one event log with the same meaning in
both, so that the session, the UI, the command line and the tests never ask which one they have.

Beside the log, a team's store keeps who is working on the corpus now (presence) and who is to
review which segment (assignments). Neither is part of the review state: they are not events,
are not undone, and do not change what `data_version` reports for the log.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

from reviewer.core.errors import ReviewerError, StoreError
from reviewer.review.events import ACTIVE, DISCARDED, UNDONE, Change, Event, EventKind
from reviewer.review.pending import Action, PendingFile

STORE_ENV = "REVIEWER_STORE"
"""The store to use when a command names none: a PostgreSQL URL or a SQLite file."""
SERVER_SCHEMES = ("postgresql://", "postgres://")

T = TypeVar("T")

PRESENCE_WINDOW_S = 60.0
"""A reviewer whose UI has not said where it is for this long is no longer shown as present."""


@dataclass(frozen=True, slots=True)
class Presence:
    """One reviewer with the corpus open: on which segment, as of when."""

    who: str
    segment_id: str | None
    """None: the reviewer has the corpus open but no segment selected."""
    at: str
    """When they last said so (UTC, ISO 8601)."""


class Store(Protocol):
    """A session store. Every method that changes data has committed when it returns; every
    failure is a `StoreError` (or `StaleEditError`) naming the store."""

    label: str
    """The store in messages: the SQLite file's path, or the database without its password
    and the corpus's session in it."""
    key: str
    """The session's identity across processes and machines (the rule statistics are kept per key)."""
    pending: Path
    """Where changes that could not be recorded are kept until they can."""
    files: tuple[Path, ...]
    """The files the store reads and writes on this machine (no output may overwrite one)."""

    def record(self, changes: Iterable[Change], who: str, *, original: Callable[[str], str] | None = None) -> int: ...
    def undo(self, who: str | None = None) -> list[Event]: ...
    def redo(self, who: str | None = None) -> list[Event]: ...
    def can_undo(self, who: str | None = None) -> bool: ...
    def can_redo(self, who: str | None = None) -> bool: ...
    def data_version(self) -> int: ...
    def record_kept(self) -> bool: ...
    def events(self, *, active_only: bool = False) -> Iterator[Event]: ...
    def has_events(self) -> bool: ...
    def integrity_ok(self) -> bool: ...
    def close(self) -> None: ...

    # -- the team ----------------------------------------------------------------------------
    def touch(self, who: str, segment_id: str | None) -> None:
        """Say that `who` has the corpus open, on `segment_id` (None: none selected)."""
        ...

    def leave(self, who: str) -> None:
        """Say that `who` closed the corpus (they are no longer present)."""
        ...

    def present(self, within: float = PRESENCE_WINDOW_S) -> list[Presence]:
        """Who said where they are in the last `within` seconds, by name."""
        ...

    def assign(self, segment_ids: Iterable[str], to: str | None, by: str) -> int:
        """Assign segments to reviewer `to` (None: take the assignment away), replacing earlier
        assignments of them; returns how many segments it changed."""
        ...

    def assignments(self) -> dict[str, str]:
        """Segment id -> the reviewer it is assigned to (unassigned segments are absent)."""
        ...


# -- choosing a store ----------------------------------------------------------------------------
def is_server(spec: str | Path | None) -> bool:
    """Whether a store spec names a PostgreSQL database (else it is a SQLite file)."""
    return isinstance(spec, str) and spec.lower().startswith(SERVER_SCHEMES)


def public_url(url: str) -> str:
    """A database URL as messages may show it: without its password (or anything after `?`)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return url.split("://", 1)[0] + "://(a malformed URL)"
    netloc = f"{parts.username}@" if parts.username else ""
    netloc += f"[{host}]" if ":" in host else host
    netloc += f":{port}" if port else ""
    return f"{parts.scheme}://{netloc}{parts.path}"


def server_label(url: str, name: str) -> str:
    """How messages name a corpus's session in a database: `postgresql://user@host:port/db (session NAME)`."""
    return f"{public_url(url)} (session {name})"


def store_spec(store: str | Path | None = None, session: str | Path | None = None) -> str | Path | None:
    """The store a command uses: `--store`, else `--session`, else $REVIEWER_STORE; None: the
    corpus's own SQLite file in the user's data folder."""
    return store or session or os.environ.get(STORE_ENV) or None


def open_store(spec: str | Path, *, fingerprint: str | None, name: str = "corpus",
               lock_timeout: float | None = None) -> Store:
    """The store a spec names: a `postgresql://` (or `postgres://`) URL opens the corpus's
    session (`fingerprint`) in that database; anything else is a SQLite file."""
    if is_server(spec):
        from reviewer.review.pgstore import PostgresStore

        if fingerprint is None:
            raise ReviewerError("a PostgreSQL store keeps many corpora's sessions: it needs the corpus")
        return PostgresStore(str(spec), fingerprint=fingerprint, name=name, lock_timeout=lock_timeout)
    from reviewer.review.store import SessionStore

    return SessionStore(spec, fingerprint=fingerprint, lock_timeout=lock_timeout)


# -- what both stores share ----------------------------------------------------------------------
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


def now() -> str:
    """The time events and presence are stamped with (UTC, ISO 8601, milliseconds): strings of
    this form compare in time order."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


EVENT_COLUMNS = """    at         TEXT NOT NULL,               -- UTC, ISO 8601
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
"""
"""An event's columns after its sequence number and group, the same in both stores' `events`."""

_KINDS = frozenset(EventKind)
_COLUMNS = ("seq, grp, at, who, segment_id, kind, before, after, origin, category, severity, comment, span_start,"
            " span_end, flag_key, state")


class LogStore:
    """The log's logic, written once for both stores. SQL here is written with `?` for
    parameters and three marks a store fills in (`_scope`): `{S}` (the condition, with a trailing
    AND, that keeps a query to this session's rows), `{SC}` and `{SV}` (the session's column and
    value in an INSERT). A store supplies the connection, transactions and error translation."""

    label: str
    key: str
    pending: Path
    files: tuple[Path, ...]
    _kept: PendingFile
    _db_errors: tuple[type[Exception], ...]
    _scope: dict[str, str]
    _placeholder = "?"
    _own_writes = 0
    """How many log writes this store made: `data_version` leaves them out, so that only another
    writer's change makes a session rebuild."""

    # -- what a store supplies --------------------------------------------------------------
    def _connection(self) -> Any:
        raise NotImplementedError

    def _write(self, fn: Callable[[], T]) -> T:
        """Run `fn` in one write transaction, serialised with every other writer of this session."""
        raise NotImplementedError

    def _read(self, fn: Callable[[], T]) -> T:
        """Run `fn`, reading; failures become StoreError("cannot read")."""
        raise NotImplementedError

    def _failure(self, exc: Exception, doing: str, then: str = "") -> StoreError:
        raise NotImplementedError

    def _bump_log(self) -> None:
        """Inside a write transaction: count one more change of the log (and tell the listeners)."""
        raise NotImplementedError

    def _was_kept(self, action_id: str) -> bool:
        raise NotImplementedError

    def _mark_kept(self, action_id: str, grp: int) -> None:
        raise NotImplementedError

    # -- SQL ----------------------------------------------------------------------------------
    def _sql(self, template: str) -> str:
        cache: dict[str, str] = self.__dict__.setdefault("_sqls", {})
        sql = cache.get(template)
        if sql is None:
            sql = template.format(**self._scope)
            if self._placeholder != "?":
                sql = sql.replace("?", self._placeholder)
            cache[template] = sql
        return sql

    def _x(self, template: str, params: Sequence[Any] = ()) -> Any:
        return self._connection().execute(self._sql(template), params)

    def _xmany(self, template: str, rows: list[tuple[Any, ...]]) -> None:
        self._connection().cursor().executemany(self._sql(template), rows)

    # -- writing ------------------------------------------------------------------------------
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
        action = Action(now(), who, items)
        try:
            return self._record_with_kept(action, original)
        except self._db_errors as exc:
            problem = self._failure(exc, "cannot record the change").message
        except StoreError as exc:  # the pending file cannot be read
            problem = f"cannot record the change: {exc}"
        except OSError as exc:
            problem = f"cannot record the change: {self.pending}: {exc.strerror or exc}"
        try:
            self._kept.keep(Action(action.at, action.who, action.changes, id=os.urandom(16).hex()))
        except OSError as exc:
            raise StoreError(f"{problem}; keeping the change in {self.pending} failed too "
                             f"({exc.strerror or exc}), so it is not saved", path=self.label) from None
        raise StoreError(f"{problem}; the change is kept in {self.pending} and will be recorded the next time "
                         "the session is opened", path=self.label)

    def record_kept(self) -> bool:
        """Record now what an earlier failure kept (the store answers again), each change as its
        own action, in order; False when nothing was kept. When they still cannot be recorded,
        StoreError says so and they stay where they are."""
        return self._flush_kept("cannot record the kept changes", f"they stay in {self.pending}",
                                f"cannot record the kept changes: {self.pending}: {{why}}")

    def _record_kept_on_open(self) -> None:
        """Opening: record what an earlier failure kept, or refuse to open (nothing changed)."""
        self._flush_kept("cannot open", f"the changes kept in {self.pending} must be recorded first: they stay "
                         "there, and nothing was changed",
                         f"cannot open: the changes kept in {self.pending} must be recorded first, and that file "
                         "cannot be read ({why}); nothing was changed")

    def _flush_kept(self, doing: str, then: str, unreadable: str) -> bool:
        """Record the kept changes, if any (False: none). A store failure is StoreError(`doing`,
        `then`); a kept-changes file that cannot be read, StoreError(`unreadable`, its "{why}" replaced).
        (Not `format`: the path in the messages may hold braces.)"""
        if not self._kept.exists():
            return False
        try:
            self._record_with_kept(None)
        except self._db_errors as exc:
            raise self._failure(exc, doing, then) from None
        except OSError as exc:
            raise StoreError(unreadable.replace("{why}", str(exc.strerror or exc)), path=self.label) from None
        return True

    def _record_with_kept(self, action: Action | None, original: Callable[[str], str] | None = None) -> int:
        """Record the kept changes (each its own action, in order), then `action` (refused when
        stale, given `original`), in one transaction; the pending file goes once they are
        committed. Returns `action`'s group."""
        with self._kept.locked(create=False) as fh:
            kept = self._kept.read(fh) if fh is not None else []

            def insert() -> int:
                for item in kept:
                    # A process killed between the commit and the unlink left the file behind.
                    if not self._was_kept(item.id):
                        self._mark_kept(item.id, self._insert(item))
                if action is None:
                    return 0
                if original is not None:
                    self._refuse_stale(action, original)
                return self._insert(action)

            grp = self._write(insert)
            if fh is not None:
                self._kept.remove()
        return grp

    def _insert(self, action: Action) -> int:
        """Record one action inside a write transaction; returns its group number."""
        # Only the author's own undone actions: a reviewer's new change leaves another's redo alone.
        self._x("UPDATE events SET state = ? WHERE {S}state = ? AND who = ?", (DISCARDED, UNDONE, action.who))
        (grp,) = self._x("SELECT COALESCE(MAX(grp), 0) + 1 FROM events WHERE {S}grp > 0").fetchone()
        self._xmany(
            "INSERT INTO events ({SC}grp, at, who, segment_id, kind, before, after, origin, category, severity,"
            " comment, span_start, span_end, flag_key) VALUES ({SV}?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(grp, action.at, action.who, c.segment_id, str(c.kind), c.before, c.after, c.origin, c.category,
              c.severity, c.comment, c.span_start, c.span_end, c.flag_key) for c in action.changes],
        )
        self._bump_log()
        return int(grp)

    def _refuse_stale(self, action: Action, original: Callable[[str], str]) -> None:
        """Raise StaleEditError when an edit of `action` was made against text that is no
        longer the segment's current text in the store (inside the write transaction)."""
        edits = [c for c in action.changes if c.kind is EventKind.EDIT and c.before is not None]
        if not edits:
            return
        wanted = {c.segment_id for c in edits}
        latest: dict[str, tuple[str, str, str]] = {}
        query = "SELECT segment_id, after, who, at FROM events WHERE {S}kind = 'edit' AND state = ?"
        if len(wanted) <= 500:
            rows = self._x(query + f" AND segment_id IN ({','.join('?' * len(wanted))}) ORDER BY seq",
                           (ACTIVE, *wanted))
        else:  # a corpus-wide fix: one pass over the log beats a query per segment
            rows = self._x(query + " ORDER BY seq", (ACTIVE,))
        latest.update((sid, (after or "", who, at)) for sid, after, who, at in rows if sid in wanted)
        current = {sid: latest[sid][0] if sid in latest else original(sid) for sid in wanted}
        for change in edits:
            sid = change.segment_id
            if current[sid] != change.before:
                if sid in latest:
                    raise StaleEditError(sid, latest[sid][1], latest[sid][2], path=self.label)
                raise StaleEditError(sid, None, None, path=self.label)
            current[sid] = change.after or ""  # a second edit of it in the same action builds on the first

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
            row = self._x(f"SELECT {which}(grp) FROM events WHERE {{S}}state = ?{mine}", args).fetchone()
            if row[0] is None:
                return []
            self._x("UPDATE events SET state = ? WHERE {S}grp = ?", (after, row[0]))
            self._bump_log()
            return self._group(row[0])

        try:
            return self._write(step)
        except self._db_errors as exc:
            raise self._failure(exc, failing, "nothing was changed") from None

    def can_undo(self, who: str | None = None) -> bool:
        """Whether there is an action (of `who`) to undo."""
        return self._any_in_state(ACTIVE, who)

    def can_redo(self, who: str | None = None) -> bool:
        """Whether there is an undone action (of `who`) to redo."""
        return self._any_in_state(UNDONE, who)

    def _any_in_state(self, state: int, who: str | None) -> bool:
        mine, args = (" AND who = ?", (state, who)) if who is not None else ("", (state,))
        return self._read(lambda: self._x(
            f"SELECT 1 FROM events WHERE {{S}}state = ?{mine} LIMIT 1", args).fetchone() is not None)

    # -- reading ------------------------------------------------------------------------------
    def events(self, *, active_only: bool = False) -> Iterator[Event]:
        """Events in the order they were recorded."""
        where = "{S}state = 0" if active_only else "{S}seq > 0"
        try:
            rows = self._read(lambda: self._x(f"SELECT {_COLUMNS} FROM events WHERE {where} ORDER BY seq"))
            for row in rows:
                yield self._event(row)
        except self._db_errors as exc:
            raise self._failure(exc, "cannot read") from None

    def has_events(self) -> bool:
        """Whether anything was ever recorded."""
        return self._read(self._has_events)

    def _has_events(self) -> bool:
        return self._x("SELECT 1 FROM events WHERE {S}seq > 0 LIMIT 1").fetchone() is not None

    def _group(self, grp: int) -> list[Event]:
        return [self._event(row) for row in self._x(f"SELECT {_COLUMNS} FROM events WHERE {{S}}grp = ? ORDER BY seq",
                                                    (grp,))]

    def _event(self, row: Sequence[Any]) -> Event:
        try:
            kind = EventKind(row[5])
        except ValueError:
            raise ReviewerError(f"session event {row[0]} has an unknown kind {row[5]!r} "
                                "(written by a newer reviewer?)", path=self.label) from None
        seq, group, at, who, segment_id, _, before, after, origin, category, severity, comment, start, end, key, state = row
        return Event(seq, group, at, who, segment_id, kind, before, after, origin, category, severity, comment,
                     start, end, key, state)

    # -- the team -----------------------------------------------------------------------------
    def touch(self, who: str, segment_id: str | None) -> None:
        """Say that `who` has the corpus open, on `segment_id` (None: none selected)."""
        self._team_write("cannot say where you are", lambda: self._x(
            "INSERT INTO presence ({SC}who, segment_id, at) VALUES ({SV}?, ?, ?) ON CONFLICT ({SC}who)"
            " DO UPDATE SET segment_id = excluded.segment_id, at = excluded.at", (who, segment_id, now())))

    def leave(self, who: str) -> None:
        """Say that `who` closed the corpus (they are no longer present)."""
        self._team_write("cannot say you left", lambda: self._x("DELETE FROM presence WHERE {S}who = ?", (who,)))

    def present(self, within: float = PRESENCE_WINDOW_S) -> list[Presence]:
        """Who said where they are in the last `within` seconds, by name."""
        since = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=within)).isoformat(timespec="milliseconds")
        rows = self._read(lambda: self._x(
            "SELECT who, segment_id, at FROM presence WHERE {S}at >= ? ORDER BY who", (since,)).fetchall())
        return [Presence(who, segment_id, at) for who, segment_id, at in rows]

    def assign(self, segment_ids: Iterable[str], to: str | None, by: str) -> int:
        """Assign segments to reviewer `to` (None: take the assignment away), replacing earlier
        assignments of them; returns how many segments it changed."""
        wanted = list(dict.fromkeys(segment_ids))

        def assign() -> int:
            current = self._assignments()
            changed = [sid for sid in wanted if current.get(sid) != to]
            if to is None:
                self._xmany("DELETE FROM assignments WHERE {S}segment_id = ?", [(sid,) for sid in changed])
            else:
                at = now()
                self._xmany("INSERT INTO assignments ({SC}segment_id, who, assigned_by, at) VALUES ({SV}?, ?, ?, ?)"
                            " ON CONFLICT ({SC}segment_id) DO UPDATE SET who = excluded.who,"
                            " assigned_by = excluded.assigned_by, at = excluded.at",
                            [(sid, to, by, at) for sid in changed])
            return len(changed)

        return self._team_write("cannot assign", assign)

    def assignments(self) -> dict[str, str]:
        """Segment id -> the reviewer it is assigned to (unassigned segments are absent)."""
        return self._read(self._assignments)

    def _assignments(self) -> dict[str, str]:
        return dict(self._x("SELECT segment_id, who FROM assignments WHERE {S}segment_id IS NOT NULL"))

    def _team_write(self, doing: str, fn: Callable[[], T]) -> T:
        try:
            return self._write(fn)
        except self._db_errors as exc:
            raise self._failure(exc, doing) from None

