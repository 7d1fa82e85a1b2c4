"""The overview in Chromium: its five figures fit a 1366×768 screen, in normal and in meeting
mode, and each "Cần chú ý" link opens the page that fixes the item, already filtered, on the
embedded store and on the Sheets emulator.

The store is the demo data (Kế hoạch 21/KH-SCT, 2017) with one change: the Thương mại desk
sent one apology letter too few in August and in September 2017. The year 2017 then needs
attention of every kind: apology letters (Aug, Sep), feedback past its due date, overdue tasks
of Văn phòng Sở and of "Các phòng, ban, đơn vị có liên quan", no web post in August, and too
few survey responses in Quý I (the seventh item, behind "Và 1 mục khác").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

import pytest

from reform.i18n import t
from reform.tasks import canonical_unit, unit_aliases
from sheets.google import GoogleBackend, emulator_client
from sheets.local import LocalBackend
from sheets.store import Store

from .conftest import (
    APP_TIMEOUT_MS,
    VIEWPORT,
    PageWatch,
    grid_texts,
    running_app,
    running_google_app,
    save_screenshot,
    wait_for_app,
)

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

YEAR = 2017
# The demo's Thương mại rows of August and September, each given one apology letter too few.
SHORT_OF_LETTERS = ("demo-dossier-2017-08-2", "demo-dossier-2017-09-2")
UNIT = "Văn phòng Sở"
OTHER_UNIT = "Các phòng, ban, đơn vị có liên quan"  # commas in a query parameter
ROMAN = ("I", "II", "III", "IV")


def vi(key: str, **params: object) -> str:
    return t(key, "vi", **params)


def quarter(q: int, year: int = YEAR) -> str:
    """Quý III/2017."""
    return vi("period.quarter", roman=ROMAN[q - 1], n=q, year=year)


def month(m: int, year: int = YEAR) -> str:
    """Tháng 8/2017, as the overview writes a month."""
    text = vi("overview.period.month", month=vi(f"activities.month_long.{m}"), year=year)
    return text[:1].upper() + text[1:]


def template(key: str, named: bool = True, **fixed: object) -> str:
    """The Vietnamese text of key as a regular expression: the parameters given are matched as
    written, every other one as a group, named unless for a locator (JavaScript has no (?P<>));
    markdown's ** is dropped, as the page shows it."""
    parts = re.split(r"\{(\w+)\}", vi(key).replace("**", ""))
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(re.escape(part))
        elif part in fixed:
            out.append(re.escape(str(fixed[part])))
        else:
            out.append(f"(?P<{part}>.+?)" if named else "(.+?)")
    return "".join(out)


def number(text: str) -> int:
    """A count as the app writes it: 1.241 → 1241."""
    return int(text.replace(".", "").strip())


# --- the servers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class App:
    """A running app and the store it reads."""

    url: str
    store: Store

    def aliases(self) -> dict[str, list[str]]:
        return unit_aliases(self.store.load(force=True).frame("units"))


def short_of_letters(store: Store) -> None:
    """One apology letter too few for a late dossier in August and in September."""
    for record_id in SHORT_OF_LETTERS:
        record = store.get("dossiers", record_id)
        assert record["resolved_late"] >= 1 and record["apology_letters"] >= 1, record
        store.update(
            "dossiers",
            record_id,
            {"apology_letters": record["apology_letters"] - 1},
            expected_version=record["version"],
            actor="test",
        )


@pytest.fixture(scope="module")
def local_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """The app on its own SQLite store, for this module's tests on the embedded store."""
    folder = tmp_path_factory.mktemp("overview")
    store = Store(LocalBackend(f"sqlite:///{folder / 'reform.db'}"))
    store.init(demo=True)  # what the app's first visit would do
    short_of_letters(store)
    with running_app(folder) as server:
        yield App(server.url, store)


@pytest.fixture(scope="module")
def sheets_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """The app on the Sheets emulator, initialised with the demo data, then changed there."""
    with running_google_app(tmp_path_factory.mktemp("overview-google")) as app:
        client = emulator_client(app.emulator.host)
        store = Store(GoogleBackend(client, app.spreadsheet_id, account_email="emulator"))
        short_of_letters(store)
        yield App(app.server.url, store)


@pytest.fixture
def page_watch(request: pytest.FixtureRequest) -> PageWatch:
    """The watch of conftest's page fixture, bound to this module's servers instead of the
    session's (which this module never starts)."""
    name = "sheets_app" if "sheets_app" in request.fixturenames else "local_app"
    return PageWatch(base_url=request.getfixturevalue(name).url)


