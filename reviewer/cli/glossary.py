"""`reviewer glossary ...`: glossary conversion (CSV and TBX to the YAML glossary), and entries
proposed from the reviewers' repeated hand corrections (`suggest`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import IO

from reviewer.cli.command import ExitCode, Subparsers, command
from reviewer.core.errors import GlossaryError, ReviewerError
from reviewer.core.paths import check_destinations
from reviewer.core.text import visible
from reviewer.formats.base import atomic_write
from reviewer.glossary import parse_glossary
from reviewer.glossary.importers import import_glossary
from reviewer.review.suggest import MIN_SEGMENTS, mine, open_logs, write_proposals


def register(sub: Subparsers) -> None:
    """Register the glossary subcommands."""
    glossary = command(sub, "glossary", None,
                       help="convert term lists to the YAML glossary, or propose entries from corrections",
                       description="Glossary tools.")
    actions = glossary.add_subparsers(dest="glossary_command", metavar="ACTION", required=True)
    imp = command(
        actions, "import", cmd_glossary_import, help="convert a CSV or TBX termbase to a YAML glossary",
        description="Convert a CSV term list (header row: source,target[,forbidden,note,severity,category,id], "
                    "or language codes such as en,id) or a TBX 2008 (martif) termbase into the YAML glossary. "
                    "Deprecated TBX terms become forbidden renderings; definitions and notes become the note.")
    imp.add_argument("file", metavar="FILE", help="the CSV or TBX file")
    imp.add_argument("--to", metavar="OUT.yaml", required=True, help="glossary file to write")
    imp.add_argument("--source-lang", metavar="LANG", help="source language (default: the first found, or en)")
    imp.add_argument("--target-lang", metavar="LANG", help="target language (default: the second found, or id)")
    imp.add_argument("--input-format", choices=("csv", "tbx"), help="input kind (default: by content and extension)")
    imp.add_argument("--force", action="store_true", help="overwrite OUT.yaml if it exists")
    suggest = command(
        actions, "suggest", cmd_glossary_suggest,
        help="propose glossary entries from the same correction made by hand in several segments",
        description="Read the review sessions of the corpora given (where `reviewer session` keeps them) or "
                    "session files given directly (with their corpus), find the same word-level substitution "
                    "made by hand in at least N segments (the MT's A replaced by B), align it to the source word "
                    "it translates, and write glossary entries: source, target B, forbidden A, with a note "
                    "giving the evidence. Nothing is written when nothing is found.")
    suggest.add_argument("paths", nargs="*", metavar="CORPUS|SESSION",
                         help="corpus files or folders, or session stores (default: the bundled article)")
    suggest.add_argument("--to", metavar="OUT.yaml", required=True, help="glossary file to write")
    suggest.add_argument("--min-segments", metavar="N", type=int, default=MIN_SEGMENTS,
                         help=f"segments that must show a substitution (default: {MIN_SEGMENTS})")
    suggest.add_argument("--force", action="store_true", help="overwrite OUT.yaml if it exists")
    suggest.add_argument("--store", metavar="URL",
                         help="read the corpora's sessions from a team's PostgreSQL store (default: $REVIEWER_STORE "
                              "when it is a database URL; else where `reviewer session` keeps them)")


def cmd_glossary_import(args: argparse.Namespace, out: IO[str]) -> int:
    target = Path(args.to)
    if target.exists() and not args.force:
        raise GlossaryError("output file exists; give --force to overwrite it", path=target)
    check_destinations([target], [Path(args.file)])
    result = import_glossary(args.file, source_lang=args.source_lang, target_lang=args.target_lang,
                             kind=args.input_format)
    text = result.dump()
    parse_glossary(text, target)  # the output must load; fail here rather than leave a broken file
    atomic_write(target, text.encode("utf-8"))
    print(f"wrote {visible(str(target), one_line=True)}: {len(result.terms)} terms ({result.source_lang} → {result.target_lang})"
          + (f", {result.skipped} entries skipped (no term in both languages)" if result.skipped else ""),
          file=sys.stderr)
    return ExitCode.OK


def _database(store: str | None) -> str | None:
    """The team's PostgreSQL store that `glossary suggest` reads (`--store`, else $REVIEWER_STORE
    when it names a database); None: each corpus's own session file."""
    from reviewer.review.storebase import STORE_ENV, is_server

    spec = store or os.environ.get(STORE_ENV)
    if spec and not is_server(spec):
        if store:
            raise ReviewerError("--store must be a postgresql:// URL here; give session files as arguments")
        return None
    return spec or None


def cmd_glossary_suggest(args: argparse.Namespace, out: IO[str]) -> int:
    target = Path(args.to)
    if args.min_segments < 1:
        raise GlossaryError(f"--min-segments must be 1 or more, not {args.min_segments}")
    if target.exists() and not args.force:
        raise GlossaryError("output file exists; give --force to overwrite it", path=target)
    logs, inputs, notes = open_logs(args.paths, database=_database(args.store))
    check_destinations([target], inputs)
    for note in notes:
        print(visible(note, one_line=True), file=sys.stderr)
    mined = mine(logs, min_segments=args.min_segments)
    for a, b, n in mined.unaligned:
        print(f"not proposed: {visible(a, one_line=True)} → {visible(b, one_line=True)} in {n} segments: "
              "no source word is common to their sources", file=sys.stderr)
    if not mined.proposals:
        found = "no entry proposed" if mined.unaligned else "no repeated correction found"
        print(f"{found} ({mined.edits_read} hand edits read)", file=sys.stderr)
        return ExitCode.OK
    first = logs[0].corpus
    write_proposals(target, mined.proposals, first.source_lang, first.target_lang)
    for p in mined.proposals:
        out.write(f"{visible(p.source, one_line=True)} → {visible(p.target, one_line=True)} "
                  f"(forbidden: {', '.join(visible(a, one_line=True) for a in p.forbidden)}): "
                  f"{len(p.segments)} segments, {p.edits} edits\n")
    n = len(mined.proposals)
    print(f"wrote {visible(str(target), one_line=True)}: {n} proposed entr{'y' if n == 1 else 'ies'} "
          f"from {mined.edits_read} hand edits read", file=sys.stderr)
    return ExitCode.OK
