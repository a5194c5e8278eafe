"""The check registry: importing this package registers every built-in check."""

from __future__ import annotations

from reviewer.checks import (  # noqa: F401  (registration side effects)
    codes,
    consistency,
    copies,
    en_id,
    generic,
    layout,
    length,
    malay,
    numbers,
    software,
)
from reviewer.checks.base import (
    REGISTRY,
    Check,
    CorpusCheck,
    SegmentContext,
    Trigger,
    TriggerPlan,
    applicable,
    fires,
    register,
)
from reviewer.core.errors import ReviewerError


def select_checks(
    source_lang: str,
    target_lang: str,
    *,
    only: list[str] | None = None,
    skip: list[str] | None = None,
    enable: list[str] | None = None,
) -> list[Check]:
    """Instances of the checks that apply to a language pair, filtered by id. A check that is
    off by default (`Check.default_on`) runs when `enable` or `only` names it."""
    for name in [*(only or []), *(skip or []), *(enable or [])]:
        if name not in REGISTRY:
            raise ReviewerError(f"unknown check {name!r} (see `reviewer checks` for the list)")
    chosen = []
    for check_id, cls in REGISTRY.items():
        if only and check_id not in only:
            continue
        if skip and check_id in skip:
            continue
        if not cls.default_on and not (only and check_id in only) and not (enable and check_id in enable):
            continue
        if applicable(cls, source_lang, target_lang):
            chosen.append(cls())
    return chosen


__all__ = ["REGISTRY", "Check", "CorpusCheck", "SegmentContext", "Trigger", "TriggerPlan", "applicable", "fires", "register",
           "select_checks"]
