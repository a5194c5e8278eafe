"""Round 28's shortcuts in missing-entity and the number checks: number-mismatch decides a pair
whose two sides hold the same plain numbers before reading any, number-format skips a target
without a separator between digits, and `lost_name_keys` looks for a name's forms in the
target's text instead of cutting it into a set of stretches. Each shortcut must answer exactly as
the full work does."""

from __future__ import annotations

import sys
from functools import cache

import pytest
import regex

from reviewer.checks import REGISTRY, SegmentContext, en_id_names, numbers
from reviewer.core.model import Flag, Side
from reviewer.lang import number_locale
from tests.paths import NTREX


def run_check(rule: str, source: str, target: str) -> list[Flag]:
    """Flags of one segment check, after checking that every span points at its text."""
    flags = list(REGISTRY[rule]().run(SegmentContext("s1", source, target, "en", "id")))
    for flag in flags:
        segment = target if flag.side is Side.TARGET else source
        assert flag.text == segment[flag.start:flag.end]
    return flags


@cache
def ntrex_pairs() -> list[tuple[str, str]]:
    sources = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    targets = (NTREX / "newstest2019-ref.ind.txt").read_text(encoding="utf-8").splitlines()
    return list(zip(sources, targets))


# ---------------------------------------------------------------------------------------------
# number-mismatch: the same plain numbers on both sides


@pytest.mark.parametrize(("source", "target"), [
    ("In 2019, 45 people came.", "Pada 2019, 45 orang datang."),
    ("He was 45 in 2019 and 45 again.", "Ia berusia 45 pada 2019."),  # (a set: repeats do not count)
    ("Some 5 million people.", "Sekitar 5 orang."),  # a scale word on one side only: no conflict
    ("No digits at all", "Tanpa angka"),
])
def test_same_plain_numbers_decides_the_pair(source: str, target: str) -> None:
    assert numbers._same_plain_numbers(SegmentContext("1", source, target, "en", "id"))
    assert run_check("number-mismatch", source, target) == []


@pytest.mark.parametrize(("source", "target"), [
    ("In 2019, 45 people came.", "Pada 2020, 45 orang datang."),  # a different number
    ("About 10,000 people.", "Sekitar 10.000 orang."),  # separators: read them
    ("At 10:30 today.", "Pukul 10:30 hari ini."),  # a clock
    ("Some $5 million.", "Sekitar US$5 miliar."),  # scale words on both sides: maybe a conflict
    ("Room 5 or 05.", "Kamar 5."),  # same value, written otherwise
    ("Digits ٣ here.", "Angka ٣ di sini."),  # not ASCII digits
])
def test_same_plain_numbers_leaves_the_pair_to_the_full_reading(source: str, target: str) -> None:
    assert not numbers._same_plain_numbers(SegmentContext("1", source, target, "en", "id"))


def test_number_mismatch_still_flags_a_scale_conflict_and_a_changed_year() -> None:
    assert [f.text for f in run_check("number-mismatch", "It cost $5 million.", "Biayanya US$5 miliar.")] \
        == ["5 miliar"]
    assert [f.text for f in run_check("number-mismatch", "In 2019 it rose.", "Pada 2020 naik.")] == ["2020"]


@pytest.mark.parametrize("text", ["5 million", "5 MILLION", "5\u00a0Million", "5 \u212a", "5 Juta", "5 jt"])
def test_scale_gate_finds_every_scale_word(text: str) -> None:
    gates = [numbers._scale_gate(number_locale("en")), numbers._scale_gate(number_locale("id"))]
    assert any(gate.search(text) for gate in gates)


@pytest.mark.parametrize("text", ["5 people", "2019 and", "5 millions", "5 mill"])
def test_scale_gate_quiet_without_a_scale_word(text: str) -> None:
    assert numbers._scale_gate(number_locale("en")).search(text) is None


