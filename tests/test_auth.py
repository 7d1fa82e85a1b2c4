"""Who may see and change what: menus by role, pages by URL, units, passwords, audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from reform.access import Role, User, hash_password
from sheets import settings as settings_module
from sheets.store import Store
from tests.menus import INTERNAL_PAGES, PUBLIC_PAGES
from ui import auth
from ui.navigation import PAGES, page_keys

APP = str(Path(__file__).resolve().parents[1] / "app.py")
FILES = {key: path for pages in PAGES.values() for key, path, *_ in pages}
PASSWORDS = {"viewer": "xem-2017", "editor": "bien-tap-2017", "admin": "quan-tri-2017"}
MARKERS = {
    "sender_name": "ZZNAME4242",
    "sender_phone": "0999424242",
    "sender_email": "zz4242@example.com",
    "sender_address": "ZZADDR4242",
}


@pytest.fixture
def passwords(monkeypatch: pytest.MonkeyPatch, demo_store: Store) -> None:
    """Password mode: a salted hash per role in the settings."""
    for role, password in PASSWORDS.items():
        monkeypatch.setenv(
            f"REFORM_PASSWORD_{role.upper()}", hash_password(password, iterations=1_000)
        )
    auth._limiter.clear()


@pytest.fixture
def oidc(monkeypatch: pytest.MonkeyPatch, demo_store: Store) -> Store:
    """OIDC mode: [auth] in the secrets; roles from the Người dùng tab and admin_emails."""
    secrets = {
        "auth": {
            "redirect_uri": "http://localhost:8501/oauth2callback",
            "cookie_secret": "x" * 32,
            "client_id": "id",
            "client_secret": "s",
            "server_metadata_url": "https://accounts.example/.well-known",
        },
        "reform": {"admin_emails": ["giamdoc@sct.example"]},
    }
    monkeypatch.setattr(settings_module, "read_secrets", lambda: secrets)
    demo_store.append(
        "users",
        [
            {"email": "lanhdao@sct.example", "name": "Lãnh đạo", "role": "Xem", "active": True},
            {
                "email": "vanphong@sct.example",
                "name": "Cán bộ VP",
                "role": "Biên tập",
                "unit": "Văn phòng Sở",
                "active": True,
            },
            {"email": "canbo@sct.example", "name": "Cán bộ", "role": "Biên tập", "active": True},
            {
                "email": "bld@sct.example",
                "name": "Thư ký",
                "role": "Biên tập",
                "unit": "Ban lãnh đạo Sở",
                "active": True,
            },
            {
                "email": "nghiviec@sct.example",
                "name": "Đã nghỉ",
                "role": "Quản trị",
                "active": False,
            },
        ],
    )
    return demo_store


def app(user: dict | None = None, lang: str = "vi") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    if user is not None:
        at.user = user
    return at


def visit(at: AppTest, key: str) -> AppTest:
    at.run()
    if key != "overview":
        at.switch_page(FILES[key])
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sign_in(at: AppTest, password: str, name: str = "Nguyễn Văn Thử") -> AppTest:
    visit(at, "login")
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.get("form_submit_button")[0].click()
    at.run()
    return at


def signed_in_as(role: str) -> AppTest:
    at = app()
    sign_in(at, PASSWORDS[role])
    assert not at.error, [e.value for e in at.error]
    return at


def forbidden(at: AppTest) -> bool:
    return any("cần đăng nhập" in e.value for e in at.error)


# --- menus --------------------------------------------------------------------------------


def user(role: Role, unit: str | None = None) -> User:
    return User(email="", name="x", role=role, unit=unit, source="password")


@pytest.mark.parametrize(
    "role, expected",
    [
        (Role.PUBLIC, [*PUBLIC_PAGES, "login"]),
        (Role.VIEWER, [*INTERNAL_PAGES, *PUBLIC_PAGES, "login"]),
        (Role.EDITOR, [*INTERNAL_PAGES, *PUBLIC_PAGES, "data", "login"]),
        (Role.ADMIN, [*INTERNAL_PAGES, *PUBLIC_PAGES, "data", "users", "audit", "login"]),
    ],
)
def test_each_roles_menu_is_exactly_its_pages(passwords, role: Role, expected: list[str]):
    at = app()
    at.run()  # a script run, so that the settings and the session exist
    assert auth.menu_keys(user(role), page_keys()) == expected


def test_an_editor_limited_to_a_unit_gets_no_raw_data_page(passwords):
    assert "data" not in auth.menu_keys(user(Role.EDITOR, "Văn phòng Sở"), page_keys())


# --- pages by URL --------------------------------------------------------------------------


@pytest.mark.parametrize("key", [*INTERNAL_PAGES, "data", "users", "audit"])
def test_the_public_cannot_open_internal_pages_by_url(passwords, key: str):
    at = app()
    at.run()
    # Not in the public's navigation: Streamlit has no such page to switch to (a browser
    # asking for its URL gets the public page, see the browser tests) …
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(FILES[key])
    # … and the page itself refuses to draw anything when it is run anyway.
    page = AppTest.from_function(guarded_page, args=(key,), default_timeout=30)
    page.run()
    assert any("cần đăng nhập" in e.value for e in page.error)
    assert [m.value for m in page.markdown if "SECRET" in m.value] == []


def guarded_page(key: str) -> None:
    """What the top of every page does, followed by something only insiders may see."""
    import streamlit as st

    from ui.auth import require

    require(key)
    st.markdown("SECRET")


def test_the_public_sees_the_public_page_and_no_personal_data(passwords, demo_store: Store):
    demo_store.append(
        "feedback",
        [
            {
                "received_on": "01/06/2017",
                "category": "Góp ý",
                "status": "Đã trả lời",
                "content": "Đề nghị thêm ghế chờ.",
                "answer": "Đã bổ sung.",
                "answered_on": "05/06/2017",
                "published": True,
                **MARKERS,
            }
        ],
    )
    at = visit(app(), "public")
    assert not forbidden(at)
    text = "\n".join(m.value for m in at.markdown)
    assert "Đã bổ sung" in text
    assert not any(marker in text for marker in MARKERS.values())


@pytest.mark.parametrize("key", ["data", "users", "audit"])
def test_a_viewer_cannot_open_editor_or_admin_pages_by_url(passwords, key: str):
    at = signed_in_as("viewer")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(FILES[key])
    page = AppTest.from_function(guarded_page, args=(key,), default_timeout=30)
    page.session_state["auth_user"] = {"name": "Lãnh đạo", "role": int(Role.VIEWER)}
    page.run()
    assert any("cần đăng nhập" in e.value for e in page.error)
    assert [m.value for m in page.markdown if "SECRET" in m.value] == []


def test_a_viewer_reads_every_internal_page(passwords):
    at = signed_in_as("viewer")
    for key in INTERNAL_PAGES:
        at.switch_page(FILES[key])
        at.run()
        assert not forbidden(at), key
        assert not at.exception


def test_an_editor_edits_data_but_cannot_import_or_clear_demo(passwords):
    at = signed_in_as("editor")
    at.switch_page(FILES["data"])
    at.run()
    assert not forbidden(at)
    assert at.get("arrow_data_frame") or at.dataframe
    assert not at.get("file_uploader")
    assert "demo_clear" not in [b.key for b in at.button]


def test_an_admin_opens_users_and_audit(passwords):
    at = signed_in_as("admin")
    for key in ("users", "audit", "data"):
        at.switch_page(FILES[key])
        at.run()
        assert not forbidden(at), key


# --- passwords ------------------------------------------------------------------------------


def test_a_wrong_password_is_refused_and_guessing_is_rate_limited(passwords):
    at = app()
    for _ in range(5):
        sign_in(at, "doan-mo")
        assert any(e.value == "Mật khẩu không đúng." for e in at.error)
    sign_in(at, PASSWORDS["admin"])  # even the right one, while locked out
    assert any("quá nhiều lần" in e.value for e in at.error)
    assert "auth_user" not in at.session_state  # still nobody signed in


def test_signing_in_opens_the_home_page_and_signing_out_ends_the_session(passwords):
    at = signed_in_as("editor")
    assert "auth_user" in at.session_state
    assert [t.value for t in at.title] == ["Tổng quan"]
    at.switch_page(FILES["login"])
    at.run()
    at.button(key="sign_out_page").click().run()
    assert "auth_user" not in at.session_state
    assert [t.value for t in at.title] == ["Đăng nhập"]
    assert len(at.text_input) == 2  # the sign-in form again


# --- OIDC ------------------------------------------------------------------------------------


def oidc_user(email: str) -> dict:
    return {"is_logged_in": True, "email": email, "name": email.split("@")[0]}


def test_oidc_roles_come_from_the_users_tab(oidc):
    viewer = visit(app(oidc_user("lanhdao@sct.example")), "overview")
    assert not forbidden(viewer) and viewer.metric
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        viewer.switch_page(FILES["data"])
    stranger = visit(app(oidc_user("la@example.com")), "overview")
    assert [t.value for t in stranger.title] == ["Công khai"]
    assert "Nhiệm vụ hoàn thành" not in [m.label for m in stranger.metric]  # no overview
    retired = visit(app(oidc_user("nghiviec@sct.example")), "overview")
    assert [t.value for t in retired.title] == ["Công khai"]
    assert "Nhiệm vụ hoàn thành" not in [m.label for m in retired.metric]
    boss = visit(app(oidc_user("GiamDoc@sct.example")), "users")  # bootstrap admin
    assert not forbidden(boss)


def test_an_editor_limited_to_one_unit_sees_only_that_units_tasks(oidc):
    mine = visit(app(oidc_user("bld@sct.example")), "plan").dataframe[0].value
    everyone = visit(app(oidc_user("canbo@sct.example")), "plan").dataframe[0].value
    assert len(everyone) == 12
    # Ban lãnh đạo Sở leads I.1–I.3 of the plan and supports none.
    assert list(mine["Mục"]) == ["I.1", "I.2", "I.3"]
    assert set(mine["Chủ trì"]) == {"Ban lãnh đạo Sở"}
    assert set(mine["Vai trò"]) == {"Chủ trì"}


def test_an_editor_limited_to_one_unit_sees_only_that_units_feedback(oidc):
    def listed(at: AppTest):
        return next(d for d in at.dataframe if d.key == "feedback_list_table").value

    mine = listed(visit(app(oidc_user("vanphong@sct.example")), "feedback"))
    everyone = listed(visit(app(oidc_user("canbo@sct.example")), "feedback"))
    assert 0 < len(mine) < len(everyone)
    assert set(mine["assigned_unit"]) == {"Văn phòng Sở"}


# --- open mode -------------------------------------------------------------------------------


def test_open_mode_says_so(demo_store: Store):
    at = visit(app(), "overview")
    assert any("Chế độ mở" in w.value for w in at.sidebar.warning)


def test_open_mode_is_refused_on_a_google_sheet(demo_store: Store, monkeypatch):
    monkeypatch.setenv("REFORM_STORE", "google")
    monkeypatch.setenv("REFORM_GSHEETS_SPREADSHEET", "some-key")
    at = app()
    at.run()
    assert any("chưa cấu hình đăng nhập" in e.value for e in at.error)
    assert not at.metric


# --- audit -----------------------------------------------------------------------------------


def test_the_audit_log_shows_every_write_with_who_made_it(passwords, demo_store: Store):
    before = len(demo_store.load(force=True).frame("audit"))
    at = signed_in_as("admin")
    at.switch_page(FILES["users"])
    at.run()
    form_inputs = at.text_input
    form_inputs[0].input("moi@sct.example")
    form_inputs[1].input("Người mới")
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception
    log = demo_store.load(force=True).frame("audit")
    assert len(log) == before + 1
    last = log.iloc[-1]
    assert (last["action"], last["tab"], last["actor"]) == (
        "Thêm",
        "Người dùng",
        "Nguyễn Văn Thử (Quản trị)",
    )
    at.switch_page(FILES["audit"])
    at.run()
    shown = at.dataframe[0].value
    assert "moi@sct.example" in shown.to_string()
