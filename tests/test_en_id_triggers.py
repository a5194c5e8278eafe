"""Tests of the English-to-Indonesian checks' triggers (reviewer/checks/en_id.py) and of the word
and name analyses they share (reviewer/checks/en_id_words.py, en_id_names.py): each trigger fires where its check flags
and stays quiet on ordinary correct sentences; the faster ways of finding words, names and
capitals give what the token-based ones give; and the character classes that stand in for
`str.isspace`, `str.isupper`, `str.lower` and `regex.IGNORECASE` hold every character they must."""

from __future__ import annotations

import re
import string
import sys
from functools import cache

import pytest
import regex

from reviewer.checking.corpus_pass import corpus_flags
from reviewer.checks import REGISTRY, SegmentContext, en_id, en_id_names, en_id_words, fires
from reviewer.core.text import tokenize
from tests.paths import NTREX


def run_check(rule: str, source: str, target: str) -> list[tuple[str, int, int, str, str | None]]:
    """The check's flags (run on its own, without its trigger) as (text, start, end, side, suggestion)."""
    return [(f.text, f.start, f.end, f.side.value, f.suggestion)
            for f in REGISTRY[rule]().run(SegmentContext("s1", source, target))]


def fired(rule: str, source: str, target: str) -> bool:
    return fires(REGISTRY[rule](), SegmentContext("s1", source, target))


# --- each trigger fires where its check flags ------------------------------------------------

@pytest.mark.parametrize(
    ("rule", "source", "target", "expected"),
    [
        ("reduplication-spacing", "Prices rose for years.", "Selama bertahun -tahun harga naik.",
         [("bertahun -tahun", 7, 22, "target", "bertahun-tahun")]),
        ("reduplication-spacing", "Its performance impressed.", "Kinerja H800 -nya mengesankan.",
         [("H800 -nya", 8, 17, "target", "H800-nya")]),
        ("english-plural", "Nvidia sold H800s to China.", "Nvidia menjual H800S ke Tiongkok.",
         [("H800S", 15, 20, "target", "H800")]),
        ("english-plural", "GPUs are scarce.", "GPUs langka.", [("GPUs", 0, 4, "target", "GPU")]),
        ("english-plural", "The chatbots answered.", "Para chatbots menjawab.",
         [("chatbots", 5, 13, "target", "chatbot")]),
        ("untranslated-english", "Mr. Smith said.", "Mr. Smith berkata.", [("Mr. ", 0, 4, "target", "")]),
        ("untranslated-english", "Download the app.", "Silakan download aplikasinya.",
         [("download", 8, 16, "target", "unduh")]),
        ("untranslated-english", "He said the price of oil will rise.", "Dia berkata the price of oil will rise.",
         [("the price of oil will rise", 12, 38, "target", None)]),
        ("function-word-case", "He spoke to them", "Dia berbicara Kepada mereka",
         [("Kepada", 14, 20, "target", "kepada")]),
        ("missing-entity", "Trump met Xi in Beijing.", "Trump bertemu di Beijing.", [("Xi", 10, 12, "source", None)]),
        ("missing-entity", "Prices rose after F.B.I. Director Wray spoke.", "Harga naik setelah direktur berbicara.",
         [("F.B.I. Director Wray", 18, 38, "source", None)]),
        ("lost-comparative", "Fewer people came.", "Banyak orang datang.", [("Fewer", 0, 5, "source", None)]),
        ("lost-negation", "He did not come.", "Dia datang.", [("not", 7, 10, "source", None)]),
        ("lost-negation", "They can't stay.", "Mereka bisa tinggal.", [("can't", 5, 10, "source", None)]),
    ],
)
def test_trigger_fires_where_the_check_flags(rule: str, source: str, target: str,
                                            expected: list[tuple[str, int, int, str, str | None]]) -> None:
    assert run_check(rule, source, target) == expected
    assert fired(rule, source, target)


# --- and stays quiet on ordinary correct sentences ----------------------------------------------

SOURCE = "prices rose sharply yesterday, and more people came than expected."
QUIET = [
    ("reduplication-spacing", SOURCE, "Selama bertahun-tahun harga naik, katanya - meski pelan."),
    ("english-plural", SOURCE, "Harga naik tajam kemarin dan lebih banyak orang datang."),
    ("untranslated-english", SOURCE, "Pemerintah akan menaikkan harga bahan bakar minyak pekan depan."),
    ("function-word-case", SOURCE, "Harga naik. Dengan demikian, inflasi meningkat dan daya beli turun."),
    ("missing-entity", "Prices rose sharply yesterday. More people came than expected.", "Harga naik tajam."),
    ("lost-comparative", SOURCE, "Harga naik tajam kemarin."),
    ("lost-negation", SOURCE, "Harga naik tajam kemarin."),
    ("inconsistent-variant", SOURCE, "Pemerintah Indonesia menaikkan harga."),
]


