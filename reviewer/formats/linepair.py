"""Two line-aligned plain-text files: line N of the source is translated by line N of the target."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reviewer.core.errors import CorpusError
from reviewer.core.model import Corpus, Segment, SegmentStatus
from reviewer.core.paths import is_stdin_path
from reviewer.formats.base import CorpusStream, Format, TextFile, count_text_lines, iter_text_lines, read_text_file


@dataclass(frozen=True, slots=True)
class LinePairLayout:
    """What a line-pair corpus needs to be written back."""

    target_file: TextFile
    source_path: Path | None = None
    """The source file (an input that no output may overwrite)."""


def _aligned(src: Path, n_src: int, tgt: Path, n_tgt: int) -> None:
    if n_src != n_tgt:
        raise CorpusError(
            f"line counts differ: source {src} has {n_src} lines, target {tgt} has {n_tgt} lines; "
            "the files must be line-aligned",
            path=tgt,
        )


def read_line_pair(source: str | Path, target: str | Path, *, source_lang: str = "en", target_lang: str = "id") -> Corpus:
    """Read two line-aligned files; segment id is the 1-based line number as a string."""
    src = read_text_file(source, what="source file")
    tgt = read_text_file(target, what="target file")
    _aligned(src.path, len(src.lines), tgt.path, len(tgt.lines))
    segments = [Segment(str(i), s, t) for i, (s, t) in enumerate(zip(src.lines, tgt.lines), 1)]
    return Corpus(
        segments,
        source_lang=source_lang,
        target_lang=target_lang,
        format="linepair",
        path=tgt.path,
        name=tgt.path.name,
        layout=LinePairLayout(tgt, src.path),
    )


def stream_line_pair(source: str | Path, target: str | Path) -> CorpusStream:
    """Two line-aligned files, validated up front (line counts, UTF-8), then read as they are
    checked: memory stays flat however long they are."""
    src, tgt = Path(source), Path(target)
    if is_stdin_path(src) or is_stdin_path(tgt):  # read once, and kept: a pipe cannot be read again
        return CorpusStream.of(read_line_pair(src, tgt))
    n_src, n_tgt = count_text_lines(src, what="source file"), count_text_lines(tgt, what="target file")
    _aligned(src, n_src, tgt, n_tgt)

    def segments() -> Iterator[Segment]:
        pairs = zip(iter_text_lines(src, what="source file"), iter_text_lines(tgt, what="target file"))
        for i, (s, t) in enumerate(pairs, 1):
            yield Segment(str(i), s, t)

    return CorpusStream(segments, count=n_src)


class LinePairFormat(Format):
    """Plain text, one segment per line, source and target in two files (`--source`, `--target`)."""

    name = "linepair"
    extensions = (".txt",)

    def read(self, path: Path) -> Corpus:
        raise CorpusError(
            "a plain-text file holds only one language; give both files with --source and --target",
            path=path,
        )

    def input_files(self, corpus: Corpus) -> list[Path]:
        layout: LinePairLayout = corpus.layout
        return [p for p in (layout.source_path, layout.target_file.path) if p is not None]

    def target_names(self, corpus: Corpus) -> list[str]:
        layout: LinePairLayout = corpus.layout
        return [layout.target_file.path.name]

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
