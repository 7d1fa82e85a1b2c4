"""Tests for reform.plan_import: the seed's appendix table from text and from .docx."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from reform.plan_import import (
    ParsedPlan,
    PlanImportError,
    parse_plan_docx,
    parse_plan_text,
)
from sheets.demo import demo_records

SEED_PATH = Path(__file__).resolve().parents[2] / "shared/seed/000_1b10cacbbaa3dcb5.txt"
TASK_FIELDS = (
    "section",
    "number",
    "content",
    "deadline_text",
    "lead_unit",
    "support_units",
    "method",
)
WIDTH = 6


@pytest.fixture(scope="module")
def seed_text() -> str:
    """The seed plan as text, or skip when it is not available."""
    if not SEED_PATH.exists():
        pytest.skip("seed plan not available")
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_plan(seed_text: str) -> ParsedPlan:
    """The seed plan parsed from text."""
    return parse_plan_text(seed_text)


def _split_seed(text: str) -> tuple[list[str], list[str], list[str]]:
    """Lines before the table, the table's lines (from the header), the lines after it."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("STT\t"))
    end = max(i for i, line in enumerate(lines) if "\t" in line)
    return lines[:start], lines[start : end + 1], lines[end + 1 :]


def _seed_docx(text: str) -> bytes:
    """A .docx with the seed's paragraphs and its table as a real Word table."""
    import docx

    before, table_lines, after = _split_seed(text)
    body = [line for line in table_lines[2:] if line.strip()]  # Word tables have no blank rows
    document = docx.Document()
    for line in before:
        document.add_paragraph(line)
    table = document.add_table(rows=2 + len(body), cols=WIDTH)
    # Two-row header: STT, content, deadline and THỰC HIỆN span both rows; PHÂN CÔNG THỰC HIỆN
    # spans CHỦ TRÌ and PHỐI HỢP.
    for col, label in ((0, "STT"), (1, "NỘI DUNG, NHIỆM VỤ CỤ THỂ"),
                       (2, "THỜI GIAN HOÀN THÀNH"), (5, "THỰC HIỆN")):
        table.cell(0, col).merge(table.cell(1, col)).text = label
    table.cell(0, 3).merge(table.cell(0, 4)).text = "PHÂN CÔNG THỰC HIỆN"
    table.cell(1, 3).text = "CHỦ TRÌ"
    table.cell(1, 4).text = "PHỐI HỢP"
    for index, line in enumerate(body, start=2):
        cells = line.split("\t")
        if len(cells) == 1:  # the section row, merged across the table
            table.cell(index, 0).merge(table.cell(index, WIDTH - 1)).text = cells[0]
            continue
        for col, value in enumerate(cells[:WIDTH]):
            table.cell(index, col).text = value
    for line in after:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_seed_has_twelve_tasks(seed_plan: ParsedPlan) -> None:
    """Six tasks in section I and six in section II."""
    refs = [task.ref for task in seed_plan.tasks]
    assert refs == [f"I.{n}" for n in range(1, 7)] + [f"II.{n}" for n in range(1, 7)]


def test_seed_matches_demo_transcription(seed_plan: ParsedPlan) -> None:
    """Every field equals the hand-checked transcription in sheets.demo."""
    expected = demo_records()["tasks"]
    assert len(seed_plan.tasks) == len(expected)
    for task, record in zip(seed_plan.tasks, expected, strict=True):
        for name in TASK_FIELDS:
            assert getattr(task, name) == record[name], (task.ref, name)


def test_sms_row_merged_into_ii3(seed_plan: ParsedPlan) -> None:
    """The unnumbered SMS row continues II.3 and the merge is recorded."""
    task = seed_plan.tasks[8]
    assert task.ref == "II.3"
    assert "tin nhắn (SMS)" in task.content
    assert task.content.count("\n- ") == 1
    assert len(task.source_rows) == 2
    merged = seed_plan.assumptions_of("continuation_merged")
    assert len(merged) == 1
    assert "II.3" in merged[0].message and "II.3" in merged[0].message_en
    assert merged[0].rows == [task.source_rows[1]]


