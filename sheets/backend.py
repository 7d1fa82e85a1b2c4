"""What a storage backend provides: a grid of tabs, addressed the way a spreadsheet is.

The Store (sheets/store.py) does schemas, validation, versions and audit on top of this, so
the embedded store and the Google Sheets store behave the same for every page.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from sheets.schema import TabSchema
from sheets.table import RawTab

# The audit tab's name and the rows to add to it, written with the change they record.
AuditRows = tuple[str, list[list[Any]]]


@dataclass
class RowRef:
    """One data row found by its id at write time."""

    tab: str
    row_number: int  # as a person sees it; header is row 1
    headers: list[Any]
    cells: list[Any]


class Backend(Protocol):
    """A workbook of named tabs holding raw cell values."""

    kind: str

    def read_tabs(self, names: list[str], refresh: bool = True) -> dict[str, RawTab | None]:
        """Every named tab in one read; None for a tab that does not exist.

        With refresh, the list of tabs is read again too (one metadata call on Google);
        without, the backend may trust the list it already knows.
        """
        ...

    def tab_names(self) -> list[str]:
        """Every tab of the workbook, in the order staff see them, the app's own or not
        (one metadata call on Google)."""
        ...

    def headers(self, name: str) -> list[Any] | None:
        """The tab's header row as last seen (may be cached); None if there is no such tab."""
        ...

    def cell_url(self, sheet_id: int | None, cell: str) -> str | None:
        """A link that opens this cell where staff edit the data; None if there is none."""
        ...

    def revision(self) -> str | None:
        """A cheap token that changes whenever anything is written; None if unknown."""
        ...

    def create_tab(self, name: str, headers: list[str]) -> None:
        """Add a tab with this header row."""
        ...

    def format_tab(self, schema: TabSchema, headers: list[Any]) -> bool:
        """Freeze and protect the header, add dropdowns and date formats where the backend
        can; False when there was nothing to do."""
        ...

    def add_columns(self, name: str, headers: list[str]) -> list[Any]:
        """Add header cells after the last column; return the new header row."""
        ...

    def append_rows(self, name: str, rows: list[list[Any]], audit: AuditRows | None = None) -> None:
        """Add rows after the last row with data, and the audit rows to theirs, in one write."""
        ...

    def find_row(
        self, name: str, id_column: int, record_id: str, columns: list[int] | None = None
    ) -> RowRef | None:
        """The row whose id cell holds record_id, looked up now.

        `columns` are the cells the caller needs; a backend may leave the others as None.
        """
        ...

    def write_cells(
        self, ref: RowRef, id_column: int, updates: dict[int, Any], audit: AuditRows | None = None
    ) -> None:
        """Write only these cells of the row (and the audit rows); fail if the row no longer
        holds its id."""
        ...

    def delete_rows(self, name: str, id_column: int, record_ids: set[str]) -> int:
        """Remove the rows with these ids (used only to clear demo data)."""
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside succeed together or not at all, where the backend can."""
        ...


class StaleRowError(RuntimeError):
    """The row moved or changed id between finding it and writing to it."""


class BackendUnavailable(RuntimeError):
    """The backend did not answer, even after retrying; nothing was written."""
