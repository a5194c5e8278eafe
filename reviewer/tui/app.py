"""The review app: holds the session, starts the background check process, and shows the main
screen (`reviewer.tui.screens.main`), where the review happens."""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Iterable

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from reviewer.checking.background import BackgroundChecker
from reviewer.core.text import visible
from reviewer.review.session import ReviewSession
from reviewer.tui.screens.main import MainScreen
from reviewer.tui.wording import key_names


class ReviewApp(App[None]):
    """Side-by-side review of one corpus."""

    TITLE = "reviewer"
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    #: From this size on, the background check runs in another process (see
    #: reviewer.checking.background); below it, in a thread of this one.
    PROCESS_THRESHOLD = 2000

    def __init__(self, session: ReviewSession, *, check_in_background: bool = True) -> None:
        super().__init__()
        self.session = session
        background = None
        if check_in_background and len(session.segments) >= self.PROCESS_THRESHOLD:
            # Started before the app takes over the terminal (see BackgroundChecker).
            background = BackgroundChecker(session.corpus, session.spec)
        self._background = background
        self.main_screen = MainScreen(session, background=background, check_in_background=check_in_background)

    def get_default_screen(self) -> Screen[None]:
        return self.main_screen

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.main_screen.last_input = time.monotonic()  # background work waits while keys come in
        await super().on_event(event)

    def on_mount(self) -> None:
        # Background checking shares the interpreter with the screen: switch threads often so
        # a key press never waits long behind it.
        sys.setswitchinterval(0.001)
        self.sub_title = visible(self.session.corpus.name, one_line=True)  # a file name: untrusted
        # A large corpus is millions of long-lived objects: a full garbage collection walking
        # them all would stall a key press for 100 ms or more. They are never garbage; freeze them.
        gc.freeze()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        main = self.main_screen
        if screen is not main:
            return  # the review actions act on the main screen, not over a dialog
        # Every action of the main screen, with its keys: at 80 columns the footer has room for
        # the most used ones only, and the palette is where the others can be found by name.
        for b in main.BINDINGS:
            if isinstance(b, Binding):
                yield SystemCommand(b.description, f"{b.tooltip or b.description}  ({key_names(b.key)})",
                                    lambda action=b.action: main.run_action(action))

    def on_unmount(self) -> None:
        if self._background is not None:
            self._background.close()
        self.main_screen.team_leave()  # no longer shown as present to the others
        self.session.close()


def run(session: ReviewSession) -> None:
    """Start the review UI."""
    ReviewApp(session).run()
