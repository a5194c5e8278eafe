"""Build the benchmark data: a line-aligned English→Indonesian corpus of any size, the same pairs
as a PO file, and a 10,000-term glossary, all from the 1,997 real NTREX-128 pairs.

The corpus repeats the real pairs. Copy k of a pair (k = 0, 1, 2, ...) has its numbers, weekdays
and months changed consistently on both sides, so repeats are not all byte-identical, and a fixed
fraction of segments gets one injected error of a known kind (a doubled word, an English thousands
separator, "$ 103", an "H800S" plural, a dropped negation). Everything is drawn from one
`random.Random(seed)` in input order, so the 10k corpus is the first 10,000 lines of the 100k
corpus, and the same seed gives the same bytes on every machine.

The glossary is built from the corpus's own text so that many terms match: English names that the
Indonesian keeps verbatim (target = the name; every fourth one as do-not-translate), then English
word bigrams (noun-phrase-like ones first) whose target is the Indonesian word most associated with them across the aligned
pairs (Dice coefficient), so the target usually appears in the Indonesian. About one term in ten
also forbids the untranslated English; twenty regex rules are gated on the English (`when_source`).

Run it alone to build the data (`python benchmarks/make_corpus.py --sizes 10k,100k`); the
benchmark scripts call it for what they need. Files go to benchmarks/.data/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: Bump when the generator changes, so cached files are rebuilt.
GENERATOR_VERSION = 2
DEFAULT_SEED = 20240606
HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / ".data"
NTREX_DIR = HERE.parent.parent / "shared" / "data" / "ntrex128-eng-ind"
SOURCE_FILE = "newstest2019-src.eng.txt"
TARGET_FILE = "newstest2019-ref.ind.txt"

#: Probability that a segment gets an injected error (one kind, chosen uniformly).
INJECT_RATE = 0.05


def parse_size(text: str) -> int:
    """'10k' -> 10000, '1m' -> 1000000, '2500' -> 2500."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (use e.g. 10k, 100k, 1m or 2500)")
    scale = {"": 1, "k": 1_000, "m": 1_000_000}[m.group(2).lower()]
    return int(float(m.group(1)) * scale)


def size_label(n: int) -> str:
    """10000 -> '10k', 1000000 -> '1m'."""
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def parse_sizes(text: str) -> list[int]:
    return [parse_size(part) for part in text.split(",") if part.strip()]


def read_pairs(ntrex_dir: Path = NTREX_DIR) -> list[tuple[str, str]]:
    """The real pairs, in file order."""
    src = (ntrex_dir / SOURCE_FILE).read_text(encoding="utf-8").splitlines()
    tgt = (ntrex_dir / TARGET_FILE).read_text(encoding="utf-8").splitlines()
    if len(src) != len(tgt):
        raise SystemExit(f"{ntrex_dir}: {len(src)} source lines but {len(tgt)} target lines")
    return list(zip(src, tgt, strict=True))


# ---------------------------------------------------------------------------------------------
# Varying the copies

# A bare integer: not part of 10,000 / 3.5 / 12:30 / 1/2, not glued to letters.
_PLAIN_INT = re.compile(r"(?<![\w.,:/])(?<![.,:/]\d)\d+(?![.,:/]?\d)(?!\w)")
_WEEKDAYS = [("Monday", "Senin"), ("Tuesday", "Selasa"), ("Wednesday", "Rabu"), ("Thursday", "Kamis"),
             ("Friday", "Jumat"), ("Saturday", "Sabtu")]  # not Sunday: "Minggu" is also "week"
_MONTHS = [("January", "Januari"), ("February", "Februari"), ("March", "Maret"), ("June", "Juni"),
           ("July", "Juli"), ("August", "Agustus"), ("September", "September"), ("October", "Oktober"),
           ("November", "November"), ("December", "Desember")]  # not May/April: "may", "Mei"/"April" clash


def _rotate_names(en: str, idn: str, table: list[tuple[str, str]], k: int) -> tuple[str, str]:
    """Replace the one weekday (or month) named on both sides by the one k places later."""
    present = [i for i, (e, t) in enumerate(table)
               if re.search(rf"\b{e}\b", en) and re.search(rf"\b{t}\b", idn)]
    if len(present) != 1:
        return en, idn
    i = present[0]
    j = (i + k) % len(table)
    en = re.sub(rf"\b{table[i][0]}\b", table[j][0], en)
    idn = re.sub(rf"\b{table[i][1]}\b", table[j][1], idn)
    return en, idn


