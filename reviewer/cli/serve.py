"""`reviewer serve`: the review UI in a browser (textual-serve), on loopback, or anywhere behind a token."""

from __future__ import annotations

import argparse
import asyncio
import hmac
import ipaddress
import logging
import os
import re
import shlex
import socket
import sys
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from reviewer.cli.command import ExitCode, Subparsers, command
from reviewer.cli.options import add_session_options, open_session
from reviewer.core.errors import ReviewerError
from reviewer.core.text import visible

if TYPE_CHECKING:
    from aiohttp import web

TOKEN_ENV = "REVIEWER_TOKEN"
"""The environment variable that carries the token (safer than `--token`: no other user sees it in `ps`)."""

MIN_TOKEN_LENGTH = 16
"""The shortest token accepted: 16 characters of `secrets.token_urlsafe` are 96 bits."""

_TOKEN_CHARS = re.compile(r"[A-Za-z0-9._~-]+")
"""What a token may hold: characters that stand for themselves in a URL and in a cookie."""

_MAKE_TOKEN = "python -c 'import secrets; print(secrets.token_urlsafe(24))'"

FORBIDDEN = "403 forbidden: open the address `reviewer serve` printed (with its ?token=...)\n"
"""The whole body of a refused request: it names nothing the request sent."""

FORBIDDEN_HOST = "403 forbidden: without a token this server answers pages opened at localhost only\n"
FORBIDDEN_ORIGIN = "403 forbidden: the review session opens only from this server's own page\n"


def register(sub: Subparsers) -> None:
    """Add `serve`."""
    serve = command(
        sub, "serve", cmd_serve, help="serve the review UI to a web browser",
        description="Serve the review UI to web browsers (textual-serve): every browser tab runs its own "
                    "`reviewer review` of the same session. Binds to 127.0.0.1; any other address needs a "
                    f"token (--token or {TOKEN_ENV}) that the page must present.")
    add_session_options(serve)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1; a non-loopback address needs a token)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--token", metavar="TOKEN",
                       help=f"secret the browser must present, at least {MIN_TOKEN_LENGTH} characters "
                            f"(default: ${TOKEN_ENV}; the environment keeps it out of `ps`)")


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only: localhost, 127.0.0.0/8 or ::1 (brackets allowed).
    Anything else, a host name, an empty host or 0.0.0.0 included, may be reachable from elsewhere."""
    name = host.strip().rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name.removeprefix("[").removesuffix("]")).is_loopback
    except ValueError:
        return False


def serve_token(args: argparse.Namespace) -> str | None:
    """The token (`--token`, else $REVIEWER_TOKEN), checked; None when neither gives one.
    The token is never part of a message."""
    token = args.token if args.token is not None else os.environ.get(TOKEN_ENV)
    if token is None or token == "":
        if not is_loopback(args.host):
            raise ReviewerError(
                f"refusing to serve on {visible(args.host, one_line=True) or 'every address'} without a token: "
                f"anyone who reaches it could change the review. Give one with --token or {TOKEN_ENV} "
                f"(make one with {_MAKE_TOKEN}), or serve on 127.0.0.1")
        return None
    if len(token) < MIN_TOKEN_LENGTH:
        raise ReviewerError(f"the token is too short: it needs at least {MIN_TOKEN_LENGTH} characters "
                            f"(make one with {_MAKE_TOKEN})")
    if not _TOKEN_CHARS.fullmatch(token):
        raise ReviewerError("the token may hold only letters, digits and . _ ~ - "
                            f"(make one with {_MAKE_TOKEN})")
    return token


def review_argv(args: argparse.Namespace) -> list[str]:
    """`python -m reviewer review` with the session options of `args`, whatever
    `add_session_options` defines (the corpus, --source/--target, --glossary, --session, ...)."""
    probe = argparse.ArgumentParser(add_help=False)
    add_session_options(probe)
    argv = [sys.executable, "-m", "reviewer", "review"]
    positionals: list[str] = []
    # A database URL may hold a password: it reaches the tabs in the environment (`tab_store`), not in `ps`.
    skip = {"store", "session"} if tab_store(args) is not None else set()
    # argparse keeps its actions in a private list; it is the only record of what the options are.
    for action in probe._actions:
        if action.dest in skip:
            continue
        value = getattr(args, action.dest, None)
        if value is None or value is False or value == []:
            continue
        if not action.option_strings:
            positionals.append(str(value))
            continue
        flag = max(action.option_strings, key=len)
        if value is True:
            argv.append(flag)
        else:
            for item in value if isinstance(value, list) else [value]:
                argv.append(f"{flag}={item}")
    # After `--`, a corpus named like an option (`-x.tsv`) is still the corpus.
    return argv + (["--", *positionals] if positionals else [])


def tab_store(args: argparse.Namespace) -> str | None:
    """The database URL the tabs' review processes use (`--store`, `--session`, $REVIEWER_STORE
    as every command reads them), passed to them as $REVIEWER_STORE; None for a SQLite file,
    which their command line names."""
    from reviewer.review.storebase import is_server, store_spec

    spec = store_spec(getattr(args, "store", None), getattr(args, "session", None))
    return str(spec) if spec is not None and is_server(spec) else None


def review_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser connection."""
    return shlex.join(review_argv(args))


