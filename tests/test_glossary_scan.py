"""The glossary's automaton scan (`reviewer.glossary.scan`) against the word-by-word reading it
replaced, the target-side shortcuts of the matcher, and the literal gate of the rules' source
conditions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reviewer.checks.base import SegmentContext
from reviewer.core.text import TERM_WORD_RE
from reviewer.glossary import GlossaryMatcher, parse_glossary
from reviewer.glossary.gates import required_literal
from reviewer.glossary.model import Term, nfc
from reviewer.glossary.scan import _CLITIC_END, SourceIndex, Words, _clitic_stems
from reviewer.glossary.scan import TargetWords as _TargetWords
from reviewer.lang import id as lang_id

# ---------------------------------------------------------------------------------------------
# The reference: the trie walk the automaton replaced, re-derived word by word


_ENDINGS = ("'s", "’s", "es", "s")


def _reference_confirm(term: Term, source: str, words: list[tuple[str, int, int]], i: int) -> tuple[int, int] | None:
    src = nfc(term.source)
    found = TERM_WORD_RE.findall(src)
    plain = found if found and " ".join(found) == " ".join(src.split()) else None
    if plain is None:
        m = term.source_pattern.match(source, words[i][1])
        return (m.start(), m.end()) if m else None
    n = len(plain)
    for off in range(n):
        _, start, end = words[i + off]
        if off and not source[words[i + off - 1][2]:start].isspace():
            return None
        if term.case_sensitive:
            written = source[start:end]
            if written != plain[off] and not (off == n - 1 and any(written == plain[off] + e for e in _ENDINGS)):
                return None
    return words[i][1], words[i + n - 1][2]


def reference_hits(terms: list[Term], source: str) -> list[tuple[str, int, int]]:
    """Every term where the old trie walk found it, in its order: from each word, the terms
    whose case-folded words stand there (the last one maybe plural), shorter first, plural forms
    before exact ones (in ending order), then glossary order; confirmed on the text as written;
    terms that start with a symbol last, by their own pattern."""
    words = [(m.group(), m.start(), m.end()) for m in TERM_WORD_RE.finditer(source)]
    folded = [w.casefold() for w, _, _ in words]
    indexed, unindexed = [], []
    for index, term in enumerate(terms):
        src = nfc(term.source)
        first = TERM_WORD_RE.search(src)
        if first is None or first.start() != 0:
            unindexed.append(term)
        else:
            indexed.append((index, term, [w.casefold() for w in TERM_WORD_RE.findall(src)]))
    out: list[tuple[str, int, int]] = []
    seen: set[tuple[str, int]] = set()
    for i in range(len(words)):
        found = []
        for index, term, tw in indexed:
            n = len(tw)
            if i + n > len(words) or folded[i:i + n - 1] != tw[:-1]:
                continue
            last = folded[i + n - 1]
            if last == tw[-1]:
                found.append(((n, 1, 0, index), term))
            found.extend(((n, 0, rank, index), term) for rank, e in enumerate(_ENDINGS) if last == tw[-1] + e)
        for _, term in sorted(found, key=lambda item: item[0]):
            span = _reference_confirm(term, source, words, i)
            if span is not None and (term.id, span[0]) not in seen:
                seen.add((term.id, span[0]))
                out.append((term.id, *span))
    for term in unindexed:
        out.extend((term.id, m.start(), m.end()) for m in term.source_pattern.finditer(source))
    return out


TRICKY = parse_glossary("""\
terms:
  - {id: ai, source: AI, target: AI}
  - {id: ai-chips, source: AI chips, target: cip AI}
  - {id: chip, source: chip, target: cip}
  - {id: chips, source: chips, target: keping}
  - {id: class, source: class, target: kelas}
  - {id: classe, source: classe, target: klas}
  - {id: company, source: company, target: perusahaan}
  - {id: us, source: U.S., target: AS}
  - {id: us-chips, source: U.S. chips, target: cip AS}
  - {id: jong-un, source: Jong-un, target: Jong-un}
  - {id: five, source: "$5", target: "5 dolar"}
  - {id: tag, source: "#tag", target: tag}
  - {id: strasse, source: Straße, target: jalan}
  - {id: istanbul, source: İstanbul, target: Istanbul}
  - {id: odos, source: ΟΔΟΣ, target: jalan}
  - {id: nvidia, source: NVIDIA, target: NVIDIA, case_sensitive: true}
  - {id: apple, source: Apple Inc, target: Apple Inc, case_sensitive: true}
  - {id: ai-again, source: ai, target: kecerdasan buatan}
  - {id: new-york, source: new york, target: New York}
  - {id: nyc, source: new york city, target: Kota New York}
  - {id: york, source: york, target: York}
  - {id: cafe, source: café, target: kafe}
