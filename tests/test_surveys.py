"""Satisfaction surveys: scores, intervals, trend, pace, comments and Forms imports.

Expected numbers are worked out by hand in the comments, not recomputed by the code under
test. Wilson's closed form, with z = 1.959964 and z² = 3.841459:
    low, high = (2np + z² ∓ z·√(z² + 4np(1−p))) / (2(n + z²))
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata

import pandas as pd
import pytest

from reform import surveys as sv
from reform.metrics import quarter_period, satisfaction_by_quarter
from sheets import schema as sc
from sheets.demo import default_questionnaire, demo_records
from sheets.table import to_frame

QUESTIONS = default_questionnaire()
TEXT = {q["code"]: q["text_vi"] for q in QUESTIONS}
TEXT_EN = {q["code"]: q["text_en"] for q in QUESTIONS}
CODES = list(sc.DEFAULT_QUESTION_CODES)
FACTORS = list(sc.SURVEY_FACTORS)
Q2 = quarter_period(2017, 2)  # 1/4/2017 (Saturday) – 30/6/2017 (Friday), 91 days


def frame(records: list[dict]) -> pd.DataFrame:
    """Typed Phiếu khảo sát rows as the store gives them (row numbers from 2)."""
    filled = [
        {"_row": i + 2, "id": f"sv-{i}", "channel": "Phiếu giấy", **r}
        for i, r in enumerate(records)
    ]
    for r in filled:
        r.setdefault("submitted_at", dt.datetime(2017, 5, 2, 9, 0))
    return to_frame(sc.SURVEY_RESPONSES, filled)


def respondents(count: int, satisfied: int, code: str = "TC1", **extra) -> list[dict]:
    """`count` respondents answering one question, `satisfied` of them at 4."""
    return [{code: 4 if i < satisfied else 2, **extra} for i in range(count)]


# --- Wilson through score(): n = 0, 1, 29, 30, 1000 -----------------------------------------


@pytest.mark.parametrize(
    "records, n, share, low, high, small",
    [
        # n = 1, 1/1: 2np + z² = 5.8415; 4np(1−p) = 0, √z² = 1.9600, z·√ = 3.8415;
        # 2(n + z²) = 9.6829 → (5.8415 − 3.8415)/9.6829 = 0.2065, (5.8415 + 3.8415)/9.6829 = 1
        (respondents(1, 1), 1, 1.0, 0.2065, 1.0, True),
        # n = 1, 0/1: 2np + z² = 3.8415 → (3.8415 − 3.8415)/9.6829 = 0, 7.6829/9.6829 = 0.7935
        (respondents(1, 0), 1, 0.0, 0.0, 0.7935, True),
        # n = 29, 20/29: 2np + z² = 43.8415; 4np(1−p) = 4·20·9/29 = 24.8276; √(28.6690) = 5.3543;
        # z·√ = 10.4943; 2(n + z²) = 65.6829 → 33.3472/65.6829 = 0.5077, 54.3358/65.6829 = 0.8272
        (respondents(29, 20), 29, 20 / 29, 0.5077, 0.8272, True),
        # n = 30, 21/30: 2np + z² = 45.8415; 4np(1−p) = 4·21·9/30 = 25.2; √(29.0415) = 5.3890;
        # z·√ = 10.5623; 2(n + z²) = 67.6829 → 35.2792/67.6829 = 0.5212, 56.4038/67.6829 = 0.8334
        (respondents(30, 21), 30, 0.7, 0.5212, 0.8334, False),
        # n = 1000, 800/1000: 2np + z² = 1603.8415; 4np(1−p) = 640; √(643.8415) = 25.3740;
        # z·√ = 49.7322; 2(n + z²) = 2007.6829 → 1554.1093/2007.6829 = 0.7741,
        # 1653.5737/2007.6829 = 0.8236
        (respondents(1000, 800), 1000, 0.8, 0.7741, 0.8236, False),
    ],
)
def test_score_interval_against_hand_computed_wilson(records, n, share, low, high, small):
    result = sv.score(frame(records), CODES)
    assert result.n == n
    assert result.share == pytest.approx(share)
    assert result.low == pytest.approx(low, abs=1e-4)
    assert result.high == pytest.approx(high, abs=1e-4)
    assert result.small is small


def test_score_with_no_responses_has_no_share_and_no_interval():
    result = sv.score(frame([]), CODES)
    assert (result.n, result.answers, result.satisfied) == (0, 0, 0)
    assert result.share is None and result.low is None and result.high is None
    assert result.small is True
    assert result.figure("vi") == "– (n = 0)"


def test_interval_is_over_respondents_not_answers():
    """One person's 15 answers at 5 are one respondent: the interval is the n = 1 one."""
    result = sv.score(frame([{code: 5 for code in CODES}]), CODES)
    assert (result.n, result.answers, result.satisfied) == (1, 15, 15)
    assert (result.low, result.high) == pytest.approx((0.2065, 1.0), abs=1e-4)


