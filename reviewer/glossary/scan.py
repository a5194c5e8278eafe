"""The words of a segment as the glossary reads them. The source: its terms found with one
automaton scan, whatever the number of terms (the text cut into words with C-level calls,
`Words`; an Aho-Corasick automaton of the terms' case-folded words, `SourceIndex`, run over the
words joined by single spaces). The target's words are in `target`."""

from __future__ import annotations

import heapq
import re
import unicodedata
from itertools import accumulate, chain, compress
from operator import add, itemgetter

import ahocorasick_rs

from reviewer.core.text import TERM_WORD_RE
from reviewer.glossary.model import Term, nfc

#: `TERM_WORD_RE` in a group: `split` then gives the gaps and the words in turn, in one C-level
#: call (the words are exactly `finditer`'s matches: the pattern never matches empty text).
_SPLIT = re.compile("(" + TERM_WORD_RE.pattern + ")")

#: The English plural and possessive endings a term's last word may carry, in the order in which
#: terms found through them are tried ("chips" finds "chip", "company's" finds "company").
PLURAL_ENDINGS = ("'s", "’s", "es", "s")

#: Unicode categories of characters that have no other case, not even for `regex.IGNORECASE`
#: (checked over every code point): a term that starts with one (a symbol or punctuation) can
#: only match where that very character occurs.
_CASELESS_CATEGORIES = frozenset(("Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sc", "Sm", "Sk"))


def _ascii_table(word: bytes, space: bytes, hyphen: bytes, other: bytes) -> bytes:
    """A `bytes.translate` table for ASCII text: the characters of `TERM_WORD_RE` words (and
    the apostrophe) to `word` (empty: unchanged), white space to `space`, "-" to `hyphen`, the
    rest to `other`."""
    table = bytearray(other * 256)
    for code in range(128):
        char = chr(code)
        if char.isalnum() or char in "_'":
            table[code] = word[0] if word else code
        elif char.isspace():
            table[code] = space[0]
        elif char == "-":
            table[code] = hyphen[0]
    return bytes(table)


#: ASCII text to its words with a space for every other character.
_TO_WORDS = _ascii_table(b"", b" ", b" ", b" ")
#: ASCII text to its words with the marks of `Words.marked` for the other characters.
_TO_MARKS = _ascii_table(b"", b" ", b"-", b"\0")


def _ascii_apostrophes(text: bytes, marks: tuple[bytes, ...], other: bytes) -> bytes:
    """Turn every apostrophe that is not between two word characters (so not part of a word)
    into `other`. `marks`: the characters that stand for what is not a word, `other` among them.
    After the first replacement no two apostrophes are side by side, so each of the rest that is
    not in a word has a mark beside it (the ends count as `other`), and the replacements of one
    apostrophe never give another one a new neighbour."""
    text = (other + text + other).replace(b"''", other + other)
    for mark in marks:
        text = text.replace(mark + b"'", mark + other).replace(b"'" + mark, other + mark)
    return text[1:-1]


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: What a character outside ASCII stands for in `ascii_form` (None: it may be in a word).
_GAP_FORMS: dict[str, str | None] = {}


def _is_word_char(char: str) -> bool:
    """`\\w` (the same as `str.isalnum` or "_" on every code point: checked)."""
    return char.isalnum() or char == "_"


def ascii_form(text: str) -> bytes | None:
    """The text as ASCII bytes, one for each character, with the same `TERM_WORD_RE` words in
    the same places, for the cheap cut of `Words`: ASCII text as it is; other text where every
    character outside ASCII is in a gap (curly quotes, dashes, currency signs: most such text),
    with a space for white space and NUL for the rest. None where one may be in a word (a
    letter, or ’ between two word characters)."""
    if text.isascii():
        return text.encode("ascii")
    for char in set(_NON_ASCII.findall(text)):
        if char not in _GAP_FORMS:
            _GAP_FORMS[char] = None if _is_word_char(char) or char == "’" else " " if char.isspace() else "\0"
        form = _GAP_FORMS[char]
        if form is None:
            if char != "’":
                return None
            at = text.find(char)
            while at != -1:
                if 0 < at < len(text) - 1 and _is_word_char(text[at - 1]) and _is_word_char(text[at + 1]):
                    return None
                at = text.find(char, at + 1)
            form = "\0"  # (no ’ here stands between two word characters)
        text = text.replace(char, form)  # (a gap character for another: words stay as they are)
    return text.encode("ascii")


