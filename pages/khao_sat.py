"""Khảo sát ý kiến: the satisfaction survey for citizens and businesses (public link, kiosk)."""

import streamlit as st

from ui.context import page_title, tr
from ui.router import start_page
from ui.survey_entry import KIOSK, ONLINE, in_kiosk, kiosk_header, showing_thanks, survey_form

start_page("survey_form")


def main() -> None:
    """The public form (Trực tuyến); on the desk's tablet, the kiosk form (Tại quầy)."""
    kiosk = in_kiosk()
    channel = KIOSK if kiosk else ONLINE
    if kiosk:
        kiosk_header()
    page_title("survey_form")
    if not showing_thanks(channel):
        st.markdown(tr("survey_entry.intro"))
    survey_form(channel, big=kiosk)


main()
