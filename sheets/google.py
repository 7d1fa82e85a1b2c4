"""The Google Sheets backend: the shared spreadsheet staff already edit, through gspread 6.

Every API call counts against Google's quota (60 reads a minute per user), and people edit
the same sheet while the app writes to it. So:

- a load is one metadata call and one `values:batchGet` for every tab;
- an append is one `spreadsheets:batchUpdate` holding `appendCells` for the new rows and for
  their audit rows; the cells are typed (`stringValue`, `numberValue`, …), so no text can
  ever become a formula, and the call returns the header row to prove the columns were where
  we thought;
- an update finds the row by its id at write time (one `values:batchGet` of the header, the
  id column and the columns it changes), then writes only the changed cells and the audit
  row in one `batchUpdate` whose answer confirms the row still holds that id; if a colleague
  moved rows in between, the cells are put back as they were and the audit row taken out;
- 429, 5xx and timeouts are retried with bounded backoff; before a write that may have been
  applied (a timeout, a 5xx) is sent again, its ids are looked up, so it never lands twice;
- nothing ever clears a tab, rewrites other rows, or drops a column.

The backend takes its gspread client from outside, so tests hand it one that talks to the
emulator (emulator/), and the app does the same when SHEETS_EMULATOR_HOST is set.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import gspread
import requests

from sheets.backend import AuditRows, BackendUnavailable, RowRef, StaleRowError
from sheets.errors import StoreError
from sheets.schema import FieldType, TabSchema
from sheets.table import RawTab, map_columns
from sheets.values import SERIAL_EPOCH, column_letter, header_key

LOG = logging.getLogger("reform.google")
T = TypeVar("T")

RETRY_STATUSES = {408, 429, 500, 502, 503, 504}
HEADER_PROTECTION = "cchc:header"  # marks the header protection init adds, so it adds it once
_KEY_IN_URL = re.compile(r"/spreadsheets/d/([a-zA-Z0-9-_]+)")


def spreadsheet_key(text: str) -> str:
    """The spreadsheet's key, from its URL or from the key itself."""
    match = _KEY_IN_URL.search(text)
    return match.group(1) if match else text.strip()


def quote_tab(name: str) -> str:
    """A tab name as A1 notation wants it: 'Phiếu khảo sát'."""
    return "'" + name.replace("'", "''") + "'"


