"""Quiet on software strings (issue 16, point 3): user-interface labels in Title Case are not
names, a line or a column of a program's help text starts a sentence, a markup tag does not hide
a sentence start, and an untranslated entry (an empty msgstr) has no numbers to lose. Each rule
has cases that must stay quiet and cases that must still flag."""

from __future__ import annotations

import pytest

from reviewer.checking.engine import Checker
from reviewer.core.text import is_sentence_start

_CHECKER = Checker(None)


def _rules(source: str, target: str) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in _CHECKER.check_segment("1", source, target)]


@pytest.mark.parametrize(("text", "word", "expected"), [
    ("Options:\n  Use the force", "Use", True),          # a line starts
    ("--update                 Update the list", "Update", True),  # a column of help text
    ("-v\tVerbose output", "Verbose", True),              # a tab starts a column
    ("<b>Tidak ada perangkat</b>", "Tidak", True),        # a tag stepped over at the start
    ("Selesai. <i>Jika perlu</i>", "Jika", True),         # and after a sentence end
    ("kata Dalam kalimat", "Dalam", False),               # one space: mid-sentence
    ("dia <b>Dalam</b> hal ini", "Dalam", False),         # a tag mid-sentence is no start
    ("x < y Dalam", "Dalam", False),                      # a lone "<" is no tag
])
def test_sentence_starts_in_software_text(text: str, word: str, expected: bool) -> None:
    assert is_sentence_start(text, text.index(word)) is expected


@pytest.mark.parametrize(("source", "target"), [
    ("Bluetooth Settings", "Pengaturan Bluetooth"),
    ("Modem Details", "Rincian Modem"),
    ("%s Details", "Rincian %s"),
    ("_Sticky Keys", "Tombol _Lengket"),
    ("&Open Recent Files", "&Buka Berkas Terbaru"),
    ("3G Only", "Hanya 3G"),
    ("Power Off", "Matikan"),
    ("{count} Selected Items", "{count} Butir Terpilih"),
    ("${prodname} ${VERSION} Setup", "Penyiapan ${prodname} ${VERSION}"),
    ("Options:\n  -v, --verbose    Enable verbose output.\n  -h    Show this help.",
     "Pilihan:\n  -v, --verbose    Aktifkan keluaran rinci.\n  -h    Tampilkan bantuan ini."),
])
def test_labels_and_help_text_are_not_names(source: str, target: str) -> None:
    assert [r for r in _rules(source, target) if r[0] == "missing-entity"] == []


@pytest.mark.parametrize(("source", "target", "lost"), [
    ("JetDirect Printer", "Pencetak", "JetDirect"),  # in a label, the name-like words are the name
    ("IPv6 Address", "Alamat", "IPv6"),
    ("Contact Scale AI support.", "Hubungi dukungan AI.", "Scale AI"),  # prose: names as before
    ("The Peterson Institute for International Economics said so.", "Lembaga itu berkata begitu.",
     "Peterson Institute for International Economics"),
])
def test_names_are_still_missed_where_they_are_lost(source: str, target: str, lost: str) -> None:
    assert ("missing-entity", lost) in _rules(source, target)


def test_an_untranslated_entry_has_no_numbers_to_lose() -> None:
    # As a PO file gives it (msgstr "": untranslated by the format's own account): nothing at all.
    assert [f.rule for f in _CHECKER.check_segment("1", "Page {1} of {2}: 3 errors", "", "u=1")] == []
    # Without that (a line pair), only the missing translation itself.
    assert _rules("Page {1} of {2}: 3 errors", "") == [("empty-target", "")]
    assert ("number-mismatch", "3") in _rules("Page {1} of {2}: 3 errors", "Halaman {1} dari {2}: galat")


def test_function_words_at_line_and_column_starts_are_not_flagged() -> None:
    assert _rules("Not found:\nCannot find it", "Tidak ditemukan:\nTidak dapat menemukannya") == []
    assert _rules("--no-await     No package needs it", "--no-await     Tidak ada paket yang perlu") == []
    # mid-sentence, a capitalised function word is still flagged
    assert ("function-word-case", "Dalam") in _rules("It is in the box.", "Itu ada Dalam kotak.")


@pytest.mark.parametrize("source", ["translator-credits", "Your names", "NAME OF TRANSLATORS"])
def test_translator_credits_are_not_checked_as_prose(source: str) -> None:
    target = "Budi Santoso <budi@example.org>, 2019-2021\nSiti 1234"
    assert _rules(source, target) == []
    # the same target for a real message is checked
    assert _rules("Contributors", target) != []


@pytest.mark.parametrize(("source", "target", "rule"), [
    ("%(files)d files", "%(files)d berkas", "english-plural"),          # a placeholder's name
    ("Use dpkg --contents", "Gunakan dpkg --contents", "english-plural"),  # an option
    ('<a href="windows">Windows</a>', '<a href="windows">Jendela</a>', "english-plural"),  # a tag
    ("Mail updates@example.org", "Surati updates@example.org", "english-plural"),
    ("See /proc/swaps", "Lihat /proc/swaps", "english-plural"),          # a path
    ("Could not load pagetemplates.ini", "Tidak dapat memuat pagetemplates.ini", "english-plural"),  # a file name
    ("error opening conffiles file", "galat saat membuka berkas 'conffiles'", "english-plural"),  # a quoted literal
    ("failed to remove update file", "gagal membuang berkas 'update'", "untranslated-english"),
])
def test_word_checks_never_flag_inside_code(source: str, target: str, rule: str) -> None:
    assert [r for r in _rules(source, target) if r[0] == rule] == []


def test_word_checks_still_flag_outside_code() -> None:
    assert ("english-plural", "chatbots") in _rules("%(n)d chatbots", "%(n)d chatbots baru")
    # a quoted word the source does not have is language: still checked
    assert ("malay-word", "fail") in _rules("Open the file", "Buka 'fail' itu")
    # a broken reduplication is still one, an option after a word is not
    assert ("reduplication-spacing", "bertahun -tahun") in _rules("for years", "selama bertahun -tahun")
    assert [r for r in _rules("run tar -cf", "jalankan tar -cf") if r[0] == "reduplication-spacing"] == []


def test_a_glossary_term_never_matches_inside_a_placeholder() -> None:
    from pathlib import Path

    from reviewer.glossary.load import parse_glossary

    glossary = parse_glossary("terms:\n  - {id: category, source: category, target: kategori}\n", Path("g.yaml"))
    checker = Checker(glossary)
    flagged = [f.rule for f in checker.check_segment("1", "Filter by {category}", "Saring menurut {category}")]
    assert "category" not in flagged
    flagged = [f.rule for f in checker.check_segment("1", "Choose a category", "Pilih sebuah jenis")]
    assert "category" in flagged
