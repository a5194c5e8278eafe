"""The main screen's background work: checking every segment and scoring it without blocking
the screen (in a thread, or a worker process for large corpora), and taking the results in.
`MainScreen` builds on it; this class holds no layout and no key handling."""

from __future__ import annotations

import gc
import time
from collections.abc import Sequence
from typing import Any

from textual import work
from textual.screen import Screen
from textual.worker import get_current_worker

from reviewer.checking.background import BackgroundChecker, SegmentSummary
from reviewer.core.model import Segment
from reviewer.review.session import ReviewSession
from reviewer.review.view import ReviewView
from reviewer.scoring.metrics import SessionScores, category_counts
from reviewer.tui.widgets.panels import FlagsPanel
from reviewer.tui.widgets.scores import ScorePanel
from reviewer.tui.widgets.segment_list import SegmentList


class CheckingScreen(Screen[None]):
    """Checks and scores a session's segments in the background; the subclass shows them."""

    session: ReviewSession
    view: ReviewView
    current: str | None
    scores: SessionScores
    scored_all: bool
    _categories: Any
    _background: BackgroundChecker | None
    last_input: float
    """When the reviewer last pressed a key or clicked (monotonic seconds; the app sets it)."""

    def show_segment(self, seg_id: str, keep_flag: int | None = None) -> None:
        raise NotImplementedError

    def update_status(self) -> None:
        raise NotImplementedError

    #: Background work (scoring, taking in check results) waits this long after a key press or
    #: a click, so that the screen has the interpreter to itself while the reviewer is moving.
    INPUT_QUIET = 0.25

    def _yield_to_input(self, longest: float = 1.0) -> None:
        """In a worker thread: wait while the reviewer is pressing keys (at most `longest` s)."""
        waited = 0.0
        while time.monotonic() - self.last_input < self.INPUT_QUIET and waited < longest:
            time.sleep(0.02)
            waited += 0.02

    # -- background checking --------------------------------------------------------------
    @work(thread=True, exclusive=True, group="checks")
    def check_all(self) -> None:
        """Check every segment without blocking the screen; the list fills in as it goes. Large
        corpora are checked by a worker process; this thread only waits for its results."""
        worker = get_current_worker()
        session, view, app = self.session, self.view, self.app
        total = len(session.segments)
        if self._background is not None:
            background = self._background
            edited = dict(session.targets)
            verdicts = background.verdicts(edited).result()
            app.call_from_thread(self._use_verdicts, verdicts)
            done = 0
            for summaries in background.summaries(edited):
                if worker.is_cancelled:
                    return
                done += len(summaries)
                self._yield_to_input()
                app.call_from_thread(self._take_summaries, summaries, done * 100 // max(1, total))
            app.call_from_thread(self._checks_done)
            return
        session.refresh_corpus_flags()
        for i, seg in enumerate(session.segments, 1):
            if worker.is_cancelled:
                return
            view.count(seg.id)
            time.sleep(0)  # hand the interpreter to the screen thread if it is waiting for a key
            if i % 500 == 0:
                app.call_from_thread(self._progress, i * 100 // max(1, total))
        app.call_from_thread(self._checks_done)

    def _use_verdicts(self, verdicts: list[Any]) -> None:
        if self.view.use_verdicts(verdicts) and self.current:
            self.show_segment(self.current, keep_flag=self.query_one(FlagsPanel).highlighted or 0)

    def _take_summaries(self, summaries: list[SegmentSummary], percent: int) -> None:
        self.view.take(summaries)
        shown = self.query_one(SegmentList).visible_ids()
        self._progress(percent, repaint=any(summary.segment_id in shown for summary in summaries))
        gc.freeze()  # the results just stored live on: keep them out of every later full collection

    def _progress(self, percent: int, *, repaint: bool = True) -> None:
        self.view.progress = percent
        self.update_status()
        if repaint:  # rows out of sight are drawn when scrolled to (unchecked rows are never cached)
            self.query_one(SegmentList).invalidate()

    def _checks_done(self) -> None:
        self.view.finish()
        self.query_one(SegmentList).invalidate()
        if self.current:
            self.show_segment(self.current)
        self.update_status()

    @work(thread=True, exclusive=True, group="scores")
    def score_all(self) -> None:
        """Score every segment's MT against its current text (sacrebleu), off the screen thread."""
        worker = get_current_worker()
        segments = self.session.segments
        for start in range(0, len(segments), 500):
            if worker.is_cancelled:
                return
            self._score(segments[start:start + 500])
            self.app.call_from_thread(self._take_scores)
        self.scored_all = True
        self.app.call_from_thread(self._take_scores)

    def _take_scores(self) -> None:
        gc.freeze()  # the scores just made live on: keep them out of every later full collection
        self.update_scores()

    def _score(self, segments: Sequence[Segment]) -> None:
        for seg in segments:
            self._yield_to_input(longest=10.0)
            self.scores.score_segment(seg.id, seg.target, self.session.target(seg.id))
            time.sleep(0)

    def update_scores(self, *, recount: bool = False) -> None:
        """Redraw the score panel (cheap: the corpus figure is a running sum, and the errors
        by category are counted again only after a change)."""
        if recount or self._categories is None:
            self._categories = category_counts(self.session, top_level=False)
        total = len(self.session.segments)
        corpus = self.scores.corpus() if len(self.scores) else None
        segment = self.scores.segment(self.current) if self.current else None
        self.query_one(ScorePanel).show(corpus, segment, len(self.scores), total, self._categories)

    @work(thread=True, exclusive=True, group="corpus")
    def refresh_corpus_checks(self) -> None:
        """Consistency checks look at the whole corpus: decide them again after a change (in
        the background process for large corpora), and recount if the verdict moved."""
        session = self.session
        if not session.checker.corpus_checks:
            return
        if self._background is not None:
            changed = self.view.use_verdicts(self._background.verdicts(dict(session.targets)).result())
        else:
            changed = session.refresh_corpus_flags()
        if changed:
            if self._background is not None:
                self.app.call_from_thread(self.check_all)  # recount everything, in the background
            else:
                self.app.call_from_thread(self._recount, [seg.id for seg in session.segments])

    def _recount(self, seg_ids: list[str]) -> None:
        self.view.recount(seg_ids)
        self.query_one(SegmentList).invalidate()
        if self.current in seg_ids:
            self.show_segment(self.current, keep_flag=self.query_one(FlagsPanel).highlighted or 0)
        self.update_status()

