"""The words of a segment as the English to Indonesian checks see them, found with C-level calls
(`split`, `findall`, substring searches) rather than as `Token` objects: the source's words, the
target's case-folded words, where the target's words start, and a sufficient test of whether a
word stands in the target that needs no words at all; and what the checks build their triggers
with. Analyses are made once per segment and kept in `ctx.shared`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import accumulate, filterfalse
from typing import Any

from reviewer.checks.base import SegmentContext
from reviewer.core.text import WORD_RE, Token

new_tuple = tuple.__new__  # (skips the named tuple's Python-level constructor, as `tokenize` does)

#: `WORD_RE` in a group: `split` gives gap, word, gap, ..., word, gap in one C-level call (the
#: words are exactly `tokenize`'s, since the pattern never matches empty text).
_SPLIT_WORDS = re.compile("(" + WORD_RE.pattern + ")")


class SourceWords:
    """The source's words (`tokenize`'s tokens as strings) and the gaps between them, with
    offsets computed on first use."""

    __slots__ = ("parts", "words", "_bounds", "_folded")

    def __init__(self, text: str) -> None:
        self.parts: list[str] = _SPLIT_WORDS.split(text)
        """Gap, word, gap, ..., word, gap: word k is `parts[2k + 1]`, the gap before it `parts[2k]`."""
        self.words: list[str] = self.parts[1::2]
        """The words, in order."""
        self._bounds: list[int] | None = None
        self._folded: frozenset[str] | None = None

    def token(self, k: int) -> Token:
        """Word k with its offsets."""
        bounds = self._bounds
        if bounds is None:
            bounds = self._bounds = list(accumulate(map(len, self.parts)))
        return new_tuple(Token, (self.words[k], bounds[2 * k], bounds[2 * k + 1]))

    def tokens(self) -> list[Token]:
        """All words with their offsets (what `SegmentContext.source_tokens` holds)."""
        return [self.token(k) for k in range(len(self.words))]

    @property
    def folded(self) -> frozenset[str]:
        """The words case-folded (`SegmentContext.source_words_folded`). Case folding maps each
        character on its own and never makes a space, so the words fold in one call."""
        if self._folded is None:
            self._folded = frozenset(" ".join(self.words).casefold().split(" ")) if self.words else frozenset()
        return self._folded


def source_words(ctx: SegmentContext) -> SourceWords:
    """The source's words, made once per segment for all the en_id checks."""
    found: SourceWords | None = ctx.shared.get("en_id.source-words")
    if found is None:
        found = ctx.shared["en_id.source-words"] = SourceWords(ctx.source)
    return found


def source_words_unordered(ctx: SegmentContext) -> list[str]:
    """The words of `source_words` in some order: `WORD_RE` words never hold white space, so
    each stretch between white space that is all word characters is one word, and the other
    stretches, joined by spaces, have the same words as the text there (one search over less text)."""
    found: SourceWords | None = ctx.shared.get("en_id.source-words")
    if found is not None:
        return found.words
    stretches = ctx.source.split()
    words = list(filter(str.isalnum, stretches))  # (`re`'s \w is `str.isalnum` or "_")
    rest = list(filterfalse(str.isalnum, stretches))
    if rest:
        words += WORD_RE.findall(" ".join(rest))
    return words


def target_words_folded(ctx: SegmentContext) -> frozenset[str]:
    """`SegmentContext.target_words_folded` (the case-folded target words, also split at
    hyphens), made from `ctx.target_texts` without building tokens."""
    found: frozenset[str] | None = ctx.shared.get("en_id.target-folded")
    if found is None:
        texts = ctx.target_texts
        if not texts:
            found = frozenset()
        else:
            line = " ".join(texts).casefold()
            words = set(line.split(" "))
            if "-" in line:  # every word's parts at its hyphens (H800-nya: h800, nya)
                words.update(line.replace("-", " ").split(" "))
            found = frozenset(words)
        ctx.shared["en_id.target-folded"] = found
    return found


def target_starts(ctx: SegmentContext) -> list[int]:
    """Where each of `ctx.target_texts` starts. Only non-word characters stand between two
    words and a word starts with a word character, so the next occurrence of a word after the
    end of the one before is where it stands."""
    found: list[int] | None = ctx.shared.get("en_id.target-starts")
    if found is None:
        found, pos, target = [], 0, ctx.target
        for text in ctx.target_texts:
            start = target.find(text, pos)
            found.append(start)
            pos = start + len(text)
        ctx.shared["en_id.target-starts"] = found
    return found


# ---------------------------------------------------------------------------------------------
# Whether a word stands in the target

def word_character(c: str) -> bool:
    r"""`re`'s \w (what `WORD_RE` words are made of)."""
    return c.isalnum() or c == "_"


def casefolded_target(ctx: SegmentContext) -> str:
    """The case-folded target where folding keeps the offsets of the text (it maps each character
    on its own, to one character unless it is ß or the like), else ""."""
    folded: str | None = ctx.shared.get("en_id.target-casefold")
    if folded is None:
        folded = ctx.target.casefold()
        folded = ctx.shared["en_id.target-casefold"] = folded if len(folded) == len(ctx.target) else ""
    return folded


def surely_a_target_word(key: str, ctx: SegmentContext, folded: str | None = None) -> bool:
    """Whether `key` is one of the target's case-folded words (or parts of words at hyphens),
    told from an occurrence in the case-folded target (`folded`, `casefolded_target`) that
    stands between characters which end a word: a sufficient test (False: not known) that needs
    no split of the target into words."""
    if folded is None:
        folded = casefolded_target(ctx)
    at = folded.find(key) if key else -1
    if at == -1:
        return False
    target, size = ctx.target, len(key)
    while at != -1:
        end = at + size
        if target[at:end].isalnum():  # (a run of word characters: the whole of one word, or of a part)
            before = target[at - 1] if at else " "
            after = target[end] if end < len(target) else " "
            # A hyphen splits words into parts; an apostrophe may join two words (Trump's), a
            # period or a comma two numbers (10.000) or the letters of an acronym (U.S.).
            if (not (before.isalnum() or before in "_'’.,") and not (after.isalnum() or after in "_'’")
                    and not (after in ".," and (size == 1 or target[end - 1].isdecimal()))):
                return True
        at = folded.find(key, at + 1)
    return False


# ---------------------------------------------------------------------------------------------
# Characters and patterns for triggers

#: The characters `str.isspace` holds but the space, as a character class's ranges (a test
#: checks the list).
OTHER_SPACES = "\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: All of them, for patterns of the `regex` module, whose \s leaves out U+001C..U+001F.
SPACES = " " + OTHER_SPACES
KELVIN = "\u212a"  # KELVIN SIGN: its lower case is k


def alternation(words: Iterable[str]) -> str:
    """A regex alternation matching exactly `words`, factored by their common prefixes (a
    search then tries one branch per letter instead of one per word)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return (body if len(branches) > 1 or len(branches[0]) == 1 else "(?:" + body + ")") + "?"

    return build(trie)
