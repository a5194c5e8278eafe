"""Checks for English to Indonesian: reduplication and clitic spacing, English plurals and words
left in the Indonesian, function-word capitals, lost names, comparatives and negations, and
Indonesian name variants mixed in one text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import regex

from reviewer.checks.base import Check, CorpusCheck, SegmentContext, register
from reviewer.checks.generic import preferred_form
from reviewer.core.model import Flag, Severity, Side
from reviewer.core.text import Token, is_sentence_start, rx
from reviewer.lang import en as lang_en
from reviewer.lang import id as lang_id
from reviewer.lang.en_id import CAPITALISED_COMMON, NAME_RENDERINGS, normalise_name

EN, ID = frozenset({"en"}), frozenset({"id", "ms"})


class EnIdCheck(Check):
    source_langs = EN
    target_langs = ID


_SPACED_HYPHEN = regex.compile(r"\s-|-\s")


@register
class ReduplicationSpacing(EnIdCheck):
    """Broken reduplication and clitics: "bertahun -tahun", "perusahaan -perusahaan", "H800S -nya"."""

    id = "reduplication-spacing"
    category = "fluency/spelling"
    severity = Severity.MINOR
    description = 'space around the hyphen of a reduplication or clitic ("bertahun -tahun", "H800 -nya")'

    _SPACE_BEFORE = regex.compile(r"([\p{L}\p{N}]+)(\s+)-(\p{L}+)")
    _SPACE_AFTER = regex.compile(r"(\p{L}+)-(\s+)(\p{L}+)")

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        text = ctx.target
        if "-" not in text or not _SPACED_HYPHEN.search(text):
            return  # (most hyphens join words; the patterns below are much slower to run)
        for m in self._SPACE_BEFORE.finditer(text):
            left, right = m.group(1), m.group(3)
            if right[:1].isupper() and not _is_reduplication(left, right):
                continue  # a dash before a name ("itu -Chile"), not a broken word
            kind = "clitic" if right.lower() in lang_id.CLITICS else "reduplication"
            yield self.flag(ctx, m.start(), m.end(), f"space before the hyphen of a {kind} ({left!r} -{right})",
                            f"{left}-{right}")
        for m in self._SPACE_AFTER.finditer(text):
            left, right = m.group(1), m.group(3)
            if right.lower() in lang_id.CLITICS or _is_reduplication(left, right):
                yield self.flag(ctx, m.start(), m.end(), "space after the hyphen of a reduplication",
                                f"{left}-{right}")


def _is_reduplication(left: str, right: str) -> bool:
    a, b = left.lower(), right.lower()
    return a == b or (len(b) >= 3 and (a.endswith(b) or b.startswith(a)))


_CODE_PLURAL = regex.compile(
    r"(?<![\p{L}\p{N}@./])((?=[\p{L}\p{N}]*\d)(?=[\p{N}-]*\p{Lu})[\p{Lu}\p{N}][\p{Lu}\p{N}-]*?)([Ss])(?![\p{L}\p{N}])")
_ADDRESS = regex.compile(r"\S+@\S+|(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|id|co\.id|go\.id|ac\.id)\b\S*")


_DIGIT = regex.compile(r"\d")
#: Something only an e-mail or web address has (one search instead of one per hint).
_ADDRESS_HINT = re.compile(r"@|://|www\.|\.(?:com|org|net|id)")


def _outside_addresses(text: str, tokens: list[Token]) -> list[Token]:
    if not _ADDRESS_HINT.search(text):
        return tokens
    spans = [(m.start(), m.end()) for m in _ADDRESS.finditer(text)]
    if not spans:
        return tokens
    return [t for t in tokens if not any(a <= t.start < b for a, b in spans)]
_NOT_PLURAL = frozenset(
    "gas bias atlas canvas plus minus versus chaos status bonus virus tennis lotus iris bus news series "
    "species analysis basis crisis thesis diabetes herpes mumps physics economics politics mathematics "
    "ethics athletics gymnastics tactics logistics statistics dynamics graphics electronics genetics "
    "robotics semantics aerobics headquarters".split()
)


def _singular(word: str) -> str | None:
    w = word
    if w.lower().endswith("ies") and len(w) > 4:
        return w[:-3] + ("Y" if w[-1].isupper() else "y")
    if rx(r"(?:x|ch|sh|ss|z)es$", regex.IGNORECASE).search(w):
        return w[:-2]
    if w.lower().endswith("s"):
        return w[:-1]
    return None


@register
class EnglishPlural(EnIdCheck):
    """The English plural -s left on a code or loanword ("H800S", "A100S", "GPUs", "chatbots")."""

    id = "english-plural"
    category = "fluency/grammar"
    severity = Severity.MINOR
    description = 'English plural -s left on a model code or loanword ("H800S", "A100S", "chatbots")'
    variants = ((Severity.MAJOR, "fluency/spelling", 'on a model code ("H800S", "A100S")'),)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        seen: set[int] = set()
        codes = _CODE_PLURAL.finditer(ctx.target) if _DIGIT.search(ctx.target) else ()
        for m in codes:
            base = m.group(1).rstrip("-")
            plural_in_source = rx(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(base)}['’]?s(?![\p{{L}}\p{{N}}])", regex.IGNORECASE).search(ctx.source)
            same_in_source = rx(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(m.group())}(?![\p{{L}}\p{{N}}])").search(ctx.source)
            if not plural_in_source or (same_in_source and m.group(2) == "S"):
                continue
            seen.add(m.start())
            yield self.flag(ctx, m.start(), m.end(),
                            f"{m.group()!r}: the English plural -s is not part of the name {base!r}; "
                            "Indonesian marks plurals otherwise", base, category="fluency/spelling",
                            severity=Severity.MAJOR)
        candidates = [t for t in ctx.target_tokens if (t[0][-1] in "sS" or "-" in t[0]) and t[1] not in seen]
        if not candidates:
            return  # no word ends in s: nothing to look up in the source
        candidates = _outside_addresses(ctx.target, candidates)
        # What the source has is looked up only for words that pass the cheap tests first.
        source_tokens: list[Token] | None = None
        source_lower: set[str] = set()
        source_acronym_plurals: set[str] = set()
        for tok in candidates:
            word = tok.text.split("-")[0]
            lw = word.lower()
            loanword = not (len(lw) < 5 or not lw.endswith("s") or lw.endswith(("ss", "us", "is", "'s", "’s"))
                            or lw in _NOT_PLURAL or not lw.isalpha())
            if source_tokens is None and (loanword or word[:-1].isupper()):
                source_tokens = _outside_addresses(ctx.source, ctx.source_tokens)
                source_lower = {t.text for t in source_tokens if t.text[:1].islower()}
                source_acronym_plurals = {t.text for t in source_tokens
                                          if len(t.text) >= 3 and t.text[-1] == "s" and t.text[:-1].isupper()
                                          and t.text[:-1].isalpha()}
            if word in source_acronym_plurals or (word[:-1] + "s" in source_acronym_plurals and word.isupper()):
                yield self.flag(ctx, tok.start, tok.start + len(word),
                                f"{word!r}: English plural on an acronym", word[:-1])
                continue
            if not loanword:
                continue
            if lw not in source_lower and word not in source_lower:
                continue
            if word[:1].isupper() and not any(t.text == lw for t in source_tokens or ()):
                continue
            singular = _singular(word)
            if singular is None or (len(singular) < 3):
                continue
            yield self.flag(ctx, tok.start, tok.start + len(word),
                            f"{word!r} keeps the English plural -s; write {singular!r}", singular)


_TITLE = regex.compile(r"(?<![\p{L}])(Mr|Mrs|Ms|Messrs)\.?\s+(?=\p{Lu})")


_UNTRANSLATED_KEYS = frozenset(k for k in lang_id.UNTRANSLATED_ENGLISH if k not in lang_id.ENGLISH_FUNCTION_ONLY_IN_RUNS)
_EN_FUNCTION = frozenset(lang_en.FUNCTION_WORDS)


@register
class UntranslatedEnglish(EnIdCheck):
    """English left in the Indonesian: titles ("Mr."), common English words with an Indonesian
    equivalent ("screenshot", "online"), and runs of English function words."""

    id = "untranslated-english"
    category = "accuracy/untranslated"
    severity = Severity.MINOR
    description = 'English left in the Indonesian: "Mr.", "screenshot", runs of English words'
    variants = ((Severity.MAJOR, "accuracy/untranslated", "a run of English words"),)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        text = ctx.target
        for m in _TITLE.finditer(text):
            yield self.flag(ctx, m.start(), m.end(),
                            f"English title {m.group(1)!r}: Indonesian news style drops it (or uses Tn./Ny.)", "")
        source_words = ctx.source_words_folded
        toks = ctx.target_tokens
        folded = ctx.target_folded
        if not _UNTRANSLATED_KEYS.intersection(folded):
            toks_to_scan: list[Token] = []
        else:
            toks_to_scan = toks
        for tok in toks_to_scan:
            lw = tok.text.lower()
            if lw in lang_id.ENGLISH_FUNCTION_ONLY_IN_RUNS or lw not in lang_id.UNTRANSLATED_ENGLISH:
                continue
            in_source = lw in source_words or lw + "s" in source_words or lw.rstrip("s") in source_words
            if not in_source or (tok.text[:1].isupper() and not is_sentence_start(text, tok.start)):
                continue
            suggestion = lang_id.UNTRANSLATED_ENGLISH[lw] or None
            yield self.flag(ctx, tok.start, tok.end, f"English word {tok.text!r} left untranslated"
                            + (f"; Indonesian: {suggestion!r}" if suggestion else ""), suggestion)
        if len(_EN_FUNCTION.intersection(folded)) >= 2:
            yield from self._english_runs(ctx, toks)

    def _english_runs(self, ctx: SegmentContext, toks: list[Token]) -> Iterator[Flag]:
        source_words = ctx.source_words_folded
        run: list[Token] = []
        for tok in [*toks, None]:
            if tok is not None and tok.text.casefold() in source_words and not tok.text.isdigit():
                if run and not rx(r"[\s,]*").fullmatch(ctx.target[run[-1].end:tok.start]):
                    yield from self._judge_run(ctx, run)
                    run = []
                run.append(tok)
                continue
            yield from self._judge_run(ctx, run)
            run = []

    def _judge_run(self, ctx: SegmentContext, run: list[Token]) -> Iterator[Flag]:
        if len(run) < 4:
            return
        function = [t for t in run if t.text in lang_en.FUNCTION_WORDS]
        content = [t for t in run if t.text.lower() not in lang_en.FUNCTION_WORDS]
        if len(function) < 2 or all(t.text[:1].isupper() or not t.text.isalpha() for t in content):
            return
        yield self.flag(ctx, run[0].start, run[-1].end, "English text left untranslated", severity=Severity.MAJOR)


@register
class FunctionWordCase(EnIdCheck):
    """An Indonesian function word capitalised in mid-sentence ("wawancara Dengan Liang")."""

    id = "function-word-case"
    category = "fluency/spelling"
    severity = Severity.MINOR
    description = 'an Indonesian function word capitalised mid-sentence ("wawancara Dengan")'

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        toks = ctx.target_tokens
        if lang_id.FUNCTION_WORDS.isdisjoint([t[0].lower() for t in toks if t[0][0].isupper()]):
            return
        words = [t for t in toks if t.text[:1].isalpha()]
        if not words or sum(t.text[:1].isupper() for t in words) > 0.6 * len(words):
            return  # title case heading
        source_caps = {t.text for t in ctx.source_tokens if t.text[:1].isupper()}
        for tok in toks:
            w = tok.text
            if not (w[:1].isupper() and w[1:].islower()) or w.lower() not in lang_id.FUNCTION_WORDS:
                continue
            if w in source_caps or is_sentence_start(ctx.target, tok.start):
                continue
            before = ctx.target[:tok.start].rstrip()
            if before and before[-1] in "“‘\"'([«":
                continue  # a quotation or bracket may start with a capital
            if _between_capitals(toks, tok):
                continue  # inside a name: Menteri Dalam Negeri, Yang Mulia
            yield self.flag(ctx, tok.start, tok.end,
                            f"{w!r} is a function word and is written in lower case mid-sentence", w.lower())


def _between_capitals(toks: list[Token], tok: Token) -> bool:
    i = toks.index(tok)
    prev_cap = i > 0 and toks[i - 1].text[:1].isupper()
    next_cap = i + 1 < len(toks) and toks[i + 1].text[:1].isupper()
    return prev_cap and next_cap or (tok.text == "Yang" and next_cap)


_CONNECTORS = frozenset({"of", "for", "and", "de", "the", "von", "van", "der", "al", "bin", "du", "la", "le", "&"})


def _name_like(word: str) -> bool:
    """Looks like a name even at the start of a sentence: codes, acronyms, inner capitals."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    if any(c.isdigit() for c in word):
        return True
    if word.isupper():
        return 2 <= len(letters) <= 5  # acronyms; longer all-caps words are shouting
    return any(c.isupper() for c in word[1:]) and not word[1:].isupper()


