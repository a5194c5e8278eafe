"""Trigger-first checking: a check's trigger is never narrower than the check. Wherever a
trigger does not fire, the check (run, or a corpus check's collect and flags) has nothing to
say, on real text of several genres and on generated text full of what the checks look for."""

from __future__ import annotations

import copy
import re
from functools import cache

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reviewer.checking.corpus_pass import collect_context
from reviewer.checking.engine import _MAY_HOLD_CODE, Checker, _may_hold_code
from reviewer.checks import CorpusCheck, SegmentContext, Trigger, fires, select_checks
from reviewer.checks.base import Contains, Digits, Gated
from reviewer.core.model import Side
from reviewer.formats import load_corpus
from tests.paths import NTREX, SHARED

ALL = select_checks("en", "id")
TRIGGERED = [c for c in ALL if c.trigger is not None]


@cache
def real_pairs() -> list[tuple[str, str]]:
    """Real English/Indonesian pairs: news (NTREX), short sentences (Tatoeba), software strings
    (PO files), the bundled article."""
    src = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    ref = (NTREX / "newstest2019-ref.ind.txt").read_text(encoding="utf-8").splitlines()
    pairs = list(zip(src, ref))
    for line in (SHARED / "data" / "tatoeba-eng-ind" / "ind.txt").read_text(encoding="utf-8").splitlines()[:3000]:
        parts = line.split("\t")
        if len(parts) >= 2:
            pairs.append((parts[0], parts[1]))
    for path in [None, *sorted((SHARED / "data" / "software-po-id").glob("*.po"))]:
        pairs += [(s.source, s.target) for s in load_corpus(path).segments]
    return pairs


def test_some_checks_have_triggers() -> None:
    # Trigger-first checking is in use (the checks that look for something rare name it).
    assert {"lost-negation", "lost-comparative", "currency-spacing", "brackets"} <= {c.id for c in TRIGGERED}


def test_trigger_fires_by_side_and_mode() -> None:
    digit, quote = re.compile(r"\d"), re.compile("\"")
    ctx = SegmentContext("1", "5 cats", "kucing")
    assert Trigger(source=digit).fires(ctx)
    assert not Trigger(target=digit).fires(ctx)
    assert Trigger(source=digit, target=digit).fires(ctx)  # either side
    assert not Trigger(source=digit, target=digit, both=True).fires(ctx)
    assert not Trigger(source=quote, target=quote).fires(ctx)
    assert Trigger(source=digit, target=re.compile("kucing"), both=True).fires(ctx)


def test_a_pattern_is_searched_once_per_segment_and_side() -> None:
    calls: list[str] = []

    class Counting:
        pattern = "x"

        def search(self, text: str) -> object:
            calls.append(text)
            return None

    pattern = Counting()
    ctx = SegmentContext("1", "source", "target")
    for _ in range(3):
        assert not ctx.found(pattern, Side.SOURCE)
        assert not ctx.found(pattern, Side.TARGET)
    assert calls == ["source", "target"]


def _silent_where_quiet(check, ctx: SegmentContext) -> None:  # type: ignore[no-untyped-def]
    if fires(check, ctx):
        return
    fresh = SegmentContext(ctx.id, ctx.source, ctx.target)  # the check's own analyses, not the trigger's
    if isinstance(check, CorpusCheck):
        stats = check.new_stats()
        before = copy.deepcopy(stats)
        check.collect(stats, fresh)
        assert stats == before, (check.id, ctx.source, ctx.target)
    else:
        assert list(check.run(fresh)) == [], (check.id, ctx.source, ctx.target)


@pytest.mark.parametrize("check", TRIGGERED, ids=lambda c: c.id)
def test_trigger_never_narrower_than_the_check_on_real_text(check) -> None:  # type: ignore[no-untyped-def]
    pairs = real_pairs()
    quiet = 0
    for i, (source, target) in enumerate(pairs):
        ctx = SegmentContext(str(i), source, target)
        if not fires(check, ctx):
            quiet += 1
        _silent_where_quiet(check, ctx)
    assert quiet > 0, f"{check.id}: the trigger fires on every real pair; it saves nothing"


def test_corpus_checks_flag_nothing_where_their_trigger_is_quiet() -> None:
    # The flags pass under the verdicts of a whole corpus: a segment whose trigger does not fire
    # gets no flag from that check.
    checker = Checker()
    checks = [c for c in checker.corpus_checks if c.trigger is not None]
    pairs = real_pairs()[:4000]
    stats = [c.new_stats() for c in checks]
    for i, (s, t) in enumerate(pairs):
        collect_context(checks, stats, checker.context(str(i), s, t))
    verdicts = [c.decide(st) for c, st in zip(checks, stats)]
    for i, (s, t) in enumerate(pairs):
        ctx = checker.context(str(i), s, t)
        for check, verdict in zip(checks, verdicts):
            if not fires(check, ctx):
                assert list(check.flags(verdict, SegmentContext(ctx.id, s, t))) == [], (check.id, s, t)


# Pieces of text that the checks look for, so that generated segments trip them often.
PIECES = [
    "the", "not", "no", "never", "without", "fewer", "less", "Mr.", "online", "screenshot", "of", "and",
    "Dengan", "dengan", "Yang", "tidak", "bukan", "lebih", "sedikit", "kurang", "Cina", "China", "Tiongkok",
    "H800S", "H800", "GPUs", "chips", "chatbots", "AI", "NVIDIA", "Nvidia", "DeepSeek", "Scale", "Jakarta",
    "bertahun", "-tahun", "-nya", "tahun-tahun", " -", "- ", "kata", "kata kata", "the the",
    "1", "2", "10", "10,000", "10.000", "1.5", "1,5", "$", "$ 103", "Rp", "%", "US$", "three", "tiga",
    "(", ")", "[", "]", "\"", "“", "”", "'", "’", "«", "»", "\u200b", "\u00ad", "\u202e", "⟦1⟧", "⟦/1⟧",
    "%s", "%d", "{0}", "{name}", "<b>", "</b>", "&amp;", "http://example.com", "a@b.id",
    ".", ",", "!", "?", ":", ";", "—", "…", " ", "  ", "\t", "\n",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=TEXT, target=TEXT)
def test_trigger_never_narrower_than_the_check_on_generated_text(source: str, target: str) -> None:
    ctx = SegmentContext("1", source, target)
    for check in TRIGGERED:
        _silent_where_quiet(check, ctx)



# --- fast triggers give what the patterns they stand for give ------------------------------


_CODE_ALPHABET = st.text(alphabet="ab-'./w %{}$<>&@[xZ1_٣\n", max_size=12)


@given(_CODE_ALPHABET)
@example("a-b")
@example("-v")
@example("x -v")
@example("e.g")
@example("it's")
@example("'quoted'")
@example("www.x")
def test_may_hold_code_is_the_regex(text: str) -> None:
    assert _may_hold_code(text) is (_MAY_HOLD_CODE.search(text) is not None)


@given(st.text(alphabet="ab1٣ \n", max_size=8))
def test_digits_is_backslash_d(text: str) -> None:
    assert (Digits().search(text) is not None) is (re.search(r"\d", text) is not None)


def test_contains_and_gated() -> None:
    quotes = Contains("“", "”", '"')
    assert quotes.search('say "hi"') and quotes.search("“x”") and quotes.search("no quotes") is None
    gated = Gated(re.compile(r"%[sd]"), "%")
    assert gated.search("50% off") is None and gated.search("%s files") is not None and gated.search("none") is None
