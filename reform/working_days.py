"""Working days in Vietnam: which days count, and deadlines counted in working days.

A working day is Monday to Friday, less Vietnam's public holidays (DOMAIN.md, "Working days";
Bộ luật Lao động 2019 Điều 112 for the holidays). The holidays come from the `holidays`
package (`holidays.Vietnam`, Vietnamese names), which covers:
- the statutory days: Tết Dương lịch (1/1), Tết Nguyên đán (five days, lunar calendar),
  Giỗ Tổ Hùng Vương (10/3 lunar), 30/4, 1/5, Quốc khánh (2/9 and the day before or after,
  since 2021) and, from 2026, Ngày Văn hóa Việt Nam (24/11);
- the days off in lieu ("nghỉ bù") when a holiday falls on a weekend, as the package computes
  them (for Tết: the day before or the day after the holiday block);
- the swaps the government decided for civil servants ("hoán đổi ngày làm việc"), as far as
  the package lists them (up to 31/08/2026, worked on Saturday 22/08/2026, in version 0.109).
What it does not cover, and the calendar takes as parameters (a settings file lists them):
- swaps decided after the package's release, or that it missed: extra days off;
- the weekend days worked in exchange ("làm bù"): the package names the swapped day off but
  does not make the worked Saturday a working day. Those of the swaps it lists are read from
  it here; others go in the extra working days;
- provincial days off and one-off closures: extra days off.
An extra working day wins over the package (a worked Saturday); an extra day off wins over
everything.

Deadlines count only working days, and the day the clock starts (the day of receipt) is not
counted: Bộ luật Dân sự 2015 Điều 147.2 ("ngày đầu tiên của thời hạn không được tính mà tính
từ ngày tiếp theo liền kề ngày được xác định"). So n working days after a Wednesday receipt
is the n-th working day from Thursday on; because only working days are counted, the
deadline always lands on a working day (Bộ luật Dân sự 2015 Điều 148.5 moves a deadline that
falls on a day off to the next working day; counting working days gives the same result).
An item received on a day off (online, on a Saturday) starts its count the same way: the
first working day after receipt is day 1.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import holidays

__all__ = [
    "WorkingCalendar",
    "add_working_days",
    "holiday_name",
    "is_working_day",
    "parse_days",
    "working_days_between",
]

_ONE_DAY = dt.timedelta(days=1)
_DATE_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@functools.lru_cache(maxsize=256)
def _public_holidays(year: int) -> dict[dt.date, str]:
    """The package's days off of a year (statutory, in lieu and swapped), Vietnamese names."""
    return dict(holidays.Vietnam(years=year, language="vi").items())


@functools.lru_cache(maxsize=1)
def _package_makeup_days() -> frozenset[dt.date]:
    """Weekend days worked in exchange for the swapped days off the package lists."""
    # The package records each swap as (month, day, from month, from day[, from year]) under
    # the year of the day off, in `VietnamStaticHolidays.special_public_holidays`; "from" is
    # the weekend day that becomes a working day. tests/test_working_days.py checks 22/08/2026.
    try:
        from holidays.countries.vietnam import VietnamStaticHolidays
    except ImportError:  # a future layout of the package: the settings' list still applies
        return frozenset()
    days: set[dt.date] = set()
    for year, entries in VietnamStaticHolidays.special_public_holidays.items():
        for entry in entries if isinstance(entries[0], tuple) else (entries,):
            if len(entry) >= 4:
                from_year = entry[4] if len(entry) > 4 else year
                days.add(dt.date(from_year, entry[2], entry[3]))
    return frozenset(days)


def parse_days(values: Iterable[dt.date | str] | str | None) -> frozenset[dt.date]:
    """Dates from a settings list: date objects, "dd/mm/yyyy" or "yyyy-mm-dd", ";" or ","."""
    if values is None:
        return frozenset()
    if isinstance(values, str):
        values = re.split(r"[;,\n]", values)
    days: set[dt.date] = set()
    for value in values:
        if isinstance(value, dt.datetime):
            days.add(value.date())
        elif isinstance(value, dt.date):
            days.add(value)
        else:
            text = str(value).strip()
            if not text:
                continue
            match = _DATE_DMY.fullmatch(text)
            try:
                if match:
                    day, month, year = (int(g) for g in match.groups())
                    days.add(dt.date(year, month, day))
                else:
                    days.add(dt.date.fromisoformat(text))
            except ValueError as error:
                raise ValueError(f"not a date (dd/mm/yyyy expected): {text!r}") from error
    return frozenset(days)


@dataclass(frozen=True)
class WorkingCalendar:
    """Vietnam's working days, with the days off and working days a settings file adds."""

    extra_days_off: frozenset[dt.date] = frozenset()
    extra_working_days: frozenset[dt.date] = frozenset()

    @classmethod
    def from_settings(
        cls,
        days_off: Iterable[dt.date | str] | str | None = None,
        working_days: Iterable[dt.date | str] | str | None = None,
    ) -> WorkingCalendar:
        """A calendar from two settings lists (dates or "dd/mm/yyyy" texts)."""
        return cls(parse_days(days_off), parse_days(working_days))

    def holiday_name(self, day: dt.date) -> str | None:
        """The Vietnamese name of the holiday on this day, if the package has one."""
        return _public_holidays(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        """Whether staff work on this day."""
        if isinstance(day, dt.datetime):
            day = day.date()
        if day in self.extra_days_off:
            return False
        if day in self.extra_working_days or day in _package_makeup_days():
            return True
        # Saturdays and Sundays off in public bodies (QĐ 188/1999/QĐ-TTg, the 40-hour week);
        # public holidays: Bộ luật Lao động 2019 Điều 112.
        return day.weekday() < 5 and day not in _public_holidays(day.year)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The deadline n working days after start, start not counted (BLDS 2015 Điều 147.2)."""
        if isinstance(start, dt.datetime):
            start = start.date()
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        while n > 0:
            day += _ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after start up to and including end; negative when end is earlier."""
        if isinstance(start, dt.datetime):
            start = start.date()
        if isinstance(end, dt.datetime):
            end = end.date()
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += _ONE_DAY
            count += self.is_working_day(day)
        return count


DEFAULT_CALENDAR = WorkingCalendar()


def is_working_day(day: dt.date, calendar: WorkingCalendar = DEFAULT_CALENDAR) -> bool:
    """Whether staff work on this day (Monday–Friday, not a public holiday)."""
    return calendar.is_working_day(day)


def add_working_days(
    start: dt.date, n: int, calendar: WorkingCalendar = DEFAULT_CALENDAR
) -> dt.date:
    """The deadline n working days after start, start not counted (BLDS 2015 Điều 147.2)."""
    return calendar.add_working_days(start, n)


def working_days_between(
    start: dt.date, end: dt.date, calendar: WorkingCalendar = DEFAULT_CALENDAR
) -> int:
    """Working days after start up to and including end (so add then count gives back n)."""
    return calendar.working_days_between(start, end)


def holiday_name(day: dt.date) -> str | None:
    """The Vietnamese name of the public holiday on this day, or None."""
    return DEFAULT_CALENDAR.holiday_name(day)
