"""The Một cửa page's parts: figures, findings, charts, the public quarterly table and the entry
form for a month's numbers of one field."""

from __future__ import annotations

import html
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from reform import dossiers as ds
from reform.locale import sort_vietnamese
from reform.metrics import ROMAN
from sheets.store import Workbook
from ui.auth import current_user
from ui.charts import show_chart
from ui.context import (
    add_or_update,
    agency_name,
    escape_md,
    fmt_number,
    fmt_percent,
    lang,
    quarter_label,
    store,
    tr,
)
from ui.tables import a4_print_style, show_records

COLORS = {"early": "#2E7D32", "on_time": "#81C784", "late": "#E53935"}
CHANNEL_COLORS = {"new_online": "#1565C0", "new_direct": "#90A4AE", "new_post": "#F9A825"}
CHART_HEIGHT = 230
# Passed to st.altair_chart (through show_chart): left to its content, a chart in a column
# came out a few pixels tall. The plot, its title, legend and axis labels.
SHOWN_HEIGHT = CHART_HEIGHT + 90
FORM_COUNTER = "onestop_form_n"
SEEN = "onestop_entry_seen"  # the month and field on the form, and whether it was new
PRINT_KEY = "onestop_print"  # container key: Streamlit adds the class .st-key-<key>
OTHER_FIELD = "\u0000other"  # the "another field" choice of the picker, never a real name
LIST_CODES = ["year", "month", "procedure_field", *ds.COUNTS]
FORM_ROWS = (
    ("carried_over", "new_online", "new_direct", "new_post"),
    ("resolved_early", "resolved_on_time", "resolved_late"),
    ("pending_within", "pending_overdue", "apology_letters"),
    ("online_level3", "online_level4"),
)

# Printed from the browser, only the public table is on the sheet.
PRINT_STYLE = a4_print_style(PRINT_KEY, "onestop-public")


def field_label(code: str) -> str:
    return tr(f"field.dossiers.{code}")


def month_label(month: int) -> str:
    return tr("period.month_short", n=int(month))


def period_text(year: int, quarter: int | None) -> str:
    return quarter_label(year, quarter) if quarter else tr("onestop.year_label", year=year)


# --- figures -----------------------------------------------------------------------------------


def kpis(totals: dict[str, int], period: str) -> None:
    """On-time rate with its n and interval, online share, received, pending overdue."""
    rate, share = ds.on_time_rate(totals), ds.online_share(totals)
    cols = st.columns(4)
    low, high = rate.interval or (None, None)
    cols[0].metric(
        tr("onestop.kpi.on_time"),
        fmt_percent(rate.share),
        help=tr("onestop.kpi.on_time_help"),
        border=True,
    )
    cols[0].caption(
        tr(
            "onestop.kpi.on_time_caption",
            good=fmt_number(rate.count),
            n=fmt_number(rate.n),
            low=fmt_percent(low),
            high=fmt_percent(high),
        )
    )
    cols[1].metric(
        tr("onestop.kpi.online"),
        fmt_percent(share.share),
        help=tr("onestop.kpi.online_help"),
        border=True,
    )
    cols[1].caption(
        tr("onestop.kpi.online_caption", online=fmt_number(share.count), n=fmt_number(share.n))
    )
    cols[2].metric(tr("onestop.kpi.received"), fmt_number(totals["received"]), border=True)
    cols[2].caption(
        tr(
            "onestop.kpi.received_caption",
            carried=fmt_number(totals["carried_over"]),
            new=fmt_number(totals["new"]),
        )
    )
    cols[3].metric(
        tr("onestop.kpi.overdue"),
        fmt_number(totals["pending_overdue"]),
        help=tr("onestop.kpi.overdue_help"),
        border=True,
    )
    cols[3].caption(
        tr("onestop.kpi.overdue_caption", pending=fmt_number(totals["pending"]), period=period)
    )


def finding_text(finding: ds.Finding) -> str:
    """One failed check in a sentence naming the month, the field and the numbers."""
    numbers = {k: fmt_number(v) for k, v in finding.numbers.items()}
    for code in ("previous_month", "previous_year", "first_row"):
        if code in finding.numbers:
            numbers[code] = str(finding.numbers[code])
    text = tr(
        f"onestop.finding.{finding.kind}",
        month=finding.month,
        year=finding.year,
        field=escape_md(finding.field),
        row=finding.row or "",
        **numbers,
    )
    if finding.row and finding.kind != "duplicate":
        text += " " + tr("onestop.finding.row", row=finding.row)
    return text


