"""The QA list, as in Xbench: every open flag of a session as one row, grouped by check, with the
flagged words in context (KWIC); sorted by rule, severity or segment; applied or dismissed from
the list, and a false flag dismissed at once on every identical segment. No Textual here: the
review UI's QA screen and any command read the same rows."""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import regex

from reviewer.core.errors import ReviewerError
from reviewer.core.model import Flag, Severity, Side
from reviewer.core.text import visible
from reviewer.review.session import ReviewSession

#: Context shown on each side of a hit (terminal cells), and the widest a hit is shown.
CONTEXT_WIDTH = 24
HIT_WIDTH = 30
#: What stands for a cut: the context goes on beyond it.
ELLIPSIS = "…"
#: A line break inside one line of context (a tab shows as ⟨TAB⟩, like the text panes show it).
LINE_BREAK = "⏎"

#: What one cut may not split: a placeholder `visible` wrote (⟨TAB⟩, ⟨U+200B⟩) or a grapheme cluster.
_UNIT = regex.compile(r"⟨(?:U\+[0-9A-F]{4,6}|TAB|ESC)⟩|\X")
_BREAK = regex.compile(r"\r\n|[\n\r\u2028\u2029]")
#: Raw characters looked at per cell of context: plenty for text with combining marks, and it
#: keeps a 100 KB segment from being split into graphemes for a 24-cell context.
_CHARS_PER_CELL = 8


class SortKey(str, enum.Enum):
    """How the QA list is ordered."""

    RULE = "rule"
    """Groups by rule id, A to Z; rows in segment order."""
    SEVERITY = "severity"
    """Groups by their worst severity (critical > major > minor), then size; rows worst first."""
    SEGMENT = "segment"
    """Groups in the order their first flag appears in the corpus; rows in segment order."""

    @classmethod
    def parse(cls, value: SortKey | str) -> SortKey:
        """A sort key by name; a ReviewerError naming the choices for any other."""
        try:
            return cls(value)
        except ValueError:
            raise ReviewerError(f"unknown order {value!r} for the QA list "
                                f"(expected one of: {', '.join(k.value for k in cls)})") from None


def _cells(unit: str) -> int:
    """Terminal cells of one unit: a placeholder's length, or a grapheme cluster's width."""
    if len(unit) > 1 and unit.startswith("⟨"):
        return len(unit)  # ASCII between narrow brackets
    wide = False
    for ch in unit:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            wide = True
    return 2 if wide else 1


def _units(raw: str) -> list[tuple[str, int]]:
    """A piece of text as one line shows it (line breaks as ⏎, every other control or invisible
    character as `visible` writes it), cut into units that are never split, with their widths."""
    shown = visible(_BREAK.sub(LINE_BREAK, raw), one_line=True)
    return [(unit, _cells(unit)) for unit in _UNIT.findall(shown)]


def _fit(units: Iterable[tuple[str, int]], width: int) -> tuple[list[str], bool]:
    """The leading units that fit in `width` cells, and whether any were left out."""
    kept: list[str] = []
    used = 0
    for shown, cells in units:
        if used + cells > width:
            return kept, True
        kept.append(shown)
        used += cells
    return kept, False


@dataclass(frozen=True, slots=True)
class Kwic:
    """A flag's words in context, on one line, safe to print: no control or invisible
    character, line breaks as ⏎, cut only between grapheme clusters."""

    left: str
    """Context before the hit, at most the context width in cells (… where it was cut)."""
    hit: str
    """The flagged words (empty for a flag on an empty span), at most the hit width."""
    right: str
    """Context after the hit, at most the context width in cells (… where it was cut)."""

    def __str__(self) -> str:
        return f"{self.left}[{self.hit}]{self.right}"


