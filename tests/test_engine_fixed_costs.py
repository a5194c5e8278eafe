"""The engine's fixed costs written faster give the same text: the JSON line of `check --format jsonl`."""

from __future__ import annotations

import pytest

from reviewer.checking.engine import Checker, SegmentResult
from reviewer.checks import TriggerPlan, fires
from reviewer.cli.check import _json, _Renderer
from reviewer.core.model import Flag, Segment, Severity, Side

PAIRS = [
    ("The AI AI model costs $ 103.", "Model AI AI itu berharga $ 103."),
    ('He said "no".', "Dia berkata “tidak“."),
    ("Tabs\tand [b]markup[/b] stay.", "Tab\tdan [b]markup[/b] tetap\u200b ada (."),
    ("Control \x1b[31m and \x85 and \x7f.", "Kontrol \x1b[31m dan \x85 dan \x7f \u009b lagi lagi."),
    ("RTL \u202e text and CJK 日本語.", "Teks RTL \u202e dan dan CJK 日本語 \U0001f600."),
    ('Quote " and backslash \\ here.', 'Kutipan " dan garis miring \\ di sini di sini.'),
]


def _results() -> list[SegmentResult]:
    checker = Checker()
    out = []
    for i, (source, target) in enumerate(PAIRS):
        out.append(SegmentResult(Segment(f"s{i}\u0085\"", source, target), checker.check_segment(str(i), source, target)))
    return out


def test_the_pairs_give_flags() -> None:
    assert all(r.flags for r in _results())


@pytest.mark.parametrize("result", _results(), ids=lambda r: r.segment.target[:12])
def test_jsonl_line_is_the_encoders_text(result: SegmentResult) -> None:
    assert _Renderer("jsonl", False)(result) == _json(result.to_dict()) + "\n"


def test_jsonl_line_with_no_suggestion_and_fuzzy() -> None:
    flag = Flag("x-rule", "fluency/x", Severity.MAJOR, Side.SOURCE, 0, 3, "a\x9bb", 'say "hi"\n', None)
    result = SegmentResult(Segment("7", "a\x9bb c", "d"), [flag, flag])
    result.segment.extra = {"flags": ["fuzzy"]}
    line = _Renderer("jsonl", False)(result)
    assert line == _json(result.to_dict()) + "\n"
    assert line == ('{"id": "7", "source": "a\\u009bb c", "target": "d", "flags": [{"rule": "x-rule", '
                    '"category": "fluency/x", "severity": "major", "side": "source", "start": 0, "end": 3, '
                    '"text": "a\\u009bb", "message": "say \\"hi\\"\\n", "suggestion": null}, {"rule": "x-rule", '
                    '"category": "fluency/x", "severity": "major", "side": "source", "start": 0, "end": 3, '
                    '"text": "a\\u009bb", "message": "say \\"hi\\"\\n", "suggestion": null}], "fuzzy": true}\n')


def test_jsonl_line_without_flags_is_nothing() -> None:
    assert _Renderer("jsonl", False)(SegmentResult(Segment("1", "a", "b"), [])) is None


# The trigger plan: the checks it picks from its table of combinations are those `fires` picks.

TEXTS = [
    ("", ""),
    ("Hello.", "Halo."),
    ("The 3 new GPUs cost $5.", "Tiga GPU baru berharga $ 5 (lima."),
    ("He did not go to China.", 'Dia pergi ke Cina "kemarin".'),
    ("Open %s in {app}.", "Buka %s di <b>{app}</b>."),
    ("Two  spaces\n", " Dua  spasi\n"),
    ("It is faster than ever!", "Ini lebih cepat dari sebelumnya..."),
]


def test_trigger_plan_picks_what_fires_picks() -> None:
    checker = Checker()
    plan = TriggerPlan(checker.segment_checks)
    for _ in range(2):  # (the second round reads the table the first one filled)
        for source, target in TEXTS:
            expected = [c for c in checker.segment_checks if fires(c, checker.context("1", source, target))]
            assert plan.checks_to_run(checker.context("1", source, target)) == expected


def test_trigger_plan_leaves_its_results_in_the_context() -> None:
    checker = Checker()
    plan = TriggerPlan(checker.segment_checks)
    patterns = {p for c in checker.segment_checks if c.trigger for p in (c.trigger.source, c.trigger.target) if p}
    for source, target in TEXTS:
        ctx = checker.context("1", source, target)
        ctx.found_in_source(next(iter(patterns)))  # (a search before the plan's: the plan's results win)
        plan.checks_to_run(ctx)
        for pattern in patterns:
            assert ctx.found(pattern, Side.SOURCE) is (pattern.search(source) is not None)
            assert ctx.found(pattern, Side.TARGET) is (pattern.search(target) is not None)


def test_trigger_plan_table_starts_afresh_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TriggerPlan, "CHOSEN", 2)
    checker = Checker()
    plan = TriggerPlan(checker.segment_checks)
    for source, target in TEXTS:
        plan.checks_to_run(checker.context("1", source, target))
        assert len(plan._chosen) <= 2
