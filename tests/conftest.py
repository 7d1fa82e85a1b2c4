"""Shared fixtures: every test gets its own temporary embedded store.

The suite runs in parallel with pytest-xdist (see addopts in pyproject.toml): each worker is a
process of its own with its own temporary directory, so nothing here may rely on a fixed port
or a fixed path that another worker could use at the same time.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from emulator import Emulator, start_emulator
from sheets.local import LocalBackend
from sheets.store import Store

# When this run started, as the xdist controller (or the only process) saw it.
RUN_STARTED = time.time()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Give every xdist worker the run's start: a worker deletes only the failure screenshots
    of earlier runs, never the ones another worker has just taken (tests/browser/conftest.py)."""
    node.workerinput["reform_run_started"] = RUN_STARTED


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
