"""The source and target panes and the flags panel of the current segment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reviewer.core.model import Flag
from reviewer.review.events import Annotation
from reviewer.tui.render import SEVERITY_FG, plain_line


class TextPane(Static):
    """A bordered pane showing one side of the current segment (always as Content)."""

    DEFAULT_CSS = """
    TextPane { border: round $panel-lighten-2; padding: 0 1; height: auto; min-height: 3; }
    TextPane:focus { border: round $accent; }
    """

    #: Heights (in rows, borders included) below which the pane keeps its stylesheet size.
    STICKY_MIN = 7
    #: The least height (rows) the pane keeps for shorter texts; 0: its stylesheet's.
    floor = 0

    _applied = 0

    def _apply_floor(self) -> None:
        if self.floor != self._applied:  # setting a style lays the screen out again: only on change
            self._applied = self.floor
            self.styles.min_height = self.floor or None  # None: back to the stylesheet's

    @staticmethod
    def same_height(*panes: TextPane) -> None:
        """Side by side panes keep the same least height (the taller one's)."""
        floor = max(p.floor for p in panes)
        for pane in panes:
            pane.floor = floor
            pane._apply_floor()

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(Content(""), id=id, markup=False)
        self.border_title = title
        self._shown: tuple[Content, tuple[Any, ...], str, int] | None = None

    def show(self, content: Content, subtitle: str = "") -> None:
        """Replace the text; `subtitle` (a segment id or a state) goes on the border as literal,
        one-line text. The pane grows to fit a longer text and keeps that height for
        shorter ones (up to a quarter of the screen), so moving between segments repaints the
        text without laying the whole screen out again, and the panels below stay put."""
        width = self.content_region.width
        # Content's == compares the text only: the spans (which flag is selected) must count too.
        shown = (content, tuple(content.spans), subtitle, width)
        if self._shown is not None and self._shown[1:] == shown[1:] and self._shown[0].plain == content.plain:
            return  # the same again (a flag highlighted twice): nothing to repaint
        self._shown = shown
        lines = len(content.wrap(width)) if width > 0 else -1
        needed = lines + self.gutter.height
        if self.screen.has_class("-narrow"):
            # Stacked panes share a height-limited box: each must be exactly as tall as its text.
            fits = lines > 0 and needed == self.outer_size.height
            self.floor = 0
        else:
            fits = lines > 0 and needed <= self.outer_size.height
            if not fits and lines > 0:
                cap = max(self.STICKY_MIN, self.screen.size.height // 4)
                self.floor = min(needed, cap) if needed > self.STICKY_MIN else 0
        self._apply_floor()
        self.update(content, layout=not fits)
        self.border_subtitle = plain_line(subtitle)  # a str would be read as markup


@dataclass(frozen=True)
class FlagItem:
    """One line of the flags panel: an open flag, a dismissed flag, or an annotation."""

    flag: Flag | None = None
    dismissed_reason: str | None = None
    annotation: Annotation | None = None


class FlagsPanel(OptionList):
    """Flags of the current segment; the highlighted one is the "selected flag"."""

    # The panel's own size never depends on how many flags it lists (it takes the space left),
    # so a new list needs no layout of the whole screen, only a repaint of the panel.
    virtual_size = Reactive(Size(0, 0), layout=False)

    DEFAULT_CSS = """
    FlagsPanel { border: round $panel-lighten-2; height: 1fr; min-height: 4; }
    FlagsPanel:focus { border: round $accent; }
    """

    class Selected(Message):
        """The highlighted flag changed (None when there is none)."""

        def __init__(self, item: FlagItem | None) -> None:
            super().__init__()
            self.item = item

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, FlagsPanel.Selected)  # only the latest selection matters

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Flags"
        self.items: list[FlagItem] = []
        self._replacing = False

    def _selected_changed(self) -> None:
        self.post_message(self.Selected(self.selected_item))

    def show(self, items: list[FlagItem], keep: int = 0) -> None:
        """Replace the list, keeping the highlight near where it was."""
        self.items = items
        self._replacing = True  # one selection change for the whole replacement, told below
        try:
            if items:
                # One update of the list's size (clear + add would change it twice, each time
                # laying out the whole screen again).
                self.set_options([Option(_describe(item)) for item in items])
                self.highlighted = max(0, min(keep, len(items) - 1))
            else:
                self.clear_options()
        finally:
            self._replacing = False
        self.border_subtitle = f"{sum(1 for i in items if i.flag and i.dismissed_reason is None)} open"
        self._selected_changed()

    @property
    def selected_item(self) -> FlagItem | None:
        """The highlighted item."""
        if self.highlighted is None or not 0 <= self.highlighted < len(self.items):
            return None
        return self.items[self.highlighted]

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and not self._replacing:
            self._selected_changed()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()  # Selected (posted by watch_highlighted) says it in this panel's terms


def _describe(item: FlagItem) -> Content:
    # Rule ids, categories and messages come from glossary files; texts, suggestions, reasons
    # and comments from the corpus or a reviewer: all are one line here, literal.
    if item.annotation is not None:
        a = item.annotation
        return Content.assemble(
            (f"{a.severity.value:<8}", SEVERITY_FG[a.severity]),
            ("annotation  ", "#b48ee0"),
            Content.assemble("[", plain_line(a.category), "] ").stylize("dim"),
            plain_line(f"{a.text!r}: {a.comment}" if a.comment else repr(a.text)),
        )
    flag = item.flag
    assert flag is not None
    open_ = item.dismissed_reason is None
    parts: list[Content | tuple[str, str] | str] = [
        (f"{flag.severity.value:<8}", SEVERITY_FG[flag.severity] if open_ else "dim strike"),
        plain_line(flag.rule).stylize("bold" if open_ else "dim strike"),
        Content.assemble("  [", plain_line(flag.category), "]").stylize("dim"),
        ("  (source)" if flag.side.value == "source" else "", "italic #7fbfff"),
        "\n",
        plain_line(flag.message),
    ]
    if flag.suggestion is not None:
        parts += ["\n", ("→ ", "#5fd787"), (plain_line(flag.suggestion) if flag.suggestion else Content("(delete)"))]
    if item.dismissed_reason is not None:
        reason = Content.assemble("dismissed", *((": ", plain_line(item.dismissed_reason)) if item.dismissed_reason else ()))
        parts += ["\n", reason.stylize("dim italic")]
    return Content.assemble(*parts)
