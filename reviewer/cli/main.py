"""The `reviewer` command: the parser, built from each command module's `register`, and `main`."""

from __future__ import annotations

import argparse
import errno
import os
import sqlite3
import sys
from collections.abc import Sequence

from reviewer import __version__
from reviewer.cli import check, glossary, review, scores, serve, session
from reviewer.cli.command import ExitCode
from reviewer.core.errors import ReviewerError
from reviewer.core.text import visible

#: Each command module's `register`, in the order `reviewer --help` lists the commands.
REGISTER = (check.register, review.register, serve.register, session.register, scores.register,
            glossary.register, check.register_list)


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
    """Run the command line; returns the exit status. A failure the user can act on (bad input,
    a file that cannot be read or written, a full disk, a locked or damaged session store, an
    input too large for memory) is one line on stderr naming the file, and exit status 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["review"])
    try:
        return int(args.func(args, sys.stdout))
    except ReviewerError as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        sys.stderr.close()
        return ExitCode.OK
    except OSError as exc:
        return _fail(os_error_message(exc))
    except sqlite3.Error as exc:
        return _fail(f"session store: {exc}")
    except MemoryError:
        return _fail(memory_error_message(args))
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED


def _fail(message: str) -> ExitCode:
    print(f"reviewer: error: {visible(message, one_line=True)}", file=sys.stderr)
    return ExitCode.ERROR


def os_error_message(exc: OSError) -> str:
    """`FILE: reason (ENAME)`, naming the file (or both, for a rename) when the error knows it."""
    names = [os.fsdecode(name) for name in (exc.filename, exc.filename2) if isinstance(name, str | bytes | os.PathLike)]
    reason = exc.strerror or str(exc) or type(exc).__name__
    code = errno.errorcode.get(exc.errno) if isinstance(exc.errno, int) else None
    return (" -> ".join(names) + ": " if names else "") + reason + (f" ({code})" if code else "")


def memory_error_message(args: argparse.Namespace) -> str:
    """Out of memory: name the command's inputs, the likely cause (an endless or huge file)."""
    inputs = [str(value) for name in ("corpus", "source", "target") if (value := getattr(args, name, None))]
    where = ", ".join(inputs) + ": " if inputs else ""
    return f"{where}out of memory (is an input endless, such as /dev/zero, or too large?)"
