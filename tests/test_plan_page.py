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
    at.selectbox(key=f"track_status_{open_task['id']}").select("Hoàn thành")
    at.text_input(key=f"track_evidence_{open_task['id']}").input(
        "https://sct.khanhhoa.gov.vn/tin/cchc-bao-cao"
    )
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


def test_a_unit_sees_only_the_tasks_it_leads_or_supports(demo_store: Store):
    at = plan_page()
    at.selectbox(key="plan_unit").select("Ban lãnh đạo Sở").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Vai trò"]) == ["Chủ trì"] * 3
    assert list(table["Mục"]) == ["I.1", "I.2", "I.3"]
    at.selectbox(key="plan_unit").select("Văn phòng Sở").run()
    table = at.dataframe[0].value
    roles = dict(zip(table["Mục"], table["Vai trò"], strict=True))
    assert roles["I.1"] == "Phối hợp" and roles["I.5"] == "Chủ trì"
    assert roles["II.2"] == "Chủ trì"  # written «Văn phòng», an alias in the Đơn vị tab


def test_the_table_filters_by_section_status_and_period(demo_store: Store):
    at = plan_page()
    at.multiselect(key="plan_filter_section").select("II").run()
    assert set(at.dataframe[0].value["Mục"]) == {f"II.{n}" for n in range(1, 7)}
    at.multiselect(key="plan_filter_section").unselect("II").run()
    at.multiselect(key="plan_filter_status").select("Hoàn thành").run()
    assert list(at.dataframe[0].value["Mục"]) == ["I.1", "I.3", "I.4"]
    at.multiselect(key="plan_filter_status").unselect("Hoàn thành").run()
    at.selectbox(key="plan_period").select("Tháng 5/2017").run()
    refs = list(at.dataframe[0].value["Mục"])
    assert "I.4" in refs and "I.1" not in refs and "I.3" not in refs and "II.1" in refs


def test_marking_a_period_done_passes_it_and_the_page_says_so(demo_store: Store):
    """I.5 missed Quý I/2017 (no activity): marking the quarter done clears the warning."""
    tasks = demo_store.load().frame("tasks")
    task = tasks[(tasks["section"] == "I") & (tasks["number"] == 5)].iloc[0]
    at = plan_page()
    listed = "\n".join(m.value for m in at.markdown)
    assert "**Quá hạn** I.5 — Văn phòng Sở: Quý I/2017 chưa có hoạt động nào" in listed
    at.selectbox(key="track_task").select(task["id"]).run()
    periods = at.multiselect(key=f"track_periods_{task['id']}")
    assert periods.options == ["Quý I/2017", "Quý II/2017", "Quý III/2017", "Quý IV/2017"]
    periods.select("Quý I/2017")
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception and not at.error
    assert demo_store.get("tasks", task["id"])["periods_done"] == "Quý I/2017"
    listed = "\n".join(m.value for m in at.markdown)
    assert "I.5 — Văn phòng Sở" not in listed
    table = at.dataframe[0].value.set_index("Mục")
    assert table.loc["I.5", "Kỳ đạt"] == "4/4"


def test_the_page_reads_in_english_with_its_charts(demo_store: Store):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page(str(Path(APP).parent / "pages/plan.py"))
    at.run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 3  # progress, statuses, timeline
    table = at.dataframe[0].value.set_index("Item")
    assert table.loc["I.5", "Standing"] == "Overdue (Q1 2017)"
    assert table.loc["I.1", "Standing"] == "Done"
    listed = "\n".join(m.value for m in at.markdown)
    assert "**Overdue** I.5 — Văn phòng Sở: nothing recorded for Q1 2017" in listed
