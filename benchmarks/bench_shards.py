"""Throughput of `reviewer check --shards` on a Dask `LocalCluster` of 1 and 2 worker processes,
and of the same shards in local worker processes (no Dask), on distinct pairs; and the cost of
the one step that does not spread over workers: merging the shards' statistics and deciding.

The corpus is make_corpus.py's distinct pairs (text that never repeats, the usual case), split
into `--shards` TSV shards (`id<TAB>source<TAB>target`, cached in benchmarks/.data/), checked with
the 10,000-term glossary, results written per shard with `--out` (as a large run would; the
standard output would make this process the bottleneck). Each configuration is timed through the
engine's API (`reviewer.checking.cluster.check_shards`), after a warm-up that starts the cluster
and builds the checker on each worker (start-up is reported apart: a long batch job pays it once).

The merge step is timed on its own too: every shard's first-pass statistics are collected in this
process, then merged and decided as the client does, with their pickled sizes (what the workers
send the client, and the verdicts the client sends back).

    python benchmarks/bench_shards.py --size 100k --shards 16 --workers 1,2 --json out.json
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import pickle
import platform
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from make_corpus import DATA_DIR, DEFAULT_SEED, build_corpus, build_glossary, parse_size, size_label

from reviewer.checking import corpus_pass
from reviewer.checking.cluster import DaskRunner, Layout, LocalRunner, ShardRun, Timings, _checker, check_shards
from reviewer.checking.engine import Checker, CheckerSpec
from reviewer.cli.check import _Renderer
from reviewer.formats.shards import read_shard

OUT_DIR = DATA_DIR / "out"


def build_shards(n: int, shards: int, seed: int) -> list[Path]:
    """The distinct corpus of n pairs as `shards` TSV files of about equal size (cached)."""
    files = build_corpus(n, seed, distinct=True)
    folder = DATA_DIR / f"shards-distinct-{size_label(n)}-seed{seed}-x{shards}"
    paths = [folder / f"part-{k:04d}.tsv" for k in range(shards)]
    stamp = folder / "built"
    if stamp.exists() and all(p.exists() for p in paths):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    per = -(-n // shards)
    with open(files.source, encoding="utf-8") as en, open(files.target, encoding="utf-8") as idn:
        pairs = zip(en, idn)
        number = 0
        for path in paths:
            with open(path, "w", encoding="utf-8") as out:
                for _ in range(per):
                    try:
                        source, target = next(pairs)
                    except StopIteration:
                        break
                    number += 1
                    out.write(f"s{number:09d}\t{source.rstrip(chr(10))}\t{target.rstrip(chr(10))}\n")
    stamp.write_text(str(n), encoding="utf-8")
    return paths


def _job(spec: CheckerSpec, fmt: str = "jsonl") -> ShardRun:
    return ShardRun(spec, corpus_pass.new_run(), _Renderer(fmt, False), Layout(fmt))


def timed_run(paths: list[Path], spec: CheckerSpec, checker: Checker, runner: Any, out: Path) -> dict[str, Any]:
    """One timed run over every shard, its results written into `out`."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    outs = [out / f"{p.stem}.jsonl" for p in paths]
    timings = Timings()
    start = time.perf_counter()
    segments = flagged = 0
    for done in check_shards(paths, _job(spec), checker, runner, outs, timings=timings):
        segments += done.summary.segments
        flagged += done.summary.flagged
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2), "pairs_per_s": round(segments / seconds), "segments": segments,
            "flagged": flagged, "first_pass_s": round(timings.collect, 2), "merge_s": round(timings.merge, 3),
            "second_pass_s": round(timings.check, 2)}


def on_dask(paths: list[Path], spec: CheckerSpec, checker: Checker, workers: int) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    start = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        runner = DaskRunner(client)
        client.run(_warm_up, spec)  # (each worker builds its checker, loading the glossary, as a run's first task would)
        startup = time.perf_counter() - start
        result = timed_run(paths, spec, checker, runner, OUT_DIR / f"shards-dask-{workers}")
    return {"runner": f"dask LocalCluster, {workers} worker process{'es' if workers > 1 else ''}",
            "workers": workers, "startup_s": round(startup, 2), **result}


def _warm_up(spec: CheckerSpec) -> None:
    _checker(spec, (b"warm-up", 0))


