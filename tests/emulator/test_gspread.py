"""Real gspread against the emulator: the calls the app makes, and Google's rules behind them."""

from __future__ import annotations

import json
import time
import unicodedata

import gspread
import pytest
import requests
from gspread.exceptions import APIError, SpreadsheetNotFound
from gspread.utils import ValueInputOption

from emulator import Emulator

INJECTION = ["=1+2", "+1", "-1", "@x", "0912345678"]


def _raw(sh: gspread.Spreadsheet, range_name: str, **params: str) -> dict:
    return sh.values_get(range_name, params=params or None)


# ---------------------------------------------------------------- spreadsheets and tabs


def test_open_by_key_lists_worksheets(emu: Emulator, gc: gspread.Client) -> None:
    """open_by_key reads the metadata; add_worksheet adds a tab Google-style."""
    sid = emu.create_spreadsheet("Tên bảng tính")
    sh = gc.open_by_key(sid)
    assert sh.id == sid
    assert sh.title == "Tên bảng tính"
    assert [ws.title for ws in sh.worksheets()] == ["Sheet1"]
    assert (sh.sheet1.row_count, sh.sheet1.col_count) == (1000, 26)
    ws = sh.add_worksheet("Phiếu khảo sát", rows=10, cols=5)
    assert ws.id != 0 and ws.index == 1
    assert [w.title for w in sh.worksheets()] == ["Sheet1", "Phiếu khảo sát"]
    assert sh.worksheet("Phiếu khảo sát").row_count == 10
    with pytest.raises(APIError) as err:
        sh.add_worksheet("Phiếu khảo sát", rows=1, cols=1)
    assert err.value.code == 400
    assert "already exists" in str(err.value)


def test_create_and_delete_through_drive(gc: gspread.Client) -> None:
    """gspread's create and del_spreadsheet use the Drive subset."""
    sh = gc.create("Kế hoạch 2017")
    assert sh.title == "Kế hoạch 2017"
    assert sh.sheet1.title == "Sheet1"
    gc.del_spreadsheet(sh.id)
    with pytest.raises(SpreadsheetNotFound):
        gc.open_by_key(sh.id)


def test_unknown_spreadsheet_is_404(gc: gspread.Client) -> None:
    """An unknown id answers Google's 404 NOT_FOUND."""
    with pytest.raises(SpreadsheetNotFound):
        gc.open_by_key("does-not-exist")
    with pytest.raises(APIError) as err:
        gc.http_client.values_get("does-not-exist", "Sheet1")
    assert err.value.code == 404
    assert err.value.error == {
        "code": 404,
        "message": "Requested entity was not found.",
        "status": "NOT_FOUND",
    }


def test_metadata_fields_and_grid_data(sh: gspread.Spreadsheet) -> None:
    """`fields` narrows the answer; includeGridData with ranges returns the cells."""
    sh.sheet1.update([["a", 1]], "A1")
    only_titles = sh.fetch_sheet_metadata({"fields": "sheets.properties.title"})
    assert only_titles == {"sheets": [{"properties": {"title": "Sheet1"}}]}
    meta = sh.fetch_sheet_metadata({"includeGridData": "true", "ranges": "Sheet1!A1:B2"})
    data = meta["sheets"][0]["data"][0]
    values = data["rowData"][0]["values"]
    assert [v["formattedValue"] for v in values] == ["a", "1"]
    assert values[1]["effectiveValue"] == {"numberValue": 1}
    plain = sh.fetch_sheet_metadata()
    assert "data" not in plain["sheets"][0] and "basicFilter" not in plain["sheets"][0]
    assert plain["spreadsheetUrl"].endswith(f"/d/{sh.id}/edit")
    assert plain["properties"]["locale"] == "en_US"


# ---------------------------------------------------------------- reading


