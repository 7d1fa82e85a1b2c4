"""Kế hoạch: the plan's tasks, and importing a plan from its Word file or its table as text."""

from __future__ import annotations

import calendar
import datetime as dt
import io

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from reform import metrics
from reform import tasks as reform_tasks
from reform.deadlines import parse_deadline
from reform.locale import vietnamese_sort_key
from reform.plan_import import ParsedPlan, PlanImportError, parse_plan_docx, parse_plan_text
from sheets.plans import import_plan
from sheets.schema import LONG_TEXT, TASK_STATUSES
from sheets.store import Workbook
from ui import links, task_charts
from ui.auth import current_user, may, unit_scope
from ui.carry_forward import copy_forward_view
from ui.context import (
    attempt,
    demo_notice,
    escape_md,
    fmt_date,
    lang,
    page_title,
    problems_notice,
    quarter_label,
    settings,
    store,
    today,
    tr,
    workbook,
)
from ui.deadlines import deadline_text
from ui.router import start_page
from ui.tables import vietnamese_order

PARSED = "plan_import_parsed"
MAX_TEXT = 200_000  # a plan's table is a few pages; anything longer is not a plan


def tasks_view() -> None:
    """The tasks of one plan year: what needs attention, charts, the timeline and the table."""
    book = workbook()
    if book is None:
        return
    demo_notice(book)
    problems_notice(book)
    tasks = unit_scope("tasks", book.frame("tasks"))
    years = sorted(set(tasks["year"].dropna().astype(int)), reverse=True)
    if not years:
        st.info(tr("plan.no_tasks"))
        return
    year_col, unit_col = st.columns([1, 3])
    year = int(
        year_col.selectbox(
            tr("overview.year"),
            years,
            index=links.index_of(links.YEAR, years, int),
            key="plan_year",
        )
    )
    tasks = tasks[tasks["year"] == year].sort_values(["section", "number"], key=vietnamese_order)
    unit = unit_picker(unit_col, book, tasks)
    aliases = reform_tasks.unit_aliases(book.frame("units"))
    if unit:
        tasks = reform_tasks.unit_tasks(tasks, unit, aliases)
    as_of = metrics.judging_day(year, today())
    horizon = int(settings().due_soon_days)
    activities = book.frame("activities")
    states = reform_tasks.task_states(tasks, activities, year, as_of, horizon)
    periods = reform_tasks.period_table(tasks, activities, year, as_of)
    attention(states, year, unit)
    marks_notice(tasks, year)
    charts(states, periods, year, as_of, aliases)
    table(states, periods, year, unit)
    if may("write") and not states.empty:
        track(states, periods, year)


def unit_picker(column: DeltaGenerator, book: Workbook, tasks: pd.DataFrame) -> str | None:
    """ "Xem theo đơn vị": every unit, or one unit's own tasks (as lead or support).

    An editor limited to a unit always sees their unit; there is nothing to pick.
    """
    user = current_user()
    if user.limited_to_unit:
        column.text_input(tr("plan.unit"), value=user.unit or "", disabled=True)
        return user.unit
    names = [str(n) for n in book.frame("units")["name"].dropna()]
    names += [str(n) for n in tasks["lead_unit"].dropna()]
    choices = sorted(dict.fromkeys(n.strip() for n in names if n.strip()), key=vietnamese_sort_key)
    everyone = tr("plan.unit.all")
    options = [everyone, *choices]
    chosen = column.selectbox(
        tr("plan.unit"),
        options,
        index=links.index_of(links.UNIT, options, str),
        key="plan_unit",
        help=tr("plan.unit.help"),
    )
    return None if chosen == everyone else chosen


def attention(states: pd.DataFrame, year: int, unit: str | None) -> None:
    """Overdue and due-soon tasks, by lead unit, with the period that decided it."""
    as_of = metrics.as_of_for_year(year, today())
    horizon = int(settings().due_soon_days)
    flagged = states[states["state"].isin(["overdue", "due_soon"])]
    flagged = flagged.assign(_order=flagged["state"].map({"overdue": 0, "due_soon": 1}))
    flagged = flagged.sort_values(["_order", "due", "lead_unit"])
    st.subheader(tr("plan.attention", date=fmt_date(as_of)))
    if flagged.empty:
        st.success(tr("plan.attention.none", days=horizon), icon=":material/check_circle:")
        return
    lines = []
    for _, row in flagged.iterrows():
        key = f"plan.attention.{row['state']}" + (".period" if row["period"] else "")
        line = tr(
            key,
            ref=reform_tasks.task_ref(row["section"], row["number"]),
            unit=escape_md(row["lead_unit"]),
            due=fmt_date(row["due"]),
            period=period_name(row["period"]),
        )
        if unit and row.get("role") == "support":
            line += " " + tr("plan.role.support_note")
        lines.append(f"- {line}")
    st.markdown("\n".join(lines))


