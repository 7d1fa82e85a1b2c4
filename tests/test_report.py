"""The period report: its period, figures, .docx layout (NĐ 30/2020), appendix and PDF.

Expected numbers come from tests/report_fixture.py, worked out by hand there, never from the
code under test.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from lxml import etree
from PIL import Image

from reform.report import ReportPeriod, ReportPeriodError, report_charts, report_data
from reform.report_docx import build_report
from reform.report_heading import document_date, report_heading
from sheets.report import heading_for, report_docx
from sheets.settings import load_settings
from sheets.store import Store, Workbook
from tests.report_fixture import SIGNER, fill, wilson

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "report"
Q2 = ReportPeriod.parse("2018-Q2")
REPORT_DAY = dt.date(2018, 7, 5)
NO_DATA = "Không có số liệu trong kỳ."


@pytest.fixture
def book(empty_store: Store) -> Workbook:
    return fill(empty_store).load(force=True)


def settings(**values: str):
    """Settings with no secrets file and these REFORM_REPORT_* values."""
    env = {f"REFORM_REPORT_{k.upper()}": v for k, v in values.items()}
    return load_settings(environ=env, secrets={})


def open_docx(content: bytes) -> DocumentObject:
    return Document(io.BytesIO(content))


def lines(document: DocumentObject) -> list[str]:
    """Every paragraph's text in document order, table cells included."""
    body = document.element.body
    return [Paragraph(p, document).text for p in body.iter(qn("w:p"))]


def full_text(document: DocumentObject) -> str:
    return "\n".join(lines(document))


def table_rows(document: DocumentObject, first_header: str) -> list[list[str]]:
    """The rows of the table whose first header cell is first_header."""
    for table in document.tables:
        if table.rows[0].cells[0].text == first_header:
            return [[c.text for c in row.cells] for row in table.rows]
    raise AssertionError(f"no table headed {first_header!r}")


def pct(share: float) -> str:
    return f"{100 * share:.1f}".replace(".", ",") + "%"


# -- the period ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2017-Q2", "quý II năm 2017", dt.date(2017, 4, 1), dt.date(2017, 6, 30)),
        ("2017-q4", "quý IV năm 2017", dt.date(2017, 10, 1), dt.date(2017, 12, 31)),
        ("2017-H1", "6 tháng đầu năm 2017", dt.date(2017, 1, 1), dt.date(2017, 6, 30)),
        ("2017-H2", "6 tháng cuối năm 2017", dt.date(2017, 7, 1), dt.date(2017, 12, 31)),
        (" 2017 ", "năm 2017", dt.date(2017, 1, 1), dt.date(2017, 12, 31)),
    ],
)
def test_a_period_reads_as_the_document_writes_it(
    text: str, label: str, start: dt.date, end: dt.date
) -> None:
    period = ReportPeriod.parse(text)
    assert (period.label, period.start, period.end) == (label, start, end)
    assert ReportPeriod.parse(period.code) == period


@pytest.mark.parametrize("text", ["2017-Q5", "2017-H3", "Q2", "", "17-Q1", "2017-Q", "2017-M5"])
def test_a_period_that_cannot_be_read_is_refused(text: str) -> None:
    with pytest.raises(ReportPeriodError):
        ReportPeriod.parse(text)


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (dt.date(2018, 1, 5), "ngày 05 tháng 01 năm 2018"),
        (dt.date(2018, 2, 9), "ngày 09 tháng 02 năm 2018"),
        (dt.date(2017, 4, 5), "ngày 05 tháng 4 năm 2017"),  # as Plan 21/KH-SCT is dated
        (dt.date(2017, 12, 1), "ngày 01 tháng 12 năm 2017"),
        (dt.date(2017, 11, 25), "ngày 25 tháng 11 năm 2017"),
    ],
)
def test_dates_have_the_decrees_leading_zeros(day: dt.date, written: str) -> None:
    # NĐ 30/2020, Phụ lục I: days below 10 and the months 1 and 2 take a leading 0.
    assert document_date(day) == written


# -- the figures --------------------------------------------------------------------------


