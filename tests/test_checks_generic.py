"""Tests of the language-independent checks in reviewer/checks/generic.py: repetition, brackets,
quotes, currency spacing, invisible characters and capitalisation consistency across a corpus."""

from __future__ import annotations

import pytest

from reviewer.checking.corpus_pass import corpus_flags
from reviewer.checks import REGISTRY, CorpusCheck, SegmentContext
from reviewer.core.model import Flag, Severity, Side


def run_check(rule: str, source: str, target: str) -> list[Flag]:
    """Flags of one segment check, after checking that every span points at its text."""
    flags = list(REGISTRY[rule]().run(SegmentContext("s1", source, target)))
    for flag in flags:
        segment = target if flag.side is Side.TARGET else source
        assert flag.rule == rule
        assert 0 <= flag.start <= flag.end <= len(segment)
        assert flag.text == segment[flag.start:flag.end]
    return flags


def run_corpus(rule: str, pairs: list[tuple[str, str]], preferred: set[str] | None = None) -> list[tuple[str, Flag]]:
    """(segment id, flag) pairs of a corpus check over segments numbered 1, 2, 3 …"""
    check = REGISTRY[rule]()
    assert isinstance(check, CorpusCheck)
    if preferred is not None:
        check.preferred_forms = frozenset(preferred)
    contexts = [SegmentContext(str(i), source, target) for i, (source, target) in enumerate(pairs, 1)]
    by_id = {ctx.id: ctx for ctx in contexts}
    found = list(corpus_flags([check], contexts))
    for segment_id, flag in found:
        assert flag.rule == rule and flag.side is Side.TARGET
        assert flag.text == by_id[segment_id].target[flag.start:flag.end]
    return found


# --- repeated-word ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "target", "text", "start", "suggestion"),
    [
        ("The AI model was trained in China.", "Model AI AI itu dilatih di Tiongkok.", "AI AI", 6, "AI"),
        ("The ministry said on Monday.", "Kementerian itu mengatakan mengatakan pada hari Senin.",
         "mengatakan mengatakan", 16, "mengatakan"),
        ("Prices that rose sharply.", "Harga yang yang naik tajam.", "yang yang", 6, "yang"),
        ("The chip is fast.", "Chip itu cepat\ncepat.", "cepat\ncepat", 9, "cepat"),
        # A repetition elsewhere in the source ("that that") does not excuse a doubled source word.
        ("He said that that plan would fail, and the AI lab agreed.",
         "Dia mengatakan rencana itu akan gagal, dan lab AI AI setuju.", "AI AI", 47, "AI"),
    ],
)
def test_repeated_word_flags(source: str, target: str, text: str, start: int, suggestion: str) -> None:
    [flag] = run_check("repeated-word", source, target)
    assert (flag.text, flag.start, flag.end) == (text, start, start + len(text))
    assert flag.side is Side.TARGET
    assert flag.suggestion == suggestion
    assert flag.severity is Severity.MINOR
    assert flag.category == "fluency/duplication"
    assert flag.message == f"{suggestion!r} is repeated"


@pytest.mark.parametrize(
    ("target", "text"),
    [
        # Informal writing leaves out the hyphen of a reduplication; MT stutters a word: the fix
        # stays the deletion, and the message names the hyphen.
        ("Makanannya enak enak.", "enak"),
        ("Sate yang benar benar mantap.", "benar"),
        ("Perusahaan perusahaan itu tumbuh.", "Perusahaan"),  # (the first word starts the sentence)
    ],
)
def test_repeated_word_names_the_hyphen_of_a_reduplication(target: str, text: str) -> None:
    [flag] = run_check("repeated-word", "Some source.", target)
    assert flag.suggestion == text
    assert flag.category == "fluency/duplication"
    assert flag.message == f"{text!r} is repeated; if it is a reduplication, write it with a hyphen: " \
        f"{text + '-' + text.lower()!r}"


