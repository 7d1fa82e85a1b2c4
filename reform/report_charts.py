"""The report's charts, built from its aggregated figures: tasks by status per section,
satisfaction per quarter with its interval, dossiers by month, activities by type.

`report_charts(data, lang)` returns Altair charts keyed by a file-name-like slug, the same
charts the .docx shows and a ZIP of PNGs can carry. An area with no data has no chart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from reform.activities import TYPE_CODES
from reform.i18n import t
from reform.metrics import ROMAN

if TYPE_CHECKING:
    from reform.report import ReportData

WIDTH = 560  # CSS pixels: 15 cm of an A4 page at scale 2 stays sharp
BAR_HEIGHT = 34
# Overdue takes precedence over in progress and not started in the chart: it is what a
# reader looks for first. Colours: done green, running blue, overdue red, others grey.
TASK_CHART_STATES = ("done", "in_progress", "overdue", "not_started", "paused")
TASK_COLOURS = ("#2e7d32", "#1565c0", "#c62828", "#9e9e9e", "#ef6c00")
TIMELINESS = ("early", "on_time", "late")  # reform.metrics.dossiers_by_month
TIMELINESS_COLOURS = ("#2e7d32", "#66bb6a", "#c62828")


def report_charts(data: ReportData, lang: str) -> dict[str, alt.Chart]:
    """The report's charts by file-name-like key; areas without data are left out."""
    charts: dict[str, alt.Chart] = {}
    label = data.period.label_in(lang)
    if data.tasks is not None:
        charts["nhiem-vu-theo-phan"] = tasks_chart(data, lang, label)
    if data.surveys is not None and not data.surveys.quarters.empty:
        charts["hai-long-theo-quy"] = satisfaction_chart(data, lang)
    if data.dossiers is not None and not data.dossiers.by_month.empty:
        charts["ho-so-theo-thang"] = dossiers_chart(data, lang, label)
    if data.activities is not None and not data.activities.by_type.empty:
        charts["hoat-dong-theo-loai"] = activities_chart(data, lang, label)
    return charts


def _title(key: str, lang: str, **params: object) -> alt.TitleParams:
    return alt.TitleParams(t(key, lang, **params), anchor="start", fontSize=14)


def tasks_chart(data: ReportData, lang: str, label: str) -> alt.Chart:
    """Tasks per section of the plan, stacked by state (overdue before running)."""
    assert data.tasks is not None
    rows = []
    for line in data.tasks.lines:
        state = "overdue" if line.overdue else line.state
        rows.append({"section": t("report.section_short", lang, section=line.section), "s": state})
    frame = pd.DataFrame(rows).groupby(["section", "s"]).size().reset_index(name="count")
    names = [t(f"report.task_state.{s}", lang) for s in TASK_CHART_STATES]
    frame["state"] = frame["s"].map(dict(zip(TASK_CHART_STATES, names, strict=True)))
    frame["order"] = frame["s"].map(TASK_CHART_STATES.index)
    sections = list(dict.fromkeys(frame["section"]))
    return (
        alt.Chart(frame, title=_title("report.chart.tasks", lang, period=label))
        .mark_bar()
        .encode(
            y=alt.Y("section:N", sort=sections, title=None),
            x=alt.X(
                "count:Q", title=t("report.chart.tasks_axis", lang), axis=alt.Axis(tickMinStep=1)
            ),
            color=alt.Color(
                "state:N",
                scale=alt.Scale(domain=names, range=list(TASK_COLOURS)),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            order=alt.Order("order:Q"),
        )
        .properties(width=WIDTH, height=BAR_HEIGHT * max(2, len(sections)))
    )


def satisfaction_chart(data: ReportData, lang: str) -> alt.LayerChart:
    """The index per quarter of the year up to the period's end, with its 95% interval."""
    assert data.surveys is not None
    frame = data.surveys.quarters.copy()
    frame["label"] = [
        t("report.chart.quarter", lang, roman=ROMAN[q - 1], year=data.period.year)
        for q in frame["quarter"]
    ]
    for column in ("share", "low", "high"):
        frame[column] = frame[column].astype(float) * 100
    frame["n_text"] = [f"n = {n}" for n in frame["n"]]
    x_axis = alt.X("label:N", sort=None, title=None, axis=alt.Axis(labelAngle=0))
    base = alt.Chart(frame).encode(x=x_axis)
    y_scale = alt.Scale(domain=[0, 100])
    y_title = t("report.chart.satisfaction_axis", lang)
    interval = base.mark_rule(strokeWidth=2, color="#1565c0").encode(
        y=alt.Y("low:Q", scale=y_scale, title=y_title), y2="high:Q"
    )
    ends = [
        base.mark_tick(size=16, thickness=2, color="#1565c0").encode(y=f"{end}:Q")
        for end in ("low", "high")
    ]
    points = base.mark_point(filled=True, size=90, color="#1565c0").encode(y="share:Q")
    counts = base.mark_text(dx=30, fontSize=11).encode(y="share:Q", text="n_text:N")
    title = _title("report.chart.satisfaction", lang, year=data.period.year)
    return alt.layer(interval, *ends, points, counts, title=title).properties(
        width=WIDTH, height=220
    )


def dossiers_chart(data: ReportData, lang: str, label: str) -> alt.Chart:
    """Resolved dossiers per month: early, on time and late, stacked."""
    assert data.dossiers is not None
    frame = data.dossiers.by_month.copy()
    names = [t(f"report.timeliness.{c}", lang) for c in TIMELINESS]
    frame["kind"] = frame["timeliness"].map(dict(zip(TIMELINESS, names, strict=True)))
    frame["order"] = frame["timeliness"].map(TIMELINESS.index)
    frame["month_label"] = [t("report.chart.month", lang, n=int(m)) for m in frame["month"]]
    return (
        alt.Chart(frame, title=_title("report.chart.dossiers", lang, period=label))
        .mark_bar()
        .encode(
            x=alt.X("month_label:N", sort=None, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("count:Q", title=t("report.chart.dossiers_axis", lang)),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=names, range=list(TIMELINESS_COLOURS)),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            order=alt.Order("order:Q"),
        )
        .properties(width=WIDTH, height=220)
    )


def activities_chart(data: ReportData, lang: str, label: str) -> alt.Chart:
    """Activities in the period by type, with the quantities written at the bar's end."""
    assert data.activities is not None
    frame = data.activities.by_type.copy()
    frame["type_label"] = [
        t(f"activities.type.{TYPE_CODES[x]}", lang) if x in TYPE_CODES else x for x in frame["type"]
    ]
    frame["quantity_text"] = [
        "" if pd.isna(q) else t("report.chart.quantity", lang, quantity=int(q))
        for q in frame["quantity"]
    ]
    frame["count"] = frame["count"].astype(int)
    order = list(frame["type_label"])
    base = alt.Chart(frame, title=_title("report.chart.activities", lang, period=label)).encode(
        y=alt.Y("type_label:N", sort=order, title=None),
        x=alt.X(
            "count:Q", title=t("report.chart.activities_axis", lang), axis=alt.Axis(tickMinStep=1)
        ),
    )
    bars = base.mark_bar(color="#1565c0")
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(text="quantity_text:N")
    return (bars + text).properties(width=WIDTH - 120, height=BAR_HEIGHT * max(2, len(frame)))
