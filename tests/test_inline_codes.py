"""The placeholder scheme (⟦1⟧…⟦/1⟧, ⟦2/⟧), `code_problems`, turning tokens back into markup,
and the `inline-codes` check, including that the other checks leave tokens alone."""

from __future__ import annotations

import pytest

from reviewer.checking.engine import Checker
from reviewer.checks import REGISTRY
from reviewer.core.model import Side
from reviewer.formats import load_corpus
from reviewer.formats.inline import PLACEHOLDER_RE, InlineCodeError, code_problems, placeholders, render_codes
from reviewer.formats.xmlsafe import xml_escape
from tests.paths import SHARED

CODES = {
    "1": {"kind": "pair", "open": '<g id="1" ctype="bold">', "close": "</g>", "label": "bold", "element": True},
    "2": {"kind": "single", "open": '<x id="2"/>', "close": "", "label": "x", "element": False},
    "3": {"kind": "pair", "open": '<bpt id="3">&lt;i&gt;</bpt>', "close": '<ept id="3">&lt;/i&gt;</ept>',
          "label": "<i>", "element": False},
}


def test_token_forms() -> None:
    text = "a ⟦1⟧b⟦/1⟧ ⟦12/⟧ ⟦/x⟧ ⟦1/2⟧"
    assert placeholders(text) == ["⟦1⟧", "⟦/1⟧", "⟦12/⟧"]
    assert [m.groups() for m in PLACEHOLDER_RE.finditer(text)] == [("1", None, None), (None, "1", None),
                                                                    (None, None, "12")]


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("plain text", "teks biasa", []),
    ("no codes [b] 1", "⟦1⟧", [(0, 3, "inline code ⟦1⟧ is not in the source")]),
    ("Click ⟦1⟧Save⟦/1⟧ now⟦2/⟧", "Klik ⟦1⟧Simpan⟦/1⟧ sekarang⟦2/⟧", []),
    ("Click ⟦1⟧Save⟦/1⟧ now⟦2/⟧", "⟦2/⟧Klik ⟦1⟧Simpan⟦/1⟧", []),  # reordering is allowed
    ("Click ⟦1⟧Save⟦/1⟧ now⟦2/⟧", "Klik ⟦1⟧Simpan⟦/1⟧ sekarang",
     [(21, 25, "inline code ⟦2/⟧ of the source is missing from the target")]),
    ("Click ⟦1⟧Save⟦/1⟧", "Klik ⟦1⟧Simpan⟦/1⟧ ⟦1⟧lagi⟦/1⟧",
     [(19, 22, "inline code ⟦1⟧ is not in the source"), (26, 30, "inline code ⟦/1⟧ is not in the source")]),
    ("⟦1⟧Bold⟦/1⟧", "⟦1⟧Tebal", [(7, 11, "inline code ⟦/1⟧ of the source is missing from the target"),
                                 (0, 3, "⟦1⟧ is opened but never closed (⟦/1⟧ is missing)")]),
    ("⟦1⟧⟦2⟧x⟦/2⟧⟦/1⟧", "⟦1⟧⟦2⟧y⟦/1⟧⟦/2⟧", [(7, 11, "⟦/1⟧ closes ⟦1⟧ while ⟦2⟧ inside it is still open")]),
    ("⟦1⟧x⟦/1⟧", "⟦/1⟧y⟦1⟧", [(0, 4, "⟦/1⟧ closes a code that is not open"),
                               (5, 8, "⟦1⟧ is opened but never closed (⟦/1⟧ is missing)")]),
])
def test_code_problems(source: str, target: str, expected: list[tuple[int, int, str]]) -> None:
    problems = code_problems(source, target)
    assert problems == expected
    for problem in problems:
        text = source if problem.side == "source" else target
        assert PLACEHOLDER_RE.fullmatch(text[problem.start:problem.end])
        assert problem.side == ("source" if "missing from the target" in problem.message else "target")


def test_render_codes_restores_markup() -> None:
    xml = render_codes("Klik ⟦1⟧Simpan & <keluar>⟦/1⟧⟦2/⟧ ⟦3⟧miring⟦/3⟧", CODES, xml_escape)
    assert xml == ('Klik <g id="1" ctype="bold">Simpan &amp; &lt;keluar&gt;</g><x id="2"/> '
                   '<bpt id="3">&lt;i&gt;</bpt>miring<ept id="3">&lt;/i&gt;</ept>')
    # Separate start/end markers may cross; element codes may not.
    assert render_codes("⟦3⟧a⟦1⟧b⟦/3⟧c⟦/1⟧", CODES, xml_escape).count("<g") == 1


