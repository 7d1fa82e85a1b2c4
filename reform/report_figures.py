"""The figures of each area of the report: tasks, activities, surveys, feedback, one-stop
dossiers and indices, for the period of a report (reform.report gathers them).

Each function takes the store's typed frames and returns None when the area has nothing in
the period, so that the document says so instead of showing zeros. Figures come from the
functions the pages use (reform.tasks, activities, surveys, feedback, dossiers, indices).
What the sheet does not date (a task's progress, a feedback item's publication or
forwarding) is read as it stands now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from reform import dossiers as dossier_figures
from reform import feedback as fb
from reform import indices as index_figures
from reform import surveys
from reform.activities import totals_by_type, web_post_compliance
from reform.metrics import Period, dossiers_by_month
from reform.report_period import ReportPeriod
from reform.tasks import (
    DONE,
    as_they_stood,
    canonical_unit,
    normalize_ref,
    period_table,
    task_ref,
    task_states,
    unit_aliases,
)

EVIDENCE_LIMIT = 3  # links listed per task; the rest are counted
IN_PROGRESS = "Đang thực hiện"
PAUSED = "Tạm dừng"
TASK_STATES = ("done", "in_progress", "not_started", "paused")


@dataclass(frozen=True)
class TaskLine:
    """One task of the plan as it stood at the report's date."""

    ref: str
    section: str
    number: int | None
    content: str
    deadline_text: str
    lead_unit: str
    support_units: str
    method: str
    state: str  # done, in_progress, not_started, paused (at the period's end)
    overdue: bool  # past its due date, or a period missed, and not done
    overdue_period: str  # when overdue: the last period missed ("Quý I/2017"), or ""
    due_date: dt.date | None
    progress: int | None  # as recorded now (the sheet keeps no history)
    completed_on: dt.date | None
    periods: tuple[tuple[str, str], ...]  # (label, passed/missed/open) within the period
    evidence: tuple[str, ...]  # the task's link, then its activities' in the period
    more_evidence: int  # links beyond EVIDENCE_LIMIT


@dataclass(frozen=True)
class TaskFigures:
    lines: tuple[TaskLine, ...]
    by_section: pd.DataFrame  # section, total, done, in_progress, not_started, paused, overdue
    by_unit: pd.DataFrame  # lead_unit and the same counts
    periods_met: int  # periods of recurring tasks within the report period
    periods_missed: int


@dataclass(frozen=True)
class ActivityFigures:
    total: int
    by_type: pd.DataFrame  # type, count, quantity (reform.activities.totals_by_type)
    web_months: pd.DataFrame  # month, posts, met, state for the months judged so far
    web_minimum: int


@dataclass(frozen=True)
class SurveyFigures:
    overall: surveys.Score
    by_factor: tuple[surveys.Score, ...]
    quarters: pd.DataFrame  # reform.surveys.quarterly rows of the year up to the period's end


@dataclass(frozen=True)
class FeedbackFigures:
    received: int
    by_category: pd.DataFrame  # category, count
    answered: int
    forwarded: int
    not_handled: int
    open: int
    published: int
    median_days: float | None  # working days from receipt to answer
    on_time: fb.OnTimeShare


@dataclass(frozen=True)
class DossierFigures:
    totals: dict[str, int]  # reform.dossiers.totals
    on_time: dossier_figures.Rate
    online: dossier_figures.Rate
    by_field: pd.DataFrame  # reform.dossiers.figures_by(…, "procedure_field")
    by_month: pd.DataFrame  # month, timeliness (early, on_time, late), count


@dataclass(frozen=True)
class IndexFigures:
    year: int
    rows: pd.DataFrame  # reform.indices.publication


