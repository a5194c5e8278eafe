"""Safe XML reading for the interchange formats: declared encodings honoured, no DTD entities,
no external references, no network, and a tree that remembers where every element sits in the
file so that writers can splice new text into the original bytes and leave the rest untouched.

Parsing goes through `defusedxml` on top of the standard library's expat: an `<!ENTITY>`
declaration (internal or external, the root of every entity-expansion bomb) is refused, an
external reference is refused, and an undefined entity is an error rather than silently
dropped text. The DTD named by a DOCTYPE is never fetched.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from reviewer.core.errors import FormatError
from reviewer.formats.base import read_bytes

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECL_ENCODING = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
#: A start tag at a known position: name, attributes (quoted values may hold '>'), end.
_START_TAG = re.compile(rb"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>""")


@dataclass(eq=False, slots=True)
class Node:
    """One element with its place in the parsed (UTF-8) buffer."""

    tag: str
    """Qualified name as `{namespace}local`, or `local` when the element has no namespace."""
    attrib: dict[str, str]
    """Attributes, keys qualified the same way (`{http://www.w3.org/XML/1998/namespace}lang`)."""
    line: int
    """1-based line of the start tag."""
    start: int
    """Offset of the `<` of the start tag."""
    start_end: int = 0
    """Offset just after the start tag's `>`."""
    end_start: int = 0
    """Offset of the end tag's `<` (equal to `start_end` for an empty-element tag)."""
    end: int = 0
    """Offset just after the element."""
    self_closing: bool = False
    """Written as `<x/>`."""
    content: list[str | Node] = field(default_factory=list)
    """Text and child elements in document order."""
    parent: Node | None = None
    ns: str = field(init=False)
    """Namespace URI ('' when none)."""
    local: str = field(init=False)
    """Name without the namespace."""

    def __post_init__(self) -> None:
        if self.tag.startswith("{"):
            self.ns, _, self.local = self.tag[1:].partition("}")
        else:
            self.ns, self.local = "", self.tag

    def children(self) -> Iterator[Node]:
        """Child elements."""
        return (c for c in self.content if isinstance(c, Node))

    def iter(self) -> Iterator[Node]:
        """This element and all its descendants in document order."""
        yield self
        for child in self.children():
            yield from child.iter()

    def text(self) -> str:
        """All text inside the element, markup removed."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.content)

    def get(self, name: str, default: str | None = None) -> str | None:
        """An attribute value."""
        return self.attrib.get(name, default)


@dataclass(eq=False)
class XmlDocument:
    """A parsed XML file and what is needed to write an edited copy in the same encoding."""

    path: Path
    raw: bytes
    """The file as read."""
    data: bytes
    """The document as UTF-8 (what the parser saw; node offsets index into it)."""
    encoding: str
    """Python codec used to write the file back."""
    bom: bytes
    """Byte-order mark the file started with (b'' when none)."""
    root: Node

    def slice(self, start: int, end: int) -> str:
        """Document text between two offsets."""
        return self.data[start:end].decode("utf-8")

    def start_tag(self, node: Node) -> str:
        """The element's start tag exactly as written."""
        return self.slice(node.start, node.start_end)

    def outer(self, node: Node) -> str:
        """The whole element exactly as written."""
        return self.slice(node.start, node.end)

    def inner(self, node: Node) -> str:
        """The element's content exactly as written."""
        return self.slice(node.start_end, node.end_start)

    def render(self, edits: list[tuple[int, int, str]]) -> bytes:
        """The file with `(start, end, replacement)` edits applied, in its own encoding and BOM.

        With no edits the original bytes come back unchanged."""
        if not edits:
            return self.raw
        out = bytearray(self.data)
        last = None
        for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            if last is not None and end > last:
                raise ValueError(f"overlapping edits at offset {start}")
            out[start:end] = text.encode("utf-8")
            last = start
        text = out.decode("utf-8")
        return self.bom + text.encode(self.encoding, errors="xmlcharrefreplace")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_xml(raw: bytes, path: Path) -> tuple[str, str, bytes]:
    """Decode an XML file: BOM first, then UTF-16 without BOM, then the declared encoding,
    else UTF-8. Returns (text, codec for writing, BOM bytes)."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            body, encoding = raw[len(bom):], codec
            break
    else:
        bom = b""
        if raw.startswith(b"<\x00?\x00"):
            body, encoding = raw, "utf-16-le"
        elif raw.startswith(b"\x00<\x00?"):
            body, encoding = raw, "utf-16-be"
        else:
            body = raw
            match = _DECL_ENCODING.match(raw)
            declared = match.group(1).decode("ascii") if match else "utf-8"
            try:
                encoding = codecs.lookup(declared).name
            except LookupError:
                raise FormatError(f"unknown encoding {declared!r} in the XML declaration", path=path, line=1) from None
            if encoding.startswith(("utf-16", "utf-32")):
                # An 8-bit file that claims UTF-16 (a BOM is required then): read what is there.
                encoding = "utf-8"
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        line = _line_of(body, exc.start) if "16" not in encoding and "32" not in encoding else None
        raise FormatError(
            f"not valid {encoding} (byte 0x{body[exc.start]:02x} at offset {exc.start + len(bom)}); "
            "the file's bytes do not match its declared encoding",
            path=path, line=line,
        ) from None
    return text, encoding, bom


class _Builder:
    """ElementTree parser target that builds `Node`s and records their offsets."""

    def __init__(self, buffer: bytes) -> None:
        self.buffer = buffer
        self.parser: DefusedXMLParser | None = None
        self.stack: list[Node] = []
        self.root: Node | None = None

    def start_raw(self, name: str, attributes: list[str]) -> None:
        """Expat's start handler (namespaces as `uri}local`, ordered attributes)."""
        attrib = {}
        for i in range(0, len(attributes), 2):
            key = attributes[i]
            attrib["{" + key if "}" in key else key] = attributes[i + 1]
        self.start("{" + name if "}" in name else name, attrib)

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        assert self.parser is not None
        expat = self.parser.parser
        pos = expat.CurrentByteIndex
        node = Node(tag, attrib, expat.CurrentLineNumber, pos)
        match = _START_TAG.match(self.buffer, pos)
        if match is None:  # pragma: no cover - expat accepted it, so it is a start tag
            raise FormatError("cannot locate a start tag", line=node.line)
        node.start_end = match.end()
        node.self_closing = bool(match.group(1))
        if self.stack:
            node.parent = self.stack[-1]
            self.stack[-1].content.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def end(self, tag: str) -> Node:
        assert self.parser is not None
        node = self.stack.pop()
        if node.self_closing:
            node.end_start = node.end = node.start_end
        else:
            pos = self.parser.parser.CurrentByteIndex
            node.end_start = pos
            node.end = self.buffer.index(b">", pos) + 1
        return node

    def data(self, text: str) -> None:
        if not self.stack:
            return
        content = self.stack[-1].content
        if content and isinstance(content[-1], str):
            content[-1] += text
        else:
            content.append(text)

    def close(self) -> Node | None:
        return self.root


