"""gettext PO files: msgctxt, msgid/msgstr (and plural forms), flags and comments.

Each message is a segment with id `<n>` (its 1-based position, header and obsolete `#~`
entries not counted); a plural message gives one segment per form, `<n>[<i>]`, whose source is
msgid for form 0 and msgid_plural for the others (and for the only form of a language with one
plural form). Translator (`# `) and extracted (`#.`) comments become the segment note; msgctxt, references and flags go in `Segment.extra`.

Plural forms: a message has msgstr[0], msgstr[1], ... numbered in order, no more than the
header's `Plural-Forms: nplurals=N` allows (gettext's default, two, when the header has none or
still holds the template's `nplurals=INTEGER`); anything else is refused with its line, as msgfmt
refuses it.

Statuses: an empty msgstr is new, a `fuzzy` one is new too (gettext does not use it), any other
translation is translated. Writing a status that differs from the one read adds `fuzzy` (new)
or removes it (translated, reviewed, final). Writing replaces only the msgstr lines of edited
messages and the flag lines of messages whose status changed; every other line, comment,
obsolete entry and line ending stays byte for byte, in the file's own charset.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.core.errors import FormatError
from reviewer.core.model import Corpus, Segment, SegmentStatus
from reviewer.formats.base import Format, read_bytes

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*)$')
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"\s*$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_CHARSET = re.compile(rb"charset=([A-Za-z0-9._:-]+)")


def unescape(body: str, path: Path, line: int) -> str:
    """The value of a PO string literal's body (between the quotes)."""
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1] if i + 1 < len(body) else ""
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt.isdigit():
            digits = re.match(r"[0-7]{1,3}", body[i + 1:])
            assert digits is not None
            out.append(chr(int(digits.group(0), 8)))
            i += 1 + len(digits.group(0))
        elif nxt == "x" and re.match(r"[0-9A-Fa-f]{1,2}", body[i + 2:]):
            digits = re.match(r"[0-9A-Fa-f]{1,2}", body[i + 2:])
            assert digits is not None
            out.append(chr(int(digits.group(0), 16)))
            i += 2 + len(digits.group(0))
        else:
            raise FormatError(f"unknown escape sequence \\{nxt} in a string", path=path, line=line)
    return "".join(out)


def escape(text: str) -> str:
    """A value as the body of a PO string literal."""
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
            .replace("\r", "\\r"))


def format_field(keyword: str, value: str) -> list[str]:
    """The lines of one field, split after each newline the way gettext writes them."""
    if "\n" not in value.rstrip("\n") or value.count("\n") == 0:
        return [f'{keyword} "{escape(value)}"']
    parts = value.splitlines(keepends=True)
    return [f'{keyword} ""'] + [f'"{escape(part)}"' for part in parts]


@dataclass(eq=False)
class PoField:
    """One keyword and its string, with the lines it spans."""

    keyword: str
    first: int
    """0-based index of the keyword line."""
    last: int
    """0-based index of the last continuation line."""
    value: str = ""


@dataclass(eq=False)
class PoEntry:
    """One message."""

    first: int
    """0-based index of its first line."""
    fields: dict[str, PoField] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    flags_line: int | None = None
    previous_line: int | None = None
    """First `#|` line, before which a new flag line goes."""
    obsolete: bool = False

    @property
    def msgid(self) -> str:
        return self.fields["msgid"].value

    @property
    def is_header(self) -> bool:
        return not self.obsolete and self.msgid == "" and "msgctxt" not in self.fields

    def msgstrs(self) -> list[PoField]:
        """msgstr, or msgstr[0], msgstr[1], ... in order."""
        if "msgstr" in self.fields:
            return [self.fields["msgstr"]]
        forms = sorted((int(k[7:-1]), f) for k, f in self.fields.items() if k.startswith("msgstr["))
        return [f for _, f in forms]


@dataclass(eq=False)
class PoFile:
    """A decoded PO file split into lines (terminators kept) and messages."""

    path: Path
    lines: list[str]
    entries: list[PoEntry]
    encoding: str
    bom: bytes
    eol: str
    raw: bytes
    """The file as read."""


