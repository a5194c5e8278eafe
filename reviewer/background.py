"""Checking a whole corpus in another process, so that a review UI in this one stays responsive
(a thread would share the interpreter lock with the screen and slow every key press)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import resource_tracker
from pathlib import Path
from typing import Any

from reviewer.engine import Checker
from reviewer.model import Corpus, Severity
from reviewer.stream import Run, collect_segment, memo_for, new_run, segment_flags


@dataclass(frozen=True)
class SegmentSummary:
    """What the list and the filters need to know about a checked segment."""

    segment_id: str
    target: str
    """The target that was checked (a later edit makes the summary stale)."""
    rules: tuple[str, ...]
    """Rule ids of the flags, in order."""
    severities: tuple[str, ...]
    """Severities of the same flags."""
    flag_keys: tuple[str, ...]
    """Keys of the same flags (to leave out dismissed ones)."""


_STATE: dict[str, Any] = {}


def _init(corpus: Corpus, glossaries: list[str]) -> None:
    if hasattr(os, "nice"):
        os.nice(10)  # background work: the screen's process comes first when they compete for a core
    _STATE["corpus"] = corpus
    _STATE["checker"] = Checker.for_corpus(corpus, [Path(g) for g in glossaries] or None)


def _texts(edited: dict[str, str], start: int = 0, end: int | None = None) -> Iterator[tuple[str, str, str]]:
    for seg in _STATE["corpus"].segments[start:end]:
        yield seg.id, seg.source, edited.get(seg.id, seg.target)


def _verdicts(edited: dict[str, str], run: Run) -> list[Any]:
    checker: Checker = _STATE["checker"]
    stats = [c.new_stats() for c in checker.corpus_checks]
    memo = memo_for("collect", run)
    for seg_id, source, target in _texts(edited):
        collect_segment(checker, stats, memo, seg_id, source, target)
    verdicts = [c.decide(st) for c, st in zip(checker.corpus_checks, stats)]
    _STATE["verdicts"] = verdicts
    return verdicts


def _chunk(start: int, end: int, edited: dict[str, str], run: Run) -> list[SegmentSummary]:
    from reviewer.session import flag_keys

    checker: Checker = _STATE["checker"]
    verdicts = _STATE.get("verdicts") or []
    memo = memo_for("check", run)
    out = []
    for seg_id, source, target in _texts(edited, start, end):
        flags, counted = segment_flags(checker, verdicts, memo, seg_id, source, target)
        out.append(SegmentSummary(seg_id, target, tuple(rule for _, rule, _ in counted),
                                  tuple(severity for severity, _, _ in counted), tuple(flag_keys(flags))))
    return out


class BackgroundChecker:
    """One worker process that holds its own copy of the corpus and checker."""

    def __init__(self, corpus: Corpus, glossaries: list[str]) -> None:
        # "spawn": a forked copy of a process running a UI (and its threads) is not safe.
        # The resource tracker is a helper process that is started with this process's stderr;
        # start it now, while a UI has not yet taken over the terminal's streams.
        resource_tracker.ensure_running()
        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_init, initargs=(corpus, glossaries))
        self.size = len(corpus.segments)
        self.run = new_run()

    def verdicts(self, edited: dict[str, str]) -> Future[list[Any]]:
        """Decide the corpus-level checks for the current targets (also used by the chunks).
        Each call starts a new run: a repeated pair is checked once within it."""
        self.run = new_run()
        return self.pool.submit(_verdicts, dict(edited), self.run)

    def summaries(self, edited: dict[str, str], chunk: int = 250) -> Iterator[list[SegmentSummary]]:
        """Summaries of every segment, a chunk at a time, in order (after `verdicts`)."""
        edited = dict(edited)
        futures = [self.pool.submit(_chunk, start, min(start + chunk, self.size), edited, self.run)
                   for start in range(0, self.size, chunk)]
        for future in futures:
            yield future.result()

    def close(self) -> None:
        """Stop the worker (pending chunks are dropped)."""
        self.pool.shutdown(wait=False, cancel_futures=True)


def open_counts(summary: SegmentSummary, dismissed: dict[str, str] | None) -> tuple[int, int, int]:
    """Open flags of a summary by severity (critical, major, minor), dismissed ones left out."""
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
