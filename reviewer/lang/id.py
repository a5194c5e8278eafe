"""Indonesian language data: numbers, clitics, affixes, function words and common MT pitfalls."""

from __future__ import annotations

import regex

from reviewer.lang import NumberLocale

NUMBERS = NumberLocale(
    decimal=",",
    group=".",
    scales={
        "ratus": 100,
        "ribu": 1_000,
        "rb": 1_000,
        "juta": 1_000_000,
        "jt": 1_000_000,
        "miliar": 1_000_000_000,
        "milyar": 1_000_000_000,
        "m": 1_000_000_000,
        "triliun": 1_000_000_000_000,
        "t": 1_000_000_000_000,
    },
    number_words={
        "nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
        "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100,
        "seribu": 1000, "lusin": 12, "selusin": 12, "dua belas": 12, "dua puluh": 20,
        "tiga puluh": 30, "empat puluh": 40, "lima puluh": 50, "sebuah": 1, "seorang": 1, "sejuta": 1_000_000,
        "seratus ribu": 100_000, "sepuluh ribu": 10_000,
    },
)

#: Enclitics that attach to a word, with or without a hyphen after codes and names (H800-nya).
CLITICS = ("nya", "lah", "kah", "pun", "tah", "ku", "mu")
CLITIC_RE = r"(?:-?(?:" + "|".join(CLITICS) + r"))"

#: Derivational prefixes (with nasal forms) and suffixes, used when a glossary entry asks for affixes.
PREFIXES = ("memper", "diper", "menge", "penge", "meng", "meny", "mem", "men", "me", "peng", "peny",
            "pem", "pen", "pe", "ber", "be", "ter", "di", "ke", "se", "per")
SUFFIXES = ("kan", "an", "i")
# meN-/peN- replace the first consonant of a stem: pakai -> memakai, tulis -> menulis,
# kirim -> mengirim, sapu -> menyapu.
NASAL_REPLACEMENTS = {"p": "m", "t": "n", "k": "ng", "s": "ny"}


def _stem_variants(stem: str) -> list[str]:
    """The stem, and its form after a nasal prefix when its first consonant changes (pakai, makai)."""
    first = stem[:1].lower()
    return [stem, NASAL_REPLACEMENTS[first] + stem[1:]] if first in NASAL_REPLACEMENTS else [stem]


def affixed_pattern(stem: str) -> str:
    """A regex matching the stem with Indonesian prefixes, suffixes and nasal assimilation."""
    variants = [regex.escape(v) for v in _stem_variants(stem)]
    prefix = "(?:" + "|".join(PREFIXES) + ")?"
    suffix = "(?:" + "|".join(SUFFIXES) + ")?"
    return prefix + "(?:" + "|".join(variants) + ")" + suffix


def affixed_stems(stem: str) -> tuple[str, ...]:
    """The lower-case forms of a stem that `affixed_pattern` looks for (pakai: pakai, makai)."""
    return tuple(v.lower() for v in _stem_variants(stem))


_PREFIX_SET = frozenset(("", *PREFIXES))
#: What may follow the stem inside one word: a suffix, then a clitic.
_TAIL_SET = frozenset(s + c for s in ("", *SUFFIXES) for c in ("", *CLITICS))


def is_affixed_form(word: str, stems: tuple[str, ...]) -> bool:
    """Whether a lower-case word is one of `stems` with a prefix, a suffix and a clitic allowed
    (dipakaikan, memakainya): what `affixed_pattern` (and a clitic after it) matches within a word."""
    for stem in stems:
        at = word.find(stem)
        while at != -1:
            if word[:at] in _PREFIX_SET and word[at + len(stem):] in _TAIL_SET:
                return True
            at = word.find(stem, at + 1)
    return False


#: Function words that are written in lower case unless they start a sentence.
FUNCTION_WORDS = frozenset(
    """
    dan atau tetapi tapi namun serta dengan di ke dari pada kepada daripada untuk bagi oleh dalam
    yang bahwa karena sebab agar supaya jika kalau bila apabila ketika saat sejak hingga sampai
    tentang terhadap atas antara sebagai seperti bagaimana adalah ialah merupakan juga pun telah
    sudah sedang akan masih belum tidak bukan tanpa para sang si nya itu ini
    """.split()
)

