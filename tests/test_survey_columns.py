"""Phiếu khảo sát grows with the questionnaire: a question added later gets its own column."""

from __future__ import annotations

import datetime as dt

import pytest

from sheets import ValidationError
from sheets.store import Store

RESPONSE = {"submitted_at": dt.datetime(2017, 5, 4, 9, 30), "channel": "Phiếu giấy", "TC1": 4}
NEW_QUESTION = {
    "code": "TC4",
    "factor": "Tiếp cận dịch vụ",
    "text_vi": "Ông/Bà có dễ dàng tìm chỗ để xe không?",
    "qtype": "Thang 1–5",
    "active": True,
    "order": 30,
}


def test_a_question_added_later_gets_an_answer_column_and_old_rows_keep_theirs(
    demo_store: Store,
):
    before = demo_store.load().frame("survey_responses")
    demo_store.append("survey_questions", [NEW_QUESTION], actor="x")
    (saved,) = demo_store.append("survey_responses", [{**RESPONSE, "TC4": 5}], actor="x")
    headers = demo_store.backend.headers("Phiếu khảo sát")
    assert headers[-1] == "TC4"  # a new column at the end; no other column moved
    after = demo_store.load(force=True).frame("survey_responses").set_index("id")
    assert after.loc[saved["id"], "TC4"] == 5
    assert after.loc[before["id"], "TC4"].isna().all()
    assert after.loc[before["id"], "TC1"].equals(before.set_index("id")["TC1"])


def test_an_answer_to_an_unknown_question_or_out_of_range_is_refused(demo_store: Store):
    demo_store.load()
    with pytest.raises(ValidationError) as unknown:
        demo_store.append("survey_responses", [{**RESPONSE, "XX9": 4}], actor="x")
    assert [p.kind for p in unknown.value.problems] == ["unknown_field"]
    with pytest.raises(ValidationError) as outside:
        demo_store.append("survey_responses", [{**RESPONSE, "TC2": 7}], actor="x")
    assert outside.value.problems[0].column == "TC2"


def test_a_fresh_store_accepts_answers_to_a_new_question_without_a_load_first(
    demo_store: Store,
):
    demo_store.append("survey_questions", [NEW_QUESTION], actor="x")
    fresh = Store(demo_store.backend)
    (saved,) = fresh.append("survey_responses", [{**RESPONSE, "TC4": 3}], actor="x")
    assert fresh.get("survey_responses", saved["id"])["TC4"] == 3


def test_on_google_sheets_the_new_column_is_added_after_a_colleagues_own(emu):
    """A colleague's own column stays where it is; the new answer column goes after it."""
    from tests.test_google_store import make_store

    sid = emu.create_spreadsheet("Khảo sát")
    store = make_store(emu, sid)
    store.init()
    store.backend.add_columns("Phiếu khảo sát", ["Ghi chú của chị Lan"])
    store.append("survey_questions", [NEW_QUESTION], actor="x")
    (saved,) = store.append("survey_responses", [{**RESPONSE, "TC4": 2}], actor="x")
    headers = emu.model.values(sid, "Phiếu khảo sát")[0]
    assert headers[-2:] == ["Ghi chú của chị Lan", "TC4"]
    assert store.load(force=True).frame("survey_responses").iloc[0]["TC4"] == 2
