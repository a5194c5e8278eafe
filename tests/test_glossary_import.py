"""`reviewer glossary import`: CSV term lists and the TBX 2008 (martif) termbases of
../shared/data/okapi-tbx (one of them windows-1254) become YAML glossaries that load."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reviewer.cli import main
from reviewer.core.errors import GlossaryError
from reviewer.glossary import load_glossary
from reviewer.glossary.importers import import_csv, import_glossary, import_tbx
from tests.paths import SHARED

TBX = SHARED / "data" / "okapi-tbx"
TBX_FILES = sorted(TBX.glob("*.tbx"))


def write_yaml(tmp_path: Path, text: str) -> Path:
    out = tmp_path / "glossary.yaml"
    out.write_text(text, encoding="utf-8")
    return out


@pytest.mark.parametrize(("name", "langs", "count", "skipped", "first"), [
    ("ibm_tbx.tbx", ("en", "fr"), 6, 0, {"source": "navigation trail", "target": "historique de navigation"}),
    ("maryland.tbx", ("fr", "it"), 3, 0, {"source": "copiste", "target": ["scriba", "amanuense", "copista", "trascrittore"],
                                          "note": "personne qui accomplit un travail copie ou d'écriture"}),
    ("medtronic_TBX.tbx", ("en", "da"), 4, 0, None),
    ("oracle_TBX.tbx", ("en", "pt"), 3, 0, {"source": "Provincial Reporting Establishment",
                                            "target": ["Entidade de Supervisão de Província", "PRE"],
                                            "note": "Termo específico aos EUA."}),
    ("sdl_tbx.tbx", ("de", "en"), 221, 44, {"source": "Zickzackfalz", "target": "accordion fold"}),
    ("test01.tbx", ("en", "hu"), 1, 0, {"source": "alpha smoothing factor", "target": "Alfa simítási tényező",
                                        "note": "A value between 0 and 1 used in ..."}),
    ("test02_win1254.tbx", ("en", "tr"), 1, 0, {"source": "term with: éá and İı", "target": "tr term with: éá and İı"}),
])
def test_every_tbx_file_converts_and_loads(tmp_path: Path, name: str, langs: tuple[str, str], count: int,
                                           skipped: int, first: dict[str, object] | None) -> None:
    result = import_tbx(TBX / name)
    assert (result.source_lang, result.target_lang) == langs
    assert (len(result.terms), result.skipped) == (count, skipped)
    data = result.to_yaml_data()
    if first is not None:
        assert data["terms"][0] == first
    glossary = load_glossary(write_yaml(tmp_path, result.dump()))
    assert (glossary.source_lang, glossary.target_lang) == langs
    assert len(glossary.terms) == count
    assert len({t.id for t in glossary.terms}) == count


def test_all_tbx_files_are_covered() -> None:
    assert [p.name for p in TBX_FILES] == ["ibm_tbx.tbx", "maryland.tbx", "medtronic_TBX.tbx", "oracle_TBX.tbx",
                                           "sdl_tbx.tbx", "test01.tbx", "test02_win1254.tbx"]


def test_tbx_languages_can_be_chosen() -> None:
    result = import_tbx(TBX / "medtronic_TBX.tbx", source_lang="EN", target_lang="fr")
    assert (result.source_lang, result.target_lang) == ("EN", "fr")
    assert [(t.source, t.targets) for t in result.terms[:2]] == [("patient identifier", ["identifiant patient"]),
                                                                ("audible alert", ["signal sonore"])]
    with pytest.raises(GlossaryError, match=r"no terms in the target language 'id' \(the file has: en, da, nl"):
        import_tbx(TBX / "medtronic_TBX.tbx", target_lang="id")


def test_deprecated_tbx_terms_become_forbidden(tmp_path: Path) -> None:
    path = tmp_path / "chips.tbx"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
<text><body>
<termEntry id="c1">
  <descrip type="definition">Nvidia accelerator sold in China</descrip>
  <langSet xml:lang="en-US"><tig><term>H800 chip</term></tig></langSet>
  <langSet xml:lang="id-ID">
    <ntig><termGrp><term>cip H800</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig>
    <ntig><termGrp><term>chip H800S</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termGrp>
      <note>English plural s is not part of the model name</note></ntig>
  </langSet>
</termEntry>
<termEntry id="c2"><langSet xml:lang="en-US"><tig><term>orphan</term></tig></langSet></termEntry>
</body></text></martif>
""", encoding="utf-8")
    result = import_tbx(path, source_lang="en", target_lang="id")
    assert (result.source_lang, result.target_lang, result.skipped) == ("en", "id", 1)
    assert result.to_yaml_data()["terms"] == [{
        "source": "H800 chip", "target": "cip H800", "forbidden": ["chip H800S"],
        "note": "Nvidia accelerator sold in China / English plural s is not part of the model name"}]
    glossary = load_glossary(write_yaml(tmp_path, result.dump()))
    (term,) = glossary.terms
    assert [r.display for r in term.forbidden] == ["chip H800S"]


