"""Loading glossaries from YAML: every entry validated, errors naming the file, line and entry."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import regex

from reviewer.core.errors import GlossaryError
from reviewer.core.model import Severity, validate_category
from reviewer.core.paths import open_regular
from reviewer.core.text import TERM_WORD_RE
from reviewer.core.yamlsafe import Located, load_located
from reviewer.glossary.model import (
    Glossary,
    LazyPattern,
    Rendering,
    Rule,
    Term,
    nfc,
    source_term_pattern,
    target_term_pattern,
)
from reviewer.lang import id as lang_id

_TOP_KEYS = {"source_lang", "target_lang", "name", "description", "terms", "do_not_translate", "rules"}
_TERM_KEYS = {"id", "source", "target", "forbidden", "severity", "note", "case_sensitive", "affixes", "category"}
_DNT_KEYS = {"term", "case_sensitive", "severity", "note"}
_RULE_KEYS = {"id", "pattern", "when_source", "unless_source", "replace", "category", "severity", "message", "ignore_case"}


def _rendering(text: str, *, case_sensitive: bool, affixes: bool, target_lang: str, where: str,
               path: Path, line: int) -> Rendering:
    if len(text) >= 2 and text.startswith("/") and text.endswith("/"):
        try:
            pattern = regex.compile(text[1:-1], 0 if case_sensitive else regex.IGNORECASE)
        except regex.error as exc:
            raise GlossaryError(f"{where}: invalid regex {text!r}: {exc}", path=path, line=line) from None
        return Rendering(text, pattern, True)
    if not text.strip():
        raise GlossaryError(f"{where}: empty rendering", path=path, line=line)
    pattern = target_term_pattern(text, case_sensitive=case_sensitive, affixes=affixes, target_lang=target_lang)
    plain = None if affixes else _plain_words(nfc(text), case_sensitive)
    words, hyphens = plain if plain is not None else (None, ())
    affixed = None
    if (affixes and not case_sensitive and target_lang.split("-")[0].lower() == "id" and text.isascii()
            and text.isalpha()):
        affixed = lang_id.affixed_stems(text)
    return Rendering(text, pattern, False, LazyPattern(pattern.pattern, regex.IGNORECASE), words, hyphens, affixed)


def _plain_words(text: str, case_sensitive: bool) -> tuple[tuple[str, ...], tuple[bool, ...]] | None:
    """The words of a rendering that is nothing but words separated by white space or single
    hyphens (Kim Jong-un), and which gaps are hyphens; None for anything else."""
    text = text.strip()
    found = list(TERM_WORD_RE.finditer(text))
    if not found or found[0].start() != 0 or found[-1].end() != len(text):
        return None
    gaps = [text[a.end():b.start()] for a, b in zip(found, found[1:])]
    if not all(gap == "-" or (gap and gap.isspace()) for gap in gaps):
        return None
    words = [m.group() for m in found]
    hyphens = tuple(gap == "-" for gap in gaps) if "-" in gaps else ()
    return tuple(words if case_sensitive else (w.casefold() for w in words)), hyphens


# ---------------------------------------------------------------------------------------------
# Loading and validation


class _Validator:
    """Type checks that name the file, line, entry and problem."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str, line: int) -> GlossaryError:
        return GlossaryError(f"{where}: {problem}", path=self.path, line=line)

    def mapping(self, node: Located, where: str, allowed: set[str]) -> dict[str, Located]:
        if not isinstance(node.value, dict):
            raise self.fail(where, f"expected a mapping, got {_kind(node.value)}", node.line)
        for key, value in node.value.items():
            if key not in allowed:
                raise self.fail(where, f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})", value.line)
        return node.value

    def string(self, node: Located, where: str, *, allow_empty: bool = False) -> str:
        if not isinstance(node.value, str) or isinstance(node.value, bool):
            if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
                return str(node.value)
            raise self.fail(where, f"expected a string, got {_kind(node.value)}", node.line)
        if not allow_empty and not node.value.strip():
            raise self.fail(where, "must not be empty", node.line)
        return node.value

    def boolean(self, node: Located, where: str) -> bool:
        if not isinstance(node.value, bool):
            raise self.fail(where, f"expected true or false, got {_kind(node.value)}", node.line)
        return node.value

    def strings(self, node: Located, where: str) -> list[tuple[str, int]]:
        if isinstance(node.value, (str, int, float)) and not isinstance(node.value, bool):
            return [(self.string(node, where), node.line)]
        if not isinstance(node.value, list):
            raise self.fail(where, f"expected a string or a list of strings, got {_kind(node.value)}", node.line)
        return [(self.string(item, f"{where}[{i}]"), item.line) for i, item in enumerate(node.value)]

    def severity(self, node: Located | None, where: str, default: Severity) -> Severity:
        if node is None:
            return default
        try:
            return Severity.parse(self.string(node, where + ".severity"))
        except ValueError as exc:
            raise self.fail(where + ".severity", str(exc), node.line) from None

    def category(self, node: Located | None, where: str, default: str) -> str:
        if node is None:
            return default
        try:
            return validate_category(self.string(node, where + ".category"))
        except ValueError as exc:
            raise self.fail(where + ".category", str(exc), node.line) from None

    def regex(self, node: Located, where: str, rule_id: str, flags: int = 0) -> Any:
        text = self.string(node, where)
        try:
            return regex.compile(text, flags)
        except regex.error as exc:
            raise self.fail(where, f"rule {rule_id!r}: invalid regex {text!r}: {exc}", node.line) from None


