"""The English to Indonesian triggers rewritten to let the regular expression engine skip ahead
(`reviewer.checks.en_id_triggers`): each fires wherever the pattern it stands for matches (the
pattern it replaced, which tests/test_triggers.py holds never narrower than the check), on real
text and on generated text full of what they look for; each fires where its check flags; and each
stays quiet on ordinary sentences."""

from __future__ import annotations

import re
from functools import cache

import pytest
import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reviewer.checks import REGISTRY, SegmentContext, fires, malay
from reviewer.checks import en_id_triggers as triggers
from reviewer.checks.base import Digits
from reviewer.checks.en_id_words import OTHER_SPACES
from reviewer.lang import en as lang_en
from tests.test_triggers import real_pairs

# --- what the triggers stood for before (the reference each must cover) ---------------------------

_OLD_SPACED_HYPHEN = regex.compile(r"-(?:(?<=\s-)(?=\p{L})|(?<=\p{L}-)(?=\s))")
_OLD_TITLE = re.compile(r"M[rs]")
_OLD_FUNCTION_WORD = re.compile("[" + OTHER_SPACES + " ,]" + triggers._FUNCTION_WORDS_PATTERN + r"(?!\w)")


def old_untranslated(text: str) -> bool:
    """The untranslated-english trigger as it was: a title, a function word after white space or a
    comma, or a word the check knows anywhere in the case-folded text."""
    folded = text.casefold()
    return bool(_OLD_TITLE.search(text) or _OLD_FUNCTION_WORD.search(text)
                or any(word in folded for word in triggers._UNTRANSLATED_WORDS))


#: (trigger, reference, whether the two must agree both ways)
PAIRS = {
    "english-plural": (triggers.PLURAL_TRIGGER, triggers._PLURAL_PATTERN.search, True),
    "function-word-case": (triggers.FUNCTION_WORD_TRIGGER, triggers._FUNCTION_WORD_PATTERN.search, True),
    "inconsistent-variant": (triggers.VARIANT_TRIGGER, triggers._VARIANT_PATTERN.search, True),
    "lost-comparative": (triggers.LESS_TRIGGER, triggers._LESS_PATTERN.search, True),
    "lost-negation": (triggers.NEGATION_TRIGGER, triggers._NEGATION_PATTERN.search, False),
    "reduplication-spacing": (triggers.SPACED_HYPHEN, _OLD_SPACED_HYPHEN.search, False),
    "untranslated-english": (triggers.UNTRANSLATED_TRIGGER, old_untranslated, False),
}


def _agrees(rule: str, text: str) -> None:
    trigger, reference, both_ways = PAIRS[rule]
    new, old = trigger.search(text) not in (None, False), reference(text) not in (None, False)
    if both_ways:
        assert new == old, (rule, text)
    else:
        assert new or not old, (rule, text)


@cache
def real_texts() -> list[str]:
    return sorted({text for pair in real_pairs() for text in pair})


@pytest.mark.parametrize("rule", sorted(PAIRS))
def test_trigger_covers_its_pattern_on_real_text(rule: str) -> None:
    for text in real_texts():
        _agrees(rule, text)


# Pieces that the patterns look for, with the characters where bytes and classes could part ways:
# non-ASCII letters, spaces and quotes, the Kelvin sign, long s, dotted capital I, digits of
# other scripts, marks that fold to several characters.
PIECES = [
    "the", "The", "of", "and", "a", "Mr", "Ms", "Messrs", "Mr.", "online", "ONLINE", "screen", "screenshot",
    "download", "not", "NOT", "no", "none", "never", "neither", "noth\u0130ng", "without", "cannot", "can't",
    "don’t", "n't", "less", "LESS", "le\u017fs", "fewer", "fewest", "unless", "Dengan", "dengan", "Di", "Yang",
    "\u212aepada", "Kepada", "Uni", "Cina", "China", "Chinas", "Tiongkok", "Jepang", "H800S", "A100s", "GPUs",
    "chatbots", "COVID-19", "COVIDs", "2020s", "٣s", "12-S", "bertahun", "-tahun", "tahun-tahun", "-nya", " -", "- ",
    "é", "É", "ß", "ﬁ", "\u0345", "ı", "x", "1", "0", ".", ",", "!", "?", ":", ";", "“", "”", "‘", "’", "'", '"',
    "(", "[", "«", "—", "…", "-", "_", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "\x1c", "\x01", "#", "ê", "\ud800",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=12).map("".join) | st.lists(
    st.sampled_from(PIECES), max_size=12).map(" ".join)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
@example(text="Ketua Dengan\u00a0the price")
@example(text="x \u212aepada y")
@example(text="COVIDs, 12-S")
@example(text="Mr\u00a0and")
@example(text="a,the")
@example(text="é the")
@example(text="\ud800 Dengan x \u212aepada y")
@example(text="ê\u212aepada, é Dengan")
def test_triggers_cover_their_patterns_on_generated_text(text: str) -> None:
    for rule in PAIRS:
        _agrees(rule, text)


# --- where the checks flag, and where nothing is wrong -------------------------------------------------

