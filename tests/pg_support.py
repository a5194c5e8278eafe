"""A PostgreSQL server for the tests: $REVIEWER_TEST_POSTGRES when set (CI starts one with
`.ci/postgres.sh`), else a throwaway cluster that the same script starts in a temporary folder
and stops when the tests end. Each test gets a database of its own. A server that cannot be
started fails the tests that need it: they are never skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

POSTGRES_ENV = "REVIEWER_TEST_POSTGRES"
"""A server URL (with a database the tests may create databases from) to use instead of starting one."""
SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "postgres.sh"


def with_database(url: str, database: str) -> str:
    """`url`, naming another database on the same server."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


class PostgresServer:
    """A running server: its URL, and the cluster folder when the tests started it."""

    def __init__(self, url: str, folder: Path | None = None) -> None:
        self.url = url
        self.folder = folder

    @classmethod
    def start(cls) -> PostgresServer:
        """$REVIEWER_TEST_POSTGRES, else a cluster of our own; pytest.fail says why it cannot start."""
        given = os.environ.get(POSTGRES_ENV)
        if given:
            return cls(given)
        # Not under pytest's tmp_path: the server runs as `postgres` when we are root, and must
        # reach its folder; /tmp is open to it.
        folder = Path(tempfile.mkdtemp(prefix="reviewer-pg-"))
        shutil.rmtree(folder)
        done = subprocess.run(["bash", str(SCRIPT), "start", str(folder)], capture_output=True, text=True,
                              timeout=120, check=False)
        if done.returncode != 0:
            pytest.fail(f"PostgreSQL could not be started for the tests ({SCRIPT} start: exit {done.returncode}):\n"
                        f"{done.stderr.strip()}\nInstall PostgreSQL (apt-get install postgresql) or set "
                        f"{POSTGRES_ENV} to a server URL.", pytrace=False)
        return cls(done.stdout.strip(), folder)

    def stop(self) -> None:
        if self.folder is not None:
            subprocess.run(["bash", str(SCRIPT), "stop", str(self.folder)], capture_output=True, timeout=120,
                           check=False)

    def new_database(self) -> str:
        """A new, empty database on the server; its URL."""
        name = "reviewer_test_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
        return with_database(self.url, name)

    def drop_database(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
