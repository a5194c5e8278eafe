"""Checking corpora of any size: segments are streamed from disk, checked in chunks by worker
processes, and handed back in input order, so memory stays flat and output starts at once."""

from __future__ import annotations

import codecs
import gc
import os
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer.checks import CorpusCheck
from reviewer.engine import REPEAT_CACHE, Checker, SegmentResult
from reviewer.errors import CorpusError
from reviewer.formats import load_corpus
from reviewer.formats.base import iter_text_lines
from reviewer.formats.tsv import iter_tsv
from reviewer.glossary import load_glossaries
from reviewer.model import Flag, Segment, SegmentStatus, Severity

#: Segments per task sent to a worker process.
CHUNK = 400
#: Below this many segments, worker processes cost more than they save.
PARALLEL_THRESHOLD = 3000

SegmentSource = Callable[[], Iterator[Segment]]
"""A function that starts a fresh pass over the segments (corpus checks read them twice)."""


@dataclass(frozen=True)
class CheckerSpec:
    """Everything needed to build the same Checker in another process."""

    glossaries: tuple[str, ...] = ()
    source_lang: str = "en"
    target_lang: str = "id"
    only: tuple[str, ...] | None = None
    skip: tuple[str, ...] | None = None

    def build(self) -> Checker:
        """A checker for this spec."""
        glossary = load_glossaries(self.glossaries) if self.glossaries else None
        return Checker(glossary, source_lang=self.source_lang, target_lang=self.target_lang,
                       only=list(self.only) if self.only else None, skip=list(self.skip) if self.skip else None)


@dataclass
class Opened:
    """A corpus ready to be streamed."""

    segments: SegmentSource
    source_lang: str = "en"
    target_lang: str = "id"
    glossaries: list[Path] = field(default_factory=list)
    count: int | None = None
    """Number of segments, when known without reading them all."""


# ---------------------------------------------------------------------------------------------
# Streaming readers


def _scan_lines(path: Path, what: str) -> int:
    """Count lines and prove the file is UTF-8, reading it in chunks (nothing is kept)."""
    if not path.exists():
        raise CorpusError(f"{what} not found", path=path)
    if path.is_dir():
        raise CorpusError(f"{what} is a directory, expected a file", path=path)
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 0
    offset = 0
    last = b""
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line = lines + chunk.count(b"\n", 0, max(0, exc.start)) + 1
                raise CorpusError(f"invalid UTF-8 (byte offset {offset + exc.start}); save the file as UTF-8",
                                  path=path, line=line) from None
            lines += chunk.count(b"\n")
            offset += len(chunk)
            last = chunk[-1:]
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise CorpusError("invalid UTF-8 at the end of the file", path=path, line=lines + 1) from None
    if offset and last != b"\n":
        lines += 1
    return lines


def open_line_pair(source: str | Path, target: str | Path) -> Opened:
    """Two line-aligned files, validated up front (line counts, UTF-8), then streamed."""
    src, tgt = Path(source), Path(target)
    n_src, n_tgt = _scan_lines(src, "source file"), _scan_lines(tgt, "target file")
    if n_src != n_tgt:
        raise CorpusError(
            f"line counts differ: source {src} has {n_src} lines, target {tgt} has {n_tgt} lines; "
            "the files must be line-aligned", path=tgt)

    def segments() -> Iterator[Segment]:
        for i, (s, t) in enumerate(zip(iter_text_lines(src), iter_text_lines(tgt)), 1):
            yield Segment(str(i), s, t)

    return Opened(segments, count=n_src)


def open_corpus(corpus: str | Path | None, source: str | Path | None, target: str | Path | None) -> Opened:
    """A streamable view of any corpus: line pairs and TSV stream from disk; other formats are
    loaded whole (their structure needs it)."""
    if source is not None or target is not None:
        if corpus is not None:
            raise CorpusError("give either a corpus file or --source/--target, not both")
        if source is None or target is None:
            raise CorpusError("--source and --target must be given together")
        return open_line_pair(source, target)
    if corpus is not None and Path(corpus).suffix.lower() in (".tsv", ".tab") and Path(corpus).is_file():
        path = Path(corpus)
        count = sum(1 for _ in iter_tsv(path))  # validates the whole file before any output
        return Opened(lambda: iter_tsv(path), count=count)
    loaded = load_corpus(corpus)
    return Opened(lambda: iter(loaded.segments), loaded.source_lang, loaded.target_lang, list(loaded.glossaries),
                  count=len(loaded.segments))


# ---------------------------------------------------------------------------------------------
# Workers

_WORKER: Checker | None = None
_WORKER_SPEC: CheckerSpec | None = None


def _init_worker(spec: CheckerSpec) -> None:
    global _WORKER, _WORKER_SPEC
    if _WORKER is not None and _WORKER_SPEC == spec:
        return  # forked from the parent with the checker already built (glossary loaded once)
    _WORKER, _WORKER_SPEC = spec.build(), spec


