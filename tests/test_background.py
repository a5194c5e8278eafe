"""The background checker (a worker process) reports what the session itself would find."""

from __future__ import annotations

from pathlib import Path

from reviewer.checking.background import BackgroundChecker
from reviewer.core.model import flag_keys
from reviewer.review.session import ReviewSession
from reviewer.review.view import open_counts
from tests.tui_support import bundled_session


def test_background_summaries_equal_the_sessions_own_flags(tmp_path: Path) -> None:
    session: ReviewSession = bundled_session(tmp_path)
    session.edit("p8.s1", "DeepSeek mengatakan bahwa model terbarunya dilatih NVIDIA H800.")
    flag = session.flags("p1.s1")[0]
    session.dismiss("p1.s1", flag, "brand")
    background = BackgroundChecker(session.corpus, session.spec)
    try:
        verdicts = background.verdicts(dict(session.targets)).result(timeout=120)
        session.set_corpus_verdicts(verdicts)
        summaries = [s for chunk in background.summaries(dict(session.targets), chunk=10) for s in chunk]
    finally:
        background.close()
    assert [s.segment_id for s in summaries] == [seg.id for seg in session.segments]
    for summary in summaries:
        flags = session.all_flags(summary.segment_id)
        assert summary.target == session.target(summary.segment_id)
        assert list(summary.rules) == [f.rule for f in flags]
        assert list(summary.flag_keys) == flag_keys(flags)
    by_id = {s.segment_id: s for s in summaries}
    assert open_counts(by_id["p1.s1"], session.dismissed.get("p1.s1")) == (0, 0, 0)
    assert "term:h800s" not in by_id["p8.s1"].rules and "trained-on" in by_id["p8.s1"].rules
    session.close()


def test_repeated_segments_are_summarised_like_the_session_flags_them(tmp_path: Path) -> None:
    """The worker checks a repeated pair once per run (a memo); every occurrence still gets the
    flags the session finds for it, and a second run after an edit sees the edit."""
    pairs = [("Shares of NVIDIA grew.", "Saham NVIDIA tumbuh."), ("Shares of Nvidia fell.", "Saham Nvidia turun."),
             ("It is not cheap.", "Itu murah."), ("NVIDIA won.", "NVIDIA menang.")]
    lines = [pairs[i % len(pairs)] for i in range(40)]
    src, tgt = tmp_path / "s.txt", tmp_path / "t.txt"
    src.write_text("".join(s + "\n" for s, _ in lines), encoding="utf-8")
    tgt.write_text("".join(t + "\n" for _, t in lines), encoding="utf-8")
    session = ReviewSession.open(source=src, target=tgt, session_path=tmp_path / "s.sqlite", user="t")
    background = BackgroundChecker(session.corpus, session.spec)

    def summarise() -> dict[str, list[str]]:
        verdicts = background.verdicts(dict(session.targets)).result(timeout=120)
        session.set_corpus_verdicts(verdicts)
        return {s.segment_id: list(s.rules) for chunk in background.summaries(dict(session.targets), chunk=7)
                for s in chunk}

    try:
        first = summarise()
        assert first == {seg.id: [f.rule for f in session.all_flags(seg.id)] for seg in session.segments}
        assert [i for i, rules in first.items() if "inconsistent-case" in rules] == [str(n) for n in range(2, 41, 4)]
        for seg in session.segments:
            if seg.target == "Saham NVIDIA tumbuh." or seg.target == "NVIDIA menang.":
                session.edit(seg.id, seg.target.replace("NVIDIA", "Nvidia"))
        second = summarise()  # Nvidia is now the usual spelling, and no name is written two ways
    finally:
        background.close()
    assert second == {seg.id: [f.rule for f in session.all_flags(seg.id)] for seg in session.segments}
    assert not any("inconsistent-case" in rules for rules in second.values())
    session.close()
