"""XLIFF 2.0 and 2.1 (core; module data is kept untouched).

One corpus segment per `<segment>` of every `<unit>` that is to be translated. Segment ids are
the unit id, with `#<segment id>` (or `#<n>` for a segment without id) added when a unit holds
several segments. Inline codes become placeholders (`reviewer.formats.inline`): `<pc>` and
`<mrk>` are paired elements, `<sc>`/`<ec>` and `<sm>`/`<em>` paired markers when both ends are
in the segment, `<ph>`, `<cp>` and isolated or split markers standalone codes. Segment states
are the statuses' namesakes (initial = new, translated, reviewed, final).

The reader enforces the core rules that a review could break or that make a file ambiguous to
write back: unique ids (files, groups, units, segments and ignorables, data, notes, inline
codes), references that resolve (dataRef*, startRef, copyOf, subFlows*, comment refs to notes), start and
end markers that match (order, isolation, attributes), required attributes and elements
(version, srcLang, trgLang when there are targets, ids, one source per segment), valid state
values, unique target order, and non-removable codes kept in the target. Writing splices new
text into the original bytes, so untouched units stay byte for byte as they were.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer.core.errors import FormatError
from reviewer.core.model import Corpus, Segment, SegmentStatus
from reviewer.formats.base import Format
from reviewer.formats.inline import InlineCodeError, Role, flatten, label_of, number_codes, render_codes
from reviewer.formats.xliff12 import indent_before, qualified_name, sibling_name, unique_segment_ids
from reviewer.formats.xmlsafe import (
    XML_LANG,
    Node,
    XmlDocument,
    open_form,
    parse_xml,
    set_attribute,
    sniff_xml_root,
    xml_escape,
)

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"

STATE_TO_STATUS = {
    "initial": SegmentStatus.NEW,
    "translated": SegmentStatus.TRANSLATED,
    "reviewed": SegmentStatus.REVIEWED,
    "final": SegmentStatus.FINAL,
}
STATUS_TO_STATE = {status: state for state, status in STATE_TO_STATUS.items()}

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")
_NMTOKEN = re.compile(r"[\w.\-:\u00B7\u0300-\u036F\u203F-\u2040]+")
_TYPES = {"fmt", "ui", "quote", "link", "image", "other"}
_XLF_SUBTYPE_TYPE = {"xlf:lb": "fmt", "xlf:pb": "fmt", "xlf:b": "fmt", "xlf:i": "fmt", "xlf:u": "fmt", "xlf:var": "ui"}
_INLINE = {"pc", "sc", "ec", "ph", "mrk", "sm", "em", "cp"}
_DATA_REFS = ("dataRef", "dataRefStart", "dataRefEnd")
_CAN_DEFAULTS = {"canCopy": "yes", "canDelete": "yes", "canOverlap": "yes", "canReorder": "yes"}


def _x(node: Node, local: str) -> bool:
    return node.ns == XLIFF2_NS and node.local == local


def _kids(node: Node, local: str) -> list[Node]:
    return [c for c in node.children() if _x(c, local)]


# ---------------------------------------------------------------------------------------------
# Validation


class _Validator:
    """Checks the core rules listed in the module docstring; the first failure is raised."""

    def __init__(self, doc: XmlDocument) -> None:
        self.doc = doc

    def fail(self, node: Node, message: str) -> FormatError:
        return FormatError(message, path=self.doc.path, line=node.line)

    def require(self, node: Node, attr: str, what: str | None = None) -> str:
        value = node.get(attr)
        if value is None or not value.strip():
            raise self.fail(node, f"<{node.local}>{' ' + what if what else ''} is missing the required {attr} attribute"
                            if value is None else f"<{node.local}> has an empty {attr} attribute")
        return value

    def nmtoken(self, node: Node, attr: str = "id") -> None:
        value = node.get(attr)
        if value is not None and not _NMTOKEN.fullmatch(value):
            raise self.fail(node, f"<{node.local}> {attr}={value!r} is not a valid NMTOKEN")

    def unique(self, nodes: Iterable[Node], what: str, attr: str = "id") -> None:
        seen: dict[str, Node] = {}
        for node in nodes:
            value = node.get(attr)
            if value is None:
                continue
            if value in seen:
                raise self.fail(node, f"duplicate {what} id {value!r} (first on line {seen[value].line})")
            seen[value] = node

    def notes(self, container: Node) -> set[str]:
        ids: set[str] = set()
        for child in container.children():
            if _x(child, "notes"):
                notes = _kids(child, "note")
                if not notes:
                    raise self.fail(child, "<notes> holds no <note>")
                for note in notes:
                    self.nmtoken(note)
                self.unique(notes, "note")
                ids.update(str(n.get("id")) for n in notes if n.get("id") is not None)
        return ids

    def document(self, root: Node) -> None:
        if root.local != "xliff" or root.ns != XLIFF2_NS:
            raise self.fail(root, f"expected an XLIFF 2 <xliff> root element in {XLIFF2_NS}, found <{root.local}>")
        version = self.require(root, "version")
        if not version.startswith("2."):
            raise self.fail(root, f"XLIFF version {version} is not 2.x")
        for attr in ("srcLang", "trgLang"):
            value = self.require(root, "srcLang") if attr == "srcLang" else root.get(attr)
            if value and not _LANGUAGE_TAG.fullmatch(value):
                raise self.fail(root, f"{attr}={value!r} is not a well-formed language tag")
        files = _kids(root, "file")
        if not files:
            raise self.fail(root, "no <file> element in the XLIFF document")
        has_target = any(_x(n, "target") for n in root.iter())
        if has_target and not (root.get("trgLang") or "").strip():
            raise self.fail(root, "the document has <target> elements but <xliff> has no trgLang attribute"
                            if root.get("trgLang") is None else "the document has <target> elements but trgLang is empty")
        for f in files:
            self.require(f, "id")
            self.nmtoken(f)
        self.unique(files, "file")
        for f in files:
            self.file_id = str(f.get("id"))
            self.file(f)

    file_id = ""
    unit_id = ""
    unit_ids: set[str] = set()

    def file(self, file: Node) -> None:
        groups: list[Node] = []
        units: list[Node] = []

        def walk(container: Node) -> None:
            self.notes(container)
            for child in container.children():
                if _x(child, "group"):
                    # A group id is optional in practice (MateCat writes groups without one) and
                    # nothing a review changes depends on it; when present it must be unique.
                    self.nmtoken(child)
                    groups.append(child)
                    walk(child)
                elif _x(child, "unit"):
                    self.require(child, "id")
                    self.nmtoken(child)
                    units.append(child)

        walk(file)
        self.unique(groups, "group")
        self.unique(units, "unit")
        self.unit_ids = {str(u.get("id")) for u in units}
        for unit in units:
            self.unit(unit)

    def unit(self, unit: Node) -> None:
        self.unit_id = str(unit.get("id"))
        note_ids = self.notes(unit)
        data_ids: set[str] = set()
        originals = _kids(unit, "originalData")
        for original in originals:
            data = _kids(original, "data")
            if not data:
                raise self.fail(original, "<originalData> holds no <data>")
            for d in data:
                self.require(d, "id")
                self.nmtoken(d)
            self.unique(data, "data")
            data_ids.update(str(d.get("id")) for d in data)
        parts = [c for c in unit.children() if _x(c, "segment") or _x(c, "ignorable")]
        if not any(_x(p, "segment") for p in parts):
            raise self.fail(unit, f"unit {unit.get('id')!r} has no <segment>")
        for part in parts:
            self.nmtoken(part)
        self.unique(parts, "segment or ignorable")
        orders: dict[int, Node] = {}
        for position, part in enumerate(parts, 1):
            sources = _kids(part, "source")
            targets = _kids(part, "target")
            if len(sources) != 1:
                raise self.fail(part, f"<{part.local}> must hold exactly one <source>, found {len(sources)}")
            if len(targets) > 1:
                raise self.fail(targets[1], f"<{part.local}> holds more than one <target>")
            if _x(part, "segment"):
                state = part.get("state")
                if state is not None and state not in STATE_TO_STATUS:
                    raise self.fail(part, f"invalid segment state {state!r} (expected one of: {', '.join(STATE_TO_STATUS)})")
                if part.get("subState") is not None and state is None:
                    raise self.fail(part, "subState is set without state")
            for target in targets:
                order_text = target.get("order")
                try:
                    order = int(order_text) if order_text is not None else position
                except ValueError:
                    raise self.fail(target, f"order={order_text!r} is not a number") from None
                if order in orders:
                    raise self.fail(target, f"target order {order} is used twice in unit {unit.get('id')!r} "
                                            f"(first on line {orders[order].line})")
                orders[order] = target
        for node in (n for p in parts for n in p.children() if _x(n, "source") or _x(n, "target")):
            lang = node.get(XML_LANG)
            if lang and not _LANGUAGE_TAG.fullmatch(lang):
                raise self.fail(node, f"xml:lang={lang!r} is not a well-formed language tag")
        sources = [_kids(p, "source")[0] for p in parts]
        # The target side of a unit: a part without <target> counts with its source content, so a
        # code that opens in a translated segment may close in one not yet translated.
        targets = [(_kids(p, "target") or _kids(p, "source"))[0] for p in parts]
        self.codes(unit, sources, data_ids, note_ids, bool(originals))
        if any(_kids(p, "target") for p in parts):
            self.codes(unit, targets, data_ids, note_ids, bool(originals))
        self.non_removable(parts)

    def codes(self, unit: Node, side: list[Node], data_ids: set[str], note_ids: set[str], has_original: bool) -> None:
        inline = [n for content in side for n in content.iter() if n is not content and n.ns == XLIFF2_NS and n.local in _INLINE]
        ids = [n for n in inline if n.local not in ("ec", "em") or (n.local == "ec" and n.get("isolated") == "yes")]
        for node in ids:
            if node.local == "ec":
                self.end_code_identity(node)
            elif node.local != "cp":
                self.require(node, "id")
            self.nmtoken(node)
        self.unique((n for n in ids if n.local != "cp"), "inline code")
        by_id = {str(n.get("id")): n for n in ids if n.get("id") is not None}
        open_sc: dict[str, Node] = {}
        open_sm: dict[str, Node] = {}
        closed: set[str] = set()
        for node in inline:
            name = node.local
            for attr in _DATA_REFS:
                ref = node.get(attr)
                if ref is not None:
                    if not has_original:
                        raise self.fail(node, f"<{name}> {attr}={ref!r} but the unit has no <originalData>")
                    if ref not in data_ids:
                        raise self.fail(node, f"<{name}> {attr}={ref!r} refers to no <data> of the unit")
            for attr in ("subFlows", "subFlowsStart", "subFlowsEnd"):
                for ref in (node.get(attr) or "").split():
                    if ref not in self.unit_ids:
                        raise self.fail(node, f"<{name}> {attr} names {ref!r}, which is not a unit of the file")
            copy_of = node.get("copyOf")
            if copy_of is not None:
                base = by_id.get(copy_of)
                if base is None:
                    raise self.fail(node, f"<{name}> copyOf={copy_of!r} refers to no inline code of the unit")
                if any(node.get(a) is not None for a in _DATA_REFS):
                    raise self.fail(node, f"<{name}> has both copyOf and a data reference")
                if base.get("canCopy") == "no":
                    raise self.fail(node, f"<{name}> copies code {copy_of!r}, which has canCopy=\"no\"")
            type_ = node.get("type")
            if node.get("subType") is not None and type_ is None and name != "mrk":
                raise self.fail(node, f"<{name}> has subType without type")
            if type_ is not None and name in ("pc", "sc", "ec", "ph") and type_ not in _TYPES:
                raise self.fail(node, f"<{name}> type={type_!r} is not one of {', '.join(sorted(_TYPES))}")
            sub = node.get("subType")
            if sub in _XLF_SUBTYPE_TYPE and type_ is not None and _XLF_SUBTYPE_TYPE[sub] != type_:
                raise self.fail(node, f"<{name}> subType={sub!r} requires type={_XLF_SUBTYPE_TYPE[sub]!r}, not {type_!r}")
            if name == "cp":
                self.code_point(node)
            elif name == "mrk" and node.get("type") == "comment":
                self.comment(node, note_ids)
            elif name == "sc":
                sc_id = str(node.get("id"))
                if node.get("isolated") != "yes":
                    open_sc[sc_id] = node
            elif name == "ec":
                self.end_code(node, open_sc, closed, inline)
            elif name == "sm":
                open_sm[str(node.get("id"))] = node
            elif name == "em":
                ref = self.require(node, "startRef")
                if ref not in open_sm:
                    raise self.fail(node, f"<em startRef={ref!r}> has no <sm id={ref!r}> before it")
                del open_sm[ref]
        for sc_id, node in open_sc.items():
            raise self.fail(node, f"<sc id={sc_id!r}> has no matching <ec> in the unit; a start code without "
                                  "its end must say isolated=\"yes\"")

    def end_code_identity(self, node: Node) -> None:
        """An isolated <ec> names itself with id and has no startRef."""
        if node.get("startRef") is not None:
            raise self.fail(node, f"an isolated <ec> identifies itself with id, not startRef={node.get('startRef')!r}")
        self.require(node, "id", "(isolated)")

    def end_code(self, node: Node, open_sc: dict[str, Node], closed: set[str], inline: list[Node]) -> None:
        if node.get("isolated") == "yes":
            return
        ref = node.get("startRef")
        if ref is None:
            raise self.fail(node, "<ec> has neither startRef nor isolated=\"yes\"")
        if node.get("id") is not None:
            raise self.fail(node, "a non-isolated <ec> must not have an id (it refers to its <sc> with startRef)")
        start = open_sc.pop(ref, None)
        if start is None:
            isolated = next((n for n in inline if n.local == "sc" and n.get("id") == ref and n.get("isolated") == "yes"), None)
            if isolated is not None:
                raise self.fail(isolated, f"<sc id={ref!r}> says isolated=\"yes\" but its <ec> is in the unit")
            raise self.fail(node, f"<ec startRef={ref!r}> has no <sc id={ref!r}> before it")
        for attr, default in _CAN_DEFAULTS.items():
            want = start.get(attr, default)
            if attr == "canReorder" and want == "firstNo":
                want = "no"
            if node.get(attr, default) != want:
                raise self.fail(node, f"<ec startRef={ref!r}> {attr}={node.get(attr, default)!r} does not match "
                                      f"its <sc> ({want!r})")
        for attr in ("type", "subType", "dir", "copyOf"):
            if start.get(attr) is not None and node.get(attr) is not None and start.get(attr) != node.get(attr):
                raise self.fail(node, f"<ec startRef={ref!r}> {attr}={node.get(attr)!r} differs from its <sc> "
                                      f"({start.get(attr)!r})")
        closed.add(ref)

    def comment(self, node: Node, note_ids: set[str]) -> None:
        value, ref = node.get("value"), node.get("ref")
        if (value is None) == (ref is None):
            raise self.fail(node, "a comment <mrk> needs exactly one of value and ref")
        if ref is not None:
            # "#n=id" (relative to the unit) or the absolute "#/f=file/u=unit/n=id" of this unit.
            match = re.fullmatch(r"#(?:/?f=([^/]+)/u=([^/]+)/)?n=([^/]+)", ref)
            here = match is not None and (match.group(1) is None or (match.group(1), match.group(2)) == (
                self.file_id, self.unit_id))
            if not here or match is None or match.group(3) not in note_ids:
                raise self.fail(node, f"comment ref={ref!r} does not point to a <note> of the unit (#n=<note id>)")

    def code_point(self, node: Node) -> None:
        hex_value = self.require(node, "hex")
        if not re.fullmatch(r"[0-9A-Fa-f]+", hex_value):
            raise self.fail(node, f"<cp hex={hex_value!r}> is not a hexadecimal number")
        cp = int(hex_value, 16)
        allowed_in_xml = cp in (0x9, 0xA, 0xD) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or 0x10000 <= cp <= 0x10FFFF
        if allowed_in_xml:
            raise self.fail(node, f"<cp hex={hex_value!r}> encodes a character XML allows; write it as text")

    def non_removable(self, parts: list[Node]) -> None:
        target_ids = {str(n.get("id")) for p in parts for t in _kids(p, "target") for n in t.iter() if n.get("id") is not None}
        for part in parts:
            if not _kids(part, "target"):
                continue
            for node in _kids(part, "source")[0].iter():
                if node.get("canDelete") == "no" and node.ns == XLIFF2_NS and node.local in _INLINE and node.get("id") not in target_ids:
                    raise self.fail(node, f"code {node.get('id')!r} has canDelete=\"no\" but the target lost it")


# ---------------------------------------------------------------------------------------------
# Reading and writing


@dataclass(eq=False)
class Slot:
    """Where one segment's target lives, and what it was when read."""

    segment: Node
    source: Node
    target: Node | None
    read_target: str
    read_status: SegmentStatus
    codes: dict[str, dict[str, Any]]


