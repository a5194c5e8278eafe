"""Matching a glossary against segments: source terms found with one automaton scan (`scan`),
renderings confirmed among the target's words, rules gated by their source condition, and a time
budget for regexes that run too long (`budget`)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress
from typing import Any, Protocol

import regex

from reviewer.core.model import Flag, Side
from reviewer.core.text import is_sentence_start
from reviewer.glossary.budget import TIMEOUTS_ALLOWED, Budget, Timeout, TimeoutLog
from reviewer.glossary.gates import RulePlan
from reviewer.glossary.model import Glossary, Rendering, Rule, Term, nfc, offset_map, target_term_pattern
from reviewer.glossary.scan import PLURAL_ENDINGS, SourceIndex, Words
from reviewer.glossary.target import TargetWords as _TargetWords
from reviewer.lang import id as lang_id

#: Seconds a glossary regex may run on one segment before it is stopped (a rule or term stopped
#: on `budget.TIMEOUTS_ALLOWED` segments is switched off for the rest of the run).
REGEX_TIMEOUT = 1.0


class WordsOf(Protocol):
    """The words of a segment's source and target (`term_words`), computed by the caller. (The
    matcher no longer needs them: it cuts the texts into words with C-level calls of its own.)"""

    @property
    def source_term_words(self) -> list[tuple[str, int, int]]: ...

    @property
    def target_term_words(self) -> list[tuple[str, int, int]]: ...


class GlossaryMatcher:
    """Finds term and rule flags in a segment. Source terms are found with one scan of an
    Aho-Corasick automaton over the source's case-folded words (`scan.SourceIndex`), so the
    cost does not grow with the glossary; only the terms found are then handled in Python:
    confirmed on the text as written, and checked among the target's words."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.budget = Budget()
        self._terms_off: set[str] = set()
        self._rules_off: set[str] = set()
        self._gate_strikes: dict[str, int] = {}
        self._index = SourceIndex(glossary.terms)
        self._quiet: QuietPlan | None = QuietPlan(glossary.terms)
        """Which terms a target satisfies for certain (None: every term found is checked in full)."""
        self._plan = RulePlan(glossary.rules)
        self._texts: dict[int, tuple[str, str | None, str]] = {}
        """Per term (by `id()`): the parts of its flags that do not depend on the segment
        (`_term_texts`)."""

    def _term_texts(self, term: Term) -> tuple[str, str | None, str]:
        """What a term's flags say whatever the segment: the end of the message of a forbidden
        rendering ("; use 'x'" and its note), its suggestion, and the end of the message of an
        omission. Worked out once per term: a term is flagged again and again over a corpus."""
        texts = self._texts.get(id(term))
        if texts is None:
            required, note = _required(term), _note(term)
            texts = self._texts[id(term)] = ((f"; use {required}" if required else "") + note, _suggestion(term),
                                             f" should be rendered as {required} in the target{note}")
        return texts

    def _omission(self, term: Term, source: str, s_start: int, s_end: int) -> Flag:
        """The flag of a term none of whose renderings is in the target (not a do-not-translate
        name: that is looked for in another case first)."""
        found = source[s_start:s_end]
        return Flag(term.id, term.category, term.severity, Side.SOURCE, s_start, s_end, found,
                    repr(found) + self._term_texts(term)[2])

    @property
    def warnings(self) -> list[str]:
        """This run's timeouts, one line per rule or term (`budget.TimeoutLog.warnings`)."""
        return TimeoutLog(self.budget.events).warnings()

    @property
    def timeouts(self) -> list[Timeout]:
        """Every timeout of this run so far, in order (a worker hands on those of each chunk)."""
        return self.budget.events

    @property
    def _gated(self) -> frozenset[int]:
        """`id()`s of the rules found through a joined pattern (the others run one by one)."""
        plan = self._plan
        return frozenset(id(r) for r in plan.rules) - {id(r) for r in plan.single}

    @property
    def _rule_gate(self) -> Any:
        """The joined pattern of the rules without a source condition; set it to None to run
        every rule on its own (joined patterns must not change what is flagged)."""
        return self._plan.free_gate

    @_rule_gate.setter
    def _rule_gate(self, value: None) -> None:
        assert value is None, "the joined patterns can only be turned off"
        self._plan = RulePlan(self._plan.rules, {"conditions", "patterns"})

    def new_run(self) -> None:
        """Start a new run: every rule and term is on again, with its whole time budget."""
        self.budget.reset()
        self._gate_strikes.clear()
        if self._terms_off or self._rules_off:
            self._terms_off.clear()
            self._rules_off.clear()
            self._plan = RulePlan(self.glossary.rules)

    def _timed_out(self, kind: str, entry: Term | Rule, seg_id: str | None) -> None:
        """Charge a timeout to a rule or term; switch it off once its budget is spent."""
        if not self.budget.spend(kind, entry.id, entry.path, entry.line, seg_id, REGEX_TIMEOUT):
            return
        if kind == "term":
            self._terms_off.add(entry.id)
        else:
            self._rules_off.add(entry.id)
            self._plan = RulePlan([r for r in self.glossary.rules if r.id not in self._rules_off], self._plan.ungated)

    def _gate_timed_out(self, gate: str) -> None:
        """A joined pattern timed out: the rules behind it run one by one on this segment (and
        charge their own timeouts). A joined pattern that keeps timing out while none of its
        rules does is given up (its rules then always run one by one)."""
        strikes = self._gate_strikes[gate] = self._gate_strikes.get(gate, 0) + 1
        if strikes >= TIMEOUTS_ALLOWED:
            rules = [r for r in self.glossary.rules if r.id not in self._rules_off]
            self._plan = RulePlan(rules, self._plan.ungated | {gate})

    def _source_hits(self, source: str, target: _TargetWords | None = None, done: set[str] | None = None,
                     missing: set[int] | None = None) -> Iterator[tuple[Term, int, int]]:
        """Terms in the source, with their spans, in the order they are to be checked: by where
        they start, then as `scan.SourceIndex` ranks the terms that start at one word; the
        unindexed terms last. `target`: leave out the terms that this target satisfies for
        certain (`_quiet_spec`): most terms found in a sentence are rendered as required, and
        need no further work. `done`: ids of the terms the caller has handled already (it may
        add to it while it reads): only a term's first place is yielded then. `missing`: filled,
        before the first term is yielded, with the `id()`s of the terms that this target is seen
        to lack every rendering of, and none of whose forbidden renderings it can hold
        (`QuietPlan.covered`): such a term's only flag is the omission (`_omission`)."""
        index = self._index
        words = Words(source)
        line = words.folded_line()
        entries, shift, size = index.entries, index.shift, index.size
        mask = (1 << shift) - 1
        seen: set[tuple[str, int]] = set()
        matches = index.matches(line)
        if target is not None and self._quiet is not None and matches:
            # Decided per term, not per place: only the places of the terms left are numbered.
            lacking, blocked = self._quiet.open_and_blocked(index.terms_in(matches), target)
            open_terms = lacking | blocked
            if missing is not None:
                terms = self.glossary.terms
                missing.update(id(terms[at]) for at in self._quiet.covered.intersection(lacking))
            found_all = index.places(matches, open_terms) if open_terms else []
        else:
            found_all = index.places(matches)
        for found in found_all:
            entry = entries[(found & mask) % size]
            assert entry is not None
            term = entry.term
            if done is not None and term.id in done:
                continue
            # (the word the term starts at: the spaces before the leading space of its key)
            span = _confirm(term, entry.written, words, line.count(" ", 0, found >> shift))
            if span is not None and (term.id, span[0]) not in seen:
                seen.add((term.id, span[0]))
                yield term, span[0], span[1]
        for term in index.unindexed_in(source):
            if done is None:
                for m in term.source_pattern.finditer(source):
                    yield term, m.start(), m.end()
            elif term.id not in done:
                m = term.source_pattern.search(source)  # (only the first place counts)
                if m is not None:
                    yield term, m.start(), m.end()

    def check(self, source: str, target: str, words: WordsOf | None = None, seg_id: str | None = None) -> list[Flag]:
        """All glossary flags for one segment. Matching runs on NFC forms; spans and texts of
        the flags refer to the segment as written. `words` (a SegmentContext) is accepted for
        callers that have tokenised the texts, but not needed: the matcher cuts the texts into
        words with C-level calls of its own, cheaper than reading tokens built in Python.
        `seg_id` names the segment in the report of a regex that timed out."""
        source_nfc, target_nfc = nfc(source), nfc(target)
        if source_nfc == source and target_nfc == target:
            return self._check_nfc(source, target, seg_id)
        flags = self._check_nfc(source_nfc, target_nfc, seg_id)
        to_source, to_target = offset_map(source, source_nfc), offset_map(target, target_nfc)
        out = []
        for f in flags:
            original, mapping = (source, to_source) if f.side is Side.SOURCE else (target, to_target)
            start, end = mapping(f.start), mapping(f.end)
            out.append(Flag(f.rule, f.category, f.severity, f.side, start, end, original[start:end], f.message,
                            f.suggestion))
        return out

    def _check_nfc(self, source: str, target: str, seg_id: str | None = None) -> list[Flag]:
        flags: list[Flag] = []
        done: set[str] = set(self._terms_off)
        words = _TargetWords(target)
        missing: set[int] = set()
        for term, s_start, s_end in self._source_hits(source, words, done, missing):
            if term.id in done:
                continue
            done.add(term.id)
            if id(term) in missing:  # (what `_check_term` would find, without looking again)
                flags.append(self._omission(term, source, s_start, s_end))
                continue
            try:
                flags.extend(self._check_term(term, source, target, s_start, s_end, words))
            except TimeoutError:
                # A /regex/ rendering that backtracks catastrophically must not stop the review.
                self._timed_out("term", term, seg_id)
        if self._plan.rules:
            flags.extend(self._rule_flags(source, target, seg_id))
        return flags

    def _rule_flags(self, source: str, target: str, seg_id: str | None) -> list[Flag]:
        """The rules' flags, in glossary order. A rule's target pattern runs only where its
        source condition holds; most segments cost one search of the joined conditions and one
        of the joined patterns of the rules without a condition. Before any of that, a rule
        whose pattern's text (`RulePlan.target_literals`) the target lacks is left out: most
        targets hold none of them, and cost one automaton scan (`RulePlan.target_scan`). (A
        search left out cannot time out: only the warnings of such a rule can change.)"""
        plan = self._plan
        if plan.target_scan is not None and not plan.target_scan.find_matches_as_indexes(target):
            return []  # (no rule's pattern can match this target: `RulePlan.target_scan`)
        todo: list[tuple[Rule, bool]] = []  # (rule, whether its source condition is known to hold)
        if plan.conditions is not None:
            try:
                sure, unsure = plan.conditions.holding(source, REGEX_TIMEOUT)
            except TimeoutError:
                self._gate_timed_out("conditions")
                sure, unsure = [], plan.conditions.rules
            todo.extend((rule, True) for rule in sure)
            todo.extend((rule, False) for rule in unsure)
        if plan.free_gate is not None:
            try:
                open_ = plan.free_gate.search(target, timeout=REGEX_TIMEOUT) is not None
            except TimeoutError:
                self._gate_timed_out("patterns")
                open_ = True  # the rules run one by one, and name themselves if they time out
            if open_:
                todo.extend((rule, False) for rule in plan.free)
        todo.extend((rule, False) for rule in plan.single)
        if not todo:
            return []
        if len(todo) > 1:
            order = plan.order
            todo.sort(key=lambda item: order[id(item[0])])
        out: list[Flag] = []
        literals = plan.target_literals
        for rule, holds in todo:
            literal = literals.get(id(rule))
            if literal is not None and literal not in target:
                continue  # (no match of its pattern can be in this target)
            if rule.id not in self._rules_off:  # (switched off by a timeout earlier on this segment)
                out.extend(self._check_rule(rule, source, target, seg_id, holds))
        return out

    def _find(self, rendering: Rendering, target: str, case_sensitive: bool,
              words: _TargetWords | None = None) -> list[tuple[int, int]]:
        if rendering.words is not None and words is not None:
            return words.find(rendering.words, case_sensitive, rendering.hyphens)
        spans = [(m.start(), m.end()) for m in rendering.pattern.finditer(target, timeout=REGEX_TIMEOUT)]
        if case_sensitive and not rendering.is_regex:
            # A capital at the start of a sentence still counts as the term: the word must match
            # exactly once its first letter is lowered (Pakailah for pakai; not nvidia for Nvidia).
            loose = rendering.loose if rendering.loose is not None else regex.compile(
                rendering.pattern.pattern, regex.IGNORECASE)
            for m in loose.finditer(target, timeout=REGEX_TIMEOUT):
                found = m.group()
                if (found[:1].isupper() and rendering.pattern.fullmatch(found[0].lower() + found[1:])
                        and is_sentence_start(target, m.start()) and (m.start(), m.end()) not in spans):
                    spans.append((m.start(), m.end()))
        return sorted(spans)

    def _check_term(self, term: Term, source: str, target: str, s_start: int, s_end: int,
                    words: _TargetWords | None = None) -> list[Flag]:
        flags: list[Flag] = []
        for bad in term.forbidden:
            for start, end in self._find(bad, target, term.case_sensitive, words):
                found = target[start:end]
                tail, suggestion, _ = self._term_texts(term)
                flags.append(Flag(
                    term.id, term.category, term.severity, Side.TARGET, start, end, found,
                    f"{found!r} is a wrong rendering of {term.source!r}" + tail,
                    _keep_clitic(found, bad.display, suggestion),
                ))
        if flags or not term.targets:
            return flags
        for t in term.targets:
            if words is not None and t.words is not None:
                if words.present(t.words, term.case_sensitive, t.hyphens):
                    return flags
            elif words is not None and t.affixed is not None:
                if words.affixed_present(t.affixed):
                    return flags
            elif self._find(t, target, term.case_sensitive, words):
                return flags
        if term.do_not_translate:
            # Present with another case (Deepseek for DeepSeek)? Point at it and offer the fix.
            loose = term.near if term.near is not None else target_term_pattern(
                term.source, case_sensitive=False, affixes=False, target_lang=self.glossary.target_lang)
            near = list(loose.finditer(target))
            for m in near:
                found = target[m.start():m.end()]
                flags.append(Flag(
                    term.id, term.category, term.severity, Side.TARGET, m.start(), m.end(), found,
                    f"{found!r} should be written exactly {term.source!r} (do-not-translate name)",
                    _keep_clitic(found, term.source[: len(found)], term.source),
                ))
            if near:
                return flags
            flags.append(Flag(
                term.id, "accuracy/omission", term.severity, Side.SOURCE, s_start, s_end, source[s_start:s_end],
                f"{term.source!r} is a name that must appear unchanged in the target, but it is missing",
            ))
            return flags
        flags.append(self._omission(term, source, s_start, s_end))
        return flags

    def _check_rule(self, rule: Rule, source: str, target: str, seg_id: str | None = None,
                    holds: bool = False) -> list[Flag]:
        """A rule's flags: its source conditions first (`holds`: `when_source` is known to
        hold), then its target pattern."""
        try:
            if not holds and rule.when_source is not None and not rule.when_source.search(source, timeout=REGEX_TIMEOUT):
                return []
            if rule.unless_source is not None and rule.unless_source.search(source, timeout=REGEX_TIMEOUT):
                return []
            out = []
            for m in rule.pattern.finditer(target, timeout=REGEX_TIMEOUT):
                if m.end() == m.start():
                    continue
                suggestion = m.expand(rule.replace) if rule.replace is not None else None
                out.append(Flag(rule.id, rule.category, rule.severity, Side.TARGET, m.start(), m.end(),
                                m.group(), rule.message, suggestion))
            return out
        except TimeoutError:
            self._timed_out("rule", rule, seg_id)
            return []


