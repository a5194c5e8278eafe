"""Where the checking time goes: the cost of each part of `reviewer check`, in microseconds per
distinct source/target pair, on the benchmark corpus.

`bench_check.py` times whole commands; this script opens one up. It takes the distinct pairs of a
benchmark corpus (default: the first 2,000 segments of the 10k corpus, which are NTREX's 1,997
pairs plus a few injected errors), builds the checker `reviewer check` builds (all checks and the
10,000-term glossary), and times, pass by pass over all the pairs, the parts that a distinct pair
costs in `reviewer check`:

1. the glossary (`GlossaryMatcher.check`: one automaton scan per side, then its hits);
2. the triggers: every check's search for what must occur for it to have anything to say
   (each distinct pattern once per pair and side, as the engine does it);
3. each per-segment check, in the order `Checker.check_context` runs them, only on the pairs
   where its trigger fired; an analysis that several checks share (tokens, `ctx.shared`,
   cached properties) is charged to the first one that needs it, as in a real run;
4. each corpus-level check's first pass (`collect`, on a fresh context as `reviewer check` makes
   one) and its flags (`flags`, with the verdicts of the whole corpus), where their trigger fired;
5. turning the result into a JSON line (what the workers send back).

It also times the whole thing end to end, as a worker of `reviewer check` does it, pair by pair:
the first pass (`reviewer.checking.corpus_pass.collect_segment`), then the checking pass (`segment_flags`:
`Checker.check_context` and the corpus flags) and the JSON line, each on a context of its own.
The whole costs more than the sum of the parts, and not because it does more: counted
with valgrind's cachegrind (`check_context` pair by pair against the same checks in passes of
their own, 300 pairs), both ways run 1.56-1.60 M instructions per pair with the same simulated
cache misses, and running the checks in batches (each check over 10 to 2,000 pairs in turn, as
the parts are timed) was not measurably faster on this VM. Part of the gap is how the processor
takes the two orders, part is the spread of timings here. So compare shares between parts, and
take absolute costs from the whole (and bench_check.py's throughput).

Each figure is the fastest of `--repeat` passes (default 5). Timings on a shared virtual machine
drift by 10-20% and more from run to run (two runs of this script have differed by a quarter in
their totals, less in the shares); the fastest pass is the least disturbed one. Repeated pairs
cost far less than this (they reuse a distinct pair's flags; see bench_check.py and the README).

    python benchmarks/check_costs.py
    python benchmarks/check_costs.py --size 100k --limit 5000 --json costs.json
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from make_corpus import DEFAULT_SEED, build_corpus, build_glossary, parse_size, size_label

from reviewer.checking.corpus_pass import collect_segment, segment_flags
from reviewer.checking.engine import Checker, SegmentResult
from reviewer.checks import Check, CorpusCheck, SegmentContext, TriggerPlan, fires
from reviewer.cli.check import _Renderer
from reviewer.core.model import Segment
from reviewer.glossary import load_glossaries


def distinct_pairs(source: Path, target: Path, limit: int) -> list[tuple[str, str]]:
    """The first `limit` distinct (source, target) pairs of a line pair, in order."""
    seen: dict[tuple[str, str], None] = {}
    with source.open(encoding="utf-8") as fs, target.open(encoding="utf-8") as ft:
        for s, t in zip(fs, ft):
            seen.setdefault((s.rstrip("\n"), t.rstrip("\n")), None)
            if len(seen) >= limit:
                break
    return list(seen)


def fastest(repeat: int, fn: Callable[[], Any]) -> float:
    """Seconds of the fastest of `repeat` calls (the garbage collector runs between calls, not
    inside them, as in a worker that has frozen its long-lived objects)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def check_pass(check: Check) -> Callable[[SegmentContext], Any]:
    """A check as the engine runs it: only where its trigger fired (the trigger's own search is
    charged to the "triggers" part, which runs first)."""
    return lambda ctx: list(check.run(ctx)) if fires(check, ctx) else None


def flags_pass(check: CorpusCheck, verdict: Any) -> Callable[[SegmentContext], Any]:
    return lambda ctx: list(check.flags(verdict, ctx)) if fires(check, ctx) else None