FLAGGED = [
    ("reduplication-spacing", "For years.", "Selama bertahun -tahun."),
    ("english-plural", "Nvidia sold H800s to them.", "Nvidia menjual H800S kepada mereka."),
    ("english-plural", "The chatbots answered.", "Para chatbots menjawab."),
    ("untranslated-english", "Mr. Smith came.", "Mr. Smith datang."),
    ("untranslated-english", "Take a screenshot.", "Ambil screenshot."),
    ("untranslated-english", "It is one of the best of the year.", "Ini is one of the best of the year."),
    ("function-word-case", "an interview with Liang", "wawancara Dengan Liang itu berlangsung lama"),
    ("lost-comparative", "Fewer people came.", "Orang-orang datang."),
    ("lost-negation", "He did not come.", "Dia datang."),
    ("lost-negation", "He can't come.", "Dia datang."),
    ("malay-word", "Enter your password.", "Masukkan kata laluan anda."),
    ("malay-word", "The file is gone.", "Failnya hilang."),
    ("malay-word", "Please wait.", "\u017fila tunggu sebentar."),
]


@pytest.mark.parametrize(("rule", "source", "target"), FLAGGED)
def test_trigger_fires_where_the_check_flags(rule: str, source: str, target: str) -> None:
    check = REGISTRY[rule]()
    assert [f.rule for f in check.run(SegmentContext("1", source, target))] == [rule]
    assert fires(check, SegmentContext("1", source, target))


def test_variant_trigger_fires_where_variants_mix() -> None:
    check = REGISTRY["inconsistent-variant"]()
    stats = check.new_stats()
    for i, target in enumerate(["Cina menang.", "China kalah.", "Cina lagi."]):
        check.collect(stats, SegmentContext(str(i), "China.", target))
    verdict = check.decide(stats)
    ctx = SegmentContext("1", "China.", "China kalah.")
    assert fires(check, ctx) and [f.text for f in check.flags(verdict, ctx)] == ["China"]


ORDINARY = [
    ("The president opened a new bridge in Jakarta on Monday, officials said.",
     "Presiden meresmikan jembatan baru di Jakarta pada hari Senin, kata para pejabat."),
    ("Prices rose by 3 percent in 2023 as demand grew.",
     "Harga naik 3 persen pada 2023 seiring permintaan yang tumbuh."),
    ("“We are ready,” the minister told reporters.",
     "“Kami siap,” kata menteri kepada wartawan. Dengan begitu, rapat ditutup."),
]


@pytest.mark.parametrize(("source", "target"), ORDINARY)
@pytest.mark.parametrize("rule", [*sorted(PAIRS), "malay-word"])
def test_trigger_is_quiet_on_ordinary_sentences(rule: str, source: str, target: str) -> None:
    assert not fires(REGISTRY[rule](), SegmentContext("1", source, target))


def test_rewritten_triggers_fire_no_more_often_than_before_on_news() -> None:
    # The rewrites are about speed: on NTREX they fire where the old patterns did (within a few texts).
    texts = real_texts()
    for rule, (trigger, reference, _) in PAIRS.items():
        new = sum(trigger.search(t) not in (None, False) for t in texts)
        old = sum(reference(t) not in (None, False) for t in texts)
        assert old <= new <= old + len(texts) // 100, (rule, old, new)


def test_function_words_are_ascii_and_lower_case() -> None:
    # (the byte marks of `_UntranslatedHint` and `_CapitalisedFunctionWord` rely on it)
    assert all(w.isascii() and w.islower() for w in lang_en.FUNCTION_WORDS)
    assert all(w.isascii() and w.islower() for w in triggers._UNTRANSLATED_WORDS)


def test_the_characters_that_fold_to_ascii_letters_are_all_listed() -> None:
    # (malay-word's trigger finds the case-folded text's ASCII words in the UTF-8 with its ASCII
    # letters in lower case, unless the text holds one of these)
    found = [c for c in map(chr, range(0x80, 0x110000)) if any(x.isascii() for x in c.casefold())]
    assert "".join(found) == malay.FOLDS_TO_ASCII


MALAY_PIECES = ["kata", "laluan", "Laluan", "LALUAN", "fail", "Fail", "failnya", "fail-fail", "akademi", "kad",
                "KAD", "sila", "\u017fila", "\u212aad", "ﬁle", "ßx", "cuba", "Cubalah", "muat", "turun", "e-mel",
                "é", "“", "”", " ", ",", ".", "-", "_", "\u00a0", "\n", "x", "1", "\ud800"]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(MALAY_PIECES), max_size=10).map("".join)
       | st.lists(st.sampled_from(MALAY_PIECES), max_size=10).map(" ".join))
@example(text="\u017fila masuk")
@example(text="kata la\u212a\u212a")
@example(text="\ud800 kata laluan")
def test_malay_trigger_fires_wherever_the_check_flags(text: str) -> None:
    check = REGISTRY["malay-word"]()
    if list(check.run(SegmentContext("1", "x", text))):
        assert malay._TRIGGER.search(text), text


@given(st.text(alphabet="ab5٣０é“\ud800 \n", max_size=10))
@example("“x” ٣")
@example("\ud800")
def test_digits_finds_any_scripts_digit_in_any_text(text: str) -> None:
    assert (Digits().search(text) is not None) is (re.search(r"\d", text) is not None)
