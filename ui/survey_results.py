"""Khảo sát results per quarter: for staff (what to improve, comments, pace, downloads) and
for the public (the index by factor and question, linkable, printable on one A4 page).

Every figure comes from reform.surveys: the share of 1–5 answers at 4 or 5, with n (the
respondents) and its 95% Wilson interval. Neither view ever shows the contact column; the
public one shows no comment either.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt
import openpyxl
import pandas as pd
import streamlit as st
from openpyxl.styles import Font

from reform import surveys as sv
from reform.cell_text import FORMULA_LEADERS
from reform.metrics import SMALL_SAMPLE, Period, quarter_period
from sheets.schema import SURVEY_CHANNELS, SURVEY_FACTORS
from sheets.store import Workbook
from sheets.transfer import _put as put_cell  # text stays text, never a formula
from ui.charts import show_chart
from ui.context import (
    agency_name,
    escape_md,
    fmt_date,
    fmt_number,
    fmt_percent,
    lang,
    quarter_label,
    settings,
    today,
    tr,
    workbook,
)

# Catalog keys of the five SIPAS factors and of the survey channels, which the sheet writes
# in Vietnamese; a value outside these lists is shown as written.
FACTOR_KEYS = dict(
    zip(SURVEY_FACTORS, ("access", "procedures", "servants", "results", "feedback"), strict=True)
)
CHANNEL_KEYS = dict(
    zip(SURVEY_CHANNELS, ("paper", "kiosk", "online", "email", "forms"), strict=True)
)
QUARTER_PARAM = "quy"  # /public?quy=2017-4: the public results of Quý IV/2017
TREND_QUARTERS = 8  # the trend chart shows at most the last two years
GREEN = "#2E7D32"
CHART_HEIGHT = 230
PUBLIC_NO_PRINT = "survey_public_no_print"  # container key: Streamlit adds .st-key-<key>

# Fixed CSS, never user data. On paper: no sidebar, header, menu, tabs or pickers, the page
# allowed to grow past the screen (Streamlit scrolls inside a fixed-height box), small type,
# so the quarter's results fit one A4 sheet for the desk.
PRINT_STYLE = f"""<style>
@media print {{
  @page {{ size: A4 portrait; margin: 12mm 12mm 12mm 12mm; }}
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stExpandSidebarButton"], [data-testid="stBottom"],
  [data-testid="stElementToolbar"], [data-testid="stTabs"] [role="tablist"],
  [class*="st-key-{PUBLIC_NO_PRINT}"], [data-testid="stHeading"]:has(h1) {{
    display: none !important;
  }}
  html, body, .stApp, [data-testid="stApp"], [data-testid="stAppViewContainer"],
  [data-testid="stMain"], [data-testid="stMainBlockContainer"] {{
    height: auto !important; min-height: 0 !important; overflow: visible !important;
    position: static !important;
  }}
  [data-testid="stMainBlockContainer"] {{ padding: 0 !important; max-width: none !important; }}
  [data-testid="stVerticalBlock"] {{ gap: 0.35rem !important; }}
  [data-testid="stElementContainer"], [data-testid="stLayoutWrapper"] {{
    margin-bottom: 0.35rem !important;
  }}
  [data-testid="stTabPanel"] {{ padding-top: 0 !important; }}
  [data-testid="stColumn"] {{ margin-bottom: 0 !important; }}
  [data-testid="stHeading"] [data-testid="stMarkdownContainer"] {{ margin-bottom: 0 !important; }}
  body, p, li, td, th {{ font-size: 9pt !important; line-height: 1.3 !important; }}
  h2 {{ font-size: 15pt !important; padding: 0 0 0.2rem 0 !important; }}
  h3 {{ font-size: 11pt !important; padding: 0.3rem 0 0.1rem 0 !important; }}
  td, th {{ padding: 0.15rem 0.4rem !important; }}
  [data-testid="stTable"] [data-testid="stMarkdownContainer"] {{ max-width: none !important; }}
  [data-testid="stHorizontalBlock"] {{ display: flex !important; flex-wrap: nowrap !important; }}
  [data-testid="stColumn"] {{ min-width: 0 !important; }}
  [data-testid="stMetricValue"] p {{ font-size: 24pt !important; line-height: 1.2 !important; }}
  [data-testid="stTable"], [data-testid="stMetric"] {{ break-inside: avoid; }}
}}
</style>"""


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyData:
    """The questionnaire, the responses and the codes of its 1–5 questions."""

    questions: pd.DataFrame
    responses: pd.DataFrame
    codes: list[str]

    def question_text(self, code: str) -> str:
        """A question's text in the reader's language (Vietnamese when there is no English)."""
        rows = self.questions[self.questions["code"].astype(str).str.strip() == code]
        if rows.empty:
            return code
        row = rows.iloc[0]
        english = row.get("text_en")
        if lang() == "en" and isinstance(english, str) and english.strip():
            return english.strip()
        return str(row.get("text_vi") or code).strip()

    def factor_of(self, code: str) -> str:
        rows = self.questions[self.questions["code"].astype(str).str.strip() == code]
        factor = rows.iloc[0].get("factor") if not rows.empty else None
        return factor if isinstance(factor, str) else ""


def survey_data(book: Workbook) -> SurveyData:
    questions = book.frame("survey_questions")
    return SurveyData(questions, book.frame("survey_responses"), sv.scale_codes(questions))


def quarters_with_responses(responses: pd.DataFrame) -> list[tuple[int, int]]:
    """(year, quarter) of every quarter with at least one response, newest first."""
    stamps = pd.to_datetime(responses["submitted_at"], errors="coerce").dropna()
    found = {(int(s.year), (int(s.month) - 1) // 3 + 1) for s in stamps}
    return sorted(found, reverse=True)


def factor_label(factor: str) -> str:
    """A SIPAS factor in the reader's language; an unknown one as written."""
    if not factor:
        return tr("survey_results.factor.none")
    key = FACTOR_KEYS.get(factor)
    return tr(f"survey_results.factor.{key}") if key else factor


