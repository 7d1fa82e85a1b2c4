"""Task deadlines against a day: overdue, due soon, later, no date, done."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reform import metrics
from reform.tasks import (
    attention_by_unit,
    due_states,
    normalize_ref,
    overlaps,
    period_table,
    progress_by_unit,
    read_marks,
    status_counts,
    task_ref,
    task_states,
    unit_role,
    unit_tasks,
    unreadable_marks,
)
from sheets import schema as sc
from sheets.table import to_frame


def tasks() -> pd.DataFrame:
    rows = [
        {
            "id": "a",
            "lead_unit": "Văn phòng Sở",
            "status": "Đang thực hiện",
            "due_date": dt.date(2017, 3, 31),
        },
        {
            "id": "b",
            "lead_unit": "Ban lãnh đạo Sở",
            "status": "Hoàn thành",
            "due_date": dt.date(2017, 3, 31),
        },
        {"id": "c", "lead_unit": "Văn phòng Sở", "status": None, "due_date": dt.date(2017, 4, 10)},
        {"id": "d", "lead_unit": "Văn phòng Sở", "status": None, "due_date": dt.date(2017, 6, 30)},
        {"id": "e", "lead_unit": "Văn phòng Sở", "status": None, "due_date": None},
    ]
    base = {"year": 2017, "section": "I"}
    return to_frame(
        sc.TASKS, [{"_row": i + 2, **base, "number": i + 1, **r} for i, r in enumerate(rows)]
    )


def test_each_task_gets_its_state_on_a_given_day():
    states = due_states(tasks(), dt.date(2017, 4, 1), horizon_days=14)
    assert list(states) == ["overdue", "done", "due_soon", "later", "no_date"]


def test_the_horizon_is_a_setting():
    assert list(due_states(tasks(), dt.date(2017, 4, 1), horizon_days=5))[2] == "later"


def test_attention_lists_overdue_first_then_due_soon():
    flagged = attention_by_unit(tasks(), dt.date(2017, 4, 1), horizon_days=14)
    assert list(flagged["id"]) == ["a", "c"]
    assert list(flagged["state"]) == ["overdue", "due_soon"]


# --- recurring tasks, judged per period ---------------------------------------------------------


def recurring(overrides: dict | None = None) -> pd.DataFrame:
    """Recurring tasks: I.5 publishes quarterly, I.6 is monthly, II.1 is ongoing (quarterly)."""
    rows = [
        {
            "section": "I",
            "number": 5,
            "lead_unit": "Văn phòng Sở",
            "status": "Đang thực hiện",
            "deadline_text": "Thường xuyên, và công bố kết quả theo hàng Quý",
        },
        {
            "section": "I",
            "number": 6,
            "lead_unit": "Văn phòng Sở",
            "status": "Đang thực hiện",
            "deadline_text": "Hàng tháng",
        },
        {
            "section": "II",
            "number": 1,
            "lead_unit": "Ban lãnh đạo Sở",
            "status": None,
            "deadline_text": "Thường xuyên",
            "support_units": "Văn phòng Sở",
        },
    ]
    overrides = overrides or {}
    records = [
        {"_row": i + 2, "id": f"t{i}", "year": 2017, **r, **overrides.get(r["number"], {})}
        for i, r in enumerate(rows)
    ]
    return to_frame(sc.TASKS, records)


def logged(*entries: tuple[str, dt.date]) -> pd.DataFrame:
    records = [
        {"_row": i + 2, "id": f"a{i}", "date": day, "type": "Khác", "title": "x", "task_ref": ref}
        for i, (ref, day) in enumerate(entries)
    ]
    return to_frame(sc.ACTIVITIES, records)


def states_of(table: pd.DataFrame, ref: str) -> list[str]:
    return list(table[table["ref"] == ref]["state"])


def test_a_period_passes_with_an_activity_logged_in_it():
    table = period_table(
        recurring(),
        logged(("I.5", dt.date(2017, 5, 2)), ("ii-1", dt.date(2017, 1, 9))),
        2017,
        dt.date(2017, 8, 15),
    )
    assert states_of(table, "I.5") == ["missed", "passed", "open", "upcoming"]
    assert states_of(table, "II.1") == ["passed", "missed", "open", "upcoming"]
    assert list(table[table["ref"] == "I.5"]["label"]) == [
        "Quý I/2017",
        "Quý II/2017",
        "Quý III/2017",
        "Quý IV/2017",
    ]


def test_monthly_tasks_have_twelve_periods_and_activities_of_another_year_do_not_count():
    table = period_table(
        recurring(),
        logged(("I.6", dt.date(2016, 1, 9)), ("I.6", dt.date(2017, 2, 1))),
        2017,
        dt.date(2017, 3, 10),
    )
    assert states_of(table, "I.6")[:4] == ["missed", "passed", "open", "upcoming"]
    assert len(states_of(table, "I.6")) == 12


def test_a_completion_mark_passes_the_periods_it_covers():
    tasks = recurring({5: {"periods_done": "Quý I/2017; quý 3"}, 6: {"periods_done": "Quý I"}})
    table = period_table(tasks, logged(), 2017, dt.date(2017, 12, 1))
    assert states_of(table, "I.5") == ["passed", "missed", "passed", "open"]
    assert states_of(table, "I.6")[:4] == ["passed", "passed", "passed", "missed"]
    assert table["marked"].sum() == 5


def test_an_unreadable_mark_is_reported_never_guessed():
    tasks = recurring({5: {"periods_done": "Quý I/2017; xong đợt 2"}})
    assert read_marks("Quý I/2017; xong đợt 2", 2017).unreadable == ("xong đợt 2",)
    assert unreadable_marks(tasks, 2017) == [(2, "I.5", "xong đợt 2")]
    table = period_table(tasks, logged(), 2017, dt.date(2017, 12, 1))
    assert states_of(table, "I.5")[:2] == ["passed", "missed"]


def test_a_task_marked_done_passes_its_periods_up_to_the_completion_date():
    tasks = recurring({1: {"status": "Hoàn thành", "completed_on": dt.date(2017, 7, 1)}})
    table = period_table(tasks, logged(), 2017, dt.date(2017, 12, 1))
    assert states_of(table, "II.1") == ["passed", "passed", "missed", "open"]


def test_recurring_tasks_join_the_attention_list_by_their_deciding_period():
    tasks = recurring()
    activities = logged(
        ("I.5", dt.date(2017, 2, 1)),
        ("II.1", dt.date(2017, 3, 1)),
        *[("I.6", dt.date(2017, m, 5)) for m in range(1, 4)],
    )
    states = task_states(tasks, activities, 2017, dt.date(2017, 4, 20), horizon_days=14)
    assert list(states["state"]) == ["later", "due_soon", "later"]
    assert list(states["period"]) == ["", "Tháng 4/2017", ""]
    later = task_states(tasks, activities, 2017, dt.date(2017, 7, 2), horizon_days=14)
    assert list(later["state"]) == ["overdue", "overdue", "overdue"]
    assert list(later["period"]) == ["Quý II/2017", "Tháng 6/2017", "Quý II/2017"]
    flagged = attention_by_unit(tasks, dt.date(2017, 7, 2), 14, activities, 2017)
    assert list(flagged["lead_unit"]) == ["Ban lãnh đạo Sở", "Văn phòng Sở", "Văn phòng Sở"]


def test_a_finished_year_judges_its_last_period():
    judged = metrics.judging_day(2017, dt.date(2026, 11, 28))
    assert judged == dt.date(2018, 1, 1)
    table = period_table(recurring(), logged(), 2017, judged)
    assert set(table["state"]) == {"missed"}


def test_a_unit_sees_the_tasks_it_leads_or_supports():
    mine = unit_tasks(recurring(), "văn phòng sở")
    assert list(mine["role"]) == ["lead", "lead", "support"]
    assert list(unit_tasks(recurring(), "Ban lãnh đạo Sở")["role"]) == ["lead"]
    aliases = {"Văn phòng Sở": ["VP"]}
    assert unit_role("Văn phòng Sở", "VP", None, aliases) == "lead"
    long_name = "Các phòng, ban, đơn vị có liên quan"
    assert unit_role(long_name, "Ban lãnh đạo Sở", long_name) == "support"


def test_progress_and_status_counts():
    tasks = recurring({5: {"progress": 40}, 6: {"status": "Hoàn thành"}})
    progress = progress_by_unit(tasks).set_index("lead_unit")
    assert progress.loc["Văn phòng Sở", "tasks"] == 2
    assert progress.loc["Văn phòng Sở", "done"] == 1
    assert progress.loc["Văn phòng Sở", "progress"] == 70
    counts = status_counts(tasks, sc.TASK_STATUSES).set_index("status")["count"]
    assert counts.to_dict() == {
        "Chưa thực hiện": 1,
        "Đang thực hiện": 1,
        "Hoàn thành": 1,
        "Tạm dừng": 0,
    }


def test_period_filter_keeps_tasks_with_work_in_the_period():
    dated = to_frame(
        sc.TASKS,
        [
            {
                "_row": 2,
                "id": "q1",
                "year": 2017,
                "section": "I",
                "number": 1,
                "deadline_text": "Trong Quý I/2017",
                "due_date": dt.date(2017, 3, 31),
            },
            {
                "_row": 3,
                "id": "may",
                "year": 2017,
                "section": "I",
                "number": 4,
                "deadline_text": "Trong Tháng 5/2017",
                "due_date": dt.date(2017, 5, 31),
            },
            {
                "_row": 4,
                "id": "ongoing",
                "year": 2017,
                "section": "I",
                "number": 2,
                "deadline_text": "Thường xuyên",
            },
            {
                "_row": 5,
                "id": "unread",
                "year": 2017,
                "section": "I",
                "number": 3,
                "deadline_text": "khi có yêu cầu",
            },
        ],
    )
    second_quarter = overlaps(dated, dt.date(2017, 4, 1), dt.date(2017, 6, 30), 2017)
    assert list(dated[second_quarter]["id"]) == ["may", "ongoing"]


def test_refs_are_read_the_way_people_type_them():
    assert [normalize_ref(r) for r in ("II.3", " ii-3 ", "II 3", "I.6.", None)] == [
        "II.3",
        "II.3",
        "II.3",
        "I.6",
        "",
    ]
    assert task_ref("II", 3) == "II.3"


def test_progress_joins_a_unit_written_by_its_alias():
    tasks = recurring({6: {"lead_unit": "VP"}})
    progress = progress_by_unit(tasks, {"Văn phòng Sở": ["VP", "Văn phòng"]})
    assert progress.set_index("lead_unit").loc["Văn phòng Sở", "tasks"] == 2