def test_the_figures_are_those_of_the_period(book: Workbook) -> None:
    data = report_data(book, Q2, REPORT_DAY)
    sections = data.tasks.by_section.set_index("section")
    assert sections.loc["I"].tolist() == [3, 1, 2, 0, 0, 1]
    assert sections.loc["II"].tolist() == [2, 0, 1, 1, 0, 1]
    units = data.tasks.by_unit.set_index("lead_unit")
    assert units.loc["Văn phòng Sở", "total"] == 4  # "Văn phòng" is its alias
    assert (data.tasks.periods_met, data.tasks.periods_missed) == (2, 1)
    assert data.activities.total == 3
    by_type = data.activities.by_type.set_index("type")
    assert by_type.loc["Tờ rơi", "quantity"] == 300
    assert (data.surveys.overall.n, data.surveys.overall.share) == (4, 5 / 8)
    feedback = data.feedback
    assert (feedback.received, feedback.answered, feedback.open, feedback.published) == (
        3,
        2,
        1,
        1,
    )
    assert feedback.median_days == 3.5
    assert (feedback.on_time.on_time, feedback.on_time.n) == (2, 3)
    assert data.dossiers.totals["received"] == 28
    assert (data.dossiers.on_time.count, data.dossiers.on_time.n) == (23, 26)
    assert data.indices.year == 2018


def test_a_task_done_after_the_period_was_still_in_progress_at_its_end(book: Workbook) -> None:
    later = report_data(book, ReportPeriod.parse("2018-Q3"), dt.date(2018, 10, 2))
    q2 = report_data(book, Q2, REPORT_DAY)
    state = {line.ref: line.state for line in q2.tasks.lines}
    assert state["I.3"] == "in_progress"
    assert {line.ref: line.progress for line in q2.tasks.lines}["I.3"] is None  # not 100 then
    assert {line.ref: line.state for line in later.tasks.lines}["I.3"] == "done"


def test_while_a_period_runs_a_completion_date_ahead_is_not_done_yet(book: Workbook) -> None:
    # I.3 was marked done on 10/08/2018; on 05/08, with Q3 running, it is not done yet.
    running = report_data(book, ReportPeriod.parse("2018-Q3"), dt.date(2018, 8, 5))
    assert {line.ref: line.state for line in running.tasks.lines}["I.3"] == "in_progress"


def test_an_answer_with_no_date_counts_as_answered(empty_store: Store) -> None:
    store = fill(empty_store)
    items = store.load(force=True).frame("feedback")
    answered = items[items["status"] == "Đã trả lời"].iloc[0]
    store.update("feedback", answered["id"], {"answered_on": None})
    feedback = report_data(store.load(force=True), Q2, REPORT_DAY).feedback
    assert (feedback.received, feedback.answered, feedback.open) == (3, 2, 1)


# -- the document -------------------------------------------------------------------------


def test_the_heading_block_comes_from_the_data_when_nothing_is_set(book: Workbook) -> None:
    document = open_docx(report_docx(book, Q2, settings(), REPORT_DAY, charts=False))
    heading = document.tables[0]
    left, right = heading.rows[0].cells
    assert [p.text for p in left.paragraphs[:2]] == ["UBND TỈNH PHÚ YÊN", "SỞ CÔNG THƯƠNG"]
    assert left.paragraphs[1].runs[0].bold
    assert [p.text for p in right.paragraphs[:2]] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert all(p.runs[0].bold for p in right.paragraphs[:2])
    # The short rules: an empty paragraph with a top border under the agency and the motto.
    for cell in (left, right):
        assert cell.paragraphs[2].text == ""
        assert cell.paragraphs[2]._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:top')}") is not None
    number, place = heading.rows[1].cells
    assert number.text.replace("\u00a0", " ").split() == ["Số:", "/BC-SCT"]
    assert place.text == "Phú Yên, ngày 05 tháng 7 năm 2018"
    assert place.paragraphs[0].runs[0].italic
    texts = lines(document)
    assert "BÁO CÁO" in texts
    assert "Kết quả thực hiện Kế hoạch tuyên truyền cải cách hành chính\nquý II năm 2018" in texts
    closing = document.tables[-2]  # the last one is the appendix
    recipients, signature = closing.rows[0].cells
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- Sở Nội vụ (báo cáo);",
        "- Lưu: VT.",
    ]
    heading_run = recipients.paragraphs[0].runs[0]
    assert heading_run.bold and heading_run.italic and heading_run.font.size.pt == 12
    assert signature.paragraphs[0].text == "GIÁM ĐỐC"
    assert signature.paragraphs[-1].text == SIGNER