def test_only_1_to_5_answers_count():
    """A blank, a 0 or a stray 7 in an extra column is not an answer; the rest still counts."""
    responses = frame([{"TC1": 4, "TC2": None}, {"TC1": 2}])
    responses["NEW1"] = pd.Series([7, "Hài lòng"], index=responses.index, dtype=object)
    result = sv.score(responses, [*CODES, "NEW1"])
    assert (result.n, result.answers, result.satisfied) == (2, 2, 1)


# --- a small hand-made quarter ----------------------------------------------------------------

SMALL = [
    {"TC1": 5, "TC2": 4, "TT1": 2, "procedure_field": "Điện lực"},
    {"TC1": 3, "TT1": 1, "procedure_field": "Điện lực"},
    {"TC1": 4, "TT1": 4, "CC1": 5, "procedure_field": "Thương mại"},
    {"PA1": 2, "procedure_field": None},
    {"comment": "Không chấm điểm", "procedure_field": "Thương mại"},  # no answer: not in n
]


def test_score_overall_on_a_small_frame():
    # Answers: 3 + 2 + 3 + 1 = 9; at 4 or 5: 2 + 0 + 3 + 0 = 5; respondents with an answer: 4.
    # Wilson at n = 4, p = 5/9 (np = 2.2222): 2np + z² = 8.2859; 4np(1−p) = 3.9506;
    # √(7.7921) = 2.7914; z·√ = 5.4711; 2(n + z²) = 15.6829 → 0.1795, 0.8772
    result = sv.score(frame(SMALL), CODES)
    assert (result.n, result.answers, result.satisfied) == (4, 9, 5)
    assert result.share == pytest.approx(5 / 9)
    assert (result.low, result.high) == pytest.approx((0.1795, 0.8772), abs=1e-4)
    assert result.small
    assert result.figure("vi") == "55,6% (17,9–87,7%; n = 4)"
    assert result.figure("en") == "55.6% (17.9–87.7%; n = 4)"


def test_score_within_a_period():
    responses = frame(
        [
            {"TC1": 5, "submitted_at": dt.datetime(2017, 3, 31, 23, 59, 59)},  # Quý I
            {"TC1": 1, "submitted_at": dt.datetime(2017, 4, 1, 0, 0)},  # Quý II
            {"TC1": 2, "submitted_at": dt.datetime(2017, 6, 30, 23, 59, 59)},  # Quý II
        ]
    )
    result = sv.score(responses, CODES, Q2)
    assert (result.n, result.satisfied, result.share) == (2, 0, 0.0)


def test_by_factor_keeps_every_factor_in_questionnaire_order():
    scores = sv.by_factor(frame(SMALL), QUESTIONS)
    assert [s.label for s in scores] == FACTORS
    table = {s.label: (s.n, s.answers, s.satisfied, s.share) for s in scores}
    # TC: 5, 4 | 3 | 4 → 4 answers, 3 satisfied, 3 respondents
    assert table[FACTORS[0]] == (3, 4, 3, 0.75)
    # TT: 2 | 1 | 4 → 1 of 3
    assert table[FACTORS[1]] == (3, 3, 1, pytest.approx(1 / 3))
    assert table[FACTORS[2]] == (1, 1, 1, 1.0)  # CC: one 5
    assert table[FACTORS[3]] == (0, 0, 0, None)  # KQ: nobody answered
    assert table[FACTORS[4]] == (1, 1, 0, 0.0)  # PA: one 2


def test_by_question_lists_weak_points_first_ties_by_code():
    scores = sv.by_question(frame(SMALL), QUESTIONS)
    # PA1 0/1, TT1 1/3, TC1 2/3, then CC1 and TC2 both 1/1 (by code), then the unanswered.
    assert [s.label for s in scores[:5]] == ["PA1", "TT1", "TC1", "CC1", "TC2"]
    assert [round(s.share, 4) for s in scores[:5]] == [0.0, 0.3333, 0.6667, 1.0, 1.0]
    unanswered = ["CC2", "CC3", "KQ1", "KQ2", "KQ3", "PA2", "PA3", "TC3", "TT2", "TT3"]
    assert [s.label for s in scores[5:]] == unanswered
    assert all(s.share is None and s.n == 0 for s in scores[5:])
    # Only the 15 scale questions: LINH_VUC, DOI_TUONG and Y_KIEN are not scored.
    assert len(scores) == 15


def test_by_field_groups_blank_fields_last_under_empty_label():
    scores = sv.by_field(frame(SMALL), CODES)
    assert [s.label for s in scores] == ["Điện lực", "Thương mại", ""]
    # Điện lực: 5, 4, 2 | 3, 1 → 2 of 5, 2 respondents; Thương mại: 4, 4, 5 (the comment-only
    # response has no answer) → 3 of 3, 1 respondent; blank: 2 → 0 of 1.
    assert [(s.n, s.answers, s.satisfied) for s in scores] == [(2, 5, 2), (1, 3, 3), (1, 1, 0)]
    assert [s.share for s in scores] == [0.4, 1.0, 0.0]


