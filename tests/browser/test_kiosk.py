"""The survey kiosk in Chromium on a phone-sized window (390×844), on the embedded store and
on the Sheets emulator: one submission is one row, a double-click is still one row, the
thank-you screen leads to an empty form, and nothing leads away from the survey. Also the
public form on a wide screen, in Vietnamese and English."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import pandas as pd
import pytest

from reform.i18n import t
from sheets.demo import default_questionnaire
from sheets.local import LocalBackend
from sheets.store import Store

from .conftest import AppServer, GoogleApp, PageWatch, save_screenshot, wait_for_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 768}
TEXTS = {q["code"]: q["text_vi"] for q in default_questionnaire()}
TAB = "Phiếu khảo sát"
COMMENT = "=1+1"  # must reach the sheet as text, never as a formula
NOT_FOUND = "The page that you have requested does not seem to exist"
# The wait for the kiosk to go back to a new form by itself (8 s) with room to spare.
AUTO_RESET_MS = 30_000


def vi(key: str, **params: object) -> str:
    return t(key, "vi", **params)


def open_kiosk(page: Page, url: str, path: str) -> bool:
    """Open a URL with ?kiosk=1; True when Streamlit put up its "Page not found" box,
    which is then closed so that the flow can go on (the test fails on it at the end)."""
    page.goto(f"{url}/{path}?kiosk=1")
    wait_for_app(page)
    dialog = page.get_by_role("dialog")
    if dialog.count() == 0:
        return False
    page.keyboard.press("Escape")
    dialog.first.wait_for(state="hidden")
    return True


def tap(page: Page, code: str, level: int) -> None:
    """Tap a level of a 1–5 question: the buttons are a radio group named by the question."""
    group = page.get_by_role("radiogroup", name=TEXTS[code], exact=True)
    group.get_by_role("radio", name=str(level), exact=True).click()


def chosen_levels(page: Page) -> list[str]:
    """The questions (and choices) of the form shown with an answer chosen."""
    chosen = '[data-testid="stForm"] [role="radiogroup"] [role="radio"][aria-checked="true"]'
    return page.locator(chosen).evaluate_all(
        "els => els.map(e => e.closest('[role=radiogroup]').getAttribute('aria-label'))"
    )


def assert_no_way_out(page: Page, base_url: str) -> None:
    """No sidebar, no menu, no header, and no link to any other page in the DOM."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_test_id("stSidebarNavLink")).to_have_count(0)
    expect(page.get_by_test_id("stHeader")).to_be_hidden()
    expect(page.get_by_test_id("stToolbar")).to_be_hidden()
    expect(page.get_by_test_id("stPageLink")).to_have_count(0)
    hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
    here = urlparse(page.url)
    away = [
        href
        for href in hrefs
        if (parsed := urlparse(href))
        and (parsed.netloc != here.netloc or parsed.path != here.path or not parsed.fragment)
    ]
    assert away == [], f"links out of the kiosk: {away}"
    assert base_url in page.url


def assert_fits_the_phone(page: Page) -> None:
    """Nothing wider than the screen, and every button a big touch target."""
    overflow = page.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth - innerWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
    heights = page.locator('[data-testid="stMain"] button:visible').evaluate_all(
        "els => els.map(e => [e.innerText.trim(), e.getBoundingClientRect().height])"
    )
    small = [(text, h) for text, h in heights if h < 48]
    assert heights and small == [], f"buttons under 48px: {small}"


