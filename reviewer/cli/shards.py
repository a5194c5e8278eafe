"""`reviewer check --shards GLOB`: a corpus split into shards, one task per shard, on a Dask
cluster (`--cluster local:N` or `tcp://HOST:PORT`) or in this machine's worker processes, with
the flags one `reviewer check` over the whole corpus would give (`checking.cluster`)."""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from reviewer.checking import corpus_pass, workers
from reviewer.checking.engine import Checker, Summary
from reviewer.cli import check
from reviewer.cli.command import ExitCode
from reviewer.core.errors import ReviewerError
from reviewer.core.paths import check_folder_destination
from reviewer.core.text import visible
from reviewer.formats.shards import expand_shards, shard_name
from reviewer.glossary.budget import TimeoutLog

if TYPE_CHECKING:
    from reviewer.checking.cluster import Layout, Runner, ShardDone, ShardRun

#: The file beside the shards' result files that sums the run up.
SUMMARY_FILE = "summary.json"


def add_shard_options(p: argparse.ArgumentParser) -> None:
    """`--shards`, `--cluster`, `--out` and `--progress`, on `reviewer check`."""
    group = p.add_argument_group("a corpus in shards (Dask and Parquet: pip install \"reviewer[dask]\")")
    group.add_argument("--shards", metavar="GLOB",
                       help="check the files this quoted pattern names, in sorted order, one task each: "
                            "TSV (id<TAB>source<TAB>target, .tsv or .tsv.gz) or Parquet (id, source, target "
                            "columns); corpus-level checks see all of them")
    group.add_argument("--cluster", metavar="ADDRESS",
                       help="with --shards: run on Dask, local:N (a cluster of N processes started here) or "
                            "tcp://HOST:PORT (a running scheduler); default: this machine's worker processes (--jobs)")
    group.add_argument("--out", metavar="DIR",
                       help=f"with --shards: write each shard's results to DIR/NAME.FORMAT and the counts to "
                            f"DIR/{SUMMARY_FILE} instead of the standard output")
    group.add_argument("--progress", action="store_true",
                       help="with --shards: report shards done and pairs per second on stderr (the default "
                            "when stderr is a terminal)")


def cmd_check_shards(args: argparse.Namespace, out: IO[str]) -> int:
    """Check every shard; results go to the standard output in shard order, or to `--out`."""
    # (imported here, not at the top: every `reviewer` command builds this parser)
    from reviewer.checking.cluster import ShardRun, add_summary, check_shards

    if args.shards is None:
        used = [o for o, v in (("--cluster", args.cluster), ("--out", args.out), ("--progress", args.progress)) if v]
        raise ReviewerError(f"{' and '.join(used)} go{'es' if len(used) == 1 else ''} with --shards GLOB")
    for name, given in (("a corpus", args.corpus), ("--source", args.source), ("--target", args.target),
                        ("--postedit", args.postedit)):
        if given:
            raise ReviewerError(f"--shards takes the place of {name}: give one or the other")
    paths = expand_shards(args.shards)
    names = [shard_name(p) for p in paths]
    spec = check._spec(args, _ShardCorpus())
    if args.cluster:  # (the workers may run elsewhere, in other folders: they are given whole paths)
        paths = [p.absolute() for p in paths]
        spec = dataclasses.replace(spec, glossaries=tuple(str(Path(g).absolute()) for g in spec.glossaries))
        args.out = str(Path(args.out).absolute()) if args.out else None
    demoted = check._Demoted(args)  # a bad reviewer.toml fails here, before any work
    checker = spec.build()  # likewise a bad glossary or check id
    layout = _layout(args.format, files=args.out is not None)
    outs = _destinations(args.out, names, layout, [*paths, *spec.glossaries]) if args.out else None
    colour = args.out is None and (args.color == "always" or (
        args.color == "auto" and out.isatty() and not os.environ.get("NO_COLOR")))
    width = None if args.out else check.terminal_width(out)
    job = ShardRun(spec, corpus_pass.new_run(args.repeat_cache), check._Renderer(args.format, colour, width, demoted.to),
                   layout, demoted.to)
    progress = _Progress(sys.stderr) if args.progress or sys.stderr.isatty() else None
    summary, met, timeouts = Summary(), Counter[str](), TimeoutLog()
    shards: list[dict[str, Any]] = []
    wrote_any = False
    if args.format == "json" and outs is None:
        out.write('{"segments": [')
    elif args.format == "csv" and outs is None:
        out.write(layout.head)
    with _runner(args, job, checker, len(paths)) as runner:
        for done in check_shards(paths, job, checker, runner, outs, progress):
            add_summary(summary, done.summary)
            met.update(done.met)
            timeouts.add(done.timeouts)
            shards.append(_shard_entry(done))
            if done.body:
                out.write((layout.separator if wrote_any else "") + done.body)
                wrote_any = True
    demoted.met = dict(met)
    counts = summary.to_dict()
    if timeouts:
        counts["timeouts"] = timeouts.to_json()
    if demoted.acted():
        counts["demoted"] = demoted.to_json()
    if outs is not None:
        _write_summary(Path(args.out), counts, shards)
        print(f"reviewer: {len(paths)} shards, {summary.segments} segments, {summary.flagged} flagged, "
              f"{summary.total} flags: results in {visible(args.out, one_line=True)}, counts in {SUMMARY_FILE}",
              file=sys.stderr)
    elif args.format == "json":
        out.write('\n],\n"summary": ' + json.dumps(counts, ensure_ascii=False, indent=2) + "}\n")
    elif args.format == "text":
        check._print_summary(counts, out, check._Style(colour))
    if outs is not None or args.format != "text":
        for line in demoted.lines():
            print(f"reviewer: note: {line}", file=sys.stderr)
    else:
        for line in demoted.lines():
            out.write(check._wrapped(line, width, "") + "\n")
    for warning in dict.fromkeys(timeouts.warnings()):
        print(f"reviewer: warning: {visible(warning, one_line=True)}", file=sys.stderr)
    threshold = check._fail_threshold(args.fail_on)
    if threshold is not None and summary.worst is not None and summary.worst.rank >= threshold.rank:
        return ExitCode.FLAGGED
    return ExitCode.OK