def _source_entities(ctx: SegmentContext) -> list[list[Token]]:
    """Runs of capitalised source words that look like names (a capital that only marks the
    start of a sentence, or a title-case heading, says nothing)."""
    toks = ctx.source_tokens
    caps = [i for i, t in enumerate(toks) if t[0][0].isupper()]  # (a token is never empty)
    if not caps:
        return []
    source, n, capital = ctx.source, len(toks), frozenset(caps)
    groups: list[list[Token]] = []
    after = -1  # the last word taken by a group
    for i in caps:
        if i <= after:
            continue
        group = [toks[i]]
        j = i + 1
        while j < n:
            tok = toks[j]
            if source[group[-1][2]:tok[1]].strip(" \t"):
                break  # words of one name stand next to each other
            if j in capital or (tok[0].lower() in _CONNECTORS and j + 1 in capital):
                group.append(tok)  # "Bank of England": a small word between capitals
                j += 1
                continue
            break
        after = j - 1
        groups.append(group)
    # A heading capitalises its words; a sentence crowded with names still has lower-case words
    # that are not small function words ("The Peterson Institute for International Economics said").
    title_case: bool | None = None  # found out when a group needs it
    out = []
    for group in groups:
        while group and (group[0].text.lower() in CAPITALISED_COMMON or group[0].text.lower() in _CONNECTORS):
            group = group[1:]
        while group and group[-1].text.lower() in _CONNECTORS:
            group = group[:-1]
        if not group:
            continue
        if title_case is None:
            alpha = [t[0] for t in toks if t[0][0].isalpha()]
            title_case = len(alpha) >= 4 and len(caps) > 0.6 * len(alpha) and all(
                w[0].isupper() or w.lower() in lang_en.FUNCTION_WORDS for w in alpha)
        if title_case:
            group = [t for t in group if _name_like(t.text)]  # a heading capitalises every word
        if not group or sum(t.text.isupper() and len(t.text) > 1 for t in group) >= 3:
            continue  # nothing left, or shouted text rather than a name
        if is_sentence_start(ctx.source, group[0].start) and not _name_like(group[0].text):
            # A capital at the start of a sentence says nothing: keep only what follows it.
            group = group[1:]
            while group and group[0].text.lower() in _CONNECTORS:
                group = group[1:]
        if group:
            out.append(group)
    return out


