"""Number checks: values compared across locale formats, and separators of the wrong locale.

Both checks run only where a digit occurs (their trigger, one shared search per side): numbers
written as words are read only to excuse a number written in digits, never to flag one."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

import regex

from reviewer.checks.base import Check, Digits, SegmentContext, Trigger, register
from reviewer.checks.generic import REGEX_SPACE
from reviewer.core.model import Flag, Severity, Side
from reviewer.core.text import rx
from reviewer.formats.inline import PLACEHOLDER_RE
from reviewer.lang import NumberLocale, number_locale

_NUM = regex.compile(r"(?<![\p{L}\p{N}_.,])\d+(?:[.,:]\d+)*(?![.,]\d)")
_AFTER = regex.compile(r"\s*([\p{L}]+\.?)")
#: How a currency sign or code ends ($, US$, Rp, Rp.): a number is an amount when what stands
#: before it, white space aside, ends so (the pattern (?:[$€£¥]|Rp\.?|US\$|S\$|A\$)\s*$ before
#: the number, without a search over the whole text before it).
_CURRENCY_ENDS = ("$", "€", "£", "¥", "Rp", "Rp.")
_CLOCK = regex.compile(r"(\d{1,2})[:.](\d{2})")
#: Words before an hour written without its minutes in Indonesian ("pukul 3", "jam 10 pagi").
_CLOCK_WORDS = ("pukul", "jam", "pkl", "pkl.")
_MERIDIEM = regex.compile(r"\s*([ap])\.?m\b", regex.IGNORECASE)
_DIGIT_RUN = regex.compile(r"\d+")
#: A digit (the `regex` module's, which knows digits newer than Python's own tables): the trigger
#: of both number checks, one search per side shared by the two.
_HAS_DIGIT = Digits()


class NumberMention(NamedTuple):
    """A number written in a text and the values it can stand for (a named tuple: a segment's
    numbers are read on every segment that has digits, and a tuple is the cheapest to build)."""

    start: int
    end: int
    text: str
    native: frozenset[Decimal | str]
    """Values under the text's own locale (times as "h:mm")."""
    foreign: frozenset[Decimal]
    """Values only readable with the other convention (10,000 in Indonesian)."""
    attached: bool
    """Glued to letters (H100, 1990s, 5G): used only to excuse numbers on the other side."""
    digits: str
    """The digits and separators as written, without a scale word."""
    raw_value: Decimal | None
    """Value of `digits` in the text's own locale, before any scale word."""
    scale: int = 1
    """Multiplier of the scale word after the number (million: 10**6), 1 when there is none."""


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@lru_cache(maxsize=64)
def _patterns(group: str, decimal: str) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    g, d = regex.escape(group), regex.escape(decimal)
    grouped = regex.compile(rf"\d{{1,3}}(?:{g}\d{{3}})+(?:{d}\d+)?")
    plain = regex.compile(rf"\d+(?:{d}\d+)?")
    return grouped, plain


def _read(raw: str, group: str, decimal: str) -> Decimal | None:
    if raw.isdecimal():
        return _decimal(raw)  # plain digits (most numbers) read the same in every locale
    grouped, plain = _patterns(group, decimal)
    if grouped.fullmatch(raw) or plain.fullmatch(raw):
        return _decimal(raw.replace(group, "").replace(decimal, "."))
    return None


_INITIALS: dict[int, tuple[NumberLocale, frozenset[str]]] = {}


def _initials(locale: NumberLocale) -> frozenset[str]:
    """The letters a locale's scale words start with (kept with the locale, so that its id is
    not reused while it is a key here)."""
    found = _INITIALS.get(id(locale))
    if found is None:
        found = _INITIALS[id(locale)] = (locale, frozenset(word[:1] for word in locale.scales))
    return found[1]


def _after_currency(text: str, start: int) -> bool:
    """Whether a currency sign or code stands right before `start`, white space aside."""
    return text[:start].rstrip(REGEX_SPACE).endswith(_CURRENCY_ENDS)