def _suggestion(term: Term) -> str | None:
    return term.targets[0].display if term.targets and not term.targets[0].is_regex else None


def _note(term: Term) -> str:
    return f" ({term.note})" if term.note and not term.do_not_translate else ""


def _required(term: Term) -> str:
    return ", ".join(repr(t.display) for t in term.targets)


def _confirm(term: Term, plain: tuple[str, ...] | None, words: Words, k: int) -> tuple[int, int] | None:
    """Where a term found by the automaton at word k really stands: its words separated by white
    space, in the right case when it is case-sensitive, the last one maybe plural (`plain`: its
    words as written). Terms whose source is more than plain words are confirmed by their
    pattern."""
    written, start = words.words, words.start
    if plain is None:
        m = term.source_pattern.match(words.text, start(k))
        return (m.start(), m.end()) if m else None
    text = words.text
    n = len(plain)
    first = last = start(k)
    for j in range(k + 1, k + n):
        at = start(j)
        if not text[last + len(written[j - 1]):at].isspace():
            return None
        last = at
    if term.case_sensitive:
        for off in range(n):
            word = written[k + off]
            if word != plain[off] and not (off == n - 1 and any(
                    word == plain[off] + ending for ending in PLURAL_ENDINGS)):
                return None
    return first, last + len(written[k + n - 1])


