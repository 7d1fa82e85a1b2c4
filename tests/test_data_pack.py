"""The report's data pack (.xlsx, one sheet per area) and its charts ZIP, read back with
openpyxl: sheets, headers, number formats, real numbers and dates, text that is never a
formula, no personal column, and a sheet that says so when an area has no data.

Expected numbers come from tests/report_fixture.py (Q2 2018), worked out by hand there.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from reform import chart_png
from reform.data_pack import charts_zip, data_pack_xlsx, pack_file_name
from reform.feedback import PERSONAL_FIELDS
from reform.report import ReportPeriod, report_charts, report_data
from sheets import schema as sc
from sheets.store import Store, Workbook
from tests.report_fixture import TRADE, fill, wilson

Q2 = ReportPeriod.parse("2018-Q2")
REPORT_DAY = dt.date(2018, 7, 5)
NO_DATA = "Không có số liệu trong kỳ."
SHEETS = [
    "Thông tin",
    "Nhiệm vụ",
    "Hoạt động",
    "Kết quả khảo sát",
    "Phản ánh kiến nghị",
    "Hồ sơ một cửa",
    "Chỉ số",
]
FORMULA = '=HYPERLINK("http://evil.example","Bấm vào đây")'
PERSONAL = {
    "sender_name": "Nguyễn Văn ZZTEN",
    "sender_phone": "0912345678",
    "sender_email": "zz.mail@example.com",
    "sender_address": "12 Đường ZZDIACHI",
}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def book(empty_store: Store) -> Workbook:
    store = fill(empty_store)
    store.append(
        "feedback",
        [
            {
                "received_on": dt.date(2018, 5, 3),
                "category": "Góp ý",
                "channel": "Email",
                "subject": "+84 là mã vùng",
                "content": FORMULA,
                "status": "Mới",
                **PERSONAL,
            }
        ],
    )
    return store.load(force=True)


def pack(book: Workbook, period: ReportPeriod = Q2) -> openpyxl.Workbook:
    data = report_data(book, period, REPORT_DAY)
    return openpyxl.load_workbook(io.BytesIO(data_pack_xlsx(book, data)))


def headers(ws: Worksheet) -> list[str]:
    return [c.value for c in ws[1]]


def records(ws: Worksheet) -> list[dict[str, openpyxl.cell.cell.Cell]]:
    """The data rows as {header: cell}."""
    names = headers(ws)
    return [dict(zip(names, row, strict=True)) for row in ws.iter_rows(min_row=2)]


def labels(tab: str, *codes: str) -> list[str]:
    return [sc.tab(tab).field(c).label for c in codes]


def test_one_sheet_per_area_with_the_headers_staff_use(book: Workbook):
    wb = pack(book)
    assert wb.sheetnames == SHEETS
    tasks = headers(wb["Nhiệm vụ"])
    assert tasks[:7] == labels(
        "tasks", "section", "number", "content", "deadline_text", "due_date", "lead_unit"
    ) + ["Phối hợp"]
    assert set(labels("tasks", "progress", "completed_on", "evidence_url")) <= set(tasks)
    assert headers(wb["Hoạt động"]) == labels(
        "activities",
        "date",
        "type",
        "title",
        "task_ref",
        "unit",
        "quantity",
        "evidence_url",
        "note",
    )
    assert headers(wb["Hồ sơ một cửa"])[:4] == labels(
        "dossiers", "year", "month", "procedure_field", "carried_over"
    )
    assert headers(wb["Chỉ số"])[:5] == labels(
        "indices", "year", "index_name", "scope", "score", "max_score"
    )
    for name in SHEETS:
        ws = wb[name]
        first = ws["A1"]
        assert first.font.b and first.fill.fgColor.rgb.endswith("DCE6F1"), name
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert all(ws.column_dimensions[c.column_letter].width >= 8 for c in ws[1]), name


def test_the_rows_are_those_the_report_counts(book: Workbook):
    wb = pack(book)
    data = report_data(book, Q2, REPORT_DAY)
    assert len(records(wb["Nhiệm vụ"])) == 5
    assert len(records(wb["Hoạt động"])) == data.activities.total == 3  # not July's post
    assert len(records(wb["Phản ánh kiến nghị"])) == data.feedback.received == 4  # not March's
    months = [r["Tháng"].value for r in records(wb["Hồ sơ một cửa"])]
    assert months == [4, 5]  # not July


def test_numbers_are_numbers_dates_are_dates_shares_are_fractions(book: Workbook):
    wb = pack(book)
    leaflet = next(r for r in records(wb["Hoạt động"]) if r["Loại hình"].value == "Tờ rơi")
    assert leaflet["Số lượng"].value == 300 and leaflet["Số lượng"].data_type == "n"
    assert leaflet["Số lượng"].number_format == "#,##0"
    assert leaflet["Ngày"].is_date and leaflet["Ngày"].value == dt.datetime(2018, 5, 20)
    assert leaflet["Ngày"].number_format == "dd/mm/yyyy"

    overall = records(wb["Kết quả khảo sát"])[0]
    assert (overall["Kỳ"].value, overall["Cấp"].value) == ("Quý II/2018", "Chung")
    assert overall["Số phiếu (n)"].value == 4
    assert overall["Tỷ lệ hài lòng"].value == pytest.approx(0.625)  # 5 of 8 answers
    assert overall["Tỷ lệ hài lòng"].number_format == "0.0%"
    low, high = wilson(0.625 * 4, 4)
    assert overall["Cận dưới (KTC 95%)"].value == pytest.approx(low)
    assert overall["Cận trên (KTC 95%)"].value == pytest.approx(high)
    assert "Dưới 30 phiếu" in overall["Ghi chú"].value
    questions = {r["Mã câu hỏi"].value: r for r in records(wb["Kết quả khảo sát"])}
    assert questions["TC1"]["Tỷ lệ hài lòng"].value == pytest.approx(0.5)
    assert questions["TT1"]["Yếu tố / câu hỏi"].value == "Thủ tục rõ ràng không?"

    april = records(wb["Hồ sơ một cửa"])[0]
    assert april["Năm"].value == 2018 and april["Năm"].number_format == "0"
    assert april["Mới tiếp nhận trực tiếp"].value == 10
    assert april["Tỷ lệ đúng hạn"].value == pytest.approx(12 / 13)
    assert april["Tỷ lệ đúng hạn"].number_format == "0.0%"

    index = records(wb["Chỉ số"])[0]
    assert index["Điểm"].value == pytest.approx(85.5) and index["Điểm"].number_format == "#,##0.00"
    assert index["Tỷ lệ điểm đạt"].value == pytest.approx(0.855)
    assert index["Điểm năm trước"].value == pytest.approx(80)
    assert index["Tăng/giảm bậc xếp hạng"].value == 2

    info = {r["Mục"].value: r["Nội dung"] for r in records(wb["Thông tin"])}
    assert info["Kỳ báo cáo"].value == "quý II năm 2018"
    assert info["Từ ngày"].value == dt.datetime(2018, 4, 1)
    assert info["Từ ngày"].number_format == "dd/mm/yyyy"
    assert info["Kế hoạch số"].value == "07/KH-SCT"


def test_tasks_are_as_they_stood_at_the_periods_end(book: Workbook):
    tasks = {f"{r['Phần'].value}.{r['STT'].value}": r for r in records(pack(book)["Nhiệm vụ"])}
    assert tasks["I.3"]["Trạng thái cuối kỳ"].value == "Đang thực hiện"  # done in August
    late = tasks["I.2"]
    assert (late["Quá hạn"].value, late["Chủ trì"].value) == ("Có", TRADE)
    assert late["Hạn hoàn thành"].value == dt.datetime(2018, 5, 14)
    assert late["Tiến độ (%)"].value == pytest.approx(0.4)
    assert late["Tiến độ (%)"].number_format == "0%"
    assert tasks["II.1"]["Kỳ quá hạn"].value == "Tháng 6/2018"
    assert "Tháng 6/2018: không đạt" in tasks["II.1"]["Kết quả theo kỳ"].value
    assert tasks["I.1"]["Minh chứng"].value == "https://example.gov.vn/i1"


def test_text_that_looks_like_a_formula_stays_text(book: Workbook):
    data = report_data(book, Q2, REPORT_DAY)
    content = data_pack_xlsx(book, data)
    ws = openpyxl.load_workbook(io.BytesIO(content))["Phản ánh kiến nghị"]
    item = next(r for r in records(ws) if r["Kênh tiếp nhận"].value == "Email")
    assert item["Nội dung"].value == FORMULA
    assert item["Nội dung"].data_type == "s"
    assert item["Nội dung"].quotePrefix  # Excel keeps it as typed text when edited
    assert item["Tiêu đề"].value == "+84 là mã vùng"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert all("<f>" not in archive.read(n).decode("utf-8") for n in parts)


def test_no_personal_field_leaves(book: Workbook):
    data = report_data(book, Q2, REPORT_DAY)
    content = data_pack_xlsx(book, data)
    ws = openpyxl.load_workbook(io.BytesIO(content))["Phản ánh kiến nghị"]
    personal = {sc.FEEDBACK.field(code).label for code in PERSONAL_FIELDS}
    assert personal == {"Họ tên người gửi", "Điện thoại", "Email người gửi", "Địa chỉ"}
    assert not personal & set(headers(ws))
    assert "Mã tra cứu" not in headers(ws)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    for value in PERSONAL.values():
        assert value not in xml


def test_an_area_with_nothing_in_the_period_says_so(book: Workbook):
    wb = pack(book, ReportPeriod.parse("2018-Q4"))
    for name in ("Hoạt động", "Kết quả khảo sát", "Phản ánh kiến nghị", "Hồ sơ một cửa"):
        ws = wb[name]
        assert ws["A1"].value == NO_DATA, name
        assert ws.max_row == 2 and ws.max_column == 1, name
        assert not [c for row in ws.iter_rows() for c in row if c.data_type == "n" and c.value]
    assert headers(wb["Nhiệm vụ"])[0] == "Phần"  # the plan's tasks are there all year
    empty = pack(book, ReportPeriod.parse("2016"))
    assert [empty[n]["A1"].value for n in SHEETS[1:]] == [NO_DATA] * 6


def test_the_charts_zip_holds_the_reports_charts_as_png(book: Workbook):
    data = report_data(book, Q2, REPORT_DAY)
    pngs = {key: chart_png.to_png(chart) for key, chart in report_charts(data, "vi").items()}
    with zipfile.ZipFile(io.BytesIO(charts_zip(pngs, Q2))) as archive:
        names = archive.namelist()
        assert sorted(names) == [
            "hai-long-theo-quy_2018-Q2.png",
            "ho-so-theo-thang_2018-Q2.png",
            "hoat-dong-theo-loai_2018-Q2.png",
            "nhiem-vu-theo-phan_2018-Q2.png",
        ]
        assert all(archive.read(n)[:8] == PNG_MAGIC for n in names)
    assert pack_file_name(Q2, "zip") == "bieu-do_2018-Q2.zip"
    assert pack_file_name(ReportPeriod.parse("2018-H1"), "xlsx") == "so-lieu_2018-H1.xlsx"
