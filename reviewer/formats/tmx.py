"""TMX 1.4b translation memories: read as a corpus or as reference translations, write back,
and export approved segments as a new memory.

As a corpus, each `<tu>` is a segment: the source is the `<tuv>` in the header's `srclang`
(the first `<tuv>` when it is `*all*`), the target the first other language (one whose primary
subtag differs from the source's when there is one; Indonesian when present). Segment ids are
the `tuid`s when every unit has a unique one, else the 1-based unit position. Language codes
compare case-insensitively (`eN-uS` = `en-us`). Inline codes become placeholders: `<bpt>`/`<ept>`
pair through `i`, `<hi>` wraps text, `<ph>`, `<it>` and `<ut>` are standalone; codes match
across languages through `x`. Declared encodings are honoured (the LISA compatibility kit files
are UTF-16 with a byte-order mark) and written back the same way.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer import __version__
from reviewer.core.errors import FormatError
from reviewer.core.model import Corpus, Segment, SegmentStatus
from reviewer.formats.base import Format
from reviewer.formats.inline import (
    PLACEHOLDER_RE,
    InlineCodeError,
    Role,
    code_problems,
    flatten,
    label_of,
    number_codes,
    render_codes,
)
from reviewer.formats.xliff12 import indent_before, qualified_name
from reviewer.formats.xmlsafe import XML_LANG, Node, XmlDocument, open_form, parse_xml, sniff_xml_root, xml_escape

APPROVED = (SegmentStatus.REVIEWED, SegmentStatus.FINAL)


def _lang(node: Node) -> str:
    return (node.get(XML_LANG) or node.get("lang") or "").strip()


def _primary(lang: str) -> str:
    return re.split(r"[-_]", lang.casefold(), maxsplit=1)[0]


def classify_tmx(node: Node) -> Role:
    """The inline role of a TMX element."""
    name = node.local
    x = node.get("x") or ""
    if name == "bpt":
        return Role("begin", x or f"i{node.get('i')}", link=node.get("i") or "", family="bpt",
                    label=label_of(node, "type"))
    if name == "ept":
        return Role("end", "", link=node.get("i") or "", family="bpt", label=label_of(node, "type"))
    if name == "hi":
        return Role("element", x, label=node.get("type") or "hi")
    if name == "it":
        return Role("single", x or f"it-{node.get('pos')}", label=label_of(node, "type"))
    return Role("single", x or name, label=label_of(node, "type"))


@dataclass(eq=False)
class Slot:
    """Where one segment's target lives, and what it was when read."""

    tu: Node
    source_tuv: Node
    target_seg: Node | None
    read_target: str
    codes: dict[str, dict[str, Any]]


@dataclass(eq=False)
class TmxLayout:
    """What writing a TMX file back needs."""

    doc: XmlDocument
    slots: dict[str, Slot] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TmxUnit:
    """One translation unit as read, before it becomes a segment."""

    tu: Node
    tuvs: dict[str, Node]
    """Casefolded language to its `<tuv>` (the first one when a language repeats)."""


def _read_units(doc: XmlDocument) -> tuple[str, list[TmxUnit], list[str]]:
    """(source language, units, every language in document order) of a parsed TMX."""
    root = doc.root
    path = doc.path
    if root.local != "tmx":
        raise FormatError(f"expected a <tmx> root element, found <{root.local}>", path=path, line=root.line)
    if root.get("version") is None:
        raise FormatError("<tmx> is missing the required version attribute", path=path, line=root.line)
    header = next((c for c in root.children() if c.local == "header"), None)
    body = next((c for c in root.children() if c.local == "body"), None)
    if header is None:
        raise FormatError("<tmx> has no <header>", path=path, line=root.line)
    if body is None:
        raise FormatError("<tmx> has no <body>", path=path, line=root.line)
    srclang = (header.get("srclang") or "").strip()
    if not srclang:
        raise FormatError("<header> is missing the required srclang attribute", path=path, line=header.line)
    units: list[TmxUnit] = []
    langs: list[str] = []
    for tu in body.children():
        if tu.local != "tu":
            continue
        tuvs: dict[str, Node] = {}
        for tuv in tu.children():
            if tuv.local != "tuv":
                continue
            lang = _lang(tuv)
            if not lang:
                raise FormatError("<tuv> is missing the required xml:lang attribute", path=path, line=tuv.line)
            segs = [c for c in tuv.children() if c.local == "seg"]
            if len(segs) != 1:
                raise FormatError(f"<tuv xml:lang={lang!r}> must hold exactly one <seg>, found {len(segs)}",
                                  path=path, line=tuv.line)
            key = lang.casefold()
            tuvs.setdefault(key, tuv)
            if key not in langs:
                langs.append(key)
        units.append(TmxUnit(tu, tuvs))
    return srclang, units, langs