@pytest.mark.parametrize(("rule", "source", "target"), QUIET, ids=[q[0] for q in QUIET])
def test_trigger_is_quiet_on_ordinary_sentences(rule: str, source: str, target: str) -> None:
    assert not fired(rule, source, target)


@pytest.mark.parametrize("rule", ["missing-entity", "lost-comparative", "lost-negation"])
def test_source_triggers_need_a_target(rule: str) -> None:
    source = "Fewer people in Jakarta did not come."
    assert fired(rule, source, "Tidak banyak orang datang.")
    assert not fired(rule, source, " \t")


def test_inconsistent_variant_trigger_gates_collect_and_flags() -> None:
    check = REGISTRY["inconsistent-variant"]()
    contexts = [SegmentContext(str(i), "China", t) for i, t in
                enumerate(["Cina menaikkan tarif.", "Tiongkok membalas.", "Tiongkok dan AS berunding.", "Harga naik."])]
    assert [fires(check, c) for c in contexts] == [True, True, True, False]
    flags = [(seg, f.text, f.start, f.suggestion) for seg, f in corpus_flags([check], contexts)]
    assert flags == [("0", "Cina", 0, "Tiongkok")]


# --- wider triggers than the checks' own patterns -----------------------------------------------

@cache
def ntrex_sources() -> list[str]:
    return (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()


NEGATED = ["not", "Not", "NOT", "nOt", "never", "Neither", "nor", "none", "nobody", "nothing", "noth\u0130ng",
           "nowhere", "without", "W\u0130THOUT", "cannot", "no one", "don't", "WON’T", "(not)", "x not y"]


@pytest.mark.parametrize("text", NEGATED)
def test_negation_trigger_is_found_wherever_the_negation_pattern_is(text: str) -> None:
    assert en_id._EN_NEGATION.search(text)
    assert en_id._NEGATION_TRIGGER.search(text)


def test_negation_and_comparative_triggers_on_real_text() -> None:
    for text in ntrex_sources():
        if en_id._EN_NEGATION.search(text):
            assert en_id._NEGATION_TRIGGER.search(text), text
        if en_id._EN_LESS.search(text):
            assert en_id._LESS_TRIGGER.search(text), text
    assert not en_id._NEGATION_TRIGGER.search("Another economy now knows its north.")


@pytest.mark.parametrize(("source", "fires"), [
    ("AI is here.", True), ("G7 leaders met.", True), ("McDonald's opened.", True), ("He met Trump.", True),
    ("“Trump won,” he said.", False), ("He said so. Trump won.", False), ("He said:\n  - Trump won.", False),
    ("prices rose.", False),
])
def test_name_trigger_on_sentence_starts(source: str, fires: bool) -> None:
    assert (en_id_names.NAME_TRIGGER.search(source) is not None) == fires


def test_name_trigger_wherever_the_source_has_a_name() -> None:
    for source in ntrex_sources():
        if en_id_names.source_entities(SegmentContext("1", source, "x")):
            assert en_id_names.NAME_TRIGGER.search(source), source


@pytest.mark.parametrize("text", ["fewer", "Fewer", "FEWEST", "less", "LeSSer", "le\u017fs", "(less)"])
def test_comparative_trigger_is_found_wherever_the_comparative_pattern_is(text: str) -> None:
    assert en_id._EN_LESS.search(text)
    assert en_id._LESS_TRIGGER.search(text)


def test_reduplication_trigger_is_what_both_patterns_need() -> None:
    trigger = en_id._SPACED_HYPHEN
    assert trigger.search("buku -buku") and trigger.search("buku- buku") and trigger.search("H800S\t-nya")
    assert not trigger.search("buku-buku") and not trigger.search("naik - turun") and not trigger.search("10 - 5")


@pytest.mark.parametrize("target", [
    "Silakan DOWNLOAD aplikasinya.", "Update: harga naik.", "(Screenshots) di bawah.", "tahun \u212a", "Ms Ani hadir.",
    "Dia berkata,the price of oil.", "Dia berkata\tthe price of oil.", "Dia berkata\u00a0the price of oil.",
])
def test_untranslated_trigger_finds_titles_words_in_any_case_and_function_words(target: str) -> None:
    trigger = en_id._UNTRANSLATED_TRIGGER
    found = trigger.search(target) is not None
    assert found == ("\u212a" not in target)  # (a Kelvin sign alone is no English word)
    assert (re.search(trigger.pattern, target) is not None) == found


# --- the word analyses give what tokens give ------------------------------------------------------

TRICKY = [
    "", "   ", "U.S. President Biden met F.B.I. agents.", "e-Mail x-Men Trump's O'Neil Jones' 10.000 3,5",
    "A.Bc and e.U.S. or U.Sx", "Bank of England\tand  the Bank of  (England)", "İstanbul ſ \u212aelvin Ⓐ Ⅰ X²",
    "al-Assad bin Salman, de la Cruz; von der Leyen", "“Quoted” — Name - Other", "line\nBreak Here",
    "H800S-nya, GPU-GPU; COVID-19 www.x.co.id a@b.com", "THE NEW YORK TIMES REPORTS ON NASA",
]


@pytest.mark.parametrize("text", TRICKY)
def test_word_analyses_match_the_tokens(text: str) -> None:
    ctx = SegmentContext("1", text, text)
    assert en_id_words.source_words(ctx).tokens() == tokenize(text)
    assert en_id_words.source_words(ctx).folded == SegmentContext("1", text, text).source_words_folded
    assert en_id_words.target_words_folded(ctx) == SegmentContext("1", text, text).target_words_folded
    assert en_id_words.target_starts(ctx) == [t.start for t in tokenize(text)]
    capitalised = {t.start: t.end for t in tokenize(text) if t.text[0].isupper()}
    assert en_id_names._capitalised_words(text) == capitalised
    runs = en_id_names._runs_in_ascii(text)
    if runs is not None and not en_id_names._NON_ASCII_WORD_CHARACTER.search(text):
        assert runs == en_id_names._runs(text)


@pytest.mark.parametrize("text", TRICKY)
def test_a_sure_word_is_a_word(text: str) -> None:
    ctx = SegmentContext("1", "", text)
    words = SegmentContext("1", "", text).target_words_folded
    candidates = {text.casefold()[i:j] for i in range(len(text)) for j in range(i + 1, min(len(text), i + 12) + 1)}
    for key in candidates:
        if en_id_words.surely_a_target_word(key, ctx):
            assert key in words, key


def test_word_analyses_on_real_text() -> None:
    targets = (NTREX / "newstest2019-ref.ind.txt").read_text(encoding="utf-8").splitlines()
    for source, target in zip(ntrex_sources()[:800], targets[:800]):
        ctx, plain = SegmentContext("1", source, target), SegmentContext("1", source, target)
        assert en_id_names._capitalised_words(source) == {
            t.start: t.end for t in plain.source_tokens if t.text[0].isupper()}
        words = plain.target_words_folded
        assert en_id_words.target_words_folded(ctx) == words
        for word in set(target.casefold().replace(",", " ").replace(".", " ").split()):
            if en_id_words.surely_a_target_word(word, ctx):
                assert word in words


# --- character classes that stand in for Python's and `regex`'s own tests -----------------------

@cache
def all_characters() -> str:
    """Every code point, in one string (patterns run over it in one C-level call)."""
    return "".join(map(chr, range(sys.maxunicode + 1)))


def test_white_space_of_re_and_regex_is_str_isspace() -> None:
    text = all_characters()
    spaces = [c for c in text if c.isspace()]
    assert re.findall(r"\s", text) == spaces
    assert set(regex.findall(r"\s", text)) <= set(spaces)


def test_other_spaces_are_str_isspace_but_the_space() -> None:
    text = all_characters()
    found = regex.findall("[" + en_id_words.OTHER_SPACES + "]", text)
    assert found == [c for c in text if c.isspace() and c != " "]


def test_every_capital_is_a_regex_uppercase_character() -> None:
    text = all_characters()
    assert set(filter(str.isupper, text)) <= set(regex.findall(r"\p{Uppercase}", text))


def test_only_the_kelvin_sign_lowers_to_an_ascii_letter() -> None:
    lower = all_characters().lower()  # (one character lowers to two: İ, which is no ASCII letter)
    lowers_to_ascii = {chr(c) for c in range(sys.maxunicode + 1)
                       if chr(c).lower() in string.ascii_lowercase and len(chr(c).lower()) == 1}
    assert lowers_to_ascii == set(string.ascii_letters) | {en_id_words.KELVIN}
    assert len(lower) == sys.maxunicode + 2


def test_case_folding_makes_no_space_and_no_hyphen() -> None:
    text = all_characters()
    assert text.casefold().count(" ") == 1 and text.casefold().count("-") == 1


@pytest.mark.parametrize("letter", sorted(set("notverihbdywgucalfs")))
def test_ignorecase_equivalents_are_in_the_trigger_classes(letter: str) -> None:
    # The triggers of lost-negation and lost-comparative spell regex.IGNORECASE out with classes.
    equivalents = set(regex.findall(letter, all_characters(), regex.IGNORECASE))
    extra = {"i": {"\u0130"}, "s": {"\u017f"}}.get(letter, set())
    assert equivalents == {letter, letter.upper()} | extra


def test_the_trigger_patterns_hold_on_the_sides_they_search() -> None:
    checks = {c: REGISTRY[c]() for c in ("missing-entity", "lost-comparative", "lost-negation")}
    for check in checks.values():
        assert check.trigger is not None and check.trigger.both and check.trigger.target is en_id._NONBLANK
    ctx = SegmentContext("1", "He did not come.", "Dia datang.")
    assert ctx.found_in_source(en_id._NEGATION_TRIGGER) and not ctx.found_in_target(en_id._NEGATION_TRIGGER)
