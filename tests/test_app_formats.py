"""App string formats read as --source/--target pairs: Android string resources, Flutter ARB and
i18next JSON. Small files written here for every feature and for hostile input, then the real
NewPipe and wger files of ../shared/data/app-strings-id (read in place)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from xml.etree import ElementTree

import pytest

from reviewer.cli import main
from reviewer.core.errors import CorpusError, FormatError
from reviewer.core.model import Corpus, SegmentStatus
from reviewer.formats import load_corpus, open_stream, render_target, target_names
from reviewer.formats.android import decode_value, encode_value
from tests.paths import SHARED

APP = SHARED / "data" / "app-strings-id"
NEWPIPE = (APP / "newpipe.values.strings.xml", APP / "newpipe.values-in.strings.xml")
WGER = (APP / "wger.app_en.arb", APP / "wger.app_id.arb")
needs_app_data = pytest.mark.skipif(not APP.is_dir(), reason="../shared/data/app-strings-id is not here")

HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
XLIFF_NS = 'xmlns:xliff="urn:oasis:names:tc:xliff:document:1.2"'

EN_XML = HEAD + f"""<resources {XLIFF_NS}>
    <!-- Title of the main screen -->
    <string name="title">Welcome</string>
    <string name="app_name" translatable="false">NewPipe</string>
    <string name="alias">@string/title</string>
    <string name="escapes">Don\\'t say \\"hi\\"\\nat \\@home\\? \\\\ \\u0041</string>
    <string name="spaces">  Two   words
        on two lines  </string>
    <string name="quoted">"  kept  "</string>
    <string name="bold">Hello <b>%1$s</b>, <xliff:g id="count">%2$d</xliff:g> new</string>
    <string name="cdata"><![CDATA[<a href=\\"https://x.org\\">Open</a>]]></string>
    <string name="entities">Tom &amp; Jerry &lt;b>x&lt;/b></string>
    <string name="missing">Only in English</string>
    <string-array name="sizes">
        <item>@string/title</item>
        <item>Small</item>
        <item>Large</item>
    </string-array>
    <plurals name="files">
        <item quantity="one">%d file</item>
        <item quantity="other">%d files</item>
    </plurals>
    <plurals name="songs">
        <item quantity="one">%d song</item>
        <item quantity="other">%d songs</item>
    </plurals>
    <plurals name="lost">
        <item quantity="one">%d lost item</item>
        <item quantity="other">%d lost items</item>
    </plurals>
</resources>
"""

ID_XML = HEAD + f"""<resources {XLIFF_NS}>
    <!-- translated by hand -->
    <string name="title">Selamat datang</string>
    <string name="escapes">Jangan bilang \\"hai\\"\\ndi \\@rumah\\?</string>
    <string name="spaces">Dua kata</string>
    <string name="quoted">"  tetap  "</string>
    <string name="bold">Halo <b>%1$s</b>, <xliff:g id="count">%2$d</xliff:g> baru</string>
    <string name="cdata"><![CDATA[<a href=\\"https://x.org\\">Buka</a>]]></string>
    <string name="entities">Tom &amp; Jerry &lt;b>x&lt;/b></string>
    <string name="only_here">Hanya di sini</string>
    <string-array name="sizes">
        <item>@string/title</item>
        <item>Kecil</item>
    </string-array>
    <plurals name="files">
        <item quantity="other">%d berkas</item>
    </plurals>
    <plurals name="songs">
        <item quantity="one">%d lagu</item>
        <item quantity="other">%d lagu-lagu</item>
    </plurals>