def _seg(tuv: Node) -> Node:
    return next(c for c in tuv.children() if c.local == "seg")


def _choose_languages(srclang: str, langs: list[str], source_lang: str | None,
                      target_lang: str | None) -> tuple[str, str]:
    source = (source_lang or (langs[0] if srclang.casefold() == "*all*" and langs else srclang)).casefold()
    if target_lang:
        return source, target_lang.casefold()
    others = [lang for lang in langs if lang != source]
    preferred = [lang for lang in others if _primary(lang) == "id"] or \
        [lang for lang in others if _primary(lang) != _primary(source)] or others
    return source, preferred[0] if preferred else ""


def read_tmx(path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None) -> Corpus:
    """Read a TMX file as a corpus, optionally choosing the languages (see the module docstring)."""
    p = Path(path)
    doc = parse_xml(p)
    srclang, units, langs = _read_units(doc)
    source, target = _choose_languages(srclang, langs, source_lang, target_lang)
    layout = TmxLayout(doc)
    tuids = [u.tu.get("tuid") for u in units]
    use_tuid = all(tuids) and len(set(tuids)) == len(tuids)
    segments: list[Segment] = []
    for n, unit in enumerate(units, 1):
        source_tuv = unit.tuvs.get(source)
        if source_tuv is None:
            continue  # no text in the source language: left as it is
        target_tuv = unit.tuvs.get(target)
        target_seg = _seg(target_tuv) if target_tuv is not None else None
        source_text, target_text, codes = number_codes(
            flatten(doc, _seg(source_tuv).content, classify_tmx),
            flatten(doc, target_seg.content, classify_tmx) if target_seg is not None else None,
        )
        seg_id = str(unit.tu.get("tuid")) if use_tuid else str(n)
        notes = [c.text().strip() for c in unit.tu.children() if c.local == "note"]
        for tuv in (source_tuv, target_tuv):
            if tuv is not None:
                notes += [c.text().strip() for c in tuv.children() if c.local == "note"]
        status = SegmentStatus.TRANSLATED if target_text.strip() else SegmentStatus.NEW
        segments.append(Segment(seg_id, source_text, target_text, status, "\n".join(n for n in notes if n),
                                {"codes": codes}))
        layout.slots[seg_id] = Slot(unit.tu, source_tuv, target_seg, target_text, codes)
    original = {lang.casefold(): lang for u in units for lang in (_lang(t) for t in u.tuvs.values())}
    return Corpus(
        segments,
        source_lang=original.get(source, source) or "en",
        target_lang=original.get(target, target) or "id",
        format=TmxFormat.name,
        path=p,
        name=p.name,
        layout=layout,
    )


def tmx_reference(path: str | Path, corpus: Corpus) -> dict[str, str]:
    """Reference translations for a corpus from a memory: segment id to the memory's target for
    the same source text (compared with inline codes removed and spaces collapsed)."""
    memory = read_tmx(path, source_lang=corpus.source_lang, target_lang=corpus.target_lang)

    def key(text: str) -> str:
        return " ".join(PLACEHOLDER_RE.sub("", text).split())

    table: dict[str, str] = {}
    for seg in memory.segments:
        if seg.target.strip():
            table.setdefault(key(seg.source), seg.target)
    return {seg.id: table[key(seg.source)] for seg in corpus.segments if key(seg.source) in table}


