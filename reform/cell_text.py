"""Text bound for a spreadsheet file (.xlsx, .csv): what a spreadsheet program would read as
a formula, and how much text a cell holds."""

from __future__ import annotations

# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets.
FORMULA_LEADERS = ("=", "+", "-", "@", "\t", "\r", "\n")
EXCEL_MAX_TEXT = 32_767  # the most characters an Excel cell holds


def keep_as_typed(text: str) -> bool:
    """Whether the cell must be marked as typed text (Excel's leading apostrophe): it would
    be read as a formula, or as a number that loses its leading zero (0912345678)."""
    return text.startswith(FORMULA_LEADERS) or text[:1].isdigit()
