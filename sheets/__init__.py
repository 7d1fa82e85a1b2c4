"""Storage: tab schemas, validation, the embedded store and the command line.

The public API, library first (the pages and `python -m sheets` are thin layers over it):

    from sheets import open_store
    store = open_store()          # the configured store, created with demo data if new
    book = store.load()           # Workbook: typed frames per tab plus problems
"""

from __future__ import annotations

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
    "open_store",
]


def open_store(settings: Settings | None = None, create: bool = True) -> Store:
    """The store the settings point to; a new embedded store is filled with demo data."""
    settings = settings or load_settings()
    backend = LocalBackend(settings.store_url)
    store = Store(backend)
    if create and not backend.tab_names():
        store.init(demo=settings.demo)
    return store
