"""The report's data pack: an .xlsx with one worksheet per area of the period, and a ZIP of
the report's charts as PNG.

    data = reform.report.report_data(book, period, today)
    pack = data_pack_xlsx(book, data)               # "Thông tin", "Nhiệm vụ", "Hoạt động" …
    archive = charts_zip(pngs, period)              # "hai-long-theo-quy_2017-Q2.png" …

The rows are the ones the report counts (the same period, the same "taken at the period's
end"), so the pack and the .docx agree. Nothing personal leaves: the feedback sheet copies an
allow-list of columns that leaves out the sender's name, phone, e-mail and address
(reform.feedback.PERSONAL_FIELDS) and the lookup code, and the survey sheet holds totals, not
responses. Headers are the labels staff use in the sheet (the Vietnamese catalog's
field.<tab>.<code>, which are sheets.schema's labels). Cells are typed: numbers are numbers,
dates are dates shown dd/mm/yyyy, shares are fractions shown 0.0%; text stays text, even when
it starts with "=" (never a formula). An area with nothing in the period gets a sheet that
says so, never zeros. Like the .docx, the pack is in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import openpyxl
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reform import feedback as fb
from reform import surveys
from reform.cell_text import EXCEL_MAX_TEXT, keep_as_typed
from reform.dossiers import COUNTS
from reform.i18n import t
from reform.locale import vietnamese_sort_key
from reform.metrics import Period, quarter_period
from reform.report_figures import text
from reform.report_period import REPORT_LANG, ReportPeriod

if TYPE_CHECKING:
    from reform.report import ReportData

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_MIME = "application/zip"

# Number formats. Excel writes the separators of the reader's locale: 1.234 and 12,5% on a
# Vietnamese Windows, 1,234 and 12.5% on an English one; the values stay numbers.
INTEGER = "#,##0"
PLAIN = "0"  # a year, a month, a list number, a rank: no thousands separator
DECIMAL = "#,##0.00"
PERCENT = "0.0%"
WHOLE_PERCENT = "0%"
DATE = "dd/mm/yyyy"
FORMATS = {
    "int": INTEGER,
    "plain": PLAIN,
    "decimal": DECIMAL,
    "percent": PERCENT,
    "whole_percent": WHOLE_PERCENT,
    "date": DATE,
}
NUMERIC_KINDS = ("int", "plain", "decimal", "percent", "whole_percent")

# Text a spreadsheet would read as a formula (OWASP CSV injection), as sheets.transfer guards.
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
HEADER_FONT = Font(bold=True)
THIN = Side(style="thin", color="9E9E9E")
HEADER_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WIDTHS = {"long": 60, "auto": 60, "date": 12}  # other columns fit their header and values, 8 to 40
MIN_WIDTH, MAX_WIDTH = 8, 40

# The feedback columns a pack may carry: an allow-list, so that a personal column added to
# the tab later is left out too. Not the lookup code: with it anyone can look an item up.
FEEDBACK_COLUMNS = (
    ("received_on", "date"),
    ("category", "text"),
    ("channel", "text"),
    ("subject", "text"),
    ("content", "long"),
    ("procedure_field", "text"),
    ("sender_org", "text"),
    ("assigned_unit", "text"),
    ("assignee", "text"),
    ("status", "text"),
    ("due_date", "date"),
    ("answer", "long"),
    ("answered_by", "text"),
    ("answered_on", "date"),
    ("answer_doc_no", "text"),
    ("published", "yes_no"),
    ("public_content", "long"),
    ("reason", "long"),
)
assert not {code for code, _ in FEEDBACK_COLUMNS} & {*fb.PERSONAL_FIELDS, "code"}

ACTIVITY_COLUMNS = (
    ("date", "date"),
    ("type", "text"),
    ("title", "long"),
    ("task_ref", "text"),
    ("unit", "text"),
    ("quantity", "int"),
    ("evidence_url", "text"),
    ("note", "long"),
)
INDEX_COLUMNS = (
    ("year", "plain", "field.indices.year"),
    ("index_name", "text", "field.indices.index_name"),
    ("scope", "text", "field.indices.scope"),
    ("score", "decimal", "field.indices.score"),
    ("max_score", "decimal", "field.indices.max_score"),
    ("score_share", "percent", "report_page.pack.col.score_share"),
    ("rank", "plain", "field.indices.rank"),
    ("ranked_units", "plain", "field.indices.ranked_units"),
    ("previous_score", "decimal", "report_page.pack.col.previous_score"),
    ("previous_rank", "plain", "report_page.pack.col.previous_rank"),
    ("score_change", "decimal", "report_page.pack.col.score_change"),
    ("places_up", "plain", "report_page.pack.col.places_up"),
    ("source_url", "text", "field.indices.source_url"),
)


class Book(Protocol):
    def frame(self, key: str) -> pd.DataFrame: ...


def tr(key: str, **params: Any) -> str:
    return t(key, REPORT_LANG, **params)


def label(tab: str, code: str) -> str:
    """The column's header in the sheet staff keep: "Hạn hoàn thành"."""
    return tr(f"field.{tab}.{code}")


