"""The HTTP server: raw routes, Drive subset, admin endpoints and `python -m emulator`."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from emulator import Emulator, emulator_client

REPO = Path(__file__).resolve().parents[2]


def test_create_spreadsheet_with_post(emu: Emulator) -> None:
    """POST /v4/spreadsheets creates a spreadsheet with the given tabs."""
    body = {
        "properties": {"title": "Báo cáo", "locale": "vi_VN", "timeZone": "Asia/Ho_Chi_Minh"},
        "sheets": [{"properties": {"title": "Chỉ số", "gridProperties": {"rowCount": 50}}}],
    }
    answer = requests.post(f"{emu.url}/v4/spreadsheets", json=body, timeout=5)
    assert answer.status_code == 200
    created = answer.json()
    assert created["properties"]["locale"] == "vi_VN"
    props = created["sheets"][0]["properties"]
    assert (props["title"], props["gridProperties"]) == (
        "Chỉ số",
        {"rowCount": 50, "columnCount": 26},
    )


def test_drive_file_metadata(emu: Emulator) -> None:
    """gspread's creationTime / lastUpdateTime come from Drive files.get."""
    gc = emulator_client(emu.host)
    sh = gc.open_by_key(emu.create_spreadsheet("Drive"))
    assert sh.get_lastUpdateTime().endswith("Z")
    listed = gc.list_spreadsheet_files("Drive")
    assert [f["id"] for f in listed] == [sh.id]
    missing = requests.get(f"{emu.url}/drive/v3/files/nope", timeout=5)
    assert missing.status_code == 404
    assert missing.json()["error"]["errors"][0]["reason"] == "notFound"


def test_unknown_routes_and_bad_json(emu: Emulator) -> None:
    """Unknown routes are 404; a body that is not JSON is 400."""
    assert requests.get(f"{emu.url}/v4/nothing", timeout=5).status_code == 404
    sid = emu.create_spreadsheet("json")
    bad = requests.put(
        f"{emu.url}/v4/spreadsheets/{sid}/values/A1?valueInputOption=RAW",
        data=b"{not json",
        headers={"Content-Type": "application/json"},
        timeout=5,
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["status"] == "INVALID_ARGUMENT"


def test_authorization_is_ignored_and_ranges_are_url_decoded(emu: Emulator) -> None:
    """Any Authorization header is accepted; encoded and plain ranges mean the same."""
    sid = emu.create_spreadsheet("auth")
    url = f"{emu.url}/v4/spreadsheets/{sid}/values/%27Sheet1%27%21A1%3AB1?valueInputOption=RAW"
    put = requests.put(
        url, json={"values": [["a", "b"]]}, headers={"Authorization": "Bearer x"}, timeout=5
    )
    assert put.json()["updatedRange"] == "Sheet1!A1:B1"
    got = requests.get(f"{emu.url}/v4/spreadsheets/{sid}/values/Sheet1!A1:B1", timeout=5).json()
    assert got["values"] == [["a", "b"]]


@pytest.fixture(scope="module")
def process() -> Iterator[str]:
    """`python -m emulator --port 0` in another process; yields its host."""
    child = subprocess.Popen(
        [sys.executable, "-m", "emulator", "--port", "0", "--quota-per-minute", "1000"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        host = ""
        assert child.stdout is not None
        for _ in range(5):
            line = child.stdout.readline()
            if line.startswith("SHEETS_EMULATOR_HOST="):
                host = line.strip().split("=", 1)[1]
                break
        assert host, "the emulator did not print its address"
        yield host
    finally:
        child.terminate()
        child.wait(timeout=10)


def test_admin_endpoints_from_another_process(process: str) -> None:
    """A test can drive an emulator running in another process through /_emulator/."""
    base = f"http://{process}"
    sid = requests.post(
        f"{base}/_emulator/spreadsheets", json={"title": "Từ xa", "id": "remote-1"}, timeout=5
    ).json()["id"]
    assert sid == "remote-1"
    requests.post(f"{base}/_emulator/reset_calls", timeout=5)
    gc = emulator_client(process)
    ws = gc.open_by_key(sid).sheet1
    ws.append_row(["a", "b"])

    calls = requests.get(f"{base}/_emulator/calls", timeout=5).json()["calls"]
    assert [c["method"] for c in calls] == ["GET", "GET", "POST"]  # open_by_key, sheet1, append
    assert calls[-1]["path"] == "/v4/spreadsheets/remote-1/values/'Sheet1':append"
    assert calls[-1]["query"] == "valueInputOption=RAW&includeValuesInResponse=False"
    assert calls[-1]["body_size"] > 0

    model = f"{base}/_emulator/model"
    requests.post(
        f"{model}/insert_rows",
        json={
            "spreadsheet_id": sid,
            "sheet_title": "Sheet1",
            "before_row": 1,
            "rows_of_values": [["h1", "h2"]],
        },
        timeout=5,
    )
    values = requests.post(
        f"{model}/values", json={"spreadsheet_id": sid, "sheet_title": "Sheet1"}, timeout=5
    ).json()["result"]
    assert values == [["h1", "h2"], ["a", "b"]]

    requests.post(f"{base}/_emulator/faults", json={"count": 1, "status": 503}, timeout=5)
    assert requests.get(f"{base}/v4/spreadsheets/{sid}", timeout=5).status_code == 503
    assert requests.get(f"{base}/v4/spreadsheets/{sid}", timeout=5).status_code == 200
    requests.post(f"{base}/_emulator/faults", json={"always": True, "status": 500}, timeout=5)
    assert requests.get(f"{base}/v4/spreadsheets/{sid}", timeout=5).status_code == 500
    requests.post(f"{base}/_emulator/faults", json={"clear": True}, timeout=5)

    requests.post(f"{base}/_emulator/quota", json={"per_minute": 1}, timeout=5)
    assert requests.get(f"{base}/v4/spreadsheets/{sid}", timeout=5).status_code == 200
    limited = requests.get(f"{base}/v4/spreadsheets/{sid}", timeout=5)
    assert limited.status_code == 429
    assert limited.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    requests.post(f"{base}/_emulator/quota", json={"per_minute": None}, timeout=5)
    assert requests.get(f"{base}/v4/spreadsheets/{sid}", timeout=5).status_code == 200
    assert requests.get(f"{base}/_emulator/health", timeout=5).json() == {"ok": True}
