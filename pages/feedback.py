"""Phản ánh – kiến nghị: what needs attention, the list, intake, handling and the figures."""

from __future__ import annotations

import streamlit as st

from ui.auth import current_user, may, unit_scope
from ui.context import demo_notice, escape_md, page_title, problems_notice, tr, workbook
from ui.feedback_forms import handling_view, intake_view
from ui.feedback_views import attention_view, calendar_notice, figures_view, list_view
from ui.router import start_page

start_page("feedback")


def main() -> None:
    page_title("feedback")
    book = workbook()
    if book is None:
        return
    user = current_user()
    if user.limited_to_unit:
        st.caption(tr("feedback.unit_only", unit=escape_md(user.unit)))
    demo_notice(book)
    problems_notice(book)
    calendar_notice()
    items = unit_scope("feedback", book.frame("feedback"))
    writer = may("write")
    names = ["attention", "list", *(["intake", "handle"] if writer else []), "figures"]
    tabs = dict(zip(names, st.tabs([tr(f"feedback.tab.{n}") for n in names]), strict=True))
    with tabs["attention"]:
        attention_view(items)
    with tabs["list"]:
        list_view(items)
    if writer:
        with tabs["intake"]:
            intake_view(book, items)
        with tabs["handle"]:
            handling_view(book, items)
    with tabs["figures"]:
        figures_view(items)


main()