def test_settings_fill_the_heading(book: Workbook) -> None:
    chosen = settings(
        number="15",
        parent_agency="UBND tỉnh Thử Nghiệm",
        number_suffix="BC-VP",
        place="Tuy Hòa",
        signer="Lê Thị Bình",
        signer_title="KT. GIÁM ĐỐC;PHÓ GIÁM ĐỐC",
        recipients="Sở Nội vụ (báo cáo); Ban lãnh đạo Sở;Lưu: VT, VP",
    )
    day = dt.date(2019, 1, 2)
    document = open_docx(report_docx(book, Q2, chosen, day, charts=False))
    heading = document.tables[0]
    assert heading.rows[0].cells[0].paragraphs[0].text == "UBND TỈNH THỬ NGHIỆM"
    assert heading.rows[1].cells[0].text == "Số: 15/BC-VP"
    assert heading.rows[1].cells[1].text == "Tuy Hòa, ngày 02 tháng 01 năm 2019"
    recipients, signature = document.tables[-2].rows[0].cells
    assert [p.text for p in recipients.paragraphs][1:] == [
        "- Sở Nội vụ (báo cáo);",
        "- Ban lãnh đạo Sở;",
        "- Lưu: VT, VP.",
    ]
    assert signature.paragraphs[0].text == "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    assert signature.paragraphs[-1].text == "Lê Thị Bình"


def test_with_no_data_at_all_the_heading_asks_to_be_filled_in(empty_store: Store) -> None:
    heading = report_heading("", None, REPORT_DAY)
    assert (heading.parent_agency, heading.agency) == ("[CƠ QUAN CHỦ QUẢN]", "[TÊN CƠ QUAN]")
    assert heading.number_line.endswith("/BC-[…]")
    assert heading.date_line == "[Địa danh], ngày 05 tháng 7 năm 2018"
    assert heading.signer_title == ("[CHỨC VỤ NGƯỜI KÝ]",)
    assert "Khánh Hòa" not in full_text(
        open_docx(report_docx(empty_store.load(), Q2, settings(), REPORT_DAY, charts=False))
    )


def test_the_page_is_a4_in_times_new_roman_with_the_decrees_margins(book: Workbook) -> None:
    document = open_docx(report_docx(book, Q2, settings(), REPORT_DAY, charts=False))
    first = document.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert Mm(20) <= first.top_margin <= Mm(25) and Mm(20) <= first.bottom_margin <= Mm(25)
    assert Mm(30) <= first.left_margin <= Mm(35) and Mm(15) <= first.right_margin <= Mm(20)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and 13 <= normal.font.size.pt <= 14
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "cs", "eastAsia")} == {
        "Times New Roman"
    }


def test_the_document_carries_the_figures(book: Workbook) -> None:
    text = full_text(open_docx(report_docx(book, Q2, settings(), REPORT_DAY, charts=False)))
    assert "Thực hiện Kế hoạch số 07/KH-SCT ngày 15/03/2018 của Sở Công Thương" in text
    assert (
        "Kế hoạch có 5 nhiệm vụ. Tính đến ngày 30/06/2018: 1 nhiệm vụ hoàn thành, 3 nhiệm vụ "
        "đang thực hiện, 1 nhiệm vụ chưa thực hiện, 0 nhiệm vụ tạm dừng; trong đó 2 nhiệm vụ "
        "quá hạn." in text
    )
    assert "2 kỳ có kết quả được ghi nhận, 1 kỳ đã kết thúc" in text
    assert "Nhiệm vụ II.1 (Văn phòng chủ trì)" in text
    assert "quá hạn: Tháng 6/2018 không có kết quả được ghi nhận" in text
    assert "quá hạn (hạn hoàn thành 14/05/2018)" in text
    assert "hoàn thành ngày 20/05/2018; minh chứng: https://example.gov.vn/i1" in text
    assert "Trong kỳ đã thực hiện 3 hoạt động tuyên truyền" in text
    assert "2/3 tháng đạt mức tối thiểu 1 tin bài mỗi tháng" in text
    assert "Các tháng chưa đạt: tháng 6." in text
    low, high = wilson(5 / 8 * 4, 4)
    assert f"đạt 62,5% (khoảng tin cậy 95%: {pct(low)[:-1]}–{pct(high)}), trên 4 phiếu" in text
    assert "Số phiếu dưới 30: kết quả chỉ mang tính tham khảo." in text
    assert "3,5 ngày làm việc" in text
    low, high = wilson(2, 3)
    assert (
        f"Tỷ lệ trả lời đúng hạn: 66,7% (khoảng tin cậy 95%: {pct(low)[:-1]}–{pct(high)}; n = 3)"
        in text
    )
    assert "Tổng số hồ sơ tiếp nhận: 28 (kỳ trước chuyển sang 2; mới tiếp nhận 26" in text
    assert "trực tuyến 8, trực tiếp 17, qua dịch vụ bưu chính công ích 1" in text
    assert "Đã giải quyết 26 hồ sơ: trước hạn và đúng hạn 23, quá hạn 3" in text
    low, high = wilson(23, 26)
    assert f"88,5% (khoảng tin cậy 95%: {pct(low)[:-1]}–{pct(high)}; n = 26)" in text
    assert "Tỷ lệ hồ sơ mới nộp trực tuyến: 30,8%." in text
    for placeholder in (
        "[Đánh giá chung: …]",
        "[Khó khăn, vướng mắc: …]",
        "[Đề xuất, kiến nghị: …]",
    ):
        assert placeholder in text
    assert NO_DATA not in text