def test_csv_with_named_columns(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text(
        "source,target,forbidden,note,severity\n"
        "H800s,H800,H800S,\"English plural s, not the name\",critical\n"
        "export controls,kontrol ekspor|pengendalian ekspor,,,\n"
        "Export Controls,kendali ekspor,,,\n"
        "chip,,,no rendering given,\n"
        "C++,C++,,,\n"
        "C,C,,,\n",
        encoding="utf-8-sig")
    result = import_csv(path)
    assert (result.source_lang, result.target_lang, result.skipped) == ("en", "id", 1)
    assert result.to_yaml_data()["terms"] == [
        {"source": "H800s", "target": "H800", "forbidden": ["H800S"], "severity": "critical",
         "note": "English plural s, not the name"},
        {"source": "export controls", "target": ["kontrol ekspor", "pengendalian ekspor", "kendali ekspor"]},
        {"source": "C++", "target": "C++"},
        {"source": "C", "target": "C", "id": "term:c-2"},
    ]
    assert len(load_glossary(write_yaml(tmp_path, result.dump())).terms) == 4


def test_csv_with_language_columns_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text("de;en;id\nChip;chip;cip\nAusfuhr;export;ekspor\n", encoding="utf-8")
    result = import_csv(path, source_lang="en", target_lang="id")
    assert (result.source_lang, result.target_lang) == ("en", "id")
    assert [(t.source, t.targets) for t in result.terms] == [("chip", ["cip"]), ("export", ["ekspor"])]
    assert (import_csv(path).source_lang, import_csv(path).target_lang) == ("de", "en")  # the first two
    assert import_csv(path, source_lang="en").target_lang == "de"  # the first other one


@pytest.mark.parametrize(("text", "line", "message"), [
    ("term\nchip\n", 1, "the first row must name the columns: source and target (or two language codes such as "
                        "en and id); found 'term'"),
    ("source,target,severity\nchip,cip,huge\n", 2,
     "unknown severity 'huge' (expected one of: minor, major, critical)"),
    ("source,target,category\nchip,cip,wrong\n", 2,
     "unknown MQM category 'wrong' (expected one of accuracy, fluency, terminology, style, locale-convention, "
     "design, other, optionally followed by /subcategory)"),
])
def test_bad_csv_names_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "terms.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        import_csv(path)
    assert str(info.value) == f"{path}:{line}: {message}"


def test_malformed_tbx_is_refused_with_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tbx"
    path.write_text('<martif>\n<text><body>\n<termEntry></body></text></martif>', encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        import_glossary(path)
    assert str(info.value) == f"{path}:3: not well-formed XML: mismatched tag (column 14)"


def test_cli_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "glossary.yaml"
    assert main(["glossary", "import", str(TBX / "test02_win1254.tbx"), "--to", str(out)]) == 0
    assert capsys.readouterr().err == f"wrote {out}: 1 terms (en → tr)\n"
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == {
        "source_lang": "en", "target_lang": "tr",
        "terms": [{"source": "term with: éá and İı", "target": "tr term with: éá and İı"}]}
    assert main(["glossary", "import", str(TBX / "ibm_tbx.tbx"), "--to", str(out)]) == 2
    assert capsys.readouterr().err == f"reviewer: error: {out}: output file exists; give --force to overwrite it\n"
    assert main(["glossary", "import", str(TBX / "ibm_tbx.tbx"), "--to", str(out), "--force",
                 "--target-lang", "fr"]) == 0
    assert len(load_glossary(out).terms) == 6


def test_cli_import_uses_the_glossary_in_a_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    terms = tmp_path / "terms.csv"
    terms.write_text("source,target,forbidden\nH800s,H800,H800S\n", encoding="utf-8")
    glossary = tmp_path / "g.yaml"
    assert main(["glossary", "import", str(terms), "--to", str(glossary)]) == 0
    corpus = tmp_path / "c.tsv"
    corpus.write_text("DeepSeek trained on H800s.\tDeepSeek dilatih dengan H800S.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(corpus), "--glossary", str(glossary), "--format", "jsonl", "--fail-on", "never"]) == 0
    assert '"rule": "term:h800s"' in capsys.readouterr().out
