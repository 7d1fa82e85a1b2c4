"""The overview's figures, against hand-computed values."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reform import metrics
from sheets import schema as sc
from sheets.table import to_frame


def frame(tab: sc.TabSchema, records: list[dict]) -> pd.DataFrame:
    return to_frame(tab, [{"_row": i + 2, **r} for i, r in enumerate(records)])


@pytest.mark.parametrize(
    "successes, n, expected",
    [
        (0, 0, None),
        (1, 1, (0.2065, 1.0)),
        (0, 1, (0.0, 0.7935)),
        (20, 29, (0.5077, 0.8272)),
        (21, 30, (0.5212, 0.8334)),
        (800, 1000, (0.7741, 0.8236)),
    ],
)
def test_wilson_interval(successes, n, expected):
    """Expected values from the closed form (2np + z² ± z√(z² + 4np(1-p))) / 2(n + z²)."""
    result = metrics.wilson(successes, n)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected, abs=1e-4)


def test_quarters_and_as_of():
    assert metrics.quarter_period(2017, 1) == metrics.Period(
        dt.date(2017, 1, 1), dt.date(2017, 3, 31)
    )
    assert metrics.quarter_period(2017, 4).end == dt.date(2017, 12, 31)
    assert metrics.as_of_for_year(2017, dt.date(2026, 11, 28)) == dt.date(2017, 12, 31)
    assert metrics.last_complete_quarter(2026, dt.date(2026, 11, 28)) == 3
    assert metrics.last_complete_quarter(2026, dt.date(2026, 3, 30)) is None


def test_task_summary_counts_overdue_only_for_dated_unfinished_tasks():
    tasks = frame(
        sc.TASKS,
        [
            {"year": 2017, "status": "Hoàn thành", "due_date": dt.date(2017, 3, 31)},
            {"year": 2017, "status": "Đang thực hiện", "due_date": dt.date(2017, 5, 31)},
            {"year": 2017, "status": "Đang thực hiện", "due_date": None},
            {"year": 2017, "status": None, "due_date": dt.date(2017, 12, 31)},
            {"year": 2016, "status": "Đang thực hiện", "due_date": dt.date(2016, 1, 1)},
        ],
    )
    summary = metrics.task_summary(tasks, 2017, dt.date(2017, 6, 30))
    assert (
        summary.total,
        summary.done,
        summary.in_progress,
        summary.not_started,
        summary.overdue,
    ) == (4, 1, 2, 1, 1)


def test_satisfaction_is_the_share_of_answers_at_4_or_5():
    responses = frame(
        sc.SURVEY_RESPONSES,
        [
            {"submitted_at": dt.datetime(2017, 2, 1, 9), "TC1": 5, "TC2": 3},
            {"submitted_at": dt.datetime(2017, 3, 31, 16), "TC1": 4, "TC2": None},
            {"submitted_at": dt.datetime(2017, 4, 1, 8), "TC1": 1, "TC2": 1},
        ],
    )
    q1 = metrics.satisfaction(responses, ["TC1", "TC2"], metrics.quarter_period(2017, 1))
    assert (q1.responses, q1.answers, q1.satisfied) == (2, 3, 2)
    assert q1.share == pytest.approx(2 / 3)
    assert q1.small_sample
    empty = metrics.satisfaction(responses, ["TC1"], metrics.quarter_period(2017, 3))
    assert empty.share is None and empty.interval is None


def test_dossier_on_time_rate():
    dossiers = frame(
        sc.DOSSIERS,
        [
            {
                "year": 2017,
                "month": 1,
                "procedure_field": "Điện lực",
                "resolved_early": 5,
                "resolved_on_time": 10,
                "resolved_late": 5,
            },
            {
                "year": 2017,
                "month": 7,
                "procedure_field": "Điện lực",
                "resolved_early": 0,
                "resolved_on_time": 10,
                "resolved_late": 0,
            },
        ],
    )
    rate = metrics.dossier_on_time(dossiers, 2017, dt.date(2017, 6, 30))
    assert (rate.resolved, rate.on_time, rate.months) == (20, 15, 1)
    assert rate.rate == pytest.approx(0.75)
    assert metrics.dossier_on_time(dossiers, 2018, dt.date(2018, 6, 30)).rate is None


def test_open_feedback_and_overdue():
    feedback = frame(
        sc.FEEDBACK,
        [
            {
                "received_on": dt.date(2017, 3, 1),
                "status": "Đã trả lời",
                "due_date": dt.date(2017, 3, 10),
            },
            {"received_on": dt.date(2017, 3, 1), "status": "Mới", "due_date": dt.date(2017, 3, 10)},
            {
                "received_on": dt.date(2017, 6, 1),
                "status": "Đang xử lý",
                "due_date": dt.date(2017, 7, 10),
            },
        ],
    )
    summary = metrics.feedback_summary(feedback, 2017, dt.date(2017, 6, 30))
    assert (summary.received, summary.open, summary.overdue) == (3, 2, 1)
