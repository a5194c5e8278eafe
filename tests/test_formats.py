"""Corpus formats: the bundle manifest, line pairs and TSV, with byte-exact write-back and located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.core.errors import CorpusError, FormatError, ReviewerError
from reviewer.core.model import Corpus
from reviewer.formats import FORMATS, bundled_corpus_path, detect_format, load_corpus, render_target, write_target
from tests.paths import SEED


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def ids_and_texts(corpus: Corpus) -> list[tuple[str, str, str]]:
    return [(s.id, s.source, s.target) for s in corpus.segments]


def corpus_error(*args: object, **kwargs: object) -> CorpusError:
    with pytest.raises(CorpusError) as info:
        load_corpus(*args, **kwargs)  # type: ignore[arg-type]
    return info.value


# ---------------------------------------------------------------------------------------------
# Contract: every format reads and writes back unchanged


@pytest.fixture(params=["bundle", "linepair", "tsv2", "tsv3"])
def small_corpus(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Corpus, Path]:
    kind = request.param
    if kind == "bundle":
        write(tmp_path / "doc.txt", "Satu. Dua.\n\nTiga.\n")
        write(tmp_path / "src.tsv", "p1.s1\tOne.\np1.s2\tTwo.\np3.s1\tThree.\n")
        manifest = write(tmp_path / "x.corpus.yaml", "target: doc.txt\nsource: src.tsv\n")
        return load_corpus(manifest), tmp_path / "doc.txt"
    if kind == "linepair":
        write(tmp_path / "en.txt", "One.\nTwo.\nThree.\n")
        write(tmp_path / "id.txt", "Satu.\nDua.\nTiga.\n")
        return load_corpus(source=tmp_path / "en.txt", target=tmp_path / "id.txt"), tmp_path / "id.txt"
    if kind == "tsv2":
        path = write(tmp_path / "x.tsv", "One.\tSatu.\nTwo.\tDua.\nThree.\tTiga.\n")
        return load_corpus(path), path
    path = write(tmp_path / "x.tsv", "a\tOne.\tSatu.\nb\tTwo.\tDua.\nc\tThree.\tTiga.\n")
    return load_corpus(path), path


def test_contract_reads_three_segments(small_corpus: tuple[Corpus, Path]) -> None:
    corpus, _ = small_corpus
    assert [(s.source, s.target) for s in corpus.segments] == [("One.", "Satu."), ("Two.", "Dua."), ("Three.", "Tiga.")]
    assert corpus.format in FORMATS
    assert len({s.id for s in corpus.segments}) == 3


def test_contract_unchanged_write_back_is_byte_identical(small_corpus: tuple[Corpus, Path]) -> None:
    corpus, path = small_corpus
    assert render_target(corpus, {}) == {path.name: path.read_bytes()}


def test_contract_one_change_touches_only_that_segment(small_corpus: tuple[Corpus, Path]) -> None:
    corpus, path = small_corpus
    second = corpus.segments[1].id
    (data,) = render_target(corpus, {second: "Dua!"}).values()
    assert data == path.read_bytes().replace(b"Dua.", b"Dua!")


def test_contract_write_target_writes_a_new_file(small_corpus: tuple[Corpus, Path], tmp_path: Path) -> None:
    corpus, path = small_corpus
    before = path.read_bytes()
    out = tmp_path / "out" / "fixed.txt"
    assert write_target(corpus, {corpus.segments[0].id: "SATU."}, out) == [out]
    assert out.read_bytes() == before.replace(b"Satu.", b"SATU.")
    assert path.read_bytes() == before


def test_contract_write_target_into_a_folder(small_corpus: tuple[Corpus, Path], tmp_path: Path) -> None:
    corpus, path = small_corpus
    folder = tmp_path / "outdir"
    folder.mkdir()
    assert write_target(corpus, {}, folder) == [folder / path.name]
    assert (folder / path.name).read_bytes() == path.read_bytes()


def test_contract_line_break_in_a_segment_is_refused(small_corpus: tuple[Corpus, Path]) -> None:
    corpus, _ = small_corpus
    with pytest.raises(CorpusError, match="line break"):
        render_target(corpus, {corpus.segments[0].id: "Sa\ntu."})


# ---------------------------------------------------------------------------------------------
# The bundle


def test_bundled_corpus_metadata() -> None:
    corpus = load_corpus()
    assert bundled_corpus_path().name == "deepseek-export-controls.corpus.yaml"
    assert corpus.format == "bundle"
    assert corpus.name == "deepseek-export-controls"
    assert (corpus.source_lang, corpus.target_lang) == ("en", "id")
    assert [g.name for g in corpus.glossaries] == ["deepseek-export-controls.yaml"]
    assert corpus.postedit is not None and len(corpus.postedit) == 57
    first = corpus.segments[0]
    assert first.source == "Does DeepSeek's AI breakthrough mean that US technology controls have failed?"
    assert corpus.postedit["p8.s1"].count("H800") == 1 and "H800S" not in corpus.postedit["p8.s1"]


def test_bundled_corpus_loads_from_its_folder() -> None:
    assert len(load_corpus(bundled_corpus_path().parent).segments) == 57


def test_bundled_write_back_without_changes_reproduces_the_seed() -> None:
    corpus = load_corpus()
    assert render_target(corpus, {}) == {SEED.name: SEED.read_bytes()}


def test_bundled_write_back_with_one_change_changes_only_that_sentence() -> None:
    corpus = load_corpus()
    seg = corpus.by_id()["p11.s1"]
    fixed = seg.target.replace("H800S -nya", "H800-nya")
    assert fixed != seg.target
    (data,) = render_target(corpus, {"p11.s1": fixed}).values()
    before = SEED.read_bytes().decode("utf-8").split("\n")
    after = data.decode("utf-8").split("\n")
    assert len(after) == len(before) == 32  # 32 lines, the last one unterminated
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [10]
    assert after[10] == before[10].replace(seg.target, fixed)
    assert after[1] == ""  # the blank line stays
    assert data.endswith(b"kata Goodrich.") and not data.endswith(b"\n")


def test_bundled_write_back_of_every_postedit_keeps_the_layout() -> None:
    corpus = load_corpus()
    assert corpus.postedit is not None
    (data,) = render_target(corpus, corpus.postedit).values()
    lines = data.decode("utf-8").split("\n")
    assert len(lines) == 32 and lines[1] == ""
    assert "Deepseek" not in data.decode("utf-8")


def _bundle(tmp_path: Path, *, source: str, manifest: str | None = None, postedit: str | None = None) -> Path:
    write(tmp_path / "doc.txt", "Satu. Dua.\n\nTiga.\n")
    write(tmp_path / "src.tsv", source)
    if postedit is not None:
        write(tmp_path / "pe.tsv", postedit)
    text = (
        manifest
        if manifest is not None
        else "target: doc.txt\nsource: src.tsv\n" + ("postedit: pe.tsv\n" if postedit is not None else "")
    )
    return write(tmp_path / "x.corpus.yaml", text)


GOOD_SOURCE = "# comment\np1.s1\tOne.\np1.s2\tTwo.\n\np3.s1\tThree.\n"


def test_bundle_reads_comments_blank_lines_and_postedit(tmp_path: Path) -> None:
    corpus = load_corpus(_bundle(tmp_path, source=GOOD_SOURCE, postedit="p1.s2\tDua!\n"))
    assert ids_and_texts(corpus) == [
        ("p1.s1", "One.", "Satu."),
        ("p1.s2", "Two.", "Dua."),
        ("p3.s1", "Three.", "Tiga."),
    ]
    assert corpus.postedit == {"p1.s2": "Dua!"}
    assert corpus.name == "x"


def test_bundle_source_with_unknown_id(tmp_path: Path) -> None:
    error = corpus_error(_bundle(tmp_path, source=GOOD_SOURCE + "p9.s1\tNine.\n"))
    assert str(error) == (
        f"{tmp_path / 'src.tsv'}:6: segment id 'p9.s1' is not in the target document doc.txt (unknown ids: p9.s1)"
    )


def test_bundle_source_with_missing_id(tmp_path: Path) -> None:
    error = corpus_error(_bundle(tmp_path, source="p1.s1\tOne.\np1.s2\tTwo.\n"))
    assert str(error) == (
        f"{tmp_path / 'doc.txt'}:3: segment p3.s1 ('Tiga.') has no source line in src.tsv (missing ids: p3.s1)"
    )


def test_bundle_postedit_with_unknown_id(tmp_path: Path) -> None:
    error = corpus_error(_bundle(tmp_path, source=GOOD_SOURCE, postedit="p1.s1\tSatu!\np2.s1\tx\n"))
    assert str(error) == (
        f"{tmp_path / 'pe.tsv'}:2: segment id 'p2.s1' is not in the target document doc.txt (unknown ids: p2.s1)"
    )


@pytest.mark.parametrize(
    ("source", "line", "problem"),
    [
        ("p1.s1\tOne.\np1.s2 Two.\n", 2, "expected `id<TAB>text`"),
        ("p1.s1\tOne.\np1.s1\tTwo.\n", 2, "duplicate segment id 'p1.s1' (first on line 1)"),
    ],
)
def test_bundle_malformed_source(tmp_path: Path, source: str, line: int, problem: str) -> None:
    error = corpus_error(_bundle(tmp_path, source=source))
    assert str(error) == f"{tmp_path / 'src.tsv'}:{line}: {problem}"


@pytest.mark.parametrize(
    ("manifest", "line", "problem"),
    [
        pytest.param(
            "target: doc.txt\nsource: src.tsv\ncolour: red\n",
            3,
            "unknown key 'colour' (allowed: format,",
            id="unknown-key",
        ),
        pytest.param("target: doc.txt\n", 1, "missing required key 'source'", id="missing-source"),
        pytest.param("source: src.tsv\n", 1, "missing required key 'target'", id="missing-target"),
        pytest.param("target: doc.txt\nsource: [src.tsv]\n", 2, "`source` must name a file", id="source-not-string"),
        pytest.param(
            "target: doc.txt\nsource: src.tsv\nglossary: 5\n",
            3,
            "`glossary` must be a file name or a list of file names",
            id="bad-glossary",
        ),
        pytest.param(
            "target: doc.txt\nsource: src.tsv\ntarget: other.txt\n",
            3,
            "duplicate key 'target' (first on line 1)",
            id="duplicate-key",
        ),
        pytest.param("target: doc.txt\nsource: [src.tsv\n", 3, "YAML syntax error", id="syntax"),
        pytest.param("- target\n", 1, "a corpus manifest must be a mapping", id="not-a-mapping"),
        pytest.param("target: &t doc.txt\nsource: *t\n", 1, "YAML anchors and aliases", id="alias"),
        pytest.param(
            "target: !!python/object/apply:os.system [ls]\nsource: src.tsv\n", 1, "unsupported YAML tag", id="tag"
        ),
    ],
)
def test_bundle_bad_manifest(tmp_path: Path, manifest: str, line: int, problem: str) -> None:
    error = corpus_error(_bundle(tmp_path, source=GOOD_SOURCE, manifest=manifest))
    assert str(error).startswith(f"{tmp_path / 'x.corpus.yaml'}:{line}: {problem}"), str(error)


def test_bundle_missing_target_document(tmp_path: Path) -> None:
    error = corpus_error(_bundle(tmp_path, source=GOOD_SOURCE, manifest="target: nope.txt\nsource: src.tsv\n"))
    assert str(error) == f"{tmp_path / 'nope.txt'}: target document not found"


def test_folder_with_no_manifest(tmp_path: Path) -> None:
    error = corpus_error(tmp_path)
    assert str(error) == f"{tmp_path}: folder holds 0 corpus manifests (*.corpus.yaml); name one"


def test_missing_corpus_file(tmp_path: Path) -> None:
    assert str(corpus_error(tmp_path / "nope.tsv")) == f"{tmp_path / 'nope.tsv'}: corpus file not found"


def test_unknown_extension(tmp_path: Path) -> None:
    path = write(tmp_path / "x.xyz", "a\tb\n")
    with pytest.raises(FormatError, match=r"unrecognised corpus format \(known: \.corpus\.yaml, \.po, \.pot, \.sdlxliff, \.tab, \.tmx, \.tsv, \.txt, \.xlf, \.xliff;"):
        detect_format(path)


def test_single_text_file_asks_for_both_files(tmp_path: Path) -> None:
    error = corpus_error(write(tmp_path / "x.txt", "Satu.\n"))
    assert "give both files with --source and --target" in str(error)


# ---------------------------------------------------------------------------------------------
# Line pairs


def test_line_pair_ids_are_line_numbers(tmp_path: Path) -> None:
    src = write(tmp_path / "en.txt", "One.\n\nThree.\n")
    tgt = write(tmp_path / "id.txt", "Satu.\n\nTiga.\n")
    corpus = load_corpus(source=src, target=tgt)
    assert ids_and_texts(corpus) == [("1", "One.", "Satu."), ("2", "", ""), ("3", "Three.", "Tiga.")]
    assert corpus.format == "linepair" and corpus.path == tgt


def test_line_pair_crlf_and_bom(tmp_path: Path) -> None:
    src = write(tmp_path / "en.txt", "\ufeffOne.\r\nTwo.\r\n")
    tgt = write(tmp_path / "id.txt", "\ufeffSatu.\r\nDua.\r\n")
    corpus = load_corpus(source=src, target=tgt)
    assert ids_and_texts(corpus) == [("1", "One.", "Satu."), ("2", "Two.", "Dua.")]
    assert render_target(corpus, {}) == {"id.txt": tgt.read_bytes()}
    assert render_target(corpus, {"2": "Dua!"}) == {"id.txt": b"\xef\xbb\xbfSatu.\r\nDua!\r\n"}


def test_line_pair_without_final_newline_keeps_it_missing(tmp_path: Path) -> None:
    src = write(tmp_path / "en.txt", "One.\nTwo.")
    tgt = write(tmp_path / "id.txt", "Satu.\nDua.")
    corpus = load_corpus(source=src, target=tgt)
    assert render_target(corpus, {"1": "Satu!"}) == {"id.txt": b"Satu!\nDua."}


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\r"])
def test_line_pair_only_line_feed_splits_lines(tmp_path: Path, separator: str) -> None:
    src = write(tmp_path / "en.txt", f"One{separator}more.\nTwo.\n")
    tgt = write(tmp_path / "id.txt", f"Satu{separator}lagi.\nDua.\n")
    corpus = load_corpus(source=src, target=tgt)
    assert ids_and_texts(corpus) == [("1", f"One{separator}more.", f"Satu{separator}lagi."), ("2", "Two.", "Dua.")]
    assert render_target(corpus, {}) == {"id.txt": tgt.read_bytes()}


def test_line_pair_differing_line_counts(tmp_path: Path) -> None:
    src = write(tmp_path / "en.txt", "One.\nTwo.\nThree.\n")
    tgt = write(tmp_path / "id.txt", "Satu.\nDua.\n")
    error = corpus_error(source=src, target=tgt)
    assert "source" in str(error) and "has 3 lines" in str(error)
    assert "target" in str(error) and "has 2 lines" in str(error)
    assert str(src) in str(error) and str(tgt) in str(error)


def test_line_pair_trailing_blank_line_counts(tmp_path: Path) -> None:
    src = write(tmp_path / "en.txt", "One.\nTwo.\n")
    tgt = write(tmp_path / "id.txt", "Satu.\nDua.\n\n")
    assert "source" in str(error := corpus_error(source=src, target=tgt)) and "has 3 lines" in str(error)


def test_line_pair_invalid_utf8_names_file_and_line(tmp_path: Path) -> None:
    src = write(tmp_path / "en.txt", "One.\nTwo.\nThree.\n")
    tgt = write(tmp_path / "id.txt", b"Satu.\nDua.\nTi\xe9ga.\n")
    error = corpus_error(source=src, target=tgt)
    assert str(error) == f"{tgt}:3: invalid UTF-8 (byte 0xe9 at offset 13); save the file as UTF-8"
    assert error.line == 3


def test_line_pair_missing_file(tmp_path: Path) -> None:
    tgt = write(tmp_path / "id.txt", "Satu.\n")
    assert str(corpus_error(source=tmp_path / "en.txt", target=tgt)) == f"{tmp_path / 'en.txt'}: source file not found"


def test_line_pair_directory(tmp_path: Path) -> None:
    src = write(tmp_path / "en.txt", "One.\n")
    assert str(corpus_error(source=src, target=tmp_path)) == f"{tmp_path}: target file is a directory, expected a file"


def test_line_pair_needs_both_files(tmp_path: Path) -> None:
    src = write(tmp_path / "en.txt", "One.\n")
    assert str(corpus_error(source=src)) == "--source and --target must be given together"
    assert str(corpus_error(src, source=src, target=src)) == "give either a corpus file or --source/--target, not both"


def test_line_pair_empty_files(tmp_path: Path) -> None:
    src = write(tmp_path / "en.txt", "")
    tgt = write(tmp_path / "id.txt", "")
    corpus = load_corpus(source=src, target=tgt)
    assert corpus.segments == []
    assert render_target(corpus, {}) == {"id.txt": b""}


# ---------------------------------------------------------------------------------------------
# TSV


def test_tsv_two_columns_ids_are_line_numbers(tmp_path: Path) -> None:
    path = write(tmp_path / "x.tsv", "One.\tSatu.\n\nThree.\tTiga.\n")
    assert ids_and_texts(load_corpus(path)) == [("1", "One.", "Satu."), ("3", "Three.", "Tiga.")]


def test_tsv_three_columns_with_ids(tmp_path: Path) -> None:
    path = write(tmp_path / "x.tsv", "k1\tOne.\tSatu.\nk2\tTwo.\tDua.\n")
    corpus = load_corpus(path)
    assert ids_and_texts(corpus) == [("k1", "One.", "Satu."), ("k2", "Two.", "Dua.")]
    assert render_target(corpus, {"k2": "Dua!"}) == {"x.tsv": b"k1\tOne.\tSatu.\nk2\tTwo.\tDua!\n"}


@pytest.mark.parametrize(
    ("header", "expected_ids"),
    [
        ("source\ttarget", ["2", "3"]),
        ("src\ttgt", ["2", "3"]),
        ("English\tIndonesian", None),  # no source/target word: a data row
        ("id\tsource\ttarget", None),
    ],
)
def test_tsv_header_detection(tmp_path: Path, header: str, expected_ids: list[str] | None) -> None:
    if header.count("\t") == 2:
        path = write(tmp_path / "x.tsv", f"{header}\nk1\tOne.\tSatu.\nk2\tTwo.\tDua.\n")
        corpus = load_corpus(path)
        assert [s.id for s in corpus.segments] == ["k1", "k2"]
    else:
        path = write(tmp_path / "x.tsv", f"{header}\nOne.\tSatu.\nTwo.\tDua.\n")
        corpus = load_corpus(path)
        if expected_ids is None:
            assert [s.id for s in corpus.segments] == ["1", "2", "3"]
            assert corpus.segments[0].source == "English"
        else:
            assert [s.id for s in corpus.segments] == expected_ids
    assert render_target(corpus, {}) == {"x.tsv": path.read_bytes()}


def test_tsv_no_quote_processing(tmp_path: Path) -> None:
    path = write(tmp_path / "x.tsv", '"a, b"\t"c, d"\n"x\t"y"\n')
    corpus = load_corpus(path)
    assert ids_and_texts(corpus) == [("1", '"a, b"', '"c, d"'), ("2", '"x', '"y"')]
    assert render_target(corpus, {"1": '"e"'}) == {"x.tsv": b'"a, b"\t"e"\n"x\t"y"\n'}


def test_tsv_crlf_and_bom_round_trip(tmp_path: Path) -> None:
    path = write(tmp_path / "x.tsv", "\ufeffsource\ttarget\r\nOne.\tSatu.\r\n")
    corpus = load_corpus(path)
    assert ids_and_texts(corpus) == [("2", "One.", "Satu.")]
    assert render_target(corpus, {"2": "Satu!"}) == {"x.tsv": "\ufeffsource\ttarget\r\nOne.\tSatu!\r\n".encode()}


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("One.\tSatu.\nTwo.\tDua.\tx\n", 2, "expected 2 tab-separated columns, found 3"),
        ("k\tOne.\tSatu.\nTwo.\tDua.\n", 2, "expected 3 tab-separated columns, found 2"),
        ("\n\na\tb\tc\td\n", 3, "expected 2 columns (source, target) or 3 (id, source, target), found 4"),
        ("One only\n", 1, "expected 2 columns (source, target) or 3 (id, source, target), found 1"),
        ("source\ttarget\nOne.\n", 2, "expected 2 tab-separated columns, found 1"),
        ("k\tOne.\tSatu.\nk\tTwo.\tDua.\n", 2, "duplicate segment id 'k' (first on line 1)"),
        ("k\tOne.\tSatu.\n \tTwo.\tDua.\n", 2, "empty segment id"),
    ],
)
def test_tsv_errors_name_the_line(tmp_path: Path, text: str, line: int, problem: str) -> None:
    path = write(tmp_path / "x.tsv", text)
    error = corpus_error(path)
    assert str(error) == f"{path}:{line}: {problem}"
    assert isinstance(error, ReviewerError)


def test_tsv_invalid_utf8(tmp_path: Path) -> None:
    path = write(tmp_path / "x.tsv", b"One.\tSatu.\nTwo.\tD\xffua.\n")
    assert str(corpus_error(path)) == f"{path}:2: invalid UTF-8 (byte 0xff at offset 17); save the file as UTF-8"


def test_tsv_tab_in_a_corrected_target_is_refused(tmp_path: Path) -> None:
    corpus = load_corpus(write(tmp_path / "x.tsv", "One.\tSatu.\n"))
    with pytest.raises(CorpusError, match="cannot contain a tab"):
        render_target(corpus, {"1": "Sa\ttu."})


def test_tsv_directory_named_like_a_tsv(tmp_path: Path) -> None:
    folder = tmp_path / "x.tsv"
    folder.mkdir()
    error = corpus_error(folder)
    assert str(error) == f"{folder}: folder holds 0 corpus manifests (*.corpus.yaml); name one"
