"""Review as a team above the store (reviewer.review.team): RANGEs, assignment and "my
segments", who else is here, the lead's progress per reviewer; and the same from the command
line (`reviewer session assign|progress`, `session list --mine`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.core.errors import ReviewerError, StoreError
from reviewer.review import team
from reviewer.review.session import ReviewSession
from reviewer.review.team import HEARTBEAT_S, PresenceReporter

# The bundled article's first segments, in corpus order (57 in all; p2 has none).
FIRST = ["p1.s1", "p3.s1", "p3.s2", "p4.s1", "p4.s2", "p4.s3", "p5.s1", "p5.s2"]
SEGMENTS = 57


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "s.sqlite"


def open_as(store: Path, user: str) -> ReviewSession:
    """The bundled article's session in `store`, as reviewer `user`."""
    return ReviewSession.open(session_path=store, user=user)


@pytest.fixture
def ana(store: Path):
    session = open_as(store, "ana")
    yield session
    session.close()


@pytest.fixture
def budi(store: Path):
    session = open_as(store, "budi")
    yield session
    session.close()


# -- RANGE ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "ids"), [
    ("p3.s1", ["p3.s1"]),
    ("1", ["p1.s1"]),
    ("8", ["p5.s2"]),
    ("57", ["p32.s2"]),
    ("1..3", FIRST[:3]),
    ("p3.s2..p4.s3", FIRST[2:6]),
    ("2..p4.s1", FIRST[1:4]),
    ("p4.s2..7", FIRST[4:7]),
    ("5,1,3", ["p1.s1", "p3.s2", "p4.s2"]),  # corpus order
    ("1..3,2..4,p3.s1", FIRST[:4]),  # each once
    (" 1 , p4.s1 ..  p4.s2 ", ["p1.s1", "p4.s1", "p4.s2"]),
    ("3..3", ["p3.s2"]),
    ("1..57", None),
])
def test_a_range_names_ids_positions_and_spans_in_corpus_order(ana: ReviewSession, text: str,
                                                                ids: list[str] | None) -> None:
    got = team.parse_range(ana, text)
    if ids is None:
        assert got == [s.id for s in ana.segments] and len(got) == SEGMENTS
    else:
        assert got == ids


@pytest.mark.parametrize(("text", "said"), [
    ("", "an empty item"),
    ("1,,2", "an empty item"),
    ("1,", "an empty item"),
    ("p99.s1", "range item 'p99.s1': no segment 'p99.s1'"),
    ("0", "range item '0': position 0 is outside the corpus (1..57)"),
    ("58", "range item '58': position 58 is outside the corpus (1..57)"),
    ("3..1", "range item '3..1' is reversed: '3' comes after '1'"),
    ("p4.s1..p3.s1", "range item 'p4.s1..p3.s1' is reversed"),
    ("..3", "range item '..3': an end is missing"),
    ("1..", "range item '1..': an end is missing"),
    ("1..p9.s9", "range item '1..p9.s9': no segment 'p9.s9'"),
    ("1..2..3", "range item '1..2..3': no segment '2..3'"),
    ("-1", "range item '-1': no segment '-1'"),
    ("p3.s1\x1b[2J", "range item 'p3.s1\\x1b[2J'"),  # shown as an escape, never sent to the terminal
])
def test_a_bad_range_is_refused_naming_the_item(ana: ReviewSession, text: str, said: str) -> None:
    with pytest.raises(ReviewerError) as caught:
        team.parse_range(ana, text)
    assert said in str(caught.value)
    assert "\x1b" not in str(caught.value)


def test_an_exact_id_wins_over_a_position(tmp_path: Path) -> None:
    xliff = tmp_path / "ids.xlf"
    units = "".join(f'<trans-unit id="{i}"><source>Open file {i}</source><target>Buka berkas {i}</target></trans-unit>'
                    for i in ("3", "1", "2", "a..b"))
    xliff.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                     'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" target-language="id" '
                     f'datatype="plaintext" original="a"><body>{units}</body></file></xliff>\n', encoding="utf-8")
    session = ReviewSession.open(xliff, session_path=tmp_path / "s.sqlite", user="ana")
    try:
        assert team.parse_range(session, "1") == ["1"]  # the id "1" (second in the file), not position 1
        assert team.parse_range(session, "3..2") == ["3", "1", "2"]  # ids, in corpus order
        assert team.parse_range(session, "a..b") == ["a..b"]  # an id that reads as a span
        assert team.parse_range(session, "4") == ["a..b"]  # no id "4": the fourth segment
        with pytest.raises(ReviewerError, match="reversed"):
            team.parse_range(session, "2..3")
    finally:
        session.close()


