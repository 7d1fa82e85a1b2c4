"""Tests for sheets.transfer: xlsx export, reading and all-or-nothing import."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from sheets import schema as sc
from sheets.local import LocalBackend
from sheets.store import Store, StoreError, ValidationError
from sheets.table import ROW
from sheets.transfer import export_xlsx, import_xlsx, read_xlsx

INJECTIONS = ("=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx")


def frames(store: Store) -> dict[str, pd.DataFrame]:
    """Every tab but the audit log, typed, without row numbers, sorted by id."""
    book = store.load(force=True)
    return {
        key: book.frame(key, include_archived=True)
        .drop(columns=ROW)
        .sort_values("id")
        .reset_index(drop=True)
        for key in store.tabs
        if key != "audit"
    }


def assert_same_frames(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    """Frames equal tab by tab."""
    assert a.keys() == b.keys()
    for key in a:
        pd.testing.assert_frame_equal(a[key], b[key], obj=key)


def audit_rows(store: Store) -> pd.DataFrame:
    """The audit log as loaded."""
    return store.load(force=True).frame("audit", include_archived=True)


def raw_cells(store: Store, tab_name: str, values: dict[str, Any]) -> list[Any]:
    """A raw row for a tab, its cells placed under the headers named by label."""
    headers = store.backend.read_tabs([tab_name])[tab_name].headers
    return [values.get(h) for h in headers]


def column_of(sheet: Any, header: str) -> int:
    """The 1-based column of a header in row 1."""
    for cell in sheet[1]:
        if cell.value == header:
            return cell.column
    raise KeyError(header)


def row_of(sheet: Any, record_id: str) -> int:
    """The row that holds this id in the ID column."""
    id_column = column_of(sheet, "ID")
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=id_column).value == record_id:
            return row
    raise KeyError(record_id)


def fresh_store(tmp_path: Path, name: str) -> Store:
    """Another empty store with every tab."""
    store = Store(LocalBackend(f"sqlite:///{tmp_path / name}"))
    store.init()
    return store


@pytest.fixture
def exported(demo_store: Store, tmp_path: Path) -> Path:
    """The demo store written to an xlsx file."""
    path = tmp_path / "export.xlsx"
    export_xlsx(demo_store, path)
    return path


# -- export -------------------------------------------------------------------------------


def test_export_has_one_sheet_per_tab_in_schema_order(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    counts = export_xlsx(demo_store, path)
    raw = demo_store.backend.read_tabs([t.name for t in sc.TABS])
    assert counts == {t.key: len(raw[t.name].rows) for t in sc.TABS}
    assert counts["tasks"] == 12
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [t.name for t in sc.TABS]
    for tab in sc.TABS:
        sheet = workbook[tab.name]
        assert [c.value for c in sheet[1]] == raw[tab.name].headers
        assert all(c.font.bold for c in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == counts[tab.key] + 1


def test_export_writes_typed_cells(demo_store: Store, exported: Path) -> None:
    sheet = openpyxl.load_workbook(exported)["Phản ánh kiến nghị"]
    row = row_of(sheet, "demo-fb-0001")
    received = sheet.cell(row=row, column=column_of(sheet, "Ngày tiếp nhận"))
    assert received.value == dt.datetime(2017, 1, 9)
    assert received.number_format == "dd/mm/yyyy"
    updated = sheet.cell(row=row, column=column_of(sheet, "Cập nhật lúc"))
    assert isinstance(updated.value, dt.datetime)
    assert updated.number_format == "dd/mm/yyyy hh:mm:ss"
    version = sheet.cell(row=row, column=column_of(sheet, "Phiên bản"))
    assert version.value == 1 and version.data_type == "n"
    demo = sheet.cell(row=row, column=column_of(sheet, "Dữ liệu mẫu"))
    assert demo.value is True and demo.data_type == "b"
    phone = sheet.cell(row=row, column=column_of(sheet, "Điện thoại"))
    assert phone.value == "0900000101" and phone.data_type == "s"
    indices = openpyxl.load_workbook(exported)["Chỉ số"]
    score = indices.cell(row=row_of(indices, "demo-index-2015-par-index"),
                         column=column_of(indices, "Điểm"))
    assert score.value == pytest.approx(79.62) and score.data_type == "n"


def test_export_keeps_extra_columns_and_bad_rows(demo_store: Store, tmp_path: Path) -> None:
    backend = demo_store.backend
    backend.add_columns("Nhiệm vụ", ["Ghi chú riêng"])
    bad = raw_cells(demo_store, "Nhiệm vụ", {
        "ID": "bad-1", "Số kế hoạch": "21/KH-SCT", "Năm": "hai nghìn", "Phần": "I", "STT": 99,
        "Nội dung, nhiệm vụ cụ thể": "x", "Chủ trì": "Văn phòng Sở",
        "Hạn hoàn thành": "31/02/2017", "Ghi chú riêng": "giữ lại",
    })
    backend.insert_raw_row("Nhiệm vụ", bad)
    path = tmp_path / "out.xlsx"
    export_xlsx(demo_store, path)
    sheet = openpyxl.load_workbook(path)["Nhiệm vụ"]
    assert sheet.cell(row=1, column=sheet.max_column).value == "Ghi chú riêng"
    row = row_of(sheet, "bad-1")
    assert sheet.cell(row=row, column=column_of(sheet, "Năm")).value == "hai nghìn"
    assert sheet.cell(row=row, column=column_of(sheet, "Hạn hoàn thành")).value == "31/02/2017"
    assert sheet.cell(row=row, column=column_of(sheet, "Ghi chú riêng")).value == "giữ lại"


# -- round trips --------------------------------------------------------------------------


def test_import_into_the_same_store_changes_nothing(demo_store: Store, exported: Path) -> None:
    revision = demo_store.backend.revision()
    before = frames(demo_store)
    audit_before = len(audit_rows(demo_store))
    report = import_xlsx(demo_store, exported, actor="test")
    assert (report.added, report.updated) == (0, 0)
    assert report.unchanged == sum(len(f) for f in before.values())
    assert report.skipped == ["Nhật ký"]
    assert not report.changed
    assert demo_store.backend.revision() == revision
    assert len(audit_rows(demo_store)) == audit_before
    assert_same_frames(frames(demo_store), before)


def test_import_into_an_empty_store_gives_identical_frames(
    demo_store: Store, exported: Path, tmp_path: Path
) -> None:
    target = fresh_store(tmp_path, "target.db")
    report = import_xlsx(target, exported, actor="test")
    expected = frames(demo_store)
    assert report.added == sum(len(f) for f in expected.values())
    assert report.updated == 0
    assert_same_frames(frames(target), expected)
    audit = audit_rows(target)
    assert len(audit) == report.added
    assert set(audit["action"]) == {"Nhập"}
    assert set(audit["actor"]) == {"test"}


# -- refusals -----------------------------------------------------------------------------


def break_file(path: Path) -> None:
    """A bad date, a missing required column, a formula and a repeated ID, in four tabs."""
    workbook = openpyxl.load_workbook(path)
    activities = workbook["Hoạt động"]
    activities.cell(row=3, column=column_of(activities, "Ngày")).value = "32/13/2017"
    tasks = workbook["Nhiệm vụ"]
    tasks.delete_cols(column_of(tasks, "Chủ trì"))
    indices = workbook["Chỉ số"]
    indices.cell(row=2, column=column_of(indices, "Điểm")).value = "=1+1"
    dossiers = workbook["Hồ sơ một cửa"]
    id_column = column_of(dossiers, "ID")
    dossiers.cell(row=5, column=id_column).value = dossiers.cell(row=4, column=id_column).value
    units = workbook["Đơn vị"]  # a valid change, which must not be applied either
    units.cell(row=2, column=column_of(units, "Tên gọi khác")).value = "BLĐ"
    workbook.save(path)


def assert_broken_file_reasons(problems: list[Any]) -> None:
    """Each of the four reasons is there, located by tab, row and column."""
    found = {(p.tab, p.kind, p.row, p.column_letter) for p in problems}
    assert ("Hoạt động", "not_date", 3, "B") in found
    assert ("Nhiệm vụ", "missing_column", 1, None) in found
    assert ("Chỉ số", "formula", 2, "E") in found
    assert ("Hồ sơ một cửa", "duplicate_id", 5, "A") in found
    missing = next(p for p in problems if p.kind == "missing_column")
    assert missing.column == "Chủ trì"
    formula = next(p for p in problems if p.kind == "formula")
    assert formula.column == "Điểm"
    assert all(p.is_error for p in problems)
    assert not [p for p in problems if p.tab == "Chỉ số" and p.kind != "formula"]


def test_a_broken_file_is_refused_whole(demo_store: Store, exported: Path) -> None:
    break_file(exported)
    revision = demo_store.backend.revision()
    before = frames(demo_store)
    with pytest.raises(ValidationError) as refused:
        import_xlsx(demo_store, exported, actor="test")
    assert_broken_file_reasons(refused.value.problems)
    assert demo_store.backend.revision() == revision
    assert_same_frames(frames(demo_store), before)


def test_a_record_changed_since_the_export_is_a_version_conflict(
    demo_store: Store, exported: Path
) -> None:
    demo_store.update("tasks", "demo-task-I-1", {"notes": "sửa trên web"}, expected_version=1)
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook["Nhiệm vụ"]
    sheet.cell(row=row_of(sheet, "demo-task-I-1"), column=column_of(sheet, "Ghi chú")).value = (
        "sửa trong Excel"
    )
    workbook.save(exported)
    revision = demo_store.backend.revision()
    with pytest.raises(ValidationError) as refused:
        import_xlsx(demo_store, exported)
    [problem] = refused.value.problems
    assert (problem.tab, problem.kind, problem.detail) == ("Nhiệm vụ", "version_conflict", "2")
    assert problem.value == "1"
    assert demo_store.backend.revision() == revision
    assert demo_store.get("tasks", "demo-task-I-1")["notes"] == "sửa trên web"


def test_an_older_version_with_the_same_values_is_no_conflict(
    demo_store: Store, exported: Path
) -> None:
    demo_store.update("units", "demo-unit-ban-lanh-dao-so", {"aliases": "BLĐ"})
    demo_store.update("units", "demo-unit-ban-lanh-dao-so", {"aliases": None})
    report = import_xlsx(demo_store, exported)
    assert (report.added, report.updated) == (0, 0)


def test_a_file_that_is_not_an_xlsx_is_a_bad_file(demo_store: Store, tmp_path: Path) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("không phải bảng tính", encoding="utf-8")
    with pytest.raises(StoreError) as bad:
        import_xlsx(demo_store, text)
    assert bad.value.kind == "bad_file"
    empty_zip = tmp_path / "empty.xlsx"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(StoreError) as bad:
        read_xlsx(empty_zip)
    assert bad.value.kind == "bad_file"
    with pytest.raises(StoreError) as missing:
        read_xlsx(tmp_path / "nowhere.xlsx")
    assert missing.value.kind == "missing_file"


# -- changes ------------------------------------------------------------------------------


def test_one_changed_cell_and_one_new_row(demo_store: Store, exported: Path) -> None:
    workbook = openpyxl.load_workbook(exported)
    tasks = workbook["Nhiệm vụ"]
    progress = column_of(tasks, "Tiến độ (%)")
    tasks.cell(row=row_of(tasks, "demo-task-I-1"), column=progress).value = 55
    activities = workbook["Hoạt động"]
    new_row = activities.max_row + 1
    for header, value in {
        "ID": "act-new", "Ngày": dt.datetime(2017, 6, 1), "Loại hình": "Tờ rơi",
        "Nội dung": "Phát tờ rơi tại bộ phận một cửa", "Số lượng": 200,
    }.items():
        activities.cell(row=new_row, column=column_of(activities, header)).value = value
    workbook.save(exported)
    audit_before = len(audit_rows(demo_store))

    report = import_xlsx(demo_store, exported, actor="an.nv")

    assert (report.added, report.updated) == (1, 1)
    assert (report.tabs["tasks"].updated, report.tabs["activities"].added) == (1, 1)
    task = demo_store.get("tasks", "demo-task-I-1")
    assert task["progress"] == 55 and task["version"] == 2
    activity = demo_store.get("activities", "act-new")
    assert activity["date"] == dt.date(2017, 6, 1) and activity["quantity"] == 200
    assert activity["version"] == 1 and activity["is_demo"] is False
    audit = audit_rows(demo_store)
    new = audit.iloc[audit_before:]
    assert len(new) == 2
    assert set(new["action"]) == {"Nhập"}
    assert set(new["actor"]) == {"an.nv"}
    assert set(new["record_id"]) == {"demo-task-I-1", "act-new"}


def test_a_new_row_keeps_its_id_version_and_flags(
    demo_store: Store, exported: Path, tmp_path: Path
) -> None:
    demo_store.archive("plans", "demo-plan-21-KH-SCT")
    export_xlsx(demo_store, exported)
    target = fresh_store(tmp_path, "target.db")
    import_xlsx(target, exported)
    plan = target.get("plans", "demo-plan-21-KH-SCT")
    source = demo_store.get("plans", "demo-plan-21-KH-SCT")
    assert plan["archived"] is True and plan["is_demo"] is True
    assert plan["version"] == source["version"] == 2
    assert plan["updated_at"] == source["updated_at"]


def test_rows_missing_from_the_file_are_kept(demo_store: Store, exported: Path) -> None:
    workbook = openpyxl.load_workbook(exported)
    workbook["Hoạt động"].delete_rows(2, 10)
    workbook.remove(workbook["Phiếu khảo sát"])
    workbook.save(exported)
    before = frames(demo_store)
    report = import_xlsx(demo_store, exported)
    assert not report.changed
    assert "survey_responses" not in report.tabs
    assert_same_frames(frames(demo_store), before)


def test_unknown_sheets_and_columns_are_warned_about_and_ignored(
    demo_store: Store, exported: Path
) -> None:
    workbook = openpyxl.load_workbook(exported)
    workbook.create_sheet("Ghi chép")["A1"] = "tự do"
    units = workbook["Đơn vị"]
    extra = units.max_column + 1
    units.cell(row=1, column=extra).value = "Cột thêm"
    units.cell(row=2, column=extra).value = "không nhập"
    workbook.save(exported)
    revision = demo_store.backend.revision()
    report = import_xlsx(demo_store, exported)
    kinds = {(p.tab, p.kind, p.column) for p in report.warnings}
    assert ("Ghi chép", "unknown_tab", None) in kinds
    assert ("Đơn vị", "unknown_field", "Cột thêm") in kinds
    assert not report.changed
    assert demo_store.backend.revision() == revision


def test_the_audit_sheet_is_never_imported(demo_store: Store, exported: Path) -> None:
    demo_store.update("units", "demo-unit-ban-lanh-dao-so", {"aliases": "BLĐ"})
    export_xlsx(demo_store, exported)
    workbook = openpyxl.load_workbook(exported)
    audit = workbook["Nhật ký"]
    audit.cell(row=2, column=column_of(audit, "Thao tác")).value = "=HACK()"
    audit.append(["audit-new", "không phải ngày"])
    workbook.save(exported)
    before = len(audit_rows(demo_store))
    report = import_xlsx(demo_store, exported)
    assert report.skipped == ["Nhật ký"]
    assert "audit" not in report.tabs
    assert len(audit_rows(demo_store)) == before


def test_a_crash_midway_leaves_the_store_unchanged(
    demo_store: Store, exported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = openpyxl.load_workbook(exported)
    tasks = workbook["Nhiệm vụ"]
    tasks.cell(row=row_of(tasks, "demo-task-I-1"), column=column_of(tasks, "Ghi chú")).value = "mới"
    units = workbook["Đơn vị"]
    units.append(["unit-new", "Phòng Quản lý thương mại"])
    workbook.save(exported)
    revision = demo_store.backend.revision()
    before = frames(demo_store)
    audit_before = len(audit_rows(demo_store))

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo_store, "update", crash)
    with pytest.raises(RuntimeError):
        import_xlsx(demo_store, exported)
    assert demo_store.backend.revision() == revision
    assert_same_frames(frames(demo_store), before)
    assert len(audit_rows(demo_store)) == audit_before


# -- formula injection --------------------------------------------------------------------


@pytest.fixture
def injected(empty_store: Store) -> Store:
    """Activities whose text cells start with formula leaders, and a feedback phone number."""
    for n, text in enumerate(INJECTIONS, start=1):
        empty_store.backend.insert_raw_row("Hoạt động", raw_cells(empty_store, "Hoạt động", {
            "ID": f"inj-{n}", "Ngày": "2017-05-01", "Loại hình": "Khác", "Nội dung": text,
            "Đơn vị": text, "Ghi chú": f"a\r\nb {text}", "Phiên bản": 1,
            "Cập nhật lúc": "2017-05-01 08:00:00",
            "Lưu trữ": False, "Dữ liệu mẫu": False,
        }))
    empty_store.append("feedback", [{
        "id": "fb-phone", "received_on": dt.date(2017, 3, 1), "category": "Góp ý",
        "content": "=HYPERLINK(\"http://example.com\")", "status": "Mới",
        "sender_phone": "0912345678",
    }])
    return empty_store


def test_formula_like_text_is_exported_as_text(injected: Store, tmp_path: Path) -> None:
    path = tmp_path / "injection.xlsx"
    export_xlsx(injected, path)
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Hoạt động"]
    raws, problems = read_xlsx(path)
    assert problems == []
    read_back = {cells[0]: cells for _, cells in raws["activities"].rows}
    title, unit = column_of(sheet, "Nội dung"), column_of(sheet, "Đơn vị")
    note = column_of(sheet, "Ghi chú")
    for n, text in enumerate(INJECTIONS, start=1):
        row = row_of(sheet, f"inj-{n}")
        for column in (title, unit):
            cell = sheet.cell(row=row, column=column)
            assert cell.data_type == "s"
            assert cell.quotePrefix
            if "\r" not in text:  # XML has no CR: it is stored as _x000D_, as Excel does
                assert cell.value == text
            assert read_back[f"inj-{n}"][column - 1] == text
        assert read_back[f"inj-{n}"][note - 1] == f"a\r\nb {text}"
    feedback = workbook["Phản ánh kiến nghị"]
    row = row_of(feedback, "fb-phone")
    phone = feedback.cell(row=row, column=column_of(feedback, "Điện thoại"))
    assert (phone.value, phone.data_type) == ("0912345678", "s")
    content = feedback.cell(row=row, column=column_of(feedback, "Nội dung"))
    assert (content.value, content.data_type) == ('=HYPERLINK("http://example.com")', "s")


def test_formula_like_text_reimports_as_the_same_text(
    injected: Store, tmp_path: Path
) -> None:
    path = tmp_path / "injection.xlsx"
    export_xlsx(injected, path)
    revision = injected.backend.revision()
    report = import_xlsx(injected, path)
    assert not report.changed
    assert injected.backend.revision() == revision
    target = fresh_store(tmp_path, "target.db")
    import_xlsx(target, path)
    assert_same_frames(frames(target), frames(injected))
    activity = target.get("activities", "inj-1")
    assert activity["title"] == "=1+2" and activity["unit"] == "=1+2"
    assert target.get("activities", "inj-3")["title"] == "-2+3"
    assert target.get("feedback", "fb-phone")["sender_phone"] == "0912345678"
    target_raw = target.backend.read_tabs(["Hoạt động"])["Hoạt động"]
    assert any(cells and "=1+2" in cells for _, cells in target_raw.rows)


def test_export_and_import_work_in_memory(demo_store: Store, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    counts = export_xlsx(demo_store, buffer)
    assert counts["activities"] == 60
    buffer.seek(0)
    target = fresh_store(tmp_path, "target.db")
    report = import_xlsx(target, buffer)
    assert report.added == sum(c for k, c in counts.items() if k != "audit")
    with pytest.raises(StoreError) as bad:
        import_xlsx(target, io.BytesIO(b"not a workbook"))
    assert bad.value.kind == "bad_file"
