"""The main screen's team part: it says where this reviewer is (`PresenceReporter`), shows who
else has the corpus open and on which segment (the status line, a mark in the list), filters the
list to "my segments", and opens the lead's view of the progress per reviewer (`ProgressScreen`).
Names and ids come from other people: they are shown as literal text, never as markup."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.cells import cell_len, set_cell_size
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static

from reviewer.core.errors import ReviewerError
from reviewer.core.text import visible
from reviewer.review import team
from reviewer.review.storebase import Presence
from reviewer.review.team import MINE, PresenceReporter, ReviewerProgress
from reviewer.review.view import NOT_CHECKED, Filter
from reviewer.tui.screens.checking import CheckingScreen
from reviewer.tui.screens.dialogs import Dialog
from reviewer.tui.widgets.segment_list import SegmentList

#: Seconds between two reads of the assignments while the list shows "my segments".
MINE_REFRESH_S = 5.0

#: The most cells a teammate's name takes in the status line and in a list row.
NAME_CELLS = 16


def shown_name(who: str) -> str:
    """A teammate's name for one line of the screen: no control character, at most NAME_CELLS cells."""
    shown = visible(who, one_line=True)
    return shown if cell_len(shown) <= NAME_CELLS else set_cell_size(shown, NAME_CELLS - 1) + "…"


class TeamScreen(CheckingScreen):
    """Presence, "my segments" and the lead's view, for `MainScreen` (which calls `team_moved`
    when the reviewer moves to a segment and `team_tick` on its 1-second timer)."""

    filter: Filter

    def set_filter(self, new: Filter) -> None:
        raise NotImplementedError

    def take_in_others(self) -> None:
        raise NotImplementedError

    @property
    def seg_list(self) -> SegmentList:
        return self.query_one(SegmentList)

    store_down: str | None = None
    """Why the timer's last look at the session store failed (None: it answered)."""

    def poll_store(self, reload: Callable[[], list[str]]) -> list[str] | None:
        """The timer's look at the store (`reload`). A store that cannot be read (a database
        server down, a file locked for long) is said once, and once more when it answers again,
        not every second; a change made meanwhile is kept on this machine (its own message says where)."""
        try:
            changed = reload()
        except ReviewerError as exc:
            if self.store_down is None:
                self.notify(f"{visible(str(exc), one_line=True)}; trying again every second", severity="error",
                            markup=False, timeout=10)
            self.store_down = str(exc)
            return None
        if self.store_down is not None:
            self.store_down = None
            said = "The session store answers again."
            try:
                kept = self.session.record_kept()
            except ReviewerError as exc:
                kept = []
                said += f" {visible(str(exc), one_line=True)}"
            else:
                if kept:
                    said += " The changes kept meanwhile are recorded."
                    changed = sorted({*changed, *kept}, key=lambda s: self.session.position.get(s, 0))
            self.notify(said, markup=False, timeout=6)
        return changed

    def team_start(self) -> None:
        """Start saying where this reviewer is (the screen is mounted)."""
        self.presence = PresenceReporter(self.session)
        self.presence.here = self.current  # shown before the screen was mounted
        self.others: list[Presence] = []
        """Teammates with the corpus open, as of the last tick."""
        self.others_on: dict[str, list[str]] = {}
        """Segment id -> the names of the teammates on it."""
        self._presence_problem_told = False
        self.team_tick()

    def resume_segment(self) -> str | None:
        """Where the reviewer left off: the segment of their last recorded action (undone or
        not, it is where they were working; the first segment of a corpus-wide fix), else the
        first segment."""
        session = self.session
        last: tuple[int, str] | None = None
        for ev in session.corrections():
            if ev.who == session.user and ev.segment_id in session.position:
                if last is None or ev.group != last[0]:
                    last = (ev.group, ev.segment_id)
        if last is not None:
            return last[1]
        return session.segments[0].id if session.segments else None


    def team_moved(self, seg_id: str | None) -> None:
        """The reviewer is on another segment: say so (at most once a second)."""
        if hasattr(self, "presence"):
            self.presence.moved(seg_id)

    def team_tick(self) -> None:
        """Say where this reviewer is when it is time to, and look who else is here."""
        if not hasattr(self, "presence"):
            return
        self.presence.tick()
        self._refresh_mine()
        try:
            others = team.others_present(self.session)
        except ReviewerError as exc:
            self.presence.problem = str(exc)
            others = []
        if self.presence.problem and not self._presence_problem_told:
            self._presence_problem_told = True  # once: presence is a help, not the review
            self.notify(f"Cannot share where you are: {visible(self.presence.problem, one_line=True)}",
                        severity="warning", markup=False, timeout=6)
        if others == self.others:
            return
        self.others = others
        on: dict[str, list[str]] = {}
        for p in others:
            if p.segment_id is not None:
                on.setdefault(p.segment_id, []).append(p.who)
        self.others_on = on
        self.seg_list.invalidate()  # the rows' marks
        self.update_status()

    def _refresh_mine(self) -> None:
        """While the list shows "my segments", take in what the lead assigned or took away since
        (at most every MINE_REFRESH_S: the assignments are read whole)."""
        if self.filter.kind != MINE:
            return
        now = time.monotonic()
        if now - getattr(self, "_mine_read_at", float("-inf")) < MINE_REFRESH_S:
            return
        self._mine_read_at = now
        try:
            rows = team.my_segments(self.session)
        except ReviewerError:
            return  # (the presence tick says what is wrong with the store)
        if rows == self.seg_list.rows:
            return
        if not rows:
            self.notify(f"No segment is assigned to {visible(self.session.user, one_line=True)} any more: "
                        "showing every segment.", timeout=5, markup=False)
            self.set_filter(Filter())
            return
        self.seg_list.set_rows(rows, keep=self.current)
        if self.seg_list.current and self.seg_list.current != self.current:
            self.show_segment(self.seg_list.current)
        self.update_status()

    def team_leave(self) -> None:
        """The reviewer closes the corpus: no longer shown as present."""
        if hasattr(self, "presence"):
            self.presence.leave()

    def here_names(self, seg_id: str) -> str:
        """Who else is on a segment, as its list row shows it ("" for nobody)."""
        names = self.others_on.get(seg_id) if hasattr(self, "others_on") else None
        return ", ".join(shown_name(n) for n in names) if names else ""

    def here_for_status(self) -> tuple[tuple[str, str | None], ...]:
        """(name, segment) of each teammate present, for the status line."""
        return tuple((p.who, p.segment_id) for p in getattr(self, "others", ()))

    def filter_rows(self, which: Filter) -> list[str]:
        """The rows a filter keeps: the review view's, or the segments assigned to this reviewer."""
        if which.kind == MINE:
            return team.my_segments(self.session)
        return self.view.rows(which)

    # -- actions -----------------------------------------------------------------------------
    def action_mine(self) -> None:
        """Show only my segments, or everything again."""
        if self.filter.kind == MINE:
            self.set_filter(Filter())
            return
        if not team.my_segments(self.session):
            self.notify(f"No segment is assigned to {visible(self.session.user, one_line=True)}.", timeout=3,
                        markup=False)
            return
        self.set_filter(Filter(MINE))

    def action_progress(self) -> None:
        """The lead's view: progress per reviewer."""
        self.take_in_others()  # as the store has it now, not as of the last tick
        view = self.view

        def open_flags(seg_id: str) -> int | None:
            counts = view.counts.get(seg_id)
            return None if counts is None or counts == NOT_CHECKED else sum(counts)

        rows = team.progress_by_reviewer(self.session, open_flags)
        self.app.push_screen(ProgressScreen(rows, self.others, self.session.user))


