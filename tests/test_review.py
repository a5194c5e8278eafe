"""The review layer: the event log's kinds and its one replay, and the review view that the UI and
`reviewer session list` read (counts, states and filters)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import psycopg
import pytest

from reviewer.checking.background import SegmentSummary
from reviewer.cli import main
from reviewer.core.errors import ReviewerError
from reviewer.core.model import SegmentStatus, Severity
from reviewer.review.events import Change, Event, EventKind, replay
from reviewer.review.session import ReviewSession
from reviewer.review.storebase import open_store
from reviewer.review.view import NOT_CHECKED, Filter, ReviewView
from tests.tui_support import pair_session

PAIRS = [
    ("He said it twice.", "Dia dia mengatakannya dua kali."),  # repeated-word (minor)
    ("NVIDIA sold 10,000 chips.", "NVIDIA menjual 10,000 chip."),  # number-format (minor)
    ("The weather is fine.", "Cuacanya baik."),  # clean
    ("It is not cheap.", "Itu murah."),  # lost-negation (major)
]


@pytest.fixture
def session(tmp_path: Path, store_spec: str) -> ReviewSession:
    """The pairs' session, on each store (SQLite file, PostgreSQL database)."""
    return pair_session(tmp_path, PAIRS, store=store_spec)


def _event(seq: int, segment: str, kind: EventKind, *, before: str | None = None, after: str | None = None,
           key: str | None = None, comment: str | None = None) -> Event:
    return Event(seq, seq, "t", "who", segment, kind, before, after, "manual", None, None, comment, None, None, key, 0)


# -- events ----------------------------------------------------------------------------------------


def test_the_store_gives_back_event_kinds(store_spec: str) -> None:
    store = open_store(store_spec, fingerprint="fp")
    store.record([Change("1", EventKind.EDIT, "a", "b"), Change("1", EventKind.STATUS, "translated", "final")], "me")
    kinds = [e.kind for e in store.events()]
    assert kinds == [EventKind.EDIT, EventKind.STATUS]
    assert all(type(k) is EventKind for k in kinds)
    assert [e.to_dict()["kind"] for e in store.events()] == ["edit", "status"]
    with pytest.raises(ValueError, match="unknown change kind 'rename'"):
        store.record([Change("1", "rename")], "me")  # type: ignore[arg-type]


def test_an_unknown_kind_in_the_store_is_named_with_the_store(store_spec: str) -> None:
    store = open_store(store_spec, fingerprint="fp", name="c.txt")
    store.record([Change("1", EventKind.EDIT, "a", "b")], "me")
    (seq,) = [e.seq for e in store.events()]
    if "://" in store_spec:
        with psycopg.connect(store_spec, autocommit=True) as conn:
            conn.execute("UPDATE reviewer.events SET kind = 'merge'")
    else:
        with sqlite3.connect(store_spec) as db:
            db.execute("UPDATE events SET kind = 'merge'")
    with pytest.raises(ReviewerError) as info:
        list(open_store(store_spec, fingerprint="fp", name="c.txt").events())
    assert str(info.value) == (f"{store.label}: session event {seq} has an unknown kind 'merge' "
                               "(written by a newer reviewer?)")
    store.close()


def test_replay_gives_the_state_and_passes_over_unknown_segments() -> None:
    events = [
        _event(1, "a", EventKind.EDIT, before="x", after="y"),
        _event(2, "gone", EventKind.EDIT, before="p", after="q"),
        _event(3, "a", EventKind.STATUS, before="translated", after="final"),
        _event(4, "a", EventKind.DISMISS, key="rule|target|x|0", comment="a name"),
        _event(5, "b", EventKind.DISMISS, key="rule|target|z|0"),
        _event(6, "b", EventKind.RESTORE, key="rule|target|z|0"),
        _event(7, "a", EventKind.EDIT, before="y", after="z"),
    ]
    seen: list[tuple[int, str | None]] = []
    state = replay(events, {"a", "b"}, lambda ev, st: seen.append((ev.seq, st.targets.get("a"))))
    assert state.targets == {"a": "z"}
    assert state.statuses == {"a": SegmentStatus.FINAL}
    assert state.dismissed == {"a": {"rule|target|x|0": "a name"}, "b": {}}
    # The observer sees each event of a known segment with the state just before it.
    assert seen == [(1, None), (3, "y"), (4, "y"), (5, "y"), (6, "y"), (7, "y")]


# -- the view --------------------------------------------------------------------------------------


def test_view_counts_states_and_totals(session: ReviewSession) -> None:
    view = ReviewView(session)
    view.check_all()
    assert view.checked_all and view.progress == 100
    assert [view.counts[s] for s in ("1", "2", "3", "4")] == [(0, 0, 1), (0, 0, 1), (0, 0, 0), (0, 1, 0)]
    assert view.totals == (0, 1, 2)
    assert view.open_rules("4") == [("lost-negation", "major")]
    session.edit("4", "Itu tidak murah.")
    session.set_approved("3")
    view.recount(["4", "3"])
    assert view.totals == (0, 0, 2)
    assert [view.state(s) for s in ("1", "2", "3", "4")] == ["translated", "translated", "approved", "edited"]