class Words:
    """A text's `TERM_WORD_RE` words, their offsets and the gaps between them, found with C-level
    calls (no Python code per word). Text whose `ascii_form` is known (most text) is cut with
    `bytes.translate` and `split`, several times cheaper than a regex; other text with one
    regex `split`, which gives gap, word, gap, ..., word, gap (`_parts`). Both give the same
    words and offsets."""

    __slots__ = ("text", "words", "_ascii", "_form", "_parts", "_starts", "_ends")

    def __init__(self, text: str, form: bytes | None = None) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._ends: list[int] | None = None
        self._parts: list[str] | None = None
        self._form = form if form is not None else ascii_form(text)  # (None: cut with the regex)
        if self._form is not None:
            spaced = self._form.translate(_TO_WORDS)
            if b"'" in spaced:
                spaced = _ascii_apostrophes(spaced, (b" ",), b" ")
            self._ascii: bytes | None = spaced
            self.words: list[str] = spaced.decode("ascii").split()
            """The words as written, in order."""
        else:
            self._ascii = None
            self._parts = _SPLIT.split(text)
            self.words = self._parts[1::2]

    def _offsets(self) -> None:
        if self._ascii is not None:
            # The text with a space for everything but words, split at each space: a word's
            # offset is the length of all the pieces before it plus one for each space.
            pieces = self._ascii.split(b" ")
            self._starts = list(compress(map(add, accumulate(map(len, pieces), initial=0), range(len(pieces))), pieces))
        else:
            assert self._parts is not None
            bounds = list(accumulate(map(len, self._parts)))
            self._starts, self._ends = bounds[0:-1:2], bounds[1::2]

    @property
    def starts(self) -> list[int]:
        """Where each word starts."""
        if self._starts is None:
            self._offsets()
        assert self._starts is not None
        return self._starts

    def start(self, k: int) -> int:
        """Where word k starts. Without `starts`, in text cut with `bytes.translate`: a term's
        confirmation (`match._confirm`) needs the starts of a word or two, not of all of them.
        (`split` with at most k cuts leaves word k and the rest as the last piece; the text
        cut holds nothing but words and spaces.)"""
        if self._starts is None and self._ascii is not None:
            spaced = self._ascii
            return len(spaced) - len(spaced.split(None, k)[-1])
        return self.starts[k]

    @property
    def ends(self) -> list[int]:
        """Where each word ends."""
        if self._ends is None:
            self._ends = list(map(add, self.starts, map(len, self.words)))
        return self._ends

    def tokens(self) -> list[tuple[str, int, int]]:
        """The words with their offsets, as `TERM_WORD_RE.finditer` gives them."""
        return list(zip(self.words, self.starts, self.ends))

    def folded_text(self) -> str:
        """The case-folded words joined by single spaces. (Case folding maps each character on
        its own, and never yields a space: the words can be folded in one call.)"""
        return " ".join(self.words).casefold()

    def folded(self) -> list[str]:
        """The words case-folded, in order."""
        return self.folded_text().split(" ") if self.words else []

    def folded_line(self) -> str:
        """The case-folded words, each with a space before and after it."""
        return " " + " ".join(self.words).casefold() + " "

    def marked(self, case_sensitive: bool) -> str:
        """The words (case-folded unless `case_sensitive`) with a mark for each gap: a space for
        white space, a hyphen for a lone hyphen, NUL for anything else (and for an empty gap at
        either end). In ASCII text a gap may have several marks (a space and a NUL for " ("), but
        never just a space or a hyphen unless it is white space or a lone hyphen: words joined by
        one mark stand in it exactly where the text joins them that way."""
        if self._form is not None:
            return _ascii_marked(self._form, case_sensitive)
        assert self._parts is not None
        parts = list(self._parts)
        parts[0::2] = [" " if gap.isspace() else "-" if gap == "-" else "\0" for gap in parts[0::2]]
        line = "".join(parts)
        return line if case_sensitive else line.casefold()