@pytest.mark.parametrize(
    "target",
    [
        "Model AI AI itu dilatih.",  # an acronym
        "Harga yang yang naik.",  # a function word never reduplicates whole
        "Ia mengatakan mengatakan hal itu.",  # a derived verb reduplicates in part
        "Ia dilempar dilempar.",
        "Chip itu cepat\ncepat.",  # across a line break
    ],
)
def test_repeated_word_names_no_hyphen_where_no_reduplication_can_be(target: str) -> None:
    [flag] = run_check("repeated-word", "Some source.", target)
    assert flag.message == f"{flag.suggestion!r} is repeated"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Large companies dominate.", "Perusahaan-perusahaan besar mendominasi."),  # reduplication
        ("For years, prices rose.", "Selama bertahun-tahun, harga naik."),
        ("The band Duran Duran played in Jakarta.", "Band Duran Duran tampil di Jakarta."),  # in the source too
        ('He said: "No, no, no."', "Dia berkata: “Tidak tidak tidak.”"),  # the source repeats itself
        ("He left. He went far.", "Ia pergi. Pergi jauh."),  # across a sentence end
        ("They were very, very happy.", "Mereka sangat, sangat senang."),  # set off by a comma
        ("The AI model was trained in China.", "Model AI itu dilatih di Tiongkok."),
    ],
)
def test_repeated_word_quiet(source: str, target: str) -> None:
    assert run_check("repeated-word", source, target) == []


# --- repeated-phrase -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "target", "text", "phrase"),
    [
        ("The Peterson Institute said the controls would fail.",
         "Peterson Institute The Peterson Institute mengatakan kontrol itu akan gagal.",
         " The Peterson Institute", "Peterson Institute"),
        ("Bank Indonesia raised rates.", "Bank Indonesia Bank Indonesia menaikkan suku bunga.",
         " Bank Indonesia", "Bank Indonesia"),
        ("The meeting was held in central Jakarta yesterday.",
         "Rapat digelar di Jakarta pusat di Jakarta pusat kemarin.", " di Jakarta pusat", "di Jakarta pusat"),
        # "very, very" in the source excuses a translated repetition, not a doubled name.
        ("It was a very, very good year for the Peterson Institute.",
         "Itu tahun yang sangat, sangat baik bagi Peterson Institute The Peterson Institute.",
         " The Peterson Institute", "Peterson Institute"),
    ],
)
def test_repeated_phrase_flags(source: str, target: str, text: str, phrase: str) -> None:
    [flag] = run_check("repeated-phrase", source, target)
    start = target.rindex(text)  # the second occurrence, with the space before it
    assert (flag.text, flag.start, flag.end) == (text, start, start + len(text))
    assert flag.side is Side.TARGET
    assert flag.suggestion == ""  # delete the second occurrence
    assert repr(phrase) in flag.message
    assert flag.severity is Severity.MAJOR


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Officials said the deal was done.", "Para pejabat mengatakan kesepakatan itu selesai."),
        ("Bank Indonesia, Bank Indonesia!", "Bank Indonesia, Bank Indonesia!"),  # comma: deliberate
        ("Bank Indonesia, Bank Indonesia!", "Bank Indonesia Bank Indonesia!"),  # the source repeats it
        ("Very happy, very happy indeed.", "Sangat senang sangat senang."),
        ("Tech companies grew.", "Perusahaan-perusahaan teknologi tumbuh."),
    ],
)
def test_repeated_phrase_quiet(source: str, target: str) -> None:
    assert run_check("repeated-phrase", source, target) == []


