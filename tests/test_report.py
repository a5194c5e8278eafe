"""Reports: self-contained, escaped HTML (rendered in a headless Chromium), CSV and JSON."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.core.model import Side
from reviewer.review.session import ReviewSession
from reviewer.scoring.metrics import score_pairs
from reviewer.scoring.report import build_report, paragraph_of, word_diff, write_report

HOSTILE_SOURCE = [
    "The <script> tag is not allowed.",
    "Click [@click=app.quit] here.",
    "Formula =1+1 in a cell.",
    "Arabic مرحبا and Chinese 你好.",
    "Plain sentence four.",
]
HOSTILE_TARGET = [
    'Tag <script>alert("x")</script> tidak diizinkan.',
    "Klik [@click=app.quit] [b]di sini[/b].",
    "=HYPERLINK(\"http://evil.example\") di sel.",
    "Arab \u202eمرحبا\u202c dan Cina 你好 \x1b[31mmerah\x1b[0m.",
    '"><img src=x onerror=alert(1)> kalimat empat.',
]


@pytest.fixture()
def hostile(tmp_path: Path) -> Iterator[ReviewSession]:
    """A session on a corpus whose every text tries to break out of HTML, CSV or a terminal."""
    src, tgt = tmp_path / "h.en.txt", tmp_path / "h.id.txt"
    src.write_text("\n".join(HOSTILE_SOURCE) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(HOSTILE_TARGET) + "\n", encoding="utf-8")
    session = ReviewSession.open(source=src, target=tgt, session_path=tmp_path / "s.sqlite",
                                 user='<b onmouseover="x">rev</b>', glossaries=None)
    session.edit("1", "Tag <script>alert(2)</script> dilarang.")
    session.edit("3", "=SUM(A1:A9) di sel.")
    session.annotate("4", 0, 4, "fluency/spelling", "major", "</bdi><script>alert(3)</script>")
    session.annotate("5", 0, 10, "accuracy/mistranslation", "critical", "@import url(evil)")
    yield session
    session.close()


@pytest.fixture()
def reviewed(tmp_path: Path, store_spec: str) -> Iterator[ReviewSession]:
    """The bundled article with applied suggestions, post-edits and annotations, on each store."""
    session = ReviewSession.open(session_path=tmp_path / "article.sqlite", user="tester", store=store_spec)
    applied = 0
    for seg in session.segments:
        flag = next((f for f in session.flags(seg.id) if f.suggestion is not None and f.side is Side.TARGET), None)
        if flag is not None and applied < 25 and session.apply_flag(seg.id, flag):
            applied += 1
    postedit = session.corpus.postedit or {}
    for seg in session.segments[:12]:
        session.edit(seg.id, postedit[seg.id])
    session.annotate("p6.s1", 0, 5, "fluency/punctuation", "minor", "quote style <script>alert(1)</script>")
    session.annotate(session.segments[20].id, 0, 8, "accuracy/omission", "critical", "dropped [b]x[/b] \u202eRTL")
    session.annotate(session.segments[30].id, 0, 4, "style/awkward", "minor")
    yield session
    session.close()


class _Walker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "p", "section", "div", "span",
                "svg", "text", "rect", "table", "thead", "tbody", "tr", "th", "td", "code", "figure", "figcaption",
                "article", "header", "ul", "li", "b", "bdi", "del", "ins", "footer"}


def test_html_is_self_contained_and_escapes_everything(hostile: ReviewSession) -> None:
    page = build_report(hostile).to_html()
    walker = _Walker()
    walker.feed(page)
    assert walker.tags <= ALLOWED_TAGS, walker.tags - ALLOWED_TAGS
    for tag, name, value in walker.attrs:
        assert not name.startswith("on"), (tag, name)
        assert name not in ("src", "href", "action", "formaction", "srcset"), (tag, name)
        if name == "xmlns":
            assert value == "http://www.w3.org/2000/svg"
    assert "url(" not in walker.style and "@import" not in walker.style
    # Nothing on the page can be fetched: no attribute holds a URL but the SVG namespace, and the
    # URL in the data is inert text.
    assert [(t, k) for t, k, v in walker.attrs if v and "://" in v and k != "xmlns"] == []
    assert '"http' in "".join(walker.text) and 'evil.example"' in "".join(walker.text)
    text = "".join(walker.text)
    assert "<script" not in page.lower() and "&lt;script&gt;" in page  # shown as text, never as a tag
    assert "</bdi><script>alert(3)</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    assert "⟨U+202E⟩" in text and "⟨U+001B⟩" in text or "⟨ESC⟩" in text
    assert '<b onmouseover="x">rev</b>' in text


def test_html_has_a_strict_content_security_policy(hostile: ReviewSession) -> None:
    page = build_report(hostile).to_html()
    walker = _Walker()
    walker.feed(page)
    (csp,) = [v for tag, k, v in walker.attrs if tag == "meta" and k == "content" and v and "default-src" in v]
    digest = base64.b64encode(hashlib.sha256(walker.style.encode("utf-8")).digest()).decode("ascii")
    assert csp == (f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; base-uri 'none'; "
                   "form-action 'none'")
    assert page.index("Content-Security-Policy") < page.index("<style>")


def test_html_shows_the_report_sections(reviewed: ReviewSession) -> None:
    report = build_report(reviewed)
    page = report.to_html()
    for heading in ("Errors", "Scores", "Paragraphs that needed most work", "Corrections"):
        assert f"<h2>{heading}</h2>" in page
    assert page.count('<article class="seg">') == sum(1 for r in report.rows if r.edited or r.errors)
    assert "<del>Deepseek</del><ins>DeepSeek</ins>" in page
    for sig in report.scores.signatures.values():
        assert sig in page
    assert "FAIL" in page


def test_word_diff() -> None:
    assert word_diff("Saya suka H800S.", "Saya suka H800.") == "Saya suka <del>H800S</del><ins>H800</ins>."
    assert word_diff("a <b> c", "a <i> c") == "a &lt;<del>b</del><ins>i</ins>&gt; c"
    assert word_diff("same", "same") == "same"


@pytest.mark.parametrize(("seg_id", "paragraph"), [("p8.s2", "p8"), ("p10.s1", "p10"), ("12", "12"), ("p8", "p8")])
def test_paragraph_of(seg_id: str, paragraph: str) -> None:
    assert paragraph_of(seg_id) == paragraph


def test_report_figures(reviewed: ReviewSession) -> None:
    report = build_report(reviewed)
    segs = reviewed.segments
    expected = score_pairs([s.id for s in segs], [s.target for s in segs], [reviewed.target(s.id) for s in segs])
    assert report.scores.corpus == expected.corpus
    assert report.edited == sum(reviewed.is_edited(s.id) for s in segs)
    top = report.most_work()
    assert len(top) == 10
    assert [p.edits for p in top] == sorted((p.edits for p in top), reverse=True)
    assert top[0].id == "p4"
    p4 = next(p for p in report.paragraphs if p.id == "p4")
    p4_rows = [r for r in report.rows if r.paragraph == "p4"]
    assert p4.edits == sum(r.scores.edits for r in p4_rows)
    assert p4.hter == pytest.approx(100 * p4.edits / sum(r.scores.ref_words for r in p4_rows))


def test_csv_neutralises_formulas(hostile: ReviewSession) -> None:
    report = build_report(hostile)
    rows = list(csv.DictReader(io.StringIO(report.segments_csv())))
    assert [r["segment"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert rows[2]["mt"] == "'=HYPERLINK(\"http://evil.example\") di sel."
    assert rows[2]["post_edit"] == "'=SUM(A1:A9) di sel."
    assert rows[0]["edited"] == "yes" and rows[1]["edited"] == "no"
    errors = list(csv.DictReader(io.StringIO(report.errors_csv())))
    # The hand edit of segment 3 resolved its two number-mismatch flags: they count as fixed errors.
    assert [(e["segment"], e["severity"], e["penalty"]) for e in errors] == [
        ("3", "major", "5"), ("3", "major", "5"), ("4", "major", "5"), ("5", "critical", "25")]
    assert errors[3]["comment"] == "'@import url(evil)"
    for line in report.segments_csv().splitlines()[1:] + report.errors_csv().splitlines()[1:]:
        for cell in next(csv.reader([line])):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_json_report(hostile: ReviewSession) -> None:
    data = json.loads(build_report(hostile).to_json())
    assert set(data) == {"report", "summary", "scores", "mqm", "paragraphs", "corrections"}
    assert data["summary"] == {"segments": 5, "edited": 2, "approved": 0, "source_words": 25, "errors": 4}
    assert data["mqm"]["penalty"] == 40.0  # two annotations, and the two flags the edit of segment 3 resolved
    assert data["mqm"]["per_1000_words"] == pytest.approx(1600.0)  # 40 points × 1000 / 25 words
    assert data["scores"]["corpus"]["signatures"]["hter"].startswith("nrefs:1|case:mixed|tok:tercom")
    assert [c["segment"] for c in data["corrections"]] == ["1", "3", "4", "5"]


def test_report_command_writes_every_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite"
    ReviewSession.open(session_path=store, user="tester").close()
    out = tmp_path / "report"
    assert main(["report", "--session", str(store), "--to", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["errors.csv", "errors.mqm.tsv", "report.html", "report.json", "segments.csv"]
    assert capsys.readouterr().out.splitlines() == [str(out / n) for n in
                                                   ("report.html", "report.json", "segments.csv", "errors.csv",
                                                    "errors.mqm.tsv")]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["report", "--session", str(store), "--to", str(tmp_path / "file")]) == 2
    assert "not a folder" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# The report in a real browser

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str:
    found = shutil.which("chromium") or (Path("/usr/bin/chromium").exists() and "/usr/bin/chromium")
    assert found, ("this test renders the HTML report in Debian's headless Chromium: install it with "
                   "`apt-get install -y chromium` (CI must install it too)")
    return str(found)


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the raw (filtered) scanlines of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def test_report_renders_in_headless_chromium(reviewed: ReviewSession, tmp_path: Path) -> None:
    """Render report.html with Chromium (no network, no sandbox needed) and check the screenshot
    is a real page: the right size, and far from blank."""
    chromium = _chromium()
    (html_file,) = [p for p in write_report(reviewed, tmp_path / "report") if p.name == "report.html"]
    shot = tmp_path / "report.png"
    proc = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,2400",
         "--hide-scrollbars", f"--screenshot={shot}", html_file.as_uri()],
        capture_output=True, text=True, timeout=180)
    assert shot.exists(), proc.stderr[-2000:]
    data = shot.read_bytes()
    width, height, raw = _png_pixels(data)
    assert (width, height) == (1280, 2400)
    assert len(data) > 50_000                      # a blank or unstyled page compresses to far less
    stride = len(raw) // height
    rows_with_ink = sum(1 for y in range(height) if len(set(raw[y * stride + 1:(y + 1) * stride])) > 2)
    assert rows_with_ink > height // 3            # text, tables and charts down the page