@dataclass(eq=False)
class Xliff2Layout:
    """What writing an XLIFF 2 file back needs."""

    doc: XmlDocument
    slots: dict[str, Slot] = field(default_factory=dict)


def _classifier(data: dict[str, str]) -> Any:
    def classify(node: Node) -> Role:
        if node.ns != XLIFF2_NS:
            return Role("single", node.tag, label=node.local)
        name = node.local
        ident = node.get("id") or ""

        def label(*refs: str) -> str:
            for attr in ("equiv", "disp", "equivStart", "dispStart"):
                if node.get(attr):
                    return label_of(node, attr)
            for ref in refs:
                if node.get(ref) in data:
                    return " ".join(data[str(node.get(ref))].split())[:40]
            return node.get("subType") or node.get("type") or name

        if name in ("pc", "mrk"):
            return Role("element", ident, label=label("dataRefStart"))
        if name in ("sc", "sm") and node.get("isolated") != "yes":
            return Role("begin", ident, link=ident, family=name, label=label("dataRef"))
        if name in ("ec", "em") and node.get("isolated") != "yes" and node.get("startRef"):
            ref = str(node.get("startRef"))
            return Role("end", ref, link=ref, family="sc" if name == "ec" else "sm", label=label("dataRef"))
        if name == "cp":
            return Role("single", f"cp{node.get('hex')}", label=f"U+{node.get('hex')}")
        return Role("single", ident or name, label=label("dataRef"))

    return classify


