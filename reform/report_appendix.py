"""The report's appendix (Phụ lục): the plan's task table with the seed's columns (STT, Nội
dung nhiệm vụ cụ thể, Thời gian hoàn thành, Chủ trì, Phối hợp, Thực hiện) and a "Kết quả thực
hiện" column from the tracking, in a landscape section whose pages are numbered anew."""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from docx.table import Table

from reform import docx_parts as dx
from reform.report import ReportData, TaskLine
from reform.report_heading import ReportHeading, document_date
from reform.report_sections import date, number, overdue_text, tr

CENTER = WD_ALIGN_PARAGRAPH.CENTER
# 25.2 cm between the margins of a landscape A4 page.
WIDTHS = (1.3, 7.2, 2.8, 2.5, 2.4, 4.5, 4.5)
CELL_SIZE = 11
HEADER_SIZE = 11


def appendix(document: DocumentObject, data: ReportData, heading: ReportHeading) -> None:
    """A new landscape section: title, reference to the report, the table."""
    dx.landscape_section(document)
    dx.paragraph(document, tr("report.appendix.title"), bold=True, align=CENTER, after=0)
    dx.paragraph(
        document,
        tr("report.appendix.subtitle", year=data.period.year).upper(),
        bold=True,
        align=CENTER,
        after=0,
    )
    reference = tr(
        "report.appendix.reference",
        number=heading.number_line.removeprefix("Số: "),
        date=document_date(heading.date),
        agency=heading.agency,
    )
    dx.paragraph(document, reference, italic=True, align=CENTER, after=0)
    dx.rule(document, Cm(5), dx.text_width(document.sections[-1]))
    if data.tasks is None:
        dx.paragraph(document, tr("report.no_data"), italic=True, align=CENTER)
        return
    grid = dx.table(document, 2, [Cm(w) for w in WIDTHS])
    _headers(grid)
    section = None
    for line in data.tasks.lines:
        if line.section != section:
            section = line.section
            _section_row(grid, section)
        _task_row(grid, line)


def _headers(grid: Table) -> None:
    """Two header rows, "Phân công thực hiện" spanning Chủ trì and Phối hợp."""
    top, bottom = grid.rows[0].cells, grid.rows[1].cells
    for column, key in (
        (0, "number"),
        (1, "content"),
        (2, "deadline"),
        (5, "method"),
        (6, "result"),
    ):
        merged = top[column].merge(bottom[column])
        dx.cell_text(
            merged, tr(f"report.appendix.column.{key}"), size=HEADER_SIZE, bold=True, align=CENTER
        )
    assigned = top[3].merge(top[4])
    dx.cell_text(
        assigned, tr("report.appendix.column.assigned"), size=HEADER_SIZE, bold=True, align=CENTER
    )
    for column, key in ((3, "lead"), (4, "support")):
        dx.cell_text(
            bottom[column],
            tr(f"report.appendix.column.{key}"),
            size=HEADER_SIZE,
            bold=True,
            align=CENTER,
        )
    for row in (0, 1):
        for cell in grid.rows[row].cells:
            dx.shade(cell)
        dx.repeat_as_header(row, grid)


def _section_row(grid: Table, section: str) -> None:
    cells = grid.add_row().cells
    merged = cells[0].merge(cells[-1])
    dx.cell_text(merged, tr("report.section_short", section=section), size=CELL_SIZE, bold=True)


def _task_row(grid: Table, line: TaskLine) -> None:
    cells = grid.add_row().cells
    values = (
        str(line.number or ""),
        line.content,
        line.deadline_text,
        line.lead_unit,
        line.support_units,
        line.method,
    )
    for column, value in enumerate(values):
        dx.cell_text(cells[column], value, size=CELL_SIZE, align=CENTER if column == 0 else None)
    _result(cells[6], line)


def _result(cell: object, line: TaskLine) -> None:
    """Status (with progress or completion date), overdue, periods met, evidence links."""
    parts = [tr(f"report.task_state.{line.state}")]
    if line.state == "done" and line.completed_on:
        parts[0] += " " + tr("report.appendix.done_on", date=date(line.completed_on))
    elif line.progress is not None and line.state != "done":
        parts[0] += f" ({number(line.progress)}%)"
    if line.overdue:
        parts.append(overdue_text(line, "appendix"))
    if line.periods:
        marks = "; ".join(f"{label}: {tr(f'report.period_state.{s}')}" for label, s in line.periods)
        parts.append(marks)
    para = dx.cell_text(cell, "\n".join(parts), size=CELL_SIZE)  # type: ignore[arg-type]
    if line.evidence:
        dx.run_in(para, "\n" + tr("report.appendix.evidence"), size=CELL_SIZE)
        for url in line.evidence:
            dx.run_in(para, "\n", size=CELL_SIZE)
            dx.hyperlink(para, url, url, size=CELL_SIZE)
        if line.more_evidence:
            dx.run_in(
                para, "\n" + tr("report.appendix.more", count=line.more_evidence), size=CELL_SIZE
            )
