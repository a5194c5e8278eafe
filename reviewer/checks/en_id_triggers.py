"""The triggers of the English to Indonesian checks (`en_id`): what must occur in a segment for
each check to have anything to say (see `Trigger`), written for the regular expression engine to
skip ahead. A pattern that starts with a class makes `re` test the class at every character; one
that starts with a literal lets it jump from one occurrence of that character to the next, and a
substring test or an Aho-Corasick scan is faster still. So each trigger here starts with a
literal, maps a class of characters to one byte first (`bytes.translate` of the text's UTF-8), or
looks for substrings, and runs the check's own wider pattern only where those find something.
Each is never narrower than its check (tests/test_triggers.py, tests/test_triggers_round28.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick_rs

from reviewer.checks.en_id_words import KELVIN, OTHER_SPACES, alternation
from reviewer.core.text import SENTENCE_END
from reviewer.lang import en as lang_en
from reviewer.lang import id as lang_id

DFA = ahocorasick_rs.Implementation.DFA


#: The trigger of reduplication-spacing, in the target: a hyphen with white space before it and
#: a letter after it, or the other way round (what `_SPACE_BEFORE` and `_SPACE_AFTER` need),
#: written to start at the hyphen so that the search jumps from hyphen to hyphen. In `re`, whose
#: calls cost less than `regex`'s: its \s holds `regex`'s, and [^\W\d_] every letter (\p{L}).
SPACED_HYPHEN = re.compile(r"-(?:(?<=\s-)(?=[^\W\d_])|(?<=[^\W\d_]-)(?=\s))")


#: The trigger of english-plural, in the target: the end of a word that could be flagged (its
#: first part, before any hyphen). A letter word of five letters or more ending in s but not in
#: ss, us or is ("chatbots"); two capitals or letters without case before an s ("GPUs", "CDS");
#: the same before a hyphen, with any character but a lower-case letter between ("COVID-19":
#: "COVIDs" in the source makes it an acronym plural); a digit before an s ("H800S"). It starts
#: at an s, a hyphen or a digit (the search jumps between them) and looks back. (Lower-case
#: letters are a-z here: wider than `str.islower`, never narrower.)
_PLURAL_PATTERN = re.compile(
    r"[\dsS\-](?:(?<=[sS])(?!\w)(?:(?<=[^\W\d_]{3}[^\W\d_sSuUiI].)|(?<=[^\W\d_a-z]{2}.))"
    r"|(?<=-)(?<=[^\W\d_a-z]{2}[^\Wa-z]-)"
    r"|(?<=\d)[\w-]*?[Ss])")
#: `_PLURAL_PATTERN`'s branches, each starting with a literal character: `re` then jumps from one
#: occurrence of that character to the next instead of testing a class at every character.
_PLURAL_ENDS = (
    re.compile(r"s(?!\w)(?:(?<=[^\W\d_]{3}[^\W\d_sSuUiI]s)|(?<=[^\W\d_a-z]{2}s))"),
    re.compile(r"S(?!\w)(?:(?<=[^\W\d_]{3}[^\W\d_sSuUiI]S)|(?<=[^\W\d_a-z]{2}S))"),
    re.compile(r"-(?<=[^\W\d_a-z]{2}[^\Wa-z]-)"),
)
#: The digit branch, on the bytes of an ASCII text whose digits are all made 0 (a literal again;
#: \w of a bytes pattern is that of `str` on ASCII text), or on other text as it is.
_PLURAL_AFTER_ZERO = re.compile(rb"0[\w-]*?[Ss]")
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_PLURAL_AFTER_DIGIT = re.compile(r"\d[\w-]*?[Ss]")


class _PluralEnd:
    """The trigger's pattern (see `Searchable`): where `_PLURAL_PATTERN` matches, found with
    `_PLURAL_ENDS` and the digit branch (a quarter of the instructions on news text)."""

    pattern = _PLURAL_PATTERN.pattern

    def search(self, text: str, /) -> object:
        for end in _PLURAL_ENDS:
            found = end.search(text)
            if found is not None:
                return found
        if text.isascii():
            return _PLURAL_AFTER_ZERO.search(text.encode().translate(_DIGITS_TO_ZERO))
        return _PLURAL_AFTER_DIGIT.search(text)


PLURAL_TRIGGER = _PluralEnd()


UNTRANSLATED_KEYS = frozenset(k for k in lang_id.UNTRANSLATED_ENGLISH if k not in lang_id.ENGLISH_FUNCTION_ONLY_IN_RUNS)
_FUNCTION_WORDS_PATTERN = alternation(lang_en.FUNCTION_WORDS)
#: Words the check knows, as whole words only, so never with a period ("mr." is a title), nor
#: one holding another ("screenshots").
_UNTRANSLATED_WORDS = sorted(k for k in UNTRANSLATED_KEYS if "." not in k and not any(
    other != k and other in k for other in UNTRANSLATED_KEYS))
assert all(word.isascii() for word in _UNTRANSLATED_WORDS)  # (`_UntranslatedHint` finds their bytes in UTF-8)


#: The trigger of untranslated-english, in the target: an English title ("Mr", "Ms", "Messrs");
#: an English function word after white space or a comma (a run of English words has two, and
#: the second one stands after its run's gap of spaces and commas); one of the English words the
#: check knows, in the case-folded target.
_TITLE_HINT = re.compile(r"M(?:[rs]|essrs)")
_FUNCTION_WORD_AFTER_GAP = re.compile("[" + OTHER_SPACES + " ,]" + _FUNCTION_WORDS_PATTERN + r"(?!\w)")
#: Each byte of a UTF-8 text as `_UntranslatedHint` marks it: an ASCII word character stays, ASCII
#: white space and the comma become \x01, every other byte # (those of non-ASCII characters too).
_GAP_MARKS = bytes.maketrans(bytes(range(256)), bytes(
    b if chr(b).isalnum() and b < 128 or b == ord("_") else 1 if b < 128 and (chr(b).isspace() or b == ord(",")) else ord("#")
    for b in range(256)))


class _UntranslatedHint:
    """The trigger's pattern (see `Searchable`), found with one Aho-Corasick scan of the text with
    its gaps marked (`_GAP_MARKS`), then # and the case-folded text: a title, a function word
    between byte 1 and byte 1 or #, or a word the check knows (in the folded text). In a text with
    white space that is not ASCII (each such character is not printable) the marks do not tell
    it from other characters: there, as before, a search for each."""

    pattern = (r"M(?:[rs]|essrs)|[\s,]" + _FUNCTION_WORDS_PATTERN + r"(?!\w)|(?i:"
               + "|".join(map(re.escape, _UNTRANSLATED_WORDS)) + ")")

    def __init__(self) -> None:
        gapped = ["\x01" + word + end for word in sorted(lang_en.FUNCTION_WORDS) for end in ("\x01", "#")]
        # (a DFA: a few times faster to scan than the default automaton, for a bigger table)
        self._marked = ahocorasick_rs.BytesAhoCorasick(
            [w.encode() for w in ["Mr", "Ms", "Messrs", *gapped, *_UNTRANSLATED_WORDS]], implementation=DFA)
        self._words = ahocorasick_rs.BytesAhoCorasick([w.encode() for w in _UNTRANSLATED_WORDS], implementation=DFA)

    def search(self, text: str, /) -> object:
        if text.isascii():
            data = text.encode()  # (its lower case is the case-folded text's)
            return self._marked.find_matches_as_indexes(data.translate(_GAP_MARKS) + b"#" + data.lower()) or None
        folded = text.casefold()
        if text.isprintable():
            # (words in ASCII: their bytes are found in UTF-8 exactly where they stand)
            haystack = text.encode().translate(_GAP_MARKS) + b"#" + folded.encode()
            return self._marked.find_matches_as_indexes(haystack) or None
        return (_TITLE_HINT.search(text) or _FUNCTION_WORD_AFTER_GAP.search(text)  # (bytes: a lone surrogate is no error)
                or self._words.find_matches_as_indexes(folded.encode("utf-8", "surrogatepass")) or None)


UNTRANSLATED_TRIGGER = _UntranslatedHint()


def _capitalised_mid_sentence(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern for `words` (lower-case ASCII) written with a capital (`str.isupper` and a `lower()`
    of one ASCII letter: A-Z and the Kelvin sign) where `FunctionWordCase` could flag them: not
    at the start of the text, not after a word character, and neither straight after a sentence
    end or an opening quote or bracket nor one white space character after one. Each branch
    starts with its capital (the search jumps between capitals) and looks back."""
    by_first: dict[str, list[str]] = {}
    for word in sorted(words):
        by_first.setdefault(word[0], []).append(word[1:])
    stops = re.escape(SENTENCE_END + "“‘\"'([«")
    behind = rf"(?<![\w{stops}].)(?<![{stops}]\s.)(?<=..)"
    branches = [re.escape(capital) + behind + alternation(rests) for first, rests in by_first.items()
                for capital in (first.upper(), KELVIN) if capital != KELVIN or first == "k"]
    return re.compile("(?:" + "|".join(branches) + r")(?!\w)", re.DOTALL)  # (a line break is a character too)


