"""Language data: number conventions, function words and morphology, one module per language."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class NumberLocale:
    """How a language writes numbers."""

    decimal: str
    """Decimal separator."""
    group: str
    """Thousands separator."""
    scales: dict[str, int] = field(default_factory=dict)
    """Scale words and their multipliers (million: 10**6)."""
    number_words: dict[str, int] = field(default_factory=dict)
    """Small numbers written as words (three: 3)."""


def number_locale(lang: str) -> NumberLocale:
    """Number conventions for a language code (falls back to English conventions)."""
    from reviewer.lang import en
    from reviewer.lang import id as id_

    base = lang.split("-")[0].lower()
    if base == "id":
        return id_.NUMBERS
    return en.NUMBERS
