"""Two writers on one session, on each kind of store (a SQLite file; a PostgreSQL database, whose
changes reach the UI by LISTEN/NOTIFY): the review UI open while `reviewer session` (another
reviewer, another process) changes the same corpus. The UI shows the other's change within a
second, a change of its own made on text that is no longer current is refused (and the segment
then shows the new text), each reviewer's undo takes back only their own change, and the MQM
scorecard counts each fix once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.review.session import ReviewSession
from reviewer.scoring.mqm import session_scorecard
from reviewer.tui.screens.main import OTHERS_POLL_SECONDS
from reviewer.tui.widgets.panels import TextPane
from tests.tui_support import make_app

PAIRS = [
    ("He said it twice.", "Dia dia mengatakannya dua kali."),
    ("NVIDIA sold 10,000 chips.", "NVIDIA menjual 10,000 chip."),
    ("The weather is fine.", "Cuacanya cerah."),
]


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("REVIEWER_SESSION_DIR", raising=False)
    (tmp_path / "s.txt").write_text("".join(s + "\n" for s, _ in PAIRS), encoding="utf-8")
    (tmp_path / "t.txt").write_text("".join(t + "\n" for _, t in PAIRS), encoding="utf-8")
    return ["--source", str(tmp_path / "s.txt"), "--target", str(tmp_path / "t.txt")]


def _as_budi(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REVIEWER_USER": "budi"}
    return subprocess.run([sys.executable, "-m", "reviewer", *argv], env=env, capture_output=True, text=True,
                          timeout=120, check=False)


async def test_the_ui_sees_another_writer_and_refuses_a_stale_edit(corpus: list[str], tmp_path: Path,
                                                                   store_spec: str) -> None:
    session = ReviewSession.open(source=tmp_path / "s.txt", target=tmp_path / "t.txt", user="ana", store=store_spec)
    corpus = [*corpus, "--store", store_spec]
    app = make_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        screen.go_to("2")
        await pilot.pause()
        # budi fixes segment 2 from the command line while ana's UI is open on it (the event
        # loop waits for the process, so the UI has not looked at the store yet)
        done = _as_budi("session", "apply", "2", *corpus)
        assert done.returncode == 0, done.stderr
        assert session.target("2") == "NVIDIA menjual 10,000 chip."
        # ana's edit, made on the text she saw, is refused; the segment then shows budi's text
        screen._guard(session.edit, "2", "NVIDIA menjual 10.000 cip.")
        await pilot.pause()
        assert session.target("2") == "NVIDIA menjual 10.000 chip."
        assert any("segment 2 was changed by budi" in n.message for n in app._notifications)
        assert "10.000 chip." in app.query_one("#target", TextPane).shown.plain
        # budi edits another segment; ana's screen shows it within a second, without a key
        screen.go_to("3")
        await pilot.pause()
        done = _as_budi("session", "edit", "3", "Cuacanya bagus.", *corpus)
        assert done.returncode == 0, done.stderr
        await pilot.pause(OTHERS_POLL_SECONDS + 0.5)
        assert session.target("3") == "Cuacanya bagus."
        assert "Cuacanya bagus." in app.query_one("#target", TextPane).shown.plain
        # ana fixes her own segment with the one-key fix
        screen.go_to("1")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert session.target("1") == "Dia mengatakannya dua kali."
        # each fix counted once, by the one who made it (budi's hand edit of 3 fixed no flag)
        card = session_scorecard(session)
        assert sorted((e.segment_id, e.rater, e.origin) for e in card.errors) == [
            ("1", "ana", "repeated-word"), ("2", "budi", "number-format")]
        # budi's undo takes back his own latest change (the hand edit of 3), not ana's later fix of 1;
        # ana's screen shows it within a second
        done = _as_budi("session", "undo", *corpus)
        assert done.returncode == 0, done.stderr
        await pilot.pause(OTHERS_POLL_SECONDS + 0.5)
        assert (session.target("3"), session.target("1")) == ("Cuacanya cerah.", "Dia mengatakannya dua kali.")
        # ana's undo takes back her fix of 1, not budi's fix of 2
        assert session.undo() == ["1"]
        assert (session.target("1"), session.target("2")) == (PAIRS[0][1], "NVIDIA menjual 10.000 chip.")
        assert [e.origin for e in session_scorecard(session).errors] == ["number-format"]
    session.close()
