"""Modal dialogs: each returns its result through `dismiss(value)` (None when cancelled).

Text from a file is shown through `visible` (in `plain`, `plain_line`, `ShownText`), never as
markup; what a reviewer types or pastes cannot add a control character (`SafeTextArea`,
`SafeInput`); only the editor's explicit insert (ctrl+o, `InsertCharacterScreen`) can."""

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
from textual.widgets.text_area import EditResult, Location, Selection

from reviewer.core.model import MQM_CATEGORIES, Severity
from reviewer.core.text import INSERTABLE, ShownText, visible, visible_with_offsets, without_controls
from reviewer.core.text import word_diff as text_word_diff
from reviewer.formats.inline import new_code_problems
from reviewer.review.session import PlannedEdit
from reviewer.review.view import Filter
from reviewer.tui.render import plain, plain_line

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
    """Every key binding with what it does, and where the session is kept. The list scrolls
    (arrows, PgUp/PgDn, the mouse): at 80×24 it is taller than the screen."""

    DEFAULT_CSS = """
    HelpScreen VerticalScroll { height: auto; }
    HelpScreen .hint { margin-top: 0; }
    """
    #: Rows of the dialog that are not the list: frame and padding (4), title (2), hint (1).
    AROUND_LIST = 7
    BINDINGS = [Binding("escape,q,question_mark", "dismiss(None)", "Close")]

    def __init__(self, rows: list[tuple[str, str]], *, session_path: str | None = None) -> None:
        super().__init__()
        self.rows = rows
        self.session_path = session_path

    def compose(self) -> ComposeResult:
        width = max(len(k) for k, _ in self.rows) + 2
        lines = Content("\n").join(
            Content.assemble((f"{key:<{width}}", "bold $accent"), text) for key, text in self.rows
        )
        with Vertical():
            yield Label("Keys  (↑ ↓ PgUp PgDn scroll · esc closes)", classes="title")
            with VerticalScroll(id="help-keys"):
                if self.session_path:
                    # A path from the file system: literal, one line (wrapped if it is long).
                    yield Static(Content.assemble(("Session kept in ", "bold"), plain_line(self.session_path), "\n"),
                                 markup=False, id="help-session")
                yield Static(lines, markup=False)
            yield Label("Every action is also in the command palette (ctrl+p).", classes="hint")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # the arrows scroll the list
        self.on_resize()

    def on_resize(self) -> None:
        # The dialog is at most 90% of the screen and as tall as its rows otherwise: the list
        # gets what the frame, the title and the hints leave (a stylesheet cannot subtract).
        height = self.app.size.height
        self.query_one(VerticalScroll).styles.max_height = max(3, height * 9 // 10 - self.AROUND_LIST)


def _left_out(text: str) -> str:
    """What a notice says about the invisible characters `without_controls` took out."""
    dropped = [ch for ch in text if ch != "\n" and not without_controls(ch)]
    names = ", ".join(dict.fromkeys(f"U+{ord(ch):04X}" for ch in dropped))
    return f"Left out {len(dropped)} invisible character{'s' if len(dropped) > 1 else ''} ({names})."


class SafeTextArea(TextArea):
    """A TextArea whose typed or pasted text cannot add a control character: they are left out,
    with a notice (the terminal would obey them, and the save would keep them unseen)."""

    def replace(self, insert: str, start: Location, end: Location, *,
                maintain_selection_offset: bool = True) -> EditResult:
        clean = without_controls(insert)
        if clean != insert:
            self.notify(_left_out(insert) + " ctrl+o inserts one deliberately.",
                        severity="warning", markup=False)
        return super().replace(clean, start, end, maintain_selection_offset=maintain_selection_offset)


class SafeInput(Input):
    """An Input whose typed or pasted text cannot add a control character (see SafeTextArea)."""

    def replace(self, text: str, start: int, end: int) -> None:
        clean = without_controls(text)
        if clean != text:
            self.notify(_left_out(text), severity="warning", markup=False)
        super().replace(clean.replace("\n", " "), start, end)


class EditScreen(Dialog[str | None]):
    """Edit a target in a multi-line editor. Invisible characters appear as placeholders
    (⟨U+XXXX⟩, ⟨TAB⟩, ⟨ESC⟩, see `visible`); the save reads the editor through `ShownText`:
    an untouched placeholder of the original saves as its character, everything else as the
    text shown, so an unchanged text saves as nothing at all and a placeholder typed or pasted
    never becomes a real control character. ctrl+o inserts one of `INSERTABLE` deliberately."""

    # On a short terminal (80×24) the editor gives up rows, so that the hint below it (how to
    # save, how to cancel) stays on screen; a long source scrolls in its own box.
    DEFAULT_CSS = """
    EditScreen SafeTextArea { height: 10; }
    EditScreen.-short SafeTextArea { height: 6; }
    EditScreen #edit-source { height: auto; max-height: 6; }
    EditScreen.-short #edit-source { max-height: 5; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
        Binding("ctrl+o", "insert_character", "Insert an invisible character", priority=True),
    ]

    def __init__(self, segment_id: str, source: str, target: str) -> None:
        super().__init__()
        self.segment_id = segment_id
        self.source = source
        self.target = target
        self.shown = ShownText.of(target)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content.assemble("Edit ", plain_line(self.segment_id)), classes="title")
            with VerticalScroll(id="edit-source", can_focus=False):
                yield Static(plain(self.source), markup=False, classes="source")
            yield SafeTextArea(self.shown.shown, soft_wrap=True, id="editor")
            yield Label("ctrl+s saves · esc cancels · ctrl+o inserts an invisible character", classes="hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def edited_text(self) -> str:
        """The target as the editor now has it (placeholders of the original read back)."""
        return self.shown.text(self.query_one(TextArea).text)

    def action_save(self) -> None:
        text = self.edited_text()
        if text == self.target:
            self.dismiss(None)  # nothing changed: nothing to record
            return
        broken = new_code_problems(self.source, self.target, text)
        if broken:
            self.notify("Inline codes are protected: " + "; ".join(broken) + ". Put them back or press esc.",
                        severity="error", timeout=6, markup=False)
            return
        self.dismiss(text)

    def action_insert_character(self) -> None:
        self.app.push_screen(InsertCharacterScreen(), self.insert_character)

    def insert_character(self, char: str | None) -> None:
        """Put one invisible character at the cursor: it shows as its placeholder and saves as
        the character (unless that placeholder is edited or deleted before the save)."""
        if char is None:
            return
        area = self.query_one(TextArea)
        self.shown, at = self.shown.inserting(area.text, _index(area.text, area.cursor_location), char)
        result = area.insert(visible(char), _location(area.text, at))
        area.move_cursor(result.end_location)
        area.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(Dialog[T | None]):
    """A dialog whose answer is one of `choices`, picked in its OptionList (Esc: None)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]
    choices: list[T]

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index])