def findings_view(findings: list[ds.Finding], period: str) -> None:
    """The checks that fail in the period, each in a sentence; or that every check passes."""
    if not findings:
        st.success(tr("onestop.checks.all_pass", period=period), icon=":material/task_alt:")
        return
    st.warning(
        tr("onestop.checks.failed", count=len(findings), period=period), icon=":material/rule:"
    )
    shown = findings[:50]
    st.markdown("\n".join(f"- {finding_text(f)}" for f in shown))
    if len(findings) > len(shown):
        st.caption(tr("onestop.checks.more", count=len(findings) - len(shown)))


# --- charts ------------------------------------------------------------------------------------


def rate_tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("label:N", title=tr("onestop.chart.period")),
        alt.Tooltip("on_time_rate:Q", title=tr("onestop.chart.on_time"), format=".1%"),
        alt.Tooltip("on_time_low:Q", title=tr("onestop.chart.low"), format=".1%"),
        alt.Tooltip("on_time_high:Q", title=tr("onestop.chart.high"), format=".1%"),
        alt.Tooltip("resolved:Q", title=tr("onestop.chart.resolved")),
        alt.Tooltip("online_share:Q", title=tr("onestop.chart.online"), format=".1%"),
    ]


def received_chart(by_month: pd.DataFrame) -> alt.Chart:
    """New dossiers per month, stacked by channel (online, direct, post)."""
    names = {code: field_label(code) for code in CHANNEL_COLORS}
    long = by_month.melt(
        id_vars=["month"], value_vars=list(CHANNEL_COLORS), var_name="code", value_name="count"
    )
    long["label"] = long["month"].map(month_label)
    long["channel"] = long["code"].map(names)
    long["rank"] = long["code"].map({c: i for i, c in enumerate(CHANNEL_COLORS)})
    months = [month_label(m) for m in range(1, 13)]
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("label:N", sort=months, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("count:Q", title=tr("onestop.chart.new"), stack=True),
            color=alt.Color(
                "channel:N",
                scale=alt.Scale(domain=list(names.values()), range=list(CHANNEL_COLORS.values())),
                legend=alt.Legend(title=None, orient="top", columns=2, labelLimit=220),
            ),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("label:N", title=tr("onestop.chart.period")),
                alt.Tooltip("channel:N", title=tr("onestop.chart.channel")),
                alt.Tooltip("count:Q", title=tr("onestop.chart.count")),
            ],
        )
        .properties(height=CHART_HEIGHT, title=tr("onestop.chart.received_title"))
    )


def rate_chart(table: pd.DataFrame, labels: list[str], title: str) -> alt.LayerChart:
    """On-time rate per period with its 95% interval, and the online share, both in %."""
    data = table.assign(label=labels)
    x = alt.X("label:N", sort=labels, title=None, axis=alt.Axis(labelAngle=0))
    band = (
        alt.Chart(data)
        .mark_area(opacity=0.18, color="#2E7D32")
        .encode(x=x, y="on_time_low:Q", y2="on_time_high:Q")
    )
    names = {
        "on_time_rate": tr("onestop.chart.on_time"),
        "online_share": tr("onestop.chart.online"),
    }
    long = data.melt(
        id_vars=["label", "on_time_low", "on_time_high", "resolved"],
        value_vars=list(names),
        var_name="code",
        value_name="share",
    )
    long["measure"] = long["code"].map(names)
    lines = (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y(
                "share:Q",
                title=None,
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "measure:N",
                scale=alt.Scale(domain=list(names.values()), range=["#2E7D32", "#1565C0"]),
                legend=alt.Legend(title=None, orient="top", columns=2, labelLimit=220),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=tr("onestop.chart.period")),
                alt.Tooltip("measure:N", title=tr("onestop.chart.measure")),
                alt.Tooltip("share:Q", title=tr("onestop.chart.share"), format=".1%"),
                alt.Tooltip("on_time_low:Q", title=tr("onestop.chart.low"), format=".1%"),
                alt.Tooltip("on_time_high:Q", title=tr("onestop.chart.high"), format=".1%"),
                alt.Tooltip("resolved:Q", title=tr("onestop.chart.resolved")),
            ],
        )
    )
    return (band + lines).properties(height=CHART_HEIGHT, title=title)


