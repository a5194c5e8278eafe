"""What every session store offers (the embedded SQLite file, `store.SessionStore`, and the
shared PostgreSQL database, `pgstore.PostgresStore`): one event log with the same meaning in
both, so that the session, the UI, the command line and the tests never ask which one they have.

Beside the log, a team's store keeps who is working on the corpus now (presence) and who is to
review which segment (assignments). Neither is part of the review state: they are not events,
are not undone, and do not change what `data_version` reports for the log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from reviewer.review.events import Change, Event

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