class InsertCharacterScreen(ChoiceDialog[str]):
    """Choose an invisible character to insert in the editor (one of `INSERTABLE`)."""

    DEFAULT_CSS = "InsertCharacterScreen OptionList { height: auto; max-height: 14; margin-top: 1; }"

    def compose(self) -> ComposeResult:
        self.choices = list(INSERTABLE)
        options = [Option(Content.assemble((f"U+{ord(ch):04X}  ", "bold"), INSERTABLE[ch])) for ch in self.choices]
        with Vertical():
            yield Label("Insert an invisible character", classes="title")
            yield Label("It shows as ⟨U+XXXX⟩ in the editor and is saved as the character. "
                        "Enter inserts · Esc cancels", markup=False)
            yield OptionList(*options)





class ReasonScreen(Dialog[str | None]):
    """Ask for an optional line of text (a dismissal reason, a search, a folder); Enter
    confirms, Esc cancels. The title and the value may hold untrusted text (a rule id, a path):
    both are shown one-line and literal, and an unchanged value comes back exactly."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value
        self.shown = ShownText.of(value, one_line=True)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain_line(self.title_text), markup=False, classes="title")
            yield SafeInput(value=self.shown.shown, placeholder=self.placeholder)
            yield Label("Enter confirms · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(self.shown.text(event.value))


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
            yield Label(Content.assemble("Annotate an error in ", plain_line(self.segment_id)), classes="title")
            yield TextArea(self.shown, read_only=True, soft_wrap=True, id="span")
            with Horizontal(classes="buttons"):
                yield Select([(c, c) for c in ANNOTATION_CATEGORIES], value="accuracy/mistranslation",
                             allow_blank=False, id="category")
                yield Select([(s.value, s.value) for s in Severity], value="major", allow_blank=False,
                             id="severity")
            yield SafeInput(placeholder="comment (optional)", id="comment")
            yield Label("select the wrong words above · ctrl+s saves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        start, end = self.initial
        if end > start:
            area.selection = _selection(self.shown, self.offsets[start], self.offsets[end])
        area.focus()

    def _span(self) -> tuple[int, int]:
        area = self.query_one(TextArea)
        start, end = sorted([area.selection.start, area.selection.end])
        a, b = _index(self.shown, start), _index(self.shown, end)
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


def _selection(shown: str, a: int, b: int) -> Selection:
    return Selection(_location(shown, a), _location(shown, b))


def _index(text: str, location: Location) -> int:
    """Offset in a TextArea's text of a (row, column) location."""
    row, column = location
    return sum(len(line) + 1 for line in text.split("\n")[:row]) + column