def test_values_are_trimmed_like_google(sh: gspread.Spreadsheet) -> None:
    """Trailing empty cells and rows are dropped; empty rows inside stay as []."""
    sh.sheet1.update([["A1", "B1", "", "D1"], ["", "b2", "", ""], ["", "", "", ""], ["A4"]], "A1")
    body = _raw(sh, "Sheet1")
    assert body["range"] == "Sheet1!A1:Z1000"
    assert body["values"] == [["A1", "B1", "", "D1"], ["", "b2"], [], ["A4"]]
    assert sh.sheet1.get_all_values() == [
        ["A1", "B1", "", "D1"],
        ["", "b2", "", ""],
        ["", "", "", ""],
        ["A4", "", "", ""],
    ]
    empty = _raw(sh, "Sheet1!F1:G3")
    assert empty == {"range": "Sheet1!F1:G3", "majorDimension": "ROWS"}
    columns = _raw(sh, "Sheet1!A1:D4", majorDimension="COLUMNS")
    assert columns["values"] == [["A1", "", "", "A4"], ["B1", "b2"], [], ["D1"]]


@pytest.mark.parametrize(
    ("asked", "answered"),
    [
        ("Sheet1", "Sheet1!A1:Z1000"),
        ("'Sheet1'!A1:1", "Sheet1!A1:Z1"),
        ("A:A", "Sheet1!A1:A1000"),
        ("2:2", "Sheet1!A2:Z2"),
        ("Sheet1!A5:C", "Sheet1!A5:C1000"),
        ("'Sheet1'!D4:A1", "Sheet1!A1:D4"),
        ("A1:A1", "Sheet1!A1"),
        ("'Phiếu khảo sát'!A1:C3", "'Phiếu khảo sát'!A1:C3"),
        ("Phiếu khảo sát!B2", "'Phiếu khảo sát'!B2"),
        ("'It''s'!A1", "'It''s'!A1"),
    ],
)
def test_ranges_are_normalised(sh: gspread.Spreadsheet, asked: str, answered: str) -> None:
    """Ranges come back in Google's normal form."""
    sh.add_worksheet("Phiếu khảo sát", rows=10, cols=5)
    sh.add_worksheet("It's", rows=5, cols=5)
    assert _raw(sh, asked)["range"] == answered


def test_nfd_sheet_name_finds_the_nfc_tab(sh: gspread.Spreadsheet) -> None:
    """A name typed in another Unicode normal form still finds the tab."""
    title = unicodedata.normalize("NFC", "Phiếu khảo sát")
    sh.add_worksheet(title, rows=5, cols=3).update([["x"]], "A1")
    body = _raw(sh, f"'{unicodedata.normalize('NFD', title)}'!A1")
    assert body == {"range": f"'{title}'!A1", "majorDimension": "ROWS", "values": [["x"]]}


def test_values_batch_get(sh: gspread.Spreadsheet) -> None:
    """values_batch_get returns one ValueRange per range, in order."""
    ws = sh.add_worksheet("🌵 tab", rows=10, cols=10)
    ws.update([["🍇", "🍉"], ["🍐", "🍎"]], "A1")
    body = sh.values_batch_get(["'🌵 tab'!A:A", "'🌵 tab'!B:B", "Sheet1!A1"])
    assert [r["range"] for r in body["valueRanges"]] == [
        "'🌵 tab'!A1:A10",
        "'🌵 tab'!B1:B10",
        "Sheet1!A1",
    ]
    assert [r.get("values") for r in body["valueRanges"]] == [
        [["🍇"], ["🍐"]],
        [["🍉"], ["🍎"]],
        None,
    ]


def test_grid_limit_and_unknown_sheet_errors(sh: gspread.Spreadsheet) -> None:
    """Out-of-grid and unknown-tab ranges are 400 INVALID_ARGUMENT with Google's messages."""
    with pytest.raises(APIError) as err:
        sh.sheet1.get("A1001")
    assert err.value.code == 400
    assert err.value.error == {
        "code": 400,
        "message": "Range ('Sheet1'!A1001) exceeds grid limits. Max rows: 1000, max columns: 26",
        "status": "INVALID_ARGUMENT",
    }
    with pytest.raises(APIError) as err:
        sh.sheet1.update([["x"]], "AA1")
    assert "exceeds grid limits" in err.value.error["message"]
    with pytest.raises(APIError) as err:
        sh.values_get("'Không có'!A1")
    assert err.value.code == 400
    assert err.value.error["message"] == "Unable to parse range: 'Không có'!A1"


# ---------------------------------------------------------------- writing


