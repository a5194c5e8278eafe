"""Safe XML: no entity declarations (bombs, external entities), no network, no silent loss of
text, declared encodings honoured, and every refusal names the file and line. Run through
`load_corpus` so that the formats (XLIFF, TMX) and the CLI see exactly these errors."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.core.errors import FormatError
from reviewer.formats import load_corpus, render_target
from reviewer.formats.xmlsafe import parse_xml, set_attribute

XLIFF_HEAD = '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
XLIFF_BODY = ('<file source-language="en" target-language="id" datatype="plaintext" original="x"><body>\n'
              '<trans-unit id="1"><source>{source}</source><target>{target}</target></trans-unit>\n'
              '</body></file></xliff>\n')


def xliff(doctype: str = "", source: str = "Hello", target: str = "Halo") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}{XLIFF_HEAD}\n' + XLIFF_BODY.format(source=source, target=target)


BILLION_LAUGHS = (
    '<!DOCTYPE xliff [\n'
    '<!ENTITY lol "lol">\n'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n' for i in range(1, 10))
    + ']>\n'
)


@pytest.mark.parametrize(("name", "doctype", "source", "line", "message"), [
    ("billion laughs", BILLION_LAUGHS, "&lol9;", 3,
     "the DTD declares the entity 'lol'; entity declarations are refused (they can expand without bound or read other files)"),
    ("external file", '<!DOCTYPE xliff [\n<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n', "&secret;", 3,
     "the DTD declares the entity 'secret'; entity declarations are refused (they can expand without bound or read other files)"),
    ("external parameter entity", '<!DOCTYPE xliff [\n<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">\n%remote;\n]>\n',
     "Hello", 3,
     "the DTD declares the entity 'remote'; entity declarations are refused (they can expand without bound or read other files)"),
    ("internal entity", '<!DOCTYPE xliff [\n<!ENTITY brand "Nvidia">\n]>\n', "&brand; chips", 3,
     "the DTD declares the entity 'brand'; entity declarations are refused (they can expand without bound or read other files)"),
    ("undefined entity", "", "Hello&nbsp;world", 4, "not well-formed XML: undefined entity (column 33)"),
    ("undefined entity with an external DTD", '<!DOCTYPE xliff SYSTEM "xliff.dtd">\n', "Hello&nbsp;world", 5,
     "not well-formed XML: undefined entity &nbsp; (column 33)"),
    ("mismatched tag", "", "Hello <b>world</i>", 4, "not well-formed XML: mismatched tag (column 44)"),
    ("invalid character reference", "", "bell &#7;", 4, "not well-formed XML: reference to invalid character number (column 33)"),
])
def test_unsafe_or_malformed_xml_is_refused(tmp_path: Path, name: str, doctype: str, source: str, line: int,
                                            message: str) -> None:
    path = tmp_path / "doc.xlf"
    path.write_text(xliff(doctype, source), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(FormatError) as info:
        load_corpus(path)
    assert time.perf_counter() - started < 1.0
    assert str(info.value) == f"{path}:{line}: {message}"


def test_the_dtd_is_never_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A DOCTYPE naming a remote DTD parses without any connection being attempted."""
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    path = tmp_path / "doc.xlf"
    path.write_text(xliff('<!DOCTYPE xliff PUBLIC "-//X//DTD X//EN" "http://127.0.0.1:9/xliff.dtd">\n'),
                    encoding="utf-8")
    corpus = load_corpus(path)
    assert corpus.segments[0].target == "Halo"


def test_predefined_and_character_references_expand(tmp_path: Path) -> None:
    path = tmp_path / "doc.xlf"
    path.write_text(xliff(source="a &lt;b&gt; &amp; &#233;&#x1F600; <![CDATA[<raw & text>]]>"), encoding="utf-8")
    assert load_corpus(path).segments[0].source == "a <b> & é😀 <raw & text>"


@pytest.mark.parametrize(("encoding", "bom"), [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
    ("utf-16-le", b""), ("windows-1252", b""), ("windows-1254", b""), ("iso-8859-1", b""),
])
def test_declared_encodings_are_honoured_and_kept(tmp_path: Path, encoding: str, bom: bytes) -> None:
    declared = "UTF-16" if encoding.startswith("utf-16") else encoding
    text = xliff(source="café", target="kafe").replace('encoding="UTF-8"', f'encoding="{declared}"')
    path = tmp_path / "doc.xlf"
    path.write_bytes(bom + text.encode(encoding))
    corpus = load_corpus(path)
    assert corpus.segments[0].source == "café"
    assert render_target(corpus, {})["doc.xlf"] == path.read_bytes()
    (data,) = render_target(corpus, {"1": "kafé – İstanbul"}).values()
    assert data.startswith(bom)
    path.write_bytes(data)
    assert load_corpus(path).segments[0].target == "kafé – İstanbul"


@pytest.mark.parametrize(("raw", "line", "message"), [
    (b'<?xml version="1.0" encoding="UTF-8"?>\n<x>\n\xff</x>', 3,
     "not valid utf-8 (byte 0xff at offset 43); the file's bytes do not match its declared encoding"),
    (b'<?xml version="1.0" encoding="x-klingon"?>\n<x/>', 1, "unknown encoding 'x-klingon' in the XML declaration"),
    (b"", 1, "not well-formed XML: no element found (column 1)"),
    (b"<x/>\n<y/>", 2, "not well-formed XML: junk after document element (column 1)"),
])
def test_bad_bytes_are_refused_with_line(tmp_path: Path, raw: bytes, line: int, message: str) -> None:
    path = tmp_path / "doc.xml"
    path.write_bytes(raw)
    with pytest.raises(FormatError) as info:
        parse_xml(path)
    assert str(info.value) == f"{path}:{line}: {message}"


def test_cli_exits_2_with_one_line_naming_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "doc.xlf"
    path.write_text(xliff('<!DOCTYPE xliff [\n<!ENTITY a "b">\n]>\n', "&a;"), encoding="utf-8")
    assert main(["check", str(path), "--no-glossary"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{path}:3: the DTD declares the entity 'a'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("tag", "name", "value", "expected"), [
    ('<target xml:lang="id">', "state", "final", '<target xml:lang="id" state="final">'),
    ('<target state="new" xml:lang="id">', "state", "final", '<target state="final" xml:lang="id">'),
    ("<target state='new'/>", "state", "a'b", "<target state='a&apos;b'/>"),
    ('<segment subState="x:y" state="initial">', "state", "final", '<segment subState="x:y" state="final">'),
    ('<trans-unit id="1" approved="yes">', "approved", None, '<trans-unit id="1">'),
    ('<target\n  my:state="x">', "state", "new", '<target\n  my:state="x" state="new">'),
])
def test_set_attribute_touches_only_that_attribute(tag: str, name: str, value: str | None, expected: str) -> None:
    assert set_attribute(tag, name, value) == expected
