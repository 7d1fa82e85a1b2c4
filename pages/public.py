"""Công khai: what the public may see. Each quarter's survey results and the published
answers to feedback; never a comment, a contact or any other personal data."""

from __future__ import annotations

import streamlit as st

from sheets.store import Workbook
from ui.context import demo_notice, escape_md, fmt_date, page_title, tr, workbook
from ui.router import start_page
from ui.survey_results import public_results_view

start_page("public")


def answers_view(book: Workbook) -> None:
    """The answers marked for publication, newest first, without any sender field."""
    feedback = book.frame("feedback")
    published = feedback[
        feedback["published"].fillna(False).astype(bool) & feedback["answer"].notna()
    ]
    st.subheader(tr("public.answers"))
    if published.empty:
        st.write(tr("public.no_answers"))
        return
    published = published.sort_values("answered_on", ascending=False)
    st.caption(tr("page.row_count", count=len(published)))
    for _, item in published.iterrows():
        # Only the public wording, the category, the field and the answer: no sender fields.
        question = item["public_content"] or item["content"]
        heading = " · ".join(
            part
            for part in (item["category"], item["procedure_field"], fmt_date(item["answered_on"]))
            if part
        )
        with st.container(border=True):
            st.caption(escape_md(heading))
            st.markdown(f"**{tr('public.question')}**  \n{escape_md(question)}")
            st.markdown(f"**{tr('public.answer')}**  \n{escape_md(item['answer'])}")


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
