"""The report as a .docx: heading block, title, sections I–V, closing blocks, and the plan's
appendix with each task's result in a landscape section (NĐ 30/2020/NĐ-CP, Phụ lục I).

`build_report(data, heading, charts_png)` writes what reform.report computed: tables carry
the numbers, charts go in as pictures, and where a person must write (the assessment, the
difficulties, the proposals) the document says so in brackets. It never invents a judgement.
An area with no data says "Không có số liệu trong kỳ".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from reform import docx_parts as dx
from reform.locale import format_date
from reform.report import REPORT_LANG, ReportData
from reform.report_appendix import appendix
from reform.report_heading import ReportHeading
from reform.report_sections import (
    activities_section,
    dossiers_section,
    feedback_section,
    indices_section,
    surveys_section,
    tasks_section,
    tr,
)

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
HEADING_WIDTHS = (Cm(6.2), Cm(10.3))  # agency | national motto, 16.5 cm between the margins
CLOSING_WIDTHS = (Cm(7.5), Cm(9.0))  # recipients | signature
WRITE_IN = ("assessment", "difficulties", "next", "proposals")  # sections II–V


def build_report(
    data: ReportData, heading: ReportHeading, charts_png: Mapping[str, bytes] | None = None
) -> bytes:
    """The report as .docx bytes; charts_png holds report_charts' PNGs by the same keys."""
    document = dx.new_document()
    dx.page_numbers(document.sections[0])
    heading_block(document, heading)
    title_block(document, data)
    introduction(document, data, heading)
    results(document, data, charts_png or {})
    for number, key in enumerate(WRITE_IN, start=2):
        section_title(document, f"{_roman(number)}. {tr(f'report.part.{key}')}")
        dx.paragraph(
            document, tr(f"report.write_in.{key}"), italic=True, indent=True, align=JUSTIFY
        )
    closing = tr("report.closing", period=data.period.label, agency=heading.agency)
    dx.paragraph(document, closing, indent=True, align=JUSTIFY, keep_with_next=True)
    closing_block(document, heading)
    appendix(document, data, heading)
    return dx.to_bytes(document)


def _roman(number: int) -> str:
    return ("I", "II", "III", "IV", "V", "VI")[number - 1]


# --- heading, title, introduction --------------------------------------------------------


