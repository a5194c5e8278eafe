"""Test-wide settings: commands' text output is not fitted to the width of whatever terminal
runs the tests (`COLUMNS`); the tests that need a width set one themselves. The PostgreSQL
server (`pg_support`) and `store_spec`, which runs a test against each kind of session store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg_support import PostgresServer


@pytest.fixture(autouse=True)
def _no_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sessions are kept in the user's data folder: the tests keep theirs out of the real one
    (and out of each other's), however they open a corpus."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("REVIEWER_SESSION_DIR", raising=False)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole run (`pg_support`): started on first use, stopped at the end."""
    server = PostgresServer.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a new, empty database for this test."""
    url = postgres_server.new_database()
    try:
        yield url
    finally:
        postgres_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A session store of each kind: a SQLite file, or a database on the test server (as
    `--store` takes them)."""
    if request.param == "sqlite":
        return str(tmp_path / "session.sqlite")
    return str(request.getfixturevalue("postgres_url"))
