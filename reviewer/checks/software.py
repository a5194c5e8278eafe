"""Checks for software strings: placeholders, markup and URLs of the source that the target
lost, added, altered or broke (`placeholder-mismatch`, `markup-mismatch`, `url-mismatch`).

They compare the protected spans of `reviewer.core.spans` on both sides, read once per segment
and shared through `ctx.shared`. Their trigger, one for the three, looks for what starts each
kind of span (`%`, `{`, `$`, `<`, `&`, `://`, `@`), so on prose they cost one C-level search per
side between them.

Decisions worth knowing:

- Numbered printf conversions (`%1$s`) and named ones (`{count}`, `%(name)s`) may change order;
  unnumbered ones (`%s ... %d`) may not (the arguments would be swapped).
- `%%` is a literal percent, not an argument: it is not compared with the others, but a lone
  `%` where the source writes `%%` (and `%%` where the source writes a lone `%`) is flagged.
- A date format (a source or target with a strftime conversion such as `%Y`, `%H`, `%B`) is
  free to reorder and change its conversions: locales write dates differently.
- ICU plural: Indonesian has one plural category (CLDR: `other` only), so the target may drop
  `one`, `=1` and any branch but `other`, or the message altogether for its `other` branch
  with the number written `{count}` ("{count} berkas"); it may add an exact `=N` branch, but
  no other keyword the source lacks, and may not rename the argument or the keyword. ICU select: the same keywords as the source. Each target branch is
  compared with the source's branch of the same keyword (or `other`): `#` and placeholders of
  the source's `other` branch are allowed in any branch, `#` may be left out of any branch but
  `other`.
- Markup: an open tag the source never closes is a metavariable (`<file>`), which translators
  may translate; attributes are compared for `href` and `src` only (`title`, `alt` are text).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence

from reviewer.checks.base import Check, Gated, SegmentContext, Trigger, register
from reviewer.core.hints import PLACEHOLDER_KINDS
from reviewer.core.model import Flag, Severity, Side
from reviewer.core.spans import VOID_ELEMENTS, IcuBlock, Scan, Span, SpanKind, tag_name

_PLACEHOLDER_KINDS = frozenset({SpanKind.PRINTF, SpanKind.QT, SpanKind.STRFTIME, SpanKind.BRACE, SpanKind.SHELL})


#: Where a span these checks compare may start: a placeholder (`%` before anything but white
#: space or the punctuation that follows a percent sign in prose, "50%, then", where a `'` is a
#: printf flag, `%'d`; a brace; `$`
#: before a name), a tag or an entity, a URL or an e-mail address. One pattern for the three
#: checks, searched once per side: one search costs about what each of three would (measured on
#: NTREX, about 1.3 µs a text), and it fires on 7 of 4,000 news texts.
_SOFTWARE = re.compile(r"%[^\s,;!?)\]\"”’]|\{|\$[{A-Za-z_]|<[/A-Za-z\s]|&[#A-Za-z]|://|www\.|@")
#: Every match of `_SOFTWARE` holds one of these; most prose holds none.
_SOFTWARE_GATE = Gated(_SOFTWARE, "%", "{", "$", "<", "&", "://", "www.", "@")
_TRIGGER = Trigger(source=_SOFTWARE_GATE, target=_SOFTWARE_GATE)


def _scan(ctx: SegmentContext, side: Side) -> Scan:
    """The protected spans of one side, scanned once per segment (`SegmentContext.code`)."""
    return ctx.code(side)


def _only(found: Scan, kinds: frozenset[str]) -> Scan:
    """What a scan found, with placeholders of only the syntaxes the segment's format uses
    (`core.hints`): in a `python-brace-format` string `%s` is text; in a `c-format` one, `{0}`."""
    def keep(span: Span) -> bool:
        return span.kind.value in kinds or span.kind not in _ALL_PLACEHOLDER_KINDS
    return Scan(tuple(filter(keep, found.spans)), tuple(filter(keep, found.top)),
                found.blocks if "icu" in kinds else ())


#: Every kind a format's syntax chooses among (ICU code included).
_ALL_PLACEHOLDER_KINDS = frozenset(SpanKind(k) for k in PLACEHOLDER_KINDS)


def _text(span: Span) -> str:
    return span.text


def _unmatched(ours: Iterable[Span], theirs: Iterable[Span], key: Callable[[Span], Hashable] = _text) -> list[Span]:
    """Our spans that the other side lacks (compared as a multiset of `key(span)`): the later
    ones of a key that occurs more often on our side."""
    left = Counter(key(s) for s in theirs)
    out = []
    for span in ours:
        k = key(span)
        if left[k] > 0:
            left[k] -= 1
        else:
            out.append(span)
    return out


def _inside(pos: int, spans: Sequence[Span]) -> bool:
    """Whether an offset is inside one of the spans (in order and not overlapping, as `scan`
    gives them), found by bisection: a long text with many spans stays linear."""
    i = bisect_right(spans, pos, key=lambda s: s.start) - 1
    return i >= 0 and pos < spans[i].end


def _within(start: int, end: int, spans: Sequence[Span]) -> bool:
    """Whether `start:end` lies inside one of the spans (not just starts there: `%1 $s` starts
    with a Qt `%1` that is a piece of it)."""
    i = bisect_right(spans, start, key=lambda s: s.start) - 1
    return i >= 0 and end <= spans[i].end


def _pair(missing: list[Span], added: list[Span], group: Callable[[Span], Hashable],
          ) -> tuple[list[tuple[Span, Span]], list[Span], list[Span]]:
    """Pair each missing span with the first unpaired added one of its group (a placeholder or a
    tag altered, not lost): the pairs, then the missing and the added left over, in order."""
    waiting: dict[Hashable, deque[Span]] = defaultdict(deque)
    for span in added:
        waiting[group(span)].append(span)
    pairs, lost = [], []
    for span in missing:
        queue = waiting.get(group(span))
        if queue:
            pairs.append((span, queue.popleft()))
        else:
            lost.append(span)
    paired = {id(new) for _, new in pairs}
    return pairs, lost, [a for a in added if id(a) not in paired]


# --- placeholders -------------------------------------------------------------------------

#: Placeholders broken by a space (`% s`, `%1 $s`, `{ count}`, `$ {var}`), looked for in the
#: target only where a placeholder of the source is missing from it.
_BROKEN_PLACEHOLDER = re.compile(
    r"%\s+(?:\d+\$)?(?:\.\d+)?(?:hh|ll|[hlLqjzt])?[diouxXeEfFgGcsSp@](?![A-Za-z])"
    r"|%\d+\s+\$\s*[A-Za-z@]|%\d+\$\s+[A-Za-z@]|%\(\s*\w+\s*\)\s+[a-z]|%\(\s+\w+\s*\)[a-z]|%\(\w+\s+\)[a-z]"
    r"|\{\s+[\w.]*\s*\}|\{[\w.]+\s+\}|\$\s+\{\w+\}|\$\{\s+\w+\s*\}|\$\{\w+\s+\}|\$\s+[A-Za-z_]\w*|%\s+L?[1-9]\d?\b")
#: An unnumbered printf conversion (its arguments come in order).
_UNNUMBERED = re.compile(r"%(?!\d+\$|\(|%)")
_LONE_PERCENT = re.compile(r"%")


_PRINTF_PARTS = re.compile(r"%(?:(\d+\$)|\((\w+)\))?[-+#0' ]*(\*(?:\d+\$)?|\d+)?(?:\.(\*(?:\d+\$)?|\d*))?"
                           r"(hh|ll|I64|I32|[hlLqjzZt])?(.)")
#: A precision written after the conversion (`%s.250s` for `%.250s`).
_STRAY_PRECISION = re.compile(r"%(\d+\$)?[a-zA-Z@](\.\d+)([a-zA-Z])\b")


def _placeholder_key(text: str) -> str:
    """What must not change in a placeholder. For printf, as for msgfmt's format check, the
    argument it reads: its position or name, a `*` width or precision (an extra argument), the
    length and the conversion (`%i` is `%d`); a literal width or precision only changes how the
    value is padded or cut ("%.255s" for "%.250s" is harmless, and common in real files)."""
    if not text.startswith("%") or text == "%%":
        return text
    m = _PRINTF_PARTS.fullmatch(text)
    if m is None:
        return text
    position, name, width, precision, length, conversion = m.groups()
    star = ("*" if width and width.startswith("*") else "") + (".*" if precision and precision.startswith("*") else "")
    return f"%{position or ''}{'(' + name + ')' if name else ''}{star}{length or ''}{'d' if conversion == 'i' else conversion}"


def _argument_keys(spans: Iterable[Span]) -> dict[int, str]:
    """The key of each printf conversion of one side (by `id`), with its argument's position:
    unnumbered conversions read the arguments in order (a `*` width or precision takes one too),
    so `%s ... %d` is `%1$s ... %2$d`, which a translation may write numbered to reorder them
    ("Disalin ke %2$d tempat: %1$s"), as gettext allows."""
    keys: dict[int, str] = {}
    position = 0
    for span in spans:
        if span.kind is not SpanKind.PRINTF or span.text == "%%":
            continue
        m = _PRINTF_PARTS.fullmatch(span.text)
        if m is None or m.group(2):
            continue  # %(name)s: named, compared by `_placeholder_key`
        numbered, _, width, precision, length, conversion = m.groups()
        conversion = "d" if conversion == "i" else conversion
        stars = (1 if width and width.startswith("*") else 0) + (1 if precision and precision.startswith("*") else 0)
        if numbered:
            keys[id(span)] = f"%{numbered}{'*' * stars}{length or ''}{conversion}"
        else:
            # `*` arguments are ints read before the value; numbered they would be `%2$*1$d`,
            # which few write: kept as stars on the value's position.
            position += 1 + stars
            keys[id(span)] = f"%{position}${'*' * stars}{length or ''}{conversion}"
    return keys


def _placeholders(spans: Iterable[Span]) -> list[Span]:
    return [s for s in spans if s.kind in _PLACEHOLDER_KINDS and s.text != "%%"]


def _flatten_plurals(top: list[Span], blocks: list[IcuBlock], target_texts: set[str],
                     ) -> tuple[list[Span], list[IcuBlock]]:
    """A target without ICU messages may write a plural of the source as its `other` branch
    with the number as a plain placeholder: Indonesian has one plural form, and "{count} berkas"
    is the message `{count, plural, =1{One file} other{# files}}` means for it. Such a plural
    (one whose argument the target has as `{count}`, with no message nested in its `other`)
    is compared as that branch's placeholders and the number, which stands at the head of the
    message; the other blocks are left to be compared as messages (and found missing)."""
    kept = []
    flat = list(top)
    for block in blocks:
        other = block.branch("other")
        number = "{" + block.argument + "}"
        if block.keyword == "select" or other is None or other.blocks or number not in target_texts:
            kept.append(block)
            continue
        flat.append(Span(SpanKind.BRACE, block.start, block.head_end, number))
        flat.extend(s for s in other.spans if s.kind in _PLACEHOLDER_KINDS and s.text != number)
    flat.sort(key=lambda s: s.start)
    return flat, kept


@register
class PlaceholderMismatch(Check):
    """Placeholders (printf, brace, ICU, `$VAR`) of the source must come back unchanged in the
    target: none lost, none added, none altered or broken by a space."""

    id = "placeholder-mismatch"
    category = "accuracy/placeholder"
    severity = Severity.MAJOR
    description = "placeholders (%s, %1$s, {count}, ICU plural/select, $VAR) missing, added, altered or reordered"
    variants = ((Severity.MAJOR, "accuracy/omission", "a placeholder the target lost (flagged in the source)"),)
    trigger = _TRIGGER
    reads_code = True

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        if not ctx.target.strip():
            return  # untranslated: another check's business
        source, target = _scan(ctx, Side.SOURCE), _scan(ctx, Side.TARGET)
        if ctx.hints:
            kinds = ctx.placeholder_kinds
            if kinds != PLACEHOLDER_KINDS:
                source, target = _only(source, kinds), _only(target, kinds)
        date_format = any(s.kind is SpanKind.STRFTIME for s in (*source.spans, *target.spans))
        src_top, src_blocks = list(source.top), list(source.blocks)
        if src_blocks and not target.blocks:
            src_top, src_blocks = _flatten_plurals(src_top, src_blocks, {s.text for s in target.top})
        yield from self._compare(ctx, src_top, list(target.top), target.spans, date_format)
        yield from self._compare_blocks(ctx, src_blocks, target.blocks, target.spans, date_format)
        yield from self._percent(ctx, source, target)
        if "." in ctx.target:
            for m in _STRAY_PRECISION.finditer(ctx.target):
                if m.group() not in ctx.source:
                    yield self.flag(ctx, m.start(), m.end(), f"{m.group()!r}: the precision is written after the "
                                    "conversion and will be printed as text", f"%{m.group(1) or ''}{m.group(2)}{m.group(3)}")

    def _compare(self, ctx: SegmentContext, source: list[Span], target: list[Span], all_target: Sequence[Span],
                 date_format: bool, allowed: Iterable[Span] = (), region: tuple[int, int] | None = None,
                 number: str | None = None, number_optional: bool = False) -> Iterator[Flag]:
        """Flags for the placeholders of one level (the text outside ICU messages, or a branch
        within `region` of the target): `allowed` may occur in the target though `source` lacks
        them. In a plural's branch, `number` is the plural's argument: `#` and `{argument}` are
        the same placeholder, which a branch may always add, and leave out if `number_optional`
        (any branch but `other`: "=1{Satu berkas}")."""
        src, tgt = _placeholders(source), _placeholders(target)
        the_number = "{" + number + "}" if number else ""
        if number:
            src += [s for s in source if s.text == "#"]
            tgt += [s for s in target if s.text == "#"]
        if date_format:
            # A date format may reorder or change its conversions; braces and variables may not.
            src = [s for s in src if s.kind not in (SpanKind.PRINTF, SpanKind.STRFTIME)]
            tgt = [s for s in tgt if s.kind not in (SpanKind.PRINTF, SpanKind.STRFTIME)]
        allowed = list(allowed)
        keys = {**_argument_keys(src), **_argument_keys(tgt), **_argument_keys(allowed)}

        def key(span: Span) -> str:
            if span.text == "#":
                return the_number
            return keys.get(id(span)) or _placeholder_key(span.text)

        missing = _unmatched(src, tgt, key)
        added = _unmatched(_unmatched(tgt, src, key), allowed, key)
        if number:
            added = [a for a in added if key(a) != the_number]
            if number_optional:
                missing = [m for m in missing if key(m) != the_number]
        if missing and added and not date_format:
            swapped = self._order(ctx, src, tgt, missing, added)
            if swapped is not None:
                yield swapped
                return
        if missing:
            # A placeholder broken by a space is the missing one, altered.
            broken: list[Span] = []
            start, end = region or (0, len(ctx.target))
            for m in _BROKEN_PLACEHOLDER.finditer(ctx.target, start, end):
                if len(broken) == len(missing):
                    break
                if not _within(m.start(), m.end(), all_target):
                    broken.append(Span(SpanKind.PRINTF, m.start(), m.end(), m.group()))
            for lost, m_span in zip(missing, broken):
                yield self.flag(ctx, m_span.start, m_span.end, f"{m_span.text!r} is the source's {lost.text!r} "
                                "broken by a space", lost.text)
            missing = missing[len(broken):]
            if broken:
                # What the space cut off (`$s` of `%1 $s`) is part of the broken one, not added.
                added = [a for a in added if not _inside(a.start, broken)]
        # A missing and an added placeholder of the same kind: one was altered ({count} -> {jumlah}).
        pairs, missing, added = _pair(missing, added, lambda span: span.kind)
        for lost, new in pairs:
            yield self.flag(ctx, new.start, new.end, f"{new.text!r} stands where the source has {lost.text!r} "
                            "(placeholders are not translated or changed)", lost.text)
        for lost in missing:
            yield self.flag(ctx, lost.start, lost.end, f"the placeholder {lost.text!r} is missing from the target",
                            side=Side.SOURCE, category="accuracy/omission")
        for new in added:
            yield self.flag(ctx, new.start, new.end, f"the placeholder {new.text!r} is not in the source", "")

    def _order(self, ctx: SegmentContext, src: list[Span], tgt: list[Span], missing: list[Span],
               added: list[Span]) -> Flag | None:
        """The one flag for unnumbered printf conversions of the source that the target keeps
        unnumbered, all of them, but in another order (the arguments would be swapped); None if
        that is not what the differences are."""
        if any(s.kind is not SpanKind.PRINTF for s in (*missing, *added)):
            return None
        src_seq = [s for s in src if s.kind is SpanKind.PRINTF and _UNNUMBERED.match(s.text)]
        tgt_seq = [s for s in tgt if s.kind is SpanKind.PRINTF and _UNNUMBERED.match(s.text)]
        src_keys = [_placeholder_key(s.text) for s in src_seq]
        tgt_keys = [_placeholder_key(s.text) for s in tgt_seq]
        if (Counter(src_keys) != Counter(tgt_keys) or src_keys == tgt_keys
                or not all(_UNNUMBERED.match(s.text) for s in (*missing, *added))):
            return None
        first = next(t for t, k in zip(tgt_seq, src_keys) if _placeholder_key(t.text) != k)
        src_texts = [s.text for s in src_seq]
        return self.flag(ctx, first.start, first.end,
                        f"the unnumbered placeholders come in another order than in the source "
                        f"({', '.join(src_texts)}): the arguments would be swapped; keep the order or number them "
                        "(%1$s, %2$s...)")

    def _compare_blocks(self, ctx: SegmentContext, source: Iterable[IcuBlock], target: Iterable[IcuBlock],
                        all_target: Sequence[Span], date_format: bool) -> Iterator[Flag]:
        """ICU messages, paired in order: argument, keyword, branches, and each branch's placeholders."""
        src, tgt = list(source), list(target)
        for s_block, t_block in zip(src, tgt):
            yield from self._compare_block(ctx, s_block, t_block, all_target, date_format)
        for s_block in src[len(tgt):]:
            head = ctx.source[s_block.start:s_block.head_end]
            yield self.flag(ctx, s_block.start, s_block.head_end,
                            f"the ICU message {head!r} is missing from the target (or broken there)",
                            side=Side.SOURCE, category="accuracy/omission")
        for t_block in tgt[len(src):]:
            head = ctx.target[t_block.start:t_block.head_end]
            yield self.flag(ctx, t_block.start, t_block.head_end, f"the ICU message {head!r} is not in the source")

    def _compare_block(self, ctx: SegmentContext, s: IcuBlock, t: IcuBlock, all_target: Sequence[Span],
                       date_format: bool) -> Iterator[Flag]:
        if s.argument != t.argument or s.keyword != t.keyword:
            yield self.flag(ctx, t.start, t.head_end,
                            f"the ICU message reads {{{t.argument}, {t.keyword}}} where the source has "
                            f"{{{s.argument}, {s.keyword}}} (argument and keyword are not translated)",
                            "{" + f"{s.argument}, {s.keyword},")
        plural = s.keyword != "select"
        known = {b.selector for b in s.branches} | {"other"}
        # A plural may single out a number the source does not (`=0{Tidak ada berkas}`).
        exact = plural
        if t.branch("other") is None:
            yield self.flag(ctx, t.start, t.head_end, f"the ICU message {{{t.argument}, {t.keyword}}} has no "
                            "'other' branch (it is required)")
        for branch in t.branches:
            if branch.selector not in known and not (exact and branch.selector.startswith("=")):
                yield self.flag(ctx, branch.selector_start, branch.start,
                                f"the branch {branch.selector!r} is not in the source (ICU keywords are not "
                                "translated)")
        if not plural:
            for branch in s.branches:
                if t.branch(branch.selector) is None:
                    yield self.flag(ctx, branch.selector_start, branch.start,
                                    f"the select branch {branch.selector!r} is missing from the target",
                                    side=Side.SOURCE, category="accuracy/omission")
        s_other = s.branch("other")
        for branch in t.branches:
            reference = s.branch(branch.selector) or s_other
            if reference is None:
                continue
            allowed = s_other.spans if s_other is not None else ()
            yield from self._compare(ctx, list(reference.spans), list(branch.spans), all_target, date_format,
                                     allowed=[a for a in allowed if a.kind in _PLACEHOLDER_KINDS],
                                     region=(branch.start, branch.end), number=s.argument if plural else None,
                                     number_optional=branch.selector != "other")
            yield from self._compare_blocks(ctx, reference.blocks, branch.blocks, all_target, date_format)

    def _percent(self, ctx: SegmentContext, source: Scan, target: Scan) -> Iterator[Flag]:
        """`%%` is a literal percent in a format string: the target must write it the same way."""
        doubled = any(s.text == "%%" for s in source.spans)
        lone = [m.start() for m in _LONE_PERCENT.finditer(ctx.target) if not _inside(m.start(), target.spans)]
        if doubled and lone:
            yield self.flag(ctx, lone[0], lone[0] + 1, "a lone '%' where the source writes '%%' (a literal percent "
                            "in a format string)", "%%")
        elif not doubled and "%" in ctx.source and not _placeholders(source.spans):
            for span in target.spans:
                if span.text == "%%":
                    yield self.flag(ctx, span.start, span.end, "'%%' where the source writes a plain '%'", "%")
                    break