def text(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return " ".join(str(value).split())


def lines_text(value: Any) -> str:
    """Text kept line by line (the plan's "- " bullets), spaces tidied within each line."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    lines = (" ".join(line.split()) for line in str(value).splitlines())
    return "\n".join(line for line in lines if line)


def _dates(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_datetime(frame[column], errors="coerce")


# --- tasks -------------------------------------------------------------------------------


def _state(status: object) -> str:
    return {DONE: "done", IN_PROGRESS: "in_progress", PAUSED: "paused"}.get(
        text(status), "not_started"
    )


def task_figures(
    tasks: pd.DataFrame,
    activities: pd.DataFrame,
    units: pd.DataFrame,
    period: ReportPeriod,
    today: dt.date,
) -> TaskFigures | None:
    """The plan's tasks at the period's end: state, overdue, periods met, evidence."""
    rows = tasks[tasks["year"] == period.year]
    if rows.empty:
        return None
    # Done by the period's end, or by today while it runs (a date typed ahead is not done).
    rows = as_they_stood(rows, min(today, period.end))
    # Deadlines are judged the day after the period (a task due on its last day is late
    # then), or today while the period runs: as reform.metrics.judging_day does for a year.
    judged_on = min(today, period.end + dt.timedelta(days=1))
    counted = activities[_dates(activities, "date") <= pd.Timestamp(period.end)]
    states = task_states(rows, counted, period.year, judged_on, horizon_days=0)
    periods = period_table(rows, counted, period.year, judged_on)
    periods = periods[(periods["start"] <= period.end) & (periods["end"] >= period.start)]
    in_period = Period(period.start, period.end).rows_in(activities, "date")
    lines = tuple(
        _task_line(task, state, periods, in_period)
        for (_, task), (_, state) in zip(rows.iterrows(), states.iterrows(), strict=True)
    )
    lines = tuple(sorted(lines, key=lambda line: (line.section, line.number or 0)))
    aliases = unit_aliases(units)
    return TaskFigures(
        lines=lines,
        by_section=_counts(lines, lambda line: line.section, "section"),
        by_unit=_counts(lines, lambda line: canonical_unit(line.lead_unit, aliases), "lead_unit"),
        periods_met=int((periods["state"] == "passed").sum()),
        periods_missed=int((periods["state"] == "missed").sum()),
    )


def _task_line(
    task: pd.Series, state: pd.Series, periods: pd.DataFrame, activities: pd.DataFrame
) -> TaskLine:
    """The task with its state row from reform.tasks.task_states (state, period, due)."""
    ref = task_ref(task["section"], task["number"])
    mine = periods[periods["task_id"] == task["id"]]
    refs = activities["task_ref"].map(normalize_ref)
    links = [text(task.get("evidence_url"))]
    links += [text(u) for u in activities.loc[refs == ref, "evidence_url"]]
    links = list(dict.fromkeys(u for u in links if u))
    overdue = state["state"] == "overdue"
    due = task.get("due_date")
    completed = task.get("completed_on")
    return TaskLine(
        ref=ref,
        section=text(task["section"]),
        number=None if pd.isna(task["number"]) else int(task["number"]),
        content=lines_text(task.get("content")),
        deadline_text=text(task.get("deadline_text")),
        lead_unit=text(task.get("lead_unit")),
        support_units=text(task.get("support_units")),
        method=lines_text(task.get("method")),
        state=_state(task.get("status")),
        overdue=overdue,
        overdue_period=text(state["period"]) if overdue else "",
        due_date=None if pd.isna(due) else pd.Timestamp(due).date(),
        progress=None if pd.isna(task.get("progress")) else int(task["progress"]),
        completed_on=None if pd.isna(completed) else pd.Timestamp(completed).date(),
        periods=tuple(zip(mine["label"], mine["state"], strict=True)),
        evidence=tuple(links[:EVIDENCE_LIMIT]),
        more_evidence=max(0, len(links) - EVIDENCE_LIMIT),
    )


def _counts(lines: tuple[TaskLine, ...], key: Any, name: str) -> pd.DataFrame:
    """Per group: total, each state, and overdue; groups in order of first appearance."""
    records: dict[str, dict[str, Any]] = {}
    for line in lines:
        group = records.setdefault(
            key(line), {name: key(line), "total": 0, **dict.fromkeys(TASK_STATES, 0), "overdue": 0}
        )
        group["total"] += 1
        group[line.state] += 1
        group["overdue"] += int(line.overdue)
    columns = [name, "total", *TASK_STATES, "overdue"]
    return pd.DataFrame(list(records.values()), columns=columns)


# --- activities ---------------------------------------------------------------------------


def activity_figures(
    activities: pd.DataFrame,
    period: ReportPeriod,
    span: Period,
    today: dt.date,
    web_minimum: int,
) -> ActivityFigures | None:
    """Activities dated in the period by type, and the months' web posts against the minimum."""
    rows = span.rows_in(activities, "date")
    if rows.empty:
        return None
    # Judged the day after the period (its last month is over then), or today while it runs.
    judged_on = min(today, period.end + dt.timedelta(days=1))
    months = web_post_compliance(activities, period.year, judged_on, web_minimum)
    months = months[months["month"].isin(period.months)].reset_index(drop=True)
    return ActivityFigures(
        total=len(rows),
        by_type=totals_by_type(rows, period.year),
        web_months=months,
        web_minimum=web_minimum,
    )


# --- surveys ------------------------------------------------------------------------------


def survey_figures(
    responses: pd.DataFrame, questions: pd.DataFrame, period: ReportPeriod, span: Period
) -> SurveyFigures | None:
    """The index over the period with n and its interval, by factor, and by quarter."""
    codes = surveys.scale_codes(questions)
    overall = surveys.score(responses, codes, span)
    if overall.share is None:
        return None
    quarters = surveys.quarterly(responses, codes, period.year)
    last = period.quarters[-1]
    quarters = quarters[(quarters["quarter"] <= last) & (quarters["n"] > 0)]
    factors = [s for s in surveys.by_factor(responses, questions, span) if s.n]
    return SurveyFigures(overall, tuple(factors), quarters.reset_index(drop=True))


# --- feedback -----------------------------------------------------------------------------


def feedback_figures(
    frame: pd.DataFrame, period: ReportPeriod, span: Period, rules: fb.DueRules
) -> FeedbackFigures | None:
    """Items received in the period: how they were handled by its end, and how fast."""
    rows = span.rows_in(frame, "received_on")
    if rows.empty:
        return None
    answered_on = _dates(rows, "answered_on")
    # Answered by the period's end; an answer with no date counts as answered, as the
    # overview and the Phản ánh page count it.
    in_time = (answered_on <= pd.Timestamp(span.end)) | answered_on.isna()
    answered = ((rows["status"] == fb.ANSWERED) & in_time).fillna(False).astype(bool)
    published = answered & rows["published"].fillna(False).astype(bool)
    forwarded = int((rows["status"] == fb.FORWARDED).sum())
    not_handled = int((rows["status"] == fb.NOT_HANDLED).sum())
    categories = rows["category"].fillna("").value_counts()
    by_category = pd.DataFrame({"category": [c for c in fb.CATEGORIES if c in categories]}).assign(
        count=lambda f: [int(categories[c]) for c in f["category"]]
    )
    return FeedbackFigures(
        received=len(rows),
        by_category=by_category,
        answered=int(answered.sum()),
        forwarded=forwarded,
        not_handled=not_handled,
        open=len(rows) - int(answered.sum()) - forwarded - not_handled,
        published=int(published.sum()),
        median_days=fb.median_handling_days(rows[answered], rules),
        on_time=fb.on_time_share(rows, period.year, span.end, rules),
    )


# --- dossiers and indices ---------------------------------------------------------------------


def dossier_figures_for(
    dossiers: pd.DataFrame, period: ReportPeriod, as_of: dt.date
) -> DossierFigures | None:
    """The one-stop figures of the period's months up to as_of, over every field."""
    months = [m for m in period.months if dt.date(period.year, m, 1) <= as_of]
    rows = dossiers[(dossiers["year"] == period.year) & dossiers["month"].isin(months)]
    if rows.empty:
        return None
    totals = dossier_figures.totals(rows)
    return DossierFigures(
        totals=totals,
        on_time=dossier_figures.on_time_rate(totals),
        online=dossier_figures.online_share(totals),
        by_field=dossier_figures.figures_by(rows, period.year, "procedure_field"),
        by_month=dossiers_by_month(rows, period.year),
    )


def index_figures_for(indices: pd.DataFrame, year: int) -> IndexFigures | None:
    """The indices of the report's year, else of the year before (published during it)."""
    for candidate in (year, year - 1):
        rows = index_figures.publication(indices, candidate)
        if not rows.empty:
            return IndexFigures(candidate, rows)
    return None