</resources>
"""


def android_pair(tmp_path: Path, en: str = EN_XML, target: str = ID_XML, *, crlf: bool = False) -> tuple[Path, Path]:
    (tmp_path / "values").mkdir(exist_ok=True)
    (tmp_path / "values-in").mkdir(exist_ok=True)
    src, tgt = tmp_path / "values" / "strings.xml", tmp_path / "values-in" / "strings.xml"
    src.write_bytes(en.encode("utf-8"))
    tgt.write_bytes((target.replace("\n", "\r\n") if crlf else target).encode("utf-8"))
    return src, tgt


def load_pair(pair: tuple[Path, Path]) -> Corpus:
    return load_corpus(source=pair[0], target=pair[1])


def rewrite(corpus: Corpus, pair: tuple[Path, Path], targets: dict[str, str]) -> tuple[bytes, Corpus]:
    """Write the edited target over the target file and read the pair again."""
    (data,) = render_target(corpus, targets).values()
    pair[1].write_bytes(data)
    return data, load_pair(pair)


# -- Android: reading ----------------------------------------------------------------------------


def test_android_segments_ids_and_texts(tmp_path: Path) -> None:
    corpus = load_pair(android_pair(tmp_path))
    assert corpus.format == "android"
    assert (corpus.source_lang, corpus.target_lang) == ("en", "id")  # values-in is Indonesian
    got = {s.id: (s.source, s.target, s.status) for s in corpus.segments}
    assert list(got) == ["title", "escapes", "spaces", "quoted", "bold", "cdata", "entities", "missing",
                         "sizes[1]", "sizes[2]", "files:other", "songs:one", "songs:other", "lost:other"]
    t, n = SegmentStatus.TRANSLATED, SegmentStatus.NEW
    assert got["title"] == ("Welcome", "Selamat datang", t)
    assert got["escapes"] == ('Don\'t say "hi"\nat @home? \\ A', 'Jangan bilang "hai"\ndi @rumah?', t)
    assert got["spaces"] == ("Two words on two lines", "Dua kata", t)  # whitespace folds, ends trimmed
    assert got["quoted"] == ("  kept  ", "  tetap  ", t)  # double quotes keep it
    assert got["bold"][0] == 'Hello <b>%1$s</b>, <xliff:g id="count">%2$d</xliff:g> new'
    # Inside CDATA too, Android takes an unescaped " for quoting: HTML attributes need \".
    assert got["cdata"][0] == '<![CDATA[<a href="https://x.org">Open</a>]]>'
    assert got["entities"][0] == "Tom & Jerry &lt;b>x&lt;/b>"  # escaped markup stays distinct from markup
    assert got["missing"] == ("Only in English", "", n)
    assert got["sizes[1]"] == ("Small", "Kecil", t)
    assert got["sizes[2]"] == ("Large", "", n)
    assert got["files:other"] == ("%d files", "%d berkas", t)
    assert got["songs:one"] == ("%d song", "%d lagu", t)  # each target quantity, the source's own when it has it
    assert got["lost:other"] == ("%d lost items", "", n)  # a plural missing from the target: its `other`
    by_id = corpus.by_id()
    assert by_id["title"].note == "Title of the main screen"
    assert by_id["sizes[1]"].extra["kind"] == "string-array"
    assert corpus.layout.target_only == ["only_here"]


def test_android_stream_and_target_names(tmp_path: Path) -> None:
    pair = android_pair(tmp_path)
    corpus = load_pair(pair)
    stream = open_stream(source=pair[0], target=pair[1])
    assert [(s.id, s.source, s.target) for s in stream.segments()] == [(s.id, s.source, s.target)
                                                                       for s in corpus.segments]
    assert target_names(corpus) == ["strings.xml"]


@pytest.mark.parametrize("text", [
    "plain", "a  b ", "  lead", "It's \"q\" <&> ✓", "@home", "?attr", "<b>x</b>  y", "tab\there\nline",
    "<![CDATA[<a href='x'>l</a>]]>", "]]>", "&lt;b>literal&lt;/b>", "Tom & Jerry", "back\\slash \\n", "[b]x[/b] \x1b[31m",
    "عربي 中文", "\r", "<xliff:g id=\"n\">%1$s</xliff:g> items",
])
def test_android_encode_then_decode_is_identity(text: str) -> None:
    assert decode_value(encode_value(text)) == text


@pytest.mark.parametrize(("raw", "text"), [
    ("Don\\'t", "Don't"), ('\\"q\\"', '"q"'), ("a\\nb", "a\nb"), ("\\@x", "@x"), ("\\?x", "?x"),
    ("a\\\\b", "a\\b"), ("\\u00e9", "é"), ("a \n   b", "a b"), ('"a  b"', "a  b"), ("&#233;&amp;", "é&"),
    ("&quot;a  b&quot;", "a  b"), ("&lt;i>", "&lt;i>"), ("<b> x </b>", "<b> x </b>"),
    ('<![CDATA[<a href="u">]]>', "<![CDATA[<a href=u>]]>"),
])
def test_android_decoding(raw: str, text: str) -> None:
    assert decode_value(raw) == text


# -- Android: writing back -----------------------------------------------------------------------


def test_android_unedited_is_byte_for_byte(tmp_path: Path) -> None:
    pair = android_pair(tmp_path, crlf=True)
    corpus = load_pair(pair)
    (data,) = render_target(corpus, {}).values()
    assert data == pair[1].read_bytes()
    (same,) = render_target(corpus, {s.id: s.target for s in corpus.segments}).values()
    assert same == data  # "edits" that change nothing change nothing


def test_android_edit_changes_only_that_content(tmp_path: Path) -> None:
    pair = android_pair(tmp_path)
    corpus = load_pair(pair)
    before = pair[1].read_text(encoding="utf-8")
    data, again = rewrite(corpus, pair, {"title": "Selamat datang, 'kamu' & \"dia\"  !"})
    assert data.decode() == before.replace(
        ">Selamat datang<", ">Selamat datang, \\'kamu\\' &amp; \\\"dia\\\" \\u0020!<")
    assert again.by_id()["title"].target == "Selamat datang, 'kamu' & \"dia\"  !"


def test_android_edit_keeps_markup_and_cdata(tmp_path: Path) -> None:
    pair = android_pair(tmp_path)
    corpus = load_pair(pair)
    new = {"bold": 'Hai <b>%1$s</b>, <xliff:g id="count">%2$d</xliff:g> baru!',
           "cdata": '<![CDATA[<a href="https://x.org">Buka sekarang</a>]]>',
           "entities": "Tom & Jerry &lt;b>y&lt;/b>"}
    data, again = rewrite(corpus, pair, new)
    assert '<string name="bold">Hai <b>%1$s</b>, <xliff:g id="count">%2$d</xliff:g> baru!</string>' in data.decode()
    assert "<![CDATA[<a href=\\\"https://x.org\\\">Buka sekarang</a>]]>" in data.decode()
    for seg_id, text in new.items():
        assert again.by_id()[seg_id].target == text


def test_android_missing_entries_are_added(tmp_path: Path) -> None:
    pair = android_pair(tmp_path)
    corpus = load_pair(pair)
    data, again = rewrite(corpus, pair, {"missing": "Hanya dalam bahasa Inggris", "sizes[2]": "Besar",
                                         "lost:other": "%d barang hilang"})
    text = data.decode()
    assert "        <item>Kecil</item>\n        <item>Besar</item>\n    </string-array>" in text
    assert text.endswith('    </plurals>\n    <string name="missing">Hanya dalam bahasa Inggris</string>\n'
                         '    <plurals name="lost">\n        <item quantity="other">%d barang hilang</item>\n'
                         "    </plurals>\n</resources>\n")
    got = again.by_id()
    assert (got["missing"].target, got["sizes[2]"].target, got["lost:other"].target) == (
        "Hanya dalam bahasa Inggris", "Besar", "%d barang hilang")
    assert [s.id for s in again.segments] == [s.id for s in corpus.segments]


def test_android_missing_array_is_added_whole(tmp_path: Path) -> None:
    target = ID_XML.replace(ID_XML[ID_XML.index("    <string-array"):ID_XML.index("    <plurals")], "")
    pair = android_pair(tmp_path, target=target)
    corpus = load_pair(pair)
    assert corpus.by_id()["sizes[1]"].target == ""
    data, again = rewrite(corpus, pair, {"sizes[2]": "Besar"})
    assert ('<string-array name="sizes">\n        <item>@string/title</item>\n        <item></item>\n'
            "        <item>Besar</item>\n    </string-array>\n</resources>") in data.decode()
    assert again.by_id()["sizes[2]"].target == "Besar"


def test_android_crlf_and_self_closing(tmp_path: Path) -> None:
    target = ID_XML.replace('<string name="title">Selamat datang</string>', '<string name="title"/>')
    pair = android_pair(tmp_path, target=target, crlf=True)
    corpus = load_pair(pair)
    assert corpus.by_id()["title"].target == ""
    data, again = rewrite(corpus, pair, {"title": "Halo", "missing": "Baru"})
    assert b'<string name="title">Halo</string>\r\n' in data
    assert b'\r\n    <string name="missing">Baru</string>\r\n</resources>' in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_android_unbalanced_markup_is_refused_naming_the_segment(tmp_path: Path) -> None:
    pair = android_pair(tmp_path)
    corpus = load_pair(pair)
    with pytest.raises(FormatError, match=r"segment bold: the corrected text's markup is not well-formed"):
        render_target(corpus, {"bold": "Halo <b>%1$s, %2$d baru"})


def test_android_statuses_are_ignored(tmp_path: Path) -> None:
    pair = android_pair(tmp_path)
    corpus = load_pair(pair)
    (data,) = render_target(corpus, {}, {s.id: SegmentStatus.FINAL for s in corpus.segments}).values()
    assert data == pair[1].read_bytes()


# -- Android: hostile input ----------------------------------------------------------------------


@pytest.mark.parametrize(("target", "message"), [
    (HEAD + "<resources>\n  <string name='a'>x</strin>\n</resources>\n", r"strings\.xml:3: not well-formed XML"),
    (HEAD + "<resources>\n  <string name='a'>x</string>\n  <string name='a'>y</string>\n</resources>\n",
     r"strings\.xml:4: duplicate <string name=\"a\"> \(first on line 3\)"),
    (HEAD + "<resources>\n  <plurals name='p'>\n    <item quantity='one'>a</item>\n    <item quantity='one'>b</item>"
     "\n  </plurals>\n</resources>\n", r"strings\.xml:5: plurals 'p' has quantity 'one' twice"),
    (HEAD + "<resources>\n  <string>x</string>\n</resources>\n", r"strings\.xml:3: <string> without a name"),
    (HEAD + '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
     "<resources><string name='a'>&b;</string></resources>", r"strings\.xml:\d+: the DTD declares the entity"),
    (HEAD + '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<resources><string name="a">&x;</string></resources>',
     r"strings\.xml:\d+: the DTD declares the entity"),
])
def test_android_hostile_target_is_one_clear_error(tmp_path: Path, target: str, message: str) -> None:
    pair = android_pair(tmp_path, target=target)
    with pytest.raises(FormatError, match=message) as info:
        load_pair(pair)
    assert "\n" not in str(info.value)


def test_android_wrong_root_and_single_file(tmp_path: Path) -> None:
    src, tgt = android_pair(tmp_path)
    with pytest.raises(CorpusError, match="holds one language; give the source .* with --source and --target"):
        load_corpus(tgt)
    other = tmp_path / "other.xml"
    other.write_text(HEAD + "<manifest/>\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="--source is an Android string resource file but --target is a plain"):
        load_corpus(source=src, target=other)


def test_android_untrusted_text_stays_text(tmp_path: Path) -> None:
    hostile = "[b]x[/b] [@click=app.quit]y[/] \x1b[31mred"
    # XML cannot hold a raw ESC; Android writes it as \u001B.
    en = HEAD + '<resources>\n    <string name="h">[b]x[/b] [@click=app.quit]y[/] \\u001B[31mred</string>\n</resources>\n'
    pair = android_pair(tmp_path, en=en, target=HEAD + "<resources>\n</resources>\n")
    corpus = load_pair(pair)
    assert corpus.segments[0].source == hostile
    data, again = rewrite(corpus, pair, {"h": hostile})
    assert again.segments[0].target == hostile


# -- ARB and i18next JSON ------------------------------------------------------------------------

EN_ARB = """{
  "@@locale": "en",
  "@@last_modified": "2024-01-01",
  "hello": "Hello {name}",
  "@hello": {
    "description": "Greeting on the home screen",
    "placeholders": {"name": {"type": "String", "example": "Ana"}}
  },
  "count": "{count, plural, =1{One file} other{{count} files}}",
  "@count": {"description": "Files", "placeholders": {"count": {"type": "int"}}},
  "missing": "Only in English",
  "empty": ""
}
"""

ID_ARB = """{
    "@@locale": "id",
    "hello": "Halo {name}",
    "@hello": {
        "description": "Greeting on the home screen"
    },
    "count": "{count, plural, other{{count} berkas}}",
    "onlyHere": "Hanya di sini"
}
"""


def json_pair(tmp_path: Path, src_name: str, src: str, tgt_name: str, tgt: str) -> tuple[Path, Path]:
    a, b = tmp_path / src_name, tmp_path / tgt_name
    a.parent.mkdir(parents=True, exist_ok=True)
    b.parent.mkdir(parents=True, exist_ok=True)
    a.write_text(src, encoding="utf-8")
    b.write_bytes(tgt.encode("utf-8"))
    return a, b


def test_arb_segments_and_notes(tmp_path: Path) -> None:
    pair = json_pair(tmp_path, "app_en.arb", EN_ARB, "app_id.arb", ID_ARB)
    corpus = load_pair(pair)
    assert corpus.format == "json"
    assert (corpus.source_lang, corpus.target_lang) == ("en", "id")
    got = {s.id: (s.source, s.target, s.status) for s in corpus.segments}
    assert got == {
        "hello": ("Hello {name}", "Halo {name}", SegmentStatus.TRANSLATED),
        "count": ("{count, plural, =1{One file} other{{count} files}}", "{count, plural, other{{count} berkas}}",
                  SegmentStatus.TRANSLATED),
        "missing": ("Only in English", "", SegmentStatus.NEW),
    }
    notes = {s.id: s.note for s in corpus.segments}
    assert notes == {"hello": "Greeting on the home screen\nplaceholders: {name} (String, e.g. Ana)",
                     "count": "Files\nplaceholders: {count} (int)", "missing": ""}
    assert corpus.layout.target_only == ["onlyHere"]


def test_arb_write_back(tmp_path: Path) -> None:
    pair = json_pair(tmp_path, "app_en.arb", EN_ARB, "app_id.arb", ID_ARB)
    corpus = load_pair(pair)
    assert next(iter(render_target(corpus, {}).values())) == ID_ARB.encode()
    data, again = rewrite(corpus, pair, {"hello": 'Hai {name} "✓" \\ é', "missing": "Hanya bahasa Inggris"})
    assert data.decode() == ID_ARB.replace('"Halo {name}"', '"Hai {name} \\"✓\\" \\\\ é"').replace(
        '"Hanya di sini"\n', '"Hanya di sini",\n    "missing": "Hanya bahasa Inggris"\n')
    assert {s.id: s.target for s in again.segments}["missing"] == "Hanya bahasa Inggris"


EN_NESTED = """{
  "menu": {
    "file": "File",
    "edit": {"undo": "Undo", "redo": "Redo"}
  },
  "items_one": "{{count}} item",
  "items_other": "{{count}} items",
  "files_one": "{{count}} file",
  "files_other": "{{count}} files",
  "list": ["First", "Second"],
  "flat.key": "Flat"
}
"""

ID_NESTED = '{\r\n\t"menu": {\r\n\t\t"file": "Berkas"\r\n\t},\r\n\t"items_other": "{{count}} butir",\r\n' \
            '\t"list": ["Pertama", null]\r\n}'


def test_i18next_nested_segments(tmp_path: Path) -> None:
    pair = json_pair(tmp_path, "en/translation.json", EN_NESTED, "id/translation.json", ID_NESTED)
    corpus = load_pair(pair)
    assert (corpus.source_lang, corpus.target_lang) == ("en", "id")
    got = [(s.id, s.source, s.target) for s in corpus.segments]
    assert got == [("menu.file", "File", "Berkas"), ("menu.edit.undo", "Undo", ""), ("menu.edit.redo", "Redo", ""),
                   ("items_other", "{{count}} items", "{{count}} butir"),  # items_one: Indonesian has no `one`
                   ("files_one", "{{count}} file", ""), ("files_other", "{{count}} files", ""),
                   ("list[0]", "First", "Pertama"), ("list[1]", "Second", ""), ("flat.key", "Flat", "")]


def test_i18next_write_back_adds_nested_keys_in_the_file_style(tmp_path: Path) -> None:
    pair = json_pair(tmp_path, "en/translation.json", EN_NESTED, "id/translation.json", ID_NESTED)
    corpus = load_pair(pair)
    assert next(iter(render_target(corpus, {}).values())) == ID_NESTED.encode()
    edits = {"menu.edit.undo": "Urungkan", "menu.edit.redo": "Ulangi", "list[1]": "Kedua", "flat.key": "Datar"}
    data, again = rewrite(corpus, pair, edits)
    assert data.decode() == (
        '{\r\n\t"menu": {\r\n\t\t"file": "Berkas",\r\n\t\t"edit": {\r\n\t\t\t"undo": "Urungkan",\r\n'
        '\t\t\t"redo": "Ulangi"\r\n\t\t}\r\n\t},\r\n\t"items_other": "{{count}} butir",\r\n'
        '\t"list": ["Pertama", "Kedua"],\r\n\t"flat.key": "Datar"\r\n}')
    for seg_id, text in edits.items():
        assert again.by_id()[seg_id].target == text


@pytest.mark.parametrize(("target", "expected"), [
    ("{}", '{\n  "a": "A!"\n}'),
    ('{"b": "x"}', '{"b": "x", "a": "A!"}'),
    ('\ufeff{\n  "a": "\\u00e9"\n}\n', '\ufeff{\n  "a": "A!\\u00e9"\n}\n'),  # a file written ASCII-only stays so
])
def test_json_write_back_keeps_the_file_style(tmp_path: Path, target: str, expected: str) -> None:
    pair = json_pair(tmp_path, "en.json", '{"a": "A"}', "id.json", target)
    corpus = load_pair(pair)
    (data,) = render_target(corpus, {"a": "A!é" if "00e9" in target else "A!"}).values()
    assert data.decode("utf-8") == expected


@pytest.mark.parametrize(("target", "message"), [
    ('{\n  "a": "x",\n  "a": "y"\n}', r"id\.json:3: key 'a' appears twice in one object \(first on line 2\)"),
    ('{\n  "a.b": "x",\n  "a": {"b": "y"}\n}', r"id\.json:3: the key 'a\.b' is given twice once nested keys are joined"),
    ('["a", "b"]', r"id\.json:1: the top level is a JSON array"),
    ('{\n  "a": 3\n}', r"id\.json:2: the value of 'a' is 3; a message must be a string"),
    ('{\n  "a": true\n}', r"id\.json:2: the value of 'a' is true; a message must be a string"),
    ('{\n  "a": "x"\n  "b": "y"\n}', r"id\.json:3: expected ',' or '}'"),
    ('{"a": "x"} trailing', r"id\.json:1: unexpected text after the JSON value"),
    ("", r"id\.json:1: empty file"),
    ('{\n  "": "x"\n}', r"id\.json:2: an empty key"),
    ('{"a": "\\q"}', r"id\.json:1: bad string"),
    ("[" * 200 + "]" * 200, r"id\.json:1: nested deeper than 100 levels"),
])
def test_json_hostile_target_is_one_clear_error(tmp_path: Path, target: str, message: str) -> None:
    pair = json_pair(tmp_path, "en.json", '{"a": "A"}', "id.json", target)
    with pytest.raises(FormatError, match=message) as info:
        load_pair(pair)
    assert "\n" not in str(info.value)


def test_json_invalid_utf8_and_single_file(tmp_path: Path) -> None:
    src, tgt = json_pair(tmp_path, "en.json", '{"a": "A"}', "id.json", '{"a": "B"}')
    tgt.write_bytes(b'{\n"a": "\xff"}')
    with pytest.raises(CorpusError, match=r"id\.json:2: invalid UTF-8"):
        load_corpus(source=src, target=tgt)
    with pytest.raises(FormatError, match=r"unrecognised corpus format .*or use --source/--target"):
        load_corpus(src)


# -- the command line ----------------------------------------------------------------------------


def test_cli_check_and_export_android_pair(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEWER_USER", "tester")
    src, tgt = android_pair(tmp_path)
    code = main(["check", "--source", str(src), "--target", str(tgt), "--format", "json", "--fail-on", "never"])
    out = capsys.readouterr().out
    assert code == 0
    assert [s["id"] for s in json.loads(out)["segments"]][:2] == ["title", "escapes"]
    session = ["--source", str(src), "--target", str(tgt), "--session", str(tmp_path / "s.sqlite")]
    assert main(["session", "edit", *session, "missing", "Hanya bahasa Inggris"]) == 0
    assert main(["export", *session, "--to", str(tmp_path / "out")]) == 0
    written = (tmp_path / "out" / "strings.xml").read_text(encoding="utf-8")
    assert written == ID_XML.replace("</resources>", '    <string name="missing">Hanya bahasa Inggris</string>\n'
                                                     "</resources>")


def test_cli_check_arb_pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, tgt = json_pair(tmp_path, "app_en.arb", EN_ARB, "app_id.arb", ID_ARB)
    code = main(["check", "--source", str(src), "--target", str(tgt), "--format", "json", "--fail-on", "never"])
    assert code == 0
    assert [s["id"] for s in json.loads(capsys.readouterr().out)["segments"]] == ["hello", "count", "missing"]


# -- the real files ------------------------------------------------------------------------------


def _count_android(source: Path, target: Path) -> tuple[int, int]:
    """Segments and untranslated ones, counted with ElementTree (independently of the reader)."""
    def entries(path: Path) -> dict[tuple[str, str], ElementTree.Element]:
        return {(e.tag, e.get("name", "")): e for e in ElementTree.parse(path).getroot()
                if e.get("translatable") != "false"}

    src, tgt = entries(source), entries(target)
    total = missing = 0
    for (tag, name), element in src.items():
        other = tgt.get((tag, name))
        if tag == "string" and (element.text or "").strip() and not (element.text or "").startswith("@"):
            total += 1
            missing += other is None
        elif tag == "string-array":
            for i, item in enumerate(element):
                if not (item.text or "").startswith("@"):
                    total += 1
                    missing += other is None or i >= len(other)
        elif tag == "plurals":
            total += len(other) if other is not None else 1
            missing += other is None
    return total, missing


@needs_app_data
def test_real_newpipe_pair() -> None:
    corpus = load_corpus(source=NEWPIPE[0], target=NEWPIPE[1])
    expected_total, expected_missing = _count_android(*NEWPIPE)
    assert (expected_total, expected_missing) == (774, 13)
    assert len(corpus.segments) == expected_total
    assert sum(s.status is SegmentStatus.NEW for s in corpus.segments) == expected_missing
    assert len({s.id for s in corpus.segments}) == len(corpus.segments)
    assert corpus.by_id()["did_you_mean"].source == 'Did you mean "%1$s"?'
    assert corpus.by_id()["subscribers:other"].source == "%s subscribers"
    (data,) = render_target(corpus, {}).values()
    assert data == NEWPIPE[1].read_bytes()


@needs_app_data
def test_real_newpipe_edit_every_segment_reads_back(tmp_path: Path) -> None:
    corpus = load_corpus(source=NEWPIPE[0], target=NEWPIPE[1])
    new = {s.id: (s.target or s.source) + " ✓ <&> \"q\"  'x' " for s in corpus.segments}
    (data,) = render_target(corpus, new).values()
    copy = tmp_path / "values-in" / "strings.xml"
    copy.parent.mkdir()
    copy.write_bytes(data)
    again = load_corpus(source=NEWPIPE[0], target=copy)
    assert [(s.id, s.target) for s in again.segments] == [(s.id, new[s.id]) for s in corpus.segments]


@needs_app_data
def test_real_wger_pair(tmp_path: Path) -> None:
    corpus = load_corpus(source=WGER[0], target=WGER[1])
    en = json.loads(WGER[0].read_text(encoding="utf-8"))
    id_ = json.loads(WGER[1].read_text(encoding="utf-8"))
    messages = [k for k, v in en.items() if not k.startswith("@") and isinstance(v, str) and v]
    assert len(messages) == len(corpus.segments) == 469
    assert sum(1 for k in messages if not id_.get(k)) == 87
    assert sum(s.status is SegmentStatus.NEW for s in corpus.segments) == 87
    assert corpus.by_id()["login"].note == "Text for login button"
    (data,) = render_target(corpus, {}).values()
    assert data == WGER[1].read_bytes()
    new = {s.id: (s.target or s.source) + ' ✓ "q" \\' for s in corpus.segments}
    (data,) = render_target(corpus, new).values()
    copy = tmp_path / "app_id.arb"
    copy.write_bytes(data)
    again = load_corpus(source=WGER[0], target=copy)
    assert [(s.id, s.target) for s in again.segments] == [(s.id, new[s.id]) for s in corpus.segments]
    assert [k for k in json.loads(data) if k in id_] == list(id_)  # the target's own keys keep their order


# -- edges ---------------------------------------------------------------------------------------


def test_android_surrogates(tmp_path: Path) -> None:
    en = HEAD + '<resources>\n    <string name="e">Smile \\uD83D\\uDE00 \\uD800</string>\n</resources>\n'
    pair = android_pair(tmp_path, en=en, target=HEAD + "<resources>\n</resources>\n")
    corpus = load_pair(pair)
    assert corpus.segments[0].source == "Smile 😀 \ud800"  # a pair of escapes is one character
    _, again = rewrite(corpus, pair, {"e": "Senyum 😀 \ud800"})  # a lone surrogate is written escaped
    assert again.segments[0].target == "Senyum 😀 \ud800"


def test_json_lone_surrogate_and_shape_conflict(tmp_path: Path) -> None:
    pair = json_pair(tmp_path, "en.json", '{"a": "A \\ud800", "b": "B"}', "id.json", '{"a": "x", "b": {"c": "y"}}')
    corpus = load_pair(pair)
    (data,) = render_target(corpus, {"a": "A \ud800!"}).values()
    assert data == b'{"a": "A \\ud800!", "b": {"c": "y"}}'
    with pytest.raises(FormatError, match=r"id\.json:1: segment b: the target has an object where the source has"):
        render_target(corpus, {"b": "Bee"})


def test_pair_of_a_fifo_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "en.txt"
    src.write_text("One\n", encoding="utf-8")
    fifo = tmp_path / "id.fifo"
    os.mkfifo(fifo)
    with pytest.raises(CorpusError, match=r"id\.fifo: .*target file"):
        load_corpus(source=src, target=fifo)


def test_android_note_is_the_last_comment_before_the_entry(tmp_path: Path) -> None:
    en = HEAD + ("<resources>\n    <!-- Section -->\n    <!-- Shown on the login button -->\n"
                 '    <string name="login">Log in</string>\n    <string name="next">Next</string>\n'
                 '    <string name="tablet" product="tablet">Big</string>\n    <string name="tablet">Small</string>\n'
                 "</resources>\n")
    pair = android_pair(tmp_path, en=en, target=HEAD + "<resources/>\n")
    corpus = load_pair(pair)
    assert [(s.id, s.note) for s in corpus.segments] == [
        ("login", "Shown on the login button"), ("next", ""), ("tablet@tablet", ""), ("tablet", "")]
    data, again = rewrite(corpus, pair, {"tablet@tablet": "Besar"})
    assert data.decode() == HEAD + ('<resources>\n    <string name="tablet" product="tablet">Besar</string>\n'
                                    "</resources>\n")
    assert again.by_id()["tablet@tablet"].target == "Besar"