def trigger_pass(checker: Checker) -> Callable[[SegmentContext], Any]:
    """Every trigger's search (each distinct pattern once per segment and side): the segment
    checks' all at once, as the engine searches them (`TriggerPlan`), then the corpus checks'."""
    plan = TriggerPlan(checker.segment_checks)
    triggered = [c for c in checker.corpus_checks if c.trigger is not None]
    return lambda ctx: (plan.checks_to_run(ctx), [fires(c, ctx) for c in triggered])


def firing(checks: list[Check], contexts: list[SegmentContext]) -> dict[str, float]:
    """Share of the pairs on which each check runs (1.0: no trigger, it runs on every pair)."""
    return {c.id: sum(fires(c, ctx) for ctx in contexts) / len(contexts) for c in checks}


def measure(checker: Checker, pairs: list[tuple[str, str]], repeat: int) -> dict[str, Any]:
    """Microseconds per pair of each part, and of the whole, over `pairs`."""
    n = len(pairs)
    ids = [str(i) for i in range(1, n + 1)]
    render = _Renderer("jsonl", False)

    # The corpus checks' verdicts for these pairs (what the checking pass uses).
    stats = [c.new_stats() for c in checker.corpus_checks]
    for seg_id, (s, t) in zip(ids, pairs):
        collect_segment(checker, stats, None, seg_id, s, t)
    verdicts = [c.decide(st) for c, st in zip(checker.corpus_checks, stats)]

    parts: dict[str, float] = {}
    # One list of contexts per timed pass: each part must find the analyses of the parts before
    # it made (as in a real run) and make its own afresh. Building the lists is not timed.
    passes: list[tuple[str, Callable[[SegmentContext], Any]]] = []
    if checker.matcher is not None:
        matcher = checker.matcher
        passes.append(("glossary", lambda c: matcher.check(c.source, c.target, c)))
    passes.append(("triggers (every check's search)", trigger_pass(checker)))

    passes += [(f"check {check.id}", check_pass(check)) for check in checker.segment_checks]
    passes += [(f"corpus flags {check.id}", flags_pass(check, verdict))
               for check, verdict in zip(checker.corpus_checks, verdicts)]

    def fresh() -> list[SegmentContext]:
        return [checker.context(i, s, t) for i, (s, t) in zip(ids, pairs)]

    for _ in range(repeat):
        contexts = fresh()
        for name, fn in passes:
            gc.collect()
            start = time.perf_counter()
            for ctx in contexts:
                fn(ctx)
            took = time.perf_counter() - start
            parts[name] = min(parts.get(name, took), took)
    for check in checker.corpus_checks:
        def collect(check: Any = check) -> None:
            st = check.new_stats()
            for seg_id, (s, t) in zip(ids, pairs):
                check.collect(st, checker.context(seg_id, s, t))
        parts[f"corpus first pass {check.id}"] = fastest(repeat, collect)
    results = [SegmentResult(Segment(i, s, t), checker.check_segment(i, s, t)) for i, (s, t) in zip(ids, pairs)]
    parts["render JSON line"] = fastest(repeat, lambda: [render(r) for r in results])

    def whole() -> None:
        # What a worker of `reviewer check` does for a pair it has not seen (no repeat memo).
        first_pass = [c.new_stats() for c in checker.corpus_checks]
        for seg_id, (s, t) in zip(ids, pairs):
            collect_segment(checker, first_pass, None, seg_id, s, t)
            flags, _ = segment_flags(checker, verdicts, None, seg_id, s, t)
            render(SegmentResult(Segment(seg_id, s, t), list(flags)))

    total = fastest(repeat, whole)
    # What a pair costs when no trigger fires (only the checks without a trigger run, and the
    # glossary), against the pairs on which some trigger fires.
    contexts = fresh()
    rates = firing(checker.checks, contexts)
    triggered = [c for c in checker.checks if c.trigger is not None]
    quiet = [i for i, ctx in enumerate(contexts) if not any(fires(c, ctx) for c in triggered)]

    def whole_of(subset: list[int]) -> float:
        def run() -> None:
            for k in subset:
                seg_id, (s, t) = ids[k], pairs[k]
                flags, _ = segment_flags(checker, verdicts, None, seg_id, s, t)
                render(SegmentResult(Segment(seg_id, s, t), list(flags)))
        return fastest(repeat, run) / max(1, len(subset)) * 1e6

    # What each check costs on a pair where it runs, on its own (a fresh context: its trigger's
    # search and every analysis it needs are charged to it).
    where_it_runs: dict[str, float] = {}
    for check in checker.segment_checks:
        subset = [k for k, ctx in enumerate(contexts) if fires(check, ctx)]
        if subset:
            def run_on(check: Check = check, subset: list[int] = subset) -> None:
                for k in subset:
                    list(check.run(checker.context(ids[k], *pairs[k])))
            where_it_runs[check.id] = fastest(repeat, run_on) / len(subset) * 1e6

    return {
        "pairs": n,
        "repeat": repeat,
        "runs_on": rates,
        "where_it_runs_us": where_it_runs,
        "no_trigger_fires": {"pairs": len(quiet), "check_us": whole_of(quiet) if quiet else None,
                             "all_pairs_check_us": whole_of(list(range(n)))},
        "total_us": total / n * 1e6,
        "parts_us": {name: secs / n * 1e6 for name, secs in sorted(parts.items(), key=lambda kv: -kv[1])},
    }


