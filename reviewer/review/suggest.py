"""Glossary entries proposed from the reviewers' own corrections: the same word-level substitution
made by hand in several segments (the MT's "fail" corrected to "berkas" again and again) becomes
an entry of our YAML schema (`source`, `target`, `forbidden`, a `note` with the evidence).

How a substitution is found: each active hand edit (an EDIT event whose origin is `manual`) is
compared with `core.text.word_diff` (changes that only white space separates are one run); a
replaced run with words on both sides, at most
`MAX_WORDS` on each, is a substitution A → B. Left out: insertions and deletions (nothing
replaced), changes of case, spacing or punctuation only (the same words), and changes of a
word's form (one side contains the other: "berkas" → "berkasnya"). A clitic both sides end with
is taken off ("failnya" → "berkasnya" is "fail" → "berkas"), since the glossary's matcher
accepts clitics anyway. An edit undone, or taken back by a later hand edit of the same segment
(B → A), does not count. A substitution counts once per segment; the same one in several
sessions adds up.

How it is aligned to the source word it translates ("where the source tells"): the candidates
are the source words present in the source of every evidence segment (a plural "files" also
counts as "file", as the glossary's source matcher accepts the plural), less a small English
stop-word list, numbers and one-letter words. Among them the winner is the word that goes with
A best across the corpus: the highest Dice coefficient between the segments whose source has
the word and the segments whose MT has A; then the rarest in the sources; then the one whose
place in the source is nearest A's place in the MT (relative positions); then a form that
occurs as written; then the shortest. No candidate: the source does not tell, and nothing is
proposed (the caller says so).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml

from reviewer.core.errors import ReviewerError
from reviewer.core.model import Corpus
from reviewer.core.paths import check_destinations, open_regular
from reviewer.core.text import TERM_WORD_RE, word_diff
from reviewer.formats import atomic_write, input_files, load_corpus
from reviewer.glossary import GlossaryMatcher, load_glossary, parse_glossary
from reviewer.lang.id import CLITICS
from reviewer.review.events import ACTIVE, Event, EventKind
from reviewer.review.locations import locate_session, stored_fingerprint
from reviewer.review.session import ReviewSession
from reviewer.review.store import corpus_fingerprint
from reviewer.review.storebase import open_store

MAX_WORDS = 3
"""The most words on either side of a substitution: a longer run is a rewrite, not a term."""
MIN_SEGMENTS = 2
"""How many segments must show a substitution before it is proposed (`--min-segments`)."""
ID_PREFIX = "proposed:"
"""Proposed entries' ids, so that they never clash with a hand-written glossary's `term:` ids."""
PROPOSED_GLOSSARY = "glossary.proposed.yaml"
"""The file beside the corpus that the review UI adds the entries it makes to."""
_SHOWN_IDS = 10
"""Segment ids a note lists before it says how many more there are."""

#: Function words of English that never carry a term (written for this module).
STOP_WORDS = frozenset("""
a about above after again against all almost also although always am among an and another any
are aren't around as at be because been before being below between both but by can can't cannot
could couldn't did didn't do does doesn't doing don't down during each either else enough even
ever every few for from further had hadn't has hasn't have haven't having he her here hers herself
him himself his how however i if in into is isn't it it's its itself just least less let like
may me might more most much must my myself neither never no nor not now of off often on once only
or other others our ours ourselves out over own per please quite rather same shall she should
shouldn't since so some such than that that's the their theirs them themselves then there these
they this those though through thus to too under until up upon us very via was wasn't we were
weren't what when where whether which while who whom whose why will with within without won't
would wouldn't yet you your yours yourself yourselves
""".split())

_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")
_CLITIC_ENDINGS = tuple(sorted(CLITICS, key=len, reverse=True))


# ---------------------------------------------------------------------------------------------
# Substitutions in one edit


def _strip_shared_clitic(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    a, b = old[-1].casefold(), new[-1].casefold()
    for clitic in _CLITIC_ENDINGS:
        if a.endswith(clitic) and b.endswith(clitic) and min(len(a), len(b)) > len(clitic) + 2:
            return [*old[:-1], old[-1][:-len(clitic)].rstrip("-")], [*new[:-1], new[-1][:-len(clitic)].rstrip("-")]
    return old, new


def _changed_runs(before: str, after: str) -> list[tuple[str, str]]:
    """The replaced runs of a word diff, with changes that only white space separates taken as
    one (the diff matches the spaces between replaced words: a rewrite is one run, not five)."""
    runs: list[tuple[str, str]] = []
    pending: tuple[str, str] | None = None  # unchanged white space after the last change
    for same, old, new in word_diff(before, after):
        if not same:
            if runs and pending is not None:
                runs[-1] = (runs[-1][0] + pending[0] + old, runs[-1][1] + pending[1] + new)
            else:
                runs.append((old, new))
            pending = None
        elif old.isspace() and runs and pending is None:
            pending = (old, new)
        else:
            runs.append(("", ""))  # a boundary: what follows is another change
            pending = None
    return [run for run in runs if run != ("", "")]


def edit_substitutions(before: str, after: str) -> list[tuple[str, str]]:
    """The word-level substitutions (A, B) of one edit, in text order (see the module's notes
    for what is left out)."""
    found = []
    for old, new in _changed_runs(before, after):
        old_words, new_words = _WORD.findall(old), _WORD.findall(new)
        if not old_words or not new_words or len(old_words) > MAX_WORDS or len(new_words) > MAX_WORDS:
            continue
        if [w.casefold() for w in old_words] == [w.casefold() for w in new_words]:
            continue  # case, spacing or punctuation only
        old_words, new_words = _strip_shared_clitic(old_words, new_words)
        a, b = " ".join(old_words), " ".join(new_words)
        if a.casefold() in b.casefold() or b.casefold() in a.casefold():
            continue  # a form of the same word, not another word
        found.append((a, b))
    return found


# ---------------------------------------------------------------------------------------------
# Sessions to mine


@dataclass
class SessionLog:
    """One session's events with the corpus they were recorded on."""

    label: str
    """The corpus as notes name it (its file name)."""
    corpus: Corpus
    events: list[Event]


