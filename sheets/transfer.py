"""Moving a whole workbook to and from an Excel file (.xlsx).

    counts = export_xlsx(store, "sao-luu.xlsx")       # one worksheet per tab, typed cells
    tabs, problems = read_xlsx("sao-luu.xlsx")        # raw grids, as parse_tab takes them
    report = import_xlsx(store, "sao-luu.xlsx", actor="an.nv@...")

Import is all-or-nothing: every worksheet is validated first, and any error (a bad cell, a
missing column, a repeated ID, a formula, a record changed in the store since the export)
refuses the whole file. Otherwise every write happens in one backend transaction, so a
failure midway leaves the store as it was. Rows are never deleted by an import.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from reform.cell_text import EXCEL_MAX_TEXT, keep_as_typed
from sheets import schema as sc
from sheets.schema import Field, FieldType, TabSchema
from sheets.store import Store, StoreError, ValidationError
from sheets.table import ColumnMap, ParsedTab, RawTab, map_columns, parse_tab
from sheets.values import (
    CellError,
    Problem,
    column_letter,
    display,
    header_key,
    is_blank,
    parse_cell,
)

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm:ss"
IMPORT_ACTION = "Nhập"

# Text that a spreadsheet would read as a formula (OWASP CSV injection).
_TEXT_TYPES = (FieldType.TEXT, FieldType.CHOICE, FieldType.URL, FieldType.PHONE)
_NOT_COMPARED = ("id", "version", "updated_at")

# OOXML strings carry control characters as _xHHHH_ (XML itself cannot, and it turns a CR
# into a LF); a literal "_xHHHH_" is protected as _x005F_xHHHH_. Excel does the same.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_LITERAL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")

# What reading a file that is not a usable xlsx raises: not a zip, a zip without the
# workbook's parts, XML that does not parse (SyntaxError covers both XML parsers), odd values.
_BAD_FILE_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    InvalidFileException,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    SyntaxError,
    OSError,
)


# -- export ------------------------------------------------------------------------------


def export_xlsx(store: Store, path: str | Path | BinaryIO) -> dict[str, int]:
    """Write every tab as stored to one worksheet each; returns the row count per tab key."""
    schemas = list(store.tabs.values())
    raw_tabs = store.backend.read_tabs([s.name for s in schemas])
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    counts: dict[str, int] = {}
    for schema in schemas:
        raw = raw_tabs[schema.name]
        if raw is None:
            continue
        sheet = workbook.create_sheet(schema.name)
        counts[schema.key] = _write_tab(sheet, schema, raw)
    if not counts:
        raise StoreError("no_tabs", "the store has no tabs yet; run init first")
    workbook.save(str(path) if isinstance(path, (str, Path)) else path)
    return counts


def _write_tab(sheet: Worksheet, schema: TabSchema, raw: RawTab) -> int:
    """Header row in bold and frozen, then every data row; returns the data row count."""
    columns, _ = map_columns(schema, raw.headers)
    field_at = {i: schema.field(code) for code, i in columns.index_by_code.items()}
    bold = Font(bold=True)
    for i, header in enumerate(raw.headers):
        cell = sheet.cell(row=1, column=i + 1)
        _put(cell, header)
        cell.font = bold
        width = len(str(header or "")) + 4
        sheet.column_dimensions[column_letter(i)].width = min(max(width, 10), 50)
    sheet.freeze_panes = "A2"
    # Rows as stored, blank ones included, so a row keeps its number in the file.
    for row, (_, cells) in enumerate(raw.rows, start=2):
        for i, value in enumerate(cells):
            f = field_at.get(i)
            cell = sheet.cell(row=row, column=i + 1)
            _put(cell, _typed_for_excel(f, value))
            if isinstance(cell.value, dt.datetime):
                is_date = f is not None and f.type == FieldType.DATE
                cell.number_format = DATE_FORMAT if is_date else DATETIME_FORMAT
    return len(raw.rows)


def _typed_for_excel(f: Field | None, value: Any) -> Any:
    """The value to write: parsed when it fits its field, as stored otherwise."""
    if f is None or is_blank(value):
        return value
    try:
        typed = parse_cell(f, value)
    except CellError:
        return value
    if f.type in _TEXT_TYPES:
        # Text is written exactly as stored; only numbers that belong in text become text.
        return value if isinstance(value, str) else typed
    if isinstance(typed, dt.datetime):
        return typed
    if isinstance(typed, dt.date):
        return dt.datetime(typed.year, typed.month, typed.day)
    return typed


def _put(cell: Any, value: Any) -> None:
    """Assign a value; text always stays text, never a formula."""
    if is_blank(value) and not (isinstance(value, str) and value):
        cell.value = None
        return
    if isinstance(value, float) and not math.isfinite(value):
        value = str(value)
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if not isinstance(value, (str, bool, int, float, dt.date, dt.datetime)):
        value = str(value)
    if not isinstance(value, str):
        cell.value = value
        return
    text = value[:EXCEL_MAX_TEXT]
    cell.value = _escape(text)
    cell.data_type = "s"  # openpyxl takes a leading "=" as a formula otherwise
    if keep_as_typed(text):
        # Marked as typed with a leading apostrophe: Excel shows it and keeps it as text,
        # even when the cell is edited (so 0912345678 keeps its zero).
        cell.quotePrefix = True


def _escape(text: str) -> str:
    """OOXML escaping of control characters, so a CR or a \\x01 survives the file."""
    text = _LITERAL_ESCAPE.sub(r"_x005F_\1", text)
    return _CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def _unescape(text: str) -> str:
    """The text an OOXML string stands for."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