""", Path("tricky.yaml"))


def hits(source: str, glossary: Any = TRICKY) -> list[tuple[str, str]]:
    matcher = GlossaryMatcher(glossary)
    return [(term.id, source[a:b]) for term, a, b in matcher._source_hits(source)]


@pytest.mark.parametrize(("source", "expected"), [
    # multi-word terms: any white space between the words, never a hyphen or a comma; from one
    # word, the plural form of a term ("chip") before a term written so ("chips")
    ("AI  chips", [("ai", "AI"), ("ai-again", "AI"), ("ai-chips", "AI  chips"), ("chip", "chips"),
                   ("chips", "chips")]),
    ("AI\tchips", [("ai", "AI"), ("ai-again", "AI"), ("ai-chips", "AI\tchips"), ("chip", "chips"),
                   ("chips", "chips")]),
    ("AI\nchips", [("ai", "AI"), ("ai-again", "AI"), ("ai-chips", "AI\nchips"), ("chip", "chips"),
                   ("chips", "chips")]),
    ("AI-chips", [("ai", "AI"), ("ai-again", "AI"), ("chip", "chips"), ("chips", "chips")]),
    ("AI, chips", [("ai", "AI"), ("ai-again", "AI"), ("chip", "chips"), ("chips", "chips")]),
    # plurals and possessives ('s, ’s, es, s) of the last word only
    ("AI chip's", [("ai", "AI"), ("ai-again", "AI"), ("chip", "chip's")]),
    ("the company’s", [("company", "company’s")]),
    ("classes", [("class", "classes"), ("classe", "classes")]),
    ("AIs", [("ai", "AIs"), ("ai-again", "AIs")]),
    # case-sensitive terms: exactly as written, an English plural allowed
    ("NVIDIA and Nvidia and NVIDIAs", [("nvidia", "NVIDIA"), ("nvidia", "NVIDIAs")]),
    ("Apple Inc and apple inc and Apple Incs", [("apple", "Apple Inc"), ("apple", "Apple Incs")]),
    # terms that are more than words are confirmed by their pattern
    ("U.S. chips", [("us", "U.S."), ("us-chips", "U.S. chips"), ("chip", "chips"), ("chips", "chips")]),
    ("U.S chips", [("chip", "chips"), ("chips", "chips")]),
    ("Kim Jong-un", [("jong-un", "Jong-un")]),
    ("Kim Jong un", []),
    # terms that start with a symbol
    ("It cost $5.", [("five", "$5")]),
    ("It cost 5.", []),
    ("#tag #tags", [("tag", "#tag"), ("tag", "#tags")]),
    # overlapping terms: shorter first from each word
    ("new york city", [("new-york", "new york"), ("nyc", "new york city"), ("york", "york")]),
    # at the very start and the very end
    ("chip", [("chip", "chip")]),
    ("chips", [("chip", "chips"), ("chips", "chips")]),
    # not inside a longer word
    ("chipset microchip", []),
    # non-ASCII: ß folds to ss, İ to i̇, Σ and ς to σ
    ("STRASSE und Straße", [("strasse", "STRASSE"), ("strasse", "Straße")]),
    ("İSTANBUL istanbul", [("istanbul", "İSTANBUL")]),
    ("οδος ΟΔΟΣ οδοσ", [("odos", "οδος"), ("odos", "ΟΔΟΣ"), ("odos", "οδοσ")]),
    ("", []),
])
def test_terms_are_found_where_the_old_walk_found_them(source: str, expected: list[tuple[str, str]]) -> None:
    assert hits(source) == expected
    assert [(i, source[a:b]) for i, a, b in reference_hits(TRICKY.terms, source)] == expected


def test_nfd_text_is_matched_in_nfc_and_flagged_as_written() -> None:
    matcher = GlossaryMatcher(TRICKY)
    source = "Un cafe\u0301 noir"  # é as e and a combining accent
    flags = matcher.check(source, "sebuah kopi")
    # (The span ends where the NFC form's does once mapped back: before the combining accent,
    # as it always has; `model.offset_map` is unchanged.)
    assert [(f.rule, f.start, f.end) for f in flags] == [("cafe", 3, 7)]
    assert matcher.check(source, "sebuah kafe") == []


def test_the_first_flag_on_a_span_comes_from_the_shorter_term_first() -> None:
    flags = GlossaryMatcher(TRICKY).check("New York City", "kota")
    assert [f.rule for f in flags] == ["new-york", "nyc", "york"]


_PIECES = st.sampled_from([
    "AI", "ai", "Ai", "chips", "chip", "chip's", "chip’s", "chipes", "Chips", "class", "classes", "classe",
    "company's", "U.S.", "U.S", "us", "Jong-un", "Jong", "un", "$5", "$", "5", "#tag", "tag", "Straße", "STRASSE",
    "İstanbul", "istanbul", "ΟΔΟΣ", "οδος", "οδοσ", "NVIDIA", "Nvidia", "NVIDIAs", "Apple", "Inc", "Incs", "new",
    "New", "York", "york", "city", "café", " ", "  ", "\t", "\n", "-", ", ", ".", "'", "’", "x", "(", "“",
])


@settings(max_examples=600, deadline=None)
@given(source=st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=12).map("".join).map(nfc))
@example(source="AI  chips")
def test_the_scan_finds_what_the_word_walk_finds(source: str) -> None:
    assert [(t.id, a, b) for t, a, b in GlossaryMatcher(TRICKY)._source_hits(source)] == \
        reference_hits(TRICKY.terms, source)


def test_a_term_that_starts_with_a_cased_symbol_is_always_searched() -> None:
    glossary = parse_glossary("terms:\n  - {id: circled, source: 'Ⓐbc', target: abc}\n", Path("g.yaml"))
    index = SourceIndex(glossary.terms)
    assert [t.id for t in index.unindexed_in("no symbol here")] == ["circled"]
    assert hits("ⓐBC and Ⓐbc", glossary) == [("circled", "ⓐBC"), ("circled", "Ⓐbc")]


def test_the_matcher_does_not_need_the_segment_tokens() -> None:
    class NoTokens:
        @property
        def source_term_words(self) -> list[tuple[str, int, int]]:
            raise AssertionError("the source tokens were read")

        @property
        def target_term_words(self) -> list[tuple[str, int, int]]:
            raise AssertionError("the target tokens were read")

    matcher = GlossaryMatcher(TRICKY)
    source, target = "The AI chips of the company", "Cip AI perusahaan itu"
    assert matcher.check(source, target, NoTokens()) == matcher.check(source, target)
    ctx = SegmentContext("1", source, target)
    matcher.check(source, target, ctx)
    assert "source_tokens" not in ctx.__dict__ and "target_tokens" not in ctx.__dict__


# ---------------------------------------------------------------------------------------------
# Words: the C-level cut (ASCII or not) gives the regex's words


_WORD_PIECES = st.sampled_from([
    "a", "Ab", "x_y", "9", "don't", "rock’n’roll", "'", "''", "’", "-", "--", " ", "  ", "\t", "\n", "\x1c", "\x0b",
    ".", ",", "(", "ß", "İ", "é", "e\u0301", "Σ", "“", "\xa0", "-nya", "H800", "\x00",
])


@settings(max_examples=1000, deadline=None)
@given(text=st.lists(st.one_of(_WORD_PIECES, st.text(max_size=4)), max_size=14).map("".join))
@example(text="a' 'b")
@example(text="'a''b'")
def test_words_are_the_term_words_of_the_text(text: str) -> None:
    words = Words(text)
    expected = [(m.group(), m.start(), m.end()) for m in TERM_WORD_RE.finditer(text)]
    assert words.tokens() == expected
    assert words.ends == [end for _, _, end in expected]
    assert words.folded() == [w.casefold() for w, _, _ in expected]
    assert words.folded_line() == " " + " ".join(w.casefold() for w, _, _ in expected) + " "


def _marked_reference(text: str) -> list[str]:
    """Each gap between two words of a text: " " (white space), "-" (a lone hyphen) or "other"."""
    gaps = TERM_WORD_RE.split(text)[1:-1]
    return [" " if gap.isspace() else "-" if gap == "-" else "other" for gap in gaps]


@settings(max_examples=1000, deadline=None)
@given(text=st.lists(st.one_of(_WORD_PIECES, st.text(max_size=4)), max_size=14).map("".join))
@example(text="a '  b")
@example(text="a'-'b")
def test_marked_text_keeps_the_kind_of_each_gap(text: str) -> None:
    for case_sensitive in (True, False):
        marked = Words(text).marked(case_sensitive)
        pieces = re.split(r"([ \-\0]+)", marked)
        words = [w if case_sensitive else w.casefold() for w in TERM_WORD_RE.findall(text)]
        assert pieces[1::2] and pieces[0] == "" and pieces[-1] == ""
        assert pieces[2:-1:2] == words
        inner = pieces[3:-2:2]
        assert [g if g in (" ", "-") else "other" for g in inner] == _marked_reference(text)


# ---------------------------------------------------------------------------------------------
# The target side: word sets, clitics, renderings of several words


@settings(max_examples=1000, deadline=None)
@given(word=st.lists(st.sampled_from(["a", "k", "u", "ny", "nya", "lah", "ku", "mu", "pun", "tah", "kah", "x", "ß"]),
                     min_size=1, max_size=4).map("".join))
def test_clitic_stems_are_what_the_clitic_pattern_takes_off(word: str) -> None:
    glued = _CLITIC_END.search(word)
    expected = [word[:glued.start()]] if word.endswith(lang_id.CLITICS) and glued and glued.start() > 1 else []
    assert _clitic_stems(f" {word} ") == expected


_TARGET_PIECES = st.sampled_from([
    "Amerika", "amerika", "AMERIKA", "Serikat", "serikat", "Serikatnya", "serikatnya", "Serikat-nya", "serikatku",
    "Kim", "Jong", "un", "Jong-un", "Jong-unnya", "kota", "Kota", "New", "York", " ", "  ", "\n", "-", "--", ". ",
    ", ", "“", "'", "x", "memakai", "pakai", "dipakaikan", "Pakailah",
])
_RENDERINGS = [("amerika", "serikat"), ("Amerika", "Serikat"), ("jong", "un"), ("Jong", "un"), ("kota", "new", "york"),
               ("Kota", "New", "York"), ("amerika",), ("Amerika",), ("pakai",), ("Pakai",)]


@settings(max_examples=800, deadline=None)
@given(target=st.lists(_TARGET_PIECES, max_size=12).map("".join),
       rendering=st.sampled_from(_RENDERINGS), hyphen=st.booleans())
@example(target="Amerika Serikatnya", rendering=("Amerika", "Serikat"), hyphen=False)
@example(target=". Amerika serikat", rendering=("amerika", "serikat"), hyphen=False)
def test_presence_of_a_rendering_is_what_finding_it_says(target: str, rendering: tuple[str, ...],
                                                           hyphen: bool) -> None:
    hyphens = (True,) * (len(rendering) - 1) if hyphen and len(rendering) > 1 else ()
    case_sensitive = rendering != tuple(w.casefold() for w in rendering)
    words = _TargetWords(target)
    assert words.present(rendering, case_sensitive, hyphens) == bool(
        _TargetWords(target).find(rendering, case_sensitive, hyphens))


_QUIET_GLOSSARY = parse_glossary("""\
terms:
  - {id: us, source: United States, target: [Amerika Serikat, AS], forbidden: [Amerika Bersatu]}
  - {id: kim, source: Kim, target: Kim Jong-un}
  - {id: use, source: use, target: pakai, affixes: true}
  - {id: nyc, source: New York City, target: Kota New York, case_sensitive: true, forbidden: [New York Kota]}
  - {id: state, source: state, forbidden: [negara bagian]}
  - {id: town, source: town, target: [kota, Kota Kecil]}
