"""`reviewer serve`: the review UI in a browser. The server runs as a real process; the tests talk
to it as the page does (HTTP, then the websocket that carries the terminal), with and without a token."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

import aiohttp
import pytest

from reviewer.cli import serve
from reviewer.cli.main import build_parser, main
from tests.paths import ROOT

TOKEN = "s3cret-Token_0123456789"
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
ODD_NAME = "a b <i>&'$x.tsv"
"""A corpus file name with a space, HTML and shell characters: it reaches the page title and a shell command."""


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "team corpus"
    folder.mkdir()
    path = folder / ODD_NAME
    path.write_text("The committee approved the budget.\tKomite menyetujui anggaran itu.\n"
                    "Hello [b]world[/b].\tHalo [b]dunia[/b].\n", encoding="utf-8")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def _serving(tmp_path: Path, *args: str, token: str | None = None) -> Iterator[tuple[int, Path]]:
    """`reviewer serve ARGS` on a free loopback port, until the port answers; yields the port and
    the server's output file. Stops the server and every review process it started."""
    port = _free_port()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop(serve.TOKEN_ENV, None)
    if token is not None:
        env[serve.TOKEN_ENV] = token
    log = tmp_path / f"serve-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "reviewer", "serve", *args, "--port", str(port)], cwd=ROOT,
                                env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            assert proc.poll() is None, log.read_text(encoding="utf-8", errors="replace")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            assert time.monotonic() < deadline, "reviewer serve did not listen within 20 s"
            time.sleep(0.1)
        yield port, log
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)  # its own process group: the server and its review processes
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


async def _screen(ws: aiohttp.ClientWebSocketResponse, *wanted: str, timeout: float = 15) -> str:
    """Announce a 120×40 terminal as the page does, then read the terminal stream (ANSI, escapes
    stripped) until every one of `wanted` shows; returns the text."""
    await ws.send_json(["resize", {"width": 120, "height": 40}])
    stream = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
        except TimeoutError:
            break
        if msg.type == aiohttp.WSMsgType.BINARY:
            stream += msg.data
            text = ANSI.sub("", stream.decode("utf-8", "replace"))
            if all(w in text for w in wanted):
                return text
        elif msg.type != aiohttp.WSMsgType.TEXT:
            break
    raise AssertionError(f"the terminal never showed {wanted}: {ANSI.sub('', stream.decode('utf-8', 'replace'))!r}")


# ---------------------------------------------------------------------------------------------
# the page and the terminal, on loopback without a token


def test_the_page_loads_and_its_websocket_streams_the_review_screen(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)

    async def browse(port: int) -> None:
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/") as page:
                assert page.status == 200
                html = await page.text()
            assert 'id="terminal"' in html
            assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in html
            assert "/static/js/textual.js" in html
            # The corpus name is untrusted: escaped in the page, never markup.
            assert "reviewer — a b &lt;i&gt;&amp;&#39;$x.tsv" in html and "<i>" not in html
            async with http.get(f"{base}/static/js/textual.js") as script:
                assert script.status == 200
            async with http.ws_connect(f"ws://127.0.0.1:{port}/ws?width=120&height=40") as ws:
                text = await _screen(ws, "English", "Indonesian", "Komite menyetujui anggaran itu.")
                assert "The committee approved" in text
                assert "Halo [b]dunia[/b]." in text  # the target's markup is shown as text
                assert "reviewer — a b <i>&'$x.tsv" in text  # the title bar: the corpus file, as it is

    with _serving(tmp_path, str(corpus)) as (port, log):
        asyncio.run(browse(port))
    assert f"open http://127.0.0.1:{port}/\n" in log.read_text(encoding="utf-8")


def test_without_a_token_only_loopback_names_and_its_own_page_are_answered(tmp_path: Path) -> None:
    """DNS rebinding (a site whose name resolves to 127.0.0.1) and another site's page opening
    the websocket (cross-site websocket hijacking) are refused."""

    async def attack(port: int) -> None:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/", headers={"Host": f"evil.example:{port}"}) as page:
                assert page.status == 403
                assert await page.text() == serve.FORBIDDEN_HOST
            async with http.get(f"http://127.0.0.1:{port}/", headers={"Host": f"localhost:{port}"}) as page:
                assert page.status == 200
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(f"ws://127.0.0.1:{port}/ws", headers={"Origin": "http://evil.example"})
            assert refused.value.status == 403

    with _serving(tmp_path, str(_corpus(tmp_path))) as (port, _):
        asyncio.run(attack(port))