def kwic(text: str, start: int, end: int, *, width: int = CONTEXT_WIDTH, hit_width: int = HIT_WIDTH) -> Kwic:
    """The span text[start:end] with up to `width` cells of context on each side."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    reach = width * _CHARS_PER_CELL + 16
    # Left context: read backwards from the hit. A window cut short of the text's start may
    # begin inside a cluster: its first cluster is then dropped, never shown in part.
    left_from = max(0, start - reach)
    left_units = _units(text[left_from:start])
    if left_from > 0 and left_units:
        left_units = left_units[1:]
        left_cut_short = True
    else:
        left_cut_short = False
    left, cut = _fit(reversed(left_units), width)
    if width and (cut or (left_cut_short and left)):
        left, _ = _fit(reversed(left_units), width - 1)
        left.append(ELLIPSIS)
    left.reverse()
    # The hit, cut at its end when it is longer than hit_width.
    hit_units = _units(text[start:min(end, start + hit_width * _CHARS_PER_CELL + 16)])
    hit, cut = _fit(hit_units, hit_width)
    if hit_width and (cut or end > start + hit_width * _CHARS_PER_CELL + 16):
        hit, _ = _fit(hit_units, hit_width - 1)
        hit.append(ELLIPSIS)
    # Right context: the same as the left, read forwards.
    right_to = min(len(text), end + reach)
    right_units = _units(text[end:right_to])
    if right_to < len(text) and right_units:
        right_units = right_units[:-1]
    right, cut = _fit(right_units, width)
    if width and (cut or (right_to < len(text) and right)):
        right, _ = _fit(right_units, width - 1)
        right.append(ELLIPSIS)
    return Kwic("".join(left), "".join(hit), "".join(right))


@dataclass(frozen=True, slots=True)
class QaRow:
    """One open flag of the QA list."""

    segment_id: str
    """The segment the flag is on."""
    order: int
    """The segment's place in the corpus (0-based): segment order."""
    flag: Flag
    """The flag itself (rule, severity, category, span, message, suggestion)."""
    text: str
    """The text the flag points into: the source, or the current target."""

    @property
    def rule(self) -> str:
        """The check or glossary rule that raised the flag."""
        return self.flag.rule

    @property
    def severity(self) -> Severity:
        """The flag's MQM severity."""
        return self.flag.severity

    @property
    def can_apply(self) -> bool:
        """Whether `a` can apply it: a target flag with a suggestion."""
        return self.flag.side is Side.TARGET and self.flag.suggestion is not None

    def kwic(self, width: int = CONTEXT_WIDTH, hit_width: int = HIT_WIDTH) -> Kwic:
        """The flagged words in context (`kwic`)."""
        return kwic(self.text, self.flag.start, self.flag.end, width=width, hit_width=hit_width)


@dataclass(frozen=True, slots=True)
class QaGroup:
    """The rows of one rule, in the list's order."""

    rule: str
    """The rule id the group is for."""
    rows: tuple[QaRow, ...]
    """Its rows (never empty)."""

    @property
    def worst(self) -> Severity:
        """The worst severity among its rows."""
        return max((r.severity for r in self.rows), key=lambda s: s.rank)


def segment_rows(session: ReviewSession, seg_id: str) -> list[QaRow]:
    """A segment's open flags (not dismissed; an applied flag is gone from the new target) as rows."""
    seg = session.segment(seg_id)
    order = session.position[seg_id]
    target = session.target(seg_id)
    return [QaRow(seg_id, order, f, seg.source if f.side is Side.SOURCE else target) for f in session.flags(seg_id)]


def open_rows(session: ReviewSession) -> list[QaRow]:
    """Every open flag of the corpus, in segment order."""
    return [row for seg in session.segments for row in segment_rows(session, seg.id)]


def grouped(rows: Iterable[QaRow], by: SortKey | str = SortKey.RULE) -> list[QaGroup]:
    """Rows grouped by rule, groups and rows in the order `by` asks for."""
    by = SortKey.parse(by)
    groups: dict[str, list[QaRow]] = {}
    for row in rows:
        groups.setdefault(row.rule, []).append(row)
    if by is SortKey.SEVERITY:
        for members in groups.values():
            members.sort(key=lambda r: (-r.severity.rank, r.order, r.flag.start))
    else:
        for members in groups.values():
            members.sort(key=lambda r: (r.order, r.flag.start))
    made = [QaGroup(rule, tuple(members)) for rule, members in groups.items()]
    if by is SortKey.RULE:
        made.sort(key=lambda g: g.rule)
    elif by is SortKey.SEVERITY:
        made.sort(key=lambda g: (-g.worst.rank, -len(g.rows), g.rule))
    else:
        made.sort(key=lambda g: (g.rows[0].order, g.rows[0].flag.start, g.rule))
    return made


def _same_flag(a: Flag, b: Flag) -> bool:
    """Whether two flags are the same finding: rule, side and span text (identical segments
    put it at the same place too)."""
    return a.rule == b.rule and a.side is b.side and a.text == b.text and (a.start, a.end) == (b.start, b.end)


