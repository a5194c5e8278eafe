"""The target's word lines (`TargetWords.keys_line`, `written_line`) and the ASCII form of
text (`ascii_form`) give the same answers as the word sets and the regex cut they replace."""

from __future__ import annotations

import pytest

from reviewer.core.text import TERM_WORD_RE
from reviewer.glossary.scan import TargetWords, Words, _clitic_stems, ascii_form

TEXTS = [
    "Presiden “Joko Widodo” mengunjungi pabrik—katanya—pada 12 Mei.",
    "Harga naik menjadi £5 dan €7, kata pejabat itu.",
    "Rumahnya di Jakarta; bukunya hilang.",
    "Kim Jong-un bertemu Trump di Singapura.",
    "Qur’an dan ‘kutipan’ di sini",
    "José García tiba di bandara",
    "a\u00a0b\u2009c",
    "It's the dog's ball ''quoted'' 'x'",
    "",
    "   ",
]


def _keys(text: str) -> set[str]:
    """The keys the set-based index had: the case-folded words and their clitic stems."""
    words = [w.casefold() for w in TERM_WORD_RE.findall(text)]
    return set(words) | set(_clitic_stems(" " + " ".join(words) + " "))


@pytest.mark.parametrize("text", TEXTS)
def test_words_cut_is_the_regex_cut(text: str) -> None:
    expected = [(m.group(), m.start(), m.end()) for m in TERM_WORD_RE.finditer(text)]
    assert Words(text).tokens() == expected


@pytest.mark.parametrize("text", TEXTS)
def test_key_lookups_match_the_word_set(text: str) -> None:
    target = TargetWords(text)
    keys = _keys(text)
    for word in keys | {"joko", "rumah", "buku", "ku", "x", "zzz", "qur’an", "jong"}:
        assert target.has_key(word) == (word in keys), word
    written = set(TERM_WORD_RE.findall(text))
    for word in written | {"joko", "Joko", "José"}:
        assert (" " + word + " " in target.written_line()) == (word in written), word


@pytest.mark.parametrize(("text", "form"), [
    ("plain ascii", b"plain ascii"),
    ("“quoted” – £5", b"\0quoted\0 \0 \x005"),
    ("it’s", None),          # ’ between two word characters: in a word
    ("dogs’ ball", b"dogs\0 ball"),
    ("café", None),          # a letter outside ASCII
    ("a\u00a0b", b"a b"),    # white space outside ASCII stays white space
])
def test_ascii_form(text: str, form: bytes | None) -> None:
    assert ascii_form(text) == form


def test_has_key_finds_stems_and_whole_words_only() -> None:
    target = TargetWords("Bukunya ada di meja-mu.")
    assert target.has_key("buku")          # Bukunya: buku + -nya
    assert target.has_key("bukunya")
    assert not target.has_key("bukun")    # not a word, not a stem
    assert target.has_key("meja")
    assert not target.has_key("")
    assert not target.has_key("ad")


def test_multi_word_rendering_needs_its_first_word() -> None:
    target = TargetWords("Kementerian Luar Negeri menyatakan")
    assert target.present(("luar", "negeri"), False)
    assert not target.present(("dalam", "negeri"), False)
    assert target.present(("Luar", "Negeri"), True)
    assert not target.present(("luar", "Negeri"), True)