# ---------------------------------------------------------------------------------------------
# with a token


def test_with_a_token_every_request_presents_it_and_the_page_sets_a_cookie(tmp_path: Path) -> None:
    wrong = "Wrong-token-0123456789"

    async def browse(port: int) -> None:
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            for path in ("/", "/static/js/textual.js", f"/?token={wrong}", f"/?token={TOKEN[:-1]}", "/download/x"):
                async with http.get(base + path) as refused:
                    assert (refused.status, await refused.text()) == (403, serve.FORBIDDEN), path
                    assert "Set-Cookie" not in refused.headers
            with pytest.raises(aiohttp.WSServerHandshakeError) as no_cookie:
                await http.ws_connect(f"ws://127.0.0.1:{port}/ws")
            assert no_cookie.value.status == 403

            async with http.get(f"{base}/?token={TOKEN}") as page:
                assert page.status == 200
                assert 'id="terminal"' in await page.text()
                cookie = SimpleCookie(page.headers["Set-Cookie"])[serve.cookie_name(port)]
            assert cookie.value == TOKEN
            assert cookie["httponly"] is True and cookie["samesite"] == "Strict" and cookie["path"] == "/"

            sent = {"Cookie": f"{cookie.key}={cookie.value}"}
            bad = {"Cookie": f"{cookie.key}={wrong}"}
            async with http.get(f"{base}/static/js/textual.js", headers=sent) as script:
                assert script.status == 200
            async with http.get(f"{base}/static/js/textual.js", headers=bad) as script:
                assert script.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError) as bad_cookie:
                await http.ws_connect(f"ws://127.0.0.1:{port}/ws", headers=bad)
            assert bad_cookie.value.status == 403
            async with http.ws_connect(f"ws://127.0.0.1:{port}/ws?width=120&height=40", headers=sent) as ws:
                await _screen(ws, "English", "Indonesian", "Komite menyetujui anggaran itu.")

    with _serving(tmp_path, str(_corpus(tmp_path)), token=TOKEN) as (port, log):
        asyncio.run(browse(port))
    output = log.read_text(encoding="utf-8")
    assert f"open http://127.0.0.1:{port}/?token={TOKEN}\n" in output
    assert wrong not in output  # no request line, and no refused token, is printed


# ---------------------------------------------------------------------------------------------
# each tab as its own reviewer


def test_a_tab_opened_with_user_reviews_as_that_reviewer(tmp_path: Path, store_spec: str) -> None:
    """`?user=ana` on the page: the tab's review process records ana's changes, not the server's
    user, in the store `reviewer serve` was given (a database URL reaches the tabs in their
    environment, never on a command line)."""
    corpus = _corpus(tmp_path)

    async def browse(port: int) -> None:
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            async with http.get(f"{base}/?user=ana%20b") as refused:
                assert refused.status == 400 and "reviewer's name" in await refused.text()
                assert "Set-Cookie" not in refused.headers
            async with http.get(f"{base}/?user=ana") as page:
                assert page.status == 200
                cookie = SimpleCookie(page.headers["Set-Cookie"])[serve.user_cookie_name(port)]
            assert (cookie.value, cookie["httponly"], cookie["samesite"]) == ("ana", True, "Strict")
            sent = {"Cookie": f"{cookie.key}={cookie.value}"}
            async with http.ws_connect(f"ws://127.0.0.1:{port}/ws?width=120&height=40", headers=sent) as ws:
                await _screen(ws, "English", "Komite menyetujui anggaran itu.")
                await ws.send_json(["stdin", "c"])  # approve the first segment
                deadline = time.monotonic() + 15
                while time.monotonic() < deadline and not _authors(store_spec):
                    await asyncio.sleep(0.2)
        assert _authors(store_spec) == {"ana"}

    with _serving(tmp_path, str(corpus), "--store", store_spec) as (port, _log):
        asyncio.run(browse(port))


def _authors(spec: str) -> set[str]:
    """Who recorded the events of the store (SQLite file or database) so far."""
    if spec.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(spec) as db:
            try:
                return {who for (who,) in db.execute("SELECT who FROM reviewer.events")}
            except psycopg.errors.UndefinedTable:
                return set()
    if not Path(spec).exists():
        return set()
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"file:{spec}?mode=ro", uri=True)) as db:
        try:
            return {who for (who,) in db.execute("SELECT who FROM events")}
        except sqlite3.OperationalError:  # (the store is being created)
            return set()


