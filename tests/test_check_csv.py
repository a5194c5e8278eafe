"""`reviewer check`'s output for people: `--format csv` (one row per flag, a header first, cells
a spreadsheet will not run as formulas, the same flags as `--format jsonl`), and the text format
fitted to the terminal's width (whole lines into a pipe)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from reviewer.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    assert code in (0, 1)
    return capsys.readouterr().out


def test_csv_has_one_row_per_flag_matching_jsonl(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    tsv = tmp_path / "app.tsv"
    tsv.write_text("=cmd\tEnter your password twice\tMasukkan kata laluan laluan Anda\n"
                   "ok\tSave\tSimpan\n"
                   "n\tHe said \"no\", 10,000 times\tDia bilang \"tidak\", 10,000 kali\n", encoding="utf-8")
    rows = list(csv.reader(io.StringIO(_run(capsys, "check", str(tsv), "--no-glossary", "--format", "csv"))))
    assert rows[0] == ["segment", "rule", "severity", "category", "side", "start", "end", "text", "message",
                       "suggestion", "fuzzy"]
    lines = [json.loads(x) for x in _run(capsys, "check", str(tsv), "--no-glossary", "--format", "jsonl").splitlines()]
    expected = [[r["id"], f["rule"], f["severity"], f["category"], f["side"], str(f["start"]), str(f["end"]), f["text"],
                 f["message"], f["suggestion"] or "", ""] for r in lines for f in r["flags"]]
    assert len(rows) - 1 == len(expected) >= 3
    # A cell that starts like a formula is written with a quote before it; everything else as is.
    assert rows[1:] == [["'" + e[0] if e[0].startswith("=") else e[0], *e[1:]] for e in expected]
    assert {r[1] for r in rows[1:]} >= {"malay-word", "repeated-word", "number-format"}
    assert all(r[0] != "ok" for r in rows[1:])  # a segment without flags has no row


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_text_output_fits_the_terminal_width(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                             columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = _run(capsys, "check", "--color", "never", "--fail-on", "never").splitlines()
    assert len(lines) > 400
    assert [line for line in lines if len(line) > columns] == []
    assert any("▶Deepseek◀" in line for line in lines)  # the flagged words are still shown


def test_text_output_to_a_pipe_keeps_whole_lines(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    lines = _run(capsys, "check", "--color", "never", "--fail-on", "never").splitlines()
    assert any(len(line) > 120 for line in lines)  # (grep-friendly: a message is one line)


def test_csv_and_jsonl_carry_no_raw_terminal_controls(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    tsv = tmp_path / "evil.tsv"
    target = "Simpan  \x1b[31mberkas\x9b2J\x7f"
    tsv.write_text(f"id\tsource\ttarget\nx\tSave  file\t{target}\n", encoding="utf-8")
    for fmt in ("csv", "jsonl", "json"):
        out = _run(capsys, "check", str(tsv), "--no-glossary", "--format", fmt)
        assert not any(ord(c) < 32 and c not in "\n" or 0x7f <= ord(c) <= 0x9f for c in out), fmt
    line = _run(capsys, "check", str(tsv), "--no-glossary", "--format", "jsonl")
    assert json.loads(line)["target"] == target  # escaped, not changed