def _is_session_file(path: Path) -> bool:
    try:
        with open_regular(path, "input", ReviewerError) as fh:
            return bool(fh.read(16) == b"SQLite format 3\x00")
    except ReviewerError:
        return False


def _read_events(path: str | Path, fingerprint: str, name: str = "corpus") -> list[Event]:
    store = open_store(path, fingerprint=fingerprint, name=name)
    try:
        return list(store.events(active_only=True))
    finally:
        store.close()


def corpus_label(corpus: Corpus) -> str:
    """How a note names a corpus: its file name."""
    return corpus.path.name if corpus.path else corpus.name or "corpus"


def _labels(corpora: Sequence[Corpus]) -> dict[int, str]:
    """Each corpus's label (by `id`): its file name, or its path where two share a name (their
    segment ids must not be taken for the same segments)."""
    names = Counter(corpus_label(c) for c in corpora)
    return {id(c): corpus_label(c) if names[corpus_label(c)] == 1 or c.path is None else str(c.path)
            for c in corpora}


def open_logs(paths: Sequence[str | Path], *, database: str | None = None,
              ) -> tuple[list[SessionLog], list[Path], list[str]]:
    """The sessions to mine: each corpus's own session (where `reviewer session` keeps it, or in
    `database`, a team's PostgreSQL store), and each session file given, read on the corpus
    among `paths` it was recorded for (no corpus given: the bundled article). Returns the logs,
    every input file (no output may overwrite one) and notes for the reviewer (a corpus without
    a session)."""
    corpora: list[Path] = []
    stores: list[Path] = []
    for item in paths:
        p = Path(item)
        (stores if p.is_file() and _is_session_file(p) else corpora).append(p)
    loaded = [(c, corpus_fingerprint(c)) for c in (load_corpus(p) for p in corpora)] if corpora else []
    if not paths:
        corpus = load_corpus(None)
        loaded = [(corpus, corpus_fingerprint(corpus))]
    labels = _labels([corpus for corpus, _ in loaded])
    logs: list[SessionLog] = []
    inputs: list[Path] = [*stores]
    notes: list[str] = []
    read: set[Path] = set()
    for corpus, fingerprint in loaded:
        inputs += input_files(corpus)
        label = labels[id(corpus)]
        if database is not None:
            events = _read_events(database, fingerprint, corpus_label(corpus))
            if events:
                logs.append(SessionLog(label, corpus, events))
            else:
                notes.append(f"{label}: no review session recorded yet")
            continue
        location = locate_session(corpus, fingerprint)
        if location.exists:
            inputs.append(location.path)
            read.add(location.path.resolve())
            logs.append(SessionLog(label, corpus, _read_events(location.path, fingerprint)))
        elif not stores:
            notes.append(f"{label}: no review session recorded yet")
    for store in stores:
        if store.resolve() in read:
            continue  # a corpus's own session named again: read once, or its edits would count twice
        read.add(store.resolve())
        known = stored_fingerprint(store)
        match = next((c for c, fp in loaded if fp == known), None)
        if match is None:
            raise ReviewerError("this session was recorded on none of the corpora given; name its corpus too "
                                "(the same version of it)", path=store)
        label = labels[id(match)]
        logs.append(SessionLog(label, match, _read_events(store, known or "")))
    return logs, inputs, notes