def test_duplicate_three_renumbered(seed_plan: ParsedPlan) -> None:
    """The second "3" of section II becomes 4, and the next ones 5 and 6, each recorded."""
    renumbered = seed_plan.assumptions_of("renumbered")
    assert [item.rows[0] for item in renumbered] == [
        task.source_rows[0] for task in seed_plan.tasks[9:]
    ]
    first = renumbered[0]
    assert "“3”" in first.message and "4" in first.message
    assert "duplicates" in first.message_en and "renumbered 4" in first.message_en
    assert seed_plan.tasks[9].content.startswith("- Công khai nội dung trả lời")


def test_section_i_inferred(seed_plan: ParsedPlan) -> None:
    """Section I has no header row: it is inferred and named after the plan's body."""
    inferred = seed_plan.assumptions_of("section_inferred")
    assert len(inferred) == 1
    assert "mục I" in inferred[0].message and "section I" in inferred[0].message_en
    assert seed_plan.sections == {
        "I": "Tuyên truyền CCHC cho công chức, viên chức",
        "II": "Tuyên truyền CCHC cho người dân, tổ chức, doanh nghiệp",
    }


def test_units(seed_plan: ParsedPlan) -> None:
    """Lead and supporting units come from CHỦ TRÌ and PHỐI HỢP."""
    by_ref = {task.ref: task for task in seed_plan.tasks}
    assert by_ref["I.1"].lead_unit == "Ban lãnh đạo Sở"
    assert by_ref["I.1"].support_units == "Văn phòng Sở"
    assert by_ref["I.4"].support_units is None
    assert by_ref["II.2"].lead_unit == "Văn phòng"
    assert by_ref["II.5"].lead_unit == "Các phòng, ban, đơn vị có liên quan"
    assert by_ref["II.5"].support_units == "Văn phòng Sở"


def test_clean_cells_and_other_assumptions(seed_plan: ParsedPlan) -> None:
    """No HTML is left; removals, separators, blank rows and junk are all recorded."""
    for task in seed_plan.tasks:
        for name in ("content", "method"):
            value = getattr(task, name) or ""
            assert "<" not in value and "  " not in value
    kinds = {item.kind for item in seed_plan.assumptions}
    assert {"header_found", "html_removed", "row_skipped"} <= kinds
    skipped = " ".join(item.message for item in seed_plan.assumptions_of("row_skipped"))
    assert "Scutellaria" in skipped and "phân cách" in skipped
    for item in seed_plan.assumptions:
        assert item.message and item.message_en and item.rows


def test_columns_and_metadata(seed_plan: ParsedPlan) -> None:
    """Header mapping and the plan's number, date, year and title."""
    assert seed_plan.columns == {
        "number": "STT",
        "content": "NỘI DUNG, NHIỆM VỤ CỤ THỂ",
        "deadline_text": "THỜI GIAN HOÀN THÀNH",
        "lead_unit": "PHÂN CÔNG THỰC HIỆN / CHỦ TRÌ",
        "support_units": "PHỐI HỢP",
        "method": "THỰC HIỆN",
    }
    assert seed_plan.number == "21/KH-SCT"
    assert seed_plan.date == dt.date(2017, 4, 5)
    assert seed_plan.date.strftime("%d/%m/%Y") == "05/04/2017"
    assert seed_plan.year == 2017
    assert seed_plan.title == demo_records()["plans"][0]["title"]


def test_docx_parses_identically(seed_text: str, seed_plan: ParsedPlan) -> None:
    """A Word table with merged header and section cells gives the same plan."""
    from_docx = parse_plan_docx(io.BytesIO(_seed_docx(seed_text)))
    assert from_docx == seed_plan
    for docx_task, text_task in zip(from_docx.tasks, seed_plan.tasks, strict=True):
        assert docx_task.source_rows  # table row numbers, not text lines
        assert [getattr(docx_task, n) for n in TASK_FIELDS] == [
            getattr(text_task, n) for n in TASK_FIELDS
        ]
    kinds = [item.kind for item in from_docx.assumptions]
    assert kinds.count("renumbered") == 3
    assert kinds.count("continuation_merged") == 1
    assert kinds.count("section_inferred") == 1