@pytest.mark.parametrize(
    ("filters", "rows"),
    [
        (Filter(), ["1", "2", "3", "4"]),
        (Filter("flagged"), ["1", "2", "4"]),
        (Filter("rule", "repeated-word"), ["1"]),
        (Filter("rule", "no-such-rule"), []),
        (Filter("severity", "major"), ["4"]),
        (Filter("severity", "critical"), []),
        (Filter("search", "NVIDIA"), ["2"]),
        (Filter("search", "cuacanya"), ["3"]),  # case-folded, in either text
        ([Filter("flagged"), Filter("severity", "minor")], ["1", "2"]),
        ([Filter("flagged"), Filter("search", "chip")], ["2"]),
    ],
)
def test_view_filters(session: ReviewSession, filters: Filter | list[Filter], rows: list[str]) -> None:
    assert ReviewView(session).rows(filters) == rows


def test_view_state_filters_follow_the_session(session: ReviewSession) -> None:
    view = ReviewView(session)
    session.edit("1", "Dia mengatakannya dua kali.")
    session.set_approved("1")
    session.set_approved("2")
    assert view.rows(Filter("state", "approved")) == ["1", "2"]
    assert view.rows(Filter("state", "final")) == ["1", "2"]
    assert view.rows(Filter("state", "edited")) == ["1"]  # edited and approved: both hold
    assert view.rows(Filter("state", "translated")) == ["3", "4"]
    assert view.rows(Filter("unreviewed")) == ["3", "4"]
    assert view.rows(Filter("flagged")) == ["2", "4"]  # the edit took the repeated word away; approval keeps flags


def test_view_uses_a_current_background_summary_and_drops_a_stale_one(session: ReviewSession) -> None:
    view = ReviewView(session)
    fresh = SegmentSummary("1", session.target("1"), ("made-up",), ("critical",), ("made-up|target|x|0",))
    stale = SegmentSummary("2", "an older target", ("other",), ("major",), ("other|target|y|0",))
    view.take([fresh, stale])
    assert view.counts == {"1": (1, 0, 0)}
    assert view.open_rules("1") == [("made-up", "critical")]  # not checked here: the summary says
    assert view.rows(Filter("rule", "made-up")) == ["1"]
    assert view.row_counts("2") == (0, 0, 1)  # small corpus: checked on demand


def test_view_large_corpus_rows_wait_for_the_check(session: ReviewSession, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ReviewView, "CHECK_ON_DEMAND", 2)
    view = ReviewView(session)
    assert view.row_counts("3") == NOT_CHECKED
    assert view.open_flags("4") == 1  # asked for directly: checked


def test_rule_counts_list_dismissed_rules_with_zero(session: ReviewSession) -> None:
    view = ReviewView(session)
    view.check_all()
    flag = session.flags("4")[0]
    session.dismiss("4", flag, "fine")
    assert view.rule_counts() == [("number-format", 1), ("repeated-word", 1), ("lost-negation", 0)]


# -- reviewer session list -------------------------------------------------------------------------


def _list(capsys: pytest.CaptureFixture[str], tmp_path: Path, store: str, *options: str) -> tuple[int, str]:
    code = main(["session", "list", "--source", str(tmp_path / "doc.en.txt"), "--target", str(tmp_path / "doc.id.txt"),
                 "--store", store, *options])
    out, err = capsys.readouterr()
    assert err == ""
    return code, out


def test_session_list_text(capsys: pytest.CaptureFixture[str], session: ReviewSession, tmp_path: Path,
                           store_spec: str) -> None:
    session.edit("4", "Itu tidak murah.")
    session.set_approved("3")
    session.close()
    assert _list(capsys, tmp_path, store_spec) == (0, (
        "1  translated  repeated-word (minor)\n"
        "2  translated  number-format (minor)\n"
        "3  approved    -\n"
        "4  edited      -\n"
        "4 of 4 segments\n"))
    assert _list(capsys, tmp_path, store_spec, "--rule", "number-format")[1] == "2  translated  number-format (minor)\n1 of 4 segments\n"
    assert _list(capsys, tmp_path, store_spec, "--rule", "number-format", "--rule", "repeated-word")[1].endswith("2 of 4 segments\n")
    assert _list(capsys, tmp_path, store_spec, "--status", "edited")[1] == "4  edited      -\n1 of 4 segments\n"
    assert _list(capsys, tmp_path, store_spec, "--severity", "major")[1] == "0 of 4 segments\n"


def test_session_list_json(capsys: pytest.CaptureFixture[str], session: ReviewSession, tmp_path: Path,
                           store_spec: str) -> None:
    session.close()
    code, out = _list(capsys, tmp_path, store_spec, "--severity", "major", "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "segments": [{"id": "4", "state": "translated", "target": "Itu murah.",
                      "flags": [{"rule": "lost-negation", "severity": Severity.MAJOR.value}]}],
        "summary": {"listed": 1, "segments": 4},
    }


