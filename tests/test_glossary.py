"""Glossary loading, validation (file, line, entry, problem), safe YAML and Indonesian-aware matching."""

from __future__ import annotations

import re
import textwrap
import time
from pathlib import Path

import pytest

import reviewer.glossary.match as glossary_module
from reviewer.core.errors import GlossaryError, ReviewerError
from reviewer.core.model import Flag, Severity, Side
from reviewer.core.yamlsafe import MAX_DEPTH, load_located
from reviewer.glossary import GlossaryMatcher, load_glossaries, load_glossary, parse_glossary

REVIEWER_PACKAGE = Path(__file__).resolve().parent.parent / "reviewer"


def write(tmp_path: Path, text: str, name: str = "g.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> GlossaryError:
    path = write(tmp_path, text)
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    return info.value


def matcher(text: str) -> GlossaryMatcher:
    return GlossaryMatcher(parse_glossary(textwrap.dedent(text), Path("test.yaml")))


def spans(flags: list[Flag]) -> list[tuple[str, str, int, int, str, str | None]]:
    return [(f.rule, f.side.value, f.start, f.end, f.text, f.suggestion) for f in flags]


# ---------------------------------------------------------------------------------------------
# Loading the schema


FULL_GLOSSARY = """\
source_lang: en
target_lang: id
name: Test glossary
description: every key of the schema
terms:
  - id: h800
    source: H800s
    target: H800
    forbidden: [H800S, H-800]
    severity: critical
    note: no plural s
    case_sensitive: true
    affixes: false
    category: terminology/wrong-term
  - source: download
    target: [unduh, download]
    affixes: true
do_not_translate:
  - DeepSeek
  - term: Scale AI
    case_sensitive: false
    severity: minor
    note: a company
rules:
  - id: sarana-means
    pattern: '\\bSarana\\b\\s*'
    when_source: '\\bmeans\\b'
    unless_source: '\\bby means of\\b'
    replace: 'Artinya, '
    category: accuracy/mistranslation
    severity: major
    message: 'write "Artinya,"'
    ignore_case: true
"""


def test_full_schema_loads_every_key(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, FULL_GLOSSARY))
    assert (g.source_lang, g.target_lang) == ("en", "id")
    assert g.paths == [str(tmp_path / "g.yaml")]
    h800, download, deepseek, scale = g.terms
    assert h800.id == "h800"
    assert h800.source == "H800s"
    assert [r.display for r in h800.targets] == ["H800"]
    assert [r.display for r in h800.forbidden] == ["H800S", "H-800"]
    assert h800.severity is Severity.CRITICAL
    assert h800.category == "terminology/wrong-term"
    assert h800.note == "no plural s"
    assert h800.case_sensitive is True
    assert h800.line == 6
    assert download.id == "term:download"
    assert [r.display for r in download.targets] == ["unduh", "download"]
    assert download.severity is Severity.MAJOR and download.category == "terminology"
    assert download.case_sensitive is False
    assert download.line == 15
    assert deepseek.id == "dnt:deepseek" and deepseek.do_not_translate and deepseek.case_sensitive
    assert deepseek.line == 19
    assert scale.id == "dnt:scale-ai" and scale.severity is Severity.MINOR and not scale.case_sensitive
    assert scale.note == "a company"
    (rule,) = g.rules
    assert rule.id == "sarana-means"
    assert rule.replace == "Artinya, "
    assert rule.message == 'write "Artinya,"'
    assert rule.category == "accuracy/mistranslation" and rule.severity is Severity.MAJOR
    assert rule.line == 25
    assert rule.pattern.search("sarana ini")  # ignore_case: true


def test_rule_defaults(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "rules:\n  - id: r1\n    pattern: 'x+'\n"))
    (rule,) = g.rules
    assert rule.message == "matches glossary rule r1"
    assert rule.category == "accuracy/mistranslation"
    assert rule.severity is Severity.MAJOR
    assert rule.replace is None and rule.when_source is None and rule.unless_source is None
    assert rule.pattern.search("X") is None  # case-sensitive unless ignore_case


def test_numbers_are_accepted_as_strings(tmp_path: Path) -> None:
    g = load_glossary(
        write(tmp_path, "terms:\n  - source: 36Kr\n    target: 36Kr\n  - source: 2022\n    target: 2022\n")
    )
    assert [t.source for t in g.terms] == ["36Kr", "2022"]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffdo_not_translate: [DeepSeek]\n".encode())
    assert [t.source for t in load_glossary(path).terms] == ["DeepSeek"]


def test_empty_sections_are_allowed(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "name: nothing yet\nterms:\ndo_not_translate: []\nrules:\n"))
    assert g.terms == [] and g.rules == []