def go(page: Page, url: str, query: str = "") -> None:
    page.goto(f"{url}/{query}")
    wait_for_app(page)


# --- the figures band -----------------------------------------------------------------------

BAND_JS = """() => [...document.querySelectorAll('[data-testid="stMetric"]')].map(card => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {x: r.x, y: r.y, right: r.right, bottom: r.bottom}; };
  const parts = ['stMetricLabel', 'stMetricValue', 'stMetricDelta']
    .map(id => [id, card.querySelector(`[data-testid="${id}"]`)]).filter(([, e]) => e);
  const column = card.closest('[data-testid="stColumn"]');
  return {
    card: box(card),
    column: box(column),
    parts: parts.map(([id, e]) => ({id, box: box(e), text: e.innerText,
      clipped: e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1})),
    captions: [...column.querySelectorAll('[data-testid="stCaptionContainer"]')].map(box),
    valueSize: (() => {  // the size the value's text is drawn in, on its innermost element
      let e = card.querySelector('[data-testid="stMetricValue"]');
      while (e.firstElementChild) e = e.firstElementChild;
      return parseFloat(getComputedStyle(e).fontSize);
    })(),
  };
})"""


def band(page: Page) -> list[dict]:
    return page.evaluate(BAND_JS)


def assert_band_fits(page: Page) -> list[dict]:
    """Five cards side by side, each whole with its captions on the first screen; no label,
    value or delta clipped, or spilling out of its card."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stMetric")).to_have_count(5)
    scrolled = page.evaluate(
        "() => [window.scrollY, document.querySelector('[data-testid=\"stMain\"]').scrollTop]"
    )
    assert scrolled == [0, 0]
    cards = band(page)
    for card in cards:
        box = card["card"]
        assert box["x"] >= 0 and box["y"] >= 0, card
        assert box["right"] <= VIEWPORT["width"] and box["bottom"] <= VIEWPORT["height"], card
        for caption in card["captions"]:
            assert caption["bottom"] <= VIEWPORT["height"], card
        for part in card["parts"]:
            assert not part["clipped"], f"{part['id']} clipped: {card}"
            inner = part["box"]
            assert box["x"] <= inner["x"] and inner["right"] <= box["right"], card
            assert box["y"] <= inner["y"] and inner["bottom"] <= box["bottom"], card
    for left, right in zip(cards, cards[1:], strict=False):
        assert left["card"]["right"] <= right["card"]["x"], (left, right)
        assert left["card"]["y"] == right["card"]["y"], (left, right)
        assert left["card"]["bottom"] == right["card"]["bottom"], (left, right)
    return cards


def labels(cards: list[dict]) -> list[str]:
    return [
        next(p["text"].strip() for p in c["parts"] if p["id"] == "stMetricLabel") for c in cards
    ]


def deltas(cards: list[dict]) -> list[str]:
    return [
        next((p["text"].strip() for p in c["parts"] if p["id"] == "stMetricDelta"), "")
        for c in cards
    ]


# The default period on the demo data (the 2017 plan, read years later): Quý IV/2017.
DEFAULT_LABELS = [
    vi("overview.kpi.plan", year=YEAR),
    vi("overview.kpi.satisfaction", period=quarter(4)),
    vi("overview.kpi.feedback"),
    vi("overview.kpi.on_time"),
    vi("overview.kpi.web", period=quarter(4)),
]


def test_figures_band_fits_the_first_screen(page: Page, local_app: App) -> None:
    """The default period, Quý IV/2017: five figures, each with its change since Quý III, seen
    whole beside the menu; the meeting toggle then hides the menu and enlarges the figures,
    which still fit, and puts ?hop=1 in the address."""
    from playwright.sync_api import expect

    go(page, local_app.url)
    period = page.get_by_role("combobox", name=vi("overview.period"), exact=True)
    expect(period).to_have_value(quarter(4))
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    cards = assert_band_fits(page)
    assert labels(cards) == DEFAULT_LABELS
    assert all(deltas(cards)), deltas(cards)  # Quý III/2017 has every figure to compare with
    save_screenshot(page, "overview-band-vi")

    page.get_by_text(vi("overview.meeting"), exact=True).click()
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_test_id("stHeader")).to_be_hidden()
    assert dict(parse_qsl(urlsplit(page.url).query)).get("hop") == "1", page.url
    meeting = assert_band_fits(page)
    assert labels(meeting) == DEFAULT_LABELS
    assert all(m["valueSize"] > 1.3 * c["valueSize"] for m, c in zip(meeting, cards, strict=True))
    save_screenshot(page, "overview-band-meeting-toggled-vi")


@pytest.mark.parametrize("period", ["", "2017-08"], ids=["quarter", "month"])
def test_meeting_mode_by_address_fits_the_first_screen(
    page: Page, local_app: App, period: str
) -> None:
    """?hop=1 opens meeting mode: no menu, no header, no notices, the figures fit; with a month
    (?ky=2017-08) the labels are the longest ("Tin bài trên web, Tháng 8/2017")."""
    from playwright.sync_api import expect

    go(page, local_app.url, f"?hop=1&ky={period}" if period else "?hop=1")
    expect(page.get_by_role("switch", name=vi("overview.meeting"))).to_be_checked()
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_test_id("stHeader")).to_be_hidden()
    # The demo notice is left out (the open-mode warning stays in the hidden menu).
    expect(page.get_by_test_id("stMain").get_by_test_id("stAlert")).to_have_count(0)
    cards = assert_band_fits(page)
    if period:
        assert labels(cards)[4] == vi("overview.kpi.web", period=month(8))
        save_screenshot(page, "overview-band-meeting-month-vi")
        return
    assert labels(cards) == DEFAULT_LABELS
    save_screenshot(page, "overview-band-meeting-vi")
    # A link followed during the meeting opens its page as usual, with the menu.
    page.get_by_role("link", name=vi("overview.attention.link.tasks_overdue", unit=UNIT)).click()
    expect(page.locator("h1")).to_have_text(vi("nav.plan"), timeout=APP_TIMEOUT_MS)
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    assert "hop" not in dict(parse_qsl(urlsplit(page.url).query)), page.url


# --- "Cần chú ý" ----------------------------------------------------------------------------


def attention_row(page: Page, link: str) -> tuple[str, Locator]:
    """The text of the first row whose link reads `link`, and the link."""
    rows = page.get_by_test_id("stHorizontalBlock").filter(has=page.get_by_role("link", name=link))
    row = rows.first
    text = row.get_by_test_id("stMarkdownContainer").first.evaluate(WITHOUT_ICONS)
    return " ".join(text.split()), row.get_by_role("link", name=link)


# An element's text without its icons, which Streamlit draws from ligatures ("forum").
WITHOUT_ICONS = """e => { const copy = e.cloneNode(true);
  copy.querySelectorAll('[translate="no"]').forEach(i => i.remove());
  return copy.textContent; }"""


def combobox_value(page: Page, name: str) -> Locator:
    return page.get_by_role("combobox", name=name, exact=True)


def list_items(page: Page) -> list[str]:
    """Every bullet of the page's markdown, as shown."""
    return [
        " ".join(text.split())
        for text in page.get_by_test_id("stMain").locator("li").all_inner_texts()
    ]


