"""Reading cells as people type them: dates, decimals, choices, phones, booleans."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from sheets import schema as sc
from sheets.schema import Field, FieldType
from sheets.values import CellError, column_letter, header_key, parse_cell

DATE = Field("d", "Ngày", FieldType.DATE)
DATETIME = Field("t", "Lúc", FieldType.DATETIME)
INT = Field("n", "Số", FieldType.INTEGER, min_value=0, max_value=100)
DEC = Field("x", "Điểm", FieldType.DECIMAL)
PHONE = Field("p", "Điện thoại", FieldType.PHONE)
BOOL = Field("b", "Có", FieldType.BOOL)
URL = Field("u", "Link", FieldType.URL)
TEXT = Field("s", "Chữ", max_length=5, required=True)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("05/04/2017", dt.date(2017, 4, 5)),
        ("5/4/2017", dt.date(2017, 4, 5)),
        ("05-04-2017", dt.date(2017, 4, 5)),
        ("05.04.2017", dt.date(2017, 4, 5)),
        ("2017-04-05", dt.date(2017, 4, 5)),
        ("2017-04-05T10:20:00", dt.date(2017, 4, 5)),
        (42830, dt.date(2017, 4, 5)),  # the spreadsheet serial number of 05/04/2017
        (42830.5, dt.date(2017, 4, 5)),
        ("42830", dt.date(2017, 4, 5)),
        (dt.datetime(2017, 4, 5, 9, 0), dt.date(2017, 4, 5)),
        (dt.date(2017, 4, 5), dt.date(2017, 4, 5)),
        ("05/04/17", dt.date(2017, 4, 5)),
    ],
)
def test_dates_in_every_form_people_use(raw, expected):
    assert parse_cell(DATE, raw) == expected


@pytest.mark.parametrize("raw", ["32/01/2017", "29/02/2017", "hôm qua", "2017/13/01", True, -5])
def test_impossible_dates_are_refused(raw):
    with pytest.raises(CellError) as error:
        parse_cell(DATE, raw)
    assert error.value.kind == "not_date"


def test_datetimes_keep_their_time():
    assert parse_cell(DATETIME, "05/04/2017 14:03:59") == dt.datetime(2017, 4, 5, 14, 3, 59)
    assert parse_cell(DATETIME, "2017-04-05 14:03") == dt.datetime(2017, 4, 5, 14, 3)
    assert parse_cell(DATETIME, 42830.75) == dt.datetime(2017, 4, 5, 18, 0)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1,5", 1.5),
        ("1.5", 1.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        (7, 7.0),
        ("1.234.567", 1234567.0),
        (" 12 ", 12.0),
        ("-0,25", -0.25),
    ],
)
def test_decimals_with_comma_or_point(raw, expected):
    assert parse_cell(DEC, raw) == pytest.approx(expected)


@pytest.mark.parametrize("raw", ["abc", "1,2,3.4.5", "nan", "inf", True])
def test_non_numbers_are_refused(raw):
    with pytest.raises(CellError):
        parse_cell(DEC, raw)


def test_integers_accept_grouping_and_whole_floats_but_not_fractions():
    big = Field("n", "Số", FieldType.INTEGER)
    assert parse_cell(big, "1.250") == 1250
    assert parse_cell(big, "1 250") == 1250
    assert parse_cell(big, 12.0) == 12
    assert parse_cell(big, "12,0") == 12
    with pytest.raises(CellError, match="not_integer"):
        parse_cell(big, "1,5")
    with pytest.raises(CellError, match="not_integer"):
        parse_cell(big, 1.5)


def test_ranges_are_checked():
    assert parse_cell(INT, "100") == 100
    with pytest.raises(CellError) as error:
        parse_cell(INT, 101)
    assert (error.value.kind, error.value.detail) == ("too_large", "100")
    with pytest.raises(CellError, match="too_small"):
        parse_cell(INT, -1)


def test_choices_match_without_diacritics_or_case_and_return_the_canonical_value():
    status = sc.TASKS.field("status")
    assert parse_cell(status, "hoan thanh") == "Hoàn thành"
    assert parse_cell(status, "  ĐANG   thực hiện ") == "Đang thực hiện"
    nfd = unicodedata.normalize("NFD", "Tạm dừng")
    assert parse_cell(status, nfd) == "Tạm dừng"
    with pytest.raises(CellError) as error:
        parse_cell(status, "Xong")
    assert "Hoàn thành" in error.value.detail


def test_phone_numbers_keep_their_leading_zero():
    assert parse_cell(PHONE, "0912345678") == "0912345678"
    assert parse_cell(PHONE, "0912 345 678") == "0912 345 678"
    # A sheet that turned the number into a number dropped the zero; it is put back.
    assert parse_cell(PHONE, 912345678) == "0912345678"
    with pytest.raises(CellError, match="not_phone"):
        parse_cell(PHONE, "gọi sau")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("x", True),
        ("Có", True),
        ("TRUE", True),
        (1, True),
        ("không", False),
        ("", None),
        (False, False),
    ],
)
def test_yes_no(raw, expected):
    assert parse_cell(BOOL, raw) is expected


def test_a_url_that_is_not_a_link_is_a_warning_not_an_error():
    assert parse_cell(URL, "https://sct.khanhhoa.gov.vn/a") == "https://sct.khanhhoa.gov.vn/a"
    with pytest.raises(CellError) as error:
        parse_cell(URL, "Công văn 123/SCT")
    assert error.value.severity == "warning"


def test_required_and_length():
    with pytest.raises(CellError, match="required"):
        parse_cell(TEXT, "   ")
    with pytest.raises(CellError) as error:
        parse_cell(TEXT, "quá dài")
    assert (error.value.kind, error.value.detail) == ("too_long", "5")


def test_text_is_normalized_to_nfc():
    nfd = unicodedata.normalize("NFD", "Sở")
    assert parse_cell(Field("s", "s"), nfd) == "Sở"


def test_headers_compare_without_case_spaces_or_normal_form():
    assert header_key(" Hạn  hoàn THÀNH ") == header_key("hạnhoànthành")
    assert header_key(unicodedata.normalize("NFD", "Hạn hoàn thành")) == header_key(
        "Hạn hoàn thành"
    )


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
