"""With several processes and a glossary, `reviewer check` loads the glossary on a thread while
the workers do the corpus checks' first pass (which needs none): the output is the same as with
one process, the glossary's forms still decide the corpus verdicts, and a bad glossary still
fails before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest

import reviewer.checking.stream as stream
from reviewer.checking.engine import Checker, CheckerSpec
from reviewer.cli import main

# Within sentences "Nvidia" is the majority form (80 to 40; at a sentence start a capital says
# nothing and is not counted); the glossary prescribes "NVIDIA", which inconsistent-case must
# prefer (its verdict is decided with the glossary loaded), so the flags fall on "Nvidia".
LINES = [
    ("Nvidia sold {n} chips.", "Nvidia menjual {n} cip."),
    ("Shares of Nvidia grew by {n} percent.", "Saham Nvidia naik {n} persen."),
    ("Investors like Nvidia {n}.", "Investor menyukai Nvidia {n}."),
    ("Then NVIDIA said it is not cheap.", "Lalu NVIDIA mengatakan itu murah."),
    ("The weather is fine on day {n}.", "Cuacanya baik pada hari {n}."),
]
GLOSSARY = """\
terms:
  - source: "Nvidia"
    target: "NVIDIA"
    severity: minor
  - source: "chips"
    target: "cip"
"""


def _files(tmp_path: Path, glossary: str = GLOSSARY) -> list[str]:
    src, tgt, gl = tmp_path / "s.txt", tmp_path / "t.txt", tmp_path / "g.yaml"
    rows = [LINES[i % len(LINES)] for i in range(200)]
    src.write_text("".join(s.format(n=i) + "\n" for i, (s, _) in enumerate(rows)), encoding="utf-8")
    tgt.write_text("".join(t.format(n=i) + "\n" for i, (_, t) in enumerate(rows)), encoding="utf-8")
    gl.write_text(glossary, encoding="utf-8")
    return ["check", "--source", str(src), "--target", str(tgt), "--glossary", str(gl), "--fail-on", "never"]


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> list[CheckerSpec]:
    """Worker processes even for 200 segments, in many chunks; records the specs built."""
    monkeypatch.setattr(stream, "PARALLEL_THRESHOLD", 10)
    monkeypatch.setattr(stream, "CHUNK", 9)
    built: list[CheckerSpec] = []
    real = CheckerSpec.build

    def build(self: CheckerSpec) -> Checker:
        built.append(self)
        return real(self)

    monkeypatch.setattr(CheckerSpec, "build", build)
    return built


@pytest.mark.parametrize("fmt", ["jsonl", "json", "text"])
def test_two_processes_write_what_one_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             small_chunks: list[CheckerSpec], fmt: str) -> None:
    argv = [*_files(tmp_path), "--format", fmt]
    assert main([*argv, "--jobs", "1"]) == 0
    one = capsys.readouterr().out
    assert [s.glossaries for s in small_chunks] == [(str(tmp_path / "g.yaml"),)]  # one process: built once
    small_chunks.clear()
    assert main([*argv, "--jobs", "2"]) == 0
    two = capsys.readouterr().out
    assert two == one
    # The first pass's checker has no glossary; the one loaded beside it has.
    assert sorted(s.glossaries for s in small_chunks) == [(), (str(tmp_path / "g.yaml"),)]


def test_the_glossary_form_is_preferred_by_the_corpus_verdict(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              small_chunks: list[CheckerSpec]) -> None:
    argv = [*_files(tmp_path), "--format", "jsonl", "--jobs", "2"]
    assert main(argv) == 0
    case_flags = [line for line in capsys.readouterr().out.splitlines() if '"inconsistent-case"' in line]
    assert len(case_flags) == 80
    assert all("'Nvidia' is written 'NVIDIA' elsewhere in this text (40×)" in line for line in case_flags)
    # Without the glossary the majority wins.
    assert main(argv[:5] + argv[7:]) == 0
    case_flags = [line for line in capsys.readouterr().out.splitlines() if '"inconsistent-case"' in line]
    assert len(case_flags) == 40
    assert all("'NVIDIA' is written 'Nvidia' elsewhere in this text (80×)" in line for line in case_flags)


@pytest.mark.parametrize("fmt", ["json", "csv", "jsonl"])
def test_a_bad_glossary_fails_before_any_output(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                small_chunks: list[CheckerSpec], fmt: str) -> None:
    argv = _files(tmp_path, 'terms:\n  - source: "x"\n    target: "/(/"\n')
    assert main([*argv, "--format", fmt, "--jobs", "2"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "g.yaml:3: terms[0] ('x').target: invalid regex '/(/'" in captured.err


def test_without_corpus_checks_the_glossary_is_loaded_first(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            small_chunks: list[CheckerSpec]) -> None:
    argv = [*_files(tmp_path), "--format", "jsonl", "--only", "lost-negation"]
    assert main([*argv, "--jobs", "2"]) == 0
    two = capsys.readouterr().out
    assert [s.glossaries for s in small_chunks] == [(), (str(tmp_path / "g.yaml"),)]
    assert main([*argv, "--jobs", "1"]) == 0
    assert capsys.readouterr().out == two
    assert two.count('"rule": "lost-negation"') == 40
