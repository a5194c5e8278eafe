"""Names in English to Indonesian text, for the missing-entity check: the source's names (runs of
capitalised words, found with one search), whether the target keeps each of them (as written, as
a usual Indonesian rendering, or in a close spelling), and capitalised target words that no
source word explains; and first of all the name words that the target may have lost
(`lost_name_keys`), found without finding the names, which most segments then never need. Words
are found with C-level calls (`en_id_words`); `Token` objects are made only for the words of names."""

from __future__ import annotations

import re
from collections.abc import Iterable

import regex

from reviewer.checks.base import SegmentContext
from reviewer.checks.en_id_words import (
    SPACES,
    casefolded_target,
    new_tuple,
    source_words_unordered,
    surely_a_target_word,
    target_words_folded,
    word_character,
)
from reviewer.core.text import OPENING_QUOTES, SENTENCE_END, WORD_RE, Token, is_sentence_start
from reviewer.lang import en as lang_en
from reviewer.lang import id as lang_id
from reviewer.lang.en_id import ALIKE_AT_START, CAPITALISED_COMMON, NAME_RENDERINGS, normalise_name, starting_alike

# ---------------------------------------------------------------------------------------------
# The source's names

_CONNECTORS = frozenset({"of", "for", "and", "de", "the", "von", "van", "der", "al", "bin", "du", "la", "le", "&"})
#: Words that do not start a name: common capitalised words and connectors.
_NOT_A_NAME = CAPITALISED_COMMON | _CONNECTORS

#: What `is_sentence_start` steps over on its way back from a word.
_STEPPED_OVER = SPACES + regex.escape(OPENING_QUOTES + "–—-")

#: The trigger of missing-entity, in the source: a capital that does not start a sentence (the
#: first character before it that `is_sentence_start` does not step over is not a sentence end),
#: or a capitalised word that looks like a name anyway (another capital, a digit, or another
#: letter without case in it: `_name_like`). Every name the check reports starts with one.
NAME_TRIGGER = regex.compile(
    rf"\p{{Uppercase}}(?:(?<=[^{_STEPPED_OVER}{regex.escape(SENTENCE_END)}][{_STEPPED_OVER}]*.)"
    r"|\S*?[\p{Uppercase}\p{N}\p{Lo}\p{Lm}])")


def _name_like(word: str) -> bool:
    """Looks like a name even at the start of a sentence: codes, acronyms, inner capitals."""
    if word.isalpha() and word[1:].islower():
        return False  # (most words: a capital, then lower-case letters only)
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    if any(c.isdigit() for c in word):
        return True
    if word.isupper():
        return 2 <= len(letters) <= 5  # acronyms; longer all-caps words are shouting
    return any(c.isupper() for c in word[1:]) and not word[1:].isupper()


#: A `WORD_RE` word that starts with a capital, not inside another word (after a letter and an
#: apostrophe or a hyphen: Trump's, e-Mail). It starts at a capital or any non-ASCII character
#: (the search jumps between them; `str.isupper` then says for non-ASCII ones), and the rest is
#: `WORD_RE`'s. A capital after a period may still be inside a dotted acronym (`_starts_word`).
_CAPITALISED_WORD = re.compile(r"[A-Z\x80-\U0010ffff](?<=\w)(?<!\w.)(?<!\w['’\-].)" + WORD_RE.pattern[2:])
#: The same for ASCII text (a search skips ahead faster with a class of ASCII letters only).
_CAPITALISED_ASCII_WORD = re.compile(r"[A-Z](?<!\w.)(?<!\w['’\-].)" + WORD_RE.pattern[2:])
assert WORD_RE.pattern.startswith(r"\w(?:")
_BLANKS = re.compile(r"[ \t]+")
_WORD_CHARACTER = re.compile(r"\w")


def _starts_word(text: str, at: int) -> bool:
    """Whether a capital after a period starts a `WORD_RE` word, rather than continue a dotted
    acronym (U.S.): the words of its stretch without spaces say."""
    chunk = at - 1
    while chunk > 0 and not text[chunk - 1].isspace():
        chunk -= 1
    for m in WORD_RE.finditer(text, chunk):
        if m.start() >= at:
            return m.start() == at
    return False


