"""Task deadlines against a day: overdue, due soon, later, no date, done."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reform.tasks import attention_by_unit, due_states
from sheets import schema as sc
from sheets.table import to_frame


def tasks() -> pd.DataFrame:
    rows = [
        {"id": "a", "lead_unit": "Văn phòng Sở", "status": "Đang thực hiện",
         "due_date": dt.date(2017, 3, 31)},
        {"id": "b", "lead_unit": "Ban lãnh đạo Sở", "status": "Hoàn thành",
         "due_date": dt.date(2017, 3, 31)},
        {"id": "c", "lead_unit": "Văn phòng Sở", "status": None, "due_date": dt.date(2017, 4, 10)},
        {"id": "d", "lead_unit": "Văn phòng Sở", "status": None, "due_date": dt.date(2017, 6, 30)},
        {"id": "e", "lead_unit": "Văn phòng Sở", "status": None, "due_date": None},
    ]
    return to_frame(sc.TASKS, [{"_row": i + 2, **r} for i, r in enumerate(rows)])


def test_each_task_gets_its_state_on_a_given_day():
    states = due_states(tasks(), dt.date(2017, 4, 1), horizon_days=14)
    assert list(states) == ["overdue", "done", "due_soon", "later", "no_date"]


def test_the_horizon_is_a_setting():
    assert list(due_states(tasks(), dt.date(2017, 4, 1), horizon_days=5))[2] == "later"


def test_attention_lists_overdue_first_then_due_soon():
    flagged = attention_by_unit(tasks(), dt.date(2017, 4, 1), horizon_days=14)
    assert list(flagged["id"]) == ["a", "c"]
    assert list(flagged["state"]) == ["overdue", "due_soon"]
