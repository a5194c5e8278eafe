"""The glossary's second trim: word starts worked out one at a time (`Words.start`), omissions
flagged without a second look (`QuietPlan.covered`), per-term message parts cached, and rules
skipped where the target lacks their pattern's text (`RulePlan.target_literals`,
`target_scan`) or found through one automaton scan of the conditions' texts."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from reviewer.core.model import Flag
from reviewer.glossary import GlossaryMatcher, parse_glossary
from reviewer.glossary import scan as scan_module
from reviewer.glossary.target import TargetWords


def matcher(text: str) -> GlossaryMatcher:
    return GlossaryMatcher(parse_glossary(textwrap.dedent(text), Path("test.yaml")))


def seen(flags: list[Flag]) -> list[tuple[str, str, int, int, str, str, str | None]]:
    return [(f.rule, f.side.value, f.start, f.end, f.text, f.message, f.suggestion) for f in flags]


@pytest.mark.parametrize("text", [
    "plain words here", "  leading and trailing  ", "It's the dog's ball ''quoted'' 'x'",
    "a-b c--d (e) [f]", "“Joko” — £5", "café au lait", "don’t stop", "x", "",
])
def test_word_start_one_at_a_time_is_the_list(text: str) -> None:
    words = scan_module.Words(text)
    assert [scan_module.Words(text).start(k) for k in range(len(words.words))] == words.starts


def test_target_words_still_found_through_scan() -> None:
    assert scan_module.TargetWords is TargetWords
    with pytest.raises(AttributeError):
        scan_module.no_such_name  # noqa: B018


GLOSSARY = """\
    source_lang: en
    target_lang: id
    terms:
      - id: chip
        source: chip
        target: cip
        note: not keping
      - id: export-control
        source: export control
        target: [kontrol ekspor, pengendalian ekspor]
        forbidden: [kendali ekspor]
      - id: nvidia
        source: Nvidia
        target: Nvidia
        case_sensitive: true
      - id: gpu
        source: GPU
        target: /G\\w*U/
    do_not_translate:
      - DeepSeek
"""


def test_covered_terms() -> None:
    m = matcher(GLOSSARY)
    assert m._quiet is not None
    ids = [t.id for t in m.glossary.terms]
    covered = {ids[at] for at in m._quiet.covered}
    # A case-sensitive one-word rendering, a /regex/ rendering and a do-not-translate name are
    # looked at again by `_check_term`.
    assert covered == {"chip", "export-control"}


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("The chip is fast.", "Keping itu cepat.",
     [("chip", "source", 4, 8, "chip", "'chip' should be rendered as 'cip' in the target (not keping)", None)]),
    ("The chip is fast.", "Cipnya cepat.", []),
    ("Export control rules.", "Aturan itu.",
     [("export-control", "source", 0, 14, "Export control",
       "'Export control' should be rendered as 'kontrol ekspor', 'pengendalian ekspor' in the target", None)]),
    ("Export control rules.", "Aturan pengendalian  ekspor.", []),
    ("Export control rules.", "Aturan kendali ekspor.",
     [("export-control", "target", 7, 21, "kendali ekspor",
       "'kendali ekspor' is a wrong rendering of 'export control'; use 'kontrol ekspor', 'pengendalian ekspor'",
       "kontrol ekspor")]),
    ("Nvidia chips", "nvidia cip",
     [("nvidia", "source", 0, 6, "Nvidia", "'Nvidia' should be rendered as 'Nvidia' in the target", None)]),
    ("Nvidia chips", "Cip Nvidia", []),
    ("DeepSeek said", "Deepseek berkata",
     [("dnt:deepseek", "target", 0, 8, "Deepseek",
       "'Deepseek' should be written exactly 'DeepSeek' (do-not-translate name)", "DeepSeek")]),
    ("The GPU works", "GPU bekerja", []),
    ("The GPU works", "Kartu bekerja",
     [("gpu", "source", 4, 7, "GPU", "'GPU' should be rendered as '/G\\\\w*U/' in the target", None)]),
])
def test_flags_with_and_without_the_second_look(source: str, target: str, expected: list[tuple]) -> None:
    m = matcher(GLOSSARY)
    assert seen(m.check(source, target)) == expected
    # Twice: the second time the per-term message parts come from the cache.
    assert seen(m.check(source, target)) == expected


RULES = """\
    source_lang: en
    target_lang: id
    rules:
      - id: di-mana
        pattern: '\\bdi mana\\b'
        when_source: '\\bwhere\\b'
        message: relative where
      - id: order
        pattern: '\\bdalam rangka\\b'
        when_source: '\\bin order to\\b'
        message: in order to
      - id: order-word
        pattern: '\\brangka\\b'
        when_source: 'order'
        message: order
"""


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("The town where I live", "Kota di mana saya tinggal", ["di-mana"]),
    ("The town where I live", "Kota tempat saya tinggal", []),       # no target text: no search
    ("The town I live in", "Kota di mana saya tinggal", []),          # condition does not hold
    ("We met in order to talk", "Kami bertemu dalam rangka berbicara", ["order", "order-word"]),  # overlapping texts
    ("We met to talk", "Kami bertemu dalam rangka berbicara", []),
])
def test_rules_through_their_texts(source: str, target: str, expected: list[str]) -> None:
    m = matcher(RULES)
    assert m._plan.target_scan is not None
    assert [f.rule for f in m.check(source, target)] == expected


def test_a_rule_without_a_target_text_turns_the_target_scan_off() -> None:
    m = matcher(RULES + "      - id: any\n        pattern: '(?i)mana'\n        message: any mana\n")
    assert m._plan.target_scan is None
    assert [f.rule for f in m.check("The town", "Kota MANA")] == ["any"]
    assert [f.rule for f in m.check("The town where", "Kota di mana")] == ["di-mana", "any"]
