"""Sentence splitter for English and Indonesian paragraphs, keeping exact offsets for write-back."""

from __future__ import annotations

from dataclasses import dataclass

import regex

# Abbreviations (without their final period) after which a period does not end a sentence.
# English and Indonesian titles, Latin forms, months, and common organisational short forms.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof st jr sr rev gen sen rep gov lt col capt sgt maj cmdr adm hon pres supt
    inc ltd co corp bros vs etc al approx dept est fig no nos vol ed eds pp op cf viz
    jan feb mar apr jun jul aug sep sept oct nov dec
    tn ny nn sdr sdri bpk yth dll dsb dst dkk hlm jl kab kec prov kel ir drs dra hj kh
    """.split()
)
# Abbreviations that are also ordinary words ("no"): abbreviations only before a number.
_NUMBER_ABBREVIATIONS = frozenset({"no", "nos"})
# Abbreviations that frequently end a sentence too; after them we split only before a capital
# that starts a common sentence opener is not knowable, so we keep them unsplit only mid-name.
_CLOSERS = "”’\"')]»"
_OPENERS = "“‘\"'([«"

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then whitespace.
_BOUNDARY = regex.compile(r"(?:[.!?…]+|\.{3})[" + regex.escape(_CLOSERS) + r"]*(?=\s)")
_WORD_BEFORE = regex.compile(r"([\p{L}\p{N}.]+)$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a paragraph and its code-point span in that paragraph."""

    text: str
    start: int
    end: int


def _is_abbreviation(paragraph: str, dot: int) -> bool:
    """True when the period at `dot` closes an abbreviation or an initial."""
    m = _WORD_BEFORE.search(paragraph, 0, dot)
    if not m:
        return False
    word = m.group(1)
    if "." in word.strip("."):
        # Dotted forms: A.I., U.S., e.g., S.H. -- treat as abbreviations.
        return all(len(part) <= 2 for part in word.strip(".").split(".") if part)
    if word.lower() in _NUMBER_ABBREVIATIONS:
        # "No. 5" but "He said no. Then ...": only a number after it makes it an abbreviation.
        return bool(regex.match(r"\s*\p{N}", paragraph[dot + 1 :]))
    if word.lower() in ABBREVIATIONS:
        return True
    # A single capital letter is an initial (J. Smith); a single digit is a list number.
    return len(word) == 1 and word.isupper()


def _next_starts_sentence(paragraph: str, pos: int) -> bool:
    """True when the text from `pos` (after whitespace) looks like the start of a sentence."""
    i = pos
    n = len(paragraph)
    while i < n and paragraph[i].isspace():
        i += 1
    while i < n and (paragraph[i] in _OPENERS or paragraph[i] in "–—-"):
        i += 1
        while i < n and paragraph[i].isspace():
            i += 1
    if i >= n:
        return False
    ch = paragraph[i]
    return ch.isupper() or ch.isdigit() or not ch.isalpha() and ch not in ",;:)]”’"


def split_sentences(paragraph: str) -> list[Sentence]:
    """Split one paragraph into sentences.

    Splits after . ! ? … (and any closing quotes) when the next word starts a sentence. Copes
    with abbreviations (Mr., A.I.), initials, numbers like 10.000 and 3,5, and a lone quote that
    closes the paragraph. Whitespace between sentences belongs to no sentence.
    """
    cuts: list[int] = []
    for m in _BOUNDARY.finditer(paragraph):
        punct_end = m.end()
        dot = m.start()
        if paragraph[dot] == "." and m.group().rstrip(_CLOSERS) == "." and _is_abbreviation(paragraph, dot):
            continue
        if not _next_starts_sentence(paragraph, punct_end):
            continue
        cuts.append(punct_end)
    sentences: list[Sentence] = []
    start = 0
    for cut in [*cuts, len(paragraph)]:
        # Skip whitespace to the next sentence start.
        while start < cut and paragraph[start].isspace():
            start += 1
        end = cut
        while end > start and paragraph[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        piece = paragraph[start:end]
        if sentences and not regex.search(r"[\p{L}\p{N}]", piece):
            # A lone quote or bracket: it belongs to the sentence before it.
            prev = sentences[-1]
            sentences[-1] = Sentence(paragraph[prev.start : end], prev.start, end)
        else:
            sentences.append(Sentence(piece, start, end))
        start = cut
    return sentences
