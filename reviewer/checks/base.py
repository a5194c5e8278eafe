"""Check registry and the per-segment context that every check shares (tokens computed once)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar, overload

from reviewer.core.errors import ReviewerError
from reviewer.core.hints import placeholder_kinds, scope
from reviewer.core.model import Flag, Severity, Side
from reviewer.core.spans import Scan, scan
from reviewer.core.text import WORD_RE, Token, term_words, tokenize

T = TypeVar("T")


class cached_property(Generic[T]):  # noqa: N801 - named like the functools one it replaces
    """`functools.cached_property` without its lock (Python 3.11 takes an RLock on every first
    access; a context is used by one thread and makes a dozen of these per segment)."""

    def __init__(self, fn: Callable[[Any], T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> cached_property[T]: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> T | cached_property[T]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


class Searchable(Protocol):
    """A compiled pattern (`re` or `regex`): what a trigger searches for."""

    @property
    def pattern(self) -> Any: ...

    def search(self, string: str, /) -> Any: ...


class Contains:
    """A trigger's pattern (see `Searchable`) that fires where any of some literal strings
    occurs: `in` (a C-level memchr-like scan) is several times faster than a regex search for a
    character class or a literal, which steps through the text character by character."""

    def __init__(self, *literals: str) -> None:
        self.literals = literals
        self.pattern = "|".join(map(re.escape, literals))

    def search(self, text: str, /) -> object:
        for literal in self.literals:
            if literal in text:
                return True
        return None


class Gated:
    """A trigger's pattern (see `Searchable`) whose regex is searched only where one of some
    literal strings occurs, each of which every match of the regex holds: most texts hold none,
    and then a few `in` tests answer instead of a search."""

    def __init__(self, regex: re.Pattern[str], *literals: str) -> None:
        self.regex = regex
        self.literals = literals
        self.pattern = regex.pattern

    def search(self, text: str, /) -> object:
        for literal in self.literals:
            if literal in text:
                return self.regex.search(text)
        return None


class Digits:
    """A trigger's pattern (see `Searchable`) that fires on a text holding a digit (`\\d`, any
    script's): ten `in` tests for the ASCII digits, then on a text that is not ASCII the regex on
    its other characters only (the bytes of its UTF-8 that are not ASCII: most such texts are
    ASCII but for a few quotes, and the regex tests a class at every character)."""

    pattern = r"\d"
    _ANY = re.compile(r"\d")
    _ASCII = bytes(range(128))

    def search(self, text: str, /) -> object:
        for digit in "0123456789":
            if digit in text:
                return True
        if text.isascii():
            return None
        # (a lone surrogate passes through: it is no digit)
        return self._ANY.search(text.encode("utf-8", "surrogatepass").translate(None, self._ASCII).decode(
            "utf-8", "surrogatepass"))


#: A trigger's pattern that fires on a text that is not blank (its first character that is not
#: white space ends the search): one object, so that the checks that need a text search once.
NONBLANK = re.compile(r"\S")


@dataclass(frozen=True)
class Trigger:
    """What must occur in a segment for a check to have anything to say (trigger-first
    checking): a pattern found in the source, in the target, or (with `both`) in each. The
    engine calls a check only on segments where its trigger fires; a segment holding nothing a
    check could flag costs that check one C-level search, shared by every check that has the same
    pattern (`SegmentContext.found`). A trigger must never be narrower than the check: it may
    fire where the check then finds nothing, never the other way round."""

    source: Searchable | None = None
    """A pattern searched in the source."""
    target: Searchable | None = None
    """A pattern searched in the target."""
    both: bool = False
    """Fire only when both patterns are found (default: when either is)."""

    def fires(self, ctx: SegmentContext) -> bool:
        """Whether the check may have something to say on this segment."""
        source, target = self.source, self.target
        if self.both:
            return (source is None or ctx.found_in_source(source)) and (
                target is None or ctx.found_in_target(target))
        return (source is not None and ctx.found_in_source(source)) or (
            target is not None and ctx.found_in_target(target))


def fires(check: Check, ctx: SegmentContext) -> bool:
    """Whether a check has to run on a segment (no trigger: on every segment)."""
    trigger = check.trigger
    return trigger is None or trigger.fires(ctx)


class TriggerPlan:
    """The triggers of a list of checks, searched together: each distinct pattern once per
    segment and side, in one list comprehension of C-level searches per side, and the checks to
    run looked up by the combination of results (what `fires` decides check by check, in one
    dict lookup for a combination met before: most segments share a few combinations). The results are
    left in the context, so a check that asks `found_in_source`/`found_in_target` again for its
    trigger's pattern gets them without a second search."""

    __slots__ = ("_source", "_source_ids", "_target", "_target_ids", "_steps", "_chosen")

    CHOSEN = 4096
    """Combinations of results whose checks are kept (a corpus meets a few hundred: most checks'
    triggers fire on few segments); past that the table starts afresh."""

    def __init__(self, checks: Iterable[Check]) -> None:
        checks = list(checks)
        source: dict[int, Searchable] = {}
        target: dict[int, Searchable] = {}
        for check in checks:
            if check.trigger is not None:
                if check.trigger.source is not None:
                    source.setdefault(id(check.trigger.source), check.trigger.source)
                if check.trigger.target is not None:
                    target.setdefault(id(check.trigger.target), check.trigger.target)
        self._source_ids = list(source)
        self._target_ids = list(target)
        self._source = [p.search for p in source.values()]
        self._target = [p.search for p in target.values()]
        at_source = {key: i for i, key in enumerate(self._source_ids)}
        at_target = {key: i for i, key in enumerate(self._target_ids)}
        self._steps: list[tuple[Check, int, int, bool]] = []
        """Per check: where its source and target patterns' results are (-1: none, and -2 for
        both when it has no trigger), and whether both must be found."""
        for check in checks:
            t = check.trigger
            if t is None:
                self._steps.append((check, -2, -2, False))
            else:
                self._steps.append((check, at_source[id(t.source)] if t.source is not None else -1,
                                    at_target[id(t.target)] if t.target is not None else -1, t.both))
        self._chosen: dict[tuple[tuple[bool, ...], tuple[bool, ...]], tuple[Check, ...]] = {}
        """The checks to run for each combination of results met so far: one dict lookup
        instead of a decision per check in Python."""

    def checks_to_run(self, ctx: SegmentContext) -> list[Check]:
        """The checks whose triggers fire on this segment (those without one always), in order."""
        source, target = ctx.source, ctx.target
        in_source = tuple([search(source) is not None for search in self._source])
        in_target = tuple([search(target) is not None for search in self._target])
        # The context turns these into its `_found_source`/`_found_target` when a check asks.
        known = ctx.__dict__
        known["_triggered"] = (self, in_source, in_target)
        if "_found_source" in known or "_found_target" in known:  # (searched one by one before: start again)
            known.pop("_found_source", None)
            known.pop("_found_target", None)
        key = (in_source, in_target)
        chosen = self._chosen.get(key)
        if chosen is None:
            if len(self._chosen) >= self.CHOSEN:
                self._chosen.clear()
            chosen = self._chosen[key] = self._choose(in_source, in_target)
        return list(chosen)

    def _choose(self, in_source: tuple[bool, ...], in_target: tuple[bool, ...]) -> tuple[Check, ...]:
        """The checks to run for one combination of results, in order."""
        out = []
        for check, s, t, both in self._steps:
            if s == -2:
                out.append(check)
            elif both:
                if (s < 0 or in_source[s]) and (t < 0 or in_target[t]):
                    out.append(check)
            elif (s >= 0 and in_source[s]) or (t >= 0 and in_target[t]):
                out.append(check)
        return tuple(out)

    def found(self, in_source: tuple[bool, ...], in_target: tuple[bool, ...]) -> tuple[dict[int, bool], dict[int, bool]]:
        """Results of `checks_to_run` by pattern (`id`), as the context keeps them."""
        return dict(zip(self._source_ids, in_source)), dict(zip(self._target_ids, in_target))


