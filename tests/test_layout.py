"""Layout checks for software strings: white space at the ends, doubled spaces, the final colon,
ellipsis or question mark, line breaks and keyboard accelerators. Each has cases that must flag
(rule, flagged text, side) and cases that must stay quiet; none fires on news text."""

from __future__ import annotations

import pytest

from reviewer.checking.engine import Checker
from tests.paths import NTREX

_CHECKER = Checker(None)
_LAYOUT = {"edge-whitespace", "double-space", "end-punctuation", "line-breaks", "accelerator"}


def _layout(source: str, target: str) -> list[tuple[str, str, str]]:
    return [(f.rule, f.text, f.side.value) for f in _CHECKER.check_segment("1", source, target) if f.rule in _LAYOUT]


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("Name: ", "Nama:", [("edge-whitespace", "", "target")]),
    (" %d files", "%d berkas", [("edge-whitespace", "", "target")]),
    ("Part: ", "Bagian:", [("edge-whitespace", "", "target")]),      # a space the program appends to, lost
    ("Done", "Selesai\n", [("edge-whitespace", "\n", "target")]),    # a line break added
    ("Delete file", "Hapus  berkas", [("double-space", "  ", "target")]),
    ("Name:", "Nama", [("end-punctuation", "", "target")]),
    ("Open…", "Buka", [("end-punctuation", "", "target")]),
    ("Save As...", "Simpan Sebagai", [("end-punctuation", "", "target")]),
    ("Delete this file?", "Hapus berkas ini.", [("end-punctuation", ".", "target")]),
    ("Delete", "Hapus:", [("end-punctuation", ":", "target")]),
    ("Line one\nLine two", "Baris satu baris dua", [("line-breaks", "Line one\nLine two", "source")]),
    ("One line", "Satu\nbaris", [("line-breaks", "Satu\nbaris", "target")]),
    ("_Open", "Buka", [("accelerator", "_O", "source")]),
    ("&File", "Berkas", [("accelerator", "&F", "source")]),
    ("_Save", "_Sim_pan", [("accelerator", "_p", "target")]),
])
def test_layout_slips_flag(source: str, target: str, expected: list[tuple[str, str, str]]) -> None:
    assert _layout(source, target) == expected


@pytest.mark.parametrize(("source", "target"), [
    ("Name: ", "Nama: "),
    ("Done\n", "Selesai\n"),
    ("Done\n", "Selesai \n"),                    # blanks added at the end are invisible
    ("fork failed", "fork gagal "),
    ("  -v, --verbose    Be verbose", "  -v, --verbose    Tampilkan rincian"),  # columns in both
    ("Name:", "Nama:"),
    ("Open…", "Buka..."),                       # the same ellipsis, written another way
    ("Saved.", "Tersimpan"),                    # a full stop is a matter of style
    ("Great!", "Bagus."),
    ("Line one\nLine two", "Baris satu\nbaris dua"),
    ("_Open", "B_uka"),                         # an accelerator may move inside the word
    ("&File", "&Berkas"),
    ("AT&T and R&D", "AT&T dan R&D"),           # names, kept as they are
    ("Use snake_case names", "Gunakan nama snake_case"),
    ("Tom &amp; Jerry", "Tom &amp; Jerry"),
    ("", ""),
    ("_Open", ""),                              # an untranslated entry is another matter
])
def test_layout_quiet(source: str, target: str) -> None:
    assert _layout(source, target) == []


def test_quiet_on_news_text() -> None:
    src = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    ref = (NTREX / "newstest2019-ref.ind.txt").read_text(encoding="utf-8").splitlines()
    assert [(s, t) for s, t in zip(src, ref) if _layout(s, t)] == []
