"""Roles, page access, password hashes, login rate limiting and unit matching.

Pure standard-library module: no Streamlit or pandas imports. Run `python -m reform.access`
to turn a password into a hash line for the secrets file.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import hmac
import re
import secrets
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from getpass import getpass
from types import MappingProxyType
from typing import Any

from reform.locale import fold, nfc

__all__ = [
    "ACTIONS",
    "DEFAULT_ITERATIONS",
    "PAGE_ROLES",
    "RateLimiter",
    "Role",
    "User",
    "can",
    "can_open",
    "hash_password",
    "main",
    "match_role",
    "pages_for",
    "resolve_user",
    "unit_matches",
    "verify_password",
]


class Role(IntEnum):
    """Who may do what; a higher value includes every lower one."""

    PUBLIC = 0
    VIEWER = 1
    EDITOR = 2
    ADMIN = 3

    @property
    def key(self) -> str:
        """The English key used in secrets and code: "viewer", "editor", "admin"."""
        return self.name.lower()

    @property
    def label(self) -> str:
        """The Vietnamese label used in the Người dùng tab."""
        return _LABELS[self]

    @classmethod
    def parse(cls, text: Any) -> Role | None:
        """The role named by an English key or Vietnamese label; None when unknown."""
        if isinstance(text, Role):
            return text
        if not isinstance(text, str):
            return None
        return _ROLE_NAMES.get(fold(text))


_LABELS: dict[Role, str] = {
    Role.PUBLIC: "Công khai",
    Role.VIEWER: "Xem",
    Role.EDITOR: "Biên tập",
    Role.ADMIN: "Quản trị",
}

# Folded name -> role. PUBLIC is not a role anyone can be given, so it does not parse.
_ROLE_NAMES: dict[str, Role] = {
    fold(name): role
    for role in (Role.VIEWER, Role.EDITOR, Role.ADMIN)
    for name in (role.key, _LABELS[role])
}

# ---------------------------------------------------------------------------
# Pages and actions
# ---------------------------------------------------------------------------

PAGE_ROLES: dict[str, Role] = {
    "public": Role.PUBLIC,
    "survey_form": Role.PUBLIC,  # the satisfaction survey: anyone, signed in or not
    "feedback_form": Role.PUBLIC,  # sending a question or suggestion, and looking up its code
    "display": Role.PUBLIC,  # the desk's TV: only what the Công khai page already shows
    "login": Role.PUBLIC,  # the sign-in page must be reachable before signing in
    "overview": Role.VIEWER,
    "plan": Role.VIEWER,
    "activities": Role.VIEWER,
    "surveys": Role.VIEWER,
    "feedback": Role.VIEWER,
    "onestop": Role.VIEWER,
    "indices": Role.VIEWER,
    "report": Role.VIEWER,  # leadership downloads the reports
    "data": Role.EDITOR,
    "users": Role.ADMIN,
    "audit": Role.ADMIN,
}

ACTIONS: dict[str, Role] = {
    "write": Role.EDITOR,
    "import": Role.ADMIN,
    "clear_demo": Role.ADMIN,
    "manage_users": Role.ADMIN,
    "see_personal": Role.EDITOR,
}


def can_open(role: Role, page_key: str) -> bool:
    """Whether role may open the page; an unknown page is closed to everyone."""
    needed = PAGE_ROLES.get(page_key)
    return needed is not None and role >= needed


def pages_for(role: Role, keys: Iterable[str]) -> list[str]:
    """The page keys role may open, in the order given."""
    return [key for key in keys if can_open(role, key)]


def can(role: Role, action: str) -> bool:
    """Whether role may perform action; an unknown action is refused."""
    needed = ACTIONS.get(action)
    return needed is not None and role >= needed


# ---------------------------------------------------------------------------
# Passwords
# ---------------------------------------------------------------------------

ALGORITHM = "pbkdf2_sha256"
DEFAULT_ITERATIONS = 600_000
MAX_ITERATIONS = 10_000_000  # a stored value asking for more is treated as malformed
SALT_BYTES = 16
_HASH_BYTES = 32  # SHA-256 digest size
_DUMMY_SALT = b"\x00" * SALT_BYTES


def _password_bytes(password: str) -> bytes:
    """The password as NFC UTF-8 bytes, so composed and decomposed input hash alike."""
    return nfc(password).encode("utf-8", "surrogatepass")


def _pbkdf2(password: str, salt: bytes, iterations: int) -> bytes:
    """PBKDF2-HMAC-SHA256 of password."""
    return hashlib.pbkdf2_hmac("sha256", _password_bytes(password), salt, iterations)


def _b64(data: bytes) -> str:
    """Standard base64 text of data."""
    return base64.b64encode(data).decode("ascii")


def hash_password(
    password: str, *, iterations: int = DEFAULT_ITERATIONS, salt: bytes | None = None
) -> str:
    """A salted hash "pbkdf2_sha256$<iterations>$<salt b64>$<hash b64>" of password."""
    if not isinstance(password, str):
        raise TypeError("password must be a str")
    if not 1 <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"iterations must be between 1 and {MAX_ITERATIONS}")
    if salt is None:
        salt = secrets.token_bytes(SALT_BYTES)
    if not salt:
        raise ValueError("salt must not be empty")
    digest = _pbkdf2(password, salt, iterations)
    return f"{ALGORITHM}${iterations}${_b64(salt)}${_b64(digest)}"


def _parse_hash(stored: Any) -> tuple[int, bytes, bytes] | None:
    """(iterations, salt, digest) from a stored hash; None when malformed."""
    if not isinstance(stored, str):
        return None
    parts = stored.strip().split("$")
    if len(parts) != 4 or parts[0] != ALGORITHM:
        return None
    count = parts[1]
    if not (count.isascii() and count.isdigit()) or len(count) > 9:
        return None
    iterations = int(count)
    if not 1 <= iterations <= MAX_ITERATIONS:
        return None
    try:
        salt = base64.b64decode(parts[2], validate=True)
        digest = base64.b64decode(parts[3], validate=True)
    except (binascii.Error, ValueError):
        return None
    if not salt or len(digest) != _HASH_BYTES:
        return None
    return iterations, salt, digest


def verify_password(password: str, stored: str) -> bool:
    """Whether password matches stored; False (after a dummy hash) when stored is malformed."""
    parsed = _parse_hash(stored)
    if parsed is None or not isinstance(password, str):
        # Spend the usual time so a broken entry cannot be told apart by timing.
        _pbkdf2(password if isinstance(password, str) else "", _DUMMY_SALT, DEFAULT_ITERATIONS)
        return False
    iterations, salt, expected = parsed
    return hmac.compare_digest(_pbkdf2(password, salt, iterations), expected)


def match_role(password: str, hashes: Mapping[str, str]) -> Role | None:
    """The highest role whose configured hash matches password; checks every hash."""
    matched: Role | None = None
    for name, stored in hashes.items():
        role = Role.parse(name)
        if role is None or not stored:
            continue
        # No early exit: every configured hash costs the same, whichever role matches.
        if verify_password(password, stored) and (matched is None or role > matched):
            matched = role
    return matched


# ---------------------------------------------------------------------------
# Login rate limiting
# ---------------------------------------------------------------------------

MAX_LOCKOUT_SECONDS = 3600.0
MAX_KEYS = 10_000
_SWEEP_SECONDS = 60.0


@dataclass
class _KeyState:
    """Failures and lockouts of one key."""

    failures: list[float]
    locked_until: float = 0.0
    lockouts: int = 0
    last_seen: float = 0.0


class RateLimiter:
    """Thread-safe, in-memory limit on failed login tries per key (an IP or "global")."""

    def __init__(
        self,
        max_failures: int = 5,
        window_seconds: float = 300,
        lockout_seconds: float = 300,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_KEYS,
    ) -> None:
        """Lock a key out after max_failures failures within window_seconds."""
        if max_failures < 1 or max_keys < 1:
            raise ValueError("max_failures and max_keys must be at least 1")
        if window_seconds <= 0 or lockout_seconds <= 0:
            raise ValueError("window_seconds and lockout_seconds must be positive")
        self.max_failures = max_failures
        self.window_seconds = float(window_seconds)
        self.lockout_seconds = float(lockout_seconds)
        self.max_keys = max_keys
        self._clock = clock
        self._lock = threading.Lock()
        # Least recently seen first, so the oldest key is evicted first.
        self._states: OrderedDict[str, _KeyState] = OrderedDict()
        self._last_sweep = clock()

    def __len__(self) -> int:
        """The number of keys being tracked."""
        with self._lock:
            return len(self._states)

    def check(self, key: str) -> float:
        """0 when a try is allowed, else the seconds left in the key's lockout."""
        with self._lock:
            now = self._clock()
            state = self._states.get(key)
            if state is None:
                return 0.0
            if self._is_stale(state, now):
                del self._states[key]
                return 0.0
            return max(0.0, state.locked_until - now)

    def failure(self, key: str) -> None:
        """Record a failed try; enough of them within the window lock the key out."""
        with self._lock:
            now = self._clock()
            self._sweep(now)
            state = self._states.get(key)
            if state is not None and self._is_stale(state, now):
                del self._states[key]
                state = None
            if state is None:
                while len(self._states) >= self.max_keys:
                    self._states.popitem(last=False)
                state = _KeyState(failures=[])
                self._states[key] = state
            else:
                self._states.move_to_end(key)
            state.last_seen = now
            if state.locked_until > now:
                return  # already locked out: the try was refused, nothing more to count
            state.failures = [at for at in state.failures if now - at < self.window_seconds]
            state.failures.append(now)
            if len(state.failures) >= self.max_failures:
                duration = self.lockout_seconds * 2 ** min(state.lockouts, 32)
                state.locked_until = now + min(duration, MAX_LOCKOUT_SECONDS)
                state.lockouts += 1
                state.failures = []

    def success(self, key: str) -> None:
        """Forget the key's failures and lockouts after a successful login."""
        with self._lock:
            self._states.pop(key, None)

    def _is_stale(self, state: _KeyState, now: float) -> bool:
        """Whether nothing about the key matters any more: no lockout, no recent failure."""
        if state.locked_until > now:
            return False
        if any(now - at < self.window_seconds for at in state.failures):
            return False
        # Lockouts escalate while tries keep coming; a quiet hour after the last one resets.
        return not state.lockouts or now - state.locked_until >= MAX_LOCKOUT_SECONDS

    def _sweep(self, now: float) -> None:
        """Drop stale keys, at most once a minute (a full table evicts its oldest key instead)."""
        if now - self._last_sweep < _SWEEP_SECONDS:
            return
        self._last_sweep = now
        for key in [key for key, state in self._states.items() if self._is_stale(state, now)]:
            del self._states[key]


