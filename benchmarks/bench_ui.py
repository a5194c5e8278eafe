"""Review UI benchmark: how fast a 100,000-segment corpus opens to a usable screen, and how fast a
key press repaints, in reviewer's ReviewApp and, for comparison, in Textual's stock DataTable.

Everything runs under Textual's Pilot (`app.run_test(size=(120, 40))`, headless). Headless Textual
still composes every frame; it only skips writing it to a terminal. A probe wraps the app's
`_display` (where each composed frame goes) and records when a frame is produced, so times are
measured to the *paint*, not to some later point:

- open: from `run_test` entry to the first frame in which the segment list has drawn rows and the
  first segment is shown (for the DataTable: the first frame with its rows drawn). The ReviewApp
  figure is also given with `ReviewSession.open` (reading the corpus, opening the session store)
  added in front: that is what a person waits for.
- key press: `await pilot.press(key)` + `await pilot.pause()`, timed as the issue asks, and, from
  the same presses, the time from sending the key to the first frame that shows its effect
  ("key → paint", what a person sees). Pilot's figure is longer: it waits until the process looks
  idle (wall time against CPU time).

ReviewApp runs its real default, checking the whole corpus in a background thread after it opens.
While that runs the process is never idle, so every Pilot call waits out its one-second cap and
the check is over before fifty presses are. So right after opening the keys are sent without
Pilot (`app.simulate_key`, 'n' and 'down' in turn, `--gap` apart) and only key → paint is
timed; once the check and the MT scoring (a thread of the app) have finished (`--check-wait`
caps the wait) both keys are pressed with Pilot and timed both ways. The DataTable app holds id/status/preview strings for the same
segments, as a stock alternative to SegmentList.

    python benchmarks/bench_ui.py                  # 100k segments, 50 presses of each key
    python benchmarks/bench_ui.py --size 10k --presses 20 --no-datatable
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import textual
from make_corpus import DEFAULT_SEED, build_corpus, parse_size, size_label
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from reviewer.review.session import ReviewSession
from reviewer.tui.app import ReviewApp
from reviewer.tui.widgets.panels import FlagsPanel
from reviewer.tui.widgets.segment_list import SegmentList

TERMINAL = (120, 40)
TARGET_OPEN_SECONDS = 2.0
TARGET_KEY_MS = 50.0
#: Longest wait for one key's effect to be painted before the press counts as "no repaint".
PAINT_TIMEOUT = 10.0


# ---------------------------------------------------------------------------------------------
# Probes


class PaintProbe:
    """Records composed frames of an app and resolves waiters at the first frame for which their
    condition holds."""

    def __init__(self, app: App[Any]) -> None:
        self.frames = 0
        self._waiters: list[tuple[Callable[[], bool], asyncio.Future[float]]] = []
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None:
                return
            now = time.perf_counter()
            self.frames += 1
            for waiter in list(self._waiters):
                condition, future = waiter
                if not future.done() and condition():
                    future.set_result(now)
                    self._waiters.remove(waiter)

        app._display = display  # type: ignore[method-assign]

    def when(self, condition: Callable[[], bool]) -> asyncio.Future[float]:
        """A future that gets the time of the first frame painted while `condition()` is true."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiters.append((condition, future))
        return future


def track_drawn_rows(widget_class: type, has_rows: Callable[[Any], bool]) -> set[int]:
    """Wrap a widget class's render_line to note (by id) the widgets that drew a line while they
    had rows. Only this benchmark's process is affected."""
    drawn: set[int] = set()
    original = widget_class.render_line

    def render_line(self: Any, y: int) -> Any:
        if has_rows(self):
            drawn.add(id(self))
        return original(self, y)

    widget_class.render_line = render_line  # type: ignore[attr-defined]
    return drawn


# ---------------------------------------------------------------------------------------------
# Statistics


