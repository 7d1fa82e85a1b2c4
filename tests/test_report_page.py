"""The Báo cáo page through the router, on the demo store: the period picker, the preview's
numbers (the same as reform's), the three files made on a button press, an area with nothing
in the period, and charts that cannot be drawn."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from streamlit.testing.v1 import AppTest

from emulator import Emulator
from reform import chart_png
from reform.locale import format_number, format_percent
from reform.report import ReportPeriod
from sheets.google import GoogleBackend, emulator_client
from sheets.report import data_for
from sheets.settings import load_settings
from sheets.store import Store

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGE = str(Path(APP).parent / "pages/bao_cao.py")
Q2 = ReportPeriod.parse("2017-Q2")


def page(lang: str = "vi") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at: AppTest) -> str:
    kinds = ("title", "subheader", "markdown", "caption", "info", "warning", "error", "success")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def downloads(at: AppTest) -> list[str]:
    return [b.label for b in at.get("download_button")]


def expected(store: Store, period: ReportPeriod, lang: str) -> dict[str, str]:
    """The preview's figures, from reform, as the page should write them."""
    data = data_for(store.load(), period, load_settings(), dt.date.today())
    lines = data.tasks.lines
    done = sum(line.state == "done" for line in lines)
    number = {"vi": "Nhiệm vụ hoàn thành", "en": "Tasks done"}[lang]
    figures = {
        number: f"{done}/{len(lines)}",
        "in_progress": format_number(sum(line.state == "in_progress" for line in lines), lang),
        "overdue": format_number(sum(line.overdue for line in lines), lang),
        "activities": format_number(data.activities.total, lang),
        "index": format_percent(data.surveys.overall.share, lang),
        "n": format_number(data.surveys.overall.n, lang),
        "received": format_number(data.feedback.received, lang),
        "answered": format_number(data.feedback.answered, lang),
        "published": format_number(data.feedback.published, lang),
        "on_time": format_percent(data.dossiers.on_time.share, lang),
        "dossiers": format_number(data.dossiers.totals["received"], lang),
    }
    return figures


VI_LABELS = {
    "in_progress": "Đang thực hiện",
    "overdue": "Quá hạn",
    "activities": "Hoạt động trong kỳ",
    "index": "Chỉ số hài lòng",
    "n": "Số phiếu (n)",
    "received": "Tiếp nhận",
    "answered": "Đã trả lời",
    "published": "Đã công khai",
    "on_time": "Giải quyết đúng hạn",
    "dossiers": "Hồ sơ tiếp nhận",
}


def test_pick_a_quarter_preview_it_and_make_the_three_files(demo_store: Store):
    at = page("vi")
    assert at.title[0].value == "Báo cáo"
    # The default is the last quarter finished: the demo's data ends with 2017.
    picked = {s.key: s.value for s in at.selectbox if s.key and s.key.startswith("report_")}
    assert picked == {"report_kind": "quarter", "report_year": 2017, "report_part_quarter": 4}
    assert at.selectbox(key="report_year").options == ["2017", "2016", "2015"]
    at.selectbox(key="report_part_quarter").select(2)
    rerun(at)
    assert "Số liệu quý II năm 2017" in texts(at)
    assert "Từ ngày 01/04/2017 đến ngày 30/06/2017." in texts(at)
    shown = metrics(at)
    for key, value in expected(demo_store, Q2, "vi").items():
        assert shown[VI_LABELS.get(key, key)] == value, key
    assert downloads(at) == []  # nothing is made before the button is pressed

    at.button(key="report_generate").click()
    rerun(at)
    assert downloads(at) == [
        "Tải báo cáo (.docx)",
        "Tải bảng số liệu (.xlsx)",
        "Tải biểu đồ (.zip)",
    ]
    assert not at.error
    assert all("Chế độ mở" in w.value for w in at.warning)  # only open mode's warning
    (files,) = at.session_state["report_files"].values()
    document = Document(io.BytesIO(files.docx))
    assert any("quý II năm 2017" in p.text for p in document.paragraphs)
    assert "Hoạt động" in openpyxl.load_workbook(io.BytesIO(files.xlsx)).sheetnames
    with zipfile.ZipFile(io.BytesIO(files.charts)) as archive:
        assert "hai-long-theo-quy_2017-Q2.png" in archive.namelist()

    # Another quarter has no files yet; back to Q2, its files are still there.
    at.selectbox(key="report_part_quarter").select(3)
    assert downloads(rerun(at)) == []
    at.selectbox(key="report_part_quarter").select(2)
    assert len(downloads(rerun(at))) == 3
    # Someone adds an activity: the files no longer match the data.
    demo_store.append(
        "activities", [{"date": "05/05/2017", "type": "Tờ rơi", "title": "Tờ rơi", "quantity": 9}]
    )
    assert downloads(rerun(at)) == []
    assert "Số liệu hoặc cài đặt đã thay đổi" in texts(at)


