"""The malay-word check: Malay words in Indonesian text flag with the Indonesian word offered;
Indonesian words that Malay software also uses, names, ordinals after "sila", acronyms and real
Indonesian text (news, sentences, professional software translations) stay quiet."""

from __future__ import annotations

import pytest

from reviewer.checking.engine import Checker
from reviewer.formats import load_corpus
from tests.paths import NTREX, SHARED

_CHECKER = Checker(None)


def _malay(source: str, target: str, target_lang: str = "id") -> list[tuple[str, str | None]]:
    checker = _CHECKER if target_lang == "id" else Checker(None, target_lang=target_lang)
    return [(f.text, f.suggestion) for f in checker.check_segment("1", source, target) if f.rule == "malay-word"]


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("Enter your password", "Masukkan kata laluan Anda", [("kata laluan", "kata sandi")]),
    ("Download the file", "Muat turun fail tersebut", [("Muat turun", "Unduh"), ("fail", "berkas")]),
    ("Please try again", "Sila cuba lagi", [("Sila", "Silakan"), ("cuba", "coba")]),
    ("Open Settings", "Buka Tetapan", [("Tetapan", "Pengaturan")]),
    ("Save the file", "Simpan failnya", [("failnya", "berkasnya")]),
    ("Upload the image", "Muat  naik gambar", [("Muat  naik", "Unggah")]),
    ("Update now", "Kemas kini sekarang", [("Kemas kini", "Perbarui")]),
    ("Disable sync", "Nyahaktifkan penyegerakan", [("Nyahaktifkan", "Nonaktifkan"), ("penyegerakan", "sinkronisasi")]),
    ("Your account", "Akaun anda", [("Akaun", "Akun")]),
    ("Press the keyboard key", "Tekan kekunci pada papan kekunci", [("kekunci", "tombol"), ("papan kekunci", "papan ketik")]),
    ("Phone number", "Nombor telefon", [("Nombor", "Nomor"), ("telefon", "telepon")]),
])
def test_malay_words_flag_with_the_indonesian_word(source: str, target: str, expected: list[tuple[str, str]]) -> None:
    assert _malay(source, target) == expected


@pytest.mark.parametrize(("source", "target"), [
    ("The power went out", "Listrik padam"),               # Indonesian "padam", not Malay "delete"
    ("The first principle", "Sila pertama Pancasila"),     # "sila" is also a principle
    ("Cuba is an island", "Cuba adalah pulau"),            # the source has the word: a name
    ("KAD files", "Berkas KAD"),                           # an acronym
    ("It failed", "Gagal"),
    ("The minutes of the meeting", "Minit rapat"),         # left out: Indonesian too
    ("A database", "Pangkalan data"),                      # the dictionary's word for database
    ("He logged in", "Dia log masuk"),                     # GNOME's Indonesian uses it
    ("Simple living", "Hidup bersahaja"),                  # a longer word holding "sahaja"
    ("Downloaded files", "Berkas yang diunduh"),
    ("Enter your password", "Masukkan kata sandi Anda"),
])
def test_indonesian_text_stays_quiet(source: str, target: str) -> None:
    assert _malay(source, target) == []


def test_only_for_indonesian_targets() -> None:
    assert _malay("Enter your password", "Masukkan kata laluan anda", target_lang="ms") == []


def test_quiet_on_real_indonesian_news_and_software_translations() -> None:
    src = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    ref = (NTREX / "newstest2019-ref.ind.txt").read_text(encoding="utf-8").splitlines()
    assert [t for s, t in zip(src, ref) if _malay(s, t)] == []
    for path in sorted((SHARED / "data" / "software-po-id").glob("*.po")):
        flagged = [s.target for s in load_corpus(path).segments if _malay(s.source, s.target)]
        assert flagged == [], path.name
