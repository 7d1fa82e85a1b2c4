"""Figures several pages share: periods, the Wilson interval, satisfaction, dossiers by month."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

DONE = "Hoàn thành"
ROMAN = ("I", "II", "III", "IV")
SATISFIED_LEVELS = (4, 5)  # "Hài lòng" and "Rất hài lòng": our index, stated on the page
SMALL_SAMPLE = 30
Z95 = 1.959963984540054  # the normal quantile for a two-sided 95% interval


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included."""

    start: dt.date
    end: dt.date

    def contains(self, series: pd.Series) -> pd.Series:
        """Which dates of a datetime series fall in the period."""
        return (series >= pd.Timestamp(self.start)) & (
            series < pd.Timestamp(self.end) + pd.Timedelta(days=1)
        )

    def rows_in(self, frame: pd.DataFrame, column: str) -> pd.DataFrame:
        """The rows whose date in column falls in the period; blank or unreadable dates do not."""
        dates = pd.to_datetime(frame[column], errors="coerce")
        return frame[self.contains(dates).fillna(False).astype(bool)]


def year_period(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


def quarter_period(year: int, quarter: int) -> Period:
    start = dt.date(year, 3 * quarter - 2, 1)
    end_month = 3 * quarter
    next_month = dt.date(year + (end_month == 12), end_month % 12 + 1, 1)
    return Period(start, next_month - dt.timedelta(days=1))


def as_of_for_year(year: int, today: dt.date) -> dt.date:
    """Figures for a past year are taken at its last day; for this year, today."""
    return min(today, dt.date(year, 12, 31))


def judging_day(year: int, today: dt.date) -> dt.date:
    """The day deadlines are judged on: today, or the day after a finished year, so that a
    task due on 31/12 (or a year's last quarter) with nothing done counts as missed."""
    return min(today, dt.date(year + 1, 1, 1))


def last_complete_quarter(year: int, as_of: dt.date) -> int | None:
    """The latest quarter of the year that has ended by as_of."""
    for quarter in (4, 3, 2, 1):
        if quarter_period(year, quarter).end <= as_of:
            return quarter
    return None


def wilson(successes: float, n: float, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion; None when there is no data."""
    if n <= 0:
        return None
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def scale_columns(responses: pd.DataFrame, codes: list[str]) -> list[str]:
    """The answer columns of these question codes that the responses tab has."""
    return [c for c in codes if c in responses.columns]


@dataclass(frozen=True)
class Satisfaction:
    responses: int
    answers: int
    satisfied: int
    share: float | None
    interval: tuple[float, float] | None

    @property
    def small_sample(self) -> bool:
        return self.responses < SMALL_SAMPLE


def satisfaction(responses: pd.DataFrame, codes: list[str], period: Period) -> Satisfaction:
    """Share of 1–5 answers at 4 or 5 in the period.

    The interval is Wilson's, taken over the number of responses (not answers), because the
    answers of one person move together; it is wider, and honest for small quarters.
    """
    rows = responses[period.contains(responses["submitted_at"])]
    answers = rows[scale_columns(rows, codes)]
    values = answers.stack().astype(float)
    n_answers = int(values.size)
    satisfied = int(values.isin(SATISFIED_LEVELS).sum())
    n_responses = int(answers.notna().any(axis=1).sum())
    if n_answers == 0:
        return Satisfaction(n_responses, 0, 0, None, None)
    share = satisfied / n_answers
    return Satisfaction(
        n_responses, n_answers, satisfied, share, wilson(share * n_responses, n_responses)
    )


def satisfaction_by_quarter(responses: pd.DataFrame, codes: list[str], year: int) -> pd.DataFrame:
    """One row per quarter of the year with responses: quarter, n, share, low, high."""
    rows = []
    for quarter in (1, 2, 3, 4):
        result = satisfaction(responses, codes, quarter_period(year, quarter))
        if result.share is None:
            continue
        low, high = result.interval or (None, None)
        rows.append(
            {
                "quarter": quarter,
                "n": result.responses,
                "share": result.share,
                "low": low,
                "high": high,
            }
        )
    return pd.DataFrame(rows, columns=["quarter", "n", "share", "low", "high"])


def dossiers_by_month(dossiers: pd.DataFrame, year: int) -> pd.DataFrame:
    """Resolved dossiers per month, long form: month, timeliness (early/on_time/late), count."""
    rows = dossiers[dossiers["year"] == year]
    columns = {"resolved_early": "early", "resolved_on_time": "on_time", "resolved_late": "late"}
    monthly = rows.groupby("month")[list(columns)].sum().rename(columns=columns)
    long = monthly.reset_index().melt(id_vars="month", var_name="timeliness", value_name="count")
    long["count"] = long["count"].astype("int64")
    long["month"] = long["month"].astype("int64")
    return long


# Where each tab says its year: a year column, or a date.
YEAR_COLUMNS = {"plans": "year", "tasks": "year", "dossiers": "year", "indices": "year"}
DATE_COLUMNS = {"activities": "date", "survey_responses": "submitted_at", "feedback": "received_on"}


def data_years(frames: Mapping[str, pd.DataFrame]) -> list[int]:
    """Years with a plan or anything recorded in the tabs given (by tab key), newest first:
    January's feedback is there before the year's plan is."""
    years: set[int] = set()
    for key, frame in frames.items():
        if key in YEAR_COLUMNS and YEAR_COLUMNS[key] in frame:
            years |= {int(y) for y in frame[YEAR_COLUMNS[key]].dropna()}
        elif key in DATE_COLUMNS and DATE_COLUMNS[key] in frame:
            dates = pd.to_datetime(frame[DATE_COLUMNS[key]], errors="coerce").dropna()
            years |= {int(y) for y in dates.dt.year}
    return sorted(years, reverse=True)


def plan_years(tasks: pd.DataFrame, plans: pd.DataFrame) -> list[int]:
    """Years that have a plan or tasks, newest first."""
    years = set(tasks["year"].dropna().astype(int)) | set(plans["year"].dropna().astype(int))
    return sorted(years, reverse=True)
