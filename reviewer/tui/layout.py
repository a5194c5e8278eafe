"""How the main screen shares its rows between the source pane, the target pane and the flags
panel. Pure arithmetic on row counts (borders included), so it is tested without a terminal;
the screen measures the texts and applies the heights."""

from __future__ import annotations

from collections.abc import Sequence

#: Rows the segment list keeps on a narrow terminal, however long the segment (issue 17: at
#: 80×24 the list shows at least 8 rows).
LIST_ROWS_MIN = 8

#: Side-by-side panes (wide terminals) are at least this tall (five lines of text), so that
#: moving between short segments repaints the texts without laying the screen out again.
WIDE_PANE_MIN = 7


def share_rows(budget: int, needs: Sequence[int], least: Sequence[int], order: Sequence[int]) -> list[int]:
    """Heights for boxes stacked in `budget` rows. Each box gets what it `needs` when all fit;
    otherwise each first gets its `least` (or its need, if smaller), and the rows left are
    dealt one at a time, in `order` (indexes, most important first), to the boxes still short,
    so that every box shows some of its text and scrolls the rest inside its frame."""
    if sum(needs) <= budget:
        return list(needs)
    heights = [min(need, low) for need, low in zip(needs, least)]
    left = budget - sum(heights)
    while left > 0:
        dealt = False
        for i in order:
            if left > 0 and heights[i] < needs[i]:
                heights[i] += 1
                left -= 1
                dealt = True
        if not dealt:
            break
    return heights


def side_by_side_height(needs: Sequence[int], current: int, sticky: int, most: int) -> int:
    """One height for panes side by side (so that they end on the same row): the taller text's
    need, at least WIDE_PANE_MIN and at most `most`. A pane already taller than needed keeps
    its height up to `sticky` rows, so moving on to a shorter text does not lay the screen out
    again."""
    need = max(needs, default=WIDE_PANE_MIN)
    if need <= current <= max(sticky, WIDE_PANE_MIN) and current <= most:
        return current
    return max(WIDE_PANE_MIN, min(need, most))
