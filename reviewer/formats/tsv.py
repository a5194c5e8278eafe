"""Tab-separated corpora: `source<TAB>target` or `id<TAB>source<TAB>target`, optional header row.

No quote processing: a double quote is an ordinary character, and a field cannot contain a tab
or a line break.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reviewer.errors import CorpusError
from reviewer.formats.base import Format, TextFile, read_text_file
from reviewer.model import Corpus, Segment

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


class TsvFormat(Format):
    """`source<TAB>target` rows, or `id<TAB>source<TAB>target`; blank lines are skipped."""

    name = "tsv"
    extensions = (".tsv", ".tab")

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return path.suffix.lower() in cls.extensions

    def read(self, path: Path) -> Corpus:
        tf = read_text_file(path, what="TSV file")
        has_header = bool(tf.lines) and _is_header(tf.lines[0].split("\t"))
        first = 1 if has_header else 0
        columns = None
        if has_header:
            columns = len(tf.lines[0].split("\t"))
        segments: list[Segment] = []
        row_index: dict[str, int] = {}
        for i in range(first, len(tf.lines)):
            line = tf.lines[i]
            if not line.strip():
                continue
            cells = line.split("\t")
            if columns is None:
                columns = len(cells)
                if columns not in (2, 3):
                    raise CorpusError(
                        f"expected 2 columns (source, target) or 3 (id, source, target), found {columns}",
                        path=tf.path, line=i + 1,
                    )
            if len(cells) != columns:
                raise CorpusError(
                    f"expected {columns} tab-separated columns, found {len(cells)}", path=tf.path, line=i + 1
                )
            if columns == 3:
                seg_id, source, target = cells
                seg_id = seg_id.strip()
                if not seg_id:
                    raise CorpusError("empty segment id", path=tf.path, line=i + 1)
            else:
                seg_id, (source, target) = str(i + 1), cells
            if seg_id in row_index:
                raise CorpusError(
                    f"duplicate segment id {seg_id!r} (first on line {row_index[seg_id] + 1})", path=tf.path, line=i + 1
                )
            row_index[seg_id] = i
            segments.append(Segment(seg_id, source, target))
        has_id = columns == 3
        return Corpus(
            segments,
            format=self.name,
            path=tf.path,
            name=tf.path.name,
            layout=TsvLayout(tf, has_header, has_id, row_index),
        )

    def render_target(self, corpus: Corpus, targets: dict[str, str]) -> dict[str, bytes]:
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
