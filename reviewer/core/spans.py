"""Protected spans: the parts of a text that are code, not language (printf and brace
placeholders, ICU plural/select, `$VAR`, markup tags and entities, URLs, e-mail addresses,
command-line options), found with one C-level regex scan per text.

Word checks and the glossary should never match inside these spans, and the software checks
(`reviewer.checks.software`) compare them between source and target. Most of our text is
prose, so every pattern here is written to stay off ordinary writing: "50% of" and "turun 5%
dari" hold no printf conversion (printf's space flag is not accepted), "A-B", "3-5" and dashes
are no options, a lone "<" in "x < y" is no tag.

`scan(text)` gives the spans in order (`Scan.spans`) and the ICU messages as a tree
(`Scan.blocks`); `protected_spans(text)` is the flat list alone. Spans never overlap: a
placeholder inside a tag's attribute (`<a href='{url}'>`) is part of the tag's span."""

from __future__ import annotations

import enum
import re
from bisect import bisect_left
from dataclasses import dataclass


class SpanKind(str, enum.Enum):
    """What a protected span is."""

    PRINTF = "printf"
    """A printf conversion (`%s`, `%1$s`, `%.2f`, `%(name)s`, `%@`) or the literal `%%`."""
    QT = "qt"
    """A Qt-style numbered argument: `%1`, `%L2` (no conversion letter)."""
    STRFTIME = "strftime"
    """A date/time conversion that printf does not have (`%Y`, `%H`, `%B`, `%:z`)."""
    BRACE = "brace"
    """A brace placeholder: `{0}`, `{name}`, `{}`, `{0:.2f}`, or a simple ICU argument `{n, number}`."""
    ICU = "icu"
    """The code of an ICU plural/select: its head `{count, plural,`, a branch's `other{`, a
    closing `}`, and `#` inside a plural branch. The branches' text is language, not code."""
    SHELL = "shell"
    """A shell-style variable: `$VAR`, `${var}`."""
    TAG = "tag"
    """An XML/HTML tag: `<b>`, `</a>`, `<br/>`, `<a href="...">`."""
    METAVAR = "metavar"
    """A word in angle brackets that is not markup (`<file>` in help text: an open tag with no
    attributes and no closing tag). Translators may translate it."""
    ENTITY = "entity"
    """An XML/HTML entity: `&amp;`, `&#123;`, `&#x1F;`."""
    URL = "url"
    """A URL (`https://...`, `www.example.org`)."""
    EMAIL = "email"
    """An e-mail address."""
    OPTION = "option"
    """A command-line option: `-v`, `--build`."""


@dataclass(frozen=True, slots=True)
class Span:
    """A protected span of a text."""

    kind: SpanKind
    """What it is."""
    start: int
    """Start offset, in code points."""
    end: int
    """End offset (exclusive)."""
    text: str
    """The span's text, `text[start:end]`."""


@dataclass(frozen=True, slots=True)
class IcuBranch:
    """One branch of an ICU plural/select: `selector{content}`."""

    selector: str
    """Its keyword: `other`, `one`, `=1`, or a select value such as `female`."""
    selector_start: int
    """Where the keyword starts."""
    start: int
    """Where the content starts (after the `{`)."""
    end: int
    """Where the content ends (at the closing `}`)."""
    spans: tuple[Span, ...]
    """The placeholders and other spans directly in the content (not in nested messages)."""
    blocks: tuple[IcuBlock, ...]
    """ICU messages nested in the content."""


@dataclass(frozen=True, slots=True)
class IcuBlock:
    """An ICU plural/select/selectordinal message: `{count, plural, one{...} other{...}}`."""

    argument: str
    """The argument's name (`count`)."""
    keyword: str
    """`plural`, `select` or `selectordinal`."""
    start: int
    """Where its opening `{` is."""
    head_end: int
    """Where its head (`{count, plural,`) ends."""
    end: int
    """Just after its closing `}`."""
    branches: tuple[IcuBranch, ...]
    """Its branches, in order."""

    def branch(self, selector: str) -> IcuBranch | None:
        """The branch with this keyword, if any."""
        return next((b for b in self.branches if b.selector == selector), None)


@dataclass(frozen=True, slots=True)
class Scan:
    """What `scan` found in a text."""

    spans: tuple[Span, ...]
    """Every protected span, in order, ICU code included."""
    top: tuple[Span, ...]
    """The spans outside any ICU message."""
    blocks: tuple[IcuBlock, ...]
    """The ICU messages at the top level (nested ones are in their branches)."""


