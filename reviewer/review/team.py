"""Review as a team, above the session store: which segments a RANGE names, assigning them to a
reviewer, "my segments", who else has the corpus open and where, and the lead's view of the
progress per reviewer. The UI and `reviewer session assign|progress` both call these.

A RANGE is comma-separated items; each item is a segment id (`p3.s1`), a 1-based position in
the corpus (`12`), or `A..B`, an inclusive range of either in corpus order (`1..50`,
`p3.s1..p5.s2`, `p3.s1..20`). An item that is exactly a segment id is that segment, even when it
reads as a number or holds `..`.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reviewer.core.errors import ReviewerError
from reviewer.core.text import visible
from reviewer.review.events import ACTIVE
from reviewer.review.session import ReviewSession
from reviewer.review.storebase import PRESENCE_WINDOW_S, Presence

MINE = "mine"
"""The kind of the segment list's filter that keeps the segments assigned to the reviewer."""


def _shown(item: str) -> str:
    """An item of the user's in a message: quoted, its control characters as escapes (`repr`
    escapes every character that is not printable). Whoever shows the message makes it
    visible (`visible`) once more, which leaves this as it is."""
    return repr(item)


def _position(session: ReviewSession, end: str, item: str) -> int:
    """The 0-based position of one end of a RANGE item: a segment id, else a 1-based position."""
    if not end:
        raise ReviewerError(f"range item {_shown(item)}: an end is missing (write A..B)")
    found = session.position.get(end)
    if found is not None:
        return found
    if end.isdecimal():
        n = int(end)
        if 1 <= n <= len(session.segments):
            return n - 1
        raise ReviewerError(f"range item {_shown(item)}: position {n} is outside the corpus "
                            f"(1..{len(session.segments)})")
    raise ReviewerError(f"range item {_shown(item)}: no segment {_shown(end)} in this corpus")


def parse_range(session: ReviewSession, text: str) -> list[str]:
    """The segment ids a RANGE names (see the module's docstring), each once, in corpus order.
    An unknown id, a position outside the corpus, an empty item or a reversed range is refused
    (ReviewerError naming the item)."""
    chosen: set[int] = set()
    for raw in text.split(","):
        item = raw.strip()
        if not item:
            raise ReviewerError(f"range {_shown(text)}: an empty item (between commas, or no segment at all)")
        if item in session.position:
            chosen.add(session.position[item])
            continue
        if ".." not in item:
            chosen.add(_position(session, item, item))
            continue
        first, _, last = item.partition("..")
        start, end = _position(session, first.strip(), item), _position(session, last.strip(), item)
        if start > end:
            raise ReviewerError(f"range item {_shown(item)} is reversed: {_shown(first.strip())} comes after "
                                f"{_shown(last.strip())} in the corpus")
        chosen.update(range(start, end + 1))
    return [session.segments[i].id for i in sorted(chosen)]


def check_reviewer_name(name: str) -> str:
    """A reviewer's name to assign to: refused (ReviewerError) when empty or when it holds a
    control character or a line break (it is shown in every teammate's UI)."""
    name = name.strip()
    if not name:
        raise ReviewerError("no reviewer named: give --to USER (or --unassign to take an assignment away)")
    if not name.isprintable():
        raise ReviewerError(f"reviewer name {_shown(name)} holds control characters")
    return name


def assign(session: ReviewSession, segments: str | Iterable[str], to: str | None, by: str | None = None) -> int:
    """Assign the segments of a RANGE (or a list of ids) to reviewer `to` (None: take the
    assignment away; an empty name is refused); returns how many segments changed hands."""
    ids = parse_range(session, segments) if isinstance(segments, str) else list(segments)
    for seg_id in ids:
        session.segment(seg_id)  # unknown ids fail here, naming the segment
    who = check_reviewer_name(to) if to is not None else None
    return session.store.assign(ids, who, by or session.user)


def assigned_to(session: ReviewSession, who: str) -> list[str]:
    """The segments assigned to `who`, in corpus order (those no longer in the corpus left out)."""
    mine = {seg_id for seg_id, to in session.store.assignments().items() if to == who}
    return [seg.id for seg in session.segments if seg.id in mine]


def my_segments(session: ReviewSession) -> list[str]:
    """The segments assigned to the session's reviewer, in corpus order."""
    return assigned_to(session, session.user)


def others_present(session: ReviewSession, within: float = PRESENCE_WINDOW_S) -> list[Presence]:
    """Who else has the corpus open (not this reviewer), by name, with the segment they are on."""
    return [p for p in session.store.present(within) if p.who != session.user]