# --- brackets --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "target", "text", "start", "kind"),
    [
        ("Prices (in rupiah) rose.", "Harga (dalam rupiah naik.", "(", 6, "opening"),
        ("Prices (in rupiah) rose.", "Harga dalam rupiah) naik.", ")", 18, "closing"),
        ("The index [JCI] fell.", "Indeks [IHSG turun.", "[", 7, "opening"),
        ("The {draft} deal leaked.", "Draf} kesepakatan bocor.", "}", 4, "closing"),
        ("1) First, cut costs.", "1) Pertama, pangkas biaya (segera.", "(", 26, "opening"),
    ],
)
def test_brackets_flags(source: str, target: str, text: str, start: int, kind: str) -> None:
    [flag] = run_check("brackets", source, target)
    assert (flag.text, flag.start, flag.end) == (text, start, start + 1)
    assert flag.side is Side.TARGET
    assert flag.message == f"{kind} {text!r} has no partner"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Prices (in rupiah) rose.", "Harga (dalam rupiah) naik."),
        ("The index [JCI] fell (again).", "Indeks [IHSG] turun (lagi)."),
        ("1) First, cut costs.", "1) Pertama, pangkas biaya."),  # the source has the same lone ")"
        ("Prices rose.", "Harga naik."),
    ],
)
def test_brackets_quiet(source: str, target: str) -> None:
    assert run_check("brackets", source, target) == []


# --- quotes ----------------------------------------------------------------------------------

SAID = 'He said, "We will win."'


@pytest.mark.parametrize(
    ("source", "target", "text", "start", "suggestion", "message_part"),
    [
        (SAID, "Dia berkata, “Kami akan menang.“", "“", 31, "”", "opening quote “ used to close"),
        (SAID, "Dia berkata, ”Kami akan menang.”", "”", 13, "“", "closing quote ” used to open"),
        (SAID, "Dia berkata, “Kami akan menang. ”", " ”", 31, "”", "space before a closing quote"),
        (SAID, "Dia berkata, “Kami akan menang. “", " “", 31, "”", "opening quote “ used to close"),
        (SAID, "Dia berkata, Kami akan menang.”", "”", 30, "", "closing quote without an opening quote"),
        (SAID, "Dia berkata, “Kami akan menang.", "“", 13, None, "opened but never closed"),
        ('He said "yes."', 'Dia berkata "ya.', '"', 12, None, "opened but never closed"),
        ('"We will win," he said.', "“Kami akan menang, ” katanya.", " ”", 18, "”", "space before a closing quote"),
        ('Words like "cheap" and "fast" appeared.', "Kata-kata seperti “murah“ dan “cepat” muncul.",
         "“", 24, "”", "opening quote “ used to close"),
    ],
)
def test_quotes_flags(source: str, target: str, text: str, start: int, suggestion: str | None,
                      message_part: str) -> None:
    [flag] = run_check("quotes", source, target)
    assert (flag.text, flag.start, flag.end) == (text, start, start + len(text))
    assert flag.side is Side.TARGET
    assert flag.suggestion == suggestion
    assert message_part in flag.message


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (SAID, "Dia berkata, “Kami akan menang.”"),
        (SAID, 'Dia berkata, "Kami akan menang."'),
        ('Words like "cheap" and "fast" appeared.', "Kata-kata seperti “murah” dan “cepat” muncul."),
        # The source leaves the quotation open (it runs on into the next paragraph), or closes one
        # opened in the previous paragraph: the target may do the same.
        ('He said, "We will win.', "Dia berkata, “Kami akan menang."),
        ('We will win," he said.', "Kami akan menang,” katanya."),
        ("He said they would win.", "Dia berkata mereka akan menang."),
    ],
)
def test_quotes_quiet(source: str, target: str) -> None:
    assert run_check("quotes", source, target) == []


# --- currency-spacing ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("target", "text", "start", "sign"),
    [
        ("Perusahaan itu menghimpun $ 103 juta.", "$ ", 26, "$"),
        ("Perusahaan itu menghimpun US$ 103 juta.", "US$ ", 26, "US$"),
        ("Harga tiket € 5 per orang.", "€ ", 12, "€"),
        ("Harganya £\u00a07 miliar.", "£\u00a0", 9, "£"),
        ("Nilainya ¥  300 miliar.", "¥  ", 9, "¥"),
    ],
)
def test_currency_spacing_flags(target: str, text: str, start: int, sign: str) -> None:
    [flag] = run_check("currency-spacing", "It raised $103 million.", target)
    assert (flag.text, flag.start, flag.end) == (text, start, start + len(text))
    assert flag.suggestion == sign
    assert flag.side is Side.TARGET


