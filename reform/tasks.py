"""Where each task stands: against its deadline, period by period, and for each unit.

A dated task (a due date or a window) is done, overdue, due soon, later, or has no date.
A recurring task ("Thường xuyên", "hằng quý" …) is judged per period instead: a period passes
when an activity for the task is logged in it (the Hoạt động tab's "Nhiệm vụ" column names
the task as "I.6") or when staff mark it in the task's "Kỳ đã hoàn thành" cell
("Quý I/2017; Quý II/2017"). A task marked Hoàn thành passes every period up to its
completion date. Ongoing tasks with no cadence of their own are judged per quarter, the
cadence the plan reports on; a publication cadence ("công bố kết quả theo hàng Quý") wins over
the task's own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from reform.access import unit_matches
from reform.deadlines import Deadline, parse_deadline
from reform.locale import fold

DONE = "Hoàn thành"
STATES = ("overdue", "due_soon", "later", "no_date", "done")
PERIOD_STATES = ("passed", "missed", "open", "upcoming")
ROMAN = ("I", "II", "III", "IV")
# Ongoing work is reported on quarterly (the plan's "báo cáo định kỳ hằng quý").
ONGOING_JUDGED = "quarterly"
_MARK_SEPARATORS = re.compile(r"[;\n]+")


# --- dated tasks -------------------------------------------------------------------------------


def as_they_stood(tasks: pd.DataFrame, done_by: dt.date) -> pd.DataFrame:
    """Tasks as they stood on done_by: one marked Hoàn thành with a completion date after
    it was still in progress then (its 100% not yet reached). A done task with no date
    counts as done at every day: the sheet cannot say otherwise."""
    rows = tasks.copy()
    completed = pd.to_datetime(rows["completed_on"], errors="coerce")
    later = (rows["status"] == DONE) & completed.notna() & (completed > pd.Timestamp(done_by))
    if not later.any():
        return rows
    rows.loc[later, "status"] = "Đang thực hiện"
    rows.loc[later, "completed_on"] = pd.NaT
    if "progress" in rows:
        rows.loc[later, "progress"] = pd.NA
    return rows


def due_states(tasks: pd.DataFrame, as_of: dt.date, horizon_days: int) -> pd.Series:
    """One state per task: overdue (past due, not done), due_soon (due within the horizon),
    later, no_date (ongoing tasks, judged per period) or done."""
    today = pd.Timestamp(as_of)
    due = tasks["due_date"]
    done = tasks["status"].fillna("") == DONE
    state = pd.Series("later", index=tasks.index, dtype=object)
    state[due.isna()] = "no_date"
    state[due.notna() & (due < today)] = "overdue"
    soon = due.notna() & (due >= today) & (due <= today + pd.Timedelta(days=horizon_days))
    state[soon] = "due_soon"
    state[done] = "done"
    return state


# --- recurring tasks, period by period ---------------------------------------------------------


def task_ref(section: object, number: object) -> str:
    """The task's place in the plan as people write it: "II.3"."""
    if pd.isna(number):
        return str(section)
    return f"{section}.{int(number)}"


def normalize_ref(text: object) -> str:
    """A task reference as compared: "ii-6", " I 6 ", "I.6." → "I.6"; empty for a blank cell."""
    if not isinstance(text, str):
        return ""
    match = re.fullmatch(r"\s*([ivxIVX]+)\s*[.\-/ ]\s*(\d+)\s*\.?\s*", text)
    if match:
        return f"{match.group(1).upper()}.{int(match.group(2))}"
    return re.sub(r"\s+", " ", text).strip()


def judged_cadence(deadline: Deadline) -> str | None:
    """The cadence a recurring task is judged on, or None for a task that is not recurring."""
    if deadline.kind != "recurring":
        return None
    if deadline.publish_cadence and deadline.publish_cadence != "ongoing":
        return deadline.publish_cadence
    if deadline.cadence and deadline.cadence != "ongoing":
        return deadline.cadence
    return ONGOING_JUDGED


