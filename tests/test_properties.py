"""Property-based tests: arbitrary Unicode never crashes the engine with anything but its own
error type; spans lie inside their texts; fixes do not bring back the flags they fixed; formats
read back what they wrote."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reviewer.checking.engine import Checker
from reviewer.checking.fixes import apply_suggestions
from reviewer.core.errors import ReviewerError
from reviewer.core.model import Side
from reviewer.formats import load_corpus, render_target
from reviewer.glossary import load_glossary, parse_glossary
from reviewer.review.session import ReviewSession
from tests.paths import ROOT

GLOSSARY = load_glossary(ROOT / "glossary" / "deepseek-export-controls.yaml")
WITH_GLOSSARY = Checker(GLOSSARY)
PLAIN = Checker(None)

# Text that looks like the real thing often enough to reach deep into the checks: words of the
# article, numbers in both locales, quotes, hyphens, clitics, controls, and any Unicode at all.
PIECES = st.sampled_from([
    "Deepseek", "DeepSeek", "NVIDIA", "Nvidia", "H800S", "H800s", "-nya", " -tahun", "bertahun", "AI AI",
    "10,000", "10.000", "3.5", "3,5", "$ 103", "$103 million", "juta", "miliar", "“", "”", '"', "'", "(", ")",
    "Mr.", "Sarana", "fewer", "not", "tidak", "China", "Cina", "Tiongkok", "Scale AI", "dengan", "Dengan",
    " ", ".", ",", "\n", "\t", "\x1b[31m", "\u202e", "\u200b", "\u00ad", "e\u0301", "[b]", "[/]",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=14).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=TEXT, target=TEXT)
def test_checks_never_crash_and_spans_lie_inside(source: str, target: str) -> None:
    for checker in (WITH_GLOSSARY, PLAIN):
        for flag in checker.check_segment("1", source, target):
            text = target if flag.side is Side.TARGET else source
            assert 0 <= flag.start <= flag.end <= len(text)
            assert text[flag.start:flag.end] == flag.text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=TEXT, target=TEXT)
def test_applying_suggestions_does_not_flag_the_replaced_spans_again(source: str, target: str) -> None:
    flags = WITH_GLOSSARY.check_segment("1", source, target)
    result = apply_suggestions(target, flags)
    if not result.applied:
        return
    # Where each applied suggestion now sits in the new text.
    shift = 0
    placed = []
    for f in sorted(result.applied, key=lambda f: f.start):
        start = f.start + shift
        placed.append((f.rule, start, start + len(f.suggestion or "")))
        shift += len(f.suggestion or "") - (f.end - f.start)
    again = WITH_GLOSSARY.check_segment("1", source, result.text)
    for rule, start, end in placed:
        for g in again:
            if g.rule == rule and g.side is Side.TARGET and g.start == start and g.end == end and end > start:
                raise AssertionError(f"{rule} flags its own fix {result.text[start:end]!r} in {result.text!r}")


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400))
def test_glossary_loader_only_raises_its_own_errors(data: bytes, tmp_path_factory) -> None:
    path = tmp_path_factory.mktemp("g") / "g.yaml"
    path.write_bytes(data)
    try:
        load_glossary(path)
    except ReviewerError:
        pass


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300))
def test_glossary_parser_only_raises_its_own_errors(text: str) -> None:
    try:
        parse_glossary(text, Path("g.yaml"))
    except ReviewerError:
        pass


LINE = st.text(alphabet=st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.tuples(LINE, LINE), min_size=1, max_size=8), bom=st.booleans(), crlf=st.booleans())
def test_line_pair_write_then_read_returns_the_same_segments(pairs, bom, crlf, tmp_path_factory) -> None:
    work = tmp_path_factory.mktemp("lp")
    eol = "\r\n" if crlf else "\n"
    prefix = "\ufeff" if bom else ""
    (work / "s.txt").write_bytes((prefix + eol.join(s for s, _ in pairs) + eol).encode())
    (work / "t.txt").write_bytes((prefix + eol.join(t for _, t in pairs) + eol).encode())
    try:
        corpus = load_corpus(source=work / "s.txt", target=work / "t.txt")
    except ReviewerError:
        return  # e.g. a lone \r line end: refused with a clear error, never mangled
    changed = {seg.id: seg.target[::-1] for seg in corpus.segments}
    files = render_target(corpus, changed)
    (name, data), = files.items()
    (work / "t2.txt").write_bytes(data)
    again = load_corpus(source=work / "s.txt", target=work / "t2.txt")
    assert [s.target for s in again.segments] == [changed[s.id] for s in corpus.segments]
    assert data.startswith(b"\xef\xbb\xbf") == bom


TSV_CELL = st.text(alphabet=st.characters(blacklist_characters="\t\n\r", blacklist_categories=("Cs",)),
                   min_size=1, max_size=30).filter(lambda s: s.strip() and s.strip().lower() not in {
                       "id", "source", "target", "src", "tgt"})


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(TSV_CELL, TSV_CELL), min_size=1, max_size=8))
@example(rows=[("<tmx", "0")])  # a row that starts like an XML root was read as TMX
@example(rows=[("<xliff", "A")])
@example(rows=[("<tmx>", "0")])
@example(rows=[("\x00", "00\x00")])  # NULs on even places in UTF-8 were taken for UTF-16BE
def test_tsv_write_then_read_returns_the_same_segments(rows, tmp_path_factory) -> None:
    work = tmp_path_factory.mktemp("tsv")
    path = work / "c.tsv"
    path.write_text("".join(f"{s}\t{t}\n" for s, t in rows), encoding="utf-8")
    corpus = load_corpus(path)
    assert [(s.source, s.target) for s in corpus.segments] == rows
    changed = {seg.id: seg.target + " baru" for seg in corpus.segments}
    (name, data), = render_target(corpus, changed).items()
    (work / "d.tsv").write_bytes(data)
    again = load_corpus(work / "d.tsv")
    assert [s.target for s in again.segments] == [changed[s.id] for s in corpus.segments]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXT.filter(lambda t: "\n" not in t), min_size=1, max_size=5))
def test_session_edits_round_trip_through_the_store(texts, tmp_path_factory) -> None:
    work = tmp_path_factory.mktemp("sess")
    (work / "s.txt").write_text("a\nb\n", encoding="utf-8")
    (work / "t.txt").write_text("x\ny\n", encoding="utf-8")
    session = ReviewSession.open(source=work / "s.txt", target=work / "t.txt", session_path=work / "s.sqlite",
                                 user="prop")
    for text in texts:
        session.edit("1", text)
    session.close()
    again = ReviewSession.open(source=work / "s.txt", target=work / "t.txt", session_path=work / "s.sqlite",
                               user="prop")
    assert again.target("1") == texts[-1]
    again.close()


_MATCH_PIECES = st.sampled_from([
    "H800", "h800", "H800S", "-nya", "nya", "lah", " ", "  ", ".", ", ", "-", "Nvidia", "NVIDIA", "nvidia",
    "pakai", "Pakai", "Pakailah", "App Store", "app store", "App  Store", "App-Store", "Store", "App", "xH800",
    "“", "! ", "perusahaan-perusahaan", "perusahaan", "\n",
])


@settings(max_examples=400, deadline=None)
@given(text=st.lists(_MATCH_PIECES, max_size=12).map("".join),
       rendering=st.sampled_from(["H800", "Nvidia", "pakai", "App Store", "perusahaan"]),
       case_sensitive=st.booleans())
@example(text="pakainya-nya", rendering="pakai", case_sensitive=False)  # found by Hypothesis: one clitic, not two
@example(text="pakainya-nya", rendering="pakai", case_sensitive=True)
def test_word_matching_agrees_with_the_term_pattern(text: str, rendering: str, case_sensitive: bool) -> None:
    """Plain-word renderings are found among the target's words without a regex; they must be
    found exactly where the rendering's own pattern finds them."""
    from reviewer.glossary.load import _rendering
    from reviewer.glossary.match import GlossaryMatcher, _TargetWords

    r = _rendering(rendering, case_sensitive=case_sensitive, affixes=False, target_lang="id", where="t",
                   path=Path("t.yaml"), line=1)
    assert r.words is not None
    matcher = GlossaryMatcher(parse_glossary("terms: []", Path("t.yaml")))
    by_words = matcher._find(r, text, case_sensitive, _TargetWords(text))
    by_regex = matcher._find(r, text, case_sensitive, None)
    assert by_words == sorted(by_regex)