def test_raw_keeps_every_string_as_text(sh: gspread.Spreadsheet) -> None:
    """Under RAW, formula-like and number-like strings stay exactly as sent."""
    ws = sh.sheet1
    ws.append_row(INJECTION + ["05/04/2017", "TRUE", "'quoted"], value_input_option="RAW")
    expected = INJECTION + ["05/04/2017", "TRUE", "'quoted"]
    for option in ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"):
        assert _raw(sh, "Sheet1!1:1", valueRenderOption=option)["values"] == [expected]


def test_user_entered_parses_like_a_person_typing(sh: gspread.Spreadsheet) -> None:
    """USER_ENTERED parses numbers, booleans, dates, formulas and the leading apostrophe."""
    ws = sh.sheet1
    typed = ["=1+2", "+1", "-1", "@x", "0912345678", "2017-04-05", "05/04/2017", "TRUE", "'0123"]
    ws.append_row(typed + [7, True, 2.5], value_input_option=ValueInputOption.user_entered)
    unformatted = _raw(sh, "Sheet1!1:1", valueRenderOption="UNFORMATTED_VALUE")["values"][0]
    assert unformatted == [3, 1, -1, "@x", 912345678, 42830, 42859, True, "0123", 7, True, 2.5]
    formatted = _raw(sh, "Sheet1!1:1")["values"][0]
    assert formatted == [
        "3", "1", "-1", "@x", "912345678", "2017-04-05", "05/04/2017", "TRUE", "0123", "7",
        "TRUE", "2.5",
    ]  # fmt: skip
    formulas = _raw(sh, "Sheet1!A1:B1", valueRenderOption="FORMULA")["values"][0]
    assert formulas == ["=1+2", 1]
    dates = _raw(
        sh,
        "Sheet1!F1:G1",
        valueRenderOption="UNFORMATTED_VALUE",
        dateTimeRenderOption="FORMATTED_STRING",
    )
    assert dates["values"] == [["2017-04-05", "05/04/2017"]]


def test_vietnamese_locale_reads_dates_day_first(emu: Emulator, gc: gspread.Client) -> None:
    """In a vi_VN spreadsheet 05/04/2017 is 5 April and 1,5 is one and a half."""
    sh = gc.open_by_key(emu.create_spreadsheet("Sổ", locale="vi_VN"))
    sh.sheet1.update([["05/04/2017", "1,5", "1.5"]], "A1", raw=False)
    body = _raw(sh, "Sheet1!A1:C1", valueRenderOption="UNFORMATTED_VALUE")
    assert body["values"] == [[42830, 1.5, "1.5"]]
    assert _raw(sh, "Sheet1!A1:B1")["values"] == [["05/04/2017", "1,5"]]


def test_json_numbers_and_booleans_stay_typed_under_both_options(sh: gspread.Spreadsheet) -> None:
    """Numbers and booleans sent as JSON keep their type, RAW or USER_ENTERED."""
    sh.sheet1.update([[42, 0.5, True]], "A1", raw=True)
    sh.sheet1.update([[42, 0.5, False]], "A2", raw=False)
    body = _raw(sh, "Sheet1!A1:C2", valueRenderOption="UNFORMATTED_VALUE")
    assert body["values"] == [[42, 0.5, True], [42, 0.5, False]]


def test_update_one_row_range(sh: gspread.Spreadsheet) -> None:
    """Updating A2:C2 changes that row only; more values than the range is an error."""
    ws = sh.sheet1
    ws.update([["h1", "h2", "h3"], ["a", "b", "c"], ["d", "e", "f"]], "A1")
    reply = ws.update([["x", None, "z"]], "A2:C2")
    assert reply["updatedRange"] == "Sheet1!A2:C2"
    assert (reply["updatedCells"], reply["updatedColumns"]) == (2, 2)
    assert ws.get_all_values() == [["h1", "h2", "h3"], ["x", "b", "z"], ["d", "e", "f"]]
    with pytest.raises(APIError) as err:
        ws.update([["1", "2", "3"]], "A2:B2")
    assert err.value.code == 400
    assert "tried writing to column [C]" in err.value.error["message"]


def test_update_from_an_anchor_grows_the_grid(sh: gspread.Spreadsheet) -> None:
    """Values written from a single anchor cell may run past the grid, which grows."""
    ws = sh.add_worksheet("small", rows=2, cols=2)
    ws.update([["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"]], "A1")
    ws = sh.worksheet("small")
    assert (ws.row_count, ws.col_count) == (3, 3)