def period_name(label: str) -> str:
    """A period as the sheet writes it ("Quý II/2017") in the reader's language."""
    if not label or lang() == "vi":
        return label
    kind, _, rest = label.partition(" ")
    if kind == "Quý":
        roman, _, year = rest.partition("/")
        return tr("period.quarter", roman=roman, n=reform_tasks.ROMAN.index(roman) + 1, year=year)
    if kind == "Tháng":
        month, _, year = rest.partition("/")
        return tr("plan.period.month", month=month, year=year)
    return tr("plan.period.year", year=rest)


def marks_notice(tasks: pd.DataFrame, year: int) -> None:
    """Completion marks nobody can read: named by row and cell, never guessed."""
    for row, ref, text in reform_tasks.unreadable_marks(tasks, year):
        st.warning(
            tr("plan.marks.unreadable", row=row, ref=ref, text=escape_md(text)),
            icon=":material/event_busy:",
        )


def charts(
    states: pd.DataFrame,
    periods: pd.DataFrame,
    year: int,
    as_of: dt.date,
    aliases: dict[str, list[str]],
) -> None:
    """Progress by lead unit and status counts side by side, then the timeline."""
    left, right = st.columns([3, 2])
    with left:
        st.subheader(tr("plan.chart.progress"))
        task_charts.progress_chart(reform_tasks.progress_by_unit(states, aliases))
    with right:
        st.subheader(tr("plan.chart.status"))
        task_charts.status_chart(reform_tasks.status_counts(states, TASK_STATUSES))
    st.subheader(tr("plan.timeline"))
    task_charts.timeline(states, periods, year, today())


def period_choices(year: int) -> dict[str, tuple[dt.date, dt.date] | None]:
    """The period filter: the whole year, each quarter, each month."""
    choices: dict[str, tuple[dt.date, dt.date] | None] = {tr("plan.filter.year"): None}
    for quarter in range(1, 5):
        period = metrics.quarter_period(year, quarter)
        choices[quarter_label(year, quarter)] = (period.start, period.end)
    for month in range(1, 13):
        last = calendar.monthrange(year, month)[1]
        label = tr("plan.period.month", month=month, year=year)
        choices[label] = (dt.date(year, month, 1), dt.date(year, month, last))
    return choices


def table(states: pd.DataFrame, periods: pd.DataFrame, year: int, unit: str | None) -> None:
    """The task table, filtered by section, status and period."""
    st.subheader(tr("plan.table"))
    section_col, status_col, period_col = st.columns(3)
    sections = sorted(states["section"].dropna().unique(), key=vietnamese_sort_key)
    chosen_sections = section_col.multiselect(
        tr("field.tasks.section"),
        sections,
        key="plan_filter_section",
        placeholder=tr("plan.filter.all"),
    )
    chosen_statuses = status_col.multiselect(
        tr("field.tasks.status"),
        TASK_STATUSES,
        key="plan_filter_status",
        placeholder=tr("plan.filter.all"),
    )
    spans = period_choices(year)
    chosen_period = period_col.selectbox(tr("plan.col.period"), list(spans), key="plan_period")
    shown = states
    if chosen_sections:
        shown = shown[shown["section"].isin(chosen_sections)]
    if chosen_statuses:
        shown = shown[shown["status"].fillna("Chưa thực hiện").isin(chosen_statuses)]
    if spans[chosen_period] is not None:
        start, end = spans[chosen_period]
        shown = shown[reform_tasks.overlaps(shown, start, end, year)]
    st.caption(tr("page.row_count", count=len(shown)))
    if shown.empty:
        return
    passed = periods[periods["state"] == "passed"].groupby("task_id").size()
    judged = periods[periods["state"].isin(["passed", "missed"])].groupby("task_id").size()
    refs = [
        reform_tasks.task_ref(s, n) for s, n in zip(shown["section"], shown["number"], strict=True)
    ]
    recurring = set(periods["task_id"])
    # What a unit checks first (standing, periods, status) before the long texts.
    rows = pd.DataFrame(
        {
            tr("plan.col.ref"): refs,
            tr("plan.col.state"): [state_text(row) for _, row in shown.iterrows()],
            tr("plan.col.periods"): [
                f"{int(passed.get(i, 0))}/{int(judged.get(i, 0))}" if i in recurring else ""
                for i in shown["id"]
            ],
            tr("field.tasks.status"): shown["status"].fillna(""),
            tr("field.tasks.progress"): [
                "" if pd.isna(p) else f"{int(p)}%" for p in shown["progress"]
            ],
            tr("field.tasks.evidence_url"): shown["evidence_url"].fillna(""),
            tr("field.tasks.content"): shown["content"].fillna(""),
            tr("field.tasks.deadline_text"): shown["deadline_text"].fillna(""),
            tr("field.tasks.lead_unit"): shown["lead_unit"].fillna(""),
            tr("field.tasks.support_units"): shown["support_units"].fillna(""),
            tr("field.tasks.completed_on"): [fmt_date(d) for d in shown["completed_on"]],
        }
    )
    if unit:
        rows.insert(1, tr("plan.col.role"), [tr(f"plan.role.{r}") for r in shown["role"]])
    st.dataframe(
        rows,
        hide_index=True,
        height=min(35 * (len(rows) + 1) + 3, 600),  # a year's plan without scrolling
        column_config={
            tr("field.tasks.content"): st.column_config.TextColumn(width="large"),
            tr("field.tasks.evidence_url"): st.column_config.LinkColumn(width="small"),
            tr("plan.col.periods"): st.column_config.TextColumn(help=tr("plan.col.periods_help")),
        },
    )


