"""In-memory spreadsheets that follow Google Sheets' rules for values, ranges and growth."""

from __future__ import annotations

import copy
import random
import string
import struct
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from . import fieldmask, formats
from .a1 import (
    A1Error,
    Bounds,
    col_index,
    col_letters,
    format_range,
    is_cells,
    parse_cells,
    split_sheet,
)
from .errors import ApiError, DriveError, bad_request, invalid_list_value, not_found
from .formula import ErrorValue, Evaluator, _Fail, shift_references

CELL_LIMIT = 10_000_000
MAX_CELL_CHARS = 50_000
DEFAULT_ROWS = 1000
DEFAULT_COLUMNS = 26
DEFAULT_ROW_PX = 21
DEFAULT_COLUMN_PX = 100
OWNER_EMAIL = "emulator@sheets-emulator.iam.gserviceaccount.com"
SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"

VALUE_RENDER_OPTIONS = ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA")
DATE_TIME_RENDER_OPTIONS = ("SERIAL_NUMBER", "FORMATTED_STRING")
VALUE_INPUT_OPTIONS = ("RAW", "USER_ENTERED")
DIMENSIONS = ("ROWS", "COLUMNS")

DEFAULT_FORMAT: dict[str, Any] = {
    "backgroundColor": {"red": 1, "green": 1, "blue": 1},
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM",
    "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {
        "foregroundColor": {},
        "fontFamily": "arial,sans,sans-serif",
        "fontSize": 10,
        "bold": False,
        "italic": False,
        "strikethrough": False,
        "underline": False,
        "foregroundColorStyle": {"rgbColor": {}},
    },
    "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
}

THEME: dict[str, Any] = {
    "primaryFontFamily": "Arial",
    "themeColors": [
        {"colorType": "TEXT", "color": {"rgbColor": {}}},
        {"colorType": "BACKGROUND", "color": {"rgbColor": {"red": 1, "green": 1, "blue": 1}}},
        {
            "colorType": "ACCENT1",
            "color": {"rgbColor": {"red": 0.25882354, "green": 0.52156866, "blue": 0.95686275}},
        },  # noqa: E501
        {
            "colorType": "ACCENT2",
            "color": {"rgbColor": {"red": 0.91764706, "green": 0.2627451, "blue": 0.20784314}},
        },  # noqa: E501
        {
            "colorType": "ACCENT3",
            "color": {"rgbColor": {"red": 0.9843137, "green": 0.7372549, "blue": 0.015686275}},
        },  # noqa: E501
        {
            "colorType": "ACCENT4",
            "color": {"rgbColor": {"red": 0.20392157, "green": 0.65882355, "blue": 0.3254902}},
        },  # noqa: E501
        {
            "colorType": "ACCENT5",
            "color": {"rgbColor": {"red": 1, "green": 0.42745098, "blue": 0.003921569}},
        },  # noqa: E501
        {
            "colorType": "ACCENT6",
            "color": {"rgbColor": {"red": 0.27450982, "green": 0.7411765, "blue": 0.7764706}},
        },  # noqa: E501
        {
            "colorType": "LINK",
            "color": {"rgbColor": {"red": 0.06666667, "green": 0.33333334, "blue": 0.8}},
        },  # noqa: E501
    ],
}


# ---------------------------------------------------------------- small helpers


def json_number(value: float) -> float | int:
    """A float as Google prints it: integral values without a fraction."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def f32(value: float) -> float | int:
    """A float rounded the way Google stores colours (float32, shortest form)."""
    packed = struct.unpack("f", struct.pack("f", float(value)))[0]
    for digits in range(1, 10):
        text = f"{packed:.{digits}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == packed:
            return json_number(float(text))
    return packed


_COLOR_KEYS = {"red", "green", "blue", "alpha"}


def prune(obj: Any) -> Any:
    """Drop None values, zero colour channels and empty objects, as Google's JSON does."""
    if isinstance(obj, dict):
        is_color = bool(obj) and set(obj) <= _COLOR_KEYS
        out = {}
        for key, value in obj.items():
            if value is None:
                continue
            if is_color:
                if not value:
                    continue
                # Google keeps 8 bits per channel (0.5 comes back as 0.49803922).
                out[key] = (
                    f32(int(float(value) * 255 + 1e-6) / 255) if key != "alpha" else f32(value)
                )
                continue
            cleaned = prune(value)
            if isinstance(cleaned, dict) and not cleaned and key not in ("rgbColor",):
                if key in ("tabColorStyle", "backgroundColorStyle", "foregroundColorStyle"):
                    continue
                if isinstance(value, dict) and any(v is None for v in value.values()):
                    continue
            out[key] = cleaned
        return out
    if isinstance(obj, list):
        return [prune(item) for item in obj]
    return obj


def _touched(paths: list[tuple[str, ...]] | None, *key: str) -> bool:
    if paths is None:
        return False
    return any(p[: len(key)] == key or key[: len(p)] == p or p == ("*",) for p in paths)


def mirror_styles(
    fmt: dict[str, Any], touched: list[tuple[str, ...]] | None = None
) -> dict[str, Any]:
    """Add the *Style twins Google reports next to plain colours (and the reverse)."""
    # `touched` are the mask paths of the update that produced `fmt`: when only one twin was
    # written the other is stale and is rebuilt from it (clearing tabColorStyle clears both).
    pairs = (("backgroundColor", "backgroundColorStyle"), ("tabColor", "tabColorStyle"))
    for plain, style in pairs:
        plain_touched, style_touched = _touched(touched, plain), _touched(touched, style)
        if plain_touched and not style_touched:
            fmt.pop(style, None)
        elif style_touched and not plain_touched:
            fmt.pop(plain, None)
    text = fmt.get("textFormat")
    if isinstance(text, dict):
        plain_touched = _touched(touched, "textFormat", "foregroundColor")
        style_touched = _touched(touched, "textFormat", "foregroundColorStyle")
        if plain_touched and not style_touched:
            text.pop("foregroundColorStyle", None)
        elif style_touched and not plain_touched:
            text.pop("foregroundColor", None)
    for plain, style in pairs:
        if plain in fmt and style not in fmt:
            fmt[style] = {"rgbColor": copy.deepcopy(fmt[plain])}
        elif style in fmt and plain not in fmt and "rgbColor" in fmt[style]:
            fmt[plain] = copy.deepcopy(fmt[style]["rgbColor"])
    text = fmt.get("textFormat")
    if isinstance(text, dict):
        if "foregroundColor" in text and "foregroundColorStyle" not in text:
            text["foregroundColorStyle"] = {"rgbColor": copy.deepcopy(text["foregroundColor"])}
        elif "foregroundColorStyle" in text and "foregroundColor" not in text:
            rgb = text["foregroundColorStyle"].get("rgbColor")
            if rgb is not None:
                text["foregroundColor"] = copy.deepcopy(rgb)
    return fmt


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _param(params: dict[str, list[str]], name: str, default: str | None = None) -> str | None:
    values = params.get(name)
    return values[-1] if values else default


def _flag(params: dict[str, list[str]], name: str) -> bool:
    value = _param(params, name)
    return value is not None and value.lower() in ("true", "1")


def _enum(value: str | None, allowed: Iterable[str], field: str, proto: str, default: str) -> str:
    if value is None or value == "":
        return default
    if value not in allowed:
        raise bad_request(
            f"Invalid value at '{field}' (type.googleapis.com/google.apps.sheets.v4.{proto}), "
            f'"{value}"'
        )
    return value


def _norm_title(title: str) -> str:
    return unicodedata.normalize("NFC", title).casefold()


# ---------------------------------------------------------------- cells and sheets


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: its user-entered value or formula, format, note and data validation."""

    value: Any = None  # str, float or bool
    formula: str | None = None
    fmt: dict[str, Any] | None = None  # userEnteredFormat
    note: str | None = None
    validation: dict[str, Any] | None = None

    @property
    def has_value(self) -> bool:
        """True when the cell holds a value or a formula."""
        return self.value is not None or self.formula is not None

    @property
    def is_blank(self) -> bool:
        """True when nothing at all is stored in the cell."""
        return (
            self.value is None
            and self.formula is None
            and not self.fmt
            and self.note is None
            and self.validation is None
        )

    @property
    def number_format(self) -> dict[str, Any] | None:
        """The cell's numberFormat, if any."""
        return (self.fmt or {}).get("numberFormat")


EMPTY = Cell()


def _shift_index(index: int, start: int, count: int, delete: bool, is_end: bool) -> int:
    if not delete:
        if index > start or (index == start and not is_end):
            return index + count
        return index
    if index <= start:
        return index
    if index <= start + count:
        return start
    return index - count


def shift_range(
    rng: dict[str, Any], dimension: str, start: int, count: int, delete: bool
) -> dict[str, Any] | None:
    """A GridRange after inserting or deleting rows/columns; None when it vanished."""
    key_start, key_end = (
        ("startRowIndex", "endRowIndex")
        if dimension == "ROWS"
        else ("startColumnIndex", "endColumnIndex")
    )
    out = dict(rng)
    if key_start in out:
        out[key_start] = _shift_index(out[key_start], start, count, delete, False)
    if key_end in out:
        out[key_end] = _shift_index(out[key_end], start, count, delete, True)
    if key_start in out and key_end in out and out[key_start] >= out[key_end]:
        return None
    return out