def test_a_database_url_reaches_the_tabs_in_their_environment_not_their_command_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql://ana:s3cret@db.example:5432/review"
    monkeypatch.delenv("REVIEWER_STORE", raising=False)
    for argv in (["serve", "--store", url], ["serve", "--session", "s.sqlite", "--store", url]):
        args = build_parser().parse_args(argv)
        assert serve.tab_store(args) == url
        assert serve.review_argv(args) == [sys.executable, "-m", "reviewer", "review"]
    monkeypatch.setenv("REVIEWER_STORE", url)
    assert serve.tab_store(build_parser().parse_args(["serve"])) == url
    # A SQLite file holds no secret: the command line names it, as before (and wins over the variable).
    args = build_parser().parse_args(["serve", "--session", "s.sqlite"])
    assert serve.tab_store(args) is None
    assert serve.review_argv(args)[4:] == ["--session=s.sqlite"]


@pytest.mark.parametrize(("value", "name"), [(None, None), ("", None), ("ana", "ana"), ("budi.s@team-2", "budi.s@team-2"),
                                             ("Siti_Nur", "Siti_Nur"), ("Dewi+qa", "Dewi+qa")])
def test_reviewer_names_a_tab_may_give(value: str | None, name: str | None) -> None:
    assert serve.reviewer_name(value) == name


@pytest.mark.parametrize("value", ["ana b", "-ana", "_x", "$(id)", "a;b", "[b]x[/b]", "a\x1b[31m", "x" * 65, "ana'"])
def test_reviewer_names_that_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="reviewer's name"):
        serve.reviewer_name(value)


def test_a_tab_command_runs_the_review_as_its_reviewer() -> None:
    assert serve.tab_command("python -m reviewer review", None) == "python -m reviewer review"
    command = serve.tab_command("python -m reviewer review", "budi.s@team-2")
    assert shlex.split(command) == ["REVIEWER_USER=budi.s@team-2", "python", "-m", "reviewer", "review"]


# ---------------------------------------------------------------------------------------------
# refused before anything listens


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.com", "", "::ffff:127.0.0.1"])
def test_a_non_loopback_address_without_a_token_is_refused(host: str, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(serve.TOKEN_ENV, raising=False)
    monkeypatch.setattr(serve, "make_server", _must_not_serve)
    assert main(["serve", "--host", host]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"reviewer: error: refusing to serve on {host or 'every address'} without a token")
    assert "--token or REVIEWER_TOKEN" in err and err.count("\n") == 1


def test_a_non_loopback_bind_without_a_token_exits_2_in_a_real_process(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != serve.TOKEN_ENV} | {"XDG_DATA_HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "reviewer", "serve", "--host", "0.0.0.0", "--port", str(port)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith("reviewer: error: refusing to serve on 0.0.0.0 without a token")
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


@pytest.mark.parametrize(("token", "message"), [
    ("short-token", "the token is too short: it needs at least 16 characters"),
    ("0123456789abcdef with space", "the token may hold only letters, digits and . _ ~ -"),
    ("0123456789abcdef;x=<b>", "the token may hold only letters, digits and . _ ~ -"),
])
def test_a_bad_token_is_refused_without_being_printed(token: str, message: str, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "make_server", _must_not_serve)
    for argv, env in ((["serve", "--token", token], None), (["serve", "--host", "0.0.0.0"], token)):
        if env is None:
            monkeypatch.delenv(serve.TOKEN_ENV, raising=False)
        else:
            monkeypatch.setenv(serve.TOKEN_ENV, env)
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"reviewer: error: {message}") and token not in err


@pytest.mark.parametrize("port", ["0", "65536", "-1"])
def test_a_port_out_of_range_is_refused(port: str, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "make_server", _must_not_serve)
    assert main(["serve", "--port", port]) == 2
    assert f"--port {port}: a port is a number from 1 to 65535" in capsys.readouterr().err


def test_without_textual_serve_the_message_says_what_to_install(capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["serve"]) == 2
    assert capsys.readouterr().err == (
        "reviewer: error: `reviewer serve` needs textual-serve: pip install 'reviewer[serve]'\n")


def test_building_the_parser_imports_neither_textual_serve_nor_aiohttp() -> None:
    code = ("import sys; from reviewer.cli.main import build_parser; build_parser(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual_serve', 'aiohttp', 'textual')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True)
    assert proc.stdout == "[]\n"


def _must_not_serve(*args: object, **kwargs: object) -> None:
    raise AssertionError("a server was made")


# ---------------------------------------------------------------------------------------------
# the command each browser connection runs


def test_the_review_command_carries_every_session_option_through_the_shell(tmp_path: Path) -> None:
    corpus = str(tmp_path / "-odd dir" / ODD_NAME)
    argv = ["serve", corpus, "--glossary", "g 1.yaml", "-g", "$(touch x).yaml", "--session", "s;'x'.sqlite",
            "--host", "127.0.0.1", "--port", "8123"]
    args = build_parser().parse_args(argv)
    command = serve.review_command(args)
    rebuilt = shlex.split(command)  # what /bin/sh hands to python
    assert rebuilt == serve.review_argv(args)
    assert rebuilt[:4] == [sys.executable, "-m", "reviewer", "review"]
    again = build_parser().parse_args(rebuilt[3:])
    assert again.command == "review"
    assert (again.corpus, again.glossary, again.session) == (corpus, ["g 1.yaml", "$(touch x).yaml"], "s;'x'.sqlite")
    session_options = set(vars(build_parser().parse_args(["review"]))) - {"command", "func"}
    assert {name: getattr(again, name) for name in session_options} == {
        name: getattr(args, name) for name in session_options}


def test_the_review_command_without_options_opens_the_bundled_article() -> None:
    args = build_parser().parse_args(["serve"])
    assert serve.review_argv(args) == [sys.executable, "-m", "reviewer", "review"]


def test_a_source_and_target_pair_and_a_dash_corpus_pass_through() -> None:
    args = build_parser().parse_args(["serve", "--source=-en.txt", "--target", "id file.txt"])
    assert serve.review_argv(args)[4:] == ["--source=-en.txt", "--target=id file.txt"]
    args = build_parser().parse_args(["serve", "--", "-corpus.tsv"])
    again = build_parser().parse_args(serve.review_argv(args)[3:])
    assert again.corpus == "-corpus.tsv"


# ---------------------------------------------------------------------------------------------
# what is loopback, and who may pass


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("LocalHost.", True), ("0.0.0.0", False), ("::", False), ("", False), ("192.168.0.1", False),
    ("localhost.example.com", False), ("127.0.0.1.nip.io", False), ("::ffff:127.0.0.1", False),
])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert serve.is_loopback(host) is loopback


