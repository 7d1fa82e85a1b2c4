"""Chỉ số: the yearly indices (PAR INDEX, SIPAS, PCI, PAPI, DDCI …) of the department and the
province, their scores and ranks over the years, the publication view for a year, and entry."""

from __future__ import annotations

import html
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from reform import indices as ix
from sheets.schema import INDEX_SCOPES
from ui.auth import current_user, may
from ui.charts import show_chart
from ui.context import (
    add_or_update,
    agency_name,
    demo_notice,
    escape_md,
    fmt_number,
    lang,
    page_title,
    problems_notice,
    today,
    tr,
    workbook,
)
from ui.router import start_page
from ui.tables import a4_print_style, show_records

start_page("indices")

FORM_COUNTER = "indices_form_n"
SEEN = "indices_entry_seen"  # the year, index and scope on the form, and whether it was new
PRINT_KEY = "indices_print"  # container key: Streamlit adds the class .st-key-<key>
OTHER = "\u0000other"  # the "another index" choice, never a real name
CHART_HEIGHT = 240
TABLE_CODES = ["index_name", "scope", "score", "max_score", "rank", "ranked_units", "source_url"]

# Printed from the browser, only the publication is on the sheet.
PRINT_STYLE = a4_print_style(PRINT_KEY, "indices-public")


def scope_label(scope: str) -> str:
    code = {"Sở": "department", "Tỉnh": "province"}.get(scope)
    return tr(f"indices.scope.{code}") if code else scope


def series_label(name: str, scope: str) -> str:
    return f"{name} ({scope_label(scope)})"


def score_text(score: object, top: object) -> str:
    if score is None or pd.isna(score):
        return "–"
    text = fmt_number(float(score), 2)
    decimal = "," if lang() == "vi" else "."
    if decimal in text:  # 86,40 → 86,4 and 100,00 → 100
        text = text.rstrip("0").removesuffix(decimal)
    if top is None or pd.isna(top):
        return text
    return f"{text}/{fmt_number(float(top))}"


def rank_text(rank: object, units: object) -> str:
    if rank is None or pd.isna(rank):
        return "–"
    if units is None or pd.isna(units):
        return str(int(rank))
    return tr("indices.rank_of", rank=int(rank), units=int(units))


def change_text(places: object) -> str:
    if places is None or pd.isna(places):
        return "–"
    if int(places) > 0:
        return tr("indices.change.up", n=int(places))
    if int(places) < 0:
        return tr("indices.change.down", n=-int(places))
    return tr("indices.change.same")


# --- the year's table ----------------------------------------------------------------------------


def year_view(indices: pd.DataFrame, year: int) -> None:
    rows = ix.year_rows(indices, year)
    if rows.empty:
        st.info(tr("indices.empty_year", year=year))
        return
    rows = rows.assign(scope=rows["scope"].map(scope_label))
    show_records("indices", rows, TABLE_CODES)


# --- charts ------------------------------------------------------------------------------------


def chart_data(indices: pd.DataFrame) -> pd.DataFrame:
    data = ix.series(indices)
    return data.assign(
        series=[series_label(n, s) for n, s in zip(data["index_name"], data["scope"], strict=True)],
        year_text=data["year"].astype(str),
        rank_of=[rank_text(r, u) for r, u in zip(data["rank"], data["ranked_units"], strict=True)],
        score_of=[score_text(v, t) for v, t in zip(data["score"], data["max_score"], strict=True)],
    )


def tooltips() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("series:N", title=tr("indices.chart.index")),
        alt.Tooltip("year_text:N", title=tr("field.indices.year")),
        alt.Tooltip("score_of:N", title=tr("field.indices.score")),
        alt.Tooltip("score_share:Q", title=tr("indices.chart.share"), format=".1%"),
        alt.Tooltip("rank_of:N", title=tr("field.indices.rank")),
    ]


def score_chart(data: pd.DataFrame, years: list[str]) -> alt.Chart:
    """Each index's score as a share of its maximum, over the years."""
    return (
        alt.Chart(data.dropna(subset=["score_share"]))
        .mark_line(point=alt.OverlayMarkDef(size=60))
        .encode(
            x=alt.X("year_text:N", sort=years, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "score_share:Q",
                title=tr("indices.chart.share"),
                axis=alt.Axis(format="%"),
                scale=alt.Scale(zero=False),
            ),
            color=alt.Color("series:N", legend=alt.Legend(title=None, orient="bottom", columns=2)),
            tooltip=tooltips(),
        )
        .properties(height=CHART_HEIGHT, title=tr("indices.chart.score_title"))
    )


