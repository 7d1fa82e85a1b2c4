"""Phản ánh – kiến nghị, the reading side: due-date rules from the settings, what needs
attention per unit, the filtered list, and the figures. The forms are in ui/feedback_forms.py."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import altair as alt
import holidays
import pandas as pd
import streamlit as st

from reform import feedback as fb
from reform import metrics
from reform.locale import sort_vietnamese
from reform.working_days import WorkingCalendar
from sheets import rules as rules_from
from sheets import schema as sc
from sheets.store import Workbook
from ui.auth import see_personal
from ui.charts import monthly_stack, show_chart
from ui.context import (
    escape_md,
    fmt_date,
    fmt_number,
    fmt_percent,
    lang,
    settings,
    today,
    tr,
)
from ui.tables import column_config

# Catalog codes of the tab's choices: the sheet keeps the Vietnamese value, the page shows
# it in the reader's language.
STATUS_CODES = {
    fb.NEW: "new",
    fb.IN_PROGRESS: "in_progress",
    fb.ANSWERED: "answered",
    fb.FORWARDED: "forwarded",
    fb.NOT_HANDLED: "not_handled",
}
CATEGORY_CODES = dict(
    zip(fb.CATEGORIES, ("report", "recommendation", "question", "suggestion"), strict=True)
)
CHANNEL_CODES = dict(
    zip(
        fb.CHANNELS,
        ("in_person", "phone", "email", "letter", "website", "box", "hotline"),
        strict=True,
    )
)
CODES = {"status": STATUS_CODES, "category": CATEGORY_CODES, "channel": CHANNEL_CODES}
# One colour per value, the same in every chart and every year.
COLORS = {
    "category": ("#E53935", "#1565C0", "#F9A825", "#2E7D32"),
    "channel": ("#1565C0", "#6D4C41", "#8E24AA", "#00897B", "#F9A825", "#5C6BC0", "#E53935"),
    "status": ("#F9A825", "#1565C0", "#2E7D32", "#8E24AA", "#9E9E9E"),
}
VALUES = {"category": fb.CATEGORIES, "channel": fb.CHANNELS, "status": fb.STATUSES}
CHART_HEIGHT = 220
LIST_CODES = [  # what staff look for first, then the rest; the sender's data after field
    "received_on",
    "code",
    "status",
    "due_date",
    "subject",
    "category",
    "channel",
    "procedure_field",
    "sender_org",
    "assigned_unit",
    "assignee",
    "answered_on",
    "published",
]
PERSONAL_CODES = list(fb.PERSONAL_FIELDS)


# --- settings -------------------------------------------------------------------------------


def calendar_setting_error() -> str | None:
    """What is wrong with the days_off / extra_working_days settings, if anything."""
    current = settings()
    try:
        WorkingCalendar.from_settings(current.days_off, current.extra_working_days)
    except ValueError as error:
        return str(error)
    return None


def working_calendar() -> WorkingCalendar:
    """Vietnam's working days with the settings' extra days off and worked weekend days."""
    return rules_from.working_calendar(settings())


def rules() -> fb.DueRules:
    """The due-date rules from the settings: periods in working days and the calendar."""
    return rules_from.due_rules(settings())


def max_length() -> int:
    """The longest content accepted: the setting, never more than the sheet's cell limit."""
    return min(int(settings().feedback_max_length), sc.LONG_TEXT)


def calendar_notice() -> None:
    """Say when a days-off setting cannot be read (the public holidays still count)."""
    error = calendar_setting_error()
    if error:
        st.warning(
            tr("feedback.settings.bad_days", detail=escape_md(error)), icon=":material/event_busy:"
        )


# --- words ----------------------------------------------------------------------------------


def label(kind: str, value: object) -> str:
    """A status, category or channel in the reader's language; an unknown value as written."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    code = CODES[kind].get(str(value))
    return tr(f"feedback.{kind}.{code}") if code else str(value)


def unit_label(unit: object) -> str:
    """A unit's name, or "not assigned yet"."""
    return str(unit) if isinstance(unit, str) and unit.strip() else tr("feedback.unit.none")


def code_text(code: object) -> str:
    """A lookup code as it is read aloud, K7MA-4QX9, however it was stored."""
    if code is None or (isinstance(code, float) and pd.isna(code)):
        return ""
    return fb.normalize_code(code) or str(code)