def channel_label(channel: str) -> str:
    key = CHANNEL_KEYS.get(channel)
    return tr(f"survey_results.channel.{key}") if key else (channel or "–")


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


# --- words for figures ------------------------------------------------------------------------


def interval_text(score: sv.Score) -> str:
    """ "65,7–81,8%", or a dash when there are no answers."""
    if score.share is None:
        return "–"
    # Word joiners around the dash: the interval never breaks over two lines.
    return f"{fmt_number(100 * (score.low or 0.0), 1)}\u2060–\u2060{fmt_percent(score.high)}"


def figure_caption(score: sv.Score) -> str:
    """The interval and n under a figure: "KTC 95%: 65,7–81,8% · n = 110 phiếu"."""
    if score.share is None:
        return tr("survey_results.no_answers")
    return tr("survey_results.overall_caption", interval=interval_text(score), n=score.n)


def change_sentence(points: float, verdict: str) -> str:
    """ "tăng 6,2 điểm, vượt ngưỡng nhiễu" or "giảm 1,0 điểm, trong phạm vi nhiễu"."""
    rounded = fmt_number(abs(points), 1)
    if rounded.strip("0,.") == "":
        direction = tr("survey_results.change.flat")
    elif points > 0:
        direction = tr("survey_results.change.up", points=rounded)
    else:
        direction = tr("survey_results.change.down", points=rounded)
    beyond = verdict in ("up", "down")
    noise = tr("survey_results.change.beyond" if beyond else "survey_results.change.noise")
    return f"{direction}, {noise}"


def signed_points(points: float) -> str:
    """ "+6,2", "−3,1" (a true minus sign), "0,0"."""
    text = fmt_number(points, 1)
    if text.startswith("-"):
        return "\u2212" + text[1:]
    return text if text.strip("0,.") == "" else "+" + text


def pace_sentence(pace: sv.Pace) -> str:
    """ "42 phiếu / mục tiêu 30: đạt", or for a running quarter "12 phiếu sau 6/13 tuần: …"."""
    if pace.finished:
        if pace.count >= pace.target:
            return tr("survey_results.pace.met", count=pace.count, target=pace.target)
        return tr(
            "survey_results.pace.missed",
            count=pace.count,
            target=pace.target,
            remaining=pace.remaining,
        )
    weeks = max(1, round(pace.days_elapsed / 7))
    total_weeks = max(1, round(pace.days_total / 7))
    key = "survey_results.pace.on_track" if pace.on_track else "survey_results.pace.behind"
    return tr(
        key,
        count=pace.count,
        weeks=weeks,
        total_weeks=total_weeks,
        expected=pace.expected,
        target=pace.target,
    )


