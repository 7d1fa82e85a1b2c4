"""Dữ liệu: data health, every tab as stored, in-place edits, import/export, demo data."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pandas as pd
import streamlit as st

from sheets import ConflictError, StoreError, ValidationError, transfer
from sheets import schema as sc
from sheets.store import Workbook
from sheets.table import map_columns
from sheets.values import CellError, parse_cell
from ui.auth import current_user, may
from ui.context import escape_md, fmt_date, lang, page_title, problem_text, store, tr, workbook
from ui.router import start_page

start_page("data")


def health(book: Workbook) -> None:
    """Rows per tab, rows left out of the figures, and every problem found."""
    st.subheader(tr("data.health"))
    rows = []
    for key, parsed in book.tabs.items():
        rows.append(
            {
                tr("data.col.tab"): tr(f"tab.{key}"),
                tr("data.col.rows"): parsed.row_count,
                tr("data.col.bad_rows"): len(parsed.bad_rows),
                tr("data.col.problems"): len(parsed.problems),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    problems = book.problems
    if not problems:
        st.success(tr("data.no_problems"), icon=":material/check_circle:")
        return
    errors = sum(p.is_error for p in problems)
    st.warning(
        tr("data.problem_summary", errors=errors, warnings=len(problems) - errors),
        icon=":material/warning:",
    )
    backend = store().backend
    sheet_ids = {parsed.schema.name: parsed.sheet_id for parsed in book.tabs.values()}
    links = {p: backend.cell_url(sheet_ids.get(p.tab), p.cell) for p in problems}
    rows = [
        {
            tr("data.col.severity"): tr(f"problem.severity.{p.severity}"),
            tr("data.col.tab"): p.tab,
            tr("data.col.row"): p.row,
            tr("data.col.cell"): p.cell,
            tr("data.col.message"): problem_text(p),
            **({tr("data.col.link"): links[p]} if any(links.values()) else {}),
        }
        for p in problems
    ]
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        column_config={
            tr("data.col.message"): st.column_config.TextColumn(width="large"),
            tr("data.col.link"): st.column_config.LinkColumn(display_text=tr("data.open_cell")),
        },
    )


def cell_text(field: sc.Field | None, raw: Any) -> str:
    """A stored cell as a person would type it: dates dd/mm/yyyy, decimal comma in Vietnamese."""
    if raw is None or raw == "":
        return ""
    if field is None:
        return str(raw)
    try:
        value = parse_cell(field, raw)
    except CellError:
        return str(raw)
    if value is None:
        return ""
    if isinstance(value, bool):
        return tr("common.yes") if value else tr("common.no")
    if isinstance(value, (dt.date, dt.datetime)):
        return (
            fmt_date(value)
            if field.type == sc.FieldType.DATE
            else value.strftime("%d/%m/%Y %H:%M:%S")
        )
    if isinstance(value, float):
        text = repr(value).removesuffix(".0")
        return text.replace(".", ",") if lang() == "vi" else text
    return str(value)


def editable_grid(key: str) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """The tab as text cells, the header → field code map, and the read-only headers."""
    schema = sc.tab(key)
    raw = store().raw(key)
    columns, _ = map_columns(schema, list(raw.columns))
    code_by_header = {str(raw.columns[i]): code for code, i in columns.index_by_code.items()}
    grid = pd.DataFrame(index=raw.index)
    for header in raw.columns:
        code = code_by_header.get(str(header))
        field = schema.field(code) if code else None
        grid[header] = [cell_text(field, v) for v in raw[header]]
    locked = [
        h
        for h in grid.columns
        if code_by_header.get(str(h)) in (None, "id", "version", "updated_at")
    ]
    return grid, code_by_header, locked


def save_edits(
    key: str, before: pd.DataFrame, after: pd.DataFrame, code_by_header: dict[str, str]
) -> list[tuple[str, str]]:
    """Write each changed row through the row-level API; say what happened to each."""
    schema = sc.tab(key)
    messages: list[tuple[str, str]] = []
    id_header = next((h for h, c in code_by_header.items() if c == "id"), None)
    version_header = next((h for h, c in code_by_header.items() if c == "version"), None)
    saved = 0
    for row_number in after.index:
        changes = {
            code_by_header[h]: after.at[row_number, h]
            for h in after.columns
            if h in code_by_header and after.at[row_number, h] != before.at[row_number, h]
        }
        if not changes:
            continue
        record_id = before.at[row_number, id_header] if id_header else ""
        if not record_id:
            messages.append(("error", tr("data.edit.no_id", row=row_number)))
            continue
        version_text = before.at[row_number, version_header] if version_header else ""
        expected = int(version_text) if str(version_text).isdigit() else None
        # What the user saw: a colleague who typed in the sheet meanwhile is a conflict too.
        seen = {
            code: before.at[row_number, h] for h, code in code_by_header.items() if code in changes
        }
        try:
            store().update(
                key,
                record_id,
                changes,
                expected_version=expected,
                expected=seen,
                actor=current_user().identity,
            )
            saved += 1
        except ConflictError as error:
            remember_conflict(key, record_id, row_number, changes, error)
            messages.append(("error", tr("data.edit.conflict", row=row_number, tab=schema.name)))
        except ValidationError as error:
            messages += [
                ("error", tr("data.edit.row", row=row_number) + " " + problem_text(p))
                for p in error.problems
            ]
        except StoreError as error:
            messages.append(
                (
                    "error",
                    tr("data.edit.row", row=row_number)
                    + " "
                    + tr(f"error.{error.kind}", **error.params),
                )
            )
    if saved:
        messages.append(("success", tr("data.edit.saved", count=saved)))
    return messages


CONFLICTS = "data_conflicts"


def remember_conflict(
    key: str, record_id: str, row: int, mine: dict[str, Any], error: ConflictError
) -> None:
    """Keep both versions, so the user can look at them and choose."""
    current = error.current
    pending = [c for c in st.session_state.get(CONFLICTS, []) if c["id"] != record_id]
    pending.append(
        {
            "key": key,
            "id": record_id,
            "row": row,
            "mine": mine,
            "theirs": {code: current.get(code) for code in mine},
            "version": current.get("version"),
        }
    )
    st.session_state[CONFLICTS] = pending


def conflicts_panel(key: str) -> None:
    """Each conflict: your values beside the sheet's, and a choice between them."""
    pending = [c for c in st.session_state.get(CONFLICTS, []) if c["key"] == key]
    schema = sc.tab(key)
    for conflict in pending:
        with st.container(border=True):
            st.warning(
                tr("data.conflict.title", row=conflict["row"]), icon=":material/sync_problem:"
            )
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            tr("data.conflict.field"): tr(f"field.{key}.{code}"),
                            tr("data.conflict.mine"): str(value),
                            tr("data.conflict.theirs"): cell_text(
                                schema.field(code), conflict["theirs"].get(code)
                            ),
                        }
                        for code, value in conflict["mine"].items()
                    ]
                ),
                hide_index=True,
            )
            mine, theirs = st.columns(2)
            if mine.button(tr("data.conflict.keep_mine"), key=f"keep_mine_{conflict['id']}"):
                resolve_conflict(conflict, keep_mine=True)
            if theirs.button(tr("data.conflict.keep_theirs"), key=f"keep_theirs_{conflict['id']}"):
                resolve_conflict(conflict, keep_mine=False)


