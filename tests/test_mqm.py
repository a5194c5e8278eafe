"""MQM: penalty arithmetic, the session scorecard, and the WMT MQM file format (including the
published TED English→German table)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.core.errors import FormatError
from reviewer.core.model import Side
from reviewer.review.session import ReviewSession
from reviewer.scoring.mqm import (
    MqmError,
    MqmRating,
    MqmWeights,
    build_scorecard,
    changed_span,
    parse_wmt_tsv,
    read_wmt_tsv,
    segment_scores,
    session_errors,
    session_ratings,
    session_scorecard,
    source_words,
    system_scores,
    wmt_tsv,
)
from tests.paths import SHARED

WMT = SHARED / "data" / "wmt-mqm-human-eval"
TED = WMT / "mqm_ted_ende.tsv"


# ---------------------------------------------------------------------------------------------
# Penalties


@pytest.mark.parametrize(("category", "severity", "penalty"), [
    ("Accuracy/Mistranslation", "Minor", 1.0),
    ("Accuracy/Mistranslation", "Major", 5.0),
    ("accuracy/mistranslation", "critical", 25.0),
    ("Fluency/Punctuation", "Minor", 0.1),       # minor punctuation is cosmetic
    ("fluency/punctuation", "minor", 0.1),
    ("Fluency/Punctuation", "Major", 5.0),       # a major punctuation error counts in full
    ("Non-translation!", "Major", 25.0),
    ("Non-translation!", "Minor", 25.0),         # the category decides, whatever the severity
    ("accuracy/non-translation", "major", 25.0),
    ("No-error", "No-error", 0.0),
    ("Style/Awkward", "Neutral", 0.0),
    ("Source error", "Major", 0.0),             # the source's fault, not the translation's
    ("Other", "Major", 5.0),
    ("Terminology/Inappropriate for context", "Minor", 1.0),
])
def test_default_penalties(category: str, severity: str, penalty: float) -> None:
    assert MqmWeights().penalty(category, severity) == penalty


def test_weights_are_configurable() -> None:
    w = MqmWeights(minor=2, major=10, critical=100, minor_punctuation=0.5, non_translation=50)
    assert [w.penalty("Style/Awkward", s) for s in ("Minor", "Major", "Critical")] == [2, 10, 100]
    assert w.penalty("Fluency/Punctuation", "Minor") == 0.5
    assert w.penalty("Non-translation!", "Major") == 50


def test_unknown_severity_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown MQM severity 'Huge'"):
        MqmWeights().penalty("Other", "Huge")


# ---------------------------------------------------------------------------------------------
# Scorecard arithmetic


def _error(seg: str, category: str, severity: str) -> MqmError:
    return MqmError(seg, category, severity, "manual", "x y z", 0, 1, "", "tester", 1)


def test_scorecard_arithmetic() -> None:
    errors = [
        _error("1", "accuracy/mistranslation", "major"),   # 5
        _error("1", "fluency/punctuation", "minor"),       # 0.1
        _error("2", "style/awkward", "minor"),             # 1
        _error("3", "accuracy/omission", "critical"),      # 25
    ]
    card = build_scorecard(errors, segments=4, source_words=250, threshold=150)
    assert card.penalty == pytest.approx(31.1)
    assert card.per_1000_words == pytest.approx(124.4)     # 31.1 × 1000 / 250
    assert card.per_segment == pytest.approx(7.775)        # 31.1 / 4
    assert card.quality_score == pytest.approx(87.56)      # 100 − 12.44 per 100 words
    assert card.passed                                      # 124.4 ≤ 150
    assert card.segment_penalties == pytest.approx({"1": 5.1, "2": 1.0, "3": 25.0})
    assert card.by_severity() == {"minor": 2, "major": 1, "critical": 1}
    assert list(card.by_category()) == ["accuracy/omission", "accuracy/mistranslation", "style/awkward",
                                        "fluency/punctuation"]
    assert card.by_category(top_level=True)["accuracy"] == {"errors": 2, "penalty": 30.0}
    assert not build_scorecard(errors, segments=4, source_words=250, threshold=124).passed


def test_scorecard_of_nothing_passes() -> None:
    card = build_scorecard([], segments=0, source_words=0)
    assert (card.penalty, card.per_1000_words, card.passed) == (0, 0.0, True)


@pytest.mark.parametrize(("text", "words"), [
    ("Does DeepSeek's AI breakthrough mean that US technology controls have failed?", 11),
    ("It cost $103 million, or 10,000 chips.", 7),
    ("", 0),
])
def test_source_words(text: str, words: int) -> None:
    assert source_words(text) == words


@pytest.mark.parametrize(("before", "after", "span"), [
    ("Apakah AI Deepseek berarti", "Apakah AI DeepSeek berarti", (10, 18)),   # whole word, not just "s"
    ("perusahaan Cina, Deepseek", "perusahaan China, Deepseek", (11, 15)),    # an insertion marks its word
    ("H800S -nya", "H800S-nya", (5, 6)),                                        # a deleted space
    ("sama", "sama", (4, 4)),
])
def test_changed_span(before: str, after: str, span: tuple[int, int]) -> None:
    assert changed_span(before, after) == span


# ---------------------------------------------------------------------------------------------
# Errors recorded in a session


@pytest.fixture()
def session(tmp_path: Path, store_spec: str) -> Iterator[ReviewSession]:
    """The bundled article's session, on each store (SQLite file, PostgreSQL database)."""
    s = ReviewSession.open(session_path=tmp_path / "s.sqlite", user="tester", store=store_spec)
    yield s
    s.close()


