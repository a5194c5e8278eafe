"""Tests of the English-to-Indonesian checks in reviewer/checks/en_id.py: reduplication spacing,
English plurals and words left untranslated, function-word capitals, lost names, comparatives and
negations, and name variants mixed across a text."""

from __future__ import annotations

import pytest

from reviewer.checking.corpus_pass import corpus_flags
from reviewer.checks import REGISTRY, CorpusCheck, SegmentContext, applicable
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


def spans(flags: list[Flag]) -> list[tuple[str, int, int, str | None]]:
    return [(f.text, f.start, f.end, f.suggestion) for f in flags]


@pytest.mark.parametrize(
    "check_id",
    ["reduplication-spacing", "english-plural", "untranslated-english", "function-word-case",
     "missing-entity", "lost-comparative", "lost-negation", "inconsistent-variant"],
)
def test_checks_apply_to_english_indonesian_only(check_id: str) -> None:
    cls = REGISTRY[check_id]
    assert applicable(cls, "en", "id")
    assert applicable(cls, "en-US", "id_ID")
    assert not applicable(cls, "en", "de")


# --- reduplication-spacing -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("target", "text", "start", "suggestion", "kind"),
    [
        ("Selama bertahun -tahun harga naik.", "bertahun -tahun", 7, "bertahun-tahun", "reduplication"),
        ("Selama bertahun- tahun harga naik.", "bertahun- tahun", 7, "bertahun-tahun", "reduplication"),
        ("Perusahaan -perusahaan besar bangkrut.", "Perusahaan -perusahaan", 0, "Perusahaan-perusahaan",
         "reduplication"),
        ("Harga buku -buku itu naik.", "buku -buku", 6, "buku-buku", "reduplication"),
        ("Anak- anak bermain di taman.", "Anak- anak", 0, "Anak-anak", "reduplication"),
        ("Harga chip H800S -nya turun.", "H800S -nya", 11, "H800S-nya", "clitic"),
        ("Kinerja H800 -nya mengesankan.", "H800 -nya", 8, "H800-nya", "clitic"),
    ],
)
def test_reduplication_spacing_flags(target: str, text: str, start: int, suggestion: str, kind: str) -> None:
    [flag] = run_check("reduplication-spacing", "source", target)
    assert (flag.text, flag.start, flag.end) == (text, start, start + len(text))
    assert flag.suggestion == suggestion
    assert flag.side is Side.TARGET
    if "- " not in text:
        assert f"hyphen of a {kind}" in flag.message


@pytest.mark.parametrize(
    "target",
    [
        "Selama bertahun-tahun harga naik.",
        "Kinerja H800-nya mengesankan.",
        "Pertandingan itu dimenangkan tim Argentina -Chile tersingkir.",  # a dash before a name
        "Saham itu naik, katanya - meski pelan.",  # a spaced dash
        "Harga naik tajam.",
    ],
)
def test_reduplication_spacing_quiet(target: str) -> None:
    assert run_check("reduplication-spacing", "source", target) == []


# --- english-plural --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("DeepSeek trained its model on H800s.", "DeepSeek melatih modelnya dengan H800S.",
         [("H800S", 33, 38, "H800")]),
        ("DeepSeek trained its model on H800s.", "DeepSeek melatih modelnya dengan H800s.",
         [("H800s", 33, 38, "H800")]),
        ("The lab bought A100s and H100s.", "Lab itu membeli A100S dan H100S.",
         [("A100S", 16, 21, "A100"), ("H100S", 26, 31, "H100")]),
        ("Users flocked to chatbots.", "Pengguna berbondong-bondong ke chatbots.", [("chatbots", 31, 39, "chatbot")]),
        ("They used GPUs.", "Mereka memakai GPUs.", [("GPUs", 15, 19, "GPU")]),
        ("Apple sold more iPhones.", "Apple menjual lebih banyak iPhones.", [("iPhones", 27, 34, "iPhone")]),
    ],
)
def test_english_plural_flags(source: str, target: str, expected: list[tuple[str, int, int, str]]) -> None:
    flags = run_check("english-plural", source, target)
    assert spans(flags) == expected
    assert all(f.side is Side.TARGET for f in flags)


