"""Both catalogs are complete, and every key the code asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

from reform.i18n import LANGUAGES, catalog, describe_problem, t
from sheets import schema as sc
from sheets.values import Problem
from ui.navigation import PAGES, page_keys

ROOT = Path(__file__).resolve().parents[1]
LITERAL_KEY = re.compile(r"""\btr?\(\s*["']([a-z_]+(?:\.[a-zA-Z0-9_]+)+)["']""")


def test_catalogs_have_the_same_keys():
    vi, en = catalog("vi"), catalog("en")
    assert sorted(vi.keys() - en.keys()) == []
    assert sorted(en.keys() - vi.keys()) == []


# Entries whose languages write a value differently: "Quý IV/2017" and "Q4 2017".
DIFFERENT_PLACEHOLDERS = {"period.quarter"}


def test_no_catalog_entry_is_empty_and_placeholders_match():
    vi, en = catalog("vi"), catalog("en")
    for key in vi:
        assert vi[key].strip() and en[key].strip(), key
        if key not in DIFFERENT_PLACEHOLDERS:
            assert set(re.findall(r"{(\w+)}", vi[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def test_every_literal_key_in_the_code_is_in_the_catalog():
    sources = [
        *ROOT.glob("*.py"),
        *ROOT.glob("pages/*.py"),
        *ROOT.glob("ui/*.py"),
        *ROOT.glob("sheets/*.py"),
        *ROOT.glob("reform/*.py"),
    ]
    used = {key for path in sources for key in LITERAL_KEY.findall(path.read_text("utf-8"))}
    assert used, "the pattern found no keys at all"
    missing = sorted(k for k in used if k not in catalog("vi"))
    assert missing == []


def test_pages_sections_fields_and_problems_are_translated():
    keys = [f"nav.{k}" for k in page_keys()] + [s for s in PAGES if s]
    keys += [f"tab.{tab.key}" for tab in sc.TABS]
    keys += [f"field.{tab.key}.{f.code}" for tab in sc.TABS for f in tab.fields]
    for lang in LANGUAGES:
        assert [k for k in keys if k not in catalog(lang)] == []


def test_vietnamese_field_labels_are_the_sheet_headers():
    for tab in sc.TABS:
        assert t(f"tab.{tab.key}", "vi") == tab.name
        for field in tab.fields:
            assert t(f"field.{tab.key}.{field.code}", "vi") == field.label


def test_a_problem_reads_as_a_sentence_in_both_languages():
    problem = Problem("Nhiệm vụ", "not_date", 12, "Hạn hoàn thành", "G", "32/13/2017")
    assert describe_problem(problem, "vi") == (
        "Bảng «Nhiệm vụ», dòng 12, cột «Hạn hoàn thành» (G12): giá trị «32/13/2017»: "
        "cần một ngày dạng dd/mm/yyyy, ví dụ 05/04/2017."
    )
    assert describe_problem(problem, "en").startswith("Tab «Nhiệm vụ», row 12, column")


def test_every_problem_kind_the_code_raises_has_a_message():
    kinds = set()
    for path in [*ROOT.glob("sheets/*.py")]:
        kinds |= set(re.findall(r'CellError\("(\w+)"', path.read_text("utf-8")))
        kinds |= set(re.findall(r'Problem\([^)]*?"(\w+)"', path.read_text("utf-8")))
    kinds -= {"error", "warning"}
    assert kinds
    for lang in LANGUAGES:
        assert sorted(k for k in kinds if f"problem.{k}" not in catalog(lang)) == []


def test_unknown_language_falls_back_to_vietnamese():
    assert t("nav.overview", "fr") == "Tổng quan"
