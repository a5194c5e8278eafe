"""Glossary entries proposed from repeated hand corrections: `reviewer glossary suggest` mines the
session logs (driven here through `reviewer session ...`), and what it writes loads with the
normal loader and flags the next occurrence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from reviewer.cli import main
from reviewer.core.model import Corpus, Segment
from reviewer.glossary import load_glossary
from reviewer.review.suggest import SessionLog, edit_substitutions, mine

FILE_CORPUS = [
    ("Open the file first.", "Buka fail dahulu."),
    ("Save the file now.", "Simpan fail sekarang."),
    ("Delete the file, please.", "Hapus failnya, tolong."),
    ("The chip is fast.", "Chip itu cepat."),
]


def write_tsv(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.write_text("".join(f"{s}\t{t}\n" for s, t in rows), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def edit(capsys: pytest.CaptureFixture[str], corpus: Path, seg_id: str, text: str, *more: str) -> None:
    assert run(capsys, "session", "edit", "--corpus", str(corpus), *more, seg_id, text)[0] == 0


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_tsv(tmp_path / "files.tsv", FILE_CORPUS)


def test_two_hand_corrections_propose_an_entry_that_flags_the_third_segment(
        capsys: pytest.CaptureFixture[str], corpus: Path, tmp_path: Path) -> None:
    edit(capsys, corpus, "1", "Buka berkas dahulu.")
    edit(capsys, corpus, "2", "Simpan berkas sekarang.")
    proposed = tmp_path / "proposed.yaml"
    code, out, err = run(capsys, "glossary", "suggest", str(corpus), "--to", str(proposed))
    assert code == 0
    assert out == "file → berkas (forbidden: fail): 2 segments, 2 edits\n"
    assert err == f"wrote {proposed}: 1 proposed entry from 2 hand edits read\n"
    data = yaml.safe_load(proposed.read_text(encoding="utf-8"))
    assert data == {"source_lang": "en", "target_lang": "id", "terms": [{
        "id": "proposed:file", "source": "file", "target": "berkas", "forbidden": ["fail"],
        "note": "proposed from 2 hand edits (fail → berkas) in 2 segments (files.tsv: 1, 2)"}]}
    (term,) = load_glossary(proposed).terms
    assert (term.source, [r.display for r in term.targets], [r.display for r in term.forbidden]) == (
        "file", ["berkas"], ["fail"])

    code, out, _ = run(capsys, "check", str(corpus), "--glossary", str(proposed), "--format", "json",
                       "--fail-on", "never")
    assert code == 0
    flags = {s["id"]: [f for f in s["flags"] if f["rule"] == "proposed:file"] for s in json.loads(out)["segments"]}
    # The third segment was never touched: its "failnya" (a clitic on the forbidden word) is caught.
    (third,) = flags["3"]
    assert (third["side"], third["start"], third["end"], third["text"], third["suggestion"]) == (
        "target", 6, 13, "failnya", "berkasnya")
    assert flags["4"] == []


def no_proposal(capsys: pytest.CaptureFixture[str], corpus: Path, proposed: Path, edits_read: int) -> None:
    code, out, err = run(capsys, "glossary", "suggest", str(corpus), "--to", str(proposed))
    assert (code, out, err) == (0, "", f"no repeated correction found ({edits_read} hand edits read)\n")
    assert not proposed.exists()


def test_one_correction_is_not_enough(capsys: pytest.CaptureFixture[str], corpus: Path, tmp_path: Path) -> None:
    edit(capsys, corpus, "1", "Buka berkas dahulu.")
    no_proposal(capsys, corpus, tmp_path / "proposed.yaml", 1)


def test_two_different_corrections_propose_nothing(capsys: pytest.CaptureFixture[str], corpus: Path,
                                                   tmp_path: Path) -> None:
    edit(capsys, corpus, "1", "Buka berkas dahulu.")
    edit(capsys, corpus, "2", "Simpan dokumen sekarang.")
    no_proposal(capsys, corpus, tmp_path / "proposed.yaml", 2)


def test_punctuation_and_spacing_fixes_propose_nothing(capsys: pytest.CaptureFixture[str], corpus: Path,
                                                       tmp_path: Path) -> None:
    edit(capsys, corpus, "1", "Buka fail  dahulu !")
    edit(capsys, corpus, "2", "Simpan fail, sekarang")
    edit(capsys, corpus, "3", "Hapus failnya , tolong.")
    no_proposal(capsys, corpus, tmp_path / "proposed.yaml", 3)


def test_min_segments_one_proposes_a_single_correction(capsys: pytest.CaptureFixture[str], corpus: Path,
                                                       tmp_path: Path) -> None:
    edit(capsys, corpus, "1", "Buka berkas dahulu.")
    proposed = tmp_path / "proposed.yaml"
    assert run(capsys, "glossary", "suggest", str(corpus), "--to", str(proposed), "--min-segments", "1")[0] == 0
    (term,) = yaml.safe_load(proposed.read_text(encoding="utf-8"))["terms"]
    assert (term["source"], term["target"], term["forbidden"]) == ("file", "berkas", ["fail"])


def test_an_existing_file_is_kept_without_force(capsys: pytest.CaptureFixture[str], corpus: Path,
                                                tmp_path: Path) -> None:
    edit(capsys, corpus, "1", "Buka berkas dahulu.")
    edit(capsys, corpus, "2", "Simpan berkas sekarang.")
    proposed = tmp_path / "proposed.yaml"
    proposed.write_text("mine\n", encoding="utf-8")
    code, out, err = run(capsys, "glossary", "suggest", str(corpus), "--to", str(proposed))
    assert (code, out) == (2, "")
    assert err == f"reviewer: error: {proposed}: output file exists; give --force to overwrite it\n"
    assert proposed.read_text(encoding="utf-8") == "mine\n"
    assert run(capsys, "glossary", "suggest", str(corpus), "--to", str(proposed), "--force")[0] == 0
    assert yaml.safe_load(proposed.read_text(encoding="utf-8"))["terms"][0]["source"] == "file"


def test_output_onto_the_corpus_is_refused(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    before = corpus.read_bytes()
    code, _, err = run(capsys, "glossary", "suggest", str(corpus), "--to", str(corpus), "--force")
    assert code == 2 and err.startswith("reviewer: error: ") and err.count("\n") == 1
    assert corpus.read_bytes() == before


def test_corrections_in_several_sessions_add_up(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    first = write_tsv(tmp_path / "a.tsv", FILE_CORPUS[:2])
    second = write_tsv(tmp_path / "b.tsv", FILE_CORPUS[2:])
    edit(capsys, first, "1", "Buka berkas dahulu.")
    edit(capsys, second, "1", "Hapus berkasnya, tolong.")
    proposed = tmp_path / "proposed.yaml"
    assert run(capsys, "glossary", "suggest", str(first), str(second), "--to", str(proposed))[0] == 0
    (term,) = yaml.safe_load(proposed.read_text(encoding="utf-8"))["terms"]
    assert term == {"id": "proposed:file", "source": "file", "target": "berkas", "forbidden": ["fail"],
                    "note": "proposed from 2 hand edits (fail → berkas) in 2 segments (a.tsv: 1; b.tsv: 1)"}


def test_a_session_file_is_read_with_its_corpus(capsys: pytest.CaptureFixture[str], corpus: Path,
                                                tmp_path: Path) -> None:
    store = tmp_path / "elsewhere.sqlite"
    edit(capsys, corpus, "1", "Buka berkas dahulu.", "--session", str(store))
    edit(capsys, corpus, "2", "Simpan berkas sekarang.", "--session", str(store))
    proposed = tmp_path / "proposed.yaml"
    assert run(capsys, "glossary", "suggest", str(corpus), str(store), "--to", str(proposed))[0] == 0
    assert yaml.safe_load(proposed.read_text(encoding="utf-8"))["terms"][0]["forbidden"] == ["fail"]
    # Without its corpus, a session's sources are unknown: one clear line.
    code, _, err = run(capsys, "glossary", "suggest", str(store), "--to", str(proposed), "--force")
    assert code == 2
    assert err == (f"reviewer: error: {store}: this session was recorded on none of the corpora given; "
                   "name its corpus too (the same version of it)\n")


def test_an_undone_correction_does_not_count(capsys: pytest.CaptureFixture[str], corpus: Path,
                                             tmp_path: Path) -> None:
    edit(capsys, corpus, "1", "Buka berkas dahulu.")
    edit(capsys, corpus, "2", "Simpan berkas sekarang.")
    assert run(capsys, "session", "undo", "--corpus", str(corpus))[0] == 0
    no_proposal(capsys, corpus, tmp_path / "proposed.yaml", 1)


def test_a_correction_taken_back_by_hand_does_not_count(capsys: pytest.CaptureFixture[str], corpus: Path,
                                                        tmp_path: Path) -> None:
    edit(capsys, corpus, "1", "Buka berkas dahulu.")
    edit(capsys, corpus, "2", "Simpan berkas sekarang.")
    edit(capsys, corpus, "2", "Simpan fail sekarang.")
    no_proposal(capsys, corpus, tmp_path / "proposed.yaml", 3)


# ---------------------------------------------------------------------------------------------
# The engine


@pytest.mark.parametrize(("before", "after", "expected"), [
    ("Buka fail dahulu.", "Buka berkas dahulu.", [("fail", "berkas")]),
    ("Hapus failnya, tolong.", "Hapus berkasnya, tolong.", [("fail", "berkas")]),
    ("Fail itu rusak.", "Berkas itu rusak.", [("Fail", "Berkas")]),
    ("Buka fail sistem dahulu.", "Buka berkas dahulu.", [("fail sistem", "berkas")]),
    ("Buka fail dan fail lain.", "Buka berkas dan berkas lain.", [("fail", "berkas"), ("fail", "berkas")]),
    ("Buka fail ini.", "Buka berkas itu.", [("fail ini", "berkas itu")]),  # next to each other: one
    ("Buka fail dahulu.", "Buka fail dahulu!", []),  # punctuation
    ("Buka  fail dahulu.", "Buka fail dahulu.", []),  # spacing
    ("buka fail dahulu.", "Buka fail dahulu.", []),  # case
    ("Buka fail.", "Buka fail ini.", []),  # an insertion
    ("Buka fail ini.", "Buka fail.", []),  # a deletion
    ("Buka berkas.", "Buka berkasnya.", []),  # a form of the same word
    ("Satu dua tiga empat lima.", "Enam tujuh delapan sembilan sepuluh.", []),  # a rewrite
])
def test_edit_substitutions(before: str, after: str, expected: list[tuple[str, str]]) -> None:
    assert edit_substitutions(before, after) == expected


def corpus_of(rows: list[tuple[str, str]], name: str = "c.tsv") -> Corpus:
    return Corpus([Segment(str(i), s, t) for i, (s, t) in enumerate(rows, 1)], path=Path(name))


def events(*edits: tuple[str, str, str]) -> list[Any]:
    from reviewer.review.events import ACTIVE, Event, EventKind
    return [Event(i, i, "", "me", seg_id, EventKind.EDIT, before, after, "manual", None, None, None, None, None,
                  None, ACTIVE) for i, (seg_id, before, after) in enumerate(edits, 1)]


def test_the_source_word_that_goes_with_the_mt_word_wins() -> None:
    # "report" is in both evidence sources as well, but also in many sources whose MT has no
    # "fail": "file" goes with "fail" in every segment, so it is the word "fail" translates.
    rows = [("Send the report file today.", "Kirim fail laporan hari ini."),
            ("The report file is late.", "Fail laporan terlambat."),
            ("The report is long.", "Laporan itu panjang."),
            ("Read the report.", "Baca laporan."),
            ("Copy the file.", "Salin fail.")]
    log = SessionLog("c.tsv", corpus_of(rows), events(("1", rows[0][1], "Kirim berkas laporan hari ini."),
                                                      ("2", rows[1][1], "Berkas laporan terlambat.")))
    (proposal,) = mine([log]).proposals
    assert (proposal.source, proposal.target, proposal.forbidden) == ("file", "berkas", ["fail"])
    assert proposal.segments == [("c.tsv", "1"), ("c.tsv", "2")]


def test_a_plural_source_aligns_to_the_singular_term() -> None:
    rows = [("Open the files.", "Buka fail."), ("Save these files.", "Simpan fail ini."),
            ("A file.", "Sebuah fail.")]
    log = SessionLog("c.tsv", corpus_of(rows), events(("1", rows[0][1], "Buka berkas."),
                                                      ("2", rows[1][1], "Simpan berkas ini.")))
    assert [p.source for p in mine([log]).proposals] == ["file"]


def test_when_the_sources_share_no_word_nothing_is_proposed() -> None:
    rows = [("Open it.", "Buka fail."), ("Save that.", "Simpan fail.")]
    log = SessionLog("c.tsv", corpus_of(rows), events(("1", rows[0][1], "Buka berkas."),
                                                      ("2", rows[1][1], "Simpan berkas.")))
    mined = mine([log])
    assert (mined.proposals, mined.unaligned, mined.edits_read) == ([], [("fail", "berkas", 2)], 2)


def test_edits_by_a_rule_are_not_hand_corrections() -> None:
    from reviewer.review.events import ACTIVE, Event, EventKind
    rows = FILE_CORPUS[:2]
    applied = [Event(i, i, "", "me", str(i), EventKind.EDIT, t, t.replace("fail", "berkas"), "malay-word", None,
                     None, None, None, None, None, ACTIVE) for i, (_, t) in enumerate(rows, 1)]
    mined = mine([SessionLog("c.tsv", corpus_of(rows), applied)])
    assert (mined.proposals, mined.edits_read) == ([], 0)


# ---------------------------------------------------------------------------------------------
# The review UI: "make a rule from this edit" (g)

UI_PAIRS = [
    ("Open the file first.", "Buka fail dahulu."),
    ("Save the [b]file[/b] now.", "Simpan [b]fail[/b] sekarang."),
    ("Delete the file, please.", "Hapus failnya, tolong."),
    ("The chip is fast.", "Chip itu cepat."),
]


async def test_a_rule_from_an_edit_previews_the_segments_it_flags_and_is_added(tmp_path: Path) -> None:
    from textual.widgets import Static, TextArea

    from reviewer.tui.screens.dialogs import EditScreen
    from reviewer.tui.screens.rule_from_edit import RuleFromEditScreen
    from tests.tui_support import make_app, pair_session, screen_text

    session = pair_session(tmp_path, UI_PAIRS)
    app = make_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")  # no hand edit yet: nothing to learn from
        assert not isinstance(app.screen, RuleFromEditScreen)
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        app.screen.query_one(TextArea).text = "Buka berkas dahulu."
        await pilot.press("ctrl+s")
        await pilot.press("g")
        assert isinstance(app.screen, RuleFromEditScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        (proposal,) = app.screen.proposals
        assert (proposal.source, proposal.target, proposal.forbidden) == ("file", "berkas", ["fail"])
        assert app.screen.flagged == [("2", "Simpan [b]fail[/b] sekarang."), ("3", "Hapus failnya, tolong.")]
        # The segments' text is shown literally: its brackets are text, not markup.
        preview = str(app.screen.query_one("#preview", Static).render())
        assert "It would flag 2 other segments:" in preview and "Simpan [b]fail[/b] sekarang." in preview
        assert "source file  target berkas  forbidden fail" in screen_text(app)
        await pilot.press("y")
        assert not isinstance(app.screen, RuleFromEditScreen)
        proposed = tmp_path / "glossary.proposed.yaml"
        (term,) = load_glossary(proposed).terms
        assert (term.id, term.source, [r.display for r in term.forbidden]) == ("proposed:file", "file", ["fail"])
        # Checked again with the new entry: the next occurrence is flagged, with its clitic.
        assert [(f.text, f.suggestion) for f in app.session.flags("3") if f.rule == "proposed:file"] == [
            ("failnya", "berkasnya")]
        assert dict(app.main_screen.view.rule_counts())["proposed:file"] == 2  # the filter lists it

        # A second rule goes into the same file, after the first.
        app.main_screen.go_to("4")
        await pilot.pause()
        await pilot.press("e")
        app.screen.query_one(TextArea).text = "Cip itu cepat."
        await pilot.press("ctrl+s", "g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RuleFromEditScreen)
        await pilot.press("y")
        assert [t.id for t in load_glossary(proposed).terms] == ["proposed:file", "proposed:chip"]


async def test_cancelling_the_rule_writes_nothing(tmp_path: Path) -> None:
    from reviewer.tui.screens.rule_from_edit import RuleFromEditScreen
    from tests.tui_support import make_app, pair_session

    session = pair_session(tmp_path, UI_PAIRS)
    session.edit("1", "Buka berkas dahulu.")
    app = make_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        app.main_screen.go_to("1")
        await pilot.pause()
        await pilot.press("g")
        assert isinstance(app.screen, RuleFromEditScreen)
        await app.workers.wait_for_complete()
        await pilot.press("n")
        assert not isinstance(app.screen, RuleFromEditScreen)
    assert not (tmp_path / "glossary.proposed.yaml").exists()
    assert not any(f.rule.startswith("proposed:") for f in session.flags("3"))


async def test_an_edit_that_makes_no_rule_says_so(tmp_path: Path) -> None:
    from textual.widgets import Static

    from reviewer.tui.screens.rule_from_edit import RuleFromEditScreen
    from tests.tui_support import make_app, pair_session

    session = pair_session(tmp_path, UI_PAIRS)
    session.edit("1", "Buka fail dahulu!")  # punctuation only
    app = make_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        app.main_screen.go_to("1")
        await pilot.pause()
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RuleFromEditScreen) and app.screen.proposals == []
        assert str(app.screen.query_one("#entries", Static).render()).startswith("Your last edit here makes no rule")
        # Nothing is offered to add: no file named, one button that closes.
        from textual.widgets import Button
        assert not app.screen.query_one("#where", Static).display
        assert not app.screen.query_one("#confirm", Button).display
        assert str(app.screen.query_one("#cancel", Button).label) == "Close (n)"
        await pilot.press("y")
        assert not isinstance(app.screen, RuleFromEditScreen)
    assert not (tmp_path / "glossary.proposed.yaml").exists()


def test_adopting_an_entry_keeps_ids_apart_from_the_glossaries_in_force(tmp_path: Path) -> None:
    from reviewer.review.session import ReviewSession
    from reviewer.review.suggest import adopt_proposals, propose_from_edit

    corpus = write_tsv(tmp_path / "files.tsv", FILE_CORPUS)
    own = tmp_path / "own.yaml"
    own.write_text("terms:\n  - id: proposed:file\n    source: chip\n    target: cip\n", encoding="utf-8")
    session = ReviewSession.open(corpus, glossaries=[own], session_path=tmp_path / "s.sqlite", user="me")
    session.edit("1", "Buka berkas dahulu.")
    proposals = propose_from_edit(session.corpus, "files.tsv", "1", FILE_CORPUS[0][1], "Buka berkas dahulu.")
    path = adopt_proposals(session, proposals)
    assert path == tmp_path / "glossary.proposed.yaml"
    assert session.spec.glossaries == (str(own), str(path))
    assert [t.id for t in load_glossary(path).terms] == ["proposed:file-2"]
    assert [f.text for f in session.flags("3") if f.rule == "proposed:file-2"] == ["failnya"]
    # Again: added after the first, the file's own ids kept apart too; the file is named once.
    adopt_proposals(session, proposals)
    assert [t.id for t in load_glossary(path).terms] == ["proposed:file-2", "proposed:file-3"]
    assert session.spec.glossaries == (str(own), str(path))
    session.close()


def test_a_note_lists_ten_segment_ids_then_counts() -> None:
    from reviewer.review.suggest import Proposal

    proposal = Proposal("file", "berkas", ["fail"], [("c.tsv", str(i)) for i in range(1, 14)], 13)
    assert proposal.note() == ("proposed from 13 hand edits (fail → berkas) in 13 segments "
                               "(c.tsv: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 3 more)")


def test_min_segments_below_one_is_refused(capsys: pytest.CaptureFixture[str], corpus: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "glossary", "suggest", str(corpus), "--to", str(tmp_path / "p.yaml"),
                       "--min-segments", "0")
    assert (code, err) == (2, "reviewer: error: --min-segments must be 1 or more, not 0\n")


def test_a_session_named_twice_is_read_once(capsys: pytest.CaptureFixture[str], corpus: Path, tmp_path: Path) -> None:
    edit(capsys, corpus, "1", "Buka berkas dahulu.")
    store = Path(run(capsys, "session", "where", "--corpus", str(corpus))[1].strip())
    no_proposal(capsys, corpus, tmp_path / "p.yaml", 1)
    code, _, err = run(capsys, "glossary", "suggest", str(corpus), str(store), "--to", str(tmp_path / "p.yaml"))
    assert (code, err) == (0, "no repeated correction found (1 hand edits read)\n")


def test_corpora_of_the_same_name_are_told_apart(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_tsv(tmp_path / "a" / "doc.tsv", FILE_CORPUS)
    second = write_tsv(tmp_path / "b" / "doc.tsv", FILE_CORPUS)
    edit(capsys, first, "1", "Buka berkas dahulu.")
    edit(capsys, second, "1", "Buka berkas dahulu.")  # the same id, another corpus: another segment
    proposed = tmp_path / "proposed.yaml"
    assert run(capsys, "glossary", "suggest", str(first), str(second), "--to", str(proposed))[0] == 0
    (term,) = yaml.safe_load(proposed.read_text(encoding="utf-8"))["terms"]
    assert term["note"] == f"proposed from 2 hand edits (fail → berkas) in 2 segments ({first}: 1; {second}: 1)"


def test_a_repeated_correction_the_source_cannot_place_is_named(capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path) -> None:
    corpus = write_tsv(tmp_path / "c.tsv", [("Open it.", "Buka fail."), ("Save that.", "Simpan fail.")])
    edit(capsys, corpus, "1", "Buka berkas.")
    edit(capsys, corpus, "2", "Simpan berkas.")
    proposed = tmp_path / "proposed.yaml"
    code, out, err = run(capsys, "glossary", "suggest", str(corpus), "--to", str(proposed))
    assert (code, out) == (0, "")
    assert err == ("not proposed: fail → berkas in 2 segments: no source word is common to their sources\n"
                   "no entry proposed (2 hand edits read)\n")
    assert not proposed.exists()


def test_a_broken_proposed_glossary_is_reported_and_kept(tmp_path: Path) -> None:
    from reviewer.core.errors import GlossaryError
    from reviewer.review.suggest import Proposal, add_proposals

    path = tmp_path / "glossary.proposed.yaml"
    path.write_bytes(b"terms:\n  - source: \xff\n")
    with pytest.raises(GlossaryError, match="invalid UTF-8"):
        add_proposals(path, [Proposal("file", "berkas", ["fail"], [("c.tsv", "1")], 1)], "en", "id")
    assert path.read_bytes() == b"terms:\n  - source: \xff\n"


def test_a_teams_corrections_are_read_from_its_postgresql_store(capsys: pytest.CaptureFixture[str], corpus: Path,
                                                                 tmp_path: Path, postgres_url: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Two reviewers correct the same MT word on a shared database; `glossary suggest --store`
    (or $REVIEWER_STORE naming the database) proposes the entry from both."""
    monkeypatch.setenv("REVIEWER_USER", "ana")
    edit(capsys, corpus, "1", "Buka berkas dahulu.", "--store", postgres_url)
    monkeypatch.setenv("REVIEWER_USER", "budi")
    edit(capsys, corpus, "2", "Simpan berkas sekarang.", "--store", postgres_url)
    proposed = tmp_path / "proposed.yaml"
    # Not in the local session files: nothing there.
    assert run(capsys, "glossary", "suggest", str(corpus), "--to", str(proposed)) == (
        0, "", "files.tsv: no review session recorded yet\nno repeated correction found (0 hand edits read)\n")
    code, out, err = run(capsys, "glossary", "suggest", str(corpus), "--to", str(proposed), "--store", postgres_url)
    assert (code, out) == (0, "file → berkas (forbidden: fail): 2 segments, 2 edits\n")
    assert err == f"wrote {proposed}: 1 proposed entry from 2 hand edits read\n"
    monkeypatch.setenv("REVIEWER_STORE", postgres_url)
    code, out, _ = run(capsys, "glossary", "suggest", str(corpus), "--to", str(proposed), "--force")
    assert (code, out) == (0, "file → berkas (forbidden: fail): 2 segments, 2 edits\n")
    # A corpus the team never reviewed is said to have no session.
    other = write_tsv(tmp_path / "other.tsv", [("Open it.", "Buka itu.")])
    code, out, err = run(capsys, "glossary", "suggest", str(other), "--to", str(tmp_path / "o.yaml"))
    assert (code, out) == (0, "")
    assert err == "other.tsv: no review session recorded yet\nno repeated correction found (0 hand edits read)\n"


def test_suggest_refuses_a_store_that_is_not_a_database(capsys: pytest.CaptureFixture[str], corpus: Path,
                                                         tmp_path: Path) -> None:
    code, _, err = run(capsys, "glossary", "suggest", str(corpus), "--to", str(tmp_path / "p.yaml"),
                       "--store", str(tmp_path / "s.sqlite"))
    assert code == 2
    assert "--store must be a postgresql:// URL here" in err
