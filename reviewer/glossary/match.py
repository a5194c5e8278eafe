"""Matching a glossary against segments: source terms found in one pass over the words, renderings
confirmed among the target's words, rules gated by their source condition, and a time budget for
regexes that run too long (`budget`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

import regex

from reviewer.core.model import Flag, Side
from reviewer.core.text import TERM_WORD_RE, is_sentence_start
from reviewer.glossary.budget import TIMEOUTS_ALLOWED, Budget, Timeout, TimeoutLog
from reviewer.glossary.gates import RulePlan
from reviewer.glossary.model import Glossary, Rendering, Rule, Term, nfc, offset_map, target_term_pattern
from reviewer.lang import id as lang_id

#: Seconds a glossary regex may run on one segment before it is stopped (a rule or term stopped
#: on `budget.TIMEOUTS_ALLOWED` segments is switched off for the rest of the run).
REGEX_TIMEOUT = 1.0

_TERM_WORD = TERM_WORD_RE
_END = ""  # key of the term list in a trie node (never a word)
_PLURALS = "+s"  # key of the plural forms in a trie node (never a word)
_PLURAL_ENDINGS = ("'s", "’s", "es", "s")


class WordsOf(Protocol):
    """The words of a segment's source and target (`term_words`), computed by the caller."""

    @property
    def source_term_words(self) -> list[tuple[str, int, int]]: ...

    @property
    def target_term_words(self) -> list[tuple[str, int, int]]: ...


