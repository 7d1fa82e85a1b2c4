"""Storage: tab schemas, validation, the embedded store and the command line.

The public API, library first (the pages and `python -m sheets` are thin layers over it):

    from sheets import open_store
    store = open_store()          # the configured store, created with demo data if new
    book = store.load()           # Workbook: typed frames per tab plus problems
"""

from __future__ import annotations

from sheets.google import GoogleBackend, emulator_client, service_account_client
from sheets.local import LocalBackend
from sheets.settings import Settings, load_settings
from sheets.store import (
    ConflictError,
    NotFoundError,
    Store,
    StoreError,
    ValidationError,
    Workbook,
)
from sheets.values import Problem

__all__ = [
    "ConflictError",
    "NotFoundError",
    "Problem",
    "Store",
    "StoreError",
    "ValidationError",
    "Workbook",
    "open_kind",
    "open_store",
]


def open_store(settings: Settings | None = None, create: bool = True) -> Store:
    """The store the settings point to: Google Sheets when configured, else the embedded one.

    A new embedded store is created and filled with demo data; a Google spreadsheet is
    never changed by opening it (run `python -m sheets init` for that).
    """
    settings = settings or load_settings()
    if settings.backend == "google":
        return Store(google_backend(settings), cache_ttl=settings.cache_ttl)
    backend = LocalBackend(settings.store_url)
    store = Store(backend)
    if create and not backend.tab_names():
        store.init(demo=settings.demo)
    return store


def open_kind(kind: str, settings: Settings | None = None) -> Store:
    """The local or the Google store of these settings, whichever `store` says (for copy)."""
    settings = settings or load_settings()
    if kind == "google":
        return Store(google_backend(settings), cache_ttl=settings.cache_ttl)
    return Store(LocalBackend(settings.store_url))


def google_backend(settings: Settings) -> GoogleBackend:
    """The Google Sheets backend for these settings, or for the emulator when one is set."""
    if not settings.gsheets_spreadsheet:
        raise StoreError("no_spreadsheet")
    if settings.sheets_emulator_host:
        client = emulator_client(settings.sheets_emulator_host)
        return GoogleBackend(client, settings.gsheets_spreadsheet, account_email="emulator")
    account = settings.service_account
    if not account.get("client_email") or not account.get("private_key"):
        raise StoreError("no_credentials")
    return GoogleBackend(
        service_account_client(account),
        settings.gsheets_spreadsheet,
        account_email=account["client_email"],
    )