def test_scores_frame_has_the_small_flag():
    table = sv.scores_frame(sv.by_field(frame(SMALL), CODES))
    assert list(table.columns) == [
        "label",
        "n",
        "answers",
        "satisfied",
        "share",
        "low",
        "high",
        "small",
    ]
    assert table["small"].tolist() == [True, True, True]


# --- change between quarters ------------------------------------------------------------------


def hand_score(share: float, n: int, low: float, high: float) -> sv.Score:
    """A score with a hand-computed Wilson interval."""
    return sv.Score("", n, n, round(share * n), share, low, high)


# Wilson intervals by hand (formula at the top of the file):
# 0.5 at n = 30:  2np + z² = 33.8415; 4np(1−p) = 30; √33.8415 = 5.8173; z·√ = 11.4018;
#                 2(n + z²) = 67.6829 → 0.3315, 0.6685
# 0.8 at n = 100: 2np + z² = 163.8415; 4np(1−p) = 64; √67.8415 = 8.2366; z·√ = 16.1434;
#                 2(n + z²) = 207.6829 → 0.7112, 0.8666
# 0.7 at n = 30:  0.5212, 0.8334 (as above)
# 0.75 at n = 70: 2np + z² = 108.8415; 4np(1−p) = 52.5; √56.3415 = 7.5061; z·√ = 14.7117;
#                 2(n + z²) = 147.6829 → 0.6374, 0.8366
# 0.6 at n = 200: 2np + z² = 243.8415; 4np(1−p) = 192; √195.8415 = 13.9943; z·√ = 27.4284;
#                 2(n + z²) = 407.6829 → 0.5308, 0.6654
# 0.7 at n = 200: 2np + z² = 283.8415; 4np(1−p) = 168; √171.8415 = 13.1088; z·√ = 25.6928;
#                 2(n + z²) = 407.6829 → 0.6332, 0.7593
HALF_30 = hand_score(0.5, 30, 0.3315, 0.6685)
EIGHTY_100 = hand_score(0.8, 100, 0.7112, 0.8666)


def test_change_clearly_up():
    # d = 0.3; low = 0.3 − √((0.8 − 0.7112)² + (0.6685 − 0.5)²) = 0.3 − √(0.00789 + 0.02839)
    #   = 0.3 − 0.1905 = 0.1095; high = 0.3 + √((0.8666 − 0.8)² + (0.5 − 0.3315)²)
    #   = 0.3 + √(0.00444 + 0.02839) = 0.3 + 0.1812 = 0.4812
    result = sv.change(HALF_30, EIGHTY_100)
    assert result.verdict == "up"
    assert result.points == pytest.approx(30.0)
    assert (result.low, result.high) == pytest.approx((10.95, 48.12), abs=0.02)


def test_change_clearly_down():
    result = sv.change(EIGHTY_100, HALF_30)
    assert result.verdict == "down"
    assert result.points == pytest.approx(-30.0)
    assert (result.low, result.high) == pytest.approx((-48.12, -10.95), abs=0.02)


def test_change_within_noise():
    # 70% of 30 → 75% of 70: d = 0.05; low = 0.05 − √((0.75 − 0.6374)² + (0.8334 − 0.7)²)
    #   = 0.05 − √(0.01268 + 0.01780) = 0.05 − 0.1746 = −0.1246; high = 0.05 +
    #   √((0.8366 − 0.75)² + (0.7 − 0.5212)²) = 0.05 + √(0.00750 + 0.03197) = 0.05 + 0.1987
    #   = 0.2487: the interval holds 0, so five points up is noise at these sizes.
    result = sv.change(hand_score(0.7, 30, 0.5212, 0.8334), hand_score(0.75, 70, 0.6374, 0.8366))
    assert result.verdict == "within_noise"
    assert result.points == pytest.approx(5.0)
    assert (result.low, result.high) == pytest.approx((-12.46, 24.87), abs=0.02)


def test_change_can_be_real_while_the_intervals_overlap():
    """The rule is a 95% test of the difference, not "the intervals do not overlap"."""
    # 60% → 70% of 200: the intervals 0.5308–0.6654 and 0.6332–0.7593 overlap, yet
    # low = 0.1 − √((0.7 − 0.6332)² + (0.6654 − 0.6)²) = 0.1 − √(0.00446 + 0.00428)
    #     = 0.1 − 0.0935 = 0.0065 > 0
    before = hand_score(0.6, 200, 0.5308, 0.6654)
    after = hand_score(0.7, 200, 0.6332, 0.7593)
    assert before.high > after.low
    result = sv.change(before, after)
    assert result.verdict == "up"
    assert result.low == pytest.approx(0.65, abs=0.02)


def test_change_at_the_extremes_and_without_data():
    # 5/5 and 5/5: Wilson 5/5 = (10 + 3.8415 − 3.8415)/(2·8.8415) = 0.5655 to 1; d = 0.
    full = hand_score(1.0, 5, 0.5655, 1.0)
    assert sv.change(full, full).verdict == "within_noise"
    empty = sv.Score("", 0, 0, 0, None, None, None)
    assert sv.change(empty, full) is None
    assert sv.change(full, empty) is None


