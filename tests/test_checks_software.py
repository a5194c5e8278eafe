"""The software-string checks (reviewer.checks.software): placeholder-mismatch, markup-mismatch
and url-mismatch. For each, app strings (English -> Indonesian) that must flag, with the rule,
side, span text and suggestion, and correct translations that must stay quiet; then real text:
silent on news (NTREX) and the bundled article, and on the four real PO files only where the
translation is wrong (every remaining flag there was read and judged a true error)."""

from __future__ import annotations

import re
import time
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.checking.engine import Checker
from reviewer.checks import REGISTRY, SegmentContext, fires
from reviewer.core.model import Flag
from reviewer.formats import load_corpus
from tests.paths import NTREX, SHARED

RULES = ["placeholder-mismatch", "markup-mismatch", "url-mismatch"]
PO_DIR = SHARED / "data" / "software-po-id"


def run(rule: str, source: str, target: str) -> list[Flag]:
    """The check's flags on a pair; it must be reachable: its trigger fires wherever it flags."""
    check = REGISTRY[rule]()
    ctx = SegmentContext("s1", source, target)
    flags = list(check.run(ctx))
    assert fires(check, ctx) or not flags, "the trigger is narrower than the check"
    for f in flags:
        assert (source if f.side.value == "source" else target)[f.start:f.end] == f.text
        # Messages name what they flag (an ICU head or keyword by its words).
        words = re.sub(r"[{},=]", " ", f.text).split()
        assert f.text in f.message or (words and words[0] in f.message), (f.text, f.message)
    return flags


def brief(flags: list[Flag]) -> list[tuple[str, str, str | None]]:
    return [(f.side.value, f.text, f.suggestion) for f in flags]


