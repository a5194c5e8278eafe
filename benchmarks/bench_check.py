"""Throughput benchmark: `reviewer check` against Translate Toolkit's `pofilter` and a
`grep -F -w -f` floor, on the same corpus, in one run.

For each size (default 10k and 100k segments) it builds the corpus and the 10,000-term glossary
with make_corpus.py (cached in benchmarks/.data/), then times, one after the other:

1. `reviewer check --source S --target T --glossary G --format jsonl --fail-on never`
   with the default --jobs (one process per core); again with `--repeat-cache 0`, which checks
   every occurrence of a repeated pair afresh (the corpus repeats NTREX's 1,997 pairs, so the
   default, which checks a repeated pair once, does far less work here than on text without
   repeats: both figures are printed, with the share of distinct pairs); and with --jobs 1;
2. `pofilter` with its default checks on the same pairs written as a PO file;
3. `grep -F -w -f terms.txt T`: every glossary target term over the Indonesian, the floor.

Each command runs as a child process. Its wall time covers everything (start-up, glossary
loading, reading, checking, writing the output); peak memory is sampled from /proc over the
whole process tree (the command and any worker processes): the sum of RSS every 50 ms, which
counts pages that forked workers share once per process, and the sum of PSS every second, which
shares them out.

pofilter comes from its own virtual environment, benchmarks/.venv-pofilter (see README.md):
Translate Toolkit is GPL and is never a dependency of reviewer.

    python benchmarks/bench_check.py --sizes 10k,100k
    python benchmarks/bench_check.py --sizes 1m --skip-pofilter-above 100k --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from make_corpus import (
    DATA_DIR,
    DEFAULT_SEED,
    build_corpus,
    build_glossary,
    build_po,
    glossary_stats,
    parse_size,
    parse_sizes,
    size_label,
)

HERE = Path(__file__).resolve().parent
POFILTER_VENV = HERE / ".venv-pofilter"
OUT_DIR = DATA_DIR / "out"
SAMPLE_SECONDS = 0.05
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024

# Targets stated in issue 6, for a 2-core machine.
TARGET_VS_POFILTER = 5.0
TARGET_1M_SECONDS = 60.0
TARGET_1M_MB = 500.0


# ---------------------------------------------------------------------------------------------
# Measuring a process tree


class TreeSampler(threading.Thread):
    """Samples the summed RSS (every 50 ms) and PSS (every second) of a process and all its
    descendants (found again every 500 ms, and every tick in the first half second) until stopped."""

    def __init__(self, root: int, interval: float = SAMPLE_SECONDS) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.peak_rss_kb = 0
        self.peak_pss_kb = 0
        self.peak_processes = 0
        self.cpu_seconds = 0.0
        self._halt = threading.Event()

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def run(self) -> None:
        start = time.thread_time()
        tick = 0
        pids: list[int] = []
        while not self._halt.is_set():
            # Finding the descendants scans all of /proc and PSS walks the page tables (seconds of
            # CPU for a 4 GB process): both are too costly for every tick on 2 cores.
            if tick % 10 == 0 or tick < 10:
                pids = self._tree()
                self.peak_processes = max(self.peak_processes, len(pids))
            self.peak_rss_kb = max(self.peak_rss_kb, sum(_rss_kb(p) for p in pids))
            if tick % 20 == 0:
                self.peak_pss_kb = max(self.peak_pss_kb, sum(_pss_kb(p) for p in pids))
            tick += 1
            self._halt.wait(self.interval)
        self.cpu_seconds = time.thread_time() - start

    def _tree(self) -> list[int]:
        """The root and its descendants, from the parent ids in /proc/*/stat."""
        children: dict[int, list[int]] = {}
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", "rb") as fh:
                    stat = fh.read()
            except OSError:
                continue
            # The command name may contain spaces and parentheses: the fields follow the last ')'.
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            children.setdefault(ppid, []).append(int(name))
        tree, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, ()))
        return tree


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _machine_busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (the first line of /proc/stat, less
    idle and iowait)."""
    with open("/proc/stat", encoding="ascii") as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    # guest time is already counted in user and nice
    return (sum(fields[:8]) - idle) / _CLOCK_TICKS


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


@dataclass
class Run:
    """One timed command."""

    tool: str
    size: int
    command: list[str]
    corpus: str = ""
    """distinct or repeated (see make_corpus.py)."""
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    peak_pss_mb: float = 0.0
    max_one_process_mb: float = 0.0
    """Largest single process (the kernel's ru_maxrss for the command, via wait4)."""
    processes: int = 0
    returncode: int = 0
    cpu_seconds: float = 0.0
    """CPU time of the command and its worker processes (user + system)."""
    others_cores: float = 0.0
    """Cores kept busy by other processes during the run, on average: the machine's busy time
    (/proc/stat) less the command's and the sampler's. Well above 0 means a disturbed run."""
    output: str = ""
    """What the tool reported (flagged segments, failing units, matching lines)."""
    sampler_cpu_seconds: float = 0.0
    skipped: str = ""

    @property
    def rate(self) -> float:
        return self.size / self.seconds if self.seconds else 0.0


def measure(run: Run, stdout: Path, env: dict[str, str] | None = None, ok_codes: tuple[int, ...] = (0,)) -> Run:
    """Run the command with stdout to a file; fill in time, memory and exit status."""
    stderr_path = stdout.with_name(stdout.name + ".stderr")
    # stderr goes to a file too: a pipe read only at the end could fill up and stall the command.
    with stdout.open("wb") as out, stderr_path.open("wb") as err:
        busy_before = _machine_busy_seconds()
        start = time.perf_counter()
        proc = subprocess.Popen(run.command, stdout=out, stderr=err, env=env)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        # wait4 (not Popen.wait) to get the child's own ru_maxrss.
        _, status, usage = os.wait4(proc.pid, 0)
        run.seconds = time.perf_counter() - start
        sampler.stop()
        busy = _machine_busy_seconds() - busy_before
    proc.returncode = os.waitstatus_to_exitcode(status)
    run.returncode = proc.returncode
    run.peak_rss_mb = sampler.peak_rss_kb / 1024
    run.peak_pss_mb = sampler.peak_pss_kb / 1024
    run.max_one_process_mb = usage.ru_maxrss / 1024
    run.processes = sampler.peak_processes
    run.sampler_cpu_seconds = sampler.cpu_seconds
    run.cpu_seconds = usage.ru_utime + usage.ru_stime
    run.others_cores = max(0.0, busy - run.cpu_seconds - sampler.cpu_seconds) / run.seconds
    if run.returncode not in ok_codes:
        stderr = stderr_path.read_text(encoding="utf-8", errors="replace")
        raise SystemExit(f"{' '.join(run.command)} exited {run.returncode}:\n{stderr[-2000:]}")
    return run


# ---------------------------------------------------------------------------------------------
# The three tools


def reviewer_executable() -> str:
    beside = Path(sys.executable).parent / "reviewer"
    found = str(beside) if beside.exists() else shutil.which("reviewer")
    if not found:
        raise SystemExit("reviewer is not installed in this environment: activate the project's .venv")
    return found


def compile_bytecode(executable: str) -> str:
    """Compile reviewer's modules to bytecode, as `pip install` does (pofilter's environment was
    compiled when it was installed). An editable install writes its .pyc files on first use,
    unless PYTHONDONTWRITEBYTECODE is set (as on some CI machines): then every run would pay
    ~0.4 s compiling source that users' installs never compile again."""
    python = Path(executable).parent / "python"
    interpreter = str(python) if python.exists() else sys.executable
    where = subprocess.run([interpreter, "-c", "import os, reviewer; print(os.path.dirname(reviewer.__file__))"],
                           capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([interpreter, "-m", "compileall", "-q", where], check=True, stdout=subprocess.DEVNULL)
    return where


def pofilter_executable() -> str | None:
    path = POFILTER_VENV / "bin" / "pofilter"
    return str(path) if path.exists() else None


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


def _count_units(po: Path) -> int:
    with po.open("rb") as fh:
        return sum(1 for line in fh if line.startswith(b"msgctxt "))


def run_reviewer(size: int, source: Path, target: Path, glossary: Path, jobs: int | None,
                 repeat_cache: int | None = None) -> Run:
    cmd = [reviewer_executable(), "check", "--source", str(source), "--target", str(target),
           "--glossary", str(glossary), "--format", "jsonl", "--fail-on", "never"]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    label = f"reviewer check (--jobs {jobs}" if jobs else f"reviewer check (default jobs={_cores()}"
    if repeat_cache is not None:
        cmd += ["--repeat-cache", str(repeat_cache)]
        label += f", --repeat-cache {repeat_cache}"
    label += ")"
    out = OUT_DIR / f"reviewer-{size_label(size)}-j{jobs or 'default'}-m{'default' if repeat_cache is None else repeat_cache}.jsonl"
    run = measure(Run(label, size, cmd), out)
    run.output = f"{_count_lines(out):,} flagged segments"
    return run


def run_pofilter(size: int, po: Path) -> Run:
    exe = pofilter_executable()
    assert exe is not None
    out = OUT_DIR / f"pofilter-{size_label(size)}.po"
    cmd = [exe, "--progress=none", "-i", str(po), "-o", str(out)]
    run = measure(Run("pofilter (default checks)", size, cmd), OUT_DIR / f"pofilter-{size_label(size)}.stdout")
    run.output = f"{_count_units(out):,} failing units"
    return run


def run_grep(size: int, terms: Path, target: Path) -> Run:
    out = OUT_DIR / f"grep-{size_label(size)}.txt"
    cmd = ["grep", "-F", "-w", "-f", str(terms), str(target)]
    env = dict(os.environ, LC_ALL="C.UTF-8")
    run = measure(Run("grep -F -w -f terms (floor)", size, cmd), out, env=env, ok_codes=(0, 1))
    run.output = f"{_count_lines(out):,} matching lines"
    return run


def distinct_pairs(files) -> int:  # type: ignore[no-untyped-def]
    """Distinct (source, target) line pairs of a corpus (what reviewer's repeat memo checks)."""
    with files.source.open("rb") as src, files.target.open("rb") as tgt:
        return len({hash(pair) for pair in zip(src, tgt)})


def _cores() -> int:
    return len(os.sched_getaffinity(0))


def best_of(repeat: int, fn, *args) -> Run:  # type: ignore[no-untyped-def]
    """The fastest of `repeat` runs (a disturbed run is slower, never faster)."""
    runs = [fn(*args) for _ in range(repeat)]
    return min(runs, key=lambda r: r.seconds)


# ---------------------------------------------------------------------------------------------
# Report


_HEAD = (f"{'tool':44} {'seconds':>9} {'seg/s':>10} {'peak RSS MB':>12} {'peak PSS MB':>12} {'procs':>5} "
         f"{'CPU s':>7} {'others':>6}  output")


def _row(r: Run) -> str:
    if r.skipped:
        return f"{r.tool:44} {'skipped':>9}  {r.skipped}"
    return (f"{r.tool:44} {r.seconds:9.2f} {r.rate:10,.0f} {r.peak_rss_mb:12.0f} {r.peak_pss_mb:12.0f} "
            f"{r.processes:5d} {r.cpu_seconds:7.1f} {r.others_cores:6.2f}  {r.output}")


class Results:
    """Runs so far: each is printed, and saved when asked, as soon as it is known, so that a
    long run never loses the rows before it."""

    def __init__(self, json_path: Path | None) -> None:
        self.runs: list[Run] = []
        self.json_path = json_path

    def add(self, run: Run) -> None:
        self.runs.append(run)
        print(_row(run), flush=True)
        if self.json_path:
            rows = [dict(asdict(r), seg_per_s=r.rate) for r in self.runs]
            self.json_path.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


def _ratios(runs: list[Run]) -> list[str]:
    by_tool = {r.tool: r for r in runs if not r.skipped}
    reviewers = [r for r in runs if r.tool.startswith("reviewer") and not r.skipped]
    pofilter = by_tool.get("pofilter (default checks)")
    grep = by_tool.get("grep -F -w -f terms (floor)")
    out = []
    for r in reviewers:
        name = r.tool.removeprefix("reviewer check (").removesuffix(")")
        if pofilter:
            ratio = r.rate / pofilter.rate
            verdict = "meets" if ratio >= TARGET_VS_POFILTER else "MISSES"
            out.append(f"reviewer ({name}) / pofilter throughput: {ratio:5.2f}x   "
                       f"({verdict} the target of {TARGET_VS_POFILTER:g}x)")
        if grep:
            out.append(f"reviewer ({name}) / grep throughput:     {r.rate / grep.rate:7.4f}x "
                       f"(grep is {grep.rate / r.rate:,.0f}x faster)")
    if pofilter is None:
        out.append("pofilter: not run at this size, so no reviewer/pofilter ratio")
    for r in reviewers:
        if r.size == 1_000_000 and r.tool.startswith("reviewer check (default"):
            t_ok = r.seconds < TARGET_1M_SECONDS
            m_ok = r.peak_rss_mb < TARGET_1M_MB
            out.append(f"1M target ({r.tool}): {r.seconds:.1f} s (target < {TARGET_1M_SECONDS:g} s: "
                       f"{'met' if t_ok else 'MISSED'}), peak RSS {r.peak_rss_mb:.0f} MB / PSS {r.peak_pss_mb:.0f} MB "
                       f"(target < {TARGET_1M_MB:g} MB: {'met' if m_ok else 'MISSED'} by RSS)")
    return out


def _versions() -> str:
    import importlib.metadata as md

    parts = [f"reviewer {md.version('reviewer')}", f"Python {platform.python_version()}"]
    exe = pofilter_executable()
    if exe:
        tt = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
        parts.append(f"pofilter {tt.split()[-1] if tt else '?'} (translate-toolkit)")
    grep = subprocess.run(["grep", "--version"], capture_output=True, text=True).stdout.splitlines()
    parts.append(grep[0] if grep else "grep")
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("10k,100k"),
                        help="comma-separated corpus sizes (default: 10k,100k; e.g. 10k,100k,1m)")
    parser.add_argument("--terms", type=int, default=10_000, help="glossary terms (default: 10000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"corpus seed (default: {DEFAULT_SEED})")
    parser.add_argument("--repeat", type=int, default=1, help="run each command N times and keep the fastest")
    parser.add_argument("--skip-pofilter-above", type=parse_size, metavar="SIZE",
                        help="do not run pofilter on corpora larger than SIZE (it does ~2,400 units/s)")
    parser.add_argument("--skip-single-job-above", type=parse_size, metavar="SIZE",
                        help="do not run reviewer --jobs 1 on corpora larger than SIZE")
    parser.add_argument("--no-pofilter", action="store_true", help="do not run pofilter at all")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--corpora", type=lambda t: [k.strip() for k in t.split(",") if k.strip()],
                        default=["distinct", "repeated"], metavar="KINDS",
                        help="distinct (two NTREX pairs joined, no pair repeated) and/or repeated (NTREX "
                             "repeated with small variations); default: distinct,repeated, in that order")
    args = parser.parse_args(argv)

    have_pofilter = pofilter_executable() is not None
    if not have_pofilter and not args.no_pofilter:
        print(f"pofilter not found in {POFILTER_VENV}; create it with\n"
              f"  python3 -m venv {POFILTER_VENV} && {POFILTER_VENV}/bin/pip install translate-toolkit\n"
              "or pass --no-pofilter.", file=sys.stderr)
        return 2
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    compiled = compile_bytecode(reviewer_executable())
    glossary = build_glossary(args.terms)
    gstats = glossary_stats(glossary)
    print(f"machine: {_cores()} cores, {platform.machine()}; {_versions()}")
    print(f"reviewer's modules compiled to bytecode first, as pip install does ({compiled})")
    print(f"glossary: {glossary.yaml.name}: {gstats['terms']:,} terms + {gstats['do_not_translate']:,} "
          f"do-not-translate names + {gstats['rules']} regex rules; grep reads "
          f"{_count_lines(glossary.terms):,} distinct target terms")
    results = Results(args.json)
    # Distinct pairs first: text that does not repeat is what users check; the repeated corpus
    # shows what the repeat memo adds on top.
    kinds = [k for k in ("distinct", "repeated") if k in args.corpora]
    for size, kind in [(size, kind) for kind in kinds for size in args.sizes]:
        files = build_corpus(size, args.seed, distinct=kind == "distinct")
        info = files.info()
        print(f"\n== {kind}: {size:,} segments ({files.source.name} / {files.target.name}; injected errors: "
              f"{sum(info['injected'].values()):,} {info['injected']}; "  # type: ignore[union-attr]
              f"{distinct_pairs(files):,} distinct source/target pairs)")
        print(f"{_HEAD}\n{'-' * len(_HEAD)}", flush=True)
        first = len(results.runs)

        def add(run: Run, kind: str = kind) -> None:
            run.corpus = kind
            results.add(run)
        add(best_of(args.repeat, run_reviewer, size, files.source, files.target, glossary.yaml, None))
        add(best_of(args.repeat, run_reviewer, size, files.source, files.target, glossary.yaml, None, 0))
        if args.skip_single_job_above is not None and size > args.skip_single_job_above:
            add(Run("reviewer check (--jobs 1)", size, [], skipped=f"--skip-single-job-above "
                    f"{size_label(args.skip_single_job_above)}"))
        else:
            add(best_of(args.repeat, run_reviewer, size, files.source, files.target, glossary.yaml, 1))
        if args.no_pofilter:
            add(Run("pofilter (default checks)", size, [], skipped="--no-pofilter"))
        elif args.skip_pofilter_above is not None and size > args.skip_pofilter_above:
            add(Run("pofilter (default checks)", size, [],
                    skipped=f"--skip-pofilter-above {size_label(args.skip_pofilter_above)} "
                            f"(at ~2,400 units/s it would take ~{size / 2400 / 60:.0f} min)"))
        elif pofilter_executable() is None:
            add(Run("pofilter (default checks)", size, [], skipped=f"{POFILTER_VENV} has gone"))
        else:
            po = build_po(files)
            add(best_of(args.repeat, run_pofilter, size, po))
        add(best_of(args.repeat, run_grep, size, glossary.terms, files.target))
        runs = results.runs[first:]
        for line in _ratios(runs):
            print(line)
        sampler_cpu = sum(r.sampler_cpu_seconds for r in runs)
        print(f"(CPU s: the command and its workers; others: cores other processes kept busy meanwhile, "
              f"on average; the memory sampler used {sampler_cpu:.1f} s CPU in all)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