def vary(en: str, idn: str, k: int) -> tuple[str, str]:
    """Copy k of a pair: integers written the same on both sides become n + k, and a weekday or
    month named on both sides moves k places on. Copy 0 is the original."""
    if k == 0:
        return en, idn
    shared = set(_PLAIN_INT.findall(en)) & set(_PLAIN_INT.findall(idn))
    shared = {n for n in shared if not (len(n) > 1 and n.startswith("0"))}
    if shared:
        def bump(m: re.Match[str]) -> str:
            return str(int(m.group()) + k) if m.group() in shared else m.group()

        en, idn = _PLAIN_INT.sub(bump, en), _PLAIN_INT.sub(bump, idn)
    en, idn = _rotate_names(en, idn, _WEEKDAYS, k)
    en, idn = _rotate_names(en, idn, _MONTHS, k)
    return en, idn


# ---------------------------------------------------------------------------------------------
# Injected errors: each edits the pair in place when it can, or appends a short sentence pair
# that carries the error.

_ID_WORD = re.compile(r"(?<![\w-])[a-z]{4,}(?![\w-])")
_ID_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![.,]?\d)")
_MODELS = ["H800", "A100", "H100", "B200"]


def inject_doubled_word(en: str, idn: str, rng: random.Random) -> tuple[str, str]:
    words = list(_ID_WORD.finditer(idn))
    if not words:
        return en, idn + " Hal itu itu sudah diketahui."
    m = rng.choice(words)
    return en, idn[: m.end()] + " " + m.group() + idn[m.end():]


def inject_thousands_separator(en: str, idn: str, rng: random.Random) -> tuple[str, str]:
    m = _ID_GROUPED.search(idn)
    if m:
        return en, idn[: m.start()] + m.group().replace(".", ",") + idn[m.end():]
    n = rng.randrange(1_000, 100_000)
    return en + f" About {n:,} people signed the petition.", idn + f" Sekitar {n:,} orang menandatangani petisi itu."


def inject_currency_space(en: str, idn: str, rng: random.Random) -> tuple[str, str]:
    if re.search(r"\$\d", idn):
        return en, re.sub(r"\$(?=\d)", "$ ", idn, count=1)
    n = rng.randrange(2, 999)
    return en + f" The deal was worth ${n} million.", idn + f" Kesepakatan itu bernilai $ {n} juta."


def inject_english_plural(en: str, idn: str, rng: random.Random) -> tuple[str, str]:
    model, n = rng.choice(_MODELS), rng.randrange(2, 5_000)
    return en + f" The lab bought {n} {model}s.", idn + f" Laboratorium itu membeli {n} {model}S."


def inject_dropped_negation(en: str, idn: str, rng: random.Random) -> tuple[str, str]:
    if re.search(r"\bnot\b", en) and re.search(r"\btidak\b", idn):
        return en, re.sub(r"\btidak\s+", "", idn, count=1)
    return en + " The plan was not approved.", idn + " Rencana itu disetujui."


INJECTORS = {
    "doubled-word": inject_doubled_word,
    "thousands-separator": inject_thousands_separator,
    "currency-space": inject_currency_space,
    "english-plural": inject_english_plural,
    "dropped-negation": inject_dropped_negation,
}


def generate(pairs: list[tuple[str, str]], n: int, seed: int) -> Iterator[tuple[str, str, str | None]]:
    """n segments: (english, indonesian, injected error kind or None), in a fixed order."""
    rng = random.Random(seed)
    kinds = list(INJECTORS)
    for i in range(n):
        k, j = divmod(i, len(pairs))
        en, idn = vary(*pairs[j], k)
        kind = None
        if rng.random() < INJECT_RATE:
            kind = rng.choice(kinds)
            en, idn = INJECTORS[kind](en, idn, rng)
        yield en, idn, kind


