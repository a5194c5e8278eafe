"""Post-edit scores through sacrebleu's metric objects: HTER, chrF, chrF++ and BLEU, per segment
and for the corpus, each with its sacrebleu signature; and `SessionScores`, which keeps
per-segment statistics so that rescoring after one edit costs one segment."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sacrebleu.metrics import BLEU, CHRF, TER

from reviewer.core.errors import ReviewerError
from reviewer.scoring import sacrebleu_api

if TYPE_CHECKING:
    from reviewer.review.session import ReviewSession

#: Metric names, in the order they are reported. "hter" is TER with the post-edit as the
#: reference; against an independent reference the same figure is plain TER.
METRICS = ("hter", "chrf", "chrf++", "bleu")


@dataclass(frozen=True, slots=True)
class Scores:
    """One set of figures on sacrebleu's 0-100 scale (lower is better for HTER only)."""

    hter: float
    """Translation edit rate: edits (insertions, deletions, substitutions, shifts) per reference word × 100."""
    chrf: float
    """chrF (character 6-grams, beta 2)."""
    chrfpp: float
    """chrF++ (chrF plus word uni- and bigrams)."""
    bleu: float
    """BLEU (13a tokenisation, exponential smoothing; effective order at segment level)."""
    edits: float = 0.0
    """TER's edit count (the numerator of HTER)."""
    ref_words: float = 0.0
    """TER's reference length in words (the denominator of HTER)."""

    def to_dict(self, *, ter_name: str = "hter") -> dict[str, float]:
        """JSON-ready figures, keyed by metric name."""
        return {ter_name: self.hter, "chrf": self.chrf, "chrf++": self.chrfpp, "bleu": self.bleu}


@dataclass(frozen=True, slots=True)
class SegmentStats:
    """sacrebleu's sufficient statistics for one segment; corpus scores are computed from their sums."""

    ter: tuple[float, ...]
    chrf: tuple[float, ...]
    chrfpp: tuple[float, ...]
    bleu: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class SegmentScore:
    """The scores of one segment."""

    id: str
    """Segment id."""
    scores: Scores
    """Its figures."""


@dataclass(slots=True)
class ScoreReport:
    """Scores of a hypothesis against a reference, per segment and for the corpus."""

    corpus: Scores
    """Corpus-level figures (sacrebleu's corpus scores: statistics summed over segments)."""
    segments: list[SegmentScore]
    """Per-segment figures, in input order."""
    signatures: dict[str, str]
    """sacrebleu signature of every metric (`bleu` for the corpus, `bleu-segment` for sentences)."""

    def to_dict(self, *, ter_name: str = "hter") -> dict[str, Any]:
        """The documented JSON shape: `{"corpus": {..., "signatures": {...}}, "segments": [...]}`."""
        corpus: dict[str, Any] = self.corpus.to_dict(ter_name=ter_name)
        corpus["signatures"] = _rename_ter(self.signatures, ter_name)
        return {
            "corpus": corpus,
            "segments": [{"id": s.id, **s.scores.to_dict(ter_name=ter_name)} for s in self.segments],
        }


def _rename_ter(signatures: dict[str, str], ter_name: str) -> dict[str, str]:
    return {(ter_name if k == "hter" else k): v for k, v in signatures.items()}


def _sum(a: tuple[float, ...], b: tuple[float, ...], sign: int = 1) -> tuple[float, ...]:
    return tuple(x + sign * y for x, y in zip(a, b, strict=True))


