"""Tests for reform.locale."""

import datetime
import math
import unicodedata

import pytest

from reform.locale import (
    fold,
    format_date,
    format_number,
    format_percent,
    nfc,
    sort_vietnamese,
    vietnamese_sort_key,
)


def nfd(text: str) -> str:
    """Return text in Unicode NFD."""
    return unicodedata.normalize("NFD", text)


# --- nfc -------------------------------------------------------------------


def test_nfc_composes_nfd_input() -> None:
    decomposed = nfd("Nguyễn Thị Hồng")
    assert decomposed != "Nguyễn Thị Hồng"
    assert nfc(decomposed) == "Nguyễn Thị Hồng"


def test_nfc_is_idempotent_on_nfc_text() -> None:
    assert nfc("Đã trả lời") == "Đã trả lời"
    assert nfc("") == ""


# --- fold ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Hoàn   THÀNH ", "hoan thanh"),
        ("Đã trả lời", "da tra loi"),
        ("đang xử lý", "dang xu ly"),
        ("Ư Ơ Ă Â Ê Ô", "u o a a e o"),
        ("Quá\u00a0hạn", "qua han"),
        ("a\t\n b", "a b"),
        ("", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_nfd_equals_nfc() -> None:
    for text in ["  Hoàn   THÀNH ", "Đã trả lời", "Nghệ An", "Thừa Thiên Huế"]:
        assert fold(nfd(text)) == fold(text)


# --- format_number -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (1234.5, "vi", 1, "1.234,5"),
        (1234.5, "en", 1, "1,234.5"),
        (1234567, "vi", 0, "1.234.567"),
        (1234567, "en", 0, "1,234,567"),
        (1234567.891, "vi", 2, "1.234.567,89"),
        (0, "vi", 0, "0"),
        (0, "en", 2, "0.00"),
        (0.0, "vi", 1, "0,0"),
        (-1234.5, "vi", 1, "-1.234,5"),
        (-1234.5, "en", 1, "-1,234.5"),
        (-7, "vi", 0, "-7"),
        (-0.0001, "vi", 1, "0,0"),
        (999, "vi", 0, "999"),
        (12, "vi", 2, "12,00"),
        (10**20, "vi", 0, "100.000.000.000.000.000.000"),
    ],
)
def test_format_number(value: float, lang: str, decimals: int, expected: str) -> None:
    assert format_number(value, lang, decimals) == expected


def test_format_number_defaults_to_vi_without_decimals() -> None:
    assert format_number(1234567.4) == "1.234.567"


@pytest.mark.parametrize("missing", [None, float("nan"), math.nan])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_format_number_missing(missing: float | None, lang: str) -> None:
    assert format_number(missing, lang) == "\u2013"


def test_format_number_accepts_language_tags() -> None:
    assert format_number(1234.5, "EN-us", 1) == "1,234.5"
    assert format_number(1234.5, "vi_VN", 1) == "1.234,5"


def test_format_number_rejects_unknown_language_and_negative_decimals() -> None:
    with pytest.raises(ValueError):
        format_number(1, "fr")
    with pytest.raises(ValueError):
        format_number(1, "vi", -1)


# --- format_percent ------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "lang", "decimals", "expected"),
    [
        (0.8734, "vi", 1, "87,3%"),
        (0.8734, "en", 1, "87.3%"),
        (0.8734, "vi", 0, "87%"),
        (0.8734, "en", 2, "87.34%"),
        (0, "vi", 1, "0,0%"),
        (0, "en", 1, "0.0%"),
        (1, "vi", 1, "100,0%"),
        (12.5, "vi", 0, "1.250%"),
        (-0.052, "vi", 1, "-5,2%"),
        (-0.052, "en", 1, "-5.2%"),
    ],
)
def test_format_percent(share: float, lang: str, decimals: int, expected: str) -> None:
    assert format_percent(share, lang, decimals) == expected


def test_format_percent_default_is_vi_one_decimal() -> None:
    assert format_percent(0.5) == "50,0%"


@pytest.mark.parametrize("missing", [None, float("nan")])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_format_percent_missing(missing: float | None, lang: str) -> None:
    assert format_percent(missing, lang) == "\u2013"


# --- format_date ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_format_date_leading_zeros(lang: str) -> None:
    assert format_date(datetime.date(2017, 4, 5), lang) == "05/04/2017"
    assert format_date(datetime.date(2023, 12, 31), lang) == "31/12/2023"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_format_datetime(lang: str) -> None:
    value = datetime.datetime(2017, 4, 5, 14, 3, 59)
    assert format_date(value, lang) == "05/04/2017 14:03"
    assert format_date(datetime.datetime(2020, 1, 2, 0, 0), lang) == "02/01/2020 00:00"


