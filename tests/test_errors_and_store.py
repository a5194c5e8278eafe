"""Failures a user can act on are one line and exit 2, never a traceback: an OSError, a SQLite
error or a MemoryError reaching `main`; a locked, read-only, damaged or full session store; a
PO file with more plural forms than its header allows. A change the store cannot record is kept
beside it and recorded the next time the store opens: nothing is lost.

Some tests need root (CI runs as root): a full or read-only disk is a real tmpfs mount, a
read-only store a read-only bind mount. Without root they use file modes where that means the
same thing, and skip where nothing does (a full disk)."""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from reviewer.cli import main
from reviewer.core.errors import FormatError, StoreError
from reviewer.formats import load_corpus
from reviewer.review.events import Change, EventKind
from reviewer.review.store import PENDING_SUFFIX, SessionStore
from tests.paths import ROOT, SHARED

ROOT_USER = os.geteuid() == 0
#: The module `reviewer.cli.main` (the package's `main` attribute is the function).
cli_main_module = importlib.import_module("reviewer.cli.main")
needs_root = pytest.mark.skipif(not ROOT_USER, reason="mounting a file system needs root (CI runs as root)")


# -- helpers -----------------------------------------------------------------------------------------


def _stderr_line(capsys: pytest.CaptureFixture[str]) -> str:
    """The one line a failure writes on stderr."""
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def _pair(folder: Path) -> list[str]:
    """A two-segment line-aligned corpus in `folder`, as `--source/--target` options."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "en.txt").write_text("Hello world.\nThe cat sleeps.\n", encoding="utf-8")
    (folder / "id.txt").write_text("Halo dunia.\nKucing tidur.\n", encoding="utf-8")
    return ["--source", str(folder / "en.txt"), "--target", str(folder / "id.txt")]


def _session(action: str, corpus: list[str], store: Path, *args: str) -> int:
    return main(["session", action, *corpus, "--session", str(store), *args])


def _log(corpus: list[str], store: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert _session("log", corpus, store, "--format", "jsonl") == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@contextlib.contextmanager
def _mounted(path: Path, *options: str) -> Iterator[Path]:
    """`mount` (tmpfs, or a bind mount), unmounted at the end; skips where mounting is refused."""
    done = subprocess.run(["mount", *options, str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _fill(folder: Path) -> None:
    """Write into `folder` until its file system is full."""
    with open(folder / "filler", "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


@contextlib.contextmanager
def _lock_held(store: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holding the store's write lock, as another reviewer process would."""
    db = sqlite3.connect(store, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")
        db.close()


# -- main(): OSError, SQLite errors and MemoryError are one line, exit 2 ----------------------------


def _raising(exc: BaseException) -> object:
    """A `register` for a command `boom [corpus]` that raises `exc`."""
    def cmd_boom(args: argparse.Namespace, out: IO[str]) -> int:
        raise exc

    def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        p = sub.add_parser("boom")
        p.add_argument("corpus", nargs="?")
        p.set_defaults(func=cmd_boom)

    return register


@pytest.mark.parametrize(("exc", "line"), [
    (OSError(errno.ENOSPC, "No space left on device", "/x/out.txt"),
     "reviewer: error: /x/out.txt: No space left on device (ENOSPC)"),
    (PermissionError(errno.EACCES, "Permission denied", "/x/ro/out.txt"),
     "reviewer: error: /x/ro/out.txt: Permission denied (EACCES)"),
    (OSError(errno.EROFS, "Read-only file system", b"/x/ro/out.txt"),
     "reviewer: error: /x/ro/out.txt: Read-only file system (EROFS)"),
    (NotADirectoryError(errno.ENOTDIR, "Not a directory", "file.txt/out.txt"),
     "reviewer: error: file.txt/out.txt: Not a directory (ENOTDIR)"),
    (OSError(errno.EXDEV, "Invalid cross-device link", "/a/tmp", None, "/b/out.txt"),
     "reviewer: error: /a/tmp -> /b/out.txt: Invalid cross-device link (EXDEV)"),
    (OSError(errno.ENOSPC, "No space left on device"), "reviewer: error: No space left on device (ENOSPC)"),
    (OSError(errno.EIO, "Input/output error", "/x/\x1b[31mred\x1b[0m.txt"),
     "reviewer: error: /x/⟨ESC⟩[31mred⟨ESC⟩[0m.txt: Input/output error (EIO)"),
    (OSError("something odd"), "reviewer: error: something odd"),
], ids=["ENOSPC", "EACCES", "bytes-name", "ENOTDIR", "two-names", "no-name", "escapes", "no-errno"])
def test_an_os_error_is_one_line_naming_the_file(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                                 exc: OSError, line: str) -> None:
    monkeypatch.setattr(cli_main_module, "REGISTER", (_raising(exc),))
    assert main(["boom"]) == 2
    assert _stderr_line(capsys) == line


def test_a_sqlite_error_that_escapes_the_store_is_one_line(monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli_main_module, "REGISTER", (_raising(sqlite3.OperationalError("database is locked")),))
    assert main(["boom"]) == 2
    assert _stderr_line(capsys) == "reviewer: error: session store: database is locked"


def test_out_of_memory_is_one_line_naming_the_input(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli_main_module, "REGISTER", (_raising(MemoryError()),))
    assert main(["boom", "big.corpus.yaml"]) == 2
    assert _stderr_line(capsys) == ("reviewer: error: big.corpus.yaml: out of memory "
                                    "(is an input endless, such as /dev/zero, or too large?)")


@pytest.mark.parametrize(("exc", "status"), [(KeyboardInterrupt(), 130), (BrokenPipeError(errno.EPIPE, "x"), 0)])
def test_interrupt_and_broken_pipe_keep_their_exit_status(monkeypatch: pytest.MonkeyPatch, exc: BaseException,
                                                          status: int) -> None:
    monkeypatch.setattr(cli_main_module, "REGISTER", (_raising(exc),))
    monkeypatch.setattr(sys, "stderr", open(os.devnull, "w"))  # BrokenPipeError closes stderr
    assert main(["boom"]) == status


def test_dev_zero_as_a_bundle_target_is_one_line(tmp_path: Path) -> None:
    """Reading /dev/zero never ends: it is refused, or it runs out of memory (capped here, so
    that the test cannot take the machine's), and either way the user gets one line."""
    (tmp_path / "z.corpus.yaml").write_text("target: /dev/zero\nsource: src.tsv\n", encoding="utf-8")
    (tmp_path / "src.tsv").write_text("p1.s1\tHello.\n", encoding="utf-8")

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))

    done = subprocess.run([sys.executable, "-m", "reviewer", "check", str(tmp_path / "z.corpus.yaml")],
                          capture_output=True, text=True, timeout=120, preexec_fn=cap_memory, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("reviewer: error: ")
    assert "/dev/zero" in line or "z.corpus.yaml" in line


# -- outputs that cannot be written --------------------------------------------------------------------


def _fix(corpus: list[str], out: Path) -> int:
    return main(["fix", *corpus, "--all", "--write", str(out)])


def test_an_output_whose_parent_is_a_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _pair(tmp_path)
    (tmp_path / "file.txt").write_text("in the way\n", encoding="utf-8")
    assert _fix(corpus, tmp_path / "file.txt" / "out.txt") == 2
    line = _stderr_line(capsys)
    assert line.startswith("reviewer: error: ") and "file.txt" in line
    assert (tmp_path / "file.txt").read_text(encoding="utf-8") == "in the way\n"


def _read_only(folder: Path) -> contextlib.AbstractContextManager[object]:
    """The folder made read-only while in the block: as root a mode does not stop writes, a
    read-only file system does."""
    if ROOT_USER:
        return _mounted(folder, "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs")
    folder.chmod(0o555)
    return contextlib.nullcontext()


def test_an_output_in_a_read_only_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _pair(tmp_path / "in")
    folder = tmp_path / "ro"
    folder.mkdir()
    with _read_only(folder):
        assert _fix(corpus, folder / "out.txt") == 2
        line = _stderr_line(capsys)
        assert not (folder / "out.txt").exists()
    assert line.startswith("reviewer: error: ") and str(folder) in line


@needs_root
def test_a_full_disk_is_one_line_naming_the_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _pair(tmp_path / "in")
    (tmp_path / "in" / "id.txt").write_text("Halo dunia.\n" + "Kucing tidur. " * 5000 + "\n", encoding="utf-8")
    full = tmp_path / "full"
    full.mkdir()
    with _mounted(full, "-t", "tmpfs", "-o", "size=64k", "tmpfs"):
        _fill(full)
        assert _fix(corpus, full / "out.txt") == 2
        line = _stderr_line(capsys)
        assert sorted(p.name for p in full.iterdir()) == ["filler"]  # no half-written file left
    assert line.startswith(f"reviewer: error: {full / 'out.txt'}: ")
    assert "No space left on device" in line


# -- the session store: a lock is waited for, and a change that cannot be recorded is kept -------------


@pytest.fixture
def tester_and_a_short_lock_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEWER_USER", "tester")
    monkeypatch.setenv("REVIEWER_LOCK_TIMEOUT", "0.3")


@pytest.mark.usefixtures("tester_and_a_short_lock_wait")
def test_a_locked_store_keeps_the_change_and_records_it_on_next_open(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _pair(tmp_path)
    store = tmp_path / "s.sqlite"
    pending = tmp_path / ("s.sqlite" + PENDING_SUFFIX)
    assert _session("edit", corpus, store, "1", "Halo, dunia.") == 0
    capsys.readouterr()
    with _lock_held(store):
        started = time.monotonic()
        assert _session("edit", corpus, store, "2", "Kucingnya tidur.") == 2
        waited = time.monotonic() - started
        assert _stderr_line(capsys) == (
            f"reviewer: error: {store}: cannot record the change: the session store is locked by another process "
            f"(gave up after 0.3 s); the change is kept in {pending} and will be recorded the next time the "
            "session is opened")
        assert waited >= 0.3
        assert pending.exists()
    events = _log(corpus, store, capsys)
    assert [(e["group"], e["segment"], e["before"], e["after"]) for e in events] == [
        (1, "1", "Halo dunia.", "Halo, dunia."), (2, "2", "Kucing tidur.", "Kucingnya tidur.")]
    assert not pending.exists()


@pytest.mark.usefixtures("tester_and_a_short_lock_wait")
def test_nothing_is_lost_while_the_store_is_locked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Changes kept while locked are recorded before any new one, in order, each its own undo
    step; a command that cannot record what is waiting changes nothing and says so."""
    corpus = _pair(tmp_path)
    store = tmp_path / "s.sqlite"
    pending = tmp_path / ("s.sqlite" + PENDING_SUFFIX)
    assert _session("edit", corpus, store, "1", "Halo, dunia.") == 0
    with _lock_held(store):
        assert _session("edit", corpus, store, "2", "Kucingnya tidur.") == 2
        capsys.readouterr()
        assert _session("approve", corpus, store, "1") == 2
        assert _stderr_line(capsys) == (
            f"reviewer: error: {store}: cannot open: the session store is locked by another process (gave up after "
            f"0.3 s); the changes kept in {pending} must be recorded first: they stay there, and nothing was changed")
    assert _session("approve", corpus, store, "1") == 0
    with _lock_held(store):
        assert _session("edit", corpus, store, "1", "Halo, Dunia!") == 2
    events = _log(corpus, store, capsys)
    assert [(e["group"], e["segment"], e["kind"], e["after"], e["who"]) for e in events] == [
        (1, "1", "edit", "Halo, dunia.", "tester"),
        (2, "2", "edit", "Kucingnya tidur.", "tester"),
        (3, "1", "status", "final", "tester"),
        (4, "1", "edit", "Halo, Dunia!", "tester"),
    ]
    assert _session("undo", corpus, store) == 0  # the kept action is one undo step
    assert [e["undone"] for e in _log(corpus, store, capsys)] == [False, False, False, True]
    assert not pending.exists()


def test_several_kept_actions_are_recorded_in_order(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    store = SessionStore(path, lock_timeout=0.05)
    store.record([Change("1", EventKind.EDIT, "a", "b")], "me")
    with _lock_held(path):
        for before, after in (("b", "c"), ("c", "d — 猫 [b]\n\u200f")):
            with pytest.raises(StoreError):
                store.record([Change("1", EventKind.EDIT, before, after)], "me")
        with pytest.raises(StoreError):
            store.record([Change("2", EventKind.EDIT, "x", "y"), Change("2", EventKind.STATUS, "new", "final")], "you")
    assert len((tmp_path / ("s.sqlite" + PENDING_SUFFIX)).read_text(encoding="utf-8").splitlines()) == 3
    # The same store, once the lock is gone: the kept actions go first, then the new one.
    assert store.record([Change("3", EventKind.EDIT, "p", "q")], "me") == 5
    assert [(e.group, e.segment_id, e.after, e.who) for e in store.events()] == [
        (1, "1", "b", "me"), (2, "1", "c", "me"), (3, "1", "d — 猫 [b]\n\u200f", "me"), (4, "2", "y", "you"),
        (4, "2", "final", "you"),
        (5, "3", "q", "me")]
    assert not (tmp_path / ("s.sqlite" + PENDING_SUFFIX)).exists()


def test_the_store_retries_a_lock_until_it_is_released(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "s.sqlite", lock_timeout=5)
    store.record([Change("1", EventKind.EDIT, "a", "b")], "me")
    holder = sqlite3.connect(tmp_path / "s.sqlite", isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.4, lambda: holder.execute("ROLLBACK"))
    release.start()
    started = time.monotonic()
    assert store.record([Change("1", EventKind.EDIT, "b", "c")], "me") == 2
    assert 0.3 < time.monotonic() - started < 4
    release.join()
    holder.close()
    assert [e.after for e in store.events()] == ["b", "c"]
    assert not (tmp_path / ("s.sqlite" + PENDING_SUFFIX)).exists()


def test_a_lock_held_by_another_process_is_waited_for_then_reported(tmp_path: Path) -> None:
    """A real second process holds the write lock (as a second `reviewer` would)."""
    path = tmp_path / "s.sqlite"
    SessionStore(path).record([Change("1", EventKind.EDIT, "a", "b")], "me")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys\n"
         f"db = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
         "db.execute('BEGIN IMMEDIATE'); print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        store = SessionStore(path, lock_timeout=0.2)
        with pytest.raises(StoreError) as info:
            store.record([Change("1", EventKind.EDIT, "b", "c")], "me")
        with pytest.raises(StoreError) as undo:
            store.undo()
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    pending = tmp_path / ("s.sqlite" + PENDING_SUFFIX)
    assert str(info.value) == (
        f"{path}: cannot record the change: the session store is locked by another process (gave up after 0.2 s); "
        f"the change is kept in {pending} and will be recorded the next time the session is opened")
    assert str(undo.value) == (f"{path}: cannot undo: the session store is locked by another process "
                               "(gave up after 0.2 s); nothing was changed")
    store.close()
    again = SessionStore(path)
    assert [(e.group, e.after) for e in again.events()] == [(1, "b"), (2, "c")]
    assert not pending.exists()


_WRITER = """
import sys
from reviewer.core.errors import StoreError
from reviewer.review.events import Change, EventKind
from reviewer.review.store import SessionStore
store = SessionStore(sys.argv[1], lock_timeout=0.02)
print("open", flush=True)
sys.stdin.readline()
for i in range(12):
    try:
        store.record([Change(sys.argv[2], EventKind.EDIT, str(i), str(i + 1))], sys.argv[2])
    except StoreError:
        pass
store.close()
"""


def test_processes_keeping_and_recording_at_once_lose_nothing(tmp_path: Path) -> None:
    """Four processes record while the lock comes and goes: some of their changes are kept,
    some kept ones are recorded by another process, and every change ends up recorded once,
    each process's in its own order."""
    path = tmp_path / "s.sqlite"
    SessionStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), f"w{n}"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
               for n in range(4)]
    for w in writers:
        assert w.stdout is not None and w.stdout.readline() == "open\n"
    holder.execute("BEGIN IMMEDIATE")
    for w in writers:
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.flush()
    for _ in range(6):  # the lock comes and goes while they write
        time.sleep(0.05)
        holder.execute("ROLLBACK")
        time.sleep(0.03)
        holder.execute("BEGIN IMMEDIATE")
    holder.execute("ROLLBACK")
    holder.close()
    for w in writers:
        assert w.wait(timeout=60) == 0
    events = list(SessionStore(path).events())
    for n in range(4):
        assert [e.after for e in events if e.who == f"w{n}"] == [str(i + 1) for i in range(12)]
    assert len({e.group for e in events}) == len(events) == 48
    assert not (tmp_path / ("s.sqlite" + PENDING_SUFFIX)).exists()
    with contextlib.closing(sqlite3.connect(path)) as db:
        (kept,) = db.execute("SELECT COUNT(*) FROM meta WHERE key LIKE 'pending:%'").fetchone()
    assert kept > 0  # the lock really turned changes away


