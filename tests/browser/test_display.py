"""The desk's display in Chromium on a 1920×1080 TV: no way out, large type, and the panels
turning by themselves (a server of its own with REFORM_DISPLAY_SECONDS=3)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .conftest import AppServer, running_app, save_screenshot, wait_for_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

TV = {"width": 1920, "height": 1080}
SECONDS = 3


@pytest.fixture
def fresh_app_server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[AppServer]:
    """A server of this test's own whose panels turn every 3 seconds (the page fixture's
    error watch binds to fresh_app_server by name)."""
    with running_app(tmp_path, {"REFORM_DISPLAY_SECONDS": str(SECONDS)}) as server:
        yield server


def heading(page: Page) -> str:
    return page.locator(".desk-panel h1").first.inner_text()


def test_the_display_fills_a_tv_with_large_type_and_turns_by_itself(
    page: Page, fresh_app_server: AppServer
):
    from playwright.sync_api import expect

    page.set_viewport_size(TV)
    page.goto(f"{fresh_app_server.url}/man_hinh?display=1")
    wait_for_app(page)
    expect(page.locator(".desk-panel")).to_have_count(1)
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNavLink")).to_have_count(0)
    expect(page.get_by_test_id("stHeader")).to_be_hidden()
    expect(page.get_by_test_id("stToolbar")).to_be_hidden()
    links = page.locator("a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert [h for h in links if not h.startswith("#")] == []  # only "skip to main content"

    size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.desk-body p')).fontSize)"
    )
    assert size >= 40
    title = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.desk-heading')).fontSize)"
    )
    assert title >= 60
    footer = page.locator(".desk-footer")
    expect(footer).to_be_visible()
    assert footer.bounding_box()["y"] + footer.bounding_box()["height"] <= TV["height"] + 1
    overflow = page.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth - innerWidth"
    )
    assert overflow <= 0
    save_screenshot(page, "display-tv-first-panel")

    first = heading(page)
    expect(page.locator(".desk-panel h1").first).not_to_have_text(first, timeout=3 * SECONDS * 1000)
    assert heading(page) != first
    save_screenshot(page, "display-tv-second-panel")
    # Through a whole turn: every kind of panel shows up, a figure at least 72px high.
    seen: dict[str, str] = {}
    for _ in range(10):
        kind = page.locator(".desk-panel").first.get_attribute("data-panel") or ""
        if kind not in seen:
            seen[kind] = heading(page)
            save_screenshot(page, f"display-tv-{kind}")
            if kind in ("satisfaction", "onestop"):
                figure = ".desk-figure" if kind == "satisfaction" else ".desk-number"
                big = page.evaluate(
                    f"() => parseFloat(getComputedStyle(document.querySelector('{figure}'))"
                    ".fontSize)"
                )
                assert big >= 72
        if len(seen) == 4:
            break
        current = heading(page)
        expect(page.locator(".desk-panel h1").first).not_to_have_text(
            current, timeout=3 * SECONDS * 1000
        )
    assert set(seen) == {"answers", "satisfaction", "onestop", "slogan"}
