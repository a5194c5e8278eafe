"""The glossary model: terms, their renderings, regex rules, and the patterns that find them."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import regex

from reviewer.core.errors import GlossaryError
from reviewer.core.model import Severity
from reviewer.lang import id as lang_id

_W = r"[\p{L}\p{M}\p{N}]"


@dataclass(frozen=True)
class Rendering:
    """A target-side string or /regex/ with its matcher."""

    display: str
    """As written in the glossary."""
    pattern: Any
    """The `regex` pattern (compiled on first use for plain strings)."""
    is_regex: bool
    loose: Any = None
    """The same pattern ignoring case (for a capital at the start of a sentence)."""
    words: tuple[str, ...] | None = None
    """For plain words (no affixes, no symbols): the words to find among the target's words,
    case-folded unless the term is case-sensitive. Matching them needs no regex at all."""
    hyphens: tuple[bool, ...] = ()
    """For each gap between `words`: True where the rendering joins them with a hyphen
    (Jong-un) rather than white space. Empty when every gap is white space."""
    affixed: tuple[str, ...] | None = None
    """For a one-word Indonesian rendering with affixes, in ASCII and ignoring case: its stems
    (`lang.id.affixed_stems`), so that whether it is present is decided among the target's
    words (`lang.id.is_affixed_form`) without compiling its pattern."""


@dataclass(frozen=True)
class Term:
    """A source term with its required and forbidden target renderings."""

    id: str
    source: str
    targets: tuple[Rendering, ...]
    """Accepted renderings; the first is the suggestion. Empty for forbid-only entries."""
    forbidden: tuple[Rendering, ...]
    severity: Severity
    category: str
    note: str
    case_sensitive: bool
    source_pattern: Any
    line: int
    path: str
    do_not_translate: bool = False
    near: Any = None
    """For do-not-translate names: the name in any case (to offer the exact spelling)."""


@dataclass(frozen=True)
class Rule:
    """A bilingual regex rule run on the target."""

    id: str
    pattern: Any
    when_source: Any | None
    unless_source: Any | None
    replace: str | None
    category: str
    severity: Severity
    message: str
    line: int
    path: str


@dataclass
class Glossary:
    """One or more glossary files merged."""

    source_lang: str = "en"
    target_lang: str = "id"
    terms: list[Term] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    def merge(self, other: Glossary) -> None:
        """Add another glossary's entries (ids must stay unique)."""
        seen: dict[str, Term | Rule] = {t.id: t for t in self.terms}
        seen.update({r.id: r for r in self.rules})
        entries: list[Term | Rule] = [*other.terms, *other.rules]
        for entry in entries:
            if entry.id in seen:
                first = seen[entry.id]
                raise GlossaryError(
                    f"rule id {entry.id!r} is already defined in {first.path}:{first.line}",
                    path=entry.path,
                    line=entry.line,
                )
            seen[entry.id] = entry
        self.terms.extend(other.terms)
        self.rules.extend(other.rules)
        self.paths.extend(other.paths)


# ---------------------------------------------------------------------------------------------
# Patterns


class LazyPattern:
    """A regex compiled on first use. A 10,000-term glossary has tens of thousands of patterns,
    most of which never meet a segment that needs them: compiling them all up front costs
    seconds and hundreds of megabytes per process."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: Any = None

    def compiled(self) -> Any:
        """The compiled `regex` pattern."""
        if self._compiled is None:
            self._compiled = regex.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)


def nfc(text: str) -> str:
    """NFC form used for all glossary comparisons."""
    return unicodedata.normalize("NFC", text)


def offset_map(original: str, normalized: str) -> Callable[[int], int]:
    """Map offsets in `normalized` (the NFC form of `original`) back to offsets in `original`."""
    if original == normalized:
        return lambda i: i
    prefix_lengths = [len(unicodedata.normalize("NFC", original[:i])) for i in range(len(original) + 1)]

    def back(i: int) -> int:
        return min(bisect.bisect_left(prefix_lengths, i), len(original))

    return back


_WORD_FIRST = regex.compile(_W)
_WORD_LAST = regex.compile(_W + "$")


def source_term_pattern(term: str, case_sensitive: bool) -> LazyPattern:
    """English-side matcher: whole words, optional plural or possessive ending. (`re.escape`
    escapes what `regex` needs escaped too, and is many times faster on a large glossary.)"""
    body = r"\s+".join(re.escape(part) for part in nfc(term).split())
    lead = rf"(?<!{_W})" if _WORD_FIRST.match(term[:1] or " ") else ""
    tail = rf"(?:s|es|'s|’s)?(?!{_W})" if _WORD_LAST.search(term) else ""
    return LazyPattern(lead + body + tail, 0 if case_sensitive else regex.IGNORECASE)


def target_term_pattern(term: str, *, case_sensitive: bool, affixes: bool, target_lang: str) -> LazyPattern:
    """Target-side matcher. For Indonesian: clitics (-nya, -lah, -kah, -pun) may follow,
    hyphenated reduplication matches, and with `affixes` prefixed/suffixed forms match too."""
    text = nfc(term)
    parts = text.split()
    indonesian = target_lang.split("-")[0].lower() == "id"
    if affixes and indonesian and len(parts) == 1 and regex.fullmatch(r"\p{L}+", text):
        body = lang_id.affixed_pattern(text)
    else:
        body = r"\s+".join(re.escape(part) for part in parts)
    lead = rf"(?<!{_W})" if _WORD_FIRST.match(text[:1] or " ") else ""
    tail = ""
    if _WORD_LAST.search(text):
        tail = (lang_id.CLITIC_RE + "?" if indonesian else "") + rf"(?!{_W})"
    return LazyPattern(lead + "(?:" + body + ")" + tail, 0 if case_sensitive else regex.IGNORECASE)

