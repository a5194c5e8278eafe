"""The command line: one module per group of commands (`check`, `review`, `session`, `scores`,
`glossary`), each with a `register` function; `main` builds the parser from them."""

from __future__ import annotations

from reviewer.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