def test_the_tables_hold_the_numbers(book: Workbook) -> None:
    document = open_docx(report_docx(book, Q2, settings(), REPORT_DAY, charts=False))
    assert table_rows(document, "Phần")[1:] == [
        ["Phần I", "3", "1", "2", "0", "0", "1"],
        ["Phần II", "2", "0", "1", "1", "0", "1"],
    ]
    units = {row[0]: row[1:] for row in table_rows(document, "Đơn vị chủ trì")[1:]}
    assert units == {
        "Văn phòng Sở": ["4", "1", "2", "1", "0", "1"],
        "Phòng Quản lý thương mại": ["1", "0", "1", "0", "0", "1"],
    }
    assert table_rows(document, "Hình thức tuyên truyền")[1:] == [
        ["Tin bài trên trang web", "2", "2"],
        ["Tờ rơi", "1", "300"],
    ]
    factors = table_rows(document, "Yếu tố")[1:]
    assert [row[:3] for row in factors] == [
        ["Tiếp cận dịch vụ", "4", "50,0%"],
        ["Thủ tục hành chính", "4", "75,0%"],
    ]
    feedback = dict(table_rows(document, "Nội dung")[1:])
    assert feedback["Phản ánh, kiến nghị tiếp nhận trong kỳ"] == "3"
    assert feedback["Đã trả lời"] == "2" and feedback["Đã công khai kết quả trả lời"] == "1"
    assert table_rows(document, "Lĩnh vực")[1:] == [
        ["Thương mại", "28", "26", "23", "3", "2", "88,5%"]
    ]
    assert table_rows(document, "Chỉ số")[1:] == [
        ["PAR INDEX", "Sở", "85,50/100", "3/20", "+5,50 điểm; tăng 2 bậc"]
    ]


def test_the_appendix_is_the_plans_table_with_results_in_landscape(book: Workbook) -> None:
    document = open_docx(report_docx(book, Q2, settings(), REPORT_DAY, charts=False))
    appendix_section = document.sections[-1]
    assert appendix_section.orientation == WD_ORIENT.LANDSCAPE
    assert round(appendix_section.page_width.mm) == 297
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "NỘI DUNG, NHIỆM VỤ CỤ THỂ",
        "THỜI GIAN HOÀN THÀNH",
        "PHÂN CÔNG THỰC HIỆN",
        "PHÂN CÔNG THỰC HIỆN",
        "THỰC HIỆN",
        "KẾT QUẢ THỰC HIỆN",
    ]
    assert [c.text for c in table.rows[1].cells][3:5] == ["CHỦ TRÌ", "PHỐI HỢP"]
    rows = [[c.text for c in row.cells] for row in table.rows[2:]]
    assert [r[0] for r in rows] == ["Phần I", "1", "2", "3", "Phần II", "1", "2"]
    by_task = {(r[0], r[2]): r for r in rows}
    done = by_task[("1", "Trong Quý II/2018")][6]
    assert done.startswith("Hoàn thành ngày 20/05/2018") and "https://example.gov.vn/i1" in done
    second = by_task[("2", "Trước ngày 15/5/2018")]
    assert second[1] == "- Khảo sát ý kiến khách hàng;\n- Công bố kết quả"  # bullets kept
    assert second[6].startswith("Đang thực hiện (40%)\nQuá hạn (hạn hoàn thành 14/05/2018)")
    monthly = by_task[("1", "Hằng tháng")][6]
    assert "Tháng 4/2018: đạt; Tháng 5/2018: đạt; Tháng 6/2018: không đạt" in monthly
    assert "https://example.gov.vn/tin-4" in monthly
    assert by_task[("2", "Trong Quý IV/2018")][6] == "Chưa thực hiện (0%)"
    links = [
        rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")
    ]
    assert "https://example.gov.vn/i1" in links