def _decode(raw: bytes, path: Path) -> tuple[str, str, bytes]:
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    body = raw[len(bom):]
    match = _CHARSET.search(body[:8192])
    encoding = "utf-8"
    if match and match.group(1).upper() != b"CHARSET":
        try:
            encoding = codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            raise FormatError(f"unknown charset {match.group(1).decode('ascii')!r} in the header",
                              path=path, line=body.count(b"\n", 0, match.start()) + 1) from None
    try:
        return body.decode(encoding), encoding, bom
    except UnicodeDecodeError as exc:
        raise FormatError(f"not valid {encoding} (byte 0x{body[exc.start]:02x}); the file does not match its charset",
                          path=path, line=body.count(b"\n", 0, exc.start) + 1) from None


def parse_po(path: str | Path, raw: bytes | None = None) -> PoFile:
    """Parse a PO file; syntax errors raise FormatError with the file and line."""
    p = Path(path)
    if raw is None:
        raw = read_bytes(p)
    text, encoding, bom = _decode(raw, p)
    lines = text.splitlines(keepends=True)
    eol = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    entries: list[PoEntry] = []
    entry: PoEntry | None = None
    last_field: PoField | None = None

    def finish() -> None:
        nonlocal entry, last_field
        if entry is not None and (entry.fields or entry.obsolete):
            if not entry.obsolete:
                _validate(entry, p)
            entries.append(entry)
        entry, last_field = None, None

    for i, full in enumerate(lines):
        line = full.rstrip("\r\n")
        stripped = line.strip()
        if not stripped:
            finish()
            continue
        if stripped.startswith("#"):
            if entry is not None and entry.fields and not stripped.startswith("#~"):
                finish()
            if entry is None:
                entry = PoEntry(i)
            if stripped.startswith("#~"):
                entry.obsolete = True
            elif stripped.startswith("#,"):
                entry.flags_line = i
                entry.flags = [f.strip() for f in stripped[2:].split(",") if f.strip()]
            elif stripped.startswith("#|"):
                if entry.previous_line is None:
                    entry.previous_line = i
            else:
                entry.comments.append(stripped)
            last_field = None
            continue
        match = _KEYWORD.match(stripped)
        if match:
            keyword = match.group(1)
            if entry is not None and (keyword in ("msgctxt", "msgid") and
                                      any(k.startswith("msgstr") for k in entry.fields)):
                finish()
            if entry is None:
                entry = PoEntry(i)
            if keyword in entry.fields:
                raise FormatError(f"{keyword} appears twice in one message", path=p, line=i + 1)
            literal = _STRING.fullmatch(match.group(3))
            if literal is None:
                raise FormatError(f"{keyword}: expected a string in double quotes", path=p, line=i + 1)
            last_field = PoField(keyword, i, i, unescape(literal.group(1), p, i + 1))
            entry.fields[keyword] = last_field
            continue
        if stripped.startswith('"'):
            literal = _STRING.fullmatch(stripped)
            if last_field is None or entry is None:
                raise FormatError("a string continuation line outside a message", path=p, line=i + 1)
            if literal is None:
                raise FormatError("expected a string in double quotes", path=p, line=i + 1)
            last_field.value += unescape(literal.group(1), p, i + 1)
            last_field.last = i
            continue
        raise FormatError(f"unexpected text {stripped[:30]!r} (expected a comment, msgctxt, msgid or msgstr)",
                          path=p, line=i + 1)
    finish()
    seen: dict[tuple[str | None, str], int] = {}
    for e in entries:
        if e.obsolete:
            continue
        key = (e.fields["msgctxt"].value if "msgctxt" in e.fields else None, e.msgid)
        if key in seen:
            raise FormatError(f"duplicate message {e.msgid[:40]!r} (first on line {seen[key]})", path=p,
                              line=e.fields["msgid"].first + 1)
        seen[key] = e.fields["msgid"].first + 1
    po = PoFile(p, lines, entries, encoding, bom, eol, raw)
    _check_plural_forms(po)
    return po