def test_bundled_glossary_loads() -> None:
    g = load_glossary(REVIEWER_PACKAGE.parent / "glossary" / "deepseek-export-controls.yaml")
    ids = {t.id for t in g.terms} | {r.id for r in g.rules}
    assert {"term:h800s", "term:a100s", "dnt:deepseek", "dnt:scale-ai", "sarana-means", "scale-ai-lost"} <= ids


def test_merging_glossaries_rejects_an_id_defined_twice(tmp_path: Path) -> None:
    a = write(tmp_path, "rules:\n  - id: r1\n    pattern: a\n", "a.yaml")
    b = write(tmp_path, "name: second\nrules:\n  - id: r1\n    pattern: b\n", "b.yaml")
    with pytest.raises(GlossaryError) as info:
        load_glossaries([a, b])
    message = str(info.value)
    assert message.startswith(f"{b}:3: ")
    assert f"rule id 'r1' is already defined in {a}:2" in message


def test_merging_two_glossaries_keeps_both(tmp_path: Path) -> None:
    a = write(tmp_path, "do_not_translate: [DeepSeek]\n", "a.yaml")
    b = write(tmp_path, "rules:\n  - id: r1\n    pattern: b\n", "b.yaml")
    g = load_glossaries([a, b])
    assert [t.id for t in g.terms] == ["dnt:deepseek"]
    assert [r.id for r in g.rules] == ["r1"]
    assert g.paths == [str(a), str(b)]


# ---------------------------------------------------------------------------------------------
# Validation errors: file, line, entry, problem


