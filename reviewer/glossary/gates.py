"""Running a glossary's regex rules with few searches: the rules' patterns joined into bigger ones
(gates) that tell, with one search, which rules need to run on a segment. A rule's source condition
(`when_source`) is always looked at before its target pattern."""

from __future__ import annotations

import re
from typing import Any

import regex

from reviewer.glossary.model import Rule

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


def joined_pattern(patterns: list[Any]) -> Any:
    """One pattern that matches wherever any of `patterns` would (None for fewer than two)."""
    if len(patterns) < 2:
        return None
    try:
        return regex.compile("|".join(scoped(p) for p in patterns))
    except (regex.error, ValueError, OverflowError):
        return None


class Conditions:
    """The source conditions of several rules joined into one pattern (`_any`: most sources match
    none, and that costs one search). Which conditions hold in a source that one does match takes a
    search per place where one matches, not one per rule: there, the same alternatives each in a
    group of its own, and again in reverse order, matched at that place, tell the first and the
    last that match (rarely more than one). Groups make a search several times slower, so they are
    only matched at such places."""

    def __init__(self, rules: list[Rule], any_: Any, forward_text: str, forward_of: dict[int, int],
                 backward_text: str, backward_of: dict[int, int]) -> None:
        self.rules = rules
        self._patterns: list[Any] = [r.when_source for r in rules]
        self._any = any_
        self._texts = (forward_text, backward_text)
        self._forward_of, self._backward_of = forward_of, backward_of
        self._forward: Any = None
        self._backward: Any = None

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
