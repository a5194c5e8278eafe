"""Base class for format modules and the text-file helpers they share."""

from __future__ import annotations

import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from glob import escape as glob_escape
from pathlib import Path
from typing import ClassVar

from reviewer.core.errors import CorpusError
from reviewer.core.model import Corpus, Segment, SegmentStatus

BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class TextFile:
    """A decoded text file split into lines, remembering how to write it back byte for byte."""

    path: Path
    lines: list[str]
    """Lines without their terminators."""
    had_bom: bool
    """Whether the file started with a UTF-8 byte-order mark."""
    crlf: bool
    """Whether lines ended with CR LF."""
    final_newline: bool
    """Whether the last line was terminated."""

    def render(self, lines: list[str]) -> bytes:
        """Encode replacement lines with this file's BOM, line ends and final newline."""
        eol = "\r\n" if self.crlf else "\n"
        text = eol.join(lines)
        if self.final_newline and lines:
            text += eol
        return ((BOM if self.had_bom else "") + text).encode("utf-8")


def read_bytes(path: Path) -> bytes:
    """A file's bytes; an unreadable file raises CorpusError naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read: {exc.strerror}", path=path) from None


def read_text_file(path: str | Path, *, what: str = "file") -> TextFile:
    """Read a UTF-8 text file. Only LF ends a line (CR LF accepted); a BOM is stripped.

    U+2028, U+0085 and form feeds stay inside their line. Errors name the file and line.
    """
    p = Path(path)
    problem = _not_readable(p, what)
    if problem is not None:
        raise problem
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read {what}: {exc.strerror}", path=p) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _invalid_utf8(data, exc, p, data.count(b"\n", 0, exc.start) + 1, exc.start) from None
    had_bom = text.startswith(BOM)
    if had_bom:
        text = text[1:]
    final_newline = text.endswith("\n")
    body = text[:-1] if final_newline else text
    lines = body.split("\n") if body or final_newline else []
    crlf = bool(lines) and all(line.endswith("\r") for line in lines if line) and any(lines)
    if crlf:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    return TextFile(p, lines, had_bom, crlf, final_newline)


#: Bytes read at a time by `iter_text_lines` (decoding and splitting a block at once is several
#: times faster than a line at a time).
_BLOCK = 1 << 20


def iter_text_lines(path: Path) -> Iterator[str]:
    """Stream the lines of a UTF-8 file with the rules of `read_text_file` (only LF ends a line,
    CR LF accepted, BOM stripped); an undecodable line raises CorpusError with its number, after
    the lines before it."""
    number = 0  # lines yielded so far
    parts: list[bytes] = []  # the start of a line longer than a block
    with Path(path).open("rb") as fh:
        while block := fh.read(_BLOCK):
            cut = block.rfind(b"\n") + 1
            if not cut:
                parts.append(block)
                continue
            whole = b"".join([*parts, block[:cut]]) if parts else block[:cut]
            parts = [block[cut:]] if cut < len(block) else []
            lines = yield from _lines(whole, path, number)
            number += lines
    if parts:  # a last line without a line feed (its CR is kept, as read_text_file keeps it)
        yield from _lines(b"".join(parts), path, number, ended=False)


def _lines(data: bytes, path: Path, before: int, *, ended: bool = True) -> Generator[str, None, int]:
    """Yield the lines of `data`, which follows `before` lines of the file and ends with a line
    feed unless not `ended`; return how many. A byte that is not UTF-8 raises CorpusError once
    the lines before its own are yielded."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data.rfind(b"\n", 0, exc.start) + 1
        yield from _lines(data[:good], path, before)
        raise _invalid_utf8(data, exc, path, before + data.count(b"\n", 0, exc.start) + 1, None) from None
    if before == 0:
        text = text.removeprefix(BOM)
    if not ended:
        yield text
        return 1
    lines = text.split("\n")
    lines.pop()  # the text ends with a line feed: nothing after it
    if "\r" in text:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    yield from lines
    return len(lines)


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write a file atomically: temporary file in the same folder, fsync, rename, fsync folder."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # A process killed in the middle of an earlier write leaves its temporary file behind.
    for stale in target.parent.glob(f".{glob_escape(target.name)}.*.tmp"):
        try:
            stale.unlink()
        except OSError:
            pass
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_fd = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


SegmentSource = Callable[[], Iterator[Segment]]
"""A function that starts a fresh pass over a corpus's segments (corpus checks read them twice)."""


@dataclass
class CorpusStream:
    """A corpus ready to be read segment by segment, any number of times, without holding it
    in memory where its format allows (line pairs and TSV)."""

    segments: SegmentSource
    source_lang: str = "en"
    target_lang: str = "id"
    glossaries: list[Path] = field(default_factory=list)
    """Glossary files the corpus names."""
    count: int | None = None
    """Number of segments, when known without reading them all."""

    @classmethod
    def of(cls, corpus: Corpus) -> CorpusStream:
        """A stream over a corpus already in memory."""
        return cls(lambda: iter(corpus.segments), corpus.source_lang, corpus.target_lang, list(corpus.glossaries),
                   count=len(corpus.segments))


def _not_readable(p: Path, what: str) -> CorpusError | None:
    if not p.exists():
        return CorpusError(f"{what} not found", path=p)
    if p.is_dir():
        return CorpusError(f"{what} is a directory, expected a file", path=p)
    return None


def _invalid_utf8(data: bytes, exc: UnicodeDecodeError, path: Path, line: int, offset: int | None) -> CorpusError:
    where = f" at offset {offset}" if offset is not None else ""
    return CorpusError(f"invalid UTF-8 (byte 0x{data[exc.start]:02x}{where}); save the file as UTF-8",
                       path=path, line=line)


def count_text_lines(path: str | Path, *, what: str = "file") -> int:
    """The number of lines `iter_text_lines` yields, proving on the way that the file is UTF-8
    (nothing is kept). Errors name the file, and the line where it stops being UTF-8."""
    p = Path(path)
    problem = _not_readable(p, what)
    if problem is not None:
        raise problem
    try:
        return sum(1 for _ in iter_text_lines(p))
    except OSError as exc:
        raise CorpusError(f"cannot read {what}: {exc.strerror}", path=p) from None


class Format(ABC):
    """A corpus format: how to recognise, read and write back one kind of file."""

    name: ClassVar[str]
    """Short name used in the registry and in `Corpus.format`."""
    extensions: ClassVar[tuple[str, ...]] = ()
    """File name endings this format claims, lower case with the dot (".tsv")."""

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        """True when the content (first bytes) says the file is in this format."""
        return False

    @abstractmethod
    def read(self, path: Path) -> Corpus:
        """Read a corpus from `path`."""

    def open_stream(self, path: Path) -> CorpusStream:
        """The corpus as a stream. Formats whose structure needs the whole file (XML, PO, the
        bundle) read it at once; line-based ones override this to read as they go."""
        return CorpusStream.of(self.read(path))

    @abstractmethod
    def render_target(
        self, corpus: Corpus, targets: dict[str, str], statuses: dict[str, SegmentStatus] | None = None
    ) -> dict[str, bytes]:
        """Return the files (relative name: bytes) holding the corpus with `targets` as its target.

        `targets` maps segment id to the corrected target; segments not in it keep their text.
        `statuses` maps segment id to its review status, for formats that record one (a format
        without states accepts and ignores it).
        """
