"""Where a corpus's review session is kept: in the user's data folder (XDG on Linux), keyed on
the corpus's absolute path and content, never inside an installation; and the places older
versions kept it (beside the corpus), where a session is still found and opened.

The data folder, not the corpus's folder: a corpus in a virtual environment, a read-only
checkout or a shared folder would otherwise take the review with it, or mix two people's.
The content is in the key because a session's log only replays on the corpus it was made for:
a corpus changed on disk starts a new session, and the earlier one is named, not dropped.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from reviewer.core.model import Corpus

SESSION_DIR_ENV = "REVIEWER_SESSION_DIR"
"""A folder to keep sessions in instead of the user's data folder."""
SUFFIX = ".session.sqlite"
_KEY = 12
"""Hex digits of each hash in a store's name: enough to tell corpora apart, short enough to read."""


def sessions_folder() -> Path:
    """$REVIEWER_SESSION_DIR, else `sessions` in the user's data folder
    (`~/.local/share/reviewer/sessions` on Linux, `$XDG_DATA_HOME` when set)."""
    override = os.environ.get(SESSION_DIR_ENV)
    if override:
        return Path(override)
    return platformdirs.user_data_path("reviewer", appauthor=False) / "sessions"


def _store_name(corpus: Corpus) -> str:
    return (corpus.path.name if corpus.path else corpus.name or "corpus") + SUFFIX


def _path_key(corpus: Corpus) -> str:
    where = str(corpus.path.resolve()) if corpus.path is not None else f"<{corpus.name or 'corpus'}>"
    return hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:_KEY]


def session_path_for(corpus: Corpus, fingerprint: str) -> Path:
    """`<sessions folder>/<path key>-<content key>-<file name>.session.sqlite`."""
    return sessions_folder() / f"{_path_key(corpus)}-{fingerprint[:_KEY]}-{_store_name(corpus)}"


def legacy_session_paths(corpus: Corpus) -> list[Path]:
    """Where earlier versions kept this corpus's session: beside the corpus, in the data folder
    keyed on the path alone, and directly in $REVIEWER_SESSION_DIR."""
    name = _store_name(corpus)
    found = []
    if corpus.path is not None:
        found.append(corpus.path.parent / name)
        digest = hashlib.sha256(str(corpus.path).encode("utf-8", "surrogatepass")).hexdigest()[:12]
        old_data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "reviewer" / "sessions"
        found.append(old_data / f"{digest}-{name}")
    if os.environ.get(SESSION_DIR_ENV):
        found.append(Path(os.environ[SESSION_DIR_ENV]) / name)
    return found


def stored_fingerprint(path: Path) -> str | None:
    """The corpus fingerprint a store was made for; None when it has none or cannot be read
    (then opening it says why)."""
    with contextlib.suppress(sqlite3.Error, OSError):
        db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'corpus_fingerprint'").fetchone()
            return str(row[0]) if row else None
        finally:
            db.close()
    return None


@dataclass(frozen=True, slots=True)
class SessionLocation:
    """Which store a corpus's session is kept in, and what else was found."""

    path: Path
    """The store to open."""
    exists: bool
    """Whether it exists already (else the first change creates it)."""
    legacy: bool = False
    """Found where an earlier version kept sessions (beside the corpus): opened there, not moved
    (an older reviewer may still write it)."""
    others: tuple[Path, ...] = ()
    """Sessions of the same file made for other contents of it (the corpus changed since): not
    opened, kept."""

    @property
    def notice(self) -> str | None:
        """What a person should be told when the session is opened; None when nothing is unusual."""
        if self.legacy:
            return (f"session: using the session an earlier version of reviewer kept at {self.path} "
                    f"(new sessions go to {sessions_folder()})")
        if self.others and not self.exists:
            earlier = ", ".join(str(p) for p in self.others)
            return (f"session: the corpus changed since it was last reviewed, so this review starts a new session; "
                    f"the earlier one is kept: {earlier}")
        return None


def locate_session(corpus: Corpus, fingerprint: str) -> SessionLocation:
    """The session store of this corpus (its absolute path and this content): the one in the
    sessions folder when it exists; else one an earlier version kept (beside the corpus) for
    the same content; else a new one in the sessions folder."""
    path = session_path_for(corpus, fingerprint)
    if path.exists():
        return SessionLocation(path, True)
    others: list[Path] = []
    for old in legacy_session_paths(corpus):
        if not old.is_file():
            continue
        known = stored_fingerprint(old)
        if known is None or known == fingerprint:
            return SessionLocation(old, True, legacy=True)
        others.append(old)
    if path.parent.is_dir():
        # Not glob(): a file name may hold its wildcards.
        prefix, suffix = f"{_path_key(corpus)}-", f"-{_store_name(corpus)}"
        others += sorted(p for p in path.parent.iterdir()
                         if p.name.startswith(prefix) and p.name.endswith(suffix)
                         and len(p.name) == len(path.name) and p != path)
    return SessionLocation(path, False, others=tuple(others))
