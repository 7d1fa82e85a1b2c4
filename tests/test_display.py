"""The desk's display (?display=1), run through the router with AppTest on the demo data: each
panel in turn, its figures those of the domain, and nothing personal or internal on it."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from reform import dossiers as ds
from reform import feedback as fb
from reform import surveys as sv
from reform.i18n import t
from reform.locale import format_number, format_percent
from reform.metrics import quarter_period
from sheets.store import Store
from ui.display import PANEL_KEY

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGE = "pages/man_hinh.py"
KINDS = ("answers", "satisfaction", "onestop", "slogan")


def display(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["display"] = "1"
    if lang:
        at.query_params["lang"] = lang
    return checked(at.run())


def checked(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def screen(at: AppTest) -> str:
    """The panel's HTML (the style block is the other html element)."""
    bodies = [e.proto.body for e in at.get("html") if 'class="desk-screen"' in e.proto.body]
    assert len(bodies) == 1, bodies
    return bodies[0]


def panel(at: AppTest, index: int) -> str:
    at.session_state[PANEL_KEY] = index
    return screen(checked(at.run()))


def kind(body: str) -> str:
    return next(k for k in KINDS if f'data-panel="{k}"' in body)


def all_panels(at: AppTest) -> list[str]:
    """One turn of the display: the panel index is where the next run starts."""
    first = panel(at, 0)
    count = first.count("●") + first.count("○")
    return [first, *(panel(at, i) for i in range(1, count))]


def plain(body: str) -> str:
    return html.unescape(body).replace("\u2060", "")


def test_a_turn_shows_answers_satisfaction_onestop_and_the_three_slogans(demo_store: Store):
    at = display()
    panels = all_panels(at)
    kinds = [kind(p) for p in panels]
    published = fb.public_entries(demo_store.load().frame("feedback"))
    answer_panels = (min(len(published), 6) + 1) // 2
    assert kinds.count("answers") == answer_panels >= 1
    assert kinds.count("satisfaction") == kinds.count("onestop") == 1
    assert kinds.count("slogan") == 3
    for n in (1, 2, 3):
        assert any(t(f"display.slogan.{n}", "vi") in plain(p) for p in panels)
    # No sidebar, no menu, no language switch: only the panel.
    assert at.get("segmented_control") == []
    assert at.title == []
    # The rotation: each run shows the next panel, and a turn starts again at the first.
    at.session_state[PANEL_KEY] = len(panels) - 1
    assert kind(screen(checked(at.run()))) == kinds[-1]
    assert kind(screen(checked(at.run()))) == kinds[0]


def test_the_answers_are_the_newest_published_with_their_field_and_date(demo_store: Store):
    panels = [plain(p) for p in all_panels(display()) if kind(p) == "answers"]
    published = fb.public_entries(demo_store.load().frame("feedback")).head(6)
    shown = "\n".join(panels)
    for entry in published.to_dict("records"):
        assert entry["answer"].split()[0] in shown
        if isinstance(entry["procedure_field"], str):
            assert entry["procedure_field"] in shown
        if isinstance(entry["answered_on"], dt.date):
            assert entry["answered_on"].strftime("%d/%m/%Y") in shown
    assert shown.count('class="desk-entry"') == len(published)