def _capitalised_words(text: str) -> dict[int, int]:
    """The `WORD_RE` words that start with a capital, as start -> end, in order: found with one
    search, without splitting the whole text into words."""
    found: dict[int, int] = {}
    for m in (_CAPITALISED_ASCII_WORD if text.isascii() else _CAPITALISED_WORD).finditer(text):
        at, end = m.span()
        if (at > 1 and text[at - 1] == "." and text[at + 1:at + 2] == "." and word_character(text[at - 2])
                and not _starts_word(text, at)):
            # A letter inside an acronym: the search went on from inside a word, so the words
            # after it are found from where they start.
            found.update(_capitalised_words_from(text, at))
            break
        if text[at] < "\x80" or text[at].isupper():
            found[at] = end
    return found


def _capitalised_words_from(text: str, at: int) -> dict[int, int]:
    """`_capitalised_words` from a point on, word by word (rare: non-ASCII text, acronyms)."""
    chunk = at
    while chunk > 0 and not text[chunk - 1].isspace():
        chunk -= 1
    return {m.start(): m.end() for m in WORD_RE.finditer(text, chunk) if m.start() >= at and m.group()[0].isupper()}


#: What a user-interface label holds besides words: printf and brace placeholders (`%s`,
#: `%(name)d`, `{0}`, `${prodname}`), and the underscore or ampersand that marks a keyboard
#: accelerator (`_Open`, `&File`).
_LABEL_CODE = re.compile(r"%(?:\(\w+\)|\d+\$)?[-+#0]*\d*(?:\.\d+)?[a-zA-Z]+|\$?\{[^{}]*\}|(?<!\w)[_&](?=\w)")
#: A remark in round brackets, not nested.
_BRACKETED = re.compile(r"\([^()]*\)")
#: Prose: a sentence end followed by more text.
_SENTENCE_INSIDE = re.compile(r"[.!?…](?=\s+\S)")


def _title_case(text: str) -> bool:
    """A heading or a label: every word that starts with a letter is capitalised or a function
    word, and most are capitalised (prose fails at its first lower-case word). A heading needs
    four such words; a label of a program (no sentence ending in it: "Bluetooth Settings",
    "_Sticky Keys", "%s Details", "3G Only") one, among two words or more."""
    label = _LABEL_CODE.sub(" ", text).strip() if ("%" in text or "{" in text or "_" in text or "&" in text) \
        else text.strip()
    if "(" in label:
        # A remark in brackets is not part of a label's style: "Max Length (mm)", "Jump to Page
        # (first Page: 1)".
        label = _BRACKETED.sub(" ", label).strip() or label
    if label[-1:] in ".!?" or _SENTENCE_INSIDE.search(label):
        return _title_case_words(label, 4)
    # A label: one capitalised word is enough beside a placeholder or a code ("%s Details", "3G Only").
    return _title_case_words(label, 2 if len(WORD_RE.findall(text)) < 2 else 1)


def _title_case_words(text: str, least: int) -> bool:
    alpha = small = 0
    for m in WORD_RE.finditer(text):
        word = m.group()
        if word[0].isalpha():
            if not word[0].isupper():
                if word.lower() not in lang_en.FUNCTION_WORDS:
                    return False
                small += 1
            alpha += 1
    if alpha < least:
        return False
    capitalised = len(_capitalised_words(text))
    # Most words capitalised; or, in a short label, every word but the small ones ("Speed for a
    # Zoomstep"), two or more of them.
    return capitalised > 0.6 * alpha or (alpha <= 6 and capitalised >= 2 and capitalised == alpha - small)


