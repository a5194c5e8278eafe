"""Rule statistics across sessions (`review.learning`): counted from the session logs through the
CLI, never twice, reported by `reviewer checks --stats`, and acted on, visibly, by `reviewer
check` (demoted or hidden rules, named in the summary with the reason)."""

from __future__ import annotations

import json
import os
import stat
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from reviewer.cli import main
from reviewer.core.model import Flag, Severity, Side
from reviewer.review import learning
from reviewer.review.learning import Demotion, LearningSettings, RuleStats
from reviewer.review.session import ReviewSession
from reviewer.scoring.report import build_report

NUMBER_LINE = ("number-mismatch   20%  decided 10: applied 1, by hand 1, dismissed 8 "
               "(unit conversion ×5, rounded ×3), left open 0")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """Twelve segments whose number differs from the source's (number-mismatch, with a
    suggestion) and one with a Malay word (malay-word)."""
    rows = [f"s{i}\tThe server has 1{i:02d} cores.\tServer memiliki 9{i:02d} core." for i in range(1, 13)]
    rows.append("s13\tOpen the file.\tBuka fail itu.")
    path = tmp_path / "project" / "c.tsv"
    path.parent.mkdir()
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def session_cli(capsys: pytest.CaptureFixture[str], corpus: Path, *argv: str) -> str:
    code, out, err = run(capsys, "session", argv[0], "--corpus", str(corpus), *argv[1:])
    assert code == 0, err
    return out


