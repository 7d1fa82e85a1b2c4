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