def judged_periods(deadline: Deadline, year: int) -> list[tuple[dt.date, dt.date]]:
    """The periods of the year a recurring task is judged on, clipped to its limits."""
    cadence = judged_cadence(deadline)
    if cadence is None:
        return []
    judged = Deadline("recurring", deadline.text, deadline.start, deadline.due, cadence=cadence)
    return judged.periods(year)


@dataclass(frozen=True)
class Marks:
    """What a "Kỳ đã hoàn thành" cell says: the spans marked done and what could not be read."""

    spans: tuple[tuple[dt.date, dt.date], ...]
    unreadable: tuple[str, ...]


def read_marks(text: object, year: int) -> Marks:
    """ "Quý I/2017; Tháng 5" → the spans marked done (the plan's year by default)."""
    if not isinstance(text, str) or not text.strip():
        return Marks((), ())
    spans: list[tuple[dt.date, dt.date]] = []
    unreadable: list[str] = []
    for part in _MARK_SEPARATORS.split(text):
        part = part.strip().strip(",. ")
        if not part:
            continue
        deadline = parse_deadline(part, year)
        if deadline.kind == "window" and deadline.start and deadline.due:
            spans.extend(deadline.spans or ((deadline.start, deadline.due),))
        elif deadline.kind == "date" and deadline.due:
            spans.append((deadline.due, deadline.due))
        else:
            unreadable.append(part)
    return Marks(tuple(spans), tuple(unreadable))


def period_label(start: dt.date, end: dt.date, cadence: str) -> str:
    """The period as staff write it in the sheet: "Quý II/2017", "Tháng 5/2017", "Năm 2017"."""
    if cadence == "monthly":
        return f"Tháng {start.month}/{start.year}"
    if cadence == "quarterly":
        return f"Quý {ROMAN[(start.month - 1) // 3]}/{start.year}"
    return f"Năm {start.year}"


def period_table(
    tasks: pd.DataFrame, activities: pd.DataFrame, year: int, as_of: dt.date
) -> pd.DataFrame:
    """One row per recurring task and period of the year, with its state.

    Columns: task_id, ref, lead_unit, cadence, start, end, label, activities (logged in the
    period), marked (a completion mark or the task's completion covers it), state (passed,
    missed: over and nothing recorded, open: running now, upcoming).
    """
    rows: list[dict[str, object]] = []
    logged = _activities_by_ref(activities, year)
    for _, task in tasks[tasks["year"] == year].iterrows():
        deadline = parse_deadline(str(task.get("deadline_text") or ""), year)
        cadence = judged_cadence(deadline)
        if cadence is None:
            continue
        ref = task_ref(task["section"], task["number"])
        dates = logged.get(ref, []) + logged.get(normalize_ref(task["id"]), [])
        marks = read_marks(task.get("periods_done"), year)
        completed = _completion(task)
        for start, end in judged_periods(deadline, year):
            count = sum(start <= day <= end for day in dates)
            marked = any(s <= start and end <= e for s, e in marks.spans) or (
                completed is not None and end <= completed
            )
            if count or marked:
                state = "passed"
            elif end < as_of:
                state = "missed"
            elif start <= as_of:
                state = "open"
            else:
                state = "upcoming"
            rows.append(
                {
                    "task_id": task["id"],
                    "ref": ref,
                    "lead_unit": task["lead_unit"],
                    "cadence": cadence,
                    "start": start,
                    "end": end,
                    "label": period_label(start, end, cadence),
                    "activities": count,
                    "marked": marked,
                    "state": state,
                }
            )
    columns = ["task_id", "ref", "lead_unit", "cadence", "start", "end", "label"]
    return pd.DataFrame(rows, columns=[*columns, "activities", "marked", "state"])