# Each kind of span but links starts with one known character; the patterns below are what
# follows it, so that the scan can open with the class of those characters (see `_SCAN`).
_PRINTF_FLAGS = "-+#0'"
_PRINTF = (
    r"(?:%"  # `%%`, a literal percent
    r"|\([A-Za-z_]\w*\)[-+#0]*(?:\d+)?(?:\.\d+)?[diouxXeEfFgGcrsa]"  # Python's %(name)s
    # C/ObjC: position, flags (no space flag: "5% dari" is prose), width, precision, length.
    rf"|(?:\d+\$)?[{_PRINTF_FLAGS}]*(?:\d+|\*(?:\d+\$)?)?(?:\.(?:\d+|\*(?:\d+\$)?)?)?"
    r"(?:hh|ll|I64|I32|[hlLqjzZt])?[diouxXeEfFgGaAcCsSpn@]"
    r")"
)
#: strftime conversions that printf lacks; `%l` and `%j` only where no printf conversion
#: follows (`%li`, `%jd` are printf's long and intmax_t).
_STRFTIME = r"(?:[-_0^#]?[BHIMSYZkmyRTDUVWNP]|l(?![diouxXn])|j(?![diouxXn])|:{1,3}z)"
#: Qt's `%1`..`%99` (`%L1` with the locale's digits): tried after printf, so `%1$s` and `%1d` stay
#: printf; not before a digit or a letter ("%1st" is no argument).
_QT = r"L?[1-9]\d?(?![\w$])"
#: The head of an ICU plural/select after its `{`; its branches are read by hand (they nest).
_ICU_HEAD = r"\s*[A-Za-z_]\w*\s*,\s*(?:plural|selectordinal|select)\s*,"
_BRACE = (r"(?:(?:\d+|[A-Za-z_][\w.]*)?(?:![rsa])?(?::[^{}\s]*)?\}"
          r"|\s*[A-Za-z_]\w*\s*,\s*[A-Za-z]+(?:\s*,[^{}]*)?\})")
_SHELL = r"(?:\{[A-Za-z_]\w*\}|[A-Za-z_]\w*)"
_ATTRIBUTE = r"""\s+[\w:.-]+(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?"""
_TAG = rf"/?[A-Za-z][\w:.-]*(?:{_ATTRIBUTE})*\s*/?>"
_ENTITY = r"(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});"
#: An option starts a word: not after a letter, digit, hyphen, slash or period ("A-B", "3-5",
#: "e-mail", "a/-b": the look-behind sees the character before its first dash), and a letter
#: follows its dashes (a dash between words is followed by a space). After one dash: a letter
#: and at most one more (`-v`, `-Dh`, `-O2`) or a lower-case word (`-name`), but not a
#: capitalised word ("itu -Chile", a dash set against a word) nor an Indonesian clitic ("seni"-nya).
_OPTION = (r"(?<![\w\-/.]-)(?:-[A-Za-z][\w-]*"
           r"|(?!(?:nya|ku|mu|lah|kah|tah|pun)\b)(?:[A-Za-z][A-Za-z0-9]?|[a-z][a-z0-9_-]+)(?![\w-]))")
#: Links are found by a pass of their own, only in a text that has "://", "www." or "@": their
#: first character can be any letter, which would leave the main scan no character to skip to.
_URL = r"(?:\b(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp]|file)://|\bwww\.)[^\s<>\"'`]+"
#: The local part starts where a run of its characters starts (tried from inside a long run, as
#: `\b` would allow after each period, the search grows with the square of the run's length).
_EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_LINKS = re.compile(f"(?P<url>{_URL})|(?P<email>{_EMAIL})")

_ALTERNATIVES = [
    ("%", [("printf", _PRINTF), ("qt", _QT), ("strftime", _STRFTIME)]),
    ("{", [("icu", _ICU_HEAD), ("brace", _BRACE)]),
    ("$", [("shell", _SHELL)]),
    ("<", [("tag", _TAG)]),
    ("&", [("entity", _ENTITY)]),
    ("-", [("option", _OPTION)]),
]