def test_quarterly_compares_each_quarter_with_the_one_before():
    def at(day: dt.date, count: int, satisfied: int) -> list[dict]:
        return respondents(count, satisfied, submitted_at=dt.datetime.combine(day, dt.time(9)))

    responses = frame(
        at(dt.date(2016, 11, 10), 30, 15)  # Quý IV/2016: 50% of 30
        + at(dt.date(2017, 2, 10), 100, 80)  # Quý I: 80% of 100, up (as above)
        + at(dt.date(2017, 5, 10), 30, 15)  # Quý II: 50% of 30, down
    )
    table = sv.quarterly(responses, CODES, 2017)
    assert table["label"].tolist() == ["Quý I/2017", "Quý II/2017", "Quý III/2017", "Quý IV/2017"]
    assert table["n"].tolist() == [100, 30, 0, 0]
    assert table["share"].tolist()[:2] == [0.8, 0.5]
    assert table["low"].round(4).tolist()[:2] == [0.7112, 0.3315]
    assert table["small"].tolist() == [False, False, True, True]
    assert table["verdict"].tolist() == ["up", "down", None, None]
    assert table["change"].round(6).tolist()[:2] == [30.0, -30.0]
    assert math.isnan(table["share"][2])


def test_quarterly_agrees_with_the_overview_on_the_demo_data():
    """The survey page and the overview (reform.metrics) must show the same figures."""
    records = [{"_row": i + 2, **r} for i, r in enumerate(demo_records()["survey_responses"])]
    responses = to_frame(sc.SURVEY_RESPONSES, records)
    ours = sv.quarterly(responses, CODES, 2017)
    overview = satisfaction_by_quarter(responses, CODES, 2017)
    columns = ["quarter", "n", "share", "low", "high"]
    pd.testing.assert_frame_equal(ours[columns], overview[columns], check_dtype=False)
    assert ours["small"].tolist() == [True, False, False, False]  # Quý I has 24 responses


# --- counts, pace and comments ----------------------------------------------------------------


def test_counts_by_week_include_empty_and_cut_weeks():
    def on(*parts: int) -> dict:
        return {"TC1": 4, "submitted_at": dt.datetime(*parts)}

    responses = frame(
        [
            on(2017, 3, 31, 10),  # Quý I: not counted, though its ISO week 13 reaches April
            on(2017, 4, 1, 10),  # Saturday, week 13
            on(2017, 4, 3, 8),  # Monday, week 14
            on(2017, 4, 9, 23, 59),  # Sunday, week 14
            on(2017, 6, 30, 16),  # Friday, week 26
            on(2017, 7, 1, 9),  # Quý III
        ]
    )
    table = sv.counts_by_week(responses, Q2)
    assert table["week"].tolist() == list(range(13, 27))
    assert table["count"].tolist() == [1, 2] + [0] * 11 + [1]
    first, last = table.iloc[0], table.iloc[-1]
    assert (first["start"], first["end"], first["days"]) == (
        dt.date(2017, 4, 1),
        dt.date(2017, 4, 2),
        2,
    )
    assert (last["start"], last["end"], last["days"]) == (
        dt.date(2017, 6, 26),
        dt.date(2017, 6, 30),
        5,
    )
    assert table["days"].sum() == 91


def test_counts_by_week_uses_the_iso_year():
    """1/1/2017 is a Sunday: it belongs to ISO week 52 of 2016."""
    table = sv.counts_by_week(frame([]), quarter_period(2017, 1))
    assert (table["iso_year"][0], table["week"][0], table["days"][0]) == (2016, 52, 1)
    assert table["count"].sum() == 0
    assert len(table) == 14  # week 52 of 2016, then weeks 1–13 of 2017


def test_counts_by_channel_lists_known_channels_at_zero():
    responses = frame(
        [
            {"TC1": 4, "channel": "Phiếu giấy"},
            {"TC1": 4, "channel": "Tại quầy (kiosk)"},
            {"TC1": 4, "channel": "Phiếu giấy"},
            {"TC1": 4, "channel": "Phiếu giấy", "submitted_at": dt.datetime(2017, 8, 1)},
        ]
    )
    table = sv.counts_by_channel(responses, Q2, sc.SURVEY_CHANNELS)
    assert list(zip(table["channel"], table["count"], strict=True)) == [
        ("Phiếu giấy", 2),
        ("Tại quầy (kiosk)", 1),
        ("Email", 0),
        ("Google Forms", 0),
        ("Trực tuyến", 0),
    ]


