"""The Hoạt động tuyên truyền page: figures on the demo data, logging an activity, who may."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from reform.access import Role, hash_password
from sheets import settings as settings_module
from sheets.store import Store

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGE = str(Path(APP).parent / "pages/activities.py")
AUGUST_GAP = "11/12 tháng đạt tối thiểu 1 tin bài; tháng 8/2017 không có tin bài nào."


@pytest.fixture
def passwords(monkeypatch: pytest.MonkeyPatch, demo_store: Store) -> Store:
    """Password mode, so that roles matter; the session's role is set directly."""
    for role in ("viewer", "editor", "admin"):
        monkeypatch.setenv(
            f"REFORM_PASSWORD_{role.upper()}", hash_password(f"{role}-2017", iterations=1_000)
        )
    return demo_store


def page(lang: str = "vi", role: Role | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    if role is not None:
        at.session_state["auth_user"] = {"name": "Cán bộ Thử", "role": int(role)}
    if user is not None:
        at.user = user
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    kinds = ("markdown", "caption", "info", "error", "warning", "subheader")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def widget(at: AppTest, kind: str, label: str):
    """The form's one widget of this kind with this label (the list's filters have keys)."""
    found = [w for w in at.get(kind) if w.label == label and not w.key]
    assert len(found) == 1, [w.label for w in at.get(kind)]
    return found[0]


def submit(at: AppTest) -> AppTest:
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def counts(store: Store) -> tuple[int, int]:
    book = store.load(force=True)
    return len(book.frame("activities")), len(book.frame("audit"))


@pytest.mark.parametrize(
    "lang, title, sentence",
    [
        ("vi", "Hoạt động tuyên truyền", AUGUST_GAP),
        ("en", "Communication activities", "11 of 12 months had at least 1 web post; August 2017"),
    ],
)
def test_the_page_shows_compliance_and_counts(demo_store: Store, lang: str, title: str, sentence):
    at = page(lang)
    assert at.title[0].value == title
    assert sentence in texts(at)
    assert len(at.get("vega_lite_chart")) == 2  # web posts by month; activities by type and month
    totals, listing = (d.value for d in at.dataframe)
    assert len(totals) == 7 and len(listing) == 60
    # The task that asks for the posts, found from the posts themselves (I.6 in Plan 21).
    assert "I.6" in texts(at) and "mỗi tháng trên trang web của Sở" in texts(at)
    assert "activities." not in texts(at)  # no catalog key left untranslated


def test_the_list_is_filtered_by_type_and_month(demo_store: Store):
    at = page()
    at.multiselect(key="activities_filter_type").select("Tờ rơi").run()
    assert len(at.dataframe[1].value) == 5
    at.selectbox(key="activities_filter_month").select(3).run()
    assert list(at.dataframe[1].value["title"]) == [
        "In và phát tờ rơi hướng dẫn dịch vụ công trực tuyến mức độ 3, 4"
    ]


def test_an_editor_logs_the_missing_august_post(passwords: Store):
    before = counts(passwords)
    at = page(role=Role.EDITOR)
    assert AUGUST_GAP in texts(at)
    widget(at, "date_input", "Ngày *").set_value(dt.date(2017, 8, 21))
    widget(at, "text_area", "Nội dung *").input("Hướng dẫn tra cứu hồ sơ trực tuyến")
    widget(at, "selectbox", "Nhiệm vụ").select("I.6")
    widget(at, "selectbox", "Đơn vị").select("Văn phòng Sở")
    widget(at, "number_input", "Số lượng").set_value(1)
    widget(at, "text_input", "Minh chứng").input("https://sct.khanhhoa.gov.vn/tin/cchc-8-2017")
    submit(at)
    assert not at.error, [e.value for e in at.error]
    assert counts(passwords) == (before[0] + 1, before[1] + 1)
    book = passwords.load()
    added = book.frame("activities").sort_values("updated_at").iloc[-1]
    assert added["date"] == pd.Timestamp(2017, 8, 21)
    assert (added["type"], added["title"], added["task_ref"], added["unit"], added["quantity"]) == (
        "Tin bài trên trang web",
        "Hướng dẫn tra cứu hồ sơ trực tuyến",
        "I.6",
        "Văn phòng Sở",
        1,
    )
    assert added["evidence_url"] == "https://sct.khanhhoa.gov.vn/tin/cchc-8-2017"
    audit = book.frame("audit").iloc[-1]
    assert (audit["action"], audit["tab"], audit["record_id"]) == ("Thêm", "Hoạt động", added["id"])
    assert audit["actor"] == "Cán bộ Thử (Biên tập)"
    # August has its post now: every month of 2017 met the minimum.
    assert "12/12 tháng đạt tối thiểu 1 tin bài" in texts(at)


@pytest.mark.parametrize(
    "title, date, message",
    [
        ("", dt.date(2017, 8, 21), "Chưa nhập «Nội dung»: ô này bắt buộc. Chưa có gì được ghi."),
        ("x" * 50_000, dt.date(2017, 8, 21), "«Nội dung» dài 50.000 ký tự, quá mức 10.000"),
        ("Tin bài", dt.date(2018, 1, 5), "Ngày 05/01/2018 không thuộc năm 2017 đang xem."),
    ],
    ids=["empty_title", "too_long", "other_year"],
)
def test_bad_input_is_refused_and_nothing_is_written(
    passwords: Store, title: str, date: dt.date, message: str
):
    before = counts(passwords)
    at = page(role=Role.EDITOR)
    widget(at, "date_input", "Ngày *").set_value(date)
    widget(at, "text_area", "Nội dung *").input(title)
    submit(at)
    assert any(e.value.startswith(message) for e in at.error), [e.value for e in at.error]
    assert counts(passwords) == before


def test_a_viewer_sees_no_form(passwords: Store):
    at = page(role=Role.VIEWER)
    assert AUGUST_GAP in texts(at)
    assert not at.get("form_submit_button")
    assert [t.label for t in at.tabs] == ["Tổng hợp", "Danh sách"]


def test_an_editor_limited_to_a_unit_lists_only_that_units_activities(
    monkeypatch: pytest.MonkeyPatch, demo_store: Store
):
    secrets = {
        "auth": {
            "redirect_uri": "http://localhost:8501/oauth2callback",
            "cookie_secret": "x" * 32,
            "client_id": "id",
            "client_secret": "s",
            "server_metadata_url": "https://accounts.example/.well-known",
        }
    }
    monkeypatch.setattr(settings_module, "read_secrets", lambda: secrets)
    demo_store.append(
        "users",
        [
            {
                "email": "bld@sct.example",
                "name": "Thư ký",
                "role": "Biên tập",
                "unit": "Ban lãnh đạo Sở",
                "active": True,
            }
        ],
    )
    at = page(user={"is_logged_in": True, "email": "bld@sct.example", "name": "Thư ký"})
    listing = at.dataframe[1].value
    assert len(listing) == 7 and set(listing["unit"]) == {"Ban lãnh đạo Sở"}
    # The monthly web posts are the agency's figure, not the unit's.
    assert AUGUST_GAP in texts(at)
    assert widget(at, "selectbox", "Đơn vị").value == "Ban lãnh đạo Sở"


def test_an_empty_store_says_so_and_still_offers_the_form(empty_store: Store):
    at = page()
    year = dt.date.today().year
    assert f"Năm {year} chưa có hoạt động nào được ghi nhận." in [i.value for i in at.info]
    assert at.get("form_submit_button")  # this year's activities can be logged at once


def test_a_viewer_of_an_empty_store_gets_a_plain_message(
    monkeypatch: pytest.MonkeyPatch, empty_store: Store
):
    monkeypatch.setenv("REFORM_PASSWORD_VIEWER", hash_password("viewer-2017", iterations=1_000))
    at = page(role=Role.VIEWER)
    assert [i.value for i in at.info] == [
        "Chưa có hoạt động tuyên truyền nào và chưa có kế hoạch nào."
    ]
