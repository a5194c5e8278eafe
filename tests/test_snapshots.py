"""SVG snapshots of the main screen, the help screen and the corpus-wide fix preview at a fixed size."""

from __future__ import annotations

from pathlib import Path

from tests.tui_support import bundled_session, make_app

SIZE = (120, 36)


def test_main_screen(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(bundled_session(tmp_path)), press=["n", "n", "n"], terminal_size=SIZE)


def test_main_screen_narrow(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(bundled_session(tmp_path)), terminal_size=(80, 24))


def test_help_screen(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(bundled_session(tmp_path)), press=["question_mark"], terminal_size=SIZE)


def test_fix_preview(snap_compare, tmp_path: Path) -> None:
    async def open_preview(pilot) -> None:
        await pilot.press("A")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(make_app(bundled_session(tmp_path)), run_before=open_preview, terminal_size=SIZE)