def _name_key(word: str) -> str:
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


def _fuzzy_equal(a: str, b: str) -> bool:
    """Same name in two spellings (Macedonia ~ Makedonia, Chilean ~ Chili, Russian ~ Rusia)."""
    return _close(normalise_name(a, True), normalise_name(b, True)) or _close(
        normalise_name(a, False), normalise_name(b, False))


def _target_spellings(ctx: SegmentContext) -> list[tuple[str, str]]:
    """The spelling keys, soft and hard, of the target's words of three letters or more (made
    once per segment, for every source name `_present` looks for)."""
    found = ctx.shared.get("name-spellings")
    if found is None:
        found = ctx.shared["name-spellings"] = [
            (normalise_name(w, True), normalise_name(w, False)) for w in ctx.target_words_folded if len(w) >= 3]
    return found


def _present(word: str, ctx: SegmentContext, target_lower: str, dotless: frozenset[str]) -> bool:
    """`dotless`: the target's words written with periods (U.S.), without them (`_dotless`)."""
    key = _name_key(word)
    words = ctx.target_words_folded
    undotted = key.replace(".", "")
    if key in words or key.rstrip("s") in words or undotted in words or undotted in dotless or key in ("", "s"):
        return True
    renderings = NAME_RENDERINGS.get(key, ()) + NAME_RENDERINGS.get(key.rstrip("s"), ()) + NAME_RENDERINGS.get(
        key.rstrip("."), ())
    for rendering in renderings:
        if not rendering or rendering in words or rendering in dotless or (" " in rendering and rendering in target_lower):
            return True
    if len(key) < 4 or any(c.isdigit() for c in key):
        return False
    soft, hard = normalise_name(key, True), normalise_name(key, False)
    return any(_close(soft, s) or _close(hard, h) for s, h in _target_spellings(ctx))


