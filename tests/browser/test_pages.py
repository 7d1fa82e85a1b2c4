"""The running app in headless Chromium: every page in both languages, the menu, the language
switch, the overview's figures and charts, and an edit on the Data page that reaches the store.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reform.i18n import LANGUAGES, t
from sheets import schema as sc
from sheets.local import LocalBackend
from sheets.store import Store
from ui.navigation import PAGES, page_keys

from .conftest import (
    SETTLE_MS,
    VIEWPORT,
    AppServer,
    PageWatch,
    grid_texts,
    open_combobox,
    save_screenshot,
    wait_for_app,
)

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

URL_PATHS = {key: url for pages in PAGES.values() for key, _file, _icon, url in pages}
# The default page (the overview) lives at the app's root and has no path of its own.
DEFAULT_PAGE = "overview"

# What Streamlit's automatic pages/ menu would show: the page files' names, and the router's.
FILE_NAMES = {Path(file).stem for pages in PAGES.values() for _key, file, *_ in pages} | {"app"}

NAV_ENTRY = ('[data-testid="stSidebarNav"] :is([data-testid="stNavSectionHeader"], '
             '[data-testid="stSidebarNavLink"]) [data-testid="stMarkdownContainer"]')


def page_path(key: str) -> str:
    return "" if key == DEFAULT_PAGE else URL_PATHS[key]


def open_page(page: Page, base_url: str, key: str, lang: str) -> None:
    page.goto(f"{base_url}/{page_path(key)}?lang={lang}")
    wait_for_app(page)


# The session's server runs in open (demo) mode: every page but the sign-in page, which
# exists only once sign-in is configured (tests/browser/test_auth.py covers that mode).
OPEN_MODE_KEYS = [key for key in page_keys() if key != "login"]


def expected_menu(lang: str) -> list[str]:
    """Section headers and page titles, in menu order; the unnamed first section has none."""
    entries: list[str] = []
    for section, pages in PAGES.items():
        titles = [t(f"nav.{key}", lang) for key, *_ in pages if key in OPEN_MODE_KEYS]
        if section and titles:
            entries.append(t(section, lang))
        entries += titles
    return entries


def menu_entries(page: Page) -> list[str]:
    return [text.strip() for text in page.locator(NAV_ENTRY).all_inner_texts()]


def sidebar(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")


def assert_no_failure_shown(page: Page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text(re.compile("Traceback"))).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)


# --- every page, both languages -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", OPEN_MODE_KEYS)
def test_page_renders(page: Page, base_url: str, key: str, lang: str) -> None:
    from playwright.sync_api import expect

    open_page(page, base_url, key, lang)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(t(f"nav.{key}", lang))
    assert_no_failure_shown(page)
    save_screenshot(page, f"{key}-{lang}")
    save_screenshot(page, f"{key}-{lang}-full", full_page=True)


# --- the menu -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_menu_lists_the_pages_in_order(page: Page, base_url: str, lang: str) -> None:
    from playwright.sync_api import expect

    open_page(page, base_url, DEFAULT_PAGE, lang)
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav).to_be_visible()
    expect(page.get_by_test_id("stSidebarNavItems")).to_have_count(1)
    expect(page.get_by_test_id("stSidebarNavViewButton")).to_have_count(0)  # nothing folded
    assert menu_entries(page) == expected_menu(lang)

    links = nav.get_by_test_id("stSidebarNavLink")
    expect(links).to_have_count(len(OPEN_MODE_KEYS))
    hrefs = [href or "" for href in links.evaluate_all("els => els.map(e => e.href)")]
    assert hrefs == [f"{base_url}/{page_path(key)}" for key in OPEN_MODE_KEYS]
    # Nothing from Streamlit's automatic pages/ menu: no entry named after a file.
    assert FILE_NAMES.isdisjoint(menu_entries(page))


def test_first_visit_by_deep_link(page: Page, fresh_app_server: AppServer) -> None:
    """A bookmark to /data opened first after a (re)start gets the router, not pages/data.py.

    Until app.py has run once, Streamlit resolves the URL against its automatic pages/ menu:
    the page then runs alone, without the language switch, under a menu of file names.
    """
    from playwright.sync_api import expect

    open_page(page, fresh_app_server.url, "data", "vi")
    save_screenshot(page, "data-vi-first-visit")
    expect(page.locator("h1")).to_have_text(t("nav.data", "vi"))
    links = sidebar(page).get_by_test_id("stSidebarNavLink").all_inner_texts()
    assert FILE_NAMES.isdisjoint(text.strip() for text in links), links
    expect(sidebar(page).get_by_role("radiogroup", name=t("app.language", "vi"))).to_be_visible()


def test_language_stays_set_across_pages(page: Page, base_url: str) -> None:
    from playwright.sync_api import expect

    open_page(page, base_url, DEFAULT_PAGE, "vi")
    expect(page.locator("h1")).to_have_text(t("nav.overview", "vi"))
    picker = sidebar(page).get_by_role("radiogroup", name=t("app.language", "vi"))
    picker.get_by_role("radio", name="English", exact=True).click()
    expect(page.locator("h1")).to_have_text(t("nav.overview", "en"))
    wait_for_app(page)
    assert menu_entries(page) == expected_menu("en")

    sidebar(page).get_by_role("link", name=t("nav.plan", "en"), exact=True).click()
    expect(page.locator("h1")).to_have_text(t("nav.plan", "en"))
    wait_for_app(page)
    expect(page.locator("h1")).to_have_text("Plan and tasks")
    assert page.url.split("?")[0] == f"{base_url}/{page_path('plan')}"
    assert menu_entries(page) == expected_menu("en")
    picker = sidebar(page).get_by_role("radiogroup", name=t("app.language", "en"))
    expect(picker.get_by_role("radio", name="English", exact=True)).to_be_checked()
    assert_no_failure_shown(page)


# --- the overview ---------------------------------------------------------------------------


def test_overview_figures_fit_the_first_screen(page: Page, base_url: str) -> None:
    from playwright.sync_api import expect

    open_page(page, base_url, DEFAULT_PAGE, "vi")
    metrics = page.get_by_test_id("stMetric")
    expect(metrics).to_have_count(5)
    labels = [text.strip() for text in
              page.get_by_test_id("stMetricLabel").all_inner_texts()]
    # The default period on the demo data is the 2017 plan's last quarter.
    assert labels == [
        t("overview.kpi.plan", "vi", year=2017),
        t("overview.kpi.satisfaction", "vi", period="Quý IV/2017"),
        t("overview.kpi.feedback", "vi"),
        t("overview.kpi.on_time", "vi"),
        t("overview.kpi.web", "vi", period="Quý IV/2017"),
    ]

    values = [text.strip() for text in page.get_by_test_id("stMetricValue").all_inner_texts()]
    assert re.fullmatch(r"\d{1,3},\d%", values[3]), f"dossiers on time: {values[3]!r}"

    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(2)
    for chart in charts.all():
        expect(chart.locator("svg, canvas").first).to_be_visible()

    # The figures band is seen whole on a 1366×768 screen, without scrolling.
    scrolled = page.evaluate("() => [window.scrollY, "
                             "document.querySelector('[data-testid=\"stMain\"]').scrollTop]")
    assert scrolled == [0, 0]
    for metric in metrics.all():
        box = metric.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["y"] >= 0, box
        assert box["x"] + box["width"] <= VIEWPORT["width"], box
        assert box["y"] + box["height"] <= VIEWPORT["height"], box
    assert_no_failure_shown(page)


# --- the Data page ---------------------------------------------------------------------------


def selected_cell(grid: Locator) -> tuple[int, int]:
    """The (column, row) glide-data-grid reports as selected in its accessible table."""
    cell = grid.locator('[role="gridcell"][aria-selected="true"]')
    cell.first.wait_for(state="attached", timeout=5_000)
    ids = cell.evaluate_all("els => els.map(e => e.id)")
    assert len(ids) == 1, ids
    match = re.fullmatch(r"glide-cell-(\d+)-(\d+)", ids[0])
    assert match, ids[0]
    return int(match.group(1)), int(match.group(2))


@pytest.mark.parametrize("colleague", [False, True], ids=["alone", "colleague-edits-too"])
def test_data_page_edits_reach_the_store(page: Page, base_url: str,
                                         app_server: AppServer, colleague: bool) -> None:
    """An edit in the grid is written to its row; if someone changed that row meanwhile, both
    versions are shown and the user chooses."""
    from playwright.sync_api import expect

    open_page(page, base_url, "data", "vi")
    expect(page.locator("h1")).to_have_text(t("nav.data", "vi"))
    # The app has created its store (with the demo data) by now; read it directly.
    store = Store(LocalBackend(f"sqlite:///{app_server.db_path}"))
    schema = sc.tab("activities")
    before = store.raw("activities")
    headers = [str(h) for h in before.columns]
    id_header = schema.field("id").label
    title_header = schema.field("title").label
    version_header = schema.field("version").label
    record_id = str(before.iloc[0][id_header])
    old_title = str(before.iloc[0][title_header])
    old_version = int(before.iloc[0][version_header])

    # The health table: one glide grid whose headers are the translated column names.
    expect(page.get_by_role("heading", name=t("data.health", "vi"))).to_be_visible()
    health = page.get_by_test_id("stDataFrame").first
    expect(health).to_be_visible()
    expect(health.locator('[role="gridcell"]').first).to_be_attached()
    # Its cells are drawn on a canvas; glide mirrors them in an accessible (unrendered) table.
    assert grid_texts(health, "columnheader") == [  # hide_index=True: no index column
        t(key, "vi") for key in ("data.col.tab", "data.col.rows", "data.col.bad_rows",
                                 "data.col.problems")]
    assert schema.name in grid_texts(health, "gridcell")

    # The tab picker: choose «Hoạt động».
    picker = page.get_by_role("combobox", name=t("data.pick_tab", "vi"))
    expect(picker).to_be_visible()
    open_combobox(page, picker)
    page.get_by_role("option", name=schema.name, exact=True).click()
    expect(picker).to_have_value(schema.name)
    caption = t("data.tab_caption", "vi", rows=len(before), columns=len(headers))
    expect(page.get_by_text(caption, exact=True)).to_be_visible()
    wait_for_app(page)

    editor = page.get_by_test_id("stDataFrame").last
    expect(editor.get_by_test_id("glide-cell-1-0")).to_have_text(record_id)
    # Glide's column 0 is the index (the sheet's row number); the tab's columns follow.
    title_column = headers.index(title_header) + 1

    # Select a cell of the first row, walk to «Nội dung» with the arrow keys, open the editor.
    editor.scroll_into_view_if_needed()
    canvas = editor.locator("canvas").first
    box = canvas.bounding_box()
    assert box is not None
    header_height = row_height = 35
    page.mouse.click(box["x"] + 60, box["y"] + header_height + row_height / 2)
    column, row = selected_cell(editor)
    assert row == 0
    step = "ArrowRight" if title_column >= column else "ArrowLeft"
    for _ in range(abs(title_column - column)):
        page.keyboard.press(step)
    page.keyboard.press("Enter")
    cell_editor = page.get_by_test_id("portal").locator("textarea")
    expect(cell_editor).to_be_visible()
    expect(cell_editor).to_have_value(old_title)  # the right cell is open

    new_title = f"Kiểm thử trình duyệt {uuid.uuid4().hex[:8]}"
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(new_title)
    expect(cell_editor).to_have_value(new_title)
    # Glide reads the editor's React state on Enter: let it catch up with the last keys.
    page.wait_for_timeout(SETTLE_MS)
    page.keyboard.press("Enter")
    expect(cell_editor).to_have_count(0)
    expect(editor.get_by_test_id(f"glide-cell-{title_column}-0")).to_have_text(new_title)
    wait_for_app(page)

    if colleague:  # someone else saves the same row first, from another session
        store.update("activities", record_id, {"title": "Sửa từ nơi khác"}, actor="colleague")
    page.get_by_role("button", name=t("data.edit.save", "vi"), exact=True).click()
    if colleague:
        panel = page.get_by_text(t("data.conflict.title", "vi", row=2))
        expect(panel).to_be_visible()
        save_screenshot(page, "data-vi-conflict")
        assert store.get("activities", record_id)["title"] == "Sửa từ nơi khác"  # not overwritten
        page.get_by_role("button", name=t("data.conflict.keep_mine", "vi")).click()
        wait_for_app(page)
        expect(panel).to_have_count(0)
    else:
        saved = page.get_by_test_id("stToast").filter(
            has_text=t("data.edit.saved", "vi", count=1))
        expect(saved).to_be_visible()
        wait_for_app(page)
        assert_no_failure_shown(page)
        save_screenshot(page, "data-vi-edited")

    after = store.raw("activities")
    row_after = after[after[id_header] == record_id].iloc[0]
    assert row_after[title_header] == new_title
    assert int(row_after[version_header]) == old_version + (2 if colleague else 1)
    # Nothing else in the tab moved.
    others_before = before[before[id_header] != record_id].reset_index(drop=True)
    others_after = after[after[id_header] != record_id].reset_index(drop=True)
    assert others_after.equals(others_before)


# --- offline --------------------------------------------------------------------------------


def test_no_request_leaves_the_server(page: Page, base_url: str, page_watch: PageWatch) -> None:
    open_page(page, base_url, DEFAULT_PAGE, "vi")
    assert page_watch.external_requests() == []