def note(score: sv.Score) -> str:
    return tr("survey_results.note.small") if score.small else ""


# --- tables -----------------------------------------------------------------------------------


def scores_table(scores: Sequence[sv.Score], first: str, labels: Sequence[str]) -> pd.DataFrame:
    """Label, index, interval, n and, when a row has fewer than 30 responses, a note; as
    st.table shows them (markdown: every label is escaped)."""
    table = pd.DataFrame(
        {
            first: [escape_md(label) for label in labels],
            tr("survey_results.col.share"): [fmt_percent(s.share) for s in scores],
            tr("survey_results.col.interval"): [interval_text(s) for s in scores],
            tr("survey_results.col.n"): [fmt_number(s.n) for s in scores],
        }
    )
    if any(s.small for s in scores):
        table[tr("survey_results.col.note")] = [note(s) for s in scores]
    return table


def question_table(data: SurveyData, scores: Sequence[sv.Score], with_factor: bool) -> pd.DataFrame:
    """One row per question: code, text in the reader's language, (factor,) figures."""
    table = scores_table(
        scores,
        tr("survey_results.col.question"),
        [data.question_text(s.label) for s in scores],
    )
    table.insert(0, tr("survey_results.col.code"), [escape_md(s.label) for s in scores])
    if with_factor:
        factors = [escape_md(factor_label(data.factor_of(s.label))) for s in scores]
        table.insert(2, tr("survey_results.col.factor"), factors)
    return table


def lowest_first(scores: Sequence[sv.Score]) -> list[sv.Score]:
    """Weakest first, scores with no answers last (as reform.surveys.by_question orders)."""
    return sorted(scores, key=lambda s: (s.share is None, s.share or 0.0))


def in_questionnaire_order(data: SurveyData, scores: Sequence[sv.Score]) -> list[sv.Score]:
    rank = {code: i for i, code in enumerate(data.codes)}
    return sorted(scores, key=lambda s: rank.get(s.label, len(rank)))


def show_table(table: pd.DataFrame) -> None:
    st.table(table, hide_index=True, border="horizontal")


# --- downloads --------------------------------------------------------------------------------


def export_frame(data: SurveyData, year: int, quarter: int) -> pd.DataFrame:
    """The aggregated results of a quarter: overall, by factor, question and field.

    No comment and no contact: only labels (factor, question code and text, field name) and
    figures. Shares are percentages with one decimal.
    """
    period = quarter_period(year, quarter)
    responses = data.responses
    rows: list[tuple[str, str, str, sv.Score]] = [
        (
            tr("survey_results.export.section.overall"),
            tr("survey_results.export.overall_label"),
            "",
            sv.score(responses, data.codes, period),
        )
    ]
    for score in sv.by_factor(responses, data.questions, period):
        rows.append(
            (tr("survey_results.export.section.factor"), factor_label(score.label), "", score)
        )
    questions = sv.by_question(responses, data.questions, period)
    for score in in_questionnaire_order(data, questions):
        rows.append(
            (
                tr("survey_results.export.section.question"),
                score.label,
                data.question_text(score.label),
                score,
            )
        )
    for score in sv.by_field(responses, data.codes, period):
        rows.append(
            (
                tr("survey_results.export.section.field"),
                score.label or tr("survey_results.field.none"),
                "",
                score,
            )
        )

    def percent(value: float | None) -> float | None:
        return None if value is None else round(100 * value, 1)

    label = quarter_label(year, quarter)
    yes, no = tr("common.yes"), tr("common.no")
    return pd.DataFrame(
        {
            tr("survey_results.export.quarter"): [label] * len(rows),
            tr("survey_results.export.section"): [r[0] for r in rows],
            tr("survey_results.export.label"): [r[1] for r in rows],
            tr("survey_results.export.text"): [r[2] for r in rows],
            tr("survey_results.export.n"): [r[3].n for r in rows],
            tr("survey_results.export.answers"): [r[3].answers for r in rows],
            tr("survey_results.export.satisfied"): [r[3].satisfied for r in rows],
            tr("survey_results.export.share"): [percent(r[3].share) for r in rows],
            tr("survey_results.export.low"): [percent(r[3].low) for r in rows],
            tr("survey_results.export.high"): [percent(r[3].high) for r in rows],
            tr("survey_results.export.small"): [yes if r[3].small else no for r in rows],
        }
    )