class Scorer:
    """sacrebleu metric objects set up for post-edit scoring.

    TER is case-sensitive (`--ter-case-sensitive`): a post-editor's case fix (NVIDIA → Nvidia)
    is an edit. Every other option is sacrebleu's default, so the figures equal what
    `sacrebleu POST_EDIT -i MT -m bleu chrf ter --ter-case-sensitive` prints (chrF++: add
    `--chrf-word-order 2`; per segment: `--sentence-level`).

    Corpus scores are computed from summed per-segment statistics, exactly as sacrebleu's own
    `corpus_score` does (its `_extract_corpus_statistics` / `_compute_score_from_stats`, which
    its significance tests use too, reached through `sacrebleu_api`); a test pins the equality.
    """

    def __init__(self) -> None:
        self.ter = TER(case_sensitive=True)
        self.chrf = CHRF()
        self.chrfpp = CHRF(word_order=2)
        self.bleu = BLEU()
        # Sentence BLEU needs effective order (as the sacrebleu CLI does with --sentence-level);
        # its statistics are the same as corpus BLEU's, only the final formula differs.
        self.bleu_segment = BLEU(effective_order=True)
        for metric in (self.ter, self.chrf, self.chrfpp, self.bleu, self.bleu_segment):
            metric.num_refs = 1  # one reference per segment, for the signatures

    def stats(self, hypothesis: str, reference: str) -> SegmentStats:
        """Sufficient statistics of one segment."""
        if hypothesis == reference:
            return self.identity_stats(hypothesis)
        return SegmentStats(*(sacrebleu_api.segment_statistics(m, hypothesis, reference)
                              for m in (self.ter, self.chrf, self.chrfpp, self.bleu)))

    def identity_stats(self, text: str) -> SegmentStats:
        """Statistics of a segment scored against itself (an unedited segment), without
        sacrebleu's matching: every n-gram matches and TER has no edits. About ten times faster,
        which matters when a 100,000-segment corpus is scored before any edit; a property test
        checks that it equals sacrebleu's own statistics."""
        ter_words = len(sacrebleu_api.preprocessed(self.ter, text).split())
        ter = (0, float(ter_words))

        def chrf_stats(metric: CHRF) -> tuple[int, ...]:
            sent = sacrebleu_api.preprocessed(metric, text)
            chars = len(sent) if metric.whitespace else len("".join(sent.split()))
            out: list[int] = []
            for n in range(1, metric.char_order + 1):
                out += [max(0, chars - n + 1)] * 3
            if metric.word_order:
                words = len(sacrebleu_api.chrf_words(metric, sent))
                for n in range(1, metric.word_order + 1):
                    out += [max(0, words - n + 1)] * 3
            return tuple(out)

        tokens = len(sacrebleu_api.preprocessed(self.bleu, text).split())
        orders = range(1, self.bleu.max_ngram_order + 1)
        counts = [max(0, tokens - n + 1) for n in orders]
        bleu = (tokens, tokens, *counts, *counts)
        return SegmentStats(ter, chrf_stats(self.chrf), chrf_stats(self.chrfpp), bleu)

    def segment_scores(self, stats: SegmentStats) -> Scores:
        """Sentence-level figures from one segment's statistics."""
        return self._scores(stats, self.bleu_segment)

    def corpus_scores(self, stats: SegmentStats) -> Scores:
        """Corpus-level figures from summed statistics."""
        return self._scores(stats, self.bleu)

    def _scores(self, stats: SegmentStats, bleu: BLEU) -> Scores:
        score = sacrebleu_api.score_from_statistics
        return Scores(
            hter=score(self.ter, stats.ter),
            chrf=score(self.chrf, stats.chrf),
            chrfpp=score(self.chrfpp, stats.chrfpp),
            bleu=score(bleu, stats.bleu),
            edits=float(stats.ter[0]),
            ref_words=float(stats.ter[1]),
        )

    def zero(self) -> SegmentStats:
        """Statistics of an empty corpus (the identity for sums)."""
        empty = self.identity_stats("")
        return SegmentStats(*(tuple(0 for _ in part) for part in (empty.ter, empty.chrf, empty.chrfpp, empty.bleu)))

    def signatures(self) -> dict[str, str]:
        """sacrebleu signature of each metric, in its full (not short) form."""
        return {
            "hter": str(self.ter.get_signature().format()),
            "chrf": str(self.chrf.get_signature().format()),
            "chrf++": str(self.chrfpp.get_signature().format()),
            "bleu": str(self.bleu.get_signature().format()),
            "bleu-segment": str(self.bleu_segment.get_signature().format()),
        }


def add_stats(a: SegmentStats, b: SegmentStats, sign: int = 1) -> SegmentStats:
    """Element-wise a + b (or a - b with sign=-1)."""
    return SegmentStats(_sum(a.ter, b.ter, sign), _sum(a.chrf, b.chrf, sign),
                        _sum(a.chrfpp, b.chrfpp, sign), _sum(a.bleu, b.bleu, sign))