def test_kept_changes_are_recorded_once_even_if_the_file_outlives_the_commit(tmp_path: Path) -> None:
    """A process killed between recording the kept changes and removing their file: the next
    open finds the file again and records nothing twice."""
    path = tmp_path / "s.sqlite"
    pending = tmp_path / ("s.sqlite" + PENDING_SUFFIX)
    store = SessionStore(path, lock_timeout=0.1)
    with _lock_held(path), pytest.raises(StoreError):
        store.record([Change("1", EventKind.EDIT, "a", "b")], "me")
    saved = pending.read_bytes()
    store.close()
    SessionStore(path).close()
    pending.write_bytes(saved)  # as if the unlink never happened
    again = SessionStore(path)
    assert [e.after for e in again.events()] == ["b"]
    assert not pending.exists()


def test_a_damaged_kept_change_is_named_with_its_line_and_kept(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _pair(tmp_path)
    store = tmp_path / "s.sqlite"
    assert _session("edit", corpus, store, "1", "Halo, dunia.") == 0
    pending = tmp_path / ("s.sqlite" + PENDING_SUFFIX)
    pending.write_text('{"id": "x", "at": "t", "who": "w", "changes": []}\n{not json\n', encoding="utf-8")
    capsys.readouterr()
    assert _session("log", corpus, store) == 2
    line = _stderr_line(capsys)
    assert line.startswith(f"reviewer: error: {pending}:2: a change kept here cannot be read (")
    assert line.endswith(f"); the session store {store} opens once this file is moved away")
    assert pending.exists()


# -- the session store: damaged, read-only, in the way, full --------------------------------------------


def _garbage_page(path: Path) -> None:
    with open(path, "r+b") as fh:
        fh.seek(4096)
        fh.write(b"\xa5" * 4096)


def _truncate(path: Path) -> None:
    os.truncate(path, 6000)


def _garbage_header(path: Path) -> None:
    with open(path, "r+b") as fh:
        fh.write(b"not a database at all, sorry" * 4)


@pytest.mark.parametrize(("damage", "detail"), [
    (_garbage_page, "database disk image is malformed"),
    (_truncate, "database disk image is malformed"),
    (_garbage_header, "file is not a database"),
], ids=["garbage-page", "truncated", "garbage-header"])
def test_a_damaged_store_is_one_line_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: object,
                                               detail: str) -> None:
    corpus = _pair(tmp_path)
    store = tmp_path / "s.sqlite"
    assert _session("edit", corpus, store, "1", "Halo, dunia.") == 0
    assert not Path(f"{store}-wal").exists()  # closed: everything is in the file
    damage(store)  # type: ignore[operator]
    capsys.readouterr()
    assert _session("log", corpus, store) == 2
    assert _stderr_line(capsys) == (f"reviewer: error: {store}: cannot open: the session store is damaged ({detail}); "
                                    "move it away to start a new review, or restore a backup")