def _scale_after(text: str, end: int, locale: NumberLocale, start: int) -> tuple[int, int]:
    """Multiplier written after the number text[start:end] (juta, million; 5m only after a
    currency sign)."""
    # Most numbers are followed by an ordinary word or by punctuation: look at the first letter
    # after the white space before asking the pattern (a scale word starts with one of a few).
    at, n = end, len(text)
    while at < n and text[at] in REGEX_SPACE:
        at += 1
    if at == n or text[at].lower()[:1] not in _initials(locale):
        return 1, end
    m = _AFTER.match(text, end)
    if not m:
        return 1, end
    word = m.group(1).rstrip(".").lower()
    if word in locale.scales and (len(word) > 2 or (m.start(1) == end and _after_currency(text, start))):
        # A period after an abbreviation (mln., jt.) is part of it; after a word or a glued letter
        # (juta., $5m.) it ends the sentence.
        sentence_period = m.group(1).endswith(".") and not 2 <= len(word) <= 3
        return locale.scales[word], m.end(1) - 1 if sentence_period else m.end(1)
    return 1, end


_NOTHING: frozenset[Decimal] = frozenset()


def find_numbers(text: str, locale: NumberLocale, other: NumberLocale) -> list[NumberMention]:
    """All numbers in a text, read with the text's locale and, failing that, the other one."""
    out: list[NumberMention] = []
    for m in _NUM.finditer(text):
        raw = m.group()
        start, stop = m.span()
        scale, scale_end = _scale_after(text, stop, locale, start)
        attached = scale_end == stop and stop < len(text) and text[stop].isalpha()
        if raw.isdecimal() and (plain := _decimal(raw)) is not None:
            # Digits alone (most numbers): the same value in either locale, so nothing foreign,
            # and no clock. What the general reading below gives them, without its work.
            end = scale_end if scale != 1 else stop
            native_plain: frozenset[Decimal | str] = frozenset((plain * scale, plain)) if scale != 1 \
                else frozenset((plain * scale,))
            if plain <= 24 and start >= 3 and text[max(0, start - 7):start].rstrip().lower().endswith(_CLOCK_WORDS):
                native_plain |= {f"{plain}:00"}  # "pukul 3" is the source's "3:00"
            out.append(NumberMention(start, end, text[start:end], native_plain, _NOTHING, attached, raw, plain, scale))
            continue
        native: set[Decimal | str] = set()
        foreign: set[Decimal] = set()
        value = _read(raw, locale.group, locale.decimal)
        if value is not None:
            native.add(value * scale)
            if scale != 1:
                native.add(value)
        t = _CLOCK.fullmatch(raw) if (":" in raw or "." in raw) else None
        if t and int(t.group(1)) <= 24 and int(t.group(2)) < 60:
            hour, minute = int(t.group(1)), t.group(2)
            meridiem = _MERIDIEM.match(text[stop:])
            if meridiem:
                native.add(f"{hour % 12 + (12 if meridiem.group(1).lower() == 'p' else 0)}:{minute}")
                native.add(f"{hour}:{minute}")
            elif ":" in raw or locale.decimal != ".":
                native.add(f"{hour}:{minute}")
        alt = _read(raw, other.group, other.decimal)
        if not native and (":" in raw or alt is None):
            native.add(raw)  # a score, a clock beyond 24 h, a version (1.2.3): compare as written
        if alt is not None and alt * scale not in native:
            foreign.add(alt * scale)
        end = scale_end if scale != 1 else m.end()
        out.append(NumberMention(m.start(), end, text[m.start():end], frozenset(native), frozenset(foreign),
                                 attached, raw, value, scale))
    return out


def _without_codes(text: str) -> str:
    """Inline-code placeholders (⟦1⟧) blanked out, offsets kept: their digits are not numbers."""
    return PLACEHOLDER_RE.sub(lambda m: " " * len(m.group()), text) if "⟦" in text else text
_WORD_PATTERNS: dict[int, regex.Pattern[str]] = {}


def _number_words_pattern(locale: NumberLocale) -> regex.Pattern[str]:
    """One pattern for all number words of a locale (longest first, whole words)."""
    pattern = _WORD_PATTERNS.get(id(locale))
    if pattern is None:
        words = sorted(locale.number_words, key=len, reverse=True)
        pattern = regex.compile(r"(?<![\p{L}])(?:" + "|".join(map(regex.escape, words)) + r")(?![\p{L}])")
        _WORD_PATTERNS[id(locale)] = pattern
    return pattern


def _tens_pattern(locale: NumberLocale) -> regex.Pattern[str]:
    """A tens word (twenty, dua puluh's puluh) followed by a space or hyphen and a letter: only
    then can a text hold a compound like thirty-two (a cheap test before the overlapped scan)."""
    pattern = _TENS_PATTERNS.get(id(locale))
    if pattern is None:
        tens = sorted((w for w, v in locale.number_words.items() if v % 10 == 0 and v >= 20), key=len, reverse=True)
        body = "|".join(map(regex.escape, tens)) or "(?!)"
        pattern = regex.compile(r"(?<![\p{L}])(?:" + body + r")[- ]\p{L}")
        _TENS_PATTERNS[id(locale)] = pattern
    return pattern


