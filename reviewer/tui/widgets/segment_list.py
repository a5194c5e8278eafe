"""The segment list: a scroll view that draws only the visible rows, so 100,000 segments cost
no more than 30."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment as RichSegment
from rich.style import Style as RichStyle
from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reviewer.core.text import visible
from reviewer.tui.render import truncate_plain
from reviewer.tui.widgets.status import HERE_STYLE

#: The widest the id column gets (cells): a longer id is cut with "…" (the source pane's border
#: shows more of it), so that a crafted id cannot push the rest of the row off the screen.
ID_WIDTH_MAX = 32


def shown_id(seg_id: str) -> str:
    """A segment id as the list shows it: one line, no control character, at most ID_WIDTH_MAX cells."""
    shown = visible(seg_id, one_line=True)
    if cell_len(shown) <= ID_WIDTH_MAX:
        return shown
    return set_cell_size(shown, ID_WIDTH_MAX - 1) + "…"


@dataclass(frozen=True)
class RowInfo:
    """What a row shows about its segment."""

    status: str
    """One character: ✓ approved, ✎ edited, · untouched."""
    counts: tuple[int, int, int]
    """Open flags: critical, major, minor (-1 while not yet checked)."""
    preview: str
    """The current target."""
    here: str = ""
    """Who else is on this segment: their names, made visible and cut by the screen; "" for nobody."""


class SegmentList(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows of segments; the cursor row is the current segment. The screen moves the cursor
    (its keys work wherever the focus is); a click moves it too, and every move is told with a
    Highlighted message."""

    DEFAULT_CSS = """
    SegmentList { background: $surface; overflow-x: hidden; overflow-y: auto; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)  # watch_cursor repaints what changed

    class Highlighted(Message):
        """The cursor moved to a segment."""

        def __init__(self, segment_id: str) -> None:
            super().__init__()
            self.segment_id = segment_id

        def can_replace(self, message: Message) -> bool:
            # Held-down keys move the cursor faster than the screen can show segments: only
            # the last move waiting in the queue needs showing.
            return isinstance(message, SegmentList.Highlighted)

    def __init__(self, info: Callable[[str], RowInfo], *, id: str | None = None) -> None:
        """`info` tells what a row shows about its segment (asked only for rows on screen)."""
        super().__init__(id=id)
        self.info = info
        self.rows: list[str] = []
        self._id_width = 6
        # Drawn rows by (segment, width, cursor, focus): moving the cursor redraws two rows.
        self._lines: dict[tuple[str, int, bool, bool], Strip] = {}

    # -- data ------------------------------------------------------------------------------
    def set_rows(self, rows: list[str], keep: str | None = None) -> None:
        """Show these segment ids; keep the cursor on `keep` when it is among them."""
        self.rows = rows
        self._lines.clear()
        # Ids are mostly short and plain ASCII: measure only the others the slow way.
        self._id_width = max((len(r) if r.isascii() and r.isprintable() and len(r) <= ID_WIDTH_MAX
                              else cell_len(shown_id(r)) for r in rows), default=4)
        self.virtual_size = Size(0, len(rows))
        target = rows.index(keep) if keep is not None and keep in rows else 0
        self.cursor = min(target, max(0, len(rows) - 1))
        self.refresh()

    @property
    def current(self) -> str | None:
        """Segment id under the cursor."""
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def visible_ids(self) -> set[str]:
        """Ids of the rows on screen."""
        top = int(self.scroll_offset.y)
        return set(self.rows[top:top + self.size.height + 1])

    def refresh_row(self, seg_id: str) -> None:
        """Repaint one segment's row if it is visible."""
        self.invalidate()

    def invalidate(self) -> None:
        """Forget drawn rows (their data changed) and repaint."""
        self._lines.clear()
        self.refresh()

    # -- movement --------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, value: int) -> None:
        if not self.rows:
            return
        before = self.scroll_offset.y
        self.scroll_to_region(Region(0, value, 1, 1), animate=False, force=True, immediate=True)
        if self.scroll_offset.y == before:
            # Only the old and the new cursor rows change.
            for row in (old, value):
                self.refresh(Region(0, row - int(self.scroll_offset.y), self.size.width, 1))
        else:
            self.refresh()
        self.post_message(self.Highlighted(self.rows[value]))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def move_by(self, delta: int) -> None:
        """Move the cursor by `delta` rows (clamped to the list)."""
        self.cursor += delta

    def page(self, direction: int) -> None:
        """Move the cursor a screenful up (-1) or down (1)."""
        self.cursor += direction * max(1, self.size.height - 1)

    def jump(self, where: int) -> None:
        """Put the cursor on row `where` (-1: the last)."""
        self.cursor = where if where >= 0 else len(self.rows) - 1

    def move_to(self, seg_id: str) -> bool:
        """Put the cursor on a segment; False when it is not in the list."""
        try:
            self.cursor = self.rows.index(seg_id)
        except ValueError:
            return False
        return True

    def on_click(self, event: events.Click) -> None:
        row = event.y + int(self.scroll_offset.y)
        if 0 <= row < len(self.rows):
            self.cursor = row

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, len(self.rows))
        if self.rows:
            # A smaller list (a resize, the first layout) must still show the cursor's row.
            self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, force=True, immediate=True)

    # -- drawing ---------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = y + int(self.scroll_offset.y)
        base = self.rich_style
        if row >= len(self.rows):
            return Strip.blank(width, base)
        seg_id = self.rows[row]
        key = (seg_id, width, row == self.cursor, self.has_focus)
        cached = self._lines.get(key)
        if cached is not None:
            return cached.apply_offsets(0, row)
        info = self.info(seg_id)
        crit, major, minor = info.counts
        parts: list[Content | tuple[str, str] | str] = [
            (set_cell_size(shown_id(seg_id), self._id_width) + " ", "dim"),
            (info.status + " ", "bold #5fd787" if info.status == "✓" else ("#87afff" if info.status == "✎" else "dim")),
        ]
        if crit < 0:
            parts.append(("  …   ", "dim"))
        else:
            parts.append((f"{crit:>1}" if crit else " ", "bold #ff5f87"))
            parts.append((f"{major:>2}" if major else "  ", "#ffaf5f"))
            parts.append((f"{minor:>2}" if minor else "  ", "#d7d75f"))
            parts.append(" ")
        used = self._id_width + 1 + 2 + 6
        if info.here:  # another reviewer is on this segment: their names before the text
            parts.append((f"◆{info.here} ", HERE_STYLE))
            used += cell_len(info.here) + 2
        parts.append(truncate_plain(info.preview, max(0, width - used)))
        line = Content.assemble(*parts)
        segments = line.render_segments()
        strip = Strip(segments).crop_extend(0, width, base)
        if row == self.cursor:
            highlight = RichStyle(reverse=True) if not self.has_focus else RichStyle(bgcolor="#264f78", bold=True)
            strip = Strip([RichSegment(s.text, (s.style or RichStyle()) + highlight, s.control) for s in strip])
        if info.counts[0] >= 0:  # rows still waiting for their checks are drawn again later
            if len(self._lines) > 2000:
                self._lines.clear()
            self._lines[key] = strip
        return strip.apply_offsets(0, row)