def generate_distinct(pairs: list[tuple[str, str]], n: int, seed: int) -> Iterator[tuple[str, str, str | None]]:
    """n segments, no two alike: segment i joins two different NTREX pairs (a, b), English with
    English and Indonesian with Indonesian, and no (a, b) comes twice. The pairs are taken as
    (a, a + d) for d = 1, 2, ... over a shuffled order of a, so up to N·(N−1) segments (about
    four million for NTREX's 1,997) differ; errors are injected as in `generate`."""
    rng = random.Random(seed)
    order = list(range(len(pairs)))
    rng.shuffle(order)
    limit = len(pairs) * (len(pairs) - 1)
    if n > limit:
        raise ValueError(f"at most {limit:,} distinct joined pairs from {len(pairs):,} base pairs")
    kinds = list(INJECTORS)
    for i in range(n):
        d, k = divmod(i, len(pairs))
        a, b = order[k], order[(k + d + 1) % len(pairs)]
        en, idn = f"{pairs[a][0]} {pairs[b][0]}", f"{pairs[a][1]} {pairs[b][1]}"
        kind = None
        if rng.random() < INJECT_RATE:
            kind = rng.choice(kinds)
            en, idn = INJECTORS[kind](en, idn, rng)
        yield en, idn, kind


# ---------------------------------------------------------------------------------------------
# Files


@dataclass(frozen=True)
class CorpusFiles:
    """The files of one benchmark corpus."""

    size: int
    source: Path
    target: Path
    meta: Path

    @property
    def po(self) -> Path:
        return self.source.with_name(self.source.name.replace(".en.txt", ".po"))

    def info(self) -> dict[str, object]:
        return json.loads(self.meta.read_text(encoding="utf-8"))


def corpus_files(n: int, seed: int, data_dir: Path = DATA_DIR, *, distinct: bool = False) -> CorpusFiles:
    stem = f"ntrex-{'distinct-' if distinct else ''}{size_label(n)}-seed{seed}"
    return CorpusFiles(n, data_dir / f"{stem}.en.txt", data_dir / f"{stem}.id.txt", data_dir / f"{stem}.json")


def _fresh(meta: Path, expected: dict[str, object]) -> bool:
    try:
        have = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return all(have.get(k) == v for k, v in expected.items())


def build_corpus(n: int, seed: int = DEFAULT_SEED, data_dir: Path = DATA_DIR, *, force: bool = False,
                 ntrex_dir: Path = NTREX_DIR, distinct: bool = False) -> CorpusFiles:
    """Write the n-segment corpus (unless an identical one is there) and return its files: NTREX
    repeated (with small variations), or with `distinct` joined pairs that never repeat."""
    files = corpus_files(n, seed, data_dir, distinct=distinct)
    expected = {"generator": GENERATOR_VERSION, "segments": n, "seed": seed, "distinct": distinct}
    if not force and files.source.exists() and files.target.exists() and _fresh(files.meta, expected):
        return files
    data_dir.mkdir(parents=True, exist_ok=True)
    pairs = read_pairs(ntrex_dir)
    injected: Counter[str] = Counter()
    with files.source.open("w", encoding="utf-8", newline="\n") as fs, \
            files.target.open("w", encoding="utf-8", newline="\n") as ft:
        for en, idn, kind in (generate_distinct if distinct else generate)(pairs, n, seed):
            fs.write(en + "\n")
            ft.write(idn + "\n")
            if kind:
                injected[kind] += 1
    meta = dict(expected, injected=dict(sorted(injected.items())), base_pairs=len(pairs))
    files.meta.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return files


PO_HEADER = [
    "Project-Id-Version: reviewer benchmark corpus",
    "PO-Revision-Date: 2024-06-06 00:00+0000",
    "Last-Translator: NTREX-128 reference translation",
    "Language-Team: Indonesian",
    "Language: id",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: 8bit",
]


def po_quote(text: str) -> str:
    """A PO string literal: backslash, double quote, newline, tab and CR escaped C-style."""
    bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if bad:
        raise ValueError(f"control character {bad.group()!r} has no PO escape here")
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r"))
    return f'"{escaped}"'


def build_po(files: CorpusFiles, *, force: bool = False) -> Path:
    """The corpus as one PO file: one unit per line pair. Every unit has msgctxt = its line
    number, because the repeats would otherwise be duplicate msgids (an invalid PO file)."""
    po = files.po
    header = "".join(f'"{field}\\n"\n' for field in PO_HEADER)
    header = f'msgid ""\nmsgstr ""\n{header}\n'
    if not force and po.exists() and po.stat().st_mtime >= files.meta.stat().st_mtime:
        with po.open(encoding="utf-8") as fh:
            if fh.read(len(header)) == header:
                return po
    with files.source.open(encoding="utf-8") as fs, files.target.open(encoding="utf-8") as ft, \
            po.open("w", encoding="utf-8", newline="\n") as out:
        out.write(header)
        for i, (en, idn) in enumerate(zip(fs, ft, strict=True), 1):
            out.write(f"#: {files.source.name}:{i}\nmsgctxt \"{i}\"\n"
                      f"msgid {po_quote(en.rstrip(chr(10)))}\nmsgstr {po_quote(idn.rstrip(chr(10)))}\n\n")
    return po


