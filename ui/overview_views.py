"""The overview's parts: the figures band, the "Cần chú ý" list and the two charts."""

from __future__ import annotations

from typing import Any

import altair as alt
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from reform import metrics
from reform import overview as ov
from ui.charts import show_chart
from ui.context import escape_md, fmt_number, fmt_percent, quarter_label, tr
from ui.navigation import page_file

# One height for every figure card: room for a label on two lines in Vietnamese.
METRIC_HEIGHT = 150
MEETING_METRIC_HEIGHT = 215  # the same, in meeting mode's larger type
MEETING_KEY = "overview_meeting"  # the toggle's key: on in meeting mode
ATTENTION_SHOWN = 6  # the rest wait behind "and N more"

# Chế độ họp: read from the back of a meeting room. No menu, no page header, larger type,
# no download buttons; the page's own toggle stays, to leave the mode.
MEETING_STYLE = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], .stDownloadButton { display: none !important; }
.stMainBlockContainer { max-width: 100% !important; padding: 1rem 2.5rem !important; }
.stMainBlockContainer h1 { font-size: 2.6rem !important; }
.stMainBlockContainer h3 { font-size: 1.9rem !important; }
/* From the general to the particular: a later rule of equal weight wins. */
.stMainBlockContainer [data-testid="stMarkdownContainer"] p,
.stMainBlockContainer [data-testid="stPageLink"] p { font-size: 1.3rem !important; }
.stMainBlockContainer [data-testid="stCaptionContainer"] p,
.stMainBlockContainer [data-testid="stCaption"] p { font-size: 1.1rem !important; }
.stMainBlockContainer [data-testid="stMetricLabel"] p { font-size: 1.3rem !important; }
.stMainBlockContainer [data-baseweb="select"] div { font-size: 1.2rem !important; }
.stMainBlockContainer [data-testid="stMetricValue"] p { font-size: 3.4rem !important; }
.stMainBlockContainer [data-testid="stMetricDelta"] p,
.stMainBlockContainer [data-testid="stMetricDelta"] div { font-size: 1.2rem !important; }
</style>
"""


def span_label(span: ov.Span) -> str:
    """Năm 2017 / Quý III/2017 / Tháng 8/2017, in the reader's language."""
    if span.month:
        return month_label(span.year, span.month)
    if span.quarter:
        return quarter_label(span.year, span.quarter)
    return tr("overview.period.year", year=span.year)


def month_label(year: int, month: int) -> str:
    """Tháng 8/2017, August 2017."""
    text = tr("overview.period.month", month=tr(f"activities.month_long.{month}"), year=year)
    return text[:1].upper() + text[1:]


def _points(now: float | None, before: float | None) -> str | None:
    """A change of a share in percentage points, signed: "+2,1 điểm %"."""
    if now is None or before is None:
        return None
    change = round((now - before) * 100, 1)
    return tr("overview.kpi.points", value=_signed(change, 1))


def _count_change(now: int, before: int) -> str:
    return _signed(now - before, 0)


def _signed(change: float, decimals: int) -> str:
    # Streamlit reads the direction from a leading ASCII "-"; no change gets no arrow.
    if change == 0:
        return "±0"
    return ("+" if change > 0 else "-") + fmt_number(abs(change), decimals)


def _card(column: DeltaGenerator, **kwargs: Any) -> None:
    delta = kwargs.get("delta")
    if isinstance(delta, str) and delta.startswith("±"):
        kwargs |= {"delta_color": "off", "delta_arrow": "off"}
    meeting = st.session_state.get(MEETING_KEY, False)
    column.metric(border=True, height=MEETING_METRIC_HEIGHT if meeting else METRIC_HEIGHT, **kwargs)


def kpi_band(now: ov.Figures, before: ov.Figures | None) -> None:
    """Five figures, each with its change from the period before (None: a period before the
    first plan, which has nothing to compare with)."""
    cols = st.columns(5)
    plan_card(cols[0], now, before)
    satisfaction_card(cols[1], now, before)
    feedback_card(cols[2], now, before)
    dossier_card(cols[3], now, before)
    web_card(cols[4], now, before)