def day_text(value: object) -> str:
    """dd/mm/yyyy, or nothing for a missing date."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    return fmt_date(value)


def month_short(month: int) -> str:
    return tr(f"feedback.month_short.{month}")


def problem_message(problem: fb.Problem) -> str:
    """A domain problem as one sentence, its values formatted and any typed text escaped."""
    params: dict[str, Any] = {}
    for key, value in problem.params.items():
        if isinstance(value, (dt.date, dt.datetime)):
            params[key] = fmt_date(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            params[key] = fmt_number(value)
        elif key in ("old", "new"):
            params[key] = label("status", value)
        else:
            params[key] = escape_md("" if value is None else value)
    return tr(f"problem.{problem.key}", **params)


def holidays_between(calendar: WorkingCalendar, start: dt.date, end: dt.date) -> list[str]:
    """The days off costing a working day after start up to end: "Tết Nguyên Đán (26/01–01/02)"."""
    runs: list[tuple[dt.date, dt.date]] = []
    day = start + dt.timedelta(days=1)
    while day <= end:
        if not calendar.is_working_day(day) and day.weekday() < 5:
            # Days off joined by a weekend (Tết) are one entry.
            if runs and _all_off(calendar, runs[-1][1], day):
                runs[-1] = (runs[-1][0], day)
            else:
                runs.append((day, day))
        day += dt.timedelta(days=1)
    return [_run_text(first, last) for first, last in runs]


def _all_off(calendar: WorkingCalendar, first: dt.date, last: dt.date) -> bool:
    """Whether no working day lies strictly between first and last."""
    day = first + dt.timedelta(days=1)
    while day < last:
        if calendar.is_working_day(day):
            return False
        day += dt.timedelta(days=1)
    return True


def _run_text(first: dt.date, last: dt.date) -> str:
    """A run of days off named by its holiday: "Mùng hai Tết Nguyên Đán", "Giao thừa Tết
    Nguyên Đán" … are "Tết Nguyên Đán"; 30/4 and 1/5 in one run are both named."""
    names = []
    day = first
    while day <= last:
        name = _holiday_name(day)
        if name:
            names.append(name.split(" (")[0])
        elif day.weekday() < 5:  # a day off of the settings, not of the package
            names.append(tr("feedback.due.extra_day_off"))
        day += dt.timedelta(days=1)
    unique = list(dict.fromkeys(names))
    best = max(unique, key=lambda n: (sum(m.endswith(n) for m in names), -len(n)))
    if len(unique) > 1 and 2 * sum(m.endswith(best) for m in names) > len(names):
        title = best
    else:
        title = tr("feedback.and").join(unique)
    days = first.strftime("%d/%m") + ("" if first == last else "–" + last.strftime("%d/%m"))
    return f"{title} ({days})"


def _holiday_name(day: dt.date) -> str | None:
    return _holiday_names(day.year, lang()).get(day)


@functools.lru_cache(maxsize=32)
def _holiday_names(year: int, language: str) -> dict[dt.date, str]:
    """The package's holidays of a year, named in the reader's language."""
    code = "vi" if language == "vi" else "en_US"
    return dict(holidays.Vietnam(years=year, language=code).items())


# --- units ----------------------------------------------------------------------------------


def unit_names(book: Workbook, frame: pd.DataFrame) -> list[str]:
    """The active units of the Đơn vị tab, and any unit already assigned, in Vietnamese order."""
    units = book.frame("units")
    active = units[units["active"].fillna(True).astype(bool)]["name"].dropna().tolist()
    assigned = frame["assigned_unit"].dropna().tolist() if "assigned_unit" in frame else []
    return sort_vietnamese({str(u).strip() for u in [*active, *assigned] if str(u).strip()})


# --- needs attention ------------------------------------------------------------------------


def left_text(row: pd.Series) -> str:
    """ "Quá hạn 3 ngày làm việc", "Đến hạn hôm nay", "Còn 2 ngày làm việc"."""
    days = int(row["working_days_left"])
    if row["state"] == "overdue":
        return tr("feedback.attention.late", days=fmt_number(max(1, -days)))
    if days == 0:
        return tr("feedback.attention.today")
    return tr("feedback.attention.left", days=fmt_number(days))