def run_the_kiosk(
    page: Page,
    page_watch: PageWatch,
    url: str,
    rows: Callable[[], list[dict[str, object]]],
    shots: str,
) -> None:
    from playwright.sync_api import expect

    page_watch.expect(NOT_FOUND, "asserted at the end of the test, with what to fix")
    dialogs = []
    page.set_viewport_size(PHONE)
    page.goto(f"{url}/")  # a fresh server: the first visit goes through the router
    wait_for_app(page)

    # 1. The kiosk shows the survey and nothing else, whatever page the URL names.
    dialogs.append(open_kiosk(page, url, "plan"))
    expect(page.locator("h1")).to_have_text(vi("nav.survey_form"))
    expect(page.get_by_role("heading", name=vi("nav.plan"))).to_have_count(0)
    dialogs.append(open_kiosk(page, url, "khao_sat"))
    expect(page.locator("h1")).to_have_text(vi("nav.survey_form"))
    assert_no_way_out(page, url)
    assert_fits_the_phone(page)
    save_screenshot(page, f"{shots}-1-form")
    before = len(rows())

    # 2. One submission, one row, with the kiosk's channel; then thanks.
    tap(page, "TC1", 4)
    tap(page, "TT2", 5)
    tap(page, "CC3", 2)
    page.get_by_role("radio", name=vi("survey_entry.respondent.business"), exact=True).click()
    page.get_by_role("textbox", name=TEXTS["Y_KIEN"]).fill(COMMENT)
    save_screenshot(page, f"{shots}-2-answered", full_page=True)
    page.get_by_role("button", name=vi("survey_entry.submit")).click()
    wait_for_app(page)
    thanks = page.get_by_role("heading", name=vi("survey_entry.thanks.title"))
    expect(thanks).to_be_visible()
    after = rows()
    assert len(after) == before + 1
    new = after[-1]
    assert (new["Kênh"], new["TC1"], new["TT2"], new["CC3"]) == ("Tại quầy (kiosk)", 4, 5, 2)
    assert new["Đối tượng"] == "Doanh nghiệp"
    assert new["Ý kiến khác"] == COMMENT
    assert_fits_the_phone(page)
    assert_no_way_out(page, url)
    save_screenshot(page, f"{shots}-3-thanks")

    # 3. The next person gets an empty form: nothing of the answers just given.
    page.get_by_role("button", name=vi("survey_entry.thanks.next")).click()
    wait_for_app(page)
    submit = page.get_by_role("button", name=vi("survey_entry.submit"))
    expect(submit).to_be_visible()
    assert chosen_levels(page) == []
    expect(page.get_by_role("textbox", name=TEXTS["Y_KIEN"])).to_have_value("")

    # 4. A double-click on Gửi phiếu adds one row, not two.
    tap(page, "KQ1", 3)
    tap(page, "PA2", 1)
    submit.dblclick()
    wait_for_app(page)
    expect(thanks).to_be_visible()
    assert len(rows()) == before + 2
    last = rows()[-1]
    assert (last["KQ1"], last["PA2"], last["Kênh"]) == (3, 1, "Tại quầy (kiosk)")

    # 5. Left alone, the thank-you screen goes back to an empty form by itself.
    expect(submit).to_be_visible(timeout=AUTO_RESET_MS)
    wait_for_app(page)
    assert chosen_levels(page) == []
    assert len(rows()) == before + 2  # still: no late second write either
    save_screenshot(page, f"{shots}-4-next-person")
    assert not any(dialogs), (
        "Streamlit showed its «Page not found» box on a kiosk URL: app.py's run_kiosk() "
        "registers the survey at the root only; it should also answer at every page's "
        "url_path (khao_sat, plan, …)"
    )


def local_rows(server: AppServer) -> Callable[[], list[dict[str, object]]]:
    """Phiếu khảo sát as stored in the server's SQLite file, by sheet header, in row order."""

    def read() -> list[dict[str, object]]:
        store = Store(LocalBackend(f"sqlite:///{server.db_path}"))
        frame = store.load(force=True).frame("survey_responses").sort_values("_row")
        labels = {f.code: f.label for f in store.tabs["survey_responses"].fields}
        return [
            {labels.get(k, k): (None if pd.isna(v) else v) for k, v in row.items()}
            for row in frame.to_dict("records")
        ]

    return read


def sheet_rows(app: GoogleApp) -> Callable[[], list[dict[str, object]]]:
    """Phiếu khảo sát as the emulated Google sheet holds it, by header."""

    def read() -> list[dict[str, object]]:
        header, *body = app.emulator.model.values(app.spreadsheet_id, TAB)
        return [dict(zip(header, row, strict=False)) for row in body if any(c != "" for c in row)]

    return read


def test_the_kiosk_on_the_embedded_store(
    page: Page, page_watch: PageWatch, fresh_app_server: AppServer
) -> None:
    run_the_kiosk(
        page, page_watch, fresh_app_server.url, local_rows(fresh_app_server), "kiosk-local"
    )


def test_the_kiosk_on_google_sheets(
    page: Page, page_watch: PageWatch, fresh_google_app: GoogleApp
) -> None:
    run_the_kiosk(
        page, page_watch, fresh_google_app.server.url, sheet_rows(fresh_google_app), "kiosk-google"
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_public_form_on_a_wide_screen(page: Page, base_url: str, lang: str) -> None:
    from playwright.sync_api import expect

    page.set_viewport_size(WIDE)
    page.goto(f"{base_url}/khao_sat?lang={lang}")
    wait_for_app(page)
    expect(page.locator("h1")).to_have_text(t("nav.survey_form", lang))
    expect(page.get_by_text(t("survey_entry.intro", lang))).to_be_visible()
    expect(page.get_by_role("button", name=t("survey_entry.submit", lang))).to_have_count(1)
    # Not a kiosk: the app's menu is there, and no field asks who the respondent is.
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    assert page.get_by_role("textbox").count() == 2  # the comment and the optional contact
    save_screenshot(page, f"survey-form-{lang}-wide")
    save_screenshot(page, f"survey-form-{lang}-wide-full", full_page=True)
