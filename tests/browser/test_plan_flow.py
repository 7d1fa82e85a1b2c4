"""A plan's year in Chromium, on the embedded store and on the Sheets emulator: import this
year's plan, mark a task done with its evidence, log a web post, and see the overview, the
timeline and the unit view follow."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reform.i18n import t
from reform.tasks import ROMAN

from .conftest import (
    AppServer,
    GoogleApp,
    grid_texts,
    open_combobox,
    save_screenshot,
    wait_for_app,
)

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[3] / "shared/seed/000_1b10cacbbaa3dcb5.txt"
EVIDENCE = "https://sct.example.gov.vn/tin/quan-triet-ke-hoach-cchc"
POST_TITLE = "Tin bài kiểm thử: Sở triển khai kế hoạch cải cách hành chính"
UNIT = "Văn phòng Sở"


def vi(key: str, **params: object) -> str:
    return t(key, "vi", **params)


def this_years_plan(year: int) -> str:
    """The seed plan's table, as if it were this year's plan (2016 → last year)."""
    text = SEED.read_text(encoding="utf-8")
    return text.replace("2017", str(year)).replace("2016", str(year - 1))


def choose(page: Page, combobox: Locator, option: str | re.Pattern[str]) -> None:
    """Pick an option of a selectbox by its text, then wait for the app's run."""
    open_combobox(page, combobox)
    page.get_by_role("option", name=option).first.click()
    wait_for_app(page)


def go(page: Page, url: str, path: str) -> None:
    page.goto(f"{url}/{path}?lang=vi")
    wait_for_app(page)


def figures(page: Page) -> list[str]:
    return [v.strip() for v in page.get_by_test_id("stMetricValue").all_inner_texts()]


def overdue(page: Page) -> int:
    """The overview's overdue tasks, from the plan card's caption ("Đến hạn 12 · Quá hạn 5")."""
    words = vi("overview.kpi.plan_overdue", due="(\\d+)", overdue="(\\d+)")
    caption = page.get_by_text(re.compile(words)).first.inner_text()
    found = re.search(words, caption)
    assert found, caption
    return int(found[2])


def timeline_state(page: Page, ref: str, period: str) -> str:
    """The state the timeline draws for a task's bar: vega gives each bar an aria label."""
    labels = page.locator('[data-testid="stVegaLiteChart"] path[aria-label]').evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"
    )
    for label in labels:
        if f"task: {ref} — " in label and f"; {t('plan.col.period', 'vi')}: {period};" in label:
            return re.search(r"state_name: ([^;]+);", label).group(1)
    raise AssertionError(f"no timeline bar for {ref} {period}")


def unit_rows(page: Page) -> dict[str, dict[str, str]]:
    """The task table's first columns, in the unit view, as {ref: {column: text}}: section I
    only, so that every row is drawn and mirrored in the grid's accessible table."""
    grid = page.get_by_test_id("stDataFrame").first
    grid.locator('[role="gridcell"]').first.wait_for(state="attached")
    headers = grid_texts(grid, "columnheader")
    cells = grid_texts(grid, "gridcell")
    rows = [dict(zip(headers, cells[i : i + len(headers)], strict=False))
            for i in range(0, len(cells), len(headers))]
    return {row[vi("plan.col.ref")]: row for row in rows}


def open_unit_view(page: Page) -> dict[str, dict[str, str]]:
    choose(page, page.get_by_role("combobox", name=vi("plan.unit")), UNIT)
    sections = page.get_by_role("combobox", name=vi("field.tasks.section"))
    open_combobox(page, sections)
    page.get_by_role("option", name="I", exact=True).click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    return unit_rows(page)


