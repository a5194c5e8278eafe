"""Protected spans (reviewer.core.spans): what is code in a software string, with its kind, and
what is prose and stays unprotected ("50% of", "A-B", "x < y"), the ICU tree, and that news
text yields next to nothing."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.core.spans import SpanKind, protected_spans, scan, tag_name
from tests.paths import NTREX

P, B, IC, SH, T, M, E, U, EM, OP, D = (SpanKind.PRINTF, SpanKind.BRACE, SpanKind.ICU, SpanKind.SHELL, SpanKind.TAG,
                                     SpanKind.METAVAR, SpanKind.ENTITY, SpanKind.URL, SpanKind.EMAIL,
                                     SpanKind.OPTION, SpanKind.STRFTIME)


def kinds(text: str) -> list[tuple[SpanKind, str]]:
    spans = protected_spans(text)
    for s in spans:
        assert text[s.start:s.end] == s.text
    return [(s.kind, s.text) for s in spans]


@pytest.mark.parametrize(("text", "expected"), [
    ("Delete %s?", [(P, "%s")]),
    ("%d of %d files", [(P, "%d"), (P, "%d")]),
    ("File %1$s of %2$s", [(P, "%1$s"), (P, "%2$s")]),
    ("Size: %.2f MB (%li items)", [(P, "%.2f"), (P, "%li")]),
    ("%d%% done", [(P, "%d"), (P, "%%")]),
    ("Hello %@, you have %lu new", [(P, "%@"), (P, "%lu")]),
    ("Removed %(count)d files from %(path)s", [(P, "%(count)d"), (P, "%(path)s")]),
    ("unable to read '%.250s': %s", [(P, "%.250s"), (P, "%s")]),
    ("%5d %-20s %*d %zu", [(P, "%5d"), (P, "%-20s"), (P, "%*d"), (P, "%zu")]),
    ("%'d files", [(P, "%'d")]),
    ("Page %1 of %2 (%L3)", [(SpanKind.QT, "%1"), (SpanKind.QT, "%2"), (SpanKind.QT, "%L3")]),
    ("%A, %B %e %H:%M %:z", [(P, "%A"), (D, "%B"), (P, "%e"), (D, "%H"), (D, "%M"), (D, "%:z")]),
    ("{0} of {1}", [(B, "{0}"), (B, "{1}")]),
    ("{count} files in {folder_name}", [(B, "{count}"), (B, "{folder_name}")]),
    ("Value: {} ({0:.2f}, {name!r})", [(B, "{}"), (B, "{0:.2f}"), (B, "{name!r}")]),
    ("{n, number} items", [(B, "{n, number}")]),
    ("Saved to $HOME/${dir}", [(SH, "$HOME"), (SH, "${dir}")]),
    ("<b>Warning:</b> low", [(T, "<b>"), (T, "</b>")]),
    ('Line<br/>two <a href="https://x.org">x</a>', [(T, "<br/>"), (T, '<a href="https://x.org">'), (T, "</a>")]),
    ("<br> and <img src='a.png'>", [(T, "<br>"), (T, "<img src='a.png'>")]),
    ("Tom &amp; Jerry &#169; &#x2014; &nbsp;", [(E, "&amp;"), (E, "&#169;"), (E, "&#x2014;"), (E, "&nbsp;")]),
    ("See https://example.org/help.", [(U, "https://example.org/help")]),
    ("(see www.example.org/faq), or", [(U, "www.example.org/faq")]),
    ("Wiki: https://en.wikipedia.org/wiki/Java_(language).", [(U, "https://en.wikipedia.org/wiki/Java_(language)")]),
    ("Mail bugs to dev-team+qa@lists.example.org.", [(EM, "dev-team+qa@lists.example.org")]),
    ("<https://wiki.debian.org/FAQ#lock>.", [(U, "https://wiki.debian.org/FAQ#lock")]),
    ("use -v or --build-only", [(OP, "-v"), (OP, "--build-only")]),
    ("dpkg -i <package.deb> <file>", [(OP, "-i"), (M, "<package.deb>"), (M, "<file>")]),
    ("Press &File or _Open", []),  # accelerators are no entities
])
def test_spans_and_their_kinds(text: str, expected: list[tuple[SpanKind, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize("text", [
    "Prices rose 50% of the time.",
    "Harga turun 5% dari tahun lalu.",
    "Inflasi naik 3,5 % sejak Januari, 10 %.",
    "The A-B route, pages 3-5, a well-known e-mail - and – dashes — here.",
    "e.g. in the U.S. at 5 p.m.",
    "Smile :-) or ;-) or :->",
    "if x < y and y > z then x<y",
    "a <= b and c >= d",
    "Pay $5 or US$10 (≈ €9).",
    "Jakarta -- the capital -- said",
])
def test_prose_is_not_code(text: str) -> None:
    assert kinds(text) == []


def test_icu_plural_tree() -> None:
    text = "{count, plural, =1{One file in {dir}} other{# files}} left"
    found = scan(text)
    assert [(s.kind, s.text) for s in found.spans] == [
        (IC, "{count, plural,"), (IC, "=1{"), (B, "{dir}"), (IC, "}"), (IC, "other{"), (IC, "#"), (IC, "}"), (IC, "}")]
    assert found.top == ()
    (block,) = found.blocks
    assert (block.argument, block.keyword, text[block.start:block.end]) == ("count", "plural", text[:-5])
    assert [b.selector for b in block.branches] == ["=1", "other"]
    one, other = block.branches
    assert text[one.start:one.end] == "One file in {dir}"
    assert [s.text for s in one.spans] == ["{dir}"]
    assert [s.text for s in other.spans] == ["#"]
    assert block.branch("few") is None


def test_icu_select_nested_in_plural_and_offset() -> None:
    text = "{n, plural, offset:1 =0{none} other{{g, select, female{# her} other{# their}}}}"
    (block,) = scan(text).blocks
    assert [b.selector for b in block.branches] == ["=0", "other"]
    (inner,) = block.branch("other").blocks  # type: ignore[union-attr]
    assert (inner.argument, inner.keyword) == ("g", "select")
    # `#` is the number inside a select nested in a plural
    assert [s.text for s in inner.branch("female").spans] == ["#"]  # type: ignore[union-attr]


def test_hash_outside_plural_is_text_and_malformed_icu_is_not_a_block() -> None:
    assert kinds("{g, select, male{#1 fan} other{fans}}") == [
        (IC, "{g, select,"), (IC, "male{"), (IC, "}"), (IC, "other{"), (IC, "}"), (IC, "}")]
    broken = scan("{count, plural, one{# file} other{# files}")  # the message is never closed
    assert broken.blocks == ()


def test_tag_name() -> None:
    assert tag_name("</B >") == "b"
    assert tag_name('<a href="x">') == "a"


@pytest.mark.parametrize("text", [
    "a." * 10000,  # an e-mail's local part tried from inside a long run
    "{x, plural, one{" * 2000,  # ICU messages never closed
    "a.b@c.d " * 3000,  # many links, no other span: each searched once
    "http://x.org/%s <b>a</b> " * 2000,
    "<a " + "b " * 10000,
    "%" * 20000,
])
def test_scan_stays_linear_on_hostile_text(text: str) -> None:
    started = time.perf_counter()
    scan(text)
    assert time.perf_counter() - started < 1.0


_PIECES = ["%", "%s", "%1$s", "{", "}", "{n, plural, ", "one{", "other{", "#", "select, ", "$", "$X", "<", ">", "</",
           "b", "/>", "&", "amp;", "https://", "x.org", "@", ".", "-", "--", "v", " ", "'", '"', "=", "\n", "é", "⟦1⟧"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_spans_are_ordered_disjoint_and_true_to_the_text(text: str) -> None:
    found = scan(text)
    last = 0
    for s in found.spans:
        assert last <= s.start < s.end <= len(text) and text[s.start:s.end] == s.text, (text, s)
        last = s.end
    # what is outside ICU messages, and the ICU branches, are parts of the same list
    assert set(found.top) <= set(found.spans)


def test_news_text_is_nearly_free_of_spans() -> None:
    # NTREX news: numbers, percentages, dashes, abbreviations; hardly any code at all.
    lines = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()[:2000]
    lines += (NTREX / "newstest2019-ref.ind.txt").read_text(encoding="utf-8").splitlines()[:2000]
    found = [(s.kind, s.text) for line in lines for s in protected_spans(line)]
    assert len(found) <= 10, found
