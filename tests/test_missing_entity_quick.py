"""missing-entity's quick answer (`en_id_names.lost_name_keys`): the name words a target lost,
found before any name is; it must hold every part of every name that `source_entities` finds, and
tell exactly which of them `present` would miss."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from reviewer.checking.engine import Checker
from reviewer.checks import SegmentContext, en_id_names, en_id_words
from tests.paths import NTREX


@cache
def ntrex_pairs() -> list[tuple[str, str]]:
    sources = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    targets = (NTREX / "newstest2019-ref.ind.txt").read_text(encoding="utf-8").splitlines()
    return list(zip(sources, targets))


def joined_pairs() -> list[tuple[str, str]]:
    """Two NTREX pairs joined, as the benchmark corpus joins them (two sentence starts each)."""
    pairs = ntrex_pairs()
    return [(f"{a[0]} {b[0]}", f"{a[1]} {b[1]}") for a, b in zip(pairs[:600], pairs[1:601])]


def assert_keys_cover_the_names(source: str, target: str) -> None:
    ctx = SegmentContext("1", source, target)
    keys, lost = en_id_names.lost_name_keys(ctx)
    required: Counter[str] = Counter()
    for group in en_id_names.source_entities(SegmentContext("1", source, target)):
        for part in en_id_names.required_parts(group):
            key = en_id_names.name_key(part)
            required[key] += 1
            assert en_id_names.present(part, SegmentContext("1", source, target)) == (key not in lost), (source, part)
    # Each occurrence of a name's part has a key of its own (missing-entity counts them).
    assert not required - Counter(keys), (source, required - Counter(keys))


def test_lost_name_keys_cover_every_name_on_real_text() -> None:
    for source, target in ntrex_pairs() + joined_pairs():
        assert_keys_cover_the_names(source, target)


@pytest.mark.parametrize(("source", "target"), [
    ("U.S. Army officials said the Pentagon agreed.", "Pejabat angkatan darat mengatakan Pentagon setuju."),
    ("x.U.S. Army met. Jean-Pierre Dupont's team won.", "Tim menang."),
    ("It ended. Counter-terrorism officials met Jones' aides.", "Selesai."),
    ('He said. "It\'s Scale AI," Smith said. «Wer» Émile Zola\tand  Co met.', "Ia berkata."),
    ("A.b. Smith met A. Jones in the U.K. Mr. Brown came.\nNew York Times reported it.", "Dia datang."),
    ("ÉCOLE Normale, İstanbul and the ǅungla Group met the CEO of OpenAI's unit.", "Mereka bertemu."),
])
def test_lost_name_keys_cover_every_name_in_odd_text(source: str, target: str) -> None:
    assert_keys_cover_the_names(source, target)


@pytest.mark.parametrize(("text", "words"), [
    # plain capitalised words at a sentence start that no name can run into are left out
    ("It ended. Officials met Scale AI.", ["Scale", "AI"]),
    ("Talks ended! Counter-terrorism staff met.", []),
    ('"Officials met," he said. It\'s done.', []),
    ("New York\nTimes Square", ["York", "Square"]),
    ("in 2019. Officials met", []),
    # but not where a name may run on into them, or where they look like names
    ("the U.S. Army met", ["U.S.", "Army"]),
    ("met Smith  Officials", ["Smith", "Officials"]),
    ("It ended. U.S. Army met. OpenAI won. A.b. came.", ["U.S.", "Army", "OpenAI", "A.b."]),
    ("they said.” Officials met", ["Officials"]),
])
def test_name_words(text: str, words: list[str]) -> None:
    assert en_id_names._NAME_WORD.findall(text) == words


def test_a_letters_only_stretch_between_spaces_is_surely_a_target_word() -> None:
    """What `lost_name_keys` takes as present without looking further."""
    texts = [t for _, t in ntrex_pairs()[:500]] + [
        "Dia ke A.S., lalu ke Jakarta. Ia (Jakarta) H800-nya 10.000, x. k,\u212aelvin ſtraße ß Straße"]
    for text in texts:
        ctx = SegmentContext("1", "", text)
        folded = en_id_words.casefolded_target(ctx)
        for chunk in set((folded + " ").replace(". ", " ").replace(", ", " ").split()):
            if len(chunk) > 1 and chunk.isalpha():
                assert en_id_words.surely_a_target_word(chunk, ctx), (text, chunk)


@pytest.mark.parametrize(("source", "target", "flags"), [
    ("The deal was signed by Scale AI on Monday.", "Kesepakatan itu ditandatangani oleh AI pada hari Senin.",
     [(23, 31, "name 'Scale' of 'Scale AI' is missing from the target")]),
    ("U.S. Army officials said the Pentagon agreed.", "Pejabat angkatan darat mengatakan bahwa Pentagon setuju.",
     [(0, 9, "name 'U.S.' of 'U.S. Army' is missing from the target")]),
    ("Talks ended. Counter-terrorism officials in the U.S. Army met Jones.",
     "Pembicaraan selesai. Pejabat kontra-terorisme bertemu.",
     [(48, 57, "name U.S. Army is missing from the target"), (62, 67, "name Jones is missing from the target")]),
    ("Staff of Google-DeepMind met.", "Staf Google bertemu.",
     [(9, 24, "name 'DeepMind' of 'Google-DeepMind' is missing from the target")]),
    # quiet: kept, rendered, spelt closely, excused by a translated capitalised word
    ("Officials met. It's Scale AI that won.", "Pejabat bertemu. Scale AI yang menang.", []),
    ("He visited Jakarta on Saturday.", "Ia mengunjungi Jakarta pada hari Sabtu.", []),
    ("He flew to Mexico.", "Ia terbang ke Meksiko.", []),
    ("They met. Hurricane Maria hit Puerto Rico.", "Mereka bertemu. Badai Maria melanda Puerto Riko.", []),
    ("It was said. “Trump won,” Smith said.", "Dikatakan. “Trump menang,” kata Smith.", []),
])
def test_missing_entity_flags(source: str, target: str, flags: list[tuple[int, int, str]]) -> None:
    checker = Checker(None, only=["missing-entity"])
    assert [(f.start, f.end, f.message) for f in checker.check_segment("1", source, target)] == flags


def test_close_word_is_a_word_close_to_close_to() -> None:
    spellings = en_id_names.Spellings(["di", "skotlandia", "meksiko", "pada"])
    assert spellings.close_word("scotland") == "skotlandia" and spellings.close_to("scotland")
    assert spellings.close_word("mexico") == "meksiko"
    assert spellings.close_word("hurricane") is None and not spellings.close_to("hurricane")


def test_what_the_check_remembers_changes_no_flag() -> None:
    """Close spellings found in one segment are remembered for the next ones (`_SPELT_CLOSE`,
    `_SPELT_CLOSE_IN_SOURCE`): the flags are the same in any order, and with nothing kept."""
    pairs = joined_pairs()[:400]

    def flags(order: list[int], forget: bool) -> dict[int, list[tuple[int, int, str]]]:
        checker = Checker(None, only=["missing-entity"])
        found = {}
        for k in order:
            if forget:
                en_id_names._SPELT_CLOSE.clear()
                en_id_names._SPELT_CLOSE_IN_SOURCE.clear()
            found[k] = [(f.start, f.end, f.message) for f in checker.check_segment(str(k), *pairs[k])]
        return found

    forward = flags(list(range(len(pairs))), False)
    assert en_id_names._SPELT_CLOSE and en_id_names._SPELT_CLOSE_IN_SOURCE  # (something was remembered)
    assert forward == flags(list(reversed(range(len(pairs)))), False) == flags(list(range(len(pairs))), True)
    assert any(forward.values())
