"""Worst cases stay bounded: a glossary regex that keeps timing out is switched off for the rest of
the run and reported by rule, count and segment ids (also from worker processes, and in the JSON
summary); a rule's source condition runs before its target pattern; the repetition checks cost
what the text's length says, not its square; `fix` applies a rule once per place; plain-word
renderings take one clitic, as their pattern does."""

from __future__ import annotations

import json
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import reviewer.checking.stream as stream_module
import reviewer.checks.generic as generic
import reviewer.glossary.match as match_module
from reviewer.checking.engine import Checker, CheckerSpec
from reviewer.checking.fixes import fix_until_stable
from reviewer.checking.stream import check_stream
from reviewer.checks import SegmentContext
from reviewer.checks.generic import RepeatedPhrase, RepeatedWord
from reviewer.cli import main
from reviewer.core.model import Flag, Segment, Severity, Side
from reviewer.core.text import tokenize
from reviewer.formats import CorpusStream
from reviewer.glossary import GlossaryMatcher, parse_glossary
from reviewer.glossary.budget import IDS_SHOWN, TIMEOUTS_ALLOWED, Timeout, TimeoutLog

# A pattern that backtracks catastrophically on a run of a's with no match at its end.
SLOW = "(a|aa)+$"
SLOW_TEXT = "a" * 40 + "!"

BUDGET_GLOSSARY = f"""\
rules:
  - id: fast-rule
    pattern: 'b'
    replace: 'B'
  - id: slow-rule
    pattern: '{SLOW}'
  - id: other-fast-rule
    pattern: 'c'
"""


