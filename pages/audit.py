"""Nhật ký: every write, who made it, when, and what changed from what to what (admins)."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import streamlit as st

from reform.locale import sort_vietnamese
from ui.context import escape_md, fmt_date, page_title, tr, workbook
from ui.router import start_page


def describe_changes(text: str | None) -> str:
    """«Field»: old → new, one per line, from the JSON the store writes."""
    try:
        changes = json.loads(text or "{}")
    except ValueError:
        return text or ""
    if not isinstance(changes, dict):
        return str(changes)
    lines = []
    for field, change in changes.items():
        if isinstance(change, list) and len(change) == 2:
            before, after = ("∅" if v in (None, "") else v for v in change)
            lines.append(f"{field}: {before} → {after}")
        else:
            lines.append(f"{field}: {change}")
    return "; ".join(lines)


def main() -> None:
    page_title("audit")
    book = workbook()
    if book is None:
        return
    log = book.frame("audit").sort_values("at", ascending=False)
    if log.empty:
        st.info(tr("audit.empty"))
        return
    tabs, actions, who, dates = st.columns([2, 2, 2, 2])
    chosen_tabs = tabs.multiselect(
        tr("audit.filter.tab"), sort_vietnamese(log["tab"].dropna().unique())
    )
    chosen_actions = actions.multiselect(
        tr("audit.filter.action"), sort_vietnamese(log["action"].dropna().unique())
    )
    actor = who.text_input(tr("audit.filter.actor"), max_chars=200)
    first, last = log["at"].min().date(), log["at"].max().date()
    period = dates.date_input(tr("audit.filter.period"), (first, last), format="DD/MM/YYYY")
    shown = log
    if chosen_tabs:
        shown = shown[shown["tab"].isin(chosen_tabs)]
    if chosen_actions:
        shown = shown[shown["action"].isin(chosen_actions)]
    if actor.strip():
        shown = shown[
            shown["actor"].fillna("").str.contains(actor.strip(), case=False, regex=False)
        ]
    if isinstance(period, tuple) and len(period) == 2:
        start, end = period
        shown = shown[
            (shown["at"] >= pd.Timestamp(start))
            & (shown["at"] < pd.Timestamp(end + dt.timedelta(days=1)))
        ]
    st.caption(
        tr(
            "audit.count",
            shown=len(shown),
            total=len(log),
            first=fmt_date(first),
            last=fmt_date(last),
        )
    )
    table = pd.DataFrame(
        {
            tr("field.audit.at"): shown["at"],
            tr("field.audit.actor"): shown["actor"].fillna(""),
            tr("field.audit.action"): shown["action"],
            tr("field.audit.tab"): shown["tab"],
            tr("field.audit.record_id"): shown["record_id"].fillna(""),
            tr("field.audit.changes"): [describe_changes(c) for c in shown["changes"]],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            tr("field.audit.at"): st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm:ss"),
            tr("field.audit.changes"): st.column_config.TextColumn(width="large"),
        },
    )
    if len(shown):
        latest = shown.iloc[0]
        st.caption(
            escape_md(
                tr(
                    "audit.latest",
                    actor=latest["actor"] or "?",
                    when=fmt_date(latest["at"], with_time=True),
                )
            )
        )


start_page("audit")
main()
