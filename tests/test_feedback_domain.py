"""Feedback domain rules: lookup codes, due dates, statuses, publishing, figures, limits.

Expected dates and figures are worked out by hand in the comments (working days: Monday to
Friday; Tết 2026 off 16–20/02/2026; Tết 2017 off 26/01–01/02/2017).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re

import pandas as pd
import pytest

from reform import feedback as fb
from reform.feedback import (
    ANSWERED,
    CODE_ALPHABET,
    FORWARDED,
    IN_PROGRESS,
    NEW,
    NOT_HANDLED,
    PUBLIC_FIELDS,
    DueRules,
    attention_by_unit,
    attention_items,
    check_record,
    check_submission,
    check_transition,
    default_due,
    due_for,
    find_by_code,
    handling_days,
    is_well_formed,
    lookup_code,
    may_publish,
    median_handling_days,
    normalize_code,
    on_time_share,
    open_by_status_and_unit,
    public_entries,
    public_entry,
    received_by_month,
    status_for_lookup,
)
from reform.working_days import WorkingCalendar
from sheets import schema
from sheets.demo import demo_records


def d(day: int, month: int, year: int) -> dt.date:
    """A date written the Vietnamese way round."""
    return dt.date(year, month, day)


def keys(problems: list[fb.Problem]) -> list[str]:
    """The keys of a list of problems, in order."""
    return [p.key for p in problems]


# --- the schema and this module agree -------------------------------------------------------


def test_choices_match_the_sheet_schema() -> None:
    assert fb.CATEGORIES == schema.FEEDBACK_CATEGORIES
    assert fb.CHANNELS == schema.FEEDBACK_CHANNELS
    assert fb.STATUSES == schema.FEEDBACK_STATUSES
    assert fb.CLOSED == schema.FEEDBACK_CLOSED
    assert set(fb.PERSONAL_FIELDS) == set(schema.FEEDBACK.personal_codes)
    assert set(PUBLIC_FIELDS) <= set(schema.FEEDBACK.codes)


# --- lookup codes ---------------------------------------------------------------------------

CODE_SHAPE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}")


def test_the_alphabet_has_no_symbol_that_reads_like_another() -> None:
    assert len(CODE_ALPHABET) == len(set(CODE_ALPHABET)) == 31
    assert not set("0O1IL") & set(CODE_ALPHABET)
    # 8 symbols of 31: about 39.6 bits.
    assert 8 * math.log2(len(CODE_ALPHABET)) > 39


def test_codes_are_grouped_and_drawn_from_the_alphabet() -> None:
    for _ in range(1000):
        code = lookup_code()
        assert CODE_SHAPE.fullmatch(code), code
        assert set(code.replace("-", "")) <= set(CODE_ALPHABET)
        assert normalize_code(code) == code


def test_a_thousand_codes_are_all_different() -> None:
    # 8.5·10¹¹ codes: a chance collision among 1,000 is about 6 in 10 million runs.
    codes = {lookup_code() for _ in range(1_000)}
    assert len(codes) == 1_000


@pytest.mark.parametrize(
    "typed",
    ["K7MA-4QX9", "k7ma-4qx9", " k7ma 4qx9 ", "K7MA4QX9", "k7 ma–4q x9", "K7MA_4QX9", "Ｋ7MA-4QX9"],
)
def test_normalize_code_ignores_case_spaces_and_dashes(typed: str) -> None:
    assert normalize_code(typed) == "K7MA-4QX9"
    assert is_well_formed(typed)


@pytest.mark.parametrize(
    "typed",
    ["K7MA-4QX0", "K7MA-4QXO", "K7MA-4QX1", "K7MA-4QXI", "K7MA-4QXL", "K7MA-4QX", "K7MA-4QX9Z",
     "", "   ", "K7MÁ-4QX9", None, 12345678],
)  # fmt: skip
def test_ill_formed_codes_are_refused(typed: object) -> None:
    assert normalize_code(typed) is None
    assert not is_well_formed(typed)


def test_the_demo_data_codes_are_well_formed() -> None:
    codes = [record["code"] for record in demo_records()["feedback"]]
    assert codes and all(is_well_formed(code) for code in codes)


def lookup_frame() -> pd.DataFrame:
    """Three items: one stored without its dash, one published, one archived."""
    return pd.DataFrame(
        [
            {
                "code": "K7MA4QX9",
                "status": IN_PROGRESS,
                "received_on": pd.Timestamp("2026-02-12"),
                "due_date": pd.NaT,
                "category": "Phản ánh",
                "channel": "Trực tiếp",
                "answer": None,
                "answered_on": pd.NaT,
                "answer_doc_no": None,
                "published": False,
                "sender_name": "MARKER-NAME",
                "archived": False,
            },
            {
                "code": "ABCD-EFGH",
                "status": ANSWERED,
                "received_on": pd.Timestamp("2026-03-02"),
                "due_date": pd.Timestamp("2026-03-09"),
                "category": "Góp ý",
                "channel": "Email",
                "answer": "Sở đã tiếp thu.",
                "answered_on": pd.Timestamp("2026-03-04"),
                "answer_doc_no": "12/SCT-VP",
                "published": True,
                "sender_name": "MARKER-NAME",
                "archived": False,
            },
            {
                "code": "ZZZZ-2222",
                "status": NEW,
                "received_on": pd.Timestamp("2026-03-02"),
                "due_date": pd.NaT,
                "category": "Góp ý",
                "channel": "Email",
                "answer": None,
                "answered_on": pd.NaT,
                "answer_doc_no": None,
                "published": False,
                "sender_name": "MARKER-NAME",
                "archived": True,
            },
        ]
    )


def test_find_by_code_matches_however_it_was_typed_or_stored() -> None:
    frame = lookup_frame()
    assert find_by_code(frame, "k7ma 4qx9")["status"] == IN_PROGRESS
    assert find_by_code(frame, "abcdefgh")["status"] == ANSWERED


def test_unknown_ill_formed_and_archived_codes_get_the_same_neutral_answer() -> None:
    frame = lookup_frame()
    answers = [
        status_for_lookup(find_by_code(frame, text))
        for text in ("K7MA-4QX8", "not a code", "", None, "ZZZZ-2222")
    ]
    assert answers == [fb.NOT_FOUND] * 5
    assert status_for_lookup(None) == fb.NOT_FOUND
    assert fb.NOT_FOUND.status is None and fb.NOT_FOUND.answer is None


def test_lookup_shows_the_answer_only_once_published() -> None:
    frame = lookup_frame()
    open_item = status_for_lookup(find_by_code(frame, "K7MA-4QX9"))
    # Received Thursday 12/02/2026, 5 working days: 13/02, then 23–26/02 after Tết.
    assert open_item == fb.LookupAnswer(
        found=True, status=IN_PROGRESS, received_on=d(12, 2, 2026), due_date=d(26, 2, 2026)
    )
    published = status_for_lookup(find_by_code(frame, "ABCD-EFGH"))
    assert published.status == ANSWERED
    assert published.answer == "Sở đã tiếp thu."
    assert published.answered_on == d(4, 3, 2026)
    assert published.answer_doc_no == "12/SCT-VP"

    unpublished = dict(find_by_code(frame, "ABCD-EFGH"), published=False)
    answer = status_for_lookup(unpublished)
    assert answer.status == ANSWERED
    assert answer.answer is None and answer.answered_on is None and answer.answer_doc_no is None
    for result in (open_item, published, answer):
        assert "MARKER" not in repr(dataclasses.asdict(result))


# --- due dates ------------------------------------------------------------------------------


def test_default_due_dates_in_working_days_across_tet() -> None:
    # Thursday 12/02/2026 + 5: 13/02, 23/02, 24/02, 25/02, 26/02 (TT 11/2014/TT-BCT).
    for category in fb.CATEGORIES:
        assert default_due(category, d(12, 2, 2026)) == d(26, 2, 2026)
    # Online (e-mail) + 3 from Friday 13/02/2026: 23, 24, 25/02.
    assert default_due("Kiến nghị", d(13, 2, 2026), channel="Email") == d(25, 2, 2026)
    assert default_due("Kiến nghị", d(13, 2, 2026), channel="Trang web") == d(25, 2, 2026)
    # A hotline call is not online: + 5, 23–27/02.
    assert default_due("Kiến nghị", d(13, 2, 2026), channel="Đường dây nóng") == d(27, 2, 2026)
    # Complex + 10 from 13/02/2026: 23–27/02 and 02–06/03.
    assert default_due("Phản ánh", d(13, 2, 2026), complex_case=True) == d(6, 3, 2026)
    # Forwarding + 5 from Wednesday 25/01/2017: 02, 03, 06, 07, 08/02/2017 (NĐ 20/2008).
    assert default_due("Phản ánh", d(25, 1, 2017), forwarding=True) == d(8, 2, 2017)
    # Received Friday 28/08/2026 + 5: 03, 04, 07, 08, 09/09/2026 (31/08–02/09 off).
    assert default_due("Góp ý", dt.datetime(2026, 8, 28, 15, 0)) == d(9, 9, 2026)


def test_due_rules_are_settings() -> None:
    rules = DueRules(category_days={"Góp ý": 10}, online_answer_days=2)
    # Monday 02/03/2026 + 10: 03–06/03, 09–13/03, 16/03.
    assert default_due("Góp ý", d(2, 3, 2026), rules) == d(16, 3, 2026)
    # A category not listed gets answer_days (5): 03, 04, 05, 06, 09/03.
    assert default_due("Phản ánh", d(2, 3, 2026), rules) == d(9, 3, 2026)
    assert default_due("Góp ý", d(2, 3, 2026), rules, channel="Email") == d(4, 3, 2026)
    closed = DueRules(calendar=WorkingCalendar(extra_days_off=frozenset({d(3, 3, 2026)})))
    assert default_due("Phản ánh", d(2, 3, 2026), closed) == d(10, 3, 2026)
    assert DueRules().answer_days == fb.ANSWER_DAYS == 5
    assert DueRules().forward_days == fb.FORWARD_DAYS == 5
    assert (fb.ONLINE_ANSWER_DAYS, fb.COMPLEX_ANSWER_DAYS) == (3, 10)


def test_due_for_prefers_the_due_date_set_by_hand() -> None:
    record = {"category": "Phản ánh", "received_on": d(12, 2, 2026), "due_date": d(20, 3, 2026)}
    assert due_for(record) == d(20, 3, 2026)
    assert due_for({**record, "due_date": pd.NaT}) == d(26, 2, 2026)
    assert due_for({"category": "Phản ánh", "received_on": None}) is None


# --- statuses and publishing ----------------------------------------------------------------


def item(**changes: object) -> dict[str, object]:
    """A valid item in progress, with changes."""
    record: dict[str, object] = {
        "code": "K7MA-4QX9",
        "received_on": d(2, 3, 2026),
        "category": "Phản ánh",
        "channel": "Trực tiếp",
        "content": "Thủ tục cấp giấy phép bán lẻ rượu còn yêu cầu nộp bản sao chứng thực.",
        "assigned_unit": "Văn phòng Sở",
        "status": IN_PROGRESS,
        "answer": None,
        "answered_on": None,
        "published": False,
        "reason": None,
    }
    record.update(changes)
    return record


ANSWER = {"status": ANSWERED, "answer": "Đã bỏ yêu cầu chứng thực.", "answered_on": d(5, 3, 2026)}


def test_valid_moves_have_no_problem() -> None:
    assert check_transition(None, item(status=NEW, assigned_unit=None)) == []
    assert check_transition(item(status=NEW), item()) == []
    assert check_transition(item(), item(**ANSWER)) == []
    assert check_transition(item(**ANSWER), item(**ANSWER, published=True)) == []
    assert check_transition(item(**ANSWER), item()) == []  # reopened to correct it
    assert check_transition(item(), item(status=NOT_HANDLED, reason="Nặc danh")) == []


def test_nothing_goes_back_to_new() -> None:
    problems = check_transition(item(), item(status=NEW))
    assert keys(problems) == ["feedback_status_move"]
    assert problems[0].params == {"old": IN_PROGRESS, "new": NEW}
    answered = item(**ANSWER)
    assert keys(check_transition(answered, {**answered, "status": NEW})) == ["feedback_status_move"]


def test_an_unknown_status_is_a_problem() -> None:
    assert keys(check_transition(item(), item(status="Xong"))) == ["feedback_unknown_status"]


def test_answered_needs_an_answer_and_its_date() -> None:
    problems = check_transition(item(), item(status=ANSWERED, answer="  "))
    assert keys(problems) == ["feedback_answer_required", "feedback_answered_on_required"]
    assert all(p.is_error for p in problems)
    early = item(**{**ANSWER, "answered_on": d(27, 2, 2026)})
    assert keys(check_record(early)) == ["feedback_answered_before_received"]


def test_not_handled_needs_a_reason() -> None:
    assert keys(check_record(item(status=NOT_HANDLED))) == ["feedback_reason_required"]
    assert keys(check_record(item(status=NOT_HANDLED, reason=float("nan")))) == [
        "feedback_reason_required"
    ]


def test_forwarding_needs_the_notice_and_its_date_within_5_working_days() -> None:
    assert keys(check_record(item(status=FORWARDED))) == [
        "feedback_forward_notice_required",
        "feedback_forward_date_required",
    ]
    notice = "Đã chuyển Sở Tài chính theo thẩm quyền."
    # Received Wednesday 25/01/2017: forwarded by 08/02/2017 at the latest.
    on_time = item(status=FORWARDED, received_on=d(25, 1, 2017), answer=notice)
    assert check_record({**on_time, "answered_on": d(8, 2, 2017)}) == []
    late = check_record({**on_time, "answered_on": d(9, 2, 2017)})
    assert keys(late) == ["feedback_forward_late"]
    assert late[0].params == {"due": d(8, 2, 2017), "days": 5}
    assert not late[0].is_error


def test_in_progress_without_a_unit_is_a_warning() -> None:
    problems = check_record(item(assigned_unit=" "))
    assert keys(problems) == ["feedback_unit_required"]
    assert not problems[0].is_error


def test_publish_only_once_answered() -> None:
    assert may_publish(item(**ANSWER))
    assert not may_publish(item())
    assert not may_publish(item(**{**ANSWER, "answer": "   "}))
    assert not may_publish(item(**{**ANSWER, "answer": float("nan")}))
    assert not may_publish(item(status=FORWARDED, answer="Đã chuyển", answered_on=d(3, 3, 2026)))
    assert keys(check_transition(item(), item(published=True))) == ["feedback_publish_needs_answer"]
    assert keys(check_record(item(status=NOT_HANDLED, reason="Nặc danh", published="Có"))) == [
        "feedback_publish_needs_answer"
    ]


MARKED = {
    "code": "MARKER-CODE",
    "subject": "MARKER-SUBJECT",
    "sender_name": "MARKER-NAME",
    "sender_phone": "MARKER-PHONE",
    "sender_email": "MARKER-EMAIL",
    "sender_address": "MARKER-ADDRESS",
    "sender_org": "MARKER-ORG",
    "assigned_unit": "MARKER-UNIT",
    "assignee": "MARKER-ASSIGNEE",
    "answered_by": "MARKER-ANSWERED-BY",
    "reason": "MARKER-REASON",
    "due_date": d(9, 3, 2026),
    "id": "MARKER-ID",
}


def test_public_entry_never_has_personal_or_internal_fields() -> None:
    record = item(
        **ANSWER,
        **MARKED,
        procedure_field="Thương mại",
        answer_doc_no="45/SCT-VP",
        published=True,
        public_content="Hỏi về yêu cầu bản sao chứng thực khi xin giấy phép bán lẻ rượu.",
    )
    entry = public_entry(record)
    assert tuple(entry) == PUBLIC_FIELDS
    assert "MARKER" not in repr(entry)
    assert entry == {
        "category": "Phản ánh",
        "procedure_field": "Thương mại",
        "received_on": d(2, 3, 2026),
        "content": "Hỏi về yêu cầu bản sao chứng thực khi xin giấy phép bán lẻ rượu.",
        "answer": "Đã bỏ yêu cầu chứng thực.",
        "answered_on": d(5, 3, 2026),
        "answer_doc_no": "45/SCT-VP",
    }
    # Without a public wording the content itself is shown.
    assert public_entry({**record, "public_content": " "})["content"] == record["content"]


def test_public_entries_keep_only_published_answers() -> None:
    rows = [
        item(**ANSWER, **MARKED, published=True),
        item(**{**ANSWER, "answered_on": d(6, 3, 2026)}, **MARKED, published=True),
        item(**ANSWER, **MARKED, published=False),
        item(**MARKED, published=True),  # switched on by hand in the sheet, no answer: left out
    ]
    frame = pd.DataFrame(rows)
    entries = public_entries(frame)
    assert list(entries.columns) == list(PUBLIC_FIELDS)
    assert entries["answered_on"].tolist() == [d(6, 3, 2026), d(5, 3, 2026)]
    assert "MARKER" not in entries.to_csv()
    assert public_entries(frame.iloc[2:]).empty


# --- input limits ---------------------------------------------------------------------------


def test_check_submission() -> None:
    good = {"category": "Góp ý", "channel": "Trang web", "content": "x" * 100}
    assert check_submission(good, max_length=100) == []
    assert check_submission({**good, "channel": None}, max_length=100) == []
    assert keys(check_submission({**good, "content": " \n "}, 100)) == ["feedback_content_empty"]
    assert keys(check_submission({**good, "content": None}, 100)) == ["feedback_content_empty"]
    long = check_submission({**good, "content": "x" * 101}, max_length=100)
    assert keys(long) == ["feedback_content_too_long"]
    assert long[0].params == {"limit": 100, "length": 101}
    # Length counts characters as stored (NFC): 50 "é" typed decomposed are 50, not 100.
    assert check_submission({**good, "content": "e\u0301" * 50}, max_length=60) == []
    assert keys(check_submission({**good, "category": "Khiếu nại"}, 100)) == [
        "feedback_unknown_category"
    ]
    assert keys(check_submission({**good, "channel": "Zalo"}, 100)) == ["feedback_unknown_channel"]


# --- figures on a small hand-made frame -----------------------------------------------------

VP = "Văn phòng Sở"
TM = "Phòng Quản lý thương mại"
AS_OF = d(25, 3, 2026)  # Wednesday


def figures_frame() -> pd.DataFrame:
    """Ten items; due dates and handling days worked out in the comments."""
    columns = [
        "code", "received_on", "category", "channel", "status", "assigned_unit",
        "due_date", "answered_on", "answer", "reason",
    ]  # fmt: skip
    rows = [
        # A: due 26/02 (5 wd across Tết); answered 24/02: 3 working days (13, 23, 24/02).
        ("A", "2026-02-12", "Phản ánh", "Trực tiếp", ANSWERED, VP, None, "2026-02-24", "a", None),
        # B: online, due 05/03 (3 wd); answered 06/03: late, 4 working days.
        ("B", "2026-03-02", "Kiến nghị", "Email", ANSWERED, TM, None, "2026-03-06", "b", None),
        # C: due set by hand 09/03; answered the same day: 0 working days.
        ("C", "2026-03-02", "Góp ý", "Điện thoại", ANSWERED, VP, "2026-03-09", "2026-03-02",
         "c", None),
        # D: online, due 19/03; open at 25/03: 4 working days late (20, 23, 24, 25/03).
        ("D", "2026-03-16", "Vướng mắc", "Trang web", IN_PROGRESS, TM, None, None, None, None),
        # E: new, no unit; due 30/03 (24, 25, 26, 27, 30/03): due in 3 working days.
        ("E", "2026-03-23", "Phản ánh", "Trực tiếp", NEW, None, None, None, None, None),
        # F: forwarded; left out of the on-time share.
        ("F", "2026-03-10", "Kiến nghị", "Văn bản/thư", FORWARDED, VP, None, "2026-03-12",
         "Đã chuyển", None),
        # G: not handled; left out of the on-time share.
        ("G", "2026-01-05", "Phản ánh", "Hộp thư góp ý", NOT_HANDLED, VP, None, None, None,
         "Nặc danh"),
        # H: last year; answered in 2 working days (16, 17/12/2025).
        ("H", "2025-12-15", "Phản ánh", "Trực tiếp", ANSWERED, VP, None, "2025-12-17", "h", None),
        # I: due set by hand 27/03: due in 2 working days (26, 27/03).
        ("I", "2026-03-20", "Góp ý", "Đường dây nóng", IN_PROGRESS, VP, "2026-03-27", None, None,
         None),
        # J: due 16/03 (10–13, 16/03); open at 25/03: 7 working days late (17–20, 23–25/03).
        ("J", "2026-03-09", "Phản ánh", "Trực tiếp", IN_PROGRESS, VP, None, None, None, None),
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("received_on", "due_date", "answered_on"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def test_received_by_month_by_category_and_channel() -> None:
    table = received_by_month(figures_frame(), 2026)
    assert list(table.columns) == ["month", "dimension", "value", "count"]
    assert len(table) == 12 * (4 + 7)  # every month for every category and channel
    counts = table.set_index(["dimension", "value", "month"])["count"]
    # 2026 items: G in January, A in February, B C D E F I J in March.
    assert counts["category"].groupby("month").sum().tolist() == [1, 1, 7] + [0] * 9
    assert counts["category"].groupby("month").sum().sum() == 9
    assert counts[("category", "Phản ánh", 1)] == 1
    assert counts[("category", "Phản ánh", 3)] == 2  # E, J
    assert counts[("category", "Kiến nghị", 3)] == 2  # B, F
    assert counts[("category", "Góp ý", 3)] == 2  # C, I
    assert counts[("category", "Vướng mắc", 3)] == 1  # D
    assert counts[("channel", "Trực tiếp", 3)] == 2  # E, J
    assert counts[("channel", "Trực tiếp", 2)] == 1  # A
    assert counts[("channel", "Hộp thư góp ý", 1)] == 1  # G
    assert counts[("channel", "Email", 3)] == 1
    assert counts[("channel", "Đường dây nóng", 3)] == 1
    assert counts["channel"].sum() == 9
    # Last year has only H (December).
    last = received_by_month(figures_frame(), 2025)
    assert last["count"].sum() == 2 and last.query("month != 12")["count"].sum() == 0


def test_received_by_month_keeps_a_missing_channel_apart() -> None:
    frame = figures_frame()
    frame.loc[frame["code"] == "A", "channel"] = None
    table = received_by_month(frame, 2026)
    blank = table[(table["dimension"] == "channel") & (table["value"] == "")]
    assert blank.set_index("month")["count"].to_dict()[2] == 1
    assert table[table["dimension"] == "channel"]["count"].sum() == 9


def test_open_items_by_unit_and_status() -> None:
    table = open_by_status_and_unit(figures_frame())
    assert table.to_dict("records") == [
        {"unit": TM, "status": IN_PROGRESS, "count": 1},  # D
        {"unit": VP, "status": IN_PROGRESS, "count": 2},  # I, J
        {"unit": None, "status": NEW, "count": 1},  # E
    ]


def test_handling_days_and_their_median() -> None:
    frame = figures_frame()
    days = handling_days(frame)
    assert dict(zip(frame.loc[days.index, "code"], days, strict=True)) == {
        "A": 3,
        "B": 4,
        "C": 0,
        "H": 2,
    }
    assert median_handling_days(frame) == 2.5  # 0, 2, 3, 4
    this_year = frame[frame["received_on"].dt.year == 2026]
    assert median_handling_days(this_year) == 3.0  # 0, 3, 4
    assert median_handling_days(frame[frame["status"] == NEW]) is None


def test_on_time_share_with_its_interval() -> None:
    share = on_time_share(figures_frame(), 2026, AS_OF)
    # On time: A, C. Late: B (answered), D and J (open past due). E and I not yet due.
    assert (share.n, share.on_time, share.late_answered, share.late_open) == (5, 2, 1, 2)
    assert share.share == pytest.approx(0.4)
    # Wilson 95% for 2 of 5: 0.118 to 0.769.
    low, high = share.interval
    assert low == pytest.approx(0.1176, abs=5e-4)
    assert high == pytest.approx(0.7693, abs=5e-4)


def test_on_time_share_as_it_stood_on_an_earlier_day() -> None:
    # On 05/03/2026: A and C answered on time; B not yet answered and due that very day.
    share = on_time_share(figures_frame(), 2026, d(5, 3, 2026))
    assert (share.n, share.on_time, share.share) == (2, 2, 1.0)
    empty = on_time_share(figures_frame(), 2024, AS_OF)
    assert (empty.n, empty.share, empty.interval) == (0, None, None)


def test_attention_items_most_overdue_first() -> None:
    items = attention_items(figures_frame(), AS_OF, horizon_days=3)
    # Limit: 3 working days after 25/03 is 30/03.
    assert items["code"].tolist() == ["J", "D", "I", "E"]
    assert items["state"].tolist() == ["overdue", "overdue", "due_soon", "due_soon"]
    assert items["working_days_left"].tolist() == [-7, -4, 2, 3]
    assert items["due"].tolist() == [d(16, 3, 2026), d(19, 3, 2026), d(27, 3, 2026), d(30, 3, 2026)]
    # A horizon of 0 keeps what is overdue or due today.
    assert attention_items(figures_frame(), AS_OF, horizon_days=0)["code"].tolist() == ["J", "D"]


def test_attention_by_unit() -> None:
    table = attention_by_unit(figures_frame(), AS_OF, horizon_days=3)
    assert table.to_dict("records") == [
        {"unit": VP, "overdue": 1, "due_soon": 1, "most_overdue_days": 7},
        {"unit": TM, "overdue": 1, "due_soon": 0, "most_overdue_days": 4},
        {"unit": None, "overdue": 0, "due_soon": 1, "most_overdue_days": 0},
    ]
    nothing = attention_by_unit(figures_frame(), d(2, 1, 2026), horizon_days=3)
    assert nothing.empty
    assert list(nothing.columns) == ["unit", "overdue", "due_soon", "most_overdue_days"]


def test_figures_on_an_empty_tab() -> None:
    empty = pd.DataFrame(columns=schema.FEEDBACK.codes)
    for column in ("received_on", "due_date", "answered_on"):
        empty[column] = pd.to_datetime(empty[column])
    assert received_by_month(empty, 2026)["count"].sum() == 0
    assert open_by_status_and_unit(empty).empty
    assert median_handling_days(empty) is None
    assert on_time_share(empty, 2026, AS_OF).n == 0
    assert attention_by_unit(empty, AS_OF, 3).empty
    assert list(public_entries(empty).columns) == list(PUBLIC_FIELDS)
    assert find_by_code(empty, "ABCD-EFGH") is None
