"""The length-ratio check and check settings (`reviewer check --set RULE.NAME=VALUE`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.checking.engine import Checker, CheckerSpec
from reviewer.cli.main import main
from reviewer.core.errors import ReviewerError

_LONG_SOURCE = "The committee approved the new budget for next year after a long debate."


@pytest.mark.parametrize(("source", "target", "category"), [
    (_LONG_SOURCE, "Komite menyetujui.", "accuracy/omission"),
    ("Save the file now, please.", "Simpan berkas sekarang juga, tolong, sekali lagi dan lagi dan lagi dan lagi dan "
     "lagi dan lagi.", "accuracy/addition"),
    # quiet: a normal translation, short labels, an empty target (another check's business)
    (_LONG_SOURCE, "Komite menyetujui anggaran baru untuk tahun depan setelah perdebatan panjang.", None),
    ("OK", "Oke", None),
    ("Log", "Catatan kejadian", None),
    (_LONG_SOURCE, "", None),
    (_LONG_SOURCE, "   ", None),
])
def test_length_ratio(source: str, target: str, category: str | None) -> None:
    flags = [f for f in Checker(None, only=["length-ratio"]).check_segment("1", source, target)]
    assert [f.category for f in flags] == ([category] if category else [])
    if category:
        assert (flags[0].start, flags[0].end) == (0, len(target))


def test_settings_change_the_limits() -> None:
    target = "Komite menyetujui."
    assert Checker(None, only=["length-ratio"], settings=["length-ratio.min=0.2"]).check_segment(
        "1", _LONG_SOURCE, target) == []
    assert Checker(None, only=["length-ratio"], settings=["length-ratio.min-length=100"]).check_segment(
        "1", _LONG_SOURCE, target) == []
    strict = Checker(None, only=["length-ratio"], settings=["length-ratio.max=1.05"])
    assert [f.category for f in strict.check_segment("1", "The new budget.", "Anggaran yang baru ini.")] == []
    assert [f.category for f in strict.check_segment("1", _LONG_SOURCE, _LONG_SOURCE + " Lagi-lagi.")] == [
        "accuracy/addition"]


@pytest.mark.parametrize(("setting", "message"), [
    ("length-ratio.foo=1", "has no setting 'foo' (its settings: length-ratio.min, length-ratio.max, "
                           "length-ratio.min-length)"),
    ("nope.max=1", "no check 'nope'"),
    ("length-ratio.max=x", "a number is expected"),
    ("length-ratio.max=-1", "a number of 0 or more is expected"),
    ("length-ratio.max=nan", "a number of 0 or more is expected"),
    ("length-ratio", "expected RULE.NAME=VALUE"),
    ("repeated-word.max=1", "the check 'repeated-word' has no setting 'max' (its settings: none)"),
])
def test_bad_settings_are_named(setting: str, message: str) -> None:
    with pytest.raises(ReviewerError, match=None) as caught:
        CheckerSpec(settings=(setting,)).build()
    assert message in str(caught.value) and setting.split("=")[0] in str(caught.value)


def test_settings_reach_the_worker_processes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    n = 3500  # above the size where the stream starts worker processes
    src, tgt = tmp_path / "a.en.txt", tmp_path / "a.id.txt"
    src.write_text("".join(f"{_LONG_SOURCE} Item {i}.\n" for i in range(n)), encoding="utf-8")
    tgt.write_text("".join(f"Komite menyetujui {i}.\n" for i in range(n)), encoding="utf-8")
    args = ["check", "--source", str(src), "--target", str(tgt), "--no-glossary", "--only", "length-ratio",
            "--format", "jsonl", "--fail-on", "never", "--jobs", "2"]
    main(args)
    assert len(capsys.readouterr().out.splitlines()) == n
    main([*args, "--set", "length-ratio.min=0.1"])
    assert capsys.readouterr().out == ""
    main(["check", "--source", str(src), "--target", str(tgt), "--no-glossary", "--only", "length-ratio",
          "--format", "json", "--fail-on", "never", "--set", "length-ratio.min-length=1000"])
    assert json.loads(capsys.readouterr().out)["summary"]["flags"] == 0


def test_enable_runs_a_check_that_is_off_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tsv = tmp_path / "ui.tsv"
    tsv.write_text("1\tFrom\tDari\n2\tTo\tDari\n", encoding="utf-8")
    base = ["check", str(tsv), "--no-glossary", "--format", "jsonl", "--fail-on", "never"]
    main(base)
    assert capsys.readouterr().out == ""
    main([*base, "--enable", "inconsistent-source"])
    assert [(r["id"], [f["rule"] for f in r["flags"]]) for r in map(json.loads, capsys.readouterr().out.splitlines())
            ] == [("2", ["inconsistent-source"])]
    main(["checks"])
    listing = capsys.readouterr().out
    assert "off by default: --enable inconsistent-source" in listing
    assert "--set length-ratio.max=N" in listing
    assert main([*base, "--enable", "no-such-check"]) == 2
    assert "unknown check 'no-such-check'" in capsys.readouterr().err


# --- empty-target ----------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target", "hints", "flagged"), [
    (_LONG_SOURCE, "", "", True),  # a line the MT dropped
    ("Save as", " ", "", True),  # white space only
    ("Save as", "", "u=1", False),  # the format says: not translated yet (work to do, not an error)
    ("", "", "", False),  # nothing to translate
    ("   ", "", "", False),
    ("Save as", "Simpan sebagai", "", False),
])
def test_empty_target(source: str, target: str, hints: str, flagged: bool) -> None:
    flags = Checker(None, only=["empty-target"]).check_segment("1", source, target, hints)
    assert [(f.rule, f.category, f.severity.value, f.start, f.end) for f in flags] == (
        [("empty-target", "accuracy/untranslated", "major", 0, len(target))] if flagged else [])


def _rules(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, list[str]]:
    assert main(["check", *args, "--no-glossary", "--format", "json", "--fail-on", "never"]) == 0
    return {s["id"]: [f["rule"] for f in s["flags"]] for s in json.loads(capsys.readouterr().out)["segments"]}


def test_empty_target_in_a_line_pair_but_not_where_the_format_says_untranslated(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "en.txt").write_text("The ministry said on Monday.\nPrices rose.\n", encoding="utf-8")
    (tmp_path / "id.txt").write_text("Kementerian itu mengatakan pada hari Senin.\n\n", encoding="utf-8")
    assert _rules(capsys, "--source", str(tmp_path / "en.txt"), "--target", str(tmp_path / "id.txt"))["2"] == [
        "empty-target"]
    po = tmp_path / "app.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Save as"\nmsgstr ""\n\nmsgid "Open"\nmsgstr "Buka"\n', encoding="utf-8")
    found = _rules(capsys, str(po))
    assert "empty-target" not in [r for rules in found.values() for r in rules]  # an untranslated entry
    xliff = tmp_path / "a.xlf"
    xliff.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file source-language="en" target-language="id" datatype="plaintext" original="a"><body>'
        '<trans-unit id="1"><source>Save as</source><target state="new"></target></trans-unit>'
        '<trans-unit id="2"><source>Open the file</source><target state="final"></target></trans-unit>'
        '</body></file></xliff>\n', encoding="utf-8")
    assert _rules(capsys, str(xliff)) == {"1": [], "2": ["empty-target"]}  # new: to do; final and empty: an error