def _validate(entry: PoEntry, path: Path) -> None:
    first = min(f.first for f in entry.fields.values()) + 1
    if "msgid" not in entry.fields:
        raise FormatError("a message without msgid", path=path, line=first)
    plural = "msgid_plural" in entry.fields
    if plural and not any(k.startswith("msgstr[") for k in entry.fields):
        raise FormatError("a plural message (msgid_plural) needs msgstr[0], msgstr[1], ...", path=path, line=first)
    if not plural and "msgstr" not in entry.fields:
        raise FormatError("a message without msgstr", path=path, line=first)
    if plural and "msgstr" in entry.fields:
        raise FormatError("a plural message must use msgstr[N], not msgstr", path=path, line=entry.fields["msgstr"].first + 1)


#: gettext's number of plural forms when the header does not say (English: "n != 1").
DEFAULT_NPLURALS = 2
_NPLURALS = re.compile(r"\bnplurals\s*=\s*([^;\s]*)")


def _plural_forms(po: PoFile) -> tuple[int, int | None]:
    """The number of plural forms the header allows, and the 1-based line of its Plural-Forms
    field (None when the header has no usable one and gettext's default applies)."""
    match = _NPLURALS.search(_header_value(po, "Plural-Forms"))
    if match is None or not match.group(1).isdigit():
        return DEFAULT_NPLURALS, None  # none, or a template's `nplurals=INTEGER` not filled in yet
    header = next(e.fields["msgstr"] for e in po.entries if e.is_header)
    line = next((i for i in range(header.first, header.last + 1) if "plural-forms" in po.lines[i].lower()),
                header.first) + 1
    n = int(match.group(1))
    if n < 1:
        raise FormatError(f"Plural-Forms: nplurals={n}; a language has at least one plural form", path=po.path,
                          line=line)
    return n, line


def _check_plural_forms(po: PoFile) -> None:
    """Refuse a msgstr[N] beyond the plural forms the header allows, or out of order (as msgfmt does)."""
    nplurals, header_line = _plural_forms(po)
    allowed = "1 plural form (msgstr[0] only)" if nplurals == 1 else (
        f"{nplurals} plural forms (msgstr[0] to msgstr[{nplurals - 1}])")
    for e in po.entries:
        if e.obsolete:
            continue
        expected = 0
        for key, f in e.fields.items():
            if not key.startswith("msgstr["):
                continue
            if int(key[7:-1]) >= nplurals:
                why = (f"the header's Plural-Forms (line {header_line}) allows {allowed}" if header_line is not None
                       else f"with no Plural-Forms in the header, gettext allows {allowed}")
                raise FormatError(f"{key}: {why}", path=po.path, line=f.first + 1)
            if key != f"msgstr[{expected}]":
                raise FormatError(f"{key} where msgstr[{expected}] was expected (plural forms are numbered 0, 1, 2, "
                                  "... in order)", path=po.path, line=f.first + 1)
            expected += 1


def _header_value(po: PoFile, name: str) -> str:
    for e in po.entries:
        if e.is_header:
            for line in e.fields["msgstr"].value.split("\n"):
                key, _, value = line.partition(":")
                if key.strip().lower() == name.lower():
                    return value.strip()
    return ""


@dataclass(eq=False)
class PoLayout:
    """What writing a PO file back needs."""

    po: PoFile
    slots: dict[str, tuple[PoEntry, int]]
    """Segment id to (message, plural form index)."""
    read_targets: dict[str, str]
    read_status: dict[str, SegmentStatus]


def _status(entry: PoEntry, text: str) -> SegmentStatus:
    if not text or "fuzzy" in entry.flags:
        return SegmentStatus.NEW
    return SegmentStatus.TRANSLATED