def heading_block(document: DocumentObject, heading: ReportHeading) -> None:
    """Agency and number on the left, motto and place/date on the right (NĐ 30/2020)."""
    grid = dx.table(document, 2, HEADING_WIDTHS, borders=False)
    left, right = grid.rows[0].cells
    agency = heading.agency.upper()
    dx.cell_text(left, heading.parent_agency.upper(), size=13, align=CENTER)
    dx.paragraph(left, agency, size=13, bold=True, align=CENTER, after=1)
    # The rule under the agency: a third to a half of the name's length (Phụ lục I, II.2).
    dx.rule(left, _text_width(agency, 13) // 2, HEADING_WIDTHS[0])
    dx.cell_text(right, tr("report.heading.nation"), size=12, bold=True, align=CENTER)
    motto = tr("report.heading.motto")
    dx.paragraph(right, motto, size=13, bold=True, align=CENTER, after=1)
    dx.rule(right, _text_width(motto, 13), HEADING_WIDTHS[1])  # as long as the motto
    number, date = grid.rows[1].cells
    dx.cell_text(number, heading.number_line, size=13, align=CENTER)
    dx.cell_text(date, heading.date_line, size=13, italic=True, align=CENTER)
    for cell in (*grid.rows[0].cells, *grid.rows[1].cells):
        cell.vertical_alignment = None
    dx.paragraph(document, "", after=6)


def _text_width(text: str, size: float) -> int:
    """About how wide a bold line of Times New Roman is, in EMU (0.55 em a character)."""
    return int(len(text) * size * 0.55 * 12700)


def title_block(document: DocumentObject, data: ReportData) -> None:
    dx.paragraph(document, tr("report.title"), bold=True, align=CENTER, after=0)
    subtitle = tr("report.subtitle", period=data.period.label)
    dx.paragraph(document, subtitle, bold=True, align=CENTER, after=0)
    dx.rule(document, Cm(5), dx.text_width(document.sections[0]))
    dx.paragraph(document, "", after=0)


def introduction(document: DocumentObject, data: ReportData, heading: ReportHeading) -> None:
    span = {
        "period": data.period.label,
        "start": format_date(data.period.start, REPORT_LANG),
        "end": format_date(data.period.end, REPORT_LANG),
        "agency": heading.agency,
    }
    plan = data.plan
    if plan is not None and plan.number:
        issued = format_date(plan.issued_on, REPORT_LANG) if plan.issued_on else ""
        key = "report.intro.plan_dated" if issued else "report.intro.plan"
        text = tr(key, number=plan.number, date=issued, year=data.period.year, **span)
    else:
        text = tr("report.intro.no_plan", **span)
    dx.paragraph(document, text, indent=True, align=JUSTIFY)
    if data.today < data.period.start:
        dx.paragraph(document, tr("report.intro.not_started"), indent=True, align=JUSTIFY)
    elif data.as_of < data.period.end:
        as_of = format_date(data.as_of, REPORT_LANG)
        dx.paragraph(document, tr("report.intro.running", as_of=as_of), indent=True, align=JUSTIFY)


def section_title(document: DocumentObject, text: str) -> None:
    dx.paragraph(document, text, bold=True, align=JUSTIFY, indent=True, keep_with_next=True)


# --- section I: results ----------------------------------------------------------------


def results(document: DocumentObject, data: ReportData, charts: Mapping[str, bytes]) -> None:
    """Section I, one numbered part per area, each with its table and chart."""
    section_title(document, f"I. {tr('report.part.results')}")
    parts = (
        ("tasks", tasks_section, "nhiem-vu-theo-phan"),
        ("activities", activities_section, "hoat-dong-theo-loai"),
        ("surveys", surveys_section, "hai-long-theo-quy"),
        ("feedback", feedback_section, None),
        ("dossiers", dossiers_section, "ho-so-theo-thang"),
        ("indices", indices_section, None),
    )
    for number, (key, write, chart) in enumerate(parts, start=1):
        section_title(document, f"{number}. {tr(f'report.area.{key}')}")
        if getattr(data, key) is None:
            dx.paragraph(document, tr("report.no_data"), italic=True, indent=True)
            continue
        write(document, data)
        if chart and chart in charts:
            dx.picture(document, charts[chart], Cm(15.5))


# --- closing blocks ---------------------------------------------------------------------------


def closing_block(document: DocumentObject, heading: ReportHeading) -> None:
    """Recipients bottom left (Nơi nhận), the signature bottom right."""
    dx.paragraph(document, "", after=0, keep_with_next=True)
    grid = dx.table(document, 1, CLOSING_WIDTHS, borders=False)
    dx.keep_row_together(grid.rows[0])
    left, right = grid.rows[0].cells
    dx.cell_text(left, tr("report.recipients"), size=12, bold=True, italic=True)
    for line in recipient_lines(heading.recipients):
        dx.paragraph(left, line, size=11, after=0)
    dx.cell_text(right, "\n".join(heading.signer_title), size=14, bold=True, align=CENTER)
    for _ in range(4):  # room for the signature and the seal
        dx.paragraph(right, "", after=0)
    dx.paragraph(right, heading.signer, size=14, bold=True, align=CENTER, after=0)
    for cell in grid.rows[0].cells:
        cell.vertical_alignment = None


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    """ "- Sở Nội vụ (báo cáo);" … "- Lưu: VT." (each line ends with ";", the last with ".")."""
    lines = []
    for number, item in enumerate(recipients):
        item = item.rstrip(";.")
        end = "." if number == len(recipients) - 1 else ";"
        lines.append(f"- {item}{end}")
    return lines
