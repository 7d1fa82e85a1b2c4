"""Communication activities: monthly web-post compliance, counts by type and month, checks.

The plan asks for at least one news post a month on the Department's website (Plan 21/KH-SCT,
task I.6: "đăng tin bài về cải cách hành chính mỗi tháng trên trang web của Sở"). The minimum
is a setting (web_posts_per_month). Frames are the store's typed activities (archived rows
already left out); rows with no date are ignored.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from reform.metrics import as_of_for_year
from reform.tasks import normalize_ref

WEB_POST = "Tin bài trên trang web"
# The types of the Hoạt động tab, in the order staff know them, with a code for catalog keys.
TYPE_CODES: dict[str, str] = {
    WEB_POST: "web",
    "Tờ rơi": "leaflet",
    "Pano/bảng": "panel",
    "Ngày Pháp luật": "law_day",
    "Hội nghị/giao ban": "meeting",
    "Văn bản qua E-office": "eoffice",
    "Email": "email",
    "Khác": "other",
}
MONTH_STATES = ("met", "missed", "open")


def _dated_in_year(activities: pd.DataFrame, year: int) -> pd.DataFrame:
    """The activities dated in the year; undated rows are left out."""
    dates = pd.to_datetime(activities["date"], errors="coerce")
    rows = activities[(dates.notna() & (dates.dt.year == year)).astype(bool)]
    return rows.assign(month=dates[rows.index].dt.month.astype("int64"))


def months_judged(year: int, as_of: dt.date) -> list[int]:
    """The months of the year from January up to the month of as_of (all 12 for a past year)."""
    effective = as_of_for_year(year, as_of)
    if effective.year < year:  # a year that has not begun
        return []
    return list(range(1, effective.month + 1))


def web_post_compliance(
    activities: pd.DataFrame, year: int, as_of: dt.date, minimum: int
) -> pd.DataFrame:
    """One row per month up to as_of: month, posts, met, state (met / missed / open).

    A month below the minimum is "missed" once it is over, and "open" while it is still
    running (the current month): not yet a failure.
    """
    rows = _dated_in_year(activities, year)
    posts = rows[rows["type"] == WEB_POST].groupby("month").size()
    records = []
    for month in months_judged(year, as_of):
        count = int(posts.get(month, 0))
        met = count >= minimum
        last_day = dt.date(year, month, calendar.monthrange(year, month)[1])
        state = "met" if met else ("missed" if last_day < as_of else "open")
        records.append({"month": month, "posts": count, "met": met, "state": state})
    frame = pd.DataFrame(records, columns=["month", "posts", "met", "state"])
    return frame.astype({"month": "int64", "posts": "int64", "met": "bool", "state": "object"})


@dataclass(frozen=True)
class ComplianceSummary:
    """How many finished months met the minimum, which fell short, and the running month."""

    met: int
    judged: int
    missed: tuple[tuple[int, int], ...]  # (month, posts) of each month that fell short
    open_month: tuple[int, int] | None  # (month, posts) of the running month below minimum


def compliance_summary(compliance: pd.DataFrame) -> ComplianceSummary:
    """Months met / months judged (the running month below minimum is not judged yet)."""
    judged = compliance[compliance["state"] != "open"]
    missed = judged[judged["state"] == "missed"]
    running = compliance[compliance["state"] == "open"]
    return ComplianceSummary(
        met=int((judged["state"] == "met").sum()),
        judged=len(judged),
        missed=tuple(zip(missed["month"].tolist(), missed["posts"].tolist(), strict=True)),
        open_month=(
            (int(running["month"].iloc[0]), int(running["posts"].iloc[0])) if len(running) else None
        ),
    )


def _type_order(types: Iterable[str]) -> list[str]:
    """Types in the tab's own order; anything else after them, alphabetically."""
    known = list(TYPE_CODES)
    present = set(types)
    return [t for t in known if t in present] + sorted(present - set(known))


def counts_by_type_and_month(activities: pd.DataFrame, year: int) -> pd.DataFrame:
    """Activities per month and type in the year, long form: month, type, count (no zeros)."""
    rows = _dated_in_year(activities, year)
    if rows.empty:
        return pd.DataFrame(
            {"month": pd.Series(dtype="int64"), "type": [], "count": pd.Series(dtype="int64")}
        ).astype({"type": "object"})
    counts = rows.groupby(["month", "type"]).size().reset_index(name="count")
    order = {t: i for i, t in enumerate(_type_order(counts["type"]))}
    counts = counts.assign(rank=counts["type"].map(order)).sort_values(["month", "rank"])
    counts = counts.drop(columns="rank").reset_index(drop=True)
    return counts.astype({"month": "int64", "count": "int64"})


