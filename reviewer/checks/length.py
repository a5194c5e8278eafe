"""A missing translation (`empty-target`), and an unusual length ratio between target and source: a translation far shorter than its source
has usually lost something (a clause, a sentence, the second half of a string cut off), one far
longer has usually gained something (a repeated or invented passage, a note the MT engine added,
the source pasted in beside the translation).

Indonesian runs about 1.1–1.3 times the length of its English source in characters; the limits
are set far from that (below 0.4 or above 2.5 times by default) and only sources of some length
are measured, since a two-word label can change length freely ("OK" → "Oke", "Log" → "Catatan").
All three are settings: `reviewer check --set length-ratio.max=2 --set length-ratio.min-length=40`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewer.checks.base import NONBLANK, Check, SegmentContext, Trigger, register
from reviewer.core.hints import is_untranslated
from reviewer.core.model import Flag, Severity

#: A text that is not blank (a C-level search, shared with the other checks that need one).
_TEXT = NONBLANK


class _Blank:
    """A trigger's pattern (see `Searchable`) that fires on a blank text (empty, or white space
    only): `fullmatch` of white space, a C-level call (\\s is `str.isspace`)."""

    pattern = "a blank text"
    search = staticmethod(re.compile(r"\s*").fullmatch)


@register
class EmptyTarget(Check):
    """A source with text and a target with none: the translation is missing (a line the MT
    dropped, a string left empty). Not where the format itself says the segment is not
    translated yet (a PO entry with an empty msgstr, an XLIFF target in state "new", a string
    missing from an Android or ARB target file: `core.hints.is_untranslated`), which is work to
    do rather than an error."""

    id = "empty-target"
    category = "accuracy/untranslated"
    severity = Severity.MAJOR
    description = "a source with text and an empty target (not where the format marks the segment untranslated)"
    trigger = Trigger(source=_TEXT, target=_Blank(), both=True)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        if ctx.target.strip() or not ctx.source.strip() or is_untranslated(ctx.hints):
            return
        yield self.flag(ctx, 0, len(ctx.target), "the target is empty: the source has text to translate")


@register
class LengthRatio(Check):
    """The target's length far from the source's (in characters, white space at the ends left out)."""

    id = "length-ratio"
    category = "accuracy/omission"
    severity = Severity.MINOR
    description = "a target far shorter or longer than its source (limits: --set length-ratio.min/max/min-length)"
    variants = ((Severity.MINOR, "accuracy/addition", "a target far longer than its source"),)
    trigger = Trigger(source=_TEXT, target=_TEXT, both=True)
    options = {
        "min": "the shortest target allowed, as a share of the source's length (default 0.4)",
        "max": "the longest target allowed, as a multiple of the source's length (default 2.5)",
        "min-length": "sources shorter than this many characters are not measured (default 20)",
    }

    min = 0.4
    max = 2.5
    min_length = 20.0

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        source, target = ctx.source.strip(), ctx.target.strip()
        if len(source) < self.min_length or not target:
            return
        ratio = len(target) / len(source)
        if self.min <= ratio <= self.max:
            return
        start = ctx.target.index(target)
        if ratio < self.min:
            yield self.flag(ctx, start, start + len(target),
                            f"the target is {ratio:.2f} times as long as the source ({len(target)} characters for "
                            f"{len(source)}; below {self.min:g}): has something been left out?")
        else:
            yield self.flag(ctx, start, start + len(target),
                            f"the target is {ratio:.2f} times as long as the source ({len(target)} characters for "
                            f"{len(source)}; above {self.max:g}): has something been added?",
                            category="accuracy/addition")


__all__ = ["EmptyTarget", "LengthRatio"]