def test_the_figures_are_the_domain_functions(demo_store: Store):
    book = demo_store.load()
    panels = {kind(p): plain(p) for p in all_panels(display())}

    responses = book.frame("survey_responses")
    codes = sv.scale_codes(book.frame("survey_questions"))
    stamps = responses["submitted_at"].dropna()
    ended = [s for s in stamps if s.date() < quarter_period(s.year, (s.month - 1) // 3 + 1).end]
    latest = max(stamps if not ended else ended)
    year, quarter = latest.year, (latest.month - 1) // 3 + 1
    score = sv.score(responses, codes, quarter_period(year, quarter))
    satisfaction = panels["satisfaction"]
    assert f"Quý {'I II III IV'.split()[quarter - 1]}/{year}" in satisfaction
    assert format_percent(score.share, "vi") in satisfaction
    assert f"n = {score.n} phiếu" in satisfaction
    assert format_percent(score.high, "vi") in satisfaction
    assert format_number(100 * score.low, "vi", 1) in satisfaction
    assert ("dưới 30" in satisfaction) == score.small

    dossiers = book.frame("dossiers")
    year = ds.years(dossiers)[0]
    quarter = max(ds.quarters(dossiers, year))
    totals = ds.totals(ds.period_rows(dossiers, year, quarter))
    onestop = panels["onestop"]
    assert f"Quý {'I II III IV'.split()[quarter - 1]}/{year}" in onestop
    for figure in (
        format_number(totals["received"], "vi"),
        format_number(totals["resolved"], "vi"),
        format_percent(ds.on_time_rate(totals).share, "vi"),
        format_percent(ds.online_share(totals).share, "vi"),
    ):
        assert f'<div class="desk-number">{figure}</div>' in onestop


def mark_everything(store: Store) -> list[str]:
    """Markers in every personal and internal field of every feedback item (all published
    where they may be, some with a public wording) and in every survey comment and contact."""
    markers: list[str] = []
    for i, item in enumerate(store.load(force=True).frame("feedback").to_dict("records")):
        values = {
            "sender_name": f"ZZNAME{i:03d}",
            "sender_phone": f"0999773{i:03d}",
            "sender_email": f"zz.{i:03d}@example.com",
            "sender_address": f"ZZADDR{i:03d}",
            "sender_org": f"ZZORG{i:03d}",
            "subject": f"ZZSUBJ{i:03d}",
            "assignee": f"ZZWHO{i:03d}",
            "answered_by": f"ZZBY{i:03d}",
            "assigned_unit": f"ZZUNIT{i:03d}",
            "reason": f"ZZWHY{i:03d}",
            "published": True,
        }
        if i % 2 == 0:  # a public wording: the original content stays internal
            values["content"] = f"ZZORIG{i:03d} {item['content']}"
            values["public_content"] = f"Nội dung công khai số {i}."
        store.update("feedback", item["id"], values, expected_version=int(item["version"]))
        markers += [str(v) for k, v in values.items() if k not in ("published", "public_content")]
    for i, row in enumerate(store.load(force=True).frame("survey_responses").to_dict("records")):
        values = {"comment": f"ZZCOMMENT{i:04d}", "contact": f"ZZCONTACT{i:04d}"}
        store.update("survey_responses", row["id"], values, expected_version=int(row["version"]))
    return markers


PREFIXES = ("ZZ", "0999773", "@example.com")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_nothing_personal_or_internal_reaches_the_display(demo_store: Store, lang: str):
    markers = mark_everything(demo_store)
    at = display(lang)
    panels = all_panels(at)
    text = "\n".join(plain(p) for p in panels)
    assert "Nội dung công khai số" in text  # the public wording is what is shown
    assert [m for m in markers if m in text] == []
    assert [p for p in PREFIXES if p in text] == []
    assert [p for p in PREFIXES if p in "\n".join(str(e.proto) for e in at.get("html"))] == []


def test_html_in_an_answer_is_shown_escaped(demo_store: Store):
    frame = demo_store.load().frame("feedback")
    shown = [r for r in frame.to_dict("records") if r["published"] and fb.may_publish(r)]
    item = max(shown, key=lambda r: r["answered_on"])  # the newest answer: on the first panel
    demo_store.update(
        "feedback",
        item["id"],
        {"public_content": "<script>alert(1)</script> & <b>x</b>"},
        expected_version=int(item["version"]),
    )
    text = "\n".join(all_panels(display()))
    assert "<script>" not in text and "<b>x</b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;x&lt;/b&gt;" in text


def test_the_display_speaks_english_when_asked(demo_store: Store):
    text = "\n".join(plain(p) for p in all_panels(display("en")))
    assert t("display.slogan.2", "en") in text
    assert t("display.onestop.on_time", "en") in text
    assert "Q4 2017" in text


def test_the_display_stays_a_display_for_the_session(demo_store: Store):
    at = display()
    at.query_params.clear()
    assert "desk-screen" in screen(checked(at.run()))


def test_the_page_from_the_menu_explains_and_gives_the_link(demo_store: Store):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(PAGE)
    checked(at.run())
    assert at.title[0].value == "Màn hình tại quầy"
    assert at.code[0].value.endswith("/man_hinh?display=1")
    assert not [e for e in at.get("html") if 'class="desk-screen"' in e.proto.body]


def test_the_link_uses_the_public_address(demo_store: Store, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("REFORM_PUBLIC_URL", "https://cchc.example.gov.vn/")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page(PAGE)
    checked(at.run())
    assert at.title[0].value == "Desk display"
    assert at.code[0].value == "https://cchc.example.gov.vn/man_hinh?display=1&lang=en"
