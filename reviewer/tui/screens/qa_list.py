"""The QA list screen, as in Xbench: every open flag on one line with its words in context,
grouped by check under a header with the count. Keys sort it, jump to a segment, apply or
dismiss a flag, or dismiss it on every identical segment; the rows come from
`reviewer.review.qa`, and the list draws only the rows on screen, so 10,000 flags cost no more
than 20."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment as RichSegment
from rich.style import Style as RichStyle
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from reviewer.core.errors import ReviewerError
from reviewer.core.model import Severity, Side
from reviewer.core.text import visible
from reviewer.review.qa import QaGroup, QaList, QaRow, SortKey, identical_flags
from reviewer.review.session import ReviewSession
from reviewer.tui.render import SEVERITY_FG, SEVERITY_MARK, SEVERITY_STYLE, plain_line
from reviewer.tui.screens.dialogs import HelpScreen, ReasonScreen

#: The widest the segment id column gets (cells); a longer id is cut with "…".
ID_WIDTH_MAX = 12
SORT = Binding.Group("Sort", compact=True)
#: Shown for a flag on an empty span (a missing final mark): where it is.
EMPTY_HIT = "‸"


@dataclass(frozen=True)
class QaResult:
    """What the QA list hands back to the main screen when it closes."""

    segment_id: str | None
    """The segment to show (enter), or None (closed with escape)."""
    flag_index: int
    """Which of that segment's open flags to select."""
    changed: tuple[str, ...]
    """Segments whose flags changed while the list was open (to count again)."""


_UNDERLINE = RichStyle(underline=True)

Line = QaGroup | QaRow
"""A line of the list: a group's header, or a flag."""


def _shown_id(seg_id: str, width: int) -> str:
    shown = visible(seg_id, one_line=True)
    return shown if cell_len(shown) <= width else set_cell_size(shown, width - 1) + "…"