#: What `_quiet_spec` knows of a term: the first words of its forbidden renderings (case-folded),
#: its one-word renderings (None when it has none), whether it is case-sensitive, its renderings
#: of several words or with affixes, and whether it has no renderings at all (forbid-only).
QuietSpec = tuple[frozenset[str], "frozenset[str] | None", bool, tuple[Rendering, ...], bool]


def _quiet_spec(term: Term) -> QuietSpec | None:
    """When a target can be seen to satisfy a term from its words alone (`_source_hits`), without
    finding the term in the source first: none of its forbidden renderings can be there (the
    first word of each is not among the target's folded words: `TargetWords.find` finds
    nothing then), and, when it has renderings, one of its plain or affixed renderings is
    present (as `_check_term` looks for them). `_check_term` gives no flag then. None: the term
    is always checked in full (a forbidden rendering that is not plain words)."""
    if any(bad.words is None for bad in term.forbidden):
        return None
    firsts = frozenset(bad.words[0].casefold() if term.case_sensitive else bad.words[0]
                       for bad in term.forbidden if bad.words)
    if not term.targets:
        return firsts, None, False, (), True
    ones = frozenset(t.words[0] for t in term.targets if t.words is not None and len(t.words) == 1)
    rest = tuple(t for t in term.targets
                 if (t.words is not None and len(t.words) > 1) or (t.words is None and t.affixed is not None))
    if not ones and not rest:
        return None
    return firsts, ones or None, term.case_sensitive, rest, False