def rank_chart(data: pd.DataFrame, years: list[str]) -> alt.Chart:
    """Each index's rank over the years, rank 1 at the top: up is better."""
    ranked = data.dropna(subset=["rank"]).assign(rank=lambda d: d["rank"].astype(int))
    return (
        alt.Chart(ranked)
        .mark_line(point=alt.OverlayMarkDef(size=60))
        .encode(
            x=alt.X("year_text:N", sort=years, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "rank:Q",
                title=tr("indices.chart.rank_axis"),
                scale=alt.Scale(reverse=True, zero=False, domainMin=1),
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
            color=alt.Color("series:N", legend=alt.Legend(title=None, orient="bottom", columns=2)),
            tooltip=tooltips(),
        )
        .properties(height=CHART_HEIGHT, title=tr("indices.chart.rank_title"))
    )


def charts_view(indices: pd.DataFrame) -> None:
    data = chart_data(indices)
    if data.empty:
        return
    years = sorted(set(data["year_text"]))
    left, right = st.columns(2, gap="large")
    # An explicit height: left to its content, a chart in a column came out a few pixels tall.
    span = years[0] if len(years) == 1 else f"{years[0]}-{years[-1]}"
    with left:
        show_chart(score_chart(data, years), f"diem-chi-so-{span}", height=CHART_HEIGHT + 130)
    with right:
        show_chart(rank_chart(data, years), f"xep-hang-chi-so-{span}", height=CHART_HEIGHT + 130)
    st.caption(tr("indices.chart.caption"))


# --- publication -------------------------------------------------------------------------------


def publication_html(book: Any, indices: pd.DataFrame, year: int) -> str:
    """The year's indices as published: the department's, then the province's; escaped."""
    rows = ix.publication(indices, year)
    heads = ["index", "score", "rank", "previous", "change", "source"]
    head = "".join(
        f"<th>{html.escape(tr(f'indices.public.{h}', year=year - 1))}</th>" for h in heads
    )
    parts = []
    agency = agency_name(book)
    if agency:
        parts.append(f"<p>{html.escape(agency)}</p>")
    parts.append(f"<h3>{html.escape(tr('indices.public.title', year=year))}</h3>")
    for scope in [*ix.SCOPES, *sorted(set(rows["scope"]) - set(ix.SCOPES))]:
        part = rows[rows["scope"] == scope]
        if part.empty:
            continue
        parts.append(
            f"<h4>{html.escape(tr('indices.public.scope', scope=scope_label(scope)))}</h4>"
        )
        body = []
        for _, row in part.iterrows():
            places = row["places_up"]
            css = (
                ""
                if places is None or pd.isna(places) or places == 0
                else ("up" if places > 0 else "down")
            )
            previous = (
                f"{score_text(row['previous_score'], row['max_score'])}; "
                f"{rank_text(row['previous_rank'], row['previous_ranked_units'])}"
                if row["previous_score"] is not None and not pd.isna(row["previous_score"])
                else "–"
            )
            url = str(row["source_url"] or "").strip()
            text = html.escape(tr("indices.public.link"))
            link = (
                f'<a href="{html.escape(url, quote=True)}">{text}</a>'
                if url.startswith(("http://", "https://"))
                else ""
            )
            body.append(
                "<tr>"
                f"<td>{html.escape(row['index_name'])}</td>"
                f'<td class="n">{html.escape(score_text(row["score"], row["max_score"]))}</td>'
                f'<td class="n">{html.escape(rank_text(row["rank"], row["ranked_units"]))}</td>'
                f'<td class="n">{html.escape(previous)}</td>'
                f'<td class="n {css}">{html.escape(change_text(places))}</td>'
                f"<td>{link}</td>"
                "</tr>"
            )
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
    parts.append(f"<p>{html.escape(tr('indices.public.note'))}</p>")
    return '<div class="indices-public">' + "".join(parts) + "</div>"


def publication_view(book: Any, indices: pd.DataFrame, years: list[int], shown: int) -> None:
    year = st.selectbox(
        tr("indices.public.year"),
        years,
        index=years.index(shown) if shown in years else 0,
        key="indices_public_year",
    )
    st.caption(tr("indices.public.deadline", year=year, next=year + 1))
    if ix.year_rows(indices, year).empty:
        st.info(tr("indices.empty_year", year=year))
        return
    fragment = publication_html(book, indices, year)
    with st.container(key=PRINT_KEY):
        st.html(fragment)
    style = PRINT_STYLE.replace("<style>", "").replace("</style>", "")
    title = tr("indices.public.title", year=year)
    document = (
        f'<!doctype html><html lang="{lang()}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{style}"
        "body { font-family: 'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif; }"
        f"</style></head><body>{fragment}</body></html>"
    )
    st.download_button(
        tr("indices.public.download"),
        document,
        file_name=f"chi-so-{year}.html",
        mime="text/html",
        icon=":material/print:",
    )
    st.caption(tr("indices.public.print_hint"))


# --- entry -------------------------------------------------------------------------------------


def entry_view(indices: pd.DataFrame, year: int) -> None:
    """One index of one year and scope; one already there is edited instead of added."""
    st.caption(tr("indices.form.help"))
    top = st.columns([1, 2, 1])
    entry_year = int(
        top[0].number_input(
            tr("field.indices.year"), 2000, 2100, value=year, step=1, key="indices_entry_year"
        )
    )
    known = [n for n in ix.series(indices)["index_name"].unique() if n not in ix.COMMON_INDICES]
    choice = top[1].selectbox(
        tr("field.indices.index_name"),
        [*ix.COMMON_INDICES, *known, OTHER],
        format_func=lambda n: tr("indices.form.other") if n == OTHER else n,
        key="indices_entry_name",
    )
    scope = top[2].selectbox(
        tr("field.indices.scope"),
        list(INDEX_SCOPES),
        format_func=scope_label,
        key="indices_entry_scope",
    )
    name = choice
    if choice == OTHER:
        name = ix.index_name(st.text_input(tr("indices.form.name"), key="indices_entry_other"))
        if not name:
            st.info(tr("indices.form.type_name"))
            return
    existing = ix.existing_row(indices, entry_year, name, scope)
    chosen = (entry_year, name, scope)
    if existing is not None and st.session_state.get(SEEN) == (chosen, "new"):
        existing = None  # entered elsewhere meanwhile: the save is refused and says why
    st.session_state[SEEN] = (chosen, "new" if existing is None else "edit")
    where = tr(
        "indices.form.where", name=escape_md(name), scope=scope_label(scope), year=entry_year
    )
    if existing is not None:
        st.warning(tr("indices.form.exists", where=where))
    values = {} if existing is None else existing.to_dict()

    def value(code: str) -> Any:
        v = values.get(code)
        return None if v is None or pd.isna(v) else v

    number = st.session_state.get(FORM_COUNTER, 0)
    mode = "edit" if existing is not None else "new"
    with st.form(f"indices_form_{entry_year}_{name}_{scope}_{mode}_{number}"):
        cols = st.columns(4)
        score = cols[0].number_input(
            tr("field.indices.score"), min_value=0.0, value=value("score"), format="%.2f"
        )
        top_score = cols[1].number_input(
            tr("field.indices.max_score"),
            min_value=0.0,
            value=value("max_score") or 100.0,
            format="%.2f",
        )
        rank = cols[2].number_input(
            tr("field.indices.rank"), min_value=1, value=value("rank"), step=1
        )
        units = cols[3].number_input(
            tr("field.indices.ranked_units"), min_value=1, value=value("ranked_units"), step=1
        )
        source = st.text_input(
            tr("field.indices.source_url"),
            value=value("source_url") or "",
            placeholder="https://…",
        )
        label = "indices.form.update" if existing is not None else "indices.form.save"
        if st.form_submit_button(tr(label), type="primary", icon=":material/save:"):
            record = {
                "year": entry_year,
                "index_name": name,
                "scope": scope,
                "score": None if score is None else float(score),
                "max_score": None if top_score is None else float(top_score),
                "rank": None if rank is None else int(rank),
                "ranked_units": None if units is None else int(units),
                "source_url": source.strip() or None,
            }
            save(record, existing, where)


def save(record: dict[str, Any], existing: pd.Series | None, where: str) -> None:
    problems = ix.check_entry(record)
    for kind in problems:
        st.error(tr(f"indices.invalid.{kind}"))
    if problems:
        return
    result = add_or_update(
        "indices",
        record,
        existing,
        {k: v for k, v in record.items() if k not in ("year", "index_name", "scope")},
        lambda fresh: ix.existing_row(
            fresh.frame("indices"), record["year"], record["index_name"], record["scope"]
        ),
        current_user().identity,
    )
    if result == "clash":
        st.error(tr("indices.form.duplicate", where=where))
        st.session_state.pop(SEEN, None)  # the next run offers the row for editing
    if result != "written":
        return
    st.session_state[FORM_COUNTER] = st.session_state.get(FORM_COUNTER, 0) + 1
    st.toast(tr("indices.form.saved", where=where), icon=":material/check:")
    st.rerun()


# --- the page ----------------------------------------------------------------------------------


def main() -> None:
    head, picker = st.columns([5, 1], vertical_alignment="bottom")
    with head:
        page_title("indices")
    book = workbook()
    if book is None:
        return
    st.html(PRINT_STYLE)
    indices = book.frame("indices")
    writer = may("write")
    found = ix.years(indices)
    years = sorted(set(found) | ({today().year - 1} if writer else set()), reverse=True)
    if not years:
        st.info(tr("indices.empty"))
        return
    with picker:
        year = st.selectbox(
            tr("indices.year"),
            years,
            index=years.index(found[0]) if found else 0,
            key="indices_year",
        )
    demo_notice(book)
    problems_notice(book)
    names = ["overview", "publication", *(["entry"] if writer else [])]
    tabs = dict(zip(names, st.tabs([tr(f"indices.tab.{n}") for n in names]), strict=True))
    with tabs["overview"]:
        st.subheader(tr("indices.year_title", year=year))
        year_view(indices, year)
        charts_view(indices)
    with tabs["publication"]:
        publication_view(book, indices, found or years, year)
    if writer:
        with tabs["entry"]:
            entry_view(indices, year)


main()
