"""The words of a segment's target as the glossary reads them: indexed on first use, for finding
the renderings of the terms found in the source (`TargetWords`), with C-level searches of lines of
its words rather than sets built for a few lookups."""

from __future__ import annotations

import re
from collections.abc import Iterable

from reviewer.core.text import TERM_WORD_RE, is_sentence_start
from reviewer.glossary.scan import _TO_WORDS, Words, _ascii_apostrophes, _ascii_marked, ascii_form
from reviewer.lang import id as lang_id

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
        for word in words[1:-1]:
            # So do the words between the first and the last (only the last may carry a
            # clitic): a first word is often a common one, and a word after it rarely.
            if not self.has_key(word.casefold() if case_sensitive else word):
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
