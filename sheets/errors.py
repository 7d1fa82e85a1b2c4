"""What can go wrong with a write or a read, in terms a page can explain.

Each error has a `kind`, a catalog key under "error.", and the parameters its message needs.
"""

from __future__ import annotations

from typing import Any

from sheets.values import Problem


class StoreError(Exception):
    """A write that cannot be done; `kind` is a catalog key under "error."."""

    def __init__(self, kind: str, message: str = "", **params: Any) -> None:
        super().__init__(message or kind)
        self.kind = kind
        self.params = params


class ValidationError(StoreError):
    """Values that do not fit their fields; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("validation", "; ".join(f"{p.column}: {p.kind}" for p in problems))
        self.problems = problems


class ConflictError(StoreError):
    """The record changed since it was read; nothing was overwritten."""

    def __init__(self, tab: str, record_id: str, expected: int | None, current: dict[str, Any]):
        super().__init__("conflict", f"{tab} {record_id} changed (expected version {expected})")
        self.tab = tab
        self.record_id = record_id
        self.expected_version = expected
        self.current = current


class NotFoundError(StoreError):
    """No row holds this id."""
