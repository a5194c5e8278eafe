"""Pilot tests of the review UI at the sizes people use (80×24, 120×40, 200×50) and of the
working-day flow: help that scrolls, every key reachable, confirm-and-next, resume where the
reviewer left off, undo and redo that say what they did (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, OptionList, TextArea

from reviewer.review.events import Event, EventKind
from reviewer.review.session import ReviewSession
from reviewer.tui.app import ReviewApp
from reviewer.tui.layout import share_rows, side_by_side_height
from reviewer.tui.screens.dialogs import EditScreen, HelpScreen
from reviewer.tui.widgets.panels import FlagsPanel, TextPane
from reviewer.tui.widgets.segment_list import SegmentList
from reviewer.tui.widgets.status import Status, describe
from reviewer.tui.wording import describe_action, key_names
from tests.tui_support import bundled_session, make_app, screen_text

SMALL = (80, 24)
LONG = "p13.s2"  # three lines of English and four of Indonesian at 80 columns, eight flags


async def go(pilot, app: ReviewApp, seg_id: str) -> None:
    app.main_screen.go_to(seg_id)
    await pilot.pause()
    await pilot.pause()
    assert app.main_screen.current == seg_id


def notices(app: ReviewApp, monkeypatch) -> list[str]:
    """What the main screen notifies from now on."""
    said: list[str] = []
    monkeypatch.setattr(app.main_screen, "notify", lambda message, **_: said.append(message))
    return said


# -- the layout arithmetic -------------------------------------------------------------------
@pytest.mark.parametrize(("budget", "needs", "expected"), [
    (14, [4, 3, 5], [4, 3, 5]),  # everything fits: each box as tall as its text
    (14, [5, 6, 20], [4, 5, 5]),  # least first (3, 4, 5), then one row each: target, source
    (12, [5, 6, 20], [3, 4, 5]),  # no room beyond the least
    (20, [3, 30, 4], [3, 13, 4]),  # a short source and flags leave the rest to the target
    (10, [3, 3, 3], [3, 3, 3]),
])
def test_share_rows(budget: int, needs: list[int], expected: list[int]) -> None:
    assert share_rows(budget, needs, least=(3, 4, 5), order=(1, 0, 2)) == expected


@pytest.mark.parametrize(("needs", "current", "expected"), [
    ([4, 5], 0, 7),  # short texts: the least height
    ([9, 12], 7, 12),  # the taller text decides, for both panes
    ([4, 5], 12, 12),  # shorter texts keep the height (no layout), up to `sticky`
    ([4, 5], 15, 7),  # beyond `sticky`: back down
    ([30, 2], 7, 20),  # at most `most`
])
def test_side_by_side_height(needs: list[int], current: int, expected: int) -> None:
    assert side_by_side_height(needs, current, sticky=12, most=20) == expected


def event(kind: EventKind, seg: str = "p3.s2", *, origin: str = "manual", after: str | None = None) -> Event:
    return Event(1, 1, "2026-11-30T00:00:00+00:00", "tester", seg, kind, None, after, origin, None, None, None,
                 None, None, None, 0)


@pytest.mark.parametrize(("events", "expected"), [
    ([event(EventKind.EDIT)], "edit of p3.s2"),
    ([event(EventKind.EDIT, origin="term:h800s")], "term:h800s fix of p3.s2"),
    ([event(EventKind.STATUS, after="final")], "approval of p3.s2"),
    ([event(EventKind.STATUS, after="translated")], "taking back the approval of p3.s2"),
    ([event(EventKind.DISMISS, origin="dnt:x")], "dismissal of dnt:x in p3.s2"),
    ([event(EventKind.ANNOTATE)], "annotation in p3.s2"),
    ([event(EventKind.RESOLVE, origin="dnt:x"), event(EventKind.EDIT)], "edit of p3.s2"),  # a hand fix
    ([event(EventKind.EDIT, s, origin="dnt:x") for s in ("a", "b", "c")], "dnt:x fix in 3 segments"),
    ([event(EventKind.EDIT, "[b]x\x1b[31m")], "edit of [b]x⟨ESC⟩[31m"),  # shown, never obeyed
])
def test_describe_action(events: list[Event], expected: str) -> None:
    assert describe_action(events, []) == expected


@pytest.mark.parametrize(("status", "tightness", "expected"), [
    (Status(3, 57, (2, 69, 46), 100, 57, None, 0), 0,
     " 3/57 approved  ·  open flags: critical 2  major 69  minor 46  ·  showing 57"),
    (Status(3, 57, (2, 69, 46), 100, 5, "rule: x", 1), 1,
     " 3/57 approved · critical 2 major 69 minor 46 · showing 5 (rule: x) · dismissed 1"),
    (Status(3, 57, (2, 69, 46), 100, 5, "rule: [b]x", 1), 2,
     " 3/57 approved · 2C 69M 46m · showing 5 (rule: [b]x) · dismissed 1"),
    (Status(0, 57, None, 40, 57, None, 0), 0, " 0/57 approved  ·  checking… 40%  ·  showing 57"),
])
def test_status_line(status: Status, tightness: int, expected: str) -> None:
    assert describe(status, tightness).plain == expected


def test_key_names() -> None:
    assert key_names("z,ctrl+z") == "z  ctrl+z"
    assert key_names("question_mark") == "?" and key_names("up,k") == "↑  k"


# -- 80×24 -----------------------------------------------------------------------------------
async def test_at_80x24_the_list_shows_eight_rows_and_the_flags_take_no_empty_rows(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        seg_list, panel = app.query_one(SegmentList), app.query_one(FlagsPanel)
        assert seg_list.scrollable_content_region.height >= 8
        # p1.s1 has one flag, three lines long: the panel is those lines and its frame.
        assert panel.outer_size.height == 3 + 2
        for pane_id, lines in (("#source", 2), ("#target", 1)):
            assert app.query_one(pane_id, TextPane).outer_size.height == lines + 2
        shown = screen_text(app).splitlines()
        assert sum(1 for line in shown if line.startswith("p")) >= 8  # list rows on the screen


async def test_at_80x24_a_long_segment_keeps_its_frames_and_scrolls_inside_them(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await go(pilot, app, LONG)
        source, target = app.query_one("#source", TextPane), app.query_one("#target", TextPane)
        panel = app.query_one(FlagsPanel)
        assert app.query_one(SegmentList).scrollable_content_region.height >= 8
        # The boxes are stacked inside the screen, above the status line, none cut.
        assert source.region.bottom <= target.region.y and target.region.bottom <= panel.region.y
        assert panel.region.bottom <= app.query_one("#status").region.y
        shown = screen_text(app)
        assert "translated ─╯" in shown  # the Indonesian pane's bottom border, with its state
        # The rest of the target is reached by scrolling the pane; the scrollbar is inside it.
        assert target.max_scroll_y > 0 and target.show_vertical_scrollbar
        assert target.vertical_scrollbar.region.right <= target.region.right - 1  # left of the border
        target.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert "36kr." in screen_text(app)  # the last word of the Indonesian text


async def test_a_long_text_scrolls_with_the_arrows_once_tab_reaches_it(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await go(pilot, app, LONG)
        target = app.query_one("#target", TextPane)
        await pilot.press("tab", "tab")  # the list, the English, the Indonesian
        assert target.has_focus
        await pilot.press("down")
        await pilot.pause()
        assert target.scroll_y == 1 and app.main_screen.current == LONG  # the text moved, not the list
        await pilot.press("j")  # j still moves to the next segment, its text from the top
        await pilot.pause()
        assert app.main_screen.current == "p14.s1" and target.scroll_y == 0


@pytest.mark.parametrize("size", [(120, 40), (200, 50)])
async def test_side_by_side_panes_end_on_the_same_row(tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=size) as pilot:
        for seg_id in ("p1.s1", LONG, "p15.s3", "p6.s2"):
            await go(pilot, app, seg_id)
            source, target = app.query_one("#source", TextPane), app.query_one("#target", TextPane)
            assert source.region.bottom == target.region.bottom, seg_id
            for pane in (source, target):  # each text fits its pane
                assert pane.max_scroll_y == 0, (seg_id, pane.id)


@pytest.mark.parametrize("size", [SMALL, (100, 40), (120, 40), (200, 50)])
async def test_moving_between_long_and_short_texts_scrolls_exactly_to_the_last_line(
        tmp_path: Path, size: tuple[int, int]) -> None:
    """A pane scrolls only when its text is taller than it, and then exactly to its last line
    (never over blank lines a longer text left behind)."""
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=size) as pilot:
        for seg_id in (LONG, "p6.s2", "p15.s3", "p3.s1", "p6.s2", LONG, "p1.s1", "p23.s2", "p6.s2"):
            await go(pilot, app, seg_id)
            for pane in app.query(TextPane):
                room = pane.scrollable_content_region.height
                assert pane.max_scroll_y == max(0, pane.lines - room), (seg_id, pane.id)


async def test_the_edit_dialog_shows_how_to_save_at_80x24(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await go(pilot, app, "p15.s3")  # a five-line source
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        await pilot.pause()
        assert "ctrl+s saves · esc cancels" in screen_text(app)
        assert app.screen.query_one(TextArea).has_focus


async def test_the_filter_list_stays_inside_its_dialog_at_80x24(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f")
        await pilot.pause()
        choices, frame = app.screen.query_one(OptionList), app.screen.query_one(Vertical)
        assert choices.region.bottom <= frame.region.bottom - 1  # inside the frame, its own border shown
        assert choices.max_scroll_y > 0  # the rules below are reached by scrolling


async def test_the_status_line_tightens_to_fit_80_columns(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("d", "enter")  # dismiss p1.s1's flag: the line grows a "dismissed 1"
        screen = app.main_screen
        screen.set_filter(type(screen.filter)("rule", "term:administration"))
        await pilot.pause()
        line = screen_text(app).splitlines()[-2]
        assert line.startswith("  0/57 approved · 2C 68M 46m · showing 5 (rule: term:administration) · ")


async def test_severity_and_rule_name_are_apart(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await go(pilot, app, "p15.s3")
        shown = screen_text(app)
        assert "critical scale-ai-lost" in shown and "criticalscale" not in shown


async def test_the_list_keeps_its_cursor_in_sight_after_a_resize(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=(200, 50)) as pilot:
        await go(pilot, app, "p23.s2")  # row 40: on screen at 50 rows, below the fold at 24
        seg_list = app.query_one(SegmentList)
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        await pilot.pause()
        top = int(seg_list.scroll_offset.y)
        assert top <= seg_list.cursor < top + seg_list.scrollable_content_region.height
        assert seg_list.current == "p23.s2" and app.main_screen.current == "p23.s2"
        assert any(line.startswith("p23.s2") for line in screen_text(app).splitlines())


# -- every key reachable -----------------------------------------------------------------------
async def test_help_scrolls_to_every_row_at_80x24(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        await pilot.pause()
        help_keys = app.screen.query_one(VerticalScroll)
        assert help_keys.has_focus and help_keys.max_scroll_y > 0
        assert "Every action is also in the command palette" in screen_text(app)  # the hint stays
        assert "Session kept in" in screen_text(app)
        seen = screen_text(app)
        for _ in range(10):
            await pilot.press("pagedown")
            await pilot.pause()
            seen += screen_text(app)
        for text in ("Redo what was undone", "Search source and target", "Filter the segment list",
                     "Write the corrected text", "Quit", "Approve, then go to the next unreviewed segment",
                     "Command palette"):
            assert text in seen, text


async def test_the_footer_fits_80_columns_and_the_palette_has_every_action(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        keys = [k for k in app.query_one(Footer).query("FooterKey") if k.region.width]  # by name: not exported
        assert all(k.region.right <= SMALL[0] for k in keys)
        assert {k.key for k in keys} >= {"c", "a", "e", "n", "z", "question_mark", "q"}
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for b in app.main_screen.BINDINGS:
            assert b.description in titles  # every screen action, by name
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        await pilot.pause()
        wide = {k.key for k in app.query_one(Footer).query("FooterKey")}
        assert {"m", "x", "f", "slash", "y"} <= wide  # room for every key


# -- flow --------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", ["c", "ctrl+enter"])
async def test_confirm_approves_and_moves_to_the_next_unreviewed(tmp_path: Path, key: str) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        app.session.set_approved("p3.s1")  # approved already: skipped
        await pilot.press(key)
        assert app.session.is_approved("p1.s1")
        assert app.main_screen.current == "p3.s2"
        await go(pilot, app, "p1.s1")
        await pilot.press(key)  # on an approved segment: stays approved, moves on
        assert app.session.is_approved("p1.s1") and app.main_screen.current == "p3.s2"
        assert [(e.segment_id, e.after) for e in app.session.corrections()] == [
            ("p3.s1", "final"), ("p1.s1", "final")]


async def test_a_restart_opens_where_the_reviewer_left_off(tmp_path: Path) -> None:
    session = bundled_session(tmp_path)
    session.set_approved("p4.s1")
    session.edit("p12.s2", session.target("p12.s2") + " ")
    session.undo()  # undone, but still where the reviewer was working
    session.close()
    again = ReviewSession.open(session_path=tmp_path / "session.sqlite", user="tester")
    app = make_app(again)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.pause()
        seg_list = app.query_one(SegmentList)
        assert app.main_screen.current == "p12.s2" and seg_list.current == "p12.s2"
        top = int(seg_list.scroll_offset.y)
        assert top <= seg_list.cursor < top + seg_list.scrollable_content_region.height
    other = ReviewSession.open(session_path=tmp_path / "session.sqlite", user="someone-else")
    app = make_app(other)
    async with app.run_test(size=SMALL):
        assert app.main_screen.current == "p1.s1"  # nothing of theirs yet: the first segment


async def test_undo_and_redo_say_what_they_did(tmp_path: Path, monkeypatch) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        said = notices(app, monkeypatch)
        await go(pilot, app, "p13.s1")
        app.session.edit("p13.s1", app.session.target("p13.s1").replace("bertahun -tahun", "bertahun-tahun"))
        await pilot.press("space")
        await pilot.press("z", "z", "y")
        assert said == ["Undid: approval of p13.s1", "Undid: edit of p13.s1", "Redid: edit of p13.s1"]
        said.clear()
        await go(pilot, app, "p1.s1")
        app.main_screen.plan_everywhere("dnt:deepseek")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("y")  # confirm the corpus-wide fix in its preview
        await pilot.press("z")
        assert said[-1] == "Undid: dnt:deepseek fix in 24 segments"
        await pilot.press("z", "z", "z")
        assert said[-1] == "Nothing to undo."