def _worker() -> Checker:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER


Packed = Segment | tuple[str, str, str]


def _pack(seg: Segment) -> Packed:
    """A segment as sent to a worker: (id, source, target) when it has nothing else (a tuple
    pickles ten times faster than a dataclass), else the Segment."""
    if seg.status is SegmentStatus.TRANSLATED and not seg.note and not seg.extra:
        return seg.id, seg.source, seg.target
    return seg


def _unpack(packed: Packed) -> Segment:
    return packed if isinstance(packed, Segment) else Segment(*packed)


class _Memo:
    """What one run worked out for a (source, target) pair, kept for the pair's repeats: checks
    read nothing but the two texts (and the run's corpus-level verdicts), so a repeated segment
    gets the same flags. Bounded: the `size` pairs used last are kept (memory stays flat)."""

    __slots__ = ("run", "kind", "size", "entries")

    def __init__(self, run: bytes, kind: str, size: int) -> None:
        self.run, self.kind, self.size = run, kind, size
        self.entries: OrderedDict[tuple[str, str], Any] = OrderedDict()

    def get(self, key: tuple[str, str]) -> Any:
        value = self.entries.get(key)
        if value is not None:
            self.entries.move_to_end(key)
        return value

    def put(self, key: tuple[str, str], value: Any) -> None:
        self.entries[key] = value
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)


Run = tuple[bytes, int]
"""What a worker needs to know of the run it works for: a token that tells one run from the
next (a worker may outlive a run; a memo never does) and the memo's size."""

_MEMO: list[_Memo] = []
"""The memo in use in this process (one at a time: a pass's memo is dropped when the next pass starts)."""


def new_run(repeat_cache: int | None = None) -> Run:
    """A run with a memo of `repeat_cache` pairs per process (default `REPEAT_CACHE`; 0: none)."""
    return os.urandom(8), REPEAT_CACHE if repeat_cache is None else max(0, repeat_cache)


def memo_for(kind: str, run: Run) -> _Memo | None:
    """This process's memo for the `kind` of pass ("collect", "check") of `run`: the one in use,
    or a fresh one that replaces it when the run or the pass is new; None when off."""
    token, size = run
    if size <= 0:
        return None
    if not _MEMO or _MEMO[0].run != token or _MEMO[0].kind != kind:
        _MEMO[:] = [_Memo(token, kind, size)]
    return _MEMO[0]


def collect_segment(checker: Checker, stats: list[Any], memo: _Memo | None,
                    seg_id: str, source: str, target: str) -> None:
    """The corpus-level first pass over one segment: add what it shows to `stats` (one per
    corpus check). With a memo, a pair is collected once on its own and merged in at every
    occurrence (so repeats count as often as they occur)."""
    checks = checker.corpus_checks
    if memo is None:
        ctx = checker.context(seg_id, source, target)
        for check, st in zip(checks, stats):
            check.collect(st, ctx)
        return
    key = (source, target)
    parts = memo.get(key)
    if parts is None:
        ctx = checker.context(seg_id, source, target)
        parts = [c.new_stats() for c in checks]
        for check, part in zip(checks, parts):
            check.collect(part, ctx)
        memo.put(key, parts)
    for check, st, part in zip(checks, stats, parts):
        check.merge(st, part)


Known = tuple[tuple[Flag, ...], tuple[tuple[str, str, str], ...]]
"""A segment's flags, and their (severity value, rule, category)."""


def segment_flags(checker: Checker, verdicts: list[Any] | None, memo: _Memo | None,
                  seg_id: str, source: str, target: str) -> Known:
    """One segment's flags, corpus-level ones (from the first pass's `verdicts`) merged in."""
    key = (source, target)
    known = memo.get(key) if memo is not None else None
    if known is None:
        ctx = checker.context(seg_id, source, target)
        flags = checker.with_corpus_flags(checker.check_context(ctx), ctx, verdicts)
        known = (tuple(flags), tuple((f.severity.value, f.rule, f.category) for f in flags))
        if memo is not None:
            memo.put(key, known)
    return known


def _collect_chunk(chunk: list[Packed], run: Run) -> list[Any]:
    checker = _worker()
    stats = [c.new_stats() for c in checker.corpus_checks]
    memo = memo_for("collect", run)
    for packed in chunk:
        seg_id, source, target = packed if isinstance(packed, tuple) else (packed.id, packed.source, packed.target)
        collect_segment(checker, stats, memo, seg_id, source, target)
    return stats