# ---------------------------------------------------------------------------------------------
# Glossary

_EN_STOP = set("""
a an the this that these those it its he she they we you i me my his her their our your him them us
but and or so yet for if when while after before since because although though as at in on by with
from of to into onto there here what which who whom whose where why how some many most all each every
both either neither no not nor one two three is are was were be been being has have had do does did
will would can could should may might must shall than then also just only very more less said says
up out over about off down again further once against between through during under above below too
own same other such any few
""".split())
_ID_STOP = set("""
yang dan di ke dari untuk dengan ini itu dalam pada adalah tidak akan juga telah sudah oleh sebagai
karena bahwa atau lebih tersebut mereka kami kita saya dia ia ada bisa dapat para sebuah seorang satu
dua tiga namun tetapi jika saat ketika setelah sebelum masih hanya sangat banyak semua lain belum
kata mengatakan ujar tahun hari bagi serta agar hingga sampai antara seperti lalu pun sejak
""".split())
_EN_WORD = re.compile(r"[A-Za-z]+")
_ID_WORD_ANY = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_NAME_RUN = re.compile(r"\b[A-Z][A-Za-z'’-]*(?:\s+[A-Z][A-Za-z'’-]*){0,2}")


def _present(term: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text) is not None


def _names(pairs: list[tuple[str, str]]) -> list[str]:
    """Capitalised English words and runs (up to three words) that the aligned Indonesian keeps
    verbatim in at least half of the pairs they occur in; most frequent first."""
    lowercase_words = {w for en, _ in pairs for w in _EN_WORD.findall(en) if w.islower()}
    seen: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    for en, idn in pairs:
        found: set[str] = set()
        for m in _NAME_RUN.finditer(en):
            words = m.group().split()
            runs = {" ".join(words[a:b]) for a in range(len(words)) for b in range(a + 1, len(words) + 1)}
            for run in runs:
                first = run.split()[0]
                if first.lower() in _EN_STOP or (len(run.split()) == 1 and run.lower() in lowercase_words):
                    continue  # "The", or a common word that merely starts a sentence
                if len(run) >= 2:
                    found.add(run)
        for run in found:
            seen[run] += 1
            if _present(run, idn):
                kept[run] += 1
    names = [n for n in seen if kept[n] * 2 >= seen[n] and kept[n]]
    return sorted(names, key=lambda n: (-kept[n], n))


def _bigram_terms(pairs: list[tuple[str, str]]) -> list[tuple[str, str, int, int]]:
    """(english bigram, indonesian word, pairs with the bigram, of those with the word), ranked by
    frequency. The word is the one with the highest Dice coefficient against the bigram over the
    pairs; ties go to the more frequent co-occurrence, then the longer word, then the alphabet."""
    bigram_rows: dict[str, set[int]] = defaultdict(set)
    word_rows: dict[str, set[int]] = defaultdict(set)
    id_words: list[set[str]] = []
    for row, (en, idn) in enumerate(pairs):
        words = [w.lower() for w in _EN_WORD.findall(en)]
        for a, b in zip(words, words[1:], strict=False):
            if len(a) > 1 and len(b) > 1 and not (a in _EN_STOP and b in _EN_STOP):
                bigram_rows[f"{a} {b}"].add(row)
        ws = {w.lower() for w in _ID_WORD_ANY.findall(idn) if len(w) >= 4 and w.lower() not in _ID_STOP}
        id_words.append(ws)
        for w in ws:
            word_rows[w].add(row)
    out = []
    for bigram, rows in bigram_rows.items():
        best: tuple[float, int, int, str] | None = None
        candidates = set().union(*(id_words[r] for r in rows))
        for w in candidates:
            both = len(rows & word_rows[w])
            key = (2 * both / (len(rows) + len(word_rows[w])), both, len(w), w)
            if best is None or key[:3] > best[:3] or (key[:3] == best[:3] and w < best[3]):
                best = key
        if best is not None:
            out.append((bigram, best[3], len(rows), best[1]))
    # Noun-phrase-like bigrams ("prime minister") before ones with a function word ("level of").
    out.sort(key=lambda t: (any(w in _EN_STOP for w in t[0].split()), -t[2], t[0]))
    return out


