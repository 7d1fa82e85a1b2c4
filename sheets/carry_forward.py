"""Copying a year's recurring tasks into a new year's plan, with their deadlines moved.

The domain (reform/carry_forward.py) says which tasks recur and how each deadline phrase reads
in the new year; this module writes the new plan row and the copied task rows. Ids come from
the new plan's number and each task's place (sheets/plans.py), so copying again finds the rows
already there and adds nothing. A copied task starts untracked ("Chưa thực hiện", no progress,
evidence or notes); a task already in the new plan is never touched, its tracking belongs to
the staff keeping it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from reform.carry_forward import CarriedTask, ShiftNote, carried_title, carry_candidates
from reform.locale import fold
from reform.plan_import import ParsedPlan, ParsedTask
from sheets.plans import IMPORT_ACTION, plan_id, plan_records, task_id
from sheets.store import Store, StoreError, Workbook

NEW_STATUS = "Chưa thực hiện"
ERROR_PREFIX = "carry_"  # StoreError kinds raised here; their messages are carry.error.<rest>


@dataclass
class CarryForwardReport:
    """What a copy did: rows added and found already there, by tab, and which tasks."""

    plan_id: str
    plan_title: str = ""
    added: dict[str, int] = field(default_factory=lambda: {"plans": 0, "tasks": 0})
    unchanged: dict[str, int] = field(default_factory=lambda: {"plans": 0, "tasks": 0})
    copied: list[str] = field(default_factory=list)  # refs added: "I.2", "II.3" …
    existing: list[str] = field(default_factory=list)  # refs already in the new plan
    notes: dict[str, tuple[ShiftNote, ...]] = field(default_factory=dict)  # by ref


def error_key(error: StoreError) -> str:
    """The catalog key of an error's message: carry.error.<kind> for this module's own."""
    if error.kind.startswith(ERROR_PREFIX):
        return "carry.error." + error.kind.removeprefix(ERROR_PREFIX)
    return f"error.{error.kind}"


def candidates(book: Workbook, from_year: int, to_year: int) -> list[CarriedTask]:
    """Every active task of from_year, in plan order, as it would read in to_year."""
    records = book.frame("tasks").to_dict("records")
    return carry_candidates(records, from_year, to_year)


def default_title(book: Workbook, from_year: int, to_year: int) -> str | None:
    """The new plan's title when none is given: the old plan's, with the new year."""
    plans = book.frame("plans", include_archived=True).to_dict("records")
    source = _source_plan(plans, book, from_year)
    return carried_title(_text(source.get("title")), from_year, to_year)


def target_task_id(to_plan_number: str, to_year: int, task: CarriedTask) -> str:
    """The id the copy of a task gets in the new plan."""
    return task_id(to_plan_number.strip(), to_year, task.section, task.number)


def existing_ids(book: Workbook, key: str) -> set[str]:
    """Every id of a tab, archived rows included: an archived copy is still a copy."""
    return set(book.frame(key, include_archived=True)["id"].astype(str))


def copy_recurring_tasks(
    store: Store,
    from_year: int,
    to_plan_number: str,
    to_year: int,
    title: str | None = None,
    issued_on: dt.date | None = None,
    actor: str = "",
    task_ids: Iterable[str] | None = None,
) -> CarryForwardReport:
    """Copy the recurring tasks of from_year (or exactly task_ids) into to_year's plan.

    Creates the plan row when missing; safe to run again: rows already there are counted as
    unchanged and never overwritten. Raises StoreError (kinds carry_*) when there is nothing
    sensible to copy, before writing anything.
    """
    number = (to_plan_number or "").strip()
    if not number:
        raise StoreError("carry_no_number", "the new plan's number is required")
    from_year, to_year = int(from_year), int(to_year)
    if from_year == to_year:
        raise StoreError("carry_same_year", f"copying {from_year} onto itself", year=from_year)
    book = store.load(force=True)
    available = candidates(book, from_year, to_year)
    if not available:
        raise StoreError("carry_no_tasks", f"no tasks in {from_year}", year=from_year)
    chosen = _choose(available, task_ids, from_year)
    _refuse_duplicate_places(chosen, number, to_year)

    plan_record, plan_exists = _target_plan(book, number, from_year, to_year, title, issued_on)
    parsed = ParsedPlan(
        tasks=[
            ParsedTask(
                c.section,
                c.number,
                c.content,
                c.new_text,
                c.lead_unit,
                c.support_units,
                c.method,
            )
            for c in chosen
        ],
        number=number,
        date=plan_record.get("issued_on"),
        year=to_year,
        title=plan_record.get("title"),
    )
    _, task_records = plan_records(parsed, number, to_year)

    report = CarryForwardReport(plan_id=plan_record["id"], plan_title=plan_record["title"])
    known = existing_ids(book, "tasks")
    new_tasks = []
    for carried, record in zip(chosen, task_records, strict=True):
        if record["id"] in known:
            report.unchanged["tasks"] += 1
            report.existing.append(carried.ref)
            continue
        new_tasks.append({**record, "status": NEW_STATUS})
        report.copied.append(carried.ref)
        if carried.notes:
            report.notes[carried.ref] = carried.notes

    if plan_exists:
        report.unchanged["plans"] += 1
    else:
        store.append("plans", [plan_record], actor=actor, action=IMPORT_ACTION)
        report.added["plans"] += 1
    if new_tasks:
        store.append("tasks", new_tasks, actor=actor, action=IMPORT_ACTION)
        report.added["tasks"] += len(new_tasks)
    return report


def _choose(
    available: list[CarriedTask], task_ids: Iterable[str] | None, from_year: int
) -> list[CarriedTask]:
    """The recurring tasks, or exactly the ones asked for (in plan order)."""
    if task_ids is None:
        chosen = [c for c in available if c.recurring]
        if not chosen:
            raise StoreError(
                "carry_no_recurring", f"no recurring task in {from_year}", year=from_year
            )
        return chosen
    wanted = {str(i) for i in task_ids}
    unknown = sorted(wanted - {c.source_id for c in available})
    if unknown:
        raise StoreError(
            "carry_unknown_tasks",
            f"not tasks of {from_year}: {', '.join(unknown)}",
            ids=", ".join(unknown),
            year=from_year,
        )
    if not wanted:
        raise StoreError("carry_nothing_chosen", "no task chosen")
    return [c for c in available if c.source_id in wanted]


def _refuse_duplicate_places(chosen: list[CarriedTask], number: str, to_year: int) -> None:
    """Two plans of one year may both have a task II.3; one new plan cannot hold both."""
    places = Counter(target_task_id(number, to_year, c) for c in chosen)
    twice = sorted({c.ref for c in chosen if places[target_task_id(number, to_year, c)] > 1})
    if twice:
        raise StoreError(
            "carry_duplicate_ref",
            f"tasks in the same place: {', '.join(twice)}",
            refs=", ".join(twice),
        )


def _target_plan(
    book: Workbook,
    number: str,
    from_year: int,
    to_year: int,
    title: str | None,
    issued_on: dt.date | None,
) -> tuple[dict, bool]:
    """The new plan's record, and whether it is already in the Kế hoạch tab.

    A plan is found by its id or by its number as written and its year (document numbers
    start again every year, so the same number in another year is another plan).
    """
    plans = book.frame("plans", include_archived=True).to_dict("records")
    wanted_id, wanted_number = plan_id(number, to_year), fold(number)
    for plan in plans:
        same_number = fold(_text(plan.get("number"))) == wanted_number
        if str(plan["id"]) == wanted_id or (same_number and _year(plan) == to_year):
            return {"id": str(plan["id"]), "title": _text(plan.get("title"))}, True

    source = _source_plan(plans, book, from_year)
    record = {
        "id": wanted_id,
        "number": number,
        "issued_on": issued_on,
        "year": to_year,
        "title": (title or "").strip()
        or carried_title(_text(source.get("title")), from_year, to_year)
        or number,
    }
    if _text(source.get("agency")):
        # The overview names the agency of the newest plan: the new plan keeps it.
        record["agency"] = _text(source.get("agency"))
    return record, False


def _source_plan(plans: list[dict], book: Workbook, from_year: int) -> dict:
    """The plan of from_year whose tasks are copied (the one most tasks belong to)."""
    of_year = [p for p in plans if _year(p) == from_year]
    if not of_year:
        return {}
    tasks = book.frame("tasks")
    numbers = Counter(
        fold(str(n)) for n in tasks.loc[tasks["year"] == from_year, "plan_number"].dropna()
    )
    active = [p for p in of_year if not p.get("archived")] or of_year
    return max(active, key=lambda p: numbers.get(fold(_text(p.get("number"))), 0))


def _text(value: object) -> str:
    """A stored text value as str; blanks (None, NaN) as ""."""
    if value is None or value != value:  # noqa: PLR0124 - NaN
        return ""
    return str(value).strip()


def _year(record: dict) -> int | None:
    """A record's year as an int, None when blank."""
    value = record.get("year")
    if value is None or value != value:  # noqa: PLR0124 - NaN
        return None
    return int(value)
