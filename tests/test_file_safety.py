"""File safety: outputs never overwrite an input (named, through a folder, a symbolic or a hard
link) nor a special file, and are refused up front where they cannot be written; inputs must be
regular files (or stdin) in UTF-8; atomic writes keep modes and clean up only their own files."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.core.errors import CorpusError, ReviewerError
from reviewer.core.paths import TEMP_MARK
from reviewer.formats import bundled_corpus_path, load_corpus, render_target, target_names
from reviewer.formats.base import atomic_write, read_text_file, wide_encoding
from tests.paths import ROOT

SOURCE = b"DeepSeek used H800s.\nNothing here.\n"
TARGET = b"Deepseek memakai H800S.\nTidak ada.\n"
FIXED = b"DeepSeek memakai H800.\nTidak ada.\n"
GLOSSARY = "terms:\n  - source: H800s\n    target: H800\n    forbidden: [H800S]\ndo_not_translate: [DeepSeek]\n"
TSV = "id\tsource\ttarget\n1\tThe chip is fast.\tChip itu cepat.\n2\tHello.\tHalo.\n"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder (the current one) holding s.txt, t.txt (one glossary fix to make) and g.yaml."""
    (tmp_path / "s.txt").write_bytes(SOURCE)
    (tmp_path / "t.txt").write_bytes(TARGET)
    (tmp_path / "g.yaml").write_text(GLOSSARY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REVIEWER_SESSION_DIR", raising=False)
    monkeypatch.setenv("REVIEWER_USER", "tester")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def fix(capsys: pytest.CaptureFixture[str], *argv: str, target: str = "t.txt") -> tuple[int, str, str]:
    return run(capsys, "fix", "--source", "s.txt", "--target", target, "-g", "g.yaml", *argv)


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def cli(*argv: str, cwd: Path, stdin: bytes | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`reviewer ARGV` in another process, so that a read that blocks (a FIFO) fails the test
    instead of hanging it, and one that never ends (/dev/zero) stops at 2 GiB."""
    return subprocess.run(
        [sys.executable, "-m", "reviewer", *argv], cwd=cwd, input=stdin.decode() if stdin is not None else None,
        capture_output=True, text=True, timeout=timeout, preexec_fn=_limit_memory,
        env={**os.environ, "PYTHONPATH": str(ROOT), "REVIEWER_USER": "tester"},
        stdin=subprocess.DEVNULL if stdin is None else None,
    )


def error_line(text: str) -> str:
    return f"reviewer: error: {text}\n"


# ---------------------------------------------------------------------------------------------
# Outputs never overwrite an input


@pytest.mark.parametrize(
    ("write", "message"),
    [
        pytest.param("t.txt", "refusing to write t.txt: it is the input file t.txt", id="the-target"),
        pytest.param(".", "refusing to write t.txt: it is the input file t.txt", id="its-folder"),
        pytest.param("s.txt", "refusing to write s.txt: it is the input file s.txt", id="the-source"),
        pytest.param("g.yaml", "refusing to write g.yaml: it is the input file g.yaml", id="the-glossary"),
    ],
)
def test_fix_refuses_to_write_onto_an_input(capsys: pytest.CaptureFixture[str], work: Path, write: str,
                                            message: str) -> None:
    code, out, err = fix(capsys, "--write", write)
    assert (code, out, err) == (2, "", error_line(message))
    assert (work / "s.txt").read_bytes() == SOURCE
    assert (work / "t.txt").read_bytes() == TARGET
    assert (work / "g.yaml").read_text(encoding="utf-8") == GLOSSARY


def test_fix_refuses_to_write_through_a_symbolic_link_to_the_input(capsys: pytest.CaptureFixture[str],
                                                                   work: Path) -> None:
    (work / "alias.txt").symlink_to("t.txt")
    code, _, err = fix(capsys, "--write", "t.txt", target="alias.txt")
    assert (code, err) == (2, error_line("refusing to write t.txt: it is the input file alias.txt"))
    code, _, err = fix(capsys, "--write", "alias.txt")
    assert (code, err) == (2, error_line("refusing to write alias.txt: it is the input file t.txt"))
    assert (work / "t.txt").read_bytes() == TARGET
    assert (work / "alias.txt").is_symlink()


def test_fix_refuses_to_write_onto_a_hard_link_to_the_input(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    os.link(work / "t.txt", work / "hard.txt")
    code, _, err = fix(capsys, "--write", "hard.txt")
    assert (code, err) == (2, error_line("refusing to write hard.txt: it is the input file t.txt"))
    assert (work / "t.txt").read_bytes() == TARGET
    assert os.stat(work / "hard.txt").st_ino == os.stat(work / "t.txt").st_ino


def test_the_refusal_comes_before_any_work(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    """The glossary is loaded after the check: a broken one is not what the user hears about."""
    (work / "g.yaml").write_text("terms: [\n", encoding="utf-8")
    code, _, err = fix(capsys, "--write", "t.txt")
    assert (code, err) == (2, error_line("refusing to write t.txt: it is the input file t.txt"))


def test_export_refuses_to_write_into_the_corpus_folder(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    (work / "c.tsv").write_text(TSV, encoding="utf-8")
    assert run(capsys, "session", "edit", "--corpus", "c.tsv", "1", "Chip itu sangat cepat.")[0] == 0
    code, out, err = run(capsys, "export", "c.tsv", "--to", ".")
    assert (code, out, err) == (2, "", error_line("refusing to write c.tsv: it is the input file c.tsv"))
    assert (work / "c.tsv").read_text(encoding="utf-8") == TSV
    assert not (work / "corrections.jsonl").exists()  # nothing at all was written


@pytest.mark.parametrize(
    ("tmx", "message"),
    [
        pytest.param("c.tsv", "refusing to write c.tsv: it is the input file c.tsv", id="the-corpus"),
        pytest.param("c.tsv.session.sqlite",
                     "refusing to write c.tsv.session.sqlite: it is the input file c.tsv.session.sqlite",
                     id="the-session-store"),
        pytest.param("out/corrections.csv",
                     "refusing to write out/corrections.csv: another output of this command is the same file",
                     id="another-output"),
    ],
)
def test_export_tmx_refuses_an_input_before_writing_anything(capsys: pytest.CaptureFixture[str], work: Path,
                                                            tmx: str, message: str) -> None:
    (work / "c.tsv").write_text(TSV, encoding="utf-8")
    kept = ["--session", "c.tsv.session.sqlite"]  # a store in the corpus's folder, as an earlier version kept it
    assert run(capsys, "session", "edit", "--corpus", "c.tsv", "1", "Chip itu sangat cepat.", *kept)[0] == 0
    store = (work / "c.tsv.session.sqlite").read_bytes()
    code, out, err = run(capsys, "export", "c.tsv", "--to", "out", "--tmx", tmx, *kept)
    assert (code, out, err) == (2, "", error_line(message))
    assert (work / "c.tsv").read_text(encoding="utf-8") == TSV
    assert (work / "c.tsv.session.sqlite").read_bytes() == store
    assert not (work / "out").exists()


def test_report_mqm_and_glossary_import_refuse_their_inputs(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    (work / "c.tsv").write_text(TSV, encoding="utf-8")
    (work / "errors.csv").symlink_to("c.tsv")
    code, out, err = run(capsys, "report", "c.tsv", "--to", ".")
    assert (code, out, err) == (2, "", error_line("refusing to write errors.csv: it is the input file c.tsv"))
    assert not (work / "report.html").exists()
    code, _, err = run(capsys, "mqm", "--corpus", "c.tsv", "--export", "c.tsv")
    assert (code, err) == (2, error_line("refusing to write c.tsv: it is the input file c.tsv"))
    assert (work / "c.tsv").read_text(encoding="utf-8") == TSV
    (work / "terms.csv").write_text("source,target\nchip,cip\n", encoding="utf-8")
    code, _, err = run(capsys, "glossary", "import", "terms.csv", "--to", "terms.csv", "--force")
    assert (code, err) == (2, error_line("refusing to write terms.csv: it is the input file terms.csv"))
    assert (work / "terms.csv").read_text(encoding="utf-8") == "source,target\nchip,cip\n"


def test_report_writes_the_files_it_checks(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    from reviewer.cli.scores import REPORT_FILES

    (work / "c.tsv").write_text(TSV, encoding="utf-8")
    code, out, _ = run(capsys, "report", "c.tsv", "--to", "rep")
    assert code == 0
    assert out.splitlines() == [f"rep/{name}" for name in REPORT_FILES]


# ---------------------------------------------------------------------------------------------
# Outputs that are special files, or cannot be written


def test_fix_refuses_to_write_onto_a_fifo(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    os.mkfifo(work / "pipe")
    code, _, err = fix(capsys, "--write", "pipe")
    assert (code, err) == (2, error_line("refusing to write pipe: it is a named pipe (FIFO), not a regular file"))
    assert stat.S_ISFIFO(os.stat(work / "pipe").st_mode)


def test_fix_refuses_to_write_onto_a_device(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    # A device node of our own (the null device's numbers): never /dev/full itself, which a
    # regression would replace.
    try:
        os.mknod(work / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    code, _, err = fix(capsys, "--write", "null")
    assert (code, err) == (2, error_line("refusing to write null: it is a character device, not a regular file"))
    assert stat.S_ISCHR(os.stat(work / "null").st_mode)


def test_fix_refuses_a_destination_under_a_file(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    code, _, err = fix(capsys, "--write", "s.txt/new/out.txt")
    assert (code, err) == (2, error_line(f"refusing to write s.txt/new/out.txt: {work / 's.txt'} is not a folder"))
    assert (work / "s.txt").read_bytes() == SOURCE


def test_fix_refuses_a_folder_it_cannot_write_in(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    if os.geteuid() == 0:  # permissions do not stop root: /proc takes no new files
        folder, out = Path("/proc"), "/proc/reviewer-test/out.txt"
    else:
        folder = work / "locked"
        folder.mkdir(mode=0o555)
        out = str(folder / "out.txt")
    code, _, err = fix(capsys, "--write", out)
    assert code == 2
    assert err.startswith(error_line(f"refusing to write {out}: cannot create files in {folder} (")[:-1])
    assert err.count("\n") == 1
    assert not list(folder.glob(f"*{TEMP_MARK}*"))


def test_fix_writes_a_new_file_in_a_new_folder(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    code, _, err = fix(capsys, "--write", "new/deeper/out.txt")
    assert code == 0
    assert "wrote new/deeper/out.txt\n" in err
    assert (work / "new/deeper/out.txt").read_bytes() == FIXED
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(work / "new/deeper/out.txt").st_mode) == 0o666 & ~umask


def test_fix_writes_over_an_unrelated_file_keeping_its_mode(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    (work / "old.txt").write_bytes(b"something else\n")
    os.chmod(work / "old.txt", 0o640)
    code, _, _ = fix(capsys, "--write", "old.txt")
    assert code == 0
    assert (work / "old.txt").read_bytes() == FIXED
    assert stat.S_IMODE(os.stat(work / "old.txt").st_mode) == 0o640


def test_fix_writes_into_a_folder_that_is_not_the_inputs(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    (work / "out").mkdir()
    code, _, err = fix(capsys, "--write", "out")
    assert code == 0
    assert "wrote out/t.txt\n" in err
    assert (work / "out" / "t.txt").read_bytes() == FIXED
    assert (work / "t.txt").read_bytes() == TARGET


def test_fix_writes_through_a_symbolic_link_to_an_unrelated_file(capsys: pytest.CaptureFixture[str],
                                                                 work: Path) -> None:
    (work / "real.txt").write_bytes(b"old\n")
    (work / "link.txt").symlink_to("real.txt")
    assert fix(capsys, "--write", "link.txt")[0] == 0
    assert (work / "link.txt").is_symlink()
    assert (work / "real.txt").read_bytes() == FIXED


def test_export_to_a_new_folder_lists_what_it_wrote(capsys: pytest.CaptureFixture[str], work: Path) -> None:
    (work / "c.tsv").write_text(TSV, encoding="utf-8")
    assert run(capsys, "session", "edit", "--corpus", "c.tsv", "1", "Chip itu sangat cepat.")[0] == 0
    code, out, _ = run(capsys, "export", "c.tsv", "--to", "out", "--tmx", "memory.tmx")
    assert code == 0
    assert out == "out/c.tsv\nout/corrections.jsonl\nout/corrections.csv\nmemory.tmx\n"
    assert "Chip itu sangat cepat." in (work / "out" / "c.tsv").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Atomic writes: modes, and only their own temporary files


def test_atomic_write_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"a")
    os.chmod(path, 0o604)
    atomic_write(path, b"b")
    assert (path.read_bytes(), stat.S_IMODE(os.stat(path).st_mode)) == (b"b", 0o604)


def test_atomic_write_gives_a_new_file_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "f.txt", b"a")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "f.txt").st_mode) == 0o640


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_atomic_write_removes_only_its_own_stale_temporary_files(tmp_path: Path) -> None:
    mine_stale = tmp_path / f".f.txt{TEMP_MARK}{_dead_pid()}-0123456789ab.tmp"
    mine_live = tmp_path / f".f.txt{TEMP_MARK}1-0123456789ab.tmp"  # pid 1 is alive: a write in progress
    users = [tmp_path / ".f.txt.backup.tmp", tmp_path / ".f.txt.1.tmp", tmp_path / f".f.txt{TEMP_MARK}notes.tmp"]
    for path in [mine_stale, mine_live, *users]:
        path.write_bytes(b"x")
    atomic_write(tmp_path / "f.txt", b"data")
    assert not mine_stale.exists()
    assert mine_live.exists()
    assert all(path.read_bytes() == b"x" for path in users)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in [mine_live, *users, tmp_path / "f.txt"])


def test_atomic_write_refuses_a_special_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(ReviewerError) as info:
        atomic_write(tmp_path / "pipe", b"data")
    assert str(info.value) == f"refusing to write {tmp_path / 'pipe'}: it is a named pipe (FIFO), not a regular file"


def test_target_names_are_the_rendered_names(tmp_path: Path) -> None:
    (tmp_path / "c.tsv").write_text(TSV, encoding="utf-8")
    (tmp_path / "s.txt").write_bytes(SOURCE)
    (tmp_path / "t.txt").write_bytes(TARGET)
    for corpus in (load_corpus(bundled_corpus_path()), load_corpus(tmp_path / "c.tsv"),
                   load_corpus(source=tmp_path / "s.txt", target=tmp_path / "t.txt")):
        assert target_names(corpus) == list(render_target(corpus, {}))


# ---------------------------------------------------------------------------------------------
# Inputs must be regular files (or stdin)


@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_fifo_as_target_is_refused_instead_of_hanging(tmp_path: Path, command: str) -> None:
    (tmp_path / "s.txt").write_bytes(SOURCE)
    os.mkfifo(tmp_path / "pipe")
    extra = ["--dry-run"] if command == "fix" else []
    proc = cli(command, "--source", "s.txt", "--target", "pipe", "--no-glossary", *extra, cwd=tmp_path, timeout=30)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == error_line("pipe: target file is a named pipe (FIFO), not a regular file")


@pytest.mark.parametrize("name", ["c.tsv", "c.xlf", "c.po"])
def test_a_fifo_as_corpus_file_is_refused(tmp_path: Path, name: str) -> None:
    os.mkfifo(tmp_path / name)
    proc = cli("check", name, cwd=tmp_path, timeout=30)
    assert (proc.returncode, proc.stderr) == (2, error_line(f"{name}: corpus file is a named pipe (FIFO), not a regular file"))


def test_dev_zero_as_target_or_bundle_document_is_refused(tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_bytes(SOURCE)
    proc = cli("check", "--source", "s.txt", "--target", "/dev/zero", cwd=tmp_path, timeout=30)
    assert (proc.returncode, proc.stderr) == (2, error_line("/dev/zero: target file is a character device, not a regular file"))
    (tmp_path / "src.tsv").write_text("p1.s1\tHello.\n", encoding="utf-8")
    (tmp_path / "x.corpus.yaml").write_text("target: /dev/zero\nsource: src.tsv\n", encoding="utf-8")
    proc = cli("check", "x.corpus.yaml", cwd=tmp_path, timeout=30)
    assert (proc.returncode, proc.stderr) == (2, error_line("/dev/zero: target document is a character device, not a regular file"))


@pytest.mark.parametrize("command", [["check", "--fail-on", "never", "--format", "jsonl"], ["fix", "--dry-run"]])
def test_stdin_is_read_as_a_target(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "s.txt").write_bytes(SOURCE)
    (tmp_path / "g.yaml").write_text(GLOSSARY, encoding="utf-8")
    proc = cli(command[0], "--source", "s.txt", "--target", "/dev/stdin", "-g", "g.yaml", *command[1:],
               cwd=tmp_path, stdin=TARGET, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "H800S" in proc.stdout  # the flag (check) or the diff line (fix)


def test_stdin_as_a_corpus_file_is_refused(tmp_path: Path) -> None:
    proc = cli("check", "/dev/stdin", cwd=tmp_path, stdin=TSV.encode(), timeout=30)
    assert proc.returncode == 2
    assert proc.stderr == error_line(
        "/dev/stdin: a corpus file is read more than once (its format is found from its first bytes), "
        "so it cannot be standard input; give a file, or --source/--target")


# ---------------------------------------------------------------------------------------------
# UTF-16 and UTF-32 are refused, never read as UTF-8

TEXT = "Chip itu cepat.\nHalo dunia.\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(TEXT.encode("utf-16-le"), "looks like UTF-16LE without a byte-order mark", id="utf16le"),
        pytest.param(TEXT.encode("utf-16-be"), "looks like UTF-16BE without a byte-order mark", id="utf16be"),
        pytest.param(TEXT.encode("utf-32-le"), "looks like UTF-32LE without a byte-order mark", id="utf32le"),
        pytest.param(TEXT.encode("utf-32-be"), "looks like UTF-32BE without a byte-order mark", id="utf32be"),
        pytest.param(b"\xff\xfe" + TEXT.encode("utf-16-le"),
                     "is UTF-16LE (it starts with a UTF-16LE byte-order mark)", id="utf16le-bom"),
        pytest.param(b"\xfe\xff" + TEXT.encode("utf-16-be"),
                     "is UTF-16BE (it starts with a UTF-16BE byte-order mark)", id="utf16be-bom"),
        pytest.param("A\n".encode("utf-16-le"), "looks like UTF-16LE without a byte-order mark", id="one-char"),
        pytest.param(b"\xff\xfe\x00\x00" + TEXT.encode("utf-32-le"),
                     "is UTF-32LE (it starts with a UTF-32LE byte-order mark)", id="utf32le-bom"),
    ],
)
def test_wide_encodings_are_refused(capsys: pytest.CaptureFixture[str], work: Path, data: bytes,
                                    message: str) -> None:
    (work / "s.txt").write_text(TEXT, encoding="utf-8")
    (work / "t.txt").write_bytes(data)
    for command in (["check"], ["fix", "--dry-run"]):  # the stream and the whole-file reader
        code, out, err = run(capsys, *command, "--source", "s.txt", "--target", "t.txt")
        assert (code, out, err) == (2, "", error_line(f"t.txt: {message}; save it as UTF-8"))


@pytest.mark.parametrize(
    "head",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"Chip itu cepat.\n", id="ascii"),
        pytest.param("Индонезия 中文 ⟦1⟧\n".encode(), id="non-latin"),
        pytest.param(b"a line with a NUL\x00 in it\nand another\n", id="a-nul"),
    ],
)
def test_utf8_is_not_mistaken_for_a_wide_encoding(head: bytes) -> None:
    assert wide_encoding(head) is None


def test_a_utf8_file_with_a_nul_still_reads(tmp_path: Path) -> None:
    (tmp_path / "f.txt").write_bytes(b"a\x00b\n")
    assert read_text_file(tmp_path / "f.txt").lines == ["a\x00b"]


def test_read_text_file_names_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(CorpusError) as info:
        read_text_file(tmp_path / "pipe", what="glossary")  # no writer: a blocking open would hang here
    assert str(info.value) == f"{tmp_path / 'pipe'}: glossary is a named pipe (FIFO), not a regular file"


# ---------------------------------------------------------------------------------------------
# --jobs, and paths printed safely


@pytest.mark.parametrize("jobs", ["0", "-5"])
def test_check_jobs_must_be_positive(capsys: pytest.CaptureFixture[str], work: Path, jobs: str) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "--source", "s.txt", "--target", "t.txt", "-j", jobs])
    assert info.value.code == 2
    assert capsys.readouterr().err.endswith(f"reviewer check: error: argument --jobs/-j: must be 1 or more: {jobs}\n")


def test_written_paths_are_printed_without_control_characters(capsys: pytest.CaptureFixture[str],
                                                              work: Path) -> None:
    code, _, err = fix(capsys, "--write", "out\x1b[31m.txt")
    assert code == 0
    assert "wrote out⟨ESC⟩[31m.txt\n" in err and "\x1b" not in err
    (work / "c.tsv").write_text(TSV, encoding="utf-8")
    code, out, _ = run(capsys, "export", "c.tsv", "--to", "dir\x1b]0;x\x07")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert out.splitlines()[0] == "dir⟨ESC⟩]0;x⟨U+0007⟩/c.tsv"


def test_a_fifo_as_glossary_or_mqm_file_is_refused_instead_of_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for argv, what in ((["check", "-g", str(fifo)], "glossary"), (["mqm", str(fifo)], "MQM file"),
                       (["glossary", "import", str(fifo), "--to", str(tmp_path / "g.yaml"), "--input-format", "csv"],
                        "CSV file")):
        proc = subprocess.run([sys.executable, "-m", "reviewer", *argv], capture_output=True, text=True, timeout=60,
                              cwd=tmp_path)
        assert proc.returncode == 2, (argv, proc.stderr)
        assert proc.stderr == f"reviewer: error: {fifo}: {what} is a named pipe (FIFO), not a regular file\n"