def _suggestion(session: ReviewSession, seg_id: str, rule: str):  # type: ignore[no-untyped-def]
    return next(f for f in session.flags(seg_id) if f.rule == rule and f.suggestion is not None
                and f.side is Side.TARGET)


def test_session_errors_count_applied_flags_and_annotations_only(session: ReviewSession) -> None:
    session.apply_flag("p1.s1", _suggestion(session, "p1.s1", "dnt:deepseek"))       # major terminology
    session.edit("p3.s1", session.target("p3.s1") + " ")                              # a plain edit: no error
    session.annotate("p3.s2", 0, 10, "fluency/punctuation", "minor", "quote style")  # 0.1
    flag = session.flags("p4.s1")[0]
    session.dismiss("p4.s1", flag, "fine here")                                      # a false positive
    errors = session_errors(session)
    assert [(e.segment_id, e.category, e.severity, e.origin) for e in errors] == [
        ("p1.s1", "terminology", "major", "dnt:deepseek"),
        ("p3.s2", "fluency/punctuation", "minor", "manual"),
    ]
    assert errors[0].text == "Deepseek"
    assert errors[1].text == session.target("p3.s2")[0:10]
    card = session_scorecard(session)
    words = sum(source_words(s.source) for s in session.segments)
    assert words == 1278
    assert card.penalty == pytest.approx(5.1)
    assert card.per_1000_words == pytest.approx(5.1 * 1000 / 1278)
    assert card.passed


def test_undone_and_removed_errors_do_not_count(session: ReviewSession) -> None:
    session.apply_flag("p1.s1", _suggestion(session, "p1.s1", "dnt:deepseek"))
    session.annotate("p3.s2", 0, 10, "accuracy/mistranslation", "critical")
    assert len(session_errors(session)) == 2
    session.undo()                                   # the annotation
    assert [e.segment_id for e in session_errors(session)] == ["p1.s1"]
    session.undo()                                   # the applied flag
    assert session_errors(session) == []
    session.redo()
    session.annotate("p3.s2", 0, 10, "accuracy/mistranslation", "critical")
    (annotation,) = session.annotations["p3.s2"]
    session.remove_annotation(annotation)
    assert [e.segment_id for e in session_errors(session)] == ["p1.s1"]


def test_a_corpus_wide_fix_records_errors(session: ReviewSession) -> None:
    plan = session.plan_rule("dnt:deepseek")
    changed = session.apply_plan("dnt:deepseek", plan)
    errors = session_errors(session)
    assert len(errors) == changed > 5
    # One error per segment changed (the session records a corpus-wide fix that way); its span
    # runs from the first change to the last.
    assert all(e.text.startswith("Deepseek") and e.text.endswith("Deepseek") for e in errors)
    assert sum(e.text == "Deepseek" for e in errors) >= changed - 2
    card = session_scorecard(session, threshold=10)
    assert card.penalty == 5 * changed
    assert not card.passed


def test_annotation_spans_refer_to_the_text_they_were_made_on(session: ReviewSession) -> None:
    before = session.target("p3.s2")
    session.annotate("p3.s2", 0, 9, "style/awkward", "minor")
    session.edit("p3.s2", "X " + before)              # a later edit shifts the text
    (error,) = session_errors(session)
    assert error.target == before and error.text == before[0:9]


# ---------------------------------------------------------------------------------------------
# The WMT MQM format


def test_read_parses_with_quoting_off(tmp_path: Path) -> None:
    path = tmp_path / "q.tsv"
    path.write_text(
        "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\tcomment\n"
        'A\td\t1\t1\tr1\tHe said "hi\tEr sagte <v>"hallo</v>\tFluency/Punctuation\tMinor\t"odd\n'
        'A\td\t2\t2\tr1\tand left."\tund ging."\tNo-error\tNo-error\t\n', encoding="utf-8")
    rows = read_wmt_tsv(path)
    assert len(rows) == 2
    assert rows[0].source == 'He said "hi' and rows[0].comment == '"odd'
    assert rows[0].span() == ('Er sagte "hallo', 9, 15)
    assert rows[1].span() is None
    assert system_scores(rows) == {"A": pytest.approx(0.05)}