VALIDATION_CASES = [
    pytest.param(
        "terms:\n  - source: chip\n    target: cip\n    colour: red\n",
        4,
        ["terms[0]", "unknown key 'colour'", "allowed: affixes, case_sensitive"],
        id="unknown-term-key",
    ),
    pytest.param("colour: red\n", 1, ["glossary", "unknown key 'colour'"], id="unknown-top-key"),
    pytest.param(
        "do_not_translate:\n  - term: DeepSeek\n    colour: red\n",
        3,
        ["do_not_translate[0]", "unknown key 'colour'", "allowed: case_sensitive, note, severity, term"],
        id="unknown-dnt-key",
    ),
    pytest.param(
        "rules:\n  - id: r1\n    pattern: x\n    flags: i\n",
        4,
        ["rules[0]", "unknown key 'flags'"],
        id="unknown-rule-key",
    ),
    pytest.param(
        "terms:\n  - source: chip\n    target: cip\n    case_sensitive: 'yes'\n",
        4,
        ["terms[0] ('chip').case_sensitive", "expected true or false, got a string"],
        id="bool-is-string",
    ),
    pytest.param(
        "terms:\n  - source: chip\n    target: cip\n    affixes: 1\n",
        4,
        ["terms[0] ('chip').affixes", "expected true or false, got a number"],
        id="bool-is-number",
    ),
    pytest.param(
        "terms:\n  - source: [chip]\n    target: cip\n",
        2,
        ["terms[0].source", "expected a string, got a list"],
        id="source-is-list",
    ),
    pytest.param(
        "terms:\n  - source: chip\n    target: {a: b}\n",
        3,
        ["terms[0] ('chip').target", "expected a string or a list of strings, got a mapping"],
        id="target-is-mapping",
    ),
    pytest.param(
        "terms:\n  - source: chip\n    forbidden: [keping, [x]]\n",
        3,
        ["terms[0] ('chip').forbidden[1]", "expected a string, got a list"],
        id="forbidden-item-is-list",
    ),
    pytest.param("terms: {source: chip}\n", 1, ["terms", "expected a list, got a mapping"], id="terms-not-list"),
    pytest.param("rules: yes\n", 1, ["rules", "expected a list, got a boolean"], id="rules-not-list"),
    pytest.param("- a\n- b\n", 1, ["glossary", "expected a mapping, got a list"], id="top-not-mapping"),
    pytest.param("terms:\n  - chip\n", 2, ["terms[0]", "expected a mapping, got a string"], id="term-not-mapping"),
    pytest.param(
        "terms:\n  - source: chip\n    target: ' '\n",
        3,
        ["terms[0] ('chip').target", "must not be empty"],
        id="empty-target",
    ),
    pytest.param(
        "terms:\n  - target: cip\n",
        2,
        ["terms[0]", "missing required key 'source'"],
        id="missing-source",
    ),
    pytest.param(
        "terms:\n  - source: chip\n    note: x\n",
        2,
        ["terms[0] ('chip')", "needs a 'target' or a 'forbidden' list"],
        id="missing-target-and-forbidden",
    ),
    pytest.param(
        "do_not_translate:\n  - note: x\n",
        2,
        ["do_not_translate[0]", "missing required key 'term'"],
        id="missing-dnt-term",
    ),
    pytest.param("rules:\n  - pattern: x\n", 2, ["rules[0]", "missing required key 'id'"], id="missing-rule-id"),
    pytest.param(
        "rules:\n  - id: r1\n    message: m\n",
        2,
        ["rules[0] ('r1')", "missing required key 'pattern'"],
        id="missing-rule-pattern",
    ),
    pytest.param(
        "rules:\n  - id: r1\n    pattern: 'a('\n",
        3,
        ["rules[0] ('r1').pattern", "rule 'r1': invalid regex 'a('", "missing )"],
        id="bad-pattern",
    ),
    pytest.param(
        "rules:\n  - id: r1\n    pattern: a\n    when_source: '[b'\n",
        4,
        ["rules[0] ('r1').when_source", "rule 'r1': invalid regex '[b'", "unterminated character set"],
        id="bad-when-source",
    ),
    pytest.param(
        "rules:\n  - id: r1\n    pattern: a\n    unless_source: '(?<'\n",
        4,
        ["rules[0] ('r1').unless_source", "rule 'r1': invalid regex"],
        id="bad-unless-source",
    ),
    pytest.param(
        "terms:\n  - source: chip\n    forbidden: ['/a(/']\n",
        3,
        ["terms[0] ('chip').forbidden", "invalid regex '/a(/'"],
        id="bad-forbidden-regex",
    ),
    pytest.param(
        "rules:\n  - id: r1\n    pattern: 'a(b)'\n    replace: 'x\\2'\n",
        4,
        [
            "rules[0] ('r1').replace",
            "rule 'r1': invalid replacement 'x\\\\2'",
            "group 2 does not exist",
            "the pattern has 1",
        ],
        id="bad-replacement-number",
    ),
    pytest.param(
        "rules:\n  - id: r1\n    pattern: 'a(?P<x>b)'\n    replace: '\\g<y>'\n",
        4,
        ["rules[0] ('r1').replace", "group 'y' does not exist"],
        id="bad-replacement-name",
    ),
    pytest.param(
        "terms:\n  - source: chip\n    target: cip\n    severity: fatal\n",
        4,
        ["terms[0] ('chip').severity", "unknown severity 'fatal'", "minor, major, critical"],
        id="bad-severity",
    ),
    pytest.param(
        "do_not_translate:\n  - term: X\n    severity: high\n",
        3,
        ["do_not_translate[0].severity", "unknown severity 'high'"],
        id="bad-dnt-severity",
    ),
    pytest.param(
        "rules:\n  - id: r1\n    pattern: a\n    category: grammar\n",
        4,
        ["rules[0] ('r1').category", "unknown MQM category 'grammar'"],
        id="bad-category",
    ),
    pytest.param(
        "terms:\n  - source: chip\n    target: cip\n    category: 'fluency/'\n",
        4,
        ["terms[0] ('chip').category", "unknown MQM category 'fluency/'"],
        id="category-trailing-slash",
    ),
    pytest.param(
        "rules:\n  - id: r1\n    pattern: a\n  - id: r1\n    pattern: b\n",
        4,
        ["rules[1]", "duplicate id 'r1' (first on line 2)"],
        id="duplicate-rule-id",
    ),
    pytest.param(
        "terms:\n  - source: chip\n    target: cip\n  - source: Chip\n    target: keping\n",
        4,
        ["terms[1]", "duplicate id 'term:chip' (first on line 2)"],
        id="duplicate-derived-term-id",
    ),
    pytest.param(
        "terms:\n  - id: x\n    source: chip\n    target: cip\nrules:\n  - id: x\n    pattern: b\n",
        6,
        ["rules[0]", "duplicate id 'x' (first on line 2)"],
        id="term-and-rule-share-id",
    ),
    pytest.param(
        "do_not_translate:\n  - DeepSeek\n  - term: deepseek\n",
        3,
        ["do_not_translate[1]", "duplicate id 'dnt:deepseek' (first on line 2)"],
        id="duplicate-dnt",
    ),
    pytest.param(
        "terms:\n  - source: chip\n    target: cip\n    target: keping\n",
        4,
        ["duplicate key 'target' (first on line 3)"],
        id="duplicate-yaml-key",
    ),
    pytest.param("name: a\nname: b\n", 2, ["duplicate key 'name' (first on line 1)"], id="duplicate-top-key"),
    pytest.param(
        "terms:\n  - source: chip\n    target: [cip\n  - source: x\n",
        4,
        ["YAML syntax error", "expected ',' or ']'"],
        id="unclosed-flow-list",
    ),
    pytest.param("terms:\n  - source: 'chip\n", 3, ["YAML syntax error"], id="unclosed-quote"),
    pytest.param("name: a\n  bad: indent\n", 2, ["YAML syntax error"], id="bad-indent"),
    pytest.param("terms: []\n---\nrules: []\n", 2, ["YAML error", "another document"], id="two-documents"),
]


