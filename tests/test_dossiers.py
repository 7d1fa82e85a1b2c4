"""The one-stop dossier checks and figures, on rows built by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from reform import dossiers as ds


def row(year: int, month: int, field: str = "Điện lực", **counts: int) -> dict:
    """A balanced month by default: 12 carried + 40 new = 45 resolved + 7 pending."""
    base = {
        "carried_over": 12,
        "new_online": 10,
        "new_direct": 28,
        "new_post": 2,
        "resolved_early": 15,
        "resolved_on_time": 28,
        "resolved_late": 2,
        "pending_within": 6,
        "pending_overdue": 1,
        "apology_letters": 3,
        "online_level3": 4,
        "online_level4": 1,
    }
    base.update(counts)
    return {"year": year, "month": month, "procedure_field": field, **base}


def frame(*rows: dict) -> pd.DataFrame:
    data = pd.DataFrame(list(rows))
    data["_row"] = range(2, len(data) + 2)
    return data


def test_a_balanced_month_passes_every_check():
    assert ds.check_dossiers(frame(row(2017, 3))) == []


def test_an_unbalanced_month_names_both_sides():
    (finding,) = ds.check_dossiers(frame(row(2017, 3, pending_within=5)))
    assert (finding.kind, finding.year, finding.month, finding.field, finding.row) == (
        "balance",
        2017,
        3,
        "Điện lực",
        2,
    )
    assert finding.numbers == {
        "carried_over": 12,
        "new": 40,
        "received": 52,
        "resolved": 45,
        "pending": 6,
        "accounted": 51,
    }


def test_carry_over_must_be_last_months_pending():
    findings = ds.check_dossiers(
        frame(
            row(2017, 2, carried_over=7, resolved_on_time=23),  # 7 + 40 = 40 + 7
            row(2017, 3, carried_over=9, resolved_on_time=25),  # 9 + 40 = 42 + 7
        )
    )
    assert [f.kind for f in findings] == ["carry_over"]
    assert findings[0].month == 3
    assert findings[0].numbers["carried_over"] == 9
    assert findings[0].numbers["previous_pending"] == 7
    assert (findings[0].numbers["previous_year"], findings[0].numbers["previous_month"]) == (
        2017,
        2,
    )


def test_carry_over_is_checked_across_the_year_boundary():
    december = row(2016, 12, carried_over=7, resolved_on_time=23)  # leaves 7 pending
    # 5 + 40 = (15 + 24 + 2) + (4 + 0)
    january = row(2017, 1, carried_over=5, resolved_on_time=24, pending_within=4, pending_overdue=0)
    findings = ds.check_dossiers(frame(december, january), year=2017)
    assert [(f.kind, f.year, f.month) for f in findings] == [("carry_over", 2017, 1)]
    assert findings[0].numbers["previous_pending"] == 7
    assert findings[0].numbers["previous_year"] == 2016


def test_no_carry_over_check_without_the_month_before():
    assert ds.check_dossiers(frame(row(2017, 5, carried_over=30, resolved_on_time=46))) == []


def test_fields_are_matched_whatever_their_spelling():
    nfd = "Điện lực".replace("ệ", "e\u0323\u0302")  # as typed on some systems
    findings = ds.check_dossiers(
        frame(
            row(2017, 2, carried_over=7, resolved_on_time=23),
            row(2017, 3, field=f" {nfd.upper()} ", carried_over=7, resolved_on_time=23),
        )
    )
    assert findings == []


def test_late_dossiers_need_apology_letters():
    (finding,) = ds.check_dossiers(frame(row(2017, 3, apology_letters=1)))
    assert finding.kind == "apology"
    assert finding.numbers == {
        "resolved_late": 2,
        "pending_overdue": 1,
        "late": 3,
        "apology_letters": 1,
    }


def test_a_month_typed_twice_is_reported_and_counted_once():
    findings = ds.check_dossiers(frame(row(2017, 3), row(2017, 3)))
    assert [(f.kind, f.row, f.numbers) for f in findings] == [("duplicate", 3, {"first_row": 2})]
    assert ds.totals(frame(row(2017, 3), row(2017, 3)))["received"] == 52


def test_a_new_month_is_checked_against_its_neighbours():
    existing = frame(
        row(2017, 2, carried_over=7, resolved_on_time=23),
        row(2017, 4, carried_over=3, resolved_on_time=19),  # 3 + 40 = 36 + 7
    )
    record = row(2017, 3, carried_over=7, resolved_on_time=23)  # 7 + 40 = 40 + 7
    kinds = [(f.kind, f.month) for f in ds.check_new_row(record, existing)]
    assert kinds == [("carry_over", 4)]  # April carried 3, March leaves 7


def test_blank_cells_count_as_zero():
    blank = row(2017, 3, new_post=None, carried_over=14)
    assert ds.balance_numbers(blank)["received"] == 52


def test_totals_add_flows_and_take_stocks_at_the_ends():
    rows = frame(
        row(2017, 1, carried_over=0, resolved_on_time=16),  # 0 + 40 = 15+16+2+7
        row(2017, 2, carried_over=7, resolved_on_time=23, online_level3=5),
        row(2017, 1, field="Thương mại", carried_over=0, resolved_on_time=16),
    )
    totals = ds.totals(rows)
    assert totals["carried_over"] == 0  # the first month's, not 0 + 7
    assert totals["new"] == 120 and totals["received"] == 120
    assert totals["resolved"] == 33 + 40 + 33
    assert totals["good"] == 15 + 16 + 15 + 23 + 15 + 16
    assert totals["pending"] == 14  # February's 7 for Điện lực, January's 7 for Thương mại
    assert totals["online_level3"] == 5 + 4


def test_on_time_rate_and_online_share_with_their_interval():
    totals = ds.totals(frame(row(2017, 3)))
    rate = ds.on_time_rate(totals)
    assert (rate.count, rate.n) == (43, 45)
    assert rate.share == pytest.approx(43 / 45)
    low, high = rate.interval
    assert low < 43 / 45 < high and high < 1
    share = ds.online_share(totals)
    assert (share.count, share.n, share.share) == (10, 40, 0.25)
    assert ds.Rate(0, 0).share is None and ds.Rate(0, 0).interval is None


def test_figures_by_month_quarter_and_field():
    rows = frame(
        row(2017, 1, carried_over=0, resolved_on_time=16),
        row(2017, 4, carried_over=0, resolved_on_time=16),
        row(2017, 4, field="An toàn thực phẩm", carried_over=0, resolved_on_time=16),
    )
    assert list(ds.figures_by(rows, 2017, "month")["month"]) == [1, 4]
    by_quarter = ds.figures_by(rows, 2017, "quarter")
    assert list(by_quarter["quarter"]) == [1, 2]
    assert list(by_quarter["received"]) == [40, 80]
    by_field = ds.figures_by(rows, 2017, "procedure_field", quarter=2)
    assert list(by_field["procedure_field"]) == ["An toàn thực phẩm", "Điện lực"]
    assert by_field["on_time_rate"].iloc[0] == pytest.approx(31 / 33)
    assert ds.figures_by(rows, 2018, "month").empty


def test_the_demo_data_passes_every_check(demo_store):
    dossiers = demo_store.load().frame("dossiers")
    assert ds.check_dossiers(dossiers) == []


def test_figures_over_whole_columns_agree_with_each_groups_own_totals():
    # Several fields over several months, one typed twice, one spelled two ways, blanks.
    rows = pd.DataFrame(
        [
            row(2017, m, f, carried_over=m, new_online=m * f_i, pending_within=m + f_i)
            for m in (1, 2, 3, 4, 5)
            for f_i, f in enumerate(["Điện lực", "Hóa chất", "Thương mại"])
        ]
        + [row(2017, 2, "điện  lực", new_direct=99), row(2017, 4, "Hóa chất", new_post=None)]
    )
    for by, group in (("month", rows["month"]), ("quarter", rows["month"].map(ds.quarter_of))):
        table = ds.totals_by(rows, group)
        for name in table.index:
            assert table.loc[name].to_dict() == ds.totals(rows[group == name]), (by, name)
    fields = ds.figures_by(rows, 2017, "procedure_field")
    assert list(fields["procedure_field"]) == ["Điện lực", "Hóa chất", "Thương mại"]
    power = rows[rows["procedure_field"].str.casefold().str.split().str.join(" ") == "điện lực"]
    assert fields.iloc[0][ds.FIGURE_COLUMNS[:14]].to_dict() == ds.totals(power)
