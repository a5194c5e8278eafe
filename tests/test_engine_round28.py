"""The corpus pass's name finder and the JSON line, made cheaper (issue 18): each gives what the
plainer way gives, on chosen texts and on generated ones."""

from __future__ import annotations

import operator
from collections.abc import Iterator
from itertools import compress, count

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reviewer.checking.engine import SegmentResult
from reviewer.checks import REGISTRY, SegmentContext, generic
from reviewer.cli.check import _json, _Renderer
from reviewer.core.model import Flag, Segment, Severity, Side
from reviewer.core.text import is_sentence_start


def plain_names(ctx: SegmentContext) -> Iterator[tuple[str, int, int]]:
    """What `InconsistentCase._names` gave before its words' kinds were kept and the usual
    sentence starts decided without a call: the test's reference."""
    texts, target = ctx.target_texts, ctx.target
    pos = 0
    for i in (compress(count(), map(operator.not_, map(str.islower, texts))) if target.isascii()
              else [i for i, text in enumerate(texts) if not (text.islower() and text.isascii())]):
        text = texts[i]
        start = target.find(text, pos)
        pos = start + len(text)
        if text.islower() or text.isdigit() or len(text) < 3:
            continue
        word = text.split("-")[0] if "-" in text else text
        if len(word) < 3 or word.islower() or not (word[0].isalpha() or any(map(str.isalpha, word))):
            continue
        if word.isupper() and len(word) <= 3:
            continue
        if word.isupper() and generic._shouting(texts, i):
            continue
        if word[1:].islower() and is_sentence_start(target, start):
            continue
        yield word, start, start + len(word)


def names(target: str) -> list[tuple[str, int, int]]:
    check = REGISTRY["inconsistent-case"]()
    found = check._names(SegmentContext("1", "", target))  # type: ignore[attr-defined]
    return [(word, start, start + len(word)) for word, _key, start in found]


@pytest.mark.parametrize(("target", "expected"), [
    ("Saham Nvidia naik. Lalu NVIDIA turun", [("Nvidia", 6, 12), ("NVIDIA", 24, 30)]),
    ("Kata Jakarta, lalu (Bandung) dan “Surabaya” juga", [("Jakarta", 5, 12), ("Bandung", 20, 27), ("Surabaya", 34, 42)]),
    ("ia berkata: Presiden datang; 2019 Jokowi-nya pergi", [("Jokowi", 34, 40)]),
    ("SANGAT PENTING sekali, kata NASA dan UNESCO", [("NASA", 28, 32), ("UNESCO", 37, 43)]),
    ("di   Bogor dan\tMedan serta -Depok", [("Depok", 28, 33)]),  # (a column starts after blanks)
    ("abc2019 2019 Nvidia dan Nvidia", [("Nvidia", 13, 19), ("Nvidia", 24, 30)]),
    ("kafe Café dan Éclair di Zürich", [("Café", 5, 9), ("Éclair", 14, 20), ("Zürich", 24, 30)]),
])
def test_names_are_found_where_they_stand(target: str, expected: list[tuple[str, int, int]]) -> None:
    assert names(target) == expected
    assert names(target) == expected  # (a second time: from the kept kinds of the words)
    assert names(target) == list(plain_names(SegmentContext("1", "", target)))


_PIECES = st.sampled_from(["Nvidia", "NVIDIA", "nvidia", "AI", "Jakarta-nya", "Presiden", "PBB", "2019",
                           "10.000", "U.S.", "café", "Éclair", "ǅemal", "İstanbul", "di", "yang", "McDonald",
                           ". ", ", ", " ", "  ", "\n", "\t", "(", ")", "“", "”", "'", '"', "-", "—", ":",
                           "<b>", "</b>", "!", "?", "…", "x", "Ab", "ABCD", "a1B"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=24).map("".join))
@example("Kata: Nvidia. Lalu (Nvidia) — Nvidia")
@example("ABCD EFGH dan ABCD")
def test_names_match_the_plain_finder(target: str) -> None:
    assert names(target) == list(plain_names(SegmentContext("1", "", target)))


def test_the_first_pass_counts_each_form_and_the_verdict_stays() -> None:
    check = REGISTRY["inconsistent-case"]()
    stats = check.new_stats()
    pairs = [("Nvidia sells", "Kata Nvidia dan Nvidia"), ("NVIDIA", "Kata NVIDIA naik"), ("", "Bank bank naik")]
    for i, (source, target) in enumerate(pairs):
        check.collect(stats, SegmentContext(str(i), source, target))
    assert dict(stats["forms"]) == {"nvidia": {"Nvidia": 2, "NVIDIA": 1}}
    assert stats["in_source"] == {"Nvidia", "NVIDIA"}
    verdict = check.decide(stats)
    assert verdict == {"NVIDIA": ("Nvidia", 2)}
    [flag] = check.flags(verdict, SegmentContext("9", "", "Kata NVIDIA naik"))
    assert (flag.start, flag.end, flag.text, flag.suggestion) == (5, 11, "NVIDIA", "Nvidia")


def _flag(rule: str, text: str, message: str, suggestion: str | None, side: Side = Side.TARGET) -> Flag:
    return Flag(rule, "fluency/duplication", Severity.MINOR, side, 3, 3 + len(text), text, message, suggestion)


@pytest.mark.parametrize("target", [
    "plain ASCII text",
    "with DEL \x7f inside",
    "C1 controls \x85 and \x9b[31m",
    "no-break\xa0space and “quotes”",
    "emoji 🙂 and ‘single’ quotes",
    'escapes: "quoted" \\ back\tslash\nnew line',
    "soft\xadhyphen and zero\u200bwidth",
])
def test_the_json_line_is_the_encoders(target: str) -> None:
    render = _Renderer("jsonl", False)
    flags = [_flag("repeated-word", "ab\x85", "'ab' is repeated", "ab"),
             _flag("repeated-word", target[:5], f"{target!r} is repeated", None),
             _flag("quotes", "“", "msg \x7f", "", Side.SOURCE)]
    for extra in (None, {}, {"flags": ["fuzzy"]}):
        result = SegmentResult(Segment("id\x9b1", "source \x80 text", target, extra=extra), flags)
        assert render(result) == _json(result.to_dict()) + "\n"
        assert render(result) == _json(result.to_dict()) + "\n"  # (the flags' heads kept from the first time)
    assert render(SegmentResult(Segment("2", "s", target), [])) is None