def address_url(host: str, port: int, token: str | None) -> str:
    """The address to open in a browser (with the token, when there is one)."""
    shown = host
    try:
        address = ipaddress.ip_address(host.removeprefix("[").removesuffix("]"))
    except ValueError:
        pass
    else:
        if address.is_unspecified:  # listening everywhere: this machine's name reaches it
            shown = socket.gethostname()
        elif address.version == 6:
            shown = f"[{address}]"
    return f"http://{shown}:{port}/" + (f"?token={quote(token, safe='')}" if token else "")


def same_token(given: str | None, token: str) -> bool:
    """Whether `given` is the token, in time that does not depend on where they differ."""
    return given is not None and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


_USER_NAME = re.compile(r"[^\W_][\w.@+-]{0,63}")
"""A reviewer's name given in `?user=`: letters, digits and . _ @ + - (no spaces, no markup, nothing a shell reads)."""


def reviewer_name(value: str | None) -> str | None:
    """The reviewer a browser tab says it is (`?user=`, then its cookie), checked; None for none
    given (the tab reviews as the server's own reviewer). A name that is not one is a ValueError."""
    if value is None or value == "":
        return None
    if not _USER_NAME.fullmatch(value):
        raise ValueError("a reviewer's name is 1 to 64 letters, digits and . _ @ + - (starting with a letter or digit)")
    return value


def user_cookie_name(port: int) -> str:
    """The cookie that carries the reviewer's name (`?user=`) to the tab's websocket."""
    return f"reviewer_user_{port}"


def tab_command(review: str, user: str | None) -> str:
    """The shell command for one browser tab: `review`, as reviewer `user` when the tab named one."""
    return review if user is None else f"REVIEWER_USER={shlex.quote(user)} {review}"


def _size(value: str | None, default: int) -> int:
    """A terminal size the page sent (`?width=`, `?height=`): a number from 1 to 1000, else `default`."""
    try:
        number = int(value or "")
    except ValueError:
        return default
    return number if 1 <= number <= 1000 else default


def cookie_name(port: int) -> str:
    """The cookie that carries the token; cookies are kept per host, not per port, so the port is in the name."""
    return f"reviewer_token_{port}"


def refusal(*, token: str | None, query_token: str | None, cookie: str | None, host: str | None,
            origin: str | None, netloc: str) -> str | None:
    """Why a request is refused (the body of the 403), or None to let it through.

    With a token: the request carries it, in `?token=` or in the cookie the first page sets.
    Without one (loopback only): the page must be opened at a loopback name (`host`, from the
    Host header), so that a web site whose name resolves to 127.0.0.1 (DNS rebinding) cannot read it.
    Either way, a browser's `origin` (sent with every websocket) must be this server (`netloc`,
    the Host header): no other site's page may drive a review session."""
    if token is not None:
        if not (same_token(query_token, token) or same_token(cookie, token)):
            return FORBIDDEN
    elif host is None or not is_loopback(host):
        return FORBIDDEN_HOST
    if origin is not None and urlsplit(origin).netloc.lower() != netloc.lower():
        return FORBIDDEN_ORIGIN
    return None


