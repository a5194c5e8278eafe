"""The session stores' contract, run against both kinds (`store_spec`: a SQLite file and a real
PostgreSQL database): the log, per-reviewer undo, stale edits, `data_version`, presence and
assignments; then what only one kind has: the SQLite schema's migration, and the PostgreSQL
store's URL handling (never a password in a message), its failures (the change kept and
recorded later), its live notifications and its concurrent first opens."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from reviewer.cli import main
from reviewer.core.errors import ReviewerError, StoreError
from reviewer.review.events import Change, EventKind
from reviewer.review.pgstore import RECHECK_S, PostgresStore
from reviewer.review.session import ReviewSession
from reviewer.review.store import SCHEMA_VERSION, SessionStore, StaleEditError
from reviewer.review.storebase import Store, open_store, public_url, store_spec
from tests.pg_support import PostgresServer, with_database


def _open(spec: str, fingerprint: str = "fp") -> Store:
    return open_store(spec, fingerprint=fingerprint, name="c.txt")


def _edit(segment: str, before: str, after: str) -> list[Change]:
    return [Change(segment, EventKind.EDIT, before, after)]


# -- the contract, on both stores ----------------------------------------------------------------


def test_the_log_records_undoes_and_redoes_per_reviewer(store_spec: str) -> None:
    store = _open(store_spec)
    try:
        assert not store.has_events() and not store.can_undo()
        assert store.record([], "ana") == 0
        assert store.record(_edit("1", "a", "b"), "ana") == 1
        assert store.record([*_edit("2", "p", "q"), Change("2", EventKind.STATUS, "new", "final")], "budi") == 2
        events = list(store.events())
        assert [(e.seq > 0, e.group, e.who, e.segment_id, e.kind, e.before, e.after, e.state) for e in events] == [
            (True, 1, "ana", "1", EventKind.EDIT, "a", "b", 0), (True, 2, "budi", "2", EventKind.EDIT, "p", "q", 0),
            (True, 2, "budi", "2", EventKind.STATUS, "new", "final", 0)]
        assert [e.kind for e in store.undo("budi")] == [EventKind.EDIT, EventKind.STATUS]
        assert [e.segment_id for e in store.events(active_only=True)] == ["1"]
        assert store.undo("budi") == [] and store.can_undo("ana") and store.can_redo("budi")
        assert [e.segment_id for e in store.redo("budi")] == ["2", "2"]
        assert [e.segment_id for e in store.undo()] == ["2", "2"]  # no reviewer named: the latest of anyone's
        with pytest.raises(ValueError, match="unknown change kind"):
            store.record([Change("1", "rename")], "ana")  # type: ignore[arg-type]
        assert store.has_events() and store.integrity_ok()
    finally:
        store.close()


def test_a_stale_edit_names_who_changed_the_segment_and_when(store_spec: str) -> None:
    ana, budi = _open(store_spec), _open(store_spec)
    try:
        ana.record(_edit("1", "a", "b"), "ana", original={"1": "a"}.__getitem__)
        at = next(ana.events()).at
        with pytest.raises(StaleEditError) as refused:
            budi.record(_edit("1", "a", "c"), "budi", original={"1": "a"}.__getitem__)
        assert (refused.value.who, refused.value.at, refused.value.segment_id) == ("ana", at, "1")
        assert f"segment 1 was changed by ana at {at[:10]} {at[11:19]} UTC after you last saw it" in str(refused.value)
        assert [e.after for e in budi.events()] == ["b"]  # nothing of budi's action was recorded
    finally:
        ana.close()
        budi.close()


def test_data_version_moves_for_another_writers_log_change_only(store_spec: str) -> None:
    ana, budi = _open(store_spec), _open(store_spec)
    try:
        seen = ana.data_version()
        ana.record(_edit("1", "a", "b"), "ana")
        ana.undo("ana")
        assert ana.data_version() == seen  # its own changes: nothing to reload
        budi.touch("budi", "1")
        budi.assign(["1", "2"], "budi", "ana")
        budi.leave("budi")
        assert ana.data_version() == seen  # presence and assignments are not the log
        budi.record(_edit("2", "p", "q"), "budi")
        deadline = time.monotonic() + 1.0
        while ana.data_version() == seen and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ana.data_version() != seen
        moved = ana.data_version()
        budi.undo("budi")
        deadline = time.monotonic() + 1.0
        while ana.data_version() == moved and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ana.data_version() != moved
    finally:
        ana.close()
        budi.close()


def test_presence_says_who_is_where(store_spec: str) -> None:
    ana, budi = _open(store_spec), _open(store_spec)
    try:
        assert ana.present() == []
        ana.touch("ana", "1")
        budi.touch("budi", None)
        budi.touch("budi", "p3.s2")  # a later touch replaces the earlier one
        assert [(p.who, p.segment_id) for p in ana.present()] == [("ana", "1"), ("budi", "p3.s2")]
        assert all(p.at.endswith("+00:00") for p in ana.present())
        time.sleep(0.05)
        assert ana.present(within=0.01) == []  # no one said anything in the last 10 ms
        budi.leave("budi")
        assert [p.who for p in ana.present()] == ["ana"]
    finally:
        ana.close()
        budi.close()


def test_assignments_replace_and_count_what_changed(store_spec: str) -> None:
    lead, other = _open(store_spec), _open(store_spec)
    try:
        assert lead.assignments() == {}
        assert lead.assign(["1", "2", "2"], "ana", "lead") == 2
        assert lead.assign(["2", "3"], "ana", "lead") == 1  # 2 was hers already
        assert lead.assign(["3", "4"], "budi", "lead") == 2
        assert other.assignments() == {"1": "ana", "2": "ana", "3": "budi", "4": "budi"}
        assert lead.assign(["1", "4", "5"], None, "lead") == 2  # 5 was nobody's
        assert other.assignments() == {"2": "ana", "3": "budi"}
        assert not other.has_events()  # assignments are not review events
    finally:
        lead.close()
        other.close()


def test_a_session_command_takes_the_store_from_the_environment(store_spec: str, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "s.txt").write_text("He said it twice.\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("Dia dia mengatakannya dua kali.\n", encoding="utf-8")
    corpus = ["--source", str(tmp_path / "s.txt"), "--target", str(tmp_path / "t.txt")]
    monkeypatch.setenv("REVIEWER_STORE", store_spec)
    monkeypatch.setenv("REVIEWER_USER", "ana")
    assert main(["session", "apply", "1", *corpus]) == 0
    session = ReviewSession.open(source=tmp_path / "s.txt", target=tmp_path / "t.txt")
    try:
        assert session.store.label.startswith(str(tmp_path) if "://" not in store_spec else "postgresql://")
        assert session.target("1") == "Dia mengatakannya dua kali."
    finally:
        session.close()
    # --store wins over the environment: another store has no change
    assert main(["session", "list", *corpus, "--store", str(tmp_path / "else.sqlite")]) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == ["1  translated  repeated-word (minor)", "1 of 1 segments"]


# -- SQLite: the schema's versions ---------------------------------------------------------------


def test_a_version_1_sqlite_store_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, grp INTEGER NOT NULL, at TEXT NOT NULL,
            who TEXT NOT NULL, segment_id TEXT NOT NULL, kind TEXT NOT NULL, before TEXT, after TEXT,
            origin TEXT NOT NULL, category TEXT, severity TEXT, comment TEXT, span_start INTEGER, span_end INTEGER,
            flag_key TEXT, state INTEGER NOT NULL DEFAULT 0);
        INSERT INTO meta VALUES ('schema_version', '1');
        INSERT INTO events (grp, at, who, segment_id, kind, before, after, origin)
            VALUES (1, '2026-01-01T00:00:00.000+00:00', 'ana', '1', 'edit', 'a', 'b', 'manual');
    """)
    db.commit()
    db.close()
    store = SessionStore(path)
    try:
        assert [(e.who, e.after) for e in store.events()] == [("ana", "b")]
        store.touch("ana", "1")
        assert store.assign(["1"], "ana", "lead") == 1
        assert [e.segment_id for e in store.undo("ana")] == ["1"]
    finally:
        store.close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    assert {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} >= {
        "meta", "events", "presence", "assignments"}
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(ReviewerError, match=r"written by a newer reviewer \(schema 99\)"):
        SessionStore(path)