#: What `FUNCTION_WORD_TRIGGER` finds.
_FUNCTION_WORD_PATTERN = _capitalised_mid_sentence(lang_id.FUNCTION_WORDS)
#: The capitals of the function words, and the last byte of the Kelvin sign's UTF-8, made one byte
#: \x04 in the UTF-8 of a text: `_MARKED_FUNCTION_WORD` then starts with a literal.
_CAPITAL_MARKS = bytes.maketrans(
    bytes(sorted({ord(w[0].upper()) for w in lang_id.FUNCTION_WORDS})) + KELVIN.encode()[-1:],
    b"\x04" * (len({w[0] for w in lang_id.FUNCTION_WORDS}) + 1))
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
_ASCII_STOPS = re.escape("".join(c for c in SENTENCE_END + "“‘\"'([«" if c.isascii())).encode()
#: `_FUNCTION_WORD_PATTERN` on the marked UTF-8, a little wider: any marked capital before any
#: function word's rest, and the classes hold ASCII characters only.
_MARKED_FUNCTION_WORD = re.compile(
    rb"\x04(?<![\w" + _ASCII_STOPS + rb"]\x04)(?<![" + _ASCII_STOPS + rb"]\s\x04)(?<=..)"
    + alternation({w[1:] for w in lang_id.FUNCTION_WORDS}).encode() + rb"(?!\w)", re.DOTALL)


