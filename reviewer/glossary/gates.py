"""Running a glossary's regex rules with few searches: the rules' patterns joined into bigger ones
(gates) that tell, with one search, which rules need to run on a segment, and before that, a text
that every match of a source condition holds (`required_literal`), looked for with `in`. A rule's
source condition (`when_source`) is always looked at before its target pattern."""

from __future__ import annotations

import re
from itertools import chain
from operator import itemgetter
from typing import Any

import ahocorasick_rs
import regex

from reviewer.glossary.model import Rule

#: Where the text that the matches of a condition must hold (`required_literal`) is in a source
#: for at most this many conditions, those are tried one by one: a search of one condition costs
#: a fraction of one of all of them joined.
FEW_CONDITIONS = 4
#: After this many places where one of the joined source conditions matches, the conditions not
#: yet seen to hold are tried one by one (a condition that matches almost everywhere would
#: otherwise cost a search per place).
CONDITION_PLACES = 8

# Patterns that can join a bigger one: no back-references, group names, conditionals or global
# inline flags (their meaning would change inside a bigger pattern).
_UNGATEABLE = re.compile(r"\\[1-9]|\\g<|\(\?P[<=>]|\(\?<(?![=!])|\(\?\(|\(\?[a-zA-Z]+\)|\(\?[V&R0-9+-]")


#: Global inline flags at the very start of a pattern ("(?i)\bwhere\b"): the flags are also in
#: the compiled pattern's `flags`, so the rest of the text can stand in a group scoped with them.
_LEADING_FLAGS = re.compile(r"\(\?[ims]+\)")
_SCOPED_FLAGS = (("i", regex.IGNORECASE), ("m", regex.MULTILINE), ("s", regex.DOTALL))


def joinable(pattern: Any) -> bool:
    """Whether a compiled pattern means the same inside a bigger one."""
    text = pattern.pattern
    if not isinstance(text, str):
        return False
    lead = _LEADING_FLAGS.match(text)
    return not _UNGATEABLE.search(text, lead.end() if lead else 0)


def scoped(pattern: Any) -> str:
    """A pattern's text in a group scoped with its flags, to stand inside a bigger pattern."""
    text = pattern.pattern
    lead = _LEADING_FLAGS.match(text)
    if lead:
        text = text[lead.end():]
    on = "".join(letter for letter, flag in _SCOPED_FLAGS if pattern.flags & flag)
    off = "".join(letter for letter, flag in _SCOPED_FLAGS if not pattern.flags & flag)
    return f"(?{on}-{off}:" + text + ")" if off else f"(?{on}:" + text + ")"


class RulePlan:
    """How the rules that are on run on a segment. Rules with a source condition (`when_source`)
    that can be joined are found through `conditions`; rules without one, through `free_gate`,
    one pattern that matches wherever any of their target patterns would; the rest (`single`)
    run one by one, condition first. So a target pattern never runs where its rule's source
    condition does not hold. `ungated`: joined patterns given up after repeated timeouts."""

    def __init__(self, rules: list[Rule], ungated: frozenset[str] | set[str] = frozenset()) -> None:
        self.rules = rules
        self.ungated = frozenset(ungated)
        self.order = {id(rule): i for i, rule in enumerate(rules)}
        conditioned = [r for r in rules if r.when_source is not None and joinable(r.when_source)]
        free = [r for r in rules if r.when_source is None and joinable(r.pattern)]
        self.conditions = None if "conditions" in self.ungated else Conditions.build(conditioned)
        self.free_gate = None if "patterns" in self.ungated else joined_pattern([r.pattern for r in free])
        joined = {id(r) for r in (conditioned if self.conditions is not None else [])}
        if self.free_gate is not None:
            joined.update(id(r) for r in free)
        self.free = free if self.free_gate is not None else []
        self.single = [r for r in rules if id(r) not in joined]
        self.target_literals: dict[int, str] = {}
        """Per rule (by `id()`) whose target pattern has one (`required_literal`): a text that
        every match of that pattern holds. Where the target lacks it, the rule cannot flag
        anything, and neither its source condition nor its pattern need a search."""
        for rule in rules:
            literal = required_literal(rule.pattern)
            if literal:
                self.target_literals[id(rule)] = literal
        self.target_scan: Any = None
        """Where every rule has such a text: an automaton of them all. A target that holds none
        of them (most targets) gets no rule flag, and no rule needs to be looked at."""
        if rules and len(self.target_literals) == len(rules):
            self.target_scan = ahocorasick_rs.AhoCorasick(sorted(set(self.target_literals.values())))


