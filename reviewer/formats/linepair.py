"""Two line-aligned plain-text files: line N of the source is translated by line N of the target."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reviewer.errors import CorpusError
from reviewer.formats.base import Format, TextFile, read_text_file
from reviewer.model import Corpus, Segment, SegmentStatus


@dataclass(frozen=True, slots=True)
class LinePairLayout:
    """What a line-pair corpus needs to be written back."""

    target_file: TextFile


def read_line_pair(source: str | Path, target: str | Path, *, source_lang: str = "en", target_lang: str = "id") -> Corpus:
    """Read two line-aligned files; segment id is the 1-based line number as a string."""
    src = read_text_file(source, what="source file")
    tgt = read_text_file(target, what="target file")
    if len(src.lines) != len(tgt.lines):
        raise CorpusError(
            f"line counts differ: source {src.path} has {len(src.lines)} lines, "
            f"target {tgt.path} has {len(tgt.lines)} lines; the files must be line-aligned",
            path=tgt.path,
        )
    segments = [Segment(str(i), s, t) for i, (s, t) in enumerate(zip(src.lines, tgt.lines), 1)]
    return Corpus(
        segments,
        source_lang=source_lang,
        target_lang=target_lang,
        format="linepair",
        path=tgt.path,
        name=tgt.path.name,
        layout=LinePairLayout(tgt),
    )


class LinePairFormat(Format):
    """Plain text, one segment per line, source and target in two files (`--source`, `--target`)."""

    name = "linepair"
    extensions = (".txt",)

    def read(self, path: Path) -> Corpus:
        raise CorpusError(
            "a plain-text file holds only one language; give both files with --source and --target",
            path=path,
        )

    def render_target(
        self, corpus: Corpus, targets: dict[str, str], statuses: dict[str, SegmentStatus] | None = None
    ) -> dict[str, bytes]:
        """The target file with corrected lines, keeping BOM, line ends and final newline."""
        layout: LinePairLayout = corpus.layout
        lines = [targets.get(seg.id, seg.target) for seg in corpus.segments]
        for seg, line in zip(corpus.segments, lines):
            if "\n" in line:
                raise CorpusError(f"segment {seg.id}: a line-aligned target cannot contain a line break")
        return {layout.target_file.path.name: layout.target_file.render(lines)}
