"""English to Indonesian pair data: how English names and name parts are usually rendered.

Used by the missing-entity check to tell a translated name ("Monday" -> "Senin") from a lost
one ("Scale AI" -> "AI"). Keys are lower case; values are the accepted Indonesian forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

NAME_RENDERINGS: dict[str, tuple[str, ...]] = {
    # Countries, peoples, languages, regions
    "us": ("as", "amerika"), "u.s": ("as", "amerika"), "u.s.": ("as", "amerika"), "u.k.": ("inggris", "britania"), "usa": ("as", "amerika"),
    "america": ("amerika", "as"), "american": ("amerika", "as"), "americans": ("amerika", "as"),
    "united": ("serikat", "bersatu", "amerika", "as", "inggris", "britania", "persatuan", "uni", "perserikatan", "pbb"),
    "states": ("serikat", "amerika", "as", "negara", "negara-negara"),
    "uk": ("inggris", "britania"), "britain": ("inggris", "britania"), "british": ("inggris", "britania"),
    "england": ("inggris",), "english": ("inggris",), "kingdom": ("kerajaan", "inggris", "britania"),
    "china": ("china", "cina", "tiongkok", "rrt", "rrc"), "chinese": ("china", "cina", "tiongkok", "tionghoa", "mandarin"),
    "russia": ("rusia",), "russian": ("rusia",), "russians": ("rusia",),
    "japan": ("jepang",), "japanese": ("jepang",), "germany": ("jerman",), "german": ("jerman",),
    "germans": ("jerman",), "france": ("prancis", "perancis"), "french": ("prancis", "perancis"),
    "spain": ("spanyol",), "spanish": ("spanyol",), "netherlands": ("belanda",), "dutch": ("belanda",),
    "holland": ("belanda",), "egypt": ("mesir",), "egyptian": ("mesir",), "greece": ("yunani",),
    "greek": ("yunani",), "europe": ("eropa",), "european": ("eropa",), "europeans": ("eropa",),
    "eu": ("ue", "uni eropa", "eropa"), "un": ("pbb", "perserikatan"), "nations": ("bangsa", "bangsa-bangsa", "pbb"),
    "ireland": ("irlandia",), "irish": ("irlandia",), "welsh": ("wales",), "scots": ("skotlandia",),
    "danish": ("denmark",), "finnish": ("finlandia",), "belgian": ("belgia",), "belgium": ("belgia",),
    "swiss": ("swiss",), "switzerland": ("swiss",), "czech": ("ceko", "ceska"), "hungary": ("hongaria",),
    "hungarian": ("hongaria",), "portuguese": ("portugis", "portugal"), "italian": ("italia",),
    "italy": ("italia",), "arabia": ("arab",), "saudi": ("saudi",), "iraq": ("irak",), "iraqi": ("irak",),
    "syria": ("suriah",), "syrian": ("suriah",), "jordan": ("yordania",), "lebanese": ("lebanon",),
    "jewish": ("yahudi",), "jews": ("yahudi",), "jew": ("yahudi",), "palestinian": ("palestina",),
    "palestinians": ("palestina",), "korea": ("korea", "korsel", "korut"), "korean": ("korea", "korsel", "korut"),
    "north": ("utara", "korut"), "south": ("selatan", "korsel"), "east": ("timur",), "west": ("barat",),
    "northern": ("utara",), "southern": ("selatan",), "eastern": ("timur",), "western": ("barat",),
    "central": ("tengah", "pusat", "sentral"), "middle": ("tengah",), "new": ("baru", "new"),
    "zealand": ("selandia",), "philippines": ("filipina",), "filipino": ("filipina",),
    "thai": ("thailand",), "vietnamese": ("vietnam",), "malaysian": ("malaysia",), "singaporean": ("singapura",),
    "singapore": ("singapura",), "indonesian": ("indonesia",), "indian": ("india",), "pakistani": ("pakistan",),
    "afghan": ("afghanistan",), "iranian": ("iran",), "israeli": ("israel",), "israelis": ("israel",),
    "turkish": ("turki",), "turkey": ("turki",), "moroccan": ("maroko",), "morocco": ("maroko",),
    "brazil": ("brasil", "brazil"), "brazilian": ("brasil", "brazil"), "mexican": ("meksiko",),
    "canadian": ("kanada",), "canada": ("kanada",), "australian": ("australia",), "african": ("afrika",),
    "asian": ("asia",), "latin": ("latin",), "arab": ("arab",), "arabic": ("arab",), "muslim": ("muslim", "islam"),
    "muslims": ("muslim", "islam"), "islamic": ("islam",), "christian": ("kristen", "kristiani", "nasrani"),
    "christians": ("kristen", "kristiani"), "catholic": ("katolik",), "god": ("tuhan", "allah", "dewa"),
    "bible": ("alkitab", "injil"), "christmas": ("natal",), "easter": ("paskah",), "ramadan": ("ramadan", "ramadhan", "puasa"),
    "eid": ("lebaran", "idulfitri", "idul", "iduladha", "hari raya", "id"), "earth": ("bumi",),
    "javanese": ("jawa",), "sundanese": ("sunda",), "balinese": ("bali",), "rupiah": ("rupiah", "rp"),
    "mediterranean": ("mediterania",), "caribbean": ("karibia",), "scandinavian": ("skandinavia",),
    "ukraine": ("ukraina",), "ukrainian": ("ukraina",), "poland": ("polandia",), "polish": ("polandia",),
    "norway": ("norwegia",), "sweden": ("swedia",), "denmark": ("denmark",), "finland": ("finlandia",),
    "austria": ("austria",), "cyprus": ("siprus",), "croatia": ("kroasia",), "serbia": ("serbia",),
    "new york": ("new york",), "hong": ("hong",), "midwestern": ("midwest", "barat tengah"),
    # Days and months
    "monday": ("senin",), "tuesday": ("selasa",), "wednesday": ("rabu",), "thursday": ("kamis",),
    "friday": ("jumat", "jum'at"), "saturday": ("sabtu",), "sunday": ("minggu", "ahad"),
    "january": ("januari",), "february": ("februari", "pebruari"), "march": ("maret",), "april": ("april",),
    "may": ("mei",), "june": ("juni",), "july": ("juli",), "august": ("agustus",), "september": ("september",),
    "october": ("oktober",), "november": ("november", "nopember"), "december": ("desember",),
    # Titles and roles
    "president": ("presiden",), "prime": ("perdana",), "minister": ("menteri", "perdana"),
    "ministers": ("menteri",), "secretary": ("sekretaris", "menteri", "sekjen"), "governor": ("gubernur",),
    "mayor": ("wali", "walikota"), "king": ("raja",), "queen": ("ratu",), "prince": ("pangeran",),
    "princess": ("putri", "puteri"), "duke": ("adipati", "duke"), "duchess": ("duchess", "bangsawan"),
    "pope": ("paus",), "general": ("jenderal", "jendral", "umum"), "chief": ("kepala", "ketua", "pimpinan"),
    "chairman": ("ketua",), "judge": ("hakim",), "justice": ("hakim", "keadilan", "kehakiman"),
    "officer": ("petugas", "perwira", "pejabat"), "coach": ("pelatih",), "senator": ("senator",),
    "sen": ("senator",), "rep": ("anggota", "perwakilan"), "gov": ("gubernur",), "dr": ("dr", "dokter"),
    "mr": ("", ), "mrs": ("",), "ms": ("",), "sir": ("sir", "tuan"), "lord": ("lord", "tuan"),
    "lady": ("lady", "nyonya"), "st": ("santo", "st"), "saint": ("santo", "santa"),
    "mp": ("anggota", "parlemen"), "mps": ("anggota", "parlemen"), "ceo": ("ceo", "kepala", "direktur"),
    "cfo": ("cfo", "kepala", "direktur"), "gdp": ("pdb", "produk"), "ngo": ("lsm", "ornop"), "ngos": ("lsm", "ornop"),
    "who": ("who", "organisasi"), "nhs": ("nhs", "layanan"),
    "jan": ("januari",), "feb": ("februari",), "mar": ("maret",), "apr": ("april",), "jun": ("juni",),
    "jul": ("juli",), "aug": ("agustus",), "sep": ("september",), "sept": ("september",), "oct": ("oktober",),
    "nov": ("november",), "dec": ("desember",),
    "lt": ("letnan",), "col": ("kolonel",), "sgt": ("sersan",), "capt": ("kapten",), "maj": ("mayor",),
    "adm": ("laksamana",), "pm": ("perdana", "pm"), "attorney": ("jaksa", "pengacara"),
    "scottish": ("skotlandia",), "great": ("raya", "besar", "agung", "inggris"), "red": ("merah",),
    "cross": ("palang", "salib"), "southwest": ("barat daya",), "southeast": ("tenggara",),
    "northwest": ("barat laut",), "northeast": ("timur laut",), "desert": ("gurun",),
    # Institutions and generic name heads
    "government": ("pemerintah", "pemerintahan"), "act": ("undang-undang", "uu", "akta", "keputusan", "peraturan"),
    "society": ("masyarakat", "perkumpulan", "komunitas", "lembaga"), "hq": ("markas", "kantor"),
    "weather": ("cuaca",), "appeals": ("banding",), "appeal": ("banding",), "prison": ("penjara", "lapas"),
    "representatives": ("dpr", "perwakilan", "wakil"), "history": ("sejarah",),
    "ministry": ("kementerian", "departemen"), "department": ("departemen", "kementerian", "dinas"),
    "court": ("pengadilan", "mahkamah"), "supreme": ("agung", "tertinggi"), "house": ("dpr", "dewan", "gedung", "rumah"),
    "white": ("putih",), "senate": ("senat",), "assembly": ("majelis", "sidang", "dewan"),
    "council": ("dewan",), "army": ("angkatan", "tentara"), "navy": ("angkatan", "laut"), "air": ("udara", "angkatan"),
    "force": ("angkatan", "pasukan"), "forces": ("angkatan", "pasukan"), "union": ("uni", "serikat", "persatuan"),
    "labour": ("buruh",), "labor": ("buruh", "tenaga"), "green": ("hijau",), "greens": ("hijau",),
    "national": ("nasional",), "science": ("sains", "ilmu"), "sciences": ("sains", "ilmu"), "health": ("kesehatan",),
    "foreign": ("luar",), "affairs": ("urusan", "luar"), "office": ("kantor", "biro"), "service": ("layanan", "dinas"),
    "agency": ("badan", "agensi", "lembaga"), "authority": ("otoritas", "badan"), "board": ("dewan", "badan"),
    "bank": ("bank",), "group": ("grup", "kelompok"), "company": ("perusahaan",), "party": ("partai", "pesta"),
    "foundation": ("yayasan",), "center": ("pusat",), "centre": ("pusat",), "school": ("sekolah",),
    "college": ("perguruan", "kolese", "college", "sekolah", "akademi"), "hospital": ("rumah", "sakit"),
    "church": ("gereja",), "city": ("kota",), "county": ("county", "kabupaten", "wilayah", "daerah"), "state": ("negara", "bagian", "negeri"),
    "street": ("jalan", "jl"), "road": ("jalan", "jl"), "avenue": ("jalan",), "square": ("alun-alun", "lapangan", "square"),
    "park": ("taman",), "bridge": ("jembatan",), "hall": ("balai", "gedung", "aula"), "palace": ("istana",),
    "tower": ("menara",), "airport": ("bandara", "bandar"), "island": ("pulau",), "islands": ("kepulauan", "pulau"),
    "river": ("sungai",), "lake": ("danau",), "mount": ("gunung",), "mt": ("gunung",), "tv": ("tv", "televisi"), "mountain": ("gunung",), "mountains": ("pegunungan",),
    "sea": ("laut",), "ocean": ("samudra", "samudera", "lautan"), "gulf": ("teluk",), "bay": ("teluk",),
    "coast": ("pantai", "pesisir"), "valley": ("lembah", "valley"), "world": ("dunia",), "cup": ("piala",),
    "league": ("liga",), "championship": ("kejuaraan",), "championships": ("kejuaraan",), "games": ("pertandingan", "olimpiade", "pesta", "games"),
    "open": ("terbuka", "open"), "award": ("penghargaan",), "awards": ("penghargaan",), "prize": ("hadiah", "penghargaan"),
    "day": ("hari",), "year": ("tahun",), "week": ("pekan", "minggu"), "war": ("perang",), "revolution": ("revolusi",),
    "empire": ("kekaisaran", "kerajaan"), "republic": ("republik",), "federal": ("federal",), "royal": ("kerajaan",),
    "zoo": ("kebun",), "museum": ("museum",), "police": ("polisi", "kepolisian"), "guard": ("garda", "penjaga", "pengawal"),
    "fire": ("pemadam", "kebakaran", "api"), "reserve": ("cadangan", "reserve"), "commission": ("komisi",),
    "committee": ("komite", "panitia"), "treasury": ("keuangan", "perbendaharaan"), "justice department": ("kehakiman",),
    "defense": ("pertahanan",), "defence": ("pertahanan",), "commerce": ("perdagangan",), "trade": ("perdagangan",),
    "energy": ("energi",), "education": ("pendidikan",), "state department": ("luar", "negeri"),
    "internet": ("internet",), "web": ("web", "situs"), "android": ("android",),
}

#: Generic words that often start a sentence or a heading and are not names when capitalised.
CAPITALISED_COMMON = frozenset(
    """
    i a an the this that these those it its he she they we you my his her their our your
    but and or so yet for if when while after before since because although though as at in on
    by with from of to into there here what which who whom whose where why how some many most
    all each every both either neither no not one two three several few more less
    mr mrs ms dr prof i'm i've i'd i'll i’m i’ve i’d i’ll
    sir madam ma'am ma’am mister miss god god's god’s goodness gosh lord ok okay
    mom mum dad mommy mummy daddy grandma grandpa granny
    """.split()
)


#: What `normalise_name` drops or rewrites with a pattern (compiled once: `re` is quicker than
#: `regex` on words this short, and these need nothing of `regex`'s).
_POSSESSIVE = re.compile(r"['’]s$")
_SOFT_C = re.compile(r"c(?=[eiy])")
_DOUBLED = re.compile(r"(.)\1")


@lru_cache(maxsize=65536)
def normalise_name(word: str, soft_c: bool = True) -> str:
    """A rough spelling key that maps English name spellings to Indonesian ones
    (Philippines ~ Filipina, Mexico ~ Meksiko, Association ~ Asosiasi). With `soft_c`, c before
    e/i/y reads as s (Pacific ~ Pasifik); without, as k (Macedonia ~ Makedonia)."""
    w = word.lower()
    if "s" in w:  # (the patterns below run only where they can match)
        w = _POSSESSIVE.sub("", w)
    # (in this order: each rewrite sees the output of the ones before it)
    w = (w.replace("ph", "f").replace("th", "t").replace("sh", "sy").replace("ch", "k").replace("ck", "k")
         .replace("qu", "kw").replace("x", "ks").replace("oo", "u").replace("ee", "i").replace("ou", "u")
         .replace("y", "i").replace("v", "f"))
    if "c" in w:
        if soft_c:
            w = _SOFT_C.sub("s", w)
        w = w.replace("c", "k")
    w = w.replace("q", "k").replace("z", "s")
    return _DOUBLED.sub(r"\1", w) if _DOUBLED.search(w) else w


#: The first letters of words whose spelling keys (`normalise_name`) may start with the same
#: letter, by letter: a key starts with its word's first letter (lower case), but for p/v -> f,
#: c/q/x -> k, c/z -> s, o -> u and e/y -> i (ph, ch, qu, x, oo, ou, ee, y, v and soft c).
ALIKE_AT_START = {c: group for group in ("pvf", "cqxksz", "ou", "eyi") for c in group}
_FIRST_LETTERS: dict[str, frozenset[str]] = {}


def starting_alike(key: str, words: Iterable[str]) -> list[str]:
    """Those of some words whose spelling keys may start as `key`'s does (all the words for a
    key that does not start with an ASCII character; also every word that does not either):
    the words that `Spellings.close_word(key)` may find (a loop over a few dozen words costs
    less than a search of them joined, which steps through every character)."""
    first = key[:1]
    if not first or first > "\x7f":
        return list(words)
    letters = _FIRST_LETTERS.get(first)
    if letters is None:
        letters = _FIRST_LETTERS[first] = frozenset(ALIKE_AT_START.get(first, first))
    return [word for word in words if word[:1] in letters or word[:1] > "\x7f"]