def to_serial(value: dt.date | dt.datetime) -> float:
    """A spreadsheet serial number: days since 30/12/1899, the time as a fraction."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    delta = value - SERIAL_EPOCH
    serial = delta.days + delta.seconds / 86_400
    return int(serial) if serial == int(serial) else round(serial, 8)


def cell_data(value: Any) -> dict[str, Any]:
    """A typed cell for batchUpdate: text is a stringValue and can never become a formula."""
    if value is None or (isinstance(value, str) and value == ""):
        return {}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, (dt.date, dt.datetime)):
        return {"userEnteredValue": {"numberValue": to_serial(value)}}
    if isinstance(value, (int, float)):
        return {"userEnteredValue": {"numberValue": value}}
    if hasattr(value, "item"):  # numpy scalars
        return cell_data(value.item())
    return {"userEnteredValue": {"stringValue": str(value)}}


@dataclass
class RetryPolicy:
    """Bounded exponential backoff with jitter for 429, 5xx and timeouts."""

    attempts: int = 5
    base: float = 0.5
    cap: float = 8.0
    sleep: Callable[[float], None] = time.sleep
    # How long a write that timed out may take to show up before it is sent again
    # (Google goes on with a request the client gave up on); None: the client's timeout.
    settle: float | None = None
    settle_checks: int = 6

    def delay(self, attempt: int) -> float:
        """How long to wait before try number attempt + 1 (full jitter, capped)."""
        return random.uniform(0, min(self.cap, self.base * 2**attempt))


@dataclass
class _Sheet:
    sheet_id: int
    title: str
    rows: int
    columns: int
    frozen_rows: int = 0
    protected: bool = False


@dataclass
class _FoundRow(RowRef):
    """A RowRef that keeps the columns read to find it, as they were just before the write,
    so cells written to a row that moved in between can be put back."""

    columns: dict[int, list[Any]] = field(default_factory=dict)


def _api_status(error: gspread.exceptions.APIError) -> int:
    try:
        return int(error.response.status_code)
    except (AttributeError, TypeError, ValueError):
        return 0


@dataclass
class GoogleBackend:
    """A workbook in one Google spreadsheet."""

    client: gspread.Client
    spreadsheet: str
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    account_email: str = ""
    kind: str = "google"

    def __post_init__(self) -> None:
        self.key = spreadsheet_key(self.spreadsheet)
        self.http = self.client.http_client
        self._sheets: dict[str, _Sheet] | None = None
        self._headers: dict[str, list[Any]] = {}

    # -- calling Google ---------------------------------------------------------------
    def _call(self, what: Callable[[], T], landed: Callable[[], bool] | None = None) -> T:
        """Run one API call, retrying 429, 5xx and timeouts with backoff.

        `landed` says whether a write took effect. It is asked before a write is sent again
        after a failure that may have been applied (a timeout, a dropped connection, a 5xx;
        never after a 429); after a timeout it is asked until the write shows up or the
        settle time is over. When the write did land, None is returned and nothing is sent.
        """
        last: Exception | None = None
        maybe_applied = timed_out = False
        for attempt in range(self.retry.attempts):
            if attempt:
                self.retry.sleep(self.retry.delay(attempt - 1))
                if landed is not None and maybe_applied and self._landed(landed, timed_out):
                    return None  # type: ignore[return-value]
            try:
                return what()
            except gspread.exceptions.APIError as error:
                status = _api_status(error)
                if status not in RETRY_STATUSES:
                    raise self._explain(error, status) from error
                last = error
                maybe_applied, timed_out = status >= 500, False
            except requests.ConnectTimeout as error:  # never reached Google
                last = error
                maybe_applied = timed_out = False
            except (requests.Timeout, requests.ConnectionError) as error:
                last = error
                maybe_applied, timed_out = True, isinstance(error, requests.Timeout)
            LOG.warning("Google Sheets call failed (try %d): %s", attempt + 1, last)
        if landed is not None and maybe_applied and self._landed(landed, timed_out):
            return None  # type: ignore[return-value]  # the last try did land
        raise BackendUnavailable(f"Google Sheets did not answer: {last}")

    def _landed(self, landed: Callable[[], bool], timed_out: bool) -> bool:
        """Whether a write that failed took effect after all; after a timeout, wait for it."""
        settle = self.retry.settle
        if settle is None:
            timeout = self.http.timeout
            timeout = timeout[-1] if isinstance(timeout, tuple) else timeout
            settle = float(timeout) if timeout else 10.0
        checks = max(1, self.retry.settle_checks) if timed_out else 1
        deadline = time.monotonic() + settle
        for check in range(checks):
            if check:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.retry.sleep(min(left, settle / (checks - 1)))
            try:
                if landed():
                    return True
            except Exception as error:  # noqa: BLE001 - cannot tell: sending again is the safe side
                LOG.warning("could not check whether a write landed: %s", error)
                return False
        return False

    def _explain(self, error: gspread.exceptions.APIError, status: int) -> StoreError:
        if status in (401, 403):
            return StoreError("no_access", str(error), email=self.account_email or "?")
        if status == 404:
            return StoreError("spreadsheet_not_found", str(error), key=self.key)
        return StoreError("google_error", str(error), status=status)

    # -- metadata ---------------------------------------------------------------------
    def _load_metadata(self) -> dict[str, _Sheet]:
        fields = (
            "sheets(properties(sheetId,title,index,gridProperties),"
            "protectedRanges(protectedRangeId,description))"
        )
        meta = self._call(
            lambda: self.http.fetch_sheet_metadata(
                self.key, params={"includeGridData": "false", "fields": fields}
            )
        )
        sheets = {}
        for sheet in meta.get("sheets", []):
            props = sheet["properties"]
            grid = props.get("gridProperties", {})
            sheets[props["title"]] = _Sheet(
                props["sheetId"],
                props["title"],
                grid.get("rowCount", 1000),
                grid.get("columnCount", 26),
                grid.get("frozenRowCount", 0),
                any(
                    p.get("description") == HEADER_PROTECTION
                    for p in sheet.get("protectedRanges", [])
                ),
            )
        self._sheets = sheets
        return sheets

    def _sheet(self, name: str) -> _Sheet:
        sheets = self._sheets if self._sheets is not None else self._load_metadata()
        if name not in sheets:
            sheets = self._load_metadata()
        if name not in sheets:
            raise StoreError("missing_tab", tab=name)
        return sheets[name]

    def cell_url(self, sheet_id: int | None, cell: str) -> str | None:
        """A link that opens the spreadsheet on this tab with this cell selected."""
        if sheet_id is None:
            return None
        anchor = f"gid={sheet_id}" + (f"&range={cell}" if cell else "")
        return f"https://docs.google.com/spreadsheets/d/{self.key}/edit#{anchor}"

    def tab_names(self) -> list[str]:
        """Every tab of the spreadsheet in its order, read now: one metadata call."""
        return list(self._load_metadata())

    def revision(self) -> str | None:
        return None  # Google has no cheap change token; the store's cache uses a TTL

    @contextmanager
    def transaction(self) -> Iterator[None]:
        yield  # a spreadsheet has no transactions; each batchUpdate is atomic on its own

    # -- reads ------------------------------------------------------------------------
    def read_tabs(self, names: list[str], refresh: bool = True) -> dict[str, RawTab | None]:
        sheets = self._load_metadata() if refresh or self._sheets is None else self._sheets
        present = [n for n in names if n in sheets]
        result: dict[str, RawTab | None] = dict.fromkeys(names)
        if not present:
            return result
        try:
            answer = self._call(
                lambda: self.http.values_batch_get(
                    self.key,
                    [quote_tab(n) for n in present],
                    params={
                        "valueRenderOption": "UNFORMATTED_VALUE",
                        "dateTimeRenderOption": "SERIAL_NUMBER",
                        "majorDimension": "ROWS",
                    },
                )
            )
        except StoreError as error:
            if refresh or not _bad_request(error):
                raise
            # A tab we knew was renamed or deleted since: read the list of tabs again.
            return self.read_tabs(names, refresh=True)
        for name, block in zip(present, answer.get("valueRanges", []), strict=False):
            grid = block.get("values", [])
            headers = list(grid[0]) if grid else []
            self._headers[name] = headers
            rows = [(n, list(cells)) for n, cells in enumerate(grid[1:], start=2)]
            result[name] = RawTab(name, headers, rows, sheets[name].sheet_id)
        return result

    def headers(self, name: str) -> list[Any] | None:
        if name in self._headers:
            return list(self._headers[name])
        try:
            self._sheet(name)
        except StoreError:
            return None
        answer = self._call(
            lambda: self.http.values_get(
                self.key,
                f"{quote_tab(name)}!1:1",
                params={"valueRenderOption": "UNFORMATTED_VALUE"},
            )
        )
        values = answer.get("values", [])
        self._headers[name] = list(values[0]) if values else []
        return list(self._headers[name])

    # -- structure --------------------------------------------------------------------
    def create_tab(self, name: str, headers: list[str]) -> None:
        sheet_id = random.randint(1_000_000, 2_000_000_000)
        requests_ = [
            {
                "addSheet": {
                    "properties": {
                        "sheetId": sheet_id,
                        "title": name,
                        "gridProperties": {"rowCount": 1000, "columnCount": max(26, len(headers))},
                    }
                }
            },
            {
                "updateCells": {
                    "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
                    "rows": [{"values": [cell_data(h) for h in headers]}],
                    "fields": "userEnteredValue",
                }
            },
        ]
        self._call(lambda: self.http.batch_update(self.key, {"requests": requests_}))
        self._headers[name] = list(headers)
        self._sheets = None

    def format_tab(self, schema: TabSchema, headers: list[Any]) -> bool:
        """Freeze the header, put dropdowns on choices and formats on dates, protect the
        header with a warning; once per tab (the protection marks it as done)."""
        sheet = self._sheet(schema.name)
        if sheet.protected and sheet.frozen_rows >= 1:
            return False
        sid = sheet.sheet_id
        columns, _ = map_columns(schema, headers)
        requests_: list[dict[str, Any]] = []
        if sheet.frozen_rows < 1:
            requests_.append(
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": sid, "gridProperties": {"frozenRowCount": 1}},
                        "fields": "gridProperties.frozenRowCount",
                    }
                }
            )
        if not sheet.protected:
            for code, i in columns.index_by_code.items():
                requests_ += _column_format(
                    schema.field(code).type, schema.field(code).choices, sid, i
                )
            requests_.append(
                {
                    "addProtectedRange": {
                        "protectedRange": {
                            "range": {"sheetId": sid, "startRowIndex": 0, "endRowIndex": 1},
                            "description": HEADER_PROTECTION,
                            "warningOnly": True,
                        }
                    }
                }
            )
        self._call(lambda: self.http.batch_update(self.key, {"requests": requests_}))
        self._sheets = None
        return True

    def add_columns(self, name: str, headers: list[str]) -> list[Any]:
        sheet = self._sheet(name)
        self._headers.pop(name, None)
        current = self.headers(name) or []
        while current and current[-1] in (None, ""):
            current.pop()
        start = len(current)
        requests_: list[dict[str, Any]] = []
        if start + len(headers) > sheet.columns:
            requests_.append(
                {
                    "appendDimension": {
                        "sheetId": sheet.sheet_id,
                        "dimension": "COLUMNS",
                        "length": start + len(headers) - sheet.columns,
                    }
                }
            )
        requests_.append(
            {
                "updateCells": {
                    "start": {"sheetId": sheet.sheet_id, "rowIndex": 0, "columnIndex": start},
                    "rows": [{"values": [cell_data(h) for h in headers]}],
                    "fields": "userEnteredValue",
                }
            }
        )
        self._call(lambda: self.http.batch_update(self.key, {"requests": requests_}))
        self._sheets = None
        self._headers[name] = [*current, *headers]
        return list(self._headers[name])

    # -- writes -----------------------------------------------------------------------
    def _append_request(self, name: str, rows: list[list[Any]]) -> dict[str, Any]:
        return {
            "appendCells": {
                "sheetId": self._sheet(name).sheet_id,
                "rows": [{"values": [cell_data(v) for v in cells]} for cells in rows],
                "fields": "userEnteredValue",
            }
        }

    def _write(
        self,
        requests_: list[dict[str, Any]],
        check: list[tuple[str, str]],
        landed: Callable[[], bool] | None = None,
    ) -> list[list[list[Any]]] | None:
        """One batchUpdate; returns the values of the check ranges ((tab, cells) pairs) as
        they are after it, or None when a retry found the write already done."""
        body = {
            "requests": requests_,
            "includeSpreadsheetInResponse": True,
            "responseRanges": [f"{quote_tab(tab)}!{cells}" for tab, cells in check],
            "responseIncludeGridData": True,
        }
        try:
            answer = self._call(lambda: self.http.batch_update(self.key, body), landed)
        except StoreError as error:
            if _bad_request(error):
                # The sheet ids or ranges we knew may be gone: a tab renamed or deleted.
                self._headers.clear()
                sheets = self._load_metadata()
                for tab in {tab for tab, _ in check}:
                    if tab not in sheets:
                        raise StoreError("missing_tab", str(error), tab=tab) from error
            raise
        if answer is None:
            return None
        return _grid_values(answer.get("updatedSpreadsheet", {}), [tab for tab, _ in check])

    def _id_rows(self, columns: dict[str, int], ids: dict[str, set[str]]) -> dict[str, list[int]]:
        """The 0-based rows holding each tab's ids, in one read of the id columns."""
        tabs = [t for t in columns if ids.get(t)]
        if not tabs:
            return {}
        ranges = [
            f"{quote_tab(t)}!{column_letter(columns[t])}:{column_letter(columns[t])}" for t in tabs
        ]
        answer = self.http.values_batch_get(
            self.key,
            ranges,
            params={"valueRenderOption": "UNFORMATTED_VALUE", "majorDimension": "COLUMNS"},
        )
        found: dict[str, list[int]] = {}
        for tab, block in zip(tabs, answer.get("valueRanges", []), strict=False):
            column = (block.get("values") or [[]])[0]
            found[tab] = [i for i, v in enumerate(column) if i and str(v).strip() in ids[tab]]
        return found

    def _landed_check(
        self, columns: dict[str, int], ids: dict[str, set[str]]
    ) -> Callable[[], bool] | None:
        """A check that every one of these ids is in its tab now."""
        wanted = {t: i for t, i in ids.items() if i and t in columns}
        if not wanted:
            return None

        def landed() -> bool:
            rows = self._id_rows(columns, wanted)
            return all(len(rows.get(t, [])) >= len(i) for t, i in wanted.items())

        return landed

    def _audit_ids(self, audit: AuditRows | None) -> tuple[dict[str, int], dict[str, set[str]]]:
        """The audit tab's id column and the ids of these audit rows."""
        if audit is None:
            return {}, {}
        name, rows = audit
        column = _id_index(self._headers.get(name) or self.headers(name) or [])
        if column is None:
            return {}, {}
        return {name: column}, {name: {str(r[column]) for r in rows if column < len(r)}}

    def _delete_rows_request(self, name: str, rows: list[int]) -> list[dict[str, Any]]:
        sid = self._sheet(name).sheet_id
        return [
            {
                "deleteDimension": {
                    "range": {
                        "sheetId": sid,
                        "dimension": "ROWS",
                        "startIndex": i,
                        "endIndex": i + 1,
                    }
                }
            }
            for i in sorted(set(rows), reverse=True)
        ]

    def append_rows(self, name: str, rows: list[list[Any]], audit: AuditRows | None = None) -> None:
        if not rows:
            return
        assumed = list(self._headers.get(name) or self.headers(name) or [])
        requests_ = [self._append_request(name, rows)]
        if audit is not None:
            requests_.append(self._append_request(*audit))
        id_column = _id_index(assumed)
        columns, ids = self._audit_ids(audit)
        if id_column is not None:
            columns[name] = id_column
            ids[name] = {str(r[id_column]) for r in rows if id_column < len(r)}
        # A timed-out or 5xx append may have been applied: never add the rows twice.
        after = self._write(requests_, [(name, "1:1")], self._landed_check(columns, ids))
        actual = after[0][0] if after and after[0] else []
        if after is not None and not _same_columns(assumed, actual):
            self._headers[name] = list(actual)
            self._remove_misplaced(columns, ids)
            raise StaleRowError(f"{name}: the columns moved while the app was adding a row")

    def _remove_misplaced(self, columns: dict[str, int], ids: dict[str, set[str]]) -> None:
        """Delete rows this app just appended under the wrong headers, and their audit rows;
        they hold only its own new values, so nothing of anyone else's is lost."""
        found = self._call(lambda: self._id_rows(columns, ids))
        requests_ = [r for tab, rows in found.items() for r in self._delete_rows_request(tab, rows)]
        if requests_:
            self._call(lambda: self.http.batch_update(self.key, {"requests": requests_}))

    def find_row(
        self, name: str, id_column: int, record_id: str, columns: list[int] | None = None
    ) -> RowRef | None:
        self._sheet(name)
        wanted = sorted({id_column, *(columns or [])})
        ranges = [f"{quote_tab(name)}!1:1"] + [
            f"{quote_tab(name)}!{column_letter(c)}:{column_letter(c)}" for c in wanted
        ]
        answer = self._call(
            lambda: self.http.values_batch_get(
                self.key,
                ranges,
                params={
                    "valueRenderOption": "UNFORMATTED_VALUE",
                    "dateTimeRenderOption": "SERIAL_NUMBER",
                    "majorDimension": "COLUMNS",
                },
            )
        )
        blocks = answer.get("valueRanges", [])
        header_rows = blocks[0].get("values", []) if blocks else []
        headers = [col[0] if col else "" for col in header_rows]
        self._headers[name] = headers
        by_column = {
            c: (blocks[k + 1].get("values", [[]]) or [[]])[0] for k, c in enumerate(wanted)
        }
        actual_id = _id_index(headers)
        if actual_id is not None and actual_id != id_column:
            return self.find_row(name, actual_id, record_id, columns)
        id_values = by_column[id_column]
        for index, value in enumerate(id_values[1:], start=1):
            if str(value).strip() == record_id:
                cells: list[Any] = [None] * (max(wanted) + 1)
                for c in wanted:
                    column = by_column[c]
                    cells[c] = column[index] if index < len(column) else None
                return _FoundRow(name, index + 1, headers, cells, by_column)
        return None

    def write_cells(
        self, ref: RowRef, id_column: int, updates: dict[int, Any], audit: AuditRows | None = None
    ) -> None:
        requests_ = self._cell_requests(ref.tab, ref.row_number, updates)
        if audit is not None:
            requests_.append(self._append_request(*audit))
        columns, ids = self._audit_ids(audit)
        # Without an audit row the write is idempotent and may simply be sent again.
        after = self._write(
            requests_,
            [(ref.tab, f"{column_letter(id_column)}{ref.row_number}")],
            self._landed_check(columns, ids),
        )
        expected = ref.cells[id_column] if id_column < len(ref.cells) else None
        if after is None:
            return
        holder = after[0][0][0] if after and after[0] and after[0][0] else None
        if str(holder).strip() != str(expected).strip():
            LOG.error(
                "row %s of %s held %r, not %r, when written; putting it back",
                ref.row_number,
                ref.tab,
                holder,
                expected,
            )
            self._undo_cells(ref, id_column, updates, holder, columns, ids)
            raise StaleRowError(f"{ref.tab}: row {ref.row_number} moved during the write")

    def _cell_requests(self, name: str, row_number: int, values: dict[int, Any]) -> list[dict]:
        sid = self._sheet(name).sheet_id
        return [
            {
                "updateCells": {
                    "start": {"sheetId": sid, "rowIndex": row_number - 1, "columnIndex": col},
                    "rows": [{"values": [cell_data(value)]}],
                    "fields": "userEnteredValue",
                }
            }
            for col, value in sorted(values.items())
        ]

    def _undo_cells(
        self,
        ref: RowRef,
        id_column: int,
        updates: dict[int, Any],
        holder: Any,
        audit_columns: dict[str, int],
        audit_ids: dict[str, set[str]],
    ) -> None:
        """Put back the cells written to a row that was not ref's (a colleague inserted,
        deleted or sorted rows between the lookup and the write), and take out the audit row.

        The cells come from the columns read to find the row, a moment before the write: the
        row now at that position is looked up there by its id; a row with no id was just
        inserted and was blank.
        """
        before = ref.columns if isinstance(ref, _FoundRow) else {}
        key = "" if holder in (None, "") else str(holder).strip()
        old: dict[int, Any] | None = None
        if not key:
            old = dict.fromkeys(updates)
        elif id_column in before:
            index = next(
                (i for i, v in enumerate(before[id_column]) if i and str(v).strip() == key), None
            )
            if index is not None and all(c in before for c in updates):
                old = {c: before[c][index] if index < len(before[c]) else None for c in updates}
        requests_: list[dict[str, Any]] = []
        if old is None:
            LOG.error("cannot put back row %s of %s (%r)", ref.row_number, ref.tab, holder)
        else:
            requests_ += self._cell_requests(ref.tab, ref.row_number, old)
        try:
            found = self._call(lambda: self._id_rows(audit_columns, audit_ids))
            for tab, rows in found.items():
                requests_ += self._delete_rows_request(tab, rows)
            if requests_:
                self._call(lambda: self.http.batch_update(self.key, {"requests": requests_}))
        except (StoreError, BackendUnavailable) as error:
            LOG.error("could not undo a write to the wrong row of %s: %s", ref.tab, error)

    def delete_rows(self, name: str, id_column: int, record_ids: set[str]) -> int:
        if not record_ids:
            return 0
        found = self._call(lambda: self._id_rows({name: id_column}, {name: set(record_ids)}))
        rows = found.get(name, [])
        if not rows:
            return 0
        requests_ = self._delete_rows_request(name, rows)
        self._call(lambda: self.http.batch_update(self.key, {"requests": requests_}))
        return len(rows)


