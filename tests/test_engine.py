"""The engine: imports without a UI, flags the bundled article, stays quiet on clean news text, dedupes and fixes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewer.checking.engine import Checker, CheckerSpec, Report, SegmentResult, _dedupe, summarise
from reviewer.checking.fixes import MAX_PASSES, apply_suggestions, fix_until_stable, unified_diff
from reviewer.core.model import Corpus, Flag, Segment, Severity, Side
from reviewer.formats import load_corpus
from reviewer.glossary import parse_glossary
from tests.paths import NTREX


def flag(
    start: int,
    end: int,
    text: str,
    suggestion: str | None,
    *,
    rule: str = "r",
    side: Side = Side.TARGET,
    severity: Severity = Severity.MINOR,
) -> Flag:
    return Flag(rule, "fluency", severity, side, start, end, text, "m", suggestion)


# ---------------------------------------------------------------------------------------------
# The bundled article


@pytest.fixture(scope="module")
def bundled() -> tuple[Corpus, Checker, Report]:
    corpus = load_corpus()
    checker = CheckerSpec.for_corpus(corpus).build()
    return corpus, checker, checker.check_corpus(corpus)


def _flags(report: Report, seg_id: str) -> list[Flag]:
    (result,) = [r for r in report.results if r.segment.id == seg_id]
    return result.flags


@pytest.mark.parametrize(
    ("seg_id", "rule", "side", "text", "suggestion"),
    [
        ("p8.s1", "term:h800s", Side.TARGET, "H800S", "H800"),
        ("p11.s1", "term:h800s", Side.TARGET, "H800S", "H800"),
        ("p13.s2", "term:a100s", Side.TARGET, "A100S", "A100"),
        ("p26.s1", "sarana-means", Side.TARGET, "Sarana ", "Artinya, "),
        ("p13.s1", "reduplication-spacing", Side.TARGET, "bertahun -tahun", "bertahun-tahun"),
        ("p15.s3", "scale-ai-lost", Side.TARGET, "AI AI", "AI, Scale AI"),
        ("p15.s3", "dnt:scale-ai", Side.SOURCE, "Scale AI", None),
        ("p15.s3", "quotes", Side.TARGET, " “", "”"),
        ("p29.s1", "untranslated-english", Side.TARGET, "Mr. ", ""),
        ("p17.s2", "currency-spacing", Side.TARGET, "$ ", "$"),
        ("p4.s2", "lost-comparative", Side.SOURCE, "fewer", None),
        ("p1.s1", "dnt:deepseek", Side.TARGET, "Deepseek", "DeepSeek"),
        ("p13.s2", "dnt:36kr", Side.TARGET, "36kr", "36Kr"),
    ],
)
def test_bundled_article_flags(
    bundled: tuple[Corpus, Checker, Report], seg_id: str, rule: str, side: Side, text: str, suggestion: str | None
) -> None:
    corpus, _, report = bundled
    hits = [f for f in _flags(report, seg_id) if f.rule == rule and f.text == text]
    assert len(hits) == 1, [(f.rule, f.text) for f in _flags(report, seg_id)]
    (hit,) = hits
    assert hit.side is side and hit.suggestion == suggestion
    seg = corpus.by_id()[seg_id]
    assert (seg.target if side is Side.TARGET else seg.source)[hit.start : hit.end] == text


def test_bundled_article_flag_positions(bundled: tuple[Corpus, Checker, Report]) -> None:
    corpus, _, report = bundled
    target = corpus.by_id()["p17.s2"].target
    (dollar,) = [f for f in _flags(report, "p17.s2") if f.rule == "currency-spacing"]
    assert target[dollar.start :].startswith("$ 103 juta")
    (quote,) = [f for f in _flags(report, "p15.s3") if f.rule == "quotes"]
    assert quote.end == len(corpus.by_id()["p15.s3"].target)


def test_bundled_article_summary(bundled: tuple[Corpus, Checker, Report]) -> None:
    _, checker, report = bundled
    summary = report.summary()
    assert summary["segments"] == 57
    assert summary["flags"] == sum(len(r.flags) for r in report.results)
    assert summary["by_rule"]["term:h800s"] == 2
    assert report.worst() is Severity.CRITICAL
    assert report.warnings == [] and checker.warnings == []


def test_each_segment_s_flags_are_sorted_target_first(bundled: tuple[Corpus, Checker, Report]) -> None:
    _, _, report = bundled
    for r in report.results:
        keys = [(f.side is Side.SOURCE, f.start, -f.end) for f in r.flags]
        assert keys == sorted(keys), r.segment.id


def test_bundled_postedit_flags_nothing(bundled: tuple[Corpus, Checker, Report]) -> None:
    corpus, checker, _ = bundled
    assert corpus.postedit is not None
    report = checker.check_corpus(corpus, corpus.postedit)
    assert [(r.segment.id, r.flags) for r in report.results if r.flags] == []
    assert report.worst() is None
    # The report shows the post-edited text.
    assert report.results[0].segment.target == corpus.postedit["p1.s1"]


def test_only_and_skip(bundled: tuple[Corpus, Checker, Report]) -> None:
    corpus, _, _ = bundled
    only = Checker(None, only=["currency-spacing"]).check_corpus(corpus)
    assert [(r.segment.id, f.rule) for r in only.results for f in r.flags] == [("p17.s2", "currency-spacing")]
    skipped = Checker(None, skip=["currency-spacing"]).check_corpus(corpus)
    assert "currency-spacing" not in {f.rule for f in skipped.flags()}


# ---------------------------------------------------------------------------------------------
# False-alarm rate on human reference translations


def test_ntrex_reference_translations_are_rarely_flagged() -> None:
    corpus = load_corpus(source=NTREX / "newstest2019-src.eng.txt", target=NTREX / "newstest2019-ref.ind.txt")
    assert len(corpus.segments) == 1997
    report = Checker(None, source_lang="en", target_lang="id").check_corpus(corpus)
    flagged = sum(1 for r in report.results if r.flags)
    rate = flagged / len(corpus.segments)
    print(f"NTREX-128 newstest2019 en-id reference: {flagged} of {len(corpus.segments)} segments flagged ({rate:.1%})")
    assert rate <= 0.05


# ---------------------------------------------------------------------------------------------
# Deduplication

AI_AI = r"""
rules:
  - id: scale-ai-lost
    pattern: '\bAI AI\b'
    replace: 'AI, Scale AI'
    severity: critical
