"""Checking a corpus split into shards, one task per shard, on a Dask cluster (`dask.distributed`)
or in local worker processes, with the same flags as one process over the whole corpus.

Two passes, as in `corpus_pass`: a task per shard returns the shard's statistics for the
corpus-level checks, which this process merges (in shard order, so that ties fall as they do in
one pass over the whole) and decides; then a task per shard checks it under the verdicts and
turns its results into text with the command's renderer, and returns the text or writes it to
the shard's own file. A result is taken only from a task that ended well, and a file is renamed
into place only when it is whole, so a task run again after its worker died adds nothing twice.

What every task reads (the checker's spec, the renderer, the verdicts) reaches each worker once,
not with each task: in a Dask worker plugin (which a worker that joins later, or restarts after
dying, gets too), or given to each local process as it starts; the checker is built once per
worker process from the spec, and kept. Dask is imported only here, inside the
functions that need it: the base install has none."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from reviewer.checking import corpus_pass, workers
from reviewer.checking.corpus_pass import SEVERITY_BY_VALUE, Run
from reviewer.checking.engine import Checker, CheckerSpec, SegmentResult, Summary
from reviewer.checking.stream import Render
from reviewer.core.errors import ReviewerError
from reviewer.core.model import Segment, Severity
from reviewer.formats.base import atomic_write
from reviewer.formats.shards import DASK_HINT, read_shard
from reviewer.glossary.budget import Timeout


@dataclass(frozen=True, slots=True)
class Layout:
    """How the rendered results of a shard are joined into text, and into a file of their own."""

    suffix: str
    """The ending of a shard's result file (`part-07.jsonl`)."""
    head: str = ""
    """Opens a result file (the CSV header, JSON's `{"segments": [`)."""
    item: str = ""
    """Goes before each result (JSON: a line break and an indent)."""
    separator: str = ""
    """Goes between two results (JSON: a comma); a text of results also joins to the next one with it."""
    tail: str = ""
    """Closes a result file."""

    def join(self, texts: Iterable[str]) -> str:
        """Results as one text (to write after another shard's, with `separator` between)."""
        return self.separator.join(self.item + text for text in texts)


@dataclass(frozen=True)
class ShardRun:
    """What every task of a run reads: sent to each worker once, not with each task."""

    spec: CheckerSpec
    run: Run
    """The run's token and repeat memo size (`corpus_pass.new_run`)."""
    render: Render
    """Turns a result into its output text (None: nothing to write); picklable."""
    layout: Layout
    demoted: dict[str, str] = field(default_factory=dict)
    """Rule → `minor` or `hidden`: how the summary counts a rule's flags (the renderer shows them so)."""


@dataclass(frozen=True, slots=True)
class ShardTask:
    """One shard to check."""

    index: int
    """Its place in the sorted list of shards."""
    path: str
    out: str | None = None
    """The file its results are written to; None: they are returned."""


@dataclass
class ShardDone:
    """A checked shard: its counts, and its results as text (or where they were written)."""

    index: int
    path: str
    summary: Summary
    met: Counter[str]
    """Rule → its flags (before demotion), for the demoted and hidden rules."""
    timeouts: list[Timeout]
    """The glossary regexes that timed out on this shard."""
    body: str = ""
    """The results, joined by `Layout.join` ("" when there are none, or they were written)."""
    written: str | None = None


# ---------------------------------------------------------------------------------------------
# The tasks (run in a worker)

#: One task at a time per process: a Dask worker may run several threads, and the memo, the
#: checker's time budget and the worker state are a process's own. Checking holds the GIL all
#: the time anyway, so threads would add nothing but races.
_TASK_LOCK = threading.Lock()

Given = tuple[ShardRun, Any] | str
"""What a task reads besides its shard: (the run, the verdicts) themselves (in this process), or
the name under which its worker holds them (`_RUNS`)."""

_RUNS: dict[str, tuple[ShardRun, Any]] = {}
"""The runs this worker process holds, by name: (the run, the pass's verdicts), given once when
the process started (local processes) or set by a Dask worker plugin (`_hold_run_plugin`)."""


def _hold(name: str, job: ShardRun, verdicts: Any) -> None:
    """Keep a pass's run and verdicts in this worker process (a process pool's initializer)."""
    _RUNS[name] = (job, verdicts)


def _drop(name: str) -> None:
    """Forget a pass's run in this worker process (the pass has ended)."""
    _RUNS.pop(name, None)


