"""`reviewer check` turns the garbage collector off while it checks (`collector_off` in
reviewer/cli/check.py): that is safe only while checking makes no reference cycles, which
reference counting alone could not free. Each case runs the command in a fresh interpreter with the collector off, then asks it what it would
have collected: nothing, on every kind of input (news text with the bundled glossary, software
strings of each format, a glossary regex that times out)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT, SHARED

DATA = SHARED / "data"

_PROBE = r"""
import contextlib, gc, io, json, sys
from reviewer.cli.main import main
gc.collect()
gc.disable()
gc.set_debug(gc.DEBUG_SAVEALL)
with contextlib.redirect_stdout(io.StringIO()) as out:
    status = main(sys.argv[1:])
# (what the command built before checking, its parser among them, it froze: what is counted
# is what checking made)
found = gc.collect()
print(json.dumps({"status": status, "garbage": found,
                  "types": sorted({type(o).__name__ for o in gc.garbage})[:20],
                  "output": len(out.getvalue())}))
"""


def _garbage(*args: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", _PROBE, "check", "--fail-on", "never", "--jobs", "1", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("args", [
    ["corpus/deepseek-export-controls.corpus.yaml", "--format", "jsonl"],
    ["--source", str(DATA / "ntrex128-eng-ind" / "newstest2019-src.eng.txt"),
     "--target", str(DATA / "ntrex128-eng-ind" / "newstest2019-ref.ind.txt"), "--format", "text"],
    [str(DATA / "software-po-id" / "dpkg.id.po"), "--format", "jsonl"],
    ["--source", str(DATA / "app-strings-id" / "wger.app_en.arb"),
     "--target", str(DATA / "app-strings-id" / "wger.app_id.arb"), "--format", "jsonl"],
    ["--source", str(DATA / "app-strings-id" / "newpipe.values.strings.xml"),
     "--target", str(DATA / "app-strings-id" / "newpipe.values-in.strings.xml"), "--format", "jsonl"],
], ids=["bundled-article", "ntrex", "po", "arb", "android"])
def test_checking_makes_no_reference_cycles(args: list[str]) -> None:
    found = _garbage(*args)
    assert found["output"], "the command wrote nothing: the probe did not check anything"
    assert found["garbage"] == 0, f"reference cycles left for the collector: {found['types']}"


def test_a_glossary_regex_that_times_out_makes_no_cycles(tmp_path: Path) -> None:
    glossary = tmp_path / "slow.yaml"
    glossary.write_text('terms:\n  - source: "spam"\n    target: "/(a+)+b/"\n', encoding="utf-8")
    src, tgt = tmp_path / "s.txt", tmp_path / "t.txt"
    src.write_text("spam\n" * 3, encoding="utf-8")
    tgt.write_text(("a" * 40 + "\n") * 3, encoding="utf-8")
    found = _garbage("--source", str(src), "--target", str(tgt), "--glossary", str(glossary), "--format", "jsonl")
    assert found["output"]
    assert found["garbage"] == 0, f"reference cycles left for the collector: {found['types']}"


def test_the_json_summary_makes_the_same_garbage_whatever_the_input() -> None:
    # `--format json` ends with one summary written by json's Python encoder, whose closures
    # refer to each other: a few dozen objects once per run, the same for any input size.
    small = _garbage(str(DATA / "software-po-id" / "xournalpp.id.po"), "--format", "json")
    large = _garbage(str(DATA / "software-po-id" / "dpkg.id.po"), "--format", "json")
    assert small["output"] and large["output"] and large["output"] != small["output"]
    assert large["garbage"] == small["garbage"] < 64


def test_the_collector_is_on_again_after_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reviewer.cli.main import main

    src, tgt = tmp_path / "s.txt", tmp_path / "t.txt"
    src.write_text("It is not cheap.\n", encoding="utf-8")
    tgt.write_text("Itu murah.\n", encoding="utf-8")
    assert gc.isenabled()
    assert main(["check", "--source", str(src), "--target", str(tgt), "--format", "jsonl", "--fail-on", "never"]) == 0
    assert "lost-negation" in capsys.readouterr().out
    assert gc.isenabled()