def shift_named_ranges(
    ss: Spreadsheet, sheet: Sheet, dimension: str, start: int, count: int, delete: bool
) -> None:
    """Move the named ranges of a sheet after rows or columns were inserted or deleted."""
    kept = []
    for named in ss.named_ranges:
        rng = named["range"]
        if rng.get("sheetId", 0) == sheet.sheet_id:
            moved = shift_range(rng, dimension, start, count, delete)
            if moved is None:
                continue
            named = {**named, "range": moved}
        kept.append(named)
    ss.named_ranges = kept


def shift_dim_range(
    rng: dict[str, Any], start: int, count: int, delete: bool
) -> dict[str, Any] | None:
    """A DimensionRange after inserting or deleting along its own dimension."""
    out = dict(rng)
    out["startIndex"] = _shift_index(out.get("startIndex", 0), start, count, delete, False)
    out["endIndex"] = _shift_index(out.get("endIndex", 0), start, count, delete, True)
    return out if out["startIndex"] < out["endIndex"] else None


class Sheet:
    """One tab: its properties and sparse cells."""

    def __init__(
        self, sheet_id: int, title: str, rows: int = DEFAULT_ROWS, cols: int = DEFAULT_COLUMNS
    ):
        """Create an empty grid."""
        self.props: dict[str, Any] = {
            "sheetId": sheet_id,
            "title": title,
            "index": 0,
            "sheetType": "GRID",
            "gridProperties": {"rowCount": rows, "columnCount": cols},
        }
        self.cells: dict[int, dict[int, Cell]] = {}
        self.merges: list[dict[str, Any]] = []
        self.protected: list[dict[str, Any]] = []
        self.basic_filter: dict[str, Any] | None = None
        self.row_groups: list[dict[str, Any]] = []
        self.col_groups: list[dict[str, Any]] = []
        self.row_meta: dict[int, dict[str, Any]] = {}
        self.col_meta: dict[int, dict[str, Any]] = {}

    @property
    def sheet_id(self) -> int:
        """The sheet's id (gid)."""
        return int(self.props["sheetId"])

    @property
    def title(self) -> str:
        """The tab's name."""
        return str(self.props["title"])

    @property
    def row_count(self) -> int:
        """Rows in the grid."""
        return int(self.props["gridProperties"]["rowCount"])

    @row_count.setter
    def row_count(self, value: int) -> None:
        self.props["gridProperties"]["rowCount"] = value

    @property
    def col_count(self) -> int:
        """Columns in the grid."""
        return int(self.props["gridProperties"]["columnCount"])

    @col_count.setter
    def col_count(self, value: int) -> None:
        self.props["gridProperties"]["columnCount"] = value

    def get(self, row: int, col: int) -> Cell | None:
        """The cell at a 0-based position, or None."""
        row_cells = self.cells.get(row)
        return row_cells.get(col) if row_cells else None

    def put(self, row: int, col: int, cell: Cell | None) -> None:
        """Store a cell (a blank one is removed)."""
        if cell is None or cell.is_blank:
            row_cells = self.cells.get(row)
            if row_cells and col in row_cells:
                del row_cells[col]
                if not row_cells:
                    del self.cells[row]
            return
        self.cells.setdefault(row, {})[col] = cell

    def row_has_value(self, row: int, col1: int, col2: int) -> bool:
        """True when a cell of the row between two columns (inclusive) holds a value."""
        row_cells = self.cells.get(row)
        if not row_cells:
            return False
        return any(col1 <= c <= col2 and cell.has_value for c, cell in row_cells.items())

    def used_extent(self) -> tuple[int, int]:
        """(rows, columns) up to the last cell holding a value."""
        rows = cols = 0
        for r, row_cells in self.cells.items():
            for c, cell in row_cells.items():
                if cell.has_value:
                    rows = max(rows, r + 1)
                    cols = max(cols, c + 1)
        return rows, cols

    def snapshot(self) -> dict[str, Any]:
        """A cheap copy of everything mutable (cells are immutable)."""
        return {
            "props": copy.deepcopy(self.props),
            "cells": {r: dict(c) for r, c in self.cells.items()},
            "merges": copy.deepcopy(self.merges),
            "protected": copy.deepcopy(self.protected),
            "basic_filter": copy.deepcopy(self.basic_filter),
            "row_groups": copy.deepcopy(self.row_groups),
            "col_groups": copy.deepcopy(self.col_groups),
            "row_meta": copy.deepcopy(self.row_meta),
            "col_meta": copy.deepcopy(self.col_meta),
        }

    def restore(self, snap: dict[str, Any]) -> None:
        """Undo changes made after a snapshot."""
        self.props = snap["props"]
        self.cells = snap["cells"]
        self.merges = snap["merges"]
        self.protected = snap["protected"]
        self.basic_filter = snap["basic_filter"]
        self.row_groups = snap["row_groups"]
        self.col_groups = snap["col_groups"]
        self.row_meta = snap["row_meta"]
        self.col_meta = snap["col_meta"]

    def _shift_ranges(self, dimension: str, start: int, count: int, delete: bool) -> None:
        self.merges = [
            m for m in (shift_range(m, dimension, start, count, delete) for m in self.merges) if m
        ]
        kept = []
        for pr in self.protected:
            if "range" in pr:
                moved = shift_range(pr["range"], dimension, start, count, delete)
                if moved is None:
                    continue
                pr = {**pr, "range": moved}
            kept.append(pr)
        self.protected = kept
        if self.basic_filter and "range" in self.basic_filter:
            moved = shift_range(self.basic_filter["range"], dimension, start, count, delete)
            self.basic_filter = {**self.basic_filter, "range": moved} if moved else None
        groups = self.row_groups if dimension == "ROWS" else self.col_groups
        shifted = []
        for group in groups:
            moved_dim = shift_dim_range(group["range"], start, count, delete)
            if moved_dim:
                shifted.append({**group, "range": moved_dim})
        if dimension == "ROWS":
            self.row_groups = shifted
        else:
            self.col_groups = shifted

    def insert_rows(self, start: int, count: int, inherit_from: int | None) -> None:
        """Insert empty rows before a 0-based row; formats and validation are inherited."""
        template = self.cells.get(inherit_from, {}) if inherit_from is not None else {}
        moved: dict[int, dict[int, Cell]] = {}
        for r, row_cells in self.cells.items():
            moved[r + count if r >= start else r] = row_cells
        for offset in range(count):
            inherited = {
                c: Cell(fmt=cell.fmt, validation=cell.validation)
                for c, cell in template.items()
                if cell.fmt or cell.validation
            }
            if inherited:
                moved[start + offset] = inherited
        self.cells = moved
        self.row_meta = {(r + count if r >= start else r): m for r, m in self.row_meta.items()}
        self.row_count = self.row_count + count
        self._shift_ranges("ROWS", start, count, False)

    def delete_rows(self, start: int, count: int) -> None:
        """Delete rows [start, start + count)."""
        end = start + count
        self.cells = {
            (r - count if r >= end else r): c for r, c in self.cells.items() if not start <= r < end
        }
        self.row_meta = {
            (r - count if r >= end else r): m
            for r, m in self.row_meta.items()
            if not start <= r < end
        }
        self.row_count = self.row_count - count
        self._shift_ranges("ROWS", start, count, True)

    def insert_cols(self, start: int, count: int, inherit_from: int | None) -> None:
        """Insert empty columns before a 0-based column."""
        for r, row_cells in list(self.cells.items()):
            template = row_cells.get(inherit_from) if inherit_from is not None else None
            moved = {(c + count if c >= start else c): cell for c, cell in row_cells.items()}
            if template is not None and (template.fmt or template.validation):
                for offset in range(count):
                    moved[start + offset] = Cell(fmt=template.fmt, validation=template.validation)
            self.cells[r] = moved
        self.col_meta = {(c + count if c >= start else c): m for c, m in self.col_meta.items()}
        self.col_count = self.col_count + count
        self._shift_ranges("COLUMNS", start, count, False)

    def delete_cols(self, start: int, count: int) -> None:
        """Delete columns [start, start + count)."""
        end = start + count
        for r, row_cells in list(self.cells.items()):
            moved = {
                (c - count if c >= end else c): cell
                for c, cell in row_cells.items()
                if not start <= c < end
            }
            if moved:
                self.cells[r] = moved
            else:
                del self.cells[r]
        self.col_meta = {
            (c - count if c >= end else c): m
            for c, m in self.col_meta.items()
            if not start <= c < end
        }
        self.col_count = self.col_count - count
        self._shift_ranges("COLUMNS", start, count, True)


