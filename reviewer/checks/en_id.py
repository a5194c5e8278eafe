"""Checks for English to Indonesian: reduplication and clitic spacing, English plurals and words
left in the Indonesian, function-word capitals, lost names, comparatives and negations, and
Indonesian name variants mixed in one text.

Each check has a trigger (see `Trigger`): what must occur in a segment for it to have anything to
say. The checks work from the segment's words as strings (`en_id_words`, `en_id_names`), and
build tokens with offsets only on the rare paths that flag."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import regex

from reviewer.checks.base import NONBLANK, Check, CorpusCheck, SegmentContext, Trigger, register
from reviewer.checks.en_id_names import (
    NAME_TRIGGER,
    lost_name_keys,
    name_key,
    required_parts,
    source_entities,
    unexplained_capitals,
)
from reviewer.checks.en_id_triggers import (
    FUNCTION_WORD_TRIGGER,
    LESS_TRIGGER,
    NEGATION_TRIGGER,
    PLURAL_TRIGGER,
    SPACED_HYPHEN,
    UNTRANSLATED_KEYS,
    UNTRANSLATED_TRIGGER,
    VARIANT_TRIGGER,
)
from reviewer.checks.en_id_words import (
    source_words,
    surely_a_target_word,
    target_starts,
    target_words_folded,
)
from reviewer.checks.generic import preferred_form
from reviewer.core.model import Flag, Severity, Side
from reviewer.core.spans import SpanKind
from reviewer.core.text import Token, is_sentence_start, rx
from reviewer.lang import en as lang_en
from reviewer.lang import id as lang_id

EN, ID = frozenset({"en"}), frozenset({"id", "ms"})

# The triggers' names from before they had a module of their own (`en_id_triggers`).
_SPACED_HYPHEN, _UNTRANSLATED_TRIGGER, _LESS_TRIGGER, _NEGATION_TRIGGER = (
    SPACED_HYPHEN, UNTRANSLATED_TRIGGER, LESS_TRIGGER, NEGATION_TRIGGER)

#: The target is not blank: checks that compare the source with the target need one.
_NONBLANK = NONBLANK


class EnIdCheck(Check):
    source_langs = EN
    target_langs = ID


@register
class ReduplicationSpacing(EnIdCheck):
    """Broken reduplication and clitics: "bertahun -tahun", "perusahaan -perusahaan", "H800S -nya"."""

    id = "reduplication-spacing"
    category = "fluency/spelling"
    severity = Severity.MINOR
    description = 'space around the hyphen of a reduplication or clitic ("bertahun -tahun", "H800 -nya")'
    trigger = Trigger(target=SPACED_HYPHEN)

    _SPACE_BEFORE = regex.compile(r"([\p{L}\p{N}]+)(\s+)-(\p{L}+)")
    _SPACE_AFTER = regex.compile(r"(\p{L}+)-(\s+)(\p{L}+)")

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        text = ctx.target
        if "-" not in text or not ctx.found_in_target(SPACED_HYPHEN):
            return  # (most hyphens join words, or stand between spaces; the patterns below are much slower)
        for m in self._SPACE_BEFORE.finditer(text):
            left, right = m.group(1), m.group(3)
            if right.lower() not in lang_id.CLITICS and not _is_reduplication(left, right):
                continue  # a dash before a name ("itu -Chile") or an option ("tar -cf"), not a broken word
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


#: Something only an e-mail or web address has (one search instead of one per hint).
_ADDRESS_HINT = re.compile(r"@|://|www\.|\.(?:com|org|net|id)")


def _outside_addresses(text: str, starts: Iterable[int]) -> list[int]:
    """The word starts that do not fall inside an e-mail or web address."""
    spans = [(m.start(), m.end()) for m in _ADDRESS.finditer(text)] if _ADDRESS_HINT.search(text) else []
    return [s for s in starts if not any(a <= s < b for a, b in spans)]


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


#: What a model code with a plural s has in any case (`_CODE_PLURAL` takes a dozen times longer
#: to search a text with digits).
_CODE_PLURAL_HINT = regex.compile(r"\d[\p{Lu}\p{N}-]*[Ss](?![\p{L}\p{N}])")


def _source_words_outside_addresses(ctx: SegmentContext) -> set[str]:
    """The source's words but those inside e-mail and web addresses and markup tags (what
    english-plural looks up, made only when a target word passes the cheaper tests): the
    `windows` of `<a href="windows">` is no word the translator left in English."""
    sw = source_words(ctx)
    tagged = "<" in ctx.source and ">" in ctx.source
    if not tagged and not _ADDRESS_HINT.search(ctx.source):
        return set(sw.words)
    tokens = sw.tokens()
    kept = set(_outside_addresses(ctx.source, (t.start for t in tokens)))
    if tagged:
        tags = [(s.start, s.end) for s in ctx.code(Side.SOURCE).spans if s.kind is SpanKind.TAG]
        kept = {start for start in kept if not any(a <= start < b for a, b in tags)}
    return {t.text for t in tokens if t.start in kept}


@register
class EnglishPlural(EnIdCheck):
    """The English plural -s left on a code or loanword ("H800S", "A100S", "GPUs", "chatbots")."""

    id = "english-plural"
    category = "fluency/grammar"
    severity = Severity.MINOR
    description = 'English plural -s left on a model code or loanword ("H800S", "A100S", "chatbots")'
    variants = ((Severity.MAJOR, "fluency/spelling", 'on a model code ("H800S", "A100S")'),)
    trigger = Trigger(target=PLURAL_TRIGGER)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        target, source = ctx.target, ctx.source
        seen: set[int] = set()
        codes = _CODE_PLURAL.finditer(target) if _CODE_PLURAL_HINT.search(target) else ()
        for m in codes:
            base = m.group(1).rstrip("-")
            plural_in_source = rx(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(base)}['’]?s(?![\p{{L}}\p{{N}}])", regex.IGNORECASE).search(source)
            same_in_source = rx(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(m.group())}(?![\p{{L}}\p{{N}}])").search(source)
            if not plural_in_source or (same_in_source and m.group(2) == "S"):
                continue
            seen.add(m.start())
            yield self.flag(ctx, m.start(), m.end(),
                            f"{m.group()!r}: the English plural -s is not part of the name {base!r}; "
                            "Indonesian marks plurals otherwise", base, category="fluency/spelling",
                            severity=Severity.MAJOR)
        texts = ctx.target_texts
        candidates = [k for k, text in enumerate(texts) if text[-1] in "sS" or "-" in text]
        if seen:
            starts = target_starts(ctx)
            candidates = [k for k in candidates if starts[k] not in seen]
        # The source's words are looked up only for words that pass the cheap tests first (a
        # word absent from the source text cannot be one of its words), and addresses are left
        # out only for words that would be flagged.
        looked_up: set[str] | None = None
        kept: set[int] | None = None
        for k in candidates:
            word = texts[k].split("-")[0]
            lw = word.lower()
            if (len(word) >= 3 and word[:-1].isupper() and word[:-1].isalpha()
                    and (word in source or (word.isupper() and word[:-1] + "s" in source))):
                looked_up = _source_words_outside_addresses(ctx) if looked_up is None else looked_up
                if _acronym_plural(word, looked_up) or (word.isupper() and _acronym_plural(word[:-1] + "s", looked_up)):
                    kept = self._outside_addresses(ctx) if kept is None else kept
                    if k in kept:
                        start = target_starts(ctx)[k]
                        yield self.flag(ctx, start, start + len(word), f"{word!r}: English plural on an acronym",
                                        word[:-1])
                    continue
            if (len(lw) < 5 or not lw.endswith("s") or lw.endswith(("ss", "us", "is", "'s", "’s"))
                    or lw in _NOT_PLURAL or not lw.isalpha() or lang_en.identifier_shaped(word)):
                continue  # not a loanword (an identifier in code: `fgets`)
            if lw not in source and (word[:1].isupper() or word not in source):
                continue  # (the words looked up in the source start with a lower-case letter)
            looked_up = _source_words_outside_addresses(ctx) if looked_up is None else looked_up
            if not (lw in looked_up and lw[:1].islower()) and not (word in looked_up and word[:1].islower()):
                continue
            if word[:1].isupper() and lw not in looked_up:
                continue
            singular = _singular(word)
            if singular is None or (len(singular) < 3):
                continue
            kept = self._outside_addresses(ctx) if kept is None else kept
            if k in kept:
                start = target_starts(ctx)[k]
                yield self.flag(ctx, start, start + len(word),
                                f"{word!r} keeps the English plural -s; write {singular!r}", singular)

    @staticmethod
    def _outside_addresses(ctx: SegmentContext) -> set[int]:
        """Which target words are not inside an e-mail or web address."""
        if not _ADDRESS_HINT.search(ctx.target):
            return set(range(len(ctx.target_texts)))
        starts = target_starts(ctx)
        kept = set(_outside_addresses(ctx.target, starts))
        return {k for k, start in enumerate(starts) if start in kept}


def _acronym_plural(word: str, words: set[str]) -> bool:
    """Whether `word` is one of `words` and an acronym with a plural s (GPUs)."""
    return word in words and len(word) >= 3 and word[-1] == "s" and word[:-1].isupper() and word[:-1].isalpha()


_TITLE = regex.compile(r"(?<![\p{L}])(Mr|Mrs|Ms|Messrs)\.?\s+(?=\p{Lu})")
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
    trigger = Trigger(target=UNTRANSLATED_TRIGGER)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        text = ctx.target
        for m in _TITLE.finditer(text):
            yield self.flag(ctx, m.start(), m.end(),
                            f"English title {m.group(1)!r}: Indonesian news style drops it (or uses Tn./Ny.)", "")
        # The target's words with their parts at hyphens: a superset of its words, for the gates.
        folded = target_words_folded(ctx)
        if not UNTRANSLATED_KEYS.isdisjoint(folded):
            source_words_folded = source_words(ctx).folded
            for tok in ctx.target_tokens:
                lw = tok.text.lower()
                if lw in lang_id.ENGLISH_FUNCTION_ONLY_IN_RUNS or lw not in lang_id.UNTRANSLATED_ENGLISH:
                    continue
                in_source = lw in source_words_folded or lw + "s" in source_words_folded or lw.rstrip("s") in source_words_folded
                if not in_source or (tok.text[:1].isupper() and not is_sentence_start(text, tok.start)):
                    continue
                suggestion = lang_id.UNTRANSLATED_ENGLISH[lw] or None
                yield self.flag(ctx, tok.start, tok.end, f"English word {tok.text!r} left untranslated"
                                + (f"; Indonesian: {suggestion!r}" if suggestion else ""), suggestion)
        # Runs are judged where two different English function words are whole target words.
        if len(_EN_FUNCTION.intersection(folded)) >= 2 and len(
                _EN_FUNCTION.intersection([t.casefold() for t in ctx.target_texts])) >= 2:
            yield from self._english_runs(ctx, ctx.target_tokens)

    def _english_runs(self, ctx: SegmentContext, toks: list[Token]) -> Iterator[Flag]:
        source_words_folded = source_words(ctx).folded
        run: list[Token] = []
        for tok in [*toks, None]:
            if tok is not None and tok.text.casefold() in source_words_folded and not tok.text.isdigit():
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
    trigger = Trigger(target=FUNCTION_WORD_TRIGGER)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        texts = ctx.target_texts
        if lang_id.FUNCTION_WORDS.isdisjoint([w.lower() for w in texts if w[0].isupper()]):
            return
        alpha = [w for w in texts if w[0].isalpha()]
        if not alpha or sum(w[0].isupper() for w in alpha) > 0.6 * len(alpha):
            return  # title case heading
        source_caps = {w for w in source_words(ctx).words if w[0].isupper()}
        target, starts = ctx.target, target_starts(ctx)
        for k, w in enumerate(texts):
            if not (w[0].isupper() and w[1:].islower()) or w.lower() not in lang_id.FUNCTION_WORDS:
                continue
            start = starts[k]
            if w in source_caps or is_sentence_start(target, start):
                continue
            before = target[:start].rstrip()
            if before and before[-1] in "“‘\"'([«":
                continue  # a quotation or bracket may start with a capital
            if _between_capitals(texts, k):
                continue  # inside a name: Menteri Dalam Negeri, Yang Mulia
            yield self.flag(ctx, start, start + len(w),
                            f"{w!r} is a function word and is written in lower case mid-sentence", w.lower())


def _between_capitals(texts: list[str], i: int) -> bool:
    prev_cap = i > 0 and texts[i - 1][:1].isupper()
    next_cap = i + 1 < len(texts) and texts[i + 1][:1].isupper()
    return prev_cap and next_cap or (texts[i] == "Yang" and next_cap)


@register
class MissingEntity(EnIdCheck):
    """A name of the source (person, company, product, place) missing from the target ("Scale AI")."""

    id = "missing-entity"
    category = "accuracy/omission"
    severity = Severity.MAJOR
    description = 'a name in the source that the target lost ("Scale AI" rendered as "AI")'
    trigger = Trigger(source=NAME_TRIGGER, target=_NONBLANK, both=True)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        if not ctx.target.strip():
            return
        # The name words the target lost, found without finding the names (most segments lose
        # none); a name's part is missing exactly when its key is among them.
        keys, lost_keys = lost_name_keys(ctx)
        if not lost_keys:
            return
        # Capitalised target words that match nothing in the source are most likely those names,
        # translated: each one excuses one missing word (and no name needs more than it misses).
        lacking = sum(key in lost_keys for key in keys)
        spare = unexplained_capitals(ctx, lacking)  # (exact where it is less than `lacking`)
        if spare >= lacking:
            return
        lost: list[tuple[list[Token], list[str], list[str]]] = []
        for group in source_entities(ctx):
            required = required_parts(group)
            missing = [p for p in required if name_key(p) in lost_keys]
            if missing:
                lost.append((group, required, missing))
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
    trigger = Trigger(source=LESS_TRIGGER, target=_NONBLANK, both=True)

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


#: The Indonesian negation words that most negated sentences have.
_COMMON_NEGATIONS = ("tidak", "tak", "bukan", "belum", "tanpa")
assert lang_id.NEGATION_WORDS.issuperset(_COMMON_NEGATIONS)


@register
class LostNegation(EnIdCheck):
    """A negation in the source and none in the target."""

    id = "lost-negation"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR
    description = "a negation (not, no, never, without) in the source and none in the target"
    trigger = Trigger(source=NEGATION_TRIGGER, target=_NONBLANK, both=True)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        if not ctx.found_in_source(NEGATION_TRIGGER) or not ctx.target.strip():  # (the trigger's search)
            return
        # A negated target (most of them) says no first: one of the commonest words, then any.
        if any(surely_a_target_word(word, ctx) for word in _COMMON_NEGATIONS) or lang_id.has_negation(
                ctx.target, target_words_folded(ctx)):
            return
        source = lang_en.POSITIVE_IDIOMS.sub(lambda m: " " * len(m.group()), ctx.source)
        m = _EN_NEGATION.search(source)
        if not m:
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
    trigger = Trigger(target=VARIANT_TRIGGER)

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
        if not ctx.found_in_target(VARIANT_TRIGGER):
            return  # (the trigger's search, made once: the first pass may come without it)
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
        if not verdict or not ctx.found_in_target(VARIANT_TRIGGER) or verdict.keys().isdisjoint(self._words(ctx)):
            return
        for word, start, end in self._variants(ctx):
            if word in verdict:
                preferred, others = verdict[word]
                yield self.flag(ctx, start, end, f"{word!r} mixed with other spellings in this text ({others})",
                                preferred)
