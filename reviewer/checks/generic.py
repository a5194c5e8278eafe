"""Checks that need no glossary and hold for any language pair: repetition, brackets, quotes,
currency spacing, invisible characters, and consistency across the corpus.

The punctuation and character checks have triggers (a bracket, a quote mark, a currency sign,
a character outside printable ASCII); the repetition checks and the corpus-level one have none
(what they look for is not a character a pattern can find cheaply) and start with a test in C
that lets most segments go before any word is looked at in Python."""

from __future__ import annotations

import operator
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import compress, count, islice
from typing import Any

import regex

from reviewer.checks.base import Check, Contains, CorpusCheck, SegmentContext, Trigger, register
from reviewer.core.model import Flag, Severity
from reviewer.core.text import BIDI_CONTROLS, ZERO_WIDTH, Token, is_sentence_start, rx
from reviewer.lang import id as lang_id

#: What the `regex` module takes for white space (`\s`: the Unicode White_Space characters; a
#: test checks it against the pattern). Python's `str.isspace` also takes U+001C..U+001F.
REGEX_SPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
               "\u200a\u2028\u2029\u202f\u205f\u3000")

#: Words that may stand between a phrase and its repetition ("Peterson Institute The Peterson Institute").
_JOINERS = frozenset({"the", "a", "an", "sang", "si", "para", "-", "–"})


@register
class RepeatedWord(Check):
    """The same word twice in a row ("AI AI"); hyphenated reduplication is not flagged."""

    id = "repeated-word"
    category = "fluency/duplication"
    severity = Severity.MINOR
    description = 'the same word twice in a row ("AI AI"), not hyphenated reduplication'

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        folded = _folded_words(ctx)
        if not any(map(operator.eq, folded, islice(folded, 1, None))):
            return  # no word follows itself (compared in C, without a Python loop)
        toks = ctx.target_tokens
        for i in range(1, len(folded)):
            if folded[i] != folded[i - 1]:
                continue
            prev, cur = toks[i - 1], toks[i]
            if prev.text.isdigit():
                continue
            gap = ctx.target[prev.end:cur.start]
            if not gap or not gap.isspace():
                continue
            if _source_repeats(ctx).doubles(prev.text) or _source_repeats_other(ctx, [prev.text]):
                continue  # the source repeats itself too (Duran Duran, "no, no, no")
            if gap == " " and _reduplication(prev.text, cur.text, ctx.target_lang):
                # MT stutters ("setelah setelah") and informal writing drops a reduplication's
                # hyphen ("enak enak"): nothing in the words tells which, so the one-key fix
                # stays the safe one and the message names the other.
                yield self.flag(ctx, prev.start, cur.end,
                                f"{prev.text!r} is repeated; if it is a reduplication, write it with a hyphen: "
                                f"{prev.text + '-' + cur.text!r}", prev.text)
                continue
            yield self.flag(ctx, prev.start, cur.end, f"{prev.text!r} is repeated", prev.text)


#: Indonesian prefixes of derived verbs: a doubled "mengatakan mengatakan" is a stutter, since
#: such words reduplicate in part ("dilempar-lempar", "melihat-lihat"), never whole.
_VERB_PREFIXES = ("memper", "diper", "meng", "meny", "mem", "men", "ber", "ter", "di")


def _reduplication(first: str, second: str, target_lang: str) -> bool:
    """Whether a doubled word in Indonesian may be a reduplication whose hyphen was left out
    ("enak enak", "benar benar", "kumpul kumpul" in informal writing: PUEBI writes
    "benar-benar"): a lower-case base word (not a function word, a name, an acronym, a number or
    a derived verb), written the same both times."""
    if not target_lang.lower().startswith("id") or len(second) < 3 or not (second.isalpha() and second.islower()):
        return False
    if first != second and first != second[0].upper() + second[1:]:  # (the first may start a sentence)
        return False
    if second in lang_id.FUNCTION_WORDS:
        return False
    return not any(second.startswith(p) and len(second) >= len(p) + 4 for p in _VERB_PREFIXES)


def _folded_words(ctx: SegmentContext) -> list[str]:
    """The target's words case-folded, in order (what `ctx.target_folded` holds), made from the
    words' texts in three passes in C, and without word tokens with their offsets: the
    repetition checks need those only where some word or pair of words comes back."""
    found = ctx.shared.get(_folded_words)
    if found is None:
        texts = ctx.target_texts
        # Case folding maps each character on its own and never makes a line break.
        found = ctx.shared[_folded_words] = "\n".join(texts).casefold().split("\n") if texts else []
    return found