def _given(given: Given) -> tuple[ShardRun, Any]:
    if not isinstance(given, str):
        return given
    found = _RUNS.get(given)
    if found is None:  # (not expected: the pool's initializer or the plugin sets it first)
        raise RuntimeError(f"this worker was not given the run {given}")
    return found


def _checker(spec: CheckerSpec, run: Run) -> Checker:
    """This worker's checker for `spec`, built on first use and kept; a new run starts with the
    glossary's whole regex time budget."""
    state = workers.state()
    if state.get("checker") is None or state.get("spec") != spec:
        workers.adopt(spec.build(), spec)
    checker = workers.checker()
    if state.get("shard run") != run[0]:
        checker.new_run()
        state["shard run"] = run[0]
    return checker


def collect_shard(path: str, given: Given) -> tuple[list[Any], int]:
    """The first pass over one shard: its corpus-level statistics, and its number of segments."""
    job, _ = _given(given)
    with _TASK_LOCK:
        checker = _checker(job.spec, job.run)
        pairs = read_shard(path)
        return corpus_pass.collect(checker, pairs, corpus_pass.memo_for("collect", job.run)), len(pairs)


def check_shard(task: ShardTask, given: Given) -> ShardDone:
    """The second pass over one shard: each segment's flags under the run's verdicts, rendered;
    the text is returned, or written whole to `task.out` (atomically: a task run again after
    its worker died replaces the file, never appends to it)."""
    job, verdicts = _given(given)
    with _TASK_LOCK:
        checker = _checker(job.spec, job.run)
        before = len(checker.timeouts)
        memo = corpus_pass.memo_for("check", job.run)
        summary, met = Summary(), Counter[str]()
        texts: list[str] = []
        for seg_id, source, target in read_shard(task.path):
            flags, counted = corpus_pass.segment_flags(checker, verdicts, memo, seg_id, source, target)
            text = job.render(SegmentResult(Segment(seg_id, source, target), list(flags)))
            if text is not None:
                texts.append(text)
            summary.add_flags(_counted(counted, job.demoted, met))
        timeouts = checker.timeouts[before:]
    body = job.layout.join(texts)
    if task.out is None:
        return ShardDone(task.index, task.path, summary, met, timeouts, body)
    layout = job.layout
    atomic_write(task.out, (layout.head + body + layout.tail).encode("utf-8"))
    return ShardDone(task.index, task.path, summary, met, timeouts, written=task.out)


def _counted(flags: Iterable[tuple[str, str, str]], demoted: dict[str, str], met: Counter[str]
             ) -> list[tuple[Severity, str, str]]:
    """A segment's (severity value, rule, category) flags as the summary counts them: a
    demoted rule's as minor, a hidden rule's not at all (each counted in `met`)."""
    out = []
    for value, rule, category in flags:
        to = demoted.get(rule) if demoted else None
        if to is not None:
            met[rule] += 1
            if to == "hidden":
                continue
        out.append((Severity.MINOR if to == "minor" else SEVERITY_BY_VALUE[value], rule, category))
    return out


def add_summary(total: Summary, part: Summary) -> None:
    """Add the counts of one shard's summary to the run's."""
    total.by_sev.update(part.by_sev)
    total.by_rule.update(part.by_rule)
    total.by_cat.update(part.by_cat)
    total.segments += part.segments
    total.flagged += part.flagged
    total.total += part.total
    total.fuzzy += part.fuzzy
    total.flagged_fuzzy += part.flagged_fuzzy
    if part.worst is not None and (total.worst is None or part.worst.rank > total.worst.rank):
        total.worst = part.worst


# ---------------------------------------------------------------------------------------------
# Where the tasks run


class Runner(Protocol):
    """Runs tasks: on a Dask cluster (`DaskRunner`) or in local processes (`LocalRunner`)."""

    def share(self, name: str, job: ShardRun, verdicts: Any) -> Given:
        """Give every worker a pass's run and verdicts, once, under `name`; returns what stands
        for them in the tasks' arguments."""
        ...

    def run(self, fn: Callable[..., Any], items: list[Any], given: Given) -> Iterator[tuple[int, Any]]:
        """(position of the item, fn(item, given)) for every item, as each ends."""
        ...

    def release(self, name: str) -> None:
        """Forget what `share` gave the workers under `name`."""
        ...


