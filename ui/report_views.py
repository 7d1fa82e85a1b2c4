"""The Báo cáo page's parts: the period picker, the period's key figures, the three files
(.docx report, .xlsx data pack, charts .zip) made on request, and the heading in use."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from reform import chart_png, metrics
from reform import data_pack as pack
from reform.i18n import t
from reform.metrics import quarter_period
from reform.report import ReportData, ReportPeriod, ReportPeriodError, report_charts
from reform.report_docx import build_report
from reform.report_figures import TASK_STATES
from sheets import StoreError, Workbook
from sheets.report import data_for, heading_for
from ui.context import (
    fmt_date,
    fmt_number,
    fmt_percent,
    lang,
    quarter_label,
    settings,
    store,
    today,
    tr,
)

LOG = logging.getLogger("reform.ui.report")

KINDS = ("quarter", "half", "year")
PERIOD_PARAM = "ky"  # /bao_cao?ky=2017-Q2 opens that period
FIGURES_KEY = "report_figures"  # the last figures computed, with what they were computed for
VERSION_KEY = "report_data_version"  # the data's fingerprint, per loaded workbook
FILES_KEY = "report_files"  # the files made, by period, day and data version
FILES_KEPT = 4  # a few periods' files, so going back to one needs no new run
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The tabs the report reads: a change to any of them (or to a setting) makes new files.
REPORT_TABS = (
    "plans",
    "tasks",
    "activities",
    "units",
    "survey_questions",
    "survey_responses",
    "feedback",
    "dossiers",
    "indices",
)
STEPS = ("read", "figures", "charts", "files")
# The heading's values and the settings that change them (README, Settings).
HEADING_SETTINGS = (
    ("parent_agency", "report_parent_agency"),
    ("agency", "agency_name"),
    ("number", "report_number"),
    ("place", "report_place"),
    ("signer", "report_signer"),
    ("signer_title", "report_signer_title"),
    ("recipients", "report_recipients"),
)


# --- which period -------------------------------------------------------------------------------


REPORTED_TABS = (
    "plans",
    "tasks",
    "activities",
    "survey_responses",
    "feedback",
    "dossiers",
    "indices",
)


def data_years(book: Workbook) -> list[int]:
    """Years with anything to report: a plan or tasks, activities, survey responses,
    feedback, dossiers or indices; newest first."""
    return metrics.data_years({key: book.frame(key) for key in REPORTED_TABS})


def default_period(years: list[int], day: dt.date) -> ReportPeriod:
    """The last quarter finished by day in a year with data; else the running quarter (or a
    future year's first)."""
    for year in sorted(years, reverse=True):
        for quarter in (4, 3, 2, 1):
            if quarter_period(year, quarter).end < day:
                return ReportPeriod(year, "quarter", quarter)
    if day.year in years:
        return ReportPeriod(day.year, "quarter", (day.month - 1) // 3 + 1)
    return ReportPeriod(min(years), "quarter", 1)


def _asked_period(years: list[int]) -> ReportPeriod | None:
    """The period the address names (?ky=2017-Q2), when its year has data."""
    raw = st.query_params.get(PERIOD_PARAM)
    if not raw:
        return None
    try:
        period = ReportPeriod.parse(raw)
    except ReportPeriodError:
        return None
    return period if period.year in years else None


def parts(kind: str) -> list[int]:
    return {"quarter": [1, 2, 3, 4], "half": [1, 2], "year": [0]}[kind]


def part_label(kind: str, part: int, language: str) -> str:
    return t(f"report_page.part.{'q' if kind == 'quarter' else 'half'}{part}", language)


def period_picker(years: list[int]) -> ReportPeriod:
    """Kind (quarter, half-year, year), then the year, then which quarter or half."""
    first = _asked_period(years) or default_period(years, today())
    language = lang()  # bound now: a format_func may be called outside the run
    kind_col, year_col, part_col = st.columns([1, 1, 1])
    kind = kind_col.selectbox(
        tr("report_page.kind"),
        KINDS,
        index=KINDS.index(first.kind),
        format_func=lambda k: t(f"report_page.kind.{k}", language),
        key="report_kind",
    )
    year = year_col.selectbox(
        tr("report_page.year"), years, index=years.index(first.year), key="report_year"
    )
    if kind == "year":
        return ReportPeriod(int(year))
    options = parts(kind)
    # One widget per kind: a quarter picked stays picked when the kind changes and back.
    part = part_col.selectbox(
        tr(f"report_page.which.{kind}"),
        options,
        index=options.index(first.part) if first.kind == kind else 0,
        format_func=lambda p: part_label(kind, p, language),
        key=f"report_part_{kind}",
    )
    return ReportPeriod(int(year), kind, int(part))


# --- the figures ----------------------------------------------------------------------------------


def data_version(book: Workbook) -> str:
    """A fingerprint of what the report reads and of the settings: the files made for one
    fingerprint are offered again only while it holds. Computed once per loaded workbook."""
    marker = (id(book), book.loaded_at)
    memo = st.session_state.get(VERSION_KEY)
    if memo and memo[0] == marker:
        return memo[1]
    digest = hashlib.sha256()
    for key in REPORT_TABS:
        raw = book.raw_tabs.get(key)
        digest.update(repr(None if raw is None else (raw.headers, raw.rows)).encode())
    digest.update(repr(sorted(settings().values.items(), key=lambda i: i[0])).encode())
    version = digest.hexdigest()[:16]
    st.session_state[VERSION_KEY] = (marker, version)
    return version


def figures(book: Workbook, period: ReportPeriod) -> ReportData:
    """The report's figures for the period, computed once per period, day and data."""
    key = (period.code, today(), data_version(book))
    memo = st.session_state.get(FIGURES_KEY)
    if memo and memo[0] == key:
        return memo[1]
    data = data_for(book, period, settings(), today())
    st.session_state[FIGURES_KEY] = (key, data)
    return data


def period_name(period: ReportPeriod) -> str:
    """The period in the reader's language: "quý II năm 2017"; in English a quarter as the
    app writes it elsewhere ("Q2 2017")."""
    if period.kind == "quarter" and lang() != "vi":
        return quarter_label(period.year, period.part)
    return period.label_in(lang())


def _no_data(column: DeltaGenerator) -> None:
    column.caption(tr("report.no_data"))


def _interval(low: float | None, high: float | None) -> str:
    return tr("report_page.interval", low=fmt_percent(low), high=fmt_percent(high))


def preview(data: ReportData) -> None:
    """The period's key figures, area by area; an area with nothing says so."""
    period = data.period
    st.subheader(tr("report_page.preview", period=period_name(period)))
    if data.as_of < period.end:
        st.caption(tr("report_page.running", as_of=fmt_date(data.as_of)))
    else:
        st.caption(tr("report_page.span", start=fmt_date(period.start), end=fmt_date(period.end)))
    # Three rows of two cards, as wide as a metric's label needs, of equal height in a row.
    cards = (tasks_card, activities_card, surveys_card, feedback_card, dossiers_card, indices_card)
    for row in (cards[0:2], cards[2:4], cards[4:6]):
        for column, card in zip(st.columns(2), row, strict=True):
            with column.container(border=True, height="stretch"):
                card(data)


def _area(key: str) -> None:
    st.markdown(f"**{tr(f'report.area.{key}')}**")


def tasks_card(data: ReportData) -> None:
    _area("tasks")
    tasks = data.tasks
    if tasks is None:
        _no_data(st)
        return
    counts = dict.fromkeys(TASK_STATES, 0)
    for line in tasks.lines:
        counts[line.state] += 1
    overdue = sum(line.overdue for line in tasks.lines)
    done, running, late = st.columns(3)
    done.metric(tr("report_page.tasks.done"), f"{counts['done']}/{len(tasks.lines)}")
    running.metric(tr("report_page.tasks.in_progress"), fmt_number(counts["in_progress"]))
    late.metric(tr("report_page.tasks.overdue"), fmt_number(overdue))
    st.caption(
        tr(
            "report_page.tasks.caption",
            not_started=counts["not_started"],
            paused=counts["paused"],
            met=tasks.periods_met,
            missed=tasks.periods_missed,
        )
    )


def activities_card(data: ReportData) -> None:
    _area("activities")
    activities = data.activities
    if activities is None:
        _no_data(st)
        return
    total, web = st.columns(2)
    total.metric(tr("report_page.activities.total"), fmt_number(activities.total))
    states = activities.web_months["state"]
    met, judged = int((states == "met").sum()), int((states != "open").sum())
    web.metric(tr("report_page.activities.web_months"), f"{met}/{judged}")
    st.caption(tr("report_page.activities.caption", minimum=activities.web_minimum))


def surveys_card(data: ReportData) -> None:
    _area("surveys")
    survey = data.surveys
    if survey is None:
        _no_data(st)
        return
    overall = survey.overall
    index, responses = st.columns(2)
    index.metric(
        tr("report_page.surveys.index"),
        fmt_percent(overall.share),
        help=tr("report_page.surveys.help"),
    )
    responses.metric(tr("report_page.surveys.n"), fmt_number(overall.n))
    st.caption(_interval(overall.low, overall.high))
    if overall.small:
        st.caption(":orange[" + tr("report_page.surveys.small") + "]")


def feedback_card(data: ReportData) -> None:
    _area("feedback")
    feedback = data.feedback
    if feedback is None:
        _no_data(st)
        return
    received, answered, published = st.columns(3)
    received.metric(tr("report_page.feedback.received"), fmt_number(feedback.received))
    answered.metric(tr("report_page.feedback.answered"), fmt_number(feedback.answered))
    published.metric(tr("report_page.feedback.published"), fmt_number(feedback.published))
    st.caption(
        tr(
            "report_page.feedback.caption",
            forwarded=feedback.forwarded,
            not_handled=feedback.not_handled,
            open=feedback.open,
        )
    )


def dossiers_card(data: ReportData) -> None:
    _area("dossiers")
    dossiers = data.dossiers
    if dossiers is None:
        _no_data(st)
        return
    rate, received = st.columns(2)
    rate.metric(tr("report_page.dossiers.on_time"), fmt_percent(dossiers.on_time.share))
    received.metric(tr("report_page.dossiers.received"), fmt_number(dossiers.totals["received"]))
    low, high = dossiers.on_time.interval or (None, None)
    st.caption(
        tr(
            "report_page.dossiers.caption",
            good=fmt_number(dossiers.on_time.count),
            resolved=fmt_number(dossiers.on_time.n),
        )
        + " "
        + _interval(low, high)
    )


def _score(score: object, top: object) -> str:
    if score is None or pd.isna(score):
        return "–"
    text = fmt_number(float(score), 2)
    return text if top is None or pd.isna(top) else f"{text}/{fmt_number(float(top))}"


def _rank(rank: object, units: object) -> str:
    if rank is None or pd.isna(rank):
        return "–"
    if units is None or pd.isna(units):
        return str(int(rank))
    return f"{int(rank)}/{int(units)}"


def _scope(scope: str) -> str:
    """ "Sở", "Tỉnh" in the reader's language, as the Chỉ số page writes them."""
    code = {"Sở": "department", "Tỉnh": "province"}.get(scope)
    return tr(f"indices.scope.{code}") if code else scope


def indices_card(data: ReportData) -> None:
    _area("indices")
    indices = data.indices
    if indices is None:
        _no_data(st)
        return
    rows = indices.rows
    table = pd.DataFrame(
        {
            tr("field.indices.index_name"): rows["index_name"],
            tr("field.indices.scope"): rows["scope"].map(_scope),
            tr("field.indices.score"): [
                _score(s, m) for s, m in zip(rows["score"], rows["max_score"], strict=True)
            ],
            tr("field.indices.rank"): [
                _rank(r, u) for r, u in zip(rows["rank"], rows["ranked_units"], strict=True)
            ],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    if indices.year != data.period.year:
        st.caption(tr("report_page.indices.previous_year", year=indices.year))


# --- the files ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Files:
    """What one press of the button made; charts None when they could not be drawn."""

    docx: bytes
    xlsx: bytes | None
    charts: bytes | None
    chart_count: int
    made_at: dt.datetime


def _files() -> dict[tuple[str, dt.date, str], Files]:
    return st.session_state.setdefault(FILES_KEY, {})


def _keep(key: tuple[str, dt.date, str], files: Files) -> None:
    made = _files()
    made.pop(key, None)
    made[key] = files
    while len(made) > FILES_KEPT:
        made.pop(next(iter(made)))


def _step(progress: DeltaGenerator, number: int, **params: object) -> None:
    """Say which step runs, on the progress bar in the status box."""
    text = tr(f"report_page.step.{STEPS[number]}", **params)
    progress.progress(number / len(STEPS), text=text)


def generate(
    period: ReportPeriod, with_pack: bool
) -> tuple[tuple[str, dt.date, str], Files] | None:
    """Make the three files, step by step in a status box; None (with a message) on failure."""
    slot = st.empty()  # the status box goes once the files are made, unless it warns
    with slot.status(tr("report_page.generate.running"), expanded=True) as status:
        progress = st.progress(0.0)
        step = "read"
        try:
            _step(progress, 0)
            book = store().load()
            key = (period.code, today(), data_version(book))
            step = "figures"
            _step(progress, 1)
            data = figures(book, period)
            step = "charts"
            charts = report_charts(data, "vi")  # as in the .docx: Vietnamese
            pngs: dict[str, bytes] | None = {}
            try:
                for number, (name, chart) in enumerate(charts.items(), start=1):
                    _step(progress, 2, n=number, total=len(charts))
                    pngs[name] = chart_png.to_png(chart)
            except Exception:  # vl-convert: the report goes out without its charts
                LOG.exception("drawing the report's charts failed")
                st.warning(tr("report_page.error.charts"), icon=":material/warning:")
                pngs = None
            step = "files"
            _step(progress, 3)
            heading = heading_for(settings(), book, today())
            files = Files(
                docx=build_report(data, heading, pngs),
                xlsx=pack.data_pack_xlsx(book, data) if with_pack else None,
                charts=pack.charts_zip(pngs, period) if pngs else None,
                chart_count=len(pngs or {}),
                made_at=dt.datetime.now().replace(microsecond=0),
            )
        except StoreError as error:
            status.update(label=tr("report_page.generate.failed"), state="error")
            st.error(tr(f"error.{error.kind}", **error.params))
            return None
        except Exception:  # no traceback in the browser; the log keeps it
            LOG.exception("making the report's files failed at step %s", step)
            status.update(label=tr("report_page.generate.failed"), state="error")
            st.error(tr("report_page.error.step", step=tr(f"report_page.step_name.{step}")))
            return None
        progress.progress(1.0, text=tr("report_page.step.done"))
        status.update(label=tr("report_page.generate.done"), state="complete")
    if pngs is not None:
        slot.empty()
    _keep(key, files)
    return key, files


def files_view(book: Workbook, period: ReportPeriod, with_pack: bool) -> None:
    """The heading the report will carry, the button that makes the files, then their
    download buttons."""
    st.subheader(tr("report_page.files"))
    st.caption(tr("report_page.files.help"))
    heading_view(book)
    key = (period.code, today(), data_version(book))
    if st.button(
        tr("report_page.generate.button", period=period_name(period)),
        type="primary",
        icon=":material/build:",
        key="report_generate",
    ):
        made = generate(period, with_pack)
        if made is not None:
            key = made[0]
    files = _files().get(key)
    if files is None:
        if any(k[0] == period.code for k in _files()):
            st.info(tr("report_page.generate.outdated"), icon=":material/update:")
        return
    downloads(period, files, with_pack)


def downloads(period: ReportPeriod, files: Files, with_pack: bool) -> None:
    st.success(
        tr("report_page.generate.ready", time=fmt_date(files.made_at, with_time=True)),
        icon=":material/check_circle:",
    )
    docx_col, xlsx_col, zip_col = st.columns(3)
    docx_col.download_button(
        tr("report_page.download.docx"),
        files.docx,
        file_name=pack.pack_file_name(period, "docx"),
        mime=DOCX_MIME,
        icon=":material/description:",
        on_click="ignore",
        key="report_download_docx",
        width="stretch",
    )
    docx_col.caption(tr("report_page.download.docx_help"))
    if files.xlsx is not None:
        xlsx_col.download_button(
            tr("report_page.download.xlsx"),
            files.xlsx,
            file_name=pack.pack_file_name(period, "xlsx"),
            mime=pack.XLSX_MIME,
            icon=":material/table_view:",
            on_click="ignore",
            key="report_download_xlsx",
            width="stretch",
        )
        xlsx_col.caption(tr("report_page.download.xlsx_help"))
    elif not with_pack:
        xlsx_col.caption(tr("report_page.download.xlsx_unit"))
    if files.charts is not None:
        zip_col.download_button(
            tr("report_page.download.zip"),
            files.charts,
            file_name=pack.pack_file_name(period, "zip"),
            mime=pack.ZIP_MIME,
            icon=":material/imagesmode:",
            on_click="ignore",
            key="report_download_zip",
            width="stretch",
        )
        zip_col.caption(tr("report_page.download.zip_help", count=files.chart_count))
    else:
        zip_col.caption(tr("report_page.download.no_charts"))


# --- the heading ----------------------------------------------------------------------------------


def heading_view(book: Workbook) -> None:
    """The heading and closing the .docx will carry, each with the setting that changes it."""
    heading = heading_for(settings(), book, today())
    values = {
        "parent_agency": heading.parent_agency,
        "agency": heading.agency,
        "number": heading.number_line.replace("\u00a0", " "),
        "place": heading.date_line,
        "signer": heading.signer,
        "signer_title": " / ".join(heading.signer_title),
        "recipients": "; ".join(heading.recipients),
    }
    with st.expander(tr("report_page.heading"), icon=":material/badge:"):
        table = pd.DataFrame(
            {
                tr("report_page.heading.item"): [
                    tr(f"report_page.heading.{k}") for k, _ in HEADING_SETTINGS
                ],
                tr("report_page.heading.value"): [values[k] for k, _ in HEADING_SETTINGS],
                tr("report_page.heading.setting"): [
                    f"{name} / REFORM_{name.upper()}" for _, name in HEADING_SETTINGS
                ],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch")
        st.caption(tr("report_page.heading.help"))