_REST_OF_WORD = WORD_RE.pattern[2:]
#: A run of capitalised words that stand next to each other (only spaces or tabs between them),
#: with a small connecting word between two of them ("Bank of England"): what `_runs` finds
#: word by word, in one search, for text whose word characters are all ASCII (then a word that
#: starts with A-Z is a capitalised one). A small word joins the run when the next word, near
#: or not, is capitalised (so a run may end in one).
_NAME_RUN = re.compile(
    r"[A-Z](?<!\w.)(?<!\w['’\-].)" + _REST_OF_WORD
    + r"(?:[ \t]+(?:[A-Z]" + _REST_OF_WORD + "|(?:" + "|".join(
        "".join(f"[{c}{c.upper()}]" for c in w) for w in sorted(_CONNECTORS, key=len, reverse=True) if w.isalpha())
    + r")(?!\w|['’\-]\w)(?=\W*[A-Z])))*")
_NON_ASCII_WORD_CHARACTER = re.compile(r"[^\W\x00-\x7f]")
_NOT_BLANK = re.compile(r"[^ \t]+")


def _runs_in_ascii(text: str) -> list[list[Token]] | None:
    """`_runs` with one search (None: a capital after a period that may be inside an acronym)."""
    runs = []
    for m in _NAME_RUN.finditer(text):
        at = m.start()
        if text[at - 1:at] == "." and text[at + 1:at + 2] == "." and at > 1 and word_character(text[at - 2]):
            return None
        run = m.group()
        if " " in run or "\t" in run:
            runs.append([new_tuple(Token, (w.group(), at + w.start(), at + w.end())) for w in _NOT_BLANK.finditer(run)])
        else:
            runs.append([new_tuple(Token, (run, at, m.end()))])
    return runs


def _runs(text: str) -> list[list[Token]]:
    """Runs of capitalised words that stand next to each other (only spaces or tabs between
    them), and small connecting words before a capitalised word: each capitalised word not taken
    by the run before starts one."""
    capital = _capitalised_words(text)
    runs: list[list[Token]] = []
    last = -1  # where the last word taken by a run starts
    for start, end in capital.items():
        if start <= last:
            continue
        run = [new_tuple(Token, (text[start:end], start, end))]
        while text[end:end + 1] in (" ", "\t"):  # words of one name stand next to each other
            start = _BLANKS.match(text, end).end()  # type: ignore[union-attr]
            if start in capital:
                end = capital[start]
            elif start < len(text) and word_character(text[start]):  # (then a word starts here)
                word = WORD_RE.match(text, start)
                assert word is not None
                after = _WORD_CHARACTER.search(text, word.end())  # (where the next word starts)
                if word.group().lower() not in _CONNECTORS or after is None or after.start() not in capital:
                    break
                end = word.end()  # "Bank of England": a small word between capitals
            else:
                break
            run.append(new_tuple(Token, (text[start:end], start, end)))
        last = run[-1].start
        runs.append(run)
    return runs


def source_entities(ctx: SegmentContext) -> list[list[Token]]:
    """Runs of capitalised source words that look like names (a capital that only marks the
    start of a sentence, or a title-case heading, says nothing)."""
    source = ctx.source
    ascii_words = source.isascii() or not _NON_ASCII_WORD_CHARACTER.search(source)
    groups = _runs_in_ascii(source) if ascii_words else None
    if groups is None:
        groups = _runs(source)
    # A heading capitalises its words; a sentence crowded with names still has lower-case words
    # that are not small function words ("The Peterson Institute for International Economics said").
    title_case: bool | None = None  # found out when a group needs it
    out = []
    for group in groups:
        while group and (group[0].text.lower() in _NOT_A_NAME):
            group = group[1:]
        while group and group[-1].text.lower() in _CONNECTORS:
            group = group[:-1]
        if not group:
            continue
        if title_case is None:
            title_case = _title_case(source)
        if title_case:
            group = [t for t in group if _name_like(t.text)]  # a heading capitalises every word
        if not group or (len(group) >= 3 and sum(t.text.isupper() and len(t.text) > 1 for t in group) >= 3):
            continue  # nothing left, or shouted text rather than a name
        if is_sentence_start(source, group[0].start) and not _name_like(group[0].text):
            # A capital at the start of a sentence says nothing: keep only what follows it.
            group = group[1:]
            while group and group[0].text.lower() in _CONNECTORS:
                group = group[1:]
        if group:
            out.append(group)
    return out


