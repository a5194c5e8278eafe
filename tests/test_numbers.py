"""Tests of reviewer/checks/numbers.py: numbers compared by value across English and Indonesian
formats (number-mismatch), separators of the wrong locale (number-format), and the helpers
find_numbers and format_number."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reviewer.checks import REGISTRY, SegmentContext
from reviewer.checks.numbers import find_numbers, format_number
from reviewer.core.model import Flag, Severity, Side
from reviewer.lang import number_locale

EN, ID = number_locale("en"), number_locale("id")


def run_check(rule: str, source: str, target: str, source_lang: str = "en", target_lang: str = "id") -> list[Flag]:
    """Flags of one segment check, after checking that every span points at its text."""
    flags = list(REGISTRY[rule]().run(SegmentContext("s1", source, target, source_lang, target_lang)))
    for flag in flags:
        segment = target if flag.side is Side.TARGET else source
        assert flag.rule == rule
        assert 0 <= flag.start <= flag.end <= len(segment)
        assert flag.text == segment[flag.start:flag.end]
    return flags


# Pairs that say the same numbers, each written the way its language writes them.
SAME_VALUES = [
    ("About 10,000 people attended.", "Sekitar 10.000 orang hadir."),
    ("The firm employs 1,500 staff.", "Perusahaan itu mempekerjakan 1.500 staf."),
    ("Growth slowed to 3.5 percent.", "Pertumbuhan melambat menjadi 3,5 persen."),
    ("Inflation hit 4.2% in May.", "Inflasi mencapai 4,2% pada bulan Mei."),
    ("It raised $103 million.", "Perusahaan itu menghimpun $103 juta."),
    ("It raised $103 million.", "Perusahaan itu menghimpun US$103 juta."),
    ("It raised $103m.", "Perusahaan itu menghimpun US$103 juta."),
    ("The app has 2.1 billion users.", "Aplikasi itu punya 2,1 miliar pengguna."),
    ("It cost $1.25 billion.", "Biayanya US$1,25 miliar."),
    ("It has 2.1 billion users and 5 million bots.", "Ia punya 2,1 miliar pengguna dan 5 juta bot."),
    ("In 2019, sales rose 12%.", "Pada 2019, penjualan naik 12%."),
    ("Three people died.", "Tiga orang tewas."),
    ("Three people died.", "3 orang tewas."),
    ("Eleven ships sank.", "Sebelas kapal tenggelam."),
    ("Twenty-two firms applied.", "22 perusahaan mendaftar."),
    ("Two million people voted.", "2 juta orang memilih."),
    ("The meeting starts at 5:30 p.m.", "Rapat dimulai pukul 17.30."),
    ("Nvidia's H100 chips sold out.", "Chip H100 Nvidia terjual habis."),
    ("Version 1.2.3 is out.", "Versi 1.2.3 dirilis."),
    ("The ratio quoted was 1,5.", "Rasio yang dikutip adalah 1,5."),  # written the Indonesian way already
    ("Shares rose on Monday.", "Saham naik pada hari Senin."),
]


@pytest.mark.parametrize(("source", "target"), SAME_VALUES)
def test_number_mismatch_quiet_when_values_agree(source: str, target: str) -> None:
    assert run_check("number-mismatch", source, target) == []


@pytest.mark.parametrize(
    ("source", "target", "text", "suggestion"),
    [
        ("About 10,000 people attended.", "Sekitar 1.000 orang hadir.", "1.000", "10.000"),
        ("Growth slowed to 3.5 percent.", "Pertumbuhan melambat menjadi 5,3 persen.", "5,3", "3,5"),
        ("Inflation hit 4.2%.", "Inflasi mencapai 2,4%.", "2,4", "4,2"),
        ("It raised $103 million.", "Perusahaan itu menghimpun US$130 juta.", "130 juta", "103 juta"),
        # "miliar" is a billion, a false friend of "million".
        ("It raised $103 million.", "Perusahaan itu menghimpun US$103 miliar.", "103 miliar", "103 juta"),
        ("It raised $103 million.", "Perusahaan itu menghimpun US$103 ribu.", "103 ribu", "103 juta"),
        ("The app has 2.1 billion users.", "Aplikasi itu punya 2,1 juta pengguna.", "2,1 juta", "2,1 miliar"),
        ("The app has 2.1 billion users.", "Aplikasi itu punya 1,2 miliar pengguna.", "1,2 miliar", "2,1 miliar"),
        ("In 2019, sales rose.", "Pada 2018, penjualan naik.", "2018", "2019"),
        ("The firm employs 1,500 staff.", "Perusahaan itu mempekerjakan 1.600 staf.", "1.600", "1.500"),
        ("Version 1.2.3 is out.", "Versi 1.2.4 dirilis.", "1.2.4", None),
    ],
)
def test_number_mismatch_flags_a_changed_value(source: str, target: str, text: str, suggestion: str | None) -> None:
    [flag] = run_check("number-mismatch", source, target)
    start = target.index(text)
    assert (flag.text, flag.start, flag.end) == (text, start, start + len(text))
    assert flag.side is Side.TARGET
    assert flag.suggestion == suggestion
    assert flag.severity is Severity.MAJOR
    assert flag.category == "accuracy/mistranslation"
    assert "differs from the source's" in flag.message


def test_number_mismatch_flags_a_number_the_source_does_not_have() -> None:
    [flag] = run_check("number-mismatch", "Three people died.", "4 orang tewas.")
    assert (flag.text, flag.start, flag.end, flag.side) == ("4", 0, 1, Side.TARGET)
    assert flag.suggestion is None
    assert flag.message == "number '4' is not in the source"


def test_number_mismatch_flags_a_number_missing_from_the_target() -> None:
    [flag] = run_check("number-mismatch", "In 2019, sales rose.", "Pada tahun itu, penjualan naik.")
    assert (flag.text, flag.start, flag.end, flag.side) == ("2019", 3, 7, Side.SOURCE)
    assert flag.category == "accuracy/omission"


def test_number_mismatch_span_stops_before_the_full_stop() -> None:
    [flag] = run_check("number-mismatch", "It raised $103 million.", "Ia menghimpun US$130 juta.")
    assert flag.text == "130 juta"


# --- number-format ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "target", "text", "suggestion"),
    [
        ("About 10,000 people attended.", "Sekitar 10,000 orang hadir.", "10,000", "10.000"),
        ("The firm employs 1,500 staff.", "Perusahaan itu mempekerjakan 1,500 staf.", "1,500", "1.500"),
        ("The firm employs 12,345,678 staff.", "Perusahaan itu mempekerjakan 12,345,678 staf.", "12,345,678",
         "12.345.678"),
        ("Growth slowed to 3.5 percent.", "Pertumbuhan melambat menjadi 3.5 persen.", "3.5", "3,5"),
        ("Inflation hit 4.2%.", "Inflasi mencapai 4.2%.", "4.2", "4,2"),
        ("The app has 2.1 billion users.", "Aplikasi itu punya 2.1 miliar pengguna.", "2.1", "2,1"),
        ("It cost $1.25 billion.", "Biayanya US$1.25 miliar.", "1.25", "1,25"),
    ],
)
def test_number_format_flags_english_separators(source: str, target: str, text: str, suggestion: str) -> None:
    [flag] = run_check("number-format", source, target)
    start = target.index(text)
    assert (flag.text, flag.start, flag.end) == (text, start, start + len(text))
    assert flag.side is Side.TARGET
    assert flag.suggestion == suggestion
    assert flag.category == "locale-convention/number-format"
    # The value is right, so number-mismatch stays quiet: one problem, one flag.
    assert run_check("number-mismatch", source, target) == []


@pytest.mark.parametrize(("source", "target"), SAME_VALUES)
def test_number_format_quiet_on_indonesian_style(source: str, target: str) -> None:
    assert run_check("number-format", source, target) == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # An English source that groups thousands with periods (its writer's habit): the
        # Indonesian "10.000" reads as ten thousand, which is what it means.
        ("An entry ticket, 10.000 per person.", "Ada karcis masuk, 10.000 per orang."),
        ("It costs 1.500.000 rupiah.", "Harganya 1.500.000 rupiah."),
    ],
)
def test_number_format_quiet_on_a_source_grouped_with_periods(source: str, target: str) -> None:
    assert run_check("number-format", source, target) == []


@pytest.mark.parametrize(("source", "target", "flagged"), [
    ("A 10.000 / person ticket.", "Tiket 10000 / orang.", []),  # ten thousand, either way
    ("A 10.000 / person ticket.", "Tiket 10.000 / orang.", []),
    ("It weighs 3.5 kg.", "Beratnya 3500 kg.", ["3500"]),  # 3.5 cannot be thousands
    ("A 10.000 / person ticket.", "Tiket 20000 / orang.", ["20000"]),
])
def test_number_mismatch_reads_a_source_grouped_with_periods_either_way(
        source: str, target: str, flagged: list[str]) -> None:
    assert [f.text for f in run_check("number-mismatch", source, target)] == flagged


def test_number_format_still_flags_a_decimal_copied_from_the_source() -> None:
    # 0.500 and 3.25 cannot be thousands: the English decimal point must become a comma.
    [flag] = run_check("number-format", "A ratio of 0.500 was set.", "Rasio 0.500 ditetapkan.")
    assert flag.suggestion == "0,500"


@pytest.mark.parametrize(("source", "target", "flagged"), [
    ("It happened at about 3:00.", "Itu terjadi sekitar pukul 3.", []),  # an hour without its minutes
    ("The interview is at 10:00 a.m.", "Wawancaranya jam 10 pagi.", []),
    ("The meeting is at 3:30.", "Rapatnya pukul 3.", ["3:30"]),  # the minutes are lost
    ("We met at 3:00.", "Kami bertemu 3 kali.", ["3:00"]),  # no clock word: not the hour
])
def test_number_mismatch_reads_an_hour_after_pukul_or_jam(source: str, target: str, flagged: list[str]) -> None:
    assert [f.text for f in run_check("number-mismatch", source, target)] == flagged


def test_number_format_quiet_when_both_sides_share_a_locale() -> None:
    assert run_check("number-format", "About 10,000 people.", "Some 10,000 people.", "en", "en") == []


# --- format_number ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "locale", "like", "like_locale", "expected"),
    [
        (Decimal("10000"), ID, "10,000", EN, "10.000"),
        (Decimal("1500"), ID, "1,500", EN, "1.500"),
        (Decimal("1500"), ID, "1500", EN, "1500"),  # four digits are grouped only if the original was
        (Decimal("12345678"), ID, "12345678", EN, "12.345.678"),
        (Decimal("3.5"), ID, "3.5", EN, "3,5"),
        (Decimal("2.50"), ID, "2.50", EN, "2,50"),  # keeps the decimals of the original
        (Decimal("1234.5"), ID, "1,234.5", EN, "1.234,5"),
        (Decimal("0.25"), ID, "0.25", EN, "0,25"),
        (Decimal("-3.5"), ID, "-3.5", EN, "-3,5"),
        (Decimal("10000"), EN, "10.000", ID, "10,000"),
        (Decimal("4.2"), EN, "4,2", ID, "4.2"),
    ],
)
def test_format_number(value: Decimal, locale: object, like: str, like_locale: object, expected: str) -> None:
    assert format_number(value, locale, like, like_locale) == expected  # type: ignore[arg-type]


# --- find_numbers ----------------------------------------------------------------------------

def test_find_numbers_reads_indonesian_grouping() -> None:
    [n] = find_numbers("Sekitar 10.000 orang hadir.", ID, EN)
    assert (n.start, n.end, n.text, n.digits) == (8, 14, "10.000", "10.000")
    assert n.native == {Decimal(10000)}
    assert n.foreign == {Decimal(10)}  # what an English reader would take it for
    assert not n.attached
    assert n.raw_value == Decimal(10000)


@pytest.mark.parametrize(
    ("text", "locale", "other", "span", "value", "scale"),
    [
        ("Ia menghimpun US$103 juta.", ID, EN, "103 juta", Decimal(103_000_000), 1_000_000),
        ("Ia punya 2,1 miliar pengguna.", ID, EN, "2,1 miliar", Decimal("2.1E9"), 1_000_000_000),
        ("It raised $5m.", EN, ID, "5m", Decimal(5_000_000), 1_000_000),
        ("It cost 5 mln. dollars", EN, ID, "5 mln.", Decimal(5_000_000), 1_000_000),
        ("It raised $103 million.", EN, ID, "103 million", Decimal(103_000_000), 1_000_000),
    ],
)
def test_find_numbers_takes_the_scale_word(text: str, locale: object, other: object, span: str,
                                           value: Decimal, scale: int) -> None:
    [n] = find_numbers(text, locale, other)  # type: ignore[arg-type]
    assert n.text == span == text[n.start:n.end]
    assert value in n.native
    assert n.raw_value in n.native  # the bare digits count too (for "103m" against "103 juta")
    assert n.scale == scale


def test_find_numbers_reads_times_and_versions() -> None:
    [clock] = find_numbers("Rapat dimulai pukul 17.30.", ID, EN)
    assert "17:30" in clock.native
    [pm] = find_numbers("The meeting starts at 5:30 p.m.", EN, ID)
    assert "17:30" in pm.native
    [version] = find_numbers("Versi 1.2.3 dirilis.", ID, EN)
    assert version.native == {"1.2.3"}


def test_find_numbers_marks_numbers_glued_to_letters() -> None:
    assert find_numbers("Chip H100 laris.", ID, EN) == []  # part of a code, not a number
    [n] = find_numbers("It raised 5m.", EN, ID)  # no currency sign: "m" is not a scale here
    assert n.attached and n.text == "5"
    [decade] = find_numbers("In the 1990s chips were slow.", EN, ID)
    assert decade.attached
