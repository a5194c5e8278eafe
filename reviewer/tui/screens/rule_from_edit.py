""""Make a rule from this edit": the glossary entry the reviewer's last hand edit of a segment
would make (`review.suggest`), the other segments it would flag, and, once confirmed, the entry
added to the project's `glossary.proposed.yaml` and the corpus checked with it.

Everything shown comes from files (segment text, words, ids, paths): literal `Content`, never
markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from reviewer.core.errors import ReviewerError
from reviewer.core.text import visible
from reviewer.review.session import ReviewSession
from reviewer.review.suggest import (
    Proposal,
    adopt_proposals,
    corpus_label,
    last_hand_edit,
    propose_from_edit,
    proposed_glossary_path,
    would_flag,
)
from reviewer.tui.render import plain, plain_line
from reviewer.tui.screens.dialogs import Dialog

if TYPE_CHECKING:
    from reviewer.tui.screens.main import MainScreen

RULE_FROM_EDIT_TIP = "Make a glossary rule from your last hand edit here, after a preview"
"""The key's tooltip (the help lists it)."""
SHOWN = 200
"""Segments the preview lists; it says how many more there are."""


def open_rule_dialog(screen: MainScreen) -> None:
    """Propose the entry of the current segment's last hand edit, or say why there is none."""
    seg_id = screen.current
    if seg_id is None:
        return
    session = screen.session
    edit = last_hand_edit(session, seg_id)
    if edit is None:
        screen.notify("No hand edit of this segment to learn from: edit its target (e) first.", timeout=4)
        return

    def done(changed: list[str] | None) -> None:
        if changed is not None:
            screen.after_change(changed)
            where = visible(str(proposed_glossary_path(session)), one_line=True)
            screen.notify(f"Added to {where}; checked again.", timeout=5, markup=False)

    screen.app.push_screen(RuleFromEditScreen(session, seg_id, edit.before or "", edit.after or ""), done)


class RuleFromEditScreen(Dialog[list[str] | None]):
    """The entries an edit makes and the other segments they would flag (both worked out off
    the screen thread: a large corpus takes seconds); `y` adds them (returns the segments to
    check again), `n` changes nothing (returns None)."""

    DEFAULT_CSS = """
    RuleFromEditScreen > Vertical { height: 90%; }
    RuleFromEditScreen #entries { margin-bottom: 1; }
    RuleFromEditScreen VerticalScroll { height: 1fr; }
    """
    BINDINGS = [
        Binding("y,enter", "confirm", "Add the rule", priority=True),
        Binding("n,escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, session: ReviewSession, seg_id: str, before: str, after: str) -> None:
        super().__init__()
        self.session = session
        self.seg_id = seg_id
        self.before = before
        self.after = after
        self.proposals: list[Proposal] | None = None
        """The entries the edit makes, once worked out."""
        self.flagged: list[tuple[str, str]] | None = None
        """The other segments the entries would flag (id, current target), once looked up."""

    def compose(self) -> ComposeResult:
        where = visible(str(proposed_glossary_path(self.session)), one_line=True)
        with Vertical():
            yield Static(Content.assemble(("Make a rule from your edit of ", "bold"),
                                          plain_line(self.seg_id).stylize("bold $accent"), ("?", "bold")),
                         markup=False, classes="title")
            yield Static("Reading your edit…", markup=False, id="entries")
            with VerticalScroll():
                yield Static("", markup=False, id="preview")
            yield Static(Content.assemble("It is added to ", (where, "bold"), ", and the corpus is checked again."),
                         markup=False, classes="hint", id="where")
            with Horizontal(classes="buttons"):
                yield Button("Cancel (n)", id="cancel")
                yield Button("Add the rule (y)", variant="primary", id="confirm", disabled=True)

    def on_mount(self) -> None:
        self.work_out()

    @work(thread=True, exclusive=True, group="rule-from-edit")
    def work_out(self) -> None:
        """The entries (aligned on the whole corpus), then every segment checked with them alone."""
        session = self.session
        try:
            proposals = propose_from_edit(session.corpus, corpus_label(session.corpus), self.seg_id, self.before,
                                          self.after)
            self.app.call_from_thread(self._show_entries, proposals)
            if proposals:
                self.app.call_from_thread(self._show_preview, would_flag(session, proposals, skip=self.seg_id))
        except ReviewerError as exc:
            self.app.call_from_thread(self.notify, visible(str(exc), one_line=True), severity="error", markup=False)

    def _show_entries(self, proposals: list[Proposal]) -> None:
        self.proposals = proposals
        if not proposals:
            text = Content("Your last edit here makes no rule: it replaced no word by another, or no source word "
                           "tells which word it translates.")
            # Nothing to add: no place to add it to, and one button that closes.
            self.query_one("#where", Static).display = False
            self.query_one("#confirm", Button).display = False
            self.query_one("#cancel", Button).label = "Close (n)"
        else:
            text = Content("\n").join(Content.assemble(
                ("source ", "bold"), plain_line(p.source).stylize("bold $accent"),
                ("  target ", "bold"), plain_line(p.target).stylize("bold #5fd787"),
                ("  forbidden ", "bold"), Content(", ").join(plain_line(a).stylize("bold #ff5f87") for a in p.forbidden),
                "\n", plain_line(p.note()).stylize("italic"),
            ) for p in proposals)
            self.query_one("#preview", Static).update("Looking for the other segments it would flag…")
        self.query_one("#entries", Static).update(text)

    def _show_preview(self, flagged: list[tuple[str, str]]) -> None:
        self.flagged = flagged
        if not flagged:
            text = Content("No other segment would be flagged.")
        else:
            n = len(flagged)
            lines = [Content.assemble(plain_line(seg_id).stylize("bold"), "  ", plain(target))
                     for seg_id, target in flagged[:SHOWN]]
            more = [Content(f"… and {n - SHOWN} more")] if n > SHOWN else []
            head = Content(f"It would flag {n} other segment{'s' * (n != 1)}:").stylize("bold")
            text = Content("\n").join([head, *lines, *more])
        self.query_one("#preview", Static).update(text)
        self.query_one("#confirm", Button).disabled = False

    def action_confirm(self) -> None:
        if self.proposals == []:
            self.dismiss(None)  # nothing to add: y closes as n does
            return
        if self.proposals is None or self.flagged is None:
            self.notify("Still looking: a moment.", timeout=2)
            return
        try:
            adopt_proposals(self.session, self.proposals)
        except ReviewerError as exc:
            self.notify(visible(str(exc), one_line=True), severity="error", markup=False)
            return
        self.dismiss([self.seg_id, *(seg_id for seg_id, _ in self.flagged)])

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#confirm")
    def pressed_confirm(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#cancel")
    def pressed_cancel(self) -> None:
        self.action_cancel()
