"""Replay gspread's recorded Google traffic against the emulator and measure the agreement."""

# Every cassette is replayed in order against a fresh model. A Drive create makes the spreadsheet
# with the recorded id and title, a Drive delete deletes it; other Drive calls are out of scope,
# and so are spreadsheets that came from them (Drive files.list / copy, a CSV import). Each Sheets
# v4 request is sent with the recorded method, path, query and body; only the random ids Google
# chose (sheetId, protectedRangeId, namedRangeId) are translated to the emulator's. Compared:
#
# * agreement (the criterion): the same status code and, where the recorded body has values
#   (values.get, batchGet's valueRanges, updatedData of update/append), the same values; for
#   metadata the sheet titles with their row and column counts; for metadata narrowed by a
#   `fields` mask (notes, formats, tab colours, named ranges) the whole masked body;
# * strict: the whole JSON body equal (ids translated back), reported for information.
#
# The table is printed and written to test-artifacts/emulator-fidelity.txt.

from __future__ import annotations

import http.client
import json
import os
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from emulator import start_emulator

REPO = Path(__file__).resolve().parents[2]
CASSETTES = Path(
    os.environ.get(
        "SHEETS_CASSETTES_DIR", REPO.parent / "shared" / "testdata" / "sheets-api-cassettes"
    )
)
ARTIFACT = REPO / "test-artifacts" / "emulator-fidelity.txt"
THRESHOLD = 0.90
ID_KEYS = ("sheetId", "protectedRangeId", "namedRangeId", "sourceSheetId", "newSheetId")


@dataclass
class Outcome:
    """Counts for one kind of endpoint."""

    total: int = 0
    agree: int = 0
    strict: int = 0


@dataclass
class Report:
    """What the replay found."""

    kinds: dict[str, Outcome] = field(default_factory=lambda: defaultdict(Outcome))
    out_of_scope: Counter[str] = field(default_factory=Counter)
    differences: list[str] = field(default_factory=list)
    strict_differences: list[str] = field(default_factory=list)
    cassettes: int = 0
    seconds: float = 0.0

    def overall(self) -> Outcome:
        """All kinds together."""
        total = Outcome()
        for outcome in self.kinds.values():
            total.total += outcome.total
            total.agree += outcome.agree
            total.strict += outcome.strict
        return total


def classify(method: str, uri: str) -> tuple[str, str | None]:
    """(kind, spreadsheet id) of a recorded request; Drive kinds start with `drive.`."""
    parts = urlsplit(uri)
    path = parts.path
    if parts.netloc == "www.googleapis.com":
        if method == "POST" and path == "/drive/v3/files":
            return "drive.create", None
        m = re.match(r"^/drive/v3/files/([^/]+)$", path)
        if method == "DELETE" and m:
            return "drive.delete", unquote(m.group(1))
        m = re.match(r"^/(?:upload/)?drive/v\d/files/([^/?]+)", path)
        return "drive.other", unquote(m.group(1)) if m else None
    m = re.match(r"^/v4/spreadsheets(?:/([^/]+))?(/.*)?$", path)
    if parts.netloc != "sheets.googleapis.com" or not m:
        return "other", None
    head, rest = m.group(1), m.group(2) or ""
    if head is None:
        return "spreadsheets.create", None
    sid, _, action = unquote(head).partition(":")
    if not rest:
        if action == "batchUpdate":
            return "spreadsheets.batchUpdate", sid
        fields = parse_qs(parts.query).get("fields")
        return ("spreadsheets.get (fields)" if fields else "spreadsheets.get"), sid
    if rest.startswith("/values:"):
        return "values." + rest.split(":", 1)[1], sid
    if rest.startswith("/values/"):
        if method == "GET":
            return "values.get", sid
        if method == "PUT":
            return "values.update", sid
        if rest.endswith(":append"):
            return "values.append", sid
        if rest.endswith(":clear"):
            return "values.clear", sid
    if "/sheets/" in rest:
        return "sheets.copyTo", sid
    return "other", sid


