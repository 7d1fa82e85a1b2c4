"""Gửi phản ánh, kiến nghị: the public form for citizens and businesses, and the code lookup."""

import streamlit as st

from ui.context import page_title, tr
from ui.router import start_page

start_page("feedback_form")
page_title("feedback_form")
st.info(tr("page.feedback_form.planned"), icon=":material/construction:")