"""


def test_glossary_flag_wins_over_a_generic_flag_on_the_same_span() -> None:
    source, target = "Alexandr Wang, of Scale AI, said", "Alexandr Wang, dari AI AI, berkata"
    generic = Checker(None).check_segment("1", source, target)
    assert ("repeated-word", 20, 25) in [(f.rule, f.start, f.end) for f in generic]
    with_glossary = Checker(parse_glossary(AI_AI, Path("g.yaml"))).check_segment("1", source, target)
    on_span = [f for f in with_glossary if (f.side, f.start, f.end) == (Side.TARGET, 20, 25)]
    assert [(f.rule, f.suggestion) for f in on_span] == [("scale-ai-lost", "AI, Scale AI")]


def test_dedupe_rules() -> None:
    g1 = flag(0, 4, "Cina", "China", rule="term:china")
    g2 = flag(0, 4, "Cina", "China", rule="term:chinese")  # second glossary entry on the same span
    generic_same_span = flag(0, 4, "Cina", None, rule="inconsistent-variant")
    generic_elsewhere = flag(5, 8, "itu", None, rule="repeated-word")
    duplicate = flag(5, 8, "itu", None, rule="repeated-word")
    source_side = flag(0, 4, "Cina", None, rule="generic", side=Side.SOURCE)
    out = _dedupe([g1, g2, generic_same_span, generic_elsewhere, duplicate, source_side], 2)
    assert out == [g1, generic_elsewhere, source_side]


def test_empty_segment_has_no_flags() -> None:
    assert Checker(parse_glossary(AI_AI, Path("g.yaml"))).check_segment("1", "  ", "") == []


def test_summarise_counts() -> None:
    seg = Segment("1", "a", "b")
    results = [
        SegmentResult(seg, [flag(0, 1, "b", None, rule="x", severity=Severity.MAJOR), flag(0, 1, "b", None, rule="y")]),
        SegmentResult(seg, []),
        SegmentResult(seg, [flag(0, 1, "b", None, rule="y")]),
    ]
    assert summarise(results) == {
        "segments": 3,
        "flagged_segments": 2,
        "flags": 3,
        "by_severity": {"minor": 2, "major": 1, "critical": 0},
        "by_rule": {"y": 2, "x": 1},
        "by_category": {"fluency": 3},
    }
    assert Report(results).worst() is Severity.MAJOR


# ---------------------------------------------------------------------------------------------
# Applying suggestions


def test_overlapping_suggestions_keep_the_longer_earlier_one() -> None:
    text = "abcdefgh"
    long_first = flag(0, 4, "abcd", "X")
    short_same_start = flag(0, 2, "ab", "Y")
    overlapping_later = flag(2, 6, "cdef", "Z")
    separate = flag(6, 8, "gh", "W")
    result = apply_suggestions(text, [separate, overlapping_later, short_same_start, long_first])
    assert result.text == "XefW"
    assert result.applied == [long_first, separate]


def test_adjacent_suggestions_both_apply() -> None:
    result = apply_suggestions("H800S -nya", [flag(0, 5, "H800S", "H800"), flag(5, 10, " -nya", "-nya")])
    assert result.text == "H800-nya"


def test_suggestions_that_cannot_apply_are_skipped() -> None:
    text = "Sarana itu"
    result = apply_suggestions(
        text,
        [
            flag(0, 6, "Sarana", None),  # no suggestion
            flag(0, 6, "Sarana", "Sarana"),  # no change
            flag(0, 6, "Stale!", "X"),  # text no longer there
            flag(0, 6, "Sarana", "Y", side=Side.SOURCE),  # points into the source
            flag(6, 10, " itu", ""),  # a deletion
        ],
    )
    assert result.text == "Sarana"
    assert [f.suggestion for f in result.applied] == [""]


def test_fix_until_stable_reaches_a_fixed_point() -> None:
    def check(text: str) -> list[Flag]:
        # One space removed per pass, as a check might report one problem at a time.
        i = text.find("  ")
        return [flag(i, i + 2, "  ", " ")] if i >= 0 else []

    result = fix_until_stable("a    b", check, lambda f: True)
    assert result.text == "a b"
    assert len(result.applied) == 3


def test_fix_until_stable_terminates_when_rules_undo_each_other() -> None:
    calls = []

    def check(text: str) -> list[Flag]:
        calls.append(text)
        # A rule of its own each round: one rule is applied once per place (test_worst_cases.py).
        return [flag(0, len(text), text, "b" if text == "a" else "a", rule=f"round-{len(calls)}")]

    result = fix_until_stable("a", check, lambda f: True)
    assert len(calls) == MAX_PASSES
    assert len(result.applied) == MAX_PASSES
    assert result.text == "b"


def test_fix_until_stable_terminates_on_ever_growing_text() -> None:
    # A rule of its own each round: one rule is applied once per place (test_worst_cases.py).
    result = fix_until_stable("x", lambda t: [flag(0, len(t), t, t + "x", rule=f"grow-{len(t)}")], lambda f: True)
    assert result.text == "x" * (MAX_PASSES + 1)


def test_fix_until_stable_respects_accept() -> None:
    def check(text: str) -> list[Flag]:
        return [
            flag(m.start(), m.end(), m.group(), "China", rule=f"at-{m.start()}") for m in re.finditer(r"\bCina\b", text)
        ]

    result = fix_until_stable("Cina dan Cina", check, lambda f: f.rule == "at-0")
    assert result.text == "China dan Cina"
    assert [f.rule for f in result.applied] == ["at-0"]


def test_fixing_the_bundled_article_with_glossary_suggestions(bundled: tuple[Corpus, Checker, Report]) -> None:
    corpus, checker, _ = bundled
    assert checker.glossary is not None
    ids = {t.id for t in checker.glossary.terms} | {r.id for r in checker.glossary.rules}
    seg = corpus.by_id()["p8.s1"]
    result = fix_until_stable(
        seg.target, lambda t: checker.check_segment(seg.id, seg.source, t), lambda f: f.rule in ids
    )
    assert result.text == "DeepSeek mengatakan bahwa model terbarunya dilatih menggunakan Nvidia H800."
    assert {f.rule for f in result.applied} == {"dnt:deepseek", "trained-on", "dnt:nvidia", "term:h800s"}


def test_unified_diff_format() -> None:
    diff = unified_diff("\ufeffa\nb\n".encode(), b"a\nc", "x.txt")
    assert diff.splitlines() == [
        "--- a/x.txt",
        "+++ b/x.txt",
        "@@ -1,2 +1,2 @@",
        " a",
        "-b",
        "+c",
        "\\ No newline at end of file",
    ]
