"""identical-to-source and caps-lost: a target that copies its source where it should translate
it, and capitals lost; cases that must flag and cases that must stay quiet."""

from __future__ import annotations

import pytest

from reviewer.checking.engine import Checker
from tests.paths import NTREX

_CHECKER = Checker(None)


def _rules(source: str, target: str, ids: frozenset[str] = frozenset({"identical-to-source", "caps-lost"})
           ) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in _CHECKER.check_segment("1", source, target) if f.rule in ids]


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("Save file", "Save file", [("identical-to-source", "Save file")]),
    ("Delete %d files?", "Delete %d files?", [("identical-to-source", "Delete %d files?")]),
    (" End of page\n", " End of page\n", [("identical-to-source", "End of page")]),
    ("The file could not be opened.", "The file could not be opened.",
     [("identical-to-source", "The file could not be opened.")]),
    ("WARNING", "Peringatan", [("caps-lost", "Peringatan")]),
    ("DO NOT UNPLUG THE DEVICE", "Jangan cabut perangkat", [("caps-lost", "Jangan cabut perangkat")]),
])
def test_copies_and_lost_capitals_flag(source: str, target: str, expected: list[tuple[str, str]]) -> None:
    assert _rules(source, target) == expected


@pytest.mark.parametrize(("source", "target"), [
    ("Bluetooth", "Bluetooth"),                       # a name
    ("OK", "OK"),
    ("%s (%s)", "%s (%s)"),                           # code only
    ("https://example.org/help", "https://example.org/help"),
    ("--verbose", "--verbose"),
    ("toolbar.ini", "toolbar.ini"),
    ("GNU General Public License", "GNU General Public License"),  # capitalised: a name
    ("Il faut bien le faire.", "Il faut bien le faire."),  # a quotation in another language
    ("Save file", "Simpan berkas"),
    ("WARNING", "PERINGATAN"),
    ("USB", "usb"),                                   # too short to be emphasis
    ("NVIDIA said so", "NVIDIA berkata begitu"),      # not all capitals
    ("WARNING", ""),                                  # untranslated: another matter
])
def test_quiet(source: str, target: str) -> None:
    assert _rules(source, target) == []


def test_quiet_on_news_text() -> None:
    src = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    ref = (NTREX / "newstest2019-ref.ind.txt").read_text(encoding="utf-8").splitlines()
    assert [(s, t) for s, t in zip(src, ref) if _rules(s, t)] == []
