"""Command-line options shared by every command that opens a review session."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from reviewer.core.text import visible

if TYPE_CHECKING:
    from reviewer.review.session import ReviewSession


def add_corpus_options(p: argparse.ArgumentParser, *, corpus_option: bool = False) -> None:
    """The corpus (positional, or `--corpus` where the command has positionals of its own),
    `--source`/`--target` and `--glossary`."""
    if corpus_option:
        p.add_argument("--corpus", metavar="FILE", help="corpus file or folder (default: the bundled article)")
    else:
        p.add_argument("corpus", nargs="?", help="corpus file or folder (default: the bundled article)")
    p.add_argument("--source", metavar="FILE",
                   help="source file (with --target): line-aligned text, Android values/strings.xml, or ARB/JSON messages")
    p.add_argument("--target", metavar="FILE", help="target file of the same kind (with --source)")
    p.add_argument("--glossary", "-g", metavar="FILE", action="append", default=[],
                   help="glossary YAML (repeatable; default: the corpus's own glossary)")


def add_session_options(p: argparse.ArgumentParser, *, corpus_option: bool = False) -> None:
    """`add_corpus_options`, `--store` and `--session`."""
    add_corpus_options(p, corpus_option=corpus_option)
    p.add_argument("--store", metavar="URL|FILE",
                   help="session store: a PostgreSQL database a team shares (postgresql://user@host/db) or a "
                        "SQLite file (default: $REVIEWER_STORE, else a file in the user's data folder; "
                        "`reviewer session where` prints it)")
    p.add_argument("--session", metavar="FILE", help="session store file (as --store FILE)")


def open_session(args: argparse.Namespace) -> ReviewSession:
    """The review session the options of `add_session_options` name."""
    from reviewer.review.session import ReviewSession

    session = ReviewSession.open(args.corpus, source=args.source, target=args.target,
                                 glossaries=list(args.glossary) or None, session_path=args.session,
                                 store=args.store)
    if session.notice:
        print(visible(session.notice, one_line=True), file=sys.stderr)
    return session
