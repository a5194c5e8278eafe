"""MQM scoring: penalties for recorded errors, the session scorecard, and reading and writing
annotations in the tab-separated format of the WMT MQM data (google/wmt-mqm-human-evaluation)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer.core.errors import FormatError, ReviewerError
from reviewer.core.paths import open_regular
from reviewer.core.text import edited_region, tokenize
from reviewer.review.events import Event, EventKind, ReviewState, replay

if TYPE_CHECKING:
    from reviewer.review.session import ReviewSession

#: Severities that mark "no error here" (the WMT data's `No-error` rows, and `Neutral`).
NO_ERROR_SEVERITIES = frozenset({"no-error", "neutral"})
#: Severities that carry a penalty.
ERROR_SEVERITIES = ("minor", "major", "critical")

_NON_TRANSLATION = re.compile(r"non.translation", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class MqmWeights:
    """Penalty points per error. The defaults are those of the WMT MQM studies (Freitag et al.
    2021): minor 1, major 5, minor punctuation 0.1, non-translation 25; critical (not used in
    those studies) counts as five majors."""

    minor: float = 1.0
    """A minor error: an imperfection that does not change the meaning."""
    major: float = 5.0
    """A major error: one that may mislead or confuse the reader."""
    critical: float = 25.0
    """A critical error: one that makes the text unusable or dangerous."""
    minor_punctuation: float = 0.1
    """A minor error whose category mentions punctuation (quote style, spacing): mostly cosmetic."""
    non_translation: float = 25.0
    """A segment too garbled to annotate (category `Non-translation`), at any severity."""

    def penalty(self, category: str, severity: str) -> float:
        """Penalty of one error. Severity `No-error`/`Neutral` and categories starting with
        `Source` (an error in the source, not the translation) cost nothing."""
        sev = severity.strip().lower()
        if sev in NO_ERROR_SEVERITIES:
            return 0.0
        if sev not in ERROR_SEVERITIES:
            raise ValueError(f"unknown MQM severity {severity!r} (expected Minor, Major, Critical, No-error or Neutral)")
        cat = category.strip().lower()
        if cat.startswith("source"):
            return 0.0
        if _NON_TRANSLATION.search(cat):
            return self.non_translation
        if sev == "minor":
            return self.minor_punctuation if "punctuation" in cat else self.minor
        return self.major if sev == "major" else self.critical

    def to_dict(self) -> dict[str, float]:
        """JSON-ready weights."""
        return {"minor": self.minor, "major": self.major, "critical": self.critical,
                "minor_punctuation": self.minor_punctuation, "non_translation": self.non_translation}


#: Default pass/fail threshold: at most this many penalty points per 1,000 source words
#: (one minor error per 100 words; an MQM quality score of 99).
DEFAULT_THRESHOLD = 10.0


# ---------------------------------------------------------------------------------------------
# Errors recorded in a review session


@dataclass(frozen=True, slots=True)
class MqmError:
    """One error recorded in a review: a confirmed flag or a manual annotation."""

    segment_id: str
    """Segment the error is in."""
    category: str
    """MQM category (`accuracy/mistranslation`)."""
    severity: str
    """`minor`, `major` or `critical`."""
    origin: str
    """Rule id of the applied flag, or `manual` for an annotation."""
    target: str
    """The target text the error was marked in (before the fix, for an applied flag)."""
    start: int
    """Start of the error span in `target` (code points)."""
    end: int
    """End of the span (exclusive)."""
    comment: str
    """The flag's message or the reviewer's comment."""
    rater: str
    """Who recorded it."""
    seq: int
    """Sequence number of the recorded event (for ordering and reference)."""

    @property
    def text(self) -> str:
        """The marked text."""
        return self.target[self.start:self.end]

    def to_dict(self, weights: MqmWeights | None = None) -> dict[str, Any]:
        """JSON-ready form, with the penalty when weights are given."""
        d: dict[str, Any] = {
            "segment": self.segment_id, "category": self.category, "severity": self.severity,
            "origin": self.origin, "text": self.text, "start": self.start, "end": self.end,
            "comment": self.comment, "rater": self.rater, "seq": self.seq,
        }
        if weights is not None:
            d["penalty"] = weights.penalty(self.category, self.severity)
        return d


def changed_span(before: str, after: str) -> tuple[int, int]:
    """The span of `before` that an edit replaced: common prefix and suffix removed, widened to whole words."""
    start, end_b, end_a = edited_region(before, after)
    if before == after:
        return start, end_b
    # A span that starts or ends inside a word is widened to the whole word: "Cina" → "China"
    # marks "Cina", not an empty span after the "C".
    def inside(i: int) -> bool:
        return 0 < i < len(before) and before[i - 1].isalnum() and before[i].isalnum()

    while inside(start):
        start -= 1
    while inside(end_b):
        end_b += 1
    return start, end_b


def session_errors(session: ReviewSession) -> list[MqmError]:
    """Errors recorded in a session, in the order they were recorded: every active (not undone)
    edit that carries a severity (an applied flag suggestion, or an edit given a category), every
    flag a hand edit resolved (counted as the applied suggestion would have been, on the flag's
    span), and every manual annotation still in place. Dismissed flags are false positives, not
    errors. A fix is counted once: an edit made on text another writer had changed is refused
    by the store, so two reviewers cannot both record it."""
    current = {a.seq for anns in session.annotations.values() for a in anns}
    errors: list[MqmError] = []

    def observe(ev: Event, state: ReviewState) -> None:
        sid = ev.segment_id
        if ev.kind is EventKind.EDIT:
            if ev.severity and ev.category:
                _check_severity(ev.severity, ev.seq)
                start, end = changed_span(ev.before or "", ev.after or "")
                errors.append(MqmError(sid, ev.category, ev.severity.lower(), ev.origin, ev.before or "",
                                       start, end, ev.comment or "", ev.who, ev.seq))
        elif ev.kind is EventKind.RESOLVE and ev.severity and ev.category:
            _check_severity(ev.severity, ev.seq)
            errors.append(MqmError(sid, ev.category, ev.severity.lower(), ev.origin, ev.before or "",
                                   ev.span_start or 0, ev.span_end or 0, ev.comment or "", ev.who, ev.seq))
        elif ev.kind is EventKind.ANNOTATE and ev.seq in current:
            before = state.targets.get(sid, session.segment(sid).target)
            start, end = ev.span_start or 0, ev.span_end or 0
            if before[start:end] != (ev.before or ""):
                # The log is replayed from active events only, so this should not happen; keep
                # the recorded text findable rather than mark the wrong words.
                found = before.find(ev.before or "")
                start, end = (found, found + len(ev.before or "")) if found >= 0 else (0, 0)
            errors.append(MqmError(sid, ev.category or "other", (ev.severity or "minor").lower(), "manual", before,
                                   start, end, ev.comment or "", ev.who, ev.seq))

    replay(session.store.events(active_only=True), session.position, observe)
    order = session.position
    errors.sort(key=lambda e: (order[e.segment_id], e.seq))
    return errors


def _check_severity(severity: str, seq: int) -> None:
    if severity.lower() not in ERROR_SEVERITIES:
        raise ReviewerError(f"session event {seq} has an unknown severity {severity!r}")


def source_words(text: str) -> int:
    """Words in a source text, as the engine's tokenizer counts them (punctuation is not a word)."""
    return len(tokenize(text))