def test_an_empty_period_says_there_is_no_data(book: Workbook) -> None:
    data = report_data(book, ReportPeriod.parse("2025-H1"), dt.date(2025, 7, 10))
    assert [
        data.tasks,
        data.activities,
        data.surveys,
        data.feedback,
        data.dossiers,
        data.indices,
    ] == [None] * 6
    assert report_charts(data, "vi") == {}
    document = open_docx(build_report(data, heading_for(settings(), book, REPORT_DAY), None))
    texts = lines(document)
    assert texts.count(NO_DATA) == 7  # six areas and the appendix
    text = "\n".join(texts)
    assert "nhiệm vụ hoàn thành" not in text and "%" not in text
    assert "6 tháng đầu năm 2025" in text
    assert len(document.tables) == 2  # the heading and the closing blocks, nothing else


def test_the_charts_are_built_from_the_figures_and_go_in_as_pictures(book: Workbook) -> None:
    data = report_data(book, Q2, REPORT_DAY)
    charts = report_charts(data, "vi")
    assert set(charts) == {
        "nhiem-vu-theo-phan",
        "hai-long-theo-quy",
        "ho-so-theo-thang",
        "hoat-dong-theo-loai",
    }
    tasks = charts["nhiem-vu-theo-phan"].to_dict()
    values = tasks["datasets"][next(iter(tasks["datasets"]))]
    assert sum(v["count"] for v in values) == 5
    assert "quý II năm 2018" in tasks["title"]["text"]
    content = report_docx(book, Q2, settings(), REPORT_DAY)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        pictures = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(pictures) == 4
    assert len(open_docx(content).inline_shapes) == 4


def test_every_part_is_well_formed_and_no_property_is_written_twice(book: Workbook) -> None:
    content = report_docx(book, Q2, settings(), REPORT_DAY, charts=False)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist() if n.endswith(".xml")}
    for part in parts.values():
        etree.fromstring(part)  # raises on malformed XML
    body = etree.fromstring(parts["word/document.xml"])
    for props in ("tblPr", "tcPr", "pPr", "trPr", "sectPr"):
        for element in body.iter(qn(f"w:{props}")):
            tags = [child.tag for child in element]
            assert len(tags) == len(set(tags)), (props, tags)


def test_the_demo_plan_reports_with_its_own_heading(demo_store: Store) -> None:
    content = report_docx(
        demo_store.load(),
        ReportPeriod.parse("2017-Q2"),
        settings(),
        dt.date(2017, 7, 5),
        charts=False,
    )
    document = open_docx(content)
    text = full_text(document)
    assert document.tables[0].rows[0].cells[0].paragraphs[0].text == "UBND TỈNH KHÁNH HÒA"
    assert document.tables[0].rows[1].cells[1].text == "Khánh Hòa, ngày 05 tháng 7 năm 2017"
    assert "Thực hiện Kế hoạch số 21/KH-SCT ngày 05/04/2017 của Sở Công Thương" in text
    assert "Nguyễn Ngọc Minh" in text
    assert NO_DATA not in text


# -- LibreOffice ----------------------------------------------------------------------------


def _soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(
                "LibreOffice (soffice) is missing on CI: apt-get install libreoffice-writer"
            )
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer")
    return found


def test_libreoffice_converts_the_report_to_pdf(book: Workbook, tmp_path: Path) -> None:
    soffice = _soffice()
    source = tmp_path / "bao-cao-2018-Q2.docx"
    source.write_bytes(report_docx(book, Q2, settings(), REPORT_DAY))
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    pdf = tmp_path / "bao-cao-2018-Q2.pdf"
    assert done.returncode == 0, done.stderr
    assert pdf.is_file(), done.stdout + done.stderr
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF")
    if shutil.which("pdftoppm"):  # pages to look at, as the browser tests keep screenshots
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for old in ARTIFACTS.glob("bao-cao-2018-Q2-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-r", "80", "-png", str(pdf), str(ARTIFACTS / "bao-cao-2018-Q2")],
            check=True,
            timeout=120,
        )
        pages = []
        for png in sorted(ARTIFACTS.glob("bao-cao-2018-Q2-*.png")):
            with Image.open(png) as image:
                pages.append(image.size)
        assert pages[0][0] < pages[0][1]  # the report is portrait …
        assert pages[-1][0] > pages[-1][1]  # … and its appendix landscape
