"""The same app on the Google Sheets store, against the project's emulator of the Sheets API."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reform.i18n import t
from ui.navigation import PAGES

from .conftest import GoogleApp, save_screenshot, wait_for_app

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

URL_PATHS = {key: url for pages in PAGES.values() for key, _file, _icon, url in pages}


def open_page(page: Page, app: GoogleApp, key: str, lang: str = "vi") -> None:
    page.goto(f"{app.server.url}/{URL_PATHS[key] or ''}?lang={lang}")
    wait_for_app(page)


# Vietnamese only: the English pages are the same code on either store (test_pages.py draws
# every page in both languages on the embedded store); here the point is the Google store.
@pytest.mark.parametrize("lang", ["vi"])
@pytest.mark.parametrize("key", [key for key in URL_PATHS if key != "login"])  # open mode
def test_page_renders_on_google_sheets(page: Page, google_app: GoogleApp, key: str,
                                       lang: str) -> None:
    open_page(page, google_app, key, lang)
    assert page.locator("h1").first.inner_text() == t(f"nav.{key}", lang)
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_text("Traceback").count() == 0
    save_screenshot(page, f"google-{key}-{lang}")


def test_overview_reads_the_sheet(page: Page, google_app: GoogleApp) -> None:
    open_page(page, google_app, "overview")
    values = page.get_by_test_id("stMetricValue").all_inner_texts()
    assert values[0].strip() == "3/12"  # the demo plan's tasks, read back from the sheet


def test_a_colleagues_bad_cell_is_listed_with_a_link_to_it(page: Page,
                                                           google_app: GoogleApp) -> None:
    emu, sid = google_app.emulator, google_app.spreadsheet_id
    emu.model.set_cell(sid, "Hoạt động", 5, 2, "31/02/2017")  # B5: the date column
    open_page(page, google_app, "data")
    page.get_by_role("button", name=t("data.reload", "vi")).click()
    wait_for_app(page)
    grid = page.get_by_test_id("stDataFrame").nth(1)  # the problems, below the health table
    grid.locator('[role="columnheader"]').first.wait_for(state="attached")
    headers = texts(grid, "columnheader")
    cells = texts(grid, "gridcell")
    assert t("data.col.link", "vi") in headers
    assert any(c.startswith("Bảng «Hoạt động», dòng 5, cột «Ngày» (B5)") for c in cells)
    link = f"https://docs.google.com/spreadsheets/d/{sid}/edit#gid="
    assert any(c.startswith(link) and c.endswith("&range=B5") for c in cells), cells
    save_screenshot(page, "google-data-problem")


def texts(grid: Locator, role: str) -> list[str]:
    """The texts of a glide grid's accessible cells of one role."""
    return [str(x).strip() for x in grid.locator(f'[role="{role}"]').evaluate_all(
        "els => els.map(e => e.textContent)")]