def test_append_writes_after_the_table(sh: gspread.Spreadsheet) -> None:
    """append finds the table in the range and writes below its last row."""
    ws = sh.sheet1
    first = ws.append_row(["ID", "Tên", "Số lượng"])
    assert "tableRange" not in first
    assert first["updates"]["updatedRange"] == "Sheet1!A1:C1"
    ws.append_rows([["1", "a", 5], ["2", "b", 6]])
    reply = ws.append_row(["3", "c", 7], table_range="A1")
    assert reply["tableRange"] == "Sheet1!A1:C3"
    assert reply["updates"] == {
        "spreadsheetId": sh.id,
        "updatedRange": "Sheet1!A4:C4",
        "updatedRows": 1,
        "updatedColumns": 3,
        "updatedCells": 3,
    }
    assert ws.get_all_values()[-1] == ["3", "c", "7"]


def test_append_with_a_gap_in_the_last_row(sh: gspread.Spreadsheet) -> None:
    """A header row keeps a table together even when the last row has a hole."""
    ws = sh.sheet1
    ws.update([["a", "b", "c"], ["1", "", "3"]], "A1")
    reply = ws.append_row(["4", "5", "6"])
    assert reply["tableRange"] == "Sheet1!A1:C2"
    assert reply["updates"]["updatedRange"] == "Sheet1!A3:C3"


def test_append_insert_rows_versus_overwrite(sh: gspread.Spreadsheet) -> None:
    """INSERT_ROWS inserts rows (rows below move, the grid grows); OVERWRITE fills empty rows."""
    ws = sh.sheet1
    ws.update([["h"], ["1"], [""], ["footer"]], "A1")
    reply = ws.append_row(["2"], insert_data_option="INSERT_ROWS", table_range="A1")
    assert reply["tableRange"] == "Sheet1!A1:A2"
    assert reply["updates"]["updatedRange"] == "Sheet1!A3"
    assert ws.col_values(1) == ["h", "1", "2", "", "footer"]
    assert sh.worksheet("Sheet1").row_count == 1001
    reply = ws.append_row(["3"], insert_data_option="OVERWRITE", table_range="A1")
    assert reply["updates"]["updatedRange"] == "Sheet1!A4"
    assert ws.col_values(1) == ["h", "1", "2", "3", "footer"]
    assert sh.worksheet("Sheet1").row_count == 1001


def test_append_grows_the_grid(sh: gspread.Spreadsheet) -> None:
    """Appending at the end of the grid adds rows, and columns for wider rows."""
    ws = sh.add_worksheet("tiny", rows=2, cols=2)
    ws.update([["a", "b"], ["c", "d"]], "A1")
    ws.append_row(["e", "f", "g"])
    ws = sh.worksheet("tiny")
    assert (ws.row_count, ws.col_count) == (3, 3)
    assert ws.get_all_values() == [["a", "b", ""], ["c", "d", ""], ["e", "f", "g"]]


def test_cell_limit(sh: gspread.Spreadsheet) -> None:
    """A tab that would take the spreadsheet past 10,000,000 cells is refused."""
    with pytest.raises(APIError) as err:
        sh.add_worksheet("huge", rows=10_000, cols=1_000)
    assert err.value.code == 400
    assert "above the limit of 10000000 cells" in err.value.error["message"]
    sh.add_worksheet("big", rows=9_000, cols=1_000)


# ---------------------------------------------------------------- batchUpdate