class _CapitalisedFunctionWord:
    """The trigger's pattern (see `Searchable`): `_FUNCTION_WORD_PATTERN`, tried only where
    `_MARKED_FUNCTION_WORD` is, which `re` finds by jumping from capital to capital (the pattern
    itself tests a class at every character)."""

    pattern = _FUNCTION_WORD_PATTERN.pattern

    def search(self, text: str, /) -> object:
        data = text.encode("utf-8", "surrogatepass")
        for m in _MARKED_FUNCTION_WORD.finditer(data.translate(_CAPITAL_MARKS)):
            at = m.start()
            if len(data) != len(text):
                # Where the character stands in the text: one per byte that is no continuation
                # byte before it (a Kelvin sign's last byte was marked: its first one counts).
                at = len(data[:at].translate(None, _CONTINUATION_BYTES)) - (data[at] >= 0x80)
            found = _FUNCTION_WORD_PATTERN.match(text, at)
            if found is not None:
                return found
        return None


#: The trigger of function-word-case, in the target.
FUNCTION_WORD_TRIGGER = _CapitalisedFunctionWord()


#: The trigger of lost-comparative, in the source: where "fewer", "less", "lesser" or "fewest"
#: may stand. Wider than `_EN_LESS`: no boundary after the word, and before it only an ASCII
#: letter or digit rules one out (\b of `regex` and of `re` differ elsewhere); ſ is an s to
#: `regex.IGNORECASE` (a test checks every character). It starts at the f or l, so that the
#: search jumps between them.
_LESS_PATTERN = re.compile(r"[FfLl](?<![A-Za-z0-9_].)(?:(?<=[Ff])[Ee][Ww][Ee][RrSsſ]|(?<=[Ll])[Ee][Ssſ][Ssſ])")


