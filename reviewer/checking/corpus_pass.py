"""The one corpus pass. Corpus-level checks (consistency across segments) work in two passes:
`collect` each segment into small statistics, `merge` the statistics of several workers, `decide`
a verdict; then each segment is checked with the verdicts (`segment_flags`). The streamed
`reviewer check`, the review UI's background process, the review session and an in-memory
`Checker.check_corpus` all call these functions, so they give the same flags.

A repeated (source, target) pair is worked out once per run and per process (`Memo`): checks
read nothing but the two texts and the run's verdicts."""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from reviewer.checks import CorpusCheck, SegmentContext, fires
from reviewer.core.model import Flag, Severity

if TYPE_CHECKING:
    from reviewer.checking.engine import Checker

#: Distinct (source, target) pairs whose flags a streamed check keeps, per process, for the
#: pair's repeats (`reviewer check --repeat-cache`); 0 checks every occurrence afresh.
REPEAT_CACHE = 10_000

Texts = tuple[str, str, str, str] | tuple[str, str, str]
"""A segment as the passes read it: (id, source, target, hints) (`core.hints`), or (id, source,
target) for plain text."""


class Memo:
    """What one run worked out for a (source, target) pair, kept for the pair's repeats: checks
    read nothing but the two texts (and the run's corpus-level verdicts), so a repeated segment
    gets the same flags. Bounded: the `size` pairs used last are kept (memory stays flat).

    It pays for itself only where pairs repeat: keeping a pair costs a key and, in the first
    pass, statistics of its own merged in. So it watches its hits: after a window of `WINDOW`
    lookups with fewer than `WINDOW // MIN_HIT_SHARE` hits (text that does not repeat, the
    usual case) it stands aside for `PAUSE` segments (`use` says so; those segments are checked
    the plain way), then looks again. Flags are the same either way."""

    __slots__ = ("run", "kind", "size", "entries", "_looked", "_hits", "_paused")

    WINDOW = 2048
    """Lookups after which the memo judges its hits."""
    MIN_HIT_SHARE = 256
    """At least one lookup in this many must hit for the memo to stay in use. (Low: the first
    window of a repetitive corpus hits little, since the memo has seen little yet; text that
    does not repeat hits nothing at all.)"""
    PAUSE = 32 * WINDOW
    """Segments the memo stands aside for before it looks again."""

    def __init__(self, run: bytes, kind: str, size: int) -> None:
        self.run, self.kind, self.size = run, kind, size
        self.entries: OrderedDict[tuple[str, str, str], Any] = OrderedDict()
        self._looked = self._hits = self._paused = 0

    def use(self) -> bool:
        """Whether to look the next segment up (and keep it): False while the memo stands aside."""
        if self._paused:
            self._paused -= 1
            return False
        return True

    def get(self, key: tuple[str, str, str]) -> Any:
        """The value kept for a pair (None when there is none); marks it as used last."""
        value = self.entries.get(key)
        self._looked += 1
        if value is not None:
            self._hits += 1
            self.entries.move_to_end(key)
        if self._looked >= self.WINDOW:
            if self._hits * self.MIN_HIT_SHARE < self._looked:
                self._paused = self.PAUSE
            self._looked = self._hits = 0
        return value

    def put(self, key: tuple[str, str, str], value: Any) -> None:
        """Keep a pair's value, forgetting the pair used longest ago when full."""
        self.entries[key] = value
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)


Run = tuple[bytes, int]
"""What a worker needs to know of the run it works for: a token that tells one run from the
next (a worker may outlive a run; a memo never does) and the memo's size."""

_MEMO: list[Memo] = []
"""The memo in use in this process (one at a time: a pass's memo is dropped when the next pass starts)."""


def new_run(repeat_cache: int | None = None) -> Run:
    """A run with a memo of `repeat_cache` pairs per process (default `REPEAT_CACHE`; 0: none)."""
    return os.urandom(8), REPEAT_CACHE if repeat_cache is None else max(0, repeat_cache)


def memo_for(kind: str, run: Run) -> Memo | None:
    """This process's memo for the `kind` of pass ("collect", "check") of `run`: the one in use,
    or a fresh one that replaces it when the run or the pass is new; None when off."""
    token, size = run
    if size <= 0:
        return None
    if not _MEMO or _MEMO[0].run != token or _MEMO[0].kind != kind:
        _MEMO[:] = [Memo(token, kind, size)]
    return _MEMO[0]


