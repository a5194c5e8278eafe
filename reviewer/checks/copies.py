"""Checks of a target that copies its source instead of translating it: the whole segment left
as it is where the source is prose (`identical-to-source`), and an ALL-CAPS source whose
emphasis the target lost (`caps-lost`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewer.checks.base import Check, SegmentContext, Trigger, register
from reviewer.core.model import Flag, Severity
from reviewer.lang import en as lang_en

#: What is code, not language, in a string a program shows: placeholders (%s, %(name)d, {0},
#: ${var}), markup tags and entities, URLs and e-mail addresses, paths and file names, options
#: (-v, --all), and words with an inner capital, digit or underscore (identifiers).
_CODE = re.compile(
    r"%(?:\(\w+\)|\d+\$)?[-+#0]*\d*(?:\.\d+)?[a-zA-Z@]+|\$?\{[^{}]*\}|\$\w+|</?[A-Za-z][^<>]*>|&#?\w+;"
    r"|\b(?:https?|ftp)://\S+|\bwww\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:~|\.{1,2})?/[\w./-]+|\b[\w-]+\.[a-z]{2,4}\b"
    r"|(?<!\w)--?[\w-]+|\b\w*(?:[a-z][A-Z]|_|\d)\w*")
#: A word of prose: two letters or more, in lower case but maybe the first.
_PROSE_WORD = re.compile(r"(?<![\w'’-])[A-Za-z][a-z]+(?![\w'’-])")


def prose_words(text: str) -> list[str]:
    """The lower-case words of a text that are language, not code."""
    return _PROSE_WORD.findall(_CODE.sub(" ", text))


@register
class IdenticalToSource(Check):
    """The target is the source, unchanged, where the source is prose a reader needs translated
    (two words or more of running text, not all capitalised; not a name, a code, a command or a
    URL; an English sentence of four words or more holds a function word, or it is a quotation in another
    language). No trigger: the test is one comparison of the two texts, cheaper than any search."""

    id = "identical-to-source"
    category = "accuracy/untranslated"
    severity = Severity.MAJOR
    description = "the target is the source unchanged, where the source is prose to translate"

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        if ctx.source != ctx.target and ctx.source.strip() != ctx.target.strip():
            return
        words = prose_words(ctx.source)
        if ctx.source_lang == ctx.target_lang or len(words) < 2 or all(w[0].isupper() for w in words):
            return  # (every word capitalised: a name or a title, "GNU General Public License")
        if ctx.source_lang == "en" and len(words) >= 4 and lang_en.FUNCTION_WORDS.isdisjoint(w.lower() for w in words):
            return  # a sentence with no English function word is in another language, quoted as it is
        text = ctx.target.strip()
        start = ctx.target.index(text) if text else 0
        yield self.flag(ctx, start, start + len(text), "the target is the source, untranslated")


#: The longest source caps-lost judges: a warning, a button, a heading; a longer text in
#: capitals is rare, and sentences need not pay for the look.
CAPS_LONGEST = 100
_CAPS_WORD = re.compile(r"[A-Z]{2}")
_LOWER_RUN = re.compile(r"[a-z]{4}")
#: Where `_CODE` can match at all: one of these occurs in every match it has.
_CODE_HINT = re.compile(r"[%{$<&@/_\d]|\.[a-z]|(?<!\w)-|[a-z][A-Z]|www")


class _CapitalsOnly:
    """The trigger's pattern (see `Searchable`) of caps-lost: two capitals in a row, and no run
    of four lower-case letters unless the text holds something `_CODE` takes out (a lower-case
    run outside code is a text in ordinary case, which the check passes by)."""

    pattern = r"[A-Z]{2}"

    def search(self, text: str, /) -> object:
        if len(text) > CAPS_LONGEST and len(text.strip()) > CAPS_LONGEST:
            return None
        if _CAPS_WORD.search(text) is None:
            return None
        if _LOWER_RUN.search(text) is None or _CODE_HINT.search(text) is not None:
            return True
        return None
_LETTERS = re.compile(r"[^\W\d_]+")


@register
class CapsLost(Check):
    """The source is written in capitals (a warning, a heading, a button in capitals, of up to
    `CAPS_LONGEST` characters) and the target in ordinary case."""

    id = "caps-lost"
    category = "fluency/spelling"
    severity = Severity.MINOR
    description = "an ALL-CAPS source rendered in ordinary case (WARNING as Peringatan)"
    trigger = Trigger(source=_CapitalsOnly())

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        if len(ctx.source.strip()) > CAPS_LONGEST:
            return
        letters = "".join(_LETTERS.findall(_CODE.sub(" ", ctx.source)))
        if len(letters) < 4 or not letters.isupper():
            return
        target_words = [w for w in _LETTERS.findall(_CODE.sub(" ", ctx.target)) if len(w) > 1]
        if not target_words or any(w.isupper() for w in target_words):
            return  # untranslated, or capitals kept somewhere
        text = ctx.target.strip()
        start = ctx.target.index(text)
        yield self.flag(ctx, start, start + len(text), "the source is in capitals, the target is not", text.upper())