# ---------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------

SOURCES = ("oidc", "password", "open")


@dataclass(frozen=True)
class User:
    """The signed-in person: how they signed in, their role and, for staff, their unit."""

    email: str
    name: str
    role: Role
    unit: str | None = None
    source: str = "oidc"

    def __post_init__(self) -> None:
        """Reject an unknown sign-in source."""
        if self.source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, not {self.source!r}")

    @property
    def identity(self) -> str:
        """Who acted, for the audit log: the email, else the name and role label."""
        if self.email:
            return self.email
        return f"{self.name} ({Role(self.role).label})"

    @property
    def limited_to_unit(self) -> bool:
        """Whether this is an editor who may only edit their own unit's items."""
        return self.role == Role.EDITOR and bool(self.unit)


_TRUE = {"true", "x", "co", "yes", "1", "dung", "v", "✓", "✔"}
_FALSE = {"false", "khong", "no", "0", "sai", "-"}


def _is_blank(value: Any) -> bool:
    """Whether a cell is empty (None, blank text or NaN)."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def _is_active(value: Any) -> bool:
    """Whether an "active" cell allows sign-in: blank or true yes, false or unreadable no."""
    if _is_blank(value):
        return True
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value == 1
    return fold(str(value)) in _TRUE


def _email_key(email: Any) -> str:
    """An email as a matching key: stripped and casefolded."""
    return email.strip().casefold() if isinstance(email, str) else ""


def resolve_user(
    email: str | None,
    rows: Iterable[Mapping[str, Any]],
    bootstrap_admins: Collection[str] = (),
) -> tuple[Role, str | None]:
    """The role and unit of email from the Người dùng rows; PUBLIC when unknown or inactive.

    An email in bootstrap_admins is always ADMIN. Several rows for one email: any inactive
    row makes it PUBLIC, otherwise the lowest role among them applies.
    """
    key = _email_key(email)
    if not key:
        return Role.PUBLIC, None
    found: list[tuple[Role, str | None]] = []
    inactive = False
    for row in rows:
        if _email_key(row.get("email")) != key:
            continue
        if not _is_active(row.get("active")):
            inactive = True
            continue
        unit = row.get("unit")
        unit_text = unit.strip() if isinstance(unit, str) and unit.strip() else None
        found.append((Role.parse(row.get("role")) or Role.PUBLIC, unit_text))
    if key in {_email_key(admin) for admin in bootstrap_admins}:
        return Role.ADMIN, found[0][1] if found else None
    if inactive or not found:
        return Role.PUBLIC, None
    return min(found, key=lambda item: item[0])


# ---------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------

_NO_ALIASES: Mapping[str, Iterable[str]] = MappingProxyType({})
_NAME_SEPARATORS = re.compile(r"[,;\n\r]+")


def unit_matches(
    unit: str, *texts: str | None, aliases: Mapping[str, Iterable[str]] = _NO_ALIASES
) -> bool:
    """Whether unit (or an alias) is one of the comma/semicolon/newline-separated names."""
    if not unit or not unit.strip():
        return False
    wanted = {fold(unit)}
    target = fold(unit)
    for name, others in aliases.items():
        if fold(name) == target:
            wanted.update(fold(other) for other in others if other and other.strip())
    for text in texts:
        if not isinstance(text, str):
            continue
        if any(fold(part) in wanted for part in _NAME_SEPARATORS.split(text)):
            return True
    return False


# ---------------------------------------------------------------------------
# Command line: python -m reform.access
# ---------------------------------------------------------------------------


def _read_password(stdin: Any) -> str:
    """The new password: asked twice on a terminal, else read from stdin (one or two lines)."""
    if stdin.isatty():
        first = getpass("Password / Mật khẩu: ")
        second = getpass("Again / Nhập lại: ")
    else:
        lines = stdin.read().splitlines()
        first = lines[0] if lines else ""
        second = lines[1] if len(lines) > 1 else first
    if first != second:
        raise ValueError("The passwords differ. / Hai lần nhập không khớp.")
    if not first:
        raise ValueError("The password is empty. / Mật khẩu trống.")
    return first


def main(argv: Sequence[str] | None = None) -> int:
    """Print the hash line of a password typed twice (or given on stdin)."""
    parser = argparse.ArgumentParser(
        prog="python -m reform.access",
        description="Hash a password for the secrets file. / Tạo mã băm mật khẩu.",
    )
    parser.add_argument(
        "role", nargs="?", help='viewer, editor or admin: print `role = "hash"` for TOML'
    )
    parser.add_argument("--iterations", type=int, default=DEFAULT_ITERATIONS)
    args = parser.parse_args(argv)
    role = None
    if args.role is not None:
        role = Role.parse(args.role)
        if role is None:
            parser.error(f"unknown role: {args.role}")
    try:
        password = _read_password(sys.stdin)
        stored = hash_password(password, iterations=args.iterations)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    print(f'{role.key} = "{stored}"' if role is not None else stored)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
