"""`reviewer glossary ...`: glossary conversion (CSV and TBX to the YAML glossary)."""

from __future__ import annotations

from typing import Any


def add_parsers(sub: Any) -> None:
    """Register the glossary subcommands."""
