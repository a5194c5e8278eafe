"""Consistency across a corpus, as Xbench reports it: one source translated in different ways
(`inconsistent-target`), with the counts of each rendering, and one translation standing for
different sources (`inconsistent-source`, off by default: Indonesian marks no plural and has one
word for many English synonyms, so "Sound"/"Sounds" or "Delete"/"Remove" rendered alike are most
of what it finds in real software translations; plural endings, articles and hyphens are set
aside, and a reviewer who wants the rest turns it on with `--enable inconsistent-source`).

Texts are compared after what does not change their meaning is set aside: case, runs of white
space, keyboard accelerators (`_Open`, `&File`) and the final colon, ellipsis or full stop (the
layout checks judge those). Only texts of up to `SHORT` characters are compared: the strings of
a program, titles, terms and short sentences, which is where a text repeats and a reader meets
both renderings; longer sentences seldom repeat, and keeping each would cost memory on a corpus
of millions. Their trigger is that length, so a corpus of long sentences costs one `len` a
segment."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator

from reviewer.checks.base import CorpusCheck, SegmentContext, Trigger, register
from reviewer.core.model import Flag, Severity

#: The longest text (in characters, white space at the ends left out) the checks compare.
SHORT = 120

_ACCELERATOR = re.compile(r"(?<![&_])[_&](?=[^\W_])")
_END_MARKS = re.compile(r"[\s:.…]+\Z")
_SPACES = re.compile(r"\s+")


class _Short:
    """A trigger's pattern (see `Searchable`) that fires on a text of `SHORT` characters or
    fewer, white space at the ends left out: a length test, not a search."""

    pattern = f"a text of at most {SHORT} characters"

    def search(self, text: str, /) -> object:
        if len(text) <= SHORT:
            return True if text.strip() else None
        return True if len(text.strip()) <= SHORT else None


_SHORT = _Short()


def comparable(text: str) -> str:
    """A text as the consistency checks compare it: case-folded, white space runs made one
    space, accelerators and the final colon, ellipsis or full stop taken off."""
    text = _ACCELERATOR.sub("", text) if ("_" in text or "&" in text) else text
    return _SPACES.sub(" ", _END_MARKS.sub("", text.strip())).casefold()


def _scoped(ctx: SegmentContext, key: str) -> str:
    """A key within the segment's scope: texts with different PO contexts (`msgctxt`) are
    different messages, which translators give a context exactly so that they may be
    rendered differently ("Stopped" as a printer's state and as a print job's)."""
    if ctx.hints:
        scope = ctx.scope
        if scope:
            return scope + "\x04" + key
    return key


def _short(ctx: SegmentContext) -> bool:
    """Whether a segment is compared: both texts short, neither blank."""
    source, target = ctx.source.strip(), ctx.target.strip()
    return 0 < len(source) <= SHORT and 0 < len(target) <= SHORT


def _decide(stats: dict[str, Counter[str]], fold: Callable[[str], str] = comparable) -> dict[str, tuple[str, str]]:
    """For each key rendered more than one way (renderings compared in their `comparable` form):
    every rendering but the most common (ties: the first in sorting order), as "key NUL
    comparable rendering", mapped to (the most common rendering as written, a summary of the
    counts). A rendering is shown in its commonest spelling."""
    verdict: dict[str, tuple[str, str]] = {}
    for key, counter in stats.items():
        if len(counter) < 2:
            continue
        counts: Counter[str] = Counter()
        spelling: dict[str, tuple[int, str]] = {}
        for text, n in counter.items():
            folded = fold(text)
            counts[folded] += n
            if folded not in spelling or (-n, text) < spelling[folded]:
                spelling[folded] = (-n, text)
        if len(counts) < 2:
            continue
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        preferred = spelling[ranked[0][0]][1]
        summary = ", ".join(f"{spelling[folded][1]!r} {n}×" for folded, n in ranked[:4]) + (
            ", …" if len(ranked) > 4 else "")
        for folded, _ in ranked[1:]:
            verdict[key + "\0" + folded] = (preferred, summary)
    return verdict


class _Consistency(CorpusCheck):
    """Statistics of (key text → rendering texts as written, counted) over the short segments,
    and the flags of the renderings that are not the most common."""

    trigger = Trigger(source=_SHORT, target=_SHORT, both=True)
    category = "terminology/inconsistent"
    severity = Severity.MINOR

    @staticmethod
    def fold(text: str) -> str:
        """A rendering as it is compared (`comparable`)."""
        return comparable(text)

    def _key_and_rendering(self, ctx: SegmentContext) -> tuple[str, str]:
        raise NotImplementedError

    def new_stats(self) -> dict[str, Counter[str]]:
        return {}

    def collect(self, stats: dict[str, Counter[str]], ctx: SegmentContext) -> None:
        if not _short(ctx):
            return
        key, rendering = self._key_and_rendering(ctx)
        counter = stats.get(key)
        if counter is None:
            counter = stats[key] = Counter()
        counter[rendering] += 1

    def merge(self, stats: dict[str, Counter[str]], other: dict[str, Counter[str]]) -> None:
        # (`other` may be merged again: the repeat memo merges a pair's statistics at each of
        # its occurrences, so nothing of it is taken over, only counted)
        for key, counter in other.items():
            mine = stats.get(key)
            if mine is None:
                stats[key] = Counter(counter)
            elif len(counter) == 1:
                [(rendering, n)] = counter.items()
                mine[rendering] += n
            else:
                mine.update(counter)

    def decide(self, stats: dict[str, Counter[str]]) -> dict[str, tuple[str, str]]:
        return _decide(stats, self.fold)

    def flags(self, verdict: dict[str, tuple[str, str]], ctx: SegmentContext) -> Iterator[Flag]:
        if not verdict or not _short(ctx):
            return
        key, rendering = self._key_and_rendering(ctx)
        found = verdict.get(key + "\0" + self.fold(rendering))
        if found is None:
            return
        yield self._flag(ctx, *found)

    def _flag(self, ctx: SegmentContext, preferred: str, summary: str) -> Flag:
        raise NotImplementedError


@register
class InconsistentTarget(_Consistency):
    """One source translated in different ways in one text (Xbench: inconsistency in target)."""

    id = "inconsistent-target"
    description = "one source translated in different ways in this text, with the counts"

    def _key_and_rendering(self, ctx: SegmentContext) -> tuple[str, str]:
        return _scoped(ctx, comparable(ctx.source)), ctx.target.strip()

    def _flag(self, ctx: SegmentContext, preferred: str, summary: str) -> Flag:
        text = ctx.target.strip()
        start = ctx.target.index(text)
        return self.flag(ctx, start, start + len(text),
                         f"this source is translated in different ways in this text: {summary}", preferred)


@register
class InconsistentSource(_Consistency):
    """One translation standing for different sources in one text (Xbench: inconsistency in
    source). Indonesian marks no plural, so sources that differ only in an English plural ending
    ("Sound", "Sounds") are the same source here."""

    id = "inconsistent-source"
    description = "one translation used for different sources in this text, with the counts"
    # Off by default: Indonesian has one word for many English synonyms ("Delete"/"Remove" →
    # "Hapus", "Trash"/"Recycle bin" → "Tong sampah"), so on real software translations most of
    # what it finds is right (15 entries of the four PO files in ../shared/data/software-po-id,
    # 2 of them slips: "To" and "From" both "Dari", "Screen Lock Delay" without "Delay"). A
    # reviewer asks for it by name.
    default_on = False

    @staticmethod
    def fold(text: str) -> str:
        # A plural ending, an article, a hyphen or a space between words do not make another
        # source ("Two-sided"/"Two Sided", "Require Password"/"Require a password").
        return _NOT_ALNUM.sub("", _ARTICLE.sub(" ", _ENGLISH_PLURAL.sub(_singular, comparable(text))))

    def _key_and_rendering(self, ctx: SegmentContext) -> tuple[str, str]:
        return _scoped(ctx, comparable(ctx.target)), ctx.source.strip()

    def _flag(self, ctx: SegmentContext, preferred: str, summary: str) -> Flag:
        text = ctx.target.strip()
        start = ctx.target.index(text)
        return self.flag(ctx, start, start + len(text),
                         f"this translation stands for different sources in this text: {summary}; is one of them "
                         "mistranslated?")


#: A word's English plural ending: -ies, -es after a sibilant, -s (not -ss, -us, -is).
_ENGLISH_PLURAL = re.compile(r"\b(\w{2,}?)(ies|(?:(?<=[sxz])|(?<=ch)|(?<=sh))es|(?<![su'’])s)\b")


_ARTICLE = re.compile(r"\b(?:a|an|the)\b")
_NOT_ALNUM = re.compile(r"[\W_]+")


def _singular(m: re.Match[str]) -> str:
    return m.group(1) + ("y" if m.group(2) == "ies" else "")


__all__ = ["SHORT", "InconsistentSource", "InconsistentTarget", "comparable"]
