"""Khảo sát ý kiến: the satisfaction survey for citizens and businesses (public link, kiosk)."""

import streamlit as st

from ui.context import page_title, tr
from ui.router import start_page

start_page("survey_form")
page_title("survey_form")
st.info(tr("page.survey_form.planned"), icon=":material/construction:")
