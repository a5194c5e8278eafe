"""Streamed checking: worker processes write what one process writes, in input order; repeated
segments are checked once (the repeat memo) and give what checking every occurrence gives,
corpus-level counts included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import reviewer.checking.corpus_pass as corpus_pass
import reviewer.checking.stream as stream
from reviewer.checking.corpus_pass import Memo
from reviewer.checking.engine import CheckerSpec
from reviewer.checking.stream import check_stream
from reviewer.cli import main
from reviewer.core.errors import CorpusError
from reviewer.core.model import Segment
from reviewer.formats import CorpusStream, load_corpus, open_stream

# Six pairs repeated in turn: NVIDIA is written so in pairs 0 and 2, Nvidia in pair 1.
PAIRS = [
    ("NVIDIA sold 10,000 chips.", "NVIDIA menjual 10,000 chip."),  # thousands separator
    ("Shares of Nvidia grew.", "Saham Nvidia tumbuh."),
    ("Shares of NVIDIA grew again.", "Saham NVIDIA tumbuh lagi."),
    ("It is not cheap.", "Itu murah."),  # lost negation
    ("He said it twice.", "Dia dia mengatakannya dua kali."),
    ("The weather is fine.", "Cuacanya baik."),
]


def _opened(pairs: list[tuple[str, str]]) -> CorpusStream:
    segments = [Segment(str(i), s, t) for i, (s, t) in enumerate(pairs, 1)]
    return CorpusStream(lambda: iter(segments), count=len(segments))


def _flags(pairs: list[tuple[str, str]], repeat_cache: int) -> list[list[tuple[str, int, int, str]]]:
    results = check_stream(_opened(pairs), CheckerSpec(), jobs=1, repeat_cache=repeat_cache)
    return [[(f.rule, f.start, f.end, f.message) for f in r.flags] for r in results]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def _check_argv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> list[str]:
    """`reviewer check` of the six pairs repeated to 97 lines, in many small chunks that worker
    processes take even for so few segments."""
    lines = [PAIRS[i % len(PAIRS)] for i in range(97)]
    src, tgt = tmp_path / "s.txt", tmp_path / "t.txt"
    src.write_text("".join(s + "\n" for s, _ in lines), encoding="utf-8")
    tgt.write_text("".join(t + "\n" for _, t in lines), encoding="utf-8")
    monkeypatch.setattr(stream, "PARALLEL_THRESHOLD", 10)
    monkeypatch.setattr(stream, "CHUNK", 7)
    return ["check", "--source", str(src), "--target", str(tgt), "--format", fmt, "--fail-on", "never"]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text"])
def test_worker_processes_write_the_same_output_in_input_order(capsys, tmp_path: Path, monkeypatch, fmt: str) -> None:
    """--jobs 2 (results checked and turned into text by worker processes) writes byte for byte
    what one process writes, consistency flags and summary included."""
    argv = _check_argv(tmp_path, monkeypatch, fmt)
    one = _run(capsys, *argv, "--jobs", "1")
    two = _run(capsys, *argv, "--jobs", "2")
    assert two == one
    if fmt == "json":
        report = json.loads(two)
        assert [s["id"] for s in report["segments"]] == [str(i) for i in range(1, 98)]
        assert report["summary"]["flagged_segments"] > 0
        assert "inconsistent-case" in report["summary"]["by_rule"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_repeats_reuse_flags_and_count_every_occurrence(capsys, tmp_path: Path, monkeypatch, jobs: str) -> None:
    argv = [*_check_argv(tmp_path, monkeypatch, "json"), "--jobs", jobs]
    afresh = _run(capsys, *argv, "--repeat-cache", "0")
    memo = _run(capsys, *argv)  # the default memo holds all six pairs
    small = _run(capsys, *argv, "--repeat-cache", "2")  # pairs are dropped and checked again
    assert memo == afresh and small == afresh
    report = json.loads(memo)
    # The consistency check counts all 33 occurrences of NVIDIA (pairs 0 and 2), not the two
    # distinct pairs that hold it, and flags each of the 16 Nvidia.
    nvidia = [f for s in report["segments"] for f in s["flags"] if f["rule"] == "inconsistent-case"]
    assert len(nvidia) == 16
    assert {f["text"] for f in nvidia} == {"Nvidia"}
    assert {f["message"] for f in nvidia} == {"'Nvidia' is written 'NVIDIA' elsewhere in this text (33×)"}
    assert report["summary"]["by_rule"]["inconsistent-case"] == 16


def test_a_memo_is_never_reused_by_the_next_run() -> None:
    """Two runs in one process: the pair Nvidia is flagged in the first (a minority form) and
    not in the second (there it is the majority); the first run's flags must not carry over."""
    first = [PAIRS[1], PAIRS[0], PAIRS[2]]
    second = [PAIRS[1], PAIRS[1], PAIRS[1], PAIRS[0]]
    assert [rule for rule, *_ in _flags(first, 100)[0]] == ["inconsistent-case"]
    assert _flags(second, 100)[0] == []
    assert "inconsistent-case" in [rule for rule, *_ in _flags(second, 100)[3]]  # NVIDIA is the odd one now


