"""Tests of the triggers of the language-independent checks (generic.py, numbers.py, codes.py):
for each trigger, pairs on which it fires and the check flags, ordinary sentences on which it
stays quiet, and on real text that it is never narrower than its check; and of the shortcuts
those checks take in C (the folded words, the currency test, white space as `regex` reads it)."""

from __future__ import annotations

import sys

import pytest
import regex

from reviewer.checks import REGISTRY, Check, SegmentContext, fires
from reviewer.checks.generic import REGEX_SPACE, _folded_words
from reviewer.checks.numbers import _after_currency, _read, find_numbers
from reviewer.core.model import Side
from reviewer.lang import number_locale
from tests.paths import NTREX

EN, ID = number_locale("en"), number_locale("id")
TRIGGERED = ["brackets", "quotes", "currency-spacing", "invisible-characters", "number-mismatch", "number-format",
             "inline-codes"]


def flags_of(rule: str, source: str, target: str) -> tuple[bool, list[tuple[str, int, int, str, str | None]]]:
    """Whether the check's trigger fires on a pair, and the check's flags as (side, start, end,
    text, suggestion)."""
    check = REGISTRY[rule]()
    ctx = SegmentContext("s1", source, target)
    found = [(f.side.value, f.start, f.end, f.text, f.suggestion) for f in check.run(ctx)]
    return fires(check, ctx), found


# --- each trigger fires where its check flags ----------------------------------------------

@pytest.mark.parametrize(
    ("rule", "source", "target", "expected"),
    [
        ("brackets", "The plan (announced Monday) failed.", "Rencana itu (diumumkan Senin gagal.",
         [("target", 12, 13, "(", None)]),
        ("brackets", "Prices fell.", "Harga turun lagi].", [("target", 16, 17, "]", None)]),
        ("quotes", 'He said "yes".', 'Dia berkata "ya.', [("target", 12, 13, '"', None)]),
        ("quotes", 'He said "yes".', "Dia berkata “ya“.", [("target", 15, 16, "“", "”")]),
        ("currency-spacing", "It cost $103.", "Harganya $ 103.", [("target", 9, 11, "$ ", "$")]),
        ("currency-spacing", "It cost €5.", "Harganya € 5.", [("target", 9, 11, "€ ", "€")]),
        ("invisible-characters", "Prices fell.", "Harga\u200bturun.", [("target", 5, 6, "\u200b", "")]),
        ("invisible-characters", "Cafe", "Cafe\u0301 itu tutup.", [("target", 3, 5, "e\u0301", "é")]),
        ("invisible-characters", "Prices fell.", "Harga\rturun.", [("target", 5, 6, "\r", "")]),
        ("number-mismatch", "It cost 5 dollars.", "Harganya 6 dolar.", [("target", 9, 10, "6", "5")]),
        # Digits on one side only: the source's number is lost, or the target's is not in it
        # (a number written as a word excuses a number, never flags one).
        ("number-mismatch", "It rose 5 percent.", "Harga naik.", [("source", 8, 9, "5", None)]),
        ("number-mismatch", "Three people died.", "4 orang tewas.", [("target", 0, 1, "4", None)]),
        ("number-format", "About 10,000 people came.", "Sekitar 10,000 orang datang.",
         [("target", 8, 14, "10,000", "10.000")]),
        ("number-format", "Growth was 3.5 percent.", "Pertumbuhan 3.5 persen.", [("target", 12, 15, "3.5", "3,5")]),
        ("inline-codes", "Click ⟦1⟧here⟦/1⟧.", "Klik di sini.",
         [("source", 6, 9, "⟦1⟧", None), ("source", 13, 17, "⟦/1⟧", None)]),
        ("inline-codes", "Click here.", "Klik ⟦1⟧di sini.", [("target", 5, 8, "⟦1⟧", None)]),
    ],
)
def test_trigger_fires_and_the_check_flags(rule: str, source: str, target: str,
                                           expected: list[tuple[str, int, int, str, str | None]]) -> None:
    assert flags_of(rule, source, target) == (True, expected)


@pytest.mark.parametrize(
    ("rule", "source", "target"),
    [
        # The trigger may fire where the check then finds nothing.
        ("brackets", "Prices fell (again).", "Harga turun (lagi)."),
        ("quotes", 'He said "yes".', "Dia berkata “ya”."),
        ("currency-spacing", "It cost $103.", "Harganya $103."),
        ("invisible-characters", "He said yes.", "“Ya,” katanya – lalu pergi."),
        ("number-mismatch", "About 10,000 people came.", "Sekitar 10.000 orang datang."),
        ("number-format", "Growth was 3.5 percent.", "Pertumbuhan 3,5 persen."),
        ("inline-codes", "Click ⟦1⟧here⟦/1⟧.", "Klik ⟦1⟧di sini⟦/1⟧."),
    ],
)
def test_trigger_fires_on_correct_text_without_a_flag(rule: str, source: str, target: str) -> None:
    assert flags_of(rule, source, target) == (True, [])