def run_the_year(page: Page, url: str, shots: str) -> None:
    today = dt.date.today()
    year = today.year
    quarter = f"Quý {ROMAN[(today.month - 1) // 3]}/{year}"

    # 1. Import this year's plan from its pasted table, after the preview.
    go(page, url, "plan")
    page.get_by_role("tab", name=vi("plan.tab.import")).click()
    paste = page.get_by_role("textbox", name=vi("plan.import.paste"))
    paste.fill(this_years_plan(year))
    paste.press("ControlOrMeta+Enter")
    wait_for_app(page)
    page.get_by_role("button", name=vi("plan.import.read")).click()
    wait_for_app(page)
    page.get_by_role("heading", name=vi("plan.import.preview")).wait_for()
    page.get_by_role("button", name=vi("plan.import.write", count=12)).click()
    wait_for_app(page)
    page.get_by_text(vi("plan.import.done", added=12, updated=0, unchanged=0)).wait_for()
    save_screenshot(page, f"{shots}-1-imported", full_page=True)

    # 2. The overview opens on the newest year: nothing done yet.
    go(page, url, "")
    assert figures(page)[0] == "0/12"
    overdue_before = overdue(page)
    assert overdue_before >= 1  # I.1 ("Trong Quý I") and every missed quarter of ongoing work

    # 3. The timeline: a line at today; I.1's window is late; I.6's quarter is running.
    go(page, url, "plan")
    chart_texts = page.locator('[data-testid="stVegaLiteChart"] text').evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    assert vi("plan.timeline.today") in chart_texts
    done_name = vi("plan.timeline.done")
    if today.month > 3:
        assert timeline_state(page, "I.1", vi("plan.timeline.due", due=f"31/03/{year}")) != (
            done_name
        )
    assert timeline_state(page, "I.6", quarter) == vi("plan.timeline.running")
    before = open_unit_view(page)
    assert before["I.1"][vi("plan.col.role")] == vi("plan.role.support")
    assert before["I.6"][vi("plan.col.role")] == vi("plan.role.lead")
    assert before["I.1"][vi("field.tasks.status")] == "Chưa thực hiện"
    met, due = (int(n) for n in before["I.6"][vi("plan.col.periods")].split("/"))
    save_screenshot(page, f"{shots}-2-unit-before", full_page=True)

    # 4. Mark I.1 done with its evidence link.
    go(page, url, "plan")
    choose(page, page.get_by_role("combobox", name=vi("plan.track.task")), re.compile(r"^I\.1 — "))
    form = page.get_by_test_id("stForm")
    choose(page, form.get_by_role("combobox", name=vi("field.tasks.status")), "Hoàn thành")
    form.get_by_role("textbox", name=vi("field.tasks.evidence_url")).fill(EVIDENCE)
    form.get_by_role("button", name=vi("plan.track.save")).click()
    wait_for_app(page)
    page.get_by_text(vi("plan.track.saved")).first.wait_for()

    # 5. Log this month's web post for I.6.
    go(page, url, "activities")
    page.get_by_role("tab", name=vi("activities.tab.log")).click()
    form = page.get_by_test_id("stForm")
    choose(page, form.get_by_role("combobox", name=re.compile("^" + re.escape(
        vi("field.activities.type")))), "Tin bài trên trang web")
    form.get_by_role("textbox", name=re.compile("^" + re.escape(
        vi("field.activities.title")))).fill(POST_TITLE)
    choose(page, form.get_by_role("combobox", name=vi("field.activities.task_ref")),
           re.compile(r"^I\.6 — "))
    choose(page, form.get_by_role("combobox", name=vi("field.activities.unit")), UNIT)
    form.get_by_role("textbox", name=vi("field.activities.evidence_url")).fill(EVIDENCE + "-2")
    form.get_by_role("button", name=vi("activities.form.save")).click()
    wait_for_app(page)
    page.get_by_text(vi("activities.form.saved", date=today.strftime("%d/%m/%Y"))).first.wait_for()
    save_screenshot(page, f"{shots}-3-activity", full_page=True)

    # 6. The overview, the timeline and the unit view follow.
    go(page, url, "")
    assert figures(page)[0] == "1/12"
    assert overdue(page) == overdue_before - (1 if today.month > 3 else 0)
    go(page, url, "plan")
    assert timeline_state(page, "I.6", quarter) == done_name
    assert timeline_state(page, "I.1", vi("plan.timeline.due", due=f"31/03/{year}")) == done_name
    after = open_unit_view(page)
    assert after["I.1"][vi("field.tasks.status")] == "Hoàn thành"
    assert after["I.1"][vi("plan.col.state")] == vi("plan.state.done")
    assert after["I.6"][vi("plan.col.periods")] == f"{met + 1}/{due + 1}"
    save_screenshot(page, f"{shots}-4-unit-after", full_page=True)


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed file not found: {SEED}")
def test_a_year_of_the_plan_on_the_embedded_store(page: Page,
                                                  fresh_app_server: AppServer) -> None:
    run_the_year(page, fresh_app_server.url, "flow-local")


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed file not found: {SEED}")
def test_a_year_of_the_plan_on_google_sheets(page: Page, fresh_google_app: GoogleApp) -> None:
    run_the_year(page, fresh_google_app.server.url, "flow-google")
    tasks = fresh_google_app.emulator.model.values(fresh_google_app.spreadsheet_id, "Nhiệm vụ")
    assert any(EVIDENCE in row for row in tasks)  # the evidence reached the sheet