def state_text(row: pd.Series) -> str:
    """ "Quá hạn (Quý III/2017)", "Sắp đến hạn 30/06/2017", "Đã xong" …"""
    text = tr(f"plan.state.{row['state']}")
    if row["period"]:
        return f"{text} ({period_name(row['period'])})"
    if row["state"] in ("overdue", "due_soon", "later") and pd.notna(row["due"]):
        return f"{text} ({fmt_date(row['due'])})"
    return text


def track(tasks: pd.DataFrame, periods: pd.DataFrame, year: int) -> None:
    """Record a task's progress: status, %, periods done, completion date, evidence."""
    st.subheader(tr("plan.track"))
    choices = {row["id"]: row for _, row in tasks.iterrows()}
    chosen = st.selectbox(
        tr("plan.track.task"),
        list(choices),
        key="track_task",
        format_func=lambda i: (
            f"{reform_tasks.task_ref(choices[i]['section'], choices[i]['number'])} — "
            f"{str(choices[i]['content'])[:90]}"
        ),
    )
    task = choices[chosen]
    own_periods = periods[periods["task_id"] == chosen]
    with st.form(f"track_{chosen}"):
        status = st.selectbox(
            tr("field.tasks.status"),
            TASK_STATUSES,
            index=TASK_STATUSES.index(task["status"]) if task["status"] in TASK_STATUSES else 0,
            key=f"track_status_{chosen}",
        )
        progress = st.slider(
            tr("field.tasks.progress"),
            0,
            100,
            int(task["progress"]) if pd.notna(task["progress"]) else 0,
            step=5,
        )
        marked_before: list[str] = []
        marked: list[str] = []
        if not own_periods.empty:
            labels = list(own_periods["label"])
            marked_before = list(own_periods[own_periods["marked"]]["label"])
            marked = st.multiselect(
                tr("field.tasks.periods_done"),
                labels,
                default=marked_before,
                format_func=period_name,
                help=tr("plan.track.periods_help"),
                key=f"track_periods_{chosen}",
            )
        completed = st.date_input(
            tr("field.tasks.completed_on"),
            value=None if pd.isna(task["completed_on"]) else task["completed_on"],
            format="DD/MM/YYYY",
        )
        evidence = st.text_input(
            tr("field.tasks.evidence_url"),
            value=task["evidence_url"] or "",
            max_chars=2000,
            placeholder="https://…",
            key=f"track_evidence_{chosen}",
        )
        notes = st.text_area(
            tr("field.tasks.notes"), value=task["notes"] or "", max_chars=LONG_TEXT
        )
        if st.form_submit_button(tr("plan.track.save"), type="primary"):
            if status == "Hoàn thành" and completed is None:
                completed = today()
            changes = {
                "status": status,
                "progress": 100 if status == "Hoàn thành" else progress,
                "completed_on": completed,
                "evidence_url": evidence.strip() or None,
                "notes": notes.strip() or None,
            }
            if sorted(marked) != sorted(marked_before):
                changes["periods_done"] = marks_text(task, marked, year)
            save_tracking(task, changes)


def marks_text(task: pd.Series, marked: list[str], year: int) -> str | None:
    """The new "Kỳ đã hoàn thành" cell: the chosen periods, keeping what nobody could read."""
    kept = reform_tasks.read_marks(task.get("periods_done"), year).unreadable
    return "; ".join([*marked, *kept]) or None


def save_tracking(task: pd.Series, changes: dict[str, object]) -> None:
    """Write one task row; say what went wrong in words, never with a traceback."""
    saved = attempt(
        lambda: store().update(
            "tasks",
            task["id"],
            changes,
            expected_version=int(task["version"]),
            actor=current_user().identity,
        )
    )
    if saved is not None:
        st.toast(tr("plan.track.saved"), icon=":material/check_circle:")
        st.rerun()