class Xliff2Format(Format):
    """XLIFF 2.0 and 2.1 files."""

    name = "xliff2"
    extensions = (".xlf", ".xliff")

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        root, text = sniff_xml_root(head)
        if root != "xliff":
            return False
        match = re.search(rb"<(?:\w+:)?xliff\b[^>]*?\sversion\s*=\s*[\"']([^\"']+)", text)
        if match:
            return match.group(1).startswith(b"2")
        return b"urn:oasis:names:tc:xliff:document:2" in text

    def read(self, path: Path) -> Corpus:
        doc = parse_xml(path)
        _Validator(doc).document(doc.root)
        root = doc.root
        layout = Xliff2Layout(doc)
        items: list[tuple[str, str]] = []
        built: list[tuple[Segment, Slot]] = []
        for file in _kids(root, "file"):
            file_id = str(file.get("id"))
            for unit in self._units(file, file.get("translate") != "no"):
                data = {str(d.get("id")): d.text() for o in _kids(unit, "originalData") for d in _kids(o, "data")}
                classify = _classifier(data)
                notes = "\n".join(n.text().strip() for ns in _kids(unit, "notes") for n in _kids(ns, "note") if n.text().strip())
                segments = _kids(unit, "segment")
                for n, seg in enumerate(segments, 1):
                    source = _kids(seg, "source")[0]
                    target = next(iter(_kids(seg, "target")), None)
                    source_text, target_text, codes = number_codes(
                        flatten(doc, source.content, classify),
                        flatten(doc, target.content, classify) if target is not None else None,
                    )
                    status = STATE_TO_STATUS.get(seg.get("state") or "initial", SegmentStatus.NEW)
                    unit_id = str(unit.get("id"))
                    local_id = unit_id if len(segments) == 1 else f"{unit_id}#{seg.get('id') or n}"
                    extra: dict[str, Any] = {"unit": unit_id, "codes": codes}
                    if seg.get("id"):
                        extra["segment"] = seg.get("id")
                    items.append((file_id, local_id))
                    built.append((Segment("", source_text, target_text, status, notes, extra),
                                  Slot(seg, source, target, target_text, status, codes)))
        out: list[Segment] = []
        for seg_id, (segment, slot) in zip(unique_segment_ids(items), built, strict=True):
            segment.id = seg_id
            out.append(segment)
            layout.slots[seg_id] = slot
        return Corpus(
            out,
            source_lang=root.get("srcLang") or "en",
            target_lang=root.get("trgLang") or "id",
            format=self.name,
            path=path,
            name=path.name,
            layout=layout,
        )

    def _units(self, container: Node, translate: bool) -> list[Node]:
        out: list[Node] = []
        for child in container.children():
            value = child.get("translate")
            inherited = translate if value is None else value != "no"
            if _x(child, "group"):
                out.extend(self._units(child, inherited))
            elif _x(child, "unit") and inherited:
                out.append(child)
        return out

    def render_target(
        self,
        corpus: Corpus,
        targets: dict[str, str],
        statuses: dict[str, SegmentStatus] | None = None,
    ) -> dict[str, bytes]:
        layout: Xliff2Layout = corpus.layout
        doc = layout.doc
        statuses = statuses or {}
        edits: list[tuple[int, int, str]] = []
        created = False
        for seg_id, slot in layout.slots.items():
            text = targets.get(seg_id, slot.read_target)
            status = statuses.get(seg_id, slot.read_status)
            if status is not slot.read_status:
                tag = doc.start_tag(slot.segment)
                edits.append((slot.segment.start, slot.segment.start_end, set_attribute(tag, "state", STATUS_TO_STATE[status])))
            if text == slot.read_target:
                continue
            try:
                markup = render_codes(text, slot.codes, xml_escape)
            except InlineCodeError as exc:
                raise FormatError(f"segment {seg_id}: cannot write the target: {exc} (see the inline-codes check)") from None
            target = slot.target
            if target is None:
                name = sibling_name(doc.start_tag(slot.source), "target")
                indent = indent_before(doc, slot.source)
                edits.append((slot.source.end, slot.source.end,
                              f"{chr(10) + indent if indent else ''}<{name}>{markup}</{name}>"))
                created = True
            elif target.self_closing:
                tag = doc.start_tag(target)
                edits.append((target.start, target.end, f"{open_form(tag)}{markup}</{qualified_name(tag)}>"))
            else:
                edits.append((target.start_end, target.end_start, markup))
        if created and not (doc.root.get("trgLang") or "").strip():
            tag = doc.start_tag(doc.root)
            edits.append((doc.root.start, doc.root.start_end, set_attribute(tag, "trgLang", corpus.target_lang)))
        return {doc.path.name: doc.render(edits)}


__all__ = ["Xliff2Format", "Xliff2Layout"]