MINE_BINDING = Binding("M", "mine", "My segments", show=False, id="mine",
                       tooltip="Show only the segments assigned to me, or every segment again")
PROGRESS_BINDING = Binding("P", "progress", "Progress", show=False, id="progress",
                           tooltip="Progress per reviewer: assigned, approved, open flags, last activity")


def progress_table(rows: list[ReviewerProgress], me: str) -> Content:
    """The lead's view as lines of literal text (names are untrusted)."""
    width = max(len("reviewer"), *(min(len(r.label), NAME_CELLS) for r in rows))
    head = f"{'reviewer':<{width}}  assigned  approved  flags  changed  last change"
    lines = [Content.styled(head, "bold")]
    for r in rows:
        name = "(unassigned)" if r.who is None else shown_name(r.who)
        flags = "…" if r.open_flags is None else str(r.open_flags)
        when = _short_time(r.last_activity)
        line = Content.assemble((set_cell_size(name, width), "italic" if r.who is None else
                                 ("bold" if r.who == me else "")),
                                f"  {r.assigned:>8}  {r.approved:>8}  {flags:>5}  {r.changed:>7}  ",
                                visible(when, one_line=True))
        lines.append(line)
    return Content("\n").join(lines)


def _short_time(at: str | None) -> str:
    """`2026-12-01T05:21:00.278+00:00` as `12-01 05:21` (UTC, as recorded), to fit 80 columns."""
    if not at:
        return "-"
    day, _, clock = at.partition("T")
    return f"{day[5:10]} {clock[:5]}" if clock else at[:11]


class ProgressScreen(Dialog[None]):
    """Progress per reviewer (the same rows as `reviewer session progress`), and who is here now."""

    DEFAULT_CSS = "ProgressScreen VerticalScroll { height: auto; max-height: 20; }"
    BINDINGS = [Binding("escape,q,P", "dismiss(None)", "Close")]

    def __init__(self, rows: list[ReviewerProgress], present: list[Presence], me: str) -> None:
        super().__init__()
        self.rows = rows
        self.present = present
        self.me = me

    def compose(self) -> ComposeResult:
        here = ", ".join(f"{shown_name(p.who)} ({visible(p.segment_id, one_line=True) if p.segment_id else '-'})"
                         for p in self.present)
        with Vertical():
            yield Label("Progress by reviewer (times UTC)  esc closes", classes="title")
            with VerticalScroll():
                yield Static(progress_table(self.rows, self.me), markup=False, id="progress-table")
            yield Static(Content(f"Also here now: {here or 'nobody'}"), markup=False, classes="hint",
                         id="progress-present")