# ---------------------------------------------------------------------------------------------
# Scorecard


@dataclass(slots=True)
class Scorecard:
    """MQM scorecard of a corpus: penalty points normalised per 1,000 source words."""

    errors: list[MqmError]
    """Every recorded error."""
    weights: MqmWeights
    """Penalty weights used."""
    segments: int
    """Segments in the corpus."""
    source_words: int
    """Source words in the corpus (the normalisation base)."""
    threshold: float
    """Pass when `per_1000_words` is at most this."""
    segment_penalties: dict[str, float] = field(default_factory=dict)
    """Penalty points per segment id (segments without errors are absent)."""

    @property
    def penalty(self) -> float:
        """Total penalty points."""
        return sum(self.weights.penalty(e.category, e.severity) for e in self.errors)

    @property
    def per_1000_words(self) -> float:
        """Penalty points per 1,000 source words."""
        return 1000.0 * self.penalty / self.source_words if self.source_words else 0.0

    @property
    def per_segment(self) -> float:
        """Average penalty per segment (the WMT studies' segment-level average)."""
        return self.penalty / self.segments if self.segments else 0.0

    @property
    def quality_score(self) -> float:
        """100 minus the penalty per 100 source words (can fall below zero)."""
        return 100.0 - self.per_1000_words / 10.0

    @property
    def passed(self) -> bool:
        """Whether the penalty per 1,000 words is within the threshold."""
        return self.per_1000_words <= self.threshold

    def by_category(self, *, top_level: bool = False) -> dict[str, dict[str, float]]:
        """Errors and penalty points by category, most penalised first."""
        out: dict[str, dict[str, float]] = {}
        for e in self.errors:
            key = e.category.split("/", 1)[0] if top_level else e.category
            row = out.setdefault(key, {"errors": 0, "penalty": 0.0})
            row["errors"] += 1
            row["penalty"] += self.weights.penalty(e.category, e.severity)
        return dict(sorted(out.items(), key=lambda kv: (-kv[1]["penalty"], -kv[1]["errors"], kv[0])))

    def by_severity(self) -> dict[str, int]:
        """Errors by severity (every severity listed, zeros included)."""
        counts = Counter(e.severity for e in self.errors)
        return {sev: counts.get(sev, 0) for sev in ERROR_SEVERITIES}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready scorecard."""
        return {
            "errors": len(self.errors),
            "penalty": round(self.penalty, 6),
            "source_words": self.source_words,
            "segments": self.segments,
            "per_1000_words": round(self.per_1000_words, 6),
            "per_segment": round(self.per_segment, 6),
            "quality_score": round(self.quality_score, 6),
            "threshold": self.threshold,
            "passed": self.passed,
            "weights": self.weights.to_dict(),
            "by_severity": self.by_severity(),
            "by_category": self.by_category(),
            "segment_penalties": {k: round(v, 6) for k, v in self.segment_penalties.items()},
            "error_list": [e.to_dict(self.weights) for e in self.errors],
        }


def build_scorecard(errors: Sequence[MqmError], *, segments: int, source_words: int,
                    weights: MqmWeights | None = None, threshold: float = DEFAULT_THRESHOLD) -> Scorecard:
    """Scorecard from a list of errors and the size of the corpus they were found in."""
    weights = weights or MqmWeights()
    per_segment: dict[str, float] = defaultdict(float)
    for e in errors:
        per_segment[e.segment_id] += weights.penalty(e.category, e.severity)
    return Scorecard(list(errors), weights, segments, source_words, threshold, dict(per_segment))


def session_scorecard(session: ReviewSession, *, weights: MqmWeights | None = None,
                      threshold: float = DEFAULT_THRESHOLD) -> Scorecard:
    """The MQM scorecard of a review session."""
    words = sum(source_words(seg.source) for seg in session.segments)
    return build_scorecard(session_errors(session), segments=len(session.segments), source_words=words,
                           weights=weights, threshold=threshold)


# ---------------------------------------------------------------------------------------------
# The WMT MQM tab-separated format

#: Columns of the WMT MQM files, in order (`comment` is absent from some older files).
WMT_COLUMNS = ("system", "doc", "doc_id", "seg_id", "rater", "source", "target", "category", "severity", "comment")
_REQUIRED = WMT_COLUMNS[:9]
_SPAN_RE = re.compile(r"<v>(.*?)</v>", re.DOTALL)


@dataclass(frozen=True, slots=True)
class MqmRating:
    """One row of a WMT MQM file: one error (or `No-error`) by one rater in one segment."""

    system: str
    """MT system (or human reference) that produced the target."""
    doc: str
    """Document name."""
    doc_id: str
    """1-based index of the segment within its document."""
    seg_id: str
    """Segment id across the test set."""
    rater: str
    """Rater id."""
    source: str
    """Source text (may carry the `<v>…</v>` span, for omissions)."""
    target: str
    """Target text with the error span marked `<v>…</v>`."""
    category: str
    """Error category (`Accuracy/Mistranslation`, `No-error`, `Non-translation!`)."""
    severity: str
    """`Minor`, `Major`, `Critical`, `Neutral` or `No-error`."""
    comment: str = ""
    """Rater's note."""

    def span(self) -> tuple[str, int, int] | None:
        """The target without marks and the marked span in it, or None when nothing is marked."""
        m = _SPAN_RE.search(self.target)
        if m is None:
            return None
        plain = self.target[:m.start()] + m.group(1) + _SPAN_RE.sub(r"\1", self.target[m.end():])
        return plain, m.start(), m.start() + len(m.group(1))

    def row(self) -> list[str]:
        """The ten fields, in file order."""
        return [self.system, self.doc, self.doc_id, self.seg_id, self.rater, self.source, self.target,
                self.category, self.severity, self.comment]


