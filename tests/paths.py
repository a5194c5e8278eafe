"""Where tests find the project's data: the repository, and the read-only shared folder beside
it (../shared from the project root; /work/shared when the checkout lives elsewhere, as in a
fresh clone made by ../shared/scripts/fresh-clone-check)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _shared() -> Path:
    for candidate in (os.environ.get("REVIEWER_SHARED_DIR"), ROOT.parent / "shared", Path("/work/shared")):
        if candidate and (Path(candidate) / "seed").is_dir():
            return Path(candidate)
    return ROOT.parent / "shared"


SHARED = _shared()
SEED = SHARED / "seed" / "deepseek-export-controls.id.txt"
NTREX = SHARED / "data" / "ntrex128-eng-ind"
BUNDLED_DOC = ROOT / "corpus" / "deepseek-export-controls.id.txt"