_SOURCE_REPEATS = regex.compile(r"(?<![\p{L}\p{N}])([\p{L}\p{N}]+(?:\s+[\p{L}\p{N}]+){0,3})[\s,!.]+\1(?![\p{L}\p{N}])",
                                regex.IGNORECASE)
#: What may stand between a phrase and its repetition for the source to count as repeating it.
_SEPARATOR_RUN = regex.compile(r"[\s,-]+")
_ALNUM_RUN = regex.compile(r"[\p{L}\p{N}]+")
_ALNUM_RUN_AT_END = regex.compile(r"[\p{L}\p{N}]+\Z")
_ALNUM = regex.compile(r"[\p{L}\p{N}]")


def _loose(word: str) -> str:
    """A word's case-folded form, with the Turkish dotted and dotless i folded like i (which a
    case-insensitive `regex` match takes them for): what two words equal ignoring case share."""
    folded = word.casefold()
    return folded.replace("\u0307", "").replace("ı", "i") if not folded.isascii() else folded


def _source_repeats_other(ctx: SegmentContext, words: list[str]) -> bool:
    """The source repeats something, and the target's repeated words are translations (not
    source words that the source writes once): "no, no, no" may become "tidak tidak tidak", but
    an "AI AI" is not excused by a "that that" elsewhere in the source."""
    if not _source_repeats(ctx).anything:
        return False
    return not all(w.casefold() in ctx.source_words_folded for w in words)


def _source_repeats(ctx: SegmentContext) -> _SourceRepeats:
    """The segment's `_SourceRepeats`, made by the first check that asks."""
    found = ctx.shared.get(_SourceRepeats)
    if found is None:
        found = ctx.shared[_SourceRepeats] = _SourceRepeats(ctx.source)
    return found


class _SourceRepeats:
    """What a source repeats, for the repetition checks, at a cost that grows with the length of
    the source once per segment, not once per repetition found in the target (a long repetitive
    line made that quadratic): whether it repeats anything (`anything`), and whether it doubles
    a given phrase (`doubles`), answered from an index of the places where two words meet across
    white space, commas or hyphens."""

    __slots__ = ("source", "_anything", "_meetings", "_known", "_searches_left")

    def __init__(self, source: str, searches: int = 4) -> None:
        """`searches`: phrases looked for with a search of the whole source before the index is
        built (a segment with a repetition or two, the usual case, costs less that way)."""
        self.source = source
        self._anything: bool | None = None
        self._meetings: dict[tuple[str, str], list[tuple[int, int]]] | None = None
        self._known: dict[str, bool] = {}
        self._searches_left = searches

    @property
    def anything(self) -> bool:
        """Whether the source repeats a run of up to four words ("no, no", "Duran Duran")."""
        if self._anything is None:
            self._anything = _SOURCE_REPEATS.search(self.source) is not None
        return self._anything

    def doubles(self, phrase: str) -> bool:
        """Whether the source has the phrase twice in a row, ignoring case, the two separated by
        white space, commas or hyphens, and not inside longer words: what the search
        `(?<![\\p{L}\\p{N}])PHRASE[\\s,-]+PHRASE(?![\\p{L}\\p{N}])` finds, for a phrase that starts
        and ends with a word character (tokens do)."""
        known = self._known.get(phrase)
        if known is None:
            if self._searches_left > 0:
                self._searches_left -= 1
                known = bool(rx(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(phrase)}[\s,-]+{regex.escape(phrase)}"
                                rf"(?![\p{{L}}\p{{N}}])", regex.IGNORECASE).search(self.source))
            else:
                known = self._find(phrase)
            self._known[phrase] = known
        return known

    def _find(self, phrase: str) -> bool:
        # The separator between the two copies is a whole run of separators (the phrase starts
        # and ends with a word character), so the first copy ends where such a run starts and the
        # second starts where it ends; the letters and digits on either side of the run are then
        # those that end and start the phrase. Only runs with those neighbours are looked at.
        if self._meetings is None:
            self._meetings = self._index()
        last = _ALNUM_RUN_AT_END.search(phrase)
        first = _ALNUM_RUN.match(phrase)
        key = (_loose(last.group()) if last else "", _loose(first.group()) if first else "")
        meetings = self._meetings.get(key)
        if not meetings:
            return False
        text, n = self.source, len(phrase)
        same = rx(regex.escape(phrase), regex.IGNORECASE)
        for start, end in meetings:
            before, after = start - n, end + n
            if before < 0 or after > len(text):
                continue
            if (before and _ALNUM.match(text, before - 1)) or (after < len(text) and _ALNUM.match(text, after)):
                continue
            if same.fullmatch(text, before, start) and same.fullmatch(text, end, after):
                return True
        return False

    def _index(self) -> dict[tuple[str, str], list[tuple[int, int]]]:
        """Every run of separators, by the letters and digits that end before it and start after it."""
        text = self.source
        ends: dict[int, str] = {}
        starts: dict[int, str] = {}
        for m in _ALNUM_RUN.finditer(text):
            starts[m.start()] = ends[m.end()] = _loose(m.group())
        meetings: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for m in _SEPARATOR_RUN.finditer(text):
            start, end = m.span()
            meetings.setdefault((ends.get(start, ""), starts.get(end, "")), []).append((start, end))
        return meetings