def _scan_pattern(alternatives: list[tuple[str, list[tuple[str, str]]]]) -> re.Pattern[str]:
    """Everything in one pattern, so that a text is read once, in C, whatever it holds. It opens
    with the class of the characters that start a span, which lets `re` skip in C to the next of
    them; named groups or a look-behind first would make it try every alternative at every
    position of the text (five times slower on prose, where nothing is found)."""
    firsts = "".join(re.escape(first) for first, _ in alternatives)
    branches = "|".join(f"(?<={re.escape(first)})(?:{'|'.join(f'(?P<{name}>{p})' for name, p in kinds)})"
                        for first, kinds in alternatives)
    return re.compile(f"[{firsts}](?:{branches})")


_SCAN = _scan_pattern(_ALTERNATIVES)
#: The same inside a plural branch, where `#` stands for the number.
_SCAN_PLURAL = _scan_pattern([*_ALTERNATIVES, ("#", [("pound", "")])])
_KINDS = {"printf": SpanKind.PRINTF, "qt": SpanKind.QT, "strftime": SpanKind.STRFTIME, "brace": SpanKind.BRACE,
          "shell": SpanKind.SHELL, "tag": SpanKind.TAG, "entity": SpanKind.ENTITY, "url": SpanKind.URL,
          "email": SpanKind.EMAIL, "option": SpanKind.OPTION, "pound": SpanKind.ICU}

_BRACES = re.compile(r"[{}]")
_SELECTOR = re.compile(r"\s*(=\d+|[A-Za-z_][\w-]*)\s*\{")
_OFFSET = re.compile(r"\s*offset\s*:\s*\d+")
_CLOSE = re.compile(r"\s*\}")
_URL_TAIL = ".,;:!?)]}*"
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][\w:.-]*)")
_CLOSING_NAME = re.compile(r"</\s*([A-Za-z][\w:.-]*)")
#: Elements that have no closing tag; other open tags without one are read as metavariables
#: (`<file>`). Only those that occur in interface strings: `link` or `source` in help text are
#: far more often words.
VOID_ELEMENTS = frozenset({"br", "hr", "img", "input", "wbr"})


def tag_name(tag: str) -> str:
    """The element name of a tag's text, lower-cased (`</B >` gives `b`)."""
    m = _TAG_NAME.match(tag)
    return m.group(1).lower() if m else ""


def scan(text: str) -> Scan:
    """The protected spans of a text and its ICU messages."""
    spans: list[Span] = []
    top: list[Span] = []
    blocks: list[IcuBlock] = []
    # The elements closed anywhere in the text: an open tag whose element is never closed is a
    # metavariable (`<file>`), not markup.
    closed = frozenset(m.lower() for m in _CLOSING_NAME.findall(text)) if "</" in text else frozenset()
    # Where each brace closes, found once: read for each ICU message, an unclosed one would make
    # the scan grow with the square of the text's length.
    pairs = _brace_pairs(text) if "{" in text and ("plural" in text or "select" in text) else {}
    links = _links(text) if "://" in text or "www." in text or "@" in text else []
    _scan_region(text, 0, len(text), False, _Found(closed, pairs, links), spans, top, blocks)
    return Scan(tuple(spans), tuple(top), tuple(blocks))


def protected_spans(text: str) -> list[Span]:
    """The spans of a text that are code, not language, in order (see `SpanKind`)."""
    return list(scan(text).spans)


@dataclass(frozen=True, slots=True)
class _Found:
    """What `scan` finds in the whole text before it reads it span by span."""

    closed: frozenset[str]
    """The elements that a closing tag closes somewhere in the text."""
    pairs: dict[int, int]
    """Where each `{` is closed (only in a text that may hold an ICU message)."""
    links: list[Span]
    """The URLs and e-mail addresses, in order."""


def _links(text: str) -> list[Span]:
    """The URLs and e-mail addresses of a text, in order and not overlapping."""
    out = []
    for m in _LINKS.finditer(text):
        start, stop = m.span()
        if m.lastgroup == "url":
            stop = _trim_url(text, start, stop)
            out.append(Span(SpanKind.URL, start, stop, text[start:stop]))
        else:
            out.append(Span(SpanKind.EMAIL, start, stop, m.group()))
    return out


