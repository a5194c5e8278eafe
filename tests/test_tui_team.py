"""The review UI as one of a team: the filter "my segments" (M, and in the filter dialog), who
else has the corpus open and on which segment (the status line, a mark in the list, within about
a second of their move), this reviewer's own whereabouts as the others see them, and the lead's
view of the progress per reviewer (P)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import OptionList, Static

from reviewer.core.errors import ReviewerError
from reviewer.review import team
from reviewer.review.session import ReviewSession
from reviewer.tui.screens import team as team_screen
from reviewer.tui.screens.dialogs import FilterScreen
from reviewer.tui.screens.main import OTHERS_POLL_SECONDS
from reviewer.tui.screens.team import ProgressScreen
from reviewer.tui.widgets.status import StatusLine
from tests.tui_support import bundled_session, make_app, screen_text

SEGMENTS = 57


def status_text(app) -> str:
    return app.query_one(StatusLine)._shown.plain


def other(tmp_path: Path, who: str) -> ReviewSession:
    """Another reviewer's session on the same store (as another process would open it)."""
    return ReviewSession.open(session_path=tmp_path / "session.sqlite", user=who)


async def test_my_segments_filter_shows_only_what_is_assigned_to_me(tmp_path: Path) -> None:
    session = bundled_session(tmp_path)
    lead = other(tmp_path, "lead")
    team.assign(lead, "p3.s2,p5.s1..p5.s3", "tester")
    team.assign(lead, "1..2", "budi")
    app = make_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await pilot.press("M")
        await pilot.pause()
        assert screen.seg_list.rows == ["p3.s2", "p5.s1", "p5.s2", "p5.s3"]
        assert screen.current == "p3.s2"
        assert "showing 4 (mine)" in status_text(app)
        await pilot.press("M")  # again: everything
        await pilot.pause()
        assert len(screen.seg_list.rows) == SEGMENTS and "(mine)" not in status_text(app)
        # the filter dialog offers it too, with how many are mine
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FilterScreen)
        assert [f.label for f in dialog.choices[:4]] == ["all", "flagged", "unreviewed", "mine"]
        options = dialog.query_one(OptionList)
        assert options.get_option_at_index(3).prompt.plain == "mine  4 assigned to you"
        options.highlighted = 3
        await pilot.press("enter")
        await pilot.pause()
        assert screen.seg_list.rows == ["p3.s2", "p5.s1", "p5.s2", "p5.s3"]
    lead.close()


async def test_my_segments_follow_what_the_lead_assigns_while_shown(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(team_screen, "MINE_REFRESH_S", 0.2)
    session = bundled_session(tmp_path)
    lead = other(tmp_path, "lead")
    team.assign(lead, "p3.s2,p5.s1", "tester")
    app = make_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await pilot.press("M")
        await pilot.pause()
        assert screen.seg_list.rows == ["p3.s2", "p5.s1"]
        team.assign(lead, "p4.s1", "tester")  # the lead gives one more, and takes one to budi
        team.assign(lead, "p3.s2", "budi")
        await pilot.pause(OTHERS_POLL_SECONDS + 0.5)
        assert screen.seg_list.rows == ["p4.s1", "p5.s1"]
        assert screen.current in ("p4.s1", "p5.s1")
        team.assign(lead, "p4.s1,p5.s1", None)  # nothing left: the whole list again, and why
        await pilot.pause(OTHERS_POLL_SECONDS + 0.5)
        assert len(screen.seg_list.rows) == SEGMENTS
        assert any("any more" in str(n.message) for n in app._notifications)
    lead.close()


async def test_my_segments_with_nothing_assigned_says_so(tmp_path: Path) -> None:
    session = bundled_session(tmp_path)
    app = make_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("M")
        await pilot.pause()
        assert len(app.main_screen.seg_list.rows) == SEGMENTS
        assert any(n.message == "No segment is assigned to tester." for n in app._notifications)
        await pilot.press("f")
        await pilot.pause()
        assert "mine" not in [f.kind for f in app.screen.choices]  # no choice that would show nothing


async def test_another_reviewer_appears_within_a_second_and_sees_me(tmp_path: Path) -> None:
    session = bundled_session(tmp_path)
    budi = other(tmp_path, "budi")
    app = make_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await pilot.pause()
        assert "also here" not in status_text(app)  # alone: the status line as ever
        # budi opens the corpus elsewhere, on p3.s1 (the second row)
        budi.store.touch("budi", "p3.s1")
        await pilot.pause(OTHERS_POLL_SECONDS + 0.3)
        assert status_text(app).endswith("also here: budi (p3.s1)")
        row = next(line for line in screen_text(app).splitlines() if "p3.s1" in line)
        assert "◆budi" in row
        # and budi sees where this reviewer is: the first segment, then wherever they move
        assert [(p.who, p.segment_id) for p in team.others_present(budi)] == [("tester", "p1.s1")]
        screen.go_to("p4.s2")
        await pilot.pause(OTHERS_POLL_SECONDS + 0.3)
        assert [(p.who, p.segment_id) for p in team.others_present(budi)] == [("tester", "p4.s2")]
        # budi moves on; the mark follows him
        budi.store.touch("budi", "p5.s1")
        await pilot.pause(OTHERS_POLL_SECONDS + 0.3)
        assert status_text(app).endswith("also here: budi (p5.s1)")
        text = screen_text(app)
        assert "◆budi" in next(line for line in text.splitlines() if "p5.s1" in line)
        assert "◆" not in next(line for line in text.splitlines() if "p3.s1" in line)
        budi.store.leave("budi")
        await pilot.pause(OTHERS_POLL_SECONDS + 0.3)
        assert "also here" not in status_text(app)
    # the UI closed: this reviewer is no longer shown as present
    assert team.others_present(budi) == []
    budi.close()


async def test_a_teammate_s_name_is_shown_literally(tmp_path: Path) -> None:
    session = bundled_session(tmp_path)
    evil = other(tmp_path, "[b]x[/b]\x1b[2J")
    long = other(tmp_path, "[@click=app.quit]" * 3)
    app = make_app(session)
    async with app.run_test(size=(160, 40)) as pilot:
        evil.store.touch(evil.user, "p3.s1")
        long.store.touch(long.user, None)
        await pilot.pause(OTHERS_POLL_SECONDS + 0.3)
        assert status_text(app).endswith("also here: [@click=app.qui… (-), [b]x[/b]⟨ESC⟩[2J (p3.s1)")
        row = next(line for line in screen_text(app).splitlines() if "p3.s1" in line)
        assert "◆[b]x[/b]⟨ESC⟩[2J " in row
        await pilot.click(StatusLine)
        assert app.is_running
    evil.close()
    long.close()


async def test_the_progress_view_lists_every_reviewer(tmp_path: Path) -> None:
    session = bundled_session(tmp_path)
    lead = other(tmp_path, "lead")
    team.assign(lead, "1..3", "tester")
    team.assign(lead, "4..6", "budi")
    budi = other(tmp_path, "budi")
    budi.set_approved("p4.s1")
    budi.store.touch("budi", "p4.s2")
    app = make_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("P")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ProgressScreen)
        table = dialog.query_one("#progress-table", Static).visual.plain.splitlines()
        assert table[0].split()[:3] == ["reviewer", "assigned", "approved"]
        cells = {line.split()[0]: line.split()[1:5] for line in table[1:]}
        assert set(cells) == {"budi", "tester", "(unassigned)"}  # the lead has made no change
        assert cells["budi"] == ["3", "1", cells["budi"][2], "1"]
        assert cells["tester"][:2] == ["3", "0"] and cells["tester"][3] == "0"
        assert cells["(unassigned)"][:2] == [str(SEGMENTS - 6), "0"]
        assert all(c[2].isdigit() for c in cells.values())  # every segment is checked: counts known
        present = dialog.query_one("#progress-present", Static).visual.plain
        assert present == "Also here now: budi (p4.s2)"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main_screen
    lead.close()
    budi.close()


