"""The shared store: a team's sessions in one PostgreSQL database (psycopg 3, the `postgres`
extra). The log's logic is `storebase.LogStore`, the same as the embedded SQLite store's, so
the same events mean the same in both; this module supplies the connection, the locks, the
schema and the live updates.

One database holds many corpora's sessions: `sessions` has one row per corpus version (keyed on
its fingerprint), and the log, presence and assignments carry the session's id. The tables live
in their own schema, `reviewer`, so they sit beside an application's own. The schema is
versioned (`meta`); opening migrates it under an advisory lock, so that two first opens do not
race. Every write locks the session's row (`SELECT ... FOR UPDATE`): group numbers and the
stale-edit check are serialised per session, across machines.

Live updates: every change of the log bumps the session's `log_version` and sends a
notification (`pg_notify`) at commit. The store LISTENs on a second connection, and
`data_version` drains it without waiting and reads the counter only when one came (or when
`RECHECK_S` passed, in case one was missed), so a UI's one-second timer costs nothing while the
team is quiet.

A change that cannot be recorded (server down, connection lost) is kept in a file in the user's
data folder (`pending`), keyed on the session, and recorded on the next change or the next open.
Messages name the database without its password.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any, TypeVar

from reviewer.core.errors import ReviewerError, StoreError
from reviewer.review.locations import sessions_folder
from reviewer.review.pending import PENDING_SUFFIX, PendingFile
from reviewer.review.store import default_lock_timeout
from reviewer.review.storebase import EVENT_COLUMNS, LogStore, now, public_url, server_label

SCHEMA_VERSION = 1
CHANNEL = "reviewer_log"
"""The notification channel; the payload is the session's id."""
RECHECK_S = 3.0
"""`data_version` reads the log's counter at least this often, notified or not."""
CONNECT_TIMEOUT_S = 10
_MIGRATION_LOCK = 0x7265766965776572
"""The advisory lock taken while the schema is checked and migrated ('reviewer' in ASCII)."""

T = TypeVar("T")

_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: sessions, their logs, presence and assignments
    ("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
     "CREATE TABLE sessions (id BIGSERIAL PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
     " created TEXT NOT NULL, log_version BIGINT NOT NULL DEFAULT 0)",
     """CREATE TABLE events (
    seq        BIGSERIAL PRIMARY KEY,
    session    BIGINT NOT NULL REFERENCES sessions (id),
    grp        BIGINT NOT NULL,             -- one user action (a corpus-wide fix is one group)
""" + EVENT_COLUMNS + ")",
     "CREATE INDEX events_session_grp ON events (session, grp)",
     "CREATE INDEX events_session_segment ON events (session, segment_id)",
     "CREATE TABLE kept (session BIGINT NOT NULL REFERENCES sessions (id), id TEXT NOT NULL, grp BIGINT NOT NULL,"
     " PRIMARY KEY (session, id))",
     "CREATE TABLE presence (session BIGINT NOT NULL REFERENCES sessions (id), who TEXT NOT NULL, segment_id TEXT,"
     " at TEXT NOT NULL, PRIMARY KEY (session, who))",
     "CREATE TABLE assignments (session BIGINT NOT NULL REFERENCES sessions (id), segment_id TEXT NOT NULL,"
     " who TEXT NOT NULL, assigned_by TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (session, segment_id))"),
)
assert len(_MIGRATIONS) == SCHEMA_VERSION


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise ReviewerError("the PostgreSQL store needs psycopg: pip install 'reviewer[postgres]'") from None
    return psycopg