def joined_pattern(patterns: list[Any]) -> Any:
    """One pattern that matches wherever any of `patterns` would (None for fewer than two)."""
    if len(patterns) < 2:
        return None
    try:
        return regex.compile("|".join(scoped(p) for p in patterns))
    except (regex.error, ValueError, OverflowError):
        return None


#: Flags under which the text of a pattern does not mean what it says character by character.
_UNREADABLE_FLAGS = regex.VERBOSE | regex.VERSION1 | regex.LOCALE
#: Escapes that stand for no text of their own (classes and zero-width assertions): they end a
#: literal run. Any other escape of a letter or digit (\x41, \N{...}, \1) gives up.
_RUN_ENDING_ESCAPES = frozenset("bBdDsSwWAZz")
_FLAG_GROUP = re.compile(r"\(\?([a-zA-Z0-9-]*)([:)])")


def required_literal(pattern: Any) -> str | None:
    """A piece of text that every match of a compiled `regex` pattern holds, as written; None
    when none can be read off the pattern with certainty. Only literal characters outside every
    group count, and only where the pattern has no alternation at its top level; a character
    under a quantifier that allows none (?, *, {}) does not. The longest such run is returned.
    Anything this reading does not know gives up (None): the answer must never name text that a
    match can lack. So does a pattern that ignores case: `regex` has case equivalents that
    Python's case folding lacks (I and dotless ı; ss and a letter newer than this Python's
    Unicode data)."""
    text, flags = pattern.pattern, pattern.flags
    if not isinstance(text, str) or flags & (_UNREADABLE_FLAGS | regex.IGNORECASE) or "\\Q" in text:
        return None
    runs: list[str] = []
    run: list[str] = []
    depth, i, n = 0, 0, len(text)

    def end_run() -> None:
        if run:
            runs.append("".join(run))
            run.clear()

    while i < n:
        c = text[i]
        if c == "\\":
            if i + 1 >= n:
                return None
            escaped = text[i + 1]
            if escaped.isalnum():
                if escaped not in _RUN_ENDING_ESCAPES:
                    return None
                if depth == 0:
                    end_run()
            elif depth == 0:
                run.append(escaped)  # an escaped symbol is itself
            i += 2
        elif c == "[":
            j = i + 1
            if j < n and text[j] == "^":
                j += 1
            if j < n and text[j] == "]":
                j += 1
            while j < n and text[j] != "]":
                if text[j] == "[":
                    return None  # (nested sets, POSIX classes)
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                return None
            if depth == 0:
                end_run()
            i = j + 1
        elif c == "(":
            flagged = _FLAG_GROUP.match(text, i)
            if flagged and flagged.group(2) == ")":
                i = flagged.end()  # global flags: already in `flags`
                continue
            if flagged and any(letter in flagged.group(1) for letter in "xXVL"):
                return None
            if depth == 0:
                end_run()
            depth += 1
            i += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
            i += 1
        elif c == "|":
            if depth == 0:
                return None
            i += 1
        elif c in "?*+{":
            if c == "{":
                close = text.find("}", i)
                if close < 0 or not text[i + 1:close] or any(ch not in "0123456789," for ch in text[i + 1:close]):
                    return None  # (fuzzy matching, or a brace this reading does not know)
            if depth == 0:
                if run and c != "+":
                    run.pop()  # the quantified character may be missing
                end_run()
            i = text.find("}", i) + 1 if c == "{" else i + 1
        elif c in ".^$]}":
            if depth == 0:
                end_run()
            i += 1
        else:
            if depth == 0:
                run.append(c)
            i += 1
    if depth != 0:
        return None
    end_run()
    return max(runs, key=len) if runs else None