def required_parts(group: list[Token]) -> list[str]:
    """The words of a name that the target must keep: its capitalised parts (split at hyphens)
    but small connecting words and common capitalised words."""
    parts = [p for t in group for p in (t[0].split("-") if "-" in t[0] else (t[0],)) if p]
    return [p for p in parts if p.lower() not in _CONNECTORS and p.lower() not in CAPITALISED_COMMON
            and p[:1].isupper() and len(p) > 1]


# ---------------------------------------------------------------------------------------------
# Whether the target keeps a name

def name_key(word: str) -> str:
    """A word in lower case without a possessive ending (Scale's -> scale, Jones' -> jones)."""
    key = word.lower()
    if key.endswith(("'", "’")):
        return key[:-1]
    if key.endswith(("'s", "’s")):
        return key[:-2]
    return key


def _close(na: str, nb: str) -> bool:
    """Two spelling keys (`normalise_name`) that start alike: in at least three letters and 60%
    of the shorter one."""
    if na[:3] != nb[:3]:
        return False
    shorter = min(len(na), len(nb))
    common = min(3, shorter)
    while common < shorter and na[common] == nb[common]:
        common += 1
    return common >= 3 and common >= 0.6 * shorter


#: Spelling keys by word, soft and hard (`normalise_name`): the vocabulary of a text repeats
#: across its segments even where its sentences do not. `_INDEXED` holds the same keys but
#: empty ones for words of fewer than three letters, which `Spellings` leaves out.
_KEYS: dict[str, tuple[str, str]] = {}
_INDEXED: dict[str, tuple[str, str]] = {}
_CACHED_WORDS = 65536


def _keys(word: str) -> tuple[str, str]:
    keys = _KEYS.get(word)
    if keys is None:
        if len(_KEYS) >= _CACHED_WORDS:
            _KEYS.clear()
        keys = _KEYS[word] = (normalise_name(word, True), normalise_name(word, False))
    return keys


def _indexed_keys(words: list[str]) -> list[tuple[str, str]]:
    found = list(map(_INDEXED.get, words))  # (a C-level loop: most words are known)
    if None in found:
        if len(_INDEXED) >= _CACHED_WORDS:
            _INDEXED.clear()
        # (only the new words in Python: a set difference finds them)
        for word in set(words).difference(_INDEXED):
            _INDEXED[word] = _keys(word) if len(word) >= 3 else ("", "")
        found = list(map(_INDEXED.__getitem__, words))
    return found  # type: ignore[return-value]


def _close_in(key: str, lines: str) -> bool:
    """Whether a key is `_close` to one of the keys of `lines` (each between line breaks): only
    keys that start with its first three letters can be."""
    return _close_at(key, lines) != -1


def _close_at(key: str, lines: str) -> int:
    """Where the line break before the first key of `lines` that `key` is `_close` to stands (-1: none)."""
    if len(key) < 3:
        return -1
    probe = "\n" + key[:3]
    at = lines.find(probe)
    while at != -1:
        end = lines.index("\n", at + 1)
        if _close(key, lines[at + 1:end]):
            return at
        at = lines.find(probe, end)
    return -1


class Spellings:
    """The spelling keys of some words of three letters or more, soft and hard, each kind in a
    string of lines (found with C-level searches by their first three letters: `_close` only
    ever matches keys that share those)."""

    __slots__ = ("soft", "hard", "words")

    def __init__(self, words: list[str]) -> None:
        self.words = words
        keys = _indexed_keys(words)
        softs, hards = zip(*keys) if keys else ((), ())
        self.soft = "\n" + "\n".join(softs) + "\n"
        self.hard = "\n" + "\n".join(hards) + "\n"

    def close_to(self, word: str) -> bool:
        """Whether any of the words is spelt close to `word` (`_close` in soft or hard keys)."""
        soft, hard = _keys(word)
        return _close_in(soft, self.soft) or _close_in(hard, self.hard)

    def close_word(self, word: str) -> str | None:
        """The first of the words spelt close to `word` (`close_to`), if any."""
        for key, lines in zip(_keys(word), (self.soft, self.hard)):
            at = _close_at(key, lines)
            if at != -1:
                return self.words[lines.count("\n", 0, at + 1) - 1]
        return None