#: The needle of a term with no word to look up: never in a line of words (`_needle_of`).
_NO_WORD = "\0"


def _needle_of(word: str) -> str:
    """What to search a line of words (`TargetWords.keys_line`, `written_line`) for to tell
    whether `word` is one of them. A NUL is never in such a line (it is not a word character,
    and the lines hold only words and spaces); nor is an empty word (two spaces may be)."""
    return " " + word + " " if word else _NO_WORD


class QuietPlan:
    """The terms of a glossary that a target can be seen to satisfy from its words alone
    (`_quiet_spec`), decided for all the terms found in a source at once. Terms are numbered by
    their place in the glossary (what `SourceIndex` codes point at); almost every term has at
    most one one-word rendering and one forbidden rendering, so a list indexed by term gives the
    one word to look up (as the needle " word ", `_NO_WORD` for none), and a substring test per
    term in C (`map` over the terms found, on the target's `keys_line`) tells which terms the
    target satisfies and which it may break. (Looking up the target's words instead costs more:
    a common word is the rendering of hundreds of terms; and a set of the target's words costs
    more to build than the fifteen searches it answers.)"""

    __slots__ = ("_one_folded", "_one_written", "_first", "_many_folded", "_many_written", "_many_firsts",
                 "_written_terms", "_bare", "rest", "covered")

    def __init__(self, terms: list[Term]) -> None:
        self._one_folded: list[str] = [_NO_WORD] * len(terms)
        """Per term: the needle of its one one-word rendering (case-folded), for a term that
        ignores case."""
        self._one_written: list[str] = [_NO_WORD] * len(terms)
        """Per term: the needle of its one one-word rendering as written, for a case-sensitive term."""
        self._first: list[str] = [_NO_WORD] * len(terms)
        """Per term: the needle of the first word (case-folded) of its one forbidden rendering."""
        self._many_folded: dict[int, tuple[str, ...]] = {}
        self._many_written: dict[int, tuple[str, ...]] = {}
        self._many_firsts: dict[int, tuple[str, ...]] = {}
        """The same for the few terms with several such words."""
        written_terms: list[int] = []
        bare: list[int] = []
        covered: list[int] = []
        self.rest: dict[int, tuple[tuple[Rendering, ...], bool]] = {}
        """Terms with renderings of several words or with affixes: (those renderings, whether
        the term is case-sensitive), tried one by one (`_rest_present`)."""
        for at, term in enumerate(terms):
            spec = _quiet_spec(term)
            if spec is None:
                continue
            first_words, ones, case_sensitive, rest, is_bare = spec
            _put(at, first_words, self._first, self._many_firsts)
            if is_bare:
                bare.append(at)
            if ones:
                if case_sensitive:
                    written_terms.append(at)
                    _put(at, ones, self._one_written, self._many_written)
                else:
                    _put(at, ones, self._one_folded, self._many_folded)
            if rest:
                self.rest[at] = (rest, case_sensitive)
            if _fully_covered(term, rest):
                covered.append(at)
        self._written_terms = frozenset(written_terms)
        self._bare = frozenset(bare)
        self.covered = frozenset(covered)
        """Terms whose every rendering, required and forbidden, is looked for here exactly as
        `GlossaryMatcher._check_term` looks for it (`_fully_covered`): where such a term is
        neither satisfied nor blocked, its one flag is known without looking again."""

    def unsatisfied(self, found: set[int], target: _TargetWords) -> set[int]:
        """The terms of `found` that this target does not satisfy for certain: the target may
        hold one of its forbidden renderings (the first word of one is among its words), or
        holds none of its renderings. Python code runs only for the few terms with several
        words to look up, or whose renderings of several words or with affixes must be found."""
        lacking, blocked = self.open_and_blocked(found, target)
        return lacking | blocked

    def open_and_blocked(self, found: set[int], target: _TargetWords) -> tuple[set[int], set[int]]:
        """`unsatisfied` in two: (the terms none of whose renderings looked for here is in the
        target, and none of whose forbidden renderings can be; the terms that may hold a
        forbidden rendering). Disjoint."""
        terms = list(found)
        folded = target.keys_line().__contains__
        blocked = set(compress(terms, map(folded, map(self._first.__getitem__, terms))))
        for at in found & self._many_firsts.keys():
            if any(map(folded, self._many_firsts[at])):
                blocked.add(at)
        open_ = found.difference(compress(terms, map(folded, map(self._one_folded.__getitem__, terms))))
        for at in open_ & self._many_folded.keys():
            if any(map(folded, self._many_folded[at])):
                open_.discard(at)
        if not self._written_terms.isdisjoint(open_):
            written = target.written_line().__contains__
            cased = list(open_ & self._written_terms)
            open_.difference_update(compress(cased, map(written, map(self._one_written.__getitem__, cased))))
            for at in open_ & self._many_written.keys():
                if any(map(written, self._many_written[at])):
                    open_.discard(at)
        open_ -= self._bare
        open_ -= blocked
        rest = self.rest
        for at in open_ & rest.keys():
            more = rest[at]
            if _rest_present(target, more[0], more[1]):
                open_.discard(at)
        return open_, blocked


