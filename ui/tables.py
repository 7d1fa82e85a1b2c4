"""Showing a tab's rows with translated column headers and Vietnamese formats."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from reform import locale
from reform.i18n import t
from reform.locale import vietnamese_sort_key
from sheets import schema as sc
from ui.context import lang

TEXT_TYPES = (sc.FieldType.TEXT, sc.FieldType.CHOICE, sc.FieldType.PHONE, sc.FieldType.URL)


def field_label(tab_key: str, code: str) -> str:
    """A column's header in the session's language (the sheet's header in Vietnamese)."""
    return t(f"field.{tab_key}.{code}", lang())


def column_config(tab_key: str, codes: list[str]) -> dict[str, object]:
    """Column settings: translated headers, dd/mm/yyyy dates, links and checkboxes."""
    schema = sc.tab(tab_key)
    config: dict[str, object] = {}
    for code in codes:
        field = schema.field(code)
        label = field_label(tab_key, code)
        if field.type in (sc.FieldType.DATE, sc.FieldType.DATETIME):
            config[code] = st.column_config.TextColumn(label)  # dd/mm/yyyy, made below
        elif field.type == sc.FieldType.URL:
            config[code] = st.column_config.LinkColumn(label)
        elif field.type == sc.FieldType.BOOL:
            config[code] = st.column_config.CheckboxColumn(label)
        elif field.type in (sc.FieldType.INTEGER, sc.FieldType.DECIMAL):
            config[code] = st.column_config.Column(label)  # digits come from the Styler
        else:
            long_text = (field.max_length or 0) >= sc.LONG_TEXT
            config[code] = st.column_config.TextColumn(label, width="large" if long_text else None)
    return config


def show_records(
    tab_key: str, frame: pd.DataFrame, codes: list[str], height: int | str = "auto"
) -> None:
    """A read-only table of some columns of a tab, numbers written as 1.234,5 in Vietnamese."""
    schema = sc.tab(tab_key)
    shown = frame[codes].copy()
    formatters = {}
    for code in codes:
        field = schema.field(code)
        if field.type in (sc.FieldType.INTEGER, sc.FieldType.DECIMAL):
            decimals = 0 if field.type == sc.FieldType.INTEGER else 2
            grouped = not field.plain  # 2017 is a year, not two thousand and seventeen
            formatters[code] = partial(_number, lang=lang(), decimals=decimals, grouped=grouped)
        elif field.type in (sc.FieldType.DATE, sc.FieldType.DATETIME):
            # As text: the grid would write a missing date as the word None.
            with_time = field.type == sc.FieldType.DATETIME
            shown[code] = [_date(v, with_time) for v in shown[code]]
        elif field.type in TEXT_TYPES:
            shown[code] = shown[code].fillna("")  # an empty cell, not the word None
    st.dataframe(
        shown.style.format(formatters, na_rep=""),
        column_config=column_config(tab_key, codes),
        hide_index=True,
        height=height,
    )


def _date(value: object, with_time: bool) -> str:
    """dd/mm/yyyy (hh:mm), and an empty cell rather than None for a missing date."""
    if value is None or value is pd.NaT or value != value:  # noqa: PLR0124 (NaN check)
        return ""
    if not with_time and hasattr(value, "date"):
        value = value.date()
    return locale.format_date(value)


def _number(value: object, lang: str, decimals: int, grouped: bool = True) -> str:
    if value is None or value is pd.NA or value != value:  # noqa: PLR0124 (NaN check)
        return ""
    if not grouped:
        return str(int(value)) if not decimals else str(value)
    text = locale.format_number(float(value), lang, decimals)
    if decimals:  # 7,50 → 7,5 and 100,00 → 100
        text = text.rstrip("0").removesuffix("," if lang == "vi" else ".")
    return text


def vietnamese_order(column: pd.Series) -> pd.Series:
    """A sort key for sort_values: Vietnamese collation for text, the values otherwise."""
    if column.dtype == object:
        return column.map(lambda v: vietnamese_sort_key(str(v)) if v is not None else ())
    return column


def a4_print_style(print_key: str, table_class: str) -> str:
    """The CSS of a public table that prints alone on one A4 page (15 mm margins): in print
    only the container keyed print_key shows. Fixed text, never user data."""
    c = f".{table_class}"
    return f"""<style>
@media print {{
  @page {{ size: A4; margin: 15mm }}
  body * {{ visibility: hidden; }}
  .st-key-{print_key}, .st-key-{print_key} * {{ visibility: visible; }}
  .st-key-{print_key} {{ position: absolute; left: 0; top: 0; width: 100%; }}
  [data-testid="stSidebar"], [data-testid="stHeader"] {{ display: none !important; }}
}}
{c} table {{ border-collapse: collapse; width: 100%; font-size: 0.92rem; }}
{c} th, {c} td {{ border: 1px solid #9e9e9e; padding: 4px 8px; }}
{c} th {{ background: #eceff1; text-align: center; }}
{c} td.n {{ text-align: right; white-space: nowrap; }}
{c} tr.total td {{ font-weight: 700; }}
{c} h3 {{ margin: 0 0 4px; font-size: 1.15rem; }}
{c} h4 {{ margin: 10px 0 4px; font-size: 1rem; }}
{c} p {{ margin: 2px 0 8px; font-size: 0.85rem; color: #424242; }}
{c} .up {{ color: #2E7D32; }} {c} .down {{ color: #C62828; }}
</style>"""
