"""The Kế hoạch page's charts: the timeline, progress by lead unit, and status counts."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from reform.deadlines import parse_deadline
from reform.tasks import task_ref
from sheets.schema import TASK_STATUSES
from ui.charts import show_chart
from ui.context import fmt_date, tr

# One colour per timeline state, the same in every chart of the page.
TIMELINE_STATES = ("done", "late", "running", "upcoming")
TIMELINE_COLORS = ("#2E7D32", "#D32F2F", "#F9A825", "#90A4AE")
STATUS_COLORS = ("#90A4AE", "#1565C0", "#2E7D32", "#6D4C41")
ROW_HEIGHT = 28
LABEL_CHARS = 46


def short_label(row: pd.Series) -> str:
    """ "II.3 — Tuyên truyền, hướng dẫn…": the task's place and the start of its content."""
    content = " ".join(str(row.get("content") or "").split()).lstrip("-•+* ")
    if len(content) > LABEL_CHARS:
        content = content[: LABEL_CHARS - 1].rstrip() + "…"
    return f"{task_ref(row['section'], row['number'])} — {content}"


def _task_state(state: str, start: dt.date | None, as_of: dt.date) -> str:
    """A dated task's state as the timeline colours it."""
    if state == "done":
        return "done"
    if state == "overdue":
        return "late"
    if state == "due_soon" or (start is not None and start <= as_of):
        return "running"
    return "upcoming"


PERIOD_TO_TIMELINE = {"passed": "done", "missed": "late", "open": "running", "upcoming": "upcoming"}


def timeline_data(
    tasks: pd.DataFrame, periods: pd.DataFrame, year: int, as_of: dt.date
) -> pd.DataFrame:
    """One bar per dated task (its window, or a day for a due date) and per recurring period."""
    rows: list[dict[str, object]] = []
    for _, task in tasks.iterrows():
        label = short_label(task)
        mine = periods[periods["task_id"] == task["id"]]
        if not mine.empty:
            for _, period in mine.iterrows():
                rows.append(
                    {
                        "task": label,
                        "start": pd.Timestamp(period["start"]),
                        "end": pd.Timestamp(period["end"]) + pd.Timedelta(days=1),
                        "state": PERIOD_TO_TIMELINE[period["state"]],
                        "what": period["label"],
                        "detail": tr(f"plan.period.{period['state']}"),
                    }
                )
            continue
        if pd.isna(task["due_date"]):
            continue
        due = pd.Timestamp(task["due_date"]).date()
        deadline = parse_deadline(str(task.get("deadline_text") or ""), year)
        start = deadline.start if deadline.kind == "window" and deadline.start else None
        begin = min(start, due) if start else due - dt.timedelta(days=3)
        rows.append(
            {
                "task": label,
                "start": pd.Timestamp(begin),
                "end": pd.Timestamp(due) + pd.Timedelta(days=1),
                "state": _task_state(task["state"], start, as_of),
                "what": tr("plan.timeline.due", due=fmt_date(due)),
                "detail": tr(f"plan.state.{task['state']}"),
            }
        )
    return pd.DataFrame(rows, columns=["task", "start", "end", "state", "what", "detail"])


