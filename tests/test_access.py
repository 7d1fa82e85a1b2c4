"""Tests for reform.access: roles, pages, passwords, rate limiting, users and units."""

from __future__ import annotations

import base64
import hashlib
import hmac
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest

from reform import access
from reform.access import (
    ACTIONS,
    PAGE_ROLES,
    RateLimiter,
    Role,
    User,
    can,
    can_open,
    hash_password,
    match_role,
    pages_for,
    resolve_user,
    unit_matches,
    verify_password,
)
from tests.menus import ALL_PAGES, INTERNAL_PAGES, PUBLIC_PAGES
from ui.navigation import page_keys

ROOT = Path(__file__).resolve().parents[1]
FAST = 1_000  # iterations that keep the tests quick


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# --- roles -----------------------------------------------------------------


def test_role_order_and_values() -> None:
    assert [int(role) for role in Role] == [0, 1, 2, 3]
    assert Role.PUBLIC < Role.VIEWER < Role.EDITOR < Role.ADMIN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("viewer", Role.VIEWER),
        ("editor", Role.EDITOR),
        ("admin", Role.ADMIN),
        ("ADMIN", Role.ADMIN),
        (" Editor ", Role.EDITOR),
        ("Xem", Role.VIEWER),
        ("xem", Role.VIEWER),
        ("Biên tập", Role.EDITOR),
        ("bien tap", Role.EDITOR),
        ("BIÊN   TẬP", Role.EDITOR),
        (unicodedata.normalize("NFD", "Biên tập"), Role.EDITOR),
        ("Quản trị", Role.ADMIN),
        ("quan tri", Role.ADMIN),
        (Role.EDITOR, Role.EDITOR),
    ],
)
def test_role_parse_accepts_keys_and_labels(text: object, expected: Role) -> None:
    assert Role.parse(text) is expected


@pytest.mark.parametrize("text", ["", "public", "root", "quan", "xem thêm", None, 3])
def test_role_parse_rejects_unknown(text: object) -> None:
    assert Role.parse(text) is None


def test_role_labels_and_keys() -> None:
    assert [Role.VIEWER.label, Role.EDITOR.label, Role.ADMIN.label] == [
        "Xem",
        "Biên tập",
        "Quản trị",
    ]
    assert Role.ADMIN.key == "admin"
    assert all(Role.parse(role.label) is role for role in (Role.VIEWER, Role.EDITOR, Role.ADMIN))


# --- pages and actions -----------------------------------------------------


@pytest.mark.parametrize(
    ("page", "minimum"),
    [
        ("public", Role.PUBLIC),
        ("survey_form", Role.PUBLIC),
        ("feedback_form", Role.PUBLIC),
        ("display", Role.PUBLIC),
        ("overview", Role.VIEWER),
        ("plan", Role.VIEWER),
        ("activities", Role.VIEWER),
        ("surveys", Role.VIEWER),
        ("feedback", Role.VIEWER),
        ("onestop", Role.VIEWER),
        ("indices", Role.VIEWER),
        ("report", Role.VIEWER),
        ("data", Role.EDITOR),
        ("users", Role.ADMIN),
        ("audit", Role.ADMIN),
    ],
)
def test_every_page_minimum_role(page: str, minimum: Role) -> None:
    assert PAGE_ROLES[page] is minimum
    for role in Role:
        assert can_open(role, page) is (role >= minimum)


def test_page_roles_cover_every_page() -> None:
    assert set(PAGE_ROLES) == {*ALL_PAGES, "login"}
    # Every page in the menu has a minimum role.
    assert set(page_keys()) <= set(PAGE_ROLES)


def test_login_page_is_open_to_everyone() -> None:
    assert PAGE_ROLES["login"] is Role.PUBLIC
    assert all(can_open(role, "login") for role in Role)
    assert set(pages_for(Role.PUBLIC, page_keys())) <= {*PUBLIC_PAGES, "login"}


def test_unknown_page_is_closed_to_everyone() -> None:
    for role in Role:
        assert can_open(role, "settings") is False
        assert can_open(role, "") is False