def csv_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADERS):
        return "'" + value
    return value


def results_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads the Vietnamese letters."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object:
            safe[column] = safe[column].map(csv_safe)
    return safe.to_csv(index=False, quoting=csv.QUOTE_MINIMAL).encode("utf-8-sig")


def results_xlsx(frame: pd.DataFrame, notes: Sequence[str]) -> bytes:
    """One sheet of results (header frozen, shares with one decimal) and one of notes."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = tr("survey_results.download.sheet")
    bold = Font(bold=True)
    percent_columns = {
        tr("survey_results.export.share"),
        tr("survey_results.export.low"),
        tr("survey_results.export.high"),
    }
    for col, header in enumerate(frame.columns, start=1):
        cell = sheet.cell(row=1, column=col)
        put_cell(cell, header)
        cell.font = bold
        widest = max([len(str(header))] + [len(str(v)) for v in frame[header]])
        sheet.column_dimensions[cell.column_letter].width = min(max(widest + 2, 8), 60)
    for row, values in enumerate(frame.itertuples(index=False), start=2):
        for col, (header, value) in enumerate(zip(frame.columns, values, strict=True), start=1):
            cell = sheet.cell(row=row, column=col)
            put_cell(cell, None if value is None or value != value else value)
            if header in percent_columns:
                cell.number_format = "0.0"
    sheet.freeze_panes = "A2"
    notes_sheet = book.create_sheet(tr("survey_results.download.notes_sheet"))
    for row, line in enumerate(notes, start=1):
        put_cell(notes_sheet.cell(row=row, column=1), line)
    notes_sheet.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_notes(book: Workbook, year: int, quarter: int) -> list[str]:
    return [
        line
        for line in (
            agency_name(book),
            tr("survey_results.public.title", quarter=quarter_label(year, quarter)),
            tr("survey_results.definition"),
            tr("survey_results.export.small_note", minimum=SMALL_SAMPLE),
            tr("survey_results.export.created", date=fmt_date(today())),
        )
        if line
    ]


def downloads(book: Workbook, data: SurveyData, year: int, quarter: int) -> None:
    frame = export_frame(data, year, quarter)
    name = f"khao-sat-{year}-q{quarter}"
    left, right = st.columns(2)
    left.download_button(
        tr("survey_results.download.csv"),
        results_csv(frame),
        file_name=f"{name}.csv",
        mime="text/csv",
        icon=":material/download:",
        help=tr("survey_results.download.help"),
        key="survey_results_csv",
        on_click="ignore",
        width="stretch",
    )
    right.download_button(
        tr("survey_results.download.xlsx"),
        results_xlsx(frame, export_notes(book, year, quarter)),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table_view:",
        help=tr("survey_results.download.help"),
        key="survey_results_xlsx",
        on_click="ignore",
        width="stretch",
    )


# --- charts -----------------------------------------------------------------------------------


def trend_frame(data: SurveyData, year: int, quarter: int) -> pd.DataFrame:
    """The quarters up to the chosen one (at most TREND_QUARTERS), from the first with data."""
    found = quarters_with_responses(data.responses)
    first_year = min([y for y, _ in found] + [year])
    frames = []
    for each_year in range(first_year, year + 1):
        frame = sv.quarterly(data.responses, data.codes, each_year)
        frame = frame[["quarter", "n", "share", "low", "high", "small"]]
        # Float columns even in a year with no answers, so the years stack cleanly.
        frame = frame.astype({"share": "float64", "low": "float64", "high": "float64"})
        frames.append(frame.assign(year=each_year))
    table = pd.concat(frames, ignore_index=True)
    table = table[(table["year"] < year) | (table["quarter"] <= quarter)]
    with_data = table.index[table["n"] > 0]
    if len(with_data):
        table = table.loc[with_data[0] :]
    table = table.tail(TREND_QUARTERS).reset_index(drop=True)
    table["label"] = [
        quarter_label(y, q) for y, q in zip(table["year"], table["quarter"], strict=True)
    ]
    table["chosen"] = (table["year"] == year) & (table["quarter"] == quarter)
    table["share_text"] = [fmt_percent(s, 0) if pd.notna(s) else "" for s in table["share"]]
    table["interval_text"] = [
        f"{fmt_percent(lo)}–{fmt_percent(hi)}" if pd.notna(lo) else "–"
        for lo, hi in zip(table["low"], table["high"], strict=True)
    ]
    return table


def trend_chart(table: pd.DataFrame) -> alt.LayerChart:
    """The index per quarter: a line through the points, the 95% interval as a band and as
    a bar per quarter; a quarter with fewer than 30 responses drawn pale."""
    labels = list(table["label"])
    base = alt.Chart(table).encode(
        x=alt.X("label:N", sort=labels, title=None, axis=alt.Axis(labelAngle=0, labelLimit=120))
    )
    y = alt.Y(
        "share:Q",
        title=tr("survey_results.trend.axis"),
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%"),
    )
    pale = alt.condition("datum.small", alt.value(0.35), alt.value(1.0))
    tooltip = [
        alt.Tooltip("label:N", title=tr("survey_results.trend.quarter")),
        alt.Tooltip("share_text:N", title=tr("survey_results.trend.share")),
        alt.Tooltip("interval_text:N", title=tr("survey_results.col.interval")),
        alt.Tooltip("n:Q", title=tr("survey_results.trend.n")),
    ]
    band = base.mark_area(color=GREEN, opacity=0.12).encode(y=alt.Y("low:Q"), y2="high:Q")
    bars = base.mark_rule(color=GREEN, strokeWidth=3).encode(
        y="low:Q",
        y2="high:Q",
        opacity=alt.condition("datum.small", alt.value(0.25), alt.value(0.6)),
    )
    line = base.mark_line(color=GREEN, strokeWidth=2).encode(y=y)
    points = base.mark_point(filled=True, color=GREEN).encode(
        y=y,
        opacity=pale,
        size=alt.condition("datum.chosen", alt.value(160), alt.value(70)),
        tooltip=tooltip,
    )
    figures = base.mark_text(dy=-12, fontWeight="bold", baseline="bottom").encode(
        y=alt.Y("high:Q"), text="share_text:N", opacity=pale
    )
    return (band + bars + line + points + figures).properties(height=CHART_HEIGHT)


def channel_chart(counts: pd.DataFrame) -> alt.Chart:
    counts = counts.assign(name=[channel_label(c) for c in counts["channel"]])
    top = max(int(counts["count"].max()), 1) * 1.15
    base = alt.Chart(counts).encode(
        y=alt.Y("name:N", sort=list(counts["name"]), title=None, axis=alt.Axis(labelLimit=160)),
        x=alt.X(
            "count:Q",
            title=tr("survey_results.counts.count"),
            scale=alt.Scale(domain=[0, top]),
            axis=alt.Axis(tickMinStep=1, format="d"),
        ),
        tooltip=[
            alt.Tooltip("name:N", title=tr("survey_results.counts.channel")),
            alt.Tooltip("count:Q", title=tr("survey_results.counts.count")),
        ],
    )
    bars = base.mark_bar(color="#1565C0", size=18)
    figures = base.mark_text(align="left", dx=4).encode(text="count:Q")
    return (bars + figures).properties(height=alt.Step(34))


def week_chart(weeks: pd.DataFrame, per_week: float) -> alt.LayerChart:
    weeks = weeks.assign(
        label=[f"{d:%d/%m}" for d in weeks["start"]],
        range=[
            tr("survey_results.counts.week_range", week=w, start=fmt_date(s), end=fmt_date(e))
            for w, s, e in zip(weeks["week"], weeks["start"], weeks["end"], strict=True)
        ],
    )
    top = max(float(weeks["count"].max()), per_week) + 2
    bars = (
        alt.Chart(weeks)
        .mark_bar(color="#1565C0")
        .encode(
            x=alt.X(
                "label:N",
                sort=list(weeks["label"]),
                title=tr("survey_results.counts.week_label"),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y(
                "count:Q",
                title=tr("survey_results.counts.count"),
                scale=alt.Scale(domain=[0, top]),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            tooltip=[
                alt.Tooltip("range:N", title=tr("survey_results.counts.week")),
                alt.Tooltip("count:Q", title=tr("survey_results.counts.count")),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"pace": [per_week]}))
        .mark_rule(color="#424242", strokeDash=[4, 3])
        .encode(y="pace:Q")
    )
    return (bars + rule).properties(height=CHART_HEIGHT)


# --- the staff view ---------------------------------------------------------------------------


def staff_quarter(responses: pd.DataFrame) -> tuple[int, int]:
    """Year and quarter pickers; by default the latest quarter with responses.

    The running quarter can be picked even before its first response, to follow the pace.
    """
    found = quarters_with_responses(responses)
    now = today()
    current = (now.year, (now.month - 1) // 3 + 1)
    default = found[0] if found else current
    # A link naming a quarter (?quy=2017-3, the overview's "too few responses") opens it.
    asked = parse_quarter(st.query_params.get(QUARTER_PARAM))
    if asked is not None and asked <= current and asked[0] in {y for y, _ in found} | {now.year}:
        default = asked
    years = sorted({y for y, _ in found} | {current[0], default[0]}, reverse=True)
    year_col, quarter_col, _ = st.columns([1, 1, 3])
    year = year_col.selectbox(
        tr("survey_results.year"), years, index=years.index(default[0]), key="survey_results_year"
    )
    quarters = [1, 2, 3, 4]
    if year == current[0]:
        later = {q for y, q in found if y == year and q > current[1]}
        quarters = sorted(set(range(1, current[1] + 1)) | later)
    in_year = [q for y, q in found if y == year]
    chosen = default[1] if year == default[0] else (in_year[0] if in_year else quarters[-1])
    quarter = quarter_col.selectbox(
        tr("survey_results.quarter"),
        quarters,
        index=quarters.index(chosen),
        format_func=lambda q: quarter_label(year, q),
        # One picker per year, so a year's default is its own latest quarter.
        key=f"survey_results_quarter_{year}",
    )
    return int(year), int(quarter)


def headline(data: SurveyData, year: int, quarter: int, period: Period) -> sv.Score:
    """Three cards: the index, the change from the previous quarter, and the count."""
    overall = sv.score(data.responses, data.codes, period)
    label = quarter_label(year, quarter)
    index_col, change_col, count_col = st.columns(3)
    index_col.metric(
        tr("survey_results.overall", quarter=label),
        fmt_percent(overall.share),
        border=True,
        help=tr("survey_results.definition"),
    )
    index_col.caption(figure_caption(overall))

    quarters = sv.quarterly(data.responses, data.codes, year)
    row = quarters[quarters["quarter"] == quarter].iloc[0]
    before = quarter_label(*previous_quarter(year, quarter))
    if pd.isna(row["change"]) or not isinstance(row["verdict"], str):
        change_col.metric(
            tr("survey_results.change.label", quarter=before),
            "–",
            border=True,
            help=tr("survey_results.change.help"),
        )
        change_col.caption(tr("survey_results.change.none", quarter=before))
    else:
        change_col.metric(
            tr("survey_results.change.label", quarter=before),
            tr("survey_results.change.value", points=signed_points(row["change"])),
            border=True,
            help=tr("survey_results.change.help"),
        )
        change_col.caption(
            tr(
                "survey_results.change.caption",
                sentence=change_sentence(row["change"], row["verdict"]),
                low=signed_points(row["change_low"]),
                high=signed_points(row["change_high"]),
            )
        )

    count = int(sv.counts_by_channel(data.responses, period)["count"].sum())
    target = int(settings().survey_quarter_target)
    pace = sv.on_track(count, period, today(), target)
    count_col.metric(
        tr("survey_results.count.label"),
        fmt_number(count),
        border=True,
        help=tr("survey_results.count.help", target=target),
    )
    count_col.caption(pace_sentence(pace))
    if overall.share is not None and overall.small:
        st.warning(
            tr("survey_results.small_sample", n=overall.n, minimum=SMALL_SAMPLE),
            icon=":material/warning:",
        )
    return overall


def trend_view(data: SurveyData, year: int, quarter: int) -> None:
    st.subheader(tr("survey_results.trend.title"))
    table = trend_frame(data, year, quarter)
    if table["n"].sum() == 0:
        st.info(tr("survey_results.no_answers"))
        return
    show_chart(trend_chart(table), f"chi-so-hai-long-den-quy-{quarter}-{year}")
    st.caption(tr("survey_results.trend.caption", minimum=SMALL_SAMPLE))


def factor_view(data: SurveyData, period: Period) -> None:
    st.subheader(tr("survey_results.factors.title"))
    scores = lowest_first(sv.by_factor(data.responses, data.questions, period))
    show_table(
        scores_table(
            scores, tr("survey_results.col.factor"), [factor_label(s.label) for s in scores]
        )
    )
    st.caption(tr("survey_results.lowest_first"))


def improve_view(data: SurveyData, period: Period) -> None:
    """The questions from the weakest: the first rows are what to improve."""
    st.subheader(tr("survey_results.improve.title"))
    scores = sv.by_question(data.responses, data.questions, period)
    answered = [s for s in scores if s.share is not None]
    if not answered:
        st.info(tr("survey_results.no_answers"))
        return
    lines = [
        tr(
            "survey_results.improve.item",
            code=escape_md(s.label),
            text=escape_md(data.question_text(s.label)),
            figure=s.figure(lang()),
        )
        for s in answered[:3]
    ]
    st.markdown(tr("survey_results.improve.lead") + "\n\n" + "\n".join(lines))
    show_table(question_table(data, scores, with_factor=True))
    st.caption(tr("survey_results.improve.caption"))


def field_view(data: SurveyData, period: Period) -> None:
    st.subheader(tr("survey_results.fields.title"))
    scores = sv.by_field(data.responses, data.codes, period)
    if not scores:
        st.info(tr("survey_results.no_answers"))
        return
    labels = [s.label or tr("survey_results.field.none") for s in scores]
    show_table(scores_table(scores, tr("survey_results.col.field"), labels))


def comments_view(data: SurveyData, period: Period) -> None:
    """The quarter's comments, newest first, escaped; the contact column is never read."""
    st.subheader(tr("survey_results.comments.title"))
    table = sv.comments(data.responses, period)
    if table.empty:
        st.info(tr("survey_results.comments.none"))
        return
    st.caption(tr("survey_results.comments.caption", count=len(table)))
    lines = []
    for row in table.itertuples(index=False):
        where = " · ".join(
            part
            for part in (
                fmt_date(row.submitted_at),
                channel_label(str(row.channel or "")),
                str(row.procedure_field or ""),
            )
            if part and part != "–"
        )
        lines.append(f"- :gray[{escape_md(where)}] — {escape_md(row.comment)}")
    with st.container(height=320 if len(lines) > 8 else "content"):
        st.markdown("\n".join(lines))