@pytest.mark.usefixtures("tester_and_a_short_lock_wait")
def test_a_read_only_store_keeps_the_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _pair(tmp_path)
    store = tmp_path / "s.sqlite"
    pending = tmp_path / ("s.sqlite" + PENDING_SUFFIX)
    assert _session("edit", corpus, store, "1", "Halo, dunia.") == 0
    capsys.readouterr()
    if ROOT_USER:  # mode 0444 does not stop root: a read-only bind mount of the file does
        context: contextlib.AbstractContextManager[object] = _read_only_file(store)
    else:
        store.chmod(0o444)
        context = contextlib.nullcontext()
    with context:
        assert _session("edit", corpus, store, "2", "Kucingnya tidur.") == 2
        assert _stderr_line(capsys) == (
            f"reviewer: error: {store}: cannot record the change: the session store is read-only (attempt to write "
            f"a readonly database); the change is kept in {pending} and will be recorded the next time the "
            "session is opened")
        assert _session("log", corpus, store) == 2
        assert _stderr_line(capsys) == (
            f"reviewer: error: {store}: cannot open: the session store is read-only (attempt to write a readonly "
            f"database); the changes kept in {pending} must be recorded first: they stay there, and nothing was "
            "changed")
    store.chmod(0o644)
    assert [e["after"] for e in _log(corpus, store, capsys)] == ["Halo, dunia.", "Kucingnya tidur."]
    assert not pending.exists()


