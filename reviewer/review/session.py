"""A review session: the corpus, its checks and the recorded changes, behind one API that the
review UI and the command line both call. The state is rebuilt from the session store."""

from __future__ import annotations

import csv
import getpass
import io
import json
import os
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
from reviewer.core.model import Corpus, Flag, Segment, SegmentStatus, Severity, Side, flag_keys, validate_category
from reviewer.core.paths import check_destinations, is_installed_file
from reviewer.formats import atomic_write, input_files, load_corpus, render_target, target_names
from reviewer.formats.inline import new_code_problems
from reviewer.review.events import Annotation, Change, Event, EventKind, replay
from reviewer.review.store import SessionStore, corpus_fingerprint, default_session_path


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

    def __init__(self, corpus: Corpus, checker: Checker, store: SessionStore, user: str | None = None) -> None:
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
        self._rebuild()

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
    ) -> ReviewSession:
        """Load a corpus, its checker and its session store (created on first use)."""
        corpus = load_corpus(corpus_path, source=source, target=target)
        spec = CheckerSpec.for_corpus(corpus, glossaries)
        checker = spec.build()
        store = SessionStore(session_path or default_session_path(corpus), fingerprint=corpus_fingerprint(corpus))
        session = cls(corpus, checker, store, user)
        session.spec = spec
        return session

    # -- state -----------------------------------------------------------------------------
    def _rebuild(self) -> None:
        state = replay(self.store.events(active_only=True), self.position)
        self.targets: dict[str, str] = state.targets
        self.statuses: dict[str, SegmentStatus] = state.statuses
        self.dismissed: dict[str, dict[str, str]] = state.dismissed
        self.annotations: dict[str, list[Annotation]] = state.annotations

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
        target = self.target(seg_id)
        verdicts = self._verdicts
        merged = self._merged_cache.get(seg_id)
        if merged is not None and merged[0] == target and merged[1] is verdicts:
            return merged[2]  # the screen asks several times per key press: check once
        cached = self._flag_cache.get(seg_id)
        ctx = None
        if cached is not None and cached[0] == target:
            flags = cached[1]
        else:
            ctx = self.checker.context(seg_id, self.segment(seg_id).source, target)
            flags = self.checker.check_context(ctx)
            self._flag_cache[seg_id] = (target, flags)
        if verdicts:
            ctx = ctx or self.checker.context(seg_id, self.segment(seg_id).source, target)
            flags = self.checker.with_corpus_flags(flags, ctx, verdicts)
        self._merged_cache[seg_id] = (target, verdicts, flags)
        return flags

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
        texts = ((seg.id, seg.source, self.target(seg.id)) for seg in self.segments)
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
        self.store.record(changes, self.user)
        # Cheap and always right: replay the log (it is small next to the corpus).
        self._rebuild()

    def edit(self, seg_id: str, text: str, *, origin: str = "manual", category: str | None = None,
             severity: str | None = None, comment: str | None = None) -> bool:
        """Replace the target of a segment; returns False when nothing changed. An edit that
        would delete, break or invent an inline code (the ⟦n⟧ placeholders of XLIFF and TMX
        markup) is refused: the export could not write the markup back."""
        before = self.target(seg_id)
        if text == before:
            return False
        broken = new_code_problems(self.segment(seg_id).source, before, text)
        if broken:
            raise ReviewerError(f"segment {seg_id}: inline codes are protected: {'; '.join(broken)}; "
                                "keep them in the new target")
        self._commit([Change(seg_id, EventKind.EDIT, before, text, origin, category, severity, comment)])
        return True

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
        """Confirm a corpus-wide fix as one undoable action; returns the number of segments changed."""
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
        flags = self.all_flags(seg_id)
        for f, key in zip(flags, flag_keys(flags)):
            if f == flag:
                self._commit([Change(seg_id, EventKind.DISMISS, origin=f.rule, category=f.category,
                                     severity=f.severity.value, comment=reason, span_start=f.start,
                                     span_end=f.end, flag_key=key, before=f.text)])
                return
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
        """Undo the latest action; returns the segment ids it touched."""
        events = self.store.undo()
        self._rebuild()
        return sorted({e.segment_id for e in events}, key=lambda s: self.position.get(s, 0))

    def redo(self) -> list[str]:
        """Redo the latest undone action; returns the segment ids it touched."""
        events = self.store.redo()
        self._rebuild()
        return sorted({e.segment_id for e in events}, key=lambda s: self.position.get(s, 0))

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
        session store (with SQLite's companions and its file of kept changes). No output may
        overwrite one of them."""
        store = self.store.path
        companions = [store.with_name(store.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
        return [*input_files(self.corpus), *(Path(g) for g in self.spec.glossaries), store, *companions,
                self.store.pending]

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
        """Close the session store."""
        self.store.close()



_CORRECTIONS = ("corrections.jsonl", "corrections.csv")
"""The corrections log's files that `export` writes beside the corrected target."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


CSV_COLUMNS = ("seq", "group", "at", "who", "segment", "kind", "before", "after", "origin", "category",
               "severity", "comment", "start", "end", "flag", "undone")


def corrections_csv(events: Iterable[Event]) -> str:
    """The corrections log as CSV with formula-looking cells neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in events:
        d = e.to_dict()
        writer.writerow([csv_cell(d[c]) for c in CSV_COLUMNS])
    return buf.getvalue()
