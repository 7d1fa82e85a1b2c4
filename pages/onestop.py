"""Một cửa: the one-stop desk's dossiers by month and field, the checks they must pass, the
on-time rate and online share, the public quarterly table, and entering a month's numbers."""

from __future__ import annotations

import streamlit as st

from reform import dossiers as ds
from ui import links
from ui import onestop_views as views
from ui.auth import may
from ui.context import (
    demo_notice,
    page_title,
    problems_notice,
    quarter_label,
    today,
    tr,
    workbook,
)
from ui.router import start_page

start_page("onestop")


def main() -> None:
    head, year_col, quarter_col = st.columns([4, 1, 1], vertical_alignment="bottom")
    with head:
        page_title("onestop")
    book = workbook()
    if book is None:
        return
    st.html(views.PRINT_STYLE)
    dossiers = book.frame("dossiers")
    writer = may("write")
    found = ds.years(dossiers)
    years = sorted(set(found) | ({today().year} if writer else set()), reverse=True)
    if not years:
        st.info(tr("onestop.empty"))
        return
    with year_col:
        year = st.selectbox(
            tr("onestop.year"),
            years,
            index=links.index_of(links.YEAR, years, int, years.index(found[0]) if found else 0),
            key="onestop_year",
        )
    with quarter_col:
        quarter = st.selectbox(
            tr("onestop.quarter"),
            [None, 1, 2, 3, 4],
            index=links.index_of(links.QUARTER, [None, 1, 2, 3, 4], int),
            format_func=lambda q: tr("onestop.whole_year") if q is None else quarter_label(year, q),
            key="onestop_quarter",
        )
    period = views.period_text(year, quarter)
    demo_notice(book)
    problems_notice(book)
    rows = ds.period_rows(dossiers, year, quarter)
    if rows.empty:
        st.info(tr("onestop.empty_period", period=period))
    else:
        views.kpis(ds.totals(rows), period)
    months = set(ds.quarter_months(quarter)) if quarter else set(range(1, 13))
    findings = [f for f in ds.check_dossiers(dossiers, year) if f.month in months]
    if not rows.empty or findings:
        views.findings_view(findings, period)
    names = ["trends", "fields", "rows", "public", *(["entry"] if writer else [])]
    tabs = dict(zip(names, st.tabs([tr(f"onestop.tab.{n}") for n in names]), strict=True))
    with tabs["trends"]:
        views.trends_view(dossiers, year)
    with tabs["fields"]:
        views.fields_view(dossiers, year, quarter, period)
    with tabs["rows"]:
        views.rows_view(dossiers, year, quarter, period)
    with tabs["public"]:
        views.public_view(book, dossiers, year, quarter)
    if writer:
        with tabs["entry"]:
            views.entry_view(dossiers, year)


main()
