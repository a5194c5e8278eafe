"""Pilot tests of every review-UI action; each asserts the session state and files it leaves."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Select, TextArea

from reviewer.core.model import SegmentStatus
from reviewer.review.session import ReviewSession
from reviewer.review.store import SessionStore
from reviewer.tui.app import ReviewApp
from reviewer.tui.screens.dialogs import AnnotateScreen, EditScreen, FilterScreen, FixPreviewScreen, HelpScreen
from reviewer.tui.widgets.panels import FlagsPanel, TextPane
from reviewer.tui.widgets.segment_list import SegmentList
from tests.tui_support import SEED, bundled_session, make_app, pair_session

SIZE = (120, 40)


async def select_flag(pilot, app: ReviewApp, rule: str, text: str | None = None) -> None:
    """Highlight the first flag of the current segment with this rule (and text)."""
    panel = app.query_one(FlagsPanel)
    for i, item in enumerate(panel.items):
        if item.flag and item.flag.rule == rule and (text is None or item.flag.text == text):
            panel.highlighted = i
            await pilot.pause()
            return
    raise AssertionError(f"no flag {rule} {text} in {app.main_screen.current}: {[i.flag for i in panel.items]}")


async def go(pilot, app: ReviewApp, seg_id: str) -> None:
    app.main_screen.go_to(seg_id)
    await pilot.pause()
    assert app.main_screen.current == seg_id


def events_of(app: ReviewApp) -> list:
    return list(app.session.store.events())


async def test_opens_on_the_first_segment_with_its_flags(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.main_screen.current == "p1.s1"
        panel = app.query_one(FlagsPanel)
        assert [i.flag.rule for i in panel.items if i.flag] == ["dnt:deepseek"]
        assert len(app.query_one(SegmentList).rows) == 57
        status = str(app.query_one("#status").render())
        assert "0/57 approved" in status
        assert "critical 2" in status


async def test_moving_between_segments_with_keys(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "j")
        assert app.main_screen.current == "p4.s1"
        await pilot.press("k", "end")
        assert app.main_screen.current == "p32.s2"
        await pilot.press("home")
        assert app.main_screen.current == "p1.s1"


async def test_j_and_k_move_between_segments_from_the_flags_panel_too(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        app.query_one(FlagsPanel).focus()
        await pilot.press("j", "j")
        assert app.main_screen.current == "p3.s2"
        await pilot.press("k")
        assert app.main_screen.current == "p3.s1"
        assert app.query_one(FlagsPanel).has_focus  # up/down stay the panel's own (its flags)


async def test_next_flag_walks_flags_then_segments(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")  # p1.s1 has one flag: the next one is in p4.s1
        assert app.main_screen.current == "p4.s1"
        assert app.query_one(FlagsPanel).highlighted == 0
        await pilot.press("n")
        assert app.main_screen.current == "p4.s1" and app.query_one(FlagsPanel).highlighted == 1
        await pilot.press("p", "p")
        assert app.main_screen.current == "p1.s1"


async def test_apply_selected_suggestion_records_the_rule(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await go(pilot, app, "p8.s1")
        await select_flag(pilot, app, "term:h800s")
        await pilot.press("a")
        assert app.session.target("p8.s1") == "Deepseek mengatakan bahwa model terbarunya dilatih NVIDIA H800."
        (ev,) = events_of(app)
        assert (ev.kind, ev.origin, ev.segment_id, ev.who) == ("edit", "term:h800s", "p8.s1", "tester")
        assert ev.before.endswith("H800S.") and ev.after.endswith("H800.")
        assert all(i.flag.rule != "term:h800s" for i in app.query_one(FlagsPanel).items if i.flag)


async def test_approve_and_take_back(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        assert app.session.status("p1.s1") is SegmentStatus.FINAL
        assert "1/57 approved" in str(app.query_one("#status").render())
        await pilot.press("space")
        assert app.session.status("p1.s1") is SegmentStatus.TRANSLATED
        assert [(e.kind, e.before, e.after) for e in events_of(app)] == [
            ("status", "translated", "final"), ("status", "final", "translated")]


async def test_edit_in_place_saves_and_rechecks(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await go(pilot, app, "p13.s1")
        assert any(i.flag and i.flag.rule == "reduplication-spacing" for i in app.query_one(FlagsPanel).items)
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        editor = app.screen.query_one(TextArea)
        editor.text = editor.text.replace("bertahun -tahun", "bertahun-tahun").replace("Deepseek", "DeepSeek")
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, EditScreen)
        assert "bertahun-tahun" in app.session.target("p13.s1")
        assert app.session.flags("p13.s1") == []
        ev, *resolved = events_of(app)
        assert ev.origin == "manual"
        # Both flags the hand edit fixed are recorded as resolved by hand, for MQM.
        assert [(e.kind, e.origin, e.severity) for e in resolved] == [
            ("resolve", "dnt:deepseek", "major"), ("resolve", "reduplication-spacing", "minor")]
        assert app.query_one("#target").border_subtitle == "edited"


async def test_edit_cancel_changes_nothing(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        app.screen.query_one(TextArea).text = "something else"
        await pilot.press("escape")
        assert app.session.target("p1.s1").startswith("Apakah kemajuan AI Deepseek")
        assert events_of(app) == []


async def test_dismiss_with_reason_and_restore(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.press(*"brand")
        await pilot.press("enter")
        assert app.session.flags("p1.s1") == []
        assert app.session.dismissal_counts() == {"dnt:deepseek": 1}
        ev = events_of(app)[-1]
        assert (ev.kind, ev.comment, ev.origin) == ("dismiss", "brand", "dnt:deepseek")
        panel = app.query_one(FlagsPanel)
        assert panel.items[0].dismissed_reason == "brand"
        await pilot.press("d")  # on a dismissed flag: restore it
        assert [f.rule for f in app.session.flags("p1.s1")] == ["dnt:deepseek"]


async def test_annotate_a_missed_error(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await go(pilot, app, "p6.s1")
        await pilot.press("m")
        assert isinstance(app.screen, AnnotateScreen)
        area = app.screen.query_one(TextArea)
        area.select_line(0)
        from textual.widgets.text_area import Selection
        area.selection = Selection((0, 0), (0, 12))  # "Pengembangan"
        app.screen.query_one("#category", Select).value = "accuracy/mistranslation"
        app.screen.query_one("#severity", Select).value = "minor"
        app.screen.query_one("#comment", Input).value = "progress, not development"
        await pilot.press("ctrl+s")
        (a,) = app.session.annotations["p6.s1"]
        assert (a.start, a.end, a.text, a.category, a.severity.value, a.comment) == (
            0, 12, "Pengembangan", "accuracy/mistranslation", "minor", "progress, not development")
        assert any(i.annotation for i in app.query_one(FlagsPanel).items)


async def test_undo_redo_also_after_restart(tmp_path: Path) -> None:
    session = bundled_session(tmp_path)
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await go(pilot, app, "p8.s1")
        await select_flag(pilot, app, "term:h800s")
        await pilot.press("a", "space")
        assert app.session.is_approved("p8.s1")
        await pilot.press("z")
        assert not app.session.is_approved("p8.s1")
        assert app.session.target("p8.s1").endswith("H800.")
        await pilot.press("z")
        assert app.session.target("p8.s1").endswith("H800S.")
        await pilot.press("y")
        assert app.session.target("p8.s1").endswith("H800.")
    # A new process on the same session store sees the same state and can keep undoing.
    again = ReviewSession.open(session_path=tmp_path / "session.sqlite", user="tester")
    app2 = make_app(again)
    async with app2.run_test(size=SIZE) as pilot:
        assert app2.session.target("p8.s1").endswith("H800.")
        await pilot.press("y")  # the approval undone before the restart can be redone
        assert app2.session.is_approved("p8.s1")
        await pilot.press("z", "z")
        assert app2.session.target("p8.s1").endswith("H800S.")


async def test_apply_one_rule_everywhere_with_preview(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await select_flag(pilot, app, "dnt:deepseek")
        await pilot.press("A")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, FixPreviewScreen)
        plan = app.screen.plan
        assert len(plan) == 24 and plan[0].segment_id == "p1.s1"
        await pilot.press("y")
        assert all("Deepseek" not in app.session.target(s.id) for s in app.session.segments)
        groups = {e.group for e in events_of(app)}
        assert len(groups) == 1 and len(events_of(app)) == 24
        await pilot.press("z")  # one undo takes the whole corpus-wide fix back
        assert "Deepseek" in app.session.target("p1.s1")


async def test_apply_everywhere_cancel(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("n")
        assert events_of(app) == []


async def test_filters(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        seg_list = app.query_one(SegmentList)
        await pilot.press("f")
        assert isinstance(app.screen, FilterScreen)
        labels = [f.label for f in app.screen.choices]
        assert labels[:6] == ["all", "flagged", "unreviewed", "severity: critical", "severity: major", "severity: minor"]
        app.screen.query_one(OptionList).highlighted = 1
        await pilot.press("enter")
        assert len(seg_list.rows) == 47
        app.main_screen.set_filter(type(app.main_screen.filter)("severity", "critical"))
        await pilot.pause()
        assert seg_list.rows == ["p15.s3", "p26.s1"]
        app.main_screen.set_filter(type(app.main_screen.filter)("rule", "term:h800s"))
        assert seg_list.rows == ["p8.s1", "p11.s1"]
        await pilot.press("space")
        app.main_screen.set_filter(type(app.main_screen.filter)("unreviewed"))
        assert "p8.s1" not in seg_list.rows and len(seg_list.rows) == 56


async def test_search_source_and_target(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"H800S", "enter")
        assert app.query_one(SegmentList).rows == ["p8.s1", "p11.s1"]
        assert app.main_screen.current == "p8.s1"
        await pilot.press("slash")
        app.screen.query_one(Input).value = "Goodrich"  # an English-side hit too
        await pilot.press("enter")
        assert app.query_one(SegmentList).rows == ["p12.s1", "p32.s2"]
        await pilot.press("slash")
        app.screen.query_one(Input).value = ""
        await pilot.press("enter")
        assert len(app.query_one(SegmentList).rows) == 57


async def test_next_unreviewed_skips_approved(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        app.session.set_approved("p3.s1")
        await pilot.press("u")
        assert app.main_screen.current == "p3.s2"


async def test_export_action_writes_text_and_logs(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    out = tmp_path / "out"
    async with app.run_test(size=SIZE) as pilot:
        await go(pilot, app, "p8.s1")
        await select_flag(pilot, app, "term:h800s")
        await pilot.press("a", "x")
        app.screen.query_one(Input).value = str(out)
        await pilot.press("enter")
    text = (out / "deepseek-export-controls.id.txt").read_text(encoding="utf-8")
    assert "dilatih NVIDIA H800. Ini adalah" in text
    assert (out / "corrections.jsonl").read_text(encoding="utf-8").count("\n") == 1
    assert (out / "corrections.csv").read_text(encoding="utf-8").splitlines()[0].startswith("seq,group,at,who")


async def test_help_screen_lists_every_action(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = [k for k, _ in app.screen.rows]
        for key in ("n", "a", "A", "e", "space", "c  ctrl+enter", "d", "m", "z  ctrl+z", "/", "f", "x", "?"):
            assert key in keys
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_every_action_is_in_the_command_palette(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE):
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for title in ("Next flag", "Apply", "Apply all", "Edit", "Approve", "Dismiss", "Annotate", "Undo", "Redo",
                      "Search", "Filter", "Export", "Help"):
            assert title in titles


HOSTILE = [
    ("Click here", "[@click=app.quit]klik[/] di sini"),
    ("Closing tag", "sebelum [/] sesudah"),
    ("Markup", "[b]tebal[/b] dan [link=https://x.example]tautan[/link] [0]"),
    ("Escape codes", "merah \x1b[31mmerah\x1b[0m dan \x1b]8;;http://x\x07tautan\x1b]8;;\x07"),
    ("Bidi", "abc \u202edcba\u202c dan \u200bnol"),
    ("CJK and RTL", "中文 العربية עברית"),
]


async def test_hostile_text_is_shown_never_obeyed(tmp_path: Path) -> None:
    session = pair_session(tmp_path, HOSTILE)
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(len(HOSTILE)):
            await pilot.pause()
            shown = app.query_one("#target", TextPane).shown.plain
            assert "\x1b" not in shown and "\u202e" not in shown
            await pilot.press("down")
        await go(pilot, app, "1")
        assert "[@click=app.quit]klik[/]" in app.query_one("#target", TextPane).shown.plain
        await pilot.click("#target")  # clicking the text must not run the action
        await pilot.pause()
        assert app.is_running
        await go(pilot, app, "4")
        assert "⟨ESC⟩[31m" in app.query_one("#target", TextPane).shown.plain
        svg = app.export_screenshot()
        assert "\x1b" not in svg
        # The editor shows placeholders and gives the exact characters back on save.
        await pilot.press("e")
        assert "⟨ESC⟩" in app.screen.query_one(TextArea).text
        await pilot.press("ctrl+s")
        assert app.session.target("4") == HOSTILE[3][1]
        assert events_of(app) == []


async def test_end_to_end_fix_approve_export(tmp_path: Path) -> None:
    """Open the bundled article, go to the first H800S, apply the fix, approve, export."""
    app = make_app(bundled_session(tmp_path))
    out = tmp_path / "export"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"H800S", "enter")
        assert app.main_screen.current == "p8.s1"
        await select_flag(pilot, app, "term:h800s")
        await pilot.press("a", "space")
        await pilot.press("x")
        app.screen.query_one(Input).value = str(out)
        await pilot.press("enter")
        await pilot.pause()
    exported = (out / "deepseek-export-controls.id.txt").read_bytes()
    original = SEED.read_bytes()
    assert exported.count(b"\n") == original.count(b"\n")
    ex_lines, or_lines = exported.decode().split("\n"), original.decode().split("\n")
    assert [bool(x) for x in ex_lines] == [bool(x) for x in or_lines]  # paragraphs and blank lines kept
    assert ex_lines[7] == or_lines[7].replace("NVIDIA H800S.", "NVIDIA H800.", 1)
    assert [a for a, b in zip(ex_lines, or_lines) if a != b] == [ex_lines[7]]
    store = SessionStore(tmp_path / "session.sqlite")
    assert [(e.kind, e.segment_id) for e in store.events()] == [("edit", "p8.s1"), ("status", "p8.s1")]


async def test_inline_codes_cannot_be_broken_in_the_editor(tmp_path: Path) -> None:
    session = pair_session(tmp_path, [("Click ⟦1⟧Save⟦/1⟧ now⟦2/⟧", "Klik ⟦1⟧Simpan⟦/1⟧ sekarang⟦2/⟧")])
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        editor = app.screen.query_one(TextArea)
        editor.text = "Klik ⟦1⟧Simpan sekarang⟦2/⟧"  # the closing code deleted
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, EditScreen)  # refused: the dialog stays open
        assert session.target("1") == "Klik ⟦1⟧Simpan⟦/1⟧ sekarang⟦2/⟧"
        editor.text = "Sekarang klik ⟦1⟧Simpan⟦/1⟧⟦2/⟧"  # codes moved, none lost: fine
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, EditScreen)
        assert session.target("1") == "Sekarang klik ⟦1⟧Simpan⟦/1⟧⟦2/⟧"


async def test_score_panel_rescores_the_changed_segment(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        assert app.main_screen.scores.corpus().hter == 0.0 and len(app.main_screen.scores) == 57
        await go(pilot, app, "p8.s1")
        await select_flag(pilot, app, "term:h800s")
        await pilot.press("a")
        seg = app.main_screen.scores.segment("p8.s1")
        assert seg is not None and seg.hter == 12.5  # one substitution in eight words (tercom tokens)
        assert app.main_screen.scores.corpus().hter > 0
        shown = str(app.query_one("#scores").render())
        assert "HTER" in shown and "terminology" in shown
        await pilot.press("z")
        assert app.main_screen.scores.segment("p8.s1").hter == 0.0


async def test_moving_on_updates_the_screen_without_laying_it_out_again(tmp_path: Path, monkeypatch) -> None:
    """A key press that moves to the next segment changes the list, the panes and the flags in
    one screen update, and (texts that fit the panes) without a layout of the whole screen."""
    from textual.screen import Screen

    layouts: list[str | None] = []
    original = Screen._refresh_layout

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        layouts.append(app.main_screen.current)
        return original(self, *args, **kwargs)

    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = app.query_one(FlagsPanel)
        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        # p3.s1 -> p3.s2 -> p4.s1: short texts, different flags.
        await go(pilot, app, "p3.s1")
        layouts.clear()
        await pilot.press("down")
        assert app.main_screen.current == "p3.s2"
        # The segment shown is the one under the cursor at once (no message round trip).
        assert [i.flag.rule for i in panel.items if i.flag] == [f.rule for f in app.session.flags("p3.s2")]
        await pilot.press("down")
        await pilot.pause()
        assert app.main_screen.current == "p4.s1"
        assert [i.flag.rule for i in panel.items if i.flag] == [f.rule for f in app.session.flags("p4.s1")]
        assert "Deepseek" in app.query_one("#target", TextPane).shown.plain
        assert layouts == []


async def test_a_rule_filter_selects_that_rules_flag_so_apply_all_applies_it(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        screen.set_filter(type(screen.filter)("rule", "dnt:nvidia"))
        await pilot.pause()
        panel = app.query_one(FlagsPanel)
        first = panel.items[0].flag
        assert first is not None and first.rule != "dnt:nvidia"  # the segment's first flag is another rule's
        assert screen.selected_flag().rule == "dnt:nvidia"
        await pilot.press("down")
        assert screen.selected_flag().rule == "dnt:nvidia"
        await pilot.press("A")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, FixPreviewScreen) and app.screen.rule == "dnt:nvidia"


async def test_the_selected_flags_emphasis_follows_the_flag_keys(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await go(pilot, app, "p8.s1")
        panes = app.query_one("#source", TextPane), app.query_one("#target", TextPane)
        shown = [tuple(p._shown for p in panes)]
        for key in ("right_square_bracket", "right_square_bracket", "left_square_bracket"):
            await pilot.press(key)
            shown.append(tuple(p._shown for p in panes))
        assert shown[1] != shown[0] and shown[2] != shown[1]
        assert shown[3] == shown[1]  # back on the second flag: painted as before


async def test_export_says_where_the_session_stays(tmp_path: Path) -> None:
    session = bundled_session(tmp_path)
    app = make_app(session)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert f"the session stays in {tmp_path / 'session.sqlite'}" in shown