class PlainHTTPSession(requests.Session):
    """Sends Google API requests to another host over plain HTTP, with no credentials.

    For SHEETS_EMULATOR_HOST=host:port, the convention of Google's own SDK emulators.
    """

    def __init__(self, host: str) -> None:
        super().__init__()
        self.base = f"http://{host}"

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:
        for origin in ("https://sheets.googleapis.com", "https://www.googleapis.com"):
            if url.startswith(origin):
                url = self.base + url[len(origin) :]
        return super().request(method, url, *args, **kwargs)


def emulator_client(host: str, timeout: float = 30) -> gspread.Client:
    """A gspread client that talks to the Sheets emulator at host:port."""
    client = gspread.Client(auth=None, session=PlainHTTPSession(host))  # type: ignore[arg-type]
    client.set_timeout(timeout)
    return client


def service_account_client(info: dict[str, Any], timeout: float = 30) -> gspread.Client:
    """A gspread client signed in as the service account whose JSON fields are in info."""
    client = gspread.service_account_from_dict(info)
    client.set_timeout(timeout)
    return client


def _column_format(
    kind: FieldType, choices: tuple[str, ...], sheet_id: int, column: int
) -> list[dict[str, Any]]:
    """Init's dropdowns and number formats for one column, below the header."""
    grid = {
        "sheetId": sheet_id,
        "startRowIndex": 1,
        "startColumnIndex": column,
        "endColumnIndex": column + 1,
    }
    if kind == FieldType.CHOICE:
        return [
            {
                "setDataValidation": {
                    "range": grid,
                    "rule": {
                        "condition": {
                            "type": "ONE_OF_LIST",
                            "values": [{"userEnteredValue": c} for c in choices],
                        },
                        "strict": False,
                        "showCustomUi": True,
                    },
                }
            }
        ]
    patterns = {
        FieldType.DATE: ("DATE", "dd/mm/yyyy"),
        FieldType.DATETIME: ("DATE_TIME", "dd/mm/yyyy hh:mm:ss"),
        FieldType.PHONE: ("TEXT", "@"),
    }
    if kind in patterns:
        number_type, pattern = patterns[kind]
        return [
            {
                "repeatCell": {
                    "range": grid,
                    "cell": {
                        "userEnteredFormat": {
                            "numberFormat": {"type": number_type, "pattern": pattern}
                        }
                    },
                    "fields": "userEnteredFormat.numberFormat",
                }
            }
        ]
    return []


