"""The requests of spreadsheets.batchUpdate (addSheet, repeatCell, sortRange, ...)."""

from __future__ import annotations

import copy
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from . import fieldmask
from .a1 import format_range
from .errors import ApiError, bad_request
from .formula import ErrorValue
from .model import (
    DEFAULT_COLUMN_PX,
    DEFAULT_COLUMNS,
    DEFAULT_ROW_PX,
    DEFAULT_ROWS,
    EMPTY,
    Cell,
    Evaluation,
    Sheet,
    Spreadsheet,
    mirror_styles,
    prune,
    render,
    shift_named_ranges,
)

if TYPE_CHECKING:
    from .model import SheetsModel

Handler = Callable[["SheetsModel", Spreadsheet, dict[str, Any], str], dict[str, Any]]

# Requests Google accepts that change nothing the emulator models (charts, borders, ...).
ACCEPTED_NO_OPS = {
    "addBanding",
    "addChart",
    "addConditionalFormatRule",
    "addDataSource",
    "addFilterView",
    "addSlicer",
    "createDeveloperMetadata",
    "deleteBanding",
    "deleteConditionalFormatRule",
    "deleteDeveloperMetadata",
    "deleteEmbeddedObject",
    "deleteFilterView",
    "duplicateFilterView",
    "refreshDataSource",
    "updateBanding",
    "updateBorders",
    "updateChartSpec",
    "updateConditionalFormatRule",
    "updateDeveloperMetadata",
    "updateEmbeddedObjectBorder",
    "updateEmbeddedObjectPosition",
    "updateFilterView",
    "updateSlicerSpec",
}


def apply_request(
    model: SheetsModel, ss: Spreadsheet, request: dict[str, Any], index: int
) -> dict[str, Any]:
    """Apply one request of a batch; returns its reply."""
    if not isinstance(request, dict) or len(request) != 1:
        raise bad_request(f"Invalid requests[{index}]: exactly one kind of request must be set.")
    kind, body = next(iter(request.items()))
    prefix = f"Invalid requests[{index}].{kind}: "
    handler = HANDLERS.get(kind)
    if handler is None:
        if kind in ACCEPTED_NO_OPS:
            return {}
        raise ApiError(
            400,
            f"Invalid JSON payload received. Unknown name \"{kind}\" at 'requests[{index}]': "
            "Cannot find field.",
        )
    return handler(model, ss, body or {}, prefix)


# ---------------------------------------------------------------- helpers


def _sheet(ss: Spreadsheet, sheet_id: Any, prefix: str) -> Sheet:
    sheet = ss.sheet_by_id(int(sheet_id or 0))
    if sheet is None:
        raise bad_request(f"{prefix}No grid with id: {sheet_id or 0}")
    return sheet


def grid(
    ss: Spreadsheet, rng: dict[str, Any] | None, prefix: str
) -> tuple[Sheet, int, int, int, int]:
    """A GridRange as (sheet, row1, col1, row2, col2), ends exclusive, checked against the grid."""
    rng = rng or {}
    sheet = _sheet(ss, rng.get("sheetId", 0), prefix)
    r1 = int(rng.get("startRowIndex", 0) or 0)
    c1 = int(rng.get("startColumnIndex", 0) or 0)
    r2 = int(rng["endRowIndex"]) if rng.get("endRowIndex") is not None else sheet.row_count
    c2 = int(rng["endColumnIndex"]) if rng.get("endColumnIndex") is not None else sheet.col_count
    if r1 < 0 or c1 < 0 or r2 < r1 or c2 < c1:
        raise bad_request(f"{prefix}Invalid range: start index must be <= end index.")
    if r2 > sheet.row_count or c2 > sheet.col_count:
        text = format_range(sheet.title, r1, c1, max(r1, r2 - 1), max(c1, c2 - 1))
        raise bad_request(
            f"{prefix}Range ({text}) exceeds grid limits. Max rows: {sheet.row_count}, "
            f"max columns: {sheet.col_count}"
        )
    return sheet, r1, c1, r2, c2


def _dimension(rng: dict[str, Any], prefix: str) -> str:
    dimension = rng.get("dimension")
    if dimension not in ("ROWS", "COLUMNS"):
        raise bad_request(f"{prefix}dimension must be ROWS or COLUMNS.")
    return dimension


def _dim_bounds(sheet: Sheet, rng: dict[str, Any], prefix: str) -> tuple[str, int, int]:
    dimension = _dimension(rng, prefix)
    size = sheet.row_count if dimension == "ROWS" else sheet.col_count
    start = int(rng.get("startIndex", 0) or 0)
    end = int(rng["endIndex"]) if rng.get("endIndex") is not None else size
    if start < 0 or end < start:
        raise bad_request(f"{prefix}Invalid dimension range: startIndex must be <= endIndex.")
    return dimension, start, end


def _edit_json(cell: Cell | None) -> dict[str, Any]:
    """The editable parts of a cell as CellData."""
    out: dict[str, Any] = {}
    if cell is None:
        return out
    if cell.formula is not None:
        out["userEnteredValue"] = {"formulaValue": cell.formula}
    elif cell.value is not None:
        if isinstance(cell.value, bool):
            out["userEnteredValue"] = {"boolValue": cell.value}
        elif isinstance(cell.value, float):
            out["userEnteredValue"] = {"numberValue": cell.value}
        else:
            out["userEnteredValue"] = {"stringValue": cell.value}
    if cell.fmt:
        out["userEnteredFormat"] = copy.deepcopy(cell.fmt)
    if cell.note is not None:
        out["note"] = cell.note
    if cell.validation is not None:
        out["dataValidation"] = copy.deepcopy(cell.validation)
    return out


