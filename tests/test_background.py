"""The background checker (a worker process) reports what the session itself would find."""

from __future__ import annotations

from pathlib import Path

from reviewer.background import BackgroundChecker, open_counts
from reviewer.session import ReviewSession, flag_keys
from tests.tui_support import bundled_session


def test_background_summaries_equal_the_sessions_own_flags(tmp_path: Path) -> None:
    session: ReviewSession = bundled_session(tmp_path)
    session.edit("p8.s1", "DeepSeek mengatakan bahwa model terbarunya dilatih NVIDIA H800.")
    flag = session.flags("p1.s1")[0]
    session.dismiss("p1.s1", flag, "brand")
    background = BackgroundChecker(session.corpus, session.glossary_paths)
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
