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

import yaml

from reviewer.errors import CorpusError
from reviewer.formats.base import Format, TextFile, read_text_file
from reviewer.model import Corpus, Segment
from reviewer.segmenter import split_sentences

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


def read_id_tsv(path: Path, what: str) -> dict[str, str]:
    """Read `id<TAB>text` lines (blank lines and lines starting with # are skipped)."""
    tf = read_text_file(path, what=what)
    out: dict[str, str] = {}
    for i, line in enumerate(tf.lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        seg_id, tab, text = line.partition("\t")
        if not tab:
            raise CorpusError("expected `id<TAB>text`", path=path, line=i)
        if seg_id in out:
            raise CorpusError(f"duplicate segment id {seg_id!r}", path=path, line=i)
        out[seg_id] = text
    return out


def _load_manifest(path: Path) -> dict[str, object]:
    tf = read_text_file(path, what="corpus manifest")
    try:
        data = yaml.safe_load("\n".join(tf.lines))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CorpusError(f"invalid YAML: {getattr(exc, 'problem', exc)}", path=path,
                          line=mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise CorpusError("a corpus manifest must be a mapping", path=path)
    unknown = sorted(set(map(str, data)) - _KEYS)
    if unknown:
        raise CorpusError(f"unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(_KEYS))})", path=path)
    for key in ("target", "source"):
        if not isinstance(data.get(key), str):
            raise CorpusError(f"`{key}` must name a file", path=path)
    return data


class BundleFormat(Format):
    """`NAME.corpus.yaml` manifests (see the module docstring and the README)."""

    name = "bundle"
    extensions = (MANIFEST_SUFFIX,)

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return path.name.lower().endswith(MANIFEST_SUFFIX)

    def read(self, path: Path) -> Corpus:
        manifest = _load_manifest(path)
        base = path.parent
        doc = read_text_file(base / str(manifest["target"]), what="target document")
        pieces, placements = segment_document(doc)
        source_path = base / str(manifest["source"])
        sources = read_id_tsv(source_path, "source file")
        known = {seg_id for seg_id, _ in pieces}
        extra = [seg_id for seg_id in sources if seg_id not in known]
        if extra:
            raise CorpusError(
                f"source has segment id(s) the target document does not: {', '.join(extra[:5])}", path=source_path
            )
        missing = [seg_id for seg_id, _ in pieces if seg_id not in sources]
        if missing:
            raise CorpusError(f"source lacks segment id(s) {', '.join(missing[:5])}", path=source_path)
        postedit = None
        if manifest.get("postedit"):
            pe_path = base / str(manifest["postedit"])
            postedit = read_id_tsv(pe_path, "post-edit file")
            unknown = [seg_id for seg_id in postedit if seg_id not in known]
            if unknown:
                raise CorpusError(f"post-edit has unknown segment id(s) {', '.join(unknown[:5])}", path=pe_path)
        glossaries = manifest.get("glossary") or []
        if isinstance(glossaries, str):
            glossaries = [glossaries]
        if not isinstance(glossaries, list) or not all(isinstance(g, str) for g in glossaries):
            raise CorpusError("`glossary` must be a file name or a list of file names", path=path)
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
            layout=BundleLayout(doc, placements),
        )

    def render_target(self, corpus: Corpus, targets: dict[str, str]) -> dict[str, bytes]:
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