@pytest.mark.parametrize(
    "count, as_of, expected, on_track, finished",
    [
        # 15/5 is day 30 + 15 = 45 of 91: 30 × 45 / 91 = 14.84 → 14 expected
        (14, dt.date(2017, 5, 15), 14, True, False),
        (13, dt.date(2017, 5, 15), 14, False, False),
        # the first day: 30 × 1 / 91 = 0.33 → 0, nobody is behind yet
        (0, dt.date(2017, 4, 1), 0, True, False),
        (0, dt.date(2017, 3, 20), 0, True, False),  # before the quarter
        # finished: the whole target is due
        (29, dt.date(2017, 7, 5), 30, False, True),
        (30, dt.date(2017, 6, 30), 30, True, True),
    ],
)
def test_on_track(count, as_of, expected, on_track, finished):
    pace = sv.on_track(count, Q2, as_of, target=30)
    assert (pace.expected, pace.on_track, pace.finished) == (expected, on_track, finished)
    assert pace.days_total == 91
    assert pace.remaining == max(0, 30 - count)


def test_comments_newest_first_without_contact():
    responses = frame(
        [
            {"comment": "Chờ hơi lâu.", "submitted_at": dt.datetime(2017, 4, 5, 9)},
            {"comment": "  ", "submitted_at": dt.datetime(2017, 4, 6, 9)},
            {
                "comment": "Nhân viên chu đáo.",
                "contact": "0905 123 456",
                "consent": True,
                "submitted_at": dt.datetime(2017, 6, 1, 14),
            },
            {"comment": "Quý trước.", "submitted_at": dt.datetime(2017, 3, 1, 9)},
        ]
    )
    table = sv.comments(responses, Q2)
    assert table["comment"].tolist() == ["Nhân viên chu đáo.", "Chờ hơi lâu."]
    assert "contact" not in table.columns and "consent" not in table.columns
    assert "0905" not in table.to_string()
    assert list(table.columns) == sv.COMMENT_COLUMNS


# --- reading answers and timestamps -----------------------------------------------------------

NFD_SATISFIED = unicodedata.normalize("NFD", "Hài lòng")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Rất không hài lòng", 1),
        ("Không hài lòng", 2),
        ("Bình thường", 3),
        ("Trung bình", 3),
        ("Phân vân", 3),
        ("Hài lòng", 4),
        ("Rất hài lòng", 5),
        ("rat hai long", 5),
        ("RẤT HÀI LÒNG", 5),
        ("  Rất   hài lòng. ", 5),
        (NFD_SATISFIED, 4),
        ("khong hai long", 2),
        ("1", 1),
        ("5", 5),
        (" 3 ", 3),
        ("4 - Hài lòng", 4),
        ("5. Rất hài lòng", 5),
        ("Hài lòng (4)", 4),
        ("4.0", 4),
        ("4.", 4),
        ("(4)", 4),
        ("4,0", 4),
        (4.0, 4),
        (2, 2),
        ("Very satisfied", 5),
        (None, None),
        ("", None),
        ("   ", None),
        (float("nan"), None),
        (pd.NA, None),
    ],
)
def test_answer_value_reads(raw, expected):
    assert sv.answer_value(raw) == expected


@pytest.mark.parametrize(
    "raw, kind",
    [
        ("0", "survey_out_of_range"),
        ("6", "survey_out_of_range"),
        (6, "survey_out_of_range"),
        (0, "survey_out_of_range"),
        ("-1", "survey_out_of_range"),
        (4.5, "survey_out_of_range"),
        ("4,5", "survey_out_of_range"),
        ("Hài lòng lắm", "survey_not_an_answer"),
        ("abc", "survey_not_an_answer"),
        ("Có", "survey_not_an_answer"),
        ("4 - Rất không hài lòng", "survey_not_an_answer"),  # number and label disagree
        (True, "survey_not_an_answer"),
    ],
)
def test_answer_value_refuses(raw, kind):
    with pytest.raises(ValueError) as caught:
        sv.answer_value(raw)
    assert isinstance(caught.value, sv.AnswerError)
    assert caught.value.kind == kind
    assert f"«{raw}»" in str(caught.value)


def test_answer_error_speaks_vietnamese_and_english():
    with pytest.raises(sv.AnswerError) as caught:
        sv.answer_value("Tạm được")
    message = str(caught.value)
    assert "Không đọc được câu trả lời «Tạm được»" in message
    assert "Cannot read the answer «Tạm được»" in message


