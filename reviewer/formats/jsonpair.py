"""App message files in JSON as a pair: Flutter ARB (`app_en.arb` + `app_id.arb`) and i18next
JSON, flat or nested (`en/translation.json` + `id/translation.json`).

Segments, in the source file's order, joined by key: every string value is a segment whose id
is its key, nested keys joined with `.` (`menu.file.open`), array items as `key[0]`. A key
present in the source but missing (or `null`) in the target is a segment with an empty target
and status `new`; keys only in the target are ignored (kept in the layout, `target_only`).
An i18next plural form the target does not need is not reported missing: when the source has
`item_one` and `item_other` and the target has `item_other` only (Indonesian has one form),
`item_one` gives no segment.

ARB: top-level keys starting with `@` are metadata, not messages. `@@locale` gives the
language; `@key` (its description, context and placeholders with their types and examples)
becomes the note of segment `key`, taken from the source file, else from the target. ICU
messages (`{count, plural, =1{...} other{...}}`) are one segment each: the checks read ICU.

Errors name the file and line: text that is not JSON, a top level that is not an object, an
empty key, a key given twice in one object or twice once joined (`"a.b"` and `"a": {"b"}`), a number or
a boolean where a message belongs, nesting deeper than 100 levels.

Writing back patches the target in place: an unedited corpus gives the file's bytes; an edited
value replaces only that string literal (JSON-escaped, non-ASCII kept as is unless the file
writes it as `\\uXXXX`), so key order, indentation, spacing and everything else stay byte for
byte. A key the target lacks is added at the end of the deepest object it shares with the
source, indented like that object's members (nested objects created as needed). Adding an item
to an array the target lacks is refused (add it by hand). JSON has no review states: statuses
are ignored.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer.core.errors import CorpusError, FormatError
from reviewer.core.model import Corpus, Segment, SegmentStatus
from reviewer.formats.base import BOM, Format, read_bytes

MAX_DEPTH = 100
_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_LITERALS = {"true": True, "false": False, "null": None}
_PLURAL_SUFFIX = re.compile(r"^(?P<base>.+)_(?:zero|one|two|few|many)$")
#: The locale at the end of a file name: `app_id.arb`, `app_pt_BR.arb`, `id.json`.
_LOCALE_IN_NAME = re.compile(r"(?:^|[_.-])([a-z]{2,3})(?:[_-][A-Z][A-Za-z]{1,3})?\.(?:arb|json)$")
JSON_EXTENSIONS = (".arb", ".json")
#: The standard library's string scanner (C-accelerated), public in `json.decoder` though its
#: type stubs leave it out: it gives a string literal's value and where it ends.
scanstring = json.decoder.scanstring  # type: ignore[attr-defined]


@dataclass(eq=False)
class JNode:
    """A JSON value and where it sits in the decoded text."""

    kind: str
    """`object`, `array`, `string`, `number`, `literal`."""
    start: int
    end: int
    line: int
    value: Any = None
    """The value for scalars (a string, a number, True/False/None)."""
    members: list[tuple[str, JNode]] = field(default_factory=list)
    """An object's members (key, value) or an array's items (index as a string, value), in order."""
    key_starts: list[int] = field(default_factory=list)
    """Offset of each member's key (for an object) or item (for an array)."""


