"""Convert term lists from other tools into the YAML glossary: CSV (a header row naming the
columns) and TBX 2008 ("martif", ISO 30042:2008) termbases.

CSV columns are found by their header: `source` and `target` (also `term`/`translation`,
`src`/`tgt`), with optional `forbidden`, `note`, `severity`, `category`, `id`; or language codes
(`en`, `id`, `en-US`), of which `--source-lang`/`--target-lang` pick two (default: the first
two). A cell may hold alternatives separated by `|`. Comma, semicolon and tab delimiters are
recognised; the file may be UTF-8 (with or without BOM) or UTF-16 with a BOM.

TBX: every `<termEntry>` with terms in both languages becomes one entry per source term; the
target terms are the renderings, except those marked deprecated or superseded
(`administrativeStatus`/`normativeAuthorization`), which become `forbidden`. Definitions and
notes (entry, language and term level) become the note. Languages match case-insensitively,
and `en` matches `en-US` when the file has no plain `en`. The file is parsed safely and its
declared encoding (e.g. windows-1254) is honoured.

The result is written with `yaml.safe_dump` and loads with `reviewer.glossary.load_glossary`.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml

from reviewer.core.errors import GlossaryError, ReviewerError
from reviewer.core.model import Severity, validate_category
from reviewer.core.paths import open_regular
from reviewer.formats.xmlsafe import XML_LANG, Node, parse_xml

_SOURCE_HEADERS = {"source", "src", "term", "source term", "source_term", "english"}
_TARGET_HEADERS = {"target", "tgt", "translation", "target term", "target_term", "indonesian"}
_OTHER_HEADERS = {"forbidden", "note", "notes", "comment", "severity", "category", "id", "definition"}
_LANGUAGE_HEADER = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
_FORBIDDEN_STATUS = re.compile(r"deprecated|superseded|forbidden|notRecommended", re.IGNORECASE)


@dataclass
class ImportedTerm:
    """One glossary entry being built."""

    source: str
    targets: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    severity: str | None = None
    category: str | None = None
    id: str | None = None


@dataclass
class ImportResult:
    """A converted glossary and what was left out."""

    source_lang: str
    target_lang: str
    terms: list[ImportedTerm]
    skipped: int = 0
    """Entries without a usable source or target in the chosen languages."""
    languages: list[str] = field(default_factory=list)
    """Languages the input holds (TBX, or CSV language columns)."""

    def to_yaml_data(self) -> dict[str, Any]:
        """The glossary as plain data for `yaml.safe_dump`."""
        used: set[str] = set()
        entries: list[dict[str, Any]] = []
        for term in self.terms:
            entry: dict[str, Any] = {"source": term.source}
            if term.targets:
                entry["target"] = term.targets[0] if len(term.targets) == 1 else list(term.targets)
            if term.forbidden:
                entry["forbidden"] = list(term.forbidden)
            if term.severity:
                entry["severity"] = term.severity
            if term.category:
                entry["category"] = term.category
            if term.notes:
                entry["note"] = " / ".join(term.notes)
            wanted = term.id or f"term:{_slug(term.source)}"
            term_id, n = wanted, 1
            while term_id in used:
                n += 1
                term_id = f"{wanted}-{n}"
            used.add(term_id)
            if term.id or term_id != wanted:
                entry["id"] = term_id
            entries.append(entry)
        return {"source_lang": self.source_lang, "target_lang": self.target_lang, "terms": entries}

    def dump(self) -> str:
        """The glossary as YAML text."""
        return yaml.safe_dump(self.to_yaml_data(), allow_unicode=True, sort_keys=False, width=100)


def _slug(text: str) -> str:
    # Same rule as the glossary loader's default ids, so collisions are seen here first.
    return regex.sub(r"[^\p{L}\p{N}]+", "-", text.lower()).strip("-") or "term"


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _add(terms: dict[str, ImportedTerm], order: list[str], term: ImportedTerm) -> None:
    """Merge entries with the same source (case-insensitive): renderings and notes add up."""
    key = term.source.casefold()
    if key not in terms:
        terms[key] = term
        order.append(key)
        return
    have = terms[key]
    for attr in ("targets", "forbidden", "notes"):
        mine: list[str] = getattr(have, attr)
        mine.extend(v for v in getattr(term, attr) if v not in mine)
    have.severity = have.severity or term.severity
    have.category = have.category or term.category


def _language_match(wanted: str, available: Iterable[str]) -> str | None:
    available = list(available)
    folded = wanted.casefold().replace("_", "-")
    for lang in available:
        if lang.casefold().replace("_", "-") == folded:
            return lang
    primary = folded.split("-")[0]
    for lang in available:
        if lang.casefold().replace("_", "-").split("-")[0] == primary:
            return lang
    return None


def _pick_languages(langs: list[str], source_lang: str | None, target_lang: str | None,
                    path: Path) -> tuple[str, str]:
    if len(langs) < 2 and not (source_lang and target_lang):
        raise GlossaryError(f"found {len(langs)} language(s) ({', '.join(langs) or 'none'}); a glossary needs two",
                            path=path)
    source = _language_match(source_lang, langs) if source_lang else langs[0]
    if source is None:
        raise GlossaryError(f"no terms in the source language {source_lang!r} (the file has: {', '.join(langs)})",
                            path=path)
    rest = [lang for lang in langs if lang != source]
    target = _language_match(target_lang, rest) if target_lang else (rest[0] if rest else None)
    if target is None:
        raise GlossaryError(f"no terms in the target language {target_lang!r} (the file has: {', '.join(langs)})",
                            path=path)
    return source, target


# ---------------------------------------------------------------------------------------------
# CSV


def _decode_text(raw: bytes, path: Path) -> str:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(codec)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GlossaryError("not valid UTF-8; save the CSV as UTF-8", path=path,
                            line=raw.count(b"\n", 0, exc.start) + 1) from None


def import_csv(path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None) -> ImportResult:
    """Convert a CSV term list (see the module docstring)."""
    p = Path(path)
    with open_regular(p, "CSV file", GlossaryError) as fh:
        text = _decode_text(fh.read(), p)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows:
        raise GlossaryError("the CSV file is empty", path=p)
    header = [cell.strip() for cell in rows[0]]
    lowered = [cell.lower() for cell in header]
    named = {name: i for i, name in enumerate(lowered) if name}
    source_col = next((named[h] for h in lowered if h in _SOURCE_HEADERS), None)
    target_col = next((named[h] for h in lowered if h in _TARGET_HEADERS), None)
    col = {name: named.get(name) for name in ("forbidden", "note", "notes", "comment", "definition", "severity",
                                              "category", "id")}
    if source_col is not None and target_col is not None:
        result = ImportResult(source_lang or "en", target_lang or "id", [])
    else:
        # Language-code columns ("en", "id", "en-US"): "id" is Indonesian here, not an id column.
        col["id"] = None
        non_languages = (_SOURCE_HEADERS | _TARGET_HEADERS | _OTHER_HEADERS) - {"id"}
        languages = [h for h in header if h and _LANGUAGE_HEADER.fullmatch(h) and h.lower() not in non_languages]
        if len(languages) < 2:
            raise GlossaryError(
                "the first row must name the columns: source and target (or two language codes such as en and id); "
                f"found {', '.join(repr(h) for h in header)}", path=p, line=1)
        src, tgt = _pick_languages(languages, source_lang, target_lang, p)
        source_col, target_col = header.index(src), header.index(tgt)
        result = ImportResult(source_lang or src, target_lang or tgt, [], languages=languages)
    terms: dict[str, ImportedTerm] = {}
    order: list[str] = []
    for line_no, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(index: int | None, row: list[str] = row) -> str:
            return row[index].strip() if index is not None and index < len(row) else ""

        source = cell(source_col)
        targets = _split(cell(target_col))
        forbidden = _split(cell(col["forbidden"]))
        if not source or not (targets or forbidden):
            result.skipped += 1
            continue
        severity = cell(col["severity"]) or None
        if severity is not None:
            try:
                severity = Severity.parse(severity).value
            except ValueError as exc:
                raise GlossaryError(str(exc), path=p, line=line_no) from None
        category = cell(col["category"]) or None
        if category is not None:
            try:
                validate_category(category)
            except ValueError as exc:
                raise GlossaryError(str(exc), path=p, line=line_no) from None
        notes = [n for n in (cell(col["note"]), cell(col["notes"]), cell(col["comment"]), cell(col["definition"])) if n]
        _add(terms, order, ImportedTerm(source, targets, forbidden, notes, severity, category, cell(col["id"]) or None))
    result.terms = [terms[key] for key in order]
    return result


# ---------------------------------------------------------------------------------------------
# TBX


def _texts(nodes: Iterable[Node], *types: str) -> list[str]:
    out = []
    for node in nodes:
        if node.local == "note" or (node.local in ("descrip", "descripGrp") and node.get("type") in types):
            text = " ".join(node.text().split())
            if text:
                out.append(text)
    return out


def _term_records(lang_set: Node) -> list[tuple[str, bool, list[str]]]:
    """(term, deprecated, notes) for each term of a langSet (tig or ntig/termGrp)."""
    out: list[tuple[str, bool, list[str]]] = []
    for holder in lang_set.children():
        if holder.local not in ("tig", "ntig"):
            continue
        scope = [holder] + [c for c in holder.children() if c.local == "termGrp"]
        term = next((c for s in scope for c in s.children() if c.local == "term"), None)
        if term is None or not term.text().strip():
            continue
        status = " ".join(c.text() for s in scope for c in s.children()
                          if c.local == "termNote" and c.get("type") in ("administrativeStatus", "normativeAuthorization"))
        notes = _texts([c for s in scope for c in s.children()], "definition")
        out.append((" ".join(term.text().split()), bool(_FORBIDDEN_STATUS.search(status)), notes))
    return out


def import_tbx(path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None) -> ImportResult:
    """Convert a TBX 2008 (martif) termbase (see the module docstring)."""
    p = Path(path)
    try:
        doc = parse_xml(p)
    except ReviewerError as exc:
        raise GlossaryError(exc.message, path=p, line=exc.line) from None
    if doc.root.local not in ("martif", "tbx"):
        raise GlossaryError(f"expected a TBX <martif> root element, found <{doc.root.local}>", path=p, line=doc.root.line)
    entries = [n for n in doc.root.iter() if n.local == "termEntry" or n.local == "conceptEntry"]
    langs: list[str] = []
    for entry in entries:
        for lang_set in entry.children():
            if lang_set.local == "langSet":
                lang = lang_set.get(XML_LANG) or lang_set.get("lang") or ""
                if lang and lang not in langs:
                    langs.append(lang)
    src, tgt = _pick_languages(langs, source_lang, target_lang, p)
    result = ImportResult(source_lang or src, target_lang or tgt, [], languages=langs)
    terms: dict[str, ImportedTerm] = {}
    order: list[str] = []
    for entry in entries:
        entry_notes = _texts(entry.children(), "definition")
        by_lang: dict[str, list[Node]] = {}
        for lang_set in entry.children():
            if lang_set.local == "langSet":
                by_lang.setdefault(lang_set.get(XML_LANG) or lang_set.get("lang") or "", []).append(lang_set)
        sources = [r for ls in by_lang.get(src, []) for r in _term_records(ls)]
        targets = [r for ls in by_lang.get(tgt, []) for r in _term_records(ls)]
        lang_notes = [n for ls in by_lang.get(src, []) + by_lang.get(tgt, []) for n in _texts(ls.children(), "definition")]
        renderings = [t for t, deprecated, _ in targets if not deprecated]
        forbidden = [t for t, deprecated, _ in targets if deprecated]
        usable = [r for r in sources if not r[1]]
        if not usable or not (renderings or forbidden):
            result.skipped += 1
            continue
        for source, _deprecated, source_notes in usable:
            notes = list(dict.fromkeys(entry_notes + lang_notes + source_notes + [n for _, _, ns in targets for n in ns]))
            _add(terms, order, ImportedTerm(source, list(renderings), list(forbidden), notes))
    result.terms = [terms[key] for key in order]
    return result


def import_glossary(path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None,
                    kind: str | None = None) -> ImportResult:
    """Convert a CSV or TBX file, chosen by `kind` ("csv"/"tbx"), else by content and extension."""
    p = Path(path)
    if not p.exists():
        raise GlossaryError("file not found", path=p)
    if p.is_dir():
        raise GlossaryError("is a directory, expected a CSV or TBX file", path=p)
    if kind is None:
        with open_regular(p, "term file", GlossaryError) as fh:
            head = fh.read(2048)
        for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
            if head.startswith(bom):
                head = head[len(bom):].decode(codec, errors="ignore").encode("utf-8")
        looks_xml = head.lstrip(codecs.BOM_UTF8).lstrip().startswith(b"<")
        kind = "tbx" if looks_xml or p.suffix.lower() in (".tbx", ".xml") else "csv"
    if kind == "tbx":
        return import_tbx(p, source_lang=source_lang, target_lang=target_lang)
    if kind == "csv":
        return import_csv(p, source_lang=source_lang, target_lang=target_lang)
    raise GlossaryError(f"unknown glossary input kind {kind!r} (expected csv or tbx)", path=p)


__all__ = ["ImportResult", "ImportedTerm", "import_csv", "import_glossary", "import_tbx"]
