"""Valid synthetic rows of any tab, for tests and benchmarks at scale (1,000 to 50,000 rows)."""

from __future__ import annotations

from typing import Any

from sheets.schema import Field, FieldType, TabSchema


def valid_cell(field: Field, i: int) -> Any:
    """A raw value that passes the field's rules, as a sheet holds it (dates as serials)."""
    if field.code == "id":
        return f"r{i:07d}"
    if field.code == "version":
        return 1
    if field.type == FieldType.INTEGER:
        low, high = int(field.min_value or 0), int(field.max_value or 1_000_000)
        return low + i % (high - low + 1)
    if field.type == FieldType.DECIMAL:
        return 1.5
    if field.type == FieldType.DATE:
        return 42_830 + i % 365
    if field.type == FieldType.DATETIME:
        return 42_830.5 + i % 365
    if field.type == FieldType.CHOICE:
        return field.choices[i % len(field.choices)]
    if field.type == FieldType.BOOL:
        return False
    if field.type == FieldType.PHONE:
        return "0912345678"
    return f"giá trị {i}"


def valid_rows(schema: TabSchema, count: int) -> list[list[Any]]:
    """`count` rows with the id, the version and every required field filled."""
    return [
        [
            valid_cell(f, i) if f.required or f.code in ("id", "version") else None
            for f in schema.fields
        ]
        for i in range(count)
    ]


def fill_emulator_tab(emu: Any, sid: str, schema: TabSchema, count: int) -> None:
    """Put valid rows under the header straight into the Sheets emulator's model, as a
    person's paste would; the grid is cut to the tab's own columns so that ten tabs of 50,000
    rows stay under a spreadsheet's 10,000,000-cell limit."""
    with emu.model.lock:
        emu.model.get(sid).sheet_by_title(schema.name).col_count = len(schema.fields)
    emu.model.set_values(sid, schema.name, valid_rows(schema, count), "A2", user_entered=False)