class PostgresStore(LogStore):
    """One corpus's session in a PostgreSQL database. Every method that changes data has
    committed when it returns; failures raise `StoreError` naming the database (no password)."""

    _placeholder = "%s"

    def __init__(self, url: str, *, fingerprint: str, name: str = "corpus", lock_timeout: float | None = None) -> None:
        psycopg = _psycopg()
        self._pg = psycopg
        self._db_errors = (psycopg.Error,)
        self._url = url
        self._password = _password(url)
        self.label = server_label(url, name)
        self.key = f"{public_url(url)}#{fingerprint}"
        digest = hashlib.sha256(self.key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        self.pending = sessions_folder() / f"postgresql-{digest}{PENDING_SUFFIX}"
        """Where changes that could not be recorded are kept until they can (this machine's)."""
        self.files = (self.pending,)
        self._kept = PendingFile(self.pending, self.label)
        self.lock_timeout = default_lock_timeout() if lock_timeout is None else lock_timeout
        """Seconds a write waits for another writer's lock on the session."""
        self._conn: Any = None
        self._listener: Any = None
        self._log_version = 0
        self._bumps = 0
        self._read_at = float("-inf")
        self.session_id = 0
        self._scope = {"S": "", "SC": "", "SV": ""}
        try:
            self._open(fingerprint, name)
        except psycopg.Error as exc:
            self.close()
            raise self._failure(exc, "cannot open") from None
        except BaseException:
            self.close()
            raise

    def _open(self, fingerprint: str, name: str) -> None:
        conn = self._connection()
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            conn.execute("CREATE SCHEMA IF NOT EXISTS reviewer")
            version = 0
            if conn.execute("SELECT to_regclass('reviewer.meta')").fetchone()[0] is not None:
                row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise ReviewerError(f"session store was written by a newer reviewer (schema {version})",
                                    path=self.label)
            for steps in _MIGRATIONS[version:]:
                for sql in steps:
                    conn.execute(sql)
            conn.execute("INSERT INTO meta (key, value) VALUES ('schema_version', %s) ON CONFLICT (key)"
                         " DO UPDATE SET value = excluded.value", (str(SCHEMA_VERSION),))
            conn.execute("INSERT INTO sessions (key, name, created) VALUES (%s, %s, %s) ON CONFLICT (key) DO NOTHING",
                         (fingerprint, name, now()))
            self.session_id = int(conn.execute("SELECT id FROM sessions WHERE key = %s", (fingerprint,)).fetchone()[0])
        # The session's id is ours (an integer from the database): safe to write into the SQL.
        self._scope = {"S": f"session = {self.session_id} AND ", "SC": "session, ", "SV": f"{self.session_id}, "}
        self._listening()
        self._record_kept_on_open()

    # -- connections ----------------------------------------------------------------------
    def _connect(self) -> Any:
        conn = self._pg.connect(self._url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        conn.execute("SET search_path TO reviewer")
        conn.execute(f"SET lock_timeout = {int(self.lock_timeout * 1000)}")
        return conn

    def _connection(self) -> Any:
        """The connection for reads and writes; a new one after the server dropped the last."""
        if self._conn is None or self._conn.closed:
            self._conn = None
            self._conn = self._connect()
        return self._conn

    def _listening(self) -> Any:
        """The connection that LISTENs for changes of the log."""
        if self._listener is None or self._listener.closed:
            self._listener = None
            listener = self._connect()
            listener.execute(f"LISTEN {CHANNEL}")
            self._listener = listener
            self._read_at = float("-inf")  # what came while no one listened is read from the counter
        return self._listener

    def close(self) -> None:
        """Close both connections."""
        for conn in (self._conn, self._listener):
            if conn is not None:
                try:
                    conn.close()
                except self._pg.Error:
                    pass
        self._conn = self._listener = None

    # -- what LogStore asks of a store ------------------------------------------------------
    def _write(self, fn: Callable[[], T]) -> T:
        conn = self._connection()
        self._bumps = 0
        with conn.transaction():
            conn.execute("SELECT 1 FROM sessions WHERE id = %s FOR UPDATE", (self.session_id,))
            result = fn()
        # Our own log changes: `data_version` leaves them out.
        self._own_writes += self._bumps
        self._log_version += self._bumps
        return result

    def _read(self, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except self._pg.Error as exc:
            raise self._failure(exc, "cannot read") from None

    def _bump_log(self) -> None:
        self._x("UPDATE sessions SET log_version = log_version + 1 WHERE id = ?", (self.session_id,))
        self._x(f"SELECT pg_notify('{CHANNEL}', ?)", (str(self.session_id),))
        self._bumps += 1

    def _was_kept(self, action_id: str) -> bool:
        return self._x("SELECT 1 FROM kept WHERE {S}id = ?", (action_id,)).fetchone() is not None

    def _mark_kept(self, action_id: str, grp: int) -> None:
        self._x("INSERT INTO kept ({SC}id, grp) VALUES ({SV}?, ?)", (action_id, grp))

    def data_version(self) -> int:
        """A number that changes when another process changes this session's log, and only
        then: compare it with an earlier one to know whether to reload."""
        def read() -> int:
            moment = time.monotonic()
            if self._notified() or moment - self._read_at >= RECHECK_S:
                row = self._x("SELECT log_version FROM sessions WHERE id = ?", (self.session_id,)).fetchone()
                self._log_version = int(row[0])
                self._read_at = moment
            return self._log_version - self._own_writes

        return self._read(read)

    def _notified(self) -> bool:
        """Whether a change of this session was announced since the last call (without waiting)."""
        mine = str(self.session_id)
        try:
            return any(n.payload == mine for n in list(self._listening().notifies(timeout=0)))
        except self._pg.Error:
            if self._listener is not None:
                self._listener.close()
            self._listener = None
            return True

    def integrity_ok(self) -> bool:
        """Whether the session's log is whole: every event in a known state, no group split."""
        return self._read(lambda: self._x(
            "SELECT COUNT(*) FROM events WHERE {S}state NOT IN (0, 1, 2)").fetchone()[0] == 0 and self._x(
            "SELECT COUNT(*) FROM (SELECT grp FROM events WHERE {S}seq > 0 GROUP BY grp"
            " HAVING COUNT(DISTINCT state) > 1) AS split").fetchone()[0] == 0)

    # -- failures -----------------------------------------------------------------------------
    def _failure(self, exc: Exception, doing: str, then: str = "") -> StoreError:
        """A StoreError naming the database (never its password): what failed and why."""
        pg = self._pg
        detail = " ".join(str(exc).split()) or type(exc).__name__
        if self._password:
            detail = detail.replace(self._password, "***")
        if isinstance(exc, pg.errors.LockNotAvailable):
            why = f"the session is locked by another writer (gave up after {self.lock_timeout:g} s)"
        elif isinstance(exc, pg.errors.InsufficientPrivilege):
            why = f"the database refuses it ({detail})"
        elif isinstance(exc, pg.OperationalError):
            why = f"the database server cannot be reached ({detail})"
        else:
            why = detail
        return StoreError(f"{doing}: {why}" + (f"; {then}" if then else ""), path=self.label)


def _password(url: str) -> str | None:
    from urllib.parse import unquote, urlsplit

    try:
        password = urlsplit(url).password
    except ValueError:
        return None
    return unquote(password) if password else None