def read_upload() -> ParsedPlan | None:
    """The plan from an uploaded .docx or text file, or from pasted text."""
    upload = st.file_uploader(tr("plan.import.file"), type=["docx", "txt"], key="plan_file")
    pasted = st.text_area(tr("plan.import.paste"), height=120, max_chars=MAX_TEXT, key="plan_paste")
    if not st.button(tr("plan.import.read"), icon=":material/plagiarism:", key="plan_read"):
        return st.session_state.get(PARSED)
    try:
        if upload is not None and upload.name.lower().endswith(".docx"):
            plan = parse_plan_docx(io.BytesIO(upload.getvalue()))
        elif upload is not None:
            plan = parse_plan_text(upload.getvalue().decode("utf-8", errors="replace"))
        elif pasted.strip():
            plan = parse_plan_text(pasted)
        else:
            st.warning(tr("plan.import.nothing"))
            return None
    except PlanImportError as error:
        st.error(error.message_vi if lang() == "vi" else error.message_en)
        return None
    except Exception:  # noqa: BLE001 - a damaged .docx: say so, never a traceback
        st.error(tr("plan.import.bad_file"))
        return None
    st.session_state[PARSED] = plan
    return plan


def preview(plan: ParsedPlan) -> None:
    """Everything the import would write, with every assumption flagged, before writing."""
    st.subheader(tr("plan.import.preview"))
    left, middle, right = st.columns(3)
    number = left.text_input(tr("field.plans.number"), value=plan.number or "", max_chars=50)
    year = middle.number_input(
        tr("field.plans.year"), min_value=2000, max_value=2100, value=plan.year or 2000, step=1
    )
    right.text_input(tr("field.plans.issued_on"), value=fmt_date(plan.date), disabled=True)
    if plan.title:
        st.caption(plan.title)
    assumptions_list(plan)
    rows = []
    for task in plan.tasks:
        deadline = parse_deadline(task.deadline_text or "", int(year))
        rows.append(
            {
                tr("plan.col.ref"): f"{task.section}.{task.number}",
                tr("field.tasks.content"): task.content,
                tr("field.tasks.deadline_text"): task.deadline_text,
                tr("plan.col.deadline"): deadline_text(deadline),
                tr("field.tasks.lead_unit"): task.lead_unit or "",
                tr("field.tasks.support_units"): task.support_units or "",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    unparsed = sum(
        parse_deadline(t.deadline_text or "", int(year)).kind == "unparsed" for t in plan.tasks
    )
    if unparsed:
        st.warning(tr("plan.import.unparsed", count=unparsed), icon=":material/event_busy:")
    if st.button(tr("plan.import.write", count=len(plan.tasks)), type="primary", key="plan_write"):
        report = attempt(
            lambda: import_plan(
                store(),
                plan,
                actor=current_user().identity,
                number=number.strip() or None,
                year=int(year),
            )
        )
        if report is None:
            return
        st.session_state.pop(PARSED, None)
        st.success(
            tr(
                "plan.import.done",
                added=report.added["tasks"],
                updated=report.updated["tasks"],
                unchanged=report.unchanged["tasks"],
            )
        )


# What changes the tasks themselves; the rest (headers found, HTML removed) is housekeeping.
MAJOR_ASSUMPTIONS = ("section_inferred", "renumbered", "continuation_merged")


def assumptions_list(plan: ParsedPlan) -> None:
    """Every assumption the reading made, the ones that change tasks first."""

    def text(assumption: object) -> str:
        message = assumption.message if lang() == "vi" else assumption.message_en
        return f"- {escape_md(message)}"

    major = [a for a in plan.assumptions if a.kind in MAJOR_ASSUMPTIONS]
    minor = [a for a in plan.assumptions if a.kind not in MAJOR_ASSUMPTIONS]
    if major:
        st.warning(tr("plan.import.assumptions", count=len(major)), icon=":material/flag:")
        st.markdown("\n".join(text(a) for a in major))
    if minor:
        with st.expander(tr("plan.import.housekeeping", count=len(minor))):
            st.markdown("\n".join(text(a) for a in minor))


def import_view() -> None:
    st.write(tr("plan.import.help"))
    plan = read_upload()
    if plan is not None:
        preview(plan)


def main() -> None:
    page_title("plan")
    if not may("write"):
        tasks_view()
        return
    tasks_tab, import_tab, carry_tab = st.tabs(
        [tr("plan.tab.tasks"), tr("plan.tab.import"), tr("plan.tab.carry")]
    )
    with tasks_tab:
        tasks_view()
    with import_tab:
        import_view()
    with carry_tab:
        copy_forward_view()


start_page("plan")
main()
