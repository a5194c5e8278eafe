"""Post-edit scores: exact values, equality with the sacrebleu command, and incremental rescoring."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import BLEU, CHRF, TER

from reviewer.cli import main
from reviewer.core.errors import ReviewerError
from reviewer.core.model import Side
from reviewer.formats import load_corpus
from reviewer.review.session import ReviewSession
from reviewer.scoring.metrics import Scorer, SessionScores, category_counts, score_pairs, severity_counts

# Lines that exercise tokenisation and escaping: markup-looking text, ANSI, RTL, CJK, a tokenised
# period, an empty line and a line whose post-edit only changes case.
TRICKY_MT = [
    "Saya suka H800S.",
    "Halo dunia ini tes.",
    "[b]tebal[/b] dan [@click=app.quit] klik",
    "\x1b[31mmerah\x1b[0m teks",
    "مرحبا بالعالم dan 你好世界",
    "Ini kalimat yang sudah ditokenisasi .",
    "",
    "NVIDIA merilis cip baru.",
]
TRICKY_PE = [
    "Saya suka H800.",
    "Halo dunia, ini tes.",
    "[b]tebal[/b] dan [@click=app.quit] klik!",
    "\x1b[31mmerah\x1b[0m teks",
    "مرحبا بالعالم dan 你好 dunia",
    "Ini kalimat yang sudah ditokenisasi.",
    "",
    "Nvidia merilis cip baru.",
]


@pytest.fixture(scope="module")
def bundled_pairs() -> tuple[list[str], list[str], list[str]]:
    corpus = load_corpus()
    assert corpus.postedit is not None
    ids = [s.id for s in corpus.segments]
    return ids, [s.target for s in corpus.segments], [corpus.postedit[i] for i in ids]


# ---------------------------------------------------------------------------------------------
# Exact values


# Expected values as printed by `sacrebleu PE -i MT -sl -w 6` (-m ter --ter-case-sensitive,
# -m chrf, -m chrf --chrf-word-order 2, -m bleu).
@pytest.mark.parametrize(("mt", "pe", "hter", "chrf", "chrfpp", "bleu"), [
    # One substitution in three words; sentence BLEU with effective order.
    ("Saya suka H800S.", "Saya suka H800.", 33.333333, 89.752062, 80.871910, 35.355339),
    # One inserted comma (tercom does not split punctuation: "dunia" -> "dunia," is a substitution).
    ("Halo dunia ini tes.", "Halo dunia, ini tes.", 25.0, 75.123845, 74.967175, 40.936538),
    # Case matters: HTER is case-sensitive, like chrF and BLEU.
    ("NVIDIA merilis cip baru.", "Nvidia merilis cip baru.", 25.0, 68.080680, 70.435510, 66.874030),
    ("sama persis", "sama persis", 0.0, 100.0, 100.0, 100.0),
])
def test_segment_scores_have_exact_values(mt: str, pe: str, hter: float, chrf: float, chrfpp: float,
                                          bleu: float) -> None:
    (seg,) = score_pairs(["1"], [mt], [pe]).segments
    assert round(seg.scores.hter, 6) == hter
    assert round(seg.scores.chrf, 6) == chrf
    assert round(seg.scores.chrfpp, 6) == chrfpp
    assert round(seg.scores.bleu, 6) == bleu


def test_bundled_article_corpus_scores_are_exact(bundled_pairs: tuple[list[str], list[str], list[str]]) -> None:
    ids, mt, pe = bundled_pairs
    report = score_pairs(ids, mt, pe)
    # 345 word edits over the 1,234 words of the post-edit.
    assert (report.corpus.edits, report.corpus.ref_words) == (345, 1234)
    assert report.corpus.hter == pytest.approx(100 * 345 / 1234, abs=1e-12)
    assert round(report.corpus.hter, 6) == 27.957861
    assert round(report.corpus.chrf, 6) == 79.202784
    assert round(report.corpus.chrfpp, 6) == 77.338390
    assert round(report.corpus.bleu, 6) == 57.677691


def test_corpus_scores_equal_sacrebleu_corpus_score(bundled_pairs: tuple[list[str], list[str], list[str]]) -> None:
    ids, mt, pe = bundled_pairs
    corpus = score_pairs(ids, mt, pe).corpus
    assert corpus.hter == TER(case_sensitive=True).corpus_score(mt, [pe]).score
    assert corpus.chrf == CHRF().corpus_score(mt, [pe]).score
    assert corpus.chrfpp == CHRF(word_order=2).corpus_score(mt, [pe]).score
    assert corpus.bleu == BLEU().corpus_score(mt, [pe]).score


def test_signatures_are_sacrebleus() -> None:
    sigs = score_pairs(["1"], ["a b"], ["a c"]).signatures
    assert set(sigs) == {"hter", "chrf", "chrf++", "bleu", "bleu-segment"}
    assert sigs["hter"].startswith("nrefs:1|case:mixed|tok:tercom|norm:no|punct:yes|asian:no|version:")
    assert sigs["chrf"].startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:")
    assert sigs["chrf++"].startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:")
    assert sigs["bleu"].startswith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:")
    assert sigs["bleu-segment"].startswith("nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:")


def test_mismatched_lengths_are_an_error() -> None:
    with pytest.raises(ReviewerError, match="2 hypotheses, 1 references"):
        score_pairs(["1", "2"], ["a", "b"], ["a"])


# ---------------------------------------------------------------------------------------------
# The same figures as the sacrebleu command


def _sacrebleu(*args: str) -> str:
    exe = Path(sys.executable).with_name("sacrebleu")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "sacrebleu"]
    proc = subprocess.run([*cmd, *args], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _reviewer_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


_SENTENCE = re.compile(r"^(?P<name>[^|]+)\|(?P<sig>\S+) = (?P<score>-?[\d.]+)")


@pytest.fixture(scope="module")
def line_files(tmp_path_factory: pytest.TempPathFactory,
               bundled_pairs: tuple[list[str], list[str], list[str]]) -> tuple[Path, Path]:
    _ids, mt, pe = bundled_pairs
    folder = tmp_path_factory.mktemp("lines")
    mt_file, pe_file = folder / "mt.txt", folder / "pe.txt"
    mt_file.write_text("\n".join(mt + TRICKY_MT) + "\n", encoding="utf-8")
    pe_file.write_text("\n".join(pe + TRICKY_PE) + "\n", encoding="utf-8")
    return mt_file, pe_file


def test_score_json_equals_the_sacrebleu_command(capsys: pytest.CaptureFixture[str],
                                                 line_files: tuple[Path, Path]) -> None:
    mt, pe = line_files
    ours = _reviewer_json(capsys, "score", "--mt", str(mt), "--post-edit", str(pe), "--format", "json")
    theirs = {r["name"]: r for r in json.loads(_sacrebleu(
        str(pe), "-i", str(mt), "-m", "bleu", "chrf", "ter", "--ter-case-sensitive", "-f", "json", "-w", "6"))}
    plus = json.loads(_sacrebleu(str(pe), "-i", str(mt), "-m", "chrf", "--chrf-word-order", "2", "-f", "json",
                                 "-w", "6"))
    corpus = ours["corpus"]
    assert f"{corpus['hter']:.6f}" == f"{theirs['TER']['score']:.6f}"
    assert f"{corpus['chrf']:.6f}" == f"{theirs['chrF2']['score']:.6f}"
    assert f"{corpus['chrf++']:.6f}" == f"{plus['score']:.6f}"
    assert f"{corpus['bleu']:.6f}" == f"{theirs['BLEU']['score']:.6f}"
    sigs = corpus["signatures"]
    assert sigs["hter"] == theirs["TER"]["signature"]
    assert sigs["chrf"] == theirs["chrF2"]["signature"]
    assert sigs["chrf++"] == plus["signature"]
    assert sigs["bleu"] == theirs["BLEU"]["signature"]


@pytest.mark.parametrize(("metric", "key", "extra"), [
    ("ter", "hter", ["--ter-case-sensitive"]),
    ("chrf", "chrf", []),
    ("chrf", "chrf++", ["--chrf-word-order", "2"]),
    ("bleu", "bleu", []),
])
def test_segment_scores_equal_the_sacrebleu_command(capsys: pytest.CaptureFixture[str],
                                                    line_files: tuple[Path, Path], metric: str, key: str,
                                                    extra: list[str]) -> None:
    mt, pe = line_files
    ours = _reviewer_json(capsys, "score", "--mt", str(mt), "--post-edit", str(pe), "--format", "json")
    lines = _sacrebleu(str(pe), "-i", str(mt), "-m", metric, "-sl", "-w", "6", *extra).splitlines()
    assert len(lines) == len(ours["segments"])
    sig_key = "bleu-segment" if key == "bleu" else key
    for line, seg in zip(lines, ours["segments"], strict=True):
        m = _SENTENCE.match(line)
        assert m, line
        assert m["score"] == f"{seg[key]:.6f}", (seg["id"], line)
        assert m["sig"] == ours["corpus"]["signatures"][sig_key]


def test_score_with_a_reference_scores_mt_and_post_edit_against_it(capsys: pytest.CaptureFixture[str],
                                                                   tmp_path: Path) -> None:
    (tmp_path / "mt.txt").write_text("Saya suka H800S.\nHalo dunia ini tes.\n", encoding="utf-8")
    (tmp_path / "pe.txt").write_text("Saya suka H800.\nHalo dunia, ini tes.\n", encoding="utf-8")
    (tmp_path / "ref.txt").write_text("Saya menyukai H800.\nHalo dunia, ini sebuah tes.\n", encoding="utf-8")
    data = _reviewer_json(capsys, "score", "--mt", str(tmp_path / "mt.txt"), "--post-edit", str(tmp_path / "pe.txt"),
                          "--reference", str(tmp_path / "ref.txt"), "--format", "json")
    ref = data["reference"]
    assert set(ref) == {"mt", "post_edit"}
    assert set(ref["mt"]["corpus"]) == {"ter", "chrf", "chrf++", "bleu", "signatures"}
    ter_mt = TER(case_sensitive=True).corpus_score(["Saya suka H800S.", "Halo dunia ini tes."],
                                                   [["Saya menyukai H800.", "Halo dunia, ini sebuah tes."]]).score
    ter_pe = TER(case_sensitive=True).corpus_score(["Saya suka H800.", "Halo dunia, ini tes."],
                                                   [["Saya menyukai H800.", "Halo dunia, ini sebuah tes."]]).score
    assert ref["mt"]["corpus"]["ter"] == ter_mt == pytest.approx(100 * 4 / 8)
    assert ref["post_edit"]["corpus"]["ter"] == ter_pe == pytest.approx(100 * 2 / 8)


def test_score_text_output_lists_signatures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--corpus-postedit"]) == 0
    out = capsys.readouterr().out
    assert "HTER      27.96   nrefs:1|case:mixed|tok:tercom" in out
    assert "BLEU      57.68   nrefs:1|case:mixed|eff:no|tok:13a" in out


def test_score_of_a_session_scores_the_reviewed_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    session_path = tmp_path / "s.sqlite"
    session = ReviewSession.open(session_path=session_path, user="tester")
    session.edit("p1.s1", session.corpus.postedit["p1.s1"])  # type: ignore[index]
    session.close()
    data = _reviewer_json(capsys, "score", "--session", str(session_path), "--format", "json")
    first = data["segments"][0]
    assert first["id"] == "p1.s1"
    assert round(first["hter"], 6) == 10.0  # "Deepseek" -> "DeepSeek": one edit in ten words
    assert all(s["hter"] == 0.0 for s in data["segments"][1:])


@pytest.mark.parametrize(("argv", "fragment"), [
    (["score", "--mt", "x.txt"], "--mt and --post-edit must be given together"),
    (["score", "--mt", "a", "--post-edit", "b", "--corpus-postedit"], "not both"),
])
def test_score_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str) -> None:
    assert main(argv) == 2
    assert fragment in capsys.readouterr().err


def test_score_misaligned_files_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "mt.txt").write_text("a\nb\n", encoding="utf-8")
    (tmp_path / "pe.txt").write_text("a\n", encoding="utf-8")
    assert main(["score", "--mt", str(tmp_path / "mt.txt"), "--post-edit", str(tmp_path / "pe.txt")]) == 2
    assert "line counts differ" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# Incremental rescoring for the review UI


class CountingScorer(Scorer):
    """A scorer that counts how many segments it had to score."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def stats(self, hypothesis: str, reference: str):  # type: ignore[no-untyped-def]
        self.calls += 1
        return super().stats(hypothesis, reference)


