"""The overview for a period: the five figures, their change from the period before, the
"Cần chú ý" list with its links, the period in the address and meeting mode."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import quote_plus

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from reform import overview as ov
from reform.i18n import t
from sheets.store import Store

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TODAY = dt.date(2026, 11, 28)
NO_ACTIVITIES = pd.DataFrame(
    {"date": pd.Series([], dtype="datetime64[ns]"), "type": [], "task_ref": []}
)


# --- periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2017", ov.Span(2017)),
        ("2017-Q3", ov.Span(2017, 3)),
        ("2017-q1", ov.Span(2017, 1)),
        ("2017-08", ov.Span(2017, None, 8)),
        ("2017-8", ov.Span(2017, None, 8)),
    ],
)
def test_a_period_is_read_from_the_address(text: str, span: ov.Span):
    assert ov.Span.parse(text) == span
    assert ov.Span.parse(span.param()) == span


@pytest.mark.parametrize("text", ["", "17", "2017-Q5", "2017-13", "2017-00", "abcd", None])
def test_anything_else_is_no_period(text: object):
    assert ov.Span.parse(text) is None


def test_each_period_knows_its_days_and_the_one_before():
    assert (ov.Span(2017, 1).start, ov.Span(2017, 1).end) == (
        dt.date(2017, 1, 1),
        dt.date(2017, 3, 31),
    )
    assert ov.Span(2016, None, 2).end == dt.date(2016, 2, 29)
    assert ov.Span(2017, 1).previous() == ov.Span(2016, 4)
    assert ov.Span(2017, None, 1).previous() == ov.Span(2016, None, 12)
    assert ov.Span(2017).previous() == ov.Span(2016)
    assert ov.Span(2017, None, 8).survey_span() == ov.Span(2017, 3)
    # A finished period is judged on the day after it; a running one today.
    assert ov.Span(2017, 3).judging_day(TODAY) == dt.date(2017, 10, 1)
    assert ov.Span(2026, 4).judging_day(TODAY) == TODAY


def test_the_choices_are_the_periods_begun_latest_first():
    assert ov.spans_of("quarter", 2026, TODAY)[0] == ov.Span(2026, 4)
    assert len(ov.spans_of("month", 2026, TODAY)) == 11
    assert ov.spans_of("month", 2017, TODAY)[-1] == ov.Span(2017, None, 1)
    assert ov.latest_span("quarter", [2017], TODAY) == ov.Span(2017, 4)
    assert ov.latest_span("month", [2026, 2017], TODAY) == ov.Span(2026, None, 11)


# --- figures ---------------------------------------------------------------------------------


def task(number: int, **values: object) -> dict[str, object]:
    row = {
        "id": f"t{number}",
        "year": 2017,
        "section": "I",
        "number": number,
        "content": f"Task {number}",
        "deadline_text": "",
        "due_date": pd.NaT,
        "lead_unit": "Văn phòng Sở",
        "support_units": "",
        "status": "Đang thực hiện",
        "completed_on": pd.NaT,
        "periods_done": "",
    }
    return row | values


def frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    data = pd.DataFrame(rows)
    for column in ("due_date", "completed_on", "received_on", "answered_on", "date"):
        if column in data:
            data[column] = pd.to_datetime(data[column])
    return data


def test_plan_progress_is_read_as_it_stood_at_the_end_of_each_period():
    tasks = frame(
        [
            task(1, due_date="2017-03-31", status="Hoàn thành", completed_on="2017-05-10"),
            task(2, due_date="2017-06-30"),
            task(3, due_date="2017-12-31", status="Hoàn thành"),  # done, date unknown
            task(4, lead_unit="Phòng QLTM", due_date="2017-02-15"),
        ]
    )
    q1 = ov.plan_progress(tasks, NO_ACTIVITIES, ov.Span(2017, 1), TODAY)
    q2 = ov.plan_progress(tasks, NO_ACTIVITIES, ov.Span(2017, 2), TODAY)
    # At the end of Q1 task 1 was not done yet (done on 10/5) and was overdue, as was task 4.
    assert (q1.total, q1.done, q1.due, q1.overdue) == (4, 1, 2, 2)
    assert (q2.done, q2.due, q2.overdue) == (2, 3, 2)
    assert ov.plan_progress(tasks, NO_ACTIVITIES, ov.Span(2018), TODAY) is None
    # While a period runs, a task finished today is done today.
    today = frame([task(1, status="Hoàn thành", completed_on="2017-05-10")])
    running = ov.plan_progress(today, NO_ACTIVITIES, ov.Span(2017, 2), dt.date(2017, 5, 10))
    assert running.done == 1
    before = ov.plan_progress(today, NO_ACTIVITIES, ov.Span(2017, 2), dt.date(2017, 5, 9))
    assert before.done == 0


def feedback(**values: object) -> dict[str, object]:
    row = {
        "id": "f",
        "received_on": "2017-08-01",
        "status": "Mới",
        "due_date": "2017-08-08",
        "answered_on": pd.NaT,
        "channel": "Trực tiếp",
        "category": "Phản ánh",
        "complex": False,
    }
    return row | values


def test_feedback_is_open_until_answered_and_overdue_after_its_due_date():
    items = frame(
        [
            feedback(id="a"),  # open, due 8/8
            feedback(id="b", status="Đã trả lời", answered_on="2017-09-20", due_date="2017-08-10"),
            feedback(id="c", received_on="2017-10-02", due_date="2017-10-09"),
            feedback(id="d", status="Đã trả lời", answered_on=pd.NaT, due_date="2017-08-10"),
        ]
    )
    august = ov.feedback_state(items, ov.Span(2017, None, 8), TODAY)
    # b was answered only in September: open and overdue at the end of August.
    assert august == ov.FeedbackState(received=3, open=2, overdue=2)
    q4 = ov.feedback_state(items, ov.Span(2017, 4), TODAY)
    # While a period runs, an item received and answered today is closed today.
    today = frame(
        [feedback(received_on="2017-08-03", status="Đã trả lời", answered_on="2017-08-03")]
    )
    assert ov.feedback_state(today, ov.Span(2017, 3), dt.date(2017, 8, 3)) == ov.FeedbackState(
        received=1, open=0, overdue=0
    )
    assert q4 == ov.FeedbackState(received=1, open=2, overdue=2)


def dossier(month: int, **values: int) -> dict[str, object]:
    row = dict.fromkeys(
        (
            "carried_over",
            "new_online",
            "new_direct",
            "new_post",
            "resolved_early",
            "resolved_on_time",
            "resolved_late",
            "pending_within",
            "pending_overdue",
            "apology_letters",
            "online_level3",
            "online_level4",
        ),
        0,
    )
    return {
        "year": 2017,
        "month": month,
        "procedure_field": "Điện",
        "_row": month + 1,
        **row,
        **values,
    }


def test_the_on_time_rate_is_over_the_periods_months():
    rows = frame(
        [
            dossier(7, new_direct=10, resolved_on_time=10),
            dossier(8, new_direct=10, resolved_early=6, resolved_late=4, apology_letters=1),
        ]
    )
    assert ov.dossier_rate(rows, ov.Span(2017, None, 8)).share == pytest.approx(0.6)
    assert ov.dossier_rate(rows, ov.Span(2017, 3)).share == pytest.approx(0.8)
    assert ov.dossier_rate(rows, ov.Span(2017, 1)).n == 0


def test_the_fast_apology_check_agrees_with_the_row_by_row_one():
    from reform import dossiers as ds

    rows = frame(
        [
            dossier(5, resolved_late=3, apology_letters=1),
            dossier(5, procedure_field=" điện ", resolved_late=9),  # typed twice: the first counts
            dossier(5, procedure_field="Hóa chất", pending_overdue=2, apology_letters=2),
            dossier(6, procedure_field="Hóa chất", pending_overdue=2, resolved_late=1),
            dossier(7, resolved_late=None, apology_letters=None),
        ]
    )
    slow = [
        (f.month, f.field, f.numbers["late"], f.numbers["apology_letters"])
        for f in ds.check_dossiers(rows, 2017)
        if f.kind == "apology"
    ]
    fast = ds.apology_shortfalls(rows, 2017, range(1, 13))
    assert (
        list(fast.itertuples(index=False, name=None))
        == slow
        == [(5, "Điện", 3, 1), (6, "Hóa chất", 3, 0)]
    )


def test_web_posts_count_against_the_months_begun():
    posts = frame(
        [
            {"date": "2017-07-03", "type": "Tin bài trên trang web"},
            {"date": "2017-07-20", "type": "Tờ rơi"},
            {"date": "2017-09-01", "type": "Tin bài trên trang web"},
        ]
    )
    assert ov.web_posts(posts, ov.Span(2017, 3), TODAY, 2) == ov.WebPosts(2, 6)
    # On 15/8 only July and August have begun; on 1/9 September has, with today's post.
    assert ov.web_posts(posts, ov.Span(2017, 3), dt.date(2017, 8, 15), 1) == ov.WebPosts(1, 2)
    assert ov.web_posts(posts, ov.Span(2017, 3), dt.date(2017, 9, 1), 1) == ov.WebPosts(2, 3)


# --- Cần chú ý -------------------------------------------------------------------------------


def sources(**frames: pd.DataFrame) -> ov.Sources:
    empty = {
        "tasks": frame([task(1)]).iloc[0:0],
        "activities": NO_ACTIVITIES,
        "responses": pd.DataFrame({"submitted_at": pd.Series([], dtype="datetime64[ns]")}),
        "feedback": frame([feedback()]).iloc[0:0],
        "dossiers": frame([dossier(1)]).iloc[0:0],
    }
    return ov.Sources(
        **(empty | frames), question_codes=[], aliases={"Văn phòng Sở": ["VP", "Văn phòng"]}
    )


def test_each_kind_of_item_is_found_ranked_and_linked():
    data = sources(
        tasks=frame(
            [
                task(1, due_date="2017-05-31"),
                task(2, due_date="2017-06-15", lead_unit="VP"),
                task(3, due_date="2017-04-30", lead_unit="Phòng QLTM"),
            ]
        ),
        activities=frame(
            [
                {"date": "2017-04-10", "type": "Tin bài trên trang web", "task_ref": ""},
                {"date": "2017-06-10", "type": "Tin bài trên trang web", "task_ref": ""},
            ]
        ),
        feedback=frame([feedback(received_on="2017-06-01", due_date="2017-06-08")]),
        dossiers=frame(
            [dossier(5, new_direct=5, resolved_on_time=2, resolved_late=3, apology_letters=1)]
        ),
        responses=pd.DataFrame({"submitted_at": pd.to_datetime(["2017-05-02"] * 12)}),
    )
    items = ov.attention(data, ov.Span(2017, 2), TODAY, web_minimum=1, survey_target=30)
    kinds = [item.kind for item in items]
    assert kinds == [
        "apology",
        "feedback_overdue",
        "tasks_overdue",
        "tasks_overdue",
        "web_posts",
        "survey_short",
    ]
    apology, late_feedback, office, trade, web, survey = items
    assert (apology.count, apology.month, apology.page, apology.params) == (
        2,
        5,
        "onestop",
        {"nam": "2017", "quy": "2"},
    )
    assert (late_feedback.count, late_feedback.page, late_feedback.numbers) == (
        1,
        "feedback",
        {"days": 16},
    )  # working days after 8/6 up to 1/7
    # "VP" is the Văn phòng Sở of the Đơn vị tab: its two tasks are counted together.
    assert (office.unit, office.count, office.params) == (
        "Văn phòng Sở",
        2,
        {"nam": "2017", "don_vi": "Văn phòng Sở"},
    )
    assert (trade.unit, trade.count) == ("Phòng QLTM", 1)
    assert (web.month, web.params) == (5, {"nam": "2017", "thang": "5", "loai": "web"})
    assert (survey.quarter, survey.count, survey.params) == (2, 18, {"quy": "2017-2"})
    assert survey.numbers["responses"] == 12


def test_a_running_quarter_is_judged_by_its_pace():
    data = sources(responses=pd.DataFrame({"submitted_at": pd.to_datetime(["2026-10-05"] * 20)}))
    # By 28/11, 58 of the quarter's 92 days: an even pace to 30 would be 18 — 20 is on pace.
    assert ov.attention(data, ov.Span(2026, 4), TODAY, 1, 30) == [
        item
        for item in ov.attention(data, ov.Span(2026, 4), TODAY, 1, 30)
        if item.kind != "survey_short"
    ]
    behind = ov.attention(data, ov.Span(2026, 4), TODAY, 1, 40)
    assert [
        (i.kind, i.numbers["expected"], i.numbers["finished"])
        for i in behind
        if i.kind == "survey_short"
    ] == [("survey_short", 25, 0)]


def test_a_quiet_period_needs_no_attention():
    assert ov.attention(sources(), ov.Span(2017, 3), TODAY, 1, 30) == [
        item
        for item in ov.attention(sources(), ov.Span(2017, 3), TODAY, 1, 30)
        if item.kind in ("web_posts", "survey_short")
    ]
    assert ov.attention(sources(), ov.Span(2017, 3), TODAY, 0, 0) == []


# --- the page --------------------------------------------------------------------------------


def run(lang: str = "vi", **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def links(at: AppTest) -> list[tuple[str, str, str]]:
    """Each page link: its label, the page it opens and its query string."""
    return [(e.proto.label, e.proto.page, e.proto.query_string) for e in at.get("page_link")]


def test_the_overview_of_a_quarter_in_vietnamese(demo_store: Store):
    at = run("vi")
    labels = [m.label for m in at.metric]
    assert labels == [
        "Nhiệm vụ hoàn thành, KH 2017",
        "Hài lòng, Quý IV/2017",
        "Phản ánh đang mở",
        "Hồ sơ đúng hạn",
        "Tin bài trên web, Quý IV/2017",
    ]
    book = demo_store.load()
    done = int((book.frame("tasks")["status"] == "Hoàn thành").sum())
    dossiers = book.frame("dossiers")
    q4 = dossiers[dossiers["month"] >= 10]
    good = q4["resolved_early"].sum() + q4["resolved_on_time"].sum()
    rate = good / (good + q4["resolved_late"].sum())
    values = {m.label: m.value for m in at.metric}
    assert values["Nhiệm vụ hoàn thành, KH 2017"] == f"{done}/12"
    assert values["Hồ sơ đúng hạn"] == f"{rate * 100:.1f}%".replace(".", ",")
    captions = [c.value for c in at.caption]
    assert (
        "Sở Công Thương tỉnh Khánh Hòa · Số liệu tính đến ngày 31/12/2017. · "
        "Mũi tên: thay đổi so với Quý III/2017."
    ) in captions
    assert any(c.startswith("n = 110 phiếu; KTC 95%:") for c in captions)
    assert at.subheader[0].value == "Cần chú ý, Quý IV/2017"
    found = links(at)
    assert found[0] == ("Phản ánh – kiến nghị", "feedback", "")
    assert found[1] == (
        "Kế hoạch, Văn phòng Sở",
        "plan",
        "nam=2017&don_vi=" + quote_plus("Văn phòng Sở"),
    )
    assert len(at.get("vega_lite_chart")) == 2


def test_a_month_in_english_from_the_address(demo_store: Store):
    at = run("en", ky="2017-08")
    assert [m.label for m in at.metric][1] == "Satisfied, Q3 2017"
    assert [m.label for m in at.metric][4] == "Web posts, August 2017"
    assert at.subheader[0].value == "Needs attention, August 2017"
    web = [link for link in links(at) if link[0] == "Activities, August 2017"]
    assert len(web) == 1 and "thang=8" in web[0][2] and "loai=web" in web[0][2]
    assert any("change since July 2017" in c.value for c in at.caption)


def test_meeting_mode_hides_the_menu_and_is_kept_in_the_address(demo_store: Store):
    at = run("vi", hop="1")
    assert any("stSidebar" in e.proto.body for e in at.get("html"))
    at.toggle(key="overview_meeting").set_value(False).run()
    assert not any("stSidebar" in e.proto.body for e in at.get("html"))
    assert "hop" not in at.query_params


def test_picking_a_year_puts_it_in_the_address(demo_store: Store):
    at = run("vi")
    at.button_group(key="overview_kind").set_value("year").run()
    assert at.selectbox(key="overview_span").value == "2017"
    assert at.query_params["ky"] == "2017"
    assert [m.label for m in at.metric][1] == "Hài lòng, Năm 2017"
    assert t("overview.attention", "vi", period="Năm 2017") == at.subheader[0].value


def test_a_small_quarter_is_flagged(demo_store: Store):
    # Leave 10 of the 110 responses of Q4/2017: the figure must say it is only indicative.
    responses = demo_store.load().frame("survey_responses")
    q4 = responses[responses["submitted_at"].dt.quarter == 4]
    for record_id in q4["id"].iloc[10:]:
        demo_store.archive("survey_responses", record_id)
    at = run("vi")
    captions = [c.value for c in at.caption]
    assert any(c.startswith("n = 10 phiếu; KTC 95%:") for c in captions)
    assert any("Dưới 30 phiếu" in c for c in captions)
    survey = [item for item in at.markdown if "phiếu khảo sát" in item.value]
    assert survey and "Quý IV/2017: 10 phiếu khảo sát, chưa đạt mục tiêu 30" in survey[0].value


def open_linked(page: str, **params: str) -> AppTest:
    """A page opened from a link: the router first, then the page, with the link's query."""
    at = run("vi", **params)
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_task_link_opens_the_plan_on_the_unit(demo_store: Store):
    at = open_linked("plan", nam="2017", don_vi="Văn phòng Sở")
    assert at.selectbox(key="plan_year").value == 2017
    assert at.selectbox(key="plan_unit").value == "Văn phòng Sở"
    # The overview counted 4 overdue tasks led by the unit ("Văn phòng" is its other name);
    # the unit's view lists the same 4, and one more that it supports.
    overview = run("vi")
    assert any(m.value.endswith("Văn phòng Sở: 4 nhiệm vụ quá hạn") for m in overview.markdown)
    listed = next(m.value for m in at.markdown if "**Quá hạn**" in m.value).splitlines()
    led = [line for line in listed if t("plan.role.support_note", "vi") not in line]
    assert len(led) == 4 and len(listed) == 5