# -- assignment ------------------------------------------------------------------------------------

def test_assign_reassign_and_take_away(ana: ReviewSession, budi: ReviewSession) -> None:
    assert team.assign(ana, "1..4", "budi") == 4
    assert team.assign(ana, "1..4", "budi") == 0  # nothing changed hands
    assert team.assign(ana, "p3.s2,5", "ana") == 2
    assert team.my_segments(ana) == ["p3.s2", "p4.s2"]
    assert team.my_segments(budi) == ["p1.s1", "p3.s1", "p4.s1"]  # another process's view of the same store
    assert team.assigned_to(ana, "cici") == []
    assert budi.store.assignments() == {"p1.s1": "budi", "p3.s1": "budi", "p4.s1": "budi", "p3.s2": "ana",
                                        "p4.s2": "ana"}
    assert team.assign(budi, "2..3", None) == 2
    assert team.assign(budi, "2..3", None) == 0
    assert team.my_segments(ana) == ["p4.s2"]
    assert team.assign(ana, ["p5.s1", "p5.s2"], "  ana  ") == 2  # ids; the name without its spaces
    assert team.my_segments(ana) == ["p4.s2", "p5.s1", "p5.s2"]


@pytest.mark.parametrize(("name", "said"), [
    ("", "no reviewer named"),
    ("   ", "no reviewer named"),
    ("ana\x1b[31m", "holds control characters"),
    ("ana\nbudi", "holds control characters"),
])
def test_a_name_that_is_empty_or_holds_controls_is_refused(ana: ReviewSession, name: str, said: str) -> None:
    with pytest.raises(ReviewerError, match=said):
        team.assign(ana, "1", name)
    assert ana.store.assignments() == {}


def test_assigning_an_unknown_id_changes_nothing(ana: ReviewSession) -> None:
    with pytest.raises(ReviewerError, match="p99.s9"):
        team.assign(ana, ["p1.s1", "p99.s9"], "ana")
    assert ana.store.assignments() == {}


# -- presence ----------------------------------------------------------------------------------------

