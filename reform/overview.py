"""The overview for a chosen period (a year, a quarter or a month): five figures, each with its
value at the end of the period before, and the short ranked list of what needs attention.

A period is judged on the day after its last day, or today while it is running. Figures read
from the sheet as it is now: a task marked Hoàn thành with no completion date counts as done
at every earlier day too, and a feedback item closed with no answer date counts as closed.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from reform import activities as act
from reform import dossiers as ds
from reform import feedback as fb
from reform import surveys as sv
from reform.metrics import DONE, Period, Satisfaction, data_years, satisfaction
from reform.tasks import as_they_stood, canonical_unit, period_table, task_states

KINDS = ("year", "quarter", "month")


@dataclass(frozen=True, order=True)
class Span:
    """A year, one of its quarters, or one of its months."""

    year: int
    quarter: int | None = None
    month: int | None = None

    @property
    def kind(self) -> str:
        return "month" if self.month else "quarter" if self.quarter else "year"

    @property
    def months(self) -> tuple[int, ...]:
        if self.month:
            return (self.month,)
        if self.quarter:
            return ds.quarter_months(self.quarter)
        return tuple(range(1, 13))

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.months[0], 1)

    @property
    def end(self) -> dt.date:
        last = self.months[-1]
        return dt.date(self.year, last, calendar.monthrange(self.year, last)[1])

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    def previous(self) -> Span:
        """The period of the same kind just before."""
        if self.month:
            year, month = ds.previous_month(self.year, self.month)
            return Span(year, None, month)
        if self.quarter:
            if self.quarter == 1:
                return Span(self.year - 1, 4)
            return Span(self.year, self.quarter - 1)
        return Span(self.year - 1)

    def survey_span(self) -> Span:
        """Surveys are read per quarter: a month is judged with its whole quarter."""
        if self.month:
            return Span(self.year, ds.quarter_of(self.month))
        return self

    def judging_day(self, today: dt.date) -> dt.date:
        """The day after the period's last day, or today while it runs."""
        return min(today, self.end + dt.timedelta(days=1))

    def param(self) -> str:
        """As written in the address: 2017, 2017-Q2, 2017-08."""
        if self.month:
            return f"{self.year}-{self.month:02d}"
        if self.quarter:
            return f"{self.year}-Q{self.quarter}"
        return str(self.year)

    @classmethod
    def parse(cls, text: object) -> Span | None:
        """ "2017" / "2017-Q2" / "2017-08" → a Span; anything else → None."""
        year, _, rest = str(text or "").strip().upper().partition("-")
        if not (year.isdigit() and len(year) == 4):
            return None
        if not rest:
            return cls(int(year))
        if rest in ("Q1", "Q2", "Q3", "Q4"):
            return cls(int(year), int(rest[1]))
        if rest.isdigit() and 1 <= int(rest) <= 12:
            return cls(int(year), None, int(rest))
        return None


def years_with_data(sources: Sources, plans: pd.DataFrame) -> list[int]:
    """The years the period picker offers: a plan's, or any with something recorded."""
    return data_years(
        {
            "plans": plans,
            "tasks": sources.tasks,
            "feedback": sources.feedback,
            "survey_responses": sources.responses,
            "activities": sources.activities,
            "dossiers": sources.dossiers,
        }
    )


def latest_span(kind: str, years: list[int], today: dt.date) -> Span:
    """The default choice: the running period of this year, or a past year's last."""
    year = max((y for y in years if y <= today.year), default=max(years, default=today.year))
    month = today.month if year == today.year else 12
    if kind == "month":
        return Span(year, None, month)
    if kind == "quarter":
        return Span(year, ds.quarter_of(month))
    return Span(year)


def spans_of(kind: str, year: int, today: dt.date) -> list[Span]:
    """The periods of a kind in a year that have begun by today, latest first."""
    if kind == "year":
        return [Span(year)]
    parts = [Span(year, q) for q in (1, 2, 3, 4)]
    if kind == "month":
        parts = [Span(year, None, m) for m in range(1, 13)]
    begun = [s for s in parts if s.start <= today] or parts[:1]
    return begun[::-1]


# --- the five figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanProgress:
    """The plan of the period's year, judged on a day: done, due by then, overdue."""

    total: int
    done: int
    due: int  # tasks with a deadline, or a recurring period, ended before the day
    overdue: int
    day: dt.date


def tasks_at(
    tasks: pd.DataFrame, activities: pd.DataFrame, year: int, day: dt.date, done_by: dt.date
) -> pd.DataFrame:
    """The year's tasks as judged on the day, with their state (reform.tasks): done when
    marked Hoàn thành and, where the date is known, completed by done_by (the period's last
    day, or today while it runs)."""
    rows = as_they_stood(tasks[tasks["year"] == year], done_by)
    return task_states(rows, activities, year, day, horizon_days=0)


