"""Time budgets for glossary regexes. A rule or term whose regex runs past the timeout is stopped
on that segment; one that does so on `TIMEOUTS_ALLOWED` segments is switched off for the rest of
the run, so a catastrophic pattern costs a few seconds, not a second per segment. Each timeout is
kept as a small, picklable `Timeout` (worker processes send theirs back with their results), and a
`TimeoutLog` sums a run's timeouts up for its warnings and the JSON summary."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

#: Segments on which a glossary entry's regex may time out in one run (per process) before the
#: entry is switched off for the rest of the run: its time budget is this many timeouts.
TIMEOUTS_ALLOWED = 3
#: Segment ids a report lists for one entry (the others are counted).
IDS_SHOWN = 10


@dataclass(frozen=True, slots=True)
class Timeout:
    """A glossary entry's regex stopped by the timeout on one segment."""

    kind: str
    """"rule" or "term"."""
    entry: str
    """The rule's or the term's id."""
    path: str
    """The glossary file that defines the entry."""
    line: int
    """Its line there."""
    segment: str | None
    """The segment's id (None when the caller did not say)."""
    seconds: float
    """The timeout that stopped it."""
    switched_off: bool
    """This timeout spent the entry's budget: it does not run again in this run (in this process)."""


class Budget:
    """One process's timeouts in a run: how many each entry has had, and the `Timeout`s not yet
    handed on (`events`)."""

    def __init__(self) -> None:
        self.spent: dict[tuple[str, str], int] = {}
        self.events: list[Timeout] = []

    def spend(self, kind: str, entry: str, path: str, line: int, segment: str | None, seconds: float) -> bool:
        """Record a timeout; True when the entry has now spent its budget (switch it off)."""
        key = (kind, entry)
        spent = self.spent[key] = self.spent.get(key, 0) + 1
        off = spent >= TIMEOUTS_ALLOWED
        self.events.append(Timeout(kind, entry, path, line, segment, seconds, off))
        return off

    def reset(self) -> None:
        """A new run: every entry gets its whole budget again."""
        self.spent.clear()
        self.events.clear()


@dataclass
class _Entry:
    first: Timeout
    segments: int = 0
    ids: list[str] = field(default_factory=list)
    seconds: float = 0.0
    switched_off: bool = False


class TimeoutLog:
    """A run's timeouts, from this process and its workers, one entry per rule or term: how many
    segments timed out, the first `IDS_SHOWN` of their ids, and whether the entry was switched off."""

    def __init__(self, events: Iterable[Timeout] = ()) -> None:
        self._entries: dict[tuple[str, str], _Entry] = {}
        self.add(events)

    def add(self, events: Iterable[Timeout]) -> None:
        """Count more timeouts (a worker's chunk, in input order)."""
        for event in events:
            entry = self._entries.get((event.kind, event.entry))
            if entry is None:
                entry = self._entries[(event.kind, event.entry)] = _Entry(event)
            entry.segments += 1
            if event.segment is not None and len(entry.ids) < IDS_SHOWN:
                entry.ids.append(event.segment)
            entry.seconds = max(entry.seconds, event.seconds)
            entry.switched_off = entry.switched_off or event.switched_off

    def __bool__(self) -> bool:
        return bool(self._entries)

    def warnings(self) -> list[str]:
        """One line per entry, naming its file and line, its id, the segments and what was done."""
        out = []
        for e in self._entries.values():
            t = e.first
            where = f" ({_ids(e.ids, e.segments)})" if e.ids else ""
            off = " and was switched off for the rest of the run" if e.switched_off else ""
            fix = "simplify the pattern" if t.kind == "rule" else "simplify its /regex/"
            out.append(f"{t.path}:{t.line}: {t.kind} {t.entry!r} stopped after {e.seconds:g}s on {e.segments} "
                       f"segment{'s' if e.segments != 1 else ''}{where}{off} (catastrophic backtracking?); {fix}")
        return out

    def to_json(self) -> list[dict[str, Any]]:
        """The JSON summary's `timeouts`: one object per entry."""
        return [{"rule": e.first.entry, "kind": e.first.kind, "file": e.first.path, "line": e.first.line,
                 "segments": e.segments, "ids": list(e.ids), "more_ids": e.segments - len(e.ids),
                 "timeout_s": e.seconds, "switched_off": e.switched_off}
                for e in self._entries.values()]


def _ids(ids: list[str], total: int) -> str:
    more = total - len(ids)
    return ", ".join(ids) + (f" and {more} more" if more > 0 else "")