def _scan_region(text: str, pos: int, end: int, plural: bool, found: _Found, spans: list[Span],
                 direct: list[Span], blocks: list[IcuBlock]) -> None:
    """Scan `text[pos:end]`: every span goes to `spans`; those not inside a nested ICU message
    also to `direct`; the ICU messages met at this level to `blocks`. Spans do not overlap: the
    one that starts first wins (a tag holds the URL of its `href`, a URL the `%s` in its path)."""
    search = (_SCAN_PLURAL if plural else _SCAN).search
    links = found.links
    m = search(text, pos, end)
    while True:
        if links:
            i = bisect_left(links, pos, key=lambda s: s.start)
            link = links[i] if i < len(links) and links[i].end <= end else None
            if link is not None and (m is None or link.start <= m.start()):
                spans.append(link)
                direct.append(link)
                pos = link.end
                if m is not None and m.start() < pos:
                    m = search(text, pos, end)  # (the next match is searched again only if a link covers it)
                continue
        if m is None:
            return
        group = m.lastgroup
        if group == "icu":
            block = _read_icu(text, m, end, plural, found, spans)
            # Not a well-formed message: read on after its brace.
            pos = block.end if block is not None else m.start() + 1
            if block is not None:
                blocks.append(block)
            m = search(text, pos, end)
            continue
        start, stop = m.span()
        assert group is not None
        kind = _KINDS[group]
        if kind is SpanKind.TAG and _is_metavar(m.group(), found.closed):
            kind = SpanKind.METAVAR
        span = Span(kind, start, stop, text[start:stop])
        spans.append(span)
        direct.append(span)
        pos = stop
        m = search(text, pos, end)


def _trim_url(text: str, start: int, stop: int) -> int:
    """Where a URL ends once the punctuation of the sentence around it is left out (a closing
    parenthesis stays when the URL opened one, as in Wikipedia's addresses)."""
    while stop > start and text[stop - 1] in _URL_TAIL:
        if text[stop - 1] == ")" and text.count("(", start, stop) >= text.count(")", start, stop):
            break
        stop -= 1
    return stop


def _brace_pairs(text: str) -> dict[int, int]:
    """Where each `{` of a text is closed (unclosed ones are left out)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for m in _BRACES.finditer(text):
        if m.group() == "{":
            stack.append(m.start())
        elif stack:
            pairs[stack.pop()] = m.start()
    return pairs


def _read_icu(text: str, head: re.Match[str], end: int, in_plural: bool, found: _Found,
              spans: list[Span]) -> IcuBlock | None:
    """Read an ICU message whose head matched; None if it is not well formed (then nothing is
    added to `spans`). `#` is the number in its branches if it is a plural or sits in one."""
    argument, keyword = head.group().strip("{ ").split(",")[:2]
    argument, keyword = argument.strip(), keyword.strip()
    plural = keyword != "select"
    code: list[Span] = [Span(SpanKind.ICU, head.start(), head.end(), head.group())]
    branches: list[IcuBranch] = []
    pos = head.end()
    if plural:
        offset = _OFFSET.match(text, pos, end)
        if offset:
            pos = offset.end()
    while True:
        close = _CLOSE.match(text, pos, end)
        if close:
            if not branches:
                return None
            code.append(Span(SpanKind.ICU, close.end() - 1, close.end(), "}"))
            break
        selector = _SELECTOR.match(text, pos, end)
        if selector is None:
            return None
        content_end = found.pairs.get(selector.end() - 1, end)
        if content_end >= end:
            return None
        code.append(Span(SpanKind.ICU, selector.start(1), selector.end(), text[selector.start(1):selector.end()]))
        inner: list[Span] = []
        direct: list[Span] = []
        nested: list[IcuBlock] = []
        _scan_region(text, selector.end(), content_end, plural or in_plural, found, inner, direct, nested)
        code.extend(inner)
        code.append(Span(SpanKind.ICU, content_end, content_end + 1, "}"))
        branches.append(IcuBranch(selector.group(1), selector.start(1), selector.end(), content_end,
                                  tuple(direct), tuple(nested)))
        pos = content_end + 1
    # The closing `}` of the last branch and of the message are both in `code`; spans stay in
    # text order because each was appended as it was read.
    spans.extend(code)
    return IcuBlock(argument, keyword, head.start(), head.end(), close.end(), tuple(branches))


def _is_metavar(tag: str, closed: frozenset[str]) -> bool:
    """Whether an open tag is no markup but a metavariable: no attributes, not a void element,
    and its element closed nowhere in the text (`<file>` in help text)."""
    if tag.startswith("</") or tag.endswith("/>") or "=" in tag:
        return False
    name = tag_name(tag)
    return name not in closed and name not in VOID_ELEMENTS


__all__ = ["VOID_ELEMENTS", "IcuBlock", "IcuBranch", "Scan", "Span", "SpanKind", "protected_spans", "scan",
           "tag_name"]
