"""Safe YAML reading that keeps line numbers: no tags beyond the core schema, no aliases,
bounded nesting, no duplicate keys. Used for glossaries and other user-written YAML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from reviewer.errors import ReviewerError

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


def _scan_events(text: str, path: Path, error: type[ReviewerError]) -> None:
    """Refuse aliases, anchors and deep nesting before anything is built (alias bombs, stack depth)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise error(
                    "YAML anchors and aliases (&name, *name) are not allowed; write the values out",
                    path=path,
                    line=_line(event),
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise error(
                        f"YAML nested deeper than {MAX_DEPTH} levels; this is not a valid file of this kind",
                        path=path,
                        line=_line(event),
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise error(
            f"YAML syntax error: {exc.problem or exc.context}", path=path, line=mark.line + 1 if mark else None
        ) from None
    except yaml.YAMLError as exc:
        raise error(f"YAML error: {exc}", path=path) from None


def load_located(text: str, path: Path, error: type[ReviewerError]) -> Located | None:
    """Parse one YAML document into `Located` values, or None for an empty document."""
    _scan_events(text, path, error)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _convert(node, loader, path, error)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise error(f"YAML error: {exc.problem or exc.context}", path=path, line=mark.line + 1 if mark else None) from None
    finally:
        loader.dispose()


_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _unsupported_tag(tag: str) -> str:
    return f"unsupported YAML tag {tag!r}; only plain strings, numbers, booleans, lists and mappings are allowed"


def _convert(node: yaml.Node, loader: yaml.SafeLoader, path: Path, error: type[ReviewerError]) -> Located:
    line = node.start_mark.line + 1
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_COLLECTION_TAGS:
        # A tag on a list or mapping (!!python/object/apply:..., !!set, !!omap) would otherwise be
        # dropped silently and the collection read as a plain one.
        raise error(_unsupported_tag(node.tag), path=path, line=line)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Located] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, loader, path, error)
            if not isinstance(key.value, (str, int, float, bool)) or key.value is None:
                raise error("mapping keys must be plain strings", path=path, line=key.line)
            name = str(key.value)
            if name in out:
                raise error(f"duplicate key {name!r} (first on line {out[name].line})", path=path, line=key.line)
            out[name] = _convert(value_node, loader, path, error)
        return Located(out, line)
    if isinstance(node, yaml.SequenceNode):
        return Located([_convert(item, loader, path, error) for item in node.value], line)
    if node.tag == _STR_TAG:
        return Located(node.value, line)  # what the constructor would return, without its machinery
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError:
        raise error(_unsupported_tag(node.tag), path=path, line=line) from None
    if not isinstance(value, (str, int, float, bool)) and value is not None:
        raise error(f"unsupported YAML value of type {type(value).__name__}", path=path, line=line)
    return Located(value, line)
