"""Crash safety: a review process killed with SIGKILL at random moments loses nothing it confirmed."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from reviewer.review.session import ReviewSession
from reviewer.review.store import SessionStore
from tests.crash_driver import correction
from tests.paths import ROOT

SEGMENTS = 12
KILLS = 22


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run_and_kill(work: Path, rng: random.Random) -> list[str]:
    """Start the review process, let it confirm a few changes, kill it at a random moment."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.crash_driver", str(work)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    lines: list[str] = []
    wanted = rng.randint(1, 6)
    deadline = time.monotonic() + 60
    while len(lines) < wanted and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
    time.sleep(rng.uniform(0, 0.15))  # land anywhere: in the editor, mid-commit, mid-export
    proc.send_signal(signal.SIGKILL)
    rest, err = proc.communicate(timeout=30)
    lines += [line.strip() for line in rest.splitlines() if line.strip()]
    assert proc.returncode == -signal.SIGKILL, err[-2000:]
    assert any(line.startswith("confirmed") for line in lines), err[-2000:]
    return lines


def _state_after(k: int) -> dict[str, str]:
    """Targets after corrections 0..k."""
    return {str(i % SEGMENTS + 1): correction(i) for i in range(k + 1)}


def test_sigkill_at_random_moments_loses_nothing_confirmed(tmp_path: Path) -> None:
    work = tmp_path
    source_lines = [f"Sentence number {i} about chips." for i in range(1, SEGMENTS + 1)]
    target_lines = [f"Kalimat nomor {i} tentang chip." for i in range(1, SEGMENTS + 1)]
    (work / "src.txt").write_text("\n".join(source_lines) + "\n", encoding="utf-8")
    (work / "tgt.txt").write_text("\n".join(target_lines) + "\n", encoding="utf-8")
    corpus_digests = {name: _digest(work / name) for name in ("src.txt", "tgt.txt")}
    rng = random.Random(20261128)
    confirmed: list[int] = []
    approved: set[str] = set()
    for _ in range(KILLS):
        lines = _run_and_kill(work, rng)
        confirmed += [int(line.split()[1]) for line in lines if line.startswith("confirmed")]
        approved |= {line.split()[1] for line in lines if line.startswith("approved")}

        # Restart: every confirmed correction is there, and the database is sound.
        store = SessionStore(work / "session.sqlite")
        assert store.integrity_ok()
        logged = [e.after for e in store.events() if e.kind == "edit"]
        store.close()
        for k in confirmed:
            assert correction(k) in logged, f"confirmed correction {k} was lost"
        session = ReviewSession.open(source=work / "src.txt", target=work / "tgt.txt",
                                     session_path=work / "session.sqlite", user="check")
        last = len(logged) - 1
        assert last >= max(confirmed)
        for seg_id, text in _state_after(last).items():
            assert session.target(seg_id) == text
        for seg_id in approved:
            assert session.is_approved(seg_id), f"confirmed approval of {seg_id} was lost"
        session.close()

        # An export on disk is a whole file: the corrected text after some correction k.
        exported = work / "out" / "tgt.txt"
        if exported.exists():
            lines_out = exported.read_text(encoding="utf-8").split("\n")
            assert lines_out[-1] == "" and len(lines_out) == SEGMENTS + 1
            states = [_state_after(k) for k in range(-1, last + 1)]
            renderings = [[s.get(str(i), target_lines[i - 1]) for i in range(1, SEGMENTS + 1)] for s in states]
            assert lines_out[:-1] in renderings

    # The corpus files were never touched.
    assert {name: _digest(work / name) for name in corpus_digests} == corpus_digests
    assert len(confirmed) >= KILLS
    # The next export removes temporary files left by a write that was killed half-way.
    session = ReviewSession.open(source=work / "src.txt", target=work / "tgt.txt",
                                 session_path=work / "session.sqlite", user="check")
    session.export(work / "out")
    session.close()
    assert sorted(p.name for p in (work / "out").iterdir()) == ["corrections.csv", "corrections.jsonl", "tgt.txt"]
