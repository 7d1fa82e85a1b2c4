"""The translation catalogs: every string a person reads comes from here.

Each language has a folder under reform/locales/ holding flat JSON files, one per area of
the product (app.json, problems.json, cli.json …); their keys are merged. Both languages have
the same keys (a test fails when they differ). Placeholders use str.format: "{count} nhiệm vụ".
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LOCALES = Path(__file__).resolve().parent / "locales"


@cache
def catalog(lang: str) -> dict[str, str]:
    """The merged catalog of one language."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALES / lang).glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            part = json.load(handle)
        duplicated = merged.keys() & part.keys()
        if duplicated:
            raise ValueError(f"{path.name} repeats catalog keys: {sorted(duplicated)}")
        merged.update(part)
    return merged


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The text for key in lang; falls back to Vietnamese, then to the key itself."""
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    text = catalog(lang).get(key) or catalog(DEFAULT_LANGUAGE).get(key) or key
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def describe_problem(problem: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """One sentence naming the tab, row, column and value, and what was expected."""
    parts = [t("problem.where.tab", lang, tab=problem.tab)]
    if problem.row:
        parts.append(t("problem.where.row", lang, row=problem.row))
    if problem.column:
        column = t("problem.where.column", lang, column=problem.column)
        parts.append(f"{column} ({problem.cell})" if problem.cell else column)
    expected = t(f"problem.{problem.kind}", lang, detail=problem.detail)
    if problem.value:
        expected = t("problem.value", lang, value=problem.value) + " " + expected
    return f"{', '.join(parts)}: {expected}"