def _kind(value: object) -> str:
    if value is None:
        return "nothing (null)"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def _slug(text: str) -> str:
    return regex.sub(r"[^\p{L}\p{N}]+", "-", text.lower()).strip("-") or "term"


def load_glossary(path: str | Path) -> Glossary:
    """Load and validate one glossary file."""
    p = Path(path)
    if not p.exists():
        raise GlossaryError("glossary not found", path=p)
    if p.is_dir():
        raise GlossaryError("glossary is a directory, expected a YAML file", path=p)
    with open_regular(p, "glossary", GlossaryError) as fh:  # a FIFO or a device would never end
        data = fh.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError("invalid UTF-8; save the glossary as UTF-8", path=p,
                            line=data.count(b"\n", 0, exc.start) + 1) from None
    return parse_glossary(text, p)


def parse_glossary(text: str, path: Path) -> Glossary:
    """Validate glossary YAML text (see the README for the schema)."""
    root = load_located(text, path, GlossaryError)
    if root is None:
        raise GlossaryError("glossary is empty", path=path)
    v = _Validator(path)
    top = v.mapping(root, "glossary", _TOP_KEYS)
    source_lang = v.string(top["source_lang"], "source_lang") if "source_lang" in top else "en"
    target_lang = v.string(top["target_lang"], "target_lang") if "target_lang" in top else "id"
    glossary = Glossary(source_lang, target_lang, paths=[str(path)])
    ids: dict[str, int] = {}

    def claim(entry_id: str, where: str, line: int) -> None:
        if entry_id in ids:
            raise v.fail(where, f"duplicate id {entry_id!r} (first on line {ids[entry_id]})", line)
        ids[entry_id] = line

    terms_node = top.get("terms")
    if terms_node is not None and terms_node.value is not None:
        if not isinstance(terms_node.value, list):
            raise v.fail("terms", f"expected a list, got {_kind(terms_node.value)}", terms_node.line)
        for i, node in enumerate(terms_node.value):
            term = _parse_term(v, node, i, target_lang, path)
            claim(term.id, f"terms[{i}]", node.line)
            glossary.terms.append(term)

    dnt_node = top.get("do_not_translate")
    if dnt_node is not None and dnt_node.value is not None:
        if not isinstance(dnt_node.value, list):
            raise v.fail("do_not_translate", f"expected a list, got {_kind(dnt_node.value)}", dnt_node.line)
        for i, node in enumerate(dnt_node.value):
            term = _parse_dnt(v, node, i, target_lang, path)
            claim(term.id, f"do_not_translate[{i}]", node.line)
            glossary.terms.append(term)

    rules_node = top.get("rules")
    if rules_node is not None and rules_node.value is not None:
        if not isinstance(rules_node.value, list):
            raise v.fail("rules", f"expected a list, got {_kind(rules_node.value)}", rules_node.line)
        for i, node in enumerate(rules_node.value):
            rule = _parse_rule(v, node, i, path)
            claim(rule.id, f"rules[{i}]", node.line)
            glossary.rules.append(rule)
    return glossary


def _parse_term(v: _Validator, node: Located, i: int, target_lang: str, path: Path) -> Term:
    where = f"terms[{i}]"
    m = v.mapping(node, where, _TERM_KEYS)
    if "source" not in m:
        raise v.fail(where, "missing required key 'source'", node.line)
    source = v.string(m["source"], where + ".source")
    where = f"terms[{i}] ({source!r})"
    case_sensitive = v.boolean(m["case_sensitive"], where + ".case_sensitive") if "case_sensitive" in m else False
    affixes = v.boolean(m["affixes"], where + ".affixes") if "affixes" in m else False
    targets = [
        _rendering(t, case_sensitive=case_sensitive, affixes=affixes, target_lang=target_lang,
                   where=where + ".target", path=path, line=line)
        for t, line in (v.strings(m["target"], where + ".target") if "target" in m else [])
    ]
    forbidden = [
        _rendering(t, case_sensitive=case_sensitive, affixes=affixes, target_lang=target_lang,
                   where=where + ".forbidden", path=path, line=line)
        for t, line in (v.strings(m["forbidden"], where + ".forbidden") if "forbidden" in m else [])
    ]
    if not targets and not forbidden:
        raise v.fail(where, "needs a 'target' or a 'forbidden' list", node.line)
    term_id = v.string(m["id"], where + ".id") if "id" in m else f"term:{_slug(source)}"
    return Term(
        id=term_id,
        source=source,
        targets=tuple(targets),
        forbidden=tuple(forbidden),
        severity=v.severity(m.get("severity"), where, Severity.MAJOR),
        category=v.category(m.get("category"), where, "terminology"),
        note=v.string(m["note"], where + ".note", allow_empty=True) if "note" in m else "",
        case_sensitive=case_sensitive,
        source_pattern=source_term_pattern(source, case_sensitive),
        line=node.line,
        path=str(path),
    )


