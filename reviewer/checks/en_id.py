"""Checks for English to Indonesian: reduplication and clitic spacing, English plurals and words
left in the Indonesian, function-word capitals, lost names, comparatives and negations, and
Indonesian name variants mixed in one text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

import regex

from reviewer.checks.base import Check, CorpusCheck, SegmentContext, register
from reviewer.checks.generic import preferred_form
from reviewer.lang import en as lang_en
from reviewer.lang import id as lang_id
from reviewer.lang.en_id import CAPITALISED_COMMON, NAME_RENDERINGS, normalise_name
from reviewer.model import Flag, Severity, Side
from reviewer.text import Token, is_sentence_start

EN, ID = frozenset({"en"}), frozenset({"id", "ms"})


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

    _SPACE_BEFORE = regex.compile(r"([\p{L}\p{N}]+)(\s+)-(\p{L}+)")
    _SPACE_AFTER = regex.compile(r"(\p{L}+)-(\s+)(\p{L}+)")

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        text = ctx.target
        if "-" not in text:
            return
        for m in self._SPACE_BEFORE.finditer(text):
            left, right = m.group(1), m.group(3)
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


_CODE_PLURAL = regex.compile(r"(?<![\p{L}\p{N}])((?=[\p{L}\p{N}]*\d)[\p{Lu}\p{N}][\p{Lu}\p{N}-]*?)([Ss])(?![\p{L}\p{N}])")
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
    if regex.search(r"(?:x|ch|sh|ss|z)es$", w, regex.IGNORECASE):
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

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        seen: set[int] = set()
        for m in _CODE_PLURAL.finditer(ctx.target):
            base = m.group(1).rstrip("-")
            plural_in_source = regex.search(
                rf"(?<![\p{{L}}\p{{N}}]){regex.escape(base)}['’]?s(?![\p{{L}}\p{{N}}])", ctx.source, regex.IGNORECASE)
            same_in_source = regex.search(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(m.group())}(?![\p{{L}}\p{{N}}])",
                                          ctx.source)
            if not plural_in_source or (same_in_source and m.group(2) == "S"):
                continue
            seen.add(m.start())
            yield self.flag(ctx, m.start(), m.end(),
                            f"{m.group()!r}: the English plural -s is not part of the name {base!r}; "
                            "Indonesian marks plurals otherwise", base, category="fluency/spelling",
                            severity=Severity.MAJOR)
        source_lower = {t.text for t in ctx.source_tokens if t.text[:1].islower()}
        source_acronym_plurals = {t.text for t in ctx.source_tokens if regex.fullmatch(r"\p{Lu}{2,}s", t.text)}
        for tok in ctx.target_tokens:
            if tok.start in seen:
                continue
            word = tok.text.split("-")[0]
            if word in source_acronym_plurals or (word[:-1] + "s" in source_acronym_plurals and word.isupper()):
                yield self.flag(ctx, tok.start, tok.start + len(word),
                                f"{word!r}: English plural on an acronym", word[:-1])
                continue
            lw = word.lower()
            if (len(lw) < 5 or not lw.endswith("s") or lw.endswith(("ss", "us", "is", "'s", "’s"))
                    or lw in _NOT_PLURAL or not lw.isalpha()):
                continue
            if lw not in source_lower and word not in source_lower:
                continue
            if word[:1].isupper() and not any(t.text == lw for t in ctx.source_tokens):
                continue
            singular = _singular(word)
            if singular is None or (len(singular) < 3):
                continue
            yield self.flag(ctx, tok.start, tok.start + len(word),
                            f"{word!r} keeps the English plural -s; write {singular!r}", singular)


_TITLE = regex.compile(r"(?<![\p{L}])(Mr|Mrs|Ms|Messrs)\.?\s+(?=\p{Lu})")


@register
class UntranslatedEnglish(EnIdCheck):
    """English left in the Indonesian: titles ("Mr."), common English words with an Indonesian
    equivalent ("screenshot", "online"), and runs of English function words."""

    id = "untranslated-english"
    category = "accuracy/untranslated"
    severity = Severity.MINOR
    description = 'English left in the Indonesian: "Mr.", "screenshot", runs of English words'

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        text = ctx.target
        for m in _TITLE.finditer(text):
            yield self.flag(ctx, m.start(), m.end(),
                            f"English title {m.group(1)!r}: Indonesian news style drops it (or uses Tn./Ny.)", "")
        source_words = ctx.source_words_folded
        toks = ctx.target_tokens
        for i, tok in enumerate(toks):
            lw = tok.text.lower()
            if lw in lang_id.ENGLISH_FUNCTION_ONLY_IN_RUNS or lw not in lang_id.UNTRANSLATED_ENGLISH:
                continue
            in_source = lw in source_words or lw + "s" in source_words or lw.rstrip("s") in source_words
            if not in_source or (tok.text[:1].isupper() and not is_sentence_start(text, tok.start)):
                continue
            suggestion = lang_id.UNTRANSLATED_ENGLISH[lw] or None
            yield self.flag(ctx, tok.start, tok.end, f"English word {tok.text!r} left untranslated"
                            + (f"; Indonesian: {suggestion!r}" if suggestion else ""), suggestion)
        yield from self._english_runs(ctx, toks)

    def _english_runs(self, ctx: SegmentContext, toks: list[Token]) -> Iterator[Flag]:
        source_words = ctx.source_words_folded
        run: list[Token] = []
        for tok in [*toks, None]:
            if tok is not None and tok.text.casefold() in source_words and not tok.text.isdigit():
                if run and not regex.fullmatch(r"[\s,]*", ctx.target[run[-1].end:tok.start]):
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
            yield self.flag(ctx, tok.start, tok.end,
                            f"{w!r} is a function word and is written in lower case mid-sentence", w.lower())


_CONNECTORS = frozenset({"of", "for", "and", "de", "the", "von", "van", "der", "al", "bin", "du", "la", "le", "&"})


def _name_like(word: str) -> bool:
    """Looks like a name even at the start of a sentence: digits, acronyms, inner capitals."""
    return (any(c.isdigit() for c in word) and any(c.isalpha() for c in word)) or (
        len(word) >= 2 and word.isupper()) or any(c.isupper() for c in word[1:])


def _source_entities(ctx: SegmentContext) -> list[list[Token]]:
    toks = ctx.source_tokens
    alpha = [t for t in toks if t.text[:1].isalpha()]
    title_case = len(alpha) >= 4 and sum(t.text[:1].isupper() for t in alpha) > 0.6 * len(alpha)
    groups: list[list[Token]] = []
    current: list[Token] = []
    for i, tok in enumerate(toks):
        w = tok.text
        capital = w[:1].isupper() or (w[:1].isdigit() and _name_like(w))
        gap_ok = bool(current) and regex.fullmatch(r"[ \t]*", ctx.source[current[-1].end:tok.start]) is not None
        if capital and (gap_ok or not current):
            current.append(tok)
            continue
        if (w.lower() in _CONNECTORS and current and gap_ok and i + 1 < len(toks)
                and toks[i + 1].text[:1].isupper()):
            current.append(tok)
            continue
        if current:
            groups.append(current)
        current = [tok] if capital else []
    if current:
        groups.append(current)
    out = []
    for group in groups:
        while group and (group[0].text.lower() in CAPITALISED_COMMON or group[0].text.lower() in _CONNECTORS):
            group = group[1:]
        while group and group[-1].text.lower() in _CONNECTORS:
            group = group[:-1]
        if not group:
            continue
        if title_case and not any(_name_like(t.text) for t in group):
            continue
        if is_sentence_start(ctx.source, group[0].start) and not _name_like(group[0].text):
            # A capital at the start of a sentence says nothing: keep only what follows it.
            group = group[1:]
            while group and group[0].text.lower() in _CONNECTORS:
                group = group[1:]
        if group:
            out.append(group)
    return out


def _present(word: str, ctx: SegmentContext, target_lower: str) -> bool:
    key = regex.sub(r"['’]s?$", "", word.lower())
    words = ctx.target_words_folded
    if key in words or key.rstrip("s") in words or key in ("", "s"):
        return True
    for rendering in NAME_RENDERINGS.get(key, ()) + NAME_RENDERINGS.get(key.rstrip("s"), ()):
        if not rendering or rendering in words or (" " in rendering and rendering in target_lower):
            return True
    if len(key) < 4 or any(c.isdigit() for c in key):
        return False
    norm = normalise_name(key)
    k = min(4, len(norm) - 1)
    return any(normalise_name(w).startswith(norm[:k]) for w in words if len(w) >= k)


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
        for group in _source_entities(ctx):
            parts = [p for t in group for p in regex.split(r"[-/]", t.text) if p]
            required = [p for p in parts if p.lower() not in _CONNECTORS and p.lower() not in CAPITALISED_COMMON
                        and (p[:1].isupper() or p[:1].isdigit())]
            missing = [p for p in required if not _present(p, ctx, target_lower)]
            if not missing:
                continue
            name = ctx.source[group[0].start:group[-1].end]
            what = name if len(missing) == len(required) else f"{', '.join(map(repr, missing))} of {name!r}"
            yield self.flag(ctx, group[0].start, group[-1].end, f"name {what} is missing from the target",
                            side=Side.SOURCE)


_EN_LESS = regex.compile(r"\b(fewer|less|lesser|fewest)\b(?:\s+([\w-]+))?", regex.IGNORECASE)
_EN_NEGATION = regex.compile(
    r"\b(?:not|never|neither|nor|none|nobody|nothing|nowhere|without|cannot|no(?!\.\s*\d)(?=\s+\w))\b|\w+n['’]t\b",
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
                 if not regex.search(r"\b(?:more\s+or|no|much\s+more\s+or)\s+$", ctx.source[:m.start()], regex.IGNORECASE)]
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
        m = _EN_NEGATION.search(ctx.source)
        if not m or not ctx.target.strip() or lang_id.NEGATION_MARKERS.search(ctx.target):
            return
        yield self.flag(ctx, m.start(), m.end(),
                        f"the source is negated ({m.group()!r}) but the target has no negation "
                        "(tidak, bukan, belum, tanpa …)", side=Side.SOURCE)


@register
class InconsistentVariant(CorpusCheck):
    """Spelling variants of one name mixed in one text (China / Cina / Tiongkok)."""

    id = "inconsistent-variant"
    category = "terminology/inconsistent"
    severity = Severity.MINOR
    description = "spelling variants of one name mixed in one text (China / Cina / Tiongkok)"
    target_langs = ID

    def run_corpus(self, contexts: Sequence[SegmentContext]) -> Iterator[tuple[str, Flag]]:
        variant_of = {v: group for group in lang_id.NAME_VARIANTS for v in group}
        counts: dict[frozenset[str], Counter[str]] = {}
        places: list[tuple[SegmentContext, int, int, str]] = []
        for ctx in contexts:
            for tok in ctx.target_tokens:
                word = tok.text.split("-")[0]
                group = variant_of.get(word)
                if group is None:
                    continue
                counts.setdefault(group, Counter())[word] += 1
                places.append((ctx, tok.start, tok.start + len(word), word))
        for ctx, start, end, word in places:
            counter = counts[variant_of[word]]
            if len(counter) < 2:
                continue
            preferred = preferred_form(counter, contexts, self.preferred_forms)
            if word != preferred:
                others = ", ".join(f"{w} {n}×" for w, n in counter.most_common())
                yield ctx.id, self.flag(ctx, start, end, f"{word!r} mixed with other spellings in this text ({others})",
                                        preferred)
