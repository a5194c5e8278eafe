"""The checking engine: runs the glossary and every applicable check over segments and corpora."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from reviewer.checking import corpus_pass
from reviewer.checks import REGISTRY, Check, CorpusCheck, SegmentContext, TriggerPlan, select_checks
from reviewer.core.errors import ReviewerError
from reviewer.core.hints import is_fuzzy, segment_hints
from reviewer.core.model import Corpus, Flag, Segment, SegmentStatus, Severity, Side
from reviewer.core.spans import SpanKind
from reviewer.glossary import Glossary, GlossaryMatcher, load_glossaries
from reviewer.glossary.budget import Timeout


@dataclass
class SegmentResult:
    """A segment and its flags."""

    segment: Segment
    flags: list[Flag]

    def to_dict(self) -> dict[str, Any]:
        """JSON shape of the CLI."""
        out: dict[str, Any] = {
            "id": self.segment.id,
            "source": self.segment.source,
            "target": self.segment.target,
            "flags": [f.to_dict() for f in self.flags],
        }
        if is_fuzzy(self.segment.extra):
            out["fuzzy"] = True  # (only then: the shape of other output stays as it was)
        return out


@dataclass
class Report:
    """Flags for a whole corpus, with a summary."""

    results: list[SegmentResult]
    warnings: list[str] = field(default_factory=list)

    def flags(self) -> Iterator[Flag]:
        """Every flag in document order."""
        for r in self.results:
            yield from r.flags

    def worst(self) -> Severity | None:
        """Highest severity among the flags, or None when there are none."""
        return max((f.severity for f in self.flags()), key=lambda s: s.rank, default=None)

    def summary(self) -> dict[str, Any]:
        """Counts by severity, rule and category."""
        return summarise(self.results)


class Summary:
    """Counts by severity, rule and category, built one result at a time (for streams)."""

    def __init__(self) -> None:
        self.by_sev: Counter[str] = Counter({s.value: 0 for s in Severity})
        self.by_rule: Counter[str] = Counter()
        self.by_cat: Counter[str] = Counter()
        self.segments = self.flagged = self.total = self.fuzzy = self.flagged_fuzzy = 0
        self.worst: Severity | None = None

    def add(self, result: SegmentResult) -> None:
        """Count one segment's flags."""
        self.add_flags([(f.severity, f.rule, f.category) for f in result.flags], is_fuzzy(result.segment.extra))

    def add_flags(self, flags: list[tuple[Severity, str, str]], fuzzy: bool = False) -> None:
        """Count one segment's flags given as (severity, rule, category); `fuzzy`: the segment
        is marked fuzzy."""
        self.segments += 1
        if fuzzy:
            self.fuzzy += 1
        if flags:
            self.flagged += 1
            if fuzzy:
                self.flagged_fuzzy += 1
        for severity, rule, category in flags:
            self.total += 1
            self.by_sev[severity.value] += 1
            self.by_rule[rule] += 1
            self.by_cat[category] += 1
            if self.worst is None or severity.rank > self.worst.rank:
                self.worst = severity

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the CLI's summary."""
        out: dict[str, Any] = {
            "segments": self.segments,
            "flagged_segments": self.flagged,
            "flags": self.total,
            "by_severity": dict(self.by_sev),
            "by_rule": dict(sorted(self.by_rule.items(), key=lambda kv: (-kv[1], kv[0]))),
            "by_category": dict(sorted(self.by_cat.items(), key=lambda kv: (-kv[1], kv[0]))),
        }
        if self.fuzzy:  # (a corpus with fuzzy segments only: other summaries keep their shape)
            out["fuzzy_segments"] = self.fuzzy
            out["flagged_fuzzy_segments"] = self.flagged_fuzzy
        return out


def summarise(results: Iterable[SegmentResult]) -> dict[str, Any]:
    """Summary counts for a sequence of results."""
    summary = Summary()
    for r in results:
        summary.add(r)
    return summary.to_dict()


def _sort_key(f: Flag) -> tuple[int, int, int, str]:
    return (0 if f.side is Side.TARGET else 1, f.start, -f.end, f.rule)


