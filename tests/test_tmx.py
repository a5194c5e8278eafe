"""TMX 1.4b on the Okapi test files and the LISA compatibility kit (UTF-16 with BOM, odd
spacing and case in attributes, comments, several languages): every file loads and round-trips
through the format contract; memories serve as references and approved segments export as TMX."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.core.errors import FormatError
from reviewer.core.model import Corpus, SegmentStatus
from reviewer.formats import detect_format, load_corpus, render_target
from reviewer.formats.tmx import export_tmx, read_tmx, tmx_reference
from reviewer.formats.xmlsafe import parse_xml
from tests.paths import SHARED
from tests.test_format_contract import FormatContract

DATA = SHARED / "data"
TMX_FILES = sorted([*(DATA / "okapi-tmx").glob("*.tmx"), *(DATA / "okapi-tmx-compkit").glob("*.tmx")])


def _rel(path: Path) -> str:
    return path.relative_to(DATA).as_posix()


def test_all_tmx_files_are_found() -> None:
    assert len(TMX_FILES) == 19


class TestTmxContract(FormatContract):
    format_name = "tmx"
    unit_element = "tu"
    writes_status = False

    @pytest.fixture(params=TMX_FILES, ids=_rel)
    def path(self, request: pytest.FixtureRequest) -> Path:
        return request.param


@pytest.mark.parametrize(("rel", "count", "langs", "first_id", "source", "target"), [
    ("okapi-tmx-compkit/ImportTest2A.tmx", 7, ("en-us", "FR-CA"), "1",
     "The big ⟦1⟧black⟦/1⟧ ⟦2⟧cat⟦/2⟧ sleeps.", "Le gros ⟦2⟧chat⟦/2⟧ ⟦1⟧noir⟦/1⟧ dors."),
    ("okapi-tmx-compkit/ImportTest1A.tmx", 2, ("en-us", "fr-ca"), "1",
     "First segment with [\t\t   ]", "Premier segment avec [\t\t   ]"),
    ("okapi-tmx-compkit/ImportTest1B.tmx", 1, ("eN-uS", "fR-Ca"), "1", "Text of the segment", "Texte du segment"),
    ("okapi-tmx-compkit/ImportTest1C.tmx", 3, ("en-us", "ja-jp"), "1",
     "First entry in US English", "First entry in Japanese"),
    ("okapi-tmx-compkit/ImportTest1H.tmx", 3, ("en-us", "en-gb"), "1",
     "à=agrave, é=eacute, æ=aelig", "à=agrave, é=eacute, æ=aelig"),
    ("okapi-tmx-compkit/ImportTest1I.tmx", 1, ("en-us", "ja-jp"), "1",
     "English segment with [    ]", "Japanese segment with [\u3000\u3000]"),
    ("okapi-tmx-compkit/ImportTest1L.tmx", 1, ("en-us", "fr"), "tu001", "Text of the segment.", "Texte du segment."),
    ("okapi-tmx/header_with_prop_and_note.tmx", 1, ("en-us", "fr"), "1",
     "⟦1/⟧⟦2⟧Click ⟦3/⟧ to ⟦4⟧start⟦/4⟧.⟦/2⟧", "⟦2⟧⟦1/⟧Cliquez ⟦3/⟧ pour ⟦4⟧commencer⟦/4⟧.⟦/2⟧"),
    ("okapi-tmx/html_test.tmx", 11, ("EN-US", "FR-FR"), "1", "start &lt; of &lt; body text", "stXrt &lt; Xf &lt; bXdy tXxt"),
])
def test_real_values(rel: str, count: int, langs: tuple[str, str], first_id: str, source: str, target: str) -> None:
    corpus = load_corpus(DATA / rel)
    assert len(corpus.segments) == count
    assert (corpus.source_lang, corpus.target_lang) == langs
    first = corpus.segments[0]
    assert (first.id, first.source, first.target) == (first_id, source, target)


def test_notes_of_unit_and_variants_are_kept() -> None:
    corpus = load_corpus(DATA / "okapi-tmx-compkit" / "ImportTest1L.tmx")
    assert corpus.segments[0].note == ("Text of tu note 1\nText of tu note 2\nText of tuv en note 1\n"
                                       "Text of tuv en note 1\nText of tuv fr note 1\nText of tuv fr note 1")


def test_codes_pair_through_i_and_match_through_x() -> None:
    seg = load_corpus(DATA / "okapi-tmx-compkit" / "ImportTest2A.tmx").segments[0]
    assert seg.extra["codes"]["1"] == {"kind": "pair", "open": '<bpt i="1" x="1" type="bold">&lt;b></bpt>',
                                       "close": '<ept i="1">&lt;/b></ept>', "label": "bold", "element": False}


def test_utf16_file_is_written_back_in_utf16_with_its_bom(tmp_path: Path) -> None:
    src = DATA / "okapi-tmx-compkit" / "ImportTest2A.tmx"
    assert src.read_bytes()[:2] == b"\xff\xfe"
    corpus = load_corpus(src)
    (data,) = render_target(corpus, {"1": "Le gros ⟦1⟧chat noir⟦/1⟧ ⟦2⟧dort⟦/2⟧."}).values()
    assert data[:2] == b"\xff\xfe"
    text = data[2:].decode("utf-16-le")
    assert ('<seg>Le gros <bpt i="1" x="1" type="bold">&lt;b></bpt>chat noir<ept i="1">&lt;/b></ept> '
            '<bpt i="2" x="2" type="ulined">&lt;u></bpt>dort<ept i="2">&lt;/u></ept>.</seg>') in text
    out = tmp_path / src.name
    out.write_bytes(data)
    assert load_corpus(out).segments[0].target == "Le gros ⟦1⟧chat noir⟦/1⟧ ⟦2⟧dort⟦/2⟧."


def test_ascii_file_gets_character_references(tmp_path: Path) -> None:
    src = DATA / "okapi-tmx-compkit" / "ImportTest1H.tmx"
    corpus = load_corpus(src)
    (data,) = render_target(corpus, {"1": "è=egrave"}).values()
    assert b"<seg>&#232;=egrave</seg>" in data
    out = tmp_path / src.name
    out.write_bytes(data)
    assert load_corpus(out).segments[0].target == "è=egrave"


def test_languages_can_be_chosen() -> None:
    corpus = read_tmx(DATA / "okapi-tmx-compkit" / "ImportTest1C.tmx", target_lang="es-ES")
    assert [s.target for s in corpus.segments] == ["First entry in Spanish", "Second entry in Spanish",
                                                   "Third entry in Spanish"]
    assert corpus.target_lang == "es-es"


def test_missing_target_variant_is_added(tmp_path: Path) -> None:
    src = DATA / "okapi-tmx-compkit" / "ImportTest1C.tmx"
    corpus = read_tmx(src, target_lang="id")
    assert [s.target for s in corpus.segments] == ["", "", ""]
    (data,) = render_target(corpus, {"2": "Entri kedua"}).values()
    assert b'<tuv xml:lang="id"><seg>Entri kedua</seg></tuv>' in data
    out = tmp_path / src.name
    out.write_bytes(data)
    assert [s.target for s in read_tmx(out, target_lang="id").segments] == ["", "Entri kedua", ""]


def test_tmx_as_reference_for_another_corpus(tmp_path: Path) -> None:
    tsv = tmp_path / "c.tsv"
    tsv.write_text("The big black cat sleeps.\tKucing hitam besar tidur.\nUnknown sentence.\tKalimat.\n", encoding="utf-8")
    corpus = load_corpus(tsv)
    corpus.source_lang, corpus.target_lang = "en-us", "fr-ca"
    reference = tmx_reference(DATA / "okapi-tmx-compkit" / "ImportTest2A.tmx", corpus)
    assert reference == {"1": "Le gros ⟦2⟧chat⟦/2⟧ ⟦1⟧noir⟦/1⟧ dors."}


def test_export_of_approved_segments(tmp_path: Path) -> None:
    corpus = load_corpus(DATA / "okapi-xliff12" / "segmented.xlf")
    statuses = {"1": SegmentStatus.FINAL, "3#1": SegmentStatus.REVIEWED}
    data = export_tmx(corpus, {"3#1": "Segment zwei (geprüft)."}, statuses)
    out = tmp_path / "approved.tmx"
    out.write_bytes(data)
    assert detect_format(out).name == "tmx"
    doc = parse_xml(out)
    tus = [n for n in doc.root.iter() if n.local == "tu"]
    assert [tu.get("tuid") for tu in tus] == ["1", "3#1"]
    memory = read_tmx(out)
    assert (memory.source_lang, memory.target_lang) == ("en", "de")
    assert [(s.id, s.source, s.target) for s in memory.segments] == [
        ("1", "The quick brown ⟦1⟧fox⟦/1⟧ jumped over the lazy dog.",
         "Der schnelle braune ⟦1⟧fuchs⟦/1⟧ sprang über den faulen hund."),
        ("3#1", "Segment two.", "Segment zwei (geprüft)."),
    ]
    assert memory.segments[0].extra["codes"]["1"]["open"] == (
        '<bpt i="1" x="1">&lt;bpt id="1" ctype="bold"&gt;&amp;lt;b&gt;&lt;/bpt&gt;</bpt>')
    everything = read_tmx_bytes(tmp_path, export_tmx(corpus, approved_only=False))
    assert len(everything.segments) == 3


def read_tmx_bytes(tmp_path: Path, data: bytes) -> Corpus:
    out = tmp_path / "all.tmx"
    out.write_bytes(data)
    return read_tmx(out)


@pytest.mark.parametrize(("text", "line", "message"), [
    ('<tmx version="1.4"><body/></tmx>', 1, "<tmx> has no <header>"),
    ('<tmx version="1.4">\n<header/>\n<body/></tmx>', 2, "<header> is missing the required srclang attribute"),
    ('<tmx>\n<header srclang="en"/><body/></tmx>', 1, "<tmx> is missing the required version attribute"),
    ('<tmx version="1.4"><header srclang="en"/><body>\n<tu><tuv><seg>a</seg></tuv></tu></body></tmx>', 2,
     "<tuv> is missing the required xml:lang attribute"),
    ('<tmx version="1.4"><header srclang="en"/><body><tu>\n<tuv xml:lang="en"/></tu></body></tmx>', 2,
     "<tuv xml:lang='en'> must hold exactly one <seg>, found 0"),
])
def test_non_conformant_tmx_is_rejected(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as info:
        load_corpus(path)
    assert str(info.value) == f"{path}:{line}: {message}"
