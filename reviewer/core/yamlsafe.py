"""Safe YAML reading that keeps line numbers: no tags beyond the core schema, no aliases,
bounded nesting, no duplicate keys. Used for glossaries and other user-written YAML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from reviewer.core.errors import ReviewerError

try:  # libyaml is much faster on large glossaries; the pure-Python loader behaves the same.
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_DEPTH = 32


@dataclass(frozen=True, slots=True)
class Located:
    """A YAML value and the 1-based line it starts on."""

    value: Any
    """Plain value: dict[str, Located], list[Located], str, int, float, bool or None."""
    line: int


def _line(event: yaml.Event) -> int | None:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else None


def load_located(text: str, path: Path, error: type[ReviewerError]) -> Located | None:
    """Parse one YAML document into `Located` values, or None for an empty document.

    Built in one pass over the parser's events (no node tree, no second parse): anchors,
    aliases (alias bombs) and deep nesting are refused as soon as they are read."""
    loader = _Loader(text)
    try:
        return _Builder(loader, path, error).build()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise error(
            f"YAML syntax error: {exc.problem or exc.context}", path=path, line=mark.line + 1 if mark else None
        ) from None
    except yaml.YAMLError as exc:
        raise error(f"YAML error: {exc}", path=path) from None
    finally:
        loader.dispose()


_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _unsupported_tag(tag: str) -> str:
    return f"unsupported YAML tag {tag!r}; only plain strings, numbers, booleans, lists and mappings are allowed"


class _Builder:
    """`Located` values from a stream of parser events, checked as they come."""

    def __init__(self, loader: yaml.SafeLoader, path: Path, error: type[ReviewerError]) -> None:
        self.loader, self.path, self.error = loader, path, error
        self._tags: dict[tuple[str, Any], str] = {}

    def fail(self, message: str, line: int | None) -> ReviewerError:
        return self.error(message, path=self.path, line=line)

    def build(self) -> Located | None:
        loader = self.loader
        # Open collections: [container, line, the key waiting for its value (mappings)].
        stack: list[list[Any]] = []
        root: Located | None = None
        documents = 0
        while loader.check_event():
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.AliasEvent or getattr(event, "anchor", None):
                raise self.fail("YAML anchors and aliases (&name, *name) are not allowed; write the values out",
                                _line(event))
            if kind is yaml.ScalarEvent:
                value = self.scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(
                        f"YAML nested deeper than {MAX_DEPTH} levels; this is not a valid file of this kind",
                        _line(event))
                if event.tag not in (None, "!") and event.tag not in _PLAIN_COLLECTION_TAGS:
                    # A tag on a list or mapping (!!python/object/apply:..., !!set, !!omap) would
                    # otherwise be dropped silently and the collection read as a plain one.
                    raise self.fail(_unsupported_tag(event.tag), _line(event))
                stack.append([{} if kind is yaml.MappingStartEvent else [], _line(event), None])
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                container, line, _ = stack.pop()
                value = Located(container, line)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail("YAML error: expected a single document, but found another document",
                                    _line(event))
                continue
            else:
                continue  # stream and document ends
            if not stack:
                root = value
                continue
            top = stack[-1]
            container = top[0]
            if isinstance(container, list):
                container.append(value)
            elif top[2] is None:
                key = value.value
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    raise self.fail("mapping keys must be plain strings", value.line)
                name = str(key)
                if name in container:
                    raise self.fail(f"duplicate key {name!r} (first on line {container[name].line})", value.line)
                top[2] = name
            else:
                container[top[2]] = value
                top[2] = None
        return root

    def scalar(self, event: yaml.ScalarEvent) -> Located:
        line = _line(event) or 1
        tag = event.tag
        if tag is None or tag == "!":
            # The resolver's answer depends only on the text and whether it was plain or quoted;
            # a glossary repeats its keys (id, source, target) thousands of times.
            key = (event.value, event.implicit)
            tag = self._tags.get(key)
            if tag is None:
                tag = self._tags[key] = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR_TAG:
            return Located(event.value, line)  # what the constructor would return, without its machinery
        node = yaml.ScalarNode(tag, event.value, style=event.style)
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            raise self.fail(_unsupported_tag(tag), line) from None
        if not isinstance(value, (str, int, float, bool)) and value is not None:
            raise self.fail(f"unsupported YAML value of type {type(value).__name__}", line)
        return Located(value, line)
