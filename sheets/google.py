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
  row in one `batchUpdate` whose answer confirms the row still holds that id;
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
    def _call(self, what: Callable[[], T], before_retry: Callable[[], bool] | None = None) -> T:
        """Run one API call, retrying 429, 5xx and timeouts with backoff.

        `before_retry` is asked before each retry; if it says the call already took effect
        (a timed-out append that Google did apply), no retry is made.
        """
        last: Exception | None = None
        for attempt in range(self.retry.attempts):
            if attempt:
                self.retry.sleep(self.retry.delay(attempt - 1))
                if before_retry is not None and before_retry():
                    return None  # type: ignore[return-value]
            try:
                return what()
            except gspread.exceptions.APIError as error:
                status = _api_status(error)
                if status not in RETRY_STATUSES:
                    raise self._explain(error, status) from error
                last = error
            except (requests.Timeout, requests.ConnectionError) as error:
                last = error
            LOG.warning("Google Sheets call failed (try %d): %s", attempt + 1, last)
        raise BackendUnavailable(f"Google Sheets did not answer: {last}")

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

    def tab_names(self) -> list[str]:
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
        check_ranges: list[str],
        before_retry: Callable[[], bool] | None = None,
    ) -> list[list[list[Any]]]:
        """One batchUpdate; returns the values of check_ranges as they are after it."""
        body = {
            "requests": requests_,
            "includeSpreadsheetInResponse": True,
            "responseRanges": check_ranges,
            "responseIncludeGridData": True,
        }
        answer = self._call(lambda: self.http.batch_update(self.key, body), before_retry)
        if answer is None:  # a retry found the write already done
            return []
        return _grid_values(answer.get("updatedSpreadsheet", {}), check_ranges)

    def _ids_present(self, name: str, id_column: int, ids: set[str]) -> bool:
        letter = column_letter(id_column)
        answer = self.http.values_get(
            self.key,
            f"{quote_tab(name)}!{letter}:{letter}",
            params={"valueRenderOption": "UNFORMATTED_VALUE"},
        )
        found = {str(r[0]) for r in answer.get("values", []) if r}
        return ids <= found

    def append_rows(self, name: str, rows: list[list[Any]], audit: AuditRows | None = None) -> None:
        if not rows:
            return
        assumed = list(self._headers.get(name) or self.headers(name) or [])
        requests_ = [self._append_request(name, rows)]
        if audit is not None:
            requests_.append(self._append_request(*audit))
        id_column = _id_index(assumed)
        ids = {str(r[id_column]) for r in rows if id_column is not None and id_column < len(r)}

        def already_there() -> bool:
            # A timed-out or 5xx append may have been applied: never add the rows twice.
            try:
                return bool(ids) and self._ids_present(name, id_column or 0, ids)
            except Exception:  # noqa: BLE001 - if we cannot tell, retrying is the safe side
                return False

        after = self._write(requests_, [f"{quote_tab(name)}!1:1"], already_there)
        if after and _trim(after[0][0] if after[0] else []) != _trim(assumed):
            actual = after[0][0] if after[0] else []
            self._headers[name] = list(actual)
            self._remove_misplaced(name, id_column, ids)
            raise StaleRowError(f"{name}: the columns moved while the app was adding a row")

    def _remove_misplaced(self, name: str, id_column: int | None, ids: set[str]) -> None:
        """Delete rows this app just appended under the wrong headers; they hold only its own
        new values, so nothing of anyone else's is lost."""
        if id_column is None or not ids:
            return
        letter = column_letter(id_column)
        answer = self._call(
            lambda: self.http.values_get(
                self.key,
                f"{quote_tab(name)}!{letter}:{letter}",
                params={"valueRenderOption": "UNFORMATTED_VALUE"},
            )
        )
        rows = [i for i, r in enumerate(answer.get("values", [])) if r and str(r[0]) in ids]
        sid = self._sheet(name).sheet_id
        requests_ = [
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
            for i in sorted(rows, reverse=True)
        ]
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
                return RowRef(name, index + 1, headers, cells)
        return None

    def write_cells(
        self, ref: RowRef, id_column: int, updates: dict[int, Any], audit: AuditRows | None = None
    ) -> None:
        sid = self._sheet(ref.tab).sheet_id
        requests_: list[dict[str, Any]] = [
            {
                "updateCells": {
                    "start": {"sheetId": sid, "rowIndex": ref.row_number - 1, "columnIndex": col},
                    "rows": [{"values": [cell_data(value)]}],
                    "fields": "userEnteredValue",
                }
            }
            for col, value in sorted(updates.items())
        ]
        if audit is not None:
            requests_.append(self._append_request(*audit))
        letter = column_letter(id_column)
        check = f"{quote_tab(ref.tab)}!{letter}{ref.row_number}"
        after = self._write(requests_, [check])
        expected = ref.cells[id_column] if id_column < len(ref.cells) else None
        if after:
            holder = after[0][0][0] if after[0] and after[0][0] else None
            if str(holder) != str(expected):
                LOG.error(
                    "row %s of %s held %r, not %r, when written",
                    ref.row_number,
                    ref.tab,
                    holder,
                    expected,
                )
                raise StaleRowError(f"{ref.tab}: row {ref.row_number} moved during the write")

    def delete_rows(self, name: str, id_column: int, record_ids: set[str]) -> int:
        if not record_ids:
            return 0
        letter = column_letter(id_column)
        answer = self._call(
            lambda: self.http.values_get(
                self.key,
                f"{quote_tab(name)}!{letter}:{letter}",
                params={"valueRenderOption": "UNFORMATTED_VALUE"},
            )
        )
        rows = [
            i
            for i, r in enumerate(answer.get("values", []))
            if i and r and str(r[0]).strip() in record_ids
        ]
        if not rows:
            return 0
        sid = self._sheet(name).sheet_id
        requests_ = [
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
            for i in sorted(rows, reverse=True)
        ]
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


def _cell_value(cell: dict[str, Any]) -> Any:
    value = cell.get("effectiveValue") or cell.get("userEnteredValue") or {}
    for kind in ("stringValue", "numberValue", "boolValue"):
        if kind in value:
            return value[kind]
    return ""


def _grid_values(spreadsheet: dict[str, Any], ranges: list[str]) -> list[list[list[Any]]]:
    """The values of each response range, in order, from an includeGridData answer."""
    blocks: list[list[list[Any]]] = []
    for sheet in spreadsheet.get("sheets", []):
        for data in sheet.get("data", []):
            rows = [[_cell_value(c) for c in r.get("values", [])] for r in data.get("rowData", [])]
            blocks.append(rows)
    return blocks[: len(ranges)] if blocks else []