_SPECIAL_TERMS = [
    {"source": f"{m}s", "target": m, "forbidden": [f"{m}S"], "severity": "major",
     "note": "the English plural s is not part of the model name"} for m in _MODELS
] + [
    {"source": "China", "target": "China", "forbidden": ["Cina", "Tiongkok"], "severity": "minor",
     "note": "house style writes the country China"},
]

# Twenty rules for calques and spelling slips, each gated on the English.
_RULES = [
    ("sarana-means", r"\bSarana\b\s*", r"\bmeans\b", "Artinya, ", "the verb 'means' rendered as the noun 'sarana'"),
    ("di-kantor", r"\bdi kantor\b", r"\bin office\b", "menjabat", "'in office' is 'menjabat', not 'di kantor'"),
    ("menembak-puncak", r"\bmenembak ke puncak\b", r"\bshot to the top\b", "melesat ke puncak", "calque of 'shot to the top'"),
    ("berjuang-untuk", r"\bberjuang untuk\b", r"\bstruggl\w* to\b", "kesulitan", "'struggle to' is 'kesulitan', not 'berjuang untuk'"),
    ("pindah-untuk", r"\bpindah untuk\b", r"\bmoved? to\b", "bergerak untuk", "'move to (do)' is not a change of place"),
    ("membuat-rasa", r"\bmembuat rasa\b", r"\bmakes? sense\b", "masuk akal", "calque of 'make sense'"),
    ("akhir-hari", r"\bpada akhir hari\b", r"\bat the end of the day\b", "pada akhirnya", "calque of 'at the end of the day'"),
    ("mengambil-tempat", r"\bmengambil tempat\b", r"\b(?:take|took|taking) place\b", "berlangsung", "calque of 'take place'"),
    ("rangka-untuk", r"\bdalam rangka untuk\b", r"\bin order to\b", "untuk", "redundant 'dalam rangka untuk'"),
    ("sangat-sekali", r"\bsangat\s+(\w+)\s+sekali\b", r"\bvery\b", r"sangat \1", "double intensifier"),
    ("dari-pada", r"\bdari pada\b", r"\bthan\b", "daripada", "'daripada' is one word"),
    ("di-mana-relative", r"\bdi mana\b", r"\bwhere\b", None, "'di mana' as a relative pronoun is a calque of 'where'"),
    ("yang-mana", r"\byang mana\b", r"\bwhich\b", "yang", "'yang mana' is a calque of 'which'"),
    ("presiden-case", r"\bpresiden(?= [A-Z])", r"\bPresident [A-Z]", "Presiden", "a title before a name is capitalised"),
    ("milyar", r"\bmilyar\b", r"\bbillions?\b", "miliar", "standard spelling is 'miliar'"),
    ("trilyun", r"\btrilyun\b", r"\btrillions?\b", "triliun", "standard spelling is 'triliun'"),
    ("resiko", r"\bresiko\b", r"\brisks?\b", "risiko", "standard spelling is 'risiko'"),
    ("aktifitas", r"\baktifitas\b", r"\bactivit(?:y|ies)\b", "aktivitas", "standard spelling is 'aktivitas'"),
    ("praktek", r"\bpraktek\b", r"\bpractic", "praktik", "standard spelling is 'praktik'"),
    ("silahkan", r"\bsilahkan\b", r"\bplease\b", "silakan", "standard spelling is 'silakan'"),
]


def _slug(text: str) -> str:
    return re.sub(r"[\W_]+", "-", text.casefold()).strip("-")


