"""Every setting in one place: defaults that need no configuration, then secrets, then env.

Settings are read from the `[reform]` table of `.streamlit/secrets.toml` and from environment
variables named `REFORM_<NAME>`, which win. The README lists them all (a test checks that).
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    description: str
    env_name: str = ""  # when the variable does not follow REFORM_<NAME>

    @property
    def env(self) -> str:
        return self.env_name or f"REFORM_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db_path",
        str(PROJECT_ROOT / "data" / "reform.db"),
        "Where the embedded SQLite store lives; created with demo data when missing.",
    ),
    Setting(
        "database_url",
        "",
        "A SQLAlchemy URL for the embedded store instead of db_path (e.g. postgresql+psycopg://…).",
    ),
    Setting("demo", True, "Fill a newly created embedded store with the demo data."),
    Setting("language", "vi", "The language the app opens in: vi or en."),
    Setting(
        "agency_name",
        "",
        "The agency's name in the header; empty takes it from the newest plan's row.",
    ),
    Setting(
        "public_url",
        "",
        "The app's address as citizens reach it (https://…); the survey's QR code and A4 sign "
        "point to <public_url>/khao_sat. Empty: no QR code.",
    ),
    Setting(
        "display_seconds",
        15,
        "Seconds each panel stays on the desk's display (/man_hinh?display=1) before the next.",
    ),
    # The report (python -m sheets report): NĐ 30/2020/NĐ-CP's heading and closing blocks.
    # Empty values are read from the newest plan (agency, number, signer) or left as "[…]".
    Setting(
        "report_parent_agency",
        "",
        "The governing body above the agency in the report's heading (e.g. UBND TỈNH …); "
        "empty: from the agency's name (… tỉnh X gives UBND TỈNH X).",
    ),
    Setting(
        "report_number_suffix",
        "",
        "The report's number suffix (e.g. BC-SCT); empty: from the plan's number (21/KH-SCT).",
    ),
    Setting(
        "report_number",
        "",
        "The report's number; empty leaves a blank before the suffix for the clerk.",
    ),
    Setting(
        "report_place",
        "",
        "The place before the date (e.g. Khánh Hòa); empty: the province in the agency's name.",
    ),
    Setting("report_signer", "", "Who signs the report; empty: the newest plan's signer."),
    Setting(
        "report_signer_title",
        "",
        "The signer's title, lines separated by ; (e.g. KT. GIÁM ĐỐC;PHÓ GIÁM ĐỐC); "
        "empty: GIÁM ĐỐC for a Sở.",
    ),
    Setting(
        "report_recipients",
        "",
        "The report's recipients (Nơi nhận), separated by ; ending with Lưu: …; "
        "empty: Sở Nội vụ (báo cáo);Lưu: VT.",
    ),
    Setting("due_soon_days", 14, "How many days ahead a task counts as due soon."),
    Setting(
        "web_posts_per_month",
        1,
        "The fewest web posts a month the plan asks for (Plan 21/KH-SCT, task I.6).",
    ),
    Setting(
        "survey_quarter_target",
        30,
        "How many survey responses a quarter should reach; the Khảo sát page tracks the pace.",
    ),
    # Feedback deadlines in working days; the defaults are reform.feedback.DueRules' (a test
    # checks they agree). TT 11/2014/TT-BCT: 5, 3 online, 10 complex; NĐ 20/2008/NĐ-CP: 5.
    Setting("feedback_answer_days", 5, "Working days to answer a feedback item."),
    Setting("feedback_online_answer_days", 3, "Working days to answer an item received online."),
    Setting("feedback_complex_answer_days", 10, "Working days to answer a complex item."),
    Setting(
        "feedback_forward_days",
        5,
        "Working days to forward an item outside the agency's competence to the competent body.",
    ),
    Setting(
        "feedback_due_soon_days",
        2,
        "How many working days ahead an open feedback item counts as due soon.",
    ),
    Setting(
        "feedback_max_length",
        10_000,
        "The longest feedback content accepted, in characters (at most 10,000: the sheet's).",
    ),
    Setting(
        "days_off",
        "",
        "Extra days off the holidays package lacks (dd/mm/yyyy, separated by ;).",
    ),
    Setting(
        "extra_working_days",
        "",
        "Weekend days worked in exchange for a day off (dd/mm/yyyy, separated by ;).",
    ),
    Setting("store", "auto", "local, google, or auto: Google Sheets when a spreadsheet is set."),
    Setting("cache_ttl", 60, "Seconds a load from Google Sheets is reused before reading again."),
    Setting(
        "gsheets_spreadsheet",
        "",
        "The Google spreadsheet's URL or key (also [connections.gsheets] spreadsheet).",
    ),
    Setting(
        "gsheets_credentials",
        "",
        "A service account's JSON key, as a file path or the JSON itself; else the key's "
        "fields under [connections.gsheets].",
    ),
    Setting(
        "admin_emails",
        "",
        "E-mails (comma-separated) that are always admins, so the first admin can sign in "
        "before the Người dùng tab has rows.",
    ),
    Setting(
        "password_viewer", "", "Salted hash of the viewers' password (python -m reform.access)."
    ),
    Setting("password_editor", "", "Salted hash of the editors' password."),
    Setting("password_admin", "", "Salted hash of the admins' password."),
    Setting(
        "allow_open_mode",
        False,
        "Allow running with no login at all (everyone may do everything) on a Google sheet.",
    ),
    Setting(
        "show_personal_to_viewers",
        False,
        "Let viewers (leadership) see the senders' names, phones, e-mails and addresses.",
    ),
    Setting(
        "sheets_emulator_host",
        "",
        "host:port of a Sheets API emulator: plain HTTP, no credentials (for tests).",
        env_name="SHEETS_EMULATOR_HOST",
    ),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, value: Any) -> Any:
    if isinstance(setting.default, bool):
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in ("1", "true", "yes", "on", "có")
    if isinstance(setting.default, int):
        return int(value)
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


def secrets_paths() -> list[Path]:
    """Where secrets.toml is looked for, as Streamlit does: the project, then the cwd."""
    paths = [
        PROJECT_ROOT / ".streamlit" / "secrets.toml",
        Path.cwd() / ".streamlit" / "secrets.toml",
    ]
    return list(dict.fromkeys(paths))


def read_secrets() -> dict[str, Any]:
    """The secrets file's contents, or an empty dict when there is none."""
    merged: dict[str, Any] = {}
    for path in secrets_paths():
        if path.is_file():
            with path.open("rb") as handle:
                merged.update(tomllib.load(handle))
    return merged