def test_a_link_naming_nothing_known_leaves_the_defaults(demo_store: Store):
    at = open_linked("plan", nam="1999", don_vi="Không có")
    assert at.selectbox(key="plan_year").value == 2017
    assert at.selectbox(key="plan_unit").value == t("plan.unit.all", "vi")


def test_an_apology_link_opens_the_one_stop_quarter(demo_store: Store):
    at = open_linked("onestop", nam="2017", quy="3")
    assert at.selectbox(key="onestop_year").value == 2017
    assert at.selectbox(key="onestop_quarter").value == 3


def test_a_web_post_link_opens_the_months_list(demo_store: Store):
    at = open_linked("activities", nam="2017", thang="8", loai="web")
    assert at.selectbox(key="activities_year").value == 2017
    assert at.selectbox(key="activities_filter_month").value == 8
    assert at.tabs[1].proto.label == t("activities.tab.list", "vi")
    # August 2017 had no web post: the filtered list says so.
    assert at.info and any(t("activities.list.none", "vi") == i.value for i in at.info)


def test_a_survey_link_opens_the_quarter(demo_store: Store):
    at = open_linked("surveys", quy="2017-1")
    assert at.selectbox(key="survey_results_year").value == 2017
    assert at.selectbox(key="survey_results_quarter_2017").value == 1


def test_the_first_plan_year_has_nothing_to_compare_with(demo_store: Store):
    # The demo's only plan is 2017's: its year, or its Quý I, has no period before with a plan.
    for period in ("2017", "2017-Q1"):
        at = run("vi", ky=period)
        assert [m.proto.delta for m in at.metric] == [""] * 5, period
        assert not any("Mũi tên" in c.value for c in at.caption)
    assert any(m.proto.delta for m in run("vi", ky="2017-Q2").metric)


@pytest.mark.parametrize("asked", ["217-3", "0001-1", "2017-9", "x"])
def test_a_survey_link_naming_no_quarter_with_data_opens_the_default(demo_store: Store, asked):
    at = open_linked("surveys", quy=asked)
    assert at.selectbox(key="survey_results_year").value == 2017
    assert at.selectbox(key="survey_results_quarter_2017").value == 4