def test_english_plural_on_a_model_code_is_major() -> None:
    [flag] = run_check("english-plural", "It bought H800s.", "Perusahaan itu membeli H800S.")
    assert flag.severity is Severity.MAJOR
    assert "'H800'" in flag.message


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("DeepSeek trained its model on H800s.", "DeepSeek melatih modelnya dengan H800."),
        ("Users flocked to chatbots.", "Pengguna berbondong-bondong ke chatbot."),
        ("The New York Times reported the deal.", "The New York Times melaporkan kesepakatan itu."),
        ("The Samaritans helped the victims.", "Samaritans membantu para korban."),
        ("The status of the talks is clear.", "Status perundingan itu jelas."),  # Indonesian words in -s
        ("The crisis deepened.", "Krisis semakin dalam; status perusahaan tidak jelas."),
        ("The RTX 4080S launched.", "RTX 4080S diluncurkan."),  # the S is part of the name
        ("Samsung released the S24.", "Samsung merilis S24."),
        ("Write to chips@h800s.com for details.", "Kirim surel ke chips@h800s.com untuk rinciannya."),
    ],
)
def test_english_plural_quiet(source: str, target: str) -> None:
    assert run_check("english-plural", source, target) == []


# --- untranslated-english --------------------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "target", "text", "start", "suggestion"),
    [
        ("Mr. Liang declined to comment.", "Mr. Liang menolak berkomentar.", "Mr. ", 0, ""),
        ("Mr Liang declined to comment.", "Menurut Mr Liang, itu keliru.", "Mr ", 8, ""),
        ("Mrs. Sri Mulyani spoke.", "Mrs. Sri Mulyani berbicara.", "Mrs. ", 0, ""),
        ("He posted a screenshot of the chat.", "Dia mengunggah screenshot percakapan itu.", "screenshot", 15,
         "tangkapan layar"),
        ("He posted screenshots.", "Dia mengunggah screenshot.", "screenshot", 15, "tangkapan layar"),
        ("Screenshot of the post.", "Screenshot unggahan itu.", "Screenshot", 0, "tangkapan layar"),
        ("He will download the update.", "Dia akan download pembaruan itu.", "download", 9, "unduh"),
        ("The meeting ended.", "Meeting berakhir.", "Meeting", 0, "rapat"),
    ],
)
def test_untranslated_english_flags(source: str, target: str, text: str, start: int, suggestion: str) -> None:
    [flag] = run_check("untranslated-english", source, target)
    assert (flag.text, flag.start, flag.end) == (text, start, start + len(text))
    assert flag.suggestion == suggestion
    assert flag.side is Side.TARGET


def test_untranslated_english_flags_a_run_of_english() -> None:
    source = "The company said that the software was not ready for the market."
    target = "Perusahaan mengatakan that the software was not ready for the market."
    flags = run_check("untranslated-english", source, target)
    run = [f for f in flags if f.severity is Severity.MAJOR]
    assert spans(run) == [("that the software was not ready for the market", 22, 68, None)]
    assert run[0].message == "English text left untranslated"
    assert [f.text for f in flags if f.severity is Severity.MINOR] == ["software"]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Mr. Liang declined to comment.", "Liang menolak berkomentar."),
        ("He posted a screenshot.", "Dia mengunggah tangkapan layar."),
        ("The Screenshot app is popular.", "Aplikasi Screenshot populer."),  # a name mid-sentence
        ("Windows Update failed.", "Pembaruan Windows Update gagal."),
        ("The WHO said so.", "WHO mengatakan demikian."),  # an acronym
        ("Bank of America and the Times agreed.", "Bank of America dan The Times sepakat."),
        ("He attended the Meeting of the Minds.", "Dia menghadiri Meeting of the Minds."),
    ],
)
def test_untranslated_english_quiet(source: str, target: str) -> None:
    assert run_check("untranslated-english", source, target) == []


# --- function-word-case ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("target", "word", "start"),
    [
        ("Dalam wawancara Dengan Liang, dia berkata.", "Dengan", 16),
        ("Harga naik Untuk kedua kalinya.", "Untuk", 11),
        ("Rapat itu Akan digelar besok di Jakarta.", "Akan", 10),
        ("Ia berbicara Tentang ekonomi.", "Tentang", 13),
        ("Surat itu ditandatangani Oleh menteri.", "Oleh", 25),
    ],
)
def test_function_word_case_flags(target: str, word: str, start: int) -> None:
    [flag] = run_check("function-word-case", "In an interview with Liang, he said.", target)
    assert (flag.text, flag.start, flag.end) == (word, start, start + len(word))
    assert flag.suggestion == word.lower()
    assert flag.side is Side.TARGET


