"""The one-stop desk's dossier statistics: the checks a month's numbers must pass, and the
figures (on-time rate, online share) by month, quarter and field.

A row of Hồ sơ một cửa is one month and one field (lĩnh vực). As one-stop systems report
them: received = carried over + new online + new direct + new by post (BCCI); resolved =
early + on time + late; pending = within deadline + overdue. Carried over and pending are
stocks (what lies on the desk at the start and at the end of the month); the others are flows.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from reform.locale import vietnamese_sort_key
from reform.metrics import wilson

NEW = ("new_online", "new_direct", "new_post")
RESOLVED = ("resolved_early", "resolved_on_time", "resolved_late")
PENDING = ("pending_within", "pending_overdue")
ONLINE_SERVICES = ("online_level3", "online_level4")
COUNTS = ("carried_over", *NEW, *RESOLVED, *PENDING, "apology_letters", *ONLINE_SERVICES)
FINDING_KINDS = ("duplicate", "balance", "carry_over", "apology")
FIGURE_COLUMNS = [
    "received",
    "carried_over",
    "new",
    "new_online",
    "new_direct",
    "new_post",
    "resolved",
    "good",  # early + on time
    "resolved_late",
    "pending",
    "pending_overdue",
    "apology_letters",
    "online_level3",
    "online_level4",
    "on_time_rate",
    "on_time_low",
    "on_time_high",
    "online_share",
]


def field_key(name: object) -> str:
    """A field's name as compared: NFC (text typed on some systems arrives as NFD), one space
    between words, case ignored."""
    text = unicodedata.normalize("NFC", str(name or ""))
    return " ".join(text.split()).casefold()


def quarter_of(month: int) -> int:
    return (int(month) - 1) // 3 + 1


def quarter_months(quarter: int) -> tuple[int, int, int]:
    first = 3 * quarter - 2
    return first, first + 1, first + 2


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _count(row: pd.Series | dict, code: str) -> int:
    """A count as a number: a blank cell (staff left it empty) counts 0."""
    value = row.get(code)
    return 0 if value is None or pd.isna(value) else int(value)


def _sum(row: pd.Series | dict, codes: tuple[str, ...]) -> int:
    return sum(_count(row, c) for c in codes)


# --- checks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A check that failed, on one month and one field, with the numbers that disagree.

    kind: duplicate (the month and field typed twice), balance (carried over + new ≠
    resolved + pending), carry_over (carried over ≠ last month's pending), apology (fewer
    apology letters than late dossiers, NĐ 61/2018 Điều 19.9).
    """

    kind: str
    year: int
    month: int
    field: str
    numbers: dict[str, int] = field(default_factory=dict)
    row: int | None = None  # the row in the sheet, as numbered there


def _row_number(row: pd.Series | dict) -> int | None:
    value = row.get("_row")
    return None if value is None or pd.isna(value) else int(value)


def balance_numbers(row: pd.Series | dict) -> dict[str, int]:
    """The two sides of carried over + new = resolved + pending, and their parts."""
    carried, new = _count(row, "carried_over"), _sum(row, NEW)
    resolved, pending = _sum(row, RESOLVED), _sum(row, PENDING)
    return {
        "carried_over": carried,
        "new": new,
        "received": carried + new,
        "resolved": resolved,
        "pending": pending,
        "accounted": resolved + pending,
    }


def late_numbers(row: pd.Series | dict) -> dict[str, int]:
    """Late dossiers (resolved late, and still pending past their deadline) and the apology
    letters issued for them."""
    late, overdue = _count(row, "resolved_late"), _count(row, "pending_overdue")
    return {
        "resolved_late": late,
        "pending_overdue": overdue,
        "late": late + overdue,
        "apology_letters": _count(row, "apology_letters"),
    }


def check_row(row: pd.Series | dict) -> list[Finding]:
    """The checks one row can fail on its own: balance, and apology letters."""
    where = {
        "year": int(row["year"]),
        "month": int(row["month"]),
        "field": str(row["procedure_field"]).strip(),
        "row": _row_number(row),
    }
    findings = []
    balance = balance_numbers(row)
    if balance["received"] != balance["accounted"]:
        findings.append(Finding("balance", numbers=balance, **where))
    # NĐ 61/2018 Điều 19.9: each dossier that will be late gets an apology letter with a new
    # date. We count letters against dossiers resolved late and dossiers pending overdue.
    late = late_numbers(row)
    if late["apology_letters"] < late["late"]:
        findings.append(Finding("apology", numbers=late, **where))
    return findings


