"""A citizen's feedback in Chromium, on the embedded store and on the Sheets emulator: sent on
the public form at /gop_y (double-clicked: one row) with a lookup code on screen; assigned,
answered and published by staff on /feedback; counted on the overview while open; the answer
found by the citizen's code. The personal markers typed in the form never appear on the code
lookup, the public answers or the printable list."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reform.i18n import t
from sheets import schema as sc
from sheets.google import GoogleBackend, emulator_client
from sheets.local import LocalBackend
from sheets.store import Store

from .conftest import (
    SETTLE_MS,
    AppServer,
    GoogleApp,
    open_combobox,
    save_screenshot,
    wait_for_app,
)

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

MARKERS = {
    "name": "ZZNAME7731",
    "phone": "0999773100",
    "email": "zz7731@example.com",
    "address": "ZZADDR7731",
    "org": "ZZORG7731",
}
SUBJECT = "Thời hạn cấp giấy phép bán lẻ rượu"
CONTENT = "Đề nghị công bố rõ thời hạn cấp giấy phép bán lẻ rượu tại bộ phận một cửa."
WORDING = "Công dân đề nghị công bố rõ thời hạn cấp giấy phép bán lẻ rượu."
ANSWER = "Sở đã niêm yết thời hạn 10 ngày làm việc tại bộ phận một cửa và trên trang web."
FIELD = "Thương mại"
UNIT = "Văn phòng Sở"
CODE = re.compile(r"\b([A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4})\b")
Rows = Callable[[], list[dict[str, object]]]


def vi(key: str, **params: object) -> str:
    return t(key, "vi", **params)


def go(page: Page, url: str, path: str) -> None:
    page.goto(f"{url}/{path}?lang=vi")
    wait_for_app(page)


def this_quarter() -> str:
    """The overview's address for the running quarter (?ky=2026-Q4)."""
    today = dt.date.today()
    return f"?ky={today.year}-Q{(today.month - 1) // 3 + 1}"


def open_feedback(page: Page) -> int:
    """The overview's "Phản ánh đang mở" figure: items open today, whenever received."""
    labels = page.get_by_test_id("stMetricLabel").all_inner_texts()
    values = page.get_by_test_id("stMetricValue").all_inner_texts()
    index = [label.strip() for label in labels].index(vi("overview.kpi.feedback"))
    return int(values[index].strip())


def leaked(text: str) -> list[str]:
    return [m for m in MARKERS.values() if m in text]


def choose(page: Page, combobox: Locator, option: str | re.Pattern[str]) -> None:
    """Pick an option of a selectbox by its text, then wait for the app's run."""
    open_combobox(page, combobox)
    page.get_by_role("option", name=option).first.click()
    wait_for_app(page)


def commit(page: Page, box: Locator, text: str) -> None:
    """Type into a text area and commit it (Streamlit sends a text area on Ctrl+Enter)."""
    box.fill(text)
    box.press("ControlOrMeta+Enter")
    wait_for_app(page)


def this_years_plan(store: Store) -> None:
    """A plan for this year, so that the overview opens on it (it shows plan years only)."""
    year = dt.date.today().year
    store.append(
        "plans",
        [
            {
                "number": f"01/KH-SCT-{year}",
                "issued_on": dt.date(year, 1, 5),
                "year": year,
                "title": f"Kế hoạch tuyên truyền cải cách hành chính năm {year}",
                "agency": "Sở Công Thương tỉnh Khánh Hòa",
            }
        ],
        actor="test",
    )


def look_up(page: Page, url: str, code: str) -> str:
    """The citizen's lookup, the code typed in lower case with a space: the tab's text."""
    go(page, url, "gop_y")
    page.get_by_role("tab", name=vi("feedback_public.tab.lookup"), exact=True).click()
    box = page.get_by_role("textbox", name=vi("field.feedback.code"))
    box.fill(code.lower().replace("-", " "))
    page.get_by_role("button", name=vi("feedback_public.lookup.go")).click()
    wait_for_app(page)
    panel = page.get_by_role("tabpanel", name=vi("feedback_public.tab.lookup"))
    panel.get_by_role("heading", name=vi("feedback_public.lookup.title", code=code)).wait_for()
    return panel.inner_text()


