"""What a segment's format says about checking it (`core.hints`): PO format flags choose the
placeholder syntaxes, `msgctxt` scopes the consistency check, fuzzy entries are reported as such;
and the quieting rules for software text that came with them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from reviewer.checking.engine import Checker
from reviewer.cli.main import main
from reviewer.core.hints import (
    PLACEHOLDER_KINDS,
    accelerators,
    is_fuzzy,
    placeholder_kinds,
    po_kinds,
    scope,
    segment_hints,
)
from reviewer.formats import load_corpus
from reviewer.lang.en import identifier_shaped


@pytest.mark.parametrize(("flags", "kinds"), [
    ([], None),
    (["fuzzy"], None),
    (["c-format"], {"printf"}),
    (["python-format"], {"printf"}),
    (["python-brace-format"], {"brace"}),
    (["qt-format"], {"qt"}),
    (["sh-format"], {"shell"}),
    (["java-format"], {"brace", "icu"}),
    (["c-format", "python-brace-format"], {"printf", "brace"}),
    (["no-c-format"], PLACEHOLDER_KINDS - {"printf"}),
    (["python-brace-format", "no-python-format"], {"brace"}),
    (["made-up-format"], None),
])
def test_po_flags_choose_the_placeholder_kinds(flags: list[str], kinds: set[str] | None) -> None:
    assert po_kinds(flags) == (None if kinds is None else frozenset(kinds))


def test_segment_hints_by_format() -> None:
    assert segment_hints({}) == ""
    assert segment_hints({"line": 3}) == ""
    po = segment_hints({"flags": ["c-format"], "msgctxt": "printer state", "line": 4})
    assert placeholder_kinds(po) == {"printf"} and scope(po) == "printer state"
    plain_po = segment_hints({"flags": [], "line": 4})
    assert placeholder_kinds(plain_po) == PLACEHOLDER_KINDS and scope(plain_po) == ""
    assert placeholder_kinds(segment_hints({"kind": "string", "name": "x"})) == {"printf"}
    assert placeholder_kinds(segment_hints({"kind": "string", "name": "x", "formatted": "false"})) == frozenset()
    assert placeholder_kinds(segment_hints({"kind": "arb"})) == {"brace", "icu"}
    assert accelerators(po) and accelerators("") and not accelerators(segment_hints({"kind": "arb"}))
    assert not accelerators(segment_hints({"kind": "string", "name": "x"}))
    assert is_fuzzy({"flags": ["fuzzy", "c-format"]}) and not is_fuzzy({"flags": ["c-format"]}) and not is_fuzzy({})


_PO_HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: id\\n"\n\n'


def _po(tmp_path: Path, entries: list[tuple[str, str, str, str]]) -> Path:
    """A PO file of (flags, msgctxt, msgid, msgstr) entries."""
    out = [_PO_HEAD]
    for flags, ctxt, msgid, msgstr in entries:
        if flags:
            out.append(f"#, {flags}\n")
        if ctxt:
            out.append(f'msgctxt "{ctxt}"\n')
        out.append(f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n')
    path = tmp_path / "app.id.po"
    path.write_text("".join(out), encoding="utf-8")
    return path


def _rules(path: Path, *args: str) -> dict[str, list[str]]:
    corpus = load_corpus(path)
    report = Checker(None).check_corpus(corpus)
    return {r.segment.id: sorted({f.rule for f in r.flags if f.rule not in args}) for r in report.results}


def test_format_flags_choose_what_the_placeholder_check_compares(tmp_path: Path) -> None:
    path = _po(tmp_path, [
        ("python-brace-format", "", "Hello {name}, 100%s done", "Halo {nama}, 100 selesai"),
        ("python-brace-format", "", "Sent to {name} as %s", "Dikirim ke {name} sebagai dokumen"),
        ("c-format", "", "Copy {file} to %s", "Salin {berkas} ke folder"),
        ("c-format", "", "Copy {file} into %s", "Salin {berkas} ke dalam %s"),
        ("", "", "Move {file} to %s", "Pindahkan {berkas} ke folder"),
        ("no-c-format", "", "Rate: %d per {unit}", "Laju: per {unit}"),
    ])
    rules = {seg: "placeholder-mismatch" in found for seg, found in _rules(path).items()}
    # brace syntax: the renamed {name} is flagged, the dropped %s is text
    assert rules == {"1": True, "2": False, "3": True, "4": False, "5": True, "6": False}


def test_format_flags_reach_the_streamed_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _po(tmp_path, [
        ("python-brace-format", "", "Sent to {name} as %s", "Dikirim ke {name} sebagai dokumen"),
        ("c-format", "", "Copy {file} to %s", "Salin {file} ke folder"),
    ])
    main(["check", str(path), "--no-glossary", "--format", "jsonl", "--fail-on", "never", "--jobs", "1"])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["id"], [f["text"] for f in r["flags"] if f["rule"] == "placeholder-mismatch"]) for r in rows] == [
        ("2", ["%s"])]


def test_a_po_context_is_a_scope_of_its_own_for_consistency(tmp_path: Path) -> None:
    path = _po(tmp_path, [
        ("", "printer state", "Stopped", "Dihentikan"),
        ("", "print job", "Stopped", "Berhenti"),
        ("", "print job", "Stopped:", "Berhenti:"),
        ("", "", "_Open", "_Buka"),
        ("", "", "Open", "Buka"),
        ("", "", "Open:", "Membuka:"),
    ])
    rules = _rules(path)
    assert [seg for seg, found in rules.items() if "inconsistent-target" in found] == ["6"]


def test_fuzzy_entries_are_checked_and_reported_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _po(tmp_path, [
        ("fuzzy, c-format", "", "Copy %s to %s", "Salin %s"),
        ("c-format", "", "Move %s to %s", "Pindahkan %s"),
        ("c-format", "", "Delete %s", "Hapus %s"),
    ])
    main(["check", str(path), "--no-glossary", "--format", "json", "--fail-on", "never"])
    data = json.loads(capsys.readouterr().out)
    assert [(s["id"], s.get("fuzzy", False), bool(s["flags"])) for s in data["segments"]] == [
        ("1", True, True), ("2", False, True), ("3", False, False)]
    assert (data["summary"]["fuzzy_segments"], data["summary"]["flagged_fuzzy_segments"]) == (1, 1)

    main(["check", str(path), "--no-glossary", "--format", "csv", "--fail-on", "never"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["segment"], r["fuzzy"]) for r in rows] == [("1", "fuzzy"), ("2", "")]

    main(["check", str(path), "--no-glossary", "--color", "never", "--fail-on", "never"])
    text = capsys.readouterr().out
    assert "── 1 (fuzzy)" in text and "── 2 \n" in text
    assert "1 of the flagged segments are fuzzy (of 1 fuzzy segments)" in text

    main(["check", str(path), "--no-glossary", "--format", "jsonl", "--fail-on", "never", "--no-include-fuzzy"])
    assert [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()] == ["2"]


def test_a_corpus_without_fuzzy_entries_keeps_its_summary_shape(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = _po(tmp_path, [("c-format", "", "Move %s to %s", "Pindahkan %s")])
    main(["check", str(path), "--no-glossary", "--format", "json", "--fail-on", "never"])
    data = json.loads(capsys.readouterr().out)
    assert "fuzzy_segments" not in data["summary"] and "fuzzy" not in data["segments"][0]


@pytest.mark.parametrize(("source", "target", "flagged"), [
    # wrapped text wrapped again for the translation's length: the same paragraphs
    ("The following packages are waiting\nfor their triggers to be processed\nby dpkg.\n",
     "Paket-paket berikut ini menunggu\npemrosesan pemicu\nyang diaktifkan\noleh dpkg.\n", False),
    ("First paragraph,\nwrapped.\n\nSecond one.", "Paragraf pertama,\ndibungkus lagi\ndi sini.\n\nYang kedua.", False),
    # a paragraph lost, a break in a one-line message, a message made one line
    ("First paragraph,\nwrapped.\n\nSecond one.", "Paragraf pertama,\ndibungkus.\nYang kedua.", True),
    ("Package %s is on hold, not touching it.", "Paket %s sedang dicekal,\ntidak akan disentuh.", True),
    ("Line one\nline two", "Baris satu baris dua", True),
])
def test_line_breaks_allow_wrapping_again(source: str, target: str, flagged: bool) -> None:
    rules = {f.rule for f in Checker(None).check_segment("1", source, target)}
    assert ("line-breaks" in rules) is flagged


@pytest.mark.parametrize(("word", "shaped"), [
    ("fgets", True), ("mkdir", True), ("xrandr", True), ("dpkg", True), ("gtk", True),
    ("files", False), ("the", False), ("strings", False), ("printf", False), ("psalms", False),
    ("rhythms", False), ("nyanyi", False), ("tsunamis", False), ("Fgets", False), ("ab", False),
])
def test_identifier_shaped(word: str, shaped: bool) -> None:
    assert identifier_shaped(word) is shaped


@pytest.mark.parametrize(("source", "target", "flagged"), [
    ("fgets gave an empty string from '%s'", "fgets memberikan string kosong dari '%s'", False),
    ("usage: %prog [options] FILE", "penggunaan: %prog [options] FILE", False),
    ('See <a href="windows">Microsoft Windows</a> systems.', 'Lihat sistem <a href="windows">Microsoft Windows</a>.',
     False),
    # still flagged: loanwords with the English plural outside code
    ("Turn off the chatbots", "Matikan chatbots", True),
    ("usage: %prog with options", "penggunaan: %prog dengan options", True),
])
def test_english_plural_leaves_code_alone(source: str, target: str, flagged: bool) -> None:
    rules = {f.rule for f in Checker(None).check_segment("1", source, target)}
    assert ("english-plural" in rules) is flagged


@pytest.mark.parametrize(("source", "target", "flagged"), [
    ("Max Length (mm)", "Panjang Maksimum (mm)", False),
    ("Jump to Page (first Page: 1)", "Lompat ke Halaman (halaman pertama: 1)", False),
    ("Speed for a Zoomstep", "Kecepatan langkah perbesaran", False),
    # prose still has names
    ("The report was written by Jane Goodall in Kenya.", "Laporan itu ditulis di Kenya.", True),
])
def test_title_case_labels_hold_no_names(source: str, target: str, flagged: bool) -> None:
    rules = {f.rule for f in Checker(None).check_segment("1", source, target)}
    assert ("missing-entity" in rules) is flagged


@pytest.mark.parametrize(("source", "target"), [
    # an option list or a table keeps its lines: one lost is an omission
    ("Options:\n  --help     show this help.\n  --version  show the version.\n",
     "Opsi:\n  --help     tampilkan bantuan ini.\n"),
    ("Name:\tvalue\nSize:\tvalue\nDate:\tvalue", "Nama:\tnilai\nUkuran dan tanggal:\tnilai"),
])
def test_line_breaks_in_laid_out_text_count(source: str, target: str) -> None:
    assert "line-breaks" in {f.rule for f in Checker(None).check_segment("1", source, target)}


def test_accelerators_only_where_the_format_has_them() -> None:
    checker = Checker(None, only=["accelerator"])
    assert [f.rule for f in checker.check_segment("1", "_Save As", "Simpan Sebagai")] == ["accelerator"]
    po = segment_hints({"flags": [], "line": 1})
    assert [f.rule for f in checker.check_segment("1", "_Save As", "Simpan Sebagai", po)] == ["accelerator"]
    android = segment_hints({"kind": "string", "name": "save_as"})
    assert checker.check_segment("1", "_Save As", "Simpan Sebagai", android) == []
