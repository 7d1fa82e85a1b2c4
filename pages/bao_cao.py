"""Báo cáo: the report of a quarter, a half-year or a year: its key figures, the heading in
use, then the .docx report, the .xlsx data pack and the charts as PNG, made on request."""

from __future__ import annotations

import streamlit as st

from ui import report_views as views
from ui.auth import current_user
from ui.context import demo_notice, page_title, problems_notice, tr, workbook
from ui.router import start_page

start_page("report")


def main() -> None:
    page_title("report")
    st.caption(tr("report_page.intro"))
    book = workbook()
    if book is None:
        return
    years = views.data_years(book)
    if not years:
        st.info(tr("report_page.empty"))
        return
    period = views.period_picker(years)
    demo_notice(book)
    problems_notice(book)
    views.preview(views.figures(book, period))
    # The pack lists rows; an editor limited to a unit sees only their unit's rows elsewhere.
    views.files_view(book, period, with_pack=not current_user().limited_to_unit)


main()