def test_others_present_leaves_me_out_and_forgets_who_left(ana: ReviewSession, budi: ReviewSession) -> None:
    assert team.others_present(ana) == []
    ana.store.touch("ana", "p1.s1")
    budi.store.touch("budi", "p4.s1")
    assert [(p.who, p.segment_id) for p in team.others_present(ana)] == [("budi", "p4.s1")]
    assert [(p.who, p.segment_id) for p in team.others_present(budi)] == [("ana", "p1.s1")]
    budi.store.touch("budi", None)
    assert [(p.who, p.segment_id) for p in team.others_present(ana)] == [("budi", None)]
    budi.store.leave("budi")
    assert team.others_present(ana) == []


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_reporter_says_where_at_most_once_a_second_and_beats_while_still(
        ana: ReviewSession, budi: ReviewSession, monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[tuple[str, str | None]] = []
    touch = ana.store.touch
    monkeypatch.setattr(ana.store, "touch", lambda who, seg: (told.append((who, seg)), touch(who, seg))[-1])
    clock = Clock()
    reporter = PresenceReporter(ana, clock=clock)
    reporter.moved("p1.s1")
    assert told == [("ana", "p1.s1")]  # the first move: at once
    for seg in ("p3.s1", "p3.s2", "p4.s1"):  # held-down arrow: nothing until a second has passed
        clock.now += 0.1
        reporter.moved(seg)
    assert told == [("ana", "p1.s1")]
    assert [(p.who, p.segment_id) for p in team.others_present(budi)] == [("ana", "p1.s1")]
    clock.now += 0.8
    assert reporter.tick() and told[-1] == ("ana", "p4.s1")  # the timer's tick: where they are now
    assert [(p.who, p.segment_id) for p in team.others_present(budi)] == [("ana", "p4.s1")]
    clock.now += 5
    assert not reporter.tick()  # still there: no write
    clock.now += HEARTBEAT_S
    assert reporter.tick() and told[-1] == ("ana", "p4.s1") and len(told) == 3  # the heartbeat
    reporter.leave()
    assert team.others_present(budi) == []


def test_a_store_that_cannot_say_where_never_stops_the_review(
        ana: ReviewSession, monkeypatch: pytest.MonkeyPatch) -> None:
    def down(who: str, seg: str | None) -> None:
        raise StoreError("session store is locked", path="s.sqlite")

    monkeypatch.setattr(ana.store, "touch", down)
    reporter = PresenceReporter(ana, clock=Clock())
    reporter.moved("p1.s1")
    assert reporter.problem == "s.sqlite: session store is locked"
    monkeypatch.undo()
    assert reporter.tick() and reporter.problem is None  # the next tick tries again


# -- the lead's view ------------------------------------------------------------------------------

def test_progress_per_reviewer(ana: ReviewSession, budi: ReviewSession) -> None:
    team.assign(ana, "1..3", "ana")
    team.assign(ana, "4,5", "budi")
    ana.set_approved("p1.s1")
    ana.set_approved("p3.s1")
    ana.undo()  # p3.s1 is not approved after all
    budi.reload()
    budi.set_approved("p4.s1")
    budi.set_approved("p9.s1")  # not hers, counted where it belongs
    budi.edit("p9.s1", budi.target("p9.s1") + " ")
    ana.reload()
    flags = {"p1.s1": 0, "p3.s1": 2, "p3.s2": 1, "p4.s1": 0, "p4.s2": 4}
    rows = team.progress_by_reviewer(ana, lambda seg: flags.get(seg, 1))
    got = {r.who: (r.assigned, r.approved, r.open_flags, r.changed) for r in rows}
    assert got == {"ana": (3, 1, 3, 1), "budi": (2, 1, 4, 2), None: (SEGMENTS - 5, 1, SEGMENTS - 5, 0)}
    assert [r.who for r in rows] == ["ana", "budi", None]  # by name, then the unassigned
    by = {r.who: r for r in rows}
    assert by["ana"].last_activity == max(e.at for e in ana.corrections() if e.who == "ana")
    assert by["budi"].last_activity is not None and by[None].last_activity is None
    assert by[None].label == "(unassigned)"
    # a count not known yet: the reviewer's total is not known either
    assert {r.who: r.open_flags for r in team.progress_by_reviewer(ana, lambda seg: None if seg == "p4.s2" else 0)} \
        == {"ana": 0, "budi": None, None: 0}
    assert {r.who: r.open_flags for r in team.progress_by_reviewer(ana)} == {"ana": None, "budi": None, None: None}


def test_progress_lists_a_reviewer_with_changes_and_no_assignment(ana: ReviewSession) -> None:
    ana.set_approved("p1.s1")
    rows = team.progress_by_reviewer(ana)
    assert [(r.who, r.assigned, r.approved, r.changed) for r in rows] == [
        ("ana", 0, 0, 1), (None, SEGMENTS, 1, 0)]


# -- the command line ------------------------------------------------------------------------------

def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_assign_list_mine_and_progress(store: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    where = ("--session", str(store))
    monkeypatch.setenv("REVIEWER_USER", "lead")
    assert run(capsys, "session", "assign", "1..3,p5.s1", "--to", "ana", *where) == (
        0, "4 segments assigned to ana: 4 were unassigned\n", "")
    assert run(capsys, "session", "assign", "3..4", "--to", "budi", *where)[1] == \
        "2 segments assigned to budi: 1 was unassigned, 1 was ana's\n"
    assert run(capsys, "session", "assign", "1..4", "--to", "budi", *where)[1] == \
        "4 segments assigned to budi: 2 were ana's, 2 were budi's already\n"
    assert run(capsys, "session", "assign", "1..2", "--to", "ana", *where)[1] == \
        "2 segments assigned to ana: 2 were budi's\n"
    assert run(capsys, "session", "assign", "p5.s1", "--unassign", *where)[1] == \
        "1 segment unassigned: 1 was ana's\n"
    monkeypatch.setenv("REVIEWER_USER", "ana")
    code, out, _ = run(capsys, "session", "list", "--mine", *where)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[:-1]] == ["p1.s1", "p3.s1"]
    assert out.splitlines()[-1] == f"2 of {SEGMENTS} segments"
    code, out, _ = run(capsys, "session", "list", "--assigned-to", "budi", "--format", "json", *where)
    assert [s["id"] for s in json.loads(out)["segments"]] == ["p3.s2", "p4.s1"]
    assert run(capsys, "session", "approve", "p1.s1", *where)[0] == 0
    code, out, _ = run(capsys, "session", "progress", *where)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["reviewer", "assigned", "approved", "open", "flags", "changed", "last", "activity"]
    cells = {line.split()[0]: line.split()[1:5] for line in lines[1:-1]}
    assert set(cells) == {"ana", "budi", "(unassigned)"}
    assert cells["ana"][0:2] == ["2", "1"] and cells["ana"][3] == "1"
    assert cells["budi"] == ["2", "0", cells["budi"][2], "0"]
    assert cells["(unassigned)"][0:2] == [str(SEGMENTS - 4), "0"]
    assert lines[-1] == "present now: nobody"
    ReviewSession.open(session_path=store, user="budi").store.touch("budi", "p4.s1")
    code, out, _ = run(capsys, "session", "progress", "--json", *where)
    report = json.loads(out)
    assert [r["reviewer"] for r in report["reviewers"]] == ["ana", "budi"]
    ana_row = report["reviewers"][0]
    assert (ana_row["assigned"], ana_row["approved"], ana_row["changed"]) == (2, 1, 1)
    assert isinstance(ana_row["open_flags"], int) and ana_row["last_activity"]
    assert report["unassigned"]["reviewer"] is None and report["unassigned"]["assigned"] == SEGMENTS - 4
    assert [(p["reviewer"], p["segment"]) for p in report["present"]] == [("budi", "p4.s1")]
    assert report["segments"] == SEGMENTS


@pytest.mark.parametrize(("argv", "said"), [
    (["assign", "3..1", "--to", "ana"], "range item '3..1' is reversed"),
    (["assign", "p99.s1", "--to", "ana"], "no segment 'p99.s1'"),
    (["assign", "1", "--to", ""], "no reviewer named"),
    (["assign", "1", "--to", "a\x1b]0;x\x07"], "reviewer name 'a\\x1b]0;x\\x07' holds control characters"),
])
def test_cli_refuses_a_bad_assignment(store: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                                      said: str) -> None:
    code, out, err = run(capsys, "session", *argv, "--session", str(store))
    assert code == 2 and out == ""
    assert said in err and "\x1b" not in err and "\x07" not in err
    assert open_as(store, "x").store.assignments() == {}


@pytest.mark.parametrize("argv", [["assign", "1"], ["assign", "1", "--to", "ana", "--unassign"]])
def test_cli_assign_needs_one_of_to_and_unassign(store: Path, capsys: pytest.CaptureFixture[str],
                                                 argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["session", *argv, "--session", str(store)])
    assert exited.value.code == 2
    assert "--to" in capsys.readouterr().err


def test_cli_progress_shows_untrusted_names_safely(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evil = "x\x1b[2J[b]y"
    session = open_as(store, evil)
    session.set_approved("p1.s1")
    session.store.touch(evil, "p1.s1")
    session.close()
    code, out, _ = run(capsys, "session", "progress", "--session", str(store))
    assert code == 0 and "\x1b" not in out
    assert "x⟨ESC⟩[2J[b]y" in out and out.splitlines()[-1] == "present now: x⟨ESC⟩[2J[b]y (p1.s1)"
    code, out, _ = run(capsys, "session", "progress", "--json", "--session", str(store))
    assert "\x1b" not in out and json.loads(out)["reviewers"][0]["reviewer"] == evil  # exact, escaped