def unreadable_marks(tasks: pd.DataFrame, year: int) -> list[tuple[object, str, str]]:
    """(sheet row, task ref, text) of every completion mark that cannot be read."""
    found = []
    for _, task in tasks[tasks["year"] == year].iterrows():
        for text in read_marks(task.get("periods_done"), year).unreadable:
            found.append((task.get("_row"), task_ref(task["section"], task["number"]), text))
    return found


def _activities_by_ref(activities: pd.DataFrame, year: int) -> dict[str, list[dt.date]]:
    """The dates of the year's activities, by the task they serve."""
    if activities.empty or "task_ref" not in activities:
        return {}
    dates = pd.to_datetime(activities["date"], errors="coerce")
    found: dict[str, list[dt.date]] = {}
    for ref, day in zip(activities["task_ref"], dates, strict=True):
        if pd.isna(day) or day.year != year:
            continue
        key = normalize_ref(ref)
        if key:
            found.setdefault(key, []).append(day.date())
    return found


def _completion(task: Mapping[str, object]) -> dt.date | None:
    """The day a task marked Hoàn thành was completed (31/12 of its year if not written)."""
    if task.get("status") != DONE:
        return None
    completed = task.get("completed_on")
    if completed is None or pd.isna(completed):
        return dt.date(int(task["year"]), 12, 31)
    return pd.Timestamp(completed).date()


# --- what needs attention ----------------------------------------------------------------------


def task_states(
    tasks: pd.DataFrame,
    activities: pd.DataFrame,
    year: int,
    as_of: dt.date,
    horizon_days: int,
) -> pd.DataFrame:
    """The year's tasks with `state` and, for recurring ones, the period that decided it.

    A recurring task is overdue when a period ended with nothing recorded, due soon when its
    running period ends within the horizon with nothing recorded yet, done when marked
    Hoàn thành, and otherwise later. Added columns: state, period (label or ""), due (the
    deciding date: the due date, or the deciding period's end).
    """
    rows = tasks[tasks["year"] == year].copy()
    rows["state"] = due_states(rows, as_of, horizon_days)
    rows["period"] = ""
    rows["due"] = rows["due_date"]
    periods = period_table(rows, activities, year, as_of)
    horizon = as_of + dt.timedelta(days=horizon_days)
    for task_id, group in periods.groupby("task_id", sort=False):
        index = rows.index[rows["id"] == task_id]
        if rows.loc[index, "state"].eq("done").all():
            continue
        missed = group[group["state"] == "missed"]
        running = group[(group["state"] == "open") & (group["end"] <= horizon)]
        if not missed.empty:
            deciding, state = missed.iloc[-1], "overdue"
        elif not running.empty:
            deciding, state = running.iloc[0], "due_soon"
        else:
            rows.loc[index, "state"] = "later"
            continue
        rows.loc[index, "state"] = state
        rows.loc[index, "period"] = deciding["label"]
        rows.loc[index, "due"] = pd.Timestamp(deciding["end"])
    return rows