@dataclass(frozen=True)
class CheckerSpec:
    """Everything needed to build a Checker, here or in another process: the one way a
    command, a review session or a worker says which checker it wants."""

    glossaries: tuple[str, ...] = ()
    """Glossary files, merged in this order."""
    source_lang: str = "en"
    target_lang: str = "id"
    only: tuple[str, ...] | None = None
    """Check ids to run (None: every applicable check)."""
    skip: tuple[str, ...] | None = None
    """Check ids to leave out."""
    settings: tuple[str, ...] = ()
    """Checks' settings, each `RULE.NAME=VALUE` (`Check.options`), applied in order."""
    enable: tuple[str, ...] = ()
    """Checks that are off by default to run as well (`Check.default_on`)."""

    @classmethod
    def for_corpus(cls, corpus: CorpusInfo, glossaries: Iterable[str | Path] | None = None, *,
                   no_glossary: bool = False, only: Iterable[str] | None = None,
                   skip: Iterable[str] | None = None, settings: Iterable[str] = (),
                   enable: Iterable[str] = ()) -> CheckerSpec:
        """The spec for a corpus: the given glossaries, else those the corpus names (none with
        `no_glossary`), and the corpus's languages."""
        chosen = [] if no_glossary else (list(glossaries or []) or list(corpus.glossaries))
        return cls(tuple(str(g) for g in chosen), corpus.source_lang, corpus.target_lang,
                   tuple(only) if only else None, tuple(skip) if skip else None, tuple(settings), tuple(enable))

    def build(self) -> Checker:
        """A checker for this spec (loads the glossaries)."""
        glossary = load_glossaries(self.glossaries) if self.glossaries else None
        return Checker(glossary, source_lang=self.source_lang, target_lang=self.target_lang,
                       only=list(self.only) if self.only else None, skip=list(self.skip) if self.skip else None,
                       settings=self.settings, enable=list(self.enable))


#: Sources that are not text to translate but a slot for metadata: gettext's convention for the
#: translators' names (GNOME, KDE, Qt), which the target fills with names and e-mail addresses.
METADATA_SOURCES = frozenset({"translator-credits", "translator_credits", "TRANSLATOR-CREDITS", "Your names",
                              "Your emails", "EMAIL OF TRANSLATORS", "NAME OF TRANSLATORS"})


class CorpusInfo(Protocol):
    """What a spec reads of a corpus (a loaded `Corpus`, or a streamed one)."""

    source_lang: str
    target_lang: str

    @property
    def glossaries(self) -> Sequence[str | Path]: ...


class Checker:
    """Runs a glossary and the generic checks for one language pair."""

    def __init__(
        self,
        glossary: Glossary | None = None,
        *,
        source_lang: str = "en",
        target_lang: str = "id",
        only: list[str] | None = None,
        skip: list[str] | None = None,
        settings: Iterable[str] = (),
        enable: list[str] | None = None,
    ) -> None:
        self.glossary = glossary
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.matcher = GlossaryMatcher(glossary) if glossary is not None else None
        self.glossary_ids: frozenset[str] = frozenset(
            [t.id for t in glossary.terms] + [r.id for r in glossary.rules]) if glossary is not None else frozenset()
        """The rule ids the glossary's flags carry."""
        self.checks = select_checks(source_lang, target_lang, only=only, skip=skip, enable=enable)
        for setting in settings:
            _configure(self.checks, setting)
        self.segment_checks = [c for c in self.checks if not isinstance(c, CorpusCheck)]
        self.corpus_checks = [c for c in self.checks if isinstance(c, CorpusCheck)]
        self._triggers = TriggerPlan(self.segment_checks)
        self._reads_code = frozenset(c.id for c in self.checks if c.reads_code)
        """Rule ids whose flags may lie inside code (`Check.reads_code`)."""
        if glossary is not None:
            prescribed = frozenset(r.display for t in glossary.terms for r in t.targets if not r.is_regex)
            for check in self.corpus_checks:
                check.preferred_forms = prescribed

    @property
    def warnings(self) -> list[str]:
        """Problems met in this run (glossary regexes that timed out: one line per rule or term)."""
        return self.matcher.warnings if self.matcher else []

    @property
    def timeouts(self) -> list[Timeout]:
        """Every glossary regex timeout of this run so far, in order (see `reviewer.glossary.budget`)."""
        return self.matcher.timeouts if self.matcher else []

    def new_run(self) -> None:
        """Start a new run: glossary entries switched off by timeouts are on again, with their
        whole time budget."""
        if self.matcher is not None:
            self.matcher.new_run()

    def context(self, seg_id: str, source: str, target: str, hints: str = "") -> SegmentContext:
        """A shared analysis context for one segment (`hints`: `core.hints.segment_hints`)."""
        return SegmentContext(seg_id, source, target, self.source_lang, self.target_lang, hints)

    def check_context(self, ctx: SegmentContext) -> list[Flag]:
        """Glossary and per-segment check flags for one segment, sorted, without duplicates."""
        if not ctx.source.strip() and not ctx.target.strip():
            return []
        if ctx.source in METADATA_SOURCES:
            return []  # the translators' names and addresses, not a translation of prose
        glossary_flags = self.matcher.check(ctx.source, ctx.target, ctx, ctx.id) if self.matcher else []
        flags = list(glossary_flags)
        for check in self._triggers.checks_to_run(ctx):
            flags.extend(check.run(ctx))
        if flags and (_may_hold_code(ctx.target) or _may_hold_code(ctx.source)):
            # Nothing but the checks that read code may flag inside it (a placeholder, a tag,
            # a URL, an option): a glossary term or an English plural in `%(files)d` is no error.
            reads_code, n = self._reads_code, len(glossary_flags)
            glossary_flags = [f for f in glossary_flags if not _in_code(f, ctx)]
            flags = glossary_flags + [f for f in flags[n:] if f.rule in reads_code or not _in_code(f, ctx)]
        return _dedupe(flags, len(glossary_flags))

    def with_corpus_flags(self, flags: list[Flag], ctx: SegmentContext, verdicts: list[Any] | None) -> list[Flag]:
        """A segment's flags with those of the corpus-level checks added, from the verdicts of
        their first pass (none yet: the flags as they are)."""
        if not verdicts:
            return flags
        return merge_corpus_flags(flags, corpus_pass.flags_under(self.corpus_checks, verdicts, ctx), self.glossary_ids)

    def check_segment(self, seg_id: str, source: str, target: str, hints: str = "") -> list[Flag]:
        """Flags for one segment (corpus-level consistency checks excluded)."""
        return self.check_context(self.context(seg_id, source, target, hints))

    def check_corpus(self, corpus: Corpus, targets: dict[str, str] | None = None) -> Report:
        """Flags for every segment of a corpus, optionally with corrected targets."""
        targets = targets or {}
        self.new_run()
        contexts = [self.context(s.id, s.source, targets.get(s.id, s.target),
                                 segment_hints(s.extra, s.status is SegmentStatus.NEW))
                    for s in corpus.segments]
        per_segment = {ctx.id: self.check_context(ctx) for ctx in contexts}
        corpus_level: dict[str, list[Flag]] = {}
        for seg_id, flag in corpus_pass.corpus_flags(self.corpus_checks, contexts):
            corpus_level.setdefault(seg_id, []).append(flag)
        results = []
        for seg, ctx in zip(corpus.segments, contexts):
            flags = merge_corpus_flags(per_segment[seg.id], corpus_level.get(seg.id, []), self.glossary_ids)
            shown = Segment(seg.id, seg.source, ctx.target, seg.status, seg.note, seg.extra)
            results.append(SegmentResult(shown, flags))
        return Report(results, list(self.warnings))