_TENS_PATTERNS: dict[int, regex.Pattern[str]] = {}


def word_values(text: str, locale: NumberLocale) -> set[Decimal]:
    """Values of numbers written as words (three, sebelas, thirty-two, two million, dua juta)."""
    values: set[Decimal] = set()
    lowered = text.lower()
    pairs = rx(r"(?<![\p{L}])(\p{L}+)[- ](\p{L}+)(?![\p{L}])").finditer(lowered, overlapped=True) if (
        _tens_pattern(locale).search(lowered)) else ()
    for m in pairs:
        tens, unit = locale.number_words.get(m.group(1)), locale.number_words.get(m.group(2))
        if tens and unit and tens % 10 == 0 and tens >= 20 and unit < 10:
            values.add(Decimal(tens + unit))
    for m in _number_words_pattern(locale).finditer(lowered, overlapped=True):
        value = locale.number_words[m.group()]
        values.add(Decimal(value))
        nxt = _AFTER.match(lowered, m.end())
        if nxt and nxt.group(1).rstrip(".") in locale.scales and len(nxt.group(1)) > 2:
            values.add(Decimal(value) * locale.scales[nxt.group(1).rstrip(".")])
    return values


def _all_digit_values(mentions: list[NumberMention], text: str) -> set[Decimal | str]:
    """Every value a text can be said to contain: its numbers, and any run of digits at all
    (usia13, No.1, 18- to 29-year-olds), so that odd spacing never counts as a lost number."""
    out: set[Decimal | str] = set()
    for mention in mentions:
        out |= mention.native
    for run in _DIGIT_RUN.findall(text):
        value = _decimal(run)  # None for digits Python's Unicode tables do not know yet
        if value is not None:
            out.add(value)
    return out


def format_number(value: Decimal, locale: NumberLocale, like: str, like_locale: NumberLocale) -> str:
    """Write a value in `locale` with as many decimals as `like` has when read in `like_locale`."""
    decimals = 0
    if like_locale.decimal in like:
        decimals = len(like.rsplit(like_locale.decimal, 1)[1])
    quantized = value.quantize(Decimal(1).scaleb(-decimals)) if decimals else value.to_integral_value()
    sign, digit_tuple, _ = quantized.as_tuple()
    text = "".join(map(str, digit_tuple)).rjust(decimals + 1, "0")
    int_part, frac = (text[:-decimals], text[-decimals:]) if decimals else (text, "")
    # Group thousands for 5+ digits, and for 4 digits when the original grouped them (1,500).
    if len(int_part) > 4 or (len(int_part) == 4 and like_locale.group in like):
        groups: list[str] = []
        while int_part:
            groups.insert(0, int_part[-3:])
            int_part = int_part[:-3]
        int_part = locale.group.join(groups)
    return ("-" if sign else "") + int_part + (locale.decimal + frac if frac else "")


_LOCALES: dict[str, NumberLocale] = {}


def _locale(lang: str) -> NumberLocale:
    """`number_locale`, remembered per language code (it imports the language modules on every call)."""
    found = _LOCALES.get(lang)
    if found is None:
        found = _LOCALES[lang] = number_locale(lang)
    return found


#: A scale word after a number, by locale: a superset of what `_scale_after` reads as one (a
#: digit, white space, then a run of letters whose lower case is a scale word; `regex`'s
#: IGNORECASE matches every letter whose lower case is an ASCII letter, the Kelvin sign too).
_SCALE_GATES: dict[int, tuple[NumberLocale, regex.Pattern[str]]] = {}


def _scale_gate(locale: NumberLocale) -> regex.Pattern[str]:
    found = _SCALE_GATES.get(id(locale))
    if found is None:
        words = "|".join(map(regex.escape, sorted(locale.scales, key=len, reverse=True))) or "(?!)"
        found = _SCALE_GATES[id(locale)] = (
            locale, regex.compile(rf"\d\s*(?:{words})(?!\p{{L}})", regex.IGNORECASE))
    return found[1]


def _plain_numbers(text: str) -> set[str] | None:
    """The numbers of a text (code blanked out) when all of them are plain ASCII digits (no
    separator: the same value in every locale, and no clock), else None."""
    raws = _NUM.findall(text)
    joined = "".join(raws)
    return set(raws) if not raws or (joined.isascii() and joined.isdigit()) else None