@pytest.mark.parametrize(
    "raw, month_first, expected",
    [
        ("15/04/2017 9:05:33", False, dt.datetime(2017, 4, 15, 9, 5, 33)),
        ("5/4/2017 14:00:00", False, dt.datetime(2017, 4, 5, 14, 0, 0)),  # Vietnamese: 5 April
        ("4/15/2017 9:05:33", True, dt.datetime(2017, 4, 15, 9, 5, 33)),
        ("5/4/2017 14:00:00", True, dt.datetime(2017, 5, 4, 14, 0, 0)),  # US sheet: 4 May
        ("2017-04-15 09:05:33", False, dt.datetime(2017, 4, 15, 9, 5, 33)),
        ("2017-04-15T09:05:33", False, dt.datetime(2017, 4, 15, 9, 5, 33)),
        ("15/04/2017", False, dt.datetime(2017, 4, 15)),
        (dt.datetime(2017, 4, 15, 9, 5, 33, 600_000), False, dt.datetime(2017, 4, 15, 9, 5, 34)),
        # a sheet's serial number: 42840 days after 30/12/1899 is 15/4/2017, and
        # 0.378854166 days = 9 h 5 min 33 s
        (42840.378854166665, False, dt.datetime(2017, 4, 15, 9, 5, 33)),
    ],
)
def test_parse_forms_timestamp(raw, month_first, expected):
    assert sv.parse_forms_timestamp(raw, month_first=month_first) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "4/15/2017 9:05:33",  # month 15: a US-locale sheet read day first
        "31/04/2017 10:00:00",
        "15/04/17 9:05",
        "2017/04/15 09:05:33",
        "15/04/2017 9:05:33 PM",
        "hôm qua",
        "",
        None,
    ],
)
def test_parse_forms_timestamp_refuses(raw):
    with pytest.raises(sv.TimestampError) as caught:
        sv.parse_forms_timestamp(raw)
    assert "dd/mm/yyyy" in str(caught.value)


# --- mapping a Forms tab ----------------------------------------------------------------------


def test_match_questions_by_text_label_bracket_and_prefix():
    headers = [
        "Dấu thời gian",
        TEXT["TC1"],
        TEXT_EN["TC2"].upper(),  # English text, other case
        "ong/ba hai long the nao voi thai do cua cong chuc: lich su, tan tinh, ton trong "
        "nguoi den lam thu tuc?",  # CC1 without diacritics
        "Câu hỏi mới về kết quả [KQ1]",
        "KQ2. Nhận kết quả đúng hẹn",
        f"Mức độ hài lòng của Ông/Bà [{TEXT['PA1']}]",  # a row of a Forms grid
        TEXT["LINH_VUC"],
        TEXT["DOI_TUONG"],
        TEXT["Y_KIEN"],
        "Địa chỉ email",
        "Điểm số",
    ]
    mapping = sv.match_questions(headers, QUESTIONS, {})
    assert list(mapping.values()) == [
        "submitted_at",
        "TC1",
        "TC2",
        "CC1",
        "KQ1",
        "KQ2",
        "PA1",
        "procedure_field",
        "respondent_type",
        "comment",
        None,  # an address Forms collected is personal and not guessed
        None,
    ]


def test_match_questions_remembered_choices_win_and_a_code_goes_to_one_column():
    headers = ["Timestamp", "Câu 1", "Câu 2", TEXT["TC1"], "Ý kiến khác", "Câu 3"]
    remembered = {
        "Câu 1": "TC1",
        "cau 2": None,  # skipped on purpose last time (matched folded)
        "Ý kiến khác": None,
        "Câu 3": "OLD9",  # a question removed since: guessed again, finds nothing
    }
    mapping = sv.match_questions(headers, QUESTIONS, remembered)
    assert mapping == {
        "Timestamp": "submitted_at",
        "Câu 1": "TC1",
        "Câu 2": None,
        TEXT["TC1"]: None,  # TC1 is already taken by the remembered column
        "Ý kiến khác": None,
        "Câu 3": None,
    }


# --- importing a Forms tab --------------------------------------------------------------------

LEVEL = {
    1: "Rất không hài lòng",
    2: "Không hài lòng",
    3: "Bình thường",
    4: "Hài lòng",
    5: "Rất hài lòng",
}
ANSWERS = [  # (timestamp, field, answers to TC1, TC2, TT1, CC1, PA1, comment)
    ("15/04/2017 9:05:33", "Điện lực", (5, 4, 2, 4, None), ""),
    ("16/04/2017 10:11:12", "Thương mại", (3, None, 1, 5, 2), "Chờ hơi lâu"),
    ("2/5/2017 14:00:00", "Điện lực", (4, 4, 4, 4, 4), ""),
    ("20/05/2017 8:30:00", "", (1, 2, 5, 3, None), "Bảng niêm yết chữ nhỏ"),
]
GRID_CODES = ("TC1", "TC2", "TT1", "CC1", "PA1")


def forms_grid(rows=ANSWERS) -> list[list[str]]:
    """A Forms response tab as a Vietnamese-locale sheet shows it, answers as labels."""
    headers = [
        "Dấu thời gian",
        *(TEXT[c] for c in GRID_CODES),
        TEXT["LINH_VUC"],
        TEXT["Y_KIEN"],
        "Địa chỉ email",
    ]
    body = [
        [stamp, *(LEVEL.get(a, "") for a in answers), field, comment, "a@example.vn"]
        for stamp, field, answers, comment in rows
    ]
    return [headers, *body]


def by_hand(rows=ANSWERS) -> pd.DataFrame:
    """The same answers typed in as numbers."""
    return frame(
        [
            {
                "submitted_at": dt.datetime.strptime(stamp, "%d/%m/%Y %H:%M:%S"),
                "channel": "Google Forms",
                "procedure_field": field or None,
                **dict(zip(GRID_CODES, answers, strict=True)),
                "comment": comment or None,
            }
            for stamp, field, answers, comment in rows
        ]
    )


