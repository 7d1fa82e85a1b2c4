"""Fixtures: one emulator per test module, a gspread client and a fresh spreadsheet per test."""

from __future__ import annotations

import gspread
import pytest

from emulator import Emulator, emulator_client


@pytest.fixture
def gc(emu: Emulator) -> gspread.Client:
    """A gspread client talking to the emulator, with no quota and no faults left over."""
    emu.clear_faults()
    emu.set_quota(None)
    return emulator_client(emu.host)


@pytest.fixture
def sh(emu: Emulator, gc: gspread.Client) -> gspread.Spreadsheet:
    """A new spreadsheet with one tab Sheet1 (1000 x 26), opened through gspread."""
    return gc.open_by_key(emu.create_spreadsheet("Bảng thử nghiệm"))