def counts_view(data: SurveyData, period: Period) -> None:
    """Responses by channel and by ISO week, with the pace the target needs."""
    st.subheader(tr("survey_results.counts.title"))
    channels = sv.counts_by_channel(data.responses, period, SURVEY_CHANNELS)
    weeks = sv.counts_by_week(data.responses, period)
    target = int(settings().survey_quarter_target)
    days = (period.end - period.start).days + 1
    per_week = target * 7 / days
    tag = f"quy-{(period.start.month - 1) // 3 + 1}-{period.start.year}"  # a quarter's period
    left, right = st.columns([2, 3], gap="large")
    with left:
        show_chart(channel_chart(channels), f"phieu-khao-sat-theo-kenh-{tag}")
    with right:
        show_chart(week_chart(weeks, per_week), f"phieu-khao-sat-theo-tuan-{tag}")
        st.caption(
            tr("survey_results.counts.pace_rule", rate=fmt_number(per_week, 1), target=target)
        )


def results_view() -> None:
    """The quarter's results for staff: figures with n and interval, trend, what to improve,
    fields, comments, response counts and pace, and the downloads."""
    book = workbook()
    if book is None:
        return
    data = survey_data(book)
    if not data.codes:
        st.info(tr("survey_results.no_questions"))
        return
    year, quarter = staff_quarter(data.responses)
    period = quarter_period(year, quarter)
    st.caption(tr("survey_results.definition"))
    headline(data, year, quarter, period)
    left, right = st.columns(2, gap="large")
    with left:
        trend_view(data, year, quarter)
    with right:
        factor_view(data, period)
    improve_view(data, period)
    left, right = st.columns([3, 2], gap="large")
    with left:
        field_view(data, period)
    with right:
        comments_view(data, period)
    counts_view(data, period)
    st.subheader(tr("survey_results.download.title"))
    downloads(book, data, year, quarter)


