"""The QA list (issue 17): the engine's rows, words in context, order and bulk dismissal
(`reviewer.review.qa`), and the screen that shows them (`reviewer.tui.screens.qa_list`): Pilot
tests of every key and snapshots at 80×24 and 120×40."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.core.errors import ReviewerError
from reviewer.core.model import Severity
from reviewer.review import qa as qa_module
from reviewer.review.qa import QaList, SortKey, dismiss_identical, grouped, identical_flags, kwic, open_rows
from reviewer.review.session import ReviewSession
from reviewer.tui.app import ReviewApp
from reviewer.tui.screens.dialogs import HelpScreen, ReasonScreen
from reviewer.tui.screens.qa_list import QaListScreen, QaTable
from reviewer.tui.widgets.panels import FlagsPanel
from tests.tui_support import make_app

GLOSSARY = r"""source_lang: en
target_lang: id
name: QA list test
do_not_translate:
  - DeepSeek
rules:
  - id: shot-to-the-top
    pattern: '\bmenembak\s+ke\s+(puncak|atas)\b'
    when_source: '\bshot\s+to\b'
    replace: 'melesat ke \1'
    category: accuracy/mistranslation
    severity: critical
    message: '"shot to the top" is figurative: "melesat", not "menembak"'
"""

#: Eight segments: 2, 4 and 8 are identical (one number-mismatch each); 5 has the same source
#: but another target; 7 carries markup-looking text that must stay literal.
PAIRS = [
    ("The app shot to the top of the charts.", "Aplikasi itu menembak ke puncak tangga lagu."),
    ("We sold 3 apples.", "Kami menjual 4 apel."),
    ("Call DeepSeek today.", "Hubungi Deepseek hari ini."),
    ("We sold 3 apples.", "Kami menjual 4 apel."),
    ("We sold 3 apples.", "Kami menjual 4 buah apel."),
    ("Open the file now.", "Buka  berkas sekarang."),
    ("Press [b] then [/x] or [@click=app.quit] now.", "Tekan [b] lalu [/x] atau [@click=app.quit]  sekarang."),
    ("We sold 3 apples.", "Kami menjual 4 apel."),
]


def qa_session(tmp_path: Path, pairs: list[tuple[str, str]] = PAIRS) -> ReviewSession:
    """A line-aligned corpus with a one-rule glossary (a critical rule and a name)."""
    (tmp_path / "qa.yaml").write_text(GLOSSARY, encoding="utf-8")
    src, tgt = tmp_path / "doc.en.txt", tmp_path / "doc.id.txt"
    src.write_text("".join(s + "\n" for s, _ in pairs), encoding="utf-8")
    tgt.write_text("".join(t + "\n" for _, t in pairs), encoding="utf-8")
    return ReviewSession.open(source=src, target=tgt, glossaries=[tmp_path / "qa.yaml"],
                              session_path=tmp_path / "qa.sqlite", user="tester")


def summary(qa: QaList) -> list[tuple[str, list[str]]]:
    return [(g.rule, [r.segment_id for r in g.rows]) for g in qa.groups]


def test_the_qa_engine_imports_without_textual() -> None:
    code = ("import reviewer.review.qa, sys; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- words in context ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "start", "end", "width", "expected"), [
    ("The quick brown fox jumps over the lazy dog", 16, 19, 10, "…ck brown [fox] jumps ov…"),
    ("brown fox jumps", 6, 9, 10, "brown [fox] jumps"),  # the whole text fits: no cut marks
    ("fox", 0, 3, 10, "[fox]"),
    ("end.", 4, 4, 10, "end.[]"),  # an empty span (a missing mark) at the end
    ("a\tb fox c\nd", 4, 7, 10, "a⟨TAB⟩b [fox] c⏎d"),  # tabs and line breaks made visible
    ("x\r\ny fox", 5, 8, 10, "x⏎y [fox]"),  # CR LF is one break
    ("日本語のテキストです。狐が走る", 11, 12, 5, "…す。[狐]が走…"),  # wide characters: 2 cells each
    ("e\u0301e\u0301e\u0301X", 6, 7, 2, "…e\u0301[X]"),  # an accent stays with its letter
    ("a\u200bb fox", 4, 7, 12, "a⟨U+200B⟩b [fox]"),  # invisible characters shown
    ("see \x1b[31mred fox", 13, 16, 30, "see ⟨ESC⟩[31mred [fox]"),  # no escape reaches the terminal
    ("⟨ESC⟩ fox", 6, 9, 20, "⟨U+27E8⟩ESC⟩ [fox]"),  # literal placeholder-looking text stays unambiguous
    ("ab\u200bc fox", 5, 8, 6, "…c [fox]"),  # a placeholder is never cut in two
    ("ab fox cd", 3, 6, 0, "[fox]"),  # no room: no context and no cut mark
])
def test_kwic(text: str, start: int, end: int, width: int, expected: str) -> None:
    assert str(kwic(text, start, end, width=width)) == expected


def test_kwic_cuts_a_long_hit_at_its_end() -> None:
    words = kwic("say menembak ke puncak tangga now", 4, 29, width=4, hit_width=10)
    assert (words.left, words.hit, words.right) == ("say ", "menembak …", " now")


def test_kwic_of_a_huge_segment_reads_only_near_the_hit() -> None:
    text = "a" * 500_000 + "HIT" + "b" * 500_000
    words = kwic(text, 500_000, 500_003, width=6)
    assert (words.left, words.hit, words.right) == ("…aaaaa", "HIT", "bbbbb…")


# -- rows, groups and order ------------------------------------------------------------------

def test_open_rows_are_every_open_flag_in_segment_order(tmp_path: Path) -> None:
    s = qa_session(tmp_path)
    rows = open_rows(s)
    assert [(r.segment_id, r.rule, r.severity, r.flag.text) for r in rows] == [
        ("1", "shot-to-the-top", Severity.CRITICAL, "menembak ke puncak"),
        ("2", "number-mismatch", Severity.MAJOR, "4"),
        ("3", "dnt:deepseek", Severity.MAJOR, "Deepseek"),
        ("4", "number-mismatch", Severity.MAJOR, "4"),
        ("5", "number-mismatch", Severity.MAJOR, "4"),
        ("6", "double-space", Severity.MINOR, "  "),
        ("7", "double-space", Severity.MINOR, "  "),
        ("8", "number-mismatch", Severity.MAJOR, "4"),
    ]
    first = rows[0]
    assert first.flag.category == "accuracy/mistranslation"
    assert first.flag.suggestion == "melesat ke puncak"
    assert first.flag.message == '"shot to the top" is figurative: "melesat", not "menembak"'
    assert str(first.kwic(width=8)) == "…si itu [menembak ke puncak] tangga…"
    assert str(rows[6].kwic(width=12)) == "…k=app.quit][  ]sekarang."
    s.close()


@pytest.mark.parametrize(("by", "expected"), [
    (SortKey.RULE, [("dnt:deepseek", ["3"]), ("double-space", ["6", "7"]),
                    ("number-mismatch", ["2", "4", "5", "8"]), ("shot-to-the-top", ["1"])]),
    (SortKey.SEVERITY, [("shot-to-the-top", ["1"]), ("number-mismatch", ["2", "4", "5", "8"]),
                        ("dnt:deepseek", ["3"]), ("double-space", ["6", "7"])]),
    (SortKey.SEGMENT, [("shot-to-the-top", ["1"]), ("number-mismatch", ["2", "4", "5", "8"]),
                       ("dnt:deepseek", ["3"]), ("double-space", ["6", "7"])]),
])
def test_groups_by_rule_in_the_order_asked(tmp_path: Path, by: SortKey, expected: list) -> None:
    s = qa_session(tmp_path)
    qa = QaList(s, by)
    assert summary(qa) == expected
    assert len(qa) == 8
    assert [g.worst.value for g in qa.groups] == [
        {"dnt:deepseek": "major", "double-space": "minor", "number-mismatch": "major",
         "shot-to-the-top": "critical"}[rule] for rule, _ in expected]
    s.close()


def test_severity_order_puts_worse_rows_first_within_a_rule(tmp_path: Path) -> None:
    s = qa_session(tmp_path)
    rows = open_rows(s)
    minor = rows[5]
    major = rows[1]
    # The same rule at two severities (a glossary may grade one rule's hits): worse first.
    promoted = dataclasses.replace(minor, flag=dataclasses.replace(minor.flag, severity=Severity.CRITICAL))
    groups = grouped([major, minor, promoted, rows[6]], SortKey.SEVERITY)
    assert [(g.rule, [(r.segment_id, r.severity.value) for r in g.rows]) for g in groups] == [
        ("double-space", [("6", "critical"), ("6", "minor"), ("7", "minor")]),
        ("number-mismatch", [("2", "major")]),
    ]
    assert grouped([], "rule") == []
    with pytest.raises(ReviewerError, match=r"unknown order 'colour' for the QA list \(expected one of: rule, "
                       r"severity, segment\)"):
        grouped(rows, "colour")
    s.close()


def test_source_side_flags_show_the_source_and_cannot_be_applied(tmp_path: Path) -> None:
    s = qa_session(tmp_path, [("Fewer people came to London.", "Orang datang ke kota.")])
    rows = open_rows(s)
    assert [(r.rule, r.flag.side.value, str(r.kwic(width=6)), r.can_apply) for r in rows] == [
        ("lost-comparative", "source", "[Fewer] peop…", False),
        ("missing-entity", "source", "…e to [London].", False),
    ]
    with pytest.raises(ReviewerError, match="no suggestion to apply; edit the target instead"):
        QaList(s).apply(rows[0])
    assert list(s.store.events()) == []
    s.close()


def test_rows_draw_crafted_ids_and_rules_literally(tmp_path: Path) -> None:
    s = qa_session(tmp_path)
    row = open_rows(s)[1]
    crafted = dataclasses.replace(row, segment_id="[b]7", flag=dataclasses.replace(
        row.flag, rule="[@click=app.quit]", category="[/x]"), text="[b]Kami[/b] menjual 4 apel.")
    table = QaTable()
    table._id_width = 4
    line = table._row(dataclasses.replace(crafted, flag=dataclasses.replace(crafted.flag, start=20, end=21)), 60)
    assert line.plain.split() == ["[b]7", "M", "[b]Kami[/b]", "menjual", "4", "apel."]
    header = table._header(grouped([crafted])[0], 60)
    assert header.plain == "▾ [@click=app.quit]  1 flag  ·  major  ·  [/x]"
    s.close()


# -- changes from the list -------------------------------------------------------------------

def test_identical_segments_are_same_source_and_same_current_target(tmp_path: Path) -> None:
    s = qa_session(tmp_path)
    flag = s.flags("2")[0]
    assert [seg for seg, _ in identical_flags(s, "2", flag)] == ["2", "4", "8"]  # not 5: another target
    s.edit("8", "Kami menjual 3 apel.")
    assert [seg for seg, _ in identical_flags(s, "4", flag)] == ["2", "4"]  # 8 is no longer identical
    s.close()


def test_dismiss_on_every_identical_segment(tmp_path: Path) -> None:
    s = qa_session(tmp_path)
    qa = QaList(s)
    row = next(r for r in qa.rows if r.segment_id == "4")
    assert qa.dismiss_identical(row, "a unit conversion") == ["2", "4", "8"]
    assert [r.segment_id for r in qa.rows if r.rule == "number-mismatch"] == ["5"]
    assert len(qa) == 5
    for seg in ("2", "4", "8"):
        assert s.flags(seg) == []
        assert [(f.rule, reason) for f, reason in s.dismissed_flags(seg)] == [("number-mismatch", "a unit conversion")]
    assert s.dismissal_counts() == {"number-mismatch": 3}
    assert [f.rule for f in s.flags("5")] == ["number-mismatch"]
    # Dismissed already: it is not open anywhere, so there is nothing to dismiss.
    with pytest.raises(ReviewerError, match="not open on segment 2"):
        dismiss_identical(s, "2", row.flag)
    # One action: one undo takes every dismissal back, one redo makes them again.
    assert sorted(s.undo()) == ["2", "4", "8"]
    assert all([f.rule for f in s.flags(seg)] == ["number-mismatch"] for seg in ("2", "4", "8"))
    assert sorted(s.redo()) == ["2", "4", "8"]
    assert s.dismissal_counts() == {"number-mismatch": 3}
    s.close()


def test_dismiss_identical_leaves_other_rules_of_those_segments(tmp_path: Path) -> None:
    pairs = [("We sold 3 apples.", "Kami  menjual 4 apel."), ("We sold 3 apples.", "Kami  menjual 4 apel.")]
    s = qa_session(tmp_path, pairs)
    flag = next(f for f in s.flags("1") if f.rule == "double-space")
    assert dismiss_identical(s, "1", flag) == ["1", "2"]
    assert [f.rule for f in s.flags("1")] == [f.rule for f in s.flags("2")] == ["number-mismatch"]
    s.close()


def test_apply_and_dismiss_one_row(tmp_path: Path) -> None:
    s = qa_session(tmp_path)
    qa = QaList(s, SortKey.SEVERITY)
    top = qa.rows[0]
    assert top.rule == "shot-to-the-top" and top.can_apply
    assert qa.apply(top) is True
    assert s.target("1") == "Aplikasi itu melesat ke puncak tangga lagu."
    assert [e.origin for e in s.corrections()] == ["shot-to-the-top"]
    assert "shot-to-the-top" not in [g.rule for g in qa.groups]
    row = next(r for r in qa.rows if r.segment_id == "7")
    qa.dismiss(row, "a name")
    assert [r.segment_id for r in qa.rows if r.rule == "double-space"] == ["6"]
    assert len(qa) == 6
    s.close()


def test_apply_without_a_suggestion_is_refused(tmp_path: Path) -> None:
    s = qa_session(tmp_path)
    qa = QaList(s)
    row = qa.rows[0]
    bare = dataclasses.replace(row, flag=dataclasses.replace(row.flag, suggestion=None))
    with pytest.raises(ReviewerError, match="no suggestion to apply"):
        qa.apply(bare)
    s.close()


def test_collecting_tells_its_progress_and_can_stop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qa_module, "PROGRESS_EVERY", 3)
    s = qa_session(tmp_path)
    told: list[tuple[int, int]] = []
    qa = QaList(s, progress=lambda done, total: told.append((done, total)) or True)
    assert told == [(3, 8), (6, 8)] and len(qa) == 8
    stopped = QaList(s, progress=lambda done, total: False)
    assert len(stopped) == 3  # segments 1-3 only: a closed screen's worker stops early
    s.close()


def test_refresh_sees_changes_made_elsewhere(tmp_path: Path) -> None:
    s = qa_session(tmp_path)
    qa = QaList(s)
    s.edit("3", "Hubungi DeepSeek hari ini.")
    assert "dnt:deepseek" in [g.rule for g in qa.groups]  # not yet told
    qa.refresh(["3"])
    assert "dnt:deepseek" not in [g.rule for g in qa.groups]
    s.undo()
    qa.refresh()
    assert len(qa) == 8
    s.close()


# -- the screen ------------------------------------------------------------------------------

async def open_list(pilot, app: ReviewApp) -> QaListScreen:
    """Open the QA list from the main screen and wait for its rows."""
    await pilot.pause()
    await pilot.press("l")
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, QaListScreen)
    return screen


def screen_text(app: ReviewApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_list_shows_groups_and_rows_and_jumps_to_a_segment(tmp_path: Path) -> None:
    app = make_app(qa_session(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(pilot, app)
        table = screen.query_one(QaTable)
        assert table.current is not None and (table.current.rule, table.current.segment_id) == ("dnt:deepseek", "3")
        text = screen_text(app)
        assert "QA list · 9 flags, 5 checks · critical 1 major 5 minor 3 · by rule" in text
        assert "▾ number-mismatch  4 flags  ·  major  ·  accuracy/mistranslation" in text
        # The corpus-level check adds inconsistent-target on 5 (same source as 2, another target).
        await pilot.press("j", "j", "j", "j")  # past the double-space and inconsistent-target headers
        assert (table.current.rule, table.current.segment_id) == ("number-mismatch", "2")
        await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.main_screen
        assert app.main_screen.current == "4"
        panel = app.query_one(FlagsPanel)
        assert panel.selected_item is not None and panel.selected_item.flag.rule == "number-mismatch"


async def test_sort_keys_reorder_the_groups(tmp_path: Path) -> None:
    app = make_app(qa_session(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(pilot, app)
        await pilot.press("s")
        assert [g.rule for g in screen.qa.groups] == ["shot-to-the-top", "number-mismatch", "dnt:deepseek",
                                                     "double-space", "inconsistent-target"]
        assert screen.query_one(QaTable).current.segment_id == "1"
        await pilot.press("r")
        assert [g.rule for g in screen.qa.groups][0] == "dnt:deepseek"
        await pilot.press("o", "end")
        assert screen.query_one(QaTable).current.segment_id == "7"
        await pilot.press("left_square_bracket")  # the first flag of the group before
        assert screen.query_one(QaTable).current.segment_id == "5"
        await pilot.press("left_square_bracket", "right_square_bracket")
        assert screen.query_one(QaTable).current.segment_id == "5"


async def test_apply_from_the_list(tmp_path: Path) -> None:
    app = make_app(qa_session(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(pilot, app)
        await pilot.press("s", "a")
        assert app.session.target("1") == "Aplikasi itu melesat ke puncak tangga lagu."
        assert [g.rule for g in screen.qa.groups][0] == "number-mismatch"
        assert "critical 0" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main_screen
        status = str(app.query_one("#status").render())
        assert "critical 0" in status  # the main screen counted the change


async def test_dismiss_one_flag_from_the_list(tmp_path: Path) -> None:
    app = make_app(qa_session(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(pilot, app)
        await pilot.press("j")  # double-space in segment 6
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press(*"typo", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert [(f.rule, r) for f, r in app.session.dismissed_flags("6")] == [("double-space", "typo")]
        assert [r.segment_id for r in screen.qa.rows if r.rule == "double-space"] == ["7"]
        assert screen.query_one(QaTable).current.segment_id == "7"  # the next row took its place
        await pilot.press("escape")
        await pilot.pause()
        assert "dismissed 1" in str(app.query_one("#status").render())


async def test_dismiss_on_every_identical_segment_from_the_list(tmp_path: Path) -> None:
    app = make_app(qa_session(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(pilot, app)
        await pilot.press("j", "j", "j", "j", "j")  # number-mismatch in segment 4
        assert screen.query_one(QaTable).current.segment_id == "4"
        await pilot.press("D")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert [r.segment_id for r in screen.qa.rows if r.rule == "number-mismatch"] == ["5"]
        assert sorted(app.session.dismissed) == ["2", "4", "8"]
        await pilot.press("escape")  # closes with the changed segments: the main screen recounts
        await pilot.pause()
        assert "dismissed 3" in str(app.query_one("#status").render())


async def test_escape_in_the_reason_dialog_changes_nothing(tmp_path: Path) -> None:
    app = make_app(qa_session(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(pilot, app)
        await pilot.press("D")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and len(screen.qa) == 9
        assert list(app.session.store.events()) == []


async def test_markup_in_segment_text_stays_literal(tmp_path: Path) -> None:
    app = make_app(qa_session(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(pilot, app)
        await pilot.press("j")
        await pilot.press("j")
        table = screen.query_one(QaTable)
        assert table.current.segment_id == "7"
        text = screen_text(app)
        assert "Tekan [b] lalu [/x] atau [@click=app.quit]  sekarang." in text
        assert app.is_running


async def test_an_empty_list_says_so(tmp_path: Path) -> None:
    app = make_app(qa_session(tmp_path, [("Hello.", "Halo.")]))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(pilot, app)
        assert "No open flags." in screen_text(app)
        await pilot.press("a", "d", "enter")  # nothing selected: nothing happens
        assert app.screen is screen
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is app.main_screen




# -- snapshots ---------------------------------------------------------------------------------

async def _opened(pilot) -> None:
    await pilot.pause()  # the main screen decides the corpus-level checks on mount
    await pilot.press("l")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("j", "j")


def test_snapshot_80x24(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(qa_session(tmp_path)), run_before=_opened, terminal_size=(80, 24))


def test_snapshot_120x40(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(qa_session(tmp_path)), run_before=_opened, terminal_size=(120, 40))


async def test_a_flag_without_a_suggestion_is_not_applied(tmp_path: Path) -> None:
    app = make_app(qa_session(tmp_path, [("Fewer people came to London.", "Orang datang ke kota.")]))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(pilot, app)
        assert "(source)" in screen_text(app) and "no suggestion" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert list(app.session.store.events()) == []
        assert len(screen.qa) == 2


async def test_a_long_list_draws_only_the_rows_on_screen(tmp_path: Path) -> None:
    pairs = [(f"Item {i}: we sold 3 apples.", f"Butir {i}: kami  menjual 4 apel.") for i in range(1000)]
    app = make_app(qa_session(tmp_path, pairs))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(pilot, app)
        table = screen.query_one(QaTable)
        assert len(screen.qa) == 2000 and len(table.lines) == 2002
        assert len(table._drawn) <= table.size.height
        await pilot.press("end")
        assert table.current.segment_id == "1000" and table.current.rule == "number-mismatch"
        assert len(table._drawn) <= 2 * table.size.height + 2


async def test_dismiss_identical_says_how_many_before_it_asks(tmp_path: Path) -> None:
    app = make_app(qa_session(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(pilot, app)
        await pilot.press("j", "j", "j", "j", "j", "D")  # number-mismatch in segment 4
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        assert app.screen.title_text == ("Dismiss number-mismatch on 3 identical segments as a false positive. "
                                         "Reason (optional):")


async def test_apply_over_another_writers_change_is_refused_and_the_row_reloads(tmp_path: Path) -> None:
    app = make_app(qa_session(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(pilot, app)
        other = ReviewSession.open(source=tmp_path / "doc.en.txt", target=tmp_path / "doc.id.txt",
                                   glossaries=[tmp_path / "qa.yaml"], session_path=tmp_path / "qa.sqlite",
                                   user="someone-else")
        other.edit("1", "Aplikasi itu melesat ke puncak peringkat.")
        other.close()
        await pilot.press("s")  # shot-to-the-top in segment 1 first
        assert screen.query_one(QaTable).current.segment_id == "1"
        await pilot.press("a")
        await pilot.pause()
        assert app.session.target("1") == "Aplikasi itu melesat ke puncak peringkat."  # the other's text stays
        assert {e.who for e in app.session.corrections()} == {"someone-else"}  # nothing recorded over it
        assert "shot-to-the-top" not in [g.rule for g in screen.qa.groups]  # the row was read again


async def test_the_cursor_stays_in_sight_when_the_terminal_shrinks(tmp_path: Path) -> None:
    pairs = [(f"Item {i}: we sold 3 apples.", f"Butir {i}: kami  menjual 4 apel.") for i in range(40)]
    app = make_app(qa_session(tmp_path, pairs))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(pilot, app)
        table = screen.query_one(QaTable)
        await pilot.press(*["j"] * 30)
        assert table.cursor == 31  # past the double-space header
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        top = int(table.scroll_offset.y)
        assert top <= table.cursor < top + table.size.height
        assert table.current is not None and table.current.segment_id == "31"


async def test_help_lists_every_key_of_the_list(tmp_path: Path) -> None:
    app = make_app(qa_session(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = [k for k, _ in app.screen.rows]
        assert keys == ["↑ ↓  j k", "PgUp PgDn Home End", "[ ]  shift+tab tab", "double click", "enter", "a", "d",
                        "D", "r", "s", "o", "esc q l", "?"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QaListScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "? Help" in footer and "esc Close" in footer  # every footer key fits at 80 columns
