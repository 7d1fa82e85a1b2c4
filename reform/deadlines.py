"""Read the deadline column of a plan's task table ("Trong Quý I/2017", "Thường xuyên", ...).

Pure standard-library module. A phrase is read only when every word in it is understood;
anything else comes back as kind "unparsed" with a note asking for a date by hand, so the
dashboard never guesses silently. Every assumption made while reading goes into `notes`.

How phrases are read (after `fold`: no diacritics, casefolded):
- "Quý I/2017", "quý 2", "Quý III năm 2017", "Quý I/17", "Quý I và Quý II", "Quý I-II":
  window over the quarter(s);
- "6 tháng đầu năm", "6 tháng cuối năm" (also "nửa đầu/cuối năm"): window over the half year;
- "Tháng 5/2017", "Tháng 10": window over the month; "Cả năm", "Trong năm", "Năm 2017":
  window over the year;
- "31/12/2017", "ngày 30/6/2017", "ngày 15 tháng 4 năm 2017", "chậm nhất ngày ...": due date;
- "Trước ngày 15/4/2017", "trước 30/6": due the day before (14/04, 29/06);
- "hàng/hằng/mỗi/định kỳ hàng tháng|quý|năm": recurring monthly|quarterly|yearly;
  "Thường xuyên", "liên tục": recurring ongoing.
Combinations:
- several windows: adjacent ones are joined ("Quý I và Quý II" → 01/01–30/06); separate ones
  ("Tháng 5 và tháng 11") give one window from the first start to the last end whose parts
  are kept in `spans`, with a note; overlapping windows are unparsed;
- a date inside a window ("Trong tháng 5, trước ngày 20/5"): a date with the window's start;
- two cadences: a cadence after "công bố", "báo cáo", "niêm yết" or "công khai" is the
  publish cadence ("Thường xuyên, báo cáo hàng quý" → ongoing, publish quarterly); without
  such a word the second cadence is taken as the publish cadence, with a note;
- a cadence with a window ("Hàng tháng trong năm 2017"): recurring, limited to the window
  (start and due hold the limits);
- anything else (two dates, a recurring task with a fixed date, unknown words): unparsed.
Years default to the plan's year (noted); two-digit years are read as 20xx (noted).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from reform.locale import fold

__all__ = [
    "CADENCES",
    "KINDS",
    "UNPARSED_NOTE",
    "Deadline",
    "parse_deadline",
]

KINDS = ("date", "window", "recurring", "unparsed")
CADENCES = ("monthly", "quarterly", "yearly", "ongoing")
UNPARSED_NOTE = "cannot read this deadline: set the date by hand"

_MIN_YEAR = 1900
_MAX_YEAR = 2100

Span = tuple[date, date]


def _fmt(day: date) -> str:
    """Format a date as dd/mm/yyyy, as Vietnamese documents write it."""
    return day.strftime("%d/%m/%Y")


def _month_span(year: int, month: int) -> Span:
    """Return the first and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _quarter_span(year: int, quarter: int) -> Span:
    """Return the first and last day of a quarter (1-4)."""
    first_month = 3 * (quarter - 1) + 1
    return _month_span(year, first_month)[0], _month_span(year, first_month + 2)[1]


def _year_span(year: int) -> Span:
    """Return 1 January and 31 December of a year."""
    return date(year, 1, 1), date(year, 12, 31)


def _cadence_periods(cadence: str, year: int) -> list[Span]:
    """Return the periods of one cadence within a calendar year."""
    if cadence == "monthly":
        return [_month_span(year, month) for month in range(1, 13)]
    if cadence == "quarterly":
        return [_quarter_span(year, quarter) for quarter in range(1, 5)]
    return [_year_span(year)]