class Spreadsheet:
    """A spreadsheet file: properties, tabs and named ranges."""

    def __init__(self, spreadsheet_id: str, title: str, locale: str, time_zone: str) -> None:
        """Create a spreadsheet with no tabs."""
        self.id = spreadsheet_id
        self.props: dict[str, Any] = {
            "title": title,
            "locale": locale,
            "autoRecalc": "ON_CHANGE",
            "timeZone": time_zone,
            "defaultFormat": copy.deepcopy(DEFAULT_FORMAT),
            "spreadsheetTheme": copy.deepcopy(THEME),
        }
        self.sheets: list[Sheet] = []
        self.named_ranges: list[dict[str, Any]] = []
        self.created = _now()
        self.modified = self.created

    @property
    def title(self) -> str:
        """The file's title."""
        return str(self.props["title"])

    @property
    def locale(self) -> str:
        """The spreadsheet locale, e.g. en_US or vi_VN."""
        return str(self.props.get("locale") or "en_US")

    def reindex(self) -> None:
        """Renumber the tabs' index properties."""
        for i, sheet in enumerate(self.sheets):
            sheet.props["index"] = i

    def sheet_by_id(self, sheet_id: int) -> Sheet | None:
        """The tab with this sheetId."""
        for sheet in self.sheets:
            if sheet.sheet_id == sheet_id:
                return sheet
        return None

    def sheet_by_title(self, title: str) -> Sheet | None:
        """The tab with this name (exact, else ignoring case and Unicode normal form)."""
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        wanted = _norm_title(title)
        for sheet in self.sheets:
            if _norm_title(sheet.title) == wanted:
                return sheet
        return None

    def named_range(self, name: str) -> dict[str, Any] | None:
        """A named range by name (case-insensitive)."""
        for named in self.named_ranges:
            if named["name"].casefold() == name.casefold():
                return named
        return None

    def shift_formulas(
        self, changed: Sheet, dimension: str, start: int, count: int, delete: bool
    ) -> None:
        """Move formula references after rows/columns of a tab were inserted or deleted."""
        for sheet in self.sheets:

            def targets(name: str | None, here: Sheet = sheet) -> bool:
                if name is None:
                    return here is changed
                return self.sheet_by_title(name) is changed

            for row_cells in sheet.cells.values():
                for c, cell in list(row_cells.items()):
                    if cell.formula is not None:
                        moved = shift_references(
                            cell.formula, targets, dimension, start, count, delete
                        )
                        if moved != cell.formula:
                            row_cells[c] = replace(cell, formula=moved)

    def total_cells(self) -> int:
        """Cells in all grids, for the 10,000,000 cell limit."""
        return sum(s.row_count * s.col_count for s in self.sheets)

    def check_cells(self, extra: int, prefix: str = "") -> None:
        """Refuse a change that would pass the spreadsheet-wide cell limit."""
        if extra > 0 and self.total_cells() + extra > CELL_LIMIT:
            raise bad_request(
                f"{prefix}This action would increase the number of cells in the workbook above "
                f"the limit of {CELL_LIMIT} cells."
            )

    def snapshot(self) -> dict[str, Any]:
        """A copy to roll a failed batch back to."""
        return {
            "props": copy.deepcopy(self.props),
            "sheets": list(self.sheets),
            "sheet_snaps": {id(s): s.snapshot() for s in self.sheets},
            "named": copy.deepcopy(self.named_ranges),
        }

    def restore(self, snap: dict[str, Any]) -> None:
        """Undo changes made after a snapshot."""
        self.props = snap["props"]
        self.sheets = snap["sheets"]
        for sheet in self.sheets:
            sheet.restore(snap["sheet_snaps"][id(sheet)])
        self.named_ranges = snap["named"]
        self.reindex()


# ---------------------------------------------------------------- ranges


@dataclass
class Target:
    """A resolved A1 range: a tab and 0-based inclusive bounds clamped to its grid."""

    sheet: Sheet
    row1: int
    col1: int
    row2: int
    col2: int
    rows_bounded: bool  # the end row was written explicitly (writes must fit)
    cols_bounded: bool
    text: str

    def a1(self) -> str:
        """Google's normalised form of the range."""
        return format_range(self.sheet.title, self.row1, self.col1, self.row2, self.col2)


def _unable(text: str) -> ApiError:
    return bad_request(f"Unable to parse range: {text}")


def resolve_range(ss: Spreadsheet, text: str) -> Target:
    """Resolve A1 notation against a spreadsheet, with Google's errors."""
    try:
        sheet_name, cells, _quoted = split_sheet(text)
    except A1Error as exc:
        raise _unable(text) from exc
    bounds: Bounds | None = None
    sheet: Sheet | None
    if sheet_name is None:
        assert cells is not None
        if is_cells(cells):
            if not ss.sheets:
                raise _unable(text)
            sheet = ss.sheets[0]
            bounds = parse_cells(cells)
        else:
            sheet = ss.sheet_by_title(cells.strip())
            if sheet is None:
                named = ss.named_range(cells.strip())
                if named is None:
                    raise _unable(text)
                sheet, bounds = _named_bounds(ss, named, text)
    else:
        sheet = ss.sheet_by_title(sheet_name)
        if sheet is None:
            raise _unable(text)
        if cells is not None:
            if is_cells(cells):
                bounds = parse_cells(cells)
            else:
                named = ss.named_range(cells.strip())
                if named is None:
                    raise _unable(text)
                sheet, bounds = _named_bounds(ss, named, text)
    rows, cols = sheet.row_count, sheet.col_count
    if bounds is None:
        return Target(sheet, 0, 0, rows - 1, cols - 1, False, False, text)
    explicit_rows = [v for v in (bounds.row1, bounds.row2) if v is not None]
    explicit_cols = [v for v in (bounds.col1, bounds.col2) if v is not None]
    if any(v >= rows for v in explicit_rows) or any(v >= cols for v in explicit_cols):
        raise bad_request(
            f"Range ({text}) exceeds grid limits. Max rows: {rows}, max columns: {cols}"
        )
    single = (
        bounds.row1 is not None
        and bounds.row1 == bounds.row2
        and bounds.col1 is not None
        and bounds.col1 == bounds.col2
    )
    return Target(
        sheet,
        bounds.row1 if bounds.row1 is not None else 0,
        bounds.col1 if bounds.col1 is not None else 0,
        bounds.row2 if bounds.row2 is not None else rows - 1,
        bounds.col2 if bounds.col2 is not None else cols - 1,
        bounds.row2 is not None and not single,
        bounds.col2 is not None and not single,
        text,
    )


def _named_bounds(ss: Spreadsheet, named: dict[str, Any], text: str) -> tuple[Sheet, Bounds]:
    rng = named["range"]
    sheet = ss.sheet_by_id(rng.get("sheetId", 0))
    if sheet is None:
        raise _unable(text)
    return sheet, Bounds(
        rng.get("startRowIndex", 0),
        rng.get("startColumnIndex", 0),
        rng["endRowIndex"] - 1 if "endRowIndex" in rng else None,
        rng["endColumnIndex"] - 1 if "endColumnIndex" in rng else None,
    )


def range_out(sheet_id: int, rng: dict[str, Any]) -> dict[str, Any]:
    """A GridRange as Google prints it (sheetId 0 is omitted, being the default)."""
    out: dict[str, Any] = {}
    if sheet_id:
        out["sheetId"] = sheet_id
    for key in ("startRowIndex", "endRowIndex", "startColumnIndex", "endColumnIndex"):
        if key in rng:
            out[key] = rng[key]
    return out


# ---------------------------------------------------------------- evaluation


class Evaluation:
    """Effective values of one spreadsheet, cached for the length of a request."""

    def __init__(self, ss: Spreadsheet) -> None:
        """Start with an empty cache."""
        self.ss = ss
        self.cache: dict[tuple[int, int, int], Any] = {}
        self.active: set[tuple[int, int, int]] = set()

    def effective(self, sheet: Sheet, row: int, col: int) -> Any:
        """The effective value of a cell (None when empty)."""
        cell = sheet.get(row, col)
        if cell is None:
            return None
        if cell.formula is None:
            return cell.value
        key = (sheet.sheet_id, row, col)
        if key in self.cache:
            return self.cache[key]
        if key in self.active:
            return ErrorValue("#REF!")
        self.active.add(key)
        try:
            result = Evaluator(_Context(self, sheet)).evaluate(cell.formula)
        finally:
            self.active.discard(key)
        self.cache[key] = result
        return result


class _Context:
    def __init__(self, evaluation: Evaluation, sheet: Sheet) -> None:
        self.evaluation = evaluation
        self.sheet = sheet
        self.locale = evaluation.ss.locale

    def _sheet(self, name: str | None) -> Sheet:
        if name is None:
            return self.sheet
        sheet = self.evaluation.ss.sheet_by_title(name)
        if sheet is None:
            raise _Fail("#REF!")
        return sheet

    def cell(self, sheet: str | None, row: int, col: int) -> Any:
        target = self._sheet(sheet)
        if row >= target.row_count or col >= target.col_count:
            raise _Fail("#REF!")
        return self.evaluation.effective(target, row, col)

    def area(
        self, sheet: str | None, row1: int, col1: int, row2: int | None, col2: int | None
    ) -> list[list[Any]]:
        target = self._sheet(sheet)
        used_rows, used_cols = target.used_extent()
        last_row = min(target.row_count, used_rows) - 1 if row2 is None else row2
        last_col = min(target.col_count, used_cols) - 1 if col2 is None else col2
        return [
            [self.evaluation.effective(target, r, c) for c in range(col1, last_col + 1)]
            for r in range(row1, last_row + 1)
        ]

    def named(self, name: str) -> tuple[str, int, int, int, int] | None:
        named = self.evaluation.ss.named_range(name)
        if named is None:
            return None
        rng = named["range"]
        sheet = self.evaluation.ss.sheet_by_id(rng.get("sheetId", 0))
        if sheet is None:
            return None
        return (
            sheet.title,
            rng.get("startRowIndex", 0),
            rng.get("startColumnIndex", 0),
            rng.get("endRowIndex", sheet.row_count) - 1,
            rng.get("endColumnIndex", sheet.col_count) - 1,
        )