_WORD_PIECES = st.sampled_from([
    "U.S.", "A.I.", "a.b", "10.000", "3,5", "5,", ",5", "H800-nya", "-", "--", "'", "’", "don't", "rock’n’roll",
    "x_y", "_", "e\u0301", "ß", "İ", "٣", "e-mail", " ", ".", ",", "perusahaan-perusahaan", "10.5x", "a", "Z",
])


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.one_of(_WORD_PIECES, st.text(max_size=6)), max_size=16).map("".join))
def test_glossary_words_from_the_shared_tokens_equal_a_fresh_scan(text: str) -> None:
    """The glossary takes its words from the tokens every check shares instead of scanning the
    text again; they must be exactly the words a scan with its own pattern finds."""
    from reviewer.core.text import TERM_WORD_RE, term_words, tokenize

    fresh = [(m.group(), m.start(), m.end()) for m in TERM_WORD_RE.finditer(text)]
    assert [tuple(w) for w in term_words(tokenize(text))] == fresh


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=TEXT, target=TEXT)
def test_glossary_flags_are_the_same_with_shared_tokens(source: str, target: str) -> None:
    from reviewer.checks.base import SegmentContext

    matcher = WITH_GLOSSARY.matcher
    assert matcher is not None
    ctx = SegmentContext("1", source, target)
    assert matcher.check(source, target, ctx) == matcher.check(source, target)


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.one_of(_WORD_PIECES, PIECES, st.text(max_size=6)), max_size=16).map("".join))
def test_token_positions_found_again_from_the_token_texts(text: str) -> None:
    """The consistency checks' first pass keeps only the tokens' texts and finds each again after
    the previous one; that must give the tokens' own positions."""
    from reviewer.core.text import WORD_RE, tokenize

    found, pos = [], 0
    for word in WORD_RE.findall(text):
        start = text.find(word, pos)
        pos = start + len(word)
        found.append((word, start, pos))
    assert found == [tuple(t) for t in tokenize(text)]


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.one_of(_WORD_PIECES, PIECES, st.text(max_size=6)), max_size=16).map("".join))
def test_token_positions_found_again_when_lower_case_ascii_words_are_skipped(text: str) -> None:
    """The case-consistency check does not look for lower-case ASCII words; every token it
    uses (one that holds a letter and is not all lower case) must still be found at its place."""
    from reviewer.core.text import WORD_RE, tokenize

    def used(word: str) -> bool:
        return not word.islower() and any(c.isalpha() for c in word)

    found, pos = [], 0
    for word in WORD_RE.findall(text):
        if word.islower() and word.isascii():
            continue
        start = text.find(word, pos)
        pos = start + len(word)
        if used(word):
            found.append((word, start, pos))
    assert found == [tuple(t) for t in tokenize(text) if used(t.text)]


