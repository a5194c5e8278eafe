"""Text helpers shared by the engine: word tokens with offsets, sentence starts, word diffs, and
safe display of untrusted text (`visible`) that reads back exactly (`unvisible`, `ShownText`)."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import NamedTuple

import regex

# A word: letters and digits, with inner apostrophes, periods or commas between digits
# (10.000, 3,5) and inner hyphens (perusahaan-perusahaan, H800-nya, e-mail); dotted acronyms
# (U.S., A.I.) are one word. The standard library's `re` is used here because it is about twice
# as fast as `regex` on this simple pattern, and tokenising is the hottest path of the engine.
# Written plainly, the pattern is READABLE_WORD_PATTERN; WORD_RE matches exactly the same words
# (a property test checks it) but takes the first word character before trying the two
# alternatives, which makes it about 15% faster.
READABLE_WORD_PATTERN = r"(?:[^\W\d_]\.){2,}(?!\w)|\w+(?:(?:['’]|(?<=\d)[.,](?=\d)|-)\w+)*"
WORD_RE = re.compile(r"\w(?:(?<=[^\W\d_])\.(?:[^\W\d_]\.)+(?!\w)|\w*(?:(?:['’]|(?<=\d)[.,](?=\d)|-)\w+)*)")
#: Characters after which the next word starts a sentence.
SENTENCE_END = ".!?…:"
OPENING_QUOTES = "“‘«\"'([{"


@lru_cache(maxsize=4096)
def rx(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """A compiled pattern from a cache that costs a dict lookup (the `regex` module's own cache
    is much slower per call, which matters in per-segment hot paths)."""
    return regex.compile(pattern, flags)


class Token(NamedTuple):
    """A word and where it is (a named tuple: cheap to build by the million)."""

    text: str
    start: int
    end: int


#: A word as glossary terms see it: letters and digits with inner apostrophes only, so that
#: H800-nya, 10.000 and U.S. are two words each (a term can match a part of them).
TERM_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")

_new_tuple = tuple.__new__


def tokenize(text: str) -> list[Token]:
    """Split text into word tokens with code-point offsets."""
    # tuple.__new__ skips the named tuple's Python-level constructor (a third of the time here).
    return [_new_tuple(Token, (m.group(), m.start(), m.end())) for m in WORD_RE.finditer(text)]


def is_sentence_start(text: str, pos: int) -> bool:
    """True when `pos` is the first word of a sentence: at the start of the text, of a line or of
    a column (after a tab or two spaces or more, as in a program's help text), or after . ! ? :,
    with quotes, dashes and markup tags (`<b>`) stepped over on the way back."""
    i = pos - 1
    blanks = 0
    while i >= 0:
        c = text[i]
        if c == "\n" or c == "\t" or (c == " " and blanks):
            return True  # a line or a column starts here
        if c == " ":
            blanks = 1
        elif c.isspace() or c in OPENING_QUOTES or c in "–—-":
            blanks = 0
        elif c == ">" and (tag := _TAG_BEFORE.search(text, 0, i + 1)) is not None:
            i = tag.start()  # (the loop steps to the character before the tag)
            blanks = 0
        else:
            break
        i -= 1
    return i < 0 or text[i] in SENTENCE_END


#: A markup tag (`<b>`, `</span>`, `<a href="…">`) that ends where the search ends.
_TAG_BEFORE = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>\Z")


# Control and invisible characters that must never reach a terminal raw.
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_INVISIBLE = set("\u200b\u200c\u200d\u2060\ufeff\u00ad")

#: What `visible` replaces: controls (C0, C1, DEL), format characters (bidi controls, zero-width
#: characters, soft hyphen, tag characters), surrogates, private-use and unassigned code points,
#: and the line and paragraph separators. Every character of _BIDI and _INVISIBLE is a format
#: character (Cf).
_SHOWN_CLASS = r"\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}"
_PLACEHOLDER_BODY = r"(?:U\+([0-9A-F]{4,6})|TAB|ESC)"
_PLACEHOLDER_RE = regex.compile(rf"⟨{_PLACEHOLDER_BODY}⟩")
# A literal "⟨" that starts placeholder-looking text is itself shown as a placeholder, so that
# shown text reads back exactly: the text "⟨ESC⟩" is shown "⟨U+27E8⟩ESC⟩", never "⟨ESC⟩".
_LITERAL_OPEN = regex.compile(rf"⟨(?={_PLACEHOLDER_BODY}⟩)")
_SHOWN_MULTI_LINE = regex.compile(rf"(?!\n)[{_SHOWN_CLASS}]|{_LITERAL_OPEN.pattern}")
_SHOWN_ONE_LINE = regex.compile(rf"[{_SHOWN_CLASS}]|{_LITERAL_OPEN.pattern}")


def _placeholder(m: regex.Match[str]) -> str:
    ch = m.group()
    if ch == "\t":
        return "⟨TAB⟩"
    if ch == "\x1b":
        return "⟨ESC⟩"
    return f"⟨U+{ord(ch):04X}⟩"


def visible(text: str, *, one_line: bool = False) -> str:
    """Untrusted text made safe to show in a terminal, and readable back exactly (`unvisible`).

    Control, bidi, zero-width and other invisible characters become placeholders: ⟨TAB⟩,
    ⟨ESC⟩, ⟨U+XXXX⟩ (a literal ⟨ that would read as a placeholder becomes ⟨U+27E8⟩). Line
    breaks (\\n) stay, for segment text; with `one_line` they become ⟨U+000A⟩ too, for ids,
    paths, rule ids, file names and messages: the result then holds no control character, no
    bidi control and no line break, so it can neither break a line nor carry an escape.
    Apply it once, where text is printed: shown text shown again is not the same text.
    """
    # Python's printable excludes every category replaced here (and spaces other than " "):
    # most text needs no pass at all.
    if "⟨" not in text and (text.isprintable() or (not one_line and text.replace("\n", "").isprintable())):
        return text
    return (_SHOWN_ONE_LINE if one_line else _SHOWN_MULTI_LINE).sub(_placeholder, text)


def visible_with_offsets(text: str) -> tuple[str, list[int]]:
    """`visible(text)` and, for every offset 0..len(text) of the input, its offset in the output
    (so that spans found in the real text can be highlighted in the shown text)."""
    parts: list[str] = []
    offsets: list[int] = []
    last = shift = 0
    for m in _SHOWN_MULTI_LINE.finditer(text):
        at = m.start()  # every match is one character
        offsets.extend(range(last + shift, at + shift + 1))
        rep = _placeholder(m)
        parts += (text[last:at], rep)
        shift += len(rep) - 1
        last = at + 1
    offsets.extend(range(last + shift, len(text) + shift + 1))
    parts.append(text[last:])
    return "".join(parts), offsets


def unvisible(shown: str) -> str:
    """Inverse of `visible`: placeholders back to the characters they stand for, so that
    `unvisible(visible(s)) == s` for every string (with `one_line` or without)."""
    def back(m: regex.Match[str]) -> str:
        if m.group(1):
            code = int(m.group(1), 16)
            return chr(code) if code <= 0x10FFFF else m.group()
        return "\t" if m.group() == "⟨TAB⟩" else "\x1b"

    return _PLACEHOLDER_RE.sub(back, shown)


#: What `visible` replaces, but for line feeds and literal ⟨.
_REPLACED_BUT_LF = regex.compile(rf"(?!\n)[{_SHOWN_CLASS}]")


def _json_escape(m: regex.Match[str]) -> str:
    code = ord(m.group())
    if code > 0xFFFF:  # JSON writes a code point beyond the BMP as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_visible(json_text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with every character `visible`
    would replace written as a \\u escape: the same JSON value, exact, safe to print to a
    terminal, and still readable UTF-8 (json.dumps escapes only the C0 controls)."""
    return json_text if json_text.isascii() else _REPLACED_BUT_LF.sub(_json_escape, json_text)


def without_controls(text: str) -> str:
    """Text with every character `visible` would replace removed, except line breaks (what
    typed or pasted text may add to a target: nothing invisible)."""
    return _REPLACED_BUT_LF.sub("", text)


#: The invisible characters a reviewer may insert in the editor, deliberately, by name (one at
#: a time, from a list): joiners, marks and isolates with a use in real text. Other controls
#: (C0 and C1, ESC among them) and the bidi embeddings and overrides U+202A..U+202E, the
#: Trojan Source characters, cannot be inserted; isolates do the same job safely.
INSERTABLE: dict[str, str] = {
    "\u200b": "ZERO WIDTH SPACE (ZWSP): a line may break here",
    "\u200c": "ZERO WIDTH NON-JOINER (ZWNJ)",
    "\u200d": "ZERO WIDTH JOINER (ZWJ)",
    "\u2060": "WORD JOINER (WJ): no line break here",
    "\u00ad": "SOFT HYPHEN (SHY)",
    "\u200e": "LEFT-TO-RIGHT MARK (LRM)",
    "\u200f": "RIGHT-TO-LEFT MARK (RLM)",
    "\u061c": "ARABIC LETTER MARK (ALM)",
    "\u2066": "LEFT-TO-RIGHT ISOLATE (LRI)",
    "\u2067": "RIGHT-TO-LEFT ISOLATE (RLI)",
    "\u2068": "FIRST STRONG ISOLATE (FSI)",
    "\u2069": "POP DIRECTIONAL ISOLATE (PDI)",
}

#: One unit of shown text: a placeholder, or any other single character.
_UNIT_RE = regex.compile(rf"⟨{_PLACEHOLDER_BODY}⟩|.", regex.DOTALL)


class ShownText:
    """A text as an editor shows it (`visible`), and what each piece of the shown text stands
    for, so that the edited text reads back exactly.

    Saving is "what you see is what you get", with one exception: a placeholder that stands for
    a character of the original text (or for one inserted with `inserting`) and is still there,
    untouched, saves as that character. Everything else saves as the text shown: a placeholder
    typed, pasted or moved is literal text, and controls in typed or pasted text are dropped.
    So an unchanged text reads back as the original, and an edit never adds a control
    character except by `inserting`.
    """

    __slots__ = ("units",)

    def __init__(self, units: list[tuple[str, str]]) -> None:
        self.units = units
        """(shown, real) pieces in order; a placeholder's real piece is its character."""

    @classmethod
    def of(cls, text: str, *, one_line: bool = False) -> ShownText:
        """The shown form of `text` (see `visible`)."""
        pattern = _SHOWN_ONE_LINE if one_line else _SHOWN_MULTI_LINE
        units: list[tuple[str, str]] = []
        last = 0
        for m in pattern.finditer(text):
            units += ((ch, ch) for ch in text[last:m.start()])
            units.append((_placeholder(m), m.group()))
            last = m.end()
        units += ((ch, ch) for ch in text[last:])
        return cls(units)

    @property
    def shown(self) -> str:
        """What the editor shows."""
        return "".join(shown for shown, _ in self.units)

    def _merged(self, edited: str) -> list[tuple[str, str]]:
        """The units of the edited text: kept ones as they were, new ones literal."""
        old = [shown for shown, _ in self.units]
        new = [m.group() for m in _UNIT_RE.finditer(edited)]
        # Compare only the changed middle (edits are local; the matcher is quadratic at worst).
        head = 0
        while head < min(len(old), len(new)) and old[head] == new[head]:
            head += 1
        tail = 0
        while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        merged = list(self.units[:head])
        matcher = difflib.SequenceMatcher(None, old[head:len(old) - tail], new[head:len(new) - tail],
                                          autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                merged += self.units[head + i1:head + i2]
            else:
                merged += ((unit, without_controls(unit)) for unit in new[head + j1:head + j2])
        merged += self.units[len(self.units) - tail:]
        return merged

    def text(self, edited: str) -> str:
        """The real text for what the editor now shows."""
        if edited == self.shown:
            return "".join(real for _, real in self.units)
        return "".join(real for _, real in self._merged(edited))

    def inserting(self, edited: str, offset: int, char: str) -> tuple[ShownText, int]:
        """Insert `char` (one of INSERTABLE) at `offset` of the edited text (moved to
        the end of a placeholder it falls in): the new shown text, and where the placeholder
        goes in the editor (`visible(char)` at that offset gives the new shown text)."""
        if char not in INSERTABLE:
            raise ValueError(f"U+{ord(char):04X} cannot be inserted")
        units = self._merged(edited)
        at = i = 0
        while i < len(units) and at < offset:
            at += len(units[i][0])
            i += 1
        units.insert(i, (visible(char), char))
        return ShownText(units), at


BIDI_CONTROLS = frozenset(_BIDI)
ZERO_WIDTH = frozenset(_INVISIBLE)


def term_words(tokens: list[Token]) -> list[tuple[str, int, int]]:
    """The `TERM_WORD_RE` words of a text, from its `tokenize` tokens (no second pass over the
    text): every word character lies in some token, and only tokens holding a hyphen, a period
    or a comma split further."""
    out: list[tuple[str, int, int]] = []
    for tok in tokens:
        text = tok[0]
        if "-" in text or "." in text or "," in text:
            base = tok[1]
            out.extend((m.group(), base + m.start(), base + m.end()) for m in TERM_WORD_RE.finditer(text))
        else:
            out.append(tok)
    return out


_DIFF_TOKEN = regex.compile(r"\s+|[\p{L}\p{N}]+|[^\s\p{L}\p{N}]")


def word_diff(before: str, after: str) -> list[tuple[bool, str, str]]:
    """A word-level diff of two texts as runs (same, old, new): where `same`, old == new; else
    `old` was replaced by `new` (either may be empty). Words, runs of white space and single
    other characters are the units."""
    a, b = _DIFF_TOKEN.findall(before), _DIFF_TOKEN.findall(after)
    runs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        runs.append((op == "equal", "".join(a[i1:i2]), "".join(b[j1:j2])))
    return runs


def edited_region(before: str, after: str) -> tuple[int, int, int]:
    """Where an edit changed a text: (start, end in `before`, end in `after`), common prefix
    and suffix left out."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end_b, end_a = len(before), len(after)
    while end_b > start and end_a > start and before[end_b - 1] == after[end_a - 1]:
        end_b -= 1
        end_a -= 1
    return start, end_b, end_a