@dataclass(frozen=True)
class Column:
    header: str
    kind: str  # text, long, yes_no, date, auto (typed by its value), or one of NUMERIC_KINDS


@dataclass(frozen=True)
class PackSheet:
    """One worksheet: its columns and rows; rows None when the area has nothing in the period."""

    name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...] | None


def _sheet(name: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]] | None) -> PackSheet:
    kept = None if rows is None else tuple(tuple(r) for r in rows)
    return PackSheet(name, tuple(columns), kept or None)


# --- the sheets --------------------------------------------------------------------------------


def pack_sheets(book: Book, data: ReportData) -> list[PackSheet]:
    """Every worksheet of the pack, in order: information, then one per area."""
    return [
        info_sheet(data),
        tasks_sheet(data),
        activities_sheet(book, data),
        surveys_sheet(book, data),
        feedback_sheet(book, data),
        dossiers_sheet(book, data),
        indices_sheet(data),
    ]


def info_sheet(data: ReportData) -> PackSheet:
    """What the file holds: the period, the day figures were taken, and a note per sheet."""
    period = data.period
    rows: list[tuple[Any, ...]] = [
        (tr("report_page.pack.info.report"), tr("report_page.pack.info.report_value")),
        (tr("report_page.pack.info.period"), period.label),
        (tr("report_page.pack.info.start"), period.start),
        (tr("report_page.pack.info.end"), period.end),
        (tr("report_page.pack.info.as_of"), data.as_of),
        (tr("report_page.pack.info.made_on"), data.today),
    ]
    if data.plan is not None:
        rows.append((tr("report_page.pack.info.plan"), data.plan.number))
    for key in ("tasks", "activities", "surveys", "feedback", "dossiers", "indices"):
        rows.append((sheet_name(key), tr(f"report_page.pack.note.{key}")))
    columns = (
        Column(tr("report_page.pack.info.item"), "text"),
        Column(tr("report_page.pack.info.value"), "auto"),
    )
    return _sheet(tr("report_page.pack.sheet.info"), columns, rows)


def sheet_name(area: str) -> str:
    """The worksheet of an area: the tab's own name where there is one ("Nhiệm vụ")."""
    if area == "surveys":
        return tr("report_page.pack.sheet.surveys")
    return tr(f"tab.{area}")


def _yes_no(flag: object) -> str:
    return tr("report_page.pack.yes") if flag else tr("report_page.pack.no")


