"""Builds review apps for the UI tests: the bundled article or a small corpus, with the session
store in a temporary folder and checking done up front so screens are deterministic."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.app import App

from reviewer.review.session import ReviewSession
from reviewer.tui.app import ReviewApp
from tests.paths import SEED  # noqa: F401  (re-exported for the UI tests)


def bundled_session(tmp_path: Path, store: str | None = None) -> ReviewSession:
    """The bundled article with its glossary; session stored under tmp_path (or in `store`)."""
    return ReviewSession.open(session_path=tmp_path / "session.sqlite", user="tester", store=store)


def pair_session(tmp_path: Path, pairs: list[tuple[str, str]], store: str | None = None) -> ReviewSession:
    """A line-aligned corpus written into tmp_path; its session under tmp_path (or in `store`)."""
    src = tmp_path / "doc.en.txt"
    tgt = tmp_path / "doc.id.txt"
    src.write_text("".join(s + "\n" for s, _ in pairs), encoding="utf-8")
    tgt.write_text("".join(t + "\n" for _, t in pairs), encoding="utf-8")
    return ReviewSession.open(source=src, target=tgt, session_path=tmp_path / "pair.sqlite", user="tester",
                              store=store)


def make_app(session: ReviewSession) -> ReviewApp:
    """A review app that checks everything before its first screen."""
    return ReviewApp(session, check_in_background=False)


def screen_text(app: App) -> str:
    """What the terminal shows, one line per row (as `App.export_screenshot` draws it, as text)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()