def test_scale_gate_matches_every_letter_that_lowers_to_an_ascii_letter() -> None:
    # `_scale_after` lower-cases the word after a number; the gate's IGNORECASE must match
    # each character whose lower case is a single ASCII letter (A-Z, and the Kelvin sign).
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        lowered = c.lower()
        assert len(lowered) == 1 or not lowered.isascii(), hex(code)  # (İ: i and a combining dot)
        if len(lowered) == 1 and lowered.isascii() and lowered.isalpha() and lowered != c:
            assert regex.fullmatch(lowered, c, regex.IGNORECASE), hex(code)


def test_same_plain_numbers_agrees_with_the_full_reading_on_ntrex() -> None:
    check = REGISTRY["number-mismatch"]()
    decided = 0
    for source, target in ntrex_pairs():
        if numbers._same_plain_numbers(SegmentContext("1", source, target, "en", "id")):
            decided += 1
            ctx = SegmentContext("1", source, target, "en", "id")
            # The full reading, as the check made it before the shortcut.
            _, src = numbers._mentions(ctx, Side.SOURCE)
            _, tgt = numbers._mentions(ctx, Side.TARGET)
            assert {n.digits for n in src} == {n.digits for n in tgt}, source
            assert all(n.foreign == frozenset() for n in src + tgt), source
            assert not list(check.run(SegmentContext("1", source, target, "en", "id")))
    assert decided > 300  # (most NTREX pairs with digits)


# ---------------------------------------------------------------------------------------------
# number-format: only a number with a separator


@pytest.mark.parametrize(("source", "target", "flagged"), [
    ("About 10,000 people.", "Sekitar 10,000 orang.", ["10,000"]),
    ("Growth was 3.5 percent.", "Pertumbuhan 3.5 persen.", ["3.5"]),
    ("In 2019, 45 people.", "Pada 2019, 45 orang.", []),
    ("About 10,000 people.", "Sekitar 10.000 orang.", []),
])
def test_number_format_gate(source: str, target: str, flagged: list[str]) -> None:
    if flagged:
        assert numbers._SEPARATED.search(target)  # (the gate lets every flagged target through)
    assert [f.text for f in run_check("number-format", source, target)] == flagged


# ---------------------------------------------------------------------------------------------
# missing-entity: a name's forms looked for in the target's text


@pytest.mark.parametrize(("forms", "text", "found"), [
    (("trump",), "kata trump ", True),
    (("trump",), "kata trumpnya ", False),
    (("trump",), "trump\tkata ", True),
    (("trump",), "kata\ntrump", True),
    (("lee",), "kelee leek lee ", True),
    (("lee",), "kelee leek ", False),
    (("jakarta", "dki"), "di dki ", True),
    ((), "apa saja ", False),
    (("x",), "", False),
])
def test_a_stretch_is_a_member_of_the_split(forms: tuple[str, ...], text: str, found: bool) -> None:
    assert en_id_names._a_stretch(forms, text) is found
    assert (not set(text.split()).isdisjoint(forms)) is found


def test_a_stretch_agrees_with_the_split_on_ntrex_targets() -> None:
    for source, target in ntrex_pairs()[:500]:
        chunks = (target.casefold() + " ").replace(". ", " ").replace(", ", " ")
        stretches = set(chunks.split())
        for word in en_id_names._NAME_WORD.findall(source):
            for key in en_id_names._word_keys(word):
                forms = en_id_names._forms(key)
                assert en_id_names._a_stretch(forms, chunks) == (not stretches.isdisjoint(forms)), (key, target)


@pytest.mark.parametrize(("source", "target", "flagged"), [
    ("The deal was signed by Scale AI on Monday.", "Kesepakatan itu ditandatangani oleh AI pada hari Senin.",
     ["Scale AI"]),
    ("The deal was signed by Scale AI on Monday.", "Kesepakatan itu ditandatangani oleh Scale AI pada Senin.", []),
    ("He met Jokowi in Jakarta.", "Ia bertemu Jokowi di Jakarta.", []),
    ("He met Jokowi in Jakarta.", "Ia bertemu\tJokowi di\nJakarta.", []),
])
def test_missing_entity_flags_and_quiet(source: str, target: str, flagged: list[str]) -> None:
    assert [f.text for f in run_check("missing-entity", source, target)] == flagged