def decide_through_cli(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    """number-mismatch: dismissed 8 times (5 unit conversion, 3 rounded), applied once, fixed
    by hand once; s11 and s12 left undecided (open, not approved)."""
    for i in range(1, 6):
        session_cli(capsys, corpus, "dismiss", f"s{i}", "number-mismatch", "--reason", "unit conversion")
    for i in range(6, 9):
        session_cli(capsys, corpus, "dismiss", f"s{i}", "number-mismatch", "--reason", "rounded")
    assert session_cli(capsys, corpus, "apply", "s9", "--rule", "number-mismatch") == "s9: Server memiliki 109 core.\n"
    session_cli(capsys, corpus, "edit", "s10", "Server memiliki 110 core.")
    session_cli(capsys, corpus, "approve", "s10")


def stats_text(capsys: pytest.CaptureFixture[str]) -> list[str]:
    code, out, _ = run(capsys, "checks", "--stats")
    assert code == 0
    return out.splitlines()


def check_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, err = run(capsys, "check", "--format", "json", "--fail-on", "never", *argv)
    assert code == 0, err
    return json.loads(out)


def severities(report: dict[str, Any], rule: str) -> list[str]:
    return [f["severity"] for s in report["segments"] for f in s["flags"] if f["rule"] == rule]


# ---------------------------------------------------------------------------------------------
# Counting, through the CLI


def test_dismissed_8_of_10_is_20_percent_and_demoted_with_the_reason(
        capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    decide_through_cli(capsys, corpus)
    lines = stats_text(capsys)
    assert lines[0] == NUMBER_LINE
    assert lines[1] == (f"precision = (applied + by hand) / decided; kept in {learning.stats_path()}; "
                        "`reviewer checks --stats --reset` forgets them")
    code, out, _ = run(capsys, "checks", "--stats", "--json")
    assert json.loads(out)["rules"] == [{
        "rule": "number-mismatch", "precision": 0.2, "decided": 10, "applied": 1, "by_hand": 1, "dismissed": 8,
        "left_open": 0, "reasons": {"unit conversion": 5, "rounded": 3}}]

    # The ten decided segments no longer flag it; s11 and s12 still do, now as minor.
    report = check_json(capsys, str(corpus), "--demote-below", "0.5", "--min-decisions", "10")
    assert severities(report, "number-mismatch") == ["minor"] * 12  # (the check reads the corpus as it is)
    assert severities(report, "malay-word") == ["major"]
    assert report["summary"]["by_severity"] == {"minor": 12, "major": 1, "critical": 0}
    assert report["summary"]["demoted"] == [{"rule": "number-mismatch", "precision": 0.2, "decided": 10,
                                             "dismissed": 8, "to": "minor", "flags": 12}]

    code, out, _ = run(capsys, "check", str(corpus), "--demote-below", "0.5", "--min-decisions", "10")
    assert code == 1  # malay-word is still major
    assert "  minor  number-mismatch  [accuracy/mistranslation]\n" in out
    assert "  major  number-mismatch" not in out
    assert out.splitlines()[-1] == "demoted to minor: number-mismatch (precision 20%, 8 of 10 dismissed): 12 flags"


def test_below_the_minimum_of_decisions_nothing_is_demoted(
        capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    decide_through_cli(capsys, corpus)
    report = check_json(capsys, str(corpus), "--demote-below", "0.5", "--min-decisions", "11")
    assert severities(report, "number-mismatch") == ["major"] * 12
    assert "demoted" not in report["summary"]
    code, out, _ = run(capsys, "check", str(corpus), "--demote-below", "0.5", "--min-decisions", "11")
    assert "demoted" not in out


def test_undo_takes_the_decision_back_out_of_the_counts(
        capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    decide_through_cli(capsys, corpus)
    session_cli(capsys, corpus, "undo")  # the approval of s10: no count depended on it
    assert stats_text(capsys)[0] == NUMBER_LINE
    session_cli(capsys, corpus, "undo")  # the hand edit of s10
    assert stats_text(capsys)[0] == ("number-mismatch   11%  decided 9: applied 1, by hand 0, dismissed 8 "
                                     "(unit conversion ×5, rounded ×3), left open 0")
    session_cli(capsys, corpus, "redo")
    assert stats_text(capsys)[0] == NUMBER_LINE
    # Redone and recounted, still once: and now too few decisions for a demotion at 11.
    report = check_json(capsys, str(corpus), "--demote-below", "0.5", "--min-decisions", "11")
    assert "demoted" not in report["summary"]


def test_project_config_demotes_and_the_command_line_wins(
        capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    decide_through_cli(capsys, corpus)
    (corpus.parent / "reviewer.toml").write_text("[learning]\ndemote_below = 0.3\nmin_decisions = 10\n",
                                                 encoding="utf-8")
    report = check_json(capsys, str(corpus))
    assert severities(report, "number-mismatch") == ["minor"] * 12
    assert report["summary"]["demoted"][0]["to"] == "minor"
    # 20% is not below 0.1, and the command line wins over the file.
    report = check_json(capsys, str(corpus), "--demote-below", "0.1")
    assert severities(report, "number-mismatch") == ["major"] * 12
    assert "demoted" not in report["summary"]


def test_hidden_flags_are_named_with_their_number(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    decide_through_cli(capsys, corpus)
    (corpus.parent / "reviewer.toml").write_text("[learning]\nhide_below = 0.25\n", encoding="utf-8")
    report = check_json(capsys, str(corpus))
    assert severities(report, "number-mismatch") == []
    assert report["summary"]["flags"] == 1
    assert report["summary"]["demoted"] == [{"rule": "number-mismatch", "precision": 0.2, "decided": 10,
                                             "dismissed": 8, "to": "hidden", "flags": 12}]
    # Formats without a summary say it on stderr.
    code, out, err = run(capsys, "check", str(corpus), "--format", "jsonl")
    assert "number-mismatch" not in out
    assert err == ("reviewer: note: hidden: number-mismatch (precision 20%, 8 of 10 dismissed): 12 flags not "
                   "shown or counted; --hide-below 0 shows them\n")


def test_a_rule_with_high_precision_stays_as_it_is(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    decide_through_cli(capsys, corpus)
    session_cli(capsys, corpus, "apply", "s13", "--rule", "malay-word")
    (corpus.parent / "other.tsv").write_text("x1\tOpen the file.\tBuka fail itu.\n", encoding="utf-8")
    report = check_json(capsys, str(corpus.parent / "other.tsv"), "--demote-below", "0.5", "--min-decisions", "1")
    assert severities(report, "malay-word") == ["major"]
    assert "demoted" not in report["summary"]
    assert stats_text(capsys)[1] == ("malay-word       100%  decided 1: applied 1, by hand 0, dismissed 0, "
                                     "left open 0")


def test_no_statistics_file_no_demotion_and_none_created(
        capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    report = check_json(capsys, str(corpus), "--demote-below", "1", "--min-decisions", "1")
    assert severities(report, "number-mismatch") == ["major"] * 12
    assert "demoted" not in report["summary"]
    assert not learning.stats_path().exists()
    assert stats_text(capsys) == [f"no decisions recorded yet (they are kept in {learning.stats_path()})"]
    assert not learning.stats_path().exists()


def test_reset_forgets_and_counts_only_later_decisions(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    decide_through_cli(capsys, corpus)
    code, _, err = run(capsys, "checks", "--stats", "--reset")
    assert code == 0 and err == f"rule statistics forgotten: {learning.stats_path()}\n"
    assert stats_text(capsys)[0].startswith("no decisions recorded yet")
    # The same session changes again: what it decided before the reset stays forgotten.
    session_cli(capsys, corpus, "dismiss", "s11", "number-mismatch", "--reason", "rounded")
    assert stats_text(capsys)[0] == ("number-mismatch    0%  decided 1: applied 0, by hand 0, dismissed 1 "
                                     "(rounded ×1), left open 0")


# ---------------------------------------------------------------------------------------------
# The engine's counting


def open_session(corpus: Path, name: str = "s.sqlite") -> ReviewSession:
    return ReviewSession.open(corpus, session_path=corpus.parent / name, user="tester")


def test_a_flag_left_open_on_an_approved_segment_counts_as_decided(corpus: Path) -> None:
    session = open_session(corpus)
    try:
        session.set_approved("s1")
        session.set_approved("s13")
        assert session.save_statistics() is None  # (written at most every few seconds, and on close)
        stats = learning.load_stats()
        assert (stats["number-mismatch"].left_open, stats["malay-word"].left_open) == (1, 1)
        assert stats["number-mismatch"].precision == 0.0
        session.set_approved("s1", False)
        session.save_statistics()
        assert "number-mismatch" not in learning.load_stats()
    finally:
        session.close()


def test_recording_again_or_from_two_sessions_never_double_counts(corpus: Path) -> None:
    first = open_session(corpus, "a.sqlite")
    second = open_session(corpus, "b.sqlite")
    try:
        first.dismiss("s1", first.flags("s1")[0], "")
        second.dismiss("s2", second.flags("s2")[0], "unit conversion")
        for _ in range(3):
            assert learning.record_session(first) is None
        stats = learning.load_stats()["number-mismatch"]
        assert (stats.dismissed, stats.decided) == (2, 2)
        assert dict(stats.reasons) == {learning.NO_REASON: 1, "unit conversion": 1}
    finally:
        first.close()
        second.close()


def test_glossary_entries_are_counted_by_their_id(tmp_path: Path) -> None:
    session = ReviewSession.open(session_path=tmp_path / "article.sqlite", user="tester")  # the bundled article
    try:
        (flag,) = [f for f in session.flags("p1.s1") if f.rule == "dnt:deepseek"]
        session.dismiss("p1.s1", flag, "a name here")
    finally:
        session.close()
    assert learning.load_stats()["dnt:deepseek"].to_dict() == {
        "rule": "dnt:deepseek", "precision": 0.0, "decided": 1, "applied": 0, "by_hand": 0, "dismissed": 1,
        "left_open": 0, "reasons": {"a name here": 1}}


def test_the_stats_line_names_the_three_commonest_reasons() -> None:
    from reviewer.cli.check import _stats_line

    stats = RuleStats("r", applied=1, reasons=Counter({"a": 3, "b": 2, "c": 2, "d": 1, "e": 1}), dismissed=9)
    assert _stats_line(stats, 3) == ("r     10%  decided 10: applied 1, by hand 0, dismissed 9 (a ×3, b ×2, c ×2, "
                                     "2 more), left open 0")


def test_the_statistics_file_follows_the_umask(corpus: Path) -> None:
    old = os.umask(0o077)
    try:
        session = open_session(corpus)
        session.dismiss("s1", session.flags("s1")[0])
        session.close()
    finally:
        os.umask(old)
    assert stat.S_IMODE(learning.stats_path().stat().st_mode) & 0o077 == 0


def test_a_statistics_failure_never_stops_the_review(corpus: Path) -> None:
    learning.stats_path().parent.mkdir(parents=True, exist_ok=True)
    learning.stats_path().write_bytes(b"this is not a database" * 100)
    session = open_session(corpus)
    try:
        session.dismiss("s1", session.flags("s1")[0])
        assert session.dismissed["s1"]
        assert session.stats_problem is not None and "rule statistics not updated" in session.stats_problem
    finally:
        session.close()


@pytest.mark.parametrize(("stats", "settings", "expected"), [
    (RuleStats("r", applied=2, dismissed=8), LearningSettings(0.3, None, 10), "minor"),
    (RuleStats("r", applied=2, dismissed=8), LearningSettings(0.2, None, 10), None),  # not below
    (RuleStats("r", applied=2, dismissed=8), LearningSettings(0.3, 0.25, 10), "hidden"),
    (RuleStats("r", applied=2, dismissed=8), LearningSettings(0.3, None, 11), None),
    (RuleStats("r", applied=9, left_open=1), LearningSettings(0.95, None, 10), "minor"),
    (RuleStats("r", applied=2, dismissed=8), LearningSettings(), None),
])
def test_demotion_policy(stats: RuleStats, settings: LearningSettings, expected: str | None) -> None:
    found = learning.demotions({stats.rule: stats}, settings)
    assert (found["r"].to if found else None) == expected


def test_demotion_reason() -> None:
    assert Demotion("number-mismatch", 0.2, 10, 8, "minor").reason == "precision 20%, 8 of 10 dismissed"


# ---------------------------------------------------------------------------------------------
# reviewer.toml


@pytest.mark.parametrize(("text", "message"), [
    ("[learning\n", "not valid TOML"),
    ("[learning]\ndemote_below = 1.5\n", "learning.demote_below must be a precision from 0 to 1, not 1.5"),
    ("[learning]\nhide_below = true\n", "learning.hide_below must be a precision from 0 to 1, not True"),
    ("[learning]\nmin_decisions = 0\n", "learning.min_decisions must be a whole number, 1 or more, not 0"),
    ("[learning]\ndemote_bellow = 0.3\n", "unknown key learning.demote_bellow (known: demote_below, hide_below, "
                                           "min_decisions)"),
    ("[learnin]\ndemote_below = 0.3\n", "unknown section or key 'learnin' (known: learning)"),
])
def test_a_bad_project_config_names_the_file_and_the_key(
        capsys: pytest.CaptureFixture[str], corpus: Path, text: str, message: str) -> None:
    config = corpus.parent / "reviewer.toml"
    config.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "check", str(corpus))
    assert code == 2 and out == ""
    assert err.startswith(f"reviewer: error: {config}: ") and message in err


def test_command_line_values_out_of_range_are_refused(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", str(corpus), "--demote-below", "2"])
    assert exc.value.code == 2
    assert "--demote-below: must be from 0 to 1: 2" in capsys.readouterr().err


def test_reset_and_json_go_with_stats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "checks", "--reset")
    assert (code, out) == (2, "")
    assert err == "reviewer: error: --reset and --json go with --stats: reviewer checks --stats --reset\n"
    assert not learning.stats_path().exists()


# ---------------------------------------------------------------------------------------------
# Where it shows: the report and the flags panel


def test_the_report_shows_each_rules_precision(corpus: Path) -> None:
    session = open_session(corpus)
    try:
        for i in range(1, 4):
            session.dismiss(f"s{i}", session.flags(f"s{i}")[0], "<b>unit</b>")
        page = build_report(session).to_html()
    finally:
        session.close()
    assert "<h2>Rule precision</h2>" in page
    assert ('<tr><td><bdi>number-mismatch</bdi></td><td class="num">0%</td><td class="num">3</td>'
            '<td class="num">0</td><td class="num">0</td><td class="num">3</td><td class="num">0</td>'
            "<td><bdi>&lt;b&gt;unit&lt;/b&gt;</bdi> ×3</td></tr>") in page


def test_the_flags_panel_says_how_often_the_rule_was_dismissed() -> None:
    from reviewer.tui.widgets.panels import FlagItem, _describe, doubt

    assert doubt(RuleStats("r", applied=3, dismissed=7)) == "this rule: 7 of 10 dismissed"
    assert doubt(RuleStats("r", applied=1, dismissed=2, left_open=2)) == "this rule: 2 of 5 dismissed, 2 left open"
    assert doubt(RuleStats("r", applied=1, dismissed=3)) is None  # too few decisions
    assert doubt(RuleStats("r", applied=5, dismissed=5)) is None  # half accepted
    assert doubt(None) is None
    rule = "[b]dnt:x[/b]"
    flag = Flag(rule, "terminology", Severity.MAJOR, Side.TARGET, 0, 1, "x", "[@click=app.quit]")
    shown = _describe(FlagItem(flag), {rule: RuleStats(rule, applied=3, dismissed=7)})
    assert shown.plain.splitlines() == [f"major    {rule}  [terminology]", "[@click=app.quit]",
                                        "this rule: 7 of 10 dismissed"]
    assert _describe(FlagItem(flag), {}).plain.splitlines()[-1] == "[@click=app.quit]"


async def test_the_review_ui_shows_the_doubt_on_the_flag(corpus: Path) -> None:
    from reviewer.tui.widgets.panels import FlagsPanel
    from tests.tui_support import make_app

    earlier = open_session(corpus, "earlier.sqlite")
    for i in range(1, 7):  # 6 of 6 dismissed in an earlier review
        earlier.dismiss(f"s{i}", earlier.flags(f"s{i}")[0], "unit conversion")
    earlier.close()
    app = make_app(open_session(corpus, "now.sqlite"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        panel = app.query_one(FlagsPanel)
        assert app.main_screen.current == "s1"
        shown = panel.get_option_at_index(0).prompt
        assert str(shown).splitlines()[-2:] == ["→ 101", "this rule: 6 of 6 dismissed"]


def test_a_busy_review_writes_the_statistics_at_most_every_few_seconds_and_on_close(
        corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reviewer.review import session as session_module

    written = []
    real = session_module.record_session
    monkeypatch.setattr(session_module, "record_session", lambda s: written.append(1) or real(s))
    session = open_session(corpus)
    for i in range(1, 4):
        session.dismiss(f"s{i}", session.flags(f"s{i}")[0], "unit conversion")
    assert len(written) == 1  # the first change, then nothing for LEARN_EVERY seconds
    session.close()
    assert len(written) == 2  # closing writes what was left
    assert learning.load_stats()["number-mismatch"].dismissed == 3
