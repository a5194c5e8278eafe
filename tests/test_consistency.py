"""inconsistent-target: one source translated in different ways in one corpus (Xbench's
inconsistency in target), with the counts and the commonest rendering offered; renderings that
differ only in case, spacing, accelerators or a final colon or ellipsis are the same; long
sentences are not compared."""

from __future__ import annotations

from reviewer.checking.corpus_pass import corpus_flags
from reviewer.checks import REGISTRY, CorpusCheck, SegmentContext
from reviewer.checks.consistency import SHORT, comparable


def _flags(pairs: list[tuple[str, str]]) -> list[tuple[str, str, str | None]]:
    check = REGISTRY["inconsistent-target"]()
    assert isinstance(check, CorpusCheck)
    contexts = [SegmentContext(str(i), s, t) for i, (s, t) in enumerate(pairs, 1)]
    return [(seg, f.text, f.suggestion) for seg, f in corpus_flags([check], contexts)]


def test_the_minority_rendering_is_flagged_with_the_commonest_offered() -> None:
    pairs = [("None", "Tak Ada"), ("Open", "Buka"), ("None", "Tak Ada"), ("None", "Nihil"),
             ("none", " Tak ada "), ("Unknown", "Tak Dikenal")]
    assert _flags(pairs) == [("4", "Nihil", "Tak Ada")]


def test_the_message_counts_each_rendering() -> None:
    check = REGISTRY["inconsistent-target"]()
    assert isinstance(check, CorpusCheck)
    contexts = [SegmentContext(str(i), s, t) for i, (s, t) in
                enumerate([("Stopped", "Berhenti"), ("Stopped", "Dihentikan"), ("Stopped", "Berhenti")], 1)]
    [(seg, flag)] = list(corpus_flags([check], contexts))
    assert seg == "2"
    assert flag.message == "this source is translated in different ways in this text: 'Berhenti' 2×, 'Dihentikan' 1×"


def test_a_tie_flags_all_but_the_first_in_order() -> None:
    assert _flags([("Restart", "Mulai Ulang"), ("Restart", "Nyalakan Ulang")]) == [("2", "Nyalakan Ulang", "Mulai Ulang")]


def test_renderings_that_differ_in_layout_only_are_the_same() -> None:
    pairs = [("_Open", "_Buka"), ("Open", "Buka"), ("Open…", "Buka…"), ("Open:", "buka:"), ("Open", "Bu&ka"),
             ("Open  file", "Buka  berkas"), ("Open file", "Buka berkas")]
    assert _flags(pairs) == []
    assert comparable(" _Open  Recent Files… ") == "open recent files"


def test_long_sentences_and_empty_targets_are_not_compared() -> None:
    long_source = "word " * (SHORT // 4)
    assert _flags([(long_source, "kata satu"), (long_source, "kata dua")]) == []
    assert _flags([("Open", "Buka"), ("Open", ""), ("Open", "  ")]) == []


def test_one_rendering_everywhere_is_quiet() -> None:
    assert _flags([("Save", "Simpan"), ("Save", "Simpan"), ("Cancel", "Batal")]) == []


def test_counts_are_right_when_the_repeat_memo_merges_a_pair_at_each_occurrence() -> None:
    from reviewer.checking import corpus_pass
    from reviewer.checking.engine import Checker

    checker = Checker(None, only=["inconsistent-target"])
    memo = corpus_pass.Memo(b"run", "collect", 100)
    pairs = [("None", "Tak Ada")] * 4 + [("None", "Nihil")] * 2
    stats = corpus_pass.collect(checker, [(str(i), s, t, "") for i, (s, t) in enumerate(pairs)], memo)
    (verdict,) = corpus_pass.decide(checker, stats)
    assert verdict == {"none\0nihil": ("Tak Ada", "'Tak Ada' 4×, 'Nihil' 2×")}


def test_inconsistent_source_is_off_by_default_and_named_to_run() -> None:
    from reviewer.checking.engine import Checker
    from reviewer.core.model import Corpus, Segment

    pairs = [("From", "Dari"), ("To", "Dari"), ("Sound", "Suara"), ("Sounds", "Suara"), ("Two-sided", "Dua sisi"),
             ("Two Sided", "Dua sisi"), ("Require Password", "Perlu sandi"), ("Require a password", "Perlu sandi"),
             ("Erase stroke", "Hapus goresan"), ("Delete stroke", "Hapus goresan"), ("Delete stroke", "Hapus goresan")]
    corpus = Corpus([Segment(str(i), s, t) for i, (s, t) in enumerate(pairs)])

    def flagged(checker: Checker) -> list[tuple[str, str]]:
        return [(r.segment.id, f.message) for r in checker.check_corpus(corpus).results for f in r.flags
                if f.rule == "inconsistent-source"]

    assert flagged(Checker(None)) == []
    found = flagged(Checker(None, enable=["inconsistent-source"]))
    assert [seg for seg, _ in found] == ["1", "8"]
    assert "'From' 1×, 'To' 1×" in found[0][1]
    assert "'Delete stroke' 2×, 'Erase stroke' 1×" in found[1][1]
    assert [seg for seg, _ in flagged(Checker(None, only=["inconsistent-source"]))] == ["1", "8"]