def test_pages_for_each_role() -> None:
    assert pages_for(Role.PUBLIC, ALL_PAGES) == [*PUBLIC_PAGES]
    viewer = pages_for(Role.VIEWER, ALL_PAGES)
    assert viewer == [*INTERNAL_PAGES, *PUBLIC_PAGES]
    assert len(viewer) == 12
    assert not {"data", "users", "audit"} & set(viewer)
    assert pages_for(Role.EDITOR, ALL_PAGES) == [*INTERNAL_PAGES, *PUBLIC_PAGES, "data"]
    assert pages_for(Role.ADMIN, ALL_PAGES) == ALL_PAGES


def test_pages_for_keeps_order_and_drops_unknown() -> None:
    keys = ["audit", "public", "nope", "overview", "data"]
    assert pages_for(Role.ADMIN, keys) == ["audit", "public", "overview", "data"]
    assert pages_for(Role.EDITOR, iter(keys)) == ["public", "overview", "data"]


def test_actions() -> None:
    assert ACTIONS == {
        "write": Role.EDITOR,
        "import": Role.ADMIN,
        "clear_demo": Role.ADMIN,
        "manage_users": Role.ADMIN,
        "see_personal": Role.EDITOR,
    }
    assert not can(Role.PUBLIC, "write")
    assert not can(Role.VIEWER, "write")
    assert not can(Role.VIEWER, "see_personal")
    assert can(Role.EDITOR, "write")
    assert can(Role.EDITOR, "see_personal")
    assert not can(Role.EDITOR, "import")
    assert not can(Role.EDITOR, "clear_demo")
    assert not can(Role.EDITOR, "manage_users")
    assert all(can(Role.ADMIN, action) for action in ACTIONS)
    assert not can(Role.ADMIN, "launch_missiles")


# --- passwords -------------------------------------------------------------


def test_hash_format_and_round_trip() -> None:
    stored = hash_password("mật khẩu đúng", iterations=FAST)
    algorithm, iterations, salt, digest = stored.split("$")
    assert algorithm == "pbkdf2_sha256"
    assert iterations == str(FAST)
    assert len(base64.b64decode(salt, validate=True)) == 16
    expected = hashlib.pbkdf2_hmac("sha256", "mật khẩu đúng".encode(), base64.b64decode(salt), FAST)
    assert base64.b64decode(digest, validate=True) == expected
    assert verify_password("mật khẩu đúng", stored)


def test_default_iterations() -> None:
    stored = hash_password("secret", salt=b"0123456789abcdef")
    assert stored.split("$")[1] == "600000"
    assert verify_password("secret", stored)


def test_hash_never_contains_the_password() -> None:
    stored = hash_password("hunter2hunter2", iterations=FAST)
    assert "hunter2" not in stored


def test_wrong_password_is_refused() -> None:
    stored = hash_password("correct horse", iterations=FAST)
    assert not verify_password("correct hors", stored)
    assert not verify_password("Correct horse", stored)
    assert not verify_password("", stored)


def test_composed_and_decomposed_passwords_match() -> None:
    stored = hash_password("Quản trị", iterations=FAST)
    assert verify_password(unicodedata.normalize("NFD", "Quản trị"), stored)


def test_different_salts_give_different_hashes() -> None:
    first = hash_password("same", iterations=FAST)
    second = hash_password("same", iterations=FAST)
    assert first != second
    assert first.split("$")[2] != second.split("$")[2]
    assert verify_password("same", first) and verify_password("same", second)


def test_given_salt_is_deterministic() -> None:
    salt = b"\x01" * 16
    assert hash_password("x", iterations=FAST, salt=salt) == hash_password(
        "x", iterations=FAST, salt=salt
    )


def test_hash_password_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        hash_password("x", iterations=0)
    with pytest.raises(ValueError):
        hash_password("x", iterations=FAST, salt=b"")


def _tamper(text: str) -> str:
    """Change the first character of base64 text to a different valid one."""
    return ("B" if text[0] == "A" else "A") + text[1:]