@dataclass(frozen=True)
class Settings:
    values: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def backend(self) -> str:
        """Which store to open: local or google."""
        if self.store in ("local", "google"):
            return self.store
        return "google" if self.gsheets_spreadsheet else "local"

    @property
    def auth_mode(self) -> str:
        """oidc when [auth] is configured, password when a role password is set, else open."""
        if self.oidc:
            return "oidc"
        if self.password_viewer or self.password_editor or self.password_admin:
            return "password"
        return "open"

    @property
    def password_hashes(self) -> dict[str, str]:
        """The configured role passwords' hashes, by role name."""
        return {
            role: getattr(self, f"password_{role}")
            for role in ("viewer", "editor", "admin")
            if getattr(self, f"password_{role}")
        }

    @property
    def bootstrap_admins(self) -> set[str]:
        return {e.strip().lower() for e in self.admin_emails.split(",") if e.strip()}

    @property
    def store_url(self) -> str:
        """The SQLAlchemy URL of the embedded store."""
        return self.database_url or f"sqlite:///{Path(self.db_path).expanduser()}"


def load_settings(
    environ: dict[str, str] | None = None, secrets: dict[str, Any] | None = None
) -> Settings:
    """Defaults, overridden by secrets.toml's [reform], overridden by REFORM_* variables."""
    environ = os.environ if environ is None else environ
    secrets = read_secrets() if secrets is None else secrets
    section = dict(secrets.get("reform", {}))
    gsheets = secrets.get("connections", {}).get("gsheets", {})
    if gsheets.get("spreadsheet") and "gsheets_spreadsheet" not in section:
        section["gsheets_spreadsheet"] = gsheets["spreadsheet"]
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value = setting.default
        if setting.name in section:
            value = _coerce(setting, section[setting.name])
        if setting.env in environ:
            value = _coerce(setting, environ[setting.env])
        values[setting.name] = value
    values["service_account"] = _service_account(values["gsheets_credentials"], gsheets)
    auth = secrets.get("auth")
    values["oidc"] = isinstance(auth, dict) and bool(auth)
    values["oidc_providers"] = sorted(k for k, v in (auth or {}).items() if isinstance(v, dict))
    return Settings(values)


def _service_account(credentials: str, gsheets: dict[str, Any]) -> dict[str, Any]:
    """The service account's key fields, from a JSON file, JSON text, or the secrets table."""
    text = credentials.strip()
    if text.startswith("{"):
        return json.loads(text)
    if text:
        return json.loads(Path(text).expanduser().read_text("utf-8"))
    return {k: v for k, v in gsheets.items() if k != "spreadsheet"}