def test_read_accepts_files_without_comment_column() -> None:
    text = ("system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"
            "A\td\t1\t1\tr1\ts\t<v>t</v>\tAccuracy/Mistranslation\tMajor\n")
    (row,) = parse_wmt_tsv(text)
    assert (row.severity, row.comment) == ("Major", "")


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty MQM file"),
    ("system\tdoc\tseg_id\n", "header lacks column(s) doc_id, rater"),
    ("system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\nA\td\t1\n",
     "x.tsv:2: expected 9 tab-separated fields, found 3"),
    ("system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\nA\td\t1\t1\tr\ts\tt\tOther\tHuge\n",
     "x.tsv:2: unknown MQM severity 'Huge'"),
])
def test_read_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=re.escape(message)):
        parse_wmt_tsv(text, path="x.tsv")


def test_segment_scores_average_over_raters_then_segments() -> None:
    def row(doc_id: str, rater: str, category: str, severity: str) -> MqmRating:
        return MqmRating("S", "d", doc_id, doc_id, rater, "src", "tgt", category, severity)

    rows = [
        row("1", "r1", "Accuracy/Mistranslation", "Major"),   # r1: 5 + 1 = 6
        row("1", "r1", "Style/Awkward", "Minor"),
        row("1", "r2", "No-error", "No-error"),               # r2: 0 → segment 1: (6 + 0) / 2 = 3
        row("2", "r1", "Fluency/Punctuation", "Minor"),       # segment 2: 0.1
        row("3", "r2", "No-error", "No-error"),               # segment 3: 0 (error-free segments count)
    ]
    segs = {s.doc_id: (s.score, s.raters) for s in segment_scores(rows)}
    assert segs == {"1": (3.0, 2), "2": (pytest.approx(0.1), 1), "3": (0.0, 1)}
    assert system_scores(rows) == {"S": pytest.approx(3.1 / 3)}


# The TED English→German MQM table published in the data's README.md, and what the same data
# gives with the WMT weights (minor 1, major 5, minor Fluency/Punctuation 0.1, Non-translation 25,
# No-error 0; per segment: sum per rater, mean over raters; per system: mean over all rated
# segments, error-free ones included).
TED_EXACT = {
    "ref": 0.911531, "Facebook-AI": 1.055955, "Online-W": 1.122495, "VolcTrans-AT": 1.241021,
    "metricsystem3": 1.435728, "VolcTrans-GLAT": 1.494329, "HuaweiTSC": 1.497543, "metricsystem1": 1.629301,
    "metricsystem2": 1.693573, "metricsystem5": 1.716068, "UEdin": 1.771645, "metricsystem4": 1.775992,
    "eTranslation": 1.968809, "Nemo": 2.140832,
}


@pytest.fixture(scope="module")
def ted_ratings() -> list[MqmRating]:
    return read_wmt_tsv(TED)


