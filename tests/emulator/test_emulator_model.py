"""The in-memory model on its own: A1 notation, typed input, formulas, tables, person-like edits."""

from __future__ import annotations

import pytest

from emulator.a1 import A1Error, Bounds, format_range, parse_cells, quote_sheet, split_sheet
from emulator.errors import ApiError
from emulator.formats import format_number, parse_user_entered
from emulator.model import SheetsModel


@pytest.fixture
def model() -> SheetsModel:
    """An empty model."""
    return SheetsModel(seed=7)


def _batch(model: SheetsModel, sid: str, *requests: dict) -> dict:
    return model.batch_update(sid, {"requests": list(requests)})


def _get(model: SheetsModel, sid: str, rng: str, **params: str) -> list:
    answer = model.values_get(sid, rng, {k: [v] for k, v in params.items()})
    return answer.get("values", [])


# ---------------------------------------------------------------- A1 notation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'Phiếu khảo sát'!A1:C3", ("Phiếu khảo sát", "A1:C3")),
        ("Sheet1", (None, "Sheet1")),
        ("'It''s'!B2", ("It's", "B2")),
        ("'Sheet1'", ("Sheet1", None)),
        ("A1:B2", (None, "A1:B2")),
    ],
)
def test_split_sheet(text: str, expected: tuple) -> None:
    """Sheet names are unquoted with '' escapes."""
    assert split_sheet(text)[:2] == expected


@pytest.mark.parametrize(
    ("cells", "bounds"),
    [
        ("A1", Bounds(0, 0, 0, 0)),
        ("B2:A1", Bounds(0, 0, 1, 1)),
        ("A:A", Bounds(None, 0, None, 0)),
        ("2:2", Bounds(1, None, 1, None)),
        ("A5:C", Bounds(4, 0, None, 2)),
        ("A1:1", Bounds(0, 0, 0, None)),
        ("$B$3", Bounds(2, 1, 2, 1)),
    ],
)
def test_parse_cells(cells: str, bounds: Bounds) -> None:
    """Open-ended parts stay None."""
    assert parse_cells(cells) == bounds


def test_parse_cells_rejects_names() -> None:
    """A name is not a cell part."""
    with pytest.raises(A1Error):
        parse_cells("NamedRange")


def test_format_range_and_quoting() -> None:
    """Plain names stay bare; anything else, or names that look like cells, is quoted."""
    assert format_range("Sheet1", 0, 0, 999, 25) == "Sheet1!A1:Z1000"
    assert format_range("Sheet1", 3, 3, 3, 3) == "Sheet1!D4"
    assert quote_sheet("D3") == "'D3'"
    assert quote_sheet("Kế hoạch") == "'Kế hoạch'"
    assert quote_sheet("Nhiệm_vụ") == "'Nhiệm_vụ'"
    assert quote_sheet("data_2017") == "data_2017"


# ---------------------------------------------------------------- typed input and rendering


@pytest.mark.parametrize(
    ("typed", "locale", "value", "pattern"),
    [
        ("2017-04-05", "en_US", 42830, "yyyy-mm-dd"),
        ("05/04/2017", "en_US", 42859, "mm/dd/yyyy"),
        ("05/04/2017", "vi_VN", 42830, "dd/mm/yyyy"),
        ("5/4/2017", "en_GB", 42830, "d/m/yyyy"),
        ("2,000,000.01", "en_US", 2000000.01, "#,##0.00"),
        ("1.234,5", "vi_VN", 1234.5, "#,##0.0"),
        ("12%", "en_US", 0.12, "0%"),
        ("0042", "en_US", 42, None),
        ("+1", "en_US", 1, None),
    ],
)
def test_parse_user_entered(typed: str, locale: str, value: float, pattern: str | None) -> None:
    """Numbers, dates and percentages parse with the locale's conventions."""
    parsed = parse_user_entered(typed, locale)
    assert parsed.value == pytest.approx(value)
    assert (parsed.number_format or {}).get("pattern") == pattern


@pytest.mark.parametrize("typed", ["32/13/2017", "@x", "abc", "1.5.2", "0912 345 678"])
def test_text_stays_text(typed: str) -> None:
    """What does not parse is kept as the string typed."""
    assert parse_user_entered(typed, "en_US").value == typed