class Conditions:
    """The source conditions of several rules joined into one pattern (`_any`: most sources match
    none, and that costs one search). Which conditions hold in a source that one does match takes a
    search per place where one matches, not one per rule: there, the same alternatives each in a
    group of its own, and again in reverse order, matched at that place, tell the first and the
    last that match (rarely more than one). Groups make a search several times slower, so they are
    only matched at such places. When every condition has a text its matches hold
    (`required_literal`), a source holding none of them needs no search at all, and one holding
    a few has just those conditions tried one by one."""

    def __init__(self, rules: list[Rule], any_: Any, forward_text: str, forward_of: dict[int, int],
                 backward_text: str, backward_of: dict[int, int]) -> None:
        self.rules = rules
        self._patterns: list[Any] = [r.when_source for r in rules]
        self._any = any_
        self._texts = (forward_text, backward_text)
        self._forward_of, self._backward_of = forward_of, backward_of
        self._forward: Any = None
        self._backward: Any = None
        found = [required_literal(p) for p in self._patterns]
        self._literals: list[str] | None = None
        """For each condition, a text that its matches hold (None when one has none): a condition
        whose text is not in a source does not hold there."""
        self._literal_scan: Any = None
        self._rules_of: list[list[int]] = []
        """Per text of `_literal_scan`: the conditions (their places in `rules`) that hold it."""
        if all(lit is not None for lit in found):
            self._literals = [lit for lit in found if lit is not None]
            # One automaton scan of the source tells which of these texts it holds, whatever
            # their number (a search per text costs a pass over the source each).
            texts: dict[str, list[int]] = {}
            for k, lit in enumerate(self._literals):
                texts.setdefault(lit, []).append(k)
            self._rules_of = list(texts.values())
            self._literal_scan = ahocorasick_rs.AhoCorasick(list(texts))

    @classmethod
    def build(cls, rules: list[Rule]) -> Conditions | None:
        """The joined conditions of `rules` (None for none, or if they do not compile)."""
        if not rules:
            return None
        patterns: list[Any] = [r.when_source for r in rules]
        try:
            any_ = regex.compile("|".join(scoped(p) for p in patterns))
        except (regex.error, ValueError, OverflowError):
            return None
        forward_text, forward_of = alternatives(patterns)
        backward_text, backward_of = alternatives(patterns[::-1])
        return cls(rules, any_, forward_text, forward_of, backward_text, backward_of)

    def holding(self, source: str, timeout: float) -> tuple[list[Rule], list[Rule]]:
        """(rules whose condition holds in `source`, rules whose condition must still be tried
        one by one); the other rules' conditions do not hold. Raises TimeoutError when a search
        runs past `timeout` seconds."""
        rules, n = self.rules, len(self.rules)
        if self._literal_scan is not None:
            keys = set(map(itemgetter(0), self._literal_scan.find_matches_as_indexes(source, overlapping=True)))
            maybe = list(map(rules.__getitem__, sorted(chain.from_iterable(map(self._rules_of.__getitem__, keys)))))
            if len(maybe) <= FEW_CONDITIONS:
                return [], maybe  # (none at all, most often)
        m = self._any.search(source, timeout=timeout)
        if m is None:
            return [], []
        if self._forward is None:
            self._forward, self._backward = (regex.compile(text) for text in self._texts)
        found: set[int] = set()
        places = 0
        while m is not None:
            at = m.start()
            first_m = self._forward.match(source, at, timeout=timeout)
            last_m = self._backward.match(source, at, timeout=timeout)
            if first_m is None or last_m is None:  # (cannot be: the same alternatives match here)
                return [rules[k] for k in sorted(found)], [r for k, r in enumerate(rules) if k not in found]
            first = self._forward_of[first_m.lastindex]
            last = n - 1 - self._backward_of[last_m.lastindex]
            found.add(first)
            found.add(last)
            for k in range(first + 1, last):  # between the first and the last: tried at this place
                if k not in found and self._patterns[k].match(source, at, timeout=timeout):
                    found.add(k)
            places += 1
            if len(found) == n:
                break
            if places >= CONDITION_PLACES:
                return [rules[k] for k in sorted(found)], [r for k, r in enumerate(rules) if k not in found]
            m = self._any.search(source, at + 1, timeout=timeout) if at < len(source) else None
        return [rules[k] for k in sorted(found)], []


def alternatives(patterns: list[Any]) -> tuple[str, dict[int, int]]:
    """The patterns as alternatives of one, each in a group; and which alternative each such
    group's number stands for (a match's `lastindex`: the outer group closes last)."""
    parts, of, group = [], {}, 1
    for k, p in enumerate(patterns):
        parts.append("(" + scoped(p) + ")")
        of[group] = k
        group += p.groups + 1
    return "|".join(parts), of
