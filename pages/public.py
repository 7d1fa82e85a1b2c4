"""Công khai: what the public may see. Each quarter's survey results and the published
answers to feedback; never a comment, a contact or any other personal data."""

from __future__ import annotations

import streamlit as st

from ui.context import demo_notice, page_title, tr, workbook
from ui.feedback_public import answers_view
from ui.router import start_page
from ui.survey_results import public_results_view

start_page("public")


def main() -> None:
    page_title("public")
    book = workbook()
    if book is None:
        return
    demo_notice(book)
    results, answers = st.tabs(
        [tr("survey_results.public.tab_results"), tr("survey_results.public.tab_answers")]
    )
    with results:
        public_results_view()
    with answers:
        answers_view(book)


main()
