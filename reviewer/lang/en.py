"""English language data used when English is the source."""

from __future__ import annotations

import regex

from reviewer.lang import NumberLocale

NUMBERS = NumberLocale(
    decimal=".",
    group=",",
    scales={
        "hundred": 100,
        "thousand": 1_000,
        "million": 1_000_000,
        "mln": 1_000_000,
        "m": 1_000_000,
        "billion": 1_000_000_000,
        "bn": 1_000_000_000,
        "b": 1_000_000_000,
        "trillion": 1_000_000_000_000,
        "tn": 1_000_000_000_000,
        "k": 1_000,
    },
    number_words={
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
        "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "a": 1, "an": 1, "single": 1,
        "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
    },
)

#: Function words that start capitalised only at the start of a sentence or inside a title.
FUNCTION_WORDS = frozenset(
    """
    a an the of and or but nor for to in on at by with from as into onto upon about over under
    is are was were be been being has have had do does did will would shall should can could
    may might must this that these those which who whom whose what when where why how not no
    it its they them their there here he she his her him we our you your i my me than then so
    if because while although though since until unless also very just only
    """.split()
)

#: Words that mark a comparison of "less/fewer" in English.
LESS_WORDS = frozenset({"fewer", "less", "lesser", "least", "fewest"})
#: Words that mark negation in English (contracted forms end with n't).
NEGATION_WORDS = frozenset({"not", "no", "never", "neither", "nor", "none", "nobody", "nothing", "nowhere", "without", "cannot"})


#: Two consonants that may open an English word (or a loanword common in English or
#: Indonesian text: "ng", "ny", "sy", "kh", "ts", "dj"); "y" counts as a vowel.
_ONSETS = frozenset(
    """
    bl br ch cl cr dh dj dr dw fj fl fr gh gl gn gr gw kh kl kn kr kw ng ny ph pl pn pr ps pt
    rh sc sh sk sl sm sn sp sq st sv sw sy th tr ts tw vl vr wh wr zh zw
    """.split()
)
_VOWELS = frozenset("aeiouy")


def identifier_shaped(word: str) -> bool:
    """Whether a lower-case word is shaped like a name in code rather than an English word:
    no vowel at all in three letters or more (`dpkg`, `gtk`), or two consonants no English word
    opens with (`fgets`, `mkdir`, `xrandr`). (Identifiers that look like English, `printf` or
    `malloc`, are not caught: a lexicon would be needed.)"""
    if len(word) < 3 or not word.isascii() or not word.isalpha() or not word.islower():
        return False
    if not _VOWELS.intersection(word):
        return True
    return word[0] not in _VOWELS and word[1] not in _VOWELS and word[:2] not in _ONSETS

#: English negations that are usually translated without a negative word ("not to mention":
#: "apalagi", "belum lagi"; "nothing special": "biasa saja"; "no different": "sama saja";
#: "like no other": "lain daripada yang lain").
POSITIVE_IDIOMS = regex.compile(
    r"\b(?:no\s+(?:later|sooner|more|less|doubt|matter|wonder|different)\b|"
    r"not\s+(?:only|least|surprising(?:ly)?|fail|until|to\s+mention)\b|"
    r"(?:do\s+not|don['’]t)\s+forget\b|nothing\s+(?:but|special)\b|cannot\s+help\b|can['’]t\s+help\b|"
    r"like\s+no\s+other\b|(?:whether|if)\s+or\s+not\b|or\s+not\b"
    # a tag question ("You can swim, can't you?": "..., kan?"), which asks and negates nothing
    r"|(?<=,\s*)\w+n['’]t\s+\w+\s*(?=\?)"
    # a question that opens with a negated auxiliary ("Don't you have a bicycle?": "Apakah kamu
    # punya sepeda?"), and "why don't / why not", a suggestion ("Bagaimana kalau...")
    r"|(?:(?<=^|[.!?…]\s)|(?<=^[\"“‘'(]))\w+n['’]t(?=\s+(?:I|you|we|they|he|she|it|there|that|this)\b[^.!?]*\?)"
    r"|\bwhy\s+(?:don['’]t|not)\b)",
    regex.IGNORECASE)
