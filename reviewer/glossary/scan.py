"""The words of a segment as the glossary reads them. The source: its terms found with one
automaton scan, whatever the number of terms (the text cut into words with C-level calls,
`Words`; an Aho-Corasick automaton of the terms' case-folded words, `SourceIndex`, run over the
words joined by single spaces). The target: its words, indexed on first use, for finding the
renderings of the terms found (`TargetWords`)."""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections.abc import Iterable
from itertools import accumulate, chain, compress
from operator import add, itemgetter

import ahocorasick_rs

from reviewer.core.text import TERM_WORD_RE, is_sentence_start
from reviewer.glossary.model import Term, nfc
from reviewer.lang import id as lang_id

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


# ---------------------------------------------------------------------------------------------
# The target's words


_CLITIC_END = re.compile("(?:" + "|".join(lang_id.CLITICS) + ")$", re.IGNORECASE)
_CLITIC_TAILS = tuple(clitic + " " for clitic in lang_id.CLITICS)


def _clitic_stems(line: str) -> list[str]:
    """What is left of the case-folded words of `line` (each with a space before and after it)
    that end in a clitic once it is taken off, where that is more than one character (what
    `_CLITIC_END` finds in such a word: no clitic ends another). One C-level search per clitic
    over the words joined, not a test per word."""
    stems = []
    for tail in _CLITIC_TAILS:
        at = line.find(tail)
        while at != -1:
            start = line.rfind(" ", 0, at) + 1
            if at - start > 1:
                stems.append(line[start:at])
            at = line.find(tail, at + 1)
    return stems