def _yaml(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class GlossaryFiles:
    """The glossary and the plain list of its target terms (for grep)."""

    yaml: Path
    terms: Path


def build_glossary(n_terms: int = 10_000, data_dir: Path = DATA_DIR, *, force: bool = False,
                   ntrex_dir: Path = NTREX_DIR) -> GlossaryFiles:
    """Write the glossary YAML (in reviewer's format) and terms.txt (one target term a line)."""
    files = GlossaryFiles(data_dir / f"glossary-{n_terms}.yaml", data_dir / f"glossary-{n_terms}.terms.txt")
    stamp = f"# generator {GENERATOR_VERSION}, {n_terms} terms\n"
    if not force and files.terms.exists() and files.yaml.exists() and files.yaml.read_text(
            encoding="utf-8").startswith(stamp):
        return files
    data_dir.mkdir(parents=True, exist_ok=True)
    pairs = read_pairs(ntrex_dir)
    entries: list[dict[str, object]] = list(_SPECIAL_TERMS)
    dnt: list[str] = []
    taken = {_slug(str(e["source"])) for e in entries}
    names = _names(pairs)
    for i, name in enumerate(names):
        if len(entries) + len(dnt) >= n_terms:
            break
        key = _slug(name)  # reviewer derives do-not-translate ids from this slug: keep it unique
        if key in taken:
            continue
        taken.add(key)
        if i % 4 == 3:
            dnt.append(name)
        else:
            entries.append({"source": name, "target": name, "severity": "minor"})
    for j, (bigram, word, _rows, _hits) in enumerate(_bigram_terms(pairs)):
        if len(entries) + len(dnt) >= n_terms:
            break
        if _slug(bigram) in taken:
            continue
        taken.add(_slug(bigram))
        entry: dict[str, object] = {"source": bigram, "target": word}
        if j % 10 == 0:
            entry["forbidden"] = [bigram]  # the English left untranslated
        if j % 20 == 7 and "-" not in word:
            entry["affixes"] = True
        entries.append(entry)
    if len(entries) + len(dnt) < n_terms:
        print(f"note: the corpus yields only {len(entries) + len(dnt)} terms (asked for {n_terms})",
              file=sys.stderr)
    lines = [stamp.rstrip("\n"), "# Benchmark glossary built by benchmarks/make_corpus.py from NTREX-128.",
             "source_lang: en", "target_lang: id", "name: benchmark glossary", "terms:"]
    for i, e in enumerate(entries):
        lines.append(f"  - id: {_yaml(f'b{i}')}")
        lines.append(f"    source: {_yaml(str(e['source']))}")
        lines.append(f"    target: {_yaml(str(e['target']))}")
        if "forbidden" in e:
            lines.append("    forbidden: [" + ", ".join(_yaml(f) for f in e["forbidden"]) + "]")  # type: ignore[union-attr]
        for key in ("severity", "note"):
            if key in e:
                lines.append(f"    {key}: {_yaml(str(e[key]))}")
        if e.get("affixes"):
            lines.append("    affixes: true")
    lines.append("do_not_translate:")
    lines += [f"  - {_yaml(name)}" for name in dnt]
    lines.append("rules:")
    for rule_id, pattern, when, replace, message in _RULES:
        lines.append(f"  - id: {_yaml(rule_id)}")
        lines.append(f"    pattern: {_yaml(pattern)}")
        lines.append(f"    when_source: {_yaml(when)}")
        if replace is not None:
            lines.append(f"    replace: {_yaml(replace)}")
        lines.append(f"    message: {_yaml(message)}")
    files.yaml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    targets = dict.fromkeys([str(e["target"]) for e in entries] + dnt)
    files.terms.write_text("".join(t + "\n" for t in targets), encoding="utf-8")
    return files


def glossary_stats(files: GlossaryFiles) -> dict[str, int]:
    """Counts for the report, read back from the YAML."""
    text = files.yaml.read_text(encoding="utf-8")
    section = {"terms": 0, "do_not_translate": 0, "rules": 0}
    current = None
    for line in text.splitlines():
        if line.rstrip(":") in section and not line.startswith(" "):
            current = line.rstrip(":")
        elif current and line.startswith("  - "):
            section[current] += 1
    return section


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("10k,100k"),
                        help="comma-separated corpus sizes, e.g. 10k,100k,1m (default: 10k,100k)")
    parser.add_argument("--terms", type=int, default=10_000, help="glossary terms (default: 10000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})")
    parser.add_argument("--po", action="store_true", help="also write each corpus as a PO file")
    parser.add_argument("--distinct", action="store_true",
                        help="build the corpora of distinct pairs (two NTREX pairs joined, none repeated) instead")
    parser.add_argument("--force", action="store_true", help="rebuild even when the files are up to date")
    args = parser.parse_args(argv)
    glossary = build_glossary(args.terms, force=args.force)
    print(f"glossary  {glossary.yaml}  {glossary_stats(glossary)}")
    for n in args.sizes:
        files = build_corpus(n, args.seed, force=args.force, distinct=args.distinct)
        print(f"corpus    {files.source}  {files.target}  injected: {files.info()['injected']}")
        if args.po:
            print(f"po        {build_po(files, force=args.force)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