ORDINARY = [
    ("Prices fell on Monday.", "Harga turun pada hari Senin."),
    ("The minister said the plan would go ahead.", "Menteri mengatakan rencana itu akan dilanjutkan."),
    ("Three people died in the flood.", "Tiga orang tewas dalam banjir itu."),  # numbers as words only
    ("Shares rose after the announcement.", "Saham naik setelah pengumuman itu."),
]


@pytest.mark.parametrize("rule", TRIGGERED)
@pytest.mark.parametrize(("source", "target"), ORDINARY)
def test_trigger_stays_quiet_on_ordinary_sentences(rule: str, source: str, target: str) -> None:
    assert flags_of(rule, source, target) == (False, [])


def test_number_checks_share_one_search_per_side() -> None:
    mismatch, fmt = REGISTRY["number-mismatch"].trigger, REGISTRY["number-format"].trigger
    assert mismatch is not None and fmt is not None
    assert mismatch.source is mismatch.target is fmt.target


# --- never narrower than the check, on real text ---------------------------------------------

def _variants(source: str, target: str) -> list[tuple[str, str]]:
    """A pair and copies of it with the mistakes these checks look for put in."""
    out = [(source, target)]
    digit = regex.search(r"\d", target)
    if digit:
        at = digit.start()
        out.append((source, target[:at] + ("7" if target[at] != "7" else "8") + target[at + 1:]))
        out.append((source, target[:at] + "$ " + target[at:]))
        out.append((source, target[:at] + "10,000 " + target[at:]))
    for mark in '"“”([':
        at = target.find(mark)
        if at != -1:
            out.append((source, target[:at] + target[at + 1:]))
    half = len(target) // 2
    for inserted in ("\u200b", "\u202e", "e\u0301", " (", " “", "⟦1⟧", " € 5", "\x1b"):
        out.append((source, target[:half] + inserted + target[half:]))
    out.append((source + " ⟦2/⟧", target))
    out.append((source + " It was 10,000.", target + " Itu 10,000."))  # English separators kept
    return out


@pytest.fixture(scope="module")
def real_pairs() -> list[tuple[str, str]]:
    src = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    tgt = (NTREX / "newstest2019-ref.ind.txt").read_text(encoding="utf-8").splitlines()
    pairs = list(zip(src, tgt))[::5]
    return [variant for s, t in pairs for variant in _variants(s, t)]


@pytest.mark.parametrize("rule", TRIGGERED)
def test_trigger_is_never_narrower_than_its_check(rule: str, real_pairs: list[tuple[str, str]]) -> None:
    check: Check = REGISTRY[rule]()
    assert check.trigger is not None
    flagged = quiet = 0
    for i, (source, target) in enumerate(real_pairs):
        ctx = SegmentContext(str(i), source, target)
        if list(check.run(ctx)):
            flagged += 1
            assert fires(check, SegmentContext(str(i), source, target)), (source, target)
        elif not fires(check, ctx):
            quiet += 1
    assert flagged > 20  # the variants do give each check something to flag
    assert quiet > 0


# --- the shortcuts in C ----------------------------------------------------------------------

def test_regex_space_is_what_regex_takes_for_white_space() -> None:
    every_character = "".join(map(chr, range(sys.maxunicode + 1)))
    assert set(regex.findall(r"\s", every_character)) == set(REGEX_SPACE)


@pytest.mark.parametrize(
    "text",
    ["Biayanya US$ 103", "Biayanya Rp. 5", "Biayanya Rp\u00a05", "It cost $", "It cost $\n\n", "£\u2003\t",
     "Kurs ¥", "Harga A$", "Harga naik 5", "HRp", "Rp.", "harga 5 $ x", "", " ", "\u001c", "$\u001c"],
)
def test_after_currency_is_the_pattern_before_the_number(text: str) -> None:
    """What `_after_currency` says is what a search for a currency sign and white space at the
    end of the text before a number finds (the pattern the check used to search with)."""
    before = regex.compile(r"(?:[$€£¥]|Rp\.?|US\$|S\$|A\$)\s*$")
    assert _after_currency(text + "5", len(text)) == bool(before.search(text + "5", 0, len(text)))