def check_onestop(page: Page, app: App, row: re.Match[str]) -> None:
    """Quý III/2017 is picked; the checks list the months short of letters, and only months of
    Quý III; the month of the row is short by as many letters as the overview says."""
    from playwright.sync_api import expect

    expect(combobox_value(page, vi("onestop.year"))).to_have_value(str(YEAR))
    expect(combobox_value(page, vi("onestop.quarter"))).to_have_value(quarter(3))
    finding = re.compile(template("onestop.finding.apology", year=YEAR) + r"(?: \(.*\))?$")
    found = [m for line in list_items(page) if (m := finding.match(line))]
    assert {int(m["month"]) for m in found} == {8, 9}, list_items(page)
    months = [int(m) for m in re.findall(rf"Tháng (\d+)/{YEAR}", " ".join(list_items(page)))]
    assert months and set(months) <= {7, 8, 9}, months
    row_month = 8  # the case reads August's row
    short = sum(
        int(m["late"]) - int(m["apology_letters"]) for m in found if int(m["month"]) == row_month
    )
    assert short == int(row["count"]), (short, row.groupdict())


def check_feedback(page: Page, app: App, row: re.Match[str]) -> None:
    """The first tab, Cần xử lý, lists the overdue items: at least those the overview counted
    at the end of 2017 (it judges the period's end, the page today)."""
    from playwright.sync_api import expect

    tabs = page.get_by_role("tab")
    expect(tabs.first).to_have_text(vi("feedback.tab.attention"))
    expect(tabs.first).to_have_attribute("aria-selected", "true")
    panel = page.get_by_role("tabpanel", name=vi("feedback.tab.attention"))
    title = re.compile(template("feedback.attention.title", named=False))
    expect(panel.get_by_role("heading", name=title)).to_be_visible()
    grid = panel.get_by_test_id("stDataFrame").last  # the items, after the units' counts
    grid.locator('[role="gridcell"]').first.wait_for(state="attached")
    assert vi("feedback.attention.left_column") in grid_texts(grid, "columnheader")
    late = re.compile(template("feedback.attention.late"))
    overdue = [c for c in grid_texts(grid, "gridcell") if late.fullmatch(c)]
    assert len(overdue) >= int(row["count"]), (overdue, row.groupdict())


