"""XLIFF 1.2 (and 1.0/1.1, and SDL Trados .sdlxliff, which is XLIFF 1.2 with an sdl: namespace).

One corpus segment per `<trans-unit>`, or per `<mrk mtype="seg">` when the unit is segmented
(`<seg-source>`, as Trados, Okapi and MateCat write it) and its target holds the same segments.
Segment ids are the trans-unit id, with `#<mid>` added when a unit holds several segments.
Units marked `translate="no"` are left out (and left as they are).

Inline codes become placeholders (`reviewer.formats.inline`): `<g>` and `<mrk>` are paired
elements, `<bpt>`/`<ept>` and `<bx/>`/`<ex/>` paired markers, `<x/>`, `<ph>` and `<it>`
standalone. States map to `SegmentStatus`: new/needs-translation -> new, translated and the
needs-* states -> translated, signed-off -> reviewed, final -> final; with no state,
`approved="yes"` means final. Trados confirmation levels (`sdl:seg conf`) win where present.

Writing splices new target text and changed attributes into the original bytes, so a unit that
was not edited stays byte for byte as it was, and so does everything around it (comments,
DOCTYPE, namespace prefixes, encoding).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer.core.errors import FormatError
from reviewer.core.model import Corpus, Segment, SegmentStatus
from reviewer.formats.base import Format
from reviewer.formats.inline import InlineCodeError, Role, flatten, label_of, number_codes, render_codes
from reviewer.formats.xmlsafe import (
    Node,
    XmlDocument,
    open_form,
    parse_xml,
    set_attribute,
    sniff_xml_root,
    xml_escape,
)

XLIFF1_NAMESPACES = (
    "urn:oasis:names:tc:xliff:document:1.2",
    "urn:oasis:names:tc:xliff:document:1.1",
    "urn:oasis:names:tc:xliff:document:1.0",
    "",
)
SDL_NS = "http://sdl.com/FileTypes/SdlXliff/1.0"

STATE_TO_STATUS = {
    "new": SegmentStatus.NEW,
    "needs-translation": SegmentStatus.NEW,
    "needs-adaptation": SegmentStatus.TRANSLATED,
    "needs-l10n": SegmentStatus.TRANSLATED,
    "needs-review-adaptation": SegmentStatus.TRANSLATED,
    "needs-review-l10n": SegmentStatus.TRANSLATED,
    "needs-review-translation": SegmentStatus.TRANSLATED,
    "translated": SegmentStatus.TRANSLATED,
    "signed-off": SegmentStatus.REVIEWED,
    "final": SegmentStatus.FINAL,
}
STATUS_TO_STATE = {
    SegmentStatus.NEW: "new",
    SegmentStatus.TRANSLATED: "translated",
    SegmentStatus.REVIEWED: "signed-off",
    SegmentStatus.FINAL: "final",
}
SDL_CONF_TO_STATUS = {
    "Draft": SegmentStatus.TRANSLATED,
    "Translated": SegmentStatus.TRANSLATED,
    "RejectedTranslation": SegmentStatus.TRANSLATED,
    "ApprovedTranslation": SegmentStatus.REVIEWED,
    "RejectedSignOff": SegmentStatus.REVIEWED,
    "ApprovedSignOff": SegmentStatus.FINAL,
}
STATUS_TO_SDL_CONF = {
    SegmentStatus.NEW: "Draft",
    SegmentStatus.TRANSLATED: "Translated",
    SegmentStatus.REVIEWED: "ApprovedTranslation",
    SegmentStatus.FINAL: "ApprovedSignOff",
}
_RANK = {SegmentStatus.NEW: 0, SegmentStatus.TRANSLATED: 1, SegmentStatus.REVIEWED: 2, SegmentStatus.FINAL: 3}


def combined_status(statuses: list[SegmentStatus]) -> SegmentStatus:
    """The status of a unit holding several segments: the least advanced one."""
    return min(statuses, key=_RANK.__getitem__) if statuses else SegmentStatus.NEW


def unique_segment_ids(items: list[tuple[str, str]]) -> list[str]:
    """Segment ids from (file key, id within the file): the bare ids when they are unique
    across the document; else, when the same id occurs in several files, every id prefixed
    with its file key (`f2:intro`); an id still repeated gets `~2`, `~3`, ... on its later
    occurrences (some XLIFF 1.x tools repeat trans-unit ids inside one file)."""
    ids = [seg_id for _, seg_id in items]
    if len(set(ids)) == len(ids):
        return ids
    files_of: dict[str, set[str]] = {}
    for file_key, seg_id in items:
        files_of.setdefault(seg_id, set()).add(file_key)
    if any(len(keys) > 1 for keys in files_of.values()):
        ids = [f"{file_key}:{seg_id}" for file_key, seg_id in items]
    taken = set(ids)
    count: dict[str, int] = {}
    out: list[str] = []
    for seg_id in ids:
        count[seg_id] = count.get(seg_id, 0) + 1
        if count[seg_id] == 1:
            out.append(seg_id)
            continue
        n = count[seg_id]
        while f"{seg_id}~{n}" in taken:
            n += 1
        out.append(f"{seg_id}~{n}")
        taken.add(out[-1])
    return out


def qualified_name(start_tag: str) -> str:
    """Element name with its prefix, from a start tag as written (`<xlf:source a="1">`)."""
    match = re.match(r"<([^\s/>]+)", start_tag)
    assert match is not None
    return match.group(1)


def sibling_name(start_tag: str, local: str) -> str:
    """A name for a new element in the same namespace prefix as the tag given."""
    name = qualified_name(start_tag)
    return f"{name.rsplit(':', 1)[0]}:{local}" if ":" in name else local


def indent_before(doc: XmlDocument, node: Node) -> str:
    """The whitespace that starts the line of an element ('' when text precedes it)."""
    line_start = doc.data.rfind(b"\n", 0, node.start) + 1
    lead = doc.data[line_start:node.start]
    return lead.decode("utf-8") if not lead.strip() else ""


# ---------------------------------------------------------------------------------------------
# Inline codes


def classify_12(node: Node) -> Role:
    """The inline role of an XLIFF 1.2 element."""
    name = node.local
    if node.ns not in XLIFF1_NAMESPACES:
        return Role("single", node.tag, label=node.local)
    ident = node.get("id") or ""
    if name == "g":
        return Role("element", ident, label=label_of(node, "equiv-text", "ctype", fallback_text=False))
    if name == "mrk":
        return Role("element", node.get("mid") or node.get("mtype") or "", label=node.get("mtype") or "mrk")
    if name in ("bpt", "bx"):
        return Role("begin", ident, link=node.get("rid") or ident, family=name,
                    label=label_of(node, "equiv-text", "ctype"))
    if name in ("ept", "ex"):
        return Role("end", ident, link=node.get("rid") or ident, family="bpt" if name == "ept" else "bx",
                    label=label_of(node, "equiv-text", "ctype"))
    if name in ("x", "ph", "it"):
        return Role("single", ident, label=label_of(node, "equiv-text", "ctype", "disp"))
    return Role("single", node.tag, label=name)


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass(eq=False)
class Unit:
    """A trans-unit and the places its segments' targets go."""

    node: Node
    source: Node
    seg_source: Node | None
    target: Node | None
    target_lang: str
    segment_ids: list[str] = field(default_factory=list)
    mids: list[str | None] = field(default_factory=list)
    """`mid` of each segment (None for a unit-level segment)."""
    sdl_segs: dict[str, Node] = field(default_factory=dict)
    """Trados `<sdl:seg>` elements by segment id (mid)."""