def test_memo_keeps_the_pairs_used_last() -> None:
    memo = Memo(b"run", "check", 2)
    memo.put(("a", "A"), 1)
    memo.put(("b", "B"), 2)
    assert memo.get(("a", "A")) == 1  # used: now the newest
    memo.put(("c", "C"), 3)  # one too many: the least recently used goes
    assert memo.get(("b", "B")) is None
    assert (memo.get(("a", "A")), memo.get(("c", "C"))) == (1, 3)
    assert len(memo.entries) == 2


def test_memo_stands_aside_on_text_that_does_not_repeat_and_looks_again_later() -> None:
    memo = Memo(b"run", "check", 100_000)
    for i in range(Memo.WINDOW):  # a window of distinct pairs: no hit
        assert memo.use()
        assert memo.get((str(i), "x")) is None
        memo.put((str(i), "x"), i)
    uses = [memo.use() for _ in range(Memo.PAUSE)]
    assert not any(uses)  # paused: those segments are checked the plain way, nothing is kept
    assert memo.use()  # and then it looks again, with what it kept
    assert memo.get(("7", "x")) == 7


def test_memo_stays_in_use_where_pairs_repeat() -> None:
    memo = Memo(b"run", "check", 100)
    memo.put(("a", "A"), 1)
    for i in range(3 * Memo.WINDOW):
        assert memo.use()
        # one lookup in eight hits: well above the share the memo needs to stay
        assert memo.get(("a", "A") if i % 8 == 0 else (str(i), "x")) == (1 if i % 8 == 0 else None)


def test_memo_is_off_at_zero_and_new_for_each_run_and_pass() -> None:
    assert corpus_pass.memo_for("check", (b"t", 0)) is None
    one = corpus_pass.memo_for("check", (b"t", 5))
    assert one is not None and corpus_pass.memo_for("check", (b"t", 5)) is one
    assert corpus_pass.memo_for("check", (b"u", 5)) is not one  # a new run starts afresh
    collect = corpus_pass.memo_for("collect", (b"v", 5))
    assert corpus_pass.memo_for("check", (b"v", 5)) is not collect  # so does the run's next pass


def test_cli_refuses_a_negative_memo(capsys, tmp_path: Path) -> None:
    path = tmp_path / "x.tsv"
    path.write_text("a\tb\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["check", str(path), "--repeat-cache", "-1"])
    assert exc.value.code == 2
    assert "--repeat-cache: must be 0 or more: -1" in capsys.readouterr().err


def test_a_run_in_this_process_leaves_no_memo_behind() -> None:
    assert _flags([PAIRS[0], PAIRS[0]], 100)[1] == _flags([PAIRS[0]], 0)[0]
    assert corpus_pass._MEMO == []


# -- streamed line pairs: the same segments and the same errors as loading them ------------------


def _pair(tmp_path: Path, source: bytes, target: bytes) -> tuple[Path, Path]:
    src, tgt = tmp_path / "a.en.txt", tmp_path / "a.id.txt"
    src.write_bytes(source)
    tgt.write_bytes(target)
    return src, tgt


def test_streamed_line_pair_gives_the_loaded_segments(tmp_path: Path) -> None:
    src, tgt = _pair(tmp_path, "\ufeffOne\r\nTwo\r\n\r\nFour\r\n".encode(), b"Satu\nDua\n\nEmpat")
    stream = open_stream(source=src, target=tgt)
    loaded = load_corpus(source=src, target=tgt)
    assert stream.count == 4
    assert [(s.id, s.source, s.target) for s in stream.segments()] == [
        (s.id, s.source, s.target) for s in loaded.segments] == [
        ("1", "One", "Satu"), ("2", "Two", "Dua"), ("3", "", ""), ("4", "Four", "Empat")]


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        (b"a\nb\n", b"a\n", "{tgt}: line counts differ: source {src} has 2 lines, target {tgt} has 1 lines; "
                             "the files must be line-aligned"),
        (b"a\nb\n", b"a\n\xffb\n", "{tgt}:2: invalid UTF-8 (byte 0xff); save the file as UTF-8"),
    ],
)
def test_streamed_line_pair_errors_name_the_file_and_line(tmp_path: Path, source: bytes, target: bytes,
                                                          message: str) -> None:
    src, tgt = _pair(tmp_path, source, target)
    with pytest.raises(CorpusError) as info:
        open_stream(source=src, target=tgt)
    assert str(info.value) == message.format(src=src, tgt=tgt)


def test_streamed_line_pair_missing_or_folder(tmp_path: Path) -> None:
    src, _ = _pair(tmp_path, b"a\n", b"a\n")
    with pytest.raises(CorpusError, match="target file not found"):
        open_stream(source=src, target=tmp_path / "nope.txt")
    with pytest.raises(CorpusError, match="target file is a directory, expected a file"):
        open_stream(source=src, target=tmp_path)
    with pytest.raises(CorpusError, match="--source and --target must be given together"):
        open_stream(source=src)
