"""Turning one tab's raw grid into a typed DataFrame plus the problems found in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sheets.schema import FieldType, TabSchema
from sheets.values import (
    CellError,
    Problem,
    column_letter,
    display,
    header_key,
    is_blank,
    parse_cell,
)

ROW = "_row"  # the row number a person sees in the sheet, kept on every frame

_DTYPES = {
    FieldType.INTEGER: "Int64",
    FieldType.DECIMAL: "Float64",
    FieldType.DATE: "datetime64[ns]",
    FieldType.DATETIME: "datetime64[ns]",
    FieldType.BOOL: "boolean",
}


@dataclass
class RawTab:
    """A tab as stored: its header row and its data rows with their sheet row numbers."""

    name: str
    headers: list[Any]
    rows: list[tuple[int, list[Any]]]
    sheet_id: int | None = None  # Google's gid, for links to a cell


@dataclass
class ColumnMap:
    """Where each field sits in a tab's header row."""

    index_by_code: dict[str, int]
    extras: list[str] = field(default_factory=list)  # columns staff added; kept, never dropped


def map_columns(schema: TabSchema, headers: list[Any]) -> tuple[ColumnMap, list[Problem]]:
    """Match headers to fields by label or code, in any order."""
    wanted: dict[str, str] = {}
    for f in schema.fields:
        wanted.setdefault(header_key(f.label), f.code)
        wanted.setdefault(header_key(f.code), f.code)
    index_by_code: dict[str, int] = {}
    extras: list[str] = []
    problems: list[Problem] = []
    for i, header in enumerate(headers):
        key = header_key(header)
        if not key:
            continue
        code = wanted.get(key)
        if code is None:
            extras.append(str(header))
        elif code in index_by_code:
            problems.append(
                Problem(
                    schema.name,
                    "duplicate_column",
                    1,
                    str(header),
                    column_letter(i),
                    severity="warning",
                )
            )
        else:
            index_by_code[code] = i
    for f in schema.fields:
        if f.code not in index_by_code and (f.required or f.code == "id"):
            problems.append(Problem(schema.name, "missing_column", 1, f.label, detail=f.code))
    return ColumnMap(index_by_code, extras), problems


@dataclass
class ParsedTab:
    """A typed tab: valid rows in `frame`, everything wrong in `problems`."""

    schema: TabSchema
    frame: pd.DataFrame
    problems: list[Problem]
    columns: ColumnMap
    row_count: int  # non-blank data rows, valid or not
    bad_rows: list[int]
    sheet_id: int | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def parse_tab(schema: TabSchema, raw: RawTab | None) -> ParsedTab:
    """Validate every non-blank row; rows with an error stay out of the frame."""
    if raw is None:
        problem = Problem(schema.name, "missing_tab")
        return ParsedTab(schema, empty_frame(schema), [problem], ColumnMap({}), 0, [])
    columns, problems = map_columns(schema, raw.headers)
    if any(p.kind == "missing_column" for p in problems):
        return ParsedTab(
            schema, empty_frame(schema), problems, columns, len(raw.rows), [], raw.sheet_id
        )
    records: list[dict[str, Any]] = []
    bad_rows: list[int] = []
    seen_ids: dict[str, int] = {}
    id_index = columns.index_by_code["id"]
    row_count = 0
    for row_number, cells in raw.rows:
        if all(is_blank(c) for c in cells):
            continue
        row_count += 1
        record: dict[str, Any] = {ROW: row_number}
        row_ok = True
        for f in schema.fields:
            i = columns.index_by_code.get(f.code)
            raw_value = cells[i] if i is not None and i < len(cells) else None
            try:
                record[f.code] = parse_cell(f, raw_value)
            except CellError as error:
                header = raw.headers[i] if i is not None else f.label
                problems.append(
                    Problem(
                        schema.name,
                        error.kind,
                        row_number,
                        str(header),
                        column_letter(i) if i is not None else None,
                        display(raw_value),
                        error.detail,
                        error.severity,
                    )
                )
                if error.severity == "error":
                    row_ok = False
                else:
                    record[f.code] = str(raw_value).strip()
        record_id = record.get("id")
        if record_id:
            if record_id in seen_ids:
                problems.append(
                    Problem(
                        schema.name,
                        "duplicate_id",
                        row_number,
                        str(raw.headers[id_index]),
                        column_letter(id_index),
                        display(record_id),
                        str(seen_ids[record_id]),
                    )
                )
                row_ok = False
            else:
                seen_ids[record_id] = row_number
        if row_ok:
            records.append(record)
        else:
            bad_rows.append(row_number)
    frame = to_frame(schema, records)
    return ParsedTab(schema, frame, problems, columns, row_count, bad_rows, raw.sheet_id)


def empty_frame(schema: TabSchema) -> pd.DataFrame:
    """A frame with the tab's columns and no rows."""
    return to_frame(schema, [])


def to_frame(schema: TabSchema, records: list[dict[str, Any]]) -> pd.DataFrame:
    """Typed columns: Int64, Float64, datetime64, boolean; text stays object."""
    codes = [ROW, *schema.codes]
    frame = pd.DataFrame.from_records(records, columns=codes)
    for f in schema.fields:
        dtype = _DTYPES.get(f.type)
        if dtype is None:
            frame[f.code] = frame[f.code].astype(object).where(frame[f.code].notna(), None)
        elif dtype == "datetime64[ns]":
            frame[f.code] = pd.to_datetime(frame[f.code])
        else:
            frame[f.code] = frame[f.code].astype(dtype)
    frame[ROW] = frame[ROW].astype("Int64")
    frame["archived"] = frame["archived"].fillna(False)
    frame["is_demo"] = frame["is_demo"].fillna(False)
    return frame