@dataclass(eq=False)
class Slot:
    """Where one segment's target lives, and what it was when read."""

    unit: Unit
    mid: str | None
    source_mrk: Node | None
    target_mrk: Node | None
    read_target: str
    read_status: SegmentStatus
    codes: dict[str, dict[str, Any]]


@dataclass(eq=False)
class Xliff12Layout:
    """What writing an XLIFF 1.2 file back needs."""

    doc: XmlDocument
    units: list[Unit]
    slots: dict[str, Slot]
    """Segment id to its slot."""


def _x(node: Node, local: str) -> bool:
    return node.ns in XLIFF1_NAMESPACES and node.local == local


def _child(node: Node, local: str) -> Node | None:
    return next((c for c in node.children() if _x(c, local)), None)


def _seg_mrks(node: Node) -> list[Node]:
    return [n for n in node.iter() if n is not node and _x(n, "mrk") and n.get("mtype") == "seg"]


def _status_from(target: Node | None, unit_node: Node, text: str) -> SegmentStatus:
    state = target.get("state") if target is not None else None
    if state in STATE_TO_STATUS:
        return STATE_TO_STATUS[state]
    if unit_node.get("approved") == "yes":
        return SegmentStatus.FINAL
    return SegmentStatus.TRANSLATED if text.strip() else SegmentStatus.NEW