# -- reading ------------------------------------------------------------------------------


def read_xlsx(
    path: str | Path | BinaryIO, tabs: tuple[TabSchema, ...] = sc.TABS
) -> tuple[dict[str, RawTab], list[Problem]]:
    """Every worksheet matched to its tab (by key), plus formulas and unknown sheets found."""
    workbook = _open_workbook(path)
    by_name = {header_key(t.name): t for t in tabs}
    raws: dict[str, RawTab] = {}
    problems: list[Problem] = []
    try:
        for sheet in workbook.worksheets:
            schema = by_name.get(header_key(sheet.title))
            if schema is None or schema.key in raws:
                problems.append(Problem(sheet.title, "unknown_tab", severity="warning"))
                continue
            raws[schema.key], found = _read_sheet(sheet, schema.name)
            problems += found
    finally:
        workbook.close()
    return raws, problems


def _open_workbook(source: str | Path | BinaryIO) -> Any:
    """The workbook in this file (or upload), or a StoreError that says why it cannot be read."""
    name = str(source) if isinstance(source, (str, Path)) else getattr(source, "name", "")
    try:
        if isinstance(source, (str, Path)):
            path = Path(source)
            if not path.is_file() and not path.is_dir():
                raise StoreError("missing_file", f"{path}: no such file", path=name)
            with path.open("rb") as handle:  # a file object: the name need not end in .xlsx
                return openpyxl.load_workbook(handle, data_only=False)
        return openpyxl.load_workbook(source, data_only=False)
    except _BAD_FILE_ERRORS as error:
        raise StoreError(
            "bad_file", f"{name}: {error}", path=name, reason=str(error) or type(error).__name__
        ) from None


def _read_sheet(sheet: Worksheet, tab_name: str) -> tuple[RawTab, list[Problem]]:
    """The grid of one worksheet; a formula cell becomes a problem and an empty cell."""
    problems: list[Problem] = []
    grid: list[list[Any]] = []
    formulas: list[tuple[int, int]] = []
    for row_number, row in enumerate(sheet.iter_rows(), start=1):
        values: list[Any] = []
        for i, cell in enumerate(row):
            value = cell.value
            if cell.data_type == "f" or (
                isinstance(value, str) and cell.data_type != "s" and value.startswith("=")
            ):
                formulas.append((row_number, i))
                values.append(None)
                continue
            if isinstance(value, str):
                value = _unescape(value)
            values.append(value)
        while values and is_blank(values[-1]):
            values.pop()
        grid.append(values)
    while len(grid) > 1 and not grid[-1]:
        grid.pop()
    headers = grid[0] if grid else []
    for row_number, i in formulas:
        cell = sheet.cell(row=row_number, column=i + 1)
        header = headers[i] if row_number > 1 and i < len(headers) else None
        formula = getattr(cell.value, "text", cell.value)  # array formulas are objects
        problems.append(
            Problem(
                tab_name,
                "formula",
                row_number,
                str(header or column_letter(i)),
                column_letter(i),
                display(formula),
            )
        )
    rows = [(n, cells) for n, cells in enumerate(grid[1:], start=2)]
    return RawTab(sheet.title, list(headers), rows), problems