def _configure(checks: Sequence[Check], setting: str) -> None:
    """Apply one `RULE.NAME=VALUE` setting to the check it names (a check left out by --only
    or --skip takes it without complaint; an unknown check is an error)."""
    name, equals, value = setting.partition("=")
    rule, dot, option = name.strip().partition(".")
    if not equals or not dot or not option:
        raise ReviewerError(f"--set {setting}: expected RULE.NAME=VALUE (e.g. length-ratio.max=3)")
    if rule not in REGISTRY:
        raise ReviewerError(f"--set {setting}: no check {rule!r} (see `reviewer checks`)")
    for check in checks:
        if check.id == rule:
            check.configure(option.strip(), value.strip())
            return
    REGISTRY[rule]().configure(option.strip(), value.strip())  # (not run: the setting is still checked)


def _in_code(f: Flag, ctx: SegmentContext) -> bool:
    """Whether a flag lies inside code on its side: a placeholder, a tag, a URL, an e-mail
    address or an option (`core.spans.protected_spans`; a `<file>` in help text is language).
    The spans are found once per segment and side, and only for a side that holds a character
    every such span has (most prose has none)."""
    key = ("engine.code", f.side)
    spans: list[tuple[int, int]] | None = ctx.shared.get(key)
    if spans is None:
        text = ctx.source if f.side is Side.SOURCE else ctx.target
        spans = ctx.shared[key] = [(s.start, s.end) for s in ctx.code(f.side).spans if s.kind is not SpanKind.METAVAR
                                   ] + _literals(text, ctx.target if f.side is Side.SOURCE else ctx.source) \
            if _may_hold_code(text) else []
    # (an empty span, a place where something is missing, is inside only strictly: the place
    # before a placeholder is outside it)
    return any(start <= f.start and f.end <= end and (f.start < f.end or start < f.start) for start, end in spans)


#: Paths (/proc/swaps, ~/.config/app) and file names with an extension (pagetemplates.ini,
#: cleaner.option1): code that `core.spans` leaves to the text, kept as written by translators.
_PATH_OR_FILE = re.compile(r"(?<![\w/.])(?:~|\.{1,2})?/[\w.-]+(?:/[\w.-]*)*|\b[\w-]+(?:\.[\w-]+)*\.[a-z][a-z0-9]{0,3}\d?\b")
#: A word or a few in straight single quotes ('conffiles', 'update'): a literal the translator
#: kept from the source on purpose when the source has it too.
_QUOTED = re.compile(r"(?<!\w)'([^'\s][^'\n]{0,40}?)'(?!\w)")
#: A word or a few in square brackets (`[options]` in a usage line), likewise kept when the
#: other side has it as it is.
_BRACKETED = re.compile(r"\[[^\[\]\s][^\[\]\n]{0,40}?\]")