def send_as_a_citizen(page: Page, url: str, shots: str) -> str:
    """Fill the public form, double-click Gửi, and read the lookup code on screen."""
    from playwright.sync_api import expect

    go(page, url, "gop_y")
    form = page.get_by_test_id("stForm").first
    form.get_by_text(vi("feedback.category.recommendation"), exact=True).click()
    form.get_by_role("textbox", name=re.compile("^" + vi("field.feedback.subject"))).fill(SUBJECT)
    form.get_by_role("textbox", name=re.compile("^" + vi("field.feedback.content"))).fill(CONTENT)
    open_combobox(
        page,
        form.get_by_role("combobox", name=re.compile("^" + vi("field.feedback.procedure_field"))),
    )
    page.get_by_role("option", name=FIELD, exact=True).click()
    for name, value in MARKERS.items():
        label = re.compile("^" + re.escape(vi(f"feedback_public.{name}")) + r" [*(]")
        form.get_by_role("textbox", name=label).fill(value)
    save_screenshot(page, f"{shots}-0-form", full_page=True)
    form.get_by_role("button", name=vi("feedback_public.submit"), exact=True).dblclick()
    wait_for_app(page)
    said = vi("feedback_public.sent.code", code="@").split("@")[0]  # "Mã tra cứu của Ông/Bà: "
    heading = page.get_by_role("heading", name=said)
    expect(heading).to_have_count(1)
    match = CODE.search(heading.inner_text())
    assert match, heading.inner_text()
    return match.group(1)


def stored_as(page: Page, rows: Rows, code: str, **expected: object) -> None:
    """Wait until the item's stored row holds these values (the save's run has ended)."""
    row: dict[str, object] = {}
    for _ in range(100):
        row = next(r for r in rows() if r["Mã tra cứu"] == code)
        if all(row.get(k) == v for k, v in expected.items()):
            return
        page.wait_for_timeout(SETTLE_MS)
    raise AssertionError(f"{code} was not saved as {expected}: {row}")


def handle_as_staff(page: Page, url: str, code: str, rows: Rows) -> None:
    """On /feedback, tab Xử lý: assign a unit and answer (one save), then publish (another)."""
    go(page, url, "feedback")
    page.get_by_role("tab", name=vi("feedback.tab.handle"), exact=True).click()
    choose(
        page, page.get_by_role("combobox", name=vi("feedback.handle.pick")), re.compile("^" + code)
    )
    choose(page, page.get_by_role("combobox", name=vi("field.feedback.assigned_unit")), UNIT)
    choose(page, page.get_by_role("combobox", name=vi("field.feedback.status")), "Đã trả lời")
    commit(page, page.get_by_role("textbox", name=vi("feedback.handle.answer") + " *"), ANSWER)
    page.get_by_role("button", name=vi("feedback.handle.save"), exact=True).click()
    wait_for_app(page)
    stored_as(page, rows, code, **{"Trạng thái": "Đã trả lời", "Đơn vị xử lý": UNIT})

    # Publish, with a public wording instead of the sender's own words. (Saving re-sorts the
    # picker's items, answered ones last, and the picker goes back to the first one.)
    choose(
        page, page.get_by_role("combobox", name=vi("feedback.handle.pick")), re.compile("^" + code)
    )
    page.get_by_text(vi("feedback.handle.publish"), exact=True).click()
    wait_for_app(page)
    wording = page.get_by_role("textbox", name=vi("field.feedback.public_content"))
    commit(page, wording, WORDING)
    save_screenshot(page, "feedback-flow-publish", full_page=True)
    page.get_by_role("button", name=vi("feedback.handle.save"), exact=True).click()
    wait_for_app(page)
    stored_as(page, rows, code, **{"Nội dung công khai": WORDING})