class _Less:
    """The trigger's pattern (see `Searchable`): `_LESS_PATTERN`, searched in an ASCII text only
    where its lower case holds "fewe" or "less" (every match on ASCII text does): two substring
    searches instead of a class tested at every character."""

    pattern = _LESS_PATTERN.pattern

    def search(self, text: str, /) -> object:
        if text.isascii():
            lower = text.lower()
            if "less" not in lower and "fewe" not in lower:
                return None
        return _LESS_PATTERN.search(text)


LESS_TRIGGER = _Less()


_I = "[iI\u0130]"  # (\u0130, İ, is an i to regex.IGNORECASE)
#: The trigger of lost-negation, in the source: where `_EN_NEGATION` may find a negation. Wider:
#: only an ASCII letter, digit or underscore rules out a word boundary (\b of `regex` and of
#: `re` differ elsewhere), "no" may stand anywhere, and "n't" need not follow a letter. It starts
#: at the n, w or c of the words, or at the apostrophe of n't (the search jumps between them),
#: and is three times faster than `_EN_NEGATION` with `regex.IGNORECASE`.
_NEGATION_PATTERN = re.compile(
    r"[NnWwCc'’](?<![A-Za-z0-9_][NnWwCc])"
    r"(?:(?<=[Nn])(?:[Oo](?:[Tt]|[Rr]|[Nn][Ee]|[Bb][Oo][Dd][Yy]|[Tt][Hh]" + _I + r"[Nn][Gg]|[Ww][Hh][Ee][Rr][Ee])?"
    r"|[Ee](?:[Vv][Ee][Rr]|" + _I + r"[Tt][Hh][Ee][Rr]))"
    r"|(?<=[Ww])" + _I + r"[Tt][Hh][Oo][Uu][Tt]|(?<=[Cc])[Aa][Nn][Nn][Oo][Tt]|(?<=[Nn]['’])[Tt])(?![A-Za-z0-9_])")
#: `_NEGATION_PATTERN` on ASCII text in lower case, but for the branches that `_Negation` finds
#: with substring searches: it starts with a literal n, so that `re` jumps from n to n.
_ASCII_NEGATION_N = re.compile(r"n(?<![a-z0-9_]n)(?:o(?:t|r|ne|body|thing|where)?|e(?:ver|ither))(?![a-z0-9_])")


class _Negation:
    """The trigger's pattern (see `Searchable`): where `_NEGATION_PATTERN` matches or, on ASCII
    text, a little wider: `_ASCII_NEGATION_N` in the lower case, or "n't", "without" or
    "cannot" anywhere in it (half the instructions of the class tested at every character)."""

    pattern = _NEGATION_PATTERN.pattern

    def search(self, text: str, /) -> object:
        if not text.isascii():
            return _NEGATION_PATTERN.search(text)
        lower = text.lower()
        found = _ASCII_NEGATION_N.search(lower)
        if found is None and ("n't" in lower or "without" in lower or "cannot" in lower):
            return True
        return found


NEGATION_TRIGGER = _Negation()


#: The trigger of inconsistent-variant, in the target: a name variant at the end of a word
#: (the check takes a word's first part, before any hyphen).
_VARIANT_PATTERN = re.compile(alternation(v for group in lang_id.NAME_VARIANTS for v in group) + r"(?!\w)")


class _Variant:
    """The trigger's pattern (see `Searchable`): `_VARIANT_PATTERN`, searched only where one
    Aho-Corasick scan finds a variant in the text (most texts have none; the pattern's class of
    capitals is tested at every character)."""

    pattern = _VARIANT_PATTERN.pattern

    def __init__(self) -> None:
        self._variants = ahocorasick_rs.BytesAhoCorasick(
            sorted(v.encode() for group in lang_id.NAME_VARIANTS for v in group), implementation=DFA)

    def search(self, text: str, /) -> object:
        if self._variants.find_matches_as_indexes(text.encode("utf-8", "surrogatepass")):  # (a lone surrogate is no error)
            return _VARIANT_PATTERN.search(text)
        return None


VARIANT_TRIGGER = _Variant()
