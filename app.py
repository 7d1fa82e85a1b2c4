"""The router: page setup, the language switch and the navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from reform.access import Role, User
from reform.i18n import LANGUAGES
from ui import auth
from ui.context import LANG_KEY, init_language, sidebar_status, tr
from ui.display import DISPLAY_KEY
from ui.navigation import DISPLAY_PAGE, KIOSK_PAGE, PAGES, page_file, page_keys
from ui.router import mark_router_run

# A local file: an icon from a font server would not load offline, in a meeting room.
ICON = str(Path(__file__).resolve().parent / "assets" / "icon.png")

# Fixed CSS, never user data: less empty space above the title, so the overview fits a
# 1366×768 screen (with a see-through header, so that a picker beside the title keeps its
# label), and metric labels that wrap instead of ending in "…".
STYLE = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; padding-bottom: 2rem; }
[data-testid="stHeader"] { background: transparent; }
[data-testid="stMetricLabel"] .stMarkdownEllipsis,
[data-testid="stMetricLabel"] p { white-space: normal; overflow: visible; text-overflow: clip; }
</style>"""


# A kiosk shows one page and nothing to leave it by: no sidebar, no menu, no toolbar.
KIOSK_STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarCollapseButton"], [data-testid="stExpandSidebarButton"],
[data-testid="stToolbar"], [data-testid="stMainMenu"], [data-testid="stHeader"],
[data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; }
</style>"""
KIOSK_KEY = "kiosk"


def kiosk_mode() -> bool:
    """A tablet at the desk: opened once with ?kiosk=1, it stays a kiosk for the session."""
    if str(st.query_params.get("kiosk", "")).lower() in ("1", "true", "yes"):
        st.session_state[KIOSK_KEY] = True
    return bool(st.session_state.get(KIOSK_KEY))


def run_kiosk() -> None:
    """Only the survey, whatever URL is asked for; every other page is out of reach."""
    st.html(KIOSK_STYLE)
    run_only(KIOSK_PAGE, KIOSK_KEY)


def display_mode() -> bool:
    """The desk's TV: opened once with ?display=1, it stays a display for the session."""
    if str(st.query_params.get("display", "")).lower() in ("1", "true", "yes"):
        st.session_state[DISPLAY_KEY] = True
    return bool(st.session_state.get(DISPLAY_KEY))


def run_display() -> None:
    """Only the display's panels, whatever URL is asked for, with nothing to leave them by."""
    st.html(KIOSK_STYLE)
    run_only(DISPLAY_PAGE, DISPLAY_KEY)


def run_only(key: str, home_path: str) -> None:
    """One page at every page's address, so no URL gets a "page not found" box. (The home
    page reserves a path of its own too, home_path, which no other page uses.)"""
    path, title = page_file(key), tr(f"nav.{key}")
    urls = [url for pages in PAGES.values() for *_, url in pages if url]
    pages = [st.Page(path, title=title, default=True, url_path=home_path)]
    pages += [st.Page(path, title=title, url_path=url) for url in urls]
    st.navigation(pages, position="hidden").run()


def build_navigation(user: User) -> tuple[dict[str, list[st.Page]], st.Page]:
    """The user's pages by section, titled in the session's language, and the home page."""
    keys = auth.menu_keys(user, page_keys())
    home_key = "overview" if "overview" in keys else "public"
    sections: dict[str, list[st.Page]] = {}
    home: st.Page | None = None
    for section, pages in PAGES.items():
        entries = []
        for key, path, icon, url in pages:
            if key not in keys:
                continue
            is_home = key == home_key  # the home page lives at the root URL
            page = st.Page(
                path,
                title=tr(f"nav.{key}"),
                icon=icon,
                url_path=None if is_home else url,
                default=is_home,
            )
            entries.append(page)
            home = page if is_home else home
        if entries:
            sections[tr(section) if section else ""] = entries
    assert home is not None, "the public page is always in the menu"
    return sections, home


def main() -> None:
    st.set_page_config(page_title=tr("app.title"), page_icon=ICON, layout="wide")
    init_language()  # before any text is drawn
    mark_router_run()
    st.html(STYLE)
    if kiosk_mode():
        run_kiosk()
        return
    if display_mode():
        run_display()
        return
    if auth.open_mode_refused():
        st.error(tr("auth.open_refused"), icon=":material/lock:")
        st.stop()
    user = auth.current_user()
    with st.sidebar:
        st.segmented_control(
            tr("app.language"),
            LANGUAGES,
            key=LANG_KEY,
            required=True,
            format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
        )
        auth.sidebar_account()
        if user.role > Role.PUBLIC:
            sidebar_status()
    sections, home = build_navigation(user)
    page = st.navigation(sections, expanded=True)  # every page in view, no "View more"
    if st.session_state.pop(auth.GO_HOME, False):  # just signed in: the home page
        st.switch_page(home)
    page.run()


main()