class QaTable(ScrollView, can_focus=True, inherit_bindings=False):
    """The QA list's lines; the cursor sits on flag rows only (headers are skipped)."""

    DEFAULT_CSS = "QaTable { background: $surface; overflow-x: hidden; overflow-y: auto; height: 1fr; }"

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Line] = []
        self._id_width = 4
        # Drawn lines by (line index, width, cursor here, focused): scrolling reuses them.
        self._drawn: dict[tuple[int, int, bool, bool], Strip] = {}

    # -- data ------------------------------------------------------------------------------
    def set_groups(self, groups: list[QaGroup], keep: int | None = None) -> None:
        """Show these groups; put the cursor on the flag row nearest line `keep`."""
        lines: list[Line] = []
        for group in groups:
            lines.append(group)
            lines.extend(group.rows)
        self.lines = lines
        self._drawn.clear()
        ids = {row.segment_id for group in groups for row in group.rows[:2000]}
        self._id_width = min(ID_WIDTH_MAX, max((cell_len(visible(i, one_line=True)) for i in ids), default=4))
        self.virtual_size = Size(0, len(lines))
        self.cursor = self._flag_line(keep if keep is not None else 0, 1)
        self.refresh()

    def _flag_line(self, index: int, step: int) -> int:
        """The flag row at `index` or the next one in direction `step` (the other way at an end)."""
        n = len(self.lines)
        if not n:
            return 0
        index = max(0, min(index, n - 1))
        for direction in (step, -step):
            i = index
            while 0 <= i < n:
                if isinstance(self.lines[i], QaRow):
                    return i
                i += direction
        return 0

    @property
    def current(self) -> QaRow | None:
        """The flag under the cursor."""
        if 0 <= self.cursor < len(self.lines):
            line = self.lines[self.cursor]
            return line if isinstance(line, QaRow) else None
        return None

    # -- movement --------------------------------------------------------------------------
    def move(self, delta: int) -> None:
        """Move by `delta` lines, onto a flag row in that direction."""
        self.cursor = self._flag_line(self.cursor + delta, 1 if delta >= 0 else -1)

    def page(self, direction: int) -> None:
        self.move(direction * max(1, self.size.height - 1))

    def jump(self, where: int) -> None:
        self.cursor = self._flag_line(where if where >= 0 else len(self.lines) - 1, 1 if where >= 0 else -1)

    def next_group(self, direction: int) -> None:
        """Put the cursor on the first flag of the next (1) or previous (-1) group."""
        i = self.cursor
        if direction > 0:
            i += 1
            while i < len(self.lines) and not isinstance(self.lines[i], QaGroup):
                i += 1
            if i < len(self.lines):
                self.cursor = self._flag_line(i, 1)
            return
        while i >= 0 and not isinstance(self.lines[i], QaGroup):
            i -= 1  # this group's header
        i -= 1
        while i >= 0 and not isinstance(self.lines[i], QaGroup):
            i -= 1  # the previous group's header
        if i >= 0:
            self.cursor = self._flag_line(i, 1)

    def _scroll_to_cursor(self) -> None:
        value = self.cursor
        # Keep the group's header in sight above the first row of a group.
        top = value - 1 if value > 0 and isinstance(self.lines[value - 1], QaGroup) else value
        self.scroll_to_region(Region(0, top, 1, value - top + 1), animate=False, force=True, immediate=True)

    def watch_cursor(self, old: int, value: int) -> None:
        if not self.lines:
            return
        before = self.scroll_offset.y
        self._scroll_to_cursor()
        if self.scroll_offset.y == before:
            for row in (old, value):
                self.refresh(Region(0, row - int(self.scroll_offset.y), self.size.width, 1))
        else:
            self.refresh()
        if isinstance(self.screen, QaListScreen):
            self.screen.show_detail()

    def on_click(self, event: events.Click) -> None:
        line = event.y + int(self.scroll_offset.y)
        if 0 <= line < len(self.lines) and isinstance(self.lines[line], QaRow):
            self.cursor = line
            if event.chain == 2 and isinstance(self.screen, QaListScreen):
                self.screen.action_show()  # a double click shows the segment, as enter does

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, len(self.lines))
        self._drawn.clear()
        if self.lines:
            self.call_after_refresh(self._scroll_to_cursor)  # a smaller window keeps the cursor in sight

    # -- drawing ---------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + int(self.scroll_offset.y)
        base = self.rich_style
        if index >= len(self.lines):
            return Strip.blank(width, base)
        key = (index, width, index == self.cursor, self.has_focus)
        strip = self._drawn.get(key)
        if strip is None:
            line = self.lines[index]
            content = self._header(line, width) if isinstance(line, QaGroup) else self._row(line, width)
            # On the widget's background: text without a colour of its own would show the terminal's.
            strip = Strip(RichSegment.apply_style(content.render_segments(), base)).crop_extend(0, width, base)
            if index == self.cursor:
                mark = RichStyle(bgcolor="#264f78", bold=True) if self.has_focus else RichStyle(reverse=True)
                # The hit keeps its severity colour on the cursor row, underlined.
                strip = Strip([RichSegment(s.text, s.style + _UNDERLINE if s.style and s.style.bgcolor
                                           and s.style.bgcolor != self.rich_style.bgcolor
                                           else (s.style or RichStyle()) + mark, s.control) for s in strip])
            if len(self._drawn) > 4000:
                self._drawn.clear()
            self._drawn[key] = strip
        return strip.apply_offsets(0, index)

    def _header(self, group: QaGroup, width: int) -> Content:
        n = len(group.rows)
        worst = group.worst
        return Content.assemble(
            ("▾ ", "bold $accent"),
            plain_line(group.rule).stylize("bold"),
            (f"  {n} flag{'s' if n != 1 else ''}", "bold"),
            ("  ·  ", "dim"),
            (worst.value, SEVERITY_FG[worst]),
            ("  ·  ", "dim"),
            plain_line(group.rows[0].flag.category).stylize("dim"),
        )

    def _row(self, row: QaRow, width: int) -> Content:
        id_width = self._id_width
        avail = max(12, width - id_width - 6)
        hit_width = max(6, avail * 2 // 5)
        hit = row.kwic(width=0, hit_width=hit_width).hit or EMPTY_HIT
        context = max(0, (avail - cell_len(hit)) // 2)
        words = row.kwic(width=context, hit_width=hit_width)
        left = words.left
        left = " " * max(0, context - cell_len(left)) + left
        severity = row.severity
        side = "s" if row.flag.side is Side.SOURCE else " "
        return Content.assemble(
            " ",
            (set_cell_size(_shown_id(row.segment_id, id_width), id_width), "dim"),
            " ",
            (SEVERITY_MARK[severity], SEVERITY_FG[severity]),
            (side, "dim italic"),
            " ",
            Content(left),
            Content(hit).stylize(SEVERITY_STYLE[severity]),
            Content(words.right),
        )


class QaListScreen(Screen[QaResult]):
    """Every open flag of the session, grouped by check; enter shows a flag's segment."""

    DEFAULT_CSS = """
    QaListScreen { layout: vertical; }
    QaListScreen #qa-title { height: 1; background: $panel; padding: 0 1; }
    /* A fixed height: moving the cursor repaints the detail without laying the screen out again. */
    QaListScreen #qa-detail { height: 5; border-top: solid $panel-lighten-2; padding: 0 1; }
    """

    BINDINGS = [
        Binding("up,k", "move(-1)", "Previous", show=False),
        Binding("down,j", "move(1)", "Next", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("right_square_bracket,tab", "group(1)", "Next check", show=False),
        Binding("left_square_bracket,shift+tab", "group(-1)", "Previous check", show=False),
        Binding("enter", "show", "Go", id="qa-show", tooltip="Show this flag's segment in the main screen"),
        Binding("a", "apply", "Apply", id="qa-apply", tooltip="Apply this flag's suggestion"),
        Binding("d", "dismiss_flag", "Dismiss", id="qa-dismiss", tooltip="Dismiss this flag as a false positive"),
        Binding("D", "dismiss_identical", "Identical", id="qa-dismiss-identical",
                tooltip="Dismiss this flag on every identical segment (same source and target)"),
        # One footer entry for the three orders ("rso Sort"): every key fits at 80 columns.
        Binding("r", "sort('rule')", "By rule", id="qa-sort-rule", tooltip="Sort the checks by rule id",
                group=SORT),
        Binding("s", "sort('severity')", "By severity", id="qa-sort-severity",
                tooltip="Sort by severity, critical first", group=SORT),
        Binding("o", "sort('segment')", "By segment", id="qa-sort-segment",
                tooltip="Sort in segment order", group=SORT),
        Binding("escape,q,l", "close", "Close", id="qa-close", tooltip="Back to the main screen"),
        Binding("question_mark", "help", "Help", id="qa-help", tooltip="Every key of the QA list"),
    ]

    def __init__(self, session: ReviewSession, by: SortKey | str = SortKey.RULE) -> None:
        super().__init__()
        self.session = session
        self.by = SortKey.parse(by)
        self.qa: QaList | None = None
        """The rows, once they are collected (in a worker: checking a large corpus takes a while)."""
        self.changed: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static(Content("QA list · collecting open flags…"), id="qa-title", markup=False)
        yield QaTable(id="qa-table")
        yield Static(Content(""), id="qa-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(QaTable).focus()
        self.collect()

    @work(thread=True, exclusive=True, group="qa")
    def collect(self) -> None:
        """Collect every open flag off the screen thread, then show them."""
        worker = get_current_worker()

        def progress(done: int, total: int) -> bool:
            if worker.is_cancelled:
                return False
            self.app.call_from_thread(self._collecting, done * 100 // max(1, total))
            return True

        qa = QaList(self.session, self.by, progress=progress)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._collected, qa)

    def _collecting(self, percent: int) -> None:
        if self.is_attached:
            self.query_one("#qa-title", Static).update(Content(f"QA list · collecting open flags… {percent}%"))

    def _collected(self, qa: QaList) -> None:
        if not self.is_attached:
            return  # closed while the flags were being collected
        self.qa = qa
        self.redraw(keep=0)

    # -- drawing ---------------------------------------------------------------------------
    @property
    def table(self) -> QaTable:
        return self.query_one(QaTable)

    def redraw(self, keep: int | None = None) -> None:
        """Show the rows again (after a change or a sort), the cursor near where it was."""
        qa = self.qa
        if qa is None:
            return
        table = self.table
        table.set_groups(qa.groups, table.cursor if keep is None else keep)
        crit = sum(1 for g in qa.groups for r in g.rows if r.severity is Severity.CRITICAL)
        major = sum(1 for g in qa.groups for r in g.rows if r.severity is Severity.MAJOR)
        minor = len(qa) - crit - major
        title = Content.assemble(
            ("QA list", "bold"),
            f" · {len(qa)} flag{'s' if len(qa) != 1 else ''}, {len(qa.groups)} check"
            f"{'s' if len(qa.groups) != 1 else ''} · ",
            (f"critical {crit}", SEVERITY_FG[Severity.CRITICAL]), " ",
            (f"major {major}", SEVERITY_FG[Severity.MAJOR]), " ",
            (f"minor {minor}", SEVERITY_FG[Severity.MINOR]),
            (f" · by {qa.by.value}", "dim"),
        )
        self.query_one("#qa-title", Static).update(title)
        self.show_detail()

    def show_detail(self) -> None:
        """The selected flag in full: where, what is wrong, what to write."""
        row = self.table.current
        detail = self.query_one("#qa-detail", Static)
        if row is None:
            detail.update(Content("No open flags." if self.qa is not None else ""), layout=False)
            return
        f = row.flag
        parts: list[Content | tuple[str, str] | str] = [
            plain_line(row.segment_id).stylize("bold"), "  ", plain_line(f.rule), "  ",
            (f.severity.value, SEVERITY_FG[f.severity]), "  ",
            plain_line(f.category), ("  (source)" if f.side is Side.SOURCE else "", "dim"), "\n",
            plain_line(f.message), "\n",
        ]
        if row.can_apply:
            # Quoted: a suggestion may be a space, or nothing (delete the span).
            parts += [("→ replace ", "bold #5fd787"), "“", plain_line(f.text), "” with “",
                      plain_line(f.suggestion or ""), "”"]
        else:
            parts.append(("no suggestion: enter, then edit the target", "dim italic"))
        detail.update(Content.assemble(*parts), layout=False)

    # -- actions ---------------------------------------------------------------------------
    def _guard(self, fn, *args):  # type: ignore[no-untyped-def]
        """Run an engine call; show a ReviewerError as a notification instead of crashing."""
        try:
            return fn(*args)
        except ReviewerError as exc:
            self.notify(visible(str(exc), one_line=True), severity="error", markup=False)
            return None

    def action_help(self) -> None:
        rows = [("↑ ↓  j k", "previous / next flag"), ("PgUp PgDn Home End", "page / first / last flag"),
                ("[ ]  shift+tab tab", "previous / next check"), ("double click", "show the segment")]
        for b in self.BINDINGS:
            if isinstance(b, Binding) and b.show:
                keys = b.key.replace("question_mark", "?").replace("escape", "esc").replace(",", " ")
                rows.append((keys, b.tooltip or b.description))
        self.app.push_screen(HelpScreen(rows))

    def action_move(self, delta: int) -> None:
        self.table.move(delta)

    def action_page(self, direction: int) -> None:
        self.table.page(direction)

    def action_jump(self, where: int) -> None:
        self.table.jump(where)

    def action_group(self, direction: int) -> None:
        self.table.next_group(direction)

    def action_sort(self, by: str) -> None:
        if self.qa is None:
            return
        self.qa.sort(by)
        self.by = self.qa.by
        self.redraw(keep=0)

    def action_show(self) -> None:
        row = self.table.current
        if row is None:
            return
        flags = self.session.flags(row.segment_id)
        index = next((i for i, f in enumerate(flags) if f == row.flag), 0)
        self.dismiss(QaResult(row.segment_id, index, tuple(sorted(self.changed))))

    def action_close(self) -> None:
        self.dismiss(QaResult(None, 0, tuple(sorted(self.changed))))

    def action_apply(self) -> None:
        row = self.table.current
        if row is None or self.qa is None:
            return
        if not row.can_apply:
            self.notify("This flag has no suggestion; press enter and edit the target.", timeout=3)
            return
        self.changed.add(row.segment_id)  # refused or not: the main screen counts it again
        if self._guard(self.qa.apply, row):
            self.notify(f"Applied in {visible(row.segment_id, one_line=True)}.", timeout=2, markup=False)
        self.redraw()

    def action_dismiss_flag(self) -> None:
        self._ask_reason(identical=False)

    def action_dismiss_identical(self) -> None:
        self._ask_reason(identical=True)

    def _ask_reason(self, *, identical: bool) -> None:
        row = self.table.current
        qa = self.qa
        if row is None or qa is None:
            return
        rule = visible(row.rule, one_line=True)
        same = [seg for seg, _ in identical_flags(self.session, row.segment_id, row.flag)] if identical else []
        where = f"on {len(same)} identical segments" if len(same) > 1 else "on this segment"

        def done(reason: str | None) -> None:
            if reason is None:
                return
            if identical:
                self.changed.update(same)  # done or refused part way: the main screen counts them again
                segs = self._guard(qa.dismiss_identical, row, reason)
                if segs is not None:
                    self.notify(f"Dismissed {rule} on {len(segs)} segment{'s' if len(segs) != 1 else ''}.",
                                timeout=3, markup=False)
            else:
                self.changed.add(row.segment_id)
                self._guard(qa.dismiss, row, reason)
            self.redraw()

        # ReasonScreen shows its title literally and one-line: the raw rule id goes in.
        self.app.push_screen(ReasonScreen(f"Dismiss {row.rule} {where} as a false positive. Reason (optional):",
                                          "e.g. a name, correct as written"), done)