def test_session_list_refuses_an_unknown_status(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["session", "list", "--status", "done"])
    assert exc.value.code == 2
    assert "invalid choice: 'done'" in capsys.readouterr().err


# -- inline codes are protected on every path ------------------------------------------------------

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a.txt" source-language="en" target-language="id" datatype="plaintext"><body>
<trans-unit id="u1"><source>Click <bpt id="1">&lt;b&gt;</bpt>Save<ept id="1">&lt;/b&gt;</ept> now</source>
<target>Klik <bpt id="1">&lt;b&gt;</bpt>Simpan<ept id="1">&lt;/b&gt;</ept> sekarang</target></trans-unit>
</body></file></xliff>
"""


def test_cli_edit_that_drops_inline_codes_is_refused_and_the_export_keeps_them(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    corpus = tmp_path / "a.xlf"
    corpus.write_text(XLIFF, encoding="utf-8")
    where = ["--corpus", str(corpus), "--session", str(tmp_path / "s.sqlite")]
    assert main(["session", "show", "u1", *where]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "Klik ⟦1⟧Simpan⟦/1⟧ sekarang"
    assert main(["session", "edit", "u1", "Klik Simpan sekarang", *where]) == 2
    err = capsys.readouterr().err
    assert err == ("reviewer: error: segment u1: inline codes are protected: inline code ⟦1⟧ of the source is "
                   "missing from the target; inline code ⟦/1⟧ of the source is missing from the target; "
                   "keep them in the new target\n")
    assert main(["session", "edit", "u1", "Sekarang klik ⟦1⟧Simpan⟦/1⟧", *where]) == 0  # codes moved: fine
    capsys.readouterr()
    assert main(["export", str(corpus), "--session", str(tmp_path / "s.sqlite"), "--to", str(tmp_path / "out")]) == 0
    written = (tmp_path / "out" / "a.xlf").read_text(encoding="utf-8")
    assert '<target>Sekarang klik <bpt id="1">&lt;b&gt;</bpt>Simpan<ept id="1">&lt;/b&gt;</ept></target>' in written


# -- where a review is kept --------------------------------------------------------------------------


def _tsv_in(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "c.tsv"
    path.write_text("Hello.\tHalo.\n", encoding="utf-8")
    return path


def test_a_session_is_never_kept_inside_an_installation(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REVIEWER_SESSION_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    installed = _tsv_in(tmp_path / "venv" / "lib" / "python3.11" / "site-packages" / "pkg")
    mine = _tsv_in(tmp_path / "work")
    assert main(["session", "where", "--corpus", str(installed)]) == 0
    where = Path(capsys.readouterr().out.strip())
    assert where.parent == tmp_path / "data" / "reviewer" / "sessions" and where.name.endswith("-c.tsv.session.sqlite")
    assert main(["session", "where", "--corpus", str(mine)]) == 0
    mine_where = Path(capsys.readouterr().out.strip())  # the data folder too, not beside the corpus
    assert mine_where.parent == where.parent and mine_where.name.endswith("-c.tsv.session.sqlite")
    assert mine_where != where  # another path: another session
    assert not where.exists() and not mine_where.exists()  # not created
    session = ReviewSession.open(installed, user="me")
    try:
        assert session.store.path == where
        assert session.default_export_folder() == tmp_path / "c.tsv-reviewed"  # not beside the installed file
    finally:
        session.close()
    session = ReviewSession.open(mine, user="me")
    try:
        assert session.default_export_folder() == tmp_path / "work" / "c.tsv-reviewed"
    finally:
        session.close()


def test_the_bundled_article_of_an_installation_counts_as_installed(tmp_path: Path) -> None:
    import reviewer
    from reviewer.core.paths import is_installed_file

    package = Path(reviewer.__file__).parent
    assert is_installed_file(package / "_bundled" / "corpus" / "a.corpus.yaml")
    assert is_installed_file(tmp_path / "env" / "lib" / "python3.11" / "dist-packages" / "x.tsv")
    assert not is_installed_file(tmp_path / "work" / "corpus" / "a.corpus.yaml")


def test_mqm_counts_one_error_in_the_singular(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = ["--session", str(tmp_path / "s.sqlite")]
    assert main(["session", "apply", "p8.s1", *store]) == 0
    capsys.readouterr()
    assert main(["mqm", *store]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "MQM scorecard: 1 error (critical 0, major 1, minor 0)"
    assert lines[-1].split() == ["terminology", "1", "error", "5.00", "points"]
    assert main(["session", "apply", "p11.s1", *store]) == 0
    capsys.readouterr()
    main(["mqm", *store])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("MQM scorecard: 2 errors (")
    assert lines[-1].split() == ["terminology", "2", "errors", "10.00", "points"]
