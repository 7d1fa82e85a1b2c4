"""Communication activities: web posts against the monthly minimum, counts by type and month."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reform import activities as act
from sheets.store import Store

WEB = act.WEB_POST
LEAFLET = "Tờ rơi"
AFTER_2017 = dt.date(2018, 3, 1)  # 2017 is over: every month is judged


def frame(*rows: tuple) -> pd.DataFrame:
    """Typed activities as the store gives them: (date, type, task_ref, unit, quantity)."""
    records = [
        {
            "date": pd.NaT if day is None else pd.Timestamp(day),
            "type": kind,
            "title": f"Hoạt động {n}",
            "task_ref": ref,
            "unit": unit,
            "quantity": quantity,
        }
        for n, (day, kind, ref, unit, quantity) in enumerate(rows, 1)
    ]
    columns = ["date", "type", "title", "task_ref", "unit", "quantity"]
    typed = pd.DataFrame(records, columns=columns)
    typed["date"] = pd.to_datetime(typed["date"])
    typed["quantity"] = typed["quantity"].astype("Int64")
    typed["_row"] = range(2, len(typed) + 2)
    return typed


@pytest.fixture
def demo(demo_store: Store) -> pd.DataFrame:
    return demo_store.load().frame("activities")


# --- web posts against the minimum --------------------------------------------------------------


def test_the_demo_year_misses_only_august(demo: pd.DataFrame):
    months = act.web_post_compliance(demo, 2017, AFTER_2017, minimum=1)
    assert list(months["month"]) == list(range(1, 13))
    august = months.set_index("month").loc[8]
    assert (august["posts"], august["met"], august["state"]) == (0, False, "missed")
    assert set(months[months["month"] != 8]["state"]) == {"met"}
    summary = act.compliance_summary(months)
    assert (summary.met, summary.judged, summary.missed, summary.open_month) == (
        11,
        12,
        ((8, 0),),
        None,
    )


def test_the_running_month_is_open_not_missed(demo: pd.DataFrame):
    months = act.web_post_compliance(demo, 2017, dt.date(2017, 8, 15), minimum=1)
    assert list(months["month"]) == list(range(1, 9))  # January up to the month of as_of
    assert months.iloc[-1].to_dict() == {"month": 8, "posts": 0, "met": False, "state": "open"}
    summary = act.compliance_summary(months)
    assert (summary.met, summary.judged, summary.missed, summary.open_month) == (7, 7, (), (8, 0))


def test_a_running_month_that_already_has_its_post_is_met():
    activities = frame(("2024-05-03", WEB, "I.6", "Văn phòng Sở", 1))
    months = act.web_post_compliance(activities, 2024, dt.date(2024, 5, 10), minimum=1)
    assert list(months["state"]) == ["missed", "missed", "missed", "missed", "met"]


def test_the_last_day_of_a_month_is_still_open_until_it_is_over():
    months = act.web_post_compliance(frame(), 2024, dt.date(2024, 4, 30), minimum=1)
    assert list(months["state"]) == ["missed", "missed", "missed", "open"]
    months = act.web_post_compliance(frame(), 2024, dt.date(2024, 5, 1), minimum=1)
    assert list(months["state"])[:4] == ["missed"] * 4


def test_a_minimum_of_two_posts(demo: pd.DataFrame):
    months = act.web_post_compliance(demo, 2017, AFTER_2017, minimum=2)
    met = list(months[months["met"]]["month"])
    assert met == [2, 4, 7, 10, 12]  # the months with two posts or more
    summary = act.compliance_summary(months)
    assert (summary.met, summary.judged) == (5, 12)
    assert (1, 1) in summary.missed and (8, 0) in summary.missed


def test_only_web_posts_count_and_undated_rows_are_ignored():
    activities = frame(
        ("2017-01-10", LEAFLET, "II.3", "Văn phòng Sở", 500),
        (None, WEB, "I.6", "Văn phòng Sở", 1),
        ("2016-12-30", WEB, "I.6", "Văn phòng Sở", 1),  # another year
    )
    months = act.web_post_compliance(activities, 2017, AFTER_2017, minimum=1)
    assert months["posts"].sum() == 0 and set(months["state"]) == {"missed"}


def test_no_data_at_all():
    months = act.web_post_compliance(frame(), 2017, AFTER_2017, minimum=1)
    assert len(months) == 12 and set(months["state"]) == {"missed"}
    assert act.compliance_summary(months).met == 0
    assert act.web_post_compliance(frame(), 2030, AFTER_2017, minimum=1).empty  # not begun
    assert act.counts_by_type_and_month(frame(), 2017).empty
    assert act.totals_by_type(frame(), 2017).empty
    assert act.web_post_task(frame(), 2017) is None
    assert act.years(frame(), pd.DataFrame(columns=["year"])) == []


def test_archived_posts_are_not_counted(demo_store: Store):
    activities = demo_store.load().frame("activities")
    september = activities[
        (activities["type"] == WEB) & (activities["date"].dt.month == 9)
    ]  # the only post of September
    demo_store.archive("activities", september["id"].iloc[0])
    months = act.web_post_compliance(
        demo_store.load().frame("activities"), 2017, AFTER_2017, minimum=1
    )
    assert act.compliance_summary(months).missed == ((8, 0), (9, 0))


# --- which task asks for the posts ---------------------------------------------------------------


def test_the_task_is_the_one_most_web_posts_point_to(demo: pd.DataFrame):
    assert act.web_post_task(demo, 2017) == "I.6"  # not hard-coded: a few posts say I.5
    activities = frame(
        ("2020-01-10", WEB, "ii-4", None, 1),
        ("2020-02-10", WEB, "II.4", None, 1),
        ("2020-03-10", WEB, "I.1", None, 1),
        ("2020-03-11", LEAFLET, "I.1", None, 1),
        ("2020-03-12", LEAFLET, "I.1", None, 1),
    )
    assert act.web_post_task(activities, 2020) == "II.4"
    assert act.web_post_task(frame(("2020-01-10", WEB, None, None, 1)), 2020) is None


# --- counts by type and month --------------------------------------------------------------------


def test_counts_by_type_and_month(demo: pd.DataFrame):
    counts = act.counts_by_type_and_month(demo, 2017)
    assert list(counts.columns) == ["month", "type", "count"]
    assert counts["count"].sum() == len(demo) == 60
    august = counts[counts["month"] == 8]
    assert august.to_dict("records") == [{"month": 8, "type": "Văn bản qua E-office", "count": 1}]
    april = counts[counts["month"] == 4].set_index("type")["count"]
    assert april[WEB] == 3 and list(april.index)[0] == WEB  # the tab's order of types


def test_totals_by_type_sum_the_quantities(demo: pd.DataFrame):
    totals = act.totals_by_type(demo, 2017).set_index("type")
    assert totals.loc[LEAFLET, "count"] == 5
    assert totals.loc[LEAFLET, "quantity"] == 500 + 500 + 300 + 500 + 300
    assert list(totals.index)[:2] == [WEB, LEAFLET]
    assert "Email" not in totals.index  # no e-mail in the demo year: no empty row
    no_quantity = act.totals_by_type(frame(("2017-01-10", WEB, "I.6", None, None)), 2017)
    assert no_quantity["quantity"].isna().all()


# --- filters, years and checks -------------------------------------------------------------------


def test_filters_by_type_unit_task_and_month(demo: pd.DataFrame):
    assert len(act.filter_activities(demo, 2017)) == 60
    leaflets = act.filter_activities(demo, 2017, [LEAFLET], "Văn phòng Sở", "ii.3")
    assert len(leaflets) == 5
    march = act.filter_activities(demo, 2017, month=3)
    assert set(march["date"].dt.month) == {3} and len(march) == 6
    assert act.filter_activities(demo, 2016).empty


def test_years_come_from_activities_and_tasks():
    tasks = pd.DataFrame({"year": [2017, 2018]})
    activities = frame(("2019-02-01", WEB, None, None, 1), (None, LEAFLET, None, None, 1))
    assert act.years(activities, tasks) == [2019, 2018, 2017]


def test_references_are_ordered_as_in_the_plan():
    assert sorted(["II.1", "I.10", "I.2"], key=act.ref_sort_key) == ["I.2", "I.10", "II.1"]


LIMITS = {"title": 10_000, "unit": 500, "note": 10_000}


def good(**changes: object) -> dict:
    return {"date": dt.date(2017, 8, 21), "type": WEB, "title": "Tin bài tháng 8", **changes}


def test_a_good_activity_passes_the_checks():
    assert act.check_new_activity(good(quantity=0), 2017, LIMITS) == []


@pytest.mark.parametrize(
    "changes, kind, field",
    [
        ({"title": "   "}, "required", "title"),
        ({"date": None}, "required", "date"),
        ({"title": "x" * 50_000}, "too_long", "title"),
        ({"unit": "y" * 50_000}, "too_long", "unit"),
        ({"date": dt.date(2018, 1, 2)}, "outside_year", "date"),
        ({"quantity": -5}, "negative", "quantity"),
    ],
)
def test_bad_activities_are_refused(changes: dict, kind: str, field: str):
    issues = act.check_new_activity(good(**changes), 2017, LIMITS)
    assert [(i.kind, i.field) for i in issues] == [(kind, field)]