def identical_flags(session: ReviewSession, seg_id: str, flag: Flag) -> list[tuple[str, Flag]]:
    """The open flags like `flag` on every segment whose source and current target are those of
    `seg_id` (that segment included), in corpus order."""
    source = session.segment(seg_id).source
    target = session.target(seg_id)
    found = []
    for seg in session.segments:
        if seg.source != source or session.target(seg.id) != target:
            continue
        match = next((f for f in session.flags(seg.id) if _same_flag(f, flag)), None)
        if match is not None:
            found.append((seg.id, match))
    return found


def dismiss_identical(session: ReviewSession, seg_id: str, flag: Flag, reason: str = "") -> list[str]:
    """Dismiss a flag as a false positive on its segment and on every identical segment that
    carries it; returns the segments dismissed on (empty when the flag is not open there)."""
    if not any(_same_flag(f, flag) for f in session.flags(seg_id)):
        raise ReviewerError(f"flag {flag.rule!r} is not open on segment {seg_id}")
    found = identical_flags(session, seg_id, flag)
    session.dismiss_many(found, reason)  # one action: one undo takes every dismissal back
    return [other for other, _ in found]


Progress = Callable[[int, int], bool]
"""Told (segments read, total) while a QA list is collected; returns False to stop."""
#: How often (in segments) `QaList.refresh` tells its progress.
PROGRESS_EVERY = 500


class QaList:
    """The open flags of a session, grouped and sorted, kept current after the changes made
    through it (and, with `refresh`, after changes made elsewhere)."""

    def __init__(self, session: ReviewSession, by: SortKey | str = SortKey.RULE, *,
                 progress: Progress | None = None) -> None:
        """Collect every open flag; checking a large corpus takes a while: `progress` hears how
        far it is (see `refresh`)."""
        self.session = session
        self.by = SortKey.parse(by)
        """The current order."""
        self._rows: dict[str, list[QaRow]] = {}
        self.groups: list[QaGroup] = []
        """The rows by rule, in `by`'s order."""
        self.refresh(progress=progress)

    def __len__(self) -> int:
        return sum(len(rows) for rows in self._rows.values())

    @property
    def rows(self) -> list[QaRow]:
        """Every row, group after group."""
        return [row for group in self.groups for row in group.rows]

    def refresh(self, seg_ids: Iterable[str] | None = None, *, progress: Progress | None = None) -> None:
        """Read the open flags again: of these segments, or of the whole corpus. `progress` is
        called with (segments done, total) every PROGRESS_EVERY segments; when it returns False
        the reading stops there (the list is then incomplete: a closed screen's worker)."""
        s = self.session
        if seg_ids is None:
            self._rows = {}
            ids = [seg.id for seg in s.segments]
        else:
            ids = list(seg_ids)
        total = len(ids)
        for done, seg_id in enumerate(ids):
            if progress is not None and done % PROGRESS_EVERY == 0 and done and not progress(done, total):
                return
            rows = segment_rows(s, seg_id)
            if rows:
                self._rows[seg_id] = rows
            else:
                self._rows.pop(seg_id, None)
        self._regroup()

    def sort(self, by: SortKey | str) -> None:
        """Order the list by rule, severity or segment."""
        self.by = SortKey.parse(by)
        self._regroup()

    def _regroup(self) -> None:
        self.groups = grouped((row for rows in self._rows.values() for row in rows), self.by)

    def apply(self, row: QaRow) -> bool:
        """Apply a row's suggestion (`ReviewSession.apply_flag`); False when nothing changed."""
        if not row.can_apply:
            raise ReviewerError(f"flag {row.rule!r} on segment {row.segment_id} has no suggestion to apply; "
                                "edit the target instead")
        try:
            return self.session.apply_flag(row.segment_id, row.flag)
        finally:
            # Also after a refusal: a stale edit means another writer changed the segment,
            # and the session has read its new text.
            self.refresh([row.segment_id])

    def dismiss(self, row: QaRow, reason: str = "") -> None:
        """Dismiss one row's flag as a false positive."""
        try:
            self.session.dismiss(row.segment_id, row.flag, reason)
        finally:
            self.refresh([row.segment_id])

    def dismiss_identical(self, row: QaRow, reason: str = "") -> list[str]:
        """Dismiss a row's flag on its segment and every identical one; returns those segments."""
        try:
            done = dismiss_identical(self.session, row.segment_id, row.flag, reason)
        except ReviewerError:
            self.refresh()  # part may be done, and another writer may have changed any of them
            raise
        self.refresh(done)
        return done