class _Parser:
    """A small JSON reader that keeps every value's offsets, so a writer can patch one value
    and leave every other byte alone (the standard library's parser forgets where things are)."""

    def __init__(self, text: str, path: Path) -> None:
        self.text = text
        self.path = path
        # Where each line starts: a value's line is a bisection, not a count from the top (that
        # would make a file of many values quadratic).
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line_of(self, pos: int) -> int:
        return bisect_left(self.newlines, pos) + 1

    def error(self, message: str, pos: int) -> FormatError:
        return FormatError(message, path=self.path, line=self.line_of(pos))

    def skip(self, pos: int) -> int:
        match = _SPACE.match(self.text, pos)
        assert match is not None
        return match.end()

    def parse(self) -> JNode:
        pos = self.skip(0)
        if pos == len(self.text):
            raise self.error("empty file; expected a JSON object", pos)
        node = self.value(pos, 0)
        end = self.skip(node.end)
        if end != len(self.text):
            raise self.error("unexpected text after the JSON value", end)
        if node.kind != "object":
            raise self.error(f"the top level is a JSON {node.kind}; a message file is an object of keys", node.start)
        return node

    def value(self, pos: int, depth: int) -> JNode:
        text = self.text
        line = self.line_of(pos)
        ch = text[pos:pos + 1]
        if ch == '"':
            try:
                value, end = scanstring(text, pos + 1, True)
            except json.JSONDecodeError as exc:
                raise self.error(f"bad string: {exc.msg}", exc.pos) from None
            return JNode("string", pos, end, line, value)
        if ch in ("{", "["):
            if depth >= MAX_DEPTH:
                raise self.error(f"nested deeper than {MAX_DEPTH} levels", pos)
            return self.container(pos, depth + 1, ch == "{", line)
        match = _NUMBER.match(text, pos)
        if match and match.end() > pos:
            return JNode("number", pos, match.end(), line, match.group(0))
        for word, value in _LITERALS.items():
            if text.startswith(word, pos):
                return JNode("literal", pos, pos + len(word), line, value)
        raise self.error(f"expected a JSON value, found {text[pos:pos + 10]!r}", pos)

    def container(self, pos: int, depth: int, is_object: bool, line: int) -> JNode:
        text = self.text
        close = "}" if is_object else "]"
        node = JNode("object" if is_object else "array", pos, pos, line)
        seen: dict[str, int] = {}
        pos = self.skip(pos + 1)
        if text.startswith(close, pos):
            node.end = pos + 1
            return node
        while True:
            item_start = pos
            if is_object:
                if not text.startswith('"', pos):
                    raise self.error("expected a key in double quotes", pos)
                key_node = self.value(pos, depth)
                key = key_node.value
                if key in seen:
                    raise self.error(f"key {key!r} appears twice in one object (first on line {seen[key]})", pos)
                seen[key] = key_node.line
                pos = self.skip(key_node.end)
                if not text.startswith(":", pos):
                    raise self.error(f"expected ':' after the key {key!r}", pos)
                pos = self.skip(pos + 1)
            else:
                key = str(len(node.members))
            if pos >= len(text):
                raise self.error("the file ends inside a JSON value", pos)
            child = self.value(pos, depth)
            node.members.append((key, child))
            node.key_starts.append(item_start)
            pos = self.skip(child.end)
            if text.startswith(",", pos):
                pos = self.skip(pos + 1)
                continue
            if text.startswith(close, pos):
                node.end = pos + 1
                return node
            raise self.error(f"expected ',' or '{close}'", pos)


@dataclass(frozen=True, slots=True)
class Leaf:
    """One message value: its key path and node (a string, or null)."""

    path: tuple[str, ...]
    """Keys from the top (array positions as strings)."""
    node: JNode


@dataclass(eq=False)
class JsonFile:
    """A parsed message file."""

    path: Path
    raw: bytes
    text: str
    bom: bool
    root: JNode
    arb: bool
    leaves: dict[str, Leaf]
    """Segment id to leaf, in file order."""
    metadata: dict[str, JNode]
    """ARB `@key` metadata by message key."""
    locale: str | None


def _join(path: tuple[str, ...], in_array: tuple[bool, ...]) -> str:
    out = ""
    for key, index in zip(path, in_array):
        out += f"[{key}]" if index else (f".{key}" if out else key)
    return out


def parse_json_file(path: Path, what: str) -> JsonFile:
    """Read a message file (see the module's docstring for what is refused)."""
    raw = read_bytes(path, what=what)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", path=path,
                          line=raw.count(b"\n", 0, exc.start) + 1) from None
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    parser = _Parser(text, path)
    root = parser.parse()
    arb = path.suffix.lower() == ".arb" or any(k.startswith("@@") for k, _ in root.members)
    leaves: dict[str, Leaf] = {}
    metadata: dict[str, JNode] = {}
    locale: str | None = None

    def walk(node: JNode, keys: tuple[str, ...], arrays: tuple[bool, ...]) -> None:
        for key, child in node.members:
            if arb and not keys and key.startswith("@"):
                if key == "@@locale" and child.kind == "string":
                    nonlocal locale
                    locale = child.value
                elif not key.startswith("@@") and child.kind == "object":
                    metadata[key[1:]] = child
                continue
            if not key and node.kind == "object":  # a segment needs an id a person can type
                raise parser.error("an empty key; a message needs a name", child.start)
            here, marks = (*keys, key), (*arrays, node.kind == "array")
            if child.kind in ("object", "array"):
                walk(child, here, marks)
                continue
            seg_id = _join(here, marks)
            if child.kind == "number" or (child.kind == "literal" and child.value is not None):
                raise parser.error(f"the value of {seg_id!r} is {child.value if child.kind == 'number' else str(child.value).lower()}"
                                   "; a message must be a string", child.start)
            if seg_id in leaves:
                first = leaves[seg_id].node.line
                raise parser.error(f"the key {seg_id!r} is given twice once nested keys are joined with '.' "
                                   f"(first on line {first})", child.start)
            leaves[seg_id] = Leaf(here, child)

    walk(root, (), ())
    return JsonFile(path, raw, text, bom, root, arb, leaves, metadata, locale)


