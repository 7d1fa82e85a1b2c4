"""Carrying a year's tasks into the next year's plan: deadline phrases moved to the new year.

Pure standard-library module. A deadline is kept as written ("Hàng tháng trong năm 2017"), so
copying a task to another year means moving the years written in that phrase by the same
number of years, and nothing else: "Thường xuyên" stays "Thường xuyên".

What counts as a year (matched on the phrase as written, with or without diacritics):
- any four-digit number from 1900 to 2100, except a document number's year ("61/2018/NĐ-CP");
- a two-digit year where reform/deadlines.py reads one: "Quý I/17", "Tháng 5/17", "15/4/17",
  "ngày 15 tháng 4 năm 17", "năm 17", "6 tháng đầu năm/17".
A 29/2 that lands in a year without one becomes 28/2, with a note; a 29/2 written without a
year follows the plan's year.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from reform.deadlines import Deadline, parse_deadline

__all__ = [
    "CarriedTask",
    "ShiftNote",
    "ShiftedText",
    "carried_title",
    "carry_candidates",
    "is_recurring",
    "shift_deadline",
    "shift_deadline_text",
]

_MIN_YEAR = 1900
_MAX_YEAR = 2100
SECTION_ORDER = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass(frozen=True)
class ShiftNote:
    """Something the shift had to decide; `kind` names it for the translation catalog."""

    kind: str  # "leap_day": 29/2 moved to 28/2
    original: str
    shifted: str
    year: int

    def __str__(self) -> str:
        return f"{self.original} → {self.shifted}: {self.year} has no 29 February"


@dataclass(frozen=True)
class ShiftedText:
    """A deadline phrase moved to another year, with the notes made on the way."""

    text: str
    notes: tuple[ShiftNote, ...] = ()


class _Shift:
    """One shift of one phrase: the year difference and the notes collected."""

    def __init__(self, from_year: int, to_year: int) -> None:
        self.diff = to_year - from_year
        self.to_year = to_year
        self.notes: list[ShiftNote] = []

    def year(self, raw: str) -> tuple[str, int | None]:
        """The written year moved by the difference, written the same way; and its value."""
        value = int(raw) + (2000 if len(raw) == 2 else 0)
        if not _MIN_YEAR <= value <= _MAX_YEAR:
            return raw, None  # not a year after all (a count, a number): leave it
        moved = value + self.diff
        if len(raw) == 2 and 2000 <= moved <= 2099:
            return f"{moved - 2000:02d}", moved
        return str(moved), moved

    def day(self, raw_day: str, raw_month: str, year: int | None) -> str:
        """The day, made 28 when a 29 February lands in a year without one."""
        if year is None or int(raw_day) != 29 or int(raw_month) != 2 or calendar.isleap(year):
            return raw_day
        return "28"


# Roman or Arabic quarter numbers, possibly a list: "I", "I và II", "I-II", "I, Quý II".
_Q = r"(?:iv|iii|ii|i|[1-4])(?![a-z0-9])"
_QUARTERS = rf"{_Q}(?:(?:\s*[,&\-\u2013\u2014]\s*|\s+v[aà]\s+)(?:qu[yý]\s+)?{_Q})*"
_NUM_YEAR = r"(?P<y>\d{4}|\d{2})(?!\d)"
_NOT_DOC_NO = r"(?!\s*/\s*[^\W\d_])"  # 2018 in "61/2018/NĐ-CP" is part of a document number
_THANG = r"th[aá]ng"
_NAM = r"n[aă]m"

# Tried in order at each position; the first that matches wins.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "date",  # 15/4/2017, 29.02.16, 01-3-2017
        re.compile(
            r"(?<![\d/.-])(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*"
            + _NUM_YEAR
            + _NOT_DOC_NO,
            re.IGNORECASE,
        ),
    ),
    (
        "date",  # ngày 15 tháng 4 năm 2017, 15 tháng 4/17
        re.compile(
            rf"(?<!\d)(?P<d>\d{{1,2}})\s+{_THANG}\s+(?P<m>\d{{1,2}})"
            rf"(?:\s*/\s*|\s*,?\s*{_NAM}\s+){_NUM_YEAR}",
            re.IGNORECASE,
        ),
    ),
    (
        "day",  # 29/2 with no year: its year is the plan's
        re.compile(
            r"(?<![\d/.-])(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})(?!\d)(?!\s*[/.-]\s*\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "day",  # ngày 29 tháng 2, with no year
        re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\s+{_THANG}\s+(?P<m>\d{{1,2}})(?!\d)", re.IGNORECASE),
    ),
    (
        "year",  # Tháng 5/2017, tháng 5 năm 17
        re.compile(
            rf"(?<!\w){_THANG}\s+\d{{1,2}}(?:\s*/\s*|\s+{_NAM}\s+){_NUM_YEAR}", re.IGNORECASE
        ),
    ),
    (
        "year",  # Quý I/2017, Quý I và Quý II năm 17
        re.compile(
            rf"(?<!\w)qu[yý]\s+{_QUARTERS}(?:\s*/\s*|\s+{_NAM}\s+){_NUM_YEAR}", re.IGNORECASE
        ),
    ),
    (
        "year",  # năm 2017, năm 17, đầu năm/17
        re.compile(rf"(?<!\w){_NAM}(?:\s*/\s*|\s+){_NUM_YEAR}{_NOT_DOC_NO}", re.IGNORECASE),
    ),
    ("year4", re.compile(r"(?<!\d)(?P<y>\d{4})(?!\d)" + _NOT_DOC_NO)),
]


def _rebuild(match: re.Match[str], new: dict[str, str]) -> str:
    """The matched text with some of its groups replaced."""
    text, offset, pos = match.group(0), match.start(), 0
    parts = []
    for name in sorted(new, key=match.start):
        start, end = match.start(name) - offset, match.end(name) - offset
        parts += [text[pos:start], new[name]]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _shift_match(kind: str, match: re.Match[str], shift: _Shift) -> str:
    """The new text of one matched piece."""
    groups = match.groupdict()
    new: dict[str, str] = {}
    year: int | None = shift.to_year
    if groups.get("y") is not None:
        new["y"], year = shift.year(groups["y"])
        if year is None:
            return match.group(0)
    if kind in ("date", "day"):
        day = shift.day(groups["d"], groups["m"], year)
        if day != groups["d"]:
            new["d"] = day
    shifted = _rebuild(match, new)
    if "d" in new:
        shift.notes.append(ShiftNote("leap_day", match.group(0), shifted, shift.to_year))
    return shifted


def shift_deadline(text: str, from_year: int, to_year: int) -> ShiftedText:
    """Move the years written in a deadline phrase from one plan year to another."""
    if not text:
        return ShiftedText(text or "")
    text = unicodedata.normalize("NFC", text)
    shift = _Shift(from_year, to_year)
    if shift.diff == 0:
        return ShiftedText(text)
    out: list[str] = []
    pos = 0
    while pos < len(text):
        for kind, pattern in _PATTERNS:
            match = pattern.match(text, pos)
            if match:
                out.append(_shift_match(kind, match, shift))
                pos = match.end()
                break
        else:
            out.append(text[pos])
            pos += 1
    return ShiftedText("".join(out), tuple(shift.notes))


def shift_deadline_text(text: str, from_year: int, to_year: int) -> str:
    """The deadline phrase with its years moved: "Quý I/2017" → "Quý I/2018"."""
    return shift_deadline(text, from_year, to_year).text


def is_recurring(deadline_text: str | None, plan_year: int) -> bool:
    """Whether a task recurs (monthly, quarterly, yearly, ongoing) rather than ends once."""
    return parse_deadline(deadline_text or "", plan_year).kind == "recurring"


def carried_title(title: str | None, from_year: int, to_year: int) -> str | None:
    """The new plan's title: the old one with its year moved, else "(to_year)" added."""
    if not title or not title.strip():
        return None
    moved = re.sub(rf"(?<!\d){from_year}(?!\d)", str(to_year), title.strip())
    return moved if moved != title.strip() else f"{title.strip()} ({to_year})"


