"""`reviewer check`, `reviewer fix` and `reviewer checks`: checking a corpus from the command line."""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from reviewer.checking.corpus_pass import REPEAT_CACHE
from reviewer.checking.engine import CheckerSpec, CorpusInfo, Summary
from reviewer.checking.fixes import fix_until_stable, segment_diff, unified_diff
from reviewer.checking.stream import check_stream_rendered
from reviewer.checks import REGISTRY
from reviewer.cli.command import ExitCode, Subparsers, command
from reviewer.cli.options import add_corpus_options
from reviewer.cli.render import (  # (the names this module and shards.py use)
    CSV_FLAG_COLUMNS,
    _fail_threshold,
    _json,
    _print_summary,
    _Renderer,
    _Style,
    _wrapped,
    terminal_width,
)
from reviewer.core.errors import ReviewerError
from reviewer.core.hints import is_fuzzy
from reviewer.core.model import Flag, Segment, Severity
from reviewer.core.paths import check_destinations, is_stdin_path
from reviewer.core.text import visible
from reviewer.formats import (
    CorpusStream,
    input_files,
    load_corpus,
    open_stream,
    render_target,
    target_paths,
    write_target,
)
from reviewer.glossary.budget import TimeoutLog
from reviewer.review import learning
from reviewer.review.learning import Demotion, LearningSettings


def register(sub: Subparsers) -> None:
    """Add `check` and `fix` (`checks` comes last in the list: see `register_list`)."""
    check = command(sub, "check", cmd_check, help="flag suspected errors", description="Flag suspected errors in a corpus.")
    _add_corpus_options(check)
    check.add_argument("--format", choices=("text", "json", "jsonl", "csv"), default="text",
                       help="csv: one row per flag (segment, rule, severity, category, side, start, end, "
                            "text, message, suggestion), for a spreadsheet")
    check.add_argument("--fail-on", choices=("minor", "major", "critical", "never"), default="major",
                       help="exit 1 when a flag at or above this severity exists (default: major)")
    check.add_argument("--postedit", action="store_true", help="check the corpus's reference post-edit instead")
    check.add_argument("--include-fuzzy", action=argparse.BooleanOptionalAction, default=True,
                       help="check PO entries marked fuzzy (default: checked, and reported as fuzzy); "
                            "--no-include-fuzzy leaves them out")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    check.add_argument("--jobs", "-j", type=_positive, default=None, metavar="N",
                       help="worker processes (default: one per core; small corpora use one)")
    check.add_argument("--repeat-cache", type=_non_negative, default=REPEAT_CACHE, metavar="N",
                       help="check a repeated source/target pair once and report its flags at every "
                            f"occurrence, keeping the last N distinct pairs per process (default: {REPEAT_CACHE}; "
                            "0: check every occurrence)")
    check.add_argument("--demote-below", type=_precision, metavar="P",
                       help="show the flags of a rule whose precision (`reviewer checks --stats`) is below P "
                            "(0 to 1) as minor; the summary names each such rule (default: demote_below in the "
                            "[learning] section of reviewer.toml beside the corpus, else never)")
    check.add_argument("--hide-below", type=_precision, metavar="P",
                       help="leave out the flags of a rule whose precision is below P; the summary names each "
                            "such rule and how many flags it left out (default: hide_below in reviewer.toml, "
                            "else never)")
    check.add_argument("--min-decisions", type=_positive, metavar="N",
                       help="decisions a rule needs before it is demoted or hidden (default: min_decisions in "
                            "reviewer.toml, else 10)")
    from reviewer.cli.shards import add_shard_options  # (here: it imports this module)

    add_shard_options(check)

    fix = command(sub, "fix", cmd_fix, help="apply glossary suggestions",
                  description="Apply suggestions; input files are never modified (writing onto one, "
                              "through a folder or a link, is refused).")
    _add_corpus_options(fix)
    fix.add_argument("--dry-run", action="store_true", help="print a unified diff of the changes")
    fix.add_argument("--write", metavar="OUT",
                     help="write the corrected target to OUT (a file, or a folder to write it into under its own name)")
    fix.add_argument("--all", action="store_true", help="also apply the built-in checks' suggestions")
    fix.add_argument("--rule", metavar="IDS", help="apply only these comma-separated rule ids")


def register_list(sub: Subparsers) -> None:
    """Add `checks`."""
    checks = command(sub, "checks", cmd_checks, help="list the built-in checks, or each rule's precision",
                     description="List the built-in checks; with --stats, how reviewers decided about each rule's "
                                 "flags in every session so far.")
    checks.add_argument("--stats", action="store_true",
                        help="print each rule's precision (applied and fixed by hand, of all decided), worst first, "
                             "from the statistics in the user's data folder")
    checks.add_argument("--reset", action="store_true", help="with --stats: forget the statistics")
    checks.add_argument("--json", action="store_true", help="with --stats: print JSON")