def timeline(tasks: pd.DataFrame, periods: pd.DataFrame, year: int, today: dt.date) -> None:
    """A Gantt-like chart of the year with a line at today (while the year runs)."""
    as_of = min(today, dt.date(year, 12, 31))
    data = timeline_data(tasks, periods, year, as_of)
    order = [short_label(row) for _, row in tasks.iterrows()]
    undated = len(tasks) - data["task"].nunique() if not data.empty else len(tasks)
    if data.empty:
        st.info(tr("plan.timeline.empty"))
        return
    names = {state: tr(f"plan.timeline.{state}") for state in TIMELINE_STATES}
    data["state_name"] = data["state"].map(names)
    first, last = pd.Timestamp(dt.date(year, 1, 1)), pd.Timestamp(dt.date(year + 1, 1, 1))
    x_scale = alt.Scale(domain=[first, last])
    bars = (
        alt.Chart(data)
        .mark_bar(cornerRadius=2, height=ROW_HEIGHT - 8)
        .encode(
            x=alt.X(
                "start:T",
                title=None,
                scale=x_scale,
                axis=alt.Axis(format="%m/%Y", tickCount=12, labelAngle=0, grid=True),
            ),
            x2="end:T",
            y=alt.Y(
                "task:N",
                sort=order,
                title=None,
                axis=alt.Axis(labelLimit=330, labelFontSize=12),
            ),
            color=alt.Color(
                "state_name:N",
                scale=alt.Scale(
                    domain=[names[s] for s in TIMELINE_STATES], range=list(TIMELINE_COLORS)
                ),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("task:N", title=tr("plan.col.task")),
                alt.Tooltip("what:N", title=tr("plan.col.period")),
                alt.Tooltip("detail:N", title=tr("plan.col.state")),
            ],
        )
    )
    layers = [bars]
    now = pd.Timestamp(today)
    if first <= now < last:
        marker = pd.DataFrame({"day": [now], "text": [tr("plan.timeline.today")]})
        rule = alt.Chart(marker).mark_rule(color="#1B1B1B", strokeDash=[5, 3], strokeWidth=2)
        layers.append(rule.encode(x="day:T"))
        layers.append(
            alt.Chart(marker)
            .mark_text(align="left", dx=4, dy=-6, baseline="bottom", fontWeight="bold")
            .encode(x="day:T", y=alt.value(0), text="text:N")
        )
    height = ROW_HEIGHT * len(order) + 80  # the legend on top and the dates below
    chart = alt.layer(*layers).properties(height=height)
    show_chart(chart, f"tien-do-nhiem-vu-{year}")
    notes = [tr("plan.timeline.caption")]
    if now >= last:
        notes.append(tr("plan.timeline.no_today", date=fmt_date(as_of)))
    if undated:
        notes.append(tr("plan.timeline.undated", count=undated))
    st.caption(" ".join(notes))


def progress_chart(progress: pd.DataFrame) -> None:
    """Mean progress of each lead unit's tasks; the label says how many are done."""
    if progress.empty:
        st.info(tr("plan.timeline.empty"))
        return
    data = progress.assign(
        share=progress["progress"] / 100,
        unit=[
            tr("plan.chart.unit_done", unit=u, done=d, total=t)
            for u, d, t in zip(
                progress["lead_unit"], progress["done"], progress["tasks"], strict=True
            )
        ],
        text=[f"{int(p)}%" for p in progress["progress"]],
    )
    base = alt.Chart(data).encode(
        y=alt.Y("unit:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260)),
    )
    bars = base.mark_bar(color="#1565C0", height=18).encode(
        x=alt.X(
            "share:Q",
            title=tr("plan.chart.progress_axis"),
            scale=alt.Scale(domain=[0, 1.12]),
            axis=alt.Axis(format=".0%", values=[0, 0.25, 0.5, 0.75, 1]),
        ),
        tooltip=[
            alt.Tooltip("unit:N", title=tr("field.tasks.lead_unit")),
            alt.Tooltip("text:N", title=tr("plan.chart.progress_axis")),
        ],
    )
    labels = base.mark_text(align="left", dx=4, color="#1B1B1B").encode(x="share:Q", text="text:N")
    chart = (bars + labels).properties(height=bar_chart_height(len(data)))
    show_chart(chart, "tien-do-theo-don-vi-chu-tri")


def bar_chart_height(rows: int) -> int:
    """A horizontal bar chart's height: the bars plus room for the x axis and its title."""
    return 32 * rows + 56


def status_chart(counts: pd.DataFrame) -> None:
    """How many tasks have each status."""
    names = [tr(f"plan.status.{TASK_STATUSES.index(s)}") for s in counts["status"]]
    data = counts.assign(name=names)
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=names, title=None),
        x=alt.X("count:Q", title=tr("plan.chart.count_axis"), axis=alt.Axis(tickMinStep=1)),
    )
    bars = base.mark_bar(height=20).encode(
        color=alt.Color(
            "name:N", scale=alt.Scale(domain=names, range=list(STATUS_COLORS)), legend=None
        ),
        tooltip=[
            alt.Tooltip("name:N", title=tr("field.tasks.status")),
            alt.Tooltip("count:Q", title=tr("plan.chart.count_axis")),
        ],
    )
    labels = base.mark_text(align="left", dx=4, color="#1B1B1B").encode(text="count:Q")
    chart = (bars + labels).properties(height=bar_chart_height(len(data)))
    show_chart(chart, "nhiem-vu-theo-trang-thai")