# --- markup -------------------------------------------------------------------------------

#: A tag broken by spacing (`</ b>`, `< b>`, `<br / >`): looked for in the target only where a
#: tag of the source is missing from it.
_LOOSE_TAG = re.compile(r"<\s*/?\s*[A-Za-z][\w:.-]*(?:\s[^<>]*?)?\s*/?\s*>")
_KEPT_ATTRIBUTES = re.compile(r"""\b(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


_TAG_START_SPACE = re.compile(r"\A<\s*(/?)\s*")
_TAG_END_SPACE = re.compile(r"\s*(/?)\s*>\Z")


def _tidy_tag(tag: str) -> str:
    """A tag without the spaces that break it (`< /b >` gives `</b>`)."""
    return _TAG_END_SPACE.sub(r"\1>", _TAG_START_SPACE.sub(r"<\1", tag))


def _tag_key(tag: str) -> tuple[bool, str, tuple[str, ...]]:
    """What must survive of a tag: open or closing, the element, and its `href`/`src` values."""
    kept = tuple(f"{m.group(1).lower()}={m.group(2) or m.group(3) or m.group(4) or ''}"
                 for m in _KEPT_ATTRIBUTES.finditer(tag))
    return tag.startswith("</"), tag_name(tag), kept


def _span_tag_key(span: Span) -> tuple[bool, str, tuple[str, ...]]:
    return _tag_key(span.text)


def _nesting_error(tags: list[Span]) -> Span | None:
    """The first tag that closes out of order or is never closed (void and self-closing tags
    need no partner)."""
    stack: list[Span] = []
    for tag in tags:
        if tag.text.endswith("/>") or tag_name(tag.text) in VOID_ELEMENTS:
            continue
        if not tag.text.startswith("</"):
            stack.append(tag)
        elif stack and tag_name(stack[-1].text) == tag_name(tag.text):
            stack.pop()
        else:
            return tag
    return stack[0] if stack else None


@register
class MarkupMismatch(Check):
    """XML/HTML tags and entities of the source must come back in the target: none lost, added,
    renamed, left unclosed, crossed or broken by spacing, links (`href`, `src`) unchanged."""

    id = "markup-mismatch"
    category = "fluency/markup"
    severity = Severity.MAJOR
    description = "tags (<b>, </a>, <br/>) or entities (&amp;) missing, added, renamed, unbalanced or broken"
    variants = ((Severity.MAJOR, "accuracy/omission", "a tag or entity the target lost (flagged in the source)"),)
    trigger = _TRIGGER
    reads_code = True

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        if not ctx.target.strip():
            return
        source, target = _scan(ctx, Side.SOURCE), _scan(ctx, Side.TARGET)
        src_tags = [s for s in source.spans if s.kind is SpanKind.TAG]
        names = {tag_name(s.text) for s in src_tags}
        # A target tag left unclosed reads as a metavariable; it is a tag if the source has the element.
        tgt_tags = [s for s in target.spans if s.kind is SpanKind.TAG
                    or (s.kind is SpanKind.METAVAR and tag_name(s.text) in names)]
        yield from self._tags(ctx, src_tags, tgt_tags, target.spans)
        yield from self._entities(ctx, source, target)

    def _tags(self, ctx: SegmentContext, src_tags: list[Span], tgt_tags: list[Span],
              all_target: Sequence[Span]) -> Iterator[Flag]:
        missing = _unmatched(src_tags, tgt_tags, _span_tag_key)
        added = _unmatched(tgt_tags, src_tags, _span_tag_key)
        same = not missing and not added
        if missing and "<" in ctx.target:
            loose = [Span(SpanKind.TAG, m.start(), m.end(), m.group()) for m in _LOOSE_TAG.finditer(ctx.target)
                     if not _inside(m.start(), all_target)]
            broken, missing, _ = _pair(missing, loose, lambda span: _tag_key(_tidy_tag(span.text)))
            for lost, new in broken:
                yield self.flag(ctx, new.start, new.end, f"the tag {new.text!r} is broken by spacing", lost.text)
        pairs, missing, added = _pair(missing, added, lambda span: span.text.startswith("</"))
        for lost, new in pairs:
            if tag_name(new.text) == tag_name(lost.text):
                message = f"the tag {new.text!r} changes the link of the source's {lost.text!r}"
            else:
                message = f"the tag {new.text!r} stands where the source has {lost.text!r}"
            yield self.flag(ctx, new.start, new.end, message, lost.text)
        for lost in missing:
            yield self.flag(ctx, lost.start, lost.end, f"the tag {lost.text!r} is missing from the target",
                            side=Side.SOURCE, category="accuracy/omission")
        for new in added:
            yield self.flag(ctx, new.start, new.end, f"the tag {new.text!r} is not in the source", "")
        if same and tgt_tags:
            wrong = _nesting_error(tgt_tags)
            if wrong is not None and _nesting_error(src_tags) is None:
                yield self.flag(ctx, wrong.start, wrong.end,
                                f"the tag {wrong.text!r} closes out of order or is never closed (the tags cross)")

    def _entities(self, ctx: SegmentContext, source: Scan, target: Scan) -> Iterator[Flag]:
        src = [s for s in source.spans if s.kind is SpanKind.ENTITY]
        tgt = [s for s in target.spans if s.kind is SpanKind.ENTITY]
        if not src and not tgt:
            return
        for lost in _unmatched(src, tgt):
            char = html.unescape(lost.text)
            bare = f" (the target has a bare {char!r})" if char != lost.text and char in ctx.target else ""
            yield self.flag(ctx, lost.start, lost.end, f"the entity {lost.text!r} is missing from the target{bare}",
                            side=Side.SOURCE, category="accuracy/omission")
        for new in _unmatched(tgt, src):
            yield self.flag(ctx, new.start, new.end, f"the entity {new.text!r} is not in the source",
                            html.unescape(new.text))


# --- URLs and e-mail addresses --------------------------------------------------------------

_LINK_KINDS = (SpanKind.URL, SpanKind.EMAIL)
#: A language code in a URL (`/en/`, `en.wikipedia.org`, `?hl=en`, `/en-US/`): a link may point to
#: the Indonesian page of the same site (`/id/`, `id.wikipedia.org`).
_URL_LANGUAGE = re.compile(r"(?<=[/=._-])(?:en|id|in)(?:[-_](?:us|gb|id))?(?=$|[/._&#?-])", re.IGNORECASE)


def _link_key(text: str) -> str:
    """What must not change in a URL or an address: all but the case of the scheme and host
    (and of an e-mail address), a trailing slash, and the language code of a localised link."""
    if "@" in text and "/" not in text:
        return text.lower()
    scheme, sep, rest = text.partition("://")
    host, slash, path = rest.partition("/") if sep else text.partition("/")
    key = f"{scheme.lower()}{sep}{host.lower()}{slash}{path}" if sep else f"{host.lower()}{slash}{path}"
    return _URL_LANGUAGE.sub("{lang}", key.rstrip("/"))


@register
class UrlMismatch(Check):
    """The URLs and e-mail addresses of the source must come back unchanged in the target."""

    id = "url-mismatch"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR
    description = "URLs or e-mail addresses of the source changed or lost in the target"
    variants = ((Severity.MAJOR, "accuracy/omission", "a URL or address the target lost (flagged in the source)"),)
    trigger = _TRIGGER
    reads_code = True

    def run(self, ctx: SegmentContext) -> Iterator[Flag]:
        if not ctx.target.strip():
            return
        src = [s for s in _scan(ctx, Side.SOURCE).spans if s.kind in _LINK_KINDS]
        if not src:
            return
        tgt = [s for s in _scan(ctx, Side.TARGET).spans if s.kind in _LINK_KINDS]
        missing = _unmatched(src, tgt, lambda span: _link_key(span.text))
        added = _unmatched(tgt, src, lambda span: _link_key(span.text))
        what = {SpanKind.URL: "URL", SpanKind.EMAIL: "e-mail address"}
        pairs, missing, _ = _pair(missing, added, lambda span: span.kind)
        for lost, new in pairs:
            yield self.flag(ctx, new.start, new.end,
                            f"the {what[new.kind]} {new.text!r} differs from the source's {lost.text!r}", lost.text)
        for lost in missing:
            yield self.flag(ctx, lost.start, lost.end, f"the {what[lost.kind]} {lost.text!r} is missing from the "
                            "target", side=Side.SOURCE, category="accuracy/omission")


__all__ = ["MarkupMismatch", "PlaceholderMismatch", "UrlMismatch"]
