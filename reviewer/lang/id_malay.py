"""Malay words in Indonesian text: the commonest slip of machine translation from English into
Indonesian, above all in software strings, where engines trained on mixed Malay and Indonesian
data write "kata laluan" for *password* or "fail" for *file*.

The list is written from the team's own knowledge of the two standards (Bahasa Melayu as used in
Malaysian software, Bahasa Indonesia as in KBBI, the Indonesian dictionary). It holds only forms
that an Indonesian reader takes for Malay: words that are also ordinary Indonesian with another
meaning are left out, however often Malay software uses them ("padam": *delete* in Malay, but
"listrik padam", *the power went out*, in Indonesian; "pelayan": *server* / *waiter*;
"kebenaran": *permission* / *truth*; "lalai": *default* / *careless*; "percuma": *free* /
*in vain*; "ralat": *error* / *erratum*; "minit": *minute* / *minutes of a meeting*; "maklumat",
"rangkaian", "sambungan", "semak", "bunyi", "kandungan", "baharu", "senarai", "peranti", "cakera",
"kelantangan", "butang"), and so are the forms that Indonesian software teams have taken up as
their own ("log masuk" in GNOME's Indonesian, "pangkalan data", the dictionary's word for
*database*).
Each maps to the usual Indonesian rendering, offered as the suggestion."""

from __future__ import annotations

#: Malay form (lower case; several words separated by one space) -> Indonesian rendering.
MALAY_TO_INDONESIAN: dict[str, str] = {
    # accounts and security
    "kata laluan": "kata sandi",
    "akaun": "akun",
    # files and transfer
    "fail": "berkas",
    "fail-fail": "berkas-berkas",
    "muat turun": "unduh",
    "dimuat turun": "diunduh",
    "muat naik": "unggah",
    "dimuat naik": "diunggah",
    "muat semula": "muat ulang",
    "storan": "penyimpanan",
    # actions and messages
    "cuba": "coba",
    "cubalah": "cobalah",
    "sila": "silakan",
    "tetapan": "pengaturan",
    "kemas kini": "perbarui",
    "kemaskini": "perbarui",
    "dikemas kini": "diperbarui",
    "naik taraf": "tingkatkan",
    "mulakan": "mulai",
    "dayakan": "aktifkan",
    "didayakan": "diaktifkan",
    "nyahaktif": "nonaktif",
    "nyahaktifkan": "nonaktifkan",
    "nyahpasang": "copot",
    "tersuai": "kustom",
    "amaran": "peringatan",
    "mesej": "pesan",
    "mesej-mesej": "pesan-pesan",
    "sokongan": "dukungan",
    "disokong": "didukung",
    "carian": "pencarian",
    "tatal": "gulir",
    "sahaja": "saja",
    "segerak": "sinkron",
    "penyegerakan": "sinkronisasi",
    # devices and screens
    "skrin": "layar",
    "tetingkap": "jendela",
    "papan kekunci": "papan ketik",
    "kekunci": "tombol",
    "pelayar web": "peramban web",
    "perisian": "perangkat lunak",
    "perkakasan": "perangkat keras",
    "pembesar suara": "pengeras suara",
    "saiz": "ukuran",
    "kad": "kartu",
    "telefon": "telepon",
    "e-mel": "surel",
    "peti masuk": "kotak masuk",
    "muka surat": "halaman",
    "tapak web": "situs web",
    # time and numbers
    "tarikh": "tanggal",
    "nombor": "nomor",
}

#: Forms that stand before a word and are Malay only there ("sila" before a verb): an ordinal
#: after them makes the Indonesian word for a principle ("sila pertama", "sila ke-5").
NOT_BEFORE: dict[str, frozenset[str]] = {
    "sila": frozenset({"pertama", "kedua", "ketiga", "keempat", "kelima", "ke", "yang", "dari", "dalam", "itu",
                       "ini", "pancasila"}),
}
