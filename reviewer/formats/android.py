"""Android string resources as a pair: `values/strings.xml` (source) + `values-in/strings.xml` (target).

Segments, in the source file's order, joined by resource name:

- `<string name="x">` gives the segment `x`;
- `<string-array name="x">` gives `x[0]`, `x[1]`, ... by item position;
- `<plurals name="x">` gives `x:QUANTITY` for every quantity the *target* has (Indonesian has
  only `other`). Its source is the source's item of the same quantity when there is one, else
  the source's `other`. A plural missing from the target gives one segment, `x:other`;
- a per-device variant (`product="tablet"`) gets its product after `@`: `x@tablet`.

Skipped: anything with `translatable="false"`, values that are only a resource reference
(`@string/y`, `?attr/z`), empty source values, `<item type="string">` and typed `<array>`s.
An entry present in the source but missing from the target is a segment with an empty target
and status `new`; entries only in the target are ignored (their names are kept in the layout,
`target_only`, for a report). A duplicate name (per resource type), a duplicate plural quantity
or malformed XML is an error naming the file and line. The XML comment just before a source
entry becomes the segment note.

Segment text is what the checks need to see: the string as Android reads it, with its markup.
Inline markup (`<b>`, `<xliff:g id="n">`) and CDATA sections stay as written; XML character
references are decoded (`&amp;` is `&`), except those that stand for `<` (`&lt;`), which stay
as written: `&lt;b>` (text shown literally, or HTML for `Html.fromHtml`) and `<b>` (a styled
span) must stay different, for the checks and for writing back. Android's escapes are decoded
(`\\'`, `\\"`, `\\n`, `\\t`, `\\@`, `\\?`, `\\\\`, `\\uXXXX`) and its whitespace rules
applied (runs of spaces and line breaks are one space, the ends are trimmed, and unescaped
double quotes only protect whitespace). That holds inside CDATA too, as on a device: HTML in
CDATA writes its attribute quotes `\\"`, and an unescaped `"` there reads as nothing.

Writing back: an unedited corpus gives the target file's bytes unchanged. An edited segment
replaces only the content of its element, re-encoded (Android escapes, `&amp;` for `&`,
`\\u0020` for spaces that whitespace folding would drop, `\\u003C` for a `<` that is not markup);
comments, order, attributes and whitespace elsewhere stay byte for byte. An edited entry that
the target lacks is added at the end of `<resources>` (a missing array item at the end of its
array; an array missing altogether is added with every item: references copied from the source,
untranslated ones empty). An edit whose markup is not well-formed (`<b>` never closed) is
refused with an error naming the segment, before anything is written. Android
files have no review states: statuses are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.core.errors import CorpusError, FormatError
from reviewer.core.model import Corpus, Segment, SegmentStatus
from reviewer.formats.base import Format, read_bytes
from reviewer.formats.xmlsafe import Node, XmlDocument, open_form, parse_xml, sniff_xml_root

#: One piece of element content, as written (raw XML) or as edited text.
_TOKEN = re.compile(
    r"""(?P<cdata><!\[CDATA\[(?P<body>.*?)\]\]>)
      |(?P<markup><!--.*?-->|</?[A-Za-z_][\w.:-]*(?:\s+[A-Za-z_:][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>)
      |(?P<entity>&(?:amp|lt|gt|quot|apos|\#[0-9]+|\#x[0-9A-Fa-f]+);)
      |(?P<text>[^<&]+)
      |(?P<stray>[<&])""",
    re.S | re.X,
)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t"}
#: References that stand for `<`: kept as written (a literal `<` would read as markup).
_LT_ENTITY = re.compile(r"&(?:lt|\#0*60|\#[xX]0*3[cC]);")
_NAMED_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
#: What Android's reading of character data acts on: a surrogate pair of escapes, a \\u escape,
#: any other escape, a double quote, a run of XML whitespace.
_SPECIAL = re.compile(r"""\\u(?P<high>[dD][89abAB][0-9a-fA-F]{2})\\u(?P<low>[dD][c-fC-F][0-9a-fA-F]{2})
                         |\\u(?P<code>[0-9a-fA-F]{4})|\\.?|"|[ \t\n\r]+""", re.S | re.X)
#: Content that Android reads as it is written (no escape, quote, reference, markup or
#: whitespace to fold): most strings, returned without a character-by-character pass.
_PLAIN = re.compile(r"[\\\"&<\t\n\r]|  |^ | $")
#: A value that is only a reference to another resource or a theme attribute.
_REFERENCE = re.compile(r"^\s*[@?](?:[\w.]+:)?[\w]+/[\w.]+\s*$")
_COMMENT_LAST = re.compile(r"<!--(.*?)-->\s*$", re.S)
_LANG_DIR = re.compile(r"values-([a-z]{2,3})(?:-r[A-Z]{2})?\b")
#: Android's legacy codes for languages whose ISO code changed (Java's Locale keeps them).
_LEGACY_LANG = {"in": "id", "iw": "he", "ji": "yi"}


def _entity_char(ref: str) -> str:
    """The character an XML reference (`&amp;`, `&#233;`, `&#xE9;`) stands for."""
    body = ref[1:-1]
    if body.startswith("#x") or body.startswith("#X"):
        return chr(int(body[2:], 16))
    if body.startswith("#"):
        return chr(int(body[1:]))
    return _NAMED_ENTITIES[body]


class _Decoder:
    """Android's reading of a string's characters, fed piece by piece so that quoting and
    whitespace folding carry across inline markup (as aapt2 does)."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.quoted = False
        self.space = False  # a run of unquoted whitespace waits: one space if more text follows

    def _emit(self, text: str) -> None:
        if self.space and self.out:
            self.out.append(" ")
        self.space = False
        self.out.append(text)

    def verbatim(self, raw: str) -> None:
        """Markup, a `&lt;` or a CDATA marker: kept as written."""
        self._emit(raw)

    def text(self, raw: str) -> None:
        """Character data: escapes, quotes and whitespace runs found with one C-level scan,
        the plain runs between them emitted whole."""
        pos = 0
        for m in _SPECIAL.finditer(raw):
            if m.start() > pos:
                self._emit(raw[pos:m.start()])
            pos = m.end()
            token = m.group(0)
            if m.group("high") is not None:  # a pair written as two escapes: one character
                high, low = int(m.group("high"), 16), int(m.group("low"), 16)
                self._emit(chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)))
            elif m.group("code") is not None:
                self._emit(chr(int(m.group("code"), 16)))
            elif token[0] == "\\":
                # \' \" \\ \@ \? stand for the character itself, as does any other (aapt2); a
                # backslash that ends the text stays.
                self._emit(_SIMPLE_ESCAPES.get(token[1:], token[1:]) if len(token) > 1 else "\\")
            elif token == '"':
                self.quoted = not self.quoted
            elif self.quoted:
                self._emit(token)
            else:
                self.space = True
        if pos < len(raw):
            self._emit(raw[pos:])

    def result(self) -> str:
        return "".join(self.out)  # a trailing run of whitespace is dropped, as Android trims it


def decode_value(raw: str) -> str:
    """The text of an element's content as written: Android escapes decoded, whitespace
    folded, references decoded but `&lt;`, markup and CDATA markers kept."""
    if not _PLAIN.search(raw):
        return raw
    dec = _Decoder()
    for m in _TOKEN.finditer(raw):
        if m.group("entity") is not None:
            ref = m.group(0)
            if _LT_ENTITY.fullmatch(ref):
                dec.verbatim(ref)
            else:  # the XML parser decodes it before Android reads the string (`&quot;` quotes)
                dec.text(_entity_char(ref))
        elif m.group("cdata") is not None:
            dec.verbatim("<![CDATA[")
            dec.text(m.group("body"))
            dec.verbatim("]]>")
        elif m.group("text") is not None or m.group("stray") is not None:
            dec.text(m.group(0))
        else:
            dec.verbatim(m.group(0))
    return dec.result()


def encode_value(text: str) -> str:
    """Element content that `decode_value` reads back as `text`. Markup, `&lt;` and CDATA
    sections in `text` are written as they are; everything else is escaped for Android."""
    tokens = list(_TOKEN.finditer(text))
    out: list[str] = []
    # Whether decoded text has started and whether its last character was a space: a space
    # is written literally only where folding keeps it (not first, not after another space,
    # not the value's last character), else as \u0020.
    state = {"started": False, "last_space": False}
    last = len(text) - 1

    def chars(s: str, base: int, in_cdata: bool) -> None:
        for j, ch in enumerate(s):
            if ch == " ":
                literal = state["started"] and not state["last_space"] and base + j != last
                out.append(" " if literal else "\\u0020")
                state["last_space"] = True
                state["started"] = True
                continue
            state["last_space"] = False
            if ch == "\\":
                out.append("\\\\")
            elif ch in "\"'":
                out.append("\\" + ch)
            elif ch == "\n":
                out.append("\\n")
            elif ch == "\t":
                out.append("\\t")
            elif ch in "@?" and not state["started"]:
                out.append("\\" + ch)
            elif ord(ch) < 0x20 or ch in "\x7f\u2028\u2029" or "\ud800" <= ch <= "\udfff":
                out.append(f"\\u{ord(ch):04X}")
            elif not in_cdata and ch == "&":
                out.append("&amp;")
            elif not in_cdata and ch == "<":
                out.append("\\u003C")  # `&lt;` reads back as written, not as `<`
            elif ch == ">" and "".join(out[-2:]).endswith("]]"):
                out.append("&gt;")
            else:
                out.append(ch)
            state["started"] = True

    for m in tokens:
        if m.group("cdata") is not None:
            out.append("<![CDATA[")
            chars(m.group("body"), m.start("body"), True)
            out.append("]]>")
        elif m.group("markup") is not None or (m.group("entity") is not None and _LT_ENTITY.fullmatch(m.group(0))):
            out.append(m.group(0))
            state["started"], state["last_space"] = True, False
        else:
            chars(m.group(0), m.start(), False)
    return "".join(out)


@dataclass(eq=False)
class Entry:
    """One translatable resource of a file: a string, an array or a plurals element."""

    kind: str
    """`string`, `string-array` or `plurals`."""
    name: str
    node: Node
    items: dict[str, Node] = field(default_factory=dict)
    """For arrays: position (as a string) to `<item>`; for plurals: quantity to `<item>`."""


@dataclass(eq=False)
class AndroidFile:
    """A parsed resource file and its entries by (kind, name)."""

    doc: XmlDocument
    entries: dict[tuple[str, str], Entry]


_KINDS = ("string", "string-array", "plurals")


def parse_resources(path: Path, what: str) -> AndroidFile:
    """Read a `<resources>` file: every translatable string, array and plurals by name."""
    doc = parse_xml(path, read_bytes(path, what=what))
    root = doc.root
    if root.local != "resources" or root.ns:
        raise FormatError(f"expected an Android <resources> root element, found <{root.local}>", path=path,
                          line=root.line)
    entries: dict[tuple[str, str], Entry] = {}
    for node in root.children():
        if node.local not in _KINDS or node.ns or node.get("translatable") == "false":
            continue
        name = node.get("name")
        if not name:
            raise FormatError(f"<{node.local}> without a name attribute", path=path, line=node.line)
        if node.get("product") not in (None, "default"):
            name = f"{name}@{node.get('product')}"  # a per-device variant (`product="tablet"`)
        key = (node.local, name)
        if key in entries:
            raise FormatError(f"duplicate <{node.local} name=\"{name}\"> (first on line {entries[key].node.line})",
                              path=path, line=node.line)
        entry = Entry(node.local, name, node)
        items = [c for c in node.children() if c.local == "item" and not c.ns]
        if node.local == "string-array":
            entry.items = {str(i): item for i, item in enumerate(items)}
        elif node.local == "plurals":
            for item in items:
                quantity = item.get("quantity")
                if not quantity:
                    raise FormatError(f"<item> of plurals {name!r} without a quantity attribute", path=path,
                                      line=item.line)
                if quantity in entry.items:
                    raise FormatError(f"plurals {name!r} has quantity {quantity!r} twice", path=path,
                                      line=item.line)
                entry.items[quantity] = item
        entries[key] = entry
    return AndroidFile(doc, entries)


@dataclass(eq=False)
class Slot:
    """Where a segment's target is, or would go."""

    kind: str
    name: str
    index: str | None
    """Array position or plural quantity (None for a string)."""
    node: Node | None
    """The target element (`<string>` or `<item>`); None when the target lacks it."""
    read_target: str


@dataclass(eq=False)
class AndroidLayout:
    """What writing the target file back needs."""

    source_path: Path
    target: AndroidFile
    slots: dict[str, Slot]
    target_only: list[str]
    """Names of target entries that the source lacks (ignored)."""
    source_arrays: dict[str, list[str]] = field(default_factory=dict)
    """Each source array's items as written (a reference item is copied into an added array)."""


def _notes(doc: XmlDocument) -> dict[int, str]:
    """The comment written just before each top-level element (only whitespace between them),
    by the element's offset: Android's way of telling translators what a string is for."""
    notes: dict[int, str] = {}
    before = doc.root.start_end
    for child in doc.root.children():
        gap = doc.slice(before, child.start)
        start = gap.rfind("<!--")
        match = _COMMENT_LAST.match(gap, start) if start >= 0 else None
        if match:
            notes[child.start] = " ".join(match.group(1).split())
        before = child.end
    return notes


def _is_reference(doc: XmlDocument, node: Node) -> bool:
    return _REFERENCE.match(doc.inner(node)) is not None


def _target_lang(path: Path) -> str:
    match = _LANG_DIR.search(path.parent.name) or _LANG_DIR.search(path.name)
    if match is None:
        return "id"
    return _LEGACY_LANG.get(match.group(1), match.group(1))


def read_android_pair(source: str | Path, target: str | Path) -> Corpus:
    """Read a source and a target resource file as one corpus (see the module's docstring)."""
    src = parse_resources(Path(source), "source file")
    tgt = parse_resources(Path(target), "target file")
    segments: list[Segment] = []
    slots: dict[str, Slot] = {}

    def add(seg_id: str, entry: Entry, source_node: Node, target_node: Node | None, index: str | None,
            note: str) -> None:
        text = decode_value(src.doc.inner(source_node))
        if not text or _is_reference(src.doc, source_node):
            return
        translated = decode_value(tgt.doc.inner(target_node)) if target_node is not None else ""
        status = SegmentStatus.TRANSLATED if translated else SegmentStatus.NEW
        extra: dict[str, object] = {"kind": entry.kind, "name": entry.name, "line": source_node.line}
        if target_node is not None:
            extra["target_line"] = target_node.line
        if entry.node.get("formatted") is not None:  # formatted="false": no printf placeholders
            extra["formatted"] = entry.node.get("formatted")
        segments.append(Segment(seg_id, text, translated, status, note, extra))
        slots[seg_id] = Slot(entry.kind, entry.name, index, target_node, translated)

    notes = _notes(src.doc)
    for key, entry in src.entries.items():
        note = notes.get(entry.node.start, "")
        other = tgt.entries.get(key)
        if entry.kind == "string":
            add(entry.name, entry, entry.node, other.node if other else None, None, note)
        elif entry.kind == "string-array":
            for index, item in entry.items.items():
                add(f"{entry.name}[{index}]", entry, item, other.items.get(index) if other else None, index, note)
        else:
            fallback = entry.items.get("other") or next(reversed(entry.items.values()), None)
            if fallback is None:
                continue
            quantities = list(other.items) if other and other.items else ["other"]
            for quantity in quantities:
                target_item = other.items.get(quantity) if other else None
                add(f"{entry.name}:{quantity}", entry, entry.items.get(quantity, fallback), target_item, quantity,
                    note)
    target_only = [name for (kind, name) in tgt.entries if (kind, name) not in src.entries]
    tpath = tgt.doc.path
    arrays = {e.name: [src.doc.inner(item) for item in e.items.values()] for e in src.entries.values()
              if e.kind == "string-array"}
    return Corpus(segments, source_lang="en", target_lang=_target_lang(tpath), format=AndroidFormat.name,
                  path=tpath, name=tpath.name, layout=AndroidLayout(src.doc.path, tgt, slots, target_only, arrays))


def _check_well_formed(doc: XmlDocument, seg_id: str, content: str) -> None:
    """Refuse an edited text whose markup would break the file (an unclosed `<b>`), naming the
    segment, before anything is written."""
    wrapper = open_form(doc.start_tag(doc.root))  # the root's namespace declarations (xliff:)
    fragment = f"{wrapper}<string>{content}</string></resources>".encode()
    try:
        parse_xml(doc.path, fragment)
    except FormatError as exc:
        raise FormatError(f"segment {seg_id}: the corrected text's markup is not well-formed XML "
                          f"({exc.message}); write a literal < as &lt;", path=doc.path) from None


def _indent(doc: XmlDocument, node: Node, default: str) -> str:
    """The whitespace that starts the line of an element (the file's own indentation)."""
    line_start = doc.data.rfind(b"\n", 0, node.start) + 1
    lead = doc.slice(line_start, node.start)
    return lead if not lead.strip() else default


class AndroidFormat(Format):
    """Android `strings.xml` resources, read as a source/target pair (`--source`, `--target`)."""

    name = "android"
    extensions = ()

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return sniff_xml_root(head)[0] == "resources"

    def read(self, path: Path) -> Corpus:
        raise CorpusError("an Android string resource file holds one language; give the source (values/strings.xml) "
                          "and the target (values-in/strings.xml) with --source and --target", path=path)

    def input_files(self, corpus: Corpus) -> list[Path]:
        layout: AndroidLayout = corpus.layout
        return [layout.source_path, layout.target.doc.path]

    def target_names(self, corpus: Corpus) -> list[str]:
        layout: AndroidLayout = corpus.layout
        return [layout.target.doc.path.name]

    def render_target(
        self, corpus: Corpus, targets: dict[str, str], statuses: dict[str, SegmentStatus] | None = None
    ) -> dict[str, bytes]:
        """The target file with edited entries' content replaced and missing ones added."""
        layout: AndroidLayout = corpus.layout
        doc = layout.target.doc
        edits: list[tuple[int, int, str]] = []
        added: dict[tuple[str, str], dict[str, str]] = {}  # missing entries: (kind, name) -> index -> text
        for seg in corpus.segments:
            slot = layout.slots[seg.id]
            text = targets.get(seg.id, slot.read_target)
            if text == slot.read_target:
                continue
            content = encode_value(text)
            _check_well_formed(doc, seg.id, content)
            if slot.node is not None:
                node = slot.node
                if node.self_closing:  # `<string name="x"/>` gets content: open it, close it
                    edits.append((node.start, node.end, f"{open_form(doc.start_tag(node))}{content}</{node.tag}>"))
                else:
                    edits.append((node.start_end, node.end_start, content))
            else:
                added.setdefault((slot.kind, slot.name), {})[slot.index or ""] = content
        if added:
            edits.extend(self._additions(corpus, layout, added))
        return {doc.path.name: doc.render(edits)}

    def _additions(self, corpus: Corpus, layout: AndroidLayout,
                   added: dict[tuple[str, str], dict[str, str]]) -> list[tuple[int, int, str]]:
        """Edits that add missing entries: array items at the end of their array, anything else
        at the end of `<resources>`, indented like the file's own entries."""
        doc = layout.target.doc
        root = doc.root
        eol = "\r\n" if b"\r\n" in doc.data else "\n"
        children = list(root.children())
        indent = _indent(doc, children[0], "    ") if children else "    "
        item_indent = indent * 2 or "    "
        edits: list[tuple[int, int, str]] = []
        at_end: list[str] = []
        for (kind, name), items in added.items():
            existing = layout.target.entries.get((kind, name))
            attrs = _name_attrs(name)
            if kind == "string":
                at_end.append(f'<string {attrs}>{items[""]}</string>')
                continue
            if kind == "plurals":
                body = "".join(f'{eol}{item_indent}<item quantity="{_attr(q)}">{t}</item>' for q, t in items.items())
                at_end.append(f"<plurals {attrs}>{body}{eol}{indent}</plurals>")
                continue
            known = len(existing.items) if existing is not None else 0
            # Positions matter in an array: the items before an added one are written too (empty
            # when untranslated), and a new array gets every item of the source's.
            source_items = layout.source_arrays.get(name, [])
            count = max(int(i) for i in items) + 1
            if existing is None:
                count = max(count, len(source_items))
            new_items = [f"{eol}{item_indent}<item>{_array_item(items, source_items, i)}</item>"
                         for i in range(known, count)]
            if existing is None:
                at_end.append(f"<string-array {attrs}>{''.join(new_items)}{eol}{indent}</string-array>")
            elif existing.node.self_closing:
                node = existing.node
                edits.append((node.start, node.end, f"{open_form(doc.start_tag(node))}{''.join(new_items)}"
                                                    f"{eol}{indent}</{node.tag}>"))
            else:
                anchor = existing.items[str(known - 1)] if known else None
                pos = anchor.end if anchor is not None else existing.node.start_end
                if anchor is not None:
                    own = _indent(doc, anchor, item_indent)
                    new_items = [item.replace(item_indent, own, 1) for item in new_items]
                edits.append((pos, pos, "".join(new_items)))
        if at_end:
            block = "".join(f"{eol}{indent}{element}" for element in at_end)
            if root.self_closing:
                edits.append((root.start, root.end, f"{open_form(doc.start_tag(root))}{block}{eol}</{root.tag}>"))
            else:
                pos = root.end_start
                while pos > root.start_end and doc.data[pos - 1:pos] in (b" ", b"\t", b"\n", b"\r"):
                    pos -= 1
                edits.append((pos, pos, block))
        return edits


def _array_item(edited: dict[str, str], source_items: list[str], i: int) -> str:
    """The content of item `i` of an array being added to: the edited text, else the source's
    item when it is a reference (`@string/x` gave no segment and is the same in every
    language), else empty (untranslated)."""
    if str(i) in edited:
        return edited[str(i)]
    raw = source_items[i] if i < len(source_items) else ""
    return raw if _REFERENCE.match(raw) else ""


def _name_attrs(name: str) -> str:
    """The attributes that name an added entry (a `name@product` id has a product variant)."""
    base, _, product = name.partition("@")
    return f'name="{_attr(base)}"' + (f' product="{_attr(product)}"' if product else "")


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


__all__ = ["AndroidFormat", "decode_value", "encode_value", "read_android_pair"]
