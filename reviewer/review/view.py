"""The review view: what a reviewer sees of a corpus under review, counted and filtered in one
place. Per segment, its open flags by severity and rule and its state (approved, edited, …);
for the corpus, the totals and the segments a filter keeps. The review UI and `reviewer session
list` both read it; neither keeps counts of its own."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reviewer.checking.background import SegmentSummary
from reviewer.core.model import Flag, SegmentStatus, Severity
from reviewer.review.session import ReviewSession

Counts = tuple[int, int, int]
"""Open flags by severity: (critical, major, minor)."""
NOT_CHECKED: Counts = (-1, -1, -1)
"""Counts of a segment whose flags are not known yet."""

#: Segment states a filter can ask for: the statuses, and what the review made of them.
STATES = ("approved", "edited", *(s.value for s in SegmentStatus))
#: Kinds of filter (`Filter.kind`).
FILTER_KINDS = ("all", "flagged", "unreviewed", "rule", "severity", "state", "search")


@dataclass(frozen=True)
class Filter:
    """Which segments a list shows."""

    kind: str = "all"
    """One of `FILTER_KINDS`: all | flagged | unreviewed | rule | severity | state | search."""
    value: str = ""
    """The rule id, severity, state or search text the kind needs."""

    @property
    def label(self) -> str:
        """Short text for a status line."""
        return self.kind if not self.value else f"{self.kind}: {self.value}"


def count_flags(flags: Iterable[Flag]) -> Counts:
    """Flags by severity: (critical, major, minor)."""
    c = m = n = 0
    for f in flags:
        if f.severity is Severity.CRITICAL:
            c += 1
        elif f.severity is Severity.MAJOR:
            m += 1
        else:
            n += 1
    return c, m, n


def open_counts(summary: SegmentSummary, dismissed: dict[str, str] | None) -> Counts:
    """Open flags of a background summary by severity, dismissed ones left out."""
    c = m = n = 0
    for severity, key in zip(summary.severities, summary.flag_keys):
        if dismissed and key in dismissed:
            continue
        if severity == Severity.CRITICAL.value:
            c += 1
        elif severity == Severity.MAJOR.value:
            m += 1
        else:
            n += 1
    return c, m, n


class ReviewView:
    """Counts and filters over a review session. Flags come from the session (checked on
    demand, once per target) or from a background check's summaries while they are current."""

    #: Up to this many segments, a segment's flags are worked out when it is first shown; above
    #: it, rows wait for the background check (checking on demand would slow scrolling).
    CHECK_ON_DEMAND = 5000

    def __init__(self, session: ReviewSession) -> None:
        self.session = session
        self.counts: dict[str, Counts] = {}
        """Open flags of each segment known so far."""
        self.summaries: dict[str, SegmentSummary] = {}
        """What the background check found, per segment (for the target it checked)."""
        self.totals: Counts = (0, 0, 0)
        """Open flags of the whole corpus, once every segment is known."""
        self.checked_all = False
        """Whether every segment's flags are known (`totals` is then right)."""
        self.progress = 0
        """How far the check of the whole corpus is, in percent."""

    # -- taking in what is checked --------------------------------------------------------------
    def check_all(self) -> None:
        """Decide the corpus-level checks and count every segment, in this process."""
        self.session.refresh_corpus_flags()
        for seg in self.session.segments:
            self.count(seg.id)
        self.finish()

    def count(self, seg_id: str) -> Counts:
        """Count a segment's open flags from the session (checking it if need be)."""
        counts = count_flags(self.session.flags(seg_id))
        self.counts[seg_id] = counts
        return counts

    def take(self, summaries: Iterable[SegmentSummary]) -> None:
        """Take in a background check's summaries; those of a segment edited since are stale
        and left out (the edit counted the segment already)."""
        s = self.session
        for summary in summaries:
            if summary.target != s.target(summary.segment_id):
                continue
            self.summaries[summary.segment_id] = summary
            self.counts[summary.segment_id] = open_counts(summary, s.dismissed.get(summary.segment_id))

    def finish(self) -> None:
        """Every segment is counted: add up the totals."""
        self.checked_all = True
        self.progress = 100
        counts = self.counts.values()
        self.totals = (sum(c[0] for c in counts), sum(c[1] for c in counts), sum(c[2] for c in counts))

    def recount(self, seg_ids: Iterable[str]) -> None:
        """Count segments again after a change (an edit, a dismissal, new verdicts), keeping
        the totals right."""
        totals = list(self.totals)
        for seg_id in seg_ids:
            old = self.counts.get(seg_id)
            new = self.count(seg_id)
            if old is not None and old != NOT_CHECKED and self.checked_all:
                for i in range(3):
                    totals[i] += new[i] - old[i]
        self.totals = (totals[0], totals[1], totals[2])

    def use_verdicts(self, verdicts: list[Any]) -> bool:
        """Use corpus-level verdicts decided elsewhere; True when they changed."""
        return self.session.set_corpus_verdicts(verdicts)

    # -- reading ----------------------------------------------------------------------------------
    def row_counts(self, seg_id: str) -> Counts:
        """A segment's open flags for a list row: NOT_CHECKED while unknown in a large corpus."""
        counts = self.counts.get(seg_id)
        if counts is None:
            s = self.session
            if s.has_checked(seg_id) or len(s.segments) <= self.CHECK_ON_DEMAND:
                return self.count(seg_id)
            return NOT_CHECKED
        return counts

    def open_flags(self, seg_id: str) -> int:
        """How many open flags a segment has (checking it if it is not known)."""
        counts = self.counts.get(seg_id)
        if counts is not None and counts != NOT_CHECKED:
            return sum(counts)
        return len(self.session.flags(seg_id))

    def state(self, seg_id: str) -> str:
        """"approved", "edited", or the segment's status."""
        s = self.session
        if s.is_approved(seg_id):
            return "approved"
        if s.is_edited(seg_id):
            return "edited"
        return s.status(seg_id).value

    def open_rules(self, seg_id: str) -> list[tuple[str, str]]:
        """(rule, severity) of a segment's open flags, in order; from the background check
        while its summary is current, so that the segment need not be checked here."""
        s = self.session
        summary = self.summaries.get(seg_id)
        if summary is not None and summary.target == s.target(seg_id) and not s.has_checked(seg_id):
            dismissed = s.dismissed.get(seg_id) or {}
            return [(r, v) for r, v, k in zip(summary.rules, summary.severities, summary.flag_keys)
                    if k not in dismissed]
        return [(f.rule, f.severity.value) for f in s.flags(seg_id)]

    def keeps(self, which: Filter, seg_id: str) -> bool:
        """Whether a filter keeps a segment."""
        kind = which.kind
        if kind == "all":
            return True
        s = self.session
        if kind == "unreviewed":
            return not s.is_approved(seg_id)
        if kind == "state":
            if which.value == "approved":
                return s.is_approved(seg_id)
            if which.value == "edited":
                return s.is_edited(seg_id)
            return s.status(seg_id).value == which.value
        if kind == "search":
            query = which.value.casefold()
            return query in s.segment(seg_id).source.casefold() or query in s.target(seg_id).casefold()
        found = self.open_rules(seg_id)
        if kind == "flagged":
            return bool(found)
        if kind == "rule":
            return any(r == which.value for r, _ in found)
        if kind == "severity":
            return any(v == which.value for _, v in found)
        return True

    def rows(self, filters: Filter | Sequence[Filter] = ()) -> list[str]:
        """Ids of the segments every filter keeps, in corpus order."""
        chosen = [filters] if isinstance(filters, Filter) else [f for f in filters if f.kind != "all"]
        return [seg.id for seg in self.session.segments if all(self.keeps(f, seg.id) for f in chosen)]

    def rule_counts(self) -> list[tuple[str, int]]:
        """Open flags by rule among the segments known, most first; rules whose every flag was
        dismissed are listed with 0."""
        s = self.session
        by_rule: Counter[str] = Counter()
        for seg in s.segments:
            if s.has_checked(seg.id):
                by_rule.update(f.rule for f in s.flags(seg.id))
            elif seg.id in self.summaries:
                summary = self.summaries[seg.id]
                gone = s.dismissed.get(seg.id) or {}
                by_rule.update(r for r, k in zip(summary.rules, summary.flag_keys) if k not in gone)
        for rule in s.dismissal_counts():
            by_rule.setdefault(rule, 0)
        return sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
