"""The status line under the review: progress, open flags by severity, what the list shows. It
says the same in fewer cells when the terminal is narrow (80 columns with a filter on)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from reviewer.core.model import Severity
from reviewer.core.text import visible
from reviewer.tui.render import SEVERITY_FG, SEVERITY_MARK

_SEVERITIES = (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)


@dataclass(frozen=True)
class Status:
    """What the status line says (the screen reads it from the session and the review view)."""

    approved: int
    total: int
    open_flags: tuple[int, int, int] | None
    """Critical, major, minor; None while the corpus is being checked."""
    progress: int
    """Percent checked, while `open_flags` is None."""
    showing: int
    """Rows in the segment list."""
    filter_label: str | None
    """The list's filter (untrusted: it may name a rule), None when it shows everything."""
    dismissed: int
    here: tuple[tuple[str, str | None], ...] = ()
    """Teammates with the corpus open: (name, the segment they are on); untrusted text."""


class StatusLine(Static):
    """One line, never wrapped: in words when they fit, tighter when not (and past the
    tightest, cut with an ellipsis by the stylesheet)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content(""), id=id, markup=False)
        self._status: Status | None = None
        self._shown: Content | None = None

    def show(self, status: Status | None = None) -> None:
        """Say `status` (or the last one again, at the current width)."""
        status = status or self._status
        if status is None:
            return
        self._status = status
        room = self.content_region.width or self.app.size.width - 2
        for tightness in range(3):
            line = describe(status, tightness)
            if line.cell_length <= room:
                break
        if line != self._shown:
            self._shown = line
            self.update(line, layout=False)  # always one line high

    def on_resize(self) -> None:
        self.show()


def describe(status: Status, tightness: int = 0) -> Content:
    """The line in words (0), tighter (1), or with severity marks (2: "2C 68M 46m")."""
    sep = "  ·  " if tightness == 0 else " · "
    parts: list[Content | tuple[str, str] | str] = [(f" {status.approved}/{status.total} approved", "bold")]
    if status.open_flags is not None:
        parts.append(f"{sep}open flags: " if tightness == 0 else sep)
        for severity, n in zip(_SEVERITIES, status.open_flags, strict=True):
            shown = f"{n}{SEVERITY_MARK[severity]}" if tightness == 2 else f"{severity.value} {n}"
            parts += [(shown, SEVERITY_FG[severity]), "  " if tightness == 0 else " "]
        parts.pop()
    else:
        parts.append((f"{sep}checking… {status.progress}%", "italic"))
    parts.append(f"{sep}showing {status.showing}")
    if status.filter_label is not None:
        parts.append((f" ({visible(status.filter_label, one_line=True)})", "dim"))
    if status.dismissed:
        parts.append((f"{sep}dismissed {status.dismissed}", "dim"))
    if status.here:
        parts.append((f"{sep}{'also here: ' if tightness == 0 else 'here: '}{_who_where(status.here, tightness)}",
                      HERE_STYLE))
    return Content.assemble(*parts)


HERE_STYLE = "#d787ff"
"""Teammates' presence: in the status line and the mark of a row another reviewer is on."""


def _who_where(here: tuple[tuple[str, str | None], ...], tightness: int) -> str:
    """ "ana (p3.s2), budi (p7.s1)"; the names alone when tighter; how many when tightest."""
    if tightness == 2:
        return f"{len(here)}"
    names = [_cut(visible(who, one_line=True), 16) for who, _ in here]
    if tightness == 1:
        return ", ".join(names)
    return ", ".join(f"{n} ({_cut(visible(seg, one_line=True), 24) if seg else '-'})"
                     for n, (_, seg) in zip(names, here, strict=True))


def _cut(shown: str, most: int) -> str:
    return shown if len(shown) <= most else shown[:most - 1] + "…"