def plan_card(column: DeltaGenerator, now: ov.Figures, before: ov.Figures | None) -> None:
    plan = now.plan
    if plan is None:
        _card(column, label=tr("overview.kpi.plan"), value="–")
        column.caption(tr("overview.kpi.no_plan", year=now.span.year))
        return
    # Only the same plan compares: Quý I's tasks against last year's plan would mean nothing.
    earlier = before.plan if before and before.span.year == now.span.year else None
    _card(
        column,
        label=tr("overview.kpi.plan", year=now.span.year),
        value=f"{plan.done}/{plan.total}",
        delta=_count_change(plan.done, earlier.done) if earlier else None,
        help=tr("overview.kpi.plan_help"),
    )
    overdue = tr("overview.kpi.plan_overdue", due=plan.due, overdue=plan.overdue)
    if earlier:
        overdue += " " + tr("overview.kpi.was", value=earlier.overdue)
    column.caption(overdue)


def satisfaction_card(column: DeltaGenerator, now: ov.Figures, before: ov.Figures | None) -> None:
    survey = now.span.survey_span()
    result = now.satisfaction
    earlier = before.satisfaction.share if before else None
    _card(
        column,
        label=tr("overview.kpi.satisfaction", period=span_label(survey)),
        value=fmt_percent(result.share, 0) if result.share is not None else "–",
        # A month is read with its quarter: last month's figure may be the same quarter's.
        delta=_points(result.share, earlier) if not now.span.month else None,
        help=tr("overview.kpi.satisfaction_help"),
    )
    if result.share is None:
        column.caption(tr("overview.kpi.no_responses"))
        return
    low, high = result.interval or (None, None)
    column.caption(
        tr(
            "overview.kpi.satisfaction_caption",
            n=fmt_number(result.responses),
            low=fmt_percent(low, 0),
            high=fmt_percent(high, 0),
        )
    )
    if result.small_sample:
        column.caption(":orange[" + tr("overview.kpi.small_sample") + "]")


def feedback_card(column: DeltaGenerator, now: ov.Figures, before: ov.Figures | None) -> None:
    fb = now.feedback
    _card(
        column,
        label=tr("overview.kpi.feedback"),
        value=fmt_number(fb.open),
        delta=_count_change(fb.open, before.feedback.open) if before else None,
        delta_color="inverse",  # fewer open items is better
        help=tr("overview.kpi.feedback_help"),
    )
    caption = tr("overview.kpi.feedback_caption", overdue=fb.overdue, received=fb.received)
    if before:
        caption += " " + tr("overview.kpi.was", value=before.feedback.overdue)
    column.caption(caption)


def dossier_card(column: DeltaGenerator, now: ov.Figures, before: ov.Figures | None) -> None:
    rate = now.dossiers
    change = _points(rate.share, before.dossiers.share) if before else None
    _card(
        column,
        label=tr("overview.kpi.on_time"),
        value=fmt_percent(rate.share),
        delta=change,
        help=tr("overview.kpi.on_time_help"),
    )
    if not rate.n:
        column.caption(tr("overview.kpi.no_dossiers"))
        return
    column.caption(
        tr(
            "overview.kpi.on_time_caption",
            on_time=fmt_number(rate.count),
            resolved=fmt_number(rate.n),
        )
    )


def web_card(column: DeltaGenerator, now: ov.Figures, before: ov.Figures | None) -> None:
    web = now.web
    _card(
        column,
        label=tr("overview.kpi.web", period=span_label(now.span)),
        value=fmt_number(web.posts),
        delta=_count_change(web.posts, before.web.posts) if before else None,
        help=tr("overview.kpi.web_help"),
    )
    if web.target:
        met = web.posts >= web.target
        text = tr("overview.kpi.web_caption", target=web.target)
        column.caption(text if met else f":orange[{text}]")


# --- Cần chú ý -----------------------------------------------------------------------------------


def attention_text(item: ov.Attention) -> str:
    """One line naming the thing to fix and its numbers."""
    month = month_label(item.year, item.month) if item.month else ""
    quarter = quarter_label(item.year, item.quarter) if item.quarter else ""
    if item.kind == "survey_short":
        key = "finished" if item.numbers["finished"] else "running"
        return tr(f"overview.attention.survey_short.{key}", quarter=quarter, **item.numbers)
    return tr(
        f"overview.attention.{item.kind}",
        count=item.count,
        unit=escape_md(item.unit),
        month=month,
        quarter=quarter,
        **item.numbers,
    )