@settings(max_examples=1000, deadline=None)
@given(text=st.lists(st.one_of(_WORD_PIECES, PIECES, st.text(max_size=6)), max_size=16).map("".join))
def test_word_pattern_finds_what_its_readable_form_finds(text: str) -> None:
    import re

    from reviewer.core.text import READABLE_WORD_PATTERN, WORD_RE

    assert [m.span() for m in WORD_RE.finditer(text)] == [m.span() for m in re.finditer(READABLE_WORD_PATTERN, text)]


_QUIET_GLOSSARY = parse_glossary("""\
terms:
  - {source: chip, target: [cip, keping], forbidden: [chipnya besar]}
  - {source: export controls, target: kontrol ekspor, forbidden: [kendali ekspor]}
  - {source: leader, target: [Kim Jong-un, pemimpin]}
  - {source: e-mail, target: surel, forbidden: [e-mail]}
  - {source: means, forbidden: [sarana]}
  - {source: company, target: perusahaan, affixes: true}
do_not_translate: [NVIDIA, Jong-un]
""", Path("quiet.yaml"))
_QUIET_PIECES = st.sampled_from([
    "cip", "keping", "chipnya", "besar", "kontrol", "ekspor", "kendali", "Kim", "Jong", "un", "Jong-un",
    "pemimpin", "e", "mail", "e-mail", "surel", "sarana", "Sarana", "perusahaan", "NVIDIA", "Nvidia", "nya",
    "-nya", "-", " ", "  ", ".", ",", "\n",
])


@settings(max_examples=400, deadline=None)
@given(target=st.lists(_QUIET_PIECES, max_size=14).map("".join))
def test_glossary_terms_left_out_as_satisfied_would_give_no_flag(target: str) -> None:
    """The matcher leaves out terms whose target words show they are satisfied; checking every
    term in full must give the same flags."""
    from reviewer.checks.base import SegmentContext
    from reviewer.glossary import GlossaryMatcher

    source = "The chip export controls leader sent an e-mail; it means NVIDIA and Jong-un and the company."
    quick = GlossaryMatcher(_QUIET_GLOSSARY)
    full = GlossaryMatcher(_QUIET_GLOSSARY)
    full._quiet = None
    assert quick.check(source, target, SegmentContext("1", source, target)) == full.check(source, target)


@settings(max_examples=400, deadline=None)
@given(target=st.lists(_QUIET_PIECES, max_size=14).map("".join))
def test_hyphenated_renderings_are_found_where_their_patterns_find_them(target: str) -> None:
    """Renderings of words joined by hyphens or spaces are matched among the target's words, not
    by their regex; both must find the same spans (for text without apostrophes or underscores,
    where a word-level match reads the word differently, as it does for every plain rendering)."""
    from reviewer.glossary.match import _TargetWords

    checked = 0
    for term in _QUIET_GLOSSARY.terms:
        if term.case_sensitive:
            continue  # (a capital at a sentence start is compared in the glossary tests)
        for rendering in (*term.targets, *term.forbidden):
            if rendering.words is None or not rendering.hyphens:
                continue
            by_words = _TargetWords(target).find(rendering.words, False, rendering.hyphens)
            by_pattern = sorted({(m.start(), m.end()) for m in rendering.pattern.finditer(target)})
            assert by_words == by_pattern, rendering.display
            checked += 1
    assert checked == 2  # Kim Jong-un, e-mail


