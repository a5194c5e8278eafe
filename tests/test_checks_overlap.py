"""A glossary flag wins over a check flag on a span it covers (not only the identical span), and
`reviewer checks` lists every severity and category a check gives its flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.checking.engine import Checker, _dedupe, merge_corpus_flags
from reviewer.checks import REGISTRY
from reviewer.cli import main
from reviewer.core.model import Flag, Severity, Side
from reviewer.formats import bundled_corpus_path, load_corpus
from reviewer.glossary import load_glossary, parse_glossary
from tests.paths import NTREX, ROOT

ARTICLE_GLOSSARY = ROOT / "glossary" / "deepseek-export-controls.yaml"


def flag(start: int, end: int, text: str, rule: str, side: Side = Side.TARGET) -> Flag:
    return Flag(rule, "terminology", Severity.MAJOR, side, start, end, text, "m", None)


@pytest.fixture(scope="module")
def article_checker() -> Checker:
    return Checker(load_glossary(ARTICLE_GLOSSARY))


@pytest.mark.parametrize(("target", "expected"), [
    # The glossary's flag takes the clitic along; english-plural's "H800S" inside it is the same error.
    ("Bagaimana memperoleh H800S-nya, tidak jelas.", [("term:h800s", "H800S-nya", "H800-nya")]),
    ("Bagaimana memperoleh H800S, tidak jelas.", [("term:h800s", "H800S", "H800")]),
    # A check flag that reaches beyond the glossary's span is another error (the space): both stay.
    ("Bagaimana memperoleh H800S -nya, tidak jelas.",
     [("reduplication-spacing", "H800S -nya", "H800S-nya"), ("term:h800s", "H800S", "H800")]),
])
def test_glossary_flag_wins_over_a_check_flag_inside_its_span(article_checker: Checker, target: str,
                                                             expected: list[tuple[str, str, str]]) -> None:
    flags = article_checker.check_segment("1", "How DeepSeek got its H800s is unclear.", target)
    assert [(f.rule, f.text, f.suggestion) for f in flags if f.rule != "dnt:deepseek"] == expected


def test_without_a_glossary_english_plural_still_flags_the_code() -> None:
    (plural,) = Checker(None).check_segment("1", "its H800s", "H800S-nya")
    assert (plural.rule, plural.text, plural.severity, plural.category) == (
        "english-plural", "H800S", Severity.MAJOR, "fluency/spelling")


def test_dedupe_drops_check_flags_inside_glossary_flags_on_the_same_side() -> None:
    glossary = flag(10, 20, "H800S-nya.", "term:h800s")
    inside = flag(10, 15, "H800S", "english-plural")
    same = flag(10, 20, "H800S-nya.", "quotes")
    beyond = flag(10, 25, "H800S-nya. Lalu", "reduplication-spacing")
    before = flag(5, 12, "ada H8", "other")
    other_side = flag(10, 15, "H800s", "missing-entity", Side.SOURCE)
    empty_inside = flag(12, 12, "", "insert")
    empty_at_end = flag(20, 20, "", "insert-after")
    out = _dedupe([glossary, inside, same, beyond, before, other_side, empty_inside, empty_at_end], 1)
    assert [f.rule for f in out] == ["other", "reduplication-spacing", "term:h800s", "insert-after",
                                     "missing-entity"]


def test_corpus_flags_inside_a_glossary_flag_are_dropped_too() -> None:
    glossary = flag(0, 8, "Cina-nya", "term:china")
    variant = flag(0, 4, "Cina", "inconsistent-variant")
    elsewhere = flag(10, 14, "Cina", "inconsistent-variant")
    merged = merge_corpus_flags([glossary], [variant, elsewhere], frozenset({"term:china"}))
    assert merged == [glossary, elsewhere]
    # Not knowing which flags are the glossary's, only the identical span is dropped (as before).
    assert merge_corpus_flags([glossary], [variant], frozenset()) == [glossary, variant]


def test_a_glossary_that_flags_the_same_span_twice_keeps_one() -> None:
    checker = Checker(parse_glossary("""\
terms:
  - {source: China, target: China, forbidden: [Cina]}
  - {source: Chinese, target: China, forbidden: [Cina]}
""", Path("g.yaml")))
    flags = checker.check_segment("1", "China and Chinese firms", "Cina-nya dan perusahaan")
    assert [(f.rule, f.text) for f in flags] == [("term:china", "Cina-nya")]


# ---------------------------------------------------------------------------------------------
# What `reviewer checks` lists is what the checks give


def _listed(out: str) -> dict[str, set[tuple[str, str]]]:
    """(severity, category) pairs per check id, from the output of `reviewer checks`."""
    listed: dict[str, set[tuple[str, str]]] = {}
    for line in out.splitlines():
        if line.startswith(" "):
            continue  # (a check's settings, or that it is off by default)
        check_id, severity, category = line.split()[:3]
        pairs = listed[check_id] = {(severity, category)}
        for variant in line.split("; ")[1:]:
            severity, category = variant.rsplit(": ", 1)[1].split()
            pairs.add((severity, category))
    return listed


def test_checks_lists_every_severity_and_category_the_checks_give(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checks"]) == 0
    listed = _listed(capsys.readouterr().out)
    assert set(listed) == set(REGISTRY)
    assert ("major", "fluency/spelling") in listed["english-plural"]
    given: set[tuple[str, str, str]] = set()
    article = load_corpus(bundled_corpus_path())
    report = Checker(None).check_corpus(article)
    given |= {(f.rule, f.severity.value, f.category) for f in report.flags()}
    source = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    target = (NTREX / "newstest2019-ref.ind.txt").read_text(encoding="utf-8").splitlines()
    plain = Checker(None)
    crafted = [
        ("its H800s and chatbots", "H800S dan chatbots"),  # a code and a loanword
        ("The GPUs are fast", "GPUs itu cepat"),
        ("e\u0301", "e\u0301 caf\u0065\u0301"),  # not NFC
        ("\u202eabc", "abc\u202e"),
        ("He said that it was in the house of the king", "He said that it was in the house of the king"),
        ("⟦1⟧a⟦/1⟧ and ⟦2/⟧", "a"),  # codes lost
        ("Costs 10 and 20", "Biaya 10"),  # a number lost
    ]
    for i, (s, t) in enumerate([*zip(source, target), *crafted]):
        given |= {(f.rule, f.severity.value, f.category) for f in plain.check_segment(str(i), s, t)}
    assert ("english-plural", "major", "fluency/spelling") in given
    unlisted = {g for g in given if (g[1], g[2]) not in listed[g[0]]}
    assert unlisted == set()
