"""The Kế hoạch page: what needs attention, and recording a task's progress."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from sheets.store import Store

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def plan_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "vi"
    at.run()
    at.switch_page(str(Path(APP).parent / "pages/plan.py"))
    at.run()
    assert not at.exception
    return at


def test_marking_a_task_done_with_evidence_is_written_and_audited(demo_store: Store):
    tasks = demo_store.load().frame("tasks").sort_values(["section", "number"])
    open_task = tasks[tasks["status"] == "Chưa thực hiện"].iloc[0]
    at = plan_page()
    at.selectbox(key="track_task").select(open_task["id"]).run()
    at.selectbox[2].select("Hoàn thành")  # the form's status (after year and task pickers)
    at.text_input[0].input("https://sct.khanhhoa.gov.vn/tin/cchc-bao-cao")
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception and not at.error
    saved = demo_store.get("tasks", open_task["id"])
    assert saved["status"] == "Hoàn thành" and saved["progress"] == 100
    assert saved["evidence_url"] == "https://sct.khanhhoa.gov.vn/tin/cchc-bao-cao"
    assert saved["completed_on"] == dt.date.today()
    last = demo_store.load(force=True).frame("audit").iloc[-1]
    assert (last["action"], last["record_id"]) == ("Sửa", open_task["id"])


def test_an_overdue_task_is_listed_with_its_unit(demo_store: Store):
    first = demo_store.load().frame("tasks").sort_values(["section", "number"]).iloc[0]
    demo_store.update("tasks", first["id"], {"status": "Đang thực hiện"})  # I.1, due 31/03/2017
    at = plan_page()
    listed = "\n".join(m.value for m in at.markdown)
    assert "**Quá hạn** I.1 — Ban lãnh đạo Sở: hạn 31/03/2017" in listed