def test_docx_path_and_section_in_stt_cell(tmp_path: Path) -> None:
    """A docx read from a path, with "II." in the STT cell and the title beside it."""
    import docx

    document = docx.Document()
    document.add_paragraph("Kế hoạch số 7/KH-SCT ngày 02 tháng 3 năm 2020")
    rows = [
        ["STT", "Nhiệm vụ", "Thời hạn", "Chủ trì", "Phối hợp", "Kết quả dự kiến"],
        ["I.", "Nội bộ", "", "", "", ""],
        ["1", "Việc một", "Quý I/2020", "Văn phòng", "", "Báo cáo"],
        ["II.", "Bên ngoài", "", "", "", ""],
        ["1", "Việc hai", "Thường xuyên", "Văn phòng", "Các phòng", "- Tin bài"],
    ]
    table = document.add_table(rows=len(rows), cols=6)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    path = tmp_path / "plan.docx"
    document.save(str(path))
    plan = parse_plan_docx(str(path))
    assert [task.ref for task in plan.tasks] == ["I.1", "II.1"]
    assert plan.sections == {"I": "Nội bộ", "II": "Bên ngoài"}
    assert plan.columns["method"] == "Kết quả dự kiến"
    assert plan.tasks[1].method == "- Tin bài"
    assert not plan.assumptions_of("section_inferred")
    assert (plan.number, plan.date, plan.year) == ("7/KH-SCT", dt.date(2020, 3, 2), 2020)


def test_columns_in_another_order(seed_text: str, seed_plan: ParsedPlan) -> None:
    """Permuting the table's columns changes nothing but the column mapping."""
    order = [2, 1, 5, 0, 3, 4]  # deadline, content, method, STT, lead, support
    lines = []
    for line in seed_text.split("\n"):
        if "\t" in line:
            cells = (line.split("\t") + [""] * WIDTH)[:WIDTH]
            line = "\t".join(cells[i] for i in order)
        lines.append(line)
    plan = parse_plan_text("\n".join(lines))
    assert plan.tasks == seed_plan.tasks
    assert plan.columns == seed_plan.columns
    assert plan.sections == seed_plan.sections


def test_crlf_and_missing_section_by_restart() -> None:
    """Windows line endings; numbering restarting at 1 opens a new, inferred section."""
    text = "\r\n".join(
        [
            "STT\tNỘI DUNG\tTHỜI GIAN HOÀN THÀNH\tCHỦ TRÌ\tPHỐI HỢP\tTHỰC HIỆN",
            "1\tA\tQuý I/2018\tVăn phòng Sở\t\tX",
            "2\tB\tThường xuyên\tVăn phòng Sở\t\tY",
            "1\tC\tThường xuyên\tVăn phòng Sở\tPhòng QLTM\tZ",
        ]
    )
    plan = parse_plan_text(text)
    assert [task.ref for task in plan.tasks] == ["I.1", "I.2", "II.1"]
    assert len(plan.assumptions_of("section_inferred")) == 2
    assert plan.tasks[2].support_units == "Phòng QLTM"
    assert plan.number is None and plan.date is None


def test_text_without_table_raises() -> None:
    """Without the required headers the error is explicit in both languages."""
    with pytest.raises(PlanImportError) as info:
        parse_plan_text("KẾ HOẠCH\nTuyên truyền\n\n1\tViệc một\tQuý I/2017\n")
    assert "STT" in info.value.message_vi and "CHỦ TRÌ" in info.value.message_vi
    assert "No task table" in info.value.message_en
    assert str(info.value) == info.value.message_vi


def test_docx_without_table_raises(tmp_path: Path) -> None:
    """A document with no suitable table raises PlanImportError."""
    import docx

    document = docx.Document()
    document.add_paragraph("Không có bảng")
    path = tmp_path / "empty.docx"
    document.save(str(path))
    with pytest.raises(PlanImportError):
        parse_plan_docx(path)
