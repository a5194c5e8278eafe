"""What the review UI says in words: what an undo or a redo took back or made again, and key
names as the help and the command palette show them. Plain strings; every id and rule in them
has gone through `visible`, and they are shown with markup off."""

from __future__ import annotations

from collections.abc import Sequence

from reviewer.core.text import visible
from reviewer.review.events import Event, EventKind

#: Of an action's events, the one that names it: a hand edit may also record the flags it
#: resolved, but it is still "an edit".
_NAMING_ORDER = [EventKind.EDIT, EventKind.STATUS, EventKind.DISMISS, EventKind.RESTORE,
                 EventKind.ANNOTATE, EventKind.UNANNOTATE]


def _noun(ev: Event) -> str:
    """The action one event stands for, as a noun ("edit", "approval", "dismissal of x")."""
    origin = visible(ev.origin or "", one_line=True)
    kind = str(ev.kind)
    if kind == EventKind.EDIT:
        return "edit" if ev.origin == "manual" else f"{origin} fix"
    if kind == EventKind.STATUS:
        return "approval" if ev.after == "final" else "taking back the approval"
    if kind == EventKind.DISMISS:
        return f"dismissal of {origin}"
    if kind == EventKind.RESTORE:
        return f"restoring {origin}"
    if kind == EventKind.ANNOTATE:
        return "annotation"
    if kind == EventKind.UNANNOTATE:
        return "removing an annotation"
    return visible(kind, one_line=True)  # a kind added later: its own name


def describe_action(events: Sequence[Event], touched: Sequence[str]) -> str:
    """One action (the events of one undo step) in words: "edit of p3.s2", "approval of p1.s1",
    "dnt:deepseek fix in 24 segments". `touched` (segment ids) is used when `events` is empty."""
    segments = list(dict.fromkeys(ev.segment_id for ev in events)) or list(touched)
    if not segments:
        return "a change"
    kinds = {str(ev.kind) for ev in events}
    naming = next((ev for kind in _NAMING_ORDER if kind in kinds for ev in events if str(ev.kind) == kind),
                  events[0] if events else None)
    noun = _noun(naming) if naming is not None else "change"
    if len(segments) > 1:
        return f"{noun} in {len(segments)} segments"
    where = visible(segments[0], one_line=True)
    preposition = "of" if naming is not None and str(naming.kind) in (EventKind.EDIT, EventKind.STATUS) else "in"
    return f"{noun} {preposition} {where}"


#: Textual's key names that a person would write differently.
_KEY_NAMES = {"question_mark": "?", "slash": "/", "space": "space", "right_square_bracket": "]",
              "left_square_bracket": "[", "up": "↑", "down": "↓", "pageup": "PgUp", "pagedown": "PgDn",
              "home": "Home", "end": "End"}


def key_names(keys: str) -> str:
    """A binding's keys ("z,ctrl+z") as the help shows them ("z  ctrl+z")."""
    return "  ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))