@dataclass(frozen=True)
class Deadline:
    """A deadline phrase as read from the plan, with the assumptions made to read it."""

    kind: str
    text: str
    start: date | None = None
    due: date | None = None
    cadence: str | None = None
    publish_cadence: str | None = None
    notes: tuple[str, ...] = ()
    # Separate parts of a window such as "Tháng 5 và tháng 11"; empty for a single period.
    spans: tuple[Span, ...] = field(default=())

    def periods(self, year: int) -> list[Span]:
        """Return (start, end) of each period in the year; recurring ones clipped to limits."""
        if self.kind == "recurring" and self.cadence is not None:
            result = []
            for start, end in _cadence_periods(self.cadence, year):
                if self.start is not None and end < self.start:
                    continue
                if self.due is not None and start > self.due:
                    continue
                result.append((max(start, self.start or start), min(end, self.due or end)))
            return result
        if self.due is None:
            return []
        parts = self.spans or ((self.start or date(self.due.year, 1, 1), self.due),)
        return [(start, end) for start, end in parts if start.year <= year <= end.year]

    def due_on(self, day: date) -> date | None:
        """Return the deadline of the period containing day (date/window: its due date)."""
        if self.kind == "recurring":
            for start, end in self.periods(day.year):
                if start <= day <= end:
                    return end
            return None
        if self.spans:
            # Separate parts: the part still open on that day, else the last one.
            for _, end in self.spans:
                if day <= end:
                    return end
        return self.due


class _Unreadable(Exception):
    """Raised inside the parser when a phrase cannot be read; the message says why."""


@dataclass
class _Part:
    """One understood piece of a phrase."""

    kind: str  # "date", "window" or "recurring"
    start: date | None = None
    due: date | None = None
    cadence: str | None = None
    publish: bool = False  # preceded by "công bố", "báo cáo", ...


class _Reader:
    """Reads one folded phrase piece by piece, collecting parts and notes."""

    def __init__(self, plan_year: int) -> None:
        """Start an empty reading for a plan year."""
        self.plan_year = plan_year
        self.notes: list[str] = []

    def note(self, text: str) -> None:
        """Record an assumption once."""
        if text not in self.notes:
            self.notes.append(text)

    def year(self, raw: str | None) -> int:
        """Turn a written year (4 or 2 digits, or missing) into a year, noting assumptions."""
        if raw is None:
            self.note(f"year taken from the plan: {self.plan_year}")
            return self.plan_year
        value = int(raw)
        if len(raw) == 2:
            value += 2000
            self.note(f"two-digit year {raw} read as {value}")
        if not _MIN_YEAR <= value <= _MAX_YEAR:
            raise _Unreadable(f"year {raw} is out of range")
        if value != self.plan_year:
            self.note(f"year {value} is not the plan year {self.plan_year}")
        return value

    def day(self, day_raw: str, month_raw: str, year_raw: str | None) -> date:
        """Build a calendar date, refusing ones that do not exist (31/02)."""
        year = self.year(year_raw)
        try:
            return date(year, int(month_raw), int(day_raw))
        except ValueError:
            raise _Unreadable(f"{day_raw}/{month_raw}/{year} is not a calendar date") from None


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_END = r"(?![^\s,;:().])"  # a piece ends at a space, separator or the end of the phrase
_Q = r"(?:iv|iii|ii|i|[1-4])(?![a-z0-9])"
_LIST_SEP = r"(?:\s*[,&-]\s*|\s+va\s+)"
_YEAR_SUFFIX = r"(?:(?:\s*/\s*|\s+nam\s+)(?P<year>\d{4}|\d{2})(?!\d))?"
_DATE_PREFIX = r"(?:(?P<pre>truoc|cham\s+nhat|han\s+chot)(?:\s*:\s*|\s+))?(?:ngay\s+)?"


def _read_quarters(reader: _Reader, match: re.Match[str]) -> _Part:
    """Read "Quý I/2017", "Quý I và Quý II", "Quý I-II"."""
    year = reader.year(match["year"])
    tokens = re.findall(r"iv|iii|ii|i|[1-4]|-", match["nums"].replace("quy", " "))
    quarters: list[int] = []
    pending_range = False
    for token in tokens:
        if token == "-":
            pending_range = True
            continue
        number = _ROMAN[token]
        if pending_range and quarters and number > quarters[-1]:
            quarters.extend(range(quarters[-1] + 1, number + 1))
        else:
            quarters.append(number)
        pending_range = False
    if sorted(set(quarters)) != list(range(min(quarters), max(quarters) + 1)):
        raise _Unreadable("quarters that are not next to each other")
    start = _quarter_span(year, min(quarters))[0]
    return _Part("window", start, _quarter_span(year, max(quarters))[1])


def _read_half(reader: _Reader, match: re.Match[str]) -> _Part:
    """Read "6 tháng đầu năm", "6 tháng cuối năm 2017"."""
    year = reader.year(match["year"])
    if match["half"] == "dau":
        return _Part("window", date(year, 1, 1), date(year, 6, 30))
    return _Part("window", date(year, 7, 1), date(year, 12, 31))