@pytest.mark.parametrize(("text", "line", "fragments"), VALIDATION_CASES)
def test_validation_error_names_file_line_entry_and_problem(
    tmp_path: Path, text: str, line: int, fragments: list[str]
) -> None:
    error = load_error(tmp_path, text)
    message = str(error)
    assert message.startswith(f"{tmp_path / 'g.yaml'}:{line}: "), message
    assert error.line == line
    assert error.path == str(tmp_path / "g.yaml")
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert isinstance(error, ReviewerError)


def test_empty_glossary_is_an_error(tmp_path: Path) -> None:
    error = load_error(tmp_path, "# nothing but a comment\n")
    assert str(error) == f"{tmp_path / 'g.yaml'}: glossary is empty"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError) as info:
        load_glossary(tmp_path / "nope.yaml")
    assert str(info.value) == f"{tmp_path / 'nope.yaml'}: glossary not found"


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError) as info:
        load_glossary(tmp_path)
    assert str(info.value) == f"{tmp_path}: glossary is a directory, expected a YAML file"


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"name: ok\nterms:\n  - source: caf\xe9\n    target: kafe\n")
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    assert str(info.value) == f"{path}:3: invalid UTF-8; save the glossary as UTF-8"


# ---------------------------------------------------------------------------------------------
# Safe YAML


def test_python_object_tag_on_a_list_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    error = load_error(
        tmp_path,
        f'terms:\n  - source: !!python/object/apply:os.system ["echo hi > {marker}"]\n    target: b\n',
    )
    assert str(error).startswith(f"{tmp_path / 'g.yaml'}:2: unsupported YAML tag ")
    assert "python/object/apply:os.system" in str(error)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        pytest.param("name: !!python/object/apply:os.system 'echo hi'\n", "python/object/apply:os.system", id="scalar"),
        pytest.param(
            "terms:\n  - !!python/object:os.Foo {source: a, target: b}\n", "python/object:os.Foo", id="mapping"
        ),
        pytest.param("terms: !!set {a, b}\n", "tag:yaml.org,2002:set", id="set"),
        pytest.param("name: !custom value\n", "!custom", id="local-tag"),
    ],
)
def test_yaml_tags_are_refused(tmp_path: Path, text: str, tag: str) -> None:
    error = load_error(tmp_path, text)
    assert "unsupported YAML tag" in str(error) and tag in str(error)
    assert error.line == text.count("\n", 0, text.index("!")) + 1


def test_binary_and_dates_are_refused(tmp_path: Path) -> None:
    assert "unsupported YAML value of type bytes" in str(load_error(tmp_path, "name: !!binary aGVsbG8=\n"))
    error = load_error(tmp_path, "name: x\ndescription: 2020-01-01\n")
    assert str(error) == f"{tmp_path / 'g.yaml'}:2: unsupported YAML value of type date"


def test_core_schema_tags_are_fine(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "terms:\n  - source: !!str 5\n    target: !!str lima\n"))
    assert g.terms[0].source == "5"


def test_anchor_and_alias_are_refused(tmp_path: Path) -> None:
    error = load_error(tmp_path, "terms:\n  - &chip {source: chip, target: cip}\n  - *chip\n")
    assert str(error) == (
        f"{tmp_path / 'g.yaml'}:2: YAML anchors and aliases (&name, *name) are not allowed; write the values out"
    )


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    started = time.perf_counter()
    with pytest.raises(GlossaryError, match="anchors and aliases"):
        load_glossary(path)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("terms: " + "[" * 1000 + "]" * 1000 + "\n", id="flow-lists"),
        pytest.param("terms: " + "{a: " * 1000 + "1" + "}" * 1000 + "\n", id="flow-mappings"),
        pytest.param("".join("  " * i + "a:\n" for i in range(1000)), id="block-mappings"),
        pytest.param("".join("  " * i + "-\n" for i in range(1000)), id="block-lists"),
    ],
)
def test_deep_nesting_is_refused_within_a_second(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    started = time.perf_counter()
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    assert time.perf_counter() - started < 1.0
    assert re.search(r"nest", str(info.value))
    assert info.value.line is not None and info.value.line <= MAX_DEPTH + 2


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    node = load_located("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n", tmp_path, GlossaryError)
    assert node is not None and node.line == 1


def test_located_values_carry_lines(tmp_path: Path) -> None:
    node = load_located("a: 1\nb:\n  - x\n  - {c: true}\n", tmp_path / "x.yaml", GlossaryError)
    assert node is not None
    assert node.value["a"].value == 1 and node.value["a"].line == 1
    items = node.value["b"].value
    assert [item.line for item in items] == [3, 4]
    assert items[1].value["c"].value is True


def test_mapping_keys_must_be_plain(tmp_path: Path) -> None:
    error = load_error(tmp_path, "? [a, b]\n: c\n")
    assert str(error) == f"{tmp_path / 'g.yaml'}:1: mapping keys must be plain strings"


def test_no_unsafe_yaml_loading_in_the_package() -> None:
    offenders = []
    sources = sorted(REVIEWER_PACKAGE.rglob("*.py"))
    assert len(sources) > 10
    for path in sources:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"yaml\.load\(|full_load|unsafe_load|yaml\.Loader\b|UnsafeLoader|FullLoader", line):
                offenders.append(f"{path.relative_to(REVIEWER_PACKAGE.parent)}:{n}: {line.strip()}")
    assert offenders == []


