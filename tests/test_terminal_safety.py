"""Untrusted strings never reach the terminal raw, and the editor reads back exactly.

Ids, rule ids, messages, file names and texts from a corpus or a glossary may hold terminal
escapes (OSC 0 sets the window title, OSC 52 writes the clipboard), bidi controls, line breaks
and Rich markup. `visible` shows them as placeholders (`one_line` also for line breaks) and
`unvisible` reads them back exactly; the UI's editor saves what it shows, turning only untouched
placeholders of the original (or a deliberate ctrl+o insert) back into characters.
"""

from __future__ import annotations

import io
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from textual import events
from textual.widgets import Input, OptionList, TextArea
from textual.widgets.text_area import Selection

from reviewer.cli.main import main
from reviewer.core.text import (
    BIDI_CONTROLS,
    INSERTABLE,
    ShownText,
    json_visible,
    unvisible,
    visible,
    visible_with_offsets,
)
from reviewer.review.session import ReviewSession
from reviewer.tui.app import ReviewApp
from reviewer.tui.screens.dialogs import (
    AnnotateScreen,
    EditScreen,
    FilterScreen,
    FixPreviewScreen,
    InsertCharacterScreen,
    ReasonScreen,
)
from reviewer.tui.widgets.panels import FlagsPanel
from tests.tui_support import make_app, pair_session

TITLE = "\x1b]0;pwned\x07"
CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"
RLO = "\u202e"

# -- the one function: visible / unvisible ---------------------------------------------------

# Pieces that reach the corners: our own placeholder syntax written literally, half of it, real
# controls, line breaks of every kind, and any code point at all (surrogates included).
PIECES = st.sampled_from([
    "⟨", "⟩", "U+", "202E", "0041", "FFFFFF", "TAB", "ESC", "⟨U+202E⟩", "⟨ESC⟩", "⟨TAB⟩", "⟨U+27E8⟩",
    "⟨U+000A⟩", "⟨U+FFFFFF⟩", "\x1b", "\x07", "\x9b", "\t", "\n", "\r\n", "\u2028", "\x85", RLO, "\u2066",
    "\u200b", "\U000e0041", "[b]", "[/x]", "a", " ",
])
ANY_CHAR = st.characters(exclude_categories=())
TEXT = st.lists(st.one_of(PIECES, st.text(ANY_CHAR, max_size=6)), max_size=12).map("".join)

CRAFTED = [
    "⟨U+202E⟩", "⟨ESC⟩", "⟨TAB⟩", "⟨U+27E8⟩", "⟨⟨U+202E⟩⟩", "⟨U+FFFFFF⟩", "x⟨U+000A⟩y",
    TITLE + CLIPBOARD, "a\nb\r\nc\u2028d", RLO + "abc", "\ud800",
]


def _examples(test):  # type: ignore[no-untyped-def]
    for text in CRAFTED:
        test = example(text)(test)
    return test


@settings(max_examples=400, deadline=None)
@given(text=TEXT)
@_examples
def test_visible_reads_back_exactly(text: str) -> None:
    assert unvisible(visible(text)) == text
    assert unvisible(visible(text, one_line=True)) == text


#: Everything that can break a line or start an escape: C0 and C1 controls, DEL, the other line
#: breaks (U+2028, U+2029) and the bidi controls.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029" + "".join(sorted(BIDI_CONTROLS)) + "]")


@settings(max_examples=400, deadline=None)
@given(text=TEXT)
@_examples
def test_the_one_line_form_holds_no_control_bidi_or_line_break(text: str) -> None:
    shown = visible(text, one_line=True)
    assert not UNSAFE.search(shown)
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in shown)
    assert len(shown.splitlines()) <= 1


@settings(max_examples=200, deadline=None)
@given(text=TEXT)
@_examples
def test_multi_line_form_keeps_only_line_feeds(text: str) -> None:
    shown = visible(text)
    assert not UNSAFE.search(shown.replace("\n", ""))
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in shown.replace("\n", ""))
    assert shown.count("\n") == text.count("\n")


@settings(max_examples=200, deadline=None)
@given(text=TEXT)
@_examples
def test_offsets_map_each_character_to_its_shown_form(text: str) -> None:
    shown, offsets = visible_with_offsets(text)
    assert shown == visible(text)
    assert len(offsets) == len(text) + 1 and offsets[0] == 0 and offsets[-1] == len(shown)
    # Every prefix of the shown text up to a mapped offset reads back as the same prefix of the
    # text (what the annotate dialog relies on to turn a selection into a span).
    assert all(unvisible(shown[:offsets[i]]) == text[:i] for i in range(len(text) + 1))


