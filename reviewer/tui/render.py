"""Turning untrusted text into Textual `Content`: never markup, control characters shown as
placeholders, flagged spans highlighted by severity. Every string from a file (segment text,
ids, rule ids, categories, messages, paths) reaches the screen through `plain`, `plain_line`
or `highlighted`."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from reviewer.core.model import Flag, Severity, Side
from reviewer.core.text import visible, visible_with_offsets
from reviewer.formats.inline import PLACEHOLDER_RE

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold #ffffff on #a3123a",
    Severity.MAJOR: "#101010 on #f08a3c",
    Severity.MINOR: "#101010 on #d9c95c",
}
SEVERITY_MARK = {Severity.CRITICAL: "C", Severity.MAJOR: "M", Severity.MINOR: "m"}
SEVERITY_FG = {Severity.CRITICAL: "bold #ff5f87", Severity.MAJOR: "#ffaf5f", Severity.MINOR: "#d7d75f"}
SELECTED_STYLE = "underline bold"
SOURCE_TERM_STYLE = "#101010 on #7fbfff"
ANNOTATION_STYLE = "#101010 on #b48ee0"


def plain(text: str) -> Content:
    """Untrusted text as literal content (no markup, control characters as placeholders); its
    line breaks stay (segment text)."""
    return Content(visible(text))


def plain_line(text: str) -> Content:
    """An untrusted one-line string (a segment id, rule id, category, path, file name or
    message) as literal content that cannot break a line either (see `visible`)."""
    return Content(visible(text, one_line=True))


CODE_STYLE = "bold #5fd7ff on #1c3a4a"


def highlighted(text: str, spans: Iterable[tuple[int, int, str]]) -> Content:
    """Literal content with styles on code-point spans of the original text; inline-code
    placeholders (⟦1⟧, ⟦/1⟧, ⟦2/⟧) are shown as tokens."""
    shown, offsets = visible_with_offsets(text)
    content = Content(shown)
    if "⟦" in text:
        for m in PLACEHOLDER_RE.finditer(text):
            content = content.stylize(CODE_STYLE, offsets[m.start()], offsets[m.end()])
    n = len(text)
    for start, end, style in spans:
        start, end = max(0, min(start, n)), max(0, min(end, n))
        if end > start:
            content = content.stylize(style, offsets[start], offsets[end])
        elif start == end and start < n:
            content = content.stylize(style, offsets[start], offsets[start] + 1)
    return content


def flag_spans(flags: Iterable[Flag], side: Side, selected: Flag | None = None) -> list[tuple[int, int, str]]:
    """Highlight spans for the flags on one side; minor first so worse ones paint on top."""
    order = sorted((f for f in flags if f.side is side), key=lambda f: f.severity.rank)
    spans = [(f.start, f.end, SEVERITY_STYLE[f.severity]) for f in order]
    if selected is not None and selected.side is side:
        spans.append((selected.start, selected.end, SELECTED_STYLE))
    return spans


def truncate_plain(text: str, width: int) -> str:
    """One-line preview of untrusted text."""
    shown = visible(text).replace("\n", " ⏎ ")
    return shown if len(shown) <= width else shown[: max(0, width - 1)] + "…"