def imported(grid: list[list[str]]) -> tuple[list[dict], list[sv.SurveyProblem]]:
    mapping = sv.match_questions(grid[0], QUESTIONS, {})
    return sv.forms_rows(grid, mapping, questions=QUESTIONS)


def test_forms_import_gives_the_same_results_as_typing_the_answers():
    records, problems = imported(forms_grid())
    assert problems == []
    assert records[0] == {
        "submitted_at": dt.datetime(2017, 4, 15, 9, 5, 33),
        "channel": "Google Forms",
        "procedure_field": "Điện lực",
        "respondent_type": None,
        "TC1": 5,
        "TC2": 4,
        "TT1": 2,
        "CC1": 4,
        "PA1": None,
        "comment": None,
    }
    assert records[2]["submitted_at"] == dt.datetime(2017, 5, 2, 14)  # 2/5 is 2 May
    from_forms = frame(records)
    typed = by_hand()
    assert sv.score(from_forms, CODES, Q2) == sv.score(typed, CODES, Q2)
    assert sv.by_question(from_forms, QUESTIONS, Q2) == sv.by_question(typed, QUESTIONS, Q2)
    assert sv.by_factor(from_forms, QUESTIONS) == sv.by_factor(typed, QUESTIONS)
    assert sv.by_field(from_forms, CODES) == sv.by_field(typed, CODES)
    assert sv.comments(from_forms, Q2).equals(sv.comments(typed, Q2))
    # By hand: 4 + 4 + 5 + 4 = 17 answers, at 4 or 5: 3 + 1 + 5 + 1 = 10, four respondents.
    result = sv.score(from_forms, CODES, Q2)
    assert (result.n, result.answers, result.satisfied) == (4, 17, 10)


def test_forms_records_are_accepted_by_the_store(empty_store):
    records, _ = imported(forms_grid())
    empty_store.append("survey_responses", records)
    book = empty_store.load(force=True)
    assert book.errors == []
    stored = book.frame("survey_responses")
    assert len(stored) == 4
    assert sv.score(stored, CODES) == sv.score(by_hand(), CODES)
    # Re-importing the same tab adds nothing.
    again, _ = imported(forms_grid())
    assert sv.new_only(again, book.frame("survey_responses", include_archived=True)) == []


def test_forms_import_reports_bad_cells_with_row_and_column():
    grid = forms_grid()
    grid[2][2] = "6"  # row 3 in the sheet, column C (TC2)
    grid[3][1] = "Tạm được"  # row 4, column B (TC1)
    grid.append(["21/05/2017 8:00:00", "", "", "", "", "", "Điện lực", "", ""])  # row 6
    grid.append([""] * 9)  # an empty row: skipped
    grid.append(["hôm qua", "Hài lòng", "", "", "", "", "", "", ""])  # row 8
    records, problems = imported(grid)
    assert len(records) == 2  # rows 2 and 5
    found = [(p.kind, p.row, p.column_letter, p.value) for p in problems]
    assert found == [
        ("survey_out_of_range", 3, "C", "6"),
        ("survey_not_an_answer", 4, "B", "Tạm được"),
        ("survey_all_blank", 6, None, ""),
        ("survey_bad_timestamp", 8, "A", "hôm qua"),
    ]
    assert problems[0].column == TEXT["TC2"]
    assert problems[0].cell == "C3"
    assert problems[2].message("vi").startswith("Dòng 6: phiếu không có câu trả lời nào")
    assert problems[2].message("en").startswith("Row 6: the response has no answers")


def test_forms_import_refuses_a_tab_without_timestamp_or_with_mixed_dates():
    grid = forms_grid()
    _, problems = sv.forms_rows(grid, {TEXT["TC1"]: "TC1"})
    assert [p.kind for p in problems] == ["survey_no_timestamp_column"]

    grid = forms_grid()
    grid[2][0] = "4/16/2017 10:11:12"  # month first, while row 2 (15/04) is day first
    records, problems = imported(grid)
    assert records == []
    assert [(p.kind, p.value, p.detail) for p in problems] == [
        ("survey_mixed_date_order", "15/04/2017 9:05:33", "4/16/2017 10:11:12")
    ]


def test_forms_import_reads_a_us_locale_tab_month_first():
    grid = forms_grid()
    for row, stamp in zip(grid[1:], ["4/15/2017 9:05:33", "4/16/2017 10:11:12"], strict=False):
        row[0] = stamp
    grid[3][0], grid[4][0] = "5/2/2017 14:00:00", "5/20/2017 8:30:00"
    records, problems = imported(grid)
    assert problems == []
    assert [r["submitted_at"].date() for r in records] == [
        dt.date(2017, 4, 15),
        dt.date(2017, 4, 16),
        dt.date(2017, 5, 2),
        dt.date(2017, 5, 20),
    ]