def render(
    evaluation: Evaluation,
    sheet: Sheet,
    row: int,
    col: int,
    value_option: str,
    date_option: str,
) -> Any:
    """A cell's value as values.get returns it (None when empty)."""
    cell = sheet.get(row, col)
    if cell is None or not cell.has_value:
        return None
    if value_option == "FORMULA" and cell.formula is not None:
        return cell.formula
    value = evaluation.effective(sheet, row, col)
    locale = evaluation.ss.locale
    if isinstance(value, ErrorValue):
        return value.code
    if isinstance(value, bool):
        if value_option == "FORMATTED_VALUE":
            return "TRUE" if value else "FALSE"
        return value
    if isinstance(value, (int, float)):
        number_format = cell.number_format
        if value_option == "FORMATTED_VALUE":
            return formats.format_number(float(value), number_format, locale)
        if date_option == "FORMATTED_STRING" and formats.is_date_format(number_format):
            return formats.format_number(float(value), number_format, locale)
        return json_number(float(value))
    return value


def python_value(evaluation: Evaluation, sheet: Sheet, row: int, col: int) -> Any:
    """A cell's effective value as a Python value ("" when empty, numbers as int when whole)."""
    value = evaluation.effective(sheet, row, col)
    if value is None:
        return ""
    if isinstance(value, ErrorValue):
        return value.code
    if isinstance(value, float):
        return json_number(value)
    return value


def _trim(values: list[Any]) -> list[Any]:
    end = len(values)
    while end and (values[end - 1] is None or values[end - 1] == ""):
        end -= 1
    return ["" if v is None else v for v in values[:end]]


def grid_values(
    evaluation: Evaluation,
    target: Target,
    value_option: str,
    date_option: str,
    major: str,
) -> list[list[Any]]:
    """Rendered values of a range, trimmed of trailing empty cells and rows, as Google does."""
    sheet = target.sheet
    rows = sorted(r for r in sheet.cells if target.row1 <= r <= target.row2)
    matrix: dict[int, list[Any]] = {}
    for r in rows:
        row_cells = sheet.cells[r]
        cols = [c for c in row_cells if target.col1 <= c <= target.col2]
        if not cols:
            continue
        width = max(cols) - target.col1 + 1
        rendered: list[Any] = [None] * width
        for c in cols:
            rendered[c - target.col1] = render(evaluation, sheet, r, c, value_option, date_option)
        trimmed = _trim(rendered)
        if trimmed:
            matrix[r - target.row1] = trimmed
    if not matrix:
        return []
    height = max(matrix) + 1
    if major == "COLUMNS":
        width = max(len(v) for v in matrix.values())
        columns = []
        for c in range(width):
            column = [
                matrix[r][c] if r in matrix and c < len(matrix[r]) else None for r in range(height)
            ]
            columns.append(_trim(column))
        while columns and not columns[-1]:
            columns.pop()
        return columns
    return [matrix.get(r, []) for r in range(height)]


# ---------------------------------------------------------------- the model


