"""Sentence splitting: abbreviations, quotes, numbers, ellipses, exact offsets and the bundled article."""

from __future__ import annotations

import pytest

from reviewer.formats import load_corpus
from reviewer.lang.segmenter import Sentence, split_sentences


def texts(paragraph: str) -> list[str]:
    sentences = split_sentences(paragraph)
    for s in sentences:
        assert s.text == paragraph[s.start : s.end]
    return [s.text for s in sentences]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        pytest.param("Mr. Smith went home. He slept.", ["Mr. Smith went home.", "He slept."], id="mr"),
        pytest.param("Dr. Jones arrived. Prof. Ng left.", ["Dr. Jones arrived.", "Prof. Ng left."], id="dr-prof"),
        pytest.param(
            "Mrs. Li and Ms. Tan met. They talked.", ["Mrs. Li and Ms. Tan met.", "They talked."], id="mrs-ms"
        ),
        pytest.param("The A.I. boom is real. It grows.", ["The A.I. boom is real.", "It grows."], id="a.i."),
        pytest.param("The U.S. economy grew. Stocks rose.", ["The U.S. economy grew.", "Stocks rose."], id="u.s."),
        pytest.param("J. Smith wrote it. She agreed.", ["J. Smith wrote it.", "She agreed."], id="initial"),
        pytest.param("Made by Acme Inc. and sold. Fine.", ["Made by Acme Inc. and sold.", "Fine."], id="inc"),
        pytest.param("See e.g. this one. Next.", ["See e.g. this one.", "Next."], id="e.g."),
        pytest.param(
            "Kantor di Jl. Sudirman no. 5. Bagus.",
            ["Kantor di Jl. Sudirman no. 5.", "Bagus."],
            id="indonesian-abbreviations",
        ),
        pytest.param("Bpk. Joko datang. Ia senang.", ["Bpk. Joko datang.", "Ia senang."], id="bpk"),
        pytest.param("He said no. Then he left.", ["He said no.", "Then he left."], id="no-as-a-word"),
        pytest.param("See No. 12 here. Next.", ["See No. 12 here.", "Next."], id="no-before-number"),
    ],
)
def test_abbreviations_and_initials(paragraph: str, expected: list[str]) -> None:
    assert texts(paragraph) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        pytest.param(
            "“Anda tidak dapat mengontrol apa yang sudah ada di sana,” kata Jimmy Goodrich. "
            "“Seandainya pemerintahan Biden lebih cepat.”",
            [
                "“Anda tidak dapat mengontrol apa yang sudah ada di sana,” kata Jimmy Goodrich.",
                "“Seandainya pemerintahan Biden lebih cepat.”",
            ],
            id="quote-opens-next-sentence",
        ),
        pytest.param("“It is over.” He left.", ["“It is over.”", "He left."], id="quote-closes-sentence"),
        pytest.param(
            "Dia berkata, “Ini selesai.” Lalu pergi.",
            ["Dia berkata, “Ini selesai.”", "Lalu pergi."],
            id="closing-quote-stays",
        ),
        pytest.param("“Apa?” tanyanya.", ["“Apa?” tanyanya."], id="lower-case-after-quote"),
        pytest.param('He said "yes." She nodded.', ['He said "yes."', "She nodded."], id="straight-quotes"),
        pytest.param("Lihat (gambar 2.) Itu.", ["Lihat (gambar 2.)", "Itu."], id="bracket-closes"),
        pytest.param(
            "Mereka tidak bisa membicarakannya. “",
            ["Mereka tidak bisa membicarakannya. “"],
            id="lone-quote-at-paragraph-end",
        ),
        pytest.param("Satu. Dua. ”", ["Satu.", "Dua. ”"], id="lone-closing-quote-joins-last-sentence"),
    ],
)
def test_quotes(paragraph: str, expected: list[str]) -> None:
    assert texts(paragraph) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        pytest.param("Total $ 103 juta. Itu banyak.", ["Total $ 103 juta.", "Itu banyak."], id="dollar-space"),
        pytest.param(
            "Ada 10.000 chip. Harganya 3,5 juta.", ["Ada 10.000 chip.", "Harganya 3,5 juta."], id="group-and-decimal"
        ),
        pytest.param("It rose 3.5 percent. Then fell.", ["It rose 3.5 percent.", "Then fell."], id="english-decimal"),
        pytest.param("Sejak 2020. 2021 lebih baik.", ["Sejak 2020.", "2021 lebih baik."], id="number-starts-sentence"),
        pytest.param("Versi 1.2.3 keluar. Bagus.", ["Versi 1.2.3 keluar.", "Bagus."], id="version"),
    ],
)
def test_numbers_are_not_split(paragraph: str, expected: list[str]) -> None:
    assert texts(paragraph) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        pytest.param("Wait... what? Yes! Done.", ["Wait... what?", "Yes!", "Done."], id="three-dots-lower"),
        pytest.param("Dia diam… Lalu pergi.", ["Dia diam…", "Lalu pergi."], id="ellipsis-character"),
        pytest.param("Dia diam... Lalu pergi.", ["Dia diam...", "Lalu pergi."], id="three-dots-upper"),
        pytest.param("Benarkah?! Ya.", ["Benarkah?!", "Ya."], id="mixed-punctuation"),
        pytest.param("Apa? ya.", ["Apa? ya."], id="lower-case-does-not-start"),
    ],
)
def test_ellipsis_and_terminal_punctuation(paragraph: str, expected: list[str]) -> None:
    assert texts(paragraph) == expected


