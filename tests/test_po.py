"""gettext PO: messages, contexts, plurals, fuzzy flags and comments read and written back,
through the format contract and with real values. The fixtures are written the way GNU
gettext's msgmerge writes them (header entry, wrapped strings, obsolete entries)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.checking.engine import Checker
from reviewer.core.errors import FormatError
from reviewer.core.model import Segment, SegmentStatus
from reviewer.formats import detect_format, load_corpus, render_target
from reviewer.formats.po import parse_po
from tests.test_format_contract import FormatContract

HEADER = '''# Indonesian translation of the reviewer sample.
# Copyright (C) 2024 THE PACKAGE'S COPYRIGHT HOLDER
msgid ""
msgstr ""
"Project-Id-Version: sample 1.0\\n"
"Language: id\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset={charset}\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
'''

MESSAGES = '''
#. TRANSLATORS: the main window title
#: src/app.c:12
msgid "Export controls"
msgstr "Kontrol ekspor"

# Reviewer: check the model name
#: src/app.c:40 src/app.c:57
#, fuzzy, c-format
#| msgid "%d H800 chip"
msgid "%d H800 chips"
msgstr "%d chip H800S"

msgctxt "menu"
msgid "Open"
msgstr "Buka"

msgctxt "verb"
msgid "Open"
msgstr ""

msgid "One file"
msgid_plural "%d files"
msgstr[0] "%d berkas"

msgid ""
"A long message that gettext wraps over\\n"
"two lines, with \\"quotes\\" and a tab\\t."
msgstr ""
"Pesan panjang yang dibungkus gettext\\n"
"dalam dua baris, dengan \\"kutipan\\" dan tab\\t."

#~ msgid "Old message"
#~ msgstr "Pesan lama"
'''

FIXTURES = {
    "sample.po": (HEADER.format(charset="UTF-8") + MESSAGES).encode("utf-8"),
    "crlf.po": (HEADER.format(charset="UTF-8") + MESSAGES).replace("\n", "\r\n").encode("utf-8"),
    "latin1.po": (HEADER.format(charset="ISO-8859-1") + MESSAGES.replace("Kontrol ekspor", "Contrôle à l'export"))
    .encode("latin-1"),
    "bom-no-final-newline.po": b"\xef\xbb\xbf" + (HEADER.format(charset="UTF-8") + MESSAGES).rstrip("\n").encode("utf-8"),
}


@pytest.fixture(params=sorted(FIXTURES))
def po_path(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / request.param
    path.write_bytes(FIXTURES[request.param])
    return path


def entries(data: bytes, path: Path) -> tuple[tuple[str, ...], list[tuple[object, ...]]]:
    p = path.parent / ("check-" + path.name)
    p.write_bytes(data)
    po = parse_po(p)
    units = [(e.obsolete, tuple(e.comments), tuple(e.flags), tuple((k, f.value) for k, f in e.fields.items()))
             for e in po.entries]
    return (po.encoding,), units


class TestPoContract(FormatContract):
    format_name = "po"

    @pytest.fixture
    def path(self, po_path: Path) -> Path:
        return po_path

    def units(self, data: bytes, path: Path) -> tuple[object, list[object]]:
        return entries(data, path)

    def edit_for(self, segment: Segment) -> str:
        # Text every fixture's charset can hold (one is ISO-8859-1).
        return segment.target + ' <&> "q" \\ é'

    def expected_status(self, segment: Segment, written: SegmentStatus) -> SegmentStatus:
        # PO has no reviewed/final: an approved message is simply not fuzzy.
        return SegmentStatus.TRANSLATED if segment.target else SegmentStatus.NEW

    def test_loads_with_unique_ids(self, path: Path) -> None:
        corpus = self.load(path)
        assert [s.id for s in corpus.segments] == ["1", "2", "3", "4", "5[0]", "6"]


def sample(tmp_path: Path, name: str = "sample.po") -> Path:
    path = tmp_path / name
    path.write_bytes(FIXTURES[name])
    return path


def test_real_values(tmp_path: Path) -> None:
    corpus = load_corpus(sample(tmp_path))
    assert (corpus.source_lang, corpus.target_lang) == ("en", "id")
    by_id = corpus.by_id()
    assert (by_id["1"].source, by_id["1"].target, by_id["1"].status) == (
        "Export controls", "Kontrol ekspor", SegmentStatus.TRANSLATED)
    assert by_id["1"].note == "TRANSLATORS: the main window title"
    assert by_id["1"].extra["references"] == ["src/app.c:12"]
    fuzzy = by_id["2"]
    assert (fuzzy.target, fuzzy.status, fuzzy.extra["flags"]) == ("%d chip H800S", SegmentStatus.NEW, ["fuzzy", "c-format"])
    assert fuzzy.note == "Reviewer: check the model name"
    assert (by_id["3"].extra["msgctxt"], by_id["3"].target) == ("menu", "Buka")
    assert (by_id["4"].extra["msgctxt"], by_id["4"].target, by_id["4"].status) == ("verb", "", SegmentStatus.NEW)
    assert (by_id["5[0]"].source, by_id["5[0]"].target) == ("%d files", "%d berkas")  # one plural form: the English plural
    assert by_id["6"].source == 'A long message that gettext wraps over\ntwo lines, with "quotes" and a tab\t.'
    assert by_id["6"].target == 'Pesan panjang yang dibungkus gettext\ndalam dua baris, dengan "kutipan" dan tab\t.'


def test_latin1_charset_is_honoured(tmp_path: Path) -> None:
    path = sample(tmp_path, "latin1.po")
    corpus = load_corpus(path)
    assert corpus.by_id()["1"].target == "Contrôle à l'export"
    (data,) = render_target(corpus, {"1": "Contrôle des exportations"}).values()
    assert 'msgstr "Contrôle des exportations"'.encode("latin-1") in data
    with pytest.raises(FormatError, match="cannot hold"):
        render_target(corpus, {"1": "Ekspor – ₹"})


def test_edit_writes_only_that_msgstr(tmp_path: Path) -> None:
    path = sample(tmp_path)
    corpus = load_corpus(path)
    (data,) = render_target(corpus, {"2": "%d chip H800", "6": "Baris satu\nbaris dua."}).values()
    text = data.decode("utf-8")
    assert '#, fuzzy, c-format\n#| msgid "%d H800 chip"\nmsgid "%d H800 chips"\nmsgstr "%d chip H800"\n' in text
    assert 'msgstr ""\n"Baris satu\\n"\n"baris dua."\n' in text
    assert text.replace('msgstr "%d chip H800"', 'msgstr "%d chip H800S"').replace(
        'msgstr ""\n"Baris satu\\n"\n"baris dua."\n',
        'msgstr ""\n"Pesan panjang yang dibungkus gettext\\n"\n"dalam dua baris, dengan \\"kutipan\\" dan tab\\t."\n',
    ) == FIXTURES["sample.po"].decode("utf-8")


def test_status_changes_add_and_remove_fuzzy(tmp_path: Path) -> None:
    path = sample(tmp_path)
    corpus = load_corpus(path)
    (data,) = render_target(corpus, {}, {"2": SegmentStatus.FINAL, "1": SegmentStatus.NEW}).values()
    text = data.decode("utf-8")
    assert "#, c-format\n#| msgid" in text
    assert '#: src/app.c:12\n#, fuzzy\nmsgid "Export controls"' in text
    out = tmp_path / "out.po"
    out.write_bytes(data)
    again = load_corpus(out).by_id()
    assert (again["1"].status, again["2"].status) == (SegmentStatus.NEW, SegmentStatus.TRANSLATED)
    # A status the file cannot tell apart from the one read changes nothing.
    assert render_target(corpus, {}, {"1": SegmentStatus.FINAL})["sample.po"] == FIXTURES["sample.po"]


def test_crlf_line_ends_are_kept(tmp_path: Path) -> None:
    path = sample(tmp_path, "crlf.po")
    (data,) = render_target(load_corpus(path), {"1": "Kendali ekspor"}).values()
    assert b'msgstr "Kendali ekspor"\r\n' in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_po_is_recognised_by_content(tmp_path: Path) -> None:
    path = tmp_path / "messages.txt"
    path.write_bytes(FIXTURES["sample.po"])
    assert detect_format(path).name == "po"


@pytest.mark.parametrize(("text", "line", "message"), [
    ('msgid "a"\nmsgstr "b"\nbogus\n', 3, "unexpected text 'bogus' (expected a comment, msgctxt, msgid or msgstr)"),
    ('msgid "a"\nmsgstr "b\n', 2, 'msgstr: expected a string in double quotes'),
    ('msgid "a"\n', 1, "a message without msgstr"),
    ('msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n', 4, "duplicate message 'a' (first on line 1)"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr "x"\n', 1, "a plural message (msgid_plural) needs msgstr[0], msgstr[1], ..."),
    ('msgid "a\\q"\nmsgstr ""\n', 1, "unknown escape sequence \\q in a string"),
    ('"orphan"\n', 1, "a string continuation line outside a message"),
])
def test_malformed_po_is_rejected_with_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "bad.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as info:
        load_corpus(path)
    assert str(info.value) == f"{path}:{line}: {message}"


def test_the_only_plural_form_of_a_one_form_language_is_checked_against_the_english_plural(tmp_path: Path) -> None:
    path = tmp_path / "one-form.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: id\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
                    '#, c-format\nmsgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "%d berkas"\n', encoding="utf-8")
    corpus = load_corpus(path)
    assert [(s.id, s.source, s.target) for s in corpus.segments] == [("1[0]", "%d files", "%d berkas")]
    flags = Checker(None).check_segment("1[0]", corpus.segments[0].source, corpus.segments[0].target)
    assert [f.rule for f in flags] == []  # (against "One file", the %d would be an added placeholder)