def _fully_covered(term: Term, rest: tuple[Rendering, ...]) -> bool:
    """Whether `QuietPlan` looks for every rendering of a term (`_quiet_spec` is not None for it)
    the way `GlossaryMatcher._check_term` does: its forbidden renderings through their first
    word (`TargetWords.find` finds nothing where that is not a folded key), every required one
    a one-word rendering of a term that ignores case (`TargetWords.present`: one folded key) or
    among `rest` (`_rest_present` is the very test). Not a do-not-translate name (a near form is
    looked for first), nor a forbid-only term."""
    if term.do_not_translate or not term.targets or any(not bad.words for bad in term.forbidden):
        return False
    return all(any(t is r for r in rest) or (not term.case_sensitive and t.words is not None and len(t.words) == 1)
               for t in term.targets)


def _put(at: int, words: frozenset[str], one: list[str], many: dict[int, tuple[str, ...]]) -> None:
    """File a term's words to look up, as needles: in `one` when it has just one, in `many`
    otherwise."""
    if len(words) == 1:
        one[at] = _needle_of(next(iter(words)))
    elif words:
        many[at] = tuple(sorted(map(_needle_of, words)))


def _rest_present(target: _TargetWords, rest: tuple[Rendering, ...], case_sensitive: bool) -> bool:
    """Whether one of a term's renderings of several words or with affixes is in the target."""
    for t in rest:
        if t.words is not None:
            if target.present(t.words, case_sensitive, t.hyphens):
                return True
        elif t.affixed is not None and target.affixed_present(t.affixed):
            return True
    return False


#: A clitic at the end of a flagged text (compiled once: `regex.search` with the pattern's text
#: looks it up in the module's cache on every flag).
_CLITIC_TAIL = regex.compile(lang_id.CLITIC_RE + "$")


def _keep_clitic(found: str, written: str, suggestion: str | None) -> str | None:
    """Adapt a suggestion to the flagged text: carry a clitic over (H800S-nya -> H800-nya) and a
    capital at the start (Administrasi -> Pemerintahan)."""
    if suggestion is None:
        return None
    m = _CLITIC_TAIL.search(found)
    if m and not written.lower().endswith(m.group().lower()) and len(found) > len(m.group()):
        suggestion = suggestion + m.group()
    if found[:1].isupper() and suggestion[:1].islower() and not written[:1].isupper():
        suggestion = suggestion[0].upper() + suggestion[1:]
    return suggestion
