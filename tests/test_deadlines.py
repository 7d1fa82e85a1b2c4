"""Tests for reform.deadlines."""

import dataclasses
import unicodedata
from datetime import date

import pytest

from reform.deadlines import UNPARSED_NOTE, Deadline, parse_deadline

PLAN_YEAR = 2017
D = date
Y = 2017


def nfd(text: str) -> str:
    """Return text in Unicode NFD."""
    return unicodedata.normalize("NFD", text)


# phrase, kind, start, due, cadence, publish_cadence
CASES = [
    # The six deadlines of the seed table.
    ("Trong Quý I/2017", "window", D(Y, 1, 1), D(Y, 3, 31), None, None),
    ("Thực hiện thường xuyên", "recurring", None, None, "ongoing", None),
    ("Trước ngày 15/4/2017", "date", None, D(Y, 4, 14), None, None),
    ("Trong Tháng 5/2017", "window", D(Y, 5, 1), D(Y, 5, 31), None, None),
    (
        "Thực hiện thường xuyên, và công bố kết quả theo hàng Quý.",
        "recurring",
        None,
        None,
        "ongoing",
        "quarterly",
    ),
    ("Thường xuyên", "recurring", None, None, "ongoing", None),
    # Quarters, Roman and Arabic, with and without a year.
    ("quý 2", "window", D(Y, 4, 1), D(Y, 6, 30), None, None),
    ("Quý III năm 2017", "window", D(Y, 7, 1), D(Y, 9, 30), None, None),
    ("trong quý IV", "window", D(Y, 10, 1), D(Y, 12, 31), None, None),
    ("Quý I/17", "window", D(Y, 1, 1), D(Y, 3, 31), None, None),
    ("Quý II / 2018", "window", D(2018, 4, 1), D(2018, 6, 30), None, None),
    ("Quý 4/2017", "window", D(Y, 10, 1), D(Y, 12, 31), None, None),
    ("Quý I và Quý II", "window", D(Y, 1, 1), D(Y, 6, 30), None, None),
    ("Quý I, II/2017", "window", D(Y, 1, 1), D(Y, 6, 30), None, None),
    ("Quý I–IV", "window", D(Y, 1, 1), D(Y, 12, 31), None, None),
    ("Quý II - Quý III", "window", D(Y, 4, 1), D(Y, 9, 30), None, None),
    # Half years.
    ("6 tháng đầu năm", "window", D(Y, 1, 1), D(Y, 6, 30), None, None),
    ("6 tháng cuối năm", "window", D(Y, 7, 1), D(Y, 12, 31), None, None),
    ("6 tháng cuối năm 2017", "window", D(Y, 7, 1), D(Y, 12, 31), None, None),
    ("Nửa đầu năm 2018", "window", D(2018, 1, 1), D(2018, 6, 30), None, None),
    # Before a date: due the day before.
    ("trước 30/6", "date", None, D(Y, 6, 29), None, None),
    ("Trước ngày 15 tháng 4 năm 2017", "date", None, D(Y, 4, 14), None, None),
    ("Trước ngày 1/1/2018", "date", None, D(Y, 12, 31), None, None),
    ("trước ngày 1/3/2016", "date", None, D(2016, 2, 29), None, None),
    # Dates.
    ("31/12/2017", "date", None, D(Y, 12, 31), None, None),
    ("ngày 30/6/2017", "date", None, D(Y, 6, 30), None, None),
    ("Ngày 30-6-2017", "date", None, D(Y, 6, 30), None, None),
    ("30.6.2017", "date", None, D(Y, 6, 30), None, None),
    ("15/4/17", "date", None, D(Y, 4, 15), None, None),
    ("Chậm nhất ngày 20/10", "date", None, D(Y, 10, 20), None, None),
    ("ngày 15 tháng 4 năm 2017", "date", None, D(Y, 4, 15), None, None),
    ("Hạn chót: 30/6/2017", "date", None, D(Y, 6, 30), None, None),
    ("Hoàn thành trước ngày 29/02/2016", "date", None, D(2016, 2, 28), None, None),
    # Months.
    ("Tháng 10", "window", D(Y, 10, 1), D(Y, 10, 31), None, None),
    ("tháng 12/2017", "window", D(Y, 12, 1), D(Y, 12, 31), None, None),
    ("Tháng 2 năm 2016", "window", D(2016, 2, 1), D(2016, 2, 29), None, None),
    ("Tháng 5 và tháng 6", "window", D(Y, 5, 1), D(Y, 6, 30), None, None),
    ("Tháng 5 và tháng 11", "window", D(Y, 5, 1), D(Y, 11, 30), None, None),
    # Years.
    ("Cả năm", "window", D(Y, 1, 1), D(Y, 12, 31), None, None),
    ("Năm 2017", "window", D(Y, 1, 1), D(Y, 12, 31), None, None),
    ("trong năm", "window", D(Y, 1, 1), D(Y, 12, 31), None, None),
    ("Trong năm 2018", "window", D(2018, 1, 1), D(2018, 12, 31), None, None),
    # Recurring.
    ("hàng tháng", "recurring", None, None, "monthly", None),
    ("hằng tháng", "recurring", None, None, "monthly", None),
    ("mỗi tháng", "recurring", None, None, "monthly", None),
    ("Định kỳ hàng tháng", "recurring", None, None, "monthly", None),
    ("hàng quý", "recurring", None, None, "quarterly", None),
    ("hằng quý", "recurring", None, None, "quarterly", None),
    ("mỗi quý", "recurring", None, None, "quarterly", None),
    ("theo hàng Quý", "recurring", None, None, "quarterly", None),
    ("hàng năm", "recurring", None, None, "yearly", None),
    ("hằng năm", "recurring", None, None, "yearly", None),
    ("Định kỳ hằng năm", "recurring", None, None, "yearly", None),
    ("Thường xuyên, liên tục", "recurring", None, None, "ongoing", None),
    ("Báo cáo hàng quý", "recurring", None, None, "quarterly", None),
    # Combinations.
    ("Thường xuyên, báo cáo hàng quý", "recurring", None, None, "ongoing", "quarterly"),
    ("Hàng tháng; báo cáo kết quả hàng năm", "recurring", None, None, "monthly", "yearly"),
    (
        "Công bố kết quả hàng quý, thực hiện thường xuyên",
        "recurring",
        None,
        None,
        "ongoing",
        "quarterly",
    ),
    ("Thường xuyên, hàng quý", "recurring", None, None, "ongoing", "quarterly"),
    ("Hàng tháng trong năm 2017", "recurring", D(Y, 1, 1), D(Y, 12, 31), "monthly", None),
    ("Hằng tháng, 6 tháng đầu năm", "recurring", D(Y, 1, 1), D(Y, 6, 30), "monthly", None),
    ("Trong tháng 5, trước ngày 20/5", "date", D(Y, 5, 1), D(Y, 5, 19), None, None),
    # Case, NFD, spacing and punctuation variants.
    ("TRONG QUÝ I/2017", "window", D(Y, 1, 1), D(Y, 3, 31), None, None),
    ("THỰC HIỆN THƯỜNG XUYÊN.", "recurring", None, None, "ongoing", None),
    (nfd("Trước ngày 15/4/2017"), "date", None, D(Y, 4, 14), None, None),
    (
        nfd("Thực hiện thường xuyên, và công bố kết quả theo hàng Quý."),
        "recurring",
        None,
        None,
        "ongoing",
        "quarterly",
    ),
    (nfd("TRONG THÁNG 5/2017"), "window", D(Y, 5, 1), D(Y, 5, 31), None, None),
    ("  Trong   Quý\u00a0I/2017 ;", "window", D(Y, 1, 1), D(Y, 3, 31), None, None),
    ("- Thường xuyên!", "recurring", None, None, "ongoing", None),
    ("Cả năm...", "window", D(Y, 1, 1), D(Y, 12, 31), None, None),
    # Unparsed: never a guess.
    ("", "unparsed", None, None, None, None),
    ("   ", "unparsed", None, None, None, None),
    ("Khi có yêu cầu", "unparsed", None, None, None, None),
    ("31/02/2017", "unparsed", None, None, None, None),
    ("Trước ngày 31/4/2017", "unparsed", None, None, None, None),
    ("Tháng 13/2017", "unparsed", None, None, None, None),
    ("Quý V/2017", "unparsed", None, None, None, None),
    ("Quý 5", "unparsed", None, None, None, None),
    ("5/2017", "unparsed", None, None, None, None),
    ("Hàng tuần", "unparsed", None, None, None, None),
    ("Trước tháng 6", "unparsed", None, None, None, None),
    ("Năm", "unparsed", None, None, None, None),
    ("15/4/2017 và 30/6/2017", "unparsed", None, None, None, None),
    ("Thường xuyên, trước ngày 15/4/2017", "unparsed", None, None, None, None),
    ("Quý I, trước ngày 15/4/2017", "unparsed", None, None, None, None),
    ("6 tháng đầu năm và Quý II", "unparsed", None, None, None, None),
    ("Quý I và Quý III", "unparsed", None, None, None, None),
    ("Hàng tháng, hàng quý, hàng năm", "unparsed", None, None, None, None),
    ("Thực hiện", "unparsed", None, None, None, None),
    ("Quý I/2017 (dự kiến)", "unparsed", None, None, None, None),
    ("Năm 3017", "unparsed", None, None, None, None),
]


