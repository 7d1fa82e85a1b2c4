"""The store: tolerant reads, row-level writes, conflicts, archive, audit, demo clearing."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest

from sheets import ConflictError, NotFoundError, ValidationError, open_store
from sheets import schema as sc
from sheets.local import LocalBackend
from sheets.settings import load_settings
from sheets.store import Store

ACTIVITY = {
    "date": "05/04/2017",
    "type": "Tờ rơi",
    "title": "Phát tờ rơi DVC mức độ 3, 4",
    "quantity": 500,
}


def test_init_creates_every_tab_with_vietnamese_headers(empty_store: Store):
    raw = empty_store.backend.read_tabs([t.name for t in sc.TABS])
    assert set(raw) == {
        "Kế hoạch",
        "Nhiệm vụ",
        "Hoạt động",
        "Đơn vị",
        "Câu hỏi khảo sát",
        "Phiếu khảo sát",
        "Phản ánh kiến nghị",
        "Hồ sơ một cửa",
        "Chỉ số",
        "Người dùng",
        "Nhật ký",
    }
    tasks = raw["Nhiệm vụ"]
    assert tasks.headers[0] == "ID"
    assert "Hạn hoàn thành" in tasks.headers and "Phiên bản" in tasks.headers
    assert empty_store.init() == {}  # running it again changes nothing


def test_reading_tolerates_what_people_do_to_spreadsheets(empty_store: Store):
    backend = empty_store.backend
    # Columns in another order, one header by code, odd case and spacing, an extra column.
    backend.set_headers(
        "Hoạt động", ["  loại HÌNH ", "Ghi chú của tổ", "date", "Nội dung", "ID", "Số lượng"]
    )
    backend.insert_raw_row(
        "Hoạt động", ["to roi", "giữ nguyên", "05/04/2017", "Phát tờ rơi", "a1", "1.500"]
    )
    backend.insert_raw_row("Hoạt động", ["", "", "", "", "", ""])  # blank row: skipped
    backend.insert_raw_row(
        "Hoạt động", ["Tin bài trên trang web", "", 42860, "Tin CCHC", "a2", "3"]
    )
    backend.insert_raw_row("Hoạt động", ["Pano", "", "31/02/2017", "Pano mới", "a3", "x"])
    book = empty_store.load()
    frame = book.frame("activities")
    assert list(frame["id"]) == ["a1", "a2"]
    assert frame.iloc[0]["type"] == "Tờ rơi" and frame.iloc[0]["quantity"] == 1500
    assert frame.iloc[1]["date"] == dt.datetime(2017, 5, 5)
    parsed = book.tabs["activities"]
    assert parsed.columns.extras == ["Ghi chú của tổ"]
    assert parsed.bad_rows == [5]
    problems = {(p.row, p.column, p.cell, p.kind, p.value) for p in parsed.problems}
    assert (5, "date", "C5", "not_date", "31/02/2017") in problems
    assert (5, "Số lượng", "F5", "not_integer", "x") in problems
    assert (5, "  loại HÌNH ", "A5", "not_choice", "Pano") in problems


def test_bad_rows_are_never_rewritten_or_dropped(empty_store: Store):
    empty_store.backend.insert_raw_row("Hoạt động", ["b1", "ngày mai", "Tờ rơi", "Phát"])
    good = empty_store.append("activities", [ACTIVITY])[0]
    empty_store.update("activities", good["id"], {"quantity": 600})
    raw = empty_store.raw("activities")
    assert raw.iloc[0]["Ngày"] == "ngày mai"
    assert len(raw) == 2


def test_a_missing_required_column_is_reported_on_the_header_row(empty_store: Store):
    empty_store.backend.set_headers("Chỉ số", ["ID", "Năm", "Phạm vi"])
    parsed = empty_store.load().tabs["indices"]
    missing = [p for p in parsed.problems if p.kind == "missing_column"]
    assert {p.column for p in missing} == {"Chỉ số"}
    assert all(p.row == 1 for p in missing)


def test_duplicate_ids_are_errors_naming_the_first_row(empty_store: Store):
    for title in ("một", "hai"):
        empty_store.backend.insert_raw_row("Hoạt động", ["same", "05/04/2017", "Tờ rơi", title])
    parsed = empty_store.load().tabs["activities"]
    assert [(p.kind, p.row, p.detail) for p in parsed.problems] == [("duplicate_id", 3, "2")]


def test_append_validates_and_writes_nothing_when_any_record_is_bad(empty_store: Store):
    with pytest.raises(ValidationError) as error:
        empty_store.append("activities", [ACTIVITY, {**ACTIVITY, "date": "31/02/2017"}])
    assert [(p.column, p.kind) for p in error.value.problems] == [("Ngày", "not_date")]
    assert empty_store.load().frame("activities").empty


def test_unknown_fields_are_refused(empty_store: Store):
    with pytest.raises(ValidationError) as error:
        empty_store.append("activities", [{**ACTIVITY, "colour": "đỏ"}])
    assert error.value.problems[0].kind == "unknown_field"


def test_update_writes_only_changed_cells_and_bumps_the_version(empty_store: Store):
    rec = empty_store.append("activities", [ACTIVITY], actor="cb@sct")[0]
    assert rec["version"] == 1
    updated = empty_store.update(
        "activities",
        rec["id"],
        {"quantity": "700", "title": rec["title"]},
        expected_version=1,
        actor="cb@sct",
    )
    assert updated["version"] == 2 and updated["quantity"] == 700
    audit = empty_store.load().frame("audit")
    last = audit.iloc[-1]
    assert (last["action"], last["tab"], last["record_id"], last["actor"]) == (
        "Sửa",
        "Hoạt động",
        rec["id"],
        "cb@sct",
    )
    assert json.loads(last["changes"]) == {"Số lượng": [500, 700]}


def test_an_update_from_an_old_read_is_a_conflict_and_overwrites_nothing(empty_store: Store):
    rec = empty_store.append("activities", [ACTIVITY])[0]
    empty_store.update("activities", rec["id"], {"quantity": 10}, expected_version=1)
    with pytest.raises(ConflictError) as error:
        empty_store.update("activities", rec["id"], {"quantity": 20}, expected_version=1)
    assert error.value.current["quantity"] == 10
    assert empty_store.get("activities", rec["id"])["quantity"] == 10


def test_update_finds_the_row_by_id_after_people_insert_rows_above(empty_store: Store):
    first, second = empty_store.append("activities", [ACTIVITY, {**ACTIVITY, "title": "Hai"}])
    # Someone inserts a row at the top of the sheet, and adds a column of their own.
    empty_store.backend.insert_raw_row(
        "Hoạt động", ["p1", "01/01/2017", "Khác", "Chèn"], before_row=2
    )
    headers = empty_store.backend.read_tabs(["Hoạt động"])["Hoạt động"].headers
    empty_store.backend.set_headers("Hoạt động", [*headers, "Cột riêng"])
    updated = empty_store.update("activities", second["id"], {"quantity": 42})
    assert updated["_row"] == 4
    frame = empty_store.load().frame("activities").set_index("id")
    assert frame.loc[second["id"], "quantity"] == 42
    assert frame.loc[first["id"], "quantity"] == 500
    assert frame.loc["p1", "title"] == "Chèn"
    assert "Cột riêng" in empty_store.raw("activities").columns


def test_a_column_staff_removed_is_added_back_at_the_end_when_needed(empty_store: Store):
    headers = [h for h in sc.ACTIVITIES.labels if h != "Ghi chú"]
    empty_store.backend.set_headers("Hoạt động", headers)
    rec = empty_store.append("activities", [{**ACTIVITY, "note": "ghi chú"}])[0]
    raw = empty_store.raw("activities")
    assert list(raw.columns)[-1] == "Ghi chú"
    assert empty_store.get("activities", rec["id"])["note"] == "ghi chú"


def test_archive_keeps_the_row_but_leaves_the_figures(empty_store: Store):
    rec = empty_store.append("activities", [ACTIVITY])[0]
    empty_store.archive("activities", rec["id"], expected_version=1)
    book = empty_store.load()
    assert book.frame("activities").empty
    assert len(book.frame("activities", include_archived=True)) == 1
    assert book.frame("audit").iloc[-1]["action"] == "Lưu trữ"


def test_update_of_a_missing_record(empty_store: Store):
    with pytest.raises(NotFoundError):
        empty_store.update("activities", "nope", {"quantity": 1})


def test_the_id_cannot_be_changed(empty_store: Store):
    rec = empty_store.append("activities", [ACTIVITY])[0]
    with pytest.raises(Exception, match="id_readonly"):
        empty_store.update("activities", rec["id"], {"id": "other"})


def test_load_is_cached_until_something_is_written(empty_store: Store):
    first = empty_store.load()
    assert empty_store.load() is first
    empty_store.append("activities", [ACTIVITY])
    assert empty_store.load() is not first


def test_a_write_from_another_process_is_seen(db_path):
    url = f"sqlite:///{db_path}"
    mine, theirs = Store(LocalBackend(url)), Store(LocalBackend(url))
    mine.init()
    assert mine.load().frame("activities").empty
    theirs.append("activities", [ACTIVITY])
    assert len(mine.load().frame("activities")) == 1


def test_concurrent_sessions_lose_no_write(db_path):
    url = f"sqlite:///{db_path}"
    Store(LocalBackend(url)).init()
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        store = Store(LocalBackend(url))
        try:
            for i in range(15):
                rec = store.append("activities", [{**ACTIVITY, "title": f"{n}-{i}"}])[0]
                store.update("activities", rec["id"], {"quantity": i}, expected_version=1)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    frame = Store(LocalBackend(url)).load().frame("activities")
    assert len(frame) == 60 and set(frame["version"]) == {2}


def test_clear_demo_removes_only_demo_rows(demo_store: Store):
    real = demo_store.append("activities", [ACTIVITY], actor="cb")[0]
    removed = demo_store.clear_demo(actor="admin")
    assert removed["tasks"] == 12 and removed["activities"] > 0
    book = demo_store.load()
    assert not book.has_demo_data()
    assert list(book.frame("activities")["id"]) == [real["id"]]
    assert len(book.frame("survey_questions")) == 18  # the questionnaire is not demo data
    assert "Xóa dữ liệu mẫu" in set(book.frame("audit")["action"])


def test_demo_store_has_no_problems(demo_store: Store):
    book = demo_store.load()
    assert book.problems == []
    assert len(book.frame("tasks")) == 12


def test_open_store_creates_the_demo_store_when_missing(db_path):
    store = open_store(load_settings())
    assert db_path.exists()
    assert len(store.load().frame("tasks")) == 12
    assert store.load().frame("audit").empty  # seeding is not somebody's write


def test_sqlite_runs_in_wal_mode(empty_store: Store):
    with empty_store.backend.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