# --- placeholder-mismatch -------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target", "expected"), [
    # lost
    ("Delete %s?", "Hapus?", [("source", "%s", None)]),
    ("Removed %(count)d files from %(path)s", "Menghapus %(count)d berkas", [("source", "%(path)s", None)]),
    ("Welcome, {name}!", "Selamat datang!", [("source", "{name}", None)]),
    ("Saved to ${dir}", "Disimpan", [("source", "${dir}", None)]),
    # renamed or altered
    ("{count} files", "{jumlah} berkas", [("target", "{jumlah}", "{count}")]),
    ("%d files selected", "%s berkas dipilih", [("target", "%s", "%d")]),
    ("Hello $USER", "Halo $PENGGUNA", [("target", "$PENGGUNA", "$USER")]),
    ("Error: %(message)s", "Galat: %(pesan)s", [("target", "%(pesan)s", "%(message)s")]),
    ("malloc failed (%zu bytes)", "malloc gagal (%ld bita)", [("target", "%ld", "%zu")]),
    # broken by a space
    ("File %1$s of %2$s", "Berkas %1 $s dari %2$s", [("target", "%1 $s", "%1$s")]),
    ("Delete %s?", "Hapus % s?", [("target", "% s", "%s")]),
    ("{count} files", "{ count } berkas", [("target", "{ count }", "{count}")]),
    ("Hello $USER", "Halo $ USER", [("target", "$ USER", "$USER")]),
    ("Page %1 of %2", "Halaman % 1 dari %2", [("target", "% 1", "%1")]),
    ("Page %1 of %2", "Halaman %1", [("source", "%2", None)]),
    ("name '%.250s' taken", "nama '%s.250s' dipakai", [("target", "%s.250s", "%.250s")]),
    # added
    ("Cannot remove the file", "Tidak dapat menghapus berkas %s", [("target", "%s", "")]),
    ("Unable to remove '%s'", "Gagal membuang %s: %s", [("target", "%s", "")]),
    # unnumbered conversions reordered: the arguments are swapped
    ("Copied %s to %d places", "Disalin ke %d tempat: %s", [("target", "%d", None)]),
    ("%.*s: %d", "%d: %.*s", [("target", "%d", None)]),
    # numbered, but the types swapped: %2$ is the source's %d
    ("%s of %d", "%2$s dari %1$d", [("target", "%2$s", "%s"), ("target", "%1$d", "%d")]),
    # %% is a literal percent in a format string
    ("%d%% done", "%d% selesai", [("target", "%", "%%")]),
    ("Battery at 50%", "Baterai 50%%", [("target", "%%", "%")]),
    # ICU: argument renamed, other missing, keyword translated, a branch's placeholder lost
    ("{count, plural, =1{One file} other{# files}}", "{jumlah, plural, other{# berkas}}",
     [("target", "{jumlah, plural,", "{count, plural,")]),
    ("{count, plural, one{# file} other{# files}}", "{count, plural, one{# berkas}}",
     [("target", "{count, plural,", None)]),
    ("{count, plural, one{# file} other{# files}}", "{count, plural, satu{# berkas} other{# berkas}}",
     [("target", "satu{", None)]),
    ("{count, plural, one{# file in {folder}} other{# files in {folder}}}", "{count, plural, other{# berkas}}",
     [("source", "{folder}", None)]),
    ("{count, plural, one{# file} other{# files}}", "{count, plural, other{berkas}}", [("source", "#", None)]),
    ("{gender, select, male{He replied} female{She replied} other{They replied}}",
     "{gender, select, pria{Dia membalas} female{Dia membalas} other{Mereka membalas}}",
     [("target", "pria{", None), ("source", "male{", None)]),
    ("{count, plural, other{# files}} in {folder}", "{count, plural, other{# berkas}}",
     [("source", "{folder}", None)]),
    ("Uploaded {count, plural, one{# photo} other{# photos}}", "Mengunggah foto",
     [("source", "{count, plural,", None)]),
    ("{count, plural, =1{One file} other{# files in {dir}}}", "{count} berkas", [("source", "{dir}", None)]),
    ("{gender, select, male{He} other{They}} replied", "{gender} membalas", [("target", "{gender}", ""),
                                                                           ("source", "{gender, select,", None)]),
])
def test_placeholder_mismatch_flags(source: str, target: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert brief(run("placeholder-mismatch", source, target)) == expected


@pytest.mark.parametrize(("source", "target"), [
    ("Delete %s?", "Hapus %s?"),
    ("{count} files", "{count} berkas"),
    ("%1$s of %2$s", "%2$s dari %1$s"),  # numbered: any order
    ("Copied %s to %d places", "Disalin ke %2$d tempat: %1$s"),  # numbered in the target to reorder (gettext)
    ("%d files", "%1$d berkas"),
    ("Moved {file} to {folder}", "{folder} menerima {file}"),  # named: any order
    ("Page %1 of %2", "Halaman %2 dari %1"),  # Qt: numbered
    ("%(count)d files in %(path)s", "Di %(path)s ada %(count)d berkas"),
    ("%d%% done", "%d%% selesai"),
    ("Battery at 50%", "Baterai 50%"),  # prose percent
    ("Prices rose 50% of the time.", "Harga turun 5% dari tahun lalu."),
    ("unable to read '%.255s'", "gagal membaca '%.250s'"),  # a precision only cuts the text
    ("Found %i items", "Ditemukan %d butir"),  # %i and %d read the same argument
    ("%A, %B %e, %Y", "%A, %e %B %Y"),  # a date format is free to reorder
    ("%l:%M %p", "%H.%M"),
    ("{count, plural, =1{One file} other{# files}}", "{count, plural, other{# berkas}}"),  # Indonesian: other only
    ("{count, plural, one{# file} other{# files}}", "{count, plural, one{satu berkas} other{# berkas}}"),
    ("{count, plural, one{# file} other{# files}}", "{count, plural, other{{count} berkas}}"),  # # is {count}
    ("{count, plural, =1{One change} other{{count} changes}}", "{count, plural, =0{Tidak ada} other{# perubahan}}"),
    # Indonesian has one plural form: the `other` branch alone, the number as {count}
    ("{count, plural, =1{One file} other{# files}}", "{count} berkas"),
    ("Uploaded {count, plural, one{# photo} other{# photos}} to {album}", "Mengunggah {count} foto ke {album}"),
    ("{gender, select, male{He} female{She} other{They}} replied",
     "{gender, select, male{Dia} female{Dia} other{Mereka}} membalas"),
    ("Hello $USER, see ${HOME}", "Halo $USER, lihat ${HOME}"),
    ("Delete %s?", ""),  # untranslated: another check's business
    ("Delete %s?", "Delete %s?"),  # identical: compared as usual, and they match
])
def test_placeholder_mismatch_quiet(source: str, target: str) -> None:
    assert run("placeholder-mismatch", source, target) == []


# --- markup-mismatch ------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target", "expected"), [
    ("<b>Warning:</b> disk full", "Peringatan: disk penuh", [("source", "<b>", None), ("source", "</b>", None)]),
    ("<b>Warning:</b> disk full", "<b>Peringatan:</ b> disk penuh", [("target", "</ b>", "</b>")]),
    ("<b>Warning:</b> disk full", "< b>Peringatan:</b> disk penuh", [("target", "< b>", "<b>")]),
    ("Line<br/>two", "Baris<br / >dua", [("target", "<br / >", "<br/>")]),
    ("<b>Warning:</b> disk full", "<strong>Peringatan:</strong> disk penuh",
     [("target", "<strong>", "<b>"), ("target", "</strong>", "</b>")]),
    ("<b>Warning:</b> disk full", "<b>Peringatan: disk penuh", [("source", "</b>", None)]),
    ("<b><i>New</i></b> file", "Berkas <b><i>baru</b></i>", [("target", "</b>", None)]),
    ('Read the <a href="https://x.org/help">guide</a>', 'Baca <a href="https://x.org/bantuan">panduan</a>',
     [("target", '<a href="https://x.org/bantuan">', '<a href="https://x.org/help">')]),
    ("Save", "<i>Simpan</i>", [("target", "<i>", ""), ("target", "</i>", "")]),
    ("Tom &amp; Jerry", "Tom & Jerry", [("source", "&amp;", None)]),
    ("Copy", "Salin &amp; tempel", [("target", "&amp;", "&")]),
])
def test_markup_mismatch_flags(source: str, target: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert brief(run("markup-mismatch", source, target)) == expected


@pytest.mark.parametrize(("source", "target"), [
    ("<b>Warning:</b> disk full", "<b>Peringatan:</b> disk penuh"),
    ("<b>Name</b> and <i>size</i>", "<i>ukuran</i> dan <b>nama</b>"),  # reordered, still nested
    ('<a href="https://x.org" title="Home">Home</a>', '<a href="https://x.org" title="Beranda">Beranda</a>'),
    ("Line<br>two", "Baris<br>dua"),
    ("Tom &amp; Jerry", "Tom &amp; Jerry"),
    ("dpkg -i <package.deb> <file>", "dpkg -i <paket.deb> <berkas>"),  # metavariables may be translated
    ("if x < y and y > z", "jika x < y dan y > z"),
    ("&File", "&Berkas"),  # an accelerator, no entity
    ("<b>Warning:</b>", ""),
])
def test_markup_mismatch_quiet(source: str, target: str) -> None:
    assert run("markup-mismatch", source, target) == []


# --- url-mismatch ---------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target", "expected"), [
    ("Visit https://example.org/help.", "Kunjungi https://example.org/bantuan.",
     [("target", "https://example.org/bantuan", "https://example.org/help")]),
    ("Visit https://example.org/help.", "Kunjungi situs web kami.", [("source", "https://example.org/help", None)]),
    ("Write to help@example.org", "Tulis ke bantuan@example.org", [("target", "bantuan@example.org", "help@example.org")]),
    ("Report bugs to bugs@example.org.", "Laporkan kutu.", [("source", "bugs@example.org", None)]),
    ("See www.example.org/faq", "Lihat www.example.org/tanya-jawab", [("target", "www.example.org/tanya-jawab",
                                                                      "www.example.org/faq")]),
])
def test_url_mismatch_flags(source: str, target: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert brief(run("url-mismatch", source, target)) == expected


@pytest.mark.parametrize(("source", "target"), [
    ("Visit https://example.org/help.", "Kunjungi https://example.org/help."),
    ("See <https://wiki.debian.org/FAQ#lock>.", "Lihat <https://wiki.debian.org/FAQ#lock>."),
    ("Write to help@example.org or visit https://example.org", "Kunjungi https://example.org atau tulis ke help@example.org"),
    ("Follow @example on Twitter", "Ikuti @example di Twitter"),
    # a link to the Indonesian page of the same site, a host in capitals, a trailing slash
    ("See https://en.wikipedia.org/wiki/Gettext", "Lihat https://id.wikipedia.org/wiki/Gettext"),
    ("Docs: https://docs.example.org/en-US/start?hl=en", "Dokumen: https://docs.example.org/id-ID/start?hl=id"),
    ("Visit https://Example.org/", "Kunjungi https://example.org"),
    ("Visit https://example.org/help.", ""),
])
def test_url_mismatch_quiet(source: str, target: str) -> None:
    assert run("url-mismatch", source, target) == []


@pytest.mark.parametrize(("source", "target"), [
    ("%%" * 3000, "%" * 6000),
    ("%s " * 3000, "% s " * 3000),
    ("<b></b>" * 2000, "<i></i>" * 2000),
    ("< b>" * 3000, "<b>" * 3000),
    ("{a} " * 3000, "{b} " * 3000),
    ("&amp;" * 3000, "&lt;" * 3000),
    ("a@b.cc " * 2000, "x@y.zz " * 2000),
    ("{n, plural, other{# {a}}} " * 1000, "{m, plural, one{{b}}} " * 1000),
    ("{x, plural, one{" * 2000, "a." * 10000),
])
def test_long_hostile_text_stays_linear(source: str, target: str) -> None:
    # Thousands of spans or flags in one segment: pairing, bisection and one brace table keep
    # the cost in proportion to the text (each case took seconds when they were quadratic).
    started = time.perf_counter()
    for rule in RULES:
        list(REGISTRY[rule]().run(SegmentContext("s", source, target)))
    assert time.perf_counter() - started < 2.0


#: Pieces of software strings, correct and broken, that generated segments are made of.
PIECES = ["%s", "%d", "%'d", "%1$s", "%2$d", "%1 $s", "% s", "%%", "%", "50%", "%.250s", "%s.250s", "%(name)s", "%1",
          "%Y", "{0}", "{name}", "{nama}", "{ name }", "{n, plural, one{# x} other{# xs}}", "{n, plural, other{y}}",
          "{g, select, a{x} other{y}}", "$USER", "$ USER", "${dir}", "<b>", "</b>", "</ b>", "< b>", "<br/>", "<file>",
          '<a href="https://x.org/a">', "</a>", "&amp;", "&", "https://x.org/a", "https://x.org/b", "a@b.id", "c@d.id",
          "www.x.org", "file", "berkas", "-v", "--all", ",", ".", ")", "'", " ", "\n"]
SEGMENT = st.lists(st.sampled_from(PIECES), max_size=10).map(" ".join)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=SEGMENT, target=SEGMENT)
def test_trigger_never_narrower_on_generated_software_strings(source: str, target: str) -> None:
    # `run` asserts that the trigger fires wherever the check flags, and that spans are right.
    for rule in RULES:
        run(rule, source, target)


