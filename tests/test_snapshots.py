"""SVG snapshots of the main screen, the help, the edit dialog and the corpus-wide fix preview,
at 80×24 (a laptop terminal, SSH) and 120×40."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui_support import bundled_session, make_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
#: The help shows where the session is kept: a fixed path, so the picture is the same each run.
SHOWN_SESSION = "/home/reviewer/.local/share/reviewer/sessions/deepseek-export-controls.sqlite"


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    # Three flags on: p4.s1, with its two flags, the second selected.
    assert snap_compare(make_app(bundled_session(tmp_path)), press=["n", "n", "n"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_main_screen_long_segment(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def long_one(pilot) -> None:
        await pilot.pause()
        pilot.app.main_screen.go_to("p15.s3")  # five lines of English, seven flags
        await pilot.pause()

    assert snap_compare(make_app(bundled_session(tmp_path)), run_before=long_one, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(bundled_session(tmp_path))
    app.main_screen.session_location = lambda: SHOWN_SESSION  # type: ignore[method-assign]
    assert snap_compare(app, press=["question_mark"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_edit_dialog(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def edit_long_one(pilot) -> None:
        await pilot.pause()
        pilot.app.main_screen.go_to("p15.s3")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()

    assert snap_compare(make_app(bundled_session(tmp_path)), run_before=edit_long_one, terminal_size=size)


def test_fix_preview(snap_compare, tmp_path: Path) -> None:
    async def open_preview(pilot) -> None:
        await pilot.press("A")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(make_app(bundled_session(tmp_path)), run_before=open_preview, terminal_size=(120, 40))
