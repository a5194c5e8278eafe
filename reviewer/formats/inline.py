"""Inline codes as protected placeholders: the scheme every format, check and view shares.

In segment text an inline code (XLIFF `<g>`, `<x/>`, `<bpt>`/`<ept>`, `<pc>`, `<sc>`/`<ec>`,
`<ph>`, `<mrk>`, TMX `<bpt>`, `<hi>`, ...) is a token:

- `⟦1⟧ … ⟦/1⟧`  a paired code (opening and closing markup around text),
- `⟦2/⟧`        a standalone code (a placeholder, a line break, an isolated start or end).

Numbers are per segment, given in source order, and a code in the target that is the same
code as one in the source (same element kind and id) gets the same number. The original markup
of every code is kept in `Segment.extra["codes"]` so that writing a target back restores the
exact inline XML with its attributes: `{"1": {"kind": "pair", "open": "<g id='1'>",
"close": "</g>", "label": "bold", "element": True}, ...}`. `element` means opening and closing
are one XML element, so they must nest properly in the target.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from reviewer.formats.xmlsafe import Node, XmlDocument

#: A placeholder token: group 1 = opening number, 2 = closing number, 3 = standalone number.
PLACEHOLDER_RE = re.compile(r"⟦(?:(\d+)|/(\d+)|(\d+)/)⟧")


def placeholders(text: str) -> list[str]:
    """The placeholder tokens of a text, in order (`["⟦1⟧", "⟦2/⟧", "⟦/1⟧"]`)."""
    return [m.group(0) for m in PLACEHOLDER_RE.finditer(text)]


def has_placeholders(text: str) -> bool:
    """Whether a text holds any placeholder token."""
    return PLACEHOLDER_RE.search(text) is not None


def _parts(match: re.Match[str]) -> tuple[str, int]:
    """(form, number) of a token: form is 'open', 'close' or 'single'."""
    if match.group(1) is not None:
        return "open", int(match.group(1))
    if match.group(2) is not None:
        return "close", int(match.group(2))
    return "single", int(match.group(3))


class CodeProblem(tuple):  # type: ignore[type-arg]
    """`(start, end, message)` of one inline-code problem; `side` says which text the span
    indexes: "source" for a code missing from the target, else "target"."""

    side: str

    def __new__(cls, start: int, end: int, message: str, side: str = "target") -> CodeProblem:
        self = super().__new__(cls, (start, end, message))
        self.side = side
        return self

    @property
    def start(self) -> int:
        return int(self[0])

    @property
    def end(self) -> int:
        return int(self[1])

    @property
    def message(self) -> str:
        return str(self[2])


def _nesting(text: str) -> list[tuple[int, int, str]]:
    """Unbalanced or crossed paired tokens in one text."""
    problems: list[tuple[int, int, str]] = []
    stack: list[tuple[int, re.Match[str]]] = []
    for m in PLACEHOLDER_RE.finditer(text):
        form, n = _parts(m)
        if form == "open":
            stack.append((n, m))
        elif form == "close":
            opened = [i for i, (k, _) in enumerate(stack) if k == n]
            if not opened:
                problems.append((m.start(), m.end(), f"{m.group(0)} closes a code that is not open"))
                continue
            i = opened[-1]
            inner = stack[i + 1:]
            if inner:
                names = ", ".join(f"⟦{k}⟧" for k, _ in inner)
                problems.append((m.start(), m.end(), f"{m.group(0)} closes ⟦{n}⟧ while {names} inside it is still open"))
            del stack[i]
    for n, m in stack:
        problems.append((m.start(), m.end(), f"⟦{n}⟧ is opened but never closed (⟦/{n}⟧ is missing)"))
    return problems


def code_problems(source: str, target: str) -> list[CodeProblem]:
    """Inline-code problems of a translation: codes of the source missing from the target
    (span in the source), codes the target adds, and paired codes that are unbalanced or
    crossed in the target (spans in the target). Empty when neither text has a token."""
    src = list(PLACEHOLDER_RE.finditer(source))
    tgt = list(PLACEHOLDER_RE.finditer(target))
    if not src and not tgt:
        return []
    problems: list[CodeProblem] = []
    remaining = Counter(m.group(0) for m in tgt)
    for m in src:
        if remaining[m.group(0)] > 0:
            remaining[m.group(0)] -= 1
        else:
            problems.append(CodeProblem(m.start(), m.end(), f"inline code {m.group(0)} of the source is missing from the target",
                                        "source"))
    allowed = Counter(m.group(0) for m in src)
    for m in tgt:
        if allowed[m.group(0)] > 0:
            allowed[m.group(0)] -= 1
        else:
            problems.append(CodeProblem(m.start(), m.end(), f"inline code {m.group(0)} is not in the source"))
    if not _nesting(source):  # a source that crosses its own codes (allowed for <sc>/<ec>) sets no rule
        seen = {(p.start, p.end) for p in problems}
        for start, end, message in _nesting(target):
            if (start, end) not in seen:
                problems.append(CodeProblem(start, end, message))
    problems.sort(key=lambda p: (p.side != "source", p.start))
    return problems


class InlineCodeError(ValueError):
    """A target whose tokens cannot be turned back into markup."""


def render_codes(text: str, codes: dict[str, dict[str, Any]], escape: Callable[[str], str]) -> str:
    """Markup for a segment text: tokens become their original inline XML, text is escaped.

    Raises InlineCodeError for an unknown token, a token used in the wrong form or twice, or
    element codes that do not nest (the result would not be well-formed)."""
    out: list[str] = []
    stack: list[int] = []
    used: Counter[str] = Counter()
    pos = 0
    for m in PLACEHOLDER_RE.finditer(text):
        out.append(escape(text[pos:m.start()]))
        pos = m.end()
        form, n = _parts(m)
        info = codes.get(str(n))
        token = m.group(0)
        if info is None:
            raise InlineCodeError(f"{token} is not an inline code of this segment")
        used[token] += 1
        if used[token] > 1:
            raise InlineCodeError(f"{token} is used twice")
        if form == "single":
            if info["kind"] != "single":
                raise InlineCodeError(f"{token}: code {n} is a paired code (⟦{n}⟧…⟦/{n}⟧)")
            out.append(info["open"])
            continue
        if info["kind"] != "pair":
            raise InlineCodeError(f"{token}: code {n} is a standalone code (⟦{n}/⟧)")
        if form == "open":
            if info.get("element"):
                stack.append(n)
            out.append(info["open"])
        else:
            if info.get("element"):
                if not stack or stack[-1] != n:
                    raise InlineCodeError(f"{token} does not close the innermost open code")
                stack.pop()
            out.append(info["close"])
    out.append(escape(text[pos:]))
    if stack:
        raise InlineCodeError(f"⟦{stack[-1]}⟧ is never closed")
    for token in used:
        form_match = PLACEHOLDER_RE.fullmatch(token)
        assert form_match is not None
        form, n = _parts(form_match)
        if codes[str(n)]["kind"] == "pair" and codes[str(n)].get("element"):
            other = f"⟦/{n}⟧" if form == "open" else f"⟦{n}⟧"
            if other not in used:
                raise InlineCodeError(f"{token} has no {other}")
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# From XML content to token text


@dataclass(frozen=True, slots=True)
class Role:
    """How a format treats one inline element."""

    kind: str
    """'element' (wraps text: <g>, <pc>, <mrk>, <hi>), 'begin'/'end' (separate start and end
    markers: <bpt>/<ept>, <bx>/<ex>, <sc>/<ec>, <sm>/<em>) or 'single' (<x/>, <ph>, <it>...)."""
    identity: str
    """What identifies the code across source and target (its id, x or similar)."""
    link: str = ""
    """For begin/end: the value linking an end to its begin inside one text."""
    family: str = ""
    """For begin/end: which begin kind an end closes (`bpt` for <ept>)."""
    label: str = ""
    """Readable description for the view (`bold`, `<b>`, `{0}`)."""


@dataclass(slots=True)
class CodePiece:
    """One inline code in a flattened text."""

    role: str
    """'open', 'close' or 'single'."""
    key: tuple[str, ...]
    """Identity across source and target."""
    xml: str
    label: str
    element: bool = False


Piece = str | CodePiece


def flatten(doc: XmlDocument, content: Iterable[str | Node], classify: Callable[[Node], Role]) -> list[Piece]:
    """Text and inline codes of mixed content, with begin/end markers paired inside the text."""
    pieces: list[Piece] = []
    pending: list[tuple[int, Node, Role]] = []

    def walk(items: Iterable[str | Node]) -> None:
        for item in items:
            if isinstance(item, str):
                pieces.append(item)
                continue
            role = classify(item)
            if role.kind == "element" and not item.self_closing:
                key = ("el", item.local, role.identity)
                pieces.append(CodePiece("open", key, doc.start_tag(item), role.label, True))
                walk(item.content)
                pieces.append(CodePiece("close", key, doc.slice(item.end_start, item.end), role.label, True))
            elif role.kind in ("begin", "end"):
                pending.append((len(pieces), item, role))
                pieces.append(CodePiece("single", (item.local, role.identity), doc.outer(item), role.label))
            else:
                pieces.append(CodePiece("single", (item.local, role.identity), doc.outer(item), role.label))

    walk(content)
    # Pair each begin with the first later end of its family carrying the same link.
    taken: set[int] = set()
    for i, (pos, _node, role) in enumerate(pending):
        if role.kind != "begin" or i in taken:
            continue
        for j in range(i + 1, len(pending)):
            epos, enode, erole = pending[j]
            if j in taken or erole.kind != "end" or erole.family != role.family or erole.link != role.link:
                continue
            taken.update((i, j))
            key = ("pair", role.family, role.identity)
            begin = pieces[pos]
            end = pieces[epos]
            assert isinstance(begin, CodePiece) and isinstance(end, CodePiece)
            pieces[pos] = CodePiece("open", key, begin.xml, role.label)
            pieces[epos] = CodePiece("close", key, end.xml, role.label)
            break
    return pieces


def _with_occurrence(pieces: list[Piece]) -> list[Piece]:
    """Make keys unique inside one text (the second `<x id="1"/>` is another code)."""
    seen: Counter[tuple[str, ...]] = Counter()
    opened: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    out: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        if piece.role == "close":
            stack = opened.get(piece.key)
            key = stack.pop() if stack else piece.key + ("close",)
        else:
            seen[piece.key] += 1
            key = piece.key + (str(seen[piece.key]),)
            if piece.role == "open":
                opened.setdefault(piece.key, []).append(key)
        out.append(CodePiece(piece.role, key, piece.xml, piece.label, piece.element))
    return out


def join_text(pieces: list[Piece]) -> str:
    """Plain text of flattened content with codes dropped (for TM look-ups and notes)."""
    return "".join(p for p in pieces if isinstance(p, str))


def number_codes(source: list[Piece], target: list[Piece] | None) -> tuple[str, str, dict[str, dict[str, Any]]]:
    """Token texts of a source and target and the code table of the segment."""
    source = _with_occurrence(source)
    target_pieces = _with_occurrence(target) if target is not None else []
    numbers: dict[tuple[str, ...], int] = {}
    codes: dict[str, dict[str, Any]] = {}

    def render(pieces: list[Piece], is_target: bool) -> str:
        out: list[str] = []
        for piece in pieces:
            if isinstance(piece, str):
                out.append(piece)
                continue
            n = numbers.get(piece.key)
            if n is None:
                n = numbers[piece.key] = len(numbers) + 1
            info = codes.get(str(n))
            if info is None or (is_target and not info.get("_target")):
                if info is None or piece.role != "close":
                    info = codes[str(n)] = {
                        "kind": "single" if piece.role == "single" else "pair",
                        "open": piece.xml if piece.role != "close" else "",
                        "close": "",
                        "label": piece.label,
                        "element": piece.element,
                        "_target": is_target,
                    }
            if piece.role == "close":
                info["close"] = piece.xml
                out.append(f"⟦/{n}⟧")
            elif piece.role == "open":
                out.append(f"⟦{n}⟧")
            else:
                out.append(f"⟦{n}/⟧")
        return "".join(out)

    source_text = render(source, False)
    target_text = render(target_pieces, True)
    for info in codes.values():
        info.pop("_target", None)
    return source_text, target_text, codes


def label_of(node: Node, *names: str, fallback_text: bool = True) -> str:
    """A short readable description of an inline element: the first attribute found among
    `names`, else its text content, else its element name."""
    for name in names:
        value = node.get(name)
        if value:
            return _clip(value)
    if fallback_text:
        text = node.text().strip()
        if text:
            return _clip(text)
    return node.local


def _clip(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def new_code_problems(source: str, before: str, after: str) -> list[str]:
    """Inline-code problems an edit from `before` to `after` would introduce (codes deleted,
    broken or invented); problems the target had already are not the edit's."""
    known = {message for _, _, message in code_problems(source, before)}
    return [message for _, _, message in code_problems(source, after) if message not in known]
