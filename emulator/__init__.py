"""An emulator of the Google Sheets API v4 (and the Drive calls gspread makes) for tests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import SheetsModel
from .server import Call, Emulator, start_emulator

if TYPE_CHECKING:
    from .client import client_from_env, emulator_client

__all__ = [
    "Call",
    "Emulator",
    "SheetsModel",
    "client_from_env",
    "emulator_client",
    "start_emulator",
]


def __getattr__(name: str) -> Any:
    """Import the gspread helpers lazily, so the server runs without gspread."""
    if name in ("emulator_client", "client_from_env"):
        from . import client

        return getattr(client, name)
    raise AttributeError(name)