def read_wmt_tsv(path: str | Path) -> list[MqmRating]:
    """Read a WMT MQM file. Quoting is off (the files hold bare double quotes), the header row
    names the columns (any order; `comment` optional), and every problem names the line."""
    p = Path(path)
    try:
        with open_regular(p, "MQM file", ReviewerError) as fh:  # a FIFO or a device would never end
            text = fh.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 (byte {exc.start})", path=p) from None
    except OSError as exc:
        raise ReviewerError(f"cannot read: {exc.strerror}", path=p) from None
    return parse_wmt_tsv(text, path=p)


def parse_wmt_tsv(text: str, *, path: str | Path | None = None) -> list[MqmRating]:
    """Parse the text of a WMT MQM file (see `read_wmt_tsv`)."""
    # Quoting is off: a row is its line split on tabs (the files hold bare double quotes, which
    # a CSV reader with quoting on would pair up across rows). Only \n (or \r\n) ends a row.
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    rows = [(ln[:-1] if ln.endswith("\r") else ln).split("\t") for ln in lines]
    if not rows:
        raise FormatError("empty MQM file (expected a header: " + " ".join(WMT_COLUMNS) + ")", path=path)
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise FormatError(f"header lacks column(s) {', '.join(missing)} (expected: {' '.join(WMT_COLUMNS)})",
                          path=path, line=1)
    index = {name: header.index(name) for name in WMT_COLUMNS if name in header}
    weights = MqmWeights()
    ratings = []
    for lineno, row in enumerate(rows[1:], 2):
        if not row or row == [""]:
            continue
        if len(row) < len(_REQUIRED) or len(row) > len(header):
            raise FormatError(f"expected {len(header)} tab-separated fields, found {len(row)}", path=path, line=lineno)
        fields = {name: (row[i] if i < len(row) else "") for name, i in index.items()}
        try:
            weights.penalty(fields["category"], fields["severity"])
        except ValueError as exc:
            raise FormatError(str(exc), path=path, line=lineno) from None
        ratings.append(MqmRating(**{name: fields.get(name, "") for name in WMT_COLUMNS}))
    return ratings