@pytest.mark.parametrize(
    "target",
    [
        "Perusahaan itu menghimpun US$103 juta.",
        "Perusahaan itu menghimpun $103 juta.",
        "Harganya Rp 10.000 per kilogram.",  # Indonesian writes Rp with or without a space
        "Kurs $ dan € melemah 5 persen.",  # a sign that is not followed by an amount
    ],
)
def test_currency_spacing_quiet(target: str) -> None:
    assert run_check("currency-spacing", "It raised $103 million.", target) == []


# --- invisible-characters --------------------------------------------------------------------

@pytest.mark.parametrize(
    ("target", "start", "what"),
    [
        ("Saham Nvidia\u202e naik.", 12, "bidirectional control"),
        ("Saham Nvidia\u2066 naik.", 12, "bidirectional control"),
        ("kata\u200bkunci", 4, "zero-width"),
        ("\ufeffSaham naik.", 0, "zero-width"),
        ("infor\u00admasi", 5, "soft hyphen"),
        ("Saham\x07 naik.", 5, "control character"),
        ("baris\u2028baru", 5, "control character"),
    ],
)
def test_invisible_characters_flags(target: str, start: int, what: str) -> None:
    [flag] = run_check("invisible-characters", "Shares rose.", target)
    assert (flag.start, flag.end, flag.text) == (start, start + 1, target[start])
    assert flag.message.startswith(f"U+{ord(target[start]):04X} is ")
    assert what in flag.message
    assert flag.suggestion == ""
    assert flag.severity is Severity.MAJOR


def test_invisible_characters_flags_decomposed_text() -> None:
    target = "Kafe\u0301 baru dibuka."  # e + COMBINING ACUTE ACCENT
    [flag] = run_check("invisible-characters", "A new cafe opened.", target)
    assert (flag.start, flag.end, flag.text) == (3, 5, "e\u0301")
    assert flag.suggestion == "\u00e9"
    assert "NFC" in flag.message
    assert flag.severity is Severity.MINOR


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Shares rose.", "Saham naik."),
        ("Shares\u202e rose.", "Saham\u202e naik."),  # the source has it too
        ("key\u200bword", "kata\u200bkunci"),
        ("Shares rose.", "Saham\tnaik.\nHarga turun."),  # tab and newline are ordinary
        ("Shares rose 😀", "Saham naik 😀 中文 עברית"),
        ("Shares rose 👩‍👩‍👧", "Saham naik 👩‍👩‍👧"),  # zero-width joiners of an emoji the source has
        ("A new caf\u00e9 opened.", "Kaf\u00e9 baru dibuka."),  # composed: NFC
        ("A new cafe\u0301 opened.", "Kafe\u0301 baru dibuka."),  # decomposed in the source as well
    ],
)
def test_invisible_characters_quiet(source: str, target: str) -> None:
    assert run_check("invisible-characters", source, target) == []


# --- inconsistent-case (corpus) --------------------------------------------------------------

NVIDIA_MIXED = [
    ("Nvidia chips sold out.", "Chip NVIDIA terjual habis."),
    ("Nvidia said supply was ample.", "Kata Nvidia, pasokan cukup."),
    ("Shares of Nvidia fell.", "Saham Nvidia turun."),
]


def test_inconsistent_case_flags_the_minority_form() -> None:
    [(segment_id, flag)] = run_corpus("inconsistent-case", NVIDIA_MIXED)
    assert segment_id == "1"
    assert (flag.text, flag.start, flag.end) == ("NVIDIA", 5, 11)
    assert flag.suggestion == "Nvidia"
    assert "(2×)" in flag.message


def test_inconsistent_case_glossary_form_wins_over_the_majority() -> None:
    pairs = [NVIDIA_MIXED[0], ("Nvidia rose.", "Saham NVIDIA naik."), NVIDIA_MIXED[2]]
    majority = run_corpus("inconsistent-case", pairs)
    assert [(i, f.text, f.suggestion) for i, f in majority] == [("3", "Nvidia", "NVIDIA")]
    prescribed = run_corpus("inconsistent-case", pairs, preferred={"Nvidia"})
    assert [(i, f.text, f.start, f.suggestion) for i, f in prescribed] == [
        ("1", "NVIDIA", 5, "Nvidia"),
        ("2", "NVIDIA", 6, "Nvidia"),
    ]


