"""Keeping every visit inside the router (app.py), even the very first one."""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

_MARK = "_cchc_router_ran"
ROUTER = Path(__file__).resolve().parents[1] / "app.py"


def mark_router_run() -> None:
    """Called by app.py on every run, before it hands over to the page."""
    ctx = get_script_run_ctx()
    if ctx is not None:
        setattr(ctx, _MARK, True)


def ensure_router() -> None:
    """Send a page run outside app.py's st.navigation back through the router.

    Streamlit decides once per server whether the app is a legacy `pages/` folder app. Until
    app.py has called st.navigation, a first visitor's deep link (/data) would run the page
    file on its own: file names as the menu, no language switch. Telling Streamlit the app is
    not a folder app and running the router now puts that visitor on the same page, through
    app.py, in this same run (so a click that started the run is not lost).
    """
    ctx = get_script_run_ctx()
    if ctx is None or getattr(ctx, _MARK, False):
        return
    PagesManager.uses_pages_directory = False
    runpy.run_path(str(ROUTER), run_name="__main__")
    st.stop()


def start_page(page_key: str) -> None:
    """The first line of every page: through the router, and only for users allowed in."""
    ensure_router()
    from ui.auth import require  # here: ui.auth needs the store, the router must not

    require(page_key)