class IdMap:
    """Google's random ids in the recording and the emulator's ids for the same objects."""

    def __init__(self) -> None:
        """Start with no ids known."""
        self.forward: dict[str, dict[Any, Any]] = defaultdict(dict)

    def learn(self, key: str, recorded: Any, emulated: Any) -> None:
        """Remember that a recorded id is the emulator's id."""
        if recorded is not None and emulated is not None:
            self.forward[_family(key)][recorded] = emulated

    def translate(self, obj: Any, back: bool = False) -> Any:
        """Translate ids in a JSON value (recorded → emulator, or back)."""
        if isinstance(obj, list):
            return [self.translate(item, back) for item in obj]
        if not isinstance(obj, dict):
            return obj
        out = {}
        for key, value in obj.items():
            if key in ID_KEYS and not isinstance(value, (dict, list)):
                table = self.forward[_family(key)]
                if back:
                    table = {v: k for k, v in table.items()}
                out[key] = table.get(value, value)
            else:
                out[key] = self.translate(value, back)
        return out

    def learn_from(self, recorded: Any, emulated: Any) -> None:
        """Learn ids by walking a recorded reply and the emulator's reply side by side."""
        if isinstance(recorded, list) and isinstance(emulated, list):
            if len(recorded) == len(emulated):
                for a, b in zip(recorded, emulated, strict=True):
                    self.learn_from(a, b)
            return
        if not isinstance(recorded, dict) or not isinstance(emulated, dict):
            return
        for key, value in recorded.items():
            if key in ID_KEYS and not isinstance(value, (dict, list)):
                self.learn(key, value, emulated.get(key))
            elif key in emulated:
                self.learn_from(value, emulated[key])

    def learn_sheets(self, recorded: dict[str, Any], emulated: dict[str, Any]) -> None:
        """Match tabs of two metadata bodies by title and learn their sheetIds."""
        mine = {
            s.get("properties", {}).get("title"): s.get("properties", {}).get("sheetId")
            for s in emulated.get("sheets", [])
        }
        for sheet in recorded.get("sheets", []):
            props = sheet.get("properties", {})
            if props.get("title") in mine and "sheetId" in props:
                self.learn("sheetId", props["sheetId"], mine[props["title"]])


def _family(key: str) -> str:
    return "sheetId" if key.endswith("heetId") else key


def _values(body: Any) -> list[Any]:
    return body.get("values", []) if isinstance(body, dict) else []


def _sheet_summary(body: dict[str, Any]) -> list[tuple[Any, Any, Any]]:
    out = []
    for sheet in body.get("sheets", []):
        props = sheet.get("properties", {})
        grid = props.get("gridProperties", {})
        out.append((props.get("title"), grid.get("rowCount"), grid.get("columnCount")))
    return out


def agrees(kind: str, recorded: Any, emulated: Any) -> bool:
    """The brief's criterion beyond the status code."""
    if not isinstance(recorded, dict) or "error" in recorded:
        return True
    if kind == "values.get":
        return _values(recorded) == _values(emulated)
    if kind == "values.batchGet":
        mine = emulated.get("valueRanges", []) if isinstance(emulated, dict) else []
        theirs = recorded.get("valueRanges", [])
        return len(mine) == len(theirs) and all(
            _values(a) == _values(b) for a, b in zip(theirs, mine, strict=True)
        )
    if kind in ("values.update", "values.append"):
        block = recorded.get("updates", recorded)
        if "updatedData" in block:
            mine = emulated.get("updates", emulated) if isinstance(emulated, dict) else {}
            return _values(block["updatedData"]) == _values(mine.get("updatedData", {}))
        return True
    if kind == "spreadsheets.get":
        return _sheet_summary(recorded) == _sheet_summary(emulated)
    if kind == "spreadsheets.get (fields)":
        return recorded == emulated
    return True