def test_format_number_patterns() -> None:
    """Date, number, percent and general formats render like Sheets."""
    assert format_number(42830, {"type": "DATE", "pattern": "dd/mm/yyyy"}, "en_US") == "05/04/2017"
    assert format_number(
        42830.5, {"type": "DATE_TIME", "pattern": "dd/mm/yyyy hh:mm"}, "en_US"
    ) == ("05/04/2017 12:00")
    assert format_number(1234.5, {"type": "NUMBER", "pattern": "#,##0.00"}, "vi_VN") == "1.234,50"
    assert format_number(0.256, {"type": "PERCENT", "pattern": "0.0%"}, "en_US") == "25.6%"
    assert format_number(1 / 3, None, "en_US") == "0.3333333333"
    assert format_number(1.5, None, "vi_VN") == "1,5"


# ---------------------------------------------------------------- formulas


def test_formulas_evaluate(model: SheetsModel) -> None:
    """Arithmetic, functions, references, text and errors evaluate like Sheets."""
    sid = model.create_spreadsheet("f")
    model.add_sheet(sid, "Other")
    model.set_cell(sid, "Other", 1, 1, "5")
    rows = [
        ["1", "2", "=A1+B1*2", "=SUM(A1:B1)", "=A1/0", "=NOSUCH(1)", "=Other!A1*2"],
        ['=IF(A1>0,"yes","no")', '="a"&B1', "=C2", "=B2", "=ROUND(2/3, 2)", "=(1+2", "=A9"],
    ]
    model.set_values(sid, "Sheet1", rows)
    assert model.values(sid, "Sheet1") == [
        [1, 2, 5, 3, "#DIV/0!", "#NAME?", 10],
        ["yes", "a2", "#REF!", "a2", 0.67, "#ERROR!", 0],
    ]
    assert _get(model, sid, "Sheet1!C1", valueRenderOption="FORMULA") == [["=A1+B1*2"]]


def test_formula_references_follow_inserted_and_deleted_rows(model: SheetsModel) -> None:
    """Inserting or deleting rows moves the references that point below."""
    sid = model.create_spreadsheet("f")
    model.set_values(sid, "Sheet1", [["1"], ["2"], ["3"], ["=SUM(A1:A3)"]])
    model.insert_rows(sid, "Sheet1", 2, [["10"]])
    assert _get(model, sid, "Sheet1!A5", valueRenderOption="FORMULA") == [["=SUM(A1:A4)"]]
    assert model.get_cell(sid, "Sheet1", 5, 1) == 16
    model.delete_rows(sid, "Sheet1", 1, 1)
    assert _get(model, sid, "Sheet1!A4", valueRenderOption="FORMULA") == [["=SUM(A1:A3)"]]
    assert model.get_cell(sid, "Sheet1", 4, 1) == 15


# ---------------------------------------------------------------- append tables


def test_append_table_is_the_block_around_the_last_row(model: SheetsModel) -> None:
    """As recorded from Google: a hole in a one-row table makes the right part the table."""
    sid = model.create_spreadsheet("t")
    row = {"values": [["x", "", "y"]]}
    params = {"valueInputOption": ["RAW"]}
    model.values_append(sid, "Sheet1", params, row)
    whole = model.values_append(sid, "Sheet1", params, row)
    assert whole["tableRange"] == "Sheet1!C1"
    assert whole["updates"]["updatedRange"] == "Sheet1!C2:E2"
    sid = model.create_spreadsheet("t2")
    model.values_append(sid, "Sheet1", params, row)
    anchored = model.values_append(sid, "Sheet1!A1", params, row)
    assert anchored["tableRange"] == "Sheet1!A1"
    assert anchored["updates"]["updatedRange"] == "Sheet1!A2:C2"


def test_append_to_an_empty_start_writes_there(model: SheetsModel) -> None:
    """With no data at the range's start, append writes at the start (gspread's insert_row)."""
    sid = model.create_spreadsheet("t")
    model.set_values(sid, "Sheet1", [["a"], [""], ["b"]])
    answer = model.values_append(
        sid, "Sheet1!A2", {"valueInputOption": ["RAW"]}, {"values": [["x"]]}
    )
    assert "tableRange" not in answer
    assert answer["updates"]["updatedRange"] == "Sheet1!A2"