def test_session_scores_rescore_only_the_changed_segment(
        bundled_pairs: tuple[list[str], list[str], list[str]]) -> None:
    ids, mt, pe = bundled_pairs
    scorer = CountingScorer()
    scores = SessionScores(scorer)
    for seg_id, text in zip(ids, mt, strict=True):
        scores.score_segment(seg_id, text, text)
    assert scorer.calls == len(ids)
    assert scores.corpus().hter == 0.0
    # An unchanged segment is a cache hit.
    scores.score_segment(ids[3], mt[3], mt[3])
    assert scorer.calls == len(ids)
    # One edit costs one segment, and the corpus figure equals a full recomputation.
    scores.score_segment(ids[3], mt[3], pe[3])
    assert scorer.calls == len(ids) + 1
    expected = score_pairs(ids, mt, [pe[3] if i == 3 else t for i, t in enumerate(mt)]).corpus
    assert scores.corpus() == expected
    # Editing every segment converges on the whole post-edit, and undoing returns to zero.
    for seg_id, a, b in zip(ids, mt, pe, strict=True):
        scores.score_segment(seg_id, a, b)
    assert scores.corpus() == score_pairs(ids, mt, pe).corpus
    for seg_id, a in zip(ids, mt, strict=True):
        scores.score_segment(seg_id, a, a)
    assert scores.corpus().hter == 0.0 and scores.corpus().chrf == 100.0


