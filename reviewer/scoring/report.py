"""Review reports: a self-contained HTML page (no scripts, no network, every untrusted string
escaped, a strict Content-Security-Policy), and the same figures as CSV and JSON."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import html
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer import __version__
from reviewer.core.errors import ReviewerError
from reviewer.core.model import SegmentStatus
from reviewer.core.text import visible
from reviewer.core.text import word_diff as text_word_diff
from reviewer.formats import atomic_write
from reviewer.review import learning
from reviewer.review.events import csv_cell
from reviewer.scoring.metrics import Scorer, ScoreReport, Scores, score_pairs
from reviewer.scoring.mqm import (
    DEFAULT_THRESHOLD,
    MqmError,
    MqmWeights,
    Scorecard,
    session_ratings,
    session_scorecard,
    wmt_tsv,
)

if TYPE_CHECKING:
    from reviewer.review.session import ReviewSession

_PARAGRAPH_ID = re.compile(r"^(p\d+)\.s\d+$")
#: How many paragraphs the "needed most work" table lists.
TOP_PARAGRAPHS = 10


def paragraph_of(seg_id: str) -> str:
    """The paragraph a segment belongs to: `p8` for `p8.s2`; other ids are their own paragraph."""
    m = _PARAGRAPH_ID.match(seg_id)
    return m.group(1) if m else seg_id


@dataclass(slots=True)
class SegmentRow:
    """One segment of the report."""

    id: str
    paragraph: str
    source: str
    mt: str
    post_edit: str
    status: SegmentStatus
    scores: Scores
    errors: list[MqmError]
    penalty: float

    @property
    def edited(self) -> bool:
        """Whether the reviewer changed the MT."""
        return self.mt != self.post_edit


@dataclass(slots=True)
class ParagraphWork:
    """Post-editing effort and errors of one paragraph."""

    id: str
    segments: int
    edited: int
    edits: float
    """TER edits made in the paragraph."""
    ref_words: float
    """Words of the post-edited paragraph (TER's reference length)."""
    errors: int
    penalty: float

    @property
    def hter(self) -> float:
        """HTER of the paragraph (edits per post-edited word × 100)."""
        return 100.0 * self.edits / self.ref_words if self.ref_words else (100.0 if self.edits else 0.0)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"paragraph": self.id, "segments": self.segments, "edited": self.edited, "edits": self.edits,
                "hter": round(self.hter, 6), "errors": self.errors, "penalty": round(self.penalty, 6)}