@pytest.mark.parametrize(("token", "query", "cookie", "host", "origin", "refused"), [
    (None, None, None, "127.0.0.1", None, None),
    (None, None, None, "localhost", "http://localhost:8000", None),
    (None, None, None, "evil.example", None, serve.FORBIDDEN_HOST),
    (None, None, None, None, None, serve.FORBIDDEN_HOST),
    (None, None, None, "127.0.0.1", "http://evil.example", serve.FORBIDDEN_ORIGIN),
    (TOKEN, TOKEN, None, "team.example", None, None),
    (TOKEN, None, TOKEN, "team.example", "http://team.example:8000", None),
    (TOKEN, None, None, "127.0.0.1", None, serve.FORBIDDEN),
    (TOKEN, TOKEN + "x", None, "127.0.0.1", None, serve.FORBIDDEN),
    (TOKEN, "", "", "127.0.0.1", None, serve.FORBIDDEN),
    (TOKEN, "é" * 20, None, "127.0.0.1", None, serve.FORBIDDEN),
    (TOKEN, None, TOKEN, "team.example", "http://evil.example", serve.FORBIDDEN_ORIGIN),
])
def test_refusal(token: str | None, query: str | None, cookie: str | None, host: str | None, origin: str | None,
                 refused: str | None) -> None:
    netloc = f"{host}:8000" if host else "vm"
    assert serve.refusal(token=token, query_token=query, cookie=cookie, host=host, origin=origin,
                         netloc=netloc) == refused


@pytest.mark.parametrize(("host", "token", "url"), [
    ("127.0.0.1", None, "http://127.0.0.1:8000/"),
    ("::1", TOKEN, f"http://[::1]:8000/?token={TOKEN}"),
    ("0.0.0.0", TOKEN, f"http://{socket.gethostname()}:8000/?token={TOKEN}"),
    ("review.example", TOKEN, f"http://review.example:8000/?token={TOKEN}"),
])
def test_the_address_to_open(host: str, token: str | None, url: str) -> None:
    assert serve.address_url(host, 8000, token) == url
