"""Base class for format modules and the text-file helpers they share."""

from __future__ import annotations

import codecs
import os
import re
import secrets
import stat
from abc import ABC, abstractmethod
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from reviewer.core.errors import CorpusError, ReviewerError
from reviewer.core.model import Corpus, Segment, SegmentStatus
from reviewer.core.paths import TEMP_MARK, file_kind, open_regular

BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class TextFile:
    """A decoded text file split into lines, remembering how to write it back byte for byte."""

    path: Path
    lines: list[str]
    """Lines without their terminators."""
    had_bom: bool
    """Whether the file started with a UTF-8 byte-order mark."""
    endings: tuple[str, ...]
    """Each line's terminator as read: "\n", "\r\n", or "" for a last line without one. Kept
    per line, so a file with mixed line ends is written back as it was."""

    @property
    def final_newline(self) -> bool:
        """Whether the last line was terminated."""
        return not self.endings or self.endings[-1] != ""

    def render(self, lines: list[str]) -> bytes:
        """Encode replacement lines (one for each line read) with this file's BOM and line ends."""
        if len(lines) == len(self.endings):
            endings: Sequence[str] = self.endings
        else:  # not expected: the writers replace lines one for one
            common = max(set(self.endings) - {""}, key=self.endings.count, default="\n")
            endings = [common] * len(lines)
        text = "".join(line + end for line, end in zip(lines, endings))
        return ((BOM if self.had_bom else "") + text).encode("utf-8")


def read_bytes(path: Path, *, what: str = "file") -> bytes:
    """A file's bytes; a missing or unreadable file, or one that is not a regular file (a FIFO,
    a device) other than stdin, raises CorpusError naming it."""
    with open_regular(path, what) as fh:
        try:
            return fh.read()
        except OSError as exc:
            raise CorpusError(f"cannot read {what}: {exc.strerror}", path=path) from None


#: Byte-order marks of the encodings reviewer refuses (UTF-32 first: its LE mark starts with UTF-16's).
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32LE"),
    (codecs.BOM_UTF32_BE, "UTF-32BE"),
    (codecs.BOM_UTF16_LE, "UTF-16LE"),
    (codecs.BOM_UTF16_BE, "UTF-16BE"),
)


def wide_encoding(head: bytes) -> tuple[str, bool] | None:
    """(encoding, has a BOM) when a file's first bytes are UTF-16 or UTF-32 rather than UTF-8:
    by their byte-order mark, or without one by where the NULs of mostly-Latin text fall (in
    UTF-16LE every second byte, in UTF-32BE three bytes of four). None for anything else:
    UTF-8 has no NUL byte but U+0000, and a few of those make no pattern."""
    for bom, name in _WIDE_BOMS:
        if head.startswith(bom):
            return name, True
    if head.count(0) < 2:  # one NUL is a stray U+0000; UTF-16 text of one character has two
        return None
    n4 = len(head) - len(head) % 4
    if n4:
        zeros = [head[i:n4:4].count(0) * 4 / n4 for i in range(4)]
        # A code point is at most 0x10FFFF, so one byte of four is always NUL, and a second
        # nearly always (the BMP); the low byte rarely is.
        if zeros[2] >= 0.9 and zeros[3] >= 0.9 and zeros[0] < 0.5:
            return "UTF-32LE", False
        if zeros[0] >= 0.9 and zeros[1] >= 0.9 and zeros[3] < 0.5:
            return "UTF-32BE", False
    n2 = len(head) - len(head) % 2
    if n2 and head.count(0) * 5 < len(head) * 2 and _valid_utf8(head):
        # Latin text in UTF-16 is NUL in every second byte; a UTF-8 text with a few U+0000
        # in it (debris, or a test of the tool) may fall on even places by chance.
        return None
    if n2:
        even, odd = (head[i:n2:2].count(0) * 2 / n2 for i in range(2))
        if odd >= 0.3 and even < 0.1:
            return "UTF-16LE", False
        if even >= 0.3 and odd < 0.1:
            return "UTF-16BE", False
    return None


