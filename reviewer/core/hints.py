"""What a segment's file format says about how to check it, as one short string that travels
with the segment's texts (to worker processes, into the repeat memo's key).

Three things are said today:

- **Which placeholder syntaxes apply.** A PO entry's format flags (`c-format`,
  `python-format`, `python-brace-format`, `qt-format`, `sh-format`, `no-c-format`, ...) say
  how the program fills it in: in a `python-brace-format` string `{name}` is a placeholder and
  `%s` plain text, in a `c-format` one the other way round. Android resource strings are
  formatted printf-style (none at all with `formatted="false"`); ARB and i18next messages use
  braces and ICU. Text without any of this (a document, a line pair, a TSV) gets every syntax
  `core.spans` knows: the sane default for plain text.
- **Which scope a text belongs to**: a PO entry's `msgctxt`. Translators give the same English
  a context exactly where it is to be rendered differently ("Stopped" as a printer's state and
  as a print job's), so the consistency checks compare renderings within one scope.

The placeholder kinds named here are `core.spans.SpanKind` values; only the placeholder
checks read them: every span stays code for the word checks and the glossary, whatever the
syntax (a `{category}` in a C string is still no word to translate)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

#: The span kinds that are placeholders, which a format's syntax chooses among (markup,
#: entities, links and options are compared in every format).
PLACEHOLDER_KINDS = frozenset({"printf", "qt", "strftime", "brace", "icu", "shell"})

_PRINTF = frozenset({"printf"})
_BRACES = frozenset({"brace", "icu"})
#: gettext's format flags (`<name>-format`) and the placeholder kinds each means.
FORMAT_FLAGS: dict[str, frozenset[str]] = {
    **{name: _PRINTF for name in (
        "c", "objc", "python", "perl", "php", "gcc-internal", "gfc-internal", "awk", "object-pascal",
        "lua", "tcl", "elisp", "librep", "java-printf", "ruby", "pascal")},
    "sh": frozenset({"shell"}),
    "python-brace": frozenset({"brace"}),
    "perl-brace": frozenset({"brace"}),
    "c++": frozenset({"brace"}),
    "csharp": frozenset({"brace"}),
    "java": _BRACES,
    "javascript": frozenset({"printf", "brace"}),
    "qt": frozenset({"qt"}),
    "qt-plural": frozenset({"qt"}),
    "kde": frozenset({"qt"}),
    "kde-kuit": frozenset({"qt"}),
    "boost": frozenset({"printf", "qt"}),
}

_SEP = "\x1f"


def encode(kinds: frozenset[str] | None = None, scope: str = "", accelerators: bool = True,
           untranslated: bool = False) -> str:
    """The hints string for a set of placeholder kinds (None: the default, every kind), a scope,
    whether the format marks keyboard accelerators (`_Open`, `&File`) in its strings, and
    whether the segment is untranslated by its format's own account (`is_untranslated`)."""
    parts = ["u=1"] if untranslated else []
    if kinds is not None:
        parts.append("k=" + ",".join(sorted(kinds)))
    if scope:
        parts.append("s=" + scope.replace(_SEP, " "))
    if not accelerators:
        parts.append("a=0")
    return _SEP.join(parts)


def po_kinds(flags: list[str] | tuple[str, ...]) -> frozenset[str] | None:
    """The placeholder kinds a PO entry's flags call for: the union of its `X-format` flags'
    kinds; every kind but those of its `no-X-format` flags when it has only those; None (every
    kind) when it has neither."""
    wanted: set[str] = set()
    unwanted: set[str] = set()
    for flag in flags:
        if not flag.endswith("-format"):
            continue
        negative = flag.startswith("no-")
        kinds = FORMAT_FLAGS.get(flag[3 if negative else 0:-len("-format")])
        if kinds is not None:
            (unwanted if negative else wanted).update(kinds)
    if wanted:
        return frozenset(wanted - unwanted)
    return frozenset(PLACEHOLDER_KINDS - unwanted) if unwanted else None


def segment_hints(extra: dict[str, Any] | None, untranslated: bool = False) -> str:
    """The hints of a segment, from the data its format keeps in `Segment.extra` ("" for a
    segment whose format says nothing: every syntax, no scope). `untranslated`: the format says
    the segment is not translated yet (a PO entry with an empty msgstr, an XLIFF target in state
    "new", an Android or ARB string missing from the target file: status NEW), so an empty
    target there is work to do, not a translation that lost its text."""
    hints = _format_hints(extra) if extra else ""
    if untranslated:
        return "u=1" + _SEP + hints if hints else "u=1"
    return hints


def _format_hints(extra: dict[str, Any]) -> str:
    kind = extra.get("kind")
    if "flags" in extra or "msgctxt" in extra:  # a PO entry
        return _po_hints(tuple(extra.get("flags") or ()), str(extra.get("msgctxt") or ""))
    # Android and Flutter/i18next strings mark no accelerators: `_` and `&` there are text.
    if kind in ("string", "string-array", "plurals"):  # an Android resource
        return encode(frozenset() if extra.get("formatted") == "false" else _PRINTF, accelerators=False)
    if kind in ("arb", "i18next"):
        return encode(_BRACES, accelerators=False)
    return ""


def is_untranslated(hints: str) -> bool:
    """Whether the segment is untranslated by its format's own account (`segment_hints`)."""
    return hints.startswith("u=1")


def is_fuzzy(extra: dict[str, Any] | None) -> bool:
    """Whether a segment is marked fuzzy (a PO entry whose translation was made for an older
    source text, or guessed by a tool, and not yet confirmed by a translator)."""
    return bool(extra) and "fuzzy" in (extra.get("flags") or ())  # type: ignore[union-attr]


@lru_cache(maxsize=1024)
def _po_hints(flags: tuple[str, ...], msgctxt: str) -> str:
    return encode(po_kinds(flags), msgctxt)


@lru_cache(maxsize=1024)
def _decode(hints: str) -> tuple[frozenset[str] | None, str]:
    kinds: frozenset[str] | None = None
    scope = ""
    for part in hints.split(_SEP):
        if part.startswith("k="):
            kinds = frozenset(k for k in part[2:].split(",") if k)
        elif part.startswith("s="):
            scope = part[2:]
    return kinds, scope


def placeholder_kinds(hints: str) -> frozenset[str]:
    """The placeholder kinds that apply under these hints (every kind when they say nothing)."""
    if not hints:
        return PLACEHOLDER_KINDS
    kinds = _decode(hints)[0]
    return PLACEHOLDER_KINDS if kinds is None else kinds


def accelerators(hints: str) -> bool:
    """Whether the format marks keyboard accelerators (`_Open`, `&File`: GTK, Qt, Windows)."""
    return not hints or "a=0" not in hints.split(_SEP)


def scope(hints: str) -> str:
    """The scope (a PO `msgctxt`) under these hints; "" when none."""
    return _decode(hints)[1] if hints else ""


__all__ = ["FORMAT_FLAGS", "PLACEHOLDER_KINDS", "accelerators", "encode", "is_fuzzy", "is_untranslated", "placeholder_kinds",
           "po_kinds", "scope", "segment_hints"]
