"""A report on the communication plan for a quarter, a half-year or a year: its figures.

    period = ReportPeriod.parse("2017-Q2")        # label: "quý II năm 2017"
    data = report_data(book, period, today)        # every figure, None where nothing
    charts = report_charts(data, "vi")             # {"nhiem-vu-theo-phan": alt.Chart, …}
    reform.report_docx.build_report(data, heading, pngs)  # the .docx

Figures are taken at the period's end (or today, for a period still running); an area with
nothing in the period is None, and the document says "Không có số liệu trong kỳ" instead of
showing zeros. `book` is anything with `frame(key)` (sheets.Workbook): no storage here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

import pandas as pd

from reform import feedback as fb
from reform.metrics import Period
from reform.report_charts import report_charts
from reform.report_figures import (
    ActivityFigures,
    DossierFigures,
    FeedbackFigures,
    IndexFigures,
    SurveyFigures,
    TaskFigures,
    TaskLine,
    activity_figures,
    dossier_figures_for,
    feedback_figures,
    index_figures_for,
    survey_figures,
    task_figures,
    text,
)
from reform.report_period import REPORT_LANG, ReportPeriod, ReportPeriodError

__all__ = [
    "REPORT_LANG",
    "ActivityFigures",
    "DossierFigures",
    "FeedbackFigures",
    "IndexFigures",
    "PlanInfo",
    "ReportData",
    "ReportPeriod",
    "ReportPeriodError",
    "SurveyFigures",
    "TaskFigures",
    "TaskLine",
    "report_charts",
    "report_data",
]


class Book(Protocol):
    def frame(self, key: str) -> pd.DataFrame: ...


@dataclass(frozen=True)
class PlanInfo:
    number: str
    issued_on: dt.date | None
    title: str
    agency: str
    signer: str


@dataclass(frozen=True)
class ReportData:
    """Every figure of the report; an area with nothing in the period is None."""

    period: ReportPeriod
    today: dt.date
    as_of: dt.date  # the last day counted: the period's end, or today while it runs
    plan: PlanInfo | None
    tasks: TaskFigures | None
    activities: ActivityFigures | None
    surveys: SurveyFigures | None
    feedback: FeedbackFigures | None
    dossiers: DossierFigures | None
    indices: IndexFigures | None


def report_data(
    book: Book,
    period: ReportPeriod,
    today: dt.date,
    *,
    rules: fb.DueRules = fb.DEFAULT_RULES,
    web_posts_per_month: int = 1,
) -> ReportData:
    """Every figure of the report for the period, taken at its end (or today)."""
    as_of = min(today, period.end)
    span = Period(period.start, as_of)
    activities = book.frame("activities")
    return ReportData(
        period=period,
        today=today,
        as_of=as_of,
        plan=_plan(book.frame("plans"), period.year),
        tasks=task_figures(book.frame("tasks"), activities, book.frame("units"), period, today),
        activities=activity_figures(activities, period, span, today, web_posts_per_month),
        surveys=survey_figures(
            book.frame("survey_responses"), book.frame("survey_questions"), period, span
        ),
        feedback=feedback_figures(book.frame("feedback"), period, span, rules),
        dossiers=dossier_figures_for(book.frame("dossiers"), period, as_of),
        indices=index_figures_for(book.frame("indices"), period.year),
    )


def _plan(plans: pd.DataFrame, year: int) -> PlanInfo | None:
    rows = plans[plans["year"] == year]
    if rows.empty:
        return None
    row = rows.sort_values("issued_on", na_position="first").iloc[-1]
    issued = row.get("issued_on")
    return PlanInfo(
        number=text(row.get("number")),
        issued_on=None if pd.isna(issued) else pd.Timestamp(issued).date(),
        title=text(row.get("title")),
        agency=text(row.get("agency")),
        signer=text(row.get("signer")),
    )
