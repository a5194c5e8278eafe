"""`reviewer review` (the review UI, the default command) and `reviewer export`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import IO

from reviewer.cli.command import ExitCode, Subparsers, command
from reviewer.cli.options import add_session_options, open_session
from reviewer.core.errors import ReviewerError
from reviewer.core.text import visible


def register(sub: Subparsers) -> None:
    """Add `review` and `export`."""
    review = command(sub, "review", cmd_review, help="open the review UI",
                     description="Review a corpus in the terminal UI (the default command).")
    add_session_options(review)

    export = command(sub, "export", cmd_export, help="write the corrected text and the corrections log",
                     description="Write the reviewed target in the input's layout, and the corrections "
                                 "log as JSONL and CSV, from the corpus's review session.")
    add_session_options(export)
    export.add_argument("--to", metavar="DIR", required=True, help="folder to write into")
    export.add_argument("--tmx", metavar="FILE", help="also write the approved segments as a TMX 1.4b memory")


def cmd_review(args: argparse.Namespace, out: IO[str]) -> int:
    session = open_session(args)
    try:
        from reviewer.tui.app import run
    except ImportError as exc:  # pragma: no cover - textual is a dependency
        raise ReviewerError(f"the review UI needs Textual: {exc}") from None
    run(session)
    return ExitCode.OK


def cmd_export(args: argparse.Namespace, out: IO[str]) -> int:
    session = open_session(args)
    try:
        # Every output at once, before anything is written: none may be an input of the session.
        session.check_outputs([*session.export_paths(args.to), *([Path(args.tmx)] if args.tmx else [])])
        for path in session.export(args.to):
            out.write(f"{visible(str(path), one_line=True)}\n")
        if args.tmx:
            out.write(f"{visible(str(session.export_tmx(args.tmx)), one_line=True)}\n")
    finally:
        session.close()
    return ExitCode.OK
