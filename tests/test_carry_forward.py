"""Copying a year's recurring tasks into a new year's plan, deadlines moved to the new year."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from emulator import Emulator
from reform.carry_forward import (
    carried_title,
    carry_candidates,
    is_recurring,
    shift_deadline,
    shift_deadline_text,
)
from reform.deadlines import parse_deadline
from reform.i18n import t
from sheets import open_store
from sheets.carry_forward import copy_recurring_tasks
from sheets.cli import COMMANDS, main
from sheets.errors import StoreError
from sheets.settings import load_settings
from sheets.store import Store

ROOT = Path(__file__).resolve().parents[1]
NEW_NUMBER = "05/KH-SCT"
# The demo plan 21/KH-SCT: every task is recurring except I.1 (Quý I), I.3 (15/4), I.4 (May).
RECURRING = ["I.2", "I.5", "I.6", "II.1", "II.2", "II.3", "II.4", "II.5", "II.6"]
TRACKING = ("progress", "completed_on", "evidence_url", "notes", "periods_done")


# -- moving a deadline phrase --------------------------------------------------------------

SHIFTS = [
    ("Hàng tháng trong năm 2017", 2017, 2018, "Hàng tháng trong năm 2018"),
    ("Quý I/2017", 2017, 2018, "Quý I/2018"),
    ("Trong Quý I/2017", 2017, 2018, "Trong Quý I/2018"),
    ("Trước ngày 15/4/2017", 2017, 2018, "Trước ngày 15/4/2018"),
    ("Quý I/17", 2017, 2018, "Quý I/18"),
    ("Thường xuyên", 2017, 2018, "Thường xuyên"),
    ("Thực hiện thường xuyên", 2017, 2018, "Thực hiện thường xuyên"),
    (
        "Thực hiện thường xuyên, và công bố kết quả theo hàng Quý.",
        2017,
        2018,
        "Thực hiện thường xuyên, và công bố kết quả theo hàng Quý.",
    ),
    ("Trong Tháng 5/2017", 2017, 2018, "Trong Tháng 5/2018"),
    ("tháng 10/17", 2017, 2018, "tháng 10/18"),
    ("31/12/2017", 2017, 2018, "31/12/2018"),
    ("31.12.17", 2017, 2018, "31.12.18"),
    ("ngày 15 tháng 4 năm 2017", 2017, 2018, "ngày 15 tháng 4 năm 2018"),
    ("Quý I và Quý II năm 2017", 2017, 2018, "Quý I và Quý II năm 2018"),
    ("Quý I-II/2017", 2017, 2018, "Quý I-II/2018"),
    ("6 tháng đầu năm 2017", 2017, 2018, "6 tháng đầu năm 2018"),
    ("6 tháng cuối năm/17", 2017, 2018, "6 tháng cuối năm/18"),
    ("Năm 2017", 2017, 2019, "Năm 2019"),
    ("Cả năm", 2017, 2018, "Cả năm"),
    ("quy iv/2017", 2017, 2018, "quy iv/2018"),  # typed without diacritics
    ("Trong tháng 5 và tháng 11/2017", 2017, 2018, "Trong tháng 5 và tháng 11/2018"),
    ("Trước ngày 15/12", 2017, 2018, "Trước ngày 15/12"),  # its year is the plan's
    ("Báo cáo hàng quý năm 2018", 2018, 2017, "Báo cáo hàng quý năm 2017"),  # backwards
    # A document number's year is not a deadline's.
    (
        "Theo Nghị định 61/2018/NĐ-CP, trước 31/12/2017",
        2017,
        2018,
        "Theo Nghị định 61/2018/NĐ-CP, trước 31/12/2018",
    ),
    ("Phát 1.000 tờ rơi trong năm 2017", 2017, 2018, "Phát 1.000 tờ rơi trong năm 2018"),
    ("Quý IV/99", 2099, 2100, "Quý IV/2100"),  # no two-digit way to write 2100
    # 29 February in a year without one becomes 28 February.
    ("Trước ngày 29/2/2016", 2016, 2017, "Trước ngày 28/2/2017"),
    ("29/02/2016", 2016, 2017, "28/02/2017"),
    ("ngày 29 tháng 2 năm 2016", 2016, 2017, "ngày 28 tháng 2 năm 2017"),
    ("trước 29/2", 2016, 2017, "trước 28/2"),
    ("Trước ngày 29/2/2016", 2016, 2020, "Trước ngày 29/2/2020"),  # 2020 has one
    ("", 2017, 2018, ""),
]


@pytest.mark.parametrize(("text", "from_year", "to_year", "expected"), SHIFTS)
def test_a_deadline_phrase_moves_to_the_new_year(
    text: str, from_year: int, to_year: int, expected: str
) -> None:
    assert shift_deadline_text(text, from_year, to_year) == expected


@pytest.mark.parametrize(("text", "from_year", "to_year", "expected"), SHIFTS)
def test_the_moved_phrase_reads_the_same_a_year_later(
    text: str, from_year: int, to_year: int, expected: str
) -> None:
    shifted = shift_deadline(text, from_year, to_year)
    old, new = parse_deadline(text, from_year), parse_deadline(shifted.text, to_year)
    assert (new.kind, new.cadence, new.publish_cadence) == (
        old.kind,
        old.cadence,
        old.publish_cadence,
    )
    if old.due is not None and not shifted.notes:  # 29/2 → 28/2 moves the due date a day
        assert new.due == old.due.replace(year=old.due.year + to_year - from_year)


def test_a_29_february_that_moves_to_28_says_so() -> None:
    shifted = shift_deadline("Trước ngày 29/2/2016", 2016, 2017)
    assert [(n.kind, n.original, n.shifted, n.year) for n in shifted.notes] == [
        ("leap_day", "29/2/2016", "28/2/2017", 2017)
    ]
    assert shift_deadline("Quý I/2016", 2016, 2017).notes == ()
    assert "29/2/2016" in t(
        "carry.note.leap_day", "vi", original="29/2/2016", shifted="28/2/2017", year=2017
    )


def test_recurring_tasks_are_the_ones_read_as_recurring() -> None:
    assert is_recurring("Thường xuyên", 2017)
    assert is_recurring("Hàng tháng trong năm 2017", 2017)
    assert is_recurring("Báo cáo hàng quý", 2017)
    assert not is_recurring("Trong Quý I/2017", 2017)
    assert not is_recurring("Trước ngày 15/4/2017", 2017)
    assert not is_recurring("", 2017)
    assert not is_recurring(None, 2017)


def test_the_new_title_takes_the_new_year() -> None:
    assert carried_title("Kế hoạch tuyên truyền CCHC năm 2017", 2017, 2018) == (
        "Kế hoạch tuyên truyền CCHC năm 2018"
    )
    assert carried_title("Kế hoạch tuyên truyền CCHC", 2017, 2018) == (
        "Kế hoạch tuyên truyền CCHC (2018)"
    )
    assert carried_title("", 2017, 2018) is None


def test_candidates_are_the_year_s_tasks_in_plan_order() -> None:
    records = [
        {
            "id": "b",
            "year": 2017,
            "section": "II",
            "number": 1,
            "content": "B",
            "deadline_text": "Thường xuyên",
            "lead_unit": "VP",
        },
        {
            "id": "a",
            "year": 2017,
            "section": "I",
            "number": 2,
            "content": "A",
            "deadline_text": "Quý I/2017",
            "lead_unit": "VP",
            "support_units": float("nan"),
        },
        {
            "id": "c",
            "year": 2016,
            "section": "I",
            "number": 1,
            "content": "C",
            "deadline_text": "Thường xuyên",
            "lead_unit": "VP",
        },
    ]
    found = carry_candidates(records, 2017, 2018)
    assert [(c.ref, c.recurring, c.new_text) for c in found] == [
        ("I.2", False, "Quý I/2018"),
        ("II.1", True, "Thường xuyên"),
    ]
    assert found[0].support_units is None
    assert found[0].deadline.due == dt.date(2018, 3, 31)


# -- copying in the store -------------------------------------------------------------------


def frame(store: Store, key: str) -> pd.DataFrame:
    return store.load(force=True).frame(key, include_archived=True)


def year_rows(store: Store, year: int) -> pd.DataFrame:
    tasks = frame(store, "tasks")
    return tasks[tasks["year"] == year].sort_values("id").reset_index(drop=True)


def refs(tasks: pd.DataFrame) -> list[str]:
    ordered = tasks.assign(_s=tasks["section"].map({"I": 1, "II": 2, "III": 3, "IV": 4}))
    ordered = ordered.sort_values(["_s", "number"])
    return [f"{s}.{n}" for s, n in zip(ordered["section"], ordered["number"], strict=True)]


def test_copying_2017_into_2018_adds_the_recurring_tasks_and_the_plan(demo_store: Store):
    before = year_rows(demo_store, 2017)
    plans_before = frame(demo_store, "plans")
    audit_before = len(frame(demo_store, "audit"))

    report = copy_recurring_tasks(demo_store, 2017, NEW_NUMBER, 2018, actor="cb@sct")

    assert report.added == {"plans": 1, "tasks": len(RECURRING)}
    assert report.unchanged == {"plans": 0, "tasks": 0}
    assert report.copied == RECURRING
    copied = year_rows(demo_store, 2018)
    assert refs(copied) == RECURRING
    assert set(copied["plan_number"]) == {NEW_NUMBER}
    assert copied["id"].str.startswith("task-2018-05-kh-sct-").all()
    assert (copied["status"] == "Chưa thực hiện").all()
    for code in TRACKING:
        assert copied[code].isna().all(), code
    assert not copied["is_demo"].any()  # the staff's own new plan, kept by clear-demo
    # Same place, content and units as the 2017 task each copy comes from.
    source = before.set_index(before["section"] + "." + before["number"].astype(str))
    for _, task in copied.iterrows():
        old = source.loc[f"{task['section']}.{task['number']}"]
        for code in ("content", "lead_unit", "support_units", "method", "deadline_text"):
            assert task[code] == old[code] or (pd.isna(task[code]) and pd.isna(old[code])), code
    # Not one 2017 row changed, version included.
    pd.testing.assert_frame_equal(year_rows(demo_store, 2017), before)

    plans = frame(demo_store, "plans")
    assert len(plans) == len(plans_before) + 1
    new_plan = plans.set_index("id").loc["plan-2018-05-kh-sct"]
    assert new_plan["year"] == 2018 and new_plan["number"] == NEW_NUMBER
    assert new_plan["title"] == (
        "Kế hoạch tuyên truyền công tác cải cách hành chính năm 2018 của Sở Công Thương"
    )
    assert new_plan["agency"] == "Sở Công Thương tỉnh Khánh Hòa"

    audit = frame(demo_store, "audit").iloc[audit_before:]
    assert len(audit) == 1 + len(RECURRING)  # one audit row per appended row
    assert set(audit["action"]) == {"Nhập"} and set(audit["actor"]) == {"cb@sct"}
    assert sorted(audit["record_id"]) == sorted(["plan-2018-05-kh-sct", *copied["id"]])
    assert list(audit["tab"]).count("Nhiệm vụ") == len(RECURRING)

    revision = demo_store.backend.revision()
    again = copy_recurring_tasks(demo_store, 2017, NEW_NUMBER, 2018, actor="cb@sct")
    assert again.added == {"plans": 0, "tasks": 0}
    assert again.unchanged == {"plans": 1, "tasks": len(RECURRING)}
    assert again.existing == RECURRING and again.copied == []
    assert demo_store.backend.revision() == revision  # nothing written the second time


def test_chosen_tasks_get_their_due_dates_moved(demo_store: Store):
    tasks = year_rows(demo_store, 2017)
    by_ref = dict(
        zip(tasks["section"] + "." + tasks["number"].astype(str), tasks["id"], strict=True)
    )
    chosen = [by_ref["I.1"], by_ref["I.3"], by_ref["I.4"], by_ref["II.1"]]
    report = copy_recurring_tasks(demo_store, 2017, NEW_NUMBER, 2018, task_ids=chosen)
    assert report.copied == ["I.1", "I.3", "I.4", "II.1"]
    copied = year_rows(demo_store, 2018).set_index("id")
    i1, i3, i4, ii1 = (
        copied.loc[f"task-2018-05-kh-sct-{r}"] for r in ("I-1", "I-3", "I-4", "II-1")
    )
    assert (i1["deadline_text"], i1["due_date"]) == ("Trong Quý I/2018", pd.Timestamp(2018, 3, 31))
    assert (i3["deadline_text"], i3["due_date"]) == (
        "Trước ngày 15/4/2018",
        pd.Timestamp(2018, 4, 14),
    )
    assert (i4["deadline_text"], i4["due_date"]) == (
        "Trong Tháng 5/2018",
        pd.Timestamp(2018, 5, 31),
    )
    assert ii1["deadline_text"] == "Thường xuyên" and pd.isna(ii1["due_date"])
    assert (copied["status"] == "Chưa thực hiện").all()


def test_a_task_already_in_the_new_plan_keeps_its_tracking(demo_store: Store):
    copy_recurring_tasks(demo_store, 2017, NEW_NUMBER, 2018)
    tracked = year_rows(demo_store, 2018).iloc[0]
    demo_store.update(
        "tasks", tracked["id"], {"status": "Hoàn thành", "progress": 100, "notes": "Xong"}
    )
    every = list(year_rows(demo_store, 2017)["id"])
    report = copy_recurring_tasks(demo_store, 2017, NEW_NUMBER, 2018, task_ids=every)
    assert report.copied == ["I.1", "I.3", "I.4"]
    assert report.unchanged["tasks"] == len(RECURRING)
    kept = demo_store.get("tasks", tracked["id"])
    assert (kept["status"], kept["progress"], kept["notes"]) == ("Hoàn thành", 100, "Xong")
    assert len(year_rows(demo_store, 2018)) == 12


def test_a_29_february_deadline_lands_on_28_february_with_a_note(empty_store: Store):
    empty_store.append(
        "tasks",
        [
            {
                "plan_number": "03/KH",
                "year": 2016,
                "section": "I",
                "number": 1,
                "content": "Báo cáo",
                "lead_unit": "Văn phòng",
                "deadline_text": "Trước ngày 29/2/2016",
            }
        ],
    )
    task = frame(empty_store, "tasks").iloc[0]
    report = copy_recurring_tasks(empty_store, 2016, "04/KH", 2017, task_ids=[task["id"]])
    assert [n.shifted for n in report.notes["I.1"]] == ["28/2/2017"]
    copied = year_rows(empty_store, 2017).iloc[0]
    assert copied["deadline_text"] == "Trước ngày 28/2/2017"
    assert copied["due_date"] == pd.Timestamp(2017, 2, 27)
    assert frame(empty_store, "plans").iloc[0]["title"] == "04/KH"  # no plan of 2016 to name


@pytest.mark.parametrize(
    ("kwargs", "kind"),
    [
        ({"from_year": 2017, "to_plan_number": NEW_NUMBER, "to_year": 2017}, "carry_same_year"),
        ({"from_year": 2017, "to_plan_number": "  ", "to_year": 2018}, "carry_no_number"),
        ({"from_year": 2015, "to_plan_number": NEW_NUMBER, "to_year": 2018}, "carry_no_tasks"),
        (
            {
                "from_year": 2017,
                "to_plan_number": NEW_NUMBER,
                "to_year": 2018,
                "task_ids": ["no-such-task"],
            },
            "carry_unknown_tasks",
        ),
        (
            {"from_year": 2017, "to_plan_number": NEW_NUMBER, "to_year": 2018, "task_ids": []},
            "carry_nothing_chosen",
        ),
    ],
)
def test_what_cannot_be_copied_is_refused_before_any_write(
    demo_store: Store, kwargs: dict, kind: str
):
    revision = demo_store.backend.revision()
    with pytest.raises(StoreError) as raised:
        copy_recurring_tasks(demo_store, **kwargs)
    assert raised.value.kind == kind
    assert demo_store.backend.revision() == revision
    for lang in ("vi", "en"):
        key = "carry.error." + kind.removeprefix("carry_")
        assert t(key, lang, **raised.value.params) != key


# -- the same on Google Sheets ------------------------------------------------------------


def test_the_copy_works_the_same_on_google_sheets(
    emu: Emulator, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHEETS_EMULATOR_HOST", emu.host)
    monkeypatch.setenv("REFORM_GSHEETS_SPREADSHEET", emu.create_spreadsheet("CCHC"))
    assert main(["init", "--demo"]) == 0
    store = open_store(load_settings(), create=False)
    before = year_rows(store, 2017)
    emu.reset_calls()

    report = copy_recurring_tasks(store, 2017, NEW_NUMBER, 2018, actor="cb@sct")

    assert report.added == {"plans": 1, "tasks": len(RECURRING)}
    writes = [c for c in emu.calls() if c.method != "GET"]
    assert len(writes) == 2  # one append per tab, audit rows riding along
    assert all(c.path.endswith(":batchUpdate") for c in writes)
    copied = year_rows(store, 2018)
    assert refs(copied) == RECURRING
    assert (copied["status"] == "Chưa thực hiện").all()
    pd.testing.assert_frame_equal(year_rows(store, 2017), before)
    audit = frame(store, "audit")
    assert (audit["action"] == "Nhập").sum() == 1 + len(RECURRING)

    emu.reset_calls()
    again = copy_recurring_tasks(store, 2017, NEW_NUMBER, 2018, actor="cb@sct")
    assert again.added == {"plans": 0, "tasks": 0}
    assert [c for c in emu.calls() if c.method != "GET"] == []


# -- the command line ----------------------------------------------------------------------


def test_the_copy_tasks_command(demo_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["copy-tasks", "--from-year", "2017", "--to-year", "2018", "--number", NEW_NUMBER]
    assert main([*argv, "--actor", "cli:test"]) == 0
    out = capsys.readouterr().out
    assert "Đã tạo kế hoạch 05/KH-SCT năm 2018" in out
    assert f"Đã chép 9 nhiệm vụ: {', '.join(RECURRING)}." in out
    assert refs(year_rows(demo_store, 2018)) == RECURRING
    assert set(frame(demo_store, "audit")["actor"]) == {"cli:test"}

    assert main(["--lang", "en", *argv]) == 0
    out = capsys.readouterr().out
    assert "The plan 05/KH-SCT of 2018 is already there" in out
    assert "Done: 0 tasks added, 9 already there." in out


def test_the_copy_tasks_command_says_why_it_refuses(
    demo_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["copy-tasks", "--from-year", "2017", "--to-year", "2017", "--number", "1/KH"])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.err.strip() == t("carry.error.same_year", "vi", year=2017)
    assert "Traceback" not in captured.out + captured.err
    status = main(
        [
            "--lang",
            "en",
            "copy-tasks",
            "--from-year",
            "2015",
            "--to-year",
            "2018",
            "--number",
            "1/KH",
        ]
    )
    assert status == 1
    assert capsys.readouterr().err.strip() == t("carry.error.no_tasks", "en", year=2015)


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert [c for c in COMMANDS if f"python -m sheets {c}" not in readme] == []


def test_the_carry_catalogs_have_the_same_keys() -> None:
    files = {
        lang: json.loads((ROOT / f"reform/locales/{lang}/carry.json").read_text("utf-8"))
        for lang in ("vi", "en")
    }
    assert files["vi"].keys() == files["en"].keys()
    assert all(key.startswith("carry.") for key in files["vi"])


# -- the page part -------------------------------------------------------------------------


def _copy_forward_script() -> None:
    from ui.carry_forward import copy_forward_view

    copy_forward_view()


def test_the_view_previews_then_copies_the_recurring_tasks(demo_store: Store) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_copy_forward_script, default_timeout=60)
    at.session_state["lang"] = "vi"
    at.run()
    assert not at.exception and not at.error
    assert at.selectbox(key="carry_from_year").value == 2017
    assert at.number_input(key="carry_to_year_2017").value == 2018
    assert at.multiselect(key="carry_chosen_2017").value == RECURRING
    assert at.button(key="carry_write").disabled  # no plan number yet

    at.text_input(key="carry_number").input(NEW_NUMBER).run()
    preview = at.dataframe[0].value
    assert list(preview["Mục"]) == RECURRING
    assert set(preview["Trong kế hoạch mới"]) == {"sẽ thêm"}
    assert set(preview["Hiểu là"]) == {
        "định kỳ: thường xuyên",
        "định kỳ: thường xuyên; công bố hằng quý",
    }
    assert year_rows(demo_store, 2018).empty  # nothing written before the click

    at.multiselect(key="carry_chosen_2017").select("I.1").run()
    preview = at.dataframe[0].value.set_index("Mục")
    assert preview.loc["I.1", "Thời gian mới"] == "Trong Quý I/2018"
    assert preview.loc["I.1", "Hiểu là"] == "trong kỳ, hạn 31/03/2018"
    at.button(key="carry_write").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success][-1] == "Đã thêm 10 nhiệm vụ, 0 đã có sẵn."
    assert sorted(refs(year_rows(demo_store, 2018))) == sorted(["I.1", *RECURRING])
    audit = frame(demo_store, "audit")
    assert set(audit["actor"]) == {"Chế độ mở (Quản trị)"}  # open mode names itself

    at.button(key="carry_write").click().run()
    assert [s.value for s in at.success][-1] == "Đã thêm 0 nhiệm vụ, 10 đã có sẵn."
    assert set(at.dataframe[0].value["Trong kế hoạch mới"]) == {"đã có, giữ nguyên"}


def test_the_same_plan_number_in_another_year_is_another_plan(demo_store: Store) -> None:
    """Document numbers start again each year: 21/KH-SCT of 2018 is not the 2017 plan."""
    report = copy_recurring_tasks(demo_store, 2017, "21/KH-SCT", 2018)
    assert report.added == {"plans": 1, "tasks": 9}
    plans = frame(demo_store, "plans")
    assert sorted(plans["year"]) == [2017, 2018]
    assert len(year_rows(demo_store, 2017)) == 12  # the 2017 tasks are untouched