def apology_shortfalls(dossiers: pd.DataFrame, year: int, months: Iterable[int]) -> pd.DataFrame:
    """The check_row apology rule over whole columns, for the months given: one row per month
    and field with fewer letters than late dossiers (month, field, late, letters). A month
    and field typed twice is read from its first row, as check_dossiers does. The overview
    asks this at every run; check_dossiers, row by row, is too slow for that at scale.
    """
    rows = dossiers[(dossiers["year"] == year) & dossiers["month"].isin(list(months))]
    rows = rows.assign(_key=rows["procedure_field"].map(field_key))
    rows = rows.drop_duplicates(["month", "_key"])

    def counts(code: str) -> pd.Series:
        return rows[code].fillna(0).astype("int64")

    late = counts("resolved_late") + counts("pending_overdue")
    letters = counts("apology_letters")
    short = letters < late
    return pd.DataFrame(
        {
            "month": rows.loc[short, "month"].astype("int64"),
            "field": rows.loc[short, "procedure_field"].astype(str).str.strip(),
            "late": late[short],
            "letters": letters[short],
        }
    ).reset_index(drop=True)


def check_carry_over(row: pd.Series | dict, previous: pd.Series | dict | None) -> Finding | None:
    """This month's carried over must be last month's pending, when last month exists."""
    if previous is None:
        return None
    pending = _sum(previous, PENDING)
    carried = _count(row, "carried_over")
    if carried == pending:
        return None
    return Finding(
        "carry_over",
        int(row["year"]),
        int(row["month"]),
        str(row["procedure_field"]).strip(),
        {
            "carried_over": carried,
            "previous_pending": pending,
            "previous_within": _count(previous, "pending_within"),
            "previous_overdue": _count(previous, "pending_overdue"),
            "previous_year": int(previous["year"]),
            "previous_month": int(previous["month"]),
        },
        _row_number(row),
    )


def check_dossiers(dossiers: pd.DataFrame, year: int | None = None) -> list[Finding]:
    """Every check that fails, in order of month and field (the whole tab, or one year).

    Continuity is checked across a year boundary too (January against the December before)
    when both months are there; a month typed twice is reported and checked only once.
    """
    rows = dossiers.dropna(subset=["year", "month"])
    if year is not None:  # the year, and the December before it for January's carry-over
        rows = rows[(rows["year"] == year) | ((rows["year"] == year - 1) & (rows["month"] == 12))]
    rows = rows.assign(_key=[field_key(f) for f in rows["procedure_field"]])
    rows = rows.sort_values(["year", "month", "_key"], kind="stable")
    first: dict[tuple[int, int, str], dict] = {}
    findings: list[Finding] = []
    for row in rows.to_dict("records"):  # plain dicts: iterrows builds a Series a row
        key = (int(row["year"]), int(row["month"]), row["_key"])
        if key in first:
            if year is None or key[0] == year:
                findings.append(
                    Finding(
                        "duplicate",
                        key[0],
                        key[1],
                        str(row["procedure_field"]).strip(),
                        {"first_row": _row_number(first[key]) or 0},
                        _row_number(row),
                    )
                )
            continue
        first[key] = row
    for (row_year, month, key), row in first.items():
        if year is not None and row_year != year:
            continue
        findings.extend(check_row(row))
        previous = first.get((*previous_month(row_year, month), key))
        found = check_carry_over(row, previous)
        if found:
            findings.append(found)
    order = {kind: i for i, kind in enumerate(FINDING_KINDS)}
    return sorted(findings, key=lambda f: (f.year, f.month, field_key(f.field), order[f.kind]))


def check_new_row(record: dict, dossiers: pd.DataFrame) -> list[Finding]:
    """The checks a month about to be saved would fail, against the months already there:
    its own balance and letters, its carry-over from last month, and next month's from it."""
    findings = check_row(record)
    key = field_key(record["procedure_field"])
    rows = dossiers[dossiers["procedure_field"].map(lambda f: field_key(f) == key).astype(bool)]

    def month_row(year: int, month: int) -> pd.Series | None:
        found = rows[(rows["year"] == year) & (rows["month"] == month)]
        return None if found.empty else found.iloc[0]

    year, month = int(record["year"]), int(record["month"])
    found = check_carry_over(record, month_row(*previous_month(year, month)))
    if found:
        findings.append(found)
    following = month_row(*((year + 1, 1) if month == 12 else (year, month + 1)))
    if following is not None:
        found = check_carry_over(following, record)
        if found:
            findings.append(found)
    return findings


def existing_row(
    dossiers: pd.DataFrame, year: int, month: int, procedure_field: str
) -> pd.Series | None:
    """The row already holding this month and field, if any (names compared as field_key)."""
    key = field_key(procedure_field)
    same = dossiers[
        (dossiers["year"] == year)
        & (dossiers["month"] == month)
        & dossiers["procedure_field"].map(lambda f: field_key(f) == key).astype(bool)
    ]
    return None if same.empty else same.iloc[0]


# --- figures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """A share with its count, its base and its 95% Wilson interval; None without a base."""

    count: int
    n: int

    @property
    def share(self) -> float | None:
        return self.count / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson(self.count, self.n)


def on_time_rate(totals: dict[str, int]) -> Rate:
    """(early + on time) / resolved."""
    return Rate(totals["good"], totals["resolved"])