class GlossaryMatcher:
    """Finds term and rule flags in a segment. Source terms are found in one pass over the
    source's words: a trie of the terms' case-folded words is walked from every word (an
    Aho-Corasick-style search on words), so the cost does not grow with the glossary; only
    the terms found are then confirmed by their own patterns."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.budget = Budget()
        self._terms_off: set[str] = set()
        self._rules_off: set[str] = set()
        self._gate_strikes: dict[str, int] = {}
        self._trie: dict[str, Any] = {}
        self._unindexed: list[Term] = []
        for term in glossary.terms:
            source = nfc(term.source)
            words = [m.group().casefold() for m in _TERM_WORD.finditer(source)]
            first = _TERM_WORD.search(source)
            if not words or first is None or first.start() != 0:
                self._unindexed.append(term)  # starts with a symbol ($, #): searched directly
                continue
            node = self._trie
            for word in words:
                node = node.setdefault(word, {})
            node.setdefault(_END, []).append(term)
        _add_plurals(self._trie)
        self._ends = frozenset(word for word, node in self._trie.items() if _END in node)
        self._pairs = frozenset((word, nxt) for word, node in self._trie.items() if word != _PLURALS
                                for nxt in node if nxt not in (_END, _PLURALS))
        self._quiet = {id(term): spec for term in glossary.terms if (spec := _quiet_spec(term)) is not None}
        self._plan = RulePlan(glossary.rules)

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

    def _source_hits(self, source: str, found: list[tuple[str, int, int]] | None = None,
                     target: _TargetWords | None = None) -> Iterator[tuple[Term, int, int]]:
        """Terms in the source, with their spans. `found`: the source's words (`term_words`),
        when the caller has them already. `target`: leave out the terms that this target
        satisfies for certain (`_quiet_spec`): most terms found in a sentence are rendered
        as required, and need no further work."""
        quiet = self._quiet if target is not None else {}
        if found is None:
            found = [(m.group(), m.start(), m.end()) for m in _TERM_WORD.finditer(source)]
        folded = [w.casefold() for w, _, _ in found]
        following = folded[1:] + ["_"]
        trie, ends, pairs = self._trie, self._ends, self._pairs
        plurals = trie.get(_PLURALS, {})
        seen: set[tuple[str, int]] = set()
        keys_of: tuple[set[str], set[str]] | None = None  # the target's words: folded, as written
        # Where a term can start (a cheap test per word; the trie walk below decides): a word
        # that is a one-word term, two words that begin a longer one, or an English plural.
        starts = [i for i, (word, nxt) in enumerate(zip(folded, following))
                  if word in ends or (word, nxt) in pairs or word[-1] == "s" or (nxt[-1] == "s" and word in trie)]
        for i in starts:
            word = folded[i]
            node = trie.get(word)
            # a one-word term in the plural
            candidates = list(plurals.get(word, ())) if word[-1] == "s" else []
            j = i
            while node is not None:
                candidates += node.get(_END, ())
                j += 1
                if j >= len(folded):
                    break
                nxt = folded[j]
                if nxt[-1] == "s" and _PLURALS in node:
                    candidates += node[_PLURALS].get(nxt, ())  # last word in the plural
                node = node.get(nxt)
            for term in candidates:
                spec = quiet.get(id(term))
                if spec is not None:
                    if keys_of is None:
                        assert target is not None
                        keys_of = (target.folded_keys(), target.written())
                    keys = keys_of[spec[2]]
                    if spec[0].isdisjoint(keys) and (spec[1] is None or not spec[1].isdisjoint(keys)):
                        continue
                span = _confirm(term, source, found, i)
                if span is not None and (term.id, span[0]) not in seen:
                    seen.add((term.id, span[0]))
                    yield term, span[0], span[1]
        for term in self._unindexed:
            for m in term.source_pattern.finditer(source):
                yield term, m.start(), m.end()

    def check(self, source: str, target: str, words: WordsOf | None = None, seg_id: str | None = None) -> list[Flag]:
        """All glossary flags for one segment. Matching runs on NFC forms; spans and texts of
        the flags refer to the segment as written. `words`, when given, supplies the words of
        the source and the target (a SegmentContext, which has tokenised them already);
        `seg_id` names the segment in the report of a regex that timed out."""
        source_nfc, target_nfc = nfc(source), nfc(target)
        if source_nfc == source and target_nfc == target:
            return self._check_nfc(source, target, words, seg_id)
        flags = self._check_nfc(source_nfc, target_nfc, None, seg_id)
        to_source, to_target = offset_map(source, source_nfc), offset_map(target, target_nfc)
        out = []
        for f in flags:
            original, mapping = (source, to_source) if f.side is Side.SOURCE else (target, to_target)
            start, end = mapping(f.start), mapping(f.end)
            out.append(Flag(f.rule, f.category, f.severity, f.side, start, end, original[start:end], f.message,
                            f.suggestion))
        return out

    def _check_nfc(self, source: str, target: str, given: WordsOf | None = None,
                   seg_id: str | None = None) -> list[Flag]:
        flags: list[Flag] = []
        done: set[str] = set(self._terms_off)
        words = _TargetWords(target, given)
        for term, s_start, s_end in self._source_hits(source, given.source_term_words if given else None, words):
            if term.id in done:
                continue
            done.add(term.id)
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
        of the joined patterns of the rules without a condition."""
        plan = self._plan
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
        for rule, holds in todo:
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
                required = _required(term)
                flags.append(Flag(
                    term.id, term.category, term.severity, Side.TARGET, start, end, found,
                    f"{found!r} is a wrong rendering of {term.source!r}"
                    + (f"; use {required}" if required else "") + _note(term),
                    _keep_clitic(found, bad.display, _suggestion(term)),
                ))
        if flags or not term.targets:
            return flags
        for t in term.targets:
            if words is not None and t.words is not None:
                if words.present(t.words, term.case_sensitive, t.hyphens):
                    return flags
            elif words is not None and t.affixed is not None:
                if any(lang_id.is_affixed_form(w, t.affixed) for w in words.folded()):
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
        flags.append(Flag(
            term.id, term.category, term.severity, Side.SOURCE, s_start, s_end, source[s_start:s_end],
            f"{source[s_start:s_end]!r} should be rendered as {_required(term)} in the target" + _note(term),
        ))
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


_CLITIC_END = re.compile("(?:" + "|".join(lang_id.CLITICS) + ")$", re.IGNORECASE)