def tasks_sheet(data: ReportData) -> PackSheet:
    """The plan's tasks as they stood at the period's end, with the periods they met."""
    columns = (
        Column(label("tasks", "section"), "text"),
        Column(label("tasks", "number"), "plain"),
        Column(label("tasks", "content"), "long"),
        Column(label("tasks", "deadline_text"), "text"),
        Column(label("tasks", "due_date"), "date"),
        Column(label("tasks", "lead_unit"), "text"),
        Column(label("tasks", "support_units"), "text"),
        Column(tr("report_page.pack.col.state"), "text"),
        Column(tr("report.task_state.overdue"), "text"),
        Column(tr("report_page.pack.col.overdue_period"), "text"),
        Column(label("tasks", "progress"), "whole_percent"),
        Column(label("tasks", "completed_on"), "date"),
        Column(tr("report_page.pack.col.periods"), "long"),
        Column(label("tasks", "evidence_url"), "long"),
    )
    if data.tasks is None:
        return _sheet(sheet_name("tasks"), columns, None)
    rows = []
    for line in data.tasks.lines:
        periods = "; ".join(f"{p}: {tr(f'report.period_state.{s}')}" for p, s in line.periods)
        evidence = list(line.evidence)
        if line.more_evidence:
            evidence.append(tr("report_page.pack.more_evidence", count=line.more_evidence))
        rows.append(
            (
                line.section,
                line.number,
                line.content,
                line.deadline_text,
                line.due_date,
                line.lead_unit,
                line.support_units,
                tr(f"report.task_state.{line.state}"),
                _yes_no(line.overdue),
                line.overdue_period,
                None if line.progress is None else line.progress / 100,
                line.completed_on,
                periods,
                "\n".join(evidence),
            )
        )
    return _sheet(sheet_name("tasks"), columns, rows)


def _span(data: ReportData) -> Period:
    """The days the report counts: from the period's start to its end, or to today."""
    return Period(data.period.start, data.as_of)


def _rows(frame: pd.DataFrame, codes: Sequence[str]) -> list[tuple[Any, ...]]:
    """The named columns of each row, in order; a column the frame lacks is blank."""
    columns = [
        frame[c] if c in frame.columns else pd.Series(None, index=frame.index) for c in codes
    ]
    return list(zip(*columns, strict=True)) if len(frame) else []


def activities_sheet(book: Book, data: ReportData) -> PackSheet:
    """The activities dated in the period, oldest first."""
    columns = tuple(Column(label("activities", c), kind) for c, kind in ACTIVITY_COLUMNS)
    if data.activities is None:
        return _sheet(sheet_name("activities"), columns, None)
    rows = _span(data).rows_in(book.frame("activities"), "date")
    rows = rows.sort_values("date", kind="stable")
    return _sheet(sheet_name("activities"), columns, _rows(rows, [c for c, _ in ACTIVITY_COLUMNS]))


def surveys_sheet(book: Book, data: ReportData) -> PackSheet:
    """Per quarter of the period (and over the whole period when it has several): the index
    overall, by factor and by question, each with n and its 95% Wilson interval."""
    columns = (
        Column(tr("report_page.pack.col.span"), "text"),
        Column(tr("report_page.pack.col.level"), "text"),
        Column(label("survey_questions", "code"), "text"),
        Column(tr("report_page.pack.col.scored"), "long"),
        Column(tr("report.table.n"), "int"),
        Column(tr("report_page.pack.col.answers"), "int"),
        Column(tr("report_page.pack.col.satisfied"), "int"),
        Column(tr("report.table.share"), "percent"),
        Column(tr("report_page.pack.col.low"), "percent"),
        Column(tr("report_page.pack.col.high"), "percent"),
        Column(tr("report_page.pack.col.note"), "text"),
    )
    if data.surveys is None:
        return _sheet(sheet_name("surveys"), columns, None)
    responses, questions = book.frame("survey_responses"), book.frame("survey_questions")
    codes = surveys.scale_codes(questions)
    texts = {text(c): text(q) for c, q in zip(questions["code"], questions["text_vi"], strict=True)}
    period = data.period
    spans = []
    for quarter in period.quarters:
        whole = quarter_period(period.year, quarter)
        if whole.start <= data.as_of:
            spans.append(
                (
                    surveys.quarter_label(period.year, quarter),
                    Period(whole.start, min(whole.end, data.as_of)),
                )
            )
    if len(period.quarters) > 1:
        spans.append((period.label, _span(data)))
    rows: list[tuple[Any, ...]] = []
    for name, span in spans:
        overall = surveys.score(responses, codes, span)
        rows.append(_score_row(name, tr("report_page.pack.level.overall"), "", "", overall))
        if not overall.n:
            continue
        for score in surveys.by_factor(responses, questions, span):
            if score.n:
                factor = score.label or tr("report_page.pack.no_factor")
                rows.append(
                    _score_row(name, tr("report_page.pack.level.factor"), "", factor, score)
                )
        by_code = {s.label: s for s in surveys.by_question(responses, questions, span)}
        for code in codes:
            score = by_code.get(code)
            if score is not None and score.n:
                level = tr("report_page.pack.level.question")
                rows.append(_score_row(name, level, code, texts.get(code, ""), score))
    return _sheet(sheet_name("surveys"), columns, rows)