# ---------------------------------------------------------------------------------------------
# Mining and aligning


@dataclass
class Proposal:
    """A glossary entry proposed from corrections."""

    source: str
    """The source word the substitution translates."""
    target: str
    """B, the reviewers' word."""
    forbidden: list[str]
    """A (and any other MT word corrected to B for the same source word)."""
    segments: list[tuple[str, str]] = field(default_factory=list)
    """(corpus label, segment id) of every segment that shows it."""
    edits: int = 0
    """Hand edits that made it."""

    @property
    def id(self) -> str:
        """The entry's id: `proposed:` and the source word."""
        return ID_PREFIX + (regex.sub(r"[^\p{L}\p{N}]+", "-", self.source.casefold()).strip("-") or "term")

    def note(self) -> str:
        """The evidence: the substitution, how often, where."""
        by_corpus: dict[str, list[str]] = {}
        for label, seg_id in self.segments:
            by_corpus.setdefault(label, []).append(seg_id)
        shown = []
        for label, ids in by_corpus.items():
            more = f" and {len(ids) - _SHOWN_IDS} more" if len(ids) > _SHOWN_IDS else ""
            shown.append(f"{label}: {', '.join(ids[:_SHOWN_IDS])}{more}")
        subs = ", ".join(f"{a} → {self.target}" for a in self.forbidden)
        return (f"proposed from {self.edits} hand edit{'s' * (self.edits != 1)} ({subs}) in "
                f"{len(self.segments)} segment{'s' * (len(self.segments) != 1)} ({'; '.join(shown)})")

    def entry(self, entry_id: str | None = None) -> dict[str, Any]:
        """The entry as YAML data, in the glossary's schema."""
        return {"id": entry_id or self.id, "source": self.source, "target": self.target,
                "forbidden": list(self.forbidden), "note": self.note()}


@dataclass
class Mined:
    """What mining the logs found."""

    proposals: list[Proposal]
    edits_read: int
    """Hand edits read."""
    unaligned: list[tuple[str, str, int]] = field(default_factory=list)
    """Repeated substitutions (A, B, segments) whose source words tell nothing."""


def _inflections(word: str) -> tuple[str, ...]:
    """What the glossary's source matcher accepts for a term `word`: the plural and the possessive."""
    return (word, word + "s", word + "es", word + "'s", word + "’s")


def _bases(word: str) -> set[str]:
    """`word` and the term forms it may be an inflection of."""
    forms = {word}
    for ending in ("'s", "’s"):
        if word.endswith(ending):
            forms.add(word[:-2])
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        forms.add(word[:-1])
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        forms.add(word[:-2])
    return forms