def _ascii_marked(form: bytes, case_sensitive: bool) -> str:
    """`Words.marked` of a text with an `ascii_form` (cut from that alone, without `Words`)."""
    marked = form.translate(_TO_MARKS)
    if b"'" in marked:
        marked = _ascii_apostrophes(marked, (b"\0", b" ", b"-"), b"\0")
    line = " " + " ".join(marked.decode("ascii").split()) + " "
    return line if case_sensitive else line.casefold()


class Entry:
    """A term the automaton finds, with what its confirmation needs."""

    __slots__ = ("term", "written")

    def __init__(self, term: Term, written: tuple[str, ...] | None) -> None:
        self.term = term
        self.written = written
        """The term's words as written (NFC) when its source is nothing but words separated by
        white space; None when it holds more (U.S., Jong-un), and its own pattern decides."""


class SourceIndex:
    """The terms of a glossary, found in a text with one scan of an Aho-Corasick automaton.

    The automaton's keys are a term's case-folded words joined by single spaces, with a space
    before and after ("␣ai␣chips␣"), and the same with each English plural ending on the last
    word; the text scanned is the source's case-folded words joined the same way (`Words`).
    So a key matches exactly where the term's words stand in a row as whole words, whatever lies
    between them (that is for the confirmation to judge), and overlapping matches find "AI" and
    "AI chips" in one scan. Terms that do not start with a word (a symbol: $, #) are found by
    their own pattern, only where their first character occurs (`unindexed`)."""

    def __init__(self, terms: list[Term]) -> None:
        size = max(1, len(terms))
        keyed: dict[str, list[int]] = {}
        self.entries: list[Entry | None] = []
        """One per term, in glossary order (None for the unindexed)."""
        self.unindexed: list[Term] = []
        unindexed: list[tuple[int, Term, str | None]] = []
        longest = 1
        for index, term in enumerate(terms):
            source = nfc(term.source)
            words = TERM_WORD_RE.findall(source)
            if not words or not source.startswith(words[0]):
                self.entries.append(None)
                self.unindexed.append(term)
                unindexed.append((index, term, _first_char_gate(source)))
                continue
            plain = tuple(words) if " ".join(words) == " ".join(source.split()) else None
            self.entries.append(Entry(term, plain))
            longest = max(longest, len(words))
            stem = " " + " ".join(words).casefold()
            # Where several terms start at one word, the trie walk this replaces tried them by
            # length, the plural forms of a length before its exact forms (plural endings in
            # their order), and in glossary order: the order fixes which flag wins on a span.
            # A code says all that in one number: ((words - 1) * 5 + form) * terms + index.
            base = (len(words) - 1) * 5 * size + index
            keyed.setdefault(stem + " ", []).append(base + 4 * size)
            for rank, ending in enumerate(PLURAL_ENDINGS):
                keyed.setdefault(stem + ending + " ", []).append(base + rank * size)
        self.size = size
        """`entries[code % size]` is the term a code stands for."""
        self._codes: list[list[int]] = list(keyed.values())
        # Which terms each key stands for, for `terms_in` (almost every key stands for one term:
        # a list of numbers, with the few keys of several terms beside it), and the keys of each
        # term, for `places` (what a set of terms was found through).
        self._key_term: list[int] = [codes[0] % size for codes in self._codes]
        self._shared_keys: dict[int, frozenset[int]] = {
            key: frozenset(code % size for code in codes) for key, codes in enumerate(self._codes) if len(codes) > 1}
        self._term_keys: dict[int, list[int]] = {}
        for key, codes in enumerate(self._codes):
            for code in codes:
                self._term_keys.setdefault(code % size, []).append(key)
        self._automaton = ahocorasick_rs.AhoCorasick(list(keyed)) if keyed else None
        self.shift = (longest * 5 * size).bit_length()
        """`candidates` numbers a place as `start << shift | code`."""
        self._gated: dict[str, list[tuple[int, Term]]] = {}
        self._always: list[tuple[int, Term]] = []
        for index, term, gate in unindexed:
            (self._gated.setdefault(gate, []) if gate is not None else self._always).append((index, term))

    def candidates(self, line: str) -> list[int]:
        """Every way a term stands in `line` (`Words.folded_line`), in the order the terms are to
        be tried: by the word they start at, then as `__init__` ranks them. Each is a number,
        `start << shift | code`: `start` is where its first word's leading space is in `line`,
        `entries[code % size]` says which term it is (one sort of plain numbers puts them in
        order)."""
        return self.places(self.matches(line))

    def matches(self, line: str) -> list[tuple[int, int, int]]:
        """The automaton's matches in `line` (`Words.folded_line`): (key, start, end) each."""
        if self._automaton is None:
            return []
        return self._automaton.find_matches_as_indexes(line, overlapping=True)

    def terms_in(self, matches: list[tuple[int, int, int]]) -> set[int]:
        """The terms (their places in the glossary) that `matches` stand for, found with C-level
        calls (no Python code per match)."""
        keys = set(map(itemgetter(0), matches))
        terms = set(map(self._key_term.__getitem__, keys))
        if self._shared_keys:
            terms.update(*map(self._shared_keys.__getitem__, keys & self._shared_keys.keys()))
        return terms

    def places(self, matches: list[tuple[int, int, int]], terms: set[int] | None = None) -> list[int]:
        """`candidates` of `matches`; with `terms`, only the places of those terms (the matches
        of their keys are picked out with C-level calls: a few among many, most often)."""
        shift, codes = self.shift, self._codes
        if terms is None:
            found = [start << shift | code for key, start, _ in matches for code in codes[key]]
        else:
            keys = set(chain.from_iterable(map(self._term_keys.__getitem__, terms)))
            size = self.size
            picked = compress(matches, map(keys.__contains__, map(itemgetter(0), matches)))
            found = [start << shift | code for key, start, _ in picked for code in codes[key] if code % size in terms]
        found.sort()
        return found

    def unindexed_in(self, text: str) -> list[Term]:
        """The unindexed terms that may occur in `text` (those whose first character does), in
        glossary order."""
        if not self._gated:
            return [term for _, term in self._always]
        lists = [found for gate, found in self._gated.items() if gate in text]
        if self._always:
            lists.append(self._always)
        if len(lists) == 1:
            return [term for _, term in lists[0]]
        return [term for _, term in heapq.merge(*lists, key=lambda item: item[0])]


def _first_char_gate(source: str) -> str | None:
    """The character every match of a term's pattern (`model.source_term_pattern`) starts with,
    when it has no other case (so `in` finds where the term may be); None otherwise."""
    parts = source.split()
    if not parts:
        return None
    first = parts[0][0]
    if unicodedata.category(first) not in _CASELESS_CATEGORIES:
        return None
    if first.lower() != first or first.upper() != first or first.casefold() != first:
        return None
    return first


#: Names that moved to `target` (the target's words), still found here for older imports. (A
#: module `__getattr__`: `target` imports this module, so it cannot be imported at the top.)
_MOVED = frozenset(("TargetWords", "_clitic_stems", "_CLITIC_END", "_needle", "_present_in_marked"))


def __getattr__(name: str) -> object:
    if name in _MOVED:
        from reviewer.glossary import target
        return getattr(target, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
