"""The desk's display: full-screen panels in turn on a 1920×1080 TV, read from 3 metres.

Only what the Công khai page already shows: published answers (reform.feedback.public_entry),
the satisfaction index with n and its interval, the one-stop totals, and the plan's slogans.
Every value is escaped before it reaches the HTML.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from reform import dossiers as ds
from reform import feedback as fb
from reform import surveys as sv
from reform.metrics import SMALL_SAMPLE, quarter_period
from sheets.store import Workbook
from ui.context import (
    agency_name,
    fmt_date,
    fmt_number,
    fmt_percent,
    lang,
    quarter_label,
    settings,
    today,
    tr,
    workbook,
)
from ui.survey_results import figure_caption, quarters_with_responses, survey_data

DISPLAY_KEY = "display"  # the session's flag, set by app.py from ?display=1
PANEL_KEY = "display_panel"  # the index of the panel the next run shows
PATH = "man_hinh"  # the page's URL path (ui/navigation.py)
SLOGANS = 3
ANSWERS_SHOWN = 6  # the newest published answers, two to a panel
ANSWERS_PER_PANEL = 2
QUESTION_CHARS = 140  # two lines at 44px on a 1920px screen
ANSWER_CHARS = 200  # three lines
MIN_SECONDS = 3

# Fixed CSS, never user data. Sizes in px for a 1920×1080 TV seen from 3 metres: text ≥ 40px,
# headline figures ≥ 120px; light text on dark blue, figures in yellow.
STYLE = """<style>
[data-testid="stApp"], [data-testid="stMain"] { background: #0b1f3a !important; }
[data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: none !important; }
.desk-screen { color: #ffffff; }
.desk-panel { box-sizing: border-box; min-height: calc(100vh - 100px); padding: 40px 80px 24px;
  display: flex; flex-direction: column; }
.desk-kicker { font-size: 36px !important; font-weight: 700; color: #ffd54f; margin: 0 0 8px;
  text-transform: uppercase; letter-spacing: 0.06em; }
.desk-screen h1.desk-heading { font-size: 64px !important; line-height: 1.15; font-weight: 800;
  color: #ffffff; margin: 0 0 28px; padding: 0; }
.desk-body, .desk-body p { font-size: 44px !important; line-height: 1.3; color: #ffffff; }
.desk-body p { margin: 0 0 10px; }
.desk-entry { border-left: 12px solid #ffd54f; padding: 4px 0 4px 36px; margin: 0 0 36px; }
.desk-body p.desk-meta { font-size: 40px !important; color: #bcd0ee; }
.desk-body b { color: #ffd54f; }
.desk-figure { font-size: 240px !important; font-weight: 800; line-height: 1; color: #ffd54f;
  margin: 24px 0 16px; }
.desk-body p.desk-label { font-size: 52px !important; font-weight: 700; }
.desk-body p.desk-note { font-size: 44px !important; color: #bcd0ee; }
.desk-body p.desk-warn { font-size: 40px !important; color: #ffcc80; margin-top: 24px; }
.desk-tiles { display: grid; grid-template-columns: 1fr 1fr; gap: 36px 96px; }
.desk-tile { border-top: 8px solid #ffd54f; padding-top: 12px; }
.desk-tile p.desk-label { margin: 0; }
.desk-number { font-size: 132px !important; font-weight: 800; line-height: 1.05; color: #ffd54f; }
.desk-slogan-panel { justify-content: center; align-items: center; text-align: center; }
.desk-screen h1.desk-slogan { font-size: 96px !important; line-height: 1.25; font-weight: 800;
  color: #ffd54f; max-width: 1600px; margin: 0; padding: 0; }
.desk-footer { position: fixed; left: 0; right: 0; bottom: 0; height: 96px; box-sizing: border-box;
  display: flex; align-items: center; justify-content: space-between; gap: 48px;
  padding: 0 80px; background: #06142a; border-top: 6px solid #c62828; color: #ffffff;
  font-size: 40px !important; font-weight: 600; }
.desk-footer span { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.desk-dots { color: #ffd54f; letter-spacing: 0.2em; }
</style>"""


@dataclass(frozen=True)
class Panel:
    """One full screen: its kind, its headline and its body, both already escaped HTML."""

    kind: str  # answers, satisfaction, onestop, slogan
    heading: str
    body: str = ""


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def cut(text: object, limit: int) -> str:
    """The text on one run of spaces, cut at a word before limit with "…" when longer."""
    words = " ".join(str(text or "").split())
    if len(words) <= limit:
        return words
    head = words[: limit - 1]
    if " " in head:
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,.;:–-") + "…"


def in_display() -> bool:
    """The session was opened with ?display=1 (app.py keeps it for the session)."""
    return bool(st.session_state.get(DISPLAY_KEY))


def seconds() -> int:
    return max(MIN_SECONDS, int(settings().display_seconds))


# --- the panels --------------------------------------------------------------------------------


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def entry_html(entry: dict) -> str:
    """One published answer: its field and date, the public wording and the answer, cut."""
    facts = [_text(entry.get("procedure_field"))]
    if isinstance(entry.get("answered_on"), dt.date):
        facts.append(tr("display.answered", date=fmt_date(entry["answered_on"])))
    meta = " · ".join(esc(f) for f in facts if f)
    return (
        '<div class="desk-entry">'
        + (f'<p class="desk-meta">{meta}</p>' if meta else "")
        + f"<p><b>{esc(tr('display.question'))}:</b> "
        f"{esc(cut(entry.get('content'), QUESTION_CHARS))}</p>"
        f"<p><b>{esc(tr('display.answer'))}:</b> "
        f"{esc(cut(entry.get('answer'), ANSWER_CHARS))}</p>"
        "</div>"
    )


def answer_panels(book: Workbook) -> list[Panel]:
    """The newest published answers, two to a panel."""
    entries = fb.public_entries(book.frame("feedback")).head(ANSWERS_SHOWN)
    records = [e for e in entries.to_dict("records") if _text(e.get("answer"))]
    chunks = [records[i : i + ANSWERS_PER_PANEL] for i in range(0, len(records), ANSWERS_PER_PANEL)]
    title = tr("display.answers.title")
    return [
        Panel(
            "answers",
            esc(f"{title} ({n}/{len(chunks)})" if len(chunks) > 1 else title),
            "".join(entry_html(e) for e in chunk),
        )
        for n, chunk in enumerate(chunks, start=1)
    ]


def satisfaction_quarter(responses: pd.DataFrame, as_of: dt.date) -> tuple[int, int] | None:
    """The last complete quarter with responses; the running one only when none has ended."""
    found = quarters_with_responses(responses)
    complete = [q for q in found if quarter_period(*q).end < as_of]
    return complete[0] if complete else (found[0] if found else None)


def satisfaction_panel(book: Workbook, as_of: dt.date) -> Panel | None:
    data = survey_data(book)
    chosen = satisfaction_quarter(data.responses, as_of) if data.codes else None
    if chosen is None:
        return None
    overall = sv.score(data.responses, data.codes, quarter_period(*chosen))
    if overall.share is None:
        return None
    body = (
        f'<div class="desk-figure">{esc(fmt_percent(overall.share))}</div>'
        f'<p class="desk-label">{esc(tr("display.satisfaction.label"))}</p>'
        f'<p class="desk-note">{esc(figure_caption(overall))}</p>'
    )
    if overall.small:
        warning = tr("survey_results.small_sample", n=overall.n, minimum=SMALL_SAMPLE)
        body += f'<p class="desk-warn">{esc(warning)}</p>'
    heading = tr("display.satisfaction.title", quarter=quarter_label(*chosen))
    return Panel("satisfaction", esc(heading), body)


def onestop_quarter(dossiers: pd.DataFrame, as_of: dt.date) -> tuple[int, int] | None:
    """This quarter when it has rows, else the latest quarter that has."""
    current = (as_of.year, (as_of.month - 1) // 3 + 1)
    if not ds.period_rows(dossiers, *current).empty:
        return current
    for year in ds.years(dossiers):
        quarters = [q for q in ds.quarters(dossiers, year) if (year, q) <= current]
        if quarters:
            return year, max(quarters)
    return None


def tile(label: str, figure: str, note: str) -> str:
    return (
        '<div class="desk-tile">'
        f'<div class="desk-number">{esc(figure)}</div>'
        f'<p class="desk-label">{esc(label)}</p>'
        f'<p class="desk-note">{esc(note)}</p>'
        "</div>"
    )


def onestop_panel(book: Workbook, as_of: dt.date) -> Panel | None:
    dossiers = book.frame("dossiers")
    chosen = onestop_quarter(dossiers, as_of)
    if chosen is None:
        return None
    totals = ds.totals(ds.period_rows(dossiers, *chosen))
    if not totals["received"] and not totals["resolved"]:
        return None
    rate, share = ds.on_time_rate(totals), ds.online_share(totals)
    n = fmt_number
    tiles = [
        tile(
            tr("display.onestop.received"),
            n(totals["received"]),
            tr(
                "display.onestop.received_note",
                new=n(totals["new"]),
                carried=n(totals["carried_over"]),
            ),
        ),
        tile(
            tr("display.onestop.resolved"),
            n(totals["resolved"]),
            tr("display.onestop.resolved_note", pending=n(totals["pending"])),
        ),
        tile(
            tr("display.onestop.on_time"),
            fmt_percent(rate.share),
            tr("display.onestop.on_time_note", good=n(rate.count), n=n(rate.n)),
        ),
        tile(
            tr("display.onestop.online"),
            fmt_percent(share.share),
            tr("display.onestop.online_note", online=n(share.count), n=n(share.n)),
        ),
    ]
    heading = tr("display.onestop.title", quarter=quarter_label(*chosen))
    return Panel("onestop", esc(heading), f'<div class="desk-tiles">{"".join(tiles)}</div>')


def slogan_panels() -> list[Panel]:
    return [Panel("slogan", esc(tr(f"display.slogan.{i}"))) for i in range(1, SLOGANS + 1)]


def build_panels(book: Workbook, as_of: dt.date) -> list[Panel]:
    """The panels of one turn, a slogan after every two panels of figures; none left empty."""
    found = [satisfaction_panel(book, as_of), onestop_panel(book, as_of)]
    figures = answer_panels(book) + [p for p in found if p is not None]
    slogans = slogan_panels()
    panels: list[Panel] = []
    for number, panel in enumerate(figures, start=1):
        panels.append(panel)
        if number % 2 == 0 and slogans:
            panels.append(slogans.pop(0))
    return panels + slogans


# --- drawing -----------------------------------------------------------------------------------


def screen_html(panel: Panel, position: int, count: int, agency: str, demo: bool) -> str:
    """One panel and the footer (agency, where in the turn, the time) as one HTML block."""
    if panel.kind == "slogan":
        section = (
            '<section class="desk-panel desk-slogan-panel" data-panel="slogan">'
            f'<h1 class="desk-slogan">{panel.heading}</h1></section>'
        )
    else:
        section = (
            f'<section class="desk-panel" data-panel="{esc(panel.kind)}">'
            f'<p class="desk-kicker">{esc(tr("display.public"))}</p>'
            f'<h1 class="desk-heading">{panel.heading}</h1>'
            f'<div class="desk-body">{panel.body}</div></section>'
        )
    now = dt.datetime.now()
    clock = tr("display.clock", time=now.strftime("%H:%M"), date=fmt_date(now.date()))
    left = " · ".join(esc(part) for part in (agency, tr("display.demo") if demo else "") if part)
    dots = "".join("●" if i == position else "○" for i in range(count))
    return (
        f'<div class="desk-screen">{section}<footer class="desk-footer">'
        f'<span class="desk-agency">{left}</span><span class="desk-dots">{dots}</span>'
        f'<span class="desk-clock">{esc(clock)}</span></footer></div>'
    )


def show_next_panel() -> None:
    """Re-read the data (the store caches), draw the panel whose turn it is, move on."""
    book = workbook()
    if book is None:
        return
    panels = build_panels(book, today())
    index = int(st.session_state.get(PANEL_KEY, 0)) % len(panels)
    st.session_state[PANEL_KEY] = index + 1
    st.html(screen_html(panels[index], index, len(panels), agency_name(book), book.has_demo_data()))


def rotating_display() -> None:
    """The TV's screen: a fragment that runs again every display_seconds, with no reload."""
    st.html(STYLE)
    st.fragment(run_every=seconds())(show_next_panel)()


# --- the page opened from the menu ---------------------------------------------------------------


def display_link() -> str:
    """The address to open on the TV: under public_url when set, else as this page was
    reached; with the language when not Vietnamese."""
    public_url = str(settings().public_url or "").strip().rstrip("/")
    if public_url:
        base = f"{public_url}/{PATH}"
    else:
        try:
            current = str(st.context.url or "")
        except Exception:  # noqa: BLE001 - no browser behind the session
            current = ""
        parts = urlsplit(current)
        path = parts.path.rstrip("/")
        if not path.endswith(f"/{PATH}"):
            path = f"{path}/{PATH}"
        base = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    query = "?display=1" + (f"&lang={lang()}" if lang() != "vi" else "")
    return base + query


def about_view() -> None:
    """What the display shows, and the link to open on the TV."""
    st.markdown(tr("display.intro", seconds=seconds()))
    st.caption(tr("display.how"))
    link = display_link()
    st.markdown(f"**{tr('display.link')}**")
    st.code(link, language=None)
    st.link_button(tr("display.open"), link, icon=":material/tv:")