# ---------------------------------------------------------------------------------------------
# Matching: Indonesian-aware targets


H800 = """\
terms:
  - source: H800s
    target: H800
    forbidden: [H800S]
    note: no plural s
"""


@pytest.mark.parametrize(
    "target",
    [
        "Mereka membeli H800.",
        "Mereka membeli H800-nya.",
        "H800lah yang dibeli.",
        "Apakah H800-kah itu?",
        "H800 pun dibeli.",
        "H800-pun dibeli.",
    ],
)
def test_target_with_clitic_satisfies_the_term(target: str) -> None:
    assert matcher(H800).check("They bought the H800s.", target) == []


def test_forbidden_form_with_clitic_keeps_the_clitic_in_the_suggestion() -> None:
    (flag,) = matcher(H800).check(
        "How DeepSeek got its H800s is unclear.", "Bagaimana memperoleh H800S-nya, tidak jelas."
    )
    assert spans([flag]) == [("term:h800s", "target", 21, 30, "H800S-nya", "H800-nya")]
    assert flag.message == "'H800S-nya' is a wrong rendering of 'H800s'; use 'H800' (no plural s)"
    assert flag.severity is Severity.MAJOR and flag.category == "terminology"


def test_forbidden_form_with_detached_clitic_is_flagged_alone() -> None:
    flags = matcher(H800).check("its H800s", "H800S -nya")
    assert spans(flags) == [("term:h800s", "target", 0, 5, "H800S", "H800")]


def test_missing_target_is_flagged_on_the_source() -> None:
    (flag,) = matcher(H800).check("It used H800s.", "Ia memakai chip lain.")
    assert spans([flag]) == [("term:h800s", "source", 8, 13, "H800s", None)]
    assert flag.message == "'H800s' should be rendered as 'H800' in the target (no plural s)"


def test_term_not_in_the_source_is_not_checked() -> None:
    assert matcher(H800).check("It used other chips.", "Ia memakai H800S.") == []


def test_term_inside_a_longer_word_is_not_a_match() -> None:
    m = matcher("terms:\n  - source: chip\n    target: cip\n")
    assert m.check("microchips everywhere", "di mana-mana") == []
    assert spans(m.check("chips everywhere", "kepingan")) == [("term:chip", "source", 0, 5, "chips", None)]
    assert m.check("chip", "cipta") != []  # 'cip' inside 'cipta' does not count


@pytest.mark.parametrize(
    ("source", "target", "matched"),
    [
        ("the chip", "cip itu", True),
        ("the chips", "cip itu", True),  # English plural on the source side
        ("the chip's price", "harga cip", True),
        ("the chip’s price", "harga cip", True),
        ("two CHIPS", "dua cip", True),  # case-insensitive by default
        ("the chips", "cip-cip itu", True),  # hyphenated reduplication
        ("the chips", "Cip-cipnya mahal", True),
        ("the chips", "kepingan itu", False),
        ("the chipset", "kepingan itu", None),  # not the term: nothing checked
    ],
)
def test_source_plurals_and_target_reduplication(source: str, target: str, matched: bool | None) -> None:
    flags = matcher("terms:\n  - source: chip\n    target: cip\n").check(source, target)
    if matched is None:
        assert flags == []
    elif matched:
        assert flags == []
    else:
        assert [f.side for f in flags] == [Side.SOURCE]
        assert flags[0].text == "chips"


def test_reduplicated_multiword_target() -> None:
    m = matcher("terms:\n  - source: company\n    target: perusahaan\n")
    assert m.check("the companies", "perusahaan-perusahaan itu") == []
    assert m.check("the companies", "Perusahaan-perusahaannya") == []


def test_multiword_source_and_target() -> None:
    m = matcher("terms:\n  - source: App Store\n    target: App Store\n    forbidden: [Apple Store]\n")
    assert m.check("on Apple's App  Store", "di App Store") == []
    flags = m.check("on the App Store", "di tangga lagu Apple Store ketika")
    assert spans(flags) == [("term:app-store", "target", 15, 26, "Apple Store", "App Store")]