@pytest.mark.parametrize(
    ("text", "kind", "start", "due", "cadence", "publish_cadence"),
    CASES,
    ids=[f"{i}-{case[0].strip()[:40]}" for i, case in enumerate(CASES)],
)
def test_parse_deadline_table(
    text: str,
    kind: str,
    start: date | None,
    due: date | None,
    cadence: str | None,
    publish_cadence: str | None,
) -> None:
    deadline = parse_deadline(text, PLAN_YEAR)
    got = (
        deadline.kind,
        deadline.start,
        deadline.due,
        deadline.cadence,
        deadline.publish_cadence,
    )
    assert got == (kind, start, due, cadence, publish_cadence), deadline.notes
    assert deadline.text == text
    assert (UNPARSED_NOTE in deadline.notes) == (kind == "unparsed")


def test_table_has_enough_phrases() -> None:
    assert len(CASES) >= 50


# --- notes -----------------------------------------------------------------


def test_year_from_plan_is_noted() -> None:
    deadline = parse_deadline("Tháng 10", 2017)
    assert "year taken from the plan: 2017" in deadline.notes


def test_written_year_is_not_noted_as_taken_from_plan() -> None:
    deadline = parse_deadline("Trong Quý I/2017", 2017)
    assert deadline.notes == ()


def test_plan_year_is_the_default_year() -> None:
    deadline = parse_deadline("trước 30/6", 2019)
    assert deadline.due == date(2019, 6, 29)
    assert "year taken from the plan: 2019" in deadline.notes