@dataclass
class Presses:
    """Timings of one key pressed repeatedly."""

    key: str
    pilot_ms: list[float] = field(default_factory=list)
    """pilot.press + pilot.pause, per press (empty when sent without Pilot)."""
    paint_ms: list[float] = field(default_factory=list)
    """Key sent to first frame showing the effect, per press."""
    no_repaint: int = 0
    """Presses whose effect never showed (e.g. no further flag)."""
    frames: list[int] = field(default_factory=list)
    """Frames composed during each press (until pilot.pause returned)."""
    busy_presses: int | None = None
    """Presses made while the app's background check was still running (None: not applicable)."""

    def summary(self) -> dict[str, float | int | None]:
        return {"presses": len(self.frames), "paint_median_ms": _median(self.paint_ms),
                "paint_p95_ms": _p95(self.paint_ms), "pilot_median_ms": _median(self.pilot_ms),
                "pilot_p95_ms": _p95(self.pilot_ms), "no_repaint": self.no_repaint,
                "frames_per_press_median": _median([float(f) for f in self.frames]),
                "busy_presses": self.busy_presses,
                "paint_ms_each": [round(ms, 1) for ms in self.paint_ms]}


def _median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def _p95(xs: list[float]) -> float | None:
    """Nearest-rank 95th percentile."""
    if not xs:
        return None
    ordered = sorted(xs)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


async def press_many(pilot: Any, probe: PaintProbe, key: str, n: int,
                     effect: Callable[[], Callable[[], bool]], busy: Callable[[], bool] | None = None) -> Presses:
    """Press `key` n times. `effect()` is called before each press and returns the condition
    that holds once the press has taken effect; `busy()` says whether background work runs."""
    result = Presses(key, busy_presses=0 if busy else None)
    for _ in range(n):
        if busy and busy():
            result.busy_presses = (result.busy_presses or 0) + 1
        done = effect()
        painted = probe.when(done)
        frames_before = probe.frames
        start = time.perf_counter()
        await pilot.press(key)
        await pilot.pause()
        result.pilot_ms.append((time.perf_counter() - start) * 1000)
        result.frames.append(probe.frames - frames_before)
        try:
            at = await asyncio.wait_for(painted, PAINT_TIMEOUT)
            result.paint_ms.append((at - start) * 1000)
        except TimeoutError:
            result.no_repaint += 1
    return result


async def press_direct(app: App[Any], probe: PaintProbe, keys: dict[str, Callable[[], Callable[[], bool]]], n: int,
                       gap: float, busy: Callable[[], bool]) -> dict[str, Presses]:
    """Press the keys in turn, n times each, without Pilot: `app.simulate_key`, then wait for the
    frame that shows the effect, then `gap` seconds, as a person typing quickly would."""
    results = {key: Presses(key, busy_presses=0) for key in keys}
    for _ in range(n):
        for key, effect in keys.items():
            result = results[key]
            if busy():
                result.busy_presses = (result.busy_presses or 0) + 1
            painted = probe.when(effect())
            frames_before = probe.frames
            start = time.perf_counter()
            app.simulate_key(key)
            try:
                at = await asyncio.wait_for(painted, PAINT_TIMEOUT)
                result.paint_ms.append((at - start) * 1000)
            except TimeoutError:
                result.no_repaint += 1
            await asyncio.sleep(gap)
            result.frames.append(probe.frames - frames_before)
    return results


# ---------------------------------------------------------------------------------------------
# ReviewApp