def plan_progress(
    tasks: pd.DataFrame, activities: pd.DataFrame, span: Span, today: dt.date
) -> PlanProgress | None:
    """The plan of the period's year at the period's end; None when the year has no plan."""
    day = span.judging_day(today)
    rows = tasks_at(tasks, activities, span.year, day, min(today, span.end))
    if rows.empty:
        return None
    periods = period_table(rows, activities, span.year, day)
    ended = periods[pd.to_datetime(periods["end"]) < pd.Timestamp(day)]
    dated_due = rows["due_date"].notna() & (rows["due_date"] < pd.Timestamp(day))
    due = dated_due | rows["id"].isin(set(ended["task_id"]))
    return PlanProgress(
        total=len(rows),
        done=int((rows["status"] == DONE).sum()),
        due=int(due.sum()),
        overdue=int((rows["state"] == "overdue").sum()),
        day=day,
    )


@dataclass(frozen=True)
class FeedbackState:
    received: int  # in the period
    open: int  # at the judging day, whenever received
    overdue: int  # open and past the due date at the judging day


def _received(feedback: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(feedback["received_on"], errors="coerce")


def open_at(
    feedback: pd.DataFrame, as_of: dt.date, rules: fb.DueRules = fb.DEFAULT_RULES
) -> pd.DataFrame:
    """Items received by as_of and not closed by then, with their due date."""
    end = pd.Timestamp(as_of)
    received = _received(feedback)
    answered = pd.to_datetime(feedback["answered_on"], errors="coerce")
    closed = feedback["status"].isin(fb.CLOSED) & (answered.isna() | (answered <= end))
    rows = feedback[(received <= end) & ~closed]
    dues = [fb.due_for(record, rules) for record in rows.to_dict("records")]
    return rows.assign(due=pd.Series(dues, index=rows.index, dtype=object))


def overdue_at(
    feedback: pd.DataFrame, span: Span, today: dt.date, rules: fb.DueRules
) -> tuple[pd.DataFrame, pd.Series]:
    """The open items at the period's end (or today) and which of them are past due: due
    before the judging day."""
    day = span.judging_day(today)
    still_open = open_at(feedback, min(today, span.end), rules)
    return still_open, still_open["due"].map(lambda due: due is not None and due < day)


def feedback_state(
    feedback: pd.DataFrame, span: Span, today: dt.date, rules: fb.DueRules = fb.DEFAULT_RULES
) -> FeedbackState:
    received = _received(feedback)
    in_span = span.period.contains(received) & (received <= pd.Timestamp(today))
    still_open, late = overdue_at(feedback, span, today, rules)
    return FeedbackState(int(in_span.sum()), len(still_open), int(late.sum()))


def dossier_rate(dossiers: pd.DataFrame, span: Span) -> ds.Rate:
    """(early + on time) / resolved over the period's months."""
    rows = dossiers[(dossiers["year"] == span.year) & dossiers["month"].isin(span.months)]
    return ds.on_time_rate(ds.totals(rows))


@dataclass(frozen=True)
class WebPosts:
    posts: int
    target: int  # the monthly minimum times the period's months begun by the day


def web_posts(activities: pd.DataFrame, span: Span, today: dt.date, minimum: int) -> WebPosts:
    """The period's web posts, counted as the Hoạt động page counts them, against the
    minimum for each of its months begun by today."""
    months = act.web_post_compliance(activities, span.year, min(today, span.end), minimum)
    months = months[months["month"].isin(span.months)]
    return WebPosts(int(months["posts"].sum()), minimum * len(months))


@dataclass(frozen=True)
class Figures:
    """The overview's five figures for one period."""

    span: Span
    day: dt.date
    plan: PlanProgress | None
    satisfaction: Satisfaction
    feedback: FeedbackState
    dossiers: ds.Rate
    web: WebPosts


@dataclass(frozen=True)
class Sources:
    """The tabs the overview reads, as typed frames."""

    tasks: pd.DataFrame
    activities: pd.DataFrame
    responses: pd.DataFrame
    feedback: pd.DataFrame
    dossiers: pd.DataFrame
    question_codes: list[str]
    aliases: dict[str, list[str]] = field(default_factory=dict)  # units' other names
    rules: fb.DueRules = fb.DEFAULT_RULES  # feedback deadlines (sheets.rules.due_rules)


def figures(sources: Sources, span: Span, today: dt.date, web_minimum: int) -> Figures:
    day = span.judging_day(today)
    return Figures(
        span=span,
        day=day,
        plan=plan_progress(sources.tasks, sources.activities, span, today),
        satisfaction=satisfaction(
            sources.responses, sources.question_codes, span.survey_span().period
        ),
        feedback=feedback_state(sources.feedback, span, today, sources.rules),
        dossiers=dossier_rate(sources.dossiers, span),
        web=web_posts(sources.activities, span, today, web_minimum),
    )


# --- what needs attention ----------------------------------------------------------------------

# The order items are ranked in: a legal duty first (an apology letter for each late dossier,
# NĐ 61/2018 Điều 19.9; an answer by its due date), then the plan's own deadlines.
ATTENTION_KINDS = ("apology", "feedback_overdue", "tasks_overdue", "web_posts", "survey_short")


@dataclass(frozen=True)
class Attention:
    """One concrete thing to fix, and the page (with its filters) where it is fixed."""

    kind: str
    count: int
    page: str
    params: dict[str, str] = field(default_factory=dict)
    unit: str = ""
    year: int = 0
    month: int = 0
    quarter: int = 0
    numbers: dict[str, int] = field(default_factory=dict)

    @property
    def rank(self) -> tuple[int, int]:
        return ATTENTION_KINDS.index(self.kind), -self.count


def _apology_items(dossiers: pd.DataFrame, span: Span) -> list[Attention]:
    short = ds.apology_shortfalls(dossiers, span.year, span.months)
    items = []
    for month, group in short.groupby("month"):
        quarter = ds.quarter_of(int(month))
        items.append(
            Attention(
                "apology",
                int((group["late"] - group["letters"]).sum()),
                "onestop",
                {"nam": str(span.year), "quy": str(quarter)},
                year=span.year,
                month=int(month),
                quarter=quarter,
                numbers={"fields": len(group)},
            )
        )
    return items


def _feedback_items(
    feedback: pd.DataFrame, span: Span, today: dt.date, rules: fb.DueRules
) -> list[Attention]:
    still_open, late = overdue_at(feedback, span, today, rules)
    overdue = still_open[late]
    if overdue.empty:
        return []
    day = span.judging_day(today)
    oldest = min(overdue["due"])
    days = rules.calendar.working_days_between(oldest, day)  # as the Phản ánh page counts
    return [Attention("feedback_overdue", len(overdue), "feedback", numbers={"days": days})]


def _task_items(sources: Sources, span: Span, today: dt.date) -> list[Attention]:
    day = span.judging_day(today)
    rows = tasks_at(sources.tasks, sources.activities, span.year, day, min(today, span.end))
    overdue = rows[rows["state"] == "overdue"]
    units = overdue["lead_unit"].map(lambda name: canonical_unit(name, sources.aliases))
    return [
        Attention(
            "tasks_overdue",
            int(count),
            "plan",
            {"nam": str(span.year), "don_vi": unit},
            unit=unit,
            year=span.year,
        )
        for unit, count in units.value_counts().items()
    ]


def _web_items(activities: pd.DataFrame, span: Span, day: dt.date, minimum: int) -> list[Attention]:
    months = act.web_post_compliance(activities, span.year, day, minimum)
    missed = months[(months["state"] == "missed") & months["month"].isin(span.months)]
    return [
        Attention(
            "web_posts",
            minimum - int(row["posts"]),
            "activities",
            {"nam": str(span.year), "thang": str(int(row["month"])), "loai": "web"},
            year=span.year,
            month=int(row["month"]),
            numbers={"posts": int(row["posts"]), "minimum": minimum},
        )
        for _, row in missed.iterrows()
    ]


def _survey_items(
    responses: pd.DataFrame, span: Span, day: dt.date, target: int
) -> list[Attention]:
    stamps = pd.to_datetime(responses["submitted_at"], errors="coerce")
    quarters = [Span(span.year, q) for q in (1, 2, 3, 4)]
    if span.kind != "year":
        quarters = [span.survey_span()]
    items = []
    for quarter in quarters:
        if quarter.start >= day:
            continue
        count = int(quarter.period.contains(stamps).sum())
        pace = sv.on_track(count, quarter.period, day - dt.timedelta(days=1), target)
        if pace.on_track:
            continue
        items.append(
            Attention(
                "survey_short",
                pace.remaining,
                "surveys",
                {"quy": f"{quarter.year}-{quarter.quarter}"},
                year=quarter.year,
                quarter=int(quarter.quarter or 0),
                numbers={
                    "responses": count,
                    "target": target,
                    "expected": pace.expected,
                    "finished": int(pace.finished),
                },
            )
        )
    return items


def attention(
    sources: Sources,
    span: Span,
    today: dt.date,
    web_minimum: int,
    survey_target: int,
) -> list[Attention]:
    """Everything that needs attention in the period, most pressing first."""
    day = span.judging_day(today)
    items = [
        *_apology_items(sources.dossiers, span),
        *_feedback_items(sources.feedback, span, today, sources.rules),
        *_task_items(sources, span, today),
        *_web_items(sources.activities, span, day, web_minimum),
        *_survey_items(sources.responses, span, day, survey_target),
    ]
    return sorted(items, key=lambda item: item.rank)
