"""Tổng quan: where the plan stands, in four figures and two charts."""

from __future__ import annotations

import altair as alt
import streamlit as st

from reform import metrics
from sheets.schema import DEFAULT_QUESTION_CODES
from sheets.store import Workbook
from ui.context import (
    agency_name,
    demo_notice,
    fmt_date,
    fmt_number,
    fmt_percent,
    page_title,
    problems_notice,
    quarter_label,
    today,
    tr,
    workbook,
)
from ui.router import start_page

start_page("overview")


# One height for every figure card, room for a label on two lines in Vietnamese.
METRIC_HEIGHT = 122


def question_codes(book: Workbook) -> list[str]:
    """The 1–5 questions of the questionnaire, or the default codes when it is empty."""
    questions = book.frame("survey_questions")
    scale = questions[questions["qtype"] == "Thang 1–5"]["code"].dropna().tolist()
    return scale or list(DEFAULT_QUESTION_CODES)


def kpis(book: Workbook, year: int) -> None:
    """The figures band: every figure says which period it covers."""
    as_of = metrics.as_of_for_year(year, today())
    tasks = metrics.task_summary(
        book.frame("tasks"), year, metrics.judging_day(year, today()), book.frame("activities")
    )
    quarter = metrics.last_complete_quarter(year, as_of)
    feedback = metrics.feedback_summary(book.frame("feedback"), year, as_of)
    dossiers = metrics.dossier_on_time(book.frame("dossiers"), year, as_of)

    cols = st.columns(5)
    cols[0].metric(
        tr("overview.kpi.tasks_done"),
        f"{tasks.done}/{tasks.total}" if tasks.total else "–",
        border=True,
        height=METRIC_HEIGHT,
        help=tr("overview.kpi.tasks_done_help", year=year),
    )
    cols[0].caption(
        tr(
            "overview.kpi.tasks_done_caption",
            in_progress=tasks.in_progress,
            not_started=tasks.not_started,
        )
    )
    cols[1].metric(
        tr("overview.kpi.tasks_overdue"),
        fmt_number(tasks.overdue) if tasks.total else "–",
        border=True,
        height=METRIC_HEIGHT,
        help=tr("overview.kpi.tasks_overdue_help"),
    )
    cols[1].caption(tr("overview.kpi.tasks_overdue_caption", date=fmt_date(as_of)))
    if tasks.periods_due:
        cols[1].caption(
            tr("overview.kpi.periods_caption", met=tasks.periods_met, due=tasks.periods_due)
        )

    if quarter is None:
        cols[2].metric(tr("overview.kpi.satisfaction"), "–", border=True, height=METRIC_HEIGHT)
        cols[2].caption(tr("overview.kpi.no_complete_quarter"))
    else:
        result = metrics.satisfaction(
            book.frame("survey_responses"),
            question_codes(book),
            metrics.quarter_period(year, quarter),
        )
        cols[2].metric(
            tr("overview.kpi.satisfaction_in", quarter=quarter_label(year, quarter)),
            fmt_percent(result.share, 0) if result.share is not None else "–",
            border=True,
            height=METRIC_HEIGHT,
            help=tr("overview.kpi.satisfaction_help"),
        )
        if result.share is None:
            cols[2].caption(tr("overview.kpi.no_responses"))
        else:
            low, high = result.interval or (None, None)
            cols[2].caption(
                tr(
                    "overview.kpi.satisfaction_caption",
                    n=result.responses,
                    low=fmt_percent(low, 0),
                    high=fmt_percent(high, 0),
                )
            )
            if result.small_sample:
                cols[2].caption(":orange[" + tr("overview.kpi.small_sample") + "]")

    cols[3].metric(
        tr("overview.kpi.open_feedback"),
        fmt_number(feedback.open),
        border=True,
        height=METRIC_HEIGHT,
        help=tr("overview.kpi.open_feedback_help"),
    )
    cols[3].caption(
        tr(
            "overview.kpi.open_feedback_caption",
            overdue=feedback.overdue,
            received=feedback.received,
            year=year,
        )
    )

    cols[4].metric(
        tr("overview.kpi.on_time"),
        fmt_percent(dossiers.rate),
        border=True,
        height=METRIC_HEIGHT,
        help=tr("overview.kpi.on_time_help"),
    )
    cols[4].caption(
        tr(
            "overview.kpi.on_time_caption",
            on_time=fmt_number(dossiers.on_time),
            resolved=fmt_number(dossiers.resolved),
            months=dossiers.months,
            year=year,
        )
        if dossiers.resolved
        else tr("overview.kpi.no_dossiers")
    )