class _ShardCorpus:
    """What the checker's spec reads of a corpus, for shards: English → Indonesian, and no
    glossary of its own (`--glossary` names them)."""

    source_lang = "en"
    target_lang = "id"
    glossaries: tuple[str, ...] = ()


def _layout(fmt: str, *, files: bool) -> Layout:
    """How results are joined: in a shard's own file (`files`), or after each other on stdout."""
    from reviewer.checking.cluster import Layout

    if fmt == "json":
        return Layout("json", '{"segments": [' if files else "", "\n  ", ",", "\n]}\n" if files else "")
    if fmt == "csv":
        return Layout("csv", ",".join(check.CSV_FLAG_COLUMNS) + "\n")
    return Layout("txt" if fmt == "text" else fmt)


def _destinations(folder: str, names: list[str], layout: Layout, inputs: list[Any]) -> list[Path]:
    """The result file of each shard in `folder`, checked before any work: two shards of one name
    (in different folders) would write one file, and no result may land on an input."""
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in seen:
            raise ReviewerError(f"--out: two shards are named {name!r} ({i + 1} and {seen[name] + 1} in sorted order); "
                                "their results would go to one file")
        seen[name] = i
    files = [f"{name}.{layout.suffix}" for name in names]
    if SUMMARY_FILE in files:
        raise ReviewerError(f"--out: a shard's results would overwrite {SUMMARY_FILE}; rename the shard")
    paths = check_folder_destination(folder, [*files, SUMMARY_FILE], inputs)
    return paths[:-1]


def _shard_entry(done: ShardDone) -> dict[str, Any]:
    counts = done.summary.to_dict()
    return {"shard": done.path, "file": done.written, "segments": counts["segments"],
            "flagged_segments": counts["flagged_segments"], "flags": counts["flags"]}


def _write_summary(folder: Path, counts: dict[str, Any], shards: list[dict[str, Any]]) -> None:
    from reviewer.formats.base import atomic_write

    text = json.dumps({"summary": counts, "shards": shards}, ensure_ascii=False, indent=2) + "\n"
    atomic_write(folder / SUMMARY_FILE, text.encode("utf-8"))


@contextmanager
def _runner(args: argparse.Namespace, job: ShardRun, checker: Checker, shards: int) -> Iterator[Runner]:
    """Where the tasks run: a Dask cluster for `--cluster`, else this machine's worker
    processes (`--jobs`, at most one per shard)."""
    from reviewer.checking.cluster import DaskRunner, LocalRunner, dask_client

    if args.cluster:
        with dask_client(args.cluster, _say_dashboard) as client:
            yield DaskRunner(client)
        return
    jobs = workers.default_jobs() if args.jobs is None else args.jobs
    local = LocalRunner(min(jobs, shards), checker, job.spec)
    try:
        yield local
    finally:
        local.close()
        corpus_pass.drop_memo()  # (with one job the memo was this process's)


def _say_dashboard(link: str) -> None:
    need = "" if importlib.util.find_spec("bokeh") else " (its pages need bokeh: pip install bokeh)"
    print(f"reviewer: Dask dashboard: {link}{need}", file=sys.stderr)


class _Progress:
    """Shards done and pairs (segments) per second on stderr: one line rewritten on a terminal, else a
    line at most every `EVERY` seconds, and the last of each pass."""

    EVERY = 5.0

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.started = self.said = time.perf_counter()

    def __call__(self, name: str, done: int, total: int, segments: int) -> None:
        now = time.perf_counter()
        line = (f"reviewer: {name}: shards {done}/{total}, {segments:,} pairs, "
                f"{segments / max(now - self.started, 1e-9):,.0f} pairs/s")
        last = done == total
        if self.tty:
            self.stream.write("\r\x1b[K" + line + ("\n" if last else ""))
        elif last or now - self.said >= self.EVERY:
            self.stream.write(line + "\n")
            self.said = now
        self.stream.flush()
        if last:
            self.started = now  # (each pass has its own rate)


__all__ = ["SUMMARY_FILE", "add_shard_options", "cmd_check_shards"]