@register
class RepeatedPhrase(Check):
    """A phrase of two or more words repeated ("Peterson Institute The Peterson Institute")."""

    id = "repeated-phrase"
    category = "fluency/duplication"
    severity = Severity.MAJOR
    description = 'a phrase of 2+ words repeated ("Peterson Institute The Peterson Institute")'

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        words = _folded_words(ctx)
        n_tok = len(words)
        # A repeated phrase of two or more words repeats its first two: with no pair of
        # neighbouring words twice in the text (a set built in C), there is nothing to look for.
        if n_tok < 4 or len(set(zip(words, islice(words, 1, None)))) == n_tok - 1:
            return
        toks: list[Token] = []  # the word tokens, with their offsets, once a phrase comes back
        last_seen: dict[str, int] = {}
        candidates = set()  # positions whose word comes back within the longest phrase window
        for k, w in enumerate(words):
            j = last_seen.get(w)
            if j is not None and k - j <= 9:
                candidates.add(j)
            last_seen[w] = k
        if not candidates:
            return
        i = 0
        while i < n_tok:
            if i not in candidates:
                i += 1
                continue
            found = False
            for n in range(min(8, (n_tok - i) // 2), 1, -1):
                first = words[i:i + n]
                for skip in (0, 1):
                    j = i + n + skip
                    if j + n > n_tok:
                        continue
                    if skip and words[i + n] not in _JOINERS:
                        continue
                    if words[j:j + n] != first:
                        continue
                    toks = toks or ctx.target_tokens
                    gap = ctx.target[toks[i + n - 1].end:toks[j].start]
                    if skip:
                        gap = gap.replace(toks[i + n].text, " ", 1)
                    if not all(c.isspace() for c in gap):
                        continue  # "sangat senang, sangat senang": repetition set off by commas is deliberate
                    phrase = " ".join(t.text for t in toks[i:i + n])
                    if (_source_repeats(ctx).doubles(phrase)
                            or _source_repeats_other(ctx, [t.text for t in toks[i:i + n]])):
                        continue
                    start, end = toks[i + n - 1].end, toks[j + n - 1].end
                    yield self.flag(ctx, start, end, f"the phrase {phrase!r} is repeated", "")
                    i = j + n
                    found = True
                    break
                if found:
                    break
            if not found:
                i += 1


_PAIRS = {")": "(", "]": "[", "}": "{"}


#: A bracket: what the brackets check reads, and its trigger.
_BRACKET = re.compile(r"[()\[\]{}]")


def _bracket_problems(text: str) -> list[tuple[int, str]]:
    stack: list[tuple[int, str]] = []
    problems: list[tuple[int, str]] = []
    for m in _BRACKET.finditer(text):  # the brackets only, not every character
        i, ch = m.start(), m.group()
        if ch in "([{":
            stack.append((i, ch))
        elif ch in _PAIRS:
            if stack and stack[-1][1] == _PAIRS[ch]:
                stack.pop()
            else:
                problems.append((i, ch))
    problems.extend(stack)
    return problems


@register
class Brackets(Check):
    """Unbalanced brackets in the target where the source is balanced."""

    id = "brackets"
    category = "fluency/punctuation"
    severity = Severity.MINOR
    description = "unbalanced ( ) [ ] { } in the target that the source does not have"
    trigger = Trigger(target=Contains("(", ")", "[", "]", "{", "}"))  # (what _BRACKET finds)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        if not any(c in ctx.target for c in "()[]{}"):
            return
        problems = _bracket_problems(ctx.target)
        if not problems:
            return
        source_kinds = Counter(ch for _, ch in _bracket_problems(ctx.source))
        for pos, ch in problems:
            if source_kinds[ch]:
                source_kinds[ch] -= 1
                continue
            what = "closing" if ch in _PAIRS else "opening"
            yield self.flag(ctx, pos, pos + 1, f"{what} {ch!r} has no partner")


_OPEN_Q, _CLOSE_Q = "“", "”"
#: A double quote mark, curly or straight: what the quotes check looks at, and its trigger.
_QUOTE_MARK = re.compile('[“”"]')
_SINGLE_OPEN = regex.compile(r"(?<![\p{L}\p{N}])['‘](?=[\p{L}\p{N}])")
_SINGLE_CLOSE = regex.compile(r"(?<=[\p{L}\p{N}.,!?])['’](?![\p{L}\p{N}])")


def _source_quotes_unbalanced(text: str) -> bool:
    """The source opens or closes a quotation it does not finish (it runs on to the next
    paragraph, or starts in the previous one): the target may then do the same."""
    if text.count(_OPEN_Q) != text.count(_CLOSE_Q) or text.count('"') % 2:
        return True
    return len(_SINGLE_OPEN.findall(text)) != len(_SINGLE_CLOSE.findall(text))


@register
class Quotes(Check):
    """Double quotes must pair up and point the right way (“…”, or straight "…")."""

    id = "quotes"
    category = "fluency/punctuation"
    severity = Severity.MINOR
    description = "quotes that do not pair up or point the wrong way (“…“), stray closing quotes"
    trigger = Trigger(target=Contains("“", "”", '"'))  # (what _QUOTE_MARK finds)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        text = ctx.target
        if '"' not in text and _OPEN_Q not in text and _CLOSE_Q not in text:
            return
        source_unbalanced: bool | None = None  # read only when a flag depends on it
        open_at: int | None = None
        for m in _QUOTE_MARK.finditer(text):
            q = m.start()
            # Where the white space right before the mark starts (what the pattern \s*[“”"]
            # run over the text would have matched from: a match ends at a quote mark, never
            # inside white space).
            w = q
            while w and text[w - 1] in REGEX_SPACE:
                w -= 1
            ch = text[q]
            before = text[q - 1] if q > 0 else ""
            after = text[q + 1] if q + 1 < len(text) else ""
            spaced = w < q  # whitespace right before the mark
            closes_by_context = bool(before) and (not before.isspace() or not after or after.isspace())
            opens_by_context = (not before or before.isspace() or before in "([{—–-") and bool(after) and not after.isspace()
            if ch == '"':
                role = "close" if open_at is not None else "open"
            elif ch == _OPEN_Q:
                role = "open"
            else:
                role = "close"
            if role == "open" and open_at is not None:
                if ch == _OPEN_Q and closes_by_context:
                    start = w if spaced and w > 0 and text[w - 1] in ".,!?;:" else q
                    yield self.flag(ctx, start, q + 1,
                                    "opening quote “ used to close a quotation; use ” right after the punctuation", "”")
                    open_at = None
                continue  # a nested or continued quotation: leave it to the reviewer
            if role == "open":
                open_at = q
                continue
            if open_at is None:
                if ch == _CLOSE_Q and opens_by_context and any(c in "”\"" for c in text[q + 1:]):
                    yield self.flag(ctx, q, q + 1, "closing quote ” used to open a quotation; use “", "“")
                    open_at = q
                else:
                    if source_unbalanced is None:
                        source_unbalanced = _source_quotes_unbalanced(ctx.source)
                    if not source_unbalanced:
                        start = w if spaced else q
                        yield self.flag(ctx, start, q + 1, "closing quote without an opening quote", "")
                continue
            if spaced and w > 0 and text[w - 1] in ".,!?" and (not after or after.isspace()):
                yield self.flag(ctx, w, q + 1, "space before a closing quote", ch)
            open_at = None
        if open_at is not None:
            if source_unbalanced is None:
                source_unbalanced = _source_quotes_unbalanced(ctx.source)
            if not source_unbalanced:
                yield self.flag(ctx, open_at, open_at + 1, "quotation is opened but never closed")


@register
class CurrencySpacing(Check):
    """A currency sign separated from its amount ("$ 103")."""

    id = "currency-spacing"
    category = "locale-convention/currency-format"
    severity = Severity.MINOR
    description = 'a currency sign separated from its amount ("$ 103" for "$103")'
    trigger = Trigger(target=Contains("$", "€", "£", "¥"))

    _RE = regex.compile(r"((?:US|S|A|HK|NZ|C)?\$|€|£|¥)(\s+)(?=\d)")

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        for m in self._RE.finditer(ctx.target):
            yield self.flag(ctx, m.start(), m.end(), f"no space between {m.group(1)!r} and the amount", m.group(1))


@register
class InvisibleCharacters(Check):
    """Bidi controls, zero-width and control characters, soft hyphens and non-NFC text in the
    target that the source does not have (Trojan Source, copy-paste debris)."""

    id = "invisible-characters"
    category = "fluency/character-encoding"
    severity = Severity.MAJOR
    description = "bidi controls, zero-width or control characters, soft hyphens, non-NFC text not in the source"
    variants = ((Severity.MINOR, "fluency/character-encoding", "non-NFC text"),)
    # Everything the check flags is outside printable ASCII (and text all in it is in NFC).
    # One range: the `regex` module scans for it several times faster than for a set.
    trigger = Trigger(target=regex.compile(r"[^ -~]"))

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        text = ctx.target
        printable = text.isprintable()  # every character looked for below is not printable
        if printable and text.isascii():
            return
        for i, ch in enumerate(text if not printable else ""):
            if ch in "\t\n" or ch in ctx.source:
                continue
            if ch in BIDI_CONTROLS:
                what = "a bidirectional control character (can disguise the text's order)"
            elif ch in ZERO_WIDTH:
                what = "a soft hyphen" if ch == "\u00ad" else "a zero-width character"
            elif unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp"):
                what = "a control character"
            else:
                continue
            yield self.flag(ctx, i, i + 1, f"U+{ord(ch):04X} is {what}", "")
        if not unicodedata.is_normalized("NFC", text):
            nfc = unicodedata.normalize("NFC", text)
            start = next((i for i, (a, b) in enumerate(zip(text, nfc)) if a != b), min(len(text), len(nfc)))
            end = start + 1
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1
            if text[start:end] in ctx.source:
                return  # the source is decomposed the same way
            yield self.flag(ctx, start, end, "text is not in Unicode NFC form (decomposed accents)",
                            unicodedata.normalize("NFC", text[start:end]), severity=Severity.MINOR)


#: From a word's first hyphen to its end (one word per line).
_HYPHENED_PART = re.compile("-[^\n]*")
#: How many forms a verdict may hold for `flags` to look for each in the text (a search in C
#: per form); with more, it compares the forms with the text's words as a set.
_FEW_FORMS = 32


@register
class InconsistentCase(CorpusCheck):
    """One name written with different capitalisation across the corpus (NVIDIA / Nvidia).

    No trigger: every segment counts, since a lower-case word anywhere ("bank") keeps a name
    written that way from being flagged. Both passes read the target's words as texts (a
    `findall` in C, shared with the other checks that want them), not as tokens, and handle in
    Python only the few that hold a capital or a character beyond ASCII."""

    id = "inconsistent-case"
    category = "terminology/inconsistent"
    severity = Severity.MINOR
    description = "a name capitalised differently in different segments (NVIDIA / Nvidia)"

    def _names(self, ctx: SegmentContext) -> list[tuple[str, str, int]]:
        """Capitalised target words that could be names: (word, its case-folded key, its start)."""
        texts, target, kinds = ctx.target_texts, ctx.target, _NAME_KINDS
        pos, out = 0, []
        # Ordinary words (lower-case ASCII, most of them) are passed over. Not looking for where
        # they are is safe: what comes after one can only be found again at its own place, since
        # a token that holds an upper-case or non-ASCII letter cannot start inside lower-case
        # ASCII text that the tokenizer ended where it did. (ASCII text: one pass in C.)
        for i in (compress(count(), map(operator.not_, map(str.islower, texts))) if target.isascii()
                  else [i for i, text in enumerate(texts) if not (text.islower() and text.isascii())]):
            text = texts[i]
            start = target.find(text, pos)  # where the token is (nothing between tokens is a word)
            pos = start + len(text)
            kind, word, key = kinds.get(text) or _name_kind(text)
            if kind is _NOT_A_NAME:
                continue
            if kind is _CAPITALS and _shouting(texts, i):
                continue  # a run of capitals is emphasis, not a spelling
            if kind is _TITLE_CASE and not (start > 1 and target[start - 1] == " " and target[start - 2].isalnum()) \
                    and is_sentence_start(target, start):  # (after a space, a letter or digit ends no sentence)
                continue
            out.append((word, key, start))
        return out

    def new_stats(self) -> dict[str, Any]:
        return {"forms": defaultdict(Counter), "common": set(), "in_source": set()}

    def collect(self, stats: dict[str, Any], ctx: SegmentContext) -> None:
        # Lower-case words are ordinary words, not names: each word's part before its first
        # hyphen, if lower-case. Words shorter than three letters are kept too (a filter in
        # Python would cost more than they do): no name that short is counted, so they never
        # decide anything.
        stats["common"].update(filter(str.islower, _first_parts(ctx.target_texts)))
        forms, in_source, source = stats["forms"], stats["in_source"], ctx.source
        for word, key, _ in self._names(ctx):
            counter = forms[key]
            counter[word] = counter.get(word, 0) + 1  # what += 1 does, without Counter.__missing__
            if word in source:
                in_source.add(word)

    def merge(self, stats: dict[str, Any], other: dict[str, Any]) -> None:
        for key, counter in other["forms"].items():
            stats["forms"][key].update(counter)
        stats["common"] |= other["common"]
        stats["in_source"] |= other["in_source"]

    def decide(self, stats: dict[str, Any]) -> dict[str, tuple[str, int]]:
        """Each minority form, with the preferred form and how often that is used."""
        verdict: dict[str, tuple[str, int]] = {}
        for key, counter in stats["forms"].items():
            if len(counter) < 2 or key in stats["common"]:
                continue
            preferred = preferred_form(counter, stats["in_source"], self.preferred_forms)
            for form in counter:
                if form != preferred:
                    verdict[form] = (preferred, counter[preferred])
        return verdict

    def flags(self, verdict: dict[str, tuple[str, int]], ctx: SegmentContext) -> Iterator[Flag]:
        if not verdict:
            return
        if len(verdict) <= _FEW_FORMS:
            if not any(form in ctx.target for form in verdict):
                return  # no minority form occurs in the text at all
        elif verdict.keys().isdisjoint(_first_parts(ctx.target_texts)):
            return  # no word of the text starts with a minority form (names are such parts)
        for word, _, start in self._names(ctx):
            if word not in verdict:
                continue
            preferred, n = verdict[word]
            yield self.flag(ctx, start, start + len(word),
                            f"{word!r} is written {preferred!r} elsewhere in this text ({n}×)", preferred)


#: A target word's kind as a name (`InconsistentCase._names`) from its text alone, kept by text with its part before a
#: hyphen and that part's key: none; a name; capitals (unless shouting); title case (unless opening a sentence).
_NOT_A_NAME, _NAME, _CAPITALS, _TITLE_CASE = "not a name", "name", "capitals", "title case"
_NAME_KINDS: dict[str, tuple[str, str, str]] = {}


def _name_kind(text: str) -> tuple[str, str, str]:
    """A word text's kind as a possible name, its part before a hyphen and that part's key (kept)."""
    word = text.split("-")[0] if "-" in text else text
    kind = _NOT_A_NAME if text.islower() or text.isdigit() or len(text) < 3 or len(word) < 3 or word.islower() or not (
        word[0].isalpha() or any(map(str.isalpha, word))) or (word.isupper() and len(word) <= 3) else (
        _CAPITALS if word.isupper() else _TITLE_CASE if word[1:].islower() else _NAME)  # (short acronyms: none)
    if len(_NAME_KINDS) >= 1 << 16:  # (bounded: started afresh)
        _NAME_KINDS.clear()
    return _NAME_KINDS.setdefault(text, (kind, word, word.casefold()))

def _first_parts(texts: list[str]) -> list[str]:
    """Each word's part before its first hyphen (the word if it has none), in three passes in C."""
    joined = "\n".join(texts)  # one word per line (no word holds a line break)
    return _HYPHENED_PART.sub("", joined).split("\n") if "-" in joined else texts


def _shouting(texts: list[str], i: int) -> bool:
    neighbours = [texts[j] for j in (i - 1, i + 1) if 0 <= j < len(texts)]
    return any(len(n) > 1 and n.isupper() and n.isalpha() for n in neighbours)


def preferred_form(counter: Counter[str], in_source: set[str], prescribed: frozenset[str]) -> str:
    """The glossary's form if it is among the forms used, else the most frequent one (on a tie,
    a form the source also uses)."""
    for form in counter:
        if form in prescribed:
            return form
    (best, best_n), *rest = counter.most_common()
    ties = [form for form, n in counter.items() if n == best_n]
    if len(ties) > 1:
        return sorted([f for f in ties if f in in_source] or ties)[0]
    return best
