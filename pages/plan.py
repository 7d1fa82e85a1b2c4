"""Kế hoạch: the plan's tasks, and importing a plan from its Word file or its table as text."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from reform import metrics
from reform.deadlines import Deadline, parse_deadline
from reform.plan_import import ParsedPlan, PlanImportError, parse_plan_docx, parse_plan_text
from reform.tasks import attention_by_unit
from sheets import ConflictError, StoreError, ValidationError
from sheets.plans import import_plan
from sheets.schema import LONG_TEXT, TASK_STATUSES
from ui.auth import current_user, may, unit_scope
from ui.context import (
    demo_notice,
    escape_md,
    fmt_date,
    lang,
    page_title,
    problem_text,
    problems_notice,
    settings,
    store,
    today,
    tr,
    workbook,
)
from ui.router import start_page
from ui.tables import show_records, vietnamese_order

PARSED = "plan_import_parsed"
MAX_TEXT = 200_000  # a plan's table is a few pages; anything longer is not a plan


def tasks_view() -> None:
    """The tasks of one plan year, for the user's unit when they are limited to one."""
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
    year = st.selectbox(tr("overview.year"), years, key="plan_year")
    shown = tasks[tasks["year"] == year].sort_values(["section", "number"], key=vietnamese_order)
    st.caption(tr("page.row_count", count=len(shown)))
    show_records(
        "tasks",
        shown,
        [
            "section",
            "number",
            "content",
            "deadline_text",
            "due_date",
            "lead_unit",
            "support_units",
            "status",
            "progress",
            "completed_on",
        ],
    )
    attention(shown, int(year))
    if may("write"):
        track(shown)
    st.info(tr("page.plan.planned"), icon=":material/construction:")


def attention(tasks: pd.DataFrame, year: int) -> None:
    """Overdue and due-soon tasks, by lead unit, at today (or the year's end for a past year)."""
    as_of = metrics.as_of_for_year(year, today())
    horizon = int(settings().due_soon_days)
    flagged = attention_by_unit(tasks, as_of, horizon)
    st.subheader(tr("plan.attention", date=fmt_date(as_of)))
    if flagged.empty:
        st.success(tr("plan.attention.none", days=horizon), icon=":material/check_circle:")
        return
    lines = [
        tr(
            f"plan.attention.{row['state']}",
            ref=f"{row['section']}.{row['number']}",
            unit=escape_md(row["lead_unit"]),
            due=fmt_date(row["due_date"]),
        )
        for _, row in flagged.iterrows()
    ]
    st.markdown("\n".join(f"- {line}" for line in lines))


def track(tasks: pd.DataFrame) -> None:
    """Record a task's progress: status, %, completion date, evidence; one row written."""
    st.subheader(tr("plan.track"))
    choices = {row["id"]: row for _, row in tasks.iterrows()}
    chosen = st.selectbox(
        tr("plan.track.task"),
        list(choices),
        key="track_task",
        format_func=lambda i: (
            f"{choices[i]['section']}.{choices[i]['number']} — {str(choices[i]['content'])[:90]}"
        ),
    )
    task = choices[chosen]
    with st.form(f"track_{chosen}"):
        status = st.selectbox(
            tr("field.tasks.status"),
            TASK_STATUSES,
            index=TASK_STATUSES.index(task["status"]) if task["status"] in TASK_STATUSES else 0,
        )
        progress = st.slider(
            tr("field.tasks.progress"),
            0,
            100,
            int(task["progress"]) if pd.notna(task["progress"]) else 0,
            step=5,
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
        )
        notes = st.text_area(
            tr("field.tasks.notes"), value=task["notes"] or "", max_chars=LONG_TEXT
        )
        if st.form_submit_button(tr("plan.track.save"), type="primary"):
            if status == "Hoàn thành" and completed is None:
                completed = today()
            try:
                store().update(
                    "tasks",
                    chosen,
                    {
                        "status": status,
                        "progress": 100 if status == "Hoàn thành" else progress,
                        "completed_on": completed,
                        "evidence_url": evidence.strip() or None,
                        "notes": notes.strip() or None,
                    },
                    expected_version=int(task["version"]),
                    actor=current_user().identity,
                )
            except ConflictError:
                st.error(tr("error.conflict"))
                return
            except ValidationError as error:
                for problem in error.problems:
                    st.error(problem_text(problem))
                return
            except StoreError as error:
                st.error(tr(f"error.{error.kind}", **error.params))
                return
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


def deadline_text(deadline: Deadline) -> str:
    """How the app read a deadline, in words: "hạn 31/03/2017", "định kỳ: hằng quý" …"""
    text = tr(
        f"plan.deadline.{deadline.kind}",
        due=fmt_date(deadline.due),
        cadence=tr(f"plan.cadence.{deadline.cadence}") if deadline.cadence else "",
    )
    if deadline.publish_cadence:
        text += tr("plan.deadline.publish", cadence=tr(f"plan.cadence.{deadline.publish_cadence}"))
    return text


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
        try:
            report = import_plan(
                store(),
                plan,
                actor=current_user().identity,
                number=number.strip() or None,
                year=int(year),
            )
        except StoreError as error:
            st.error(tr(f"error.{error.kind}", **error.params))
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
    tasks_tab, import_tab = st.tabs([tr("plan.tab.tasks"), tr("plan.tab.import")])
    with tasks_tab:
        tasks_view()
    with import_tab:
        import_view()


start_page("plan")
main()
