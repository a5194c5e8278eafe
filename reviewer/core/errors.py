"""One error family for everything a user can get wrong: each message names the file, line or rule."""

from __future__ import annotations

from pathlib import Path


class ReviewerError(Exception):
    """An error caused by input or configuration; the CLI prints it on one line and exits 2."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return where + self.message


class CorpusError(ReviewerError):
    """A corpus file that cannot be read: missing, not UTF-8, misaligned, malformed."""


class GlossaryError(ReviewerError):
    """A glossary that cannot be loaded or fails validation."""


class FormatError(CorpusError):
    """A file whose format is not recognised or is not well formed."""


class StoreError(ReviewerError):
    """A session store that cannot be read or written: locked by another process, read-only,
    damaged, or on a full disk. The message says whether a change was kept and where."""