def link_label(item: ov.Attention) -> str:
    """Where the link leads, with its filter."""
    month = month_label(item.year, item.month) if item.month else ""
    quarter = quarter_label(item.year, item.quarter) if item.quarter else ""
    return tr(f"overview.attention.link.{item.kind}", unit=item.unit, month=month, quarter=quarter)


def attention_row(item: ov.Attention) -> None:
    text, link = st.columns([3, 2], vertical_alignment="center")
    text.markdown(f":material/{ICONS[item.kind]}: {attention_text(item)}")
    link.page_link(
        page_file(item.page),
        label=link_label(item),
        icon=":material/arrow_forward:",
        query_params=item.params or None,
    )


ICONS = {
    "apology": "gavel",
    "feedback_overdue": "forum",
    "tasks_overdue": "event_busy",
    "web_posts": "campaign",
    "survey_short": "sentiment_dissatisfied",
}


def attention_view(items: list[ov.Attention], span: ov.Span) -> None:
    """The ranked list; the first few shown, the rest behind an expander."""
    st.subheader(tr("overview.attention", period=span_label(span)))
    if not items:
        st.success(tr("overview.attention.none"), icon=":material/check_circle:")
        return
    for item in items[:ATTENTION_SHOWN]:
        attention_row(item)
    rest = items[ATTENTION_SHOWN:]
    if rest:
        with st.expander(tr("overview.attention.more", count=len(rest))):
            for item in rest:
                attention_row(item)


# --- charts ------------------------------------------------------------------------------------


def satisfaction_chart(data: ov.Sources, year: int, meeting: bool) -> None:
    """Satisfaction per quarter with its 95% interval."""
    st.subheader(tr("overview.chart.satisfaction", year=year))
    frame = metrics.satisfaction_by_quarter(data.responses, data.question_codes, year)
    if frame.empty:
        st.info(tr("overview.chart.no_data"))
        return
    frame["label"] = [quarter_label(year, q) for q in frame["quarter"]]
    frame["text"] = [fmt_percent(s, 0) for s in frame["share"]]
    frame["detail"] = [tr("overview.chart.n", n=n) for n in frame["n"]]
    frame["small"] = frame["n"] < metrics.SMALL_SAMPLE
    base = alt.Chart(frame).encode(
        x=alt.X("label:N", title=None, sort=list(frame["label"]), axis=alt.Axis(labelAngle=0))
    )
    bars = base.mark_bar(color="#2E7D32", size=46).encode(
        # A quarter with fewer than 30 responses is drawn pale: indicative only.
        opacity=alt.condition("datum.small", alt.value(0.35), alt.value(0.85)),
        y=alt.Y(
            "share:Q",
            title=tr("overview.chart.share_axis"),
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format=".0%"),
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
    chart = (bars + interval + labels).properties(height=_height(meeting))
    show_chart(chart, tr("overview.chart.satisfaction", year=year))
    st.caption(tr("overview.chart.satisfaction_caption"))


def dossier_chart(data: ov.Sources, year: int, meeting: bool) -> None:
    """Resolved dossiers per month, early / on time / late."""
    st.subheader(tr("overview.chart.dossiers", year=year))
    frame = metrics.dossiers_by_month(data.dossiers, year)
    if frame.empty or frame["count"].sum() == 0:
        st.info(tr("overview.chart.no_data"))
        return
    order = ["early", "on_time", "late"]
    names = {k: tr(f"overview.chart.timeliness.{k}") for k in order}
    frame["kind"] = frame["timeliness"].map(names)
    frame["stack"] = frame["timeliness"].map(order.index)  # early at the bottom, late on top
    frame["month_label"] = [tr("period.month_short", n=m) for m in frame["month"]]
    months = [tr("period.month_short", n=m) for m in sorted(frame["month"].unique())]
    chart = (
        alt.Chart(frame)
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
        .properties(height=_height(meeting))
    )
    show_chart(chart, tr("overview.chart.dossiers", year=year))


def _height(meeting: bool) -> int:
    return 320 if meeting else 210