@dataclass
class SegmentContext:
    """A segment as checks see it; tokenisation and other analysis is computed once and cached."""

    id: str
    source: str
    target: str
    source_lang: str = "en"
    target_lang: str = "id"
    hints: str = ""
    """What the segment's format says about checking it (`core.hints`: placeholder syntaxes, a
    PO context); "" for plain text."""

    @property
    def placeholder_kinds(self) -> frozenset[str]:
        """The placeholder syntaxes (`SpanKind` values) that apply to this segment."""
        return placeholder_kinds(self.hints)

    @property
    def scope(self) -> str:
        """The scope of the segment's text (a PO `msgctxt`), "" when none."""
        return scope(self.hints)

    @cached_property
    def shared(self) -> dict[Any, Any]:
        """Analyses that several checks need, kept here by the first that makes them (each
        module keys its own entries)."""
        return {}

    @cached_property
    def _found_source(self) -> dict[int, bool]:
        return self._trigger_results()[0]

    @cached_property
    def _found_target(self) -> dict[int, bool]:
        return self._trigger_results()[1]

    def _trigger_results(self) -> tuple[dict[int, bool], dict[int, bool]]:
        """What `TriggerPlan.checks_to_run` found on this segment, if it ran (empty otherwise),
        turned into dicts by pattern only when a check asks (most segments, none does)."""
        triggered = self.__dict__.get("_triggered")
        if triggered is None:
            return {}, {}
        plan, in_source, in_target = triggered
        found = plan.found(in_source, in_target)
        # (both at once: the other one is kept too, if it was not made yet)
        self.__dict__.setdefault("_found_source", found[0])
        self.__dict__.setdefault("_found_target", found[1])
        return self.__dict__["_found_source"], self.__dict__["_found_target"]

    def found_in_source(self, pattern: Searchable) -> bool:
        """Whether a trigger's pattern occurs in the source (searched once per segment, whichever
        checks share the pattern object)."""
        known = self._found_source.get(id(pattern))
        if known is None:
            known = self._found_source[id(pattern)] = pattern.search(self.source) is not None
        return known

    def found_in_target(self, pattern: Searchable) -> bool:
        """Whether a trigger's pattern occurs in the target (searched once per segment)."""
        known = self._found_target.get(id(pattern))
        if known is None:
            known = self._found_target[id(pattern)] = pattern.search(self.target) is not None
        return known

    def code(self, side: Side) -> Scan:
        """What is code, not language, on one side (`core.spans.scan`), scanned once per segment
        for the checks that compare it and for the engine, which drops other flags inside it."""
        key = ("code", side)
        found: Scan | None = self.shared.get(key)
        if found is None:
            found = self.shared[key] = scan(self.target if side is Side.TARGET else self.source)
        return found

    def found(self, pattern: Searchable, side: Side) -> bool:
        """Whether a trigger's pattern occurs on one side."""
        return self.found_in_target(pattern) if side is Side.TARGET else self.found_in_source(pattern)

    @cached_property
    def source_tokens(self) -> list[Token]:
        """Word tokens of the source."""
        return tokenize(self.source)

    @cached_property
    def target_tokens(self) -> list[Token]:
        """Word tokens of the target."""
        return tokenize(self.target)

    @cached_property
    def target_texts(self) -> list[str]:
        """The target's tokens as strings only (what the corpus-level first pass needs: a
        `findall`, without building tokens)."""
        tokens = self.__dict__.get("target_tokens")
        return [t.text for t in tokens] if tokens is not None else WORD_RE.findall(self.target)

    @cached_property
    def source_term_words(self) -> list[tuple[str, int, int]]:
        """Source words as the glossary matches them (split also at hyphens and periods)."""
        return term_words(self.source_tokens)

    @cached_property
    def target_term_words(self) -> list[tuple[str, int, int]]:
        """Target words as the glossary matches them (split also at hyphens and periods)."""
        return term_words(self.target_tokens)

    @cached_property
    def target_words(self) -> frozenset[str]:
        """Target words as written, also split at hyphens."""
        out = {t.text for t in self.target_tokens}
        out.update(part for t in self.target_tokens if "-" in t.text for part in t.text.split("-"))
        return frozenset(out)

    @cached_property
    def target_folded(self) -> list[str]:
        """Case-folded target tokens, in order."""
        return [t.text.casefold() for t in self.target_tokens]

    @cached_property
    def source_words_folded(self) -> frozenset[str]:
        """Case-folded source words."""
        return frozenset(t.text.casefold() for t in self.source_tokens)

    @cached_property
    def target_words_folded(self) -> frozenset[str]:
        """Case-folded target words, also split at hyphens (H800-nya gives h800 and nya)."""
        out: set[str] = set()
        for t in self.target_tokens:
            folded = t.text.casefold()
            out.add(folded)
            if "-" in folded:
                out.update(folded.split("-"))
        return frozenset(out)