class PoFormat(Format):
    """gettext `.po` and `.pot` files."""

    name = "po"
    extensions = (".po", ".pot")

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        if path.suffix.lower() in cls.extensions:
            return True
        return re.search(rb'(?m)^msgid\s+"', head) is not None and re.search(rb'(?m)^msgstr(\[0\])?\s+"', head) is not None

    def read(self, path: Path) -> Corpus:
        po = parse_po(path)
        segments: list[Segment] = []
        slots: dict[str, tuple[PoEntry, int]] = {}
        read_targets: dict[str, str] = {}
        read_status: dict[str, SegmentStatus] = {}
        n = 0
        for entry in po.entries:
            if entry.obsolete or entry.is_header:
                continue
            n += 1
            note = "\n".join(c[2:].strip() for c in entry.comments if c.startswith(("#.", "# ")) and c[2:].strip())
            refs = [r for c in entry.comments if c.startswith("#:") for r in c[2:].split()]
            forms = entry.msgstrs()
            plural = "msgid_plural" in entry.fields
            statuses = [_status(entry, f.value) for f in forms]
            for i, form in enumerate(forms):
                seg_id = f"{n}[{i}]" if plural else str(n)
                # A language with one plural form (Indonesian, Japanese, ...) says every count
                # with msgstr[0]: its source is the English plural, which holds the count.
                source = entry.msgid if (i == 0 and len(forms) > 1) or not plural else entry.fields["msgid_plural"].value
                extra: dict[str, object] = {"flags": list(entry.flags), "line": entry.fields["msgid"].first + 1}
                if "msgctxt" in entry.fields:
                    extra["msgctxt"] = entry.fields["msgctxt"].value
                if refs:
                    extra["references"] = refs
                segments.append(Segment(seg_id, source, form.value, statuses[i], note, extra))
                slots[seg_id] = (entry, i)
                read_targets[seg_id] = form.value
                read_status[seg_id] = statuses[i]
        language = _header_value(po, "Language")
        return Corpus(
            segments,
            source_lang=_header_value(po, "X-Source-Language") or "en",
            target_lang=language or "id",
            format=self.name,
            path=path,
            name=path.name,
            layout=PoLayout(po, slots, read_targets, read_status),
        )

    def render_target(
        self,
        corpus: Corpus,
        targets: dict[str, str],
        statuses: dict[str, SegmentStatus] | None = None,
    ) -> dict[str, bytes]:
        layout: PoLayout = corpus.layout
        po = layout.po
        statuses = statuses or {}
        # (first line, end line exclusive, replacement lines without terminators)
        edits: list[tuple[int, int, list[str]]] = []
        by_entry: dict[int, list[str]] = {}
        for seg_id, (entry, _form) in layout.slots.items():
            by_entry.setdefault(id(entry), []).append(seg_id)
        for seg_ids in by_entry.values():
            entry = layout.slots[seg_ids[0]][0]
            forms = entry.msgstrs()
            for seg_id in seg_ids:
                text = targets.get(seg_id, layout.read_targets[seg_id])
                if text != layout.read_targets[seg_id]:
                    f = forms[layout.slots[seg_id][1]]
                    edits.append((f.first, f.last + 1, format_field(f.keyword, text)))
            before = [layout.read_status[s] for s in seg_ids]
            after = [statuses.get(s, layout.read_status[s]) for s in seg_ids]
            if before == after:
                continue
            fuzzy = any(s is SegmentStatus.NEW for s in after) and any(
                targets.get(s, layout.read_targets[s]) for s in seg_ids)
            flags = [f for f in entry.flags if f != "fuzzy"]
            if fuzzy:
                flags = ["fuzzy", *flags]
            if flags == entry.flags:
                continue
            new_line = ["#, " + ", ".join(flags)] if flags else []
            if entry.flags_line is not None:
                edits.append((entry.flags_line, entry.flags_line + 1, new_line))
            else:
                anchor = entry.previous_line if entry.previous_line is not None else min(
                    f.first for f in entry.fields.values())
                edits.append((anchor, anchor, new_line))
        lines = list(po.lines)
        for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            eol = po.eol
            if end > start and not lines[end - 1].endswith(("\n", "\r")):
                # The last line of the file had no terminator: keep it that way.
                lines[start:end] = [line + eol for line in new[:-1]] + new[-1:]
            else:
                lines[start:end] = [line + eol for line in new]
        if not edits:
            return {po.path.name: po.raw}
        text = "".join(lines)
        try:
            data = text.encode(po.encoding)
        except UnicodeEncodeError as exc:
            raise FormatError(f"the corrected text has {exc.object[exc.start]!r}, which the file's charset "
                              f"{po.encoding} cannot hold; convert the file to UTF-8", path=po.path) from None
        return {po.path.name: po.bom + data}


__all__ = ["PoFormat", "PoFile", "parse_po", "format_field"]