def wmt_tsv(ratings: Iterable[MqmRating]) -> str:
    """Ratings as a WMT MQM file (header, then one row per rating)."""
    lines = ["\t".join(WMT_COLUMNS)]
    lines += ["\t".join(_field(v) for v in r.row()) for r in ratings]
    return "\n".join(lines) + "\n"


def _field(value: str) -> str:
    # The format has no quoting or escapes: a tab or line break inside a field would split the
    # row, so they become spaces (the only lossy step of an export).
    return re.sub(r"[\t\r\n]", " ", value)


@dataclass(frozen=True, slots=True)
class SegmentMqm:
    """The MQM score of one segment of one system."""

    system: str
    doc: str
    doc_id: str
    seg_id: str
    score: float
    """Mean over raters of each rater's summed penalties."""
    raters: int
    """How many raters rated the segment."""


def segment_scores(ratings: Iterable[MqmRating], weights: MqmWeights | None = None) -> list[SegmentMqm]:
    """Per-segment MQM scores: for each segment (system, doc, doc_id), each rater's penalties
    are summed (a `No-error` row adds 0, so error-free segments count) and averaged over raters."""
    weights = weights or MqmWeights()
    per_rater: dict[tuple[str, str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    seg_ids: dict[tuple[str, str, str], str] = {}
    for r in ratings:
        key = (r.system, r.doc, r.doc_id)
        per_rater[key][r.rater] += weights.penalty(r.category, r.severity)
        seg_ids.setdefault(key, r.seg_id)
    return [SegmentMqm(system, doc, doc_id, seg_ids[(system, doc, doc_id)], sum(raters.values()) / len(raters),
                       len(raters))
            for (system, doc, doc_id), raters in per_rater.items()]


def system_scores(ratings: Iterable[MqmRating], weights: MqmWeights | None = None) -> dict[str, float]:
    """System-level MQM scores, as in the WMT MQM studies: the mean over a system's segments of
    each segment's score (`segment_scores`). Lower is better; systems are listed best first."""
    by_system: dict[str, list[float]] = defaultdict(list)
    for seg in segment_scores(ratings, weights):
        by_system[seg.system].append(seg.score)
    scores = {system: sum(v) / len(v) for system, v in by_system.items()}
    return dict(sorted(scores.items(), key=lambda kv: (kv[1], kv[0])))


def wmt_category(category: str) -> str:
    """Our lower-case category in the capitalised style of the WMT files (`Accuracy/Mistranslation`)."""
    return "/".join(part[:1].upper() + part[1:] for part in category.split("/"))


def mark_span(text: str, start: int, end: int) -> str:
    """Text with `<v>…</v>` around the span."""
    return f"{text[:start]}<v>{text[start:end]}</v>{text[end:]}"


def session_ratings(session: ReviewSession, *, system: str = "MT", doc: str | None = None,
                    rater: str | None = None) -> list[MqmRating]:
    """A session's recorded errors as WMT MQM rows: one row per error, the span marked in the
    target it was found in, and a `No-error` row for every segment without errors so that the
    file scores the whole corpus. `doc_id` is the segment's 1-based position, `seg_id` its id."""
    doc_name = doc or session.corpus.name or "doc"
    errors_by_segment: dict[str, list[MqmError]] = defaultdict(list)
    for e in session_errors(session):
        errors_by_segment[e.segment_id].append(e)
    default_rater = rater or session.user
    rows = []
    for pos, seg in enumerate(session.segments, 1):
        errors = errors_by_segment.get(seg.id)
        if not errors:
            rows.append(MqmRating(system, doc_name, str(pos), seg.id, default_rater, seg.source, seg.target,
                                  "No-error", "No-error", ""))
            continue
        for e in errors:
            rows.append(MqmRating(system, doc_name, str(pos), seg.id, rater or e.rater, seg.source,
                                  mark_span(e.target, e.start, e.end), wmt_category(e.category),
                                  e.severity.capitalize(), e.comment if e.origin == "manual" else
                                  f"{e.origin}: {e.comment}".rstrip(": ")))
    return rows


__all__ = ["DEFAULT_THRESHOLD", "MqmError", "MqmRating", "MqmWeights", "Scorecard", "SegmentMqm", "WMT_COLUMNS",
           "build_scorecard", "changed_span", "mark_span", "parse_wmt_tsv", "read_wmt_tsv", "segment_scores",
           "session_errors", "session_ratings", "session_scorecard", "source_words", "system_scores", "wmt_category",
           "wmt_tsv"]
