"""The one place that reaches into sacrebleu's metric objects below their public API.

Post-edit scoring keeps per-segment sufficient statistics and sums them, so that rescoring after
one edit costs one segment; sacrebleu computes its corpus scores the same way, through methods it
does not document (`_extract_corpus_statistics`, `_compute_score_from_stats`, and the
preprocessing behind them). They have been stable across sacrebleu 2.x, which `pyproject.toml`
pins; if a release renames them, this module is what changes (and `tests/test_metrics.py`, which
compares our figures with `corpus_score` and `sentence_score`, says so)."""

from __future__ import annotations

from typing import Any

from sacrebleu.metrics.base import Metric
from sacrebleu.metrics.chrf import CHRF


def segment_statistics(metric: Metric, hypothesis: str, reference: str) -> tuple[float, ...]:
    """The metric's sufficient statistics of one segment against one reference."""
    return tuple(metric._extract_corpus_statistics([hypothesis], [[reference]])[0])


def score_from_statistics(metric: Metric, stats: tuple[float, ...]) -> float:
    """The metric's score from (summed) statistics."""
    # sacrebleu annotates counts as ints; TER's are floats. Either way a plain list of numbers.
    counts: list[Any] = list(stats)
    return float(metric._compute_score_from_stats(counts).score)


def preprocessed(metric: Metric, text: str) -> str:
    """A segment as the metric sees it before matching (case, tokenisation, white space)."""
    return str(metric._preprocess_segment(text))


def chrf_words(metric: CHRF, preprocessed_text: str) -> list[str]:
    """The words chrF++ counts in a preprocessed segment (punctuation split off)."""
    return list(metric._remove_punctuation(preprocessed_text))