def run_the_path(page: Page, url: str, rows: Rows, shots: str) -> None:
    from playwright.sync_api import expect

    before = rows()

    # 1. A citizen sends a recommendation and gets a code; a double click writes one row.
    code = send_as_a_citizen(page, url, shots)
    save_screenshot(page, f"{shots}-1-code")
    after = rows()
    assert len(after) == len(before) + 1
    new = after[-1]
    assert (new["Mã tra cứu"], new["Kênh tiếp nhận"], new["Trạng thái"]) == (
        code,
        "Trang web",
        "Mới",
    )
    assert (new["Họ tên người gửi"], new["Điện thoại"]) == (MARKERS["name"], MARKERS["phone"])
    assert new["Lĩnh vực"] == FIELD

    # 2. The overview of this quarter (a year with data now) counts it among the open items.
    page.goto(f"{url}/{this_quarter()}&lang=vi")
    wait_for_app(page)
    open_with_it = open_feedback(page)
    assert open_with_it >= 1

    # 3. The citizen's lookup: the status, nothing of the sender.
    shown = look_up(page, url, code)
    assert "Trạng thái: Mới" in shown and ANSWER not in shown
    assert leaked(page.content()) == []
    save_screenshot(page, f"{shots}-2-lookup-new")

    # 4. Staff assign, answer, publish.
    handle_as_staff(page, url, code, rows)
    done = rows()[-1]
    assert (done["Mã tra cứu"], done["Trạng thái"], done["Đơn vị xử lý"]) == (
        code,
        "Đã trả lời",
        UNIT,
    )
    assert done["Nội dung công khai"] == WORDING and done["Nội dung"] == CONTENT
    assert len(rows()) == len(before) + 1

    # 5. The overview: no longer open.
    page.goto(f"{url}/{this_quarter()}&lang=vi")
    wait_for_app(page)
    assert open_feedback(page) == open_with_it - 1
    save_screenshot(page, f"{shots}-3-overview")

    # 6. The citizen's lookup shows the public wording and the answer, and nothing personal.
    shown = look_up(page, url, code)
    assert "Trạng thái: Đã trả lời" in shown
    assert WORDING in shown and ANSWER in shown and CONTENT not in shown
    assert leaked(page.content()) == []
    save_screenshot(page, f"{shots}-4-lookup-answered")

    # 7. The public answers and the printable list hold the answer, and nothing personal.
    go(page, url, "public")
    page.get_by_role("tab", name=vi("survey_results.public.tab_answers"), exact=True).click()
    panel = page.get_by_role("tabpanel", name=vi("survey_results.public.tab_answers"))
    expect(panel.get_by_text(ANSWER)).to_be_visible()
    assert leaked(page.content()) == []
    with page.expect_download() as download:
        panel.get_by_role("button", name=vi("feedback_public.print.download")).click()
    printable = Path(download.value.path()).read_text(encoding="utf-8")
    assert WORDING in printable and ANSWER in printable and CONTENT not in printable
    assert "@page { size: A4; margin: 15mm }" in printable
    assert leaked(printable) == []
    save_screenshot(page, f"{shots}-5-public", full_page=True)


def local_rows(server: AppServer) -> Rows:
    """Phản ánh kiến nghị as stored in the server's SQLite file, by header, every row as it is
    (a row repeating an id would be left out of the typed frame)."""

    def read() -> list[dict[str, object]]:
        store = Store(LocalBackend(f"sqlite:///{server.db_path}"))
        raw = store.load(force=True).raw_tabs["feedback"]
        return [dict(zip(raw.headers, cells, strict=False)) for _, cells in raw.rows]

    return read


def sheet_rows(app: GoogleApp) -> Rows:
    """Phản ánh kiến nghị as the emulated Google sheet holds it, by header."""

    def read() -> list[dict[str, object]]:
        header, *body = app.emulator.model.values(app.spreadsheet_id, sc.FEEDBACK.name)
        return [dict(zip(header, row, strict=False)) for row in body if any(c != "" for c in row)]

    return read


def test_feedback_from_a_citizen_to_a_published_answer_on_the_embedded_store(
    page: Page, fresh_app_server: AppServer
) -> None:
    store = Store(LocalBackend(f"sqlite:///{fresh_app_server.db_path}"))
    store.init(demo=True)  # what the app's first visit would do, before this year's plan
    this_years_plan(store)
    run_the_path(page, fresh_app_server.url, local_rows(fresh_app_server), "feedback-flow-local")


def test_feedback_from_a_citizen_to_a_published_answer_on_google_sheets(
    page: Page, fresh_google_app: GoogleApp
) -> None:
    client = emulator_client(fresh_google_app.emulator.host)
    store = Store(GoogleBackend(client, fresh_google_app.spreadsheet_id, account_email="emulator"))
    this_years_plan(store)
    run_the_path(
        page, fresh_google_app.server.url, sheet_rows(fresh_google_app), "feedback-flow-google"
    )