def _arb_note(meta: JNode | None) -> str:
    """An ARB `@key` entry in words: description, context, placeholders."""
    if meta is None:
        return ""
    fields = dict(meta.members)
    lines = []
    for name in ("description", "context"):
        node = fields.get(name)
        if node is not None and node.kind == "string" and node.value.strip():
            lines.append(node.value.strip() if name == "description" else f"context: {node.value.strip()}")
    holders = fields.get("placeholders")
    if holders is not None and holders.kind == "object" and holders.members:
        described = []
        for name, spec in holders.members:
            details = dict(spec.members) if spec.kind == "object" else {}
            parts = [str(details[k].value) for k in ("type", "format") if k in details and details[k].kind == "string"]
            example = details.get("example")
            if example is not None and example.kind in ("string", "number"):
                parts.append(f"e.g. {example.value}")
            described.append(f"{{{name}}}" + (f" ({', '.join(parts)})" if parts else ""))
        lines.append("placeholders: " + ", ".join(described))
    return "\n".join(lines)


def _lang(file: JsonFile, default: str) -> str:
    if file.locale:
        return file.locale.replace("_", "-").split("-")[0] or default
    match = _LOCALE_IN_NAME.search(file.path.name)
    if match:
        return match.group(1).lower()
    parent = file.path.parent.name.lower()  # i18next: locales/id/translation.json
    return parent if re.fullmatch(r"[a-z]{2,3}", parent) else default


@dataclass(eq=False)
class JsonLayout:
    """What writing the target file back needs."""

    source_path: Path
    target: JsonFile
    paths: dict[str, tuple[str, ...]]
    """Segment id to the source's key path."""
    read_targets: dict[str, str]
    target_only: list[str]


def read_json_pair(source: str | Path, target: str | Path) -> Corpus:
    """Read a source and a target message file as one corpus (see the module's docstring)."""
    src = parse_json_file(Path(source), "source file")
    tgt = parse_json_file(Path(target), "target file")
    segments: list[Segment] = []
    paths: dict[str, tuple[str, ...]] = {}
    read_targets: dict[str, str] = {}
    for seg_id, leaf in src.leaves.items():
        if leaf.node.kind != "string" or not leaf.node.value:
            continue
        other = tgt.leaves.get(seg_id)
        translated = other.node.value if other is not None and other.node.kind == "string" else ""
        if other is None and not src.arb:
            plural = _PLURAL_SUFFIX.match(seg_id)
            if plural and f"{plural['base']}_other" in tgt.leaves:
                continue  # a plural form the target language does not use
        status = SegmentStatus.TRANSLATED if translated else SegmentStatus.NEW
        note = _arb_note(src.metadata.get(seg_id) or tgt.metadata.get(seg_id)) if src.arb else ""
        extra: dict[str, object] = {"line": leaf.node.line, "kind": "arb" if src.arb else "i18next"}
        if other is not None:
            extra["target_line"] = other.node.line
        segments.append(Segment(seg_id, leaf.node.value, translated, status, note, extra))
        paths[seg_id] = leaf.path
        read_targets[seg_id] = translated
    target_only = [k for k in tgt.leaves if k not in src.leaves]
    return Corpus(segments, source_lang=_lang(src, "en"), target_lang=_lang(tgt, "id"), format=JsonPairFormat.name,
                  path=tgt.path, name=tgt.path.name,
                  layout=JsonLayout(src.path, tgt, paths, read_targets, target_only))


def _line_indent(text: str, pos: int) -> str | None:
    """The whitespace that starts the line of `pos`, or None when other text precedes it."""
    start = text.rfind("\n", 0, pos) + 1
    lead = text[start:pos]
    return lead if not lead.strip() else None


def _indent_unit(root: JNode, text: str) -> str:
    """The file's indentation step, from the top object's first member (two spaces if none)."""
    if root.key_starts:
        lead = _line_indent(text, root.key_starts[0])
        if lead:
            return lead
    return "  "