def check_plan(unit: str) -> Callable[[Page, App, re.Match[str]], None]:
    def check(page: Page, app: App, row: re.Match[str]) -> None:
        """The year and the unit are picked; the attention list's overdue tasks led by the unit
        (under any of its names) are those the overview counted; the rest are its support."""
        from playwright.sync_api import expect

        expect(combobox_value(page, vi("overview.year"))).to_have_value(str(YEAR))
        expect(combobox_value(page, vi("plan.unit"))).to_have_value(unit)
        heading = re.compile(template("plan.attention", named=False))
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        support = re.escape(" " + vi("plan.role.support_note"))
        patterns = [
            re.compile(template(key) + f"(?P<support>{support})?")
            for key in ("plan.attention.overdue", "plan.attention.overdue.period")
        ]
        found = [m for line in list_items(page) for p in patterns if (m := p.fullmatch(line))]
        led = [m for m in found if not m["support"]]
        aliases = app.aliases()
        assert led, list_items(page)
        assert all(canonical_unit(m["unit"], aliases) == unit for m in led), list_items(page)
        assert len(led) == int(row["count"]), (list_items(page), row.groupdict())

    return check


def check_activities(page: Page, app: App, row: re.Match[str]) -> None:
    """The list tab is open, filtered to web posts in August: as many as the overview says."""
    from playwright.sync_api import expect

    tab = page.get_by_role("tab", name=vi("activities.tab.list"), exact=True)
    expect(tab).to_have_attribute("aria-selected", "true")
    expect(combobox_value(page, vi("activities.year"))).to_have_value(str(YEAR))
    expect(combobox_value(page, vi("activities.filter.month"))).to_have_value(
        vi("activities.month_short.8")
    )
    types = page.get_by_test_id("stMultiSelect").filter(has_text=vi("activities.filter.type"))
    expect(types.locator("[data-tag]")).to_have_text([vi("activities.type.web")])
    count = template("activities.list.count", year=YEAR)
    caption = page.get_by_text(re.compile(template("activities.list.count", False, year=YEAR)))
    expect(caption).to_be_visible()
    shown = re.fullmatch(count, caption.inner_text().strip())
    assert shown and number(shown["shown"]) == int(row["posts"]), (shown, row.groupdict())


def check_surveys(page: Page, app: App, row: re.Match[str]) -> None:
    """The results tab shows Quý I/2017 and its count of responses, as the overview said."""
    from playwright.sync_api import expect

    tab = page.get_by_role("tab", name=vi("surveys.tab.results"), exact=True)
    expect(tab).to_have_attribute("aria-selected", "true")
    expect(combobox_value(page, vi("survey_results.year"))).to_have_value(str(YEAR))
    expect(combobox_value(page, vi("survey_results.quarter"))).to_have_value(quarter(1))
    headline = page.get_by_test_id("stMetric").filter(
        has_text=vi("survey_results.overall", quarter=quarter(1))
    )
    expect(headline).to_have_count(1)
    responses = page.get_by_test_id("stMetric").filter(has_text=vi("survey_results.count.label"))
    value = responses.get_by_test_id("stMetricValue")
    expect(value).to_have_text(row["responses"])


@dataclass(frozen=True)
class Case:
    """One kind of item: where the overview shows it, its text, its link, where that leads."""

    kind: str
    ky: str  # the period opened: ?ky=…, or "" for the default (Quý IV/2017)
    period: str  # that period as the overview names it
    text: str  # the row's text, as a regular expression
    link: str  # the link's label
    page: str  # the destination's page key (its address and its title)
    query: dict[str, str]
    check: Callable[[Page, App, re.Match[str]], None]
    behind_more: int = 0  # > 0: the row waits behind "Và N mục khác"


