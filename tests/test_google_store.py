"""The Google Sheets store against the emulator, through real gspread.

Every figure is counted at the emulator: API calls, uploaded bytes, and what the sheet holds
afterwards. One emulator serves the module; every test gets a new spreadsheet.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gspread
import pandas as pd
import pytest

from emulator import Emulator
from emulator.server import Call
from sheets import schema as sc
from sheets.errors import ConflictError, NotFoundError, StoreError
from sheets.google import (
    HEADER_PROTECTION,
    GoogleBackend,
    RetryPolicy,
    cell_data,
    emulator_client,
    to_serial,
)
from sheets.schema import FieldType, TabSchema
from sheets.store import Store
from sheets.synthetic import fill_emulator_tab

ATTEMPTS = 4
ACTIVITIES = sc.tab("activities")
AUDIT = sc.tab("audit")
ACTIVITY = {
    "date": dt.date(2017, 4, 5),
    "type": "Tờ rơi",
    "title": "Phát tờ rơi DVC mức độ 3, 4",
    "quantity": 500,
}


# -- fixtures and helpers ----------------------------------------------------------------


@pytest.fixture
def sid(emu: Emulator) -> str:
    """A new, empty spreadsheet; no faults or quota left over from another test."""
    emu.clear_faults()
    emu.set_quota(None)
    emu.reset_calls()
    return emu.create_spreadsheet("Kế hoạch CCHC")


def make_store(
    emu: Emulator, sid: str, timeout: float = 30, cache_ttl: float = 60, attempts: int = ATTEMPTS
) -> Store:
    """A store on the spreadsheet, with a fast retry policy of ATTEMPTS tries."""
    retry = RetryPolicy(attempts=attempts, base=0.001, cap=0.01)
    backend = GoogleBackend(emulator_client(emu.host, timeout=timeout), sid, retry=retry)
    return Store(backend, cache_ttl=cache_ttl)


@pytest.fixture
def store(emu: Emulator, sid: str) -> Store:
    """A store on a spreadsheet where init has run and one load is cached."""
    store = make_store(emu, sid)
    store.init()
    store.load()
    emu.reset_calls()
    return store


def column(schema: TabSchema, code: str) -> int:
    """The 1-based column of a field in a tab made by init."""
    return schema.codes.index(code) + 1


def rows_of(emu: Emulator, sid: str, name: str) -> list[list[Any]]:
    """The data rows of a tab as the emulator holds them."""
    return emu.model.values(sid, name)[1:]


def writes(calls: list[Call]) -> list[Call]:
    return [c for c in calls if c.method != "GET"]


def model_state(emu: Emulator, sid: str) -> dict[str, Any]:
    """Everything a write could change: properties, cells, protections, of every tab."""
    with emu.model.lock:
        return {
            sheet.title: (
                copy.deepcopy(sheet.props),
                {r: dict(cells) for r, cells in sheet.cells.items()},
                copy.deepcopy(sheet.protected),
            )
            for sheet in emu.model.get(sid).sheets
        }


def model_values(emu: Emulator, sid: str) -> dict[str, list[list[Any]]]:
    return {name: emu.model.values(sid, name) for name in emu.model.sheet_titles(sid)}


def find_rows(emu: Emulator, sid: str, name: str, record_id: str) -> list[list[Any]]:
    return [r for r in rows_of(emu, sid, name) if r and r[0] == record_id]


# -- 1. init -----------------------------------------------------------------------------


def test_init_creates_every_tab_formatted_and_protected(emu: Emulator, sid: str):
    store = make_store(emu, sid)
    created = store.init()
    assert set(created) == {t.key for t in sc.TABS}
    meta = emulator_client(emu.host).open_by_key(sid).fetch_sheet_metadata()
    sheets = {s["properties"]["title"]: s for s in meta["sheets"]}
    for schema in sc.TABS:
        assert emu.model.values(sid, schema.name) == [schema.labels]  # Vietnamese headers
        sheet = sheets[schema.name]
        assert sheet["properties"]["gridProperties"]["frozenRowCount"] == 1
        (protected,) = sheet["protectedRanges"]
        assert protected["warningOnly"] is True
        assert protected["description"] == HEADER_PROTECTION
        assert protected["range"] == {
            "sheetId": sheet["properties"]["sheetId"],
            "startRowIndex": 0,
            "endRowIndex": 1,
        }
        for f in schema.fields:
            col = column(schema, f.code)
            rule = emu.model.data_validation(sid, schema.name, 2, col)
            number_format = emu.model.cell_format(sid, schema.name, 500, col).get(
                "numberFormat", {}
            )
            assert emu.model.data_validation(sid, schema.name, 1, col) is None  # not the header
            if f.type == FieldType.CHOICE:
                assert rule["condition"]["type"] == "ONE_OF_LIST", (schema.name, f.label)
                values = [v["userEnteredValue"] for v in rule["condition"]["values"]]
                assert values == list(f.choices)
                assert rule.get("strict") is not True  # a warning, people may type other text
            else:
                assert rule is None
            expected = {
                FieldType.DATE: "DATE",
                FieldType.DATETIME: "DATE_TIME",
                FieldType.PHONE: "TEXT",
            }.get(f.type)
            assert number_format.get("type") == expected, (schema.name, f.label)


def test_a_second_init_only_reads_and_changes_nothing(emu: Emulator, sid: str):
    store = make_store(emu, sid)
    store.init(demo=True)
    before = model_state(emu, sid)
    emu.reset_calls()
    assert make_store(emu, sid).init(demo=True) == {}
    calls = emu.calls()
    assert calls and writes(calls) == []
    assert len(calls) <= 4  # init's metadata and values, and the same for the demo check
    assert model_state(emu, sid) == before


def test_init_keeps_a_tab_a_person_made(emu: Emulator, sid: str):
    name = ACTIVITIES.name
    emu.model.add_sheet(sid, name)
    typed = [
        ["Ngày", "Nội dung", "Ghi chú của tổ", "ID", "Loại hình"],
        ["05/04/2017", "Phát tờ rơi", "giữ nguyên", "a1", "Tờ rơi"],
        ["06/04/2017", "Tin CCHC", "", "a2", "Tin bài trên trang web"],
        ["", "dòng không có ID", "ghi chú", "", "Khác"],
    ]
    emu.model.set_values(sid, name, typed)
    before = emu.model.values(sid, name)
    make_store(emu, sid).init()
    after = emu.model.values(sid, name)
    width = len(typed[0])
    assert [row[:width] for row in after] == before  # their rows and column, untouched
    missing = [f.label for f in ACTIVITIES.fields if f.label not in typed[0]]
    assert after[0][width:] == missing  # only the missing columns, at the end
    assert all(all(v == "" for v in row[width:]) for row in after[1:])
    book = make_store(emu, sid).load()
    parsed = book.tabs["activities"]
    assert parsed.columns.extras == ["Ghi chú của tổ"]
    assert list(book.frame("activities")["id"]) == ["a1", "a2"]


# -- 2. call budget ----------------------------------------------------------------------


@dataclass
class Budget:
    calls: dict[str, int]
    uploads: dict[str, list[int]]
    payload: int  # the JSON of one row's typed cells and its audit row's


def measure(emu: Emulator, rows: int) -> Budget:
    sid = emu.create_spreadsheet(f"{rows} rows")
    make_store(emu, sid).init()
    for schema in sc.TABS:
        fill_emulator_tab(emu, sid, schema, rows)
    store = make_store(emu, sid)
    calls: dict[str, int] = {}
    uploads: dict[str, list[int]] = {}

    def step(name: str, action: Callable[[], Any]) -> Any:
        emu.reset_calls()
        result = action()
        made = emu.calls()
        calls[name] = len(made)
        uploads[name] = [c.body_size for c in made]
        if name == "cold load":
            assert [c.method for c in made] == ["GET", "GET"]  # metadata, then every tab at once
            assert sum(c.path.endswith("/values:batchGet") for c in made) == 1
        if name.startswith("load after"):
            (batch_get,) = made
            ranges = {r.split("=", 1)[1] for r in batch_get.query.split("&") if "ranges=" in r}
            assert ranges == {"'Hoạt+động'", "'Nhật+ký'"}, ranges  # only the tabs written
        return result

    book = step("cold load", store.load)
    assert {key: parsed.row_count for key, parsed in book.tabs.items()} == {
        t.key: rows for t in sc.TABS
    }
    assert book.errors == []
    assert step("warm load", store.load) is book
    (record,) = step("append", lambda: store.append("activities", [ACTIVITY], actor="a@x"))
    step("load after append", store.load)
    step(
        "update",
        lambda: store.update(
            "activities", record["id"], {"quantity": 600}, expected_version=1, actor="a@x"
        ),
    )
    step("load after update", store.load)
    old = rows // 2
    step("update old row", lambda: store.update("activities", f"r{old:07d}", {"title": "Sửa"}))
    step("archive", lambda: store.archive("activities", record["id"], expected_version=2))
    step("load after archive", store.load)
    typed = store.validate("activities", ACTIVITY)
    row = [cell_data(typed.get(code)) for code in ACTIVITIES.codes]
    audit = [cell_data(f"{code} 0123456789 0123456789") for code in AUDIT.codes]
    payload = len(json.dumps(row, ensure_ascii=False).encode()) + len(
        json.dumps(audit, ensure_ascii=False).encode()
    )
    emu.model.delete_spreadsheet(sid)  # give the memory back
    return Budget(calls, uploads, payload)


def test_call_budget_does_not_grow_with_the_sheet(emu: Emulator):
    small, big = measure(emu, 1_000), measure(emu, 50_000)
    assert small.calls == big.calls
    calls = big.calls
    assert calls["cold load"] <= 2
    assert calls["warm load"] == 0
    assert calls["append"] == 1
    assert calls["update"] <= 3 and calls["update old row"] <= 3 and calls["archive"] <= 3
    assert calls["load after append"] <= 1
    assert calls["load after update"] <= 1 and calls["load after archive"] <= 1
    bound = 2 * big.payload + 1_024  # one row, its audit row, and the request's wrapping
    for name, sizes in big.uploads.items():
        assert all(size <= bound for size in sizes), (name, sizes, bound)
        # The same bytes at 1,000 and 50,000 rows, give or take the digits of a row number
        # and of the timestamps, sent as serial numbers (46354.5 or 46354.49980324074): a few
        # dozen bytes either way, where rewriting the tab would be megabytes.
        assert all(abs(a - b) <= 64 for a, b in zip(sizes, small.uploads[name], strict=True))


# -- 3. people editing at the same time --------------------------------------------------


class Colleague:
    """A person editing the same tabs in the browser, straight on the emulator's model.

    Remembers every cell they typed, by row id and header, to check at the end that the app
    kept them all.
    """

    def __init__(self, emu: Emulator, sid: str, rng: random.Random) -> None:
        self.emu, self.sid, self.rng = emu, sid, rng
        self.typed: dict[tuple[str, str, str], Any] = {}  # (tab, row id, header) -> value
        self.added_columns: dict[str, list[str]] = {}
        self.deleted: set[str] = set()
        self.count = 0

    def _sheet(self, name: str) -> Any:
        return self.emu.model.get(self.sid).sheet_by_title(name)

    def headers(self, name: str) -> list[Any]:
        with self.emu.model.lock:
            cells = self._sheet(name).cells.get(0, {})
            return [cells[c].value if c in cells else "" for c in range(max(cells) + 1)]

    def ids(self, name: str) -> list[tuple[int, str]]:
        """(1-based row, id) of every data row with an id."""
        with self.emu.model.lock:
            sheet = self._sheet(name)
            used, _ = sheet.used_extent()
            found = []
            for r in range(1, used):
                cell = sheet.cells.get(r, {}).get(0)
                if cell is not None and cell.value not in (None, ""):
                    found.append((r + 1, str(cell.value)))
            return found

    def _type(self, name: str, row: int, header: str, value: str, row_id: str) -> None:
        col = self.headers(name).index(header) + 1
        self.emu.model.set_cell(self.sid, name, row, col, value)
        self.typed[(name, row_id, header)] = self.emu.model.get_cell(self.sid, name, row, col)

    def act(self, name: str, app_ids: set[str]) -> None:
        """One random edit of the kind people make."""
        self.count += 1
        n = self.count
        rows = self.ids(name)
        kind = self.rng.choice(
            ["insert", "insert", "delete", "sort", "edit", "edit", "edit", "note", "column"]
        )
        if kind == "insert" or not rows:
            row_id = f"c{n:05d}"
            at = self.rng.randint(2, len(rows) + 2)
            headers = self.headers(name)
            values = {"ID": row_id, "Nội dung": f"việc của chị Lan {n}", "Ghi chú": f"tự nhập {n}"}
            if name == sc.tab("units").name:
                values = {"ID": row_id, "Tên đơn vị": f"Phòng {n}", "Email": f"p{n}@sct.vn"}
            line = [values.get(h, "") for h in headers]
            self.emu.model.insert_rows(self.sid, name, at, [line])
            for header, value in values.items():
                self.typed[(name, row_id, header)] = value
        elif kind == "delete":
            at, row_id = self.rng.choice(rows)
            self.emu.model.delete_rows(self.sid, name, at, 1)
            self.deleted.add(row_id)
            self.typed = {k: v for k, v in self.typed.items() if k[1] != row_id}
        elif kind == "sort":
            header = self.rng.choice([h for h in self.headers(name) if h])
            self.emu.model.sort_rows(self.sid, name, header, ascending=self.rng.random() < 0.5)
        elif kind == "edit":
            # A cell of one of their own rows.
            own = [(r, i) for r, i in rows if i not in app_ids]
            if own:
                at, row_id = self.rng.choice(own)
                header = "Tên gọi khác" if name == sc.tab("units").name else "Đơn vị"
                self._type(name, at, header, f"sửa tay {n}", row_id)
        elif kind == "note":
            # A column of the app's rows that the app never changes here.
            at, row_id = self.rng.choice(rows)
            header = "Đang hoạt động" if name == sc.tab("units").name else "Ghi chú"
            value = self.rng.choice(["TRUE", "FALSE"]) if header == "Đang hoạt động" else f"n{n}"
            self._type(name, at, header, value, row_id)
        else:
            header = f"Cột thêm {n}"
            self.emu.model.add_column(self.sid, name, header)
            self.added_columns.setdefault(name, []).append(header)
            at, row_id = self.rng.choice(rows)
            self._type(name, at, header, f"thêm {n}", row_id)


def _activity(rng: random.Random, n: int) -> dict[str, Any]:
    return {
        "date": dt.date(2017, 1, 1) + dt.timedelta(days=rng.randint(0, 364)),
        "type": rng.choice(sc.ACTIVITY_TYPES),
        "title": f"Hoạt động {n}",
        "unit": rng.choice(["Văn phòng", "Phòng QLTM", ""]) or None,
        "quantity": rng.randint(0, 5_000),
    }


def _unit(rng: random.Random, n: int) -> dict[str, Any]:
    return {"name": f"Đơn vị {n}", "email": f"dv{n}@sct.vn"}


def test_a_thousand_writes_while_a_colleague_edits_the_same_tabs(emu: Emulator, sid: str):
    rng = random.Random(2017)
    store = make_store(emu, sid)
    store.init()
    store.load()
    colleague = Colleague(emu, sid, rng)
    makers = {"activities": _activity, "units": _unit}
    changeable = {"activities": ["title", "quantity", "date", "type"], "units": ["name", "email"]}
    expected: dict[str, dict[str, Any]] = {}  # app record id -> the fields the app wrote
    tab_of: dict[str, str] = {}
    audit_expected: Counter[tuple[str, str, str]] = Counter()
    outcomes: Counter[str] = Counter()
    for n in range(1_000):
        key = rng.choice(["activities", "activities", "units"])
        name = store.tabs[key].name
        mine = [i for i, k in tab_of.items() if k == key]
        live = [i for i in mine if i not in colleague.deleted]
        gone = [i for i in mine if i in colleague.deleted]
        roll = rng.random()
        if roll < 0.3 or not live:
            (record,) = store.append(key, [makers[key](rng, n)], actor="app@sct.vn")
            expected[record["id"]] = {
                c: record[c] for c in [*changeable[key], "version", "archived"]
            }
            tab_of[record["id"]] = key
            audit_expected[("Thêm", name, record["id"])] += 1
            outcomes["append"] += 1
        elif roll < 0.75:
            rid = rng.choice(live)
            code = rng.choice(changeable[key])
            value = makers[key](rng, n)[code]
            before = expected[rid]
            new = store.update(
                key,
                rid,
                {code: value},
                expected_version=before["version"],
                actor="app@sct.vn",
            )
            if new["version"] != before["version"]:
                audit_expected[("Sửa", name, rid)] += 1
                before["version"] = new["version"]
            before[code] = new[code]
            outcomes["update"] += 1
        elif roll < 0.85:
            rid = rng.choice(live)
            new = store.archive(key, rid, expected_version=expected[rid]["version"])
            if new["version"] != expected[rid]["version"]:
                audit_expected[("Lưu trữ", name, rid)] += 1
            expected[rid].update(version=new["version"], archived=True)
            outcomes["archive"] += 1
        elif roll < 0.93 and gone:
            with pytest.raises(NotFoundError):
                store.update(
                    key, rng.choice(gone), {"title" if key == "activities" else "name": "x"}
                )
            outcomes["not found"] += 1
        else:
            rid = rng.choice(live)
            with pytest.raises(ConflictError):
                store.update(
                    key,
                    rid,
                    {changeable[key][0]: "đổi"},
                    expected_version=expected[rid]["version"] - 1,
                )
            outcomes["conflict"] += 1
        if rng.random() < 0.1:
            store.load()  # a page renders
        for _ in range(rng.choice([0, 1, 1, 2])):
            colleague.act(store.tabs[rng.choice(["activities", "units"])].name, set(expected))
    assert min(outcomes.values()) >= 20, outcomes
    assert colleague.count >= 800

    # Every app record holds exactly what the app wrote, in exactly one row, found by id.
    book = store.load(force=True)
    for key in ("activities", "units"):
        frame = book.frame(key, include_archived=True).set_index("id")
        name = store.tabs[key].name
        ids_in_sheet = Counter(i for _, i in colleague.ids(name))
        for rid, fields in expected.items():
            if tab_of[rid] != key:
                continue
            if rid in colleague.deleted:
                assert rid not in ids_in_sheet
                continue
            assert ids_in_sheet[rid] == 1, rid
            row = frame.loc[rid]
            for code, value in fields.items():
                got = row[code]
                if isinstance(value, dt.date):
                    value = pd.Timestamp(value)
                assert (pd.isna(got) and value is None) or got == value, (rid, code, got, value)
    # Every cell the colleague typed, their rows and their columns, survived.
    for name in {n for n, _, _ in colleague.typed}:
        headers = colleague.headers(name)
        values = {r[0]: r for r in emu.model.values(sid, name)[1:] if r and r[0] != ""}
        for header in colleague.added_columns.get(name, []):
            assert header in headers
        for (tab, row_id, header), value in colleague.typed.items():
            if tab == name:
                assert values[row_id][headers.index(header)] == value, (tab, row_id, header)
    # The audit tab: one row per app write, no more, no less.
    audit = book.frame("audit")
    assert Counter(zip(audit["action"], audit["tab"], audit["record_id"], strict=True)) == (
        audit_expected
    )


# -- 4. injection, phones, dates, numbers -------------------------------------------------

PAYLOADS = ["=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", '=HYPERLINK("http://x")']


def test_formula_payloads_stay_text(emu: Emulator, sid: str, store: Store):
    name = ACTIVITIES.name
    appended = store.append(
        "activities", [{**ACTIVITY, "title": p, "note": p} for p in PAYLOADS], actor="x"
    )
    for record, payload in zip(appended, PAYLOADS, strict=True):
        store.update("activities", record["id"], {"unit": payload, "note": "khác"})
        store.update("activities", record["id"], {"note": payload})
    book = store.load(force=True)
    frame = book.frame("activities").set_index("id")
    with emu.model.lock:
        sheet = emu.model.get(sid).sheet_by_title(name)
        cells = {sheet.cells[r][0].value: sheet.cells[r] for r in range(1, len(PAYLOADS) + 1)}
    for record, payload in zip(appended, PAYLOADS, strict=True):
        # Every text field is trimmed of surrounding white space on the way in (values._text,
        # the same in every store), so "\t=1", "\r=1" and "\n=1" are kept as "=1": as text.
        kept = payload.strip()
        for code in ("title", "unit", "note"):
            assert frame.loc[record["id"], code] == kept, (payload, code)
            cell = cells[record["id"]][column(ACTIVITIES, code) - 1]
            assert cell.formula is None and cell.value == kept  # a string, never a formula
    exact = [p for p in PAYLOADS if p == p.strip()]
    assert len(exact) == 5
    assert [frame.loc[r["id"], "title"] for r in appended if r["title"] in exact] == exact
    assert emu.model.get_cell(sid, name, 2, column(ACTIVITIES, "title")) == "=1+2"
    assert emu.model.formatted_values(sid, name)[1][column(ACTIVITIES, "title") - 1] == "=1+2"


def test_phones_dates_and_numbers_keep_their_type(emu: Emulator, sid: str, store: Store):
    feedback = sc.tab("feedback")
    (record,) = store.append(
        "feedback",
        [
            {
                "received_on": "05/04/2017",
                "category": "Phản ánh",
                "content": "Hỏi về thủ tục",
                "status": "Mới",
                "sender_phone": "0912345678",
            }
        ],
    )
    phone = column(feedback, "sender_phone")
    assert emu.model.get_cell(sid, feedback.name, 2, phone) == "0912345678"
    ws = emulator_client(emu.host).open_by_key(sid).worksheet(feedback.name)
    raw = ws.get("A2:AB2", value_render_option=gspread.utils.ValueRenderOption.unformatted)
    assert raw[0][phone - 1] == "0912345678"
    assert store.get("feedback", record["id"])["sender_phone"] == "0912345678"
    book = store.load(force=True)
    assert book.frame("feedback").iloc[0]["sender_phone"] == "0912345678"

    days = [dt.date(2017, 12, 1), dt.date(2017, 1, 9), dt.date(2016, 6, 30)]
    appended = store.append(
        "activities", [{**ACTIVITY, "date": d, "quantity": 10 + i} for i, d in enumerate(days)]
    )
    store.update("activities", appended[0]["id"], {"date": dt.date(2018, 2, 3), "quantity": 1500})
    date_col, quantity_col = column(ACTIVITIES, "date"), column(ACTIVITIES, "quantity")
    values = rows_of(emu, sid, ACTIVITIES.name)
    assert [r[date_col - 1] for r in values] == [
        to_serial(dt.date(2018, 2, 3)),
        to_serial(days[1]),
        to_serial(days[2]),
    ]
    assert all(type(r[date_col - 1]) is int for r in values)  # serial numbers, not text
    assert [r[quantity_col - 1] for r in values] == [1500, 11, 12]
    updated = column(ACTIVITIES, "updated_at")
    assert all(isinstance(r[updated - 1], (int, float)) for r in values)
    emu.model.sort_rows(sid, ACTIVITIES.name, "Ngày")  # sortable as dates
    sorted_days = [r[date_col - 1] for r in rows_of(emu, sid, ACTIVITIES.name)]
    assert sorted_days == sorted(sorted_days)
    assert emu.model.formatted_values(sid, ACTIVITIES.name)[1][date_col - 1] == "30/06/2016"


# -- 5. faults ---------------------------------------------------------------------------


def test_a_persistent_429_gives_up_after_the_policy_then_recovers(emu: Emulator, sid: str):
    make_store(emu, sid).init()
    store = make_store(emu, sid)
    emu.reset_calls()
    emu.fail_always(429)
    with pytest.raises(StoreError) as caught:
        store.load()
    assert caught.value.kind == "unavailable"
    assert len(emu.calls()) == ATTEMPTS
    emu.clear_faults()
    emu.reset_calls()
    book = store.load()
    assert not book.is_stale and book.errors == []
    assert len(emu.calls()) == 2


def test_when_google_stops_answering_reads_go_stale_and_writes_write_nothing(
    emu: Emulator, sid: str, store: Store
):
    (record,) = store.append("activities", [ACTIVITY])
    book = store.load()
    before = model_state(emu, sid)
    for status in (429, 503):
        emu.fail_always(status)
        stale = store.load(force=True)
        assert stale.is_stale and stale.loaded_at == book.loaded_at
        assert all(stale.frame(k).equals(book.frame(k)) for k in book.tabs)
        with pytest.raises(StoreError) as caught:
            store.append("activities", [ACTIVITY])
        assert caught.value.kind == "unavailable"
        with pytest.raises(StoreError) as caught:
            store.update("activities", record["id"], {"quantity": 1})
        assert caught.value.kind == "unavailable"
        emu.clear_faults()
        assert model_state(emu, sid) == before
    fresh = store.load(force=True)
    assert not fresh.is_stale


@pytest.mark.parametrize("status", [429, 503])
def test_a_transient_error_on_an_append_is_retried_and_adds_the_row_once(
    emu: Emulator, sid: str, store: Store, status: int
):
    emu.fail_next(2, status)  # the next two requests, whatever they are
    (record,) = store.append("activities", [ACTIVITY])
    assert len(find_rows(emu, sid, ACTIVITIES.name, record["id"])) == 1
    assert len(rows_of(emu, sid, AUDIT.name)) == 1
    methods = [c.method for c in emu.calls()]
    if status == 429:
        assert methods == ["POST", "POST", "POST"]  # refused, so not applied: no need to look
    else:
        # A 5xx may have been applied: the ids are looked up (that read fails too here, so
        # the app cannot tell and sends the write again).
        assert methods == ["POST", "GET", "POST"]


@pytest.mark.parametrize("applied", [True, False])
def test_a_timed_out_append_is_never_added_twice(emu: Emulator, sid: str, applied: bool):
    make_store(emu, sid).init()
    store = make_store(emu, sid, timeout=0.5)
    store.load()
    emu.reset_calls()
    emu.timeout_next(1, 0.8, apply=applied)
    (record,) = store.append("activities", [ACTIVITY])
    time.sleep(0.5)  # the hung request is over on the emulator too
    assert len(find_rows(emu, sid, ACTIVITIES.name, record["id"])) == 1
    assert len(rows_of(emu, sid, AUDIT.name)) == 1
    assert len(writes(emu.calls())) == (1 if applied else 2)


def test_a_last_try_that_timed_out_but_landed_is_not_reported_as_lost(emu: Emulator, sid: str):
    make_store(emu, sid).init()
    store = make_store(emu, sid, timeout=0.5, attempts=1)
    store.load()
    emu.timeout_next(1, 0.8, apply=True)
    (record,) = store.append("activities", [ACTIVITY])  # no StoreError("unavailable")
    assert len(find_rows(emu, sid, ACTIVITIES.name, record["id"])) == 1
    emu.timeout_next(1, 2.0, apply=False)
    with pytest.raises(StoreError) as caught:
        store.append("activities", [ACTIVITY])
    assert caught.value.kind == "unavailable"
    time.sleep(1.0)
    assert len(rows_of(emu, sid, ACTIVITIES.name)) == 1


def test_a_timed_out_update_that_landed_is_not_audited_twice(emu: Emulator, sid: str):
    make_store(emu, sid).init()
    store = make_store(emu, sid, timeout=0.5)
    (record,) = store.append("activities", [ACTIVITY])
    find_row = store.backend.find_row

    def then_hang(*args: Any, **kwargs: Any) -> Any:
        found = find_row(*args, **kwargs)
        emu.timeout_next(1, 0.8, apply=True)  # the batchUpdate that follows
        return found

    store.backend.find_row = then_hang  # type: ignore[method-assign]
    store.update("activities", record["id"], {"quantity": 7}, expected_version=1)
    time.sleep(0.5)
    assert store.get("activities", record["id"])["version"] == 2
    audit = [r[column(AUDIT, "action") - 1] for r in rows_of(emu, sid, AUDIT.name)]
    assert audit == ["Thêm", "Sửa"]


def test_no_access_and_no_spreadsheet(emu: Emulator, sid: str):
    make_store(emu, sid).init()
    store = make_store(emu, sid)
    emu.reset_calls()
    emu.fail_always(403)
    with pytest.raises(StoreError) as caught:
        store.load()
    assert caught.value.kind == "no_access"
    assert len(emu.calls()) == 1  # not retried
    emu.clear_faults()
    with pytest.raises(StoreError) as caught:
        make_store(emu, "no-such-spreadsheet").load()
    assert caught.value.kind == "spreadsheet_not_found"


def _delete_tab(emu: Emulator, sid: str, name: str) -> None:
    sheet_id = emu.model.get(sid).sheet_by_title(name).sheet_id
    emu.model.batch_update(sid, {"requests": [{"deleteSheet": {"sheetId": sheet_id}}]})


def test_a_tab_deleted_after_a_load_is_a_missing_tab(emu: Emulator, sid: str, store: Store):
    store.append("activities", [ACTIVITY])
    store.load()
    _delete_tab(emu, sid, ACTIVITIES.name)
    with pytest.raises(StoreError) as caught:
        store.append("activities", [ACTIVITY])
    assert caught.value.kind == "missing_tab"
    # The tab was written to, so the next load reads it alone, from what it knew of the tabs.
    store._forget(ACTIVITIES.name)
    book = store.load()
    assert [p.kind for p in book.tabs["activities"].problems] == ["missing_tab"]
    assert make_store(emu, sid).load().tabs["activities"].problems[0].kind == "missing_tab"
    assert len(rows_of(emu, sid, AUDIT.name)) == 1


def test_a_renamed_required_header_stops_writes_with_missing_column(
    emu: Emulator, sid: str, store: Store
):
    (record,) = store.append("activities", [ACTIVITY])
    store.load()
    emu.model.set_cell(sid, ACTIVITIES.name, 1, column(ACTIVITIES, "title"), "Nội dung chính")
    before = model_values(emu, sid)
    for write in (
        lambda: store.append("activities", [ACTIVITY]),
        lambda: store.update("activities", record["id"], {"quantity": 3}),
    ):
        with pytest.raises(StoreError) as caught:
            write()
        assert caught.value.kind == "missing_column"
        # The append went out under the old headers (one call, as always), saw the renamed
        # header in its answer and took its rows out again.
        assert model_values(emu, sid) == before
    problems = make_store(emu, sid).load().tabs["activities"].problems
    assert [(p.kind, p.column) for p in problems] == [("missing_column", "Nội dung")]


# -- 6. dates typed as text and written as serials ---------------------------------------


def test_dates_typed_as_text_and_written_as_serials_both_load_as_dates(
    emu: Emulator, sid: str, store: Store
):
    (record,) = store.append("activities", [ACTIVITY])
    name, date_col = ACTIVITIES.name, column(ACTIVITIES, "date")
    line = [""] * len(ACTIVITIES.fields)
    line[0], line[date_col - 1] = "typed", "'05/04/2017"  # the apostrophe keeps it text
    line[column(ACTIVITIES, "type") - 1] = "Tờ rơi"
    line[column(ACTIVITIES, "title") - 1] = "Nhập tay"
    emu.model.insert_rows(sid, name, 3, [line])
    ws = emulator_client(emu.host).open_by_key(sid).worksheet(name)
    raw = ws.col_values(date_col, value_render_option=gspread.utils.ValueRenderOption.unformatted)
    assert raw[1:] == [to_serial(ACTIVITY["date"]), "05/04/2017"]
    frame = store.load(force=True).frame("activities").set_index("id")
    assert frame.loc[record["id"], "date"] == pd.Timestamp(2017, 4, 5)
    assert frame.loc["typed", "date"] == pd.Timestamp(2017, 4, 5)
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])
    assert isinstance(frame.loc[record["id"], "updated_at"], pd.Timestamp)


# -- bugs found on the way ---------------------------------------------------------------


def test_a_column_added_at_the_end_costs_no_extra_call(emu: Emulator, sid: str, store: Store):
    emu.model.add_column(sid, ACTIVITIES.name, "Ghi chú của tổ")
    emu.reset_calls()
    (record,) = store.append("activities", [ACTIVITY])
    assert len(emu.calls()) == 1
    assert len(rows_of(emu, sid, ACTIVITIES.name)) == 1
    assert len(rows_of(emu, sid, AUDIT.name)) == 1


def test_rows_appended_under_moved_columns_are_taken_out_with_their_audit_rows(
    emu: Emulator, sid: str, store: Store
):
    name = ACTIVITIES.name
    sheet_id = emu.model.get(sid).sheet_by_title(name).sheet_id
    emu.model.batch_update(
        sid,
        {
            "requests": [
                {
                    "insertDimension": {
                        "range": {
                            "sheetId": sheet_id,
                            "dimension": "COLUMNS",
                            "startIndex": 1,
                            "endIndex": 2,
                        }
                    }
                }
            ]
        },
    )
    emu.model.set_cell(sid, name, 1, 2, "Người nhập")
    (record,) = store.append("activities", [ACTIVITY])
    (row,) = rows_of(emu, sid, name)
    headers = emu.model.values(sid, name)[0]
    assert row[headers.index("ID")] == record["id"]
    assert row[headers.index("Nội dung")] == ACTIVITY["title"]
    assert row[headers.index("Người nhập")] == ""
    assert len(rows_of(emu, sid, AUDIT.name)) == 1


def test_an_update_that_lost_a_race_with_a_row_insert_is_put_back(
    emu: Emulator, sid: str, store: Store
):
    name = ACTIVITIES.name
    records = store.append("activities", [{**ACTIVITY, "title": f"r{i}"} for i in range(3)])
    before = emu.model.values(sid, name)
    find_row = store.backend.find_row

    def colleague_inserts_a_row(*args: Any, **kwargs: Any) -> Any:
        found = find_row(*args, **kwargs)
        emu.model.insert_rows(sid, name, 2, [["", "", "", "chị Lan chèn dòng"]])
        return found

    store.backend.find_row = colleague_inserts_a_row  # type: ignore[method-assign]
    with pytest.raises(StoreError) as caught:
        store.update("activities", records[1]["id"], {"quantity": 99}, expected_version=1)
    assert caught.value.kind == "sheet_changed"
    after = emu.model.values(sid, name)
    assert after[2:] == before[1:]  # every app row as it was, r0 included
    assert after[1][3] == "chị Lan chèn dòng" and set(after[1][4:]) == {""}
    assert len(rows_of(emu, sid, AUDIT.name)) == 3  # only the three appends
    store.backend.find_row = find_row  # type: ignore[method-assign]
    store.update("activities", records[1]["id"], {"quantity": 99}, expected_version=1)
    assert find_rows(emu, sid, name, records[1]["id"])[0][column(ACTIVITIES, "quantity") - 1] == 99
