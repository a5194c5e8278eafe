"""The source and target panes and the flags panel of the current segment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reviewer.core.model import Flag
from reviewer.review import learning
from reviewer.review.events import Annotation
from reviewer.tui.render import SEVERITY_FG, plain_line


class TextPane(VerticalScroll):
    """A bordered pane showing one side of the current segment (always as Content). The screen
    sets its height (`reviewer.tui.layout`); a text taller than that scrolls inside the frame,
    the scrollbar within the border, so the last line and the bottom border are never cut.
    Tab reaches it, and then the arrows scroll it (j and k still move between segments)."""

    DEFAULT_CSS = """
    TextPane {
        border: round $panel-lighten-2; padding: 0 0 0 1; height: auto;
        scrollbar-size-vertical: 1; scrollbar-gutter: stable;
    }
    TextPane:focus { border: round $accent; }
    TextPane > Static { height: auto; }
    """

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = title
        self.body = Static(Content(""), markup=False)
        self._shown: tuple[Content, tuple[Any, ...], str] | None = None
        self.lines = 1
        """Lines the text takes at the pane's width (1 until the pane has a width)."""

    def compose(self) -> ComposeResult:
        yield self.body

    @property
    def needed(self) -> int:
        """Rows (borders included) that show the whole text."""
        return self.lines + self.gutter.height

    def measure(self) -> int:
        """Count the text's lines at the pane's width now (after a resize); returns `needed`."""
        width = self.scrollable_content_region.width
        if width > 0 and self._shown is not None:
            self.lines = max(1, len(self._shown[0].wrap(width)))
        return self.needed

    @property
    def shown(self) -> Content:
        """The text on show."""
        return self._shown[0] if self._shown is not None else Content("")

    def show(self, content: Content, subtitle: str = "") -> None:
        """Replace the text; `subtitle` (a segment id or a state) goes on the border as literal,
        one-line text. The whole screen is laid out again only when the text no longer fits
        the room it has; otherwise only the text is repainted."""
        # Content's == compares the text only: the spans (which flag is selected) must count too.
        shown = (content, tuple(content.spans), subtitle)
        if self._shown is not None and self._shown[1:] == shown[1:] and self._shown[0].plain == content.plain:
            return  # the same again (a flag highlighted twice): nothing to repaint
        self._shown = shown
        self.measure()
        room = self.scrollable_content_region.height
        body = self.body.size.height
        # The body keeps its height without a layout: fine while the text fits in it and the
        # body does not reach past the pane (which would scroll over blank lines).
        fits = 0 < self.lines <= body <= room
        self.body.update(content, layout=not fits)
        if not fits:
            self.scroll_home(animate=False, immediate=True)
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
    FlagsPanel {
        border: round $panel-lighten-2; height: 1fr; min-height: 3;
        scrollbar-size-vertical: 1; scrollbar-gutter: stable;
    }
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
                stats = learning.cached_stats()  # (read again only when another change wrote it)
                self.set_options([Option(_describe(item, stats)) for item in items])
                self.highlighted = max(0, min(keep, len(items) - 1))
            else:
                self.clear_options()
        finally:
            self._replacing = False
        self.border_subtitle = f"{sum(1 for i in items if i.flag and i.dismissed_reason is None)} open"
        self._selected_changed()

    @property
    def needed(self) -> int:
        """Rows (borders included) that list every item at the panel's width (one empty row
        when there is none)."""
        width = self.scrollable_content_region.width
        lines = self.get_content_height(Size(width, 0), Size(width, 0), width) if self.items and width > 0 else 1
        return max(1, lines) + self.gutter.height

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


#: A rule is called out on its flags once it has this many decisions across sessions...
DOUBTFUL_AFTER = 5
#: ... and reviewers accepted fewer than this share of its flags.
DOUBTFUL_BELOW = 0.5


def doubt(stats: learning.RuleStats | None) -> str | None:
    """`this rule: 7 of 10 dismissed` for a rule reviewers mostly reject; None otherwise."""
    if stats is None or stats.decided < DOUBTFUL_AFTER or (stats.precision or 0.0) >= DOUBTFUL_BELOW:
        return None
    left = f", {stats.left_open} left open" if stats.left_open else ""
    return f"this rule: {stats.dismissed} of {stats.decided} dismissed{left}"


def _describe(item: FlagItem, stats: dict[str, learning.RuleStats] | None = None) -> Content:
    # Rule ids, categories and messages come from glossary files; texts, suggestions, reasons
    # and comments from the corpus or a reviewer: all are one line here, literal.
    if item.annotation is not None:
        a = item.annotation
        return Content.assemble(
            (f"{a.severity.value:<8} ", SEVERITY_FG[a.severity]),
            ("annotation  ", "#b48ee0"),
            Content.assemble("[", plain_line(a.category), "] ").stylize("dim"),
            plain_line(f"{a.text!r}: {a.comment}" if a.comment else repr(a.text)),
        )
    flag = item.flag
    assert flag is not None
    open_ = item.dismissed_reason is None
    parts: list[Content | tuple[str, str] | str] = [
        (f"{flag.severity.value:<8} ", SEVERITY_FG[flag.severity] if open_ else "dim strike"),
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
    doubtful = doubt((stats or {}).get(flag.rule))
    if doubtful is not None:
        parts += ["\n", Content(doubtful).stylize("dim")]
    return Content.assemble(*parts)