def _valid_utf8(head: bytes) -> bool:
    """Whether the bytes are UTF-8 (a sequence cut off at their end allowed: a file's head)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _refuse_wide(head: bytes, path: Path) -> None:
    found = wide_encoding(head[:4096])
    if found is None:
        return
    name, bom = found
    if bom:
        raise CorpusError(f"is {name} (it starts with a {name} byte-order mark); save it as UTF-8", path=path)
    raise CorpusError(f"looks like {name} without a byte-order mark; save it as UTF-8", path=path)


def read_text_file(path: str | Path, *, what: str = "file") -> TextFile:
    """Read a UTF-8 text file. Only LF ends a line (CR LF accepted); a BOM is stripped.

    U+2028, U+0085 and form feeds stay inside their line. Errors name the file and line; a
    file that is not a regular file (but stdin), or is UTF-16 or UTF-32, is refused.
    """
    p = Path(path)
    data = read_bytes(p, what=what)
    _refuse_wide(data, p)
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
    # A CR before a line feed belongs to the line end, as in `iter_text_lines`; a last line
    # without a line feed keeps its CR.
    endings = ["\n"] * len(lines)
    if lines and not final_newline:
        endings[-1] = ""
    if "\r" in body:
        for i, line in enumerate(lines):
            if endings[i] and line.endswith("\r"):
                lines[i], endings[i] = line[:-1], "\r\n"
    return TextFile(p, lines, had_bom, tuple(endings))


#: Bytes read at a time by `iter_text_lines` (decoding and splitting a block at once is several
#: times faster than a line at a time).
_BLOCK = 1 << 20


def iter_text_lines(path: Path, *, what: str = "file") -> Iterator[str]:
    """Stream the lines of a UTF-8 file with the rules of `read_text_file` (only LF ends a line,
    CR LF accepted, BOM stripped, UTF-16/32 and files that are not regular refused); an
    undecodable line raises CorpusError with its number, after the lines before it."""
    number = 0  # lines yielded so far
    parts: list[bytes] = []  # the start of a line longer than a block
    first = True
    with open_regular(path, what) as fh:
        while block := fh.read(_BLOCK):
            if first:
                _refuse_wide(block, Path(path))
                first = False
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
        if not text:
            return 0  # nothing after the last line feed but a byte-order mark: no line
        yield text
        return 1
    lines = text.split("\n")
    lines.pop()  # the text ends with a line feed: nothing after it
    if "\r" in text:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    yield from lines
    return len(lines)


#: The rest of a temporary file's name after `.NAME` and TEMP_MARK: the writing process and a nonce.
_TEMP_TAIL = re.compile(r"(?P<pid>[0-9]+)-[0-9a-f]{12}\.tmp")


def _temp_prefix(name: str) -> str:
    """`.NAME.~reviewer-`, the start of every temporary file written for NAME (NAME cut short
    enough that the whole stays within the 255-byte limit on a file name)."""
    return f".{name[:100]}{TEMP_MARK}"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _remove_stale_temps(target: Path) -> None:
    """Remove the temporary files that an earlier write of `target`, killed half-way, left
    behind: only regular files named as `atomic_write` names them, of a process that is gone."""
    prefix = _temp_prefix(target.name)
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        tail = _TEMP_TAIL.fullmatch(entry.name[len(prefix):])
        if tail is None or _alive(int(tail["pid"])):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
        except OSError:
            pass


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write a file atomically: temporary file in the same folder, fsync, rename, fsync folder.

    A symbolic link is written through (the file it names is replaced, the link stays). The
    file keeps the mode of the one it replaces (permission bits), or gets a new file's (0o666
    less the umask). A destination that exists and is not a regular file is refused, and so is
    one that cannot be written, with a ReviewerError naming it. The temporary file is named
    `.NAME.~reviewer-PID-NONCE.tmp`; only such files of processes that are gone are cleaned up.
    """
    target = Path(os.path.realpath(path))
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise ReviewerError(f"cannot write: {exc.strerror}", path=path) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise ReviewerError(f"refusing to write {path}: it is {file_kind(st.st_mode)}, not a regular file")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReviewerError(f"cannot create the folder {target.parent}: {exc.strerror}", path=path) from None
    _remove_stale_temps(target)
    fd, tmp = _create_temp(target, path)
    try:
        with os.fdopen(fd, "wb") as fh:
            if st is not None:
                os.fchmod(fh.fileno(), stat.S_IMODE(st.st_mode) & 0o777)  # no set-id bits on a copy
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise ReviewerError(f"cannot write: {exc.strerror or exc}", path=path) from None
        raise
    try:
        dir_fd = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _create_temp(target: Path, shown: str | Path) -> tuple[int, Path]:
    """Create `atomic_write`'s temporary file beside `target`, with a new file's mode (0o666
    less the umask: the kernel applies it, so the umask is never changed to be read)."""
    prefix = _temp_prefix(target.name)
    for _ in range(100):
        tmp = target.parent / f"{prefix}{os.getpid()}-{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_CLOEXEC, 0o666), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise ReviewerError(f"cannot write: {exc.strerror}", path=shown) from None
    raise ReviewerError("cannot write: no free temporary file name", path=shown)  # pragma: no cover


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


def _invalid_utf8(data: bytes, exc: UnicodeDecodeError, path: Path, line: int, offset: int | None) -> CorpusError:
    where = f" at offset {offset}" if offset is not None else ""
    return CorpusError(f"invalid UTF-8 (byte 0x{data[exc.start]:02x}{where}); save the file as UTF-8",
                       path=path, line=line)


def count_text_lines(path: str | Path, *, what: str = "file") -> int:
    """The number of lines `iter_text_lines` yields, proving on the way that the file is UTF-8
    (nothing is kept). Errors name the file, and the line where it stops being UTF-8."""
    p = Path(path)
    try:
        return sum(1 for _ in iter_text_lines(p, what=what))
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

    def input_files(self, corpus: Corpus) -> list[Path]:
        """The files this corpus was read from (formats that read more than `corpus.path` say so)."""
        return [corpus.path] if corpus.path is not None else []

    def target_names(self, corpus: Corpus) -> list[str]:
        """The names of the files `render_target` returns, in its order (formats that know them
        without rendering say so)."""
        return list(self.render_target(corpus, {}))

    @abstractmethod
    def render_target(
        self, corpus: Corpus, targets: dict[str, str], statuses: dict[str, SegmentStatus] | None = None
    ) -> dict[str, bytes]:
        """Return the files (relative name: bytes) holding the corpus with `targets` as its target.

        `targets` maps segment id to the corrected target; segments not in it keep their text.
        `statuses` maps segment id to its review status, for formats that record one (a format
        without states accepts and ignores it).
        """
