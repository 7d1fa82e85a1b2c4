"""Writing an imported plan into the store: its Kế hoạch row and its Nhiệm vụ rows.

The domain (reform/plan_import.py, reform/deadlines.py) reads the document; this module only
turns the result into records and writes them row by row. Ids are derived from the plan's
number and year and each task's place (section and number), so importing the same plan again finds
its rows: unchanged text writes nothing, changed text updates that task, and the tracking
staff have entered (status, progress, evidence…) is never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from reform.deadlines import parse_deadline
from reform.locale import fold
from reform.plan_import import ParsedPlan
from sheets.store import Store, StoreError, same_value

# The fields an import owns; everything else in a task row belongs to the people tracking it.
TASK_FIELDS = (
    "plan_number",
    "year",
    "section",
    "number",
    "content",
    "deadline_text",
    "due_date",
    "lead_unit",
    "support_units",
    "method",
)
PLAN_FIELDS = ("number", "issued_on", "year", "title")
IMPORT_ACTION = "Nhập"


@dataclass
class PlanImportReport:
    """What an import did, by tab."""

    added: dict[str, int] = field(default_factory=lambda: {"plans": 0, "tasks": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"plans": 0, "tasks": 0})
    unchanged: dict[str, int] = field(default_factory=lambda: {"plans": 0, "tasks": 0})


def plan_id(number: str, year: int) -> str:
    """A stable id from the plan's number and year: 21/KH-SCT of 2017 → plan-2017-21-kh-sct.

    The year is part of it because document numbers start again every year.
    """
    return f"plan-{year}-" + re.sub(r"[^a-z0-9]+", "-", fold(number)).strip("-")


def task_id(number: str, year: int, section: str, position: int) -> str:
    """A stable id from the plan and the task's place: task-2017-21-kh-sct-II-3."""
    return f"task-{plan_id(number, year).removeprefix('plan-')}-{section}-{position}"


def plan_records(plan: ParsedPlan, number: str, year: int) -> tuple[dict, list[dict]]:
    """The Kế hoạch record and the Nhiệm vụ records of a parsed plan."""
    plan_record = {
        "id": plan_id(number, year),
        "number": number,
        "issued_on": plan.date,
        "year": year,
        "title": plan.title or number,
    }
    tasks = []
    for task in plan.tasks:
        deadline = parse_deadline(task.deadline_text or "", year)
        due = deadline.due if deadline.kind in ("date", "window") else None
        tasks.append(
            {
                "id": task_id(number, year, task.section, task.number),
                "plan_number": number,
                "year": year,
                "section": task.section,
                "number": task.number,
                "content": task.content,
                "deadline_text": task.deadline_text or None,
                "due_date": due,
                "lead_unit": task.lead_unit or "",
                "support_units": task.support_units,
                "method": task.method,
            }
        )
    return plan_record, tasks


def import_plan(
    store: Store,
    plan: ParsedPlan,
    actor: str = "",
    number: str | None = None,
    year: int | None = None,
) -> PlanImportReport:
    """Add or update the plan and its tasks; safe to run again on the same document."""
    number = number or plan.number
    year = year or plan.year
    if not number or not year:
        raise StoreError("plan_metadata_missing")
    plan_record, task_records = plan_records(plan, number, year)
    book = store.load(force=True)
    report = PlanImportReport()
    for key, records, fields in (
        ("plans", [plan_record], PLAN_FIELDS),
        ("tasks", task_records, TASK_FIELDS),
    ):
        rows = book.frame(key, include_archived=True).to_dict("records")
        existing = {r["id"]: r for r in rows}
        # Rows typed by hand (or from an earlier tool) have other ids: find them by place.
        placed = {_place(key, r): r for r in rows}
        new = []
        for record in records:
            current = existing.get(record["id"]) or placed.get(_place(key, record))
            if current is not None:
                record = {**record, "id": current["id"]}
            if current is None:
                new.append({**record, **({"status": "Chưa thực hiện"} if key == "tasks" else {})})
                continue
            typed = store.validate(key, {f: record.get(f) for f in fields}, partial=True)
            changes = {f: v for f, v in typed.items() if not same_value(_plain(current.get(f)), v)}
            if changes:
                store.update(
                    key,
                    record["id"],
                    changes,
                    expected_version=int(current["version"]),
                    actor=actor,
                    action=IMPORT_ACTION,
                )
                report.updated[key] += 1
            else:
                report.unchanged[key] += 1
        if new:
            store.append(key, new, actor=actor, action=IMPORT_ACTION)
            report.added[key] += len(new)
    return report


def _place(key: str, record: dict[str, Any]) -> tuple[Any, ...]:
    """Where a row sits in the plan: a plan by its number and year, a task also by its place."""
    number = record.get("number" if key == "plans" else "plan_number")
    place = (fold(str(number or "")).replace(" ", ""), _plain(record.get("year")))
    if key == "tasks":
        place += (record.get("section"), _plain(record.get("number")))
    return place


def _plain(value: Any) -> Any:
    """A frame's value as the store's validate() gives it: dates as dates, NA as None."""
    if value is None or value != value:  # noqa: PLR0124 - NaN and NaT
        return None
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    if hasattr(value, "item"):
        return value.item()
    return value
