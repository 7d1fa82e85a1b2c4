"""The report in one call, for the command line and the pages: figures from the workbook,
heading from the settings (read from the data where they are empty), charts as PNG, .docx.

    report_docx(store.load(), ReportPeriod.parse("2017-Q2"), load_settings(), dt.date.today())
"""

from __future__ import annotations

import datetime as dt

from reform.report import ReportData, ReportPeriod, report_charts, report_data
from reform.report_docx import build_report
from reform.report_heading import ReportHeading, agency_name, report_heading
from sheets.rules import due_rules
from sheets.settings import Settings
from sheets.store import Workbook


def heading_for(settings: Settings, book: Workbook, day: dt.date) -> ReportHeading:
    """The report's heading and closing blocks from the report_* settings and the data."""
    plans = book.frame("plans")
    return report_heading(
        agency_name(settings.agency_name, plans),
        plans,
        day,
        parent_agency=settings.report_parent_agency,
        number_suffix=settings.report_number_suffix,
        number=settings.report_number,
        place=settings.report_place,
        signer=settings.report_signer,
        signer_title=settings.report_signer_title,
        recipients=settings.report_recipients,
    )


def data_for(
    book: Workbook, period: ReportPeriod, settings: Settings, today: dt.date
) -> ReportData:
    """The report's figures with the settings' feedback rules and web-post minimum."""
    return report_data(
        book,
        period,
        today,
        rules=due_rules(settings),
        web_posts_per_month=int(settings.web_posts_per_month),
    )


def chart_pngs(data: ReportData) -> dict[str, bytes]:
    """The report's charts as PNG, by the keys of report_charts."""
    from reform.chart_png import to_png  # vl-convert: loaded only when a report is drawn

    return {key: to_png(chart) for key, chart in report_charts(data, "vi").items()}


def render_docx(
    book: Workbook, data: ReportData, settings: Settings, today: dt.date, charts: bool = True
) -> bytes:
    """The .docx of figures already gathered, dated today."""
    pngs = chart_pngs(data) if charts else None
    return build_report(data, heading_for(settings, book, today), pngs)


def report_docx(
    book: Workbook,
    period: ReportPeriod,
    settings: Settings,
    today: dt.date,
    *,
    charts: bool = True,
) -> bytes:
    """The report for the period as .docx bytes, dated today."""
    data = data_for(book, period, settings, today)
    return render_docx(book, data, settings, today, charts)