def _read_month(reader: _Reader, match: re.Match[str]) -> _Part:
    """Read "Tháng 5/2017", "tháng 10"."""
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise _Unreadable(f"month {month} does not exist")
    return _Part("window", *_month_span(reader.year(match["year"]), month))


def _read_year(reader: _Reader, match: re.Match[str]) -> _Part:
    """Read "Cả năm", "Trong năm", "Năm 2017"."""
    return _Part("window", *_year_span(reader.year(match["year"])))


def _read_date(reader: _Reader, match: re.Match[str]) -> _Part:
    """Read "31/12/2017", "ngày 15 tháng 4 năm 2017", "trước 30/6"."""
    day = reader.day(match["d"], match["m"], match["year"])
    if match["pre"] == "truoc":
        due = day - timedelta(days=1)
        reader.note(f"'before {_fmt(day)}' read as due {_fmt(due)}, the day before")
        return _Part("date", due=due)
    return _Part("date", due=day)


_UNIT_CADENCE = {"thang": "monthly", "quy": "quarterly", "nam": "yearly"}


def _read_recurring(reader: _Reader, match: re.Match[str]) -> _Part:
    """Read "hàng tháng", "hằng quý", "mỗi năm", "định kỳ hàng tháng"."""
    return _Part("recurring", cadence=_UNIT_CADENCE[match["unit"]])


def _read_ongoing(reader: _Reader, match: re.Match[str]) -> _Part:
    """Read "thường xuyên", "liên tục"."""
    return _Part("recurring", cadence="ongoing")


# Tried in order at each position; the first that matches wins.
_PIECES: list[tuple[re.Pattern[str], Callable[[_Reader, re.Match[str]], _Part]]] = [
    (
        re.compile(
            r"(?:dinh\s+ky\s+(?:(?:hang|moi)\s+)?|(?:hang|moi)\s+)(?P<unit>thang|quy|nam)" + _END
        ),
        _read_recurring,
    ),
    (re.compile(r"(?:thuong\s+xuyen|lien\s+tuc)" + _END), _read_ongoing),
    (
        re.compile(rf"quy\s+(?P<nums>{_Q}(?:{_LIST_SEP}(?:quy\s+)?{_Q})*){_YEAR_SUFFIX}{_END}"),
        _read_quarters,
    ),
    (
        re.compile(
            r"(?:6\s+thang|nua)\s+(?P<half>dau|cuoi)\s+nam"
            r"(?:(?:\s*/\s*|\s+)(?P<year>\d{4}|\d{2})(?!\d))?" + _END
        ),
        _read_half,
    ),
    (re.compile(rf"thang\s+(?P<month>\d{{1,2}})(?!\d){_YEAR_SUFFIX}{_END}"), _read_month),
    (re.compile(r"(?:ca|trong)\s+nam(?:\s+(?P<year>\d{4}))?" + _END), _read_year),
    (re.compile(r"nam\s+(?P<year>\d{4})" + _END), _read_year),
    (
        re.compile(
            _DATE_PREFIX + r"(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})(?!\d)"
            r"(?:\s*(?P=sep)\s*(?P<year>\d{4}|\d{2})(?!\d))?" + _END
        ),
        _read_date,
    ),
    (
        re.compile(
            _DATE_PREFIX + r"(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})(?!\d)"
            r"(?:(?:\s*/\s*|\s*,?\s*nam\s+)(?P<year>\d{4}|\d{2})(?!\d))?" + _END
        ),
        _read_date,
    ),
]

# Words that carry no date of their own.
_FILLER = re.compile(r"(?:thuc\s+hien|trong|va|theo|hoan\s+thanh|vao)" + _END)
# Words saying that what follows is when results are published or reported.
_PUBLISH = re.compile(r"(?:cong\s+bo|bao\s+cao|niem\s+yet|cong\s+khai)(?:\s+ket\s+qua)?" + _END)
_SEPARATORS = re.compile(r"[\s,;:()]+|-\s+")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-"})


