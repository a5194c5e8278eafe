"""Worker processes: each builds its checker once, from a `CheckerSpec`, and keeps it for as long
as it lives. The streamed check's pool and the review UI's background process both start their
workers with `init_worker` and read the checker with `checker()`."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from reviewer.checking.engine import Checker, CheckerSpec

_STATE: dict[str, Any] = {}
"""This process's worker state: "spec", "checker", and what else the work needs ("texts")."""


def adopt(checker: Checker, spec: CheckerSpec) -> None:
    """Make a checker built here this process's worker checker: processes forked from this one
    (the default on Linux) find it built and do not load the glossary again."""
    _STATE["spec"], _STATE["checker"] = spec, checker


def init_worker(spec: CheckerSpec, texts: Any = None, nice: int = 0, verdicts: Any = None) -> None:
    """Set a worker process up: its checker (unless it inherited one for the same spec) and the
    data its tasks read (`texts`; `verdicts`, the corpus checks' verdicts of the run, sent once
    per worker instead of with every chunk); `nice` lowers its priority (background work)."""
    if nice and hasattr(os, "nice"):
        os.nice(nice)
    if _STATE.get("checker") is None or _STATE.get("spec") != spec:
        adopt(spec.build(), spec)
    if texts is not None:
        _STATE["texts"] = texts
    _STATE["verdicts"] = verdicts


def checker() -> Checker:
    """This worker's checker."""
    found = _STATE.get("checker")
    assert found is not None, "worker not initialised"
    return found


def state() -> dict[str, Any]:
    """This worker's state, for the data its tasks share between calls."""
    return _STATE


def default_jobs() -> int:
    """Worker processes by default: one per core."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def ordered(pool: ProcessPoolExecutor | None, fn: Callable[..., Any], chunks: Iterable[Any],
            *args: Any, window: int = 8) -> Iterator[Any]:
    """Results of fn(chunk, *args) in input order, with at most `window` chunks in flight (so a
    huge input is never read ahead into memory); in this process when there is no pool."""
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
