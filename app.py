"""The router: page setup, the language switch and the navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from reform.i18n import LANGUAGES
from ui.context import LANG_KEY, init_language, sidebar_status, tr
from ui.navigation import PAGES
from ui.router import mark_router_run

# A local file: an icon from a font server would not load offline, in a meeting room.
ICON = str(Path(__file__).resolve().parent / "assets" / "icon.png")

# Fixed CSS, never user data: less empty space above the title, so the overview fits a
# 1366×768 screen, and metric labels that wrap instead of ending in "…".
STYLE = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; padding-bottom: 2rem; }
[data-testid="stMetricLabel"] .stMarkdownEllipsis,
[data-testid="stMetricLabel"] p { white-space: normal; overflow: visible; text-overflow: clip; }
</style>"""


def build_navigation() -> dict[str, list[st.Page]]:
    """The pages by section, titled in the session's language."""
    sections: dict[str, list[st.Page]] = {}
    for section, pages in PAGES.items():
        title = tr(section) if section else ""
        sections[title] = [
            st.Page(
                path, title=tr(f"nav.{key}"), icon=icon, url_path=url, default=(key == "overview")
            )
            for key, path, icon, url in pages
        ]
    return sections


def main() -> None:
    st.set_page_config(page_title=tr("app.title"), page_icon=ICON, layout="wide")
    init_language()  # before any text is drawn
    mark_router_run()
    st.html(STYLE)
    with st.sidebar:
        st.segmented_control(
            tr("app.language"),
            LANGUAGES,
            key=LANG_KEY,
            required=True,
            format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
        )
        sidebar_status()
    st.navigation(build_navigation()).run()


main()