def test_in_english_an_empty_period_says_there_is_no_data(demo_store: Store):
    at = page("en")
    assert at.title[0].value == "Reports"
    assert [s.label for s in at.selectbox if s.key and s.key.startswith("report_")] == [
        "Period",
        "Year",
        "Quarter",
    ]
    shown = metrics(at)
    assert (
        shown["Tasks done"]
        == expected(demo_store, ReportPeriod(2017, "quarter", 4), "en")["Tasks done"]
    )
    at.selectbox(key="report_kind").select("year")
    at.selectbox(key="report_year").select(2015)
    rerun(at)
    # 2015 has only its indices: every other area says so instead of showing zeros.
    assert [c.value for c in at.caption].count("No data in the period.") == 5
    assert [m.label for m in at.metric] == []
    assert "PAR INDEX" in at.dataframe[0].value.to_string()
    assert "report_page." not in texts(at)


def test_charts_that_cannot_be_drawn_leave_the_report_without_them(demo_store, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no font")

    monkeypatch.setattr(chart_png.vlc, "vegalite_to_png", broken)
    at = page("vi")
    at.button(key="report_generate").click()
    rerun(at)
    assert any("Không vẽ được biểu đồ" in w.value for w in at.warning)
    assert "Traceback" not in texts(at) and "no font" not in texts(at)
    assert downloads(at) == ["Tải báo cáo (.docx)", "Tải bảng số liệu (.xlsx)"]
    assert "Không có biểu đồ cho kỳ này." in texts(at)


def test_with_no_data_at_all_the_page_says_so(empty_store: Store):
    at = page("vi")
    assert "Chưa có số liệu nào để báo cáo" in texts(at)
    assert not at.selectbox and not at.get("download_button")


def test_a_file_that_cannot_be_made_is_said_in_words(demo_store, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("SECRET-DETAIL")

    monkeypatch.setattr(chart_png.vlc, "vegalite_to_png", broken)  # quicker: no charts
    monkeypatch.setattr("reform.data_pack.data_pack_xlsx", broken)
    at = page("vi")
    at.button(key="report_generate").click()
    rerun(at)
    assert [e.value for e in at.error] == [
        "Không tạo được tệp: lỗi ở bước «tạo tệp». Hãy thử lại; nếu vẫn lỗi, báo quản trị viên "
        "(chi tiết đã ghi vào nhật ký máy chủ)."
    ]
    assert "SECRET-DETAIL" not in texts(at) and downloads(at) == []


def test_the_page_makes_its_files_from_the_sheets_emulator(
    emu: Emulator, db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    sid = emu.create_spreadsheet("CCHC — báo cáo")
    store = Store(GoogleBackend(emulator_client(emu.host), sid, account_email="emulator"))
    store.init(demo=True)
    monkeypatch.setenv("SHEETS_EMULATOR_HOST", emu.host)
    monkeypatch.setenv("REFORM_GSHEETS_SPREADSHEET", sid)
    monkeypatch.setenv("REFORM_ALLOW_OPEN_MODE", "true")
    at = page("vi")
    shown = metrics(at)
    q4 = ReportPeriod.parse("2017-Q4")
    for key, value in expected(store, q4, "vi").items():
        assert shown[VI_LABELS.get(key, key)] == value, key
    at.button(key="report_generate").click()
    rerun(at)
    assert len(downloads(at)) == 3 and not at.error
    (files,) = at.session_state["report_files"].values()
    document = Document(io.BytesIO(files.docx))
    assert any("quý IV năm 2017" in p.text for p in document.paragraphs)
    assert not db_path.exists()  # the page read the spreadsheet, not an embedded store
