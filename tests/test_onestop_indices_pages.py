"""The Một cửa and Chỉ số pages through the router, on the demo store: figures, checks, the
entry forms (one row written, a duplicate refused) and the public tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sheets.store import Store

APP = str(Path(__file__).resolve().parents[1] / "app.py")
ONESTOP = str(Path(APP).parent / "pages/onestop.py")
INDICES = str(Path(APP).parent / "pages/indices.py")


def page(path: str, lang: str = "vi") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(path)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    kinds = ("title", "markdown", "caption", "info", "error", "warning", "success", "subheader")
    parts = [str(e.value) for kind in kinds for e in at.get(kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


def html_bodies(at: AppTest) -> list[str]:
    return [e.proto.body for e in at.get("html")]


def number(at: AppTest, label: str):
    found = [w for w in at.number_input if w.label == label]
    assert len(found) == 1, [w.label for w in at.number_input]
    return found[0]


def submit(at: AppTest) -> AppTest:
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rows(store: Store, key: str) -> int:
    return len(store.load(force=True).frame(key))


@pytest.mark.parametrize(
    "lang, title, kpi", [("vi", "Một cửa", "Giải quyết đúng hạn"), ("en", None, "Resolved on time")]
)
def test_the_onestop_page_shows_figures_and_charts(demo_store: Store, lang, title, kpi):
    at = page(ONESTOP, lang)
    if title:
        assert at.title[0].value == title
    assert [m.label for m in at.metric][0] == kpi
    assert at.metric[0].value == ("97,0%" if lang == "vi" else "97.0%")  # 1241/1280 in 2017
    assert at.metric[2].value == ("1.303" if lang == "vi" else "1,303")
    assert len(at.get("vega_lite_chart")) == 4  # by month ×2, by quarter, by field
    assert at.success  # the demo's figures add up
    assert "onestop." not in texts(at)


def test_a_failing_check_names_month_field_and_numbers(demo_store: Store):
    book = demo_store.load()
    dossiers = book.frame("dossiers")
    march = dossiers[(dossiers["month"] == 3) & (dossiers["procedure_field"] == "Điện lực")].iloc[0]
    demo_store.update(
        "dossiers",
        march["id"],
        {"pending_within": int(march["pending_within"]) + 1},
        expected_version=int(march["version"]),
    )
    carried = int(march["carried_over"])
    new = int(march["new_online"] + march["new_direct"] + march["new_post"])
    resolved = int(march["resolved_early"] + march["resolved_on_time"] + march["resolved_late"])
    pending = int(march["pending_within"] + march["pending_overdue"]) + 1
    at = page(ONESTOP)
    expected = (
        f"Tháng 3/2017, lĩnh vực Điện lực: kỳ trước chuyển sang {carried} + mới {new} = "
        f"{carried + new}, nhưng đã giải quyết {resolved} + đang giải quyết {pending} = "
        f"{resolved + pending}."
    )
    assert expected in texts(at)
    # April carried over what March used to leave pending: that check fails too.
    assert "Tháng 4/2017, lĩnh vực Điện lực: kỳ trước chuyển sang" in texts(at)


def test_the_entry_form_writes_one_row(demo_store: Store):
    before, audit = rows(demo_store, "dossiers"), rows(demo_store, "audit")
    at = page(ONESTOP)
    at.number_input(key="onestop_entry_year").set_value(2018).run()
    at.selectbox(key="onestop_entry_month").select(1).run()
    at.selectbox(key="onestop_entry_field").select("Điện lực").run()
    assert "Nhập số liệu mới: tháng 1/2018, lĩnh vực Điện lực." in texts(at)
    # Carried over comes filled in with December 2017's pending dossiers.
    carried = number(at, "Kỳ trước chuyển sang").value
    number(at, "Mới tiếp nhận trực tuyến").set_value(5)
    number(at, "Mới tiếp nhận trực tiếp").set_value(15)
    number(at, "Giải quyết trước hạn").set_value(6)
    number(at, "Giải quyết đúng hạn").set_value(10 + carried)
    number(at, "Đang giải quyết trong hạn").set_value(4)
    submit(at)
    assert not at.error, [e.value for e in at.error]
    assert rows(demo_store, "dossiers") == before + 1
    assert rows(demo_store, "audit") == audit + 1
    frame = demo_store.load().frame("dossiers")
    added = frame[frame["year"] == 2018].iloc[0]
    assert (added["month"], added["procedure_field"], added["new_online"]) == (1, "Điện lực", 5)
    assert added["resolved_on_time"] == 10 + carried


def test_unbalanced_numbers_are_shown_before_saving(demo_store: Store):
    before = rows(demo_store, "dossiers")
    at = page(ONESTOP)
    at.number_input(key="onestop_entry_year").set_value(2018).run()
    at.selectbox(key="onestop_entry_month").select(1).run()
    at.selectbox(key="onestop_entry_field").select("Điện lực").run()
    carried = number(at, "Kỳ trước chuyển sang").value
    number(at, "Mới tiếp nhận trực tiếp").set_value(10)
    number(at, "Giải quyết đúng hạn").set_value(9)
    submit(at)
    assert f"kỳ trước chuyển sang {carried} + mới 10 = {carried + 10}" in texts(at)
    assert "nhưng đã giải quyết 9 + đang giải quyết 0 = 9." in texts(at)
    assert rows(demo_store, "dossiers") == before


def test_a_duplicate_month_and_field_is_refused(demo_store: Store):
    at = page(ONESTOP)
    at.number_input(key="onestop_entry_year").set_value(2018).run()
    at.selectbox(key="onestop_entry_month").select(2).run()
    at.selectbox(key="onestop_entry_field").select("Thương mại").run()
    number(at, "Mới tiếp nhận trực tiếp").set_value(3)
    number(at, "Giải quyết đúng hạn").set_value(3)
    # A colleague types the same month and field in the sheet meanwhile.
    demo_store.append(
        "dossiers", [{"year": 2018, "month": 2, "procedure_field": "Thương mại", "new_direct": 1}]
    )
    before = rows(demo_store, "dossiers")
    submit(at)
    assert any("Không lưu" in e.value and "tháng 2/2018" in e.value for e in at.error)
    assert rows(demo_store, "dossiers") == before
    # Picked again, the month is offered for editing instead, with a version check.
    at.selectbox(key="onestop_entry_month").select(3).run()
    at.selectbox(key="onestop_entry_month").select(2).run()
    assert "Biểu mẫu dưới đây sửa dòng đó." in texts(at)


def test_an_existing_month_is_edited_with_its_version(demo_store: Store):
    at = page(ONESTOP)
    at.number_input(key="onestop_entry_year").set_value(2017).run()
    at.selectbox(key="onestop_entry_month").select(12).run()
    at.selectbox(key="onestop_entry_field").select("Hóa chất").run()
    letters = number(at, "Phiếu xin lỗi và hẹn lại")
    letters.set_value(letters.value + 1)
    before = rows(demo_store, "dossiers")
    submit(at)
    assert not at.error, [e.value for e in at.error]
    assert rows(demo_store, "dossiers") == before
    frame = demo_store.load().frame("dossiers")
    edited = frame[(frame["month"] == 12) & (frame["procedure_field"] == "Hóa chất")].iloc[0]
    assert edited["version"] == 2


def test_the_public_quarter_table_has_no_internal_data(demo_store: Store):
    at = page(ONESTOP)
    (table,) = [b for b in html_bodies(at) if "onestop-public" in b and "<table>" in b]
    assert "Quý IV/2017" in table and "Tổng cộng" in table and "Điện lực" in table
    for internal in ("demo-", "Phiên bản", "Dữ liệu mẫu", "Kỳ trước chuyển sang", "_row"):
        assert internal not in table
    style = next(b for b in html_bodies(at) if "@media print" in b and "onestop_print" in b)
    assert "@page { size: A4; margin: 15mm }" in style


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_indices_page_shows_the_year_and_charts(demo_store: Store, lang: str):
    at = page(INDICES, lang)
    table = at.dataframe[0].value
    assert list(table["index_name"]) == ["PAR INDEX", "SIPAS", "PCI", "PAPI"]
    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert len(charts) == 2
    rank = charts[1]
    assert rank["encoding"]["y"]["field"] == "rank"
    assert rank["encoding"]["y"]["scale"]["reverse"] is True
    assert "tooltip" in rank["encoding"]
    assert "indices." not in texts(at)


def test_the_publication_compares_with_last_year(demo_store: Store):
    at = page(INDICES)
    (body,) = [b for b in html_bodies(at) if "indices-public" in b and "<table>" in b]
    assert "Kết quả các chỉ số cải cách hành chính năm 2017" in body
    assert body.index("PAR INDEX") < body.index("PCI")  # the department's first
    assert "3/20" in body and "▲ tăng 2 bậc" in body  # PAR INDEX: 5th → 3rd
    assert 'href="https://pcivietnam.vn/ho-so-tinh/khanh-hoa?nam=2017"' in body
    assert "demo-" not in body
    assert "trước ngày 15/4/2018" in texts(at)


def test_the_indices_form_writes_one_row(demo_store: Store):
    before = rows(demo_store, "indices")
    at = page(INDICES)
    at.number_input(key="indices_entry_year").set_value(2017).run()
    at.selectbox(key="indices_entry_name").select("DDCI").run()
    at.selectbox(key="indices_entry_scope").select("Sở").run()
    number(at, "Điểm").set_value(72.5)
    number(at, "Xếp hạng").set_value(4)
    number(at, "Số đơn vị xếp hạng").set_value(20)
    submit(at)
    assert not at.error, [e.value for e in at.error]
    assert rows(demo_store, "indices") == before + 1
    frame = demo_store.load().frame("indices")
    added = frame[frame["index_name"] == "DDCI"].iloc[0]
    assert (added["year"], added["scope"], added["score"], added["rank"]) == (2017, "Sở", 72.5, 4)
    # The same index again is offered for editing, not added twice.
    at.selectbox(key="indices_entry_scope").select("Tỉnh").run()
    at.selectbox(key="indices_entry_scope").select("Sở").run()
    assert "DDCI (Sở) năm 2017 đã có" in texts(at)


def test_a_month_typed_in_the_sheet_without_a_version_can_be_edited(demo_store: Store):
    # Staff typed March 2018 straight into the sheet: no id written by the app, no version.
    name = demo_store.tabs["dossiers"].name
    headers = demo_store.backend.headers(name)
    typed = {
        "Năm": 2018,
        "Tháng": 3,
        "Lĩnh vực": "Thương mại",
        "Mới tiếp nhận trực tiếp": 4,
        "Giải quyết đúng hạn": 4,
        "ID": "typed-in-sheet",
    }
    demo_store.backend.append_rows(name, [[typed.get(h, "") for h in headers]])
    at = page(ONESTOP)
    at.number_input(key="onestop_entry_year").set_value(2018).run()
    at.selectbox(key="onestop_entry_month").select(3).run()
    at.selectbox(key="onestop_entry_field").select("Thương mại").run()
    assert "Biểu mẫu dưới đây sửa dòng đó." in texts(at)
    number(at, "Phiếu xin lỗi và hẹn lại").set_value(1)
    submit(at)
    assert not at.exception and not at.error, [e.value for e in at.error]
    frame = demo_store.load(force=True).frame("dossiers")
    edited = frame[(frame["year"] == 2018) & (frame["month"] == 3)].iloc[0]
    assert (edited["apology_letters"], edited["version"]) == (1, 1)
