"""`reviewer score`, `reviewer mqm` and `reviewer report` (post-edit scores, MQM, reports)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO

from reviewer.cli.command import ExitCode, Subparsers, command
from reviewer.cli.options import add_session_options, open_session
from reviewer.core.errors import CorpusError, ReviewerError
from reviewer.core.paths import check_folder_destination
from reviewer.core.text import visible
from reviewer.formats import load_corpus
from reviewer.formats.base import read_text_file
from reviewer.scoring.metrics import ScoreReport, score_pairs
from reviewer.scoring.mqm import (
    DEFAULT_THRESHOLD,
    MqmWeights,
    Scorecard,
    read_wmt_tsv,
    session_ratings,
    session_scorecard,
    system_scores,
    wmt_tsv,
)


def register(sub: Subparsers) -> None:
    """Register the scoring and reporting subcommands."""
    score = command(
        sub, "score", cmd_score, help="post-edit scores (HTER, chrF, BLEU) with sacrebleu",
        description="Score the MT against its post-edit: the review session's corrected text, the corpus's "
                    "own post-edit (--corpus-postedit), or two line-aligned files (--mt, --post-edit). "
                    "HTER is TER with the post-edit as the reference. Figures are those of the sacrebleu "
                    "command with --ter-case-sensitive.")
    add_session_options(score)
    score.add_argument("--mt", metavar="FILE", help="line-aligned MT output (with --post-edit)")
    score.add_argument("--post-edit", metavar="FILE", help="line-aligned post-edited MT (with --mt)")
    score.add_argument("--reference", metavar="FILE",
                       help="an independent reference, one line per segment: also score the MT and the post-edit "
                            "against it")
    score.add_argument("--corpus-postedit", action="store_true",
                       help="score against the post-edit the corpus carries instead of the review session")
    score.add_argument("--segments", action="store_true", help="text output: also print every segment's scores")
    score.add_argument("--format", choices=("text", "json"), default="text")

    mqm = command(
        sub, "mqm", cmd_mqm, help="MQM scores: a WMT MQM file, or the review session's scorecard",
        description="With FILE (the tab-separated format of the WMT MQM data): system-level scores, each "
                    "segment's penalty averaged over its raters, then over segments. Without FILE: the MQM "
                    "scorecard of the review session (exit 1 when it fails the threshold), or with --export "
                    "the session's errors in the WMT format.")
    mqm.add_argument("file", nargs="?", metavar="FILE.tsv", help="WMT MQM annotations to score")
    add_session_options(mqm, corpus_option=True)
    _add_weight_options(mqm)
    mqm.add_argument("--export", metavar="OUT.tsv", help="write the session's errors as a WMT MQM file")
    mqm.add_argument("--system", default="MT", help="system name for --export (default: MT)")
    mqm.add_argument("--format", choices=("text", "json"), default="text")

    report = command(
        sub, "report", cmd_report, help="write an HTML, CSV and JSON report of a review",
        description="Write report.html (self-contained), report.json, segments.csv, errors.csv and "
                    "errors.mqm.tsv (WMT MQM format) into a folder.")
    add_session_options(report)
    _add_weight_options(report)
    report.add_argument("--to", metavar="DIR", required=True, help="folder to write into")


def _add_weight_options(p: argparse.ArgumentParser) -> None:
    d = MqmWeights()
    g = p.add_argument_group("MQM weights")
    g.add_argument("--minor", type=float, default=d.minor, help=f"penalty of a minor error (default {d.minor:g})")
    g.add_argument("--major", type=float, default=d.major, help=f"penalty of a major error (default {d.major:g})")
    g.add_argument("--critical", type=float, default=d.critical,
                   help=f"penalty of a critical error (default {d.critical:g})")
    g.add_argument("--minor-punctuation", type=float, default=d.minor_punctuation,
                   help=f"penalty of a minor punctuation error (default {d.minor_punctuation:g})")
    g.add_argument("--non-translation", type=float, default=d.non_translation,
                   help=f"penalty of a non-translation (default {d.non_translation:g})")
    g.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                   help=f"pass when penalty points per 1,000 source words are at most this (default {DEFAULT_THRESHOLD:g})")


def _weights(args: argparse.Namespace) -> MqmWeights:
    values = {"minor": args.minor, "major": args.major, "critical": args.critical,
              "minor_punctuation": args.minor_punctuation, "non_translation": args.non_translation}
    for name, value in values.items():
        if value < 0:
            raise ReviewerError(f"--{name.replace('_', '-')} must not be negative")
    return MqmWeights(**values)


# ---------------------------------------------------------------------------------------------
# score


def _read_lines(path: str, what: str) -> list[str]:
    return read_text_file(path, what=what).lines


def cmd_score(args: argparse.Namespace, out: IO[str]) -> int:
    reference: list[str] | None = None
    if args.mt or args.post_edit:
        if not (args.mt and args.post_edit):
            raise ReviewerError("--mt and --post-edit must be given together")
        if args.corpus or args.source or args.target or args.session or args.store or args.corpus_postedit:
            raise ReviewerError("give either --mt/--post-edit files or a corpus, not both")
        mt = _read_lines(args.mt, "MT file")
        pe = _read_lines(args.post_edit, "post-edit file")
        if len(mt) != len(pe):
            raise CorpusError(f"line counts differ: MT {args.mt} has {len(mt)} lines, post-edit has {len(pe)}; "
                              "the files must be line-aligned", path=args.post_edit)
        ids = [str(i) for i in range(1, len(mt) + 1)]
        what = f"MT against the post-edit ({len(ids)} lines)"
    elif args.corpus_postedit:
        if args.session or args.store:
            raise ReviewerError("--corpus-postedit scores the corpus's own post-edit; leave out --session and --store")
        corpus = load_corpus(args.corpus, source=args.source, target=args.target)
        if not corpus.postedit:
            raise ReviewerError("this corpus has no post-edit (--corpus-postedit)")
        ids = [s.id for s in corpus.segments]
        mt = [s.target for s in corpus.segments]
        pe = [corpus.postedit[s.id] for s in corpus.segments]
        what = f"MT against the corpus's post-edit ({len(ids)} segments)"
    else:
        session = open_session(args)
        try:
            ids = [s.id for s in session.segments]
            mt = [s.target for s in session.segments]
            pe = [session.target(s.id) for s in session.segments]
        finally:
            session.close()
        edited = sum(a != b for a, b in zip(mt, pe, strict=True))
        what = f"MT against the review session's text ({len(ids)} segments, {edited} edited)"
    if args.reference:
        reference = _read_lines(args.reference, "reference file")
        if len(reference) != len(ids):
            raise CorpusError(f"the reference has {len(reference)} lines; {len(ids)} are needed, one per segment",
                              path=args.reference)
    main = score_pairs(ids, mt, pe)
    against_ref = None
    if reference is not None:
        against_ref = {"mt": score_pairs(ids, mt, reference), "post_edit": score_pairs(ids, pe, reference)}
    if args.format == "json":
        data = main.to_dict()
        if against_ref is not None:
            data["reference"] = {k: v.to_dict(ter_name="ter") for k, v in against_ref.items()}
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return ExitCode.OK
    _print_scores(out, f"Post-edit scores: {what}", main, "HTER", segments=args.segments)
    if against_ref is not None:
        _print_scores(out, "MT against the reference", against_ref["mt"], "TER", segments=args.segments)
        _print_scores(out, "Post-edit against the reference", against_ref["post_edit"], "TER",
                      segments=args.segments)
    return ExitCode.OK


def _print_scores(out: IO[str], title: str, report: ScoreReport, ter_label: str, *, segments: bool) -> None:
    c, sig = report.corpus, report.signatures
    out.write(title + "\n")
    for label, value, key in ((ter_label, c.hter, "hter"), ("chrF", c.chrf, "chrf"), ("chrF++", c.chrfpp, "chrf++"),
                              ("BLEU", c.bleu, "bleu")):
        out.write(f"  {label:7} {value:7.2f}   {sig[key]}\n")
    out.write(f"  segment-level BLEU: {sig['bleu-segment']}\n")
    if segments:
        out.write(f"  {'segment':12} {ter_label:>7} {'chrF':>7} {'chrF++':>7} {'BLEU':>7}\n")
        for s in report.segments:
            sc = s.scores
            out.write(f"  {visible(s.id, one_line=True):12} {sc.hter:7.2f} {sc.chrf:7.2f} {sc.chrfpp:7.2f} {sc.bleu:7.2f}\n")


# ---------------------------------------------------------------------------------------------
# mqm


def cmd_mqm(args: argparse.Namespace, out: IO[str]) -> int:
    weights = _weights(args)
    if args.file:
        if args.corpus or args.source or args.target or args.session or args.store or args.export:
            raise ReviewerError("give either a WMT MQM file or a corpus/session, not both")
        scores = system_scores(read_wmt_tsv(args.file), weights)
        if args.format == "json":
            json.dump({"systems": scores}, out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            width = max([len(visible(s, one_line=True)) for s in scores] + [6])
            out.write(f"{'rank':>4}  {'system':{width}}  {'MQM':>6}\n")
            for rank, (system, score) in enumerate(scores.items(), 1):
                out.write(f"{rank:>4}  {visible(system, one_line=True):{width}}  {score:6.2f}\n")
            out.write("MQM: penalty per segment (averaged over raters, then segments); lower is better\n")
        return ExitCode.OK
    session = open_session(args)
    try:
        if args.export:
            from reviewer.formats import atomic_write

            session.check_outputs([Path(args.export)])
            rows = session_ratings(session, system=args.system)
            atomic_write(Path(args.export), wmt_tsv(rows).encode("utf-8"))
            print(f"wrote {visible(args.export, one_line=True)} ({len(rows)} rows)", file=sys.stderr)
            return ExitCode.OK
        card = session_scorecard(session, weights=weights, threshold=args.threshold)
    finally:
        session.close()
    if args.format == "json":
        json.dump(card.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _print_scorecard(out, card)
    return ExitCode.OK if card.passed else ExitCode.FLAGGED


def _count(n: int, noun: str, *, width: int = 0) -> str:
    """"1 error", "2 errors" (the number right-aligned in `width`; the noun padded to line up)."""
    word = noun if n == 1 else noun + "s"
    return f"{n:{width}} {word:{len(noun) + 1 if width else 0}}"


def _print_scorecard(out: IO[str], card: Scorecard) -> None:
    sev = card.by_severity()
    out.write(f"MQM scorecard: {_count(len(card.errors), 'error')} (critical {sev['critical']}, major {sev['major']}, "
              f"minor {sev['minor']})\n")
    out.write(f"  penalty          {card.penalty:.2f} points over {card.source_words} source words, "
              f"{card.segments} segments\n")
    out.write(f"  per 1,000 words  {card.per_1000_words:.2f}  (threshold {card.threshold:g}: "
              f"{'PASS' if card.passed else 'FAIL'})\n")
    out.write(f"  quality score    {card.quality_score:.2f}\n")
    for category, row in card.by_category().items():
        out.write(f"    {visible(category, one_line=True):36} {_count(int(row['errors']), 'error', width=4)} {row['penalty']:8.2f} points\n")


# ---------------------------------------------------------------------------------------------
# report


#: The files `write_report` writes into its folder (checked before the report is built).
REPORT_FILES = ("report.html", "report.json", "segments.csv", "errors.csv", "errors.mqm.tsv")


def cmd_report(args: argparse.Namespace, out: IO[str]) -> int:
    from reviewer.scoring.report import write_report

    weights = _weights(args)
    session = open_session(args)
    try:
        check_folder_destination(args.to, REPORT_FILES, session.input_files())
        for path in write_report(session, args.to, weights=weights, threshold=args.threshold):
            out.write(f"{visible(str(path), one_line=True)}\n")
    finally:
        session.close()
    return ExitCode.OK