TOUCH_EVERY_S = 1.0
"""A reviewer's UI says where it is at most this often (moving fast through the list)."""
HEARTBEAT_S = 20.0
"""...and at least this often while it stays on one segment (well inside PRESENCE_WINDOW_S)."""


class PresenceReporter:
    """Tells the store where this reviewer is: at once when they move after a quiet second,
    else on the next `tick` (a 1-second timer), and again every HEARTBEAT_S while they stay. A
    store that cannot be written never stops the review: `problem` says why, the next tick tries
    again."""

    def __init__(self, session: ReviewSession, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.session = session
        self.clock = clock
        self.here: str | None = None
        """The segment the reviewer is on now."""
        self._said: tuple[str | None, float] | None = None
        """What the store was last told, and when (None: nothing yet, or they left)."""
        self.problem: str | None = None
        """Why the latest attempt to say where the reviewer is failed (None: it did not)."""

    def moved(self, segment_id: str | None) -> None:
        """The reviewer is on another segment now."""
        self.here = segment_id
        self.tick()

    def tick(self) -> bool:
        """Tell the store where the reviewer is if it is time to; True when it was told."""
        now = self.clock()
        said = self._said
        if said is not None:
            since = now - said[1]
            if since < TOUCH_EVERY_S or (said[0] == self.here and since < HEARTBEAT_S):
                return False
        try:
            self.session.store.touch(self.session.user, self.here)
        except ReviewerError as exc:
            self.problem = str(exc)
            return False
        self._said, self.problem = (self.here, now), None
        return True

    def leave(self) -> None:
        """The reviewer closed the corpus."""
        try:
            self.session.store.leave(self.session.user)
        except ReviewerError as exc:
            self.problem = str(exc)
        self._said = None


@dataclass(frozen=True, slots=True)
class ReviewerProgress:
    """One row of the lead's view."""

    who: str | None
    """The reviewer; None for the row of the segments assigned to nobody."""
    assigned: int
    """Segments assigned to them."""
    approved: int
    """Of those, the approved ones (status final)."""
    open_flags: int | None
    """Open flags left on their segments; None when not all of them are counted yet."""
    changed: int
    """Segments whose state their recorded changes (not undone) touched, assigned or not."""
    last_activity: str | None
    """When they last recorded a change (UTC, ISO 8601); None: never."""

    @property
    def label(self) -> str:
        """The reviewer's name as a listing shows it (untrusted text made one safe line)."""
        return "(unassigned)" if self.who is None else visible(self.who, one_line=True)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form for `reviewer session progress --json`."""
        return {"reviewer": self.who, "assigned": self.assigned, "approved": self.approved,
                "open_flags": self.open_flags, "changed": self.changed, "last_activity": self.last_activity}


OpenFlags = Callable[[str], int | None]
"""How many open flags a segment has (None: not known yet)."""


def progress_by_reviewer(session: ReviewSession, open_flags: OpenFlags | None = None) -> list[ReviewerProgress]:
    """Per reviewer (everyone with an assignment or a recorded change, by name), then the row
    of the unassigned segments: assigned, approved, open flags left (when `open_flags` is given:
    the UI passes its counts, the command line its review view) and the last activity."""
    owner = {seg_id: who for seg_id, who in session.store.assignments().items() if seg_id in session.position}
    last: dict[str, str] = {}
    changed: dict[str, set[str]] = defaultdict(set)
    for ev in session.corrections():
        if ev.at > last.get(ev.who, ""):
            last[ev.who] = ev.at
        if ev.state == ACTIVE and ev.segment_id in session.position:
            changed[ev.who].add(ev.segment_id)
    groups: dict[str | None, list[str]] = defaultdict(list)
    for seg in session.segments:
        groups[owner.get(seg.id)].append(seg.id)
    names = sorted(set(owner.values()) | set(last), key=lambda n: (n.casefold(), n))

    def row(who: str | None) -> ReviewerProgress:
        ids = groups.get(who, [])
        flags: int | None = None
        if open_flags is not None:
            counts = [open_flags(seg_id) for seg_id in ids]
            flags = None if any(c is None for c in counts) else sum(c or 0 for c in counts)
        return ReviewerProgress(who, len(ids), sum(session.is_approved(s) for s in ids), flags,
                                len(changed.get(who, ())) if who is not None else 0,
                                last.get(who) if who is not None else None)

    return [*(row(who) for who in names), row(None)]
