"""Test-wide settings: commands' text output is not fitted to the width of whatever terminal
runs the tests (`COLUMNS`); the tests that need a width set one themselves."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