@pytest.mark.parametrize("digits", ["0", "7", "2019", "000123", "٣٤", "१२३", "10000000000000000000000"])
@pytest.mark.parametrize(("group", "decimal"), [(".", ","), (",", ".")])
def test_plain_digits_read_as_the_general_reading_does(digits: str, group: str, decimal: str) -> None:
    plain = regex.compile(r"\d+(?:" + regex.escape(decimal) + r"\d+)?")
    assert plain.fullmatch(digits)
    assert _read(digits, group, decimal) == _read(digits + decimal + "0", group, decimal)


def test_numbers_read_the_same_whatever_follows() -> None:
    assert [(n.text, n.scale) for n in find_numbers("Rp 5 juta dan 7 ribu, 3 orang, 2m", ID, EN)] == [
        ("5 juta", 1_000_000), ("7 ribu", 1_000), ("3", 1), ("2", 1)]
    assert [(n.text, n.scale) for n in find_numbers("It raised $5m and 5m.", EN, ID)] == [("5m", 1_000_000), ("5", 1)]


@pytest.mark.parametrize(
    "target",
    ["Model AI AI itu.", "STRASSE Straße straße", "İstanbul istanbul", "Σίσυφος ΣΊΣΥΦΟΣ", "ﬁle FILE", "", "…",
     "H800-nya h800-NYA", "U.S. u.s. don’t DON’T"],
)
def test_folded_words_are_the_folded_tokens(target: str) -> None:
    ctx = SegmentContext("s1", "", target)
    assert _folded_words(ctx) == [t.text.casefold() for t in SegmentContext("s1", "", target).target_tokens]


@pytest.mark.parametrize(
    ("target", "text"),
    [
        ("Dia berkata STRASSE Straße di sana.", "STRASSE Straße"),  # equal only under full case folding
        ("Harga harga naik.", "Harga harga"),
    ],
)
def test_repeated_word_compares_folded_words(target: str, text: str) -> None:
    [flag] = REGISTRY["repeated-word"]().run(SegmentContext("s1", "He said it.", target))
    assert (flag.text, flag.side) == (text, Side.TARGET)


def test_repeated_phrase_needs_a_pair_of_words_twice() -> None:
    check = REGISTRY["repeated-phrase"]()
    quiet = SegmentContext("s1", "The plan of the year.", "rencana tahun ini rencana baru tahun depan")
    assert list(check.run(quiet)) == []
    assert "target_tokens" not in quiet.__dict__  # let go before the words were tokenised
    [flag] = check.run(SegmentContext("s1", "The Peterson Institute said.", "Peterson Institute Peterson Institute berkata."))
    assert (flag.start, flag.end, flag.text) == (18, 37, " Peterson Institute")


def test_inconsistent_case_keeps_ordinary_words_of_every_length() -> None:
    """The first pass keeps every lower-case word part before a hyphen; none shorter than three
    letters can be a name's key, so the verdict is as if only the longer ones were kept."""
    check = REGISTRY["inconsistent-case"]()
    stats = check.new_stats()
    pairs = [("Shares of Nvidia at the bank", "Saham Nvidia di bank-bank"), ("Nvidia rose", "Saham NVIDIA naik")]
    for i, (source, target) in enumerate(pairs):
        check.collect(stats, SegmentContext(str(i), source, target))
    assert stats["common"] == {"di", "bank", "naik"}
    assert check.decide(stats) == {"NVIDIA": ("Nvidia", 1)}


@pytest.mark.parametrize("names", [3, 40])  # a verdict short enough to look for each form, and a longer one
def test_inconsistent_case_flags_pass_finds_the_minority_forms(names: int) -> None:
    check = REGISTRY["inconsistent-case"]()
    spellings = [f"Kota{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(names)]
    pairs = [("", f"Dulu kami di {name} saja.") for name in spellings for _ in range(2)]
    pairs += [("", f"Lalu kami di {name.upper()} saja.") for name in spellings]
    stats = check.new_stats()
    for i, (source, target) in enumerate(pairs):
        check.collect(stats, SegmentContext(str(i), source, target))
    verdict = check.decide(stats)
    assert len(verdict) == names
    flagged = list(check.flags(verdict, SegmentContext("x", "", f"Lalu kami di {spellings[-1].upper()}-nya saja.")))
    assert [(f.start, f.end, f.text, f.suggestion) for f in flagged] == [(13, 19, spellings[-1].upper(), spellings[-1])]
    assert list(check.flags(verdict, SegmentContext("y", "", f"Lalu kami di {spellings[-1]} saja."))) == []
    assert list(check.flags(verdict, SegmentContext("z", "", "Harga turun pada hari Senin."))) == []