class TargetWords:
    """The words of one target, indexed on first use, for matching plain-word renderings the
    way their patterns would: whole words, a clitic (-nya, -lah, ...) allowed after the last
    word with or without a hyphen, and a capital at the start of a sentence for case-sensitive
    terms. The words are cut with C-level calls (`Words`); most segments need only the
    sets of their words, never a token list."""

    __slots__ = ("text", "_words", "_toks", "_indexes", "_folded_text", "_folded", "_marked", "_written_line",
                 "_folded_line", "_keys_line", "_form")

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: Words | None = None
        self._toks: list[tuple[str, int, int]] | None = None
        self._indexes: dict[bool, dict[str, list[tuple[int, bool]]]] = {}
        self._folded_text: str | None = None
        self._folded: list[str] | None = None
        self._marked: dict[bool, str] = {}
        self._written_line: str | None = None
        self._folded_line: str | None = None
        self._keys_line: str | None = None
        self._form = ascii_form(text)

    @property
    def words(self) -> Words:
        """The text cut into words and gaps."""
        if self._words is None:
            self._words = Words(self.text, self._form)
        return self._words

    def written_line(self) -> str:
        """The words as written, each with a space before and after it (maybe several between
        two words): W (a word: not empty, no space in it) is one of them exactly where " W " is
        in it. A C-level search per word looked up costs less than a set of all the words (a
        target is looked up for about fifteen)."""
        if self._written_line is None:
            if self._words is None and self._form is not None:
                # (the cut of `Words` without its split: words between runs of spaces)
                spaced = self._form.translate(_TO_WORDS)
                if b"'" in spaced:
                    spaced = _ascii_apostrophes(spaced, (b" ",), b" ")
                self._written_line = " " + spaced.decode("ascii") + " "
            else:
                words = self._words.words if self._words is not None else TERM_WORD_RE.findall(self.text)
                self._written_line = " " + " ".join(words) + " "
        return self._written_line

    def folded_line(self) -> str:
        """`written_line` case-folded."""
        if self._folded_line is None:  # (case folding never yields a space)
            self._folded_line = self.written_line().casefold()
        return self._folded_line

    def keys_line(self) -> str:
        """The keys of the case-folded index (`_index`) as a line: the case-folded words, then
        the clitic stems (`_clitic_stems`), each with a space before and after it. A word W (not
        empty, no space in it) is a key exactly where " W " stands in it."""
        if self._keys_line is None:
            line = self.folded_line()
            stems = _clitic_stems(line)
            self._keys_line = line + " ".join(stems) + " " if stems else line
        return self._keys_line

    def has_key(self, word: str) -> bool:
        """Whether `word` (case-folded, no space in it) is a key of the case-folded index."""
        return bool(word) and " " + word + " " in self.keys_line()

    def folded_text(self) -> str:
        """The words case-folded, joined by single spaces."""
        if self._folded_text is None:
            self._folded_text = self.words.folded_text()
        return self._folded_text

    def folded(self) -> list[str]:
        """The words case-folded, in order."""
        if self._folded is None:
            self._folded = self.folded_text().split(" ") if self.words.words else []
        return self._folded

    def affixed_present(self, stems: tuple[str, ...]) -> bool:
        """Whether a word is an affixed form of one of `stems` (`lang.id.is_affixed_form`). Such
        a word holds a stem: only the words where a C-level search finds one need a look."""
        if any(not stem or " " in stem for stem in stems):
            return any(lang_id.is_affixed_form(w, stems) for w in self.folded())
        line = self.folded_line()  # (words between runs of spaces: the same words around a stem)
        for stem in stems:
            at = line.find(stem)
            while at != -1:
                start, end = line.rfind(" ", 0, at) + 1, line.find(" ", at + len(stem))
                if lang_id.is_affixed_form(line[start:end], stems):
                    return True
                at = line.find(stem, end)
        return False

    @property
    def toks(self) -> list[tuple[str, int, int]]:
        """The words with their offsets (made on first use: most segments need none)."""
        if self._toks is None:
            self._toks = self.words.tokens()
        return self._toks

    def marked(self, case_sensitive: bool) -> str:
        """The words with a mark for each gap (`scan.Words.marked`): a rendering of several
        words is present where its words stand in it joined by the marks its gaps need
        (`_present_in_marked`), found with one C-level search."""
        marked = self._marked.get(case_sensitive)
        if marked is None:
            if self._words is None and self._form is not None:
                marked = _ascii_marked(self._form, case_sensitive)  # (no need to cut the words)
            else:
                marked = self.words.marked(case_sensitive)
            self._marked[case_sensitive] = marked
        return marked

    def _index(self, case_sensitive: bool) -> dict[str, list[tuple[int, bool]]]:
        cached = self._indexes.get(case_sensitive)
        if cached is not None:
            return cached
        index: dict[str, list[tuple[int, bool]]] = {}
        for k, (tok, start, _) in enumerate(self.toks):
            keys = [tok if case_sensitive else tok.casefold()]
            if case_sensitive and tok[:1].isupper() and is_sentence_start(self.text, start):
                keys.append(tok[0].lower() + tok[1:])
            for key in keys:
                index.setdefault(key, []).append((k, False))
                if key.lower().endswith(lang_id.CLITICS):  # cheap test before the regex
                    glued = _CLITIC_END.search(key)
                    if glued and glued.start() > 1:
                        index.setdefault(key[: glued.start()], []).append((k, True))
        self._indexes[case_sensitive] = index
        return index

    def present(self, words: tuple[str, ...], case_sensitive: bool, hyphens: tuple[bool, ...] = ()) -> bool:
        """Whether `find` would find anything (one word: a dictionary lookup; several words
        ignoring case: a search of `marked`)."""
        if len(words) == 1:
            if not case_sensitive:
                return self.has_key(words[0])
            if words[0] and " " + words[0] + " " in self.written_line():
                return True  # (each word as written is a key of the case-sensitive index)
            return self.has_key(words[0].casefold()) and words[0] in self._index(True)
        if not self.has_key(words[0].casefold() if case_sensitive else words[0]):
            # The first word stands whole in the text wherever the words are found (in `marked`
            # and by `find`), so it is a folded key: most renderings looked for are not there.
            return False
        needle = _needle(words, hyphens)
        if needle is not None:
            if _present_in_marked(self.marked(case_sensitive), needle):
                return True
            # Case-sensitive, the first word may also be a capitalised word at the start of a
            # sentence (`_index`); that form never starts with a capital of its own.
            if not case_sensitive or words[0][:1].isupper():
                return False
        return bool(self.find(words, case_sensitive, hyphens))

    def _key(self, k: int, case_sensitive: bool) -> str:
        return self.toks[k][0] if case_sensitive else self.folded()[k]

    def _same(self, k: int, word: str, case_sensitive: bool, last: bool) -> bool:
        key = self._key(k, case_sensitive)
        if key == word:
            return True
        return last and any(key.casefold().endswith(c) and key[: -len(c)] == word for c in lang_id.CLITICS)

    def find(self, words: tuple[str, ...], case_sensitive: bool,
             hyphens: tuple[bool, ...] = ()) -> list[tuple[int, int]]:
        """Spans where the words stand in a row, separated by white space (or by a hyphen where
        `hyphens` says so)."""
        if not self.has_key(words[0].casefold() if case_sensitive else words[0]):
            # Every key of either index, case-folded, is one of the folded keys (case folding
            # maps each character alone, the same after lower()); most renderings looked for
            # are not in the target at all, and need no index of its words.
            return []
        toks, text = self.toks, self.text
        n = len(words)
        spans = []
        if n > 1 and not case_sensitive:
            # Only the last word may carry a clitic: the first is found among the words as they are.
            first = words[0]
            starts: Iterable[tuple[int, bool]] = [(k, False) for k, w in enumerate(self.folded()) if w == first]
        else:
            starts = self._index(case_sensitive).get(words[0], ())
        for k, glued in starts:
            if glued and n > 1:
                continue  # a clitic may only follow the last word
            ok = k + n <= len(toks)
            for off in range(1, n):
                if not ok:
                    break
                j = k + off
                gap = text[toks[j - 1][2]:toks[j][1]]
                ok = (gap == "-" if hyphens and hyphens[off - 1] else gap.isspace()) and self._same(
                    j, words[off], case_sensitive, off == n - 1)
            if not ok:
                continue
            start, end = toks[k][1], toks[k + n - 1][2]
            if n > 1:
                glued = self._key(k + n - 1, case_sensitive) != words[-1]  # the last word carries a clitic
            nxt = k + n
            if (not glued and nxt < len(toks) and text[end:toks[nxt][1]] == "-"
                    and toks[nxt][0].casefold() in lang_id.CLITICS):
                # H800-nya: the clitic belongs to the match (one clitic, as in the pattern: the
                # match of "pakai" in "pakainya-nya" is "pakainya")
                end = toks[nxt][2]
            spans.append((start, end))
        return sorted(set(spans))