async def bench_review_app(source: Path, target: Path, presses: int, check_wait: float,
                           gap: float) -> dict[str, Any]:
    drawn = track_drawn_rows(SegmentList, lambda w: bool(w.rows))
    with tempfile.TemporaryDirectory(prefix="reviewer-bench-") as tmp:
        t0 = time.perf_counter()
        session = ReviewSession.open(source=source, target=target, session_path=Path(tmp) / "bench.session.sqlite",
                                     user="bench")
        app = ReviewApp(session)  # check_in_background=True: the real default
        t_session = time.perf_counter() - t0  # includes building the app (it starts the check process)
        probe = PaintProbe(app)
        first_id = session.segments[0].id
        seg_list: list[SegmentList] = []

        def usable() -> bool:
            if not seg_list:
                seg_list.extend(app.query(SegmentList))
            return bool(seg_list) and id(seg_list[0]) in drawn and app.main_screen.current == first_id

        opened = None
        t_enter = time.perf_counter()
        async with app.run_test(size=TERMINAL) as pilot:
            first = probe.when(usable)
            opened = await asyncio.wait_for(first, 60)
            t_open = opened - t_enter
            out: dict[str, Any] = {"segments": len(session.segments), "session_open_s": t_session,
                                   "run_test_to_first_paint_s": t_open, "usable_screen_s": t_session + t_open}
            widget = app.query_one(SegmentList)
            panel = app.query_one(FlagsPanel)

            def cursor_moves() -> Callable[[], bool]:
                expected = widget.cursor + 1
                return lambda: widget.cursor == expected and app.main_screen.current == widget.rows[expected]

            def flag_moves() -> Callable[[], bool]:
                before = (app.main_screen.current, panel.highlighted)
                return lambda: (app.main_screen.current, panel.highlighted) != before

            def checking() -> bool:
                return not app.main_screen.view.checked_all

            # Without Pilot while the check runs: Pilot would wait up to a second per call for
            # the process to look idle (see the module docstring), and the check would be over
            # before the presses were.
            during = await press_direct(app, probe, {"n": flag_moves, "down": cursor_moves}, presses, gap, checking)
            out["during_check"] = {key: p.summary() for key, p in during.items()}
            if check_wait > 0:
                waited = time.perf_counter()
                while not app.main_screen.view.checked_all and time.perf_counter() - waited < check_wait:
                    await asyncio.sleep(0.5)
                out["background_check_done_s"] = (time.perf_counter() - t_enter) if app.main_screen.view.checked_all else None
                # The MT scores are computed in a thread of the app's own process as well: the
                # steady state starts when both are done.
                while not app.main_screen.scored_all and time.perf_counter() - waited < check_wait:
                    await asyncio.sleep(0.5)
                out["background_scoring_done_s"] = (time.perf_counter() - t_enter) if app.main_screen.scored_all else None
                if app.main_screen.view.checked_all and app.main_screen.scored_all:
                    await pilot.pause()
                    out["after_check"] = {
                        "n": (await press_many(pilot, probe, "n", presses, flag_moves)).summary(),
                        "down": (await press_many(pilot, probe, "down", presses, cursor_moves)).summary(),
                    }
            out["frames"] = probe.frames
        return out


# ---------------------------------------------------------------------------------------------
# DataTable