@dataclass(slots=True)
class ReviewReport:
    """Everything a report shows, computed once and rendered three ways."""

    corpus_name: str
    generated: str
    reviewers: list[str]
    rows: list[SegmentRow]
    scores: ScoreReport
    scorecard: Scorecard
    paragraphs: list[ParagraphWork] = field(default_factory=list)
    rule_stats: list[learning.RuleStats] = field(default_factory=list)
    """Each rule's decisions across every session so far (`review.learning`), worst first."""

    @property
    def edited(self) -> int:
        """Segments whose target differs from the MT."""
        return sum(r.edited for r in self.rows)

    @property
    def approved(self) -> int:
        """Segments with the final status."""
        return sum(r.status is SegmentStatus.FINAL for r in self.rows)

    def most_work(self, limit: int = TOP_PARAGRAPHS) -> list[ParagraphWork]:
        """Paragraphs that needed most work: most edits, then most penalty points; untouched ones left out."""
        busy = [p for p in self.paragraphs if p.edits or p.penalty]
        return sorted(busy, key=lambda p: (-p.edits, -p.penalty, p.id))[:limit]

    # -- JSON ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The report as one JSON-ready object."""
        weights = self.scorecard.weights
        return {
            "report": {"corpus": self.corpus_name, "generated": self.generated, "reviewers": self.reviewers,
                       "tool": f"reviewer {__version__}"},
            "summary": {"segments": len(self.rows), "edited": self.edited, "approved": self.approved,
                        "source_words": self.scorecard.source_words, "errors": len(self.scorecard.errors)},
            "scores": self.scores.to_dict(),
            "mqm": self.scorecard.to_dict(),
            "paragraphs": [p.to_dict() for p in self.most_work(len(self.paragraphs))],
            "corrections": [
                {"segment": r.id, "mt": r.mt, "post_edit": r.post_edit,
                 "errors": [e.to_dict(weights) for e in r.errors]}
                for r in self.rows if r.edited or r.errors
            ],
        }

    def to_json(self) -> str:
        """JSON text (UTF-8, indented)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    # -- CSV -------------------------------------------------------------------------------
    SEGMENT_COLUMNS = ("segment", "paragraph", "status", "edited", "source", "mt", "post_edit", "hter", "chrf",
                       "chrf++", "bleu", "errors", "mqm_penalty", "categories")
    ERROR_COLUMNS = ("segment", "seq", "origin", "category", "severity", "penalty", "text", "comment", "rater")

    def segments_csv(self) -> str:
        """One row per segment; formula-looking cells neutralised."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.SEGMENT_COLUMNS)
        for r in self.rows:
            s = r.scores
            writer.writerow([csv_cell(v) for v in (
                r.id, r.paragraph, r.status.value, "yes" if r.edited else "no", r.source, r.mt, r.post_edit,
                f"{s.hter:.4f}", f"{s.chrf:.4f}", f"{s.chrfpp:.4f}", f"{s.bleu:.4f}", len(r.errors),
                _num(r.penalty), "; ".join(f"{e.category}:{e.severity}" for e in r.errors))])
        return buf.getvalue()

    def errors_csv(self) -> str:
        """One row per recorded error; formula-looking cells neutralised."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.ERROR_COLUMNS)
        weights = self.scorecard.weights
        for e in self.scorecard.errors:
            writer.writerow([csv_cell(v) for v in (
                e.segment_id, e.seq, e.origin, e.category, e.severity, _num(weights.penalty(e.category, e.severity)),
                e.text, e.comment, e.rater)])
        return buf.getvalue()

    # -- HTML ------------------------------------------------------------------------------
    def to_html(self) -> str:
        """A self-contained HTML page."""
        return _render_html(self)


def _num(value: float) -> str:
    return f"{value:.1f}" if value != int(value) else str(int(value))


def build_report(session: ReviewSession, *, weights: MqmWeights | None = None,
                 threshold: float = DEFAULT_THRESHOLD, scorer: Scorer | None = None,
                 now: dt.datetime | None = None) -> ReviewReport:
    """Compute a report of a review session: MT against the reviewed target."""
    scorecard = session_scorecard(session, weights=weights, threshold=threshold)
    segs = session.segments
    scores = score_pairs([s.id for s in segs], [s.target for s in segs], [session.target(s.id) for s in segs],
                         scorer)
    errors_by_segment: dict[str, list[MqmError]] = {}
    for e in scorecard.errors:
        errors_by_segment.setdefault(e.segment_id, []).append(e)
    rows = []
    paragraphs: dict[str, ParagraphWork] = {}
    for seg, seg_score in zip(segs, scores.segments, strict=True):
        errors = errors_by_segment.get(seg.id, [])
        penalty = scorecard.segment_penalties.get(seg.id, 0.0)
        row = SegmentRow(seg.id, paragraph_of(seg.id), seg.source, seg.target, session.target(seg.id),
                         session.status(seg.id), seg_score.scores, errors, penalty)
        rows.append(row)
        para = paragraphs.setdefault(row.paragraph, ParagraphWork(row.paragraph, 0, 0, 0.0, 0.0, 0, 0.0))
        para.segments += 1
        para.edited += row.edited
        para.edits += row.scores.edits
        para.ref_words += row.scores.ref_words
        para.errors += len(errors)
        para.penalty += penalty
    reviewers = sorted({ev.who for ev in session.store.events(active_only=True)})
    stamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    session.save_statistics()  # (this session's latest decisions count too)
    try:
        rule_stats = learning.worst_first(learning.load_stats())
    except ReviewerError:
        rule_stats = []  # the statistics are an aid: an unreadable file does not stop a report
    return ReviewReport(session.corpus.name or "corpus", stamp, reviewers, rows, scores, scorecard,
                        list(paragraphs.values()), rule_stats)


def write_report(session: ReviewSession, out_dir: str | Path, *, weights: MqmWeights | None = None,
                 threshold: float = DEFAULT_THRESHOLD) -> list[Path]:
    """Write report.html, report.json, segments.csv, errors.csv and the recorded errors as a
    WMT MQM file (errors.mqm.tsv) into a folder; each file is written atomically."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ReviewerError("report destination exists and is not a folder", path=out)
    report = build_report(session, weights=weights, threshold=threshold)
    files = {
        "report.html": report.to_html(),
        "report.json": report.to_json(),
        "segments.csv": report.segments_csv(),
        "errors.csv": report.errors_csv(),
        "errors.mqm.tsv": wmt_tsv(session_ratings(session)),
    }
    written = []
    for name, text in files.items():
        atomic_write(out / name, text.encode("utf-8"))
        written.append(out / name)
    return written