def _read_parts(phrase: str, reader: _Reader) -> list[_Part]:
    """Split a folded phrase into understood parts; raise _Unreadable on any unknown word."""
    parts: list[_Part] = []
    publish = False
    pos = 0
    while pos < len(phrase):
        separator = _SEPARATORS.match(phrase, pos)
        if separator:
            pos = separator.end()
            continue
        for pattern, read in _PIECES:
            match = pattern.match(phrase, pos)
            if match:
                part = read(reader, match)
                part.publish = publish
                publish = False
                parts.append(part)
                pos = match.end()
                break
        else:
            if match := _PUBLISH.match(phrase, pos):
                publish = True
            elif not (match := _FILLER.match(phrase, pos)):
                rest = phrase[pos:].split()[0]
                raise _Unreadable(f"unknown word: {rest!r}")
            pos = match.end()
    if not parts:
        raise _Unreadable("no date, period or cadence found")
    return parts


def _join_windows(windows: list[_Part]) -> list[Span]:
    """Join adjacent windows; raise _Unreadable when windows overlap."""
    spans = sorted((part.start, part.due) for part in windows if part.start and part.due)
    joined: list[Span] = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = joined[-1]
        if start <= last_end:
            raise _Unreadable("periods that overlap")
        if start == last_end + timedelta(days=1):
            joined[-1] = (last_start, end)
        else:
            joined.append((start, end))
    return joined


def _combine(text: str, parts: list[_Part], reader: _Reader) -> Deadline:
    """Turn the understood parts of one phrase into a Deadline."""
    dates = [part for part in parts if part.kind == "date"]
    windows = [part for part in parts if part.kind == "window"]
    recurring = [part for part in parts if part.kind == "recurring"]
    spans = _join_windows(windows) if windows else []
    if recurring:
        return _combine_recurring(text, recurring, dates, windows, spans, reader)
    if dates:
        if len(dates) > 1:
            raise _Unreadable("more than one due date")
        due = dates[0].due
        if not spans:
            return Deadline("date", text, None, due, notes=tuple(reader.notes))
        if len(spans) > 1 or due is None or not spans[0][0] <= due <= spans[0][1]:
            raise _Unreadable("a due date outside the period")
        return Deadline("date", text, spans[0][0], due, notes=tuple(reader.notes))
    start, due = spans[0][0], spans[-1][1]
    if len(spans) == 1:
        if len(windows) > 1:
            reader.note(f"periods joined into one window: {_fmt(start)}-{_fmt(due)}")
        return Deadline("window", text, start, due, notes=tuple(reader.notes))
    listed = ", ".join(f"{_fmt(a)}-{_fmt(b)}" for a, b in spans)
    reader.note(f"separate periods ({listed}): due is the end of the last one")
    return Deadline("window", text, start, due, notes=tuple(reader.notes), spans=tuple(spans))


def _combine_recurring(
    text: str,
    recurring: list[_Part],
    dates: list[_Part],
    windows: list[_Part],
    spans: list[Span],
    reader: _Reader,
) -> Deadline:
    """Build a recurring Deadline: work cadence, publish cadence, optional limits."""
    if dates:
        raise _Unreadable("a recurring task with a fixed due date")
    if any(part.publish for part in windows) or len(spans) > 1:
        raise _Unreadable("a recurring task with more than one period")
    work = list(dict.fromkeys(p.cadence for p in recurring if not p.publish and p.cadence))
    publish = list(dict.fromkeys(p.cadence for p in recurring if p.publish and p.cadence))
    if not work:
        # "Báo cáo hàng quý" alone: the reporting is the task.
        work, publish = publish[:1], publish[1:]
    if len(work) == 2 and not publish:
        publish = work[1:]
        work = work[:1]
        reader.note(f"second cadence read as the publish cadence: {publish[0]}")
    if len(work) != 1 or len(publish) > 1:
        raise _Unreadable("more cadences than one task and one report")
    start, due = spans[0] if spans else (None, None)
    if start is not None and due is not None:
        reader.note(f"recurring within {_fmt(start)}-{_fmt(due)}")
    return Deadline(
        "recurring",
        text,
        start,
        due,
        cadence=work[0],
        publish_cadence=publish[0] if publish else None,
        notes=tuple(reader.notes),
    )


def parse_deadline(text: str, plan_year: int) -> Deadline:
    """Read a deadline phrase; unknown or impossible phrases come back as kind "unparsed"."""
    phrase = fold(text.translate(_DASHES))
    phrase = phrase.lstrip("-*• ").rstrip(" .,;:!?…")
    reader = _Reader(plan_year)
    try:
        parts = _read_parts(phrase, reader)
        return _combine(text, parts, reader)
    except _Unreadable as problem:
        return Deadline("unparsed", text, notes=(UNPARSED_NOTE, str(problem)))