class TableApp(App[None]):
    """Textual's stock DataTable with one row per segment."""

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield DataTable(id="segments", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("id", "status", "preview")
        table.add_rows(self.rows)
        table.focus()


async def bench_data_table(target: Path, presses: int) -> dict[str, Any]:
    drawn = track_drawn_rows(DataTable, lambda w: w.row_count > 0)
    t0 = time.perf_counter()
    with target.open(encoding="utf-8") as fh:
        # The preview as SegmentList shows it at this width: the target's first 80 characters.
        rows = [(str(i), "·", line.rstrip("\n")[:80]) for i, line in enumerate(fh, 1)]
    t_rows = time.perf_counter() - t0
    app = TableApp(rows)
    probe = PaintProbe(app)
    t_enter = time.perf_counter()
    async with app.run_test(size=TERMINAL) as pilot:
        table = app.query_one(DataTable)
        opened = await asyncio.wait_for(probe.when(lambda: id(table) in drawn and table.row_count == len(rows)), 300)
        out: dict[str, Any] = {"segments": len(rows), "rows_built_s": t_rows, "run_test_to_first_paint_s": opened - t_enter}

        def cursor_moves() -> Callable[[], bool]:
            expected = table.cursor_row + 1
            return lambda: table.cursor_row == expected

        out["down"] = (await press_many(pilot, probe, "down", presses, cursor_moves)).summary()
        out["frames"] = probe.frames
    return out


# ---------------------------------------------------------------------------------------------
# Report


def _ms(x: float | None) -> str:
    return "      -" if x is None else f"{x:7.1f}"


def _press_line(label: str, s: dict[str, Any]) -> str:
    tail = f"   ({s['no_repaint']} presses changed nothing)" if s["no_repaint"] else ""
    if s.get("busy_presses") is not None:
        tail += f"   [{s['busy_presses']} of {s['presses']} presses while the check ran]"
    pilot = (f"pilot press+pause median {_ms(s['pilot_median_ms'])} ms  p95 {_ms(s['pilot_p95_ms'])} ms   "
             if s["pilot_median_ms"] is not None else "")
    return (f"  {label:8} key→paint median {_ms(s['paint_median_ms'])} ms  p95 {_ms(s['paint_p95_ms'])} ms   "
            f"{pilot}frames/press {s['frames_per_press_median']:g}{tail}")


def _verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def report(review: dict[str, Any], table: dict[str, Any] | None, presses: int) -> str:
    lines = [f"Textual {textual.__version__}, terminal {TERMINAL[0]}x{TERMINAL[1]} (headless Pilot), "
             f"{presses} presses per key"]
    usable = review["usable_screen_s"]
    lines += [
        f"\nReviewApp (SegmentList, a ScrollView drawing visible rows), {review['segments']:,} segments",
        f"  ReviewSession.open + ReviewApp(...)               {review['session_open_s']:7.2f} s",
        f"  run_test entry → first paint (list + segment 1)   {review['run_test_to_first_paint_s']:7.2f} s",
        f"  usable screen, both together                      {usable:7.2f} s   "
        f"({_verdict(usable < TARGET_OPEN_SECONDS)} the target of < {TARGET_OPEN_SECONDS:g} s)",
        "  right after opening, while the background check runs (keys sent with app.simulate_key, "
        "'n' and 'down' in turn):",
    ]
    for key, s in review["during_check"].items():
        lines.append(_press_line(f"'{key}'", s))
    if "after_check" in review:
        scored = review.get("background_scoring_done_s")
        lines.append(f"  after the background check and scoring finished ({review['background_check_done_s']:.1f} s"
                     + (f" and {scored:.1f} s" if scored is not None else "") + " after run_test entry):")
        for key, s in review["after_check"].items():
            lines.append(_press_line(f"'{key}'", s))
    elif "background_check_done_s" in review:
        lines.append("  background check or scoring still running at the end of --check-wait: no after-check figures")
    worst = [s["paint_p95_ms"] for phase in ("during_check", "after_check") for s in review.get(phase, {}).values()
             if s["paint_p95_ms"] is not None]
    if worst:
        lines.append(f"  key → paint p95, worst case: {max(worst):.1f} ms "
                     f"({_verdict(max(worst) < TARGET_KEY_MS)} the target of < {TARGET_KEY_MS:g} ms)")
    if table is not None:
        lines += [
            f"\nTextual DataTable (stock), {table['segments']:,} rows of id/status/preview",
            f"  rows built from the target file                   {table['rows_built_s']:7.2f} s",
            f"  run_test entry → first paint (add_rows + draw)    {table['run_test_to_first_paint_s']:7.2f} s",
            _press_line("'down'", table["down"]),
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=parse_size, default=parse_size("100k"), help="segments (default: 100k)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"corpus seed (default: {DEFAULT_SEED})")
    parser.add_argument("--presses", type=int, default=50, help="presses per key and phase (default: 50)")
    parser.add_argument("--check-wait", type=float, default=600.0, metavar="SECONDS",
                        help="how long to wait for the background check before the after-check presses "
                             "(default: 600; 0 skips that phase)")
    parser.add_argument("--gap", type=float, default=0.1, metavar="SECONDS",
                        help="pause after each key sent without Pilot (default: 0.1, a fast typist)")
    parser.add_argument("--no-datatable", action="store_true", help="skip the DataTable comparison")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)

    files = build_corpus(args.size, args.seed)
    print(f"corpus: {files.source.name} / {files.target.name} ({size_label(args.size)})", file=sys.stderr)
    review = asyncio.run(bench_review_app(files.source, files.target, args.presses, args.check_wait, args.gap))
    table = None if args.no_datatable else asyncio.run(bench_data_table(files.target, args.presses))
    print(report(review, table, args.presses))
    if args.json:
        args.json.write_text(json.dumps({"review_app": review, "data_table": table}, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
