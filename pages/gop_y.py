"""Gửi phản ánh, kiến nghị: the public form for citizens and businesses, and the code lookup."""

import streamlit as st

from ui.context import demo_notice, page_title, tr, workbook
from ui.feedback_public import lookup_view, submission_view
from ui.router import start_page

start_page("feedback_form")


def main() -> None:
    """Writing to the agency (no sign-in), and looking up what became of it by its code."""
    page_title("feedback_form")
    book = workbook()
    if book is None:
        return
    demo_notice(book)
    send, lookup = st.tabs([tr("feedback_public.tab.send"), tr("feedback_public.tab.lookup")])
    with send:
        submission_view(book)
    with lookup:
        lookup_view(book)


main()