@pytest.mark.parametrize(("text", "multi_line", "one_line"), [
    ("plain", "plain", "plain"),
    (TITLE, "⟨ESC⟩]0;pwned⟨U+0007⟩", "⟨ESC⟩]0;pwned⟨U+0007⟩"),
    (CLIPBOARD, "⟨ESC⟩]52;c;ZXZpbA==⟨U+0007⟩", "⟨ESC⟩]52;c;ZXZpbA==⟨U+0007⟩"),
    ("a\nb", "a\nb", "a⟨U+000A⟩b"),
    ("a\r\nb\tc", "a⟨U+000D⟩\nb⟨TAB⟩c", "a⟨U+000D⟩⟨U+000A⟩b⟨TAB⟩c"),
    ("\x85\u2028\u2029", "⟨U+0085⟩⟨U+2028⟩⟨U+2029⟩", "⟨U+0085⟩⟨U+2028⟩⟨U+2029⟩"),
    (RLO + "cba", "⟨U+202E⟩cba", "⟨U+202E⟩cba"),
    ("tag\U000e0041", "tag⟨U+E0041⟩", "tag⟨U+E0041⟩"),  # tag characters hide ASCII text
    # Our own placeholders, written literally: shown so that they read back as text.
    ("⟨U+202E⟩", "⟨U+27E8⟩U+202E⟩", "⟨U+27E8⟩U+202E⟩"),
    ("⟨ESC⟩ ⟨TAB⟩", "⟨U+27E8⟩ESC⟩ ⟨U+27E8⟩TAB⟩", "⟨U+27E8⟩ESC⟩ ⟨U+27E8⟩TAB⟩"),
    ("⟨⟨ESC⟩", "⟨⟨U+27E8⟩ESC⟩", "⟨⟨U+27E8⟩ESC⟩"),
    ("⟨x⟩ ⟨u+202e⟩", "⟨x⟩ ⟨u+202e⟩", "⟨x⟩ ⟨u+202e⟩"),  # not placeholder syntax: as it is
    ("[b]x[/b]", "[b]x[/b]", "[b]x[/b]"),
])
def test_visible_values(text: str, multi_line: str, one_line: str) -> None:
    assert visible(text) == multi_line
    assert visible(text, one_line=True) == one_line
    assert unvisible(multi_line) == unvisible(one_line) == text


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
@_examples
def test_json_output_is_exact_and_safe(text: str) -> None:
    value = {"id": text, "list": [text, "中文 العربية"]}
    for indent in (None, 2):
        shown = json_visible(json.dumps(value, ensure_ascii=False, indent=indent))
        assert json.loads(shown) == value
        assert not UNSAFE.search(shown.replace("\n", ""))
        assert "中文 العربية" in shown  # still UTF-8, not ASCII escapes


# -- the editor's reading: ShownText ---------------------------------------------------------

def _controls(text: str) -> Counter[str]:
    return Counter(ch for ch in text if ch != "\n" and visible(ch) != ch and ch != "⟨")


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
@_examples
def test_an_unchanged_editor_reads_back_the_original(text: str) -> None:
    for one_line in (False, True):
        shown = ShownText.of(text, one_line=one_line)
        assert shown.shown == visible(text, one_line=one_line)
        assert shown.text(shown.shown) == text
        assert shown._merged(shown.shown) == shown.units  # no unit is ever re-read differently


@settings(max_examples=400, deadline=None)
@given(text=TEXT, cut=st.tuples(st.integers(0, 200), st.integers(0, 200)), typed=TEXT)
@example(text="a⟨U+202E⟩b", cut=(0, 1), typed="A")
@example(text="a\u202eb", cut=(3, 3), typed="⟨U+202E⟩⟨ESC⟩")
@example(text="a\u202eb", cut=(0, 0), typed="\u202e\x1b")
def test_an_edit_never_adds_a_control_character(text: str, cut: tuple[int, int], typed: str) -> None:
    """Whatever is typed in place of whatever part of the shown text, the saved text holds no
    control character the original did not hold, and the untouched ends come back exactly."""
    shown = ShownText.of(text)
    start, end = sorted(min(c, len(shown.shown)) for c in cut)
    edited = shown.shown[:start] + typed + shown.shown[end:]
    saved = shown.text(edited)
    assert not _controls(saved) - _controls(text)
    if typed == "" and start == end:
        assert saved == text


