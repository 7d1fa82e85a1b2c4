"""Hoạt động tuyên truyền: web posts against the plan's monthly minimum, activities by type and
month, the list, and logging an activity."""

from __future__ import annotations

import datetime as dt
import re

import altair as alt
import pandas as pd
import streamlit as st

from reform import activities as act
from reform import metrics
from reform.locale import sort_vietnamese
from reform.tasks import normalize_ref, task_ref
from sheets import schema as sc
from sheets.schema import ACTIVITY_TYPES
from sheets.store import Workbook
from ui import links
from ui.auth import current_user, may, unit_scope
from ui.charts import monthly_stack, show_chart
from ui.context import (
    attempt,
    demo_notice,
    escape_md,
    fmt_date,
    fmt_number,
    page_title,
    problems_notice,
    settings,
    store,
    today,
    tr,
    workbook,
)
from ui.router import start_page
from ui.tables import show_records

start_page("activities")

LIST_CODES = ["date", "type", "title", "task_ref", "unit", "quantity", "evidence_url", "note"]
FORM_COUNTER = "activities_form_n"  # a new number after each save: the form starts empty again
# Text fields with no limit of their own in the tab still get one: a Google Sheets cell holds
# at most 50,000 characters, and a unit or a task reference is a few words. The inputs have no
# max_chars: the browser would cut a long paste silently; the check says what is too long.
SHORT_TEXT = 500
URL_TEXT = 2000
MAX_LENGTHS = {
    f.code: f.max_length or (URL_TEXT if f.type == sc.FieldType.URL else SHORT_TEXT)
    for f in sc.ACTIVITIES.fields
    if f.code in ("title", "task_ref", "unit", "evidence_url", "note")
}
STATE_COLORS = {"met": "#2E7D32", "missed": "#E53935", "open": "#9E9E9E"}
# One colour per type, the same in every year, so a type is recognised at a glance.
TYPE_COLORS = dict(
    zip(
        act.TYPE_CODES,
        ["#1565C0", "#F9A825", "#6D4C41", "#8E24AA", "#00897B", "#5C6BC0", "#EC407A", "#9E9E9E"],
        strict=True,
    )
)
CHART_HEIGHT = 210


def type_label(value: str) -> str:
    """A type as the session's language says it; an unknown type as written."""
    code = act.TYPE_CODES.get(value)
    return tr(f"activities.type.{code}") if code else str(value)


def month_short(month: int) -> str:
    return tr(f"activities.month_short.{month}")


def month_name(month: int, year: int) -> str:
    """A month of a year as people write it: tháng 8/2017, August 2017."""
    return tr("activities.month_year", name=tr(f"activities.month_long.{month}"), year=year)