@contextlib.contextmanager
def _read_only_file(path: Path) -> Iterator[Path]:
    with _mounted(path, "--bind", str(path)):
        done = subprocess.run(["mount", "-o", "remount,bind,ro", str(path)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot remount read-only here: {done.stderr.strip()}")
        yield path


def test_a_store_in_a_read_only_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _pair(tmp_path / "in")
    folder = tmp_path / "ro"
    folder.mkdir()
    store = folder / "s.sqlite"
    with _read_only(folder):
        assert _session("edit", corpus, store, "1", "Halo, dunia.") == 2
        assert _stderr_line(capsys) == (f"reviewer: error: {store}: cannot open: the session store's folder is "
                                        "read-only (unable to open database file)")


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.mkdir(), "cannot open: the session store is a folder (unable to open database file)"),
    (lambda p: p.parent.joinpath("file.txt").write_text("x"), None),
], ids=["store-is-a-folder", "folder-is-a-file"])
def test_a_store_path_that_cannot_be_a_store_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         make: object, message: str | None) -> None:
    corpus = _pair(tmp_path)
    store = tmp_path / "s.sqlite"
    make(store)  # type: ignore[operator]
    if message is None:  # the store's folder is a file
        store = tmp_path / "file.txt" / "s.sqlite"
        message = f"cannot create its folder: {tmp_path / 'file.txt'} is a file, not a folder"
    capsys.readouterr()
    assert _session("log", corpus, store) == 2
    assert _stderr_line(capsys) == f"reviewer: error: {store}: {message}"