def test_tampered_hash_is_refused() -> None:
    stored = hash_password("secret", iterations=FAST)
    algorithm, iterations, salt, digest = stored.split("$")
    assert not verify_password("secret", "$".join([algorithm, iterations, salt, _tamper(digest)]))
    assert not verify_password("secret", "$".join([algorithm, iterations, _tamper(salt), digest]))
    assert not verify_password("secret", "$".join([algorithm, str(FAST + 1), salt, digest]))


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "secret",
        "pbkdf2_sha256",
        "pbkdf2_sha256$1000$abc",
        "pbkdf2_sha256$1000$c2FsdA==$aGFzaA==$extra",
        "md5$1000$c2FsdA==$" + "A" * 44,
        "pbkdf2_sha256$abc$c2FsdA==$" + "A" * 44,
        "pbkdf2_sha256$-5$c2FsdA==$" + "A" * 44,
        "pbkdf2_sha256$0$c2FsdA==$" + "A" * 44,
        "pbkdf2_sha256$99999999999$c2FsdA==$" + "A" * 44,
        "pbkdf2_sha256$1000$not base64!$" + "A" * 44,
        "pbkdf2_sha256$1000$$" + "A" * 44,
        "pbkdf2_sha256$1000$c2FsdA==$aGFzaA==",  # digest of the wrong length
        "pbkdf2_sha256$١٠٠٠$c2FsdA==$" + "A" * 44,  # non-ASCII digits
        None,
        12345,
    ],
)
def test_malformed_hash_returns_false(stored: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(access, "DEFAULT_ITERATIONS", FAST)  # the dummy hash; see below
    assert verify_password("secret", stored) is False  # type: ignore[arg-type]


def test_malformed_hash_still_runs_a_full_pbkdf2(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = hashlib.pbkdf2_hmac

    def spy(name: str, password: bytes, salt: bytes, iterations: int, *args: object) -> bytes:
        calls.append(iterations)
        return real(name, password, salt, 1)

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", spy)
    assert verify_password("secret", "garbage") is False
    assert calls == [access.DEFAULT_ITERATIONS]


def test_verify_uses_compare_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    stored = hash_password("secret", iterations=FAST)
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert verify_password("secret", stored)
    assert not verify_password("wrong", stored)
    assert len(calls) == 2
    assert all(isinstance(a, bytes) and len(a) == 32 for a, _ in calls)


# --- match_role ------------------------------------------------------------


@pytest.fixture(scope="module")
def role_hashes() -> dict[str, str]:
    """Hashes of three different passwords, one per role."""
    return {
        "viewer": hash_password("view-pass", iterations=FAST),
        "editor": hash_password("edit-pass", iterations=FAST),
        "admin": hash_password("admin-pass", iterations=FAST),
    }


def test_match_role_finds_each_role(role_hashes: dict[str, str]) -> None:
    assert match_role("view-pass", role_hashes) is Role.VIEWER
    assert match_role("edit-pass", role_hashes) is Role.EDITOR
    assert match_role("admin-pass", role_hashes) is Role.ADMIN
    assert match_role("nobody", role_hashes) is None
    assert match_role("view-pass", {}) is None


def test_match_role_picks_the_highest_when_passwords_repeat() -> None:
    hashes = {
        "admin": hash_password("shared", iterations=FAST),
        "viewer": hash_password("shared", iterations=FAST),
        "editor": hash_password("shared", iterations=FAST),
    }
    assert match_role("shared", hashes) is Role.ADMIN
    del hashes["admin"]
    assert match_role("shared", hashes) is Role.EDITOR


def test_match_role_accepts_any_subset(role_hashes: dict[str, str]) -> None:
    only_editor = {"editor": role_hashes["editor"]}
    assert match_role("edit-pass", only_editor) is Role.EDITOR
    assert match_role("admin-pass", only_editor) is None
    # Empty entries and unknown names are not configured roles.
    assert match_role("admin-pass", {"admin": "", "root": role_hashes["admin"]}) is None


def test_match_role_checks_every_hash(
    role_hashes: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = hashlib.pbkdf2_hmac

    def spy(*args: object, **kwargs: object) -> bytes:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", spy)
    for password in ("view-pass", "edit-pass", "admin-pass", "nobody"):
        calls.clear()
        match_role(password, role_hashes)
        assert len(calls) == 3, password
    # A malformed entry is still paid for, so it cannot be told apart by timing.
    broken = {**role_hashes, "viewer": "broken"}
    calls.clear()
    monkeypatch.setattr(access, "DEFAULT_ITERATIONS", FAST)
    assert match_role("admin-pass", broken) is Role.ADMIN
    assert len(calls) == 3


# --- rate limiter ----------------------------------------------------------


def test_five_failures_lock_out() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    for _ in range(4):
        assert limiter.check("1.2.3.4") == 0
        limiter.failure("1.2.3.4")
    assert limiter.check("1.2.3.4") == 0
    limiter.failure("1.2.3.4")
    assert limiter.check("1.2.3.4") == pytest.approx(300)
    # Other keys are not affected.
    assert limiter.check("5.6.7.8") == 0


def test_check_returns_seconds_left() -> None:
    clock = FakeClock()
    limiter = RateLimiter(max_failures=2, lockout_seconds=60, clock=clock)
    limiter.failure("ip")
    limiter.failure("ip")
    clock.advance(15)
    assert limiter.check("ip") == pytest.approx(45)
    clock.advance(44.5)
    assert limiter.check("ip") == pytest.approx(0.5)
    clock.advance(0.5)
    assert limiter.check("ip") == 0


def test_failures_during_lockout_do_not_extend_it() -> None:
    clock = FakeClock()
    limiter = RateLimiter(max_failures=2, lockout_seconds=60, clock=clock)
    limiter.failure("ip")
    limiter.failure("ip")
    clock.advance(10)
    limiter.failure("ip")
    assert limiter.check("ip") == pytest.approx(50)


def test_lockout_doubles_and_is_capped_at_an_hour() -> None:
    clock = FakeClock()
    limiter = RateLimiter(max_failures=5, window_seconds=300, lockout_seconds=300, clock=clock)
    expected = [300, 600, 1200, 2400, 3600, 3600]
    for seconds in expected:
        for _ in range(5):
            limiter.failure("ip")
        assert limiter.check("ip") == pytest.approx(seconds)
        clock.advance(seconds)
        assert limiter.check("ip") == 0


def test_success_resets() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    for _ in range(5):
        limiter.failure("ip")
    assert limiter.check("ip") > 0
    limiter.success("ip")
    assert limiter.check("ip") == 0
    assert len(limiter) == 0
    # The next lockout starts again from the base length.
    for _ in range(5):
        limiter.failure("ip")
    assert limiter.check("ip") == pytest.approx(300)
    limiter.success("never-seen")  # no error


def test_failures_outside_the_window_expire() -> None:
    clock = FakeClock()
    limiter = RateLimiter(max_failures=5, window_seconds=300, clock=clock)
    for _ in range(4):
        limiter.failure("ip")
    clock.advance(301)
    limiter.failure("ip")
    assert limiter.check("ip") == 0
    # Failures spread out so that only some are within the window.
    for _ in range(3):
        limiter.failure("ip")
        clock.advance(100)
    assert limiter.check("ip") == 0
    limiter.failure("ip")  # the two oldest have left the window: 3 of the last 300 s
    assert limiter.check("ip") == 0


def test_escalation_resets_after_a_quiet_hour() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    for _ in range(5):
        limiter.failure("ip")
    clock.advance(300 + 3600)
    assert limiter.check("ip") == 0
    assert len(limiter) == 0  # stale key dropped
    for _ in range(5):
        limiter.failure("ip")
    assert limiter.check("ip") == pytest.approx(300)


def test_keys_are_bounded_by_evicting_the_oldest() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, max_keys=100)
    for number in range(250):
        limiter.failure(f"10.0.0.{number}")
        clock.advance(0.01)
    assert len(limiter) == 100
    assert limiter.check("10.0.0.0") == 0
    # The newest keys are kept with their failures.
    for _ in range(4):
        limiter.failure("10.0.0.249")
    assert limiter.check("10.0.0.249") > 0


def test_default_key_cap() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    for number in range(10_050):
        limiter.failure(f"k{number}")
    assert len(limiter) == 10_000


def test_stale_keys_are_swept() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    for number in range(50):
        limiter.failure(f"ip{number}")
    assert len(limiter) == 50
    clock.advance(301)
    limiter.failure("fresh")
    assert len(limiter) == 1


def test_rate_limiter_is_thread_safe() -> None:
    limiter = RateLimiter(max_failures=1000, clock=FakeClock())

    def hammer() -> None:
        for _ in range(100):
            limiter.failure("global")

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert limiter.check("global") == 0  # 800 < 1000
    for _ in range(200):
        limiter.failure("global")
    assert limiter.check("global") > 0


def test_rate_limiter_rejects_bad_settings() -> None:
    with pytest.raises(ValueError):
        RateLimiter(max_failures=0)
    with pytest.raises(ValueError):
        RateLimiter(window_seconds=0)


# --- users -----------------------------------------------------------------


def test_user_identity_and_unit_limit() -> None:
    staff = User("an@so.gov.vn", "Nguyễn An", Role.EDITOR, "Văn phòng Sở", "oidc")
    assert staff.identity == "an@so.gov.vn"
    assert staff.limited_to_unit
    shared = User("", "Lãnh đạo", Role.VIEWER, None, "password")
    assert shared.identity == "Lãnh đạo (Xem)"
    assert not shared.limited_to_unit
    assert User("", "Ai đó", Role.ADMIN, None, "open").identity == "Ai đó (Quản trị)"
    assert not User("a@b.c", "A", Role.EDITOR, None, "oidc").limited_to_unit
    assert not User("a@b.c", "A", Role.EDITOR, "", "oidc").limited_to_unit
    assert not User("a@b.c", "A", Role.ADMIN, "Văn phòng Sở", "oidc").limited_to_unit
    with pytest.raises(AttributeError):
        staff.role = Role.ADMIN  # type: ignore[misc]
    with pytest.raises(ValueError):
        User("a@b.c", "A", Role.EDITOR, None, "magic")


USER_ROWS = [
    {"email": "Lanh.Dao@so.gov.vn ", "role": "Xem", "unit": None, "active": True},
    {"email": "an@so.gov.vn", "role": "Biên tập", "unit": "Văn phòng Sở", "active": "x"},
    {"email": "cu@so.gov.vn", "role": "Quản trị", "unit": "", "active": False},
    {"email": "blank@so.gov.vn", "role": "editor", "unit": "  ", "active": None},
    {"email": "odd@so.gov.vn", "role": "Chủ tịch", "unit": None, "active": True},
    {"email": "off@so.gov.vn", "role": "Xem", "unit": None, "active": "Không"},
]


def test_resolve_user_matches_case_insensitively() -> None:
    assert resolve_user("lanh.dao@so.gov.vn", USER_ROWS, ()) == (Role.VIEWER, None)
    assert resolve_user("  AN@SO.GOV.VN ", USER_ROWS, ()) == (Role.EDITOR, "Văn phòng Sở")


def test_resolve_user_blank_active_counts_as_active() -> None:
    assert resolve_user("blank@so.gov.vn", USER_ROWS, ()) == (Role.EDITOR, None)


def test_resolve_user_inactive_or_unknown_is_public() -> None:
    assert resolve_user("cu@so.gov.vn", USER_ROWS, ()) == (Role.PUBLIC, None)
    assert resolve_user("off@so.gov.vn", USER_ROWS, ()) == (Role.PUBLIC, None)
    assert resolve_user("stranger@gmail.com", USER_ROWS, ()) == (Role.PUBLIC, None)
    assert resolve_user("odd@so.gov.vn", USER_ROWS, ()) == (Role.PUBLIC, None)
    assert resolve_user("", USER_ROWS, ()) == (Role.PUBLIC, None)
    assert resolve_user(None, USER_ROWS, ()) == (Role.PUBLIC, None)


def test_resolve_user_bootstrap_admin() -> None:
    admins = ["Boss@So.gov.vn"]
    # Before the tab has any rows.
    assert resolve_user("boss@so.gov.vn", [], admins) == (Role.ADMIN, None)
    # Even when the tab says otherwise.
    rows = [{"email": "boss@so.gov.vn", "role": "Xem", "unit": None, "active": False}]
    assert resolve_user(" BOSS@so.gov.vn", rows, admins) == (Role.ADMIN, None)
    assert resolve_user("boss@so.gov.vn", rows, set()) == (Role.PUBLIC, None)
    # Bootstrap does not extend to other people.
    assert resolve_user("an@so.gov.vn", USER_ROWS, admins) == (Role.EDITOR, "Văn phòng Sở")


def test_resolve_user_duplicate_rows_take_the_safer_reading() -> None:
    rows = [
        {"email": "a@b.vn", "role": "Quản trị", "unit": None, "active": True},
        {"email": "A@b.vn", "role": "Biên tập", "unit": "Văn phòng Sở", "active": True},
    ]
    assert resolve_user("a@b.vn", rows, ()) == (Role.EDITOR, "Văn phòng Sở")
    rows.append({"email": "a@b.vn", "role": "Xem", "unit": None, "active": False})
    assert resolve_user("a@b.vn", rows, ()) == (Role.PUBLIC, None)


# --- units -----------------------------------------------------------------

ALIASES = {"Văn phòng Sở": ["Văn phòng", "VP Sở"]}


def test_unit_matches_name_and_aliases() -> None:
    assert unit_matches("Văn phòng Sở", "Văn phòng", aliases=ALIASES)
    assert unit_matches(
        "Văn phòng Sở", None, "Văn phòng Sở, Phòng Quản lý thương mại", aliases=ALIASES
    )
    assert unit_matches("Văn phòng Sở", "vp so", aliases=ALIASES)
    assert not unit_matches("Văn phòng Sở", "Văn phòng")  # the alias is needed
    assert unit_matches("van phong so", "Văn phòng", aliases=ALIASES)  # folded key lookup


def test_unit_matches_separators_and_folding() -> None:
    unit = "Phòng Quản lý thương mại"
    assert unit_matches(unit, "Văn phòng Sở; PHÒNG QUẢN LÝ THƯƠNG MẠI")
    assert unit_matches(unit, "Văn phòng Sở\n  phong quan ly thuong mai  ")
    assert unit_matches(unit, unicodedata.normalize("NFD", unit))
    assert unit_matches("Phòng Quản lý thương mại", "Phòng Quản lý thương mại")


def test_unit_matches_whole_names_only() -> None:
    assert not unit_matches("Phòng Quản lý thương mại", "Phòng Quản lý công nghiệp")
    assert not unit_matches("Phòng Quản lý thương mại", "Phòng Quản lý")
    assert not unit_matches("Văn phòng", "Văn phòng Sở")
    assert not unit_matches("Văn phòng Sở", None, "", aliases=ALIASES)
    assert not unit_matches("", "Văn phòng Sở")
    assert not unit_matches("Văn phòng Sở")


# --- command line ----------------------------------------------------------


def _run_cli(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m reform.access` with stdin from a pipe."""
    return subprocess.run(
        [sys.executable, "-m", "reform.access", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_cli_prints_a_hash_that_verifies() -> None:
    result = _run_cli("Mật khẩu mới 2024\nMật khẩu mới 2024\n")
    assert result.returncode == 0, result.stderr
    stored = result.stdout.strip()
    assert stored.startswith("pbkdf2_sha256$600000$")
    assert "Mật khẩu" not in result.stdout
    assert verify_password("Mật khẩu mới 2024", stored)
    assert not verify_password("Mật khẩu mới", stored)


def test_cli_single_line_and_role_line() -> None:
    result = _run_cli("pw-for-editors\n", "biên tập", "--iterations", str(FAST))
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert line.startswith('editor = "pbkdf2_sha256$1000$') and line.endswith('"')
    assert verify_password("pw-for-editors", line.split('"')[1])


def test_cli_refuses_mismatch_and_empty() -> None:
    mismatch = _run_cli("one\ntwo\n", "--iterations", str(FAST))
    assert mismatch.returncode == 1
    assert mismatch.stdout == ""
    empty = _run_cli("", "--iterations", str(FAST))
    assert empty.returncode == 1
    assert empty.stdout == ""


def test_cli_main_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["typed", "typed"])

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(access, "getpass", lambda prompt="": next(answers))
    assert access.main(["admin", "--iterations", str(FAST)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith('admin = "')
    assert verify_password("typed", line.split('"')[1])