def test_format_date_missing() -> None:
    class NaTLike:
        """Mimics pandas.NaT: never equal to itself."""

        def __eq__(self, other: object) -> bool:
            return False

        def __ne__(self, other: object) -> bool:
            return True

    assert format_date(None) == ""
    assert format_date(NaTLike()) == ""  # type: ignore[arg-type]
    assert format_date(float("nan")) == ""  # type: ignore[arg-type]


def test_format_date_rejects_non_dates() -> None:
    with pytest.raises(TypeError):
        format_date("2017-04-05")  # type: ignore[arg-type]


# --- Vietnamese collation ------------------------------------------------------


def test_sort_names_d_before_dd_before_e() -> None:
    names = ["Đinh", "Dương", "Em", "Anh", "Ân", "Ăn", "Bình"]
    assert sort_vietnamese(names) == ["Anh", "Ăn", "Ân", "Bình", "Dương", "Đinh", "Em"]


def test_sort_dd_after_dung_before_em() -> None:
    assert sort_vietnamese(["Em", "Đào", "Dũng"]) == ["Dũng", "Đào", "Em"]


def test_sort_full_vowel_alphabet() -> None:
    shuffled = ["ư", "ơ", "ô", "o", "ê", "e", "â", "ă", "a", "u", "đ", "d", "y", "x"]
    expected = ["a", "ă", "â", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư", "x", "y"]
    assert sort_vietnamese(shuffled) == expected


def test_sort_foreign_letters_at_latin_positions() -> None:
    words = ["zê", "wa", "jo", "fa", "ga", "ka", "xa", "va", "ia", "ea", "y"]
    expected = ["ea", "fa", "ga", "ia", "jo", "ka", "va", "wa", "xa", "y", "zê"]
    assert sort_vietnamese(words) == expected


def test_sort_tone_order() -> None:
    words = ["mạ", "má", "mã", "mả", "mà", "ma"]
    assert sort_vietnamese(words) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_base_letters_compare_before_tones() -> None:
    # Primary letters decide first, even when the first word has a "smaller" tone.
    assert sort_vietnamese(["mab", "mác"]) == ["mab", "mác"]
    assert sort_vietnamese(["mà c", "ma d"]) == ["mà c", "ma d"]
    # With equal letters, tones compare across the whole string.
    assert sort_vietnamese(["bá ca", "ba cá"]) == ["ba cá", "bá ca"]


def test_sort_is_case_insensitive_at_primary_level() -> None:
    assert sort_vietnamese(["bình", "An", "Cường", "anh"]) == [
        "An",
        "anh",
        "bình",
        "Cường",
    ]
    assert sort_vietnamese(["đào", "Dũng", "ĐẠT"]) == ["Dũng", "đào", "ĐẠT"]


def test_case_is_tertiary() -> None:
    assert sort_vietnamese(["Bình", "bình"]) == ["bình", "Bình"]
    # Tone (secondary) outranks case (tertiary).
    assert sort_vietnamese(["Ma", "mà"]) == ["Ma", "mà"]


def test_shorter_prefix_and_spaces_sort_first() -> None:
    assert sort_vietnamese(["Anh", "An", "An Bình"]) == ["An", "An Bình", "Anh"]


def test_sort_key_nfd_equals_nfc() -> None:
    for text in [
        "Đinh",
        "Ăn",
        "Ân",
        "Nguyễn Thị Hồng",
        "Lê Văn Việt",
        "Ưng Hoàng Phúc",
    ]:
        assert vietnamese_sort_key(nfd(text)) == vietnamese_sort_key(text)


def test_sort_key_ignores_extra_whitespace_at_primary_level() -> None:
    assert vietnamese_sort_key("An  Bình")[0] == vietnamese_sort_key("An Bình")[0]


def test_sort_mixed_nfd_and_nfc_inputs() -> None:
    names = [nfd("Đinh"), "Dương", nfd("Ân"), "Ăn", nfd("Anh")]
    result = [nfc(name) for name in sort_vietnamese(names)]
    assert result == ["Anh", "Ăn", "Ân", "Dương", "Đinh"]


def test_sort_vietnamese_accepts_any_iterable_and_returns_list() -> None:
    result = sort_vietnamese(name for name in ("Bình", "An"))
    assert result == ["An", "Bình"]
    assert sort_vietnamese([]) == []


def test_sort_key_is_tuple() -> None:
    assert isinstance(vietnamese_sort_key("Hà Nội"), tuple)
