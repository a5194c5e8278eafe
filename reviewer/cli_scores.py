"""`reviewer score`, `reviewer mqm` and `reviewer report` (post-edit scores, MQM, reports)."""

from __future__ import annotations

from typing import Any


def add_parsers(sub: Any) -> None:
    """Register the scoring and reporting subcommands."""