def target_spelt_close(key: str, ctx: SegmentContext) -> str | None:
    """The first of the target's words (`target_words_folded`) spelt close to `key`
    (`Spellings.close_word`), if any. Only words whose spelling keys may start as the key's does
    (`starting_alike`) can be: the spelling keys of those only are made, once per segment and
    first letter, for every source name `present` looks for."""
    made: dict[str, Spellings] | None = ctx.shared.get("en_id.name-spellings")
    if made is None:
        made = ctx.shared["en_id.name-spellings"] = {}
    first = key[:1]
    group = ALIKE_AT_START.get(first, first)
    spellings = made.get(group)
    if spellings is None:
        spellings = made[group] = Spellings(starting_alike(key, target_words_folded(ctx)))
    return spellings.close_word(key)


def _dotless(ctx: SegmentContext) -> frozenset[str]:
    """The target's case-folded words written with periods (U.S.), without them."""
    found: frozenset[str] | None = ctx.shared.get("en_id.dotless")
    if found is None:
        found = ctx.shared["en_id.dotless"] = frozenset(
            w.replace(".", "") for w in target_words_folded(ctx) if "." in w)
    return found


def present(word: str, ctx: SegmentContext, folded: str | None = None) -> bool:
    """Whether the target keeps a name's word: as written (in a word of the target, or, for
    U.S., written without periods), as one of its usual renderings, or in a close spelling.
    `folded`: `casefolded_target(ctx)`, if the caller has it."""
    return key_present(name_key(word), ctx, folded)


#: By key: the forms `key_present` looks up in the target's words, and in its dotless words.
_EXACT_FORMS: dict[str, tuple[frozenset[str], frozenset[str]]] = {}