def shorten(text: object, limit: int) -> str:
    """A task's content on one line, its bullets dropped, cut at limit characters."""
    unbulleted = re.sub(r"(?m)^\s*[-•+]\s+", "", str(text or ""))  # "2016 - 2020" stays
    flat = " ".join(unbulleted.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def year_tasks(tasks: pd.DataFrame, year: int) -> dict[str, str]:
    """The year's tasks by reference ("I.6"), in plan order, with their content."""
    rows = tasks[tasks["year"] == year]
    found = {task_ref(r["section"], r["number"]): r["content"] for _, r in rows.iterrows()}
    return {ref: found[ref] for ref in sorted(found, key=act.ref_sort_key)}


# --- summary ----------------------------------------------------------------------------------


def compliance_sentence(summary: act.ComplianceSummary, year: int, minimum: int) -> str:
    """Months met of months judged, and each month that fell short, in one sentence.

    For example: 11/12 tháng đạt tối thiểu 1 tin bài; tháng 8/2017 không có tin bài nào.
    """
    if summary.judged:
        plural = "one" if minimum == 1 else "many"
        parts = [
            tr(
                f"activities.compliance.summary_{plural}",
                met=summary.met,
                judged=summary.judged,
                minimum=minimum,
            )
        ]
        for month, posts in summary.missed:
            kind = "missed_zero" if posts == 0 else "missed_few"
            parts.append(
                tr(f"activities.compliance.{kind}", month=month_name(month, year), posts=posts)
            )
        if not summary.missed:
            parts.append(tr("activities.compliance.none_missed"))
    else:
        parts = [tr("activities.compliance.nothing_judged")]
    if summary.open_month:
        month, posts = summary.open_month
        parts.append(
            tr(
                "activities.compliance.open",
                month=month_name(month, year),
                posts=posts,
                minimum=minimum,
            )
        )
    return "; ".join(parts) + "."


def compliance_chart(data: pd.DataFrame, minimum: int) -> alt.LayerChart:
    """Posts per month as bars coloured met / missed / running, the minimum as a line."""
    names = {state: tr(f"activities.state.{state}") for state in act.MONTH_STATES}
    data = data.assign(
        label=[month_short(m) for m in data["month"]],
        result=data["state"].map(names),
    )
    top = max(int(data["posts"].max()), minimum) + 1  # room for the figures above the bars
    color = alt.Color(
        "result:N",
        scale=alt.Scale(
            domain=list(names.values()), range=[STATE_COLORS[s] for s in act.MONTH_STATES]
        ),
        legend=alt.Legend(title=None, orient="top"),
    )
    base = alt.Chart(data).encode(
        x=alt.X("label:N", sort=list(data["label"]), title=None, axis=alt.Axis(labelAngle=0)),
        tooltip=[
            alt.Tooltip("label:N", title=tr("activities.chart.month")),
            alt.Tooltip("posts:Q", title=tr("activities.chart.posts")),
            alt.Tooltip("result:N", title=tr("activities.chart.state")),
        ],
    )
    bars = base.mark_bar(size=22).encode(
        y=alt.Y(
            "posts:Q",
            title=tr("activities.chart.posts"),
            scale=alt.Scale(domain=[0, top]),
            axis=alt.Axis(tickMinStep=1, format="d"),
        ),
        color=color,
    )
    # A month with no post has no bar: its 0 is written in its colour, so it still shows.
    figures = base.mark_text(dy=-3, baseline="bottom", fontWeight="bold").encode(
        y="posts:Q", text="posts:Q", color=color
    )
    line = (
        alt.Chart(pd.DataFrame({"minimum": [minimum]}))
        .mark_rule(color="#424242", strokeDash=[4, 3])
        .encode(y="minimum:Q")
    )
    return (bars + figures + line).properties(height=CHART_HEIGHT)


def compliance_view(everything: pd.DataFrame, tasks: pd.DataFrame, year: int) -> None:
    """Each month's web posts against the minimum, in a chart and a sentence, with the task."""
    st.subheader(tr("activities.compliance.title"))
    minimum = int(settings().web_posts_per_month)
    data = act.web_post_compliance(everything, year, today(), minimum)
    if data.empty:
        st.info(tr("activities.compliance.not_started", year=year))
        return
    st.markdown(compliance_sentence(act.compliance_summary(data), year, minimum))
    show_chart(compliance_chart(data, minimum), f"tin-bai-dang-web-theo-thang-{year}")
    ref = act.web_post_task(everything, year)
    content = year_tasks(tasks, year).get(ref or "")
    if content:
        st.caption(
            tr("activities.compliance.task", ref=ref, content=escape_md(shorten(content, 200)))
        )
    st.caption(tr("activities.compliance.caption", minimum=minimum))


def counts_chart(data: pd.DataFrame) -> alt.Chart:
    """Activities per month, stacked by type, every month of the year on the axis."""
    months = [month_short(m) for m in range(1, 13)]
    present = set(data["type"])
    types = [t for t in act.TYPE_CODES if t in present] + sorted(present - set(act.TYPE_CODES))
    names = [type_label(t) for t in types]
    rank = {t: i for i, t in enumerate(types)}
    data = data.assign(
        label=[month_short(m) for m in data["month"]],
        kind=data["type"].map(type_label),
        rank=data["type"].map(rank),
    )
    return monthly_stack(
        data,
        months,
        alt.Color(
            "kind:N",
            sort=names,
            scale=alt.Scale(domain=names, range=[TYPE_COLORS.get(t, "#BDBDBD") for t in types]),
            legend=alt.Legend(title=None, orient="right", labelLimit=190),
        ),
        tr("activities.chart.count"),
        [
            alt.Tooltip("label:N", title=tr("activities.chart.month")),
            alt.Tooltip("kind:N", title=tr("activities.chart.type")),
            alt.Tooltip("count:Q", title=tr("activities.chart.count")),
        ],
        CHART_HEIGHT,
        order="rank",
    )


def totals_view(activities: pd.DataFrame, year: int) -> None:
    """The year's activities by type, with their summed quantities (leaflets, people …)."""
    st.subheader(tr("activities.totals.title"))
    totals = act.totals_by_type(activities, year)
    if totals.empty:
        st.info(tr("activities.empty_year", year=year))
        return
    table = pd.DataFrame(
        {
            tr("activities.totals.type"): totals["type"].map(type_label),
            tr("activities.totals.count"): [fmt_number(v) for v in totals["count"]],
            tr("activities.totals.quantity"): [
                "" if pd.isna(v) else fmt_number(v) for v in totals["quantity"]
            ],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(tr("activities.totals.caption"))


def counts_view(activities: pd.DataFrame, year: int) -> None:
    """Activities by type and month, across the page; nothing when the year has none."""
    data = act.counts_by_type_and_month(activities, year)
    if data.empty:
        return
    st.subheader(tr("activities.by_type.title"))
    show_chart(counts_chart(data), f"hoat-dong-theo-loai-va-thang-{year}")


# --- list -------------------------------------------------------------------------------------


def list_view(activities: pd.DataFrame, year: int) -> None:
    """The year's activities, newest first, filtered by type, unit, task and month."""
    rows = act.filter_activities(activities, year)
    if rows.empty:
        st.info(tr("activities.empty_year", year=year))
        return
    everyone = tr("activities.filter.all")
    types = act.TYPE_CODES.keys() & set(rows["type"])
    units = sort_vietnamese({str(u).strip() for u in rows["unit"].dropna() if str(u).strip()})
    refs = sorted({normalize_ref(r) for r in rows["task_ref"]} - {""}, key=act.ref_sort_key)
    # Every month of the year so far, so that a month with nothing logged can be looked at.
    months = act.months_judged(year, today())
    cols = st.columns([3, 2, 1, 1])
    type_options = [t for t in act.TYPE_CODES if t in types]
    asked = [t for t in type_options if act.TYPE_CODES[t] == st.query_params.get(links.TYPE)]
    chosen_types = cols[0].multiselect(
        tr("activities.filter.type"),
        type_options,
        default=asked or None,
        format_func=type_label,
        key="activities_filter_type",
        placeholder=everyone,
    )
    unit = cols[1].selectbox(
        tr("activities.filter.unit"),
        [None, *units],
        format_func=lambda u: everyone if u is None else u,
        key="activities_filter_unit",
    )
    ref = cols[2].selectbox(
        tr("activities.filter.task"),
        [None, *refs],
        format_func=lambda r: everyone if r is None else r,
        key="activities_filter_task",
    )
    month = cols[3].selectbox(
        tr("activities.filter.month"),
        [None, *months],
        index=links.index_of(links.MONTH, [None, *months], int),
        format_func=lambda m: everyone if m is None else month_short(m),
        key="activities_filter_month",
    )
    shown = act.filter_activities(activities, year, chosen_types, unit, ref, month)
    st.caption(tr("activities.list.count", shown=len(shown), total=len(rows), year=year))
    if shown.empty:
        st.info(tr("activities.list.none"))
        return
    shown = shown.sort_values(["date", "_row"], ascending=False).assign(
        type=shown["type"].map(type_label),
        evidence_url=shown["evidence_url"].fillna(""),  # an empty cell, not the word None
    )
    show_records("activities", shown, LIST_CODES)


# --- logging an activity ----------------------------------------------------------------------


def active_units(book: Workbook) -> list[str]:
    """Names of the units in the Đơn vị tab that are not marked inactive, in Vietnamese order."""
    units = book.frame("units")
    active = units[units["active"].fillna(True).astype(bool)]
    return sort_vietnamese({str(n).strip() for n in active["name"].dropna() if str(n).strip()})


def label(code: str, required: bool = False) -> str:
    text = tr(f"field.activities.{code}")
    return tr("activities.form.required", label=text) if required else text


def log_form(book: Workbook, year: int) -> None:
    """The form that adds one activity; checked before anything is written."""
    st.caption(tr("activities.form.help", year=year))
    tasks = year_tasks(book.frame("tasks"), year)
    units = active_units(book)
    user = current_user()
    # Today, within the year shown. No min/max on the picker: Streamlit would silently put the
    # default back for a date outside them; the check says so instead.
    default_day = max(dt.date(year, 1, 1), metrics.as_of_for_year(year, today()))
    number = st.session_state.get(FORM_COUNTER, 0)
    with st.form(f"activities_form_{number}"):
        # Four rows, so that the whole form and its button fit a 1366×768 screen.
        top = st.columns([2, 3, 5])
        day = top[0].date_input(label("date", True), value=default_day, format="DD/MM/YYYY")
        kind = top[1].selectbox(label("type", True), ACTIVITY_TYPES, format_func=type_label)
        ref = top[2].selectbox(
            label("task_ref"),
            ["", *tasks],
            format_func=lambda r: (
                f"{r} — {shorten(tasks[r], 80)}" if r else tr("activities.form.no_task")
            ),
        )
        title = st.text_area(label("title", True), height=68)
        middle = st.columns([4, 2, 4])
        if user.limited_to_unit:
            unit = middle[0].selectbox(label("unit"), [user.unit], disabled=True)
        elif units:
            unit = middle[0].selectbox(
                label("unit"),
                ["", *units],
                format_func=lambda u: u or tr("activities.form.no_unit"),
            )
        else:
            unit = middle[0].text_input(label("unit"))
        quantity = middle[1].number_input(
            label("quantity"),
            min_value=0,
            value=None,
            step=1,
            help=tr("activities.form.quantity_help"),
        )
        evidence = middle[2].text_input(
            label("evidence_url"),
            placeholder="https://…",
            help=tr("activities.form.evidence_help"),
        )
        note = st.text_area(label("note"), height=68)
        if st.form_submit_button(
            tr("activities.form.save"), type="primary", icon=":material/add_task:"
        ):
            record = {
                "date": day,
                "type": kind,
                "title": (title or "").strip(),
                "task_ref": ref or None,
                "unit": (unit or "").strip() or None,
                "quantity": None if quantity is None else int(quantity),
                "evidence_url": (evidence or "").strip() or None,
                "note": (note or "").strip() or None,
            }
            save(record, year)


def save(record: dict, year: int) -> None:
    """Check the new activity, write it with its audit row, or say what is wrong."""
    issues = act.check_new_activity(record, year, MAX_LENGTHS)
    for issue in issues:
        st.error(
            tr(
                f"activities.invalid.{issue.kind}",
                field=tr(f"field.activities.{issue.field}"),
                date=fmt_date(record.get("date")),
                year=year,
                limit=fmt_number(issue.params.get("limit")),
                length=fmt_number(issue.params.get("length")),
            )
        )
    if issues:
        return
    written = attempt(lambda: store().append("activities", [record], actor=current_user().identity))
    if written is None:
        return
    st.session_state[FORM_COUNTER] = st.session_state.get(FORM_COUNTER, 0) + 1
    st.toast(tr("activities.form.saved", date=fmt_date(record["date"])), icon=":material/check:")
    st.rerun()


# --- the page ---------------------------------------------------------------------------------


def main() -> None:
    head, picker = st.columns([4, 1], vertical_alignment="bottom")
    with head:
        page_title("activities")
    book = workbook()
    if book is None:
        return
    everything = book.frame("activities")
    mine = unit_scope("activities", everything)
    tasks = book.frame("tasks")
    found = act.years(mine, tasks)
    writer = may("write")
    # Staff may log this year's activities even before the year has a plan or any activity.
    years = sorted(set(found) | ({today().year} if writer else set()), reverse=True)
    if not years:
        st.info(tr("activities.empty"))
        return
    with picker:
        year = st.selectbox(
            tr("activities.year"),
            years,
            index=links.index_of(links.YEAR, years, int, years.index(found[0]) if found else 0),
            key="activities_year",
        )
    user = current_user()
    notes = [tr("activities.as_of", date=fmt_date(metrics.as_of_for_year(year, today())))]
    if user.limited_to_unit:
        notes.append(tr("activities.unit_only", unit=escape_md(user.unit)))
    head.caption(" ".join(notes))
    demo_notice(book)
    problems_notice(book)
    names = ["summary", "list", *(["log"] if writer else [])]
    labels = [tr(f"activities.tab.{n}") for n in names]
    # A link naming a month (the overview's "month without a web post") opens its list.
    opened = labels[1] if st.query_params.get(links.MONTH) else None
    tabs = dict(zip(names, st.tabs(labels, default=opened), strict=True))
    with tabs["summary"]:
        left, right = st.columns(2, gap="large")
        with left:
            compliance_view(everything, tasks, year)
        with right:
            totals_view(mine, year)
        counts_view(mine, year)
    with tabs["list"]:
        list_view(mine, year)
    if writer:
        with tabs["log"]:
            log_form(book, year)


main()
