"""Learning from the reviewer: each rule's precision across sessions (how often its flags were
applied, fixed by hand, dismissed or left open on an approved segment), kept in a small SQLite
file beside the sessions, and the policy that demotes or hides a rule that is usually wrong.

Counting never drifts: a session's contribution is recomputed from its replayed log (undone
changes left out) and replaces, whole and in one transaction, the rows kept for that session
file. Undo, redo, a second run or a crash between two writes therefore never counts a decision
twice. A reset keeps the time it was made, and only decisions recorded after it count again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from reviewer.core.errors import ReviewerError
from reviewer.core.model import SegmentStatus
from reviewer.review.events import EventKind, replay
from reviewer.review.store import immediate

if TYPE_CHECKING:
    from reviewer.review.session import ReviewSession

STATS_NAME = "stats.sqlite"
"""The statistics file's name, in the user's data folder beside `sessions/`."""
CONFIG_NAME = "reviewer.toml"
"""The project configuration, beside the corpus."""
NO_REASON = "no reason given"
"""How a dismissal without a reason is counted."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    session TEXT PRIMARY KEY,          -- the session store's absolute path
    corpus  TEXT NOT NULL,
    updated TEXT NOT NULL              -- UTC, ISO 8601
);
CREATE TABLE IF NOT EXISTS counts (
    session   TEXT NOT NULL,
    rule      TEXT NOT NULL,           -- check id, glossary term or rule id
    applied   INTEGER NOT NULL,        -- its suggestion applied (one key, or a corpus-wide fix)
    by_hand   INTEGER NOT NULL,        -- fixed by a hand edit (RESOLVE events)
    dismissed INTEGER NOT NULL,        -- dismissed as a false positive, still dismissed
    left_open INTEGER NOT NULL,        -- still open on a segment approved in the session
    PRIMARY KEY (session, rule)
);
CREATE TABLE IF NOT EXISTS reasons (
    session TEXT NOT NULL,
    rule    TEXT NOT NULL,
    reason  TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (session, rule, reason)
);
"""


def stats_path() -> Path:
    """`stats.sqlite` in the user's data folder (`~/.local/share/reviewer/stats.sqlite` on
    Linux, under `$XDG_DATA_HOME` when set)."""
    return platformdirs.user_data_path("reviewer", appauthor=False) / STATS_NAME


@dataclass(slots=True)
class RuleStats:
    """What reviewers decided about one rule's flags."""

    rule: str
    applied: int = 0
    """Its suggestion was applied."""
    by_hand: int = 0
    """A hand edit fixed what it flagged."""
    dismissed: int = 0
    """Dismissed as a false positive."""
    left_open: int = 0
    """Neither fixed nor dismissed, on a segment that was approved."""
    reasons: Counter[str] = field(default_factory=Counter)
    """Dismissal reason → how often it was given."""

    @property
    def accepted(self) -> int:
        """Flags that were real errors: applied or fixed by hand."""
        return self.applied + self.by_hand

    @property
    def decided(self) -> int:
        """Flags a reviewer decided about, in any of the four ways."""
        return self.accepted + self.dismissed + self.left_open

    @property
    def precision(self) -> float | None:
        """accepted ÷ decided; None before any decision."""
        return self.accepted / self.decided if self.decided else None

    def add(self, other: RuleStats) -> None:
        """Take another session's counts of the same rule in."""
        self.applied += other.applied
        self.by_hand += other.by_hand
        self.dismissed += other.dismissed
        self.left_open += other.left_open
        self.reasons.update(other.reasons)

    def top_reasons(self) -> list[tuple[str, int]]:
        """Dismissal reasons, most given first."""
        return sorted(self.reasons.items(), key=lambda kv: (-kv[1], kv[0]))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (`reviewer checks --stats --json`)."""
        return {"rule": self.rule, "precision": None if self.precision is None else round(self.precision, 4),
                "decided": self.decided, "applied": self.applied, "by_hand": self.by_hand,
                "dismissed": self.dismissed, "left_open": self.left_open, "reasons": dict(self.top_reasons())}


def percent(value: float | None) -> str:
    """A precision as a whole percentage (`20%`), or `-` when there is none."""
    return "-" if value is None else f"{value * 100:.0f}%"


def worst_first(stats: Mapping[str, RuleStats]) -> list[RuleStats]:
    """The rules with at least one decision, lowest precision first (then most decisions)."""
    decided = [s for s in stats.values() if s.decided]
    return sorted(decided, key=lambda s: (s.precision or 0.0, -s.decided, s.rule))


# ---------------------------------------------------------------------------------------------
# One session's counts


def session_counts(session: ReviewSession, since: str | None = None) -> dict[str, RuleStats]:
    """Per rule, the decisions in a session's current (replayed) state, counting only changes
    recorded after `since` (a reset's time, ISO 8601 UTC; None: all)."""
    events = [e for e in session.store.events(active_only=True)
              if e.segment_id in session.position and (since is None or e.at > since)]
    counts: dict[str, RuleStats] = {}

    def of(rule: str) -> RuleStats:
        found = counts.get(rule)
        if found is None:
            found = counts[rule] = RuleStats(rule)
        return found

    for e in events:
        if e.kind is EventKind.EDIT and e.origin != "manual":
            of(e.origin).applied += 1
        elif e.kind is EventKind.RESOLVE:
            of(e.origin).by_hand += 1
    # The state these events leave: a dismissal taken back, or an approval withdrawn, is no decision.
    state = replay(events, session.position)
    for keys in state.dismissed.values():
        for key, reason in keys.items():
            stats = of(key.split("|", 1)[0])
            stats.dismissed += 1
            stats.reasons[reason.strip() or NO_REASON] += 1
    for seg_id, status in state.statuses.items():
        if status is SegmentStatus.FINAL and session.is_approved(seg_id):
            for flag in session.flags(seg_id):
                of(flag.rule).left_open += 1
    return {rule: s for rule, s in counts.items() if s.decided}


# ---------------------------------------------------------------------------------------------
# The store


def _now() -> str:
    # The format of the session store's event times, so that the two compare as strings.
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class StatsStore:
    """The statistics file: one row set per session file, and the time of the last reset.
    Created (with the user's umask, as the session stores are) on the first write."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else stats_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # timeout: another reviewer's process may be writing its own session's rows.
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=5)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(_SCHEMA)
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        """Close the file."""
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    def reset_time(self) -> str | None:
        """When the statistics were last reset (None: never)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'reset_at'").fetchone()
        return str(row[0]) if row else None

    def replace_session(self, session_key: str, corpus: str, counts: Mapping[str, RuleStats]) -> None:
        """Replace whatever a session file contributed with `counts`, in one transaction."""
        with immediate(self.db):
            for table in ("counts", "reasons", "sessions"):
                self.db.execute(f"DELETE FROM {table} WHERE session = ?", (session_key,))
            self.db.execute("INSERT INTO sessions (session, corpus, updated) VALUES (?, ?, ?)",
                            (session_key, corpus, _now()))
            self.db.executemany(
                "INSERT INTO counts (session, rule, applied, by_hand, dismissed, left_open) VALUES (?,?,?,?,?,?)",
                [(session_key, s.rule, s.applied, s.by_hand, s.dismissed, s.left_open) for s in counts.values()])
            self.db.executemany(
                "INSERT INTO reasons (session, rule, reason, n) VALUES (?,?,?,?)",
                [(session_key, s.rule, reason, n) for s in counts.values() for reason, n in s.reasons.items()])

    def totals(self) -> dict[str, RuleStats]:
        """Every rule's counts, summed over the sessions."""
        found: dict[str, RuleStats] = {}
        rows = self.db.execute("SELECT rule, SUM(applied), SUM(by_hand), SUM(dismissed), SUM(left_open) "
                               "FROM counts GROUP BY rule")
        for rule, applied, by_hand, dismissed, left_open in rows:
            found[rule] = RuleStats(rule, int(applied), int(by_hand), int(dismissed), int(left_open))
        for rule, reason, n in self.db.execute("SELECT rule, reason, SUM(n) FROM reasons GROUP BY rule, reason"):
            if rule in found:
                found[rule].reasons[reason] = int(n)
        return found

    def reset(self) -> None:
        """Forget every count; a session changed later counts only what is recorded from now on."""
        with immediate(self.db):
            for table in ("counts", "reasons", "sessions"):
                self.db.execute(f"DELETE FROM {table}")
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('reset_at', ?)", (_now(),))


def record_session(session: ReviewSession, path: str | Path | None = None) -> str | None:
    """Recompute a session's counts and store them in place of its earlier ones. Returns None,
    or why the statistics could not be written: they are an aid, and a review must never fail
    because of them (the session's own store holds every decision, and the next change writes
    them again)."""
    try:
        store = StatsStore(path)
    except (sqlite3.Error, OSError) as exc:
        return f"rule statistics not updated: {path or stats_path()}: {exc}"
    try:
        counts = session_counts(session, store.reset_time())
        key = session.store.key
        store.replace_session(key, session.corpus.name or "corpus", counts)
    except (sqlite3.Error, OSError) as exc:
        return f"rule statistics not updated: {store.path}: {exc}"
    finally:
        store.close()
    return None


def load_stats(path: str | Path | None = None) -> dict[str, RuleStats]:
    """Every rule's counts across sessions; empty when there is no statistics file (nothing is
    created). An unreadable file is a ReviewerError naming it."""
    where = Path(path) if path is not None else stats_path()
    if not where.is_file():
        return {}
    try:
        store = StatsStore(where)
        try:
            return store.totals()
        finally:
            store.close()
    except sqlite3.Error as exc:
        raise ReviewerError(f"cannot read the rule statistics ({exc}); delete the file to start again",
                            path=where) from None


def reset_stats(path: str | Path | None = None) -> Path:
    """Forget all rule statistics (the file is kept, with the time of the reset); returns its path."""
    where = Path(path) if path is not None else stats_path()
    try:
        store = StatsStore(where)
        try:
            store.reset()
        finally:
            store.close()
    except sqlite3.Error as exc:
        raise ReviewerError(f"cannot reset the rule statistics ({exc}); delete the file instead",
                            path=where) from None
    return where


# ---------------------------------------------------------------------------------------------
# Acting on it: the project's settings and the demotions they call for


@dataclass(frozen=True, slots=True)
class LearningSettings:
    """When a rule's flags are demoted or hidden (`[learning]` in reviewer.toml, or `reviewer
    check --demote-below/--hide-below/--min-decisions`)."""

    demote_below: float | None = None
    """A rule with a lower precision has its flags shown as minor (None: never)."""
    hide_below: float | None = None
    """A rule with a lower precision has its flags left out, and the summary says so (None: never)."""
    min_decisions: int = 10
    """Decisions a rule needs before its precision is trusted."""

    @property
    def active(self) -> bool:
        """Whether anything can be demoted or hidden."""
        return self.demote_below is not None or self.hide_below is not None

    def overridden(self, demote_below: float | None = None, hide_below: float | None = None,
                   min_decisions: int | None = None) -> LearningSettings:
        """These settings with the command line's values (those given) in place."""
        return LearningSettings(self.demote_below if demote_below is None else demote_below,
                                self.hide_below if hide_below is None else hide_below,
                                self.min_decisions if min_decisions is None else min_decisions)


_KEYS = {"demote_below": "a precision from 0 to 1", "hide_below": "a precision from 0 to 1",
         "min_decisions": "a whole number, 1 or more"}
_SECTIONS = ("learning",)


def project_config(corpus_folder: str | Path) -> Path:
    """Where a corpus's project configuration is: reviewer.toml in its folder."""
    return Path(corpus_folder) / CONFIG_NAME


def load_project_settings(corpus_folder: str | Path) -> LearningSettings:
    """The `[learning]` settings of reviewer.toml in the corpus's folder (defaults when there is
    no such file). A file that is not valid TOML, an unknown section or key, or a value out of
    range is a ReviewerError naming the file and the key."""
    path = project_config(corpus_folder)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return LearningSettings()
    except UnicodeDecodeError:
        raise ReviewerError("not UTF-8 text", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ReviewerError(f"not valid TOML: {exc}", path=path) from None
    except OSError as exc:
        raise ReviewerError(f"cannot be read: {exc.strerror or exc}", path=path) from None
    for name in data:
        if name not in _SECTIONS:
            raise ReviewerError(f"unknown section or key {name!r} (known: {', '.join(_SECTIONS)})", path=path)
    section = data.get("learning", {})
    if not isinstance(section, dict):
        raise ReviewerError("'learning' must be a section: [learning]", path=path)
    values: dict[str, Any] = {}
    for key, value in section.items():
        if key not in _KEYS:
            raise ReviewerError(f"unknown key learning.{key} (known: {', '.join(_KEYS)})", path=path)
        if key == "min_decisions":
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
        else:
            ok = isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1
        if not ok:
            raise ReviewerError(f"learning.{key} must be {_KEYS[key]}, not {value!r}", path=path)
        values[key] = float(value) if key != "min_decisions" else int(value)
    return LearningSettings(**values)


@dataclass(frozen=True, slots=True)
class Demotion:
    """A rule whose flags are shown as minor, or hidden, because reviewers mostly reject them."""

    rule: str
    precision: float
    decided: int
    dismissed: int
    to: str
    """`minor` or `hidden`."""

    @property
    def reason(self) -> str:
        """Why, in words: `precision 20%, 8 of 10 dismissed`."""
        return f"precision {percent(self.precision)}, {self.dismissed} of {self.decided} dismissed"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the `demoted` field of `reviewer check`'s summary)."""
        return {"rule": self.rule, "precision": round(self.precision, 4), "decided": self.decided,
                "dismissed": self.dismissed, "to": self.to}


def demotions(stats: Mapping[str, RuleStats], settings: LearningSettings) -> dict[str, Demotion]:
    """The rules the settings demote or hide, by rule id: those with at least `min_decisions`
    decisions and a precision below a threshold (hiding wins over demoting)."""
    found: dict[str, Demotion] = {}
    if not settings.active:
        return found
    for s in stats.values():
        precision = s.precision
        if precision is None or s.decided < settings.min_decisions:
            continue
        if settings.hide_below is not None and precision < settings.hide_below:
            to = "hidden"
        elif settings.demote_below is not None and precision < settings.demote_below:
            to = "minor"
        else:
            continue
        found[s.rule] = Demotion(s.rule, precision, s.decided, s.dismissed, to)
    return found


# ---------------------------------------------------------------------------------------------
# A cheap read for the UI


_cache: dict[str, tuple[tuple[int, ...] | None, dict[str, RuleStats]]] = {}


def cached_stats(path: str | Path | None = None) -> dict[str, RuleStats]:
    """`load_stats`, read again only when the file (or its write-ahead log) changed; empty when
    the file cannot be read (the review UI shows the statistics as a hint only)."""
    where = Path(path) if path is not None else stats_path()
    stamp: tuple[int, ...] | None
    try:
        stamp = tuple(os.stat(p).st_mtime_ns for p in (where, where.with_name(where.name + "-wal"))
                      if p.exists()) or None
    except OSError:
        stamp = None
    known = _cache.get(str(where))
    if known is not None and known[0] == stamp:
        return known[1]
    try:
        stats = load_stats(where) if stamp is not None else {}
    except ReviewerError:
        stats = {}
    _cache[str(where)] = (stamp, stats)
    return stats
