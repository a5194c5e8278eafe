"""A review process for the crash-safety test: it opens a line-aligned corpus in the real review UI
(headless), confirms corrections one after another through the editor, approves and exports now
and then, and prints a line after each confirmed change. The test kills it with SIGKILL.

Usage: python -m tests.crash_driver WORKDIR
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from textual.widgets import Input, TextArea

from reviewer.review.session import ReviewSession
from reviewer.tui.app import ReviewApp


def correction(k: int) -> str:
    """The text of the k-th correction."""
    return f"koreksi nomor {k} — selesai"


async def drive(work: Path) -> None:
    session = ReviewSession.open(source=work / "src.txt", target=work / "tgt.txt",
                                 session_path=work / "session.sqlite", user="crash")
    n = len(session.segments)
    k = sum(1 for e in session.store.events() if e.kind == "edit")
    app = ReviewApp(session, check_in_background=False)
    async with app.run_test(size=(100, 30)) as pilot:
        while True:
            seg_id = str(k % n + 1)
            app.main_screen.go_to(seg_id)
            await pilot.press("e")
            app.screen.query_one(TextArea).text = correction(k)
            await pilot.press("ctrl+s")
            assert session.target(seg_id) == correction(k)
            print(f"confirmed {k} {seg_id}", flush=True)
            if k % 3 == 2 and not session.is_approved(seg_id):
                await pilot.press("space")
                assert session.is_approved(seg_id)
                print(f"approved {seg_id}", flush=True)
            if k % 4 == 3:
                await pilot.press("x")
                app.screen.query_one(Input).value = str(work / "out")
                await pilot.press("enter")
                await pilot.pause()
                print(f"exported {k}", flush=True)
            k += 1


if __name__ == "__main__":
    asyncio.run(drive(Path(sys.argv[1])))