_AFFIX_PIECES = st.sampled_from(["memper", "di", "meng", "me", "pe", "ber", "ter", "ke", "se", "per", "kan", "an",
                                 "i", "nya", "lah", "ku", "pakai", "makai", "tulis", "nulis", "kirim", "ngirim",
                                 "sapu", "nyapu", "a", "x", "PAKAI", "Di"])


@settings(max_examples=1000, deadline=None)
@given(word=st.lists(_AFFIX_PIECES, min_size=1, max_size=5).map("".join))
def test_affixed_forms_are_what_the_affix_pattern_matches(word: str) -> None:
    """Whether a word is an affixed form of a stem is decided without the pattern; it must be
    decided as the pattern (with a clitic allowed after it) decides it."""
    import regex

    from reviewer.lang import id as lang_id

    for stem in ("pakai", "tulis", "kirim", "sapu"):
        pattern = regex.compile("(?:" + lang_id.affixed_pattern(stem) + ")" + lang_id.CLITIC_RE + "?",
                                regex.IGNORECASE)
        expected = pattern.fullmatch(word) is not None
        assert lang_id.is_affixed_form(word.casefold(), lang_id.affixed_stems(stem)) == expected, stem


def _lines_one_at_a_time(path: Path) -> list[str | tuple[str, int | None]]:
    """Reference for iter_text_lines: each line decoded on its own; an error ends the list as
    (message, line)."""
    from reviewer.core.errors import CorpusError
    from reviewer.formats.base import BOM

    out: list[str | tuple[str, int | None]] = []
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                error = CorpusError(f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                                    path=path, line=number)
                out.append((str(error), number))
                return out
            if number == 1:
                line = line.removeprefix(BOM)
                if not line:
                    return out  # a byte-order mark alone is an empty file: no line
            if line.endswith("\n"):
                line = line[:-1].removesuffix("\r")
            out.append(line)
    return out


_LINE_BYTES = st.lists(st.sampled_from([b"a", b"\n", b"\r", b"\r\n", b"\xef\xbb\xbf", "é".encode(), "€".encode(),
                                        b"\xff", b"\xe2\x82", b"\t", b" "]), max_size=40).map(b"".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_LINE_BYTES, block=st.integers(1, 9))
@example(data=b"\xef\xbb\xbf", block=1)  # a byte-order mark alone: no line, as read_text_file reads it
def test_streamed_lines_read_in_blocks_equal_lines_read_one_at_a_time(tmp_path: Path, monkeypatch, data: bytes,
                                                                      block: int) -> None:
    """Whatever the block size, the same lines and the same error (message and line number), after
    the same lines: blocks only change how fast a file is read."""
    import reviewer.formats.base as base
    from reviewer.core.errors import CorpusError

    monkeypatch.setattr(base, "_BLOCK", block)
    path = tmp_path / "lines.txt"
    path.write_bytes(data)
    got: list[str | tuple[str, int | None]] = []
    try:
        for line in base.iter_text_lines(path):
            got.append(line)
    except CorpusError as exc:
        got.append((str(exc), exc.line))
    assert got == _lines_one_at_a_time(path)


_TEXT_BYTES = st.lists(st.sampled_from([b"a", b"\n", b"\r", b"\r\n", "é".encode(), b"\t", b" ", b"x\r\n", b"y\n"]),
                       max_size=40).map(b"".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_TEXT_BYTES, bom=st.booleans())
@example(data=b"One\r\nTwo\r\n\r\nFour", bom=False)  # CR LF without a final line feed: CRs were kept in every line
@example(data=b"a\r\nb\nc\r\n", bom=True)  # mixed line ends
def test_loaded_lines_equal_streamed_lines_and_write_back_byte_for_byte(tmp_path: Path, data: bytes,
                                                                        bom: bool) -> None:
    """`reviewer check` (which streams a line-pair file) and the review session (which loads it)
    see the same lines, and an untouched file is written back byte for byte."""
    from reviewer.formats.base import iter_text_lines, read_text_file

    path = tmp_path / "lines.txt"
    raw = (b"\xef\xbb\xbf" if bom else b"") + data
    path.write_bytes(raw)
    loaded = read_text_file(path)
    assert loaded.lines == list(iter_text_lines(path))
    assert loaded.render(loaded.lines) == raw