def test_before_a_date_is_noted() -> None:
    deadline = parse_deadline("Trước ngày 15/4/2017", 2017)
    assert "'before 15/04/2017' read as due 14/04/2017, the day before" in deadline.notes


def test_two_digit_year_is_noted() -> None:
    deadline = parse_deadline("Quý I/17", 2017)
    assert "two-digit year 17 read as 2017" in deadline.notes


def test_year_other_than_plan_year_is_noted() -> None:
    deadline = parse_deadline("Quý II/2018", 2017)
    assert "year 2018 is not the plan year 2017" in deadline.notes


def test_unparsed_keeps_text_and_says_why() -> None:
    deadline = parse_deadline("Khi có yêu cầu", 2017)
    assert deadline.kind == "unparsed"
    assert deadline.text == "Khi có yêu cầu"
    assert deadline.start is None and deadline.due is None
    assert deadline.notes[0] == UNPARSED_NOTE
    assert "khi" in deadline.notes[1]


def test_invalid_date_says_which_date() -> None:
    deadline = parse_deadline("31/02/2017", 2017)
    assert deadline.notes == (UNPARSED_NOTE, "31/02/2017 is not a calendar date")


def test_guessed_publish_cadence_is_noted() -> None:
    deadline = parse_deadline("Thường xuyên, hàng quý", 2017)
    assert "second cadence read as the publish cadence: quarterly" in deadline.notes


def test_separate_months_keep_their_parts() -> None:
    deadline = parse_deadline("Tháng 5 và tháng 11", 2017)
    assert deadline.spans == (
        (date(2017, 5, 1), date(2017, 5, 31)),
        (date(2017, 11, 1), date(2017, 11, 30)),
    )
    assert any("separate periods" in note for note in deadline.notes)


def test_joined_months_are_noted() -> None:
    deadline = parse_deadline("Tháng 5 và tháng 6", 2017)
    assert deadline.spans == ()
    assert "periods joined into one window: 01/05/2017-30/06/2017" in deadline.notes


def test_deadline_is_frozen() -> None:
    deadline = parse_deadline("Thường xuyên", 2017)
    with pytest.raises(dataclasses.FrozenInstanceError):
        deadline.kind = "date"  # type: ignore[misc]


# --- periods ---------------------------------------------------------------


def test_periods_monthly() -> None:
    periods = parse_deadline("hàng tháng", 2017).periods(2017)
    assert len(periods) == 12
    assert periods[0] == (date(2017, 1, 1), date(2017, 1, 31))
    assert periods[1] == (date(2017, 2, 1), date(2017, 2, 28))
    assert periods[-1] == (date(2017, 12, 1), date(2017, 12, 31))


def test_periods_monthly_in_leap_year() -> None:
    periods = parse_deadline("mỗi tháng", 2020).periods(2020)
    assert periods[1] == (date(2020, 2, 1), date(2020, 2, 29))


def test_periods_quarterly() -> None:
    assert parse_deadline("hằng quý", 2017).periods(2017) == [
        (date(2017, 1, 1), date(2017, 3, 31)),
        (date(2017, 4, 1), date(2017, 6, 30)),
        (date(2017, 7, 1), date(2017, 9, 30)),
        (date(2017, 10, 1), date(2017, 12, 31)),
    ]