def _parse_dnt(v: _Validator, node: Located, i: int, target_lang: str, path: Path) -> Term:
    where = f"do_not_translate[{i}]"
    if isinstance(node.value, dict):
        m = v.mapping(node, where, _DNT_KEYS)
        if "term" not in m:
            raise v.fail(where, "missing required key 'term'", node.line)
        text = v.string(m["term"], where + ".term")
        case_sensitive = v.boolean(m["case_sensitive"], where + ".case_sensitive") if "case_sensitive" in m else True
        severity = v.severity(m.get("severity"), where, Severity.MAJOR)
        note = v.string(m["note"], where + ".note", allow_empty=True) if "note" in m else ""
    else:
        text = v.string(node, where)
        case_sensitive, severity, note = True, Severity.MAJOR, ""
    rendering = _rendering(text, case_sensitive=case_sensitive, affixes=False, target_lang=target_lang,
                           where=where, path=path, line=node.line)
    return Term(
        id=f"dnt:{_slug(text)}",
        source=text,
        targets=(rendering,),
        forbidden=(),
        severity=severity,
        category="terminology",
        note=note or f"{text!r} is a name: keep it exactly as written",
        case_sensitive=case_sensitive,
        # A name is recognised in the source in any case; the target must then match exactly.
        source_pattern=source_term_pattern(text, False),
        line=node.line,
        path=str(path),
        do_not_translate=True,
        near=target_term_pattern(text, case_sensitive=False, affixes=False, target_lang=target_lang),
    )


def _parse_rule(v: _Validator, node: Located, i: int, path: Path) -> Rule:
    where = f"rules[{i}]"
    m = v.mapping(node, where, _RULE_KEYS)
    if "id" not in m:
        raise v.fail(where, "missing required key 'id'", node.line)
    rule_id = v.string(m["id"], where + ".id")
    where = f"rules[{i}] ({rule_id!r})"
    if "pattern" not in m:
        raise v.fail(where, "missing required key 'pattern'", node.line)
    flags = regex.IGNORECASE if ("ignore_case" in m and v.boolean(m["ignore_case"], where + ".ignore_case")) else 0
    pattern = v.regex(m["pattern"], where + ".pattern", rule_id, flags)
    replace = v.string(m["replace"], where + ".replace", allow_empty=True) if "replace" in m else None
    if replace is not None:
        problem = _template_problem(pattern, replace)
        if problem:
            raise v.fail(where + ".replace", f"rule {rule_id!r}: invalid replacement {replace!r}: {problem}",
                         m["replace"].line)
    return Rule(
        id=rule_id,
        pattern=pattern,
        when_source=v.regex(m["when_source"], where + ".when_source", rule_id) if "when_source" in m else None,
        unless_source=v.regex(m["unless_source"], where + ".unless_source", rule_id) if "unless_source" in m else None,
        replace=replace,
        category=v.category(m.get("category"), where, "accuracy/mistranslation"),
        severity=v.severity(m.get("severity"), where, Severity.MAJOR),
        message=v.string(m["message"], where + ".message") if "message" in m else f"matches glossary rule {rule_id}",
        line=node.line,
        path=str(path),
    )


def _template_problem(pattern: Any, template: str) -> str | None:
    """Why a replacement template cannot be used with the pattern, or None when it can."""
    for m in regex.finditer(r"\\(?:(\d+)|g<([^>]*)>)", template):
        ref = m.group(1) or m.group(2)
        if ref.isdigit():
            if int(ref) > pattern.groups:
                return f"group {ref} does not exist (the pattern has {pattern.groups})"
        elif ref not in pattern.groupindex:
            return f"group {ref!r} does not exist"
    return None


def load_glossaries(paths: Iterable[str | Path]) -> Glossary:
    """Load and merge several glossary files."""
    merged = Glossary()
    first = True
    for p in paths:
        g = load_glossary(p)
        if first:
            merged.source_lang, merged.target_lang = g.source_lang, g.target_lang
            first = False
        merged.merge(g)
    return merged


# ---------------------------------------------------------------------------------------------
# Matching

