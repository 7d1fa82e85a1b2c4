"""Reading cells the way people type them, and the problems found on the way.

A cell may come from SQLite, from Google Sheets (unformatted values: numbers, serial dates,
booleans, text) or from an xlsx file (Python dates and numbers). Every parser accepts all of
them, so the same validation serves every store.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from reform.locale import fold
from sheets.schema import Field, FieldType

# Google Sheets and Excel count days from 30/12/1899 (Lotus 1-2-3's leap-year bug included).
SERIAL_EPOCH = dt.datetime(1899, 12, 30)
_MIN_SERIAL, _MAX_SERIAL = 1, 2_958_465  # 31/12/9999


@dataclass(frozen=True)
class Problem:
    """Something wrong in one cell, row or tab, located as a person sees it in the sheet."""

    tab: str
    kind: str  # a catalog key under "problem." that says what was expected
    row: int | None = None  # the row number in the sheet; the header is row 1
    column: str | None = None  # the header as written in the sheet
    column_letter: str | None = None
    value: str = ""
    detail: str = ""  # e.g. the allowed choices or the limit
    severity: str = "error"  # errors keep the row out of the figures; warnings do not

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def cell(self) -> str:
        """A1 reference of the cell, when the problem is in one."""
        if self.column_letter and self.row:
            return f"{self.column_letter}{self.row}"
        return ""


class CellError(ValueError):
    """A value does not fit its field."""

    def __init__(self, kind: str, detail: str = "", severity: str = "error") -> None:
        super().__init__(kind)
        self.kind = kind
        self.detail = detail
        self.severity = severity


def column_letter(index: int) -> str:
    """Spreadsheet column letters for a 0-based index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def header_key(text: Any) -> str:
    """How headers are compared: NFC, case-insensitive, spaces ignored."""
    if text is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", str(text))).casefold()


def is_blank(raw: Any) -> bool:
    """True for an empty cell."""
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and not raw.strip()


def display(raw: Any) -> str:
    """The raw value as a short string for messages."""
    text = "" if raw is None else str(raw)
    return text if len(text) <= 80 else text[:77] + "…"


def parse_cell(field: Field, raw: Any) -> Any:
    """The typed value of a raw cell, None when blank; raises CellError when it does not fit."""
    if isinstance(raw, str):
        raw = unicodedata.normalize("NFC", raw)
    if is_blank(raw):
        if field.required:
            raise CellError("required")
        return None
    parser = _PARSERS[field.type]
    value = parser(field, raw)
    _check_range(field, value)
    return value


def _check_range(field: Field, value: Any) -> None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if field.min_value is not None and value < field.min_value:
            raise CellError("too_small", _number_text(field.min_value))
        if field.max_value is not None and value > field.max_value:
            raise CellError("too_large", _number_text(field.max_value))
    if isinstance(value, str) and field.max_length is not None and len(value) > field.max_length:
        raise CellError("too_long", str(field.max_length))


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _text(field: Field, raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


_INT_GROUPED = re.compile(r"^[+-]?\d{1,3}([.,\s]\d{3})+$")


def _integer(field: Field, raw: Any) -> int:
    if isinstance(raw, bool):
        raise CellError("not_integer")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw.is_integer():
            return int(raw)
        raise CellError("not_integer")
    text = str(raw).strip().replace("\u00a0", " ")
    if _INT_GROUPED.match(text):  # 1.234 or 1,234 or 1 234: thousands grouping
        text = re.sub(r"[.,\s]", "", text)
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?\d+[.,]0+", text):
        return int(re.split(r"[.,]", text)[0])
    raise CellError("not_integer")


def _decimal(field: Field, raw: Any) -> float:
    if isinstance(raw, bool):
        raise CellError("not_number")
    if isinstance(raw, (int, float)):
        return float(raw)
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." in text:
        # The separator that comes last is the decimal one: 1.234,5 or 1,234.5.
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        text = text.replace(group_sep, "").replace(decimal_sep, ".")
    elif "," in text:
        if text.count(",") > 1:
            text = text.replace(",", "")  # 1,234,567
        else:
            text = text.replace(",", ".")  # 1,5 is Vietnamese for 1.5
    elif text.count(".") > 1:
        text = text.replace(".", "")  # 1.234.567
    try:
        value = float(text)
    except ValueError:
        raise CellError("not_number") from None
    if not math.isfinite(value):
        raise CellError("not_number")
    return value


_DMY = re.compile(
    r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})"
    r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)
