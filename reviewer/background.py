"""Checking a whole corpus in another process, so that a review UI in this one stays responsive
(a thread would share the interpreter lock with the screen and slow every key press)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import resource_tracker
from pathlib import Path
from typing import Any

from reviewer.engine import Checker
from reviewer.model import Corpus, Flag, Severity


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
    _STATE["corpus"] = corpus
    _STATE["checker"] = Checker.for_corpus(corpus, [Path(g) for g in glossaries] or None)


def _contexts(edited: dict[str, str], start: int = 0, end: int | None = None) -> Iterator[Any]:
    checker: Checker = _STATE["checker"]
    for seg in _STATE["corpus"].segments[start:end]:
        yield checker.context(seg.id, seg.source, edited.get(seg.id, seg.target))


def _verdicts(edited: dict[str, str]) -> list[Any]:
    checker: Checker = _STATE["checker"]
    stats = [c.new_stats() for c in checker.corpus_checks]
    for ctx in _contexts(edited):
        for check, st in zip(checker.corpus_checks, stats):
            check.collect(st, ctx)
    verdicts = [c.decide(st) for c, st in zip(checker.corpus_checks, stats)]
    _STATE["verdicts"] = verdicts
    return verdicts


def _chunk(start: int, end: int, edited: dict[str, str]) -> list[SegmentSummary]:
    from reviewer.engine import merge_corpus_flags
    from reviewer.session import flag_keys

    checker: Checker = _STATE["checker"]
    verdicts = _STATE.get("verdicts") or []
    out = []
    for ctx in _contexts(edited, start, end):
        flags: list[Flag] = checker.check_context(ctx)
        if verdicts:
            corpus_flags = [f for c, v in zip(checker.corpus_checks, verdicts) for f in c.flags(v, ctx)]
            flags = merge_corpus_flags(flags, corpus_flags)
        out.append(SegmentSummary(ctx.id, ctx.target, tuple(f.rule for f in flags),
                                  tuple(f.severity.value for f in flags), tuple(flag_keys(flags))))
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

    def verdicts(self, edited: dict[str, str]) -> Future[list[Any]]:
        """Decide the corpus-level checks for the current targets (also used by the chunks)."""
        return self.pool.submit(_verdicts, dict(edited))

    def summaries(self, edited: dict[str, str], chunk: int = 250) -> Iterator[list[SegmentSummary]]:
        """Summaries of every segment, a chunk at a time, in order."""
        edited = dict(edited)
        futures = [self.pool.submit(_chunk, start, min(start + chunk, self.size), edited)
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