# -- PostgreSQL ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://ana:s3cret@db.example:5433/review?sslmode=require", "postgresql://ana@db.example:5433/review"),
    ("postgres://ana:p%40ss@db/review", "postgres://ana@db/review"),
    ("postgresql:///review", "postgresql:///review"),
    ("postgresql://[::1]:5432/review", "postgresql://[::1]:5432/review"),
    ("postgresql://ana:x@db:99999/review", "postgresql://(a malformed URL)"),
])
def test_a_database_url_is_shown_without_its_password(url: str, shown: str) -> None:
    assert public_url(url) == shown


def test_store_spec_prefers_store_then_session_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEWER_STORE", "postgresql://db/review")
    assert store_spec("a.sqlite", "b.sqlite") == "a.sqlite"
    assert store_spec(None, "b.sqlite") == "b.sqlite"
    assert store_spec() == "postgresql://db/review"
    monkeypatch.setenv("REVIEWER_STORE", "")
    assert store_spec() is None


def test_a_server_that_cannot_be_reached_is_named_without_the_password(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as failed:
        PostgresStore("postgresql://ana:topsecret@127.0.0.1:1/review", fingerprint="fp", lock_timeout=1)
    message = str(failed.value)
    assert message.startswith("postgresql://ana@127.0.0.1:1/review (session corpus): cannot open: the database "
                              "server cannot be reached (")
    assert "topsecret" not in message
    with pytest.raises(ReviewerError, match="needs the corpus"):
        open_store("postgresql://127.0.0.1:1/review", fingerprint=None)


def test_without_psycopg_the_store_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(ReviewerError, match=r"the PostgreSQL store needs psycopg: pip install 'reviewer\[postgres\]'"):
        PostgresStore("postgresql://127.0.0.1:1/review", fingerprint="fp")


def test_the_engine_imports_without_psycopg() -> None:
    code = ("import sys; sys.modules['psycopg'] = None; import reviewer.review.session, reviewer.review.pgstore, "
            "reviewer.cli.main; print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout == "ok\n", done.stderr


def test_one_database_keeps_each_corpus_its_own_session(postgres_url: str) -> None:
    first, second = _open(postgres_url, "corpus-a"), _open(postgres_url, "corpus-b")
    try:
        first.record(_edit("1", "a", "b"), "ana")
        first.assign(["1"], "ana", "lead")
        first.touch("ana", "1")
        assert not second.has_events() and second.assignments() == {} and second.present() == []
        assert second.record(_edit("1", "x", "y"), "ana") == 1  # its own group numbers
        assert first.key == public_url(postgres_url) + "#corpus-a" != second.key
        assert first.label == public_url(postgres_url) + " (session c.txt)" and first.files == (first.pending,)
    finally:
        first.close()
        second.close()


def test_a_lost_connection_keeps_the_change_and_records_it_later(postgres_url: str,
                                                                 postgres_server: PostgresServer) -> None:
    store = _open(postgres_url)
    try:
        store.record(_edit("1", "a", "b"), "ana")
        with psycopg.connect(postgres_server.url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> "
                          "pg_backend_pid()", (postgres_url.rsplit("/", 1)[1],))
        with pytest.raises(StoreError, match=r"cannot record the change: the database server cannot be reached.*"
                                             r"the change is kept in .*postgresql-[0-9a-f]{16}\.pending\.jsonl"):
            store.record(_edit("2", "p", "q"), "ana")
        assert store.pending.is_file()
        # the next change reconnects and records the kept one first
        store.record(_edit("3", "x", "y"), "ana")
        assert [(e.group, e.segment_id) for e in store.events()] == [(1, "1"), (2, "2"), (3, "3")]
        assert not store.pending.exists()
        assert store.data_version() == store.data_version()  # the listener came back too
    finally:
        store.close()


def test_a_change_kept_while_the_server_was_down_is_recorded_on_next_open(postgres_url: str,
                                                                         postgres_server: PostgresServer) -> None:
    store = _open(postgres_url)
    good_url = store._url  # type: ignore[attr-defined]
    store._url = with_database(postgres_url, "no_such_database")  # type: ignore[attr-defined]
    store.close()  # the next call connects again, to a database that is not there
    with pytest.raises(StoreError, match=r"the change is kept in"):
        store.record(_edit("1", "a", "b"), "ana")
    store._url = good_url  # type: ignore[attr-defined]
    again = _open(postgres_url)
    try:
        assert [(e.who, e.after) for e in again.events()] == [("ana", "b")]
        assert not again.pending.exists()
    finally:
        again.close()


def test_another_writers_change_is_announced_at_once(postgres_url: str) -> None:
    ana, budi = _open(postgres_url), _open(postgres_url)
    try:
        seen = ana.data_version()
        budi.record(_edit("1", "a", "b"), "budi")
        time.sleep(0.2)  # the notification's way; no RECHECK_S wait
        assert ana.data_version() == seen + 1
        # a notification that was missed is made up for by the periodic read of the counter
        budi.undo("budi")
        for _ in ana._listening().notifies(timeout=0.3):  # type: ignore[attr-defined]
            pass  # swallowed: ana's store never sees this one
        assert ana.data_version() == seen + 1
        ana._read_at -= RECHECK_S  # type: ignore[attr-defined]  # as if RECHECK_S passed
        assert ana.data_version() == seen + 2
    finally:
        ana.close()
        budi.close()


def test_first_opens_at_once_migrate_once(postgres_url: str) -> None:
    code = ("import sys; from reviewer.review.storebase import open_store; "
            "s = open_store(sys.argv[1], fingerprint='fp'); s.record([], 'x'); s.close(); print('ok')")
    runs = [subprocess.Popen([sys.executable, "-c", code, postgres_url], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [out for out, _ in outputs] == ["ok\n"] * 4, [err for _, err in outputs]
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT value FROM reviewer.meta WHERE key = 'schema_version'").fetchone() == ("1",)
        assert conn.execute("SELECT COUNT(*) FROM reviewer.sessions").fetchone() == (1,)


def test_a_database_of_a_newer_schema_is_refused(postgres_url: str) -> None:
    _open(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("UPDATE reviewer.meta SET value = '7' WHERE key = 'schema_version'")
    with pytest.raises(ReviewerError, match=r"\(session c\.txt\): session store was written by a newer reviewer"):
        _open(postgres_url)


def test_session_where_names_the_database_without_its_password(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "s.txt").write_text("One.\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("Satu.\n", encoding="utf-8")
    assert main(["session", "where", "--source", str(tmp_path / "s.txt"), "--target", str(tmp_path / "t.txt"),
                 "--store", "postgresql://ana:pw@db.example/review"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "postgresql://ana@db.example/review (session t.txt)\n"
    assert "pw" not in captured.err


def test_a_writer_that_holds_the_session_too_long_is_reported_and_the_change_kept(postgres_url: str) -> None:
    store = open_store(postgres_url, fingerprint="fp", name="c.txt", lock_timeout=0.2)
    try:
        store.record(_edit("1", "a", "b"), "ana")
        with psycopg.connect(postgres_url) as other, other.transaction():
            other.execute("SELECT 1 FROM reviewer.sessions FOR UPDATE")  # another writer, mid-transaction
            with pytest.raises(StoreError, match=r"cannot record the change: the session is locked by another "
                                                 r"writer \(gave up after 0\.2 s\); the change is kept in "):
                store.record(_edit("2", "p", "q"), "ana")
        store.record(_edit("3", "x", "y"), "ana")
        assert [e.segment_id for e in store.events()] == ["1", "2", "3"]
    finally:
        store.close()


def test_kept_changes_are_recorded_when_the_store_answers_again(store_spec: str) -> None:
    """`record_kept`: what a failure kept is recorded as soon as the store can be written (the
    UI calls it when its timer finds the store answering), in order; nothing kept: False."""
    store = open_store(store_spec, fingerprint="fp", name="c.txt", lock_timeout=0.2)
    try:
        assert store.record_kept() is False
        store.record(_edit("1", "a", "b"), "ana")
        with contextlib.ExitStack() as held:
            if "://" in store_spec:
                other = held.enter_context(psycopg.connect(store_spec))
                held.enter_context(other.transaction())
                other.execute("SELECT 1 FROM reviewer.sessions FOR UPDATE")  # another writer, mid-transaction
            else:
                other = held.enter_context(contextlib.closing(sqlite3.connect(store_spec, isolation_level=None)))
                other.execute("BEGIN IMMEDIATE")
                held.callback(other.execute, "ROLLBACK")
            for segment in ("2", "3"):
                with pytest.raises(StoreError, match="the change is kept in"):
                    store.record(_edit(segment, "p", "q"), "ana")
            with pytest.raises(StoreError, match="cannot record the kept changes: .*; they stay in"):
                store.record_kept()
            assert store.pending.exists()
        assert store.record_kept() is True
        assert not store.pending.exists()
        assert [e.segment_id for e in store.events()] == ["1", "2", "3"]
        assert store.record_kept() is False
    finally:
        store.close()
