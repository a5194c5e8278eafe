"""Modal dialogs: each returns its result through `dismiss(value)` (None when cancelled)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from reviewer.core.model import MQM_CATEGORIES, Severity
from reviewer.core.text import unvisible, visible, visible_with_offsets
from reviewer.core.text import word_diff as text_word_diff
from reviewer.review.session import PlannedEdit
from reviewer.review.view import Filter
from reviewer.tui.render import plain

T = TypeVar("T")

class Dialog(ModalScreen[T]):
    """A centred, bordered modal; subclasses compose one Vertical."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    Dialog .title { text-style: bold; margin-bottom: 1; }
    Dialog .hint { color: $text-muted; margin-top: 1; }
    Dialog Horizontal.buttons { height: auto; margin-top: 1; align-horizontal: right; }
    Dialog Horizontal.buttons Button { margin-left: 2; }
    """


class HelpScreen(Dialog[None]):
    """Every key binding with what it does."""

    DEFAULT_CSS = "HelpScreen VerticalScroll { height: auto; max-height: 32; }"
    BINDINGS = [Binding("escape,q,question_mark", "dismiss(None)", "Close")]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        width = max(len(k) for k, _ in self.rows) + 2
        lines = Content("\n").join(
            Content.assemble((f"{key:<{width}}", "bold $accent"), text) for key, text in self.rows
        )
        with Vertical():
            yield Label("Keys", classes="title")
            with VerticalScroll():
                yield Static(lines, markup=False)
            yield Label("Every action is also in the command palette (ctrl+p). Esc closes.", classes="hint")


class EditScreen(Dialog[str | None]):
    """Edit a target in a multi-line editor. Control characters appear as ⟨U+XXXX⟩ and are
    restored on save, so nothing invisible is lost or sent to the terminal."""

    DEFAULT_CSS = "EditScreen TextArea { height: 10; }"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, segment_id: str, source: str, target: str) -> None:
        super().__init__()
        self.segment_id = segment_id
        self.source = source
        self.target = target

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Edit {self.segment_id}", classes="title")
            yield Static(plain(self.source), markup=False, classes="source")
            editor = TextArea(visible(self.target), soft_wrap=True, id="editor")
            yield editor
            yield Label("ctrl+s saves (checks re-run at once) · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        text = unvisible(self.query_one(TextArea).text)
        broken = new_code_problems(self.source, self.target, text)
        if broken:
            self.notify("Inline codes are protected: " + "; ".join(broken) + ". Put them back or press esc.",
                        severity="error", timeout=6, markup=False)
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


def new_code_problems(source: str, before: str, after: str) -> list[str]:
    """Inline-code problems an edit would introduce (codes deleted, broken or invented)."""
    from reviewer.formats.inline import code_problems

    known = {message for _, _, message in code_problems(source, before)}
    return [message for _, _, message in code_problems(source, after) if message not in known]


class ReasonScreen(Dialog[str | None]):
    """Ask for an optional line of text (a dismissal reason); Enter confirms, Esc cancels."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.title_text), markup=False, classes="title")
            yield Input(value=self.value, placeholder=self.placeholder)
            yield Label("Enter confirms · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


@dataclass(frozen=True)
class AnnotationInput:
    """What the annotate dialog returns."""

    start: int
    end: int
    category: str
    severity: str
    comment: str


ANNOTATION_CATEGORIES = [
    "accuracy/mistranslation", "accuracy/omission", "accuracy/addition", "accuracy/untranslated",
    "fluency/grammar", "fluency/spelling", "fluency/punctuation", "fluency/register", "terminology",
    "style", "locale-convention", "other",
]
assert all(c.split("/")[0] in MQM_CATEGORIES for c in ANNOTATION_CATEGORIES)


class AnnotateScreen(Dialog[AnnotationInput | None]):
    """Mark an error the checks missed: select a span of the target (shift+arrows or the
    mouse), choose an MQM category and severity, add a comment."""

    DEFAULT_CSS = "AnnotateScreen TextArea { height: 6; } AnnotateScreen Select { width: 1fr; }"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, segment_id: str, target: str, start: int = 0, end: int = 0) -> None:
        super().__init__()
        self.segment_id = segment_id
        self.target = target
        self.shown, self.offsets = visible_with_offsets(target)
        self.initial = (start, end)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Annotate an error in {self.segment_id}", classes="title")
            yield TextArea(self.shown, read_only=True, soft_wrap=True, id="span")
            with Horizontal(classes="buttons"):
                yield Select([(c, c) for c in ANNOTATION_CATEGORIES], value="accuracy/mistranslation",
                             allow_blank=False, id="category")
                yield Select([(s.value, s.value) for s in Severity], value="major", allow_blank=False,
                             id="severity")
            yield Input(placeholder="comment (optional)", id="comment")
            yield Label("select the wrong words above · ctrl+s saves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        start, end = self.initial
        if end > start:
            area.selection = _selection(self.shown, self.offsets[start], self.offsets[end])
        area.focus()

    def _span(self) -> tuple[int, int]:
        area = self.query_one(TextArea)
        (r1, c1), (r2, c2) = sorted([area.selection.start, area.selection.end])
        lines = self.shown.split("\n")
        a = sum(len(line) + 1 for line in lines[:r1]) + c1
        b = sum(len(line) + 1 for line in lines[:r2]) + c2
        return _original(self.offsets, a), _original(self.offsets, b)

    def action_save(self) -> None:
        start, end = self._span()
        if end <= start:
            self.notify("Select the wrong words first (shift+arrows or drag).", severity="warning")
            return
        self.dismiss(AnnotationInput(
            start, end, str(self.query_one("#category", Select).value), str(self.query_one("#severity", Select).value),
            self.query_one("#comment", Input).value))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _selection(shown: str, a: int, b: int):  # type: ignore[no-untyped-def]
    from textual.widgets.text_area import Selection

    def loc(offset: int) -> tuple[int, int]:
        before = shown[:offset]
        return before.count("\n"), len(before) - (before.rfind("\n") + 1)

    return Selection(loc(a), loc(b))


def _original(offsets: list[int], shown_offset: int) -> int:
    """Offset in the original text for an offset in the shown text (placeholders count as one)."""
    lo, hi = 0, len(offsets) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if offsets[mid] <= shown_offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


class FixPreviewScreen(Dialog[bool]):
    """Every change a corpus-wide fix would make, before it is made."""

    DEFAULT_CSS = """
    FixPreviewScreen > Vertical { height: 90%; }
    FixPreviewScreen VerticalScroll { height: 1fr; }
    """
    BINDINGS = [
        Binding("y,enter", "confirm", "Apply all", priority=True),
        Binding("n,escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, rule: str, plan: list[PlannedEdit]) -> None:
        super().__init__()
        self.rule = rule
        self.plan = plan

    def compose(self) -> ComposeResult:
        blocks = []
        for item in self.plan:
            before, after = word_diff(item.before, item.after)
            blocks.append(Content.assemble(
                (item.segment_id, "bold"), "\n",
                ("− ", "#ff5f87"), before, "\n",
                ("+ ", "#5fd787"), after,
            ))
        with Vertical():
            yield Static(Content.assemble(("Apply ", "bold"), (self.rule, "bold $accent"),
                                          (f" in {len(self.plan)} segments?", "bold")), markup=False, classes="title")
            with VerticalScroll():
                yield Static(Content("\n\n").join(blocks), markup=False, id="preview")
            with Horizontal(classes="buttons"):
                yield Button("Cancel (n)", id="cancel")
                yield Button("Apply all (y)", variant="primary", id="confirm")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm")
    def pressed_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def pressed_cancel(self) -> None:
        self.dismiss(False)


def word_diff(before: str, after: str) -> tuple[Content, Content]:
    """Both texts with the words that differ marked: removed in red, added in green."""
    left: list[Content] = []
    right: list[Content] = []
    for same, old, new in text_word_diff(before, after):
        if same:
            left.append(plain(old))
            right.append(plain(new))
            continue
        if old:
            left.append(plain(old).stylize("bold #ffffff on #8b1e3f"))
        if new:
            right.append(plain(new).stylize("bold #101010 on #5fd787"))
    return Content("").join(left), Content("").join(right)


class FilterScreen(Dialog[Filter | None]):
    """Pick a filter for the segment list."""

    DEFAULT_CSS = "FilterScreen OptionList { height: auto; max-height: 24; }"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, rules: list[tuple[str, int]], dismissed: dict[str, int] | None = None) -> None:
        super().__init__()
        self.choices = [Filter("all"), Filter("flagged"), Filter("unreviewed")]
        self.choices += [Filter("severity", s.value) for s in reversed(list(Severity))]
        self.choices += [Filter("rule", rule) for rule, _ in rules]
        self.counts = dict(rules)
        self.dismissed = dismissed or {}

    def compose(self) -> ComposeResult:
        options = []
        for f in self.choices:
            label = Content(f.label)
            if f.kind == "rule":
                gone = self.dismissed.get(f.value, 0)
                label = Content.assemble(("rule ", "dim"), plain(f.value), (f"  {self.counts[f.value]} open", "dim"),
                                         (f", {gone} dismissed" if gone else "", "dim italic"))
            options.append(Option(label))
        with Vertical():
            yield Label("Show segments", classes="title")
            yield OptionList(*options)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index])
