"""What every page needs: the store, the workbook, the language and the translated strings."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from reform import locale
from reform.i18n import DEFAULT_LANGUAGE, LANGUAGES, describe_problem, t
from sheets import (
    ConflictError,
    Store,
    StoreError,
    ValidationError,
    Workbook,
    open_store,
)
from sheets.settings import Settings, load_settings

LOG = logging.getLogger("reform.ui")
# A second click starts a new run of the session before the first has stopped (Streamlit's
# runner.fastReruns), so two runs may send the same form at once. Forms whose token becomes
# the new row's id look for it and write it while holding this lock: one form at a time in
# this server, and the second run, reading after the first has written, finds the row.
SUBMITTING = threading.Lock()
T = TypeVar("T")
LANG_KEY = "lang"


def settings() -> Settings:
    """The settings, read once per run."""
    return load_settings()


@st.cache_resource(show_spinner=False)
def _store_for(url: str, demo: bool) -> Store:
    return open_store(load_settings())


def store() -> Store:
    """The store shared by every session of this server."""
    current = settings()
    return _store_for(current.store_url, current.demo)


def _initial_language() -> str:
    wanted = st.query_params.get("lang") or settings().language
    return wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE


def init_language() -> None:
    """Settle the session's language before the sidebar switch is drawn: ?lang=, else the
    setting. The router calls it first thing on every run."""
    if st.session_state.get(LANG_KEY) not in LANGUAGES:
        st.session_state[LANG_KEY] = _initial_language()


def lang() -> str:
    """The language chosen in the sidebar; kept across pages for the session."""
    value = st.session_state.get(LANG_KEY)
    return value if value in LANGUAGES else _initial_language()


def tr(key: str, **params: Any) -> str:
    """The text for key in the session's language."""
    return t(key, lang(), **params)


def workbook() -> Workbook | None:
    """Every tab, loaded through the store; shows a plain message instead of a traceback.

    When Google stopped answering, the last good data is shown under a "stale since" banner.
    """
    try:
        book = store().load()
        if book.is_stale:
            st.warning(
                tr("data.stale", time=book.loaded_at.strftime("%H:%M")), icon=":material/cloud_off:"
            )
        return book
    except StoreError as error:
        st.error(tr(f"error.{error.kind}", **error.params))
    except Exception:  # the page must not show a traceback; the log keeps it
        LOG.exception("loading the workbook failed")
        st.error(tr("error.load_failed"))
    return None


def fmt_number(value: float | None, decimals: int = 0) -> str:
    return locale.format_number(value, lang(), decimals)


def fmt_percent(share: float | None, decimals: int = 1) -> str:
    return locale.format_percent(share, lang(), decimals)


def fmt_date(value: dt.date | dt.datetime | None, with_time: bool = False) -> str:
    """dd/mm/yyyy; with the time (hh:mm) only when asked."""
    if not with_time and isinstance(value, dt.datetime):  # pandas Timestamps included
        value = value.date()
    return locale.format_date(value, lang())


def quarter_label(year: int, quarter: int) -> str:
    from reform.metrics import ROMAN

    return tr("period.quarter", roman=ROMAN[quarter - 1], n=quarter, year=year)


def problem_text(problem: Any) -> str:
    return describe_problem(problem, lang())


def page_title(key: str) -> None:
    """The page's title, from the navigation's own catalog entry."""
    st.title(tr(f"nav.{key}"))


def demo_notice(book: Workbook) -> None:
    """Say plainly when demo data is on screen."""
    if book.has_demo_data():
        st.caption(":material/info: " + tr("demo.notice"))


def problems_notice(book: Workbook) -> None:
    """Point to the data page when some rows are left out of the figures."""
    errors = book.errors
    if errors:
        st.warning(tr("data.problems_notice", count=len(errors)), icon=":material/warning:")


def today() -> dt.date:
    return dt.date.today()


_MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|<>~$:"


def escape_md(text: object) -> str:
    """User text made safe to show through st.markdown: every markdown sign escaped."""
    value = "" if text is None else str(text)
    escaped = "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in value)
    return escaped.replace("\n", "  \n")


def sidebar_status() -> None:
    """When the data was loaded, and a button to read it again now."""
    try:
        book = store().load()
    except StoreError:
        return
    except Exception:  # the page itself will say what went wrong
        LOG.exception("loading the workbook for the sidebar failed")
        return
    st.caption(tr("data.loaded_short", time=fmt_date(book.loaded_at, with_time=True)))
    if st.button(tr("data.reload"), icon=":material/refresh:", key="sidebar_reload"):
        try:
            store().load(force=True)
        except StoreError as error:
            st.error(tr(f"error.{error.kind}", **error.params))
            return
        st.rerun()


def attempt(
    write: Callable[[], T], error_key: Callable[[StoreError], str] | None = None
) -> T | None:
    """Run a write; if it fails, say why in words (never a traceback) and return None.

    A conflict (someone changed the row meanwhile), every invalid field by name, or the
    store's own reason (Google not answering, a tab missing …): nothing was written.
    """
    try:
        return write()
    except ConflictError:
        st.error(tr("error.conflict"))
    except ValidationError as error:
        for problem in error.problems:
            st.error(problem_text(problem))
    except StoreError as error:
        key = error_key(error) if error_key else f"error.{error.kind}"
        st.error(tr(key, **error.params))
    return None


def add_or_update(
    tab: str,
    record: dict[str, Any],
    existing: Any,
    changes: dict[str, Any],
    clash: Callable[[Workbook], Any],
    actor: str,
    expected: dict[str, Any] | None = None,
) -> str:
    """Write one entry form's row: a new row (after checking, on a fresh read, that nobody
    has typed the same one in the sheet meanwhile) or the existing row's changes, guarded
    by its version. Returns "written", "clash" (the form should offer that row instead) or
    "failed" (attempt said why); nothing else is touched either way."""
    if existing is None:
        fresh = attempt(lambda: store().load(force=True))
        if fresh is None:
            return "failed"
        if clash(fresh) is not None:
            return "clash"
        written = attempt(lambda: store().append(tab, [record], actor=actor))
    else:
        written = attempt(
            lambda: store().update(
                tab,
                str(existing["id"]),
                changes,
                # A row typed in the sheet has no version yet: the store reads that as 0.
                expected_version=0 if pd.isna(existing["version"]) else int(existing["version"]),
                expected=expected,
                actor=actor,
            )
        )
    return "failed" if written is None else "written"


def agency_name(book: Workbook | None) -> str:
    """The agency from the agency_name setting, else from the newest plan's row."""
    from reform.report_heading import agency_name as named

    return named(settings().agency_name, book.frame("plans") if book is not None else None)