@pytest.mark.parametrize(("text", "message"), [
    ("⟦1⟧a", "⟦1⟧ is never closed"),
    ("a⟦/1⟧", "⟦/1⟧ does not close the innermost open code"),
    ("⟦2/⟧⟦2/⟧", "⟦2/⟧ is used twice"),
    ("⟦2⟧x⟦/2⟧", "⟦2⟧: code 2 is a standalone code (⟦2/⟧)"),
    ("⟦9/⟧", "⟦9/⟧ is not an inline code of this segment"),
    ("⟦1⟧⟦2/⟧", "⟦1⟧ is never closed"),
])
def test_render_codes_refuses_broken_tokens(text: str, message: str) -> None:
    with pytest.raises(InlineCodeError) as info:
        render_codes(text, CODES, xml_escape)
    assert str(info.value) == message


# ---------------------------------------------------------------------------------------------
# The check


def run(source: str, target: str) -> list:  # type: ignore[type-arg]
    checker = Checker(None, source_lang="en", target_lang="id")
    return checker.check_segment("s1", source, target)


def test_check_is_registered() -> None:
    cls = REGISTRY["inline-codes"]
    assert (cls.category, cls.severity.value) == ("fluency/markup", "major")


def test_check_flags_missing_code_on_the_source_side() -> None:
    flags = [f for f in run("Click ⟦1⟧Save⟦/1⟧ to keep ⟦2/⟧ the files.", "Klik ⟦1⟧Simpan⟦/1⟧ untuk menyimpan berkas.")
             if f.rule == "inline-codes"]
    assert len(flags) == 1
    flag = flags[0]
    assert (flag.side, flag.start, flag.end, flag.text) == (Side.SOURCE, 26, 30, "⟦2/⟧")
    assert flag.category == "accuracy/omission"
    assert flag.message == "inline code ⟦2/⟧ of the source is missing from the target"


def test_check_flags_added_and_crossed_codes_in_the_target() -> None:
    flags = [f for f in run("⟦1⟧⟦2⟧Bold⟦/2⟧⟦/1⟧ text", "⟦1⟧⟦2⟧Tebal⟦/1⟧⟦/2⟧ teks ⟦3/⟧") if f.rule == "inline-codes"]
    assert [(f.side, f.text, f.message) for f in flags] == [
        (Side.TARGET, "⟦/1⟧", "⟦/1⟧ closes ⟦1⟧ while ⟦2⟧ inside it is still open"),
        (Side.TARGET, "⟦3/⟧", "inline code ⟦3/⟧ is not in the source"),
    ]
    assert all(f.category == "fluency/markup" for f in flags)


@pytest.mark.parametrize(("source", "target"), [
    ("Plain [b]text[/b] (1) \"q\"", "Teks [b]biasa[/b] (1) \"q\""),
    ("⟦1⟧Untranslated⟦/1⟧", ""),
])
def test_check_is_silent_without_tokens_or_target(source: str, target: str) -> None:
    assert [f for f in run(source, target) if f.rule == "inline-codes"] == []


def test_generic_checks_leave_tokens_alone() -> None:
    """Brackets, quotes and repetition checks do not read ⟦ ⟧ tokens as text."""
    source = 'Press ⟦12/⟧ (the "OK" button) ⟦3⟧now⟦/3⟧ ⟦4/⟧ ⟦4/⟧.'
    target = 'Tekan ⟦12/⟧ (tombol "OK") ⟦3⟧sekarang⟦/3⟧ ⟦4/⟧ ⟦4/⟧.'
    assert [f.rule for f in run(source, target)] == []


def test_number_check_ignores_token_numbers() -> None:
    flags = run("Click ⟦1⟧Save⟦/1⟧ to keep ⟦2/⟧ the 12 files.", "Klik ⟦1⟧Simpan⟦/1⟧ untuk menyimpan 12 berkas.")
    assert [f.rule for f in flags] == ["inline-codes"]


def test_real_file_codes_are_checked() -> None:
    corpus = load_corpus(SHARED / "data" / "okapi-xliff12" / "Balancing" / "DifferentCTypesWithBreakingMrk.xlf")
    (seg,) = corpus.segments
    assert seg.source == "⟦1⟧What is employee engagement?⟦/1⟧ ⟦2⟧\u2028⟦3⟧⟦4⟧Page 1⟦/4⟧⟦/3⟧⟦/2⟧"
    assert seg.target == "⟦1⟧What is employee engagement?⟦/1⟧ ⟦2⟧\u2028⟦3⟧⟦4⟧Page 1⟦/4⟧⟦/3⟧⟦5⟧test⟦/5⟧⟦/2⟧"
    flags = [f for f in run(seg.source, seg.target) if f.rule == "inline-codes"]
    assert [(f.text, f.message) for f in flags] == [("⟦5⟧", "inline code ⟦5⟧ is not in the source"),
                                                    ("⟦/5⟧", "inline code ⟦/5⟧ is not in the source")]