@needs_root
def test_a_full_disk_under_the_store_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _pair(tmp_path / "in")
    made = tmp_path / "made.sqlite"
    assert _session("edit", corpus, made, "1", "Halo, dunia.") == 0
    full = tmp_path / "full"
    full.mkdir()
    store = full / "s.sqlite"
    with _mounted(full, "-t", "tmpfs", "-o", "size=256k", "tmpfs"):
        shutil.copy(made, store)
        _fill(full)
        capsys.readouterr()
        # SQLite cannot make its shared-memory file on a full disk, so the store cannot open.
        assert _session("edit", corpus, store, "2", "Kucingnya tidur.") == 2
        assert _stderr_line(capsys) == f"reviewer: error: {store}: cannot open: the disk is full (disk I/O error)"


@needs_root
def test_a_store_whose_disk_fills_says_the_change_is_not_saved(tmp_path: Path) -> None:
    full = tmp_path / "full"
    full.mkdir()
    store_path = full / "s.sqlite"
    with _mounted(full, "-t", "tmpfs", "-o", "size=256k", "tmpfs"):
        store = SessionStore(store_path)
        store.record([Change("1", EventKind.EDIT, "a", "b")], "me")
        _fill(full)
        with pytest.raises(StoreError) as info:
            store.record([Change("1", EventKind.EDIT, "b", "c" * 100_000)], "me")
        assert [e.after for e in store.events()] == ["b"]
        store.close()
        assert sorted(p.name for p in full.iterdir() if not p.name.startswith("s.sqlite-")) == ["filler", "s.sqlite"]
    pending = full / ("s.sqlite" + PENDING_SUFFIX)
    assert str(info.value) == (
        f"{store_path}: cannot record the change: the disk is full (database or disk is full); keeping the change in "
        f"{pending} failed too (No space left on device), so it is not saved")