def test_messages_quote_untrusted_text() -> None:
    # What the message names comes from the file: quoted with repr, so markup-like text stays inert.
    (flag,) = run("placeholder-mismatch", "[b]{name}[/b]", "[b]{nama}[/b]")
    assert "'{nama}'" in flag.message and "'{name}'" in flag.message


def test_registered_with_triggers() -> None:
    for rule in RULES:
        assert REGISTRY[rule].trigger is not None
        assert REGISTRY[rule].reads_code  # their flags lie in code, which the engine keeps for them only


@pytest.mark.parametrize(("source", "target", "rule", "text"), [
    ("Delete %s?", "Hapus?", "placeholder-mismatch", "%s"),
    ("<b>Warning:</b> disk full", "<b>Peringatan:</ b> disk penuh", "markup-mismatch", "</ b>"),
    ("Visit https://example.org/help.", "Kunjungi https://example.org/bantuan.", "url-mismatch",
     "https://example.org/bantuan"),
])
def test_the_engine_keeps_their_flags(source: str, target: str, rule: str, text: str) -> None:
    flags = Checker(None).check_segment("1", source, target)
    assert (rule, text) in [(f.rule, f.text) for f in flags]


# --- real text ----------------------------------------------------------------------------

def _flags(source: str, target: str) -> list[Flag]:
    out = []
    for rule in RULES:
        check = REGISTRY[rule]()
        ctx = SegmentContext("s", source, target)
        if fires(check, ctx):
            out.extend(check.run(ctx))
    return out