def resolve_conflict(conflict: dict[str, Any], keep_mine: bool) -> None:
    """Write the user's values over the current version, or drop them."""
    st.session_state[CONFLICTS] = [
        c for c in st.session_state.get(CONFLICTS, []) if c["id"] != conflict["id"]
    ]
    if keep_mine:
        try:
            store().update(
                conflict["key"],
                conflict["id"],
                conflict["mine"],
                expected_version=conflict["version"],
                actor=current_user().identity,
            )
        except ConflictError as error:  # changed once more in the meantime: choose again
            remember_conflict(
                conflict["key"], conflict["id"], conflict["row"], conflict["mine"], error
            )
        except StoreError as error:
            st.session_state["data_flash"] = [("error", tr(f"error.{error.kind}", **error.params))]
    st.rerun()


def tab_view(book: Workbook) -> None:
    """Every tab as a table; on the embedded store, cells can be edited in place."""
    st.subheader(tr("data.tabs"))
    keys = list(book.tabs)
    key = st.selectbox(
        tr("data.pick_tab"), keys, format_func=lambda k: tr(f"tab.{k}"), key="data_tab"
    )
    grid, code_by_header, locked = editable_grid(key)
    st.caption(tr("data.tab_caption", rows=len(grid), columns=len(grid.columns)))
    if grid.empty:
        st.write(tr("page.empty_tab", tab=book.tabs[key].schema.name))
        return
    if store().kind != "local":
        st.dataframe(grid)
        return
    st.caption(tr("data.edit.help"))
    # The grid the user edits stays the one they started from while they have unsaved edits,
    # so a colleague's write in between shows up as a conflict instead of being overwritten.
    generation = st.session_state.setdefault(f"editor_generation_{key}", 0)
    editor_key, base_key = f"editor_{key}_{generation}", f"editor_base_{key}"
    if not (st.session_state.get(editor_key) or {}).get("edited_rows") or (
        base_key not in st.session_state
    ):
        st.session_state[base_key] = grid
    base = st.session_state[base_key]
    edited = st.data_editor(
        base, disabled=locked, num_rows="fixed", key=editor_key, width="stretch"
    )
    if st.button(tr("data.edit.save"), type="primary", key=f"save_{key}"):
        st.session_state["data_flash"] = save_edits(key, base, edited, code_by_header)
        st.session_state[f"editor_generation_{key}"] = generation + 1  # start afresh
        st.session_state.pop(base_key, None)
        st.rerun()
    # Below the button the user just pressed, where their eyes are.
    for kind, message in st.session_state.pop("data_flash", []):
        if kind == "success":  # a toast is seen wherever the page is scrolled to
            st.toast(message, icon=":material/check_circle:")
        else:
            st.error(message)
    conflicts_panel(key)