def _check_chunk(chunk: list[Packed], verdicts: list[Any] | None, run: Run,
                 render: Render | None = None) -> tuple[list[Any], list[str]]:
    """Results of a chunk: SegmentResults, or with `render` (text, [(severity value, rule,
    category)]) tuples, which pickle much faster than objects (`_stream` makes them Rendered)."""
    checker = _worker()
    before = len(checker.warnings)
    memo = memo_for("check", run)
    out: list[Any] = []
    for packed in chunk:
        seg = _unpack(packed)
        flags, counted = segment_flags(checker, verdicts, memo, seg.id, seg.source, seg.target)
        result = SegmentResult(seg, list(flags))
        out.append(result if render is None else (render(result), counted))
    return out, checker.warnings[before:]


_SEVERITY = {s.value: s for s in Severity}

Render = Callable[[SegmentResult], "str | None"]
"""Turns a result into its output text (None: nothing to write); must be picklable for --jobs."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """A result already turned into output text by a worker, with what a Summary counts (the
    main process then only writes: no results to unpickle, no JSON to encode)."""

    text: str | None
    flags: list[tuple[Severity, str, str]]
    """(severity, rule, category) of each flag."""


def _chunks(segments: Iterable[Segment], size: int) -> Iterator[list[Packed]]:
    chunk: list[Packed] = []
    for seg in segments:
        chunk.append(_pack(seg))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ordered(pool: ProcessPoolExecutor | None, fn: Callable[..., Any], chunks: Iterable[list[Packed]],
             *args: Any, window: int = 8) -> Iterator[Any]:
    """Results of fn(chunk, *args) in input order, with at most `window` chunks in flight (so a
    huge input is never read ahead into memory)."""
    if pool is None:
        for chunk in chunks:
            yield fn(chunk, *args)
        return
    pending: deque[Future[Any]] = deque()
    for chunk in chunks:
        pending.append(pool.submit(fn, chunk, *args))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def default_jobs() -> int:
    """Worker processes by default: one per core."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def check_stream(opened: Opened, spec: CheckerSpec, jobs: int | None = None,
                 warnings: list[str] | None = None, checker: Checker | None = None,
                 repeat_cache: int | None = None) -> Iterator[SegmentResult]:
    """Check every segment, in input order. Corpus-level checks take a first, lighter pass.
    Problems met on the way (a glossary regex that timed out) are appended to `warnings`.
    `checker`, when given, must be built from `spec`; it saves building it again here.
    A repeated (source, target) pair is checked once and its flags reused: each process keeps
    the last `repeat_cache` distinct pairs (default `REPEAT_CACHE`; 0 checks every one afresh)."""
    return _stream(opened, spec, jobs, warnings, checker, None, repeat_cache)


def check_stream_rendered(opened: Opened, spec: CheckerSpec, render: Render, jobs: int | None = None,
                          warnings: list[str] | None = None, checker: Checker | None = None,
                          repeat_cache: int | None = None) -> Iterator[Rendered]:
    """`check_stream`, with each result turned into output text by `render` where it was checked."""
    return _stream(opened, spec, jobs, warnings, checker, render, repeat_cache)


def _stream(opened: Opened, spec: CheckerSpec, jobs: int | None, warnings: list[str] | None,
            checker: Checker | None, render: Render | None, repeat_cache: int | None) -> Iterator[Any]:
    global _WORKER, _WORKER_SPEC
    jobs = default_jobs() if jobs is None else max(1, jobs)
    run = new_run(repeat_cache)
    if opened.count is not None and opened.count < PARALLEL_THRESHOLD:
        jobs = 1
    checker = checker or spec.build()
    # Workers started by fork (the default on Linux) inherit this checker instead of loading
    # the glossary again; with spawn they build their own from the spec.
    _WORKER, _WORKER_SPEC = checker, spec
    # The checker (a large glossary is hundreds of thousands of objects) lives for the whole
    # run: keep it out of garbage collections, which would also copy its pages into each fork.
    gc.freeze()
    pool = ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(spec,)) if jobs > 1 else None
    try:
        verdicts = None
        if checker.corpus_checks:
            merged = [c.new_stats() for c in checker.corpus_checks]
            for stats in _ordered(pool, _collect_chunk, _chunks(opened.segments(), CHUNK * 2), run):
                for check, total, part in zip(checker.corpus_checks, merged, stats):
                    check.merge(total, part)
            verdicts = [c.decide(st) for c, st in zip(checker.corpus_checks, merged)]
        for results, problems in _ordered(pool, _check_chunk, _chunks(opened.segments(), CHUNK), verdicts, run, render):
            if warnings is not None:
                warnings.extend(problems)
            if render is None:
                yield from results
            else:
                for text, flags in results:
                    yield Rendered(text, [(_SEVERITY[sev], rule, cat) for sev, rule, cat in flags])
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        _MEMO.clear()  # with one job the memo was this process's: it is not needed after the run


__all__ = ["CheckerSpec", "Opened", "Rendered", "check_stream", "check_stream_rendered", "default_jobs", "open_corpus", "open_line_pair", "CorpusCheck"]
