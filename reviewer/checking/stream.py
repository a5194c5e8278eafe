"""Checking corpora of any size: segments are streamed from disk (`reviewer.formats.open_stream`),
checked in chunks by worker processes, and handed back in input order, so memory stays flat and
output starts at once. The corpus-level checks' two passes are those of `corpus_pass`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

from reviewer.checking import corpus_pass, workers
from reviewer.checking.corpus_pass import Run
from reviewer.checking.engine import Checker, CheckerSpec, SegmentResult
from reviewer.core.hints import is_fuzzy, segment_hints
from reviewer.core.model import Segment, SegmentStatus, Severity
from reviewer.formats import CorpusStream
from reviewer.glossary.budget import Timeout, TimeoutLog

#: Segments per task sent to a worker process.
CHUNK = 400
#: Below this many segments, worker processes cost more than they save.
PARALLEL_THRESHOLD = 3000

Packed = Segment | tuple[str, str, str]


def _pack(seg: Segment) -> Packed:
    """A segment as sent to a worker: (id, source, target) when it has nothing else (a tuple
    pickles ten times faster than a dataclass), else the Segment."""
    if seg.status is SegmentStatus.TRANSLATED and not seg.note and not seg.extra:
        return seg.id, seg.source, seg.target
    return seg


def _unpack(packed: Packed) -> Segment:
    return packed if isinstance(packed, Segment) else Segment(*packed)


def _texts(packed: Packed) -> tuple[str, str, str, str]:
    if isinstance(packed, tuple):
        return (*packed, "")
    return packed.id, packed.source, packed.target, segment_hints(packed.extra, packed.status is SegmentStatus.NEW)


def _collect_chunk(chunk: list[Packed], run: Run) -> list[Any]:
    """A worker's part of the first pass: the statistics of its chunk."""
    return corpus_pass.collect(workers.checker(), map(_texts, chunk), corpus_pass.memo_for("collect", run))


#: Sent with each chunk in place of the verdicts, which the workers of the checking pass were
#: given once when they started (a large verdict pickled with every chunk cost more than the
#: checks of a repeated corpus).
_IN_WORKER = "verdicts: in the worker"


def _check_chunk(chunk: list[Packed], verdicts: list[Any] | str | None, run: Run,
                 render: Render | None = None) -> tuple[list[Any], list[Timeout]]:
    """Results of a chunk: SegmentResults, or with `render` (text, [(severity value, rule,
    category)]) tuples, which pickle much faster than objects (`_stream` makes them Rendered);
    and the glossary regexes that timed out on the chunk (each process keeps its own budget)."""
    checker = workers.checker()
    if isinstance(verdicts, str):  # (`_IN_WORKER`: the verdicts came with the worker)
        verdicts = workers.state()["verdicts"]
    assert not isinstance(verdicts, str)
    before = len(checker.timeouts)
    memo = corpus_pass.memo_for("check", run)
    out: list[Any] = []
    for packed in chunk:
        seg = _unpack(packed)
        flags, counted = corpus_pass.segment_flags(checker, verdicts, memo, seg.id, seg.source, seg.target,
                                                   segment_hints(seg.extra, seg.status is SegmentStatus.NEW)
                                                   if seg.extra or seg.status is SegmentStatus.NEW else "")
        result = SegmentResult(seg, list(flags))
        out.append(result if render is None else (render(result), counted, bool(seg.extra) and is_fuzzy(seg.extra)))
    return out, checker.timeouts[before:]


