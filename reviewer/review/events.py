"""The review log's vocabulary: the kinds of event, a recorded event, a change to record, and the
one replay that turns a log into review state (current targets, statuses, dismissals and
annotations). The session and the MQM scorecard both read the log through `replay`."""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field

from reviewer.core.model import SegmentStatus, Severity


class EventKind(enum.StrEnum):
    """What a recorded change did."""

    EDIT = "edit"
    """The target was replaced (`before` → `after`)."""
    STATUS = "status"
    """The segment's status changed (`before` → `after`, `SegmentStatus` values)."""
    DISMISS = "dismiss"
    """A flag (`flag_key`) was dismissed as a false positive (`comment`: the reason)."""
    RESTORE = "restore"
    """A dismissal (`flag_key`) was taken back."""
    ANNOTATE = "annotate"
    """An error the checks missed was marked on `span_start`–`span_end` of the target."""
    UNANNOTATE = "unannotate"
    """An annotation (its event's seq, in `flag_key`) was removed."""
    RESOLVE = "resolve"
    """A hand edit (recorded in the same action) changed the span of an open flag, which no
    longer fires: the flag (`origin` its rule, `flag_key`, `category`, `severity`, `comment` its
    message) was a real error, fixed by hand, on `span_start`–`span_end` of `before`, the target
    the edit replaced. It changes no state; MQM counts it as it counts an applied suggestion."""


#: Event states in the store: active, undone (redoable), undone and superseded by a new action.
ACTIVE, UNDONE, DISCARDED = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Event:
    """One recorded change."""

    seq: int
    group: int
    """The user action it belongs to (a corpus-wide fix is one group, undone as one)."""
    at: str
    """When, UTC, ISO 8601."""
    who: str
    segment_id: str
    kind: EventKind
    before: str | None
    after: str | None
    origin: str
    """The rule whose suggestion made the change, or 'manual'."""
    category: str | None
    severity: str | None
    comment: str | None
    span_start: int | None
    span_end: int | None
    flag_key: str | None
    state: int
    """ACTIVE, UNDONE or DISCARDED."""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form for the corrections log."""
        return {
            "seq": self.seq, "group": self.group, "at": self.at, "who": self.who,
            "segment": self.segment_id, "kind": str(self.kind), "before": self.before, "after": self.after,
            "origin": self.origin, "category": self.category, "severity": self.severity,
            "comment": self.comment, "start": self.span_start, "end": self.span_end,
            "flag": self.flag_key, "undone": self.state != ACTIVE,
        }


@dataclass(frozen=True, slots=True)
class Change:
    """A change to record (the store fills in time, author and sequence)."""

    segment_id: str
    kind: EventKind
    before: str | None = None
    after: str | None = None
    origin: str = "manual"
    category: str | None = None
    severity: str | None = None
    comment: str | None = None
    span_start: int | None = None
    span_end: int | None = None
    flag_key: str | None = None


@dataclass(frozen=True, slots=True)
class Annotation:
    """An error the reviewer marked by hand."""

    seq: int
    segment_id: str
    start: int
    end: int
    text: str
    category: str
    severity: Severity
    comment: str


@dataclass
class ReviewState:
    """What the log says now, for the segments that changed (the others are as in the corpus)."""

    targets: dict[str, str] = field(default_factory=dict)
    """Current target of each edited segment."""
    statuses: dict[str, SegmentStatus] = field(default_factory=dict)
    dismissed: dict[str, dict[str, str]] = field(default_factory=dict)
    """Segment id → flag key → the reason it was dismissed."""
    annotations: dict[str, list[Annotation]] = field(default_factory=dict)

    def apply(self, ev: Event) -> None:
        """Take one event into the state: the only place an event's meaning is written down."""
        sid = ev.segment_id
        if ev.kind is EventKind.EDIT:
            self.targets[sid] = ev.after or ""
        elif ev.kind is EventKind.STATUS:
            self.statuses[sid] = SegmentStatus(ev.after)
        elif ev.kind is EventKind.DISMISS and ev.flag_key:
            self.dismissed.setdefault(sid, {})[ev.flag_key] = ev.comment or ""
        elif ev.kind is EventKind.RESTORE and ev.flag_key:
            self.dismissed.get(sid, {}).pop(ev.flag_key, None)
        elif ev.kind is EventKind.ANNOTATE:
            self.annotations.setdefault(sid, []).append(Annotation(
                ev.seq, sid, ev.span_start or 0, ev.span_end or 0, ev.before or "",
                ev.category or "other", Severity.parse(ev.severity or "minor"), ev.comment or ""))
        elif ev.kind is EventKind.UNANNOTATE:
            self.annotations[sid] = [a for a in self.annotations.get(sid, []) if str(a.seq) != ev.flag_key]


Observer = Callable[[Event, ReviewState], None]
"""Called with each event and the state just before it is applied."""


def replay(events: Iterable[Event], known: Container[str], observe: Observer | None = None) -> ReviewState:
    """The review state after `events` (in the order recorded). Events of segments not in
    `known` (the corpus changed since) are kept in the log and passed over here."""
    state = ReviewState()
    for ev in events:
        if ev.segment_id not in known:
            continue
        if observe is not None:
            observe(ev, state)
        state.apply(ev)
    return state


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


CSV_COLUMNS = ("seq", "group", "at", "who", "segment", "kind", "before", "after", "origin", "category",
               "severity", "comment", "start", "end", "flag", "undone")


def corrections_csv(events: Iterable[Event]) -> str:
    """The corrections log as CSV with formula-looking cells neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in events:
        d = e.to_dict()
        writer.writerow([csv_cell(d[c]) for c in CSV_COLUMNS])
    return buf.getvalue()
