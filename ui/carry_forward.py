"""Copying a year's recurring tasks into a new year's plan: choose, preview, then write."""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from reform.carry_forward import CarriedTask, ShiftNote
from sheets.carry_forward import (
    candidates,
    copy_recurring_tasks,
    default_title,
    error_key,
    existing_ids,
    target_task_id,
)
from ui.auth import current_user, may
from ui.context import attempt, escape_md, store, tr, workbook
from ui.deadlines import deadline_text

LOG = logging.getLogger("reform.ui")
DONE = "carry_done"  # the messages of the last copy, shown after the page is drawn again
CONTENT_CHARS = 120


def copy_forward_view() -> None:
    """Pick the years and the new plan's number, preview every task to be copied, copy."""
    st.subheader(tr("carry.heading"))
    if not may("write"):
        st.info(tr("carry.not_allowed"))
        return
    book = workbook()
    if book is None:
        return
    st.write(tr("carry.intro"))
    tasks = book.frame("tasks")
    years = sorted(set(tasks["year"].dropna().astype(int)), reverse=True)
    if not years:
        st.info(tr("carry.no_tasks"))
        return
    left, middle, right = st.columns(3)
    from_year = int(left.selectbox(tr("carry.from_year"), years, key="carry_from_year"))
    to_year = int(
        middle.number_input(
            tr("carry.to_year"),
            min_value=2000,
            max_value=2100,
            value=min(from_year + 1, 2100),
            step=1,
            key=f"carry_to_year_{from_year}",
        )
    )
    number = right.text_input(
        tr("carry.number"),
        max_chars=50,
        placeholder=tr("carry.number_placeholder"),
        key="carry_number",
    ).strip()
    suggested = default_title(book, from_year, to_year) or number
    title = st.text_input(
        tr("carry.plan_title"),
        max_chars=1000,
        placeholder=suggested,
        help=tr("carry.plan_title_help", default=suggested) if suggested else None,
        key="carry_title",
    ).strip()

    available = {c.ref: c for c in candidates(book, from_year, to_year)}
    chosen_refs = st.multiselect(
        tr("carry.chosen"),
        list(available),
        default=[ref for ref, c in available.items() if c.recurring],
        format_func=lambda ref: f"{ref} — {available[ref].content.lstrip('-•+* ')[:32]}…",
        help=tr("carry.chosen_help"),
        key=f"carry_chosen_{from_year}",
    )
    chosen = [available[ref] for ref in chosen_refs]
    preview(chosen, number, to_year, existing_ids(book, "tasks") if number else set())

    if not number:
        st.info(tr("carry.number_required"))
    elif not chosen:
        st.info(tr("carry.nothing_chosen"))
    clicked = st.button(
        tr("carry.write", count=len(chosen)),
        type="primary",
        disabled=not number or not chosen or from_year == to_year,
        key="carry_write",
    )
    if clicked:
        write(from_year, to_year, number, title, chosen)
    for message in st.session_state.pop(DONE, []):
        st.success(message, icon=":material/check_circle:")


def preview(chosen: list[CarriedTask], number: str, to_year: int, existing: set[str]) -> None:
    """The tasks to be copied: old deadline, new deadline, and how the new one is read."""
    st.caption(tr("carry.preview", count=len(chosen)))
    if not chosen:
        return
    rows = []
    for task in chosen:
        row = {
            tr("plan.col.ref"): task.ref,
            tr("field.tasks.content"): task.content[:CONTENT_CHARS],
            tr("carry.col.old"): task.old_text,
            tr("carry.col.new"): task.new_text,
            tr("plan.col.deadline"): deadline_text(task.deadline),
        }
        if number:
            there = target_task_id(number, to_year, task) in existing
            row[tr("carry.col.state")] = tr("carry.state.exists" if there else "carry.state.new")
        rows.append(row)
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    noted = [(task.ref, note) for task in chosen for note in task.notes]
    if noted:
        st.warning(tr("carry.notes"), icon=":material/event_busy:")
        st.markdown("\n".join(f"- {ref}: {escape_md(note_text(note))}" for ref, note in noted))


def note_text(note: ShiftNote) -> str:
    """A shift note in the session's language."""
    return tr(
        f"carry.note.{note.kind}", original=note.original, shifted=note.shifted, year=note.year
    )


def write(from_year: int, to_year: int, number: str, title: str, chosen: list[CarriedTask]) -> None:
    """Copy the chosen tasks; errors are said plainly, never as a traceback."""
    report = attempt(
        lambda: copy_recurring_tasks(
            store(),
            from_year,
            number,
            to_year,
            title=title or None,
            actor=current_user().identity,
            task_ids=[task.source_id for task in chosen],
        ),
        error_key=error_key,
    )
    if report is None:
        return
    messages = []
    if report.added["plans"]:
        messages.append(
            tr("carry.plan_added", number=number, year=to_year, title=report.plan_title)
        )
    messages.append(
        tr("carry.done", added=report.added["tasks"], unchanged=report.unchanged["tasks"])
    )
    st.session_state[DONE] = messages
    st.rerun()