CASES = {
    "apology": Case(
        kind="apology",
        ky="2017-Q3",
        period=quarter(3),
        text=template("overview.attention.apology", month=month(8)),
        link=vi("overview.attention.link.apology", quarter=quarter(3)),
        page="onestop",
        query={"nam": "2017", "quy": "3"},
        check=check_onestop,
    ),
    "feedback_overdue": Case(
        kind="feedback_overdue",
        ky="",
        period=quarter(4),
        text=template("overview.attention.feedback_overdue"),
        link=vi("overview.attention.link.feedback_overdue"),
        page="feedback",
        query={},
        check=check_feedback,
    ),
    "tasks_overdue": Case(
        kind="tasks_overdue",
        ky="",
        period=quarter(4),
        text=template("overview.attention.tasks_overdue", unit=UNIT),
        link=vi("overview.attention.link.tasks_overdue", unit=UNIT),
        page="plan",
        query={"nam": "2017", "don_vi": UNIT},
        check=check_plan(UNIT),
    ),
    "tasks_overdue_other_unit": Case(
        kind="tasks_overdue",
        ky="2017",
        period=vi("overview.period.year", year=YEAR),
        text=template("overview.attention.tasks_overdue", unit=OTHER_UNIT),
        link=vi("overview.attention.link.tasks_overdue", unit=OTHER_UNIT),
        page="plan",
        query={"nam": "2017", "don_vi": OTHER_UNIT},
        check=check_plan(OTHER_UNIT),
    ),
    "web_posts": Case(
        kind="web_posts",
        ky="2017-08",
        period=month(8),
        text=template("overview.attention.web_posts", month=month(8)),
        link=vi("overview.attention.link.web_posts", month=month(8)),
        page="activities",
        query={"nam": "2017", "thang": "8", "loai": "web"},
        check=check_activities,
    ),
    "survey_short": Case(
        kind="survey_short",
        ky="2017",
        period=vi("overview.period.year", year=YEAR),
        text=template("overview.attention.survey_short.finished", quarter=quarter(1)),
        link=vi("overview.attention.link.survey_short", quarter=quarter(1)),
        page="surveys",
        query={"quy": "2017-1"},
        check=check_surveys,
        behind_more=1,
    ),
}


def follow(page: Page, app: App, case: Case, shots: str) -> None:
    """Open the overview on the case's period, read the row, click its link, check the page."""
    from playwright.sync_api import expect

    go(page, app.url, f"?ky={case.ky}" if case.ky else "")
    expect(combobox_value(page, vi("overview.period"))).to_have_value(case.period)
    expect(
        page.get_by_role("heading", name=vi("overview.attention", period=case.period))
    ).to_be_visible()
    if case.behind_more:
        more = vi("overview.attention.more", count=case.behind_more)
        page.get_by_test_id("stExpander").get_by_text(more, exact=True).click()
    text, link = attention_row(page, case.link)
    row = re.fullmatch(case.text, text)
    assert row, f"{case.kind}: {text!r} does not read {case.text!r}"
    expect(link).to_be_visible()
    link.click()
    expect(page.locator("h1")).to_have_text(vi(f"nav.{case.page}"), timeout=APP_TIMEOUT_MS)
    wait_for_app(page)
    address = urlsplit(page.url)
    assert address.path == f"/{case.page}", page.url
    assert dict(parse_qsl(address.query)) == case.query, page.url
    case.check(page, app, row)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    save_screenshot(page, f"{shots}-{case.page}")


@pytest.mark.parametrize("name", list(CASES))
def test_attention_link_opens_the_filtered_page(page: Page, local_app: App, name: str) -> None:
    follow(page, local_app, CASES[name], f"overview-link-{name}")


def test_year_lists_every_kind_most_pressing_first(page: Page, local_app: App) -> None:
    """Năm 2017: the apology letters first, then feedback, tasks, web posts; the seventh item,
    the survey, behind "Và 1 mục khác"."""
    from playwright.sync_api import expect

    go(page, local_app.url, "?ky=2017")
    links = page.get_by_test_id("stPageLink")
    expect(links).to_have_count(7)
    shown = [
        " ".join(text.split()) for text in links.evaluate_all(f"els => els.map({WITHOUT_ICONS})")
    ]
    expected = [
        vi("overview.attention.link.apology", quarter=quarter(3)),
        vi("overview.attention.link.apology", quarter=quarter(3)),
        vi("overview.attention.link.feedback_overdue"),
        vi("overview.attention.link.tasks_overdue", unit=UNIT),
        vi("overview.attention.link.tasks_overdue", unit=OTHER_UNIT),
        vi("overview.attention.link.web_posts", month=month(8)),
    ]
    assert shown[:6] == expected, shown
    expect(links.nth(6)).to_be_hidden()  # the survey waits in the closed expander
    save_screenshot(page, "overview-attention-year", full_page=True)


@pytest.mark.parametrize("name", ["apology", "tasks_overdue", "feedback_overdue"])
def test_attention_link_opens_the_filtered_page_on_google_sheets(
    page: Page, sheets_app: App, name: str
) -> None:
    follow(page, sheets_app, CASES[name], f"overview-link-google-{name}")
