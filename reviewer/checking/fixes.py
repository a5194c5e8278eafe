"""Applying suggestions: non-overlapping replacements, repeated until the text is stable."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reviewer.core.model import Flag, Side

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
    MAX_PASSES rounds, so two rules that undo each other cannot loop forever)."""
    applied: list[Flag] = []
    current = text
    for _ in range(MAX_PASSES):
        result = apply_suggestions(current, [f for f in check(current) if accept(f)])
        if not result.applied or result.text == current:
            break
        applied.extend(result.applied)
        current = result.text
    return FixResult(current, applied)


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
