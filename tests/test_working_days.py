"""Working days across Tết, weekends, holidays and swapped days off; expected dates by hand.

Official schedules used for the expectations:
- Tết Đinh Dậu 2017: civil servants off Thursday 26/01 to Wednesday 01/02/2017 (29 tháng
  Chạp to mùng 5; mùng 1 and 2 fell on the weekend, made up on mùng 4 and 5; no swap).
  02/02/2017 (Thursday) was a working day. sheets/demo.py's HOLIDAYS_2017 agrees.
- Tết Bính Ngọ 2026: off Monday 16/02 to Friday 20/02/2026 (29 tháng Chạp to mùng 4); with the
  weekends around it, 14/02–22/02; no swap.
- Quốc khánh 2026: 01/09 and 02/09 (Tuesday, Wednesday); Monday 31/08/2026 swapped for
  Saturday 22/08/2026, so 29/08–02/09 is off and 22/08 is worked.
- 2017: 30/04 fell on a Sunday (off in lieu Tuesday 02/05), 02/09 on a Saturday (off in lieu
  Monday 04/09), Giỗ Tổ Hùng Vương (10/3 lunar) on Thursday 06/04.
- 2026: Giỗ Tổ Hùng Vương on Sunday 26/04 (off in lieu Monday 27/04); 30/04 Thursday, 01/05
  Friday.
- 2025: Friday 02/05/2025 swapped for Saturday 26/04/2025.
"""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from reform.working_days import (
    WorkingCalendar,
    add_working_days,
    holiday_name,
    is_working_day,
    parse_days,
    working_days_between,
)
from sheets.demo import HOLIDAYS_2017


def d(day: int, month: int, year: int) -> dt.date:
    """A date written the Vietnamese way round."""
    return dt.date(year, month, day)