@pytest.mark.parametrize(("original", "edit", "saved"), [
    # A literal placeholder in the original stays literal text after an edit elsewhere.
    ("⟨U+202E⟩ kata salah", ("salah", "benar"), "⟨U+202E⟩ kata benar"),
    ("awal ⟨ESC⟩[31m merah", ("awal", "mula"), "mula ⟨ESC⟩[31m merah"),
    # A real control in the original stays a real control after an edit elsewhere.
    ("awal \u202eabc\u202c akhir", ("akhir", "selesai"), "awal \u202eabc\u202c selesai"),
    # Typing our placeholder syntax writes the text typed, never a control.
    ("a b", ("b", "⟨U+202E⟩"), "a ⟨U+202E⟩"),
    ("a b", ("b", "⟨ESC⟩]0;x⟨U+0007⟩"), "a ⟨ESC⟩]0;x⟨U+0007⟩"),
    # Deleting part of a placeholder deletes the character; what is left is text.
    ("a\u202eb", ("⟨U+202E⟩", "⟨U+202E"), "a⟨U+202Eb"),
    ("a\u202eb", ("⟨U+202E⟩", ""), "ab"),
    # Controls in typed text (a paste the widget did not filter) are left out.
    ("a b", ("b", "c\x1b]0;x\x07d\u202e"), "a c]0;xd"),
])
def test_shown_text_saves_what_is_shown(original: str, edit: tuple[str, str], saved: str) -> None:
    shown = ShownText.of(original)
    assert shown.text(shown.shown.replace(*edit, 1)) == saved


def test_a_deliberate_insert_is_the_only_way_to_add_a_control() -> None:
    shown = ShownText.of("kata ⟨U+200F⟩ \u200fkata")  # a literal placeholder and a real RLM
    editor = shown.shown
    assert editor == "kata ⟨U+27E8⟩U+200F⟩ ⟨U+200F⟩kata"
    typed = editor + " ⟨U+200F⟩"  # the reviewer types the placeholder syntax: text
    after, at = shown.inserting(typed, 4, "\u200f")  # ctrl+o at offset 4: a real RLM
    editor = typed[:at] + "⟨U+200F⟩" + typed[at:]
    assert at == 4 and after.shown == editor
    assert after.text(editor) == "kata\u200f ⟨U+200F⟩ \u200fkata ⟨U+200F⟩"
    # Inside a placeholder, the insert goes after it.
    inside, at = ShownText.of("a\u200fb").inserting("a⟨U+200F⟩b", 3, "\u200c")
    assert at == 9 and inside.text(inside.shown) == "a\u200f\u200cb"
    with pytest.raises(ValueError):
        shown.inserting(editor, 0, "\x1b")  # only INSERTABLE characters
    assert "\u202e" not in INSERTABLE and "\x1b" not in INSERTABLE


# -- the review UI -----------------------------------------------------------------------------

SIZE = (120, 40)

