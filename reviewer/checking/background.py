"""Checking a whole corpus in another process, so that a review UI in this one stays responsive
(a thread would share the interpreter lock with the screen and slow every key press)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import resource_tracker
from typing import Any

from reviewer.checking import corpus_pass, workers
from reviewer.checking.corpus_pass import Run
from reviewer.checking.engine import CheckerSpec
from reviewer.core.hints import segment_hints
from reviewer.core.model import Corpus, SegmentStatus, flag_keys


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


def _texts(edited: dict[str, str], start: int = 0, end: int | None = None) -> Iterator[tuple[str, str, str, str]]:
    for seg in workers.state()["texts"][start:end]:
        yield seg.id, seg.source, edited.get(seg.id, seg.target), segment_hints(seg.extra, seg.status is SegmentStatus.NEW)


def _verdicts(edited: dict[str, str], run: Run) -> list[Any]:
    checker = workers.checker()
    verdicts = corpus_pass.verdicts(checker, _texts(edited), corpus_pass.memo_for("collect", run))
    workers.state()["verdicts"] = verdicts
    return verdicts


def _chunk(start: int, end: int, edited: dict[str, str], run: Run) -> list[SegmentSummary]:
    checker = workers.checker()
    verdicts = workers.state().get("verdicts") or []
    memo = corpus_pass.memo_for("check", run)
    out = []
    for seg_id, source, target, hints in _texts(edited, start, end):
        flags, counted = corpus_pass.segment_flags(checker, verdicts, memo, seg_id, source, target, hints)
        out.append(SegmentSummary(seg_id, target, tuple(rule for _, rule, _ in counted),
                                  tuple(severity for severity, _, _ in counted), tuple(flag_keys(flags))))
    return out


class BackgroundChecker:
    """One worker process that holds its own copy of the corpus and checker."""

    def __init__(self, corpus: Corpus, spec: CheckerSpec) -> None:
        # "spawn": a forked copy of a process running a UI (and its threads) is not safe.
        # The resource tracker is a helper process that is started with this process's stderr;
        # start it now, while a UI has not yet taken over the terminal's streams.
        resource_tracker.ensure_running()
        # nice 10: background work; the screen's process comes first when they compete for a core.
        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=workers.init_worker, initargs=(spec, corpus.segments, 10))
        self.size = len(corpus.segments)
        self.run = corpus_pass.new_run()

    def verdicts(self, edited: dict[str, str]) -> Future[list[Any]]:
        """Decide the corpus-level checks for the current targets (also used by the chunks).
        Each call starts a new run: a repeated pair is checked once within it."""
        self.run = corpus_pass.new_run()
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
