"""The layers hold: import contracts (import-linter, configured in pyproject.toml), the engine
without Textual, small modules that say what they are."""

from __future__ import annotations

import ast
import subprocess
import sys

from importlinter.cli import lint_imports

from tests.paths import ROOT

ENGINE = ("core", "lang", "formats", "glossary", "checks", "checking", "review", "scoring")


def test_import_contracts_are_kept(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_engine_imports_without_textual_or_rich() -> None:
    modules = ", ".join([f"reviewer.{p}" for p in ENGINE] + [
        "reviewer.checking.stream", "reviewer.checking.background", "reviewer.review.view", "reviewer.scoring.report",
        "reviewer.glossary.importers", "reviewer.cli"])
    code = (
        f"import {modules}, sys; "
        "bad = sorted(m for m in sys.modules if m in ('textual', 'rich') or m.startswith(('textual.', 'rich.'))); "
        "assert not bad, bad"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_every_module_is_small_and_opens_with_a_docstring() -> None:
    sources = sorted((ROOT / "reviewer").rglob("*.py"))
    assert len(sources) > 50
    too_long = {str(p.relative_to(ROOT)): n for p in sources if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert too_long == {}
    undocumented = [str(p.relative_to(ROOT)) for p in sources
                    if p.name != "__main__.py" and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None]
    assert undocumented == []
