"""`reviewer check --shards`: a corpus in shards gives, on a Dask `LocalCluster` and in local
processes, exactly the output of one `reviewer check` over the same pairs as one file, corpus-
level flags included; a worker killed mid-run loses and repeats nothing; errors name the file."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import distributed
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from reviewer.checking import workers
from reviewer.checking.cluster import Layout, _checker, _in_order, dask_client
from reviewer.checking.engine import CheckerSpec
from reviewer.cli.main import main
from reviewer.core.errors import ReviewerError
from reviewer.core.paths import TEMP_MARK
from reviewer.formats.shards import expand_shards, read_shard, shard_name
from reviewer.review import learning
from tests.paths import NTREX, ROOT

#: Short pairs planted across the shards so that the corpus-level checks have something to say
#: only when they see every shard: one source rendered two ways (`inconsistent-target`), one
#: rendering standing for two sources (`inconsistent-source`, turned on with --enable).
PLANTED = [("Delete file", "Hapus berkas"), ("Delete file", "Hapus berkas"), ("Delete file", "Menghapus file"),
           ("Remove", "Singkirkan"), ("Discard", "Singkirkan"), ("Discard", "Singkirkan"),
           ("Open", "Buka"), ("Open", "Buka"), ("Open", "Membuka")]
SHARDS = 4
GLOSSARY = ROOT / "glossary" / "deepseek-export-controls.yaml"
OPTIONS = ["--glossary", str(GLOSSARY), "--enable", "inconsistent-source", "--fail-on", "never"]


def _pairs() -> list[tuple[str, str, str]]:
    sources = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()[:200]
    targets = (NTREX / "newstest2019-ref.ind.txt").read_text(encoding="utf-8").splitlines()[:200]
    rows = [(f"n{i:04d}", s, t) for i, (s, t) in enumerate(zip(sources, targets))]
    for j, (source, target) in enumerate(PLANTED):  # (spread over the shards: 23 rows apart)
        rows.insert(10 + 23 * j, (f"planted-{j}", source, target))
    return rows


def _tsv(rows: list[tuple[str, str, str]]) -> str:
    return "".join(f"{i}\t{s}\t{t}\n" for i, s, t in rows)


def _split(rows: list[tuple[str, str, str]]) -> list[list[tuple[str, str, str]]]:
    size = -(-len(rows) // SHARDS)
    return [rows[k * size:(k + 1) * size] for k in range(SHARDS)]


def run(*argv: str) -> tuple[int, str, str]:
    """`reviewer ARGV`: exit status, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the pairs as one TSV (`all.tsv`) and as four shards (`shards/part-K.tsv`)."""
    folder = tmp_path_factory.mktemp("corpus")
    rows = _pairs()
    (folder / "all.tsv").write_text(_tsv(rows), encoding="utf-8")
    (folder / "shards").mkdir()
    for k, part in enumerate(_split(rows)):
        (folder / "shards" / f"part-{k}.tsv").write_text(_tsv(part), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def expected(corpus: Path) -> dict[str, str]:
    """One `reviewer check` over the whole TSV, in each format."""
    out = {}
    for fmt in ("jsonl", "json", "csv", "text"):
        code, text, _ = run("check", str(corpus / "all.tsv"), "--format", fmt, *OPTIONS)
        assert code == 0
        out[fmt] = text
    rules = {f["rule"] for line in out["jsonl"].splitlines() for f in json.loads(line)["flags"]}
    assert {"inconsistent-target", "inconsistent-source"} <= rules  # the corpus-level checks did flag
    assert {"term:china", "term:online"} <= rules  # and the glossary
    return out


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A Dask cluster of two worker processes for the module; its scheduler's address."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as started:
        yield started.scheduler_address


def _by_id(jsonl: str) -> list[str]:
    return sorted(jsonl.splitlines(), key=lambda line: json.loads(line)["id"])


def test_cluster_jsonl_equals_one_check_of_the_whole(corpus: Path, expected: dict[str, str], cluster: str) -> None:
    code, out, _ = run("check", "--shards", str(corpus / "shards" / "part-*.tsv"), "--cluster", cluster,
                       "--format", "jsonl", *OPTIONS)
    assert code == 0
    assert _by_id(out) == _by_id(expected["jsonl"])
    assert out == expected["jsonl"]  # (and in shard order, which here is the file's order)
    planted = [json.loads(line) for line in out.splitlines() if json.loads(line)["id"].startswith("planted-")]
    assert {(r["id"], f["rule"]) for r in planted for f in r["flags"]} == {
        ("planted-2", "inconsistent-target"), ("planted-3", "inconsistent-source"),
        ("planted-8", "inconsistent-target")}


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "text"])
def test_local_processes_give_the_same_output(corpus: Path, expected: dict[str, str], fmt: str) -> None:
    code, out, _ = run("check", "--shards", str(corpus / "shards" / "part-*.tsv"), "--jobs", "2", "--format", fmt,
                       *OPTIONS)
    assert code == 0
    assert out == expected[fmt]


def test_out_writes_a_file_per_shard_and_a_summary(corpus: Path, expected: dict[str, str], cluster: str,
                                                   tmp_path: Path) -> None:
    code, out, err = run("check", "--shards", str(corpus / "shards" / "part-*.tsv"), "--cluster", cluster,
                         "--format", "jsonl", "--out", str(tmp_path / "results"), *OPTIONS)
    assert code == 0 and out == ""
    files = sorted(p.name for p in (tmp_path / "results").iterdir())
    assert files == ["part-0.jsonl", "part-1.jsonl", "part-2.jsonl", "part-3.jsonl", "summary.json"]
    written = "".join((tmp_path / "results" / f"part-{k}.jsonl").read_text(encoding="utf-8") for k in range(SHARDS))
    assert written == expected["jsonl"]
    summary = json.loads((tmp_path / "results" / "summary.json").read_text(encoding="utf-8"))
    assert summary["summary"] == json.loads(expected["json"])["summary"]
    assert [s["segments"] for s in summary["shards"]] == [len(part) for part in _split(_pairs())]
    assert "4 shards, 209 segments" in err


def test_json_shard_files_are_json_documents(corpus: Path, tmp_path: Path) -> None:
    code, _, _ = run("check", "--shards", str(corpus / "shards" / "part-*.tsv"), "-j", "1", "--format", "json",
                     "--out", str(tmp_path), *OPTIONS)
    assert code == 0
    whole = [json.loads((tmp_path / f"part-{k}.json").read_text(encoding="utf-8")) for k in range(SHARDS)]
    assert [len(doc["segments"]) for doc in whole] == [len(part) for part in _split(_pairs())]


def test_parquet_and_gzip_shards(corpus: Path, expected: dict[str, str], cluster: str, tmp_path: Path) -> None:
    parts = _split(_pairs())
    for k in (0, 1):  # two Parquet shards (with a column more, in another order)
        ids, sources, targets = zip(*parts[k])
        pq.write_table(pa.table({"note": ["x"] * len(ids), "target": list(targets), "id": list(ids),
                                 "source": list(sources)}), tmp_path / f"part-{k}.parquet")
    with gzip.open(tmp_path / "part-2.tsv.gz", "wt", encoding="utf-8", newline="") as fh:
        fh.write("id\tsource\ttarget\r\n" + _tsv(parts[2]).replace("\n", "\r\n"))  # a header, CR LF
    (tmp_path / "part-3.tsv").write_text(_tsv(parts[3]), encoding="utf-8")
    code, out, _ = run("check", "--shards", str(tmp_path / "part-*"), "--cluster", cluster, "--format", "jsonl",
                       *OPTIONS)
    assert code == 0
    assert out == expected["jsonl"]


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(corpus: Path, expected: dict[str, str], cluster: str,
                                                           tmp_path: Path) -> None:
    with distributed.Client(cluster) as client:
        client.register_plugin(KillOnce(str(tmp_path / "killed"), "check-shard", 2), name="kill-once")
        try:
            code, out, _ = run("check", "--shards", str(corpus / "shards" / "part-*.tsv"), "--cluster", cluster,
                               "--format", "jsonl", *OPTIONS)
        finally:
            client.unregister_worker_plugin("kill-once")
    assert (tmp_path / "killed").exists()  # a worker did die, running shard 2
    assert code == 0
    assert out == expected["jsonl"]


def test_a_worker_killed_in_the_first_pass_with_out(corpus: Path, expected: dict[str, str], cluster: str,
                                                    tmp_path: Path) -> None:
    with distributed.Client(cluster) as client:
        client.register_plugin(KillOnce(str(tmp_path / "killed"), "collect-shard", 1), name="kill-once")
        try:
            code, _, _ = run("check", "--shards", str(corpus / "shards" / "part-*.tsv"), "--cluster", cluster,
                             "--format", "jsonl", "--out", str(tmp_path / "out"), *OPTIONS)
        finally:
            client.unregister_worker_plugin("kill-once")
    assert (tmp_path / "killed").exists()
    assert code == 0
    files = sorted((tmp_path / "out").iterdir())
    assert not [p for p in files if TEMP_MARK in p.name]
    assert "".join(p.read_text(encoding="utf-8") for p in files if p.suffix == ".jsonl") == expected["jsonl"]


class KillOnce(distributed.WorkerPlugin):
    """Kills the worker process that starts the given task of a run (`reviewer-TASK-NNNNNN-…`),
    the first time only (a marker file says it was done): Dask must run the task again elsewhere.
    Without a marker, every time."""

    def __init__(self, marker: str | None, task: str, shard: int) -> None:
        self.marker, self.prefix = marker, f"reviewer-{task}-{shard:06d}-"

    def transition(self, key: object, start: str, finish: str, **kwargs: object) -> None:
        if finish == "executing" and str(key).startswith(self.prefix):
            if self.marker is not None:
                try:
                    open(self.marker, "x").close()
                except FileExistsError:
                    return
            os._exit(1)


def test_a_shard_whose_workers_keep_dying_is_an_error(corpus: Path, cluster: str) -> None:
    with distributed.Client(cluster) as client:
        client.register_plugin(KillOnce(None, "collect-shard", 0), name="kill-always")
        try:
            code, out, err = run("check", "--shards", str(corpus / "shards" / "part-*.tsv"), "--cluster", cluster,
                                 *OPTIONS)
        finally:
            client.unregister_worker_plugin("kill-always")
    assert code == 2 and out == ""
    assert err.startswith("reviewer: error: Dask gave up on a shard after its workers died: ")


def test_local_cluster_prints_its_dashboard(corpus: Path, expected: dict[str, str]) -> None:
    code, out, err = run("check", "--shards", str(corpus / "shards" / "part-*.tsv"), "--cluster", "local:2",
                         "--format", "jsonl", "--progress", *OPTIONS)
    assert code == 0
    assert out == expected["jsonl"]
    assert "reviewer: Dask dashboard: http://" in err
    assert "reviewer: checking: shards 4/4, 209 pairs, " in err


def test_rules_demoted_for_their_precision_are_demoted_in_shards_too(corpus: Path, cluster: str) -> None:
    store = learning.StatsStore()  # (in the test's own data folder: tests/conftest.py)
    try:
        store.replace_session("earlier", "elsewhere", {"quotes": learning.RuleStats("quotes", dismissed=10),
                                                       "number-format": learning.RuleStats("number-format", 1, 0, 9)})
    finally:
        store.close()
    policy = ["--hide-below", "0.2", "--demote-below", "0.5", "--min-decisions", "10"]
    code, whole, _ = run("check", str(corpus / "all.tsv"), "--format", "json", *policy, *OPTIONS)
    assert code == 0
    report = json.loads(whole)
    assert [d["rule"] for d in report["summary"]["demoted"]] == ["number-format", "quotes"]
    for where in (["--cluster", cluster], ["-j", "2"]):
        code, out, _ = run("check", "--shards", str(corpus / "shards" / "part-*.tsv"), *where, "--format", "json",
                           *policy, *OPTIONS)
        assert code == 0
        assert out == whole


# ---------------------------------------------------------------------------------------------
# Errors, one line naming the file


def test_no_shard_matches(tmp_path: Path) -> None:
    code, _, err = run("check", "--shards", str(tmp_path / "nothing-*.tsv"))
    assert code == 2
    assert err.startswith(f"reviewer: error: no shard matches '{tmp_path}/nothing-*.tsv'")


def test_a_bad_line_names_the_shard_and_the_line(tmp_path: Path, cluster: str) -> None:
    (tmp_path / "a.tsv").write_text("1\tHello\tHalo\n", encoding="utf-8")
    (tmp_path / "b.tsv").write_text("1\tHello\tHalo\n2\tno target\n", encoding="utf-8")
    for where in (["-j", "1"], ["--cluster", cluster]):
        code, out, err = run("check", "--shards", str(tmp_path / "*.tsv"), *where)
        assert code == 2
        assert err == f"reviewer: error: {tmp_path}/b.tsv:2: expected 3 tab-separated columns, found 2\n"


def test_two_column_tsv_shards_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.tsv").write_text("Hello\tHalo\n", encoding="utf-8")
    with pytest.raises(ReviewerError, match=r"a\.tsv:1: expected 3 tab-separated columns \(id, source, target\)"):
        read_shard(tmp_path / "a.tsv")


def test_a_missing_parquet_column_names_the_shard(tmp_path: Path) -> None:
    pq.write_table(pa.table({"id": ["1"], "source": ["Hello"]}), tmp_path / "a.parquet")
    code, _, err = run("check", "--shards", str(tmp_path / "*.parquet"))
    assert code == 2
    assert err == f"reviewer: error: {tmp_path}/a.parquet: missing column target (a shard needs id, source, target)\n"


def test_parquet_ids_may_be_numbers_and_nulls_are_named(tmp_path: Path) -> None:
    pq.write_table(pa.table({"id": [7, 8], "source": ["Hello", "Bye"], "target": ["Halo", "Dah"]}), tmp_path / "a.pq")
    assert read_shard(tmp_path / "a.pq") == [("7", "Hello", "Halo"), ("8", "Bye", "Dah")]
    pq.write_table(pa.table({"id": ["1", "2"], "source": ["Hello", "Bye"], "target": ["Halo", None]}),
                   tmp_path / "b.parquet")
    with pytest.raises(ReviewerError, match=r"b\.parquet: row 2: no target \(null\)"):
        read_shard(tmp_path / "b.parquet")


def test_a_broken_gzip_shard_names_it(tmp_path: Path) -> None:
    (tmp_path / "a.tsv.gz").write_bytes(b"not gzip at all")
    with pytest.raises(ReviewerError, match=r"a\.tsv\.gz:1: not a readable gzip file"):
        read_shard(tmp_path / "a.tsv.gz")


def test_a_file_that_is_not_a_shard_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.tsv").write_text("1\ta\tb\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ReviewerError, match=r"notes\.txt: not a shard: expected a \.tsv, \.tsv\.gz or \.parquet"):
        expand_shards(str(tmp_path / "*"))


def test_options_that_need_shards_or_exclude_them(corpus: Path, tmp_path: Path) -> None:
    code, _, err = run("check", str(corpus / "all.tsv"), "--shards", str(corpus / "shards" / "*.tsv"))
    assert (code, err) == (2, "reviewer: error: --shards takes the place of a corpus: give one or the other\n")
    code, _, err = run("check", str(corpus / "all.tsv"), "--cluster", "local:2", "--out", str(tmp_path))
    assert (code, err) == (2, "reviewer: error: --cluster and --out go with --shards GLOB\n")
    code, _, err = run("check", "--shards", str(corpus / "shards" / "*.tsv"), "--cluster", "local:none")
    assert (code, err) == (2, "reviewer: error: --cluster local:none: expected local:N with N worker processes, "
                              "e.g. local:4\n")


def test_two_shards_of_one_name_cannot_share_an_out_file(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "part.tsv").write_text("1\tHello\tHalo\n", encoding="utf-8")
    code, _, err = run("check", "--shards", str(tmp_path / "*" / "part.tsv"), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "two shards are named 'part'" in err
    assert not (tmp_path / "out").exists()


def test_a_worker_builds_its_checker_once_per_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "_STATE", {})  # (this process's worker state, as a fresh worker's)
    run_token = (b"12345678", 0)
    first = _checker(CheckerSpec(), run_token)
    assert _checker(CheckerSpec(), run_token) is first
    other = _checker(CheckerSpec(skip=("quotes",)), run_token)
    assert other is not first and "quotes" not in {c.id for c in other.checks}


def test_without_dask_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # (an import of it now fails)
    with pytest.raises(ReviewerError, match=r'--cluster needs Dask: pip install "reviewer\[dask\]"'):
        with dask_client("local:1"):
            pass


def test_the_base_install_never_imports_dask_or_pyarrow() -> None:
    code = ("import sys, reviewer.cli.main, reviewer.cli.shards, reviewer.checking.cluster, reviewer.formats.shards; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed', 'pyarrow')); "
            "print(bad)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def test_tsv_shards_need_no_dask_without_cluster(corpus: Path, expected: dict[str, str]) -> None:
    blocked = "import sys; sys.modules.update(dask=None, distributed=None, pyarrow=None); "  # (imports fail)
    argv = ["check", "--shards", str(corpus / "shards" / "part-*.tsv"), "-j", "2", "--format", "jsonl", *OPTIONS]
    code = blocked + f"from reviewer.cli.main import main; sys.exit(main({argv!r}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected["jsonl"]


# ---------------------------------------------------------------------------------------------
# Small parts


@pytest.mark.parametrize(("name", "expected_name"), [("part-07.tsv.gz", "part-07"), ("x.parquet", "x"),
                                                     ("a.b.TSV", "a.b"), ("t.tab", "t")])
def test_shard_names(name: str, expected_name: str) -> None:
    assert shard_name(Path(name)) == expected_name


def test_results_are_handed_on_in_shard_order() -> None:
    assert list(_in_order(iter([(2, "c"), (0, "a"), (3, "d"), (1, "b")]))) == ["a", "b", "c", "d"]


def test_layout_joins_json_results_as_one_check_does() -> None:
    layout = Layout("json", '{"segments": [', "\n  ", ",", "\n]}\n")
    assert layout.join(["{}", "{}"]) == "\n  {},\n  {}"
