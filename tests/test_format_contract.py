"""The contract every corpus format keeps, as a base class that each format's tests reuse.

A format's test class subclasses `FormatContract`, provides a `path` fixture (parametrized over
real files) and, for XML formats, the element that makes a unit. The contract: the file loads
with unique ids; writing it back unchanged gives an equivalent document (same units, inline
structure and attributes; for these writers even the same bytes); one edited target changes
that unit only and reads back as written; statuses are written where the format has states.
The TSV and bundle formats run the same contract at the bottom of this module.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from reviewer.core.model import Corpus, Segment, SegmentStatus
from reviewer.formats import load_corpus, open_stream, render_target
from reviewer.formats.inline import placeholders
from reviewer.formats.xmlsafe import Node, parse_xml
from tests.paths import ROOT, SHARED

EDIT_SUFFIX = " ✓ <&> \"q\""


def canonical_element(node: Node) -> tuple[Any, ...]:
    """An element as comparable data: name, attributes, text and children, in order."""
    content: list[Any] = []
    for item in node.content:
        if isinstance(item, str):
            if item.strip():
                content.append(" ".join(item.split()))
        else:
            content.append(canonical_element(item))
    return (node.tag, tuple(sorted(node.attrib.items())), tuple(content))


def split_units(root: Node, unit: str) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    """(the document with every unit element replaced by a marker, the units in order)."""
    units: list[tuple[Any, ...]] = []

    def walk(node: Node) -> tuple[Any, ...]:
        if node.local == unit:
            units.append(canonical_element(node))
            return ("UNIT",)
        content = tuple(walk(c) if isinstance(c, Node) else " ".join(c.split()) for c in node.content
                        if isinstance(c, Node) or c.strip())
        return (node.tag, tuple(sorted(node.attrib.items())), content)

    return walk(root), units


def edited_text(segment: Segment) -> str:
    """A new target that keeps the segment's codes valid: its target (or, when empty, its
    source) with text appended."""
    base = segment.target if segment.target.strip() else segment.source
    return base + EDIT_SUFFIX


class FormatContract:
    """Shared tests; subclasses set `format_name` and provide the `path` fixture."""

    format_name: ClassVar[str]
    unit_element: ClassVar[str | None] = None
    """XML element that holds one unit (trans-unit, unit, tu); None for text formats."""
    writes_status: ClassVar[bool] = True

    # -- helpers a format may override ------------------------------------------------------

    def load(self, path: Path) -> Corpus:
        corpus = load_corpus(path)
        assert corpus.format == self.format_name
        return corpus

    def units(self, data: bytes, path: Path) -> tuple[Any, list[Any]]:
        """(everything outside the units, the units) of a written file, as comparable data."""
        assert self.unit_element is not None
        doc = parse_xml(path, data)
        return split_units(doc.root, self.unit_element)

    def edit_for(self, segment: Segment) -> str:
        """The new target the edit test writes."""
        return edited_text(segment)

    def expected_status(self, segment: Segment, written: SegmentStatus) -> SegmentStatus:
        """The status a segment reads back with after `written` was written."""
        return written

    def copy(self, path: Path, tmp_path: Path) -> Path:
        """A writable copy of the input (with its sibling files for multi-file formats)."""
        out = tmp_path / "in"
        out.mkdir(exist_ok=True)
        target = out / path.name
        shutil.copyfile(path, target)
        return target

    # -- the contract -----------------------------------------------------------------------

    def test_loads_with_unique_ids(self, path: Path) -> None:
        corpus = self.load(path)
        ids = [s.id for s in corpus.segments]
        assert len(ids) == len(set(ids))
        assert all(ids)
        for seg in corpus.segments:
            for token in placeholders(seg.source) + placeholders(seg.target):
                number = token.strip("⟦⟧/")
                assert number in seg.extra["codes"], (seg.id, token)

    def test_stream_gives_what_the_loader_gives(self, path: Path) -> None:
        corpus = self.load(path)
        stream = open_stream(path)
        as_streamed = [(s.id, s.source, s.target) for s in stream.segments()]
        assert as_streamed == [(s.id, s.source, s.target) for s in corpus.segments]
        assert [s.id for s in stream.segments()] == [s.id for s in corpus.segments]  # a second pass, the same
        assert stream.count == len(corpus.segments)
        assert (stream.source_lang, stream.target_lang) == (corpus.source_lang, corpus.target_lang)

    def test_unedited_round_trip_is_equivalent(self, path: Path) -> None:
        corpus = self.load(path)
        files = render_target(corpus, {})
        original = path.read_bytes()
        (data,) = files.values()
        assert self.units(data, path) == self.units(original, path)
        assert data == original  # splice-based writers leave an untouched file as it was

    def test_one_edit_changes_only_that_unit(self, path: Path, tmp_path: Path) -> None:
        corpus = self.load(path)
        if not corpus.segments:
            # Nothing to edit (a file of untranslatable units): writing back changes nothing.
            (data,) = render_target(corpus, {}).values()
            assert data == path.read_bytes()
            return
        seg = corpus.segments[len(corpus.segments) // 2]
        new = self.edit_for(seg)
        (data,) = render_target(corpus, {seg.id: new}).values()
        written = self.copy(path, tmp_path)
        written.write_bytes(data)
        again = self.load(written)
        assert [s.id for s in again.segments] == [s.id for s in corpus.segments]
        for before, after in zip(corpus.segments, again.segments, strict=True):
            assert after.source == before.source
            assert after.target == (new if before.id == seg.id else before.target), before.id
        outside_before, units_before = self.units(path.read_bytes(), path)
        outside_after, units_after = self.units(data, path)
        assert len(units_after) == len(units_before)
        changed = [i for i, (a, b) in enumerate(zip(units_before, units_after, strict=True)) if a != b]
        assert len(changed) == 1
        self.check_outside(outside_before, outside_after)

    def check_outside(self, before: Any, after: Any) -> None:
        assert after == before

    def test_statuses_written(self, path: Path, tmp_path: Path) -> None:
        corpus = self.load(path)
        statuses = {s.id: SegmentStatus.FINAL for s in corpus.segments}
        (data,) = render_target(corpus, {}, statuses).values()
        if not self.writes_status:
            # A format without review states ignores them: the file is written as without.
            (plain,) = render_target(corpus, {}).values()
            assert data == plain
            return
        written = self.copy(path, tmp_path)
        written.write_bytes(data)
        again = self.load(written)
        for before, after in zip(corpus.segments, again.segments, strict=True):
            assert after.status is self.expected_status(before, SegmentStatus.FINAL), before.id
            assert after.target == before.target


def text_units(data: bytes, path: Path) -> tuple[Any, list[Any]]:
    """Lines as units, for line-based formats."""
    return (), data.decode("utf-8-sig").splitlines()


# ---------------------------------------------------------------------------------------------
# The existing text formats keep the same contract.


class TestTsvContract(FormatContract):
    format_name = "tsv"
    writes_status = False

    @pytest.fixture(params=["plain", "header-and-ids"])
    def path(self, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
        p = tmp_path / f"{request.param}.tsv"
        if request.param == "plain":
            p.write_text("Hello [b]world[/b]\tHalo [b]dunia[/b]\nA \"quote\"\tSebuah \"kutipan\"\n", encoding="utf-8")
        else:
            p.write_text("id\tsource\ttarget\ns1\tOne\tSatu\ns2\tTwo\tDua\ns3\tThree\tTiga\n", encoding="utf-8")
        yield p

    def units(self, data: bytes, path: Path) -> tuple[Any, list[Any]]:
        return text_units(data, path)

    def test_loads_with_unique_ids(self, path: Path) -> None:
        corpus = self.load(path)
        assert len({s.id for s in corpus.segments}) == len(corpus.segments) > 0


class TestBundleContract(FormatContract):
    format_name = "bundle"
    writes_status = False

    @pytest.fixture(params=["bundled article"])
    def path(self) -> Path:
        (manifest,) = sorted((ROOT / "corpus").glob("*.corpus.yaml"))
        return manifest

    def copy(self, path: Path, tmp_path: Path) -> Path:
        out = tmp_path / "bundle"
        shutil.copytree(path.parent, out)
        return out / path.name

    def test_unedited_round_trip_is_equivalent(self, path: Path) -> None:
        corpus = self.load(path)
        ((name, data),) = render_target(corpus, {}).items()
        assert data == (path.parent / name).read_bytes()

    def test_one_edit_changes_only_that_unit(self, path: Path, tmp_path: Path) -> None:
        corpus = self.load(path)
        seg = corpus.segments[3]
        assert seg.target.endswith(".")
        new = seg.target[:-1] + " (disunting)."  # the edit keeps the sentence boundaries
        ((name, data),) = render_target(corpus, {seg.id: new}).items()
        written = self.copy(path, tmp_path)
        (written.parent / name).write_bytes(data)
        again = self.load(written)
        changed = [b.id for a, b in zip(corpus.segments, again.segments, strict=True) if a.target != b.target]
        assert changed == [seg.id]
        assert again.by_id()[seg.id].target == new

    def test_loads_with_unique_ids(self, path: Path) -> None:
        corpus = self.load(path)
        assert len({s.id for s in corpus.segments}) == len(corpus.segments) > 0


# ---------------------------------------------------------------------------------------------
# App string pairs (Android resources, ARB / i18next JSON): the target file is the corpus file,
# its source the sibling named like it (`x.values.strings.xml` for `x.values-in.strings.xml`,
# `x.app_en.arb` for `x.app_id.arb`), as the real files in ../shared/data/app-strings-id are.

APP_STRINGS = SHARED / "data" / "app-strings-id"


class PairContract(FormatContract):
    """The contract for a format read from `--source`/`--target`."""

    writes_status = False
    source_names: ClassVar[tuple[str, str]]
    """(in the target's name, in the source's name)."""

    def source_for(self, path: Path) -> Path:
        return path.with_name(path.name.replace(*self.source_names))

    def load(self, path: Path) -> Corpus:
        corpus = load_corpus(source=self.source_for(path), target=path)
        assert corpus.format == self.format_name
        return corpus

    def copy(self, path: Path, tmp_path: Path) -> Path:
        target = super().copy(path, tmp_path)
        shutil.copyfile(self.source_for(path), self.source_for(target))
        return target

    def test_stream_gives_what_the_loader_gives(self, path: Path) -> None:
        corpus = self.load(path)
        stream = open_stream(source=self.source_for(path), target=path)
        assert [(s.id, s.source, s.target) for s in stream.segments()] == [
            (s.id, s.source, s.target) for s in corpus.segments]
        assert stream.count == len(corpus.segments)
        assert (stream.source_lang, stream.target_lang) == (corpus.source_lang, corpus.target_lang)


def _app_pair(tmp_path: Path, source_name: str, source: str, target_name: str, target: str) -> Path:
    (tmp_path / source_name).write_text(source, encoding="utf-8")
    (tmp_path / target_name).write_text(target, encoding="utf-8")
    return tmp_path / target_name


class TestAndroidContract(PairContract):
    format_name = "android"
    source_names = ("values-in", "values")

    @pytest.fixture(params=["small", "newpipe"])
    def path(self, request: pytest.FixtureRequest, tmp_path: Path) -> Path:
        if request.param == "newpipe":
            if not APP_STRINGS.is_dir():
                pytest.skip("../shared/data/app-strings-id is not here")
            return APP_STRINGS / "newpipe.values-in.strings.xml"
        head = '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n'
        return _app_pair(
            tmp_path, "x.values.strings.xml",
            head + '  <string name="a">One</string>\n  <string name="b">Say \\"<b>%1$s</b>\\"</string>\n'
                   '  <plurals name="p">\n    <item quantity="one">%d file</item>\n'
                   '    <item quantity="other">%d files</item>\n  </plurals>\n</resources>\n',
            "x.values-in.strings.xml",
            head + '  <!-- kept -->\n  <string name="a">Satu</string>\n  <string name="b">Bilang \\"<b>%1$s</b>\\"</string>'
                   '\n  <plurals name="p">\n    <item quantity="other">%d berkas</item>\n  </plurals>\n</resources>\n')

    def units(self, data: bytes, path: Path) -> tuple[Any, list[Any]]:
        root = parse_xml(path, data).root
        return (root.tag, tuple(sorted(root.attrib.items()))), [canonical_element(c) for c in root.children()]


class TestJsonPairContract(PairContract):
    format_name = "json"
    source_names = ("_id.", "_en.")

    @pytest.fixture(params=["nested", "wger"])
    def path(self, request: pytest.FixtureRequest, tmp_path: Path) -> Path:
        if request.param == "wger":
            if not APP_STRINGS.is_dir():
                pytest.skip("../shared/data/app-strings-id is not here")
            return APP_STRINGS / "wger.app_id.arb"
        return _app_pair(tmp_path, "x_en.json", '{"a": "One", "m": {"b": "Two {{n}}", "c": "Three"}}\n',
                         "x_id.json", '{\n  "a": "Satu",\n  "m": {\n    "b": "Dua {{n}}",\n    "c": "Tiga"\n  }\n}\n')

    def units(self, data: bytes, path: Path) -> tuple[Any, list[Any]]:
        return (), json.loads(data.decode("utf-8-sig"), object_pairs_hook=list)