# ---------------------------------------------------------------------------------------------
# Shared options


def _add_corpus_options(p: argparse.ArgumentParser) -> None:
    add_corpus_options(p)
    p.add_argument("--no-glossary", action="store_true", help="run the built-in checks only")
    p.add_argument("--only", metavar="IDS", help="comma-separated check ids to run (glossary still applies)")
    p.add_argument("--skip", metavar="IDS", help="comma-separated check ids to leave out")
    p.add_argument("--enable", metavar="IDS",
                   help="comma-separated checks that are off by default to run as well (e.g. inconsistent-source)")
    p.add_argument("--set", metavar="RULE.NAME=VALUE", action="append", default=[], dest="settings",
                   help="change a check's setting (repeatable), e.g. length-ratio.max=3; `reviewer checks` lists them")


def _split_ids(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _spec(args: argparse.Namespace, corpus: CorpusInfo) -> CheckerSpec:
    """The checker the options ask for."""
    return CheckerSpec.for_corpus(corpus, args.glossary, no_glossary=args.no_glossary,
                                  only=_split_ids(args.only), skip=_split_ids(args.skip), settings=args.settings,
                                  enable=_split_ids(args.enable) or ())


def _whole_number(least: int) -> Callable[[str], int]:
    """An argparse type: a whole number, `least` or more."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"must be {least} or more: {value}")
        return value

    return parse


_positive, _non_negative = _whole_number(1), _whole_number(0)


def _precision(text: str) -> float:
    """An argparse type: a precision, a number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1: {text}")
    return value


def _without_fuzzy(opened: CorpusStream) -> CorpusStream:
    """The same stream without the segments marked fuzzy (`--no-include-fuzzy`); its count is
    the whole corpus's, an upper bound (it chooses between one process and several)."""
    read = opened.segments
    return CorpusStream(lambda: (s for s in read() if not (s.extra and is_fuzzy(s.extra))), opened.source_lang,
                        opened.target_lang, opened.glossaries, count=opened.count)


# ---------------------------------------------------------------------------------------------
# Rules demoted for their precision (`review.learning`): applied to the results as they are
# rendered, never inside the engine, and always named in the summary.


def _corpus_folder(args: argparse.Namespace) -> Path | None:
    """The folder of the first input (where a project's reviewer.toml is); None for the
    bundled article and standard input."""
    first = args.corpus or args.source
    if not first or is_stdin_path(first):
        return None
    path = Path(first)
    return path if path.is_dir() else path.parent


class _Demoted:
    """The learning policy in force for one `check`: which rules are demoted or hidden, and how
    many of their flags this run met."""

    def __init__(self, args: argparse.Namespace) -> None:
        folder = _corpus_folder(args)
        settings = learning.load_project_settings(folder) if folder is not None else LearningSettings()
        settings = settings.overridden(args.demote_below, args.hide_below, args.min_decisions)
        self.rules: dict[str, Demotion] = learning.demotions(learning.load_stats(), settings) if settings.active else {}
        self.to = {rule: d.to for rule, d in self.rules.items()}
        self.met: dict[str, int] = {}
        """Rule → its flags in this run (before demotion)."""

    def counted(self, flags: list[tuple[Severity, str, str]]) -> list[tuple[Severity, str, str]]:
        """A result's (severity, rule, category) flags as they are shown."""
        if not self.to:
            return flags
        kept = []
        for severity, rule, category in flags:
            to = self.to.get(rule)
            if to is not None:
                self.met[rule] = self.met.get(rule, 0) + 1
            if to != "hidden":
                kept.append((Severity.MINOR if to == "minor" else severity, rule, category))
        return kept

    def acted(self) -> list[tuple[Demotion, int]]:
        """The demoted or hidden rules this run met, with their number of flags."""
        return [(d, self.met[rule]) for rule, d in sorted(self.rules.items()) if rule in self.met]

    def to_json(self) -> list[dict[str, Any]]:
        return [{**d.to_dict(), "flags": n} for d, n in self.acted()]

    def lines(self) -> list[str]:
        """One line per rule acted on, saying why."""
        out = []
        for d, n in self.acted():
            rule = visible(d.rule, one_line=True)
            flags = f"{n} flag{'' if n == 1 else 's'}"
            if d.to == "hidden":
                out.append(f"hidden: {rule} ({d.reason}): {flags} not shown or counted; --hide-below 0 shows them")
            else:
                out.append(f"demoted to minor: {rule} ({d.reason}): {flags}")
        return out


def cmd_check(args: argparse.Namespace, out: IO[str]) -> int:
    """Check a corpus; results stream out in input order while later segments are checked."""
    if args.shards is not None or args.cluster or args.out or args.progress:  # a corpus in shards: cli/shards.py
        from reviewer.cli.shards import cmd_check_shards

        return cmd_check_shards(args, out)
    if args.postedit:
        corpus = load_corpus(args.corpus, source=args.source, target=args.target)
        if not corpus.postedit:
            raise ReviewerError("this corpus has no post-edit to check (--postedit)")
        postedit = corpus.postedit
        segments = [Segment(s.id, s.source, postedit.get(s.id, s.target)) for s in corpus.segments]
        opened = CorpusStream(lambda: iter(segments), corpus.source_lang, corpus.target_lang,
                              list(corpus.glossaries), count=len(segments))
    else:
        opened = open_stream(args.corpus, source=args.source, target=args.target)
        if not args.include_fuzzy:
            opened = _without_fuzzy(opened)
    spec = _spec(args, opened)
    demoted = _Demoted(args)  # a bad reviewer.toml fails here, before any output
    # What is built by now lives for the whole run: keep it out of garbage collections.
    gc.freeze()
    with collector_off():
        return _check_and_write(args, out, opened, spec, demoted)


@contextlib.contextmanager
def collector_off() -> Iterator[None]:
    """The garbage collector off while checking, as it was after. Checking makes and drops
    millions of short-lived objects and no reference cycles (tests/test_no_cycles.py): the
    collector's passes over them find nothing and cost ~10% of the run (they walk memory the
    checks then find evicted). Worker processes forked meanwhile inherit it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_and_write(args: argparse.Namespace, out: IO[str], opened: CorpusStream, spec: CheckerSpec,
                     demoted: _Demoted) -> int:
    warnings: list[str] = []
    timeouts = TimeoutLog()
    colour = args.color == "always" or (args.color == "auto" and out.isatty() and not os.environ.get("NO_COLOR"))
    # Results are turned into text where they are checked (in the workers); this process writes.
    results = check_stream_rendered(opened, spec, _Renderer(args.format, colour, terminal_width(out), demoted.to),
                                    jobs=args.jobs,
                                    warnings=warnings, repeat_cache=args.repeat_cache, timeouts=timeouts)
    # The checker is built and the glossary loaded as the run starts (beside the corpus checks'
    # first pass, with several processes): the first result is drawn before anything is
    # written, so that a bad glossary or check id fails before any output.
    first = next(results, None)
    if first is not None:
        results = itertools.chain([first], results)
    summary = Summary()
    if args.format == "json":
        out.write('{"segments": [')
        for i, r in enumerate(results):
            summary.add_flags(demoted.counted(r.flags), r.fuzzy)
            out.write(("," if i else "") + "\n  " + (r.text or ""))
        counts = summary.to_dict()
        if timeouts:  # (only then: output without timeouts stays as it was)
            counts["timeouts"] = timeouts.to_json()
        if demoted.acted():  # (likewise)
            counts["demoted"] = demoted.to_json()
        out.write('\n],\n"summary": ' + json.dumps(counts, ensure_ascii=False, indent=2) + "}\n")
    else:
        if args.format == "csv":
            out.write(",".join(CSV_FLAG_COLUMNS) + "\n")
        for r in results:
            summary.add_flags(demoted.counted(r.flags), r.fuzzy)
            if r.text:
                out.write(r.text)
        if args.format == "text":
            _print_summary(summary.to_dict(), out, _Style(colour))
            for line in demoted.lines():
                out.write(_wrapped(line, terminal_width(out), "") + "\n")
        else:  # no summary in the output: said on stderr, so that nothing is demoted unseen
            for line in demoted.lines():
                print(f"reviewer: note: {line}", file=sys.stderr)
    for warning in dict.fromkeys(warnings):
        print(f"reviewer: warning: {visible(warning, one_line=True)}", file=sys.stderr)
    threshold = _fail_threshold(args.fail_on)
    worst = summary.worst
    if threshold is not None and worst is not None and worst.rank >= threshold.rank:
        return ExitCode.FLAGGED
    return ExitCode.OK


def cmd_fix(args: argparse.Namespace, out: IO[str]) -> int:
    if not args.dry_run and not args.write:
        raise ReviewerError("say what to do: --dry-run prints a diff, --write OUT writes the corrected target")
    corpus = load_corpus(args.corpus, source=args.source, target=args.target)
    spec = _spec(args, corpus)
    glossaries = [Path(g) for g in spec.glossaries]
    if args.write:  # before any work: never onto an input, a device, or where writing fails
        check_destinations(target_paths(corpus, args.write), [*input_files(corpus), *glossaries])
    checker = spec.build()
    glossary_ids = set()
    if checker.glossary is not None:
        glossary_ids = {t.id for t in checker.glossary.terms} | {r.id for r in checker.glossary.rules}
    wanted = set(_split_ids(args.rule) or [])

    def accept(f: Flag) -> bool:
        if wanted:
            return f.rule in wanted
        return args.all or f.rule in glossary_ids

    targets: dict[str, str] = {}
    applied: list[tuple[str, Flag]] = []
    for seg in corpus.segments:
        def check(text: str, seg: Segment = seg) -> list[Flag]:
            return checker.check_segment(seg.id, seg.source, text)

        result = fix_until_stable(seg.target, check, accept)
        if result.text != seg.target:
            targets[seg.id] = result.text
            applied.extend((seg.id, f) for f in result.applied)
    if args.dry_run:
        before = render_target(corpus, {})
        if len(before) == 1:  # one hunk per changed segment, headed by its id
            out.write(segment_diff(next(iter(before)), ((s.id, s.target, targets[s.id])
                                                         for s in corpus.segments if s.id in targets)))
        else:  # a corpus of several files (a bundle): each file's diff
            after = render_target(corpus, targets)
            for name in before:
                out.write(unified_diff(before[name], after[name], name))
    if args.write:
        written = write_target(corpus, targets, args.write, inputs=glossaries)
        for path in written:
            print(f"wrote {visible(str(path), one_line=True)}", file=sys.stderr)
    n = len(applied)
    what = f"{n} suggestion{'' if n == 1 else 's'}"
    where = f"in {len(targets)} of {len(corpus.segments)} segments"
    if args.write:
        print(f"{what} applied {where}", file=sys.stderr)
    else:  # a dry run changes nothing
        print(f"{what} would be applied {where} (dry run: nothing written)", file=sys.stderr)
    return ExitCode.OK


def cmd_checks(args: argparse.Namespace, out: IO[str]) -> int:
    """List the built-in checks, one line each: id, severity, category and what it flags, then
    the flags it gives another severity or category ("; on a model code: major fluency/spelling").
    With --stats, each rule's precision instead."""
    if args.stats:
        return _print_stats(args, out)
    if args.reset or args.json:
        raise ReviewerError("--reset and --json go with --stats: reviewer checks --stats --reset")
    for check_id, cls in REGISTRY.items():
        langs = ""
        if cls.source_langs or cls.target_langs:
            langs = f" ({'/'.join(sorted(cls.source_langs or ['*']))} → {'/'.join(sorted(cls.target_langs or ['*']))})"
        variants = "".join(f"; {which}: {severity.value} {category}" for severity, category, which in cls.variants)
        out.write(f"{check_id:24} {cls.severity.value:6} {cls.category:34} {cls.description}{langs}{variants}\n")
        if not cls.default_on:
            out.write(f"{'':24} off by default: --enable {check_id}\n")
        for name, meaning in cls.options.items():
            out.write(f"{'':24} --set {check_id}.{name}=N: {meaning}\n")
    return ExitCode.OK


#: Dismissal reasons listed on a rule's line of `checks --stats` (the others are counted).
_REASONS_SHOWN = 3


def _stats_line(stats: learning.RuleStats, width: int) -> str:
    """`number-mismatch   20%  decided 10: applied 1, by hand 1, dismissed 8 (unit conversion ×5,
    rounded ×3), left open 0`."""
    reasons = stats.top_reasons()
    said = [f"{visible(reason, one_line=True)} ×{n}" for reason, n in reasons[:_REASONS_SHOWN]]
    if len(reasons) > _REASONS_SHOWN:
        said.append(f"{len(reasons) - _REASONS_SHOWN} more")
    why = f" ({', '.join(said)})" if said else ""
    return (f"{visible(stats.rule, one_line=True):{width}}  {learning.percent(stats.precision):>4}  "
            f"decided {stats.decided}: applied {stats.applied}, by hand {stats.by_hand}, "
            f"dismissed {stats.dismissed}{why}, left open {stats.left_open}")


def _print_stats(args: argparse.Namespace, out: IO[str]) -> int:
    path = learning.stats_path()
    if args.reset:
        existed = path.exists()
        learning.reset_stats(path)
        said = "forgotten" if existed else "none were kept yet"
        print(f"rule statistics {said}: {visible(str(path), one_line=True)}", file=sys.stderr)
        return ExitCode.OK
    rules = learning.worst_first(learning.load_stats(path))
    if args.json:
        out.write(_json({"stats_file": str(path), "rules": [s.to_dict() for s in rules]}) + "\n")
        return ExitCode.OK
    width = max((len(visible(s.rule, one_line=True)) for s in rules), default=0)
    for stats in rules:
        out.write(_stats_line(stats, width) + "\n")
    where = visible(str(path), one_line=True)
    if rules:
        out.write(f"precision = (applied + by hand) / decided; kept in {where}; "
                  "`reviewer checks --stats --reset` forgets them\n")
    else:
        out.write(f"no decisions recorded yet (they are kept in {where})\n")
    return ExitCode.OK