# -- import -------------------------------------------------------------------------------


@dataclass
class TabCounts:
    """What an import did to one tab."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """What an import did: counts per tab key, tabs skipped, warnings about the file."""

    tabs: dict[str, TabCounts] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # tab names never imported
    warnings: list[Problem] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(c.added for c in self.tabs.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.tabs.values())

    @property
    def unchanged(self) -> int:
        return sum(c.unchanged for c in self.tabs.values())

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


@dataclass
class _Plan:
    """The writes an import needs, worked out against one read of the store."""

    appends: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    updates: list[tuple[str, str, dict[str, Any], int]] = field(default_factory=list)
    counts: dict[str, TabCounts] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_writes(self) -> bool:
        return bool(self.updates or any(self.appends.values()))


def import_xlsx(store: Store, path: str | Path | BinaryIO, actor: str = "") -> ImportReport:
    """Add new rows and apply changed ones from an xlsx file, all or nothing."""
    raws, read_problems = read_xlsx(path, tuple(store.tabs.values()))
    return import_tabs(store, raws, read_problems, actor)


def copy_store(source: Store, target: Store, actor: str = "") -> ImportReport:
    """Bring every record of one store into another (local ⇄ Google), matched by id.

    The target gets its missing tabs first; records it lacks are added, records that differ
    are updated, nothing is deleted, and the audit tab is not copied. Safe to re-run: a second
    run finds everything equal and writes nothing.
    """
    target.init()
    names = {key: schema.name for key, schema in source.tabs.items()}
    raw = source.backend.read_tabs(list(names.values()))
    raws = {key: raw[name] for key, name in names.items() if raw.get(name) is not None}
    return import_tabs(target, raws, [], actor)


def import_tabs(
    store: Store, raws: dict[str, RawTab], read_problems: list[Problem], actor: str = ""
) -> ImportReport:
    """Apply raw tabs (keyed by tab key) to the store: validated first, all or nothing."""
    audit_name = store.tabs["audit"].name if "audit" in store.tabs else sc.AUDIT.name
    report = ImportReport()
    if "audit" in raws:
        report.skipped.append(audit_name)
    problems = [p for p in read_problems if p.tab != audit_name]
    parsed: dict[str, ParsedTab] = {}
    for key, schema in store.tabs.items():
        if key == "audit" or key not in raws:
            continue
        tab = parse_tab(schema, raws[key])
        formula_cells = {
            (p.row, p.column_letter)
            for p in problems
            if p.kind == "formula" and p.tab == schema.name
        }
        problems += [p for p in tab.problems if (p.row, p.column_letter) not in formula_cells]
        problems += [
            Problem(
                schema.name,
                "unknown_field",
                1,
                extra,
                _letter_of(raws[key].headers, extra),
                severity="warning",
            )
            for extra in tab.columns.extras
        ]
        parsed[key] = tab
    plan = _plan(store, parsed, raws)
    problems += plan.problems
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ValidationError(errors)
    report.warnings = [p for p in problems if not p.is_error]
    if plan.has_writes:
        with store.backend.transaction():
            # Worked out again under the write lock: nothing can change in between.
            plan = _plan(store, parsed, raws)
            if any(p.is_error for p in plan.problems):
                raise ValidationError([p for p in plan.problems if p.is_error])
            for key, records in plan.appends.items():
                if records:
                    store.append(
                        key, records, actor=actor, action=IMPORT_ACTION, keep_versions=True
                    )
            for key, record_id, changes, version in plan.updates:
                store.update(
                    key,
                    record_id,
                    changes,
                    expected_version=version,
                    actor=actor,
                    action=IMPORT_ACTION,
                )
    report.tabs = plan.counts
    return report


def _letter_of(headers: list[Any], header: str) -> str | None:
    for i, value in enumerate(headers):
        if value is not None and str(value) == header:
            return column_letter(i)
    return None


def _plan(store: Store, parsed: dict[str, ParsedTab], raws: dict[str, RawTab]) -> _Plan:
    """Compare every valid file row with the store: new, changed, unchanged or conflicting."""
    plan = _Plan()
    names = [store.tabs[key].name for key in parsed]
    if "audit" in store.tabs:
        names.append(store.tabs["audit"].name)
    stored_tabs = store.backend.read_tabs(names)
    for name, raw in stored_tabs.items():
        if raw is None:
            plan.problems.append(Problem(name, "missing_tab"))
    for key, tab in parsed.items():
        schema = store.tabs[key]
        counts = plan.counts[key] = TabCounts()
        stored_raw = stored_tabs[schema.name]
        if stored_raw is None:
            continue
        stored = _stored_records(schema, stored_raw)
        file_raw = raws[key]
        bad_rows = set(tab.bad_rows)
        compared = [c for c in tab.columns.index_by_code if c not in _NOT_COMPARED]
        appends: list[dict[str, Any]] = []
        for row_number, cells in file_raw.rows:
            if row_number in bad_rows or all(is_blank(c) for c in cells):
                continue
            record = _record(schema, tab.columns, cells, strict=True)
            current = stored.get(record["id"])
            if current is None:
                appends.append(record)
                continue
            changes = {
                c: record.get(c) for c in compared if not _same(record.get(c), current.get(c))
            }
            if not changes:
                counts.unchanged += 1
                continue
            file_version = record.get("version")
            stored_version = current.get("version")
            if file_version is not None and file_version != stored_version:
                i = tab.columns.index_by_code["version"]
                plan.problems.append(
                    Problem(
                        schema.name,
                        "version_conflict",
                        row_number,
                        str(file_raw.headers[i]),
                        column_letter(i),
                        display(file_version),
                        str(stored_version if stored_version is not None else ""),
                    )
                )
                continue
            version = stored_version if isinstance(stored_version, int) else 0
            plan.updates.append((key, record["id"], changes, version))
            counts.updated += 1
        plan.appends[key] = appends
        counts.added = len(appends)
    return plan


def _record(
    schema: TabSchema, columns: ColumnMap, cells: list[Any], strict: bool
) -> dict[str, Any]:
    """Typed values of the fields present in a row; strict rows are known to be valid."""
    record: dict[str, Any] = {}
    for code, i in columns.index_by_code.items():
        raw = cells[i] if i < len(cells) else None
        try:
            record[code] = parse_cell(schema.field(code), raw)
        except CellError as error:
            if strict and error.severity == "error":
                raise
            record[code] = (
                None
                if is_blank(raw)
                else (str(raw).strip() if error.severity == "warning" else raw)
            )
    return record


def _stored_records(schema: TabSchema, raw: RawTab) -> dict[str, dict[str, Any]]:
    """The store's rows by id, read leniently (a bad cell keeps its raw value)."""
    columns, _ = map_columns(schema, raw.headers)
    if "id" not in columns.index_by_code:
        return {}
    records: dict[str, dict[str, Any]] = {}
    id_index = columns.index_by_code["id"]
    for _, cells in raw.rows:
        raw_id = cells[id_index] if id_index < len(cells) else None
        if is_blank(raw_id):
            continue
        record = _record(schema, columns, cells, strict=False)
        records.setdefault(str(record["id"]), record)
    return records


def _same(a: Any, b: Any) -> bool:
    """Equal as values: blank equals blank, floats within rounding."""
    if is_blank(a) and is_blank(b):
        return True
    if isinstance(a, float) and isinstance(b, (int, float)) and not isinstance(b, bool):
        return abs(a - b) < 1e-9
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        return False
    return a == b