def test_forms_import_refuses_a_column_mapped_to_an_unknown_code():
    grid = forms_grid()
    mapping = {**sv.match_questions(grid[0], QUESTIONS, {}), "Địa chỉ email": "XYZ9"}
    records, problems = sv.forms_rows(grid, mapping, questions=QUESTIONS)
    assert [(p.kind, p.row, p.column_letter, p.value) for p in problems] == [
        ("survey_unknown_question", 1, "I", "XYZ9")
    ]
    assert all("XYZ9" not in r for r in records) and len(records) == 4


# --- duplicates -------------------------------------------------------------------------------


def test_reimport_adds_only_new_rows():
    first, _ = imported(forms_grid(ANSWERS[:2]))
    stored = frame(first)  # every code column, blanks included, plus id and row numbers
    later = ANSWERS + [("25/05/2017 9:00:00", "Hóa chất", (4, 4, 4, 4, 4), "")]
    again, _ = imported(forms_grid(later))
    fresh = sv.new_only(again, stored)
    assert [r["submitted_at"] for r in fresh] == [
        dt.datetime(2017, 5, 2, 14),
        dt.datetime(2017, 5, 20, 8, 30),
        dt.datetime(2017, 5, 25, 9),
    ]


def test_a_row_repeated_in_the_batch_is_taken_once():
    records, _ = imported(forms_grid([ANSWERS[0], ANSWERS[0], ANSWERS[1]]))
    assert len(records) == 3
    assert len(sv.new_only(records, None)) == 2


def test_response_key_ignores_blank_columns_and_later_field_corrections():
    record = {"submitted_at": dt.datetime(2017, 4, 15, 9, 5, 33), "channel": "Email", "TC1": 4}
    stored = {
        **record,
        "submitted_at": pd.Timestamp("2017-04-15 09:05:33.2"),  # to the second
        "channel": "email",
        "TC1": 4,
        "TC2": pd.NA,
        "procedure_field": "Điện lực",  # corrected by staff after the import
        "id": "sv-9",
        "_row": 9,
        "contact": "0905 123 456",
        "consent": True,
    }
    assert sv.response_key(record) == sv.response_key(stored)
    assert sv.response_key(record) != sv.response_key({**record, "TC1": 5})
    assert sv.response_key(record) != sv.response_key({**record, "comment": "Tốt"})
    later = {**record, "submitted_at": dt.datetime(2017, 4, 15, 9, 5, 34)}
    assert sv.response_key(record) != sv.response_key(later)


def test_a_double_submission_is_refused_with_the_stored_row():
    stored = frame(
        [{"submitted_at": dt.datetime(2017, 4, 20, 10, 0, 5), "TC1": 4, "CC1": 5}]
    )  # sheet row 2
    record = {
        "submitted_at": dt.datetime(2017, 4, 20, 10, 0, 5),
        "channel": "Phiếu giấy",
        "TC1": 4,
        "CC1": 5,
        "comment": None,
    }
    assert sv.duplicate_of(record, stored) == 2
    problems = sv.validate_response(record, QUESTIONS, stored)
    assert [(p.kind, p.detail) for p in problems] == [("survey_duplicate", "2")]
    assert "dòng 2" in problems[0].message("vi")
    other = {**record, "CC1": 4}
    assert sv.validate_response(other, QUESTIONS, stored) == []


# --- validation -------------------------------------------------------------------------------


def test_validate_response():
    base = {"submitted_at": dt.datetime(2017, 4, 20, 10), "channel": "Phiếu giấy"}
    assert sv.validate_response({**base, "TC1": 4, "PA3": "5"}, QUESTIONS) == []
    # A comment without scores is kept: it is read on the page but is not in n.
    assert sv.validate_response({**base, "comment": "Tốt"}, QUESTIONS) == []

    problems = sv.validate_response({**base, "TC1": 7, "XYZ": 3, "LINH_VUC": 2}, QUESTIONS)
    assert [(p.kind, p.column, p.value) for p in problems] == [
        ("survey_out_of_range", "TC1", "7"),
        ("survey_unknown_question", "XYZ", "XYZ"),
        ("survey_unknown_question", "LINH_VUC", "LINH_VUC"),  # not a 1–5 question
    ]
    assert problems[0].message("en") == (
        "Column «TC1»: the answer «7» is off the scale: only whole numbers from 1 to 5 are "
        "accepted."
    )

    blank = sv.validate_response({**base, "TC1": None, "TC2": "", "comment": " "}, QUESTIONS)
    assert [p.kind for p in blank] == ["survey_all_blank"]
    assert blank[0].message("vi") == (
        "Phiếu không có câu trả lời nào (mọi câu hỏi và ý kiến đều để trống)."
    )


def test_scale_codes_and_is_scale():
    assert sv.scale_codes(QUESTIONS) == CODES
    assert sv.scale_codes(pd.DataFrame(QUESTIONS)) == CODES
    assert sv.is_scale("Thang 1-5") and sv.is_scale("thang 1–5")
    assert not sv.is_scale("Một lựa chọn") and not sv.is_scale(None)