CASE_SENSITIVE = """\
terms:
  - source: use
    target: pakai
    case_sensitive: true
  - source: Nvidia
    target: Nvidia
    case_sensitive: true
"""


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        ("use it", "pakai itu", False),
        ("use it", "Pakai itu.", False),  # capital at the start of the text
        ("use it", "Ya. Pakai itu.", False),  # capital after a full stop
        ("use it", "“Pakai itu.”", False),  # after an opening quote
        ("use it", "Pakailah itu.", False),  # capital and a clitic
        ("use it", "Kata dia: Pakai.", False),  # after a colon
        ("use it", "Kata dia Pakai.", True),  # capital mid-sentence
        ("use it", "PAKAI itu", True),
        ("Nvidia said", "Nvidia berkata", False),
        ("Nvidia said", "nvidia berkata", True),  # a lower-case start is not a sentence-start capital
        ("Nvidia said", "Ya. nvidia berkata", True),
        ("Nvidia said", "NVIDIA berkata", True),
    ],
)
def test_case_sensitive_terms_allow_a_capital_at_sentence_start(source: str, target: str, flagged: bool) -> None:
    flags = matcher(CASE_SENSITIVE).check(source, target)
    assert bool(flags) is flagged
    if flagged:
        assert flags[0].side is Side.SOURCE


AFFIXES = """\
terms:
  - source: download
    target: unduh
    affixes: true
  - source: use
    target: pakai
    affixes: true
  - source: write
    target: tulis
    affixes: true
  - source: send
    target: kirim
    affixes: true
  - source: upload
    target: unggah
"""


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("download it", "Orang mengunduhnya."),
        ("download it", "File itu diunduh."),
        ("download it", "unduhan terbaru"),
        ("download it", "Mengunduh itu mudah."),
        ("use it", "Mereka memakai chip."),
        ("use it", "chip yang dipakai"),
        ("use it", "pemakaian chip"),
        ("write it", "Ia menulis surat."),
        ("write it", "penulis buku"),
        ("send it", "Ia mengirimkan chip."),
    ],
)
def test_affixes_match_prefixed_and_suffixed_forms(source: str, target: str) -> None:
    assert matcher(AFFIXES).check(source, target) == []


@pytest.mark.parametrize(
    ("source", "target", "text"),
    [
        ("download it", "Orang mendownloadnya.", "download"),
        ("use it", "Mereka menggunakan chip.", "use"),
        ("upload it", "Mereka mengunggahnya.", "upload"),  # no `affixes`: only the bare word counts
    ],
)
def test_affixed_forms_of_other_words_or_without_affixes_do_not_count(source: str, target: str, text: str) -> None:
    (flag,) = matcher(AFFIXES).check(source, target)
    assert flag.side is Side.SOURCE and flag.text == text


HYPHENATED = """\
terms:
  - source: North Korean leader
    target: Kim Jong-un
  - source: e-mail
    target: surel
    forbidden: e-mail
"""


@pytest.mark.parametrize(
    ("target", "flagged"),
    [
        ("Kim Jong-un berkata.", False),
        ("Kata kim jong-un.", False),  # the term is not case-sensitive
        ("Kim Jong-unnya berkata.", False),  # a clitic on the last word
        ("Kim Jong-un-nya berkata.", False),
        ("Kim  Jong-un berkata.", False),  # any white space where the rendering has a space
        ("Kim Jong un berkata.", True),  # but a hyphen must be a hyphen
        ("Kim Jong--un berkata.", True),
        ("Kim Jongun berkata.", True),
        ("Kim-Jong-un berkata.", True),
    ],
)
def test_hyphenated_rendering_is_found_word_by_word(target: str, flagged: bool) -> None:
    flags = matcher(HYPHENATED).check("The North Korean leader said so.", target)
    assert [(f.side, f.text) for f in flags] == ([(Side.SOURCE, "North Korean leader")] if flagged else [])


def test_hyphenated_forbidden_rendering_is_flagged_where_it_stands() -> None:
    flags = matcher(HYPHENATED).check("Send an e-mail.", "Kirim e-mail, bukan e mail.")
    assert spans(flags) == [("term:e-mail", "target", 6, 12, "e-mail", "surel")]


def test_regex_rendering() -> None:
    m = matcher("terms:\n  - source: chip\n    target: ['/cip|keping(an)?/']\n    forbidden: ['/\\bchipset\\b/']\n")
    assert m.check("a chip", "sebuah kepingan") == []
    flags = m.check("a chip", "sebuah chipset")
    assert spans(flags) == [("term:chip", "target", 7, 14, "chipset", None)]


def test_forbid_only_entry() -> None:
    m = matcher("terms:\n  - source: online\n    forbidden: [online]\n    severity: minor\n    category: style\n")
    (flag,) = m.check("offered online", "menawarkan secara online")
    assert spans([flag]) == [("term:online", "target", 18, 24, "online", None)]
    assert flag.message == "'online' is a wrong rendering of 'online'"
    assert flag.severity is Severity.MINOR and flag.category == "style"
    assert m.check("offered online", "menawarkan secara daring") == []