def _from_edit_json(data: dict[str, Any], format_paths: list[fieldmask.Path] | None = None) -> Cell:
    value: Any = None
    formula = None
    entered = data.get("userEnteredValue") or {}
    if "formulaValue" in entered and entered["formulaValue"] is not None:
        formula = str(entered["formulaValue"])
        if not formula.startswith("="):
            value, formula = formula, None
    elif entered.get("stringValue") is not None:
        value = str(entered["stringValue"]) or None
    elif entered.get("numberValue") is not None:
        value = float(entered["numberValue"])
    elif entered.get("boolValue") is not None:
        value = bool(entered["boolValue"])
    fmt = data.get("userEnteredFormat")
    fmt = mirror_styles(prune(copy.deepcopy(fmt)), format_paths) if isinstance(fmt, dict) else None
    note = data.get("note") or None
    validation = data.get("dataValidation")
    validation = (
        prune(copy.deepcopy(validation)) if isinstance(validation, dict) and validation else None
    )
    return Cell(value, formula, fmt or None, note, validation or None)


def _apply_cell_data(
    existing: Cell | None, data: dict[str, Any], paths: list[fieldmask.Path]
) -> Cell:
    current = _edit_json(existing)
    fieldmask.apply_update(current, data or {}, paths)
    format_paths = [p[1:] for p in paths if p[:1] == ("userEnteredFormat",) or p == ("*",)]
    return _from_edit_json(current, format_paths)


def _fields(body: dict[str, Any], prefix: str) -> list[fieldmask.Path]:
    fields = body.get("fields")
    if not fields:
        raise bad_request(f"{prefix}At least one field must be specified in 'fields'.")
    return fieldmask.parse(fields)


# ---------------------------------------------------------------- sheets


