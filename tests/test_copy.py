"""Moving data: `python -m sheets copy` between the embedded store and Google (the emulator)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from emulator import Emulator
from sheets import open_kind
from sheets.cli import main
from sheets.settings import load_settings


@pytest.fixture
def google_env(emu: Emulator, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Settings that point `google` at a fresh emulator spreadsheet, `local` at db_path."""
    sid = emu.create_spreadsheet("CCHC")
    monkeypatch.setenv("SHEETS_EMULATOR_HOST", emu.host)
    monkeypatch.setenv("REFORM_GSHEETS_SPREADSHEET", sid)
    monkeypatch.setenv("REFORM_STORE", "local")
    return sid


def frames(kind: str) -> dict[str, pd.DataFrame]:
    book = open_kind(kind, load_settings()).load(force=True)
    return {
        key: parsed.frame.drop(columns=["_row"]).sort_values("id").reset_index(drop=True)
        for key, parsed in book.tabs.items()
        if key != "audit"
    }


def test_copy_local_to_google_and_back_is_identical_and_safe_to_rerun(
    google_env: str, emu: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "--demo"]) == 0
    assert main(["copy", "--from", "local", "--to", "google"]) == 0
    local, google = frames("local"), frames("google")
    for key in local:
        pd.testing.assert_frame_equal(local[key], google[key], check_dtype=False, obj=key)

    emu.reset_calls()
    assert main(["copy", "--from", "local", "--to", "google"]) == 0
    writes = [c for c in emu.calls() if c.method != "GET"]
    assert writes == []  # a second run finds everything equal
    assert "0 " in capsys.readouterr().out


def test_copy_from_google_brings_a_colleagues_rows_into_the_local_store(
    google_env: str, emu: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["init", "--demo"]) == 0
    assert main(["copy", "--from", "local", "--to", "google"]) == 0
    # A colleague adds a row straight in the Google sheet.
    emu.model.insert_rows(google_env, "Hoạt động", 2, [["new-1", "05/06/2017", "Tờ rơi",
                                                        "Phát tờ rơi tại quầy"]])
    monkeypatch.setenv("REFORM_DB_PATH", str(tmp_path / "other.db"))
    assert main(["copy", "--from", "google", "--to", "local"]) == 0
    activities = frames("local")["activities"].set_index("id")
    assert activities.loc["new-1", "title"] == "Phát tờ rơi tại quầy"
    assert len(activities) == 61


def test_copy_to_the_same_store_is_refused(google_env: str) -> None:
    assert main(["copy", "--from", "local", "--to", "local"]) == 2