def field_chart(by_field: pd.DataFrame) -> alt.LayerChart:
    """On-time rate by field with its 95% interval, and each field's online share.

    Fields across, rates up: a discrete y axis does not stretch to the height given."""
    data = by_field.assign(label=by_field["procedure_field"])
    order = list(data["label"])
    x = alt.X("label:N", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelLimit=200))
    bars = (
        alt.Chart(data)
        .mark_bar(color="#81C784")
        .encode(
            x=x,
            y=alt.Y(
                "on_time_rate:Q",
                title=None,
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            tooltip=rate_tooltip(),
        )
    )
    whiskers = (
        alt.Chart(data)
        .mark_rule(color="#1B5E20", strokeWidth=2)
        .encode(x=x, y="on_time_low:Q", y2="on_time_high:Q")
    )
    online = (
        alt.Chart(data)
        .mark_point(shape="diamond", filled=True, size=110, color="#1565C0")
        .encode(x=x, y="online_share:Q", tooltip=rate_tooltip())
    )
    return (bars + whiskers + online).properties(
        height=CHART_HEIGHT, title=tr("onestop.chart.field_title")
    )


def trends_view(dossiers: pd.DataFrame, year: int) -> None:
    """By month and by quarter."""
    by_month = ds.figures_by(dossiers, year, "month")
    if by_month.empty:
        st.info(tr("onestop.empty_year", year=year))
        return
    left, right = st.columns(2, gap="large")
    with left:
        show_chart(
            received_chart(by_month), f"ho-so-tiep-nhan-theo-thang-{year}", height=SHOWN_HEIGHT
        )
    with right:
        show_chart(
            rate_chart(
                by_month,
                [month_label(m) for m in by_month["month"]],
                tr("onestop.chart.month_title"),
            ),
            f"ty-le-dung-han-theo-thang-{year}",
            height=SHOWN_HEIGHT,
        )
    by_quarter = ds.figures_by(dossiers, year, "quarter")
    left, right = st.columns(2, gap="large")
    with left:
        show_chart(
            rate_chart(
                by_quarter,
                [f"{ROMAN[q - 1]}/{year}" for q in by_quarter["quarter"]],
                tr("onestop.chart.quarter_title"),
            ),
            f"ty-le-dung-han-theo-quy-{year}",
            height=SHOWN_HEIGHT,
        )
    with right:
        st.caption(tr("onestop.chart.caption"))


def fields_view(dossiers: pd.DataFrame, year: int, quarter: int | None, period: str) -> None:
    by_field = ds.figures_by(dossiers, year, "procedure_field", quarter)
    if by_field.empty:
        st.info(tr("onestop.empty_period", period=period))
        return
    name = (
        f"ho-so-theo-linh-vuc-{year}"
        if quarter is None
        else f"ho-so-theo-linh-vuc-quy-{quarter}-{year}"
    )
    show_chart(field_chart(by_field), name, height=SHOWN_HEIGHT)
    st.caption(tr("onestop.chart.field_caption", period=period))


def rows_view(dossiers: pd.DataFrame, year: int, quarter: int | None, period: str) -> None:
    """The period's rows, month by month and field by field, as the tab holds them."""
    from ui.tables import vietnamese_order

    rows = ds.period_rows(dossiers, year, quarter)
    if rows.empty:
        st.info(tr("onestop.empty_period", period=period))
        return
    rows = rows.sort_values(["year", "month", "procedure_field"], key=vietnamese_order)
    st.caption(tr("onestop.rows.count", count=len(rows), period=period))
    show_records("dossiers", rows, LIST_CODES)


# --- the public quarterly table ----------------------------------------------------------------


def public_rows(dossiers: pd.DataFrame, year: int, quarter: int) -> list[dict[str, str]]:
    """By field, then the total: received, resolved, on time %, online share, letters."""
    by_field = ds.figures_by(dossiers, year, "procedure_field", quarter)
    all_rows = ds.totals(ds.period_rows(dossiers, year, quarter))
    out = []
    records = [*by_field.to_dict("records"), {"procedure_field": None, **all_rows}]
    for record in records:
        rate, share = ds.on_time_rate(record), ds.online_share(record)
        out.append(
            {
                "field": record["procedure_field"] or tr("onestop.public.total"),
                "received": fmt_number(record["received"]),
                "resolved": fmt_number(record["resolved"]),
                "on_time": fmt_percent(rate.share),
                "online": fmt_percent(share.share),
                "apology": fmt_number(record["apology_letters"]),
            }
        )
    return out


def public_html(book: Workbook, dossiers: pd.DataFrame, year: int, quarter: int) -> str:
    """The table for the desk's notice board and the website, escaped, no internal column."""
    rows = public_rows(dossiers, year, quarter)
    heads = ["field", "received", "resolved", "on_time", "online", "apology"]
    head = "".join(f"<th>{html.escape(tr(f'onestop.public.{h}'))}</th>" for h in heads)
    body = []
    for i, row in enumerate(rows):
        total = ' class="total"' if i == len(rows) - 1 else ""
        cells = [f"<td>{html.escape(row['field'])}</td>"]
        cells += [f'<td class="n">{html.escape(row[h])}</td>' for h in heads[1:]]
        body.append(f"<tr{total}>{''.join(cells)}</tr>")
    agency = agency_name(book)
    title = tr("onestop.public.title", quarter=quarter_label(year, quarter))
    note = tr("onestop.public.note")
    return (
        '<div class="onestop-public">'
        + (f"<p>{html.escape(agency)}</p>" if agency else "")
        + f"<h3>{html.escape(title)}</h3>"
        + f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        + f"<p>{html.escape(note)}</p></div>"
    )


def printable_document(fragment: str, title: str) -> str:
    """A standalone page of the table, for the download: its own A4 page."""
    style = PRINT_STYLE.replace("<style>", "").replace("</style>", "")
    return (
        f'<!doctype html><html lang="{lang()}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{style}"
        "body { font-family: 'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif; }"
        f"</style></head><body>{fragment}</body></html>"
    )


def public_view(book: Workbook, dossiers: pd.DataFrame, year: int, quarter: int | None) -> None:
    found = ds.quarters(dossiers, year)
    if not found:
        st.info(tr("onestop.empty_year", year=year))
        return
    chosen = st.selectbox(
        tr("onestop.public.quarter"),
        found,
        index=found.index(quarter) if quarter in found else len(found) - 1,
        format_func=lambda q: quarter_label(year, q),
        key="onestop_public_quarter",
    )
    fragment = public_html(book, dossiers, year, chosen)
    with st.container(key=PRINT_KEY):
        st.html(fragment)
    title = tr("onestop.public.title", quarter=quarter_label(year, chosen))
    st.download_button(
        tr("onestop.public.download"),
        printable_document(fragment, title),
        file_name=f"mot-cua-{year}-q{chosen}.html",
        mime="text/html",
        icon=":material/print:",
    )
    st.caption(tr("onestop.public.print_hint"))


# --- entry -------------------------------------------------------------------------------------


def known_fields(dossiers: pd.DataFrame) -> list[str]:
    return sort_vietnamese({str(f).strip() for f in dossiers["procedure_field"].dropna()} - {""})


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def entry_view(dossiers: pd.DataFrame, year: int) -> None:
    """Pick a month and a field; a new one is added, one already there is edited instead."""
    st.caption(tr("onestop.form.help"))
    top = st.columns([1, 1, 3])
    entry_year = top[0].number_input(
        tr("field.dossiers.year"), 2000, 2100, value=year, step=1, key="onestop_entry_year"
    )
    entered_months = ds.period_rows(dossiers, year)["month"].dropna()
    next_month = min(int(entered_months.max()) + 1, 12) if len(entered_months) else 1
    month = top[1].selectbox(
        tr("field.dossiers.month"),
        list(range(1, 13)),
        index=next_month - 1,  # the month after the last one typed: the one usually due
        key="onestop_entry_month",
    )
    fields = known_fields(dossiers)
    choice = top[2].selectbox(
        tr("field.dossiers.procedure_field"),
        [*fields, OTHER_FIELD],
        format_func=lambda f: tr("onestop.form.other_field") if f == OTHER_FIELD else f,
        key="onestop_entry_field",
    )
    field = choice
    if choice == OTHER_FIELD:
        field = st.text_input(tr("onestop.form.new_field"), key="onestop_entry_new_field").strip()
        if not field:
            st.info(tr("onestop.form.type_field"))
            return
    entry_year, month = int(entry_year), int(month)
    existing = ds.existing_row(dossiers, entry_year, month, field)
    chosen = (entry_year, month, ds.field_key(field))
    if existing is not None and st.session_state.get(SEEN) == (chosen, "new"):
        # Typed in the sheet while this new month was being filled in: keep the form as it
        # was, so that its save arrives, is refused and says why (not silently replaced).
        existing = None
    st.session_state[SEEN] = (chosen, "new" if existing is None else "edit")
    where = tr("onestop.form.where", month=month, year=entry_year, field=escape_md(field))
    if existing is not None:
        st.warning(tr("onestop.form.exists", where=where, row=_int(existing["_row"]) or "–"))
        values = {code: _int(existing[code]) for code in ds.COUNTS}
    else:
        st.markdown(tr("onestop.form.new", where=where))
        values = dict.fromkeys(ds.COUNTS)
        previous = ds.existing_row(dossiers, *ds.previous_month(entry_year, month), field)
        if previous is not None:  # carried over is last month's pending
            values["carried_over"] = sum(_int(previous[c]) or 0 for c in ds.PENDING)
            st.caption(tr("onestop.form.carried_from_previous"))
    number = st.session_state.get(FORM_COUNTER, 0)
    mode = "edit" if existing is not None else "new"
    with st.form(f"onestop_form_{entry_year}_{month}_{ds.field_key(field)}_{mode}_{number}"):
        entered: dict[str, int] = {}
        for codes in FORM_ROWS:
            cols = st.columns(4)
            for col, code in zip(cols, codes, strict=False):
                entered[code] = col.number_input(
                    field_label(code), min_value=0, value=values[code] or 0, step=1
                )
        confirm = st.checkbox(tr("onestop.form.confirm"))
        label = "onestop.form.update" if existing is not None else "onestop.form.save"
        if st.form_submit_button(tr(label), type="primary", icon=":material/save:"):
            record = {
                "year": entry_year,
                "month": month,
                "procedure_field": field,
                **{k: int(v) for k, v in entered.items()},
            }
            save(record, dossiers, existing, confirm)


def save(
    record: dict[str, Any], dossiers: pd.DataFrame, existing: pd.Series | None, confirm: bool
) -> None:
    """Show the checks; write only when they pass or the user confirmed the numbers."""
    others = dossiers if existing is None else dossiers[dossiers["id"] != existing["id"]]
    findings = ds.check_new_row(record, others)
    if findings:
        show = st.error if not confirm else st.warning
        show(tr("onestop.form.checks_failed"), icon=":material/rule:")
        st.markdown("\n".join(f"- {finding_text(f)}" for f in findings))
        if not confirm:
            st.info(tr("onestop.form.confirm_hint"))
            return
    where = tr(
        "onestop.form.where",
        month=record["month"],
        year=record["year"],
        field=escape_md(record["procedure_field"]),
    )
    changes = {k: v for k, v in record.items() if k in ds.COUNTS}

    def clash(fresh: Workbook) -> pd.Series | None:
        return ds.existing_row(
            fresh.frame("dossiers"), record["year"], record["month"], record["procedure_field"]
        )

    result = add_or_update(
        "dossiers",
        record,
        existing,
        changes,
        clash,
        current_user().identity,
        expected={k: _int(existing[k]) for k in changes} if existing is not None else None,
    )
    if result == "clash":
        row = clash(store().load())  # the fresh read add_or_update made
        number = _int(row["_row"]) if row is not None else None
        st.error(tr("onestop.form.duplicate", where=where, row=number or "–"))
        st.session_state.pop(SEEN, None)  # the next run offers the row for editing
    if result != "written":
        return
    st.session_state[FORM_COUNTER] = st.session_state.get(FORM_COUNTER, 0) + 1
    st.toast(tr("onestop.form.saved", where=where), icon=":material/check:")
    st.rerun()
