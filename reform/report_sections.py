"""Part I of the report, area by area: the sentences and tables that carry its figures.

Each function writes one area that has data (reform.report_docx writes "Không có số liệu
trong kỳ" for the others). Numbers are written the Vietnamese way (1.234; 87,3%), every share
with its n and 95% interval.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from reform import docx_parts as dx
from reform.activities import TYPE_CODES
from reform.i18n import t
from reform.locale import format_date, format_number, format_percent
from reform.report import REPORT_LANG, ReportData, TaskLine
from reform.report_figures import TASK_STATES

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
SHORT_CONTENT = 160  # characters of a task's content quoted in the body (the appendix has all)


def tr(key: str, **params: object) -> str:
    """The catalog's text in the report's language (always Vietnamese)."""
    return t(key, REPORT_LANG, **params)


def number(value: float | None, decimals: int = 0) -> str:
    return format_number(value, REPORT_LANG, decimals)


def percent(share: float | None) -> str:
    return format_percent(share, REPORT_LANG)


def interval(low: float | None, high: float | None) -> str:
    """ "67,3–86,9%"; "–" without an interval."""
    if low is None or high is None:
        return format_number(None, REPORT_LANG)
    return f"{number(100 * low, 1)}–{percent(high)}"


def date(value: object) -> str:
    return format_date(value, REPORT_LANG)  # type: ignore[arg-type]


def text(document: DocumentObject, content: str, **kwargs: object) -> None:
    dx.paragraph(document, content, indent=True, align=JUSTIFY, **kwargs)  # type: ignore[arg-type]


def data_table(
    document: DocumentObject,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_cm: Sequence[float],
) -> None:
    """A bordered table: a shaded header row, then the rows; numbers centred."""
    grid = dx.table(document, len(rows) + 1, [Cm(w) for w in widths_cm])
    dx.header_row(grid, headers)
    for row, values in zip(grid.rows[1:], rows, strict=True):
        for column, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            dx.cell_text(cell, value, align=None if column == 0 else CENTER)
    dx.paragraph(document, "", after=0)


# --- tasks -------------------------------------------------------------------------------


def _state_headers(first: str) -> list[str]:
    states = [tr(f"report.task_state.{s}") for s in TASK_STATES]
    return [first, tr("report.table.total"), *states, tr("report.task_state.overdue")]


def _state_rows(frame: pd.DataFrame, name: str, label: object) -> list[list[str]]:
    columns = ["total", *TASK_STATES, "overdue"]
    return [
        [label(row[name]), *(number(int(row[c])) for c in columns)] for _, row in frame.iterrows()
    ]


def tasks_section(document: DocumentObject, data: ReportData) -> None:
    figures = data.tasks
    assert figures is not None
    totals = figures.by_section[["total", *TASK_STATES, "overdue"]].sum()
    counts = {k: number(int(v)) for k, v in totals.items()}
    text(document, tr("report.tasks.summary", as_of=date(data.as_of), **counts))
    if figures.periods_met or figures.periods_missed:
        met, missed = number(figures.periods_met), number(figures.periods_missed)
        text(document, tr("report.tasks.periods", met=met, missed=missed, period=data.period.label))
    widths = (3.4, 1.9, 2.1, 2.3, 2.3, 2.0, 2.0)
    section_label = lambda s: tr("report.section_short", section=s)  # noqa: E731
    text(document, tr("report.tasks.by_section"), keep_with_next=True)
    rows = _state_rows(figures.by_section, "section", section_label)
    data_table(document, _state_headers(tr("report.table.section")), rows, widths)
    text(document, tr("report.tasks.by_unit"), keep_with_next=True)
    rows = _state_rows(figures.by_unit, "lead_unit", str)
    data_table(document, _state_headers(tr("report.table.lead_unit")), rows, widths)
    _task_list(document, [x for x in figures.lines if x.overdue], "overdue")
    _task_list(document, [x for x in figures.lines if x.state == "done"], "done")


def overdue_text(line: TaskLine, prefix: str) -> str:
    """ "; quá hạn: Quý I/2017" (a period missed) or "; quá hạn (hạn 31/03/2017)"."""
    if line.overdue_period:
        return tr(f"report.{prefix}.overdue_period", period=line.overdue_period)
    return tr(f"report.{prefix}.overdue_due", date=date(line.due_date) if line.due_date else "–")


def _short(content: str) -> str:
    first = content.replace("\n", " ").lstrip("- ").strip()
    return first if len(first) <= SHORT_CONTENT else first[: SHORT_CONTENT - 1].rstrip() + "…"


def _task_list(document: DocumentObject, lines: list[TaskLine], kind: str) -> None:
    """The overdue tasks (with the period missed), or the done ones (with their evidence)."""
    if not lines:
        text(document, tr(f"report.tasks.no_{kind}"))
        return
    text(document, tr(f"report.tasks.list_{kind}"), keep_with_next=True)
    for line in lines:
        para = dx.paragraph(document, "", align=JUSTIFY)
        para.paragraph_format.left_indent = Cm(0.6)
        detail = {"ref": line.ref, "unit": line.lead_unit, "content": _short(line.content)}
        dx.run_in(para, tr("report.tasks.item", **detail))
        if kind == "overdue":
            dx.run_in(para, overdue_text(line, "tasks"))
        if kind == "done" and line.completed_on:
            dx.run_in(para, tr("report.tasks.done_on", date=date(line.completed_on)))
        if line.evidence:
            dx.run_in(para, tr("report.tasks.evidence"))
            for position, url in enumerate(line.evidence):
                dx.run_in(para, "; " if position else " ")
                dx.hyperlink(para, url, url, size=dx.BODY_SIZE)
        dx.run_in(para, ".")


# --- activities, surveys, feedback ---------------------------------------------------------


def activity_type(value: str) -> str:
    return t(f"activities.type.{TYPE_CODES[value]}", REPORT_LANG) if value in TYPE_CODES else value


def activities_section(document: DocumentObject, data: ReportData) -> None:
    figures = data.activities
    assert figures is not None
    text(
        document, tr("report.activities.summary", total=number(figures.total)), keep_with_next=True
    )
    rows = [
        [activity_type(row["type"]), number(int(row["count"])), number(row["quantity"])]
        for _, row in figures.by_type.iterrows()
    ]
    headers = [
        tr("report.table.activity_type"),
        tr("report.table.activities"),
        tr("report.table.quantity"),
    ]
    data_table(document, headers, rows, (8.5, 3.5, 4.5))
    judged = figures.web_months[figures.web_months["state"] != "open"]
    if not judged.empty:
        missed = judged[judged["state"] == "missed"]["month"].tolist()
        met = number(int((judged["state"] == "met").sum()))
        summary = tr(
            "report.activities.web",
            met=met,
            judged=number(len(judged)),
            minimum=number(figures.web_minimum),
        )
        if missed:
            months = ", ".join(str(m) for m in missed)
            summary += " " + tr("report.activities.web_missed", months=months)
        text(document, summary)


def surveys_section(document: DocumentObject, data: ReportData) -> None:
    figures = data.surveys
    assert figures is not None
    score = figures.overall
    text(
        document,
        tr(
            "report.surveys.summary",
            share=percent(score.share),
            interval=interval(score.low, score.high),
            n=number(score.n),
        ),
    )
    if score.small:
        text(document, tr("report.surveys.small"), italic=True)
    if figures.by_factor:
        headers = [
            tr("report.table.factor"),
            tr("report.table.n"),
            tr("report.table.share"),
            tr("report.table.interval"),
        ]
        rows = [
            [
                s.label or tr("report.surveys.no_factor"),
                number(s.n),
                percent(s.share),
                interval(s.low, s.high),
            ]
            for s in figures.by_factor
        ]
        data_table(document, headers, rows, (7.5, 2.5, 3.0, 3.5))


def feedback_section(document: DocumentObject, data: ReportData) -> None:
    figures = data.feedback
    assert figures is not None
    rows = [[tr("report.feedback.received"), number(figures.received)]]
    rows += [
        [tr("report.feedback.of_category", category=c), number(int(n))]
        for c, n in zip(figures.by_category["category"], figures.by_category["count"], strict=True)
    ]
    for key in ("answered", "forwarded", "not_handled", "open", "published"):
        rows.append([tr(f"report.feedback.{key}"), number(getattr(figures, key))])
    data_table(document, [tr("report.table.item"), tr("report.table.count")], rows, (11.5, 4.0))
    if figures.median_days is not None:
        text(document, tr("report.feedback.median", days=number(figures.median_days, 1)))
    share = figures.on_time
    if share.n:
        low, high = share.interval or (None, None)
        text(
            document,
            tr(
                "report.feedback.on_time",
                share=percent(share.share),
                interval=interval(low, high),
                n=number(share.n),
            ),
        )


# --- dossiers, indices ---------------------------------------------------------------------


def dossiers_section(document: DocumentObject, data: ReportData) -> None:
    figures = data.dossiers
    assert figures is not None
    counts = {k: number(v) for k, v in figures.totals.items()}
    text(document, tr("report.dossiers.received", **counts))
    text(document, tr("report.dossiers.resolved", **counts))
    rate = figures.on_time
    low, high = rate.interval or (None, None)
    if rate.n:
        text(
            document,
            tr(
                "report.dossiers.on_time",
                share=percent(rate.share),
                interval=interval(low, high),
                n=number(rate.n),
            ),
        )
    if figures.online.n:
        text(document, tr("report.dossiers.online", share=percent(figures.online.share)))
    headers = [
        tr(f"report.table.dossiers.{k}")
        for k in ("field", "received", "resolved", "good", "late", "pending", "rate")
    ]
    rows = [
        [
            str(r["procedure_field"]),
            number(r["received"]),
            number(r["resolved"]),
            number(r["good"]),
            number(r["resolved_late"]),
            number(r["pending"]),
            percent(r["on_time_rate"]),
        ]
        for _, r in figures.by_field.iterrows()
    ]
    data_table(document, headers, rows, (4.4, 2.0, 2.0, 2.2, 1.8, 2.0, 2.1))


def indices_section(document: DocumentObject, data: ReportData) -> None:
    figures = data.indices
    assert figures is not None
    text(document, tr("report.indices.summary", year=figures.year), keep_with_next=True)
    headers = [
        tr(f"report.table.indices.{k}") for k in ("name", "scope", "score", "rank", "change")
    ]
    rows = []
    for _, row in figures.rows.iterrows():
        score = number(row["score"], 2)
        if pd.notna(row["max_score"]):
            score += f"/{number(row['max_score'], 0)}"
        rank = "" if pd.isna(row["rank"]) else number(int(row["rank"]))
        if rank and pd.notna(row["ranked_units"]):
            rank += f"/{number(int(row['ranked_units']))}"
        rows.append([row["index_name"], row["scope"], score, rank or "–", _change(row)])
    data_table(document, headers, rows, (3.6, 2.0, 3.2, 2.7, 5.0))


def _change(row: pd.Series) -> str:
    """The change from the year before: points, and places moved up."""
    parts = []
    if row["score_change"] is not None and pd.notna(row["score_change"]):
        sign = "+" if row["score_change"] > 0 else ""
        parts.append(tr("report.indices.points", points=sign + number(row["score_change"], 2)))
    if row["places_up"] is not None and pd.notna(row["places_up"]):
        places = int(row["places_up"])
        key = "up" if places > 0 else "down" if places < 0 else "same"
        parts.append(tr(f"report.indices.places_{key}", places=number(abs(places))))
    return "; ".join(parts) or "–"