_ET_POSITION = re.compile(r":\s*line \d+, column (\d+)$")


def parse_xml(path: str | Path, raw: bytes | None = None) -> XmlDocument:
    """Parse an XML file safely. Malformed XML, a DTD that declares entities, an external
    reference or a bad encoding raises FormatError naming the file and line."""
    p = Path(path)
    if raw is None:
        raw = read_bytes(p)
    text, encoding, bom = decode_xml(raw, p)
    data = text.encode("utf-8")
    builder = _Builder(data)
    # encoding="utf-8" overrides the declaration: the parser sees our UTF-8 re-encoding.
    parser = DefusedXMLParser(target=builder, encoding="utf-8", forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    builder.parser = parser
    # Straight from expat to the builder (ElementTree's Python layer would only rename and copy);
    # defusedxml's refusals and ElementTree's undefined-entity check stay as they are.
    expat = parser.parser
    expat.StartElementHandler = builder.start_raw
    expat.EndElementHandler = builder.end
    expat.CharacterDataHandler = builder.data
    try:
        parser.feed(data)
        root = parser.close()
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        message = _ET_POSITION.sub("", str(exc))
        raise FormatError(f"not well-formed XML: {message} (column {column + 1 if column is not None else '?'})",
                          path=p, line=line) from None
    except EntitiesForbidden as exc:
        raise FormatError(
            f"the DTD declares the entity {exc.name!r}; entity declarations are refused "
            "(they can expand without bound or read other files)",
            path=p, line=parser.parser.CurrentLineNumber,
        ) from None
    except ExternalReferenceForbidden as exc:
        raise FormatError(f"external reference to {exc.sysid or exc.pubid!r} refused", path=p,
                          line=parser.parser.CurrentLineNumber) from None
    except DTDForbidden:  # pragma: no cover - DTDs themselves are allowed (the TMX kit has them)
        raise FormatError("DTD refused", path=p, line=parser.parser.CurrentLineNumber) from None
    except DefusedXmlException as exc:  # pragma: no cover - any other defusedxml refusal
        raise FormatError(f"unsafe XML refused: {exc}", path=p, line=parser.parser.CurrentLineNumber) from None
    except FormatError as exc:  # pragma: no cover
        raise FormatError(exc.message, path=p, line=exc.line) from None
    if root is None:  # pragma: no cover - expat reports "no element found" first
        raise FormatError("no root element", path=p)
    return XmlDocument(p, raw, data, encoding, bom, root)


def sniff_xml_root(head: bytes) -> tuple[str, bytes]:
    """(local name of the root element, the decoded head as UTF-8 bytes) from the first bytes
    of a file, for content sniffing; ('', b'') when it does not look like XML."""
    text: str | None = None
    for bom, codec in _BOMS:
        if head.startswith(bom):
            text = head[len(bom):].decode(codec, errors="ignore")
            break
    if text is None:
        if head.startswith(b"<\x00"):
            text = head.decode("utf-16-le", errors="ignore")
        elif head.startswith(b"\x00<"):
            text = head.decode("utf-16-be", errors="ignore")
        else:
            text = head.decode("latin-1")
    body = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", "", text, flags=re.S).lstrip()
    # A root start tag: the name, then the tag's end or a first attribute (`name=`). "<tmx" then
    # a tab and a word is a TSV row that happens to start with "<tmx", not XML.
    match = re.match(r"<([A-Za-z_][\w.:-]*)(?:\s*/?>|\s+[A-Za-z_:][\w.:-]*\s*=)", body)
    if not match:
        return "", b""
    return match.group(1).rsplit(":", 1)[-1], text.encode("utf-8", errors="ignore")


def xml_escape(text: str, *, quote: bool = False) -> str:
    """Escape text for element content (and attribute values with `quote`). A carriage return
    is written as a reference, since a parser would turn a literal one into a line feed."""
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    if quote:
        out = out.replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")
    return out


_ATTR_CACHE: dict[str, re.Pattern[str]] = {}


def set_attribute(start_tag: str, name: str, value: str | None) -> str:
    """A start tag (as written) with one attribute set (or removed when `value` is None),
    keeping every other byte of the tag."""
    pattern = _ATTR_CACHE.get(name)
    if pattern is None:
        pattern = _ATTR_CACHE[name] = re.compile(r"(\s+)" + re.escape(name) + r"(\s*=\s*)([\"'])(.*?)\3", re.S)
    match = pattern.search(start_tag)
    if value is None:
        return start_tag if match is None else start_tag[: match.start()] + start_tag[match.end():]
    if match is not None:
        quote = match.group(3)
        escaped = xml_escape(value, quote=True) if quote == '"' else xml_escape(value).replace("'", "&apos;")
        return start_tag[: match.start(4)] + escaped + start_tag[match.end(4):]
    close = len(start_tag) - (2 if start_tag.endswith("/>") else 1)
    return f'{start_tag[:close].rstrip()} {name}="{xml_escape(value, quote=True)}"' + start_tag[close:]


def open_form(start_tag: str) -> str:
    """`<x a="1"/>` as the start tag `<x a="1">` (for giving an empty element content)."""
    if start_tag.endswith("/>"):
        return start_tag[:-2].rstrip() + ">"
    return start_tag
