"""Where each task stands against its deadline: done, overdue, due soon, later, or no date."""

from __future__ import annotations

import datetime as dt

import pandas as pd

DONE = "Hoàn thành"
STATES = ("overdue", "due_soon", "later", "no_date", "done")


def due_states(tasks: pd.DataFrame, as_of: dt.date, horizon_days: int) -> pd.Series:
    """One state per task: overdue (past due, not done), due_soon (due within the horizon),
    later, no_date (ongoing tasks, judged per period elsewhere) or done."""
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


def attention_by_unit(tasks: pd.DataFrame, as_of: dt.date, horizon_days: int) -> pd.DataFrame:
    """Overdue and due-soon tasks per lead unit, the most overdue first."""
    states = due_states(tasks, as_of, horizon_days)
    flagged = tasks.assign(state=states)[states.isin(["overdue", "due_soon"])]
    order = flagged["state"].map({"overdue": 0, "due_soon": 1})
    return (flagged.assign(_order=order)
            .sort_values(["_order", "due_date", "lead_unit"]).drop(columns="_order"))