def test_batch_update_requests(sh: gspread.Spreadsheet) -> None:
    """freeze, setDataValidation, repeatCell date format and a warning-only protected range."""
    ws = sh.sheet1
    ws.update([["Ngày", "Trạng thái"], [42830, "Đang làm"]], "A1")
    ws.freeze(rows=1)
    ws.add_validation(
        "B2:B100",
        gspread.utils.ValidationConditionType.one_of_list,
        ["Đang làm", "Hoàn thành"],
        strict=True,
        showCustomUi=True,
    )
    ws.format("A2:A", {"numberFormat": {"type": "DATE", "pattern": "dd/mm/yyyy"}})
    reply = ws.add_protected_range("A1:B1", warning_only=True, description="Tiêu đề")
    protected_id = reply["replies"][0]["addProtectedRange"]["protectedRange"]["protectedRangeId"]
    assert isinstance(protected_id, int)

    meta = sh.fetch_sheet_metadata()["sheets"][0]
    assert meta["properties"]["gridProperties"]["frozenRowCount"] == 1
    protected = meta["protectedRanges"][0]
    assert protected["warningOnly"] is True
    assert protected["range"] == {
        "startRowIndex": 0,
        "endRowIndex": 1,
        "startColumnIndex": 0,
        "endColumnIndex": 2,
    }
    assert _raw(sh, "Sheet1!A2")["values"] == [["05/04/2017"]]
    ws.update([["2017-04-06"]], "A3", raw=False)
    assert _raw(sh, "Sheet1!A3")["values"] == [["06/04/2017"]]

    grid = sh.fetch_sheet_metadata(
        {"ranges": "Sheet1!B2", "fields": "sheets.data.rowData.values.dataValidation"}
    )
    rule = grid["sheets"][0]["data"][0]["rowData"][0]["values"][0]["dataValidation"]
    assert rule["condition"]["type"] == "ONE_OF_LIST"
    assert [v["userEnteredValue"] for v in rule["condition"]["values"]] == [
        "Đang làm",
        "Hoàn thành",
    ]
    assert rule["strict"] is True and rule["showCustomUi"] is True

    ws.delete_protected_range(protected_id)
    assert "protectedRanges" not in sh.fetch_sheet_metadata()["sheets"][0]


def test_batch_update_is_atomic(sh: gspread.Spreadsheet) -> None:
    """A failing request rolls the whole batch back."""
    body = {
        "requests": [
            {"addSheet": {"properties": {"title": "new"}}},
            {"deleteSheet": {"sheetId": 123456}},
        ]
    }
    with pytest.raises(APIError) as err:
        sh.batch_update(body)
    assert err.value.error["message"] == "Invalid requests[1].deleteSheet: No grid with id: 123456"
    assert [ws.title for ws in sh.worksheets()] == ["Sheet1"]


def test_cannot_hide_every_sheet(sh: gspread.Spreadsheet) -> None:
    """Google refuses to hide the only visible tab."""
    with pytest.raises(APIError) as err:
        sh.sheet1.hide()
    assert err.value.error["message"] == (
        "Invalid requests[0].updateSheetProperties: You can't hide all the sheets in a document."
    )


def test_insert_and_delete_rows(sh: gspread.Spreadsheet) -> None:
    """insert_rows and delete_rows shift the rows below."""
    ws = sh.sheet1
    ws.update([["h"], ["1"], ["2"], ["3"]], "A1")
    ws.insert_rows([["1.5"]], row=3)
    assert ws.col_values(1) == ["h", "1", "1.5", "2", "3"]
    ws.delete_rows(2)
    assert ws.col_values(1) == ["h", "1.5", "2", "3"]
    assert sh.worksheet("Sheet1").row_count == 1000


def test_sort(sh: gspread.Spreadsheet) -> None:
    """sortRange sorts by column, blanks last in both orders."""
    ws = sh.sheet1
    ws.update([["Fox", 5], ["Apple", 4], ["", 9], ["Canada", 1]], "A1")
    ws.sort((1, "asc"), range="A1:B4")
    assert ws.get_all_values() == [["Apple", "4"], ["Canada", "1"], ["Fox", "5"], ["", "9"]]
    ws.sort((2, "des"), range="A1:B4")
    assert ws.col_values(2) == ["9", "5", "4", "1"]
    ws.sort((1, "des"), range="A1:B4")
    assert ws.col_values(1) == ["Fox", "Canada", "Apple"]


# ---------------------------------------------------------------- quota, faults, accounting


def test_quota_gives_429_resource_exhausted(emu: Emulator, sh: gspread.Spreadsheet) -> None:
    """Past the per-minute quota Google answers 429 RESOURCE_EXHAUSTED."""
    ws = sh.sheet1
    emu.set_quota(3)
    for _ in range(3):
        sh.values_get("Sheet1!A1")
    with pytest.raises(APIError) as err:
        sh.values_get("Sheet1!A1")
    assert err.value.code == 429
    assert err.value.error["status"] == "RESOURCE_EXHAUSTED"
    assert err.value.error["message"].startswith("Quota exceeded for quota metric 'Read requests'")
    with pytest.raises(APIError) as err:
        ws.update([["x"]], "A1")
    assert "'Write requests'" in err.value.error["message"]
    emu.set_quota(None)
    sh.values_get("Sheet1!A1")