def export_import(book: Workbook) -> None:
    """Download the whole workbook as xlsx; bring one back, validated, all or nothing."""
    st.subheader(tr("data.transfer"))
    left, right = st.columns(2)
    with left:
        st.write(tr("data.export.help"))
        if st.button(tr("data.export.prepare"), key="export_prepare"):
            buffer = io.BytesIO()
            transfer.export_xlsx(store(), buffer)
            st.session_state["export_bytes"] = buffer.getvalue()
        if "export_bytes" in st.session_state:
            st.download_button(
                tr("data.export.download"),
                st.session_state["export_bytes"],
                file_name=f"cchc-{dt.date.today():%Y%m%d}.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                type="primary",
            )
    with right:
        if not may("import"):
            st.caption(tr("data.import.admin_only"))
            return
        st.write(tr("data.import.help"))
        upload = st.file_uploader(tr("data.import.file"), type=["xlsx"], key="import_file")
        if upload is not None and st.button(tr("data.import.run"), key="import_run"):
            try:
                report = transfer.import_xlsx(
                    store(), io.BytesIO(upload.getvalue()), actor=current_user().identity
                )
            except ValidationError as error:
                st.error(tr("data.import.refused", count=len(error.problems)))
                lines = [f"- {escape_md(problem_text(p))}" for p in error.problems[:200]]
                st.markdown("\n".join(lines))
                return
            except StoreError as error:
                st.error(tr(f"error.{error.kind}", **error.params))
                return
            st.success(
                tr(
                    "data.import.done",
                    added=report.added,
                    updated=report.updated,
                    unchanged=report.unchanged,
                )
            )


def demo_section(book: Workbook) -> None:
    """Remove every demo row in one step."""
    if not book.has_demo_data() or not may("clear_demo"):
        return
    st.subheader(tr("data.demo"))
    st.write(tr("data.demo.help"))
    sure = st.checkbox(tr("data.demo.confirm"), key="demo_confirm")
    if st.button(tr("data.demo.clear"), disabled=not sure, key="demo_clear"):
        removed = store().clear_demo(actor=current_user().identity)
        st.success(tr("data.demo.cleared", count=sum(removed.values())))
        st.rerun()


def main() -> None:
    page_title("data")
    book = workbook()
    if book is None:
        return
    st.caption(
        tr(
            "data.loaded_at",
            time=fmt_date(book.loaded_at, with_time=True),
            store=tr(f"data.store.{store().kind}"),
        )
    )
    health(book)
    tab_view(book)
    export_import(book)
    demo_section(book)


main()
