"""Công khai: what the public may see. Only published answers, never personal data."""

from __future__ import annotations

import streamlit as st

from ui.context import escape_md, fmt_date, page_title, tr, workbook
from ui.router import start_page

start_page("public")


def main() -> None:
    page_title("public")
    book = workbook()
    if book is None:
        return
    st.info(tr("page.public.planned"), icon=":material/construction:")
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


main()