class _TargetWords:
    """The words of one target, indexed on first use, for matching plain-word renderings the
    way their patterns would: whole words, a clitic (-nya, -lah, ...) allowed after the last
    word with or without a hyphen, and a capital at the start of a sentence for case-sensitive
    terms."""

    __slots__ = ("text", "_given", "_toks", "_indexes", "_folded", "_folded_keys", "_written")

    def __init__(self, text: str, given: WordsOf | None = None) -> None:
        self.text = text
        self._given = given
        self._toks: list[tuple[str, int, int]] | None = None
        self._indexes: dict[bool, dict[str, list[tuple[int, bool]]]] = {}
        self._folded: list[str] | None = None
        self._folded_keys: set[str] | None = None
        self._written: set[str] | None = None

    def written(self) -> set[str]:
        """The words as written (each is a key of the case-sensitive index)."""
        if self._written is None:
            self._written = {tok[0] for tok in self.toks}
        return self._written

    def folded(self) -> list[str]:
        """The words case-folded, in order."""
        if self._folded is None:
            self._folded = [tok[0].casefold() for tok in self.toks]
        return self._folded

    def folded_keys(self) -> set[str]:
        """The keys of the case-folded index, without positions (what one-word lookups need)."""
        if self._folded_keys is None:
            words = self.folded()
            keys = set(words)
            for w in words:
                if w.endswith(lang_id.CLITICS):
                    glued = _CLITIC_END.search(w)
                    if glued and glued.start() > 1:
                        keys.add(w[: glued.start()])
            self._folded_keys = keys
        return self._folded_keys

    @property
    def toks(self) -> list[tuple[str, int, int]]:
        """The words with their offsets (found on first use: many segments need none)."""
        if self._toks is None:
            if self._given is not None:
                self._toks = self._given.target_term_words
            else:
                self._toks = [(m.group(), m.start(), m.end()) for m in _TERM_WORD.finditer(self.text)]
        return self._toks

    def _index(self, case_sensitive: bool) -> dict[str, list[tuple[int, bool]]]:
        cached = self._indexes.get(case_sensitive)
        if cached is not None:
            return cached
        index: dict[str, list[tuple[int, bool]]] = {}
        for k, (tok, start, _) in enumerate(self.toks):
            keys = [tok if case_sensitive else tok.casefold()]
            if case_sensitive and tok[:1].isupper() and is_sentence_start(self.text, start):
                keys.append(tok[0].lower() + tok[1:])
            for key in keys:
                index.setdefault(key, []).append((k, False))
                if key.lower().endswith(lang_id.CLITICS):  # cheap test before the regex
                    glued = _CLITIC_END.search(key)
                    if glued and glued.start() > 1:
                        index.setdefault(key[: glued.start()], []).append((k, True))
        self._indexes[case_sensitive] = index
        return index

    def present(self, words: tuple[str, ...], case_sensitive: bool, hyphens: tuple[bool, ...] = ()) -> bool:
        """Whether `find` would find anything (one word: a dictionary lookup)."""
        if len(words) == 1:
            return words[0] in (self._index(True) if case_sensitive else self.folded_keys())
        return bool(self.find(words, case_sensitive, hyphens))

    def _key(self, k: int, case_sensitive: bool) -> str:
        return self.toks[k][0] if case_sensitive else self.folded()[k]

    def _same(self, k: int, word: str, case_sensitive: bool, last: bool) -> bool:
        key = self._key(k, case_sensitive)
        if key == word:
            return True
        return last and any(key.casefold().endswith(c) and key[: -len(c)] == word for c in lang_id.CLITICS)

    def find(self, words: tuple[str, ...], case_sensitive: bool,
             hyphens: tuple[bool, ...] = ()) -> list[tuple[int, int]]:
        """Spans where the words stand in a row, separated by white space (or by a hyphen where
        `hyphens` says so)."""
        toks, text = self.toks, self.text
        n = len(words)
        spans = []
        if n > 1 and not case_sensitive:
            # Only the last word may carry a clitic: the first is found among the words as they are.
            first = words[0]
            starts: Iterable[tuple[int, bool]] = [(k, False) for k, w in enumerate(self.folded()) if w == first]
        else:
            starts = self._index(case_sensitive).get(words[0], ())
        for k, glued in starts:
            if glued and n > 1:
                continue  # a clitic may only follow the last word
            ok = k + n <= len(toks)
            for off in range(1, n):
                if not ok:
                    break
                j = k + off
                gap = text[toks[j - 1][2]:toks[j][1]]
                ok = (gap == "-" if hyphens and hyphens[off - 1] else gap.isspace()) and self._same(
                    j, words[off], case_sensitive, off == n - 1)
            if not ok:
                continue
            start, end = toks[k][1], toks[k + n - 1][2]
            if n > 1:
                glued = self._key(k + n - 1, case_sensitive) != words[-1]  # the last word carries a clitic
            nxt = k + n
            if (not glued and nxt < len(toks) and text[end:toks[nxt][1]] == "-"
                    and toks[nxt][0].casefold() in lang_id.CLITICS):
                # H800-nya: the clitic belongs to the match (one clitic, as in the pattern: the
                # match of "pakai" in "pakainya-nya" is "pakainya")
                end = toks[nxt][2]
            spans.append((start, end))
        return sorted(set(spans))


