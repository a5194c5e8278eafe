"""A review session: the corpus, its checks and the recorded changes, behind one API that the
review UI and the command line both call. The state is rebuilt from the session store, which
another process (the CLI, a second UI) may write too: `reload` takes its changes in, and an
edit made on text it changed since is refused (`StaleEditError`)."""

from __future__ import annotations

import getpass
import json
import os
import time
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.checking import corpus_pass
from reviewer.checking.engine import Checker, CheckerSpec
from reviewer.checking.fixes import apply_suggestions
from reviewer.core.errors import ReviewerError
from reviewer.core.hints import segment_hints
from reviewer.core.model import Corpus, Flag, Segment, SegmentStatus, Severity, Side, flag_keys, validate_category
from reviewer.core.paths import check_destinations, is_installed_file
from reviewer.core.text import edited_region
from reviewer.formats import atomic_write, input_files, load_corpus, render_target, target_names
from reviewer.formats.inline import new_code_problems
from reviewer.review.events import Annotation, Change, Event, EventKind, corrections_csv, replay
from reviewer.review.learning import record_session
from reviewer.review.locations import SessionLocation, locate_session
from reviewer.review.store import StaleEditError, corpus_fingerprint
from reviewer.review.storebase import Store, open_store, store_spec

#: Seconds between two writes of the rule statistics while a session is open (`_learn`).
LEARN_EVERY = 10.0


def current_user() -> str:
    """Who is reviewing: $REVIEWER_USER, `user` in ~/.config/reviewer/config.toml, or the login name."""
    if os.environ.get("REVIEWER_USER"):
        return os.environ["REVIEWER_USER"]
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "reviewer" / "config.toml"
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
        if isinstance(data.get("user"), str) and data["user"].strip():
            return data["user"].strip()
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        pass
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "reviewer"


@dataclass(frozen=True, slots=True)
class PlannedEdit:
    """One change of a corpus-wide fix, shown before it is confirmed."""

    segment_id: str
    before: str
    after: str
    flags: tuple[Flag, ...]


