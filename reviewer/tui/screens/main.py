"""The main screen: the segment list, the two texts, the flags and the scores of one corpus. It
turns key presses into `ReviewSession` calls and what the review view says into widgets; the
counts and filters are the view's (`reviewer.review.view`), not the screen's."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Footer, Header

from reviewer.checking.background import BackgroundChecker
from reviewer.core.errors import ReviewerError
from reviewer.core.model import Flag, Side
from reviewer.core.text import visible
from reviewer.review.session import PlannedEdit, ReviewSession
from reviewer.review.store import StaleEditError
from reviewer.review.team import MINE
from reviewer.review.view import Filter, ReviewView
from reviewer.scoring.metrics import SessionScores
from reviewer.tui.layout import LIST_ROWS_MIN, WIDE_PANE_MIN, share_rows, side_by_side_height
from reviewer.tui.render import (
    ANNOTATION_STYLE,
    SOURCE_TERM_STYLE,
    flag_spans,
    highlighted,
)
from reviewer.tui.screens.dialogs import (
    AnnotateScreen,
    AnnotationInput,
    EditScreen,
    FilterScreen,
    FixPreviewScreen,
    HelpScreen,
    ReasonScreen,
)
from reviewer.tui.screens.qa_list import QaListScreen, QaResult
from reviewer.tui.screens.rule_from_edit import RULE_FROM_EDIT_TIP, open_rule_dialog
from reviewer.tui.screens.team import MINE_BINDING, PROGRESS_BINDING, TeamScreen
from reviewer.tui.widgets.panels import FlagItem, FlagsPanel, TextPane
from reviewer.tui.widgets.scores import ScorePanel
from reviewer.tui.widgets.segment_list import RowInfo, SegmentList
from reviewer.tui.widgets.status import Status, StatusLine
from reviewer.tui.wording import describe_action, key_names

#: How often the screen looks for changes another writer made to the session (seconds).
OTHERS_POLL_SECONDS = 1.0

#: The mark a list row shows for a segment's state.
STATE_MARK = {"approved": "✓", "edited": "✎"}


class MainScreen(TeamScreen):
    """Side-by-side review of one corpus."""

    BINDINGS = [
        # Moving between segments: the screen moves the list's cursor and shows the segment in
        # the same step, so both appear in one frame (a message from the list would cost one).
        Binding("up,k", "move(-1)", "Previous segment", show=False, id="previous", tooltip="Previous segment"),
        Binding("down,j", "move(1)", "Next segment", show=False, id="next", tooltip="Next segment"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="page-up", tooltip="A screenful of segments up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="page-down",
                tooltip="A screenful of segments down"),
        Binding("home", "jump(0)", "First segment", show=False, id="first", tooltip="First segment"),
        Binding("end", "jump(-1)", "Last segment", show=False, id="last", tooltip="Last segment"),
        Binding("n", "next_flag", "Next flag", id="next-flag", tooltip="Next open flag, across segments"),
        Binding("p", "previous_flag", "Prev flag", id="previous-flag", tooltip="Previous open flag"),
        Binding("u", "next_unreviewed", "Unreviewed", id="next-unreviewed", tooltip="Next segment not approved"),
        Binding("a", "apply", "Apply", id="apply", tooltip="Apply the selected flag's suggestion"),
        Binding("A", "apply_everywhere", "Apply all", id="apply-everywhere",
                tooltip="Apply this rule everywhere, after a preview"),
        Binding("e", "edit", "Edit", id="edit", tooltip="Edit the target"),
        Binding("space", "approve", "Approve", id="approve", tooltip="Approve the segment, or take it back"),
        # ctrl+enter is the CAT tools' key; many terminals send it as a plain enter, so `c` too.
        Binding("c,ctrl+enter", "confirm", "Confirm", id="confirm",
                tooltip="Approve, then go to the next unreviewed segment"),
        Binding("d", "dismiss_flag", "Dismiss", id="dismiss", tooltip="Dismiss the selected flag as a false positive"),
        Binding("m", "annotate", "Annotate", id="annotate", tooltip="Mark an error the checks missed"),
        Binding("z,ctrl+z", "undo", "Undo", id="undo", tooltip="Undo the last change"),
        Binding("y,ctrl+y", "redo", "Redo", id="redo", tooltip="Redo what was undone"),
        Binding("slash", "search", "Search", id="search", tooltip="Search source and target"),
        Binding("f", "filter", "Filter", id="filter", tooltip="Filter the segment list"),
        MINE_BINDING,
        PROGRESS_BINDING,
        Binding("l", "qa_list", "QA list", show=False, id="qa-list",
                tooltip="Every open flag in one list, grouped by check, with its words in context"),
        Binding("x", "export", "Export", id="export", tooltip="Write the corrected text and the corrections log"),
        Binding("right_square_bracket", "select_flag(1)", "Next flag here", show=False, id="flag-down",
                tooltip="Select the next flag of this segment"),
        Binding("left_square_bracket", "select_flag(-1)", "Previous flag here", show=False, id="flag-up",
                tooltip="Select the previous flag of this segment"),
        Binding("g", "rule_from_edit", "Rule from edit", show=False, id="rule-from-edit", tooltip=RULE_FROM_EDIT_TIP),
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key, and where the session is kept"),
        Binding("q", "app.quit", "Quit", id="quit", tooltip="Quit (every change is saved as it is made)"),
    ]

    #: The keys the footer shows, by terminal width (binding ids; None: every shown binding):
    #: those used most when they do not all fit. The help and the command palette list all.
    FOOTER_KEYS: list[tuple[int, frozenset[str] | None]] = [
        (180, None),
        (120, frozenset({"next-flag", "apply", "apply-everywhere", "edit", "confirm", "dismiss", "undo", "search",
                         "help", "quit"})),
        (0, frozenset({"next-flag", "apply", "edit", "confirm", "undo", "help", "quit"})),
    ]

    def __init__(self, session: ReviewSession, *, background: BackgroundChecker | None = None,
                 check_in_background: bool = True) -> None:
        super().__init__()
        self.session = session
        self.view = ReviewView(session)
        self.filter = Filter()
        self.current: str | None = None
        self.check_in_background = check_in_background
        self.scores = SessionScores()
        self.scored_all = False
        self._categories: Any = None
        self._background = background
        self._heights: dict[str, int | None] = {}
        """Heights the screen gave the panes (rows), by widget id; None: the stylesheet's."""
        self._footer: frozenset[str] | None = frozenset()
        self.last_input = 0.0
        """When the reviewer last pressed a key or clicked (monotonic seconds; the app sets it)."""

    # -- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="main"):
            yield SegmentList(self.row_info, id="segments")
            with Vertical(id="detail"):
                with Horizontal(id="texts"):
                    yield TextPane("English", id="source")
                    yield TextPane("Indonesian", id="target")
                yield FlagsPanel(id="flags")
                yield ScorePanel(id="scores")
        yield StatusLine(id="status")
        yield Footer()

    def footer_keys(self) -> frozenset[str] | None:
        """The binding ids the footer has room for at the screen's width (None: all)."""
        return next(keys for width, keys in self.FOOTER_KEYS if self.size.width >= width)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        bindings = super().active_bindings
        shown = self.footer_keys()
        if shown is None:
            return bindings
        return {key: active if not active.binding.show or active.binding.id in shown
                else active._replace(binding=dataclasses.replace(active.binding, show=False))
                for key, active in bindings.items()}

    def on_resize(self) -> None:
        # Once the resize is laid out: the breakpoint classes and the panes' widths are new.
        self.call_after_refresh(self._resized)

    def _resized(self) -> None:
        footer = self.footer_keys()
        if footer != self._footer:
            self._footer = footer
            self.refresh_bindings()  # the footer's keys depend on the width
        self.fit_detail(measure=True)

    def fit_detail(self, *, measure: bool = False) -> None:
        """Give the texts and the flags the rows they need (see reviewer.tui.layout): stacked
        on a narrow terminal, below a list that keeps LIST_ROWS_MIN rows; side by side and
        ending on the same row on a wide one."""
        source, target = self.query_one("#source", TextPane), self.query_one("#target", TextPane)
        panel = self.query_one(FlagsPanel)
        if measure:
            source.measure()
            target.measure()
        if self.has_class("-narrow"):
            room = self.query_one("#main").size.height
            budget = room - LIST_ROWS_MIN - self.seg_list.gutter.height
            # A long list of flags scrolls in at most a third of the room: the list keeps the rest.
            flags = min(panel.needed, max(5, room // 3))
            heights = share_rows(budget, [source.needed, target.needed, flags], least=(3, 4, 5), order=(1, 0, 2))
            self._set_heights((source, heights[0]), (target, heights[1]), (panel, heights[2]))
        else:
            most = max(WIDE_PANE_MIN, self.query_one("#detail").size.height * 3 // 5)
            height = side_by_side_height([source.needed, target.needed], self._heights.get("source") or 0,
                                         sticky=self.size.height // 4, most=most)
            self._set_heights((source, height), (target, height), (panel, None))

    def _set_heights(self, *pairs: tuple[Widget, int | None]) -> None:
        for widget, height in pairs:
            if self._heights.get(widget.id or "") != height:  # a new height lays the screen out again
                self._heights[widget.id or ""] = height
                widget.styles.height = height

    def on_mount(self) -> None:
        seg_list = self.query_one(SegmentList)
        seg_list.set_rows([s.id for s in self.session.segments])
        seg_list.focus()
        start = self.resume_segment()
        if start is not None:
            seg_list.move_to(start)  # the list scrolls it into view once it has a size (on_resize)
            self.show_segment(start)
        self.update_status()
        if self.check_in_background:
            self.check_all()
            self.score_all()
        else:
            self.view.check_all()
            self._checks_done()
            self._score(self.session.segments)
            self.scored_all = True
            self.update_scores()
        # Changes another writer makes (the CLI, a second UI) come in while this screen is open.
        self.set_interval(OTHERS_POLL_SECONDS, self.take_in_others)
        self.team_start()  # and who else is here, and where

    # -- rendering -------------------------------------------------------------------------
    def row_info(self, seg_id: str) -> RowInfo:
        """What the segment list shows for a row (computes flags of visible rows on demand)."""
        view = self.view
        return RowInfo(STATE_MARK.get(view.state(seg_id), "·"), view.row_counts(seg_id), self.session.target(seg_id),
                       self.here_names(seg_id))

    def show_segment(self, seg_id: str, keep_flag: int | None = None) -> None:
        """Fill the panes and the flags panel for a segment."""
        s = self.session
        if seg_id not in s.position:
            return
        changed = seg_id != self.current
        self.current = seg_id
        if changed:
            self.team_moved(seg_id)
        items = [FlagItem(flag=f) for f in s.flags(seg_id)]
        items += [FlagItem(annotation=a) for a in s.annotations.get(seg_id, [])]
        items += [FlagItem(flag=f, dismissed_reason=r) for f, r in s.dismissed_flags(seg_id)]
        panel = self.query_one(FlagsPanel)
        if keep_flag is not None and not changed:
            keep = keep_flag
        elif self.filter.kind == "rule":
            # The list shows this rule's segments: select its flag, so that `a` and `A` apply
            # the rule the reviewer chose, not whichever flag comes first.
            keep = next((i for i, item in enumerate(items) if item.flag is not None
                         and item.dismissed_reason is None and item.flag.rule == self.filter.value), 0)
        else:
            keep = 0
        panel.show(items, keep)  # the panel posts Selected with its selected flag: paint_texts
        self.paint_texts(panel.selected_item)

    def paint_texts(self, selected: FlagItem | None) -> None:
        """Highlight flagged spans (and the selected flag) in the source and the target."""
        s = self.session
        seg_id = self.current
        if seg_id is None:
            return
        seg = s.segment(seg_id)
        flags = s.flags(seg_id)
        chosen = selected.flag if selected and selected.dismissed_reason is None else None
        target_spans = flag_spans(flags, Side.TARGET, chosen)
        target_spans += [(a.start, a.end, ANNOTATION_STYLE) for a in s.annotations.get(seg_id, [])]
        source_spans = flag_spans(flags, Side.SOURCE, chosen)
        if chosen is not None:
            span = s.source_span(seg_id, chosen)
            if span:
                source_spans.append((span[0], span[1], SOURCE_TERM_STYLE))
        source_pane, target_pane = self.query_one("#source", TextPane), self.query_one("#target", TextPane)
        source_pane.show(highlighted(seg.source, source_spans), seg_id)
        target_pane.show(highlighted(s.target(seg_id), target_spans), self.view.state(seg_id))
        self.fit_detail()

    def update_status(self) -> None:
        view = self.view
        approved, total = self.session.progress()
        self.query_one(StatusLine).show(Status(
            approved, total, view.totals if view.checked_all else None, view.progress,
            len(self.seg_list.rows), self.filter.label if self.filter.kind != "all" else None,
            sum(self.session.dismissal_counts().values()), self.here_for_status()))

    def after_change(self, seg_ids: Iterable[str]) -> None:
        """Refresh what a change touched: counts, list rows, panes, status, scores."""
        seg_ids = list(seg_ids)
        self.view.recount(seg_ids)
        self.query_one(SegmentList).invalidate()
        if self.current:
            self.show_segment(self.current, keep_flag=self.query_one(FlagsPanel).highlighted or 0)
        self.update_status()
        self.scores.update_from_session(self.session, list(seg_ids))  # rescore only what changed
        self.update_scores(recount=True)
        self.refresh_corpus_checks()

    # -- messages from the widgets ---------------------------------------------------------
    # Both read the widget's state as it is now, not the message's: a message may be older than
    # a change the screen made since (`go_to` shows the segment and selects a flag at once).
    @on(SegmentList.Highlighted)
    def segment_highlighted(self) -> None:
        seg_id = self.seg_list.current
        if seg_id is None or seg_id == self.current:
            return  # shown already (the screen moved the cursor itself)
        self.show_segment(seg_id)
        if len(self.scores):
            self.update_scores()

    @on(FlagsPanel.Selected)
    def flag_selected(self) -> None:
        self.paint_texts(self.query_one(FlagsPanel).selected_item)

    # -- helpers ---------------------------------------------------------------------------
    def selected_item(self) -> FlagItem | None:
        return self.query_one(FlagsPanel).selected_item

    def selected_flag(self) -> Flag | None:
        item = self.selected_item()
        return item.flag if item and item.dismissed_reason is None else None

    def _guard(self, fn, *args):  # type: ignore[no-untyped-def]
        """Run an engine call; show a ReviewerError as a notification instead of crashing. A
        change refused because another writer changed the segment first shows their text."""
        try:
            return fn(*args)
        except StaleEditError as exc:
            self.notify(visible(str(exc), one_line=True), severity="warning", markup=False, timeout=8)
            changed = self.session.reload()
            if changed:
                self.after_change(changed)
            return None
        except ReviewerError as exc:
            self.notify(visible(str(exc), one_line=True), severity="error", markup=False)
            return None

    def take_in_others(self) -> None:
        """Redraw what other writers changed in the store since the last look (a timer calls
        this; one cheap query when nothing changed)."""
        changed = self.poll_store(self.session.reload)
        if changed:
            self.after_change(changed)
        if not self.store_down:
            self.team_tick()

    def go_to(self, seg_id: str, flag_index: int = 0) -> None:
        """Show a segment, widening the filter when it hides the segment."""
        if not self.seg_list.move_to(seg_id):
            self.set_filter(Filter())
            self.seg_list.move_to(seg_id)
        if self.current != seg_id:
            self.show_segment(seg_id)
        panel = self.query_one(FlagsPanel)
        if panel.items:
            panel.highlighted = min(flag_index, len(panel.items) - 1)

    # -- actions: navigation ---------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        self.seg_list.move_by(delta)
        self.segment_highlighted()

    def action_page(self, direction: int) -> None:
        self.seg_list.page(direction)
        self.segment_highlighted()

    def action_jump(self, where: int) -> None:
        self.seg_list.jump(where)
        self.segment_highlighted()

    def action_next_flag(self) -> None:
        panel = self.query_one(FlagsPanel)
        if self.current is not None:
            n_open = self.view.open_flags(self.current)
            if panel.highlighted is not None and panel.highlighted + 1 < n_open:
                panel.highlighted += 1
                return
        rows = self.seg_list.rows
        start = self.seg_list.cursor
        for i in range(start + 1, len(rows)):
            if self.view.open_flags(rows[i]):
                self.go_to(rows[i], 0)
                return
        self.notify("No more flags below.", timeout=2)

    def action_previous_flag(self) -> None:
        panel = self.query_one(FlagsPanel)
        if panel.highlighted:
            panel.highlighted -= 1
            return
        rows = self.seg_list.rows
        for i in range(self.seg_list.cursor - 1, -1, -1):
            n_open = self.view.open_flags(rows[i])
            if n_open:
                self.go_to(rows[i], n_open - 1)
                return
        self.notify("No more flags above.", timeout=2)

    def action_next_unreviewed(self) -> None:
        rows = self.seg_list.rows
        n = len(rows)
        for step in range(1, n + 1):
            seg_id = rows[(self.seg_list.cursor + step) % n]
            if not self.session.is_approved(seg_id):
                self.go_to(seg_id)
                return
        self.notify("Every segment is approved.", timeout=2)

    def action_select_flag(self, delta: int) -> None:
        panel = self.query_one(FlagsPanel)
        if panel.items:
            panel.highlighted = max(0, min(len(panel.items) - 1, (panel.highlighted or 0) + delta))

    # -- actions: changes ------------------------------------------------------------------
    def action_apply(self) -> None:
        flag = self.selected_flag()
        if self.current is None or flag is None:
            self.notify("Select a flag first.", timeout=2)
            return
        if flag.side is not Side.TARGET or flag.suggestion is None:
            self.notify("This flag has no suggestion; edit the target (e) instead.", timeout=3)
            return
        if self._guard(self.session.apply_flag, self.current, flag):
            self.after_change([self.current])

    def action_apply_everywhere(self) -> None:
        flag = self.selected_flag()
        if flag is None or flag.suggestion is None:
            self.notify("Select a flag with a suggestion first.", timeout=2)
            return
        self.plan_everywhere(flag.rule)

    @work(thread=True, exclusive=True, group="plan")
    def plan_everywhere(self, rule: str) -> None:
        plan = self.session.plan_rule(rule)
        self.app.call_from_thread(self._show_plan, rule, plan)

    def _show_plan(self, rule: str, plan: list[PlannedEdit]) -> None:
        if not plan:
            self.notify("Nothing to change.", timeout=2)
            return

        def confirmed(ok: bool | None) -> None:
            if ok:
                n = self._guard(self.session.apply_plan, rule, plan) or 0
                self.after_change([p.segment_id for p in plan])
                self.notify(f"Applied in {n} segments.", timeout=3, markup=False)

        self.app.push_screen(FixPreviewScreen(rule, plan), confirmed)

    def action_edit(self) -> None:
        seg_id = self.current
        if seg_id is None:
            return
        seg = self.session.segment(seg_id)

        def done(text: str | None) -> None:
            if text is not None and self._guard(self.session.edit, seg_id, text):
                self.after_change([seg_id])

        self.app.push_screen(EditScreen(seg_id, seg.source, self.session.target(seg_id)), done)

    def action_approve(self) -> None:
        seg_id = self.current
        if seg_id is None:
            return
        self._guard(self.session.set_approved, seg_id, not self.session.is_approved(seg_id))
        self.after_change([seg_id])

    def action_confirm(self) -> None:
        """Approve (never take back: a second press must not undo the first) and move on."""
        seg_id = self.current
        if seg_id is None:
            return
        if not self.session.is_approved(seg_id):
            if self._guard(self.session.set_approved, seg_id, True) is None:
                return  # not recorded: stay on the segment
            self.after_change([seg_id])
        self.action_next_unreviewed()

    def action_dismiss_flag(self) -> None:
        seg_id = self.current
        item = self.selected_item()
        if seg_id is None or item is None or item.flag is None:
            self.notify("Select a flag first.", timeout=2)
            return
        flag = item.flag
        if item.dismissed_reason is not None:
            self._guard(self.session.restore, seg_id, flag)
            self.after_change([seg_id])
            return

        def done(reason: str | None) -> None:
            if reason is not None:
                self._guard(self.session.dismiss, seg_id, flag, reason)
                self.after_change([seg_id])

        self.app.push_screen(ReasonScreen(f"Dismiss {flag.rule} as a false positive. Reason (optional):",
                                          "e.g. a name, correct as written"), done)

    def action_annotate(self) -> None:
        seg_id = self.current
        if seg_id is None:
            return
        flag = self.selected_flag()
        start, end = (flag.start, flag.end) if flag and flag.side is Side.TARGET else (0, 0)

        def done(result: AnnotationInput | None) -> None:
            if result is not None:
                self._guard(self.session.annotate, seg_id, result.start, result.end, result.category,
                            result.severity, result.comment)
                self.after_change([seg_id])

        self.app.push_screen(AnnotateScreen(seg_id, self.session.target(seg_id), start, end), done)

    def action_undo(self) -> None:
        self._undo_or_redo(self.session.undo, "Undid", "Nothing to undo.")

    def action_redo(self) -> None:
        self._undo_or_redo(self.session.redo, "Redid", "Nothing to redo.")

    def _undo_or_redo(self, step: Any, done: str, nothing: str) -> None:
        # The session returns the segments only; the events whose state the step changed say
        # what it was (read around the step rather than guessed from whose turn it is).
        before = {ev.seq: ev.state for ev in self.session.corrections()}
        touched = self._guard(step)
        if not touched:
            self.notify(nothing, timeout=2)
            return
        stepped = [ev for ev in self.session.corrections() if before.get(ev.seq, ev.state) != ev.state]
        self.go_to(touched[0])
        self.after_change(touched)
        self.notify(f"{done}: {describe_action(stepped, touched)}", timeout=4, markup=False)

    # -- actions: views --------------------------------------------------------------------
    def set_filter(self, new: Filter) -> None:
        """Show only the segments a filter keeps."""
        rows = self.filter_rows(new)
        if not rows:
            self.notify(f"No segment matches {visible(new.label, one_line=True)}.", timeout=3, markup=False)
            return
        self.filter = new
        self.seg_list.set_rows(rows, keep=self.current)
        if self.seg_list.current:
            self.show_segment(self.seg_list.current)
        self.update_status()

    def action_qa_list(self) -> None:
        def done(result: QaResult | None) -> None:
            if result is not None and result.changed:
                self.after_change(result.changed)  # applied or dismissed in the list: count again
            if result is not None and result.segment_id is not None:
                self.go_to(result.segment_id, result.flag_index)

        self.app.push_screen(QaListScreen(self.session), done)

    def action_filter(self) -> None:
        self.app.push_screen(FilterScreen(self.view.rule_counts(), dict(self.session.dismissal_counts()),
                                          mine=len(self.filter_rows(Filter(MINE)))),
                             lambda f: self.set_filter(f) if f is not None else None)

    def action_search(self) -> None:
        def done(query: str | None) -> None:
            if query is None:
                return
            self.set_filter(Filter("search", query) if query.strip() else Filter())

        current = self.filter.value if self.filter.kind == "search" else ""
        self.app.push_screen(ReasonScreen("Search source and target (empty: show all)", "text", current), done)

    def action_export(self) -> None:
        default = str(self.session.default_export_folder())

        def done(folder: str | None) -> None:
            if not folder:
                return
            paths = self._guard(self.session.export, folder)
            if paths:
                names = ", ".join(visible(p.name, one_line=True) for p in paths)
                self.notify(f"Wrote {names} to {visible(folder, one_line=True)}", timeout=5, markup=False)

        where = self.session_location()
        kept = f" (the session stays in {visible(where, one_line=True)})" if where else ""
        self.app.push_screen(ReasonScreen(f"Export the corrected text and the corrections log to folder{kept}:", "",
                                          default), done)

    def action_rule_from_edit(self) -> None:
        open_rule_dialog(self)

    def action_help(self) -> None:
        rows = [(key_names(b.key), b.tooltip or b.description) for b in self.BINDINGS if isinstance(b, Binding)]
        rows += [("tab", "List → texts → flags (the arrows scroll a text)"), ("ctrl+p", "Command palette: every action by name")]
        self.app.push_screen(HelpScreen(rows, session_path=self.session_location()))

    def session_location(self) -> str | None:
        """Where the session's store is, as the help shows it (None when it has no file)."""
        path = getattr(self.session.store, "path", None)
        return str(path) if path else None