def test_forbidden_capitalised_form_gets_a_capitalised_suggestion() -> None:
    m = matcher("terms:\n  - source: administration\n    target: pemerintahan\n    forbidden: [administrasi]\n")
    flags = m.check("The Biden administration acted.", "Administrasi Biden bertindak.")
    assert spans(flags) == [("term:administration", "target", 0, 12, "Administrasi", "Pemerintahan")]


def test_each_forbidden_occurrence_is_flagged() -> None:
    flags = matcher(H800).check("H800s and H800s", "H800S dan H800S-nya")
    assert [(f.start, f.end, f.suggestion) for f in flags] == [(0, 5, "H800"), (10, 19, "H800-nya")]


def test_nfc_normalisation() -> None:
    m = matcher("terms:\n  - source: café\n    target: kafe\n")
    assert m.check("a cafe\u0301", "sebuah kafe") == []


# ---------------------------------------------------------------------------------------------
# Matching: do-not-translate names

DNT = """\
do_not_translate:
  - DeepSeek
  - Scale AI
  - 36Kr
  - term: Nvidia
    severity: minor
"""


def test_dnt_verbatim_passes() -> None:
    assert matcher(DNT).check("DeepSeek said", "DeepSeek berkata") == []
    assert matcher(DNT).check("deepseek said", "DeepSeek-nya berkata") == []  # source case does not matter


def test_dnt_wrong_case_is_flagged_with_the_exact_form() -> None:
    (flag,) = matcher(DNT).check("DeepSeek said", "Kata Deepseek.")
    assert spans([flag]) == [("dnt:deepseek", "target", 5, 13, "Deepseek", "DeepSeek")]
    assert flag.message == "'Deepseek' should be written exactly 'DeepSeek' (do-not-translate name)"
    assert flag.category == "terminology" and flag.severity is Severity.MAJOR


def test_dnt_wrong_case_with_clitic() -> None:
    flags = matcher(DNT).check("DeepSeek's chips", "chip Deepseek-nya")
    assert spans(flags) == [("dnt:deepseek", "target", 5, 17, "Deepseek-nya", "DeepSeek-nya")]


def test_dnt_every_wrong_case_occurrence() -> None:
    flags = matcher(DNT).check("in 36Kr", "di 36kr dan 36KR")
    assert spans(flags) == [
        ("dnt:36kr", "target", 3, 7, "36kr", "36Kr"),
        ("dnt:36kr", "target", 12, 16, "36KR", "36Kr"),
    ]


def test_dnt_missing_name_is_flagged_on_the_source_side() -> None:
    (flag,) = matcher(DNT).check("Alexandr Wang, chief of Scale AI, said", "Alexandr Wang, kepala AI AI, berkata")
    assert spans([flag]) == [("dnt:scale-ai", "source", 24, 32, "Scale AI", None)]
    assert flag.category == "accuracy/omission"
    assert flag.message == "'Scale AI' is a name that must appear unchanged in the target, but it is missing"


def test_dnt_mapping_severity() -> None:
    (flag,) = matcher(DNT).check("Nvidia said", "NVIDIA berkata")
    assert (flag.severity, flag.suggestion) == (Severity.MINOR, "Nvidia")


# ---------------------------------------------------------------------------------------------
# Matching: rules

RULES = r"""
rules:
  - id: sarana-means
    pattern: '\bSarana\b\s*'
    when_source: '\bmeans\b'
    replace: 'Artinya, '
    message: 'write "Artinya,"'
  - id: shot-to-the-top
    pattern: '\bmenembak\s+ke\s+(puncak|atas)\b'
    replace: 'melesat ke \1'
    unless_source: '\b(?:gun|rifle)\b'
  - id: named-group
    pattern: '(?P<num>\d+) buah'
    replace: '\g<num> unit'
    severity: minor
    category: style
  - id: optional-empty
    pattern: 'x*'
  - id: delete-it
    pattern: ' bagaimanapun,'
    replace: ''
"""


def test_rule_when_source_gates() -> None:
    m = matcher(RULES)
    flags = m.check("That means it works.", "Sarana itu berhasil.")
    assert spans(flags) == [("sarana-means", "target", 0, 7, "Sarana ", "Artinya, ")]
    assert flags[0].message == 'write "Artinya,"'
    assert m.check("That is it.", "Sarana itu berhasil.") == []


def test_rule_unless_source_gates_and_groups_expand() -> None:
    m = matcher(RULES)
    flags = m.check("It shot to the top.", "Ia menembak ke puncak.")
    assert spans(flags) == [("shot-to-the-top", "target", 3, 21, "menembak ke puncak", "melesat ke puncak")]
    assert m.check("He shot the gun to the top.", "Ia menembak ke atas.") == []