def test_cell_text_limit(model: SheetsModel) -> None:
    """A cell holds at most 50,000 characters."""
    sid = model.create_spreadsheet("t")
    params = {"valueInputOption": ["RAW"]}
    model.values_update(sid, "Sheet1!A1", params, {"values": [["x" * 50_000]]})
    with pytest.raises(ApiError) as err:
        model.values_update(sid, "Sheet1!A2", params, {"values": [["ok"], ["x" * 50_001]]})
    assert "maximum of 50000 characters in a single cell" in err.value.message
    assert model.values(sid, "Sheet1") == [["x" * 50_000]]


def test_value_input_option_is_required(model: SheetsModel) -> None:
    """Writes without valueInputOption are refused as Google does."""
    sid = model.create_spreadsheet("t")
    with pytest.raises(ApiError) as err:
        model.values_update(sid, "Sheet1!A1", {}, {"values": [["x"]]})
    assert err.value.message == "'valueInputOption' is required but not specified"
    with pytest.raises(ApiError) as err:
        model.values_update(sid, "Sheet1!A1", {"valueInputOption": ["RAW"]}, {"values": "X"})
    assert err.value.message.startswith("Invalid value at 'data.values'")


# ---------------------------------------------------------------- batchUpdate details


def test_merge_keeps_the_top_left_value(model: SheetsModel) -> None:
    """Merging clears the other cells; the merge shows in the metadata without sheetId 0."""
    sid = model.create_spreadsheet("m")
    model.set_values(sid, "Sheet1", [["a", "b"], ["c", "d"]])
    rng = {
        "sheetId": 0,
        "startRowIndex": 0,
        "endRowIndex": 2,
        "startColumnIndex": 0,
        "endColumnIndex": 2,
    }
    _batch(model, sid, {"mergeCells": {"range": rng, "mergeType": "MERGE_ALL"}})
    assert model.values(sid, "Sheet1") == [["a"]]
    merges = model.metadata(sid, {})["sheets"][0]["merges"]
    assert merges == [{k: v for k, v in rng.items() if k != "sheetId"}]
    _batch(model, sid, {"unmergeCells": {"range": rng}})
    assert "merges" not in model.metadata(sid, {})["sheets"][0]


def test_named_ranges_work_in_a1(model: SheetsModel) -> None:
    """A named range can be read by name, alone or after a sheet name."""
    sid = model.create_spreadsheet("n")
    model.set_values(sid, "Sheet1", [["a", "b"], ["c", "d"]])
    rng = {
        "sheetId": 0,
        "startRowIndex": 1,
        "endRowIndex": 2,
        "startColumnIndex": 0,
        "endColumnIndex": 2,
    }
    reply = _batch(model, sid, {"addNamedRange": {"namedRange": {"name": "Dong2", "range": rng}}})
    assert reply["replies"][0]["addNamedRange"]["namedRange"]["name"] == "Dong2"
    assert model.values_get(sid, "Dong2", {})["values"] == [["c", "d"]]
    assert model.values_get(sid, "'Sheet1'!Dong2", {})["range"] == "Sheet1!A2:B2"


def test_repeat_cell_colours_and_masks(model: SheetsModel) -> None:
    """Colours are stored as Google does (8 bits, *Style twins); the mask limits the change."""
    sid = model.create_spreadsheet("c")
    cell = {"userEnteredFormat": {"backgroundColor": {"red": 0.5, "green": 0, "blue": 1}}}
    rng = {
        "sheetId": 0,
        "startRowIndex": 0,
        "endRowIndex": 1,
        "startColumnIndex": 0,
        "endColumnIndex": 1,
    }
    _batch(
        model,
        sid,
        {"repeatCell": {"range": rng, "cell": cell, "fields": "userEnteredFormat.backgroundColor"}},
    )
    fmt = model.cell_format(sid, "Sheet1", 1, 1)
    assert fmt == {
        "backgroundColor": {"red": 0.49803922, "blue": 1},
        "backgroundColorStyle": {"rgbColor": {"red": 0.49803922, "blue": 1}},
    }
    bold = {"userEnteredFormat": {"textFormat": {"bold": True}}}
    _batch(
        model,
        sid,
        {"repeatCell": {"range": rng, "cell": bold, "fields": "userEnteredFormat.textFormat.bold"}},
    )
    assert model.cell_format(sid, "Sheet1", 1, 1)["textFormat"] == {"bold": True}
    assert "backgroundColor" in model.cell_format(sid, "Sheet1", 1, 1)