def attention_view(frame: pd.DataFrame) -> None:
    """The open items overdue or due soon: counts per unit, then each item, most late first."""
    as_of = today()
    horizon = int(settings().feedback_due_soon_days)
    current = rules()
    st.subheader(tr("feedback.attention.title", date=fmt_date(as_of)))
    items = fb.attention_items(frame, as_of, horizon, current)
    if items.empty:
        st.success(tr("feedback.attention.none", days=horizon), icon=":material/check_circle:")
        st.caption(tr("feedback.attention.caption", days=horizon))
        return
    by_unit = fb.attention_by_unit(frame, as_of, horizon, current)
    units = pd.DataFrame(
        {
            tr("feedback.attention.unit"): by_unit["unit"].map(unit_label),
            tr("feedback.attention.overdue"): by_unit["overdue"],
            tr("feedback.attention.due_soon"): by_unit["due_soon"],
            tr("feedback.attention.most_late"): [
                fmt_number(v) if v else "" for v in by_unit["most_overdue_days"]
            ],
        }
    )
    st.dataframe(units, hide_index=True)
    table = pd.DataFrame(
        {
            "code": items["code"].map(code_text),
            "left": items.apply(left_text, axis=1),
            "due_date": items["due"].map(day_text),
            "subject": items["subject"].fillna(""),
            "assigned_unit": items["assigned_unit"].map(unit_label),
            "assignee": items["assignee"].fillna(""),
            "status": items["status"].map(lambda v: label("status", v)),
        }
    )
    config = column_config("feedback", [c for c in table.columns if c != "left"])
    config["left"] = st.column_config.TextColumn(tr("feedback.attention.left_column"))
    st.dataframe(table, hide_index=True, column_config=config, width="stretch")
    st.caption(tr("feedback.attention.caption", days=horizon))


# --- the list -------------------------------------------------------------------------------


def list_view(frame: pd.DataFrame) -> None:
    """Every item, newest first, filtered; the sender's data only for those allowed to see it."""
    if frame.empty:
        st.info(tr("feedback.list.empty"))
        return
    received = pd.to_datetime(frame["received_on"])
    everyone = tr("feedback.filter.all")
    cols = st.columns([3, 3, 3, 2])
    statuses = cols[0].multiselect(
        tr("field.feedback.status"),
        list(fb.STATUSES),
        format_func=lambda v: label("status", v),
        key="feedback_filter_status",
        placeholder=everyone,
    )
    categories = cols[1].multiselect(
        tr("field.feedback.category"),
        list(fb.CATEGORIES),
        format_func=lambda v: label("category", v),
        key="feedback_filter_category",
        placeholder=everyone,
    )
    present = frame["assigned_unit"].map(lambda u: u.strip() if isinstance(u, str) else "")
    units = sort_vietnamese(set(present) - {""})
    unit = cols[2].selectbox(
        tr("field.feedback.assigned_unit"),
        [None, *units, ""] if (present == "").any() else [None, *units],
        format_func=lambda u: everyone if u is None else unit_label(u),
        key="feedback_filter_unit",
    )
    months = sorted({(d.year, d.month) for d in received.dropna()}, reverse=True)
    month = cols[3].selectbox(
        tr("feedback.filter.month"),
        [None, *months],
        format_func=lambda m: everyone if m is None else f"{m[1]:02d}/{m[0]}",
        key="feedback_filter_month",
    )
    keep = pd.Series(True, index=frame.index)
    if statuses:
        keep &= frame["status"].isin(statuses)
    if categories:
        keep &= frame["category"].isin(categories)
    if unit is not None:
        keep &= present == unit
    if month is not None:
        keep &= (received.dt.year == month[0]) & (received.dt.month == month[1])
    shown = (
        frame[keep]
        .assign(_received=received[keep])
        .sort_values(["_received", "_row"], ascending=False)
    )
    st.caption(tr("feedback.list.count", shown=len(shown), total=len(frame)))
    if shown.empty:
        st.info(tr("feedback.list.none"))
        return
    personal = see_personal()
    codes = LIST_CODES[:8] + (PERSONAL_CODES if personal else []) + LIST_CODES[8:]
    current = rules()
    table = pd.DataFrame(index=shown.index)
    for code in codes:
        if code in ("received_on", "answered_on"):
            table[code] = shown[code].map(day_text)
        elif code == "due_date":
            table[code] = [day_text(fb.due_for(r, current)) for r in shown.to_dict("records")]
        elif code == "code":
            table[code] = shown[code].map(code_text)
        elif code in CODES:
            table[code] = shown[code].map(lambda v, kind=code: label(kind, v))
        elif code == "published":
            table[code] = shown[code].fillna(False).astype(bool)
        else:
            table[code] = shown[code].fillna("").astype(str)
    chosen = st.dataframe(
        table,
        hide_index=True,
        column_config=column_config("feedback", codes),
        on_select="rerun",
        selection_mode="single-row",
        key="feedback_list_table",
    )
    if not personal:
        st.caption(tr("feedback.list.personal_hidden"))
    rows = chosen.selection.rows if chosen is not None else []
    if rows:
        detail(shown.iloc[rows[0]], personal)
    else:
        st.caption(tr("feedback.list.pick"))