Render = Callable[[SegmentResult], "str | None"]
"""Turns a result into its output text (None: nothing to write); must be picklable for --jobs."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """A result already turned into output text by a worker, with what a Summary counts (the
    main process then only writes: no results to unpickle, no JSON to encode)."""

    text: str | None
    flags: list[tuple[Severity, str, str]]
    """(severity, rule, category) of each flag."""
    fuzzy: bool = False
    """Whether the segment is marked fuzzy (`core.hints.is_fuzzy`)."""


def _chunks(segments: Iterable[Segment], size: int) -> Iterator[list[Packed]]:
    chunk: list[Packed] = []
    for seg in segments:
        chunk.append(_pack(seg))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def check_stream(opened: CorpusStream, spec: CheckerSpec, jobs: int | None = None,
                 warnings: list[str] | None = None, checker: Checker | None = None,
                 repeat_cache: int | None = None, timeouts: TimeoutLog | None = None) -> Iterator[SegmentResult]:
    """Check every segment, in input order. Corpus-level checks take a first, lighter pass.
    Glossary regexes that timed out are counted in `timeouts` as the results come in, and
    summed up in `warnings` (one line per rule or term) when the last result is out.
    `checker`, when given, must be built from `spec`; it saves building it again here.
    A repeated (source, target) pair is checked once and its flags reused: each process keeps
    the last `repeat_cache` distinct pairs (default `REPEAT_CACHE`; 0 checks every one afresh)."""
    return _stream(opened, spec, jobs, warnings, checker, None, repeat_cache, timeouts)


def check_stream_rendered(opened: CorpusStream, spec: CheckerSpec, render: Render, jobs: int | None = None,
                          warnings: list[str] | None = None, checker: Checker | None = None,
                          repeat_cache: int | None = None, timeouts: TimeoutLog | None = None) -> Iterator[Rendered]:
    """`check_stream`, with each result turned into output text by `render` where it was checked."""
    return _stream(opened, spec, jobs, warnings, checker, render, repeat_cache, timeouts)


def _stream(opened: CorpusStream, spec: CheckerSpec, jobs: int | None, warnings: list[str] | None,
            checker: Checker | None, render: Render | None, repeat_cache: int | None,
            timeouts: TimeoutLog | None) -> Iterator[Any]:
    jobs = workers.default_jobs() if jobs is None else max(1, jobs)
    run = corpus_pass.new_run(repeat_cache)
    if opened.count is not None and opened.count < PARALLEL_THRESHOLD:
        jobs = 1
    log = timeouts if timeouts is not None else TimeoutLog()
    first: Checker | None = None
    if checker is None and jobs > 1 and spec.glossaries:
        # The first pass needs no glossary: its workers start on a checker without one while
        # this process loads the glossary (a second or more for a large one) beside them.
        first_spec = replace(spec, glossaries=())
        first = first_spec.build()
        if not first.corpus_checks:
            first = None  # (no first pass to do meanwhile)
    loading: Future[Checker] | None = None
    pool: ProcessPoolExecutor | None = None
    if first is not None:
        workers.adopt(first, first_spec)
        pool = ProcessPoolExecutor(jobs, initializer=workers.init_worker, initargs=(first_spec,))
        pool.submit(int).result()  # (all forked by now: none is forked while the loading thread runs)
        # (the thread holds the interpreter lock most of the time, but this process has little
        # else to do meanwhile: it hands out chunks and adds up what comes back)
        loader = ThreadPoolExecutor(1, thread_name_prefix="reviewer-glossary")
        loading = loader.submit(spec.build)
        loader.shutdown(wait=False)  # (the thread ends with the build; nothing waits for it here)
    else:
        checker = checker or spec.build()
        checker.new_run()  # (before the workers are forked: each starts with the whole time budget)
        # Workers started by fork (the default on Linux) inherit this checker instead of loading
        # the glossary again; with spawn they build their own from the spec.
        workers.adopt(checker, spec)
        pool = ProcessPoolExecutor(jobs, initializer=workers.init_worker, initargs=(spec,)) if jobs > 1 else None
    try:
        verdicts = None
        counting = first or checker
        assert counting is not None
        if counting.corpus_checks:
            merged = corpus_pass.new_stats(counting)
            for stats in workers.ordered(pool, _collect_chunk, _chunks(opened.segments(), CHUNK * 2), run):
                corpus_pass.merge(counting, merged, stats)
                if loading is not None and loading.done() and loading.exception() is not None:
                    loading.result()  # (raises: a bad glossary stops the run now, not after the pass)
            if loading is not None:
                checker = loading.result()
                checker.new_run()
                workers.adopt(checker, spec)  # (the checking pass's workers are forked from here below)
            assert checker is not None
            verdicts = corpus_pass.decide(checker, merged)  # (the glossary's forms are preferred)
        assert checker is not None
        sent: list[Any] | str | None = verdicts
        if pool is not None and verdicts is not None:
            # New workers for the checking pass, each given the verdicts once.
            pool.shutdown()
            pool = ProcessPoolExecutor(jobs, initializer=workers.init_worker, initargs=(spec, None, 0, verdicts))
            sent = _IN_WORKER
        chunks = _chunks(opened.segments(), CHUNK)
        for results, timed_out in workers.ordered(pool, _check_chunk, chunks, sent, run, render):
            if timed_out:
                log.add(timed_out)
            if render is None:
                yield from results
            else:
                for text, flags, fuzzy in results:
                    yield Rendered(text, [(corpus_pass.SEVERITY_BY_VALUE[sev], rule, cat) for sev, rule, cat in flags],
                                   fuzzy)
        if warnings is not None:
            warnings.extend(log.warnings())
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        corpus_pass.drop_memo()  # with one job the memo was this process's: it is not needed after the run


__all__ = ["Rendered", "check_stream", "check_stream_rendered"]
