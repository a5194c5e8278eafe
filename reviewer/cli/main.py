"""The `reviewer` command: the parser, built from each command module's `register`, and `main`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from reviewer import __version__
from reviewer.cli import check, glossary, review, scores, session
from reviewer.cli.command import ExitCode
from reviewer.core.errors import ReviewerError
from reviewer.core.text import visible

#: Each command module's `register`, in the order `reviewer --help` lists the commands.
REGISTER = (check.register, review.register, session.register, scores.register, glossary.register,
            check.register_list)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command."""
    parser = argparse.ArgumentParser(
        prog="reviewer",
        description="Review English→Indonesian machine translation: glossary rules, QA checks, fixes.",
        epilog="With no command, opens the bundled article for review.",
    )
    parser.add_argument("--version", action="version", version=f"reviewer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in REGISTER:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["review"])
    try:
        return int(args.func(args, sys.stdout))
    except ReviewerError as exc:
        print(f"reviewer: error: {visible(str(exc))}", file=sys.stderr)
        return ExitCode.ERROR
    except BrokenPipeError:
        sys.stderr.close()
        return ExitCode.OK
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
