"""How many entries of real software translations each tool flags: `reviewer check --no-glossary`
against Translate Toolkit's `pofilter` (its default checks), in one run, on the PO files of
`../shared/data/software-po-id/` (professional Indonesian translations of bleachbit, dpkg,
xournalpp and budgie-control-center). Flags on good translations are mostly false, so fewer is
better, as long as real slips are still caught (read them: `--show RULE`).

Counted per file: all entries (the header left out), the translated ones (a msgstr, not fuzzy:
what a reviewer signs off), and for each tool the entries with at least one flag, in all and
among the translated ones. pofilter comes from benchmarks/.venv-pofilter (see README.md).

    python benchmarks/software_po.py
    python benchmarks/software_po.py --show placeholder-mismatch
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "data" / "software-po-id"
POFILTER = HERE / ".venv-pofilter" / "bin" / "pofilter"

sys.path.insert(0, str(ROOT))
from reviewer.formats import load_corpus  # noqa: E402


def _translated(seg: object) -> bool:
    extra = getattr(seg, "extra", None) or {}
    return bool(getattr(seg, "target", "").strip()) and "fuzzy" not in extra.get("flags", [])


def reviewer_flags(path: Path) -> dict[str, list[dict[str, object]]]:
    """Segment id -> flags, from `reviewer check --format jsonl --no-glossary`."""
    out = subprocess.run([sys.executable, "-m", "reviewer", "check", str(path), "--no-glossary", "--format", "jsonl",
                          "--fail-on", "never", "--jobs", "1"], capture_output=True, text=True, check=True).stdout
    return {row["id"]: row["flags"] for row in map(json.loads, out.splitlines())}


def pofilter_msgids(path: Path) -> tuple[set[str], Counter[str]]:
    """The msgids (with msgctxt) of the entries pofilter reports, and how often each test fails."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / path.name
        subprocess.run([str(POFILTER), "--progress=none", str(path), str(out)], capture_output=True, check=False)
        text = out.read_text(encoding="utf-8") if out.exists() else ""
    tests: Counter[str] = Counter(re.findall(r"\(pofilter\) ([\w-]+)", text))
    ids = set()
    for block in text.split("\n\n"):
        ctxt = re.search(r'^msgctxt "(.*)"', block, re.M)
        msgid = re.search(r'^msgid "(.*)"((?:\n".*")*)', block, re.M)
        if msgid is None:
            continue
        value = msgid.group(1) + "".join(re.findall(r'"(.*)"', msgid.group(2)))
        if value:
            ids.add((ctxt.group(1) + "\x04" if ctxt else "") + value)
    return ids, tests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", metavar="RULE", help="print every flag of this rule, with its entry")
    args = parser.parse_args()
    files = sorted(SHARED.glob("*.po"))
    if not files:
        print(f"no PO files in {SHARED}", file=sys.stderr)
        return 2
    have_pofilter = POFILTER.exists()
    print(f"{'file':30s} {'entries':>7s} {'transl.':>7s} | {'reviewer':>14s} {'transl.':>13s} | "
          f"{'pofilter':>14s} {'transl.':>13s}")
    totals = Counter()
    rules: Counter[str] = Counter()
    for path in files:
        corpus = load_corpus(path)
        segments = [s for s in corpus.segments if s.source]
        translated = {s.id for s in segments if _translated(s)}
        flags = reviewer_flags(path)
        for seg_id, found in flags.items():
            rules.update(str(f["rule"]) for f in found)
            if args.show:
                for f in found:
                    if f["rule"] == args.show:
                        seg = next(s for s in segments if s.id == seg_id)
                        print(f"  {path.name} {seg_id}: {seg.source[:70]!r} -> {seg.target[:70]!r}: {f['message']}")
        ours = len(flags)
        ours_t = len(translated & set(flags))
        key_of = {s.id: ((s.extra or {}).get("msgctxt", "") + "\x04" if (s.extra or {}).get("msgctxt") else "")
                  + s.source for s in segments}
        if have_pofilter:
            theirs_ids, _ = pofilter_msgids(path)
            theirs = sum(1 for s in segments if key_of[s.id] in theirs_ids)
            theirs_t = sum(1 for s in segments if s.id in translated and key_of[s.id] in theirs_ids)
        else:
            theirs = theirs_t = 0
        n, nt = len(segments), len(translated)
        totals.update({"n": n, "nt": nt, "ours": ours, "ours_t": ours_t, "theirs": theirs, "theirs_t": theirs_t})
        print(f"{path.name:30s} {n:7d} {nt:7d} | {ours:5d} {100 * ours / n:5.1f}/100 {ours_t:4d} {100 * ours_t / nt:5.1f}/100 | "
              f"{theirs:5d} {100 * theirs / n:5.1f}/100 {theirs_t:4d} {100 * theirs_t / nt:5.1f}/100")
    t = totals
    print(f"{'all':30s} {t['n']:7d} {t['nt']:7d} | {t['ours']:5d} {100 * t['ours'] / t['n']:5.1f}/100 "
          f"{t['ours_t']:4d} {100 * t['ours_t'] / t['nt']:5.1f}/100 | {t['theirs']:5d} {100 * t['theirs'] / t['n']:5.1f}/100 "
          f"{t['theirs_t']:4d} {100 * t['theirs_t'] / t['nt']:5.1f}/100")
    if not have_pofilter:
        print(f"(pofilter not found at {POFILTER}: its columns are 0)")
    print("reviewer's flags by rule:", ", ".join(f"{r} {n}" for r, n in rules.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
