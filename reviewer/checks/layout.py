"""Checks of a segment's layout, as software strings need it kept: white space at either end,
doubled spaces, the punctuation that ends it (a colon before a field, an ellipsis on a menu item
that opens a dialog, a question), line breaks, and keyboard accelerators (`_Open`, `&File`).
Each has a trigger: ordinary sentences (no space at the ends, no double space, no line break, no
accelerator) cost one C-level search per pattern."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from reviewer.checks.base import Check, Contains, SegmentContext, Trigger, register
from reviewer.core.hints import accelerators
from reviewer.core.model import Flag, Severity, Side


class _Edges:
    """A trigger's pattern (see `Searchable`): white space at the start or the end of a text,
    found by looking at those two characters, not by a search through the text."""

    pattern = r"\A\s|\s\Z"

    def search(self, text: str, /) -> object:
        return True if text[:1].isspace() or text[-1:].isspace() else None


_EDGE = _Edges()
_LEADING = re.compile(r"\A\s+")
_TRAILING = re.compile(r"\s+\Z")


def _shown(space: str) -> str:
    """White space as a reader can see it in a message."""
    return repr(space) if space else "none"


@register
class EdgeWhitespace(Check):
    """White space at the start or the end of the target that differs from the source's (a
    leading space or a final line break a program relies on, lost or added; a space the source
    ends with, lost). Blanks the target adds at its very end, or before its final line break,
    are invisible and pass."""

    id = "edge-whitespace"
    category = "fluency/whitespace"
    severity = Severity.MINOR
    description = "white space at the start or end of the target that differs from the source's"
    trigger = Trigger(source=_EDGE, target=_EDGE)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        source, target = ctx.source, ctx.target
        if not source.strip() or not target.strip():
            return
        for pattern, where in ((_LEADING, "start"), (_TRAILING, "end")):
            s, t = pattern.search(source), pattern.search(target)
            s_text, t_text = s.group() if s else "", t.group() if t else ""
            if s_text == t_text:
                continue
            if where == "end" and not Counter(s_text) - Counter(t_text) and s_text.count("\n") == t_text.count("\n"):
                continue  # only blanks added at the end, which nobody sees: what the source ends with is kept
            if where == "start":
                start, end = (t.start(), t.end()) if t else (0, 0)
                suggestion = s_text + target[end:]
            else:
                start, end = (t.start(), t.end()) if t else (len(target), len(target))
                suggestion = target[:start] + s_text
            yield self.flag(ctx, start, end, f"white space at the {where}: the source has {_shown(s_text)}, "
                            f"the target {_shown(t_text)}", suggestion)


#: Two spaces or more between two other characters.
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
_DOUBLE_SPACE_TRIGGER = Contains("  ")


@register
class DoubleSpace(Check):
    """Two spaces in a row inside the target where the source has none (columns of help text,
    which the source lines up with spaces, are left alone)."""

    id = "double-space"
    category = "fluency/whitespace"
    severity = Severity.MINOR
    description = "two spaces in a row in the target where the source has none"
    trigger = Trigger(target=_DOUBLE_SPACE_TRIGGER)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        if _DOUBLE_SPACE.search(ctx.source):
            return  # the source lines things up with spaces too
        for m in _DOUBLE_SPACE.finditer(ctx.target):
            yield self.flag(ctx, m.start(), m.end(), "two spaces in a row", " ")


#: What a text ends with, for `EndPunctuation`: its last mark of those compared, closing quotes
#: and brackets and white space after it stepped over.
_END = re.compile(r"(\.\.\.|…|[:?!.])[\s\"'”’»)\]]*\Z")
_MARKS = {"...": "…", "…": "…", ":": ":", "?": "?", "!": "!", ".": "."}
#: Marks a program's text ends with for a reason: a colon before a field, an ellipsis on an item
#: that opens a dialog, a question. A full stop or an exclamation mark is a matter of style.
_MEANINGFUL = frozenset({":", "…", "?"})
_CLOSERS = "\"'”’»)]"


class _EndMark:
    """A trigger's pattern (see `Searchable`): a text that ends with a colon, an ellipsis or a
    question mark, closing quotes, brackets and white space after it stepped over (what
    `_END` finds, read from the end of the text instead of searched for)."""

    pattern = r"(?:\.\.\.|[…:?])[\s\"'”’»)\]]*\Z"

    def search(self, text: str, /) -> object:
        end = len(text)
        while end and (text[end - 1].isspace() or text[end - 1] in _CLOSERS):
            end -= 1
        if not end:
            return None
        return True if text[end - 1] in ":?…" or text.endswith("...", 0, end) else None


_END_TRIGGER = _EndMark()


@register
class EndPunctuation(Check):
    """The target ends with another of the marks that mean something in a program (a colon, an
    ellipsis, a question mark) than the source."""

    id = "end-punctuation"
    category = "fluency/punctuation"
    severity = Severity.MINOR
    description = "a final colon, ellipsis or question mark of the source missing from the target, or added"
    trigger = Trigger(source=_END_TRIGGER, target=_END_TRIGGER)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        source, target = ctx.source, ctx.target
        if not target.strip() or not source.strip():
            return
        s, t = _END.search(source), _END.search(target)
        s_mark = _MARKS[s.group(1)] if s else ""
        t_mark = _MARKS[t.group(1)] if t else ""
        if s_mark == t_mark or (s_mark not in _MEANINGFUL and t_mark not in _MEANINGFUL):
            return
        at = t.start(1) if t else len(target.rstrip())
        end = t.end(1) if t else at
        message = (f"the source ends with {s_mark!r}, the target with {t_mark!r}" if t_mark and s_mark
                   else f"the source ends with {s_mark!r}, the target does not" if s_mark
                   else f"the target ends with {t_mark!r}, the source does not")
        yield self.flag(ctx, at, end, message, s_mark.replace("…", s.group(1)) if s else "")


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


#: Text laid out in lines rather than wrapped: a line that starts indented (an option list, a
#: continued table cell) or holds a column gap. Each of its lines counts.
_LAID_OUT = re.compile(r"\n[ \t]+\S|\S[ \t]{3,}\S|\t")


def _paragraphs(text: str) -> int:
    """How many paragraph breaks (an empty line) a text has inside it."""
    return len(_PARAGRAPH_BREAK.findall(text.strip()))


@register
class LineBreaks(Check):
    """A different number of line breaks in the target than in the source (a program's message
    laid out in lines). Prose the source wraps in lines may be wrapped again in the target (the
    translation is longer or shorter): then only its paragraphs (empty lines) count; a table or
    an option list (indented lines, column gaps) keeps its lines."""

    id = "line-breaks"
    category = "fluency/whitespace"
    severity = Severity.MINOR
    description = "a different number of line breaks in the target than in the source"
    trigger = Trigger(source=re.compile("\n"), target=re.compile("\n"))

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        source, target = ctx.source, ctx.target
        if not target.strip():
            return
        s_count, t_count = source.strip().count("\n"), target.strip().count("\n")
        if s_count == t_count:
            return
        if s_count and t_count and _paragraphs(source) == _paragraphs(target) and not _LAID_OUT.search(source.strip()):
            return  # prose wrapped in lines, wrapped again for the translation's length: the same paragraphs
        message = f"the source has {s_count} line break(s) inside it, the target {t_count}"
        if t_count < s_count:
            yield self.flag(ctx, 0, len(source), message, side=Side.SOURCE)
        else:
            yield self.flag(ctx, 0, len(target), message)


#: A keyboard accelerator: an underscore (GTK) or an ampersand (Qt, Windows) before a letter or
#: digit, at the start of a word or inside it (B_uka, Sa&ve), not doubled (&& and __ are
#: literal). An identifier (snake_case) or a name (AT&T) looks the same: they are compared by
#: count, and kept as they are, they match.
_ACCELERATOR = re.compile(r"(?<![&_])([_&])(?=[^\W_])")
_ACCELERATOR_TRIGGER = Contains("_", "&")


@register
class Accelerator(Check):
    """A keyboard accelerator of the source (`_Open`, `&File`) lost in the target, or doubled."""

    id = "accelerator"
    category = "fluency/markup"
    severity = Severity.MINOR
    description = "a keyboard accelerator (_Open, &File) of the source lost in the target or doubled"
    trigger = Trigger(source=_ACCELERATOR_TRIGGER, target=_ACCELERATOR_TRIGGER)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        source, target = ctx.source, ctx.target
        if not target.strip() or (ctx.hints and not accelerators(ctx.hints)):
            return  # (untranslated; or a format without accelerators: Android, Flutter)
        s_marks = [m for m in _ACCELERATOR.finditer(source) if not _entity_at(source, m.start())]
        t_marks = [m for m in _ACCELERATOR.finditer(target) if not _entity_at(target, m.start())]
        if len(s_marks) != 1 or len(source) > 80:
            return  # accelerators mark short labels, one each; several marks are something else
        mark = s_marks[0].group(1)
        same = [m for m in t_marks if m.group(1) == mark]
        if not same:
            yield self.flag(ctx, s_marks[0].start(), s_marks[0].end() + 1,
                            f"the keyboard accelerator {mark!r} of the source is missing from the target",
                            side=Side.SOURCE)
        elif len(same) > 1:
            for m in same[1:]:
                yield self.flag(ctx, m.start(), m.end() + 1, f"a second keyboard accelerator {mark!r}", "")


def _entity_at(text: str, at: int) -> bool:
    """Whether an ampersand starts an XML/HTML entity (&amp;, &#39;), not an accelerator."""
    return text[at] == "&" and re.match(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]\w*);", text[at:]) is not None