def cmd_serve(args: argparse.Namespace, out: IO[str]) -> int:
    if not 1 <= args.port <= 65535:
        raise ReviewerError(f"--port {args.port}: a port is a number from 1 to 65535")
    token = serve_token(args)
    os.environ.pop(TOKEN_ENV, None)  # the review processes it starts need no token
    database = tab_store(args)
    if database is not None:
        from reviewer.review.storebase import STORE_ENV

        os.environ[STORE_ENV] = database
    try:
        import textual_serve.server  # noqa: F401
    except ImportError:
        raise ReviewerError("`reviewer serve` needs textual-serve: pip install 'reviewer[serve]'") from None
    session = open_session(args)  # a corpus that cannot be opened fails here, not in every browser tab
    try:
        title = f"reviewer — {visible(session.corpus.name, one_line=True)}"
    finally:
        session.close()
    server = make_server(review_command(args), host=args.host, port=args.port, title=title, token=token,
                         out=out)
    try:
        server.serve()
    except OSError as exc:
        where = f"{visible(args.host, one_line=True)}:{args.port}"
        raise ReviewerError(f"cannot listen on {where}: {exc.strerror or exc} (is --port in use?)") from None
    return ExitCode.OK


def make_server(review: str, *, host: str, port: int, title: str, token: str | None, out: IO[str]) -> Any:
    """A textual-serve `Server` that runs `review` per browser connection, refuses what
    `refusal` refuses, and builds the page's addresses from the address the browser used."""
    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    cookie = cookie_name(port)
    user_cookie = user_cookie_name(port)

    @web.middleware
    async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
        query_token = request.query.get("token")
        why = refusal(token=token, query_token=query_token, cookie=request.cookies.get(cookie),
                      host=request.url.host, origin=request.headers.get("Origin"), netloc=request.host)
        if why is not None:
            return web.Response(status=403, text=why, content_type="text/plain")
        response: web.StreamResponse = await handler(request)
        if token is not None and same_token(query_token, token) and not response.prepared:
            # The page's websocket and files carry the token from here on, never readable by script.
            response.set_cookie(cookie, token, path="/", httponly=True, samesite="Strict", secure=request.secure)
        return response

    class ReviewServer(Server):
        """textual-serve's server, guarded; its page addresses follow the browser's."""

        async def _make_app(self) -> web.Application:
            app: web.Application = await super()._make_app()
            app.middlewares.append(guard)
            return app

        def initialize_logging(self) -> None:
            super().initialize_logging()
            # The access log would print every request line, `?token=...` included.
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

        async def on_startup(self, app: web.Application) -> None:
            out.write(f"reviewer serve: {title}: open {address_url(host, port, token)}\n"
                      "Press Ctrl+C to stop.\n")
            out.flush()

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            try:
                user = reviewer_name(request.query.get("user"))
            except ValueError as exc:
                return web.Response(status=400, text=f"400 bad request: {exc}\n", content_type="text/plain")
            response = await self._index_page(request)
            if "user" in request.query:
                # The tab's websocket carries the name; an empty ?user= goes back to the server's reviewer.
                if user is None:
                    response.del_cookie(user_cookie, path="/")
                else:
                    response.set_cookie(user_cookie, user, path="/", httponly=True, samesite="Strict",
                                        secure=request.secure)
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """textual-serve's websocket, with the tab's review process run as the reviewer the
            page named (`?user=`, kept in a cookie: the page's script adds only the terminal size)."""
            try:
                user = reviewer_name(request.cookies.get(user_cookie))
            except ValueError:
                user = None  # (only a forged cookie: the page refuses a bad name)
            websocket = web.WebSocketResponse(heartbeat=15)
            width, height = (_size(request.query.get(name), default) for name, default in (("width", 80),
                                                                                           ("height", 24)))
            await websocket.prepare(request)

            async def close() -> None:
                await websocket.close()

            service = AppService(tab_command(review, user), write_bytes=websocket.send_bytes,
                                 write_str=websocket.send_str, close=close,
                                 download_manager=self.download_manager, debug=self.debug)
            try:
                await service.start(width, height)
                await self._process_messages(websocket, service)
            except asyncio.CancelledError:
                await websocket.close()
            finally:
                await service.stop()
            return websocket

        async def _index_page(self, request: web.Request) -> web.StreamResponse:
            try:
                font_size = int(request.query.get("fontsize", "16"))
            except ValueError:
                font_size = 16
            scheme = "wss" if request.secure else "ws"
            context = {
                "font_size": font_size,
                "app_websocket_url": f"{scheme}://{request.host}/ws",
                "config": {"static": {"url": "/static/"}},
                "application": {"name": self.title},  # the template escapes it
            }
            return aiohttp_jinja2.render_template("app_index.html", request, context)

    return ReviewServer(review, host=host, port=port, title=title)
