"""Sign-in in the browser: each role's menu, pages by URL, signing out, guessing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reform.i18n import t
from tests.menus import INTERNAL_PAGES, PUBLIC_PAGES

from .conftest import ROLE_PASSWORDS, AppServer, PageWatch, save_screenshot, wait_for_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

NAV_LINKS = (
    '[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"] '
    '[data-testid="stMarkdownContainer"]'
)
MENUS = {
    None: [*PUBLIC_PAGES, "login"],
    "viewer": [*INTERNAL_PAGES, *PUBLIC_PAGES, "login"],
    "editor": [*INTERNAL_PAGES, *PUBLIC_PAGES, "data", "login"],
    "admin": [*INTERNAL_PAGES, *PUBLIC_PAGES, "data", "users", "audit", "login"],
}


def menu(page: Page) -> list[str]:
    return [x.strip() for x in page.locator(NAV_LINKS).all_inner_texts()]


def sign_in(page: Page, app: AppServer, password: str) -> None:
    page.goto(f"{app.url}/login")
    wait_for_app(page)
    page.get_by_role("textbox", name=t("auth.name", "vi")).fill("Người thử")
    page.get_by_role("textbox", name=t("auth.password", "vi")).fill(password)
    page.get_by_role("button", name=t("auth.sign_in", "vi"), exact=True).click()
    wait_for_app(page)


@pytest.mark.parametrize("role", [None, "viewer", "editor", "admin"])
def test_each_role_sees_exactly_its_menu(
    page: Page, password_app: AppServer, role: str | None
) -> None:
    if role is None:
        page.goto(password_app.url)
        wait_for_app(page)
    else:
        sign_in(page, password_app, ROLE_PASSWORDS[role])
    assert menu(page) == [t(f"nav.{key}", "vi") for key in MENUS[role]]
    save_screenshot(page, f"auth-menu-{role or 'public'}")


@pytest.mark.parametrize("path", ["plan", "data", "audit"])
def test_the_public_gets_no_internal_page_by_url(
    page: Page, password_app: AppServer, page_watch: PageWatch, path: str
) -> None:
    page_watch.expect(
        "The page that you have requested does not seem to exist",
        "the page is not in the public's navigation, so Streamlit says so",
    )
    page.goto(f"{password_app.url}/{path}")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == t("nav.public", "vi")
    # Only the public's figure (the survey index), none of the overview's.
    labels = page.get_by_test_id("stMetricLabel").all_inner_texts()
    assert not any(label.startswith(t("overview.kpi.feedback", "vi")) for label in labels)


def test_a_viewer_gets_no_data_page_by_url_and_can_sign_out(
    page: Page, password_app: AppServer
) -> None:
    sign_in(page, password_app, ROLE_PASSWORDS["viewer"])
    page.get_by_test_id("stSidebar").get_by_role(
        "link", name=t("nav.plan", "vi"), exact=True
    ).click()
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == t("nav.plan", "vi")
    assert page.get_by_test_id("stDataFrameGlideDataEditor").count() == 0
    page.get_by_test_id("stSidebar").get_by_role("button", name=t("auth.sign_out", "vi")).click()
    wait_for_app(page)
    assert menu(page) == [t(f"nav.{key}", "vi") for key in MENUS[None]]


# Last in this file: it locks the shared server out for 127.0.0.1.
def test_wrong_passwords_are_rate_limited(page: Page, password_app: AppServer) -> None:
    for _ in range(5):
        sign_in(page, password_app, "doan-thu")
        assert page.get_by_text(t("auth.wrong_password", "vi")).count() == 1
    sign_in(page, password_app, ROLE_PASSWORDS["admin"])
    assert page.get_by_text(t("auth.locked", "vi")).count() == 1
    assert menu(page) == [t(f"nav.{key}", "vi") for key in MENUS[None]]
