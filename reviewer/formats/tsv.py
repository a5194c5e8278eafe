"""Tab-separated corpora: `source<TAB>target` or `id<TAB>source<TAB>target`, optional header row.

No quote processing: a double quote is an ordinary character, and a field cannot contain a tab
or a line break.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.core.errors import CorpusError
from reviewer.core.model import Corpus, Segment, SegmentStatus
from reviewer.core.paths import is_stdin_path
from reviewer.formats.base import CorpusStream, Format, TextFile, iter_text_lines, read_text_file

_HEADER_WORDS = {
    "id", "segment", "seg", "seg_id", "segment_id", "key", "source", "src", "target", "tgt",
    "translation", "mt", "en", "english", "indonesian", "ind",
}


@dataclass(frozen=True, slots=True)
class TsvLayout:
    """What a TSV corpus needs to be written back: the file, header, and column positions."""

    file: TextFile
    has_header: bool
    has_id: bool
    row_index: dict[str, int]
    """Segment id to line index in `file.lines`."""


def _is_header(cells: list[str]) -> bool:
    return all(c.strip().lower() in _HEADER_WORDS for c in cells) and any(
        c.strip().lower() in {"source", "src", "target", "tgt", "translation"} for c in cells
    )


_HEADER = object()


def parse_rows(lines: Iterable[str], path: Path) -> Iterator[Any]:
    """Validate and split TSV lines: yields `_HEADER` for a header row, then
    (line index, id, source, target, column count) for each data row."""
    columns: int | None = None
    seen: dict[str, int] = {}
    for i, line in enumerate(lines):
        if i == 0 and _is_header(line.split("\t")):
            columns = len(line.split("\t"))
            yield _HEADER
            continue
        if not line.strip():
            continue
        cells = line.split("\t")
        if columns is None:
            columns = len(cells)
            if columns not in (2, 3):
                raise CorpusError(
                    f"expected 2 columns (source, target) or 3 (id, source, target), found {columns}",
                    path=path, line=i + 1,
                )
        if len(cells) != columns:
            raise CorpusError(f"expected {columns} tab-separated columns, found {len(cells)}", path=path, line=i + 1)
        if columns == 3:
            seg_id, source, target = cells
            seg_id = seg_id.strip()
            if not seg_id:
                raise CorpusError("empty segment id", path=path, line=i + 1)
            if seg_id in seen:
                raise CorpusError(f"duplicate segment id {seg_id!r} (first on line {seen[seg_id] + 1})",
                                  path=path, line=i + 1)
            seen[seg_id] = i
        else:
            seg_id, (source, target) = str(i + 1), cells
        yield i, seg_id, source, target, columns


def iter_tsv(path: Path) -> Iterator[Segment]:
    """Stream the segments of a TSV file without holding it in memory."""
    if not path.exists():
        raise CorpusError("TSV file not found", path=path)
    for row in parse_rows(iter_text_lines(path, what="TSV file"), path):
        if row is not _HEADER:
            _, seg_id, source, target, _ = row
            yield Segment(seg_id, source, target)


class TsvFormat(Format):
    """`source<TAB>target` rows, or `id<TAB>source<TAB>target`; blank lines are skipped."""

    name = "tsv"
    extensions = (".tsv", ".tab")

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        # The extension decides, unless the file declares itself XML (an XLIFF or TMX file
        # named .tsv by mistake): a row may well start with "<tmx>".
        return path.suffix.lower() in cls.extensions and not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml")

    def open_stream(self, path: Path) -> CorpusStream:
        """Rows read as they are checked; the whole file is validated first (no output before
        an error on its last line)."""
        if is_stdin_path(path):  # read once, and kept: a pipe cannot be read again
            return CorpusStream.of(self.read(path))
        count = sum(1 for _ in iter_tsv(path))
        return CorpusStream(lambda: iter_tsv(path), count=count)

    def read(self, path: Path) -> Corpus:
        tf = read_text_file(path, what="TSV file")
        segments: list[Segment] = []
        row_index: dict[str, int] = {}
        has_header = False
        columns = 2
        for row in parse_rows(tf.lines, tf.path):
            if row is _HEADER:
                has_header = True
                continue
            index, seg_id, source, target, columns = row
            row_index[seg_id] = index
            segments.append(Segment(seg_id, source, target))
        return Corpus(
            segments,
            format=self.name,
            path=tf.path,
            name=tf.path.name,
            layout=TsvLayout(tf, has_header, columns == 3, row_index),
        )

    def target_names(self, corpus: Corpus) -> list[str]:
        layout: TsvLayout = corpus.layout
        return [layout.file.path.name]

    def render_target(
        self, corpus: Corpus, targets: dict[str, str], statuses: dict[str, SegmentStatus] | None = None
    ) -> dict[str, bytes]:
        layout: TsvLayout = corpus.layout
        lines = list(layout.file.lines)
        for seg in corpus.segments:
            target = targets.get(seg.id, seg.target)
            if "\t" in target or "\n" in target:
                raise CorpusError(f"segment {seg.id}: a TSV field cannot contain a tab or a line break")
            i = layout.row_index[seg.id]
            cells = lines[i].split("\t")
            cells[-1] = target
            lines[i] = "\t".join(cells)
        return {layout.file.path.name: layout.file.render(lines)}