#: English words and titles that Indonesian text should not carry, with the usual rendering.
#: Loanwords that Indonesian has adopted (chip, server, internet, email) are not listed.
UNTRANSLATED_ENGLISH = {
    "mr.": "",
    "mrs.": "",
    "ms.": "",
    "screenshot": "tangkapan layar",
    "screenshots": "tangkapan layar",
    "download": "unduh",
    "upload": "unggah",
    "update": "pembaruan",
    "deadline": "tenggat",
    "feedback": "umpan balik",
    "meeting": "rapat",
    "smartphone": "ponsel pintar",
    "software": "perangkat lunak",
    "hardware": "perangkat keras",
    "password": "kata sandi",
    "website": "situs web",
    "stakeholder": "pemangku kepentingan",
    "stakeholders": "pemangku kepentingan",
    "trade-off": "kompromi",
    "followers": "pengikut",
    "headline": "judul utama",
    "breaking": "",
    "the": "",
    "of": "",
    "and": "dan",
    "with": "dengan",
    "for": "untuk",
    "from": "dari",
    "which": "yang",
    "that": "bahwa",
    "this": "ini",
    "is": "",
    "are": "",
    "was": "",
    "were": "",
    "has": "",
    "have": "",
    "been": "",
    "will": "akan",
    "would": "akan",
    "their": "",
    "they": "mereka",
}
#: English words from the list above that are too short or ambiguous to flag outside a run of
#: other English words (they occur inside names and titles: "Bank of America", "The Times").
ENGLISH_FUNCTION_ONLY_IN_RUNS = frozenset(
    {"the", "of", "and", "with", "for", "from", "which", "that", "this", "is", "are", "was",
     "were", "has", "have", "been", "will", "would", "their", "they"}
)

#: Indonesian renderings of "less/fewer" (a comparison downwards).
LESS_MARKERS = regex.compile(
    r"\b(?:lebih\s+(?:sedikit|rendah|kecil|jarang|ringan|lemah|lambat|pendek|sempit)|"
    r"kurang|kurangi|kurangilah|sedikit|sedikitnya|minim|berkurang|mengurangi|dikurangi|pengurangan|menurun|turun|"
    r"lebih\s+tidak|tak\s+seberapa|(?:tidak|tak)\s+(?:begitu|terlalu|se\w+))\b",
    regex.IGNORECASE,
)
#: Indonesian negation words, and verbs that carry a negation in their meaning. With the
#: informal and chat forms of "tidak" (enggak, nggak, gak, ga, kagak, ndak; tdk, gk written
#: short). "percuma" (in vain: "no use") and "kapok" (never again) carry the negation in their
#: meaning. "kurang" before an adjective, the usual polite "not (very)" ("kurang bersih" for "not
#: that clean", "kurang cocok" for "didn't fit"), is in `_NEGATION_PHRASES`: "kurang dari" is a
#: comparison ("less than").
NEGATION_WORDS = frozenset(
    """
    tidak tidaklah tidakkah tak bukan bukanlah bukannya bukankah belum belumlah jangan janganlah tanpa tiada
    nihil mustahil gagal enggan menolak ditolak penolakan mencegah dicegah melarang dilarang larangan
    terlarang kecuali selain nol luput absen hilang kehilangan kekurangan minus sulit kesulitan jarang
    bebas berhenti
    enggak nggak ngga ngak gak ga kagak ndak tdk gk
    percuma kapok
    """.split()
)
_NEGATION_PHRASES = regex.compile(
    r"\b(?:satu\s+pun|sama\s+sekali|paling\s+lambat|mana\s+mungkin)\b|\b(?:non|anti)-?\p{L}{3,}"
    # a negation word with a clitic: "tanpamu" (without you), "tanpanya", "bukanlah"
    r"|\b(?:tanpa|tidak|bukan|belum|jangan)-?(?:nya|mu|ku|lah|kah|pun)\b"
    # "kurang" but in "kurang dari" (less than) and "kurang lebih" (about)
    r"|\bkurang\b(?!\s+(?:dari|daripada|lebih)\b)",
    regex.IGNORECASE,
)


def has_negation(text: str, folded_words: frozenset[str] | set[str]) -> bool:
    """Whether Indonesian text negates: a negation word among its (case-folded) words, or a
    negating phrase or prefix (satu pun, sama sekali, non-, anti-)."""
    return not NEGATION_WORDS.isdisjoint(folded_words) or _NEGATION_PHRASES.search(text) is not None


#: Country and proper-name variants that one text should not mix.
NAME_VARIANTS: tuple[frozenset[str], ...] = (
    frozenset({"China", "Cina", "Tiongkok"}),
    frozenset({"Prancis", "Perancis"}),
    frozenset({"Filipina", "Pilipina"}),
    frozenset({"Rusia", "Russia"}),
    frozenset({"Jepang", "Japan"}),
)