def add_sheet(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """addSheet: a new tab (default 1000 x 26) at the end or at `index`."""
    props = body.get("properties") or {}
    title = props.get("title")
    if not title:
        n = len(ss.sheets) + 1
        while ss.sheet_by_title(f"Sheet{n}") is not None:
            n += 1
        title = f"Sheet{n}"
    if ss.sheet_by_title(title) is not None:
        raise bad_request(
            f'{prefix}A sheet with the name "{title}" already exists. Please enter another name.'
        )
    sheet_id = props.get("sheetId")
    if sheet_id is not None and ss.sheet_by_id(int(sheet_id)) is not None:
        raise bad_request(f"{prefix}A sheet with id {sheet_id} already exists.")
    grid_props = props.get("gridProperties") or {}
    rows = int(grid_props.get("rowCount", DEFAULT_ROWS))
    cols = int(grid_props.get("columnCount", DEFAULT_COLUMNS))
    if rows < 1 or cols < 1:
        raise bad_request(f"{prefix}A sheet must have at least one row and one column.")
    ss.check_cells(rows * cols, prefix)
    sheet = Sheet(
        int(sheet_id) if sheet_id is not None else model.new_sheet_id(ss), title, rows, cols
    )
    for key, value in grid_props.items():
        if key not in ("rowCount", "columnCount"):
            sheet.props["gridProperties"][key] = value
    for key in ("hidden", "tabColor", "tabColorStyle", "rightToLeft"):
        if props.get(key) is not None:
            sheet.props[key] = copy.deepcopy(props[key])
    sheet.props = mirror_styles(prune(sheet.props))
    position = props.get("index")
    position = len(ss.sheets) if position is None else max(0, min(int(position), len(ss.sheets)))
    ss.sheets.insert(position, sheet)
    ss.reindex()
    reply = copy.deepcopy(sheet.props)
    return {"addSheet": {"properties": reply}}


def duplicate_sheet(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """duplicateSheet: a copy of a tab with its cells and formats."""
    source = _sheet(ss, body.get("sourceSheetId"), prefix)
    title = body.get("newSheetName") or f"Copy of {source.title}"
    if ss.sheet_by_title(title) is not None:
        raise bad_request(
            f'{prefix}A sheet with the name "{title}" already exists. Please enter another name.'
        )
    ss.check_cells(source.row_count * source.col_count, prefix)
    sheet = Sheet(int(body.get("newSheetId") or model.new_sheet_id(ss)), title)
    sheet.restore(copy.deepcopy(source.snapshot()))
    sheet.props["sheetId"] = int(body.get("newSheetId") or 0) or model.new_sheet_id(ss)
    sheet.props["title"] = title
    sheet.protected = []
    position = body.get("insertSheetIndex")
    position = len(ss.sheets) if position is None else max(0, min(int(position), len(ss.sheets)))
    ss.sheets.insert(position, sheet)
    ss.reindex()
    return {"duplicateSheet": {"properties": copy.deepcopy(sheet.props)}}


def delete_sheet(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """deleteSheet."""
    sheet = _sheet(ss, body.get("sheetId"), prefix)
    if len(ss.sheets) == 1:
        raise bad_request(f"{prefix}You can't remove all the sheets in a document.")
    ss.sheets.remove(sheet)
    ss.named_ranges = [n for n in ss.named_ranges if n["range"].get("sheetId", 0) != sheet.sheet_id]
    ss.reindex()
    return {}


def update_sheet_properties(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """updateSheetProperties with its field mask (title, gridProperties.frozenRowCount, ...)."""
    props = body.get("properties") or {}
    paths = _fields(body, prefix)
    sheet = _sheet(ss, props.get("sheetId", 0), prefix)
    new = copy.deepcopy(sheet.props)
    fieldmask.apply_update(new, props, paths)
    new["sheetId"] = sheet.sheet_id
    new.setdefault("sheetType", "GRID")
    grid_new = new.setdefault("gridProperties", {})
    old_rows, old_cols = sheet.row_count, sheet.col_count
    rows = int(grid_new.get("rowCount") or old_rows)
    cols = int(grid_new.get("columnCount") or old_cols)
    title = new.get("title")
    if not title:
        raise bad_request(f"{prefix}The sheet name cannot be empty.")
    other = ss.sheet_by_title(title)
    if other is not None and other is not sheet:
        raise bad_request(
            f'{prefix}A sheet with the name "{title}" already exists. Please enter another name.'
        )
    if new.get("hidden") and all(s.props.get("hidden") for s in ss.sheets if s is not sheet):
        raise bad_request(f"{prefix}You can't hide all the sheets in a document.")
    if rows < 1 or cols < 1:
        raise bad_request(f"{prefix}A sheet must have at least one row and one column.")
    if int(grid_new.get("frozenRowCount") or 0) >= rows:
        raise bad_request(f"{prefix}You can't freeze all visible rows on the sheet.")
    if int(grid_new.get("frozenColumnCount") or 0) >= cols:
        raise bad_request(f"{prefix}You can't freeze all visible columns on the sheet.")
    ss.check_cells(rows * cols - old_rows * old_cols, prefix)
    position = new.get("index", sheet.props.get("index"))
    grid_new["rowCount"], grid_new["columnCount"] = old_rows, old_cols
    sheet.props = mirror_styles(prune(new), paths)
    if rows < old_rows:
        sheet.delete_rows(rows, old_rows - rows)
        shift_named_ranges(ss, sheet, "ROWS", rows, old_rows - rows, True)
    else:
        sheet.row_count = rows
    if cols < old_cols:
        sheet.delete_cols(cols, old_cols - cols)
        shift_named_ranges(ss, sheet, "COLUMNS", cols, old_cols - cols, True)
    else:
        sheet.col_count = cols
    if any(p[0] in ("index", "*") for p in paths) and position is not None:
        current = ss.sheets.index(sheet)
        target = max(0, min(int(position), len(ss.sheets)))
        ss.sheets.pop(current)
        if target > current:
            target -= 1
        ss.sheets.insert(min(target, len(ss.sheets)), sheet)
    ss.reindex()
    return {}


def update_spreadsheet_properties(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """updateSpreadsheetProperties (title, locale, timeZone, ...)."""
    paths = _fields(body, prefix)
    new = copy.deepcopy(ss.props)
    fieldmask.apply_update(new, body.get("properties") or {}, paths)
    if not new.get("title"):
        raise bad_request(f"{prefix}The spreadsheet title cannot be empty.")
    ss.props = new
    return {}


# ---------------------------------------------------------------- dimensions


def insert_dimension(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """insertDimension: empty rows/columns that inherit formats from a neighbour."""
    rng = body.get("range") or {}
    sheet = _sheet(ss, rng.get("sheetId", 0), prefix)
    dimension, start, end = _dim_bounds(sheet, rng, prefix)
    count = end - start
    size = sheet.row_count if dimension == "ROWS" else sheet.col_count
    if start > size:
        raise bad_request(
            f"{prefix}Cannot insert beyond the end of the grid (index {start} > {size})."
        )
    if count <= 0:
        return {}
    before = bool(body.get("inheritFromBefore"))
    if before and start == 0:
        raise bad_request(f"{prefix}Cannot inherit properties from before the first row/column.")
    template = start - 1 if before else (start if start < size else None)
    other = sheet.col_count if dimension == "ROWS" else sheet.row_count
    ss.check_cells(count * other, prefix)
    if dimension == "ROWS":
        sheet.insert_rows(start, count, template)
    else:
        sheet.insert_cols(start, count, template)
    shift_named_ranges(ss, sheet, dimension, start, count, False)
    ss.shift_formulas(sheet, dimension, start, count, False)
    return {}


def delete_dimension(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """deleteDimension."""
    rng = body.get("range") or {}
    sheet = _sheet(ss, rng.get("sheetId", 0), prefix)
    dimension, start, end = _dim_bounds(sheet, rng, prefix)
    size = sheet.row_count if dimension == "ROWS" else sheet.col_count
    if end > size:
        raise bad_request(
            f"{prefix}Invalid range: end index {end} is beyond the grid's {size} "
            f"{dimension.lower()}."
        )
    if end - start >= size:
        noun = "rows" if dimension == "ROWS" else "columns"
        raise bad_request(f"{prefix}You can't delete all the {noun} on the sheet.")
    if end > start:
        if dimension == "ROWS":
            sheet.delete_rows(start, end - start)
        else:
            sheet.delete_cols(start, end - start)
        shift_named_ranges(ss, sheet, dimension, start, end - start, True)
        ss.shift_formulas(sheet, dimension, start, end - start, True)
    return {}


def append_dimension(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """appendDimension: grow the grid."""
    sheet = _sheet(ss, body.get("sheetId", 0), prefix)
    dimension = _dimension(body, prefix)
    length = int(body.get("length") or 0)
    if length < 0:
        raise bad_request(f"{prefix}length must be positive.")
    other = sheet.col_count if dimension == "ROWS" else sheet.row_count
    ss.check_cells(length * other, prefix)
    if dimension == "ROWS":
        sheet.row_count = sheet.row_count + length
    else:
        sheet.col_count = sheet.col_count + length
    return {}


def move_dimension(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """moveDimension: move rows/columns to another index (in before-the-move indexes)."""
    source = body.get("source") or {}
    sheet = _sheet(ss, source.get("sheetId", 0), prefix)
    dimension, start, end = _dim_bounds(sheet, source, prefix)
    destination = int(body.get("destinationIndex") or 0)
    size = sheet.row_count if dimension == "ROWS" else sheet.col_count
    order = list(range(size))
    block = order[start:end]
    rest = order[:start] + order[end:]
    insert_at = destination - (end - start) if destination > start else destination
    insert_at = max(0, min(insert_at, len(rest)))
    new_order = rest[:insert_at] + block + rest[insert_at:]
    mapping = {old: new for new, old in enumerate(new_order)}
    if dimension == "ROWS":
        sheet.cells = {mapping[r]: c for r, c in sheet.cells.items()}
        sheet.row_meta = {mapping[r]: m for r, m in sheet.row_meta.items()}
    else:
        sheet.cells = {
            r: {mapping[c]: cell for c, cell in row.items()} for r, row in sheet.cells.items()
        }
        sheet.col_meta = {mapping[c]: m for c, m in sheet.col_meta.items()}
    return {}


def update_dimension_properties(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """updateDimensionProperties: pixelSize, hiddenByUser."""
    rng = body.get("range") or {}
    sheet = _sheet(ss, rng.get("sheetId", 0), prefix)
    dimension, start, end = _dim_bounds(sheet, rng, prefix)
    paths = _fields(body, prefix)
    props = body.get("properties") or {}
    meta = sheet.row_meta if dimension == "ROWS" else sheet.col_meta
    for i in range(start, end):
        current = dict(meta.get(i, {}))
        fieldmask.apply_update(current, props, paths)
        if current:
            meta[i] = current
        else:
            meta.pop(i, None)
    return {}


_WIDE = set("MWmw@%")


def _text_width(text: str) -> float:
    width = 0.0
    for ch in text:
        if ch.isupper() or ch in _WIDE:
            width += 8.4873
        elif ch == " ":
            width += 3.5
        else:
            width += 6.7
    return width


def auto_resize_dimensions(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """autoResizeDimensions: an estimate of the text width (columns) or the default height."""
    rng = body.get("dimensions") or {}
    sheet = _sheet(ss, rng.get("sheetId", 0), prefix)
    dimension, start, end = _dim_bounds(sheet, rng, prefix)
    evaluation = Evaluation(ss)
    for i in range(start, end):
        if dimension == "ROWS":
            sheet.row_meta.setdefault(i, {})["pixelSize"] = DEFAULT_ROW_PX
            continue
        widest = 0.0
        for r, row_cells in sheet.cells.items():
            if i in row_cells and row_cells[i].has_value:
                shown = render(evaluation, sheet, r, i, "FORMATTED_VALUE", "FORMATTED_STRING")
                longest = max(str(shown).split("\n"), key=len)
                widest = max(widest, _text_width(longest))
        size = round(widest) if widest else DEFAULT_COLUMN_PX
        sheet.col_meta.setdefault(i, {})["pixelSize"] = size
    return {}


# ---------------------------------------------------------------- cells


def collation_key(text: str) -> tuple[str, str]:
    """An approximation of Sheets' text collation: letters first, accents and case break ties."""
    # đ sorts after d, as in Vietnamese.
    folded = unicodedata.normalize("NFC", text).casefold()
    base = "".join(
        ch
        for ch in unicodedata.normalize("NFD", folded.replace("đ", "d\x7f"))
        if not unicodedata.combining(ch)
    )
    return base, folded


def _sort_key_compare(a: Any, b: Any) -> int:
    def rank(value: Any) -> tuple[int, Any]:
        if isinstance(value, bool):
            return (2, value)
        if isinstance(value, (int, float)):
            return (0, float(value))
        if isinstance(value, ErrorValue):
            return (3, value.code)
        return (1, collation_key(str(value)))

    ra, rb = rank(a), rank(b)
    return (ra > rb) - (ra < rb)


def sort_block(
    ss: Spreadsheet,
    sheet: Sheet,
    row1: int,
    col1: int,
    row2: int,
    col2: int,
    specs: list[tuple[int, bool]],
) -> None:
    """Sort rows row1..row2 (inclusive) of columns col1..col2 by (column, ascending) specs."""
    evaluation = Evaluation(ss)
    entries = []
    for r in range(row1, row2 + 1):
        row_cells = sheet.cells.get(r, {})
        block = {c: cell for c, cell in row_cells.items() if col1 <= c <= col2}
        keys = [evaluation.effective(sheet, r, col) for col, _asc in specs]
        entries.append((block, keys))

    def compare(x: tuple[dict[int, Cell], list[Any]], y: tuple[dict[int, Cell], list[Any]]) -> int:
        for i, (_col, ascending) in enumerate(specs):
            a, b = x[1][i], y[1][i]
            blank_a = a is None or a == ""
            blank_b = b is None or b == ""
            if blank_a and blank_b:
                continue
            if blank_a:
                return 1
            if blank_b:
                return -1
            result = _sort_key_compare(a, b)
            if result:
                return result if ascending else -result
        return 0

    entries.sort(key=functools.cmp_to_key(compare))
    for offset, (block, _keys) in enumerate(entries):
        r = row1 + offset
        for c in [c for c in sheet.cells.get(r, {}) if col1 <= c <= col2]:
            sheet.put(r, c, None)
        for c, cell in block.items():
            sheet.put(r, c, cell)


def sort_range(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """sortRange by sortSpecs (dimensionIndex, ASCENDING/DESCENDING); blanks sort last."""
    sheet, r1, c1, r2, c2 = grid(ss, body.get("range"), prefix)
    specs = []
    for spec in body.get("sortSpecs") or [{"dimensionIndex": c1}]:
        col = int(spec.get("dimensionIndex", c1) or 0)
        if not c1 <= col < c2:
            raise bad_request(f"{prefix}Sort column {col} is outside the range.")
        specs.append((col, (spec.get("sortOrder") or "ASCENDING") != "DESCENDING"))
    if r2 > r1 and c2 > c1:
        sort_block(ss, sheet, r1, c1, r2 - 1, c2 - 1, specs)
    return {}


def repeat_cell(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """repeatCell: the same CellData (under a field mask) in every cell of a range."""
    sheet, r1, c1, r2, c2 = grid(ss, body.get("range"), prefix)
    paths = _fields(body, prefix)
    data = body.get("cell") or {}
    for r in range(r1, r2):
        for c in range(c1, c2):
            sheet.put(r, c, _apply_cell_data(sheet.get(r, c), data, paths))
    return {}


def update_cells(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """updateCells: rows of CellData under a field mask, from `start` or over a `range`."""
    paths = _fields(body, prefix)
    rows = body.get("rows") or []
    if body.get("range") is not None:
        sheet, r1, c1, r2, c2 = grid(ss, body["range"], prefix)
        for i, r in enumerate(range(r1, r2)):
            values = (rows[i].get("values") or []) if i < len(rows) else []
            for j, c in enumerate(range(c1, c2)):
                data = values[j] if j < len(values) else {}
                sheet.put(r, c, _apply_cell_data(sheet.get(r, c), data, paths))
        return {}
    start = body.get("start") or {}
    sheet = _sheet(ss, start.get("sheetId", 0), prefix)
    r0, c0 = int(start.get("rowIndex", 0) or 0), int(start.get("columnIndex", 0) or 0)
    height = len(rows)
    width = max((len(row.get("values") or []) for row in rows), default=0)
    if r0 + height > sheet.row_count or c0 + width > sheet.col_count:
        raise bad_request(
            f"{prefix}Attempting to write row: {r0 + height - 1}, beyond the last requested row "
            f"of: {sheet.row_count - 1}"
        )
    for i, row in enumerate(rows):
        for j, data in enumerate(row.get("values") or []):
            r, c = r0 + i, c0 + j
            sheet.put(r, c, _apply_cell_data(sheet.get(r, c), data, paths))
    return {}


def append_cells(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """appendCells: rows of CellData after the last row holding data (the grid grows)."""
    sheet = _sheet(ss, body.get("sheetId", 0), prefix)
    paths = _fields(body, prefix)
    rows = body.get("rows") or []
    used_rows, _ = sheet.used_extent()
    width = max((len(row.get("values") or []) for row in rows), default=0)
    extra_rows = max(0, used_rows + len(rows) - sheet.row_count)
    extra_cols = max(0, width - sheet.col_count)
    ss.check_cells(
        (sheet.row_count + extra_rows) * (sheet.col_count + extra_cols)
        - sheet.row_count * sheet.col_count,
        prefix,
    )
    sheet.row_count += extra_rows
    sheet.col_count += extra_cols
    for i, row in enumerate(rows):
        for j, data in enumerate(row.get("values") or []):
            r = used_rows + i
            sheet.put(r, j, _apply_cell_data(sheet.get(r, j), data, paths))
    return {}


def set_data_validation(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """setDataValidation: store the rule (ONE_OF_LIST, ...) on every cell; no rule clears it."""
    sheet, r1, c1, r2, c2 = grid(ss, body.get("range"), prefix)
    rule = body.get("rule")
    rule = prune(copy.deepcopy(rule)) if isinstance(rule, dict) and rule else None
    if rule is not None:
        condition = rule.get("condition") or {}
        if not condition.get("type"):
            raise bad_request(f"{prefix}The data validation rule needs a condition type.")
        if condition.get("type") in ("ONE_OF_LIST", "ONE_OF_RANGE") and not condition.get("values"):
            raise bad_request(
                f"{prefix}The condition {condition['type']} needs at least one value."
            )
    for r in range(r1, r2):
        for c in range(c1, c2):
            sheet.put(r, c, replace(sheet.get(r, c) or EMPTY, validation=rule))
    return {}


def _merge_rects(r1: int, c1: int, r2: int, c2: int, kind: str) -> list[tuple[int, int, int, int]]:
    if kind == "MERGE_COLUMNS":
        return [(r1, c, r2, c + 1) for c in range(c1, c2)]
    if kind == "MERGE_ROWS":
        return [(r, c1, r + 1, c2) for r in range(r1, r2)]
    return [(r1, c1, r2, c2)]


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(inner: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    return (
        outer[0] <= inner[0]
        and inner[2] <= outer[2]
        and outer[1] <= inner[1]
        and inner[3] <= outer[3]
    )


def _rect(merge: dict[str, Any]) -> tuple[int, int, int, int]:
    return (
        merge["startRowIndex"],
        merge["startColumnIndex"],
        merge["endRowIndex"],
        merge["endColumnIndex"],
    )


def merge_cells(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """mergeCells: MERGE_ALL / MERGE_COLUMNS / MERGE_ROWS; only the top-left value survives."""
    sheet, r1, c1, r2, c2 = grid(ss, body.get("range"), prefix)
    area = (r1, c1, r2, c2)
    for merge in sheet.merges:
        if _overlap(_rect(merge), area) and not _inside(_rect(merge), area):
            raise bad_request(
                f"{prefix}You must select all cells in a merged range to merge or unmerge them."
            )
    sheet.merges = [m for m in sheet.merges if not _inside(_rect(m), area)]
    for mr1, mc1, mr2, mc2 in _merge_rects(r1, c1, r2, c2, body.get("mergeType") or "MERGE_ALL"):
        if mr2 - mr1 <= 1 and mc2 - mc1 <= 1:
            continue
        for r in range(mr1, mr2):
            for c in range(mc1, mc2):
                if (r, c) != (mr1, mc1):
                    cell = sheet.get(r, c)
                    if cell is not None and cell.has_value:
                        sheet.put(r, c, replace(cell, value=None, formula=None))
        sheet.merges.append(
            {
                "startRowIndex": mr1,
                "endRowIndex": mr2,
                "startColumnIndex": mc1,
                "endColumnIndex": mc2,
            }
        )
    return {}


def unmerge_cells(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """unmergeCells: every merge inside the range."""
    sheet, r1, c1, r2, c2 = grid(ss, body.get("range"), prefix)
    area = (r1, c1, r2, c2)
    for merge in sheet.merges:
        if _overlap(_rect(merge), area) and not _inside(_rect(merge), area):
            raise bad_request(
                f"{prefix}You must select all cells in a merged range to merge or unmerge them."
            )
    sheet.merges = [m for m in sheet.merges if not _inside(_rect(m), area)]
    return {}


def _paste_cell(
    source: Cell | None,
    target: Cell | None,
    kind: str,
    evaluation: Evaluation,
    sheet: Sheet,
    pos: tuple[int, int],
) -> Cell | None:  # noqa: E501
    src = source or EMPTY
    dst = target or EMPTY
    if kind in ("PASTE_NORMAL", "PASTE_NO_BORDERS"):
        return src
    if kind == "PASTE_VALUES":
        value = evaluation.effective(sheet, *pos) if src.formula is not None else src.value
        if isinstance(value, ErrorValue):
            value = value.code
        return replace(dst, value=value, formula=None)
    if kind == "PASTE_FORMAT":
        return replace(dst, fmt=src.fmt)
    if kind == "PASTE_FORMULA":
        return replace(dst, value=src.value, formula=src.formula)
    if kind == "PASTE_DATA_VALIDATION":
        return replace(dst, validation=src.validation)
    return dst


def copy_paste(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """copyPaste: NORMAL/VALUES/FORMAT/FORMULA/DATA_VALIDATION, tiled over the destination."""
    src_sheet, r1, c1, r2, c2 = grid(ss, body.get("source"), prefix)
    dst_sheet, d1, e1, d2, e2 = grid(ss, body.get("destination"), prefix)
    kind = body.get("pasteType") or "PASTE_NORMAL"
    evaluation = Evaluation(ss)
    block = [[(src_sheet.get(r, c), (r, c)) for c in range(c1, c2)] for r in range(r1, r2)]
    if body.get("pasteOrientation") == "TRANSPOSE":
        block = [list(col) for col in zip(*block, strict=False)]
    height, width = len(block), len(block[0]) if block else 0
    if not height or not width:
        return {}
    reps_r = (d2 - d1) // height if (d2 - d1) >= height and (d2 - d1) % height == 0 else 1
    reps_c = (e2 - e1) // width if (e2 - e1) >= width and (e2 - e1) % width == 0 else 1
    writes = []
    for rr in range(reps_r):
        for cc in range(reps_c):
            for i, row in enumerate(block):
                for j, (cell, pos) in enumerate(row):
                    r, c = d1 + rr * height + i, e1 + cc * width + j
                    writes.append(
                        (
                            r,
                            c,
                            _paste_cell(
                                cell, dst_sheet.get(r, c), kind, evaluation, src_sheet, pos
                            ),
                        )
                    )
    max_r = max(r for r, _, _ in writes) + 1
    max_c = max(c for _, c, _ in writes) + 1
    if max_r > dst_sheet.row_count or max_c > dst_sheet.col_count:
        raise bad_request(f"{prefix}The paste would go beyond the grid.")
    for r, c, cell in writes:
        dst_sheet.put(r, c, cell)
    return {}


def cut_paste(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """cutPaste: move a block to a destination cell."""
    src_sheet, r1, c1, r2, c2 = grid(ss, body.get("source"), prefix)
    destination = body.get("destination") or {}
    dst_sheet = _sheet(ss, destination.get("sheetId", 0), prefix)
    d_row = int(destination.get("rowIndex", 0) or 0)
    d_col = int(destination.get("columnIndex", 0) or 0)
    if d_row + (r2 - r1) > dst_sheet.row_count or d_col + (c2 - c1) > dst_sheet.col_count:
        raise bad_request(f"{prefix}The paste would go beyond the grid.")
    kind = body.get("pasteType") or "PASTE_NORMAL"
    evaluation = Evaluation(ss)
    block = [[(src_sheet.get(r, c), (r, c)) for c in range(c1, c2)] for r in range(r1, r2)]
    moved = [
        [_paste_cell(cell, None, kind, evaluation, src_sheet, pos) for cell, pos in row]
        for row in block
    ]
    for r in range(r1, r2):
        for c in range(c1, c2):
            src_sheet.put(r, c, None)
    for i, row in enumerate(moved):
        for j, cell in enumerate(row):
            dst_sheet.put(d_row + i, d_col + j, cell)
    return {}


def find_replace(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """findReplace over a range, a sheet or all sheets (values, and formulas on request)."""
    find = body.get("find")
    if not find:
        raise bad_request(f"{prefix}find must not be empty.")
    replacement = body.get("replacement") or ""
    flags = 0 if body.get("matchCase") else re.IGNORECASE
    pattern = find if body.get("searchByRegex") else re.escape(find)
    if body.get("matchEntireCell"):
        pattern = f"^(?:{pattern})$"
    try:
        regex = re.compile(pattern, flags)
    except re.error as exc:
        raise bad_request(f"{prefix}Invalid regular expression: {exc}") from exc
    if body.get("range"):
        sheet, r1, c1, r2, c2 = grid(ss, body["range"], prefix)
        areas = [(sheet, r1, c1, r2, c2)]
    elif body.get("sheetId") is not None:
        sheet = _sheet(ss, body["sheetId"], prefix)
        areas = [(sheet, 0, 0, sheet.row_count, sheet.col_count)]
    else:
        areas = [(s, 0, 0, s.row_count, s.col_count) for s in ss.sheets]
    counts = {"values": 0, "occurrences": 0, "formulas": 0}
    rows_changed: set[tuple[int, int]] = set()
    sheets_changed: set[int] = set()
    for sheet, r1, c1, r2, c2 in areas:
        for r in [r for r in sheet.cells if r1 <= r < r2]:
            for c in [c for c in sheet.cells[r] if c1 <= c < c2]:
                cell = sheet.cells[r][c]
                if cell.formula is not None and body.get("includeFormulas"):
                    new, n = regex.subn(replacement, cell.formula)
                    if n:
                        sheet.put(r, c, replace(cell, formula=new))
                        counts["formulas"] += 1
                elif isinstance(cell.value, str):
                    new, n = regex.subn(replacement, cell.value)
                    if n:
                        sheet.put(r, c, replace(cell, value=new or None))
                        counts["values"] += 1
                else:
                    continue
                if n:
                    counts["occurrences"] += n
                    rows_changed.add((sheet.sheet_id, r))
                    sheets_changed.add(sheet.sheet_id)
    reply: dict[str, Any] = {}
    if counts["occurrences"]:
        reply = {
            "valuesChanged": counts["values"],
            "formulasChanged": counts["formulas"],
            "rowsChanged": len(rows_changed),
            "sheetsChanged": len(sheets_changed),
            "occurrencesChanged": counts["occurrences"],
        }
        reply = {k: v for k, v in reply.items() if v}
    return {"findReplace": reply}


# ---------------------------------------------------------------- protection, names, filters


def _find_protected(ss: Spreadsheet, protected_id: Any) -> tuple[Sheet, dict[str, Any]] | None:
    for sheet in ss.sheets:
        for pr in sheet.protected:
            if str(pr["protectedRangeId"]) == str(protected_id):
                return sheet, pr
    return None


def add_protected_range(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """addProtectedRange (warningOnly or with editors); the reply carries protectedRangeId."""
    data = body.get("protectedRange") or {}
    rng = data.get("range")
    if rng is None and data.get("namedRangeId"):
        named = next(
            (n for n in ss.named_ranges if str(n["namedRangeId"]) == str(data["namedRangeId"])),
            None,
        )
        if named is None:
            raise bad_request(f"{prefix}No named range with id: {data['namedRangeId']}")
        rng = named["range"]
    if rng is None:
        raise bad_request(f"{prefix}A protected range needs a range or a namedRangeId.")
    sheet, *_ = grid(ss, rng, prefix)
    if data.get("warningOnly") and (data.get("editors") or {}).get("users"):
        raise bad_request(f"{prefix}Cannot set editors on a warning-only protected range.")
    pr: dict[str, Any] = {
        "protectedRangeId": int(data.get("protectedRangeId") or model.new_object_id()),
        "range": {k: v for k, v in rng.items() if k != "sheetId"},
    }
    for key in ("namedRangeId", "description", "warningOnly", "unprotectedRanges", "editors"):
        if data.get(key):
            pr[key] = copy.deepcopy(data[key])
    if _find_protected(ss, pr["protectedRangeId"]) is not None:
        raise bad_request(
            f"{prefix}A protected range with id {pr['protectedRangeId']} already exists."
        )
    sheet.protected.append(pr)
    return {"addProtectedRange": {"protectedRange": model._protected_json(sheet, pr, False)}}


def update_protected_range(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """updateProtectedRange with a field mask."""
    data = body.get("protectedRange") or {}
    found = _find_protected(ss, data.get("protectedRangeId"))
    if found is None:
        raise bad_request(f"{prefix}No protected range with id: {data.get('protectedRangeId')}")
    sheet, pr = found
    paths = _fields(body, prefix)
    updated = copy.deepcopy(pr)
    fieldmask.apply_update(updated, data, paths)
    updated["protectedRangeId"] = pr["protectedRangeId"]
    if "range" in updated:
        updated["range"] = {k: v for k, v in updated["range"].items() if k != "sheetId"}
    sheet.protected[sheet.protected.index(pr)] = updated
    return {}


def delete_protected_range(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """deleteProtectedRange."""
    found = _find_protected(ss, body.get("protectedRangeId"))
    if found is None:
        raise bad_request(f"{prefix}No protected range with id: {body.get('protectedRangeId')}")
    sheet, pr = found
    sheet.protected.remove(pr)
    return {}


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def add_named_range(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """addNamedRange; the reply carries namedRangeId (a string)."""
    data = body.get("namedRange") or {}
    name = data.get("name") or ""
    if not _NAME.match(name):
        raise bad_request(f"{prefix}Invalid name: {name}")
    if ss.named_range(name) is not None:
        raise bad_request(f'{prefix}A named range with the name "{name}" already exists.')
    sheet, *_ = grid(ss, data.get("range"), prefix)
    named = {
        "namedRangeId": str(data.get("namedRangeId") or model.new_object_id()),
        "name": name,
        "range": {**(data.get("range") or {}), "sheetId": sheet.sheet_id},
    }
    ss.named_ranges.append(named)
    return {"addNamedRange": {"namedRange": model._named_json(ss, named)}}


def update_named_range(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """updateNamedRange (name, range) with a field mask."""
    data = body.get("namedRange") or {}
    named = next(
        (n for n in ss.named_ranges if str(n["namedRangeId"]) == str(data.get("namedRangeId"))),
        None,
    )
    if named is None:
        raise bad_request(f"{prefix}No named range with id: {data.get('namedRangeId')}")
    paths = _fields(body, prefix)
    updated = copy.deepcopy(named)
    fieldmask.apply_update(updated, data, paths)
    updated["namedRangeId"] = named["namedRangeId"]
    if not _NAME.match(updated.get("name") or ""):
        raise bad_request(f"{prefix}Invalid name: {updated.get('name')}")
    sheet, *_ = grid(ss, updated.get("range"), prefix)
    updated["range"] = {**updated["range"], "sheetId": sheet.sheet_id}
    ss.named_ranges[ss.named_ranges.index(named)] = updated
    return {}


def delete_named_range(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """deleteNamedRange."""
    named = next(
        (n for n in ss.named_ranges if str(n["namedRangeId"]) == str(body.get("namedRangeId"))),
        None,
    )
    if named is None:
        raise bad_request(f"{prefix}No named range with id: {body.get('namedRangeId')}")
    ss.named_ranges.remove(named)
    return {}


def set_basic_filter(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """setBasicFilter: stored with its range made explicit."""
    data = copy.deepcopy(body.get("filter") or {})
    sheet, r1, c1, r2, c2 = grid(ss, data.get("range"), prefix)
    data["range"] = {
        "startRowIndex": r1,
        "endRowIndex": r2,
        "startColumnIndex": c1,
        "endColumnIndex": c2,
    }
    sheet.basic_filter = data
    return {}


def clear_basic_filter(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """clearBasicFilter."""
    _sheet(ss, body.get("sheetId", 0), prefix).basic_filter = None
    return {}


def _groups_json(sheet: Sheet, groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for group in sorted(groups, key=lambda g: (g["range"]["startIndex"], g["depth"])):
        item = copy.deepcopy(group)
        if sheet.sheet_id:
            item["range"] = {"sheetId": sheet.sheet_id, **item["range"]}
        out.append(item)
    return out


def add_dimension_group(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """addDimensionGroup; the reply lists the dimension's groups."""
    rng = body.get("range") or {}
    sheet = _sheet(ss, rng.get("sheetId", 0), prefix)
    dimension, start, end = _dim_bounds(sheet, rng, prefix)
    groups = sheet.row_groups if dimension == "ROWS" else sheet.col_groups
    depth = 1 + sum(
        1 for g in groups if g["range"]["startIndex"] <= start and end <= g["range"]["endIndex"]
    )
    groups.append(
        {"range": {"dimension": dimension, "startIndex": start, "endIndex": end}, "depth": depth}
    )
    control = "rowGroupControlAfter" if dimension == "ROWS" else "columnGroupControlAfter"
    sheet.props["gridProperties"][control] = True
    return {"addDimensionGroup": {"dimensionGroups": _groups_json(sheet, groups)}}


def delete_dimension_group(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """deleteDimensionGroup: removes the deepest group over the range."""
    rng = body.get("range") or {}
    sheet = _sheet(ss, rng.get("sheetId", 0), prefix)
    dimension, start, end = _dim_bounds(sheet, rng, prefix)
    groups = sheet.row_groups if dimension == "ROWS" else sheet.col_groups
    matching = [
        g for g in groups if g["range"]["startIndex"] == start and g["range"]["endIndex"] == end
    ]
    if not matching:
        raise bad_request(f"{prefix}No dimension group over the given range.")
    groups.remove(max(matching, key=lambda g: g["depth"]))
    remaining = _groups_json(sheet, groups)
    return {"deleteDimensionGroup": {"dimensionGroups": remaining} if remaining else {}}


def update_dimension_group(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """updateDimensionGroup (collapsed) with a field mask."""
    data = body.get("dimensionGroup") or {}
    rng = data.get("range") or {}
    sheet = _sheet(ss, rng.get("sheetId", 0), prefix)
    dimension, start, end = _dim_bounds(sheet, rng, prefix)
    groups = sheet.row_groups if dimension == "ROWS" else sheet.col_groups
    for group in groups:
        if group["range"]["startIndex"] == start and group["range"]["endIndex"] == end:
            if data.get("collapsed"):
                group["collapsed"] = True
            else:
                group.pop("collapsed", None)
            return {}
    raise bad_request(f"{prefix}No dimension group over the given range.")


def _shift_cells(
    ss: Spreadsheet, body: dict[str, Any], prefix: str, insert: bool
) -> dict[str, Any]:
    sheet, r1, c1, r2, c2 = grid(ss, body.get("range"), prefix)
    dimension = body.get("shiftDimension") or "ROWS"
    moved: dict[tuple[int, int], Cell] = {}
    for r, row_cells in list(sheet.cells.items()):
        for c, cell in list(row_cells.items()):
            if dimension == "ROWS" and c1 <= c < c2 and r >= r1:
                height = r2 - r1
                if insert:
                    moved[(r + height, c)] = cell
                elif r >= r2:
                    moved[(r - height, c)] = cell
                sheet.put(r, c, None)
            elif dimension == "COLUMNS" and r1 <= r < r2 and c >= c1:
                width = c2 - c1
                if insert:
                    moved[(r, c + width)] = cell
                elif c >= c2:
                    moved[(r, c - width)] = cell
                sheet.put(r, c, None)
    if insert:
        extra_r = max(0, max((r for r, _ in moved), default=-1) + 1 - sheet.row_count)
        extra_c = max(0, max((c for _, c in moved), default=-1) + 1 - sheet.col_count)
        ss.check_cells(
            (sheet.row_count + extra_r) * (sheet.col_count + extra_c)
            - sheet.row_count * sheet.col_count,
            prefix,
        )
        sheet.row_count += extra_r
        sheet.col_count += extra_c
    for (r, c), cell in moved.items():
        sheet.put(r, c, cell)
    return {}


def insert_range(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """insertRange: shift cells down or right."""
    return _shift_cells(ss, body, prefix, True)


def delete_range(
    model: SheetsModel, ss: Spreadsheet, body: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """deleteRange: shift cells up or left."""
    return _shift_cells(ss, body, prefix, False)


HANDLERS: dict[str, Handler] = {
    "addSheet": add_sheet,
    "duplicateSheet": duplicate_sheet,
    "deleteSheet": delete_sheet,
    "updateSheetProperties": update_sheet_properties,
    "updateSpreadsheetProperties": update_spreadsheet_properties,
    "insertDimension": insert_dimension,
    "deleteDimension": delete_dimension,
    "appendDimension": append_dimension,
    "moveDimension": move_dimension,
    "updateDimensionProperties": update_dimension_properties,
    "autoResizeDimensions": auto_resize_dimensions,
    "sortRange": sort_range,
    "repeatCell": repeat_cell,
    "updateCells": update_cells,
    "appendCells": append_cells,
    "setDataValidation": set_data_validation,
    "mergeCells": merge_cells,
    "unmergeCells": unmerge_cells,
    "copyPaste": copy_paste,
    "cutPaste": cut_paste,
    "findReplace": find_replace,
    "addProtectedRange": add_protected_range,
    "updateProtectedRange": update_protected_range,
    "deleteProtectedRange": delete_protected_range,
    "addNamedRange": add_named_range,
    "updateNamedRange": update_named_range,
    "deleteNamedRange": delete_named_range,
    "setBasicFilter": set_basic_filter,
    "clearBasicFilter": clear_basic_filter,
    "addDimensionGroup": add_dimension_group,
    "deleteDimensionGroup": delete_dimension_group,
    "updateDimensionGroup": update_dimension_group,
    "insertRange": insert_range,
    "deleteRange": delete_range,
}

__all__ = ["HANDLERS", "apply_request", "grid", "sort_block"]