def _location(text: str, offset: int) -> Location:
    """(row, column) location in a TextArea's text of an offset."""
    before = text[:offset]
    return before.count("\n"), len(before) - (before.rfind("\n") + 1)


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
                plain_line(item.segment_id).stylize("bold"), "\n",
                ("− ", "#ff5f87"), before, "\n",
                ("+ ", "#5fd787"), after,
            ))
        with Vertical():
            yield Static(Content.assemble(("Apply ", "bold"), plain_line(self.rule).stylize("bold $accent"),
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


class FilterScreen(ChoiceDialog[Filter]):
    """Pick a filter for the segment list."""

    # At 80×24 the list scrolls inside the dialog instead of running past its frame.
    DEFAULT_CSS = """
    FilterScreen OptionList { height: auto; max-height: 24; }
    FilterScreen.-short OptionList { max-height: 14; }
    """

    def __init__(self, rules: list[tuple[str, int]], dismissed: dict[str, int] | None = None, *, mine: int = 0) -> None:
        """`mine`: how many segments are assigned to the reviewer (the choice "mine" when any)."""
        super().__init__()
        self.choices = [Filter("all"), Filter("flagged"), Filter("unreviewed")]
        self.choices += [Filter("mine")] if mine else []
        self.mine = mine
        self.choices += [Filter("severity", s.value) for s in reversed(list(Severity))]
        self.choices += [Filter("rule", rule) for rule, _ in rules]
        self.counts = dict(rules)
        self.dismissed = dismissed or {}

    def compose(self) -> ComposeResult:
        options = []
        for f in self.choices:
            label = Content(f.label)
            if f.kind == "mine":
                label = Content.assemble("mine", (f"  {self.mine} assigned to you", "dim"))
            if f.kind == "rule":
                gone = self.dismissed.get(f.value, 0)
                label = Content.assemble(("rule ", "dim"), plain_line(f.value), (f"  {self.counts[f.value]} open", "dim"),
                                         (f", {gone} dismissed" if gone else "", "dim italic"))
            options.append(Option(label))
        with Vertical():
            yield Label("Show segments", classes="title")
            yield OptionList(*options)

