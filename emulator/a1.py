"""A1 notation: parsing ranges like `'Phiếu khảo sát'!A1:C3` and printing them as Google does."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_COLUMNS = 18278  # ZZZ

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)$")
_COL = re.compile(r"^\$?([A-Za-z]{1,3})$")
_ROW = re.compile(r"^\$?([0-9]+)$")
_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LOOKS_LIKE_REF = re.compile(r"^(?:[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*|true|false)$", re.I)


class A1Error(ValueError):
    """Raised when a string is not A1 notation."""


def col_letters(index: int) -> str:
    """The letters of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_index(letters: str) -> int:
    """The 0-based index of column letters (A → 0)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def cell_name(row: int, col: int) -> str:
    """The A1 name of a 0-based cell."""
    return f"{col_letters(col)}{row + 1}"


def quote_sheet(title: str) -> str:
    """A sheet title as Google prints it in a range: bare when it is a plain name, else quoted."""
    if _PLAIN_NAME.match(title) and not _LOOKS_LIKE_REF.match(title):
        return title
    return "'" + title.replace("'", "''") + "'"


@dataclass(frozen=True)
class Bounds:
    """0-based inclusive bounds of a cell part; None means open (the grid's edge)."""

    row1: int | None
    col1: int | None
    row2: int | None
    col2: int | None


def split_sheet(text: str) -> tuple[str | None, str | None, bool]:
    """Split `Sheet!A1:B2` into (sheet, cell part, sheet was quoted); either part may be None."""
    text = text.strip()
    if text.startswith("'"):
        i = 1
        name = []
        while i < len(text):
            ch = text[i]
            if ch == "'":
                if i + 1 < len(text) and text[i + 1] == "'":
                    name.append("'")
                    i += 2
                    continue
                break
            name.append(ch)
            i += 1
        else:
            raise A1Error(text)
        rest = text[i + 1 :]
        if not rest:
            return "".join(name), None, True
        if not rest.startswith("!"):
            raise A1Error(text)
        return "".join(name), rest[1:] or None, True
    if "!" in text:
        sheet, _, cells = text.rpartition("!")
        return sheet, cells or None, False
    return None, text, False


def _point(part: str) -> tuple[int | None, int | None]:
    m = _CELL.match(part)
    if m:
        row = int(m.group(2)) - 1
        if row < 0:
            raise A1Error(part)
        return row, col_index(m.group(1))
    m = _COL.match(part)
    if m:
        return None, col_index(m.group(1))
    m = _ROW.match(part)
    if m:
        row = int(m.group(1)) - 1
        if row < 0:
            raise A1Error(part)
        return row, None
    raise A1Error(part)


def parse_cells(part: str) -> Bounds:
    """Parse the cell part of a range: A1, A1:B2, A:A, 2:2, A5:C, A1:1 ..."""
    part = part.strip()
    if ":" not in part:
        if not _CELL.match(part):
            raise A1Error(part)
        row, col = _point(part)
        return Bounds(row, col, row, col)
    left, right = part.split(":", 1)
    r1, c1 = _point(left)
    r2, c2 = _point(right)
    if r1 is None and c1 is not None and r2 is not None and c2 is None:
        raise A1Error(part)
    if c1 is None and r1 is not None and c2 is not None and r2 is None:
        raise A1Error(part)
    if r1 is not None and r2 is not None and r1 > r2:
        r1, r2 = r2, r1
    if c1 is not None and c2 is not None and c1 > c2:
        c1, c2 = c2, c1
    if r1 is None and r2 is not None:
        r1 = 0
    if c1 is None and c2 is not None and r1 is not None and r2 is None:
        c1 = 0
    return Bounds(r1, c1, r2, c2)


def is_cells(text: str) -> bool:
    """True when the text is a cell part (A1, A1:B2, A:A, 1:1) rather than a name."""
    try:
        parse_cells(text)
    except A1Error:
        return False
    return True


def format_range(title: str, row1: int, col1: int, row2: int, col2: int) -> str:
    """Google's normalised range `Sheet1!A1:B2` (`Sheet1!A1` for one cell); 0-based, inclusive."""
    start = cell_name(row1, col1)
    if row1 == row2 and col1 == col2:
        return f"{quote_sheet(title)}!{start}"
    return f"{quote_sheet(title)}!{start}:{cell_name(row2, col2)}"