@pytest.mark.parametrize("text", ["hàng năm", "Thường xuyên"])
def test_periods_yearly_and_ongoing(text: str) -> None:
    assert parse_deadline(text, 2017).periods(2018) == [(date(2018, 1, 1), date(2018, 12, 31))]


def test_periods_recurring_within_a_window() -> None:
    deadline = parse_deadline("Hằng tháng, 6 tháng đầu năm", 2017)
    periods = deadline.periods(2017)
    assert len(periods) == 6
    assert periods[-1] == (date(2017, 6, 1), date(2017, 6, 30))
    assert deadline.periods(2018) == []


def test_periods_window() -> None:
    deadline = parse_deadline("Trong Quý I/2017", 2017)
    assert deadline.periods(2017) == [(date(2017, 1, 1), date(2017, 3, 31))]
    assert deadline.periods(2018) == []


def test_periods_date_starts_on_first_of_january() -> None:
    deadline = parse_deadline("Trước ngày 15/4/2017", 2017)
    assert deadline.periods(2017) == [(date(2017, 1, 1), date(2017, 4, 14))]


def test_periods_separate_parts() -> None:
    deadline = parse_deadline("Tháng 5 và tháng 11", 2017)
    assert deadline.periods(2017) == [
        (date(2017, 5, 1), date(2017, 5, 31)),
        (date(2017, 11, 1), date(2017, 11, 30)),
    ]


def test_periods_unparsed_is_empty() -> None:
    assert parse_deadline("Khi có yêu cầu", 2017).periods(2017) == []


# --- due_on ----------------------------------------------------------------


def test_due_on_monthly() -> None:
    deadline = parse_deadline("hàng tháng", 2017)
    assert deadline.due_on(date(2017, 3, 10)) == date(2017, 3, 31)
    assert deadline.due_on(date(2017, 3, 31)) == date(2017, 3, 31)
    assert deadline.due_on(date(2017, 2, 1)) == date(2017, 2, 28)


def test_due_on_quarterly_seed_task() -> None:
    deadline = parse_deadline("Thực hiện thường xuyên, và công bố kết quả theo hàng Quý.", 2017)
    assert deadline.due_on(date(2017, 5, 20)) == date(2017, 12, 31)


def test_due_on_quarterly() -> None:
    deadline = parse_deadline("mỗi quý", 2017)
    assert deadline.due_on(date(2017, 5, 20)) == date(2017, 6, 30)
    assert deadline.due_on(date(2018, 10, 1)) == date(2018, 12, 31)


def test_due_on_ongoing_and_yearly() -> None:
    assert parse_deadline("Thường xuyên", 2017).due_on(date(2017, 8, 1)) == date(2017, 12, 31)
    assert parse_deadline("hằng năm", 2017).due_on(date(2018, 2, 1)) == date(2018, 12, 31)


def test_due_on_recurring_outside_its_window() -> None:
    deadline = parse_deadline("Hằng tháng, 6 tháng đầu năm", 2017)
    assert deadline.due_on(date(2017, 4, 2)) == date(2017, 4, 30)
    assert deadline.due_on(date(2017, 8, 1)) is None


@pytest.mark.parametrize("day", [date(2017, 1, 5), date(2017, 3, 31), date(2017, 9, 1)])
def test_due_on_window_and_date_is_due(day: date) -> None:
    assert parse_deadline("Trong Quý I/2017", 2017).due_on(day) == date(2017, 3, 31)
    assert parse_deadline("Trước ngày 15/4/2017", 2017).due_on(day) == date(2017, 4, 14)


def test_due_on_separate_parts() -> None:
    deadline = parse_deadline("Tháng 5 và tháng 11", 2017)
    assert deadline.due_on(date(2017, 5, 10)) == date(2017, 5, 31)
    assert deadline.due_on(date(2017, 3, 1)) == date(2017, 5, 31)
    assert deadline.due_on(date(2017, 7, 1)) == date(2017, 11, 30)
    assert deadline.due_on(date(2017, 12, 15)) == date(2017, 11, 30)


def test_due_on_unparsed_is_none() -> None:
    assert parse_deadline("Khi có yêu cầu", 2017).due_on(date(2017, 1, 1)) is None


def test_deadline_can_be_built_directly() -> None:
    deadline = Deadline("date", "31/12/2017", None, date(2017, 12, 31))
    assert deadline.due_on(date(2017, 6, 1)) == date(2017, 12, 31)
    assert deadline.periods(2017) == [(date(2017, 1, 1), date(2017, 12, 31))]