def online_share(totals: dict[str, int]) -> Rate:
    """New dossiers received online, of all new dossiers."""
    return Rate(totals["new_online"], totals["new"])


def period_rows(dossiers: pd.DataFrame, year: int, quarter: int | None = None) -> pd.DataFrame:
    """The rows of a year, or of one of its quarters."""
    rows = dossiers[dossiers["year"] == year]
    if quarter:
        rows = rows[rows["month"].isin(quarter_months(quarter))]
    return rows


def totals_by(rows: pd.DataFrame, group: pd.Series) -> pd.DataFrame:
    """totals() for each value of group (aligned with rows), over whole columns at once:
    one row per group, the first 14 FIGURE_COLUMNS."""
    columns = FIGURE_COLUMNS[:14]
    rows = rows.assign(_key=[field_key(f) for f in rows["procedure_field"]], _group=group)
    rows = rows.sort_values(["year", "month"], kind="stable").drop_duplicates(
        ["year", "month", "_key"]
    )
    if rows.empty:
        return pd.DataFrame(columns=columns, dtype="int64")
    codes = ["carried_over", *NEW, *RESOLVED, *PENDING, "apology_letters", *ONLINE_SERVICES]
    counts = rows[codes].fillna(0).astype("int64")
    # Each field's first and last month within its group: stocks are read there.
    by_field = counts.groupby([rows["_group"], rows["_key"]], sort=False)
    first, last = by_field.head(1), by_field.tail(1)
    first = first.groupby(rows.loc[first.index, "_group"]).sum()
    last = last.groupby(rows.loc[last.index, "_group"]).sum()
    sums = counts.groupby(rows["_group"]).sum()
    table = pd.DataFrame(index=sums.index)
    table["carried_over"] = first["carried_over"]
    for code in (*NEW, "resolved_late", "apology_letters"):
        table[code] = sums[code]
    table["resolved"] = sums[list(RESOLVED)].sum(axis=1)
    table["good"] = sums["resolved_early"] + sums["resolved_on_time"]
    table["pending"] = last[list(PENDING)].sum(axis=1)
    table["pending_overdue"] = last["pending_overdue"]
    for code in ONLINE_SERVICES:
        table[code] = last[code]
    table["new"] = sums[list(NEW)].sum(axis=1)
    table["received"] = table["carried_over"] + table["new"]
    return table[columns].astype("int64")


def totals(rows: pd.DataFrame) -> dict[str, int]:
    """The figures of a span of months, over every field in it.

    Flows (new, resolved, letters) add up over the months; stocks do not: carried over is
    each field's first month's, pending and online services each field's last month's.
    """
    table = totals_by(rows, pd.Series(0, index=rows.index))
    if table.empty:
        return dict.fromkeys(FIGURE_COLUMNS[:14], 0)
    return {code: int(value) for code, value in table.iloc[0].items()}


def _with_rates(figures: dict[str, object]) -> dict[str, object]:
    rate, share = on_time_rate(figures), online_share(figures)  # type: ignore[arg-type]
    low, high = rate.interval or (None, None)
    figures.update(
        on_time_rate=rate.share, on_time_low=low, on_time_high=high, online_share=share.share
    )
    return figures


def figures_by(dossiers: pd.DataFrame, year: int, by: str, quarter: int | None = None):
    """One row of figures per month, per quarter or per field ("month", "quarter",
    "procedure_field") of a year (or one of its quarters), in that order."""
    rows = period_rows(dossiers, year, quarter)
    columns = [by, *FIGURE_COLUMNS]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    if by == "quarter":
        group = rows["month"].map(quarter_of)
    elif by == "procedure_field":
        # One name per field, whatever its spelling in each month: the newest month's.
        keys = pd.Series([field_key(f) for f in rows["procedure_field"]], index=rows.index)
        latest = rows.assign(_key=keys).sort_values(["year", "month"], kind="stable")
        names = latest.groupby("_key")["procedure_field"].last().map(lambda n: str(n).strip())
        group = keys.map(names)
    else:
        group = rows[by]
    table = totals_by(rows, group)
    records = [
        {by: name if by == "procedure_field" else int(name), **_with_rates(dict(figures))}
        for name, figures in zip(table.index, table.to_dict("records"), strict=True)
    ]
    result = pd.DataFrame(records, columns=columns)
    if by == "procedure_field":  # Đ after D, as a Vietnamese reader looks for it
        result = result.sort_values(by, key=lambda c: c.map(vietnamese_sort_key))
    else:
        result = result.sort_values(by)
    return result.reset_index(drop=True)


def years(dossiers: pd.DataFrame) -> list[int]:
    """The years with dossier rows, newest first."""
    return sorted({int(y) for y in dossiers["year"].dropna()}, reverse=True)


def quarters(dossiers: pd.DataFrame, year: int) -> list[int]:
    """The quarters of a year that have rows."""
    return sorted({quarter_of(m) for m in period_rows(dossiers, year)["month"].dropna()})