class JsonPairFormat(Format):
    """ARB and i18next JSON message files, read as a source/target pair (`--source`, `--target`)."""

    name = "json"
    extensions = ()  # a single message file is refused with the hint to give a pair

    def read(self, path: Path) -> Corpus:
        raise CorpusError("a message file holds one language; give the source (app_en.arb, en.json) and the "
                          "target (app_id.arb, id.json) with --source and --target", path=path)

    def input_files(self, corpus: Corpus) -> list[Path]:
        layout: JsonLayout = corpus.layout
        return [layout.source_path, layout.target.path]

    def target_names(self, corpus: Corpus) -> list[str]:
        layout: JsonLayout = corpus.layout
        return [layout.target.path.name]

    def render_target(
        self, corpus: Corpus, targets: dict[str, str], statuses: dict[str, SegmentStatus] | None = None
    ) -> dict[str, bytes]:
        """The target file with edited values patched in place and missing keys added."""
        layout: JsonLayout = corpus.layout
        tgt = layout.target
        ascii_only = tgt.text.isascii() and "\\u" in tgt.text  # a file written with ensure_ascii
        edits: list[tuple[int, int, str]] = []
        additions: dict[int, tuple[JNode, dict[str, Any]]] = {}
        for seg in corpus.segments:
            text = targets.get(seg.id, layout.read_targets[seg.id])
            if text == layout.read_targets[seg.id]:
                continue
            leaf = tgt.leaves.get(seg.id)
            if leaf is not None:
                edits.append((leaf.node.start, leaf.node.end, _dump(text, ascii_only)))
                continue
            holder, rest = self._deepest(tgt, layout.paths[seg.id], seg.id)
            tree = additions.setdefault(id(holder), (holder, {}))[1]
            for key in rest[:-1]:
                tree = tree.setdefault(key, {})
            tree[rest[-1]] = text
        for holder, tree in additions.values():
            edits.append(self._insert(tgt, holder, tree, ascii_only))
        if not edits:
            return {tgt.path.name: tgt.raw}
        out = tgt.text
        for start, end, new in sorted(edits, key=lambda e: e[0], reverse=True):
            out = out[:start] + new + out[end:]
        return {tgt.path.name: ((BOM if tgt.bom else "") + out).encode("utf-8")}

    @staticmethod
    def _deepest(tgt: JsonFile, path: tuple[str, ...], seg_id: str) -> tuple[JNode, tuple[str, ...]]:
        """The deepest object of the target on a key path, and the keys still to create in it."""
        node = tgt.root
        for i, key in enumerate(path):
            child = dict(node.members).get(key)
            if child is None:
                if node.kind != "object":
                    raise FormatError(f"segment {seg_id}: cannot add an item to an array of the target; add it by hand",
                                      path=tgt.path, line=node.line)
                return node, path[i:]
            if child.kind not in ("object", "array"):
                raise FormatError(f"segment {seg_id}: the target has a value at {'.'.join(path[:i + 1])!r} where the "
                                  "source has nested keys", path=tgt.path, line=child.line)
            node = child
        raise FormatError(f"segment {seg_id}: the target has an object where the source has a message",
                          path=tgt.path, line=node.line)

    @staticmethod
    def _insert(tgt: JsonFile, holder: JNode, tree: dict[str, Any], ascii_only: bool) -> tuple[int, int, str]:
        """An edit adding members at the end of an object, formatted like its own members."""
        text = tgt.text
        eol = "\r\n" if "\r\n" in text else "\n"
        close_indent = _line_indent(text, holder.end - 1)
        member_indent = _line_indent(text, holder.key_starts[-1]) if holder.key_starts else None
        if member_indent is None and holder.key_starts:  # a one-line object: add on the same line
            inline = ", ".join(f"{_dump(k, ascii_only)}: {_dump(v, ascii_only)}" for k, v in tree.items())
            end = holder.members[-1][1].end
            return end, end, ", " + inline
        unit = _indent_unit(tgt.root, text)
        if member_indent is None:
            member_indent = (close_indent or "") + unit
        members = []
        for key, value in tree.items():
            dumped = _dump(value, ascii_only, unit).replace("\n", eol + member_indent)
            members.append(f"{member_indent}{_dump(key, ascii_only)}: {dumped}")
        block = ("," + eol).join(members)
        if holder.members:
            end = holder.members[-1][1].end
            return end, end, "," + eol + block
        return holder.start + 1, holder.end - 1, eol + block + eol + (close_indent or "")


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    return isinstance(value, str) and re.search("[\ud800-\udfff]", value) is not None


def _dump(value: Any, ascii_only: bool, indent: str | None = None) -> str:
    """A value as JSON text; a lone surrogate (read from `"\\ud800"`) is written escaped, as
    UTF-8 cannot hold it."""
    return json.dumps(value, ensure_ascii=ascii_only or _has_surrogate(value),
                      indent=indent if isinstance(value, dict) else None)


def is_json_messages(path: Path) -> bool:
    """Whether a file is named like a message file (`.arb`, `.json`)."""
    return path.name.lower().endswith(JSON_EXTENSIONS)


__all__ = ["JsonPairFormat", "is_json_messages", "parse_json_file", "read_json_pair"]