@pytest.mark.parametrize(
    "target",
    [
        "Dengan demikian, harga naik.",  # start of a sentence
        "Ia pulang. Dengan cepat ia tidur.",
        "Ia berkata, “Dan kami akan menang.”",  # after an opening quote
        "Ia berkata: Dan kami menang.",
        "Penjualan naik (Dengan margin tipis).",
        "Menteri Dalam Negeri Tito Karnavian hadir di rapat.",  # inside names
        "Ia bertemu Yang Mulia Raja di istana.",
        "Kebijakan Baru Untuk Ekspor Chip Dari Amerika",  # a title-case heading
        "Dalam wawancara dengan Liang, dia berkata.",
    ],
)
def test_function_word_case_quiet(target: str) -> None:
    assert run_check("function-word-case", "In an interview with Liang, he said.", target) == []


# --- missing-entity --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "target", "name", "missing"),
    [
        ("The startup hired Scale AI to label data.", "Perusahaan rintisan itu menyewa AI untuk melabeli data.",
         "Scale AI", "'Scale'"),
        ("Nvidia shares fell after DeepSeek released its model.", "Saham Nvidia turun setelah merilis modelnya.",
         "DeepSeek", "DeepSeek"),
        ("Shares of Alibaba and Tencent rose.", "Saham Alibaba naik.", "Alibaba and Tencent", "'Tencent'"),
        ("Liang Wenfeng founded the company.", "Perusahaan itu didirikan oleh Liang.", "Wenfeng", "Wenfeng"),
        # A sentence full of names is not a title-case heading.
        ("The Peterson Institute for International Economics said so.", "Lembaga itu mengatakan demikian.",
         "Peterson Institute for International Economics", "Peterson Institute for International Economics"),
    ],
)
def test_missing_entity_flags(source: str, target: str, name: str, missing: str) -> None:
    [flag] = run_check("missing-entity", source, target)
    start = source.index(name)
    assert (flag.text, flag.start, flag.end) == (name, start, start + len(name))
    assert flag.side is Side.SOURCE
    assert flag.suggestion is None
    assert missing in flag.message and "missing from the target" in flag.message


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("The startup hired Scale AI to label data.", "Perusahaan rintisan itu menyewa Scale AI untuk melabeli data."),
        ("The talks resumed on Monday.", "Perundingan dilanjutkan pada hari Senin."),
        ("Exports to China fell.", "Ekspor ke Tiongkok turun."),
        ("Exports to China fell.", "Ekspor ke Cina turun."),
        ("The United States imposed new controls.", "Amerika Serikat memberlakukan kontrol baru."),
        ("Hurricane Florence hit the coast.", "Badai Florence menghantam pantai."),
        ("The Red Cross sent volunteers.", "Palang Merah mengirim relawan."),
        ("Officials met in Geneva on Tuesday.", "Para pejabat bertemu di Jenewa pada hari Selasa."),
        ("The Philippines and Mexico agreed.", "Filipina dan Meksiko sepakat."),
        ("Microsoft and OpenAI signed a deal.", "Microsoft dan OpenAI menandatangani kesepakatan."),
        ("Scale AI declined to comment.", ""),  # nothing translated yet
        # Capitalised words that are no names: forms of address, exclamations, "OK".
        ("Is everything OK?", "Apa semuanya baik-baik saja?"),
        ("Good God, Sir, don't do that.", "Aduh pak, jangan begitu."),
        ("I've never climbed Mt. Fuji.", "Aku belum pernah mendaki gunung Fuji."),
        ("We went home during Eid.", "Kami pulang kampung saat lebaran."),
        ("It's Tom who deserves credit.", "Tomlah yang pantas mendapatkannya."),  # a name with a clitic
        ("The TV won't turn on.", "Televisinya tidak mau menyala."),  # a rendering with a clitic
        ("Mom and Dad gave me a bicycle.", "Ibu dan ayah memberiku sepeda."),
    ],
)
def test_missing_entity_quiet(source: str, target: str) -> None:
    assert run_check("missing-entity", source, target) == []