class Check:
    """A check of one segment. Subclasses set the class attributes and implement `run`."""

    id: ClassVar[str]
    """Rule id reported in flags."""
    category: ClassVar[str]
    """Default MQM category."""
    severity: ClassVar[Severity]
    """Default severity."""
    description: ClassVar[str]
    """One line for `reviewer checks` and the help screen."""
    source_langs: ClassVar[frozenset[str] | None] = None
    """Source languages the check applies to (None: any)."""
    target_langs: ClassVar[frozenset[str] | None] = None
    """Target languages the check applies to (None: any)."""
    trigger: ClassVar[Trigger | None] = None
    """What must occur in a segment for the check to have anything to say (None: it runs on
    every segment). See `Trigger`."""
    variants: ClassVar[tuple[tuple[Severity, str, str], ...]] = ()
    """Flags the check gives with another severity or category than its default: (severity,
    category, which flags). `reviewer checks` lists them after the check's own."""
    reads_code: ClassVar[bool] = False
    """The check looks at code (placeholders, tags, URLs, options): its flags may lie inside the
    protected spans of a text (`reviewer.core.spans`). The engine drops every other check's
    flags there: a word check has nothing to say about `%(files)d` or `--contents`."""

    default_on: ClassVar[bool] = True
    """Whether the check runs unless left out; one that is off runs when named (`--enable`,
    `--only`)."""
    options: ClassVar[dict[str, str]] = {}
    """Settings a user may change (`reviewer check --set RULE.NAME=VALUE`): name -> what it
    means. Each is a number held in the attribute of that name (hyphens as underscores)."""

    def configure(self, name: str, value: str) -> None:
        """Change one of `options` (a number); errors name the setting and say what is allowed."""
        if name not in self.options:
            known = ", ".join(f"{self.id}.{n}" for n in self.options) or "none"
            raise ReviewerError(f"--set {self.id}.{name}: the check {self.id!r} has no setting {name!r} "
                                f"(its settings: {known})")
        try:
            number = float(value)
        except ValueError:
            raise ReviewerError(f"--set {self.id}.{name}={value}: a number is expected") from None
        if not number >= 0 or number == float("inf"):
            raise ReviewerError(f"--set {self.id}.{name}={value}: a number of 0 or more is expected")
        setattr(self, name.replace("-", "_"), number)

    def run(self, ctx: SegmentContext) -> Iterable[Flag]:
        """Flags for one segment."""
        raise NotImplementedError

    def flag(
        self,
        ctx: SegmentContext,
        start: int,
        end: int,
        message: str,
        suggestion: str | None = None,
        *,
        side: Side = Side.TARGET,
        severity: Severity | None = None,
        category: str | None = None,
    ) -> Flag:
        """Build a flag for this check with the span's text filled in."""
        text = ctx.target if side is Side.TARGET else ctx.source
        return Flag(
            self.id,
            category or self.category,
            severity or self.severity,
            side,
            start,
            end,
            text[start:end],
            message,
            suggestion,
        )