def _words(text: str) -> set[str]:
    return {m.group().casefold() for m in TERM_WORD_RE.finditer(text)}


def _has_phrase(words: set[str], phrase: tuple[str, ...]) -> bool:
    """Whether a target's words hold every word of A (a clitic after the last one allowed)."""
    *head, last = phrase
    return all(w in words for w in head) and (last in words or any(last + c in words for c in CLITICS))


def _candidates(sources: Iterable[str]) -> set[str]:
    """Source words (or their base forms) present in every one of `sources`."""
    common: set[str] | None = None
    for source in sources:
        words = _words(source)
        here = {base for w in words for base in _bases(w)
                if any(form in words for form in _inflections(base))}
        common = here if common is None else common & here
    return {w for w in common or () if w not in STOP_WORDS and len(w) > 1 and not w.isdigit()}


def _word_list(text: str) -> list[str]:
    return [m.group().casefold() for m in TERM_WORD_RE.finditer(text)]


def _distance(candidate: str, phrase: tuple[str, ...], evidence: Sequence[tuple[str, str]]) -> float:
    """How far apart, on average over the evidence, the candidate sits in the source and A in
    the MT, as fractions of their lengths (word order is roughly kept between English and
    Indonesian at this scale: a tie-break, no more)."""
    total = 0.0
    for source, target in evidence:
        src, tgt = _word_list(source), _word_list(target)
        at_src = next((i for i, w in enumerate(src) if candidate in _bases(w)), 0)
        at_tgt = next((i for i, w in enumerate(tgt) if w == phrase[0] or w.startswith(phrase[0])), 0)
        total += abs(at_src / max(1, len(src)) - at_tgt / max(1, len(tgt)))
    return total / max(1, len(evidence))


@dataclass
class _Wanted:
    """A substitution to align: A's words, the candidate source words, the evidence (source, MT)."""

    phrase: tuple[str, ...]
    candidates: set[str]
    evidence: list[tuple[str, str]]


def _rank(corpora: Sequence[Corpus], wanted: list[_Wanted]) -> list[str | None]:
    """For each substitution, the best candidate (None when there is none), from one pass over
    the corpora's segments (a substring test first: most segments have none of the words)."""
    every = {c for w in wanted for c in w.candidates}
    source_count: Counter[str] = Counter()
    target_count: Counter[int] = Counter()
    both: Counter[tuple[int, str]] = Counter()
    written: set[str] = set()
    lasts = [(i, w.phrase[-1]) for i, w in enumerate(wanted)]
    for corpus in corpora if every else ():
        for seg in corpus.segments:
            folded = seg.source.casefold()
            present = [c for c in every if c in folded]
            has: set[str] = set()
            if present:
                words = _words(seg.source)
                has = {c for c in present if any(form in words for form in _inflections(c))}
                written |= words.intersection(present)
                source_count.update(has)
            folded = seg.target.casefold()
            target: set[str] | None = None
            for i, last in lasts:
                if last in folded:
                    target = _words(seg.target) if target is None else target
                    if _has_phrase(target, wanted[i].phrase):
                        target_count[i] += 1
                        both.update((i, c) for c in has & wanted[i].candidates)
    best: list[str | None] = []
    for i, w in enumerate(wanted):
        def score(c: str, i: int = i, w: _Wanted = w) -> tuple[float, int, float, bool, int, str]:
            dice = 2 * both[i, c] / max(1, source_count[c] + target_count[i])
            return (-dice, source_count[c], round(_distance(c, w.phrase, w.evidence), 2), c not in written,
                    len(c), c)
        best.append(min(w.candidates, key=score) if w.candidates else None)
    return best


