"""The score panel: post-edit effort (HTER, chrF, BLEU) for the corpus and the current segment,
and the recorded errors by MQM category as a bar chart."""

from __future__ import annotations

from collections import Counter

from textual.content import Content
from textual.widgets import Static

from reviewer.scoring.metrics import Scores
from reviewer.tui.render import plain_line

_BAR = "█"


class ScorePanel(Static):
    """Figures come from `reviewer.scoring.metrics.SessionScores`; the panel only draws them."""

    DEFAULT_CSS = """
    ScorePanel { border: round $panel-lighten-2; height: auto; max-height: 12; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content("scoring…"), id=id, markup=False)
        self.border_title = "Post-edit effort"
        self._shown: Content | None = None

    def show(self, corpus: Scores | None, segment: Scores | None, scored: int, total: int,
             categories: Counter[str]) -> None:
        """Redraw with new figures."""
        parts: list[Content | tuple[str, str] | str] = []
        if corpus is None:
            parts.append(("scoring…", "italic dim"))
        else:
            parts += [("corpus   ", "dim"), _figures(corpus)]
            if scored < total:
                parts.append((f"  ({scored}/{total} scored)", "dim italic"))
        if segment is not None:
            parts += ["\n", ("segment  ", "dim"), _figures(segment)]
        if categories:
            parts += ["\n", ("errors by category", "bold")]
            top = categories.most_common(6)
            widest = max(n for _, n in top)
            labels = [plain_line(c) for c, _ in top]  # categories come from glossaries and annotations
            label_width = max(label.cell_length for label in labels)
            for label, (_, n) in zip(labels, top):
                bar = _BAR * max(1, round(12 * n / widest))
                parts += ["\n", label.pad_right(label_width - label.cell_length + 1), (bar, "#ffaf5f"), f" {n}"]
            if len(categories) > len(top):
                parts += ["\n", (f"… and {len(categories) - len(top)} more categories", "dim")]
        else:
            parts += ["\n", ("no errors recorded yet", "dim italic")]
        content = Content.assemble(*parts)
        if content == self._shown:
            return
        # The panel grows with its text: lay the screen out again only when the line count changes.
        same_height = self._shown is not None and content.plain.count("\n") == self._shown.plain.count("\n")
        self._shown = content
        self.update(content, layout=not same_height)


def _figures(s: Scores) -> Content:
    return Content.assemble(
        ("HTER ", "dim"), (f"{s.hter:5.1f}", "bold"), ("  chrF ", "dim"), (f"{s.chrf:5.1f}", "bold"),
        ("  chrF++ ", "dim"), (f"{s.chrfpp:5.1f}", "bold"), ("  BLEU ", "dim"), (f"{s.bleu:5.1f}", "bold"),
    )
