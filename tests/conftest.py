"""Shared fixtures: every test gets its own temporary embedded store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from emulator import Emulator, start_emulator
from sheets.local import LocalBackend
from sheets.store import Store


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh SQLite path that load_settings() and the command line will use."""
    path = tmp_path / "reform.db"
    monkeypatch.setenv("REFORM_DB_PATH", str(path))
    monkeypatch.delenv("REFORM_DATABASE_URL", raising=False)
    monkeypatch.setenv("REFORM_LANGUAGE", "vi")
    return path


@pytest.fixture
def empty_store(db_path: Path) -> Store:
    """A store with every tab created and no rows."""
    store = Store(LocalBackend(f"sqlite:///{db_path}"))
    store.init()
    return store


@pytest.fixture
def demo_store(db_path: Path) -> Store:
    """A store filled with the demo data."""
    store = Store(LocalBackend(f"sqlite:///{db_path}"))
    store.init(demo=True)
    return store


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    """A running Sheets API emulator on 127.0.0.1, shared by the tests of a module."""
    emulator = start_emulator()
    yield emulator
    emulator.stop()
