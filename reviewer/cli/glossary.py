"""`reviewer glossary ...`: glossary conversion (CSV and TBX to the YAML glossary)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import IO

from reviewer.cli.command import ExitCode, Subparsers, command
from reviewer.core.errors import GlossaryError
from reviewer.core.paths import check_destinations
from reviewer.core.text import visible
from reviewer.formats.base import atomic_write
from reviewer.glossary import parse_glossary
from reviewer.glossary.importers import import_glossary


def register(sub: Subparsers) -> None:
    """Register the glossary subcommands."""
    glossary = command(sub, "glossary", None, help="convert term lists to the YAML glossary",
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
