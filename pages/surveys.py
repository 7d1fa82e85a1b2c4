"""Khảo sát: quarterly satisfaction results, entering paper forms, importing Google Forms
responses, and the questionnaire with its QR code and desk sign."""

from __future__ import annotations

import streamlit as st

from ui.auth import may
from ui.context import demo_notice, page_title, problems_notice, tr, workbook
from ui.forms_import import forms_import_view
from ui.router import start_page
from ui.survey_entry import qr_sign_view, staff_entry_view
from ui.survey_results import results_view
from ui.tables import show_records, vietnamese_order


def questionnaire() -> None:
    """The questions as stored in Câu hỏi khảo sát, which staff edit in the sheet."""
    book = workbook()
    if book is None:
        return
    questions = book.frame("survey_questions")
    st.caption(tr("surveys.questionnaire.help"))
    if questions.empty:
        st.info(tr("page.empty_tab", tab=tr("tab.survey_questions")))
        return
    questions = questions.sort_values(["order"], key=vietnamese_order)
    show_records(
        "survey_questions",
        questions,
        ["order", "code", "factor", "text_vi", "text_en", "qtype", "active"],
    )


def main() -> None:
    page_title("surveys")
    book = workbook()
    if book is None:
        return
    demo_notice(book)
    problems_notice(book)
    if not may("write"):
        results_tab, questions_tab = st.tabs(
            [tr("surveys.tab.results"), tr("surveys.tab.questionnaire_only")]
        )
        with results_tab:
            results_view()
        with questions_tab:
            questionnaire()
        return
    results_tab, entry_tab, forms_tab, questions_tab = st.tabs(
        [
            tr("surveys.tab.results"),
            tr("surveys.tab.entry"),
            tr("surveys.tab.forms"),
            tr("surveys.tab.questionnaire"),
        ]
    )
    with results_tab:
        results_view()
    with entry_tab:
        staff_entry_view()
    with forms_tab:
        forms_import_view()
    with questions_tab:
        questionnaire()
        st.divider()
        qr_sign_view()


start_page("surveys")
main()
