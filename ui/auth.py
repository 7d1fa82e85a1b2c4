"""Who is using the app: Streamlit's own login (OIDC), a password per role, or open mode.

- [auth] in secrets.toml: st.login with the department's Google Workspace or Microsoft
  account; the role comes from the Người dùng tab (admin_emails bootstrap the first admins).
- password_viewer / password_editor / password_admin set (salted hashes): a password form,
  rate-limited against guessing.
- neither: open (demo) mode, everyone may do everything, and a banner says so. Refused on a
  Google sheet unless allow_open_mode is set.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reform.access import (
    PAGE_ROLES,
    RateLimiter,
    Role,
    User,
    can,
    match_role,
    resolve_user,
    unit_matches,
)
from reform.tasks import unit_aliases
from ui.context import settings, store, tr

SESSION_USER = "auth_user"
GO_HOME = "auth_go_home"  # set on sign-in: the router then opens the home page
# Whoever uses the app in open mode: the audit log says so rather than naming nobody.
OPEN_USER = User(email="", name="Chế độ mở", role=Role.ADMIN, unit=None, source="open")


def _public(source: str) -> User:
    """Nobody signed in: the public pages only."""
    return User(email="", name="", role=Role.PUBLIC, unit=None, source=source)


@st.cache_resource(show_spinner=False)
def _limiter() -> RateLimiter:
    """One limiter for the whole server: guesses from every session count."""
    return RateLimiter()


def mode() -> str:
    """oidc, password or open."""
    return settings().auth_mode


def open_mode_refused() -> bool:
    """Open mode on a real Google sheet needs an explicit yes (allow_open_mode)."""
    current = settings()
    return mode() == "open" and current.backend == "google" and not current.allow_open_mode


def _user_rows() -> list[dict]:
    try:
        frame = store().load().frame("users")
    except Exception:  # noqa: BLE001 - without the tab, only bootstrap admins get in
        return []
    return frame[["email", "role", "unit", "active"]].to_dict("records")


def current_user() -> User:
    """The user of this session; PUBLIC when nobody is signed in."""
    kind = mode()
    if kind == "open":
        return OPEN_USER
    if kind == "oidc":
        if not st.user.is_logged_in:
            return _public("oidc")
        email = str(st.user.get("email") or "")
        role, unit = resolve_user(email, _user_rows(), settings().bootstrap_admins)
        return User(
            email=email, name=str(st.user.get("name") or email), role=role, unit=unit, source="oidc"
        )
    saved = st.session_state.get(SESSION_USER)
    if not saved:
        return _public("password")
    return User(
        email="", name=saved["name"], role=Role(saved["role"]), unit=None, source="password"
    )


def signed_in() -> bool:
    return current_user().role > Role.PUBLIC


def may_open(user: User, page_key: str) -> bool:
    """Whether this user may open this page; an editor limited to a unit gets no raw data."""
    if page_key == "login":
        return True
    minimum = PAGE_ROLES.get(page_key)
    if minimum is None or user.role < minimum:
        return False
    return not (page_key == "data" and user.limited_to_unit)


def menu_keys(user: User, keys: list[str]) -> list[str]:
    """The pages the menu shows this user: exactly those they may open, plus the sign-in
    page whenever there is a way to sign in (signed in, it shows who and how to sign out;
    keeping it in the menu means signing in never leaves the visitor on a vanished page)."""
    shown = []
    for key in keys:
        if key == "login":
            if mode() != "open":
                shown.append(key)
        elif may_open(user, key):
            shown.append(key)
    return shown


def may(action: str) -> bool:
    """Whether the session's user may do this (write, import, clear_demo, …)."""
    return can(current_user().role, action)


def see_personal() -> bool:
    """Senders' names and phones: editors and admins; viewers only if the setting allows."""
    user = current_user()
    if can(user.role, "see_personal"):
        return True
    return user.role >= Role.VIEWER and settings().show_personal_to_viewers


# Which columns say whose a row is, for an editor limited to one unit.
UNIT_COLUMNS = {
    "tasks": ("lead_unit", "support_units"),
    "feedback": ("assigned_unit",),
    "activities": ("unit",),
}


def unit_scope(tab_key: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows an editor limited to a unit may see: their unit's tasks, feedback, activities."""
    user = current_user()
    columns = UNIT_COLUMNS.get(tab_key)
    if not user.limited_to_unit or columns is None or frame.empty:
        return frame
    units = store().load().frame("units")
    aliases = unit_aliases(units)
    mine = frame.apply(
        lambda row: unit_matches(user.unit or "", *(row[c] for c in columns), aliases=aliases),
        axis=1,
    )
    return frame[mine.astype(bool)]


def require(page_key: str) -> User:
    """Stop the page unless the user may open it: a URL alone never grants access."""
    user = current_user()
    if not may_open(user, page_key):
        st.error(tr("auth.forbidden"), icon=":material/lock:")
        if not signed_in() and mode() != "open":
            st.page_link("pages/login.py", label=tr("nav.login"), icon=":material/login:")
        st.stop()
    return user


def sign_in_with_password(name: str, password: str, client: str) -> str | None:
    """Check a password; None on success, else the catalog key of what went wrong."""
    limiter = _limiter()
    if limiter.check(client) > 0:
        return "auth.locked"
    if not name.strip():
        return "auth.name_required"
    role = match_role(password, settings().password_hashes)
    if role is None:
        limiter.failure(client)
        return "auth.wrong_password"
    limiter.success(client)
    st.session_state[SESSION_USER] = {"name": name.strip(), "role": int(role)}
    st.session_state[GO_HOME] = True
    return None


def sign_out() -> None:
    """End the session's sign-in, whichever way it was made."""
    st.session_state.pop(SESSION_USER, None)
    if mode() == "oidc" and st.user.is_logged_in:
        st.logout()


def role_label(role: Role) -> str:
    return tr(f"auth.role.{role.name.lower()}")


def sidebar_account() -> None:
    """Who is signed in, and the way out; or the banner of open mode."""
    user = current_user()
    if mode() == "open":
        st.warning(tr("auth.open_banner"), icon=":material/lock_open:")
        return
    if user.role == Role.PUBLIC:
        if mode() == "oidc" and st.user.is_logged_in:
            st.caption(tr("auth.no_role", email=user.email or str(st.user.get("email") or "")))
            if st.button(tr("auth.sign_out"), key="sign_out"):
                sign_out()
                st.rerun()
        return
    label = user.email or user.name
    st.caption(tr("auth.signed_in_as", name=label, role=role_label(user.role)))
    if user.limited_to_unit:
        st.caption(tr("auth.unit_only", unit=user.unit))
    if st.button(tr("auth.sign_out"), icon=":material/logout:", key="sign_out"):
        sign_out()
        st.rerun()
