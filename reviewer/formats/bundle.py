"""The reviewer corpus bundle: a YAML manifest naming a paragraph-per-line target document,
an id-keyed source file and an optional id-keyed post-edit.

The target document is split into sentences on load; segment ids are `p<line>.s<n>`, where
<line> is the 1-based line of the document and <n> counts sentences in that line. Writing back
replaces each sentence in place, so paragraphs, blank lines and the spacing between sentences
stay exactly as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reviewer.core.errors import CorpusError
from reviewer.core.model import Corpus, Segment, SegmentStatus
from reviewer.core.yamlsafe import Located, load_located
from reviewer.formats.base import Format, TextFile, read_text_file
from reviewer.lang.segmenter import split_sentences

MANIFEST_SUFFIX = ".corpus.yaml"
_KEYS = {"format", "name", "source_lang", "target_lang", "target", "source", "postedit", "glossary", "note"}


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a segment sits in the target document."""

    line: int
    """0-based line index."""
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class BundleLayout:
    """The target document and where each segment sits in it."""

    document: TextFile
    placements: dict[str, Placement]
    files: tuple[Path, ...] = ()
    """Every file the bundle was read from: the manifest, the target document, the source and
    the post-edit (inputs that no output may overwrite)."""


def segment_document(doc: TextFile) -> tuple[list[tuple[str, str]], dict[str, Placement]]:
    """Split a paragraph-per-line document into (id, sentence) pairs and their placements."""
    pieces: list[tuple[str, str]] = []
    placements: dict[str, Placement] = {}
    for line_no, line in enumerate(doc.lines):
        for n, sentence in enumerate(split_sentences(line), 1):
            seg_id = f"p{line_no + 1}.s{n}"
            pieces.append((seg_id, sentence.text))
            placements[seg_id] = Placement(line_no, sentence.start, sentence.end)
    return pieces, placements