def _same_plain_numbers(ctx: SegmentContext) -> bool:
    """Whether the two sides hold the same numbers, all plain digits, and not both a scale word
    after a number: then neither side lost a number (each number's own value stands among the
    other side's), and no scale conflicts (which needs a scale word on each side), so
    number-mismatch has nothing to say; decided with C-level searches, before reading numbers.
    (Most segments with digits: years, counts, dates, written alike in both languages.)"""
    source = _without_codes(ctx.source)
    numbers = _plain_numbers(source)
    if numbers is None:
        return False
    target = _without_codes(ctx.target)
    if _plain_numbers(target) != numbers:
        return False
    return (not numbers or _scale_gate(_locale(ctx.source_lang)).search(source) is None
            or _scale_gate(_locale(ctx.target_lang)).search(target) is None)


#: Digits on each side of a separator: where the target may hold a number that is not plain
#: digits (`find_numbers` gives only those a foreign reading, which number-format needs).
_SEPARATED = regex.compile(r"\d[.,:]\d")


def _mentions(ctx: SegmentContext, side: Side) -> tuple[str, list[NumberMention]]:
    """One side's text with inline codes blanked out, and its numbers (found once per segment
    for both number checks)."""
    key = ("numbers", side)
    found = ctx.shared.get(key)
    if found is None:
        source_side = side is Side.SOURCE
        text = _without_codes(ctx.source if source_side else ctx.target)
        locale, other = _locale(ctx.source_lang), _locale(ctx.target_lang)
        if not source_side:
            locale, other = other, locale
        found = ctx.shared[key] = (text, find_numbers(text, locale, other))
    return found


@register
class NumberMismatch(Check):
    """Numbers must carry the same values in source and target, whatever the locale format."""

    id = "number-mismatch"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR
    description = "numbers differ in value between source and target (10,000 = 10.000, $103 million = US$103 juta)"
    variants = ((Severity.MAJOR, "accuracy/omission", "a number the target lost (flagged in the source)"),)
    trigger = Trigger(source=_HAS_DIGIT, target=_HAS_DIGIT)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        if not ctx.found(_HAS_DIGIT, Side.SOURCE) and not ctx.found(_HAS_DIGIT, Side.TARGET):
            return  # (the trigger's searches, made once per segment)
        if not ctx.target.strip():
            return  # an untranslated entry (an empty msgstr) has lost everything, not its numbers
        if _same_plain_numbers(ctx):
            return
        src_loc, tgt_loc = _locale(ctx.source_lang), _locale(ctx.target_lang)
        source, src = _mentions(ctx, Side.SOURCE)
        target, tgt = _mentions(ctx, Side.TARGET)
        if not src and not tgt:
            return
        src_all = _all_digit_values(src, source)
        tgt_all = _all_digit_values(tgt, target)
        # A source number only readable the target's way (1,5 in English text) stands for that
        # value; one grouped in threes the target's way (10.000 in English text written by someone
        # used to it) may stand for either reading.
        either = {id(n) for n in src if n.native and n.foreign and _grouped(n.digits, tgt_loc)}
        src_foreign_only = {v for n in src if not n.native or id(n) in either for v in n.foreign}
        tgt_foreign = {v for n in tgt for v in n.foreign}

        def lost_in_target() -> list[NumberMention]:
            return [n for n in tgt if not n.attached and (_scale_conflict(n, src) or (
                not (n.native & (src_all | src_foreign_only)) and not (n.foreign & src_all)))]

        def lost_in_source() -> list[NumberMention]:
            return [n for n in src if not n.attached and (_scale_conflict(n, tgt) or not (
                (n.native | n.foreign if id(n) in either else n.native or n.foreign) & (tgt_all | tgt_foreign)))]

        # Numbers written as words (three, tiga) only ever excuse a number: they are read only
        # when the digits alone leave one unexplained.
        lost_target, lost_source = lost_in_target(), lost_in_source()
        if lost_target:
            src_all |= word_values(source, src_loc)
            lost_target = lost_in_target()
        if lost_source:
            tgt_all |= word_values(target, tgt_loc)
            lost_source = lost_in_source()
        for i, n in enumerate(lost_target):
            if i < len(lost_source):
                expected = lost_source[i]
                yield self.flag(ctx, n.start, n.end, f"number {n.text!r} differs from the source's {expected.text!r}",
                                _suggest(expected, n, tgt_loc))
            else:
                yield self.flag(ctx, n.start, n.end, f"number {n.text!r} is not in the source")
        for n in lost_source[len(lost_target):]:
            yield self.flag(ctx, n.start, n.end, f"number {n.text!r} of the source is missing from the target",
                            side=Side.SOURCE, category="accuracy/omission")