def detail(row: pd.Series, personal: bool) -> None:
    """One item in full: its content, the handling and the answer, all shown escaped."""
    published = bool(row["published"]) if pd.notna(row["published"]) else False
    codes = ["content", *(PERSONAL_CODES if personal else []), "answer", "answered_by"]
    codes += ["answer_doc_no", "reason", *(["public_content"] if published else [])]
    head = [code_text(row["code"]), text_of(row["subject"]), label("status", row["status"])]
    lines = [" · ".join(escape_md(h) for h in head if h)]
    lines += [
        f"**{tr(f'field.feedback.{c}')}:** {escape_md(text_of(row[c]))}"
        for c in codes
        if text_of(row[c])
    ]
    with st.container(border=True):
        st.markdown("\n\n".join(lines))


def text_of(value: object) -> str:
    """A cell's text; nothing for an empty cell."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


# --- figures --------------------------------------------------------------------------------


def received_chart(data: pd.DataFrame, kind: str) -> alt.Chart:
    """Items received per month, stacked by category or by channel."""
    months = [month_short(m) for m in range(1, 13)]
    data = data.assign(
        label=data["month"].map(month_short),
        name=data["value"].map(lambda v: label(kind, v) or tr("feedback.figures.no_value")),
    )
    known = [label(kind, v) for v in VALUES[kind]]
    extra = [n for n in dict.fromkeys(data["name"]) if n not in known]
    return monthly_stack(
        data[data["count"] > 0],
        months,
        alt.Color(
            "name:N",
            scale=alt.Scale(
                domain=known + extra, range=list(COLORS[kind]) + ["#BDBDBD"] * len(extra)
            ),
            legend=alt.Legend(title=None, orient="right", labelLimit=130),
        ),
        tr("feedback.figures.axis"),
        [
            alt.Tooltip("label:N", title=tr("feedback.figures.month")),
            alt.Tooltip("name:N", title=tr(f"field.feedback.{kind}")),
            alt.Tooltip("count:Q", title=tr("feedback.figures.count")),
        ],
        CHART_HEIGHT,
    )


def open_chart(data: pd.DataFrame) -> alt.Chart:
    """Open items per unit, stacked by status."""
    data = data.assign(
        unit_name=data["unit"].map(unit_label),
        name=data["status"].map(lambda v: label("status", v)),
    )
    order = list(dict.fromkeys(data["unit_name"]))
    return (
        alt.Chart(data)
        .mark_bar(height=18)
        .encode(
            y=alt.Y("unit_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=220)),
            x=alt.X(
                "count:Q",
                title=tr("feedback.figures.axis"),
                stack=True,
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=alt.Color(
                "name:N",
                # Only the open statuses: a closed one never has a bar here.
                scale=alt.Scale(
                    domain=[label("status", v) for v in fb.OPEN], range=list(COLORS["status"][:2])
                ),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("unit_name:N", title=tr("field.feedback.assigned_unit")),
                alt.Tooltip("name:N", title=tr("field.feedback.status")),
                alt.Tooltip("count:Q", title=tr("feedback.figures.count")),
            ],
        )
        # The bars, and room for the legend above and the axis with its title below.
        .properties(height=34 * len(order) + 110)
    )


def received_table(data: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The chart's numbers: one row per value, one column per month, and the year's total."""
    grid = data.pivot_table(
        index="value", columns="month", values="count", aggfunc="sum", sort=False
    ).reindex(columns=range(1, 13), fill_value=0)
    grid = grid[grid.sum(axis=1) > 0]
    table = pd.DataFrame({tr(f"field.feedback.{kind}"): [label(kind, v) for v in grid.index]})
    for month in range(1, 13):
        table[month_short(month)] = grid[month].astype(int).to_numpy()
    table[tr("feedback.figures.total")] = grid.sum(axis=1).astype(int).to_numpy()
    return table