def _score_row(span: str, level: str, code: str, scored: str, score: surveys.Score) -> tuple:
    note = tr("report_page.pack.small_sample") if score.n and score.small else ""
    if not score.n:
        note = tr("report_page.pack.no_responses")
    return (
        span,
        level,
        code,
        scored,
        score.n,
        score.answers,
        score.satisfied,
        score.share,
        score.low,
        score.high,
        note,
    )


def feedback_sheet(book: Book, data: ReportData) -> PackSheet:
    """The items received in the period as they stand now, without the sender's details."""
    columns = tuple(Column(label("feedback", c), kind) for c, kind in FEEDBACK_COLUMNS)
    if data.feedback is None:
        return _sheet(sheet_name("feedback"), columns, None)
    rows = _span(data).rows_in(book.frame("feedback"), "received_on")
    rows = rows.sort_values("received_on", kind="stable")
    return _sheet(sheet_name("feedback"), columns, _rows(rows, [c for c, _ in FEEDBACK_COLUMNS]))


def dossiers_sheet(book: Book, data: ReportData) -> PackSheet:
    """The one-stop rows of the period's months (up to today's), by month and field, with
    each row's on-time rate: (early + on time) / resolved."""
    codes = ["year", "month", "procedure_field", *COUNTS]
    kinds = {"year": "plain", "month": "plain", "procedure_field": "text"}
    columns = tuple(Column(label("dossiers", c), kinds.get(c, "int")) for c in codes)
    columns += (Column(tr("report.table.dossiers.rate"), "percent"),)
    if data.dossiers is None:
        return _sheet(sheet_name("dossiers"), columns, None)
    period = data.period
    months = [m for m in period.months if dt.date(period.year, m, 1) <= data.as_of]
    frame = book.frame("dossiers")
    frame = frame[(frame["year"] == period.year) & frame["month"].isin(months)]
    frame = frame.assign(_field=frame["procedure_field"].map(lambda f: vietnamese_sort_key(str(f))))
    frame = frame.sort_values(["month", "_field"], kind="stable")
    rows = []
    for values, (_, row) in zip(_rows(frame, codes), frame.iterrows(), strict=True):
        resolved = sum(
            _count(row, c) for c in ("resolved_early", "resolved_on_time", "resolved_late")
        )
        good = _count(row, "resolved_early") + _count(row, "resolved_on_time")
        rows.append((*values, good / resolved if resolved else None))
    return _sheet(sheet_name("dossiers"), columns, rows)


def _count(row: pd.Series, code: str) -> int:
    value = row.get(code)
    return 0 if value is None or pd.isna(value) else int(value)


def indices_sheet(data: ReportData) -> PackSheet:
    """The indices of the report's year (or of the year before, published during it), with
    the year before's score and rank."""
    columns = tuple(Column(tr(key), kind) for _, kind, key in INDEX_COLUMNS)
    if data.indices is None:
        return _sheet(sheet_name("indices"), columns, None)
    return _sheet(
        sheet_name("indices"), columns, _rows(data.indices.rows, [c for c, _, _ in INDEX_COLUMNS])
    )


# --- writing -----------------------------------------------------------------------------------