def _scale_conflict(n: NumberMention, others: list[NumberMention]) -> bool:
    """The same digits with another scale word on the other side ($103 million, US$103 miliar):
    the unscaled digits match, but the value is a thousand times off."""
    if n.scale == 1 or n.raw_value is None:
        return False
    same_digits = [o for o in others if o.raw_value == n.raw_value and o.scale != 1]
    return bool(same_digits) and all(o.scale != n.scale for o in same_digits)


def _suggest(expected: NumberMention, found: NumberMention, locale: NumberLocale) -> str | None:
    """The source's number written the target's way, keeping the target's scale word if both have one
    (or putting the target language's word for the source's scale in its place)."""
    if expected.raw_value is None:
        return None
    expected_scaled = expected.text != expected.digits
    found_scale = found.text[len(found.digits):]
    if expected_scaled and not found_scale:
        return None
    if expected_scaled and found.scale != expected.scale:
        word = next((w for w, m in locale.scales.items() if m == expected.scale and len(w) > 2), None)
        if word is None:
            return None
        found_scale = found_scale[:len(found_scale) - len(found_scale.lstrip())] + word
    source_locale = NumberLocale(decimal=locale.group, group=locale.decimal)
    return format_number(expected.raw_value, locale, expected.digits, source_locale) + (found_scale if expected_scaled else "")


def _grouped(digits: str, locale: NumberLocale) -> bool:
    """Whether digits are a whole number grouped in threes the locale's way (10.000, 1.500.000
    in Indonesian; not 0.500 or 10.00)."""
    return rx(r"[1-9]\d{0,2}(?:" + regex.escape(locale.group) + r"\d{3})+").fullmatch(digits) is not None


_CLOCK_BEFORE = regex.compile(r"(?:pukul|jam|pkl\.?)\s*$", regex.IGNORECASE)
_CLOCK_AFTER = regex.compile(r"\s*(?:WIB|WITA|WIT|GMT|UTC|BST|[ap]\.?m\b)", regex.IGNORECASE)


def _is_clock(text: str, n: NumberMention) -> bool:
    """A time of day written with a period (pukul 17.30), which is Indonesian style."""
    return bool(rx(r"\d{1,2}[.:]\d{2}").fullmatch(n.digits)) and bool(
        _CLOCK_BEFORE.search(text, 0, n.start) or _CLOCK_AFTER.match(text, n.end))


@register
class NumberFormat(Check):
    """A number in the target written with the source locale's separators (10,000 or 3.5 in Indonesian)."""

    id = "number-format"
    category = "locale-convention/number-format"
    severity = Severity.MINOR
    description = "number written with the other locale's separators (10,000 or 3.5 in Indonesian text)"
    trigger = Trigger(target=_HAS_DIGIT)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        if not ctx.found(_HAS_DIGIT, Side.TARGET) or not _SEPARATED.search(ctx.target):
            return  # (only a number with a separator can be written the other locale's way)
        src_loc, tgt_loc = _locale(ctx.source_lang), _locale(ctx.target_lang)
        if src_loc == tgt_loc:
            return
        target, tgt = _mentions(ctx, Side.TARGET)
        if not tgt:
            return
        source, src = _mentions(ctx, Side.SOURCE)
        src_all = _all_digit_values(src, source)
        # Only whole source numbers excuse the target's reading: "10,000" holds the digit run 10,
        # which must not make the Indonesian "10,000" (ten) look right.
        src_values = {v for n in src for v in n.native}
        src_written = {n.digits for n in src}
        for n in tgt:
            if n.attached or (n.native & src_values) or _is_clock(ctx.target, n):
                continue
            if n.digits in src_written and _grouped(n.digits, tgt_loc):
                # "10.000" in an English source written by someone used to grouping with
                # periods: ten thousand is by far the likelier reading (English writes ten as
                # "10"), and the target's "10.000" says just that.
                continue
            raw_value = _read(n.digits, src_loc.group, src_loc.decimal)
            if n.foreign & src_all and raw_value is not None:
                written = format_number(raw_value, tgt_loc, n.digits, src_loc)
                yield self.flag(
                    ctx, n.start, n.start + len(n.digits),
                    f"{n.digits!r} uses the source language's separators; here write {written!r} "
                    f"(decimal {tgt_loc.decimal!r}, thousands {tgt_loc.group!r})",
                    written,
                )
