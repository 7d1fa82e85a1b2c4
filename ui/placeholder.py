"""A page whose features come in a later release: it says what will be there, and shows the
tab's real rows meanwhile. It never shows made-up content."""

from __future__ import annotations

import streamlit as st

from sheets import schema as sc
from ui.auth import unit_scope
from ui.context import demo_notice, page_title, problems_notice, tr, workbook
from ui.tables import show_records, vietnamese_order


def planned_page(
    key: str, tab_key: str, codes: list[str], sort_by: list[str] | None = None
) -> None:
    """Title, what the page will do, and the tab's rows (never personal fields)."""
    page_title(key)
    book = workbook()
    if book is None:
        return
    st.info(tr(f"page.{key}.planned"), icon=":material/construction:")
    demo_notice(book)
    problems_notice(book)
    personal = set(sc.tab(tab_key).personal_codes)
    codes = [c for c in codes if c not in personal]
    frame = unit_scope(tab_key, book.frame(tab_key))
    st.subheader(tr(f"tab.{tab_key}"))
    if frame.empty:
        st.write(tr("page.empty_tab", tab=tr(f"tab.{tab_key}")))
        return
    if sort_by:  # text in Vietnamese dictionary order: Đ after D, Ă and Â after A
        frame = frame.sort_values(sort_by, key=vietnamese_order)
    st.caption(tr("page.row_count", count=len(frame)))
    show_records(tab_key, frame, codes)