def test_offsets_skip_the_whitespace_between_sentences() -> None:
    paragraph = "  Satu.   Dua!\tTiga?  "
    assert split_sentences(paragraph) == [
        Sentence("Satu.", 2, 7),
        Sentence("Dua!", 10, 14),
        Sentence("Tiga?", 15, 20),
    ]


@pytest.mark.parametrize("paragraph", ["", "   ", "\t"])
def test_empty_paragraph_has_no_sentences(paragraph: str) -> None:
    assert split_sentences(paragraph) == []


def test_no_final_punctuation() -> None:
    assert split_sentences("Tanpa titik") == [Sentence("Tanpa titik", 0, 11)]


def test_bundled_article_splits_into_57_segments() -> None:
    corpus = load_corpus()
    ids = [s.id for s in corpus.segments]
    assert len(ids) == 57
    assert ids[0] == "p1.s1" and ids[-1] == "p32.s2"
    assert len(set(ids)) == 57
    assert ids[:5] == ["p1.s1", "p3.s1", "p3.s2", "p4.s1", "p4.s2"]
    # Line 2 is blank: no segment.
    assert not any(i.startswith("p2.") for i in ids)
    by_id = corpus.by_id()
    assert by_id["p1.s1"].target == "Apakah kemajuan AI Deepseek berarti kontrol teknologi AS telah gagal?"
    assert by_id["p12.s1"].target.startswith("“Anda tidak dapat mengontrol")
    assert by_id["p12.s1"].target.endswith(
        "kata Jimmy Goodrich, penasihat senior untuk analisis teknologi di RAND Corporation."
    )
    assert by_id["p12.s2"].target.startswith("“Seandainya administrasi Biden")
    # The stray closing quote at the end of paragraph 15 stays with its sentence.
    assert by_id["p15.s3"].target.endswith("mereka tidak bisa membicarakannya. “")
    assert "p15.s4" not in by_id
    # "$ 103 juta" and "Mr. Chorzempa" do not split.
    assert by_id["p17.s2"].target.endswith("transaksi dengan total $ 103 juta.")
    assert by_id["p29.s1"].target.endswith("kata Mr. Chorzempa.")
    assert "10.000 NVIDIA A100S" in by_id["p13.s2"].target


def test_bundled_article_offsets_reproduce_each_line() -> None:
    corpus = load_corpus()
    layout = corpus.layout
    for seg in corpus.segments:
        placement = layout.placements[seg.id]
        line = layout.document.lines[placement.line]
        assert line[placement.start : placement.end] == seg.target
        assert seg.id.startswith(f"p{placement.line + 1}.")