class CorpusCheck(Check):
    """A check that needs the whole corpus (consistency across segments).

    It works in two passes so that a corpus never has to be held in memory: `collect` gathers
    small statistics segment by segment (partial statistics from parallel workers are combined
    with `merge`), `decide` turns them into a verdict, and `flags` flags one segment against it.
    """

    preferred_forms: frozenset[str] = frozenset()
    """Spellings a glossary prescribes; they win over the majority when forms are mixed."""

    def run(self, ctx: SegmentContext) -> Iterable[Flag]:
        return ()

    def new_stats(self) -> Any:
        """Empty statistics."""
        raise NotImplementedError

    def collect(self, stats: Any, ctx: SegmentContext) -> None:
        """Add one segment to the statistics."""
        raise NotImplementedError

    def merge(self, stats: Any, other: Any) -> None:
        """Add another worker's statistics."""
        raise NotImplementedError

    def decide(self, stats: Any) -> Any:
        """The verdict (small and picklable) that `flags` needs."""
        raise NotImplementedError

    def flags(self, verdict: Any, ctx: SegmentContext) -> Iterable[Flag]:
        """Flags for one segment under the verdict."""
        raise NotImplementedError


REGISTRY: dict[str, type[Check]] = {}


def register(cls: type[Check]) -> type[Check]:
    """Class decorator adding a check to the registry under its id."""
    if cls.id in REGISTRY:
        raise ValueError(f"check id {cls.id!r} registered twice")
    REGISTRY[cls.id] = cls
    return cls


def _lang(code: str) -> str:
    return code.split("-")[0].split("_")[0].lower()


def applicable(cls: type[Check], source_lang: str, target_lang: str) -> bool:
    """Whether a check applies to a language pair."""
    return (cls.source_langs is None or _lang(source_lang) in cls.source_langs) and (
        cls.target_langs is None or _lang(target_lang) in cls.target_langs
    )