class Xliff12Format(Format):
    """XLIFF 1.0-1.2 and .sdlxliff files."""

    name = "xliff12"
    extensions = (".xlf", ".xliff", ".sdlxliff")

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        root, text = sniff_xml_root(head)
        if root != "xliff":
            return False
        match = re.search(rb"<(?:\w+:)?xliff\b[^>]*?\sversion\s*=\s*[\"']([^\"']+)", text)
        if match:
            return match.group(1).startswith(b"1")
        return b"urn:oasis:names:tc:xliff:document:2" not in text

    def read(self, path: Path) -> Corpus:
        doc = parse_xml(path)
        root = doc.root
        if root.local != "xliff" or root.ns not in XLIFF1_NAMESPACES:
            raise FormatError(f"expected an XLIFF 1.x <xliff> root element, found <{root.local}>", path=path, line=root.line)
        version = root.get("version")
        if version is not None and not version.startswith("1"):
            raise FormatError(f"XLIFF version {version} is not 1.x", path=path, line=root.line)
        files = [c for c in root.children() if _x(c, "file")]
        if not files:
            raise FormatError("no <file> element in the XLIFF document", path=path, line=root.line)
        units: list[Unit] = []
        items: list[tuple[str, str]] = []
        built: list[tuple[Unit, str | None, Segment, Slot]] = []
        source_lang = target_lang = ""
        for file_no, file in enumerate(files, 1):
            src_lang = file.get("source-language") or ""
            tgt_lang = file.get("target-language") or ""
            source_lang = source_lang or src_lang
            target_lang = target_lang or tgt_lang
            body = _child(file, "body")
            if body is None:
                continue
            for unit_node, translate in self._units(body, file.get("translate") != "no"):
                unit_id = unit_node.get("id")
                if unit_id is None or not unit_id.strip():
                    raise FormatError("<trans-unit> without the required id attribute", path=path, line=unit_node.line)
                if not translate:
                    continue
                unit = self._read_unit(doc, unit_node, tgt_lang)
                units.append(unit)
                for mid, segment, slot in self._segments(doc, unit):
                    local_id = unit_id if len(unit.mids) == 1 else f"{unit_id}#{mid}"
                    items.append((f"f{file_no}", local_id))
                    built.append((unit, mid, segment, slot))
        ids = unique_segment_ids(items)
        segments: list[Segment] = []
        slots: dict[str, Slot] = {}
        for seg_id, (unit, _mid, segment, slot) in zip(ids, built, strict=True):
            segment.id = seg_id
            unit.segment_ids.append(seg_id)
            segments.append(segment)
            slots[seg_id] = slot
        return Corpus(
            segments,
            source_lang=source_lang or "en",
            target_lang=target_lang or "id",
            format=self.name,
            path=path,
            name=path.name,
            layout=Xliff12Layout(doc, units, slots),
        )

    def _units(self, container: Node, translate: bool) -> list[tuple[Node, bool]]:
        out: list[tuple[Node, bool]] = []
        for child in container.children():
            if _x(child, "group"):
                value = child.get("translate")
                out.extend(self._units(child, translate if value is None else value != "no"))
            elif _x(child, "trans-unit"):
                value = child.get("translate")
                out.append((child, translate if value is None else value != "no"))
        return out

    def _read_unit(self, doc: XmlDocument, node: Node, target_lang: str) -> Unit:
        source = _child(node, "source")
        if source is None:
            raise FormatError(f"trans-unit {node.get('id')!r} has no <source>", path=doc.path, line=node.line)
        targets = [c for c in node.children() if _x(c, "target")]
        if len(targets) > 1:
            raise FormatError(f"trans-unit {node.get('id')!r} has {len(targets)} <target> elements",
                              path=doc.path, line=targets[1].line)
        unit = Unit(node, source, _child(node, "seg-source"), targets[0] if targets else None, target_lang)
        for defs in node.children():
            if defs.ns == SDL_NS and defs.local == "seg-defs":
                for seg in defs.children():
                    if seg.ns == SDL_NS and seg.local == "seg" and seg.get("id") is not None:
                        unit.sdl_segs[str(seg.get("id"))] = seg
        return unit

    def _segments(self, doc: XmlDocument, unit: Unit) -> list[tuple[str | None, Segment, Slot]]:
        notes = "\n".join(n.text().strip() for n in unit.node.children() if _x(n, "note") and n.text().strip())
        extra_base = {"unit": unit.node.get("id")}
        if unit.node.get("resname"):
            extra_base["resname"] = unit.node.get("resname")
        source_mrks = _seg_mrks(unit.seg_source) if unit.seg_source is not None else []
        target_mrks = _seg_mrks(unit.target) if unit.target is not None else []
        mids = [m.get("mid") for m in source_mrks]
        segmented = bool(source_mrks) and None not in mids and len(set(mids)) == len(mids) and (
            unit.target is None or sorted(str(m.get("mid")) for m in target_mrks) == sorted(str(m) for m in mids)
        )
        out: list[tuple[str | None, Segment, Slot]] = []
        if segmented:
            by_mid = {m.get("mid"): m for m in target_mrks}
            for source_mrk in source_mrks:
                mid = str(source_mrk.get("mid"))
                target_mrk = by_mid.get(mid)
                source_pieces = flatten(doc, source_mrk.content, classify_12)
                target_pieces = flatten(doc, target_mrk.content, classify_12) if target_mrk is not None else None
                source_text, target_text, codes = number_codes(source_pieces, target_pieces)
                status = _status_from(unit.target, unit.node, target_text)
                sdl = unit.sdl_segs.get(mid)
                if sdl is not None and sdl.get("conf") in SDL_CONF_TO_STATUS:
                    status = SDL_CONF_TO_STATUS[str(sdl.get("conf"))]
                unit.mids.append(mid)
                extra = dict(extra_base, mid=mid, codes=codes)
                segment = Segment("", source_text, target_text, status, notes, extra)
                out.append((mid, segment, Slot(unit, mid, source_mrk, target_mrk, target_text, status, codes)))
            return out
        # One segment for the whole unit (the seg-source, when the target is segmented the same way).
        source_node = unit.seg_source if unit.seg_source is not None and target_mrks else unit.source
        source_pieces = flatten(doc, source_node.content, classify_12)
        target_pieces = flatten(doc, unit.target.content, classify_12) if unit.target is not None else None
        source_text, target_text, codes = number_codes(source_pieces, target_pieces)
        status = _status_from(unit.target, unit.node, target_text)
        unit.mids.append(None)
        segment = Segment("", source_text, target_text, status, notes, dict(extra_base, codes=codes))
        return [(None, segment, Slot(unit, None, None, None, target_text, status, codes))]

    # -- writing -----------------------------------------------------------------------------

    def render_target(
        self,
        corpus: Corpus,
        targets: dict[str, str],
        statuses: dict[str, SegmentStatus] | None = None,
    ) -> dict[str, bytes]:
        layout: Xliff12Layout = corpus.layout
        doc = layout.doc
        edits: list[tuple[int, int, str]] = []
        statuses = statuses or {}
        for unit in layout.units:
            slots = [layout.slots[seg_id] for seg_id in unit.segment_ids]
            texts = {seg_id: targets.get(seg_id, slot.read_target) for seg_id, slot in zip(unit.segment_ids, slots, strict=True)}
            changed = {seg_id for seg_id, slot in zip(unit.segment_ids, slots, strict=True) if texts[seg_id] != slot.read_target}
            new_status = {seg_id: statuses.get(seg_id, slot.read_status) for seg_id, slot in zip(unit.segment_ids, slots, strict=True)}
            status_changed = {seg_id for seg_id, slot in zip(unit.segment_ids, slots, strict=True)
                              if new_status[seg_id] is not slot.read_status}
            if not changed and not status_changed:
                continue
            before = combined_status([slot.read_status for slot in slots])
            after = combined_status(list(new_status.values()))
            unit_state = STATUS_TO_STATE[after] if after is not before else None
            rendered = {seg_id: self._markup(seg_id, texts[seg_id], layout.slots[seg_id].codes) for seg_id in changed}
            self._edit_target(doc, unit, slots, rendered, texts, unit_state, edits)
            if after is not before:
                tag = doc.start_tag(unit.node)
                approved = "yes" if after in (SegmentStatus.REVIEWED, SegmentStatus.FINAL) else (
                    "no" if unit.node.get("approved") is not None else None)
                new_tag = set_attribute(tag, "approved", approved)
                if new_tag != tag:
                    edits.append((unit.node.start, unit.node.start_end, new_tag))
            for seg_id in status_changed:
                slot = layout.slots[seg_id]
                sdl = unit.sdl_segs.get(slot.mid or "")
                if sdl is not None:
                    tag = doc.start_tag(sdl)
                    edits.append((sdl.start, sdl.start_end, set_attribute(tag, "conf", STATUS_TO_SDL_CONF[new_status[seg_id]])))
        return {doc.path.name: doc.render(edits)}

    @staticmethod
    def _markup(seg_id: str, text: str, codes: dict[str, dict[str, Any]]) -> str:
        try:
            return render_codes(text, codes, xml_escape)
        except InlineCodeError as exc:
            raise FormatError(f"segment {seg_id}: cannot write the target: {exc} (see the inline-codes check)") from None

    def _edit_target(self, doc: XmlDocument, unit: Unit, slots: list[Slot], rendered: dict[str, str],
                     texts: dict[str, str], unit_state: str | None, edits: list[tuple[int, int, str]]) -> None:
        target = unit.target
        if target is None:
            edits.append(self._new_target(doc, unit, slots, rendered, texts, unit_state))
            return
        tag = doc.start_tag(target)
        new_tag = set_attribute(tag, "state", unit_state) if unit_state else tag
        unit_level = slots[0].mid is None
        if unit_level and unit.segment_ids[0] in rendered and target.self_closing:
            name = qualified_name(tag)
            edits.append((target.start, target.end, f"{open_form(new_tag)}{rendered[unit.segment_ids[0]]}</{name}>"))
            return
        if new_tag != tag:
            edits.append((target.start, target.start_end, new_tag))
        for seg_id, slot in zip(unit.segment_ids, slots, strict=True):
            if seg_id not in rendered:
                continue
            if unit_level:
                edits.append((target.start_end, target.end_start, rendered[seg_id]))
                continue
            mrk = slot.target_mrk
            assert mrk is not None
            if mrk.self_closing:
                mrk_tag = doc.start_tag(mrk)
                edits.append((mrk.start, mrk.end, f"{open_form(mrk_tag)}{rendered[seg_id]}</{qualified_name(mrk_tag)}>"))
            else:
                edits.append((mrk.start_end, mrk.end_start, rendered[seg_id]))

    def _new_target(self, doc: XmlDocument, unit: Unit, slots: list[Slot], rendered: dict[str, str],
                    texts: dict[str, str], unit_state: str | None) -> tuple[int, int, str]:
        """Insert a <target> after <seg-source> (or <source>) for a unit that had none."""
        anchor = unit.seg_source if unit.seg_source is not None else unit.source
        name = sibling_name(doc.start_tag(unit.source), "target")
        attrs = f' xml:lang="{xml_escape(unit.target_lang, quote=True)}"' if unit.target_lang else ""
        if unit_state:
            attrs += f' state="{unit_state}"'
        if slots[0].mid is None:
            content = rendered.get(unit.segment_ids[0]) or self._markup(
                unit.segment_ids[0], texts[unit.segment_ids[0]], slots[0].codes)
        else:
            # A segmented unit: the seg-source's structure with each segment's new text.
            assert unit.seg_source is not None
            base = unit.seg_source.start_end
            inner = doc.data[base:unit.seg_source.end_start]
            pieces: list[tuple[int, int, str]] = []
            for seg_id, slot in zip(unit.segment_ids, slots, strict=True):
                mrk = slot.source_mrk
                assert mrk is not None
                text = rendered.get(seg_id) or self._markup(seg_id, texts[seg_id], slot.codes)
                if mrk.self_closing:
                    mrk_tag = doc.start_tag(mrk)
                    pieces.append((mrk.start - base, mrk.end - base, f"{open_form(mrk_tag)}{text}</{qualified_name(mrk_tag)}>"))
                else:
                    pieces.append((mrk.start_end - base, mrk.end_start - base, text))
            out = bytearray(inner)
            for start, end, text in sorted(pieces, reverse=True):
                out[start:end] = text.encode("utf-8")
            content = out.decode("utf-8")
        indent = indent_before(doc, unit.source)
        lead = "\n" + indent if indent else ""
        return anchor.end, anchor.end, f"{lead}<{name}{attrs}>{content}</{name}>"


__all__ = ["Xliff12Format", "Xliff12Layout", "combined_status", "unique_segment_ids"]