# --- lost-comparative ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "target", "word", "start"),
    [
        ("The model needs fewer chips.", "Model itu membutuhkan lebih banyak chip.", "fewer", 16),
        ("The chips are less expensive.", "Chip itu lebih mahal.", "less", 14),
        ("The method is less energy-intensive.", "Metode ini lebih intensif energi.", "less", 14),
        # "lebih murah" renders "cheaper", not "less energy-intensive".
        ("The method is cheaper and less energy-intensive.", "Metode ini lebih murah dan lebih intensif energi.",
         "less", 26),
        # One marker for two comparisons: the second is lost.
        ("Fewer people voted and less money was raised.",
         "Lebih sedikit orang memilih dan uang yang terkumpul lebih banyak.", "less", 23),
    ],
)
def test_lost_comparative_flags(source: str, target: str, word: str, start: int) -> None:
    [flag] = run_check("lost-comparative", source, target)
    assert (flag.text, flag.start, flag.end) == (word, start, start + len(word))
    assert flag.side is Side.SOURCE
    assert flag.severity is Severity.MAJOR


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("The model needs fewer chips.", "Model itu membutuhkan lebih sedikit chip."),
        ("The model uses less power.", "Model itu memakai daya yang kurang."),
        ("Costs were less than expected.", "Biaya lebih rendah dari perkiraan."),
        ("The chips are less expensive.", "Chip itu lebih murah."),
        ("The method is cheaper and less energy-intensive.", "Metode ini lebih murah dan lebih hemat energi."),
        ("It costs more or less the same.", "Harganya kurang lebih sama."),
        ("It costs more or less the same.", "Harganya sama."),  # an idiom, not a comparison
        ("No less than 40 people died.", "Sebanyak 40 orang tewas."),
        ("Regardless of cost, the plan went ahead unless blocked.", "Apa pun biayanya, rencana itu jalan."),
        ("The model needs fewer chips.", ""),
        ("Drink less and sleep more.", "Kurangi minum dan tidurlah lebih banyak."),  # "reduce!"
    ],
)
def test_lost_comparative_quiet(source: str, target: str) -> None:
    assert run_check("lost-comparative", source, target) == []


# --- lost-negation ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "target", "word", "start"),
    [
        ("The company did not respond to a request for comment.",
         "Perusahaan itu menanggapi permintaan komentar.", "not", 16),
        ("The company didn't respond.", "Perusahaan itu menanggapi.", "didn't", 12),
        ("The plan was approved without debate.", "Rencana itu disetujui setelah perdebatan.", "without", 22),
        ("No one knows the cost.", "Semua orang tahu biayanya.", "No", 0),
        ("There is no evidence of fraud.", "Ada bukti kecurangan.", "no", 9),
        ("Nothing happened overnight.", "Sesuatu terjadi semalam.", "Nothing", 0),
        ("The firm cannot export chips.", "Perusahaan itu dapat mengekspor chip.", "cannot", 9),
        ("Payments are due no later than Friday, but never on time.",
         "Pembayaran jatuh tempo Jumat, tetapi selalu tepat waktu.", "never", 43),
        # A statement, or a negated question mid-text, keeps its negation.
        ("I don't have a bicycle.", "Aku punya sepeda.", "don't", 2),
        ("You don't have a bicycle?", "Kamu punya sepeda?", "don't", 4),
        # A tag question after a negated clause leaves the clause's negation to find.
        ("You can't swim, can you?", "Kamu bisa berenang, kan?", "can't", 4),
        ("Why can't you swim?", "Kenapa kamu bisa berenang?", "can't", 4),
        # "kurang dari" is "less than", no negation.
        ("It came with less than six months to go. The plan was not approved.",
         "Itu datang kurang dari enam bulan sebelumnya. Rencana itu disetujui.", "not", 54),
        # An idiom elsewhere does not excuse a real negation.
        ("Not to mention the fee, the food was not good.", "Apalagi biayanya, makanannya enak.", "not", 37),
    ],
)
def test_lost_negation_flags(source: str, target: str, word: str, start: int) -> None:
    [flag] = run_check("lost-negation", source, target)
    assert (flag.text, flag.start, flag.end) == (word, start, start + len(word))
    assert flag.side is Side.SOURCE
    assert f"({word!r})" in flag.message


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("The company did not respond.", "Perusahaan itu tidak menanggapi."),
        ("The company never responded.", "Perusahaan itu belum pernah menanggapi."),
        ("The firm cannot export chips.", "Perusahaan itu tak dapat mengekspor chip."),
        ("The plan was approved without debate.", "Rencana itu disetujui tanpa perdebatan."),
        ("Payments are due no later than Friday.", "Pembayaran jatuh tempo paling lambat hari Jumat."),
        ("It is not only cheap but fast.", "Ini murah dan cepat."),
        ("See No. 5 on the list.", "Lihat No. 5 dalam daftar."),
        ("Shares rose on Monday.", "Saham naik pada hari Senin."),
        ("The company did not respond.", ""),
        # Informal and chat negations, and "kurang" for "not (very)".
        ("No need to travel far.", "Enggak usah jauh-jauh."),
        ("I don't like it.", "Aku gak suka."),
        ("The place is not too clean.", "Tempatnya kurang bersih."),
        ("It didn't fit my palate.", "Kurang cocok di lidah."),
        ("It's no use dreaming about it.", "Percuma terbawa sampai mimpi."),
        # Negations that Indonesian says without a negative word.
        ("Not to mention the entry ticket.", "Belum lagi karcis masuknya."),
        ("The food is nothing special.", "Makanannya biasa saja."),
        ("The broth is no different.", "Kuahnya sama saja."),
        ("A culinary experience like no other.", "Kuliner yang lain daripada yang lain."),
        # A tag question asks; it negates nothing.
        ("You can swim, can't you?", "Kamu bisa berenang, kan?"),
        ("You know Tom, don't you?", "Kamu kenal Tom, kan?"),
        # A question opened by a negated auxiliary asks; "bukankah" is one; "why don't" suggests.
        ("Don't you have a bicycle?", "Apakah kamu punya sepeda?"),
        ("Wasn't it awful?", "Bukankah itu mengerikan?"),
        ("Why don't you have a party?", "Bagaimana kalau mengadakan pesta?"),
        # A negation word with a clitic, and "mana mungkin" (couldn't possibly).
        ("What would I do without you?", "Apa yang akan kulakukan tanpamu?"),
        ("Tom couldn't possibly have hit Mary.", "Mana mungkin Tom memukul Mary."),
    ],
)
def test_lost_negation_quiet(source: str, target: str) -> None:
    assert run_check("lost-negation", source, target) == []


