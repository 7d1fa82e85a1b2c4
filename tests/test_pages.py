"""Every page, driven through the real router with AppTest, on the demo data, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from reform.i18n import t
from sheets.store import Store
from ui.navigation import PAGES, page_keys

CATALOG_KEY = re.compile(
    r"\b(?:app|common|nav|overview|data|page|problem|error|period|public|field|tab|demo|plan|auth"
    r"|audit|users)"
    r"\.[a-z_]+\b"
)
APP = str(Path(__file__).resolve().parents[1] / "app.py")
FILES = {key: path for pages in PAGES.values() for key, path, *_ in pages}


def run_page(key: str, lang: str = "vi") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    if key != "overview":
        at.switch_page(FILES[key])
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def all_text(at: AppTest) -> str:
    """Everything the page wrote, tables included."""
    parts = [
        e.value
        for kind in (
            "title",
            "header",
            "subheader",
            "markdown",
            "caption",
            "text",
            "info",
            "warning",
            "error",
            "success",
        )
        for e in at.get(kind)
    ]
    parts += [m.label + " " + str(m.value) for m in at.metric]
    for table in at.dataframe:
        parts.append(table.value.to_string())
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("lang", ["vi", "en"])
# Open (demo) mode: every page but the sign-in page, which only exists once sign-in is set up.
@pytest.mark.parametrize("key", [k for k in page_keys() if k != "login"])
def test_every_page_renders_with_its_title(demo_store: Store, key: str, lang: str):
    at = run_page(key, lang)
    assert at.title[0].value == t(f"nav.{key}", lang)
    # No catalog key leaks onto the page untranslated.
    text = all_text(at)
    assert CATALOG_KEY.findall(text) == []


# The overview's own tests: tests/test_overview.py.


def test_plan_page_lists_the_twelve_tasks(demo_store: Store):
    at = run_page("plan", "vi")
    table = at.dataframe[0].value
    assert len(table) == 12
    assert table.iloc[0]["Nội dung, nhiệm vụ cụ thể"].startswith(
        "Tổ chức phổ biến, quán triệt toàn diện"
    )


MARKERS = {
    "sender_name": "ZZNAME7731",
    "sender_phone": "0999773100",
    "sender_email": "zz7731@example.com",
    "sender_address": "ZZADDR7731",
}


@pytest.mark.parametrize("key", ["public"])  # the feedback page: test_feedback_page.py, as a viewer
def test_personal_fields_never_reach_public_or_list_pages(demo_store: Store, key: str):
    record = {
        "received_on": "01/06/2017",
        "category": "Góp ý",
        "status": "Đã trả lời",
        "content": "Đề nghị niêm yết thêm hướng dẫn.",
        "answer": "Đã niêm yết.",
        "answered_on": "05/06/2017",
        "published": True,
        **MARKERS,
    }
    demo_store.append("feedback", [record] * 5)
    at = run_page(key, "vi")
    text = all_text(at)
    assert "Đã niêm yết" in text
    for marker in MARKERS.values():
        assert marker not in text


def test_user_text_is_shown_escaped_on_the_public_page(demo_store: Store):
    demo_store.append(
        "feedback",
        [
            {
                "received_on": "01/06/2017",
                "category": "Góp ý",
                "status": "Đã trả lời",
                "content": "<script>alert(1)</script> **đậm** =1+2",
                "answer": "[link](http://x)",
                "answered_on": "30/12/2017",
                "published": True,
            }
        ],
    )
    at = run_page("public", "vi")
    shown = [m.value for m in at.markdown if "alert" in m.value]
    assert shown and "\\<script\\>" in shown[0] and "\\*\\*đậm\\*\\*" in shown[0]


def test_data_page_lists_each_problem_by_tab_row_and_column(demo_store: Store):
    demo_store.backend.insert_raw_row("Hoạt động", ["bad1", "31/02/2017", "Tờ rơi", "Phát"])
    at = run_page("data", "vi")
    tables = [d.value for d in at.dataframe]
    messages = "\n".join(table.to_string() for table in tables)
    assert "Bảng «Hoạt động», dòng 62, cột «Ngày» (B62): giá trị «31/02/2017»" in messages
    overview = run_page("overview", "vi")
    assert any("1 lỗi dữ liệu" in w.value for w in overview.warning)


def test_demo_data_is_removed_from_the_data_page(demo_store: Store):
    at = run_page("data", "vi")
    at.checkbox(key="demo_confirm").check().run()
    at.button(key="demo_clear").click().run()
    assert not at.exception
    assert not demo_store.load().has_demo_data()


def test_reload_button_reads_edits_made_outside_the_app(demo_store: Store):
    at = run_page("plan", "vi")
    assert len(at.dataframe[0].value) == 12
    demo_store.backend.insert_raw_row(
        "Nhiệm vụ", ["new1", "21/KH-SCT", 2017, "II", 7, "Nhiệm vụ mới", "", "", "Văn phòng Sở"]
    )
    at.run()
    assert len(at.dataframe[0].value) == 13


def test_tables_sort_names_in_vietnamese_order(demo_store: Store):
    table = run_page("onestop", "vi").dataframe[0].value
    january = table[(table["year"] == 2017) & (table["month"] == 1)]
    # Đ comes after D and before E, not after every ASCII letter as a code-point sort would put it.
    assert list(january["procedure_field"]) == [
        "An toàn thực phẩm",
        "Công nghiệp – Khoa học công nghệ",
        "Điện lực",
        "Hóa chất",
        "Thương mại",
    ]