def _proposals(found: dict[tuple[str, str], dict[tuple[str, str], tuple[str, str]]], edits: Counter[tuple[str, str]],
               forms: dict[tuple[str, str], Counter[tuple[str, str]]], corpora: Sequence[Corpus],
               min_segments: int) -> tuple[list[Proposal], list[tuple[str, str, int]]]:
    repeated = [(key, segs) for key, segs in found.items() if len(segs) >= min_segments]
    # The spelling most used, lower case first (a capital is often the sentence's, not the word's).
    spelled = {key: min(forms[key].items(), key=lambda kv: (kv[0] != (kv[0][0].lower(), kv[0][1].lower()),
                                                             -kv[1], kv[0]))[0] for key, _ in repeated}
    wanted = [_Wanted(tuple(key[0].split()), _candidates(source for source, _ in segs.values()), list(segs.values()))
              for key, segs in repeated]
    sources = _rank(corpora, wanted)
    merged: dict[tuple[str, str], Proposal] = {}
    unaligned = []
    for (key, segs), source in zip(repeated, sources, strict=True):
        a, b = spelled[key]
        if source is None:
            unaligned.append((a, b, len(segs)))
            continue
        proposal = merged.setdefault((source, key[1]), Proposal(source, b, []))
        if a not in proposal.forbidden:
            proposal.forbidden.append(a)
        proposal.segments += [s for s in segs if s not in proposal.segments]
        proposal.edits += edits[key]
    ordered = sorted(merged.values(), key=lambda p: (-len(p.segments), p.source, p.target))
    return ordered, unaligned


def mine(logs: Iterable[SessionLog], *, min_segments: int = MIN_SEGMENTS) -> Mined:
    """The substitutions made by hand in at least `min_segments` segments, across all `logs`,
    as glossary entries (see the module's notes)."""
    found: dict[tuple[str, str], dict[tuple[str, str], tuple[str, str]]] = {}
    """(A, B) folded → (corpus label, segment id) → that segment's source and MT."""
    edits: Counter[tuple[str, str]] = Counter()
    forms: dict[tuple[str, str], Counter[tuple[str, str]]] = {}
    read = 0
    corpora = []
    for log in logs:
        corpora.append(log.corpus)
        by_id = log.corpus.by_id()
        per_segment: dict[str, dict[tuple[str, str], list[tuple[str, str]]]] = {}
        for ev in log.events:
            if ev.kind is not EventKind.EDIT or ev.origin != "manual" or ev.state != ACTIVE or ev.segment_id not in by_id:
                continue
            read += 1
            made = per_segment.setdefault(ev.segment_id, {})
            for a, b in edit_substitutions(ev.before or "", ev.after or ""):
                key, back = (a.casefold(), b.casefold()), (b.casefold(), a.casefold())
                if back in made:
                    del made[back]  # taken back: the reviewer changed their mind
                else:
                    made.setdefault(key, []).append((a, b))
        for seg_id, made in per_segment.items():
            for key, spellings in made.items():
                seg = by_id[seg_id]
                found.setdefault(key, {})[(log.label, seg_id)] = (seg.source, seg.target)
                edits[key] += len(spellings)
                forms.setdefault(key, Counter()).update(spellings)
    proposals, unaligned = _proposals(found, edits, forms, corpora, max(1, min_segments))
    return Mined(proposals, read, unaligned)


def propose_from_edit(corpus: Corpus, label: str, seg_id: str, before: str, after: str) -> list[Proposal]:
    """The entries one edit of one segment would make (the review UI's "make a rule from this
    edit"), aligned to that segment's source as `mine` aligns them."""
    event = Event(0, 0, "", "", seg_id, EventKind.EDIT, before, after, "manual", None, None, None, None, None,
                  None, ACTIVE)
    return mine([SessionLog(label, corpus, [event])], min_segments=1).proposals


# ---------------------------------------------------------------------------------------------
# Writing


HEADER = ("# Glossary entries proposed by `reviewer glossary suggest` from repeated hand corrections.\n"
          "# Read each before use: the note says which segments it comes from.\n")