def _tmx_inline(text: str, codes: dict[str, dict[str, Any]]) -> str:
    """Segment text as TMX content: paired tokens become <bpt>/<ept>, standalone ones <ph>,
    each holding the original markup as native code."""
    paired_ok = not [p for p in code_problems(text, text) if p.side == "target"]
    out: list[str] = []
    pos = 0
    for m in PLACEHOLDER_RE.finditer(text):
        out.append(xml_escape(text[pos:m.start()]))
        pos = m.end()
        opening, closing, single = m.groups()
        n = opening or closing or single
        info = codes.get(n, {})
        if opening and paired_ok:
            out.append(f'<bpt i="{n}" x="{n}">{xml_escape(info.get("open", ""))}</bpt>')
        elif closing and paired_ok:
            out.append(f'<ept i="{n}">{xml_escape(info.get("close", ""))}</ept>')
        else:
            native = info.get("close", "") if closing else info.get("open", "")
            out.append(f'<ph x="{n}">{xml_escape(native)}</ph>')
    out.append(xml_escape(text[pos:]))
    return "".join(out)


def export_tmx(
    corpus: Corpus,
    targets: dict[str, str] | None = None,
    statuses: dict[str, SegmentStatus] | None = None,
    *,
    approved_only: bool = True,
) -> bytes:
    """A TMX 1.4b memory (UTF-8) of the corpus's approved segments (reviewed or final), with
    corrected targets; `approved_only=False` exports every segment with a target."""
    targets = targets or {}
    statuses = statuses or {}
    src, tgt = corpus.source_lang or "en", corpus.target_lang or "id"
    now = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4">',
        f'  <header creationtool="reviewer" creationtoolversion="{xml_escape(__version__, quote=True)}" '
        f'segtype="sentence" o-tmf="reviewer" adminlang="en" srclang="{xml_escape(src, quote=True)}" '
        f'datatype="plaintext" creationdate="{now}"/>',
        "  <body>",
    ]
    for seg in corpus.segments:
        status = statuses.get(seg.id, seg.status)
        target = targets.get(seg.id, seg.target)
        if (approved_only and status not in APPROVED) or not target.strip():
            continue
        codes = seg.extra.get("codes", {}) if isinstance(seg.extra, dict) else {}
        lines += [
            f'    <tu tuid="{xml_escape(seg.id, quote=True)}">',
            f'      <tuv xml:lang="{xml_escape(src, quote=True)}"><seg>{_tmx_inline(seg.source, codes)}</seg></tuv>',
            f'      <tuv xml:lang="{xml_escape(tgt, quote=True)}"><seg>{_tmx_inline(target, codes)}</seg></tuv>',
            "    </tu>",
        ]
    lines += ["  </body>", "</tmx>", ""]
    return "\n".join(lines).encode("utf-8")


class TmxFormat(Format):
    """TMX translation memories (`.tmx`)."""

    name = "tmx"
    extensions = (".tmx",)

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return sniff_xml_root(head)[0] == "tmx"

    def read(self, path: Path) -> Corpus:
        return read_tmx(path)

    def render_target(
        self,
        corpus: Corpus,
        targets: dict[str, str],
        statuses: dict[str, SegmentStatus] | None = None,
    ) -> dict[str, bytes]:
        """The memory with corrected targets (TMX has no review states: `statuses` is ignored;
        use `export_tmx` for a memory of the approved segments)."""
        layout: TmxLayout = corpus.layout
        doc = layout.doc
        edits: list[tuple[int, int, str]] = []
        for seg_id, slot in layout.slots.items():
            text = targets.get(seg_id, slot.read_target)
            if text == slot.read_target:
                continue
            try:
                markup = render_codes(text, slot.codes, xml_escape)
            except InlineCodeError as exc:
                raise FormatError(f"segment {seg_id}: cannot write the target: {exc} (see the inline-codes check)") from None
            seg = slot.target_seg
            if seg is None:
                tuv_name = qualified_name(doc.start_tag(slot.source_tuv))
                indent = indent_before(doc, slot.source_tuv)
                lang = xml_escape(corpus.target_lang, quote=True)
                edits.append((slot.source_tuv.end, slot.source_tuv.end,
                              f'{chr(10) + indent if indent else ""}<{tuv_name} xml:lang="{lang}"><seg>{markup}</seg></{tuv_name}>'))
            elif seg.self_closing:
                tag = doc.start_tag(seg)
                edits.append((seg.start, seg.end, f"{open_form(tag)}{markup}</{qualified_name(tag)}>"))
            else:
                edits.append((seg.start_end, seg.end_start, markup))
        return {doc.path.name: doc.render(edits)}


__all__ = ["TmxFormat", "export_tmx", "read_tmx", "tmx_reference"]