# --- inconsistent-variant (corpus) -----------------------------------------------------------

def run_variants(targets: list[str], preferred: set[str] | None = None) -> list[tuple[str, str, int, str | None]]:
    check = REGISTRY["inconsistent-variant"]()
    assert isinstance(check, CorpusCheck)
    if preferred is not None:
        check.preferred_forms = frozenset(preferred)
    contexts = [SegmentContext(str(i), "China and France", t) for i, t in enumerate(targets, 1)]
    out = []
    for segment_id, flag in corpus_flags([check], contexts):
        assert flag.rule == "inconsistent-variant" and flag.side is Side.TARGET
        assert flag.text == contexts[int(segment_id) - 1].target[flag.start:flag.end]
        out.append((segment_id, flag.text, flag.start, flag.suggestion))
    return out


def test_inconsistent_variant_flags_the_minority_spellings() -> None:
    targets = ["Ekspor ke China naik.", "Tiongkok membalas.", "Tiongkok dan AS berunding.", "Pasar Cina-nya lesu."]
    assert run_variants(targets) == [("1", "China", 10, "Tiongkok"), ("4", "Cina", 6, "Tiongkok")]


def test_inconsistent_variant_tie_goes_to_the_source_spelling() -> None:
    assert run_variants(["Ekspor ke China naik.", "Tiongkok membalas."]) == [("2", "Tiongkok", 0, "China")]


def test_inconsistent_variant_glossary_form_wins() -> None:
    targets = ["Ekspor ke China naik.", "China membalas.", "Tiongkok berunding."]
    assert run_variants(targets, preferred={"Tiongkok"}) == [
        ("1", "China", 10, "Tiongkok"),
        ("2", "China", 0, "Tiongkok"),
    ]


def test_inconsistent_variant_other_names() -> None:
    assert run_variants(["Prancis dan Perancis.", "Prancis menolak."]) == [("1", "Perancis", 12, "Prancis")]


@pytest.mark.parametrize(
    "targets",
    [
        ["Ekspor ke Tiongkok naik.", "Tiongkok membalas."],
        ["Ekspor ke China naik.", "Prancis menolak.", "Rusia setuju."],
        ["Harga naik."],
    ],
)
def test_inconsistent_variant_quiet(targets: list[str]) -> None:
    assert run_variants(targets) == []
