"""What every command shares: the exit codes and the one way a command is registered."""

from __future__ import annotations

import argparse
import enum
from collections.abc import Callable
from typing import IO, Any


class ExitCode(enum.IntEnum):
    """The exit status of `reviewer`."""

    OK = 0
    """Done; nothing reached the failure threshold."""
    FLAGGED = 1
    """`check` found a flag at or above `--fail-on`; `mqm` found the review below its threshold."""
    ERROR = 2
    """Bad input or a bad command line: one line on stderr names the file, line or rule."""
    INTERRUPTED = 130
    """Stopped with Ctrl+C."""


Handler = Callable[[argparse.Namespace, IO[str]], int]
"""Runs a command: the parsed options and where to write its output; returns an `ExitCode`."""

Subparsers = Any
"""What `ArgumentParser.add_subparsers` returns (argparse does not name its type)."""


def command(sub: Subparsers, name: str, handler: Handler | None, *, help: str, description: str | None = None,
            **kwargs: Any) -> argparse.ArgumentParser:
    """Add a command (or a group of commands, with no handler of its own) and return its parser."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help, description=description, **kwargs)
    if handler is not None:
        parser.set_defaults(func=handler)
    return parser