class ReviewSession:
    """Review state of one corpus: targets, statuses, dismissals and annotations."""

    def __init__(self, corpus: Corpus, checker: Checker, store: Store, user: str | None = None) -> None:
        self.corpus = corpus
        self.checker = checker
        self.store = store
        self.user = user or current_user()
        self.segments: list[Segment] = corpus.segments
        self.position = {seg.id: i for i, seg in enumerate(self.segments)}
        # Flags by segment, with the target text they were computed for: a background worker
        # may fill the cache while the reviewer edits, and a stale entry must never be served.
        self._flag_cache: dict[str, tuple[str, list[Flag]]] = {}
        # With the corpus-level flags of the verdicts in force (compared by identity: a new
        # decision is a new list).
        self._merged_cache: dict[str, tuple[str, list[Any] | None, list[Flag]]] = {}
        self._verdicts: list[Any] | None = None
        """Verdicts of the corpus-level checks (consistency), when they have been decided."""
        self._initially_final: set[str] | None = None
        self.spec = CheckerSpec(source_lang=corpus.source_lang, target_lang=corpus.target_lang)
        """How the checker was built (a background process builds its own from it)."""
        self.location: SessionLocation | None = None
        """Where the store was found (None when the caller named it): its `notice` says when it
        is at an earlier version's place, or when the corpus changed since its last review."""
        self._changed_elsewhere: set[str] = set()
        """Segments another writer changed, taken in by a rebuild, not yet returned by `reload`."""
        self._learned_at = float("-inf")
        self._learn_pending = False
        self.stats_problem: str | None = None
        """Why the rule statistics (`learning`) could not be updated after the latest change;
        None when they were (they never stop a review: the next change writes them again)."""
        self._rebuild()
        self._seen_version = store.data_version()

    @classmethod
    def open(
        cls,
        corpus_path: str | Path | None = None,
        *,
        source: str | Path | None = None,
        target: str | Path | None = None,
        glossaries: list[str | Path] | None = None,
        session_path: str | Path | None = None,
        user: str | None = None,
        store: str | Path | None = None,
    ) -> ReviewSession:
        """Load a corpus, its checker and its session store (created on first use): `store` (a
        PostgreSQL URL or a SQLite file), else `session_path`, else $REVIEWER_STORE, else the
        corpus's own file in the user's data folder."""
        corpus = load_corpus(corpus_path, source=source, target=target)
        spec = CheckerSpec.for_corpus(corpus, glossaries)
        checker = spec.build()
        fingerprint = corpus_fingerprint(corpus)
        named = store_spec(store, session_path)
        location = None if named else locate_session(corpus, fingerprint)
        opened = open_store(location.path if location else str(named), fingerprint=fingerprint,
                            name=corpus.path.name if corpus.path else corpus.name or "corpus")
        session = cls(corpus, checker, opened, user)
        session.spec = spec
        session.location = location
        return session

    @property
    def notice(self) -> str | None:
        """What to tell the reviewer about where the session was found (None: nothing unusual)."""
        return self.location.notice if self.location else None

    # -- state -----------------------------------------------------------------------------
    def _rebuild(self) -> set[str]:
        """Replay the log; returns the segments whose state it changed."""
        old: tuple[dict[str, Any], ...] = tuple(getattr(self, name, {}) for name in _STATE)
        state = replay(self.store.events(active_only=True), self.position)
        self.targets: dict[str, str] = state.targets
        self.statuses: dict[str, SegmentStatus] = state.statuses
        self.dismissed: dict[str, dict[str, str]] = state.dismissed
        self.annotations: dict[str, list[Annotation]] = state.annotations
        new: tuple[dict[str, Any], ...] = (self.targets, self.statuses, self.dismissed, self.annotations)
        return {sid for before, now in zip(old, new, strict=True) for sid in before.keys() | now.keys()
                if before.get(sid) != now.get(sid)}

    def _take_in(self, mine: Iterable[str] = ()) -> None:
        """Rebuild after a change of ours (`mine`: the segments it touched) or another's: what
        else changed was another writer's, and `reload` will say so."""
        self._changed_elsewhere |= self._rebuild() - set(mine)

    def _catch_up(self) -> None:
        version = self.store.data_version()
        if version != self._seen_version:
            self._seen_version = version
            self._take_in()

    def reload(self) -> list[str]:
        """Take in what other writers (the CLI, another UI) recorded since this session last
        read the store; returns the segments whose target, status, dismissals or annotations
        they changed, in corpus order, so that the UI can redraw them. Cheap when nothing
        changed (one PRAGMA): fit to call on a timer, and after a StaleEditError."""
        self._catch_up()
        changed, self._changed_elsewhere = self._changed_elsewhere, set()
        return sorted(changed, key=lambda s: self.position.get(s, 0))

    def record_kept(self) -> list[str]:
        """Record the changes an earlier failure kept on this machine (the store answers again:
        the UI calls this then); returns the segments whose state that changed, in corpus order."""
        if not self.store.record_kept():
            return []
        self._take_in()
        return self.reload()

    def segment(self, seg_id: str) -> Segment:
        """The segment with this id."""
        try:
            return self.segments[self.position[seg_id]]
        except KeyError:
            raise ReviewerError(f"no segment {seg_id!r} in this corpus") from None

    def target(self, seg_id: str) -> str:
        """Current target text (the MT until it is edited)."""
        return self.targets.get(seg_id, self.segment(seg_id).target)

    def status(self, seg_id: str) -> SegmentStatus:
        """Current status."""
        return self.statuses.get(seg_id, self.segment(seg_id).status)

    def is_approved(self, seg_id: str) -> bool:
        """Approved segments have the final status."""
        return self.status(seg_id) is SegmentStatus.FINAL

    def is_edited(self, seg_id: str) -> bool:
        """Whether the target differs from the MT."""
        return self.target(seg_id) != self.segment(seg_id).target

    # -- flags -----------------------------------------------------------------------------
    def all_flags(self, seg_id: str) -> list[Flag]:
        """Every flag of the current target, dismissed ones included."""
        return self._flags_for(seg_id, self.target(seg_id))

    def _flags_for(self, seg_id: str, target: str) -> list[Flag]:
        verdicts = self._verdicts
        merged = self._merged_cache.get(seg_id)
        if merged is not None and merged[0] == target and merged[1] is verdicts:
            return merged[2]  # the screen asks several times per key press: check once
        cached = self._flag_cache.get(seg_id)
        ctx = None
        if cached is not None and cached[0] == target:
            flags = cached[1]
        else:
            ctx = self.checker.context(seg_id, self.segment(seg_id).source, target,
                                       self._hints(seg_id))
            flags = self.checker.check_context(ctx)
            self._flag_cache[seg_id] = (target, flags)
        if verdicts:
            ctx = ctx or self.checker.context(seg_id, self.segment(seg_id).source, target,
                                                self._hints(seg_id))
            flags = self.checker.with_corpus_flags(flags, ctx, verdicts)
        self._merged_cache[seg_id] = (target, verdicts, flags)
        return flags

    def _hints(self, seg_id: str) -> str:
        seg = self.segment(seg_id)
        return segment_hints(seg.extra, seg.status is SegmentStatus.NEW)

    def has_checked(self, seg_id: str) -> bool:
        """Whether the flags of this segment's current target are already known."""
        cached = self._flag_cache.get(seg_id)
        return cached is not None and cached[0] == self.target(seg_id)

    def flags(self, seg_id: str) -> list[Flag]:
        """Open flags: those not dismissed."""
        dismissed = self.dismissed.get(seg_id)
        flags = self.all_flags(seg_id)
        if not dismissed:
            return flags
        return [f for f, key in zip(flags, flag_keys(flags)) if key not in dismissed]

    def dismissed_flags(self, seg_id: str) -> list[tuple[Flag, str]]:
        """Dismissed flags with the reason given."""
        dismissed = self.dismissed.get(seg_id) or {}
        flags = self.all_flags(seg_id)
        return [(f, dismissed[k]) for f, k in zip(flags, flag_keys(flags)) if k in dismissed]

    def source_span(self, seg_id: str, flag: Flag) -> tuple[int, int] | None:
        """Where in the source a flag is about: its own span for source-side flags, the glossary
        term's occurrence for term flags on the target."""
        if flag.side is Side.SOURCE:
            return flag.start, flag.end
        glossary = self.checker.glossary
        if glossary is None:
            return None
        term = next((t for t in glossary.terms if t.id == flag.rule), None)
        if term is None:
            return None
        m = term.source_pattern.search(self.segment(seg_id).source)
        return (m.start(), m.end()) if m else None

    def refresh_corpus_flags(self) -> bool:
        """Decide the corpus-level checks (consistency across segments) on the current targets;
        True when the verdicts changed."""
        texts = ((seg.id, seg.source, self.target(seg.id), segment_hints(seg.extra, seg.status is SegmentStatus.NEW)) for seg in self.segments)
        return self.set_corpus_verdicts(corpus_pass.verdicts(self.checker, texts))

    def set_corpus_verdicts(self, verdicts: list[Any]) -> bool:
        """Use verdicts decided elsewhere (a background process); True when they changed."""
        changed = verdicts != self._verdicts
        self._verdicts = verdicts
        return changed

    def dismissal_counts(self) -> Counter[str]:
        """How often each rule was dismissed as a false positive."""
        counts: Counter[str] = Counter()
        for keys in self.dismissed.values():
            for key in keys:
                counts[key.split("|", 1)[0]] += 1
        return counts

    # -- changes ---------------------------------------------------------------------------
    def _commit(self, changes: list[Change]) -> None:
        if not changes:
            return
        try:
            self.store.record(changes, self.user, original=self._original_target)
        except StaleEditError:
            self._take_in()  # the UI's reload() returns the segment, with the other's text
            raise
        # Cheap and always right: replay the log (it is small next to the corpus).
        self._take_in(c.segment_id for c in changes)
        self._learn()

    def use_spec(self, spec: CheckerSpec) -> None:
        """Check with another checker from now on (a glossary added during the review): cached
        flags are dropped, so the next look at a segment checks it again."""
        self.checker = spec.build()
        self.spec = spec
        self._flag_cache.clear()
        self._merged_cache.clear()

    def save_statistics(self) -> str | None:
        """Write this session's part of the rule statistics now (before reading them while the
        session is open); returns why they could not be written, None when they were."""
        self._learn(now=True)
        return self.stats_problem

    def _learn(self, now: bool = False) -> None:
        """Hand this session's decisions, as they stand now, to the rule statistics across
        sessions (they replace what this session gave before, so undo never counts twice).
        Working them out reads the whole log and the open flags of every approved segment, so
        a review writes them at most every `LEARN_EVERY` seconds, and when it closes (`now`)."""
        if not now and time.monotonic() - self._learned_at < LEARN_EVERY:
            self._learn_pending = True
            return
        self.stats_problem = record_session(self)
        self._learned_at, self._learn_pending = time.monotonic(), False

    def _original_target(self, seg_id: str) -> str:
        return self.segment(seg_id).target

    def edit(self, seg_id: str, text: str, *, origin: str = "manual", category: str | None = None,
             severity: str | None = None, comment: str | None = None) -> bool:
        """Replace the target of a segment; returns False when nothing changed. An edit that
        would delete, break or invent an inline code (the ⟦n⟧ placeholders of XLIFF and TMX
        markup) is refused: the export could not write the markup back. A hand edit (no
        category) that fixes open flags records each as resolved by hand, in the same undo
        step, so that MQM counts it as it counts an applied suggestion. Raises StaleEditError
        when another writer changed the target since this session read it."""
        before = self.target(seg_id)
        if text == before:
            return False
        self.check_edit(seg_id, text)
        edit = Change(seg_id, EventKind.EDIT, before, text, origin, category, severity, comment)
        resolved = self._resolved_by_hand(seg_id, before, text) if origin == "manual" and not category else []
        self._commit([edit, *resolved])
        return True

    def check_edit(self, seg_id: str, text: str) -> None:
        """Refuse (ReviewerError, one line) a new target that deletes, breaks or invents an
        inline code of the segment; the UI's edit dialog and `reviewer session edit` both ask."""
        broken = new_code_problems(self.segment(seg_id).source, self.target(seg_id), text)
        if broken:
            raise ReviewerError(f"segment {seg_id}: inline codes are protected: {'; '.join(broken)}; "
                                "keep them in the new target")

    def _resolved_by_hand(self, seg_id: str, before: str, after: str) -> list[Change]:
        """RESOLVE changes for the open flags a hand edit fixed: a target flag whose span the
        edit touched and that no longer fires there (no flag of its rule on the replaced
        words), and a source flag that no longer fires at all."""
        start, end_before, end_after = edited_region(before, after)
        flags = self.all_flags(seg_id)
        dismissed = self.dismissed.get(seg_id, {})
        now = self._flags_for(seg_id, after)
        now_keys = set(flag_keys(now))
        changes = []
        for f, key in zip(flags, flag_keys(flags)):
            if key in dismissed:
                continue
            if f.side is Side.TARGET:
                if not _touches(f.start, f.end, start, end_before) or any(
                        g.rule == f.rule and g.side is Side.TARGET and _touches(g.start, g.end, start, end_after)
                        for g in now):
                    continue
                span = (f.start, f.end)
            elif key in now_keys:
                continue
            else:
                span = (start, end_before)  # a source flag: the target words the edit replaced
            changes.append(Change(seg_id, EventKind.RESOLVE, before, None, f.rule, f.category, f.severity.value,
                                  f.message, span[0], span[1], key))
        return changes

    def apply_flag(self, seg_id: str, flag: Flag) -> bool:
        """Apply one flag's suggestion."""
        if flag.side is not Side.TARGET or flag.suggestion is None:
            raise ReviewerError(f"flag {flag.rule!r} has no suggestion to apply")
        text = self.target(seg_id)
        result = apply_suggestions(text, [flag])
        if not result.applied:
            return False
        return self.edit(seg_id, result.text, origin=flag.rule, category=flag.category,
                         severity=flag.severity.value, comment=flag.message)

    def plan_rule(self, rule: str) -> list[PlannedEdit]:
        """What applying one rule's suggestions across the corpus would change."""
        plan = []
        for seg in self.segments:
            flags = [f for f in self.flags(seg.id) if f.rule == rule and f.suggestion is not None
                     and f.side is Side.TARGET]
            if not flags:
                continue
            before = self.target(seg.id)
            result = apply_suggestions(before, flags)
            if result.text != before:
                plan.append(PlannedEdit(seg.id, before, result.text, tuple(result.applied)))
        return plan

    def apply_plan(self, rule: str, plan: list[PlannedEdit]) -> int:
        """Confirm a corpus-wide fix as one undoable action; returns the number of segments changed
        (not those another writer changed since the preview)."""
        self._catch_up()  # a segment another writer changed since the preview is left alone below
        changes = []
        for item in plan:
            if self.target(item.segment_id) != item.before:
                continue  # changed since the preview: leave it alone
            first = item.flags[0] if item.flags else None
            changes.append(Change(item.segment_id, EventKind.EDIT, item.before, item.after, rule,
                                  first.category if first else None, first.severity.value if first else None,
                                  first.message if first else None))
        self._commit(changes)
        return len(changes)

    def set_approved(self, seg_id: str, approved: bool = True) -> bool:
        """Approve a segment (final) or take the approval back (translated)."""
        before = self.status(seg_id)
        after = SegmentStatus.FINAL if approved else (
            SegmentStatus.TRANSLATED if self.segment(seg_id).status is SegmentStatus.FINAL else self.segment(seg_id).status)
        if before is after:
            return False
        self._commit([Change(seg_id, EventKind.STATUS, before.value, after.value)])
        return True

    def dismiss(self, seg_id: str, flag: Flag, reason: str = "") -> None:
        """Mark a flag as a false positive."""
        self.dismiss_many([(seg_id, flag)], reason)

    def dismiss_many(self, flags: Iterable[tuple[str, Flag]], reason: str = "") -> None:
        """Dismiss several flags (segment id, flag) as one action: one undo takes them all back."""
        self._commit([self._dismissal(seg_id, flag, reason) for seg_id, flag in flags])

    def _dismissal(self, seg_id: str, flag: Flag, reason: str) -> Change:
        flags = self.all_flags(seg_id)
        for f, key in zip(flags, flag_keys(flags)):
            if f == flag:
                return Change(seg_id, EventKind.DISMISS, origin=f.rule, category=f.category,
                              severity=f.severity.value, comment=reason, span_start=f.start,
                              span_end=f.end, flag_key=key, before=f.text)
        raise ReviewerError(f"flag {flag.rule!r} is not on segment {seg_id}")

    def restore(self, seg_id: str, flag: Flag) -> None:
        """Take a dismissal back."""
        flags = self.all_flags(seg_id)
        for f, key in zip(flags, flag_keys(flags)):
            if f == flag and key in self.dismissed.get(seg_id, {}):
                self._commit([Change(seg_id, EventKind.RESTORE, origin=f.rule, flag_key=key)])
                return

    def annotate(self, seg_id: str, start: int, end: int, category: str, severity: str, comment: str = "") -> None:
        """Record an error the checks missed, on a span of the target."""
        text = self.target(seg_id)
        if not 0 <= start <= end <= len(text):
            raise ReviewerError(f"span {start}-{end} is outside segment {seg_id}")
        try:
            validate_category(category)
            Severity.parse(severity)
        except ValueError as exc:
            raise ReviewerError(str(exc)) from None
        self._commit([Change(seg_id, EventKind.ANNOTATE, text[start:end], None, "manual", category, severity.lower(),
                             comment, start, end)])

    def remove_annotation(self, annotation: Annotation) -> None:
        """Delete a manual annotation."""
        self._commit([Change(annotation.segment_id, EventKind.UNANNOTATE, flag_key=str(annotation.seq))])

    def undo(self) -> list[str]:
        """Undo this reviewer's latest action (never another's); returns the segment ids it touched."""
        return self._step(self.store.undo(self.user))

    def redo(self) -> list[str]:
        """Redo this reviewer's latest undone action; returns the segment ids it touched."""
        return self._step(self.store.redo(self.user))

    def _step(self, events: list[Event]) -> list[str]:
        touched = {e.segment_id for e in events}
        self._take_in(touched)
        if events:
            self._learn()
        return sorted(touched, key=lambda s: self.position.get(s, 0))

    # -- reporting -------------------------------------------------------------------------
    def progress(self) -> tuple[int, int]:
        """(approved, total) segments. Counts only what the log changed, so it stays cheap on
        a 100,000-segment corpus."""
        if self._initially_final is None:
            self._initially_final = {s.id for s in self.segments if s.status is SegmentStatus.FINAL}
        approved = len(self._initially_final)
        for seg_id, status in self.statuses.items():
            was = seg_id in self._initially_final
            now = status is SegmentStatus.FINAL
            approved += int(now) - int(was)
        return approved, len(self.segments)

    def corrections(self) -> list[Event]:
        """The corrections log: every recorded change, undone ones marked."""
        return list(self.store.events())

    def input_files(self) -> list[Path]:
        """Every file this session reads or keeps: the corpus's files, the glossaries and the
        session store's files (with SQLite's companions and its file of kept changes). No output
        may overwrite one of them."""
        return [*input_files(self.corpus), *(Path(g) for g in self.spec.glossaries), *self.store.files]

    def check_outputs(self, paths: Iterable[str | Path]) -> None:
        """Refuse (ReviewerError naming the path) to write any of `paths` that is one of this
        session's inputs, is not a regular file (a FIFO, a device), or cannot be created."""
        check_destinations(paths, self.input_files())

    def export_paths(self, out_dir: str | Path) -> list[Path]:
        """The files `export` writes into a folder (refused when it exists and is not a folder)."""
        out = Path(out_dir)
        if out.exists() and not out.is_dir():
            raise ReviewerError("export destination exists and is not a folder", path=out)
        return [out / name for name in (*target_names(self.corpus), *_CORRECTIONS)]

    def export(self, out_dir: str | Path) -> list[Path]:
        """Write the corrected target in the input's layout and the corrections log (JSONL and
        CSV) into a folder; each file is written atomically. Writing onto an input of the
        session (the folder holds the corpus) is refused before anything is written."""
        paths = self.export_paths(out_dir)
        self.check_outputs(paths)
        events = self.corrections()
        files = [*render_target(self.corpus, dict(self.targets), dict(self.statuses)).values(),
                 "".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in events).encode("utf-8"),
                 corrections_csv(events).encode("utf-8")]
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        for path, data in zip(paths, files, strict=True):
            atomic_write(path, data)
        return paths

    def default_export_folder(self) -> Path:
        """Where an export goes unless told otherwise: `<corpus>-reviewed` beside the corpus, or
        in the current folder when the corpus's folder cannot be written or is part of an
        installation (the bundled article)."""
        corpus = self.corpus
        name = f"{corpus.name or 'corpus'}-reviewed"
        path = corpus.path
        if path is None or not os.access(path.parent, os.W_OK) or is_installed_file(path):
            return Path.cwd() / name
        return path.parent / name

    def export_tmx(self, path: str | Path) -> Path:
        """Write the approved segments, as corrected, as a TMX 1.4b translation memory (not onto
        an input of the session)."""
        from reviewer.formats.tmx import export_tmx

        out = Path(path)
        self.check_outputs([out])
        atomic_write(out, export_tmx(self.corpus, dict(self.targets), dict(self.statuses)))
        return out

    def close(self) -> None:
        """Close the session store (writing the rule statistics again first when the last
        attempt failed)."""
        if self.stats_problem is not None or self._learn_pending:
            self._learn(now=True)
        self.store.close()



_STATE = ("targets", "statuses", "dismissed", "annotations")
"""The review state's maps by segment id, as `_rebuild` compares them."""


def _touches(start: int, end: int, edit_start: int, edit_end: int) -> bool:
    """Whether an edit of [edit_start, edit_end) changed the span [start, end): they overlap;
    an insertion (an empty edit) touches the span it is in or next to; an empty span (a
    point flag: something missing there) is touched by an edit around it."""
    if start == end:
        return edit_start <= start <= edit_end
    if edit_start == edit_end:
        return start <= edit_start <= end
    return start < edit_end and edit_start < end


_CORRECTIONS = ("corrections.jsonl", "corrections.csv")
"""The corrections log's files that `export` writes beside the corrected target."""
