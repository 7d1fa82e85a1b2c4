"""Tổng quan: where the plan stands in a year, quarter or month, what changed since the period
before, and what needs attention, with a link to the page where each thing is fixed."""

from __future__ import annotations

import streamlit as st

from reform import overview as ov
from reform.tasks import unit_aliases
from sheets.rules import due_rules
from sheets.schema import DEFAULT_QUESTION_CODES
from sheets.store import Workbook
from ui import overview_views as views
from ui.context import (
    agency_name,
    demo_notice,
    fmt_date,
    page_title,
    problems_notice,
    settings,
    today,
    tr,
    workbook,
)
from ui.router import start_page

start_page("overview")

PERIOD_PARAM = "ky"  # /?ky=2017-Q3: the overview of Quý III/2017
MEETING_PARAM = "hop"  # /?hop=1: meeting mode, for a projector
PICKED_KEY = "overview_picked"  # the user picked a period: from then on it is in the address


def question_codes(book: Workbook) -> list[str]:
    """The 1–5 questions of the questionnaire, or the default codes when it is empty."""
    questions = book.frame("survey_questions")
    scale = questions[questions["qtype"] == "Thang 1–5"]["code"].dropna().tolist()
    return scale or list(DEFAULT_QUESTION_CODES)


def sources(book: Workbook) -> ov.Sources:
    return ov.Sources(
        tasks=book.frame("tasks"),
        activities=book.frame("activities"),
        responses=book.frame("survey_responses"),
        feedback=book.frame("feedback"),
        dossiers=book.frame("dossiers"),
        question_codes=question_codes(book),
        aliases=unit_aliases(book.frame("units")),
        rules=due_rules(settings()),
    )


def period_picker(years: list[int]) -> ov.Span:
    """Year, quarter or month; the choice goes in the address (?ky=2017-Q3) to be shared."""
    now = today()
    asked = ov.Span.parse(st.query_params.get(PERIOD_PARAM))
    if asked is not None and asked.year not in years:
        asked = None
    kind_key, span_key = "overview_kind", "overview_span"
    if kind_key not in st.session_state:
        st.session_state[kind_key] = asked.kind if asked else "quarter"
    kind_col, span_col = st.columns([3, 2], vertical_alignment="bottom")

    def picked() -> None:
        st.session_state[PICKED_KEY] = True

    kind = kind_col.segmented_control(
        tr("overview.period.kind"),
        list(ov.KINDS),
        format_func=lambda k: tr(f"overview.period.kind.{k}"),
        key=kind_key,
        required=True,
        on_change=picked,
    )
    spans = [s for year in years for s in ov.spans_of(kind, year, now)]
    # The options are the address's texts ("2017-Q3"), labelled in the reader's language by a
    # table made in this run (a label function would be called again outside it, by AppTest).
    labels = {s.param(): views.span_label(s) for s in spans}
    if st.session_state.get(span_key) not in labels:
        default = asked if asked in spans else ov.latest_span(kind, years, now)
        st.session_state[span_key] = (default if default in spans else spans[0]).param()

    chosen = span_col.selectbox(
        tr("overview.period"),
        list(labels),
        format_func=labels.__getitem__,
        key=span_key,
        on_change=picked,
    )
    if st.session_state.get(PICKED_KEY) or PERIOD_PARAM in st.query_params:
        st.query_params[PERIOD_PARAM] = chosen  # the address names what is shown
    return ov.Span.parse(chosen) or spans[0]


def meeting_toggle(column: st.delta_generator.DeltaGenerator) -> bool:
    """Chế độ họp: larger type, no menu, no notices; kept in the address (?hop=1)."""
    key = views.MEETING_KEY
    if key not in st.session_state:
        st.session_state[key] = str(st.query_params.get(MEETING_PARAM, "")) == "1"

    def remember() -> None:
        if st.session_state[key]:
            st.query_params[MEETING_PARAM] = "1"
        else:
            st.query_params.pop(MEETING_PARAM, None)

    return column.toggle(
        tr("overview.meeting"), key=key, on_change=remember, help=tr("overview.meeting.help")
    )


def main() -> None:
    book = workbook()
    if book is None:
        return
    data = sources(book)
    years = ov.years_with_data(data, book.frame("plans"))
    head, picker, toggle = st.columns([4, 4, 2], vertical_alignment="bottom")
    with head:
        page_title("overview")
    if not years:
        st.info(tr("overview.empty"))
        return
    meeting = meeting_toggle(toggle)
    with picker:
        span = period_picker(years)
    if meeting:
        st.html(views.MEETING_STYLE)
    now = today()
    figures = ov.figures(data, span, now, int(settings().web_posts_per_month))
    # The period before compares only where a plan ran then: the first plan's Quý I has none.
    before = None
    if span.previous().year in years:
        before = ov.figures(data, span.previous(), now, int(settings().web_posts_per_month))
    name = agency_name(book)
    as_of = tr("overview.as_of", date=fmt_date(min(now, span.end)))
    since = tr("overview.kpi.since", period=views.span_label(span.previous())) if before else ""
    head.caption(" · ".join(p for p in (name, as_of, since) if p))
    if not meeting:
        demo_notice(book)
        problems_notice(book)
    views.kpi_band(figures, before)
    items = ov.attention(
        data,
        span,
        now,
        int(settings().web_posts_per_month),
        int(settings().survey_quarter_target),
    )
    views.attention_view(items, span)
    left, right = st.columns(2)
    with left:
        views.satisfaction_chart(data, span.year, meeting)
    with right:
        views.dossier_chart(data, span.year, meeting)


main()
