"""Sessions that cannot be lost and stores with two writers (issue 17): where a session is kept
(the user's data folder, keyed on the corpus's path and content; an earlier version's place
still opened), `reviewer session where`, file modes under the umask, stale edits refused across
processes, undo per reviewer, inline codes refused on the command line, and hand edits that
count in MQM."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.core.errors import ReviewerError
from reviewer.core.paths import is_installed_file
from reviewer.review.events import Change, EventKind
from reviewer.review.session import ReviewSession
from reviewer.review.store import SessionStore, StaleEditError
from reviewer.review.storebase import open_store
from reviewer.scoring.mqm import session_scorecard

PAIRS = [
    ("He said it twice.", "Dia dia mengatakannya dua kali."),  # repeated-word on "Dia dia" (minor)
    ("NVIDIA sold 10,000 chips.", "NVIDIA menjual 10,000 chip."),  # number-format on "10,000" (minor)
    ("The weather is fine.", "Cuacanya baik."),  # clean
    ("It is not cheap.", "Itu murah."),  # lost-negation on the source's "not" (major)
]


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data folder, in tmp_path; no session folder override; the reviewer is ana."""
    monkeypatch.delenv("REVIEWER_SESSION_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("REVIEWER_USER", "ana")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def _pair(folder: Path, pairs: list[tuple[str, str]] = PAIRS) -> list[str]:
    """A line-aligned corpus in `folder`; the command-line options that name it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "s.txt").write_text("".join(s + "\n" for s, _ in pairs), encoding="utf-8")
    (folder / "t.txt").write_text("".join(t + "\n" for _, t in pairs), encoding="utf-8")
    return ["--source", str(folder / "s.txt"), "--target", str(folder / "t.txt")]


def _open(folder: Path, user: str = "ana", **kwargs: object) -> ReviewSession:
    return ReviewSession.open(source=folder / "s.txt", target=folder / "t.txt", user=user, **kwargs)  # type: ignore[arg-type]


def _where(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[Path, str]:
    assert main(["session", "where", *argv]) == 0
    captured = capsys.readouterr()
    return Path(captured.out.strip()), captured.err


# -- where a session is kept -----------------------------------------------------------------------


def test_a_session_lives_in_the_data_folder_keyed_on_path_and_content(data_home: Path, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    here = _pair(tmp_path / "work")
    path, err = _where(capsys, *here)
    assert path.parent == data_home / "reviewer" / "sessions"
    assert re.fullmatch(r"[0-9a-f]{12}-[0-9a-f]{12}-t\.txt\.session\.sqlite", path.name)  # path key, content key
    assert err == "not created yet: the first recorded change creates it\n"
    session = _open(tmp_path / "work")
    try:
        assert session.store.path == path and session.notice is None
        session.edit("3", "Cuacanya cerah.")
    finally:
        session.close()
    assert _where(capsys, *here) == (path, "exists\n")
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["s.txt", "t.txt"]  # nothing beside the corpus
    # The same content in another folder is another corpus, and the same file changed is another version.
    elsewhere = _pair(tmp_path / "copy")
    assert _where(capsys, *elsewhere)[0] not in (path, None)
    (tmp_path / "work" / "t.txt").write_text("Dia berkata.\nNVIDIA.\nCuaca.\nMurah.\n", encoding="utf-8")
    changed, err = _where(capsys, *here)
    assert changed != path and changed.name[:13] == path.name[:13]  # same path key, other content key
    assert err.splitlines() == [
        "not created yet: the first recorded change creates it",
        "session: the corpus changed since it was last reviewed, so this review starts a new session; "
        f"the earlier one is kept: {path}"]


def test_the_session_folder_can_be_chosen(data_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("REVIEWER_SESSION_DIR", str(tmp_path / "mine"))
    path, _ = _where(capsys, *_pair(tmp_path / "work"))
    assert path.parent == tmp_path / "mine" and path.name.endswith("-t.txt.session.sqlite")


def test_a_session_kept_beside_the_corpus_by_an_earlier_version_is_still_opened(
        data_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    here = _pair(tmp_path / "work")
    beside = tmp_path / "work" / "t.txt.session.sqlite"
    old = _open(tmp_path / "work", session_path=beside)
    old.edit("3", "Cuacanya cerah.")
    old.set_approved("3")
    old.close()
    session = _open(tmp_path / "work")
    try:
        assert session.store.path == beside
        assert session.target("3") == "Cuacanya cerah." and session.is_approved("3")
        assert session.notice == (f"session: using the session an earlier version of reviewer kept at {beside} "
                                  f"(new sessions go to {data_home / 'reviewer' / 'sessions'})")
    finally:
        session.close()
    assert _where(capsys, *here) == (beside, f"exists\n{(session.notice)}\n")
    assert main(["session", "show", "3", *here]) == 0
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("Cuacanya cerah.\n", f"{session.notice}\n")
    assert not (data_home / "reviewer" / "sessions").exists()  # (no new session; the rule statistics live beside)


def test_a_session_an_earlier_version_kept_in_the_data_folder_is_still_opened(data_home: Path, tmp_path: Path) -> None:
    _pair(tmp_path / "work")
    target = tmp_path / "work" / "t.txt"
    digest = hashlib.sha256(str(target).encode()).hexdigest()[:12]  # that version's key: the path alone
    kept = data_home / "reviewer" / "sessions" / f"{digest}-t.txt.session.sqlite"
    old = _open(tmp_path / "work", session_path=kept)
    old.set_approved("3")
    old.close()
    session = _open(tmp_path / "work")
    try:
        assert session.store.path == kept and session.is_approved("3")
        assert session.notice is not None and f"kept at {kept} " in session.notice
    finally:
        session.close()


def test_an_earlier_session_of_other_content_beside_the_corpus_is_named_not_opened(
        data_home: Path, tmp_path: Path) -> None:
    _pair(tmp_path / "work")
    beside = tmp_path / "work" / "t.txt.session.sqlite"
    old = _open(tmp_path / "work", session_path=beside)
    old.edit("3", "Cuacanya cerah.")
    old.close()
    (tmp_path / "work" / "s.txt").write_text("A.\nB.\nC.\nD.\n", encoding="utf-8")
    session = _open(tmp_path / "work")
    try:
        assert session.store.path.parent == data_home / "reviewer" / "sessions"
        assert session.notice is not None and session.notice.endswith(f"the earlier one is kept: {beside}")
    finally:
        session.close()
    assert len(list(SessionStore(beside).events())) == 1  # untouched


# -- files are written with the user's umask -------------------------------------------------------


@pytest.fixture(params=[0o022, 0o077], ids=["umask-022", "umask-077"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def test_exports_reports_and_stores_get_the_umask_mode(data_home: Path, tmp_path: Path, umask: int,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    here = _pair(tmp_path / "work")
    assert main(["session", "apply", "2", *here]) == 0
    assert main(["export", *here, "--to", str(tmp_path / "out")]) == 0
    assert main(["report", *here, "--to", str(tmp_path / "report")]) == 0
    assert main(["mqm", *here, "--export", str(tmp_path / "errors.tsv")]) == 0
    capsys.readouterr()
    written = [*(tmp_path / "out").iterdir(), *(tmp_path / "report").iterdir(), tmp_path / "errors.tsv",
               _where(capsys, *here)[0]]
    assert len(written) == 3 + 5 + 1 + 1
    expected = 0o666 & ~umask
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {p.name: oct(expected) for p in written}


# -- two writers on one store ----------------------------------------------------------------------


def _other_process(*argv: str, user: str = "budi") -> subprocess.CompletedProcess[str]:
    """`reviewer ARGV` as another reviewer, in another process."""
    env = {**os.environ, "REVIEWER_USER": user}
    return subprocess.run([sys.executable, "-m", "reviewer", *argv], env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_a_stale_edit_is_refused_and_reload_shows_the_other_writers_change(
        data_home: Path, tmp_path: Path, store_spec: str) -> None:
    here = [*_pair(tmp_path / "work"), "--store", store_spec]
    session = _open(tmp_path / "work", store=store_spec)  # ana's UI, open the whole time
    try:
        assert session.reload() == []
        done = _other_process("session", "apply", "2", *here)  # budi fixes 10,000 with the one-key fix
        assert (done.returncode, done.stdout) == (0, "2: NVIDIA menjual 10.000 chip.\n"), done.stderr
        assert session.target("2") == "NVIDIA menjual 10,000 chip."  # not reloaded yet
        with pytest.raises(StaleEditError) as refused:
            session.edit("2", "NVIDIA menjual 10.000 cip.")  # ana fixes the same, on the text she saw
        at = next(e.at for e in session.store.events() if e.who == "budi")
        when = f"{at[:10]} {at[11:19]} UTC"
        assert refused.value.message == (f"segment 2 was changed by budi at {when} after you last saw it; your edit "
                                         "was not recorded: the segment now shows the new text, edit it again if "
                                         "it still needs it")
        assert (refused.value.who, refused.value.segment_id) == ("budi", "2")
        assert session.target("2") == "NVIDIA menjual 10.000 chip."  # reloaded with the refusal
        assert session.reload() == ["2"]  # what the UI redraws
        assert session.reload() == []
        session.edit("1", "Dia mengatakannya dua kali.")  # ana's hand fix elsewhere is fine
        done = _other_process("session", "edit", "4", "Itu tidak murah.", *here)
        assert done.returncode == 0, done.stderr
        assert session.reload() == ["4"] and session.target("4") == "Itu tidak murah."
        assert _other_process("session", "approve", "3", *here).returncode == 0
        assert session.reload() == ["3"] and session.is_approved("3")
        # One fix each, counted once: budi's 10,000, ana's duplicated word, budi's lost negation.
        card = session_scorecard(session)
        assert [(e.segment_id, e.origin, e.rater, e.text) for e in card.errors] == [
            ("1", "repeated-word", "ana", "Dia dia"), ("2", "number-format", "budi", ","),
            ("4", "lost-negation", "budi", "")]
        mqm = _other_process("mqm", *here)
        assert mqm.stdout.splitlines()[0] == "MQM scorecard: 3 errors (critical 0, major 1, minor 2)"
        # ana's undo takes back her own change, not budi's later one.
        assert session.undo() == ["1"]
        assert session.target("1") == PAIRS[0][1] and session.target("4") == "Itu tidak murah."
        assert session.undo() == []  # budi's changes are his to undo
    finally:
        session.close()


def test_the_store_refuses_a_stale_edit_inside_its_transaction(store_spec: str) -> None:
    originals = {"1": "a"}
    first, second = open_store(store_spec, fingerprint="fp"), open_store(store_spec, fingerprint="fp")
    first.record([Change("1", EventKind.EDIT, "a", "b")], "ana", original=originals.__getitem__)
    with pytest.raises(StaleEditError, match=r"^.*(session\.sqlite|\(session corpus\)): segment 1 was changed by ana at "):
        second.record([Change("1", EventKind.EDIT, "a", "c")], "budi", original=originals.__getitem__)
    # Two edits of one segment in one action build on each other; one stale edit refuses the whole action.
    second.record([Change("1", EventKind.EDIT, "b", "c"), Change("1", EventKind.EDIT, "c", "d")], "budi",
                  original=originals.__getitem__)
    with pytest.raises(StaleEditError):
        first.record([Change("2", EventKind.STATUS, "new", "final"), Change("1", EventKind.EDIT, "b", "x")], "ana",
                     original=originals.__getitem__)
    assert [(e.who, e.after) for e in first.events()] == [("ana", "b"), ("budi", "c"), ("budi", "d")]
    # Undone, the segment is back to the corpus's text: an edit made on budi's text is stale then.
    assert [e.after for e in second.undo("budi")] == ["c", "d"]
    assert [e.after for e in second.undo("budi")] == []
    with pytest.raises(StaleEditError, match=r"segment 1 was changed by ana"):
        first.record([Change("1", EventKind.EDIT, "d", "e")], "ana", original=originals.__getitem__)
    assert [e.after for e in first.undo("ana")] == ["b"]
    with pytest.raises(StaleEditError, match=r"segment 1 was changed elsewhere \(an edit was undone\)"):
        second.record([Change("1", EventKind.EDIT, "b", "e")], "budi", original=originals.__getitem__)
    first.close()
    second.close()


def test_undo_and_redo_are_per_reviewer(store_spec: str) -> None:
    store = open_store(store_spec, fingerprint="fp")
    store.record([Change("1", EventKind.EDIT, "a", "b")], "ana")
    store.record([Change("2", EventKind.EDIT, "p", "q")], "budi")
    store.record([Change("3", EventKind.EDIT, "x", "y")], "ana")
    assert [e.segment_id for e in store.undo("ana")] == ["3"]
    assert [e.segment_id for e in store.undo("ana")] == ["1"]
    assert store.undo("ana") == [] and not store.can_undo("ana") and store.can_undo("budi")
    store.record([Change("4", EventKind.EDIT, "m", "n")], "budi")  # budi's change leaves ana's redo alone
    assert store.can_redo("ana") and not store.can_redo("budi")
    assert [e.segment_id for e in store.redo("ana")] == ["1"]
    assert [(e.segment_id, e.state) for e in store.events()] == [("1", 0), ("2", 0), ("3", 1), ("4", 0)]
    store.record([Change("5", EventKind.EDIT, "u", "v")], "ana")  # ana's new change ends her own redo
    assert not store.can_redo("ana")
    assert [e.segment_id for e in store.undo("budi")] == ["4"]
    store.close()


# -- inline codes on the command line --------------------------------------------------------------

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a.txt" source-language="en" target-language="id" datatype="plaintext"><body>
<trans-unit id="u1"><source>Click <bpt id="1">&lt;b&gt;</bpt>Save<ept id="1">&lt;/b&gt;</ept> now</source>
<target>Klik <bpt id="1">&lt;b&gt;</bpt>Simpan<ept id="1">&lt;/b&gt;</ept> sekarang</target></trans-unit>
</body></file></xliff>
"""


@pytest.mark.parametrize("text", ["Klik ⟦/1⟧Simpan⟦1⟧ sekarang", "Klik ⟦1⟧Simpan⟦/1⟧⟦2⟧ sekarang",
                                  "Klik ⟦1⟧Simpan sekarang"], ids=["swapped", "invented", "half-dropped"])
def test_session_edit_refuses_broken_inline_codes_as_the_ui_does(data_home: Path, tmp_path: Path, text: str,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "a.xlf"
    corpus.write_text(XLIFF, encoding="utf-8")
    session = ReviewSession.open(corpus, user="ana")
    try:
        with pytest.raises(ReviewerError) as refused:
            session.check_edit("u1", text)  # what the edit dialog asks
    finally:
        session.close()
    assert refused.value.message.startswith("segment u1: inline codes are protected: ")
    assert main(["session", "edit", "u1", text, "--corpus", str(corpus)]) == 2
    assert capsys.readouterr().err == f"reviewer: error: {refused.value.message}\n"
    assert main(["session", "log", "--corpus", str(corpus)]) == 0
    assert capsys.readouterr().out == ""  # nothing recorded


# -- hand edits count in MQM -----------------------------------------------------------------------


def test_a_hand_edit_that_fixes_a_flag_counts_as_the_one_key_fix(tmp_path: Path) -> None:
    _pair(tmp_path / "keys")
    _pair(tmp_path / "hand")
    by_key = _open(tmp_path / "keys", session_path=tmp_path / "keys.sqlite")
    by_hand = _open(tmp_path / "hand", session_path=tmp_path / "hand.sqlite")
    try:
        for seg_id in ("1", "2"):
            by_key.apply_flag(seg_id, by_key.flags(seg_id)[0])
        assert by_hand.edit("1", "Dia mengatakannya dua kali.")
        assert by_hand.edit("2", "NVIDIA menjual 10.000 chip.")
        assert by_hand.flags("1") == [] and by_hand.flags("2") == []
        keys, hand = session_scorecard(by_key), session_scorecard(by_hand)
        assert [(e.segment_id, e.origin, e.category, e.severity, e.text) for e in hand.errors] == [
            ("1", "repeated-word", "fluency/duplication", "minor", "Dia dia"),
            ("2", "number-format", "locale-convention/number-format", "minor", "10,000")]
        # The same errors as the one-key fix's (whose span is the words it replaced, not the flag's).
        assert [(e.origin, e.category, e.severity) for e in keys.errors] == [
            (e.origin, e.category, e.severity) for e in hand.errors]
        assert hand.penalty == keys.penalty == 2.0
        resolve = [e for e in by_hand.corrections() if e.kind is EventKind.RESOLVE]
        assert [(e.segment_id, e.flag_key, e.span_start, e.span_end) for e in resolve] == [
            ("1", "repeated-word|target|Dia dia|0", 0, 7), ("2", "number-format|target|10,000|0", 15, 21)]
        # The edit and what it resolved are one undo step.
        assert by_hand.undo() == ["2"]
        assert [e.segment_id for e in session_scorecard(by_hand).errors] == ["1"]
    finally:
        by_key.close()
        by_hand.close()


@pytest.mark.parametrize(("text", "resolved"), [
    pytest.param("Kami kami mengatakannya dua kali.", [], id="still-repeated"),
    pytest.param("Dia dia mengatakannya tiga kali.", [], id="edit-elsewhere"),
    pytest.param("Ia mengatakannya dua kali.", ["repeated-word"], id="rewritten"),
])
def test_only_a_flag_the_edit_fixed_is_resolved(tmp_path: Path, text: str, resolved: list[str]) -> None:
    _pair(tmp_path)
    session = _open(tmp_path, session_path=tmp_path / "s.sqlite")
    try:
        session.edit("1", text)
        assert [e.origin for e in session_scorecard(session).errors] == resolved
    finally:
        session.close()


def test_a_dismissed_flag_is_not_resolved_and_an_edit_given_a_category_counts_once(tmp_path: Path) -> None:
    _pair(tmp_path)
    session = _open(tmp_path, session_path=tmp_path / "s.sqlite")
    try:
        session.dismiss("1", session.flags("1")[0], "style")
        session.edit("1", "Dia mengatakannya dua kali.")
        session.edit("2", "NVIDIA menjual 10.000 chip.", category="accuracy/number", severity="major")
        assert [(e.segment_id, e.origin, e.severity) for e in session_scorecard(session).errors] == [
            ("2", "manual", "major")]
    finally:
        session.close()


def test_the_bundled_article_is_reviewed_outside_the_installation(data_home: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = _where(capsys)
    assert not is_installed_file(path)