@dataclass(frozen=True)
class CarriedTask:
    """A task of the old year as it would be copied into the new one."""

    source_id: str
    section: str
    number: int
    content: str
    lead_unit: str | None
    support_units: str | None
    method: str | None
    old_text: str
    new_text: str
    deadline: Deadline  # the new phrase as read in the new year
    notes: tuple[ShiftNote, ...]
    recurring: bool  # the old phrase, read in the old year, recurs

    @property
    def ref(self) -> str:
        """The task's place in the plan: "II.3"."""
        return f"{self.section}.{self.number}"


def _text(value: Any) -> str | None:
    """A stored text value as str, blanks (None, NaN, "") as None."""
    if value is None or value != value:  # noqa: PLR0124 - NaN
        return None
    text = str(value).strip()
    return text or None


def _order(record: Mapping[str, Any]) -> tuple[int, int]:
    return SECTION_ORDER.get(str(record["section"]), 9), int(record["number"])


def carry_candidates(
    tasks: Iterable[Mapping[str, Any]],
    from_year: int,
    to_year: int,
) -> list[CarriedTask]:
    """Every task of from_year, in plan order, as it would be copied into to_year."""
    chosen = [r for r in tasks if r.get("year") is not None and int(r["year"]) == from_year]
    candidates = []
    for record in sorted(chosen, key=_order):
        old = _text(record.get("deadline_text")) or ""
        shifted = shift_deadline(old, from_year, to_year)
        candidates.append(
            CarriedTask(
                source_id=str(record["id"]),
                section=str(record["section"]),
                number=int(record["number"]),
                content=_text(record.get("content")) or "",
                lead_unit=_text(record.get("lead_unit")),
                support_units=_text(record.get("support_units")),
                method=_text(record.get("method")),
                old_text=old,
                new_text=shifted.text,
                deadline=parse_deadline(shifted.text, to_year),
                notes=shifted.notes,
                recurring=is_recurring(old, from_year),
            )
        )
    return candidates
