"""missing-entity, second pass of issue 18: the shortcuts that make it cheaper (source words cut
at white space, ASCII-only searches for capitals, spelling keys made only for words whose keys may
start alike, a quicker `normalise_name`) must give what the general ways give, on real text."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from reviewer.checking.engine import Checker
from reviewer.checks import SegmentContext, en_id_names, en_id_words
from reviewer.core.text import WORD_RE
from reviewer.lang.en_id import ALIKE_AT_START, normalise_name, starting_alike
from tests.paths import NTREX


@cache
def ntrex_pairs() -> list[tuple[str, str]]:
    sources = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    targets = (NTREX / "newstest2019-ref.ind.txt").read_text(encoding="utf-8").splitlines()
    return list(zip(sources, targets))


ODD_TEXTS = [
    "U.S.-made drones, 10.000 rupiah, don't, _x_ and O'Brien’s\tteam\nmet Jean-Pierre.",
    "ÉCOLE Normale, İstanbul and the ǅungla Group met the CEO of OpenAI's unit (AP) -- ok",
    "  leading and trailing  ", "", "—", "a.b. A.B.C. 3.14 1,000 x-y-z e-Mail",
]


def reference_normalise(word: str, soft_c: bool = True) -> str:
    """`normalise_name` as it was first written: one rewrite after another, with `regex`."""
    import regex

    w = regex.sub(r"['’]s$", "", word.lower())
    for a, b in (("ph", "f"), ("th", "t"), ("sh", "sy"), ("ch", "k"), ("ck", "k"), ("qu", "kw"), ("x", "ks"),
                 ("oo", "u"), ("ee", "i"), ("ou", "u"), ("y", "i"), ("w", "w"), ("v", "f")):
        w = w.replace(a, b)
    if soft_c:
        w = regex.sub(r"c(?=[eiy])", "s", w)
    w = w.replace("c", "k").replace("q", "k").replace("z", "s")
    return regex.sub(r"(.)\1", r"\1", w)


@pytest.mark.parametrize(("word", "soft", "key"), [
    ("Philippines", True, "filipines"), ("Mexico", True, "meksiko"), ("Pacific", True, "pasifik"),
    ("Pacific", False, "pakifik"), ("Macedonia", False, "makedonia"), ("Scotland's", True, "skotland"),
    ("Thoreau", True, "toreau"), ("Quebec", True, "kwebek"), ("Zoo", True, "su"), ("cch", True, "k"),
])
def test_normalise_name_values(word: str, soft: bool, key: str) -> None:
    assert normalise_name(word, soft) == key == reference_normalise(word, soft)


def test_normalise_name_is_the_reference_on_real_words_and_odd_ones() -> None:
    words = {w for pair in ntrex_pairs() for text in pair for w in WORD_RE.findall(text)}
    words |= {"x's", "X’s\n", "a's\n", "s\n", "'s", "", "oooo", "sch", "İstanbul", "ǅ", "CCE", "eey", "thh"}
    for word in words:
        for soft in (True, False):
            assert normalise_name.__wrapped__(word, soft) == reference_normalise(word, soft), word


def test_spelling_keys_start_alike_only_where_words_do() -> None:
    """What `starting_alike` rests on: a key starts with its word's first letter, but for the
    letters of one group (p/v/f, c/q/x/k/s/z, o/u, e/y/i)."""
    group = ALIKE_AT_START
    words = {w.lower() for pair in ntrex_pairs() for text in pair for w in WORD_RE.findall(text)}
    for word in (w for w in words if w[:1].isascii()):
        for soft in (True, False):
            key = normalise_name(word, soft)
            if key:
                assert group.get(key[0], key[0]) == group.get(word[0], word[0]), (word, key)


@pytest.mark.parametrize(("key", "words", "alike"), [
    ("scotland", ["skotlandia", "di", "cina", "zona", "pada", "émile", "xenon", "quo"],
     ["skotlandia", "cina", "zona", "émile", "xenon", "quo"]),
    ("philippines", ["filipina", "vila", "pada", "di"], ["filipina", "vila", "pada"]),
    ("émile", ["emil", "di"], ["emil", "di"]),  # (not ASCII: every word)
    ("jakarta", ["jakarta", "", "di"], ["jakarta"]),
])
def test_starting_alike(key: str, words: list[str], alike: list[str]) -> None:
    assert starting_alike(key, words) == alike


def test_close_spellings_among_words_starting_alike_are_all_close_spellings() -> None:
    for source, target in ntrex_pairs()[:600]:
        words = list({w.casefold() for w in WORD_RE.findall(target)})
        every = en_id_names.Spellings(words)
        for key in {w.lower() for w in WORD_RE.findall(source)}:
            some = en_id_names.Spellings(starting_alike(key, words))
            assert (every.close_word(key) is None) == (some.close_word(key) is None), (key, target)


def test_target_spelt_close() -> None:
    ctx = SegmentContext("1", "", "Tim Skotlandia menang di Meksiko, kata Vila.")
    assert en_id_names.target_spelt_close("scotland", ctx) == "skotlandia"
    assert en_id_names.target_spelt_close("mexico", ctx) == "meksiko"
    assert en_id_names.target_spelt_close("hurricane", ctx) is None


@pytest.mark.parametrize("text", ODD_TEXTS + [s for pair in ntrex_pairs()[:800] for s in pair])
def test_source_words_unordered_are_the_source_words(text: str) -> None:
    ctx = SegmentContext("1", text, "")
    assert Counter(en_id_words.source_words_unordered(ctx)) == Counter(WORD_RE.findall(text))


def test_ascii_searches_for_capitals_find_what_the_general_ones_do() -> None:
    texts = [s for pair in ntrex_pairs() for s in pair if s.isascii()] + [t for t in ODD_TEXTS if t.isascii()]
    for text in texts:
        assert en_id_names._NAME_WORD_IN_ASCII.findall(text) == en_id_names._NAME_WORD.findall(text), text
        assert ([m.span() for m in en_id_names._CAPITALISED_ASCII_WORD.finditer(text)]
                == [m.span() for m in en_id_names._CAPITALISED_WORD.finditer(text)]), text


@pytest.mark.parametrize(("source", "target", "flags"), [
    # flagged: a name lost, ASCII and not
    ("The deal was signed by Scale AI on Monday.", "Kesepakatan itu ditandatangani oleh AI pada hari Senin.",
     [(23, 31, "name 'Scale' of 'Scale AI' is missing from the target")]),
    ("Officials met Émile Zola in İstanbul.", "Pejabat bertemu di sana.",
     [(14, 24, "name Émile Zola is missing from the target"), (28, 36, "name İstanbul is missing from the target")]),
    ("They met. The Philippines and Quebec agreed.", "Mereka bertemu. Kedua negara setuju.",
     [(14, 36, "name Philippines and Quebec is missing from the target")]),
    ("He flew to Mexico via Quebec.", "Ia terbang ke sana.",
     [(11, 17, "name Mexico is missing from the target"), (22, 28, "name Quebec is missing from the target")]),
    # quiet: spelt closely (keys made only for words starting alike), rendered, excused
    ("They met. The Philippines and Scotland agreed.", "Mereka bertemu. Filipina dan Skotlandia setuju.", []),
    ("He flew to Mexico via Quebec.", "Ia terbang ke Meksiko lewat Kuebek.", []),
    ("They met. Hurricane Maria hit Puerto Rico.", "Mereka bertemu. Badai Maria melanda Puerto Riko.", []),
])
def test_missing_entity_flags(source: str, target: str, flags: list[tuple[int, int, str]]) -> None:
    checker = Checker(None, only=["missing-entity"])
    assert [(f.start, f.end, f.message) for f in checker.check_segment("1", source, target)] == flags