def glossary_text(proposals: Sequence[Proposal], source_lang: str, target_lang: str,
                  taken: Iterable[str] = ()) -> str:
    """The proposals as a YAML glossary (our schema), after the entries already in `taken`
    (ids), with ids made unique."""
    used = set(taken)
    entries = []
    for proposal in proposals:
        entry_id, n = proposal.id, 1
        while entry_id in used:
            n += 1
            entry_id = f"{proposal.id}-{n}"
        used.add(entry_id)
        entries.append(proposal.entry(entry_id))
    data = {"source_lang": source_lang, "target_lang": target_lang, "terms": entries}
    return HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_proposals(path: Path, proposals: Sequence[Proposal], source_lang: str, target_lang: str) -> str:
    """Write the proposals to `path` (the caller decides whether it may be replaced); the text
    must load with the normal loader, or nothing is written."""
    text = glossary_text(proposals, source_lang, target_lang)
    parse_glossary(text, path)
    atomic_write(path, text.encode("utf-8"))
    return text


def add_proposals(path: Path, proposals: Sequence[Proposal], source_lang: str, target_lang: str,
                  taken: Iterable[str] = ()) -> None:
    """Add entries to a glossary file (created when missing), with ids unlike its own and those
    in `taken` (the other glossaries it is used with). The file is read and written again as
    data: its entries stay, comments other than the header do not."""
    taken = list(taken)
    entries: list[Any] = []
    if path.exists():
        existing = load_glossary(path)  # a broken file is reported (GlossaryError), never overwritten
        raw = path.read_text(encoding="utf-8-sig")
        source_lang, target_lang = existing.source_lang, existing.target_lang
        data = yaml.safe_load(raw) or {}
        entries = list(data.get("terms") or [])
        taken += [t.id for t in existing.terms] + [r.id for r in existing.rules]
    else:
        data = {}
    added = yaml.safe_load(glossary_text(proposals, source_lang, target_lang, taken))["terms"]
    data.update({"source_lang": source_lang, "target_lang": target_lang, "terms": [*entries, *added]})
    text = HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    parse_glossary(text, path)
    atomic_write(path, text.encode("utf-8"))


# ---------------------------------------------------------------------------------------------
# The review UI's rule from an edit


def proposed_glossary_path(session: ReviewSession) -> Path:
    """Where the UI adds the entries it makes: `glossary.proposed.yaml` beside the corpus, or
    in the current folder when that is no place for the user's files (`default_export_folder`'s
    rule: an installation, a folder that cannot be written)."""
    return session.default_export_folder().parent / PROPOSED_GLOSSARY


def last_hand_edit(session: ReviewSession, seg_id: str) -> Event | None:
    """The reviewer's last hand edit of a segment that is still in force."""
    found = None
    for ev in session.corrections():
        if (ev.segment_id == seg_id and ev.kind is EventKind.EDIT and ev.origin == "manual"
                and ev.state == ACTIVE and ev.who == session.user):
            found = ev
    return found


def would_flag(session: ReviewSession, proposals: Sequence[Proposal], *, skip: str | None = None
               ) -> list[tuple[str, str]]:
    """The segments (id, current target) but `skip` that the proposed entries alone would flag."""
    text = glossary_text(proposals, session.corpus.source_lang, session.corpus.target_lang)
    matcher = GlossaryMatcher(parse_glossary(text, Path("<proposed>")))
    flagged: list[tuple[str, str]] = []
    for seg in session.segments:
        target = session.target(seg.id)
        if seg.id != skip and matcher.check(seg.source, target, seg_id=seg.id):
            flagged.append((seg.id, target))
    return flagged


def adopt_proposals(session: ReviewSession, proposals: Sequence[Proposal]) -> Path:
    """Add the entries to the project's proposed glossary and check the session with it from now
    on; returns the file. Never writes onto one of the session's other inputs."""
    path = proposed_glossary_path(session)
    used = {str(Path(g).resolve()) for g in session.spec.glossaries}
    others = [p for p in session.input_files() if str(Path(p).resolve()) != str(path.resolve())]
    check_destinations([path], others)
    add_proposals(path, proposals, session.corpus.source_lang, session.corpus.target_lang,
                  session.checker.glossary_ids)
    glossaries = session.spec.glossaries
    if str(path.resolve()) not in used:
        glossaries = (*glossaries, str(path))  # the glossaries in force stay, the new file is added
    session.use_spec(dataclasses.replace(session.spec, glossaries=glossaries))
    return path