def _suggestion(term: Term) -> str | None:
    return term.targets[0].display if term.targets and not term.targets[0].is_regex else None


def _note(term: Term) -> str:
    return f" ({term.note})" if term.note and not term.do_not_translate else ""


def _required(term: Term) -> str:
    return ", ".join(repr(t.display) for t in term.targets)


def _confirm(term: Term, source: str, words: list[tuple[str, int, int]], i: int) -> tuple[int, int] | None:
    """Where a term found in the word trie at word i really stands: its words separated by
    white space, in the right case when it is case-sensitive, the last one maybe plural. Terms
    whose source is more than plain words are confirmed by their pattern."""
    plain = _source_words(term)
    if plain is None:
        m = term.source_pattern.match(source, words[i][1])
        return (m.start(), m.end()) if m else None
    n = len(plain)
    if i + n > len(words):
        return None
    for off in range(n):
        _, start, end = words[i + off]
        if off and not source[words[i + off - 1][2]:start].isspace():
            return None
        if term.case_sensitive:
            written = source[start:end]
            if written != plain[off] and not (off == n - 1 and any(
                    written == plain[off] + ending for ending in _PLURAL_ENDINGS)):
                return None
    return words[i][1], words[i + n - 1][2]


_SOURCE_WORDS: dict[str, tuple[str, ...] | None] = {}


def _source_words(term: Term) -> tuple[str, ...] | None:
    """The source of a term as plain words (None when it holds anything else)."""
    key = term.source
    if key not in _SOURCE_WORDS:
        text = nfc(key)
        found = [m.group() for m in _TERM_WORD.finditer(text)]
        _SOURCE_WORDS[key] = tuple(found) if found and " ".join(found) == " ".join(text.split()) else None
    return _SOURCE_WORDS[key]


def _quiet_spec(term: Term) -> tuple[frozenset[str], frozenset[str] | None, bool] | None:
    """When a target can be seen to satisfy a term from its words alone: (the first words of
    the term's forbidden renderings, its one-word renderings or None when it has none, whether
    the words are compared as written). A target gets no flag from the term when its words
    (`_TargetWords.folded_keys`, or `written` for case-sensitive terms) hold none of the first
    and, when there are renderings, one of the second: a forbidden rendering can only be found
    where its first word is, and a one-word rendering is present where it stands as a word.
    None: the term is always checked in full."""
    if any(bad.words is None for bad in term.forbidden) or (term.case_sensitive and term.forbidden):
        return None
    firsts = frozenset(bad.words[0] for bad in term.forbidden if bad.words)
    if not term.targets:
        return firsts, None, False
    ones = frozenset(t.words[0] for t in term.targets if t.words is not None and len(t.words) == 1)
    return (firsts, ones, term.case_sensitive) if ones else None


def _add_plurals(node: dict[str, Any]) -> None:
    """Give every trie node that has terms ending below it a map (under `_PLURALS`) from the
    English plural and possessive forms of those last words to the terms: "chips" finds the
    term "chip", "company's" the term "company" (in the order of `_PLURAL_ENDINGS`)."""
    forms: dict[str, list[tuple[int, list[Term]]]] = {}
    for word, child in list(node.items()):
        if word in (_END, _PLURALS):
            continue
        _add_plurals(child)
        if _END in child:
            for rank, ending in enumerate(_PLURAL_ENDINGS):
                forms.setdefault(word + ending, []).append((rank, child[_END]))
    if forms:
        node[_PLURALS] = {form: [t for _, terms in sorted(found, key=lambda f: f[0]) for t in terms]
                          for form, found in forms.items()}


def _keep_clitic(found: str, written: str, suggestion: str | None) -> str | None:
    """Adapt a suggestion to the flagged text: carry a clitic over (H800S-nya -> H800-nya) and a
    capital at the start (Administrasi -> Pemerintahan)."""
    if suggestion is None:
        return None
    m = regex.search(lang_id.CLITIC_RE + "$", found)
    if m and not written.lower().endswith(m.group().lower()) and len(found) > len(m.group()):
        suggestion = suggestion + m.group()
    if found[:1].isupper() and suggestion[:1].islower() and not written[:1].isupper():
        suggestion = suggestion[0].upper() + suggestion[1:]
    return suggestion
