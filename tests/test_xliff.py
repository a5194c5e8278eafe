"""XLIFF 1.2 and 2.x on real files from other tools (Okapi, SDL Trados, MateCat, Translate
Toolkit, the OASIS XLIFF 2.0 test suite): every file loads and round-trips through the format
contract; the files malformed on purpose and the OASIS `bad_*` files that break a rule a review
could corrupt are rejected with file, line and rule. Data: ../shared/data (licences and sources
in each folder's SOURCE.txt)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from reviewer.core.errors import FormatError
from reviewer.core.model import SegmentStatus
from reviewer.formats import detect_format, load_corpus, render_target
from reviewer.formats.xmlsafe import parse_xml
from tests.paths import SHARED
from tests.test_format_contract import FormatContract

DATA = SHARED / "data"
OASIS = DATA / "ms-xliff20-oasis-testsuite"
FOLDERS = ("okapi-xliff12", "okapi-xliff20", "okapi-sdlxliff", "matecat-xliff-parser", "translate-toolkit-xliff",
           "ms-xliff20-oasis-testsuite/core/valid", "ms-xliff20-oasis-testsuite/modules/valid")

#: Malformed on purpose (SOURCES.txt), or breaking an XLIFF 2 rule a review could corrupt:
#: relative path -> (line, message).
REJECTED = {
    "okapi-xliff12/invalid_xml_entity.xlf": (8, "not well-formed XML: not well-formed (invalid token) (column 29)"),
    "matecat-xliff-parser/file-with-complex-structure.xliff": (91, "not well-formed XML: unbound prefix (column 23)"),
    "matecat-xliff-parser/nested-tag-group/context-group-nested.xlf": (7, "not well-formed XML: unbound prefix (column 6)"),
    "matecat-xliff-parser/nested-tag-group/context-group-trans-unit.jsont2.xlf":
        (48, "not well-formed XML: unbound prefix (column 5)"),
    "matecat-xliff-parser/nested-tag-group/context-group.xlf": (7, "not well-formed XML: unbound prefix (column 6)"),
    "matecat-xliff-parser/with-segment-state.xliff": (3, "not well-formed XML: unbound prefix (column 5)"),
    "matecat-xliff-parser/no-trgLang.xliff": (2, "the document has <target> elements but trgLang is empty"),
    "matecat-xliff-parser/v2-duplicate-ids.xliff": (9, "duplicate unit id 'tu1' (first on line 4)"),
}


def _xliff_files() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (DATA / folder).rglob("*")
                  if p.is_file() and p.suffix.lower() in (".xlf", ".xliff", ".sdlxliff"))


def _rel(path: Path) -> str:
    return path.relative_to(DATA).as_posix()


ALL_FILES = _xliff_files()
LOADABLE = [p for p in ALL_FILES if _rel(p) not in REJECTED]
XLIFF12_FILES = [p for p in LOADABLE if detect_format(p).name == "xliff12"]
XLIFF2_FILES = [p for p in LOADABLE if detect_format(p).name == "xliff2"]


def test_every_file_is_classified() -> None:
    assert len(ALL_FILES) == 181
    assert len(XLIFF12_FILES) + len(XLIFF2_FILES) == len(LOADABLE) == 173
    assert (len(XLIFF12_FILES), len(XLIFF2_FILES)) == (78, 95)
    assert set(REJECTED) <= {_rel(p) for p in ALL_FILES}


class TestXliff12Contract(FormatContract):
    format_name = "xliff12"
    unit_element = "trans-unit"

    @pytest.fixture(params=XLIFF12_FILES, ids=_rel)
    def path(self, request: pytest.FixtureRequest) -> Path:
        return request.param


class TestXliff2Contract(FormatContract):
    format_name = "xliff2"
    unit_element = "unit"

    @pytest.fixture(params=XLIFF2_FILES, ids=_rel)
    def path(self, request: pytest.FixtureRequest) -> Path:
        return request.param

    def check_outside(self, before: Any, after: Any) -> None:
        # Creating the first <target> of a document without trgLang adds trgLang to <xliff>.
        tag, attrs, content = after
        if dict(before[1]).get("trgLang") is None and "trgLang" in dict(attrs):
            attrs = tuple((k, v) for k, v in attrs if k != "trgLang")
        assert (tag, attrs, content) == before


@pytest.mark.parametrize("rel", sorted(REJECTED))
def test_malformed_files_are_rejected_with_file_and_line(rel: str) -> None:
    line, message = REJECTED[rel]
    with pytest.raises(FormatError) as info:
        load_corpus(DATA / rel)
    assert str(info.value) == f"{DATA / rel}:{line}: {message}"


#: OASIS XLIFF 2.0 core/invalid files the reader rejects: name (without bad_ and .xlf) -> (line, message).
INVALID_REJECTED = {
    'CommentWithValueAndRef': (10, 'a comment <mrk> needs exactly one of value and ref'),
    'ConfusedIsolatedOnEc': (6, 'a non-isolated <ec> must not have an id (it refers to its <sc> with startRef)'),
    'CopyOfWithBadReference': (10, "<ph> copyOf='not1' refers to no inline code of the unit"),
    'CopyOfWithNoCopyReference': (10, '<ph> copies code \'1\', which has canCopy="no"'),
    'CopyOfWithOriginalData': (10, '<ph> has both copyOf and a data reference'),
    'DataIdNotUnique': (7, "duplicate data id 'd1twice' (first on line 6)"),
    'DataRefWithoutOriginalData': (6, "<ph> dataRef='d1' but the unit has no <originalData>"),
    'DifferentCanCopyInScAndEc': (9, "<ec startRef='1'> canCopy='yes' does not match its <sc> ('no')"),
    'DifferentCanDeleteInScAndEc': (6, "<ec startRef='1'> canDelete='yes' does not match its <sc> ('no')"),
    'DifferentCanOverlapInScAndEc': (9, "<ec startRef='1'> canOverlap='yes' does not match its <sc> ('no')"),
    'DifferentCanReorderInScAndEc': (6, "<ec startRef='1'> canReorder='yes' does not match its <sc> ('no')"),
    'DifferentCopyOfInScAndEc': (7, "<ec startRef='new'> copyOf='2' differs from its <sc> ('1')"),
    'DifferentDirInScAndEc': (6, "<ec startRef='1'> dir='ltr' differs from its <sc> ('rtl')"),
    'DifferentSubTypeInScAndEc': (6, "<ec startRef='1'> subType='xlf:i' differs from its <sc> ('xlf:b')"),
    'DifferentTypeInScAndEc': (6, "<ec startRef='1'> type='ui' differs from its <sc> ('fmt')"),
    'DuplicateNoteIdsInFile': (6, "duplicate note id 'n1' (first on line 5)"),
    'DuplicateNoteIdsInGroup': (15, "duplicate note id 'n1' (first on line 14)"),
    'DuplicateNoteIdsInUnit': (14, "duplicate note id 'n1' (first on line 13)"),
    'EcBeforeSc': (6, "<ec startRef='1'> has no <sc id='1'> before it"),
    'EmBeforeSm': (6, "<em startRef='1'> has no <sm id='1'> before it"),
    'FileIdNotUnique': (11, "duplicate file id '1twice' (first on line 3)"),
    'GroupIdNotUnique': (5, "duplicate group id '1twice' (first on line 4)"),
    'IgnorableIdNotUnique': (11, "duplicate segment or ignorable id 'i1twice' (first on line 5)"),
    'IgnorableWithoutSource': (9, '<ignorable> must hold exactly one <source>, found 0'),
    'InvalidCommentAnnotation1': (6, 'a comment <mrk> needs exactly one of value and ref'),
    'InvalidCommentAnnotation2': (9, "comment ref='#n1' does not point to a <note> of the unit (#n=<note id>)"),
    'InvalidCommentAnnotation3': (9, "comment ref='#f=f1/n=n1' does not point to a <note> of the unit (#n=<note id>)"),
    'InvalidCommentAnnotation4': (10, "comment ref='#g=g1/n=n1' does not point to a <note> of the unit (#n=<note id>)"),
    'InvalidDataRef': (10, "<ph> dataRef='bad' refers to no <data> of the unit"),
    'InvalidDataRefEnd': (10, "<pc> dataRefEnd='bad' refers to no <data> of the unit"),
    'InvalidDataRefStart': (10, "<pc> dataRefStart='bad' refers to no <data> of the unit"),
    'InvalidFragIdSyntax': (10, "comment ref='#n/n1' does not point to a <note> of the unit (#n=<note id>)"),
    'InvalidHexRangeOnCp': (6, "<cp hex='00a0'> encodes a character XML allows; write it as text"),
    'InvalidHexValueOnCp': (6, "<cp hex='notOK'> is not a hexadecimal number"),
    'InvalidId1': (4, "<unit> id='/1' is not a valid NMTOKEN"),
    'InvalidId2': (5, "<segment> id='#1' is not a valid NMTOKEN"),
    'InvalidId3': (6, "<ph> id='\\\\1' is not a valid NMTOKEN"),
    'InvalidIsolatedOnEc': (6, "an isolated <ec> identifies itself with id, not startRef='1'"),
    'InvalidIsolatedOnSc': (6, '<sc id=\'1\'> says isolated="yes" but its <ec> is in the unit'),
    'InvalidNoteRefInUnit': (12, "comment ref='#f=f1/n=n1' does not point to a <note> of the unit (#n=<note id>)"),
    'InvalidStateValue': (5, "invalid segment state 'badState' (expected one of: initial, translated, reviewed, final)"),
    'InvalidTypeSubTypeValues': (6, "<ph> subType='xlf:var' requires type='ui', not 'fmt'"),
    'InvalidTypeValue': (13, "<pc> type='badType' is not one of fmt, image, link, other, quote, ui"),
    'IsolatedEcWithId': (6, "an isolated <ec> identifies itself with id, not startRef='1'"),
    'MissingIsolatedOnEc': (6, '<ec> has neither startRef nor isolated="yes"'),
    'MissingIsolatedOnSc': (6, '<sc id=\'1\'> has no matching <ec> in the unit; a start code without its end must say isolated="yes"'),
    'MissingNonRemovable1': (18, 'code \'4\' has canDelete="no" but the target lost it'),
    'MissingNonRemovable2': (6, 'code \'1\' has canDelete="no" but the target lost it'),
    'NoFile': (2, 'no <file> element in the XLIFF document'),
    'NoTrgLang': (2, 'the document has <target> elements but <xliff> has no trgLang attribute'),
    'NoTrgLangWithIgnorable': (2, 'the document has <target> elements but <xliff> has no trgLang attribute'),
    'NonIsolatedEcWithStartRef': (9, 'a non-isolated <ec> must not have an id (it refers to its <sc> with startRef)'),
    'NonIsolatedEcWithoutStartRef': (9, '<ec> has neither startRef nor isolated="yes"'),
    'NotesWithoutNote': (4, '<notes> holds no <note>'),
    'OrderNotUnique1': (11, "target order 1 is used twice in unit '1' (first on line 7)"),
    'OrderNotUnique2': (11, "target order 2 is used twice in unit '1' (first on line 7)"),
    'OriginalDataWithoutData': (5, '<originalData> holds no <data>'),
    'PartIdNotUnique': (8, "duplicate segment or ignorable id '1twice' (first on line 5)"),
    'RefAndValueInComment': (6, 'a comment <mrk> needs exactly one of value and ref'),
    'SegmentIdNotUnique': (8, "duplicate segment or ignorable id 's1twice' (first on line 5)"),
    'SegmentWithoutSource': (5, '<segment> must hold exactly one <source>, found 0'),
    'SrcLangNotWellFormed': (2, "srcLang='e' is not a well-formed language tag"),
    'SubFlowWithInvalidReference': (20, "<pc> subFlowsStart names 'badRef', which is not a unit of the file"),
    'SubFlowWithInvalidValue': (19, "<ph> subFlows names 'tu7,', which is not a unit of the file"),
    'SubStateWithoutState': (5, 'subState is set without state'),
    'SubTypeWithoutType': (6, '<pc> has subType without type'),
    'TrgLangNotWellFormed': (2, "trgLang='f r' is not a well-formed language tag"),
    'TwoSourceInUnit': (5, '<segment> must hold exactly one <source>, found 2'),
    'UnitWithoutSegment': (4, "unit '1' has no <segment>"),
    'UnknownDataRefEndValue': (10, "<pc> dataRefEnd='badId' refers to no <data> of the unit"),
    'UnknownDataRefStartValue': (10, "<pc> dataRefStart='badId' refers to no <data> of the unit"),
    'UnknownDataRefValue': (9, "<ph> dataRef='badId' refers to no <data> of the unit"),
    'XmlLangNotWellFormed': (7, "xml:lang='f r' is not a well-formed language tag"),
    'YesCanReorderInEcForFirstNoInSc': (6, "<ec startRef='1'> canReorder='yes' does not match its <sc> ('no')"),
}
#: OASIS core/invalid files read anyway: rules no review edit can break and that nothing here relies
#: on (extension and module attributes, fragment-id syntax outside comments, xml:lang agreement,
#: canReorder sequences, skeletons, note placement), and two that real MateCat files break
#: (a <group> without id, a <file> without units).
NOT_ENFORCED = (
    'DifferentXmlSpace',
    'DuplicateExtElemIdsInFile',
    'DuplicateExtElemIdsInGroup',
    'DuplicateExtElemIdsInUnit',
    'EmptySkeletonWithoutHref',
    'GroupWithoutId',
    'InvalidDirAttributeOnSource',
    'InvalidExtensionAttributeOnPc',
    'InvalidExtensionAttributeOnSegment',
    'InvalidExtensionAttributeOnSource',
    'InvalidExtensionAttributeOnTarget',
    'InvalidExtensionElementInData',
    'InvalidExtensionElementInFile',
    'InvalidExtensionElementInOriginalData',
    'InvalidExtensionElementInSegment',
    'InvalidExtensionElementOutsideFile',
    'InvalidFSAttribute',
    'InvalidFSAttributeOnEc',
    'InvalidFSAttributeValue',
    'InvalidFragIdBadOrder',
    'InvalidFragIdDuplicatedPrefix',
    'InvalidFragIdMissplacedLeaf',
    'InvalidFragIdNoSingleLeaf',
    'InvalidFragIdPrefixNotNmtoken',
    'InvalidFragIdPrefixTooShort',
    'InvalidFragIdUnknownPrefix',
    'InvalidNotesInFile',
    'InvalidNotesInGroup',
    'InvalidNotesInUnit',
    'InvalidTranslateInSegment',
    'InvalidValidation',
    'InvalidXmlLangInheritedFromFile',
    'InvalidXmlLangInheritedFromGroup',
    'InvalidXmlLangInheritedFromUnit',
    'InvalidXmlLangOnFile',
    'InvalidXmlLangOnGroup',
    'InvalidXmlLangOnUnit',
    'MissingReorderFirstNo',
    'NoUnitOrGroupInFile',
    'NonEmptySkeletonWithHref',
    'WrongLangOnTarget',
    'WrongReordering1',
    'WrongReordering2',
    'WrongSourceLang',
    'WrongTargetLang',
    'canReorderContext1',
    'canReorderContext2',
    'canReorderContext3',
)


@pytest.mark.parametrize("name", sorted(INVALID_REJECTED))
def test_oasis_invalid_files_are_rejected(name: str) -> None:
    path = OASIS / "core" / "invalid" / f"bad_{name}.xlf"
    line, message = INVALID_REJECTED[name]
    with pytest.raises(FormatError) as info:
        load_corpus(path)
    assert str(info.value) == f"{path}:{line}: {message}"


def test_every_oasis_invalid_file_is_classified() -> None:
    names = {p.name[4:-4] for p in (OASIS / "core" / "invalid").glob("bad_*.xlf")}
    assert len(names) == 122
    assert names == set(INVALID_REJECTED) | set(NOT_ENFORCED)
    assert len(INVALID_REJECTED) == 74


# ---------------------------------------------------------------------------------------------
# Real values


def test_segmented_xliff12_reads_each_mrk_as_a_segment() -> None:
    corpus = load_corpus(DATA / "okapi-xliff12" / "segmented.xlf")
    assert corpus.format == "xliff12"
    assert (corpus.source_lang, corpus.target_lang) == ("en", "de")
    assert [s.id for s in corpus.segments] == ["1", "3#0", "3#1"]
    first = corpus.segments[0]
    assert first.source == "The quick brown ⟦1⟧fox⟦/1⟧ jumped over the lazy dog."
    assert first.target == "Der schnelle braune ⟦1⟧fuchs⟦/1⟧ sprang über den faulen hund."
    assert first.note == ("Make sure to use the glossary I sent you yesterday. Thanks.\n"
                          "Again. Make sure to use the glossary I sent you yesterday. Thanks.")
    assert first.extra["codes"]["1"] == {"kind": "pair", "open": '<bpt id="1" ctype="bold">&lt;b></bpt>',
                                         "close": '<ept id="1">&lt;/b></ept>', "label": "bold", "element": False}
    assert [(s.source, s.target) for s in corpus.segments[1:]] == [("Segment one.", "Segment ein."),
                                                                   ("Segment two.", "Segment zwei.")]


def test_xliff12_states_map_to_statuses() -> None:
    tt = load_corpus(DATA / "translate-toolkit-xliff" / "states.xlf")
    # Every unit says approved="yes"; a known state wins, an unknown one leaves the approval.
    assert {s.id: s.status.value for s in tt.segments} == {
        "1": "final", "2": "final", "3": "final", "4": "final", "5": "final", "6": "final", "7": "translated",
        "8": "final"}


def test_sdlxliff_confirmation_levels_map_to_statuses() -> None:
    corpus = load_corpus(DATA / "matecat-xliff-parser" / "Test stati sdlxliff.txt_it-IT_en-US.sdlxliff")
    assert [s.status.value for s in corpus.segments] == [
        "translated", "translated", "translated", "translated", "reviewed", "reviewed", "final",
        "new", "translated", "translated", "translated", "reviewed", "reviewed", "final", "new"]
    assert corpus.segments[0].source == "Segmento 1"
    assert corpus.segments[0].target == "Segment 1"


def test_sdlxliff_inline_codes_and_segments() -> None:
    corpus = load_corpus(DATA / "okapi-sdlxliff" / "simpleTest15984.sdlxliff")
    assert len(corpus.segments) == 10
    first = corpus.segments[0]
    assert first.id == "379a8d5c-f2d0-42d5-8344-e909d179eca1"
    assert (first.source, first.target) == ("Before ⟦1/⟧ after.", "⟦1/⟧")
    assert first.extra["codes"]["1"]["open"] == '<x id="10" xid="bfd52b12-c0dd-4094-8301-f53292f24fed" />'


def test_repeated_trans_unit_ids_get_distinct_segment_ids() -> None:
    # Passolo repeats resource ids inside one <file>; the writer addresses units by position.
    corpus = load_corpus(DATA / "okapi-xliff12" / "PAS-10-Test01.xlf")
    assert len(corpus.segments) == 158
    assert [s.id for s in corpus.segments[:4]] == ["1", "9", "10", "1~2"]
    assert corpus.segments[3].source == "&Save\tCtrl+S"


def test_xliff2_segments_states_codes_and_data_labels() -> None:
    corpus = load_corpus(DATA / "okapi-xliff20" / "test01.xlf")
    assert corpus.format == "xliff2"
    assert [(s.id, s.status.value) for s in corpus.segments] == [
        ("tu1#1", "translated"), ("tu1#2", "new"), ("tu3", "new"), ("tu3end", "new"), ("tu2", "new")]
    assert corpus.segments[0].target == "Exemple de segment."
    tu2 = corpus.segments[-1]
    assert tu2.source == "⟦1⟧special text⟦/1⟧ and more\n⟦2/⟧."
    assert tu2.extra["codes"]["1"]["label"] == "[b [#$tu3] ]"
    assert tu2.extra["codes"]["2"]["open"] == ('<ph id="2" canDelete="no" canReorder="firstNo" canCopy="no" '
                                               'dataRef="d3"/>')


def test_xliff2_notes_are_kept() -> None:
    corpus = load_corpus(OASIS / "core" / "valid" / "withNotes.xlf")
    assert [s.note for s in corpus.segments if s.note]


def test_translate_no_units_are_left_out() -> None:
    # everything-core: <file translate="no"> with a unit and a group saying translate="yes".
    corpus = load_corpus(OASIS / "core" / "valid" / "everything-core.xlf")
    assert [s.id for s in corpus.segments] == ["tu1#1", "tu1#2", "tu3", "tu3end", "tu2"]


def test_approved_segments_are_written_final_xliff12(tmp_path: Path) -> None:
    src = DATA / "okapi-xliff12" / "segmented.xlf"
    corpus = load_corpus(src)
    (data,) = render_target(corpus, {}, {"1": SegmentStatus.FINAL}).values()
    text = data.decode("utf-8")
    assert '<trans-unit id="1" approved="yes">' in text
    assert '<target xml:lang="de-DE" state="final">' in text
    reviewed = render_target(corpus, {}, {"3#0": SegmentStatus.REVIEWED, "3#1": SegmentStatus.REVIEWED})
    assert 'state="signed-off"' in next(iter(reviewed.values())).decode("utf-8")
    # Only one of two segments approved: the unit keeps its state (the least advanced wins).
    assert render_target(corpus, {}, {"3#0": SegmentStatus.FINAL})[src.name] == src.read_bytes()


def test_approved_segments_are_written_final_xliff2() -> None:
    corpus = load_corpus(DATA / "okapi-xliff20" / "test01.xlf")
    (data,) = render_target(corpus, {}, {"tu1#2": SegmentStatus.FINAL}).values()
    assert b'<segment id="2" state="final">' in data
    (data,) = render_target(corpus, {}, {"tu1#1": SegmentStatus.REVIEWED}).values()
    assert b'<segment id="1" canResegment="no" state="reviewed" subState="my:state">' in data


def test_sdlxliff_approval_sets_the_confirmation_level() -> None:
    path = DATA / "okapi-sdlxliff" / "okapi_intro_test15977.sdlxliff"
    corpus = load_corpus(path)
    seg = corpus.segments[0]
    (data,) = render_target(corpus, {}, {seg.id: SegmentStatus.FINAL}).values()
    before = path.read_text(encoding="utf-8")
    after = data.decode("utf-8")
    assert after.count('conf="ApprovedSignOff"') == before.count('conf="ApprovedSignOff"') + 1


def test_edit_keeps_inline_markup_and_escapes_text(tmp_path: Path) -> None:
    src = DATA / "okapi-xliff12" / "Typo3Draft.xlf"
    corpus = load_corpus(src)
    seg = corpus.by_id()["3"]
    assert seg.target == "Dies ist ein Satz mit einem ⟦1⟧fettgedruckten Wort⟦/1⟧"
    (data,) = render_target(corpus, {"3": "Ein Satz mit ⟦1⟧fettem Wort⟦/1⟧ & <mehr>"}).values()
    assert b'Ein Satz mit <xlf:g id="1" ctype="bold">fettem Wort</xlf:g> &amp; &lt;mehr&gt;' in data
    out = tmp_path / src.name
    out.write_bytes(data)
    assert load_corpus(out).by_id()["3"].target == "Ein Satz mit ⟦1⟧fettem Wort⟦/1⟧ & <mehr>"


def test_target_is_created_for_a_unit_without_one(tmp_path: Path) -> None:
    src = OASIS / "core" / "valid" / "sourceOnly.xlf"
    corpus = load_corpus(src)
    (data,) = render_target(corpus, {"1": "sumber"}).values()
    text = data.decode("utf-8")
    assert '<source>source</source>\n    <target>sumber</target>' in text
    assert 'srcLang="en" trgLang="id"' in text
    out = tmp_path / src.name
    out.write_bytes(data)
    assert load_corpus(out).segments[0].target == "sumber"


@pytest.mark.parametrize(("target", "message"), [
    ("Dies ⟦1⟧fett", "⟦1⟧ is never closed"),
    ("Dies ⟦/1⟧fett⟦1⟧", "⟦/1⟧ does not close the innermost open code"),
    ("Dies ⟦7/⟧", "⟦7/⟧ is not an inline code of this segment"),
    ("Dies ⟦1/⟧", "⟦1/⟧: code 1 is a paired code (⟦1⟧…⟦/1⟧)"),
])
def test_broken_codes_are_refused_on_write(target: str, message: str) -> None:
    corpus = load_corpus(DATA / "okapi-xliff12" / "Typo3Draft.xlf")
    with pytest.raises(FormatError) as info:
        render_target(corpus, {"3": target})
    assert str(info.value) == f"segment 3: cannot write the target: {message} (see the inline-codes check)"


def test_windows_1252_declared_file_round_trips(tmp_path: Path) -> None:
    src = DATA / "okapi-qa-verification" / "test01.xlf"
    corpus = load_corpus(src)
    assert render_target(corpus, {})[src.name] == src.read_bytes()
    seg = corpus.segments[0]
    (data,) = render_target(corpus, {seg.id: "Prix : 5 € – łódź"}).values()
    assert "Prix : 5 € – &#322;ód&#378;".encode("cp1252") in data  # ł and ź are not in windows-1252
    out = tmp_path / src.name
    out.write_bytes(data)
    assert load_corpus(out).segments[0].target == "Prix : 5 € – łódź"


def test_format_is_chosen_by_content_not_extension(tmp_path: Path) -> None:
    v2 = tmp_path / "renamed.xml"
    v2.write_bytes((DATA / "okapi-xliff20" / "test01.xlf").read_bytes())
    v1 = tmp_path / "renamed.xliff"
    v1.write_bytes((DATA / "okapi-xliff12" / "segmented.xlf").read_bytes())
    assert detect_format(v2).name == "xliff2"
    assert detect_format(v1).name == "xliff12"
    assert load_corpus(v2).segments[0].id == "tu1#1"


def test_untouched_units_keep_their_bytes_after_an_edit() -> None:
    src = DATA / "okapi-xliff12" / "MQ-12-Test01.xlf"
    corpus = load_corpus(src)
    seg = corpus.segments[50]
    (data,) = render_target(corpus, {seg.id: "Baru"}).values()
    before = src.read_bytes()
    prefix = next(i for i, (a, b) in enumerate(zip(before, data, strict=False)) if a != b)
    suffix = next(i for i, (a, b) in enumerate(zip(reversed(before), reversed(data), strict=False)) if a != b)
    unit_start = before.index(f'<trans-unit id="{seg.extra["unit"]}"'.encode())
    unit_end = before.index(b"</trans-unit>", unit_start)
    assert unit_start <= prefix and len(before) - suffix <= unit_end
    assert parse_xml(src, data).root.local == "xliff"
    assert re.search(rb"<target[^>]*>Baru</target>", data)
