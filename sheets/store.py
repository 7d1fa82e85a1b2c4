"""The store every page, the command line and the tests go through.

    store = open_store()                 # from settings: the embedded store by default
    book = store.load()                  # every tab, typed, plus the problems found
    book.frame("tasks")                  # active rows of Nhiệm vụ as a DataFrame
    rec = store.append("activities", [{...}], actor="an.nv@...")[0]
    store.update("tasks", rec_id, {"status": "Hoàn thành"}, expected_version=3, actor=...)
    store.archive("feedback", rec_id, expected_version=2, actor=...)

Writes touch one row at a time, keep columns and rows they do not know, and add a row to the
audit tab (Nhật ký) saying who changed which fields from what to what.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from sheets import schema as sc
from sheets.backend import AuditRows, Backend, BackendUnavailable, RowRef, StaleRowError
from sheets.errors import ConflictError, NotFoundError, StoreError, ValidationError
from sheets.schema import TabSchema
from sheets.table import ROW, ParsedTab, RawTab, map_columns, parse_tab
from sheets.values import (
    CellError,
    Problem,
    column_letter,
    display,
    header_key,
    is_blank,
    parse_cell,
)


@dataclass
class Workbook:
    """Every tab as loaded at one moment."""

    tabs: dict[str, ParsedTab]
    loaded_at: dt.datetime
    store_kind: str = "local"
    raw_tabs: dict[str, RawTab | None] = field(default_factory=dict)
    # Set when the backend stopped answering: this is the last good data, from loaded_at.
    stale_reason: str | None = None

    @property
    def is_stale(self) -> bool:
        return self.stale_reason is not None

    def frame(self, key: str, include_archived: bool = False) -> pd.DataFrame:
        """The valid rows of a tab; archived rows only when asked."""
        frame = self.tabs[key].frame
        if include_archived:
            return frame
        return frame[~frame["archived"].astype(bool)]

    @property
    def problems(self) -> list[Problem]:
        return [p for parsed in self.tabs.values() for p in parsed.problems]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def has_demo_data(self) -> bool:
        return any(bool(t.frame["is_demo"].any()) for t in self.tabs.values())


def new_id() -> str:
    """A short random id: 12 hex digits."""
    return secrets.token_hex(6)


def now() -> dt.datetime:
    """The local time, to the second, as written in updated_at and the audit log."""
    return dt.datetime.now().replace(microsecond=0)


def same_value(a: Any, b: Any) -> bool:
    if is_blank(a) and is_blank(b):
        return True
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) < 1e-9
    return a == b


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@dataclass
class _Cache:
    revision: str | None = None
    workbook: Workbook | None = None
    loaded: float = 0.0  # monotonic time of the last full read
    dirty: set[str] = field(default_factory=set)  # tabs this store wrote to since
    lock: threading.RLock = field(default_factory=threading.RLock)


@contextmanager
def _answering() -> Iterator[None]:
    """Turn a backend that stopped answering into a StoreError a page can show."""
    try:
        yield
    except BackendUnavailable as error:
        raise StoreError("unavailable", str(error)) from error


class Store:
    """Typed, validated, audited access to a workbook backend.

    Reads come from one load of every tab, kept in memory: on the embedded store until
    anything changes, on Google Sheets for `cache_ttl` seconds. The store's own writes mark
    the tabs they touch, and the next load reads just those again.
    """

    def __init__(
        self, backend: Backend, tabs: tuple[TabSchema, ...] = sc.TABS, cache_ttl: float = 60.0
    ) -> None:
        self.backend = backend
        self.tabs = {t.key: t for t in tabs}
        self._base_tabs = dict(self.tabs)  # Phiếu khảo sát grows with the questionnaire
        self.cache_ttl = cache_ttl
        self._cache = _Cache()

    @property
    def kind(self) -> str:
        return self.backend.kind

    # -- setup ------------------------------------------------------------------------
    def init(self, demo: bool = False) -> dict[str, int]:
        """Create missing tabs and columns, format headers; with demo, fill empty tabs.

        Existing rows and columns are never touched; running it twice changes nothing.
        """
        with _answering():
            existing = self.backend.read_tabs([t.name for t in self.tabs.values()])
            created: dict[str, int] = {}
            for schema in self.tabs.values():
                raw = existing[schema.name]
                if raw is None:
                    self.backend.create_tab(schema.name, schema.labels)
                    headers: list[Any] = list(schema.labels)
                    created[schema.key] = 0
                else:
                    headers = raw.headers
                    columns, _ = map_columns(schema, headers)
                    missing = [
                        f.label for f in schema.fields if f.code not in columns.index_by_code
                    ]
                    if missing:
                        headers = self.backend.add_columns(schema.name, missing)
                self.backend.format_tab(schema, headers)
        self._forget()
        if demo:
            from sheets.demo import default_questionnaire, demo_records

            book = self.load()
            seed = {"survey_questions": default_questionnaire(), **demo_records()}
            for key, records in seed.items():
                if book.tabs[key].row_count == 0:
                    self.append(key, records, actor="demo", audit=False)
                    created[key] = len(records)
        return created

    # -- reads ------------------------------------------------------------------------
    def _forget(self, *names: str) -> None:
        """Mark tabs (or, with none, everything) to be read again."""
        with self._cache.lock:
            self._cache.revision = None
            if names:
                self._cache.dirty.update(names)
            else:
                self._cache.workbook = None

    def load(self, force: bool = False) -> Workbook:
        """Every tab in one read; served from memory while it is fresh.

        When the backend stops answering, the last good workbook comes back marked stale
        (`is_stale`, `loaded_at`); with none to fall back on, StoreError("unavailable").
        """
        with self._cache.lock:
            cached = self._cache.workbook
            try:
                revision = self.backend.revision()
            except BackendUnavailable:
                revision = None
            fresh = time.monotonic() - self._cache.loaded < self.cache_ttl
            if cached is not None and not force:
                if revision is not None and revision == self._cache.revision:
                    return cached
                if revision is None and fresh and not self._cache.dirty:
                    return cached
            names = [t.name for t in self.tabs.values()]
            partial = cached is not None and not force and revision is None and fresh
            if partial:
                names = [n for n in names if n in self._cache.dirty]
            try:
                raw = self.backend.read_tabs(names, refresh=not partial)
            except BackendUnavailable as error:
                if cached is None:
                    raise StoreError("unavailable", str(error)) from error
                stale = replace(cached, stale_reason=str(error) or "unavailable")
                self._cache.workbook = stale
                return stale
            tabs = dict(cached.tabs) if partial and cached else {}
            raw_tabs = dict(cached.raw_tabs) if partial and cached else {}
            # The questionnaire first: its 1–5 questions are Phiếu khảo sát's answer columns.
            for key in sorted(self.tabs, key=lambda k: k != "survey_questions"):
                schema = self.tabs[key]
                if key == "survey_responses" and "survey_questions" in tabs:
                    schema = self._responses_schema(tabs["survey_questions"].frame)
                    changed = schema != self.tabs[key]
                    self.tabs[key] = schema
                    if changed and schema.name not in raw and key in raw_tabs:
                        tabs[key] = parse_tab(schema, raw_tabs[key])
                if schema.name in raw:
                    tabs[key] = parse_tab(schema, raw[schema.name])
                    raw_tabs[key] = raw[schema.name]
            workbook = Workbook(tabs, now(), self.backend.kind, raw_tabs)
            self._cache.workbook, self._cache.revision = workbook, revision
            self._cache.dirty.clear()
            if not partial:
                self._cache.loaded = time.monotonic()
            return workbook

    def _responses_schema(self, questions: pd.DataFrame) -> TabSchema:
        """Phiếu khảo sát with an answer column for every 1–5 question of the questionnaire."""
        base = self._base_tabs["survey_responses"]
        if questions.empty:
            return base
        scale = questions[questions["qtype"] == sc.SCALE_TYPE]["code"].dropna()
        return sc.with_answer_columns(base, [str(c) for c in scale])

    def raw(self, key: str) -> pd.DataFrame:
        """A tab exactly as stored, every column and row, for the data page."""
        raw = self.load().raw_tabs.get(key)
        if raw is None:
            return pd.DataFrame()
        headers = [
            str(h) if h not in (None, "") else column_letter(i) for i, h in enumerate(raw.headers)
        ]
        width = max([len(headers), *(len(c) for _, c in raw.rows)])
        headers += [column_letter(i) for i in range(len(headers), width)]
        records = [[*cells, *[None] * (width - len(cells))] for _, cells in raw.rows]
        frame = pd.DataFrame(records, columns=headers, dtype=object)
        frame.index = [n for n, _ in raw.rows]
        return frame

    def foreign_tabs(self) -> list[str]:
        """The workbook's tabs that are not the app's own (a Google Forms response tab, a
        colleague's notes), in sheet order; read now (one metadata call on Google)."""
        own = {header_key(t.name) for t in self.tabs.values()}
        with _answering():
            names = self.backend.tab_names()
        return [n for n in names if header_key(n) not in own]

    def read_grid(self, name: str) -> list[list[Any]]:
        """Any tab's cells as stored, read now: the header row, then every row in its place
        (a blank row as []), so grid[i] is sheet row i + 1. Typed cells: numbers, text, and
        dates as spreadsheet serial numbers on Google. StoreError("missing_tab") if absent."""
        with _answering():
            raw = self.backend.read_tabs([name], refresh=False).get(name)
            if raw is None:  # a tab added since the list of tabs was last read
                raw = self.backend.read_tabs([name], refresh=True).get(name)
        if raw is None:
            raise StoreError("missing_tab", tab=name)
        grid: list[list[Any]] = [list(raw.headers)]
        for row_number, cells in raw.rows:
            grid.extend([] for _ in range(row_number - 1 - len(grid)))
            grid.append(list(cells))
        return grid

    # -- validation -------------------------------------------------------------------
    def validate(self, key: str, values: dict[str, Any], partial: bool = False) -> dict[str, Any]:
        """Typed values for a record, or ValidationError naming each bad field."""
        schema = self.tabs[key]
        if key == "survey_responses" and any(code not in schema.codes for code in values):
            self.load()  # a question added since: its answer column comes with the load
            schema = self.tabs[key]
        problems: list[Problem] = []
        typed: dict[str, Any] = {}
        for code in values:
            if code not in schema.codes:
                problems.append(Problem(schema.name, "unknown_field", column=code))
        for f in schema.fields:
            if partial and f.code not in values:
                continue
            if f.system and f.code not in ("id", "is_demo", "archived"):
                continue
            raw = values.get(f.code)
            if f.code == "id" and is_blank(raw):
                continue  # given by the store
            try:
                typed[f.code] = parse_cell(f, raw)
            except CellError as error:
                if error.severity == "warning":
                    typed[f.code] = str(raw).strip()
                    continue
                problems.append(
                    Problem(
                        schema.name,
                        error.kind,
                        column=f.label,
                        value=display(raw),
                        detail=error.detail,
                    )
                )
        if problems:
            raise ValidationError(problems)
        return typed

    # -- writes -----------------------------------------------------------------------
    def _headers(self, schema: TabSchema) -> list[Any]:
        headers = self.backend.headers(schema.name)
        if headers is None:
            raise StoreError("missing_tab", tab=schema.name)
        return headers

    def _columns(self, schema: TabSchema, headers: list[Any], codes: list[str]) -> dict[str, int]:
        """Where each field is; a field whose column is missing gets one at the end."""
        columns, problems = map_columns(schema, headers)
        if any(p.kind == "missing_column" for p in problems):
            raise StoreError(
                "missing_column",
                tab=schema.name,
                column=", ".join(p.column or "" for p in problems),
            )
        index = dict(columns.index_by_code)
        missing = [c for c in codes if c not in index]
        if missing:
            # A field staff removed, or a new one: add its column at the end, touching no other.
            new_headers = self.backend.add_columns(
                schema.name, [schema.field(c).label for c in missing]
            )
            columns, _ = map_columns(schema, new_headers)
            index = dict(columns.index_by_code)
        return index

    @staticmethod
    def _row(index: dict[str, int], record: dict[str, Any]) -> list[Any]:
        cells: list[Any] = [None] * (max(index.values()) + 1)
        for code, i in index.items():
            cells[i] = record.get(code)
        return cells

    def _typed_new(
        self, key: str, records: list[dict[str, Any]], stamp: dt.datetime, keep_versions: bool
    ) -> list[dict[str, Any]]:
        schema = self.tabs[key]
        typed_records = []
        problems: list[Problem] = []
        for n, values in enumerate(records, start=1):
            try:
                typed = self.validate(key, values)
            except ValidationError as error:
                problems += [
                    Problem(p.tab, p.kind, None, p.column, None, p.value, p.detail or f"#{n}")
                    for p in error.problems
                ]
                continue
            typed["id"] = typed.get("id") or new_id()
            if keep_versions and values.get("version") is not None:
                # Moving data between stores keeps each record's version and time.
                typed["version"] = parse_cell(schema.field("version"), values["version"])
                typed["updated_at"] = (
                    parse_cell(schema.field("updated_at"), values.get("updated_at")) or stamp
                )
            else:
                typed.update(version=1, updated_at=stamp)
            typed["archived"] = bool(typed.get("archived"))
            typed["is_demo"] = bool(typed.get("is_demo"))
            typed_records.append(typed)
        if problems:
            raise ValidationError(problems)
        return typed_records

    def append(
        self,
        key: str,
        records: list[dict[str, Any]],
        actor: str = "",
        audit: bool = True,
        action: str = "Thêm",
        keep_versions: bool = False,
    ) -> list[dict[str, Any]]:
        """Add records as new rows after the last row, with their audit rows, in one write."""
        stamp = now()
        typed_records = self._typed_new(key, records, stamp, keep_versions)
        if not typed_records:
            return []
        schema = self.tabs[key]  # after validation, which may have learnt new answer columns
        entries = [(action, schema, r["id"], self._diff(schema, {}, r)) for r in typed_records]
        for attempt in (1, 2):
            try:
                with _answering(), self.backend.transaction():
                    index = self._columns(schema, self._headers(schema), schema.codes)
                    rows = [self._row(index, typed) for typed in typed_records]
                    audit_rows = self._audit_rows(entries, actor, stamp) if audit else None
                    self.backend.append_rows(schema.name, rows, audit_rows)
                break
            except StaleRowError as error:
                # Someone moved the columns between our read and our write; the backend
                # took the misplaced rows out again. Try once more with the new headers.
                if attempt == 2:
                    raise StoreError("sheet_changed", str(error), tab=schema.name) from error
        self._forget(schema.name, self.tabs["audit"].name)
        return typed_records

    def _diff(self, schema: TabSchema, old: dict[str, Any], new: dict[str, Any]) -> dict:
        changes = {}
        for code, value in new.items():
            if code in ("version", "updated_at", "id"):
                continue
            before = old.get(code)
            if not same_value(before, value):
                label = schema.field(code).label
                changes[label] = [_jsonable(before), _jsonable(value)]
        return changes

    def _audit_rows(
        self, entries: list[tuple[str, TabSchema, str, dict]], actor: str, stamp: dt.datetime
    ) -> AuditRows:
        """The Nhật ký rows recording these changes, laid out under its headers."""
        schema = self.tabs["audit"]
        index = self._columns(schema, self._headers(schema), schema.codes)
        rows = []
        for action, tab, record_id, changes in entries:
            text = json.dumps(changes, ensure_ascii=False)
            if len(text) > 45_000:
                text = text[:44_990] + "…"
            record = {
                "id": new_id(),
                "at": stamp,
                "actor": actor or "",
                "action": action,
                "tab": tab.name,
                "record_id": record_id,
                "changes": text,
                "version": 1,
                "updated_at": stamp,
                "archived": False,
                "is_demo": False,
            }
            rows.append(self._row(index, record))
        return schema.name, rows

    def get(self, key: str, record_id: str) -> dict[str, Any]:
        """The record as stored now, read from the backend, not the cache."""
        schema = self.tabs[key]
        with _answering():
            record, _, _ = self._current(schema, record_id, schema.codes)
        return record

    def _current(
        self, schema: TabSchema, record_id: str, codes: list[str]
    ) -> tuple[dict[str, Any], RowRef, dict[str, int]]:
        """The row holding record_id now, parsed, with the column of each field."""
        headers = self._headers(schema)
        for _attempt in range(2):
            index = self._columns(schema, headers, [])
            if "id" not in index:
                raise StoreError("missing_column", tab=schema.name, column="ID")
            wanted = sorted({index[c] for c in codes if c in index})
            ref = self.backend.find_row(schema.name, index["id"], record_id, wanted)
            if ref is None:
                raise NotFoundError("not_found", tab=schema.name, record_id=record_id)
            if map_columns(schema, ref.headers)[0].index_by_code == index:
                break
            headers = ref.headers  # columns moved since the last load: look again
        record: dict[str, Any] = {ROW: ref.row_number}
        for f in schema.fields:
            i = index.get(f.code)
            value = ref.cells[i] if i is not None and i < len(ref.cells) else None
            try:
                record[f.code] = parse_cell(f, value)
            except CellError:
                record[f.code] = None if is_blank(value) else value
        return record, ref, index

    def update(
        self,
        key: str,
        record_id: str,
        changes: dict[str, Any],
        *,
        expected_version: int | None = None,
        expected: dict[str, Any] | None = None,
        actor: str = "",
        action: str = "Sửa",
    ) -> dict[str, Any]:
        """Change some fields of one record; only the changed cells are written.

        The row is found by its id at write time. If its version is not `expected_version`,
        or a field being changed no longer holds the value in `expected` (the record as the
        user read it: a colleague may have typed in the sheet), ConflictError is raised and
        nothing is written.
        """
        schema = self.tabs[key]
        if "id" in changes and changes["id"] != record_id:
            raise StoreError("id_readonly", tab=schema.name)
        changes = {
            k: v for k, v in changes.items() if k not in ("id", "version", "updated_at", ROW)
        }
        typed = self.validate(key, changes, partial=True)
        schema = self.tabs[key]  # validation may have learnt new answer columns
        stamp = now()
        codes = ["id", "version", "updated_at", *typed]
        with _answering(), self.backend.transaction():
            current, ref, index = self._current(schema, record_id, codes)
            version = current.get("version")
            if expected_version is not None and (version or 0) != expected_version:
                raise ConflictError(schema.name, record_id, expected_version, current)
            if expected is not None:
                base = self.validate(
                    key, {c: expected.get(c) for c in typed if c in expected}, partial=True
                )
                for code, value in base.items():
                    if not same_value(current.get(code), value) and not same_value(
                        current.get(code), typed[code]
                    ):
                        raise ConflictError(schema.name, record_id, expected_version, current)
            diff = {c: v for c, v in typed.items() if not same_value(current.get(c), v)}
            if not diff:
                return current
            new_version = (version or 0) + 1
            write = {**diff, "version": new_version, "updated_at": stamp}
            index = self._columns(schema, ref.headers, list(write))
            audit = self._audit_rows(
                [(action, schema, record_id, self._diff(schema, current, diff))], actor, stamp
            )
            try:
                self.backend.write_cells(
                    ref, index["id"], {index[c]: v for c, v in write.items()}, audit
                )
            except StaleRowError as error:
                raise StoreError("sheet_changed", str(error), tab=schema.name) from error
        self._forget(schema.name, self.tabs["audit"].name)
        return {**current, **write}

    def archive(
        self, key: str, record_id: str, *, expected_version: int | None = None, actor: str = ""
    ) -> dict[str, Any]:
        """Mark a record archived; it leaves the figures but stays in the sheet."""
        return self.update(
            key,
            record_id,
            {"archived": True},
            expected_version=expected_version,
            actor=actor,
            action="Lưu trữ",
        )

    def clear_demo(self, actor: str = "") -> dict[str, int]:
        """Remove every row marked as demo data, in one step."""
        book = self.load(force=True)
        removed: dict[str, int] = {}
        stamp = now()
        with _answering(), self.backend.transaction():
            for key, parsed in book.tabs.items():
                ids = set(parsed.frame.loc[parsed.frame["is_demo"].astype(bool), "id"].dropna())
                if not ids or "id" not in parsed.columns.index_by_code:
                    continue
                count = self.backend.delete_rows(
                    parsed.schema.name, parsed.columns.index_by_code["id"], ids
                )
                removed[key] = count
            if removed:
                entries = [
                    ("Xóa dữ liệu mẫu", self.tabs[k], "", {"rows": n}) for k, n in removed.items()
                ]
                audit_name, rows = self._audit_rows(entries, actor, stamp)
                self.backend.append_rows(audit_name, rows)
        self._forget()
        return removed