def report(result: dict[str, Any], label: str) -> str:
    total = result["total_us"]
    parts = result["parts_us"]
    width = max(len(name) for name in parts) + 2
    lines = [f"{result['pairs']:,} distinct pairs of the {label} corpus, fastest of {result['repeat']} passes",
             "", f"{'part':<{width}}{'µs/pair':>9}{'share':>8}"]
    for name, us in parts.items():
        lines.append(f"{name:<{width}}{us:9.1f}{us / total:8.1%}")
    summed = sum(parts.values())
    lines += ["", f"{'sum of the parts':<{width}}{summed:9.1f}{summed / total:8.1%}",
              f"{'whole (end to end)':<{width}}{total:9.1f}{1:8.0%}",
              f"{'not in the parts':<{width}}{total - summed:9.1f}{(total - summed) / total:8.1%}"]
    rates = result["runs_on"]
    lines += ["", "share of the pairs on which each check runs (its trigger fired; 100%: no trigger), and what",
              "a check costs on a pair where it runs, on its own (with its trigger's search and the analyses",
              "it needs, which in a real run it often shares with other checks):",
              f"  {'check':<30}{'runs on':>8}{'µs where it runs':>18}"]
    where_it_runs = result["where_it_runs_us"]
    for name, rate in sorted(rates.items(), key=lambda kv: -kv[1]):
        where = f"{where_it_runs[name]:18.1f}" if name in where_it_runs else f"{'—':>18}"
        lines.append(f"  {name:<30}{rate:8.1%}{where}")
    quiet = result["no_trigger_fires"]
    lines += ["", f"pairs on which no trigger fires: {quiet['pairs']:,} of {result['pairs']:,}"]
    if quiet["check_us"] is not None:
        lines.append(f"  checking pass on them: {quiet['check_us']:.1f} µs/pair "
                     f"(all pairs: {quiet['all_pairs_check_us']:.1f} µs/pair)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=parse_size, default=parse_size("10k"),
                        help="benchmark corpus to take the pairs from (default: 10k)")
    parser.add_argument("--corpus", choices=["distinct", "repeated"], default="distinct",
                        help="distinct: two NTREX pairs joined per segment, none repeated (the default: "
                             "the text users check); repeated: NTREX's own sentences")
    parser.add_argument("--limit", type=int, default=2000, help="distinct pairs to time (default: 2000)")
    parser.add_argument("--terms", type=int, default=10_000, help="glossary terms (default: 10000)")
    parser.add_argument("--no-glossary", action="store_true", help="time the checks without a glossary")
    parser.add_argument("--repeat", type=int, default=5, help="passes per part; the fastest is kept (default: 5)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if args.limit < 1 or args.repeat < 1:
        parser.error("--limit and --repeat must be at least 1")

    files = build_corpus(args.size, DEFAULT_SEED, distinct=args.corpus == "distinct")
    pairs = distinct_pairs(files.source, files.target, args.limit)
    glossary = None if args.no_glossary else load_glossaries([build_glossary(args.terms).yaml])
    checker = Checker(glossary)
    gc.freeze()  # the glossary lives for the whole run, as in reviewer check's workers
    result = measure(checker, pairs, args.repeat)
    result["corpus"] = f"{args.corpus} {size_label(args.size)}"
    result["glossary_terms"] = 0 if glossary is None else len(glossary.terms)
    print(report(result, f"{args.corpus} {size_label(args.size)}"))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