def test_session_scores_follow_a_review_session(tmp_path: Path) -> None:
    session = ReviewSession.open(session_path=tmp_path / "s.sqlite", user="tester")
    scores = SessionScores.for_session(session)
    assert len(scores) == len(session.segments)
    assert scores.corpus().hter == 0.0
    session.edit("p4.s1", session.corpus.postedit["p4.s1"])  # type: ignore[index]
    scores.update_from_session(session, ["p4.s1"])
    assert round(scores.segment("p4.s1").hter, 6) == 60.0  # type: ignore[union-attr]
    assert scores.corpus().edits == 6
    touched = session.undo()
    scores.update_from_session(session, touched)
    assert scores.corpus().edits == 0


def test_category_counts_count_recorded_errors(tmp_path: Path) -> None:
    session = ReviewSession.open(session_path=tmp_path / "s.sqlite", user="tester")
    flag = next(f for f in session.flags("p1.s1") if f.suggestion is not None and f.side is Side.TARGET)
    session.apply_flag("p1.s1", flag)
    session.annotate("p3.s1", 0, 7, "accuracy/mistranslation", "major", "")
    session.annotate("p3.s2", 0, 7, "accuracy/omission", "minor", "")
    assert category_counts(session) == {flag.category: 1, "accuracy/mistranslation": 1, "accuracy/omission": 1}
    assert category_counts(session, top_level=True)["accuracy"] == 2
    assert flag.severity.value == "major"  # dnt:deepseek
    assert severity_counts(session) == {"major": 2, "minor": 1}


# ---------------------------------------------------------------------------------------------
# The fast path for unedited segments


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,!?()\"'-\t\n\u00a0\u2028xyz12漢字مر")), max_size=40))
def test_identity_stats_equal_sacrebleus_statistics(text: str) -> None:
    scorer = Scorer()
    fast = scorer.identity_stats(text)
    refs = [[text]]
    assert list(fast.ter) == scorer.ter._extract_corpus_statistics([text], refs)[0]
    assert list(fast.chrf) == scorer.chrf._extract_corpus_statistics([text], refs)[0]
    assert list(fast.chrfpp) == scorer.chrfpp._extract_corpus_statistics([text], refs)[0]
    assert list(fast.bleu) == scorer.bleu._extract_corpus_statistics([text], refs)[0]


def test_scoring_modules_import_without_textual_or_rich() -> None:
    code = (
        "import reviewer.scoring.metrics, reviewer.scoring.mqm, reviewer.scoring.report, reviewer.cli.scores, sys; "
        "bad = sorted(m for m in sys.modules if m in ('textual', 'rich') or m.startswith(('textual.', 'rich.'))); "
        "assert not bad, bad"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