@pytest.fixture(scope="module")
def ted_table() -> dict[str, str]:
    """System → score as printed in the README's "TED talks / English to German" table."""
    readme = (WMT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## TED talks ##", 1)[1].split("### English to German ###", 1)[1]
    section = section.split("###", 1)[0]
    rows = re.findall(r"^\| (\S+) \| ([\d.]+)\(\d+\) \|$", section, re.MULTILINE)
    # The TSV calls the human reference "ref"; the table calls it "ref.A".
    return {("ref" if name == "ref.A" else name): score for name, score in rows}


def test_ted_file_reads_completely(ted_ratings: list[MqmRating]) -> None:
    assert len(ted_ratings) == 8435
    assert len({r.system for r in ted_ratings}) == 14
    assert {len(s) for s in _segments_by_system(ted_ratings).values()} == {529}


def _segments_by_system(ratings: list[MqmRating]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in ratings:
        out.setdefault(r.system, set()).add(r.seg_id)
    return out


def test_ted_system_scores_exact(ted_ratings: list[MqmRating]) -> None:
    scores = system_scores(ted_ratings)
    assert {k: round(v, 6) for k, v in scores.items()} == TED_EXACT
    assert scores["eTranslation"] == pytest.approx(1041.5 / 529, abs=1e-12)


def test_ted_reproduces_the_published_table(ted_ratings: list[MqmRating], ted_table: dict[str, str]) -> None:
    """All 14 rows agree to two decimals (|difference| < 0.01), in the published order. Thirteen
    are equal after rounding; eTranslation's published 1.96 is 0.009 below what its own ratings
    give (1041.5 points over 529 segments = 1.9688), and the per-segment scores the authors
    published beside the table (avg_seg_scores.tsv) average to the same 1.9688, so the row is
    not a weighting question (see the next test and the README)."""
    scores = system_scores(ted_ratings)
    assert len(ted_table) == 14
    assert list(scores) == list(ted_table)                    # same ranking
    for system, published in ted_table.items():
        assert abs(scores[system] - float(published)) < 0.01, system
    rounded = {s: f"{v:.2f}" for s, v in scores.items()}
    assert {s for s in ted_table if rounded[s] != ted_table[s]} == {"eTranslation"}
    assert (ted_table["eTranslation"], rounded["eTranslation"]) == ("1.96", "1.97")


def test_ted_segment_scores_equal_the_published_segment_scores(ted_ratings: list[MqmRating]) -> None:
    published: dict[tuple[str, str], float] = {}
    for line in (WMT / "mqm_ted_ende.avg_seg_scores.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        system, score, seg_id = line.split()
        if score != "None":
            published[("ref" if system == "ref-A" else system, seg_id)] = -float(score)
    ours = {(s.system, s.seg_id): s.score for s in segment_scores(ted_ratings)}
    assert set(ours) == set(published)
    assert all(ours[k] == pytest.approx(published[k], abs=1e-9) for k in ours)


def test_mqm_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mqm", str(TED), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["systems"]
    assert {k: round(v, 6) for k, v in data["systems"].items()} == TED_EXACT


def test_mqm_cli_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mqm", str(TED)]) == 0
    out = capsys.readouterr().out
    assert "   1  ref" in out and "0.91" in out
    assert "  14  Nemo" in out and "2.14" in out


def test_mqm_cli_weights(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "w.tsv"
    path.write_text("system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"
                    "A\td\t1\t1\tr\ts\tt\tStyle/Awkward\tMajor\n"
                    "A\td\t2\t2\tr\ts\tt\tFluency/Punctuation\tMinor\n", encoding="utf-8")
    assert main(["mqm", str(path), "--major", "10", "--minor-punctuation", "1", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"systems": {"A": 5.5}}


# ---------------------------------------------------------------------------------------------
# Export of a session's errors


def test_export_round_trips_through_the_wmt_format(session: ReviewSession) -> None:
    session.apply_flag("p1.s1", _suggestion(session, "p1.s1", "dnt:deepseek"))
    session.annotate("p3.s2", 0, 10, "fluency/punctuation", "minor", "tab\there\nnewline")
    session.annotate("p3.s2", 11, 20, "accuracy/mistranslation", "critical", "")
    rows = parse_wmt_tsv(wmt_tsv(session_ratings(session, system="DeepSeek-MT")))
    assert len(rows) == len(session.segments) - 2 + 3      # No-error rows for the clean segments
    first = rows[0]
    assert (first.system, first.doc, first.doc_id, first.seg_id, first.rater) == (
        "DeepSeek-MT", "deepseek-export-controls", "1", "p1.s1", "tester")
    assert (first.category, first.severity) == ("Terminology", "Major")
    assert first.span() == (session.segment("p1.s1").target, 19, 27)
    assert "<v>Deepseek</v>" in first.target
    punct = next(r for r in rows if r.category == "Fluency/Punctuation")
    assert punct.comment == "tab here newline"             # the format has no escapes
    # The file scores like the session: mean penalty per segment.
    card = session_scorecard(session)
    assert system_scores(rows) == {"DeepSeek-MT": pytest.approx(card.per_segment)}
    assert card.penalty == pytest.approx(5 + 0.1 + 25)


def test_mqm_cli_scorecard_and_export(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite"
    s = ReviewSession.open(session_path=store, user="tester")
    assert main(["mqm", "--session", str(store)]) == 0       # nothing recorded: passes
    s.annotate("p3.s2", 0, 10, "accuracy/mistranslation", "critical", "")
    s.close()
    capsys.readouterr()
    assert main(["mqm", "--session", str(store)]) == 1       # 25 points over 1,278 words fails the default 10
    out = capsys.readouterr().out
    assert "per 1,000 words  19.56  (threshold 10: FAIL)" in out
    assert main(["mqm", "--session", str(store), "--threshold", "20", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["errors"], data["penalty"], data["passed"]) == (1, 25.0, True)
    out_file = tmp_path / "errors.tsv"
    assert main(["mqm", "--session", str(store), "--export", str(out_file)]) == 0
    rows = read_wmt_tsv(out_file)
    assert [r.category for r in rows if r.severity != "No-error"] == ["Accuracy/Mistranslation"]


def test_mqm_cli_rejects_a_file_with_a_session(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mqm", str(TED), "--session", "x.sqlite"]) == 2
    assert "not both" in capsys.readouterr().err