async def test_the_team_keys_are_in_the_help_and_the_palette(tmp_path: Path) -> None:
    app = make_app(bundled_session(tmp_path))
    async with app.run_test(size=(120, 40)):
        commands = {c.title for c in app.get_system_commands(app.main_screen)}
        assert {"My segments", "Progress"} <= commands
        ids = {b.id for b in app.main_screen.BINDINGS}
        assert {"mine", "progress"} <= ids


def failing_reload(session: ReviewSession, monkeypatch, message: str) -> dict[str, bool]:
    """Make the session's `reload` (the UI timer's look at the store) raise `message` while the
    returned switch's "on" is true."""
    down = {"on": False}
    real_reload = session.reload

    def reload() -> list[str]:
        if down["on"]:
            raise ReviewerError(message)
        return real_reload()

    monkeypatch.setattr(session, "reload", reload)
    return down


async def test_a_store_that_cannot_be_read_is_said_once_and_once_again_when_it_answers(tmp_path: Path,
                                                                                      monkeypatch) -> None:
    """A database server down: the timer's look at the store fails every second; the reviewer is
    told once, not every second, and told again when it answers."""
    session = bundled_session(tmp_path)
    app = make_app(session)
    down = failing_reload(session, monkeypatch, "cannot read: the database server cannot be reached")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        before = len(app._notifications)
        down["on"] = True
        await pilot.pause(3 * OTHERS_POLL_SECONDS + 0.3)
        told = [str(n.message) for n in list(app._notifications)[before:]]
        assert told == ["cannot read: the database server cannot be reached; trying again every second"]
        assert app.main_screen.store_down is not None
        down["on"] = False
        await pilot.pause(OTHERS_POLL_SECONDS + 0.3)
        told = [str(n.message) for n in list(app._notifications)[before:]]
        assert told[1:] == ["The session store answers again."]
        assert app.main_screen.store_down is None


async def test_changes_kept_while_the_store_was_locked_are_recorded_when_it_answers(tmp_path: Path,
                                                                                  monkeypatch) -> None:
    """The store cannot be written for a while (another process holds its lock, a database
    server is down): an approval made meanwhile is kept on this machine, and recorded as soon as
    the timer finds the store answering again, without waiting for the next change."""
    monkeypatch.setenv("REVIEWER_LOCK_TIMEOUT", "0.2")
    session = bundled_session(tmp_path)
    app = make_app(session)
    down = failing_reload(session, monkeypatch, "cannot read: the session store is locked by another process")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        first = app.main_screen.current
        locker = sqlite3.connect(tmp_path / "session.sqlite", isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")
        down["on"] = True
        await pilot.press("c")  # approve: the store is locked, so the change is kept
        await pilot.pause(0.5)
        assert session.store.pending.exists() and not session.is_approved(first)
        locker.execute("ROLLBACK")
        locker.close()
        down["on"] = False
        await pilot.pause(OTHERS_POLL_SECONDS + 0.5)
        assert not session.store.pending.exists()
        assert session.is_approved(first)
        assert any(str(n.message) == "The session store answers again. The changes kept meanwhile are recorded."
                   for n in app._notifications)
    assert [(e.who, e.segment_id, e.after) for e in ReviewSession.open(
        session_path=tmp_path / "session.sqlite", user="x").store.events()] == [("tester", first, "final")]