def test_inconsistent_case_tie_goes_to_the_source_spelling() -> None:
    found = run_corpus("inconsistent-case", NVIDIA_MIXED[:2])
    assert [(i, f.text, f.suggestion) for i, f in found] == [("1", "NVIDIA", "Nvidia")]


def test_inconsistent_case_ignores_a_clitic_after_the_name() -> None:
    pairs = [
        ("DeepSeek chips", "Chip DeepSeek"),
        ("Deepseek chips", "Chip Deepseek"),
        ("its model", "model DeepSeek-nya"),
    ]
    found = run_corpus("inconsistent-case", pairs)
    assert [(i, f.text, f.start, f.end, f.suggestion) for i, f in found] == [("2", "Deepseek", 5, 13, "DeepSeek")]


@pytest.mark.parametrize(
    "pairs",
    [
        # All capitals in a run of capitals is shouting, not a spelling.
        [("NVIDIA SHARES PLUNGE", "SAHAM NVIDIA ANJLOK"), ("Nvidia fell.", "Saham Nvidia turun."),
         ("Nvidia rose.", "Saham Nvidia naik.")],
        # A word also written in lower case is an ordinary word capitalised, not a name.
        [("Prices Fall", "Harga Turun tajam."), ("Prices fell.", "Harga turun lagi.")],
        # One spelling throughout.
        [("Nvidia fell.", "Saham Nvidia turun."), ("Nvidia rose.", "Saham Nvidia naik.")],
        # Short acronyms against sentence case.
        [("US chips", "Chip AS."), ("As before", "As seperti sebelumnya.")],
    ],
)
def test_inconsistent_case_quiet(pairs: list[tuple[str, str]]) -> None:
    assert run_corpus("inconsistent-case", pairs) == []


# --- every check: spans stay inside their text -----------------------------------------------

TRICKY = [
    "",
    " ",
    "😀😀 😀 chip chip",
    "中文 中文 (括号",
    "עברית עברית “ציטוט“",
    "[b]x[/b] [b]x[/b]",
    "[@click=app.quit] $ 5",
    "\x1b[31mmerah\x1b[0m",
    "Kafe\u0301 \u202e 10,000 -nya",
    "AI AI Mr. Smith H800S -nya “",
]


@pytest.mark.parametrize("check_id", sorted(REGISTRY))
def test_every_check_keeps_spans_inside_the_segment(check_id: str) -> None:
    check = REGISTRY[check_id]()
    for source in TRICKY:
        for target in TRICKY:
            contexts = [SegmentContext("a", source, target), SegmentContext("b", target, source)]
            if isinstance(check, CorpusCheck):
                found = list(corpus_flags([check], contexts))
            else:
                found = [(ctx.id, flag) for ctx in contexts for flag in check.run(ctx)]
            by_id = {ctx.id: ctx for ctx in contexts}
            for segment_id, flag in found:
                ctx = by_id[segment_id]
                segment = ctx.target if flag.side is Side.TARGET else ctx.source
                assert 0 <= flag.start <= flag.end <= len(segment), (check_id, source, target, flag)
                assert flag.text == segment[flag.start:flag.end], (check_id, source, target, flag)
                assert flag.rule == check_id


def test_tricky_inputs_do_raise_flags() -> None:
    """The span test above is only worth something if the tricky inputs produce flags."""
    ctx = SegmentContext("a", "", TRICKY[-1])
    rules = {flag.rule for check_id in REGISTRY if not issubclass(REGISTRY[check_id], CorpusCheck)
             for flag in REGISTRY[check_id]().run(ctx)}
    assert {"repeated-word", "reduplication-spacing", "untranslated-english", "quotes"} <= rules
