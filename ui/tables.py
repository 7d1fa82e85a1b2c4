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
