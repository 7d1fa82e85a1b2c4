"""Người dùng: who may use the app, with which role, for which unit (admins)."""

from __future__ import annotations

import streamlit as st

from reform.locale import sort_vietnamese
from sheets.schema import USER_ROLES
from ui.auth import current_user
from ui.context import attempt, store, tr, workbook
from ui.router import start_page
from ui.tables import show_records


def unit_choices() -> list[str]:
    book = workbook()
    if book is None:
        return []
    return sort_vietnamese(book.frame("units")["name"].dropna().unique())


def unit_label(unit: str) -> str:
    return unit or tr("users.all_units")


def add_user() -> None:
    """A new row in Người dùng; the e-mail is what the login provider gives."""
    with st.form("add_user", clear_on_submit=True):
        st.subheader(tr("users.add"))
        email = st.text_input(tr("field.users.email"), max_chars=200)
        name = st.text_input(tr("field.users.name"), max_chars=200)
        role = st.selectbox(
            tr("field.users.role"),
            USER_ROLES,
            format_func=lambda r: tr(f"users.role.{USER_ROLES.index(r)}"),
        )
        unit = st.selectbox(
            tr("field.users.unit"),
            ["", *unit_choices()],
            format_func=unit_label,
            help=tr("users.unit_help"),
        )
        if st.form_submit_button(tr("users.save"), type="primary"):
            existing = workbook().frame("users")["email"].str.lower().str.strip()
            if email.strip().lower() in set(existing.dropna()):
                st.error(tr("users.exists", email=email.strip()))
                return
            record = {
                "email": email.strip().lower(),
                "name": name,
                "role": role,
                "unit": unit or None,
                "active": True,
            }
            saved = attempt(
                lambda: store().append("users", [record], actor=current_user().identity)
            )
            if saved is None:
                return
            st.toast(tr("users.saved"), icon=":material/check_circle:")
            st.rerun()


def edit_user() -> None:
    """Change one user's role, unit or access, through the row-level API."""
    users = workbook().frame("users")
    if users.empty:
        return
    st.subheader(tr("users.edit"))
    emails = users["email"].tolist()
    chosen = st.selectbox(tr("field.users.email"), emails, key="edit_user_email")
    row = users[users["email"] == chosen].iloc[0]
    with st.form("edit_user"):
        role = st.selectbox(
            tr("field.users.role"),
            USER_ROLES,
            index=USER_ROLES.index(row["role"]),
            format_func=lambda r: tr(f"users.role.{USER_ROLES.index(r)}"),
        )
        units = ["", *unit_choices()]
        unit = st.selectbox(
            tr("field.users.unit"),
            units,
            format_func=unit_label,
            index=units.index(row["unit"]) if row["unit"] in units else 0,
        )
        active = st.checkbox(tr("field.users.active"), value=bool(row["active"]))
        if st.form_submit_button(tr("users.save"), type="primary"):
            saved = attempt(
                lambda: store().update(
                    "users",
                    row["id"],
                    {"role": role, "unit": unit or None, "active": active},
                    expected_version=int(row["version"]),
                    actor=current_user().identity,
                )
            )
            if saved is None:
                return
            st.toast(tr("users.saved"), icon=":material/check_circle:")
            st.rerun()


def main() -> None:
    st.title(tr("nav.users"))
    book = workbook()
    if book is None:
        return
    st.caption(tr("users.help"))
    users = book.frame("users")
    if users.empty:
        st.info(tr("users.empty"))
    else:
        show_records("users", users, ["email", "name", "role", "unit", "active"])
    left, right = st.columns(2)
    with left:
        add_user()
    with right:
        edit_user()


start_page("users")
main()