class SheetsModel:
    """All spreadsheets of the emulator, with the Sheets API operations and person-like edits."""

    def __init__(self, owner_email: str = OWNER_EMAIL, seed: int | None = None) -> None:
        """Start with no spreadsheets."""
        self.lock = threading.RLock()
        self.owner_email = owner_email
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self._rng = random.Random(seed)

    # ------------------------------------------------------------ ids

    def new_spreadsheet_id(self) -> str:
        """A fresh id shaped like Google's (44 characters)."""
        alphabet = string.ascii_letters + string.digits + "-_"
        while True:
            sid = "1" + "".join(self._rng.choice(alphabet) for _ in range(43))
            if sid not in self.spreadsheets:
                return sid

    def new_sheet_id(self, ss: Spreadsheet) -> int:
        """A fresh random sheetId, unique in the spreadsheet."""
        taken = {s.sheet_id for s in ss.sheets}
        while True:
            candidate = self._rng.randint(1, 2**31 - 1)
            if candidate not in taken:
                return candidate

    def new_object_id(self) -> int:
        """A fresh id for protected ranges, named ranges and the like."""
        return self._rng.randint(1, 2**31 - 1)

    # ------------------------------------------------------------ lookup

    def get(self, spreadsheet_id: str) -> Spreadsheet:
        """A spreadsheet by id, or Google's 404."""
        ss = self.spreadsheets.get(spreadsheet_id)
        if ss is None:
            raise not_found()
        return ss

    def sheet(self, spreadsheet_id: str, sheet_title: str) -> Sheet:
        """A tab by name, or KeyError."""
        sheet = self.get(spreadsheet_id).sheet_by_title(sheet_title)
        if sheet is None:
            raise KeyError(sheet_title)
        return sheet

    def reset(self) -> None:
        """Forget every spreadsheet."""
        with self.lock:
            self.spreadsheets.clear()

    # ------------------------------------------------------------ creating

    def create_spreadsheet(
        self,
        title: str,
        spreadsheet_id: str | None = None,
        *,
        locale: str = "en_US",
        time_zone: str = "Etc/GMT",
        sheets: Iterable[str] | None = None,
    ) -> str:
        """Create a spreadsheet with one tab `Sheet1` (or the named tabs); returns its id."""
        with self.lock:
            sid = spreadsheet_id or self.new_spreadsheet_id()
            if sid in self.spreadsheets:
                raise ValueError(f"spreadsheet {sid} already exists")
            ss = Spreadsheet(sid, title, locale, time_zone)
            titles = list(sheets or ["Sheet1"])
            for i, sheet_title in enumerate(titles):
                ss.sheets.append(Sheet(0 if i == 0 else self.new_sheet_id(ss), sheet_title))
            ss.reindex()
            self.spreadsheets[sid] = ss
            return sid

    def create_from_api(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST /v4/spreadsheets: create from a Spreadsheet body."""
        with self.lock:
            props = body.get("properties") or {}
            sid = self.create_spreadsheet(
                props.get("title") or "Untitled spreadsheet",
                locale=props.get("locale") or "en_US",
                time_zone=props.get("timeZone") or "Etc/GMT",
            )
            ss = self.spreadsheets[sid]
            sheet_bodies = body.get("sheets") or []
            if sheet_bodies:
                ss.sheets = []
                for i, sheet_body in enumerate(sheet_bodies):
                    sp = sheet_body.get("properties") or {}
                    grid = sp.get("gridProperties") or {}
                    sheet = Sheet(
                        sp.get("sheetId", 0 if i == 0 else self.new_sheet_id(ss)),
                        sp.get("title") or f"Sheet{i + 1}",
                        grid.get("rowCount", DEFAULT_ROWS),
                        grid.get("columnCount", DEFAULT_COLUMNS),
                    )
                    for key in ("frozenRowCount", "frozenColumnCount", "hideGridlines"):
                        if grid.get(key):
                            sheet.props["gridProperties"][key] = grid[key]
                    ss.sheets.append(sheet)
                ss.reindex()
            return self.metadata(sid, {})

    def delete_spreadsheet(self, spreadsheet_id: str) -> None:
        """Delete a spreadsheet (KeyError when unknown)."""
        with self.lock:
            del self.spreadsheets[spreadsheet_id]

    # ------------------------------------------------------------ Drive subset

    def drive_create(self, params: dict[str, list[str]], body: dict[str, Any]) -> dict[str, Any]:
        """POST /drive/v3/files for a spreadsheet; `id` in the body picks the id (for replays)."""
        with self.lock:
            mime = body.get("mimeType") or SPREADSHEET_MIME
            if mime != SPREADSHEET_MIME:
                raise DriveError(400, f"Only {SPREADSHEET_MIME} files are emulated.", "badRequest")
            wanted = body.get("id")
            if wanted and wanted in self.spreadsheets:
                raise DriveError(409, "A file already exists with the provided ID.", "duplicate")
            sid = self.create_spreadsheet(body.get("name") or "Untitled spreadsheet", wanted)
            ss = self.spreadsheets[sid]
            return {"kind": "drive#file", "id": sid, "name": ss.title, "mimeType": SPREADSHEET_MIME}

    def _drive_file(self, ss: Spreadsheet) -> dict[str, Any]:
        return {
            "kind": "drive#file",
            "id": ss.id,
            "name": ss.title,
            "mimeType": SPREADSHEET_MIME,
            "createdTime": _iso(ss.created),
            "modifiedTime": _iso(ss.modified),
        }

    def drive_get(self, file_id: str, params: dict[str, list[str]]) -> dict[str, Any]:
        """GET /drive/v3/files/{id}, honouring a flat `fields` list."""
        with self.lock:
            ss = self.spreadsheets.get(file_id)
            if ss is None:
                raise DriveError(404, f"File not found: {file_id}.", "notFound", "fileId")
            info = self._drive_file(ss)
            fields = _param(params, "fields")
            if fields:
                wanted = {f.strip() for f in fields.split(",")}
                info = {k: v for k, v in info.items() if k in wanted}
            return info

    def drive_list(self, params: dict[str, list[str]]) -> dict[str, Any]:
        """GET /drive/v3/files: spreadsheets, optionally filtered by `name = "..."`."""
        import re

        with self.lock:
            query = _param(params, "q") or ""
            m = re.search(r"name\s*=\s*(['\"])(.*?)\1", query)
            files = []
            for ss in sorted(self.spreadsheets.values(), key=lambda s: s.modified, reverse=True):
                if m and ss.title != m.group(2).replace("\\'", "'"):
                    continue
                info = self._drive_file(ss)
                info.pop("kind")
                info.pop("mimeType")
                files.append(info)
            return {"kind": "drive#fileList", "files": files}

    def drive_delete(self, file_id: str) -> None:
        """DELETE /drive/v3/files/{id}."""
        with self.lock:
            if file_id not in self.spreadsheets:
                raise DriveError(404, f"File not found: {file_id}.", "notFound", "fileId")
            del self.spreadsheets[file_id]

    # ------------------------------------------------------------ metadata

    def _sheet_json(self, ss: Spreadsheet, sheet: Sheet) -> dict[str, Any]:
        props = copy.deepcopy(sheet.props)
        grid = props["gridProperties"]
        for key in list(grid):
            if key not in ("rowCount", "columnCount") and not grid[key]:
                del grid[key]
        for key in [k for k, v in props.items() if v is False]:
            del props[key]
        out: dict[str, Any] = {"properties": prune(props)}
        if sheet.merges:
            out["merges"] = [range_out(sheet.sheet_id, m) for m in sheet.merges]
        if sheet.basic_filter:
            bf = copy.deepcopy(sheet.basic_filter)
            bf["range"] = range_out(sheet.sheet_id, bf.get("range", {}))
            out["basicFilter"] = bf
        if sheet.protected:
            out["protectedRanges"] = [self._protected_json(sheet, p, True) for p in sheet.protected]
        if sheet.row_groups:
            out["rowGroups"] = copy.deepcopy(sheet.row_groups)
        if sheet.col_groups:
            out["columnGroups"] = copy.deepcopy(sheet.col_groups)
        return out

    def _protected_json(self, sheet: Sheet, pr: dict[str, Any], full: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"protectedRangeId": pr["protectedRangeId"]}
        if "range" in pr:
            out["range"] = range_out(sheet.sheet_id, pr["range"])
        for key in ("namedRangeId", "description", "unprotectedRanges"):
            if pr.get(key):
                out[key] = pr[key]
        if pr.get("warningOnly"):
            out["warningOnly"] = True
        out["requestingUserCanEdit"] = True
        if full and not pr.get("warningOnly"):
            users = [self.owner_email] + [
                u for u in (pr.get("editors") or {}).get("users", []) if u != self.owner_email
            ]
            editors: dict[str, Any] = {"users": users}
            groups = (pr.get("editors") or {}).get("groups")
            if groups:
                editors["groups"] = groups
            out["editors"] = editors
        elif full:
            out["editors"] = {"users": [self.owner_email]}
        else:
            editors = {k: v for k, v in (pr.get("editors") or {}).items() if v}
            out["editors"] = editors
        return out

    def metadata(self, spreadsheet_id: str, params: dict[str, list[str]]) -> dict[str, Any]:
        """GET /v4/spreadsheets/{id}: properties, tabs, named ranges; grid data on request."""
        with self.lock:
            ss = self.get(spreadsheet_id)
            fields = _param(params, "fields")
            paths = fieldmask.parse(fields)
            ranges = params.get("ranges") or []
            if paths:
                include_grid = any(
                    p and p[0] == "sheets" and "data" in p[1:2] for p in paths
                ) or any(p == ("*",) for p in paths)
            else:
                include_grid = _flag(params, "includeGridData")
            evaluation = Evaluation(ss)
            sheets_out = []
            if ranges:
                order: list[Sheet] = []
                data_by_sheet: dict[int, list[dict[str, Any]]] = {}
                for text in ranges:
                    target = resolve_range(ss, text)
                    if target.sheet not in order:
                        order.append(target.sheet)
                    data_by_sheet.setdefault(target.sheet.sheet_id, []).append(
                        self._grid_data(evaluation, target)
                    )
                for sheet in order:
                    sheet_json = self._sheet_json(ss, sheet)
                    if include_grid:
                        sheet_json["data"] = data_by_sheet[sheet.sheet_id]
                    sheets_out.append(sheet_json)
            else:
                for sheet in ss.sheets:
                    sheet_json = self._sheet_json(ss, sheet)
                    if include_grid:
                        whole = Target(
                            sheet, 0, 0, sheet.row_count - 1, sheet.col_count - 1, False, False, ""
                        )
                        sheet_json["data"] = [self._grid_data(evaluation, whole)]
                    sheets_out.append(sheet_json)
            out: dict[str, Any] = {
                "spreadsheetId": ss.id,
                "properties": copy.deepcopy(ss.props),
                "sheets": sheets_out,
            }
            if ss.named_ranges:
                out["namedRanges"] = [self._named_json(ss, n) for n in ss.named_ranges]
            out["spreadsheetUrl"] = f"https://docs.google.com/spreadsheets/d/{ss.id}/edit"
            return fieldmask.project(out, paths) if paths else out

    def _named_json(self, ss: Spreadsheet, named: dict[str, Any]) -> dict[str, Any]:
        rng = named["range"]
        return {
            "namedRangeId": named["namedRangeId"],
            "name": named["name"],
            "range": range_out(rng.get("sheetId", 0), rng),
        }

    def cell_json(self, evaluation: Evaluation, sheet: Sheet, row: int, col: int) -> dict[str, Any]:
        """CellData for one cell, as includeGridData returns it."""
        cell = sheet.get(row, col)
        if cell is None:
            return {}
        out: dict[str, Any] = {}
        if cell.has_value:
            if cell.formula is not None:
                out["userEnteredValue"] = {"formulaValue": cell.formula}
            else:
                out["userEnteredValue"] = _extended(cell.value)
            value = evaluation.effective(sheet, row, col)
            if isinstance(value, ErrorValue):
                out["effectiveValue"] = {
                    "errorValue": {
                        "type": _ERROR_TYPES.get(value.code, "ERROR"),
                        "message": value.code,
                    }
                }
            else:
                out["effectiveValue"] = _extended(value)
            out["formattedValue"] = render(
                evaluation, sheet, row, col, "FORMATTED_VALUE", "FORMATTED_STRING"
            )
        if cell.fmt:
            out["userEnteredFormat"] = copy.deepcopy(cell.fmt)
        if cell.has_value or cell.fmt:
            effective = copy.deepcopy(DEFAULT_FORMAT)
            _deep_merge(effective, cell.fmt or {})
            out["effectiveFormat"] = effective
        if cell.note is not None:
            out["note"] = cell.note
        if cell.validation is not None:
            out["dataValidation"] = copy.deepcopy(cell.validation)
        return out

    def _grid_data(self, evaluation: Evaluation, target: Target) -> dict[str, Any]:
        sheet = target.sheet
        out: dict[str, Any] = {}
        if target.row1:
            out["startRow"] = target.row1
        if target.col1:
            out["startColumn"] = target.col1
        row_data = []
        for r in range(target.row1, target.row2 + 1):
            row_cells = sheet.cells.get(r)
            if not row_cells:
                row_data.append({})
                continue
            cols = [c for c in row_cells if target.col1 <= c <= target.col2]
            if not cols:
                row_data.append({})
                continue
            values = [
                self.cell_json(evaluation, sheet, r, c) for c in range(target.col1, max(cols) + 1)
            ]
            while values and not values[-1]:
                values.pop()
            row_data.append({"values": values} if values else {})
        while row_data and not row_data[-1]:
            row_data.pop()
        if row_data:
            out["rowData"] = row_data
        out["rowMetadata"] = [
            _dim_meta(sheet.row_meta.get(r), DEFAULT_ROW_PX)
            for r in range(target.row1, target.row2 + 1)
        ]
        out["columnMetadata"] = [
            _dim_meta(sheet.col_meta.get(c), DEFAULT_COLUMN_PX)
            for c in range(target.col1, target.col2 + 1)
        ]
        return out

    # ------------------------------------------------------------ values: reading

    def values_get(
        self, spreadsheet_id: str, range_text: str, params: dict[str, list[str]]
    ) -> dict[str, Any]:
        """GET .../values/{range}."""
        with self.lock:
            ss = self.get(spreadsheet_id)
            return self._value_range(ss, Evaluation(ss), range_text, params)

    def _value_range(
        self, ss: Spreadsheet, evaluation: Evaluation, range_text: str, params: dict[str, list[str]]
    ) -> dict[str, Any]:
        value_option = _enum(
            _param(params, "valueRenderOption"),
            VALUE_RENDER_OPTIONS,
            "value_render_option",
            "ValueRenderOption",
            "FORMATTED_VALUE",
        )
        date_option = _enum(
            _param(params, "dateTimeRenderOption"),
            DATE_TIME_RENDER_OPTIONS,
            "date_time_render_option",
            "DateTimeRenderOption",
            "SERIAL_NUMBER",
        )
        major = _enum(
            _param(params, "majorDimension"), DIMENSIONS, "major_dimension", "Dimension", "ROWS"
        )
        target = resolve_range(ss, range_text)
        out: dict[str, Any] = {"range": target.a1(), "majorDimension": major}
        values = grid_values(evaluation, target, value_option, date_option, major)
        if values:
            out["values"] = values
        return out

    def values_batch_get(self, spreadsheet_id: str, params: dict[str, list[str]]) -> dict[str, Any]:
        """GET .../values:batchGet?ranges=...&ranges=..."""
        with self.lock:
            ss = self.get(spreadsheet_id)
            evaluation = Evaluation(ss)
            out: dict[str, Any] = {"spreadsheetId": ss.id}
            ranges = params.get("ranges") or []
            if ranges:
                out["valueRanges"] = [
                    self._value_range(ss, evaluation, text, params) for text in ranges
                ]
            return out

    # ------------------------------------------------------------ values: writing

    def _input_option(self, value: str | None) -> str:
        if not value:
            raise bad_request("'valueInputOption' is required but not specified")
        return _enum(value, VALUE_INPUT_OPTIONS, "value_input_option", "ValueInputOption", "RAW")

    def _rows_of(
        self, body: dict[str, Any], field: str = "data.values"
    ) -> tuple[list[list[Any]], str]:
        values = body.get("values")
        major = body.get("majorDimension") or "ROWS"
        if major not in DIMENSIONS:
            raise bad_request(
                f"Invalid value at '{field.rsplit('.', 1)[0]}.major_dimension' "
                f'(type.googleapis.com/google.apps.sheets.v4.Dimension), "{major}"'
            )
        if values is None:
            return [], major
        if not isinstance(values, list):
            raise invalid_list_value(field, values)
        for i, row in enumerate(values):
            if not isinstance(row, list):
                raise invalid_list_value(f"{field}[{i}]", row)
            for j, item in enumerate(row):
                if isinstance(item, (dict, list)):
                    raise bad_request(f"Invalid {field.split('.')[-1]}[{i}][{j}]: {item!r}")
                if isinstance(item, str) and len(item) > MAX_CELL_CHARS:
                    raise bad_request(
                        f"Your input contains more than the maximum of {MAX_CELL_CHARS} "
                        "characters in a single cell."
                    )
        if major == "COLUMNS":
            height = max((len(col) for col in values), default=0)
            values = [[col[r] if r < len(col) else None for col in values] for r in range(height)]
        return values, major

    def _stored(self, ss: Spreadsheet, existing: Cell | None, raw: Any, option: str) -> Cell:
        base = existing or EMPTY
        if isinstance(raw, bool):
            return replace(base, value=raw, formula=None)
        if isinstance(raw, (int, float)):
            return replace(base, value=float(raw), formula=None)
        text = str(raw)
        if text == "":
            return replace(base, value=None, formula=None)
        if len(text) > MAX_CELL_CHARS:
            raise bad_request(
                f"Your input contains more than the maximum of {MAX_CELL_CHARS} characters in a "
                "single cell."
            )
        if option == "RAW":
            return replace(base, value=text, formula=None)
        number_format = base.number_format
        if number_format and number_format.get("type") == "TEXT":
            return replace(base, value=text, formula=None)
        parsed = formats.parse_user_entered(text, ss.locale)
        if parsed.formula is not None:
            return replace(base, value=None, formula=parsed.formula)
        fmt = base.fmt
        if parsed.number_format and not number_format:
            fmt = {**(fmt or {}), "numberFormat": parsed.number_format}
        return replace(base, value=parsed.value, formula=None, fmt=fmt)

    def write_block(
        self,
        ss: Spreadsheet,
        sheet: Sheet,
        row: int,
        col: int,
        rows: list[list[Any]],
        option: str,
        grow: bool = True,
    ) -> tuple[int, int, int, int, int]:
        """Write rows of values at a 0-based anchor; returns (height, width, rows, cols, cells)."""
        height = len(rows)
        width = max((len(r) for r in rows), default=0)
        if grow:
            self._grow(ss, sheet, row + height, col + width)
        touched_rows: set[int] = set()
        touched_cols: set[int] = set()
        cells = 0
        for i, values in enumerate(rows):
            for j, raw in enumerate(values):
                if raw is None:
                    continue
                r, c = row + i, col + j
                sheet.put(r, c, self._stored(ss, sheet.get(r, c), raw, option))
                touched_rows.add(r)
                touched_cols.add(c)
                cells += 1
        if cells:
            ss.modified = _now()
        return height, width, len(touched_rows), len(touched_cols), cells

    def _grow(self, ss: Spreadsheet, sheet: Sheet, rows: int, cols: int, prefix: str = "") -> None:
        extra_rows = max(0, rows - sheet.row_count)
        extra_cols = max(0, cols - sheet.col_count)
        if not extra_rows and not extra_cols:
            return
        new_rows = sheet.row_count + extra_rows
        new_cols = sheet.col_count + extra_cols
        ss.check_cells(new_rows * new_cols - sheet.row_count * sheet.col_count, prefix)
        sheet.row_count = new_rows
        sheet.col_count = new_cols

    def _update_response(
        self,
        ss: Spreadsheet,
        sheet: Sheet,
        row: int,
        col: int,
        result: tuple[int, int, int, int, int],
        params: dict[str, Any],
    ) -> dict[str, Any]:
        height, width, n_rows, n_cols, n_cells = result
        out: dict[str, Any] = {"spreadsheetId": ss.id}
        if height and width:
            out["updatedRange"] = format_range(
                sheet.title, row, col, row + height - 1, col + width - 1
            )
        else:
            out["updatedRange"] = format_range(sheet.title, row, col, row, col)
        if n_cells:
            out.update({"updatedRows": n_rows, "updatedColumns": n_cols, "updatedCells": n_cells})
        if params.get("include"):
            target = Target(
                sheet, row, col, row + max(height, 1) - 1, col + max(width, 1) - 1, True, True, ""
            )
            data: dict[str, Any] = {"range": target.a1(), "majorDimension": "ROWS"}
            values = grid_values(Evaluation(ss), target, params["render"], params["date"], "ROWS")
            if values:
                data["values"] = values
            out["updatedData"] = data
        return out

    def _response_options(self, source: dict[str, Any]) -> dict[str, Any]:
        include = source.get("includeValuesInResponse")
        if isinstance(include, str):
            include = include.lower() in ("true", "1")
        return {
            "include": bool(include),
            "render": _enum(
                source.get("responseValueRenderOption"),
                VALUE_RENDER_OPTIONS,
                "response_value_render_option",
                "ValueRenderOption",
                "FORMATTED_VALUE",
            ),
            "date": _enum(
                source.get("responseDateTimeRenderOption"),
                DATE_TIME_RENDER_OPTIONS,
                "response_date_time_render_option",
                "DateTimeRenderOption",
                "SERIAL_NUMBER",
            ),
        }

    def _check_fit(self, target: Target, rows: list[list[Any]]) -> None:
        height = len(rows)
        width = max((len(r) for r in rows), default=0)
        if target.rows_bounded and height and target.row1 + height - 1 > target.row2:
            raise bad_request(
                f"Requested writing within range [{target.text}], but tried writing to row "
                f"[{target.row1 + height}]"
            )
        if target.cols_bounded and width and target.col1 + width - 1 > target.col2:
            raise bad_request(
                f"Requested writing within range [{target.text}], but tried writing to column "
                f"[{col_letters(target.col1 + width - 1)}]"
            )

    def values_update(
        self,
        spreadsheet_id: str,
        range_text: str,
        params: dict[str, list[str]],
        body: dict[str, Any],
    ) -> dict[str, Any]:
        """PUT .../values/{range}."""
        with self.lock:
            ss = self.get(spreadsheet_id)
            rows, _major = self._rows_of(body)
            option = self._input_option(_param(params, "valueInputOption"))
            response = self._response_options({k: _param(params, k) for k in _RESPONSE_KEYS})
            target = resolve_range(ss, range_text)
            self._check_fit(target, rows)
            result = self.write_block(ss, target.sheet, target.row1, target.col1, rows, option)
            return self._update_response(
                ss, target.sheet, target.row1, target.col1, result, response
            )

    def values_batch_update(self, spreadsheet_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST .../values:batchUpdate (all or nothing)."""
        with self.lock:
            ss = self.get(spreadsheet_id)
            option = self._input_option(body.get("valueInputOption"))
            response = self._response_options(body)
            data = body.get("data") or []
            snap = ss.snapshot()
            try:
                responses = []
                rows_touched: set[tuple[int, int]] = set()
                cols_touched: set[tuple[int, int]] = set()
                sheets_touched: set[int] = set()
                total_cells = 0
                for i, item in enumerate(data):
                    rows, _major = self._rows_of(item, f"data[{i}].values")
                    target = resolve_range(ss, item.get("range") or "")
                    self._check_fit(target, rows)
                    before = {
                        (r, c)
                        for r, row in enumerate(rows)
                        for c, v in enumerate(row)
                        if v is not None
                    }
                    result = self.write_block(
                        ss, target.sheet, target.row1, target.col1, rows, option
                    )
                    sid = target.sheet.sheet_id
                    for r, c in before:
                        rows_touched.add((sid, target.row1 + r))
                        cols_touched.add((sid, target.col1 + c))
                    if result[4]:
                        sheets_touched.add(sid)
                    total_cells += result[4]
                    responses.append(
                        self._update_response(
                            ss, target.sheet, target.row1, target.col1, result, response
                        )
                    )
            except ApiError:
                ss.restore(snap)
                raise
            out: dict[str, Any] = {"spreadsheetId": ss.id}
            if total_cells:
                out.update(
                    {
                        "totalUpdatedRows": len(rows_touched),
                        "totalUpdatedColumns": len(cols_touched),
                        "totalUpdatedCells": total_cells,
                        "totalUpdatedSheets": len(sheets_touched),
                    }
                )
            if responses:
                out["responses"] = responses
            return out

    def find_table(self, target: Target) -> tuple[int, int, int, int] | None:
        """The "table" values.append extends: Google's contiguous block around the last data row."""
        sheet = target.sheet
        last = None
        for r in sorted(sheet.cells, reverse=True):
            if target.row1 <= r <= target.row2 and sheet.row_has_value(r, target.col1, target.col2):
                last = r
                break
        if last is None:
            return None
        anchor = max(
            c
            for c, cell in sheet.cells[last].items()
            if target.col1 <= c <= target.col2 and cell.has_value
        )
        top = bottom = last
        left = right = anchor

        def col_has_value(c: int, r1: int, r2: int) -> bool:
            return any(
                (cell := sheet.get(r, c)) is not None and cell.has_value for r in range(r1, r2 + 1)
            )

        changed = True
        while changed:
            changed = False
            while sheet.row_has_value(bottom + 1, max(target.col1, left - 1), right + 1):
                bottom += 1
                changed = True
            while top - 1 >= target.row1 and sheet.row_has_value(
                top - 1, max(target.col1, left - 1), right + 1
            ):
                top -= 1
                changed = True
            while col_has_value(right + 1, max(target.row1, top - 1), bottom + 1):
                right += 1
                changed = True
            while left - 1 >= target.col1 and col_has_value(
                left - 1, max(target.row1, top - 1), bottom + 1
            ):
                left -= 1
                changed = True
        return top, left, bottom, right

    def values_append(
        self,
        spreadsheet_id: str,
        range_text: str,
        params: dict[str, list[str]],
        body: dict[str, Any],
    ) -> dict[str, Any]:
        """POST .../values/{range}:append: write after the table found in the range."""
        with self.lock:
            ss = self.get(spreadsheet_id)
            rows, _major = self._rows_of(body)
            option = self._input_option(_param(params, "valueInputOption"))
            insert = _enum(
                _param(params, "insertDataOption"),
                ("OVERWRITE", "INSERT_ROWS"),
                "insert_data_option",
                "InsertDataOption",
                "OVERWRITE",
            )
            response = self._response_options({k: _param(params, k) for k in _RESPONSE_KEYS})
            target = resolve_range(ss, range_text)
            sheet = target.sheet
            table = self.find_table(target)
            if table is None:
                row, col = target.row1, target.col1
            else:
                row, col = table[2] + 1, table[1]
            snap = ss.snapshot()
            try:
                result = self._append_at(ss, sheet, row, col, rows, option, insert)
            except ApiError:
                ss.restore(snap)
                raise
            updates = self._update_response(ss, sheet, row, col, result, response)
            out: dict[str, Any] = {"spreadsheetId": ss.id}
            if table is not None:
                out["tableRange"] = format_range(sheet.title, *table)
            out["updates"] = updates
            return out

    def _append_at(
        self,
        ss: Spreadsheet,
        sheet: Sheet,
        row: int,
        col: int,
        rows: list[list[Any]],
        option: str,
        insert: str,
    ) -> tuple[int, int, int, int, int]:
        """Write appended rows at (row, col), inserting rows first for INSERT_ROWS."""
        height = len(rows)
        width = max((len(r) for r in rows), default=0)
        if insert == "INSERT_ROWS" and height:
            ss.check_cells(height * sheet.col_count)
            if row < sheet.row_count:
                sheet.insert_rows(row, height, row - 1 if row > 0 else None)
                shift_named_ranges(ss, sheet, "ROWS", row, height, False)
                ss.shift_formulas(sheet, "ROWS", row, height, False)
            else:
                sheet.row_count = sheet.row_count + height
        self._grow(ss, sheet, row + height, col + width)
        return self.write_block(ss, sheet, row, col, rows, option, grow=False)

    def values_clear(self, spreadsheet_id: str, range_text: str) -> dict[str, Any]:
        """POST .../values/{range}:clear (values only; formats stay)."""
        with self.lock:
            ss = self.get(spreadsheet_id)
            target = resolve_range(ss, range_text)
            self._clear(ss, target)
            return {"spreadsheetId": ss.id, "clearedRange": target.a1()}

    def _clear(self, ss: Spreadsheet, target: Target) -> None:
        sheet = target.sheet
        for r in [r for r in sheet.cells if target.row1 <= r <= target.row2]:
            for c in [c for c in sheet.cells[r] if target.col1 <= c <= target.col2]:
                cell = sheet.cells[r][c]
                if cell.has_value:
                    sheet.put(r, c, replace(cell, value=None, formula=None))
        ss.modified = _now()

    def values_batch_clear(self, spreadsheet_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST .../values:batchClear."""
        with self.lock:
            ss = self.get(spreadsheet_id)
            ranges = body.get("ranges") or []
            targets = [resolve_range(ss, text) for text in ranges]
            for target in targets:
                self._clear(ss, target)
            out: dict[str, Any] = {"spreadsheetId": ss.id}
            if targets:
                out["clearedRanges"] = [t.a1() for t in targets]
            return out

    # ------------------------------------------------------------ spreadsheets.batchUpdate

    def batch_update(
        self, spreadsheet_id: str, body: dict[str, Any], params: dict[str, list[str]] | None = None
    ) -> dict[str, Any]:
        """POST /v4/spreadsheets/{id}:batchUpdate, all or nothing."""
        from .batch import apply_request

        with self.lock:
            ss = self.get(spreadsheet_id)
            requests = body.get("requests")
            if not requests:
                raise bad_request("Must specify at least one request.")
            if not isinstance(requests, list):
                raise invalid_list_value("requests", requests)
            snap = ss.snapshot()
            replies = []
            try:
                for index, request in enumerate(requests):
                    replies.append(apply_request(self, ss, request, index))
            except ApiError:
                ss.restore(snap)
                raise
            ss.modified = _now()
            out: dict[str, Any] = {"spreadsheetId": ss.id, "replies": replies}
            if body.get("includeSpreadsheetInResponse"):
                meta_params: dict[str, list[str]] = {}
                if body.get("responseIncludeGridData"):
                    meta_params["includeGridData"] = ["true"]
                if body.get("responseRanges"):
                    meta_params["ranges"] = list(body["responseRanges"])
                out["updatedSpreadsheet"] = self.metadata(ss.id, meta_params)
            return out

    # ------------------------------------------------------------ person-like edits

    def _person_sheet(self, spreadsheet_id: str, sheet_title: str) -> tuple[Spreadsheet, Sheet]:
        ss = self.get(spreadsheet_id)
        sheet = ss.sheet_by_title(sheet_title)
        if sheet is None:
            raise KeyError(f"no tab named {sheet_title!r}")
        return ss, sheet

    def set_cell(
        self, spreadsheet_id: str, sheet_title: str, row: int, col: int, value: Any
    ) -> None:
        """Type a value into a cell (1-based row and column), as a person would."""
        with self.lock:
            ss, sheet = self._person_sheet(spreadsheet_id, sheet_title)
            if row < 1 or col < 1:
                raise ValueError("rows and columns are 1-based")
            self.write_block(ss, sheet, row - 1, col - 1, [[_typed(value)]], "USER_ENTERED")

    def get_cell(self, spreadsheet_id: str, sheet_title: str, row: int, col: int) -> Any:
        """The effective value of a cell (1-based), "" when empty."""
        with self.lock:
            ss, sheet = self._person_sheet(spreadsheet_id, sheet_title)
            return python_value(Evaluation(ss), sheet, row - 1, col - 1)

    def set_values(
        self,
        spreadsheet_id: str,
        sheet_title: str,
        rows: list[list[Any]],
        top_left: str = "A1",
        user_entered: bool = True,
    ) -> None:
        """Paste a block of values at an A1 cell (typed, or RAW when user_entered is False)."""
        with self.lock:
            ss, sheet = self._person_sheet(spreadsheet_id, sheet_title)
            bounds = parse_cells(top_left)
            option = "USER_ENTERED" if user_entered else "RAW"
            self.write_block(
                ss,
                sheet,
                bounds.row1 or 0,
                bounds.col1 or 0,
                [[_typed(v) if user_entered else v for v in row] for row in rows],
                option,
            )

    def insert_rows(
        self,
        spreadsheet_id: str,
        sheet_title: str,
        before_row: int,
        rows_of_values: list[list[Any]],
    ) -> None:
        """Insert rows before a 1-based row and type values into them."""
        with self.lock:
            ss, sheet = self._person_sheet(spreadsheet_id, sheet_title)
            count = max(1, len(rows_of_values))
            start = before_row - 1
            if not 0 <= start <= sheet.row_count:
                raise ValueError(f"row {before_row} is outside the grid")
            ss.check_cells(count * sheet.col_count)
            sheet.insert_rows(start, count, start - 1 if start > 0 else None)
            shift_named_ranges(ss, sheet, "ROWS", start, count, False)
            ss.shift_formulas(sheet, "ROWS", start, count, False)
            self.write_block(
                ss,
                sheet,
                start,
                0,
                [[_typed(v) for v in row] for row in rows_of_values],
                "USER_ENTERED",
            )
            ss.modified = _now()

    def delete_rows(
        self, spreadsheet_id: str, sheet_title: str, first_row: int, count: int = 1
    ) -> None:
        """Delete `count` rows starting at a 1-based row."""
        with self.lock:
            ss, sheet = self._person_sheet(spreadsheet_id, sheet_title)
            start = first_row - 1
            if start < 0 or count < 1 or start + count > sheet.row_count:
                raise ValueError("rows outside the grid")
            if count >= sheet.row_count:
                raise ValueError("can't delete all the rows of a sheet")
            sheet.delete_rows(start, count)
            shift_named_ranges(ss, sheet, "ROWS", start, count, True)
            ss.shift_formulas(sheet, "ROWS", start, count, True)
            ss.modified = _now()

    def sort_rows(
        self,
        spreadsheet_id: str,
        sheet_title: str,
        column_index: int | str,
        ascending: bool = True,
        header_rows: int = 1,
    ) -> None:
        """Sort the data rows by one column: a 0-based index, a letter ("B") or a header text."""
        from .batch import sort_block

        with self.lock:
            ss, sheet = self._person_sheet(spreadsheet_id, sheet_title)
            col = self._column_of(ss, sheet, column_index)
            used_rows, used_cols = sheet.used_extent()
            if used_rows <= header_rows:
                return
            sort_block(
                ss,
                sheet,
                header_rows,
                0,
                used_rows - 1,
                max(used_cols, col + 1) - 1,
                [(col, ascending)],
            )
            ss.modified = _now()

    def _column_of(self, ss: Spreadsheet, sheet: Sheet, column: int | str) -> int:
        if isinstance(column, int):
            return column
        if column.isalpha() and len(column) <= 3 and column.isupper():
            return col_index(column)
        evaluation = Evaluation(ss)
        for c in sorted(sheet.cells.get(0, {})):
            value = python_value(evaluation, sheet, 0, c)
            if isinstance(value, str) and _norm_title(value) == _norm_title(column):
                return c
        raise KeyError(f"no column {column!r}")

    def add_column(self, spreadsheet_id: str, sheet_title: str, header: str) -> int:
        """Add a header after the last used column of row 1; returns its 1-based column."""
        with self.lock:
            ss, sheet = self._person_sheet(spreadsheet_id, sheet_title)
            header_cols = [c for c, cell in sheet.cells.get(0, {}).items() if cell.has_value]
            col = max(header_cols) + 1 if header_cols else 0
            self.write_block(ss, sheet, 0, col, [[_typed(header)]], "USER_ENTERED")
            return col + 1

    def add_sheet(
        self, spreadsheet_id: str, title: str, rows: int = DEFAULT_ROWS, cols: int = DEFAULT_COLUMNS
    ) -> int:
        """Add a tab at the end; returns its sheetId."""
        with self.lock:
            ss = self.get(spreadsheet_id)
            if ss.sheet_by_title(title) is not None:
                raise ValueError(f"a tab named {title!r} already exists")
            ss.check_cells(rows * cols)
            sheet = Sheet(self.new_sheet_id(ss), title, rows, cols)
            ss.sheets.append(sheet)
            ss.reindex()
            return sheet.sheet_id

    def sheet_titles(self, spreadsheet_id: str) -> list[str]:
        """The tabs' names in order."""
        with self.lock:
            return [s.title for s in self.get(spreadsheet_id).sheets]

    def values(self, spreadsheet_id: str, sheet_title: str) -> list[list[Any]]:
        """The used part of a tab as Python values: a rectangle padded with ""."""
        with self.lock:
            ss, sheet = self._person_sheet(spreadsheet_id, sheet_title)
            evaluation = Evaluation(ss)
            rows, cols = sheet.used_extent()
            return [
                [python_value(evaluation, sheet, r, c) for c in range(cols)] for r in range(rows)
            ]

    def formatted_values(self, spreadsheet_id: str, sheet_title: str) -> list[list[str]]:
        """The used part of a tab as the strings a person sees."""
        with self.lock:
            ss, sheet = self._person_sheet(spreadsheet_id, sheet_title)
            evaluation = Evaluation(ss)
            rows, cols = sheet.used_extent()
            out = []
            for r in range(rows):
                line = []
                for c in range(cols):
                    shown = render(evaluation, sheet, r, c, "FORMATTED_VALUE", "FORMATTED_STRING")
                    line.append("" if shown is None else shown)
                out.append(line)
            return out

    def cell_format(
        self, spreadsheet_id: str, sheet_title: str, row: int, col: int
    ) -> dict[str, Any]:
        """The userEnteredFormat of a cell (1-based), {} when none."""
        with self.lock:
            _ss, sheet = self._person_sheet(spreadsheet_id, sheet_title)
            cell = sheet.get(row - 1, col - 1)
            return copy.deepcopy(cell.fmt) if cell and cell.fmt else {}

    def data_validation(
        self, spreadsheet_id: str, sheet_title: str, row: int, col: int
    ) -> dict[str, Any] | None:
        """The data validation rule of a cell (1-based), or None."""
        with self.lock:
            _ss, sheet = self._person_sheet(spreadsheet_id, sheet_title)
            cell = sheet.get(row - 1, col - 1)
            return copy.deepcopy(cell.validation) if cell and cell.validation else None

    def invalid_cells(self, spreadsheet_id: str, sheet_title: str) -> list[tuple[int, int, Any]]:
        """Cells (1-based row, column, value) breaking their ONE_OF_LIST or BOOLEAN rule."""
        # Google stores rules but does not refuse API writes that break them; this lists what a
        # person would see flagged in the sheet.
        with self.lock:
            ss, sheet = self._person_sheet(spreadsheet_id, sheet_title)
            evaluation = Evaluation(ss)
            bad = []
            for r in sorted(sheet.cells):
                for c in sorted(sheet.cells[r]):
                    cell = sheet.cells[r][c]
                    if not cell.validation or not cell.has_value:
                        continue
                    condition = cell.validation.get("condition") or {}
                    value = python_value(evaluation, sheet, r, c)
                    shown = render(evaluation, sheet, r, c, "FORMATTED_VALUE", "FORMATTED_STRING")
                    kind = condition.get("type")
                    if kind == "ONE_OF_LIST":
                        allowed = [
                            str(v.get("userEnteredValue", "")) for v in condition.get("values", [])
                        ]
                        if shown not in allowed:
                            bad.append((r + 1, c + 1, value))
                    elif kind == "BOOLEAN" and not isinstance(value, bool):
                        bad.append((r + 1, c + 1, value))
            return bad

    def grid_size(self, spreadsheet_id: str, sheet_title: str) -> tuple[int, int]:
        """(rowCount, columnCount) of a tab."""
        with self.lock:
            _ss, sheet = self._person_sheet(spreadsheet_id, sheet_title)
            return sheet.row_count, sheet.col_count


_RESPONSE_KEYS = (
    "includeValuesInResponse",
    "responseValueRenderOption",
    "responseDateTimeRenderOption",
)

_ERROR_TYPES = {
    "#DIV/0!": "DIVIDE_BY_ZERO",
    "#VALUE!": "VALUE",
    "#REF!": "REF",
    "#NAME?": "NAME",
    "#NUM!": "NUM",
    "#N/A": "N_A",
    "#NULL!": "NULL_VALUE",
    "#ERROR!": "ERROR",
}


def _typed(value: Any) -> Any:
    """A Python value as a person would type it."""
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    if isinstance(value, datetime):
        return formats.serial_from_datetime(value.replace(tzinfo=None))
    return str(value)


def _extended(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, (int, float)):
        return {"numberValue": json_number(float(value))}
    return {"stringValue": "" if value is None else str(value)}


def _deep_merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    for key, value in source.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _deep_merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def _dim_meta(meta: dict[str, Any] | None, default_px: int) -> dict[str, Any]:
    out: dict[str, Any] = {"pixelSize": default_px}
    if meta:
        out.update({k: v for k, v in meta.items() if v not in (None, False)})
    return out