_MARKS = " -\0"
_NEEDLES: dict[tuple[tuple[str, ...], tuple[bool, ...]], str | None] = {}


def _needle(words: tuple[str, ...], hyphens: tuple[bool, ...]) -> str | None:
    """A rendering's case-folded words joined by the marks of `TargetWords.marked` (None when a
    word is empty or holds a mark, and cannot be searched for that way)."""
    key = (words, hyphens)
    if key not in _NEEDLES:
        ok = all(w and not any(m in w for m in _MARKS) for w in words)
        _NEEDLES[key] = words[0] + "".join(("-" if hyphens and hyphens[i] else " ") + w
                                           for i, w in enumerate(words[1:])) if ok else None
    return _NEEDLES[key]


def _present_in_marked(marked: str, needle: str) -> bool:
    """Whether the words of `needle` stand in `marked` (`TargetWords.marked`) as whole words,
    the last one maybe with a clitic glued on: what `TargetWords.find` accepts, where the last
    word is "the word and as many characters as a clitic has, ending in the clitic once
    case-folded"."""
    at = marked.find(needle, 1)
    while at != -1:
        if marked[at - 1] in _MARKS:
            end = at + len(needle)
            if marked[end] in _MARKS:
                return True
            for clitic in lang_id.CLITICS:
                after = end + len(clitic)
                glued = marked[end:after]
                if (after < len(marked) and marked[after] in _MARKS and glued.casefold().endswith(clitic)
                        and not any(mark in glued for mark in _MARKS)):
                    return True
        at = marked.find(needle, at + 1)
    return False