def score_pairs(ids: Sequence[str], hypotheses: Sequence[str], references: Sequence[str],
                scorer: Scorer | None = None) -> ScoreReport:
    """Score hypotheses against references, line by line and for the whole corpus."""
    if not len(ids) == len(hypotheses) == len(references):
        raise ReviewerError(
            f"cannot score: {len(hypotheses)} hypotheses, {len(references)} references and {len(ids)} ids")
    scorer = scorer or Scorer()
    total = scorer.zero()
    segments = []
    for seg_id, hyp, ref in zip(ids, hypotheses, references, strict=True):
        stats = scorer.stats(hyp, ref)
        total = add_stats(total, stats)
        segments.append(SegmentScore(seg_id, scorer.segment_scores(stats)))
    return ScoreReport(scorer.corpus_scores(total), segments, scorer.signatures())


@dataclass(slots=True)
class _Entry:
    mt: str
    post_edit: str
    stats: SegmentStats
    scores: Scores


@dataclass
class SessionScores:
    """Post-edit scores of a review in progress, kept up to date one segment at a time.

    Each segment's sacrebleu statistics are cached with the texts they were computed for, and
    the corpus totals are kept as a running sum: after an edit, `score_segment` rescores that
    segment only and `corpus()` costs one sum, not a pass over the corpus. Thread-safe, so a
    UI worker may fill it while the reviewer edits.
    """

    scorer: Scorer = field(default_factory=Scorer)
    _entries: dict[str, _Entry] = field(default_factory=dict, init=False)
    _total: SegmentStats | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @classmethod
    def for_session(cls, session: ReviewSession) -> SessionScores:
        """Scores of every segment: its MT against its current target."""
        scores = cls()
        for seg in session.segments:
            scores.score_segment(seg.id, seg.target, session.target(seg.id))
        return scores

    def score_segment(self, seg_id: str, mt: str, post_edit: str) -> Scores:
        """Score one segment (a cache hit when the texts have not changed) and update the totals."""
        with self._lock:
            entry = self._entries.get(seg_id)
            if entry is not None and entry.mt == mt and entry.post_edit == post_edit:
                return entry.scores
        stats = self.scorer.stats(mt, post_edit)  # outside the lock: this is the slow part
        scores = self.scorer.segment_scores(stats)
        with self._lock:
            total = self._total if self._total is not None else self.scorer.zero()
            old = self._entries.get(seg_id)
            if old is not None:
                total = add_stats(total, old.stats, -1)
            self._entries[seg_id] = _Entry(mt, post_edit, stats, scores)
            self._total = add_stats(total, stats)
        return scores

    def update_from_session(self, session: ReviewSession, seg_ids: Sequence[str]) -> None:
        """Rescore the given segments (e.g. those an edit, undo or redo touched)."""
        for seg_id in seg_ids:
            self.score_segment(seg_id, session.segment(seg_id).target, session.target(seg_id))

    def remove(self, seg_id: str) -> None:
        """Forget a segment."""
        with self._lock:
            old = self._entries.pop(seg_id, None)
            if old is not None and self._total is not None:
                self._total = add_stats(self._total, old.stats, -1)

    def segment(self, seg_id: str) -> Scores | None:
        """The cached scores of one segment, if it was scored."""
        with self._lock:
            entry = self._entries.get(seg_id)
            return entry.scores if entry else None

    def corpus(self) -> Scores:
        """Corpus-level scores of every segment scored so far."""
        with self._lock:
            total = self._total if self._total is not None else self.scorer.zero()
        return self.scorer.corpus_scores(total)

    def signatures(self) -> dict[str, str]:
        """sacrebleu signatures of the figures."""
        return self.scorer.signatures()

    def __len__(self) -> int:
        return len(self._entries)


def category_counts(session: ReviewSession, *, top_level: bool = False) -> Counter[str]:
    """How many recorded errors (confirmed flags and manual annotations) fall in each MQM
    category; with `top_level`, `accuracy/mistranslation` counts as `accuracy`."""
    from reviewer.scoring.mqm import session_errors

    counts: Counter[str] = Counter()
    for error in session_errors(session):
        counts[error.category.split("/", 1)[0] if top_level else error.category] += 1
    return counts


def severity_counts(session: ReviewSession) -> Counter[str]:
    """How many recorded errors have each severity (minor, major, critical)."""
    from reviewer.scoring.mqm import session_errors

    return Counter(error.severity for error in session_errors(session))


__all__ = ["METRICS", "Scorer", "Scores", "SegmentScore", "SegmentStats", "ScoreReport", "SessionScores",
           "add_stats", "category_counts", "score_pairs", "severity_counts"]