class LocalRunner:
    """Tasks in this machine's worker processes (`concurrent.futures`), or in this process
    with one job. Processes forked from this one find the checker built (`workers.adopt`)."""

    def __init__(self, jobs: int, checker: Checker, spec: CheckerSpec) -> None:
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None
        workers.adopt(checker, spec)

    def share(self, name: str, job: ShardRun, verdicts: Any) -> Given:
        if self.jobs <= 1:
            return job, verdicts
        self.close()  # (a pool per pass: its processes are given the pass's verdicts as they start)
        self.pool = ProcessPoolExecutor(self.jobs, initializer=_hold, initargs=(name, job, verdicts))
        return name

    def run(self, fn: Callable[..., Any], items: list[Any], given: Given) -> Iterator[tuple[int, Any]]:
        if self.pool is None:
            for i, item in enumerate(items):
                yield i, fn(item, given)
            return
        pending = {self.pool.submit(fn, item, given): i for i, item in enumerate(items)}
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield pending.pop(future), future.result()
        finally:
            for future in pending:
                future.cancel()

    def release(self, name: str) -> None:
        pass  # (the pool's processes end with the pool)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


class DaskRunner:
    """Tasks on a Dask cluster, one per shard. Dask runs a task again when its worker dies
    (`distributed.scheduler.allowed-failures` times), and a result is taken only from a task
    that ended: nothing is lost, nothing comes twice.

    A pass's run and verdicts reach the workers in a worker plugin: the scheduler hands it to
    each worker once, and to every worker that joins later, a restarted one too (data scattered
    to the workers would be lost for good if every worker holding it died)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def share(self, name: str, job: ShardRun, verdicts: Any) -> Given:
        self.client.register_plugin(_hold_run_plugin(name, job, verdicts), name=name)
        return name

    def run(self, fn: Callable[..., Any], items: list[Any], given: Given) -> Iterator[tuple[int, Any]]:
        from distributed import as_completed
        from distributed.comm.core import CommClosedError
        from distributed.scheduler import KilledWorker

        prefix = f"reviewer-{fn.__name__.replace('_', '-')}"
        futures = [self.client.submit(fn, item, given, key=f"{prefix}-{i:06d}-{given}", pure=False)
                   for i, item in enumerate(items)]
        where = {future.key: i for i, future in enumerate(futures)}
        try:
            for future, result in as_completed(futures, with_results=True):
                if future.status != "finished":  # (cancelled: by the scheduler, or the client closed)
                    raise ReviewerError(f"Dask cancelled the task of shard {where[future.key] + 1}: {result!r}")
                yield where[future.key], result
        except KilledWorker as exc:
            raise ReviewerError(f"Dask gave up on a shard after its workers died: {exc} (out of memory? "
                                "see the workers' logs)") from None
        except CommClosedError as exc:
            raise ReviewerError(f"lost the connection to the Dask scheduler: {exc}") from None
        except ImportError as exc:
            raise ReviewerError(f"a Dask worker cannot run reviewer ({exc}): install the same reviewer, with "
                                f"{DASK_HINT}, where the workers run") from None
        finally:
            self.client.cancel(futures)

    def release(self, name: str) -> None:
        try:
            self.client.unregister_worker_plugin(name)
        except (ValueError, OSError):
            pass  # (gone already, with the workers or the scheduler)


def _hold_run_plugin(name: str, job: ShardRun, verdicts: Any) -> Any:
    """A Dask worker plugin that keeps a pass's run and verdicts in each worker process (`_RUNS`)
    from when it joins until the pass ends."""
    from distributed import WorkerPlugin

    # (The class is pickled by value, being local; what it calls, by reference: module
    # functions, so that they act on the worker's own `_RUNS`.)
    class HoldRun(WorkerPlugin):
        def __init__(self) -> None:
            self.name, self.job, self.verdicts = name, job, verdicts

        def setup(self, worker: Any) -> None:
            _hold(self.name, self.job, self.verdicts)

        def teardown(self, worker: Any) -> None:
            _drop(self.name)

    return HoldRun()


@contextmanager
def dask_client(address: str, on_dashboard: Callable[[str], None] | None = None) -> Iterator[Any]:
    """A Dask client: of a `LocalCluster` started here for `local:N` (N worker processes of one
    thread each; `on_dashboard` is told its dashboard's address), or connected to the scheduler
    at `address` (`tcp://HOST:PORT`). Both are closed on the way out."""
    try:
        import logging

        from distributed import Client, LocalCluster
    except ImportError:
        raise ReviewerError(f"--cluster needs Dask: {DASK_HINT}") from None
    if address.startswith("local:"):
        count = address.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ReviewerError(f"--cluster {address}: expected local:N with N worker processes, e.g. local:4")
        cluster = LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True,
                               silence_logs=logging.ERROR)
        try:
            if on_dashboard is not None:
                on_dashboard(cluster.dashboard_link)
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    if "://" not in address:
        raise ReviewerError(f"--cluster {address}: expected local:N or a scheduler's address, tcp://HOST:PORT")
    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ReviewerError(f"--cluster {address}: cannot reach the Dask scheduler ({exc})") from None
    try:
        yield client
    finally:
        client.close()


# ---------------------------------------------------------------------------------------------
# The run


Progress = Callable[[str, int, int, int], None]
"""Told (pass name, shards done, shards in all, segments done) as each shard ends."""


@dataclass
class Timings:
    """Where a run's time went, in seconds (for the benchmarks)."""

    collect: float = 0.0
    """The first pass, up to the last shard's statistics."""
    merge: float = 0.0
    """Merging the shards' statistics and deciding, in this process."""
    check: float = 0.0
    """The second pass."""


def check_shards(paths: list[Path], job: ShardRun, checker: Checker, runner: Runner,
                 outs: list[Path] | None = None, progress: Progress | None = None,
                 timings: Timings | None = None) -> Iterator[ShardDone]:
    """Check every shard; the results come in shard order. `checker` is this process's, built
    from `job.spec`; `outs`, when given, are the files the shards' results go to."""
    timings = timings if timings is not None else Timings()
    token = job.run[0].hex()
    verdicts = None
    if checker.corpus_checks:
        start = time.perf_counter()
        merged = corpus_pass.new_stats(checker)
        collected = _pass(runner, f"reviewer-run-{token}-statistics", collect_shard, [str(p) for p in paths], job, None)
        for stats, _ in _in_order(_told(collected, "statistics", len(paths), progress, lambda r: r[1])):
            started = time.perf_counter()
            corpus_pass.merge(checker, merged, stats)
            timings.merge += time.perf_counter() - started
        started = time.perf_counter()
        verdicts = corpus_pass.decide(checker, merged)
        del merged
        timings.merge += time.perf_counter() - started
        timings.collect = time.perf_counter() - start - timings.merge
    start = time.perf_counter()
    tasks = [ShardTask(i, str(p), None if outs is None else str(outs[i])) for i, p in enumerate(paths)]
    checked = _pass(runner, f"reviewer-run-{token}-checking", check_shard, tasks, job, verdicts)
    yield from _in_order(_told(checked, "checking", len(paths), progress, lambda r: r.summary.segments))
    timings.check = time.perf_counter() - start


def _pass(runner: Runner, name: str, fn: Callable[..., Any], items: list[Any], job: ShardRun,
          verdicts: Any) -> Iterator[tuple[int, Any]]:
    """One pass: the workers given the run and the verdicts under `name`, every item's task run,
    and the workers told to forget them (whether the pass ended well or not)."""
    given = runner.share(name, job, verdicts)
    try:
        yield from runner.run(fn, items, given)
    finally:
        runner.release(name)


def _told(results: Iterator[tuple[int, Any]], name: str, total: int, progress: Progress | None,
          segments_of: Callable[[Any], int]) -> Iterator[tuple[int, Any]]:
    """The results, with `progress` told of each as it ends."""
    done = segments = 0
    for i, result in results:
        done, segments = done + 1, segments + segments_of(result)
        if progress is not None:
            progress(name, done, total, segments)
        yield i, result


def _in_order(results: Iterator[tuple[int, Any]]) -> Iterator[Any]:
    """Results that end in any order, handed on in the order of their positions (those that end
    early wait for the ones before them)."""
    waiting: dict[int, Any] = {}
    following = 0
    for i, result in results:
        waiting[i] = result
        while following in waiting:
            yield waiting.pop(following)
            following += 1


__all__ = ["DaskRunner", "Layout", "LocalRunner", "Progress", "ShardDone", "ShardRun", "ShardTask",
           "Timings", "add_summary", "check_shard", "check_shards", "collect_shard", "dask_client"]