_YMD = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)


def _from_serial(serial: float, kind: str) -> dt.datetime:
    if not _MIN_SERIAL <= serial <= _MAX_SERIAL:
        raise CellError(kind)
    return SERIAL_EPOCH + dt.timedelta(days=serial)


def _datetime_value(raw: Any, kind: str) -> dt.datetime:
    if isinstance(raw, bool):
        raise CellError(kind)
    if isinstance(raw, dt.datetime):
        return raw.replace(tzinfo=None)
    if isinstance(raw, dt.date):
        return dt.datetime(raw.year, raw.month, raw.day)
    if hasattr(raw, "to_pydatetime"):  # pandas Timestamp
        return raw.to_pydatetime().replace(tzinfo=None)
    if isinstance(raw, (int, float)):
        return _from_serial(float(raw), kind)
    text = str(raw).strip()
    if re.fullmatch(r"\d{5}(\.\d+)?", text):  # a serial number typed or pasted as text
        return _from_serial(float(text), kind)
    match = _DMY.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.group(1, 2, 3))
            if year < 100:
                year += 2000
            hour, minute, second = (int(g or 0) for g in match.group(4, 5, 6))
            return dt.datetime(year, month, day, hour, minute, second)
        match = _YMD.match(text)
        if match:
            year, month, day = (int(g) for g in match.group(1, 2, 3))
            hour, minute, second = (int(g or 0) for g in match.group(4, 5, 6))
            return dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise CellError(kind) from None
    raise CellError(kind)


def _date(field: Field, raw: Any) -> dt.date:
    return _datetime_value(raw, "not_date").date()


def _datetime(field: Field, raw: Any) -> dt.datetime:
    value = _datetime_value(raw, "not_datetime")
    # To the nearest second: a serial number's float may land a hair before the second.
    return (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)


def _choice(field: Field, raw: Any) -> str:
    text = _text(field, raw)
    wanted = fold(text)
    for choice in field.choices:
        if fold(choice) == wanted:
            return choice
    raise CellError("not_choice", "; ".join(field.choices))


_TRUE = {"true", "x", "co", "yes", "1", "dung", "v", "✓", "✔"}
_FALSE = {"false", "khong", "no", "0", "sai", "-"}


def _bool(field: Field, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    key = fold(str(raw))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError("not_bool")


def _url(field: Field, raw: Any) -> str:
    text = _text(field, raw)
    if not re.match(r"^https?://\S+$", text, re.IGNORECASE):
        # Kept as written: evidence is often a document number instead of a link.
        raise CellError("not_url", severity="warning")
    return text


def _phone(field: Field, raw: Any) -> str:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        # The sheet turned the number into a number and dropped its leading zero.
        digits = str(int(raw))
        if len(digits) in (9, 10) and not digits.startswith("0"):
            return "0" + digits
        return digits
    text = _text(field, raw)
    if not re.fullmatch(r"\+?[\d\s.\-()]{6,20}", text):
        raise CellError("not_phone")
    return text


_PARSERS = {
    FieldType.TEXT: _text,
    FieldType.INTEGER: _integer,
    FieldType.DECIMAL: _decimal,
    FieldType.DATE: _date,
    FieldType.DATETIME: _datetime,
    FieldType.CHOICE: _choice,
    FieldType.BOOL: _bool,
    FieldType.URL: _url,
    FieldType.PHONE: _phone,
}