def test_text_format_keeps_leading_zeros_under_user_entered(model: SheetsModel) -> None:
    """A column formatted as plain text keeps what is typed as text."""
    sid = model.create_spreadsheet("t")
    rng = {"sheetId": 0, "startColumnIndex": 0, "endColumnIndex": 1}
    cell = {"userEnteredFormat": {"numberFormat": {"type": "TEXT"}}}
    _batch(
        model,
        sid,
        {"repeatCell": {"range": rng, "cell": cell, "fields": "userEnteredFormat.numberFormat"}},
    )
    model.set_cell(sid, "Sheet1", 1, 1, "0912345678")
    assert model.values(sid, "Sheet1") == [["0912345678"]]


def test_inserted_rows_inherit_validation(model: SheetsModel) -> None:
    """Rows inserted inside a validated column get the rule too."""
    sid = model.create_spreadsheet("v")
    rule = {
        "condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": "Có"}]},
        "strict": True,
    }
    rng = {
        "sheetId": 0,
        "startRowIndex": 1,
        "endRowIndex": 10,
        "startColumnIndex": 1,
        "endColumnIndex": 2,
    }
    _batch(model, sid, {"setDataValidation": {"range": rng, "rule": rule}})
    model.insert_rows(sid, "Sheet1", 3, [["x", "Có"]])
    assert model.data_validation(sid, "Sheet1", 3, 2) == rule
    assert model.data_validation(sid, "Sheet1", 11, 2) == rule
    assert model.data_validation(sid, "Sheet1", 12, 2) is None
    model.set_cell(sid, "Sheet1", 4, 2, "Không")
    assert model.invalid_cells(sid, "Sheet1") == [(4, 2, "Không")]


def test_shrinking_the_grid_drops_cells_and_respects_the_cell_limit(model: SheetsModel) -> None:
    """updateSheetProperties resizes; past 10,000,000 cells it is refused."""
    sid = model.create_spreadsheet("g")
    model.set_values(sid, "Sheet1", [["a"], ["b"], ["c"]])
    props = {"sheetId": 0, "gridProperties": {"rowCount": 2, "columnCount": 3}}
    _batch(
        model,
        sid,
        {
            "updateSheetProperties": {
                "properties": props,
                "fields": "gridProperties(rowCount,columnCount)",
            }
        },
    )
    assert model.grid_size(sid, "Sheet1") == (2, 3)
    assert model.values(sid, "Sheet1") == [["a"], ["b"]]
    props = {"sheetId": 0, "gridProperties": {"rowCount": 5_000_000, "columnCount": 3}}
    with pytest.raises(ApiError) as err:
        _batch(
            model,
            sid,
            {"updateSheetProperties": {"properties": props, "fields": "gridProperties.rowCount"}},
        )
    assert err.value.message == (
        "Invalid requests[0].updateSheetProperties: This action would increase the number of "
        "cells in the workbook above the limit of 10000000 cells."
    )


def test_copy_and_cut_paste(model: SheetsModel) -> None:
    """copyPaste duplicates a block, cutPaste moves it."""
    sid = model.create_spreadsheet("p")
    model.set_values(sid, "Sheet1", [["a"], ["b"]])
    src = {
        "sheetId": 0,
        "startRowIndex": 0,
        "endRowIndex": 2,
        "startColumnIndex": 0,
        "endColumnIndex": 1,
    }
    dst = {
        "sheetId": 0,
        "startRowIndex": 0,
        "endRowIndex": 2,
        "startColumnIndex": 1,
        "endColumnIndex": 2,
    }
    _batch(
        model, sid, {"copyPaste": {"source": src, "destination": dst, "pasteType": "PASTE_NORMAL"}}
    )
    _batch(
        model,
        sid,
        {
            "cutPaste": {
                "source": src,
                "destination": {"sheetId": 0, "rowIndex": 0, "columnIndex": 2},
            }
        },
    )
    assert model.values(sid, "Sheet1") == [["", "a", "a"], ["", "b", "b"]]


def test_unknown_request_kind(model: SheetsModel) -> None:
    """A request kind Google does not know is a 400 like Google's JSON parser gives."""
    sid = model.create_spreadsheet("u")
    with pytest.raises(ApiError) as err:
        _batch(model, sid, {"frobnicate": {}})
    assert err.value.code == 400
    assert 'Unknown name "frobnicate"' in err.value.message
