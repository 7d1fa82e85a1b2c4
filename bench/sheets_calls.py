"""API calls and uploaded bytes of the Google Sheets store, counted at the emulator.

    python bench/sheets_calls.py                 # 1,000 and 50,000 rows per tab
    python bench/sheets_calls.py --rows 1000     # one size only

Starts the Sheets emulator (emulator/), runs init on a new spreadsheet, fills 8 tabs with N
valid rows each straight into the emulator's model (as a paste would), then measures, through
the real gspread client: a cold load of every tab, a warm load, appending one row, updating
one row, and the load that follows the app's own write. Seconds are the emulator's wall clock
on this machine, not Google's.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from emulator import Emulator, start_emulator  # noqa: E402
from sheets import schema as sc  # noqa: E402
from sheets.google import GoogleBackend, RetryPolicy, emulator_client  # noqa: E402
from sheets.store import Store  # noqa: E402
from sheets.synthetic import fill_emulator_tab  # noqa: E402

FILLED_TABS = 8

# streamlit/gsheets-connection 0.1.0, as measured in our issue: a read is one call per
# worksheet plus metadata (24 calls for 8 tabs of 1,000 rows); adding a row reads the sheet
# and writes all of it back (6 calls).
ANCHOR = {
    "cold load": "24 calls (8 tabs of 1,000 rows)",
    "append one row": "6 calls, whole sheet re-uploaded",
}


@dataclass
class Step:
    name: str
    rows: int
    calls: int
    uploaded: int
    seconds: float


def whole_tab_bytes(emu: Emulator, sid: str, name: str) -> int:
    """The size of a tab's values as JSON: what re-uploading the whole sheet sends, about."""
    values = emu.model.values(sid, name)
    return len(json.dumps({"values": values}, ensure_ascii=False).encode())


def make_store(emu: Emulator, sid: str) -> Store:
    retry = RetryPolicy(attempts=4, base=0.05, cap=1.0)
    return Store(GoogleBackend(emulator_client(emu.host, timeout=300), sid, retry=retry))


def measure(emu: Emulator, rows: int) -> tuple[list[Step], int]:
    sid = emu.create_spreadsheet(f"Bench {rows}")
    make_store(emu, sid).init()
    tabs = [t for t in sc.TABS if t.key != "audit"][:FILLED_TABS]
    for schema in tabs:
        fill_emulator_tab(emu, sid, schema, rows)
    activities = sc.tab("activities")
    whole = whole_tab_bytes(emu, sid, activities.name)
    store = make_store(emu, sid)
    steps: list[Step] = []

    def step(name: str, action: Callable[[], Any]) -> Any:
        emu.reset_calls()
        started = time.perf_counter()
        result = action()
        seconds = time.perf_counter() - started
        calls = emu.calls()
        steps.append(Step(name, rows, len(calls), sum(c.body_size for c in calls), seconds))
        return result

    step("cold load", store.load)
    step("warm load", store.load)
    record = {"date": "05/04/2017", "type": "Tờ rơi", "title": "Phát tờ rơi", "quantity": 500}
    step("append one row", lambda: store.append("activities", [record], actor="bench"))
    step("load after own write", store.load)
    old = f"r{rows // 2:07d}"
    step("update one row", lambda: store.update("activities", old, {"quantity": 7}, actor="b"))
    step("load after own write", store.load)
    emu.model.delete_spreadsheet(sid)
    return steps, whole


def table(steps: list[Step], whole: dict[int, int]) -> str:
    header = (
        "operation",
        "rows/tab",
        "calls",
        "uploaded bytes",
        "emulator seconds",
        "gsheets-connection 0.1.0",
    )
    lines = []
    for s in steps:
        anchor = ANCHOR.get(s.name, "")
        if s.name == "append one row":
            anchor += f" (~{whole[s.rows]:,} bytes)"
        lines.append(
            (s.name, f"{s.rows:,}", str(s.calls), f"{s.uploaded:,}", f"{s.seconds:.2f}", anchor)
        )
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
    out = []
    for n, row in enumerate([header, *lines]):
        out.append(" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            out.append("-+-".join("-" * w for w in widths))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows",
        type=int,
        nargs="+",
        default=[1_000, 50_000],
        help="rows per filled tab (default: 1000 50000)",
    )
    args = parser.parse_args(argv)
    emu = start_emulator()
    try:
        steps: list[Step] = []
        whole: dict[int, int] = {}
        for rows in args.rows:
            started = time.perf_counter()
            found, whole[rows] = measure(emu, rows)
            steps += found
            print(
                f"# {rows:,} rows in each of {FILLED_TABS} tabs: measured in "
                f"{time.perf_counter() - started:.0f} s (filling included)",
                file=sys.stderr,
            )
    finally:
        emu.stop()
    tabs = len(sc.TABS)
    print(
        f"Google Sheets store, counted at the emulator: {tabs} tabs, {FILLED_TABS} of them "
        "filled with the rows shown.\nUploaded bytes are request bodies; seconds are the "
        "emulator's wall clock on this machine, not Google's.\n"
    )
    print(table(steps, whole))
    print(
        "\ngsheets-connection 0.1.0 figures are from our issue; its 'whole sheet' size is "
        "estimated\nhere as the JSON of the tab's values at that size."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