def _unexplained_capitals(ctx: SegmentContext) -> int:
    """Capitalised target words (not at a sentence start) that match no source word: likely
    translations of source names ("Badai" for "Hurricane", "Palang Merah" for "Red Cross")."""
    source_keys = {_name_key(t.text) for t in ctx.source_tokens}
    renderings = {r for key in source_keys for r in NAME_RENDERINGS.get(key, ())}
    count = 0
    for tok in ctx.target_tokens:
        w = tok.text
        if not w[:1].isupper() or is_sentence_start(ctx.target, tok.start):
            continue
        key = _name_key(w)
        if key in source_keys or key in renderings or any(_fuzzy_equal(key, k) for k in source_keys if len(k) >= 3):
            continue
        count += 1
    return count


@register
class MissingEntity(EnIdCheck):
    """A name of the source (person, company, product, place) missing from the target ("Scale AI")."""

    id = "missing-entity"
    category = "accuracy/omission"
    severity = Severity.MAJOR
    description = 'a name in the source that the target lost ("Scale AI" rendered as "AI")'

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        if not ctx.target.strip():
            return
        target_lower = ctx.target.lower()
        dotless: frozenset[str] | None = None
        lost: list[tuple[list[Token], list[str], list[str]]] = []
        for group in _source_entities(ctx):
            parts = [p for t in group for p in t[0].split("-") if p]
            required = [p for p in parts if p.lower() not in _CONNECTORS and p.lower() not in CAPITALISED_COMMON
                        and p[:1].isupper() and len(p) > 1]
            if dotless is None:
                dotless = frozenset(w.replace(".", "") for w in ctx.target_words_folded if "." in w)
            missing = [p for p in required if not _present(p, ctx, target_lower, dotless)]
            if missing:
                lost.append((group, required, missing))
        if not lost:
            return
        # Capitalised target words that match nothing in the source are most likely those names,
        # translated: each one excuses one missing word.
        spare = _unexplained_capitals(ctx)
        for group, required, missing in lost:
            need = max(1, (len(missing) + 1) // 2)  # translations often condense a long name
            if spare >= need:
                spare -= need
                continue
            name = ctx.source[group[0].start:group[-1].end]
            what = name if len(missing) == len(required) else f"{', '.join(map(repr, missing))} of {name!r}"
            yield self.flag(ctx, group[0].start, group[-1].end, f"name {what} is missing from the target",
                            side=Side.SOURCE)


_EN_LESS = regex.compile(r"\b(fewer|less|lesser|fewest)\b(?:\s+([\w-]+))?", regex.IGNORECASE)
#: English negations that are usually translated without a negative word.
_POSITIVE_IDIOMS = regex.compile(
    r"\b(?:no\s+(?:later|sooner|more|less|doubt|matter|wonder)\b|not\s+(?:only|least|surprising(?:ly)?|fail|until)\b|"
    r"(?:do\s+not|don['’]t)\s+forget\b|nothing\s+but\b|cannot\s+help\b|can['’]t\s+help\b|"
    r"(?:whether|if)\s+or\s+not\b|or\s+not\b)",
    regex.IGNORECASE)
_EN_NEGATION = regex.compile(
    r"\b(?:not|never|neither|nor|none|nobody|nothing|nowhere|without|cannot|no(?!\.\s*\d)(?=\s+\w))\b"
    r"|(?<=\w)n['’]t\b",
    regex.IGNORECASE)
#: Antonyms that render "less <adjective>" without a comparison word.
_LESS_ANTONYMS = {
    "expensive": regex.compile(r"\bmurah\b", regex.IGNORECASE),
    "costly": regex.compile(r"\bmurah\b", regex.IGNORECASE),
    "pricey": regex.compile(r"\bmurah\b", regex.IGNORECASE),
    "energy-intensive": regex.compile(r"\bhemat\b", regex.IGNORECASE),
    "likely": regex.compile(r"\bkecil\s+kemungkinan|kemungkinan\w*\s+(?:lebih\s+)?kecil\b", regex.IGNORECASE),
}


@register
class LostComparative(EnIdCheck):
    """"fewer"/"less" in the source with no downward comparison in the target."""

    id = "lost-comparative"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR
    description = '"fewer"/"less" in the source with nothing like "lebih sedikit"/"kurang" in the target'

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        found = [m for m in _EN_LESS.finditer(ctx.source)
                 if not rx(r"\b(?:more\s+or|no|much\s+more\s+or)\s+$", regex.IGNORECASE).search(ctx.source[:m.start()])]
        if not found or not ctx.target.strip():
            return
        markers = len(lang_id.LESS_MARKERS.findall(ctx.target))
        for antonym in {_LESS_ANTONYMS.get((m.group(2) or "").lower()) for m in found} - {None}:
            markers += len(antonym.findall(ctx.target))  # type: ignore[union-attr]
        for m in found[markers:]:
            yield self.flag(ctx, m.start(1), m.end(1),
                            f"the source says {m.group(1)!r}, but the target has no matching comparison "
                            "(lebih sedikit, lebih rendah, kurang …)", side=Side.SOURCE)


@register
class LostNegation(EnIdCheck):
    """A negation in the source and none in the target."""

    id = "lost-negation"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR
    description = "a negation (not, no, never, without) in the source and none in the target"

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        if not _EN_NEGATION.search(ctx.source):
            return
        source = _POSITIVE_IDIOMS.sub(lambda m: " " * len(m.group()), ctx.source)
        m = _EN_NEGATION.search(source)
        if not m or not ctx.target.strip() or lang_id.has_negation(ctx.target, ctx.target_words_folded):
            return
        start = m.start()
        while start > 0 and (source[start - 1].isalnum()):
            start -= 1  # "n't" reaches back to the whole word: don't, can't
        yield self.flag(ctx, start, m.end(),
                        f"the source is negated ({ctx.source[start:m.end()]!r}) but the target has no negation "
                        "(tidak, bukan, belum, tanpa …)", side=Side.SOURCE)


@register
class InconsistentVariant(CorpusCheck):
    """Spelling variants of one name mixed in one text (China / Cina / Tiongkok)."""

    id = "inconsistent-variant"
    category = "terminology/inconsistent"
    severity = Severity.MINOR
    description = "spelling variants of one name mixed in one text (China / Cina / Tiongkok)"
    target_langs = ID

    _variant_of = {v: group for group in lang_id.NAME_VARIANTS for v in group}

    def _variants(self, ctx: SegmentContext) -> Iterator[tuple[str, int, int]]:
        variant_of, target = self._variant_of, ctx.target
        pos = 0
        for text in ctx.target_texts:
            start = target.find(text, pos)  # where the token is (nothing between tokens is a word)
            pos = start + len(text)
            word = text.split("-")[0]
            if word in variant_of:
                yield word, start, start + len(word)

    def new_stats(self) -> dict[str, Any]:
        return {"counts": Counter(), "in_source": set()}

    def _words(self, ctx: SegmentContext) -> list[str]:
        """The variants in the target, without where they are (what `collect` needs)."""
        variant_of = self._variant_of
        return [word for word in (text.split("-", 1)[0] if "-" in text else text for text in ctx.target_texts)
                if word in variant_of]

    def collect(self, stats: dict[str, Any], ctx: SegmentContext) -> None:
        for word in self._words(ctx):
            stats["counts"][word] += 1
            if word in ctx.source:
                stats["in_source"].add(word)

    def merge(self, stats: dict[str, Any], other: dict[str, Any]) -> None:
        stats["counts"].update(other["counts"])
        stats["in_source"] |= other["in_source"]

    def decide(self, stats: dict[str, Any]) -> dict[str, tuple[str, str]]:
        """Each variant to flag, with the preferred one and a summary of the counts."""
        verdict: dict[str, tuple[str, str]] = {}
        for group in lang_id.NAME_VARIANTS:
            counter = Counter({w: n for w, n in stats["counts"].items() if w in group})
            if len(counter) < 2:
                continue
            preferred = preferred_form(counter, stats["in_source"], self.preferred_forms)
            others = ", ".join(f"{w} {n}×" for w, n in counter.most_common())
            for word in counter:
                if word != preferred:
                    verdict[word] = (preferred, others)
        return verdict

    def flags(self, verdict: dict[str, tuple[str, str]], ctx: SegmentContext) -> Iterator[Flag]:
        if not verdict or verdict.keys().isdisjoint(self._words(ctx)):
            return
        for word, start, end in self._variants(ctx):
            if word in verdict:
                preferred, others = verdict[word]
                yield self.flag(ctx, start, end, f"{word!r} mixed with other spellings in this text ({others})",
                                preferred)