def figure_years(frame: pd.DataFrame) -> list[int]:
    """The years items were received in, newest first."""
    received = pd.to_datetime(frame["received_on"]).dropna()
    return sorted({int(y) for y in received.dt.year}, reverse=True)


def year_items(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """The items received in the year."""
    received = pd.to_datetime(frame["received_on"])
    return frame[(received.dt.year == year).fillna(False).astype(bool)]


def figures_view(frame: pd.DataFrame) -> None:
    """Received per month by category and channel, open items, handling time, on time."""
    years = figure_years(frame)
    if not years:
        st.info(tr("feedback.list.empty"))
        return
    head, picker = st.columns([4, 1], vertical_alignment="bottom")
    year = int(picker.selectbox(tr("feedback.figures.year"), years, key="feedback_year"))
    as_of = metrics.as_of_for_year(year, today())
    head.caption(tr("feedback.figures.as_of", year=year, date=fmt_date(as_of)))
    current = rules()
    items = year_items(frame, year)
    median = fb.median_handling_days(items, current)
    answered = len(fb.handling_days(items, current))
    share = fb.on_time_share(frame, year, as_of, current)
    cols = st.columns(3)
    cols[0].metric(tr("feedback.figures.received"), fmt_number(len(items)))
    cols[0].caption(tr("feedback.figures.received_caption", year=year))
    cols[1].metric(
        tr("feedback.figures.median"),
        "—" if median is None else tr("feedback.figures.days", days=fmt_number(median, 1)),
        help=tr("feedback.figures.median_help"),
    )
    cols[1].caption(tr("feedback.figures.median_caption", n=fmt_number(answered)))
    cols[2].metric(
        tr("feedback.figures.on_time"),
        fmt_percent(share.share),
        help=tr("feedback.figures.on_time_help"),
    )
    if share.interval:
        low, high = share.interval
        cols[2].caption(
            tr(
                "feedback.figures.on_time_caption",
                n=fmt_number(share.n),
                on_time=fmt_number(share.on_time),
                low=fmt_percent(low),
                high=fmt_percent(high),
            )
        )
    else:
        cols[2].caption(tr("feedback.figures.on_time_none"))
    received = fb.received_by_month(frame, year)
    left, right = st.columns(2, gap="large")
    png_names = {"category": "phan-anh-theo-loai", "channel": "phan-anh-theo-kenh"}
    for column, kind in ((left, "category"), (right, "channel")):
        with column:
            st.subheader(tr(f"feedback.figures.by_{kind}"))
            data = received[received["dimension"] == kind]
            show_chart(received_chart(data, kind), f"{png_names[kind]}-{year}")
            with st.expander(tr("feedback.figures.numbers")):
                st.dataframe(received_table(data, kind), hide_index=True)
    st.subheader(tr("feedback.figures.open_title", year=year))
    opened = fb.open_by_status_and_unit(items)
    if opened.empty:
        st.success(tr("feedback.figures.open_none", year=year), icon=":material/check_circle:")
    else:
        show_chart(open_chart(opened), f"phan-anh-dang-mo-{year}")
        with st.expander(tr("feedback.figures.numbers")):
            st.dataframe(
                pd.DataFrame(
                    {
                        tr("field.feedback.assigned_unit"): opened["unit"].map(unit_label),
                        tr("field.feedback.status"): opened["status"].map(
                            lambda v: label("status", v)
                        ),
                        tr("feedback.figures.count"): opened["count"],
                    }
                ),
                hide_index=True,
            )
    st.caption(tr("feedback.figures.caption", days=current.answer_days))