ROWS = [
    (TITLE, "The chip is here.", f"Cipnya ada di sini {TITLE}."),
    (CLIPBOARD, "Click here.", "[@click=app.quit]klik[/] di sini."),
    (RLO + "abc", "Markup.", f"[b]tebal[/b] [/x] {RLO}di sini\u202c."),
    ("[b]id[/b]", "Bold.", "⟨U+202E⟩ literal dan ⟨ESC⟩ literal di sini."),
    ("[@click=app.quit]", "Quit.", "keluar di sini"),
    ("[/x]", "Close.", "tutup di sini"),
]
#: A glossary rule whose id, message and replacement carry escapes, a bidi override and markup.
GLOSSARY = """\
source_lang: en
target_lang: id
rules:
  - id: "\\e]0;pwned\\a[b]sini\\e]52;c;ZXZpbA==\\a\\u202e"
    pattern: "di sini"
    replace: "di\\e[31m sana\\u202e"
    message: "pesan \\e]0;pwned\\a [/x] [@click=app.quit] \\u202e"
    severity: major
"""
RULE = f"{TITLE}[b]sini{CLIPBOARD}{RLO}"
XLIFF = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file source-language="en" target-language="id" datatype="plaintext" original="doc.txt"><body>
<trans-unit id="line1&#10;line2 [b]x[/b]"><source>One&#10;two.</source><target>Satu&#10;dua di sini [/x].</target></trans-unit>
<trans-unit id="u2&#x2028;&#x202E;[/x]"><source>Three.</source><target>Tiga di sini.</target></trans-unit>
</body></file></xliff>
"""


def crafted_corpus(tmp_path: Path) -> tuple[Path, Path]:
    """A TSV corpus (its file name crafted too) and a glossary, all holding hostile strings."""
    corpus = tmp_path / f"doc{TITLE}[b].tsv"
    corpus.write_text("".join("\t".join(row) + "\n" for row in ROWS), encoding="utf-8")
    glossary = tmp_path / "crafted.yaml"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    return corpus, glossary


def crafted_app(tmp_path: Path) -> ReviewApp:
    corpus, glossary = crafted_corpus(tmp_path)
    session = ReviewSession.open(corpus, glossaries=[glossary], session_path=tmp_path / "s.sqlite", user="t")
    assert [s.id for s in session.segments] == [r[0] for r in ROWS]
    assert {f.rule for f in session.flags(ROWS[0][0])} >= {RULE}
    return make_app(session)


#: What may reach the terminal besides text: colours and styles (SGR) and cursor moves.
_LEGIT = re.compile(r"\x1b\[[0-9;]*[mH]")
_RAW_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029" + "".join(sorted(BIDI_CONTROLS)) + "]")


def terminal_bytes(app: ReviewApp) -> str:
    """What the app writes to the terminal for its whole screen (as `export_screenshot` renders
    it, before the SVG), with the colour and cursor sequences taken out."""
    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return _LEGIT.sub("", console.file.getvalue())  # type: ignore[attr-defined]


def assert_screen_safe(app: ReviewApp) -> None:
    raw = terminal_bytes(app)
    assert not _RAW_UNSAFE.findall(raw), sorted(set(_RAW_UNSAFE.findall(raw)))
    assert "]0;pwned" not in raw.replace("⟨ESC⟩]0;pwned", "")  # every OSC shows as text after ⟨ESC⟩
    svg = app.export_screenshot()
    assert not _RAW_UNSAFE.findall(svg)


async def test_crafted_ids_rules_and_texts_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    app = crafted_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for seg_id, _, _ in ROWS:
            await pilot.pause()
            assert app.main_screen.current == seg_id
            assert_screen_safe(app)
            assert app.is_running
            await pilot.press("down")
        await pilot.press("home")
        await pilot.pause()
        # What the reviewer sees: ids, the rule, its message and suggestion, all literal.
        raw = terminal_bytes(app)
        assert "⟨ESC⟩]0;pwned⟨U+0007⟩" in raw  # the first id, in the list and the pane border
        assert "⟨ESC⟩]0;pwned⟨U+0007⟩[b]sini⟨ESC⟩]52;c;ZXZpbA==⟨U+0007⟩⟨U+202E⟩" in raw  # the rule id
        assert "pesan ⟨ESC⟩]0;pwned⟨U+0007⟩ [/x] [@click=app.quit] ⟨U+202E⟩" in raw  # its message
        assert "doc⟨ESC⟩]0;pwned⟨U+0007⟩[b]" in raw  # the corpus name in the header
        source = app.query_one("#source")
        assert source.border_subtitle is not None and "⟨ESC⟩]0;pwned⟨U+0007⟩" in source.border_subtitle
        for row in range(len(ROWS)):
            app.main_screen.go_to(ROWS[row][0])
            await pilot.pause()
            await pilot.click("#source")  # no markup anywhere: a click runs nothing
            assert app.is_running


async def test_dialogs_and_notices_show_crafted_strings_literally(tmp_path: Path) -> None:
    app = crafted_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = app.query_one(FlagsPanel)
        panel.highlighted = next(i for i, item in enumerate(panel.items) if item.flag and item.flag.rule == RULE)
        await pilot.pause()
        # The edit dialog names the segment; the annotate dialog too.
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        assert_screen_safe(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, EditScreen)
        await pilot.press("m")
        assert isinstance(app.screen, AnnotateScreen)
        assert_screen_safe(app)
        await pilot.press("escape")
        await pilot.pause()
        # The dismissal prompt names the rule.
        await pilot.press("d")
        assert isinstance(app.screen, ReasonScreen)
        assert_screen_safe(app)
        await pilot.press(*"ok", "enter")
        assert app.session.dismissal_counts() == {RULE: 1}
        assert_screen_safe(app)  # the dismissed flag, its reason, the counts
        panel.highlighted = next(i for i, item in enumerate(panel.items) if item.dismissed_reason == "ok")
        await pilot.press("d")  # restore it
        await pilot.pause()
        assert not app.session.dismissal_counts()
        panel.highlighted = next(i for i, item in enumerate(panel.items) if item.flag and item.flag.rule == RULE)
        await pilot.pause()
        # The corpus-wide fix preview lists every id and the rule.
        await pilot.press("A")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, FixPreviewScreen)
        assert_screen_safe(app)
        assert "⟨ESC⟩]52;c;ZXZpbA==⟨U+0007⟩" in terminal_bytes(app)  # the second id
        await pilot.press("n")
        # The filter dialog lists the rule; choosing it puts it in the status line.
        await pilot.press("f")
        assert isinstance(app.screen, FilterScreen)
        assert_screen_safe(app)
        options = app.screen.query_one(OptionList)
        options.highlighted = next(i for i, f in enumerate(app.screen.choices) if f.kind == "rule" and f.value == RULE)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main_screen.filter.value == RULE
        assert_screen_safe(app)
        # A notice about a search that matches nothing repeats the query.
        await pilot.press("slash", *"zzz", "enter")
        await pilot.pause()
        app.main_screen.set_filter(app.main_screen.filter.__class__("search", TITLE + "\nzzz"))
        await pilot.pause()
        assert app._notifications and all(TITLE not in n.message for n in app._notifications)
        assert all("\n" not in n.message for n in app._notifications)
        assert_screen_safe(app)


async def test_line_breaks_in_ids_and_file_names_stay_on_their_line(tmp_path: Path) -> None:
    corpus = tmp_path / "doc\nname.xlf"
    corpus.write_text(XLIFF, encoding="utf-8")
    glossary = tmp_path / "crafted.yaml"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    session = ReviewSession.open(corpus, glossaries=[glossary], session_path=tmp_path / "s.sqlite", user="t")
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        for _ in session.segments:
            await pilot.pause()
            assert_screen_safe(app)
            await pilot.press("down")
        await pilot.press("home")
        await pilot.pause()
        raw = terminal_bytes(app)
        assert "line1⟨U+000A⟩line2 [b]x[/b]" in raw
        assert "u2⟨U+2028⟩⟨U+202E⟩[/x]" in raw
        assert "doc⟨U+000A⟩name" in raw
        assert "dua di sini [/x]." in raw  # segment text keeps its own line break
        assert session.segments[0].target == "Satu\ndua di sini [/x]."


# -- the editor --------------------------------------------------------------------------------

LITERAL = "⟨U+202E⟩ literal dan ⟨ESC⟩ literal"


async def test_saving_the_editor_without_a_change_records_nothing(tmp_path: Path) -> None:
    targets = [LITERAL, f"real {RLO}abc\u202c and {TITLE}", "⟨⟨U+202E⟩⟩ \u200b⟨TAB⟩\t"]
    app = make_app(pair_session(tmp_path, [("Source.", t) for t in targets]))
    async with app.run_test(size=SIZE) as pilot:
        for seg_id, target in zip(("1", "2", "3"), targets):
            app.main_screen.go_to(seg_id)
            await pilot.pause()
            await pilot.press("e")
            assert isinstance(app.screen, EditScreen)
            assert app.screen.query_one(TextArea).text == visible(target)
            await pilot.press("ctrl+s")
            assert not isinstance(app.screen, EditScreen)
            assert app.session.target(seg_id) == target
        assert list(app.session.store.events()) == []


async def test_a_literal_placeholder_is_saved_as_text_after_an_edit(tmp_path: Path) -> None:
    app = make_app(pair_session(tmp_path, [("Source.", LITERAL)]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        editor = app.screen.query_one(TextArea)
        assert editor.text == "⟨U+27E8⟩U+202E⟩ literal dan ⟨U+27E8⟩ESC⟩ literal"
        editor.text = editor.text.replace("dan", "serta")  # a real edit elsewhere
        await pilot.press("ctrl+s")
        saved = app.session.target("1")
        assert saved == "⟨U+202E⟩ literal serta ⟨ESC⟩ literal"
        assert RLO not in saved and "\x1b" not in saved
        (event,) = app.session.store.events()
        assert (event.before, event.after) == (LITERAL, saved)


async def test_typed_placeholders_and_pasted_controls_add_no_control(tmp_path: Path) -> None:
    app = make_app(pair_session(tmp_path, [("Source.", f"abc {RLO}x")]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        editor = app.screen.query_one(TextArea)
        editor.move_cursor((0, 3))
        editor.insert("⟨U+202E⟩")  # typed: text
        editor.move_cursor((0, 0))
        await editor._on_paste(events.Paste(f"P{TITLE}{CLIPBOARD}\u2066Q"))
        assert editor.text == "P]0;pwned]52;c;ZXZpbA==Qabc⟨U+202E⟩ ⟨U+202E⟩x"
        await pilot.pause()
        assert any("Left out 5 invisible characters (U+001B, U+0007, U+2066)" in n.message
                   for n in app._notifications)
        await pilot.press("ctrl+s")
        assert app.session.target("1") == f"P]0;pwned]52;c;ZXZpbA==Qabc⟨U+202E⟩ {RLO}x"


async def test_ctrl_o_inserts_an_invisible_character_deliberately(tmp_path: Path) -> None:
    app = make_app(pair_session(tmp_path, [("Source.", "kata kata")]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        editor = app.screen.query_one(TextArea)
        editor.move_cursor((0, 4))
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, InsertCharacterScreen)
        app.screen.query_one(OptionList).highlighted = list(INSERTABLE).index("\u200f")
        await pilot.press("enter")
        assert isinstance(app.screen, EditScreen)
        assert editor.text == "kata⟨U+200F⟩ kata"
        await pilot.press("end", *"!")
        await pilot.press("ctrl+s")
        assert app.session.target("1") == "kata\u200f kata!"


async def test_annotating_across_placeholders_marks_the_real_span(tmp_path: Path) -> None:
    target = "\x1b[31m ⟨ESC⟩ salah"
    app = make_app(pair_session(tmp_path, [("Source.", target)]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        assert isinstance(app.screen, AnnotateScreen)
        area = app.screen.query_one(TextArea)
        assert area.text == "⟨ESC⟩[31m ⟨U+27E8⟩ESC⟩ salah"
        start = area.text.index("⟨U+27E8⟩")
        area.selection = Selection((0, start), (0, len(area.text)))  # the literal "⟨ESC⟩ salah"
        await pilot.press("ctrl+s")
        (annotation,) = app.session.annotations["1"]
        assert (annotation.start, annotation.end, annotation.text) == (6, 17, "⟨ESC⟩ salah")


async def test_a_prompt_gives_an_untouched_crafted_value_back_exactly(tmp_path: Path) -> None:
    app = make_app(pair_session(tmp_path, [("Source.", "Target.")]))
    value = f"{tmp_path}/out{TITLE}\nx⟨ESC⟩"
    results: list[str | None] = []
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ReasonScreen(f"Export to {TITLE}:", "", value), results.append)
        await pilot.pause()
        assert app.screen.query_one(Input).value == f"{tmp_path}/out⟨ESC⟩]0;pwned⟨U+0007⟩⟨U+000A⟩x⟨U+27E8⟩ESC⟩"
        assert_screen_safe(app)
        await pilot.press("enter")
        app.push_screen(ReasonScreen("Search", "", value), results.append)
        await pilot.pause()
        await pilot.press("end", *"!", "enter")
    assert results == [value, f"{tmp_path}/out{TITLE}\nx⟨ESC⟩!"]


# -- reviewer session ... ----------------------------------------------------------------------

#: Any control character but the line feeds that end lines, and any bidi control.
_CLI_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029" + "".join(sorted(BIDI_CONTROLS)) + "]")


def test_session_commands_print_no_control_character(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, glossary = crafted_corpus(tmp_path)
    common = ["--corpus", str(corpus), "--glossary", str(glossary), "--session", str(tmp_path / "s.sqlite")]

    def run(*args: str) -> str:
        assert main(["session", *args, *common]) == 0
        out, err = capsys.readouterr()
        assert not _CLI_UNSAFE.search(out), out
        assert not _CLI_UNSAFE.search(err), err
        return out

    first, second, third = ROWS[0][0], ROWS[1][0], ROWS[2][0]
    shown_first, shown_second, shown_third = "⟨ESC⟩]0;pwned⟨U+0007⟩", "⟨ESC⟩]52;c;ZXZpbA==⟨U+0007⟩", "⟨U+202E⟩abc"
    shown_rule = "⟨ESC⟩]0;pwned⟨U+0007⟩[b]sini⟨ESC⟩]52;c;ZXZpbA==⟨U+0007⟩⟨U+202E⟩"
    assert run("edit", first, f"Baru {CLIPBOARD}\ndi sini.") == f"edited {shown_first}\n"
    assert run("edit", first, f"Baru {CLIPBOARD}\ndi sini.") == f"unchanged {shown_first}\n"
    assert run("approve", second) == f"{shown_second}: final\n"
    assert run("dismiss", third, RULE) == f"{shown_third}: dismissed {shown_rule}\n"
    show = run("show", first).splitlines()
    assert show[0] == "Baru ⟨ESC⟩]52;c;ZXZpbA==⟨U+0007⟩⟨U+000A⟩di sini."
    assert f"  major    {shown_rule}: pesan ⟨ESC⟩]0;pwned⟨U+0007⟩ [/x] [@click=app.quit] ⟨U+202E⟩" in show
    listing = run("list")
    assert listing.splitlines()[0].startswith(f"{shown_first:<{len(shown_second)}}  edited      ")
    assert listing.splitlines()[0].endswith(f", {shown_rule} (major)")
    assert len(listing.splitlines()) == len(ROWS) + 1
    log = run("log").splitlines()
    assert len(log) == 5  # an edit (three lines), an approval, a dismissal
    assert log[0].endswith(f" {shown_first} edit [manual]")
    assert log[1] == "        - Cipnya ada di sini ⟨ESC⟩]0;pwned⟨U+0007⟩."
    assert log[2] == "        + Baru ⟨ESC⟩]52;c;ZXZpbA==⟨U+0007⟩⟨U+000A⟩di sini."
    assert log[4].endswith(f" dismiss [{shown_rule}]")
    assert run("undo") == f"undo: {shown_third}\n"
    assert run("redo") == f"redo: {shown_third}\n"
    plan = run("apply-all", RULE, "--dry-run").splitlines()
    assert plan[0] == shown_first and len(plan) == 3 * (len(ROWS) - 1)  # all but the dismissed one
    at = plan.index("[b]id[/b]")
    assert plan[at + 1:at + 3] == ["  - ⟨U+27E8⟩U+202E⟩ literal dan ⟨U+27E8⟩ESC⟩ literal di sini.",
                                   "  + ⟨U+27E8⟩U+202E⟩ literal dan ⟨U+27E8⟩ESC⟩ literal di⟨ESC⟩[31m sana⟨U+202E⟩."]


def test_session_data_formats_stay_exact_and_print_no_control(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, glossary = crafted_corpus(tmp_path)
    common = ["--corpus", str(corpus), "--glossary", str(glossary), "--session", str(tmp_path / "s.sqlite")]
    assert main(["session", "edit", ROWS[2][0], f"Baru {TITLE}", *common]) == 0
    capsys.readouterr()

    def run(*args: str) -> str:
        assert main(["session", *args, *common]) == 0
        out = capsys.readouterr().out
        assert not _CLI_UNSAFE.search(out), out
        return out

    listing = json.loads(run("list", "--format", "json"))
    assert [s["id"] for s in listing["segments"]] == [r[0] for r in ROWS]  # exact, through \u escapes
    assert RULE in {f["rule"] for s in listing["segments"] for f in s["flags"]}
    event, *resolved = json.loads(run("log", "--format", "json"))  # the edit, and flags it resolved
    assert {e["kind"] for e in resolved} <= {"resolve"}
    assert (event["segment"], event["after"]) == (ROWS[2][0], f"Baru {TITLE}")
    line, *_ = run("log", "--format", "jsonl").splitlines()
    assert json.loads(line) == event
    # CSV has no escapes: exact into a pipe or a file, placeholders on a terminal.
    assert main(["session", "log", "--format", "csv", *common]) == 0
    assert ROWS[2][0] in capsys.readouterr().out  # not a terminal: the exact text

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["session", "log", "--format", "csv", *common]) == 0
    shown = terminal.getvalue()
    assert not _CLI_UNSAFE.search(shown)
    assert "⟨U+202E⟩abc" in shown and "Baru ⟨ESC⟩]0;pwned⟨U+0007⟩" in shown
