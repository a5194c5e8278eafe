"""How `reviewer check` writes its results: text for a terminal (excerpts, colours, wrapping, the
summary), JSON, JSON lines and CSV. Untrusted text is shown with `visible` (never as markup or
terminal escapes); the JSON line is written directly with one encoder (`_Renderer`)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import shutil
import textwrap
from typing import IO, Any

from reviewer.checking.engine import SegmentResult
from reviewer.core.hints import is_fuzzy
from reviewer.core.model import Flag, Severity, Side
from reviewer.core.text import visible
from reviewer.review.events import csv_cell


class _Style:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled else text


_SEV_COLOUR = {Severity.CRITICAL: "1;35", Severity.MAJOR: "1;31", Severity.MINOR: "33"}


def _excerpt(text: str, start: int, end: int, style: _Style, width: int = 70) -> str:
    """The text around a span, with the span marked (ANSI reverse, or ▶ ◀ without colour;
    ⟦ ⟧ would clash with inline-code placeholders); `width` characters of context on each side."""
    left_from = max(0, start - width)
    right_to = min(len(text), end + width)
    left = ("…" if left_from else "") + visible(text[left_from:start], one_line=True)
    mid = visible(text[start:end], one_line=True) or "‸"
    if len(mid) > 2 * width + 8:  # a span longer than the line: its start and its end
        mid = mid[:width] + "…" + mid[-width:]
    right = visible(text[end:right_to], one_line=True) + ("…" if right_to < len(text) else "")
    marked = style(mid, "7") if style.enabled else f"▶{mid}◀"
    return left + marked + right


def terminal_width(out: IO[str]) -> int | None:
    """The columns to fit `check`'s text output into: the terminal's when writing to one, or
    `COLUMNS` when set; None (lines as long as they are) for a pipe or a file."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) >= 40:
        return int(columns)
    if out.isatty():
        return max(40, shutil.get_terminal_size().columns)
    return None


def _wrapped(text: str, width: int | None, indent: str) -> str:
    """A line of text, wrapped to `width` with `indent` on every line (not wrapped: None)."""
    if width is None:
        return indent + text
    return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False)


def _print_summary(summary: dict[str, Any], out: IO[str], style: _Style) -> None:
    sev = summary["by_severity"]
    out.write(
        style(
            _wrapped(f"{summary['segments']} segments, {summary['flagged_segments']} flagged, {summary['flags']} flags "
                     f"(critical {sev['critical']}, major {sev['major']}, minor {sev['minor']})",
                     terminal_width(out), ""),
            "1",
        )
        + "\n"
    )
    if summary.get("flagged_fuzzy_segments"):
        out.write(_wrapped(f"{summary['flagged_fuzzy_segments']} of the flagged segments are fuzzy (of "
                           f"{summary['fuzzy_segments']} fuzzy segments): their translation was made for an older "
                           "source text; --no-include-fuzzy leaves them out", terminal_width(out), "") + "\n")
    if summary["by_rule"]:
        top = ", ".join(f"{visible(rule, one_line=True)} {n}" for rule, n in list(summary["by_rule"].items())[:8])
        out.write(_wrapped(f"by rule: {top}", terminal_width(out), "") + "\n")


# ---------------------------------------------------------------------------------------------
# Commands


def _fail_threshold(value: str) -> Severity | None:
    return None if value == "never" else Severity.parse(value)


