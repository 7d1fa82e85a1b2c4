"""The embedded store: a spreadsheet-shaped workbook kept in SQLite (or any SQLAlchemy URL).

Each tab keeps its header row and its rows of raw cells, like a sheet does, so the same
validation, problems and row numbers apply as on Google Sheets. SQLite runs in WAL mode with
write transactions taken up front (BEGIN IMMEDIATE), so several browser sessions and the
command line can use one file at once.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from sheets.backend import AuditRows, RowRef, StaleRowError
from sheets.schema import TabSchema
from sheets.table import RawTab
from sheets.values import header_key

metadata = sa.MetaData()
tabs_table = sa.Table(
    "sheet_tab",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("headers", sa.Text, nullable=False),
)
rows_table = sa.Table(
    "sheet_row",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("tab", sa.Text, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("record_id", sa.Text),
    sa.Column("cells", sa.Text, nullable=False),
    sa.Index("ix_sheet_row_tab_position", "tab", "position"),
    sa.Index("ix_sheet_row_tab_record", "tab", "record_id"),
)
meta_table = sa.Table(
    "store_meta",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


def _to_json(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return ""
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _encode(cells: list[Any]) -> str:
    cells = [_to_json(c) for c in cells]
    while cells and cells[-1] == "":
        cells.pop()  # trailing empty cells are not kept, as in Google Sheets
    return json.dumps(cells, ensure_ascii=False)


def engine_for(url: str) -> sa.Engine:
    """An engine for this URL; SQLite gets WAL, a busy timeout and immediate write locks."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":

        @sa.event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # let the "begin" hook decide
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=15000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _begin(conn: sa.Connection) -> None:
            immediate = conn.get_execution_options().get("immediate", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class LocalBackend:
    """A workbook in one SQL database."""

    kind = "local"

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = engine_for(url)
        metadata.create_all(self.engine)
        self._state = threading.local()

    # -- connections ------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction for everything inside, committed at the end."""
        if getattr(self._state, "conn", None) is not None:
            yield
            return
        with self.engine.connect() as conn:
            conn = conn.execution_options(immediate=True)
            with conn.begin():
                self._state.conn = conn
                try:
                    yield
                    self._bump(conn)
                finally:
                    self._state.conn = None

    @contextmanager
    def _writing(self) -> Iterator[sa.Connection]:
        with self.transaction():
            yield self._state.conn

    # -- reads ------------------------------------------------------------------------
    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            value = conn.execute(
                sa.select(meta_table.c.value).where(meta_table.c.key == "revision")
            ).scalar()
        return value or "0"

    def tab_names(self) -> list[str]:
        """Every tab in the store, in the order they were created."""
        with self.engine.connect() as conn:
            return list(
                conn.execute(sa.select(tabs_table.c.name).order_by(tabs_table.c.position)).scalars()
            )

    def read_tabs(self, names: list[str], refresh: bool = True) -> dict[str, RawTab | None]:
        result: dict[str, RawTab | None] = dict.fromkeys(names)
        with self.engine.connect() as conn, conn.begin():  # one snapshot for every tab
            for name, headers in conn.execute(sa.select(tabs_table.c.name, tabs_table.c.headers)):
                if name in result:
                    result[name] = RawTab(name, json.loads(headers), [])
            rows = conn.execute(
                sa.select(rows_table.c.tab, rows_table.c.cells)
                .where(rows_table.c.tab.in_(names))
                .order_by(rows_table.c.tab, rows_table.c.position)
            )
            counters: dict[str, int] = {}
            for tab, cells in rows:
                raw = result.get(tab)
                if raw is None:
                    continue
                counters[tab] = counters.get(tab, 1) + 1
                raw.rows.append((counters[tab], json.loads(cells)))
        return result

    def headers(self, name: str) -> list[Any] | None:
        conn = getattr(self._state, "conn", None)
        if conn is not None:
            return self._headers_or_none(conn, name)
        with self.engine.connect() as fresh:
            return self._headers_or_none(fresh, name)

    def _headers_or_none(self, conn: sa.Connection, name: str) -> list[Any] | None:
        value = conn.execute(
            sa.select(tabs_table.c.headers).where(tabs_table.c.name == name)
        ).scalar()
        return None if value is None else json.loads(value)

    def cell_url(self, sheet_id: int | None, cell: str) -> str | None:
        return None  # the embedded store is edited on the Dữ liệu page, not elsewhere

    def format_tab(self, schema: TabSchema, headers: list[Any]) -> bool:
        return False  # a database has no dropdowns or frozen rows to set

    def _headers(self, conn: sa.Connection, name: str) -> list[Any]:
        value = conn.execute(
            sa.select(tabs_table.c.headers).where(tabs_table.c.name == name)
        ).scalar()
        if value is None:
            raise KeyError(name)
        return json.loads(value)

    # -- writes -----------------------------------------------------------------------
    def _bump(self, conn: sa.Connection) -> None:
        current = conn.execute(
            sa.select(meta_table.c.value).where(meta_table.c.key == "revision")
        ).scalar()
        if current is None:
            conn.execute(meta_table.insert().values(key="revision", value="1"))
        else:
            conn.execute(
                meta_table.update()
                .where(meta_table.c.key == "revision")
                .values(value=str(int(current) + 1))
            )

    def create_tab(self, name: str, headers: list[str]) -> None:
        with self._writing() as conn:
            position = conn.execute(sa.select(sa.func.count()).select_from(tabs_table)).scalar()
            conn.execute(
                tabs_table.insert().values(
                    name=name, position=position, headers=json.dumps(headers, ensure_ascii=False)
                )
            )

    def set_headers(self, name: str, headers: list[Any]) -> None:
        """Replace the header row (used by tests and by a person's edits)."""
        with self._writing() as conn:
            conn.execute(
                tabs_table.update()
                .where(tabs_table.c.name == name)
                .values(headers=json.dumps(headers, ensure_ascii=False))
            )

    def add_columns(self, name: str, headers: list[str]) -> list[Any]:
        with self._writing() as conn:
            current = self._headers(conn, name)
            while current and (current[-1] is None or current[-1] == ""):
                current.pop()
            current.extend(headers)
            conn.execute(
                tabs_table.update()
                .where(tabs_table.c.name == name)
                .values(headers=json.dumps(current, ensure_ascii=False))
            )
            return current

    def _id_of(self, headers: list[Any], cells: list[Any]) -> str | None:
        for i, header in enumerate(headers):
            if header_key(header) == "id":
                value = cells[i] if i < len(cells) else None
                return str(value).strip() if value not in (None, "") else None
        return None

    def append_rows(self, name: str, rows: list[list[Any]], audit: AuditRows | None = None) -> None:
        if not rows:
            return
        with self._writing() as conn:
            if audit is not None:
                self.append_rows(*audit)
            headers = self._headers(conn, name)
            last = conn.execute(
                sa.select(sa.func.max(rows_table.c.position)).where(rows_table.c.tab == name)
            ).scalar()
            start = (last or 0) + 1
            conn.execute(
                rows_table.insert(),
                [
                    {
                        "tab": name,
                        "position": start + i,
                        "record_id": self._id_of(headers, [_to_json(c) for c in cells]),
                        "cells": _encode(cells),
                    }
                    for i, cells in enumerate(rows)
                ],
            )

    def _row_number(self, conn: sa.Connection, name: str, position: int) -> int:
        before = conn.execute(
            sa.select(sa.func.count())
            .select_from(rows_table)
            .where(rows_table.c.tab == name, rows_table.c.position < position)
        ).scalar()
        return int(before or 0) + 2

    def find_row(
        self, name: str, id_column: int, record_id: str, columns: list[int] | None = None
    ) -> RowRef | None:
        with self._writing() as conn:
            found = conn.execute(
                sa.select(rows_table.c.position, rows_table.c.cells)
                .where(rows_table.c.tab == name, rows_table.c.record_id == record_id)
                .order_by(rows_table.c.position)
                .limit(1)
            ).first()
            if found is None:
                return None
            headers = self._headers(conn, name)
            return RowRef(
                name, self._row_number(conn, name, found.position), headers, json.loads(found.cells)
            )

    def write_cells(
        self, ref: RowRef, id_column: int, updates: dict[int, Any], audit: AuditRows | None = None
    ) -> None:
        with self._writing() as conn:
            if audit is not None:
                self.append_rows(*audit)
            old_id = ref.cells[id_column] if id_column < len(ref.cells) else None
            found = conn.execute(
                sa.select(rows_table.c.seq, rows_table.c.cells)
                .where(rows_table.c.tab == ref.tab, rows_table.c.record_id == str(old_id))
                .order_by(rows_table.c.position)
                .limit(1)
            ).first()
            if found is None:
                raise StaleRowError(f"{ref.tab}: row {ref.row_number} no longer holds id {old_id}")
            cells = json.loads(found.cells)
            width = max([len(cells), *(i + 1 for i in updates)])
            cells.extend([""] * (width - len(cells)))
            for i, value in updates.items():
                cells[i] = _to_json(value)
            headers = self._headers(conn, ref.tab)
            conn.execute(
                rows_table.update()
                .where(rows_table.c.seq == found.seq)
                .values(cells=_encode(cells), record_id=self._id_of(headers, cells))
            )

    def delete_rows(self, name: str, id_column: int, record_ids: set[str]) -> int:
        if not record_ids:
            return 0
        with self._writing() as conn:
            deleted = 0
            ids = sorted(record_ids)
            for start in range(0, len(ids), 500):
                result = conn.execute(
                    rows_table.delete().where(
                        rows_table.c.tab == name,
                        rows_table.c.record_id.in_(ids[start : start + 500]),
                    )
                )
                deleted += result.rowcount or 0
            return deleted

    # -- direct edits, as a person would make them in the sheet (tests, the data page) ---
    def insert_raw_row(self, name: str, cells: list[Any], before_row: int | None = None) -> None:
        """Put a row in as a person typing in the sheet would, optionally above another row."""
        with self._writing() as conn:
            headers = self._headers(conn, name)
            if before_row is None:
                self.append_rows(name, [cells])
                return
            positions = list(
                conn.execute(
                    sa.select(rows_table.c.position)
                    .where(rows_table.c.tab == name)
                    .order_by(rows_table.c.position)
                ).scalars()
            )
            index = before_row - 2
            position = (
                positions[index]
                if 0 <= index < len(positions)
                else ((positions[-1] + 1) if positions else 1)
            )
            conn.execute(
                rows_table.update()
                .where(rows_table.c.tab == name, rows_table.c.position >= position)
                .values(position=rows_table.c.position + 1)
            )
            conn.execute(
                rows_table.insert().values(
                    tab=name,
                    position=position,
                    record_id=self._id_of(headers, cells),
                    cells=_encode(cells),
                )
            )