# -- PO: no more plural forms than the header allows --------------------------------------------------

PO_HEADER = '''msgid ""
msgstr ""
"Language: id\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals={n}; plural={rule};\\n"

'''


def _po(n: int | str | None, body: str) -> str:
    if n is None:
        return body
    rules: dict[int | str, str] = {1: "0", 2: "(n != 1)", 3: "(n==1 ? 0 : n==2 ? 1 : 2)"}
    rule = rules.get(n, "EXPRESSION")
    return PO_HEADER.format(n=n, rule=rule) + body


PLURAL = 'msgid "One file"\nmsgid_plural "%d files"\n'


@pytest.mark.parametrize(("text", "line", "message"), [
    (_po(1, PLURAL + 'msgstr[0] "%d berkas"\nmsgstr[5] "%d berkas"\n'), 10,
     "msgstr[5]: the header's Plural-Forms (line 5) allows 1 plural form (msgstr[0] only)"),
    (_po(1, PLURAL + 'msgstr[0] "%d berkas"\nmsgstr[1] "%d berkas"\n'), 10,
     "msgstr[1]: the header's Plural-Forms (line 5) allows 1 plural form (msgstr[0] only)"),
    (_po(1, PLURAL + 'msgstr[5] "%d berkas"\n'), 9,
     "msgstr[5]: the header's Plural-Forms (line 5) allows 1 plural form (msgstr[0] only)"),
    (_po(3, PLURAL + 'msgstr[0] "a"\nmsgstr[2] "c"\n'), 10,
     "msgstr[2] where msgstr[1] was expected (plural forms are numbered 0, 1, 2, ... in order)"),
    (_po(2, PLURAL + 'msgstr[1] "b"\nmsgstr[0] "a"\n'), 9,
     "msgstr[1] where msgstr[0] was expected (plural forms are numbered 0, 1, 2, ... in order)"),
    (_po(None, PLURAL + 'msgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\n'), 5,
     "msgstr[2]: with no Plural-Forms in the header, gettext allows 2 plural forms (msgstr[0] to msgstr[1])"),
    (_po(0, PLURAL + 'msgstr[0] "a"\n'), 5, "Plural-Forms: nplurals=0; a language has at least one plural form"),
], ids=["msgstr5-of-1", "msgstr1-of-1", "only-msgstr5", "skipped-index", "out-of-order", "no-header-3-forms",
        "nplurals-0"])