""", Path("quiet.yaml"))
_QUIET_PIECES = st.sampled_from([
    "Amerika", "Serikat", "serikatnya", "Bersatu", "AS", "Kim", "Jong-un", "Jong", "un", "memakai", "dipakaikan",
    "pakai", "Kota", "kota", "New", "York", "negara", "bagian", "Kecil", " ", "  ", "-", ". ", ",", "\n",
])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.lists(_QUIET_PIECES, max_size=14).map("".join))
def test_terms_left_out_as_satisfied_give_no_flag_when_checked_in_full(target: str) -> None:
    source = "The United States said Kim would use New York City, a state and a town."
    quick = GlossaryMatcher(_QUIET_GLOSSARY)
    full = GlossaryMatcher(_QUIET_GLOSSARY)
    full._quiet = None
    assert quick.check(source, target) == full.check(source, target)


# ---------------------------------------------------------------------------------------------
# Rules: the text every match of a source condition holds


@pytest.mark.parametrize(("pattern", "literal"), [
    (r"\bmeans\b", "means"),
    (r"\bin office\b", "in office"),
    (r"\bstruggl\w* to\b", "struggl"),
    (r"\bmoved? to\b", "move"),
    (r"\b(?:take|took|taking) place\b", " place"),
    (r"\bPresident [A-Z]", "President "),
    (r"\bactivit(?:y|ies)\b", "activit"),
    (r"\b(?:have|has)\.\s*$", "."),
    (r"ab+c", "ab"),
    (r"ab{2}c", "a"),
    (r"a\.b", "a.b"),
    (r"(?i:abc)de", "de"),
    (r"(?s)xa.b", "xa"),
    (r"(?i)\bwhere\b", None),  # ignoring case: regex has equivalents casefold lacks (I, ı)
    (r"(?<=\bthe )\w+", None),
    (r"\d+", None),
    (r"a|bc", None),
    (r"(?x) a b", None),
    (r"a{e<=1}", None),
    (r"[[a]]b", None),
    (r"\x41bc", None),
    (r"\p{L}x", None),
    (r"(?V1)abc", None),
])
def test_required_literal(pattern: str, literal: str | None) -> None:
    assert required_literal(regex.compile(pattern)) == literal


_PATTERN_PIECES = st.sampled_from([
    "a", "b", "ab", " ", "\\b", "\\w", "\\d", "?", "*", "+", "{2}", "{0,1}", "(", ")", "(?:", "|", "[ab]", "[^a]",
    ".", "^", "$", "\\.", "(?=a)", "(?<!b)", "(?i)", "(?i:", "??", "+?",
])
_TEXT_PIECES = st.sampled_from(["a", "b", "A", "B", " ", ".", "ab", "ba", "\n", "1"])


@settings(max_examples=1500, deadline=None)
@given(pattern=st.lists(_PATTERN_PIECES, min_size=1, max_size=8).map("".join),
       texts=st.lists(st.lists(_TEXT_PIECES, max_size=8).map("".join), min_size=1, max_size=5))
def test_every_match_holds_the_required_literal(pattern: str, texts: list[str]) -> None:
    try:
        compiled = regex.compile(pattern)
    except (regex.error, ValueError, OverflowError):
        return
    literal = required_literal(compiled)
    if literal is None:
        return
    for text in texts:
        if compiled.search(text):
            assert literal in text, (pattern, text, literal)


_RULES = """\
rules:
  - {id: means, pattern: 'x', when_source: '\\bmeans\\b'}
  - {id: where, pattern: 'x', when_source: '\\bwhere\\b'}
  - {id: than, pattern: 'x', when_source: '\\bthan\\b'}
  - {id: move, pattern: 'x', when_source: '\\bmoved? to\\b'}
  - {id: place, pattern: 'x', when_source: '\\b(?:take|took) place\\b'}