def read_id_tsv(path: Path, what: str, lines: dict[str, int] | None = None) -> dict[str, str]:
    """Read `id<TAB>text` lines (blank lines and lines starting with # are skipped).

    When `lines` is given, it receives the 1-based line of each id (for error messages)."""
    tf = read_text_file(path, what=what)
    out: dict[str, str] = {}
    seen: dict[str, int] = {} if lines is None else lines
    for i, line in enumerate(tf.lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        seg_id, tab, text = line.partition("\t")
        if not tab:
            raise CorpusError("expected `id<TAB>text`", path=path, line=i)
        if seg_id in out:
            raise CorpusError(f"duplicate segment id {seg_id!r} (first on line {seen[seg_id]})", path=path, line=i)
        out[seg_id] = text
        seen[seg_id] = i
    return out


def _plain(node: Located) -> object:
    if isinstance(node.value, list):
        return [_plain(item) for item in node.value]
    if isinstance(node.value, dict):
        return {key: _plain(value) for key, value in node.value.items()}
    return node.value


def _load_manifest(path: Path) -> tuple[dict[str, object], dict[str, int]]:
    """The manifest's values and the line of each key (safe YAML: no tags, aliases, duplicates)."""
    tf = read_text_file(path, what="corpus manifest")
    root = load_located("\n".join(tf.lines), path, CorpusError)
    if root is None or not isinstance(root.value, dict):
        raise CorpusError("a corpus manifest must be a mapping", path=path, line=root.line if root else None)
    lines = {key: node.line for key, node in root.value.items()}
    for key, line in lines.items():
        if key not in _KEYS:
            raise CorpusError(f"unknown key {key!r} (allowed: {', '.join(sorted(_KEYS))})", path=path, line=line)
    data = {key: _plain(node) for key, node in root.value.items()}
    for key in ("target", "source"):
        if key not in data:
            raise CorpusError(f"missing required key {key!r} (the {key} file)", path=path, line=root.line)
        if not isinstance(data[key], str) or not str(data[key]).strip():
            raise CorpusError(f"`{key}` must name a file", path=path, line=lines[key])
    return data, lines


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class BundleFormat(Format):
    """`NAME.corpus.yaml` manifests (see the module docstring and the README)."""

    name = "bundle"
    extensions = (MANIFEST_SUFFIX,)

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return path.name.lower().endswith(MANIFEST_SUFFIX)

    def read(self, path: Path) -> Corpus:
        manifest, key_lines = _load_manifest(path)
        base = path.parent
        doc = read_text_file(base / str(manifest["target"]), what="target document")
        pieces, placements = segment_document(doc)
        source_path = base / str(manifest["source"])
        source_lines: dict[str, int] = {}
        sources = read_id_tsv(source_path, "source file", source_lines)
        known = {seg_id for seg_id, _ in pieces}
        extra = [seg_id for seg_id in sources if seg_id not in known]
        if extra:
            raise CorpusError(
                f"segment id {extra[0]!r} is not in the target document {doc.path.name} "
                f"(unknown ids: {', '.join(extra[:5])})",
                path=source_path,
                line=source_lines[extra[0]],
            )
        missing = [(seg_id, text) for seg_id, text in pieces if seg_id not in sources]
        if missing:
            seg_id, text = missing[0]
            raise CorpusError(
                f"segment {seg_id} ({_clip(text)!r}) has no source line in {source_path.name} "
                f"(missing ids: {', '.join(m for m, _ in missing[:5])})",
                path=doc.path,
                line=placements[seg_id].line + 1,
            )
        postedit = None
        files = [path, doc.path, source_path]
        if manifest.get("postedit"):
            pe_path = base / str(manifest["postedit"])
            files.append(pe_path)
            pe_lines: dict[str, int] = {}
            postedit = read_id_tsv(pe_path, "post-edit file", pe_lines)
            unknown = [seg_id for seg_id in postedit if seg_id not in known]
            if unknown:
                raise CorpusError(
                    f"segment id {unknown[0]!r} is not in the target document {doc.path.name} "
                    f"(unknown ids: {', '.join(unknown[:5])})",
                    path=pe_path,
                    line=pe_lines[unknown[0]],
                )
        glossaries = manifest.get("glossary") or []
        if isinstance(glossaries, str):
            glossaries = [glossaries]
        if not isinstance(glossaries, list) or not all(isinstance(g, str) for g in glossaries):
            raise CorpusError("`glossary` must be a file name or a list of file names", path=path,
                              line=key_lines.get("glossary"))
        segments = [Segment(seg_id, sources[seg_id], text) for seg_id, text in pieces]
        return Corpus(
            segments,
            source_lang=str(manifest.get("source_lang", "en")),
            target_lang=str(manifest.get("target_lang", "id")),
            format=self.name,
            path=path,
            name=str(manifest.get("name") or path.name[: -len(MANIFEST_SUFFIX)]),
            glossaries=[(base / g).resolve() for g in glossaries],
            postedit=postedit,
            layout=BundleLayout(doc, placements, tuple(files)),
        )

    def input_files(self, corpus: Corpus) -> list[Path]:
        layout: BundleLayout = corpus.layout
        return list(layout.files)

    def target_names(self, corpus: Corpus) -> list[str]:
        layout: BundleLayout = corpus.layout
        return [layout.document.path.name]

    def render_target(
        self, corpus: Corpus, targets: dict[str, str], statuses: dict[str, SegmentStatus] | None = None
    ) -> dict[str, bytes]:
        layout: BundleLayout = corpus.layout
        lines = list(layout.document.lines)
        # Replace from the end of each line so earlier offsets stay valid.
        by_line: dict[int, list[tuple[Placement, str]]] = {}
        for seg in corpus.segments:
            text = targets.get(seg.id, seg.target)
            if "\n" in text:
                raise CorpusError(f"segment {seg.id}: a sentence cannot contain a line break")
            by_line.setdefault(layout.placements[seg.id].line, []).append((layout.placements[seg.id], text))
        for line_no, items in by_line.items():
            line = lines[line_no]
            for placement, text in sorted(items, key=lambda item: item[0].start, reverse=True):
                line = line[: placement.start] + text + line[placement.end :]
            lines[line_no] = line
        return {layout.document.path.name: layout.document.render(lines)}