def totals_by_type(activities: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per type in the year: count of activities and summed quantity (NA when none given)."""
    rows = _dated_in_year(activities, year)
    if rows.empty:
        return pd.DataFrame(
            {
                "type": pd.Series(dtype="object"),
                "count": pd.Series(dtype="int64"),
                "quantity": pd.Series(dtype="Int64"),
            }
        )
    quantity = pd.to_numeric(rows["quantity"], errors="coerce")
    grouped = rows.assign(quantity=quantity).groupby("type")
    totals = pd.DataFrame(
        {
            "count": grouped.size(),
            "quantity": grouped["quantity"].sum(min_count=1).round().astype("Int64"),
        }
    )
    totals = totals.reindex(_type_order(totals.index)).rename_axis("type").reset_index()
    return totals.astype({"count": "int64"})


def ref_sort_key(ref: str) -> tuple:
    """Plan order for references: I.2 before I.10 before II.1; anything else after them."""
    match = re.fullmatch(r"([IVX]+)\.(\d+)", ref)
    if not match:
        return (1, ref)
    roman = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}
    return (0, roman.get(match.group(1), 99), match.group(1), int(match.group(2)))


def web_post_task(activities: pd.DataFrame, year: int) -> str | None:
    """The task most of the year's web posts serve (their task_ref); None when none says."""
    rows = _dated_in_year(activities, year)
    if rows.empty:
        return None
    refs = [normalize_ref(r) for r in rows.loc[rows["type"] == WEB_POST, "task_ref"]]
    refs = [r for r in refs if r]
    if not refs:
        return None
    counts = pd.Series(refs).value_counts()
    best = counts[counts == counts.max()].index
    return sorted(best)[0]  # a tie: the first reference, so the answer never flickers


def years(activities: pd.DataFrame, tasks: pd.DataFrame) -> list[int]:
    """Years that have activities or tasks, newest first."""
    found: set[int] = set()
    if not activities.empty:
        dates = pd.to_datetime(activities["date"], errors="coerce").dropna()
        found |= set(dates.dt.year.astype(int))
    if not tasks.empty:
        found |= set(tasks["year"].dropna().astype(int))
    return sorted(found, reverse=True)


def filter_activities(
    activities: pd.DataFrame,
    year: int,
    types: Iterable[str] = (),
    unit: str | None = None,
    ref: str | None = None,
    month: int | None = None,
) -> pd.DataFrame:
    """The year's activities of these types (all when none), unit, task and month."""
    rows = _dated_in_year(activities, year)
    if rows.empty:
        return rows
    keep = pd.Series(True, index=rows.index)
    wanted = list(types)
    if wanted:
        keep &= rows["type"].isin(wanted)
    if unit:
        keep &= rows["unit"].fillna("").astype(str).str.strip() == unit
    if ref:
        keep &= rows["task_ref"].map(normalize_ref) == normalize_ref(ref)
    if month:
        keep &= rows["month"] == month
    return rows[keep.astype(bool)].drop(columns="month")


@dataclass(frozen=True)
class Issue:
    """Something wrong with a new activity: a kind (a catalog key's end), its field, details."""

    kind: str
    field: str
    params: Mapping[str, Any]


def check_new_activity(
    record: Mapping[str, Any], year: int, max_lengths: Mapping[str, int]
) -> list[Issue]:
    """What stops a new activity from being written: missing fields, too long, wrong year."""
    issues: list[Issue] = []
    for code in ("date", "type", "title"):
        value = record.get(code)
        if value is None or (isinstance(value, str) and not value.strip()):
            issues.append(Issue("required", code, {}))
    date = record.get("date")
    if isinstance(date, dt.date) and date.year != year:
        issues.append(Issue("outside_year", "date", {"year": year}))
    for code, limit in max_lengths.items():
        value = record.get(code)
        if isinstance(value, str) and len(value) > limit:
            issues.append(Issue("too_long", code, {"limit": limit, "length": len(value)}))
    quantity = record.get("quantity")
    if quantity is not None and quantity < 0:
        issues.append(Issue("negative", "quantity", {}))
    return issues