def _id_index(headers: list[Any]) -> int | None:
    for i, header in enumerate(headers):
        if header_key(header) == "id":
            return i
    return None


def _trim(row: list[Any]) -> list[Any]:
    row = list(row)
    while row and row[-1] in (None, ""):
        row.pop()
    return row


def _same_columns(assumed: list[Any], actual: list[Any]) -> bool:
    """Whether every header the app wrote under is still in its place; columns added after
    the last one, or typed into a blank header, move nothing."""
    return all(
        not header_key(header) or (i < len(actual) and header_key(actual[i]) == header_key(header))
        for i, header in enumerate(assumed)
    )


def _bad_request(error: StoreError) -> bool:
    return error.kind == "google_error" and error.params.get("status") == 400


def _cell_value(cell: dict[str, Any]) -> Any:
    value = cell.get("effectiveValue") or cell.get("userEnteredValue") or {}
    for kind in ("stringValue", "numberValue", "boolValue"):
        if kind in value:
            return value[kind]
    return ""


def _grid_values(spreadsheet: dict[str, Any], tabs: list[str]) -> list[list[list[Any]]]:
    """The values of each response range, one range per tab, in the order of tabs, from an
    includeGridData answer (which lists the sheets in its own order)."""
    by_title: dict[str, list[list[list[Any]]]] = {}
    for sheet in spreadsheet.get("sheets", []):
        title = sheet.get("properties", {}).get("title", "")
        for data in sheet.get("data", []):
            rows = [[_cell_value(c) for c in r.get("values", [])] for r in data.get("rowData", [])]
            by_title.setdefault(title, []).append(rows)
    blocks: list[list[list[Any]]] = []
    for tab in tabs:
        found = by_title.get(tab) or [[]]
        blocks.append(found.pop(0) if len(found) > 1 else found[0])
    return blocks
