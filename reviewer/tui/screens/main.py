"""The main screen: the segment list, the two texts, the flags and the scores of one corpus. It
turns key presses into `ReviewSession` calls and what the review view says into widgets; the
counts and filters are the view's (`reviewer.review.view`), not the screen's."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable, Sequence
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from reviewer.checking.background import BackgroundChecker, SegmentSummary
from reviewer.core.errors import ReviewerError
from reviewer.core.model import Flag, Segment, Severity, Side
from reviewer.core.text import visible
from reviewer.review.session import PlannedEdit, ReviewSession
from reviewer.review.view import Filter, ReviewView
from reviewer.scoring.metrics import SessionScores, category_counts
from reviewer.tui.render import ANNOTATION_STYLE, SEVERITY_FG, SOURCE_TERM_STYLE, flag_spans, highlighted
from reviewer.tui.screens.dialogs import (
    AnnotateScreen,
    AnnotationInput,
    EditScreen,
    FilterScreen,
    FixPreviewScreen,
    HelpScreen,
    ReasonScreen,
)
from reviewer.tui.widgets.panels import FlagItem, FlagsPanel, TextPane
from reviewer.tui.widgets.scores import ScorePanel
from reviewer.tui.widgets.segment_list import RowInfo, SegmentList

#: The mark a list row shows for a segment's state.
STATE_MARK = {"approved": "✓", "edited": "✎"}


class MainScreen(Screen[None]):
    """Side-by-side review of one corpus."""

    BINDINGS = [
        # Moving between segments: the screen moves the list's cursor and shows the segment in
        # the same step, so both appear in one frame (a message from the list would cost one).
        Binding("up,k", "move(-1)", "Previous", show=False),
        Binding("down,j", "move(1)", "Next", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("n", "next_flag", "Next flag", id="next-flag", tooltip="Next open flag, across segments"),
        Binding("p", "previous_flag", "Prev flag", id="previous-flag", tooltip="Previous open flag"),
        Binding("u", "next_unreviewed", "Unreviewed", id="next-unreviewed", tooltip="Next segment not approved"),
        Binding("a", "apply", "Apply", id="apply", tooltip="Apply the selected flag's suggestion"),
        Binding("A", "apply_everywhere", "Apply all", id="apply-everywhere",
                tooltip="Apply the selected rule's suggestions in the whole corpus (with a preview)"),
        Binding("e", "edit", "Edit", id="edit", tooltip="Edit the target"),
        Binding("space", "approve", "Approve", id="approve", tooltip="Approve the segment, or take it back"),
        Binding("d", "dismiss_flag", "Dismiss", id="dismiss", tooltip="Dismiss the selected flag as a false positive"),
        Binding("m", "annotate", "Annotate", id="annotate", tooltip="Mark an error the checks missed"),
        Binding("z,ctrl+z", "undo", "Undo", id="undo", tooltip="Undo the last change"),
        Binding("y,ctrl+y", "redo", "Redo", id="redo", tooltip="Redo"),
        Binding("slash", "search", "Search", id="search", tooltip="Search source and target"),
        Binding("f", "filter", "Filter", id="filter", tooltip="Filter the segment list"),
        Binding("x", "export", "Export", id="export", tooltip="Write the corrected text and the corrections log"),
        Binding("right_square_bracket", "select_flag(1)", "Flag ↓", show=False, id="flag-down"),
        Binding("left_square_bracket", "select_flag(-1)", "Flag ↑", show=False, id="flag-up"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    #: Background work (scoring, taking in check results) waits this long after a key press or
    #: a click, so that the screen has the interpreter to itself while the reviewer is moving.
    INPUT_QUIET = 0.25

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
        self._status: Content | None = None
        self.last_input = 0.0
        """When the reviewer last pressed a key or clicked (monotonic seconds; the app sets it)."""

    def _yield_to_input(self, longest: float = 1.0) -> None:
        """In a worker thread: wait while the reviewer is pressing keys (at most `longest` s)."""
        waited = 0.0
        while time.monotonic() - self.last_input < self.INPUT_QUIET and waited < longest:
            time.sleep(0.02)
            waited += 0.02

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
        yield Static(Content(""), id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        seg_list = self.query_one(SegmentList)
        seg_list.set_rows([s.id for s in self.session.segments])
        seg_list.focus()
        if self.session.segments:
            self.show_segment(self.session.segments[0].id)
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

    # -- background checking --------------------------------------------------------------
    @work(thread=True, exclusive=True, group="checks")
    def check_all(self) -> None:
        """Check every segment without blocking the screen; the list fills in as it goes. Large
        corpora are checked by a worker process; this thread only waits for its results."""
        worker = get_current_worker()
        session, view, app = self.session, self.view, self.app
        total = len(session.segments)
        if self._background is not None:
            background = self._background
            edited = dict(session.targets)
            verdicts = background.verdicts(edited).result()
            app.call_from_thread(self._use_verdicts, verdicts)
            done = 0
            for summaries in background.summaries(edited):
                if worker.is_cancelled:
                    return
                done += len(summaries)
                self._yield_to_input()
                app.call_from_thread(self._take_summaries, summaries, done * 100 // max(1, total))
            app.call_from_thread(self._checks_done)
            return
        session.refresh_corpus_flags()
        for i, seg in enumerate(session.segments, 1):
            if worker.is_cancelled:
                return
            view.count(seg.id)
            time.sleep(0)  # hand the interpreter to the screen thread if it is waiting for a key
            if i % 500 == 0:
                app.call_from_thread(self._progress, i * 100 // max(1, total))
        app.call_from_thread(self._checks_done)

    def _use_verdicts(self, verdicts: list[Any]) -> None:
        if self.view.use_verdicts(verdicts) and self.current:
            self.show_segment(self.current, keep_flag=self.query_one(FlagsPanel).highlighted or 0)

    def _take_summaries(self, summaries: list[SegmentSummary], percent: int) -> None:
        self.view.take(summaries)
        shown = self.query_one(SegmentList).visible_ids()
        self._progress(percent, repaint=any(summary.segment_id in shown for summary in summaries))
        gc.freeze()  # the results just stored live on: keep them out of every later full collection

    def _progress(self, percent: int, *, repaint: bool = True) -> None:
        self.view.progress = percent
        self.update_status()
        if repaint:  # rows out of sight are drawn when scrolled to (unchecked rows are never cached)
            self.query_one(SegmentList).invalidate()

    def _checks_done(self) -> None:
        self.view.finish()
        self.query_one(SegmentList).invalidate()
        if self.current:
            self.show_segment(self.current)
        self.update_status()

    @work(thread=True, exclusive=True, group="scores")
    def score_all(self) -> None:
        """Score every segment's MT against its current text (sacrebleu), off the screen thread."""
        worker = get_current_worker()
        segments = self.session.segments
        for start in range(0, len(segments), 500):
            if worker.is_cancelled:
                return
            self._score(segments[start:start + 500])
            self.app.call_from_thread(self._take_scores)
        self.scored_all = True
        self.app.call_from_thread(self._take_scores)

    def _take_scores(self) -> None:
        gc.freeze()  # the scores just made live on: keep them out of every later full collection
        self.update_scores()

    def _score(self, segments: Sequence[Segment]) -> None:
        for seg in segments:
            self._yield_to_input(longest=10.0)
            self.scores.score_segment(seg.id, seg.target, self.session.target(seg.id))
            time.sleep(0)

    def update_scores(self, *, recount: bool = False) -> None:
        """Redraw the score panel (cheap: the corpus figure is a running sum, and the errors
        by category are counted again only after a change)."""
        if recount or self._categories is None:
            self._categories = category_counts(self.session, top_level=False)
        total = len(self.session.segments)
        corpus = self.scores.corpus() if len(self.scores) else None
        segment = self.scores.segment(self.current) if self.current else None
        self.query_one(ScorePanel).show(corpus, segment, len(self.scores), total, self._categories)

    # -- rendering -------------------------------------------------------------------------
    def row_info(self, seg_id: str) -> RowInfo:
        """What the segment list shows for a row (computes flags of visible rows on demand)."""
        view = self.view
        return RowInfo(STATE_MARK.get(view.state(seg_id), "·"), view.row_counts(seg_id), self.session.target(seg_id))

    def show_segment(self, seg_id: str, keep_flag: int | None = None) -> None:
        """Fill the panes and the flags panel for a segment."""
        s = self.session
        if seg_id not in s.position:
            return
        changed = seg_id != self.current
        self.current = seg_id
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
        TextPane.same_height(source_pane, target_pane)

    def update_status(self) -> None:
        view = self.view
        approved, total = self.session.progress()
        parts: list[Content | tuple[str, str] | str] = [(f" {approved}/{total} approved", "bold")]
        if view.checked_all:
            crit, major, minor = view.totals
            parts += ["  ·  open flags: ", (f"critical {crit}", SEVERITY_FG[Severity.CRITICAL]), "  ",
                      (f"major {major}", SEVERITY_FG[Severity.MAJOR]), "  ",
                      (f"minor {minor}", SEVERITY_FG[Severity.MINOR])]
        else:
            parts += [(f"  ·  checking… {view.progress}%", "italic")]
        rows = len(self.query_one(SegmentList).rows)
        parts += [f"  ·  showing {rows}",
                  (f" ({visible(self.filter.label, one_line=True)})" if self.filter.kind != "all" else "", "dim")]
        dismissed = sum(self.session.dismissal_counts().values())
        if dismissed:
            parts.append((f"  ·  dismissed {dismissed}", "dim"))
        status = Content.assemble(*parts)
        if status != self._status:
            self._status = status
            self.query_one("#status", Static).update(status, layout=False)  # always one line high

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

    @work(thread=True, exclusive=True, group="corpus")
    def refresh_corpus_checks(self) -> None:
        """Consistency checks look at the whole corpus: decide them again after a change (in
        the background process for large corpora), and recount if the verdict moved."""
        session = self.session
        if not session.checker.corpus_checks:
            return
        if self._background is not None:
            changed = self.view.use_verdicts(self._background.verdicts(dict(session.targets)).result())
        else:
            changed = session.refresh_corpus_flags()
        if changed:
            if self._background is not None:
                self.app.call_from_thread(self.check_all)  # recount everything, in the background
            else:
                self.app.call_from_thread(self._recount, [seg.id for seg in session.segments])

    def _recount(self, seg_ids: list[str]) -> None:
        self.view.recount(seg_ids)
        self.query_one(SegmentList).invalidate()
        if self.current in seg_ids:
            self.show_segment(self.current, keep_flag=self.query_one(FlagsPanel).highlighted or 0)
        self.update_status()

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
    @property
    def seg_list(self) -> SegmentList:
        return self.query_one(SegmentList)

    def selected_item(self) -> FlagItem | None:
        return self.query_one(FlagsPanel).selected_item

    def selected_flag(self) -> Flag | None:
        item = self.selected_item()
        return item.flag if item and item.dismissed_reason is None else None

    def _guard(self, fn, *args):  # type: ignore[no-untyped-def]
        """Run an engine call; show a ReviewerError as a notification instead of crashing."""
        try:
            return fn(*args)
        except ReviewerError as exc:
            self.notify(visible(str(exc), one_line=True), severity="error", markup=False)
            return None

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
        self._undo_or_redo(self.session.undo, "Nothing to undo.")

    def action_redo(self) -> None:
        self._undo_or_redo(self.session.redo, "Nothing to redo.")

    def _undo_or_redo(self, step: Any, nothing: str) -> None:
        touched = self._guard(step)
        if not touched:
            self.notify(nothing, timeout=2)
            return
        self.go_to(touched[0])
        self.after_change(touched)

    # -- actions: views --------------------------------------------------------------------
    def set_filter(self, new: Filter) -> None:
        """Show only the segments a filter keeps."""
        rows = self.view.rows(new)
        if not rows:
            self.notify(f"No segment matches {visible(new.label, one_line=True)}.", timeout=3, markup=False)
            return
        self.filter = new
        self.seg_list.set_rows(rows, keep=self.current)
        if self.seg_list.current:
            self.show_segment(self.seg_list.current)
        self.update_status()

    def action_filter(self) -> None:
        self.app.push_screen(FilterScreen(self.view.rule_counts(), dict(self.session.dismissal_counts())),
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

        self.app.push_screen(ReasonScreen("Export the corrected text and the corrections log to folder:", "",
                                          default), done)

    def action_help(self) -> None:
        rows = [("↑ ↓  j k", "previous / next segment"), ("PgUp PgDn Home End", "page / first / last segment"),
                ("[ ]", "previous / next flag of this segment"), ("tab", "move between list and flags")]
        for b in self.BINDINGS:
            if isinstance(b, Binding) and b.show:
                rows.append((b.key.replace("question_mark", "?").replace("slash", "/"), b.tooltip or b.description))
        rows.append(("ctrl+p", "command palette"))
        self.app.push_screen(HelpScreen(rows))