# --- the public view --------------------------------------------------------------------------


def parse_quarter(text: object) -> tuple[int, int] | None:
    """ "2017-4" → (2017, 4); anything else → None."""
    year, _, quarter = str(text or "").strip().partition("-")
    if year.isdigit() and quarter in ("1", "2", "3", "4"):
        return int(year), int(quarter)
    return None


def quarter_param(value: tuple[int, int]) -> str:
    return f"{value[0]}-{value[1]}"


def public_quarter(found: list[tuple[int, int]]) -> tuple[tuple[int, int], str]:
    """The quarter picker, preselected from ?quy=2017-4; picking one puts it in the URL, so
    the address can be copied for the website. Also returns, on the first run only, a ?quy=
    value that names no quarter with results ("" otherwise)."""
    key = "survey_public_quarter"
    unknown = ""
    if key not in st.session_state:
        wanted = str(st.query_params.get(QUARTER_PARAM) or "")
        asked = parse_quarter(wanted)
        st.session_state[key] = asked if asked in found else found[0]
        unknown = wanted if wanted and asked not in found else ""
    elif st.session_state[key] not in found:  # the data changed under the session
        st.session_state[key] = found[0]

    def remember() -> None:
        st.query_params[QUARTER_PARAM] = quarter_param(st.session_state[key])

    chosen = st.selectbox(
        tr("survey_results.quarter"),
        found,
        format_func=lambda value: quarter_label(*value),
        key=key,
        on_change=remember,
    )
    return chosen, unknown


