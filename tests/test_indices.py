"""The yearly indices: series, rank direction and the publication rows, on rows built by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from reform import indices as ix


def frame(*rows: tuple) -> pd.DataFrame:
    columns = ["year", "index_name", "scope", "score", "max_score", "rank", "ranked_units"]
    data = pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows])
    data["source_url"] = "https://example.gov.vn/" + data["year"].astype(str)
    return data


ROWS = frame(
    (2016, "PAPI", "Tỉnh", 35.6, 60.0, 38, 63),
    (2017, "PAPI", "Tỉnh", 36.2, 60.0, 33, 63),
    (2016, "par index", "Sở", 83.15, 100.0, 5, 20),
    (2017, "PAR  INDEX", "Sở", 86.4, 100.0, 3, 20),
    (2017, "Chỉ số chuyển đổi số", "Sở", 70.0, 100.0, 9, 20),
)


def test_names_are_grouped_and_common_ones_spelled_as_usual():
    assert ix.index_name(" par  index ") == "PAR INDEX"
    assert ix.index_name("Chỉ số chuyển đổi số") == "Chỉ số chuyển đổi số"


def test_series_in_index_order_with_score_as_share_of_maximum():
    data = ix.series(ROWS)
    assert list(zip(data["index_name"], data["year"], strict=True)) == [
        ("PAR INDEX", 2016),
        ("PAR INDEX", 2017),
        ("PAPI", 2016),
        ("PAPI", 2017),
        ("Chỉ số chuyển đổi số", 2017),
    ]
    assert data["score_share"].iloc[3] == pytest.approx(36.2 / 60)


def test_rank_direction_smaller_is_better():
    assert ix.RANK_ASCENDING
    assert ix.places_up(8, 5) == 3
    assert ix.places_up(5, 8) == -3
    assert ix.places_up(None, 5) is None


def test_publication_puts_the_department_first_with_last_year():
    table = ix.publication(ROWS, 2017)
    assert list(zip(table["index_name"], table["scope"], strict=True)) == [
        ("PAR INDEX", "Sở"),
        ("Chỉ số chuyển đổi số", "Sở"),
        ("PAPI", "Tỉnh"),
    ]
    par = table.iloc[0]
    assert (par["previous_rank"], par["rank"], par["places_up"]) == (5, 3, 2)
    assert par["score_change"] == pytest.approx(3.25)
    papi = table.iloc[2]
    assert papi["places_up"] == 5
    assert papi["share_change"] == pytest.approx(0.6 / 60)
    new = table.iloc[1]
    assert pd.isna(new["previous_score"]) and pd.isna(new["places_up"])
    assert ix.publication(ROWS, 2010).empty


def test_existing_row_and_entry_checks():
    assert ix.existing_row(ROWS, 2017, "par index", "Sở") is not None
    assert ix.existing_row(ROWS, 2017, "PAR INDEX", "Tỉnh") is None
    assert ix.check_entry({"index_name": "PCI", "score": 101, "max_score": 100}) == [
        "score_above_max"
    ]
    assert ix.check_entry({"index_name": " ", "rank": 21, "ranked_units": 20}) == [
        "no_name",
        "rank_above_units",
    ]


def test_years_newest_first():
    assert ix.years(ROWS) == [2017, 2016]