def diff_paths(a: Any, b: Any, path: str = "", limit: int = 6) -> list[str]:
    """Where two JSON values differ, as `path: google != emulator` lines."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in list(a) + [k for k in b if k not in a]:
            if a.get(key, "<absent>") != b.get(key, "<absent>"):
                out += diff_paths(a.get(key, "<absent>"), b.get(key, "<absent>"), f"{path}.{key}")
        return out[:limit]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                out += diff_paths(x, y, f"{path}[{i}]")
        return out[:limit]
    return [f"{path or '.'}: {_short(a, 200)} != {_short(b, 200)}"]


def _short(value: Any, limit: int = 600) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + f"…(+{len(text) - limit})"


def replay(host: str, emu: Any) -> Report:
    """Replay every cassette against the emulator at host."""
    report = Report()
    started = time.perf_counter()
    address, port = host.split(":")
    conn = http.client.HTTPConnection(address, int(port), timeout=30)

    def send(method: str, target: str, body: bytes | None) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json"} if body else {}
        conn.request(method, target, body=body, headers=headers)
        response = conn.getresponse()
        raw = response.read()
        return response.status, (json.loads(raw) if raw else None)

    for path in sorted(CASSETTES.glob("*.json")):
        report.cassettes += 1
        emu.model.reset()
        ids = IdMap()
        created: set[str] = set()
        foreign: set[str] = set()
        tainted: set[str] = set()
        interactions = json.loads(path.read_text(encoding="utf-8"))["interactions"]
        for index, interaction in enumerate(interactions):
            request, response = interaction["request"], interaction["response"]
            method, uri = request["method"], request["uri"]
            kind, sid = classify(method, uri)
            raw_body = request.get("body") or ""
            if isinstance(raw_body, dict):
                raw_body = json.dumps(raw_body)
            recorded_text = response["body"]["string"] or ""
            recorded = json.loads(recorded_text) if recorded_text.strip().startswith("{") else None
            recorded_status = response["status"]["code"]
            if kind == "drive.create":
                if recorded_status == 200 and recorded:
                    payload = {
                        "name": recorded.get("name"),
                        "mimeType": recorded.get("mimeType"),
                        "id": recorded["id"],
                    }
                    send(
                        "POST",
                        "/drive/v3/files?supportsAllDrives=True",
                        json.dumps(payload).encode(),
                    )
                    created.add(recorded["id"])
                continue
            if kind == "drive.delete":
                send(method, urlsplit(uri).path + "?" + urlsplit(uri).query, None)
                continue
            if kind.startswith("drive.") or kind == "other":
                drive_path = re.sub(r"/files/[^/?]+", "/files/{id}", urlsplit(uri).path)
                report.out_of_scope[f"Drive call {method} {drive_path}"] += 1
                for found in re.findall(r'"id":\s*"([A-Za-z0-9_-]{25,})"', recorded_text):
                    if found not in created:
                        foreign.add(found)
                if sid and method == "PUT":
                    tainted.add(sid)
                continue
            if sid in foreign and sid not in created:
                report.out_of_scope["spreadsheet made outside the replay (Drive list/copy)"] += 1
                continue
            if sid in tainted:
                report.out_of_scope["spreadsheet rewritten by a Drive CSV import"] += 1
                continue
            body: bytes | None = None
            if raw_body:
                try:
                    parsed = json.loads(raw_body)
                except ValueError:
                    parsed = None
                translated = ids.translate(parsed) if parsed is not None else None
                if translated is not None and translated != parsed:
                    body = json.dumps(translated).encode("utf-8")
                else:
                    body = raw_body.encode("utf-8")
            split = urlsplit(uri)
            target = split.path + (("?" + split.query) if split.query else "")
            status, emulated = send(method, target, body)
            if status == 200 and isinstance(recorded, dict) and isinstance(emulated, dict):
                ids.learn_from(recorded, emulated)
                if "sheets" in recorded:
                    ids.learn_sheets(recorded, emulated)
            emulated_back = ids.translate(emulated, back=True)
            outcome = report.kinds[kind]
            outcome.total += 1
            where = f"{path.name}[{index}] {method} {unquote(target)}"
            if status == recorded_status and agrees(kind, recorded, emulated_back):
                outcome.agree += 1
            else:
                report.differences.append(
                    f"{where}\n    google   {recorded_status} {_short(recorded)}\n"
                    f"    emulator {status} {_short(emulated_back)}"
                )
            if status == recorded_status and (recorded == emulated_back or recorded is None):
                outcome.strict += 1
            else:
                details = "\n".join("    " + line for line in diff_paths(recorded, emulated_back))
                report.strict_differences.append(
                    f"{where}\n    status google {recorded_status}, emulator {status}\n{details}"
                )
    conn.close()
    report.seconds = time.perf_counter() - started
    return report


def render_report(report: Report) -> str:
    """The table and the lists of differences, as text."""
    lines = [
        "Sheets API emulator: agreement with gspread's recorded Google traffic",
        f"{report.cassettes} cassettes from {CASSETTES}, replayed in {report.seconds:.1f} s",
        "",
        f"{'endpoint kind':<28} {'calls':>6} {'agree':>6} {'rate':>7} {'strict':>7} {'rate':>7}",
    ]
    for kind in sorted(report.kinds):
        o = report.kinds[kind]
        lines.append(
            f"{kind:<28} {o.total:>6} {o.agree:>6} {o.agree / o.total:>7.1%} "
            f"{o.strict:>7} {o.strict / o.total:>7.1%}"
        )
    total = report.overall()
    lines.append(
        f"{'overall':<28} {total.total:>6} {total.agree:>6} {total.agree / total.total:>7.1%} "
        f"{total.strict:>7} {total.strict / total.total:>7.1%}"
    )
    lines += [
        "",
        "agree: status code, and values / sheet titles and sizes / masked body as the brief",
        "asks; strict: status code and the whole JSON body identical.",
        "",
    ]
    lines.append("Not replayed (out of scope, not counted above):")
    for reason, count in report.out_of_scope.most_common():
        lines.append(f"  {count:>4}  {reason}")
    lines += ["", f"Disagreements ({len(report.differences)}):"]
    lines += report.differences or ["  none"]
    lines += ["", f"Strict differences ({len(report.strict_differences)}), for information:"]
    lines += report.strict_differences or ["  none"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def report() -> Report:
    """Replay once for the module."""
    if not CASSETTES.is_dir():
        pytest.skip(f"no cassettes at {CASSETTES} (set SHEETS_CASSETTES_DIR)")
    emu = start_emulator()
    # Protected ranges list their owner as an editor: use the recording's service account.
    emu.model.owner_email = "telegram-budgeter@telegram-budgeter.iam.gserviceaccount.com"
    try:
        result = replay(emu.host, emu)
    finally:
        emu.stop()
    text = render_report(result)
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(text, encoding="utf-8")
    print("\n" + text.split("\nDisagreements")[0])
    return result


def test_replay_agrees_with_google(report: Report) -> None:
    """At least 90% of the implemented calls answer as Google did."""
    total = report.overall()
    assert total.total > 1000, "the replay should cover most recorded Sheets calls"
    rate = total.agree / total.total
    assert rate >= THRESHOLD, f"agreement {rate:.1%} < {THRESHOLD:.0%}; see {ARTIFACT}"


def test_every_kind_mostly_agrees(report: Report) -> None:
    """No endpoint kind is far off (each at least 80%)."""
    weak = {
        kind: f"{o.agree}/{o.total}"
        for kind, o in report.kinds.items()
        if o.total >= 5 and o.agree / o.total < 0.8
    }
    assert not weak, f"kinds below 80%: {weak}"
