"""Đăng nhập: sign in with the department's account, or with a role password."""

from __future__ import annotations

import streamlit as st

from ui.auth import current_user, mode, sign_in_with_password, sign_out, signed_in
from ui.context import settings, tr
from ui.router import start_page


def oidc_login() -> None:
    """Buttons that hand over to the identity provider (Google Workspace, Microsoft …)."""
    if st.user.is_logged_in and not signed_in():
        st.warning(tr("auth.no_role", email=str(st.user.get("email") or "")))
        return
    st.write(tr("auth.oidc_help"))
    providers = settings().oidc_providers
    for provider in providers or [None]:
        label = (
            tr("auth.sign_in_with", provider=provider.title()) if provider else tr("auth.sign_in")
        )
        if st.button(label, type="primary", icon=":material/login:", key=f"login_{provider}"):
            st.login(provider) if provider else st.login()


def password_login() -> None:
    """Name (for the audit log) and the role's password; wrong guesses are rate-limited."""
    with st.form("login", enter_to_submit=True):
        name = st.text_input(tr("auth.name"), max_chars=100, help=tr("auth.name_help"))
        password = st.text_input(tr("auth.password"), type="password", max_chars=200)
        submitted = st.form_submit_button(tr("auth.sign_in"), type="primary")
    if submitted:
        address = st.context.ip_address
        client = address if isinstance(address, str) and address else "global"
        problem = sign_in_with_password(name, password, client)
        if problem:
            st.error(tr(problem))
        else:
            st.rerun()


def main() -> None:
    st.title(tr("nav.login"))
    if signed_in():
        st.success(tr("auth.already", name=current_user().identity))
        if st.button(tr("auth.sign_out"), icon=":material/logout:", key="sign_out_page"):
            sign_out()
            st.rerun()
        return
    if mode() == "oidc":
        oidc_login()
    elif mode() == "password":
        password_login()
    else:
        st.info(tr("auth.open_banner"))


start_page("login")
main()