def page_link(chosen: tuple[int, int]) -> str:
    """This page's address for the chosen quarter (and language, when not Vietnamese): under
    the public_url setting when there is one, else as the browser reached it."""
    public_url = str(getattr(settings(), "public_url", "") or "").strip().rstrip("/")
    if public_url:
        base = f"{public_url}/public"
    else:
        try:
            base = str(st.context.url or "")
        except Exception:  # noqa: BLE001 - no browser behind the session
            base = ""
        base = base.split("?", 1)[0].split("#", 1)[0]
    query = f"?{QUARTER_PARAM}={quarter_param(chosen)}"
    if lang() != "vi":
        query += f"&lang={lang()}"
    return base + query


def public_results_view() -> None:
    """The public results of a quarter: the index overall, by factor and by question, with n
    and interval. No comment, no contact, nothing a respondent wrote."""
    book = workbook()
    if book is None:
        return
    data = survey_data(book)
    found = quarters_with_responses(data.responses)
    if not data.codes or not found:
        st.info(tr("survey_results.public.none"))
        return
    st.html(PRINT_STYLE)
    with st.container(key=PUBLIC_NO_PRINT):
        picker, hint = st.columns([1, 3], vertical_alignment="bottom")
        with picker:
            (year, quarter), unknown = public_quarter(found)
        hint.caption(tr("survey_results.public.print"))
        if unknown:
            st.info(
                tr(
                    "survey_results.public.bad_param",
                    value=escape_md(unknown[:20]),
                    quarter=quarter_label(year, quarter),
                ),
                icon=":material/info:",
            )
    period = quarter_period(year, quarter)
    overall = sv.score(data.responses, data.codes, period)

    st.header(tr("survey_results.public.title", quarter=quarter_label(year, quarter)))
    agency = agency_name(book)
    as_of = min(today(), period.end)
    facts = [escape_md(agency)] if agency else []
    if as_of < period.end:
        facts.append(tr("survey_results.public.as_of", date=fmt_date(as_of)))
    if facts:
        st.caption(" · ".join(facts))
    st.caption(tr("survey_results.definition"))

    left, right = st.columns([1, 2], gap="large")
    with left:
        left.metric(tr("survey_results.public.index"), fmt_percent(overall.share), border=True)
        left.caption(figure_caption(overall))
        left.markdown(tr("survey_results.public.responses", n=fmt_number(overall.n)))
        if overall.share is not None and overall.small:
            st.warning(tr("survey_results.small_sample", n=overall.n, minimum=SMALL_SAMPLE))
    with right:
        st.subheader(tr("survey_results.factors.title"))
        factors = sv.by_factor(data.responses, data.questions, period)
        show_table(
            scores_table(
                factors, tr("survey_results.col.factor"), [factor_label(s.label) for s in factors]
            )
        )
    st.subheader(tr("survey_results.public.questions"))
    scores = in_questionnaire_order(data, sv.by_question(data.responses, data.questions, period))
    show_table(question_table(data, scores, with_factor=False))
    with st.container(key=f"{PUBLIC_NO_PRINT}_link"):
        st.caption(tr("survey_results.public.link"))
        st.code(page_link((year, quarter)), language=None)