def test_rule_named_group_template_and_metadata() -> None:
    (flag,) = matcher(RULES).check("12 units", "12 buah dan")
    assert spans([flag]) == [("named-group", "target", 0, 7, "12 buah", "12 unit")]
    assert (flag.severity, flag.category) == (Severity.MINOR, "style")


def test_rule_zero_width_matches_are_ignored() -> None:
    m = matcher(RULES)
    assert m.check("abc", "abc") == []
    assert spans(m.check("abc", "a xx b")) == [("optional-empty", "target", 2, 4, "xx", None)]


def test_rule_with_empty_replacement_is_a_deletion() -> None:
    flags = matcher(RULES).check("however", "Ia, bagaimanapun, pergi.")
    assert spans(flags) == [("delete-it", "target", 3, 17, " bagaimanapun,", "")]


def test_catastrophic_regex_is_stopped_and_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(glossary_module, "REGEX_TIMEOUT", 0.05)
    m = matcher(
        """\
        terms:
          - source: thing
            forbidden: ['/(a|aa)+$/']
        rules:
          - id: slow-rule
            pattern: '(a|aa)+$'
          - id: fast-rule
            pattern: 'b'
            replace: 'B'
        """
    )
    target = "a" * 40 + "!b"
    started = time.perf_counter()
    flags = m.check("thing", target)
    assert time.perf_counter() - started < 2.0
    assert spans(flags) == [("fast-rule", "target", 41, 42, "b", "B")]
    assert len(m.warnings) == 2
    term_warning, rule_warning = m.warnings
    assert term_warning.startswith("test.yaml:2: term 'term:thing' stopped after 0.05s")
    assert rule_warning.startswith("test.yaml:5: rule 'slow-rule' stopped after 0.05s")
    assert "catastrophic backtracking" in rule_warning
    # The matcher keeps working on the next segment.
    assert spans(m.check("x", "b")) == [("fast-rule", "target", 0, 1, "b", "B")]


def test_default_regex_timeout_is_about_a_second() -> None:
    assert 0.5 <= glossary_module.REGEX_TIMEOUT <= 2.0


def test_check_is_one_pass_over_many_terms() -> None:
    entries = "".join(f"  - source: word{i}\n    target: kata{i}\n" for i in range(500))
    m = matcher("terms:\n" + entries)
    source = " ".join(f"word{i}" for i in range(0, 500, 25))
    target = " ".join(f"kata{i}" for i in range(0, 500, 50))
    started = time.perf_counter()
    flags = m.check(source, target)
    assert time.perf_counter() - started < 1.0
    assert [f.text for f in flags] == [f"word{i}" for i in range(25, 500, 50)]


GATED_RULES = r"""
rules:
  - id: calque-di-mana
    pattern: '\bdi mana\b'
    when_source: '(?i)\bwhere\b'
    ignore_case: true
  - id: shout
    pattern: 'RESIKO'
    ignore_case: true
    replace: 'risiko'
  - id: exact-case
    pattern: 'Hal'
  - id: doubled
    pattern: '\b(\w+) \1\b'
    message: doubled word
  - id: named
    pattern: '(?P<w>ganda)'
  - id: lookaround
    pattern: '(?<=\d) %'
    replace: '%'
"""


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("Where is it?", "Di mana itu?", [("calque-di-mana", "Di mana")]),
    ("Where is it?", "Di sana itu.", []),
    ("There it is.", "di mana itu", []),  # the source condition still holds back a gated rule
    ("Risk.", "Resiko itu.", [("shout", "Resiko")]),  # ignore_case survives the joined pattern
    ("Thing.", "hal itu", []),  # a case-sensitive rule stays case-sensitive inside it
    ("Thing.", "Hal itu", [("exact-case", "Hal")]),
    ("Word.", "kata kata lain", [("doubled", "kata kata")]),  # back-reference: checked on its own
    ("Word.", "kata ganda", [("named", "ganda")]),
    ("Ten.", "10 % naik", [("lookaround", " %")]),
    ("Nothing.", "Tidak ada apa-apa.", []),
])
def test_rules_behave_the_same_behind_the_one_pass_gate(source: str, target: str,
                                                      expected: list[tuple[str, str]]) -> None:
    m = matcher(GATED_RULES)
    assert [(f.rule, f.text) for f in m.check(source, target)] == expected
    # Without the gate (each rule searched on its own) the flags are the same.
    ungated = matcher(GATED_RULES)
    ungated._rule_gate = None
    assert [(f.rule, f.text) for f in ungated.check(source, target)] == expected


def test_rule_gate_joins_only_rules_whose_meaning_survives() -> None:
    m = matcher(GATED_RULES)
    gated = {r.id for r in m.glossary.rules if id(r) in m._gated}
    assert gated == {"calque-di-mana", "shout", "exact-case", "lookaround"}