# ---------------------------------------------------------------------------------------------
# HTML


def _t(value: object) -> str:
    """Untrusted text for HTML: invisible and bidi controls shown as ⟨U+XXXX⟩, then escaped."""
    return html.escape(visible(str(value)), quote=True)


_CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa; --ok: #1a7f37; --bad: #cf222e;
        --minor: #d4a72c; --major: #e16f24; --critical: #a40e26; --bar: #4f72b8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; color: var(--ink);
       background: #fff; }
main { max-width: 1080px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
.meta { color: var(--muted); margin: 0 0 20px; }
.note { margin-top: 8px; font-size: 13px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; }
@media (max-width: 760px) { .cards { grid-template-columns: repeat(2, 1fr); } .charts { grid-template-columns: 1fr; } }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: var(--bg); }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .sub { color: var(--muted); font-size: 12px; }
.pass { color: var(--ok); } .fail { color: var(--bad); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 700;
         color: #fff; vertical-align: middle; }
.badge.pass { background: var(--ok); color: #fff; } .badge.fail { background: var(--bad); color: #fff; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
.charts figure { margin: 0; } .charts figcaption { font-weight: 600; margin-bottom: 6px; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code.sig { font-size: 12px; color: var(--muted); word-break: break-all; }
.seg { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 12px; overflow: hidden; }
.seg header { display: flex; gap: 12px; align-items: baseline; background: var(--bg); padding: 6px 12px;
              border-bottom: 1px solid var(--line); font-size: 13px; color: var(--muted); }
.seg header b { color: var(--ink); }
.seg .body { padding: 8px 12px; }
.seg .src { color: var(--muted); font-size: 13px; margin-bottom: 6px; }
.diff { line-height: 1.7; }
del { background: #ffebe9; color: #82071e; text-decoration: line-through; border-radius: 3px; }
ins { background: #dafbe1; color: #116329; text-decoration: none; border-radius: 3px; }
ul.errs { margin: 6px 0 0; padding-left: 18px; font-size: 13px; }
.sev { font-weight: 600; } .sev-minor { color: #9a6700; } .sev-major { color: #bc4c00; } .sev-critical { color: var(--critical); }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print { main { max-width: none; } .seg { break-inside: avoid; } }
""".strip()

_SEVERITY_COLOURS = {"minor": "#d4a72c", "major": "#e16f24", "critical": "#a40e26"}


def _csp(css: str) -> str:
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    # No scripts, no fetches, no frames: only this page's one stylesheet (pinned by its hash)
    # and data: images.
    return (f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; base-uri 'none'; "
            "form-action 'none'")


def _bar_chart(rows: list[tuple[str, float, str, str]], *, width: int = 500) -> str:
    """Horizontal bars as inline SVG: (label, value, value text, colour) per row."""
    if not rows:
        return '<p class="empty">No errors recorded.</p>'
    label_w, value_w, bar_h, gap = 190, 100, 20, 8
    plot = width - label_w - value_w
    top = max(v for _, v, _, _ in rows) or 1.0
    height = len(rows) * (bar_h + gap) + gap
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">']
    for i, (label, value, shown, colour) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = max(2.0, plot * value / top) if value else 0.0
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(f'<text x="{label_w - 8}" y="{y + bar_h - 5}" text-anchor="end">{_t(short)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="3" fill="{colour}">'
                     f'<title>{_t(label)}: {_t(shown)}</title></rect>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h - 5}">{_t(shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def word_diff(before: str, after: str) -> str:
    """HTML of a word-level diff: deletions in <del>, insertions in <ins>, the rest as is."""
    out = []
    for same, old, new in text_word_diff(before, after):
        if same:
            out.append(_t(old))
            continue
        if old:
            out.append(f"<del>{_t(old)}</del>")
        if new:
            out.append(f"<ins>{_t(new)}</ins>")
    return "".join(out)


def _fmt(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}"


def _render_html(report: ReviewReport) -> str:
    card = report.scorecard
    corpus = report.scores.corpus
    sigs = report.scores.signatures
    weights = card.weights
    verdict = "pass" if card.passed else "fail"
    out: list[str] = []
    w = out.append
    w("<!DOCTYPE html>")
    w('<html lang="en"><head><meta charset="utf-8">')
    w(f'<meta http-equiv="Content-Security-Policy" content="{html.escape(_csp(_CSS))}">')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">')
    w('<meta name="referrer" content="no-referrer">')
    w(f"<title>Review report: {_t(report.corpus_name)}</title>")
    w(f"<style>{_CSS}</style></head><body><main>")

    # -- summary ---------------------------------------------------------------------------
    w(f"<h1>Review report: <bdi>{_t(report.corpus_name)}</bdi></h1>")
    reviewers = ", ".join(f"<bdi>{_t(r)}</bdi>" for r in report.reviewers) or "nobody yet"
    w(f'<p class="meta">Generated {_t(report.generated)} · reviewed by {reviewers}</p>')
    w('<section class="cards">')
    total = len(report.rows)
    pct = 100.0 * report.edited / total if total else 0.0
    cards = [
        ("Segments", str(total), f"{card.source_words} source words"),
        ("Edited", str(report.edited), f"{pct:.0f}% of segments"),
        ("Approved", str(report.approved), f"of {total}"),
        ("Errors recorded", str(len(card.errors)), f"{_num(card.penalty)} penalty points"),
        ("HTER", _fmt(corpus.hter), "edits per 100 words"),
        ("chrF", _fmt(corpus.chrf), f"chrF++ {_fmt(corpus.chrfpp)}"),
        ("BLEU", _fmt(corpus.bleu), "MT vs post-edit"),
    ]
    for label, value, sub in cards:
        w(f'<div class="card"><div class="label">{label}</div><div class="value">{value}</div>'
          f'<div class="sub">{sub}</div></div>')
    w(f'<div class="card"><div class="label">MQM per 1,000 words</div>'
      f'<div class="value {verdict}">{_fmt(card.per_1000_words, 2)}</div>'
      f'<div class="sub"><span class="badge {verdict}">{verdict.upper()}</span> threshold {_num(card.threshold)}'
      f"</div></div>")
    w("</section>")

    # -- charts ----------------------------------------------------------------------------
    w("<h2>Errors</h2>")
    by_cat = card.by_category()
    # Bars are error counts, so they are sorted by count; the penalty points are in the label.
    cat_rows = [(cat, row["errors"], f"{int(row['errors'])} · {_num(row['penalty'])} pt", "#4f72b8")
                for cat, row in sorted(by_cat.items(), key=lambda kv: (-kv[1]["errors"], -kv[1]["penalty"], kv[0]))]
    sev_rows = [(sev, float(n), str(n), _SEVERITY_COLOURS[sev]) for sev, n in card.by_severity().items()]
    if not card.errors:
        sev_rows = []
    w('<div class="charts">')
    w(f"<figure><figcaption>By category</figcaption>{_bar_chart(cat_rows)}</figure>")
    w(f"<figure><figcaption>By severity</figcaption>{_bar_chart(sev_rows, width=420)}</figure>")
    w("</div>")
    w(f'<p class="meta">MQM penalty: {_num(weights.minor)} per minor error ({_num(weights.minor_punctuation)} for '
      f"minor punctuation), {_num(weights.major)} per major, {_num(weights.critical)} per critical, "
      f"{_num(weights.non_translation)} per non-translation; {_num(card.penalty)} points over "
      f"{card.source_words} source words = {_fmt(card.per_1000_words, 2)} per 1,000 words "
      f"(quality score {_fmt(card.quality_score, 2)}).</p>")

    # -- scores ----------------------------------------------------------------------------
    w("<h2>Scores</h2>")
    w('<table><thead><tr><th>Metric</th><th class="num">Corpus</th><th>sacrebleu signature</th></tr></thead><tbody>')
    metrics = (("HTER (MT vs post-edit)", corpus.hter, sigs["hter"]), ("chrF", corpus.chrf, sigs["chrf"]),
               ("chrF++", corpus.chrfpp, sigs["chrf++"]), ("BLEU", corpus.bleu, sigs["bleu"]))
    for metric, figure, sig in metrics:
        w(f'<tr><td>{metric}</td><td class="num">{_fmt(figure, 2)}</td><td><code class="sig">{_t(sig)}</code></td></tr>')
    w("</tbody></table>")
    w('<p class="meta note">Segment-level BLEU uses effective order: '
      f'<code class="sig">{_t(sigs["bleu-segment"])}</code></p>')

    # -- paragraphs ------------------------------------------------------------------------
    w("<h2>Paragraphs that needed most work</h2>")
    busy = report.most_work()
    if not busy:
        w('<p class="empty">No paragraph was edited or annotated.</p>')
    else:
        top = max(p.edits for p in busy) or 1.0
        w('<table><thead><tr><th>Paragraph</th><th class="num">Segments edited</th><th class="num">Word edits</th>'
          '<th class="num">HTER</th><th class="num">Errors</th><th class="num">MQM points</th><th>Effort</th>'
          "</tr></thead><tbody>")
        for p in busy:
            bar = 160 * p.edits / top
            w(f"<tr><td><bdi>{_t(p.id)}</bdi></td><td class=\"num\">{p.edited} / {p.segments}</td>"
              f'<td class="num">{_num(p.edits)}</td><td class="num">{_fmt(p.hter)}</td>'
              f'<td class="num">{p.errors}</td><td class="num">{_num(p.penalty)}</td>'
              f'<td><svg xmlns="http://www.w3.org/2000/svg" width="160" height="12" role="img">'
              f'<rect width="{bar:.1f}" height="12" rx="2" fill="#4f72b8"/></svg></td></tr>')
        w("</tbody></table>")

    # -- rule precision --------------------------------------------------------------------
    if report.rule_stats:
        w("<h2>Rule precision</h2>")
        w('<table><thead><tr><th>Rule</th><th class="num">Precision</th><th class="num">Decided</th>'
          '<th class="num">Applied</th><th class="num">Fixed by hand</th><th class="num">Dismissed</th>'
          '<th class="num">Left open</th><th>Reasons for dismissing</th></tr></thead><tbody>')
        for s in report.rule_stats:
            reasons = ", ".join(f"<bdi>{_t(reason)}</bdi> ×{n}" for reason, n in s.top_reasons())
            w(f'<tr><td><bdi>{_t(s.rule)}</bdi></td><td class="num">{learning.percent(s.precision)}</td>'
              f'<td class="num">{s.decided}</td><td class="num">{s.applied}</td><td class="num">{s.by_hand}</td>'
              f'<td class="num">{s.dismissed}</td><td class="num">{s.left_open}</td><td>{reasons}</td></tr>')
        w("</tbody></table>")
        w('<p class="meta note">Across every review session so far: precision = (applied + fixed by hand) '
          "÷ decided; a flag left open on an approved segment counts as decided, not accepted.</p>")

    # -- corrections -----------------------------------------------------------------------
    w("<h2>Corrections</h2>")
    shown = [r for r in report.rows if r.edited or r.errors]
    if not shown:
        w('<p class="empty">No corrections yet.</p>')
    for r in shown:
        w('<article class="seg"><header>')
        w(f"<b><bdi>{_t(r.id)}</bdi></b><span>{_t(r.status.value)}</span>")
        if r.edited:
            w(f"<span>HTER {_fmt(r.scores.hter)} · chrF {_fmt(r.scores.chrf)}</span>")
        if r.errors:
            w(f"<span>{len(r.errors)} error{'s' if len(r.errors) != 1 else ''} · {_num(r.penalty)} pt</span>")
        w('</header><div class="body">')
        w(f'<div class="src"><bdi>{_t(r.source)}</bdi></div>')
        if r.edited:
            w(f'<div class="diff" dir="auto">{word_diff(r.mt, r.post_edit)}</div>')
        else:
            w(f'<div class="diff" dir="auto">{_t(r.mt)} <span class="empty">(unchanged)</span></div>')
        if r.errors:
            w('<ul class="errs">')
            for e in r.errors:
                sev = e.severity if e.severity in _SEVERITY_COLOURS else "minor"
                what = "annotation" if e.origin == "manual" else f"rule {_t(e.origin)}"
                comment = f" — <bdi>{_t(e.comment)}</bdi>" if e.comment else ""
                w(f'<li><span class="sev sev-{sev}">{_t(e.severity)}</span> {_t(e.category)} '
                  f"({what}): “<bdi>{_t(e.text)}</bdi>”{comment}</li>")
            w("</ul>")
        w("</div></article>")

    w(f"<footer>reviewer {_t(__version__)} · scores by sacrebleu · MQM weights as in the WMT MQM studies"
      "</footer>")
    w("</main></body></html>")
    return "\n".join(out) + "\n"


__all__ = ["ParagraphWork", "ReviewReport", "SegmentRow", "build_report", "paragraph_of", "word_diff", "write_report"]