def test_fail_next_and_fail_always(emu: Emulator, sh: gspread.Spreadsheet) -> None:
    """Injected failures come first, then requests succeed again."""
    emu.fail_next(2, status=503)
    for _ in range(2):
        with pytest.raises(APIError) as err:
            sh.values_get("Sheet1!A1")
        assert err.value.code == 503
        assert err.value.error["status"] == "UNAVAILABLE"
    sh.values_get("Sheet1!A1")
    emu.fail_next(1, status=429)
    with pytest.raises(APIError) as err:
        sh.values_get("Sheet1!A1")
    assert err.value.code == 429
    emu.fail_always(status=500)
    for _ in range(3):
        with pytest.raises(APIError) as err:
            sh.values_get("Sheet1!A1")
        assert err.value.error["status"] == "INTERNAL"
    emu.clear_faults()
    sh.values_get("Sheet1!A1")


def test_timeouts(emu: Emulator, gc: gspread.Client, sh: gspread.Spreadsheet) -> None:
    """A hanging request times out on the client; with apply=True the write still lands."""
    gc.set_timeout(0.3)
    ws = gc.open_by_key(sh.id).sheet1
    emu.timeout_next(1, seconds=1.0)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        ws.update([["lost"]], "A1")
    assert time.monotonic() - started < 0.9
    emu.timeout_next(1, seconds=0.6, apply=True)
    with pytest.raises(requests.exceptions.ReadTimeout):
        ws.update([["landed"]], "A2")
    deadline = time.monotonic() + 5
    while emu.model.get_cell(sh.id, "Sheet1", 2, 1) != "landed" and time.monotonic() < deadline:
        time.sleep(0.05)
    gc.set_timeout(None)
    assert ws.col_values(1) == ["", "landed"]


def test_calls_are_recorded(emu: Emulator, sh: gspread.Spreadsheet) -> None:
    """Every request is recorded as (method, path, query, body size)."""
    ws = sh.sheet1
    emu.reset_calls()
    ws.update([["xin chào"]], "A1")
    sh.values_get("Sheet1!A1")
    calls = emu.calls()
    assert [(c.method, c.path, c.query) for c in calls] == [
        ("PUT", f"/v4/spreadsheets/{sh.id}/values/'Sheet1'!A1", "valueInputOption=RAW"),
        ("GET", f"/v4/spreadsheets/{sh.id}/values/Sheet1!A1", ""),
    ]
    method, path, query, size = calls[0]
    assert size == len(json.dumps({"values": [["xin chào"]], "majorDimension": None}))
    assert calls[1].body_size == 0
    emu.reset_calls()
    assert emu.calls() == []


# ---------------------------------------------------------------- a colleague edits the sheet


def test_person_edits_between_app_writes(emu: Emulator, sh: gspread.Spreadsheet) -> None:
    """Edits made "by hand" on the model are what the app reads next."""
    ws = sh.sheet1
    ws.append_rows([["ID", "Tên"], ["1", "An"], ["2", "Bình"]])
    model = emu.model
    model.insert_rows(sh.id, "Sheet1", 2, [["0", "Chi"]])
    model.set_cell(sh.id, "Sheet1", 4, 2, "Bình (sửa)")
    column = model.add_column(sh.id, "Sheet1", "Ghi chú")
    assert column == 3
    model.sort_rows(sh.id, "Sheet1", "Tên")
    assert ws.get_all_values() == [
        ["ID", "Tên", "Ghi chú"],
        ["1", "An", ""],
        ["2", "Bình (sửa)", ""],
        ["0", "Chi", ""],
    ]
    model.sort_rows(sh.id, "Sheet1", 0, ascending=False)
    assert ws.col_values(1) == ["ID", "2", "1", "0"]
    model.delete_rows(sh.id, "Sheet1", 3, 1)
    ws.append_row(["3", "Dũng"])
    assert model.values(sh.id, "Sheet1") == [
        ["ID", "Tên", "Ghi chú"],
        ["2", "Bình (sửa)", ""],
        [0, "Chi", ""],
        ["3", "Dũng", ""],
    ]
