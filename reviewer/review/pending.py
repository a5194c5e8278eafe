"""The file of kept changes: an action a session store could not record (locked, read-only,
damaged, full, server down) is appended to it, fsynced, and recorded first the next time the
store is opened (or the next change is), then the file goes. Both stores keep one: the SQLite
store beside its file, the PostgreSQL store in the user's data folder."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from reviewer.core.errors import StoreError
from reviewer.review.events import Change, EventKind

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the kept-changes file is not locked
    fcntl = None  # type: ignore[assignment]

PENDING_SUFFIX = ".pending.jsonl"
"""Beside a SQLite store, `<store>.pending.jsonl` keeps the changes that could not be recorded."""

_CHANGE_FIELDS = tuple(f.name for f in dataclasses.fields(Change))


def pending_path(store: str | Path) -> Path:
    """Where the changes that could not be recorded in a store are kept."""
    p = Path(store)
    return p.with_name(p.name + PENDING_SUFFIX)


@dataclasses.dataclass(frozen=True, slots=True)
class Action:
    """One user action waiting to be recorded: what record() was given, and when."""

    at: str
    who: str
    changes: list[Change]
    id: str = ""
    """Set when kept in the pending file; recorded in the store so it is never recorded twice."""

    def to_json(self) -> str:
        changes = [{name: getattr(c, name) for name in _CHANGE_FIELDS} for c in self.changes]
        for c in changes:
            c["kind"] = str(c["kind"])
        # ASCII: a lone surrogate in a text survives as an escape, where UTF-8 could not hold it.
        return json.dumps({"id": self.id, "at": self.at, "who": self.who, "changes": changes})


class PendingFile:
    """The kept changes of one store, locked (flock) against other processes' appends and drains."""

    def __init__(self, path: Path, store: str) -> None:
        self.path = path
        self.store = store
        """The store, as messages name it."""

    def exists(self) -> bool:
        return os.path.lexists(self.path)

    def keep(self, action: Action) -> None:
        """Append an action and fsync it (and its folder, when the file is new)."""
        new = not self.exists()
        if new:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.locked(create=True) as fh:
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
                        os.unlink(self.path)
                    else:
                        os.ftruncate(fh.fileno(), size)
                raise
        if new:
            with contextlib.suppress(OSError):
                dir_fd = os.open(self.path.parent, os.O_RDONLY)
                try:
                    os.fsync(dir_fd)
                finally:
                    os.close(dir_fd)

    def remove(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)

    @contextlib.contextmanager
    def locked(self, *, create: bool) -> Iterator[IO[bytes] | None]:
        """The file, opened and locked; None when it does not exist and `create` is false."""
        flags = os.O_RDWR | getattr(os, "O_CLOEXEC", 0) | (os.O_CREAT if create else 0)
        while True:
            try:
                fd = os.open(self.path, flags, 0o666)
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
                    current = os.path.samestat(os.fstat(fd), os.stat(self.path))
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

    def read(self, fh: IO[bytes]) -> list[Action]:
        """The kept actions, in the order they were kept."""
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
                kept.append(Action(str(data["at"]), str(data["who"]), changes, str(data["id"])))
            except (ValueError, TypeError, KeyError) as exc:
                raise StoreError(f"a change kept here cannot be read ({exc}); the session store {self.store} "
                                 "opens once this file is moved away", path=self.path, line=number) from None
        return kept