def test_a_plural_form_the_header_does_not_allow_is_refused(tmp_path: Path, text: str, line: int,
                                                            message: str) -> None:
    path = tmp_path / "bad.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as info:
        load_corpus(path)
    assert str(info.value) == f"{path}:{line}: {message}"


def test_a_plural_po_error_is_one_line_from_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.po"
    path.write_text(_po(1, PLURAL + 'msgstr[0] "%d berkas"\nmsgstr[5] "%d berkas"\n'), encoding="utf-8")
    assert main(["check", str(path)]) == 2
    assert _stderr_line(capsys) == (f"reviewer: error: {path}:10: msgstr[5]: the header's Plural-Forms (line 5) "
                                    "allows 1 plural form (msgstr[0] only)")


@pytest.mark.parametrize(("n", "forms", "ids"), [
    (1, ['"%d berkas"'], ["1[0]"]),
    (2, ['"a"', '"b"'], ["1[0]", "1[1]"]),
    (3, ['"a"', '"b"'], ["1[0]", "1[1]"]),  # fewer forms than allowed: msgfmt accepts it too
    (None, ['"a"', '"b"'], ["1[0]", "1[1]"]),  # no header: gettext's default of two forms
    ("INTEGER", ['""', '""'], ["1[0]", "1[1]"]),  # a template not filled in yet: the default
], ids=["1-of-1", "2-of-2", "2-of-3", "no-header", "template"])
def test_plural_forms_within_the_header_are_read(tmp_path: Path, n: int | str | None, forms: list[str],
                                                 ids: list[str]) -> None:
    path = tmp_path / "good.po"
    path.write_text(_po(n, PLURAL + "".join(f"msgstr[{i}] {f}\n" for i, f in enumerate(forms))), encoding="utf-8")
    assert [s.id for s in load_corpus(path).segments] == ids


@pytest.mark.parametrize(("name", "segments"), [
    ("bleachbit.id.po", 508), ("budgie-control-center.id.po", 1750), ("dpkg.id.po", 1195), ("xournalpp.id.po", 986),
])
def test_real_po_files_still_load(name: str, segments: int) -> None:
    path = SHARED / "data" / "software-po-id" / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    assert len(load_corpus(path).segments) == segments