"""


def test_conditions_whose_text_is_missing_need_no_search() -> None:
    conditions = GlossaryMatcher(parse_glossary(_RULES, Path("g.yaml")))._plan.conditions
    assert conditions is not None
    assert conditions.holding("Nothing of the kind.", 1.0) == ([], [])
    sure, unsure = conditions.holding("It means more than that.", 1.0)
    assert sure == [] and [r.id for r in unsure] == ["means", "than"]
    # Where the texts of many conditions are there, the joined search decides.
    sure, unsure = conditions.holding("means where than moved to take place", 1.0)
    assert [r.id for r in sure] + [r.id for r in unsure] == ["means", "where", "than", "move", "place"]
    assert conditions.holding("meaning whereas thane removed", 1.0)[0] == []


def test_a_condition_without_a_literal_keeps_the_joined_search() -> None:
    text = _RULES + "  - {id: digits, pattern: 'x', when_source: '\\d+'}\n"
    conditions = GlossaryMatcher(parse_glossary(text, Path("g.yaml")))._plan.conditions
    assert conditions is not None
    sure, unsure = conditions.holding("It costs 5 dollars.", 1.0)
    assert [r.id for r in sure] == ["digits"] and unsure == []


@settings(max_examples=600, deadline=None)
@given(target=st.lists(st.sampled_from(["memakai", "pakai", "dipakaikan", "pakainya", "makai", "x", "pakaipakai",
                                        "PAKAI", "tulis", "menulis", " ", "  ", "-", ".", "“"]), max_size=8).map("".join),
       stems=st.sampled_from([("pakai", "makai"), ("tulis", "nulis"), ("x",)]))
def test_affixed_renderings_are_found_as_in_every_word(target: str, stems: tuple[str, ...]) -> None:
    words = _TargetWords(target)
    assert words.affixed_present(stems) == any(lang_id.is_affixed_form(w, stems) for w in words.folded())
