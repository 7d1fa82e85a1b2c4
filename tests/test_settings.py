"""Settings: defaults, then secrets.toml's [reform] table, then REFORM_* variables."""

from __future__ import annotations

from pathlib import Path

from sheets.settings import SETTINGS, load_settings

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_need_no_configuration():
    settings = load_settings(environ={}, secrets={})
    assert settings.language == "vi"
    assert settings.demo is True
    assert settings.store_url.startswith("sqlite:///") and settings.store_url.endswith("reform.db")


def test_environment_wins_over_secrets():
    secrets = {"reform": {"language": "en", "db_path": "/tmp/a.db", "demo": False}}
    settings = load_settings(environ={"REFORM_DB_PATH": "/tmp/b.db"}, secrets=secrets)
    assert settings.language == "en"
    assert settings.demo is False
    assert settings.store_url == "sqlite:////tmp/b.db"


def test_a_database_url_replaces_the_path():
    settings = load_settings(environ={"REFORM_DATABASE_URL": "sqlite:////tmp/c.db"}, secrets={})
    assert settings.store_url == "sqlite:////tmp/c.db"


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    for setting in SETTINGS:
        assert setting.env in readme, setting.env
        assert f"`{setting.name}`" in readme, setting.name