def _literals(text: str, other: str) -> list[tuple[int, int]]:
    """Spans of `text` that are kept literally: paths and file names, and quoted or bracketed
    words that the other side of the segment has as they are."""
    out: list[tuple[int, int]] = []
    if _PATH_HINT.search(text):
        out += [m.span() for m in _PATH_OR_FILE.finditer(text)]
    if "'" in text:
        out += [m.span() for m in _QUOTED.finditer(text) if m.group(1) in other]
    if "[" in text:
        out += [m.span() for m in _BRACKETED.finditer(text) if m.group() in other]
    return out


#: What a path or a file name holds: a slash, or a period before a lower-case letter.
_PATH_HINT = re.compile(r"/|\.[a-z]")
#: What every protected span (`core.spans`) or literal (`_literals`) holds: one of these
#: characters, or an option's dash, "www.", a period before a lower-case letter or an opening
#: straight quote (`_MAY_HOLD_CODE`). Most prose has none of them.
_CODE_CHARACTERS = "%{}$<>&@/["
_MAY_HOLD_CODE = re.compile(r"[%{}$<>&@/\[]|(?<![\w/.-])-[-A-Za-z]|www\.|\.[a-z]|(?<!\w)'[^'\s]")
#: The other parts of `_MAY_HOLD_CODE`, each opening with its literal character, so that a
#: search jumps from one occurrence of it to the next (a look-behind in front would make the
#: search try every position: 15-70 µs a sentence, against about 1 µs for `_may_hold_code`).
_OPTION_DASH = re.compile(r"-(?<![\w/.-]-)[-A-Za-z]")
_PERIOD_WORD = re.compile(r"\.[a-z]")
_OPENING_QUOTE = re.compile(r"'(?<!\w')[^'\s]")


def _may_hold_code(text: str) -> bool:
    """Whether `_MAY_HOLD_CODE` finds something in a text, found with `in` tests first."""
    for character in _CODE_CHARACTERS:
        if character in text:
            return True
    return ("-" in text and _OPTION_DASH.search(text) is not None) or "www." in text or (
        "." in text and _PERIOD_WORD.search(text) is not None) or (
        "'" in text and _OPENING_QUOTE.search(text) is not None)


def merge_corpus_flags(flags: list[Flag], corpus_flags: list[Flag], glossary_ids: frozenset[str] = frozenset()
                       ) -> list[Flag]:
    """Add corpus-level (consistency) flags to a segment's flags, except on spans that another
    flag already covers or that lie inside a glossary flag (rule ids in `glossary_ids`), and sort them."""
    if not corpus_flags:
        return flags
    taken = {(f.side, f.start, f.end) for f in flags}
    glossary = [f for f in flags if f.rule in glossary_ids] if glossary_ids else []
    return sorted(flags + [f for f in corpus_flags
                           if (f.side, f.start, f.end) not in taken and not _inside_any(f, glossary)], key=_sort_key)


def _inside_any(f: Flag, glossary_flags: list[Flag]) -> bool:
    """Whether a flag's span lies inside the span of one of the glossary flags, on the same side
    (an empty span: strictly inside; one on the same span is a duplicate, dropped anyway)."""
    for g in glossary_flags:
        if g.side is f.side and g.start <= f.start and f.end <= g.end and (
                f.start < f.end or g.start < f.start < g.end):
            return True
    return False


def _dedupe(flags: list[Flag], n_glossary: int) -> list[Flag]:
    """Drop exact duplicates, and check flags on a span that one of the first `n_glossary`
    (glossary) flags covers: the same span, or a part of the glossary flag's span on the same
    side ("H800S" inside "H800S-nya"). The glossary's message and suggestion are the better ones;
    a check flag that reaches beyond the glossary's span (a space before "-nya") is kept."""
    glossary = flags[:n_glossary]
    glossary_spans = {(f.side, f.start, f.end) for f in glossary}
    seen: set[tuple[str, Side, int, int]] = set()
    out = []
    glossary_seen: set[tuple[Side, int, int]] = set()
    for i, f in enumerate(flags):
        key = (f.rule, f.side, f.start, f.end)
        span = (f.side, f.start, f.end)
        if key in seen:
            continue
        if i < n_glossary:
            if span in glossary_seen:
                continue  # two entries (China, Chinese) on one span: one flag is enough
            glossary_seen.add(span)
        elif glossary and (span in glossary_spans or _inside_any(f, glossary)):
            continue
        seen.add(key)
        out.append(f)
    return sorted(out, key=_sort_key)
