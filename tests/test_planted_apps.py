"""The planted-error app corpus (tests/data/apps/): app strings machine-translated into
Indonesian with one error of each class the software-localization checks look for, beside
correct entries. Each entry's extracted comment says what is expected: "ERROR rule-id" (that
rule must flag it) or "correct" (no flag at all)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.checking.engine import Checker
from reviewer.core.model import Corpus
from reviewer.formats import load_corpus

APPS = Path(__file__).resolve().parent / "data" / "apps"


#: The planted corpora: a PO file, and pairs of files read with --source/--target.
CORPORA = {
    "po": {"path": APPS / "planted.id.po"},
    "android": {"source": APPS / "android" / "values" / "strings.xml",
                "target": APPS / "android" / "values-in" / "strings.xml"},
    "arb": {"source": APPS / "arb" / "app_en.arb", "target": APPS / "arb" / "app_id.arb"},
}


def _expectations(corpus: Corpus) -> list[tuple[str, str, str | None]]:
    """(segment id, source, expected rule or None for a correct entry)."""
    out = []
    for seg in corpus.segments:
        note = (seg.note or "").strip()
        assert note.startswith(("ERROR ", "correct")), (seg.id, note)
        out.append((seg.id, seg.source, note.split()[1].rstrip(":") if note.startswith("ERROR ") else None))
    return out


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_every_planted_error_flagged_and_every_correct_entry_silent(name: str) -> None:
    corpus = load_corpus(**CORPORA[name])  # type: ignore[arg-type]
    report = Checker(None, source_lang=corpus.source_lang, target_lang=corpus.target_lang,
                     enable=["inconsistent-source"]).check_corpus(corpus)
    rules = {r.segment.id: sorted({f.rule for f in r.flags}) for r in report.results}
    missed = [(seg_id, source, rule, rules[seg_id]) for seg_id, source, rule in _expectations(corpus)
              if rule is not None and rule not in rules[seg_id]]
    false = [(seg_id, source, rules[seg_id]) for seg_id, source, rule in _expectations(corpus)
             if rule is None and rules[seg_id]]
    assert missed == []
    assert false == []
