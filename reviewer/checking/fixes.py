"""Applying suggestions: non-overlapping replacements, repeated until the text is stable, each
rule once per place."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reviewer.core.model import Flag, Side
from reviewer.core.text import visible

MAX_PASSES = 5


@dataclass
class FixResult:
    """A corrected text and the flags whose suggestions made it."""

    text: str
    applied: list[Flag]


def apply_suggestions(text: str, flags: Iterable[Flag]) -> FixResult:
    """Apply every target-side suggestion that does not overlap an earlier, longer one."""
    candidates = sorted(
        (f for f in flags if f.side is Side.TARGET and f.suggestion is not None and text[f.start:f.end] == f.text),
        key=lambda f: (f.start, -(f.end - f.start)),
    )
    chosen: list[Flag] = []
    last_end = -1
    for f in candidates:
        if f.start < last_end or (chosen and f.start == chosen[-1].start):
            continue
        if f.suggestion == f.text:
            continue
        chosen.append(f)
        last_end = max(last_end, f.end)
    out = text
    for f in reversed(chosen):
        out = out[: f.start] + (f.suggestion or "") + out[f.end :]
    return FixResult(out, chosen)


def fix_until_stable(
    text: str,
    check: Callable[[str], list[Flag]],
    accept: Callable[[Flag], bool],
) -> FixResult:
    """Check, apply accepted suggestions, and check again, until nothing changes (at most
    MAX_PASSES rounds, so rules that undo each other cannot loop forever). A rule is applied
    once per place: its flags inside text that it wrote itself are left alone, so a replacement
    that its own pattern matches again ("di kantor" → "menjabat di kantor") is applied once,
    not once per round. Other rules may still fix that text, and the rule may fix text next to it."""
    applied: list[Flag] = []
    current = text
    written: list[tuple[str, int, int]] = []  # (rule, start, end): text a rule wrote, in `current`
    for _ in range(MAX_PASSES):
        flags = [f for f in check(current) if accept(f) and not _inside_own(f, written)]
        result = apply_suggestions(current, flags)
        if not result.applied or result.text == current:
            break
        applied.extend(result.applied)
        written = [(rule, _moved(start, result.applied, False), _moved(end, result.applied, True))
                   for rule, start, end in written] + _placed(result.applied)
        current = result.text
    return FixResult(current, applied)


def _inside_own(f: Flag, written: list[tuple[str, int, int]]) -> bool:
    """Whether a flag lies inside text that its own rule wrote."""
    return any(rule == f.rule and start <= f.start and f.end <= end for rule, start, end in written)


def _placed(chosen: list[Flag]) -> list[tuple[str, int, int]]:
    """Where the suggestions `apply_suggestions` applied (in order) stand in the new text."""
    out, shift = [], 0
    for f in chosen:
        start = f.start + shift
        out.append((f.rule, start, start + len(f.suggestion or "")))
        shift += len(f.suggestion or "") - (f.end - f.start)
    return out


def _moved(pos: int, chosen: list[Flag], is_end: bool) -> int:
    """A position of the old text in the new one, after the replacements `chosen` (in order).
    A position inside a replaced span goes to the replacement's start (a start) or end (an
    end), so text written there stays inside the span it bounds."""
    shift = 0
    for f in chosen:
        new_length = len(f.suggestion or "")
        if f.end < pos or (f.end == pos and (not is_end or f.start < pos)):
            shift += new_length - (f.end - f.start)
        elif f.start < pos < f.end:
            return f.start + shift + (new_length if is_end else 0)
        else:
            break
    return pos + shift


def _decode(data: bytes) -> str:
    """Text of a written file for display: UTF-16 by its byte-order mark, else UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig", errors="replace")


def unified_diff(before: bytes, after: bytes, name: str) -> str:
    """A unified diff of two versions of a file, decoded as UTF-8 (BOM dropped)."""
    a = _decode(before).splitlines(keepends=True)
    b = _decode(after).splitlines(keepends=True)
    lines = list(difflib.unified_diff(a, b, fromfile=f"a/{name}", tofile=f"b/{name}"))
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def segment_diff(name: str, changes: Iterable[tuple[str, str, str]]) -> str:
    """The changes to a target file as a reviewer reads them: one hunk per segment that
    changed, headed by its id, with the segment's text before and after (made visible, one
    line each: a paragraph of the file holds several segments, and its whole line would hide
    what changed). `changes` are (segment id, before, after)."""
    out = [f"--- a/{visible(name, one_line=True)}\n", f"+++ b/{visible(name, one_line=True)}\n"]
    for seg_id, before, after in changes:
        out.append(f"@@ segment {visible(seg_id, one_line=True)} @@\n")
        out.append(f"-{visible(before, one_line=True)}\n")
        out.append(f"+{visible(after, one_line=True)}\n")
    return "".join(out) if len(out) > 2 else ""