def attention_by_unit(
    tasks: pd.DataFrame,
    as_of: dt.date,
    horizon_days: int,
    activities: pd.DataFrame | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """Overdue and due-soon tasks (dated and recurring) per lead unit, most overdue first."""
    if year is None:
        years = tasks["year"].dropna()
        year = int(years.max()) if len(years) else as_of.year
    if activities is None:
        activities = pd.DataFrame(columns=["date", "task_ref"])
    states = task_states(tasks, activities, year, as_of, horizon_days)
    flagged = states[states["state"].isin(["overdue", "due_soon"])]
    order = flagged["state"].map({"overdue": 0, "due_soon": 1})
    return (
        flagged.assign(_order=order)
        .sort_values(["_order", "due", "lead_unit"])
        .drop(columns="_order")
    )


# --- units ---------------------------------------------------------------------------------------


def unit_role(
    unit: str,
    lead: object,
    support: object,
    aliases: Mapping[str, Iterable[str]] | None = None,
) -> str | None:
    """ "lead" when the unit leads the task, "support" when it supports it, else None."""
    aliases = aliases or {}
    if _names_unit(unit, lead, aliases):
        return "lead"
    if _names_unit(unit, support, aliases):
        return "support"
    return None


def _names_unit(unit: str, text: object, aliases: Mapping[str, Iterable[str]]) -> bool:
    """Whether text names the unit whole (names with commas) or as one of a list."""
    if not isinstance(text, str) or not unit:
        return False
    if fold(text).strip() == fold(unit).strip():
        return True
    return unit_matches(unit, text, aliases=aliases)


def unit_tasks(
    tasks: pd.DataFrame, unit: str, aliases: Mapping[str, Iterable[str]] | None = None
) -> pd.DataFrame:
    """The tasks a unit leads or supports, with its `role` ("lead" or "support")."""
    roles = [
        unit_role(unit, lead, support, aliases)
        for lead, support in zip(tasks["lead_unit"], tasks["support_units"], strict=True)
    ]
    mine = tasks.assign(role=roles)
    return mine[mine["role"].notna()]


def unit_aliases(units: pd.DataFrame) -> dict[str, list[str]]:
    """Other names of each unit, from the Đơn vị tab ("VP; Văn phòng")."""
    return {
        str(row["name"]): [a.strip() for a in str(row["aliases"] or "").split(";") if a.strip()]
        for _, row in units.iterrows()
    }


def canonical_unit(name: object, aliases: Mapping[str, Iterable[str]] | None = None) -> str:
    """The Đơn vị tab's name for a unit written another way ("VP" → "Văn phòng Sở")."""
    text = " ".join(str(name or "").split())
    target = fold(text)
    for unit, others in (aliases or {}).items():
        if target == fold(unit) or any(target == fold(o) for o in others if o):
            return unit
    return text


def progress_by_unit(
    tasks: pd.DataFrame, aliases: Mapping[str, Iterable[str]] | None = None
) -> pd.DataFrame:
    """Per lead unit (aliases joined): tasks, done, and mean progress (%, done = 100)."""
    if tasks.empty:
        return pd.DataFrame(columns=["lead_unit", "tasks", "done", "progress"])
    status = tasks["status"].fillna("Chưa thực hiện")
    progress = tasks["progress"].astype("Float64").fillna(0)
    progress = progress.where(status != DONE, 100)
    units = [canonical_unit(u, aliases) for u in tasks["lead_unit"]]
    frame = pd.DataFrame(
        {"lead_unit": units, "status": status, "progress": progress}, index=tasks.index
    )
    grouped = frame.groupby("lead_unit", sort=False)
    summary = pd.DataFrame(
        {
            "tasks": grouped.size(),
            "done": grouped["status"].apply(lambda s: int((s == DONE).sum())),
            "progress": grouped["progress"].mean().astype(float).round(0),
        }
    )
    return summary.reset_index()


def status_counts(tasks: pd.DataFrame, statuses: Iterable[str]) -> pd.DataFrame:
    """How many tasks have each status, every status listed (zeros included)."""
    status = tasks["status"].fillna("Chưa thực hiện")
    return pd.DataFrame(
        {"status": list(statuses), "count": [int((status == s).sum()) for s in statuses]}
    )


def overlaps(tasks: pd.DataFrame, start: dt.date, end: dt.date, year: int) -> pd.Series:
    """Whether each task has work in [start, end]: its window or due date, or a period."""
    result = []
    for _, task in tasks.iterrows():
        deadline = parse_deadline(str(task.get("deadline_text") or ""), year)
        if deadline.kind == "recurring":
            spans = judged_periods(deadline, year)
        elif pd.notna(task.get("due_date")):
            due = pd.Timestamp(task["due_date"]).date()
            begin = deadline.start if deadline.kind == "window" and deadline.start else due
            spans = [(min(begin, due), due)]
        else:
            spans = []
        result.append(any(s <= end and start <= e for s, e in spans))
    return pd.Series(result, index=tasks.index, dtype=bool)
