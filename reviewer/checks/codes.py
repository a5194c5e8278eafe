"""The inline-codes check: placeholders (⟦1⟧…⟦/1⟧, ⟦2/⟧) of the source that the target lost,
added, left unclosed or crossed. Silent on segments without placeholders, which its trigger
(a placeholder on either side, found by a search for the literal ⟦ that starts each) lets go
without calling it."""

from __future__ import annotations

from collections.abc import Iterator

from reviewer.checks.base import Check, SegmentContext, Trigger, register
from reviewer.core.model import Flag, Severity, Side
from reviewer.formats.inline import PLACEHOLDER_RE, code_problems, has_placeholders


@register
class InlineCodes(Check):
    """Inline codes (tags from XLIFF, TMX) must survive translation: each code of the source
    once in the target, paired codes opened, closed and nested properly."""

    id = "inline-codes"
    category = "fluency/markup"
    severity = Severity.MAJOR
    description = "inline codes (⟦1⟧…⟦/1⟧, ⟦2/⟧) missing from the target, added, unclosed or crossed"
    variants = ((Severity.MAJOR, "accuracy/omission", "a code the target lost (flagged in the source)"),)
    trigger = Trigger(source=PLACEHOLDER_RE, target=PLACEHOLDER_RE)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        if not ctx.target.strip() or not (has_placeholders(ctx.source) or has_placeholders(ctx.target)):
            return
        for problem in code_problems(ctx.source, ctx.target):
            side = Side.SOURCE if problem.side == "source" else Side.TARGET
            category = "accuracy/omission" if side is Side.SOURCE else self.category
            yield self.flag(ctx, problem.start, problem.end, problem.message, side=side, category=category)