def test_silent_on_news_and_the_bundled_article() -> None:
    src = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()[:2000]
    ref = (NTREX / "newstest2019-ref.ind.txt").read_text(encoding="utf-8").splitlines()[:2000]
    pairs = list(zip(src, ref)) + [(s.source, s.target) for s in load_corpus(None).segments]
    flagged = [(s, t, [f.message for f in fl]) for s, t in pairs if (fl := _flags(s, t))]
    assert flagged == []


@cache
def po_flags(name: str) -> tuple[int, int, int, list[tuple[str, str, str]]]:
    """Segments, flagged segments, flagged segments not marked fuzzy, and (id, rule, text) of
    the flags on those not fuzzy."""
    corpus = load_corpus(PO_DIR / name)
    flagged = settled = 0
    found = []
    for seg in corpus.segments:
        flags = _flags(seg.source, seg.target)
        if flags:
            flagged += 1
            if "fuzzy" not in seg.extra.get("flags", ()):
                settled += 1
                found += [(seg.id, f.rule, f.text) for f in flags]
    return len(corpus.segments), flagged, settled, found


#: Upper bounds on the flagged entries (all, and those not fuzzy), each flag read by hand. All
#: flags in dpkg's fuzzy entries are translations of an older msgid that no longer match
#: (placeholders lost, added or of another type: `%jd` as `%lu`, `%zu` as `%ld`).
PO_BOUNDS = {
    "bleachbit.id.po": (0, 0),
    "budgie-control-center.id.po": (0, 0),
    "dpkg.id.po": (190, 2),
    "xournalpp.id.po": (0, 0),
}


@pytest.mark.parametrize("name", sorted(PO_BOUNDS))
def test_real_po_files(name: str) -> None:
    total, flagged, settled, found = po_flags(name)
    print(f"{name}: {flagged} of {total} entries flagged, {settled} of them not fuzzy: {found}")
    most, most_settled = PO_BOUNDS[name]
    assert flagged <= most and settled <= most_settled
    if name == "dpkg.id.po":
        # The two true slips of the settled entries: a precision written after the conversion,
        # and the documented ${var[;width]} syntax changed to ${var:[;width]}.
        assert found == [("352", "placeholder-mismatch", "%s.250s"), ("517", "placeholder-mismatch", "{var:[;width]}")]


def test_po_files_are_there() -> None:
    assert sorted(p.name for p in Path(PO_DIR).glob("*.po")) == sorted(PO_BOUNDS)