def satisfaction_chart(book: Workbook, year: int) -> None:
    """Satisfaction per quarter with its 95% interval."""
    st.subheader(tr("overview.chart.satisfaction"))
    data = metrics.satisfaction_by_quarter(
        book.frame("survey_responses"), question_codes(book), year
    )
    if data.empty:
        st.info(tr("overview.chart.no_data"))
        return
    data["label"] = [quarter_label(year, q) for q in data["quarter"]]
    data["text"] = [fmt_percent(s, 0) for s in data["share"]]
    data["detail"] = [tr("overview.chart.n", n=n) for n in data["n"]]
    data["small"] = data["n"] < metrics.SMALL_SAMPLE
    axis_format = ".0%"
    base = alt.Chart(data).encode(
        x=alt.X("label:N", title=None, sort=list(data["label"]), axis=alt.Axis(labelAngle=0))
    )
    bars = base.mark_bar(color="#2E7D32", size=46).encode(
        # A quarter with fewer than 30 responses is drawn pale: indicative only.
        opacity=alt.condition("datum.small", alt.value(0.35), alt.value(0.85)),
        y=alt.Y(
            "share:Q",
            title=tr("overview.chart.share_axis"),
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format=axis_format),
        ),
        tooltip=[
            alt.Tooltip("label:N", title=tr("overview.chart.quarter")),
            alt.Tooltip("text:N", title=tr("overview.chart.share")),
            alt.Tooltip("detail:N", title=tr("overview.chart.sample")),
        ],
    )
    interval = base.mark_rule(color="#1B1B1B", strokeWidth=2).encode(y="low:Q", y2="high:Q")
    labels = base.mark_text(dy=-8, baseline="bottom", fontWeight="bold").encode(
        y="high:Q", text="text:N"
    )
    st.altair_chart((bars + interval + labels).properties(height=210), width="stretch")
    st.caption(tr("overview.chart.satisfaction_caption"))


def dossier_chart(book: Workbook, year: int) -> None:
    """Resolved dossiers per month, early / on time / late."""
    st.subheader(tr("overview.chart.dossiers"))
    data = metrics.dossiers_by_month(book.frame("dossiers"), year)
    if data.empty or data["count"].sum() == 0:
        st.info(tr("overview.chart.no_data"))
        return
    order = ["early", "on_time", "late"]
    names = {k: tr(f"overview.chart.timeliness.{k}") for k in order}
    data["kind"] = data["timeliness"].map(names)
    data["stack"] = data["timeliness"].map(order.index)  # early at the bottom, late on top
    data["month_label"] = [tr("period.month_short", n=m) for m in data["month"]]
    months = [tr("period.month_short", n=m) for m in sorted(data["month"].unique())]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("month_label:N", sort=months, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("count:Q", title=tr("overview.chart.dossier_axis"), stack=True),
            color=alt.Color(
                "kind:N",
                sort=[names[k] for k in order],
                scale=alt.Scale(
                    domain=[names[k] for k in order], range=["#1565C0", "#64B5F6", "#E53935"]
                ),
                legend=alt.Legend(title=None, orient="top"),
            ),
            order=alt.Order("stack:Q"),
            tooltip=[
                alt.Tooltip("month_label:N", title=tr("overview.chart.month")),
                alt.Tooltip("kind:N", title=tr("overview.chart.kind")),
                alt.Tooltip("count:Q", title=tr("overview.chart.count")),
            ],
        )
        .properties(height=210)
    )
    st.altair_chart(chart, width="stretch")


def main() -> None:
    book = workbook()
    if book is None:
        return
    name = agency_name(book)
    years = metrics.plan_years(book.frame("tasks"), book.frame("plans"))
    head, picker = st.columns([4, 1], vertical_alignment="bottom")
    with head:
        page_title("overview")
    if not years:
        st.info(tr("overview.empty"))
        return
    with picker:
        year = st.selectbox(tr("overview.year"), years, key="overview_year")
    as_of = metrics.as_of_for_year(year, today())
    head.caption(" · ".join(p for p in (name, tr("overview.as_of", date=fmt_date(as_of))) if p))
    demo_notice(book)
    problems_notice(book)
    kpis(book, year)
    left, right = st.columns(2)
    with left:
        satisfaction_chart(book, year)
    with right:
        dossier_chart(book, year)


main()