def days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every day from start to end, both included."""
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


# --- which days are off ---------------------------------------------------------------------


def test_tet_2017_is_off_from_26_01_to_01_02() -> None:
    off = days(d(26, 1, 2017), d(1, 2, 2017))
    assert [is_working_day(day) for day in off] == [False] * 7
    assert is_working_day(d(25, 1, 2017))  # Wednesday before: worked
    assert is_working_day(d(2, 2, 2017))  # Thursday after: worked


def test_tet_2026_is_off_from_14_02_to_22_02() -> None:
    off = days(d(14, 2, 2026), d(22, 2, 2026))
    assert [is_working_day(day) for day in off] == [False] * 9
    assert is_working_day(d(13, 2, 2026))
    assert is_working_day(d(23, 2, 2026))


def test_the_package_has_the_tet_2026_days_with_vietnamese_names() -> None:
    assert holiday_name(d(16, 2, 2026)) == "Giao thừa Tết Nguyên Đán"
    assert holiday_name(d(17, 2, 2026)) == "Tết Nguyên Đán"
    assert holiday_name(d(20, 2, 2026)) == "Mùng bốn Tết Nguyên Đán"
    assert holiday_name(d(23, 2, 2026)) is None


def test_weekends_are_off_and_weekdays_are_worked() -> None:
    week = days(d(9, 3, 2026), d(15, 3, 2026))  # Monday to Sunday, no holiday
    assert [is_working_day(day) for day in week] == [True] * 5 + [False] * 2


def test_30_04_and_01_05() -> None:
    assert not is_working_day(d(30, 4, 2026))  # Thursday
    assert not is_working_day(d(1, 5, 2026))  # Friday
    assert not is_working_day(d(1, 5, 2017))  # Monday
    assert not is_working_day(d(2, 5, 2017))  # Tuesday, in lieu of Sunday 30/04
    assert is_working_day(d(3, 5, 2017))


def test_national_day_and_the_substituted_day_off_31_08_2026() -> None:
    assert not is_working_day(d(31, 8, 2026))  # Monday, swapped
    assert not is_working_day(d(1, 9, 2026))
    assert not is_working_day(d(2, 9, 2026))
    assert is_working_day(d(3, 9, 2026))
    assert is_working_day(d(22, 8, 2026))  # the Saturday worked in exchange
    assert not is_working_day(d(23, 8, 2026))  # the Sunday after it stays off
    assert not is_working_day(d(4, 9, 2017))  # Monday, in lieu of Saturday 02/09/2017


def test_hung_kings_day_follows_the_lunar_calendar() -> None:
    assert not is_working_day(d(6, 4, 2017))  # 10/3 Đinh Dậu, a Thursday
    assert not is_working_day(d(27, 4, 2026))  # in lieu of Sunday 26/04/2026
    assert holiday_name(d(26, 4, 2026)) == "Ngày Giỗ Tổ Hùng Vương"


def test_the_2025_swap_from_the_package() -> None:
    assert not is_working_day(d(2, 5, 2025))  # Friday off
    assert is_working_day(d(26, 4, 2025))  # Saturday worked


def test_every_2017_day_agrees_with_the_demo_data_calendar() -> None:
    for day in days(d(1, 1, 2017), d(31, 12, 2017)):
        expected = day.weekday() < 5 and day not in HOLIDAYS_2017
        assert is_working_day(day) == expected, day


def test_the_pinned_package_lists_the_2026_swap() -> None:
    # If a new version drops it, the settings list must carry 31/08 and 22/08/2026 instead.
    names = holidays.Vietnam(years=2026, language="vi")
    assert "22/08/2026" in names.get(d(31, 8, 2026), "")


# --- adding working days: the day of receipt is not counted ---------------------------------

ADDING = [
    # start, n, expected deadline
    # Tết 2017
    (d(25, 1, 2017), 1, d(2, 2, 2017)),
    (d(25, 1, 2017), 5, d(8, 2, 2017)),
    (d(24, 1, 2017), 2, d(2, 2, 2017)),
    (d(20, 1, 2017), 5, d(3, 2, 2017)),
    (d(30, 12, 2016), 1, d(3, 1, 2017)),  # 02/01/2017 in lieu of Sunday 01/01
    # Tết 2026
    (d(13, 2, 2026), 1, d(23, 2, 2026)),
    (d(12, 2, 2026), 5, d(26, 2, 2026)),
    (d(10, 2, 2026), 5, d(24, 2, 2026)),
    (d(17, 2, 2026), 1, d(23, 2, 2026)),  # received online on mùng 1
    # weekends
    (d(6, 3, 2026), 1, d(9, 3, 2026)),  # Friday → Monday
    (d(7, 3, 2026), 1, d(9, 3, 2026)),  # received on a Saturday
    (d(8, 3, 2026), 1, d(9, 3, 2026)),  # received on a Sunday
    (d(9, 3, 2026), 5, d(16, 3, 2026)),  # Monday + 5 = next Monday
    (d(11, 3, 2026), 0, d(11, 3, 2026)),
    # Giỗ Tổ Hùng Vương
    (d(5, 4, 2017), 1, d(7, 4, 2017)),
    (d(5, 4, 2017), 2, d(10, 4, 2017)),
    # Giỗ Tổ then 30/04–01/05 in 2026
    (d(24, 4, 2026), 1, d(28, 4, 2026)),
    (d(24, 4, 2026), 3, d(4, 5, 2026)),
    (d(29, 4, 2026), 1, d(4, 5, 2026)),
    # 30/04–01/05 in 2017
    (d(28, 4, 2017), 1, d(3, 5, 2017)),
    (d(27, 4, 2017), 3, d(4, 5, 2017)),
    # 2025 swap
    (d(25, 4, 2025), 1, d(26, 4, 2025)),  # the worked Saturday
    (d(29, 4, 2025), 1, d(5, 5, 2025)),
    # Quốc khánh
    (d(1, 9, 2017), 1, d(5, 9, 2017)),
    (d(28, 8, 2026), 1, d(3, 9, 2026)),
    (d(27, 8, 2026), 3, d(4, 9, 2026)),
    (d(21, 8, 2026), 1, d(22, 8, 2026)),  # the worked Saturday counts
    (d(21, 8, 2026), 2, d(24, 8, 2026)),
    (d(21, 8, 2026), 5, d(27, 8, 2026)),
]


@pytest.mark.parametrize(("start", "n", "expected"), ADDING)
def test_add_working_days(start: dt.date, n: int, expected: dt.date) -> None:
    assert add_working_days(start, n) == expected
    if n:
        assert is_working_day(expected)


BETWEEN = [
    (d(25, 1, 2017), d(2, 2, 2017), 1),
    (d(20, 1, 2017), d(10, 2, 2017), 10),
    (d(13, 2, 2026), d(23, 2, 2026), 1),
    (d(1, 2, 2026), d(28, 2, 2026), 15),  # 2–6, 9–13 and 23–27 February
    (d(24, 4, 2026), d(8, 5, 2026), 7),  # 28, 29 April and 4–8 May
    (d(21, 8, 2026), d(28, 8, 2026), 6),  # Saturday 22 and 24–28 August
    (d(28, 8, 2026), d(4, 9, 2026), 2),  # 3 and 4 September
    (d(11, 3, 2026), d(11, 3, 2026), 0),
    (d(13, 3, 2026), d(14, 3, 2026), 0),  # Friday to Saturday
    (d(2, 2, 2017), d(25, 1, 2017), -1),  # backwards
]


@pytest.mark.parametrize(("start", "end", "expected"), BETWEEN)
def test_working_days_between(start: dt.date, end: dt.date, expected: int) -> None:
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize("start", [d(20, 1, 2017), d(9, 2, 2026), d(17, 4, 2026), d(20, 8, 2026)])
def test_adding_then_counting_gives_back_n(start: dt.date) -> None:
    for n in range(0, 25):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_datetimes_count_as_their_day() -> None:
    assert add_working_days(dt.datetime(2026, 2, 13, 16, 30), 1) == d(23, 2, 2026)
    assert not is_working_day(dt.datetime(2026, 8, 31, 9, 0))


def test_negative_n_is_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(d(2, 3, 2026), -1)


# --- what a settings file adds --------------------------------------------------------------


def test_extra_days_off_and_extra_working_days() -> None:
    calendar = WorkingCalendar(
        extra_days_off=frozenset({d(10, 3, 2026)}),
        extra_working_days=frozenset({d(14, 3, 2026)}),
    )
    assert not calendar.is_working_day(d(10, 3, 2026))
    assert calendar.add_working_days(d(9, 3, 2026), 1) == d(11, 3, 2026)
    assert calendar.add_working_days(d(13, 3, 2026), 1) == d(14, 3, 2026)
    assert calendar.working_days_between(d(9, 3, 2026), d(16, 3, 2026)) == 5
    assert add_working_days(d(9, 3, 2026), 1, calendar) == d(11, 3, 2026)
    # The default calendar is untouched.
    assert add_working_days(d(9, 3, 2026), 1) == d(10, 3, 2026)


def test_a_swap_the_package_lacks_comes_from_the_settings() -> None:
    # Example: a 2/1 day off worked on Saturday 10/1 (dates as a settings file writes them).
    calendar = WorkingCalendar.from_settings("02/01/2026", ["2026-01-10"])
    assert add_working_days(d(31, 12, 2025), 1) == d(2, 1, 2026)
    assert calendar.add_working_days(d(31, 12, 2025), 1) == d(5, 1, 2026)
    assert calendar.add_working_days(d(9, 1, 2026), 1) == d(10, 1, 2026)


def test_an_extra_day_off_wins_over_a_worked_saturday() -> None:
    calendar = WorkingCalendar(extra_days_off=frozenset({d(22, 8, 2026)}))
    assert not calendar.is_working_day(d(22, 8, 2026))


def test_parse_days() -> None:
    assert parse_days("31/08/2026; 22/8/2026,\n2026-09-03") == {
        d(31, 8, 2026),
        d(22, 8, 2026),
        d(3, 9, 2026),
    }
    assert parse_days(None) == frozenset()
    assert parse_days([d(1, 1, 2026), dt.datetime(2026, 1, 2, 8)]) == {d(1, 1, 2026), d(2, 1, 2026)}
    with pytest.raises(ValueError, match="31/02/2026"):
        parse_days("31/02/2026")