def _print_result(r: SegmentResult, out: IO[str], style: _Style, width: int | None = None) -> None:
    """One flagged segment in `check`'s text output; with `width`, every line fits in it (the
    excerpt's context is cut to fit, messages are wrapped)."""
    fuzzy = " (fuzzy)" if is_fuzzy(r.segment.extra) else ""
    out.write(style(f"── {visible(r.segment.id, one_line=True)}{fuzzy} ", "1") + "\n")
    for f in r.flags:
        text = r.segment.target if f.side is Side.TARGET else r.segment.source
        side = "" if f.side is Side.TARGET else " (in the source)"
        head = f"  {style(f.severity.value, _SEV_COLOUR[f.severity])}  {visible(f.rule, one_line=True)}"
        tail = f"[{visible(f.category, one_line=True)}]{side}"
        plain = len(f"  {f.severity.value}  {visible(f.rule, one_line=True)}  {tail}")
        out.write(f"{head}\n    {tail}\n" if width is not None and plain > width else f"{head}  {tail}\n")
        context, start, end = 70, f.start, f.end
        if width is not None:  # the span, two marks, two ellipses and the context on both sides
            span = len(visible(text[start:end], one_line=True)) or 1
            context = max(8, (width - 4 - span - 4) // 2)
        out.write(f"    {_excerpt(text, start, end, style, context)}\n")
        out.write(_wrapped(visible(f.message, one_line=True), width, "    ") + "\n")
        if f.suggestion is not None:
            shown = visible(f.suggestion, one_line=True) if f.suggestion else "(delete)"
            out.write(f"    → {style(shown, '32')}\n")


#: `json.dumps(..., ensure_ascii=False)` builds an encoder per call; one is enough.
_JSON = json.JSONEncoder(ensure_ascii=False)


#: Characters that `json` writes as they are but a terminal takes for commands: DEL and the C1
#: controls (U+009B is a one-character escape sequence introducer).
_RAW_CONTROLS = re.compile("[\x7f-\x9f]")


def _json(value: Any) -> str:
    """JSON text with DEL and C1 controls escaped too (`json` escapes only those below U+0020):
    the same data, and nothing in it that a terminal would run."""
    text = _JSON.encode(value)
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if not text.isascii() or "\x7f" in text \
        else text


class _Renderer:
    """The output text of one result in a `check --format` (picklable: it runs in the workers).
    None: nothing to write (a segment without flags, in jsonl and text)."""

    def __init__(self, fmt: str, colour: bool, width: int | None = None,
                 demoted: dict[str, str] | None = None) -> None:
        self.fmt = fmt
        self.colour = colour
        self.width = width
        self.demoted = demoted or {}
        """Rule → `minor` or `hidden`: the learning policy's demotions (`_Demoted`)."""

    def __call__(self, r: SegmentResult) -> str | None:
        if self.demoted:
            r = SegmentResult(r.segment, _demote_flags(r.flags, self.demoted))
        if self.fmt == "json":
            return _json(r.to_dict())
        if not r.flags:
            return None
        if self.fmt == "jsonl":
            return self._jsonl_line(r)
        if self.fmt == "csv":
            return _csv_rows(r)
        buffer = io.StringIO()
        _print_result(r, buffer, _Style(self.colour), self.width)
        return buffer.getvalue()

    @staticmethod
    def _jsonl_line(r: SegmentResult) -> str:
        """`_json(r.to_dict())` and a line break, written out piece by piece: the same text (the
        same keys in the same order, the separators and string escapes of `_JSON`), without
        building a dict per flag for the encoder to walk (about a third of the cost of a line)."""
        s = json.encoder.encode_basestring  # (what `_JSON` uses with ensure_ascii=False: the C one)
        flags = ", ".join([f'{{"rule": {s(f.rule)}, "category": {s(f.category)}, "severity": {s(f.severity.value)}, '
                           f'"side": {s(f.side.value)}, "start": {f.start}, "end": {f.end}, "text": {s(f.text)}, '
                           f'"message": {s(f.message)}, '
                           f'"suggestion": {"null" if f.suggestion is None else s(f.suggestion)}}}' for f in r.flags])
        seg = r.segment
        fuzzy = ', "fuzzy": true' if seg.extra and is_fuzzy(seg.extra) else ""
        text = f'{{"id": {s(seg.id)}, "source": {s(seg.source)}, "target": {s(seg.target)}, "flags": [{flags}]{fuzzy}}}'
        # (as `_json` does: each character it escapes is a control, which `isprintable`, a test
        # in C about twice as fast as the search, finds in text that is not ASCII)
        if ("\x7f" in text) if text.isascii() else not text.isprintable():
            text = _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        return text + "\n"


#: The columns of `check --format csv`, one row per flag.
CSV_FLAG_COLUMNS = ("segment", "rule", "severity", "category", "side", "start", "end", "text", "message", "suggestion",
                    "fuzzy")


def _csv_rows(r: SegmentResult) -> str:
    """A result's flags as CSV rows (cells that a spreadsheet would run as a formula neutralised)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    fuzzy = "fuzzy" if is_fuzzy(r.segment.extra) else ""
    for f in r.flags:
        # (text from the files made visible: a CSV printed to a terminal runs no escape sequence)
        writer.writerow([csv_cell(v) for v in (visible(r.segment.id), f.rule, f.severity.value, f.category,
                                               f.side.value, f.start, f.end, visible(f.text), visible(f.message),
                                               None if f.suggestion is None else visible(f.suggestion), fuzzy)])
    return buffer.getvalue()


def _demote_flags(flags: list[Flag], demoted: dict[str, str]) -> list[Flag]:
    """Flags with the demoted rules' shown as minor and the hidden rules' left out."""
    kept = []
    for f in flags:
        to = demoted.get(f.rule)
        if to == "hidden":
            continue
        kept.append(dataclasses.replace(f, severity=Severity.MINOR) if to == "minor" else f)
    return kept