def data_pack_xlsx(book: Book, data: ReportData) -> bytes:
    """The pack as .xlsx bytes."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet in pack_sheets(book, data):
        write_sheet(workbook.create_sheet(sheet.name), sheet, data.period)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_sheet(ws: Worksheet, sheet: PackSheet, period: ReportPeriod) -> None:
    """The header row (bold, filled, frozen, filtered) and the typed rows; or, for an area
    with nothing in the period, a sentence that says so."""
    if sheet.rows is None:
        put(ws["A1"], tr("report.no_data"), "text")
        ws["A1"].font = HEADER_FONT
        put(ws["A2"], tr("report_page.pack.info.period") + ": " + period.label, "text")
        ws.column_dimensions["A"].width = MAX_WIDTH + 20
        return
    for i, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=i)
        put(cell, column.header, "text")
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    top = Alignment(vertical="top", wrap_text=True)
    for r, values in enumerate(sheet.rows, start=2):
        for i, (column, value) in enumerate(zip(sheet.columns, values, strict=True), start=1):
            cell = ws.cell(row=r, column=i)
            put(cell, value, column.kind)
            if column.kind == "long":
                cell.alignment = top
    for i, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _width(
            column, [r[i - 1] for r in sheet.rows]
        )
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{len(sheet.rows) + 1}"


def _width(column: Column, values: list[Any]) -> int:
    if column.kind in WIDTHS:
        return WIDTHS[column.kind]
    longest = max(
        [len(column.header) // 2 + 2, *(len(str(v)) + 2 for v in values if not _blank(v))]
    )
    return max(MIN_WIDTH, min(MAX_WIDTH, longest))


def _blank(value: Any) -> bool:
    """None, NaN, NaT, pd.NA or an empty text."""
    if value is None or isinstance(value, str):
        return not value
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def put(cell: Any, value: Any, kind: str) -> None:
    """Write a value typed by its column: a number, a date, or text that stays text."""
    if _blank(value):
        cell.value = None
        return
    if kind == "auto":  # a date as a date, a number as a number, anything else as text
        kind = (
            "date"
            if isinstance(value, dt.date)
            else "int"
            if _number(value) is not None
            else "long"
        )
    if kind == "yes_no":
        value = _yes_no(value)
    elif kind == "date":
        day = _day(value)
        if day is not None:
            cell.value = day
            cell.number_format = DATE
            return
    elif kind in NUMERIC_KINDS:
        number = _number(value)
        if number is not None:
            cell.value = number
            cell.number_format = FORMATS[kind]
            return
    _text(cell, str(value))


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return pd.Timestamp(value).date()
    except (TypeError, ValueError):
        return None


def _number(value: Any) -> int | float | None:
    """A number as Python writes it to the cell; None for anything else (kept as text)."""
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return None


def _text(cell: Any, value: str) -> None:
    """Text as text: a leading "=" never makes a formula, and a leading zero stays."""
    kept = ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_MAX_TEXT]
    cell.value = kept
    cell.data_type = "s"  # openpyxl takes a leading "=" as a formula otherwise
    if keep_as_typed(kept):
        # Marked as typed with a leading apostrophe: Excel shows it and keeps it as text,
        # even when the cell is edited.
        cell.quotePrefix = True


# --- charts ------------------------------------------------------------------------------------


def chart_file_name(key: str, period: ReportPeriod) -> str:
    """ "hai-long-theo-quy_2017-Q2.png": the chart's key and the period's code."""
    return f"{key}_{period.code}.png"


def charts_zip(pngs: Mapping[str, bytes], period: ReportPeriod) -> bytes:
    """The report's charts as PNG files in one ZIP, named by chart and period."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for key, png in pngs.items():
            archive.writestr(chart_file_name(key, period), png)
    return buffer.getvalue()


def pack_file_name(period: ReportPeriod, kind: str) -> str:
    """The downloads' names: "bao-cao_2017-Q2.docx", "so-lieu_2017-Q2.xlsx",
    "bieu-do_2017-Q2.zip"."""
    stem = {"docx": "bao-cao", "xlsx": "so-lieu", "zip": "bieu-do"}[kind]
    return f"{stem}_{period.code}.{kind}"