def _exact_forms(key: str, renderings: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    if len(_EXACT_FORMS) >= _CACHED_WORDS:
        _EXACT_FORMS.clear()
    undotted = key.replace(".", "")
    forms = _EXACT_FORMS[key] = (
        frozenset((key, key.rstrip("s"), undotted, *renderings,
                   *(form + clitic for form in (key, *renderings) if form for clitic in lang_id.CLITICS))),
        frozenset((undotted, *renderings)))
    return forms


def key_present(key: str, ctx: SegmentContext, folded: str | None = None) -> bool:
    """`present` of a word whose `name_key` is `key` (it needs nothing else of the word)."""
    if key in ("", "s"):
        return True
    # Most names stand in the target as written: a sufficient test first, on the text itself.
    if folded is None:
        folded = casefolded_target(ctx)
    if surely_a_target_word(key, ctx, folded):
        return True
    undotted, bare = key.replace(".", ""), key.rstrip("s")
    if (bare != key and surely_a_target_word(bare, ctx, folded)) or (
            undotted != key and surely_a_target_word(undotted, ctx, folded)):
        return True
    renderings = NAME_RENDERINGS.get(key, ()) + NAME_RENDERINGS.get(bare, ()) + NAME_RENDERINGS.get(
        key.rstrip("."), ())
    if renderings:
        target_lower: str | None = ctx.shared.get("en_id.target-lower")
        if target_lower is None:
            target_lower = ctx.shared["en_id.target-lower"] = ctx.target.lower()
        for rendering in renderings:
            if (not rendering or surely_a_target_word(rendering, ctx, folded)
                    or (" " in rendering and rendering in target_lower)):
                return True
    # Then the exact tests, on the target's words: the name, or its rendering, also with a
    # clitic ("Tomlah", "Televisinya"), or written without periods.
    in_words, in_dotless = _EXACT_FORMS[key] if key in _EXACT_FORMS else _exact_forms(key, renderings)
    if not target_words_folded(ctx).isdisjoint(in_words) or not _dotless(ctx).isdisjoint(in_dotless):
        return True
    if len(key) < 4 or any(c.isdigit() for c in key):
        return False
    return target_spelt_close(key, ctx) is not None


_RENDERED = frozenset(NAME_RENDERINGS)
#: A possessive ending at the end of a word, in words joined by spaces (what `name_key` drops:
#: a word never ends in an apostrophe).
_POSSESSIVE_ENDING = re.compile(r"['’]s(?= |$)")


#: By the key of a capitalised target word: source words (`name_key`s) found spelt close to it.
_SPELT_CLOSE_IN_SOURCE: dict[str, set[str]] = {}


def unexplained_capitals(ctx: SegmentContext, enough: int | None = None) -> int:
    """Capitalised target words (not at a sentence start) that match no source word: likely
    translations of source names ("Badai" for "Hurricane", "Palang Merah" for "Red Cross").
    With `enough`, the count stops there (whoever asks needs to know no more)."""
    words = source_words_unordered(ctx)
    # `name_key` of every source word at once (lower case maps each character on its own).
    source_keys = set(_POSSESSIVE_ENDING.sub("", " ".join(words).lower()).split(" ")) if words else set()
    renderings = {r for key in source_keys & _RENDERED for r in NAME_RENDERINGS[key]}
    target, count = ctx.target, 0
    capitals = _capitalised_words(target)
    if not capitals:
        return 0
    # (their `name_key`s at once, as the source's; the cheap tests first)
    keys = _POSSESSIVE_ENDING.sub("", " ".join([target[start:end] for start, end in capitals.items()]).lower())
    for start, key in zip(capitals, keys.split(" ")):
        if key in source_keys or key in renderings or is_sentence_start(target, start):
            continue
        known = _SPELT_CLOSE_IN_SOURCE.get(key)
        if known is not None and not source_keys.isdisjoint(known):
            continue  # (a source word known to be spelt close to it)
        # (only the source words whose spelling keys may start as this one's can be close to it)
        candidates = starting_alike(key, source_keys)
        close = Spellings(candidates).close_word(key) if candidates else None
        if close is not None:
            # (remembered for the segments that follow: names recur in a text)
            if len(_SPELT_CLOSE_IN_SOURCE) >= _CACHED_WORDS:
                _SPELT_CLOSE_IN_SOURCE.clear()
            _SPELT_CLOSE_IN_SOURCE.setdefault(key, set()).add(close)
        else:
            count += 1
            if count == enough:
                break
    return count


# ---------------------------------------------------------------------------------------------
# The name words the target may have lost, before any name is found

#: Every `WORD_RE` word that may be a word of a name (`source_entities`), and a few more: each
#: word that starts with a capital or another non-ASCII character (where `_CAPITALISED_WORD`
#: starts one; a match never runs past the end of the word it starts in, so each such word is
#: found whole, at its place), but a plain word (a capital, then lower-case ASCII letters, also
#: after an apostrophe or a hyphen) at a sentence start that no run of words can reach back
#: over: at the start of the text or of a line, after an opening quote there, or after ". "
#: ("! ", '." ', ...) where the period ends no dotted acronym (two word characters, or a digit,
#: before it). `source_entities` drops such a word: it starts its run, it is not `_name_like`,
#: and `is_sentence_start` holds there.
_NAME_WORD_AFTER_START = (
    r"(?<!\w.)(?<!\w['’\-].)"
    r"(?!(?:(?<=\A.)|(?<=\n.)|(?<=\A[\"“‘'(].)|(?<=\w\w\. .)|(?<=\d\. .)|(?<=[!?:…] .)|(?<=[.!?:…][\"'] .))"
    r"(?<=[A-Z])[a-z]*(?:['’\-][a-z]+)*(?!\w|[.'’\-]\w))"
    + _REST_OF_WORD)
_NAME_WORD = re.compile(r"[A-Z\x80-\U0010ffff](?<=\w)" + _NAME_WORD_AFTER_START)
#: `_NAME_WORD` for ASCII text (where it starts at A-Z only): a search skips ahead twice as fast
#: with a character class of 26 letters than with one that reaches past ASCII.
_NAME_WORD_IN_ASCII = re.compile(r"[A-Z]" + _NAME_WORD_AFTER_START)

#: `name_key`s of the parts of a word that `required_parts` keeps, by word.
_WORD_KEYS: dict[str, tuple[str, ...]] = {}


def _word_keys(word: str) -> tuple[str, ...]:
    keys = _WORD_KEYS.get(word)
    if keys is None:
        if len(_WORD_KEYS) >= _CACHED_WORDS:
            _WORD_KEYS.clear()
        parts = required_parts([new_tuple(Token, (word, 0, len(word)))])
        keys = _WORD_KEYS[word] = tuple(key for key in map(name_key, parts) if key not in ("", "s"))
    return keys


#: By key: the forms `key_present` tries first with `surely_a_target_word` (the key, the key
#: without a plural s, its renderings) that are all letters, two or more.
_FORMS: dict[str, tuple[str, ...]] = {}


def _forms(key: str) -> tuple[str, ...]:
    if len(_FORMS) >= _CACHED_WORDS:
        _FORMS.clear()
    bare = key.rstrip("s")
    renderings = NAME_RENDERINGS.get(key, ()) + NAME_RENDERINGS.get(bare, ()) + NAME_RENDERINGS.get(
        key.rstrip("."), ())
    forms = _FORMS[key] = tuple(form for form in dict.fromkeys((key, bare, *renderings))
                                if len(form) > 1 and form.isalpha())
    return forms


#: By key: target words (as `target_words_folded` holds them) found spelt close to it
#: (`Spellings.close_word`), where its close-spelling test is made (four letters or more, no digit).
_SPELT_CLOSE: dict[str, set[str]] = {}


def _a_stretch(forms: Iterable[str], text: str) -> bool:
    """Whether one of some forms (none empty, none holding white space) is a whole stretch of
    `text` between white space (`text.split()` holds it), told with substring searches."""
    for form in forms:
        at = text.find(form)
        while at != -1:
            end = at + len(form)
            if (at == 0 or text[at - 1].isspace()) and (end == len(text) or text[end].isspace()):
                return True
            at = text.find(form, at + 1)
    return False


def lost_name_keys(ctx: SegmentContext) -> tuple[list[str], frozenset[str]]:
    """The `name_key` of every part that `required_parts` could keep of a source word that may
    be a name's (in order, once per occurrence), and those of them the target does not keep
    (`key_present` false). Every part of every name of `source_entities` is among them, so a
    name's part is `present` exactly when its key is not lost; where nothing is lost, no name
    needs to be found at all (most segments: names are kept as written, or rendered)."""
    source = ctx.source
    words = (_NAME_WORD_IN_ASCII if source.isascii() else _NAME_WORD).findall(source)
    keys = [key for word in words for key in (_WORD_KEYS.get(word) or _word_keys(word))]
    if not keys:
        return keys, frozenset()
    folded = casefolded_target(ctx)
    # The target's stretches between spaces (less a period or a comma before a space): one of
    # them that is a key, its form without a plural s, or one of its renderings, all letters (two
    # or more), is where `surely_a_target_word` finds it, so the key is present. (Folding then
    # keeps each character a letter or not, and a space a space, but for U+0345.) A few forms
    # are looked for in the text rather than the text cut into a set of its stretches.
    chunks = (folded + " ").replace(". ", " ").replace(", ", " ") if "\u0345" not in folded else ""
    lost = []
    for key in set(keys):
        if _a_stretch(_FORMS[key] if key in _FORMS else _forms(key), chunks):
            continue
        spelt = _SPELT_CLOSE.get(key)
        if spelt is not None and _a_stretch(spelt, chunks):
            continue  # (a word of the target known to be spelt close to it)
        if not key_present(key, ctx, folded):
            lost.append(key)
        elif "en_id.name-spellings" in ctx.shared and len(key) >= 4 and not any(c.isdigit() for c in key):
            # Found in a close spelling, maybe ("Scotland", "Skotlandia"): remember the word for the
            # segments that follow (names recur in a text; such a word makes `key_present` true).
            word = target_spelt_close(key, ctx)
            if word is not None and word.isalpha():  # (then a stretch between spaces equal to it is that word)
                if len(_SPELT_CLOSE) >= _CACHED_WORDS:
                    _SPELT_CLOSE.clear()
                _SPELT_CLOSE.setdefault(key, set()).add(word)
    return keys, frozenset(lost)
