"""The malay-word check: Malay words in Indonesian text ("kata laluan" for *kata sandi*, "fail"
for *berkas*), the commonest slip of machine translation into Indonesian in software strings.
The words are those of `lang.id_malay`; its trigger is one Aho-Corasick scan of the case-folded
target for any of them, so text without one costs that scan only."""

from __future__ import annotations

import re
from collections.abc import Iterator

import ahocorasick_rs

from reviewer.checks.base import Check, SegmentContext, Trigger, register
from reviewer.core.model import Flag, Severity
from reviewer.lang import id as lang_id
from reviewer.lang.id_malay import MALAY_TO_INDONESIAN, NOT_BEFORE

_FORMS = sorted(MALAY_TO_INDONESIAN, key=len, reverse=True)  # (longest first: "muat turun" before "fail")
#: A Malay form as a whole word (several words: any white space between them), a clitic allowed
#: after it (failnya, cubalah), and the word after it (for `NOT_BEFORE`).
_MALAY = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in _FORMS) + r")"
    r"(" + "|".join(lang_id.CLITICS) + r")?(?![\w-])(?:(?=\s+([\w-]+)))?",
    re.IGNORECASE,
)
def _rarest_word(form: str) -> str:
    """The word of a form of several words that ordinary Indonesian uses least ("laluan" of
    "kata laluan"; "muat" of "muat turun"), which the trigger looks for: words that are not in
    `_COMMON_INDONESIAN`, else the longest."""
    words = form.split(" ")
    rare = [w for w in words if w not in _COMMON_INDONESIAN]
    return max(rare or words, key=len)


#: Words of the Malay forms of several words that are everyday Indonesian on their own.
_COMMON_INDONESIAN = frozenset({"kata", "turun", "naik", "semula", "kini", "papan", "web", "suara", "masuk", "surat",
                                "data"})
_FIRST_WORDS = sorted({_rarest_word(f) for f in _FORMS})
assert all(word.isascii() for word in _FIRST_WORDS)
#: The characters whose case folding holds an ASCII letter (ß: ss, the Kelvin sign: k, ﬁ: fi);
#: a test checks the list against every character.
FOLDS_TO_ASCII = "\xdf\u0130\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
_CLITIC_ENDS = tuple(lang_id.CLITICS)


class _MalayFirstWord:
    """The trigger's pattern (see `Searchable`): a word of a Malay form (`_rarest_word`) as a whole word
    of the case-folded text (a clitic may follow it), found with one Aho-Corasick scan for all
    the words and a look at the characters around each place found ("kad" inside "akademi" is
    no hit: a substring scan alone fires on a third of news sentences), made only where a first
    scan finds one of the words anywhere."""

    pattern = _MALAY.pattern

    def __init__(self) -> None:
        self._automaton = ahocorasick_rs.AhoCorasick(_FIRST_WORDS)
        self._anywhere = ahocorasick_rs.BytesAhoCorasick([w.encode() for w in _FIRST_WORDS + list(FOLDS_TO_ASCII)])

    def search(self, text: str, /) -> object:
        # Most texts hold none of the words anywhere: told from the UTF-8 with its ASCII letters
        # in lower case (`bytes.lower`: far cheaper than folding a text that is not ASCII), where
        # the case-folded text's words stand unless a character folds to ASCII letters.
        if not self._anywhere.find_matches_as_indexes(text.encode("utf-8", "surrogatepass").lower()):
            return None
        folded = text.casefold()
        if len(folded) != len(text):
            return True  # (a character that folds to several: offsets differ; let the check look)
        try:
            found = self._automaton.find_matches_as_indexes(folded, overlapping=True)
        except UnicodeEncodeError:
            return True  # (a lone surrogate has no UTF-8: let the check look)
        for _, start, end in found:
            if start and (folded[start - 1].isalnum() or folded[start - 1] in "_-"):
                continue
            rest = folded[end:end + 4]
            if not rest or not (rest[0].isalnum() or rest[0] in "_-"):
                return True
            for clitic in _CLITIC_ENDS:
                after = rest[len(clitic):len(clitic) + 1]
                if rest.startswith(clitic) and not (after and (after.isalnum() or after in "_-")):
                    return True
        return None


_TRIGGER = _MalayFirstWord()


@register
class MalayWord(Check):
    """A Malay word where Indonesian has its own ("kata laluan" for "kata sandi")."""

    id = "malay-word"
    category = "fluency/spelling"
    severity = Severity.MAJOR
    description = 'a Malay word in the Indonesian ("kata laluan" for "kata sandi", "fail" for "berkas")'
    target_langs = frozenset({"id"})
    trigger = Trigger(target=_TRIGGER)

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        source = ctx.source.casefold()
        for m in _MALAY.finditer(ctx.target):
            written = m.group(1)
            if written.isupper() and len(written) > 1:
                continue  # an acronym (KAD), not a word
            form = " ".join(written.casefold().split())
            if form not in MALAY_TO_INDONESIAN:
                continue  # (a case-insensitive match beyond what casefold maps back)
            if re.search(r"(?<!\w)" + re.escape(form).replace(r"\ ", r"\s+") + r"(?!\w)", source):
                continue  # the source has the word too: a name, or a word kept on purpose (Cuba)
            after = m.group(3)
            if after is not None and after.casefold() in NOT_BEFORE.get(form, ()):
                continue  # "sila pertama": the Indonesian word for a principle
            rendering = MALAY_TO_INDONESIAN[form]
            if written[:1].isupper():
                rendering = rendering[0].upper() + rendering[1:]
            suggestion = rendering + (m.group(2) or "")
            yield self.flag(ctx, m.start(1), m.end(2) if m.group(2) else m.end(1),
                            f"{written!r} is Malay; Indonesian writes {rendering!r}", suggestion)
