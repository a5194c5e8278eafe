"""Test-wide settings: commands' text output is not fitted to the width of whatever terminal
runs the tests (`COLUMNS`); the tests that need a width set one themselves."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sessions are kept in the user's data folder: the tests keep theirs out of the real one
    (and out of each other's), however they open a corpus."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("REVIEWER_SESSION_DIR", raising=False)