class Counting:
    """A compiled pattern that counts the searches run with it."""

    def __init__(self, pattern: Any) -> None:
        self.inner = pattern
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def search(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.inner.search(*args, **kwargs)

    def match(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.inner.match(*args, **kwargs)

    def finditer(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.inner.finditer(*args, **kwargs)


def counted_matcher(text: str, rule_id: str) -> tuple[GlossaryMatcher, Counting]:
    """A matcher whose rule `rule_id` counts the runs of its target pattern."""
    glossary = parse_glossary(textwrap.dedent(text), Path("g.yaml"))
    rule = next(r for r in glossary.rules if r.id == rule_id)
    counted = Counting(rule.pattern)
    glossary.rules = [replace(r, pattern=counted) if r is rule else r for r in glossary.rules]
    return GlossaryMatcher(glossary), counted


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setattr(match_module, "REGEX_TIMEOUT", 0.02)
    return 0.02


# ---------------------------------------------------------------------------------------------
# A time budget per rule per run


def test_a_rule_that_keeps_timing_out_is_switched_off_and_reported(short_timeout: float) -> None:
    m, slow = counted_matcher(BUDGET_GLOSSARY, "slow-rule")
    flags_per_segment = [m.check("x", SLOW_TEXT + " b", seg_id=f"s{i}") for i in range(1, 13)]
    # Tried on the first three segments only; the other rules kept working on all twelve.
    assert TIMEOUTS_ALLOWED == 3
    assert slow.calls == 3
    assert [[f.rule for f in flags] for flags in flags_per_segment] == [["fast-rule"]] * 12
    assert [(t.entry, t.segment, t.switched_off) for t in m.timeouts] == [
        ("slow-rule", "s1", False), ("slow-rule", "s2", False), ("slow-rule", "s3", True)]
    assert m.warnings == [
        "g.yaml:5: rule 'slow-rule' stopped after 0.02s on 3 segments (s1, s2, s3) and was switched off "
        "for the rest of the run (catastrophic backtracking?); simplify the pattern"]


def test_a_slow_term_regex_is_switched_off_too(short_timeout: float) -> None:
    m = GlossaryMatcher(parse_glossary(f"terms:\n  - source: thing\n    forbidden: ['/{SLOW}/']\n", Path("g.yaml")))
    for i in range(1, 6):
        assert m.check("a thing", SLOW_TEXT, seg_id=str(i)) == []
    assert [t.segment for t in m.timeouts] == ["1", "2", "3"]
    (warning,) = m.warnings
    assert warning.startswith("g.yaml:2: term 'term:thing' stopped after 0.02s on 3 segments (1, 2, 3) "
                              "and was switched off")
    assert warning.endswith("simplify its /regex/")


def test_a_new_run_gives_every_rule_its_budget_again(short_timeout: float) -> None:
    m, slow = counted_matcher(BUDGET_GLOSSARY, "slow-rule")
    for i in range(5):
        m.check("x", SLOW_TEXT, seg_id=str(i))
    assert slow.calls == 3
    m.new_run()
    assert m.timeouts == [] and m.warnings == []
    m.check("x", SLOW_TEXT, seg_id="again")
    assert slow.calls == 4
    assert [t.segment for t in m.timeouts] == ["again"]


def _pairs_corpus(pairs: list[tuple[str, str]]) -> CorpusStream:
    segments = [Segment(str(i), s, t) for i, (s, t) in enumerate(pairs, 1)]
    return CorpusStream(lambda: iter(segments), "en", "id", [], count=len(segments))


def test_stream_reports_the_rule_the_count_and_the_ids(short_timeout: float, tmp_path: Path) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text(BUDGET_GLOSSARY, encoding="utf-8")
    warnings: list[str] = []
    log = TimeoutLog()
    results = list(check_stream(_pairs_corpus([("x", SLOW_TEXT + " b")] * 12), CheckerSpec((str(glossary),)),
                                jobs=1, warnings=warnings, timeouts=log, repeat_cache=0))
    assert [sum(f.rule == "fast-rule" for f in r.flags) for r in results] == [1] * 12
    (entry,) = log.to_json()
    assert entry == {"rule": "slow-rule", "kind": "rule", "file": str(glossary), "line": 5, "segments": 3,
                     "ids": ["1", "2", "3"], "more_ids": 0, "timeout_s": 0.02, "switched_off": True}
    assert warnings == log.warnings()
    assert "'slow-rule' stopped after 0.02s on 3 segments (1, 2, 3) and was switched off" in warnings[0]


def test_each_worker_keeps_its_own_budget_and_the_main_process_merges(short_timeout: float, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # Twelve segments in chunks of two, over two worker processes (forked: they see the short timeout).
    monkeypatch.setattr(stream_module, "PARALLEL_THRESHOLD", 0)
    monkeypatch.setattr(stream_module, "CHUNK", 2)
    glossary = tmp_path / "g.yaml"
    glossary.write_text(BUDGET_GLOSSARY, encoding="utf-8")
    warnings: list[str] = []
    log = TimeoutLog()
    results = list(check_stream(_pairs_corpus([("x", SLOW_TEXT + " b")] * 12), CheckerSpec((str(glossary),)),
                                jobs=2, warnings=warnings, timeouts=log, repeat_cache=0))
    assert len(results) == 12
    (entry,) = log.to_json()
    # Each process that met the rule tried it on three segments, then switched it off.
    assert entry["segments"] in (TIMEOUTS_ALLOWED, 2 * TIMEOUTS_ALLOWED)
    assert entry["switched_off"] is True
    ids = [int(i) for i in entry["ids"]]
    assert ids == sorted(set(ids)) and len(ids) == entry["segments"]
    assert f"on {entry['segments']} segments ({', '.join(entry['ids'])})" in warnings[0]


def test_json_summary_names_the_timeouts(short_timeout: float, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text(BUDGET_GLOSSARY, encoding="utf-8")
    corpus = tmp_path / "c.tsv"
    corpus.write_text("".join(f"k{i}\tx\t{SLOW_TEXT} b\n" for i in range(1, 13)), encoding="utf-8")
    code = main(["check", str(corpus), "-g", str(glossary), "--format", "json", "--fail-on", "never",
                 "--repeat-cache", "0"])
    out, err = capsys.readouterr()
    assert code == 0
    summary = json.loads(out)["summary"]
    assert summary["timeouts"] == [{"rule": "slow-rule", "kind": "rule", "file": str(glossary), "line": 5,
                                    "segments": 3, "ids": ["k1", "k2", "k3"], "more_ids": 0, "timeout_s": 0.02,
                                    "switched_off": True}]
    assert summary["by_rule"] == {"fast-rule": 12}
    assert err.count("reviewer: warning:") == 1
    assert "rule 'slow-rule' stopped after 0.02s on 3 segments (k1, k2, k3) and was switched off" in err


def test_json_summary_has_no_timeouts_key_without_timeouts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "c.tsv"
    corpus.write_text("k1\tx\ty\n", encoding="utf-8")
    assert main(["check", str(corpus), "--no-glossary", "--format", "json"]) == 0
    assert list(json.loads(capsys.readouterr().out)["summary"]) == [
        "segments", "flagged_segments", "flags", "by_severity", "by_rule", "by_category"]


def test_timeout_log_caps_the_ids_and_counts_the_rest() -> None:
    events = [Timeout("rule", "r", "g.yaml", 7, f"p{i}", 1.0, i == 14) for i in range(15)]
    log = TimeoutLog(events)
    (entry,) = log.to_json()
    assert IDS_SHOWN == 10
    assert (entry["segments"], entry["ids"], entry["more_ids"]) == (15, [f"p{i}" for i in range(10)], 5)
    assert log.warnings() == [
        "g.yaml:7: rule 'r' stopped after 1s on 15 segments (p0, p1, p2, p3, p4, p5, p6, p7, p8, p9 and 5 more) "
        "and was switched off for the rest of the run (catastrophic backtracking?); simplify the pattern"]
    assert not TimeoutLog()


# ---------------------------------------------------------------------------------------------
# Source conditions run before target patterns


GATED_SLOW = f"""\
rules:
  - id: slow-when-means
    pattern: '{SLOW}'
    when_source: '\\bmeans\\b'
  - id: di-mana
    pattern: '\\bdi mana\\b'
    when_source: '(?i)\\bwhere\\b'
  - id: resiko
    pattern: '\\bresiko\\b'
    replace: 'risiko'
  - id: hal
    pattern: 'Hal'
"""


class _SpyRegex:
    """The `regex` module, with every pattern compiled from a text that holds `marker` counting
    its searches (so a joined pattern that holds a rule's target pattern is caught too)."""

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.spies: list[Counting] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(regex, name)

    def compile(self, pattern: Any, flags: int = 0, **kwargs: Any) -> Any:
        compiled = regex.compile(pattern, flags, **kwargs)
        if isinstance(pattern, str) and self.marker in pattern:
            spy = Counting(compiled)
            self.spies.append(spy)
            return spy
        return compiled

    def runs(self) -> int:
        return sum(s.calls for s in self.spies)


def test_a_rule_whose_source_condition_fails_never_runs_its_target_pattern(
        short_timeout: float, monkeypatch: pytest.MonkeyPatch) -> None:
    import reviewer.glossary.gates as gates_module
    import reviewer.glossary.load as load_module

    spy = _SpyRegex(SLOW)
    for module in (match_module, gates_module, load_module):
        monkeypatch.setattr(module, "regex", spy)
    m = GlossaryMatcher(parse_glossary(GATED_SLOW, Path("g.yaml")))
    assert spy.spies, "the rule's pattern was compiled through the spy"
    for i in range(12):
        flags = m.check("It is where they are.", SLOW_TEXT + " di mana resiko", seg_id=str(i))
        assert [f.rule for f in flags] == ["di-mana", "resiko"]
    assert spy.runs() == 0
    assert m.timeouts == [] and m.warnings == []
    # Where the condition holds, the pattern runs, and its timeout is charged and reported.
    assert m.check("It means that.", SLOW_TEXT, seg_id="means") == []
    assert spy.runs() == 1
    assert [t.entry for t in m.timeouts] == ["slow-when-means"]


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("It means that, and where?", "resiko di mana Hal", ["di-mana", "resiko", "hal"]),
    ("WHERE?", "di mana", ["di-mana"]),  # the (?i) of a condition survives the joined pattern
    ("means where", "di mana", ["di-mana"]),
    ("nowhere", "di mana", []),
    ("", "Hal", ["hal"]),
])
def test_joined_conditions_flag_what_rules_run_one_by_one_flag(source: str, target: str,
                                                               expected: list[str]) -> None:
    text = GATED_SLOW.replace(SLOW, "aaa")
    joined = GlossaryMatcher(parse_glossary(text, Path("g.yaml")))
    alone = GlossaryMatcher(parse_glossary(text, Path("g.yaml")))
    alone._rule_gate = None
    assert [f.rule for f in joined.check(source, target)] == expected
    assert joined.check(source, target) == alone.check(source, target)


_CONDITIONS = ["\\bmeans\\b", "\\bmean\\w*", "(?i)\\bwhere\\b", "here", "\\b(?:have|has)\\.\\s*$", "^It",
               "(?<=\\bthe )\\w+", "e", "\\d+", "(?s)a.b"]
_SOURCE_PIECES = st.sampled_from(["It ", "means", "meaning", " where", "WHERE", "here", " has.", "the ", "cat",
                                  " ", "1", "a\nb", "e", ".", "mean"])


@settings(max_examples=300, deadline=None)
@given(chosen=st.lists(st.sampled_from(range(len(_CONDITIONS))), min_size=1, max_size=6, unique=True),
       source=st.lists(_SOURCE_PIECES, max_size=10).map("".join))
def test_joined_conditions_hold_exactly_where_each_condition_does(chosen: list[int], source: str) -> None:
    rules = "".join(f"  - id: r{i}\n    pattern: 'x'\n    when_source: '{_CONDITIONS[i]}'\n" for i in chosen)
    m = GlossaryMatcher(parse_glossary("rules:\n" + rules, Path("g.yaml")))
    conditions = m._plan.conditions
    assert conditions is not None
    sure, unsure = conditions.holding(source, 1.0)
    holding = {r.id for r in sure} | {r.id for r in unsure if r.when_source.search(source)}
    assert holding == {f"r{i}" for i in chosen if regex.search(_CONDITIONS[i], source)}


# ---------------------------------------------------------------------------------------------
# The repetition checks grow with the text, not its square


class _ScanCounter:
    """Characters the repetition checks' patterns are asked to scan (each search, match or
    finditer counts the text from where it starts): the work that grew with the square of a long
    repetitive line when each repetition searched the whole source again."""

    def __init__(self) -> None:
        self.scanned = 0

    def wrap(self, pattern: Any) -> Any:
        counter = self

        class Scanning:
            def __getattr__(self, name: str) -> Any:
                return getattr(pattern, name)

            def _count(self, args: tuple[Any, ...]) -> None:
                text = args[0]
                start = args[1] if len(args) > 1 else 0
                counter.scanned += max(1, len(text) - start)

            def search(self, *args: Any, **kwargs: Any) -> Any:
                self._count(args)
                return pattern.search(*args, **kwargs)

            def match(self, *args: Any, **kwargs: Any) -> Any:
                self._count(args)
                return pattern.match(*args, **kwargs)

            def fullmatch(self, *args: Any, **kwargs: Any) -> Any:
                self._count(args)
                return pattern.fullmatch(*args, **kwargs)

            def finditer(self, *args: Any, **kwargs: Any) -> Any:
                self._count(args)
                return pattern.finditer(*args, **kwargs)

        return Scanning()


def _scanned(monkeypatch: pytest.MonkeyPatch, check: Any, source: str, target: str) -> tuple[int, int]:
    counter = _ScanCounter()
    with monkeypatch.context() as patch:
        for name, value in vars(generic).items():
            if isinstance(value, regex.Pattern):
                patch.setattr(generic, name, counter.wrap(value))
        patch.setattr(generic, "rx", lambda *a, **k: counter.wrap(regex.compile(*a, **k)))
        flags = list(check.run(SegmentContext("1", source, target)))
    return counter.scanned, len(flags)


@pytest.mark.parametrize(("check", "unit"), [
    (RepeatedWord(), "AI "),            # every pair of words is a repetition
    (RepeatedPhrase(), "satu dua "),    # a two-word phrase over and over
    (RepeatedPhrase(), "AI "),
    (RepeatedPhrase(), "a b c d e f g h i "),
])
def test_repetition_checks_scan_a_long_line_a_bounded_number_of_times(monkeypatch: pytest.MonkeyPatch,
                                                                      check: Any, unit: str) -> None:
    work = []
    for words in (400, 1600):
        source = " ".join(f"w{i}" for i in range(words))  # no repetition to excuse the target's
        target = unit * (words // len(unit.split()))
        scanned, flagged = _scanned(monkeypatch, check, source, target)
        assert flagged > 0
        work.append(scanned / (len(source) + len(target)))
    # Four times the text costs about four times the scanning (it was sixteen: quadratic).
    assert work[1] <= work[0] * 1.25, work


@pytest.mark.parametrize(("check", "source", "target", "flagged"), [
    (RepeatedPhrase(), "the Peterson Institute for International Economics",
     "Peterson Institute The Peterson Institute untuk Ekonomi Internasional", [" The Peterson Institute"]),
    (RepeatedPhrase(), "very happy", "sangat senang, sangat senang", []),  # set off by a comma: deliberate
    (RepeatedPhrase(), "Duran Duran Duran Duran played", "Duran Duran Duran Duran bermain", []),
    (RepeatedPhrase(), "bye bye, bye bye", "dah dah dah dah", []),  # the source repeats, in other words
    (RepeatedPhrase(), "the chip maker", "pembuat chip pembuat chip", [" pembuat chip"]),
    (RepeatedPhrase(), "Made in China, China", "buatan China China", []),
    (RepeatedWord(), "Scale AI said", "AI AI mengatakan", ["AI AI"]),
    (RepeatedWord(), "no, no, no", "tidak tidak tidak", []),
    (RepeatedWord(), "AI-AI, they said", "AI AI, kata mereka", []),  # the source doubles it with a hyphen
    (RepeatedWord(), "AI, AI!", "AI AI!", []),
    (RepeatedWord(), "xAI AI", "AI AI", ["AI AI"]),  # "xAI" is another word
    (RepeatedWord(), "H800-nya H800-nya", "H800-nya H800-nya", []),
    (RepeatedWord(), "Scale AI said that that", "AI AI mengatakan itu", ["AI AI"]),  # it repeats other words
    (RepeatedWord(), "in 2020 2021", "pada 2020 2020", []),  # numbers are left alone
])
def test_repetition_checks_flag_and_stay_quiet_as_before(check: Any, source: str, target: str,
                                                         flagged: list[str]) -> None:
    assert [f.text for f in check.run(SegmentContext("1", source, target))] == flagged


def _doubled_by_search(text: str, phrase: str) -> bool:
    """The search the repetition checks ran over the whole source for each repetition."""
    return bool(regex.search(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(phrase)}[\s,-]+{regex.escape(phrase)}"
                             rf"(?![\p{{L}}\p{{N}}])", text, regex.IGNORECASE))


_DOUBLE_PIECES = st.sampled_from(["AI", "ai", "nya", "H800", "-", " ", ", ", "  ", "\t", "x", "_", "é", "É",
                                  "ß", "SS", "no", "No", ".", "(", "'", "10,5", "İ", "i", "ı", "I", "Σ", "ς"])


@settings(max_examples=500, deadline=None)
@given(source=st.lists(_DOUBLE_PIECES, max_size=12).map("".join),
       target=st.lists(_DOUBLE_PIECES, min_size=1, max_size=12).map("".join),
       first=st.integers(0, 20), length=st.integers(1, 3))
def test_source_doubles_a_phrase_exactly_where_the_search_finds_it(source: str, target: str, first: int,
                                                                   length: int) -> None:
    tokens = [t.text for t in tokenize(target)]
    if not tokens:
        return
    start = first % len(tokens)
    phrase = " ".join(tokens[start:start + length])
    # By the index (what every phrase after the first few of a segment is looked up in).
    assert generic._SourceRepeats(source, searches=0).doubles(phrase) == _doubled_by_search(source, phrase)


# ---------------------------------------------------------------------------------------------
# fix: a rule once per place


def _flag(start: int, end: int, text: str, suggestion: str, rule: str) -> Flag:
    return Flag(rule, "style", Severity.MINOR, Side.TARGET, start, end, text, "m", suggestion)


def test_a_rule_is_not_applied_again_to_text_it_wrote() -> None:
    checker = Checker(parse_glossary("""\
rules:
  - id: kantor-pusat
    pattern: '\\bkantor\\b'
    replace: 'kantor pusat'
""", Path("g.yaml")))
    result = fix_until_stable("Dia di kantor dan kantor.", lambda t: checker.check_segment("1", "x", t),
                              lambda f: True)
    assert result.text == "Dia di kantor pusat dan kantor pusat."
    assert [f.rule for f in result.applied] == ["kantor-pusat", "kantor-pusat"]


def test_another_rule_may_still_fix_what_a_rule_wrote() -> None:
    def check(text: str) -> list[Flag]:
        flags = [_flag(m.start(), m.end(), m.group(), "di kantor pusat", "pusat")
                 for m in regex.finditer(r"\bdi kantor(?! pusat)", text)]
        flags += [_flag(m.start(), m.end(), m.group(), "Pusat", "capital") for m in regex.finditer(r"\bpusat\b", text)]
        return flags

    result = fix_until_stable("di kantor", check, lambda f: True)
    assert result.text == "di kantor Pusat"
    assert [f.rule for f in result.applied] == ["pusat", "capital"]


def test_a_rule_whose_output_matches_itself_is_applied_once() -> None:
    calls = []

    def check(text: str) -> list[Flag]:
        calls.append(text)
        return [_flag(m.start(), m.end(), m.group(), "AI AI", "grow") for m in regex.finditer("AI", text)]

    result = fix_until_stable("AI", check, lambda f: True)
    assert result.text == "AI AI"
    assert len(result.applied) == 1 and len(calls) == 2


# ---------------------------------------------------------------------------------------------
# One clitic after a plain-word rendering


def test_forbidden_word_with_a_glued_and_a_hyphenated_clitic_keeps_one() -> None:
    m = GlossaryMatcher(parse_glossary("terms:\n  - {source: use, target: guna, forbidden: [pakai]}\n",
                                       Path("g.yaml")))
    (flag,) = m.check("We use it.", "Kami pakainya-nya.")
    # What the rendering's pattern finds, and a suggestion that keeps the clitic it found.
    assert (flag.text, flag.start, flag.end, flag.suggestion) == ("pakainya", 5, 13, "gunanya")
