"""Glossaries: YAML terms, do-not-translate lists and bilingual regex rules (`model`), validated
with line numbers (`load`), and matched against segments in one pass per segment (`match`);
CSV and TBX termbases are converted by `importers`."""

from __future__ import annotations

from reviewer.glossary.load import load_glossaries, load_glossary, parse_glossary
from reviewer.glossary.match import GlossaryMatcher
from reviewer.glossary.model import Glossary, Rendering, Rule, Term

__all__ = ["Glossary", "GlossaryMatcher", "Rendering", "Rule", "Term", "load_glossaries", "load_glossary",
           "parse_glossary"]