def on_local(paths: list[Path], spec: CheckerSpec, checker: Checker, jobs: int) -> dict[str, Any]:
    runner = LocalRunner(jobs, checker, spec)
    try:
        result = timed_run(paths, spec, checker, runner, OUT_DIR / f"shards-local-{jobs}")
    finally:
        runner.close()
    return {"runner": f"local processes (no Dask), --jobs {jobs}", "workers": jobs, "startup_s": 0.0, **result}


def merge_alone(paths: list[Path], checker: Checker) -> dict[str, Any]:
    """The client's step by itself: merge every shard's statistics, decide; with the sizes sent."""
    parts = []
    start = time.perf_counter()
    for path in paths:
        parts.append(corpus_pass.collect(checker, read_shard(path)))
    collect_s = time.perf_counter() - start
    stats_bytes = sum(len(pickle.dumps(p, pickle.HIGHEST_PROTOCOL)) for p in parts)
    start = time.perf_counter()
    merged = corpus_pass.new_stats(checker)
    for part in parts:
        corpus_pass.merge(checker, merged, part)
    merge_s = time.perf_counter() - start
    start = time.perf_counter()
    verdicts = corpus_pass.decide(checker, merged)
    decide_s = time.perf_counter() - start
    merged_bytes = {c.id: len(pickle.dumps(st, pickle.HIGHEST_PROTOCOL)) for c, st in zip(checker.corpus_checks, merged)}
    return {"first_pass_in_one_process_s": round(collect_s, 2), "merge_s": round(merge_s, 4),
            "merged_stats_pickled_bytes": merged_bytes,
            "decide_s": round(decide_s, 4), "stats_pickled_bytes": stats_bytes,
            "verdicts_pickled_bytes": len(pickle.dumps(verdicts, pickle.HIGHEST_PROTOCOL)),
            "corpus_checks": [c.id for c in checker.corpus_checks]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=parse_size, default=100_000, help="distinct pairs (default 100k)")
    parser.add_argument("--shards", type=int, default=16)
    parser.add_argument("--workers", default="1,2", help="Dask worker processes to try, comma-separated")
    parser.add_argument("--local", default="2", help="local --jobs to try (no Dask), comma-separated; '' for none")
    parser.add_argument("--terms", type=int, default=10_000, help="glossary terms (0: no glossary)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    paths = build_shards(args.size, args.shards, args.seed)
    glossaries = (str(build_glossary(args.terms).yaml),) if args.terms else ()
    spec = CheckerSpec(glossaries)
    checker = spec.build()
    print(f"{args.size:,} distinct pairs in {args.shards} shards; glossary: {args.terms:,} terms; "
          f"{os.cpu_count()} cores (shared machine: others' load counts in these figures)", file=sys.stderr)
    runs = []
    for workers in (int(w) for w in args.workers.split(",") if w):
        runs.append(on_dask(paths, spec, checker, workers))
        print(json.dumps(runs[-1]), file=sys.stderr)
    for jobs in (int(j) for j in args.local.split(",") if j):
        runs.append(on_local(paths, spec, checker, jobs))
        print(json.dumps(runs[-1]), file=sys.stderr)
    merge = merge_alone(paths, checker)
    print(json.dumps(merge), file=sys.stderr)
    print(f"\n{'runner':48} {'pairs/s':>8} {'total s':>8} {'pass 1 s':>8} {'merge s':>8} {'pass 2 s':>8} {'start s':>8}")
    for r in runs:
        print(f"{r['runner']:48} {r['pairs_per_s']:8,} {r['seconds']:8.1f} {r['first_pass_s']:8.1f} "
              f"{r['merge_s']:8.3f} {r['second_pass_s']:8.1f} {r['startup_s']:8.1f}")
    print(f"\nmerge alone over {args.shards} shards: merge {merge['merge_s']} s, decide {merge['decide_s']} s; "
          f"statistics sent {merge['stats_pickled_bytes']:,} bytes, verdicts {merge['verdicts_pickled_bytes']:,} bytes")
    if args.json:
        args.json.write_text(json.dumps({"size": args.size, "shards": args.shards, "terms": args.terms,
                                         "machine": platform.platform(), "cores": os.cpu_count(),
                                         "runs": runs, "merge": merge}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
