"""The HTTP face of the emulator: Sheets API v4 routes, a Drive subset, quota, faults, admin."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

from .errors import ApiError, DriveError, bad_request, quota_error
from .model import SheetsModel


class Call(NamedTuple):
    """One request the emulator received."""

    method: str
    path: str  # URL-decoded
    query: str  # URL-decoded
    body_size: int  # bytes


Response = tuple[int, dict[str, Any] | None]

# Person-like model methods the admin endpoint may call for a test in another process.
ADMIN_MODEL_METHODS = {
    "insert_rows",
    "delete_rows",
    "sort_rows",
    "set_cell",
    "get_cell",
    "add_column",
    "set_values",
    "add_sheet",
    "values",
    "formatted_values",
    "sheet_titles",
    "grid_size",
    "cell_format",
    "data_validation",
    "invalid_cells",
}


class _Faults:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.remaining = 0
        self.status: int | None = None
        self.delay = 0.0
        self.always: int | None = None
        self.always_delay = 0.0

    def take(self) -> tuple[int | None, float] | None:
        """The fault for the next request: (status or None to serve it, delay), or None."""
        with self.lock:
            if self.always is not None:
                return self.always, self.always_delay
            if self.remaining > 0:
                self.remaining -= 1
                return self.status, self.delay
            return None


class Emulator:
    """A running Sheets API emulator; see start_emulator()."""

    def __init__(
        self,
        port: int = 0,
        quota_per_minute: int | None = None,
        host: str = "127.0.0.1",
        model: SheetsModel | None = None,
    ) -> None:
        """Prepare the server (call start() to listen)."""
        self.model = model or SheetsModel()
        self._bind = (host, port)
        self._quota = quota_per_minute
        self._window: deque[float] = deque()
        self._quota_lock = threading.Lock()
        self._faults = _Faults()
        self._calls: list[Call] = []
        self._calls_lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.verbose = False

    # ------------------------------------------------------------ lifecycle

    def start(self) -> Emulator:
        """Listen on the port (0 picks a free one) in a background thread."""
        self._stopping.clear()
        server = ThreadingHTTPServer(self._bind, _Handler)
        server.daemon_threads = True
        server.block_on_close = False
        server.emulator = self  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self._thread.start()
        return self

    def wait(self) -> None:
        """Block until the server stops (for `python -m emulator`)."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=0.5)

    def stop(self) -> None:
        """Stop listening and release the port."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Emulator:
        """Use as a context manager."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop on leaving the block."""
        self.stop()

    @property
    def host(self) -> str:
        """`127.0.0.1:port`, the value for SHEETS_EMULATOR_HOST."""
        if self._server is None:
            raise RuntimeError("the emulator is not started")
        address, port = self._server.server_address[:2]
        return f"{address}:{port}"

    @property
    def url(self) -> str:
        """`http://127.0.0.1:port`."""
        return f"http://{self.host}"

    # ------------------------------------------------------------ test controls

    def create_spreadsheet(
        self, title: str, spreadsheet_id: str | None = None, **kwargs: Any
    ) -> str:
        """Create a spreadsheet with one tab Sheet1; returns its id."""
        return self.model.create_spreadsheet(title, spreadsheet_id, **kwargs)

    def calls(self) -> list[Call]:
        """Every API request received so far (admin requests excluded)."""
        with self._calls_lock:
            return list(self._calls)

    def reset_calls(self) -> None:
        """Forget the recorded requests."""
        with self._calls_lock:
            self._calls.clear()

    def set_quota(self, per_minute: int | None) -> None:
        """Allow at most this many API requests in any rolling minute (None: no limit)."""
        with self._quota_lock:
            self._quota = per_minute
            self._window.clear()

    def fail_next(self, count: int = 1, status: int | None = 503, *, delay: float = 0.0) -> None:
        """Make the next `count` requests fail with `status`, after `delay` seconds if given."""
        # With status=None and a delay the requests are only slow: they are served after the
        # delay, so a client with a shorter timeout gives up although the change was made.
        with self._faults.lock:
            self._faults.remaining = count
            self._faults.status = status
            self._faults.delay = delay

    def timeout_next(self, count: int = 1, seconds: float = 5.0, *, apply: bool = False) -> None:
        """Make the next requests hang for `seconds`; `apply=True` serves them afterwards."""
        self.fail_next(count, None if apply else 503, delay=seconds)

    def fail_always(self, status: int = 503, *, delay: float = 0.0) -> None:
        """Make every request fail with `status` until clear_faults()."""
        with self._faults.lock:
            self._faults.always = status
            self._faults.always_delay = delay

    def clear_faults(self) -> None:
        """Stop injecting faults."""
        with self._faults.lock:
            self._faults.remaining = 0
            self._faults.status = None
            self._faults.delay = 0.0
            self._faults.always = None
            self._faults.always_delay = 0.0

    # ------------------------------------------------------------ request handling

    def handle(self, method: str, target: str, body: bytes) -> Response:
        """Answer one request: (status, JSON body or None)."""
        split = urlsplit(target)
        raw_path, raw_query = split.path, split.query
        if raw_path.startswith("/_emulator/") or raw_path == "/_emulator":
            return self._admin(method, raw_path, body)
        with self._calls_lock:
            self._calls.append(Call(method, unquote(raw_path), unquote(raw_query), len(body)))
        kind = "Read" if method == "GET" else "Write"
        fault = self._faults.take()
        if fault is not None:
            status, delay = fault
            if delay:
                self._stopping.wait(delay)
            if status is not None:
                if status == 429:
                    return 429, quota_error(kind, self._quota or 60).body()
                return status, ApiError(status).body()
        with self._quota_lock:
            if self._quota is not None:
                now = time.monotonic()
                while self._window and now - self._window[0] >= 60:
                    self._window.popleft()
                if len(self._window) >= self._quota:
                    return 429, quota_error(kind, self._quota).body()
                self._window.append(now)
        params = parse_qs(raw_query, keep_blank_values=True)
        try:
            return self._route(method, raw_path, params, body)
        except ApiError as error:
            return error.code, error.body()

    def _json(self, body: bytes) -> dict[str, Any]:
        if not body.strip():
            return {}
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise bad_request(f"Invalid JSON payload received. {exc}") from exc
        if not isinstance(data, dict):
            raise bad_request("Invalid JSON payload received. Expected an object.")
        return data

    def _route(
        self, method: str, raw_path: str, params: dict[str, list[str]], body: bytes
    ) -> Response:
        model = self.model
        parts = raw_path.strip("/").split("/")
        if parts[:2] == ["v4", "spreadsheets"]:
            rest = parts[2:]
            if not rest or rest == [""]:
                if method == "POST":
                    return 200, model.create_from_api(self._json(body))
                raise ApiError(404)
            head, _, action = unquote(rest[0]).partition(":")
            sid = head
            if len(rest) == 1:
                if action == "batchUpdate" and method == "POST":
                    return 200, model.batch_update(sid, self._json(body))
                if not action and method == "GET":
                    return 200, model.metadata(sid, params)
                raise ApiError(404)
            if rest[1].startswith("values"):
                return self._values(method, sid, rest, params, body)
            if rest[1] == "sheets" and len(rest) == 3 and method == "POST":
                sheet_part, _, action = unquote(rest[2]).partition(":")
                if action == "copyTo":
                    return 200, self._copy_to(sid, int(sheet_part), self._json(body))
            raise ApiError(404)
        if parts[:3] == ["drive", "v3", "files"]:
            return self._drive(method, parts[3:], params, body)
        raise ApiError(404)

    def _values(
        self, method: str, sid: str, rest: list[str], params: dict[str, list[str]], body: bytes
    ) -> Response:
        model = self.model
        if len(rest) == 2:
            action = unquote(rest[1]).partition(":")[2]
            if action == "batchGet" and method == "GET":
                return 200, model.values_batch_get(sid, params)
            if action == "batchUpdate" and method == "POST":
                return 200, model.values_batch_update(sid, self._json(body))
            if action == "batchClear" and method == "POST":
                return 200, model.values_batch_clear(sid, self._json(body))
            raise ApiError(404)
        raw_range = "/".join(rest[2:])
        if method == "POST":
            for suffix in (":append", ":clear"):
                if raw_range.endswith(suffix):
                    range_text = unquote(raw_range[: -len(suffix)])
                    if suffix == ":append":
                        return 200, model.values_append(sid, range_text, params, self._json(body))
                    return 200, model.values_clear(sid, range_text)
            raise ApiError(404)
        range_text = unquote(raw_range)
        if method == "GET":
            return 200, model.values_get(sid, range_text, params)
        if method == "PUT":
            return 200, model.values_update(sid, range_text, params, self._json(body))
        raise ApiError(404)

    def _drive(
        self, method: str, rest: list[str], params: dict[str, list[str]], body: bytes
    ) -> Response:
        model = self.model
        if not rest or rest == [""]:
            if method == "POST":
                return 200, model.drive_create(params, self._json(body))
            if method == "GET":
                return 200, model.drive_list(params)
        elif len(rest) == 1:
            file_id = unquote(rest[0])
            if method == "GET":
                return 200, model.drive_get(file_id, params)
            if method == "DELETE":
                model.drive_delete(file_id)
                return 204, None
        raise DriveError(404, "Not found (this Drive call is not emulated).", "notFound")

    def _copy_to(self, sid: str, sheet_id: int, body: dict[str, Any]) -> dict[str, Any]:
        import copy as _copy

        from .model import Sheet

        with self.model.lock:
            source_ss = self.model.get(sid)
            source = source_ss.sheet_by_id(sheet_id)
            if source is None:
                raise bad_request(f"No grid with id: {sheet_id}")
            target_ss = self.model.get(body.get("destinationSpreadsheetId") or "")
            title = f"Copy of {source.title}"
            n = 2
            while target_ss.sheet_by_title(title) is not None:
                title = f"Copy of {source.title} {n}"
                n += 1
            target_ss.check_cells(source.row_count * source.col_count)
            sheet = Sheet(self.model.new_sheet_id(target_ss), title)
            sheet.restore(_copy.deepcopy(source.snapshot()))
            sheet.props["sheetId"] = self.model.new_sheet_id(target_ss)
            sheet.props["title"] = title
            sheet.protected = []
            target_ss.sheets.append(sheet)
            target_ss.reindex()
            return _copy.deepcopy(sheet.props)

    # ------------------------------------------------------------ admin

    def _admin(self, method: str, raw_path: str, body: bytes) -> Response:
        parts = [unquote(p) for p in raw_path.strip("/").split("/")[1:]]
        try:
            data = self._json(body)
        except ApiError as error:
            return error.code, error.body()
        try:
            return self._admin_route(method, parts, data)
        except ApiError as error:
            return error.code, error.body()
        except (KeyError, ValueError, TypeError) as error:
            return 400, {
                "error": {"code": 400, "message": str(error), "status": "INVALID_ARGUMENT"}
            }

    def _admin_route(self, method: str, parts: list[str], data: dict[str, Any]) -> Response:
        if parts == ["health"]:
            return 200, {"ok": True}
        if parts == ["spreadsheets"] and method == "POST":
            extra = {}
            if data.get("locale"):
                extra["locale"] = data["locale"]
            if data.get("timeZone"):
                extra["time_zone"] = data["timeZone"]
            if data.get("sheets"):
                extra["sheets"] = data["sheets"]
            sid = self.create_spreadsheet(
                data.get("title") or "Untitled spreadsheet", data.get("id"), **extra
            )
            return 200, {"id": sid}
        if parts == ["calls"] and method == "GET":
            return 200, {"calls": [c._asdict() for c in self.calls()]}
        if parts == ["reset_calls"] and method == "POST":
            self.reset_calls()
            return 200, {"ok": True}
        if parts == ["quota"] and method == "POST":
            per_minute = data.get("per_minute")
            self.set_quota(int(per_minute) if per_minute is not None else None)
            return 200, {"ok": True}
        if parts == ["faults"] and method == "POST":
            if data.get("clear"):
                self.clear_faults()
            elif data.get("always"):
                self.fail_always(
                    int(data.get("status") or 503), delay=float(data.get("delay") or 0)
                )
            else:
                status = data.get("status", 503)
                self.fail_next(
                    int(data.get("count") or 1),
                    int(status) if status is not None else None,
                    delay=float(data.get("delay") or 0),
                )
            return 200, {"ok": True}
        if parts == ["reset"] and method == "POST":
            self.model.reset()
            self.reset_calls()
            self.clear_faults()
            self.set_quota(None)
            return 200, {"ok": True}
        if len(parts) == 2 and parts[0] == "model" and method == "POST":
            if parts[1] not in ADMIN_MODEL_METHODS:
                raise ApiError(404, f"No model method {parts[1]!r}")
            method_fn: Callable[..., Any] = getattr(self.model, parts[1])
            return 200, {"result": method_fn(**data)}
        raise ApiError(404)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "ESF"
    sys_version = ""

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _serve(self) -> None:
        emulator: Emulator = self.server.emulator  # type: ignore[attr-defined]
        body = self._read_body()
        try:
            status, payload = emulator.handle(self.command, self.path, body)
        except Exception as exc:  # noqa: BLE001 - answer like Google instead of dropping the socket
            status, payload = 500, ApiError(500, f"Internal error encountered: {exc!r}").body()
        data = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            if payload is not None:
                self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if data:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        emulator: Emulator = self.server.emulator  # type: ignore[attr-defined]
        if emulator.verbose:
            super().log_message(format, *args)


def start_emulator(
    port: int = 0, quota_per_minute: int | None = None, host: str = "127.0.0.1"
) -> Emulator:
    """Start an emulator in a background thread and return it (stop it with .stop())."""
    return Emulator(port=port, quota_per_minute=quota_per_minute, host=host).start()
