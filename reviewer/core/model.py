"""Domain types shared by every layer: segments, corpora, flags, severities and statuses."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class Severity(str, enum.Enum):
    """How bad an error is, in MQM terms."""

    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Ordering key: minor < major < critical."""
        return _SEVERITY_RANK[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        """Read a severity name, raising ValueError with the allowed names."""
        try:
            return cls(value.lower())
        except (ValueError, AttributeError):
            allowed = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {allowed})") from None


_SEVERITY_RANK = {Severity.MINOR: 1, Severity.MAJOR: 2, Severity.CRITICAL: 3}


class Side(str, enum.Enum):
    """Which text of a segment a flag points into."""

    SOURCE = "source"
    TARGET = "target"


class SegmentStatus(str, enum.Enum):
    """Review state of a segment, named like XLIFF 1.2/2.x states."""

    NEW = "new"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"
    FINAL = "final"


#: MQM top-level categories a flag may use (a subcategory follows a slash).
MQM_CATEGORIES = ("accuracy", "fluency", "terminology", "style", "locale-convention", "design", "other")


def validate_category(category: str) -> str:
    """Return the category if its top level is an MQM category, else raise ValueError."""
    top = category.split("/", 1)[0]
    if top not in MQM_CATEGORIES or not category.strip() or category.endswith("/"):
        raise ValueError(
            f"unknown MQM category {category!r} (expected one of {', '.join(MQM_CATEGORIES)}, "
            "optionally followed by /subcategory)"
        )
    return category


@dataclass(frozen=True, slots=True)
class Flag:
    """One suspected error found by a check or a glossary rule."""

    rule: str
    """Rule id: a generic check id (`number-mismatch`) or a glossary rule/term id."""
    category: str
    """MQM category, e.g. `accuracy/mistranslation`, `fluency/grammar`, `terminology`."""
    severity: Severity
    """MQM severity."""
    side: Side
    """Whether `start`/`end` index into the source or the target text."""
    start: int
    """Start of the span, in code points."""
    end: int
    """End of the span (exclusive), in code points."""
    text: str
    """The flagged text, equal to `segment_text[start:end]`."""
    message: str
    """What is wrong, in words a reviewer understands."""
    suggestion: str | None = None
    """Replacement for the span, when one is known."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping in the CLI's documented shape."""
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity.value,
            "side": self.side.value,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(slots=True)
class Segment:
    """One translation unit: an English source and its Indonesian target."""

    id: str
    """Stable id within the corpus (`p3.s2` for paragraph 3 sentence 2, or a line number)."""
    source: str
    """Source text (English)."""
    target: str
    """Target text (Indonesian machine translation, or its correction)."""
    status: SegmentStatus = SegmentStatus.TRANSLATED
    """Review status."""
    note: str = ""
    """Free-text note carried by the input format, if any."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Format-specific data that a writer needs to put the segment back (never shown)."""


@dataclass(slots=True)
class Corpus:
    """A list of segments read from one input, with what is needed to write it back."""

    segments: list[Segment]
    """Segments in document order."""
    source_lang: str = "en"
    """BCP-47 code of the source language."""
    target_lang: str = "id"
    """BCP-47 code of the target language."""
    format: str = ""
    """Name of the format module that read it (used to write it back)."""
    path: Path | None = None
    """Main file the corpus was read from."""
    name: str = ""
    """Human-readable name."""
    glossaries: list[Path] = field(default_factory=list)
    """Glossaries the corpus asks for when none are given on the command line."""
    postedit: dict[str, str] | None = None
    """Reference post-edit (corrected target) by segment id, when the corpus carries one."""
    layout: Any = None
    """Format-specific layout (paragraph structure, original lines) used when writing back."""

    def by_id(self) -> dict[str, Segment]:
        """Map segment ids to segments."""
        return {seg.id: seg for seg in self.segments}


def flag_keys(flags: Iterable[Flag]) -> list[str]:
    """Stable keys for flags: rule, side, text and occurrence number, so that a dismissal
    survives edits elsewhere in the segment."""
    seen: Counter[tuple[str, str, str]] = Counter()
    keys = []
    for f in flags:
        base = (f.rule, f.side.value, f.text)
        keys.append(f"{f.rule}|{f.side.value}|{f.text}|{seen[base]}")
        seen[base] += 1
    return keys