def drop_memo() -> None:
    """Forget this process's memo (a run in this process has ended)."""
    _MEMO.clear()


# ---------------------------------------------------------------------------------------------
# First pass: collect, merge, decide


def new_stats(checker: Checker) -> list[Any]:
    """Empty statistics, one per corpus-level check."""
    return [c.new_stats() for c in checker.corpus_checks]


def collect_context(checks: Sequence[CorpusCheck], stats: list[Any], ctx: SegmentContext) -> None:
    """Add one analysed segment to the statistics of each check."""
    for check, st in zip(checks, stats):
        if check.trigger is None or fires(check, ctx):
            check.collect(st, ctx)


def collect_segment(checker: Checker, stats: list[Any], memo: Memo | None,
                    seg_id: str, source: str, target: str, hints: str = "") -> None:
    """The corpus-level first pass over one segment: add what it shows to `stats` (one per
    corpus check). With a memo, a pair is collected once on its own and merged in at every
    occurrence (so repeats count as often as they occur)."""
    checks = checker.corpus_checks
    if memo is None or not memo.use():
        collect_context(checks, stats, checker.context(seg_id, source, target, hints))
        return
    key = (source, target, hints)
    parts = memo.get(key)
    if parts is None:
        parts = new_stats(checker)
        collect_context(checks, parts, checker.context(seg_id, source, target, hints))
        memo.put(key, parts)
    for check, st, part in zip(checks, stats, parts):
        check.merge(st, part)


def collect(checker: Checker, segments: Iterable[Texts], memo: Memo | None = None) -> list[Any]:
    """The statistics of some segments (a worker's chunk, or a whole corpus)."""
    stats = new_stats(checker)
    for texts in segments:  # (id, source, target[, hints])
        collect_segment(checker, stats, memo, *texts)
    return stats


def merge(checker: Checker, total: list[Any], part: list[Any]) -> None:
    """Add the statistics of another chunk or worker to `total`."""
    for check, st, other in zip(checker.corpus_checks, total, part):
        check.merge(st, other)


def decide(checker: Checker, stats: list[Any]) -> list[Any]:
    """The corpus-level checks' verdicts (small and picklable) from the merged statistics."""
    return [c.decide(st) for c, st in zip(checker.corpus_checks, stats)]


def flags_under(checks: Sequence[CorpusCheck], verdicts: list[Any], ctx: SegmentContext) -> list[Flag]:
    """One segment's flags from the corpus-level checks under their verdicts, in check order."""
    return [f for check, verdict in zip(checks, verdicts) if check.trigger is None or fires(check, ctx)
            for f in check.flags(verdict, ctx)]


def verdicts(checker: Checker, segments: Iterable[Texts], memo: Memo | None = None) -> list[Any]:
    """The whole first pass in this process: collect every segment, then decide."""
    return decide(checker, collect(checker, segments, memo))


# ---------------------------------------------------------------------------------------------
# Second pass: each segment's flags under the verdicts

Known = tuple[tuple[Flag, ...], tuple[tuple[str, str, str], ...]]
"""A segment's flags, and their (severity value, rule, category)."""


def segment_flags(checker: Checker, verdicts: list[Any] | None, memo: Memo | None,
                  seg_id: str, source: str, target: str, hints: str = "") -> Known:
    """One segment's flags, corpus-level ones (from the first pass's `verdicts`) merged in."""
    if memo is not None and not memo.use():
        memo = None
    key = (source, target, hints)
    known = memo.get(key) if memo is not None else None
    if known is None:
        ctx = checker.context(seg_id, source, target, hints)
        flags = checker.with_corpus_flags(checker.check_context(ctx), ctx, verdicts)
        known = (tuple(flags), tuple((f.severity.value, f.rule, f.category) for f in flags))
        if memo is not None:
            memo.put(key, known)
    return known


def corpus_flags(checks: Sequence[CorpusCheck], contexts: Sequence[SegmentContext]) -> Iterator[tuple[str, Flag]]:
    """(segment id, flag) of the corpus-level checks, for segments held in memory: both passes,
    segment by segment in order."""
    stats = [c.new_stats() for c in checks]
    for ctx in contexts:
        collect_context(checks, stats, ctx)
    decided = [c.decide(st) for c, st in zip(checks, stats)]
    for ctx in contexts:
        for flag in flags_under(checks, decided, ctx):
            yield ctx.id, flag


SEVERITY_BY_VALUE = {s.value: s for s in Severity}
