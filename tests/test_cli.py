"""The command line: `check` output formats and exit codes, `fix` diffs and writes, `checks`, safe text output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reviewer.checks import REGISTRY
from reviewer.cli import main
from reviewer.formats import bundled_corpus_path

CORPUS_DIR = bundled_corpus_path().parent
FLAG_KEYS = ["rule", "category", "severity", "side", "start", "end", "text", "message", "suggestion"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def check_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, _ = run(capsys, "check", "--format", "json", "--fail-on", "never", *argv)
    assert code == 0
    return json.loads(out)


def flags_of(report: dict[str, Any], seg_id: str) -> list[dict[str, Any]]:
    (segment,) = [s for s in report["segments"] if s["id"] == seg_id]
    return segment["flags"]


def find(report: dict[str, Any], seg_id: str, **match: Any) -> dict[str, Any]:
    hits = [f for f in flags_of(report, seg_id) if all(f[k] == v for k, v in match.items())]
    assert len(hits) == 1, (seg_id, match, flags_of(report, seg_id))
    return hits[0]


def corpus_bytes() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(CORPUS_DIR.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def bundled_report() -> dict[str, Any]:
    """`reviewer check --format json` on the bundled article, through the installed command."""
    exe = Path(sys.executable).parent / "reviewer"
    assert exe.exists()
    proc = subprocess.run([str(exe), "check", "--format", "json"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1  # major flags exist and --fail-on defaults to major
    assert proc.stderr == ""
    return json.loads(proc.stdout)


# ---------------------------------------------------------------------------------------------
# check --format json on the bundled article


def test_json_shape(bundled_report: dict[str, Any]) -> None:
    assert list(bundled_report) == ["segments", "summary"]
    segments = bundled_report["segments"]
    assert len(segments) == 57
    assert segments[0]["id"] == "p1.s1" and segments[-1]["id"] == "p32.s2"
    for seg in segments:
        assert list(seg) == ["id", "source", "target", "flags"]
        assert isinstance(seg["source"], str) and isinstance(seg["target"], str)
        for flag in seg["flags"]:
            assert list(flag) == FLAG_KEYS
            assert flag["severity"] in ("minor", "major", "critical")
            assert flag["side"] in ("source", "target")
            text = seg[flag["side"]]
            assert text[flag["start"] : flag["end"]] == flag["text"]
            assert flag["suggestion"] is None or isinstance(flag["suggestion"], str)
    summary = bundled_report["summary"]
    assert list(summary) == ["segments", "flagged_segments", "flags", "by_severity", "by_rule", "by_category"]
    assert summary["segments"] == 57
    assert summary["flags"] == sum(len(s["flags"]) for s in segments)
    assert summary["flagged_segments"] == sum(1 for s in segments if s["flags"])
    assert sum(summary["by_severity"].values()) == summary["flags"]
    assert sum(summary["by_rule"].values()) == summary["flags"]
    assert sum(summary["by_category"].values()) == summary["flags"]


def test_json_flags_the_known_errors(bundled_report: dict[str, Any]) -> None:
    r = bundled_report
    h800 = find(r, "p8.s1", rule="term:h800s")
    assert (h800["side"], h800["text"], h800["suggestion"]) == ("target", "H800S", "H800")
    h800_nya = find(r, "p11.s1", rule="term:h800s")
    assert (h800_nya["text"], h800_nya["suggestion"]) == ("H800S", "H800")
    a100 = find(r, "p13.s2", rule="term:a100s")
    assert (a100["text"], a100["suggestion"]) == ("A100S", "A100")
    sarana = find(r, "p26.s1", rule="sarana-means")
    assert (sarana["start"], sarana["text"], sarana["suggestion"]) == (0, "Sarana ", "Artinya, ")
    redup = find(r, "p13.s1", rule="reduplication-spacing")
    assert (redup["text"], redup["suggestion"]) == ("bertahun -tahun", "bertahun-tahun")
    ai_ai = find(r, "p15.s3", text="AI AI")
    assert (ai_ai["rule"], ai_ai["severity"], ai_ai["suggestion"]) == ("scale-ai-lost", "critical", "AI, Scale AI")
    mr = find(r, "p29.s1", rule="untranslated-english")
    assert mr["text"] == "Mr. "
    (p17s2,) = [s for s in r["segments"] if s["id"] == "p17.s2"]
    dollar = find(r, "p17.s2", rule="currency-spacing")
    assert dollar["start"] == p17s2["target"].index("$ 103")
    assert dollar["suggestion"] == "$"
    quote = find(r, "p15.s3", rule="quotes")
    assert (quote["text"], quote["suggestion"]) == (" “", "”")
    (p15s3,) = [s for s in r["segments"] if s["id"] == "p15.s3"]
    assert quote["end"] == len(p15s3["target"])
    fewer = find(r, "p4.s2", rule="lost-comparative")
    assert (fewer["side"], fewer["text"]) == ("source", "fewer")


def test_json_every_segment_is_included_even_clean_ones(bundled_report: dict[str, Any]) -> None:
    clean = [s["id"] for s in bundled_report["segments"] if not s["flags"]]
    assert "p3.s1" in clean
    assert len(clean) == 57 - bundled_report["summary"]["flagged_segments"]


def test_postedit_has_no_flags(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "--postedit", "--format", "json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert len(report["segments"]) == 57
    assert report["summary"]["flags"] == 0
    assert "Deepseek" not in out


def test_jsonl_prints_one_flagged_segment_per_line(
    capsys: pytest.CaptureFixture[str], bundled_report: dict[str, Any]
) -> None:
    code, out, _ = run(capsys, "check", "--format", "jsonl")
    assert code == 1
    lines = out.splitlines()
    flagged = [s for s in bundled_report["segments"] if s["flags"]]
    assert len(lines) == len(flagged) == bundled_report["summary"]["flagged_segments"]
    assert [json.loads(line) for line in lines] == flagged


def test_text_output_marks_spans_and_summarises(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--color", "never")
    assert code == 1
    assert "── p8.s1 " in out
    assert "model terbarunya dilatih NVIDIA ▶H800S◀.\n" in out
    assert "    → H800\n" in out
    assert "  critical  scale-ai-lost  [accuracy/omission]\n" in out
    assert "(in the source)" in out
    last = out.splitlines()[-2]
    assert last.startswith("57 segments, ") and " flags (critical " in last
    assert "\x1b" not in out


def test_text_output_with_colour_marks_spans_in_reverse_video(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "--color", "always", "--only", "currency-spacing", "--no-glossary")
    assert "\x1b[7m$ \x1b[0m103 juta" in out


# ---------------------------------------------------------------------------------------------
# Exit codes


def test_exit_1_when_a_major_flag_exists(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check")[0] == 1
    assert run(capsys, "check", "--fail-on", "critical")[0] == 1  # scale-ai-lost is critical
    assert run(capsys, "check", "--fail-on", "minor")[0] == 1


def test_exit_0_with_fail_on_never(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", "--fail-on", "never")[0] == 0


def test_fail_on_threshold_respects_severity(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # Only a minor flag (repeated word): fails at minor, passes at major.
    path = tmp_path / "x.tsv"
    path.write_text("The chip is here.\tChip itu itu di sini.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path), "--fail-on", "minor", "--format", "json")
    assert code == 1
    assert [f["rule"] for f in json.loads(out)["segments"][0]["flags"]] == ["repeated-word"]
    assert run(capsys, "check", str(path))[0] == 0
    assert run(capsys, "check", str(path), "--fail-on", "critical")[0] == 0


def test_exit_0_when_clean(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "x.tsv"
    path.write_text("The chip is here.\tChip itu di sini.\n", encoding="utf-8")
    code, out, err = run(capsys, "check", str(path), "--fail-on", "minor")
    assert (code, err) == (0, "")
    assert out == "1 segments, 0 flagged, 0 flags (critical 0, major 0, minor 0)\n"


def _assert_one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("reviewer: error: ")
    assert fragment in err
    assert "Traceback" not in err


def test_exit_2_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _assert_one_line_error(
        capsys, ["check", str(tmp_path / "nope.tsv")], f"{tmp_path / 'nope.tsv'}: corpus file not found"
    )


def test_exit_2_bad_glossary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text("rules:\n  - id: r1\n    pattern: 'a('\n", encoding="utf-8")
    _assert_one_line_error(capsys, ["check", "-g", str(glossary)], f"{glossary}:3: rules[0] ('r1').pattern")


def test_exit_2_differing_line_counts(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text("One.\nTwo.\n", encoding="utf-8")
    (tmp_path / "id.txt").write_text("Satu.\n", encoding="utf-8")
    _assert_one_line_error(
        capsys,
        ["check", "--source", str(tmp_path / "en.txt"), "--target", str(tmp_path / "id.txt")],
        "has 2 lines, target",
    )


def test_exit_2_unknown_check_id(capsys: pytest.CaptureFixture[str]) -> None:
    _assert_one_line_error(capsys, ["check", "--only", "no-such-check"], "unknown check 'no-such-check'")


def test_exit_2_fix_without_an_action(capsys: pytest.CaptureFixture[str]) -> None:
    _assert_one_line_error(capsys, ["fix"], "--dry-run prints a diff")


def test_exit_2_in_a_real_process_without_traceback(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "reviewer"
    proc = subprocess.run(
        [str(exe), "check", str(tmp_path / "missing.tsv")], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == f"reviewer: error: {tmp_path / 'missing.tsv'}: corpus file not found\n"


# ---------------------------------------------------------------------------------------------
# fix


def test_fix_dry_run_prints_one_hunk_per_changed_segment(capsys: pytest.CaptureFixture[str]) -> None:
    before = corpus_bytes()
    code, out, err = run(capsys, "fix", "--dry-run")
    assert code == 0
    lines = out.splitlines()
    assert lines[:2] == ["--- a/deepseek-export-controls.id.txt", "+++ b/deepseek-export-controls.id.txt"]
    hunks = [line for line in lines if line.startswith("@@")]
    assert len(hunks) == 47 and len(lines) == 2 + 3 * 47  # one per changed segment: its id, before, after
    at = lines.index("@@ segment p8.s1 @@")
    assert lines[at + 1:at + 3] == ["-Deepseek mengatakan bahwa model terbarunya dilatih NVIDIA H800S.",
                                    "+DeepSeek mengatakan bahwa model terbarunya dilatih menggunakan Nvidia H800."]
    assert not any(line.startswith("+") and "H800S" in line for line in lines)
    assert err.endswith("of 57 segments (dry run: nothing written)\n") and "suggestions would be applied in" in err
    assert corpus_bytes() == before


def test_fix_write_writes_the_corrected_text_and_leaves_inputs_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = corpus_bytes()
    out_file = tmp_path / "fixed.id.txt"
    code, out, err = run(capsys, "fix", "--write", str(out_file))
    assert (code, out) == (0, "")
    assert f"wrote {out_file}\n" in err
    assert err.endswith("of 57 segments\n") and "suggestions applied in" in err
    assert corpus_bytes() == before
    fixed = out_file.read_text(encoding="utf-8")
    assert "H800S" not in fixed and "A100S" not in fixed and "Deepseek" not in fixed
    assert "dilatih menggunakan Nvidia H800." in fixed
    assert "Artinya, “Ini akan" in fixed
    assert fixed.split("\n")[1] == "" and len(fixed.split("\n")) == 32


def test_fix_write_on_line_pairs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = tmp_path / "en.txt"
    tgt = tmp_path / "id.txt"
    glossary = tmp_path / "g.yaml"
    src.write_bytes(b"DeepSeek used H800s.\r\nNothing here.\r\n")
    tgt.write_bytes("\ufeffDeepseek memakai H800S-nya.\r\nTidak ada.\r\n".encode())
    glossary.write_text(
        "terms:\n  - source: H800s\n    target: H800\n    forbidden: [H800S]\ndo_not_translate: [DeepSeek]\n",
        encoding="utf-8",
    )
    before = (src.read_bytes(), tgt.read_bytes(), glossary.read_bytes())
    out_file = tmp_path / "out.txt"
    code, _, _ = run(
        capsys, "fix", "--source", str(src), "--target", str(tgt), "-g", str(glossary), "--write", str(out_file)
    )
    assert code == 0
    assert out_file.read_bytes() == "\ufeffDeepSeek memakai H800-nya.\r\nTidak ada.\r\n".encode()
    assert (src.read_bytes(), tgt.read_bytes(), glossary.read_bytes()) == before


def test_fix_rule_selects_rules(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "fix", "--dry-run", "--rule", "term:h800s")
    assert code == 0
    plus = [line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert len(plus) == 2  # p8 and p11 only
    assert all("Deepseek" in line for line in plus)  # other fixes not applied


# ---------------------------------------------------------------------------------------------
# checks, and safe output of untrusted text


def test_checks_lists_every_check_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "checks")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines() if not line.startswith(" ")]
    assert listed == list(REGISTRY)
    assert {"repeated-word", "quotes", "currency-spacing", "lost-comparative", "number-mismatch"} <= set(listed)
    assert "currency-spacing         minor  locale-convention/currency-format" in out


def test_text_output_never_prints_control_characters(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "x.tsv"
    path.write_text(
        "k\x1b[31m1\tThe [b]red[/b] chip\tChip \x1b[31mmerah\x1b[0m [@click=app.quit] itu itu\u202e\x07\n",
        encoding="utf-8",
    )
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        'rules:\n  - id: "r\\e[2J"\n    pattern: merah\n    message: "bad \\e]0;title\\a"\n', encoding="utf-8"
    )
    code, out, err = run(capsys, "check", str(path), "-g", str(glossary), "--fail-on", "never")
    assert code == 0 and err == ""
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in out
    assert "── k⟨ESC⟩[31m1 " in out
    assert "Chip ▶⟨ESC⟩◀[31mmerah" in out
    assert "r⟨ESC⟩[2J" in out
    assert "bad ⟨ESC⟩]0;title⟨U+0007⟩" in out
    assert "[@click=app.quit]" in out  # plain text: markup-like text is shown as written


def test_error_messages_never_print_control_characters(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad\x1b[31m.tsv"
    code, out, err = run(capsys, "check", str(path))
    assert code == 2
    assert "\x1b" not in err and "bad⟨ESC⟩[31m.tsv" in err


def test_json_escapes_control_characters(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "x.tsv"
    path.write_text("red chip\tChip \x1b[31mmerah\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path), "--format", "json", "--fail-on", "never")
    assert code == 0
    assert "\x1b" not in out and "\\u001b[31m" in out
    report = json.loads(out)
    assert report["segments"][0]["target"] == "Chip \x1b[31mmerah"
